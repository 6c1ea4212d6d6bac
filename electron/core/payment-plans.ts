// Payment plans (échéanciers): a client's debt on chosen invoices (with or without the penalties
// to date) spread over instalments; the "reconnaissance de dette et échéancier" printed for the
// debtor to sign (its signature is an acknowledgment: it restarts prescription on each invoice);
// the standing of each plan; and which clients a plan holds out of the reminder queue.
//
// What counts as paid towards a plan (read from the facts, never stored):
// - the allocations to the plan's invoices dated from its start date to the day considered;
// - plus the client's payments from the start date left unallocated (credit on account): once the
//   invoices are paid, what a debtor pays for penalties included in a plan has no invoice to go
//   to. That credit is shared between the client's plans, oldest plan first.
// The debt of an invoice is taken as it stood at the start of the plan's first day (amount −
// credit notes − allocations dated before it), so a payment dated that day counts once: towards
// the plan, not also as a reduction of the debt.
import type { IsoDate } from '../../shared/domain/dates.js';
import { formatDateFr, isIsoDate } from '../../shared/domain/dates.js';
import { formatEuros, type Cents } from '../../shared/domain/money.js';
import { printedLines } from '../../shared/domain/address.js';
import { fold } from '../../shared/domain/text.js';
import { formatIban, formatSiren } from '../../shared/validation.js';
import {
  MAX_INSTALMENTS,
  amountInFrenchWords,
  buildSchedule,
  planStanding,
  validateSchedule,
  type Instalment,
  type PaymentPlanDebt,
  type PaymentPlanDebtInvoice,
  type PaymentPlanDebtRequest,
  type PaymentPlanInput,
  type PaymentPlanView,
  type PlanHold,
  type ScheduleProblem,
} from '../../shared/domain/payment-plan.js';
import type { CoreContext } from './context.js';
import type { PaymentPlanPdfModel } from './documents/PaymentPlanPdf.js';
import { AppError, notFound } from './errors.js';
import { archiveDocument, letterModelFor, type ArchivedDocument } from './letters.js';

// The types (PaymentPlanView, PaymentPlanDebt, PaymentPlanInput, PlanHold…) live in
// shared/domain/payment-plan.ts, so that the channel contract and the renderer can name them.
export type { PaymentPlanDebt, PaymentPlanDebtInvoice, PaymentPlanDebtRequest, PaymentPlanInput, PaymentPlanView, PlanHold } from '../../shared/domain/payment-plan.js';

// ——— Reading ———

interface PlanRow {
  id: number;
  client_id: number;
  client_name: string;
  start_date: IsoDate;
  total_cents: number;
  includes_penalties: number;
  penalties_cents: number;
  signed_date: IsoDate | null;
  document_id: number | null;
  cancelled_date: IsoDate | null;
  note: string | null;
  created_at: string;
}

/** The ids as a JSON array, for `IN (SELECT value FROM json_each(?))`. */
const idList = (ids: Iterable<number>) => JSON.stringify([...ids]);

function instalmentsOf(ctx: CoreContext, planIds: number[]): Map<number, Instalment[]> {
  const rows = ctx.db
    .prepare(
      `SELECT plan_id, position, due_date, amount_cents FROM payment_plan_instalments
       WHERE plan_id IN (SELECT value FROM json_each(?)) ORDER BY plan_id, position`,
    )
    .all(idList(planIds)) as { plan_id: number; position: number; due_date: IsoDate; amount_cents: number }[];
  const byPlan = new Map<number, Instalment[]>(planIds.map((id) => [id, []]));
  for (const r of rows) byPlan.get(r.plan_id)!.push({ position: r.position, dueDate: r.due_date, amountCents: r.amount_cents as Cents });
  return byPlan;
}

/**
 * What was paid towards each plan by `asOf` (see the head of this file): allocations to its
 * invoices from its start date, then the client's unallocated payments from that date, shared
 * oldest plan first between the client's plans in force on `asOf` (the ones asked for and the
 * others), never beyond what a plan still lacks.
 */
