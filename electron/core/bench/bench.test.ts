// `recouvra bench` on a tiny book: every result key is printed with a number (or the agreed
// word), the temporary folder is gone afterwards, and the app and the sqlite3 shell compute the
// same aging totals from the same SQL (so the ratio compares like with like). The letters: pdfkit
// alone draws what react-pdf draws (read back with poppler), and the batch runs on a copy, leaving
// the measured book byte for byte as it was.
import { execFileSync } from 'node:child_process';
import { createHash } from 'node:crypto';
import { existsSync, mkdtempSync, readdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import Database from 'better-sqlite3';
import { afterAll, describe, expect, it } from 'vitest';
import { aCompanyRecord } from '../../../test/helpers/builders.js';
import { buildLetterModel, type LetterInvoice, type LetterModel } from '../../../shared/documents/letter-model.js';
import type { IsoDate } from '../../../shared/domain/dates.js';
import { formatEuros, type Cents } from '../../../shared/domain/money.js';
import { DEFAULT_LETTER_WINDOW } from '../../../shared/settings.js';
import { parseBenchOptions } from '../../cli/commands/bench.js';
import { renderLetters } from '../documents/render-letters.js';
import {
  BENCH_KEYS,
  GOAL_PEAK_RSS_MB,
  GROWTH_NOT_JUDGED,
  SKIPPED,
  benchChannels,
  growthKeys,
  UNAVAILABLE,
  agingShellSql,
  findSqlite3,
  measureAgingApp,
  median,
  parseBenchLines,
  parseShellTimes,
  runBench,
  runScaleBench,
  seedBenchBook,
  sqlite3Json,
} from './bench.js';
import { copyBook, measureLetters } from './letters-bench.js';
import { drawLettersWithPdfkit, readLetterFonts } from './letters-pdfkit.js';

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
        { clients: 50, invoices: 500, seed: 1, runs: 1, skipBrowser: true, letters: 0, importLines: 300 },
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
      // The server ran (no Chromium): every screen's channel timed over HTTP, its memory read.
      expect(values.dashboard_ms).toBe(SKIPPED);
      expect(values.dashboard_first_ms).toBe(SKIPPED);
      expect(values.goal_dashboard).toBe(SKIPPED);
      for (const { key } of benchChannels('2026-11-23' as IsoDate)) {
        expect(typeof values[key], `${key}\n${err.join('\n')}`).toBe('number');
        expect(values[key] as number, key).toBeGreaterThanOrEqual(0);
      }
      expect(typeof values.server_peak_rss_mb).toBe('number');
      expect(values.goal_peak_rss).toBe((values.server_peak_rss_mb as number) < GOAL_PEAK_RSS_MB ? 'pass' : 'fail');
      for (const key of LETTER_KEYS) expect(values[key], key).toBe(SKIPPED);
      expect(values.goal_letters_ratio).toBe(SKIPPED);
      expect(existsSync(result.workDir)).toBe(false);
    },
    TIMEOUT,
  );
});

describe('runScaleBench (recouvra bench --scale)', () => {
  it(
    'runs the bench at both sizes, prints every value with its size, the growth of each time and memory, and the goals',
    async () => {
      const out: string[] = [];
      const err: string[] = [];
      const { bySize, growth, paired } = await runScaleBench(
        { clients: 1, invoices: 100, scale: 400, seed: 1, runs: 1, skipBrowser: true, letters: 0, skipImport: true },
        { out: (line) => out.push(line), err: (line) => err.push(line) },
      );
      for (const line of out) expect(line).toMatch(/^[a-z0-9_]+=\S+$/);
      const values = parseBenchLines(out.join('\n'));
      for (const size of [100, 400]) for (const key of BENCH_KEYS) expect(values, `${key}_${size}`).toHaveProperty(`${key}_${size}`);
      // One client per 50 invoices at each size.
      expect(values).toMatchObject({ clients_100: 2, invoices_100: 100, clients_400: 8, invoices_400: 400, size_ratio: 4 });
      expect(bySize.get(400)?.invoices).toBe(400);
      // The aging report and every screen: timed again with both books side by side, alternated.
      expect(Object.keys(paired).sort()).toEqual(['aging_app_ms', ...benchChannels('2026-11-23' as IsoDate).map((c) => c.key)].sort());
      for (const [key, p] of Object.entries(paired)) {
        expect(p!.ratio, key).toBeCloseTo(p!.largeMs / p!.smallMs, 10);
        expect(values[`${key}_growth`], key).toBeCloseTo(p!.ratio, 1);
        expect(growth[key as keyof typeof growth], key).toBe(p!.ratio);
      }
      expect(err.join('\n')).toMatch(/Croissance mesurée en alternance sur les deux livres \(5 passages chacun\)/);
      // The others: the ratio of the two sizes, for every time or memory measured at both.
      for (const key of growthKeys().filter((k) => !(k in paired))) {
        const [a, b] = [values[`${key}_100`], values[`${key}_400`]];
        if (typeof a === 'number' && typeof b === 'number' && a > 0) {
          expect(values[`${key}_growth`], key).toBeCloseTo(b / a, 1);
          expect(growth[key], key).toBeCloseTo(b / a, 5);
        } else expect(values, key).not.toHaveProperty(`${key}_growth`);
      }
      expect(values).toHaveProperty('aging_app_ms_growth');
      const tooFast = Object.entries(growth).filter(([key, g]) => g! > 4 * 1.2 && !GROWTH_NOT_JUDGED.includes(key as never));
      expect(values.goal_growth, err.join('\n')).toBe(tooFast.length ? 'fail' : 'pass');
      // The servers' peaks at both sizes (no letters batch measured).
      const peaks = [values.server_peak_rss_mb_100, values.server_peak_rss_mb_400];
      for (const peak of peaks) expect(typeof peak).toBe('number');
      expect(values.goal_peak_rss).toBe(peaks.every((p) => (p as number) < GOAL_PEAK_RSS_MB) ? 'pass' : 'fail');
    },
    TIMEOUT,
  );

  it('refuses a scale not above the base size, or with --db', () => {
    expect(parseBenchOptions({ scale: '1000000' })).toMatchObject({ invoices: 200_000, scale: 1_000_000 });
    expect(parseBenchOptions({ scale: '100000' })).toMatch(/^--scale : plus de factures que la taille de départ/);
    expect(parseBenchOptions({ scale: 'beaucoup' })).toMatch(/^--scale : un nombre entier/);
    expect(parseBenchOptions({ scale: '1000000', db: '/dev/null' })).toMatch(/ne s’utilise pas avec --db/);
  });
});

