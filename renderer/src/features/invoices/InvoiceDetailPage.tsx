// One invoice: its amounts and derived status, the timeline of what happened to it, its PDF,
// the penalty statement, and the actions (payment, credit note, dispute, promise, write-off).
import { useState } from 'react';
import { Link, useParams } from 'react-router';
import { formatDateFr, todayLocal } from '../../../../shared/domain/dates.js';
import { PROMISE_STATE_LABELS, type InvoiceDetail } from '../../../../shared/domain/invoice.js';
import { formatEuros, formatEurosInput, type Cents } from '../../../../shared/domain/money.js';
import { api } from '../../api/client.js';
import { readFileBase64, showPdf } from '../../api/files.js';
import { ErrorState } from '../../components/EmptyState.js';
import { TextField } from '../../components/Field.js';
import { FormDialog } from '../../components/FormDialog.js';
import { collect, readAmount, readDate } from '../../components/parse.js';
import { StatusBadge } from '../../components/StatusBadge.js';
import { useToast } from '../../components/Toast.js';
import { InvoiceCollection } from './InvoiceCollection.js';
import { PenaltyPanel } from './PenaltyPanel.js';
import { useInvoice, useLedgerMutation } from './queries.js';

type DialogKind = 'credit' | 'dispute' | 'closeDispute' | 'promise' | 'writeOff' | null;

function Amount({ label, value }: { label: string; value: Cents }) {
  return (
    <div className="amount-box">
      <div className="amount-box__label">{label}</div>
      <div className="amount-box__value">{formatEuros(value)}</div>
    </div>
  );
}

export function InvoiceDetailPage() {
  const id = Number(useParams().id);
  const detail = useInvoice(id);
  if (detail.isPending) return <div className="loading">Chargement…</div>;
  if (detail.isError) return <ErrorState error={detail.error} />;
  return <InvoiceView detail={detail.data} />;
}

