// Record a payment received, allocated automatically (oldest due first) or by hand; what is
// not allocated stays a credit on the client's account.
import { useQuery } from '@tanstack/react-query';
import { useRef, useState, type FormEvent } from 'react';
import { useNavigate, useSearchParams } from 'react-router';
import { formatDateFr, todayLocal } from '../../../../shared/domain/dates.js';
import { PAYMENT_METHOD_LABELS, PAYMENT_METHODS, type PaymentMethod } from '../../../../shared/domain/invoice.js';
import { formatEuros, formatEurosInput, parseEuros, type Cents } from '../../../../shared/domain/money.js';
import { paymentInputSchema, type PaymentInput } from '../../../../shared/schemas-ledger.js';
import { api } from '../../api/client.js';
import { ClientPicker, type PickedClient } from '../../components/ClientPicker.js';
import { SelectField, TextField } from '../../components/Field.js';
import { errorCountMessage, errorsFromApi, focusFirstError, validateWith, type FieldErrors } from '../../components/form.js';
import { collect, readAmount, readDate } from '../../components/parse.js';
import { Segmented } from '../../components/Segmented.js';
import { useToast } from '../../components/Toast.js';
import { useLedgerMutation } from './queries.js';

export function PaymentPage() {
  const [params] = useSearchParams();
  const clientId = params.get('client') ? Number(params.get('client')) : null;
  const invoiceId = params.get('facture') ? Number(params.get('facture')) : null;
  const preset = useQuery({ queryKey: ['clients.get', clientId], queryFn: () => api('clients.get', { id: clientId as number }), enabled: clientId !== null });
  if (clientId !== null && preset.isPending) return <div className="loading">Chargement…</div>;
  return <PaymentForm presetClient={preset.data ? { id: preset.data.id, name: preset.data.name } : null} presetInvoiceId={invoiceId} />;
}

