// Personal data (RGPD): who is a natural person, how long what Recouvra holds about a client must
// be kept, when it may be erased or anonymised, and when a client is due for review. Pure rules,
// written once; electron/core/privacy/rgpd.ts reads the facts from the books and applies them.
//
// Sources (shared reference « legal-facts-fr.md », §4 and §11, unless said otherwise):
//
// - Natural persons only. A company's data is not personal data; a sole trader's (entrepreneur
//   individuel, micro-entrepreneur) and a contact's name are (RGPD art. 4.1; reference §11,
//   https://www.getavocat.fr/blog/2021/07/26/attention-a-vos-delais-de-conservation-de-donnees-personnelles-.html).
//   A business is treated as a natural person when its legal form says it is a sole trader
//   (SOLE_TRADER_FORMS); other businesses only have their contacts' personal fields.
// - Unpaid debt: the data needed to recover it are kept while the claim can still be enforced
//   (RGPD art. 17.3.e: erasure does not apply to what is needed "for the establishment, exercise
//   or defence of legal claims"), that is until its prescription date, computed by
//   shared/domain/prescription.ts: 2 years against a consumer (C. conso. L218-2), 5 years
//   between professionals (C. com. L110-4), from the delivery date, restarted by a partial
//   payment, an acknowledgment or a court action, never by a formal notice. An invoice written
//   off (passée en perte) is still owed: a write-off is an accounting entry, it does not
//   extinguish the claim, so it counts as unpaid. CNIL référentiel « gestion des impayés »
//   (délibération n° 2021-130 of 23 Sept. 2021, JO 10 Apr. 2022,
//   https://securibase.com/securibase/public/fiche/30401/35025) covers exactly this processing
//   (undisputed unpaid debts); its exact retention durations are UNCONFIRMED in the reference
//   (full text not read): Recouvra applies the legal durations above, which are its ceiling.
// - Enforceable title: once a judgment or an injonction de payer is enforceable, it can be
//   executed for 10 years (C. proc. civ. exéc. L111-4,
//   https://www.legifrance.gouv.fr/codes/article_lc/LEGIARTI000025024948). Not in the shared
//   reference: added here because it can only make Recouvra keep a debt longer, never shorter.
// - Accounting: "les documents comptables et les pièces justificatives sont conservés pendant
//   dix ans" (C. com. L123-22 al. 2, https://www.legifrance.gouv.fr/codes/article_lc/LEGIARTI000006219327),
//   counted from the close of the financial year; RGPD art. 17.3.b (legal obligation) then
//   overrides erasure for the invoice itself (reference §11). Recouvra does not know the
//   user's financial year: it approximates it by the CALENDAR year of the piece's date
//   (invoice issue date, credit note date, payment date), kept until 31 December of year + 10.
//   A financial year that closes later than 31 December would run a few months longer: the
//   user is told so in the reasons.
// - Review of inactive clients: CNIL référentiel « gestion commerciale » (délibération
//   n° 2021-131, same JO; https://efl.fr/actualite/traitement-donnees-fichiers-clients-impayes-cnil-publie-referentiels_f48ea87d6-cde8-4d6f-affb-7e28912f55ad):
//   client data for the relationship, then up to 3 years after the last contact (practice
//   summaries in the reference, §11). Hence DEFAULT_PRIVACY_REVIEW_YEARS = 3, editable.
import type { ClientKind } from './client.js';
import { addDays, addMonths, formatDateFr, parts, type IsoDate } from './dates.js';
import { formatEuros, type Cents } from './money.js';
import { computePrescription } from './prescription.js';
import { fold, stripAccents } from './text.js';

/** Settings key (settings table, JSON number) of the review period, in years. */
export const PRIVACY_REVIEW_YEARS_SETTING = 'privacyReviewYears';
/** CNIL référentiel « gestion commerciale » (2021-131): 3 years after the last contact. */
export const DEFAULT_PRIVACY_REVIEW_YEARS = 3;
/** C. com. L123-22 al. 2. */
export const ACCOUNTING_RETENTION_YEARS = 10;
/** C. proc. civ. exéc. L111-4. */
export const ENFORCEABLE_TITLE_YEARS = 10;