const LETTER_KEYS = [
  'letters',
  'letters_batch_ms_per_letter',
  'letters_reactpdf_ms_per_letter',
  'letters_pdfkit_ms_per_letter',
  'letters_ratio',
  'letters_peak_rss_mb',
] as const;

const sha256 = (path: string) => createHash('sha256').update(readFileSync(path)).digest('hex');

describe('the letters measurement', () => {
  it(
    'measures a few formal notices on a copy of an existing book and leaves that book byte for byte as it was',
    async () => {
      const dir = mkdtempSync(join(tmpdir(), 'recouvra-bench-test-'));
      dirs.push(dir);
      const dbPath = join(dir, 'books.sqlite');
      seedBenchBook(dbPath, join(dir, 'home'), { clients: 60, invoices: 600, seed: 1 });
      const before = { hash: sha256(dbPath), files: readdirSync(dir).sort() };

      const out: string[] = [];
      const err: string[] = [];
      const result = await runBench(
        { clients: 60, invoices: 600, seed: 1, db: dbPath, runs: 1, skipBrowser: true, skipServer: true, letters: 5, skipImport: true },
        { out: (line) => out.push(line), err: (line) => err.push(line) },
      );
      const values = parseBenchLines(out.join('\n'));
      expect(Object.keys(values)).toEqual([...BENCH_KEYS]);
      expect(values.letters, err.join('\n')).toBe(5);
      for (const key of LETTER_KEYS) {
        expect(typeof values[key], `${key}\n${err.join('\n')}`).toBe('number');
        expect(values[key] as number, key).toBeGreaterThan(0);
      }
      expect(values.goal_letters_ratio).toBe((values.letters_ratio as number) <= 3 ? 'pass' : 'fail');
      expect(err.join('\n')).toContain('copie');

      // Not one byte written to the measured book, and nothing left beside it (no -wal, no -shm).
      expect(sha256(dbPath)).toBe(before.hash);
      expect(readdirSync(dir).sort()).toEqual(before.files);
      expect(existsSync(result.workDir)).toBe(false);
    },
    TIMEOUT,
  );

  it('says so when no client has an overdue invoice (nothing to measure)', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'recouvra-bench-test-'));
    dirs.push(dir);
    const dbPath = join(dir, 'books.sqlite');
    seedBenchBook(dbPath, join(dir, 'home'), { clients: 5, invoices: 0, seed: 1 });
    const measure = await measureLetters(dbPath, join(dir, 'work'), { letters: 5, runs: 1, asOf: '2026-11-23' as IsoDate });
    expect(measure).toMatchObject({ letters: 0, batchMsPerLetter: null, ratio: null });
    expect(measure.error).toMatch(/^aucun client n’a de facture échue au 2026-11-23/);
  });
});

