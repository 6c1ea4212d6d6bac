// The morning view: where the money is stuck (indicators with their trend, the aging by client
// with a drill-down to the invoices), and what it costs (charts).
import { useQuery } from '@tanstack/react-query';
import { lazy, Suspense, useState } from 'react';
import { Link } from 'react-router';
import type { Indicators } from '../../../../shared/domain/dashboard.js';
import { addMonths, formatDateFr, formatDateLongFr, isIsoDate, parseDateInput, todayLocal } from '../../../../shared/domain/dates.js';
import { formatEuros, type Cents } from '../../../../shared/domain/money.js';
import { api } from '../../api/client.js';
import { EmptyState, ErrorState } from '../../components/EmptyState.js';
import { TextField } from '../../components/Field.js';
import { AgingTable } from './AgingTable.js';
// recharts is large: loaded on its own, after the numbers are on screen.
const DashboardCharts = lazy(() => import('./DashboardCharts.js').then((m) => ({ default: m.DashboardCharts })));

type Trend = { text: string; tone: 'good' | 'bad' | 'neutral' };

function trend(current: number | null, previous: number | null, format: (v: number) => string, lowerIsBetter = true): Trend | null {
  if (current === null || previous === null) return null;
  const delta = current - previous;
  if (delta === 0) return { text: 'stable sur un mois', tone: 'neutral' };
  const better = lowerIsBetter ? delta < 0 : delta > 0;
  return { text: `${delta > 0 ? '▲' : '▼'} ${format(Math.abs(delta))} sur un mois`, tone: better ? 'good' : 'bad' };
}

const euros = (v: number) => formatEuros(Math.round(v) as Cents);
const percent = (v: number) => `${(Math.round(v * 1000) / 10).toLocaleString('fr-FR')} %`;
const days = (v: number) => `${v.toLocaleString('fr-FR')} j`;

function Indicator({ label, value, trend: t, hint }: { label: string; value: string; trend: Trend | null; hint?: string }) {
  return (
    <div className="indicator" title={hint}>
      <div className="indicator__label">{label}</div>
      <div className="indicator__value">{value}</div>
      <div className={`indicator__trend indicator__trend--${t?.tone ?? 'neutral'}`}>{t?.text ?? '\u00a0'}</div>
    </div>
  );
}

function IndicatorsView({ current, previous }: { current: Indicators; previous: Indicators | undefined }) {
  const p = previous ?? null;
  return (
    <>
      <Indicator label="Encours total" value={euros(current.openCents)} trend={trend(current.openCents, p?.openCents ?? null, euros)} />
      <Indicator label="Échu" value={euros(current.overdueCents)} trend={trend(current.overdueCents, p?.overdueCents ?? null, euros)} />
      <Indicator
        label="Part échue"
        value={current.overdueShare === null ? '—' : percent(current.overdueShare)}
        trend={trend(current.overdueShare, p?.overdueShare ?? null, percent)}
      />
      <Indicator
        label="DSO"
        value={current.dsoDays === null ? '—' : days(current.dsoDays)}
        trend={trend(current.dsoDays, p?.dsoDays ?? null, days)}
        hint="Délai moyen de paiement, méthode de l’épuisement du chiffre d’affaires (count-back)"
      />
      <Indicator
        label="Retard moyen pondéré"
        value={current.weightedDaysLate === null ? '—' : days(current.weightedDaysLate)}
        trend={trend(current.weightedDaysLate, p?.weightedDaysLate ?? null, days)}
        hint="Jours de retard des factures échues, pondérés par leur montant"
      />
      <Indicator label="Clients en retard" value={current.clientsOverdue.toLocaleString('fr-FR')} trend={trend(current.clientsOverdue, p?.clientsOverdue ?? null, (v) => v.toLocaleString('fr-FR'))} />
      <Indicator label="En litige" value={euros(current.disputedCents)} trend={trend(current.disputedCents, p?.disputedCents ?? null, euros)} />
      <Indicator
        label="Encaissements attendus à 30 jours"
        value={euros(current.expectedNext30Cents)}
        trend={trend(current.expectedNext30Cents, p?.expectedNext30Cents ?? null, euros, false)}
        hint="Échéance décalée du retard moyen du client, ou date promise"
      />
    </>
  );
}

export function DashboardPage() {
  const [asOfText, setAsOfText] = useState(formatDateFr(todayLocal()));
  const parsed = parseDateInput(asOfText);
  const asOf = parsed ?? todayLocal();
  const current = useQuery({ queryKey: ['reports.indicators', asOf], queryFn: () => api('reports.indicators', { asOf }) });
  // The month-earlier figures only feed the trends: asked once the current ones are shown.
  const previousDate = addMonths(asOf, -1);
  const previous = useQuery({ queryKey: ['reports.indicators', previousDate], queryFn: () => api('reports.indicators', { asOf: previousDate }), enabled: current.isSuccess });
  const count = useQuery({ queryKey: ['invoices.list', 'count'], queryFn: () => api('invoices.list', { limit: 1 }), enabled: current.isSuccess && current.data.openCents === 0 });

  if (count.data && count.data.total === 0) {
    return (
      <section className="page">
        <header className="page__header">
          <h1>Tableau de bord</h1>
        </header>
        <EmptyState
          title="Aucune facture pour l’instant"
          action={
            <div className="page__actions" style={{ justifyContent: 'center' }}>
              <Link to="/clients/nouveau" className="button">
                Ajouter un client
              </Link>
              <Link to="/factures/nouvelle" className="button button--primary">
                Saisir une facture
              </Link>
            </div>
          }
        >
          Saisissez ou importez vos factures : la balance âgée, les indicateurs de retard et ce qu’ils coûtent en trésorerie s’afficheront ici.
        </EmptyState>
      </section>
    );
  }

  return (
    <section className="page page--wide">
      <header className="page__header">
        <div>
          <h1>Tableau de bord</h1>
          <p className="page__subtitle">{isIsoDate(asOf) ? `Situation au ${formatDateLongFr(asOf)}` : null}</p>
        </div>
        <TextField label="Situation au" value={asOfText} onChange={setAsOfText} error={parsed ? undefined : 'Date invalide (JJ/MM/AAAA).'} placeholder="JJ/MM/AAAA" />
      </header>
      {current.isError ? <ErrorState error={current.error} /> : null}
      <section className="indicators" aria-label="Indicateurs" aria-busy={!current.data}>
        {current.data ? <IndicatorsView current={current.data} previous={previous.data} /> : <p className="muted">Calcul des indicateurs…</p>}
      </section>
      {/* One request at a time reaches the core: the numbers first, then the table, then the charts. */}
      {current.isSuccess ? <AgingTable asOf={asOf} /> : null}
      {current.isSuccess ? (
        <Suspense fallback={<p className="muted">Chargement des graphiques…</p>}>
          <DashboardCharts asOf={asOf} />
        </Suspense>
      ) : null}
    </section>
  );
}
