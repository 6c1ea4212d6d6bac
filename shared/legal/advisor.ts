// The procedure advisor: for a client's unpaid invoices, the next step and why, from the facts
// the books hold. Pure: the facts come in (electron/core/escalation/advisor-facts.ts gathers
// them), the advice goes out; no clock, no database.
//
// The legal facts used here were copied from the project's legal research (sections 4 to 8) with
// their sources; nothing reads that research at run time. Where a point is not settled there, the
// advice says so in a warning ("à vérifier") instead of deciding silently.
//
// Order of the decision (first match wins):
//  1. A collective procedure in force (sauvegarde, redressement, liquidation) → claim_declaration
//     to the mandataire (or liquidateur) judiciaire: no injonction de payer can be brought against
//     a debtor under a collective procedure (https://jcl06.fr/opp), and the claim must be declared
//     within two months of the BODACC publication of the opening judgment, two more for a creditor
//     outside metropolitan France (C. com. R622-24).
//  2. No open invoice → nothing_to_claim.
//  3. Each invoice is kept or left out: disputed (an injonction de payer needs a claim that is
//     certain, liquid and due, CPC 1405: https://jcl06.fr/opp), factored, prescribed, not yet due,
//     covered by a payment plan in force. Nothing kept → prescribed (when undisputed invoices are
//     time-barred) or nothing_to_claim.
//  4. Where the debtor is: France (with its overseas departments) → a French procedure; another
//     EU Member State except Denmark → a European one; elsewhere (or Denmark) → foreign_debtor.
//  5. The formal notice: none sent → formal_notice_first; sent but receipt not recorded, or its
//     deadline still running → wait_formal_notice_deadline. Skipped when prescription is imminent
//     (PRESCRIPTION_URGENT_DAYS): a formal notice does not interrupt prescription.
//  6. The procedure: in France, at most 5 000 € principal + interest → the procédure simplifiée de
//     recouvrement des petites créances (or an injonction de payer), above → injonction de payer;
//     in the EU, at most 5 000 € excluding interest and costs → European small claims, above →
//     European order for payment.
import { fold } from '../domain/text.js';
import { addDays, addMonths, daysBetween, formatDateFr, isIsoDate, type IsoDate } from '../domain/dates.js';
import { cents, formatEuros, type Cents } from '../domain/money.js';
import { PRESCRIPTION_WARNING_MONTHS } from '../domain/prescription.js';
import type { ClientKind } from '../domain/client.js';

// ———————————————————————————————————————————————————————————————————————————————————————————————
// Data, with sources
// ———————————————————————————————————————————————————————————————————————————————————————————————

/** Amounts in cents, each with its source. */
export const ADVISOR_THRESHOLDS = {
  /**
   * Procédure simplifiée de recouvrement des petites créances (L125-1, R125-1 CPCE): a claim of at
   * most 5 000 €, principal AND interest included; contractual or statutory; run by a commissaire
   * de justice, needs the debtor's agreement, all fees borne by the creditor.
   * https://macsf.fr/vie-pratique/loisirs-consommation/recouvrement-petites-creances ;
   * https://www.assistant-juridique.fr/recouvrement_petites_creances.jsp
   * Whether the 40 € recovery indemnities count is not settled by those sources: Recouvra counts
   * them (principal + interest + indemnities), so the procedure is never proposed for a claim
   * that could be above the ceiling; a warning says when leaving them out would bring it under.
   */
  smallClaimsCents: cents(500_000),
  /**
   * European Small Claims Procedure, Reg. (EC) 861/2007 as amended by Reg. (EU) 2015/2421: cross-
   * border claims of at most 5 000 €, EXCLUDING interest, expenses and disbursements (from
   * 14 July 2017; not Denmark). Recouvra compares the principal still owed (the 40 € indemnities
   * are recovery costs and are left out too).
   * https://eumonitor.eu/9353000/1/j4nvk6yhcbpeywk_j9vvik7m1c3gyxp/vk0hc41i1vcw ;
   * https://www.uihj.com/documents/toolkit-on-the-european-small-claims-procedure/
   */
  europeanSmallClaimsCents: cents(500_000),
  /**
   * Tribunaux des activités économiques: "contribution pour la justice économique" (3-5 %, capped
   * at 100 000 €) only when the claim is above 50 000 € AND the claimant has at least 250
   * employees; its status in 2026 is UNCONFIRMED.
   * https://www.efl.fr/actualite/nouvelles-precisions-contribution-payer-agir-devant-tae_f3795653d-6b30-4dc3-b7fc-afd6489a210e
   */
  taeContributionCents: cents(5_000_000),
} as const;

/**
 * Prescription warnings. "Near": within PRESCRIPTION_WARNING_MONTHS (6 months, the same threshold
 * as shared/domain/prescription.ts and the invoice page) of the last day to act. "Urgent": within
 * 60 days — a product choice, not a legal rule: too close for a formal notice and its deadline
 * first, since a formal notice does NOT interrupt prescription (Cass. com. 18 mai 2022
 * n° 20-23.204, https://lettredesreseaux.com/lmr-36-lart-de-mettre-en-demeure.html); only a
 * court action (C. civ. 2241), an acknowledgment or a partial payment (2240) does.
 */
export const PRESCRIPTION_NEAR_MONTHS = PRESCRIPTION_WARNING_MONTHS;
export const PRESCRIPTION_URGENT_DAYS = 60;

/**
 * A registered formal notice posted this many days ago with no receipt recorded: the advice adds
 * a warning (La Poste keeps an unclaimed registered letter about 15 days; product choice).
 */
export const FORMAL_NOTICE_RECEIPT_WAIT_DAYS = 30;

/**
 * Déclaration de créance (C. com. R622-24): "dans un délai de deux mois à compter de la
 * publication du jugement d'ouverture au BODACC", "augmenté de deux mois pour les créanciers
 * demeurant hors de France métropolitaine". Month arithmetic as CPC 641 counts a period in months
 * (same day number, else the month's last day): shared/domain/dates.ts addMonths. CPC 642 may
 * move a deadline falling on a Saturday, Sunday or public holiday to the next working day:
 * Recouvra does not rely on that extension and shows the plain date.
 */
