// Storage faults get a clear French message and lose nothing: a damaged file (the message points
// to the latest backup), a read-only folder, a file that is not a Recouvra book, a write refused
// by SQLite in the middle of a change.
import { chmodSync, mkdirSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { aClient } from '../../../test/helpers/builders.js';
import { freshCore, tempDir, type TestCore } from '../../../test/helpers/core.js';
import { createContext } from '../context.js';
import { nodePreferences } from '../preferences.js';

let core: TestCore | null = null;
afterEach(() => core?.close());

describe('storage faults', () => {
  it('a damaged file: refused with the way back (restore the latest backup), the file left untouched', () => {
    const dir = tempDir();
    const path = join(dir, 'books.sqlite');
    const garbage = Buffer.concat([Buffer.from('SQLite format 3\u0000'), Buffer.alloc(4096, 0xab)]);
    writeFileSync(path, garbage);
    expect(() => createContext({ dbPath: path, preferences: nodePreferences(dir) })).toThrow(/endommagé.*restaurez la dernière sauvegarde/);
  });

  // Root writes anywhere: as root (CI containers) the case cannot be produced, so it is skipped, not passed.
  it.skipIf(process.getuid?.() === 0)('a read-only folder: a clear message, nothing created', () => {
    const dir = tempDir();
    const folder = join(dir, 'lecture-seule');
    mkdirSync(folder);
    chmodSync(folder, 0o555);
    expect(() => createContext({ dbPath: join(folder, 'books.sqlite'), preferences: nodePreferences(dir) })).toThrow(/ne peut pas être écrit.*lecture seule/);
  });

  it('a write SQLite refuses mid-change (here: the file locked by another program) becomes a French message, and nothing is half-written', async () => {
    core = freshCore();
    const id = (await core.call('clients.create', aClient())).id;
    // Another program holds a write lock on the file.
    const Database = (await import('better-sqlite3')).default;
    const other = new Database(core.dbPath);
    other.pragma('busy_timeout = 0');
    core.ctx.db.pragma('busy_timeout = 0');
    other.prepare('BEGIN IMMEDIATE').run();
    try {
      const result = await core.dispatch('clients.archive', { id });
      expect(result).toMatchObject({ ok: false, error: { code: 'CONFLICT' } });
      expect(result.ok ? '' : result.error.message).toMatch(/occupé par un autre programme/);
    } finally {
      other.prepare('ROLLBACK').run();
      other.close();
    }
    expect((await core.call('clients.get', { id })).archivedAt).toBeNull();
  });
});
