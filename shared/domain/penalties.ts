// The late-payment engine: L441-10 penalties (business) or legal interest (consumer) on one invoice, period by period.
//
// Rules (the only place they are written down; `DAY_COUNT_RULE_FR` says the same in French):
// - Accrual days. Interest accrues for each calendar day d with dueDate < d ≤ asOf (business:
//   L441-10 penalties are due from the day after the payment date, without any reminder), or
//   formalNoticeDate < d ≤ asOf and never before dueDate + 1 (consumer: legal interest runs
//   from the formal notice, C. civ. 1344-1; without one, no interest and a NO_FORMAL_NOTICE
//   warning). asOf ≤ dueDate: no period, NOT_LATE warning.
// - Base. The base for day d is the principal minus the payments (and credit notes) dated
//   strictly before d: a payment made on day P still bears interest on day P, so a fully paid
//   invoice is P − dueDate days late. The base never goes below 0; days with base 0 produce no
//   period. Payments dated after asOf are ignored entirely. Zero-amount payments are accepted
//   and only split periods.
// - Rate for day d. Business: the contractual rate when given, else the ECB MRO rate of d's
//   semester (in force on 1 Jan / 1 Jul) + 10 points. Consumer: the legal interest rate of d's
//   semester for the creditor's category ('other' by default: the creditor is a business).
//   Judgment majoration (L313-3 CMF): from addMonths(enforceableDate, 2) inclusive, +5 points on
//   the legal rate — consumer legal interest only. A business invoice's L441-10 rate is a
//   statutory/contractual penalty rate, not the legal interest rate, so the majoration does not
//   change it (the caller may claim legal interest on the judgment separately).
// - Missing rate (a semester with a null rate, e.g. 2026-S2): the latest earlier known rate is
//   used, flagged "à confirmer", with one RATE_UNCONFIRMED warning per semester. A row marked
//   `unconfirmed` but carrying a rate is used as is, with the same warning. A day before the
//   whole table (no earlier row) uses the earliest known row, with the same warning.
// - Contractual rate below 3 × the legal rate "autres cas" of a semester of the claim:
//   RATE_BELOW_FLOOR warning (L441-10 II), computed with the contractual rate all the same.
//   Only semesters with a known legal rate are checked.
// - Periods. A new period starts at every half-year boundary (1 Jan, 1 Jul), every rate change
//   (judgment majoration) and every payment (day P + 1, zero-amount payments included). Between
//   two boundaries the days share one base and one rate and form one period.
// - Amount of a period = base × rate × days / 365 (actual days over a 365-day year, leap years
//   included, as the practice formula "montant × taux × jours / 365"), i.e.
//   mulDivRound(base, rateBp × days, 10 000 × 365): rounded once per period, half away from
//   zero, to the cent. Interest = the sum of the periods.
// - Recovery indemnity (D441-5): business only, 40 € once per late invoice when something was
//   still owed the day after the due date and asOf > dueDate. Never for a consumer.
// - paidCents = payments up to asOf; outstandingCents = max(0, principal − paid); paid above the
//   principal → OVERPAID warning. totalClaimCents = outstanding + interest + indemnity.
import { addMonths, addDays, daysBetween, formatDateFr, maxDate, isIsoDate, type IsoDate } from './dates.js';
import { cents, formatEuros, mulDivRound, type Cents } from './money.js';
import {
  B2B_MARGIN_BP,
  CONTRACTUAL_FLOOR_MULTIPLIER,
  JUDGMENT_MAJORATION_BP,
  JUDGMENT_MAJORATION_MONTHS,
  RECOVERY_INDEMNITY_CENTS,
  compareSemesters,
  formatRateBp,
  formatSemesterFr,
  lookupRates,
  semesterEnd,
  semesterOf,
  type RateField,
  type Semester,
  type SemesterRates,
} from '../legal/rates.js';

export const DAY_COUNT_RULE_FR =
  'Les intérêts courent pour chaque jour calendaire après la date d’échéance (client professionnel : ' +
  'pénalités de l’article L441-10 du Code de commerce, dues sans rappel) ou après la date de la mise en demeure ' +
  '(client particulier : intérêt au taux légal, jamais avant le lendemain de l’échéance), jusqu’à la date de calcul incluse. ' +
  'Chaque jour porte sur le montant restant dû la veille au soir : un paiement reçu le jour J porte encore intérêt ce jour-là. ' +
  'Taux : taux contractuel, sinon taux de la BCE en vigueur au 1er janvier ou au 1er juillet du semestre + 10 points ' +
  '(professionnel) ; taux de l’intérêt légal du semestre, majoré de 5 points deux mois après que le jugement est devenu ' +
  'exécutoire (particulier). Une période nouvelle commence à chaque semestre (1er janvier, 1er juillet), à chaque ' +
  'changement de taux et à chaque paiement. Montant d’une période = base × taux × jours / 365 (année de 365 jours, ' +
  'bissextile comprise), arrondi au centime le plus proche (la moitié au centime supérieur). ' +
  'Indemnité forfaitaire de 40 € par facture payée en retard (professionnel uniquement).';

