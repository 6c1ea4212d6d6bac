// Letters and their archive: preview a letter, generate one or a batch (with progress and
// cancel; each letter archived on its own, then all merged into one PDF to print), and reopen
// any archived document.
import { useQuery, useQueryClient } from '@tanstack/react-query';
import { useRef, useState } from 'react';
import { useSearchParams } from 'react-router';
import { formatDateFr, todayLocal } from '../../../../shared/domain/dates.js';
import { formatEuros } from '../../../../shared/domain/money.js';
import { LETTER_TYPE_LABELS, LETTER_TYPES, type LetterType } from '../../../../shared/documents/letter-model.js';
import { api } from '../../api/client.js';
import { downloadFile, showPdf } from '../../api/files.js';
import { ClientPicker, type PickedClient } from '../../components/ClientPicker.js';
import { ErrorState } from '../../components/EmptyState.js';
import { SelectField, TextField } from '../../components/Field.js';
import { Segmented } from '../../components/Segmented.js';
import { useToast } from '../../components/Toast.js';
import { ArchivedDocuments } from './ArchivedDocuments.js';
import { RegisterSection } from './RegisterSection.js';

export function DocumentsPage() {
  // "Nouveau courrier" from a client's page arrives with ?client=ID&type=…
  const [search] = useSearchParams();
  const presetId = Number(search.get('client')) || null;
  const preset = useQuery({ queryKey: ['clients.get', presetId], queryFn: () => api('clients.get', { id: presetId as number }), enabled: presetId !== null });
  if (presetId !== null && preset.isPending) return <div className="loading">Chargement…</div>;
  const presetType = search.get('type');
  return (
    <LetterDesk
      presetClient={preset.data ? { id: preset.data.id, name: preset.data.name } : null}
      presetType={LETTER_TYPES.includes(presetType as LetterType) ? (presetType as LetterType) : 'friendly_reminder'}
    />
  );
}