export const CLAIM_DECLARATION = { months: 2, abroadExtraMonths: 2, source: 'article R622-24 du Code de commerce' } as const;

/** The deadline is shown as urgent this many days before it. Product choice. */
export const CLAIM_DECLARATION_URGENT_DAYS = 15;

/**
 * The 12 tribunaux de commerce renamed tribunaux des activités économiques (TAE) on 1 Jan 2025,
 * experimentally until 31 Dec 2028 (loi n° 2023-1059; they keep injonction-de-payer competence).
 * https://www.efl.fr/actualite/combien-faut-payer-agir-devant-tribunal-activites-economiques_f2a20cee2-bc11-496f-9eb5-ab6a9ae2baa5 ;
 * https://scpld.fr/12-tribunaux-des-activites-economiques
 * Matching is by the debtor's CITY only: a court's territorial district (ressort) covers more than
 * its seat, so a debtor in a suburb may fall under a TAE and one in the seat city is certain to.
 * The suggestion always needs the user's confirmation.
 */
export const TAE = {
  cities: ['Avignon', 'Auxerre', 'Le Havre', 'Le Mans', 'Limoges', 'Lyon', 'Marseille', 'Nancy', 'Nanterre', 'Paris', 'Saint-Brieuc', 'Versailles'],
  from: '2025-01-01' as IsoDate,
  until: '2028-12-31' as IsoDate,
  sources: [
    'https://www.efl.fr/actualite/combien-faut-payer-agir-devant-tribunal-activites-economiques_f2a20cee2-bc11-496f-9eb5-ab6a9ae2baa5',
    'https://scpld.fr/12-tribunaux-des-activites-economiques',
  ],
} as const;

/**
 * Requête forms (Cerfa). The version suffixes (*02, *06) are UNCONFIRMED against
 * service-public.fr: the advice says to check them.
 * https://matuile.com/media/formulaire-pour-linjonction-de-payer-comment-ca-marche ;
 * https://www.se-faire-payer.com/cerfa-injonction-de-payer/
 */
export const CERFA = {
  /** Président du tribunal de commerce (and of a TAE, the renamed court). */
  commerce: { number: '12946', suffix: '02' },
  /** Tribunal judiciaire, civil claims (a consumer debtor included). */
  judiciaire: { number: '12948', suffix: '06' },
} as const;

/** "12946*02" for a commercial court (commerce or TAE), "12948*06" for the tribunal judiciaire. */
export function cerfaFor(kind: CourtKind): string {
  const form = kind === 'judiciaire' ? CERFA.judiciaire : CERFA.commerce;
  return `${form.number}*${form.suffix}`;
}

/**
 * The 27 EU Member States (ISO 3166 alpha-2; Greece is GR in ISO, EL in EU usage: both accepted).
 * https://european-union.europa.eu/principles-countries-history/eu-countries_en
 * The European order for payment (Reg. 1896/2006) and the European Small Claims Procedure
 * (Reg. 861/2007) apply in all of them EXCEPT Denmark
 * (https://greffe-tc-nice.fr/contenu-pratique/contentieux-general/linjonction-de-payer/linjonction-de-payer-europeenne ;
 * https://www.uihj.com/documents/toolkit-on-the-european-small-claims-procedure/).
 */
export const EU_MEMBER_STATES: Readonly<Record<string, string>> = {
  AT: 'Autriche', BE: 'Belgique', BG: 'Bulgarie', HR: 'Croatie', CY: 'Chypre', CZ: 'Tchéquie', DK: 'Danemark', EE: 'Estonie',
  FI: 'Finlande', FR: 'France', DE: 'Allemagne', GR: 'Grèce', EL: 'Grèce', HU: 'Hongrie', IE: 'Irlande', IT: 'Italie', LV: 'Lettonie',
  LT: 'Lituanie', LU: 'Luxembourg', MT: 'Malte', NL: 'Pays-Bas', PL: 'Pologne', PT: 'Portugal', RO: 'Roumanie', SK: 'Slovaquie',
  SI: 'Slovénie', ES: 'Espagne', SE: 'Suède',
};
export const EUROPEAN_ORDER_EXCLUDED: readonly string[] = ['DK'];
export const EUROPEAN_SMALL_CLAIMS_EXCLUDED: readonly string[] = ['DK'];

/**
 * Codes a French address may carry that are France itself: the overseas departments and regions
 * (Guadeloupe, Martinique, Guyane, La Réunion, Mayotte) are French departments, in the EU as
 * outermost regions, under the same courts' organisation. The overseas collectivities (PM, BL,
 * MF, WF, PF, NC) have laws of their own and are treated as abroad (a lawyer's question).
 */
export const FRANCE_CODES: readonly string[] = ['FR', 'GP', 'MQ', 'GF', 'RE', 'YT'];

// ———————————————————————————————————————————————————————————————————————————————————————————————
// Types
// ———————————————————————————————————————————————————————————————————————————————————————————————

export type AdvisedProcedure =
  | 'formal_notice_first'
  | 'wait_formal_notice_deadline'
  | 'payment_order'
  | 'small_claims_or_payment_order'
  | 'european_order'
  | 'european_small_claims'
  /** A debtor outside the EU, or in Denmark: no European procedure, a lawyer's matter. */
  | 'foreign_debtor'
  | 'claim_declaration'
  | 'nothing_to_claim'
  | 'prescribed';

export type { CourtKind } from '../domain/cases.js';
import type { CourtKind } from '../domain/cases.js';
export type CollectiveProcedureKind = 'safeguard' | 'reorganisation' | 'liquidation';

export const COLLECTIVE_PROCEDURE_LABELS: Record<CollectiveProcedureKind, string> = {
  safeguard: 'sauvegarde',
  reorganisation: 'redressement judiciaire',
  liquidation: 'liquidation judiciaire',
};

import { COURT_KIND_LABELS } from '../domain/cases.js';
export const COURT_LABELS = COURT_KIND_LABELS;

