// The dashboard's charts (recharts): aging over 12 month-ends, DSO, invoiced vs collected,
// expected cash-in with a what-if, the cost of late payment, and the concentration of debtors.
// Amounts travel in cents; they become euros (a display-only float) at the chart's edge.
import { useQuery } from '@tanstack/react-query';
import { useState, type ReactNode } from 'react';
import { Bar, BarChart, CartesianGrid, ComposedChart, Legend, Line, LineChart, ResponsiveContainer, Tooltip, XAxis, YAxis } from 'recharts';
import { formatDateFr, type IsoDate } from '../../../../shared/domain/dates.js';
import { formatEuros, type Cents } from '../../../../shared/domain/money.js';
import { formatRateBp } from '../../../../shared/legal/rates.js';
import { api } from '../../api/client.js';
import { ClientPicker, type PickedClient } from '../../components/ClientPicker.js';
import { TextField } from '../../components/Field.js';

const BUCKET_COLOURS = ['#8fb3ee', '#f7c76b', '#f39c4a', '#e4572e', '#a4243b', '#5b1a2e', '#333'];
const MONTHS_FR = ['janv.', 'févr.', 'mars', 'avr.', 'mai', 'juin', 'juil.', 'août', 'sept.', 'oct.', 'nov.', 'déc.'];

const toEuros = (cents: number) => cents / 100;
const eurosTick = (v: number) =>
  Math.abs(v) >= 1_000_000
    ? `${(v / 1_000_000).toLocaleString('fr-FR', { maximumFractionDigits: 1 })} M€`
    : Math.abs(v) >= 1000
      ? `${(v / 1000).toLocaleString('fr-FR', { maximumFractionDigits: Math.abs(v) < 10_000 ? 1 : 0 })} k€`
      : `${v.toLocaleString('fr-FR', { maximumFractionDigits: 0 })} €`;
const exactEuros = (v: unknown) => formatEuros(Math.round(Number(v) * 100) as Cents);
const monthLabel = (ym: string) => `${MONTHS_FR[Number(ym.slice(5, 7)) - 1]} ${ym.slice(2, 4)}`;

function ChartCard({ title, empty, children, wide }: { title: string; empty: boolean; children: ReactNode; wide?: boolean }) {
  return (
    <article className={`card chart ${wide ? 'card--wide' : ''}`} aria-label={title}>
      <h2>{title}</h2>
      {empty ? <p className="muted chart__empty">Pas encore de données pour ce graphique.</p> : <div className="chart__area">{children}</div>}
    </article>
  );
}

