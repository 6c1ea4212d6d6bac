// The view-model of the aging PDF: the clients with the largest totals, the others summed on one
// line "Autres clients (N)", and every column still adding up to the report's totals.
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { agingBuckets, type AgingReport, type AgingRow } from '../../../shared/domain/aging.js';
import type { Company } from '../../../shared/domain/company.js';
import type { IsoDate } from '../../../shared/domain/dates.js';
import type { Cents } from '../../../shared/domain/money.js';
import { AGING_PDF_MAX_ROWS, AGING_PDF_NAME_MAX, agingPdfModel } from './aging-pdf-model.js';

/** A report from per-client [buckets…, disputed] amounts, totals computed as the repository does. */
function reportOf(clients: { name: string; amounts: number[] }[], bounds: number[] = [30, 60, 90], asOf = '2026-11-23'): AgingReport {
  const buckets = agingBuckets(bounds);
  const rows: AgingRow[] = clients.map((c, i) => {
    const parts = buckets.map((_, n) => (c.amounts[n] ?? 0) as Cents);
    const disputed = (c.amounts[buckets.length] ?? 0) as Cents;
    return { clientId: i + 1, clientName: c.name, buckets: parts, disputedCents: disputed, totalCents: (parts.reduce((s, v) => s + v, 0) + disputed) as Cents };
  });
  rows.sort((a, b) => b.totalCents - a.totalCents);
  const sum = (f: (r: AgingRow) => number) => rows.reduce((s, r) => s + f(r), 0) as Cents;
  return {
    asOf: asOf as IsoDate,
    buckets,
    rows,
    totals: { buckets: buckets.map((_, n) => sum((r) => r.buckets[n]!)), disputedCents: sum((r) => r.disputedCents), totalCents: sum((r) => r.totalCents) },
  };
}

const company = { name: 'Atelier Martin' } as Company;

function columnSums(model: ReturnType<typeof agingPdfModel>): number[] {
  return model.totals.map((_, col) => model.rows.reduce((s, r) => s + r.amounts[col]!, 0));
}

