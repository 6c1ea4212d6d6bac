// Letters and their archive: preview a letter, generate one or a batch (with progress and
// cancel; each letter archived on its own, then all merged into one PDF to print), and reopen
// any archived document.
import { useQuery, useQueryClient } from '@tanstack/react-query';
import { useRef, useState } from 'react';
import { Link } from 'react-router';
import { formatDateFr, todayLocal } from '../../../../shared/domain/dates.js';
import { formatEuros } from '../../../../shared/domain/money.js';
import { LETTER_TYPE_LABELS, LETTER_TYPES, type LetterType } from '../../../../shared/documents/letter-model.js';
import { api } from '../../api/client.js';
import { ClientPicker, type PickedClient } from '../../components/ClientPicker.js';
import { ErrorState } from '../../components/EmptyState.js';
import { SelectField, TextField } from '../../components/Field.js';
import { Segmented } from '../../components/Segmented.js';
import { useToast } from '../../components/Toast.js';
import { RegisterSection } from './RegisterSection.js';

function openPdf(fileName: string, base64: string) {
  const bytes = Uint8Array.from(atob(base64), (c) => c.charCodeAt(0));
  const url = URL.createObjectURL(new Blob([bytes], { type: 'application/pdf' }));
  const a = document.createElement('a');
  a.href = url;
  a.download = fileName;
  a.click();
  setTimeout(() => URL.revokeObjectURL(url), 30_000);
}

export function DocumentsPage() {
  const notify = useToast();
  const queryClient = useQueryClient();
  const [type, setType] = useState<LetterType>('friendly_reminder');
  const [mode, setMode] = useState<'one' | 'batch'>('one');
  const [client, setClient] = useState<PickedClient | null>(null);
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
  const documents = useQuery({ queryKey: ['documents.list'], queryFn: () => api('documents.list', {}) });

  async function generate(clientIds: number[]) {
    setError(null);
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
        const merged = await api('documents.merge', { ids });
        openPdf(merged.fileName, merged.base64);
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
        {documents.data?.length ? (
          <table className="simple-table" aria-label="Documents archivés">
            <thead>
              <tr>
                <th>Créé le</th>
                <th>Document</th>
                <th>Client</th>
                <th>Empreinte SHA-256</th>
                <th />
              </tr>
            </thead>
            <tbody>
              {documents.data.map((d) => (
                <tr key={d.id}>
                  <td>{formatDateFr(d.createdAt.slice(0, 10))}</td>
                  <td>{d.title}</td>
                  <td>{d.clientId ? <Link to={`/clients/${d.clientId}`}>{d.clientName}</Link> : '—'}</td>
                  <td className="cell--mono" title={d.sha256}>
                    {d.sha256.slice(0, 16)}…
                  </td>
                  <td>
                    <button
                      type="button"
                      className="button button--link"
                      onClick={async () => {
                        const file = await api('documents.merge', { ids: [d.id] });
                        openPdf(d.fileName, file.base64);
                      }}
                    >
                      Ouvrir
                    </button>
                  </td>
                </tr>
              ))}
            </tbody>
          </table>
        ) : (
          <p className="muted">Aucun document pour l’instant : les relances, mises en demeure et relevés que vous générez sont archivés ici, tels qu’envoyés.</p>
        )}
      </section>
    </section>
  );
}