describe('copyBook', () => {
  it('snapshots a book another connection has open (non-empty -wal) without writing to it', () => {
    const dir = mkdtempSync(join(tmpdir(), 'recouvra-bench-test-'));
    dirs.push(dir);
    const dbPath = join(dir, 'books.sqlite');
    seedBenchBook(dbPath, join(dir, 'home'), { clients: 5, invoices: 20, seed: 1 });
    expect(copyBook(dbPath, join(dir, 'clean.sqlite'))).toBe('file');

    const writer = new Database(dbPath);
    try {
      writer.pragma('journal_mode = WAL');
      writer.pragma('wal_autocheckpoint = 0');
      writer.exec("CREATE TABLE probe (x); INSERT INTO probe VALUES ('dans le journal seulement')");
      const before = [sha256(dbPath), sha256(`${dbPath}-wal`)];
      expect(copyBook(dbPath, join(dir, 'copy.sqlite'))).toBe('vacuum');
      expect([sha256(dbPath), sha256(`${dbPath}-wal`)]).toEqual(before);
      const copy = new Database(join(dir, 'copy.sqlite'), { readonly: true });
      expect(copy.prepare('SELECT x FROM probe').pluck().get()).toBe('dans le journal seulement');
      expect(copy.prepare('SELECT count(*) FROM invoices').pluck().get()).toBe(20);
      copy.close();
    } finally {
      writer.close();
    }
  });
});

// ——— pdfkit alone draws the same letter as react-pdf ———

const DEBTOR = { id: 7, name: 'Boulangerie Dupont', kind: 'business' as const, siren: '732829320', address: ['BOULANGERIE DUPONT', 'SERVICE COMPTABILITE', '', '12 rue de la Paix', '', '75002 PARIS'] as never };
const CONSUMER = { id: 9, name: 'Jeanne Lefèvre', kind: 'consumer' as const, siren: null, address: ['MME JEANNE LEFEVRE', 'APPARTEMENT 12', '', '8 avenue Jean Jaurès', '', '69007 LYON'] as never };

function invoice(n: number): LetterInvoice {
  const amount = 123_456 + n * 10_101;
  const settled = n % 3 === 1 ? 20_000 : 0;
  return {
    number: `FA-2026-${String(100 + n).padStart(4, '0')}`,
    issueDate: `2026-0${1 + (n % 9)}-05` as IsoDate,
    dueDate: `2026-0${1 + (n % 9)}-28` as IsoDate,
    amountCents: amount as Cents,
    settledCents: settled as Cents,
    remainingCents: (amount - settled) as Cents,
    penaltiesCents: (1_234 + n * 111) as Cents,
    indemnityCents: 4_000 as Cents,
  };
}

function formalNotice(debtor: typeof DEBTOR | typeof CONSUMER, invoices: number): LetterModel {
  return buildLetterModel({
    type: 'formal_notice',
    date: '2026-11-23' as IsoDate,
    company: aCompanyRecord(),
    client: debtor,
    invoices: Array.from({ length: invoices }, (_, n) => invoice(n)),
    registeredNumber: '1A 123 456 7890 1',
  });
}

interface Word {
  page: number;
  text: string;
  xMin: number;
  yMin: number;
  xMax: number;
  yMax: number;
}

function readBack(pdf: Buffer, path: string) {
  writeFileSync(path, pdf);
  const text = execFileSync('pdftotext', ['-layout', '-enc', 'UTF-8', path, '-'], { encoding: 'utf8' });
  const pages = Number(/^Pages:\s+(\d+)/m.exec(execFileSync('pdfinfo', [path], { encoding: 'utf8' }))?.[1]);
  const fonts = execFileSync('pdffonts', [path], { encoding: 'utf8' });
  const words: Word[] = [];
  let page = 0;
  for (const line of execFileSync('pdftotext', ['-bbox', '-enc', 'UTF-8', path, '-'], { encoding: 'utf8' }).split('\n')) {
    if (/<page /.test(line)) page += 1;
    const m = /<word xMin="([\d.]+)" yMin="([\d.]+)" xMax="([\d.]+)" yMax="([\d.]+)">(.*)<\/word>/.exec(line);
    if (m) words.push({ page, xMin: +m[1]!, yMin: +m[2]!, xMax: +m[3]!, yMax: +m[4]!, text: m[5]!.replace(/&amp;/g, '&') });
  }
  // pdftotext prints U+202F and U+00A0 as spaces: phrases are compared with whitespace folded,
  // and without the line breaks pdfkit (not react-pdf) may make after a hyphen ("FA-2026-0100-⏎FA-…").
  return { text: plain(text).replace(/- /g, '-'), pages, fonts, words };
}

const plain = (text: string) => text.replace(/[\s\u202f\u00a0]+/g, ' ');

