// A client's payment plans (échéanciers): set one up over chosen invoices (with or without the
// penalties to date), print the "reconnaissance de dette et échéancier" for the debtor to sign,
// record the signature (an acknowledgment: prescription starts again), and follow each
// instalment. A missed instalment resumes the reminders at the next step.
import { useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import { useState } from 'react';
import { formatDateFr, parseDateInput, todayLocal } from '../../../../shared/domain/dates.js';
import { formatEuros } from '../../../../shared/domain/money.js';
import { INSTALMENT_STATUS_LABELS, PLAN_FREQUENCY_LABELS, PLAN_STATE_LABELS, type PaymentPlanView, type PlanFrequency } from '../../../../shared/domain/payment-plan.js';
import { api } from '../../api/client.js';
import { showPdf } from '../../api/files.js';
import { ConfirmDialog } from '../../components/ConfirmDialog.js';
import { SelectField, TextField } from '../../components/Field.js';
import { useToast } from '../../components/Toast.js';

const KEYS = ['plans.list', 'queue.today', 'clients.actions', 'documents.list', 'penalties.invoice'];

function PlanCard({ plan }: { plan: PaymentPlanView }) {
  const notify = useToast();
  const queryClient = useQueryClient();
  const [signed, setSigned] = useState(formatDateFr(todayLocal()));
  const [confirmCancel, setConfirmCancel] = useState(false);
  const refresh = () => KEYS.forEach((key) => void queryClient.invalidateQueries({ queryKey: [key] }));
  const fail = (e: Error) => notify(e.message, { tone: 'error' });
  const sign = useMutation({ mutationFn: () => api('plans.sign', { id: plan.id, date: parseDateInput(signed) ?? '' }), onSuccess: () => { refresh(); notify('Signature enregistrée : la reconnaissance de dette fait repartir la prescription.'); }, onError: fail });
  const cancel = useMutation({ mutationFn: () => api('plans.cancel', { id: plan.id, date: todayLocal() }), onSuccess: refresh, onError: fail });
  const s = plan.standing;
  return (
    <section className="plan" aria-label={`Échéancier du ${formatDateFr(plan.startDate)}`}>
      <p>
        <strong>Échéancier du {formatDateFr(plan.startDate)}</strong> — {formatEuros(plan.totalCents)}
        {plan.includesPenalties ? ` dont ${formatEuros(plan.penaltiesCents)} de pénalités` : ''} — factures {plan.invoices.map((i) => i.number).join(', ')} —{' '}
        <span className={`badge plan__state--${s.state}`}>{plan.status === 'cancelled' ? `Annulé le ${formatDateFr(plan.cancelledDate)}` : PLAN_STATE_LABELS[s.state]}</span>
      </p>
      <table className="simple-table" aria-label="Échéances">
        <thead>
          <tr>
            <th>N°</th>
            <th>Date</th>
            <th className="cell--num">Montant</th>
            <th className="cell--num">Payé</th>
            <th>État</th>
          </tr>
        </thead>
        <tbody>
          {s.instalments.map((i) => (
            <tr key={i.position}>
              <td>{i.position}</td>
              <td>{formatDateFr(i.dueDate)}</td>
              <td className="cell--num">{formatEuros(i.amountCents)}</td>
              <td className="cell--num">{formatEuros(i.paidCents)}</td>
              <td>{INSTALMENT_STATUS_LABELS[i.status]}</td>
            </tr>
          ))}
        </tbody>
      </table>
      <div className="form__actions">
        <button type="button" className="button" onClick={() => showPdf(async () => { const doc = await api('plans.print', { id: plan.id }); refresh(); return api('documents.merge', { ids: [doc.id] }); }, { print: true }).catch(fail)}>
          Imprimer la reconnaissance de dette
        </button>
        {plan.signedDate ? (
          <span>Signée par le débiteur le {formatDateFr(plan.signedDate)}.</span>
        ) : plan.status === 'active' ? (
          <form className="inline-form" aria-label="Signature du débiteur" onSubmit={(e) => { e.preventDefault(); sign.mutate(); }}>
            <input aria-label="Date de signature" value={signed} onChange={(e) => setSigned(e.target.value)} />
            <button type="submit" className="button">Signée par le débiteur</button>
          </form>
        ) : null}
        {plan.status === 'active' && s.state !== 'completed' ? (
          <button type="button" className="button button--danger-outline" onClick={() => setConfirmCancel(true)}>
            Annuler l’échéancier
          </button>
        ) : null}
      </div>
      <ConfirmDialog open={confirmCancel} title="Annuler cet échéancier ?" confirmLabel="Annuler l’échéancier" danger onCancel={() => setConfirmCancel(false)} onConfirm={() => { setConfirmCancel(false); cancel.mutate(); }}>
        Les relances reprendront selon le scénario du client. Les paiements déjà reçus restent affectés aux factures.
      </ConfirmDialog>
    </section>
  );
}

function NewPlan({ clientId, onDone }: { clientId: number; onDone: () => void }) {
  const queryClient = useQueryClient();
  const notify = useToast();
  const open = useQuery({ queryKey: ['clients.openInvoices', clientId], queryFn: () => api('clients.openInvoices', { id: clientId }) });
  const [chosen, setChosen] = useState<number[] | null>(null);
  const [penalties, setPenalties] = useState(false);
  const [count, setCount] = useState('3');
  const [first, setFirst] = useState('');
  const [frequency, setFrequency] = useState<PlanFrequency>('monthly');
  const [error, setError] = useState<string | null>(null);
  const ids = chosen ?? open.data?.map((i) => i.id) ?? [];
  const debt = useQuery({ queryKey: ['plans.debt', clientId, ids, penalties], queryFn: () => api('plans.debt', { clientId, invoiceIds: ids, includePenalties: penalties }), enabled: ids.length > 0, retry: false });
  const create = useMutation({
    mutationFn: () => api('plans.create', { clientId, invoiceIds: ids, includePenalties: penalties, count: Number(count), firstDate: parseDateInput(first) ?? first, frequency }),
    onSuccess: () => {
      KEYS.forEach((key) => void queryClient.invalidateQueries({ queryKey: [key] }));
      notify('Échéancier créé : les relances sont suspendues tant que les échéances sont payées.');
      onDone();
    },
    onError: (e: Error) => setError(e.message),
  });
  return (
    <form className="card" aria-label="Nouvel échéancier" onSubmit={(e) => { e.preventDefault(); create.mutate(); }}>
      {error ? <div className="notice notice--error" role="alert">{error}</div> : null}
      <fieldset className="radio-group">
        <legend>Factures concernées</legend>
        {open.data?.map((i) => (
          <label key={i.id}>
            <input type="checkbox" checked={ids.includes(i.id)} onChange={(e) => setChosen(e.target.checked ? [...ids, i.id] : ids.filter((x) => x !== i.id))} /> {i.number} ({formatEuros(i.balanceCents)})
          </label>
        ))}
      </fieldset>
      <label>
        <input type="checkbox" checked={penalties} onChange={(e) => setPenalties(e.target.checked)} /> Inclure les pénalités et indemnités à ce jour
      </label>
      <p>
        Dette couverte : <strong>{debt.data ? formatEuros(debt.data.totalCents) : '—'}</strong>
        {debt.data && debt.data.penaltiesCents > 0 ? ` (dont ${formatEuros(debt.data.penaltiesCents)} de pénalités)` : ''}
        {debt.isError ? <span className="field__error"> {debt.error.message}</span> : null}
      </p>
      <div className="grid grid--3">
        <TextField label="Nombre d’échéances" value={count} onChange={setCount} inputMode="numeric" />
        <TextField label="Première échéance" value={first} onChange={setFirst} placeholder="JJ/MM/AAAA" />
        <SelectField label="Périodicité" value={frequency} onChange={setFrequency} options={(Object.keys(PLAN_FREQUENCY_LABELS) as PlanFrequency[]).map((f) => ({ value: f, label: PLAN_FREQUENCY_LABELS[f] }))} />
      </div>
      <div className="form__actions">
        <button type="button" className="button" onClick={onDone}>
          Annuler
        </button>
        <button type="submit" className="button button--primary" disabled={create.isPending || ids.length === 0}>
          Créer l’échéancier
        </button>
      </div>
    </form>
  );
}

export function PaymentPlans({ clientId }: { clientId: number }) {
  const plans = useQuery({ queryKey: ['plans.list', clientId], queryFn: () => api('plans.list', { clientId }) });
  const [creating, setCreating] = useState(false);
  return (
    <article className="card card--wide" aria-label="Échéanciers">
      <div className="card__header">
        <h2>Échéanciers</h2>
        {creating ? null : (
          <button type="button" className="button" onClick={() => setCreating(true)}>
            Nouvel échéancier
          </button>
        )}
      </div>
      {creating ? <NewPlan clientId={clientId} onDone={() => setCreating(false)} /> : null}
      {plans.data?.length ? plans.data.map((p) => <PlanCard key={p.id} plan={p} />) : <p className="muted">Aucun échéancier.</p>}
    </article>
  );
}