function paidTowards(ctx: CoreContext, planIds: readonly number[], asOf: IsoDate): Map<number, Cents> {
  const paid = new Map<number, number>();
  if (planIds.length === 0) return paid as Map<number, Cents>;
  const ids = idList(planIds);
  const plans = ctx.db
    .prepare(
      `SELECT p.id, p.client_id, p.start_date, p.total_cents FROM payment_plans p
       WHERE p.id IN (SELECT value FROM json_each(@ids))
          OR (p.client_id IN (SELECT client_id FROM payment_plans WHERE id IN (SELECT value FROM json_each(@ids)))
              AND p.start_date <= @asOf AND (p.cancelled_date IS NULL OR p.cancelled_date > @asOf))
       ORDER BY p.id`,
    )
    .all({ ids, asOf }) as { id: number; client_id: number; start_date: IsoDate; total_cents: number }[];
  for (const p of plans) paid.set(p.id, 0);
  const allocated = ctx.db
    .prepare(
      `SELECT pi.plan_id, SUM(a.amount_cents) AS paid
       FROM payment_plan_invoices pi
       JOIN payment_plans p ON p.id = pi.plan_id
       JOIN payment_allocations a ON a.invoice_id = pi.invoice_id AND a.payment_date >= p.start_date AND a.payment_date <= @asOf
       WHERE pi.plan_id IN (SELECT value FROM json_each(@ids))
       GROUP BY pi.plan_id`,
    )
    .all({ ids: idList(plans.map((p) => p.id)), asOf }) as { plan_id: number; paid: number }[];
  for (const r of allocated) paid.set(r.plan_id, r.paid);
  const credits = ctx.db
    .prepare(
      `SELECT pay.client_id, pay.payment_date,
         pay.amount_cents - COALESCE((SELECT SUM(a.amount_cents) FROM payment_allocations a WHERE a.payment_id = pay.id), 0) AS unallocated
       FROM payments pay
       WHERE pay.client_id IN (SELECT value FROM json_each(@clients)) AND pay.payment_date <= @asOf
       ORDER BY pay.payment_date, pay.id`,
    )
    .all({ clients: idList(new Set(plans.map((p) => p.client_id))), asOf }) as { client_id: number; payment_date: IsoDate; unallocated: number }[];
  const pool = credits.filter((c) => c.unallocated > 0).map((c) => ({ clientId: c.client_id, date: c.payment_date, left: c.unallocated }));
  for (const plan of plans) {
    let lacking = plan.total_cents - paid.get(plan.id)!;
    for (const credit of pool) {
      if (lacking <= 0) break;
      if (credit.clientId !== plan.client_id || credit.date < plan.start_date || credit.left <= 0) continue;
      const take = Math.min(lacking, credit.left);
      credit.left -= take;
      lacking -= take;
      paid.set(plan.id, paid.get(plan.id)! + take);
    }
  }
  return paid as Map<number, Cents>;
}

const PLAN_SELECT = `SELECT p.*, c.name AS client_name FROM payment_plans p JOIN clients c ON c.id = p.client_id`;

