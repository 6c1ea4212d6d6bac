// A client's account: balance, credit on account, payment behaviour, and its latest invoices.
import { useQuery } from '@tanstack/react-query';
import { Link } from 'react-router';
import { formatDateFr } from '../../../../shared/domain/dates.js';
import { formatEuros } from '../../../../shared/domain/money.js';
import { api } from '../../api/client.js';
import { StatusBadge } from '../../components/StatusBadge.js';
import { useClientSummary } from '../invoices/queries.js';

export function ClientLedger({ clientId }: { clientId: number }) {
  const summary = useClientSummary(clientId);
  const invoices = useQuery({
    queryKey: ['invoices.list', { clientId, sort: 'dueDate', direction: 'desc' }],
    queryFn: () => api('invoices.list', { clientId, sort: 'dueDate', direction: 'desc', limit: 20 }),
  });
  const s = summary.data;
  return (
    <>
      <article className="card card--wide" aria-label="Compte client">
        <h2>Compte</h2>
        {s ? (
          <dl className="facts">
            <dt>Reste dû</dt>
            <dd>
              <strong>{formatEuros(s.openBalanceCents)}</strong> sur {s.openInvoiceCount} facture{s.openInvoiceCount > 1 ? 's' : ''} ouverte
              {s.openInvoiceCount > 1 ? 's' : ''}
            </dd>
            <dt>Dont échu</dt>
            <dd>{formatEuros(s.overdueCents)}</dd>
            <dt>Avoir sur compte</dt>
            <dd>{formatEuros(s.unallocatedCents)}</dd>
            <dt>Facturé / payé / avoirs</dt>
            <dd>
              {formatEuros(s.invoicedCents)} / {formatEuros(s.paidCents)} / {formatEuros(s.creditedCents)}
            </dd>
            <dt>Comportement de paiement</dt>
            <dd>
              {s.averageDaysLate === null
                ? 'Aucune facture soldée pour l’instant.'
                : `${s.averageDaysLate.toLocaleString('fr-FR')} jours de retard en moyenne ; ${Math.round((s.shareSettledLate ?? 0) * 100)} % des factures soldées l’ont été en retard.`}
            </dd>
          </dl>
        ) : (
          <p className="muted">Chargement…</p>
        )}
      </article>
      <article className="card card--wide">
        <div className="page__header" style={{ marginBottom: '0.5rem' }}>
          <h2>Factures</h2>
          <div className="page__actions">
            <Link className="button" to={`/paiements/nouveau?client=${clientId}`}>
              Enregistrer un paiement
            </Link>
            <Link className="button button--primary" to={`/factures/nouvelle?client=${clientId}`}>
              Nouvelle facture
            </Link>
          </div>
        </div>
        {invoices.data?.rows.length ? (
          <table className="simple-table" aria-label="Factures du client">
            <thead>
              <tr>
                <th>Numéro</th>
                <th>Échéance</th>
                <th className="cell--num">Montant TTC</th>
                <th className="cell--num">Reste dû</th>
                <th>Statut</th>
              </tr>
            </thead>
            <tbody>
              {invoices.data.rows.map((r) => (
                <tr key={r.id}>
                  <td>
                    <Link to={`/factures/${r.id}`}>{r.number}</Link>
                  </td>
                  <td>{formatDateFr(r.dueDate)}</td>
                  <td className="cell--num">{formatEuros(r.amountCents)}</td>
                  <td className="cell--num">{formatEuros(r.balanceCents)}</td>
                  <td>
                    <StatusBadge status={r.status} />
                  </td>
                </tr>
              ))}
            </tbody>
          </table>
        ) : (
          <p className="muted">Aucune facture pour ce client.</p>
        )}
        {invoices.data && invoices.data.total > invoices.data.rows.length ? (
          <p>
            <Link to={`/factures?client=${clientId}`}>Voir les {invoices.data.total} factures</Link>
          </p>
        ) : null}
      </article>
    </>
  );
}
