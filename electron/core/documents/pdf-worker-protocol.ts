// The messages between the main thread and the PDF worker thread (pdf-worker.ts ⇄ render-worker-main.ts).
import type { LetterModel } from '../../../shared/documents/letter-model.js';
import type { LetterWindow } from '../../../shared/settings.js';

export interface RenderRequest {
  id: number;
  models: LetterModel[];
  layout: LetterWindow;
  logo: { mimeType: string; base64: string } | null;
}

export type RenderReply = { id: number; ok: true; pdf: Uint8Array } | { id: number; ok: false; message: string };
