// The dashboard's aging history is computed in one pass over the invoices (openByDueDate), and
// the aging report rebuilds balances from a partial index with shortcuts (OPEN_AS_OF_SQL). Both
// must give, at every month-end, exactly what the plainest rebuild gives, on random books with payments before and
// after the due date, partial credit notes, payments dated before the invoice and write-offs.
import fc from 'fast-check';
import { afterEach, describe, expect, it } from 'vitest';
import { agingBuckets } from '../../../shared/domain/aging.js';
import { lastMonthEnds } from '../../../shared/domain/dashboard.js';
import { addDays, type IsoDate } from '../../../shared/domain/dates.js';
import { aClient } from '../../../test/helpers/builders.js';
import { freshCore, type TestCore } from '../../../test/helpers/core.js';
import { bucketCondition, OPEN_AS_OF_SQL } from '../repositories/aging.js';
import { agingHistory, salesBetween } from './dashboard.js';

const TODAY = '2026-11-23' as IsoDate;
const BOUNDS = [30, 60, 90];

/**
 * The reference, written the plainest way (every invoice, every reduction summed up to the date,
 * no index, no shortcut): the open balances as of one date, summed by bucket.
 */
const PLAIN_OPEN_AS_OF = `
  WITH open_as_of AS (
    SELECT i.id,
      i.amount_ttc_cents
        - COALESCE((SELECT SUM(a.amount_cents) FROM payment_allocations a WHERE a.invoice_id = i.id AND a.payment_date <= @asOf), 0)
        - COALESCE((SELECT SUM(c.amount_ttc_cents) FROM credit_notes c WHERE c.invoice_id = i.id AND c.issue_date <= @asOf), 0) AS balance_cents,
      CAST(julianday(@asOf) - julianday(i.due_date) AS INTEGER) AS days_past_due
    FROM invoices i
    WHERE i.issue_date <= @asOf AND NOT EXISTS (SELECT 1 FROM write_offs w WHERE w.invoice_id = i.id AND w.write_off_date <= @asOf)
  )`;

function bucketsAsOf(core: TestCore, openAsOfSql: string, asOf: IsoDate): number[] {
  const buckets = agingBuckets(BOUNDS);
  const columns = buckets.map((b, n) => `COALESCE(SUM(CASE WHEN ${bucketCondition(b)} THEN balance_cents END), 0) AS b${n}`);
  const row = core.ctx.db.prepare(`${openAsOfSql} SELECT ${columns.join(', ')} FROM open_as_of WHERE balance_cents > 0`).get({ asOf }) as Record<string, number>;
  return buckets.map((_, n) => row[`b${n}`]!);
}

const invoiceArb = fc.record({
  client: fc.integer({ min: 0, max: 2 }),
  issuedDaysAgo: fc.integer({ min: 0, max: 500 }),
  termDays: fc.integer({ min: 0, max: 120 }),
  amountCents: fc.integer({ min: 1, max: 5_000_000 }),
  // Payments and credit notes: days after issue (negative: paid on account before the invoice), share of the amount in ‰.
  reductions: fc.array(fc.record({ kind: fc.constantFrom('payment', 'credit'), afterIssue: fc.integer({ min: -20, max: 420 }), permille: fc.integer({ min: 1, max: 1000 }) }), { maxLength: 3 }),
  writeOffAfterIssue: fc.option(fc.integer({ min: 0, max: 400 }), { nil: null }),
});

let core: TestCore | null = null;
afterEach(() => {
  core?.close();
  core = null;
});

