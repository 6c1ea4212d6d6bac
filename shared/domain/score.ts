// The payment-behaviour score of a client (A to D), its reasons, credit-limit alerts and the
// payment terms it suggests for the next contract. Pure: the facts are aggregated in SQL by
// electron/core/reports/payment-behaviour.ts.
//
// Rules (the only place they are written down; every figure is in SCORE_RULES / TERMS_RULES):
// - Window. Every fact covers the last 24 months before the date of the score: invoices settled
//   in that window, disputes opened in it, promises falling due in it. Overdue and open amounts
//   are those of that date.
// - Points. Start at 100 (a "Note de départ" reason of +100), then add the effect (0 or negative)
//   of each rule below. The reasons' effects add up exactly to the points, which stay within
//   0..100 (the largest deductions add up to 95).
//   1. History. No invoice settled in the window → « Pas encore d’historique de paiement », −25,
//      in place of rules 2 and 3 (a clean newcomer is B: 70 points).
//   2. Average days late over the settled invoices (0 for one paid on time), whole days:
//      0–5 → 0, 6–10 → −5, 11–20 → −10, 21–30 → −20, 31–60 → −25, 61 and more → −30.
//   3. Share of the settled invoices settled after their due date:
//      under 20 % → 0, 20–49 % → −5, 50–79 % → −10, 80 % and more → −15.
//   4. Disputes opened: −5 each, −10 at most.
//   5. Broken promises to pay: −10 each, −20 at most (kept ones are shown, without effect).
//   6. Overdue balance against the credit limit: nothing overdue → 0; under 25 % of the limit
//      → −5, 25–49 % → −10, 50–99 % → −15, 100 % and more → −20. Without a credit limit, against
//      the open balance instead (a weaker signal): under 50 % → −5, 50–99 % → −10, all of it → −15.
//      A credit limit of 0 with anything overdue counts as 100 % and more.
// - Grade: A from 80 points, B from 60, C from 40, D below. Read on the seeded book (5 000
//   clients): punctual payers (a few days late now and then) are A, those who pay most invoices
//   a week or two late B, those a month late or more C, and D adds disputes, broken promises or
//   a large overdue balance to that.
// - Tone of a reason: 'good' when its effect is 0, 'neutral' at −5 (and for the start and the
//   missing history), 'bad' below.
// - Percentages compare integers (late × 100 ≥ settled × threshold; overdue × 1000 ≥ reference ×
//   threshold, on BigInt): no floating-point value touches money or a band boundary.
//
// Credit-limit alerts: on the whole open balance (not only what is overdue), at 50, 70 and 90 %
// of the limit; usedPermille = floor(open × 1000 / limit). No limit → no alert. A limit of 0 is
// used up by any open balance (level 90, usedPermille 1000).
//
// Suggested terms for the next contract (for the user to accept or not):
// - A: 15 days longer, never beyond the legal maximum of 60 days (L441-10 I C. com.); "45 jours
//   fin de mois" (the other legal maximum) and terms of 60 days or more are kept.
// - B: keep the current terms.
// - C: 15 days (terms already at 15 days or less are kept; "45 jours fin de mois" becomes 15 days).
// - D: a 30 % deposit on order and the rest on delivery (payment on receipt: net 0).
import { formatPaymentTerms, type PaymentTerms } from './client.js';
import { formatEuros, type Cents } from './money.js';

export interface PaymentBehaviourFacts {
  /** Invoices settled (nothing left to pay, something paid) in the window. */
  settledInvoices: number;
  /** Of those, settled after their due date. */
  settledLate: number;
  /** Over the settled invoices: days from due date to settlement, 0 when on time; rounded to a whole day. */
  avgDaysLate: number;
  /** Open balance of the invoices past their due date (written-off ones excluded). */
  openOverdueCents: Cents;
  /** Whole open balance (written-off invoices excluded). */
  openCents: Cents;
  /** Disputes opened in the last 24 months. */
  disputes: number;
  /** Promises to pay broken in the last 24 months. */
  brokenPromises: number;
  /** Promises to pay kept in the last 24 months. */
  keptPromises: number;
  creditLimitCents: Cents | null;
}

export type ScoreGrade = 'A' | 'B' | 'C' | 'D';
export const SCORE_GRADES: readonly ScoreGrade[] = ['A', 'B', 'C', 'D'];

export type ScoreReasonKey = 'start' | 'no_history' | 'avg_days_late' | 'share_late' | 'disputes' | 'promises' | 'overdue';
export type ScoreTone = 'good' | 'neutral' | 'bad';

