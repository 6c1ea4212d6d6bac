// The déclaration de créance to the mandataire (or liquidateur) judiciaire, as an A4 portrait
// letter with the look of the collection letters (LetterPdf.tsx): the same fonts, letterhead and
// the recipient's address in the envelope window (windowBox, settings' LetterWindow). Everything
// printed comes from ClaimDeclarationModel (built by electron/core/escalation/collective.ts);
// this file only lays it out.
import { Document, Image, Page, StyleSheet, Text, View, renderToBuffer } from '@react-pdf/renderer';
import { formatDateFr, type IsoDate } from '../../../shared/domain/dates.js';
import { formatEuros, type Cents } from '../../../shared/domain/money.js';
import type { LetterWindow } from '../../../shared/settings.js';
import { PDF_FONT_FAMILY, registerPdfFonts } from './AgingReportPdf.js';
import { mmToPt, PAGE_WIDTH, windowBox, type LetterLogo } from './LetterPdf.js';
import { ACCENT, INK, MUTED, PdfTable, RULE } from './PdfTable.js';

export interface ClaimDeclarationInvoice {
  number: string;
  issueDate: IsoDate;
  dueDate: IsoDate;
  /** Échue at the judgment date (due on or before it); else à échoir. */
  due: boolean;
  principalCents: Cents;
  /** Interest or penalties counted to the judgment date (échues only). */
  interestCents: Cents;
  indemnityCents: Cents;
  totalCents: Cents;
}

export interface ClaimDeclarationModel {
  date: IsoDate;
  /** "Lyon, le 23 novembre 2026" */
  dateLine: string;
  /** For « Fait à … »; null: a blank. */
  place: string | null;
  registeredLine: string;
  creditor: { name: string; legalLine: string; addressLines: string[]; contactLine: string; representedBy: string | null; signatory: string[] };
  /** In the envelope window: the mandataire's name and address. */
  recipientLines: string[];
  /** "mandataire judiciaire" or "liquidateur judiciaire" */
  recipientRole: string;
  debtor: { name: string; legalLine: string; addressLines: string[] };
  procedure: { kindLabel: string; court: string | null; judgmentDate: IsoDate; bodaccDate: IsoDate | null };
  deadline: { date: IsoDate | null; text: string };
  invoices: ClaimDeclarationInvoice[];
  totals: {
    duePrincipalCents: Cents;
    dueInterestCents: Cents;
    dueIndemnityCents: Cents;
    dueTotalCents: Cents;
    futurePrincipalCents: Cents;
    totalCents: Cents;
  };
  pieces: string[];
  certification: string;
}


const MARGIN_X = mmToPt(20);
const MARGIN_TOP = mmToPt(15);
const MARGIN_BOTTOM = mmToPt(22);
const CONTENT_WIDTH = PAGE_WIDTH - 2 * MARGIN_X;
const FOOTER_BOTTOM = mmToPt(8);
const PAGE_NUMBER_WIDTH = 90;
const WINDOW_INSET = mmToPt(1.5);

