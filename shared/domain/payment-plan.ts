// Payment plans (échéanciers): the instalments over a debt, checking a schedule the user edited,
// where a plan stands on a day, and an amount written out in French words (the debtor copies it
// by hand on the acknowledgment of debt); and the types the core hands out for plans. Pure: no
// Node, no DOM.
//
// The rules, in one place:
// - Equal instalments split the total with the largest remainder (money.ts): the parts add up
//   exactly to the total, the first ones carry the extra cents.
// - Dates: monthly = the same day each month from the first date, clamped to the month's end
//   (31 Jan, 28 Feb, 31 Mar…: always counted from the first date, never from the clamped one);
//   weekly = every 7 days; biweekly = every 14 days.
// - Payments are applied to the instalments in order, oldest first, whatever their dates.
// - An unpaid instalment is 'due' on its date, 'late' during the grace days that follow it
//   (dueDate < asOf ≤ dueDate + grace) and 'missed' from dueDate + grace + 1: a payment made on
//   the last day of grace is still on time. The plan is 'breached' as soon as one is missed,
//   'late' while one is late, 'completed' once everything is paid, else 'on_track'. The standing
//   is computed from what has been paid by `asOf`: a debtor who catches up on a missed instalment
//   is back on track (the creditor can still cancel the plan).
import { addDays, addMonths, formatDateFr, isIsoDate, type IsoDate } from './dates.js';
import { formatEuros, splitEvenly, type Cents } from './money.js';

export type PlanFrequency = 'monthly' | 'weekly' | 'biweekly';
export const PLAN_FREQUENCIES: readonly PlanFrequency[] = ['monthly', 'weekly', 'biweekly'];
export const PLAN_FREQUENCY_LABELS: Record<PlanFrequency, string> = {
  monthly: 'Tous les mois',
  weekly: 'Toutes les semaines',
  biweekly: 'Tous les quinze jours',
};

/** More instalments than this is not a plan any more (ten years of monthly payments). */
export const MAX_INSTALMENTS = 120;

export interface Instalment {
  /** 1, 2, 3… in date order. */
  position: number;
  dueDate: IsoDate;
  amountCents: Cents;
}

/** An instalment as typed by the user, before it is checked. */
export interface InstalmentDraft {
  dueDate: string;
  amountCents: number;
}

/** The date of instalment number `position` (1-based) of a schedule starting on `firstDate`. */
export function instalmentDate(firstDate: IsoDate, frequency: PlanFrequency, position: number): IsoDate {
  const n = position - 1;
  switch (frequency) {
    case 'monthly':
      return addMonths(firstDate, n);
    case 'weekly':
      return addDays(firstDate, 7 * n);
    case 'biweekly':
      return addDays(firstDate, 14 * n);
  }
}

/** `count` equal instalments (to the cent, the first ones carrying the extra cents) summing exactly to `totalCents`. */
export function buildSchedule(input: { totalCents: Cents; count: number; firstDate: IsoDate; frequency: PlanFrequency }): Instalment[] {
  const { totalCents, count, firstDate, frequency } = input;
  if (!Number.isSafeInteger(totalCents) || totalCents <= 0) throw new RangeError(`The total must be a positive number of cents: ${totalCents}`);
  if (!Number.isSafeInteger(count) || count < 1 || count > MAX_INSTALMENTS) throw new RangeError(`Between 1 and ${MAX_INSTALMENTS} instalments: ${count}`);
  if (count > totalCents) throw new RangeError(`${count} instalments of at least one cent exceed ${totalCents} cents`);
  if (!isIsoDate(firstDate)) throw new RangeError(`Not a calendar date: ${String(firstDate)}`);
  return splitEvenly(totalCents, count).map((amountCents, i) => ({ position: i + 1, dueDate: instalmentDate(firstDate, frequency, i + 1), amountCents }));
}

export interface ScheduleProblem {
  /** The instalment concerned (1-based), or null for the schedule as a whole. */
  position: number | null;
  /** In French, naming the instalment. */
  message: string;
}

/**
 * Checks instalments the user entered or edited, in the order given: each with a real date and
 * a positive whole number of cents, dates strictly increasing (and not before `startDate` when
 * given), and the total equal to the debt. Returns the problems in French (empty: acceptable).
 */
