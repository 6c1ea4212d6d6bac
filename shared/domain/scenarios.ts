// Reminder scenarios and the engine that turns them into today's queue. Pure: the facts (open
// invoices, holds, exclusions, what was already done) are read by electron/core/queue.ts; this
// file only decides.
//
// The rules, in one place:
// - A step is due for an invoice on its due date + the step's offset (negative: before it).
// - Progress is tracked by offset: an invoice's next step is the first whose offset is greater
//   than the offset of the last step done for it (so editing a scenario, or moving the client to
//   another one, carries on after the same point).
// - Catch-up: when several steps are due at once (the app was closed), only the LATEST due step
//   is proposed; the earlier ones are never sent late in a burst.
// - Resuming after a hold (broken promise, missed instalment): the NEXT step is proposed at once
//   (even if its date has not come: the debtor broke their word), never a jump to a later one.
// - An invoice leaves the queue when paid, written off, disputed, factored or excluded.
// - A client is held (no action) while excluded, while a promise runs (its date + grace), while a
//   payment plan is kept, and until a call-back date.
// - One action per client per day: the most advanced step among its invoices, grouping every
//   invoice at that same step; nothing at all when the client already had an action that day.
import type { LetterType } from '../documents/letter-model.js';
import { addDays, daysBetween, type IsoDate } from './dates.js';
import type { DocumentInfo } from './document.js';
import type { Cents } from './money.js';

export const CHANNELS = ['email', 'letter', 'registered_letter', 'phone', 'sms'] as const;
export type StepChannel = (typeof CHANNELS)[number];
export const CHANNEL_LABELS: Record<StepChannel, string> = {
  email: 'Courriel',
  letter: 'Courrier simple',
  registered_letter: 'Mise en demeure (LRAR)',
  phone: 'Appel téléphonique',
  sms: 'SMS',
};
export const TONES = ['courteous', 'firm', 'formal'] as const;
export type Tone = (typeof TONES)[number];
export const TONE_LABELS: Record<Tone, string> = { courteous: 'Courtois', firm: 'Ferme', formal: 'Formel' };
export const STEP_CONTACT_ROLES = ['accounting', 'operations', 'executive'] as const;
export type StepContactRole = (typeof STEP_CONTACT_ROLES)[number];
export const STEP_CONTACT_LABELS: Record<StepContactRole, string> = { accounting: 'Comptabilité', operations: 'Opérationnel', executive: 'Dirigeant' };

export type Grade = 'A' | 'B' | 'C' | 'D';

export interface ScenarioStep {
  id: number;
  position: number;
  /** Days from the due date (negative: before it). */
  offsetDays: number;
  channel: StepChannel;
  /** The letter template used for e-mails and letters; null for calls and SMS. */
  template: LetterType | null;
  tone: Tone;
  contactRole: StepContactRole;
  /** False: runs as soon as due (in the morning batch); true: waits for the user's validation. */
  needsValidation: boolean;
}

export interface Scenario {
  id: number;
  name: string;
  description: string;
  builtinKey: 'standard' | 'loyal' | 'risky' | null;
  /** Clients with these payment grades follow this scenario unless one was chosen by hand. */
  forScores: Grade[];
  isDefault: boolean;
  /** Ordered by offset (strictly increasing). */
  steps: ScenarioStep[];
}

/** What the engine needs to know about one open invoice. */
export interface QueueInvoiceFacts {
  id: number;
  number: string;
  dueDate: IsoDate;
  remainingCents: Cents;
  disputed: boolean;
  writtenOff: boolean;
  financing: 'factored' | 'insured' | null;
  /** An invoice exclusion in force today. */
  excluded: boolean;
  /** Offset of the last step done for this invoice (null: none yet). */
  lastStepOffset: number | null;
}

export type HoldReason = 'excluded' | 'promise' | 'payment_plan' | 'call_back';
export const HOLD_LABELS: Record<HoldReason, string> = {
  excluded: 'Exclu des relances',
  promise: 'Promesse de paiement en cours',
  payment_plan: 'Échéancier respecté',
  call_back: 'Rappel prévu',
};

export interface QueueClientFacts {
  id: number;
  name: string;
  scenario: Scenario;
  /** Holds in force today (any one keeps the client out of the queue). */
  holds: { reason: HoldReason; until: IsoDate | null; note?: string }[];
  /** A hold ended since the client's last action (broken promise, missed instalment): resume at the next step. */
  resumed: boolean;
  /** Date of the client's last action, done or skipped. */
  lastActionDate: IsoDate | null;
  invoices: QueueInvoiceFacts[];
}

