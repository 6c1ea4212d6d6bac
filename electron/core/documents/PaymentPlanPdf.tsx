// The "reconnaissance de dette et échéancier de paiement" (A4 portrait, @react-pdf/renderer): the
// two parties, the debt acknowledged (invoices, penalties when included, the amount in words), the
// schedule, how to pay, the acceleration clause (déchéance du terme), and the two signature blocks
// — the debtor's preceded by the handwritten mention that C. civ. art. 1376 requires (the sum in
// words and in figures). Everything printed comes from PaymentPlanPdfModel (built by
// electron/core/payment-plans.ts); this file only lays it out.
import type { ComponentProps, ReactNode } from 'react';
import { Document, Page, StyleSheet, Text, View, renderToBuffer } from '@react-pdf/renderer';
import type { ClientKind } from '../../../shared/domain/client.js';
import { formatDateFr, type IsoDate } from '../../../shared/domain/dates.js';
import { formatEuros, type Cents } from '../../../shared/domain/money.js';
import type { Instalment } from '../../../shared/domain/payment-plan.js';
import { ACCENT, INK, MUTED, PdfTable, RULE, STRIPE } from './PdfTable.js';
import { PDF_FONT_FAMILY, registerPdfFonts } from './AgingReportPdf.js';

export interface PaymentPlanPdfModel {
  planId: number;
  /** To quote with each payment. */
  reference: string;
  /** The day the document is printed. */
  date: IsoDate;
  creditor: { name: string; legalLine: string; addressLines: string[]; contactLine: string; representedBy: string | null };
  debtor: { name: string; kind: ClientKind; legalLine: string; addressLines: string[] };
  /** The plan's start: the debt is the one of that day. */
  startDate: IsoDate;
  invoices: { number: string; issueDate: IsoDate; dueDate: IsoDate; remainingCents: Cents }[];
  principalCents: Cents;
  penaltiesCents: Cents;
  totalCents: Cents;
  includesPenalties: boolean;
  /** totalCents in French words ("mille deux cent cinquante euros et cinquante centimes"). */
  totalInWords: string;
  instalments: Instalment[];
  /** An instalment unpaid this many days after its date makes the whole balance due. */
  graceDays: number;
  payment: { iban: string | null; bic: string | null; payee: string };
  /** For « Fait à … » (the creditor's town); null: a blank to fill in. */
  city: string | null;
}


const mm = (v: number) => (v * 72) / 25.4;
const PAGE_WIDTH = 595.28;
const MARGIN_X = mm(18);
const CONTENT_WIDTH = PAGE_WIDTH - 2 * MARGIN_X;
const FOOTER_BOTTOM = mm(8);
const PAGE_NUMBER_WIDTH = 70;

const styles = StyleSheet.create({
  page: { fontFamily: PDF_FONT_FAMILY, fontSize: 9.5, color: INK, paddingTop: mm(12), paddingBottom: mm(18), paddingHorizontal: MARGIN_X },
  head: { flexDirection: 'row', justifyContent: 'space-between', alignItems: 'center', marginBottom: 8, paddingBottom: 6, borderBottomWidth: 1.5, borderColor: ACCENT },
  small: { fontSize: 8, color: MUTED },
  refBox: { width: 130, borderWidth: 0.75, borderColor: RULE, borderRadius: 3, paddingVertical: 4, paddingHorizontal: 6 },
  refRow: { flexDirection: 'row', justifyContent: 'space-between', fontSize: 8 },
  title: { fontSize: 14, fontWeight: 'bold', color: ACCENT },
  subtitle: { fontSize: 8.5, color: MUTED, marginTop: 3 },
  between: { fontSize: 9, fontWeight: 'bold', marginBottom: 4 },
  parties: { flexDirection: 'row', marginBottom: 8 },
  party: { flexGrow: 1, flexBasis: 0, borderWidth: 0.75, borderColor: RULE, borderRadius: 3, padding: 6 },
  partyLabel: { fontSize: 7.5, fontWeight: 'bold', color: ACCENT, letterSpacing: 0.5, marginBottom: 2 },
  strong: { fontWeight: 'bold' },
  line: { fontSize: 8.5 },
  article: { fontSize: 9.5, fontWeight: 'bold', color: ACCENT, marginTop: 6, marginBottom: 2 },
  paragraph: { fontSize: 9, lineHeight: 1.3, marginBottom: 3, textAlign: 'justify' },
  table: { marginTop: 2, marginBottom: 4 },
  headRow: { flexDirection: 'row', backgroundColor: ACCENT, color: '#ffffff', fontWeight: 'bold' },
  row: { flexDirection: 'row', borderBottomWidth: 0.5, borderColor: RULE },
  stripe: { backgroundColor: STRIPE },
  totalRow: { flexDirection: 'row', borderTopWidth: 1, borderColor: INK, fontWeight: 'bold', backgroundColor: '#e4e7eb' },
  subRow: { flexDirection: 'row' },
  cell: { paddingVertical: 2.5, paddingHorizontal: 4, fontSize: 8.5 },
  right: { textAlign: 'right' },
  madeAt: { fontSize: 9, marginTop: 8, marginBottom: 6 },
  signatures: { flexDirection: 'row' },
  signature: { flexGrow: 1, flexBasis: 0, borderWidth: 0.75, borderColor: RULE, borderRadius: 3, padding: 6, minHeight: 100 },
  mention: { fontSize: 8, color: MUTED, marginTop: 3, lineHeight: 1.3 },
  footer: { position: 'absolute', bottom: FOOTER_BOTTOM, left: MARGIN_X, right: MARGIN_X, fontSize: 7.5, color: MUTED, borderTopWidth: 0.5, borderColor: RULE, paddingTop: 4 },
  pageNumber: { position: 'absolute', bottom: FOOTER_BOTTOM, left: PAGE_WIDTH - MARGIN_X - PAGE_NUMBER_WIDTH, width: PAGE_NUMBER_WIDTH, textAlign: 'right', fontSize: 7.5, color: MUTED },
});

