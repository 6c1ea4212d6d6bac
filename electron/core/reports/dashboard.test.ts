// The dashboard's figures on a hand-built book where every number is known (today: 2026-11-23).
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { countBackDso, lastMonthEnds } from '../../../shared/domain/dashboard.js';
import { aClient } from '../../../test/helpers/builders.js';
import { freshCore, type TestCore } from '../../../test/helpers/core.js';
import { agingHistory, cashInForecast, indicators, invoicedVsCollected, topDebtors } from './dashboard.js';
import { claimablePenalties } from './claimable.js';
import { BUILT_IN_RATES } from '../../../shared/legal/rates.js';

let core: TestCore;
const TODAY = '2026-11-23' as never;

beforeAll(async () => {
  core = freshCore();
  const a = (await core.call('clients.create', aClient({ name: 'Alpha', siren: null }))).id;
  const b = (await core.call('clients.create', aClient({ name: 'Bravo', siren: null }))).id;
  const invoice = async (clientId: number, number: string, issueDate: string, dueDate: string, amountTtcCents: number) =>
    (await core.call('invoices.create', { clientId, number, issueDate, dueDate, amountTtcCents })).invoice.id;
  await invoice(a, 'A1', '2026-09-01', '2026-10-01', 100_000); // 53 days overdue
  await invoice(a, 'A2', '2026-11-01', '2026-12-01', 50_000); // not due
  await invoice(b, 'B1', '2026-06-01', '2026-07-01', 200_000); // paid 10 days late
  await core.call('payments.record', { clientId: b, date: '2026-07-11', amountCents: 200_000, method: 'transfer' });
  await invoice(b, 'B2', '2026-10-15', '2026-11-14', 30_000); // 9 days overdue
  const b3 = await invoice(b, 'B3', '2026-11-10', '2026-12-10', 40_000); // not due, disputed
  await core.call('disputes.open', { invoiceId: b3, reason: 'Contestée', openedDate: '2026-11-15' });
});
afterAll(() => core.close());

describe('countBackDso', () => {
  it.each([
    // open, windows (days, sales) → DSO
    [0, [{ days: 31, salesCents: 100 }], 0],
    [50, [{ days: 30, salesCents: 100 }], 15], // half of the last month's sales: 15 days
    [150, [{ days: 30, salesCents: 100 }, { days: 31, salesCents: 100 }], 45.5], // 30 + 31 × 50/100
    [100, [{ days: 30, salesCents: 0 }, { days: 31, salesCents: 200 }], 45.5], // a month without sales counts whole
  ])('open %i over %j → %s days', (open, windows, expected) => {
    expect(countBackDso(open, windows)).toBe(expected);
  });

  it('lists 12 month-ends, the current month ending today', () => {
    const ends = lastMonthEnds(TODAY);
    expect(ends).toHaveLength(12);
    expect(ends[0]).toEqual({ month: '2025-12', monthEnd: '2025-12-31' });
    expect(ends[11]).toEqual({ month: '2026-11', monthEnd: '2026-11-23' });
  });
});

describe('indicators', () => {
  it('computes every indicator of the hand-built book', () => {
    const i = indicators(core.ctx.db, TODAY);
    expect(i).toMatchObject({
      openCents: 220_000, // A1 1 000 + A2 500 + B2 300 + B3 400 (B1 settled)
      overdueCents: 130_000, // A1 + B2
      disputedCents: 40_000, // B3
      clientsOverdue: 2,
      // (1 000 × 53 + 300 × 9) / 1 300 = 42.8
      weightedDaysLate: 42.8,
      // Alpha has no settled invoice (delay 0): A1 expected tomorrow, A2 on 01/12; Bravo pays 10 days
      // late on average: B2 on 24/11; B3 is disputed, so not expected.
      expectedNext30Cents: 180_000,
      // Count-back: (23/10, 23/11] sales 900 → 31 days, 1 300 left; (23/09, 23/10] sales 300 → 30 days,
      // 1 000 left; (23/08, 23/09] sales 1 000 covers it → 31 days. 31 + 30 + 31 = 92.
      dsoDays: 92,
    });
    expect(i.overdueShare).toBeCloseTo(130_000 / 220_000, 10);
  });

  it('rebuilds a past date: on 2026-07-05 B1 was still owed and 4 days late', () => {
    const i = indicators(core.ctx.db, '2026-07-05' as never);
    expect(i).toMatchObject({ openCents: 200_000, overdueCents: 200_000, clientsOverdue: 1, weightedDaysLate: 4 });
  });
});

describe('chart series', () => {
  it('forecasts cash-in by week from due dates shifted by each client’s delay', () => {
    const weeks = cashInForecast(core.ctx.db, TODAY);
    expect(weeks).toHaveLength(12);
    expect(weeks[0]).toEqual({ weekStart: '2026-11-24', expectedCents: 130_000 }); // A1 + B2
    expect(weeks[1]).toEqual({ weekStart: '2026-12-01', expectedCents: 50_000 }); // A2
    expect(weeks.slice(2).every((w) => w.expectedCents === 0)).toBe(true);
    // What if Alpha paid 14 days later: A1 moves to 08/12 (week 2), A2 to 15/12 (week 3).
    const shifted = cashInForecast(core.ctx.db, TODAY, { clientId: 1, days: 14 });
    expect(shifted.map((w) => w.expectedCents).slice(0, 4)).toEqual([30_000, 0, 100_000, 50_000]);
  });

  it('ranks the debtors by overdue balance with their share', () => {
    const { debtors, overdueTotalCents } = topDebtors(core.ctx.db, TODAY);
    expect(overdueTotalCents).toBe(130_000);
    expect(debtors.map((d) => [d.clientName, d.overdueCents])).toEqual([
      ['Alpha', 100_000],
      ['Bravo', 30_000],
    ]);
    expect(debtors[0]?.share).toBeCloseTo(100 / 130, 10);
  });

  it('sums invoiced and collected per month', () => {
    const months = Object.fromEntries(invoicedVsCollected(core.ctx.db, TODAY).map((m) => [m.month, [m.invoicedCents, m.collectedCents]]));
    expect(months['2026-06']).toEqual([200_000, 0]);
    expect(months['2026-07']).toEqual([0, 200_000]);
    expect(months['2026-11']).toEqual([90_000, 0]);
  });

  it('gives the aging and the financing cost at each month-end', () => {
    const history = agingHistory(core.ctx.db, TODAY, [30, 60, 90], 1000);
    const june = history.find((p) => p.month === '2026-06');
    expect(june).toMatchObject({ openCents: 200_000, overdueCents: 0 }); // B1 not yet due on 30/06
    const october = history.find((p) => p.month === '2026-10');
    // On 31/10: A1 30 days past due (1–30 bucket), B2 not due.
    expect(october?.buckets).toEqual([30_000, 100_000, 0, 0, 0]);
    // 1 000 € overdue × 10 % × 31 days / 365 = 8,49 €
    expect(october?.financingCostCents).toBe(849);
  });

  it('sums what the law lets the user claim today on the overdue invoices', () => {
    // A1: 1 000 € × 12,15 % × 53 / 365 = 100000 × 1215 × 53 / 3650000 = 1764.2 → 1764 (2026 S2 uses the last known rate)
    // B2:   300 € × 12,15 % ×  9 / 365 =  30000 × 1215 ×  9 / 3650000 =   89.9 →   90
    // plus 40 € per late invoice; B3 (disputed, not due) is left out.
    expect(claimablePenalties(core.ctx.db, TODAY, BUILT_IN_RATES)).toEqual({ interestCents: 1854, indemnityCents: 8000, invoices: 2 });
  });
});
