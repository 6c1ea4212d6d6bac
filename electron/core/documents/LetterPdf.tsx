// Collection letters (relances, mise en demeure, relevé) as A4 portrait pages (@react-pdf/renderer).
// Everything printed comes from the LetterModel (shared/documents/letter-model.ts); this file only
// lays it out. The debtor's address is placed exactly in the envelope window (LetterWindow, mm).
import { readFileSync } from 'node:fs';
import { Image, Page, StyleSheet, Text, View } from '@react-pdf/renderer';
import type { LetterInvoice, LetterModel } from '../../../shared/documents/letter-model.js';
import { formatDateFr } from '../../../shared/domain/dates.js';
import { formatEuros, type Cents } from '../../../shared/domain/money.js';
import type { LetterWindow } from '../../../shared/settings.js';
import { PDF_FONT_FAMILY, pdfFontsDir } from './AgingReportPdf.js';
import { ACCENT, INK, MUTED, PdfTable, RULE } from './PdfTable.js';

export interface LetterLogo {
  mimeType: string;
  base64: string;
}

/** Millimetres to PDF points. */
export const mmToPt = (mm: number) => (mm * 72) / 25.4;


// Page geometry (points). A4 portrait is 595.28 × 841.89.
export const PAGE_WIDTH = 595.28;
const MARGIN_X = mmToPt(20);
const MARGIN_TOP = mmToPt(15);
const MARGIN_BOTTOM = mmToPt(22); // room for the footer
const CONTENT_WIDTH = PAGE_WIDTH - 2 * MARGIN_X;
const CELL_PADDING_X = 3;
const FOOTER_BOTTOM = mmToPt(8);
const PAGE_NUMBER_WIDTH = 90;
/** The smallest address size allowed (La Poste readability); the window never gets smaller type. */
export const ADDRESS_MIN_PT = 9;
/** Inner margin of the address within the window, so that it never touches the window's edges. */
const WINDOW_INSET = mmToPt(1.5);

// ——— Text widths, from the embedded fonts' own metrics ———

interface FontMetrics {
  unitsPerEm: number;
  advance: (codePoint: number) => number; // in font units
}

/** Reads the advance widths of a TrueType font (cmap format 4 + hmtx): enough to measure a line. */
function readMetrics(path: string): FontMetrics {
  const buf = readFileSync(path);
  const tables = new Map<string, number>();
  const numTables = buf.readUInt16BE(4);
  for (let i = 0; i < numTables; i++) {
    const rec = 12 + i * 16;
    tables.set(buf.toString('latin1', rec, rec + 4), buf.readUInt32BE(rec + 8));
  }
  const head = tables.get('head')!;
  const hhea = tables.get('hhea')!;
  const hmtx = tables.get('hmtx')!;
  const cmap = tables.get('cmap')!;
  const unitsPerEm = buf.readUInt16BE(head + 18);
  const numHMetrics = buf.readUInt16BE(hhea + 34);
  let sub = -1;
  const subtables = buf.readUInt16BE(cmap + 2);
  for (let i = 0; i < subtables; i++) {
    const rec = cmap + 4 + i * 8;
    const platform = buf.readUInt16BE(rec);
    const encoding = buf.readUInt16BE(rec + 2);
    const offset = cmap + buf.readUInt32BE(rec + 4);
    if (buf.readUInt16BE(offset) === 4 && (platform === 3 && encoding === 1 || platform === 0)) sub = offset;
  }
  if (sub < 0) throw new Error(`Police sans table cmap 4 : ${path}`);
  const segX2 = buf.readUInt16BE(sub + 6);
  const ends = sub + 14;
  const starts = ends + segX2 + 2;
  const deltas = starts + segX2;
  const rangeOffsets = deltas + segX2;
  const glyphOf = (cp: number): number => {
    if (cp > 0xffff) return 0;
    for (let s = 0; s < segX2; s += 2) {
      if (cp > buf.readUInt16BE(ends + s)) continue;
      const start = buf.readUInt16BE(starts + s);
      if (cp < start) return 0;
      const delta = buf.readUInt16BE(deltas + s);
      const ro = buf.readUInt16BE(rangeOffsets + s);
      if (ro === 0) return (cp + delta) & 0xffff;
      const g = buf.readUInt16BE(rangeOffsets + s + ro + 2 * (cp - start));
      return g === 0 ? 0 : (g + delta) & 0xffff;
    }
    return 0;
  };
  const cache = new Map<number, number>();
  const advance = (cp: number) => {
    let w = cache.get(cp);
    if (w === undefined) {
      const g = Math.min(glyphOf(cp), numHMetrics - 1);
      w = buf.readUInt16BE(hmtx + 4 * g);
      cache.set(cp, w);
    }
    return w;
  };
  return { unitsPerEm, advance };
}

