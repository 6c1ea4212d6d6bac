// The injonction de payer dossier as files: one PDF (cover, table of contents with page numbers,
// requête, décompte, bordereau, chronology, then every pièce in the order of the bordereau, each
// page stamped "Pièce n° N"), and the lawyer's ZIP (that PDF, each original pièce as its own
// file, a spreadsheet of the invoices and payments, the whole case as JSON, and a manifest of the
// SHA-256 of every file). generateDossier does it all: it archives a fresh statement of account
// (a pièce) and the dossier itself.
//
// How the PDF is put together: each section is rendered by react-pdf on its own and its pages
// counted with pdf-lib, the pièces are loaded (PDF pages counted, images one A4 page each), then
// the cover and table of contents are rendered with the page numbers (again if the table of
// contents ran over one more page than assumed), and pdf-lib assembles the whole and stamps the
// page numbers and the pièce numbers (in Helvetica, a standard PDF font: "Pièce n° 2" and
// "Page 3 / 20" only need WinAnsi characters, which it has).
import { createHash } from 'node:crypto';
import type { PDFDocument as PDFDocumentType, PDFFont, PDFPage } from 'pdf-lib';
import { formatEuros, type Cents } from '../../../shared/domain/money.js';
import { fold } from '../../../shared/domain/text.js';
import type { CoreContext } from '../context.js';
import { archiveDocument, documentContent, generateOneLetter, type ArchivedDocument } from '../letters.js';
import { zipSafeName } from '../export/full-export.js';
import { attachDossier } from '../cases.js';
import { buildDossierModel, withStatement, type DossierInput, type DossierModel, type DossierPiece } from './model.js';

export interface DossierPageEntry {
  title: string;
  /** 1-based, in the whole dossier. */
  firstPage: number;
  pageCount: number;
  /** The pièce's number, for the pages of a pièce. */
  pieceNumber: number | null;
}

export interface RenderedDossier {
  pdf: Buffer;
  /** Every part in order (cover, table of contents, sections, pièces with a file): their page counts add up to the PDF's. */
  pages: DossierPageEntry[];
  /** Pièces that could not be reproduced (their file is still in the ZIP as archived). */
  warnings: string[];
}

export interface ManifestEntry {
  file: string;
  sha256: string;
  bytes: number;
}

const SECTION_TITLES = {
  cover: 'Page de garde',
  toc: 'Sommaire',
  requete: 'Requête en injonction de payer',
  decompte: 'Décompte de la créance',
  bordereau: 'Bordereau des pièces communiquées',
  chronologie: 'Chronologie',
} as const;

const sha256 = (bytes: Uint8Array) => createHash('sha256').update(bytes).digest('hex');

/** What the bytes are, by their signature (never by the stored name or type). */
function sniff(content: Uint8Array): 'pdf' | 'png' | 'jpg' | null {
  const head = Buffer.from(content.subarray(0, 8));
  if (head.subarray(0, 5).toString('latin1') === '%PDF-') return 'pdf';
  if (head.equals(Buffer.from([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a]))) return 'png';
  if (head[0] === 0xff && head[1] === 0xd8 && head[2] === 0xff) return 'jpg';
  return null;
}

/** The extension a pièce's file gets in the ZIP: from its bytes, else from its stored name. */
function extensionOf(content: Uint8Array, fileName: string): string {
  return sniff(content) ?? /\.([a-z0-9]{1,5})$/i.exec(fileName)?.[1]?.toLowerCase() ?? 'bin';
}

// ——— The PDF ———

type LoadedPiece =
  | { piece: DossierPiece; type: 'pdf'; doc: PDFDocumentType; count: number }
  | { piece: DossierPiece; type: 'png' | 'jpg'; content: Uint8Array; count: 1 }
  | { piece: DossierPiece; type: 'unreadable'; reason: string; count: 1 };

