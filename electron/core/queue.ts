// Reminder scenarios and today's queue: reads the facts (open invoices, what was done, holds,
// exclusions) in a few SQL queries for the whole book, lets shared/domain/scenarios.ts decide,
// and records what the user did. Plain Node: the app, browser mode, the CLI and tests share it.
import { addDays, daysBetween, formatDateFr, type IsoDate } from '../../shared/domain/dates.js';
import type { Cents } from '../../shared/domain/money.js';
import {
  buildQueue,
  scenarioFor,
  scenarioProblems,
  type ActionHistoryEntry,
  type ClientScenarioView,
  type CallOutcome,
  CALL_OUTCOME_LABELS,
  type Grade,
  type InsurerDeclarationLine,
  queueCounts,
  type TodayQueue,
  type HoldReason,
  type QueueClientFacts,
  type QueueInvoiceFacts,
  type Scenario,
  type ScenarioStep,
} from '../../shared/domain/scenarios.js';
import type { LetterType } from '../../shared/documents/letter-model.js';
import { formatPaymentTerms, type PaymentTerms } from '../../shared/domain/client.js';
import type { ExclusionView } from '../../shared/contract.js';
import type { CoreContext } from './context.js';
import { AppError, notFound } from './errors.js';

// ——— Scenarios ———

interface ScenarioRow {
  id: number;
  name: string;
  description: string;
  builtin_key: Scenario['builtinKey'];
  for_scores: string;
  is_default: number;
}
interface StepRow {
  id: number;
  scenario_id: number;
  position: number;
  offset_days: number;
  channel: ScenarioStep['channel'];
  template: LetterType | null;
  tone: ScenarioStep['tone'];
  contact_role: ScenarioStep['contactRole'];
  needs_validation: number;
}

export function listScenarios(ctx: CoreContext): Scenario[] {
  const scenarios = ctx.db.prepare('SELECT * FROM reminder_scenarios WHERE archived_at IS NULL ORDER BY is_default DESC, id').all() as ScenarioRow[];
  const steps = ctx.db.prepare('SELECT * FROM scenario_steps ORDER BY scenario_id, offset_days').all() as StepRow[];
  return scenarios.map((s) => ({
    id: s.id,
    name: s.name,
    description: s.description,
    builtinKey: s.builtin_key,
    forScores: JSON.parse(s.for_scores) as Grade[],
    isDefault: s.is_default === 1,
    steps: steps
      .filter((st) => st.scenario_id === s.id)
      .map((st) => ({
        id: st.id,
        position: st.position,
        offsetDays: st.offset_days,
        channel: st.channel,
        template: st.template,
        tone: st.tone,
        contactRole: st.contact_role,
        needsValidation: st.needs_validation === 1,
      })),
  }));
}

export interface ScenarioInput {
  id?: number | undefined;
  name: string;
  description: string;
  forScores: Grade[];
  steps: Omit<ScenarioStep, 'id' | 'position'>[];
}

