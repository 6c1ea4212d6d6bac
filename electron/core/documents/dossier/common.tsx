// What the pages of the injonction de payer dossier share (@react-pdf/renderer, A4 portrait):
// colours, geometry, a table, the section page with its footer. The page numbers of the whole
// dossier are not drawn here: the dossier is assembled from several renders and pièces, so
// electron/core/dossier/build.ts stamps "Page N / T" in the space this footer leaves free.
import type { ReactElement, ReactNode } from 'react';
import { Document, Page, StyleSheet, Text, View, renderToBuffer } from '@react-pdf/renderer';
import { formatEuros, type Cents } from '../../../../shared/domain/money.js';
import type { DossierModel } from '../../dossier/model.js';
import { ACCENT, INK, MUTED, PdfTable, RULE, STRIPE, type PdfColumn } from '../PdfTable.js';
import { PDF_FONT_FAMILY, registerPdfFonts } from '../AgingReportPdf.js';

export { ACCENT, INK, MUTED, RULE, STRIPE };
export const TINT = '#e8edf3';

export const mm = (v: number) => (v * 72) / 25.4;
export const PAGE_WIDTH = 595.28;
export const PAGE_HEIGHT = 841.89;
export const MARGIN_X = mm(20);
export const CONTENT_WIDTH = PAGE_WIDTH - 2 * MARGIN_X;
/** Where build.ts stamps the page number: right-aligned on the footer's line. */
export const FOOTER_BOTTOM = mm(8);
export const PAGE_NUMBER_WIDTH = 80;

export const styles = StyleSheet.create({
  page: { fontFamily: PDF_FONT_FAMILY, fontSize: 9.5, color: INK, paddingTop: mm(15), paddingBottom: mm(20), paddingHorizontal: MARGIN_X },
  head: { marginBottom: 10, paddingBottom: 6, borderBottomWidth: 1.5, borderColor: ACCENT },
  title: { fontSize: 16, fontWeight: 'bold', color: ACCENT },
  subtitle: { fontSize: 9, color: MUTED, marginTop: 2 },
  heading: { fontSize: 10, fontWeight: 'bold', color: ACCENT, marginTop: 10, marginBottom: 4, paddingBottom: 2, borderBottomWidth: 0.75, borderColor: RULE, letterSpacing: 0.3 },
  paragraph: { fontSize: 9.5, lineHeight: 1.35, marginBottom: 4, textAlign: 'justify' },
  small: { fontSize: 8, color: MUTED, lineHeight: 1.3 },
  strong: { fontWeight: 'bold' },
  fieldRow: { flexDirection: 'row', marginBottom: 1.5 },
  fieldLabel: { width: 150, color: MUTED },
  fieldValue: { flexGrow: 1, flexBasis: 0 },
  missing: { color: '#9b1c1c', fontWeight: 'bold' },
  table: { marginTop: 2, marginBottom: 6 },
  headRow: { flexDirection: 'row', backgroundColor: ACCENT, color: '#ffffff', fontWeight: 'bold' },
  row: { flexDirection: 'row', borderBottomWidth: 0.5, borderColor: RULE },
  stripe: { backgroundColor: STRIPE },
  totalRow: { flexDirection: 'row', borderTopWidth: 1, borderColor: INK, fontWeight: 'bold', backgroundColor: '#e4e7eb' },
  cell: { paddingVertical: 2.5, paddingHorizontal: 4, fontSize: 8.5 },
  right: { textAlign: 'right' },
  footer: { position: 'absolute', bottom: FOOTER_BOTTOM, left: MARGIN_X, right: MARGIN_X, fontSize: 7.5, color: MUTED, borderTopWidth: 0.5, borderColor: RULE, paddingTop: 4 },
});

export const money = (c: number) => formatEuros(c as Cents);
export const noHyphenation = (word: string) => [word];
export const plural = (n: number, word: string, many = `${word}s`) => `${n} ${n > 1 ? many : word}`;

/** "Atelier Martin c/ Boulangerie Dupont" */
export const parties = (model: DossierModel) => `${model.creditor.name} c/ ${model.debtor.name}`;

/** The dossier's tables: the shared striped table, without hyphenation of names and numbers. */
export type Column<T> = PdfColumn<T>;
export function Table<T>(props: { columns: Column<T>[]; rows: T[]; total?: (string | null)[] }) {
  return <PdfTable<T> {...props} hyphenation={noHyphenation} />;
}

/** A section's page(s): its heading, its content, the footer naming the dossier and the section. */
export function SectionPage({ model, section, title, subtitle, children }: { model: DossierModel; section: string; title: string; subtitle?: string | undefined; children: ReactNode }) {
  return (
    <Page size="A4" style={styles.page}>
      <View style={styles.head}>
        <Text style={styles.title}>{title}</Text>
        {subtitle ? <Text style={styles.subtitle}>{subtitle}</Text> : null}
      </View>
      {children}
      <View style={styles.footer} fixed>
        <Text style={{ paddingRight: PAGE_NUMBER_WIDTH + 8 }}>{`Injonction de payer — ${parties(model)} — ${section}`}</Text>
      </View>
    </Page>
  );
}

export function DossierDocument({ model, title, children }: { model: DossierModel; title: string; children: ReactNode }) {
  return (
    <Document title={`${title} — ${parties(model)}`} author={model.creditor.name} creator="Recouvra" producer="Recouvra" language="fr-FR">
      {children}
    </Document>
  );
}

/** Renders one part of the dossier with the embedded fonts. */
export async function renderPart(element: ReactElement): Promise<Buffer> {
  registerPdfFonts();
  return renderToBuffer(element as Parameters<typeof renderToBuffer>[0]);
}
