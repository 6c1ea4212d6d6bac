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
import { agingBuckets } from '../../../shared/domain/aging.js';
import { bucketCondition, OPEN_AS_OF_SQL } from '../repositories/aging.js';

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
  const windows = monthWindows(asOf, 24);
  const sales = db.prepare('SELECT COALESCE(SUM(amount_ttc_cents), 0) AS s FROM invoices WHERE issue_date > ? AND issue_date <= ?');
  const withSales = windows.map((w) => ({ days: w.days, salesCents: (sales.get(w.start, w.end) as { s: number }).s }));
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

/** Aging totals, DSO and the cost of financing the overdue balance at each of the last 12 month-ends. */
export function agingHistory(db: Db, asOf: IsoDate, bounds: readonly number[], financingRateBp: number): AgingHistoryPoint[] {
  const buckets = agingBuckets(bounds);
  const columns = buckets.map((b, n) => `SUM(CASE WHEN ${bucketCondition(b)} THEN balance_cents ELSE 0 END) AS b${n}`);
  const statement = db.prepare(`${OPEN_AS_OF_SQL} SELECT ${columns.join(', ')} FROM open_as_of WHERE balance_cents > 0`);
  const sales = db.prepare('SELECT COALESCE(SUM(amount_ttc_cents), 0) AS s FROM invoices WHERE issue_date > ? AND issue_date <= ?');
  return lastMonthEnds(asOf).map((m) => {
    const row = statement.get({ asOf: m.monthEnd }) as Record<string, number | null>;
    const amounts = buckets.map((_, n) => (row[`b${n}`] ?? 0) as Cents);
    const open = amounts.reduce((s, b) => s + b, 0);
    const overdue = open - (amounts[0] ?? 0);
    const windows = monthWindows(m.monthEnd, 24).map((w) => ({ days: w.days, salesCents: (sales.get(w.start, w.end) as { s: number }).s }));
    const daysInMonth = Number(m.monthEnd.slice(8, 10));
    return {
      ...m,
      buckets: amounts,
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