export const PRIVACY_SOURCES = {
  consumerPrescription: 'article L218-2 du Code de la consommation',
  businessPrescription: 'article L110-4 du Code de commerce',
  legalClaims: 'RGPD, article 17.3.e',
  legalObligation: 'RGPD, article 17.3.b',
  accounting: 'article L123-22 du Code de commerce',
  enforceableTitle: 'article L111-4 du Code des procédures civiles d’exécution',
  cnilUnpaid: 'CNIL, référentiel « gestion des impayés » (délibération n° 2021-130)',
  cnilCommercial: 'CNIL, référentiel « gestion commerciale » (délibération n° 2021-131)',
} as const;

// ——— Who is a natural person ———

/** Legal forms of a sole trader (folded: lower case, no accents). */
const SOLE_TRADER_FORMS = new Set([
  'ei',
  'eirl',
  'entreprise individuelle',
  'entrepreneur individuel',
  'micro-entreprise',
  'micro entreprise',
  'micro-entrepreneur',
  'micro entrepreneur',
  'auto-entrepreneur',
  'auto entrepreneur',
]);

/** A consumer, or a business whose legal form is a sole trader's: their data are personal data. */
export function isNaturalPerson(client: { kind: ClientKind; legalForm: string | null }): boolean {
  if (client.kind === 'consumer') return true;
  return client.legalForm !== null && SOLE_TRADER_FORMS.has(fold(client.legalForm));
}

// ——— Anonymisation ———

/** The name an anonymised client takes: « Client anonymisé n° 12 » (its number in the books). */
export function anonymisedClientName(clientId: number): string {
  return `Client anonymisé n° ${clientId}`;
}

export function isAnonymisedClientName(name: string): boolean {
  return /^Client anonymisé n° \d+$/.test(name);
}

/** What replaces a person's name, e-mail or phone inside a text that is kept. */
export const REDACTED = '[anonymisé]';

/**
 * Which documents survive anonymisation: an invoice's PDF is an accounting piece (C. com.
 * L123-22, kept 10 years, and never modified); every other document of a client — reminders,
 * formal notices, statements, dossiers, pièces (contracts, orders, delivery notes, receipts),
 * scans of delivery receipts — is evidence for the collection of a debt. Anonymisation is only
 * possible once no debt can be enforced any more, so that evidence has no purpose left and is
 * deleted. (The originals of contracts, orders and delivery notes the user must keep as
 * accounting pieces live in the user's own records; Recouvra holds copies for the collection.)
 */
export function documentRetentionClass(kind: string): 'accounting' | 'collection' {
  return kind === 'invoice_pdf' ? 'accounting' : 'collection';
}

function foldChar(ch: string): string {
  return stripAccents(ch).toLowerCase();
}

/** The digits that identify a French phone number (without the 0 or +33 in front), or null. */
function phoneDigits(phone: string): string | null {
  let digits = phone.replace(/\D/g, '');
  if (digits.startsWith('0033')) digits = digits.slice(4);
  else if (digits.startsWith('33') && phone.trim().startsWith('+')) digits = digits.slice(2);
  digits = digits.replace(/^0/, '');
  return digits.length >= 6 ? digits : null;
}

/**
 * Removes a person's identifiers (names, e-mail addresses, phone numbers) from a text that is
 * kept, accents and case ignored: each occurrence becomes « [anonymisé] ». Identifiers shorter
 * than 3 characters are ignored (they would match inside ordinary words). Phones match whatever
 * their spacing and prefix (06 12 34 56 78, 0612345678, +33 6 12 34 56 78).
 */