const A4: [number, number] = [595.28, 841.89];
const A4_LANDSCAPE: [number, number] = [841.89, 595.28];
/** Room left at the top of an image page for the stamp. */
const IMAGE_MARGIN = { top: 44, side: 28, bottom: 28 };

/** Text Helvetica can draw (WinAnsi): narrow and no-break spaces become spaces, anything else it lacks "?". */
function drawable(font: PDFFont, text: string): string {
  const known = new Set(font.getCharacterSet());
  return [...text.replace(/[\u202f\u00a0]/g, ' ')].map((ch) => (known.has(ch.codePointAt(0)!) ? ch : '?')).join('');
}

function wrap(font: PDFFont, text: string, size: number, width: number): string[] {
  const lines: string[] = [];
  let line = '';
  for (const word of text.split(/\s+/)) {
    const next = line ? `${line} ${word}` : word;
    if (line && font.widthOfTextAtSize(next, size) > width) {
      lines.push(line);
      line = word;
    } else line = next;
  }
  if (line) lines.push(line);
  return lines;
}

/**
 * Draws `lines` in a white box at the top-right (or bottom-right) corner as the page is seen,
 * whatever its /Rotate: the visible corner is mapped back to the page's own coordinates.
 */
function stampCorner(page: PDFPage, lines: { text: string; font: PDFFont; size: number }[], corner: 'top' | 'bottom', box: boolean, lib: typeof import('pdf-lib')) {
  const { rgb, degrees } = lib;
  const crop = page.getCropBox();
  const angle = ((page.getRotation().angle % 360) + 360) % 360;
  const turned = angle === 90 || angle === 270;
  const viewW = turned ? crop.height : crop.width;
  const viewH = turned ? crop.width : crop.height;
  const pad = 4;
  const gap = 2;
  const width = Math.max(...lines.map((l) => l.font.widthOfTextAtSize(l.text, l.size))) + 2 * pad;
  const height = lines.reduce((s, l) => s + l.size, 0) + gap * (lines.length - 1) + 2 * pad;
  const margin = 6;
  // The box's lower-left corner, in the page as seen.
  const X = viewW - margin - width;
  const Y = corner === 'top' ? viewH - margin - height : 6;
  /** A point as seen → the page's user space. */
  const toPage = (x: number, y: number): { x: number; y: number } => {
    switch (angle) {
      case 90:
        return { x: crop.x + crop.width - y, y: crop.y + x };
      case 180:
        return { x: crop.x + crop.width - x, y: crop.y + crop.height - y };
      case 270:
        return { x: crop.x + y, y: crop.y + crop.height - x };
      default:
        return { x: crop.x + x, y: crop.y + y };
    }
  };
  const rotate = degrees(angle);
  if (box) {
    const origin = toPage(X, Y);
    page.drawRectangle({ ...origin, width, height, rotate, color: rgb(1, 1, 1), opacity: 0.92, borderColor: rgb(0.12, 0.23, 0.37), borderWidth: 0.8 });
  }
  let y = Y + height - pad;
  for (const l of lines) {
    y -= l.size;
    const textWidth = l.font.widthOfTextAtSize(l.text, l.size);
    const at = toPage(X + width - pad - textWidth, y + l.size * 0.2);
    page.drawText(l.text, { ...at, size: l.size, font: l.font, rotate, color: rgb(0.12, 0.16, 0.2) });
    y -= gap;
  }
}

