// Exports of the aging report: XLSX (formatted, with totals), CSV for French Excel, one-page PDF.
// Each takes the report as computed (integer cents) and only formats it; nothing is recomputed.
import ExcelJS from 'exceljs';
import type { AgingReport, AgingRow } from '../../../shared/domain/aging.js';
import type { Company } from '../../../shared/domain/company.js';
import { formatDateFr, todayLocal } from '../../../shared/domain/dates.js';
import { formatEurosInput, type Cents } from '../../../shared/domain/money.js';
import { agingPdfModel } from '../documents/aging-pdf-model.js';
import { csvCell } from '../export/csv.js';

export interface ExportedFile {
  fileName: string;
  mimeType: string;
  content: Buffer;
}

export interface AgingExportOptions {
  /** When the file is made (PDF footer, XLSX properties); the system clock by default. */
  generatedAt?: Date;
}

export const AGING_MIME_TYPES = {
  csv: 'text/csv; charset=utf-8',
  xlsx: 'application/vnd.openxmlformats-officedocument.spreadsheetml.sheet',
  pdf: 'application/pdf',
} as const;

/** "balance-agee-2026-11-23.xlsx" */
export function agingFileName(report: AgingReport, format: 'xlsx' | 'csv' | 'pdf'): string {
  return `balance-agee-${report.asOf}.${format}`;
}

/** Column titles after "Client": the buckets, "En litige", "Total". */
function amountTitles(report: AgingReport): string[] {
  return [...report.buckets.map((b) => b.label), 'En litige', 'Total'];
}

function amountsOf(r: Pick<AgingRow, 'buckets' | 'disputedCents' | 'totalCents'>): Cents[] {
  return [...r.buckets, r.disputedCents, r.totalCents];
}

// ——— CSV ———

const BOM = '\uFEFF';
const EOL = '\r\n';

/**
 * The CSV French Excel opens as it is: UTF-8 with a BOM, `;`, CRLF, decimal comma and no
 * thousands separator ("1234,56"), a header row, one row per client, then a "Total" row.
 */
export function agingCsv(report: AgingReport): string {
  const line = (cells: readonly string[]) => cells.map(csvCell).join(';') + EOL;
  let text = BOM + line(['Client', ...amountTitles(report)]);
  for (const row of report.rows) text += line([row.clientName, ...amountsOf(row).map(formatEurosInput)]);
  text += line(['Total', ...amountsOf(report.totals).map(formatEurosInput)]);
  return text;
}

// ——— XLSX ———

const EURO_FORMAT = '#,##0.00 "€"';
const HEADER_FILL: ExcelJS.Fill = { type: 'pattern', pattern: 'solid', fgColor: { argb: 'FF1F3A5F' } };
const TOTAL_FILL: ExcelJS.Fill = { type: 'pattern', pattern: 'solid', fgColor: { argb: 'FFE4E7EB' } };

/** Spreadsheet column letter of a 1-based index (1 → A, 27 → AA). */
function columnLetter(index: number): string {
  let n = index;
  let letters = '';
  while (n > 0) {
    const rem = (n - 1) % 26;
    letters = String.fromCharCode(65 + rem) + letters;
    n = Math.floor((n - 1) / 26);
  }
  return letters;
}

/**
 * The value written in a cell for an amount. Money is integer cents everywhere in Recouvra; a
 * spreadsheet shows euros, so each cell gets cents / 100, computed once from the exact integer
 * (a float here is only the spreadsheet's display value, never used for further arithmetic).
 */
const euros = (value: number) => value / 100;

