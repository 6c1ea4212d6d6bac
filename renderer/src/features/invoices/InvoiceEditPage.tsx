// Create or edit an invoice. The due date follows the client's payment terms (both readings of
// "45 jours fin de mois" are shown) until the user sets it by hand.
import { useQuery } from '@tanstack/react-query';
import { useRef, useState, type FormEvent } from 'react';
import { useNavigate, useParams, useSearchParams } from 'react-router';
import { formatDateFr, parseDateInput, todayLocal, type IsoDate } from '../../../../shared/domain/dates.js';
import type { InvoiceDetail } from '../../../../shared/domain/invoice.js';
import { formatEurosInput } from '../../../../shared/domain/money.js';
import { dueDateFor, EOM45_READING_LABELS, eom45DueDate, type Eom45Reading } from '../../../../shared/domain/terms.js';
import { invoiceInputSchema, type InvoiceInput } from '../../../../shared/schemas-ledger.js';
import { api } from '../../api/client.js';
import { ClientPicker, type PickedClient } from '../../components/ClientPicker.js';
import { ErrorState } from '../../components/EmptyState.js';
import { TextArea, TextField } from '../../components/Field.js';
import { errorCountMessage, errorsFromApi, focusFirstError, validateWith, type FieldErrors } from '../../components/form.js';
import { collect, readAmount, readDate, readRateBp } from '../../components/parse.js';
import { useToast } from '../../components/Toast.js';
import { useBookSettings, useInvoice, useLedgerMutation } from './queries.js';

interface State {
  client: PickedClient | null;
  number: string;
  issueDate: string;
  deliveryDate: string;
  dueDate: string;
  dueDateTouched: boolean;
  amountHt: string;
  amountTva: string;
  amountTtc: string;
  reference: string;
  description: string;
  rate: string;
}

function toState(d: InvoiceDetail | null, client: PickedClient | null): State {
  const i = d?.invoice;
  return {
    client: d ? { id: d.client.id, name: d.client.name } : client,
    number: i?.number ?? '',
    issueDate: formatDateFr(i?.issueDate ?? todayLocal()),
    deliveryDate: formatDateFr(i?.deliveryDate),
    dueDate: formatDateFr(i?.dueDate),
    dueDateTouched: Boolean(i),
    amountHt: formatEurosInput(i?.amountHtCents),
    amountTva: formatEurosInput(i?.amountTvaCents),
    amountTtc: formatEurosInput(i?.amountTtcCents),
    reference: i?.reference ?? '',
    description: i?.description ?? '',
    rate: i?.contractualRateBp != null ? (i.contractualRateBp / 100).toFixed(2).replace('.', ',') : '',
  };
}

export function InvoiceEditPage() {
  const params = useParams();
  const [search] = useSearchParams();
  const id = params.id ? Number(params.id) : null;
  const existing = useInvoice(id);
  const presetClientId = search.get('client') ? Number(search.get('client')) : null;
  const presetClient = useQuery({ queryKey: ['clients.get', presetClientId], queryFn: () => api('clients.get', { id: presetClientId as number }), enabled: presetClientId !== null });
  if (id !== null && existing.isPending) return <div className="loading">Chargement…</div>;
  if (id !== null && existing.isError) return <ErrorState error={existing.error} />;
  if (presetClientId !== null && presetClient.isPending) return <div className="loading">Chargement…</div>;
  const preset = presetClient.data ? { id: presetClient.data.id, name: presetClient.data.name } : null;
  return <InvoiceForm key={id ?? 'new'} detail={existing.data ?? null} presetClient={preset} />;
}