export function scrubPersonalText(text: string, identifiers: readonly string[]): string;
export function scrubPersonalText(text: string | null, identifiers: readonly string[]): string | null;
export function scrubPersonalText(text: string | null, identifiers: readonly string[]): string | null {
  if (text === null || text === '') return text;
  let result = text;
  // Phones first (their digits may be spaced in any way).
  for (const id of identifiers) {
    if (!/^[\s\d+().\-/]+$/.test(id)) continue;
    const digits = phoneDigits(id);
    if (!digits) continue;
    const body = [...digits].join('[\\s.\\-/]?');
    result = result.replace(new RegExp(`(?:(?:\\+|00)\\s?33\\s?(?:\\(0\\)\\s?)?|0)?${body}(?!\\d)`, 'g'), REDACTED);
  }
  // Then names and e-mails, on a folded copy mapped back to the original's positions.
  const needles = [
    ...new Set(
      identifiers
        .map((id) => [...id.trim().replace(/\s+/g, ' ')].map(foldChar).join(''))
        .filter((n) => n.length >= 3 && !/^[\s\d+().\-/]+$/.test(n)),
    ),
  ].sort((a, b) => b.length - a.length);
  if (needles.length === 0) return result;
  let folded = '';
  const from: number[] = [];
  const to: number[] = [];
  let at = 0;
  for (const ch of result) {
    const f = foldChar(ch);
    for (let k = 0; k < f.length; k++) {
      from.push(at);
      to.push(at + ch.length);
    }
    folded += f;
    at += ch.length;
  }
  const taken = new Array<boolean>(folded.length).fill(false);
  const ranges: [number, number][] = [];
  for (const needle of needles) {
    for (let i = folded.indexOf(needle); i !== -1; i = folded.indexOf(needle, i + 1)) {
      const j = i + needle.length;
      if (taken.slice(i, j).some(Boolean)) continue;
      for (let k = i; k < j; k++) taken[k] = true;
      ranges.push([from[i]!, to[j - 1]!]);
    }
  }
  ranges.sort((a, b) => b[0] - a[0]);
  for (const [start, end] of ranges) result = result.slice(0, start) + REDACTED + result.slice(end);
  return result;
}

// ——— Retention ———

export interface RetentionInvoice {
  number: string;
  issueDate: IsoDate;
  /** Delivery or completion date: where prescription starts (else the issue date). */
  deliveryDate: IsoDate | null;
  /** TTC − payments allocated − credit notes (a write-off does not reduce it). */
  balanceCents: number;
  /** Partial payments, acknowledgments, court actions, judgments — never a formal notice. */
  interruptions: readonly IsoDate[];
  /** The latest date the claim became enforceable (ordonnance or judgment exécutoire), if any. */
  enforceableDate: IsoDate | null;
}

export interface RetentionFacts {
  kind: ClientKind;
  naturalPerson: boolean;
  invoices: readonly RetentionInvoice[];
  /** Dates of the accounting pieces held: invoice issue dates, credit notes, payments. */
  accountingDates: readonly IsoDate[];
}

export interface RetentionStatus {
  /** Everything about the client may be deleted: no debt to recover, no accounting piece to keep. */
  canErase: boolean;
  /** Name, address, contacts, notes and collection documents may go; accounting records stay. */
  canAnonymise: boolean;
  /** Until when something must be kept (the later of the two dates below); null when nothing must. */
  keepUntil: IsoDate | null;
  /** Last day a debt can still be enforced (prescription or enforceable title), when one is owed. */
  debtKeepUntil: IsoDate | null;
  /** Last day of the 10-year accounting retention, while it runs. */
  accountingKeepUntil: IsoDate | null;
  /** Why, in French, with the sources. */
  reasons: string[];
}

/** 31 December of the piece's year + 10 (the financial year approximated by the calendar year). */
export function accountingRetentionEnd(date: IsoDate): IsoDate {
  return `${parts(date).year + ACCOUNTING_RETENTION_YEARS}-12-31` as IsoDate;
}

function listNumbers(numbers: readonly string[]): string {
  const shown = numbers.slice(0, 5).join(', ');
  return numbers.length > 5 ? `${shown}… (${numbers.length} en tout)` : shown;
}

const maxOf = (dates: readonly IsoDate[]): IsoDate | null => (dates.length === 0 ? null : dates.reduce((a, b) => (b > a ? b : a)));

/**
 * What may be done with a client's personal data on `asOf`, and why. Erasure needs both the
 * debt and the accounting duties over; anonymisation only the debt duty (the accounting records
 * stay, under an anonymous name).
 */
