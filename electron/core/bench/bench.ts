// `recouvra bench`: how fast the app is on a large book, measured the way a person meets it.
// - the aging report through the app's own code (createContext + agingReport), against the same
//   SQL run by the `sqlite3` command-line shell on the same file: the ratio is what the app adds;
// - the browser-mode dashboard: from navigating Chromium to the address until the indicators
//   show their numbers, against the real `recouvra serve` child process;
// - collection letters (letters-bench.ts): N formal notices in one batch through the app's own
//   path, and react-pdf against pdfkit alone drawing the same letters, in a child process on a
//   copy of the book;
// - imports (import-bench.ts): a generated 100 000-line FEC through applyFec and a 100 000-row
//   factures.csv through applyImport, each into a fresh book of its own (never the measured one);
// - peak memory of the server, of the letters batch and of this process.
// Results are `name=value` pairs; a value that could not be measured is `unavailable` (with the
// reason on stderr), one that was not asked for is `skipped`.
import { spawn, spawnSync, type ChildProcess } from 'node:child_process';
import { existsSync, mkdirSync, mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import type { Browser } from 'playwright-core';
import { agingBuckets, type AgingReport } from '../../../shared/domain/aging.js';
import type { IsoDate } from '../../../shared/domain/dates.js';
import { createContext, type CoreContext } from '../context.js';
import { nodePreferences } from '../preferences.js';
import { agingReport, agingSql } from '../repositories/aging.js';
import { NO_REPORT_CACHE_ENV } from '../reports/report-cache.js';
import { seedBooks } from '../seed/seed.js';
import { DEFAULT_IMPORT_LINES, GOAL_IMPORT_FEC_MS, measureImports, type ImportMeasure } from './import-bench.js';
import { GOAL_LETTERS_RATIO, measureLetters, type LettersMeasure } from './letters-bench.js';

/** The one goal per measurement. */
export const GOAL_AGING_RATIO = 1.2;
export const GOAL_DASHBOARD_MS = 1000;
/** Peak resident memory of each of the app's Node processes (the server, the letters batch). */
export const GOAL_PEAK_RSS_MB = 500;
export { GOAL_IMPORT_FEC_MS, GOAL_LETTERS_RATIO };
/** What "the dashboard shows its numbers" means. */
export const DASHBOARD_SELECTOR = 'section[aria-label="Indicateurs"][aria-busy="false"]';
const DASHBOARD_TIMEOUT_MS = 30_000;
const SERVER_START_TIMEOUT_MS = 30_000;

export { CHROMIUM_FLAGS, CHROMIUM_PATH } from '../chromium.js';
import { CHROMIUM_FLAGS, CHROMIUM_PATH } from '../chromium.js';

const BIN = fileURLToPath(new URL('../../cli/bin.mjs', import.meta.url));

export const UNAVAILABLE = 'unavailable';
export const SKIPPED = 'skipped';
export type BenchValue = number | string;

/** The keys `recouvra bench` prints, in order. */
export const BENCH_KEYS = [
  'clients',
  'invoices',
  'seed_ms',
  'aging_app_ms',
  'aging_sqlite3_ms',
  'aging_ratio',
  'dashboard_first_ms',
  'dashboard_ms',
  'indicators_ms',
  'charts_ms',
  'queue_ms',
  'invoices_list_ms',
  'invoices_overdue_ms',
  'invoices_search_ms',
  'clients_search_ms',
  'batch_clients_ms',
  'letters',
  'letters_batch_ms_per_letter',
  'letters_reactpdf_ms_per_letter',
  'letters_pdfkit_ms_per_letter',
  'letters_ratio',
  'import_fec_100k_ms',
  'import_csv_100k_ms',
  'server_peak_rss_mb',
  'letters_peak_rss_mb',
  'bench_peak_rss_mb',
  'goal_aging_ratio',
  'goal_dashboard',
  'goal_letters_ratio',
  'goal_import_fec',
  'goal_peak_rss',
] as const;
export type BenchKey = (typeof BENCH_KEYS)[number];

export interface BenchOptions {
  clients: number;
  invoices: number;
  seed: number;
  /** An existing book to measure; otherwise one is seeded in a temporary folder and deleted afterwards. */
  db?: string;
  /** Seeds the book at this path and keeps it (the growth bench measures it again); no effect with `db`. */
  seedInto?: string;
  runs: number;
  skipBrowser: boolean;
  /** Skips the server altogether: no channel timings, no dashboard, no server memory. */
  skipServer?: boolean;
  /** Formal notices in the letters batch (at most this many: the clients with overdue invoices); 0 skips the letters. */
  letters: number;
  /** Skips the import measurements (FEC and CSV). */
  skipImport?: boolean;
  /** Lines of the generated FEC and rows of the generated CSV (default 100 000; the keys keep their names). */
  importLines?: number;
  /** Default DASHBOARD_SELECTOR. */
  dashboardSelector?: string;
  dashboardTimeoutMs?: number;
}

export interface BenchIo {
  /** One `name=value` line (stdout). */
  out(line: string): void;
  /** Progress and errors (stderr). */
  err(line: string): void;
}

export interface BenchResult {
  values: Partial<Record<BenchKey, BenchValue>>;
  /** The temporary folder used (deleted when runBench returns). */
  workDir: string;
}

// ——— Small helpers ———

export function median(values: readonly number[]): number {
  if (values.length === 0) return Number.NaN;
  const sorted = [...values].sort((a, b) => a - b);
  const mid = sorted.length >> 1;
  return sorted.length % 2 ? sorted[mid]! : (sorted[mid - 1]! + sorted[mid]!) / 2;
}

const round = (value: number, decimals: number) => Number(value.toFixed(decimals));
const plural = (n: number, word: string) => `${n} ${word}${n > 1 ? 's' : ''}`;
const errorText = (error: unknown) => (error instanceof Error ? error.message : String(error)).split('\n')[0]!;

export function formatBenchLine(key: BenchKey, value: BenchValue): string {
  return `${key}=${value}`;
}

/** Parses `name=value` lines back (tests, scripts). Numbers become numbers. */
export function parseBenchLines(text: string): Record<string, BenchValue> {
  const values: Record<string, BenchValue> = {};
  for (const line of text.split('\n')) {
    const m = /^([a-z0-9_]+)=(.*)$/.exec(line.trim());
    if (!m) continue;
    const raw = m[2]!;
    values[m[1]!] = raw !== '' && Number.isFinite(Number(raw)) ? Number(raw) : raw;
  }
  return values;
}

function openBenchContext(dbPath: string, home: string): CoreContext {
  mkdirSync(home, { recursive: true });
  // Preferences in the bench's own folder: a bench never touches the user's preferences.
  return createContext({ dbPath, shell: 'browser', preferences: nodePreferences(home) });
}

// ——— Seeding ———

export interface SeededBook {
  dbPath: string;
  seedMs: number;
  today: IsoDate;
}

/** Seeds a new book at dbPath (its folder is created); the connection is closed (WAL checkpointed) on return. */
export function seedBenchBook(
  dbPath: string,
  home: string,
  options: { clients: number; invoices: number; seed: number; today?: IsoDate; onProgress?: (line: string) => void },
): SeededBook {
  const ctx = openBenchContext(dbPath, home);
  try {
    const started = performance.now();
    const report = seedBooks(ctx, {
      clients: options.clients,
      invoices: options.invoices,
      seed: options.seed,
      ...(options.today ? { today: options.today } : {}),
      ...(options.onProgress ? { onProgress: options.onProgress } : {}),
    });
    return { dbPath, seedMs: performance.now() - started, today: report.today };
  } finally {
    ctx.close();
  }
}

// ——— Aging: the app ———

export interface AgingAppMeasure {
  runsMs: number[];
  medianMs: number;
  asOf: IsoDate;
  bounds: number[];
  clients: number;
  invoices: number;
  /** The last run's report (to compare with the shell). */
  report: AgingReport;
}

/**
 * Runs the aging report R times through the app's code path: createContext (the app's pragmas
 * and migrations) then agingReport with the book's bucket bounds, as the reports.aging channel does.
 * Only agingReport is timed.
 */
export function measureAgingApp(dbPath: string, home: string, options: { runs: number; asOf?: IsoDate }): AgingAppMeasure {
  const ctx = openBenchContext(dbPath, home);
  try {
    const asOf = options.asOf ?? ctx.clock.today();
    const bounds = [...ctx.repos.settings.get().agingBounds];
    const count = (table: string) => ctx.db.prepare(`SELECT count(*) FROM ${table}`).pluck().get() as number;
    const runsMs: number[] = [];
    let report: AgingReport | undefined;
    for (let i = 0; i < Math.max(1, options.runs); i++) {
      const started = performance.now();
      report = agingReport(ctx.db, asOf, bounds);
      runsMs.push(performance.now() - started);
    }
    return { runsMs, medianMs: median(runsMs), asOf, bounds, clients: count('clients'), invoices: count('invoices'), report: report! };
  } finally {
    ctx.close();
  }
}

// ——— Aging: the sqlite3 shell ———

/** The app's aging SQL with @asOf written as a quoted literal, for the sqlite3 shell. */
export function agingShellSql(asOf: IsoDate, bounds?: readonly number[]): string {
  const literal = `'${String(asOf).replace(/'/g, "''")}'`;
  const sql = agingSql(agingBuckets(bounds)).replace(/@asOf\b/g, literal).trim();
  // Another named parameter would silently be NULL in the shell: refuse rather than compare different queries.
  const other = /[@$:][A-Za-z_]\w*/.exec(sql.replace(/'(?:[^']|'')*'/g, "''"));
  if (other) throw new Error(`la requête de la balance âgée attend un paramètre ${other[0]} que le banc d’essai ne fournit pas`);
  return sql;
}

/** Path of the sqlite3 shell, or null when it is not installed. */
export function findSqlite3(): string | null {
  const bin = process.env.RECOUVRA_SQLITE3 ?? 'sqlite3';
  const probe = spawnSync(bin, ['-version'], { encoding: 'utf8' });
  return probe.status === 0 ? bin : null;
}

export const SQLITE3_HINT = 'sudo apt-get install sqlite3';

/** Runs a script in the shell on dbPath: no ~/.sqliterc, batch mode. */
function runShell(bin: string, dbPath: string, args: string[], script: string): string {
  const result = spawnSync(bin, ['-batch', '-init', '/dev/null', ...args, dbPath], {
    input: script,
    encoding: 'utf8',
    maxBuffer: 1024 * 1024 * 1024,
  });
  if (result.error) throw result.error;
  const stderr = (result.stderr ?? '').replace(/^-- Loading resources from .*\n?/m, '').trim();
  if (result.status !== 0 || /^(Error|Parse error|Runtime error)/m.test(stderr)) {
    throw new Error(`sqlite3 : ${stderr || `code de sortie ${result.status}`}`);
  }
  return result.stdout ?? '';
}

/** The shell's own timings ("Run Time: real X" of `.timer on`), in ms. */
export function parseShellTimes(stdout: string): number[] {
  return [...stdout.matchAll(/^Run Time: real (\d+(?:\.\d+)?)/gm)].map((m) => Number(m[1]) * 1000);
}

export interface AgingShellMeasure {
  runsMs: number[];
  medianMs: number;
  version: string;
}

/**
 * Runs the same aging SQL R times in one sqlite3 shell session on the same file (so, like the app,
 * a connection that stays open between runs) and reads the shell's own timer: the query alone,
 * not the process start-up. Rows go to /dev/null so printing them is not timed; shells that write
 * the timer line to the redirected output too are run again with rows on stdout.
 */
export function measureAgingSqlite3(dbPath: string, options: { runs: number; asOf: IsoDate; bounds?: readonly number[]; bin?: string }): AgingShellMeasure {
  const bin = options.bin ?? findSqlite3();
  if (!bin) throw new Error(`sqlite3 introuvable : ${SQLITE3_HINT}`);
  const runs = Math.max(1, options.runs);
  const sql = agingShellSql(options.asOf, options.bounds);
  const queries = Array.from({ length: runs }, () => `${sql};\n`).join('');
  let runsMs = parseShellTimes(runShell(bin, dbPath, [], `.timer on\n.output /dev/null\n${queries}`));
  if (runsMs.length < runs) runsMs = parseShellTimes(runShell(bin, dbPath, [], `.mode list\n.timer on\n${queries}`));
  if (runsMs.length < runs) throw new Error(`sqlite3 : ${runsMs.length} mesures « Run Time » lues sur ${runs}`);
  const version = (spawnSync(bin, ['-version'], { encoding: 'utf8' }).stdout ?? '').split(' ')[0] ?? '';
  return { runsMs, medianMs: median(runsMs), version };
}

/** Rows of one query run by the shell in JSON mode (to compare with the app). */
export function sqlite3Json(dbPath: string, sql: string, bin = findSqlite3()): Record<string, unknown>[] {
  if (!bin) throw new Error(`sqlite3 introuvable : ${SQLITE3_HINT}`);
  const out = runShell(bin, dbPath, ['-json'], `${sql.trim().replace(/;$/, '')};\n`).trim();
  return out === '' ? [] : (JSON.parse(out) as Record<string, unknown>[]);
}

// ——— The app's channels, over HTTP, against the real server ———

/** What a user waits for on a large book: each key is one channel call with the input the screen sends. */
export function benchChannels(asOf: IsoDate): { key: BenchKey; channel: string; input: unknown; what: string }[] {
  return [
    { key: 'indicators_ms', channel: 'reports.indicators', input: { asOf }, what: 'indicateurs du tableau de bord' },
    { key: 'charts_ms', channel: 'reports.charts', input: { asOf }, what: 'graphiques du tableau de bord' },
    { key: 'queue_ms', channel: 'queue.today', input: { asOf, limit: 100 }, what: 'relances du jour (la première page)' },
    { key: 'invoices_list_ms', channel: 'invoices.list', input: { limit: 100 }, what: 'liste des factures (première page)' },
    { key: 'invoices_overdue_ms', channel: 'invoices.list', input: { statuses: ['overdue'], sort: 'daysOverdue', direction: 'desc', limit: 100 }, what: 'factures en retard, les plus anciennes d’abord' },
    { key: 'invoices_search_ms', channel: 'invoices.list', input: { search: 'F-2025-0001', limit: 100 }, what: 'recherche d’une facture par son numéro' },
    { key: 'clients_search_ms', channel: 'clients.list', input: { search: 'mar', limit: 100 }, what: 'recherche d’un client' },
    { key: 'batch_clients_ms', channel: 'letters.batchClients', input: { type: 'formal_notice', minDaysLate: 30, asOf }, what: 'clients d’un lot de mises en demeure' },
  ];
}

/**
 * Median time of each channel over R calls through the HTTP API of a server that keeps no report
 * (each call computes, as the first visit after a change does); null when a call failed (errors
 * says why).
 */
async function measureChannels(
  origin: string,
  token: string,
  asOf: IsoDate,
  runs: number,
  progress: (line: string) => void,
): Promise<{ values: Partial<Record<BenchKey, number | null>>; errors: string[] }> {
  const values: Partial<Record<BenchKey, number | null>> = {};
  const errors: string[] = [];
  for (const { key, channel, input, what } of benchChannels(asOf)) {
    const runsMs: number[] = [];
    try {
      for (let i = 0; i < Math.max(1, runs); i++) {
        const started = performance.now();
        await callApi(origin, token, channel, input);
        runsMs.push(performance.now() - started);
      }
      values[key] = median(runsMs);
      progress(`  ${what} (${channel}) : ${runsMs.map((t) => Math.round(t)).join(', ')} ms`);
    } catch (e) {
      values[key] = null;
      errors.push(`${what} : ${errorText(e)}`);
    }
  }
  return { values, errors };
}

// ——— Dashboard in browser mode ———

export interface DashboardMeasure {
  /** Null when it could not be measured (error says why). */
  medianMs: number | null;
  runsMs: number[];
  error?: string;
  /** VmHWM of the server process, read after the runs. */
  serverPeakRssMb: number | null;
}

/** Peak resident set (VmHWM) of a process, in MB; null where /proc is unavailable. */
export function peakRssMbOf(pid: number): number | null {
  try {
    const m = /^VmHWM:\s+(\d+)\s+kB/m.exec(readFileSync(`/proc/${pid}/status`, 'utf8'));
    return m ? Number(m[1]) / 1024 : null;
  } catch {
    return null;
  }
}

interface ServeChild {
  child: ChildProcess;
  url: string;
  output: () => string;
  stop(): Promise<void>;
}

/** Starts `recouvra serve --db dbPath` as a child process with RECOUVRA_HOME=home; resolves with its address. */
export function startServeChild(dbPath: string, home: string, options: { reportCache?: boolean } = {}): Promise<ServeChild> {
  const child = spawn(process.execPath, [BIN, 'serve', '--db', dbPath], {
    env: { ...process.env, RECOUVRA_HOME: home, ...(options.reportCache === false ? { [NO_REPORT_CACHE_ENV]: '1' } : {}) },
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  let out = '';
  const exited = new Promise<void>((resolve) => child.once('exit', () => resolve()));
  const stop = async () => {
    if (child.exitCode === null && child.signalCode === null) {
      child.kill('SIGTERM');
      const timer = setTimeout(() => child.kill('SIGKILL'), 10_000);
      await exited;
      clearTimeout(timer);
    }
  };
  return new Promise((resolve, reject) => {
    const fail = (message: string) => {
      clearTimeout(timer);
      void stop().then(() => reject(new Error(message)));
    };
    const timer = setTimeout(() => fail(`recouvra serve n’a pas démarré en ${SERVER_START_TIMEOUT_MS / 1000} s :\n${out}`), SERVER_START_TIMEOUT_MS);
    child.stdout?.on('data', (chunk: Buffer) => {
      out += chunk.toString();
      const m = /(http:\/\/127\.0\.0\.1:\d+\/\?token=\S+)/.exec(out);
      if (m) {
        clearTimeout(timer);
        resolve({ child, url: m[1]!, output: () => out, stop });
      }
    });
    child.stderr?.on('data', (chunk: Buffer) => (out += chunk.toString()));
    child.once('error', (error) => fail(`recouvra serve : ${error.message}`));
    child.once('exit', (code) => fail(`recouvra serve s’est arrêté (code ${code}) : ${out.trim()}`));
  });
}

async function callApi<T>(origin: string, token: string, channel: string, payload: unknown): Promise<T> {
  const res = await fetch(`${origin}/api/${channel}`, {
    method: 'POST',
    headers: { 'Content-Type': 'application/json', 'X-Recouvra-Token': token },
    body: JSON.stringify(payload),
  });
  const body = (await res.json()) as { ok: boolean; data?: T; error?: { message: string } };
  if (!body.ok) throw new Error(`${channel} : ${body.error?.message ?? res.status}`);
  return body.data as T;
}

/**
 * Median time from navigating headless Chromium to the browser-mode address until the dashboard
 * selector is visible, over R page loads, each in a fresh browser context and each started once
 * the previous page's requests are done (an idle server). Saves a company first
 * when the book has none, so the first-run screen does not appear. Never throws: a failure is
 * returned in `error` (the server's peak memory is still read when the server ran).
 */
export async function measureServer(
  dbPath: string,
  home: string,
  options: { runs: number; asOf: IsoDate; browser: boolean; selector?: string; timeoutMs?: number; onProgress?: (line: string) => void },
): Promise<DashboardMeasure & { channels: Partial<Record<BenchKey, number | null>>; channelErrors: string[] }> {
  const selector = options.selector ?? DASHBOARD_SELECTOR;
  const timeout = options.timeoutMs ?? DASHBOARD_TIMEOUT_MS;
  const progress = options.onProgress ?? (() => undefined);
  const runsMs: number[] = [];
  let server: ServeChild | undefined;
  let browser: Browser | undefined;
  let error: string | undefined;
  let serverPeakRssMb: number | null = null;
  let channels: Partial<Record<BenchKey, number | null>> = {};
  let channelErrors: string[] = [];
  try {
    if (options.browser && !existsSync(CHROMIUM_PATH)) {
      throw new Error(`Chromium introuvable (${CHROMIUM_PATH}) : sudo apt-get install -y chromium, ou RECOUVRA_CHROMIUM=chemin`);
    }
    const { chromium } = await import('playwright-core');
    // Not timed: the first call after the start opens the book and migrates it if needed.
    mkdirSync(home, { recursive: true });
    // Reports computed on every call (no cache): the screens' own cost, as a median of warm runs.
    server = await startServeChild(dbPath, home, { reportCache: false });
    const url = new URL(server.url);
    const token = url.searchParams.get('token') ?? '';
    const company = await callApi<unknown>(url.origin, token, 'company.get', {});
    if (company === null) {
      await callApi(url.origin, token, 'company.save', { name: 'Banc d’essai Recouvra' });
      progress('Entreprise enregistrée dans le fichier (pas d’écran de premier lancement).');
    }
    progress(`Écrans de l’application sur le serveur (${plural(options.runs, 'appel')} chacun)…`);
    ({ values: channels, errors: channelErrors } = await measureChannels(url.origin, token, options.asOf, options.runs, progress));
    if (options.browser) {
      // A new server for the dashboard: its first load computes everything (nothing kept yet).
      if (server.child.pid !== undefined) serverPeakRssMb = peakRssMbOf(server.child.pid);
      await server.stop();
      server = undefined;
      server = await startServeChild(dbPath, home);
      browser = await chromium.launch({ executablePath: CHROMIUM_PATH, headless: true, args: [...CHROMIUM_FLAGS] });
    }
    for (let i = 0; browser && i < Math.max(1, options.runs); i++) {
      const context = await browser.newContext({ locale: 'fr-FR', viewport: { width: 1366, height: 900 } });
      try {
        const page = await context.newPage();
        const started = performance.now();
        await page.goto(server!.url, { waitUntil: 'commit', timeout });
        await page.waitForSelector(selector, { state: 'visible', timeout: Math.max(1, timeout - (performance.now() - started)) });
        runsMs.push(performance.now() - started);
        progress(`Tableau de bord ${i + 1}/${options.runs} : ${Math.round(runsMs[runsMs.length - 1]!)} ms`);
        // Not timed: let the page's later requests (charts…) finish, or the server would still be
        // computing them when the next load starts (better-sqlite3 answers one request at a time).
        await page.waitForLoadState('networkidle', { timeout }).catch(() => undefined);
      } catch (e) {
        throw new Error(`le tableau de bord n’a pas affiché « ${selector} » en ${timeout / 1000} s : ${errorText(e)}`);
      } finally {
        await context.close();
      }
    }
  } catch (e) {
    error = errorText(e);
  } finally {
    if (browser) await browser.close().catch(() => undefined);
    if (server) {
      const peak = server.child.pid !== undefined ? peakRssMbOf(server.child.pid) : null;
      if (peak !== null) serverPeakRssMb = Math.max(serverPeakRssMb ?? 0, peak);
      await server.stop();
    }
  }
  return {
    medianMs: error === undefined && runsMs.length ? median(runsMs) : null,
    runsMs,
    ...(error !== undefined ? { error } : {}),
    serverPeakRssMb,
    channels,
    channelErrors,
  };
}

// ——— The whole bench ———

/** Runs every measurement, printing each line as soon as it is known. Cleans up its temporary folder. */
export async function runBench(options: BenchOptions, io: BenchIo): Promise<BenchResult> {
  const values: Partial<Record<BenchKey, BenchValue>> = {};
  const emit = (key: BenchKey, value: BenchValue) => {
    values[key] = value;
    io.out(formatBenchLine(key, value));
  };
  const workDir = mkdtempSync(join(tmpdir(), 'recouvra-bench-'));
  const home = join(workDir, 'home');
  try {
    let dbPath: string;
    let seedMs: number | null = null;
    if (options.db) {
      dbPath = options.db;
      io.err(`Livres mesurés : ${dbPath}`);
    } else {
      dbPath = options.seedInto ?? join(workDir, 'bench.sqlite');
      io.err(`Génération de ${options.clients} clients et ${options.invoices} factures (graine ${options.seed}) dans ${workDir}…`);
      const seeded = seedBenchBook(dbPath, home, { clients: options.clients, invoices: options.invoices, seed: options.seed, onProgress: io.err });
      seedMs = seeded.seedMs;
    }

    io.err(`Balance âgée par l’application (${plural(options.runs, 'passage')})…`);
    const app = measureAgingApp(dbPath, home, { runs: options.runs });
    emit('clients', app.clients);
    emit('invoices', app.invoices);
    emit('seed_ms', seedMs === null ? SKIPPED : Math.round(seedMs));
    emit('aging_app_ms', round(app.medianMs, 1));
    io.err(`  au ${app.asOf}, ${app.report.rows.length} clients avec un solde ; passages (ms) : ${app.runsMs.map((t) => t.toFixed(1)).join(', ')}`);

    let shellMs: number | null = null;
    const bin = findSqlite3();
    if (!bin) {
      io.err(`sqlite3 (l’interpréteur en ligne de commande) n’est pas installé : ${SQLITE3_HINT}`);
    } else {
      io.err(`Même requête dans sqlite3 (${plural(options.runs, 'passage')})…`);
      try {
        const shell = measureAgingSqlite3(dbPath, { runs: options.runs, asOf: app.asOf, bounds: app.bounds, bin });
        shellMs = shell.medianMs;
        io.err(`  sqlite3 ${shell.version} ; passages (ms) : ${shell.runsMs.map((t) => t.toFixed(1)).join(', ')}`);
      } catch (e) {
        io.err(`Erreur : ${errorText(e)}`);
      }
    }
    emit('aging_sqlite3_ms', shellMs === null ? UNAVAILABLE : round(shellMs, 1));
    // The shell's timer counts whole milliseconds: below that there is nothing to divide by.
    const ratio = shellMs !== null && shellMs > 0 ? round(app.medianMs / shellMs, 2) : null;
    if (shellMs !== null && shellMs <= 0) io.err('La requête est plus rapide que la résolution du minuteur de sqlite3 (1 ms) : pas de rapport.');
    emit('aging_ratio', ratio === null ? UNAVAILABLE : ratio.toFixed(2));

    // Measured before the dashboard (which saves a company into a book that has none), printed after it.
    let letters: LettersMeasure | null = null;
    if (options.letters > 0) {
      letters = await measureLetters(dbPath, workDir, { letters: options.letters, runs: options.runs, asOf: app.asOf, onProgress: io.err });
      if (letters.error) io.err(`Erreur (courriers) : ${letters.error}`);
    }

    let dashboard: Awaited<ReturnType<typeof measureServer>> | null = null;
    if (!options.skipServer) {
      io.err(`Serveur du mode navigateur : écrans${options.skipBrowser ? '' : ` et tableau de bord dans Chromium (${plural(options.runs, 'chargement')})`}…`);
      dashboard = await measureServer(dbPath, home, {
        runs: options.runs,
        asOf: app.asOf,
        browser: !options.skipBrowser,
        ...(options.dashboardSelector ? { selector: options.dashboardSelector } : {}),
        ...(options.dashboardTimeoutMs ? { timeoutMs: options.dashboardTimeoutMs } : {}),
        onProgress: io.err,
      });
      if (dashboard.error) io.err(`Erreur (serveur ou tableau de bord) : ${dashboard.error}`);
      for (const error of dashboard.channelErrors) io.err(`Erreur (écran) : ${error}`);
    }
    const noDashboard = dashboard === null || options.skipBrowser;
    emit('dashboard_first_ms', noDashboard ? SKIPPED : dashboard!.medianMs === null ? UNAVAILABLE : Math.round(dashboard!.runsMs[0]!));
    emit('dashboard_ms', noDashboard ? SKIPPED : dashboard!.medianMs === null ? UNAVAILABLE : Math.round(dashboard!.medianMs));
    for (const { key } of benchChannels(app.asOf)) {
      const ms = dashboard?.channels[key];
      emit(key, dashboard === null ? SKIPPED : ms === null || ms === undefined ? UNAVAILABLE : Math.round(ms));
    }

    const letter = (value: number | null | undefined, decimals: number): BenchValue =>
      letters === null ? SKIPPED : value === null || value === undefined ? UNAVAILABLE : value.toFixed(decimals);
    emit('letters', letters === null ? SKIPPED : letters.letters);
    emit('letters_batch_ms_per_letter', letter(letters?.batchMsPerLetter, 1));
    emit('letters_reactpdf_ms_per_letter', letter(letters?.reactpdfMsPerLetter, 2));
    emit('letters_pdfkit_ms_per_letter', letter(letters?.pdfkitMsPerLetter, 2));
    emit('letters_ratio', letter(letters?.ratio, 2));

    // Imports: into copies of the measured book in the bench's folder (never the book itself).
    let imports: ImportMeasure | null = null;
    if (!options.skipImport) {
      const lines = options.importLines ?? DEFAULT_IMPORT_LINES;
      io.err(`Imports (FEC et CSV de ${lines} lignes, chacun dans une copie des livres mesurés)…`);
      imports = measureImports(join(workDir, 'imports'), { fecLines: lines, csvRows: lines, baseBook: dbPath, onProgress: io.err });
      for (const error of imports.errors) io.err(`Erreur (import) : ${error}`);
    }
    const importValue = (ms: number | null | undefined): BenchValue => (imports === null ? SKIPPED : ms === null || ms === undefined ? UNAVAILABLE : Math.round(ms));
    emit('import_fec_100k_ms', importValue(imports?.fecMs));
    emit('import_csv_100k_ms', importValue(imports?.csvMs));

    emit('server_peak_rss_mb', dashboard === null ? SKIPPED : dashboard.serverPeakRssMb === null ? UNAVAILABLE : round(dashboard.serverPeakRssMb, 1));
    emit('letters_peak_rss_mb', letter(letters?.batchPeakRssMb, 1));
    emit('bench_peak_rss_mb', round(process.resourceUsage().maxRSS / 1024, 1));
    emit('goal_aging_ratio', ratio === null ? UNAVAILABLE : ratio <= GOAL_AGING_RATIO ? 'pass' : 'fail');
    emit(
      'goal_dashboard',
      // On the median: the first load also pays Chromium's own first start (compiling the bundle).
      noDashboard ? SKIPPED : dashboard!.medianMs === null ? UNAVAILABLE : dashboard!.medianMs < GOAL_DASHBOARD_MS ? 'pass' : 'fail',
    );
    // On the printed ratio (2 decimals), so that "letters_ratio=3.00" reads as a pass.
    const lettersRatio = letters?.ratio == null ? null : round(letters.ratio, 2);
    emit('goal_letters_ratio', letters === null ? SKIPPED : lettersRatio === null ? UNAVAILABLE : lettersRatio <= GOAL_LETTERS_RATIO ? 'pass' : 'fail');
    emit('goal_import_fec', imports === null ? SKIPPED : imports.fecMs === null ? UNAVAILABLE : imports.fecMs < GOAL_IMPORT_FEC_MS ? 'pass' : 'fail');
    // The app's own Node processes: the server (every screen above) and the letters batch.
    const peaks = [dashboard?.serverPeakRssMb, letters?.batchPeakRssMb].filter((v): v is number => typeof v === 'number');
    emit('goal_peak_rss', peaks.length === 0 ? SKIPPED : Math.max(...peaks) < GOAL_PEAK_RSS_MB ? 'pass' : 'fail');
    return { values, workDir };
  } finally {
    rmSync(workDir, { recursive: true, force: true });
  }
}

// ——— Growth: the same bench at two sizes ———

/** Invoices per client in the books `--scale` generates (20 000 clients for 1 000 000 invoices). */
export const SCALE_INVOICES_PER_CLIENT = 50;
/** A measure "grows linearly or better" when its ratio is at most the size ratio, with this margin for noise. */
export const GROWTH_TOLERANCE = 1.2;

/**
 * Printed with their growth but not judged by goal_growth: they measure the test data's
 * generator, the sqlite3 shell and the bench process, not the app.
 */
export const GROWTH_NOT_JUDGED: readonly BenchKey[] = ['seed_ms', 'aging_sqlite3_ms', 'bench_peak_rss_mb'];

/** The keys whose growth is reported: times and memory. */
export function growthKeys(): BenchKey[] {
  return BENCH_KEYS.filter((k) => k.endsWith('_ms') || k.endsWith('_per_letter') || k.endsWith('_rss_mb'));
}

export interface ScaleResult {
  bySize: Map<number, Partial<Record<BenchKey, BenchValue>>>;
  growth: Partial<Record<BenchKey, number>>;
  /** The measures whose growth was timed in alternation on both books (see measurePairedGrowth). */
  paired: Partial<Record<BenchKey, PairedMeasure>>;
}

export interface PairedMeasure {
  /** Median time (ms) on the smaller book and on the larger one, runs alternated between them. */
  smallMs: number;
  largeMs: number;
  ratio: number;
}

/** Runs per book at least, in the paired measurement: a median of 3 still moved by 25 % between two runs. */
export const PAIRED_MIN_RUNS = 5;

/**
 * The growth of the aging report and of every screen timed over HTTP, measured again with both
 * books open side by side (two servers), each run alternating between them (small then large,
 * then large then small): whatever else loads the machine meanwhile weighs on both sizes alike.
 * Measured one size after the other, minutes apart, the same near-linear query read ×4.3 on one
 * run and ×6.7 on the next. One untimed call on each book first (opening, first reads).
 */
export async function measurePairedGrowth(
  books: readonly [{ dbPath: string; home: string }, { dbPath: string; home: string }],
  options: { runs: number; skipServer?: boolean; onProgress?: (line: string) => void },
): Promise<{ paired: Partial<Record<BenchKey, PairedMeasure>>; errors: string[] }> {
  const progress = options.onProgress ?? (() => undefined);
  const runs = Math.max(PAIRED_MIN_RUNS, options.runs);
  const paired: Partial<Record<BenchKey, PairedMeasure>> = {};
  const errors: string[] = [];
  const alternate = async (key: BenchKey, what: string, call: (book: 0 | 1) => unknown) => {
    const times: [number[], number[]] = [[], []];
    await call(0);
    await call(1);
    for (let i = 0; i < runs; i++) {
      for (const book of i % 2 === 0 ? ([0, 1] as const) : ([1, 0] as const)) {
        const started = performance.now();
        await call(book);
        times[book].push(performance.now() - started);
      }
    }
    const [smallMs, largeMs] = [median(times[0]), median(times[1])];
    paired[key] = { smallMs, largeMs, ratio: largeMs / smallMs };
    progress(`  ${what} : ${Math.round(smallMs)} ms puis ${Math.round(largeMs)} ms, ×${(largeMs / smallMs).toFixed(2)}`);
  };

  progress(`Croissance mesurée en alternance sur les deux livres (${plural(runs, 'passage')} chacun)…`);
  const contexts = books.map((b) => openBenchContext(b.dbPath, b.home)) as [CoreContext, CoreContext];
  const asOf = contexts[0].clock.today();
  try {
    const bounds = contexts.map((ctx) => [...ctx.repos.settings.get().agingBounds]);
    await alternate('aging_app_ms', 'balance âgée', (book) => agingReport(contexts[book].db, asOf, bounds[book]));
  } finally {
    for (const ctx of contexts) ctx.close();
  }
  if (options.skipServer) return { paired, errors };

  const servers: ServeChild[] = [];
  try {
    for (const book of books) servers.push(await startServeChild(book.dbPath, book.home, { reportCache: false }));
    const apis = servers.map((server) => {
      const url = new URL(server.url);
      return { origin: url.origin, token: url.searchParams.get('token') ?? '' };
    });
    for (const { key, channel, input, what } of benchChannels(asOf)) {
      try {
        await alternate(key, what, (book) => callApi(apis[book]!.origin, apis[book]!.token, channel, input));
      } catch (e) {
        errors.push(`${what} : ${errorText(e)}`);
      }
    }
  } catch (e) {
    errors.push(errorText(e));
  } finally {
    for (const server of servers) await server.stop();
  }
  return { paired, errors };
}

/**
 * `recouvra bench --scale N`: the whole bench on generated books of `options.invoices` (base) and
 * of N invoices (one client per 50 invoices), every value printed as `<key>_<invoices>=value`,
 * then `<key>_growth=` the ratio between the two sizes for every time and memory, and the goals:
 * growth linear or better, and each of the app's Node processes under 500 MB at every size.
 */
export async function runScaleBench(options: BenchOptions & { scale: number }, io: BenchIo): Promise<ScaleResult> {
  const sizes = [options.invoices, options.scale] as const;
  const bySize = new Map<number, Partial<Record<BenchKey, BenchValue>>>();
  // Both books are kept until the growth has been measured on them side by side.
  const scaleDir = mkdtempSync(join(tmpdir(), 'recouvra-scale-'));
  try {
    const books = sizes.map((invoices) => ({ dbPath: join(scaleDir, `${invoices}.sqlite`), home: join(scaleDir, `home-${invoices}`) }));
    for (const [n, invoices] of sizes.entries()) {
      const clients = Math.max(1, Math.round(invoices / SCALE_INVOICES_PER_CLIENT));
      io.err(`——— ${clients} clients, ${invoices} factures ———`);
      const result = await runBench({ ...options, db: undefined, seedInto: books[n]!.dbPath, clients, invoices } as BenchOptions, {
        out: (line) => {
          const m = /^([a-z0-9_]+)=(.*)$/.exec(line);
          io.out(m ? `${m[1]}_${invoices}=${m[2]}` : line);
        },
        err: io.err,
      });
      bySize.set(invoices, result.values);
    }
    io.err('——— Croissance ———');
    const { paired, errors } = await measurePairedGrowth([books[0]!, books[1]!], { runs: options.runs, skipServer: options.skipServer === true, onProgress: io.err });
    for (const error of errors) io.err(`Erreur (croissance) : ${error}`);
    return reportGrowth(options, bySize, paired, io);
  } finally {
    rmSync(scaleDir, { recursive: true, force: true });
  }
}

/** Prints `<key>_growth=` for every time and memory, then the goals (see runScaleBench). */
function reportGrowth(
  options: BenchOptions & { scale: number },
  bySize: Map<number, Partial<Record<BenchKey, BenchValue>>>,
  paired: Partial<Record<BenchKey, PairedMeasure>>,
  io: BenchIo,
): ScaleResult {
  const [small, large] = [bySize.get(options.invoices)!, bySize.get(options.scale)!];
  const sizeRatio = options.scale / options.invoices;
  const growth: Partial<Record<BenchKey, number>> = {};
  const faster: string[] = [];
  for (const key of growthKeys()) {
    const a = Number(small[key]);
    const b = Number(large[key]);
    // Measured in alternation when it could be; otherwise the ratio of the two runs.
    const ratio = paired[key]?.ratio ?? (typeof small[key] === 'number' && typeof large[key] === 'number' && a > 0 ? b / a : null);
    if (ratio === null) continue;
    growth[key] = ratio;
    io.out(`${key}_growth=${ratio.toFixed(2)}`);
    if (ratio > sizeRatio * GROWTH_TOLERANCE && !GROWTH_NOT_JUDGED.includes(key)) faster.push(`${key} (×${ratio.toFixed(1)})`);
  }
  io.out(`size_ratio=${sizeRatio.toFixed(2)}`);
  if (faster.length) io.err(`Croissance plus rapide que le nombre de factures (×${sizeRatio.toFixed(1)}) : ${faster.join(', ')}`);
  io.out(`goal_growth=${Object.keys(growth).length === 0 ? UNAVAILABLE : faster.length ? 'fail' : 'pass'}`);
  const peaks = [...bySize.values()].map((v) => v.goal_peak_rss);
  io.out(`goal_peak_rss=${peaks.includes('fail') ? 'fail' : peaks.includes('pass') ? 'pass' : SKIPPED}`);
  return { bySize, growth, paired };
}