export interface ClaimAmounts {
  /** Principal still owed (TTC remaining). */
  principalCents: Cents;
  /** Late-payment penalties (business) or legal interest (consumer) to date. */
  interestCents: Cents;
  /** 40 € recovery indemnities (business only). */
  indemnityCents: Cents;
  totalCents: Cents;
}

export interface AdvisorInvoice {
  number: string;
  issueDate: IsoDate;
  dueDate: IsoDate;
  /** Delivery or completion date, where prescription starts. */
  deliveryDate?: IsoDate | null;
  remainingCents: Cents;
  /** Penalties or interest to `asOf`. */
  interestCents: Cents;
  indemnityCents: Cents;
  /** An open dispute (litige). */
  disputed: boolean;
  /** Last day on which the claim can still be enforced or interrupted (shared/domain/prescription.ts expiresOn). */
  prescriptionDate: IsoDate;
  /** Covered by a payment plan (it only matters while the plan is in force). */
  inPaymentPlan?: boolean;
  /** Sold to a factor, who collects it. */
  factored?: boolean;
}

export interface AdvisorDebtor {
  name?: string;
  kind: ClientKind;
  legalForm: string | null;
  /** A merchant or commercial company (see merchantRule). */
  isMerchant: boolean;
  /** ISO 3166 alpha-2. */
  country: string;
  city: string | null;
  postcode: string | null;
}

export interface FormalNoticeState {
  /** The latest formal notice generated but not recorded as posted (information only). */
  generated?: IsoDate | null;
  sent: IsoDate | null;
  received: IsoDate | null;
  /** Last day to pay, counted from receipt. */
  deadline: IsoDate | null;
}

export interface CollectiveProcedureFacts {
  kind: CollectiveProcedureKind;
  judgmentDate: IsoDate;
  /** Publication of the opening judgment in the BODACC; null: not published (or not recorded) yet. */
  bodaccDate: IsoDate | null;
  /** The creditor (the user) lives outside metropolitan France: two more months (R622-24). */
  creditorAbroad: boolean;
  court?: string | null;
  mandataireName?: string | null;
}

export interface AdvisorFacts {
  asOf: IsoDate;
  /** The undisputed open invoices, as the books state them (claimOf). */
  claim: ClaimAmounts;
  /** The client's open invoices (disputed ones included: the advice says why they are left out). */
  invoices: AdvisorInvoice[];
  debtor: AdvisorDebtor;
  formalNotice: FormalNoticeState;
  /** The procedure in force on asOf, or null. */
  collectiveProcedure: CollectiveProcedureFacts | null;
  /** A payment plan in force (signed or not, not broken, not completed). */
  paymentPlanInForce: boolean;
}

export interface AdvisedCourt {
  kind: CourtKind;
  /** "Tribunal de commerce"… */
  label: string;
  /** The TAE's seat when the debtor's city is one (a suggestion by city); otherwise null. */
  suggestedCity: string | null;
  /** The debtor's locality: the court is the one whose district (ressort) includes it. */
  forLocality: string | null;
  cerfa: string;
  needsConfirmation: true;
}

export interface Advice {
  procedure: AdvisedProcedure;
  /** In French. */
  title: string;
  /** French sentences: why, one per fact used. */
  reasons: string[];
  warnings: string[];
  court: AdvisedCourt | null;
  excludedInvoices: { number: string; reason: string }[];
  /** The invoices the advice is about (those kept). */
  invoiceNumbers: string[];
  /** What those invoices amount to. */
  claim: ClaimAmounts;
  /** After a formal-notice step: the procedure that comes next. */
  next: AdvisedProcedure | null;
  /** claim_declaration with a BODACC date: the last day to declare. */
  claimDeclarationDeadline?: IsoDate;
}

export const PROCEDURE_TITLES: Record<AdvisedProcedure, string> = {
  formal_notice_first: 'Envoyer d’abord une mise en demeure',
  wait_formal_notice_deadline: 'Attendre la fin du délai de la mise en demeure',
  payment_order: 'Requête en injonction de payer',
  small_claims_or_payment_order: 'Procédure simplifiée de recouvrement des petites créances, ou injonction de payer',
  european_order: 'Injonction de payer européenne',
  european_small_claims: 'Procédure européenne de règlement des petits litiges',
  foreign_debtor: 'Débiteur à l’étranger hors procédures européennes : consulter un avocat',
  claim_declaration: 'Déclaration de créance au mandataire judiciaire',
  nothing_to_claim: 'Aucune procédure à engager pour l’instant',
  prescribed: 'Créances prescrites',
};

// ———————————————————————————————————————————————————————————————————————————————————————————————
// Small rules
// ———————————————————————————————————————————————————————————————————————————————————————————————

/** The claim of a set of invoices: their sums. */
export function claimOf(invoices: readonly Pick<AdvisorInvoice, 'remainingCents' | 'interestCents' | 'indemnityCents'>[]): ClaimAmounts {
  let principal = 0;
  let interest = 0;
  let indemnity = 0;
  for (const i of invoices) {
    principal += i.remainingCents;
    interest += i.interestCents;
    indemnity += i.indemnityCents;
  }
  return { principalCents: cents(principal), interestCents: cents(interest), indemnityCents: cents(indemnity), totalCents: cents(principal + interest + indemnity) };
}

/**
 * Last day to declare a claim: two months from the BODACC publication of the opening judgment,
 * four for a creditor outside metropolitan France (C. com. R622-24). No publication yet → null
 * (the deadline has not started: watch the BODACC).
 */
export function claimDeclarationDeadline(bodaccDate: IsoDate | null, creditorAbroad: boolean): IsoDate | null {
  if (bodaccDate === null) return null;
  if (!isIsoDate(bodaccDate)) throw new RangeError(`bodaccDate: not a calendar date: ${String(bodaccDate)}`);
  return addMonths(bodaccDate, CLAIM_DECLARATION.months + (creditorAbroad ? CLAIM_DECLARATION.abroadExtraMonths : 0));
}

