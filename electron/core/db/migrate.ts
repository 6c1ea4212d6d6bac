// Numbered, immutable SQL migrations tracked by PRAGMA user_version. A copy of the file is
// taken before any migration touches an existing database; a newer schema is refused.
import { mkdirSync, readdirSync, readFileSync } from 'node:fs';
import { basename, dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import type Database from 'better-sqlite3';
import { AppError } from '../errors.js';

export interface Migration {
  version: number;
  name: string;
  sql: string;
}

export interface MigrationReport {
  from: number;
  to: number;
  backupPath: string | null;
}

/** The folder of the .sql files: beside this module in the sources and in the bundle alike. */
export function migrationsDir(): string {
  return fileURLToPath(new URL('./migrations/', import.meta.url));
}

export function loadMigrations(dir = migrationsDir()): Migration[] {
  const files = readdirSync(dir).filter((f) => /^\d{3}-[a-z0-9-]+\.sql$/.test(f)).sort();
  const migrations = files.map((file) => ({
    version: Number(file.slice(0, 3)),
    name: file.slice(4, -4),
    sql: readFileSync(join(dir, file), 'utf8'),
  }));
  migrations.forEach((m, i) => {
    if (m.version !== i + 1) throw new Error(`Migrations must be numbered 001, 002, … without gaps: found ${m.version} at position ${i + 1}`);
  });
  return migrations;
}

export function schemaVersion(db: Database.Database): number {
  return db.pragma('user_version', { simple: true }) as number;
}

function hasUserTables(db: Database.Database): boolean {
  return db.prepare("SELECT 1 FROM sqlite_master WHERE type = 'table' AND name NOT LIKE 'sqlite_%' LIMIT 1").get() !== undefined;
}

/** Path of the pre-migration copy: backups/<file>.before-v<N>.<timestamp>.sqlite beside the database. */
export function backupPathFor(dbPath: string, fromVersion: number, now = new Date()): string {
  const stamp = now.toISOString().replace(/[-:]/g, '').replace(/\.\d+Z$/, 'Z');
  const name = basename(dbPath).replace(/\.(sqlite3?|db)$/i, '');
  return join(dirname(dbPath), 'backups', `${name}.before-v${fromVersion + 1}.${stamp}.sqlite`);
}

export function migrate(db: Database.Database, dbPath: string, migrations: Migration[]): MigrationReport {
  const latest = migrations.length;
  const from = schemaVersion(db);
  if (from > latest) {
    throw new AppError(
      'PRECONDITION',
      `Ce fichier de données (${dbPath}) a été enregistré par une version plus récente de Recouvra (schéma ${from}, ` +
        `cette version connaît le schéma ${latest}). Installez la dernière version de Recouvra pour l’ouvrir.`,
    );
  }
  if (from === latest) return { from, to: from, backupPath: null };

  let backupPath: string | null = null;
  if (dbPath !== ':memory:' && hasUserTables(db)) {
    backupPath = backupPathFor(dbPath, from);
    mkdirSync(dirname(backupPath), { recursive: true });
    // VACUUM INTO writes a consistent, compact copy, WAL content included.
    db.prepare('VACUUM INTO ?').run(backupPath);
  }

  for (const migration of migrations.slice(from)) {
    db.transaction(() => {
      db.exec(migration.sql);
      db.pragma(`user_version = ${migration.version}`);
    })();
  }
  const problems = db.pragma('foreign_key_check') as unknown[];
  if (problems.length > 0) throw new Error(`Foreign key check failed after migration: ${JSON.stringify(problems.slice(0, 5))}`);
  return { from, to: latest, backupPath };
}