/** Creates or replaces a scenario and its steps (one transaction). History keeps its own copies. */
export function saveScenario(ctx: CoreContext, input: ScenarioInput): Scenario {
  const problems = scenarioProblems(input.steps);
  if (problems.length) throw new AppError('VALIDATION', problems.join(' '), { steps: problems[0]! });
  const clash = ctx.db.prepare('SELECT id FROM reminder_scenarios WHERE name = ? AND id IS NOT ? AND archived_at IS NULL').get(input.name, input.id ?? null);
  if (clash) throw new AppError('VALIDATION', `Un scénario s’appelle déjà « ${input.name} ».`, { name: 'Nom déjà pris.' });
  const before = input.id ? listScenarios(ctx).find((s) => s.id === input.id) : undefined;
  if (input.id && !before) throw notFound('Scénario');
  const id = ctx.db.transaction(() => {
    // A grade follows one scenario only: taking it here releases it elsewhere.
    for (const grade of input.forScores) {
      for (const other of listScenarios(ctx).filter((s) => s.id !== input.id && s.forScores.includes(grade))) {
        ctx.db.prepare('UPDATE reminder_scenarios SET for_scores = ? WHERE id = ?').run(JSON.stringify(other.forScores.filter((g) => g !== grade)), other.id);
      }
    }
    let scenarioId = input.id;
    if (scenarioId) {
      ctx.db.prepare('UPDATE reminder_scenarios SET name = ?, description = ?, for_scores = ? WHERE id = ?').run(input.name, input.description, JSON.stringify(input.forScores), scenarioId);
      ctx.db.prepare('DELETE FROM scenario_steps WHERE scenario_id = ?').run(scenarioId);
    } else {
      scenarioId = Number(
        ctx.db
          .prepare('INSERT INTO reminder_scenarios (name, description, for_scores, created_at) VALUES (?, ?, ?, ?)')
          .run(input.name, input.description, JSON.stringify(input.forScores), ctx.clock.now()).lastInsertRowid,
      );
    }
    const insert = ctx.db.prepare(
      'INSERT INTO scenario_steps (scenario_id, position, offset_days, channel, template, tone, contact_role, needs_validation) VALUES (?, ?, ?, ?, ?, ?, ?, ?)',
    );
    input.steps.forEach((s, i) => insert.run(scenarioId, i + 1, s.offsetDays, s.channel, s.template, s.tone, s.contactRole, s.needsValidation ? 1 : 0));
    ctx.repos.audit.append({ entity: 'scenario', entityId: scenarioId, action: before ? 'update' : 'create', summary: `Scénario « ${input.name} » ${before ? 'modifié' : 'créé'} (${input.steps.length} étapes)`, before: before ?? null, after: input });
    return scenarioId;
  })();
  return listScenarios(ctx).find((s) => s.id === id)!;
}

export function deleteScenario(ctx: CoreContext, id: number): void {
  const scenario = listScenarios(ctx).find((s) => s.id === id);
  if (!scenario) throw notFound('Scénario');
  if (scenario.isDefault) throw new AppError('PRECONDITION', `« ${scenario.name} » est le scénario par défaut : il ne peut être supprimé.`);
  ctx.db.transaction(() => {
    // Its clients go back to the automatic choice (clients.scenario_id ON DELETE SET NULL).
    ctx.db.prepare('DELETE FROM reminder_scenarios WHERE id = ?').run(id);
    ctx.repos.audit.append({ entity: 'scenario', entityId: id, action: 'delete', summary: `Scénario « ${scenario.name} » supprimé`, before: scenario });
  })();
}

/** Chooses a client's scenario by hand (null: by its payment grade). */
export function setClientScenario(ctx: CoreContext, clientId: number, scenarioId: number | null): void {
  const client = ctx.repos.clients.get(clientId);
  if (scenarioId !== null && !listScenarios(ctx).some((s) => s.id === scenarioId)) throw notFound('Scénario');
  ctx.db.transaction(() => {
    ctx.db.prepare('UPDATE clients SET scenario_id = ? WHERE id = ?').run(scenarioId, clientId);
    ctx.repos.audit.append({ entity: 'client', entityId: clientId, action: 'update', summary: `Scénario de relance de « ${client.name} » : ${scenarioId === null ? 'automatique' : listScenarios(ctx).find((s) => s.id === scenarioId)!.name}` });
  })();
}

// ——— Exclusions ———

/** A client or an invoice kept out of the reminders (the contract's view). */
export type Exclusion = ExclusionView;