let metrics: { regular: FontMetrics; bold: FontMetrics } | null = null;
function fontMetrics() {
  if (!metrics) {
    const dir = pdfFontsDir();
    metrics = { regular: readMetrics(`${dir}LiberationSans-Regular.ttf`), bold: readMetrics(`${dir}LiberationSans-Bold.ttf`) };
  }
  return metrics;
}

/** The width in points of @text set on one line at @size (Liberation Sans, regular or bold). */
export function textWidth(text: string, size: number, bold = false): number {
  const m = bold ? fontMetrics().bold : fontMetrics().regular;
  let units = 0;
  for (const ch of text) units += m.advance(ch.codePointAt(0)!);
  return (units / m.unitsPerEm) * size;
}

/** The largest size (≤ @max, by 0.1 pt) at which every text fits on one line in @width points. */
function fitSize(texts: readonly string[], width: number, max: number, bold = false): number {
  const widest = Math.max(1e-6, ...texts.map((t) => textWidth(t, 1, bold)));
  // 2 % spare: kerning and rounding in the layout engine must never push a line to wrap.
  return Math.min(max, Math.floor(((width * 0.98) / widest) * 10) / 10);
}

// ——— The address in the window ———

export interface WindowBox {
  left: number;
  top: number;
  width: number;
  height: number;
  fontSize: number;
  lineHeight: number;
}

/**
 * Where and how large the debtor's address prints: the window rectangle in points, and the
 * largest size ≤ fontPt (never below 9 pt) at which every line fits the window's inner width and
 * all lines its inner height.
 */
export function windowBox(layout: LetterWindow, lines: readonly string[]): WindowBox {
  const left = mmToPt(layout.leftMm);
  const top = mmToPt(layout.topMm);
  const width = mmToPt(layout.widthMm);
  const height = mmToPt(layout.heightMm);
  const innerW = width - 2 * WINDOW_INSET;
  const innerH = height - 2 * WINDOW_INSET;
  const n = Math.max(1, lines.length);
  const byWidth = fitSize(lines, innerW, layout.fontPt);
  const byHeight = Math.floor((innerH / (n * 1.15)) * 10) / 10;
  const fontSize = Math.max(ADDRESS_MIN_PT, Math.min(layout.fontPt, byWidth, byHeight));
  // Lines as close as 1.05 when six lines at 9 pt must fit a low window.
  const lineHeight = Math.max(1.05, Math.min(1.25, innerH / (n * fontSize)));
  return { left, top, width, height, fontSize, lineHeight };
}

// ——— Styles ———

const styles = StyleSheet.create({
  page: { fontFamily: PDF_FONT_FAMILY, fontSize: 10, color: INK, paddingTop: MARGIN_TOP, paddingBottom: MARGIN_BOTTOM, paddingHorizontal: MARGIN_X },
  logo: { maxWidth: mmToPt(45), maxHeight: mmToPt(18), objectFit: 'contain', marginBottom: 6, alignSelf: 'flex-start' },
  companyName: { fontSize: 13, fontWeight: 'bold', color: ACCENT, marginBottom: 1 },
  headSmall: { fontSize: 8.5, color: MUTED, lineHeight: 1.3 },
  headLine: { fontSize: 9, lineHeight: 1.3 },
  title: { fontSize: 8.5, fontWeight: 'bold', color: ACCENT, letterSpacing: 0.6, marginTop: 6 },
  window: { position: 'absolute', padding: WINDOW_INSET, justifyContent: 'center' },
  registered: { fontWeight: 'bold', textAlign: 'right', fontSize: 9.5 },
  dateLine: { textAlign: 'right', marginBottom: 14 },
  subject: { fontWeight: 'bold', marginBottom: 12 },
  paragraph: { fontSize: 10, lineHeight: 1.3, marginBottom: 8 }, // fontSize beside lineHeight: a unitless lineHeight resolves against the size in its own style
  summary: { alignSelf: 'flex-end', width: CONTENT_WIDTH * 0.55, borderWidth: 0.75, borderColor: RULE, borderRadius: 3, paddingVertical: 4, paddingHorizontal: 8, marginBottom: 14 },
  summaryRow: { flexDirection: 'row', justifyContent: 'space-between', paddingVertical: 1.5 },
  summaryTotal: { flexDirection: 'row', justifyContent: 'space-between', borderTopWidth: 0.75, borderColor: INK, marginTop: 3, paddingTop: 3, fontWeight: 'bold', color: ACCENT },
  signature: { alignSelf: 'flex-end', width: CONTENT_WIDTH * 0.45, marginTop: 18 },
  footer: { position: 'absolute', bottom: FOOTER_BOTTOM, left: MARGIN_X, right: MARGIN_X, fontSize: 7.5, color: MUTED, borderTopWidth: 0.5, borderColor: RULE, paddingTop: 4, lineHeight: 1.2 },
  pageNumber: { position: 'absolute', bottom: FOOTER_BOTTOM, left: PAGE_WIDTH - MARGIN_X - PAGE_NUMBER_WIDTH, width: PAGE_NUMBER_WIDTH, textAlign: 'right', fontSize: 7.5, color: MUTED },
});