export interface PenaltyInput {
  /** Client kind: business = Code de commerce L441-10; consumer = legal interest. */
  kind: 'business' | 'consumer';
  /** Amount (TTC) due at the due date. */
  principalCents: Cents;
  dueDate: IsoDate;
  /** Compute up to and including this day. */
  asOf: IsoDate;
  /** Payments and credit notes, any order; amounts ≥ 0 (zero allowed). */
  payments: readonly { date: IsoDate; amountCents: Cents }[];
  /** Business only: replaces ECB + 10 points when set. Ignored for a consumer. */
  contractualRateBp?: number | null;
  /** Consumer: legal interest runs from the day after this date; none → no interest, with a warning. */
  formalNoticeDate?: IsoDate | null;
  /** A judgment became enforceable: legal rate + 5 points from addMonths(enforceableDate, 2) (consumer legal interest only). */
  enforceableDate?: IsoDate | null;
  /** The merged rate table. */
  rates: readonly SemesterRates[];
  /** The creditor's category for the legal rate; default 'other' (the creditor is a business). */
  legalRateCategory?: 'consumer_creditor' | 'other';
}

export interface PenaltyPeriod {
  from: IsoDate;
  to: IsoDate;
  days: number;
  baseCents: Cents;
  rateBp: number;
  rateLabel: string;
  amountCents: Cents;
}

export type PenaltyWarningCode = 'RATE_UNCONFIRMED' | 'RATE_BELOW_FLOOR' | 'NO_FORMAL_NOTICE' | 'NOT_LATE' | 'OVERPAID';

export interface PenaltyWarning {
  code: PenaltyWarningCode;
  /** In French. */
  message: string;
}

export interface PenaltyStatement {
  kind: 'business' | 'consumer';
  principalCents: Cents;
  paidCents: Cents;
  outstandingCents: Cents;
  periods: PenaltyPeriod[];
  interestCents: Cents;
  indemnityCents: Cents;
  /** outstanding + interest + indemnity */
  totalClaimCents: Cents;
  dayCountRule: string;
  warnings: PenaltyWarning[];
}

const DAYS_PER_YEAR = 365;
const BP_PER_UNIT = 10_000;

// ---------------------------------------------------------------------------------------------
// Input checks (programming errors: the forms and schemas refuse bad input before this point)
// ---------------------------------------------------------------------------------------------

function checkDate(value: IsoDate | null | undefined, name: string): void {
  if (value !== null && value !== undefined && !isIsoDate(value)) throw new RangeError(`${name}: not a calendar date: ${String(value)}`);
}

function checkInput(input: PenaltyInput): void {
  if (!Number.isSafeInteger(input.principalCents) || input.principalCents < 0) {
    throw new RangeError(`principalCents: not a non-negative whole number of cents: ${input.principalCents}`);
  }
  checkDate(input.dueDate, 'dueDate');
  checkDate(input.asOf, 'asOf');
  checkDate(input.formalNoticeDate, 'formalNoticeDate');
  checkDate(input.enforceableDate, 'enforceableDate');
  for (const p of input.payments) {
    checkDate(p.date, 'payment date');
    if (!Number.isSafeInteger(p.amountCents) || p.amountCents < 0) {
      throw new RangeError(`payment amount: not a non-negative whole number of cents: ${p.amountCents}`);
    }
  }
  const rate = input.contractualRateBp;
  if (rate !== null && rate !== undefined && (!Number.isSafeInteger(rate) || rate < 0)) {
    throw new RangeError(`contractualRateBp: not a non-negative whole number of basis points: ${rate}`);
  }
}

// ---------------------------------------------------------------------------------------------
// Small pieces
// ---------------------------------------------------------------------------------------------

/** Sum of the payments dated strictly before `day`. */
function paidBefore(payments: readonly { date: IsoDate; amountCents: Cents }[], day: IsoDate): number {
  let total = 0;
  for (const p of payments) if (p.date < day) total += p.amountCents;
  return total;
}