export interface MerchantRule {
  isMerchant: boolean;
  /** False when the form alone does not settle it: the advice asks to check. */
  certain: boolean;
  /** In French: why. */
  basis: string;
}

const words = (text: string) => ` ${fold(text).replace(/\./g, '').replace(/[^a-z0-9]+/g, ' ').trim()} `;
const hasAny = (w: string, list: readonly string[]) => list.some((x) => w.includes(` ${x} `));

/**
 * Is the debtor a merchant or a commercial company, for the choice between the tribunal de
 * commerce and the tribunal judiciaire (reference § 6.1: a commercial claim, between merchants or
 * commercial companies, goes to the tribunal de commerce; a civil one, a consumer's included, to
 * the tribunal judiciaire)? Decided from the legal form the client record carries:
 * - a consumer: no;
 * - commercial by form whatever their object (C. com. L210-1 al. 2: SNC, SCS, SARL and sociétés
 *   par actions — SA, SAS, SCA; EURL and SASU are their one-member versions; SE; SCOP and SCIC
 *   take one of those forms): yes;
 * - sociétés d'exercice libéral (SELARL, SELAS, SELAFA, SELCA…): commercial form but civil object
 *   (loi n° 90-1258, art. 1): no, with a warning (court to check);
 * - sociétés civiles (SCI, SCP, SCM, SC, GAEC, EARL), associations, foundations: no;
 * - an entrepreneur individuel (EI, EIRL, micro-entrepreneur) or a profession libérale: no by
 *   default, with a warning — a trader registered at the RCS is a merchant;
 * - a GIE (civil or commercial by its object), an unknown or missing form: no, with a warning.
 * L210-1 and the loi of 1990 are cited from the codes, not from the project's reference file.
 */
export function merchantRule(kind: ClientKind, legalForm: string | null): MerchantRule {
  if (kind === 'consumer') return { isMerchant: false, certain: true, basis: 'particulier : la créance est civile' };
  const form = legalForm?.trim() ?? '';
  if (!form) {
    return { isMerchant: false, certain: false, basis: 'forme juridique non renseignée : qualité de commerçant inconnue' };
  }
  const w = words(form);
  if (hasAny(w, ['selarl', 'selas', 'selasu', 'selafa', 'selca', 'seleurl', 'sel', 'spfpl']) || w.includes(' exercice liberal ')) {
    return { isMerchant: false, certain: false, basis: `${form} : société d’exercice libéral, de forme commerciale mais d’objet civil (loi n° 90-1258, art. 1)` };
  }
  if (hasAny(w, ['sci', 'scp', 'scm', 'sc', 'scea', 'gaec', 'earl', 'gfa', 'scpi']) || w.includes(' societe civile ') || w.includes(' exploitation agricole ')) {
    return { isMerchant: false, certain: true, basis: `${form} : société civile` };
  }
  if (hasAny(w, ['association', 'fondation', 'syndicat', 'asso'])) {
    return { isMerchant: false, certain: true, basis: `${form} : personne morale non commerçante` };
  }
  if (
    hasAny(w, ['sa', 'sas', 'sasu', 'sarl', 'eurl', 'snc', 'scs', 'sca', 'se', 'scop', 'scic', 'sapo']) ||
    [' societe anonyme ', ' responsabilite limitee ', ' actions simplifiee ', ' nom collectif ', ' commandite ', ' societe europeenne '].some((x) => w.includes(x))
  ) {
    return { isMerchant: true, certain: true, basis: `${form} : société commerciale par sa forme (article L210-1 du Code de commerce)` };
  }
  if (hasAny(w, ['ei', 'eirl', 'micro', 'microentreprise', 'microentrepreneur', 'autoentrepreneur', 'auto', 'liberal', 'liberale']) || [' entreprise individuelle ', ' entrepreneur individuel ', ' profession liberale '].some((x) => w.includes(x))) {
    return {
      isMerchant: false,
      certain: false,
      basis: `${form} : entrepreneur individuel, commerçant seulement s’il exerce une activité commerciale et est inscrit au RCS`,
    };
  }
  if (hasAny(w, ['gie'])) return { isMerchant: false, certain: false, basis: `${form} : groupement d’intérêt économique, civil ou commercial selon son objet` };
  return { isMerchant: false, certain: false, basis: `${form} : forme juridique non reconnue, qualité de commerçant à vérifier` };
}

