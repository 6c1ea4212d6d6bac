// The chronology of the claim, oldest first: each invoice issued and due, payments and credit
// notes, reminders and calls with their outcome, promises, disputes, the formal notice sent and
// received, payment plans and acknowledgments.
import { formatDateFr } from '../../../../shared/domain/dates.js';
import type { ChronologyEntry, DossierModel } from '../../dossier/model.js';
import { DossierDocument, SectionPage, Table, money, parties, renderPart } from './common.js';

export const CHRONOLOGIE_TITLE = 'Chronologie';

export function ChronologiePages({ model }: { model: DossierModel }) {
  return (
    <SectionPage model={model} section="Chronologie" title={CHRONOLOGIE_TITLE} subtitle={`des factures, paiements et relances — ${parties(model)}`}>
      <Table<ChronologyEntry>
        columns={[
          { title: 'Date', grow: 0, width: 58, cell: (e) => formatDateFr(e.date) },
          { title: 'Événement', grow: 4, cell: (e) => e.label },
          { title: 'Facture(s)', grow: 1.3, cell: (e) => e.invoiceNumbers.join(', ') },
          { title: 'Montant', grow: 0, width: 70, right: true, cell: (e) => (e.amountCents === null ? '' : money(e.amountCents)) },
        ]}
        rows={model.chronology}
      />
    </SectionPage>
  );
}

export async function renderChronologie(model: DossierModel): Promise<Buffer> {
  return renderPart(
    <DossierDocument model={model} title={CHRONOLOGIE_TITLE}>
      <ChronologiePages model={model} />
    </DossierDocument>,
  );
}
