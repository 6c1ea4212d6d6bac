// `recouvra import`: clients, invoices and payments from Recouvra's CSV files, all or nothing.
import { readFileSync } from 'node:fs';
import { basename } from 'node:path';
import type { Command } from 'commander';
import { formatEuros } from '../../../shared/domain/money.js';
import { AppError } from '../../core/errors.js';
import { applyImport, ImportRefusedError, previewImport, type ImportPreview, type ImportResult } from '../../core/import/apply.js';
import { formatImportError, type ImportFiles } from '../../core/import/csv.js';
import { applyEInvoices, previewEInvoices } from '../../core/import/einvoice.js';
import { applyFec, decodeWindows1252, previewFec } from '../../core/import/fec.js';
import { applyMapped, mappingPresets, previewMapped } from '../../core/import/mapped.js';
import type { CoreContext } from '../../core/context.js';
import { reportError, DB_HELP, setProcessExitCode, withBook, type SetExitCode } from '../context.js';


export interface ImportOptions {
  db?: string;
  clients?: string;
  invoices?: string;
  payments?: string;
  csv?: string;
  mapping?: string;
  facturx?: string[];
  cii?: string[];
  ubl?: string[];
  fec?: string;
  dryRun?: boolean;
  json?: boolean;
}

/** What to import, once the options are read: a preview and an apply over the opened book. */
interface ImportJob {
  preview(ctx: CoreContext): ImportPreview | Promise<ImportPreview>;
  apply(ctx: CoreContext): ImportResult | Promise<ImportResult>;
}

function readBinary(path: string): Buffer {
  try {
    return readFileSync(path);
  } catch {
    throw new AppError('VALIDATION', `Fichier introuvable ou illisible : ${path}`);
  }
}

/** The job the options ask for, or a French error naming the option. */
function jobFor(options: ImportOptions, readWarnings: string[]): ImportJob | string {
  const einvoices = [...(options.facturx ?? []).map((p) => ['facturx', p] as const), ...(options.cii ?? []).map((p) => ['cii', p] as const), ...(options.ubl ?? []).map((p) => ['ubl', p] as const)];
  const sources = [options.invoices || options.clients || options.payments ? 'csv' : null, options.csv ? 'mapped' : null, einvoices.length ? 'einvoice' : null, options.fec ? 'fec' : null].filter(Boolean);
  if (sources.length === 0) return 'indiquez quoi importer : --invoices factures.csv, --csv F --mapping NOM, --facturx F.pdf, --cii F.xml, --ubl F.xml ou --fec F.';
  if (sources.length > 1) return 'une seule sorte de fichiers par import (CSV de Recouvra, --csv, factures électroniques ou --fec).';
  if (options.csv) {
    if (!options.mapping) return '--mapping : indiquez le modèle de colonnes enregistré dans l’application (Factures → Importer → Autre CSV).';
    const text = readCsv(options.csv, readWarnings);
    const name = basename(options.csv);
    const mappingName = options.mapping;
    const mapping = (ctx: CoreContext) => {
      const preset = mappingPresets(ctx)[mappingName];
      if (!preset) throw new AppError('VALIDATION', `--mapping : aucun modèle « ${mappingName} » (modèles : ${Object.keys(mappingPresets(ctx)).join(', ') || 'aucun'}).`);
      return preset;
    };
    return { preview: (ctx) => previewMapped(ctx, text, name, mapping(ctx)), apply: (ctx) => applyMapped(ctx, text, name, mapping(ctx)) };
  }
  if (einvoices.length) {
    const files = einvoices.map(([kind, path]) => ({ fileName: basename(path), bytes: readBinary(path), kind }));
    return { preview: (ctx) => previewEInvoices(ctx, files), apply: (ctx) => applyEInvoices(ctx, files) };
  }
  if (options.fec) return fecJob(readBinary(options.fec), basename(options.fec));
  if (!options.invoices && !options.clients && !options.payments) return 'indiquez le fichier des factures (--invoices factures.csv).';
  const files: ImportFiles = { names: {} };
  for (const kind of ['clients', 'invoices', 'payments'] as const) {
    const path = options[kind];
    if (path) {
      files[kind] = readCsv(path, readWarnings);
      files.names![kind] = basename(path);
    }
  }
  return { preview: (ctx) => previewImport(ctx, files), apply: (ctx) => applyImport(ctx, files) };
}

const count = (n: number) => String(n).replace(/\B(?=(\d{3})+(?!\d))/g, '\u202f');

/** Reads a CSV file as UTF-8; a file that is not (Excel's "CSV" is Windows-1252) is read as Windows-1252, with a warning. */
function readCsv(path: string, warnings: string[]): string {
  let bytes: Buffer;
  try {
    bytes = readFileSync(path);
  } catch {
    throw new AppError('VALIDATION', `Fichier introuvable ou illisible : ${path}`);
  }
  try {
    return new TextDecoder('utf-8', { fatal: true }).decode(bytes);
  } catch {
    warnings.push(`${basename(path)} : ce fichier n’est pas en UTF-8, il a été lu en Windows-1252 (vérifiez les accents ; enregistrez-le de préférence en « CSV UTF-8 »).`);
    return decodeWindows1252(bytes);
  }
}

