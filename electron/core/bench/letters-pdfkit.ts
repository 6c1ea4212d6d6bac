// The same collection letters as electron/core/documents/LetterPdf.tsx, drawn directly with
// pdfkit (the engine under @react-pdf/renderer), for `recouvra bench`: what react-pdf's layout
// costs over the engine alone. Same A4 geometry, same embedded Liberation Sans, same text and the
// same pieces (letterhead, address in the envelope window, registered line, date, subject, wrapped
// paragraphs, invoice table with the same columns and a repeated header row, claim summary,
// signature, footer with the payment line and "Page N / M" per letter). Not pixel-identical: a
// fair comparison of the work, not a second renderer for the app.
import { readFileSync } from 'node:fs';
import type { LetterInvoice, LetterModel } from '../../../shared/documents/letter-model.js';
import { formatDateFr } from '../../../shared/domain/dates.js';
import { formatEuros, type Cents } from '../../../shared/domain/money.js';
import type { LetterWindow } from '../../../shared/settings.js';
import { pdfFontsDir } from '../documents/AgingReportPdf.js';
import { ACCENT, INK, MUTED, RULE, STRIPE } from '../documents/pdf-colors.js';

/** The Liberation Sans files, read once and handed to every document (react-pdf loads them once too). */
export interface PdfkitLetterFonts {
  regular: Buffer;
  bold: Buffer;
}

export function readLetterFonts(dir = pdfFontsDir()): PdfkitLetterFonts {
  return { regular: readFileSync(`${dir}LiberationSans-Regular.ttf`), bold: readFileSync(`${dir}LiberationSans-Bold.ttf`) };
}

// ——— The part of pdfkit used here (the package ships no types) ———

interface TextOptions {
  width?: number;
  height?: number;
  align?: 'left' | 'right' | 'center';
  lineGap?: number;
  characterSpacing?: number;
}

interface PdfkitDocument {
  x: number;
  y: number;
  page: { width: number; height: number; maxY(): number };
  registerFont(name: string, src: Buffer): PdfkitDocument;
  font(name: string): PdfkitDocument;
  fontSize(size: number): PdfkitDocument;
  fillColor(color: string): PdfkitDocument;
  strokeColor(color: string): PdfkitDocument;
  lineWidth(width: number): PdfkitDocument;
  text(text: string, x?: number, y?: number, options?: TextOptions): PdfkitDocument;
  widthOfString(text: string, options?: TextOptions): number;
  heightOfString(text: string, options?: TextOptions): number;
  currentLineHeight(includeGap?: boolean): number;
  rect(x: number, y: number, w: number, h: number): PdfkitDocument;
  roundedRect(x: number, y: number, w: number, h: number, r: number): PdfkitDocument;
  moveTo(x: number, y: number): PdfkitDocument;
  lineTo(x: number, y: number): PdfkitDocument;
  fill(color?: string): PdfkitDocument;
  stroke(color?: string): PdfkitDocument;
  image(src: PdfkitImage, x: number, y: number, options: { width: number; height: number }): PdfkitDocument;
  openImage(src: Buffer): PdfkitImage;
  addPage(): PdfkitDocument;
  bufferedPageRange(): { start: number; count: number };
  switchToPage(n: number): unknown;
  on(event: 'data', listener: (chunk: Buffer) => void): PdfkitDocument;
  on(event: 'end', listener: () => void): PdfkitDocument;
  on(event: 'error', listener: (error: Error) => void): PdfkitDocument;
  end(): void;
}
/** An opened image: drawn again without being decoded again (react-pdf caches its images too). */
interface PdfkitImage {
  width: number;
  height: number;
}
type PdfkitConstructor = new (options: Record<string, unknown>) => PdfkitDocument;

// The specifier in a variable: pdfkit has no type declarations, and this is the same ESM build
// react-pdf imports.
const PDFKIT_MODULE: string = 'pdfkit';
let pdfkit: PdfkitConstructor | null = null;
async function loadPdfkit(): Promise<PdfkitConstructor> {
  pdfkit ??= ((await import(PDFKIT_MODULE)) as { default: PdfkitConstructor }).default;
  return pdfkit;
}

// ——— Geometry and colours: those of LetterPdf.tsx ———

const mmToPt = (mm: number) => (mm * 72) / 25.4;
const TOTAL_FILL = '#e4e7eb';
const WHITE = '#ffffff';

