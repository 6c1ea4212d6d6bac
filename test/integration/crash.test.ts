// Crash safety: a child process is killed with SIGKILL at random moments during a large import
// (Recouvra CSV and FEC), a batch of letters and a backup. After each kill the book is opened
// again and must pass integrity_check, keep everything committed before the kill, hold each
// import wholly or not at all, and every archived document must match its SHA-256. A backup is
// either absent under its final name or a complete, sound copy.
// The delays come from a seeded PRNG: the seed is printed; CRASH_SEED=<seed> replays a run.
import { spawn, type ChildProcess } from 'node:child_process';
import { createHash } from 'node:crypto';
import { existsSync, mkdirSync, readdirSync, rmSync } from 'node:fs';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import Database from 'better-sqlite3';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { generateFec, mulberry32 } from '../../electron/core/bench/import-bench.js';
import { createContext, type CoreContext } from '../../electron/core/context.js';
import { createDispatcher } from '../../electron/core/dispatch.js';
import { applyImport } from '../../electron/core/import/apply.js';
import { applyFec } from '../../electron/core/import/fec.js';
import { INVOICE_COLUMNS } from '../../electron/core/import/csv.js';
import { nodePreferences } from '../../electron/core/preferences.js';
import { aCompany } from '../helpers/builders.js';
import { tempDir } from '../helpers/core.js';

const WORKER = fileURLToPath(new URL('./crash-worker.ts', import.meta.url));
const IMPORT_ROWS = 20_000;
const FEC_LINES = 20_000;
const LETTERS_PER_RUN = 30;
const BACKUP_PAGES_PER_STEP = 20;

const SEED = Number(process.env.CRASH_SEED ?? Math.floor(Math.random() * 2 ** 31));
console.log(`crash.test: seed ${SEED} (CRASH_SEED=${SEED} replays these kill moments)`);

const rand = mulberry32(SEED);

const dir = tempDir('recouvra-crash-');
const book = join(dir, 'books.sqlite');
const backups = join(dir, 'backups');
const children = new Set<ChildProcess>();
const stats: Record<string, { runs: number; killedMidway: number; completed: number; workMs: number[]; startMs: number[] }> = {};

afterAll(() => {
  for (const child of children) child.kill('SIGKILL');
  console.log(`crash.test: seed ${SEED}`);
  for (const [op, s] of Object.entries(stats)) {
    const ms = s.workMs.slice().sort((a, b) => a - b);
    console.log(`  ${op}: ${s.runs} runs, ${s.killedMidway} killed mid-operation, ${s.completed} completed before the kill; completed work took ${ms.join(', ') || '—'} ms; worker start to READY ${s.startMs.join(', ')} ms`);
  }
  console.log(`  CSV imports after the kill: ${importOutcomes.join(', ')}`);
  rmSync(dir, { recursive: true, force: true });
});

function open(dbPath: string): CoreContext {
  return createContext({ dbPath, preferences: nodePreferences(join(dir, 'home')) });
}

interface Run {
  /** The worker printed DONE before the kill reached it. */
  done: boolean;
  /** Letters the worker reported archived (committed) before the kill. */
  archived: number;
  /** READY → DONE, when the worker got that far. */
  workMs: number | null;
  /** Spawn → READY. */
  startMs: number;
}

/** Spawns the worker, kills it `delayMs` after READY (unless it has finished), waits for it to exit. */
function runAndKill(op: string, dbPath: string, k: number, size: number, delayMs: number, target?: string): Promise<Run> {
  return new Promise((resolvePromise, reject) => {
    const args = ['--import', 'tsx', WORKER, op, dbPath, String(k), String(size), ...(target ? [target] : [])];
    const child = spawn(process.execPath, args, { env: { ...process.env, NODE_ENV: 'production', RECOUVRA_HOME: join(dir, 'home') }, stdio: ['ignore', 'pipe', 'pipe'] });
    children.add(child);
    let out = '';
    let err = '';
    let readyAt = 0;
    let timer: NodeJS.Timeout | undefined;
    const spawnedAt = performance.now();
    const run: Run = { done: false, archived: 0, workMs: null, startMs: 0 };
    child.stdout.setEncoding('utf8');
    child.stderr.setEncoding('utf8');
    child.stderr.on('data', (chunk: string) => (err += chunk));
    child.stdout.on('data', (chunk: string) => {
      out += chunk;
      const lines = out.split('\n');
      out = lines.pop() ?? '';
      for (const line of lines) {
        if (line === `READY ${k}`) {
          readyAt = performance.now();
          run.startMs = Math.round(readyAt - spawnedAt);
          timer = setTimeout(() => child.kill('SIGKILL'), delayMs);
        } else if (line.startsWith('ARCHIVED ')) {
          run.archived = Number(line.slice('ARCHIVED '.length));
        } else if (line === 'DONE') {
          run.done = true;
          run.workMs = Math.round(performance.now() - readyAt);
        }
      }
    });
    child.on('error', reject);
    child.on('exit', (code, signal) => {
      children.delete(child);
      clearTimeout(timer);
      if (!readyAt) return reject(new Error(`worker ${op} ${k} exited before READY (code ${code}, signal ${signal}):\n${err}`));
      if (signal !== 'SIGKILL' && !(code === 0 && run.done)) return reject(new Error(`worker ${op} ${k} failed (code ${code}, signal ${signal}):\n${err}`));
      resolvePromise(run);
    });
  });
}