export function validateSchedule(instalments: readonly InstalmentDraft[], totalCents: Cents, options: { startDate?: IsoDate } = {}): ScheduleProblem[] {
  const problems: ScheduleProblem[] = [];
  if (instalments.length === 0) return [{ position: null, message: 'Ajoutez au moins une échéance.' }];
  if (instalments.length > MAX_INSTALMENTS) problems.push({ position: null, message: `${MAX_INSTALMENTS} échéances au plus.` });
  let previous: { position: number; date: IsoDate } | null = null;
  let sum = 0;
  let sumKnown = true;
  instalments.forEach((instalment, i) => {
    const position = i + 1;
    const label = `Échéance ${position}`;
    if (!Number.isSafeInteger(instalment.amountCents) || instalment.amountCents <= 0) {
      problems.push({ position, message: `${label} : le montant doit être positif (en euros et centimes).` });
      sumKnown = false;
    } else {
      sum += instalment.amountCents;
    }
    if (!isIsoDate(instalment.dueDate)) {
      problems.push({ position, message: `${label} : date invalide.` });
      return;
    }
    const date = instalment.dueDate;
    if (position === 1 && options.startDate && date < options.startDate) {
      problems.push({ position, message: `${label} : date antérieure au début de l’échéancier (${formatDateFr(options.startDate)}).` });
    }
    if (previous) {
      if (date < previous.date) problems.push({ position, message: `${label} : date antérieure à l’échéance ${previous.position}` });
      else if (date === previous.date) problems.push({ position, message: `${label} : même date que l’échéance ${previous.position}` });
    }
    previous = { position, date };
  });
  if (sumKnown && sum !== totalCents) {
    problems.push({ position: null, message: `Le total des échéances (${formatEuros(sum as Cents)}) ne correspond pas à la dette (${formatEuros(totalCents)})` });
  }
  return problems;
}

export type InstalmentStatus = 'paid' | 'partly_paid' | 'due' | 'late' | 'missed' | 'upcoming';
export const INSTALMENT_STATUS_LABELS: Record<InstalmentStatus, string> = {
  paid: 'Payée',
  partly_paid: 'Payée en partie',
  due: 'À payer aujourd’hui',
  late: 'En retard',
  missed: 'Impayée',
  upcoming: 'À venir',
};

export type PlanState = 'on_track' | 'late' | 'breached' | 'completed';
export const PLAN_STATE_LABELS: Record<PlanState, string> = {
  on_track: 'Respecté',
  late: 'Échéance en retard',
  breached: 'Rompu',
  completed: 'Soldé',
};

export interface InstalmentStanding {
  position: number;
  dueDate: IsoDate;
  amountCents: Cents;
  /** What the payments cover of this instalment (oldest instalments first). */
  paidCents: Cents;
  status: InstalmentStatus;
}

export interface PlanStanding {
  state: PlanState;
  instalments: InstalmentStanding[];
  /** Breached: the first day an instalment counted as missed (its date + grace + 1); else null. */
  missedSince: IsoDate | null;
  /** Sum of the instalments. */
  totalCents: Cents;
  /** Applied to the instalments (never more than their total). */
  paidCents: Cents;
  remainingCents: Cents;
  /** Not breached nor completed: the last day the plan holds if nothing more is paid (first unpaid instalment's date + grace). */
  holdsUntil: IsoDate | null;
  /** The first instalment not fully paid (null when completed). */
  next: InstalmentStanding | null;
}

/**
 * Where a plan stands on `asOf`, given what was paid towards it by then (`paidCents`, applied
 * to the instalments oldest first) and the grace days of Paramètres.
 */
