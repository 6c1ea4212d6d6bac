// Renders collection letters to ONE PDF (batch printing): every letter starts on a new page, and
// its footer counts its own pages ("Page 1 / 2"). The PDF renderer is heavy: loaded on demand.
import type { LetterModel } from '../../../shared/documents/letter-model.js';
import type { LetterWindow } from '../../../shared/settings.js';

export async function renderLetters(
  models: LetterModel[],
  layout: LetterWindow,
  logo?: { mimeType: string; base64: string } | null,
): Promise<Buffer> {
  if (models.length === 0) throw new Error('Aucun courrier à imprimer.');
  const [{ createElement }, { Document, renderToBuffer }, { registerPdfFonts }, { LetterPage }] = await Promise.all([
    import('react'),
    import('@react-pdf/renderer'),
    import('./AgingReportPdf.js'),
    import('./LetterPdf.js'),
  ]);
  registerPdfFonts();
  const first = models[0]!;
  const title = models.length === 1 ? `${first.title} — ${first.debtorAddressLines[0] ?? ''}` : `Courriers de relance (${models.length})`;
  const doc = createElement(
    Document,
    { title, author: first.creditor.name, creator: 'Recouvra', producer: 'Recouvra', language: 'fr-FR' },
    ...models.map((model, i) => createElement(LetterPage, { key: i, model, layout, logo: logo ?? null })),
  );
  return renderToBuffer(doc);
}
