// The requête en injonction de payer on plain paper, in the order of the Cerfa (12946 before the
// président of a commercial court, 12948 before the tribunal judiciaire): the court; the
// applicant (art. 54 and 57 CPC: a legal person by its form, name, registered office and
// representative; a natural person by names, profession, domicile, nationality, date and place of
// birth); the agent; the debtor; the request under art. 1408 CPC; the sums claimed with their
// basis and pièces (art. 1407); the basis of the claim; the bordereau; place, date, signature.
// A missing identity field prints « À compléter : … » (the model lists it in `missing`).
import { Text, View } from '@react-pdf/renderer';
import { formatDateFr, formatDateLongFr } from '../../../../shared/domain/dates.js';
import type { DossierField, DossierModel, DossierParty } from '../../dossier/model.js';
import { listFr, piecesRef } from '../../dossier/model.js';
import { ACCENT, DossierDocument, MUTED, RULE, SectionPage, TINT, money, noHyphenation, plural, renderPart, styles } from './common.js';

export const REQUETE_TITLE = 'Requête en injonction de payer';

function FieldLine({ f }: { f: DossierField }) {
  if (f.value === null) {
    return (
      <View style={styles.fieldRow} wrap={false}>
        <Text style={styles.missing}>{`À compléter : ${f.label.charAt(0).toLowerCase()}${f.label.slice(1)} ______________________________`}</Text>
      </View>
    );
  }
  return (
    <View style={styles.fieldRow} wrap={false}>
      <Text style={styles.fieldLabel}>{f.label}</Text>
      <Text style={styles.fieldValue} hyphenationCallback={noHyphenation}>
        {f.value}
      </Text>
    </View>
  );
}

function Party({ heading, party }: { heading: string; party: DossierParty }) {
  return (
    <View wrap={false}>
      <Text style={styles.heading}>{`${heading} — ${party.kind === 'legal' ? 'personne morale' : 'personne physique'}`}</Text>
      {party.fields.map((f) => (
        <FieldLine key={f.key} f={f} />
      ))}
    </View>
  );
}

function Paragraph({ children }: { children: string }) {
  return (
    <Text style={styles.paragraph} hyphenationCallback={noHyphenation}>
      {children}
    </Text>
  );
}

interface SumRow {
  nature: string;
  basis: string[];
  amount: string;
}

function SumsTable({ rows, total }: { rows: SumRow[]; total: string }) {
  return (
    <View style={styles.table}>
      <View style={styles.headRow} wrap={false}>
        <Text style={[styles.cell, { width: 120, paddingVertical: 3.5 }]}>Nature</Text>
        <Text style={[styles.cell, { flexGrow: 1, flexBasis: 0, paddingVertical: 3.5 }]}>Fondement et pièces justificatives</Text>
        <Text style={[styles.cell, styles.right, { width: 78, paddingVertical: 3.5 }]}>Montant</Text>
      </View>
      {rows.map((r, n) => (
        // A long row (many invoices) may run over a page; a short one stays whole.
        <View key={r.nature} style={n % 2 === 1 ? [styles.row, styles.stripe] : styles.row} wrap={r.basis.length > 10}>
          <Text style={[styles.cell, styles.strong, { width: 120 }]} hyphenationCallback={noHyphenation}>
            {r.nature}
          </Text>
          <View style={[styles.cell, { flexGrow: 1, flexBasis: 0 }]}>
            {r.basis.map((b, i) => (
              <Text key={i} style={i === 0 ? {} : { color: MUTED, fontSize: 8, marginTop: 1 }} hyphenationCallback={noHyphenation}>
                {b}
              </Text>
            ))}
          </View>
          <Text style={[styles.cell, styles.right, { width: 78 }]}>{r.amount}</Text>
        </View>
      ))}
      <View style={styles.totalRow} wrap={false}>
        <Text style={[styles.cell, { flexGrow: 1 }]}>Total de la somme réclamée</Text>
        <Text style={[styles.cell, styles.right, { width: 78 }]}>{total}</Text>
      </View>
    </View>
  );
}