export function DashboardCharts({ asOf }: { asOf: IsoDate }) {
  const charts = useQuery({ queryKey: ['reports.charts', asOf], queryFn: () => api('reports.charts', { asOf }) });
  const [whatIfClient, setWhatIfClient] = useState<PickedClient | null>(null);
  const [whatIfDays, setWhatIfDays] = useState('15');
  const shift = Number.isInteger(Number(whatIfDays)) ? Number(whatIfDays) : 0;
  const whatIf = useQuery({
    queryKey: ['reports.whatIf', asOf, whatIfClient?.id, shift],
    queryFn: () => api('reports.whatIf', { asOf, clientId: whatIfClient!.id, days: shift }),
    enabled: whatIfClient !== null,
  });

  if (!charts.data) return <p className="muted">{charts.isError ? (charts.error as Error).message : 'Calcul des graphiques…'}</p>;
  const c = charts.data;
  const agingData = c.agingHistory.map((p) => ({ month: monthLabel(p.month), ...Object.fromEntries(p.buckets.map((b, n) => [c.bucketLabels[n] ?? `b${n}`, toEuros(b)])) }));
  const dsoData = c.agingHistory.map((p) => ({ month: monthLabel(p.month), dso: p.dsoDays }));
  const cashFlowData = c.cashFlow.map((m) => ({ month: monthLabel(m.month), Facturé: toEuros(m.invoicedCents), Encaissé: toEuros(m.collectedCents) }));
  let cumulated = 0;
  const costData = c.agingHistory.map((p) => {
    cumulated += p.financingCostCents;
    return { month: monthLabel(p.month), 'Coût du mois': toEuros(p.financingCostCents), Cumul: toEuros(cumulated) };
  });
  const forecastData = c.forecast.map((w, n) => ({
    week: formatDateFr(w.weekStart).slice(0, 5),
    Prévision: toEuros(w.expectedCents),
    ...(whatIf.data ? { 'Avec le décalage': toEuros(whatIf.data.shifted[n]?.expectedCents ?? 0) } : {}),
  }));
  const debtorData = c.debtors.map((d) => ({ name: d.clientName.length > 28 ? `${d.clientName.slice(0, 27)}…` : d.clientName, Échu: toEuros(d.overdueCents), share: d.share }));
  const noMoney = (values: number[]) => values.every((v) => v === 0);

  return (
    <div className="cards charts">
      <ChartCard title="Balance âgée aux 12 dernières fins de mois" empty={noMoney(c.agingHistory.map((p) => p.openCents))} wide>
        <ResponsiveContainer width="100%" height={280}>
          <BarChart data={agingData}>
            <CartesianGrid strokeDasharray="3 3" vertical={false} />
            <XAxis dataKey="month" />
            <YAxis tickFormatter={eurosTick} width={80} label={{ value: 'Encours (€)', angle: -90, position: 'insideLeft' }} />
            <Tooltip formatter={exactEuros} />
            <Legend />
            {c.bucketLabels.map((label, n) => (
              <Bar key={label} dataKey={label} stackId="aging" fill={BUCKET_COLOURS[n] ?? '#666'} isAnimationActive={false} />
            ))}
          </BarChart>
        </ResponsiveContainer>
      </ChartCard>

      <ChartCard title="DSO sur 12 mois (jours)" empty={dsoData.every((d) => !d.dso)}>
        <ResponsiveContainer width="100%" height={240}>
          <LineChart data={dsoData}>
            <CartesianGrid strokeDasharray="3 3" vertical={false} />
            <XAxis dataKey="month" />
            <YAxis width={60} label={{ value: 'Jours', angle: -90, position: 'insideLeft' }} />
            <Tooltip formatter={(v) => `${Number(v).toLocaleString('fr-FR')} jours`} />
            <Line type="monotone" dataKey="dso" name="DSO" stroke="#1f5fbf" strokeWidth={2} isAnimationActive={false} />
          </LineChart>
        </ResponsiveContainer>
      </ChartCard>

      <ChartCard title="Facturé et encaissé par mois" empty={noMoney(c.cashFlow.flatMap((m) => [m.invoicedCents, m.collectedCents]))}>
        <ResponsiveContainer width="100%" height={240}>
          <BarChart data={cashFlowData}>
            <CartesianGrid strokeDasharray="3 3" vertical={false} />
            <XAxis dataKey="month" />
            <YAxis tickFormatter={eurosTick} width={80} label={{ value: '€ TTC', angle: -90, position: 'insideLeft' }} />
            <Tooltip formatter={exactEuros} />
            <Legend />
            <Bar dataKey="Facturé" fill="#8fb3ee" isAnimationActive={false} />
            <Bar dataKey="Encaissé" fill="#2f9e62" isAnimationActive={false} />
          </BarChart>
        </ResponsiveContainer>
      </ChartCard>

      <ChartCard title="Encaissements attendus par semaine (12 semaines)" empty={noMoney(c.forecast.map((w) => w.expectedCents))} wide>
        <div className="grid grid--3 whatif" aria-label="Simulation">
          <ClientPicker label="Simuler : un client paie plus tôt ou plus tard" value={whatIfClient} onChange={setWhatIfClient} />
          <TextField label="Décalage en jours (négatif : plus tôt)" value={whatIfDays} onChange={setWhatIfDays} inputMode="numeric" />
          <div className="whatif__result">
            {whatIf.data ? (
              <>
                Coût de trésorerie {whatIf.data.costDeltaCents >= 0 ? 'supplémentaire' : 'économisé'} :{' '}
                <strong>{formatEuros(Math.abs(whatIf.data.costDeltaCents) as Cents)}</strong> (au taux de {formatRateBp(c.financingRateBp)})
              </>
            ) : (
              <span className="muted">Choisissez un client pour voir la prévision et le coût bouger.</span>
            )}
          </div>
        </div>
        <ResponsiveContainer width="100%" height={260}>
          <ComposedChart data={forecastData}>
            <CartesianGrid strokeDasharray="3 3" vertical={false} />
            <XAxis dataKey="week" label={{ value: 'Semaine du', position: 'insideBottom', offset: -2 }} />
            <YAxis tickFormatter={eurosTick} width={80} label={{ value: '€ attendus', angle: -90, position: 'insideLeft' }} />
            <Tooltip formatter={exactEuros} />
            <Legend />
            <Bar dataKey="Prévision" fill="#8fb3ee" isAnimationActive={false} />
            {whatIf.data ? <Line dataKey="Avec le décalage" stroke="#e4572e" strokeWidth={2} isAnimationActive={false} /> : null}
          </ComposedChart>
        </ResponsiveContainer>
      </ChartCard>

      <ChartCard title={`Ce que coûte le retard (financement à ${formatRateBp(c.financingRateBp)})`} empty={noMoney(c.agingHistory.map((p) => p.financingCostCents))}>
        <ResponsiveContainer width="100%" height={240}>
          <ComposedChart data={costData}>
            <CartesianGrid strokeDasharray="3 3" vertical={false} />
            <XAxis dataKey="month" />
            <YAxis tickFormatter={eurosTick} width={80} label={{ value: 'Coût (€)', angle: -90, position: 'insideLeft' }} />
            <Tooltip formatter={exactEuros} />
            <Legend />
            <Bar dataKey="Coût du mois" fill="#f39c4a" isAnimationActive={false} />
            <Line dataKey="Cumul" stroke="#a4243b" strokeWidth={2} isAnimationActive={false} />
          </ComposedChart>
        </ResponsiveContainer>
        <p className="muted">Échu en fin de mois × taux de découvert (Paramètres) × jours du mois / 365.</p>
        <p className="claimable">
          En regard, ce que la loi vous permet de réclamer aujourd’hui sur {c.claimable.invoices.toLocaleString('fr-FR')} facture
          {c.claimable.invoices > 1 ? 's' : ''} échue{c.claimable.invoices > 1 ? 's' : ''} : <strong>{formatEuros(c.claimable.interestCents as Cents)}</strong> de pénalités et
          intérêts de retard et <strong>{formatEuros(c.claimable.indemnityCents as Cents)}</strong> d’indemnités forfaitaires (hors litiges).
        </p>
      </ChartCard>

      <ChartCard title="Les 10 plus gros débiteurs (part de l’échu)" empty={debtorData.length === 0}>
        <ResponsiveContainer width="100%" height={300}>
          <BarChart data={debtorData} layout="vertical" margin={{ left: 20 }}>
            <CartesianGrid strokeDasharray="3 3" horizontal={false} />
            <XAxis type="number" tickFormatter={eurosTick} label={{ value: 'Échu (€)', position: 'insideBottom', offset: -2 }} />
            <YAxis type="category" dataKey="name" width={190} />
            <Tooltip formatter={(v, _n, item) => `${exactEuros(v)} (${((item.payload as { share: number }).share * 100).toLocaleString('fr-FR', { maximumFractionDigits: 1 })} % de l’échu)`} />
            <Bar dataKey="Échu" fill="#e4572e" isAnimationActive={false} />
          </BarChart>
        </ResponsiveContainer>
        <p className="muted">
          Ensemble : {formatEuros(c.debtors.reduce((s, d) => s + d.overdueCents, 0) as Cents)} sur {formatEuros(c.overdueTotalCents as Cents)} échus (
          {(c.debtors.reduce((s, d) => s + d.share, 0) * 100).toLocaleString('fr-FR', { maximumFractionDigits: 1 })} %).
        </p>
      </ChartCard>
    </div>
  );
}
