// The morning dashboard: indicators (with their trend against a month earlier) and the series
// behind the charts, each computed by SQL aggregation over the facts; only aggregated rows
// (months, weeks, clients) reach JavaScript.
import {
  countBackDso,
  lastMonthEnds,
  type AgingHistoryPoint,
  type CashFlowMonth,
  type Debtor,
  type Indicators,
  type WeekForecast,
} from '../../../shared/domain/dashboard.js';
import { addDays, addMonths, daysBetween, type IsoDate } from '../../../shared/domain/dates.js';
import { mulDivRound, type Cents } from '../../../shared/domain/money.js';
import type { Db } from '../db/connection.js';
import { agingBuckets, inBucket } from '../../../shared/domain/aging.js';
import { OPEN_AS_OF_SQL } from '../repositories/aging.js';

/** Month windows going back from asOf: (asOf − k−1 months, asOf − k months]. */
function monthWindows(asOf: IsoDate, count: number) {
  return Array.from({ length: count }, (_, k) => {
    const end = addMonths(asOf, -k);
    const start = addMonths(asOf, -(k + 1));
    return { start, end, days: daysBetween(start, end) };
  });
}

/** Per client: average days between due date and settlement (last payment or credit note) over the invoices it settled in the last 12 months (≥ 0). */
const CLIENT_DELAY_CTE = `
  client_delay AS (
    SELECT client_id, AVG(MAX(0, julianday(last_reduction_date) - julianday(due_date))) AS days
    FROM invoices INDEXED BY invoices_by_last_reduction
    WHERE last_reduction_date > date(@asOf, '-365 days') AND last_reduction_date <= @asOf
      AND paid_cents > 0 AND paid_cents + credited_cents >= amount_ttc_cents
    GROUP BY client_id
  )`;

/** Open invoices as of @asOf with the date their payment is expected (promise, else due + client delay, never before tomorrow). */
const EXPECTED_SQL = `${OPEN_AS_OF_SQL},
  ${CLIENT_DELAY_CTE},
  expected AS (
    SELECT o.id, o.client_id, o.balance_cents,
      MAX(date(@asOf, '+1 day'), COALESCE(
        (SELECT MIN(p.promised_date) FROM promises p WHERE p.invoice_id = o.id AND p.promised_date > @asOf),
        date(o.due_date, '+' || CAST(ROUND(COALESCE(cd.days, 0)) AS INTEGER) || ' days')
      )) AS expected_date
    FROM open_as_of o LEFT JOIN client_delay cd ON cd.client_id = o.client_id
    WHERE o.balance_cents > 0 AND NOT o.disputed
  )`;

export function indicators(db: Db, asOf: IsoDate): Indicators {
  // One statement: the open balances as of the date are built once and read twice.
  const totals = db
    .prepare(
      `${EXPECTED_SQL}
       SELECT COALESCE(SUM(balance_cents), 0) AS open,
         COALESCE(SUM(CASE WHEN days_past_due > 0 THEN balance_cents END), 0) AS overdue,
         COALESCE(SUM(CASE WHEN disputed THEN balance_cents END), 0) AS disputed,
         COUNT(DISTINCT CASE WHEN days_past_due > 0 THEN client_id END) AS clients_overdue,
         SUM(CASE WHEN days_past_due > 0 THEN balance_cents * days_past_due END) AS weighted,
         (SELECT COALESCE(SUM(balance_cents), 0) FROM expected WHERE expected_date <= date(@asOf, '+30 days')) AS expected
       FROM open_as_of WHERE balance_cents > 0`,
    )
    .get({ asOf }) as { open: number; overdue: number; disputed: number; clients_overdue: number; weighted: number | null; expected: number };
  const sales = salesBetween(db, addMonths(asOf, -24), asOf);
  const withSales = monthWindows(asOf, 24).map((w) => ({ days: w.days, salesCents: sales(w.start, w.end) }));
  return {
    asOf,
    openCents: totals.open as Cents,
    overdueCents: totals.overdue as Cents,
    overdueShare: totals.open > 0 ? totals.overdue / totals.open : null,
    dsoDays: countBackDso(totals.open, withSales),
    weightedDaysLate: totals.overdue > 0 && totals.weighted !== null ? Math.round((totals.weighted / totals.overdue) * 10) / 10 : null,
    clientsOverdue: totals.clients_overdue,
    disputedCents: totals.disputed as Cents,
    expectedNext30Cents: totals.expected as Cents,
  };
}

/**
 * Sales (TTC invoiced) between two dates, from one grouped read of the period: the daily totals
 * become running sums, and the sales of any window (start, end] inside [from, to] is a
 * difference of two of them (instead of one query per window: 288 for the aging history).
 */