function views(ctx: CoreContext, rows: PlanRow[]): PaymentPlanView[] {
  if (rows.length === 0) return [];
  const today = ctx.clock.today();
  const grace = ctx.repos.settings.get().planGraceDays;
  const ids = rows.map((r) => r.id);
  const instalments = instalmentsOf(ctx, ids);
  const invoiceRows = ctx.db
    .prepare(
      `SELECT pi.plan_id, i.id, i.number, i.issue_date, i.due_date, i.amount_ttc_cents,
         CASE WHEN i.written_off = 1 THEN 0 ELSE i.amount_ttc_cents - i.paid_cents - i.credited_cents END AS balance_cents
       FROM payment_plan_invoices pi JOIN invoices i ON i.id = pi.invoice_id
       WHERE pi.plan_id IN (SELECT value FROM json_each(?)) ORDER BY i.due_date, i.number`,
    )
    .all(idList(ids)) as { plan_id: number; id: number; number: string; issue_date: IsoDate; due_date: IsoDate; amount_ttc_cents: number; balance_cents: number }[];
  // Active plans stand as of today, cancelled ones as of their cancellation: one computation per date.
  const asOfOf = (r: PlanRow) => (r.cancelled_date && r.cancelled_date < today ? r.cancelled_date : today);
  const paid = new Map<number, Cents>();
  for (const asOf of new Set(rows.map(asOfOf))) {
    const ids = rows.filter((r) => asOfOf(r) === asOf).map((r) => r.id);
    const values = paidTowards(ctx, ids, asOf);
    for (const id of ids) paid.set(id, values.get(id)!);
  }
  return rows.map((r) => ({
    id: r.id,
    clientId: r.client_id,
    clientName: r.client_name,
    startDate: r.start_date,
    principalCents: (r.total_cents - r.penalties_cents) as Cents,
    penaltiesCents: r.penalties_cents as Cents,
    totalCents: r.total_cents as Cents,
    includesPenalties: r.includes_penalties === 1,
    signedDate: r.signed_date,
    documentId: r.document_id,
    cancelledDate: r.cancelled_date,
    note: r.note,
    createdAt: r.created_at,
    status: r.cancelled_date ? 'cancelled' : 'active',
    invoices: invoiceRows
      .filter((i) => i.plan_id === r.id)
      .map((i) => ({ id: i.id, number: i.number, issueDate: i.issue_date, dueDate: i.due_date, amountCents: i.amount_ttc_cents as Cents, balanceCents: Math.max(0, i.balance_cents) as Cents })),
    instalments: instalments.get(r.id)!,
    standing: planStanding(instalments.get(r.id)!, paid.get(r.id) ?? (0 as Cents), asOfOf(r), grace),
  }));
}

/** The plans, newest first (one client's, or all), each with its standing today. */
export function listPaymentPlans(ctx: CoreContext, clientId?: number): PaymentPlanView[] {
  const rows = ctx.db.prepare(`${PLAN_SELECT} WHERE (@clientId IS NULL OR p.client_id = @clientId) ORDER BY p.id DESC`).all({ clientId: clientId ?? null }) as PlanRow[];
  return views(ctx, rows);
}

export function getPaymentPlan(ctx: CoreContext, planId: number): PaymentPlanView {
  const row = ctx.db.prepare(`${PLAN_SELECT} WHERE p.id = ?`).get(planId) as PlanRow | undefined;
  if (!row) throw notFound('Échéancier');
  return views(ctx, [row])[0]!;
}

// ——— The debt ———

/**
 * The debt a plan over these invoices would cover today: what remains on each (at the start of
 * the day), plus, when asked, the penalties and indemnities to date from the penalty engine (the
 * same figures as a formal notice). Refuses another client's invoice, a paid, written-off or
 * disputed one, and one already in a plan in force.
 */
