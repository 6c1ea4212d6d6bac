// The aging of receivables (balance âgée): open balances by how long they are past due, as of
// a date. Buckets are set by their upper bounds in days (default 30, 60, 90).
import type { Cents } from './money.js';
import type { IsoDate } from './dates.js';

export const DEFAULT_AGING_BOUNDS: readonly number[] = [30, 60, 90];

export interface AgingBucket {
  key: string; // 'not_due', 'd1_30', …, 'over_90'
  label: string; // French column title
  minDays: number | null; // days past due, inclusive; null = not due
  maxDays: number | null; // inclusive; null = no upper bound
}

/** Buckets from upper bounds: [30, 60, 90] → non échu, 1–30, 31–60, 61–90, plus de 90 jours. */
export function agingBuckets(bounds: readonly number[] = DEFAULT_AGING_BOUNDS): AgingBucket[] {
  const sorted = [...new Set(bounds)].filter((b) => Number.isInteger(b) && b > 0).sort((a, b) => a - b);
  const buckets: AgingBucket[] = [{ key: 'not_due', label: 'Non échu', minDays: null, maxDays: null }];
  let from = 1;
  for (const to of sorted) {
    buckets.push({ key: `d${from}_${to}`, label: `${from}–${to} j`, minDays: from, maxDays: to });
    from = to + 1;
  }
  buckets.push({ key: `over_${from - 1}`, label: `Plus de ${from - 1} j`, minDays: from, maxDays: null });
  return buckets;
}

/** Whether an invoice so many days past due (≤ 0: not due) falls in the bucket; the same rule as the SQL of the aging report. */
export function inBucket(bucket: AgingBucket, daysPastDue: number): boolean {
  if (bucket.minDays === null) return daysPastDue <= 0;
  return daysPastDue >= bucket.minDays && (bucket.maxDays === null || daysPastDue <= bucket.maxDays);
}

export interface AgingRow {
  clientId: number;
  clientName: string;
  buckets: Cents[]; // one amount per bucket, disputed invoices excluded
  disputedCents: Cents;
  totalCents: Cents; // sum of buckets + disputed
}

export interface AgingReport {
  asOf: IsoDate;
  buckets: AgingBucket[];
  rows: AgingRow[];
  totals: { buckets: Cents[]; disputedCents: Cents; totalCents: Cents };
}
