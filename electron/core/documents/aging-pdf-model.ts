// What the one-page PDF of the aging report shows, computed once from the report (pure: no
// clock, no file, no React). The page holds the clients with the largest totals; the others are
// summed on one line "Autres clients (N)" so every column still adds up to the report's totals.
import type { AgingReport } from '../../../shared/domain/aging.js';
import type { Company } from '../../../shared/domain/company.js';
import { formatDateLongFr } from '../../../shared/domain/dates.js';
import type { Cents } from '../../../shared/domain/money.js';

/** How many client lines fit on an A4 landscape page with the title, summary, totals and footer. */
export const AGING_PDF_MAX_ROWS = 25;
/** Longer client names are cut (with an ellipsis) so a line never wraps and the page never overflows. */
export const AGING_PDF_NAME_MAX = 48;

export interface AgingPdfRow {
  /** Client name, or "Autres clients (N)". */
  label: string;
  /** One amount per column: the buckets, then disputed, then total. */
  amounts: Cents[];
  /** True for the "Autres clients (N)" line. */
  others: boolean;
}

export interface AgingPdfSummaryItem {
  label: string;
  amount: Cents;
  /** Share of the total, in tenths of a percent (123 = 12,3 %); null when the total is zero. */
  sharePermille: number | null;
}

export interface AgingPdfModel {
  title: string;
  companyName: string | null;
  /** Column titles after "Client": the bucket labels, "En litige", "Total". */
  columns: string[];
  summary: AgingPdfSummaryItem[];
  rows: AgingPdfRow[];
  totals: Cents[];
  clientCount: number;
  /** Clients summed on the "Autres clients" line (0 when every client has its own line). */
  otherCount: number;
  /** "Document généré le …" — given by the caller, which owns the clock. */
  footer: string;
}

export interface AgingPdfOptions {
  /** Most client lines on the page (default AGING_PDF_MAX_ROWS). */
  maxRows?: number;
  /** Footer text naming when the document was made, e.g. "Document généré le 23/11/2026 à 10 h 30". */
  generatedLabel?: string;
}

function shorten(name: string, max: number): string {
  const text = name.replace(/\s+/g, ' ').trim();
  return text.length <= max ? text : `${text.slice(0, max - 1).trimEnd()}…`;
}

function permille(part: number, whole: number): number | null {
  if (whole <= 0) return null;
  // Integer arithmetic, rounded half up: part and whole are non-negative cents.
  return Math.floor((part * 1000 * 2 + whole) / (whole * 2));
}

export function agingPdfModel(report: AgingReport, company: Company | null, options: AgingPdfOptions = {}): AgingPdfModel {
  const maxRows = Math.max(1, options.maxRows ?? AGING_PDF_MAX_ROWS);
  const amountsOf = (r: { buckets: Cents[]; disputedCents: Cents; totalCents: Cents }): Cents[] => [...r.buckets, r.disputedCents, r.totalCents];
  // Largest totals first; the report is already sorted so, but the page must not depend on it.
  const sorted = report.rows.map((row, index) => ({ row, index })).sort((a, b) => b.row.totalCents - a.row.totalCents || a.index - b.index);
  // One "Autres clients (1)" line would take the place of the client itself: show it instead.
  const shown = sorted.length <= maxRows + 1 ? sorted : sorted.slice(0, maxRows);
  const rest = sorted.slice(shown.length);

  const rows: AgingPdfRow[] = shown.map(({ row }) => ({ label: shorten(row.clientName, AGING_PDF_NAME_MAX), amounts: amountsOf(row), others: false }));
  if (rest.length > 0) {
    const width = report.buckets.length + 2;
    const sums = Array.from({ length: width }, (_, col) => rest.reduce((s, { row }) => s + (amountsOf(row)[col] ?? 0), 0) as Cents);
    rows.push({ label: `Autres clients (${rest.length})`, amounts: sums, others: true });
  }

  const total = report.totals.totalCents;
  const summary: AgingPdfSummaryItem[] = [
    ...report.buckets.map((b, n) => ({ label: b.label, amount: (report.totals.buckets[n] ?? 0) as Cents })),
    { label: 'En litige', amount: report.totals.disputedCents },
  ].map((item) => ({ ...item, sharePermille: permille(item.amount, total) }));

  return {
    title: `Balance âgée au ${formatDateLongFr(report.asOf)}`,
    companyName: company?.name?.trim() || null,
    columns: [...report.buckets.map((b) => b.label), 'En litige', 'Total'],
    summary,
    rows,
    totals: amountsOf(report.totals),
    clientCount: report.rows.length,
    otherCount: rest.length,
    footer: options.generatedLabel ?? '',
  };
}
