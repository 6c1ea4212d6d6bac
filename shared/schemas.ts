// Input schemas (zod) of the client book and the company, with French messages naming the
// field. The forms run them before sending; every channel runs them again on arrival.
import { z } from 'zod';
import { checkAddress, normalizeAddress, type AddressLines } from './domain/address.js';
import { isIsoDate } from './domain/dates.js';
import { MAX_CENTS } from './domain/money.js';
import { LOGO_MAX_BYTES } from './domain/company.js';
import {
  compactIdentifier,
  isValidBic,
  isValidFrenchVat,
  isValidIban,
  isValidPhone,
  isValidSiren,
  isValidSiret,
  normalizeNafCode,
} from './validation.js';

// Generic messages (wrong type, missing field) in French for anything not named below.
z.config(z.locales.fr());

/** Optional free text: '' and null both mean "not given"; stored as null. */
function optionalText(max: number, label: string) {
  return z
    .string({ error: `${label} : texte attendu.` })
    .trim()
    .max(max, `${label} : ${max} caractères au plus.`)
    .nullish()
    .transform((v) => (v ? v : null));
}

function requiredText(max: number, label: string) {
  return z
    .string({ error: `${label} : obligatoire.` })
    .trim()
    .min(1, `${label} : obligatoire.`)
    .max(max, `${label} : ${max} caractères au plus.`);
}

/** Optional identifier: spaces removed, upper-cased, then checked. */
function optionalIdentifier(check: (v: string) => boolean, message: string) {
  return z
    .string({ error: message })
    .nullish()
    .transform((v) => (v ? compactIdentifier(v).toUpperCase() : '') || null)
    .refine((v) => v === null || check(v), { error: message });
}

export const MESSAGES = {
  siren: 'SIREN invalide : 9 chiffres dont le dernier est une clé de contrôle (ex. 732 829 320). Vérifiez la saisie.',
  siret: 'SIRET invalide : 14 chiffres (le SIREN puis 5 chiffres de l’établissement) avec une clé de contrôle.',
  siretMismatch: 'SIRET : ses 9 premiers chiffres doivent être le SIREN indiqué.',
  vat: 'Numéro de TVA invalide : FR, une clé de 2 caractères puis le SIREN (ex. FR44732829320).',
  vatMismatch: 'Numéro de TVA : il doit se terminer par le SIREN indiqué.',
  vatForeign: 'Numéro de TVA invalide : 2 lettres du pays puis 2 à 13 lettres ou chiffres.',
  iban: 'IBAN invalide : vérifiez le pays, la longueur et la clé (ex. FR76 3000 6000 0112 3456 7890 189).',
  bic: 'BIC invalide : 8 ou 11 caractères (ex. BNPAFRPP ou BNPAFRPPXXX).',
  email: 'Adresse e-mail invalide (ex. compta@exemple.fr).',
  phone: 'Numéro de téléphone invalide : 6 à 15 chiffres, un + en tête pour l’international.',
  naf: 'Code NAF invalide : 4 chiffres et une lettre (ex. 62.01Z).',
  date: 'Date invalide : utilisez le format JJ/MM/AAAA.',
  businessName: 'Raison sociale : obligatoire pour un professionnel.',
  consumerName: 'Nom : obligatoire pour un particulier.',
  country: 'Pays : code à 2 lettres (FR, BE, DE…).',
  termsDays: 'Délai de paiement : un nombre de jours entre 0 et 90.',
  companyTermsDays:
    'Délai de paiement par défaut : entre 0 et 60 jours, le maximum convenu permis par l’article L441-10 du Code de commerce.',
  creditLimit: 'Encours autorisé : un montant positif en euros.',
  logoType: 'Logo : image PNG ou JPEG attendue.',
  logoSize: `Logo : ${LOGO_MAX_BYTES / 1024} Ko au plus.`,
} as const;

const optionalDate = z
  .string()
  .nullish()
  .transform((v) => (v ? v.trim() : null))
  .refine((v) => v === null || isIsoDate(v), { error: MESSAGES.date });

const optionalEmail = z
  .string()
  .nullish()
  .transform((v) => (v ? v.trim() : null) || null)
  .refine((v) => v === null || z.email().safeParse(v).success, { error: MESSAGES.email });

const optionalPhone = z
  .string()
  .nullish()
  .transform((v) => (v ? v.trim() : null) || null)
  .refine((v) => v === null || isValidPhone(v), { error: MESSAGES.phone });

