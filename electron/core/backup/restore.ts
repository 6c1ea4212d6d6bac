// Restoring a backup over a book. Everything is checked on a private copy first (decryption
// and its GCM tag, integrity_check, schema version, Recouvra's tables); only then is the book
// closed, set aside as <name>.before-restore-YYYYMMDD-HHmmss.sqlite beside it (never deleted),
// replaced, and opened once through the usual path, which migrates an older schema (with its
// own pre-migration copy). Any failure after the swap puts the previous book back.
//
// The live connection: pass the context and it is closed once the backup has passed its
// checks; the caller then opens a new context on the same path (after success or failure
// alike: `ctx.db.open` says whether it was closed). Pass a path when the book is not open
// (the CLI). Another process holding the book open (the app while the CLI restores) is
// detected and the restore refused before anything is touched.
import Database from 'better-sqlite3';
import { randomBytes } from 'node:crypto';
import { existsSync, mkdirSync, statSync } from 'node:fs';
import { copyFile, rename, rm, stat } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { basename, dirname, join, resolve } from 'node:path';
import { openDatabase } from '../db/connection.js';
import { loadMigrations, type MigrationReport } from '../db/migrate.js';
import type { CoreContext } from '../context.js';
import { AppError } from '../errors.js';
import { inspectBook, refuseLiveFile, type BookContents } from './backup.js';
import { decryptFile, sniffBackup } from './crypto.js';

export interface RestoreOptions {
  /** For an encrypted backup. */
  passphrase?: string;
  /** better-sqlite3 built for Electron, as the desktop app opens its book with. */
  nativeBinding?: string;
  /** For the name of the set-aside book (local time). */
  now?: Date;
}

/** What a backup holds, once checked. */
export interface BackupInspection extends BookContents {
  source: string;
  encrypted: boolean;
  sizeBytes: number;
  /** The backup's date (from its header when encrypted, else the file's date). */
  createdAt: string;
  /** The Recouvra that wrote it (encrypted backups only). */
  appVersion: string | null;
}

export interface RestoreReport extends BackupInspection {
  dbPath: string;
  /** The book that was replaced, kept beside it; null when there was none. */
  asidePath: string | null;
  /** The migrations run on the restored book when it was opened (from = to: none). */
  migration: MigrationReport;
}

const SIDE_FILES = ['-wal', '-shm', '-journal'] as const;

function nativeOptions(options: RestoreOptions): Database.Options {
  return options.nativeBinding ? { nativeBinding: options.nativeBinding } : {};
}

async function removeWithSideFiles(path: string): Promise<void> {
  await rm(path, { force: true });
  for (const suffix of SIDE_FILES) await rm(`${path}${suffix}`, { force: true });
}

function sqliteCode(error: unknown): string | undefined {
  const code = (error as { code?: unknown } | null)?.code;
  return typeof code === 'string' ? code : undefined;
}

/** Decrypts or copies `source` into `scratch` and checks it there. */
async function verifiedCopy(source: string, scratch: string, options: RestoreOptions): Promise<BackupInspection> {
  if (!existsSync(source) || !statSync(source).isFile()) throw new AppError('NOT_FOUND', `Sauvegarde introuvable : ${source}`);
  const kind = await sniffBackup(source);
  const info = await stat(source);
  let createdAt = info.mtime.toISOString();
  let appVersion: string | null = null;
  if (kind === 'encrypted') {
    if (!options.passphrase) {
      throw new AppError('VALIDATION', 'Cette sauvegarde est chiffrée : indiquez sa phrase de passe.', { passphrase: 'Phrase de passe : obligatoire pour une sauvegarde chiffrée.' });
    }
    const header = await decryptFile(source, scratch, options.passphrase);
    createdAt = header.createdAt;
    appVersion = header.appVersion;
  } else if (kind === 'sqlite') {
    await copyFile(source, scratch);
    // A book copied by hand may have recent changes still in its -wal: they come along.
    if (existsSync(`${source}-wal`)) await copyFile(`${source}-wal`, `${scratch}-wal`);
  } else {
    throw new AppError('VALIDATION', 'Ce fichier n’est pas une sauvegarde Recouvra (ni une base SQLite, ni une sauvegarde chiffrée par Recouvra).');
  }

  let db: Database.Database | undefined;
  try {
    db = new Database(scratch, { ...nativeOptions(options), fileMustExist: true });
    db.pragma('journal_mode = DELETE'); // one self-contained file
    const contents = inspectBook(db, 'main', 'restore', loadMigrations().length);
    return { ...contents, source, encrypted: kind === 'encrypted', sizeBytes: info.size, createdAt, appVersion };
  } catch (error) {
    const code = sqliteCode(error);
    if (code === 'SQLITE_NOTADB') throw new AppError('VALIDATION', 'Ce fichier n’est pas une sauvegarde Recouvra : ce n’est pas une base SQLite valide.');
    if (code === 'SQLITE_CORRUPT') throw new AppError('VALIDATION', 'La sauvegarde est endommagée (base SQLite corrompue). Choisissez-en une autre.');
    throw error;
  } finally {
    db?.close();
  }
}

function scratchFor(dir: string, label: string): string {
  return join(dir, `.recouvra-${label}-${process.pid}-${randomBytes(6).toString('hex')}.tmp`);
}