export function addExclusion(ctx: CoreContext, input: { clientId?: number | undefined; invoiceId?: number | undefined; reason: string; untilDate?: IsoDate | null | undefined }): Exclusion {
  if ((input.clientId === undefined) === (input.invoiceId === undefined)) throw new AppError('VALIDATION', 'Excluez un client ou une facture.');
  const today = ctx.clock.today();
  if (input.untilDate && input.untilDate < today) throw new AppError('VALIDATION', 'Date de fin : déjà passée.', { untilDate: 'Date passée.' });
  const what = input.clientId !== undefined ? `le client « ${ctx.repos.clients.get(input.clientId).name} »` : `la facture ${ctx.repos.ledger.detail(input.invoiceId!).invoice.number}`;
  return ctx.db.transaction(() => {
    const id = Number(
      ctx.db
        .prepare('INSERT INTO exclusions (client_id, invoice_id, reason, from_date, until_date, created_at) VALUES (?, ?, ?, ?, ?, ?)')
        .run(input.clientId ?? null, input.invoiceId ?? null, input.reason, today, input.untilDate ?? null, ctx.clock.now()).lastInsertRowid,
    );
    ctx.repos.audit.append({
      entity: input.clientId !== undefined ? 'client' : 'invoice',
      entityId: (input.clientId ?? input.invoiceId)!,
      action: 'update',
      summary: `Relances suspendues pour ${what}${input.untilDate ? ` jusqu’au ${formatDateFr(input.untilDate)}` : ''} : ${input.reason}`,
    });
    return { id, clientId: input.clientId ?? null, invoiceId: input.invoiceId ?? null, reason: input.reason, fromDate: today, untilDate: input.untilDate ?? null, liftedDate: null };
  })();
}

export function liftExclusion(ctx: CoreContext, id: number): void {
  const row = ctx.db.prepare('SELECT * FROM exclusions WHERE id = ?').get(id) as { client_id: number | null; invoice_id: number | null; reason: string } | undefined;
  if (!row) throw notFound('Exclusion');
  ctx.db.transaction(() => {
    ctx.db.prepare('UPDATE exclusions SET lifted_date = ? WHERE id = ?').run(ctx.clock.today(), id);
    ctx.repos.audit.append({ entity: row.client_id ? 'client' : 'invoice', entityId: (row.client_id ?? row.invoice_id)!, action: 'update', summary: `Relances reprises (exclusion levée : ${row.reason})` });
  })();
}

export function listExclusions(ctx: CoreContext, filter: { clientId?: number | undefined } = {}): Exclusion[] {
  const today = ctx.clock.today();
  const rows = ctx.db
    .prepare(
      `SELECT e.*, i.number AS invoice_number FROM exclusions e LEFT JOIN invoices i ON i.id = e.invoice_id
       WHERE @clientId IS NULL OR e.client_id = @clientId OR i.client_id = @clientId ORDER BY e.id DESC`,
    )
    .all({ clientId: filter.clientId ?? null }) as { id: number; client_id: number | null; invoice_id: number | null; reason: string; from_date: IsoDate; until_date: IsoDate | null; lifted_date: IsoDate | null; invoice_number: string | null }[];
  return rows.map((r) => ({
    id: r.id,
    clientId: r.client_id,
    invoiceId: r.invoice_id,
    invoiceNumber: r.invoice_number,
    reason: r.reason,
    fromDate: r.from_date,
    untilDate: r.until_date,
    liftedDate: r.lifted_date,
    active: r.lifted_date === null && r.from_date <= today && (r.until_date === null || r.until_date >= today),
  }));
}

/** Marks an invoice sold to a factor or covered by credit insurance (null: neither). */
export function setInvoiceFinancing(ctx: CoreContext, invoiceId: number, financing: 'factored' | 'insured' | null): void {
  const { invoice } = ctx.repos.ledger.detail(invoiceId);
  const label = { factored: 'cédée au factor', insured: 'couverte par l’assurance-crédit' } as const;
  ctx.db.transaction(() => {
    ctx.db.prepare('UPDATE invoices SET financing = ? WHERE id = ?').run(financing, invoiceId);
    ctx.repos.audit.append({ entity: 'invoice', entityId: invoiceId, action: 'update', summary: `Facture ${invoice.number} ${financing ? label[financing] : 'ni cédée ni assurée'}` });
  })();
}

// ——— The facts and the queue ———

/** Per-client payment grades; by default every client counts as B (the Standard scenario). */
export type GradeOf = (clientId: number) => Grade;

/** External holds (payment plans) computed elsewhere: held clients, and clients whose plan broke. */
export interface PlanHolds {
  held: Map<number, { until: IsoDate | null; note: string }>;
  /** Client → the date the plan broke (the scenario resumes if that is after the last action). */
  breached: Map<number, IsoDate>;
}

