// One running instance per book: the lock file beside it, refused while its process lives,
// taken over once it is gone.
import { spawn, spawnSync } from 'node:child_process';
import { existsSync, readdirSync, readFileSync, rmSync, symlinkSync, utimesSync, writeFileSync } from 'node:fs';
import { hostname } from 'node:os';
import { join } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { tempDir } from '../../../test/helpers/core.js';
import { AppError } from '../errors.js';
import { acquireInstanceLock, heldMessage, instanceLockPath, isLockHolderAlive, readInstanceLock, refuseIfHeld, type InstanceLock } from './instance-lock.js';

const dirs: string[] = [];
const locks: InstanceLock[] = [];
afterEach(() => {
  for (const lock of locks.splice(0)) lock.release();
  for (const dir of dirs.splice(0)) rmSync(dir, { recursive: true, force: true });
});

function book(): string {
  const dir = tempDir('recouvra-lock-');
  dirs.push(dir);
  return join(dir, 'books.sqlite');
}

function take(dbPath: string): InstanceLock {
  const lock = acquireInstanceLock(dbPath);
  locks.push(lock);
  return lock;
}

/** The pid of a process that has exited. */
function deadPid(): number {
  const child = spawnSync(process.execPath, ['-e', 'process.stdout.write(String(process.pid))'], { encoding: 'utf8' });
  const pid = Number(child.stdout);
  expect(Number.isInteger(pid) && pid > 0).toBe(true);
  return pid;
}

function refusal(work: () => unknown): AppError {
  try {
    work();
  } catch (error) {
    expect(error).toBeInstanceOf(AppError);
    return error as AppError;
  }
  throw new Error('expected a refusal');
}

