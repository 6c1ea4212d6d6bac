// Two running instances of the app on one book, as a user would start them: the second is
// refused in French before it writes anything, `restore` is refused while one runs, the headless
// commands still work beside it, and a crashed instance (SIGKILL) never locks anybody out.
import { spawn, spawnSync, type ChildProcess } from 'node:child_process';
import { existsSync, readdirSync, readFileSync, rmSync } from 'node:fs';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { afterAll, describe, expect, it } from 'vitest';
import { tempDir } from '../helpers/core.js';

const BIN = fileURLToPath(new URL('../../electron/cli/bin.mjs', import.meta.url));
const dir = tempDir('recouvra-instance-');
const home = join(dir, 'home');
const db = join(dir, 'books.sqlite');
const lockFile = `${db}.lock`;
const backup = join(dir, 'saved.sqlite');
const env = { ...process.env, RECOUVRA_HOME: home, RECOUVRA_DB: '', RECOUVRA_PASSPHRASE: '' };
const running: ChildProcess[] = [];

afterAll(() => {
  for (const child of running) if (child.exitCode === null && child.signalCode === null) child.kill('SIGKILL');
  rmSync(dir, { recursive: true, force: true });
});

function recouvra(...args: string[]) {
  const r = spawnSync(process.execPath, [BIN, ...args], { encoding: 'utf8', env, timeout: 30_000 });
  return { code: r.status, out: r.stdout, err: r.stderr };
}

/** `recouvra serve` in the background, once it prints its address. */
function startServe(): Promise<{ child: ChildProcess; exited: Promise<number | null>; output: () => string }> {
  const child = spawn(process.execPath, [BIN, 'serve', '--db', db], { env, stdio: ['ignore', 'pipe', 'pipe'] });
  running.push(child);
  let out = '';
  const exited = new Promise<number | null>((resolve) => child.once('exit', (code) => resolve(code)));
  return new Promise((resolve, reject) => {
    const timer = setTimeout(() => reject(new Error(`recouvra serve n’a pas démarré :\n${out}`)), 25_000);
    child.stdout!.on('data', (chunk: Buffer) => {
      out += chunk.toString();
      if (/http:\/\/127\.0\.0\.1:\d+\/\?token=\S+/.test(out)) {
        clearTimeout(timer);
        resolve({ child, exited, output: () => out });
      }
    });
    child.stderr!.on('data', (chunk: Buffer) => (out += chunk.toString()));
    child.once('exit', (code) => {
      clearTimeout(timer);
      reject(new Error(`recouvra serve s’est arrêté (code ${code}) : ${out}`));
    });
  });
}

describe('one running instance per book', { timeout: 90_000 }, () => {
  it('refuses a second instance and a restore while one runs; a crashed one is taken over', async () => {
    expect(recouvra('company', '--db', db, '--set', 'name=Atelier Martin').code).toBe(0);
    expect(recouvra('backup', '--db', db, '--out', backup).code).toBe(0);
    expect(existsSync(lockFile)).toBe(false); // headless commands take no lock

    const first = await startServe();
    expect(JSON.parse(readFileSync(lockFile, 'utf8'))).toMatchObject({ pid: first.child.pid });
    const before = readdirSync(dir).sort();

    // A second browser mode on the same book: refused, in French, before anything is written.
    const second = spawnSync(process.execPath, [BIN, 'serve', '--db', db], { encoding: 'utf8', env, timeout: 30_000 });
    expect(second.status).toBe(1);
    expect(second.stderr).toMatch(
      new RegExp(`Ce fichier de données est déjà ouvert par Recouvra \\(processus ${first.child.pid}, depuis le \\d\\d/\\d\\d/\\d{4} à \\d\\d:\\d\\d\\)\\. Fermez l’autre fenêtre, ou ouvrez un autre fichier avec --db\\.`),
    );
    expect(second.stdout).not.toContain('http://127.0.0.1');
    // `start` says the same before looking for Electron.
    const start = recouvra('start', '--db', db);
    expect(start.code).toBe(1);
    expect(start.err).toContain(`déjà ouvert par Recouvra (processus ${first.child.pid}`);

    // Restoring under the running app would swap its file: refused, nothing set aside.
    const restore = recouvra('restore', '--db', db, '--from', backup);
    expect(restore.code).toBe(1);
    expect(restore.err).toContain(`Restauration refusée, rien n’a été modifié : ce fichier de données est ouvert par Recouvra (processus ${first.child.pid}`);
    expect(readdirSync(dir).sort()).toEqual(before);
    expect(JSON.parse(readFileSync(lockFile, 'utf8'))).toMatchObject({ pid: first.child.pid });

    // Short headless commands stay lock-free beside the running app (SQLite's own locking).
    const company = recouvra('company', '--db', db, '--json');
    expect(company.code).toBe(0);
    expect(JSON.parse(company.out).name).toBe('Atelier Martin');

    // The app crashes: its lock stays behind, and the next start takes it over silently.
    first.child.kill('SIGKILL');
    await first.exited;
    expect(existsSync(lockFile)).toBe(true);
    const third = await startServe();
    expect(third.output()).not.toContain('Erreur');
    expect(JSON.parse(readFileSync(lockFile, 'utf8'))).toMatchObject({ pid: third.child.pid });

    // Stopped normally (Ctrl+C, SIGTERM): the lock goes with it, and a restore is possible again.
    third.child.kill('SIGTERM');
    expect(await third.exited).toBe(0);
    expect(existsSync(lockFile)).toBe(false);
    const restored = recouvra('restore', '--db', db, '--from', backup);
    expect(restored.err).toBe('');
    expect(restored.code).toBe(0);
    expect(existsSync(lockFile)).toBe(false);
  });
});
