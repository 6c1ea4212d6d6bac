// `recouvra aging`: the aging report (balance âgée) of the books at a date, as a table in the
// terminal, as JSON (amounts in cents), as CSV on stdout or in a file, or as an XLSX or PDF file.
// Bucket bounds come from the book settings (Paramètres → Calculs).
import { existsSync, renameSync, statSync, writeFileSync } from 'node:fs';
import { join, resolve } from 'node:path';
import type { Command } from 'commander';
import type { AgingReport } from '../../../shared/domain/aging.js';
import type { Company } from '../../../shared/domain/company.js';
import { formatDateFr, parseDateInput, type IsoDate } from '../../../shared/domain/dates.js';
import { formatEuros, type Cents } from '../../../shared/domain/money.js';
import { agingPdfModel } from '../../core/documents/aging-pdf-model.js';
import { agingReport } from '../../core/repositories/aging.js';
import { agingCsv, exportAging } from '../../core/reports/aging-export.js';
import { openBook, reportError, DB_HELP, setProcessExitCode, type SetExitCode } from '../context.js';


/** Clients listed by the plain-text table; the others are summed on one line. */
export const AGING_CLI_TOP = 30;

export interface AgingCliOptions {
  db?: string;
  asOf?: string;
  json?: boolean;
  /** true: CSV on stdout; a string: the file to write. */
  csv?: boolean | string;
  xlsx?: string;
  pdf?: string;
}

type Output = { kind: 'table' } | { kind: 'json' } | { kind: 'csv-stdout' } | { kind: 'csv' | 'xlsx' | 'pdf'; file: string };

class OptionError extends Error {
  constructor(
    readonly option: string,
    message: string,
  ) {
    super(message);
  }
}

function chooseOutput(options: AgingCliOptions): Output {
  const chosen = (
    [
      ['--json', options.json],
      ['--csv', options.csv],
      ['--xlsx', options.xlsx],
      ['--pdf', options.pdf],
    ] as const
  ).filter(([, v]) => v !== undefined && v !== false);
  if (chosen.length > 1) {
    throw new OptionError(chosen[1]![0], `une seule sortie à la fois : ${chosen.map(([o]) => o).join(' et ')} ne vont pas ensemble.`);
  }
  for (const option of ['xlsx', 'pdf'] as const) {
    const value = options[option];
    if (value !== undefined && value.trim() === '') throw new OptionError(`--${option}`, `indiquez le fichier à écrire (par exemple --${option} balance-agee.${option}).`);
  }
  if (typeof options.csv === 'string' && options.csv.trim() === '') throw new OptionError('--csv', 'indiquez le fichier à écrire, ou rien pour écrire sur la sortie standard.');
  if (options.json) return { kind: 'json' };
  if (typeof options.csv === 'string') return { kind: 'csv', file: options.csv };
  if (options.csv === true) return { kind: 'csv-stdout' };
  if (options.xlsx !== undefined) return { kind: 'xlsx', file: options.xlsx };
  if (options.pdf !== undefined) return { kind: 'pdf', file: options.pdf };
  return { kind: 'table' };
}

function parseAsOf(value: string | undefined): IsoDate | null {
  if (value === undefined) return null;
  const date = parseDateInput(value);
  if (!date) throw new OptionError('--as-of', `date invalide « ${value} » (attendu AAAA-MM-JJ, par exemple 2026-11-23).`);
  return date;
}

/** The path to write: @file itself, or the report's usual file name inside @file when it is a folder. */
function targetPath(file: string, fileName: string): string {
  const path = resolve(file);
  return existsSync(path) && statSync(path).isDirectory() ? join(path, fileName) : path;
}

/** Writes beside, then renames: an interrupted export never leaves half a file. */
function writeFileAtomically(path: string, content: Buffer, option: string): void {
  const partial = `${path}.partial`;
  try {
    writeFileSync(partial, content);
    renameSync(partial, path);
  } catch (error) {
    const reason = (error as NodeJS.ErrnoException).code === 'ENOENT' ? 'dossier introuvable' : (error as Error).message;
    throw new OptionError(option, `impossible d’écrire « ${path} » (${reason}).`);
  }
}

const clientCount = (n: number) => (n === 0 ? 'aucun client' : `${String(n).replace(/\B(?=(\d{3})+(?!\d))/g, '\u202f')} client${n > 1 ? 's' : ''}`);

