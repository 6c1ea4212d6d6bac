// One running instance of the app per book. The desktop app and browser mode each run the
// automatic backups and the morning batch and keep screens open on the book: a second one on the
// same file is refused at start-up, before the file is even opened (nothing written). The lock is
// `<book>.lock` beside the book: JSON {pid, hostname, startedAt, bootId, nonce}, created whole
// (temporary file, then link(), which fails when a lock exists; O_EXCL where links are not
// supported). A lock whose process is gone (it crashed), or written before this machine last
// booted, or unreadable, is stale and taken over silently: a crash never locks anybody out.
// Headless CLI commands (aging, import, letters…) take no lock: SQLite's own locking keeps their
// short writes safe beside a running app. `restore` does: it swaps the file.
//
// Why no library (proper-lockfile): its staleness is an mtime refreshed every few seconds, which
// a long synchronous report or a laptop's sleep mistakes for a crash ("compromised"), and its lock
// says nothing about who holds it; the message below names the process and since when.
import { randomBytes } from 'node:crypto';
import { closeSync, existsSync, fsyncSync, linkSync, mkdirSync, openSync, readFileSync, realpathSync, renameSync, statSync, unlinkSync, writeSync } from 'node:fs';
import { hostname as osHostname, uptime } from 'node:os';
import { dirname, resolve } from 'node:path';
import { AppError, storageError } from '../errors.js';

export interface InstanceLockInfo {
  pid: number;
  hostname: string;
  /** ISO date the holder started. */
  startedAt: string;
  /** Linux's boot id when known: another value means the lock is from before a reboot. */
  bootId?: string;
  nonce?: string;
}

export interface InstanceLock {
  /** The lock file (`<book>.lock`); '' for a book in memory (nothing to lock). */
  readonly path: string;
  readonly info: InstanceLockInfo;
  /** Removes the lock file if it is still ours. Safe to call twice. */
  release(): void;
}

/** How long an unreadable lock may be a lock being written by a starting instance. */
const UNREADABLE_GRACE_MS = 1000;
/** Clock slack when comparing a holder's start with this machine's boot. */
const BOOT_SLACK_MS = 60_000;

/** The lock file of a book: the real path (symlinks and relative paths resolved) + `.lock`. */
export function instanceLockPath(dbPath: string): string {
  const absolute = resolve(dbPath);
  let real = absolute;
  try {
    if (existsSync(absolute)) real = realpathSync.native(absolute);
  } catch {
    // Unreadable: the path as given.
  }
  return `${real}.lock`;
}

function currentBootId(): string | undefined {
  try {
    return readFileSync('/proc/sys/kernel/random/boot_id', 'utf8').trim() || undefined;
  } catch {
    return undefined;
  }
}

function parseLock(raw: string): InstanceLockInfo | null {
  try {
    const value = JSON.parse(raw) as Partial<InstanceLockInfo> | null;
    if (!value || typeof value !== 'object') return null;
    if (!Number.isInteger(value.pid) || (value.pid as number) <= 0) return null;
    if (typeof value.hostname !== 'string' || typeof value.startedAt !== 'string' || Number.isNaN(Date.parse(value.startedAt))) return null;
    return {
      pid: value.pid as number,
      hostname: value.hostname,
      startedAt: value.startedAt,
      ...(typeof value.bootId === 'string' ? { bootId: value.bootId } : {}),
      ...(typeof value.nonce === 'string' ? { nonce: value.nonce } : {}),
    };
  } catch {
    return null;
  }
}

function readRaw(path: string): string | null {
  try {
    return readFileSync(path, 'utf8');
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code === 'ENOENT') return null;
    throw error;
  }
}

/** The lock held on a book, or null when there is none (or it cannot be read as a lock). */
export function readInstanceLock(dbPath: string): InstanceLockInfo | null {
  if (dbPath === ':memory:') return null;
  let raw: string | null;
  try {
    raw = readRaw(instanceLockPath(dbPath));
  } catch {
    return null; // unreadable: acquireInstanceLock says so
  }
  return raw === null ? null : parseLock(raw);
}

