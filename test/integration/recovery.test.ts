// A damaged book: `recouvra serve` refuses it in French and offers the latest good backup of the
// folder chosen in Paramètres (skipping a newer backup that is itself damaged), `recouvra restore
// --latest` brings it back, and the damaged file is kept beside the book.
import { spawnSync } from 'node:child_process';
import { copyFileSync, mkdirSync, openSync, readdirSync, rmSync, writeSync, closeSync } from 'node:fs';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { afterAll, describe, expect, it } from 'vitest';
import { configuredBackupFolder, latestGoodBackup, recoveryAdvice } from '../../electron/core/backup/recovery.js';
import { nodePreferences } from '../../electron/core/preferences.js';
import { tempDir } from '../helpers/core.js';

const BIN = fileURLToPath(new URL('../../electron/cli/bin.mjs', import.meta.url));
const dir = tempDir('recouvra-recovery-');
const home = join(dir, 'home');
const db = join(dir, 'books.sqlite');
const backups = join(dir, 'sauvegardes');
const env = { ...process.env, RECOUVRA_HOME: home, RECOUVRA_DB: '', RECOUVRA_PASSPHRASE: '' };

afterAll(() => rmSync(dir, { recursive: true, force: true }));

function recouvra(...args: string[]) {
  return recouvraIn(home, ...args);
}

function recouvraIn(appHome: string, ...args: string[]) {
  const r = spawnSync(process.execPath, [BIN, ...args], { encoding: 'utf8', env: { ...env, RECOUVRA_HOME: appHome }, timeout: 60_000 });
  return { code: r.status, out: r.stdout, err: r.stderr };
}

/** Overwrites the header's fields after the magic string: SQLite no longer reads it as a database. */
function damage(path: string) {
  const fd = openSync(path, 'r+');
  try {
    writeSync(fd, Buffer.alloc(84, 0xab), 0, 84, 16);
  } finally {
    closeSync(fd);
  }
}

describe('a damaged book', () => {
  it('is refused with the latest good backup offered, and restored by restore --latest', async () => {
    expect(recouvra('seed', '--db', db, '--clients', '12', '--invoices', '80').code).toBe(0);
    mkdirSync(backups);
    nodePreferences(home).set({ backup: { folder: backups } });
    expect(configuredBackupFolder(home)).toBe(backups);
    // A good backup at 09:00, and a newer one at 10:00 that is itself damaged.
    const good = join(backups, 'recouvra-2026-11-20-0900.sqlite');
    expect(recouvra('backup', '--db', db, '--out', good).code).toBe(0);
    const bad = join(backups, 'recouvra-manuelle-2026-11-21-1000.sqlite');
    copyFileSync(good, bad);
    damage(bad);
    damage(db);

    const candidate = await latestGoodBackup(backups);
    expect(candidate).toMatchObject({ path: good, encrypted: false, takenAt: '20/11/2026 à 09:00', counts: { clients: 12, invoices: 80 } });

    const refused = recouvra('serve', '--db', db);
    expect(refused.code).toBe(1);
    expect(refused.err).toContain('Le fichier de données est endommagé');
    expect(refused.err).toContain(recoveryAdvice(db, candidate));
    expect(refused.err).toContain('La dernière sauvegarde saine est celle du 20/11/2026 à 09:00 (12 clients, 80 factures)');

    const restored = recouvra('restore', '--db', db, '--latest');
    expect(restored.code, restored.err).toBe(0);
    expect(restored.err).toContain(`Dernière sauvegarde saine : ${good}`);
    const company = recouvra('aging', '--db', db, '--json');
    expect(company.code, company.err).toBe(0);
    expect(JSON.parse(company.out).rows.length).toBeGreaterThan(0);
    // The damaged book is kept beside the restored one.
    expect(readdirSync(dir).some((f) => f.startsWith('books.sqlite.before-restore-') || /^books\.before-restore-/.test(f))).toBe(true);
  }, 120_000);

  it('says what to do when there is no good backup', async () => {
    expect(await latestGoodBackup(null)).toBeNull();
    expect(await latestGoodBackup(join(dir, 'nowhere'))).toBeNull();
    expect(recoveryAdvice('/x/books.sqlite', null)).toMatch(/^Aucune sauvegarde saine n’a été trouvée.*recouvra restore --db "\/x\/books\.sqlite" --from FICHIER/);
    // Another app folder, whose Paramètres name no backup folder.
    const none = recouvraIn(join(dir, 'home-2'), 'restore', '--db', join(dir, 'other.sqlite'), '--latest');
    expect(none.code).toBe(1);
    expect(none.err).toMatch(/aucune sauvegarde saine dans le dossier des sauvegardes : il n’est pas choisi/);
    const both = recouvra('restore', '--db', db);
    expect(both.code).toBe(1);
    expect(both.err).toContain('--latest');
  });
});