export interface ScoreReason {
  key: ScoreReasonKey;
  /** A French sentence: « Retard moyen : 12 jours ». */
  label: string;
  /** Points this reason adds (the start, +100) or takes away (0 or negative). */
  effect: number;
  tone: ScoreTone;
}

export interface PaymentScore {
  grade: ScoreGrade;
  points: number;
  reasons: ScoreReason[];
}

/** A band of a measured value: applies from `from` (inclusive) up to the next band. Ascending. */
export interface ScoreBand {
  from: number;
  effect: number;
}

/** The scoring rules. See the header of this file for the same table in words. */
export const SCORE_RULES = {
  startPoints: 100,
  /** How far back settled invoices, disputes and promises are read. */
  windowMonths: 24,
  /** Grade thresholds, best first: the first whose minimum the points reach. */
  grades: [
    { grade: 'A', minPoints: 80 },
    { grade: 'B', minPoints: 60 },
    { grade: 'C', minPoints: 40 },
  ] as const satisfies readonly { grade: ScoreGrade; minPoints: number }[],
  /** No invoice settled in the window: replaces the average-delay and share-late rules. */
  noHistoryEffect: -25,
  /** Average days late (whole days). */
  avgDaysLate: [
    { from: 0, effect: 0 },
    { from: 6, effect: -5 },
    { from: 11, effect: -10 },
    { from: 21, effect: -20 },
    { from: 31, effect: -25 },
    { from: 61, effect: -30 },
  ] as const satisfies readonly ScoreBand[],
  /** Share of settled invoices settled late, in percent. */
  shareLatePercent: [
    { from: 0, effect: 0 },
    { from: 20, effect: -5 },
    { from: 50, effect: -10 },
    { from: 80, effect: -15 },
  ] as const satisfies readonly ScoreBand[],
  disputes: { each: -5, max: -10 },
  brokenPromises: { each: -10, max: -20 },
  /** Overdue balance in permille of the credit limit. */
  overdueVsLimitPermille: [
    { from: 0, effect: 0 },
    { from: 1, effect: -5 },
    { from: 250, effect: -10 },
    { from: 500, effect: -15 },
    { from: 1000, effect: -20 },
  ] as const satisfies readonly ScoreBand[],
  /** Without a credit limit: overdue balance in permille of the open balance. */
  overdueVsOpenPermille: [
    { from: 0, effect: 0 },
    { from: 1, effect: -5 },
    { from: 500, effect: -10 },
    { from: 1000, effect: -15 },
  ] as const satisfies readonly ScoreBand[],
} as const;

/** Credit-limit alert thresholds, in percent of the limit, on the whole open balance. */
export const CREDIT_LIMIT_ALERT_LEVELS = [50, 70, 90] as const;
export type CreditLimitAlertLevel = (typeof CREDIT_LIMIT_ALERT_LEVELS)[number];

export interface CreditLimitAlert {
  level: null | CreditLimitAlertLevel;
  /** Open balance in thousandths of the limit, rounded down (0 without a limit). */
  usedPermille: number;
}

/** The suggestions for the next contract's payment terms. */
export const TERMS_RULES = {
  /** L441-10 I C. com.: agreed terms may not exceed 60 days from the invoice (or 45 days end of month). */
  maxAgreedNetDays: 60,
  /** Grade A: this many days longer. */
  reliableExtraDays: 15,
  /** Grade C: at most this many days. */
  riskyNetDays: 15,
  /** Grade D: deposit on order, in percent; the rest on delivery (net 0). */
  highRiskDepositPercent: 30,
} as const;

export interface TermsSuggestion {
  terms: PaymentTerms;
  depositPercent: number | null;
  /** A French sentence explaining the suggestion. */
  reason: string;
}

export const SCORE_GRADE_LABELS: Record<ScoreGrade, string> = {
  A: 'A — paie bien',
  B: 'B — correct',
  C: 'C — paie en retard',
  D: 'D — à risque',
};

// ---------------------------------------------------------------------------------------------

const NBSP = '\u00a0';
const MAX_PERMILLE = 1_000_000; // a thousand times the reference: far beyond any band

/** floor(part × 1000 / whole) on BigInt, capped; a whole of 0 gives 0 for 0 and the cap otherwise. */
function permille(part: number, whole: number): number {
  if (part <= 0) return 0;
  if (whole <= 0) return MAX_PERMILLE;
  const value = (BigInt(part) * 1000n) / BigInt(whole);
  return value > BigInt(MAX_PERMILLE) ? MAX_PERMILLE : Number(value);
}

function bandEffect(bands: readonly ScoreBand[], value: number): number {
  let effect = 0;
  for (const b of bands) if (value >= b.from) effect = b.effect;
  return effect;
}

