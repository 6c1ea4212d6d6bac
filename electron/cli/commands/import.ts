// `recouvra import`: clients, invoices and payments from Recouvra's CSV files, all or nothing.
import { readFileSync } from 'node:fs';
import { basename } from 'node:path';
import type { Command } from 'commander';
import { formatEuros } from '../../../shared/domain/money.js';
import { AppError } from '../../core/errors.js';
import { applyImport, ImportRefusedError, previewImport, type ImportPreview, type ImportResult } from '../../core/import/apply.js';
import { formatImportError, type ImportFiles } from '../../core/import/csv.js';
import { openBook, reportError, DB_HELP, setProcessExitCode, type SetExitCode } from '../context.js';


export interface ImportOptions {
  db?: string;
  clients?: string;
  invoices?: string;
  payments?: string;
  dryRun?: boolean;
  json?: boolean;
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
    return new TextDecoder('windows-1252').decode(bytes);
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

export function runImport(options: ImportOptions): number {
  if (!options.invoices) {
    console.error('Erreur : indiquez le fichier des factures (--invoices factures.csv).');
    return 1;
  }
  const readWarnings: string[] = [];
  let files: ImportFiles;
  try {
    files = { names: {} };
    for (const kind of ['clients', 'invoices', 'payments'] as const) {
      const path = options[kind];
      if (path) {
        files[kind] = readCsv(path, readWarnings);
        files.names![kind] = basename(path);
      }
    }
  } catch (error) {
    return reportError(error);
  }
  let ctx;
  try {
    ctx = openBook(options.db);
  } catch (error) {
    return reportError(error);
  }
  try {
    const outcome = options.dryRun ? previewImport(ctx, files) : applyImport(ctx, files);
    if (options.dryRun && (outcome as ImportPreview).errors.length) {
      throw new ImportRefusedError((outcome as ImportPreview).errors, outcome.warnings);
    }
    const warnings = [...readWarnings, ...outcome.warnings];
    if (options.json) console.log(JSON.stringify({ ok: true, ...outcome, warnings }, null, 2));
    else printSummary(outcome, Boolean(options.dryRun));
    for (const w of warnings) console.error(`Attention : ${w}`);
    return 0;
  } catch (error) {
    if (error instanceof ImportRefusedError) {
      const warnings = [...readWarnings, ...error.warnings];
      if (options.json) console.log(JSON.stringify({ ok: false, errors: error.errors, warnings }, null, 2));
      for (const w of warnings) console.error(`Attention : ${w}`);
      for (const e of error.errors) console.error(formatImportError(e));
      console.error(
        `Import refusé : ${count(error.errors.length)} erreur${error.errors.length > 1 ? 's' : ''}. Rien n’a été enregistré ; corrigez les lignes ci-dessus puis relancez.`,
      );
      return 1;
    }
    return reportError(error);
  } finally {
    ctx.close();
  }
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
    .description('importe clients, factures et paiements depuis des fichiers CSV (« ; », UTF-8) : tout ou rien')
    .option('--db <fichier>', DB_HELP)
    .option('--invoices <fichier>', 'factures (obligatoire) : client_name;client_siren;client_kind;invoice_number;issue_date;due_date;amount_ttc[;amount_ht;delivery_date;reference]')
    .option('--clients <fichier>', 'clients : name;kind;siren;siret;vat;address_1…address_6;email;phone;payment_terms_days')
    .option('--payments <fichier>', 'paiements : invoice_number;payment_date;amount;method')
    .option('--dry-run', 'vérifie les fichiers sans rien enregistrer')
    .option('--json', 'sortie JSON')
    .action((opts: ImportOptions) => {
      setExitCode(runImport(opts));
    });
}