const PAGE_WIDTH = 595.28;
const PAGE_HEIGHT = 841.89;
const MARGIN_X = mmToPt(20);
const MARGIN_TOP = mmToPt(15);
const MARGIN_BOTTOM = mmToPt(22);
const CONTENT_WIDTH = PAGE_WIDTH - 2 * MARGIN_X;
const CELL_PADDING_X = 3;
const CELL_PADDING_Y = 2.5;
const HEAD_PADDING_Y = 3.5;
const FOOTER_BOTTOM = mmToPt(8);
const PAGE_NUMBER_WIDTH = 90;
const ADDRESS_MIN_PT = 9;
const WINDOW_INSET = mmToPt(1.5);
/** Passed as `height` to text placed at a fixed spot: pdfkit then never starts a page for it. */
const NO_PAGE_BREAK = PAGE_HEIGHT * 2;

const REGULAR = 'LetterRegular';
const BOLD = 'LetterBold';

// ——— Drawing helpers ———

interface Style {
  size: number;
  bold?: boolean;
  color?: string;
  /** Line height as a multiple of the size; the font's own when absent (as in react-pdf). */
  lineHeight?: number;
  align?: 'left' | 'right';
  characterSpacing?: number;
  /** Text that may run onto the next page (paragraphs); otherwise it stays where it is put. */
  flows?: boolean;
}

function setFont(doc: PdfkitDocument, style: Style) {
  doc.font(style.bold ? BOLD : REGULAR).fontSize(style.size).fillColor(style.color ?? INK);
}

function options(doc: PdfkitDocument, style: Style, width: number): TextOptions {
  const o: TextOptions = { width, align: style.align ?? 'left' };
  if (style.lineHeight !== undefined) o.lineGap = style.lineHeight * style.size - doc.currentLineHeight(true);
  if (style.characterSpacing) o.characterSpacing = style.characterSpacing;
  if (!style.flows) o.height = NO_PAGE_BREAK;
  return o;
}

/** Draws text at (x, y) in a box @width wide; returns the y below it. */
function put(doc: PdfkitDocument, text: string, x: number, y: number, width: number, style: Style): number {
  setFont(doc, style);
  doc.text(text, x, y, options(doc, style, width));
  return doc.y;
}

function heightOf(doc: PdfkitDocument, text: string, width: number, style: Style): number {
  setFont(doc, style);
  return doc.heightOfString(text, options(doc, style, width));
}

/** One line's height at @size with the font's own line height (react-pdf's default). */
function naturalLine(doc: PdfkitDocument, size: number, bold = false): number {
  doc.font(bold ? BOLD : REGULAR).fontSize(size);
  return doc.currentLineHeight(true);
}

/** The largest size (≤ @max, by 0.1 pt) at which every text fits on one line in @width points. */
function fitSize(doc: PdfkitDocument, texts: readonly string[], width: number, max: number, bold = false): number {
  doc.font(bold ? BOLD : REGULAR).fontSize(1);
  const widest = Math.max(1e-6, ...texts.map((t) => doc.widthOfString(t)));
  return Math.min(max, Math.floor(((width * 0.98) / widest) * 10) / 10);
}

// ——— One letter ———

interface Column {
  title: string;
  grow: number;
  amount: boolean;
  cell: (i: LetterInvoice) => string;
  total: string;
}

function columnsOf(model: LetterModel): Column[] {
  const sum = (f: (i: LetterInvoice) => number) => formatEuros(model.invoices.reduce((s, i) => s + f(i), 0) as Cents);
  const cols: Column[] = [
    { title: 'Facture', grow: 1.25, amount: false, cell: (i) => i.number, total: 'Total' },
    { title: 'Date', grow: 0.95, amount: false, cell: (i) => formatDateFr(i.issueDate), total: '' },
    { title: 'Échéance', grow: 0.95, amount: false, cell: (i) => formatDateFr(i.dueDate), total: '' },
    { title: 'Montant TTC', grow: 1.15, amount: true, cell: (i) => formatEuros(i.amountCents), total: sum((i) => i.amountCents) },
    { title: 'Déjà réglé', grow: 1.15, amount: true, cell: (i) => formatEuros(i.settledCents), total: sum((i) => i.settledCents) },
    { title: 'Reste dû', grow: 1.15, amount: true, cell: (i) => formatEuros(i.remainingCents), total: formatEuros(model.totals.remainingCents) },
  ];
  if (model.type === 'formal_notice') {
    cols.push({ title: 'Pénalités', grow: 1.05, amount: true, cell: (i) => formatEuros(i.penaltiesCents), total: formatEuros(model.totals.penaltiesCents) });
    if (model.totals.indemnityCents > 0) {
      cols.push({ title: 'Indemnité', grow: 1.05, amount: true, cell: (i) => formatEuros(i.indemnityCents), total: formatEuros(model.totals.indemnityCents) });
    }
  }
  return cols;
}