describe('aging history in one pass', () => {
  it('equals the open balances rebuilt at each month-end, on random books', async () => {
    await fc.assert(
      fc.asyncProperty(fc.array(invoiceArb, { minLength: 1, maxLength: 12 }), async (specs) => {
        core?.close();
        core = freshCore();
        const c = core;
        const clients = [];
        for (let n = 0; n < 3; n++) clients.push((await c.call('clients.create', aClient({ name: `Client ${n}`, siren: null }))).id);
        let number = 0;
        for (const spec of specs) {
          const issueDate = addDays(TODAY, -spec.issuedDaysAgo);
          const invoice = (
            await c.call('invoices.create', {
              clientId: clients[spec.client]!,
              number: `F${++number}`,
              issueDate,
              dueDate: addDays(issueDate, spec.termDays),
              amountTtcCents: spec.amountCents,
            })
          ).invoice;
          let left = spec.amountCents;
          for (const r of spec.reductions) {
            const amount = Math.min(left, Math.max(1, Math.floor((spec.amountCents * r.permille) / 1000)));
            const date = addDays(issueDate, r.afterIssue);
            if (amount < 1 || date > TODAY) continue;
            left -= amount;
            if (r.kind === 'payment') {
              await c.call('payments.record', { clientId: clients[spec.client]!, date, amountCents: amount, method: 'transfer', allocation: [{ invoiceId: invoice.id, amountCents: amount }] });
            } else {
              await c.call('creditNotes.create', { invoiceId: invoice.id, number: `AV${++number}`, issueDate: date, amountCents: amount, reason: '' });
            }
          }
          const writeOff = spec.writeOffAfterIssue === null ? null : addDays(issueDate, spec.writeOffAfterIssue);
          if (left > 0 && writeOff !== null && writeOff <= TODAY) await c.call('invoices.writeOff', { invoiceId: invoice.id, date: writeOff, reason: 'Irrécouvrable' });
        }
        const history = agingHistory(c.ctx.db, TODAY, BOUNDS, 0);
        expect(history.map((p) => p.monthEnd)).toEqual(lastMonthEnds(TODAY).map((m) => m.monthEnd));
        // At each month-end, and today (no reduction after it: the invoices' own totals are used).
        for (const point of history) {
          const reference = bucketsAsOf(c, PLAIN_OPEN_AS_OF, point.monthEnd);
          expect({ monthEnd: point.monthEnd, buckets: point.buckets }).toEqual({ monthEnd: point.monthEnd, buckets: reference });
          expect({ monthEnd: point.monthEnd, buckets: bucketsAsOf(c, OPEN_AS_OF_SQL, point.monthEnd) }).toEqual({ monthEnd: point.monthEnd, buckets: reference });
        }
        expect(bucketsAsOf(c, OPEN_AS_OF_SQL, TODAY)).toEqual(bucketsAsOf(c, PLAIN_OPEN_AS_OF, TODAY));
      }),
      { numRuns: 60 },
    );
  }, 120_000);
});

describe('salesBetween', () => {
  it('sums the invoices issued in any window, as a direct query does', async () => {
    core = freshCore();
    const c = core;
    const client = (await c.call('clients.create', aClient({ siren: null }))).id;
    const days = [0, 1, 1, 5, 31, 32, 60, 200, 365];
    for (const [n, ago] of days.entries()) {
      const issueDate = addDays(TODAY, -ago);
      await c.call('invoices.create', { clientId: client, number: `S${n}`, issueDate, dueDate: addDays(issueDate, 30), amountTtcCents: 1000 * (n + 1) });
    }
    const from = addDays(TODAY, -400);
    const sales = salesBetween(c.ctx.db, from, TODAY);
    const direct = c.ctx.db.prepare('SELECT COALESCE(SUM(amount_ttc_cents), 0) FROM invoices WHERE issue_date > ? AND issue_date <= ?').pluck();
    fc.assert(
      fc.property(fc.integer({ min: 0, max: 400 }), fc.integer({ min: 0, max: 400 }), (a, b) => {
        const [start, end] = [addDays(from, Math.min(a, b)), addDays(from, Math.max(a, b))];
        expect(sales(start, end)).toBe(direct.get(start, end));
      }),
    );
    expect(() => sales(addDays(from, -1), TODAY)).toThrow(/outside/);
  });
});
