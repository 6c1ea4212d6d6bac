// Synthetic books on real SQLite files: deterministic, valid, and consistent.
import { createHash } from 'node:crypto';
import { afterEach, beforeAll, describe, expect, it } from 'vitest';
import { freshCore, type TestCore } from '../../../test/helpers/core.js';
import { checkAddress } from '../../../shared/domain/address.js';
import { daysBetween, type IsoDate } from '../../../shared/domain/dates.js';
import { clientInputSchema } from '../../../shared/schemas.js';
import { frenchVatFromSiren, isValidSiren, isValidSiret } from '../../../shared/validation.js';
import type { CoreContext } from '../context.js';
import { exportBooks } from '../export/csv.js';
import { applyImport } from '../import/apply.js';
import { seedBooks, type SeedReport } from './seed.js';

const SMALL = { clients: 50, invoices: 500 };
const TODAY = '2026-11-23' as IsoDate;
const TABLES = ['clients', 'contacts', 'invoices', 'credit_notes', 'payments', 'payment_allocations', 'disputes', 'promises'];

const opened: TestCore[] = [];
function seeded(seed: number): { core: TestCore; report: SeedReport } {
  const core = freshCore();
  opened.push(core);
  return { core, report: seedBooks(core.ctx, { ...SMALL, seed }) };
}
afterEach(() => {
  while (opened.length) opened.pop()!.close();
});

/** A fingerprint of the books' data (timestamps come from the tests' fixed clock). */
function fingerprint(ctx: CoreContext): string {
  const hash = createHash('sha256');
  for (const table of TABLES) hash.update(JSON.stringify(ctx.db.prepare(`SELECT * FROM ${table} ORDER BY id`).all()));
  return hash.digest('hex');
}