function InvoiceForm({ detail, presetClient }: { detail: InvoiceDetail | null; presetClient: PickedClient | null }) {
  const navigate = useNavigate();
  const notify = useToast();
  const [state, setState] = useState<State>(() => toState(detail, presetClient));
  const [errors, setErrors] = useState<FieldErrors>({});
  const formRef = useRef<HTMLFormElement>(null);
  const settings = useBookSettings();
  const reading: Eom45Reading = settings.data?.eom45Reading ?? 'eom_plus_45';
  const client = useQuery({ queryKey: ['clients.get', state.client?.id], queryFn: () => api('clients.get', { id: state.client!.id }), enabled: state.client !== null });
  const create = useLedgerMutation('invoices.create');
  const update = useLedgerMutation('invoices.update');
  const save = detail ? update : create;
  const set = <K extends keyof State>(key: K) => (value: State[K]) => setState((s) => ({ ...s, [key]: value }));

  // The due date the client's terms give, shown and used until the user types one.
  const issue = parseDateInput(state.issueDate);
  const terms = client.data?.paymentTerms;
  const suggestedDue: IsoDate | null = issue && terms ? dueDateFor(issue, terms, reading) : null;
  const dueText = state.dueDateTouched || !suggestedDue ? state.dueDate : formatDateFr(suggestedDue);
  const otherReading: Eom45Reading = reading === 'eom_plus_45' ? 'plus_45_eom' : 'eom_plus_45';

  function submit(event: FormEvent) {
    event.preventDefault();
    const { values, errors: readErrors } = collect({
      issueDate: readDate(state.issueDate, 'Date de facture'),
      deliveryDate: readDate(state.deliveryDate, 'Date de livraison ou d’exécution', true),
      dueDate: readDate(dueText, 'Échéance'),
      amountHtCents: readAmount(state.amountHt, 'Montant HT', true),
      amountTvaCents: readAmount(state.amountTva, 'TVA', true),
      amountTtcCents: readAmount(state.amountTtc, 'Montant TTC'),
      contractualRateBp: readRateBp(state.rate, 'Taux contractuel'),
    });
    const input: InvoiceInput = {
      clientId: state.client?.id ?? 0,
      number: state.number,
      issueDate: values.issueDate ?? '',
      deliveryDate: values.deliveryDate ?? null,
      dueDate: values.dueDate ?? '',
      amountHtCents: values.amountHtCents ?? null,
      amountTvaCents: values.amountTvaCents ?? null,
      amountTtcCents: values.amountTtcCents ?? 0,
      reference: state.reference,
      description: state.description,
      contractualRateBp: values.contractualRateBp ?? null,
    };
    const found = { ...validateWith(invoiceInputSchema, input), ...readErrors };
    if (!state.client) found.clientId = 'Client : choisissez un client.';
    setErrors(found);
    if (Object.keys(found).length) {
      focusFirstError(formRef.current);
      return;
    }
    const onError = (error: Error) => {
      setErrors(errorsFromApi(error, 'invoice.'));
      focusFirstError(formRef.current);
    };
    const onSuccess = (saved: InvoiceDetail) => {
      notify(detail ? `Facture ${saved.invoice.number} enregistrée.` : `Facture ${saved.invoice.number} créée.`);
      navigate(`/factures/${saved.invoice.id}`);
    };
    if (detail) update.mutate({ id: detail.invoice.id, invoice: input }, { onSuccess, onError });
    else create.mutate(input, { onSuccess, onError });
  }

  return (
    <section className="page">
      <header className="page__header">
        <h1>{detail ? `Modifier la facture ${detail.invoice.number}` : 'Nouvelle facture'}</h1>
      </header>
      <form ref={formRef} className="form" onSubmit={submit} noValidate aria-label="Facture">
        {errorCountMessage(errors) ? <div className="notice notice--error" role="alert">{errorCountMessage(errors)}</div> : null}
        <fieldset>
          <legend>Client et références</legend>
          <div className="grid grid--2">
            <ClientPicker value={state.client} onChange={set('client')} error={errors.clientId} />
            <TextField label="Numéro de facture" required value={state.number} onChange={set('number')} error={errors.number} />
            <TextField label="Référence de commande" value={state.reference} onChange={set('reference')} error={errors.reference} />
          </div>
          <TextArea label="Description" value={state.description} onChange={set('description')} error={errors.description} rows={2} />
        </fieldset>
        <fieldset>
          <legend>Dates</legend>
          <div className="grid grid--3">
            <TextField label="Date de facture" required value={state.issueDate} onChange={set('issueDate')} error={errors.issueDate} placeholder="JJ/MM/AAAA" />
            <TextField
              label="Date de livraison ou d’exécution"
              value={state.deliveryDate}
              onChange={set('deliveryDate')}
              error={errors.deliveryDate}
              placeholder="JJ/MM/AAAA"
              hint="Point de départ de la prescription"
            />
            <TextField
              label="Échéance"
              required
              value={dueText}
              onChange={(v) => setState((s) => ({ ...s, dueDate: v, dueDateTouched: true }))}
              error={errors.dueDate}
              placeholder="JJ/MM/AAAA"
              hint={
                terms?.mode === 'eom45' && issue
                  ? `45 jours fin de mois — ${EOM45_READING_LABELS[reading]} ; autre lecture : ${formatDateFr(eom45DueDate(issue, otherReading))}`
                  : suggestedDue
                    ? `Selon les conditions du client : ${formatDateFr(suggestedDue)}`
                    : undefined
              }
            />
          </div>
        </fieldset>
        <fieldset>
          <legend>Montants</legend>
          <div className="grid grid--4">
            <TextField label="Montant HT (€)" value={state.amountHt} onChange={set('amountHt')} error={errors.amountHtCents} inputMode="decimal" />
            <TextField label="TVA (€)" value={state.amountTva} onChange={set('amountTva')} error={errors.amountTvaCents} inputMode="decimal" />
            <TextField label="Montant TTC (€)" required value={state.amountTtc} onChange={set('amountTtc')} error={errors.amountTtcCents} inputMode="decimal" />
            <TextField
              label="Taux de pénalité contractuel (%)"
              value={state.rate}
              onChange={set('rate')}
              error={errors.contractualRateBp}
              inputMode="decimal"
              hint="Vide : taux légal (BCE + 10 points)"
            />
          </div>
        </fieldset>
        <div className="form__actions">
          <button type="button" className="button" onClick={() => navigate(detail ? `/factures/${detail.invoice.id}` : '/factures')}>
            Annuler
          </button>
          <button type="submit" className="button button--primary" disabled={save.isPending}>
            {save.isPending ? 'Enregistrement…' : 'Enregistrer'}
          </button>
        </div>
      </form>
    </section>
  );
}