export async function agingXlsx(report: AgingReport, company: Company | null, generatedAt: Date = new Date()): Promise<Buffer> {
  const workbook = new ExcelJS.Workbook();
  workbook.creator = company?.name || 'Recouvra';
  workbook.created = generatedAt;
  workbook.modified = generatedAt;
  workbook.title = `Balance âgée au ${formatDateFr(report.asOf)}`;

  const titles = amountTitles(report);
  const lastCol = titles.length + 1;
  const sheet = workbook.addWorksheet('Balance âgée', {
    pageSetup: { orientation: 'landscape', paperSize: 9, fitToPage: true, fitToWidth: 1, fitToHeight: 0 },
  });

  // Title block: title, company name (if any), a blank line, then the table.
  const titleRow = sheet.addRow([`Balance âgée au ${formatDateFr(report.asOf)}`]);
  titleRow.font = { bold: true, size: 14, color: { argb: 'FF1F3A5F' } };
  sheet.mergeCells(titleRow.number, 1, titleRow.number, lastCol);
  if (company?.name) {
    const companyRow = sheet.addRow([company.name]);
    companyRow.font = { size: 11 };
    sheet.mergeCells(companyRow.number, 1, companyRow.number, lastCol);
  }
  sheet.addRow([]);

  const header = sheet.addRow(['Client', ...titles]);
  header.height = 20;
  header.eachCell((cell, col) => {
    cell.font = { bold: true, color: { argb: 'FFFFFFFF' } };
    cell.fill = HEADER_FILL;
    cell.alignment = { vertical: 'middle', horizontal: col === 1 ? 'left' : 'right' };
    cell.border = { bottom: { style: 'thin', color: { argb: 'FF1F2933' } } };
  });

  const firstData = header.number + 1;
  for (const row of report.rows) {
    sheet.addRow([row.clientName, ...amountsOf(row).map(euros)]);
  }
  const lastData = firstData + report.rows.length - 1;

  // Totals: SUM formulas, with their cached results set to the exact totals (from the cents), so
  // a reader that does not recalculate (viewers, exceljs itself) shows the right figures.
  const totals = amountsOf(report.totals);
  const totalRow = sheet.addRow([
    'Total',
    ...totals.map((value, i) => {
      if (report.rows.length === 0) return 0;
      const col = columnLetter(i + 2);
      return { formula: `SUM(${col}${firstData}:${col}${lastData})`, result: euros(value) };
    }),
  ]);
  totalRow.eachCell((cell) => {
    cell.font = { bold: true };
    cell.fill = TOTAL_FILL;
    cell.border = { top: { style: 'thin', color: { argb: 'FF1F2933' } } };
  });

  // Columns: client name wide enough for its longest name (within reason), amounts with € format.
  const longestName = Math.max(12, ...report.rows.map((r) => r.clientName.length));
  sheet.getColumn(1).width = Math.min(50, longestName + 2);
  for (let col = 2; col <= lastCol; col++) {
    const column = sheet.getColumn(col);
    column.width = col === lastCol ? 18 : 16;
    column.numFmt = EURO_FORMAT;
    column.alignment = { horizontal: 'right' };
  }
  // Column styles are applied when rows are added; set the cells too so every reader sees them.
  for (let r = firstData; r <= totalRow.number; r++) {
    for (let col = 2; col <= lastCol; col++) sheet.getCell(r, col).numFmt = EURO_FORMAT;
    sheet.getCell(r, lastCol).font = { bold: true };
  }
  header.getCell(lastCol).font = { bold: true, color: { argb: 'FFFFFFFF' } };

  sheet.views = [{ state: 'frozen', xSplit: 1, ySplit: header.number, topLeftCell: `B${firstData}`, activeCell: `B${firstData}` }];
  sheet.autoFilter = { from: { row: header.number, column: 1 }, to: { row: Math.max(header.number, lastData), column: lastCol } };

  const data = await workbook.xlsx.writeBuffer();
  return Buffer.from(data as ArrayBuffer);
}

// ——— PDF ———

function generatedLabel(at: Date): string {
  const pad = (n: number) => String(n).padStart(2, '0');
  return `Document généré le ${formatDateFr(todayLocal(at))} à ${at.getHours()} h ${pad(at.getMinutes())}`;
}

export async function agingPdf(report: AgingReport, company: Company | null, generatedAt: Date = new Date()): Promise<Buffer> {
  // Loaded on demand: the PDF renderer (React, fonts, layout engine) is heavy and only this needs it.
  const { renderAgingPdf } = await import('../documents/AgingReportPdf.js');
  return renderAgingPdf(agingPdfModel(report, company, { generatedLabel: generatedLabel(generatedAt) }), generatedAt);
}

export async function exportAging(
  report: AgingReport,
  format: 'xlsx' | 'csv' | 'pdf',
  company: Company | null,
  options: AgingExportOptions = {},
): Promise<ExportedFile> {
  const generatedAt = options.generatedAt ?? new Date();
  const fileName = agingFileName(report, format);
  const mimeType = AGING_MIME_TYPES[format];
  switch (format) {
    case 'csv':
      return { fileName, mimeType, content: Buffer.from(agingCsv(report), 'utf8') };
    case 'xlsx':
      return { fileName, mimeType, content: await agingXlsx(report, company, generatedAt) };
    case 'pdf':
      return { fileName, mimeType, content: await agingPdf(report, company, generatedAt) };
    default:
      throw new Error(`Format d’export inconnu : ${String(format)}`);
  }
}