// ——— The invoices table ———

interface Column {
  title: string;
  grow: number;
  amount: boolean;
  cell: (i: LetterInvoice) => string;
  total: string;
}

function columnsOf(model: LetterModel): Column[] {
  const formal = model.type === 'formal_notice';
  const sum = (f: (i: LetterInvoice) => number) => formatEuros(model.invoices.reduce((s, i) => s + f(i), 0) as Cents);
  const cols: Column[] = [
    { title: 'Facture', grow: 1.25, amount: false, cell: (i) => i.number, total: 'Total' },
    { title: 'Date', grow: 0.95, amount: false, cell: (i) => formatDateFr(i.issueDate), total: '' },
    { title: 'Échéance', grow: 0.95, amount: false, cell: (i) => formatDateFr(i.dueDate), total: '' },
    { title: 'Montant TTC', grow: 1.15, amount: true, cell: (i) => formatEuros(i.amountCents), total: sum((i) => i.amountCents) },
    { title: 'Déjà réglé', grow: 1.15, amount: true, cell: (i) => formatEuros(i.settledCents), total: sum((i) => i.settledCents) },
    { title: 'Reste dû', grow: 1.15, amount: true, cell: (i) => formatEuros(i.remainingCents), total: formatEuros(model.totals.remainingCents) },
  ];
  if (formal) {
    cols.push({ title: 'Pénalités', grow: 1.05, amount: true, cell: (i) => formatEuros(i.penaltiesCents), total: formatEuros(model.totals.penaltiesCents) });
    // No indemnity toward a consumer: the model's total is then 0 and the column is left out.
    if (model.totals.indemnityCents > 0) {
      cols.push({ title: 'Indemnité', grow: 1.05, amount: true, cell: (i) => formatEuros(i.indemnityCents), total: formatEuros(model.totals.indemnityCents) });
    }
  }
  return cols;
}

function InvoiceTable({ model }: { model: LetterModel }) {
  const cols = columnsOf(model);
  const totalGrow = cols.reduce((s, c) => s + c.grow, 0);
  // One size for the whole table: the largest (≤ 8.5 pt) at which every cell fits its column on one line.
  const fits = cols.map((c) => {
    const inner = (CONTENT_WIDTH * c.grow) / totalGrow - 2 * CELL_PADDING_X;
    return Math.min(
      fitSize([...model.invoices.map(c.cell)], inner, 8.5),
      fitSize([c.total, c.title], inner, 8.5, true),
    );
  });
  const fontSize = Math.max(6, Math.min(...fits));
  return (
    <PdfTable<LetterInvoice>
      columns={cols.map((c) => ({ title: c.title, grow: c.grow, right: c.amount, cell: c.cell }))}
      rows={model.invoices}
      total={cols.map((c) => c.total)}
      margin={{ top: 4, bottom: 12 }}
      cell={{ paddingHorizontal: CELL_PADDING_X, fontSize, lineHeight: 1.2 }}
    />
  );
}

function ClaimSummary({ model }: { model: LetterModel }) {
  const t = model.totals;
  const lines: [string, Cents][] = [
    ['Principal restant dû', t.remainingCents],
    ['Pénalités et intérêts à ce jour', t.penaltiesCents],
  ];
  if (t.indemnityCents > 0) lines.push(['Indemnités forfaitaires', t.indemnityCents]);
  return (
    <View style={styles.summary} wrap={false}>
      {lines.map(([label, cents]) => (
        <View key={label} style={styles.summaryRow}>
          <Text>{label}</Text>
          <Text>{formatEuros(cents)}</Text>
        </View>
      ))}
      <View style={styles.summaryTotal}>
        <Text>Total réclamé</Text>
        <Text>{formatEuros(t.claimCents)}</Text>
      </View>
    </View>
  );
}

