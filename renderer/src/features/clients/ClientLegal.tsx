// Contentieux: what to do next and why (the procedure advisor), the injonction de payer dossier
// prepared in one click (court confirmed by the user), collective procedures and the déclaration
// de créance, the cases with their stages, and the pièces.
import { useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import { useState } from 'react';
import { COURT_KIND_LABELS, type CourtKind } from '../../../../shared/domain/cases.js';
import { formatDateFr, parseDateInput } from '../../../../shared/domain/dates.js';
import { formatEuros } from '../../../../shared/domain/money.js';
import { COLLECTIVE_PROCEDURE_LABELS, type Advice, type CollectiveProcedureKind } from '../../../../shared/legal/advisor.js';
import { api } from '../../api/client.js';
import { downloadFile, showPdf } from '../../api/files.js';
import { SelectField, TextArea, TextField } from '../../components/Field.js';
import { useToast } from '../../components/Toast.js';
import { Attachments } from './Attachments.js';
import { CaseCard } from './CaseCard.js';

const REFRESH = ['cases.list', 'advisor.client', 'collective.list', 'invoices.list', 'invoices.get', 'queue.today', 'documents.list', 'register.list', 'clients.summary'];

function DossierForm({ clientId, advice, onDone }: { clientId: number; advice: Advice; onDone: () => void }) {
  const notify = useToast();
  const queryClient = useQueryClient();
  const open = useQuery({ queryKey: ['clients.openInvoices', clientId], queryFn: () => api('clients.openInvoices', { id: clientId }) });
  const eligible = (open.data ?? []).filter((i) => advice.invoiceNumbers.includes(i.number));
  const [chosen, setChosen] = useState<number[] | null>(null);
  const ids = chosen ?? eligible.map((i) => i.id);
  const [kind, setKind] = useState<CourtKind>(advice.court?.kind ?? 'commerce');
  const [city, setCity] = useState(advice.court?.suggestedCity ?? '');
  const [confirmed, setConfirmed] = useState(false);
  const [renvoi, setRenvoi] = useState('');
  const [error, setError] = useState<string | null>(null);
  const [result, setResult] = useState<{ documentId: number; zipFileName: string; zipBase64: string; missing: string[]; warnings: string[] } | null>(null);
  const prepare = useMutation({
    mutationFn: () => api('dossier.prepare', { clientId, invoiceIds: ids, court: { kind, name: city }, request1408: renvoi.trim() ? { court: renvoi } : null }),
    onSuccess: (r) => {
      setError(null);
      setResult({ documentId: r.document.id, zipFileName: r.zipFileName, zipBase64: r.zipBase64, missing: r.missing, warnings: r.warnings });
      for (const key of REFRESH) void queryClient.invalidateQueries({ queryKey: [key] });
      notify('Dossier d’injonction de payer prêt : les factures passent en contentieux.');
    },
    onError: (e: Error) => setError(e.message),
  });
  if (result) {
    return (
      <div className="card" role="status" aria-label="Dossier prêt">
        <p>
          <strong>Dossier prêt.</strong> Téléchargez l’export pour votre avocat, ou ouvrez le PDF à imprimer et déposer au greffe.
        </p>
        {result.missing.length ? (
          <div className="notice notice--warning" role="alert">
            À compléter dans la requête : {result.missing.join(' ; ')} (Paramètres → Votre entreprise), puis préparez un nouveau dossier.
          </div>
        ) : null}
        {result.warnings.length ? (
          <ul className="warnings">
            {result.warnings.map((w, i) => (
              <li key={i}>{w}</li>
            ))}
          </ul>
        ) : null}
        <div className="form__actions">
          <button type="button" className="button button--primary" onClick={() => downloadFile(result.zipFileName, 'application/zip', result.zipBase64)}>
            Télécharger l’export (ZIP)
          </button>
          <button type="button" className="button" onClick={() => showPdf(() => api('documents.merge', { ids: [result.documentId] }), { print: true }).catch((e: Error) => notify(e.message, { tone: 'error' }))}>
            Imprimer le dossier (PDF)
          </button>
          <button type="button" className="button" onClick={onDone}>
            Fermer
          </button>
        </div>
      </div>
    );
  }
  return (
    <form className="card" aria-label="Préparer le dossier d’injonction de payer" onSubmit={(e) => { e.preventDefault(); if (!confirmed) return setError('Confirmez le tribunal : celui du domicile du débiteur.'); prepare.mutate(); }}>
      {error ? <div className="notice notice--error" role="alert">{error}</div> : null}
      <fieldset className="radio-group">
        <legend>Factures</legend>
        {eligible.map((i) => (
          <label key={i.id}>
            <input type="checkbox" checked={ids.includes(i.id)} onChange={(e) => setChosen(e.target.checked ? [...ids, i.id] : ids.filter((x) => x !== i.id))} /> {i.number} ({formatEuros(i.balanceCents)})
          </label>
        ))}
      </fieldset>
      <div className="grid grid--3">
        <SelectField label="Tribunal" value={kind} onChange={setKind} options={(Object.keys(COURT_KIND_LABELS) as CourtKind[]).map((k) => ({ value: k, label: COURT_KIND_LABELS[k] }))} />
        <TextField label="Ville du tribunal" value={city} onChange={setCity} hint={advice.court?.forLocality ? `Le débiteur est à ${advice.court.forLocality}.` : undefined} />
        <TextField label="Renvoi en cas d’opposition (art. 1408, facultatif)" value={renvoi} onChange={setRenvoi} />
      </div>
      <label>
        <input type="checkbox" checked={confirmed} onChange={(e) => setConfirmed(e.target.checked)} /> J’ai vérifié que ce tribunal est celui du domicile du débiteur.
      </label>
      <div className="form__actions">
        <button type="button" className="button" onClick={onDone}>
          Annuler
        </button>
        <button type="submit" className="button button--primary" disabled={prepare.isPending || ids.length === 0 || !city.trim()}>
          {prepare.isPending ? 'Préparation…' : 'Préparer le dossier'}
        </button>
      </div>
    </form>
  );
}

function CollectiveForm({ clientId, onDone }: { clientId: number; onDone: () => void }) {
  const queryClient = useQueryClient();
  const [kind, setKind] = useState<CollectiveProcedureKind>('reorganisation');
  const [f, setF] = useState({ judgment: '', bodacc: '', court: '', mandataire: '', address: '' });
  const [abroad, setAbroad] = useState(false);
  const [errors, setErrors] = useState<Record<string, string>>({});
  const [error, setError] = useState<string | null>(null);
  const set = (k: keyof typeof f) => (v: string) => setF((x) => ({ ...x, [k]: v }));
  const save = useMutation({
    mutationFn: () =>
      api('collective.record', {
        clientId,
        kind,
        judgmentDate: parseDateInput(f.judgment) ?? f.judgment,
        bodaccDate: f.bodacc.trim() ? (parseDateInput(f.bodacc) ?? f.bodacc) : null,
        court: f.court || null,
        mandataireName: f.mandataire || null,
        mandataireAddress: f.address.split('\n').map((l) => l.trim()).filter(Boolean),
        creditorAbroad: abroad,
      }),
    onSuccess: () => {
      for (const key of REFRESH) void queryClient.invalidateQueries({ queryKey: [key] });
      onDone();
    },
    onError: (e: Error & { fields?: Record<string, string> }) => {
      setError(e.message);
      setErrors(e.fields ?? {});
    },
  });
  return (
    <form className="card" aria-label="Procédure collective" onSubmit={(e) => { e.preventDefault(); save.mutate(); }}>
      {error ? <div className="notice notice--error" role="alert">{error}</div> : null}
      <div className="grid grid--3">
        <SelectField label="Procédure" value={kind} onChange={setKind} options={(Object.keys(COLLECTIVE_PROCEDURE_LABELS) as CollectiveProcedureKind[]).map((k) => ({ value: k, label: COLLECTIVE_PROCEDURE_LABELS[k] }))} />
        <TextField label="Jugement d’ouverture du" value={f.judgment} onChange={set('judgment')} error={errors.judgmentDate} placeholder="JJ/MM/AAAA" />
        <TextField label="Publié au BODACC le" value={f.bodacc} onChange={set('bodacc')} error={errors.bodaccDate} placeholder="JJ/MM/AAAA" />
        <TextField label="Tribunal" value={f.court} onChange={set('court')} error={errors.court} />
        <TextField label="Mandataire ou liquidateur" value={f.mandataire} onChange={set('mandataire')} error={errors.mandataireName} />
      </div>
      <TextArea label="Adresse du mandataire (une ligne par ligne postale)" value={f.address} onChange={set('address')} error={errors.mandataireAddress} rows={3} />
      <label>
        <input type="checkbox" checked={abroad} onChange={(e) => setAbroad(e.target.checked)} /> Je suis établi hors de France métropolitaine (deux mois de plus pour déclarer)
      </label>
      <div className="form__actions">
        <button type="button" className="button" onClick={onDone}>
          Annuler
        </button>
        <button type="submit" className="button button--primary">
          Enregistrer la procédure
        </button>
      </div>
    </form>
  );
}

export function ClientLegal({ clientId }: { clientId: number }) {
  const notify = useToast();
  const queryClient = useQueryClient();
  const advice = useQuery({ queryKey: ['advisor.client', clientId], queryFn: () => api('advisor.client', { clientId }) });
  const cases = useQuery({ queryKey: ['cases.list', clientId], queryFn: () => api('cases.list', { clientId }) });
  const collective = useQuery({ queryKey: ['collective.list', clientId], queryFn: () => api('collective.list', { id: clientId }) });
  const [form, setForm] = useState<'dossier' | 'collective' | null>(null);
  const a = advice.data;
  const canPrepare = a && ['payment_order', 'small_claims_or_payment_order', 'wait_formal_notice_deadline', 'formal_notice_first'].includes(a.procedure) && a.invoiceNumbers.length > 0;
  const declare = useMutation({
    mutationFn: (id: number) => api('collective.declare', { id }),
    onSuccess: (doc) => {
      for (const key of REFRESH) void queryClient.invalidateQueries({ queryKey: [key] });
      void showPdf(() => api('documents.merge', { ids: [doc.id] }), { print: true }).catch(() => undefined);
    },
    onError: (e: Error) => notify(e.message, { tone: 'error' }),
  });
  return (
    <article className="card card--wide" aria-label="Contentieux">
      <h2>Contentieux</h2>
      {a ? (
        <section className="advice" aria-label="Que faire maintenant">
          <p>
            <strong>Que faire maintenant : {a.title}</strong>
            {a.claim.totalCents > 0 ? <span className="muted"> — {formatEuros(a.claim.totalCents)} réclamables</span> : null}
          </p>
          <ul>
            {a.reasons.map((r, i) => (
              <li key={i}>{r}</li>
            ))}
          </ul>
          {a.warnings.length ? (
            <ul className="warnings" aria-label="Points d’attention">
              {a.warnings.map((w, i) => (
                <li key={i}>{w}</li>
              ))}
            </ul>
          ) : null}
          {a.excludedInvoices.length ? <p className="muted">Laissées de côté : {a.excludedInvoices.map((x) => `${x.number} (${x.reason})`).join(' ; ')}</p> : null}
          {a.claimDeclarationDeadline ? <p><strong>Déclaration de créance à faire au plus tard le {formatDateFr(a.claimDeclarationDeadline)}.</strong></p> : null}
        </section>
      ) : (
        <p className="muted">{advice.isPending ? 'Analyse…' : ''}</p>
      )}
      <div className="form__actions">
        {canPrepare && form === null ? (
          <button type="button" className="button button--primary" onClick={() => setForm('dossier')}>
            Préparer le dossier d’injonction de payer
          </button>
        ) : null}
        {form === null && !collective.data?.some((p) => p.inForce) ? (
          <button type="button" className="button" onClick={() => setForm('collective')}>
            Signaler une procédure collective
          </button>
        ) : null}
      </div>
      {form === 'dossier' && a ? <DossierForm clientId={clientId} advice={a} onDone={() => setForm(null)} /> : null}
      {form === 'collective' ? <CollectiveForm clientId={clientId} onDone={() => setForm(null)} /> : null}

      {collective.data?.map((p) => (
        <section key={p.id} className="case" aria-label={`Procédure collective ${p.id}`}>
          <p>
            <strong>{p.kindLabel}</strong> — jugement du {formatDateFr(p.judgmentDate)}
            {p.bodaccDate ? `, BODACC du ${formatDateFr(p.bodaccDate)}` : ''}
            {p.mandataireName ? ` — ${p.mandataireName}` : ''}
            {p.endedDate ? ` — terminée le ${formatDateFr(p.endedDate)}` : ''}
          </p>
          {p.inForce ? (
            <p className={p.daysLeft !== null && p.daysLeft < 15 ? 'notice notice--warning' : ''}>
              {p.deadline ? `Déclaration de créance au plus tard le ${formatDateFr(p.deadline)} (${p.daysLeft} jours).` : 'Délai inconnu tant que la publication au BODACC n’est pas enregistrée : surveillez le BODACC.'}{' '}
              <button type="button" className="button" onClick={() => declare.mutate(p.id)} disabled={declare.isPending}>
                {p.declarationDocumentId ? 'Refaire la déclaration de créance' : 'Préparer la déclaration de créance'}
              </button>
            </p>
          ) : null}
        </section>
      ))}

      {cases.data?.length ? cases.data.map((c) => <CaseCard key={c.id} c={c} />) : <p className="muted">Aucun dossier contentieux.</p>}
      <Attachments owner={{ type: 'client', id: clientId }} />
    </article>
  );
}
