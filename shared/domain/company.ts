// The user's own company: the creditor printed on every letter and legal document.
// Stored in the database with the books so it travels with every backup.
import type { AddressLines } from './address.js';

export interface Company {
  name: string;
  legalForm: string | null;
  siren: string | null;
  vatNumber: string | null;
  rcsCity: string | null; // "RCS Lyon"
  address: AddressLines; // registered office (siège social)
  representative: string | null; // legal representative (organe représentant la société)
  email: string | null;
  phone: string | null;
  iban: string | null;
  bic: string | null;
  logo: CompanyLogo | null;
  signatoryName: string | null;
  signatoryTitle: string | null;
  paymentTermsDays: number;
  /** How the requête en injonction de payer names the creditor (art. 54 and 57 CPC). */
  person: CompanyPerson;
  updatedAt: string;
}

/**
 * A legal person is named by its form, name, registered office and representative (the fields
 * above); a sole trader applying in their own name by these.
 */
export interface CompanyPerson {
  kind: 'legal' | 'natural';
  firstNames: string | null;
  lastName: string | null;
  profession: string | null;
  nationality: string | null;
  birthDate: string | null; // ISO
  birthPlace: string | null;
}

export const LEGAL_PERSON: CompanyPerson = { kind: 'legal', firstNames: null, lastName: null, profession: null, nationality: null, birthDate: null, birthPlace: null };

export interface CompanyLogo {
  mimeType: 'image/png' | 'image/jpeg';
  /** Base64 of the image bytes (JSON-safe across the channel). */
  base64: string;
}

export const LOGO_MAX_BYTES = 512 * 1024;

/**
 * The field names of `recouvra company --set field=value`, mapped to the company's
 * properties. Kept here so the CLI, its help and its tests share one list.
 */
export const COMPANY_CLI_FIELDS = {
  name: 'name',
  legal_form: 'legalForm',
  siren: 'siren',
  vat: 'vatNumber',
  rcs_city: 'rcsCity',
  address_1: 'address.0',
  address_2: 'address.1',
  address_3: 'address.2',
  address_4: 'address.3',
  address_5: 'address.4',
  address_6: 'address.5',
  representative: 'representative',
  email: 'email',
  phone: 'phone',
  iban: 'iban',
  bic: 'bic',
  signatory_name: 'signatoryName',
  signatory_title: 'signatoryTitle',
  payment_terms_days: 'paymentTermsDays',
  person_kind: 'person.kind',
  first_names: 'person.firstNames',
  last_name: 'person.lastName',
  profession: 'person.profession',
  nationality: 'person.nationality',
  birth_date: 'person.birthDate',
  birth_place: 'person.birthPlace',
} as const;

export type CompanyCliField = keyof typeof COMPANY_CLI_FIELDS;
