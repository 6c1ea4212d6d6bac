// Paramètres of the reminders: the scenarios (steps editable, users' own scenarios), the grace
// periods of promises and payment plans, the credit insurer, and the outgoing mail server.
import { useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import { useState } from 'react';
import {
  CHANNEL_LABELS,
  CHANNELS,
  STEP_CONTACT_LABELS,
  STEP_CONTACT_ROLES,
  TONE_LABELS,
  TONES,
  type Grade,
  type Scenario,
  type ScenarioStep,
} from '../../../../shared/domain/scenarios.js';
import { LETTER_TYPE_LABELS, LETTER_TYPES, type LetterType } from '../../../../shared/documents/letter-model.js';
import { SMTP_SECURITIES, SMTP_SECURITY_LABELS, type SmtpSettings } from '../../../../shared/preferences.js';
import { api } from '../../api/client.js';
import { ConfirmDialog } from '../../components/ConfirmDialog.js';
import { SelectField, TextArea, TextField } from '../../components/Field.js';
import { useToast } from '../../components/Toast.js';

type StepDraft = Omit<ScenarioStep, 'id' | 'position'> & { offset: string };
const GRADES: Grade[] = ['A', 'B', 'C', 'D'];

function toDraft(s: ScenarioStep): StepDraft {
  return { offsetDays: s.offsetDays, offset: String(s.offsetDays), channel: s.channel, template: s.template, tone: s.tone, contactRole: s.contactRole, needsValidation: s.needsValidation };
}

function ScenarioEditor({ scenario, onDone }: { scenario: Scenario | null; onDone: () => void }) {
  const notify = useToast();
  const queryClient = useQueryClient();
  const [name, setName] = useState(scenario?.name ?? '');
  const [description, setDescription] = useState(scenario?.description ?? '');
  const [grades, setGrades] = useState<Grade[]>(scenario?.forScores ?? []);
  const [steps, setSteps] = useState<StepDraft[]>(
    scenario?.steps.map(toDraft) ?? [{ offsetDays: 7, offset: '7', channel: 'email', template: 'friendly_reminder', tone: 'courteous', contactRole: 'accounting', needsValidation: false }],
  );
  const [error, setError] = useState<string | null>(null);
  const [confirmDelete, setConfirmDelete] = useState(false);
  const set = (i: number, patch: Partial<StepDraft>) => setSteps((all) => all.map((s, k) => (k === i ? { ...s, ...patch } : s)));
  const refresh = () => {
    for (const key of ['scenarios.list', 'queue.today', 'clients.scenario']) void queryClient.invalidateQueries({ queryKey: [key] });
  };
  const save = useMutation({
    mutationFn: () =>
      api('scenarios.save', {
        ...(scenario ? { id: scenario.id } : {}),
        name,
        description,
        forScores: grades,
        steps: steps.map(({ offset, ...s }) => ({ ...s, offsetDays: Number(offset.replace('+', '').replace('−', '-')) })),
      }),
    onSuccess: (s) => {
      refresh();
      notify(`Scénario « ${s.name} » enregistré.`);
      setError(null);
      onDone();
    },
    onError: (e: Error) => setError(e.message),
  });
  const remove = useMutation({
    mutationFn: () => api('scenarios.delete', { id: scenario!.id }),
    onSuccess: () => {
      refresh();
      notify(`Scénario « ${scenario!.name} » supprimé : ses clients suivent de nouveau le scénario de leur note.`);
      onDone();
    },
    onError: (e: Error) => setError(e.message),
  });
  return (
    <form className="card" aria-label={`Scénario ${scenario?.name ?? 'nouveau'}`} onSubmit={(e) => { e.preventDefault(); save.mutate(); }}>
      {error ? <div className="notice notice--error" role="alert">{error}</div> : null}
      <div className="grid grid--3">
        <TextField label="Nom du scénario" value={name} onChange={setName} />
        <TextField label="Description" value={description} onChange={setDescription} />
        <fieldset className="radio-group">
          <legend>Suivi automatiquement par les notes</legend>
          {GRADES.map((g) => (
            <label key={g}>
              <input type="checkbox" checked={grades.includes(g)} onChange={(e) => setGrades((all) => (e.target.checked ? [...all, g] : all.filter((x) => x !== g)))} /> {g}
            </label>
          ))}
        </fieldset>
      </div>
      <table className="simple-table" aria-label="Étapes">
        <thead>
          <tr>
            <th>Jour (par rapport à l’échéance)</th>
            <th>Action</th>
            <th>Modèle</th>
            <th>Ton</th>
            <th>Destinataire</th>
            <th>Validation</th>
            <th />
          </tr>
        </thead>
        <tbody>
          {steps.map((s, i) => (
            <tr key={i}>
              <td>
                <input aria-label={`Étape ${i + 1} : jour`} value={s.offset} onChange={(e) => set(i, { offset: e.target.value })} style={{ width: '5rem' }} />
              </td>
              <td>
                <select aria-label={`Étape ${i + 1} : action`} value={s.channel} onChange={(e) => set(i, { channel: e.target.value as StepDraft['channel'], ...(e.target.value === 'phone' || e.target.value === 'sms' ? { template: null } : e.target.value === 'registered_letter' ? { template: 'formal_notice', tone: 'formal' } : {}) })}>
                  {CHANNELS.map((c) => (
                    <option key={c} value={c}>
                      {CHANNEL_LABELS[c]}
                    </option>
                  ))}
                </select>
              </td>
              <td>
                <select aria-label={`Étape ${i + 1} : modèle`} value={s.template ?? ''} disabled={s.channel === 'phone' || s.channel === 'sms'} onChange={(e) => set(i, { template: (e.target.value || null) as LetterType | null })}>
                  <option value="">—</option>
                  {LETTER_TYPES.map((t) => (
                    <option key={t} value={t}>
                      {LETTER_TYPE_LABELS[t]}
                    </option>
                  ))}
                </select>
              </td>
              <td>
                <select aria-label={`Étape ${i + 1} : ton`} value={s.tone} onChange={(e) => set(i, { tone: e.target.value as StepDraft['tone'] })}>
                  {TONES.map((t) => (
                    <option key={t} value={t}>
                      {TONE_LABELS[t]}
                    </option>
                  ))}
                </select>
              </td>
              <td>
                <select aria-label={`Étape ${i + 1} : destinataire`} value={s.contactRole} onChange={(e) => set(i, { contactRole: e.target.value as StepDraft['contactRole'] })}>
                  {STEP_CONTACT_ROLES.map((r) => (
                    <option key={r} value={r}>
                      {STEP_CONTACT_LABELS[r]}
                    </option>
                  ))}
                </select>
              </td>
              <td>
                <label>
                  <input type="checkbox" checked={s.needsValidation} onChange={(e) => set(i, { needsValidation: e.target.checked })} /> à valider
                </label>
              </td>
              <td>
                <button type="button" className="button button--link" aria-label={`Supprimer l’étape ${i + 1}`} onClick={() => setSteps((all) => all.filter((_, k) => k !== i))}>
                  Supprimer
                </button>
              </td>
            </tr>
          ))}
        </tbody>
      </table>
      <div className="form__actions">
        <button type="button" className="button" onClick={() => setSteps((all) => [...all, { ...(all.at(-1) ?? toDraft({ id: 0, position: 0, offsetDays: 0, channel: 'email', template: 'friendly_reminder', tone: 'courteous', contactRole: 'accounting', needsValidation: false })), offset: String((all.at(-1)?.offsetDays ?? 0) + 15), offsetDays: (all.at(-1)?.offsetDays ?? 0) + 15 }])}>
          Ajouter une étape
        </button>
        {scenario && !scenario.isDefault ? (
          <button type="button" className="button button--danger-outline" onClick={() => setConfirmDelete(true)}>
            Supprimer le scénario
          </button>
        ) : null}
        <button type="button" className="button" onClick={onDone}>
          Annuler
        </button>
        <button type="submit" className="button button--primary" disabled={save.isPending}>
          Enregistrer le scénario
        </button>
      </div>
      <ConfirmDialog open={confirmDelete} title={`Supprimer « ${scenario?.name ?? ''} » ?`} confirmLabel="Supprimer" danger onCancel={() => setConfirmDelete(false)} onConfirm={() => { setConfirmDelete(false); remove.mutate(); }}>
        Les clients qui le suivent reviendront au scénario de leur note de paiement. L’historique de leurs relances est conservé.
      </ConfirmDialog>
    </form>
  );
}

function SmtpForm() {
  const notify = useToast();
  const queryClient = useQueryClient();
  const prefs = useQuery({ queryKey: ['preferences.get'], queryFn: () => api('preferences.get', {}) });
  const [draft, setDraft] = useState<SmtpSettings | null>(null);
  const [errors, setErrors] = useState<Record<string, string>>({});
  const smtp = draft ?? prefs.data?.smtp ?? null;
  const save = useMutation({
    mutationFn: () => api('preferences.set', { smtp: smtp! }),
    onSuccess: (p) => {
      queryClient.setQueryData(['preferences.get'], p);
      setDraft(null);
      setErrors({});
      notify('Serveur d’envoi enregistré.');
    },
    onError: (e: Error & { fields?: Record<string, string> }) => setErrors(e.fields ?? { host: e.message }),
  });
  const test = useMutation({ mutationFn: () => api('smtp.test', {}), onSuccess: (r) => notify(r.message), onError: (e: Error) => notify(e.message, { tone: 'error' }) });
  if (!smtp) return null;
  const set = (patch: Partial<SmtpSettings>) => setDraft({ ...smtp, ...patch });
  const field = (name: string) => errors[`smtp.${name}`] ?? errors[name];
  return (
    <form className="card" aria-label="Serveur d’envoi des courriels" onSubmit={(e) => { e.preventDefault(); save.mutate(); }}>
      <p className="muted">
        Sans serveur, chaque courriel de relance est préparé en fichier .eml à ouvrir dans votre messagerie. Avec un serveur, il part directement. Ce réglage reste sur cet
        ordinateur (le mot de passe n’est jamais enregistré dans vos livres ni dans leurs sauvegardes).
      </p>
      <label>
        <input type="checkbox" checked={smtp.enabled} onChange={(e) => set({ enabled: e.target.checked })} /> Envoyer les courriels par ce serveur
      </label>
      <div className="grid grid--3">
        <TextField label="Serveur SMTP" value={smtp.host} onChange={(v) => set({ host: v })} error={field('host')} placeholder="smtp.exemple.fr" />
        <TextField label="Port" value={String(smtp.port)} onChange={(v) => set({ port: Number(v) || 0 })} error={field('port')} inputMode="numeric" />
        <SelectField label="Sécurité" value={smtp.security} onChange={(v) => set({ security: v })} options={SMTP_SECURITIES.map((s) => ({ value: s, label: SMTP_SECURITY_LABELS[s] }))} />
        <TextField label="Identifiant" value={smtp.user} onChange={(v) => set({ user: v })} error={field('user')} autoComplete="off" />
        <TextField label="Mot de passe" type="password" value={smtp.password} onChange={(v) => set({ password: v })} error={field('password')} placeholder={prefs.data?.smtpHasPassword ? '(inchangé)' : ''} autoComplete="new-password" />
        <TextField label="Nom de l’expéditeur" value={smtp.fromName} onChange={(v) => set({ fromName: v })} error={field('fromName')} />
        <TextField label="Adresse de l’expéditeur" value={smtp.fromAddress} onChange={(v) => set({ fromAddress: v })} error={field('fromAddress')} />
      </div>
      <div className="form__actions">
        <button type="button" className="button" onClick={() => test.mutate()} disabled={test.isPending || draft !== null}>
          Tester la connexion
        </button>
        <button type="submit" className="button button--primary" disabled={draft === null || save.isPending}>
          Enregistrer le serveur
        </button>
      </div>
    </form>
  );
}

export function CollectionSettings() {
  const notify = useToast();
  const queryClient = useQueryClient();
  const scenarios = useQuery({ queryKey: ['scenarios.list'], queryFn: () => api('scenarios.list', {}) });
  const settings = useQuery({ queryKey: ['settings.get'], queryFn: () => api('settings.get', {}) });
  const [editing, setEditing] = useState<number | 'new' | null>(null);
  const [draft, setDraft] = useState<Record<string, string> | null>(null);
  const [errors, setErrors] = useState<Record<string, string>>({});
  const s = settings.data;
  const value = (key: string, fallback: string) => draft?.[key] ?? fallback;
  const saveSettings = useMutation({
    mutationFn: () =>
      api('settings.set', {
        promiseGraceDays: Number(value('promiseGraceDays', String(s!.promiseGraceDays))),
        planGraceDays: Number(value('planGraceDays', String(s!.planGraceDays))),
        creditInsurance: {
          insurerName: value('insurerName', s!.creditInsurance.insurerName),
          insurerAddress: value('insurerAddress', s!.creditInsurance.insurerAddress.join('\n')).split('\n').map((l) => l.trim()).filter(Boolean),
          policyNumber: value('policyNumber', s!.creditInsurance.policyNumber),
          declarationDays: Number(value('declarationDays', String(s!.creditInsurance.declarationDays))),
          declarationDaysConfirmed: s!.creditInsurance.declarationDaysConfirmed || draft?.declarationDays !== undefined,
        },
      }),
    onSuccess: (next) => {
      queryClient.setQueryData(['settings.get'], next);
      void queryClient.invalidateQueries({ queryKey: ['queue.today'] });
      setDraft(null);
      setErrors({});
      notify('Réglages des relances enregistrés.');
    },
    onError: (e: Error & { fields?: Record<string, string> }) => setErrors(e.fields ?? { promiseGraceDays: e.message }),
  });
  const set = (key: string) => (v: string) => setDraft((d) => ({ ...(d ?? {}), [key]: v }));
  const err = (key: string) => errors[key] ?? errors[`creditInsurance.${key}`];

  return (
    <>
      <h2 className="section-title">Scénarios de relance</h2>
      <p className="muted">
        Chaque client suit le scénario choisi sur sa fiche, ou à défaut celui de sa note de paiement. Les jours se comptent depuis l’échéance (−3 : trois jours avant).
      </p>
      {scenarios.data?.map((sc) =>
        editing === sc.id ? (
          <ScenarioEditor key={sc.id} scenario={sc} onDone={() => setEditing(null)} />
        ) : (
          <div key={sc.id} className="scenario-row">
            <strong>{sc.name}</strong>
            {sc.isDefault ? <span className="badge">par défaut</span> : null}
            {sc.forScores.length ? <span className="muted"> · notes {sc.forScores.join(', ')}</span> : null}
            <span className="muted"> · {sc.steps.map((st) => `J${st.offsetDays > 0 ? '+' : st.offsetDays < 0 ? '−' : ''}${Math.abs(st.offsetDays)} ${CHANNEL_LABELS[st.channel].toLowerCase()}`).join(', ')}</span>{' '}
            <button type="button" className="button button--link" onClick={() => setEditing(sc.id)} aria-label={`Modifier ${sc.name}`}>
              Modifier
            </button>
          </div>
        ),
      )}
      {editing === 'new' ? (
        <ScenarioEditor scenario={null} onDone={() => setEditing(null)} />
      ) : (
        <button type="button" className="button" onClick={() => setEditing('new')}>
          Nouveau scénario
        </button>
      )}

      {s ? (
        <form className="card" aria-label="Délais et assurance-crédit" style={{ marginTop: '1rem' }} onSubmit={(e) => { e.preventDefault(); saveSettings.mutate(); }}>
          <div className="grid grid--3">
            <TextField label="Délai de grâce d’une promesse (jours)" value={value('promiseGraceDays', String(s.promiseGraceDays))} onChange={set('promiseGraceDays')} error={err('promiseGraceDays')} inputMode="numeric" hint="Le client est en pause jusqu’à la date promise plus ce délai." />
            <TextField label="Délai de grâce d’une échéance (jours)" value={value('planGraceDays', String(s.planGraceDays))} onChange={set('planGraceDays')} error={err('planGraceDays')} inputMode="numeric" hint="Au-delà, l’échéancier est rompu et les relances reprennent." />
          </div>
          <h3>Assurance-crédit</h3>
          <div className="grid grid--3">
            <TextField label="Assureur" value={value('insurerName', s.creditInsurance.insurerName)} onChange={set('insurerName')} error={err('insurerName')} />
            <TextField label="N° de police" value={value('policyNumber', s.creditInsurance.policyNumber)} onChange={set('policyNumber')} error={err('policyNumber')} />
            <TextField
              label="Délai de déclaration de menace de sinistre (jours après l’échéance)"
              value={value('declarationDays', String(s.creditInsurance.declarationDays))}
              onChange={set('declarationDays')}
              error={err('declarationDays')}
              inputMode="numeric"
              hint={s.creditInsurance.declarationDaysConfirmed ? undefined : 'Valeur provisoire : reportez le délai de votre police (il varie d’un contrat à l’autre).'}
            />
          </div>
          <TextArea label="Adresse de l’assureur (une ligne par ligne postale)" value={value('insurerAddress', s.creditInsurance.insurerAddress.join('\n'))} onChange={set('insurerAddress')} error={err('insurerAddress')} rows={4} />
          <div className="form__actions">
            <button type="submit" className="button button--primary" disabled={draft === null || saveSettings.isPending}>
              Enregistrer
            </button>
          </div>
        </form>
      ) : null}

      <h2 className="section-title">Envoi des courriels</h2>
      <SmtpForm />
    </>
  );
}
