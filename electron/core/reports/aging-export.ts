// Exports of the aging report: XLSX (formatted, with totals), CSV for French Excel, one-page PDF.
// PLACEHOLDER SIGNATURE — implemented by the export work; see aging-export.test.ts.
import type { AgingReport } from '../../../shared/domain/aging.js';
import type { Company } from '../../../shared/domain/company.js';

export interface ExportedFile {
  fileName: string;
  mimeType: string;
  content: Buffer;
}

export async function exportAging(report: AgingReport, format: 'xlsx' | 'csv' | 'pdf', company: Company | null): Promise<ExportedFile> {
  void report;
  void company;
  throw new Error(`aging export ${format} not implemented yet`);
}