function record(op: string, run: Run) {
  const s = (stats[op] ??= { runs: 0, killedMidway: 0, completed: 0, workMs: [], startMs: [] });
  s.runs++;
  s.startMs.push(run.startMs);
  if (run.done) {
    s.completed++;
    if (run.workMs !== null) s.workMs.push(run.workMs);
  } else s.killedMidway++;
}

const count = (ctx: CoreContext, sql: string, ...params: unknown[]) => ctx.db.prepare(sql).pluck().get(...params) as number;

/** What every book must satisfy after a crash: sound file, sound documents. */
function checkBook(ctx: CoreContext, where: string) {
  expect(ctx.db.pragma('integrity_check', { simple: true }), `${where}: integrity_check`).toBe('ok');
  expect(ctx.db.pragma('foreign_key_check'), `${where}: foreign_key_check`).toEqual([]);
  for (const d of ctx.db.prepare('SELECT id, sha256, size_bytes, content FROM documents').iterate() as IterableIterator<{ id: number; sha256: string; size_bytes: number; content: Buffer }>) {
    expect(createHash('sha256').update(d.content).digest('hex'), `${where}: document ${d.id} SHA-256`).toBe(d.sha256);
    expect(d.content.length, `${where}: document ${d.id} size`).toBe(d.size_bytes);
  }
}

/** A factures.csv of `rows` invoices numbered K<batch>-<i> over `clients` clients named `<prefix> NNNNN SARL`. */
function batchCsv(batch: number, rows: number, prefix: string, clients: number, dueDate: string): string {
  const out: string[] = [INVOICE_COLUMNS.join(';')];
  for (let i = 0; i < rows; i++) {
    out.push([`${prefix} ${String(1 + (i % clients)).padStart(5, '0')} SARL`, '', 'professionnel', `K${batch}-${i + 1}`, '2025-03-01', dueDate, '1200,00', '1000,00', '', ''].join(';'));
  }
  return out.join('\n') + '\n';
}

// What was committed in the main book and must survive every later kill.
const markers: number[] = [];
const batches = new Map<number, number>();
let documentsAtLeast = 0;
let nextK = 1;
const importOutcomes: string[] = [];

function checkCommitted(ctx: CoreContext, where: string) {
  for (const k of markers) expect(count(ctx, 'SELECT COUNT(*) FROM clients WHERE name = ?', `marker-${k}`), `${where}: marker-${k}`).toBe(1);
  for (const [k, n] of batches) expect(count(ctx, 'SELECT COUNT(*) FROM invoices WHERE number LIKE ?', `K${k}-%`), `${where}: import K${k}`).toBe(n);
  expect(count(ctx, 'SELECT COUNT(*) FROM documents'), `${where}: archived documents`).toBeGreaterThanOrEqual(documentsAtLeast);
}

beforeAll(async () => {
  mkdirSync(backups);
  // The company (letterhead), 50 clients with overdue invoices for the letters, and enough rows
  // that a backup takes a while.
  const ctx = open(book);
  const saved = await createDispatcher(ctx, { onInternalError: () => undefined })('company.save', aCompany());
  expect(saved.ok).toBe(true);
  // Only the letters' clients are overdue on 2026-11-23; the bulk (and the worker's imports) falls due in 2027.
  applyImport(ctx, { invoices: batchCsv(0, 100, 'Lettre', 50, '2025-03-31') });
  applyImport(ctx, { invoices: batchCsv(-1, 20_000, 'Client', 1000, '2027-01-31') });
  batches.set(0, 100).set(-1, 20_000);
  ctx.close();
});