/** Where the invoices table goes: after the paragraph that announces it ("ci-dessous"), else before the closing one. */
function tableIndex(paragraphs: readonly string[]): number {
  const announced = paragraphs.findIndex((p) => /ci-dessous/i.test(p));
  if (announced >= 0) return announced + 1;
  return paragraphs.length > 2 ? paragraphs.length - 1 : paragraphs.length;
}

// ——— The letter ———

const noHyphenation = (word: string) => [word];

function logoSource(logo: LetterLogo) {
  return { data: Buffer.from(logo.base64, 'base64'), format: logo.mimeType === 'image/png' ? ('png' as const) : ('jpg' as const) };
}

/** One letter: one <Page> that flows onto as many pages as it needs, the footer on each. */
export function LetterPage({ model, layout, logo }: { model: LetterModel; layout: LetterWindow; logo?: LetterLogo | null }) {
  const box = windowBox(layout, model.debtorAddressLines);
  const c = model.creditor;
  // The letterhead keeps to the left of the window (or the full width when the window is on the left).
  const beside = box.left - MARGIN_X - mmToPt(6);
  const headWidth = beside >= mmToPt(60) ? beside : CONTENT_WIDTH;
  // The flowing text starts below the window.
  const headHeight = Math.max(0, box.top + box.height + mmToPt(8) - MARGIN_TOP);
  const at = tableIndex(model.paragraphs);
  // Line 1 of a company's address is usually its name again: printed once, as the letterhead's title.
  const headAddress = c.addressLines.filter((l, i) => !(i === 0 && l.trim().toLowerCase() === c.name.trim().toLowerCase()));
  const paragraph = (p: string, i: number) => (
    <Text key={i} style={styles.paragraph} hyphenationCallback={noHyphenation}>
      {p}
    </Text>
  );
  return (
    <Page size="A4" style={styles.page}>
      <View style={{ minHeight: headHeight }}>
        <View style={{ width: headWidth }}>
          {logo ? <Image style={styles.logo} src={logoSource(logo)} /> : null}
          <Text style={styles.companyName}>{c.name}</Text>
          {c.legalLine ? <Text style={styles.headSmall}>{c.legalLine}</Text> : null}
          {headAddress.map((l, i) => (
            <Text key={i} style={styles.headLine}>
              {l}
            </Text>
          ))}
          {c.contactLine ? <Text style={styles.headSmall}>{c.contactLine}</Text> : null}
          <Text style={styles.title}>{model.title.toUpperCase()}</Text>
        </View>
      </View>

      <View style={[styles.window, { left: box.left, top: box.top, width: box.width, height: box.height }]}>
        {model.debtorAddressLines.map((l, i) => (
          <Text key={i} style={{ fontSize: box.fontSize, lineHeight: box.lineHeight }} hyphenationCallback={noHyphenation}>
            {l}
          </Text>
        ))}
      </View>

      {model.registeredLine ? <Text style={styles.registered}>{model.registeredLine}</Text> : null}
      <Text style={styles.dateLine}>{model.dateLine}</Text>
      <Text style={styles.subject}>Objet : {model.subject}</Text>

      {model.paragraphs.slice(0, at).map(paragraph)}
      {model.invoices.length > 0 ? <InvoiceTable model={model} /> : null}
      {model.type === 'formal_notice' ? <ClaimSummary model={model} /> : null}
      {model.paragraphs.slice(at).map((p, i) => paragraph(p, at + i))}

      {c.signatory.length > 0 ? (
        <View style={styles.signature} wrap={false}>
          {c.signatory.map((l, i) => (
            <Text key={i} style={i === 0 ? { fontWeight: 'bold' } : { color: MUTED }}>
              {l}
            </Text>
          ))}
        </View>
      ) : null}

      {/* Two fixed pieces, not one row: with this react-pdf a render-prop Text inside a row, or
          with a lineHeight (even inherited from the page), is dropped. */}
      <View style={styles.footer} fixed>
        <Text style={{ paddingRight: PAGE_NUMBER_WIDTH + 8 }}>{c.paymentLine}</Text>
      </View>
      <Text
        style={styles.pageNumber}
        fixed
        render={({ subPageNumber, subPageTotalPages }) => `Page ${subPageNumber} / ${subPageTotalPages}`}
      />
    </Page>
  );
}