export interface QueueLineInvoice {
  id: number;
  number: string;
  dueDate: IsoDate;
  remainingCents: Cents;
  /** Days past due (negative: due in that many days). */
  daysLate: number;
}

export interface QueueLine {
  clientId: number;
  clientName: string;
  scenarioId: number;
  scenarioName: string;
  step: ScenarioStep;
  invoices: QueueLineInvoice[];
  totalCents: Cents;
  /** Earlier steps not proposed because a later one is already due (catch-up). */
  skippedSteps: number;
  resumed: boolean;
}

export interface HeldClient {
  clientId: number;
  clientName: string;
  holds: { reason: HoldReason; until: IsoDate | null; note?: string }[];
}

/** Whether an invoice can be chased at all. */
export function isChaseable(invoice: QueueInvoiceFacts): boolean {
  return invoice.remainingCents > 0 && !invoice.disputed && !invoice.writtenOff && !invoice.excluded && invoice.financing !== 'factored';
}

/** The step to propose today for one invoice, and how many due steps it leaves aside. */
export function stepFor(steps: readonly ScenarioStep[], invoice: QueueInvoiceFacts, asOf: IsoDate, resumed: boolean): { step: ScenarioStep; skipped: number } | null {
  const after = invoice.lastStepOffset;
  const remaining = steps.filter((s) => after === null || s.offsetDays > after);
  // A broken promise or a missed instalment: the next step now, whatever its date.
  if (resumed) return remaining[0] ? { step: remaining[0], skipped: 0 } : null;
  const due = remaining.filter((s) => addDays(invoice.dueDate, s.offsetDays) <= asOf);
  if (due.length === 0) return null;
  return { step: due[due.length - 1]!, skipped: due.length - 1 };
}

/** Today's queue: at most one line per client, and the clients held (with why). */
export function buildQueue(clients: readonly QueueClientFacts[], asOf: IsoDate): { lines: QueueLine[]; held: HeldClient[] } {
  const lines: QueueLine[] = [];
  const held: HeldClient[] = [];
  for (const client of clients) {
    if (client.lastActionDate === asOf) continue; // already dealt with today
    const chaseable = client.invoices.filter(isChaseable);
    if (chaseable.length === 0) continue;
    if (client.holds.length > 0) {
      held.push({ clientId: client.id, clientName: client.name, holds: client.holds });
      continue;
    }
    const steps = [...client.scenario.steps].sort((a, b) => a.offsetDays - b.offsetDays);
    const candidates = chaseable
      .map((invoice) => ({ invoice, found: stepFor(steps, invoice, asOf, client.resumed) }))
      .filter((c): c is { invoice: QueueInvoiceFacts; found: { step: ScenarioStep; skipped: number } } => c.found !== null);
    if (candidates.length === 0) continue;
    // The most advanced step among the client's invoices; every invoice at that step goes with it.
    const top = candidates.reduce((best, c) => (c.found.step.offsetDays > best.found.step.offsetDays ? c : best));
    const group = candidates.filter((c) => c.found.step.offsetDays === top.found.step.offsetDays).sort((a, b) => (a.invoice.dueDate < b.invoice.dueDate ? -1 : a.invoice.dueDate > b.invoice.dueDate ? 1 : a.invoice.id - b.invoice.id));
    lines.push({
      clientId: client.id,
      clientName: client.name,
      scenarioId: client.scenario.id,
      scenarioName: client.scenario.name,
      step: top.found.step,
      invoices: group.map(({ invoice }) => ({ id: invoice.id, number: invoice.number, dueDate: invoice.dueDate, remainingCents: invoice.remainingCents, daysLate: daysBetween(invoice.dueDate, asOf) })),
      totalCents: group.reduce((sum, c) => sum + c.invoice.remainingCents, 0) as Cents,
      skippedSteps: Math.max(...group.map((c) => c.found.skipped)),
      resumed: client.resumed,
    });
  }
  // The most urgent first: the furthest step, then the largest amount.
  lines.sort((a, b) => b.step.offsetDays - a.step.offsetDays || b.totalCents - a.totalCents || a.clientName.localeCompare(b.clientName, 'fr'));
  held.sort((a, b) => a.clientName.localeCompare(b.clientName, 'fr'));
  return { lines, held };
}

/** The scenario a client follows: the one chosen by hand, else the one for its grade, else the default. */
export function scenarioFor<S extends Pick<Scenario, 'id' | 'forScores' | 'isDefault'>>(scenarios: readonly S[], chosenId: number | null, grade: Grade): S {
  const chosen = chosenId === null ? undefined : scenarios.find((s) => s.id === chosenId);
  if (chosen) return chosen;
  const byGrade = scenarios.find((s) => s.forScores.includes(grade));
  if (byGrade) return byGrade;
  const fallback = scenarios.find((s) => s.isDefault) ?? scenarios[0];
  if (!fallback) throw new Error('No reminder scenario');
  return fallback;
}