function LetterDesk({ presetClient, presetType }: { presetClient: PickedClient | null; presetType: LetterType }) {
  const notify = useToast();
  const queryClient = useQueryClient();
  const [type, setType] = useState<LetterType>(presetType);
  const [mode, setMode] = useState<'one' | 'batch'>('one');
  const [client, setClient] = useState<PickedClient | null>(presetClient);
  /** The last letters generated: opened or printed from the buttons (a fresh click, so no pop-up blocker). */
  const [generated, setGenerated] = useState<{ ids: number[]; interrupted: boolean } | null>(null);
  const [minDays, setMinDays] = useState('30');
  const [progress, setProgress] = useState<{ done: number; total: number } | null>(null);
  const [error, setError] = useState<string | null>(null);
  const cancelled = useRef(false);
  const asOf = todayLocal();
  const preview = useQuery({
    queryKey: ['letters.preview', client?.id, type, asOf],
    queryFn: () => api('letters.preview', { clientId: client!.id, type, asOf }),
    enabled: mode === 'one' && client !== null,
    retry: false,
  });
  const minDaysLate = Number.isInteger(Number(minDays)) && Number(minDays) > 0 ? Number(minDays) : 1;
  const batch = useQuery({ queryKey: ['letters.batchClients', type, minDaysLate, asOf], queryFn: () => api('letters.batchClients', { type, minDaysLate, asOf }), enabled: mode === 'batch' });

  async function generate(clientIds: number[]) {
    setError(null);
    setGenerated(null);
    cancelled.current = false;
    setProgress({ done: 0, total: clientIds.length });
    const ids: number[] = [];
    try {
      for (const [n, clientId] of clientIds.entries()) {
        if (cancelled.current) break;
        ids.push((await api('letters.generate', { clientId, type, asOf })).id);
        setProgress({ done: n + 1, total: clientIds.length });
      }
      if (ids.length) {
        setGenerated({ ids, interrupted: cancelled.current });
        notify(`${ids.length} courrier${ids.length > 1 ? 's' : ''} généré${ids.length > 1 ? 's' : ''} et archivé${ids.length > 1 ? 's' : ''}${cancelled.current ? ' (lot interrompu)' : ''}.`);
      }
    } catch (e) {
      setError((e as Error).message);
    } finally {
      setProgress(null);
      void queryClient.invalidateQueries({ queryKey: ['documents.list'] });
      void queryClient.invalidateQueries({ queryKey: ['register.list'] });
    }
  }

  const m = preview.data;
  return (
    <section className="page">
      <header className="page__header">
        <h1>Documents</h1>
      </header>

      <section className="card" aria-label="Nouveau courrier" style={{ marginBottom: '1rem' }}>
        <h2>Nouveau courrier</h2>
        <div className="grid grid--3">
          <SelectField label="Type de courrier" value={type} onChange={setType} options={LETTER_TYPES.map((t) => ({ value: t, label: LETTER_TYPE_LABELS[t] }))} />
          <div className="field">
            <label>Destinataires</label>
            <Segmented label="Destinataires" value={mode} options={{ one: 'Un client', batch: 'Tous les clients en retard' }} onChange={setMode} />
          </div>
          {mode === 'one' ? (
            <ClientPicker value={client} onChange={setClient} />
          ) : (
            <TextField label="En retard depuis au moins (jours)" value={minDays} onChange={setMinDays} inputMode="numeric" />
          )}
        </div>
        {error ? <div className="notice notice--error" role="alert">{error}</div> : null}
        {progress ? (
          <div className="progress" role="status">
            <progress max={progress.total} value={progress.done} aria-label="Avancement du lot" /> {progress.done} / {progress.total} courriers{' '}
            <button type="button" className="button" onClick={() => (cancelled.current = true)}>
              Annuler le lot
            </button>
          </div>
        ) : mode === 'one' ? (
          <div className="form__actions">
            <button type="button" className="button button--primary" disabled={!client || !m} onClick={() => client && void generate([client.id])}>
              Générer et archiver le PDF
            </button>
          </div>
        ) : (
          <div className="form__actions">
            <span className="muted">{batch.data ? `${batch.data.length} client${batch.data.length > 1 ? 's' : ''} concerné${batch.data.length > 1 ? 's' : ''}` : '…'}</span>
            <button type="button" className="button button--primary" disabled={!batch.data?.length} onClick={() => batch.data && void generate(batch.data.map((c) => c.id))}>
              Générer les {batch.data?.length ?? 0} courriers en un PDF
            </button>
          </div>
        )}
        {generated ? (
          <div className="notice notice--success" role="status" aria-label="Courriers générés">
            {generated.ids.length} courrier{generated.ids.length > 1 ? 's' : ''} archivé{generated.ids.length > 1 ? 's' : ''}
            {generated.interrupted ? ' (lot interrompu)' : ''}
            {generated.ids.length > 1 ? ', réunis en un seul PDF pour l’impression' : ''}.{' '}
            <button type="button" className="button button--primary" onClick={() => showPdf(() => api('documents.merge', { ids: generated.ids }), { print: true }).catch((e: Error) => setError(e.message))}>
              Imprimer
            </button>{' '}
            <button type="button" className="button" onClick={() => showPdf(() => api('documents.merge', { ids: generated.ids })).catch((e: Error) => setError(e.message))}>
              Ouvrir le PDF
            </button>{' '}
            <button
              type="button"
              className="button"
              onClick={() =>
                api('documents.merge', { ids: generated.ids })
                  .then((f) => downloadFile(f.fileName, 'application/pdf', f.base64))
                  .catch((e: Error) => setError(e.message))
              }
            >
              Enregistrer
            </button>
          </div>
        ) : null}
        {mode === 'one' && preview.isError ? <ErrorState error={preview.error} /> : null}
        {mode === 'one' && m ? (
          <article className="letter-preview" aria-label="Aperçu du courrier">
            <p className="letter-preview__from">
              <strong>{m.creditor.name}</strong>
              <br />
              {m.creditor.legalLine}
            </p>
            <address className="postal letter-preview__to">
              {m.debtorAddressLines.map((l, i) => (
                <div key={i}>{l}</div>
              ))}
            </address>
            {m.registeredLine ? <p className="letter-preview__registered">{m.registeredLine}</p> : null}
            <p className="letter-preview__date">{m.dateLine}</p>
            <p>
              <strong>Objet : {m.subject}</strong>
            </p>
            {m.paragraphs.map((p, i) => (
              <p key={i}>{p}</p>
            ))}
            <table className="simple-table">
              <thead>
                <tr>
                  <th>Facture</th>
                  <th>Échéance</th>
                  <th className="cell--num">Reste dû</th>
                  {m.type === 'formal_notice' ? <th className="cell--num">Pénalités</th> : null}
                </tr>
              </thead>
              <tbody>
                {m.invoices.map((i) => (
                  <tr key={i.number}>
                    <td>{i.number}</td>
                    <td>{formatDateFr(i.dueDate)}</td>
                    <td className="cell--num">{formatEuros(i.remainingCents)}</td>
                    {m.type === 'formal_notice' ? <td className="cell--num">{formatEuros(i.penaltiesCents)}</td> : null}
                  </tr>
                ))}
              </tbody>
            </table>
            <p>
              <strong>Total {m.type === 'formal_notice' ? 'réclamé' : 'dû'} : {formatEuros(m.totals.claimCents)}</strong>
              {m.deadline ? ` — à régler avant le ${formatDateFr(m.deadline.date)}` : ''}
            </p>
          </article>
        ) : null}
      </section>

      <RegisterSection />

      <section className="card" aria-label="Documents archivés">
        <h2>Documents archivés</h2>
        <ArchivedDocuments emptyText="Aucun document pour l’instant : les relances, mises en demeure et relevés que vous générez sont archivés ici, tels qu’envoyés." />
      </section>
    </section>
  );
}
