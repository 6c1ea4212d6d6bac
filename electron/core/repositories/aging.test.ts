// The aging report on a hand-built book where every figure is known: buckets by days past due at
// the as-of date (boundaries at 0/1, 30/31, 60/61, 90/91 days), disputed amounts in their own
// column, payments, credit notes, disputes and write-offs counted only from their dates, the
// drill-down of a cell, and custom bounds.
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { agingBuckets } from '../../../shared/domain/aging.js';
import type { IsoDate } from '../../../shared/domain/dates.js';
import { aClient } from '../../../test/helpers/builders.js';
import { freshCore, type TestCore } from '../../../test/helpers/core.js';
import { agingInvoices, agingReport } from './aging.js';

// freshCore's clock: today is 2026-11-23.
const TODAY = '2026-11-23' as IsoDate;
const at = (d: string) => d as IsoDate;

let core: TestCore;
let alpha: number; // only invoices at known ages, one disputed
let beta: number; // payments, a credit note, a write-off, a closed dispute
let gamma: number; // fully paid: never in the report
const ids: Record<string, number> = {};

async function invoice(clientId: number, number: string, issueDate: string, dueDate: string, amountTtcCents: number) {
  ids[number] = (await core.call('invoices.create', { clientId, number, issueDate, dueDate, amountTtcCents })).invoice.id;
}

beforeEach(async () => {
  core = freshCore();
  alpha = (await core.call('clients.create', aClient({ name: 'Alpha SARL', siren: null }))).id;
  beta = (await core.call('clients.create', aClient({ name: 'Bêta & Fils', siren: null }))).id;
  gamma = (await core.call('clients.create', aClient({ name: 'Gamma SA', siren: null }))).id;

  // Alpha: one invoice per boundary, days past due on 2026-11-23 in the comment.
  await invoice(alpha, 'A0', '2026-10-20', '2026-11-23', 10_000); // 0 → non échu
  await invoice(alpha, 'A1', '2026-10-20', '2026-11-22', 20_000); // 1 → 1–30
  await invoice(alpha, 'A30', '2026-09-20', '2026-10-24', 30_000); // 30 → 1–30
  await invoice(alpha, 'A31', '2026-09-20', '2026-10-23', 40_000); // 31 → 31–60
  await invoice(alpha, 'A60', '2026-08-20', '2026-09-24', 50_000); // 60 → 31–60
  await invoice(alpha, 'A61', '2026-08-20', '2026-09-23', 60_000); // 61 → 61–90
  await invoice(alpha, 'A90', '2026-07-20', '2026-08-25', 70_000); // 90 → 61–90
  await invoice(alpha, 'A91', '2026-07-20', '2026-08-24', 80_000); // 91 → plus de 90
  await invoice(alpha, 'AL', '2026-06-01', '2026-07-01', 90_000); // 145, disputed since 2026-08-01
  await core.call('disputes.open', { invoiceId: ids.AL!, reason: 'Livraison contestée', openedDate: '2026-08-01' });

  // Beta: B1 1 000 € paid 400 € on 2026-10-16; B2 500 € with a 150 € credit note on 2026-11-01;
  // B3 250 € written off on 2026-11-10; B4 300 € disputed from 2026-11-01 to 2026-11-20;
  // B5 issued on 2026-11-15 (absent before); B6 due in the future.
  await invoice(beta, 'B1', '2026-09-01', '2026-10-01', 100_000); // 53 days → 31–60
  await core.call('payments.record', { clientId: beta, date: '2026-10-16', amountCents: 40_000, method: 'transfer', allocation: [{ invoiceId: ids.B1!, amountCents: 40_000 }] });
  await invoice(beta, 'B2', '2026-09-15', '2026-10-15', 50_000); // 39 days → 31–60
  await core.call('creditNotes.create', { invoiceId: ids.B2!, number: 'AV-B2', issueDate: '2026-11-01', amountCents: 15_000 });
  await invoice(beta, 'B3', '2026-06-01', '2026-07-01', 25_000); // 145 days → plus de 90
  await core.call('invoices.writeOff', { invoiceId: ids.B3!, date: '2026-11-10', reason: 'Liquidation judiciaire' });
  await invoice(beta, 'B4', '2026-10-01', '2026-11-10', 30_000); // 13 days → 1–30
  const opened = await core.call('disputes.open', { invoiceId: ids.B4!, reason: 'Quantités', openedDate: '2026-11-01' });
  await core.call('disputes.close', { id: opened.disputes[0]!.id, closedDate: '2026-11-20', outcome: 'Accord' });
  await invoice(beta, 'B5', '2026-11-15', '2026-12-15', 12_345); // not due
  await invoice(beta, 'B6', '2026-11-20', '2027-01-31', 1); // not due, one cent

  // Gamma: paid in full on 2026-11-05.
  await invoice(gamma, 'G1', '2026-10-01', '2026-10-31', 99_999);
  await core.call('payments.record', { clientId: gamma, date: '2026-11-05', amountCents: 99_999, method: 'cheque', allocation: [{ invoiceId: ids.G1!, amountCents: 99_999 }] });
});
afterEach(() => core.close());

