// The décompte de la créance at the filing date (art. 1407 CPC: "le décompte des différents
// éléments de la créance"), invoice by invoice from the penalty engine: the amount, the payments
// and credit notes deducted, what remains, each interest period (dates, days, base, rate,
// amount), the recovery indemnity; then the totals, the recoverable costs and the rule applied.
import { Text, View } from '@react-pdf/renderer';
import { formatDateFr, formatDateLongFr } from '../../../../shared/domain/dates.js';
import { DAY_COUNT_RULE_FR, type PenaltyPeriod } from '../../../../shared/domain/penalties.js';
import { listFr, type DossierInvoice, type DossierModel } from '../../dossier/model.js';
import { ACCENT, DossierDocument, MUTED, SectionPage, TINT, Table, money, noHyphenation, parties, renderPart, styles } from './common.js';

export const DECOMPTE_TITLE = 'Décompte de la créance';

function Line({ label, value, strong, muted }: { label: string; value: string; strong?: boolean; muted?: boolean }) {
  return (
    <View style={[{ flexDirection: 'row', paddingVertical: 1.5, paddingHorizontal: 4 }, strong ? { fontWeight: 'bold' } : {}, muted ? { color: MUTED } : {}]} wrap={false}>
      <Text style={{ flexGrow: 1, flexBasis: 0 }} hyphenationCallback={noHyphenation}>
        {label}
      </Text>
      <Text style={[styles.right, { width: 90 }]}>{value}</Text>
    </View>
  );
}

function InvoiceBlock({ invoice, business }: { invoice: DossierInvoice; business: boolean }) {
  const interestLabel = business ? 'Pénalités de retard' : 'Intérêts au taux légal';
  return (
    <View style={{ marginBottom: 10 }}>
      <View style={{ backgroundColor: TINT, paddingVertical: 3, paddingHorizontal: 4, marginBottom: 2 }} wrap={false} minPresenceAhead={60}>
        <Text style={[styles.strong, { color: ACCENT }]}>{`Facture ${invoice.number} du ${formatDateFr(invoice.issueDate)} — échéance le ${formatDateFr(invoice.dueDate)} — pièce n° ${invoice.pieceNumber}`}</Text>
      </View>
      <Line label="Montant de la facture (TTC)" value={money(invoice.amountCents)} />
      {invoice.reductions.map((r, i) => (
        <Line key={i} label={`${r.label} du ${formatDateFr(r.date)}`} value={`− ${money(r.amountCents)}`} muted />
      ))}
      <Line label="Principal restant dû" value={money(invoice.remainingCents)} strong />
      {invoice.interest.periods.length > 0 ? (
        <View style={{ marginTop: 3 }}>
          <Table<PenaltyPeriod>
            columns={[
              { title: 'Du', grow: 0, width: 58, cell: (p) => formatDateFr(p.from) },
              { title: 'Au', grow: 0, width: 58, cell: (p) => formatDateFr(p.to) },
              { title: 'Jours', grow: 0, width: 36, right: true, cell: (p) => String(p.days) },
              { title: 'Base', grow: 0, width: 72, right: true, cell: (p) => money(p.baseCents) },
              { title: 'Taux', grow: 1, cell: (p) => p.rateLabel },
              { title: 'Montant', grow: 0, width: 66, right: true, cell: (p) => money(p.amountCents) },
            ]}
            rows={invoice.interest.periods}
          />
        </View>
      ) : (
        <Line label={business ? 'Aucune période de pénalités à cette date' : 'Aucun intérêt : pas de mise en demeure reçue à cette date'} value="" muted />
      )}
      <Line label={interestLabel} value={money(invoice.interest.amountCents)} />
      {business ? <Line label="Indemnité forfaitaire pour frais de recouvrement (art. D441-5 C. com.)" value={money(invoice.indemnityCents)} /> : null}
      <Line label={`Total dû au titre de la facture ${invoice.number}`} value={money(invoice.totalCents)} strong />
    </View>
  );
}

export function DecomptePages({ model }: { model: DossierModel }) {
  const business = model.debtor.clientKind === 'business';
  const c = model.claim;
  // One line per observation, naming every invoice it concerns (an unconfirmed rate concerns them all).
  const observations = [...model.invoices.reduce((m, i) => {
    for (const w of i.warnings) m.set(w, [...(m.get(w) ?? []), i.number]);
    return m;
  }, new Map<string, string[]>())];
  return (
    <SectionPage model={model} section="Décompte" title={DECOMPTE_TITLE} subtitle={`arrêté au ${formatDateLongFr(model.asOf)} — ${parties(model)}`}>
      {model.invoices.map((i) => (
        <InvoiceBlock key={i.id} invoice={i} business={business} />
      ))}
      <View wrap={false} style={{ marginTop: 4 }}>
        <Text style={styles.heading}>Récapitulatif</Text>
        <Line label="Principal restant dû" value={money(c.principalCents)} />
        <Line label={business ? 'Pénalités de retard' : 'Intérêts au taux légal'} value={money(c.interestCents)} />
        {business ? <Line label={`Indemnités forfaitaires (${c.indemnityCount} × 40,00 €)`} value={money(c.indemnityCents)} /> : null}
        <Line label="Clause pénale" value={money(c.penaltyClauseCents)} />
        {c.costs.map((k, i) => (
          <Line key={i} label={`Frais accessoires : ${k.label} du ${formatDateFr(k.date)}`} value={money(k.amountCents)} />
        ))}
        {c.costs.length === 0 ? <Line label="Frais accessoires" value={money(0)} /> : null}
        <View style={{ borderTopWidth: 1, borderColor: '#1f2933', marginTop: 2 }}>
          <Line label={`Total de la créance au ${formatDateFr(model.asOf)}`} value={money(c.totalCents)} strong />
        </View>
      </View>
      <View wrap={false} style={{ marginTop: 8 }}>
        <Text style={[styles.small, styles.strong]}>Règle de calcul</Text>
        <Text style={styles.small} hyphenationCallback={noHyphenation}>
          {DAY_COUNT_RULE_FR}
        </Text>
      </View>
      {observations.length > 0 ? (
        <View style={{ marginTop: 6 }}>
          <Text style={[styles.small, styles.strong]} minPresenceAhead={20}>
            Observations
          </Text>
          {observations.map(([warning, numbers]) => (
            <Text key={warning} style={styles.small} hyphenationCallback={noHyphenation}>
              {`${numbers.length > 1 ? 'Factures' : 'Facture'} ${listFr(numbers)} : ${warning}`}
            </Text>
          ))}
        </View>
      ) : null}
    </SectionPage>
  );
}

export async function renderDecompte(model: DossierModel): Promise<Buffer> {
  return renderPart(
    <DossierDocument model={model} title={DECOMPTE_TITLE}>
      <DecomptePages model={model} />
    </DossierDocument>,
  );
}
