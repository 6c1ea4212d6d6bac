// Paramètres → Sauvegardes et données: automatic backups (folder, encryption, passphrase for the
// session), a backup now, a restore (confirmed), the full export and its re-import into an empty
// book, and the clients to review for personal data.
import { useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import { useState } from 'react';
import { Link } from 'react-router';
import { formatDateFr } from '../../../../shared/domain/dates.js';
import { formatEuros, type Cents } from '../../../../shared/domain/money.js';
import { formatBytes } from '../../../../shared/domain/text.js';
import { api } from '../../api/client.js';
import { downloadFile, readFileBase64 } from '../../api/files.js';
import { ConfirmDialog } from '../../components/ConfirmDialog.js';
import { TextField } from '../../components/Field.js';
import { useToast } from '../../components/Toast.js';


export function DataSettings() {
  const notify = useToast();
  const queryClient = useQueryClient();
  const status = useQuery({ queryKey: ['backup.status'], queryFn: () => api('backup.status', {}) });
  const inactive = useQuery({ queryKey: ['privacy.inactive'], queryFn: () => api('privacy.inactive', {}) });
  const [folder, setFolder] = useState<string | null>(null);
  const [encrypt, setEncrypt] = useState<boolean | null>(null);
  const [passphrase, setPassphrase] = useState('');
  const [restorePath, setRestorePath] = useState('');
  const [restorePass, setRestorePass] = useState('');
  const [confirmRestore, setConfirmRestore] = useState(false);
  const [errors, setErrors] = useState<Record<string, string>>({});
  const fail = (e: Error) => notify(e.message, { tone: 'error' });
  const refresh = () => void queryClient.invalidateQueries({ queryKey: ['backup.status'] });
  const s = status.data;
  const saveSettings = useMutation({
    mutationFn: () => api('preferences.set', { backup: { folder: (folder ?? s?.folder ?? '') || null, encrypt: encrypt ?? s?.encrypt ?? false } }),
    onSuccess: () => {
      setFolder(null);
      setEncrypt(null);
      setErrors({});
      notify('Réglages des sauvegardes enregistrés.');
      // The first backup into the new folder runs at once: its outcome shows below.
      setTimeout(refresh, 1500);
    },
    onError: (e: Error & { fields?: Record<string, string> }) => setErrors(e.fields ?? { 'backup.folder': e.message }),
  });
  const setSession = useMutation({ mutationFn: () => api('backup.setPassphrase', { passphrase }), onSuccess: () => { refresh(); notify('Phrase de passe retenue pour cette session (jamais enregistrée).'); }, onError: fail });
  const now = useMutation({
    mutationFn: () => api('backup.now', passphrase ? { passphrase } : {}),
    onSuccess: (r) => notify(`Sauvegarde vérifiée : ${r.path} (${formatBytes(r.sizeBytes)}, ${r.counts.invoices ?? 0} factures, documents compris).`),
    onError: fail,
  });
  const restore = useMutation({
    mutationFn: () => api('backup.restore', { path: restorePath, ...(restorePass ? { passphrase: restorePass } : {}) }),
    onSuccess: (r) => {
      void queryClient.invalidateQueries();
      notify(`Sauvegarde restaurée : ${r.counts.clients ?? 0} clients, ${r.counts.invoices ?? 0} factures.${r.asidePath ? ` Les données remplacées sont gardées dans ${r.asidePath}.` : ''}`);
    },
    onError: fail,
  });
  const exportAll = useMutation({ mutationFn: () => api('export.full', {}), onSuccess: (f) => downloadFile(f.fileName, 'application/zip', f.base64), onError: fail });
  const importAll = useMutation({
    mutationFn: async (file: File) => api('export.importFull', { base64: await readFileBase64(file) }),
    onSuccess: (r) => {
      void queryClient.invalidateQueries();
      notify(`Export réimporté : ${r.clients} clients, ${r.invoices} factures, ${r.payments} paiements, ${r.documents} documents.`);
    },
    onError: fail,
  });

  return (
    <>
      <h2 className="section-title">Sauvegardes</h2>
      <form className="card" aria-label="Sauvegardes automatiques" onSubmit={(e) => { e.preventDefault(); saveSettings.mutate(); }}>
        <p className="muted">
          Au démarrage puis chaque jour d’utilisation, une copie vérifiée de vos données (documents compris) est écrite dans ce dossier — de préférence une clé USB ou
          un dossier synchronisé. On garde les 7 derniers jours, 4 semaines et 12 mois.
        </p>
        <div className="grid grid--2">
          <TextField label="Dossier des sauvegardes" value={folder ?? s?.folder ?? ''} onChange={setFolder} error={errors['backup.folder'] ?? errors.folder} placeholder="/media/cle-usb/Recouvra ou D:\\Sauvegardes" />
          <label className="checkbox-line">
            <input type="checkbox" checked={encrypt ?? s?.encrypt ?? false} onChange={(e) => setEncrypt(e.target.checked)} /> Chiffrer les sauvegardes (AES-256, phrase de passe demandée à chaque session)
          </label>
        </div>
        {s ? (
          <p className="muted">
            Dernière sauvegarde automatique : {s.lastAutomaticAt ? new Date(s.lastAutomaticAt).toLocaleString('fr-FR') : 'aucune'}
            {s.lastOutcome ? ` — ${s.lastOutcome.message}` : ''}
          </p>
        ) : null}
        {s?.lastOutcome?.status === 'failed' ? <div className="notice notice--error" role="alert">{s.lastOutcome.message}</div> : null}
        <div className="form__actions">
          <button type="submit" className="button button--primary" disabled={folder === null && encrypt === null}>
            Enregistrer
          </button>
        </div>
      </form>
      <div className="card" aria-label="Sauvegarde et restauration">
        <div className="inline-form">
          <input type="password" aria-label="Phrase de passe" placeholder="Phrase de passe (sauvegardes chiffrées)" value={passphrase} onChange={(e) => setPassphrase(e.target.value)} autoComplete="new-password" />
          {s?.encrypt ? (
            <button type="button" className="button" disabled={passphrase.length < 8} onClick={() => setSession.mutate()}>
              Retenir pour cette session
            </button>
          ) : null}
          <button type="button" className="button" disabled={!s?.folder || now.isPending} onClick={() => now.mutate()}>
            {now.isPending ? 'Sauvegarde…' : 'Sauvegarder maintenant'}
          </button>
        </div>
        <form className="inline-form" aria-label="Restaurer une sauvegarde" onSubmit={(e) => { e.preventDefault(); setConfirmRestore(true); }} style={{ marginTop: '0.75rem' }}>
          <input aria-label="Fichier de sauvegarde à restaurer" placeholder="Chemin du fichier de sauvegarde" value={restorePath} onChange={(e) => setRestorePath(e.target.value)} style={{ width: '24rem' }} />
          <input type="password" aria-label="Phrase de passe de la sauvegarde" placeholder="Phrase de passe (si chiffrée)" value={restorePass} onChange={(e) => setRestorePass(e.target.value)} />
          <button type="submit" className="button button--danger-outline" disabled={!restorePath.trim() || restore.isPending}>
            Restaurer…
          </button>
        </form>
      </div>
      <ConfirmDialog open={confirmRestore} title="Restaurer cette sauvegarde ?" confirmLabel="Restaurer" danger onCancel={() => setConfirmRestore(false)} onConfirm={() => { setConfirmRestore(false); restore.mutate(); }}>
        Vos données actuelles seront remplacées par celles de la sauvegarde. Elles ne sont pas perdues : elles sont gardées à côté du fichier de données, sous un nom
        « …before-restore-… ». La sauvegarde est vérifiée avant tout remplacement.
      </ConfirmDialog>

      <h2 className="section-title">Export complet</h2>
      <div className="card">
        <p className="muted">Un ZIP de vos clients, factures et paiements (CSV de Recouvra) avec tous les documents et pièces, et leurs empreintes SHA-256. Il se réimporte à l’identique dans des livres vides.</p>
        <div className="inline-form">
          <button type="button" className="button" disabled={exportAll.isPending} onClick={() => exportAll.mutate()}>
            {exportAll.isPending ? 'Export…' : 'Exporter tout (ZIP)'}
          </button>
          <label className="button">
            Réimporter un export complet (livres vides)
            <input type="file" hidden accept=".zip,application/zip" onChange={(e) => e.target.files?.[0] && importAll.mutate(e.target.files[0])} />
          </label>
        </div>
      </div>

      <h2 className="section-title">Données personnelles à revoir</h2>
      <div className="card">
        {inactive.data?.length ? (
          <table className="simple-table" aria-label="Clients sans activité">
            <thead>
              <tr>
                <th>Client</th>
                <th>Dernière activité</th>
                <th className="cell--num">Reste dû</th>
                <th>Conservation</th>
              </tr>
            </thead>
            <tbody>
              {inactive.data.map((c) => (
                <tr key={c.clientId}>
                  <td>
                    <Link to={`/clients/${c.clientId}`}>{c.name}</Link>
                  </td>
                  <td>{formatDateFr(c.lastActivityDate)}</td>
                  <td className="cell--num">{formatEuros(c.openBalanceCents as Cents)}</td>
                  <td>{c.retention.canErase ? 'effaçable' : c.retention.canAnonymise ? 'anonymisable' : `à garder jusqu’au ${formatDateFr(c.retention.keepUntil)}`}</td>
                </tr>
              ))}
            </tbody>
          </table>
        ) : (
          <p className="muted">Aucun particulier sans activité depuis 3 ans.</p>
        )}
      </div>
    </>
  );
}