/** The base for `day`: principal minus payments dated before it, never below 0. */
function baseOn(principal: Cents, payments: readonly { date: IsoDate; amountCents: Cents }[], day: IsoDate): Cents {
  return cents(Math.max(0, principal - paidBefore(payments, day)));
}

/** The first day interest accrues, or null when none can (consumer without a formal notice). */
function firstAccrualDay(input: PenaltyInput): IsoDate | null {
  const afterDue = addDays(input.dueDate, 1);
  if (input.kind === 'business') return afterDue;
  if (!input.formalNoticeDate) return null;
  return maxDate(afterDue, addDays(input.formalNoticeDate, 1));
}

/** The day the judgment majoration starts, when it applies (consumer legal interest only). */
function majorationStart(input: PenaltyInput): IsoDate | null {
  if (input.kind !== 'consumer' || !input.enforceableDate) return null;
  return addMonths(input.enforceableDate, JUDGMENT_MAJORATION_MONTHS);
}

interface ResolvedRate {
  bp: number;
  /** The semester whose row was used, when it is not confirmed for the day's own semester. */
  unconfirmedFrom: Semester | null;
}

/**
 * Resolved rates per table, by semester and field: a statement looks the same few semesters up
 * for each of its periods, and a dashboard computes tens of thousands of statements on one table.
 * Tables are never modified once built (readonly), so a result stays valid while its table lives.
 */
const resolvedByTable = new WeakMap<readonly SemesterRates[], Map<string, ResolvedRate>>();

/** A rate field for a semester, falling back to the latest earlier (else the earliest) known row. */
function resolveField(table: readonly SemesterRates[], semester: Semester, field: RateField): ResolvedRate {
  let resolved = resolvedByTable.get(table);
  if (!resolved) resolvedByTable.set(table, (resolved = new Map()));
  const key = `${semester}|${field}`;
  let rate = resolved.get(key);
  if (!rate) resolved.set(key, (rate = resolveFieldUncached(table, semester, field)));
  return rate;
}

function resolveFieldUncached(table: readonly SemesterRates[], semester: Semester, field: RateField): ResolvedRate {
  let found = lookupRates(table, semester, field);
  if (!found) {
    // Before the whole table: take the earliest known row (still flagged).
    const later = table
      .filter((r) => r[field] !== null)
      .sort((a, b) => compareSemesters(a.semester, b.semester))[0];
    if (!later) throw new RangeError(`The rate table has no ${field} at all`);
    found = { ...later, fallback: true };
  }
  const bp = found[field] as number;
  return { bp, unconfirmedFrom: found.fallback || found.unconfirmed ? found.semester : null };
}

interface DayRate {
  bp: number;
  label: string;
  unconfirmedFrom: Semester | null;
}

function legalField(input: PenaltyInput): RateField {
  return input.legalRateCategory === 'consumer_creditor' ? 'legalConsumerCreditorBp' : 'legalOtherBp';
}

/** The rate for `day` (constant over a semester, and on each side of the majoration start). */
function rateOn(input: PenaltyInput, day: IsoDate, majorationFrom: IsoDate | null): DayRate {
  const pending = (r: ResolvedRate): string => (r.unconfirmedFrom ? ' (à confirmer)' : '');
  if (input.kind === 'business') {
    const contractual = input.contractualRateBp;
    if (contractual !== null && contractual !== undefined) {
      return { bp: contractual, label: `Taux contractuel ${formatRateBp(contractual)}`, unconfirmedFrom: null };
    }
    const ecb = resolveField(input.rates, semesterOf(day), 'ecbMroBp');
    return {
      bp: ecb.bp + B2B_MARGIN_BP,
      label: `BCE ${formatRateBp(ecb.bp)} + ${B2B_MARGIN_BP / 100} points${pending(ecb)}`,
      unconfirmedFrom: ecb.unconfirmedFrom,
    };
  }
  const legal = resolveField(input.rates, semesterOf(day), legalField(input));
  const majorated = majorationFrom !== null && day >= majorationFrom;
  return {
    bp: legal.bp + (majorated ? JUDGMENT_MAJORATION_BP : 0),
    label: `Taux légal ${formatRateBp(legal.bp)}${majorated ? ` + ${JUDGMENT_MAJORATION_BP / 100} points` : ''}${pending(legal)}`,
    unconfirmedFrom: legal.unconfirmedFrom,
  };
}

