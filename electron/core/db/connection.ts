// Opens the SQLite file with the pragmas every connection needs, then brings its schema up
// to date. The only place a better-sqlite3 Database is created.
import Database from 'better-sqlite3';
import { storageError } from '../errors.js';
import { mkdirSync } from 'node:fs';
import { dirname } from 'node:path';
import { loadMigrations, migrate, type MigrationReport } from './migrate.js';

export type Db = Database.Database;

export interface OpenOptions {
  /** Path of a better-sqlite3 binary built for another runtime (Electron's). */
  nativeBinding?: string;
  readonly?: boolean;
}

export interface OpenedDatabase {
  db: Db;
  path: string;
  migration: MigrationReport;
}

export function openDatabase(path: string, options: OpenOptions = {}): OpenedDatabase {
  let db: Database.Database;
  try {
    if (path !== ':memory:') mkdirSync(dirname(path), { recursive: true });
    db = new Database(path, {
      ...(options.nativeBinding ? { nativeBinding: options.nativeBinding } : {}),
      ...(options.readonly ? { readonly: true } : {}),
    });
  } catch (error) {
    const code = (error as NodeJS.ErrnoException).code;
    if (code === 'EACCES' || code === 'EROFS' || code === 'EPERM') throw storageError(Object.assign(new Error(), { code: 'SQLITE_CANTOPEN' }), path)!;
    throw storageError(error, path) ?? error;
  }
  try {
    db.pragma('journal_mode = WAL');
    db.pragma('foreign_keys = ON');
    db.pragma('synchronous = NORMAL'); // safe with WAL: a crash loses at most the last commit, never corrupts
    db.pragma('busy_timeout = 5000');
    // Reports scan the whole ledger: a 64 MB page cache and temporary b-trees in memory. No
    // memory-mapped I/O: at 1 000 000 invoices it added ~230 MB to the process's resident memory
    // (mapped pages count) for no measurable gain over the page cache (`recouvra bench --scale`).
    db.pragma('cache_size = -65536');
    db.pragma('temp_store = MEMORY');
    const migration = migrate(db, path, loadMigrations());
    return { db, path, migration };
  } catch (error) {
    db.close();
    throw storageError(error, path) ?? error;
  }
}
