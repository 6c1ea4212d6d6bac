// `recouvra bench`, the imports: a 100 000-line FEC through applyFec and a 100 000-row
// factures.csv through applyImport, each into a copy of the measured book (or a fresh book) in
// the bench's folder (the measured book is never touched). The files are generated in memory, deterministically
// (same seed, same bytes), and only the import itself is timed: reading the bytes, checking
// them against the books and writing everything in one transaction.
//
// The FEC generator is also what the tests use for files of realistic shape: sales entries
// (411 debit, 706 credit, 44571 credit; PieceRef = invoice number), bank entries (512 debit,
// 411 credit) lettered with the invoices they settle, credit notes lettered with their invoice,
// partial payments left unlettered, names with accents, in UTF-8, ISO 8859-15 or Windows-1252.
import { mkdirSync, rmSync } from 'node:fs';
import { join } from 'node:path';
import { createContext } from '../context.js';
import { applyImport } from '../import/apply.js';
import { INVOICE_COLUMNS } from '../import/csv.js';
import { applyFec, FEC_COLUMNS } from '../import/fec.js';
import { nodePreferences } from '../preferences.js';
import { copyBook } from './letters-bench.js';

/** The import of a 100 000-line FEC must take less than this. */
export const GOAL_IMPORT_FEC_MS = 5000;
export const DEFAULT_IMPORT_LINES = 100_000;

// ——— Encoding ———

export type FecFileEncoding = 'utf-8' | 'windows-1252' | 'iso-8859-15';

/** Windows-1252's printable characters in 0x80–0x9F (those a French file may hold). */
const WINDOWS_1252: Record<string, number> = { '€': 0x80, '‚': 0x82, '„': 0x84, '…': 0x85, 'Œ': 0x8c, '‘': 0x91, '’': 0x92, '“': 0x93, '”': 0x94, '–': 0x96, '—': 0x97, 'œ': 0x9c, 'Ÿ': 0x9f };
/** Where ISO 8859-15 differs from Latin-1. */
const ISO_8859_15: Record<string, number> = { '€': 0xa4, 'Š': 0xa6, 'š': 0xa8, 'Ž': 0xb4, 'ž': 0xb8, 'Œ': 0xbc, 'œ': 0xbd, 'Ÿ': 0xbe };
const LATIN1_REPLACED_IN_15 = new Set([0xa4, 0xa6, 0xa8, 0xb4, 0xb8, 0xbc, 0xbd, 0xbe]);

/** The text's bytes in that encoding; a character it cannot hold becomes "?". */
export function encodeText(text: string, encoding: FecFileEncoding): Buffer {
  if (encoding === 'utf-8') return Buffer.from(text, 'utf8');
  const table = encoding === 'windows-1252' ? WINDOWS_1252 : ISO_8859_15;
  const out = Buffer.alloc(text.length);
  let n = 0;
  for (const ch of text) {
    const code = ch.codePointAt(0)!;
    const special = table[ch];
    if (special !== undefined) out[n++] = special;
    else if (code < 0x80 || (code >= 0xa0 && code <= 0xff && !(encoding === 'iso-8859-15' && LATIN1_REPLACED_IN_15.has(code)))) out[n++] = code;
    else out[n++] = 0x3f;
  }
  return out.subarray(0, n);
}

// ——— A deterministic FEC ———