async function loadPiece(ctx: CoreContext, piece: DossierPiece, lib: typeof import('pdf-lib')): Promise<LoadedPiece> {
  const { content } = documentContent(ctx, piece.file!.documentId); // checked against its SHA-256
  const type = sniff(content);
  if (type === 'pdf') {
    try {
      const doc = await lib.PDFDocument.load(content, { updateMetadata: false });
      if (doc.isEncrypted) return { piece, type: 'unreadable', reason: 'PDF protégé par un mot de passe', count: 1 };
      const count = doc.getPageCount();
      if (count > 0) return { piece, type: 'pdf', doc, count };
      return { piece, type: 'unreadable', reason: 'PDF sans page', count: 1 };
    } catch {
      return { piece, type: 'unreadable', reason: 'PDF illisible', count: 1 };
    }
  }
  if (type === 'png' || type === 'jpg') {
    try {
      const probe = await lib.PDFDocument.create();
      await (type === 'png' ? probe.embedPng(content) : probe.embedJpg(content));
      return { piece, type, content, count: 1 };
    } catch {
      return { piece, type: 'unreadable', reason: 'image illisible', count: 1 };
    }
  }
  return { piece, type: 'unreadable', reason: 'ni PDF, ni image JPEG ou PNG', count: 1 };
}

/**
 * The dossier as one PDF: cover, table of contents (with page numbers), requête, décompte,
 * bordereau, chronology, then each pièce with a file, in the order of the bordereau. Reads the
 * pièces through documentContent (checked against their SHA-256); writes nothing.
 */
