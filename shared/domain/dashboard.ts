// The dashboard's indicators and chart series: their shapes, and the pure calculations on
// aggregated rows (count-back DSO, month-ends). The SQL lives in electron/core/reports/dashboard.ts.
import { addMonths, endOfMonth, fromParts, parts, type IsoDate } from './dates.js';
import type { Cents } from './money.js';

export interface Indicators {
  asOf: IsoDate;
  openCents: Cents; // encours total
  overdueCents: Cents; // échu
  overdueShare: number | null; // 0..1
  dsoDays: number | null; // count-back method
  weightedDaysLate: number | null; // overdue days weighted by amount
  clientsOverdue: number;
  disputedCents: Cents;
  expectedNext30Cents: Cents; // payments expected in the next 30 days
}

export interface MonthPoint {
  month: string; // YYYY-MM
  monthEnd: IsoDate;
}

/** DSO by the count-back method: how many days of the latest sales the open balance represents. */
export function countBackDso(openCents: number, windows: readonly { days: number; salesCents: number }[]): number | null {
  if (openCents <= 0) return 0;
  let remaining = openCents;
  let days = 0;
  for (const w of windows) {
    if (w.salesCents <= 0) {
      days += w.days;
      continue;
    }
    if (remaining > w.salesCents) {
      remaining -= w.salesCents;
      days += w.days;
    } else {
      return Math.round((days + (w.days * remaining) / w.salesCents) * 10) / 10;
    }
  }
  return windows.length ? Math.round(days * 10) / 10 : null;
}

/** The last 12 month-ends up to asOf (the current month ends at asOf). */
export function lastMonthEnds(asOf: IsoDate, count = 12): MonthPoint[] {
  const { year, month } = parts(asOf);
  return Array.from({ length: count }, (_, k) => {
    const first = addMonths(fromParts(year, month, 1), -(count - 1 - k));
    const end = endOfMonth(first);
    const monthEnd = end > asOf ? asOf : end;
    return { month: first.slice(0, 7), monthEnd };
  });
}

export interface AgingHistoryPoint extends MonthPoint {
  buckets: Cents[]; // not due, then each overdue bucket (disputed amounts included by age)
  openCents: Cents;
  overdueCents: Cents;
  dsoDays: number | null;
  financingCostCents: Cents; // overdue balance × financing rate over the month
}

export interface CashFlowMonth {
  month: string;
  invoicedCents: Cents;
  collectedCents: Cents;
}

export interface WeekForecast {
  weekStart: IsoDate;
  expectedCents: Cents;
}

export interface Debtor {
  clientId: number;
  clientName: string;
  overdueCents: Cents;
  share: number; // of the overdue total
}
