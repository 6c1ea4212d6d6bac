// The morning view. For now: the size of the client book and what comes next.
import { useQuery } from '@tanstack/react-query';
import { Link } from 'react-router';
import { formatDateLongFr, isIsoDate } from '../../../../shared/domain/dates.js';
import { api } from '../../api/client.js';
import { EmptyState } from '../../components/EmptyState.js';

export function DashboardPage() {
  const info = useQuery({ queryKey: ['app.info'], queryFn: () => api('app.info', {}) });
  const active = useQuery({ queryKey: ['clients.list', 'count-active'], queryFn: () => api('clients.list', { status: 'active', limit: 1 }) });
  const today = info.data?.today;
  const count = active.data?.total;
  return (
    <section className="page">
      <header className="page__header">
        <div>
          <h1>Tableau de bord</h1>
          {today && isIsoDate(today) ? <p className="page__subtitle">{formatDateLongFr(today)}</p> : null}
        </div>
      </header>
      {count === 0 ? (
        <EmptyState
          title="Votre carnet de clients est vide"
          action={
            <Link to="/clients/nouveau" className="button button--primary">
              Ajouter un client
            </Link>
          }
        >
          Commencez par vos clients ; les factures, la balance âgée et les relances du jour s’afficheront ici.
        </EmptyState>
      ) : (
        <div className="cards">
          <article className="card">
            <h2>Clients actifs</h2>
            <p className="metric">{count === undefined ? '…' : count.toLocaleString('fr-FR')}</p>
            <Link to="/clients">Voir les clients</Link>
          </article>
          <article className="card card--wide">
            <h2>Bientôt ici</h2>
            <p className="muted">
              La balance âgée de vos créances, ce que les retards de paiement vous coûtent en trésorerie, et chaque matin la liste des
              relances à envoyer.
            </p>
          </article>
        </div>
      )}
    </section>
  );
}