export function paymentPlanDebt(ctx: CoreContext, request: PaymentPlanDebtRequest): PaymentPlanDebt {
  const today = ctx.clock.today();
  const client = ctx.repos.clients.get(request.clientId);
  if (client.archivedAt) throw new AppError('PRECONDITION', `« ${client.name} » est archivé : restaurez-le avant de lui accorder un échéancier.`);
  const ids = [...new Set(request.invoiceIds)];
  if (ids.length === 0) throw new AppError('VALIDATION', 'Choisissez au moins une facture.', { invoiceIds: 'Choisissez au moins une facture.' });
  const select = ctx.db.prepare(
    `SELECT i.id, i.client_id, c.name AS client_name, i.number, i.issue_date, i.due_date, i.amount_ttc_cents, i.paid_cents, i.credited_cents,
       i.written_off, i.open_disputes,
       COALESCE((SELECT SUM(a.amount_cents) FROM payment_allocations a WHERE a.invoice_id = i.id AND a.payment_date >= @today), 0) AS paid_from_today,
       (SELECT p.id FROM payment_plan_invoices pi JOIN payment_plans p ON p.id = pi.plan_id
         WHERE pi.invoice_id = i.id AND p.cancelled_date IS NULL ORDER BY p.id LIMIT 1) AS plan_id
     FROM invoices i JOIN clients c ON c.id = i.client_id WHERE i.id = @id`,
  );
  const refuse = (code: 'VALIDATION' | 'PRECONDITION' | 'CONFLICT', message: string): never => {
    throw new AppError(code, message, { invoiceIds: message });
  };
  const rows = ids.map((id) => {
    const r = select.get({ id, today }) as
      | {
          id: number;
          client_id: number;
          client_name: string;
          number: string;
          issue_date: IsoDate;
          due_date: IsoDate;
          amount_ttc_cents: number;
          paid_cents: number;
          credited_cents: number;
          written_off: number;
          open_disputes: number;
          paid_from_today: number;
          plan_id: number | null;
        }
      | undefined;
    if (!r) throw notFound('Facture');
    if (r.client_id !== client.id) refuse('VALIDATION', `La facture ${r.number} est celle d’un autre client (« ${r.client_name} ») : un échéancier ne couvre que les factures d’un client.`);
    if (r.written_off) refuse('PRECONDITION', `La facture ${r.number} est passée en perte : elle ne peut pas entrer dans un échéancier.`);
    if (r.amount_ttc_cents - r.paid_cents - r.credited_cents <= 0) refuse('PRECONDITION', `La facture ${r.number} est soldée : rien à échelonner.`);
    if (r.open_disputes > 0) refuse('PRECONDITION', `La facture ${r.number} fait l’objet d’un litige en cours : clôturez-le avant de l’inclure dans un échéancier.`);
    if (r.plan_id !== null) refuse('CONFLICT', `La facture ${r.number} est déjà dans l’échéancier n° ${r.plan_id} en cours : annulez-le d’abord.`);
    return r;
  });
  rows.sort((a, b) => a.due_date.localeCompare(b.due_date) || a.number.localeCompare(b.number));

  // The penalties per invoice as the formal notice computes them (overdue invoices only: the
  // others owe none yet).
  const penalties = new Map<string, { interestCents: Cents; indemnityCents: Cents }>();
  if (request.includePenalties && rows.some((r) => r.due_date < today)) {
    if (!ctx.repos.company.get()) throw new AppError('PRECONDITION', 'Renseignez d’abord votre entreprise (Paramètres) : elle est le créancier de l’échéancier.');
    for (const inv of letterModelFor(ctx, client.id, 'formal_notice', today).model.invoices) {
      penalties.set(inv.number, { interestCents: inv.penaltiesCents, indemnityCents: client.kind === 'business' ? inv.indemnityCents : (0 as Cents) });
    }
  }
  const invoices: PaymentPlanDebtInvoice[] = rows.map((r) => {
    const p = penalties.get(r.number);
    return {
      id: r.id,
      number: r.number,
      issueDate: r.issue_date,
      dueDate: r.due_date,
      amountCents: r.amount_ttc_cents as Cents,
      remainingCents: (r.amount_ttc_cents - r.paid_cents - r.credited_cents + r.paid_from_today) as Cents,
      interestCents: p?.interestCents ?? (0 as Cents),
      indemnityCents: p?.indemnityCents ?? (0 as Cents),
    };
  });
  const principal = invoices.reduce((s, i) => s + i.remainingCents, 0);
  const penaltiesTotal = invoices.reduce((s, i) => s + i.interestCents + i.indemnityCents, 0);
  return {
    clientId: client.id,
    clientName: client.name,
    startDate: today,
    includesPenalties: request.includePenalties,
    invoices,
    principalCents: principal as Cents,
    penaltiesCents: penaltiesTotal as Cents,
    totalCents: (principal + penaltiesTotal) as Cents,
  };
}

// ——— Writing ———

function scheduleError(problems: ScheduleProblem[]): AppError {
  const fields: Record<string, string> = {};
  for (const p of problems) {
    const key = p.position === null ? 'instalments' : `instalments.${p.position - 1}`;
    fields[key] ??= p.message;
  }
  const message = problems.map((p) => p.message.replace(/\.$/, '')).join(' ; ');
  return new AppError('VALIDATION', `${message}.`, fields);
}