/**
 * A chase under way keeps its scenario: a client whose grade changes (often because of that very
 * chase: a broken promise) carries on with the scenario of its last action for this many days,
 * rather than jumping into another scenario whose steps it may already be past.
 */
export const STICKY_DAYS = 120;

export function queueFacts(ctx: CoreContext, asOf: IsoDate, options: { gradeOf?: GradeOf; plans?: PlanHolds; clientId?: number } = {}): QueueClientFacts[] {
  const grace = ctx.repos.settings.get().promiseGraceDays;
  const params = { asOf, grace, clientId: options.clientId ?? null };
  const invoices = ctx.db
    .prepare(
      `SELECT i.id, i.client_id, i.number, i.due_date, i.amount_ttc_cents - i.paid_cents - i.credited_cents AS remaining,
         i.open_disputes > 0 AS disputed, i.written_off, i.financing,
         EXISTS (SELECT 1 FROM exclusions e WHERE e.invoice_id = i.id AND e.lifted_date IS NULL AND e.from_date <= @asOf AND (e.until_date IS NULL OR e.until_date >= @asOf)) AS excluded,
         (SELECT MAX(a.step_offset) FROM reminder_action_invoices ai JOIN reminder_actions a ON a.id = ai.action_id
           WHERE ai.invoice_id = i.id AND a.step_offset IS NOT NULL AND a.action_date <= @asOf AND (a.outcome IS NULL OR a.outcome <> 'call_back')) AS last_offset
       -- From the open-invoice index alone, in its order (client, due date): no sort, no visit
       -- to the table. CROSS JOIN keeps the invoices as the outer loop.
       FROM invoices i INDEXED BY invoices_open CROSS JOIN clients c ON c.id = i.client_id
       WHERE c.archived_at IS NULL AND i.written_off = 0 AND i.amount_ttc_cents > i.paid_cents + i.credited_cents
         AND (@clientId IS NULL OR i.client_id = @clientId)
         -- In a legal case: the court procedure takes over from the reminders.
         AND NOT EXISTS (SELECT 1 FROM case_invoices ci JOIN cases k ON k.id = ci.case_id WHERE ci.invoice_id = i.id AND k.closed_date IS NULL)
       ORDER BY i.client_id, i.due_date`,
    )
    .all(params) as { id: number; client_id: number; number: string; due_date: IsoDate; remaining: number; disputed: number; written_off: number; financing: 'factored' | 'insured' | null; excluded: number; last_offset: number | null }[];
  if (invoices.length === 0) return [];
  const clients = new Map(
    (
      ctx.db
        .prepare(
          `SELECT c.id, c.name, c.scenario_id,
             (SELECT MAX(a.action_date) FROM reminder_actions a WHERE a.client_id = c.id AND a.action_date <= @asOf) AS last_action,
             (SELECT e.until_date || '|' || e.reason FROM exclusions e WHERE e.client_id = c.id AND e.lifted_date IS NULL AND e.from_date <= @asOf
                AND (e.until_date IS NULL OR e.until_date >= @asOf) ORDER BY e.id DESC LIMIT 1) AS exclusion,
             EXISTS (SELECT 1 FROM exclusions e WHERE e.client_id = c.id AND e.lifted_date IS NULL AND e.from_date <= @asOf
                AND (e.until_date IS NULL OR e.until_date >= @asOf)) AS excluded,
             (SELECT a.outcome_date FROM reminder_actions a WHERE a.client_id = c.id AND a.action_date <= @asOf ORDER BY a.action_date DESC, a.id DESC LIMIT 1) AS last_outcome_date,
             (SELECT a.outcome FROM reminder_actions a WHERE a.client_id = c.id AND a.action_date <= @asOf ORDER BY a.action_date DESC, a.id DESC LIMIT 1) AS last_outcome,
             (SELECT a.scenario_id FROM reminder_actions a WHERE a.client_id = c.id AND a.scenario_id IS NOT NULL AND a.action_date <= @asOf
                AND a.action_date >= date(@asOf, '-${STICKY_DAYS} days') ORDER BY a.action_date DESC, a.id DESC LIMIT 1) AS sticky_scenario
           FROM clients c
           WHERE c.archived_at IS NULL AND (@clientId IS NULL OR c.id = @clientId)
             AND EXISTS (SELECT 1 FROM invoices i WHERE i.client_id = c.id AND i.written_off = 0 AND i.amount_ttc_cents > i.paid_cents + i.credited_cents)`,
        )
        .all(params) as { id: number; name: string; scenario_id: number | null; last_action: IsoDate | null; exclusion: string | null; excluded: number; last_outcome_date: IsoDate | null; last_outcome: string | null; sticky_scenario: number | null }[]
    ).map((c) => [c.id, c]),
  );
  // Promises on open invoices: running (hold until promised date + grace) or broken (resume).
  const promises = ctx.db
    .prepare(
      `SELECT i.client_id, date(p.promised_date, '+' || @grace || ' days') AS hold_end, p.promised_date,
         COALESCE((SELECT SUM(a.amount_cents) FROM payment_allocations a WHERE a.invoice_id = p.invoice_id
           AND a.payment_date BETWEEN p.made_date AND date(p.promised_date, '+' || @grace || ' days')), 0) >= p.amount_cents AS kept
       FROM promises p JOIN invoices i ON i.id = p.invoice_id
       WHERE i.written_off = 0 AND i.amount_ttc_cents > i.paid_cents + i.credited_cents AND p.made_date <= @asOf
         AND (@clientId IS NULL OR i.client_id = @clientId)`,
    )
    .all(params) as { client_id: number; hold_end: IsoDate; promised_date: IsoDate; kept: number }[];
  // The promises not kept, by client (one pass, not one per client).
  const brokenOrRunning = new Map<number, typeof promises>();
  for (const p of promises) {
    if (p.kept) continue;
    const list = brokenOrRunning.get(p.client_id);
    if (list) list.push(p);
    else brokenOrRunning.set(p.client_id, [p]);
  }
  const scenarios = listScenarios(ctx);
  const gradeOf = options.gradeOf ?? (() => 'B' as const);
  const byClient = new Map<number, QueueInvoiceFacts[]>();
  for (const i of invoices) {
    const list = byClient.get(i.client_id) ?? [];
    list.push({
      id: i.id,
      number: i.number,
      dueDate: i.due_date,
      remainingCents: i.remaining as Cents,
      disputed: i.disputed === 1,
      writtenOff: i.written_off === 1,
      financing: i.financing,
      excluded: i.excluded === 1,
      lastStepOffset: i.last_offset,
    });
    byClient.set(i.client_id, list);
  }
  const facts: QueueClientFacts[] = [];
  for (const [clientId, list] of byClient) {
    const c = clients.get(clientId);
    if (!c) continue;
    const holds: QueueClientFacts['holds'] = [];
    let resumed = false;
    const endedAfterLastAction = (end: IsoDate) => c.last_action === null || end >= c.last_action;
    if (c.excluded) {
      const [until, ...reason] = (c.exclusion ?? '').split('|');
      holds.push({ reason: 'excluded', until: (until || null) as IsoDate | null, note: reason.join('|') });
    }
    const unkept = brokenOrRunning.get(clientId) ?? [];
    const running = unkept.filter((p) => p.hold_end >= asOf);
    if (running.length) holds.push({ reason: 'promise', until: running.map((p) => p.hold_end).sort().at(-1)!, note: `promis pour le ${formatDateFr(running.map((p) => p.promised_date).sort().at(-1)!)}` });
    if (unkept.some((p) => p.hold_end < asOf && endedAfterLastAction(p.hold_end))) resumed = true;
    if (c.last_outcome === 'call_back' && c.last_outcome_date && c.last_outcome_date > asOf) holds.push({ reason: 'call_back', until: c.last_outcome_date, note: `rappeler le ${formatDateFr(c.last_outcome_date)}` });
    const plan = options.plans?.held.get(clientId);
    if (plan) holds.push({ reason: 'payment_plan' satisfies HoldReason, until: plan.until, note: plan.note });
    const breach = options.plans?.breached.get(clientId);
    if (breach && endedAfterLastAction(breach)) resumed = true;
    facts.push({ id: clientId, name: c.name, scenario: scenarioFor(scenarios, c.scenario_id ?? (scenarios.some((s) => s.id === c.sticky_scenario) ? c.sticky_scenario : null), gradeOf(clientId)), holds, resumed, lastActionDate: c.last_action, invoices: list });
  }
  return facts;
}