function printSummary(r: ImportResult | ImportPreview, dryRun: boolean) {
  const created = 'clientsCreated' in r ? r.clientsCreated : r.clientsToCreate;
  const t = r.totals;
  console.log(dryRun ? 'Vérification terminée : aucune erreur, rien n’a été enregistré (--dry-run).' : 'Import terminé.');
  console.log(`  Clients ${dryRun ? 'à créer' : 'créés'} : ${count(created)} (déjà dans Recouvra : ${count(r.clientsExisting)})`);
  console.log(`  Factures : ${count(r.invoices)} pour ${formatEuros(t.invoicesTtcCents)} TTC`);
  console.log(
    `  Paiements : ${count(r.payments)} pour ${formatEuros(t.paymentsCents)}` +
      (t.unallocatedCents > 0 ? `, dont ${formatEuros(t.unallocatedCents)} au-delà des soldes, laissés en avoir client` : ''),
  );
}

export async function runImport(options: ImportOptions): Promise<number> {
  const readWarnings: string[] = [];
  let job: ImportJob | string;
  try {
    job = jobFor(options, readWarnings);
  } catch (error) {
    return reportError(error);
  }
  if (typeof job === 'string') {
    console.error(`Erreur : ${job}`);
    return 1;
  }
  return withBook(options.db, async (ctx) => {
    try {
      const outcome = options.dryRun ? await job.preview(ctx) : await job.apply(ctx);
      if (options.dryRun && (outcome as ImportPreview).errors.length) {
        throw new ImportRefusedError((outcome as ImportPreview).errors, outcome.warnings);
      }
      const warnings = [...readWarnings, ...outcome.warnings];
      if (options.json) console.log(JSON.stringify({ ok: true, ...outcome, warnings }, null, 2));
      else printSummary(outcome, Boolean(options.dryRun));
      for (const w of warnings) console.error(`Attention : ${w}`);
      return 0;
    } catch (error) {
      if (!(error instanceof ImportRefusedError)) throw error;
      const warnings = [...readWarnings, ...error.warnings];
      if (options.json) console.log(JSON.stringify({ ok: false, errors: error.errors, warnings }, null, 2));
      for (const w of warnings) console.error(`Attention : ${w}`);
      for (const e of error.errors) console.error(formatImportError(e));
      console.error(
        `Import refusé : ${count(error.errors.length)} erreur${error.errors.length > 1 ? 's' : ''}. Rien n’a été enregistré ; corrigez les lignes ci-dessus puis relancez.`,
      );
      return 1;
    }
  });
}

/**
 * Adds `recouvra import` to the program. `setExitCode` receives the command's exit code
 * (by default process.exitCode).
 */
export function registerImport(
  program: Command,
  setExitCode: SetExitCode = setProcessExitCode,
): Command {
  return program
    .command('import')
    .description('importe clients, factures et paiements (CSV de Recouvra, autre CSV avec un modèle de colonnes, factures électroniques, FEC) : aperçu ou import, tout ou rien')
    .option('--db <fichier>', DB_HELP)
    .option('--invoices <fichier>', 'factures (obligatoire) : client_name;client_siren;client_kind;invoice_number;issue_date;due_date;amount_ttc[;amount_ht;delivery_date;reference]')
    .option('--clients <fichier>', 'clients : name;kind;siren;siret;vat;address_1…address_6;email;phone;payment_terms_days')
    .option('--payments <fichier>', 'paiements : invoice_number;payment_date;amount;method')
    .option('--csv <fichier>', 'un CSV d’un autre outil, lu avec le modèle de colonnes --mapping')
    .option('--mapping <nom>', 'nom du modèle de colonnes enregistré dans l’application')
    .option('--facturx <fichier.pdf...>', 'factures Factur-X / ZUGFeRD (PDF)')
    .option('--cii <fichier.xml...>', 'factures CII (XML, EN 16931)')
    .option('--ubl <fichier.xml...>', 'factures ou avoirs UBL (XML, EN 16931)')
    .option('--fec <fichier>', 'fichier des écritures comptables (FEC) : clients 411, factures, avoirs, règlements et lettrage')
    .option('--dry-run', 'vérifie les fichiers sans rien enregistrer')
    .option('--json', 'sortie JSON')
    .action(async (opts: ImportOptions) => {
      setExitCode(await runImport(opts));
    });
}

/** The FEC import (electron/core/import/fec.ts). */
function fecJob(bytes: Buffer, fileName: string): ImportJob {
  return { preview: (ctx) => previewFec(ctx, bytes, fileName), apply: (ctx) => applyFec(ctx, bytes, fileName) };
}
