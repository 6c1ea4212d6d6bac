// The aging report as a one-page A4 landscape PDF (@react-pdf/renderer). Everything it shows
// comes from the view-model (aging-pdf-model.ts); this file only lays it out.
import { existsSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { Document, Font, Page, StyleSheet, Text, View, renderToBuffer } from '@react-pdf/renderer';
import { formatEuros, type Cents } from '../../../shared/domain/money.js';
import type { AgingPdfModel } from './aging-pdf-model.js';
import { ACCENT, INK, MUTED, RULE, STRIPE } from './PdfTable.js';

export const PDF_FONT_FAMILY = 'Liberation Sans';

/**
 * The folder of the Liberation Sans TTF files. From the sources (CLI through tsx, tests) it is
 * assets/fonts at the project root. The desktop bundle (dist/electron/main.mjs) has no
 * assets/ three levels up: electron/build/bundle.mjs must copy assets/fonts to
 * dist/electron/fonts, the second place looked at (as it copies migrations/). The bundle must
 * also keep `pdfkit` external: it loads its standard fonts with a runtime require of
 * '#standard-fonts/…' that esbuild cannot follow.
 */
export function pdfFontsDir(): string {
  const candidates = [new URL('../../../assets/fonts/', import.meta.url), new URL('./fonts/', import.meta.url)];
  for (const url of candidates) {
    const dir = fileURLToPath(url);
    if (existsSync(`${dir}LiberationSans-Regular.ttf`)) return dir;
  }
  throw new Error(`Liberation Sans introuvable (cherchée dans ${candidates.map((u) => fileURLToPath(u)).join(', ')}).`);
}

let fontsRegistered = false;
/** Registers Liberation Sans once: it has every glyph French amounts need (U+202F, U+00A0, €, –). */
export function registerPdfFonts(): void {
  if (fontsRegistered) return;
  const dir = pdfFontsDir();
  Font.register({
    family: PDF_FONT_FAMILY,
    fonts: [
      { src: `${dir}LiberationSans-Regular.ttf` },
      { src: `${dir}LiberationSans-Bold.ttf`, fontWeight: 'bold' },
      { src: `${dir}LiberationSans-Italic.ttf`, fontStyle: 'italic' },
    ],
  });
  fontsRegistered = true;
}


// Page geometry (points). A4 landscape is 841.89 × 595.28.
const PAGE_WIDTH = 841.89;
const MARGIN_X = 32;
const CONTENT_WIDTH = PAGE_WIDTH - 2 * MARGIN_X;
const NAME_GROW = 2.6; // the client column is 2.6 times as wide as an amount column
const CELL_PADDING_X = 4;
const SUMMARY_GAP = 5;
const SUMMARY_PADDING_X = 6;
const TOTAL_GROW = 1.2;

const styles = StyleSheet.create({
  page: { fontFamily: PDF_FONT_FAMILY, fontSize: 9, color: INK, paddingTop: 28, paddingBottom: 40, paddingHorizontal: MARGIN_X },
  header: { flexDirection: 'row', justifyContent: 'space-between', alignItems: 'flex-end', marginBottom: 9 },
  title: { fontSize: 17, fontWeight: 'bold', color: ACCENT },
  company: { fontSize: 11, marginTop: 3, maxLines: 1, textOverflow: 'ellipsis' },
  headerNote: { fontSize: 8, color: MUTED, textAlign: 'right' },
  summary: { flexDirection: 'row', marginBottom: 10 },
  summaryBox: { flexGrow: 1, flexBasis: 0, borderWidth: 0.75, borderColor: RULE, borderRadius: 3, paddingVertical: 4, paddingHorizontal: SUMMARY_PADDING_X, marginRight: SUMMARY_GAP },
  summaryTotal: { flexGrow: TOTAL_GROW, flexBasis: 0, backgroundColor: ACCENT, borderWidth: 0.75, borderColor: ACCENT, borderRadius: 3, paddingVertical: 4, paddingHorizontal: SUMMARY_PADDING_X },
  summaryLabel: { fontSize: 7.5, color: MUTED },
  summaryAmount: { fontWeight: 'bold', marginTop: 2 },
  summaryShare: { fontSize: 7.5, color: MUTED, marginTop: 1 },
  headRow: { flexDirection: 'row', backgroundColor: ACCENT, color: '#ffffff', fontWeight: 'bold' },
  row: { flexDirection: 'row', borderBottomWidth: 0.5, borderColor: RULE },
  stripe: { backgroundColor: STRIPE },
  othersRow: { flexDirection: 'row', borderBottomWidth: 0.5, borderColor: RULE, fontStyle: 'italic', color: MUTED },
  totalRow: { flexDirection: 'row', borderTopWidth: 1.25, borderColor: INK, fontWeight: 'bold', backgroundColor: '#e4e7eb' },
  // One line per client, whatever its name: cut with an ellipsis (the page must hold every line).
  nameCell: { flexGrow: NAME_GROW, flexBasis: 0, paddingVertical: 2.5, paddingHorizontal: CELL_PADDING_X, maxLines: 1, textOverflow: 'ellipsis' },
  amountCell: { flexGrow: 1, flexBasis: 0, paddingVertical: 2.5, paddingHorizontal: CELL_PADDING_X, textAlign: 'right' },
  headCell: { paddingVertical: 4 },
  strongCell: { fontWeight: 'bold' },
  empty: { paddingVertical: 14, textAlign: 'center', color: MUTED, fontStyle: 'italic' },
  footer: { position: 'absolute', bottom: 18, left: MARGIN_X, right: MARGIN_X, flexDirection: 'row', justifyContent: 'space-between', fontSize: 7.5, color: MUTED, borderTopWidth: 0.5, borderColor: RULE, paddingTop: 4 },
});

/** Advance widths (in em) of the characters of a formatted amount, from Liberation Sans (regular and bold alike). */
const AMOUNT_EM: Record<string, number> = { ',': 0.278, '\u202f': 0.2, '\u00a0': 0.278, ' ': 0.278, '-': 0.333, '–': 0.556, '€': 0.556 };
function amountEm(text: string): number {
  let em = 0;
  for (const ch of text) em += AMOUNT_EM[ch] ?? 0.556; // digits: 0.556
  return em;
}

/** The largest font size (at most @max) at which every text fits in @width points on one line. */
function fitFontSize(texts: readonly string[], width: number, max: number): number {
  const widest = Math.max(1, ...texts.map(amountEm));
  return Math.min(max, Math.floor((width / widest) * 10) / 10);
}

/** "12,3 %" from tenths of a percent. */
function share(permille: number | null): string {
  if (permille === null) return '';
  return `${Math.floor(permille / 10)},${permille % 10}\u00a0%`;
}

const cellText = (value: number) => (value === 0 ? '–' : formatEuros(value as Cents));

function AmountCells({ amounts, fontSize }: { amounts: readonly number[]; fontSize: number }) {
  return (
    <>
      {amounts.map((value, i) => (
        <Text key={i} style={[styles.amountCell, { fontSize }, i === amounts.length - 1 ? styles.strongCell : {}]}>
          {cellText(value)}
        </Text>
      ))}
    </>
  );
}

/** No hyphenation in names: a cut name ends on a whole word and an ellipsis. */
const noHyphenation = (word: string) => [word];

export function AgingReportDocument({ model, createdAt }: { model: AgingPdfModel; createdAt?: Date }) {
  // Figures shrink only as much as needed to stay on one line in their column (six bounds and
  // amounts in the hundreds of millions still fit).
  const amountColumnWidth = CONTENT_WIDTH / (NAME_GROW + model.columns.length) - 2 * CELL_PADDING_X - 1;
  const tableTexts = [...model.rows.flatMap((r) => r.amounts), ...model.totals].map(cellText);
  const fontSize = fitFontSize(tableTexts, amountColumnWidth, 8);
  const boxes = model.summary.length;
  const boxWidth = (CONTENT_WIDTH - SUMMARY_GAP * boxes) / (boxes + TOTAL_GROW) - 2 * SUMMARY_PADDING_X - 2;
  const grandTotal = (model.totals[model.totals.length - 1] ?? 0) as Cents;
  const summarySize = fitFontSize([...model.summary.map((s) => formatEuros(s.amount)), formatEuros(grandTotal)], boxWidth, 10.5);
  const clients = model.clientCount === 0 ? 'Aucun client' : `${model.clientCount} client${model.clientCount > 1 ? 's' : ''}`;
  const subtitle = `${clients} avec un solde ouvert · montants TTC restant dus`;
  return (
    <Document
      title={model.title}
      author={model.companyName ?? 'Recouvra'}
      creator="Recouvra"
      producer="Recouvra"
      language="fr-FR"
      {...(createdAt ? { creationDate: createdAt, modificationDate: createdAt } : {})}
    >
      {/* One page: the model caps the number of lines (top clients + "Autres clients"), names are
          cut to one line and figures sized to their column; the tests check the page count with
          many clients and six bounds. (Not wrap={false}: react-pdf then shrinks the page to its
          content.) */}
      <Page size="A4" orientation="landscape" style={styles.page}>
        <View style={styles.header}>
          <View style={{ maxWidth: CONTENT_WIDTH * 0.62 }}>
            <Text style={styles.title}>{model.title}</Text>
            {model.companyName ? <Text style={styles.company}>{model.companyName}</Text> : null}
          </View>
          <Text style={styles.headerNote}>{subtitle}</Text>
        </View>

        <View style={styles.summary}>
          {model.summary.map((item) => (
            <View key={item.label} style={styles.summaryBox}>
              <Text style={styles.summaryLabel}>{item.label}</Text>
              <Text style={[styles.summaryAmount, { fontSize: summarySize }]}>{formatEuros(item.amount)}</Text>
              <Text style={styles.summaryShare}>{share(item.sharePermille)}</Text>
            </View>
          ))}
          <View style={styles.summaryTotal}>
            <Text style={[styles.summaryLabel, { color: '#d9e2ec' }]}>Total</Text>
            <Text style={[styles.summaryAmount, { fontSize: summarySize, color: '#ffffff' }]}>{formatEuros(grandTotal)}</Text>
            <Text style={[styles.summaryShare, { color: '#d9e2ec' }]}>{grandTotal > 0 ? '100,0\u00a0%' : ''}</Text>
          </View>
        </View>

        <View>
          <View style={styles.headRow}>
            <Text style={[styles.nameCell, styles.headCell, { fontSize }]}>Client</Text>
            {model.columns.map((title) => (
              <Text key={title} style={[styles.amountCell, styles.headCell, { fontSize }]}>
                {title}
              </Text>
            ))}
          </View>
          {model.rows.length === 0 ? <Text style={styles.empty}>Aucune créance ouverte à cette date.</Text> : null}
          {model.rows.map((row, n) => (
            <View key={n} style={row.others ? styles.othersRow : n % 2 === 1 ? [styles.row, styles.stripe] : styles.row}>
              <Text style={[styles.nameCell, { fontSize }]} hyphenationCallback={noHyphenation}>
                {row.label}
              </Text>
              <AmountCells amounts={row.amounts} fontSize={fontSize} />
            </View>
          ))}
          <View style={styles.totalRow}>
            <Text style={[styles.nameCell, { fontSize }]}>Total</Text>
            <AmountCells amounts={model.totals} fontSize={fontSize} />
          </View>
        </View>

        <View style={styles.footer} fixed>
          <Text>{model.footer}</Text>
          <Text>{model.companyName ? `${model.companyName} · ` : ''}Recouvra</Text>
        </View>
      </Page>
    </Document>
  );
}

/** Renders the PDF bytes of the aging report (@createdAt: the document's creation date). */
export async function renderAgingPdf(model: AgingPdfModel, createdAt?: Date): Promise<Buffer> {
  registerPdfFonts();
  return renderToBuffer(<AgingReportDocument model={model} {...(createdAt ? { createdAt } : {})} />);
}