describe('seedBooks', () => {
  let books: { core: TestCore; report: SeedReport };
  let ctx: CoreContext;
  beforeAll(() => {
    // One book shared by the read-only checks below (closed by its own afterAll).
    const core = freshCore();
    books = { core, report: seedBooks(core.ctx, { ...SMALL, seed: 42, today: TODAY }) };
    ctx = core.ctx;
    return () => core.close();
  });
  const all = <T>(sql: string) => ctx.db.prepare(sql).all() as T[];

  it('gives the same books for the same seed, and other books for another', () => {
    const a = seeded(7);
    const b = seeded(7);
    const c = seeded(8);
    expect(fingerprint(a.core.ctx)).toBe(fingerprint(b.core.ctx));
    expect({ ...a.report, elapsedMs: 0 }).toEqual({ ...b.report, elapsedMs: 0 });
    expect(fingerprint(c.core.ctx)).not.toBe(fingerprint(a.core.ctx));
  });

  it('reports what it wrote', () => {
    const { report } = books;
    const count = (table: string) => (ctx.db.prepare(`SELECT count(*) FROM ${table}`).pluck().get() as number);
    expect(report).toMatchObject({ seed: 42, today: TODAY, clients: 50, invoices: 500 });
    expect(report.consumers).toBe(count(`clients WHERE kind = 'consumer'`));
    expect(report.payments).toBe(count('payments'));
    expect(report.allocations).toBe(count('payment_allocations'));
    expect(report.creditNotes).toBe(count('credit_notes'));
    expect(report.disputes).toBe(count('disputes'));
    expect(report.promises).toBe(count('promises'));
    expect(report.invoicedCents).toBe(ctx.db.prepare('SELECT SUM(amount_ttc_cents) FROM invoices').pluck().get());
    expect(report.openBalanceCents).toBe(ctx.repos.ledger.list({}).balanceCents);
    expect(report.elapsedMs).toBeGreaterThanOrEqual(0);
  });

  it('writes one summary in the journal', () => {
    expect(ctx.repos.audit.list({ limit: 10 })).toEqual([
      expect.objectContaining({ entity: 'invoice', entityId: null, action: 'create', summary: expect.stringMatching(/^Données de démonstration générées : 50 clients, 500 factures, /) }),
    ]);
  });

  it('makes clients the client form would accept: valid SIRENs, SIRETs and VAT numbers, postal addresses', () => {
    const clients = all<{ id: number; kind: string; siren: string | null; siret: string | null; vat_number: string | null }>('SELECT * FROM clients');
    for (const row of clients) {
      const client = ctx.repos.clients.get(row.id);
      const { id: _id, archivedAt: _a, createdAt: _c, updatedAt: _u, postcode: _p, city: _ci, ...input } = client;
      const parsed = clientInputSchema.safeParse({ ...input, address: [...client.address], contacts: client.contacts.map(({ id: _cid, ...c }) => c) });
      expect(parsed.success, JSON.stringify(parsed.error?.issues)).toBe(true);
      expect(checkAddress(client.address)).toEqual([]);
      expect(client.address[0].length).toBeLessThanOrEqual(38);
      expect(client.address[5]).toMatch(/^\d{5} [A-Z][A-Z0-9' -]*$/);
      if (row.kind === 'business') {
        expect(isValidSiren(row.siren!)).toBe(true);
        expect(isValidSiret(row.siret!)).toBe(true);
        expect(row.siret!.startsWith(row.siren!)).toBe(true);
        expect(row.vat_number).toBe(frenchVatFromSiren(row.siren!));
        expect(client.legalForm).toBeTruthy();
        expect(client.name.endsWith(` ${client.legalForm}`)).toBe(true);
      } else {
        expect(row.siren).toBeNull();
      }
    }
    expect(new Set(clients.map((c) => c.siren).filter(Boolean)).size).toBe(clients.filter((c) => c.siren).length);
    const consumers = clients.filter((c) => c.kind === 'consumer').length;
    expect(consumers).toBeGreaterThan(0);
    expect(consumers).toBeLessThan(15);
  });

  it('keeps HT + TVA = TTC, with HT = TTC / 1.2 rounded to the cent', () => {
    const rows = all<{ ht: number; tva: number; ttc: number }>('SELECT amount_ht_cents AS ht, amount_tva_cents AS tva, amount_ttc_cents AS ttc FROM invoices');
    for (const r of rows) {
      expect(r.ht + r.tva).toBe(r.ttc);
      expect(Math.abs(r.ht * 1.2 - r.ttc)).toBeLessThanOrEqual(1);
    }
    const sorted = rows.map((r) => r.ttc).sort((a, b) => a - b);
    const median = sorted[Math.floor(sorted.length / 2)]!;
    expect(median).toBeGreaterThan(500_00);
    expect(median).toBeLessThan(2_500_00);
  });

  it('numbers invoices F-YYYY-NNNNNN in issue order, over the three years up to today, due 30, 45 or 60 days later', () => {
    const rows = all<{ number: string; issue_date: IsoDate; due_date: IsoDate }>('SELECT number, issue_date, due_date FROM invoices ORDER BY id');
    expect(new Set(rows.map((r) => r.number)).size).toBe(rows.length);
    for (const r of rows) {
      expect(r.number).toMatch(/^F-\d{4}-\d{6}$/);
      expect(r.number.slice(2, 6)).toBe(r.issue_date.slice(0, 4));
      expect(daysBetween(r.issue_date, TODAY)).toBeGreaterThanOrEqual(0);
      expect(daysBetween(r.issue_date, TODAY)).toBeLessThanOrEqual(3 * 365);
      expect([30, 45, 60]).toContain(daysBetween(r.issue_date, r.due_date));
    }
    for (let i = 1; i < rows.length; i++) expect(rows[i]!.issue_date >= rows[i - 1]!.issue_date).toBe(true);
  });

  it('never allocates beyond an invoice’s balance nor beyond a payment, and pays nothing in the future', () => {
    const overInvoice = ctx.db
      .prepare(
        `SELECT count(*) FROM invoices i WHERE i.amount_ttc_cents
           - COALESCE((SELECT SUM(amount_ttc_cents) FROM credit_notes WHERE invoice_id = i.id), 0)
           - COALESCE((SELECT SUM(amount_cents) FROM payment_allocations WHERE invoice_id = i.id), 0) < 0`,
      )
      .pluck()
      .get();
    const overPayment = ctx.db
      .prepare('SELECT count(*) FROM payments p WHERE p.amount_cents < (SELECT COALESCE(SUM(amount_cents), 0) FROM payment_allocations WHERE payment_id = p.id)')
      .pluck()
      .get();
    const wrongClient = ctx.db
      .prepare('SELECT count(*) FROM payment_allocations a JOIN payments p ON p.id = a.payment_id JOIN invoices i ON i.id = a.invoice_id WHERE p.client_id <> i.client_id')
      .pluck()
      .get();
    const future = ctx.db.prepare('SELECT count(*) FROM payments WHERE payment_date > ?').pluck().get(TODAY);
    expect({ overInvoice, overPayment, wrongClient, future }).toEqual({ overInvoice: 0, overPayment: 0, wrongClient: 0, future: 0 });
  });

  it('has the mix of a real ledger: paid, overdue, not yet due (mostly unpaid), disputes and promises', () => {
    const statuses = Object.fromEntries(
      (['paid', 'overdue', 'not_due', 'partially_paid'] as const).map((s) => [s, ctx.repos.ledger.list({ statuses: [s], limit: 1 }).total]),
    );
    expect(statuses.paid).toBeGreaterThan(250);
    expect(statuses.overdue).toBeGreaterThan(0);
    const notDue = ctx.db.prepare('SELECT count(*) FROM invoices WHERE due_date > ?').pluck().get(TODAY) as number;
    const notDuePaid = ctx.db
      .prepare('SELECT count(*) FROM invoices i WHERE due_date > ? AND EXISTS (SELECT 1 FROM payment_allocations a WHERE a.invoice_id = i.id)')
      .pluck()
      .get(TODAY) as number;
    expect(notDue).toBeGreaterThan(0);
    expect(notDuePaid / notDue).toBeLessThan(0.5);
    expect(books.report.disputes + books.report.promises + books.report.creditNotes).toBeGreaterThan(0);
  });

  it('exports books that import back with the same invoices and paid amounts', () => {
    const files = exportBooks(ctx);
    const target = freshCore();
    opened.push(target);
    const result = applyImport(target.ctx, { clients: files['clients.csv'], invoices: files['factures.csv'], payments: files['paiements.csv'] });
    expect(result).toMatchObject({ clientsCreated: 50, invoices: 500, totals: { unallocatedCents: 0 } });
    const paid = (c: CoreContext) =>
      c.db.prepare('SELECT number, amount_ttc_cents, (SELECT COALESCE(SUM(amount_cents), 0) FROM payment_allocations WHERE invoice_id = i.id) AS paid FROM invoices i ORDER BY number').all();
    expect(paid(target.ctx)).toEqual(paid(ctx));
  });

  it('refuses books that already hold clients or invoices', () => {
    expect(() => seedBooks(ctx, { ...SMALL, seed: 1 })).toThrowError(/contiennent déjà des clients ou des factures/);
  });
});
