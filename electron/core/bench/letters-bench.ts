// `recouvra bench`, the letters: N formal notices in one batch through the app's own path
// (generateLetters: render, archive with SHA-256, merge), and the same letters drawn in one
// document by react-pdf (renderLetters) and by pdfkit alone (drawLettersWithPdfkit), side by side.
//
// - The measured book is never written to: the letters run on a copy in the bench's own folder.
// - They run in a child process (the hidden `recouvra bench-letters-child <job.json>`), so the
//   peak memory reported is the batch's own, not the bench's (which seeded 200 000 invoices).
import { spawn } from 'node:child_process';
import { copyFileSync, existsSync, mkdirSync, readFileSync, statSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import Database from 'better-sqlite3';
import type { IsoDate } from '../../../shared/domain/dates.js';
import type { LetterType } from '../../../shared/documents/letter-model.js';
import { companyInputSchema } from '../../../shared/schemas.js';
import { createContext, type CoreContext } from '../context.js';
import { clientsOverdue, generateLetters, letterModelFor } from '../letters.js';
import { nodePreferences } from '../preferences.js';

/** react-pdf may take at most this many times as long as pdfkit alone for the same letters. */
export const GOAL_LETTERS_RATIO = 3;
export const DEFAULT_BENCH_LETTERS = 500;
export const MAX_BENCH_LETTERS = 5000;
/** The richest letter: invoices, penalties, indemnities, claim summary, registered line. */
export const BENCH_LETTER_TYPE: LetterType = 'formal_notice';
/** The hidden CLI command the child runs. */
export const LETTERS_CHILD_COMMAND = 'bench-letters-child';

const BIN = fileURLToPath(new URL('../../cli/bin.mjs', import.meta.url));

/** Printed on the letters when the book has no company of its own (a seeded book). */
const BENCH_COMPANY = {
  name: 'Atelier Martin',
  legalForm: 'SAS',
  siren: '552100554',
  vatNumber: 'FR96552100554',
  rcsCity: 'Lyon',
  address: ['ATELIER MARTIN', 'SERVICE COMPTABILITE', '', '3 rue des Lilas', '', '69002 LYON'],
  representative: 'Paul Martin',
  email: 'compta@atelier-martin.example',
  phone: '04 72 00 00 00',
  iban: 'FR7630006000011234567890189',
  bic: 'AGRIFRPP',
  logo: null,
  signatoryName: 'Paul Martin',
  signatoryTitle: 'Président',
  paymentTermsDays: 30,
};

const plural = (n: number, word: string) => `${n} ${word}${n > 1 ? 's' : ''}`;
const errorText = (error: unknown) => (error instanceof Error ? error.message : String(error)).split('\n')[0]!;

function median(values: readonly number[]): number {
  const sorted = [...values].sort((a, b) => a - b);
  const mid = sorted.length >> 1;
  return sorted.length % 2 ? sorted[mid]! : (sorted[mid - 1]! + sorted[mid]!) / 2;
}

// ——— The copy ———

/**
 * Copies the book at @source to @target without writing to it. A cleanly closed book (no -wal
 * file, or an empty one) is copied as a file: no SQLite connection touches it, so not even the
 * -wal and -shm files a connection creates appear beside it. Otherwise (the app has it open, or
 * was stopped abruptly) a read-only connection makes a consistent snapshot with VACUUM INTO.
 */
export function copyBook(source: string, target: string): 'file' | 'vacuum' {
  const wal = `${source}-wal`;
  if (!existsSync(wal) || statSync(wal).size === 0) {
    copyFileSync(source, target);
    return 'file';
  }
  const db = new Database(source, { readonly: true, fileMustExist: true });
  try {
    db.prepare('VACUUM INTO ?').run(target);
  } finally {
    db.close();
  }
  return 'vacuum';
}

function openCopy(dbPath: string, home: string): CoreContext {
  mkdirSync(home, { recursive: true });
  return createContext({ dbPath, shell: 'browser', preferences: nodePreferences(home) });
}

// ——— The child process ———

export interface LettersJob {
  dbPath: string;
  home: string;
  clientIds: number[];
  type: LetterType;
  asOf: IsoDate;
  runs: number;
}

export interface LettersChildResult {
  letters: number;
  batchMs: number;
  mergedBytes: number;
  /** maxRSS (MB) before the batch (the CLI and the book opened) and right after it. */
  rssBeforeMb: number;
  batchPeakRssMb: number;
  reactpdfRunsMs: number[];
  pdfkitRunsMs: number[];
  reactpdfPages: number;
  pdfkitPages: number;
}

const maxRssMb = () => process.resourceUsage().maxRSS / 1024;
/** Page objects in a pdfkit-written PDF (no object streams): a check that both drew as much. */
const pageCount = (pdf: Buffer) => pdf.toString('latin1').match(/\/Type \/Page\b(?!s)/g)?.length ?? 0;

/**
 * What the child does: the batch (timed as a whole), its peak memory, then react-pdf and pdfkit
 * on the same models (built untimed), one warm-up each then alternated, `runs` times.
 */
export async function runLettersJob(job: LettersJob, progress: (line: string) => void): Promise<LettersChildResult> {
  const ctx = openCopy(job.dbPath, job.home);
  try {
    const rssBeforeMb = maxRssMb();
    const step = Math.max(1, Math.round(job.clientIds.length / 10));
    const started = performance.now();
    const batch = await generateLetters(ctx, { clientIds: job.clientIds, type: job.type, asOf: job.asOf }, {
      onProgress: (done, total) => {
        if (done % step === 0 || done === total) progress(`Lot : ${done} / ${total} courriers`);
      },
    });
    const batchMs = performance.now() - started;
    const batchPeakRssMb = maxRssMb();
    progress(`Lot terminé : ${plural(batch.documents.length, 'courrier')} en ${Math.round(batchMs)} ms, mémoire du processus au plus haut ${batchPeakRssMb.toFixed(0)} Mo`);

    const [{ renderLetters }, { drawLettersWithPdfkit, readLetterFonts }] = await Promise.all([
      import('../documents/render-letters.js'),
      import('./letters-pdfkit.js'),
    ]);
    const models = job.clientIds.map((id) => letterModelFor(ctx, id, job.type, job.asOf).model);
    const layout = ctx.repos.settings.get().letterWindow;
    const logo = ctx.repos.company.get()?.logo ?? null;
    const fonts = readLetterFonts();
    const engines = {
      reactpdf: () => renderLetters(models, layout, logo),
      pdfkit: () => drawLettersWithPdfkit(models, layout, fonts, logo),
    };
    const time = async (engine: keyof typeof engines) => {
      const t = performance.now();
      const pdf = await engines[engine]();
      return { ms: performance.now() - t, pdf };
    };
    progress(`Mise en route : react-pdf puis pdfkit, ${plural(models.length, 'courrier')} en un document…`);
    const warmReact = await time('reactpdf');
    const warmPdfkit = await time('pdfkit');
    const runs = { reactpdf: [] as number[], pdfkit: [] as number[] };
    for (let i = 0; i < Math.max(1, job.runs); i++) {
      // Alternated, so that neither engine always runs on a warmer (or more fragmented) heap.
      const order: (keyof typeof engines)[] = i % 2 === 0 ? ['reactpdf', 'pdfkit'] : ['pdfkit', 'reactpdf'];
      for (const engine of order) runs[engine].push((await time(engine)).ms);
      progress(`Passage ${i + 1}/${job.runs} : react-pdf ${Math.round(runs.reactpdf.at(-1)!)} ms, pdfkit ${Math.round(runs.pdfkit.at(-1)!)} ms`);
    }
    return {
      letters: batch.documents.length,
      batchMs,
      mergedBytes: batch.merged.length,
      rssBeforeMb,
      batchPeakRssMb,
      reactpdfRunsMs: runs.reactpdf,
      pdfkitRunsMs: runs.pdfkit,
      reactpdfPages: pageCount(warmReact.pdf),
      pdfkitPages: pageCount(warmPdfkit.pdf),
    };
  } finally {
    ctx.close();
  }
}

/** The hidden CLI command: reads the job, prints one JSON line (stdout), progress on stderr. */
export async function runLettersChildCommand(jobPath: string): Promise<number> {
  try {
    const job = JSON.parse(readFileSync(jobPath, 'utf8')) as LettersJob;
    const result = await runLettersJob(job, (line) => process.stderr.write(`${line}\n`));
    process.stdout.write(`${JSON.stringify(result)}\n`);
    return 0;
  } catch (error) {
    // The first line is the reason the bench prints; the stack follows, to find where.
    process.stderr.write(`Erreur : ${errorText(error)}\n${error instanceof Error && error.stack ? `${error.stack}\n` : ''}`);
    return 1;
  }
}

function runChild(jobPath: string, progress: (line: string) => void): Promise<LettersChildResult> {
  return new Promise((resolve, reject) => {
    const child = spawn(process.execPath, [BIN, LETTERS_CHILD_COMMAND, jobPath], { stdio: ['ignore', 'pipe', 'pipe'] });
    let out = '';
    let err = '';
    let partial = '';
    child.stdout.on('data', (chunk: Buffer) => (out += chunk.toString()));
    child.stderr.on('data', (chunk: Buffer) => {
      const text = partial + chunk.toString();
      const lines = text.split('\n');
      partial = lines.pop() ?? '';
      for (const line of lines) {
        err += `${line}\n`;
        if (line.trim()) progress(`  ${line}`);
      }
    });
    child.once('error', (error) => reject(new Error(`processus des courriers : ${error.message}`)));
    child.once('close', (code) => {
      if (partial.trim()) progress(`  ${partial}`);
      const line = out.trim().split('\n').filter((l) => l.startsWith('{')).at(-1);
      if (code === 0 && line) {
        try {
          resolve(JSON.parse(line) as LettersChildResult);
          return;
        } catch {
          // reported below
        }
      }
      const reason = (err + partial).split('\n').find((l) => l.startsWith('Erreur : '))?.slice('Erreur : '.length) ?? `code de sortie ${code}`;
      reject(new Error(`processus des courriers : ${reason}`));
    });
  });
}

// ——— The measurement ———

export interface LettersMeasure {
  /** Letters actually measured (0 when the book has no client with an overdue invoice). */
  letters: number;
  /** Null with `error` when it could not be measured. */
  batchMsPerLetter: number | null;
  batchPeakRssMb: number | null;
  reactpdfMsPerLetter: number | null;
  pdfkitMsPerLetter: number | null;
  /** react-pdf / pdfkit, medians of the same letters in one document. */
  ratio: number | null;
  error?: string;
  child?: LettersChildResult;
}

/**
 * Up to `letters` formal notices to the clients with overdue invoices on `asOf`, on a copy of the
 * book at dbPath made in workDir. Never throws: a failure is returned in `error`.
 */
export async function measureLetters(
  dbPath: string,
  workDir: string,
  options: { letters: number; runs: number; asOf: IsoDate; onProgress?: (line: string) => void },
): Promise<LettersMeasure> {
  const progress = options.onProgress ?? (() => undefined);
  const none = { batchMsPerLetter: null, batchPeakRssMb: null, reactpdfMsPerLetter: null, pdfkitMsPerLetter: null, ratio: null };
  let letters = 0;
  try {
    const dir = join(workDir, 'letters');
    mkdirSync(dir, { recursive: true });
    const copy = join(dir, 'copie.sqlite');
    const home = join(dir, 'home');
    const how = copyBook(dbPath, copy);
    progress(`Courriers : sur une copie des livres (${how === 'file' ? 'copie du fichier' : 'VACUUM INTO'}), le fichier mesuré n’est pas modifié.`);

    const ctx = openCopy(copy, home);
    let clientIds: number[];
    try {
      if (!ctx.repos.company.get()) {
        ctx.repos.company.save(companyInputSchema.parse(BENCH_COMPANY));
        progress('  Aucune entreprise dans les livres : une entreprise d’essai est enregistrée dans la copie (en-tête des courriers).');
      }
      const overdue = clientsOverdue(ctx, options.asOf, 1);
      clientIds = overdue.slice(0, options.letters);
      if (overdue.length > 0 && overdue.length < options.letters) {
        const who = overdue.length > 1 ? `Seuls ${overdue.length} clients ont` : `Seul ${overdue.length} client a`;
        progress(`  ${who} une facture échue au ${options.asOf} : ${plural(clientIds.length, 'courrier')} au lieu de ${options.letters}.`);
      }
    } finally {
      ctx.close();
    }
    letters = clientIds.length;
    if (letters === 0) return { letters, ...none, error: `aucun client n’a de facture échue au ${options.asOf}` };

    const jobPath = join(dir, 'job.json');
    const job: LettersJob = { dbPath: copy, home, clientIds, type: BENCH_LETTER_TYPE, asOf: options.asOf, runs: Math.max(1, options.runs) };
    writeFileSync(jobPath, JSON.stringify(job));
    progress(`Courriers : ${plural(letters, 'mise')} en demeure en un lot (rendu, archivage, fusion) dans un processus à part, puis react-pdf contre pdfkit (${plural(job.runs, 'passage')})…`);
    const child = await runChild(jobPath, progress);
    letters = child.letters;
    const react = median(child.reactpdfRunsMs);
    const pdfkit = median(child.pdfkitRunsMs);
    progress(
      `  lot ${Math.round(child.batchMs)} ms (${(child.mergedBytes / 1024 / 1024).toFixed(1)} Mo fusionnés) ; mémoire du processus ${child.rssBeforeMb.toFixed(0)} Mo avant le lot, ${child.batchPeakRssMb.toFixed(0)} Mo au plus haut`,
    );
    progress(
      `  un document de ${plural(letters, 'courrier')} : react-pdf ${child.reactpdfPages} pages, passages (ms) ${child.reactpdfRunsMs.map((t) => t.toFixed(0)).join(', ')} ; pdfkit ${child.pdfkitPages} pages, passages (ms) ${child.pdfkitRunsMs.map((t) => t.toFixed(0)).join(', ')}`,
    );
    return {
      letters,
      batchMsPerLetter: child.batchMs / letters,
      batchPeakRssMb: child.batchPeakRssMb,
      reactpdfMsPerLetter: react / letters,
      pdfkitMsPerLetter: pdfkit / letters,
      ratio: pdfkit > 0 ? react / pdfkit : null,
      child,
    };
  } catch (e) {
    return { letters, ...none, error: errorText(e) };
  }
}