/** The days in [first, last] where a new period starts, sorted: first, each 1 Jan / 1 Jul, each P + 1, the majoration start. */
function periodStarts(first: IsoDate, last: IsoDate, input: PenaltyInput, majorationFrom: IsoDate | null): IsoDate[] {
  const starts = new Set<IsoDate>([first]);
  for (let s = addDays(semesterEnd(semesterOf(first)), 1); s <= last; s = addDays(semesterEnd(semesterOf(s)), 1)) starts.add(s);
  for (const p of input.payments) {
    const next = addDays(p.date, 1);
    if (next > first && next <= last) starts.add(next);
  }
  if (majorationFrom !== null && majorationFrom > first && majorationFrom <= last) starts.add(majorationFrom);
  return [...starts].sort();
}

/** Amount of a period: base × rate × days / 365, rounded half away from zero to the cent. */
export function periodAmount(baseCents: Cents, rateBp: number, days: number): Cents {
  return mulDivRound(baseCents, rateBp * days, BP_PER_UNIT * DAYS_PER_YEAR);
}

// ---------------------------------------------------------------------------------------------
// Warnings
// ---------------------------------------------------------------------------------------------

function unconfirmedWarning(semester: Semester, usedFrom: Semester): PenaltyWarning {
  const source =
    usedFrom === semester
      ? `le taux saisi pour ce semestre est marqué « non confirmé »`
      : `le taux du ${formatSemesterFr(usedFrom)} (${usedFrom}) a été utilisé à la place`;
  return {
    code: 'RATE_UNCONFIRMED',
    message: `Le taux du ${formatSemesterFr(semester)} (${semester}) n’est pas confirmé : ${source}. Ajoutez le taux de ce semestre dans Paramètres pour un calcul exact.`,
  };
}

function floorWarning(input: PenaltyInput, contractual: number, semesters: readonly Semester[]): PenaltyWarning | null {
  const below: string[] = [];
  for (const s of semesters) {
    const row = lookupRates(input.rates, s, 'legalOtherBp');
    if (!row || row.fallback || row.unconfirmed) continue; // only confirmed legal rates are checked
    const floor = CONTRACTUAL_FLOOR_MULTIPLIER * (row.legalOtherBp as number);
    if (contractual < floor) below.push(`${formatSemesterFr(s)} : ${formatRateBp(floor)} (3 × ${formatRateBp(row.legalOtherBp as number)})`);
  }
  if (below.length === 0) return null;
  return {
    code: 'RATE_BELOW_FLOOR',
    message:
      `Le taux contractuel de ${formatRateBp(contractual)} est inférieur à trois fois le taux de l’intérêt légal, ` +
      `minimum fixé par l’article L441-10 du Code de commerce — ${below.join(' ; ')}. ` +
      `Le calcul utilise tout de même le taux contractuel ; vérifiez vos conditions générales.`,
  };
}

// ---------------------------------------------------------------------------------------------
// The engine
// ---------------------------------------------------------------------------------------------

export function computePenalties(input: PenaltyInput): PenaltyStatement {
  checkInput(input);
  const { kind, principalCents, dueDate, asOf } = input;
  const payments = input.payments.filter((p) => p.date <= asOf);
  const warnings: PenaltyWarning[] = [];

  const paid = payments.reduce((sum, p) => sum + p.amountCents, 0);
  const paidCents = cents(paid);
  const outstandingCents = cents(Math.max(0, principalCents - paid));
  if (paid > principalCents) {
    warnings.push({
      code: 'OVERPAID',
      message: `Les paiements et avoirs (${formatEuros(paidCents)}) dépassent le montant de la facture (${formatEuros(principalCents)}) : trop-perçu de ${formatEuros(cents(paid - principalCents))}.`,
    });
  }

  const late = asOf > dueDate;
  const owedAfterDue = late && baseOn(principalCents, payments, addDays(dueDate, 1)) > 0;
  if (!late) {
    warnings.push({ code: 'NOT_LATE', message: `La facture n’est pas en retard au ${formatDateFr(asOf)} (échéance le ${formatDateFr(dueDate)}) : aucun intérêt.` });
  } else if (kind === 'consumer' && !input.formalNoticeDate && owedAfterDue) {
    warnings.push({
      code: 'NO_FORMAL_NOTICE',
      message:
        'Client particulier sans mise en demeure : l’intérêt au taux légal ne court qu’à partir de la mise en demeure ' +
        '(article 1344-1 du Code civil). Aucun intérêt n’est calculé ; envoyez une mise en demeure.',
    });
  }

  const periods: PenaltyPeriod[] = [];
  const unconfirmed = new Map<Semester, Semester>();
  const first = late ? firstAccrualDay(input) : null;
  if (first !== null && first <= asOf) {
    const majorationFrom = majorationStart(input);
    const starts = periodStarts(first, asOf, input, majorationFrom);
    starts.forEach((from, i) => {
      const to = i + 1 < starts.length ? addDays(starts[i + 1]!, -1) : asOf;
      const base = baseOn(principalCents, payments, from);
      if (base === 0) return;
      const rate = rateOn(input, from, majorationFrom);
      const days = daysBetween(from, to) + 1;
      periods.push({ from, to, days, baseCents: base, rateBp: rate.bp, rateLabel: rate.label, amountCents: periodAmount(base, rate.bp, days) });
      if (rate.unconfirmedFrom) unconfirmed.set(semesterOf(from), rate.unconfirmedFrom);
    });
  }
  for (const [semester, usedFrom] of unconfirmed) warnings.push(unconfirmedWarning(semester, usedFrom));

  const contractual = input.contractualRateBp;
  if (kind === 'business' && contractual !== null && contractual !== undefined && periods.length > 0) {
    const semesters = [...new Set(periods.map((p) => semesterOf(p.from)))];
    const warning = floorWarning(input, contractual, semesters);
    if (warning) warnings.push(warning);
  }

  const interestCents = cents(periods.reduce((sum, p) => sum + p.amountCents, 0));
  const indemnityCents = cents(kind === 'business' && owedAfterDue ? RECOVERY_INDEMNITY_CENTS : 0);
  return {
    kind,
    principalCents,
    paidCents,
    outstandingCents,
    periods,
    interestCents,
    indemnityCents,
    totalClaimCents: cents(outstandingCents + interestCents + indemnityCents),
    dayCountRule: DAY_COUNT_RULE_FR,
    warnings,
  };
}

