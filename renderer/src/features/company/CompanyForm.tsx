// The user's own company: who the creditor is on every letter and legal document.
import { useMutation, useQueryClient } from '@tanstack/react-query';
import { useRef, useState, type FormEvent } from 'react';
import type { Company } from '../../../../shared/domain/company.js';
import { formatDateFr, parseDateInput } from '../../../../shared/domain/dates.js';
import { LOGO_MAX_BYTES } from '../../../../shared/domain/company.js';
import { companyInputSchema, type CompanyInput } from '../../../../shared/schemas.js';
import { formatIban, formatSiren } from '../../../../shared/validation.js';
import { api } from '../../api/client.js';
import { readFileBase64 } from '../../api/files.js';
import { AddressFields } from '../../components/AddressFields.js';
import { SelectField, TextField } from '../../components/Field.js';
import { LegalFormField, SirenField, VatField } from '../../components/IdentityFields.js';
import { errorCountMessage, errorsFromApi, focusFirstError, validateWith, type FieldErrors } from '../../components/form.js';
import { useToast } from '../../components/Toast.js';

interface State {
  name: string;
  legalForm: string;
  siren: string;
  vatNumber: string;
  rcsCity: string;
  address: string[];
  representative: string;
  email: string;
  phone: string;
  iban: string;
  bic: string;
  logo: Company['logo'];
  signatoryName: string;
  signatoryTitle: string;
  paymentTermsDays: string;
  person: { kind: 'legal' | 'natural'; firstNames: string; lastName: string; profession: string; nationality: string; birthDate: string; birthPlace: string };
}

function toState(c: Company | null): State {
  return {
    name: c?.name ?? '',
    legalForm: c?.legalForm ?? '',
    siren: c?.siren ? formatSiren(c.siren) : '',
    vatNumber: c?.vatNumber ?? '',
    rcsCity: c?.rcsCity ?? '',
    address: c ? [...c.address] : ['', '', '', '', '', ''],
    representative: c?.representative ?? '',
    email: c?.email ?? '',
    phone: c?.phone ?? '',
    iban: c?.iban ? formatIban(c.iban) : '',
    bic: c?.bic ?? '',
    logo: c?.logo ?? null,
    signatoryName: c?.signatoryName ?? '',
    signatoryTitle: c?.signatoryTitle ?? '',
    paymentTermsDays: String(c?.paymentTermsDays ?? 30),
    person: {
      kind: c?.person.kind ?? 'legal',
      firstNames: c?.person.firstNames ?? '',
      lastName: c?.person.lastName ?? '',
      profession: c?.person.profession ?? '',
      nationality: c?.person.nationality ?? '',
      birthDate: formatDateFr(c?.person.birthDate),
      birthPlace: c?.person.birthPlace ?? '',
    },
  };
}

function toInput(s: State): CompanyInput {
  const days = s.paymentTermsDays.trim() === '' ? 30 : Number(s.paymentTermsDays);
  return { ...s, paymentTermsDays: days, person: { ...s.person, birthDate: s.person.birthDate.trim() ? (parseDateInput(s.person.birthDate) ?? s.person.birthDate) : null } };
}

async function readLogo(file: File): Promise<NonNullable<Company['logo']>> {
  if (file.type !== 'image/png' && file.type !== 'image/jpeg') throw new Error('Logo : image PNG ou JPEG attendue.');
  if (file.size > LOGO_MAX_BYTES) throw new Error(`Logo : ${LOGO_MAX_BYTES / 1024} Ko au plus.`);
  return { mimeType: file.type, base64: await readFileBase64(file) };
}