/** Insured invoices still unpaid whose declaration deadline comes within 30 days (or has passed), not yet declared. */
export function insurerDeclarations(ctx: CoreContext, asOf: IsoDate): InsurerDeclarationLine[] {
  const days = ctx.repos.settings.get().creditInsurance.declarationDays;
  const rows = ctx.db
    .prepare(
      `SELECT i.id, i.number, i.client_id, c.name, i.due_date, i.amount_ttc_cents - i.paid_cents - i.credited_cents AS remaining
       FROM invoices i JOIN clients c ON c.id = i.client_id
       WHERE i.financing = 'insured' AND i.written_off = 0 AND i.amount_ttc_cents > i.paid_cents + i.credited_cents
         AND date(i.due_date, '+' || @days || ' days') <= date(@asOf, '+30 days') AND i.due_date < @asOf
         AND NOT EXISTS (SELECT 1 FROM reminder_action_invoices ai JOIN reminder_actions a ON a.id = ai.action_id
                         WHERE ai.invoice_id = i.id AND a.channel = 'insurer_declaration')
       ORDER BY i.due_date`,
    )
    .all({ asOf, days }) as { id: number; number: string; client_id: number; name: string; due_date: IsoDate; remaining: number }[];
  return rows.map((r) => {
    const deadline = addDays(r.due_date, days);
    return { invoiceId: r.id, invoiceNumber: r.number, clientId: r.client_id, clientName: r.name, dueDate: r.due_date, remainingCents: r.remaining as Cents, deadline, daysLeft: daysBetween(asOf, deadline) };
  });
}

