// Upgrades: a book left by every earlier schema version (built by
// test/fixtures/make-schema-fixtures.ts in a temporary folder) opens with the current code, is backed up before
// migrating, and keeps every fact: clients, invoices, payments and their allocation, credit
// notes, documents (hash intact) — with the running totals later versions added, computed.
import { copyFileSync, readdirSync } from 'node:fs';
import { join } from 'node:path';
import { afterEach, beforeAll, describe, expect, it } from 'vitest';
import { makeFixtures } from '../../../test/fixtures/make-schema-fixtures.js';
import { tempDir } from '../../../test/helpers/core.js';
import { createContext, type CoreContext } from '../context.js';
import { documentContent } from '../letters.js';
import { nodePreferences } from '../preferences.js';
import { agingReport } from '../repositories/aging.js';
import { loadMigrations } from './migrate.js';

const FIXTURES = tempDir('recouvra-schemas-');
/** Every version before the current one. */
const versions = Array.from({ length: loadMigrations().length - 1 }, (_, i) => i + 1);
beforeAll(() => {
  makeFixtures(FIXTURES);
});

let ctx: CoreContext | null = null;
afterEach(() => ctx?.close());

describe('upgrading a book from every earlier version', () => {
  it('has a fixture for every earlier version', () => {
    expect(readdirSync(FIXTURES).sort()).toEqual(versions.map((v) => `schema-v${v}.sqlite`).sort());
  });

  it.each(versions)('from schema %i: migrated, backed up first, every fact kept', (version) => {
    const dir = tempDir();
    const path = join(dir, 'books.sqlite');
    copyFileSync(join(FIXTURES, `schema-v${version}.sqlite`), path);
    ctx = createContext({ dbPath: path, preferences: nodePreferences(dir) });
    expect(ctx.migration).toMatchObject({ from: version, to: loadMigrations().length });
    expect(ctx.migration.backupPath).not.toBeNull();
    const db = ctx.db;
    expect(db.pragma('integrity_check', { simple: true })).toBe('ok');
    expect(db.pragma('foreign_key_check')).toEqual([]);
    expect(db.prepare('SELECT name, kind FROM clients ORDER BY id').all()).toEqual([
      { name: 'Boulangerie Dupont', kind: 'business' },
      { name: 'Jeanne Lefèvre', kind: 'consumer' },
    ]);
    expect(db.prepare('SELECT number, amount_ttc_cents, paid_cents, credited_cents FROM invoices ORDER BY id').all()).toEqual([
      { number: 'F-2025-001', amount_ttc_cents: 120_000, paid_cents: 70_000, credited_cents: 0 },
      { number: 'F-2025-002', amount_ttc_cents: 60_000, paid_cents: 30_000, credited_cents: 5_000 },
      { number: 'F-2025-003', amount_ttc_cents: 25_050, paid_cents: 0, credited_cents: 0 },
    ]);
    expect(db.prepare('SELECT invoice_id, amount_cents, payment_date FROM payment_allocations ORDER BY id').all()).toEqual([
      { invoice_id: 1, amount_cents: 70_000, payment_date: '2025-12-10' },
      { invoice_id: 2, amount_cents: 30_000, payment_date: '2025-12-10' },
    ]);
    expect(documentContent(ctx, 1).content.toString('latin1')).toBe('%PDF-');
    // The current code works on it: the aging report, the ledger, the reminder queue's scenarios.
    const aging = agingReport(db, '2026-01-15' as never, [30, 60, 90]);
    expect(aging.totals.totalCents).toBe(50_000 + 25_000 + 25_050);
    expect(ctx.repos.ledger.detail(2).balanceCents).toBe(25_000);
    expect(db.prepare('SELECT count(*) FROM reminder_scenarios').pluck().get()).toBe(3);
  });
});
