// Imports of files that are not Recouvra's CSV: e-invoices (Factur-X PDF, CII or UBL XML) or an
// accounting export (FEC). Files chosen, a preview with every refused file or line and its
// reason, then all or nothing.
import { useMutation, useQueryClient } from '@tanstack/react-query';
import { useState } from 'react';
import { useNavigate } from 'react-router';
import type { ImportPreview, ImportResult } from '../../../../shared/domain/import.js';
import { api } from '../../api/client.js';
import { readFileBase64 } from '../../api/files.js';
import { useToast } from '../../components/Toast.js';
import { ImportActions, ImportPreviewView } from './ImportPage.js';

type Files = { fileName: string; base64: string }[];

export function FileImport({
  label,
  accept,
  multiple,
  help,
  preview: previewFn,
  apply: applyFn,
}: {
  label: string;
  accept: string;
  multiple: boolean;
  help: string;
  preview: (files: Files) => Promise<ImportPreview>;
  apply: (files: Files) => Promise<ImportResult>;
}) {
  const navigate = useNavigate();
  const notify = useToast();
  const queryClient = useQueryClient();
  const [files, setFiles] = useState<Files>([]);
  const [preview, setPreview] = useState<ImportPreview | null>(null);
  const check = useMutation({ mutationFn: () => previewFn(files), onSuccess: setPreview });
  const apply = useMutation({
    mutationFn: () => applyFn(files),
    onSuccess: (r) => {
      void queryClient.invalidateQueries();
      notify(`Import terminé : ${r.clientsCreated} clients créés, ${r.invoices} factures, ${r.payments} paiements.`);
      navigate('/factures');
    },
  });
  const error = check.error ?? apply.error;
  return (
    <div className="form">
      <p className="muted">{help}</p>
      <fieldset>
        <legend>Fichiers</legend>
        <div className="field">
          <label htmlFor="file-import">{label}</label>
          <input
            id="file-import"
            type="file"
            accept={accept}
            multiple={multiple}
            onChange={async (e) => {
              setPreview(null);
              const chosen = [...(e.target.files ?? [])];
              setFiles(await Promise.all(chosen.map(async (f) => ({ fileName: f.name, base64: await readFileBase64(f) }))));
            }}
          />
        </div>
      </fieldset>
      <ImportActions canCheck={files.length > 0} checking={check.isPending} onCheck={() => check.mutate()} preview={preview} importing={apply.isPending} onImport={() => apply.mutate()} />
      {error ? <div className="notice notice--error" role="alert">{error.message}</div> : null}
      {preview ? <ImportPreviewView preview={preview} /> : null}
    </div>
  );
}

export function EInvoiceImport() {
  return (
    <FileImport
      label="Factures électroniques (PDF Factur-X / ZUGFeRD, XML CII ou UBL)"
      accept=".pdf,.xml,application/pdf,application/xml,text/xml"
      multiple
      help="Vos factures de vente électroniques (norme EN 16931) : le client est retrouvé par son SIREN, son numéro de TVA ou son nom, ou créé ; le fichier d’origine est gardé avec la facture. Une facture dont le vendeur n’est pas votre entreprise est refusée (facture d’achat)."
      preview={(files) => api('import.einvoicePreview', { files })}
      apply={(files) => api('import.einvoiceApply', { files })}
    />
  );
}

export function FecImport() {
  return (
    <FileImport
      label="Fichier des écritures comptables (FEC, .txt ou .csv)"
      accept=".txt,.csv,.fec,text/plain"
      multiple={false}
      help="L’export légal de votre logiciel comptable : les comptes clients (411) deviennent des clients, les factures de vente des factures, les règlements et avoirs sont rapprochés par le lettrage. Réimporter un FEC plus récent met à jour sans rien dupliquer."
      preview={(files) => api('import.fecPreview', files[0]!)}
      apply={(files) => api('import.fecApply', files[0]!)}
    />
  );
}