/** Whether the process that wrote this lock may still be running (true when it cannot be known). */
export function isLockHolderAlive(info: InstanceLockInfo): boolean {
  // Another computer (a book on a shared folder): its processes cannot be seen from here.
  if (info.hostname !== osHostname()) return true;
  const bootId = currentBootId();
  if (info.bootId && bootId) {
    if (info.bootId !== bootId) return false;
  } else {
    // Started before this machine booted: that process is gone, whatever now has its number.
    const bootedAt = Date.now() - uptime() * 1000;
    if (Date.parse(info.startedAt) < bootedAt - BOOT_SLACK_MS) return false;
  }
  try {
    process.kill(info.pid, 0);
    return true;
  } catch (error) {
    // EPERM: it exists but belongs to someone else.
    return (error as NodeJS.ErrnoException).code !== 'ESRCH';
  }
}

function formatSince(iso: string): string {
  const d = new Date(iso);
  const pad = (n: number) => String(n).padStart(2, '0');
  return `le ${pad(d.getDate())}/${pad(d.getMonth() + 1)}/${d.getFullYear()} à ${pad(d.getHours())}:${pad(d.getMinutes())}`;
}

/** What the refused process wanted: open the book (an instance of the app), or restore over it. */
export type LockPurpose = 'open' | 'restore';

/** The French refusal for a book held by `info`. */
export function heldMessage(info: InstanceLockInfo, lockPath: string, purpose: LockPurpose = 'open'): string {
  const since = `processus ${info.pid}, depuis ${formatSince(info.startedAt)}`;
  const restore = purpose === 'restore' ? 'Restauration refusée, rien n’a été modifié : ' : '';
  if (info.hostname !== osHostname()) {
    return (
      `${restore}${restore ? 'ce' : 'Ce'} fichier de données est déjà ouvert par Recouvra sur l’ordinateur « ${info.hostname} » (${since}). ` +
      `Fermez Recouvra sur cet ordinateur${purpose === 'restore' ? ', puis recommencez' : ', ou ouvrez un autre fichier avec --db'}. S’il n’y est plus ouvert (arrêt brutal), supprimez le fichier ${lockPath}.`
    );
  }
  if (purpose === 'restore') return `${restore}ce fichier de données est ouvert par Recouvra (${since}). Fermez l’autre fenêtre, puis recommencez.`;
  return `Ce fichier de données est déjà ouvert par Recouvra (${since}). Fermez l’autre fenêtre, ou ouvrez un autre fichier avec --db.`;
}

/** Throws the refusal when a live instance holds the book; takes nothing (a pre-check). */
export function refuseIfHeld(dbPath: string): void {
  if (dbPath === ':memory:') return;
  const holder = readInstanceLock(dbPath);
  if (holder && isLockHolderAlive(holder)) throw new AppError('CONFLICT', heldMessage(holder, instanceLockPath(dbPath)));
}

function sleep(ms: number): void {
  Atomics.wait(new Int32Array(new SharedArrayBuffer(4)), 0, 0, ms);
}

function unlinkQuietly(path: string): void {
  try {
    unlinkSync(path);
  } catch {
    // Already gone.
  }
}

function writeFileDurably(path: string, content: string, flags: string): void {
  const fd = openSync(path, flags, 0o644);
  try {
    writeSync(fd, content);
    fsyncSync(fd);
  } finally {
    closeSync(fd);
  }
}

/**
 * Creates the lock file whole, or returns false when one exists. A temporary file linked into
 * place, so that no other instance ever reads a half-written lock; O_EXCL where the file system
 * has no hard links (FAT USB keys).
 */
function createLock(lockPath: string, content: string): boolean {
  const temp = `${lockPath}.${process.pid}.${randomBytes(4).toString('hex')}.tmp`;
  writeFileDurably(temp, content, 'wx');
  try {
    linkSync(temp, lockPath);
    return true;
  } catch (error) {
    const code = (error as NodeJS.ErrnoException).code;
    if (code === 'EEXIST') return false;
    if (code !== 'EPERM' && code !== 'ENOTSUP' && code !== 'EOPNOTSUPP' && code !== 'ENOSYS' && code !== 'EXDEV') throw error;
  } finally {
    unlinkQuietly(temp);
  }
  try {
    writeFileDurably(lockPath, content, 'wx');
    return true;
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code === 'EEXIST') return false;
    throw error;
  }
}