export function CompanyForm({ company, submitLabel, onSaved }: { company: Company | null; submitLabel: string; onSaved?: (c: Company) => void }) {
  const [state, setState] = useState<State>(() => toState(company));
  const [errors, setErrors] = useState<FieldErrors>({});
  const formRef = useRef<HTMLFormElement>(null);
  const queryClient = useQueryClient();
  const notify = useToast();
  const set = <K extends keyof State>(key: K) => (value: State[K]) => setState((s) => ({ ...s, [key]: value }));

  const save = useMutation({
    mutationFn: (input: CompanyInput) => api('company.save', input),
    onSuccess: (saved) => {
      queryClient.setQueryData(['company.get'], saved);
      setErrors({});
      notify('Entreprise enregistrée.');
      onSaved?.(saved);
    },
    onError: (error) => {
      setErrors(errorsFromApi(error));
      focusFirstError(formRef.current);
    },
  });

  function submit(event: FormEvent) {
    event.preventDefault();
    const input = toInput(state);
    const found = validateWith(companyInputSchema, input);
    setErrors(found);
    if (Object.keys(found).length > 0) {
      focusFirstError(formRef.current);
      return;
    }
    save.mutate(input);
  }

  const summary = errorCountMessage(errors);

  return (
    <form ref={formRef} className="form" onSubmit={submit} noValidate aria-label="Votre entreprise">
      {summary ? <div className="notice notice--error" role="alert">{summary}</div> : null}
      <fieldset>
        <legend>Identité</legend>
        <div className="grid grid--2">
          <TextField label="Raison sociale" required value={state.name} onChange={set('name')} error={errors.name} autoFocus />
          <LegalFormField value={state.legalForm} onChange={set('legalForm')} error={errors.legalForm} />
          <SirenField value={state.siren} onChange={set('siren')} error={errors.siren} />
          <VatField siren={state.siren} value={state.vatNumber} onChange={set('vatNumber')} error={errors.vatNumber} />
          <TextField label="Ville du RCS" value={state.rcsCity} onChange={set('rcsCity')} error={errors.rcsCity} hint="ex. RCS Lyon" />
          <TextField label="Représentant légal" value={state.representative} onChange={set('representative')} error={errors.representative} />
        </div>
      </fieldset>
      <AddressFields legend="Siège social" lines={state.address} onChange={set('address')} errors={errors} />
      <fieldset>
        <legend>Contact et banque</legend>
        <div className="grid grid--2">
          <TextField label="E-mail" type="email" value={state.email} onChange={set('email')} error={errors.email} />
          <TextField label="Téléphone" type="tel" value={state.phone} onChange={set('phone')} error={errors.phone} />
          <TextField label="IBAN" value={state.iban} onChange={set('iban')} error={errors.iban} hint="Imprimé sur les relances pour être payé par virement" />
          <TextField label="BIC" value={state.bic} onChange={set('bic')} error={errors.bic} />
        </div>
      </fieldset>
      <fieldset>
        <legend>Signature et conditions</legend>
        <div className="grid grid--2">
          <TextField label="Nom du signataire" value={state.signatoryName} onChange={set('signatoryName')} error={errors.signatoryName} />
          <TextField label="Qualité du signataire" value={state.signatoryTitle} onChange={set('signatoryTitle')} error={errors.signatoryTitle} hint="ex. Gérant" />
          <TextField
            label="Délai de paiement par défaut (jours)"
            value={state.paymentTermsDays}
            onChange={set('paymentTermsDays')}
            error={errors.paymentTermsDays}
            inputMode="numeric"
            hint="60 jours au plus (article L441-10 du Code de commerce)"
          />
        </div>
        <div className="field">
          <label htmlFor="company-logo">Logo (PNG ou JPEG, 512 Ko au plus)</label>
          <input
            id="company-logo"
            type="file"
            accept="image/png,image/jpeg"
            onChange={async (e) => {
              const file = e.target.files?.[0];
              if (!file) return;
              try {
                set('logo')(await readLogo(file));
                setErrors(({ 'logo.base64': _removed, ...rest }) => rest);
              } catch (error) {
                setErrors((all) => ({ ...all, 'logo.base64': (error as Error).message }));
              }
            }}
          />
          {errors['logo.base64'] || errors.logo ? <div className="field__error" role="alert">{errors['logo.base64'] || errors.logo}</div> : null}
          {state.logo ? (
            <div className="logo-preview">
              <img src={`data:${state.logo.mimeType};base64,${state.logo.base64}`} alt="Logo de l’entreprise" />
              <button type="button" className="button button--link" onClick={() => set('logo')(null)}>
                Retirer le logo
              </button>
            </div>
          ) : null}
        </div>
      </fieldset>
      <fieldset>
        <legend>Devant le tribunal (requête en injonction de payer)</legend>
        <div className="grid grid--2">
          <SelectField
            label="Vous agissez en tant que"
            value={state.person.kind}
            onChange={(kind) => set('person')({ ...state.person, kind })}
            options={[
              { value: 'legal', label: 'Personne morale (société) : forme, raison sociale, siège, représentant légal ci-dessus' },
              { value: 'natural', label: 'Personne physique (entrepreneur individuel)' },
            ]}
          />
        </div>
        {state.person.kind === 'natural' ? (
          <div className="grid grid--3">
            {(
              [
                ['lastName', 'Nom'],
                ['firstNames', 'Prénoms'],
                ['profession', 'Profession'],
                ['nationality', 'Nationalité'],
                ['birthDate', 'Date de naissance'],
                ['birthPlace', 'Lieu de naissance'],
              ] as const
            ).map(([key, label]) => (
              <TextField
                key={key}
                label={label}
                value={state.person[key]}
                onChange={(v) => set('person')({ ...state.person, [key]: v })}
                error={errors[`person.${key}`]}
                placeholder={key === 'birthDate' ? 'JJ/MM/AAAA' : undefined}
              />
            ))}
          </div>
        ) : null}
      </fieldset>
      <div className="form__actions">
        <button type="submit" className="button button--primary" disabled={save.isPending}>
          {save.isPending ? 'Enregistrement…' : submitLabel}
        </button>
      </div>
    </form>
  );
}