const styles = StyleSheet.create({
  page: { fontFamily: PDF_FONT_FAMILY, fontSize: 9.5, color: INK, paddingTop: MARGIN_TOP, paddingBottom: MARGIN_BOTTOM, paddingHorizontal: MARGIN_X },
  logo: { maxWidth: mmToPt(45), maxHeight: mmToPt(18), objectFit: 'contain', marginBottom: 6, alignSelf: 'flex-start' },
  companyName: { fontSize: 13, fontWeight: 'bold', color: ACCENT, marginBottom: 1 },
  headSmall: { fontSize: 8.5, color: MUTED, lineHeight: 1.3 },
  headLine: { fontSize: 9, lineHeight: 1.3 },
  title: { fontSize: 8.5, fontWeight: 'bold', color: ACCENT, letterSpacing: 0.6, marginTop: 6 },
  window: { position: 'absolute', padding: WINDOW_INSET, justifyContent: 'center' },
  registered: { fontWeight: 'bold', textAlign: 'right', fontSize: 9.5 },
  dateLine: { textAlign: 'right', marginBottom: 12 },
  subject: { fontWeight: 'bold', marginBottom: 10 },
  paragraph: { fontSize: 9.5, lineHeight: 1.3, marginBottom: 6 },
  box: { borderWidth: 0.75, borderColor: RULE, borderRadius: 3, paddingVertical: 5, paddingHorizontal: 8, marginBottom: 8 },
  boxLabel: { fontSize: 7.5, fontWeight: 'bold', color: ACCENT, letterSpacing: 0.5, marginBottom: 2 },
  kv: { flexDirection: 'row', paddingVertical: 0.8 },
  key: { width: 150, color: MUTED, fontSize: 9 },
  value: { flexGrow: 1, flexBasis: 0, fontSize: 9 },
  deadline: { borderLeftWidth: 2.5, borderColor: ACCENT, paddingLeft: 6, marginBottom: 8, fontSize: 9, lineHeight: 1.3 },
  right: { textAlign: 'right' },
  summary: { alignSelf: 'flex-end', width: CONTENT_WIDTH * 0.62, borderWidth: 0.75, borderColor: RULE, borderRadius: 3, paddingVertical: 4, paddingHorizontal: 8, marginBottom: 10 },
  summaryRow: { flexDirection: 'row', justifyContent: 'space-between', paddingVertical: 1.2 },
  summarySub: { flexDirection: 'row', justifyContent: 'space-between', paddingVertical: 1.2, borderTopWidth: 0.5, borderColor: RULE, marginTop: 2, fontWeight: 'bold' },
  summaryTotal: { flexDirection: 'row', justifyContent: 'space-between', borderTopWidth: 0.75, borderColor: INK, marginTop: 3, paddingTop: 3, fontWeight: 'bold', color: ACCENT },
  piece: { fontSize: 9, lineHeight: 1.3, paddingLeft: 8 },
  certification: { fontWeight: 'bold', marginTop: 8, marginBottom: 6, fontSize: 10 },
  signature: { alignSelf: 'flex-end', width: CONTENT_WIDTH * 0.5, marginTop: 6, minHeight: 70 },
  footer: { position: 'absolute', bottom: FOOTER_BOTTOM, left: MARGIN_X, right: MARGIN_X, fontSize: 7.5, color: MUTED, borderTopWidth: 0.5, borderColor: RULE, paddingTop: 4, lineHeight: 1.2 },
  pageNumber: { position: 'absolute', bottom: FOOTER_BOTTOM, left: PAGE_WIDTH - MARGIN_X - PAGE_NUMBER_WIDTH, width: PAGE_NUMBER_WIDTH, textAlign: 'right', fontSize: 7.5, color: MUTED },
});

const noHyphenation = (word: string) => [word];
const money = (c: Cents) => formatEuros(c);

function logoSource(logo: LetterLogo) {
  return { data: Buffer.from(logo.base64, 'base64'), format: logo.mimeType === 'image/png' ? ('png' as const) : ('jpg' as const) };
}

function KeyValue({ k, v }: { k: string; v: string }) {
  return (
    <View style={styles.kv} wrap={false}>
      <Text style={styles.key}>{k}</Text>
      <Text style={styles.value} hyphenationCallback={noHyphenation}>
        {v}
      </Text>
    </View>
  );
}

interface Column {
  title: string;
  grow: number;
  amount: boolean;
  cell: (i: ClaimDeclarationInvoice) => string;
  total: string;
}

function InvoiceTable({ model }: { model: ClaimDeclarationModel }) {
  const t = model.totals;
  const sum = (f: (i: ClaimDeclarationInvoice) => number) => money(model.invoices.reduce((s, i) => s + f(i), 0) as Cents);
  const cols: Column[] = [
    { title: 'Facture', grow: 1.2, amount: false, cell: (i) => i.number, total: 'Total' },
    { title: 'Date', grow: 0.9, amount: false, cell: (i) => formatDateFr(i.issueDate), total: '' },
    { title: 'Échéance', grow: 0.9, amount: false, cell: (i) => formatDateFr(i.dueDate), total: '' },
    { title: 'Nature', grow: 0.8, amount: false, cell: (i) => (i.due ? 'échue' : 'à échoir'), total: '' },
    { title: 'Principal', grow: 1.1, amount: true, cell: (i) => money(i.principalCents), total: sum((i) => i.principalCents) },
    { title: 'Pénalités', grow: 1.1, amount: true, cell: (i) => money(i.interestCents), total: sum((i) => i.interestCents) },
  ];
  if (t.dueIndemnityCents > 0) cols.push({ title: 'Indemnité', grow: 0.9, amount: true, cell: (i) => money(i.indemnityCents), total: sum((i) => i.indemnityCents) });
  cols.push({ title: 'Total', grow: 1.1, amount: true, cell: (i) => money(i.totalCents), total: money(t.totalCents) });
  return (
    <PdfTable<ClaimDeclarationInvoice>
      columns={cols.map((c) => ({ title: c.title, grow: c.grow, right: c.amount, cell: c.cell }))}
      rows={model.invoices}
      total={cols.map((c) => c.total)}
      margin={{ top: 2, bottom: 8 }}
      cell={{ paddingHorizontal: 3, fontSize: 8, lineHeight: 1.2 }}
    />
  );
}