/** The instalments the input asks for, over `totalCents`, none before `startDate`. */
function instalmentsFor(input: PaymentPlanInput, totalCents: Cents, startDate: IsoDate): Instalment[] {
  if ('instalments' in input) {
    const problems = validateSchedule(input.instalments, totalCents, { startDate });
    if (problems.length) throw scheduleError(problems);
    return input.instalments.map((i, n) => ({ position: n + 1, dueDate: i.dueDate as IsoDate, amountCents: i.amountCents as Cents }));
  }
  const { count, firstDate, frequency } = input;
  if (!Number.isSafeInteger(count) || count < 1 || count > MAX_INSTALMENTS) {
    throw new AppError('VALIDATION', `Nombre d’échéances : entre 1 et ${MAX_INSTALMENTS}.`, { count: `Entre 1 et ${MAX_INSTALMENTS}.` });
  }
  if (count > totalCents) throw new AppError('VALIDATION', 'Trop d’échéances pour ce montant.', { count: 'Trop d’échéances pour ce montant.' });
  if (!isIsoDate(firstDate)) throw new AppError('VALIDATION', 'Première échéance : date invalide.', { firstDate: 'Date invalide.' });
  if (firstDate < startDate) {
    throw new AppError('VALIDATION', `Première échéance : date antérieure au début de l’échéancier (${formatDateFr(startDate)}).`, { firstDate: 'Date passée.' });
  }
  return buildSchedule({ totalCents, count, firstDate, frequency });
}

/**
 * Creates a plan starting today over the chosen open invoices of one client, with the
 * instalments given (which must add up to the debt) or equal ones; one transaction with its
 * journal entry.
 */
export function createPaymentPlan(ctx: CoreContext, input: PaymentPlanInput): PaymentPlanView {
  const id = ctx.db.transaction(() => {
    const debt = paymentPlanDebt(ctx, input);
    if (debt.totalCents <= 0) throw new AppError('PRECONDITION', 'Rien à échelonner sur ces factures.');
    const instalments = instalmentsFor(input, debt.totalCents, debt.startDate);
    const note = input.note?.trim() || null;
    const planId = Number(
      ctx.db
        .prepare(
          `INSERT INTO payment_plans (client_id, start_date, total_cents, includes_penalties, penalties_cents, note, created_at)
           VALUES (?, ?, ?, ?, ?, ?, ?)`,
        )
        .run(debt.clientId, debt.startDate, debt.totalCents, debt.includesPenalties ? 1 : 0, debt.penaltiesCents, note, ctx.clock.now()).lastInsertRowid,
    );
    const link = ctx.db.prepare('INSERT INTO payment_plan_invoices (plan_id, invoice_id) VALUES (?, ?)');
    for (const inv of debt.invoices) link.run(planId, inv.id);
    const insert = ctx.db.prepare('INSERT INTO payment_plan_instalments (plan_id, position, due_date, amount_cents) VALUES (?, ?, ?, ?)');
    for (const i of instalments) insert.run(planId, i.position, i.dueDate, i.amountCents);
    const count = instalments.length;
    ctx.repos.audit.append({
      entity: 'client',
      entityId: debt.clientId,
      action: 'create',
      summary:
        `Échéancier n° ${planId} accordé à « ${debt.clientName} » : ${formatEuros(debt.totalCents)}` +
        `${debt.includesPenalties ? ` (dont ${formatEuros(debt.penaltiesCents)} de pénalités et indemnités)` : ''}` +
        ` en ${count} échéance${count > 1 ? 's' : ''}, factures ${debt.invoices.map((i) => i.number).join(', ')}`,
      after: { planId, ...debt, instalments, note },
    });
    return planId;
  })();
  return getPaymentPlan(ctx, id);
}

function activeRow(ctx: CoreContext, planId: number): PaymentPlanView {
  const plan = getPaymentPlan(ctx, planId);
  if (plan.cancelledDate) throw new AppError('PRECONDITION', `L’échéancier n° ${plan.id} a été annulé le ${formatDateFr(plan.cancelledDate)}.`);
  return plan;
}