export function retentionStatus(facts: RetentionFacts, asOf: IsoDate): RetentionStatus {
  const reasons: string[] = [];
  if (!facts.naturalPerson) {
    return {
      canErase: false,
      canAnonymise: false,
      keepUntil: null,
      debtKeepUntil: null,
      accountingKeepUntil: null,
      reasons: [
        'Client professionnel (personne morale) : ses données ne sont pas des données personnelles (RGPD, article 4.1). ' +
          'Seules les coordonnées de ses contacts le sont : modifiez-les ou supprimez-les sur sa fiche.',
      ],
    };
  }

  // The debt: each unpaid invoice until its prescription (or its enforceable title's 10 years).
  const enforceable: { number: string; until: IsoDate; byTitle: boolean }[] = [];
  const prescribed: { number: string; since: IsoDate }[] = [];
  let debtKeepUntil: IsoDate | null = null;
  let owedCents = 0;
  for (const invoice of facts.invoices) {
    if (invoice.balanceCents <= 0) continue;
    const prescription = computePrescription({
      kind: facts.kind,
      startDate: invoice.deliveryDate ?? invoice.issueDate,
      interruptions: invoice.interruptions,
      today: asOf,
    });
    let until = prescription.expiresOn;
    let byTitle = false;
    if (invoice.enforceableDate && invoice.enforceableDate <= asOf) {
      const titleUntil = addMonths(invoice.enforceableDate, 12 * ENFORCEABLE_TITLE_YEARS);
      if (titleUntil > until) {
        until = titleUntil;
        byTitle = true;
      }
    }
    if (asOf <= until) {
      enforceable.push({ number: invoice.number, until, byTitle });
      owedCents += invoice.balanceCents;
      if (debtKeepUntil === null || until > debtKeepUntil) debtKeepUntil = until;
    } else {
      prescribed.push({ number: invoice.number, since: until });
    }
  }
  if (enforceable.length > 0) {
    const basis = facts.kind === 'consumer' ? `2 ans, ${PRIVACY_SOURCES.consumerPrescription}` : `5 ans, ${PRIVACY_SOURCES.businessPrescription}`;
    reasons.push(
      `${enforceable.length > 1 ? `${enforceable.length} factures impayées` : 'Facture impayée'} (${listNumbers(enforceable.map((e) => e.number))}, ` +
        `reste dû ${formatEuros(owedCents as Cents)}) : la créance peut être recouvrée jusqu’au ${formatDateFr(debtKeepUntil)} ` +
        `(prescription de ${basis}${enforceable.some((e) => e.byTitle) ? ` ; titre exécutoire : 10 ans, ${PRIVACY_SOURCES.enforceableTitle}` : ''}). ` +
        `Les données nécessaires au recouvrement sont conservées jusque-là (${PRIVACY_SOURCES.legalClaims} ; ${PRIVACY_SOURCES.cnilUnpaid}) : ni effacement ni anonymisation avant le ${formatDateFr(addDays(debtKeepUntil!, 1))}.`,
    );
  }
  if (prescribed.length > 0) {
    const latest = prescribed.reduce((a, b) => (b.since > a.since ? b : a));
    reasons.push(
      `${prescribed.length > 1 ? `${prescribed.length} factures impayées sont prescrites` : 'Une facture impayée est prescrite'} (${listNumbers(prescribed.map((p) => p.number))}, ` +
        `la dernière depuis le ${formatDateFr(addDays(latest.since, 1))}) : elle${prescribed.length > 1 ? 's ne justifient' : ' ne justifie'} plus de conserver les données au titre du recouvrement.`,
    );
  }

  // The accounting pieces: 10 years from the end of their (calendar) year.
  const latestPiece = maxOf(facts.accountingDates);
  const accountingEnd = latestPiece ? accountingRetentionEnd(latestPiece) : null;
  const accountingKeepUntil = accountingEnd && asOf <= accountingEnd ? accountingEnd : null;
  if (accountingKeepUntil) {
    reasons.push(
      `Pièces comptables (factures, avoirs, paiements ; la plus récente du ${formatDateFr(latestPiece)}) : conservées 10 ans à compter de la clôture de l’exercice, ` +
        `soit jusqu’au ${formatDateFr(accountingKeepUntil)} (${PRIVACY_SOURCES.accounting} ; ${PRIVACY_SOURCES.legalObligation}). ` +
        'L’exercice est assimilé à l’année civile : s’il se clôt plus tard, la durée court d’autant.',
    );
  } else if (accountingEnd) {
    reasons.push(`Pièces comptables : la durée de conservation de 10 ans (${PRIVACY_SOURCES.accounting}) a pris fin le ${formatDateFr(accountingEnd)}.`);
  }

  const canAnonymise = debtKeepUntil === null;
  const canErase = canAnonymise && accountingKeepUntil === null;
  const keepUntil = maxOf([debtKeepUntil, accountingKeepUntil].filter((d): d is IsoDate => d !== null));
  if (canErase) {
    reasons.push('Aucune obligation de conservation : le client et tout ce qui le concerne peuvent être effacés.');
  } else if (canAnonymise) {
    reasons.push(
      `Effacement possible à partir du ${formatDateFr(addDays(keepUntil!, 1))}. Dès aujourd’hui, anonymisation possible : factures, avoirs et paiements restent (sous le nom « Client anonymisé »), ` +
        'nom, adresse, contacts, notes et courriers de relance sont supprimés.',
    );
  }
  return { canErase, canAnonymise, keepUntil, debtKeepUntil, accountingKeepUntil, reasons };
}