const addressInput = z
  .array(z.string({ error: 'Adresse : texte attendu.' }).max(200, 'Adresse : ligne trop longue.'))
  .max(6, 'Adresse : 6 lignes au plus.')
  .default([])
  .transform((lines): AddressLines => normalizeAddress(lines));

const countryInput = z
  .string()
  .trim()
  .toUpperCase()
  .regex(/^[A-Z]{2}$/, MESSAGES.country)
  .default('FR');

function addAddressIssues(address: readonly string[], country: string, ctx: z.RefinementCtx) {
  // Normalized again here: when a line failed its own check, the transform did not run and
  // the raw lines arrive (normalizing is idempotent).
  for (const problem of checkAddress(normalizeAddress(address), country)) {
    ctx.addIssue({ code: 'custom', path: ['address', problem.line - 1], message: problem.message });
  }
}

function addVatIssues(vat: string | null, siren: string | null, country: string, ctx: z.RefinementCtx) {
  if (vat === null) return;
  if (vat.startsWith('FR') || country === 'FR') {
    if (!isValidFrenchVat(vat)) ctx.addIssue({ code: 'custom', path: ['vatNumber'], message: MESSAGES.vat });
    else if (siren && !vat.endsWith(siren)) ctx.addIssue({ code: 'custom', path: ['vatNumber'], message: MESSAGES.vatMismatch });
  } else if (!/^[A-Z]{2}[0-9A-Z]{2,13}$/.test(vat)) {
    ctx.addIssue({ code: 'custom', path: ['vatNumber'], message: MESSAGES.vatForeign });
  }
}

export const contactInputSchema = z.object({
  role: z.enum(['accounting', 'operations', 'executive', 'other'], { error: 'Rôle du contact : comptabilité, opérationnel, dirigeant ou autre.' }),
  name: requiredText(120, 'Nom du contact'),
  email: optionalEmail,
  phone: optionalPhone,
});

export const paymentTermsSchema = z
  .discriminatedUnion('mode', [
    z.object({ mode: z.literal('net'), days: z.int(MESSAGES.termsDays).min(0, MESSAGES.termsDays).max(90, MESSAGES.termsDays) }),
    z.object({ mode: z.literal('eom45') }),
  ])
  .default({ mode: 'net', days: 30 });

export const solvencyInputSchema = z
  .object({
    situation: optionalText(2000, 'Situation financière'),
    accountsDate: optionalDate,
    accountsNote: optionalText(2000, 'Derniers comptes lus'),
    incidents: optionalText(2000, 'Incidents de paiement'),
  })
  .default({ situation: null, accountsDate: null, accountsNote: null, incidents: null });

export const clientInputSchema = z
  .object({
    kind: z.enum(['business', 'consumer'], { error: 'Type de client : professionnel ou particulier.' }),
    name: optionalText(120, 'Raison sociale'),
    firstName: optionalText(60, 'Prénom'),
    lastName: optionalText(60, 'Nom'),
    legalForm: optionalText(40, 'Forme juridique'),
    siren: optionalIdentifier(isValidSiren, MESSAGES.siren),
    siret: optionalIdentifier(isValidSiret, MESSAGES.siret),
    vatNumber: z
      .string()
      .nullish()
      .transform((v) => (v ? compactIdentifier(v).toUpperCase() : '') || null),
    address: addressInput,
    country: countryInput,
    contacts: z.array(contactInputSchema).max(50, 'Contacts : 50 au plus.').default([]),
    paymentTerms: paymentTermsSchema,
    creditLimitCents: z
      .int(MESSAGES.creditLimit)
      .min(0, MESSAGES.creditLimit)
      .max(MAX_CENTS, MESSAGES.creditLimit)
      .nullish()
      .transform((v) => v ?? null),
    nafCode: z
      .string()
      .nullish()
      .transform((v) => (v ? v.trim() : '') || null)
      .refine((v) => v === null || normalizeNafCode(v) !== null, { error: MESSAGES.naf })
      .transform((v) => (v === null ? null : normalizeNafCode(v))),
    solvency: solvencyInputSchema,
    notes: optionalText(10_000, 'Notes'),
    tags: z
      .array(z.string().trim().min(1, 'Étiquette vide.').max(40, 'Étiquette : 40 caractères au plus.'))
      .max(30, 'Étiquettes : 30 au plus.')
      .default([])
      .transform((tags) => [...new Set(tags)]),
  })
  .superRefine((c, ctx) => {
    if (c.kind === 'business' && !c.name) ctx.addIssue({ code: 'custom', path: ['name'], message: MESSAGES.businessName });
    if (c.kind === 'consumer' && !c.lastName) ctx.addIssue({ code: 'custom', path: ['lastName'], message: MESSAGES.consumerName });
    if (c.siren && c.siret && !c.siret.startsWith(c.siren)) {
      ctx.addIssue({ code: 'custom', path: ['siret'], message: MESSAGES.siretMismatch });
    }
    addVatIssues(c.vatNumber, c.siren ?? c.siret?.slice(0, 9) ?? null, c.country, ctx);
    addAddressIssues(c.address, c.country, ctx);
  })
  .transform((c) => ({
    ...c,
    // A consumer's display name is "Prénom Nom"; a business keeps its raison sociale.
    name: c.kind === 'consumer' ? [c.firstName, c.lastName].filter(Boolean).join(' ') : (c.name as string),
    firstName: c.kind === 'consumer' ? c.firstName : null,
    lastName: c.kind === 'consumer' ? c.lastName : null,
    // A SIRET carries its SIREN: fill it in when only the SIRET was given.
    siren: c.siren ?? (c.siret ? c.siret.slice(0, 9) : null),
  }));