export async function renderDossierPdf(ctx: CoreContext, model: DossierModel): Promise<RenderedDossier> {
  const lib = await import('pdf-lib');
  const { PDFDocument, StandardFonts } = lib;
  const { renderRequete } = await import('../documents/dossier/RequetePdf.js');
  const { renderDecompte } = await import('../documents/dossier/DecomptePdf.js');
  const { renderBordereau } = await import('../documents/dossier/BordereauPdf.js');
  const { renderChronologie } = await import('../documents/dossier/ChronologiePdf.js');
  const { renderFront } = await import('../documents/dossier/CoverPdf.js');
  const { FOOTER_BOTTOM, MARGIN_X } = await import('../documents/dossier/common.js');

  // 1. The sections, each on its own, to count their pages.
  const sections: { title: string; doc: PDFDocumentType }[] = [];
  for (const [title, render] of [
    [SECTION_TITLES.requete, renderRequete],
    [SECTION_TITLES.decompte, renderDecompte],
    [SECTION_TITLES.bordereau, renderBordereau],
    [SECTION_TITLES.chronologie, renderChronologie],
  ] as const) {
    sections.push({ title, doc: await PDFDocument.load(await render(model)) });
  }
  // 2. The pièces with a file.
  const pieces: LoadedPiece[] = [];
  for (const piece of model.pieces) if (piece.file) pieces.push(await loadPiece(ctx, piece, lib));
  const warnings = pieces.flatMap((p) =>
    p.type === 'unreadable' ? [`Pièce n° ${p.piece.number} (${p.piece.title}) : ${p.reason}, non reproduite dans le PDF ; le fichier archivé figure dans l’export pour l’avocat.`] : [],
  );

  // 3. The front (cover + table of contents), until its own length is the one assumed.
  const layout = (frontPages: number) => {
    const pages: DossierPageEntry[] = [
      { title: SECTION_TITLES.cover, firstPage: 1, pageCount: 1, pieceNumber: null },
      { title: SECTION_TITLES.toc, firstPage: 2, pageCount: frontPages - 1, pieceNumber: null },
    ];
    let next = frontPages + 1;
    for (const s of sections) {
      pages.push({ title: s.title, firstPage: next, pageCount: s.doc.getPageCount(), pieceNumber: null });
      next += s.doc.getPageCount();
    }
    for (const p of pieces) {
      pages.push({ title: `Pièce n° ${p.piece.number} — ${p.piece.title}`, firstPage: next, pageCount: p.count, pieceNumber: p.piece.number });
      next += p.count;
    }
    return pages;
  };
  let frontPages = 2;
  let pages = layout(frontPages);
  let front: PDFDocumentType | null = null;
  for (let attempt = 0; attempt < 4; attempt++) {
    const entries = [
      ...pages.slice(2, 2 + sections.length).map((p) => ({ title: p.title, page: p.firstPage, level: 0 as const })),
      ...model.pieces.map((piece) => {
        const at = pages.find((p) => p.pieceNumber === piece.number);
        return { title: `Pièce n° ${piece.number} — ${piece.title}`, page: at?.firstPage ?? null, level: 1 as const };
      }),
    ];
    front = await PDFDocument.load(await renderFront(model, entries));
    if (front.getPageCount() === frontPages) break;
    frontPages = front.getPageCount();
    pages = layout(frontPages);
  }
  if (!front || front.getPageCount() !== frontPages) throw new Error('Dossier: the table of contents does not settle on a page count');

  // 4. Assembly.
  const out = await PDFDocument.create({ updateMetadata: false });
  const append = async (source: PDFDocumentType) => {
    for (const page of await out.copyPages(source, source.getPageIndices())) out.addPage(page);
  };
  await append(front);
  for (const s of sections) await append(s.doc);
  const helvetica = await out.embedFont(StandardFonts.Helvetica);
  const bold = await out.embedFont(StandardFonts.HelveticaBold);
  for (const p of pieces) {
    if (p.type === 'pdf') {
      await append(p.doc);
    } else if (p.type === 'png' || p.type === 'jpg') {
      const image = p.type === 'png' ? await out.embedPng(p.content) : await out.embedJpg(p.content);
      const size = image.width > image.height ? A4_LANDSCAPE : A4;
      const page = out.addPage(size);
      const fit = image.scaleToFit(size[0] - 2 * IMAGE_MARGIN.side, size[1] - IMAGE_MARGIN.top - IMAGE_MARGIN.bottom);
      // A scan is shown as large as the page allows, centred, below the stamp's band.
      page.drawImage(image, {
        x: (size[0] - fit.width) / 2,
        y: IMAGE_MARGIN.bottom + (size[1] - IMAGE_MARGIN.top - IMAGE_MARGIN.bottom - fit.height) / 2,
        width: fit.width,
        height: fit.height,
      });
    } else if (p.type === 'unreadable') {
      const page = out.addPage(A4);
      let y = A4[1] - 120;
      const write = (text: string, font: PDFFont, size: number) => {
        for (const line of wrap(font, drawable(font, text), size, A4[0] - 2 * MARGIN_X)) {
          page.drawText(line, { x: MARGIN_X, y, size, font });
          y -= size * 1.4;
        }
        y -= size * 0.6;
      };
      write(`Pièce n° ${p.piece.number} — ${p.piece.title}`, bold, 13);
      write(`Le fichier archivé « ${p.piece.file!.fileName} » n’a pas pu être reproduit ici (${p.reason}).`, helvetica, 10);
      write('Il figure tel quel, avec son empreinte SHA-256, dans l’export du dossier pour l’avocat (dossier « Pièces »). Joignez-en l’original au dossier déposé au greffe.', helvetica, 10);
    }
  }

  // 5. Page numbers (every page but the cover) and pièce stamps.
  const total = out.getPageCount();
  const all = out.getPages();
  const pieceOfPage = new Map<number, number>();
  for (const entry of pages) if (entry.pieceNumber !== null) for (let k = 0; k < entry.pageCount; k++) pieceOfPage.set(entry.firstPage + k, entry.pieceNumber);
  all.forEach((page, index) => {
    const number = index + 1;
    if (number === 1) return;
    const piece = pieceOfPage.get(number);
    if (piece !== undefined) {
      stampCorner(
        page,
        [
          { text: `Pièce n° ${piece}`, font: bold, size: 10 },
          { text: `Page ${number} / ${total}`, font: helvetica, size: 7 },
        ],
        'top',
        true,
        lib,
      );
    } else {
      const text = `Page ${number} / ${total}`;
      const size = 7.5;
      const { width } = page.getSize();
      page.drawText(text, { x: width - MARGIN_X - helvetica.widthOfTextAtSize(text, size), y: FOOTER_BOTTOM + 1.8, size, font: helvetica, color: lib.rgb(0.38, 0.43, 0.49) });
    }
  });

  const fixed = new Date(`${model.asOf}T12:00:00.000Z`);
  out.setTitle(`Requête en injonction de payer — ${model.creditor.name} c/ ${model.debtor.name}`);
  out.setAuthor(model.creditor.name);
  out.setSubject(`Dossier de requête en injonction de payer devant le ${model.court.label}, arrêté au ${model.asOf}`);
  out.setCreator('Recouvra');
  out.setProducer('Recouvra');
  out.setLanguage('fr-FR');
  out.setCreationDate(fixed);
  out.setModificationDate(fixed);
  const pdf = Buffer.from(await out.save());
  return { pdf, pages, warnings };
}