function checkDate(ctx: CoreContext, date: string, field: string, what: string): IsoDate {
  if (!isIsoDate(date)) throw new AppError('VALIDATION', `${what} : date invalide.`, { [field]: 'Date invalide.' });
  if (date > ctx.clock.today()) throw new AppError('VALIDATION', `${what} : la date ne peut pas être dans le futur.`, { [field]: 'Date future.' });
  return date;
}

/**
 * Records the date the debtor signed the plan: it acknowledges the debt, so an 'acknowledgment'
 * legal event is added at that date on each of its invoices (it restarts prescription).
 */
export function recordPlanSignature(ctx: CoreContext, planId: number, signedDate: string): PaymentPlanView {
  const date = checkDate(ctx, signedDate, 'signedDate', 'Date de signature');
  const plan = activeRow(ctx, planId);
  if (plan.signedDate) throw new AppError('PRECONDITION', `La signature de l’échéancier n° ${plan.id} est déjà enregistrée (le ${formatDateFr(plan.signedDate)}).`);
  if (date < plan.startDate) {
    throw new AppError('VALIDATION', `L’échéancier a été établi le ${formatDateFr(plan.startDate)} : il n’a pas pu être signé avant.`, { signedDate: 'Antérieure à l’échéancier.' });
  }
  ctx.db.transaction(() => {
    ctx.db.prepare('UPDATE payment_plans SET signed_date = ? WHERE id = ?').run(date, plan.id);
    const event = ctx.db.prepare("INSERT INTO legal_events (invoice_id, kind, event_date, note, created_at) VALUES (?, 'acknowledgment', ?, ?, ?)");
    for (const inv of plan.invoices) event.run(inv.id, date, `Échéancier n° ${plan.id} signé (reconnaissance de dette)`, ctx.clock.now());
    ctx.repos.audit.append({
      entity: 'client',
      entityId: plan.clientId,
      action: 'update',
      summary: `Échéancier n° ${plan.id} signé par « ${plan.clientName} » le ${formatDateFr(date)} : reconnaissance de dette sur les factures ${plan.invoices.map((i) => i.number).join(', ')}`,
      before: { planId: plan.id, signedDate: null },
      after: { planId: plan.id, signedDate: date, invoiceIds: plan.invoices.map((i) => i.id) },
    });
  })();
  return getPaymentPlan(ctx, plan.id);
}

/** Ends a plan on `date`: it no longer holds the client's reminders. Its history stays. */
export function cancelPaymentPlan(ctx: CoreContext, planId: number, date: string): PaymentPlanView {
  const cancelledDate = checkDate(ctx, date, 'date', 'Date d’annulation');
  const plan = activeRow(ctx, planId);
  if (cancelledDate < plan.startDate) {
    throw new AppError('VALIDATION', `L’échéancier a commencé le ${formatDateFr(plan.startDate)} : il ne peut être annulé avant.`, { date: 'Antérieure à l’échéancier.' });
  }
  ctx.db.transaction(() => {
    ctx.db.prepare('UPDATE payment_plans SET cancelled_date = ? WHERE id = ?').run(cancelledDate, plan.id);
    ctx.repos.audit.append({
      entity: 'client',
      entityId: plan.clientId,
      action: 'update',
      summary: `Échéancier n° ${plan.id} de « ${plan.clientName} » annulé le ${formatDateFr(cancelledDate)}`,
      before: { planId: plan.id, cancelledDate: null, state: plan.standing.state },
      after: { planId: plan.id, cancelledDate },
    });
  })();
  return getPaymentPlan(ctx, plan.id);
}

// ——— The reminder queue ———

/** Whether hold `a` of a client comes before `b`: a breach first (the earliest), else the hold that ends first. */
function comesFirst(a: PlanHold, b: PlanHold): boolean {
  if (a.holds !== b.holds) return !a.holds;
  if (!a.holds) return (a.missedSince ?? '') < (b.missedSince ?? '');
  return (a.holdsUntil ?? '') < (b.holdsUntil ?? '');
}

