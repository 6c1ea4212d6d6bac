// A backup of the open book, made while the app keeps working: SQLite's online backup copies
// the pages a few at a time (writes on the app's connection go on between steps and reach the
// copy too), the copy is turned into a self-contained file (no -wal), checked with
// PRAGMA integrity_check, counted for the report, optionally encrypted (crypto.ts), and only
// then given its final name. Documents and attachments are BLOBs inside the book, so they are
// in every backup.
import { randomBytes } from 'node:crypto';
import { existsSync, statSync } from 'node:fs';
import { rename, rm, stat } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { dirname, join, resolve } from 'node:path';
import type { Db } from '../db/connection.js';
import type { CoreContext } from '../context.js';
import { AppError } from '../errors.js';
import { checkNewPassphrase, decryptFile, encryptFile, syncFile, type KdfParams } from './crypto.js';

export interface BookCounts {
  clients: number;
  invoices: number;
  payments: number;
  /** Archived documents: letters, invoice PDFs, pièces (their bytes are in the book). */
  documents: number;
  /** Links of documents to clients, invoices, cases… */
  attachments: number;
}

/** What a book file holds, as a backup or restore report states it. */
export interface BookContents {
  schemaVersion: number;
  counts: BookCounts;
  /** Total size of the documents' contents, in bytes: they are inside the file. */
  documentsBytes: number;
}

export interface BackupReport extends BookContents {
  /** The file written. */
  path: string;
  encrypted: boolean;
  sizeBytes: number;
  /** UTC ISO timestamp. */
  createdAt: string;
  appVersion: string;
  /** PRAGMA integrity_check of the copy, before encryption. */
  integrity: 'ok';
  elapsedMs: number;
}

export interface BackupOptions {
  /** Encrypts the backup (AES-256-GCM, key from scrypt). Never stored. */
  passphrase?: string;
  /** After each step of the copy: pages copied, pages in the book. */
  onProgress?(done: number, total: number): void;
  /** Pages copied per step (default 100): between steps the app's own work goes on. */
  pagesPerStep?: number;
  /** scrypt cost (tests only: the default is deliberately slow). */
  kdf?: KdfParams;
}

/** Tables every Recouvra book has had since its first schema. */
export const RECOUVRA_TABLES = ['company', 'settings', 'clients', 'documents', 'invoices', 'payments', 'payment_allocations', 'audit_log'] as const;

/** The SQLite error codes of a folder that cannot be written (read-only medium, no rights, full). */
export function writeFailureMessage(error: unknown, folder: string): string | null {
  const code = (error as { code?: unknown } | null)?.code;
  if (code === 'ENOENT' || code === 'ENOTDIR') return `le dossier « ${folder} » est introuvable. Branchez la clé USB ou choisissez un autre dossier.`;
  if (code === 'ENOSPC' || code === 'SQLITE_FULL') return `le support du dossier « ${folder} » est plein.`;
  if (
    code === 'EACCES' ||
    code === 'EPERM' ||
    code === 'EROFS' ||
    code === 'SQLITE_CANTOPEN' ||
    code === 'SQLITE_READONLY' ||
    (typeof code === 'string' && code.startsWith('SQLITE_IOERR'))
  ) {
    return `impossible d’écrire dans le dossier « ${folder} » (droits insuffisants, support protégé en écriture ou retiré).`;
  }
  return null;
}

/**
 * Runs integrity_check on the database `schema` of `db` and reads what it holds. Throws a
 * French AppError when it is damaged, comes from a newer Recouvra (schema above
 * `latestSchema`) or is not a Recouvra book.
 */
export function inspectBook(db: Db, schema = 'main', role: 'backup' | 'restore' = 'restore', latestSchema = Number.POSITIVE_INFINITY): BookContents {
  const q = (name: string) => `"${schema}".${name}`;
  const integrity = (db.prepare(`PRAGMA "${schema}".integrity_check(20)`).all() as { integrity_check: string }[]).map((r) => r.integrity_check);
  if (integrity.length !== 1 || integrity[0] !== 'ok') {
    const details = integrity.slice(0, 3).join(' ; ');
    throw new AppError(
      role === 'backup' ? 'INTERNAL' : 'VALIDATION',
      role === 'backup'
        ? `La copie ne passe pas le contrôle d’intégrité (${details}) : le fichier de données est peut-être endommagé. Aucune sauvegarde n’a été écrite ; restaurez une sauvegarde précédente.`
        : `La sauvegarde est endommagée (contrôle d’intégrité : ${details}). Choisissez-en une autre.`,
    );
  }
  const schemaVersion = db.prepare(`PRAGMA "${schema}".user_version`).pluck().get() as number;
  if (schemaVersion > latestSchema) {
    throw new AppError(
      'PRECONDITION',
      `Cette sauvegarde vient d’une version plus récente de Recouvra (schéma ${schemaVersion}) : installez la dernière version de Recouvra pour la restaurer (cette version connaît le schéma ${latestSchema}).`,
    );
  }
  const tables = new Set((db.prepare(`SELECT name FROM ${q('sqlite_master')} WHERE type = 'table'`).all() as { name: string }[]).map((r) => r.name));
  const missing = RECOUVRA_TABLES.filter((t) => !tables.has(t));
  if (missing.length > 0) {
    throw new AppError('VALIDATION', `Ce fichier n’est pas une sauvegarde Recouvra : il y manque ${missing.length === RECOUVRA_TABLES.length ? 'toutes les tables du logiciel' : `les tables ${missing.join(', ')}`}.`);
  }
  const count = (table: string) => (tables.has(table) ? (db.prepare(`SELECT count(*) AS n FROM ${q(table)}`).get() as { n: number }).n : 0);
  const docs = db.prepare(`SELECT count(*) AS n, coalesce(sum(length(content)), 0) AS bytes FROM ${q('documents')}`).get() as { n: number; bytes: number };
  return {
    schemaVersion,
    counts: { clients: count('clients'), invoices: count('invoices'), payments: count('payments'), documents: docs.n, attachments: count('attachments') },
    documentsBytes: docs.bytes,
  };
}

