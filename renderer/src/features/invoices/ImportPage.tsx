// Import Recouvra's CSV files (clients, factures, paiements): a preview first, with every refused
// line and its reason; then all or nothing.
import { useMutation, useQueryClient } from '@tanstack/react-query';
import { useState } from 'react';
import { useNavigate } from 'react-router';
import { formatDateFr } from '../../../../shared/domain/dates.js';
import { formatImportError, type ImportFileKind, type ImportFiles, type ImportPreview } from '../../../../shared/domain/import.js';
import { PAYMENT_METHOD_LABELS } from '../../../../shared/domain/invoice.js';
import { formatEuros } from '../../../../shared/domain/money.js';
import { api } from '../../api/client.js';
import { Segmented } from '../../components/Segmented.js';
import { useToast } from '../../components/Toast.js';
import { EInvoiceImport, FecImport } from './FileImport.js';
import { MappedImport } from './MappedImport.js';

const FILES: { kind: ImportFileKind; label: string; hint: string }[] = [
  { kind: 'invoices', label: 'Factures', hint: 'client_name;client_siren;client_kind;invoice_number;issue_date;due_date;amount_ttc' },
  { kind: 'clients', label: 'Clients (facultatif)', hint: 'name;kind;siren;siret;vat;address_1…address_6;email;phone;payment_terms_days' },
  { kind: 'payments', label: 'Paiements (facultatif)', hint: 'invoice_number;payment_date;amount;method' },
];

export function ImportPage() {
  const [mode, setMode] = useState<'recouvra' | 'mapped' | 'einvoice' | 'fec'>('recouvra');
  return (
    <section className="page">
      <header className="page__header">
        <h1>Importer des factures</h1>
      </header>
      <Segmented
        label="Type de fichier"
        value={mode}
        options={{ recouvra: 'Fichiers CSV de Recouvra', mapped: 'Autre CSV (colonnes à associer)', einvoice: 'Factures électroniques', fec: 'Comptabilité (FEC)' }}
        onChange={setMode}
      />
      {mode === 'recouvra' ? <RecouvraImport /> : mode === 'mapped' ? <MappedImport /> : mode === 'einvoice' ? <EInvoiceImport /> : <FecImport />}
    </section>
  );
}

function RecouvraImport() {
  const navigate = useNavigate();
  const notify = useToast();
  const queryClient = useQueryClient();
  const [files, setFiles] = useState<ImportFiles>({});
  const [preview, setPreview] = useState<ImportPreview | null>(null);
  const check = useMutation({ mutationFn: (f: ImportFiles) => api('import.preview', f), onSuccess: setPreview });
  const apply = useMutation({
    mutationFn: (f: ImportFiles) => api('import.apply', f),
    onSuccess: (r) => {
      void queryClient.invalidateQueries();
      notify(`Import terminé : ${r.clientsCreated} clients créés, ${r.invoices} factures, ${r.payments} paiements.`);
      navigate('/factures');
    },
  });

  async function choose(kind: ImportFileKind, file: File | undefined) {
    setPreview(null);
    if (!file) {
      setFiles(({ [kind]: _removed, ...rest }) => rest);
      return;
    }
    const text = await file.text();
    setFiles((f) => ({ ...f, [kind]: text, names: { ...f.names, [kind]: file.name } }));
  }

  const hasFile = files.invoices !== undefined || files.clients !== undefined || files.payments !== undefined;
  const error = check.error ?? apply.error;
  return (
    <>
      <p className="muted">
        Fichiers CSV au format de Recouvra (séparateur « ; », UTF-8, virgule ou point décimal, dates AAAA-MM-JJ ou JJ/MM/AAAA), tels que les
        écrit « recouvra export ». Un client cité dans les factures est créé s’il n’existe pas. Rien n’est enregistré tant qu’une ligne est
        refusée.
      </p>
      <div className="form">
        <fieldset>
          <legend>Fichiers</legend>
          {FILES.map((f) => (
            <div className="field" key={f.kind}>
              <label htmlFor={`import-${f.kind}`}>{f.label}</label>
              <input id={`import-${f.kind}`} type="file" accept=".csv,text/csv" onChange={(e) => void choose(f.kind, e.target.files?.[0])} />
              <div className="field__hint cell--mono">{f.hint}</div>
            </div>
          ))}
        </fieldset>
        <ImportActions canCheck={hasFile} checking={check.isPending} onCheck={() => check.mutate(files)} preview={preview} importing={apply.isPending} onImport={() => apply.mutate(files)} />
      </div>

      {error ? <div className="notice notice--error" role="alert">{error.message}</div> : null}
      {preview ? <ImportPreviewView preview={preview} /> : null}
    </>
  );
}

