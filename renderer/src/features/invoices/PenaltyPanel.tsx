// What French law lets the user claim on this invoice, to the cent, with the working shown:
// each period's base, rate, days and amount; the 40 € indemnity; warnings; prescription; and
// the legal events (formal notice sent, acknowledgment, court action, judgment) that change them.
import { useQuery } from '@tanstack/react-query';
import { useState } from 'react';
import { formatDateFr, parseDateInput, todayLocal } from '../../../../shared/domain/dates.js';
import { formatEuros } from '../../../../shared/domain/money.js';
import { LEGAL_EVENT_LABELS } from '../../../../shared/schemas-legal.js';
import { api } from '../../api/client.js';
import { ErrorState } from '../../components/EmptyState.js';
import { SelectField, TextField } from '../../components/Field.js';
import { useLedgerMutation } from './queries.js';

type EventKind = keyof typeof LEGAL_EVENT_LABELS;

export function PenaltyPanel({ invoiceId }: { invoiceId: number }) {
  const [asOfText, setAsOfText] = useState(formatDateFr(todayLocal()));
  const asOf = parseDateInput(asOfText);
  const penalties = useQuery({
    queryKey: ['penalties.invoice', invoiceId, asOf],
    queryFn: () => api('penalties.invoice', { id: invoiceId, ...(asOf ? { asOf } : {}) }),
  });
  const [eventKind, setEventKind] = useState<EventKind>('formal_notice');
  const [eventDate, setEventDate] = useState(formatDateFr(todayLocal()));
  const [eventError, setEventError] = useState<string | null>(null);
  const addEvent = useLedgerMutation('legalEvents.add');

  const s = penalties.data?.statement;
  const p = penalties.data?.prescription;
  return (
    <article className="card card--wide penalties" aria-label="Pénalités de retard">
      <div className="page__header" style={{ marginBottom: '0.5rem' }}>
        <h2>{s?.kind === 'consumer' ? 'Intérêts de retard (taux légal)' : 'Pénalités de retard et indemnité forfaitaire'}</h2>
        <TextField label="Calculées au" value={asOfText} onChange={setAsOfText} error={asOf ? undefined : 'Date invalide (JJ/MM/AAAA).'} placeholder="JJ/MM/AAAA" />
      </div>
      {penalties.isError ? <ErrorState error={penalties.error} /> : null}
      {s ? (
        <>
          {s.warnings.length ? (
            <ul className="warning-list">
              {s.warnings.map((w) => (
                <li key={w.code + w.message}>{w.message}</li>
              ))}
            </ul>
          ) : null}
          {s.periods.length ? (
            <table aria-label="Périodes de calcul">
              <thead>
                <tr>
                  <th>Du</th>
                  <th>Au</th>
                  <th>Jours</th>
                  <th>Base</th>
                  <th>Taux</th>
                  <th>Montant</th>
                </tr>
              </thead>
              <tbody>
                {s.periods.map((period) => (
                  <tr key={period.from}>
                    <td>{formatDateFr(period.from)}</td>
                    <td>{formatDateFr(period.to)}</td>
                    <td>{period.days}</td>
                    <td>{formatEuros(period.baseCents)}</td>
                    <td>{period.rateLabel}</td>
                    <td>{formatEuros(period.amountCents)}</td>
                  </tr>
                ))}
              </tbody>
              <tfoot>
                <tr>
                  <td colSpan={5}>{s.kind === 'consumer' ? 'Intérêts' : 'Pénalités de retard'}</td>
                  <td>{formatEuros(s.interestCents)}</td>
                </tr>
              </tfoot>
            </table>
          ) : null}
          <dl className="facts" style={{ marginTop: '0.75rem' }}>
            <dt>Principal restant dû</dt>
            <dd>{formatEuros(s.outstandingCents)}</dd>
            <dt>{s.kind === 'consumer' ? 'Intérêts au taux légal' : 'Pénalités de retard'}</dt>
            <dd>{formatEuros(s.interestCents)}</dd>
            {s.kind === 'business' ? (
              <>
                <dt>Indemnité forfaitaire pour frais de recouvrement</dt>
                <dd>{formatEuros(s.indemnityCents)}</dd>
              </>
            ) : null}
            <dt>
              <strong>Total réclamable au {formatDateFr(penalties.data?.asOf)}</strong>
            </dt>
            <dd>
              <strong>{formatEuros(s.totalClaimCents)}</strong>
            </dd>
          </dl>
          <details>
            <summary>Règle de calcul</summary>
            <p className="muted">{s.dayCountRule}</p>
          </details>
        </>
      ) : null}
      {p ? (
        <p className={p.status === 'running' ? 'muted' : 'notice notice--warning'} style={{ marginTop: '0.75rem' }}>
          Prescription ({p.years} ans) : {p.message}
        </p>
      ) : null}

      <h3>Événements juridiques</h3>
      {penalties.data?.events.length ? (
        <ul>
          {penalties.data.events.map((e) => (
            <li key={e.id}>
              {formatDateFr(e.date)} — {LEGAL_EVENT_LABELS[e.kind]}
              {e.note ? ` (${e.note})` : ''}
            </li>
          ))}
        </ul>
      ) : (
        <p className="muted">Aucun. Notez ici la mise en demeure envoyée (elle fait courir les intérêts d’un particulier), une reconnaissance de dette ou une action en justice (elles interrompent la prescription).</p>
      )}
      <form
        className="grid grid--4"
        aria-label="Ajouter un événement juridique"
        onSubmit={(e) => {
          e.preventDefault();
          const date = parseDateInput(eventDate);
          if (!date) return setEventError('Date invalide (JJ/MM/AAAA).');
          setEventError(null);
          addEvent.mutate({ invoiceId, kind: eventKind, date }, { onError: (err) => setEventError(err.message) });
        }}
      >
        <SelectField label="Événement" value={eventKind} onChange={setEventKind} options={(Object.keys(LEGAL_EVENT_LABELS) as EventKind[]).map((k) => ({ value: k, label: LEGAL_EVENT_LABELS[k] }))} />
        <TextField label="Date de l’événement" value={eventDate} onChange={setEventDate} error={eventError ?? undefined} placeholder="JJ/MM/AAAA" />
        <div className="field">
          <label>&nbsp;</label>
          <button type="submit" className="button" disabled={addEvent.isPending}>
            Ajouter l’événement
          </button>
        </div>
      </form>
    </article>
  );
}