// ——— Review of inactive clients ———

/** The review period from the stored setting: a whole number of years from 1 to 10, else the default. */
export function privacyReviewYears(raw: unknown): number {
  return typeof raw === 'number' && Number.isInteger(raw) && raw >= 1 && raw <= 10 ? raw : DEFAULT_PRIVACY_REVIEW_YEARS;
}

/** The last activity on or before this date makes a client due for review on `asOf`. */
export function reviewCutoff(asOf: IsoDate, years: number): IsoDate {
  return addMonths(asOf, -12 * years);
}

export function isDueForReview(lastActivity: IsoDate, asOf: IsoDate, years: number): boolean {
  return lastActivity <= reviewCutoff(asOf, years);
}

export function reviewReason(lastActivity: IsoDate, years: number): string {
  return (
    `Aucune facture, aucun paiement ni aucune action depuis le ${formatDateFr(lastActivity)} (${years} an${years > 1 ? 's' : ''} ou plus) : ` +
    `à revoir — effacer ou anonymiser ce qui n’a plus à être conservé (${PRIVACY_SOURCES.cnilCommercial} : 3 ans après le dernier contact).`
  );
}

/** A client (natural person) due for review: no invoice, payment or action for the review period. */
export interface InactiveClient {
  clientId: number;
  name: string;
  kind: ClientKind;
  archived: boolean;
  /** The latest invoice, credit note, payment, reminder action, promise, dispute or legal event (else the client's creation). */
  lastActivityDate: IsoDate;
  openBalanceCents: number;
  reason: string;
  retention: Pick<RetentionStatus, 'canErase' | 'canAnonymise' | 'keepUntil'>;
}

/** What eraseOrAnonymise did (counts only: no personal data). */
export interface ErasureReport {
  clientId: number;
  mode: 'anonymise' | 'erase';
  /** The client's name now (anonymise), or null (erase). */
  name: string | null;
  deleted: Record<string, number>;
  kept: Record<string, number>;
  /** What still holds the person's data, in French (journal, accounting PDFs, backups…). */
  remaining: string[];
}

/** The French text shown before the user confirms (and returned after), on what stays. */
export function remainingAfterErasure(mode: 'anonymise' | 'erase', keptAccountingDocuments: number): string[] {
  const lines = [
    'Le journal des modifications (Historique) garde les entrées déjà écrites sur ce client, avec les valeurs d’alors : ' +
      'il est en ajout seul, c’est la trace légale des opérations, et Recouvra ne le réécrit jamais. La nouvelle entrée ne contient aucune donnée personnelle.',
    'Les sauvegardes du fichier faites avant cette opération (copies de sauvegarde, copies avant mise à jour) contiennent encore ces données : ' +
      'elles disparaîtront avec leur rotation, ou supprimez-les vous-même.',
    'Un bordereau de dépôt des recommandés porte les destinataires de plusieurs clients : il n’est pas modifié.',
  ];
  if (mode === 'anonymise' && keptAccountingDocuments > 0) {
    lines.unshift(
      `${keptAccountingDocuments} PDF de facture${keptAccountingDocuments > 1 ? 's' : ''} conservé${keptAccountingDocuments > 1 ? 's' : ''} tel${keptAccountingDocuments > 1 ? 's' : ''} quel${keptAccountingDocuments > 1 ? 's' : ''} : ` +
        `pièce${keptAccountingDocuments > 1 ? 's' : ''} comptable${keptAccountingDocuments > 1 ? 's' : ''} (10 ans, ${PRIVACY_SOURCES.accounting}), ${keptAccountingDocuments > 1 ? 'elles portent' : 'elle porte'} le nom et l’adresse imprimés.`,
    );
  }
  return lines;
}
