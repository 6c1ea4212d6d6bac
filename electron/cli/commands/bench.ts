// `recouvra bench`: measures the aging report (app against the sqlite3 shell), the browser-mode
// dashboard and a batch of collection letters (react-pdf against pdfkit alone) on a seeded or
// existing book, and the import of a 100 000-line FEC and of a 100 000-row CSV into fresh books. Results on stdout as `name=value` lines only; progress
// and errors on stderr. Exit code 0 even when a goal fails (it is a measurement), 1 on bad options.
import { existsSync, statSync } from 'node:fs';
import { resolve } from 'node:path';
import type { Command } from 'commander';
import { runBench, runScaleBench, type BenchOptions } from '../../core/bench/bench.js';
import { DEFAULT_BENCH_LETTERS, LETTERS_CHILD_COMMAND, MAX_BENCH_LETTERS, runLettersChildCommand } from '../../core/bench/letters-bench.js';
import { reportError, setProcessExitCode, type SetExitCode } from '../context.js';

export interface BenchCliOptions {
  clients?: string;
  invoices?: string;
  seed?: string;
  db?: string;
  runs?: string;
  skipBrowser?: boolean;
  letters?: string;
  skipLetters?: boolean;
  skipImport?: boolean;
  skipServer?: boolean;
  scale?: string;
}

const count = (n: number) => String(n).replace(/\B(?=(\d{3})+(?!\d))/g, '\u202f');

function integer(value: string | undefined, name: string, min: number, max: number, fallback: number): number | string {
  if (value === undefined) return fallback;
  const n = Number(value.replace(/[\s_]/g, ''));
  if (value.trim() === '' || !Number.isInteger(n) || n < min || n > max) {
    return `${name} : un nombre entier entre ${count(min)} et ${count(max)} (reçu « ${value} »).`;
  }
  return n;
}

/** Checks the options; a French message naming the option when one is wrong. */
export function parseBenchOptions(options: BenchCliOptions): (BenchOptions & { scale?: number }) | string {
  const clients = integer(options.clients, '--clients', 1, 1_000_000, 5000);
  const invoices = integer(options.invoices, '--invoices', 0, 5_000_000, 200_000);
  const seed = integer(options.seed, '--seed', 0, 2 ** 31 - 1, 1);
  const runs = integer(options.runs, '--runs', 1, 1000, 5);
  const letters = integer(options.letters, '--letters', 0, MAX_BENCH_LETTERS, DEFAULT_BENCH_LETTERS);
  const scale = options.scale === undefined ? undefined : integer(options.scale, '--scale', 1, 5_000_000, 1_000_000);
  for (const v of [clients, invoices, seed, runs, letters, scale]) if (typeof v === 'string') return v;
  if (scale !== undefined && options.db !== undefined) return '--scale génère des livres de deux tailles : il ne s’utilise pas avec --db.';
  if (typeof scale === 'number' && scale <= (invoices as number)) {
    return `--scale : plus de factures que la taille de départ (--invoices, ${count(invoices as number)}) ; reçu « ${options.scale} ».`;
  }
  if (options.db !== undefined) {
    if (options.db.trim() === '') return '--db : indiquez un fichier de données.';
    const path = resolve(options.db);
    if (!existsSync(path) || !statSync(path).isFile()) return `--db : fichier introuvable (« ${options.db} ») ; sans --db, des livres temporaires sont générés.`;
  }
  return {
    clients: clients as number,
    invoices: invoices as number,
    seed: seed as number,
    runs: runs as number,
    skipBrowser: options.skipBrowser === true,
    skipImport: options.skipImport === true,
    skipServer: options.skipServer === true,
    ...(typeof scale === 'number' ? { scale } : {}),
    letters: options.skipLetters === true ? 0 : (letters as number),
    ...(options.db !== undefined ? { db: resolve(options.db) } : {}),
  };
}

export async function runBenchCommand(options: BenchCliOptions): Promise<number> {
  const parsed = parseBenchOptions(options);
  if (typeof parsed === 'string') {
    console.error(`Erreur : ${parsed}`);
    return 1;
  }
  if (options.skipLetters === true && options.letters !== undefined) {
    console.error('--skip-letters : les courriers ne sont pas mesurés, --letters est ignoré.');
  }
  if (parsed.db && (options.clients !== undefined || options.invoices !== undefined || options.seed !== undefined)) {
    console.error('Avec --db, les livres existants sont mesurés tels quels : --clients, --invoices et --seed sont ignorés.');
  }
  if (parsed.scale !== undefined && options.clients !== undefined) {
    console.error('Avec --scale, chaque taille a un client pour 50 factures : --clients est ignoré.');
  }
  const io = {
    out: (line: string) => process.stdout.write(`${line}\n`),
    err: (line: string) => process.stderr.write(`${line}\n`),
  };
  try {
    if (parsed.scale !== undefined) await runScaleBench({ ...parsed, scale: parsed.scale }, io);
    else await runBench(parsed, io);
    return 0;
  } catch (error) {
    return reportError(error);
  }
}

/** Adds `recouvra bench` to the program. `setExitCode` receives the exit code (by default process.exitCode). */
export function registerBench(
  program: Command,
  setExitCode: SetExitCode = setProcessExitCode,
): Command {
  // Internal: the letters batch runs in a process of its own, so that its peak memory is its own.
  program
    .command(LETTERS_CHILD_COMMAND, { hidden: true })
    .argument('<travail>')
    .action(async (job: string) => {
      setExitCode(await runLettersChildCommand(job));
    });
  return program
    .command('bench')
    .description(
      'mesure sur de gros livres la balance âgée (application contre sqlite3), le tableau de bord en mode navigateur, un lot de mises en demeure (react-pdf contre pdfkit seul) et l’import d’un FEC et d’un CSV de 100 000 lignes',
    )
    .option('--clients <n>', 'nombre de clients générés (par défaut : 5000)')
    .option('--invoices <n>', 'nombre de factures générées (par défaut : 200000)')
    .option('--seed <n>', 'graine des données générées (par défaut : 1)')
    .option('--db <fichier>', 'mesure ce fichier de données existant au lieu de générer des livres temporaires')
    .option('--runs <n>', 'nombre de passages par mesure ; la médiane est retenue (par défaut : 5)')
    .option('--skip-browser', 'ne mesure pas le tableau de bord dans Chromium')
    .option('--letters <n>', `nombre de mises en demeure du lot, de 0 à ${MAX_BENCH_LETTERS} ; 0 ne les mesure pas (par défaut : ${DEFAULT_BENCH_LETTERS})`)
    .option('--skip-letters', 'ne mesure pas les courriers')
    .option('--skip-import', 'ne mesure pas les imports (FEC et CSV de 100 000 lignes)')
    .option('--skip-server', 'ne démarre pas le serveur : ni écrans, ni tableau de bord, ni mémoire du serveur')
    .option(
      '--scale <n>',
      'mesure tout deux fois, sur des livres de --invoices factures (par défaut 200000) puis de <n> factures (un client pour 50 factures), et affiche la croissance de chaque mesure',
    )
    .action(async (opts: BenchCliOptions) => {
      setExitCode(await runBenchCommand(opts));
    });
}