function Summary({ model }: { model: ClaimDeclarationModel }) {
  const t = model.totals;
  const judgment = formatDateFr(model.procedure.judgmentDate);
  const row = (key: string, label: string, cents: Cents) => (
    <View key={key} style={styles.summaryRow}>
      <Text>{label}</Text>
      <Text>{money(cents)}</Text>
    </View>
  );
  return (
    <View style={styles.summary} wrap={false}>
      <Text style={styles.boxLabel}>CRÉANCE ÉCHUE AU {judgment}</Text>
      {row('due-principal', 'Principal', t.duePrincipalCents)}
      {row('due-interest', `Intérêts et pénalités de retard arrêtés au ${judgment}`, t.dueInterestCents)}
      {t.dueIndemnityCents > 0 ? row('due-indemnity', 'Indemnités forfaitaires pour frais de recouvrement', t.dueIndemnityCents) : null}
      <View style={styles.summarySub}>
        <Text>Total échu</Text>
        <Text>{money(t.dueTotalCents)}</Text>
      </View>
      <Text style={[styles.boxLabel, { marginTop: 5 }]}>CRÉANCE À ÉCHOIR</Text>
      {row('future-principal', 'Principal', t.futurePrincipalCents)}
      <View style={styles.summaryTotal}>
        <Text>Montant total déclaré, à titre chirographaire</Text>
        <Text>{money(t.totalCents)}</Text>
      </View>
    </View>
  );
}