const folded = (city: string) =>
  fold(city)
    .replace(/\bcedex\b.*$/, '')
    .replace(/['’-]/g, ' ')
    .replace(/\b\d+(er|e|eme)?\b/g, ' ')
    .replace(/^st /, 'saint ')
    .replace(/\s+/g, ' ')
    .trim();

/** The TAE seat matching a city ("LYON CEDEX 03" → "Lyon", "ST BRIEUC" → "Saint-Brieuc"), else null. */
export function taeCityOf(city: string | null): string | null {
  if (!city) return null;
  const f = folded(city);
  return TAE.cities.find((c) => folded(c) === f) ?? null;
}

export function isFrance(country: string): boolean {
  return FRANCE_CODES.includes(country.trim().toUpperCase());
}

export function isEuMemberState(country: string): boolean {
  return country.trim().toUpperCase() in EU_MEMBER_STATES;
}

function countryName(code: string): string {
  const c = code.trim().toUpperCase();
  return EU_MEMBER_STATES[c] ?? c;
}

const money = (c: number) => formatEuros(c as Cents);
const list = (numbers: readonly string[]) => numbers.join(', ');
const plural = (n: number, one: string, many: string) => (n > 1 ? many : one);

/** The court for a French procedure, by the debtor's kind, form and city. */
export function courtFor(debtor: AdvisorDebtor, asOf: IsoDate): { court: AdvisedCourt; reasons: string[]; warnings: string[] } {
  const reasons: string[] = [];
  const warnings: string[] = [];
  const locality = [debtor.postcode, debtor.city].filter(Boolean).join(' ') || null;
  let kind: CourtKind = 'judiciaire';
  let suggestedCity: string | null = null;
  if (debtor.kind === 'business' && debtor.isMerchant) {
    kind = 'commerce';
    const tae = taeCityOf(debtor.city);
    const taeInForce = asOf >= TAE.from && asOf <= TAE.until;
    if (tae && taeInForce) {
      kind = 'activites_economiques';
      suggestedCity = tae;
      reasons.push(
        `Le débiteur est à ${debtor.city} : le tribunal de commerce y est devenu le tribunal des activités économiques de ${tae} (expérimentation du 1er janvier 2025 au 31 décembre 2028). ` +
          'Cette suggestion se fonde sur la seule ville : le ressort d’un tribunal ne se confond pas avec sa commune.',
      );
    } else if (tae && asOf > TAE.until) {
      warnings.push(`L’expérimentation des tribunaux des activités économiques devait prendre fin le ${formatDateFr(TAE.until)} : vérifiez le nom de la juridiction de ${tae}.`);
    } else {
      warnings.push(
        `Douze tribunaux de commerce sont devenus des tribunaux des activités économiques (${TAE.cities.join(', ')}) : si le domicile du débiteur relève du ressort de l’un d’eux, c’est lui qui est compétent.`,
      );
    }
    reasons.push('Créance commerciale contre un commerçant ou une société commerciale : requête au président du tribunal de commerce.');
  } else if (debtor.kind === 'consumer') {
    reasons.push('Débiteur particulier : la créance est civile, requête au tribunal judiciaire (le juge des contentieux de la protection ne connaît que du crédit à la consommation et des baux d’habitation).');
  } else {
    reasons.push('Débiteur professionnel non commerçant : la créance est civile, requête au tribunal judiciaire.');
  }
  warnings.push(
    'Le tribunal compétent est celui du domicile du débiteur : confirmez-le. Cette règle est d’ordre public (article 1406 du Code de procédure civile) : une clause du contrat ne peut pas y déroger et le juge relève d’office son incompétence.',
  );
  const cerfa = `Cerfa n° ${cerfaFor(kind)}`;
  warnings.push(`Formulaire : ${cerfa}, ou requête sur papier libre ; le numéro de version du formulaire est à vérifier sur service-public.fr.`);
  return { court: { kind, label: COURT_LABELS[kind], suggestedCity, forLocality: locality, cerfa, needsConfirmation: true }, reasons, warnings };
}

// ———————————————————————————————————————————————————————————————————————————————————————————————
// The advice
// ———————————————————————————————————————————————————————————————————————————————————————————————

type Path = 'france' | 'european' | 'foreign';

function claimSentence(claim: ClaimAmounts, numbers: readonly string[], debtorKind: ClientKind): string {
  const parts = [`principal ${money(claim.principalCents)}`, `${debtorKind === 'business' ? 'pénalités de retard' : 'intérêts au taux légal'} ${money(claim.interestCents)}`];
  if (claim.indemnityCents > 0) parts.push(`indemnités forfaitaires ${money(claim.indemnityCents)}`);
  return `Montant réclamable : ${money(claim.totalCents)} (${parts.join(', ')}) sur ${numbers.length} ${plural(numbers.length, 'facture', 'factures')} (${list(numbers)}).`;
}

/** The earliest prescription among the invoices kept: the date by which to act. */
function prescriptionSentence(kept: readonly AdvisorInvoice[]): string {
  const first = kept.reduce((a, b) => (a.prescriptionDate <= b.prescriptionDate ? a : b));
  return `Prescription : la plus proche est celle de la facture ${first.number}, réclamable en justice jusqu’au ${formatDateFr(first.prescriptionDate)} inclus.`;
}

function debtorSentence(debtor: AdvisorDebtor): string {
  const rule = merchantRule(debtor.kind, debtor.legalForm);
  if (debtor.kind === 'consumer') return 'Débiteur particulier (non professionnel).';
  return `Débiteur professionnel ${debtor.isMerchant ? 'commerçant' : 'non commerçant'} — ${rule.basis}.`;
}

export function adviseProcedure(facts: AdvisorFacts): Advice {
  const { asOf, debtor } = facts;
  const reasons: string[] = [];
  const warnings: string[] = [];
  const excluded: { number: string; reason: string }[] = [];
  const proc = facts.collectiveProcedure;
  const open = facts.invoices.filter((i) => i.remainingCents > 0);

  const kept: AdvisorInvoice[] = [];
  const disputed: string[] = [];
  const prescribed: AdvisorInvoice[] = [];
  const planned: string[] = [];
  for (const inv of open) {
    if (inv.disputed) {
      disputed.push(inv.number);
      excluded.push({
        number: inv.number,
        reason: proc
          ? 'contestée par le débiteur : laissée hors de la déclaration de créance'
          : 'contestée par le débiteur : une injonction de payer suppose une créance certaine, liquide et exigible (article 1405 du Code de procédure civile)',
      });
    } else if (inv.factored) {
      excluded.push({ number: inv.number, reason: 'cédée au factor : c’est lui qui la recouvre' });
    } else if (asOf > inv.prescriptionDate) {
      prescribed.push(inv);
      excluded.push({ number: inv.number, reason: `prescrite depuis le ${formatDateFr(addDays(inv.prescriptionDate, 1))} : une action serait irrecevable si le débiteur invoque la prescription` });
    } else if (proc && (inv.deliveryDate ?? inv.issueDate) > proc.judgmentDate) {
      // Only claims born before the opening judgment are declared (R622-24 names the claims
      // "antérieures"); later ones are paid at their term (C. com. L622-17, not in the reference).
      excluded.push({ number: inv.number, reason: `née après le jugement d’ouverture du ${formatDateFr(proc.judgmentDate)} : elle ne se déclare pas, elle se réclame à l’administrateur ou au débiteur` });
    } else if (!proc && inv.dueDate >= asOf) {
      excluded.push({ number: inv.number, reason: `pas encore échue (échéance le ${formatDateFr(inv.dueDate)}) : elle n’est pas exigible` });
    } else if (!proc && facts.paymentPlanInForce && inv.inPaymentPlan) {
      planned.push(inv.number);
      excluded.push({ number: inv.number, reason: 'couverte par l’échéancier en cours, respecté à ce jour' });
    } else {
      kept.push(inv);
    }
  }
  const numbers = kept.map((i) => i.number);
  const claim = claimOf(kept);
  const base: Pick<Advice, 'excludedInvoices' | 'invoiceNumbers' | 'claim' | 'next' | 'court'> = { excludedInvoices: excluded, invoiceNumbers: numbers, claim, next: null, court: null };

  if (disputed.length > 0) {
    warnings.push(
      proc
        ? `${plural(disputed.length, 'Facture contestée laissée', 'Factures contestées laissées')} hors de la déclaration : ${list(disputed)}. ` +
            'Une créance non déclarée dans le délai n’est plus opposable à la procédure : si vous la maintenez, déclarez-la aussi (à vérifier avec un conseil).'
        : `${plural(disputed.length, 'Facture contestée laissée', 'Factures contestées laissées')} de côté : ${list(disputed)}. ` +
            'Une injonction de payer suppose une créance non contestée : réglez d’abord le litige, ou envisagez une assignation au fond.',
    );
  }
  for (const inv of prescribed) {
    warnings.push(`Facture ${inv.number} prescrite depuis le ${formatDateFr(addDays(inv.prescriptionDate, 1))} : elle est laissée de côté.`);
  }
  for (const inv of kept) {
    const left = daysBetween(asOf, inv.prescriptionDate);
    if (asOf >= addMonths(inv.prescriptionDate, -PRESCRIPTION_NEAR_MONTHS)) {
      warnings.push(
        `Prescription proche pour la facture ${inv.number} : dernier jour pour agir le ${formatDateFr(inv.prescriptionDate)} (dans ${left} ${plural(left, 'jour', 'jours')}). ` +
          'Une mise en demeure ne l’interrompt pas ; une action en justice, une reconnaissance de dette écrite ou un paiement partiel l’interrompent.',
      );
    }
  }

  const nothingOpen = 'Aucune facture ouverte : tout est réglé, avoir compris, ou passé en perte.';

  // ——— 1. Collective procedure ———
  if (proc) {
    const kindFr = COLLECTIVE_PROCEDURE_LABELS[proc.kind];
    reasons.push(
      `Le débiteur fait l’objet d’une procédure de ${kindFr} ouverte par jugement du ${formatDateFr(proc.judgmentDate)}${proc.court ? ` (${proc.court})` : ''} : ` +
        'les poursuites individuelles sont arrêtées, aucune injonction de payer n’est possible ; la créance se déclare au mandataire judiciaire' +
        `${proc.kind === 'liquidation' ? ' (en liquidation, au liquidateur)' : ''}.`,
    );
    const deadline = claimDeclarationDeadline(proc.bodaccDate, proc.creditorAbroad);
    if (deadline === null) {
      warnings.push(
        'Publication du jugement au BODACC non enregistrée : le délai de deux mois pour déclarer court à compter de cette publication (article R622-24 du Code de commerce). ' +
          'Surveillez le BODACC (bodacc.fr) et enregistrez la date dès sa parution ; rien n’empêche de déclarer dès maintenant.',
      );
    } else {
      const left = daysBetween(asOf, deadline);
      reasons.push(
        `Publication au BODACC le ${formatDateFr(proc.bodaccDate)} : déclaration à faire au plus tard le ${formatDateFr(deadline)} ` +
          `(deux mois${proc.creditorAbroad ? ', plus deux mois pour un créancier établi hors de France métropolitaine' : ''}, article R622-24 du Code de commerce).`,
      );
      if (left < 0) {
        warnings.push(
          `Le délai de déclaration a expiré le ${formatDateFr(deadline)} : la créance non déclarée n’est plus opposable à la procédure. ` +
            'Une demande en relevé de forclusion au juge-commissaire reste possible dans certains cas (article L622-26 du Code de commerce, à vérifier avec un conseil).',
        );
      } else if (left <= CLAIM_DECLARATION_URGENT_DAYS) {
        warnings.push(`Plus que ${left} ${plural(left, 'jour', 'jours')} pour déclarer la créance (au plus tard le ${formatDateFr(deadline)}) : envoyez la déclaration en recommandé avec avis de réception sans attendre.`);
      }
    }
    const withDeadline = deadline === null ? {} : { claimDeclarationDeadline: deadline };
    if (kept.length === 0) {
      reasons.push(open.length === 0 ? nothingOpen : 'Aucune facture à déclarer : toutes sont contestées, prescrites, cédées ou nées après le jugement.');
      return { ...base, ...withDeadline, procedure: 'nothing_to_claim', title: PROCEDURE_TITLES.nothing_to_claim, reasons, warnings };
    }
    reasons.push(
      `À déclarer : ${money(claim.principalCents)} en principal sur ${kept.length} ${plural(kept.length, 'facture', 'factures')} (${list(numbers)}), ` +
        'les intérêts et pénalités étant arrêtés à la date du jugement d’ouverture, à titre chirographaire (sans sûreté).',
    );
    reasons.push(prescriptionSentence(kept));
    if (facts.paymentPlanInForce) reasons.push('L’échéancier en cours ne dispense pas de déclarer : la procédure collective s’impose à lui.');
    return { ...base, ...withDeadline, procedure: 'claim_declaration', title: PROCEDURE_TITLES.claim_declaration, reasons, warnings };
  }

  // ——— 2. Nothing open ———
  if (open.length === 0) {
    reasons.push(nothingOpen);
    return { ...base, procedure: 'nothing_to_claim', title: PROCEDURE_TITLES.nothing_to_claim, reasons, warnings };
  }

  // ——— 3. Nothing kept ———
  if (kept.length === 0) {
    const undisputedPrescribed = prescribed.length > 0;
    if (undisputedPrescribed) {
      reasons.push(
        `${plural(prescribed.length, 'La facture', 'Les factures')} ${list(prescribed.map((i) => i.number))} ${plural(prescribed.length, 'est prescrite', 'sont prescrites')} ` +
          `(${debtor.kind === 'business' ? '5 ans entre professionnels, article L110-4 du Code de commerce' : '2 ans contre un particulier, article L218-2 du Code de la consommation'}) ` +
          'et aucune autre n’est réclamable : une action en justice serait irrecevable si le débiteur invoque la prescription. Seul un paiement volontaire ou une reconnaissance de dette reste possible.',
      );
      return { ...base, procedure: 'prescribed', title: PROCEDURE_TITLES.prescribed, reasons, warnings };
    }
    if (planned.length > 0) reasons.push(`Un échéancier est en cours et respecté (${list(planned)}) : pas de procédure tant qu’il l’est ; les relances reprennent si une échéance est manquée.`);
    if (disputed.length > 0) reasons.push(`${plural(disputed.length, 'La facture', 'Les factures')} ${list(disputed)} ${plural(disputed.length, 'est contestée', 'sont contestées')} : pas d’injonction de payer tant que le litige est ouvert.`);
    if (excluded.some((e) => e.reason.startsWith('pas encore échue'))) reasons.push('Les autres factures ne sont pas encore échues.');
    if (excluded.some((e) => e.reason.startsWith('cédée'))) reasons.push('Les factures cédées au factor sont recouvrées par lui.');
    return { ...base, procedure: 'nothing_to_claim', title: PROCEDURE_TITLES.nothing_to_claim, reasons, warnings };
  }

  // ——— 4. Where the debtor is ———
  reasons.push(claimSentence(claim, numbers, debtor.kind));
  reasons.push(prescriptionSentence(kept));
  reasons.push(debtorSentence(debtor));
  const country = debtor.country.trim().toUpperCase() || 'FR';
  let path: Path;
  if (isFrance(country)) {
    path = 'france';
    reasons.push(`Débiteur établi en France${country !== 'FR' ? ` (${country}, département d’outre-mer)` : ''} : procédure française.`);
  } else if (isEuMemberState(country) && !EUROPEAN_ORDER_EXCLUDED.includes(country)) {
    path = 'european';
    reasons.push(`Débiteur établi en ${countryName(country)} (${country}), autre État membre de l’Union européenne : litige transfrontière, les procédures européennes sont ouvertes.`);
  } else {
    path = 'foreign';
    reasons.push(
      country === 'DK'
        ? 'Débiteur établi au Danemark : ni l’injonction de payer européenne ni la procédure européenne de règlement des petits litiges ne s’y appliquent.'
        : `Débiteur établi hors de l’Union européenne (${country}) : aucune procédure européenne ne s’applique.`,
    );
  }
  if (facts.paymentPlanInForce && planned.length > 0) {
    warnings.push(`Un échéancier est en cours (${list(planned)}) : agir pour les autres factures peut le compromettre.`);
  }
  const merchant = merchantRule(debtor.kind, debtor.legalForm);
  if (debtor.kind === 'business' && !merchant.certain && path === 'france') {
    warnings.push(`${merchant.basis} : la juridiction (tribunal de commerce ou tribunal judiciaire) dépend de la qualité de commerçant du débiteur ; vérifiez-la (extrait Kbis ou annuaire des entreprises).`);
  }

  // ——— 5. The procedure the claim calls for ———
  const urgent = kept.filter((i) => daysBetween(asOf, i.prescriptionDate) <= PRESCRIPTION_URGENT_DAYS);
  let target: AdvisedProcedure;
  if (path === 'france') {
    const underCeiling = claim.totalCents <= ADVISOR_THRESHOLDS.smallClaimsCents;
    if (underCeiling && urgent.length === 0) {
      target = 'small_claims_or_payment_order';
      reasons.push(
        `${money(claim.totalCents)} n’excède pas ${money(ADVISOR_THRESHOLDS.smallClaimsCents)} en principal et intérêts : la procédure simplifiée de recouvrement des petites créances est possible ` +
          '(articles L125-1 et R125-1 du Code des procédures civiles d’exécution), par un commissaire de justice du ressort de la cour d’appel du domicile du débiteur, ' +
          'avec l’accord du débiteur et à vos frais ; elle délivre un titre exécutoire en un mois si le débiteur accepte. À défaut d’accord : requête en injonction de payer.',
      );
    } else {
      target = 'payment_order';
      if (underCeiling) {
        reasons.push('Prescription imminente : la procédure des petites créances ne suspend la prescription que si le débiteur l’accepte ; une injonction de payer est plus sûre.');
      } else {
        reasons.push(`${money(claim.totalCents)} dépasse ${money(ADVISOR_THRESHOLDS.smallClaimsCents)} (principal et intérêts) : pas de procédure simplifiée des petites créances ; requête en injonction de payer (articles 1405 et suivants du Code de procédure civile), sans avocat obligatoire.`);
        const withoutIndemnity = claim.principalCents + claim.interestCents;
        if (withoutIndemnity <= ADVISOR_THRESHOLDS.smallClaimsCents) {
          warnings.push(
            `Sans les indemnités forfaitaires (${money(claim.indemnityCents)}), la créance serait de ${money(withoutIndemnity)}, sous le seuil de la procédure des petites créances : ` +
              'l’article R125-1 ne compte que le principal et les intérêts (point à vérifier) ; Recouvra les compte par prudence.',
          );
        }
      }
    }
  } else if (path === 'european') {
    if (claim.principalCents <= ADVISOR_THRESHOLDS.europeanSmallClaimsCents) {
      target = 'european_small_claims';
      reasons.push(
        `${money(claim.principalCents)} en principal (hors intérêts et frais) n’excède pas ${money(ADVISOR_THRESHOLDS.europeanSmallClaimsCents)} : procédure européenne de règlement des petits litiges (règlement (CE) n° 861/2007 modifié). ` +
          'L’injonction de payer européenne (règlement (CE) n° 1896/2006, sans plafond) reste possible.',
      );
    } else {
      target = 'european_order';
      reasons.push(
        `${money(claim.principalCents)} en principal dépasse ${money(ADVISOR_THRESHOLDS.europeanSmallClaimsCents)} : injonction de payer européenne (règlement (CE) n° 1896/2006, sans plafond), ` +
          'formulaire A ; l’ordonnance est rendue sur formulaire E, opposition possible dans les 30 jours de la signification.',
      );
    }
    warnings.push(
      'La juridiction compétente (en principe celle du domicile du débiteur, dans sa langue) est à confirmer ; les formulaires sont sur le portail e-Justice de la Commission européenne. ' +
        'En France, ces procédures relèvent des articles 1424-1 et suivants du Code de procédure civile.',
    );
  } else {
    target = 'foreign_debtor';
    reasons.push('La compétence et l’exécution d’une décision dépendent du pays du débiteur (conventions internationales) : faites appel à un avocat ou à un correspondant de recouvrement dans ce pays.');
  }

  // ——— 6. The formal notice first ———
  const fn = facts.formalNotice;
  let step: AdvisedProcedure | null = null;
  let title: string = PROCEDURE_TITLES[target];
  if (urgent.length > 0) {
    const first = urgent.reduce((a, b) => (a.prescriptionDate <= b.prescriptionDate ? a : b));
    reasons.push(
      `Prescription imminente (facture ${first.number}, dernier jour le ${formatDateFr(first.prescriptionDate)}) : une mise en demeure ne l’interromprait pas ; agissez en justice sans attendre.`,
    );
    warnings.push(
      'L’effet interruptif de la seule requête en injonction de payer n’est pas établi : la signification de l’ordonnance interrompt la prescription. ' +
        'Si le délai est trop court, une assignation (demande en justice, article 2241 du Code civil) l’interrompt dès sa délivrance.',
    );
  } else if (fn.sent === null) {
    step = 'formal_notice_first';
    reasons.push(
      fn.generated
        ? `Une mise en demeure a été établie le ${formatDateFr(fn.generated)} mais son envoi n’est pas enregistré : postez-la en recommandé avec avis de réception et notez-la au registre.`
        : 'Aucune mise en demeure envoyée : elle est la dernière étape amiable avant le tribunal.',
    );
  } else if (fn.received === null) {
    step = 'wait_formal_notice_deadline';
    reasons.push(`Mise en demeure envoyée le ${formatDateFr(fn.sent)}, réception non enregistrée : le délai de paiement court à compter de la réception ; notez la date de l’avis de réception au registre.`);
    if (daysBetween(fn.sent, asOf) > FORMAL_NOTICE_RECEIPT_WAIT_DAYS) {
      warnings.push(
        `Envoyée il y a plus de ${FORMAL_NOTICE_RECEIPT_WAIT_DAYS} jours sans avis de réception enregistré : si le pli est revenu non réclamé, envisagez une sommation de payer par commissaire de justice.`,
      );
    }
  } else if (fn.deadline !== null && asOf <= fn.deadline) {
    step = 'wait_formal_notice_deadline';
    reasons.push(`Mise en demeure reçue le ${formatDateFr(fn.received)} : le délai de paiement court jusqu’au ${formatDateFr(fn.deadline)} inclus ; attendez-en la fin avant d’agir.`);
  } else {
    reasons.push(`Mise en demeure reçue le ${formatDateFr(fn.received)}${fn.deadline ? `, délai de paiement expiré le ${formatDateFr(fn.deadline)}` : ''} : la voie amiable est épuisée.`);
  }
  if (step === 'formal_notice_first') title = PROCEDURE_TITLES.formal_notice_first;
  if (step === 'wait_formal_notice_deadline') {
    title = fn.deadline ? `${PROCEDURE_TITLES.wait_formal_notice_deadline} (${formatDateFr(fn.deadline)})` : PROCEDURE_TITLES.wait_formal_notice_deadline;
  }
  if (step !== null) {
    if (debtor.kind === 'consumer') {
      reasons.push('Débiteur particulier : l’intérêt au taux légal ne court qu’à compter de la mise en demeure (article 1344-1 du Code civil).');
    }
  }
  if (path === 'france' && (step !== null || fn.sent === null)) {
    warnings.push(
      'La mise en demeure n’est pas une condition légale de l’injonction de payer (les articles 1405 à 1407 du Code de procédure civile ne la prévoient pas ; point non confirmé), ' +
        'mais elle est vivement recommandée et se joint aux pièces de la requête.',
    );
  }

  const courtPart = path === 'france' ? courtFor(debtor, asOf) : null;
  if (courtPart) {
    reasons.push(...courtPart.reasons);
    warnings.push(...courtPart.warnings);
    if (courtPart.court.kind === 'activites_economiques' && claim.totalCents > ADVISOR_THRESHOLDS.taeContributionCents) {
      warnings.push(
        `Créance de plus de ${money(ADVISOR_THRESHOLDS.taeContributionCents)} devant un tribunal des activités économiques : une contribution pour la justice économique est due si votre entreprise compte au moins 250 salariés (statut en 2026 à vérifier).`,
      );
    }
  }
  return {
    ...base,
    procedure: step ?? target,
    title,
    reasons,
    warnings,
    court: courtPart?.court ?? null,
    next: step !== null ? target : null,
  };
}

/** A recorded collective procedure, as the client's page shows it. */
export interface CollectiveProcedureView {
  id: number;
  clientId: number;
  clientName: string;
  kind: CollectiveProcedureKind;
  /** "liquidation judiciaire" */
  kindLabel: string;
  judgmentDate: IsoDate;
  bodaccDate: IsoDate | null;
  court: string | null;
  mandataireName: string | null;
  mandataireAddress: string[];
  creditorAbroad: boolean;
  declarationDocumentId: number | null;
  endedDate: IsoDate | null;
  createdAt: string;
  /** Not ended today. */
  inForce: boolean;
  /** Last day to declare (R622-24); null until the BODACC date is recorded. */
  deadline: IsoDate | null;
  /** Days from today to the deadline (negative once passed); null without a deadline. */
  daysLeft: number | null;
}
