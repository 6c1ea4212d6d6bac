// Registre des recommandés: post each formal notice (tracking number, date), then record its
// receipt (date, scan of the avis de réception); the deadline shows once received.
import { useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import { useState } from 'react';
import { Link } from 'react-router';
import type { RegisteredLetterView } from '../../../../shared/contract.js';
import { formatDateFr, parseDateInput, todayLocal } from '../../../../shared/domain/dates.js';
import { api } from '../../api/client.js';
import { readFileBase64, showPdf } from '../../api/files.js';

const STATUS = { to_post: 'À poster', posted: 'Envoyé', received: 'Reçu' } as const;

async function readFile(file: File): Promise<{ fileName: string; mimeType: 'application/pdf' | 'image/png' | 'image/jpeg'; base64: string }> {
  return { fileName: file.name, mimeType: file.type as 'application/pdf', base64: await readFileBase64(file) };
}

function Row({ entry }: { entry: RegisteredLetterView }) {
  const queryClient = useQueryClient();
  const [tracking, setTracking] = useState('');
  const [date, setDate] = useState(formatDateFr(todayLocal()));
  const [scan, setScan] = useState<File | null>(null);
  const [error, setError] = useState<string | null>(null);
  const done = () => {
    setError(null);
    void queryClient.invalidateQueries({ queryKey: ['register.list'] });
    void queryClient.invalidateQueries({ queryKey: ['penalties.invoice'] });
  };
  const post = useMutation({ mutationFn: () => api('register.posted', { id: entry.id, trackingNumber: tracking, sentDate: parseDateInput(date) ?? '' }), onSuccess: done, onError: (e) => setError(e.message) });
  const receive = useMutation({
    mutationFn: async () => api('register.received', { id: entry.id, receivedDate: parseDateInput(date) ?? '', ...(scan ? { scan: await readFile(scan) } : {}) }),
    onSuccess: done,
    onError: (e) => setError(e.message),
  });
  return (
    <tr>
      <td>
        <Link to={`/clients/${entry.clientId}`}>{entry.clientName}</Link>
        <div className="muted">{entry.documentTitle}</div>
      </td>
      <td>{STATUS[entry.status]}</td>
      <td className="cell--mono">{entry.trackingNumber ?? '—'}</td>
      <td>{formatDateFr(entry.sentDate) || '—'}</td>
      <td>{formatDateFr(entry.receivedDate) || '—'}</td>
      <td>{entry.deadline ? <strong>{formatDateFr(entry.deadline)}</strong> : '—'}</td>
      <td>
        {entry.status === 'to_post' ? (
          <form className="inline-form" onSubmit={(e) => { e.preventDefault(); post.mutate(); }} aria-label={`Envoi du recommandé de ${entry.clientName}`}>
            <input aria-label="Numéro de recommandé" placeholder="1A 123 456 7890 1" value={tracking} onChange={(e) => setTracking(e.target.value)} />
            <input aria-label="Date d’envoi" value={date} onChange={(e) => setDate(e.target.value)} />
            <button type="submit" className="button">Envoyé</button>
          </form>
        ) : entry.status === 'posted' ? (
          <form className="inline-form" onSubmit={(e) => { e.preventDefault(); receive.mutate(); }} aria-label={`Réception du recommandé de ${entry.clientName}`}>
            <input aria-label="Date de réception" value={date} onChange={(e) => setDate(e.target.value)} />
            <input type="file" aria-label="Scan de l’avis de réception" accept="application/pdf,image/png,image/jpeg" onChange={(e) => setScan(e.target.files?.[0] ?? null)} />
            <button type="submit" className="button">Reçu</button>
          </form>
        ) : null}
        {error ? <div className="field__error" role="alert">{error}</div> : null}
      </td>
    </tr>
  );
}

/** The bordereau de dépôt of one day, to take to the post office with the letters. */
function Bordereau() {
  const queryClient = useQueryClient();
  const [date, setDate] = useState(formatDateFr(todayLocal()));
  const [includeToPost, setIncludeToPost] = useState(true);
  const [error, setError] = useState<string | null>(null);
  const print = () => {
    setError(null);
    return showPdf(async () => {
      const doc = await api('register.bordereau', { date: parseDateInput(date) ?? '', includeToPost });
      void queryClient.invalidateQueries({ queryKey: ['documents.list'] });
      return api('documents.merge', { ids: [doc.id] });
    }, { print: true }).catch((e: Error) => setError(e.message));
  };
  return (
    <form className="inline-form" aria-label="Bordereau de dépôt" onSubmit={(e) => { e.preventDefault(); void print(); }}>
      <strong>Bordereau de dépôt</strong>
      <input aria-label="Date de dépôt" value={date} onChange={(e) => setDate(e.target.value)} />
      <label>
        <input type="checkbox" checked={includeToPost} onChange={(e) => setIncludeToPost(e.target.checked)} /> avec les lettres encore à poster
      </label>
      <button type="submit" className="button">Imprimer le bordereau</button>
      {error ? <div className="field__error" role="alert">{error}</div> : null}
    </form>
  );
}

export function RegisterSection() {
  const register = useQuery({ queryKey: ['register.list'], queryFn: () => api('register.list', {}) });
  return (
    <section className="card" aria-label="Registre des recommandés" style={{ marginBottom: '1rem' }}>
      <div className="card__header">
        <h2>Registre des recommandés</h2>
        {register.data?.length ? <Bordereau /> : null}
      </div>
      {register.data?.length ? (
        <table className="simple-table" aria-label="Registre des recommandés">
          <thead>
            <tr>
              <th>Client</th>
              <th>État</th>
              <th>N° de recommandé</th>
              <th>Envoyé le</th>
              <th>Reçu le</th>
              <th>Date limite de paiement</th>
              <th />
            </tr>
          </thead>
          <tbody>
            {register.data.map((entry) => (
              <Row key={entry.id} entry={entry} />
            ))}
          </tbody>
        </table>
      ) : (
        <p className="muted">Chaque mise en demeure générée entre ici : notez son numéro de recommandé à l’envoi, puis la date de l’avis de réception.</p>
      )}
    </section>
  );
}