// ---------------------------------------------------------------------------------------------
// Plain-text statement (CLI)
// ---------------------------------------------------------------------------------------------

function euros(value: Cents): string {
  return formatEuros(value, { separator: ' ' });
}

/** The statement as a plain-text French table: Du / Au / Jours / Base / Taux / Montant, then the totals. */
export function formatStatementFr(statement: PenaltyStatement): string {
  const lines: string[] = [];
  const summary: [string, string][] = [
    ['Montant de la facture', euros(statement.principalCents)],
    ['Paiements et avoirs', euros(statement.paidCents)],
    ['Reste dû', euros(statement.outstandingCents)],
  ];
  const header = ['Du', 'Au', 'Jours', 'Base', 'Taux', 'Montant'];
  const rows = statement.periods.map((p) => [
    formatDateFr(p.from),
    formatDateFr(p.to),
    String(p.days),
    euros(p.baseCents),
    p.rateLabel,
    euros(p.amountCents),
  ]);
  const rightAligned = [false, false, true, true, false, true];
  const widths = header.map((h, c) => Math.max(h.length, ...rows.map((r) => r[c]!.length)));
  const format = (cells: string[]): string =>
    cells
      .map((cell, c) => (rightAligned[c] ? cell.padStart(widths[c]!) : cell.padEnd(widths[c]!)))
      .join('  ')
      .trimEnd();

  const indemnityNote = statement.kind === 'consumer' ? ' (non applicable à un particulier)' : '';
  const totals: [string, string][] = [
    [statement.kind === 'business' ? 'Intérêts (pénalités)' : 'Intérêts (taux légal)', euros(statement.interestCents)],
    ['Indemnité forfaitaire', euros(statement.indemnityCents)],
    ['Total', euros(statement.totalClaimCents)],
  ];
  const labelWidth = Math.max(...[...summary, ...totals].map(([label]) => label.length)) + 2;
  const valueWidth = Math.max(...[...summary, ...totals].map(([, value]) => value.length));
  const line = (label: string, value: string, note = ''): string => `${label.padEnd(labelWidth)}${value.padStart(valueWidth)}${note}`;
  for (const [label, value] of summary) lines.push(line(label, value));
  lines.push('');
  if (rows.length === 0) {
    lines.push('Aucune période d’intérêts.');
  } else {
    lines.push(format(header));
    lines.push(widths.map((w) => '-'.repeat(w)).join('  '));
    for (const r of rows) lines.push(format(r));
  }
  lines.push('');
  for (const [label, value] of totals) lines.push(line(label, value, label === 'Indemnité forfaitaire' ? indemnityNote : ''));
  if (statement.warnings.length > 0) {
    lines.push('');
    for (const w of statement.warnings) lines.push(`Attention : ${w.message}`);
  }
  lines.push('');
  lines.push(`Règle de calcul : ${statement.dayCountRule}`);
  return lines.join('\n');
}
