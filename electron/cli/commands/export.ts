// `recouvra export`: the books as Recouvra's three CSV files (clients, factures, paiements).
import { mkdirSync, renameSync, writeFileSync } from 'node:fs';
import { join, resolve } from 'node:path';
import type { Command } from 'commander';
import { exportBooks } from '../../core/export/csv.js';
import { openBook, reportError, DB_HELP, setProcessExitCode, type SetExitCode } from '../context.js';


export interface ExportOptions {
  db?: string;
  out?: string;
}

const count = (n: number, one: string, many: string) => `${String(n).replace(/\B(?=(\d{3})+(?!\d))/g, '\u202f')} ${n > 1 ? many : one}`;

export function runExport(options: ExportOptions): number {
  if (!options.out) {
    console.error('Erreur : indiquez le dossier où écrire les fichiers (--out DOSSIER).');
    return 1;
  }
  let ctx;
  try {
    ctx = openBook(options.db);
  } catch (error) {
    return reportError(error);
  }
  try {
    const files = exportBooks(ctx);
    const counts = ctx.db
      .prepare(
        `SELECT (SELECT count(*) FROM clients) AS clients, (SELECT count(*) FROM invoices) AS invoices,
           (SELECT count(*) FROM payment_allocations) AS allocations`,
      )
      .get() as { clients: number; invoices: number; allocations: number };
    const dir = resolve(options.out);
    mkdirSync(dir, { recursive: true });
    for (const [name, text] of Object.entries(files)) {
      // Written beside, then renamed: an interrupted export never leaves half a file.
      const path = join(dir, name);
      writeFileSync(`${path}.partial`, text, 'utf8');
      renameSync(`${path}.partial`, path);
    }
    console.log(`Fichiers écrits dans ${dir} :`);
    console.log(`  clients.csv : ${count(counts.clients, 'client', 'clients')}`);
    console.log(`  factures.csv : ${count(counts.invoices, 'facture', 'factures')}`);
    console.log(`  paiements.csv : ${count(counts.allocations, 'ligne', 'lignes')} (une par paiement et par facture réglée)`);
    return 0;
  } catch (error) {
    if (error instanceof Error && 'code' in error && typeof error.code === 'string' && /^E[A-Z]+$/.test(error.code)) {
      console.error(`Erreur : impossible d’écrire dans ${options.out} (${error.code}).`);
      return 1;
    }
    return reportError(error);
  } finally {
    ctx.close();
  }
}

/** Adds `recouvra export` to the program. `setExitCode` receives the exit code (by default process.exitCode). */
export function registerExport(
  program: Command,
  setExitCode: SetExitCode = setProcessExitCode,
): Command {
  return program
    .command('export')
    .description('exporte les clients, factures et paiements en CSV (clients.csv, factures.csv, paiements.csv), réimportables')
    .option('--db <fichier>', DB_HELP)
    .option('--out <dossier>', 'dossier où écrire les trois fichiers')
    .action((opts: ExportOptions) => {
      setExitCode(runExport(opts));
    });
}
