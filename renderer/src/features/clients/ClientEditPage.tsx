// Create or edit a client. The form runs the channel's own schema before sending, shows every
// problem beside its field, and saves nothing until all are fixed.
import { useQuery } from '@tanstack/react-query';
import { useEffect, useRef, useState, type FormEvent } from 'react';
import { useNavigate, useParams } from 'react-router';
import {
  CLIENT_KIND_LABELS,
  CONTACT_ROLE_LABELS,
  CONTACT_ROLES,
  type Client,
  type ClientKind,
  type ContactRole,
} from '../../../../shared/domain/client.js';
import { formatDateFr, parseDateInput } from '../../../../shared/domain/dates.js';
import { formatEurosInput, parseEuros } from '../../../../shared/domain/money.js';
import { clientInputSchema, type ClientInput } from '../../../../shared/schemas.js';
import { formatSiren, siretRule } from '../../../../shared/validation.js';
import { api } from '../../api/client.js';
import { AddressFields } from '../../components/AddressFields.js';
import { ErrorState } from '../../components/EmptyState.js';
import { SelectField, TextArea, TextField } from '../../components/Field.js';
import { LegalFormField, SirenField, VatField } from '../../components/IdentityFields.js';
import { Segmented } from '../../components/Segmented.js';
import { errorCountMessage, errorsFromApi, focusFirstError, validateWith, type FieldErrors } from '../../components/form.js';
import { useToast } from '../../components/Toast.js';
import { useClient, useSaveClient } from './queries.js';

interface ContactState {
  role: ContactRole;
  name: string;
  email: string;
  phone: string;
}

interface State {
  kind: ClientKind;
  name: string;
  firstName: string;
  lastName: string;
  legalForm: string;
  siren: string;
  siret: string;
  vatNumber: string;
  address: string[];
  country: string;
  contacts: ContactState[];
  termsMode: 'net' | 'eom45';
  termsDays: string;
  creditLimit: string;
  nafCode: string;
  situation: string;
  accountsDate: string;
  accountsNote: string;
  incidents: string;
  notes: string;
  tags: string;
}

function toState(c: Client | null, defaultTermsDays: number): State {
  return {
    kind: c?.kind ?? 'business',
    name: c?.kind === 'business' ? c.name : '',
    firstName: c?.firstName ?? '',
    lastName: c?.lastName ?? '',
    legalForm: c?.legalForm ?? '',
    siren: c?.siren ? formatSiren(c.siren) : '',
    siret: c?.siret ? formatSiren(c.siret) : '',
    vatNumber: c?.vatNumber ?? '',
    address: c ? [...c.address] : ['', '', '', '', '', ''],
    country: c?.country ?? 'FR',
    contacts: c?.contacts.map(({ role, name, email, phone }) => ({ role, name, email: email ?? '', phone: phone ?? '' })) ?? [],
    termsMode: c?.paymentTerms.mode ?? 'net',
    termsDays: String(c?.paymentTerms.mode === 'net' ? c.paymentTerms.days : defaultTermsDays),
    creditLimit: formatEurosInput(c?.creditLimitCents),
    nafCode: c?.nafCode ?? '',
    situation: c?.solvency.situation ?? '',
    accountsDate: formatDateFr(c?.solvency.accountsDate),
    accountsNote: c?.solvency.accountsNote ?? '',
    incidents: c?.solvency.incidents ?? '',
    notes: c?.notes ?? '',
    tags: c?.tags.join(', ') ?? '',
  };
}

/** Converts the typed text to the channel's input; what cannot be read is reported per field. */
function toInput(s: State): { input: ClientInput; errors: FieldErrors } {
  const errors: FieldErrors = {};
  const days = Number(s.termsDays);
  if (s.termsMode === 'net' && (s.termsDays.trim() === '' || !Number.isInteger(days))) {
    errors['paymentTerms.days'] = 'Délai de paiement : un nombre entier de jours.';
  }
  const creditLimitCents = s.creditLimit.trim() === '' ? null : parseEuros(s.creditLimit);
  if (s.creditLimit.trim() !== '' && creditLimitCents === null) errors.creditLimitCents = 'Encours autorisé : un montant en euros (ex. 5 000 ou 5000,00).';
  const accountsDate = s.accountsDate.trim() === '' ? null : parseDateInput(s.accountsDate);
  if (s.accountsDate.trim() !== '' && accountsDate === null) errors['solvency.accountsDate'] = 'Date invalide : utilisez le format JJ/MM/AAAA.';
  const input: ClientInput = {
    kind: s.kind,
    name: s.name,
    firstName: s.firstName,
    lastName: s.lastName,
    legalForm: s.legalForm,
    siren: s.siren,
    siret: s.siret,
    vatNumber: s.vatNumber,
    address: s.address,
    country: s.country || 'FR',
    contacts: s.contacts,
    paymentTerms: s.termsMode === 'eom45' ? { mode: 'eom45' } : { mode: 'net', days: Number.isInteger(days) ? days : 0 },
    creditLimitCents,
    nafCode: s.nafCode,
    solvency: { situation: s.situation, accountsDate, accountsNote: s.accountsNote, incidents: s.incidents },
    notes: s.notes,
    tags: s.tags.split(',').map((t) => t.trim()).filter(Boolean),
  };
  return { input, errors };
}