function PaymentForm({ presetClient, presetInvoiceId }: { presetClient: PickedClient | null; presetInvoiceId: number | null }) {
  const navigate = useNavigate();
  const notify = useToast();
  const formRef = useRef<HTMLFormElement>(null);
  const [client, setClient] = useState<PickedClient | null>(presetClient);
  const [date, setDate] = useState(formatDateFr(todayLocal()));
  const [amount, setAmount] = useState('');
  const [method, setMethod] = useState<PaymentMethod>('transfer');
  const [reference, setReference] = useState('');
  const [mode, setMode] = useState<'auto' | 'manual'>(presetInvoiceId ? 'manual' : 'auto');
  const [manual, setManual] = useState<Record<number, string>>({});
  const [errors, setErrors] = useState<FieldErrors>({});
  const record = useLedgerMutation('payments.record');
  const open = useQuery({ queryKey: ['clients.openInvoices', client?.id], queryFn: () => api('clients.openInvoices', { id: client!.id }), enabled: client !== null });

  const amountCents = parseEuros(amount);
  const manualValue = (id: number, balance: number): string => {
    if (manual[id] !== undefined) return manual[id] as string;
    if (id === presetInvoiceId && amountCents !== null) return formatEurosInput(Math.min(amountCents, balance) as Cents);
    return '';
  };
  const manualTotal = (open.data ?? []).reduce((sum, inv) => sum + (parseEuros(manualValue(inv.id, inv.balanceCents)) ?? 0), 0);

  function submit(event: FormEvent) {
    event.preventDefault();
    const { values, errors: readErrors } = collect({ date: readDate(date, 'Date du paiement'), amountCents: readAmount(amount, 'Montant du paiement') });
    const allocation: PaymentInput['allocation'] =
      mode === 'auto'
        ? 'auto'
        : (open.data ?? [])
            .map((inv) => ({ invoiceId: inv.id, amountCents: parseEuros(manualValue(inv.id, inv.balanceCents)) ?? 0 }))
            .filter((a) => a.amountCents > 0);
    const input: PaymentInput = { clientId: client?.id ?? 0, date: values.date ?? '', amountCents: values.amountCents ?? 0, method, reference, allocation };
    const found = { ...validateWith(paymentInputSchema, input), ...readErrors };
    if (!client) found.clientId = 'Client : choisissez qui a payé.';
    if (mode === 'manual' && values.amountCents && manualTotal > values.amountCents) found.allocation = 'Les affectations dépassent le montant du paiement.';
    setErrors(found);
    if (Object.keys(found).length) {
      focusFirstError(formRef.current);
      return;
    }
    record.mutate(input, {
      onSuccess: (p) => {
        notify(`Paiement de ${formatEuros(p.amountCents)} enregistré${p.unallocatedCents > 0 ? ` (${formatEuros(p.unallocatedCents)} restent en avoir client)` : ''}.`);
        navigate(presetInvoiceId ? `/factures/${presetInvoiceId}` : `/clients/${p.clientId}`);
      },
      onError: (error) => {
        setErrors(errorsFromApi(error));
        focusFirstError(formRef.current);
      },
    });
  }

  return (
    <section className="page">
      <header className="page__header">
        <h1>Enregistrer un paiement</h1>
      </header>
      <form ref={formRef} className="form" onSubmit={submit} noValidate aria-label="Paiement">
        {errorCountMessage(errors) ? <div className="notice notice--error" role="alert">{errorCountMessage(errors)}</div> : null}
        <fieldset>
          <legend>Paiement reçu</legend>
          <div className="grid grid--2">
            <ClientPicker value={client} onChange={(c) => { setClient(c); setManual({}); }} error={errors.clientId} />
            <TextField label="Date du paiement" required value={date} onChange={setDate} error={errors.date} placeholder="JJ/MM/AAAA" />
            <TextField label="Montant reçu (€)" required value={amount} onChange={setAmount} error={errors.amountCents} inputMode="decimal" />
            <SelectField label="Moyen de paiement" value={method} onChange={setMethod} options={PAYMENT_METHODS.map((m) => ({ value: m, label: PAYMENT_METHOD_LABELS[m] }))} />
            <TextField label="Référence (n° de chèque, libellé du virement)" value={reference} onChange={setReference} error={errors.reference} />
          </div>
        </fieldset>
        <fieldset>
          <legend>Affectation</legend>
          <Segmented label="Affectation" value={mode} options={{ auto: 'Automatique : plus ancienne échéance d’abord', manual: 'À la main' }} onChange={setMode} />
          {errors.allocation ? <div className="field__error" role="alert">{errors.allocation}</div> : null}
          {client && open.data?.length === 0 ? <p className="muted">Ce client n’a aucune facture ouverte : le paiement restera en avoir sur son compte.</p> : null}
          {client && open.data && open.data.length > 0 ? (
            <table className="simple-table alloc-table" style={{ marginTop: '0.75rem' }}>
              <thead>
                <tr>
                  <th>Facture</th>
                  <th>Échéance</th>
                  <th className="cell--num">Reste dû</th>
                  {mode === 'manual' ? <th className="cell--num">Affecter (€)</th> : null}
                </tr>
              </thead>
              <tbody>
                {open.data.map((inv) => (
                  <tr key={inv.id}>
                    <td>{inv.number}</td>
                    <td>{formatDateFr(inv.dueDate)}</td>
                    <td className="cell--num">{formatEuros(inv.balanceCents)}</td>
                    {mode === 'manual' ? (
                      <td className="cell--num">
                        <input
                          aria-label={`Montant affecté à la facture ${inv.number}`}
                          inputMode="decimal"
                          value={manualValue(inv.id, inv.balanceCents)}
                          onChange={(e) => setManual((m) => ({ ...m, [inv.id]: e.target.value }))}
                        />
                      </td>
                    ) : null}
                  </tr>
                ))}
              </tbody>
            </table>
          ) : null}
          {mode === 'manual' && amountCents !== null ? (
            <p className="muted">
              Affecté : {formatEuros(manualTotal as Cents)} — reste en avoir client : {formatEuros(Math.max(0, amountCents - manualTotal) as Cents)}
            </p>
          ) : null}
        </fieldset>
        <div className="form__actions">
          <button type="button" className="button" onClick={() => navigate(-1)}>
            Annuler
          </button>
          <button type="submit" className="button button--primary" disabled={record.isPending}>
            Enregistrer le paiement
          </button>
        </div>
      </form>
    </section>
  );
}