export function todayQueue(ctx: CoreContext, asOf: IsoDate, options: { gradeOf?: GradeOf; plans?: PlanHolds } = {}): TodayQueue {
  const { lines, held } = buildQueue(queueFacts(ctx, asOf, options), asOf);
  return { asOf, lines, held, insurer: insurerDeclarations(ctx, asOf), counts: queueCounts(lines, held) };
}

// ——— Recording what was done ———

export interface RecordActionInput {
  clientId: number;
  invoiceIds: number[];
  step: Pick<ScenarioStep, 'id' | 'position' | 'offsetDays' | 'channel' | 'template'> | null;
  channel: ScenarioStep['channel'] | 'insurer_declaration';
  scenarioId?: number | null;
  scenarioName: string | null;
  date: IsoDate;
  status: 'done' | 'skipped';
  documentId?: number | null;
  outcome?: CallOutcome | null;
  outcomeDate?: IsoDate | null;
  note?: string | null;
}

export function recordAction(ctx: CoreContext, input: RecordActionInput): number {
  if (input.invoiceIds.length === 0) throw new AppError('VALIDATION', 'Une action porte sur au moins une facture.');
  const owned = ctx.db.prepare(`SELECT count(*) FROM invoices WHERE client_id = ? AND id IN (${input.invoiceIds.map(() => '?').join(',')})`).pluck().get(input.clientId, ...input.invoiceIds) as number;
  if (owned !== new Set(input.invoiceIds).size) throw new AppError('VALIDATION', 'Une des factures n’appartient pas à ce client.');
  const client = ctx.repos.clients.get(input.clientId);
  return ctx.db.transaction(() => {
    const id = Number(
      ctx.db
        .prepare(
          `INSERT INTO reminder_actions (client_id, step_id, scenario_id, scenario_name, step_position, step_offset, channel, template, action_date, status, document_id, outcome, outcome_date, note, created_at)
           VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)`,
        )
        .run(
          input.clientId,
          input.step?.id ?? null,
          input.scenarioId ?? null,
          input.scenarioName,
          input.step?.position ?? null,
          input.step?.offsetDays ?? null,
          input.channel,
          input.step?.template ?? null,
          input.date,
          input.status,
          input.documentId ?? null,
          input.outcome ?? null,
          input.outcomeDate ?? null,
          input.note ?? null,
          ctx.clock.now(),
        ).lastInsertRowid,
    );
    const link = ctx.db.prepare('INSERT INTO reminder_action_invoices (action_id, invoice_id) VALUES (?, ?)');
    for (const invoiceId of new Set(input.invoiceIds)) link.run(id, invoiceId);
    const what = input.channel === 'insurer_declaration' ? 'Déclaration à l’assureur' : input.step ? `Étape J${input.step.offsetDays >= 0 ? '+' : ''}${input.step.offsetDays} (${input.channel})` : input.channel;
    ctx.repos.audit.append({
      entity: 'client',
      entityId: input.clientId,
      action: 'update',
      summary: `${input.status === 'done' ? 'Relance faite' : 'Relance passée'} pour « ${client.name} » : ${what}${input.outcome ? ` — ${CALL_OUTCOME_LABELS[input.outcome]}` : ''}${input.note ? ` — ${input.note}` : ''}`,
      after: input,
    });
    return id;
  })();
}

