// The bordereau de dépôt: the list of registered letters handed over at the post office, one line
// per letter (tracking number, recipient, postcode and town), for the counter clerk to check and
// stamp. A4 portrait (@react-pdf/renderer); long lists run over several pages with the header row
// repeated.
import { Document, Page, StyleSheet, Text, View, renderToBuffer } from '@react-pdf/renderer';
import { formatDateFr, formatDateLongFr, type IsoDate } from '../../../shared/domain/dates.js';
import { PDF_FONT_FAMILY, registerPdfFonts } from './AgingReportPdf.js';
import { ACCENT, INK, MUTED, RULE } from './PdfTable.js';

export interface BordereauLine {
  trackingNumber: string | null;
  recipient: string;
  /** The address lines below the name, as printed on the envelope. */
  addressLines: string[];
  /** What the envelope holds (e.g. "Mise en demeure — 2026-11-23"). */
  content: string;
}

export interface BordereauModel {
  date: IsoDate;
  sender: { name: string; addressLines: string[]; legalLine: string };
  lines: BordereauLine[];
}


const styles = StyleSheet.create({
  page: { fontFamily: PDF_FONT_FAMILY, fontSize: 9, color: INK, paddingTop: 36, paddingBottom: 48, paddingHorizontal: 42 },
  title: { fontSize: 16, fontWeight: 'bold', color: ACCENT },
  subtitle: { fontSize: 10, marginTop: 2, marginBottom: 12 },
  parties: { flexDirection: 'row', marginBottom: 12 },
  party: { flexGrow: 1, flexBasis: 0 },
  label: { fontSize: 7.5, color: MUTED, marginBottom: 2 },
  strong: { fontWeight: 'bold' },
  head: { flexDirection: 'row', backgroundColor: ACCENT, color: '#ffffff', fontWeight: 'bold' },
  row: { flexDirection: 'row', borderBottomWidth: 0.5, borderColor: RULE, minHeight: 30 },
  n: { width: 24, padding: 4, textAlign: 'right' },
  tracking: { width: 112, padding: 4, fontFamily: PDF_FONT_FAMILY },
  blank: { borderBottomWidth: 0.5, borderColor: MUTED, marginTop: 11, marginRight: 6 },
  recipient: { flexGrow: 1, flexBasis: 0, padding: 4 },
  ar: { width: 34, padding: 4, textAlign: 'center' },
  total: { marginTop: 10, fontWeight: 'bold' },
  stamp: { flexDirection: 'row', marginTop: 24 },
  stampBox: { flexGrow: 1, flexBasis: 0, height: 80, borderWidth: 0.75, borderColor: RULE, borderRadius: 3, padding: 6, marginRight: 12 },
  footer: { position: 'absolute', bottom: 20, left: 42, right: 42, flexDirection: 'row', justifyContent: 'space-between', fontSize: 7.5, color: MUTED, borderTopWidth: 0.5, borderColor: RULE, paddingTop: 4 },
});

function HeaderRow() {
  return (
    <View style={styles.head}>
      <Text style={styles.n}>N°</Text>
      <Text style={styles.tracking}>N° de recommandé</Text>
      <Text style={styles.recipient}>Destinataire</Text>
      <Text style={styles.ar}>AR</Text>
    </View>
  );
}

export function BordereauDocument({ model }: { model: BordereauModel }) {
  const count = model.lines.length;
  const missing = model.lines.filter((l) => !l.trackingNumber).length;
  return (
    <Document title={`Bordereau de dépôt — ${formatDateFr(model.date)}`} author={model.sender.name} creator="Recouvra" producer="Recouvra" language="fr-FR">
      <Page size="A4" style={styles.page}>
        <Text style={styles.title}>Bordereau de dépôt de lettres recommandées</Text>
        <Text style={styles.subtitle}>Dépôt du {formatDateLongFr(model.date)} · avec avis de réception</Text>
        <View style={styles.parties}>
          <View style={styles.party}>
            <Text style={styles.label}>Expéditeur</Text>
            <Text style={styles.strong}>{model.sender.name}</Text>
            {model.sender.addressLines.map((l, i) => (
              <Text key={i}>{l}</Text>
            ))}
            {model.sender.legalLine ? <Text style={{ color: MUTED }}>{model.sender.legalLine}</Text> : null}
          </View>
          <View style={styles.party}>
            <Text style={styles.label}>Nombre d’envois</Text>
            <Text style={[styles.strong, { fontSize: 14 }]}>{count}</Text>
            {missing ? <Text style={{ color: MUTED }}>{missing} numéro{missing > 1 ? 's' : ''} à reporter à la main</Text> : null}
          </View>
        </View>
        <HeaderRow />
        {model.lines.map((line, i) => (
          <View key={i} style={styles.row} wrap={false}>
            <Text style={styles.n}>{i + 1}</Text>
            {line.trackingNumber ? <Text style={styles.tracking}>{line.trackingNumber}</Text> : (
              <View style={styles.tracking}>
                <View style={styles.blank} />
              </View>
            )}
            <View style={styles.recipient}>
              <Text style={styles.strong}>{line.recipient}</Text>
              <Text>{line.addressLines.join(' · ')}</Text>
              <Text style={{ color: MUTED, fontSize: 7.5 }}>{line.content}</Text>
            </View>
            <Text style={styles.ar}>oui</Text>
          </View>
        ))}
        <Text style={styles.total}>
          Total : {count} lettre{count > 1 ? 's' : ''} recommandée{count > 1 ? 's' : ''} avec avis de réception
        </Text>
        <View style={styles.stamp} wrap={false}>
          <View style={styles.stampBox}>
            <Text style={styles.label}>Signature de l’expéditeur</Text>
          </View>
          <View style={[styles.stampBox, { marginRight: 0 }]}>
            <Text style={styles.label}>Cachet et visa de La Poste</Text>
          </View>
        </View>
        <View style={styles.footer} fixed>
          <Text>Bordereau de dépôt — {model.sender.name} — {formatDateFr(model.date)}</Text>
          <Text render={({ pageNumber, totalPages }) => `Page ${pageNumber} / ${totalPages}`} />
        </View>
      </Page>
    </Document>
  );
}

export async function renderBordereau(model: BordereauModel): Promise<Buffer> {
  registerPdfFonts();
  return renderToBuffer(<BordereauDocument model={model} />);
}
