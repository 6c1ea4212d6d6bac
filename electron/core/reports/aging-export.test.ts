// The aging exports on a small hand-made book whose every figure is known: the CSV byte for byte,
// the XLSX read back with exceljs, the PDF through poppler (pdftotext, pdfinfo) and as a picture
// in test-output/ for a look at its layout.
import { execFileSync } from 'node:child_process';
import { mkdirSync, rmSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import ExcelJS from 'exceljs';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { agingBuckets, type AgingReport, type AgingRow } from '../../../shared/domain/aging.js';
import type { Company } from '../../../shared/domain/company.js';
import type { IsoDate } from '../../../shared/domain/dates.js';
import { formatEuros, type Cents } from '../../../shared/domain/money.js';
import { aClient, aCompany } from '../../../test/helpers/builders.js';
import { freshCore, tempDir, type TestCore } from '../../../test/helpers/core.js';
import { agingReport } from '../repositories/aging.js';
import { exportAging } from './aging-export.js';

const AS_OF = '2026-11-23' as IsoDate;
const GENERATED_AT = new Date(2026, 10, 23, 10, 30);
const OUTPUT_DIR = fileURLToPath(new URL('../../../test-output/', import.meta.url));
const FOURNIL = 'Le Fournil "Chez Paul"; Lyon';

let core: TestCore;
let report: AgingReport;
let company: Company;
let scratch: string;

// The book, as of 2026-11-23 (default bounds 30, 60, 90):
// - Épicerie Martin: M1 99,99 € due 2026-07-01 (145 days → plus de 90); M2 12 345,67 € due 2026-10-10 (44 days → 31–60).
// - Boulangerie Dupont: D1 1 234,56 € due 2026-11-01 (22 days → 1–30); D2 5 000,00 € due 2026-12-15, 1 000,00 € paid on
//   2026-11-20 (4 000,00 € not due).
// - Le Fournil "Chez Paul"; Lyon: F1 2 500,00 € due 2026-09-01 (83 days → 61–90) with a 100,00 € credit note;
//   F2 750,00 € disputed.
beforeAll(async () => {
  core = freshCore();
  scratch = tempDir('recouvra-aging-export-');
  company = await core.call('company.save', aCompany());
  const client = async (name: string) => (await core.call('clients.create', aClient({ name, siren: null }))).id;
  const invoice = async (clientId: number, number: string, issueDate: string, dueDate: string, amountTtcCents: number) =>
    (await core.call('invoices.create', { clientId, number, issueDate, dueDate, amountTtcCents })).invoice.id;

  const martin = await client('Épicerie Martin');
  await invoice(martin, 'M1', '2026-06-01', '2026-07-01', 9_999);
  await invoice(martin, 'M2', '2026-09-10', '2026-10-10', 1_234_567);

  const dupont = await client('Boulangerie Dupont');
  await invoice(dupont, 'D1', '2026-10-01', '2026-11-01', 123_456);
  const d2 = await invoice(dupont, 'D2', '2026-11-15', '2026-12-15', 500_000);
  await core.call('payments.record', { clientId: dupont, date: '2026-11-20', amountCents: 100_000, method: 'transfer', allocation: [{ invoiceId: d2, amountCents: 100_000 }] });

  const fournil = await client(FOURNIL);
  const f1 = await invoice(fournil, 'F1', '2026-08-01', '2026-09-01', 250_000);
  await core.call('creditNotes.create', { invoiceId: f1, number: 'AV-F1', issueDate: '2026-10-01', amountCents: 10_000 });
  const f2 = await invoice(fournil, 'F2', '2026-09-01', '2026-10-01', 75_000);
  await core.call('disputes.open', { invoiceId: f2, reason: 'Marchandise abîmée', openedDate: '2026-10-05' });

  report = agingReport(core.ctx.db, AS_OF, core.ctx.repos.settings.get().agingBounds);
});
afterAll(() => {
  core.close();
  rmSync(scratch, { recursive: true, force: true });
});

/** Replaces the no-break spaces of French amounts (U+202F, U+00A0) with plain spaces. */
const plain = (text: string) => text.replace(/[\u202f\u00a0]/g, ' ');

function pdftotext(pdf: Buffer, name: string): { text: string; pages: number; path: string } {
  const path = join(scratch, `${name}.pdf`);
  writeFileSync(path, pdf);
  const text = execFileSync('pdftotext', ['-layout', '-enc', 'UTF-8', path, '-'], { encoding: 'utf8' });
  const info = execFileSync('pdfinfo', [path], { encoding: 'utf8' });
  return { text, pages: Number(/^Pages:\s+(\d+)/m.exec(info)?.[1]), path };
}

/** The picture of the PDF's first page in test-output/, to look at its layout. */
function snapshot(path: string, name: string): void {
  mkdirSync(OUTPUT_DIR, { recursive: true });
  execFileSync('pdftoppm', ['-png', '-r', '60', '-singlefile', path, join(OUTPUT_DIR, name)]);
}

describe('the report exported', () => {
  it('is the book as built', () => {
    expect(report.rows.map((r) => [r.clientName, ...r.buckets, r.disputedCents, r.totalCents])).toEqual([
      ['Épicerie Martin', 0, 0, 1_234_567, 0, 9_999, 0, 1_244_566],
      ['Boulangerie Dupont', 400_000, 123_456, 0, 0, 0, 0, 523_456],
      [FOURNIL, 0, 0, 0, 240_000, 0, 75_000, 315_000],
    ]);
    expect(report.totals).toEqual({ buckets: [400_000, 123_456, 1_234_567, 240_000, 9_999], disputedCents: 75_000, totalCents: 2_083_022 });
  });
});

describe('CSV', () => {
  it('is what French Excel opens: BOM, `;`, CRLF, decimal comma without grouping, quoted cells, a total row', async () => {
    const file = await exportAging(report, 'csv', company);
    expect(file.fileName).toBe('balance-agee-2026-11-23.csv');
    expect(file.mimeType).toBe('text/csv; charset=utf-8');
    expect([...file.content.subarray(0, 3)]).toEqual([0xef, 0xbb, 0xbf]);
    expect(file.content.toString('utf8')).toBe(
      '\uFEFF' +
        'Client;Non échu;1–30 j;31–60 j;61–90 j;Plus de 90 j;En litige;Total\r\n' +
        'Épicerie Martin;0,00;0,00;12345,67;0,00;99,99;0,00;12445,66\r\n' +
        'Boulangerie Dupont;4000,00;1234,56;0,00;0,00;0,00;0,00;5234,56\r\n' +
        '"Le Fournil ""Chez Paul""; Lyon";0,00;0,00;0,00;2400,00;0,00;750,00;3150,00\r\n' +
        'Total;4000,00;1234,56;12345,67;2400,00;99,99;750,00;20830,22\r\n',
    );
  });

  it('is what the reports.agingExport channel sends (base64), with the book settings’ bounds', async () => {
    const viaChannel = await core.call('reports.agingExport', { asOf: AS_OF, format: 'csv' });
    expect(viaChannel.fileName).toBe('balance-agee-2026-11-23.csv');
    expect(Buffer.from(viaChannel.base64, 'base64')).toEqual((await exportAging(report, 'csv', company)).content);
  });

  it('has only its header and total row for an empty report, with custom bounds as columns', async () => {
    const empty = agingReport(core.ctx.db, '2026-01-01' as IsoDate, [15, 45]);
    const text = (await exportAging(empty, 'csv', null)).content.toString('utf8');
    expect(text).toBe('\uFEFFClient;Non échu;1–15 j;16–45 j;Plus de 45 j;En litige;Total\r\nTotal;0,00;0,00;0,00;0,00;0,00;0,00\r\n');
  });
});

describe('XLSX', () => {
  let sheet: ExcelJS.Worksheet;
  beforeAll(async () => {
    const file = await exportAging(report, 'xlsx', company, { generatedAt: GENERATED_AT });
    expect(file.fileName).toBe('balance-agee-2026-11-23.xlsx');
    expect(file.mimeType).toBe('application/vnd.openxmlformats-officedocument.spreadsheetml.sheet');
    writeFileSync(join(scratch, file.fileName), file.content);
    const workbook = new ExcelJS.Workbook();
    await workbook.xlsx.load(file.content as unknown as ArrayBuffer);
    sheet = workbook.getWorksheet('Balance âgée')!;
    expect(sheet).toBeDefined();
  });

  it('opens with the title, the company and a bold, filled header row', () => {
    expect(sheet.getCell('A1').value).toBe('Balance âgée au 23/11/2026');
    expect(sheet.getCell('A1').font?.bold).toBe(true);
    expect(sheet.getCell('A2').value).toBe('Atelier Martin');
    const header = sheet.getRow(4);
    expect((header.values as unknown[]).slice(1)).toEqual(['Client', 'Non échu', '1–30 j', '31–60 j', '61–90 j', 'Plus de 90 j', 'En litige', 'Total']);
    header.eachCell((cell) => {
      expect(cell.font?.bold).toBe(true);
      expect(cell.fill).toMatchObject({ type: 'pattern', pattern: 'solid' });
    });
  });

  it('writes each amount as a number of euros with the € format', () => {
    const rows = [5, 6, 7].map((n) => (sheet.getRow(n).values as unknown[]).slice(1));
    expect(rows).toEqual([
      ['Épicerie Martin', 0, 0, 12345.67, 0, 99.99, 0, 12445.66],
      ['Boulangerie Dupont', 4000, 1234.56, 0, 0, 0, 0, 5234.56],
      [FOURNIL, 0, 0, 0, 2400, 0, 750, 3150],
    ]);
    for (const ref of ['B5', 'D5', 'H5', 'C6', 'G7', 'H7', 'B8', 'H8']) expect(sheet.getCell(ref).numFmt).toBe('#,##0.00 "€"');
    expect(sheet.getCell('H6').font?.bold).toBe(true);
  });

  it('ends with a bold totals row of SUM formulas whose cached results are the exact totals', () => {
    expect(sheet.getCell('A8').value).toBe('Total');
    expect(sheet.getCell('A8').font?.bold).toBe(true);
    const expected = [4000, 1234.56, 12345.67, 2400, 99.99, 750, 20830.22];
    ['B', 'C', 'D', 'E', 'F', 'G', 'H'].forEach((col, i) => {
      const cell = sheet.getCell(`${col}8`);
      expect(cell.value).toEqual({ formula: `SUM(${col}5:${col}7)`, result: expected[i] });
      expect(cell.font?.bold).toBe(true);
      // The cached result is the sum of the cells above, to the cent.
      const above = [5, 6, 7].reduce((s, r) => s + Math.round((sheet.getCell(`${col}${r}`).value as number) * 100), 0);
      expect(Math.round((cell.result as number) * 100)).toBe(above);
    });
    expect(sheet.rowCount).toBe(8);
  });

  it('freezes the header, filters it, and sizes its columns', () => {
    expect(sheet.views[0]).toMatchObject({ state: 'frozen', xSplit: 1, ySplit: 4 });
    expect(sheet.autoFilter).toBe('A4:H7');
    expect(sheet.getColumn(1).width).toBeGreaterThanOrEqual(30);
    for (let c = 2; c <= 8; c++) expect(sheet.getColumn(c).width).toBeGreaterThanOrEqual(14);
  });
});

describe('PDF', { timeout: 60_000 }, () => {
  it('is one A4 landscape page with the title, the company, the clients and French amounts', async () => {
    const file = await exportAging(report, 'pdf', company, { generatedAt: GENERATED_AT });
    expect(file.fileName).toBe('balance-agee-2026-11-23.pdf');
    expect(file.mimeType).toBe('application/pdf');
    expect(file.content.subarray(0, 5).toString('latin1')).toBe('%PDF-');
    const { text, pages, path } = pdftotext(file.content, 'book');
    snapshot(path, 'aging-report-book');
    expect(pages).toBe(1);
    const info = execFileSync('pdfinfo', [path], { encoding: 'utf8' });
    expect(info).toMatch(/Page size:\s+841\.89 x 595\.28 pts \(A4\)/);
    const t = plain(text);
    expect(t).toContain('Balance âgée au 23 novembre 2026');
    expect(t).toContain('Atelier Martin');
    expect(t).toContain('Épicerie Martin');
    expect(t).toContain('Boulangerie Dupont');
    expect(t).toContain(FOURNIL);
    // Amounts grouped by thousands with a (narrow) no-break space: a glyph missing from the font
    // would drop the space ("1234,56 €") and fail here.
    for (const amount of ['1 234,56 €', '12 345,67 €', '12 445,66 €', '4 000,00 €', '99,99 €', '750,00 €', '20 830,22 €']) expect(t).toContain(amount);
    expect(t).not.toMatch(/\d{4},\d\d/);
    // Summary line of the buckets, table columns, totals row, footer.
    for (const label of ['Non échu', '1–30 j', '31–60 j', '61–90 j', 'Plus de 90 j', 'En litige', 'Total']) expect(t).toContain(label);
    expect(t).toMatch(/^\s*Total\s+4 000,00 €\s+1 234,56 €\s+12 345,67 €\s+2 400,00 €\s+99,99 €\s+750,00 €\s+20 830,22 €\s*$/m);
    expect(t).toContain('Document généré le 23/11/2026 à 10 h 30');
    expect(t).not.toContain('Autres clients');
    // Only Liberation Sans is embedded (no base-14 font drawing any text).
    const fonts = execFileSync('pdffonts', [path], { encoding: 'utf8' });
    expect(fonts).toMatch(/LiberationSans\s/);
    expect(fonts).toMatch(/LiberationSans-Bold/);
  });

  /** A report of @count clients (long names every fifth), amounts from @amount(client, column). */
  function manyClients(count: number, bounds: number[], amount: (i: number, n: number) => number, disputed: (i: number) => number): AgingReport {
    const buckets = agingBuckets(bounds);
    const rows: AgingRow[] = Array.from({ length: count }, (_, i) => {
      const parts = buckets.map((_, n) => amount(i, n) as Cents);
      const name = i % 5 === 0 ? `Société Coopérative de Production du Bâtiment et des Travaux Publics n° ${i}` : `Client ${String(i).padStart(2, '0')} SARL`;
      const disputedCents = disputed(i) as Cents;
      return { clientId: i + 1, clientName: name, buckets: parts, disputedCents, totalCents: (parts.reduce((s, v) => s + v, 0) + disputedCents) as Cents };
    }).sort((a, b) => b.totalCents - a.totalCents);
    const sum = (f: (r: AgingRow) => number) => rows.reduce((s, r) => s + f(r), 0) as Cents;
    return {
      asOf: '2026-03-01' as IsoDate,
      buckets,
      rows,
      totals: { buckets: buckets.map((_, n) => sum((r) => r.buckets[n]!)), disputedCents: sum((r) => r.disputedCents), totalCents: sum((r) => r.totalCents) },
    };
  }

  it.each([
    // Six bounds and amounts in the hundreds of millions: the narrowest columns, the widest figures.
    { name: 'six-bounds-huge-amounts', bounds: [15, 30, 45, 60, 90, 180], amount: (i: number, n: number) => ((i * 7 + n * 13) % 11) * 1_234_567_89 + i, disputed: (i: number) => (i % 4 === 0 ? 98_765_432_10 : 0), lastLabel: 'Plus de 180 j' },
    // Default bounds and ordinary amounts: the largest type, so the tallest lines.
    { name: 'default-bounds', bounds: [30, 60, 90], amount: (i: number, n: number) => ((i * 7 + n * 13) % 11) * 4_321_09 + i, disputed: (i: number) => (i % 6 === 0 ? 1_500_00 : 0), lastLabel: 'Plus de 90 j' },
  ])('stays on one page with 60 clients, long names and a long company name ($name); the others are summed', async ({ name, bounds, amount, disputed, lastLabel }) => {
    const big = manyClients(60, bounds, amount, disputed);
    const longCompany = { ...company, name: 'Établissements Martin & Fils — Menuiserie, Charpente, Agencement et Rénovation du Patrimoine' };
    const file = await exportAging(big, 'pdf', longCompany, { generatedAt: GENERATED_AT });
    const { text, pages, path } = pdftotext(file.content, name);
    snapshot(path, `aging-report-60-clients-${name}`);
    expect(pages).toBe(1);
    const t = plain(text);
    expect(t).toContain('Balance âgée au 1er mars 2026');
    expect(t).toContain('Autres clients (35)');
    expect(t).toContain(lastLabel);
    // Every shown client on its own line: a cut name ends with an ellipsis, never wraps.
    expect(t).toContain('Société Coopérative de Production');
    expect(t).not.toMatch(/^\s*(Bâtiment|et des Travaux|Travaux Publics)/m);
    const totalLine = t.split('\n').find((l) => /^\s*Total\s+\d/.test(l));
    expect(totalLine).toBeDefined();
    expect(totalLine).toContain(plain(formatEuros(big.totals.totalCents)));
    for (const cents of big.totals.buckets) expect(totalLine).toContain(plain(formatEuros(cents)));
    expect(t).toContain('Document généré le 23/11/2026 à 10 h 30');
  });

  it('says so when nothing is owed', async () => {
    const empty = agingReport(core.ctx.db, '2026-01-01' as IsoDate);
    const { text, pages, path } = pdftotext((await exportAging(empty, 'pdf', null, { generatedAt: GENERATED_AT })).content, 'empty');
    snapshot(path, 'aging-report-empty');
    expect(pages).toBe(1);
    expect(plain(text)).toContain('Aucune créance ouverte à cette date.');
    expect(plain(text)).toContain('Balance âgée au 1er janvier 2026');
  });
});