export function clientActions(ctx: CoreContext, clientId: number): ActionHistoryEntry[] {
  const rows = ctx.db
    .prepare(
      `SELECT a.*, d.title AS document_title,
         (SELECT group_concat(i.number, ', ') FROM reminder_action_invoices ai JOIN invoices i ON i.id = ai.invoice_id WHERE ai.action_id = a.id) AS numbers
       FROM reminder_actions a LEFT JOIN documents d ON d.id = a.document_id
       WHERE a.client_id = ? ORDER BY a.action_date DESC, a.id DESC LIMIT 500`,
    )
    .all(clientId) as { id: number; action_date: IsoDate; channel: string; status: 'done' | 'skipped'; scenario_name: string | null; step_offset: number | null; template: string | null; document_id: number | null; document_title: string | null; outcome: CallOutcome | null; outcome_date: IsoDate | null; note: string | null; numbers: string | null }[];
  return rows.map((r) => ({
    id: r.id,
    date: r.action_date,
    channel: r.channel,
    status: r.status,
    scenarioName: r.scenario_name,
    stepOffset: r.step_offset,
    template: r.template,
    documentId: r.document_id,
    documentTitle: r.document_title,
    outcome: r.outcome,
    outcomeDate: r.outcome_date,
    note: r.note,
    invoiceNumbers: r.numbers ? r.numbers.split(', ') : [],
  }));
}

export function clientScenario(ctx: CoreContext, clientId: number, gradeOf: GradeOf = () => 'B'): ClientScenarioView {
  ctx.repos.clients.get(clientId);
  const chosen = (ctx.db.prepare('SELECT scenario_id FROM clients WHERE id = ?').pluck().get(clientId) as number | null) ?? null;
  const grade = gradeOf(clientId);
  const scenario = scenarioFor(listScenarios(ctx), chosen, grade);
  return { chosenScenarioId: chosen, scenarioId: scenario.id, scenarioName: scenario.name, grade };
}

/** Accepts suggested payment terms for the client's next contracts. */
export function setClientTerms(ctx: CoreContext, clientId: number, terms: PaymentTerms): void {
  const client = ctx.repos.clients.get(clientId);
  ctx.db.transaction(() => {
    ctx.db.prepare('UPDATE clients SET terms_mode = ?, terms_days = ?, updated_at = ? WHERE id = ?').run(terms.mode, terms.mode === 'net' ? terms.days : null, ctx.clock.now(), clientId);
    ctx.repos.audit.append({ entity: 'client', entityId: clientId, action: 'update', summary: `Délai de paiement de « ${client.name} » : ${formatPaymentTerms(terms)} (suggestion de la note de paiement acceptée)`, before: client.paymentTerms, after: terms });
  })();
}
