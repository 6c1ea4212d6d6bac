// `recouvra bench` on a tiny book: every result key is printed with a number (or the agreed
// word), the temporary folder is gone afterwards, and the app and the sqlite3 shell compute the
// same aging totals from the same SQL (so the ratio compares like with like).
import { existsSync, mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { parseBenchOptions } from '../../cli/commands/bench.js';
import {
  BENCH_KEYS,
  SKIPPED,
  UNAVAILABLE,
  agingShellSql,
  findSqlite3,
  measureAgingApp,
  median,
  parseBenchLines,
  parseShellTimes,
  runBench,
  seedBenchBook,
  sqlite3Json,
} from './bench.js';

const TIMEOUT = 120_000;
const hasSqlite3 = findSqlite3() !== null;
const dirs: string[] = [];
afterAll(() => {
  for (const dir of dirs) rmSync(dir, { recursive: true, force: true });
});

describe('runBench', () => {
  it(
    'prints every key as name=value, numeric where measured, and removes its temporary book',
    async () => {
      const out: string[] = [];
      const err: string[] = [];
      const result = await runBench(
        { clients: 50, invoices: 500, seed: 1, runs: 1, skipBrowser: true },
        { out: (line) => out.push(line), err: (line) => err.push(line) },
      );
      for (const line of out) expect(line).toMatch(/^[a-z0-9_]+=\S+$/);
      const values = parseBenchLines(out.join('\n'));
      expect(Object.keys(values)).toEqual([...BENCH_KEYS]);
      expect(values.clients).toBe(50);
      expect(values.invoices).toBe(500);
      for (const key of ['seed_ms', 'aging_app_ms', 'bench_peak_rss_mb'] as const) {
        expect(typeof values[key], key).toBe('number');
        expect(values[key] as number, key).toBeGreaterThanOrEqual(0);
      }
      if (hasSqlite3) {
        expect(typeof values.aging_sqlite3_ms).toBe('number');
        // The shell's timer counts whole milliseconds; a query under 1 ms has no ratio.
        if ((values.aging_sqlite3_ms as number) > 0) expect(typeof values.aging_ratio).toBe('number');
        else expect(values.aging_ratio).toBe(UNAVAILABLE);
      } else {
        expect(values.aging_sqlite3_ms).toBe(UNAVAILABLE);
        expect(values.aging_ratio).toBe(UNAVAILABLE);
        expect(err.join('\n')).toContain('sudo apt-get install sqlite3');
      }
      expect(['pass', 'fail', UNAVAILABLE]).toContain(values.goal_aging_ratio);
      if (typeof values.aging_ratio === 'number') expect(values.goal_aging_ratio).toBe(values.aging_ratio <= 1.2 ? 'pass' : 'fail');
      expect(values.dashboard_ms).toBe(SKIPPED);
      expect(values.server_peak_rss_mb).toBe(SKIPPED);
      expect(values.goal_dashboard).toBe(SKIPPED);
      expect(existsSync(result.workDir)).toBe(false);
    },
    TIMEOUT,
  );
});

describe('the app and the sqlite3 shell run the same aggregation', () => {
  it.skipIf(!hasSqlite3)(
    'same rows and totals per bucket on the same book',
    () => {
      const dir = mkdtempSync(join(tmpdir(), 'recouvra-bench-test-'));
      dirs.push(dir);
      const dbPath = join(dir, 'books.sqlite');
      seedBenchBook(dbPath, join(dir, 'home'), { clients: 50, invoices: 500, seed: 1, today: '2026-11-23' as never });
      const app = measureAgingApp(dbPath, join(dir, 'home'), { runs: 1, asOf: '2026-11-23' as never });
      expect(app.report.rows.length).toBeGreaterThan(0);

      const rows = sqlite3Json(dbPath, agingShellSql(app.asOf, app.bounds));
      const nBuckets = app.report.buckets.length;
      const sum = (key: string) => rows.reduce((s, r) => s + Number(r[key]), 0);
      expect(rows.length).toBe(app.report.rows.length);
      expect(Array.from({ length: nBuckets }, (_, n) => sum(`b${n}`))).toEqual(app.report.totals.buckets);
      expect(sum('disputed')).toBe(app.report.totals.disputedCents);
      expect(sum('total')).toBe(app.report.totals.totalCents);
      expect(rows.map((r) => [r.client_id, r.total])).toEqual(app.report.rows.map((r) => [r.clientId, r.totalCents]));
    },
    TIMEOUT,
  );
});

describe('helpers', () => {
  it('reads the shell timer and takes medians', () => {
    expect(parseShellTimes('Run Time: real 0.412 user 0.4 sys 0.01\nx|1\nRun Time: real 0.005 user 0 sys 0\n')).toEqual([412, 5]);
    expect(median([5, 1, 3])).toBe(3);
    expect(median([4, 1, 3, 2])).toBe(2.5);
  });

  it('writes @asOf as a quoted literal', () => {
    const sql = agingShellSql('2026-11-23' as never);
    expect(sql).not.toContain('@asOf');
    expect(sql).toContain("julianday('2026-11-23')");
  });

  it('refuses bad options with a French message naming the option', () => {
    expect(parseBenchOptions({})).toMatchObject({ clients: 5000, invoices: 200_000, seed: 1, runs: 5, skipBrowser: false });
    expect(parseBenchOptions({ runs: '0' })).toMatch(/^--runs : /);
    expect(parseBenchOptions({ clients: 'beaucoup' })).toMatch(/^--clients : /);
    expect(parseBenchOptions({ invoices: '-1' })).toMatch(/^--invoices : /);
    expect(parseBenchOptions({ seed: '1.5' })).toMatch(/^--seed : /);
    expect(parseBenchOptions({ db: '/nulle/part.sqlite' })).toMatch(/^--db : fichier introuvable/);
  });
});