export function ClaimDeclarationPage({ model, layout, logo }: { model: ClaimDeclarationModel; layout: LetterWindow; logo?: LetterLogo | null }) {
  const box = windowBox(layout, model.recipientLines);
  const c = model.creditor;
  const beside = box.left - MARGIN_X - mmToPt(6);
  const headWidth = beside >= mmToPt(60) ? beside : CONTENT_WIDTH;
  const headHeight = Math.max(0, box.top + box.height + mmToPt(8) - MARGIN_TOP);
  const headAddress = c.addressLines.filter((l, i) => !(i === 0 && l.trim().toLowerCase() === c.name.trim().toLowerCase()));
  const p = model.procedure;
  const judgment = formatDateFr(p.judgmentDate);
  const paragraph = (text: string) => (
    <Text style={styles.paragraph} hyphenationCallback={noHyphenation}>
      {text}
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
          <Text style={styles.title}>DÉCLARATION DE CRÉANCE</Text>
        </View>
      </View>

      <View style={[styles.window, { left: box.left, top: box.top, width: box.width, height: box.height }]}>
        {model.recipientLines.map((l, i) => (
          <Text key={i} style={{ fontSize: box.fontSize, lineHeight: box.lineHeight }} hyphenationCallback={noHyphenation}>
            {l}
          </Text>
        ))}
      </View>

      <Text style={styles.registered}>{model.registeredLine}</Text>
      <Text style={styles.dateLine}>{model.dateLine}</Text>
      <Text style={styles.subject}>
        Objet : déclaration de créance — {model.debtor.name} — {p.kindLabel} (jugement du {judgment})
      </Text>

      {paragraph(`Maître,`)}
      {paragraph(
        (p.court
          ? `Par jugement du ${judgment}, le ${p.court} a ouvert une procédure de ${p.kindLabel} à l’égard de ${model.debtor.name}, `
          : `Par jugement du ${judgment}, une procédure de ${p.kindLabel} a été ouverte à l’égard de ${model.debtor.name}, `) +
          `dont vous avez été désigné ${model.recipientRole}. Conformément aux articles L622-24 et R622-24 du Code de commerce, nous vous déclarons notre créance, arrêtée à la date du jugement d’ouverture, dans les termes suivants.`,
      )}

      <View style={styles.box} wrap={false}>
        <Text style={styles.boxLabel}>CRÉANCIER</Text>
        <KeyValue k="Dénomination" v={c.name} />
        {c.legalLine ? <KeyValue k="Forme, immatriculation" v={c.legalLine} /> : null}
        <KeyValue k="Siège" v={c.addressLines.filter((l, i) => !(i === 0 && l.trim().toLowerCase() === c.name.trim().toLowerCase())).join(', ')} />
        {c.representedBy ? <KeyValue k="Représenté par" v={c.representedBy} /> : null}
        <Text style={[styles.boxLabel, { marginTop: 5 }]}>DÉBITEUR ET PROCÉDURE</Text>
        <KeyValue k="Débiteur" v={model.debtor.name} />
        {model.debtor.legalLine ? <KeyValue k="Forme, immatriculation" v={model.debtor.legalLine} /> : null}
        {model.debtor.addressLines.length ? <KeyValue k="Adresse" v={model.debtor.addressLines.join(', ')} /> : null}
        <KeyValue k="Procédure" v={p.kindLabel.charAt(0).toUpperCase() + p.kindLabel.slice(1)} />
        <KeyValue k="Tribunal" v={p.court ?? 'non précisé'} />
        <KeyValue k="Jugement d’ouverture" v={judgment} />
        <KeyValue k="Publication au BODACC" v={p.bodaccDate ? formatDateFr(p.bodaccDate) : 'non encore relevée'} />
      </View>

      <View style={styles.deadline} wrap={false}>
        <Text hyphenationCallback={noHyphenation}>Délai de déclaration : {model.deadline.text}.</Text>
      </View>

      {paragraph('Détail de la créance, facture par facture (principal restant dû ; intérêts et pénalités de retard comptés jusqu’à la date du jugement d’ouverture) :')}
      <InvoiceTable model={model} />
      <Summary model={model} />

      {paragraph(
        'Cette créance est déclarée à titre chirographaire : elle n’est assortie d’aucune sûreté ni d’aucun privilège. Les intérêts et pénalités de retard y sont comptés jusqu’à la date du jugement d’ouverture.',
      )}

      <View wrap={false}>
        <Text style={[styles.paragraph, { fontWeight: 'bold', marginBottom: 2 }]}>Pièces jointes :</Text>
        {model.pieces.map((piece, i) => (
          <Text key={i} style={styles.piece}>
            {`${i + 1}. ${piece}`}
          </Text>
        ))}
      </View>

      <View wrap={false}>
        <Text style={styles.certification}>{model.certification}</Text>
        {paragraph(`Nous vous prions d’agréer, Maître, l’expression de nos salutations distinguées.`)}
        <Text style={styles.paragraph}>
          Fait à {model.place ?? '………………………'}, le {formatDateFr(model.date)}
        </Text>
        <View style={styles.signature}>
          <Text style={{ color: MUTED, fontSize: 8.5, marginBottom: 2 }}>Signature du créancier ou de son représentant</Text>
          {c.signatory.map((l, i) => (
            <Text key={i} style={i === 0 ? { fontWeight: 'bold' } : { color: MUTED }}>
              {l}
            </Text>
          ))}
        </View>
      </View>

      <View style={styles.footer} fixed>
        <Text style={{ paddingRight: PAGE_NUMBER_WIDTH + 8 }}>
          Déclaration de créance — {model.debtor.name} — {p.kindLabel}, jugement du {judgment}
        </Text>
      </View>
      <Text style={styles.pageNumber} fixed render={({ subPageNumber, subPageTotalPages }) => `Page ${subPageNumber} / ${subPageTotalPages}`} />
    </Page>
  );
}

export async function renderClaimDeclaration(model: ClaimDeclarationModel, layout: LetterWindow, logo?: LetterLogo | null): Promise<Buffer> {
  registerPdfFonts();
  return renderToBuffer(
    <Document title={`Déclaration de créance — ${model.debtor.name}`} author={model.creditor.name} creator="Recouvra" producer="Recouvra" language="fr-FR">
      <ClaimDeclarationPage model={model} layout={layout} logo={logo ?? null} />
    </Document>,
  );
}