/** The report as a plain-text table: the largest clients, the others on one line, the totals. */
export function agingTable(report: AgingReport, company: Company | null, top = AGING_CLI_TOP): string {
  const lines: string[] = [];
  lines.push(`Balance âgée au ${formatDateFr(report.asOf)}${company?.name ? ` — ${company.name}` : ''}`);
  if (report.rows.length === 0) {
    lines.push(`Aucune créance ouverte au ${formatDateFr(report.asOf)}.`);
    return lines.join('\n');
  }
  const model = agingPdfModel(report, company, { maxRows: top });
  const shown = model.rows.filter((r) => !r.others).length;
  lines.push(
    `${clientCount(report.rows.length)} avec un solde ouvert (montants TTC restant dus)${model.otherCount > 0 ? ` ; les ${shown} plus gros soldes, puis les autres regroupés` : ''}`,
    '',
  );
  const cell = (v: Cents) => (v === 0 ? '–' : formatEuros(v));
  const body = [...model.rows.map((r) => [r.label, ...r.amounts.map(cell)]), ['Total', ...model.totals.map(cell)]];
  const header = ['Client', ...model.columns];
  const widths = header.map((h, col) => Math.max(h.length, ...body.map((r) => (r[col] ?? '').length)));
  const format = (cells: string[]) => cells.map((c, col) => (col === 0 ? c.padEnd(widths[col]!) : c.padStart(widths[col]!))).join('  ').trimEnd();
  const rule = widths.map((w) => '─'.repeat(w)).join('  ');
  lines.push(format(header), rule);
  for (const row of body.slice(0, -1)) lines.push(format(row));
  lines.push(rule, format(body[body.length - 1]!));
  return lines.join('\n');
}

export async function runAging(options: AgingCliOptions): Promise<number> {
  let output: Output;
  let asOf: IsoDate | null;
  try {
    output = chooseOutput(options);
    asOf = parseAsOf(options.asOf);
  } catch (error) {
    if (error instanceof OptionError) {
      console.error(`Erreur : ${error.option} : ${error.message}`);
      return 1;
    }
    throw error;
  }
  let ctx;
  try {
    ctx = openBook(options.db);
  } catch (error) {
    return reportError(error);
  }
  try {
    const report = agingReport(ctx.db, asOf ?? ctx.clock.today(), ctx.repos.settings.get().agingBounds);
    const company = ctx.repos.company.get();
    if (output.kind === 'table') {
      console.log(agingTable(report, company));
      return 0;
    }
    if (output.kind === 'json') {
      console.log(JSON.stringify({ asOf: report.asOf, buckets: report.buckets, rows: report.rows, totals: report.totals }, null, 2));
      return 0;
    }
    if (output.kind === 'csv-stdout') {
      process.stdout.write(agingCsv(report));
      return 0;
    }
    const format = output.kind;
    const file = await exportAging(report, format, company);
    const path = targetPath(output.file, file.fileName);
    writeFileAtomically(path, file.content, `--${format}`);
    console.log(path);
    return 0;
  } catch (error) {
    if (error instanceof OptionError) {
      console.error(`Erreur : ${error.option} : ${error.message}`);
      return 1;
    }
    return reportError(error);
  } finally {
    ctx.close();
  }
}

/** Adds `recouvra aging` to the program. `setExitCode` receives the exit code (by default process.exitCode). */
export function registerAging(
  program: Command,
  setExitCode: SetExitCode = setProcessExitCode,
): Command {
  return program
    .command('aging')
    .description('balance âgée : les soldes ouverts par client et par ancienneté (tranches des Paramètres)')
    .option('--db <fichier>', DB_HELP)
    .option('--as-of <AAAA-MM-JJ>', 'date de la balance (par défaut : aujourd’hui) ; les paiements, avoirs et litiges postérieurs sont ignorés')
    .option('--json', 'sortie JSON (montants en centimes)')
    .option('--csv [fichier]', 'CSV pour Excel (UTF-8 avec BOM, « ; », virgule décimale) : sur la sortie standard, ou dans le fichier indiqué')
    .option('--xlsx <fichier>', 'classeur Excel mis en forme (un dossier : balance-agee-AAAA-MM-JJ.xlsx dedans)')
    .option('--pdf <fichier>', 'PDF d’une page, A4 paysage (un dossier : balance-agee-AAAA-MM-JJ.pdf dedans)')
    .addHelpText(
      'after',
      '\nExemples :\n  recouvra aging --db livres.sqlite\n  recouvra aging --db livres.sqlite --as-of 2026-06-30 --json\n  recouvra aging --db livres.sqlite --csv > balance.csv\n  recouvra aging --db livres.sqlite --pdf balance-agee.pdf',
    )
    .action(async (opts: AgingCliOptions) => {
      setExitCode(await runAging(opts));
    });
}