/** Where a plain copy may sit before it is encrypted: beside the book, never on the backup medium. */
function scratchPath(ctx: CoreContext, label: string): string {
  const dir = ctx.dbPath === ':memory:' ? tmpdir() : dirname(resolve(ctx.dbPath));
  return join(dir, `.recouvra-${label}-${process.pid}-${randomBytes(6).toString('hex')}.tmp`);
}

function samePath(a: string, b: string): boolean {
  const ra = resolve(a);
  const rb = resolve(b);
  return process.platform === 'win32' || process.platform === 'darwin' ? ra.toLowerCase() === rb.toLowerCase() : ra === rb;
}

/** Refuses a target that would overwrite the book itself (or its -wal/-shm). */
export function refuseLiveFile(dbPath: string, file: string, what: string): void {
  if (dbPath === ':memory:') return;
  for (const live of [dbPath, `${dbPath}-wal`, `${dbPath}-shm`, `${dbPath}-journal`]) {
    if (samePath(live, file)) throw new AppError('VALIDATION', `${what} ne peut pas être le fichier de données lui-même (${dbPath}).`);
  }
}

/**
 * Writes a backup of the open book to `target` (replaced if it exists): online copy, check,
 * optional encryption, written as `target.part` and renamed when complete.
 */
export async function backupTo(ctx: CoreContext, target: string, options: BackupOptions = {}): Promise<BackupReport> {
  const started = Date.now();
  const path = resolve(target);
  const folder = dirname(path);
  refuseLiveFile(ctx.dbPath, path, 'La sauvegarde');
  if (options.passphrase !== undefined) checkNewPassphrase(options.passphrase);
  if (!existsSync(folder) || !statSync(folder).isDirectory()) {
    throw new AppError('PRECONDITION', `Sauvegarde impossible : le dossier « ${folder} » est introuvable. Branchez la clé USB ou choisissez un autre dossier.`);
  }
  if (existsSync(path) && statSync(path).isDirectory()) throw new AppError('VALIDATION', `Sauvegarde impossible : « ${path} » est un dossier.`);

  const encrypted = options.passphrase !== undefined;
  const part = `${path}.part`;
  const plain = encrypted ? scratchPath(ctx, 'backup') : part;
  const pagesPerStep = Math.max(1, Math.floor(options.pagesPerStep ?? 100));
  const createdAt = ctx.clock.now();
  try {
    await rm(part, { force: true });
    await rm(plain, { force: true });
    try {
      await ctx.db.backup(plain, {
        progress: ({ totalPages, remainingPages }) => {
          options.onProgress?.(totalPages - remainingPages, totalPages);
          return pagesPerStep;
        },
      });
    } catch (error) {
      const why = writeFailureMessage(error, encrypted ? dirname(plain) : folder);
      if (why) throw new AppError('PRECONDITION', `Sauvegarde impossible : ${why}`);
      throw error;
    }

    const contents = checkCopy(ctx.db, plain);
    const total = contents.pages;
    options.onProgress?.(total, total);

    if (encrypted) {
      try {
        await encryptFile(plain, part, options.passphrase as string, { appVersion: ctx.version, schemaVersion: contents.schemaVersion, createdAt }, options.kdf);
      } catch (error) {
        const why = writeFailureMessage(error, folder);
        if (why) throw new AppError('PRECONDITION', `Sauvegarde impossible : ${why}`);
        throw error;
      }
      // Read back from the medium and authenticated: a bad USB key shows now, not on the day of a restore.
      try {
        await decryptFile(part, null, options.passphrase as string);
      } catch {
        throw new AppError('INTERNAL', `La sauvegarde relue dans « ${folder} » ne correspond pas à ce qui a été écrit : le support est peut-être défectueux. Aucune sauvegarde n’a été gardée.`);
      }
    } else {
      await syncFile(part);
    }
    await rename(part, path);
    const { pages: _pages, ...book } = contents;
    return {
      ...book,
      path,
      encrypted,
      sizeBytes: (await stat(path)).size,
      createdAt,
      appVersion: ctx.version,
      integrity: 'ok',
      elapsedMs: Date.now() - started,
    };
  } finally {
    for (const file of new Set([part, plain])) {
      for (const suffix of ['', '-wal', '-shm', '-journal']) await rm(`${file}${suffix}`, { force: true }).catch(() => undefined);
    }
  }
}

/**
 * Attaches the fresh copy to the book's own connection (no second native binding needed in the
 * desktop app), makes it a single self-contained file (rollback journal instead of WAL), checks
 * and counts it.
 */
function checkCopy(db: Db, file: string): BookContents & { pages: number } {
  const alias = 'recouvra_backup_copy';
  db.prepare(`ATTACH DATABASE ? AS ${alias}`).run(file);
  try {
    db.pragma(`${alias}.journal_mode = DELETE`);
    const contents = inspectBook(db, alias, 'backup');
    const pages = db.prepare(`PRAGMA ${alias}.page_count`).pluck().get() as number;
    return { ...contents, pages };
  } finally {
    db.prepare(`DETACH DATABASE ${alias}`).run();
  }
}