/**
 * Checks a backup without touching any book (for a confirmation before restoring): decrypts
 * it (in the system's temporary folder, deleted at once), checks and counts it.
 */
export async function inspectBackup(source: string, options: RestoreOptions = {}): Promise<BackupInspection> {
  const scratch = scratchFor(tmpdir(), 'inspect');
  try {
    return await verifiedCopy(resolve(source), scratch, options);
  } finally {
    await removeWithSideFiles(scratch);
  }
}

const pad = (n: number, width = 2) => String(n).padStart(width, '0');

/** `<dir>/<name>.before-restore-YYYYMMDD-HHmmss.sqlite` (local time), made unique. */
export function asidePathFor(dbPath: string, now: Date): string {
  const stamp = `${now.getFullYear()}${pad(now.getMonth() + 1)}${pad(now.getDate())}-${pad(now.getHours())}${pad(now.getMinutes())}${pad(now.getSeconds())}`;
  const name = basename(dbPath).replace(/\.(sqlite3?|db)$/i, '');
  const base = join(dirname(dbPath), `${name}.before-restore-${stamp}`);
  let candidate = `${base}.sqlite`;
  for (let i = 2; existsSync(candidate); i += 1) candidate = `${base}-${i}.sqlite`;
  return candidate;
}

function busy(dbPath: string): AppError {
  return new AppError(
    'PRECONDITION',
    `Le fichier de données ${dbPath} est ouvert ailleurs (application Recouvra ou mode navigateur) : fermez-le, puis recommencez la restauration. Rien n’a été modifié.`,
  );
}

/**
 * Moves the current book out of the way. A healthy book first gets its WAL folded in (which
 * also fails, leaving everything untouched, if another connection has it open); a damaged one
 * is moved as it is, with its -wal and -shm.
 */
async function setAside(dbPath: string, options: RestoreOptions, now: Date): Promise<string | null> {
  if (!existsSync(dbPath)) {
    // A -wal without its book would be replayed onto the restored file: never leave one.
    for (const suffix of SIDE_FILES) await rm(`${dbPath}${suffix}`, { force: true });
    return null;
  }
  let db: Database.Database | undefined;
  try {
    db = new Database(dbPath, { ...nativeOptions(options), fileMustExist: true });
    db.pragma('busy_timeout = 250');
    db.pragma('journal_mode = DELETE');
  } catch (error) {
    const code = sqliteCode(error);
    if (code === 'SQLITE_BUSY' || code === 'SQLITE_LOCKED' || code?.startsWith('SQLITE_BUSY_')) throw busy(dbPath);
    // Unreadable (that may be why it is being restored): moved aside as it is.
  } finally {
    db?.close();
  }
  const aside = asidePathFor(dbPath, now);
  try {
    await rename(dbPath, aside);
  } catch (error) {
    throw new AppError(
      'PRECONDITION',
      `Le fichier de données ${dbPath} n’a pas pu être mis de côté (${sqliteCode(error) ?? 'erreur'}) : fermez Recouvra s’il est ouvert, vérifiez les droits sur le dossier, puis recommencez. Rien n’a été modifié.`,
    );
  }
  for (const suffix of SIDE_FILES) {
    if (existsSync(`${dbPath}${suffix}`)) await rename(`${dbPath}${suffix}`, `${aside}${suffix}`);
  }
  return aside;
}

/**
 * Restores `source` (plain or encrypted backup) over the book at `target` (a path, or an open
 * context: closed once the backup passed its checks; reopen one afterwards).
 */
export async function restoreFrom(target: CoreContext | string, source: string, options: RestoreOptions = {}): Promise<RestoreReport> {
  const rawPath = typeof target === 'string' ? target : target.dbPath;
  if (rawPath === ':memory:') throw new AppError('PRECONDITION', 'Restauration impossible dans une base en mémoire.');
  const dbPath = resolve(rawPath);
  const from = resolve(source);
  refuseLiveFile(dbPath, from, 'La sauvegarde à restaurer');
  const dir = dirname(dbPath);
  mkdirSync(dir, { recursive: true });
  const scratch = scratchFor(dir, 'restore');
  try {
    const inspection = await verifiedCopy(from, scratch, options);
    if (typeof target !== 'string' && target.db.open) target.close();
    const asidePath = await setAside(dbPath, options, options.now ?? new Date());
    let migration: MigrationReport;
    try {
      await rename(scratch, dbPath);
      const opened = openDatabase(dbPath, { nativeBinding: options.nativeBinding });
      migration = opened.migration;
      opened.db.close();
    } catch (error) {
      // Put the previous book back as it was.
      await removeWithSideFiles(dbPath);
      if (asidePath) {
        await rename(asidePath, dbPath);
        for (const suffix of SIDE_FILES) if (existsSync(`${asidePath}${suffix}`)) await rename(`${asidePath}${suffix}`, `${dbPath}${suffix}`);
      }
      if (error instanceof AppError) throw error;
      throw new AppError('INTERNAL', `La sauvegarde n’a pas pu être ouverte après restauration (${error instanceof Error ? error.message : String(error)}) : le fichier de données précédent a été remis en place.`);
    }
    return { ...inspection, dbPath, asidePath, migration };
  } finally {
    await removeWithSideFiles(scratch);
  }
}