// ——— The lawyer's ZIP ———

/**
 * A name every file system takes: Unicode NFC, no \ / : * ? " < > | nor control characters,
 * single spaces, no trailing dot or space, at most `max` characters.
 */
export function safeFileName(text: string, max = 90): string {
  return zipSafeName(text, max, { keepExtension: false, fallback: 'sans titre' });
}

/** "Pièce n°3 – Mise en demeure du 02-11-2026.pdf" */
export function pieceFileName(piece: Pick<DossierPiece, 'number' | 'title'>, extension: string): string {
  return `Pièce n°${piece.number} – ${safeFileName(piece.title)}.${extension}`.normalize('NFC');
}

/** Amounts in cents get their formatted twin ("totalCents" → "totalFormatted": "1 234,56 €", plain spaces), all the way down. */
function withFormatted(value: unknown): unknown {
  if (Array.isArray(value)) return value.map(withFormatted);
  if (value && typeof value === 'object') {
    const out: Record<string, unknown> = {};
    for (const [k, v] of Object.entries(value)) {
      out[k] = withFormatted(v);
      if (k.endsWith('Cents') && typeof v === 'number') out[`${k.slice(0, -5)}Formatted`] = formatEuros(v as Cents, { separator: ' ' }).replace('\u00a0', ' ');
    }
    return out;
  }
  return value;
}

