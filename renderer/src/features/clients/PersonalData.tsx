// RGPD for a natural-person client: export everything held about them, and erase or anonymise
// them where no retention duty applies (the app says what must be kept, until when, and why).
import { useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import { useState } from 'react';
import { useNavigate } from 'react-router';
import { formatDateFr } from '../../../../shared/domain/dates.js';
import { api } from '../../api/client.js';
import { downloadFile } from '../../api/files.js';
import { ConfirmDialog } from '../../components/ConfirmDialog.js';
import { useToast } from '../../components/Toast.js';

export function PersonalData({ clientId, clientName }: { clientId: number; clientName: string }) {
  const notify = useToast();
  const navigate = useNavigate();
  const queryClient = useQueryClient();
  const retention = useQuery({ queryKey: ['privacy.retention', clientId], queryFn: () => api('privacy.retention', { id: clientId }) });
  const [confirm, setConfirm] = useState<'anonymise' | 'erase' | null>(null);
  const erase = useMutation({
    mutationFn: (mode: 'anonymise' | 'erase') => api('privacy.erase', { id: clientId, mode }),
    onSuccess: (r) => {
      void queryClient.invalidateQueries();
      notify(r.mode === 'erase' ? 'Client effacé.' : `Client anonymisé : « ${r.name} ».`);
      if (r.mode === 'erase') navigate('/clients');
    },
    onError: (e: Error) => notify(e.message, { tone: 'error' }),
  });
  const r = retention.data;
  return (
    <article className="card card--wide" aria-label="Données personnelles">
      <h2>Données personnelles (RGPD)</h2>
      <div className="form__actions" style={{ justifyContent: 'flex-start' }}>
        <button type="button" className="button" onClick={() => api('privacy.export', { id: clientId }).then((f) => downloadFile(f.fileName, 'application/zip', f.base64)).catch((e: Error) => notify(e.message, { tone: 'error' }))}>
          Exporter tout ce qui concerne cette personne
        </button>
        <button type="button" className="button button--danger-outline" disabled={!r?.canAnonymise} onClick={() => setConfirm('anonymise')}>
          Anonymiser
        </button>
        <button type="button" className="button button--danger-outline" disabled={!r?.canErase} onClick={() => setConfirm('erase')}>
          Effacer
        </button>
      </div>
      {r ? (
        <>
          {r.keepUntil ? <p>À conserver jusqu’au {formatDateFr(r.keepUntil)}.</p> : <p>Aucune obligation de conservation : effacement possible.</p>}
          <ul className="muted">
            {r.reasons.map((x, i) => (
              <li key={i}>{x}</li>
            ))}
          </ul>
        </>
      ) : null}
      <ConfirmDialog
        open={confirm !== null}
        title={confirm === 'erase' ? `Effacer « ${clientName} » ?` : `Anonymiser « ${clientName} » ?`}
        confirmLabel={confirm === 'erase' ? 'Effacer définitivement' : 'Anonymiser définitivement'}
        danger
        onCancel={() => setConfirm(null)}
        onConfirm={() => {
          const mode = confirm!;
          setConfirm(null);
          erase.mutate(mode);
        }}
      >
        {confirm === 'erase'
          ? 'Le client, ses factures, paiements et documents seront supprimés. C’est irréversible.'
          : 'Nom, adresse, contacts, notes et courriers de relance seront supprimés ; les factures et paiements restent (comptabilité). C’est irréversible.'}
        <ul>
          {(r?.remaining ?? []).map((x, i) => (
            <li key={i}>{x}</li>
          ))}
        </ul>
      </ConfirmDialog>
    </article>
  );
}