export function salesBetween(db: Db, from: IsoDate, to: IsoDate): (start: IsoDate, end: IsoDate) => number {
  const rows = db
    .prepare('SELECT issue_date AS d, SUM(amount_ttc_cents) AS s FROM invoices WHERE issue_date > ? AND issue_date <= ? GROUP BY issue_date ORDER BY issue_date')
    .all(from, to) as { d: IsoDate; s: number }[];
  const dates = rows.map((r) => r.d);
  const running: number[] = [];
  rows.reduce((sum, r, n) => (running[n] = sum + r.s), 0);
  /** Sales on or before `date` within the period: the running sum of the last day ≤ date. */
  const upTo = (date: IsoDate) => {
    let lo = 0;
    let hi = dates.length;
    while (lo < hi) {
      const mid = (lo + hi) >> 1;
      if (dates[mid]! <= date) lo = mid + 1;
      else hi = mid;
    }
    return lo === 0 ? 0 : running[lo - 1]!;
  };
  return (start, end) => {
    if (start < from || end > to) throw new Error(`salesBetween: (${start}, ${end}] is outside (${from}, ${to}]`);
    return upTo(end) - upTo(start);
  };
}

/**
 * The open balance at each of the month-ends, as (window, due date, amount) rows: one pass over
 * the invoices that could be open at one of them, instead of rebuilding the open balances once
 * per month-end. Each invoice contributes events dated when they take effect: +amount at issue,
 * −each payment or credit note (on the issue date at the earliest), −what was left when it was
 * written off (and nothing after). Rows are grouped by the first month-end on or after the event
 * and by due date; the balance at month-end k for a due date is the sum of its rows up to k.
 * Balances never go below zero (the database refuses over-settlement), so these sums equal the
 * sums of the positive balances the aging report adds up.
 */
function openByDueDate(db: Db, ends: readonly IsoDate[]): { k: number; due: IsoDate; cents: number }[] {
  const params: Record<string, string> = { first: ends[0]!, last: ends[ends.length - 1]! };
  ends.forEach((m, k) => (params[`e${k}`] = m));
  const windowOf = `CASE ${ends.map((_, k) => `WHEN e.d <= @e${k} THEN ${k}`).join(' ')} END`;
  return db
    .prepare(
      `WITH cand AS MATERIALIZED (
         SELECT i.id, i.issue_date, i.due_date, i.amount_ttc_cents AS amount,
           MAX((SELECT MIN(w.write_off_date) FROM write_offs w WHERE w.invoice_id = i.id), i.issue_date) AS wo
         FROM invoices i
         WHERE i.issue_date <= @last
           -- Settled or written off for good by the first month-end: zero at every one of them.
           AND (i.amount_ttc_cents > i.paid_cents + i.credited_cents OR i.last_reduction_date > @first)
           AND NOT EXISTS (SELECT 1 FROM write_offs w WHERE w.invoice_id = i.id AND w.write_off_date <= @first)
       ),
       red AS (
         SELECT c.id, c.due_date, MAX(a.payment_date, c.issue_date) AS d, a.amount_cents AS amount, c.wo
         FROM cand c JOIN payment_allocations a ON a.invoice_id = c.id
         UNION ALL
         SELECT c.id, c.due_date, MAX(n.issue_date, c.issue_date), n.amount_ttc_cents, c.wo
         FROM cand c JOIN credit_notes n ON n.invoice_id = c.id
       ),
       events AS (
         SELECT issue_date AS d, due_date, amount AS delta FROM cand
         UNION ALL
         SELECT d, due_date, -amount FROM red WHERE wo IS NULL OR d <= wo
         UNION ALL
         SELECT c.wo, c.due_date, -(c.amount
             - COALESCE((SELECT SUM(a.amount_cents) FROM payment_allocations a WHERE a.invoice_id = c.id AND MAX(a.payment_date, c.issue_date) <= c.wo), 0)
             - COALESCE((SELECT SUM(n.amount_ttc_cents) FROM credit_notes n WHERE n.invoice_id = c.id AND MAX(n.issue_date, c.issue_date) <= c.wo), 0))
         FROM cand c WHERE c.wo IS NOT NULL
       )
       SELECT ${windowOf} AS k, e.due_date AS due, SUM(e.delta) AS cents
       FROM events e WHERE e.d <= @last GROUP BY k, e.due_date HAVING SUM(e.delta) <> 0`,
    )
    .all(params) as { k: number; due: IsoDate; cents: number }[];
}