function tableIndex(paragraphs: readonly string[]): number {
  const announced = paragraphs.findIndex((p) => /ci-dessous/i.test(p));
  if (announced >= 0) return announced + 1;
  return paragraphs.length > 2 ? paragraphs.length - 1 : paragraphs.length;
}

class LetterDrawer {
  y = MARGIN_TOP;

  constructor(
    private readonly doc: PdfkitDocument,
    private readonly layout: LetterWindow,
    private readonly logo: PdfkitImage | null,
  ) {}

  private newPage() {
    this.doc.addPage();
    this.y = MARGIN_TOP;
  }

  /** A block that must not be split (wrap={false}): on the next page when it does not fit. */
  private keep(height: number) {
    if (this.y + height > this.doc.page.maxY()) this.newPage();
  }

  /** Draws one letter from a new page; returns how many pages it took. */
  draw(model: LetterModel): number {
    const doc = this.doc;
    this.newPage();
    const firstPage = doc.bufferedPageRange().count - 1;
    const c = model.creditor;

    // The window: where, and how large, the debtor's address prints.
    const lines = model.debtorAddressLines;
    const left = mmToPt(this.layout.leftMm);
    const top = mmToPt(this.layout.topMm);
    const width = mmToPt(this.layout.widthMm);
    const height = mmToPt(this.layout.heightMm);
    const innerW = width - 2 * WINDOW_INSET;
    const innerH = height - 2 * WINDOW_INSET;
    const n = Math.max(1, lines.length);
    const byWidth = fitSize(doc, lines, innerW, this.layout.fontPt);
    const byHeight = Math.floor((innerH / (n * 1.15)) * 10) / 10;
    const addressPt = Math.max(ADDRESS_MIN_PT, Math.min(this.layout.fontPt, byWidth, byHeight));
    const addressLh = Math.max(1.05, Math.min(1.25, innerH / (n * addressPt)));

    // Letterhead, left of the window.
    const beside = left - MARGIN_X - mmToPt(6);
    const headWidth = beside >= mmToPt(60) ? beside : CONTENT_WIDTH;
    const headHeight = Math.max(0, top + height + mmToPt(8) - MARGIN_TOP);
    let y = MARGIN_TOP;
    if (this.logo) {
      const scale = Math.min(1, mmToPt(45) / this.logo.width, mmToPt(18) / this.logo.height);
      doc.image(this.logo, MARGIN_X, y, { width: this.logo.width * scale, height: this.logo.height * scale });
      y += this.logo.height * scale + 6;
    }
    y = put(doc, c.name, MARGIN_X, y, headWidth, { size: 13, bold: true, color: ACCENT }) + 1;
    if (c.legalLine) y = put(doc, c.legalLine, MARGIN_X, y, headWidth, { size: 8.5, color: MUTED, lineHeight: 1.3 });
    const headAddress = c.addressLines.filter((l, i) => !(i === 0 && l.trim().toLowerCase() === c.name.trim().toLowerCase()));
    for (const line of headAddress) y = put(doc, line, MARGIN_X, y, headWidth, { size: 9, lineHeight: 1.3 });
    if (c.contactLine) y = put(doc, c.contactLine, MARGIN_X, y, headWidth, { size: 8.5, color: MUTED, lineHeight: 1.3 });
    y = put(doc, model.title.toUpperCase(), MARGIN_X, y + 6, headWidth, { size: 8.5, bold: true, color: ACCENT, characterSpacing: 0.6 });
    this.y = Math.max(y, MARGIN_TOP + headHeight);

    // The debtor's address, centred vertically in the window.
    let ay = top + WINDOW_INSET + (innerH - n * addressPt * addressLh) / 2;
    for (const line of lines) ay = put(doc, line, left + WINDOW_INSET, ay, innerW, { size: addressPt, lineHeight: addressLh });

    if (model.registeredLine) this.y = put(doc, model.registeredLine, MARGIN_X, this.y, CONTENT_WIDTH, { size: 9.5, bold: true, align: 'right' });
    this.y = put(doc, model.dateLine, MARGIN_X, this.y, CONTENT_WIDTH, { size: 10, align: 'right' }) + 14;
    this.y = this.paragraph(`Objet : ${model.subject}`, { size: 10, bold: true, flows: true }) + 12;

    const at = tableIndex(model.paragraphs);
    for (const p of model.paragraphs.slice(0, at)) this.y = this.paragraph(p) + 8;
    if (model.invoices.length > 0) this.table(model);
    if (model.type === 'formal_notice') this.summary(model);
    for (const p of model.paragraphs.slice(at)) this.y = this.paragraph(p) + 8;
    if (c.signatory.length > 0) this.signature(c.signatory);

    const pages = doc.bufferedPageRange().count - firstPage;
    for (let p = 0; p < pages; p++) {
      doc.switchToPage(firstPage + p);
      this.footer(c.paymentLine, p + 1, pages);
    }
    return pages;
  }

