// The PDF worker thread: renders collection letters off the main thread, in a heap of its own.
// Loaded by render-worker.mjs (from the sources, through tsx) or bundled as dist/electron/
// render-worker.mjs (desktop app). Messages: see pdf-worker.ts.
import { parentPort } from 'node:worker_threads';
import { renderLetters } from './render-letters.js';
import type { RenderReply, RenderRequest } from './pdf-worker-protocol.js';

const port = parentPort;
if (!port) throw new Error('render-worker: à lancer comme fil d’exécution (worker_threads).');

port.on('message', (request: RenderRequest) => {
  renderLetters(request.models, request.layout, request.logo).then(
    (pdf) => {
      // The bytes move to the main thread without a copy.
      const bytes = new Uint8Array(pdf.buffer, pdf.byteOffset, pdf.byteLength);
      const own = pdf.byteOffset === 0 && pdf.byteLength === pdf.buffer.byteLength ? bytes : bytes.slice();
      const reply: RenderReply = { id: request.id, ok: true, pdf: own };
      port.postMessage(reply, [own.buffer as ArrayBuffer]);
    },
    (error: unknown) => {
      const reply: RenderReply = { id: request.id, ok: false, message: error instanceof Error ? error.message : String(error) };
      port.postMessage(reply);
    },
  );
});
