// The letters drawn in the PDF worker thread: the main thread free meanwhile, a letter too large
// for the worker's heap drawn in a larger one (or refused in French), never on the main thread,
// the main thread as the last resort when the worker cannot load, the worker gone when idle, and the desktop bundle's own worker (dist/electron/render-worker.mjs) drawing a letter.
import { execFileSync } from 'node:child_process';
import { existsSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { Worker } from 'node:worker_threads';
import { afterAll, afterEach, describe, expect, it } from 'vitest';
import { aCompanyRecord } from '../../../test/helpers/builders.js';
import { buildLetterModel, type LetterInvoice, type LetterModel } from '../../../shared/documents/letter-model.js';
import type { IsoDate } from '../../../shared/domain/dates.js';
import type { Cents } from '../../../shared/domain/money.js';
import { DEFAULT_LETTER_WINDOW } from '../../../shared/settings.js';
import { configurePdfWorker, PDF_WORKER_HEAP_MB, PDF_WORKER_IDLE_MS, PDF_WORKER_LARGE_HEAP_MB, pdfWorkerStats, renderLettersOffThread, stopPdfWorker } from './pdf-worker.js';
import type { RenderReply, RenderRequest } from './pdf-worker-protocol.js';

const scratch = mkdtempSync(join(tmpdir(), 'recouvra-pdf-worker-'));
afterAll(() => rmSync(scratch, { recursive: true, force: true }));
const DEFAULTS = { heapMb: PDF_WORKER_HEAP_MB, largeHeapMb: PDF_WORKER_LARGE_HEAP_MB, idleMs: PDF_WORKER_IDLE_MS, url: new URL('./render-worker.mjs', import.meta.url) };
afterEach(async () => {
  await stopPdfWorker();
  configurePdfWorker({ ...DEFAULTS });
});

function invoice(n: number): LetterInvoice {
  const amount = 100_000 + n * 1_001;
  return {
    number: `FA-2026-${String(n).padStart(5, '0')}`,
    issueDate: '2026-03-02' as IsoDate,
    dueDate: '2026-04-01' as IsoDate,
    amountCents: amount as Cents,
    settledCents: 0 as Cents,
    remainingCents: amount as Cents,
    penaltiesCents: 1_500 as Cents,
    indemnityCents: 4_000 as Cents,
  };
}

function letter(name: string, invoices = 3): LetterModel {
  return buildLetterModel({
    type: 'formal_notice',
    date: '2026-11-23' as IsoDate,
    company: aCompanyRecord(),
    client: { id: 4, name, kind: 'business', siren: '732829320', address: [name.toUpperCase(), '', '', '12 rue de la Paix', '', '75002 PARIS'] },
    invoices: Array.from({ length: invoices }, (_, i) => invoice(i + 1)),
    registeredNumber: '1A 123 456 7890 1',
  });
}

function textOf(pdf: Buffer | Uint8Array, name: string): string {
  const path = join(scratch, `${name}.pdf`);
  writeFileSync(path, pdf);
  return execFileSync('pdftotext', ['-layout', '-enc', 'UTF-8', path, '-'], { encoding: 'utf8' });
}

describe('letters drawn in the PDF worker thread', () => {
  it('are drawn in the worker, one worker for the letters that follow one another', async () => {
    const before = { ...pdfWorkerStats };
    const first = await renderLettersOffThread([letter('Boulangerie Dupont')], DEFAULT_LETTER_WINDOW, null);
    const second = await renderLettersOffThread([letter('Garage Martin'), letter('Librairie Morel')], DEFAULT_LETTER_WINDOW, null);
    expect(first.subarray(0, 5).toString('latin1')).toBe('%PDF-');
    expect(textOf(first, 'one')).toContain('BOULANGERIE DUPONT');
    const both = textOf(second, 'two');
    expect(both).toContain('GARAGE MARTIN');
    expect(both).toContain('LIBRAIRIE MOREL');
    expect(both).toContain('Mise en demeure');
    expect(pdfWorkerStats.rendered - before.rendered).toBe(2);
    expect(pdfWorkerStats.started - before.started).toBe(1);
    expect(pdfWorkerStats.onMainThread - before.onMainThread).toBe(0);
  });

  it('leaves the main thread free while a letter is drawn', async () => {
    // Warm the worker first: what is measured is the drawing, not the loading of react-pdf.
    await renderLettersOffThread([letter('Boulangerie Dupont')], DEFAULT_LETTER_WINDOW, null);
    let turns = 0;
    let drawing = true;
    const spin = () => {
      turns += 1;
      if (drawing) setImmediate(spin);
    };
    setImmediate(spin);
    const pdf = await renderLettersOffThread([letter('Garage Martin', 120)], DEFAULT_LETTER_WINDOW, null);
    drawing = false;
    expect(textOf(pdf, 'long')).toContain('FA-2026-00120');
    // Measured: drawn on the main thread, react-pdf lets the loop turn about 1 400 times during
    // this letter (it awaits between layout steps, but each step holds the thread); drawn in the
    // worker, about a million. The bar sits far from both.
    expect(turns).toBeGreaterThan(50_000);
  });

  it('draws a letter too large for the shared worker in a worker of its own, never on the main thread', async () => {
    configurePdfWorker({ heapMb: 4 });
    const before = { ...pdfWorkerStats };
    const pdf = await renderLettersOffThread([letter('Boulangerie Dupont')], DEFAULT_LETTER_WINDOW, null);
    expect(textOf(pdf, 'large')).toContain('BOULANGERIE DUPONT');
    expect(pdfWorkerStats.large - before.large).toBe(1);
    expect(pdfWorkerStats.rendered - before.rendered).toBe(1);
    expect(pdfWorkerStats.onMainThread - before.onMainThread).toBe(0);
  });

  it('refuses, in French and naming the client, a letter too large for the large worker too', async () => {
    configurePdfWorker({ heapMb: 4, largeHeapMb: 4 });
    const before = { ...pdfWorkerStats };
    const refused = renderLettersOffThread([letter('Boulangerie Dupont', 7)], DEFAULT_LETTER_WINDOW, null);
    await expect(refused).rejects.toThrow(/^Le courrier à BOULANGERIE DUPONT \(7 factures\) est trop long pour être mis en page/);
    expect(pdfWorkerStats.onMainThread - before.onMainThread).toBe(0);
    // The next letter, under the usual ceilings, is made.
    configurePdfWorker({ ...DEFAULTS });
    expect(textOf(await renderLettersOffThread([letter('Garage Martin')], DEFAULT_LETTER_WINDOW, null), 'after')).toContain('GARAGE MARTIN');
  });

  it('draws the letter on the main thread when the worker cannot load', async () => {
    configurePdfWorker({ url: new URL('./no-such-worker.mjs', import.meta.url) });
    const before = { ...pdfWorkerStats };
    const pdf = await renderLettersOffThread([letter('Boulangerie Dupont')], DEFAULT_LETTER_WINDOW, null);
    expect(textOf(pdf, 'here')).toContain('BOULANGERIE DUPONT');
    expect(pdfWorkerStats.onMainThread - before.onMainThread).toBe(1);
  });

  it('stops when idle, and a new one starts for the next letter', async () => {
    configurePdfWorker({ idleMs: 50 });
    const before = { ...pdfWorkerStats };
    await renderLettersOffThread([letter('Boulangerie Dupont')], DEFAULT_LETTER_WINDOW, null);
    await new Promise((resolve) => setTimeout(resolve, 300));
    await renderLettersOffThread([letter('Garage Martin')], DEFAULT_LETTER_WINDOW, null);
    expect(pdfWorkerStats.started - before.started).toBe(2);
    expect(pdfWorkerStats.rendered - before.rendered).toBe(2);
  });

  it('refuses an empty batch with a French message', async () => {
    await expect(renderLettersOffThread([], DEFAULT_LETTER_WINDOW, null)).rejects.toThrow('Aucun courrier à imprimer.');
  });
});

describe('the desktop bundle’s worker (dist/electron/render-worker.mjs)', () => {
  const bundled = fileURLToPath(new URL('../../../dist/electron/render-worker.mjs', import.meta.url));

  it('draws a letter with the fonts copied beside it', async () => {
    // npm test builds before testing; run `npm run build:electron` before this file alone.
    expect(existsSync(bundled), `${bundled} manquant : lancez npm run build:electron`).toBe(true);
    const worker = new Worker(bundled);
    try {
      const reply = await new Promise<RenderReply>((resolve, reject) => {
        worker.once('message', resolve);
        worker.once('error', reject);
        const request: RenderRequest = { id: 1, models: [letter('Boulangerie Dupont')], layout: DEFAULT_LETTER_WINDOW, logo: null };
        worker.postMessage(request);
      });
      expect(reply.ok, reply.ok ? '' : reply.message).toBe(true);
      if (reply.ok) expect(textOf(reply.pdf, 'bundle')).toContain('BOULANGERIE DUPONT');
    } finally {
      await worker.terminate();
    }
  });
});