const money = (c: number) => formatEuros(c as Cents);
const noHyphenation = (word: string) => [word];
/** "de Dupont", "d’Atelier Martin" (elided before a vowel). */
const ofName = (name: string) => (/^[aeiouyàâäéèêëîïôöûüœ]/i.test(name) ? `d’${name}` : `de ${name}`);
const plural = (n: number, word: string) => `${n} ${word}${n > 1 ? 's' : ''}`;

function Party({ label, name, lines, legal, represented }: { label: string; name: string; lines: string[]; legal: string; represented: string | null }) {
  return (
    <View style={styles.party}>
      <Text style={styles.partyLabel}>{label}</Text>
      <Text style={styles.strong}>{name}</Text>
      {legal ? <Text style={styles.small}>{legal}</Text> : null}
      {lines.map((l, i) => (
        <Text key={i} style={styles.line}>
          {l}
        </Text>
      ))}
      {represented !== null ? <Text style={[styles.line, { marginTop: 3 }]}>{`Représenté par : ${represented}`}</Text> : null}
    </View>
  );
}

/** The instalments: one column of lines for a short plan, two side by side (1 2 / 3 4 …) from 4 on. */
function ScheduleTable({ instalments, total }: { instalments: Instalment[]; total: string }) {
  const perRow = instalments.length >= 4 ? 2 : 1;
  const rows: (Instalment | null)[][] = [];
  for (let i = 0; i < instalments.length; i += perRow) rows.push(Array.from({ length: perRow }, (_, k) => instalments[i + k] ?? null));
  const GAP = 14;
  const width = perRow === 2 ? CONTENT_WIDTH : CONTENT_WIDTH * 0.55;
  const cells = (i: Instalment | null) => [
    <Text key="n" style={[styles.cell, { width: 30 }]}>
      {i ? String(i.position) : ''}
    </Text>,
    <Text key="d" style={[styles.cell, { flexGrow: 1, flexBasis: 0 }]}>
      {i ? formatDateFr(i.dueDate) : ''}
    </Text>,
    <Text key="a" style={[styles.cell, styles.right, { flexGrow: 1, flexBasis: 0 }]}>
      {i ? money(i.amountCents) : ''}
    </Text>,
  ];
  const line = (content: (k: number) => ReactNode, style: ComponentProps<typeof View>['style'], key?: number) => (
    <View key={key} style={[{ flexDirection: 'row' }, ...(Array.isArray(style) ? style : [style])]} wrap={false}>
      {Array.from({ length: perRow }, (_, k) => (
        <View key={k} style={[{ flexDirection: 'row', flexGrow: 1, flexBasis: 0 }, k > 0 ? { marginLeft: GAP / 2, paddingLeft: GAP / 2, borderLeftWidth: 0.75, borderLeftColor: RULE } : {}]}>
          {content(k)}
        </View>
      ))}
    </View>
  );
  return (
    <View style={[styles.table, { width }]}>
      <View fixed>
        {line(
          () => [
            <Text key="n" style={[styles.cell, { width: 30, paddingVertical: 3.5 }]}>N°</Text>,
            <Text key="d" style={[styles.cell, { flexGrow: 1, flexBasis: 0, paddingVertical: 3.5 }]}>Date d’échéance</Text>,
            <Text key="a" style={[styles.cell, styles.right, { flexGrow: 1, flexBasis: 0, paddingVertical: 3.5 }]}>Montant</Text>,
          ],
          { backgroundColor: ACCENT, color: '#ffffff', fontWeight: 'bold' },
        )}
      </View>
      {rows.map((pair, n) => line((k) => cells(pair[k] ?? null), n % 2 === 1 ? [styles.row, styles.stripe] : styles.row, n))}
      <View style={styles.totalRow} wrap={false}>
        <Text style={[styles.cell, { flexGrow: 1 }]}>{`Total (${plural(instalments.length, 'échéance')})`}</Text>
        <Text style={[styles.cell, styles.right]}>{total}</Text>
      </View>
    </View>
  );
}