/** mulberry32: small, fast, seeded; good enough for test data and the crash test's kill moments. */
export function mulberry32(seed: number): () => number {
  let a = seed >>> 0;
  return () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

const NAMES = ['Boulangerie', 'Menuiserie', 'Garage', 'Pharmacie', 'Librairie', 'Plomberie', 'Société', 'Atelier', 'Fromagerie', 'Crèmerie', 'Électricité', 'Hôtel'];
const SURNAMES = ['Dupont', 'Lefèvre', 'Martin', 'Bérénice', 'Garçon', 'Château', 'Müller', 'Noël', 'Lemaître', 'Gaël', 'Rousseau', 'Benoît'];

export interface FecGenOptions {
  /** Lines to write, the header excluded (the last entry may stop a line or two short). */
  lines: number;
  seed?: number;
  /** Distinct customer accounts (default: one per 40 lines, at least 3, at most 5 000). */
  clients?: number;
  separator?: '\t' | '|';
  encoding?: FecFileEncoding;
  crlf?: boolean;
  /** Amounts zero-padded to 15 characters: "000000001234,50". */
  padded?: boolean;
  year?: number;
}

export interface GeneratedFec {
  bytes: Buffer;
  /** Every line as cells, in FEC_COLUMNS order (the header excluded). */
  rows: string[][];
  invoices: number;
  payments: number;
  creditNotes: number;
  clients: number;
}

const pad = (n: number, width: number) => String(n).padStart(width, '0');

/** A letter code: A, B, … Z, AA, AB … */
function letterCode(n: number): string {
  let code = '';
  let k = n;
  do {
    code = String.fromCharCode(65 + (k % 26)) + code;
    k = Math.floor(k / 26) - 1;
  } while (k >= 0);
  return code;
}

/** Generates a FEC of realistic shape (see the header comment). Same options, same bytes. */
export function generateFec(options: FecGenOptions): GeneratedFec {
  const rand = mulberry32(options.seed ?? 1);
  const year = options.year ?? 2026;
  const clientCount = options.clients ?? Math.min(5000, Math.max(3, Math.floor(options.lines / 40)));
  const pick = <T>(list: readonly T[]) => list[Math.floor(rand() * list.length)]!;
  const clients = Array.from({ length: clientCount }, (_, i) => ({
    aux: `C${pad(i + 1, 5)}`,
    name: `${pick(NAMES)} ${pick(SURNAMES)} ${i + 1}`,
    letters: 0,
  }));
  const amount = (c: number) => {
    const text = `${Math.floor(c / 100)},${pad(c % 100, 2)}`;
    return options.padded ? text.padStart(15, '0') : text;
  };
  const date = (day: number) => {
    const d = new Date(Date.UTC(year, 0, 1 + day));
    return `${d.getUTCFullYear()}${pad(d.getUTCMonth() + 1, 2)}${pad(d.getUTCDate(), 2)}`;
  };
  const rows: string[][] = [];
  const entry = { VT: 0, BQ: 0 };
  const line = (j: 'VT' | 'BQ', num: number, day: number, account: string, accountLib: string, aux: string, auxLib: string, piece: string, pieceDay: number, lib: string, debit: number, credit: number, letter: string, letterDay: number | null) => {
    rows.push([
      j, j === 'VT' ? 'Journal des ventes' : 'Banque Crédit Agricole', `${j}${pad(num, 6)}`, date(day), account, accountLib, aux, auxLib, piece, date(pieceDay), lib,
      amount(debit), amount(credit), letter, letterDay === null ? '' : date(letterDay), date(Math.min(day + 2, 330)), '', '',
    ]);
  };
  let invoices = 0;
  let payments = 0;
  let creditNotes = 0;
  let n = 0;
  while (rows.length + 3 <= options.lines) {
    const client = clients[Math.floor(rand() * clients.length)]!;
    const day = Math.floor((n / Math.max(1, options.lines / 3)) * 320);
    const ht = 1000 + Math.floor(rand() * rand() * 900_000);
    const tva = Math.round(ht / 5);
    const ttc = ht + tva;
    const number = `F${year}-${pad(++n, 6)}`;
    const fate = rand();
    const withCredit = fate < 0.05 && rows.length + 9 <= options.lines;
    const paid = fate < 0.75 && rows.length + (withCredit ? 8 : 5) <= options.lines;
    const partial = !paid && fate < 0.85 && rows.length + 5 <= options.lines;
    const letter = paid ? letterCode(client.letters++) : '';
    const payDay = Math.min(day + 20 + Math.floor(rand() * 40), 325);
    const vt = ++entry.VT;
    line('VT', vt, day, '411000', 'Clients', client.aux, client.name, number, day, `Facture ${number} ${client.name}`, ttc, 0, letter, paid ? payDay : null);
    line('VT', vt, day, '706000', 'Prestations de services', '', '', number, day, `Facture ${number}`, 0, ht, '', null);
    line('VT', vt, day, '445710', 'TVA collectée', '', '', number, day, `Facture ${number}`, 0, tva, '', null);
    invoices++;
    let due = ttc;
    if (withCredit) {
      const creditHt = Math.max(100, Math.floor(ht / 10));
      const creditTtc = creditHt + Math.round(creditHt / 5);
      const av = ++entry.VT;
      const avNumber = `AV${year}-${pad(n, 6)}`;
      line('VT', av, day + 5, '411000', 'Clients', client.aux, client.name, avNumber, day + 5, `Avoir sur facture ${number}`, 0, creditTtc, letter, paid ? payDay : null);
      line('VT', av, day + 5, '706000', 'Prestations de services', '', '', avNumber, day + 5, `Avoir ${avNumber}`, creditHt, 0, '', null);
      line('VT', av, day + 5, '445710', 'TVA collectée', '', '', avNumber, day + 5, `Avoir ${avNumber}`, creditTtc - creditHt, 0, '', null);
      creditNotes++;
      due -= creditTtc;
    }
    if (paid || partial) {
      const value = paid ? due : Math.max(1, Math.floor(due / 3));
      const bq = ++entry.BQ;
      const lib = pick(['VIR SEPA', 'Remise chq', 'PRLV', 'Règlement']);
      line('BQ', bq, payDay, '512000', 'Banque', '', '', `REL${pad(bq, 6)}`, payDay, `${lib} ${client.name}`, value, 0, '', null);
      line('BQ', bq, payDay, '411000', 'Clients', client.aux, client.name, `REL${pad(bq, 6)}`, payDay, `${lib} ${number}`, 0, value, letter, paid ? payDay : null);
      payments++;
    }
  }
  const separator = options.separator ?? '\t';
  const eol = options.crlf ? '\r\n' : '\n';
  const text = [FEC_COLUMNS.join(separator), ...rows.map((r) => r.join(separator))].join(eol) + eol;
  return { bytes: encodeText(text, options.encoding ?? 'iso-8859-15'), rows, invoices, payments, creditNotes, clients: clientCount };
}

/** A factures.csv of `rows` invoices over `clients` clients (created by the import). */
export function generateInvoicesCsv(rows: number, options: { clients?: number; seed?: number } = {}): string {
  const rand = mulberry32(options.seed ?? 1);
  const clients = options.clients ?? Math.min(5000, Math.max(1, Math.floor(rows / 20)));
  const out: string[] = [INVOICE_COLUMNS.join(';')];
  for (let i = 0; i < rows; i++) {
    const day = 1 + Math.floor((i / rows) * 300);
    const d = new Date(Date.UTC(2026, 0, day));
    const due = new Date(Date.UTC(2026, 0, day + 30));
    const iso = (x: Date) => x.toISOString().slice(0, 10);
    const ttc = 1000 + Math.floor(rand() * rand() * 900_000);
    const ht = Math.floor(ttc / 1.2);
    const euros = (c: number) => `${Math.floor(c / 100)},${pad(c % 100, 2)}`;
    out.push([`Client ${pad(1 + (i % clients), 5)} SARL`, '', 'professionnel', `F-${pad(i + 1, 7)}`, iso(d), iso(due), euros(ttc), euros(ht), '', `BC-${i + 1}`].join(';'));
  }
  return out.join('\n') + '\n';
}

// ——— The measurement ———

export interface ImportMeasure {
  /** Null when not measured (error says why). */
  fecMs: number | null;
  csvMs: number | null;
  fecLines: number;
  csvRows: number;
  errors: string[];
}

const errorText = (error: unknown) => (error instanceof Error ? error.message : String(error)).split('\n')[0]!;

function timedImport(workDir: string, name: string, run: (ctx: ReturnType<typeof createContext>) => void, baseBook?: string): number {
  const dir = join(workDir, name);
  mkdirSync(dir, { recursive: true });
  // Into a copy of the measured book (an import into a large book checks its numbers against it), else a new one.
  if (baseBook) copyBook(baseBook, join(dir, 'books.sqlite'));
  const ctx = createContext({ dbPath: join(dir, 'books.sqlite'), shell: 'browser', preferences: nodePreferences(join(dir, 'home')) });
  try {
    const started = performance.now();
    run(ctx);
    return performance.now() - started;
  } finally {
    ctx.close();
    rmSync(dir, { recursive: true, force: true });
  }
}

/**
 * Imports a generated FEC of `fecLines` lines and a generated factures.csv of `csvRows` rows,
 * each into a copy of `baseBook` (else a fresh book) under workDir (deleted afterwards). Never throws: a failure is in
 * `errors` and its value is null.
 */
export function measureImports(
  workDir: string,
  options: { fecLines?: number; csvRows?: number; baseBook?: string; onProgress?: (line: string) => void },
): ImportMeasure {
  const fecLines = options.fecLines ?? DEFAULT_IMPORT_LINES;
  const csvRows = options.csvRows ?? DEFAULT_IMPORT_LINES;
  const progress = options.onProgress ?? (() => undefined);
  const errors: string[] = [];
  let fecMs: number | null = null;
  let csvMs: number | null = null;
  try {
    const fec = generateFec({ lines: fecLines, seed: 1, padded: true, crlf: true });
    progress(`Import d’un FEC de ${fec.rows.length} lignes (${fec.invoices} factures, ${fec.creditNotes} avoirs, ${fec.payments} paiements, ${fec.clients} clients ; ISO-8859-15, tabulations)…`);
    fecMs = timedImport(workDir, 'import-fec', (ctx) => {
      const result = applyFec(ctx, fec.bytes, 'bench-FEC.txt');
      progress(`  ${result.invoices} factures, ${result.payments} paiements, ${result.fec?.allocations ?? 0} affectations écrites`);
    }, options.baseBook);
    progress(`  ${Math.round(fecMs)} ms`);
  } catch (error) {
    errors.push(`FEC : ${errorText(error)}`);
  }
  try {
    const csv = generateInvoicesCsv(csvRows);
    progress(`Import d’un factures.csv de ${csvRows} lignes…`);
    csvMs = timedImport(workDir, 'import-csv', (ctx) => {
      const result = applyImport(ctx, { invoices: csv });
      progress(`  ${result.invoices} factures, ${result.clientsCreated} clients créés`);
    }, options.baseBook);
    progress(`  ${Math.round(csvMs)} ms`);
  } catch (error) {
    errors.push(`CSV : ${errorText(error)}`);
  }
  return { fecMs, csvMs, fecLines, csvRows, errors };
}