export type ClientInput = z.input<typeof clientInputSchema>;
export type ClientData = z.output<typeof clientInputSchema>;

export const logoSchema = z
  .object({
    mimeType: z.enum(['image/png', 'image/jpeg'], { error: MESSAGES.logoType }),
    base64: z.string().regex(/^[A-Za-z0-9+/]*={0,2}$/, MESSAGES.logoType),
  })
  .refine((l) => Math.floor((l.base64.length * 3) / 4) <= LOGO_MAX_BYTES, { error: MESSAGES.logoSize, path: ['base64'] })
  .nullish()
  .transform((v) => v ?? null);

export const companyInputSchema = z
  .object({
    name: requiredText(120, 'Raison sociale'),
    legalForm: optionalText(40, 'Forme juridique'),
    siren: optionalIdentifier(isValidSiren, MESSAGES.siren),
    vatNumber: z
      .string()
      .nullish()
      .transform((v) => (v ? compactIdentifier(v).toUpperCase() : '') || null),
    rcsCity: optionalText(60, 'Ville du RCS'),
    address: addressInput,
    representative: optionalText(120, 'Représentant légal'),
    email: optionalEmail,
    phone: optionalPhone,
    iban: optionalIdentifier(isValidIban, MESSAGES.iban),
    bic: optionalIdentifier(isValidBic, MESSAGES.bic),
    logo: logoSchema,
    signatoryName: optionalText(120, 'Signataire'),
    signatoryTitle: optionalText(120, 'Qualité du signataire'),
    paymentTermsDays: z
      .int(MESSAGES.companyTermsDays)
      .min(0, MESSAGES.companyTermsDays)
      .max(60, MESSAGES.companyTermsDays)
      .default(30),
    person: z
      .object({
        kind: z.enum(['legal', 'natural'], { error: 'Vous agissez en tant que : personne morale ou personne physique.' }),
        firstNames: optionalText(120, 'Prénoms'),
        lastName: optionalText(120, 'Nom'),
        profession: optionalText(120, 'Profession'),
        nationality: optionalText(60, 'Nationalité'),
        birthDate: z
          .string()
          .nullish()
          .transform((v) => v || null)
          .refine((v) => v === null || isIsoDate(v), { error: 'Date de naissance invalide (JJ/MM/AAAA).' }),
        birthPlace: optionalText(120, 'Lieu de naissance'),
      })
      .default({ kind: 'legal', firstNames: null, lastName: null, profession: null, nationality: null, birthDate: null, birthPlace: null }),
  })
  .superRefine((c, ctx) => {
    addVatIssues(c.vatNumber, c.siren, 'FR', ctx);
    addAddressIssues(c.address, 'FR', ctx);
  });

export type CompanyInput = z.input<typeof companyInputSchema>;
export type CompanyData = z.output<typeof companyInputSchema>;

export const idSchema = z.object({ id: z.int('Identifiant attendu.').positive('Identifiant attendu.') });

export const clientListQuerySchema = z.object({
  search: z.string().trim().max(200).default(''),
  status: z.enum(['active', 'archived', 'all']).default('active'),
  sort: z.enum(['name', 'siren', 'city', 'kind', 'createdAt']).default('name'),
  direction: z.enum(['asc', 'desc']).default('asc'),
  offset: z.int().min(0).default(0),
  limit: z.int().min(1).max(1000).default(100),
});
export type ClientListQuery = z.input<typeof clientListQuerySchema>;
