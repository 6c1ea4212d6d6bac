// The client book: who owes the user money. Plain data types and their French labels.
import type { AddressLines } from './address.js';
import type { Cents } from './money.js';
import type { IsoDate } from './dates.js';

/** professionnel → business (Code de commerce applies); particulier → consumer (Code de la consommation). */
export type ClientKind = 'business' | 'consumer';
export const CLIENT_KINDS: readonly ClientKind[] = ['business', 'consumer'];
export const CLIENT_KIND_LABELS: Record<ClientKind, string> = {
  business: 'Professionnel',
  consumer: 'Particulier',
};

export type ContactRole = 'accounting' | 'operations' | 'executive' | 'other';
export const CONTACT_ROLES: readonly ContactRole[] = ['accounting', 'operations', 'executive', 'other'];
export const CONTACT_ROLE_LABELS: Record<ContactRole, string> = {
  accounting: 'Comptabilité',
  operations: 'Opérationnel',
  executive: 'Dirigeant',
  other: 'Autre',
};

/** "N jours" from the invoice date, or "45 jours fin de mois" (L441-10 I, agreed derogation). */
export type PaymentTerms = { mode: 'net'; days: number } | { mode: 'eom45' };

export function formatPaymentTerms(terms: PaymentTerms): string {
  if (terms.mode === 'eom45') return '45 jours fin de mois';
  return terms.days === 0 ? 'À réception' : `${terms.days} jours`;
}

/** Common French legal forms, offered as suggestions; any text is accepted. */
export const LEGAL_FORMS: readonly string[] = [
  'SAS', 'SASU', 'SARL', 'EURL', 'SA', 'SNC', 'SCI', 'SCOP', 'SELARL', 'EI', 'Micro-entreprise', 'Association', 'GIE',
];

export interface Contact {
  id: number;
  role: ContactRole;
  name: string;
  email: string | null;
  phone: string | null;
}

export interface Solvency {
  situation: string | null; // financial situation as the user understands it
  accountsDate: IsoDate | null; // closing date of the latest accounts read
  accountsNote: string | null; // what those accounts said
  incidents: string | null; // payment incidents heard of
}

export interface Client {
  id: number;
  kind: ClientKind;
  name: string; // raison sociale, or "Prénom Nom" for a consumer
  firstName: string | null; // consumers only
  lastName: string | null; // consumers only
  legalForm: string | null;
  siren: string | null;
  siret: string | null;
  vatNumber: string | null;
  address: AddressLines;
  country: string; // ISO 3166 alpha-2
  postcode: string | null; // derived from address line 6
  city: string | null; // derived from address line 6
  contacts: Contact[];
  paymentTerms: PaymentTerms;
  creditLimitCents: Cents | null;
  nafCode: string | null;
  solvency: Solvency;
  notes: string | null;
  tags: string[];
  archivedAt: string | null;
  createdAt: string;
  updatedAt: string;
}

/** One row of the client list: what the table shows, nothing more. */
export interface ClientListRow {
  id: number;
  kind: ClientKind;
  name: string;
  siren: string | null;
  postcode: string | null;
  city: string | null;
  tags: string[];
  archivedAt: string | null;
  createdAt: string;
}

export type ClientSortField = 'name' | 'siren' | 'city' | 'kind' | 'createdAt';
export type ClientStatusFilter = 'active' | 'archived' | 'all';
