// Collection letters are drawn in a worker thread, not on the main thread:
// - the main thread (the desktop app's main process, the browser-mode server) keeps answering
//   while a batch of 500 letters is drawn (about 35 s of layout work on a laptop);
// - the drawing gets a heap of its own with a ceiling (PDF_WORKER_HEAP_MB). Left to itself, V8
//   lets the heap of a long batch grow to several times what it holds (the batch allocates a
//   lot and keeps little): a batch of 500 formal notices took the process to 590 MB, 400 MB in
//   the worker. The heap is given back when the worker stops, PDF_WORKER_IDLE_MS after its
//   last letter.
// One worker at a time, letters one after the other: the batches archive letter by letter anyway.
//
// When a letter needs more than the ceiling (react-pdf's layout grows faster than the pages: a
// letter listing 2 000 invoices needs about 1 GB), it is drawn again in a worker of its own with
// PDF_WORKER_LARGE_HEAP_MB, then refused with a French message if that is not enough: never on
// the main thread, whose running out of memory would end the app. If the worker fails otherwise
// (it cannot load), the letter is drawn on the main thread: slower, but made.
import { Worker } from 'node:worker_threads';
import type { LetterModel } from '../../../shared/documents/letter-model.js';
import type { LetterWindow } from '../../../shared/settings.js';
import { AppError } from '../errors.js';
import type { RenderReply, RenderRequest } from './pdf-worker-protocol.js';

/** Ceiling of the worker's old generation: a letter of a few pages needs about 50 MB. */
export const PDF_WORKER_HEAP_MB = 128;
/** The ceiling of the one-off worker for a letter that did not fit under PDF_WORKER_HEAP_MB. */
export const PDF_WORKER_LARGE_HEAP_MB = 2048;
/** The worker stops this long after its last letter, and its memory with it. */
export const PDF_WORKER_IDLE_MS = 30_000;

// From the sources, the .mjs beside this file registers tsx then loads render-worker-main.ts; in
// the desktop bundle, dist/electron/render-worker.mjs is render-worker-main.ts bundled.
const WORKER_URL = new URL('./render-worker.mjs', import.meta.url);

interface Job {
  request: RenderRequest;
  resolve: (pdf: Buffer) => void;
  reject: (error: Error) => void;
}

interface Running {
  worker: Worker;
  jobs: Map<number, Job>;
  /** A one-off worker (a letter too large for the shared one): stops after its letter. */
  large: boolean;
  idle: NodeJS.Timeout | null;
}

/** The worker's settings; the tests change them (tiny heaps, to see what happens then). */
const settings = { heapMb: PDF_WORKER_HEAP_MB, largeHeapMb: PDF_WORKER_LARGE_HEAP_MB, idleMs: PDF_WORKER_IDLE_MS, url: WORKER_URL };
export function configurePdfWorker(options: Partial<typeof settings>): void {
  Object.assign(settings, options);
}

/** The shared worker, when one runs. */
let shared: Running | null = null;
let nextId = 1;
/** What the workers did so far in this process (for the tests and the bench). */
export const pdfWorkerStats = { started: 0, rendered: 0, large: 0, onMainThread: 0 };

const isOutOfMemory = (error: Error) => (error as NodeJS.ErrnoException).code === 'ERR_WORKER_OUT_OF_MEMORY';

function tooLarge(request: RenderRequest): AppError {
  const model = request.models[0]!;
  const who = model.debtorAddressLines[0] ?? 'ce client';
  const count = request.models.reduce((n, m) => n + m.invoices.length, 0);
  return new AppError(
    'PRECONDITION',
    `Le courrier à ${who} (${count} factures) est trop long pour être mis en page : la mémoire prévue (${settings.largeHeapMb} Mo) ne suffit pas. Faites-en plusieurs courriers, chacun pour une partie des factures (file de relances : une action par facture).`,
  );
}

async function renderHere(request: RenderRequest): Promise<Buffer> {
  pdfWorkerStats.onMainThread += 1;
  const { renderLetters } = await import('./render-letters.js');
  return renderLetters(request.models, request.layout, request.logo);
}

function start(large: boolean): Running {
  const worker = new Worker(settings.url, {
    resourceLimits: { maxOldGenerationSizeMb: large ? settings.largeHeapMb : settings.heapMb },
    // The worker prints nothing of its own; its errors come back as messages or events.
    stdout: false,
    stderr: false,
  });
  pdfWorkerStats.started += 1;
  if (large) pdfWorkerStats.large += 1;
  const state: Running = { worker, jobs: new Map(), large, idle: null };
  worker.on('message', (reply: RenderReply) => {
    const job = state.jobs.get(reply.id);
    if (!job) return;
    state.jobs.delete(reply.id);
    if (reply.ok) {
      pdfWorkerStats.rendered += 1;
      job.resolve(Buffer.from(reply.pdf.buffer, reply.pdf.byteOffset, reply.pdf.byteLength));
    } else job.reject(new Error(reply.message));
    if (state.jobs.size === 0) becomeIdle(state);
  });
  const end = (error: Error | null) => {
    if (shared === state) shared = null;
    if (state.idle) clearTimeout(state.idle);
    const jobs = [...state.jobs.values()];
    state.jobs.clear();
    for (const job of jobs) {
      if (!error) job.reject(new Error('La mise en page des PDF a été arrêtée avant la fin du courrier.'));
      else if (!isOutOfMemory(error)) renderHere(job.request).then(job.resolve, job.reject);
      else if (state.large) job.reject(tooLarge(job.request));
      else {
        try {
          send(start(true), job);
        } catch (cause) {
          job.reject(cause instanceof Error ? cause : new Error(String(cause)));
        }
      }
    }
  };
  worker.on('error', (error) => end(error));
  worker.on('exit', () => end(null));
  return state;
}

function send(state: Running, job: Job): void {
  if (state.idle) {
    clearTimeout(state.idle);
    state.idle = null;
  }
  state.worker.ref();
  state.jobs.set(job.request.id, job);
  state.worker.postMessage(job.request);
}

function becomeIdle(state: Running): void {
  if (state.large) {
    void state.worker.terminate();
    return;
  }
  // An idle worker keeps no process alive (the CLI ends when its work is done).
  state.worker.unref();
  state.idle = setTimeout(() => {
    if (shared === state && state.jobs.size === 0) {
      shared = null;
      void state.worker.terminate();
    }
  }, settings.idleMs);
  state.idle.unref();
}

/** Letters in one PDF (see render-letters.ts), drawn in the worker thread. */
export function renderLettersOffThread(
  models: LetterModel[],
  layout: LetterWindow,
  logo: { mimeType: string; base64: string } | null,
): Promise<Buffer> {
  if (models.length === 0) return Promise.reject(new Error('Aucun courrier à imprimer.'));
  const request: RenderRequest = { id: nextId++, models, layout, logo };
  let state: Running;
  try {
    state = shared ??= start(false);
  } catch {
    return renderHere(request);
  }
  return new Promise<Buffer>((resolve, reject) => send(state, { request, resolve, reject }));
}

/** Stops the shared worker now (its letters under way fail). For the end of a process or a test. */
export async function stopPdfWorker(): Promise<void> {
  const state = shared;
  shared = null;
  if (state) await state.worker.terminate();
}
