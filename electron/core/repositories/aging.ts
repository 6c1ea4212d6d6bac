// The aging report in SQL, as of any date: each invoice's balance rebuilt from the invoice,
// payment, credit-note, dispute and write-off dates up to that day, then summed by client and
// bucket. Nothing is loaded invoice by invoice into JavaScript.
import { agingBuckets, type AgingBucket, type AgingReport, type AgingRow } from '../../../shared/domain/aging.js';
import type { IsoDate } from '../../../shared/domain/dates.js';
import type { Cents } from '../../../shared/domain/money.js';
import type { Db } from '../db/connection.js';

/**
 * The invoices that can be open at @asOf, as a condition on `i`: those owed now (a partial
 * index) and those settled after @asOf. An invoice settled for good by then (nothing owed now,
 * last payment or credit note on or before it) cannot be open then. Keeps a rebuild to the
 * invoices open at the date instead of the whole book.
 */
export const OPEN_CANDIDATES_SQL = `i.id IN (
        SELECT id FROM invoices INDEXED BY invoices_open WHERE amount_ttc_cents > paid_cents + credited_cents
        UNION ALL
        SELECT id FROM invoices WHERE last_reduction_date > @asOf AND amount_ttc_cents <= paid_cents + credited_cents
      )`;

/** The columns of one invoice's rebuild as of @asOf (from `i`). */
const OPEN_AS_OF_COLUMNS = `i.id, i.client_id, i.due_date,
      -- No payment or credit note after the date (the usual case: today): the invoice's own
      -- totals, kept by triggers, are its balance; otherwise the reductions up to the date.
      CASE WHEN i.last_reduction_date IS NULL OR i.last_reduction_date <= @asOf
        THEN i.amount_ttc_cents - i.paid_cents - i.credited_cents
        ELSE i.amount_ttc_cents
          - COALESCE((SELECT SUM(a.amount_cents) FROM payment_allocations a WHERE a.invoice_id = i.id AND a.payment_date <= @asOf), 0)
          - COALESCE((SELECT SUM(c.amount_ttc_cents) FROM credit_notes c WHERE c.invoice_id = i.id AND c.issue_date <= @asOf), 0)
      END AS balance_cents,
      EXISTS (SELECT 1 FROM disputes d WHERE d.invoice_id = i.id AND d.opened_date <= @asOf
              AND (d.closed_date IS NULL OR d.closed_date > @asOf)) AS disputed,
      CAST(julianday(@asOf) - julianday(i.due_date) AS INTEGER) AS days_past_due`;

/** Issued by @asOf and not written off by then (never written off: no look-up). */
const OPEN_AS_OF_KEPT = `i.issue_date <= @asOf
      AND (i.written_off = 0 OR NOT EXISTS (SELECT 1 FROM write_offs w WHERE w.invoice_id = i.id AND w.write_off_date <= @asOf))`;

/**
 * Open balances of every invoice as of @asOf, with days past due and whether it was disputed that
 * day: the invoices owed now, read from their partial index alone (it holds every column the
 * rebuild needs), and those settled after @asOf (none when @asOf is today).
 */
export const OPEN_AS_OF_SQL = `
  WITH open_as_of AS MATERIALIZED (
    SELECT ${OPEN_AS_OF_COLUMNS}
    FROM invoices i INDEXED BY invoices_open
    WHERE i.amount_ttc_cents > i.paid_cents + i.credited_cents AND ${OPEN_AS_OF_KEPT}
    UNION ALL
    SELECT ${OPEN_AS_OF_COLUMNS}
    FROM invoices i INDEXED BY invoices_by_last_reduction
    WHERE i.last_reduction_date > @asOf AND i.amount_ttc_cents <= i.paid_cents + i.credited_cents AND ${OPEN_AS_OF_KEPT}
  )`;

/** The SQL condition on days_past_due for one bucket. */
export function bucketCondition(b: AgingBucket): string {
  if (b.minDays === null) return 'days_past_due <= 0';
  if (b.maxDays === null) return `days_past_due >= ${b.minDays}`;
  return `days_past_due BETWEEN ${b.minDays} AND ${b.maxDays}`;
}

/** The aggregation: one row per client with an open balance, one column per bucket. */
export function agingSql(buckets: AgingBucket[]): string {
  const columns = buckets.map((b, n) => `SUM(CASE WHEN NOT disputed AND ${bucketCondition(b)} THEN balance_cents ELSE 0 END) AS b${n}`);
  return `${OPEN_AS_OF_SQL}
  SELECT o.client_id, c.name AS client_name, ${columns.join(', ')},
    SUM(CASE WHEN disputed THEN balance_cents ELSE 0 END) AS disputed, SUM(balance_cents) AS total
  FROM open_as_of o JOIN clients c ON c.id = o.client_id
  WHERE balance_cents > 0
  GROUP BY o.client_id
  ORDER BY total DESC, c.sort_key`;
}

export function agingReport(db: Db, asOf: IsoDate, bounds?: readonly number[]): AgingReport {
  const buckets = agingBuckets(bounds);
  const raw = db.prepare(agingSql(buckets)).all({ asOf }) as Record<string, number | string>[];
  const rows: AgingRow[] = raw.map((r) => ({
    clientId: r.client_id as number,
    clientName: r.client_name as string,
    buckets: buckets.map((_, n) => r[`b${n}`] as Cents),
    disputedCents: r.disputed as Cents,
    totalCents: r.total as Cents,
  }));
  const sum = (f: (r: AgingRow) => number) => rows.reduce((s, r) => s + f(r), 0) as Cents;
  return {
    asOf,
    buckets,
    rows,
    totals: { buckets: buckets.map((_, n) => sum((r) => r.buckets[n] ?? 0)), disputedCents: sum((r) => r.disputedCents), totalCents: sum((r) => r.totalCents) },
  };
}

/** The invoices behind one cell of the report (a client and/or a bucket, or the disputed column). */
export function agingInvoices(db: Db, asOf: IsoDate, cell: { clientId?: number; bucket?: number | 'disputed' }, bounds?: readonly number[]) {
  const buckets = agingBuckets(bounds);
  const where = ['balance_cents > 0'];
  if (cell.clientId !== undefined) where.push('o.client_id = @clientId');
  if (cell.bucket === 'disputed') where.push('disputed');
  else if (cell.bucket !== undefined) {
    const b = buckets[cell.bucket];
    if (b) where.push(`NOT disputed AND ${bucketCondition(b)}`);
  }
  return db
    .prepare(
      `${OPEN_AS_OF_SQL}
       SELECT o.id, i.number, o.client_id AS clientId, c.name AS clientName, o.due_date AS dueDate, o.balance_cents AS balanceCents,
         MAX(o.days_past_due, 0) AS daysPastDue, o.disputed
       FROM open_as_of o JOIN invoices i ON i.id = o.id JOIN clients c ON c.id = o.client_id
       WHERE ${where.join(' AND ')} ORDER BY o.due_date, i.number LIMIT 1000`,
    )
    .all({ asOf, ...(cell.clientId !== undefined ? { clientId: cell.clientId } : {}) }) as {
    id: number;
    number: string;
    clientId: number;
    clientName: string;
    dueDate: IsoDate;
    balanceCents: Cents;
    daysPastDue: number;
    disputed: number;
  }[];
}