/**
 * Moves a stale lock out of the way if it is still the one judged stale (`raw`): renamed to a
 * name of our own, then compared. When another instance replaced it meanwhile, it is put back.
 */
function removeStale(lockPath: string, raw: string): void {
  const aside = `${lockPath}.${process.pid}.${randomBytes(4).toString('hex')}.stale`;
  try {
    renameSync(lockPath, aside);
  } catch (error) {
    const code = (error as NodeJS.ErrnoException).code;
    if (code === 'ENOENT') return;
    // Windows: another instance reading it this very moment; tried again.
    if (code === 'EBUSY' || code === 'EPERM' || code === 'EACCES') return sleep(50);
    throw error;
  }
  if (readRaw(aside) !== raw) {
    // Someone else's fresh lock: back where it was (unless yet another took the place).
    try {
      linkSync(aside, lockPath);
    } catch {
      // The place is taken: that one stands.
    }
  }
  unlinkQuietly(aside);
}

function refuseUnwritable(error: unknown, dbPath: string): never {
  const code = (error as NodeJS.ErrnoException).code;
  if (code === 'EACCES' || code === 'EROFS' || code === 'EPERM') throw storageError(Object.assign(new Error(), { code: 'SQLITE_CANTOPEN' }), dbPath)!;
  throw error;
}

/**
 * Takes the book for this process: throws AppError('CONFLICT', French) when a live instance
 * holds it; a stale lock is taken over. Released by `release()`, and at the latest when the
 * process exits normally.
 */
export function acquireInstanceLock(dbPath: string, options: { purpose?: LockPurpose } = {}): InstanceLock {
  const startedAt = new Date().toISOString();
  const bootId = currentBootId();
  const info: InstanceLockInfo = { pid: process.pid, hostname: osHostname(), startedAt, ...(bootId ? { bootId } : {}), nonce: randomBytes(12).toString('hex') };
  if (dbPath === ':memory:') return { path: '', info, release: () => undefined };
  const lockPath = instanceLockPath(dbPath);
  const content = `${JSON.stringify(info)}\n`;
  try {
    mkdirSync(dirname(lockPath), { recursive: true });
  } catch (error) {
    refuseUnwritable(error, dbPath);
  }
  const deadline = Date.now() + 5000;
  for (;;) {
    if (Date.now() > deadline) throw new AppError('CONFLICT', `Le verrou ${lockPath} n’a pas pu être pris. Fermez les autres fenêtres de Recouvra, puis recommencez.`);
    let created: boolean;
    try {
      created = createLock(lockPath, content);
    } catch (error) {
      refuseUnwritable(error, dbPath);
    }
    if (created) break;
    let raw: string | null;
    try {
      raw = readRaw(lockPath);
    } catch {
      // Not readable by us: another user's lock (a shared folder). Never taken over blindly.
      throw new AppError('CONFLICT', `Ce fichier de données est verrouillé par un autre utilisateur (${lockPath} illisible). Fermez Recouvra sur l’autre session, ou ouvrez un autre fichier avec --db.`);
    }
    if (raw === null) continue; // released meanwhile
    const holder = parseLock(raw);
    if (holder && isLockHolderAlive(holder)) throw new AppError('CONFLICT', heldMessage(holder, lockPath, options.purpose));
    if (!holder) {
      // Unreadable: perhaps an instance writing it this very moment (no-link file systems); a
      // leftover once it is old enough.
      let age = Infinity;
      try {
        age = Date.now() - statSync(lockPath).mtimeMs;
      } catch {
        continue;
      }
      if (age >= 0 && age < UNREADABLE_GRACE_MS) {
        sleep(50);
        continue;
      }
    }
    try {
      removeStale(lockPath, raw);
    } catch (error) {
      refuseUnwritable(error, dbPath);
    }
  }
  let released = false;
  const release = () => {
    if (released) return;
    released = true;
    process.removeListener('exit', release);
    // Only our own lock: never one another instance has taken over meanwhile.
    try {
      const raw = readRaw(lockPath);
      if (raw !== null && parseLock(raw)?.nonce === info.nonce) unlinkQuietly(lockPath);
    } catch {
      // Unreadable now: left for the next instance to judge.
    }
  };
  process.once('exit', release);
  return { path: lockPath, info, release };
}
