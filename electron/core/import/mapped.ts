// A CSV from another tool, its columns mapped to Recouvra's invoice fields: read (separator
// detected), shown (headers, first rows, the guessed mapping, saved presets), then rewritten as
// Recouvra's own factures.csv — one line for one line, so refused lines keep their numbers —
// and handed to the one importer (same checks, all or nothing).
import { parse } from 'csv-parse/sync';
import { guessMapping, mappingProblems, MAPPED_FIELDS, type CsvMapping, type MappedField } from '../../../shared/domain/csv-mapping.js';
import type { ImportPreview, ImportResult } from '../../../shared/domain/import.js';
import type { CoreContext } from '../context.js';
import { AppError } from '../errors.js';
import { applyImport, previewImport } from './apply.js';

export interface CsvSample {
  separator: ';' | ',' | '\t';
  headers: string[];
  rows: string[][];
  rowCount: number;
  guessed: CsvMapping;
  presets: Record<string, CsvMapping>;
}

const PRESETS_KEY = 'csvMappings';

function detectSeparator(firstLine: string): CsvSample['separator'] {
  const counts = ([';', ',', '\t'] as const).map((s) => ({ s, n: firstLine.split(s).length - 1 }));
  counts.sort((a, b) => b.n - a.n);
  return counts[0]!.n > 0 ? counts[0]!.s : ';';
}

function readTable(text: string, fileName: string): { separator: CsvSample['separator']; headers: string[]; rows: string[][] } {
  if (text.includes('\u0000')) throw new AppError('VALIDATION', `${fileName} : ce fichier n’est pas un CSV (contenu binaire).`);
  const normalized = text.replace(/^\uFEFF/, '').replace(/\r\n?/g, '\n');
  const firstLine = normalized.split('\n').find((l) => l.trim() !== '');
  if (!firstLine) throw new AppError('VALIDATION', `${fileName} : fichier vide, la ligne d’en-tête est obligatoire.`);
  const separator = detectSeparator(firstLine);
  let records: string[][];
  try {
    records = parse(normalized, { delimiter: separator, relax_column_count: true, relax_quotes: true, skip_empty_lines: false }) as string[][];
  } catch {
    throw new AppError('VALIDATION', `${fileName} : fichier illisible (guillemets mal placés).`);
  }
  const headers = (records[0] ?? []).map((h) => h.trim());
  if (headers.filter(Boolean).length < 2) throw new AppError('VALIDATION', `${fileName} : une seule colonne trouvée ; séparez les colonnes par « ; », « , » ou une tabulation.`);
  const dupes = headers.filter((h, i) => h && headers.indexOf(h) !== i);
  if (dupes.length) throw new AppError('VALIDATION', `${fileName} : la colonne « ${dupes[0]} » apparaît deux fois dans l’en-tête.`);
  return { separator, headers, rows: records.slice(1) };
}

export function mappingPresets(ctx: CoreContext): Record<string, CsvMapping> {
  return ctx.repos.settings.raw<Record<string, CsvMapping>>(PRESETS_KEY) ?? {};
}

export function saveMappingPreset(ctx: CoreContext, name: string, mapping: CsvMapping): Record<string, CsvMapping> {
  const clean = Object.fromEntries(MAPPED_FIELDS.filter((f) => mapping[f]).map((f) => [f, mapping[f]]));
  ctx.repos.settings.setRaw(PRESETS_KEY, { ...mappingPresets(ctx), [name]: clean }, `Modèle d’import CSV « ${name} » enregistré`);
  return mappingPresets(ctx);
}

export function deleteMappingPreset(ctx: CoreContext, name: string): Record<string, CsvMapping> {
  const { [name]: _removed, ...rest } = mappingPresets(ctx);
  ctx.repos.settings.setRaw(PRESETS_KEY, rest, `Modèle d’import CSV « ${name} » supprimé`);
  return rest;
}

/** Headers, the first rows, the guessed mapping and the saved presets. */
export function sampleCsv(ctx: CoreContext, text: string, fileName: string): CsvSample {
  const { separator, headers, rows } = readTable(text, fileName);
  return { separator, headers, rows: rows.slice(0, 10), rowCount: rows.filter((r) => r.some((c) => c.trim())).length, guessed: guessMapping(headers), presets: mappingPresets(ctx) };
}

const quote = (value: string) => (/[";\n]/.test(value) ? `"${value.replace(/"/g, '""')}"` : value);

/** The file as Recouvra's factures.csv: same rows in the same order (line N stays line N). */
export function toRecouvraInvoices(text: string, fileName: string, mapping: CsvMapping): string {
  const { headers, rows } = readTable(text, fileName);
  const problems = mappingProblems(mapping, headers);
  if (problems.length) throw new AppError('VALIDATION', problems.join(' '), { mapping: problems[0]! });
  const index = Object.fromEntries(MAPPED_FIELDS.map((f) => [f, mapping[f] ? headers.indexOf(mapping[f]!) : -1])) as Record<MappedField, number>;
  const lines = [MAPPED_FIELDS.join(';')];
  for (const row of rows) {
    if (row.every((c) => c.trim() === '')) {
      lines.push('');
      continue;
    }
    lines.push(
      MAPPED_FIELDS.map((f) => {
        const value = index[f] >= 0 ? (row[index[f]] ?? '').trim() : '';
        return quote(f === 'client_kind' && value === '' ? 'professionnel' : value);
      }).join(';'),
    );
  }
  return lines.join('\n');
}

export function previewMapped(ctx: CoreContext, text: string, fileName: string, mapping: CsvMapping): ImportPreview {
  return previewImport(ctx, { invoices: toRecouvraInvoices(text, fileName, mapping), names: { invoices: fileName } });
}

export function applyMapped(ctx: CoreContext, text: string, fileName: string, mapping: CsvMapping): ImportResult {
  return applyImport(ctx, { invoices: toRecouvraInvoices(text, fileName, mapping), names: { invoices: fileName } });
}
