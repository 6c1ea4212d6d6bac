// The pièces the user attaches (contract, general terms, purchase orders, delivery notes…) to a
// client, an invoice or a case: PDF, JPEG or PNG, stored with their SHA-256, never altered.
import { useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import { useRef, useState } from 'react';
import { PIECE_TYPE_LABELS, PIECE_TYPES, type AttachmentOwner, type PieceType } from '../../../../shared/domain/attachments.js';
import { formatDateFr } from '../../../../shared/domain/dates.js';
import { api } from '../../api/client.js';
import { downloadFile, readFileBase64, showPdf } from '../../api/files.js';
import { SelectField } from '../../components/Field.js';
import { useToast } from '../../components/Toast.js';

export function Attachments({ owner, title = 'Pièces jointes' }: { owner: AttachmentOwner; title?: string }) {
  const notify = useToast();
  const queryClient = useQueryClient();
  const list = useQuery({ queryKey: ['attachments.list', owner.type, owner.id], queryFn: () => api('attachments.list', owner) });
  const [pieceType, setPieceType] = useState<PieceType>('contract');
  const [error, setError] = useState<string | null>(null);
  const input = useRef<HTMLInputElement>(null);
  const add = useMutation({
    mutationFn: async (file: File) => api('attachments.add', { owner, pieceType, fileName: file.name, base64: await readFileBase64(file) }),
    onSuccess: (a) => {
      setError(null);
      void queryClient.invalidateQueries({ queryKey: ['attachments.list'] });
      notify(`Pièce ajoutée : ${a.title}.`);
    },
    onError: (e: Error) => setError(e.message),
    onSettled: () => {
      if (input.current) input.current.value = '';
    },
  });
  const open = (documentId: number, fileName: string, mimeType: string) => {
    const load = () => api('documents.merge', { ids: [documentId] });
    const fail = (e: Error) => notify(e.message, { tone: 'error' });
    if (mimeType === 'application/pdf') void showPdf(load).catch(fail);
    else void load().then((f) => downloadFile(fileName, mimeType, f.base64)).catch(fail);
  };
  return (
    <section aria-label={title}>
      <h3>{title}</h3>
      {list.data?.length ? (
        <table className="simple-table" aria-label={title}>
          <tbody>
            {list.data.map((a) => (
              <tr key={a.documentId}>
                <td>{PIECE_TYPE_LABELS[a.pieceType]}</td>
                <td>
                  {a.fileName}
                  {a.invoiceNumber ? <span className="muted"> · facture {a.invoiceNumber}</span> : null}
                </td>
                <td>{formatDateFr(a.createdAt.slice(0, 10))}</td>
                <td className="cell--mono" title={a.sha256}>
                  {a.sha256.slice(0, 12)}…
                </td>
                <td>
                  <button type="button" className="button button--link" onClick={() => open(a.documentId, a.fileName, a.mimeType)}>
                    Ouvrir
                  </button>
                </td>
              </tr>
            ))}
          </tbody>
        </table>
      ) : (
        <p className="muted">Aucune pièce : joignez le contrat ou les conditions générales, les bons de commande et de livraison. Ils iront dans le dossier d’injonction de payer.</p>
      )}
      <div className="inline-form">
        <SelectField label="Type de pièce" value={pieceType} onChange={setPieceType} options={PIECE_TYPES.map((t) => ({ value: t, label: PIECE_TYPE_LABELS[t] }))} />
        <label className="button">
          {add.isPending ? 'Envoi…' : 'Joindre un fichier (PDF, JPEG, PNG)'}
          <input ref={input} type="file" hidden accept="application/pdf,image/jpeg,image/png" aria-label="Fichier de la pièce" onChange={(e) => e.target.files?.[0] && add.mutate(e.target.files[0])} />
        </label>
      </div>
      {error ? <div className="notice notice--error" role="alert">{error}</div> : null}
    </section>
  );
}
