import Database from 'better-sqlite3';
import { existsSync, readdirSync, rmSync } from 'node:fs';
import { join } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { tempDir } from '../../../test/helpers/core.js';
import { openDatabase } from './connection.js';
import { loadMigrations, migrate, schemaVersion } from './migrate.js';

const dirs: string[] = [];
function dbPath(): string {
  const dir = tempDir();
  dirs.push(dir);
  return join(dir, 'books.sqlite');
}
afterEach(() => {
  for (const d of dirs.splice(0)) rmSync(d, { recursive: true, force: true });
});

describe('migrations', () => {
  it('brings an empty file to the latest schema, with WAL and foreign keys on', () => {
    const path = dbPath();
    const { db, migration } = openDatabase(path);
    const latest = loadMigrations().length;
    expect(migration).toEqual({ from: 0, to: latest, backupPath: null });
    expect(schemaVersion(db)).toBe(latest);
    expect(db.pragma('journal_mode', { simple: true })).toBe('wal');
    expect(db.pragma('foreign_keys', { simple: true })).toBe(1);
    const tables = (db.prepare("SELECT name FROM sqlite_master WHERE type = 'table' ORDER BY name").all() as { name: string }[]).map((r) => r.name);
    expect(tables).toEqual(
      expect.arrayContaining([
        'clients', 'contacts', 'company', 'invoices', 'credit_notes', 'payments', 'payment_allocations', 'disputes', 'promises',
        'write_offs', 'reminder_scenarios', 'scenario_steps', 'reminder_actions', 'documents', 'attachments', 'audit_log', 'settings',
      ]),
    );
    db.close();
  });

  it('is idempotent: reopening a current file runs nothing and takes no backup', () => {
    const path = dbPath();
    openDatabase(path).db.close();
    const again = openDatabase(path);
    expect(again.migration.backupPath).toBeNull();
    expect(again.migration.from).toBe(again.migration.to);
    again.db.close();
  });

  it('copies the file before migrating an existing database, and the copy keeps the old data', () => {
    const path = dbPath();
    const base = loadMigrations();
    const db = new Database(path);
    migrate(db, path, base);
    db.prepare("INSERT INTO settings (key, value_json, updated_at) VALUES ('probe', '42', '2026-01-01T00:00:00Z')").run();
    const next = [...base, { version: base.length + 1, name: 'probe', sql: 'CREATE TABLE probe_table (id INTEGER PRIMARY KEY);' }];
    const report = migrate(db, path, next);
    db.close();

    expect(report.from).toBe(base.length);
    expect(report.to).toBe(base.length + 1);
    expect(report.backupPath).not.toBeNull();
    expect(existsSync(report.backupPath as string)).toBe(true);
    expect(readdirSync(join(path, '..', 'backups'))).toHaveLength(1);
    const copy = new Database(report.backupPath as string, { readonly: true });
    expect(schemaVersion(copy)).toBe(base.length);
    expect(copy.prepare("SELECT value_json FROM settings WHERE key = 'probe'").get()).toEqual({ value_json: '42' });
    copy.close();
  });

  it('rolls back a failing migration whole and leaves the version unchanged', () => {
    const path = dbPath();
    const base = loadMigrations();
    const db = new Database(path);
    migrate(db, path, base);
    const broken = [...base, { version: base.length + 1, name: 'broken', sql: 'CREATE TABLE half_done (id INTEGER); INSERT INTO nowhere VALUES (1);' }];
    expect(() => migrate(db, path, broken)).toThrow();
    expect(schemaVersion(db)).toBe(base.length);
    expect(db.prepare("SELECT 1 FROM sqlite_master WHERE name = 'half_done'").get()).toBeUndefined();
    db.close();
  });

  it('refuses a file written by a newer version, with a French message', () => {
    const path = dbPath();
    const db = new Database(path);
    db.pragma('user_version = 999');
    db.close();
    expect(() => openDatabase(path)).toThrow(/version plus récente de Recouvra/);
  });

  it('numbers migrations without gaps', () => {
    const migrations = loadMigrations();
    expect(migrations.map((m) => m.version)).toEqual(migrations.map((_, i) => i + 1));
  });
});