/** Aging totals, DSO and the cost of financing the overdue balance at each of the last 12 month-ends. */
export function agingHistory(db: Db, asOf: IsoDate, bounds: readonly number[], financingRateBp: number): AgingHistoryPoint[] {
  const buckets = agingBuckets(bounds);
  const points = lastMonthEnds(asOf);
  const ends = points.map((m) => m.monthEnd);
  const sales = salesBetween(db, addMonths(ends[0]!, -24), asOf);
  const rows = openByDueDate(db, ends);
  // Balance per due date, carried forward from one month-end to the next.
  const openByDue = new Map<IsoDate, number>();
  let next = 0;
  return points.map((m, k) => {
    for (; next < rows.length && rows[next]!.k <= k; next++) {
      const r = rows[next]!;
      openByDue.set(r.due, (openByDue.get(r.due) ?? 0) + r.cents);
    }
    const amounts = buckets.map(() => 0);
    for (const [due, cents] of openByDue) {
      if (cents === 0) continue;
      const daysPastDue = daysBetween(due, m.monthEnd);
      const n = buckets.findIndex((b) => inBucket(b, daysPastDue));
      amounts[n] = amounts[n]! + cents;
    }
    const open = amounts.reduce((s, b) => s + b, 0);
    const overdue = open - (amounts[0] ?? 0);
    const windows = monthWindows(m.monthEnd, 24).map((w) => ({ days: w.days, salesCents: sales(w.start, w.end) }));
    const daysInMonth = Number(m.monthEnd.slice(8, 10));
    return {
      ...m,
      buckets: amounts as Cents[],
      openCents: open as Cents,
      overdueCents: overdue as Cents,
      dsoDays: countBackDso(open, windows),
      // What financing the overdue balance costs over the month, at the user's overdraft rate.
      financingCostCents: mulDivRound(overdue as Cents, financingRateBp * daysInMonth, 10_000 * 365),
    };
  });
}

/** Invoiced (TTC) and collected (payments received) per month, last 12 months. */
export function invoicedVsCollected(db: Db, asOf: IsoDate): CashFlowMonth[] {
  const months = lastMonthEnds(asOf);
  const from = `${months[0]!.month}-01`;
  const invoiced = new Map(
    (db.prepare("SELECT substr(issue_date, 1, 7) AS m, SUM(amount_ttc_cents) AS s FROM invoices WHERE issue_date BETWEEN ? AND ? GROUP BY m").all(from, asOf) as { m: string; s: number }[]).map((r) => [r.m, r.s]),
  );
  const collected = new Map(
    (db.prepare("SELECT substr(payment_date, 1, 7) AS m, SUM(amount_cents) AS s FROM payments WHERE payment_date BETWEEN ? AND ? GROUP BY m").all(from, asOf) as { m: string; s: number }[]).map((r) => [r.m, r.s]),
  );
  return months.map((m) => ({ month: m.month, invoicedCents: (invoiced.get(m.month) ?? 0) as Cents, collectedCents: (collected.get(m.month) ?? 0) as Cents }));
}

/** Expected cash-in per week for the next 12 weeks (promise date, else due date + the client's average delay). */
export function cashInForecast(db: Db, asOf: IsoDate, shift: { clientId: number; days: number } | null = null): WeekForecast[] {
  const rows = db
    .prepare(
      `${EXPECTED_SQL}
       SELECT CAST((julianday(expected_date) - julianday(@asOf) - 1) / 7 AS INTEGER) AS week, SUM(balance_cents) AS s
       FROM (SELECT balance_cents, CASE WHEN client_id = @shiftClient THEN MAX(date(@asOf, '+1 day'), date(expected_date, @shiftDays || ' days')) ELSE expected_date END AS expected_date FROM expected)
       WHERE expected_date <= date(@asOf, '+84 days') GROUP BY week`,
    )
    .all({ asOf, shiftClient: shift?.clientId ?? -1, shiftDays: shift ? `${shift.days >= 0 ? '+' : ''}${shift.days}` : '+0' }) as { week: number; s: number }[];
  const byWeek = new Map(rows.map((r) => [r.week, r.s]));
  return Array.from({ length: 12 }, (_, w) => ({ weekStart: addDays(asOf, 1 + w * 7), expectedCents: (byWeek.get(w) ?? 0) as Cents }));
}

/** The 10 largest debtors by overdue balance and their share of the overdue total. */
export function topDebtors(db: Db, asOf: IsoDate, limit = 10): { debtors: Debtor[]; overdueTotalCents: Cents } {
  const rows = db
    .prepare(
      `${OPEN_AS_OF_SQL}, per_client AS (
         SELECT client_id, SUM(balance_cents) AS overdue FROM open_as_of WHERE balance_cents > 0 AND days_past_due > 0 GROUP BY client_id
       )
       SELECT p.client_id, c.name, p.overdue, (SELECT SUM(overdue) FROM per_client) AS total
       FROM per_client p JOIN clients c ON c.id = p.client_id ORDER BY p.overdue DESC LIMIT @limit`,
    )
    .all({ asOf, limit }) as { client_id: number; name: string; overdue: number; total: number }[];
  const total = rows[0]?.total ?? 0;
  return {
    overdueTotalCents: total as Cents,
    debtors: rows.map((r) => ({ clientId: r.client_id, clientName: r.name, overdueCents: r.overdue as Cents, share: total > 0 ? r.overdue / total : 0 })),
  };
}
