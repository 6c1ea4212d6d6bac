// `recouvra seed`: synthetic books (demonstrations, load tests) in an empty data file.
import type { Command } from 'commander';
import { formatEuros } from '../../../shared/domain/money.js';
import { isIsoDate } from '../../../shared/domain/dates.js';
import { seedBooks } from '../../core/seed/seed.js';
import { openBook, reportError, setProcessExitCode, type SetExitCode } from '../context.js';

const DB_HELP = 'fichier de données SQLite, vide (sinon RECOUVRA_DB, sinon le dossier de l’application)';

export interface SeedCliOptions {
  db?: string;
  clients?: string;
  invoices?: string;
  seed?: string;
  today?: string;
  json?: boolean;
}

const count = (n: number) => String(n).replace(/\B(?=(\d{3})+(?!\d))/g, '\u202f');

function integer(value: string | undefined, name: string, min: number, max: number, fallback?: number): number | string {
  if (value === undefined) return fallback ?? `indiquez ${name}.`;
  const n = Number(value.replace(/[\s_]/g, ''));
  if (!Number.isInteger(n) || n < min || n > max) return `${name} : un nombre entier entre ${count(min)} et ${count(max)} (reçu « ${value} »).`;
  return n;
}

export function runSeed(options: SeedCliOptions): number {
  const clients = integer(options.clients, '--clients', 1, 1_000_000);
  const invoices = integer(options.invoices, '--invoices', 0, 5_000_000);
  const seed = integer(options.seed, '--seed', 0, 2 ** 31 - 1, 1);
  for (const v of [clients, invoices, seed]) {
    if (typeof v === 'string') {
      console.error(`Erreur : ${v}`);
      return 1;
    }
  }
  if (options.today !== undefined && !isIsoDate(options.today)) {
    console.error(`Erreur : --today : une date AAAA-MM-JJ (reçu « ${options.today} »).`);
    return 1;
  }
  let ctx;
  try {
    ctx = openBook(options.db);
  } catch (error) {
    return reportError(error);
  }
  try {
    const report = seedBooks(ctx, {
      clients: clients as number,
      invoices: invoices as number,
      seed: seed as number,
      ...(options.today ? { today: options.today as never } : {}),
      onProgress: options.json ? undefined : (line) => console.log(line),
    });
    if (options.json) {
      console.log(JSON.stringify(report, null, 2));
      return 0;
    }
    console.log(`Données de démonstration générées en ${(report.elapsedMs / 1000).toFixed(1).replace('.', ',')} s (graine ${report.seed}, au ${report.today}) :`);
    console.log(`  Clients : ${count(report.clients)} dont ${count(report.consumers)} particuliers`);
    console.log(`  Factures : ${count(report.invoices)} pour ${formatEuros(report.invoicedCents)} TTC`);
    console.log(`  Paiements : ${count(report.payments)} pour ${formatEuros(report.paidCents)}`);
    console.log(`  Avoirs : ${count(report.creditNotes)} pour ${formatEuros(report.creditedCents)}`);
    console.log(`  Litiges : ${count(report.disputes)} dont ${count(report.disputesClosed)} clos ; promesses de paiement : ${count(report.promises)}`);
    console.log(`  Reste dû : ${formatEuros(report.openBalanceCents)}`);
    return 0;
  } catch (error) {
    return reportError(error);
  } finally {
    ctx.close();
  }
}

/** Adds `recouvra seed` to the program. `setExitCode` receives the exit code (by default process.exitCode). */
export function registerSeed(
  program: Command,
  setExitCode: SetExitCode = setProcessExitCode,
): Command {
  return program
    .command('seed')
    .description('génère des données de démonstration (clients, factures, paiements…) dans un fichier de données vide')
    .option('--db <fichier>', DB_HELP)
    .option('--clients <n>', 'nombre de clients')
    .option('--invoices <n>', 'nombre de factures')
    .option('--seed <n>', 'graine : la même graine donne les mêmes données', '1')
    .option('--today <AAAA-MM-JJ>', 'date du jour des données (par défaut : aujourd’hui)')
    .option('--json', 'rapport en JSON')
    .action((opts: SeedCliOptions) => {
      setExitCode(runSeed(opts));
    });
}