/** The spreadsheet: one sheet of invoices (amounts, settled, remaining, penalties), one of payments and credit notes. */
async function invoicesWorkbook(model: DossierModel, mtime: Date): Promise<Uint8Array> {
  const ExcelJS = (await import('exceljs')).default;
  const { unzipSync, zipSync } = await import('fflate');
  const EURO = '#,##0.00 "€"';
  const euros = (c: number) => c / 100;
  const workbook = new ExcelJS.Workbook();
  workbook.creator = 'Recouvra';
  workbook.lastModifiedBy = 'Recouvra';
  workbook.created = mtime;
  workbook.modified = mtime;
  const header = (sheet: import('exceljs').Worksheet, titles: string[]) => {
    const row = sheet.addRow(titles);
    row.eachCell((cell) => {
      cell.font = { bold: true, color: { argb: 'FFFFFFFF' } };
      cell.fill = { type: 'pattern', pattern: 'solid', fgColor: { argb: 'FF1F3A5F' } };
    });
    sheet.views = [{ state: 'frozen', ySplit: 1 }];
  };
  const business = model.debtor.clientKind === 'business';
  const invoices = workbook.addWorksheet('Factures');
  header(invoices, ['Facture', 'Date', 'Échéance', 'Montant TTC', `Payé et avoirs au ${model.asOf}`, 'Reste dû', business ? 'Pénalités de retard' : 'Intérêts au taux légal', 'Indemnité forfaitaire', 'Total réclamé', 'Pièce n°']);
  const dateCell = (iso: string) => new Date(`${iso}T00:00:00.000Z`);
  for (const i of model.invoices) {
    invoices.addRow([i.number, dateCell(i.issueDate), dateCell(i.dueDate), euros(i.amountCents), euros(i.reducedCents), euros(i.remainingCents), euros(i.interest.amountCents), euros(i.indemnityCents), euros(i.totalCents), i.pieceNumber]);
  }
  const totals = invoices.addRow([
    'Total',
    null,
    null,
    euros(model.invoices.reduce((s, i) => s + i.amountCents, 0)),
    euros(model.invoices.reduce((s, i) => s + i.reducedCents, 0)),
    euros(model.claim.principalCents),
    euros(model.claim.interestCents),
    euros(model.claim.indemnityCents),
    euros(model.invoices.reduce((s, i) => s + i.totalCents, 0)),
    null,
  ]);
  totals.font = { bold: true };
  if (model.claim.costsCents > 0) {
    const costs = invoices.addRow(['Frais accessoires', null, null, null, null, null, null, null, euros(model.claim.costsCents), null]);
    costs.font = { italic: true };
    const claim = invoices.addRow(['Total de la créance', null, null, null, null, null, null, null, euros(model.claim.totalCents), null]);
    claim.font = { bold: true };
  }
  invoices.getColumn(1).width = 18;
  for (const c of [2, 3]) {
    invoices.getColumn(c).width = 12;
    invoices.getColumn(c).numFmt = 'dd/mm/yyyy';
  }
  for (let c = 4; c <= 9; c++) {
    invoices.getColumn(c).width = 17;
    invoices.getColumn(c).numFmt = EURO;
  }
  invoices.getColumn(10).width = 9;

  const payments = workbook.addWorksheet('Paiements et avoirs');
  header(payments, ['Date', 'Facture', 'Nature', 'Mode ou avoir', 'Référence ou motif', 'Montant', 'Observation']);
  for (const p of model.payments) {
    payments.addRow([dateCell(p.date), p.invoiceNumber, p.kind === 'payment' ? 'Paiement' : 'Avoir', p.method, p.reference ?? '', euros(p.amountCents), p.afterFiling ? `Postérieur au ${model.asOf} : non déduit du décompte` : '']);
  }
  payments.getColumn(1).width = 12;
  payments.getColumn(1).numFmt = 'dd/mm/yyyy';
  payments.getColumn(2).width = 16;
  payments.getColumn(3).width = 10;
  payments.getColumn(4).width = 16;
  payments.getColumn(5).width = 28;
  payments.getColumn(6).width = 14;
  payments.getColumn(6).numFmt = EURO;
  payments.getColumn(7).width = 44;

  // exceljs stamps each entry of its ZIP with the current time: the entries are zipped again with
  // the dossier's fixed date, so the same dossier gives the same bytes.
  const written = new Uint8Array((await workbook.xlsx.writeBuffer()) as ArrayBuffer);
  const entries = unzipSync(written);
  return zipSync(Object.fromEntries(Object.entries(entries).map(([name, data]) => [name, [data, { mtime, level: 6 }]])));
}

/**
 * The lawyer's export: the dossier's PDF, each pièce's original bytes as « Pièces/Pièce n°N – … »
 * (checked against the archived SHA-256), « Factures et paiements.xlsx », « dossier.json » (the
 * whole model, amounts in cents and formatted), « manifest.json » and « MANIFEST-SHA256.txt »
 * (for `sha256sum -c`). Deterministic: every entry carries the filing date at noon, so the same
 * dossier and PDF give the same bytes.
 */