export function PaymentPlanDocument({ model }: { model: PaymentPlanPdfModel }) {
  const business = model.debtor.kind === 'business';
  const count = model.instalments.length;
  const withPenalties = model.includesPenalties && model.penaltiesCents > 0;
  const start = formatDateFr(model.startDate);
  const figures = money(model.totalCents);
  const grace = model.graceDays === 0 ? 'à sa date' : `dans les ${plural(model.graceDays, 'jour')} qui suivent sa date`;
  const paymentMeans = model.payment.iban
    ? `Par virement (IBAN ${model.payment.iban}${model.payment.bic ? `, BIC ${model.payment.bic}` : ''}) en indiquant la référence ${model.reference}, ou par chèque à l’ordre ${ofName(model.payment.payee)} portant cette référence.`
    : `Par chèque à l’ordre ${ofName(model.payment.payee)}, ou par virement sur le compte que le créancier indiquera, en rappelant la référence ${model.reference}.`;
  const penaltiesClause = model.includesPenalties
    ? business
      ? 'Toute échéance impayée à sa date porte de plein droit des pénalités de retard au taux prévu par les conditions de paiement du créancier (article L441-10 du Code de commerce), jusqu’à son paiement.'
      : 'Toute échéance impayée à sa date porte intérêt au taux légal à compter de la mise en demeure de la payer (article 1344-1 du Code civil).'
    : business
      ? 'La somme ci-dessus ne comprend pas les pénalités de retard ni les indemnités forfaitaires pour frais de recouvrement : elles continuent de courir sur toute échéance impayée à sa date, et le créancier se réserve le droit de les réclamer.'
      : 'La somme ci-dessus ne comprend pas les intérêts de retard : ils courent sur toute échéance impayée à sa date dans les conditions de l’article 1344-1 du Code civil, et le créancier se réserve le droit de les réclamer.';
  const paragraph = (text: string) => (
    <Text style={styles.paragraph} hyphenationCallback={noHyphenation}>
      {text}
    </Text>
  );
  return (
    <Document
      title={`Reconnaissance de dette et échéancier n° ${model.planId} — ${model.debtor.name}`}
      author={model.creditor.name}
      creator="Recouvra"
      producer="Recouvra"
      language="fr-FR"
    >
      <Page size="A4" style={styles.page}>
        <View style={styles.head}>
          <View>
            <Text style={styles.title}>Reconnaissance de dette et échéancier de paiement</Text>
            <Text style={styles.subtitle}>Articles 1376 et 2240 du Code civil</Text>
          </View>
          <View style={styles.refBox}>
            <View style={styles.refRow}>
              <Text style={{ color: MUTED }}>Échéancier n°</Text>
              <Text style={styles.strong}>{model.planId}</Text>
            </View>
            <View style={styles.refRow}>
              <Text style={{ color: MUTED }}>Référence</Text>
              <Text style={styles.strong}>{model.reference}</Text>
            </View>
            <View style={styles.refRow}>
              <Text style={{ color: MUTED }}>Établi le</Text>
              <Text>{formatDateFr(model.date)}</Text>
            </View>
          </View>
        </View>

        <Text style={styles.between}>Entre les soussignés :</Text>
        <View style={styles.parties}>
          <Party label="LE CRÉANCIER" name={model.creditor.name} legal={model.creditor.legalLine} lines={model.creditor.addressLines} represented={model.creditor.representedBy} />
          <View style={{ width: 10 }} />
          <Party label="LE DÉBITEUR" name={model.debtor.name} legal={model.debtor.legalLine} lines={model.debtor.addressLines} represented={business ? '______________________________' : null} />
        </View>

        <View wrap={false} minPresenceAhead={50}>
          <Text style={styles.article}>Article 1 — Reconnaissance de dette</Text>
          {paragraph(
            `Le débiteur reconnaît devoir au créancier la somme de ${model.totalInWords} (${figures}), ` +
              (withPenalties
                ? `soit ${money(model.principalCents)} au titre des factures ci-dessous, restant dues au ${start}, et ${money(model.penaltiesCents)} de ${business ? 'pénalités de retard et d’indemnités forfaitaires pour frais de recouvrement arrêtées' : 'intérêts de retard arrêtés'} à cette date.`
                : `au titre des factures ci-dessous, restant dues au ${start}.`),
          )}
        </View>
        <PdfTable
          margin={{ top: 2, bottom: 4 }}
          columns={[
            { title: 'Facture', grow: 1.4, cell: (i: PaymentPlanPdfModel['invoices'][number]) => i.number },
            { title: 'Date', grow: 1, cell: (i) => formatDateFr(i.issueDate) },
            { title: 'Échéance', grow: 1, cell: (i) => formatDateFr(i.dueDate) },
            { title: 'Reste dû', grow: 1.2, right: true, cell: (i) => money(i.remainingCents) },
          ]}
          rows={model.invoices}
          total={[`Total (${plural(model.invoices.length, 'facture')})`, '', '', money(model.principalCents)]}
          summary={
            withPenalties
              ? [
                  [`${business ? 'Pénalités de retard et indemnités forfaitaires' : 'Intérêts de retard'} au ${start}`, money(model.penaltiesCents)],
                  ['Somme reconnue', figures],
                ]
              : undefined
          }
        />

        <View wrap={false} minPresenceAhead={50}>
          <Text style={styles.article}>Article 2 — Échéancier</Text>
          {paragraph(
            `Le créancier accorde au débiteur, qui l’accepte, de s’acquitter de cette somme en ${count === 1 ? 'un versement unique' : `${count} versements`}, aux dates et pour les montants suivants :`,
          )}
        </View>
        <ScheduleTable instalments={model.instalments} total={figures} />

        <View wrap={false}>
          <Text style={styles.article}>Article 3 — Modalités de paiement</Text>
          {paragraph(`${paymentMeans} Les paiements s’imputent sur les échéances dans l’ordre de leurs dates ; le débiteur peut à tout moment payer par anticipation tout ou partie du solde.`)}
        </View>

        <View wrap={false}>
          <Text style={styles.article}>Article 4 — Défaut de paiement</Text>
          {paragraph(
            `À défaut de paiement intégral d’une seule échéance ${grace}, la totalité du solde restant dû deviendra immédiatement exigible, ` +
              'de plein droit, sans autre formalité ni mise en demeure préalable, et le créancier reprendra le recouvrement de sa créance, y compris par voie judiciaire.',
          )}
          {paragraph(penaltiesClause)}
        </View>

        {/* The last article stays with the signatures: a signature page never stands alone. */}
        <View wrap={false}>
          <Text style={styles.article}>Article 5 — Effets</Text>
          {paragraph(
            'La présente reconnaissance de dette interrompt la prescription de la créance (article 2240 du Code civil). ' +
              'Tant que les échéances sont payées dans ces conditions, le créancier suspend toute autre démarche de recouvrement.',
          )}
          <Text style={styles.madeAt}>{`Fait à ${model.city ?? '____________________'}, le ____________________, en deux exemplaires originaux.`}</Text>
          <View style={styles.signatures}>
            <View style={styles.signature}>
              <Text style={styles.partyLabel}>LE DÉBITEUR</Text>
              <Text style={styles.strong}>{model.debtor.name}</Text>
              <Text style={styles.mention} hyphenationCallback={noHyphenation}>
                {`Date et signature, précédées de la mention manuscrite : «\u00a0Bon pour reconnaissance de dette de ${model.totalInWords} (${figures})\u00a0»`}
              </Text>
            </View>
            <View style={{ width: 10 }} />
            <View style={styles.signature}>
              <Text style={styles.partyLabel}>LE CRÉANCIER</Text>
              <Text style={styles.strong}>{model.creditor.name}</Text>
              {model.creditor.representedBy ? <Text style={styles.line}>{model.creditor.representedBy}</Text> : null}
              <Text style={styles.mention}>Date et signature</Text>
            </View>
          </View>
        </View>

        {/* Two fixed pieces, not one row: a render-prop Text inside a row is dropped by this react-pdf (see LetterPdf.tsx). */}
        <View style={styles.footer} fixed>
          <Text style={{ paddingRight: PAGE_NUMBER_WIDTH + 8 }}>
            {`Reconnaissance de dette et échéancier n° ${model.planId} — ${model.creditor.name} / ${model.debtor.name} — Paraphes : ________`}
          </Text>
        </View>
        <Text style={styles.pageNumber} fixed render={({ pageNumber, totalPages }) => `Page ${pageNumber} / ${totalPages}`} />
      </Page>
    </Document>
  );
}

export async function renderPaymentPlan(model: PaymentPlanPdfModel): Promise<Buffer> {
  registerPdfFonts();
  return renderToBuffer(<PaymentPlanDocument model={model} />);
}