/**
 * The clients that a plan in force on `asOf` concerns: held (on track, or late within the grace
 * days) or to resume (breached). Completed plans hold nothing and are left out. When a client has
 * several plans, a breached one wins (the earliest breach), else the one whose hold ends first.
 */
export function activePlanHolds(ctx: CoreContext, asOf: IsoDate): Map<number, PlanHold> {
  const grace = ctx.repos.settings.get().planGraceDays;
  const rows = ctx.db
    .prepare(
      `SELECT p.id, p.client_id, i.position, i.due_date, i.amount_cents,
         (SELECT group_concat(invoice_id) FROM payment_plan_invoices pi WHERE pi.plan_id = p.id) AS invoice_ids
       FROM payment_plans p JOIN payment_plan_instalments i ON i.plan_id = p.id
       WHERE p.start_date <= @asOf AND (p.cancelled_date IS NULL OR p.cancelled_date > @asOf)
       ORDER BY p.id, i.position`,
    )
    .all({ asOf }) as { id: number; client_id: number; position: number; due_date: IsoDate; amount_cents: number; invoice_ids: string | null }[];
  const plans = new Map<number, { id: number; clientId: number; invoiceIds: number[]; instalments: Instalment[] }>();
  for (const r of rows) {
    let plan = plans.get(r.id);
    if (!plan) {
      plan = { id: r.id, clientId: r.client_id, invoiceIds: r.invoice_ids ? r.invoice_ids.split(',').map(Number) : [], instalments: [] };
      plans.set(r.id, plan);
    }
    plan.instalments.push({ position: r.position, dueDate: r.due_date, amountCents: r.amount_cents as Cents });
  }
  const paid = paidTowards(ctx, [...plans.keys()], asOf);
  const holds = new Map<number, PlanHold>();
  for (const plan of plans.values()) {
    const standing = planStanding(plan.instalments, paid.get(plan.id) ?? (0 as Cents), asOf, grace);
    if (standing.state === 'completed') continue;
    const hold: PlanHold = {
      planId: plan.id,
      state: standing.state,
      holds: standing.state !== 'breached',
      holdsUntil: standing.holdsUntil,
      missedSince: standing.missedSince,
      invoiceIds: plan.invoiceIds,
    };
    const current = holds.get(plan.clientId);
    if (!current || comesFirst(hold, current)) holds.set(plan.clientId, hold);
  }
  return holds;
}

/**
 * activePlanHolds in the shape the reminder queue takes (electron/core/queue.ts `PlanHolds`):
 * the clients held, until when and why (in French), and the clients whose plan broke, with the
 * day it broke.
 */
export function queuePlanHolds(ctx: CoreContext, asOf: IsoDate): { held: Map<number, { until: IsoDate | null; note: string }>; breached: Map<number, IsoDate> } {
  const held = new Map<number, { until: IsoDate | null; note: string }>();
  const breached = new Map<number, IsoDate>();
  for (const [clientId, hold] of activePlanHolds(ctx, asOf)) {
    if (hold.holds) {
      const note = hold.state === 'late' ? `échéancier n° ${hold.planId} : échéance en retard, à régler au plus tard le ${formatDateFr(hold.holdsUntil)}` : `échéancier n° ${hold.planId} respecté`;
      held.set(clientId, { until: hold.holdsUntil, note });
    } else if (hold.missedSince) {
      breached.set(clientId, hold.missedSince);
    }
  }
  return { held, breached };
}

// ——— The document ———

function titleCase(text: string): string {
  return text.toLowerCase().replace(/(^|[\s-])(\p{L})/gu, (_, sep: string, letter: string) => `${sep}${letter.toUpperCase()}`);
}