function InvoiceView({ detail }: { detail: InvoiceDetail }) {
  const { invoice } = detail;
  const notify = useToast();
  const [dialog, setDialog] = useState<DialogKind>(null);
  const [fields, setFields] = useState<Record<string, string>>({});
  const [dialogError, setDialogError] = useState<string | null>(null);
  const field = (name: string) => fields[name] ?? '';
  const setField = (name: string) => (v: string) => setFields((f) => ({ ...f, [name]: v }));
  const today = formatDateFr(todayLocal());
  const openDialog = (kind: DialogKind, defaults: Record<string, string> = {}) => {
    setFields(defaults);
    setDialogError(null);
    setDialog(kind);
  };
  const credit = useLedgerMutation('creditNotes.create');
  const dispute = useLedgerMutation('disputes.open');
  const closeDispute = useLedgerMutation('disputes.close');
  const promise = useLedgerMutation('promises.create');
  const writeOff = useLedgerMutation('invoices.writeOff');
  const attach = useLedgerMutation('invoices.attachPdf');
  const openDisputeRow = detail.disputes.find((d) => d.closedDate === null) ?? null;
  const settled = detail.status === 'paid' || detail.status === 'written_off';

  const done = (message: string) => ({
    onSuccess: () => {
      setDialog(null);
      notify(message);
    },
    onError: (e: Error) => setDialogError(e.message),
  });

  function submitDialog() {
    if (dialog === 'credit') {
      const { values, errors } = collect({ issueDate: readDate(field('date'), 'Date de l’avoir'), amountCents: readAmount(field('amount'), 'Montant de l’avoir') });
      if (Object.keys(errors).length) return setDialogError(Object.values(errors)[0] as string);
      credit.mutate({ invoiceId: invoice.id, number: field('number'), issueDate: values.issueDate ?? '', amountCents: values.amountCents ?? 0, reason: field('reason') }, done('Avoir enregistré.'));
    } else if (dialog === 'dispute') {
      const { values, errors } = collect({ openedDate: readDate(field('date'), 'Date d’ouverture') });
      if (Object.keys(errors).length) return setDialogError(Object.values(errors)[0] as string);
      dispute.mutate({ invoiceId: invoice.id, reason: field('reason'), openedDate: values.openedDate ?? '' }, done('Litige ouvert : les relances automatiques s’arrêtent pour cette facture.'));
    } else if (dialog === 'closeDispute' && openDisputeRow) {
      const { values, errors } = collect({ closedDate: readDate(field('date'), 'Date de clôture') });
      if (Object.keys(errors).length) return setDialogError(Object.values(errors)[0] as string);
      closeDispute.mutate({ id: openDisputeRow.id, closedDate: values.closedDate ?? '', outcome: field('outcome') }, done('Litige clos.'));
    } else if (dialog === 'promise') {
      const { values, errors } = collect({
        madeDate: readDate(field('made'), 'Date de la promesse'),
        promisedDate: readDate(field('date'), 'Date promise'),
        amountCents: readAmount(field('amount'), 'Montant promis'),
      });
      if (Object.keys(errors).length) return setDialogError(Object.values(errors)[0] as string);
      promise.mutate(
        { invoiceId: invoice.id, madeDate: values.madeDate ?? '', promisedDate: values.promisedDate ?? '', amountCents: values.amountCents ?? 0, note: field('note') },
        done('Promesse de paiement enregistrée.'),
      );
    } else if (dialog === 'writeOff') {
      const { values, errors } = collect({ date: readDate(field('date'), 'Date du passage en perte') });
      if (Object.keys(errors).length) return setDialogError(Object.values(errors)[0] as string);
      writeOff.mutate({ invoiceId: invoice.id, date: values.date ?? '', reason: field('reason') }, done('Facture passée en perte.'));
    }
  }

  async function attachFile(file: File) {
    if (file.type !== 'application/pdf') return notify('Choisissez un fichier PDF.', { tone: 'error' });
    attach.mutate({ id: invoice.id, fileName: file.name, base64: await readFileBase64(file) }, { onSuccess: () => notify('PDF joint à la facture.'), onError: (e) => notify(e.message, { tone: 'error' }) });
  }

  return (
    <section className="page">
      <header className="page__header">
        <div>
          <p className="breadcrumb">
            <Link to="/factures">Factures</Link> › <Link to={`/clients/${detail.client.id}`}>{detail.client.name}</Link> ›
          </p>
          <h1>
            Facture {invoice.number} <StatusBadge status={detail.status} />
          </h1>
          <p className="page__subtitle">
            Émise le {formatDateFr(invoice.issueDate)} · échéance le {formatDateFr(invoice.dueDate)}
            {detail.daysOverdue > 0 ? ` · ${detail.daysOverdue} jours de retard` : ''}
            {invoice.reference ? ` · commande ${invoice.reference}` : ''}
          </p>
        </div>
        <div className="page__actions">
          {!settled ? (
            <Link className="button button--primary" to={`/paiements/nouveau?client=${detail.client.id}&facture=${invoice.id}`}>
              Enregistrer un paiement
            </Link>
          ) : null}
          <Link className="button" to={`/factures/${invoice.id}/modifier`}>
            Modifier
          </Link>
        </div>
      </header>

      <div className="amounts">
        <Amount label="Montant TTC" value={invoice.amountTtcCents} />
        <Amount label="Payé" value={detail.paidCents} />
        <Amount label="Avoirs" value={detail.creditedCents} />
        <Amount label="Reste dû" value={(detail.status === 'written_off' ? 0 : Math.max(0, detail.balanceCents)) as Cents} />
      </div>

      <div className="page__actions" style={{ marginBottom: '1rem' }}>
        {!settled ? (
          <>
            <button type="button" className="button" onClick={() => openDialog('credit', { date: today })}>
              Saisir un avoir
            </button>
            {openDisputeRow ? (
              <button type="button" className="button" onClick={() => openDialog('closeDispute', { date: today })}>
                Clore le litige
              </button>
            ) : (
              <button type="button" className="button" onClick={() => openDialog('dispute', { date: today })}>
                Ouvrir un litige
              </button>
            )}
            <button type="button" className="button" onClick={() => openDialog('promise', { made: today, amount: formatEurosInput(detail.balanceCents) })}>
              Noter une promesse
            </button>
            <button type="button" className="button button--danger-outline" onClick={() => openDialog('writeOff', { date: today })}>
              Passer en perte
            </button>
          </>
        ) : null}
        {invoice.pdf ? (
          <button
            type="button"
            className="button"
            onClick={() => showPdf(() => api('invoices.pdf', { id: invoice.id })).catch((e: Error) => notify(e.message, { tone: 'error' }))}
          >
            Ouvrir le PDF ({invoice.pdf.fileName})
          </button>
        ) : null}
        <label className="button">
          {invoice.pdf ? 'Remplacer le PDF' : 'Joindre le PDF de la facture'}
          <input type="file" accept="application/pdf" hidden onChange={(e) => e.target.files?.[0] && void attachFile(e.target.files[0])} />
        </label>
      </div>

      <div className="cards">
        <article className="card card--wide">
          <h2>Chronologie</h2>
          <ol className="timeline">
            {detail.timeline.map((e, i) => (
              <li key={i}>
                <span className="timeline__date">{formatDateFr(e.date)}</span>
                {e.label}
                {e.amountCents !== null ? <span className="timeline__amount">{formatEuros(e.amountCents)}</span> : null}
              </li>
            ))}
          </ol>
          {detail.promises.length ? (
            <p className="muted">
              Promesses :{' '}
              {detail.promises.map((p) => `${formatEuros(p.amountCents)} pour le ${formatDateFr(p.promisedDate)} (${PROMISE_STATE_LABELS[p.state].toLowerCase()})`).join(' ; ')}
            </p>
          ) : null}
        </article>
        <PenaltyPanel invoiceId={invoice.id} />
        <InvoiceCollection invoice={invoice} />
      </div>

      <FormDialog
        open={dialog === 'credit'}
        title="Saisir un avoir"
        submitLabel="Enregistrer l’avoir"
        busy={credit.isPending}
        error={dialogError}
        onSubmit={submitDialog}
        onClose={() => setDialog(null)}
      >
        <TextField label="Numéro d’avoir" value={field('number')} onChange={setField('number')} autoFocus />
        <TextField label="Date de l’avoir" value={field('date')} onChange={setField('date')} placeholder="JJ/MM/AAAA" />
        <TextField label="Montant TTC (€)" value={field('amount')} onChange={setField('amount')} inputMode="decimal" hint={`Au plus le reste dû : ${formatEuros(detail.balanceCents)}`} />
        <TextField label="Motif" value={field('reason')} onChange={setField('reason')} />
      </FormDialog>
      <FormDialog open={dialog === 'dispute'} title="Ouvrir un litige" submitLabel="Ouvrir le litige" busy={dispute.isPending} error={dialogError} onSubmit={submitDialog} onClose={() => setDialog(null)}>
        <TextField label="Motif du litige" value={field('reason')} onChange={setField('reason')} autoFocus />
        <TextField label="Date d’ouverture" value={field('date')} onChange={setField('date')} placeholder="JJ/MM/AAAA" />
      </FormDialog>
      <FormDialog open={dialog === 'closeDispute'} title="Clore le litige" submitLabel="Clore le litige" busy={closeDispute.isPending} error={dialogError} onSubmit={submitDialog} onClose={() => setDialog(null)}>
        <TextField label="Issue du litige" value={field('outcome')} onChange={setField('outcome')} autoFocus />
        <TextField label="Date de clôture" value={field('date')} onChange={setField('date')} placeholder="JJ/MM/AAAA" />
      </FormDialog>
      <FormDialog open={dialog === 'promise'} title="Noter une promesse de paiement" submitLabel="Enregistrer la promesse" busy={promise.isPending} error={dialogError} onSubmit={submitDialog} onClose={() => setDialog(null)}>
        <TextField label="Montant promis (€)" value={field('amount')} onChange={setField('amount')} inputMode="decimal" autoFocus />
        <TextField label="Date promise" value={field('date')} onChange={setField('date')} placeholder="JJ/MM/AAAA" />
        <TextField label="Date de la promesse" value={field('made')} onChange={setField('made')} placeholder="JJ/MM/AAAA" />
        <TextField label="Note" value={field('note')} onChange={setField('note')} />
      </FormDialog>
      <FormDialog
        open={dialog === 'writeOff'}
        title="Passer la facture en perte"
        submitLabel="Passer en perte"
        danger
        busy={writeOff.isPending}
        error={dialogError}
        onSubmit={submitDialog}
        onClose={() => setDialog(null)}
      >
        <p className="muted">Le reste dû ({formatEuros(detail.balanceCents)}) sera considéré comme irrécouvrable ; les relances s’arrêtent.</p>
        <TextField label="Motif" value={field('reason')} onChange={setField('reason')} autoFocus />
        <TextField label="Date" value={field('date')} onChange={setField('date')} placeholder="JJ/MM/AAAA" />
      </FormDialog>
    </section>
  );
}