describe('pdfkit alone draws the letters react-pdf draws', () => {
  it(
    'the same text, pages and fonts, and the narrow no-break space of French amounts as its own glyph',
    async () => {
      const dir = mkdtempSync(join(tmpdir(), 'recouvra-bench-test-'));
      dirs.push(dir);
      // A long letter (its table runs onto a second page) and a short one to a consumer (no indemnity).
      const models = [formalNotice(DEBTOR, 45), formalNotice(CONSUMER, 3)];
      const react = readBack(await renderLetters(models, DEFAULT_LETTER_WINDOW, null), join(dir, 'react-pdf.pdf'));
      const pdfkit = readBack(await drawLettersWithPdfkit(models, DEFAULT_LETTER_WINDOW, readLetterFonts()), join(dir, 'pdfkit.pdf'));

      expect(react.pages).toBe(3);
      expect(pdfkit.pages).toBe(react.pages);
      for (const [engine, pdf] of Object.entries({ react, pdfkit })) {
        const t = pdf.text;
        expect(pdf.fonts, engine).toMatch(/LiberationSans-Bold\s+CID TrueType\s+Identity-H\s+yes yes yes/);
        expect(pdf.fonts, engine).toMatch(/LiberationSans\s+CID TrueType\s+Identity-H\s+yes yes yes/);
        expect(t, engine).toMatch(/mise en demeure/i);
        expect(t, engine).toContain('MISE EN DEMEURE');
        expect(t, engine).toContain('Lettre recommandée avec accusé de réception n° 1A 123 456 7890 1');
        expect(t, engine).toContain('Atelier Martin');
        for (const model of models) {
          expect(t, engine).toContain(model.debtorAddressLines[0]);
          expect(t, engine).toContain(model.dateLine);
          expect(t, engine).toContain(`Objet : ${model.subject}`);
          for (const inv of model.invoices) expect(t, engine).toContain(inv.number);
          expect(t, engine).toContain(`Total réclamé ${plain(formatEuros(model.totals.claimCents))}`);
          expect(t, engine).toContain(plain(formatEuros(model.totals.remainingCents)));
          for (const p of model.paragraphs) expect(t, engine).toContain(plain(p));
        }
        expect(t, engine).toContain('Indemnités forfaitaires');
        expect(t, engine).toContain('Paul Martin Président');
        expect(t, engine).toContain('IBAN FR76 3000 6000 0112 3456 7890 189');
        // Each letter counts its own pages; the table's header row is repeated on its second page.
        expect(t.match(/Page \d \/ \d/g), engine).toEqual(['Page 1 / 2', 'Page 2 / 2', 'Page 1 / 1']);
        expect(pdf.words.filter((w) => w.text === 'Échéance').map((w) => w.page), engine).toEqual([1, 2, 3]);

        // "4 163,76 €": pdftotext splits the amount at U+202F; the gap between the two words is
        // the narrow space's own width (0.2 em in Liberation Sans), not a missing glyph's box (0.75 em)
        // nor a plain space (0.28 em). The words' boxes are 1.117 em high (ascent + descent).
        const [thousands, rest] = plain(formatEuros(models[0]!.totals.claimCents)).split(' ');
        const at = pdf.words.findIndex((w, i) => w.text === thousands && pdf.words[i + 1]?.text === rest);
        expect(at, `${engine}: ${thousands} ${rest}`).toBeGreaterThanOrEqual(0);
        const [a, b] = [pdf.words[at]!, pdf.words[at + 1]!];
        const em = (a.yMax - a.yMin) / 1.117;
        expect((b.xMin - a.xMax) / em, engine).toBeCloseTo(0.2, 1);
      }
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
    expect(parseBenchOptions({})).toMatchObject({ clients: 5000, invoices: 200_000, seed: 1, runs: 5, skipBrowser: false, letters: 500 });
    expect(parseBenchOptions({ letters: '0' })).toMatchObject({ letters: 0 });
    expect(parseBenchOptions({ letters: '5 000' })).toMatchObject({ letters: 5000 });
    expect(parseBenchOptions({ letters: '20', skipLetters: true })).toMatchObject({ letters: 0 });
    expect(parseBenchOptions({ letters: '5001' })).toBe('--letters : un nombre entier entre 0 et 5\u202f000 (reçu « 5001 »).');
    expect(parseBenchOptions({ letters: '-1' })).toMatch(/^--letters : /);
    expect(parseBenchOptions({ letters: 'beaucoup' })).toMatch(/^--letters : /);
    expect(parseBenchOptions({ letters: '2.5' })).toMatch(/^--letters : /);
    expect(parseBenchOptions({ runs: '0' })).toMatch(/^--runs : /);
    expect(parseBenchOptions({ clients: 'beaucoup' })).toMatch(/^--clients : /);
    expect(parseBenchOptions({ invoices: '-1' })).toMatch(/^--invoices : /);
    expect(parseBenchOptions({ seed: '1.5' })).toMatch(/^--seed : /);
    expect(parseBenchOptions({ db: '/nulle/part.sqlite' })).toMatch(/^--db : fichier introuvable/);
  });
});