export function ClientEditPage() {
  const params = useParams();
  const id = params.id ? Number(params.id) : null;
  const existing = useClient(id);
  const company = useQuery({ queryKey: ['company.get'], queryFn: () => api('company.get', {}) });
  if (id !== null && existing.isPending) return <div className="loading">Chargement…</div>;
  if (id !== null && existing.isError) return <ErrorState error={existing.error} />;
  return <ClientForm key={id ?? 'new'} client={id === null ? null : (existing.data ?? null)} defaultTermsDays={company.data?.paymentTermsDays ?? 30} />;
}

function ClientForm({ client, defaultTermsDays }: { client: Client | null; defaultTermsDays: number }) {
  const navigate = useNavigate();
  const notify = useToast();
  const [state, setState] = useState<State>(() => toState(client, defaultTermsDays));
  const [errors, setErrors] = useState<FieldErrors>({});
  const formRef = useRef<HTMLFormElement>(null);
  const save = useSaveClient(client?.id ?? null);
  const set = <K extends keyof State>(key: K) => (value: State[K]) => setState((s) => ({ ...s, [key]: value }));
  const cancel = () => navigate(client ? `/clients/${client.id}` : '/clients');

  // Esc leaves the form without saving.
  useEffect(() => {
    const onKey = (e: KeyboardEvent) => {
      if (e.key === 'Escape' && !document.querySelector('dialog[open]')) cancel();
    };
    window.addEventListener('keydown', onKey);
    return () => window.removeEventListener('keydown', onKey);
  });

  function submit(event: FormEvent) {
    event.preventDefault();
    const { input, errors: conversion } = toInput(state);
    const found = { ...validateWith(clientInputSchema, input), ...conversion };
    setErrors(found);
    if (Object.keys(found).length > 0) {
      focusFirstError(formRef.current);
      return;
    }
    save.mutate(input, {
      onSuccess: (saved) => {
        notify(client ? `Client « ${saved.name} » enregistré.` : `Client « ${saved.name} » créé.`);
        navigate(`/clients/${saved.id}`);
      },
      onError: (error) => {
        setErrors(errorsFromApi(error, 'client.'));
        focusFirstError(formRef.current);
      },
    });
  }

  const setContact = (index: number, patch: Partial<ContactState>) =>
    setState((s) => ({ ...s, contacts: s.contacts.map((c, i) => (i === index ? { ...c, ...patch } : c)) }));
  const summary = errorCountMessage(errors);
  const termsDays = Number(state.termsDays);

  return (
    <section className="page">
      <header className="page__header">
        <h1>{client ? `Modifier « ${client.name} »` : 'Nouveau client'}</h1>
      </header>
      <form ref={formRef} className="form" onSubmit={submit} noValidate aria-label="Fiche client">
        {summary ? <div className="notice notice--error" role="alert">{summary}</div> : null}
        <fieldset>
          <legend>Identité</legend>
          <Segmented label="Type de client" value={state.kind} options={CLIENT_KIND_LABELS} onChange={set('kind')} />
          <p className="fieldset__hint">
            {state.kind === 'business'
              ? 'Professionnel : pénalités de retard et indemnité forfaitaire de 40 € (Code de commerce), prescription de 5 ans.'
              : 'Particulier : intérêts au taux légal après mise en demeure, pas d’indemnité de 40 €, prescription de 2 ans.'}
          </p>
          <div className="grid grid--2">
            {state.kind === 'business' ? (
              <>
                <TextField label="Raison sociale" required value={state.name} onChange={set('name')} error={errors.name} autoFocus />
                <LegalFormField value={state.legalForm} onChange={set('legalForm')} error={errors.legalForm} />
              </>
            ) : (
              <>
                <TextField label="Prénom" value={state.firstName} onChange={set('firstName')} error={errors.firstName} autoFocus />
                <TextField label="Nom" required value={state.lastName} onChange={set('lastName')} error={errors.lastName} />
              </>
            )}
            <SirenField value={state.siren} onChange={set('siren')} error={errors.siren} />
            <TextField
              label="SIRET"
              value={state.siret}
              onChange={set('siret')}
              error={errors.siret}
              inputMode="numeric"
              hint={
                siretRule(state.siret) === 'la-poste'
                  ? 'Établissement de La Poste : accepté selon la règle de la somme des chiffres (règle citée, non confirmée par l’INSEE).'
                  : '14 chiffres : SIREN + établissement'
              }
            />
            <VatField siren={state.kind === 'business' ? state.siren : ''} value={state.vatNumber} onChange={set('vatNumber')} error={errors.vatNumber} />
            <TextField label="Code NAF" value={state.nafCode} onChange={set('nafCode')} error={errors.nafCode} hint="Secteur d’activité, ex. 62.01Z" />
          </div>
        </fieldset>

        <AddressFields legend="Adresse de facturation" lines={state.address} onChange={set('address')} errors={errors} />
        <div className="grid grid--4">
          <TextField label="Pays" value={state.country} onChange={set('country')} error={errors.country} maxLength={2} hint="Code à 2 lettres" />
        </div>

        <fieldset>
          <legend>Contacts</legend>
          {state.contacts.length === 0 ? <p className="fieldset__hint">Aucun contact. Ajoutez au moins la comptabilité : c’est elle qu’on relance.</p> : null}
          {state.contacts.map((c, i) => (
            <div key={i} className="contact-row grid grid--contact">
              <SelectField
                label={`Rôle du contact ${i + 1}`}
                value={c.role}
                onChange={(role) => setContact(i, { role })}
                options={CONTACT_ROLES.map((r) => ({ value: r, label: CONTACT_ROLE_LABELS[r] }))}
                error={errors[`contacts.${i}.role`]}
              />
              <TextField label={`Nom du contact ${i + 1}`} value={c.name} onChange={(name) => setContact(i, { name })} error={errors[`contacts.${i}.name`]} />
              <TextField label={`E-mail du contact ${i + 1}`} type="email" value={c.email} onChange={(email) => setContact(i, { email })} error={errors[`contacts.${i}.email`]} />
              <TextField label={`Téléphone du contact ${i + 1}`} type="tel" value={c.phone} onChange={(phone) => setContact(i, { phone })} error={errors[`contacts.${i}.phone`]} />
              <button
                type="button"
                className="button button--link contact-row__remove"
                onClick={() => setState((s) => ({ ...s, contacts: s.contacts.filter((_, j) => j !== i) }))}
                aria-label={`Retirer le contact ${i + 1}`}
              >
                Retirer
              </button>
            </div>
          ))}
          <button
            type="button"
            className="button"
            onClick={() => setState((s) => ({ ...s, contacts: [...s.contacts, { role: s.contacts.length === 0 ? 'accounting' : 'other', name: '', email: '', phone: '' }] }))}
          >
            Ajouter un contact
          </button>
        </fieldset>

        <fieldset>
          <legend>Conditions de paiement et encours</legend>
          <div className="grid grid--3">
            <SelectField
              label="Délai de paiement"
              value={state.termsMode}
              onChange={set('termsMode')}
              options={[
                { value: 'net', label: 'N jours après la facture' },
                { value: 'eom45', label: '45 jours fin de mois' },
              ]}
            />
            {state.termsMode === 'net' ? (
              <TextField
                label="Nombre de jours"
                value={state.termsDays}
                onChange={set('termsDays')}
                error={errors['paymentTerms.days']}
                inputMode="numeric"
                hint={Number.isInteger(termsDays) && termsDays > 60 ? 'Au-delà de 60 jours : seulement dans les cas prévus par la loi (L441-11).' : undefined}
              />
            ) : null}
            <TextField label="Encours autorisé (€)" value={state.creditLimit} onChange={set('creditLimit')} error={errors.creditLimitCents} inputMode="decimal" hint="Montant maximum d’impayés accepté" />
          </div>
        </fieldset>

        <fieldset>
          <legend>Solvabilité</legend>
          <p className="fieldset__hint">Ce que vous savez avant de faire crédit : situation financière, derniers comptes lus, incidents de paiement.</p>
          <TextArea label="Situation financière" value={state.situation} onChange={set('situation')} error={errors['solvency.situation']} rows={2} />
          <div className="grid grid--2">
            <TextField label="Date des derniers comptes lus" value={state.accountsDate} onChange={set('accountsDate')} error={errors['solvency.accountsDate']} placeholder="JJ/MM/AAAA" />
            <TextField label="Ce que disent ces comptes" value={state.accountsNote} onChange={set('accountsNote')} error={errors['solvency.accountsNote']} />
          </div>
          <TextArea label="Incidents de paiement connus" value={state.incidents} onChange={set('incidents')} error={errors['solvency.incidents']} rows={2} />
        </fieldset>

        <fieldset>
          <legend>Notes et étiquettes</legend>
          <TextArea label="Notes" value={state.notes} onChange={set('notes')} error={errors.notes} rows={3} />
          <TextField label="Étiquettes" value={state.tags} onChange={set('tags')} error={errors.tags ?? errors['tags.0']} hint="Séparées par des virgules, ex. BTP, prioritaire" />
        </fieldset>

        <div className="form__actions">
          <button type="button" className="button" onClick={cancel}>
            Annuler
          </button>
          <button type="submit" className="button button--primary" disabled={save.isPending}>
            {save.isPending ? 'Enregistrement…' : 'Enregistrer'}
          </button>
        </div>
      </form>
    </section>
  );
}