  /** A paragraph that flows onto the next page when needed. */
  private paragraph(text: string, style: Style = { size: 10, lineHeight: 1.3, flows: true }): number {
    if (this.y + naturalLine(this.doc, style.size) > this.doc.page.maxY()) this.newPage();
    const y = put(this.doc, text, MARGIN_X, this.y, CONTENT_WIDTH, style);
    return y;
  }

  private table(model: LetterModel) {
    const doc = this.doc;
    const cols = columnsOf(model);
    const totalGrow = cols.reduce((s, c) => s + c.grow, 0);
    const widths = cols.map((c) => (CONTENT_WIDTH * c.grow) / totalGrow);
    const fits = cols.map((c, k) => {
      const inner = widths[k]! - 2 * CELL_PADDING_X;
      return Math.min(fitSize(doc, model.invoices.map(c.cell), inner, 8.5), fitSize(doc, [c.total, c.title], inner, 8.5, true));
    });
    const size = Math.max(6, Math.min(...fits));
    const textH = size * 1.2;
    const headH = textH + 2 * HEAD_PADDING_Y;
    const rowH = textH + 2 * CELL_PADDING_Y + 0.5;
    const totalH = textH + 2 * CELL_PADDING_Y + 1;

    const cells = (texts: string[], y: number, style: Omit<Style, 'size'>) => {
      let x = MARGIN_X;
      texts.forEach((t, k) => {
        put(doc, t, x + CELL_PADDING_X, y, widths[k]! - 2 * CELL_PADDING_X, { ...style, size, lineHeight: 1.2, align: cols[k]!.amount ? 'right' : 'left' });
        x += widths[k]!;
      });
    };
    const header = () => {
      doc.rect(MARGIN_X, this.y, CONTENT_WIDTH, headH).fill(ACCENT);
      cells(cols.map((c) => c.title), this.y + HEAD_PADDING_Y, { bold: true, color: WHITE });
      this.y += headH;
    };

    this.y += 4;
    this.keep(headH + rowH);
    header();
    model.invoices.forEach((inv, n) => {
      if (this.y + rowH > doc.page.maxY()) {
        this.newPage();
        header(); // the header row is `fixed` in react-pdf: repeated on every page of the table
      }
      if (n % 2 === 1) doc.rect(MARGIN_X, this.y, CONTENT_WIDTH, rowH).fill(STRIPE);
      cells(cols.map((c) => c.cell(inv)), this.y + CELL_PADDING_Y, {});
      doc.moveTo(MARGIN_X, this.y + rowH - 0.25).lineTo(MARGIN_X + CONTENT_WIDTH, this.y + rowH - 0.25).lineWidth(0.5).stroke(RULE);
      this.y += rowH;
    });
    this.keep(totalH);
    doc.rect(MARGIN_X, this.y, CONTENT_WIDTH, totalH).fill(TOTAL_FILL);
    doc.moveTo(MARGIN_X, this.y + 0.5).lineTo(MARGIN_X + CONTENT_WIDTH, this.y + 0.5).lineWidth(1).stroke(INK);
    cells(cols.map((c) => c.total), this.y + 1 + CELL_PADDING_Y, { bold: true });
    this.y += totalH + 12;
  }