/** French problems in a scenario's steps (empty when valid), each naming the step. */
export function scenarioProblems(steps: readonly Pick<ScenarioStep, 'offsetDays' | 'channel' | 'template'>[]): string[] {
  const problems: string[] = [];
  if (steps.length === 0) problems.push('Un scénario compte au moins une étape.');
  steps.forEach((s, i) => {
    const n = i + 1;
    if (i > 0 && s.offsetDays <= steps[i - 1]!.offsetDays) problems.push(`Étape ${n} : elle doit venir après l’étape ${i} (J${signed(steps[i - 1]!.offsetDays)}).`);
    if ((s.channel === 'email' || s.channel === 'letter' || s.channel === 'registered_letter') && s.template === null) problems.push(`Étape ${n} : choisissez le modèle de courrier.`);
    if (s.channel === 'registered_letter' && s.template !== 'formal_notice') problems.push(`Étape ${n} : une lettre recommandée porte la mise en demeure.`);
    if (s.channel === 'registered_letter' && s.offsetDays < 1) problems.push(`Étape ${n} : une mise en demeure ne part qu’après l’échéance.`);
  });
  return problems;
}

/** "+7", "−3", "0" */
export function signed(days: number): string {
  return days > 0 ? `+${days}` : days < 0 ? `−${-days}` : '0';
}

// ——— What the queue shows and what doing an action returns (the IPC contract's outputs) ———

export interface InsurerDeclarationLine {
  invoiceId: number;
  invoiceNumber: string;
  clientId: number;
  clientName: string;
  dueDate: IsoDate;
  remainingCents: Cents;
  deadline: IsoDate;
  daysLeft: number;
}

/** How many lines of each kind the whole queue holds (a page of it may show fewer). */
export interface QueueCounts {
  lines: number;
  held: number;
  /** Steps that run on their own (no validation, not a call). */
  automatic: number;
  sms: number;
  /** Letters and formal notices: the morning's printed batch. */
  letters: number;
}

export function queueCounts(lines: readonly QueueLine[], held: readonly HeldClient[]): QueueCounts {
  return {
    lines: lines.length,
    held: held.length,
    automatic: lines.filter((l) => !l.step.needsValidation && l.step.channel !== 'phone').length,
    sms: lines.filter((l) => l.step.channel === 'sms').length,
    letters: lines.filter((l) => l.step.channel === 'letter' || l.step.channel === 'registered_letter').length,
  };
}

export interface TodayQueue {
  asOf: IsoDate;
  lines: QueueLine[];
  held: HeldClient[];
  insurer: InsurerDeclarationLine[];
  counts: QueueCounts;
}

export type CallOutcome = 'promise' | 'dispute' | 'call_back' | 'unreachable' | 'reached';
export const CALL_OUTCOME_LABELS: Record<CallOutcome, string> = {
  promise: 'Promesse de paiement',
  dispute: 'Litige',
  call_back: 'À rappeler',
  unreachable: 'Injoignable',
  reached: 'Joint, sans engagement',
};

export interface ActionHistoryEntry {
  id: number;
  date: IsoDate;
  channel: string;
  status: 'done' | 'skipped';
  scenarioName: string | null;
  stepOffset: number | null;
  template: string | null;
  documentId: number | null;
  documentTitle: string | null;
  outcome: CallOutcome | null;
  outcomeDate: IsoDate | null;
  note: string | null;
  invoiceNumbers: string[];
}


export interface EmailOutcome {
  transport: 'eml' | 'smtp';
  messageId: string;
  recipient: string;
  subject: string;
  /** The .eml file to open in the mail program (when not sent by SMTP). */
  eml?: { fileName: string; base64: string };
  /** Why SMTP was not used or failed (the .eml is given instead). */
  warning?: string;
}

export interface SmsOutcome {
  phone: string | null;
  text: string;
  characters: number;
  segments: number;
  encoding: string;
}

export interface ActionResult {
  actionId: number;
  line: QueueLine;
  document: DocumentInfo | null;
  email: EmailOutcome | null;
  sms: SmsOutcome | null;
}


/** How a client is chased: its scenario (chosen by hand or by its grade). */
export interface ClientScenarioView {
  chosenScenarioId: number | null;
  scenarioId: number;
  scenarioName: string;
  grade: Grade;
}
