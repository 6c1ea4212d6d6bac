// The archived documents (all, or one client's): each reopened, printed or saved exactly as it was
// archived — the bytes whose SHA-256 is shown.
import { useQuery } from '@tanstack/react-query';
import { Link } from 'react-router';
import type { DocumentInfo } from '../../../../shared/contract.js';
import { formatDateFr } from '../../../../shared/domain/dates.js';
import { api } from '../../api/client.js';
import { downloadFile, showPdf } from '../../api/files.js';
import { useToast } from '../../components/Toast.js';

const KIND_LABELS: Record<string, string> = {
  reminder: 'Relance',
  formal_notice: 'Mise en demeure',
  statement: 'Relevé',
  payment_order: 'Injonction de payer',
  proof: 'Justificatif',
  other: 'Autre',
};

function DocumentButtons({ doc }: { doc: DocumentInfo }) {
  const notify = useToast();
  const load = () => api('documents.merge', { ids: [doc.id] });
  const fail = (e: Error) => notify(e.message, { tone: 'error' });
  const pdf = doc.fileName.toLowerCase().endsWith('.pdf');
  return (
    <span className="row-actions">
      {pdf ? (
        <>
          <button type="button" className="button button--link" onClick={() => showPdf(load).catch(fail)} aria-label={`Ouvrir ${doc.title}`}>
            Ouvrir
          </button>
          <button type="button" className="button button--link" onClick={() => showPdf(load, { print: true }).catch(fail)} aria-label={`Imprimer ${doc.title}`}>
            Imprimer
          </button>
        </>
      ) : null}
      <button
        type="button"
        className="button button--link"
        aria-label={`Enregistrer ${doc.title}`}
        onClick={() =>
          load()
            .then((f) => downloadFile(doc.fileName, pdf ? 'application/pdf' : 'application/octet-stream', f.base64))
            .catch(fail)
        }
      >
        Enregistrer
      </button>
    </span>
  );
}

export function ArchivedDocuments({ clientId, emptyText }: { clientId?: number; emptyText: string }) {
  const documents = useQuery({ queryKey: ['documents.list', clientId ?? null], queryFn: () => api('documents.list', clientId ? { clientId } : {}) });
  if (!documents.data?.length) return <p className="muted">{documents.isPending ? 'Chargement…' : emptyText}</p>;
  return (
    <table className="simple-table" aria-label="Documents archivés">
      <thead>
        <tr>
          <th>Créé le</th>
          <th>Document</th>
          {clientId ? null : <th>Client</th>}
          <th>Empreinte SHA-256</th>
          <th />
        </tr>
      </thead>
      <tbody>
        {documents.data.map((d) => (
          <tr key={d.id}>
            <td>{formatDateFr(d.createdAt.slice(0, 10))}</td>
            <td>
              {d.title}
              <div className="muted">{KIND_LABELS[d.kind] ?? d.kind}</div>
            </td>
            {clientId ? null : <td>{d.clientId ? <Link to={`/clients/${d.clientId}`}>{d.clientName}</Link> : '—'}</td>}
            <td className="cell--mono" title={d.sha256}>
              {d.sha256.slice(0, 16)}…
            </td>
            <td>
              <DocumentButtons doc={d} />
            </td>
          </tr>
        ))}
      </tbody>
    </table>
  );
}