  private summary(model: LetterModel) {
    const doc = this.doc;
    const t = model.totals;
    const lines: [string, Cents][] = [
      ['Principal restant dû', t.remainingCents],
      ['Pénalités et intérêts à ce jour', t.penaltiesCents],
    ];
    if (t.indemnityCents > 0) lines.push(['Indemnités forfaitaires', t.indemnityCents]);
    const width = CONTENT_WIDTH * 0.55;
    const x = MARGIN_X + CONTENT_WIDTH - width;
    const inner = width - 16;
    const line = naturalLine(doc, 10);
    const rowH = line + 3;
    const height = 8 + lines.length * rowH + 0.75 + 6 + line;
    this.keep(height);
    const top = this.y;
    doc.roundedRect(x, top, width, height, 3).lineWidth(0.75).stroke(RULE);
    let y = top + 4;
    for (const [label, cents] of lines) {
      put(doc, label, x + 8, y + 1.5, inner, { size: 10 });
      put(doc, formatEuros(cents), x + 8, y + 1.5, inner, { size: 10, align: 'right' });
      y += rowH;
    }
    y += 3;
    doc.moveTo(x + 8, y).lineTo(x + 8 + inner, y).lineWidth(0.75).stroke(INK);
    y += 3.75;
    put(doc, 'Total réclamé', x + 8, y, inner, { size: 10, bold: true, color: ACCENT });
    put(doc, formatEuros(t.claimCents), x + 8, y, inner, { size: 10, bold: true, color: ACCENT, align: 'right' });
    this.y = top + height + 14;
  }

  private signature(lines: string[]) {
    const width = CONTENT_WIDTH * 0.45;
    const x = MARGIN_X + CONTENT_WIDTH - width;
    this.y += 18;
    const height = lines.reduce((h, l, i) => h + heightOf(this.doc, l, width, { size: 10, bold: i === 0 }), 0);
    this.keep(height);
    lines.forEach((l, i) => {
      this.y = put(this.doc, l, x, this.y, width, i === 0 ? { size: 10, bold: true } : { size: 10, color: MUTED });
    });
  }

  private footer(paymentLine: string, page: number, pages: number) {
    const doc = this.doc;
    const bottom = PAGE_HEIGHT - FOOTER_BOTTOM;
    const style: Style = { size: 7.5, color: MUTED, lineHeight: 1.2 };
    const textWidth = CONTENT_WIDTH - (PAGE_NUMBER_WIDTH + 8);
    const top = bottom - 4 - heightOf(doc, paymentLine, textWidth, style);
    doc.moveTo(MARGIN_X, top).lineTo(MARGIN_X + CONTENT_WIDTH, top).lineWidth(0.5).stroke(RULE);
    put(doc, paymentLine, MARGIN_X, top + 4, textWidth, style);
    put(doc, `Page ${page} / ${pages}`, PAGE_WIDTH - MARGIN_X - PAGE_NUMBER_WIDTH, bottom - naturalLine(doc, 7.5), PAGE_NUMBER_WIDTH, {
      size: 7.5,
      color: MUTED,
      align: 'right',
    });
  }
}

/**
 * Draws the letters into ONE PDF with pdfkit alone, as renderLetters does with react-pdf: every
 * letter from a new page, its footer counting its own pages.
 */
export async function drawLettersWithPdfkit(
  models: LetterModel[],
  layout: LetterWindow,
  fonts: PdfkitLetterFonts,
  logo?: { mimeType: string; base64: string } | null,
): Promise<Buffer> {
  if (models.length === 0) throw new Error('Aucun courrier à imprimer.');
  const PDFDocument = await loadPdfkit();
  const first = models[0]!;
  const title = models.length === 1 ? `${first.title} — ${first.debtorAddressLines[0] ?? ''}` : `Courriers de relance (${models.length})`;
  const doc = new PDFDocument({
    size: 'A4',
    margins: { top: MARGIN_TOP, bottom: MARGIN_BOTTOM, left: MARGIN_X, right: MARGIN_X },
    autoFirstPage: false,
    bufferPages: true,
    displayTitle: true,
    lang: 'fr-FR',
    info: { Title: title, Author: first.creditor.name, Creator: 'Recouvra', Producer: 'Recouvra', CreationDate: new Date() },
  });
  const chunks: Buffer[] = [];
  const done = new Promise<Buffer>((resolve, reject) => {
    doc.on('data', (chunk) => chunks.push(chunk));
    doc.on('end', () => resolve(Buffer.concat(chunks)));
    doc.on('error', reject);
  });
  doc.registerFont(REGULAR, fonts.regular);
  doc.registerFont(BOLD, fonts.bold);
  const image = logo ? doc.openImage(Buffer.from(logo.base64, 'base64')) : null;
  const drawer = new LetterDrawer(doc, layout, image);
  for (const model of models) drawer.draw(model);
  doc.end();
  return done;
}