/** What the "reconnaissance de dette et échéancier" prints, from the plan and the books. */
export function paymentPlanPdfModel(ctx: CoreContext, planId: number): PaymentPlanPdfModel {
  const plan = activeRow(ctx, planId);
  const company = ctx.repos.company.get();
  if (!company) throw new AppError('PRECONDITION', 'Renseignez d’abord votre entreprise (Paramètres) : elle est le créancier de l’échéancier.');
  const client = ctx.repos.clients.get(plan.clientId);
  // The invoices as they stood at the start of the plan (what the debtor acknowledges).
  const remainingAtStart = ctx.db.prepare(
    `SELECT i.amount_ttc_cents - i.credited_cents - COALESCE((SELECT SUM(a.amount_cents) FROM payment_allocations a WHERE a.invoice_id = i.id AND a.payment_date < ?), 0) AS remaining
     FROM invoices i WHERE i.id = ?`,
  );
  const city = /^\d{5}\s+(.+)$/.exec(company.address[5]?.trim() ?? '')?.[1]?.replace(/\s+CEDEX\b.*$/i, '') ?? null;
  const legal = (parts: (string | null | undefined)[]) => parts.filter(Boolean).join(' · ');
  return {
    planId: plan.id,
    reference: `ECH-${plan.id}`,
    date: ctx.clock.today(),
    creditor: {
      name: company.name,
      legalLine: legal([
        company.legalForm,
        company.siren ? `SIREN ${formatSiren(company.siren)}` : null,
        company.rcsCity ? `RCS ${company.rcsCity.replace(/^RCS\s+/i, '')}` : null,
        company.vatNumber ? `TVA ${company.vatNumber}` : null,
      ]),
      addressLines: printedLines(company.address.slice(1)),
      contactLine: legal([company.phone, company.email]),
      representedBy: company.signatoryName ? [company.signatoryName, company.signatoryTitle].filter(Boolean).join(', ') : company.representative,
    },
    debtor: {
      name: client.name,
      kind: client.kind,
      legalLine: client.kind === 'business' ? legal([client.legalForm, client.siren ? `SIREN ${formatSiren(client.siren)}` : null]) : '',
      addressLines: printedLines(client.address.slice(1)),
    },
    startDate: plan.startDate,
    invoices: plan.invoices.map((i) => ({
      number: i.number,
      issueDate: i.issueDate,
      dueDate: i.dueDate,
      remainingCents: (remainingAtStart.get(plan.startDate, i.id) as { remaining: number }).remaining as Cents,
    })),
    principalCents: plan.principalCents,
    penaltiesCents: plan.penaltiesCents,
    totalCents: plan.totalCents,
    includesPenalties: plan.includesPenalties,
    totalInWords: amountInFrenchWords(plan.totalCents),
    instalments: plan.instalments,
    graceDays: ctx.repos.settings.get().planGraceDays,
    payment: { iban: company.iban ? formatIban(company.iban) : null, bic: company.bic, payee: company.name },
    city: city ? titleCase(city) : null,
  };
}

/**
 * Prints the "reconnaissance de dette et échéancier" of a plan in force, archives it (linked to
 * the client and the plan's invoices) and keeps it as the plan's document.
 */
export async function printPaymentPlan(ctx: CoreContext, planId: number): Promise<ArchivedDocument> {
  const model = paymentPlanPdfModel(ctx, planId);
  const { renderPaymentPlan } = await import('./documents/PaymentPlanPdf.js');
  const content = await renderPaymentPlan(model);
  const plan = activeRow(ctx, planId);
  const slug = fold(plan.clientName).replace(/[^a-z0-9]+/g, '-').replace(/^-|-$/g, '');
  return ctx.db.transaction(() => {
    const doc = archiveDocument(ctx, {
      clientId: plan.clientId,
      kind: 'other',
      title: `Reconnaissance de dette et échéancier n° ${plan.id} — ${plan.clientName} — ${model.date}`,
      fileName: `echeancier-${plan.id}-${slug}-${model.date}.pdf`,
      content,
      invoiceIds: plan.invoices.map((i) => i.id),
    });
    ctx.db.prepare('UPDATE payment_plans SET document_id = ? WHERE id = ?').run(doc.id, plan.id);
    ctx.repos.audit.append({
      entity: 'client',
      entityId: plan.clientId,
      action: 'update',
      summary: `Échéancier n° ${plan.id} imprimé pour signature (${doc.fileName})`,
      before: { planId: plan.id, documentId: plan.documentId },
      after: { planId: plan.id, documentId: doc.id },
    });
    return doc;
  })();
}