export async function buildDossierZip(ctx: CoreContext, model: DossierModel, pdf: Buffer): Promise<{ zip: Buffer; manifest: ManifestEntry[]; fileName: string }> {
  const { zipSync, strToU8 } = await import('fflate');
  const [year, month, day] = model.asOf.split('-').map(Number) as [number, number, number];
  // fflate writes DOS times from the local clock fields: a local date keeps them the same everywhere.
  const mtime = new Date(year, month - 1, day, 12, 0, 0);
  const base = `Dossier injonction de payer – ${safeFileName(model.debtor.name, 60)} – ${model.asOf}`.normalize('NFC');
  const files: { name: string; content: Uint8Array; compress: boolean }[] = [{ name: `${base}.pdf`, content: pdf, compress: false }];
  const pieceFiles: { number: number; file: string }[] = [];
  for (const piece of model.pieces) {
    if (!piece.file) continue;
    const { content } = documentContent(ctx, piece.file.documentId); // checked against its SHA-256
    const name = `Pièces/${pieceFileName(piece, extensionOf(content, piece.file.fileName))}`;
    pieceFiles.push({ number: piece.number, file: name });
    files.push({ name, content, compress: false });
  }
  files.push({ name: 'Factures et paiements.xlsx', content: await invoicesWorkbook(model, mtime), compress: false });
  const json = { format: 'recouvra/dossier-injonction-de-payer', ...(withFormatted(model) as object), export: { pdf: `${base}.pdf`, pieces: pieceFiles } };
  files.push({ name: 'dossier.json', content: strToU8(`${JSON.stringify(json, null, 2)}\n`), compress: true });

  const manifest: ManifestEntry[] = files.map((f) => ({ file: f.name, sha256: sha256(f.content), bytes: f.content.length }));
  const manifestJson = strToU8(
    `${JSON.stringify({ dossier: `Requête en injonction de payer — ${model.creditor.name} c/ ${model.debtor.name}`, asOf: model.asOf, algorithm: 'SHA-256', files: manifest }, null, 2)}\n`,
  );
  files.push({ name: 'manifest.json', content: manifestJson, compress: true });
  const sums = [...manifest, { file: 'manifest.json', sha256: sha256(manifestJson), bytes: manifestJson.length }].map((m) => `${m.sha256}  ${m.file}`).join('\n');
  files.push({ name: 'MANIFEST-SHA256.txt', content: strToU8(`${sums}\n`), compress: true });

  const zip = zipSync(Object.fromEntries(files.map((f) => [f.name, [f.content, { mtime, level: f.compress ? 6 : 0 }]])));
  return { zip: Buffer.from(zip), manifest, fileName: `${base}.zip` };
}

// ——— Everything at once ———

export interface GeneratedDossier {
  model: DossierModel;
  /** The dossier's PDF, archived (kind "payment_order", linked to the client and the invoices). */
  document: ArchivedDocument;
  zip: Buffer;
  zipFileName: string;
  manifest: ManifestEntry[];
  pages: DossierPageEntry[];
  warnings: string[];
}

/**
 * Builds the model, archives a fresh statement of account at the filing date (a pièce), renders
 * the PDF and archives it (linked to its case when there is one), then builds the lawyer's ZIP.
 */
export async function generateDossier(ctx: CoreContext, input: DossierInput): Promise<GeneratedDossier> {
  const draft = buildDossierModel(ctx, input);
  const statement = await generateOneLetter(ctx, input.clientId, 'statement', input.asOf, draft.invoiceIds);
  const model = withStatement(draft, { documentId: statement.id, fileName: statement.fileName, mimeType: 'application/pdf', sha256: statement.sha256, sizeBytes: statement.sizeBytes });
  const rendered = await renderDossierPdf(ctx, model);
  const slug = fold(model.debtor.name).replace(/[^a-z0-9]+/g, '-').replace(/^-|-$/g, '');
  const document = archiveDocument(ctx, {
    clientId: model.clientId,
    kind: 'payment_order',
    title: `Requête en injonction de payer — ${model.debtor.name} — ${model.asOf}`,
    fileName: `injonction-de-payer-${slug}-${model.asOf}.pdf`,
    content: rendered.pdf,
    invoiceIds: model.invoiceIds,
  });
  if (model.caseId) attachDossier(ctx, model.caseId, document.id);
  const { zip, manifest, fileName } = await buildDossierZip(ctx, model, rendered.pdf);
  return { model, document, zip, zipFileName: fileName, manifest, pages: rendered.pages, warnings: [...model.warnings, ...rendered.warnings] };
}