describe('crash safety (SIGKILL at random moments)', { timeout: 120_000 }, () => {
  it('a Recouvra CSV import is wholly there or absent after each kill', async () => {
    for (let i = 0; i < 7; i++) {
      const k = nextK++;
      const delay = Math.floor(rand() * 900);
      const run = await runAndKill('import', book, k, IMPORT_ROWS, delay);
      record('import', run);
      markers.push(k);
      const ctx = open(book);
      try {
        const where = `import K${k} killed ${delay} ms after READY (seed ${SEED})`;
        checkBook(ctx, where);
        checkCommitted(ctx, where);
        const n = count(ctx, 'SELECT COUNT(*) FROM invoices WHERE number LIKE ?', `K${k}-%`);
        expect([0, IMPORT_ROWS], `${where}: invoices of the batch`).toContain(n);
        if (run.done) expect(n, `${where}: finished, so committed`).toBe(IMPORT_ROWS);
        if (n > 0) batches.set(k, n);
        importOutcomes.push(n === 0 ? 'absent' : 'whole');
      } finally {
        ctx.close();
      }
    }
  });

  it('a FEC import is wholly there or absent after each kill', async () => {
    // The reference: the same FEC imported to the end, in a book of its own.
    const fecOf = (k: number) => generateFec({ lines: FEC_LINES, seed: k });
    const tables = ['clients', 'invoices', 'payments', 'payment_allocations', 'credit_notes'] as const;
    const countsOf = (ctx: CoreContext) => tables.map((t) => count(ctx, `SELECT COUNT(*) FROM ${t}`));
    for (let i = 0; i < 3; i++) {
      const k = nextK++;
      const fecBook = join(dir, `fec-${k}.sqlite`);
      const reference = open(join(dir, `fec-ref-${k}.sqlite`));
      const empty = countsOf(reference);
      applyFec(reference, fecOf(k).bytes, `crash-${k}-FEC.txt`);
      const full = countsOf(reference);
      reference.close();
      const delay = Math.floor(rand() * 1500);
      const run = await runAndKill('fec', fecBook, k, FEC_LINES, delay);
      record('fec', run);
      const ctx = open(fecBook);
      try {
        const where = `FEC ${k} killed ${delay} ms after READY (seed ${SEED})`;
        checkBook(ctx, where);
        expect(count(ctx, 'SELECT COUNT(*) FROM clients WHERE name = ?', `marker-${k}`), `${where}: marker`).toBe(1);
        // The marker client is one more client than either reference state.
        const got = countsOf(ctx);
        got[0]! -= 1;
        if (run.done) expect(got, `${where}: finished, so committed`).toEqual(full);
        else expect([JSON.stringify(empty), JSON.stringify(full)], `${where}: all or nothing, got ${JSON.stringify(got)}`).toContain(JSON.stringify(got));
      } finally {
        ctx.close();
      }
    }
  });

  it('a batch of letters keeps every archived letter whole, and none committed is lost', async () => {
    for (let i = 0; i < 4; i++) {
      const k = nextK++;
      const before = (() => {
        const ctx = open(book);
        try {
          return count(ctx, 'SELECT COUNT(*) FROM documents');
        } finally {
          ctx.close();
        }
      })();
      const delay = Math.floor(rand() * 2000);
      const run = await runAndKill('letters', book, k, LETTERS_PER_RUN, delay);
      record('letters', run);
      console.log(`letters ${k}: killed ${delay} ms after READY, ${run.archived} letters archived`);
      markers.push(k);
      documentsAtLeast = before + run.archived;
      const ctx = open(book);
      try {
        const where = `letters ${k} killed ${delay} ms after READY, ${run.archived} reported archived (seed ${SEED})`;
        checkBook(ctx, where);
        checkCommitted(ctx, where);
        const after = count(ctx, 'SELECT COUNT(*) FROM documents');
        // At most one letter more than reported: committed, killed before it could say so.
        expect(after - before, `${where}: letters archived`).toBeLessThanOrEqual(run.done ? run.archived : run.archived + 1);
        if (run.done) expect(after - before).toBe(LETTERS_PER_RUN);
        documentsAtLeast = after;
      } finally {
        ctx.close();
      }
    }
  });

  it('a backup is either absent or a complete, sound copy; the book itself is untouched', async () => {
    // The first backup runs to the end: its duration sets the range of the kill moments.
    let backupMs = 0;
    for (let i = 0; i < 7; i++) {
      const k = nextK++;
      const target = join(backups, `backup-${k}.sqlite`);
      const delay = i === 0 ? 60_000 : Math.floor(rand() * backupMs * 1.1);
      const run = await runAndKill('backup', book, k, BACKUP_PAGES_PER_STEP, delay, target);
      record('backup', run);
      if (i === 0) backupMs = run.workMs ?? 0;
      markers.push(k);
      const where = `backup ${k} killed ${delay} ms after READY (seed ${SEED})`;
      const ctx = open(book);
      try {
        checkBook(ctx, where);
        checkCommitted(ctx, where);
      } finally {
        ctx.close();
      }
      if (run.done) expect(existsSync(target), `${where}: finished, so the backup is there`).toBe(true);
      if (existsSync(target)) {
        const copy = new Database(target, { readonly: true, fileMustExist: true });
        try {
          expect(copy.pragma('integrity_check', { simple: true }), `${where}: backup integrity_check`).toBe('ok');
          expect(copy.prepare('SELECT COUNT(*) FROM clients WHERE name = ?').pluck().get(`marker-${k}`), `${where}: the backup holds what was committed before it began`).toBe(1);
        } finally {
          copy.close();
        }
      }
    }
    const leftovers = readdirSync(backups).filter((f) => !/^backup-\d+\.sqlite$/.test(f));
    if (leftovers.length) console.log(`crash.test: files left in the backup folder by killed backups: ${leftovers.join(', ')}`);
  });
});