export function RequetePages({ model }: { model: DossierModel }) {
  const business = model.debtor.clientKind === 'business';
  const c = model.claim;
  const invoiceRef = piecesRef(model.invoices.map((i) => i.pieceNumber));
  const rows: SumRow[] = [
    {
      nature: 'Principal',
      basis: [
        `Factures impayées n° ${listFr(model.invoices.map((i) => i.number))} (${invoiceRef}), déduction faite des paiements et avoirs`,
        ...model.invoices.map((i) => `Facture ${i.number} du ${formatDateFr(i.issueDate)}, échue le ${formatDateFr(i.dueDate)} : ${money(i.amountCents)}${i.reducedCents > 0 ? ` − ${money(i.reducedCents)} réglés` : ''} = ${money(i.remainingCents)}`),
      ],
      amount: money(c.principalCents),
    },
    {
      nature: business ? 'Intérêts (pénalités de retard)' : 'Intérêts',
      basis: [`${c.interestTitle}, arrêtés au ${formatDateFr(model.asOf)}, sans préjudice des intérêts à échoir jusqu’au paiement`, ...c.interestLines],
      amount: money(c.interestCents),
    },
    business
      ? {
          nature: 'Indemnités forfaitaires',
          basis: [`Indemnité forfaitaire pour frais de recouvrement : ${plural(c.indemnityCount, 'facture')} payée${c.indemnityCount > 1 ? 's' : ''} en retard × 40,00 € (art. L441-10 II et D441-5 du Code de commerce)`],
          amount: money(c.indemnityCents),
        }
      : { nature: 'Indemnités forfaitaires', basis: ['Néant (débiteur non professionnel)'], amount: money(0) },
    { nature: 'Clause pénale', basis: ['Néant'], amount: money(c.penaltyClauseCents) },
    {
      nature: 'Frais accessoires',
      basis: c.costs.length ? c.costs.map((k) => `${k.label} du ${formatDateFr(k.date)} : ${money(k.amountCents)}`) : ['Néant'],
      amount: money(c.costsCents),
    },
  ];
  const signatory = model.signatory;
  return (
    <SectionPage model={model} section="Requête" title={REQUETE_TITLE} subtitle="(articles 1405 et suivants du Code de procédure civile)">
      <View style={{ flexDirection: 'row', justifyContent: 'space-between', alignItems: 'flex-start', marginBottom: 8 }}>
        <Text style={[styles.small, { maxWidth: 280 }]}>{`Établie sur papier libre, dans l’ordre du formulaire Cerfa n° ${model.cerfa}`}</Text>
        <View style={{ width: 170, borderWidth: 0.75, borderColor: RULE, borderRadius: 3, padding: 5 }}>
          <Text style={[styles.small, { marginBottom: 3 }]}>Cadre réservé au greffe</Text>
          <Text style={{ fontSize: 8 }}>N° du tribunal : ____________</Text>
          <Text style={{ fontSize: 8, marginTop: 3 }}>N° du greffe : ______________</Text>
        </View>
      </View>
      <View style={{ backgroundColor: TINT, padding: 6, marginBottom: 2 }}>
        <Text style={[styles.strong, { fontSize: 11, color: ACCENT }]}>{model.court.addressee}</Text>
      </View>

      <Party heading="1. Le demandeur" party={model.creditor} />

      <View wrap={false}>
        <Text style={styles.heading}>2. Mandataire</Text>
        <Paragraph>{`Néant : le demandeur présente lui-même la requête${model.creditor.kind === 'legal' ? ', par son représentant légal' : ''}.`}</Paragraph>
      </View>

      <Party heading="3. Le débiteur" party={model.debtor} />

      <View wrap={false}>
        <Text style={styles.heading}>4. Demande de renvoi en cas d’opposition (article 1408 du Code de procédure civile)</Text>
        <Paragraph>
          {model.request1408
            ? `En cas d’opposition, le demandeur demande le renvoi immédiat de l’affaire devant le ${model.request1408.court}, juridiction compétente pour en connaître.`
            : 'Néant.'}
        </Paragraph>
      </View>

      <View minPresenceAhead={120}>
        <Text style={styles.heading}>5. Sommes demandées</Text>
      </View>
      <SumsTable rows={rows} total={money(c.totalCents)} />
      <Paragraph>
        {`Le demandeur sollicite qu’il soit enjoint au débiteur de lui payer la somme de ${money(c.totalCents)}, arrêtée au ${formatDateFr(model.asOf)} selon le décompte joint, ` +
          `avec les intérêts à échoir jusqu’à parfait paiement, outre les dépens.`}
      </Paragraph>

      <View wrap={false}>
        <Text style={styles.heading}>6. Fondement de la créance</Text>
        {model.basis.map((b, i) => (
          <View key={i} style={{ flexDirection: 'row', marginBottom: 2 }}>
            <Text style={{ width: 10 }}>–</Text>
            <Text style={{ flexGrow: 1, flexBasis: 0 }} hyphenationCallback={noHyphenation}>
              {b}
            </Text>
          </View>
        ))}
      </View>

      <View minPresenceAhead={60}>
        <Text style={styles.heading}>7. Bordereau des pièces communiquées</Text>
      </View>
      {model.pieces.map((p) => (
        <View key={p.number} style={{ flexDirection: 'row', marginBottom: 1.5 }} wrap={false}>
          <Text style={{ width: 62, fontWeight: 'bold' }}>{`Pièce n° ${p.number}`}</Text>
          <Text style={{ flexGrow: 1, flexBasis: 0 }} hyphenationCallback={noHyphenation}>
            {`${p.title}${p.note ? ` — ${p.note}` : ''}`}
          </Text>
        </View>
      ))}

      <View wrap={false} style={{ marginTop: 14 }}>
        <Text>{`Fait à ${model.place ?? '____________________'}, le ${formatDateLongFr(model.asOf)}`}</Text>
        <View style={{ flexDirection: 'row', justifyContent: 'flex-end', marginTop: 8 }}>
          <View style={{ width: 230, minHeight: 80, borderWidth: 0.75, borderColor: RULE, borderRadius: 3, padding: 6 }}>
            <Text style={[styles.small, { marginBottom: 2 }]}>Signature</Text>
            <Text style={styles.strong}>{model.creditor.name}</Text>
            {signatory && model.creditor.kind === 'legal' ? <Text>{`par ${signatory}`}</Text> : null}
            {!signatory ? <Text style={styles.missing}>À compléter : signataire</Text> : null}
          </View>
        </View>
      </View>
    </SectionPage>
  );
}

export async function renderRequete(model: DossierModel): Promise<Buffer> {
  return renderPart(
    <DossierDocument model={model} title={REQUETE_TITLE}>
      <RequetePages model={model} />
    </DossierDocument>,
  );
}
