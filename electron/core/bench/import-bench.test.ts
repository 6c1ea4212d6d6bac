// `recouvra bench`, the imports: the generated files are deterministic and import cleanly, the
// measurement prints its keys (numbers, or `skipped` with --skip-import) and leaves no file behind.
import { existsSync, mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { parseBenchOptions } from '../../cli/commands/bench.js';
import { parseImport } from '../import/csv.js';
import { parseFec } from '../import/fec.js';
import { BENCH_KEYS, SKIPPED, parseBenchLines, runBench } from './bench.js';
import { generateFec, generateInvoicesCsv, measureImports } from './import-bench.js';

const dirs: string[] = [];
afterAll(() => {
  for (const dir of dirs) rmSync(dir, { recursive: true, force: true });
});

describe('the generated files', () => {
  it('are the same for the same options, and read without an error', () => {
    const a = generateFec({ lines: 1000, seed: 5, padded: true, crlf: true });
    const b = generateFec({ lines: 1000, seed: 5, padded: true, crlf: true });
    expect(a.bytes.equals(b.bytes)).toBe(true);
    expect(a.rows.length).toBeLessThanOrEqual(1000);
    expect(a.rows.length).toBeGreaterThan(990);
    expect(parseFec(a.bytes, 'FEC.txt').errors).toEqual([]);
    expect(generateFec({ lines: 1000, seed: 6 }).bytes.equals(a.bytes)).toBe(false);
    const csv = parseImport({ invoices: generateInvoicesCsv(500) });
    expect(csv.errors).toEqual([]);
    expect(csv.invoices).toHaveLength(500);
  });
});

describe('measureImports', () => {
  it('imports both files into books of their own, and removes them', () => {
    const dir = mkdtempSync(join(tmpdir(), 'recouvra-import-bench-'));
    dirs.push(dir);
    const progress: string[] = [];
    const measure = measureImports(join(dir, 'imports'), { fecLines: 400, csvRows: 300, onProgress: (l) => progress.push(l) });
    expect(measure.errors).toEqual([]);
    expect(measure.fecMs).toBeGreaterThan(0);
    expect(measure.csvMs).toBeGreaterThan(0);
    expect(progress.join('\n')).toContain('300 factures, 15 clients créés');
    expect(existsSync(join(dir, 'imports', 'import-fec'))).toBe(false);
    expect(existsSync(join(dir, 'imports', 'import-csv'))).toBe(false);
  });
});

describe('runBench and the imports', { timeout: 120_000 }, () => {
  const run = async (options: { skipImport?: boolean; importLines?: number }) => {
    const out: string[] = [];
    const err: string[] = [];
    await runBench({ clients: 20, invoices: 100, seed: 1, runs: 1, skipBrowser: true, skipServer: true, letters: 0, ...options }, { out: (l) => out.push(l), err: (l) => err.push(l) });
    return { values: parseBenchLines(out.join('\n')), err: err.join('\n') };
  };

  it('prints the import times and the goal, in the order of BENCH_KEYS', async () => {
    const { values, err } = await run({ importLines: 300 });
    expect(Object.keys(values)).toEqual([...BENCH_KEYS]);
    expect(typeof values.import_fec_100k_ms, err).toBe('number');
    expect(typeof values.import_csv_100k_ms, err).toBe('number');
    expect(values.goal_import_fec).toBe((values.import_fec_100k_ms as number) < 5000 ? 'pass' : 'fail');
    expect(err).toContain('Import d’un FEC de');
  });

  it('skips them with --skip-import', async () => {
    expect(parseBenchOptions({ skipImport: true })).toMatchObject({ skipImport: true });
    expect(parseBenchOptions({})).toMatchObject({ skipImport: false });
    const { values } = await run({ skipImport: true });
    expect(Object.keys(values)).toEqual([...BENCH_KEYS]);
    expect(values).toMatchObject({ import_fec_100k_ms: SKIPPED, import_csv_100k_ms: SKIPPED, goal_import_fec: SKIPPED });
  });
});