/** The band of a share late/settled, comparing integers only (late × 100 ≥ settled × from). */
function shareBandEffect(bands: readonly ScoreBand[], late: number, settled: number): number {
  let effect = 0;
  for (const b of bands) if (late * 100 >= settled * b.from) effect = b.effect;
  return effect;
}

function toneOf(effect: number): ScoreTone {
  return effect === 0 ? 'good' : effect >= -5 ? 'neutral' : 'bad';
}

function days(n: number): string {
  return `${n}${NBSP}${n > 1 ? 'jours' : 'jour'}`;
}

function percentOfPermille(p: number): string {
  return p < 10 ? `moins de 1${NBSP}%` : `${Math.floor(p / 10)}${NBSP}%`;
}

export function gradeOf(points: number): ScoreGrade {
  for (const g of SCORE_RULES.grades) if (points >= g.minPoints) return g.grade;
  return 'D';
}

/** The score of one client, with every reason behind it (their effects add up to the points). */
export function scoreClient(facts: PaymentBehaviourFacts): PaymentScore {
  const R = SCORE_RULES;
  const reasons: ScoreReason[] = [{ key: 'start', label: `Note de départ : ${R.startPoints}${NBSP}points`, effect: R.startPoints, tone: 'neutral' }];
  const settled = Math.max(0, facts.settledInvoices);
  const late = Math.min(settled, Math.max(0, facts.settledLate));
  const window = `${R.windowMonths}${NBSP}mois`;

  if (settled === 0) {
    reasons.push({ key: 'no_history', label: 'Pas encore d’historique de paiement', effect: R.noHistoryEffect, tone: 'neutral' });
  } else {
    const avg = Math.max(0, Math.round(facts.avgDaysLate));
    const avgEffect = bandEffect(R.avgDaysLate, avg);
    reasons.push({ key: 'avg_days_late', label: `Retard moyen : ${days(avg)}`, effect: avgEffect, tone: toneOf(avgEffect) });
    const shareEffect = shareBandEffect(R.shareLatePercent, late, settled);
    const percent = Math.round((late * 100) / settled);
    reasons.push({
      key: 'share_late',
      label: `Factures réglées en retard : ${late} sur ${settled} (${percent}${NBSP}%)`,
      effect: shareEffect,
      tone: toneOf(shareEffect),
    });
  }

  const disputes = Math.max(0, facts.disputes);
  const disputeEffect = disputes === 0 ? 0 : Math.max(R.disputes.max, disputes * R.disputes.each);
  reasons.push({
    key: 'disputes',
    label: disputes === 0 ? `Aucun litige sur ${window}` : `Litiges sur ${window} : ${disputes}`,
    effect: disputeEffect,
    tone: toneOf(disputeEffect),
  });

  const broken = Math.max(0, facts.brokenPromises);
  const kept = Math.max(0, facts.keptPromises);
  const promiseEffect = broken === 0 ? 0 : Math.max(R.brokenPromises.max, broken * R.brokenPromises.each);
  reasons.push({
    key: 'promises',
    label:
      broken > 0
        ? `Promesses non tenues sur ${window} : ${broken} sur ${broken + kept}`
        : kept > 0
          ? `Promesses tenues sur ${window} : ${kept} sur ${kept}`
          : `Aucune promesse non tenue sur ${window}`,
    effect: promiseEffect,
    tone: toneOf(promiseEffect),
  });

  const overdue = Math.max(0, facts.openOverdueCents);
  let overdueEffect = 0;
  let overdueLabel = 'Aucun impayé échu';
  if (overdue > 0) {
    const overdueText = formatEuros(overdue as Cents);
    if (facts.creditLimitCents !== null) {
      const p = Math.max(1, permille(overdue, facts.creditLimitCents)); // anything overdue reaches the first band
      overdueEffect = bandEffect(R.overdueVsLimitPermille, p);
      overdueLabel =
        p >= 1000
          ? `Échu : ${overdueText}, au-delà de l’encours autorisé (${formatEuros(facts.creditLimitCents)})`
          : `Échu : ${overdueText}, soit ${percentOfPermille(p)} de l’encours autorisé (${formatEuros(facts.creditLimitCents)})`;
    } else {
      const p = Math.max(1, Math.min(1000, permille(overdue, Math.max(overdue, facts.openCents))));
      overdueEffect = bandEffect(R.overdueVsOpenPermille, p);
      overdueLabel = `Échu : ${overdueText}, soit ${percentOfPermille(p)} de l’encours (pas d’encours autorisé fixé)`;
    }
  }
  reasons.push({ key: 'overdue', label: overdueLabel, effect: overdueEffect, tone: toneOf(overdueEffect) });

  const points = reasons.reduce((s, r) => s + r.effect, 0);
  return { grade: gradeOf(points), points, reasons };
}