export function planStanding(instalments: readonly Instalment[], paidCents: Cents, asOf: IsoDate, graceDays: number): PlanStanding {
  if (!isIsoDate(asOf)) throw new RangeError(`Not a calendar date: ${String(asOf)}`);
  if (!Number.isSafeInteger(graceDays) || graceDays < 0) throw new RangeError(`Grace days must be a whole number ≥ 0: ${graceDays}`);
  const ordered = [...instalments].sort((a, b) => a.position - b.position);
  let left = Math.max(0, paidCents);
  let total = 0;
  let missedSince: IsoDate | null = null;
  let anyLate = false;
  const rows: InstalmentStanding[] = ordered.map((i) => {
    total += i.amountCents;
    const paid = Math.min(left, i.amountCents);
    left -= paid;
    let status: InstalmentStatus;
    if (paid === i.amountCents) status = 'paid';
    else if (asOf > addDays(i.dueDate, graceDays)) {
      status = 'missed';
      missedSince ??= addDays(i.dueDate, graceDays + 1);
    } else if (asOf > i.dueDate) {
      status = 'late';
      anyLate = true;
    } else if (paid > 0) status = 'partly_paid';
    else if (asOf === i.dueDate) status = 'due';
    else status = 'upcoming';
    return { position: i.position, dueDate: i.dueDate, amountCents: i.amountCents, paidCents: paid as Cents, status };
  });
  const applied = Math.min(Math.max(0, paidCents), total);
  const next = rows.find((r) => r.status !== 'paid') ?? null;
  const state: PlanState = next === null ? 'completed' : missedSince ? 'breached' : anyLate ? 'late' : 'on_track';
  return {
    state,
    instalments: rows,
    missedSince,
    totalCents: total as Cents,
    paidCents: applied as Cents,
    remainingCents: (total - applied) as Cents,
    holdsUntil: (state === 'on_track' || state === 'late') && next ? addDays(next.dueDate, graceDays) : null,
    next,
  };
}

// ——— What the core hands out (electron/core/payment-plans.ts) ———

export interface PaymentPlanDebtInvoice {
  id: number;
  number: string;
  issueDate: IsoDate;
  dueDate: IsoDate;
  amountCents: Cents;
  /** Owed at the start of the plan's first day. */
  remainingCents: Cents;
  /** Late-payment penalties (business) or interest (consumer) to date; 0 unless asked. */
  interestCents: Cents;
  /** 40 € recovery indemnity (business, late invoice); 0 unless asked. */
  indemnityCents: Cents;
}

/** The debt a plan would cover, computed by the penalty engine for the penalties. */
export interface PaymentPlanDebt {
  clientId: number;
  clientName: string;
  startDate: IsoDate;
  includesPenalties: boolean;
  invoices: PaymentPlanDebtInvoice[];
  principalCents: Cents;
  /** Interest/penalties and indemnities to date (0 when not included). */
  penaltiesCents: Cents;
  totalCents: Cents;
}

export interface PaymentPlanDebtRequest {
  clientId: number;
  invoiceIds: number[];
  includePenalties: boolean;
}

/** The instalments as the user set them, or the rule to make equal ones. */
export type PaymentPlanInput = PaymentPlanDebtRequest & { note?: string | null } & (
    | { instalments: InstalmentDraft[] }
    | { count: number; firstDate: string; frequency: PlanFrequency }
  );

export interface PaymentPlanView {
  id: number;
  clientId: number;
  clientName: string;
  startDate: IsoDate;
  principalCents: Cents;
  penaltiesCents: Cents;
  totalCents: Cents;
  includesPenalties: boolean;
  signedDate: IsoDate | null;
  documentId: number | null;
  cancelledDate: IsoDate | null;
  note: string | null;
  createdAt: string;
  status: 'active' | 'cancelled';
  /** Balances today. */
  invoices: { id: number; number: string; issueDate: IsoDate; dueDate: IsoDate; amountCents: Cents; balanceCents: Cents }[];
  instalments: Instalment[];
  /** As of today; a cancelled plan's as of its cancellation date. */
  standing: PlanStanding;
}

/** What the reminder queue needs to know of a client's plan on a day. */
export interface PlanHold {
  planId: number;
  state: Exclude<PlanState, 'completed'>;
  /** True while the plan holds the client's reminders (on track, or late within the grace days). */
  holds: boolean;
  /** Holding: the last day of the hold if nothing more is paid (first unpaid instalment's date + grace). */
  holdsUntil: IsoDate | null;
  /** Breached: the first day an instalment counted as missed; the queue resumes at the next step. */
  missedSince: IsoDate | null;
  invoiceIds: number[];
}

