// `recouvra backup` and `recouvra restore`: as a user runs them (child processes, no terminal)
// for the passphrase rules and exit codes, the rest in-process through the same main().
import { spawnSync } from 'node:child_process';
import { existsSync, mkdirSync, readdirSync, rmSync } from 'node:fs';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { afterAll, afterEach, beforeAll, describe, expect, it, vi } from 'vitest';
import { aClient } from '../../../test/helpers/builders.js';
import { freshCore, tempDir } from '../../../test/helpers/core.js';
import { main } from '../../cli/main.js';

const BIN = fileURLToPath(new URL('../../cli/bin.mjs', import.meta.url));
const dir = tempDir('recouvra-backup-cli-');
const db = join(dir, 'books.sqlite');
afterAll(() => rmSync(dir, { recursive: true, force: true }));

beforeAll(async () => {
  const core = freshCore({ dbPath: db });
  await core.call('clients.create', aClient());
  core.ctx.close();
  rmSync(core.dir, { recursive: true, force: true });
});

function recouvra(args: string[], env: Record<string, string> = {}) {
  const r = spawnSync(process.execPath, [BIN, ...args], {
    encoding: 'utf8',
    env: { ...process.env, RECOUVRA_HOME: dir, RECOUVRA_DB: '', RECOUVRA_PASSPHRASE: '', ...env },
    stdio: ['pipe', 'pipe', 'pipe'],
  });
  return { code: r.status, out: r.stdout, err: r.stderr };
}

/** The CLI in this process: exit code and what it printed. */
async function inProcess(args: string[], env: Record<string, string> = {}) {
  const out: string[] = [];
  const err: string[] = [];
  const log = vi.spyOn(console, 'log').mockImplementation((...a: unknown[]) => void out.push(a.join(' ')));
  const error = vi.spyOn(console, 'error').mockImplementation((...a: unknown[]) => void err.push(a.join(' ')));
  const vars: Record<string, string> = { RECOUVRA_HOME: dir, RECOUVRA_DB: '', RECOUVRA_PASSPHRASE: '', ...env };
  const saved = Object.fromEntries(Object.keys(vars).map((k) => [k, process.env[k]]));
  Object.assign(process.env, vars);
  try {
    const code = await main(['node', 'recouvra', ...args]);
    return { code, out: out.join('\n'), err: err.join('\n') };
  } finally {
    for (const [k, v] of Object.entries(saved)) {
      if (v === undefined) delete process.env[k];
      else process.env[k] = v;
    }
    process.exitCode = undefined;
    log.mockRestore();
    error.mockRestore();
  }
}
afterEach(() => vi.restoreAllMocks());

describe('recouvra backup / restore, as a child process', { timeout: 60_000 }, () => {
  it('--encrypt without RECOUVRA_PASSPHRASE and no terminal: refused (exit 1), nothing written', () => {
    const r = recouvra(['backup', '--db', db, '--out', join(dir, 'refus.sqlite.enc'), '--encrypt']);
    expect(r.code).toBe(1);
    expect(r.err).toContain('--encrypt demande une phrase de passe');
    expect(r.err).toContain('RECOUVRA_PASSPHRASE');
    expect(existsSync(join(dir, 'refus.sqlite.enc'))).toBe(false);
  });

  it('encrypted backup into a folder (named by the date), then restored with the passphrase from the environment', () => {
    mkdirSync(join(dir, 'cle'));
    const backup = recouvra(['backup', '--db', db, '--out', join(dir, 'cle'), '--encrypt', '--json'], { RECOUVRA_PASSPHRASE: 'phrase de passe du test' });
    expect(backup.code).toBe(0);
    expect(JSON.parse(backup.out)).toMatchObject({ encrypted: true, integrity: 'ok', counts: { clients: 1 } });
    const [name] = readdirSync(join(dir, 'cle'));
    expect(name).toMatch(/^recouvra-\d{4}-\d{2}-\d{2}-\d{4}\.sqlite\.enc$/);

    const target = join(dir, 'ailleurs', 'books.sqlite');
    const restore = recouvra(['restore', '--db', target, '--from', join(dir, 'cle', name!)], { RECOUVRA_PASSPHRASE: 'phrase de passe du test' });
    expect(restore.err).toBe('');
    expect(restore.code).toBe(0);
    expect(restore.out).toContain(`Sauvegarde restaurée dans ${target}`);
    expect(restore.out).toContain('chiffrée');
    expect(restore.out).toContain('1 client');
    expect(restore.out).toContain('rien n’a été remplacé');
  });
});

describe('recouvra backup / restore, in process', () => {
  it('backup writes a checked copy and reports it in French; a missing folder is exit 1', async () => {
    const r = await inProcess(['backup', '--db', db, '--out', join(dir, 'copie.sqlite')]);
    expect(r.err).toBe('');
    expect(r.code).toBe(0);
    expect(r.out).toContain(`Sauvegarde écrite : ${join(dir, 'copie.sqlite')}`);
    expect(r.out).toContain('Non chiffrée');
    expect(r.out).toContain('contrôle d’intégrité : ok');
    expect(r.out).toContain('1 client, 0 facture, 0 paiement');
    const missing = await inProcess(['backup', '--db', db, '--out', join(dir, 'nulle-part', 'b.sqlite')]);
    expect(missing.code).toBe(1);
    expect(missing.err).toContain(`le dossier « ${join(dir, 'nulle-part')} » est introuvable`);
    expect((await inProcess(['backup', '--db', db])).code).toBe(1);
    expect((await inProcess(['backup', '--db', join(dir, 'absent.sqlite'), '--out', join(dir, 'a.sqlite')])).err).toContain('fichier de données introuvable');
  });

  it('restore of an encrypted backup: a missing or wrong passphrase is exit 1', async () => {
    const backup = await inProcess(['backup', '--db', db, '--out', join(dir, 'chiffree.sqlite.enc'), '--encrypt'], { RECOUVRA_PASSPHRASE: 'phrase de passe du test' });
    expect(backup.code).toBe(0);
    const target = join(dir, 'autre.sqlite');
    const missing = await inProcess(['restore', '--db', target, '--from', join(dir, 'chiffree.sqlite.enc')]);
    expect(missing.code).toBe(1);
    expect(missing.err).toContain('cette sauvegarde est chiffrée');
    const wrong = await inProcess(['restore', '--db', target, '--from', join(dir, 'chiffree.sqlite.enc')], { RECOUVRA_PASSPHRASE: 'pas la bonne phrase' });
    expect(wrong.code).toBe(1);
    expect(wrong.err).toContain('Phrase de passe incorrecte ou sauvegarde altérée');
    expect(existsSync(target)).toBe(false);
  });

  it('restore over an existing book keeps it aside and says where', async () => {
    const r = await inProcess(['restore', '--db', db, '--from', join(dir, 'copie.sqlite')]);
    expect(r.code).toBe(0);
    const aside = /gardé sous : (.+)$/m.exec(r.out)?.[1];
    expect(aside).toMatch(/books\.before-restore-\d{8}-\d{6}\.sqlite$/);
    expect(existsSync(aside!)).toBe(true);
  });

  it('refuses a file that is not a backup, with exit code 1', async () => {
    const r = await inProcess(['restore', '--db', join(dir, 'x.sqlite'), '--from', BIN]);
    expect(r.code).toBe(1);
    expect(r.err).toContain('n’est pas une sauvegarde Recouvra');
    expect((await inProcess(['restore', '--db', join(dir, 'x.sqlite')])).code).toBe(1);
  });
});