describe('agingPdfModel', () => {
  it('titles the page with the long French date and the company, and lists the columns', () => {
    const model = agingPdfModel(reportOf([{ name: 'Alpha', amounts: [100, 200, 0, 0, 0, 50] }], [30, 60, 90], '2026-03-01'), company, { generatedLabel: 'Document généré le 01/03/2026 à 9 h 05' });
    expect(model.title).toBe('Balance âgée au 1er mars 2026');
    expect(model.companyName).toBe('Atelier Martin');
    expect(model.columns).toEqual(['Non échu', '1–30 j', '31–60 j', '61–90 j', 'Plus de 90 j', 'En litige', 'Total']);
    expect(model.rows).toEqual([{ label: 'Alpha', amounts: [100, 200, 0, 0, 0, 50, 350], others: false }]);
    expect(model.totals).toEqual([100, 200, 0, 0, 0, 50, 350]);
    expect(model.footer).toBe('Document généré le 01/03/2026 à 9 h 05');
    expect(model.otherCount).toBe(0);
    expect(agingPdfModel(reportOf([]), null).companyName).toBeNull();
  });

  it('keeps the top 25 clients by total and sums the rest on "Autres clients (N)", totals unchanged', () => {
    // 40 clients with totals 1 000,00 €, 2 000,00 € … 40 000,00 €, given in scrambled order.
    const clients = Array.from({ length: 40 }, (_, i) => ({ name: `Client ${((i * 17) % 40) + 1}`, amounts: [0, (((i * 17) % 40) + 1) * 100_000, 0, 0, 0, 0] }));
    const model = agingPdfModel(reportOf(clients), company);
    expect(model.rows).toHaveLength(AGING_PDF_MAX_ROWS + 1);
    expect(model.rows.slice(0, 3).map((r) => r.label)).toEqual(['Client 40', 'Client 39', 'Client 38']);
    expect(model.rows[24]!.label).toBe('Client 16');
    const others = model.rows[25]!;
    // Clients 1 to 15: 120 000,00 €.
    expect(others).toEqual({ label: 'Autres clients (15)', amounts: [0, 12_000_000, 0, 0, 0, 0, 12_000_000], others: true });
    expect(model.otherCount).toBe(15);
    expect(model.clientCount).toBe(40);
    expect(columnSums(model)).toEqual(model.totals);
    expect(model.totals[6]).toBe(82_000_000);
  });

  it('shows every client when only one would be left for the "Autres clients" line', () => {
    const clients = Array.from({ length: 26 }, (_, i) => ({ name: `C${i}`, amounts: [i + 1] }));
    const model = agingPdfModel(reportOf(clients), null);
    expect(model.rows).toHaveLength(26);
    expect(model.rows.some((r) => r.others)).toBe(false);
    expect(agingPdfModel(reportOf([...clients, { name: 'C26', amounts: [27] }]), null).rows.at(-1)).toMatchObject({ label: 'Autres clients (2)', amounts: [1 + 2, 0, 0, 0, 0, 0, 3] });
  });

  it('summarises each bucket with its share of the total, in tenths of a percent', () => {
    const model = agingPdfModel(reportOf([{ name: 'A', amounts: [1, 1, 1, 0, 0, 0] }]), null);
    expect(model.summary.map((s) => [s.label, s.amount, s.sharePermille])).toEqual([
      ['Non échu', 1, 333],
      ['1–30 j', 1, 333],
      ['31–60 j', 1, 333],
      ['61–90 j', 0, 0],
      ['Plus de 90 j', 0, 0],
      ['En litige', 0, 0],
    ]);
    expect(agingPdfModel(reportOf([]), null).summary.every((s) => s.sharePermille === null)).toBe(true);
  });

  it('cuts a very long client name so its line never wraps', () => {
    const long = 'Société Coopérative Ouvrière de Production des Travaux Publics et du Bâtiment de la Région Lyonnaise';
    const label = agingPdfModel(reportOf([{ name: long, amounts: [1] }]), null).rows[0]!.label;
    expect(label.length).toBeLessThanOrEqual(AGING_PDF_NAME_MAX); // a trailing space before the cut is dropped
    expect(label.endsWith('…')).toBe(true);
    expect(long.startsWith(label.slice(0, -1))).toBe(true);
  });

  it('always adds up to the report totals, whatever the clients and bounds (property)', () => {
    const amount = fc.integer({ min: 0, max: 10_000_000_00 });
    fc.assert(
      fc.property(
        fc.array(fc.array(amount, { minLength: 8, maxLength: 8 }), { maxLength: 80 }),
        fc.uniqueArray(fc.integer({ min: 1, max: 400 }), { minLength: 1, maxLength: 6 }),
        fc.integer({ min: 1, max: 40 }),
        (amounts, bounds, maxRows) => {
          const report = reportOf(amounts.map((a, i) => ({ name: `C${i}`, amounts: a })), bounds);
          const model = agingPdfModel(report, null, { maxRows });
          expect(columnSums(model)).toEqual(model.totals);
          expect(model.totals).toEqual([...report.totals.buckets, report.totals.disputedCents, report.totals.totalCents]);
          expect(model.rows.filter((r) => !r.others).length).toBeLessThanOrEqual(maxRows + 1);
          expect(model.rows.length).toBeLessThanOrEqual(maxRows + 1);
          const clientRows = model.rows.filter((r) => !r.others).length;
          expect(clientRows + model.otherCount).toBe(report.rows.length);
          // The clients shown are those with the largest totals.
          const shownMin = Math.min(...model.rows.filter((r) => !r.others).map((r) => r.amounts.at(-1)!));
          const others = model.rows.find((r) => r.others);
          if (others) expect(others.amounts.at(-1)! / model.otherCount).toBeLessThanOrEqual(shownMin);
        },
      ),
      { numRuns: 200 },
    );
  });
});