function rowOf(report: ReturnType<typeof agingReport>, clientId: number) {
  return report.rows.find((r) => r.clientId === clientId);
}

describe('aging report', () => {
  it('buckets each balance by its days past due on the as-of date, boundaries included', () => {
    const report = agingReport(core.ctx.db, TODAY);
    expect(report.asOf).toBe(TODAY);
    expect(report.buckets.map((b) => b.label)).toEqual(['Non échu', '1–30 j', '31–60 j', '61–90 j', 'Plus de 90 j']);
    expect(rowOf(report, alpha)).toEqual({
      clientId: alpha,
      clientName: 'Alpha SARL',
      buckets: [10_000, 20_000 + 30_000, 40_000 + 50_000, 60_000 + 70_000, 80_000],
      disputedCents: 90_000,
      totalCents: 450_000,
    });
  });

  it('counts payments, credit notes, write-offs and closed disputes from their dates (today)', () => {
    const report = agingReport(core.ctx.db, TODAY);
    // B1 600 € (31–60) + B2 350 € (31–60); B3 written off; B4 300 € no longer disputed (1–30); B5 + B6 not due.
    expect(rowOf(report, beta)).toMatchObject({
      clientName: 'Bêta & Fils',
      buckets: [12_345 + 1, 30_000, 60_000 + 35_000, 0, 0],
      disputedCents: 0,
      totalCents: 137_346,
    });
    // Fully paid: no row. Clients sorted by total, largest first.
    expect(report.rows.map((r) => r.clientName)).toEqual(['Alpha SARL', 'Bêta & Fils']);
    expect(report.totals).toEqual({
      buckets: [22_346, 80_000, 185_000, 130_000, 80_000],
      disputedCents: 90_000,
      totalCents: 587_346,
    });
  });

  it('shows a payment only from its date: 1 000 € paid 400 € on 2026-10-16', () => {
    const b1 = (asOf: string) => agingInvoices(core.ctx.db, at(asOf), { clientId: beta }).find((i) => i.number === 'B1')?.balanceCents;
    expect(b1('2026-10-15')).toBe(100_000);
    expect(b1('2026-10-16')).toBe(60_000);
    // The client's row as it stood on 2026-10-15: B2 (due that day) and B4 not due, B1 14 days
    // late and unpaid, B3 106 days late and not yet written off; B5 and B6 not issued yet.
    expect(rowOf(agingReport(core.ctx.db, at('2026-10-15')), beta)).toMatchObject({
      buckets: [50_000 + 30_000, 100_000, 0, 0, 25_000],
      disputedCents: 0,
      totalCents: 205_000,
    });
  });

  it('shows a credit note only from its date, and a write-off removes the invoice from its date', () => {
    const balances = (asOf: string) => Object.fromEntries(agingInvoices(core.ctx.db, at(asOf), { clientId: beta }).map((i) => [i.number, i.balanceCents]));
    expect(balances('2026-10-31')).toMatchObject({ B2: 50_000, B3: 25_000 });
    expect(balances('2026-11-01')).toMatchObject({ B2: 35_000, B3: 25_000 });
    expect(balances('2026-11-09')).toMatchObject({ B3: 25_000 });
    expect(balances('2026-11-10')).not.toHaveProperty('B3');
    // A fully paid invoice leaves the report on the day of its payment.
    expect(rowOf(agingReport(core.ctx.db, at('2026-11-04')), gamma)?.totalCents).toBe(99_999);
    expect(rowOf(agingReport(core.ctx.db, at('2026-11-05')), gamma)).toBeUndefined();
  });

  it('puts an invoice in the disputed column only while its dispute is open', () => {
    // B4 (Beta's only disputed invoice): dispute opened on 2026-11-01, closed on 2026-11-20.
    const betaRow = (asOf: string) => rowOf(agingReport(core.ctx.db, at(asOf)), beta)!;
    expect(betaRow('2026-10-31').disputedCents).toBe(0);
    expect(betaRow('2026-11-01').disputedCents).toBe(30_000);
    expect(betaRow('2026-11-19').disputedCents).toBe(30_000);
    expect(betaRow('2026-11-20').disputedCents).toBe(0); // closed that day
    // Every row's total is its buckets plus its disputed amount, on any date.
    for (const asOf of ['2026-08-01', '2026-10-15', '2026-11-01', '2026-11-19', TODAY]) {
      const report = agingReport(core.ctx.db, at(asOf));
      for (const row of report.rows) expect(row.buckets.reduce((s, v) => s + v, 0) + row.disputedCents).toBe(row.totalCents);
      expect(report.totals.totalCents).toBe(report.rows.reduce((s, r) => s + r.totalCents, 0));
    }
  });

  it('leaves out invoices not issued yet on the as-of date', () => {
    const before = agingInvoices(core.ctx.db, at('2026-11-14'), { clientId: beta }).map((i) => i.number);
    expect(before).not.toContain('B5');
    expect(agingInvoices(core.ctx.db, at('2026-11-15'), { clientId: beta }).map((i) => i.number)).toContain('B5');
    expect(agingReport(core.ctx.db, at('2026-05-31')).rows).toEqual([]);
  });

  it('drills down to exactly the invoices of a cell', () => {
    const numbers = (cell: Parameters<typeof agingInvoices>[2]) => agingInvoices(core.ctx.db, TODAY, cell).map((i) => i.number);
    expect(numbers({ clientId: alpha, bucket: 0 })).toEqual(['A0']);
    expect(numbers({ clientId: alpha, bucket: 1 })).toEqual(['A30', 'A1']); // by due date
    expect(numbers({ clientId: alpha, bucket: 2 })).toEqual(['A60', 'A31']);
    expect(numbers({ clientId: alpha, bucket: 3 })).toEqual(['A90', 'A61']);
    expect(numbers({ clientId: alpha, bucket: 4 })).toEqual(['A91']);
    expect(numbers({ clientId: alpha, bucket: 'disputed' })).toEqual(['AL']);
    expect(numbers({ bucket: 2 })).toEqual(['A60', 'B1', 'B2', 'A31']);
    expect(numbers({ clientId: gamma })).toEqual([]);
    const a30 = agingInvoices(core.ctx.db, TODAY, { clientId: alpha, bucket: 1 })[0]!;
    expect(a30).toMatchObject({ clientName: 'Alpha SARL', dueDate: '2026-10-24', balanceCents: 30_000, daysPastDue: 30, disputed: 0 });
    // Each cell of the report is the sum of its drill-down.
    const report = agingReport(core.ctx.db, TODAY);
    for (const row of report.rows) {
      report.buckets.forEach((_, n) => {
        const sum = agingInvoices(core.ctx.db, TODAY, { clientId: row.clientId, bucket: n }).reduce((s, i) => s + i.balanceCents, 0);
        expect(sum).toBe(row.buckets[n]);
      });
      expect(agingInvoices(core.ctx.db, TODAY, { clientId: row.clientId, bucket: 'disputed' }).reduce((s, i) => s + i.balanceCents, 0)).toBe(row.disputedCents);
    }
  });

  it('uses custom bounds [15, 45]', async () => {
    expect(agingBuckets([15, 45]).map((b) => [b.key, b.label, b.minDays, b.maxDays])).toEqual([
      ['not_due', 'Non échu', null, null],
      ['d1_15', '1–15 j', 1, 15],
      ['d16_45', '16–45 j', 16, 45],
      ['over_45', 'Plus de 45 j', 46, null],
    ]);
    const report = agingReport(core.ctx.db, TODAY, [15, 45]);
    // Alpha: 0 | 1 | 30, 31 | 60, 61, 90, 91.
    expect(rowOf(report, alpha)!.buckets).toEqual([10_000, 20_000, 30_000 + 40_000, 50_000 + 60_000 + 70_000 + 80_000]);
    // Beta: B5 + B6 | B4 (13 days) | B2 (39) | B1 (53).
    expect(rowOf(report, beta)!.buckets).toEqual([12_346, 30_000, 35_000, 60_000]);
    expect(agingInvoices(core.ctx.db, TODAY, { bucket: 2 }, [15, 45]).map((i) => i.number)).toEqual(['B2', 'A31', 'A30']);
    // Through the channel, with the bounds from the book settings.
    await core.call('settings.set', { agingBounds: [15, 45] });
    const viaChannel = await core.call('reports.aging', { asOf: TODAY });
    expect(viaChannel.buckets.map((b) => b.label)).toEqual(['Non échu', '1–15 j', '16–45 j', 'Plus de 45 j']);
    expect(viaChannel.totals).toEqual(report.totals);
  });
});