/**
 * The two steps of every import: « Vérifier » (a preview, nothing written), then « Importer »,
 * offered only once a preview shows no refused line.
 */
export function ImportActions(props: {
  canCheck: boolean;
  checking: boolean;
  onCheck: () => void;
  preview: ImportPreview | null;
  importing: boolean;
  onImport: () => void;
}) {
  const { canCheck, checking, onCheck, preview, importing, onImport } = props;
  return (
    <div className="form__actions">
      <button type="button" className="button" disabled={!canCheck || checking} onClick={onCheck}>
        {checking ? 'Vérification…' : 'Vérifier'}
      </button>
      <button type="button" className="button button--primary" disabled={!preview || preview.errors.length > 0 || importing} onClick={onImport}>
        {importing ? 'Import en cours…' : 'Importer'}
      </button>
    </div>
  );
}

/** What an import would do: refused lines with their reasons, warnings, counts, first rows. */
export function ImportPreviewView({ preview }: { preview: ImportPreview }) {
  return (
    <section aria-label="Aperçu de l’import" className="card" style={{ marginTop: '1rem' }}>
      <h2>Aperçu</h2>
      {preview.errors.length ? (
        <div className="notice notice--error" role="alert">
          <strong>
            {preview.errors.length === 1
              ? '1 ligne refusée : rien ne sera importé tant qu’elle n’est pas corrigée.'
              : `${preview.errors.length} lignes refusées : rien ne sera importé tant qu’elles ne sont pas corrigées.`}
          </strong>
          <ul>
            {preview.errors.slice(0, 200).map((e, i) => (
              <li key={i}>{formatImportError(e)}</li>
            ))}
          </ul>
          {preview.errors.length > 200 ? <p>… et {preview.errors.length - 200} autres.</p> : null}
        </div>
      ) : (
        <div className="notice">Tout est lisible : cliquez sur « Importer » pour enregistrer.</div>
      )}
      {preview.warnings.length ? (
        <ul className="warning-list">
          {preview.warnings.map((w, i) => (
            <li key={i}>{w}</li>
          ))}
        </ul>
      ) : null}
      <dl className="facts">
        <dt>Clients à créer</dt>
        <dd>{preview.clientsToCreate}</dd>
        <dt>Clients déjà connus</dt>
        <dd>{preview.clientsExisting}</dd>
        <dt>Factures</dt>
        <dd>
          {preview.invoices} pour {formatEuros(preview.totals.invoicesTtcCents)}
        </dd>
        <dt>Paiements</dt>
        <dd>
          {preview.payments} pour {formatEuros(preview.totals.paymentsCents)}
          {preview.totals.unallocatedCents > 0 ? ` (dont ${formatEuros(preview.totals.unallocatedCents)} en avoir client)` : ''}
        </dd>
      </dl>
      {preview.samples.invoices.length ? (
        <table className="simple-table" aria-label="Premières factures" style={{ marginTop: '0.75rem' }}>
          <thead>
            <tr>
              <th>Ligne</th>
              <th>Numéro</th>
              <th>Client</th>
              <th>Émise le</th>
              <th>Échéance</th>
              <th className="cell--num">TTC</th>
            </tr>
          </thead>
          <tbody>
            {preview.samples.invoices.map((r) => (
              <tr key={r.line}>
                <td>{r.line}</td>
                <td>{r.number}</td>
                <td>{r.clientName}</td>
                <td>{formatDateFr(r.issueDate)}</td>
                <td>{formatDateFr(r.dueDate)}</td>
                <td className="cell--num">{formatEuros(r.amountTtcCents)}</td>
              </tr>
            ))}
          </tbody>
        </table>
      ) : null}
      {preview.samples.payments.length ? (
        <table className="simple-table" aria-label="Premiers paiements" style={{ marginTop: '0.75rem' }}>
          <thead>
            <tr>
              <th>Ligne</th>
              <th>Facture</th>
              <th>Date</th>
              <th>Moyen</th>
              <th className="cell--num">Montant</th>
            </tr>
          </thead>
          <tbody>
            {preview.samples.payments.map((r) => (
              <tr key={r.line}>
                <td>{r.line}</td>
                <td>{r.invoiceNumber}</td>
                <td>{formatDateFr(r.date)}</td>
                <td>{PAYMENT_METHOD_LABELS[r.method]}</td>
                <td className="cell--num">{formatEuros(r.amountCents)}</td>
              </tr>
            ))}
          </tbody>
        </table>
      ) : null}
    </section>
  );
}
