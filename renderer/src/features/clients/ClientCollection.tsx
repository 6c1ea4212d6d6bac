// How a client is chased: its scenario (automatic by its payment grade, or chosen by hand), the
// exclusions from reminders (with a reason and an end date), and every reminder action done or
// skipped (date, type, document, outcome).
import { useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import { useState } from 'react';
import { formatPaymentTerms } from '../../../../shared/domain/client.js';
import { formatDateFr, parseDateInput } from '../../../../shared/domain/dates.js';
import { CALL_OUTCOME_LABELS, CHANNEL_LABELS, signed, type StepChannel } from '../../../../shared/domain/scenarios.js';
import { api } from '../../api/client.js';
import { showPdf } from '../../api/files.js';
import { SelectField, TextField } from '../../components/Field.js';
import { useToast } from '../../components/Toast.js';

const ACTION_LABELS: Record<string, string> = { ...CHANNEL_LABELS, insurer_declaration: 'Déclaration à l’assureur' };

export function ClientCollection({ clientId }: { clientId: number }) {
  const notify = useToast();
  const queryClient = useQueryClient();
  const scenarios = useQuery({ queryKey: ['scenarios.list'], queryFn: () => api('scenarios.list', {}) });
  const current = useQuery({ queryKey: ['clients.scenario', clientId], queryFn: () => api('clients.scenario', { id: clientId }) });
  const actions = useQuery({ queryKey: ['clients.actions', clientId], queryFn: () => api('clients.actions', { id: clientId }) });
  const exclusions = useQuery({ queryKey: ['exclusions.list', clientId], queryFn: () => api('exclusions.list', { clientId }) });
  const [reason, setReason] = useState('');
  const [until, setUntil] = useState('');
  const [errors, setErrors] = useState<Record<string, string>>({});
  const invalidate = () => {
    for (const key of ['clients.scenario', 'exclusions.list', 'queue.today', 'clients.actions']) void queryClient.invalidateQueries({ queryKey: [key] });
  };
  const choose = useMutation({
    mutationFn: (value: string) => api('clients.setScenario', { clientId, scenarioId: value === 'auto' ? null : Number(value) }),
    onSuccess: (v) => {
      invalidate();
      notify(`Scénario de relance : ${v.scenarioName}${v.chosenScenarioId === null ? ' (automatique)' : ''}.`);
    },
    onError: (e: Error) => notify(e.message, { tone: 'error' }),
  });
  const exclude = useMutation({
    mutationFn: () => api('exclusions.add', { clientId, reason, untilDate: until.trim() ? (parseDateInput(until) ?? 'invalide') : null }),
    onSuccess: () => {
      setReason('');
      setUntil('');
      setErrors({});
      invalidate();
    },
    onError: (e: Error & { fields?: Record<string, string> }) => setErrors(e.fields ?? { reason: e.message }),
  });
  const lift = useMutation({ mutationFn: (id: number) => api('exclusions.lift', { id }), onSuccess: invalidate });
  const cur = current.data;
  const behaviour = useQuery({ queryKey: ['clients.behaviour', clientId], queryFn: () => api('clients.behaviour', { id: clientId }) });
  const acceptTerms = useMutation({
    mutationFn: () => api('clients.setTerms', { clientId, terms: behaviour.data!.suggestion.terms }),
    onSuccess: (c) => {
      for (const key of ['clients.get', 'clients.behaviour']) void queryClient.invalidateQueries({ queryKey: [key] });
      notify(`Délai de paiement de « ${c.name} » : ${formatPaymentTerms(c.paymentTerms)}.`);
    },
    onError: (e: Error) => notify(e.message, { tone: 'error' }),
  });
  const b = behaviour.data;
  const sameTerms = b ? JSON.stringify(b.suggestion.terms) === JSON.stringify(b.currentTerms) : true;

  return (
    <article className="card card--wide" aria-label="Relances du client">
      <h2>Relances</h2>
      <div className="grid grid--3">
        <SelectField
          label="Scénario de relance"
          value={cur?.chosenScenarioId === null || cur === undefined ? 'auto' : String(cur.chosenScenarioId)}
          onChange={(v) => choose.mutate(v)}
          options={[
            { value: 'auto', label: cur && cur.chosenScenarioId === null ? `Automatique selon la note ${cur.grade} (${cur.scenarioName})` : 'Automatique selon la note de paiement' },
            ...(scenarios.data ?? []).map((s) => ({ value: String(s.id), label: s.name })),
          ]}
        />
      </div>

      {b ? (
        <section className="score" aria-label="Note de paiement">
          <div className={`score__grade score__grade--${b.score.grade}`} aria-label={`Note ${b.score.grade}`}>
            {b.score.grade}
          </div>
          <div>
            <strong>Note de paiement {b.score.grade}</strong> <span className="muted">({b.score.points} points sur 100, sur les 24 derniers mois)</span>
            <ul className="score__reasons">
              {b.score.reasons
                .filter((r) => r.key !== 'start')
                .map((r) => (
                  <li key={r.key} className={`score__reason--${r.tone}`}>
                    {r.label}
                    {r.effect ? ` (${r.effect > 0 ? '+' : ''}${r.effect})` : ''}
                  </li>
                ))}
            </ul>
            {b.alertLabel ? (
              <div className="notice notice--warning" role="alert">
                {b.alertLabel}
              </div>
            ) : null}
            <p>
              Pour le prochain contrat : {b.suggestion.reason}{' '}
              {!sameTerms ? (
                <button type="button" className="button" onClick={() => acceptTerms.mutate()} disabled={acceptTerms.isPending}>
                  Appliquer {formatPaymentTerms(b.suggestion.terms)}
                </button>
              ) : null}
            </p>
          </div>
        </section>
      ) : null}

      <h3>Exclusions</h3>
      {exclusions.data?.length ? (
        <ul className="plain-list" aria-label="Exclusions">
          {exclusions.data.map((e) => (
            <li key={e.id}>
              {e.invoiceNumber ? `Facture ${e.invoiceNumber}` : 'Tout le client'} — {e.reason} · depuis le {formatDateFr(e.fromDate)}
              {e.untilDate ? ` jusqu’au ${formatDateFr(e.untilDate)}` : ''}
              {e.liftedDate ? ` · levée le ${formatDateFr(e.liftedDate)}` : e.active ? (
                <>
                  {' '}
                  <button type="button" className="button button--link" onClick={() => lift.mutate(e.id)}>
                    Reprendre les relances
                  </button>
                </>
              ) : (
                ' · terminée'
              )}
            </li>
          ))}
        </ul>
      ) : (
        <p className="muted">Aucune exclusion : le client suit son scénario.</p>
      )}
      <form className="inline-form" aria-label="Suspendre les relances" onSubmit={(e) => { e.preventDefault(); exclude.mutate(); }}>
        <TextField label="Motif" value={reason} onChange={setReason} error={errors.reason} placeholder="ex. accord en cours de négociation" />
        <TextField label="Jusqu’au (facultatif)" value={until} onChange={setUntil} error={errors.untilDate} placeholder="JJ/MM/AAAA" />
        <button type="submit" className="button">Suspendre les relances</button>
      </form>

      <h3>Historique des relances</h3>
      {actions.data?.length ? (
        <table className="simple-table" aria-label="Historique des relances">
          <thead>
            <tr>
              <th>Date</th>
              <th>Action</th>
              <th>Factures</th>
              <th>Issue</th>
              <th>Document</th>
            </tr>
          </thead>
          <tbody>
            {actions.data.map((a) => (
              <tr key={a.id}>
                <td>{formatDateFr(a.date)}</td>
                <td>
                  {ACTION_LABELS[a.channel as StepChannel] ?? a.channel}
                  {a.stepOffset !== null ? ` (J${signed(a.stepOffset)})` : ''}
                  {a.status === 'skipped' ? <span className="badge"> passée</span> : null}
                </td>
                <td>{a.invoiceNumbers.join(', ')}</td>
                <td>
                  {a.outcome ? CALL_OUTCOME_LABELS[a.outcome] : ''}
                  {a.outcomeDate ? ` — ${formatDateFr(a.outcomeDate)}` : ''}
                  {a.note ? <div className="muted">{a.note}</div> : null}
                </td>
                <td>
                  {a.documentId ? (
                    <button type="button" className="button button--link" onClick={() => showPdf(() => api('documents.merge', { ids: [a.documentId!] })).catch((e: Error) => notify(e.message, { tone: 'error' }))}>
                      Ouvrir
                    </button>
                  ) : (
                    '—'
                  )}
                </td>
              </tr>
            ))}
          </tbody>
        </table>
      ) : (
        <p className="muted">Aucune relance pour l’instant.</p>
      )}
    </article>
  );
}