/** Alert when the whole open balance reaches 50, 70 or 90 % of the credit limit. */
export function creditLimitAlert(openCents: Cents, creditLimitCents: Cents | null): CreditLimitAlert {
  if (creditLimitCents === null) return { level: null, usedPermille: 0 };
  const open = Math.max(0, openCents);
  const usedPermille = creditLimitCents <= 0 ? (open > 0 ? 1000 : 0) : permille(open, creditLimitCents);
  let level: CreditLimitAlertLevel | null = null;
  for (const l of CREDIT_LIMIT_ALERT_LEVELS) if (usedPermille >= l * 10) level = l;
  return { level, usedPermille };
}

/** « Encours à 72 % de l’encours autorisé (seuil de 70 % atteint) », or null without an alert. */
export function creditLimitAlertLabel(alert: CreditLimitAlert): string | null {
  if (alert.level === null) return null;
  if (alert.usedPermille >= 1000) return `Encours autorisé dépassé (${percentOfPermille(alert.usedPermille)})`;
  return `Encours à ${percentOfPermille(alert.usedPermille)} de l’encours autorisé (seuil de ${alert.level}${NBSP}% atteint)`;
}

/** « 30 jours », « 45 jours fin de mois », « un paiement à réception ». */
function termsText(terms: PaymentTerms): string {
  return terms.mode === 'net' && terms.days === 0 ? 'un paiement à réception' : formatPaymentTerms(terms);
}

/** « au lieu de 30 jours », « au lieu d’un paiement à réception ». */
function insteadOf(terms: PaymentTerms): string {
  const text = termsText(terms);
  return text.startsWith('un ') ? `au lieu d’${text}` : `au lieu de ${text}`;
}

/** Payment terms suggested for the next contract, from the grade; the user accepts them or not. */
export function suggestTerms(grade: ScoreGrade, current: PaymentTerms): TermsSuggestion {
  const T = TERMS_RULES;
  const now = formatPaymentTerms(current).toLowerCase();
  const law = `au plus ${T.maxAgreedNetDays}${NBSP}jours, ou 45${NBSP}jours fin de mois, selon l’article L441-10 du Code de commerce`;
  switch (grade) {
    case 'A': {
      if (current.mode === 'eom45' || current.days >= T.maxAgreedNetDays) {
        return {
          terms: current,
          depositPercent: null,
          reason: `Client fiable : ses conditions (${now}) sont déjà au plus long permis (${law}) ; gardez-les.`,
        };
      }
      const terms: PaymentTerms = { mode: 'net', days: Math.min(T.maxAgreedNetDays, current.days + T.reliableExtraDays) };
      return {
        terms,
        depositPercent: null,
        reason: `Client fiable : vous pouvez lui accorder ${termsText(terms)} ${insteadOf(current)} (${law}).`,
      };
    }
    case 'B':
      return { terms: current, depositPercent: null, reason: `Paiements corrects : gardez les conditions actuelles (${now}).` };
    case 'C': {
      if (current.mode === 'net' && current.days <= T.riskyNetDays) {
        return {
          terms: current,
          depositPercent: null,
          reason: `Retards répétés : gardez un délai court (${now}) et relancez dès l’échéance.`,
        };
      }
      const terms: PaymentTerms = { mode: 'net', days: T.riskyNetDays };
      return {
        terms,
        depositPercent: null,
        reason: `Retards répétés : raccourcissez le délai à ${termsText(terms)} ${insteadOf(current)} pour le prochain contrat.`,
      };
    }
    case 'D':
      return {
        terms: { mode: 'net', days: 0 },
        depositPercent: T.highRiskDepositPercent,
        reason: `Client à risque : demandez un acompte de ${T.highRiskDepositPercent}${NBSP}% à la commande et le solde à la livraison (paiement à réception).`,
      };
  }
}

// ——— What the client's page shows (the IPC contract's output) ———

export interface ClientBehaviour {
  facts: PaymentBehaviourFacts;
  score: PaymentScore;
  alert: CreditLimitAlert;
  suggestion: TermsSuggestion;
}

/** What a client's page shows: the behaviour, with what it was computed from. */
export interface ClientBehaviourView extends ClientBehaviour {
  clientId: number;
  asOf: string;
  /** First day of the window the facts cover. */
  windowFrom: string;
  promiseGraceDays: number;
  currentTerms: PaymentTerms;
  /** « Encours à 72 % de l’encours autorisé (seuil de 70 % atteint) », or null. */
  alertLabel: string | null;
}

