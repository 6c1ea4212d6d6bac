// One legal case: its stage, the next step to record (with its date and fees), the deadlines the
// law sets, its costs, and the dossier.
import { useMutation, useQueryClient } from '@tanstack/react-query';
import { useState } from 'react';
import { CASE_COST_LABELS, CASE_PROCEDURE_LABELS, COURT_KIND_LABELS, type CaseView } from '../../../../shared/domain/cases.js';
import { formatDateFr, parseDateInput, todayLocal } from '../../../../shared/domain/dates.js';
import { formatEuros, parseEuros } from '../../../../shared/domain/money.js';
import { api } from '../../api/client.js';
import { showPdf } from '../../api/files.js';
import { SelectField, TextField } from '../../components/Field.js';
import { useToast } from '../../components/Toast.js';
import { Attachments } from './Attachments.js';

type NextEvent = 'filed' | 'order_issued' | 'served' | 'opposed' | 'enforceable' | 'closed';
const EVENT_LABELS: Record<NextEvent, string> = {
  filed: 'Requête déposée au greffe',
  order_issued: 'Ordonnance rendue',
  served: 'Ordonnance signifiée',
  opposed: 'Opposition du débiteur',
  enforceable: 'Ordonnance exécutoire',
  closed: 'Clore le dossier',
};

function nextEvents(c: CaseView): NextEvent[] {
  switch (c.stage) {
    case 'ready':
      return ['filed', 'closed'];
    case 'filed':
      return ['order_issued', 'closed'];
    case 'order_issued':
      return ['served', 'closed'];
    case 'served':
      return ['enforceable', 'opposed', 'closed'];
    case 'opposed':
    case 'enforceable':
      return ['closed'];
    default:
      return [];
  }
}

export function CaseCard({ c }: { c: CaseView }) {
  const notify = useToast();
  const queryClient = useQueryClient();
  const events = nextEvents(c);
  const [event, setEvent] = useState<NextEvent | ''>(events[0] ?? '');
  const [date, setDate] = useState(formatDateFr(todayLocal()));
  const [fee, setFee] = useState('');
  const [reason, setReason] = useState<'paid' | 'abandoned' | 'rejected' | 'other'>('paid');
  const [error, setError] = useState<string | null>(null);
  const refresh = () => {
    for (const key of ['cases.list', 'invoices.get', 'invoices.list', 'queue.today', 'clients.summary']) void queryClient.invalidateQueries({ queryKey: [key] });
  };
  const record = useMutation({
    mutationFn: () => {
      const feeCents = fee.trim() ? parseEuros(fee) : null;
      if (fee.trim() && feeCents === null) throw new Error('Frais : un montant en euros (ex. 35,21).');
      return api('cases.event', {
        caseId: c.id,
        event: event as NextEvent,
        date: parseDateInput(date) ?? date,
        ...(event === 'filed' && feeCents ? { courtFeeCents: feeCents } : {}),
        ...(event === 'served' && feeCents ? { bailiffFeeCents: feeCents } : {}),
        ...(event === 'closed' ? { reason } : {}),
      });
    },
    onSuccess: (v) => {
      setError(null);
      setFee('');
      setEvent(nextEvents(v)[0] ?? '');
      refresh();
      notify(`Dossier : ${v.stageLabel.toLowerCase()}.`);
    },
    onError: (e: Error) => setError(e.message),
  });
  return (
    <section className="case" aria-label={`Dossier contentieux ${c.id}`}>
      <p>
        <strong>{CASE_PROCEDURE_LABELS[c.procedure]}</strong>
        {c.court ? ` — ${COURT_KIND_LABELS[c.court.kind]} de ${c.court.name}` : ''} — factures {c.invoices.map((i) => i.number).join(', ')} — reste dû {formatEuros(c.remainingCents)}{' '}
        <span className="badge">{c.stageLabel}</span>
      </p>
      <ol className="case__steps">
        <li>Dossier prêt le {formatDateFr(c.dates.ready)}</li>
        {c.dates.filed ? <li>Requête déposée le {formatDateFr(c.dates.filed)}</li> : null}
        {c.dates.order ? <li>Ordonnance rendue le {formatDateFr(c.dates.order)}</li> : null}
        {c.dates.served ? <li>Signifiée le {formatDateFr(c.dates.served)}</li> : null}
        {c.dates.opposition ? <li>Opposition le {formatDateFr(c.dates.opposition)}</li> : null}
        {c.dates.enforceable ? <li>Exécutoire le {formatDateFr(c.dates.enforceable)}</li> : null}
        {c.dates.closed ? <li>Clos le {formatDateFr(c.dates.closed)}</li> : null}
      </ol>
      {c.deadlines.map((d) => (
        <div key={d.key} className={`notice ${d.state === 'passed' ? 'notice--error' : d.state === 'near' ? 'notice--warning' : ''}`} role={d.state === 'passed' || d.state === 'near' ? 'alert' : undefined}>
          {d.label} : {d.state === 'met' ? 'respecté' : `jusqu’au ${formatDateFr(d.date)}`}
          {d.state === 'passed' || d.state === 'near' ? ` — ${d.consequence}` : ''}
        </div>
      ))}
      {c.costs.length ? (
        <p className="muted">
          Frais : {c.costs.map((k) => `${CASE_COST_LABELS[k.kind]} ${formatEuros(k.amountCents)}${k.recoverable ? '' : ' (à votre charge)'}`).join(' ; ')} — réclamés au débiteur : {formatEuros(c.recoverableCostsCents)}
        </p>
      ) : null}
      <div className="form__actions">
        {c.dossierDocumentId ? (
          <button type="button" className="button" onClick={() => showPdf(() => api('documents.merge', { ids: [c.dossierDocumentId!] })).catch((e: Error) => notify(e.message, { tone: 'error' }))}>
            Ouvrir le dossier (PDF)
          </button>
        ) : null}
      </div>
      {events.length ? (
        <form className="inline-form" aria-label="Étape suivante du dossier" onSubmit={(e) => { e.preventDefault(); record.mutate(); }}>
          <SelectField label="Étape" value={event} onChange={setEvent} options={events.map((ev) => ({ value: ev, label: EVENT_LABELS[ev] }))} />
          <TextField label="Date" value={date} onChange={setDate} placeholder="JJ/MM/AAAA" />
          {event === 'filed' || event === 'served' ? <TextField label={event === 'filed' ? 'Frais de greffe (€)' : 'Frais de signification (€)'} value={fee} onChange={setFee} inputMode="decimal" /> : null}
          {event === 'closed' ? (
            <SelectField
              label="Motif"
              value={reason}
              onChange={setReason}
              options={[
                { value: 'paid', label: 'Payé' },
                { value: 'abandoned', label: 'Abandonné' },
                { value: 'rejected', label: 'Requête rejetée' },
                { value: 'other', label: 'Autre' },
              ]}
            />
          ) : null}
          <button type="submit" className="button button--primary" disabled={record.isPending}>
            Enregistrer
          </button>
        </form>
      ) : null}
      {error ? <div className="notice notice--error" role="alert">{error}</div> : null}
      <Attachments owner={{ type: 'case', id: c.id }} title="Pièces du dossier" />
    </section>
  );
}