// ——— Amounts in French words ———
//
// Traditional spelling (the one of the Code civil's examples and of most notarial practice), not
// the 1990 reform: hyphens only between tens and units below one hundred, "et" in 21, 31, 41,
// 51, 61 and 71 (vingt et un, soixante et onze) but not in 81 and 91 (quatre-vingt-un);
// "vingt" (in 80) and "cent" take an s when multiplied and ending the number (quatre-vingts,
// deux cents) but not when another numeral follows, "mille" included (quatre-vingt mille,
// deux cent mille); "million" and "milliard" are nouns: they take an s (deux millions) and do
// not stop the s of vingt and cent before them (deux cents millions); "mille" never takes one
// and is not preceded by "un".

const UNITS = ['zéro', 'un', 'deux', 'trois', 'quatre', 'cinq', 'six', 'sept', 'huit', 'neuf', 'dix', 'onze', 'douze', 'treize', 'quatorze', 'quinze', 'seize'];
const TENS: Record<number, string> = { 2: 'vingt', 3: 'trente', 4: 'quarante', 5: 'cinquante', 6: 'soixante' };

/** 0–99; `beforeMille`: followed by "mille" (80 keeps no s). */
function below100(n: number, beforeMille: boolean): string {
  if (n <= 16) return UNITS[n]!;
  if (n < 20) return `dix-${UNITS[n - 10]}`;
  const tens = Math.floor(n / 10);
  const units = n % 10;
  if (tens <= 6) return units === 0 ? TENS[tens]! : units === 1 ? `${TENS[tens]} et un` : `${TENS[tens]}-${UNITS[units]}`;
  if (tens === 7) return n === 71 ? 'soixante et onze' : `soixante-${below100(n - 60, false)}`;
  if (n === 80) return beforeMille ? 'quatre-vingt' : 'quatre-vingts';
  return `quatre-vingt-${below100(n - 80, false)}`;
}

/** 1–999; `beforeMille`: followed by "mille" (cent and vingt keep no s). */
function below1000(n: number, beforeMille: boolean): string {
  const hundreds = Math.floor(n / 100);
  const rest = n % 100;
  if (hundreds === 0) return below100(rest, beforeMille);
  const head = hundreds === 1 ? 'cent' : `${UNITS[hundreds]} cent${rest === 0 && !beforeMille ? 's' : ''}`;
  return rest === 0 ? head : `${head} ${below100(rest, beforeMille)}`;
}

/** A whole number in French words, traditional spelling: 81 → "quatre-vingt-un", 200 → "deux cents". 0 ≤ n < 10¹⁵. */
export function numberToFrenchWords(n: number): string {
  if (!Number.isSafeInteger(n) || n < 0 || n >= 1e15) throw new RangeError(`Not a whole number between 0 and 10^15: ${n}`);
  if (n === 0) return 'zéro';
  const words: string[] = [];
  const billions = Math.floor(n / 1e9);
  const millions = Math.floor(n / 1e6) % 1000;
  const thousands = Math.floor(n / 1000) % 1000;
  const rest = n % 1000;
  if (billions > 0) words.push(`${numberToFrenchWords(billions)} milliard${billions > 1 ? 's' : ''}`);
  if (millions > 0) words.push(`${below1000(millions, false)} million${millions > 1 ? 's' : ''}`);
  if (thousands > 0) words.push(thousands === 1 ? 'mille' : `${below1000(thousands, true)} mille`);
  if (rest > 0) words.push(below1000(rest, false));
  return words.join(' ');
}

/**
 * An amount in euros and centimes, in words: 125 050 → "mille deux cent cinquante euros et
 * cinquante centimes", 100 000 000 → "un million d’euros", 50 → "cinquante centimes".
 */
export function amountInFrenchWords(amount: Cents): string {
  if (!Number.isSafeInteger(amount) || amount < 0) throw new RangeError(`Not a non-negative number of cents: ${amount}`);
  const euros = Math.floor(amount / 100);
  const centimes = amount % 100;
  const eurosText =
    euros === 0
      ? centimes === 0
        ? 'zéro euro'
        : null
      : `${numberToFrenchWords(euros)}${euros % 1_000_000 === 0 ? ' d’euros' : euros > 1 ? ' euros' : ' euro'}`;
  const centimesText = centimes === 0 ? null : `${numberToFrenchWords(centimes)} centime${centimes > 1 ? 's' : ''}`;
  return [eurosText, centimesText].filter(Boolean).join(' et ');
}