describe('instance lock', () => {
  it('is a JSON file beside the book, naming this process; release removes it', () => {
    const db = book();
    const lock = take(db);
    expect(lock.path).toBe(instanceLockPath(db));
    expect(lock.path.endsWith('books.sqlite.lock')).toBe(true);
    const info = JSON.parse(readFileSync(lock.path, 'utf8'));
    expect(info).toMatchObject({ pid: process.pid, hostname: hostname() });
    expect(Date.parse(info.startedAt)).not.toBeNaN();
    expect(readInstanceLock(db)).toMatchObject({ pid: process.pid, hostname: hostname() });
    // Nothing else written: no book, no temporary file.
    expect(readdirSync(join(db, '..'))).toEqual(['books.sqlite.lock']);
    lock.release();
    expect(existsSync(lock.path)).toBe(false);
    expect(readInstanceLock(db)).toBeNull();
    lock.release(); // twice: harmless
    take(db); // free again
  });

  it('refuses a second instance with the French message naming the process and since when', () => {
    const db = book();
    const first = take(db);
    const error = refusal(() => take(db));
    expect(error.code).toBe('CONFLICT');
    expect(error.message).toMatch(
      new RegExp(`^Ce fichier de données est déjà ouvert par Recouvra \\(processus ${process.pid}, depuis le \\d\\d/\\d\\d/\\d{4} à \\d\\d:\\d\\d\\)\\. Fermez l’autre fenêtre, ou ouvrez un autre fichier avec --db\\.$`),
    );
    expect(() => refuseIfHeld(db)).toThrow(error.message);
    // The refusal leaves the holder's lock as it was.
    expect(readInstanceLock(db)?.nonce).toBe(first.info.nonce);
    expect(refusal(() => acquireInstanceLock(db, { purpose: 'restore' })).message).toMatch(/^Restauration refusée, rien n’a été modifié : ce fichier de données est ouvert par Recouvra \(processus \d+/);
  });

  it('formats the holder’s start in local time', () => {
    const startedAt = new Date(2026, 10, 24, 9, 12).toISOString();
    expect(heldMessage({ pid: 12345, hostname: hostname(), startedAt }, '/x.lock')).toBe(
      'Ce fichier de données est déjà ouvert par Recouvra (processus 12345, depuis le 24/11/2026 à 09:12). Fermez l’autre fenêtre, ou ouvrez un autre fichier avec --db.',
    );
  });

  it('is the same lock through another path to the same book (relative, symlink)', () => {
    const db = book();
    writeFileSync(db, '');
    const link = join(db, '..', 'alias.sqlite');
    symlinkSync(db, link);
    take(db);
    expect(refusal(() => take(link)).code).toBe('CONFLICT');
    expect(refusal(() => take(join(db, '..', '.', 'books.sqlite'))).code).toBe('CONFLICT');
  });

  it('takes over, silently, the lock of a process that is gone', () => {
    const db = book();
    const pid = deadPid();
    const stale = { pid, hostname: hostname(), startedAt: new Date().toISOString() };
    writeFileSync(instanceLockPath(db), JSON.stringify(stale));
    expect(isLockHolderAlive(stale)).toBe(false);
    expect(() => refuseIfHeld(db)).not.toThrow();
    const lock = take(db);
    expect(readInstanceLock(db)).toMatchObject({ pid: process.pid, nonce: lock.info.nonce });
    expect(readdirSync(join(db, '..'))).toEqual(['books.sqlite.lock']);
  });

  it('takes over a lock written before this machine booted (its pid may be anybody’s now)', () => {
    const db = book();
    // A live pid (ours), but from a process started before the boot.
    writeFileSync(instanceLockPath(db), JSON.stringify({ pid: process.pid, hostname: hostname(), startedAt: '2001-01-01T00:00:00.000Z', bootId: 'another-boot' }));
    const lock = take(db);
    expect(readInstanceLock(db)?.nonce).toBe(lock.info.nonce);
  });

  it('takes over a lock file with garbage in it (once it is not one being written)', () => {
    for (const garbage of ['', 'not json', '{"pid":"x"}', 'null', '{"pid":1}']) {
      const db = book();
      const path = instanceLockPath(db);
      writeFileSync(path, garbage);
      const old = new Date(Date.now() - 60_000);
      utimesSync(path, old, old);
      expect(readInstanceLock(db)).toBeNull();
      const lock = take(db);
      expect(readInstanceLock(db)?.nonce).toBe(lock.info.nonce);
    }
  });

  it('waits a moment on a fresh unreadable lock (an instance writing it), then takes it over', () => {
    const db = book();
    writeFileSync(instanceLockPath(db), '');
    const started = Date.now();
    const lock = take(db);
    expect(Date.now() - started).toBeGreaterThanOrEqual(500);
    expect(readInstanceLock(db)?.nonce).toBe(lock.info.nonce);
  });

  it('treats a lock from another computer as held, and says how to clear it', () => {
    const db = book();
    writeFileSync(instanceLockPath(db), JSON.stringify({ pid: deadPid(), hostname: `${hostname()}-autre`, startedAt: new Date().toISOString() }));
    const error = refusal(() => take(db));
    expect(error.message).toContain(`sur l’ordinateur « ${hostname()}-autre »`);
    expect(error.message).toContain(instanceLockPath(db));
  });

  it('never removes a lock that is no longer its own', () => {
    const db = book();
    const lock = take(db);
    const other = { pid: process.pid, hostname: hostname(), startedAt: new Date().toISOString(), nonce: 'someone-else' };
    writeFileSync(lock.path, JSON.stringify(other));
    lock.release();
    expect(readInstanceLock(db)?.nonce).toBe('someone-else');
  });

  it('is released when the process exits without releasing it', () => {
    const db = book();
    const script = `import('${new URL('./instance-lock.ts', import.meta.url).pathname}').then((m) => { m.acquireInstanceLock(${JSON.stringify(db)}); process.stdout.write('held'); })`;
    const child = spawnSync(process.execPath, ['--import', 'tsx', '-e', script], { encoding: 'utf8' });
    expect(child.stdout).toBe('held');
    expect(existsSync(instanceLockPath(db))).toBe(false);
  });

  it('lets exactly one of several instances starting together take over a stale lock', async () => {
    const db = book();
    writeFileSync(instanceLockPath(db), JSON.stringify({ pid: deadPid(), hostname: hostname(), startedAt: new Date().toISOString() }));
    const at = Date.now() + 4000;
    const script = `import('${new URL('./instance-lock.ts', import.meta.url).pathname}').then((m) => {
      while (Date.now() < ${at});
      try { m.acquireInstanceLock(${JSON.stringify(db)}); process.stdout.write('won'); setTimeout(() => undefined, 1500); }
      catch (e) { process.stdout.write(e.code); }
    })`;
    const outcomes = await Promise.all(
      Array.from({ length: 6 }, () => new Promise<string>((resolve) => {
        const child = spawn(process.execPath, ['--import', 'tsx', '-e', script], { stdio: ['ignore', 'pipe', 'inherit'] });
        let out = '';
        child.stdout.on('data', (chunk: Buffer) => (out += chunk.toString()));
        child.on('exit', () => resolve(out));
      })),
    );
    expect(outcomes.filter((o) => o === 'won')).toHaveLength(1);
    expect(outcomes.filter((o) => o === 'CONFLICT')).toHaveLength(5);
    expect(existsSync(instanceLockPath(db))).toBe(false);
    expect(readdirSync(join(db, '..'))).toEqual([]);
  });

  it('takes nothing for a book in memory', () => {
    const lock = take(':memory:');
    expect(lock.path).toBe('');
    take(':memory:');
  });
});
