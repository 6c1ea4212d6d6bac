// Legal cases (contentieux): a procedure over chosen invoices, followed stage by stage with its
// dates (dossier prêt, déposé, ordonnance rendue, signifiée, opposition, exécutoire, clos), the
// deadlines the law sets (service within 6 months of the ordonnance, CPC 1411; opposition within
// one month of service, CPC 1416) and the costs. Invoices in an open case are "en contentieux"
// and leave the reminder queue.
import { addMonths, daysBetween, formatDateFr, type IsoDate } from '../../shared/domain/dates.js';
import type { Cents } from '../../shared/domain/money.js';
import { CASE_STAGE_LABELS, type CaseCost, type CaseDeadline, type CaseProcedure, type CaseStage, type CaseView, type CourtKind } from '../../shared/domain/cases.js';
import type { CoreContext } from './context.js';
import { AppError, notFound } from './errors.js';

/** Warn this many days before a deadline. */
export const DEADLINE_WARNING_DAYS = 30;
/** CPC 1411: the ordonnance not served within 6 months of its date is "non avenue". */
export const SERVICE_MONTHS = 6;
/** CPC 1416: opposition within one month of service. */
export const OPPOSITION_MONTHS = 1;

interface CaseRow {
  id: number;
  client_id: number;
  client_name: string;
  procedure: CaseProcedure;
  court_kind: CourtKind | null;
  court_name: string | null;
  ready_date: IsoDate;
  filed_date: IsoDate | null;
  order_date: IsoDate | null;
  served_date: IsoDate | null;
  opposition_date: IsoDate | null;
  enforceable_date: IsoDate | null;
  closed_date: IsoDate | null;
  closed_reason: CaseView['closedReason'];
  dossier_document_id: number | null;
  note: string | null;
}

function stageOf(r: CaseRow): CaseStage {
  if (r.closed_date) return 'closed';
  if (r.enforceable_date) return 'enforceable';
  if (r.opposition_date) return 'opposed';
  if (r.served_date) return 'served';
  if (r.order_date) return 'order_issued';
  if (r.filed_date) return 'filed';
  return 'ready';
}

/** The deadlines of a case at `asOf`, each with its state. */
export function caseDeadlines(r: Pick<CaseRow, 'order_date' | 'served_date' | 'opposition_date' | 'enforceable_date' | 'closed_date'>, asOf: IsoDate): CaseDeadline[] {
  const out: CaseDeadline[] = [];
  const state = (date: IsoDate, done: boolean): CaseDeadline['state'] =>
    done ? 'met' : date < asOf ? 'passed' : daysBetween(asOf, date) <= DEADLINE_WARNING_DAYS ? 'near' : 'running';
  if (r.order_date) {
    const date = addMonths(r.order_date, SERVICE_MONTHS);
    out.push({
      key: 'service',
      label: 'Signification de l’ordonnance (6 mois, art. 1411 CPC)',
      date,
      state: state(date, r.served_date !== null && r.served_date <= date),
      consequence: 'Faute de signification dans ce délai, l’ordonnance est non avenue.',
    });
  }
  if (r.served_date) {
    const date = addMonths(r.served_date, OPPOSITION_MONTHS);
    const over = r.opposition_date !== null || r.enforceable_date !== null || r.closed_date !== null;
    out.push({
      key: 'opposition',
      label: 'Délai d’opposition du débiteur (1 mois, art. 1416 CPC)',
      date,
      state: over ? 'met' : date < asOf ? 'passed' : 'running',
      consequence: 'Sans opposition dans ce délai, l’ordonnance produit les effets d’un jugement contradictoire (art. 1422 CPC).',
    });
  }
  return out;
}

function costsOf(ctx: CoreContext, caseId: number): CaseCost[] {
  return (
    ctx.db.prepare('SELECT * FROM case_costs WHERE case_id = ? ORDER BY cost_date, id').all(caseId) as {
      id: number;
      kind: CaseCost['kind'];
      label: string;
      amount_cents: number;
      cost_date: IsoDate;
      recoverable: number;
    }[]
  ).map((c) => ({ id: c.id, kind: c.kind, label: c.label, amountCents: c.amount_cents as Cents, date: c.cost_date, recoverable: c.recoverable === 1 }));
}

function view(ctx: CoreContext, r: CaseRow): CaseView {
  const asOf = ctx.clock.today();
  const invoices = ctx.db
    .prepare(
      `SELECT i.id, i.number, i.due_date, i.amount_ttc_cents - i.paid_cents - i.credited_cents AS remaining
       FROM case_invoices ci JOIN invoices i ON i.id = ci.invoice_id WHERE ci.case_id = ? ORDER BY i.due_date, i.number`,
    )
    .all(r.id) as { id: number; number: string; due_date: IsoDate; remaining: number }[];
  const costs = costsOf(ctx, r.id);
  return {
    id: r.id,
    clientId: r.client_id,
    clientName: r.client_name,
    procedure: r.procedure,
    court: r.court_kind ? { kind: r.court_kind, name: r.court_name ?? '' } : null,
    stage: stageOf(r),
    stageLabel: CASE_STAGE_LABELS[stageOf(r)],
    dates: {
      ready: r.ready_date,
      filed: r.filed_date,
      order: r.order_date,
      served: r.served_date,
      opposition: r.opposition_date,
      enforceable: r.enforceable_date,
      closed: r.closed_date,
    },
    closedReason: r.closed_reason,
    invoices: invoices.map((i) => ({ id: i.id, number: i.number, dueDate: i.due_date, remainingCents: Math.max(0, i.remaining) as Cents })),
    remainingCents: invoices.reduce((s, i) => s + Math.max(0, i.remaining), 0) as Cents,
    costs,
    recoverableCostsCents: costs.filter((c) => c.recoverable).reduce((s, c) => s + c.amountCents, 0) as Cents,
    deadlines: r.closed_date ? [] : caseDeadlines(r, asOf),
    dossierDocumentId: r.dossier_document_id,
    note: r.note,
  };
}

const SELECT = 'SELECT k.*, c.name AS client_name FROM cases k JOIN clients c ON c.id = k.client_id';

export function getCase(ctx: CoreContext, id: number): CaseView {
  const row = ctx.db.prepare(`${SELECT} WHERE k.id = ?`).get(id) as CaseRow | undefined;
  if (!row) throw notFound('Dossier contentieux');
  return view(ctx, row);
}

export function listCases(ctx: CoreContext, clientId?: number): CaseView[] {
  const rows = ctx.db.prepare(`${SELECT} WHERE @clientId IS NULL OR k.client_id = @clientId ORDER BY k.closed_date IS NOT NULL, k.ready_date DESC, k.id DESC`).all({ clientId: clientId ?? null }) as CaseRow[];
  return rows.map((r) => view(ctx, r));
}

export interface OpenCaseInput {
  clientId: number;
  invoiceIds: number[];
  procedure: CaseProcedure;
  court: { kind: CourtKind; name: string } | null;
  readyDate?: IsoDate | undefined;
  note?: string | null | undefined;
}

/** Opens a case over undisputed, unpaid invoices of the client that are in no other open case. */
export function openCase(ctx: CoreContext, input: OpenCaseInput): CaseView {
  const client = ctx.repos.clients.get(input.clientId);
  const today = ctx.clock.today();
  const readyDate = input.readyDate ?? today;
  if (readyDate > today) throw new AppError('VALIDATION', 'Date du dossier : pas dans le futur.', { readyDate: 'Date future.' });
  if (input.procedure !== 'claim_declaration' && (!input.court || !input.court.name.trim())) {
    throw new AppError('VALIDATION', 'Tribunal : confirmez la juridiction (celle du domicile du débiteur).', { court: 'Tribunal : à confirmer.' });
  }
  for (const invoiceId of new Set(input.invoiceIds)) {
    const d = ctx.repos.ledger.detail(invoiceId);
    const n = d.invoice.number;
    if (d.invoice.clientId !== input.clientId) throw new AppError('VALIDATION', `La facture ${n} n’est pas de « ${client.name} ».`);
    if (d.balanceCents <= 0) throw new AppError('PRECONDITION', `La facture ${n} est soldée.`);
    if (d.status === 'written_off') throw new AppError('PRECONDITION', `La facture ${n} est passée en perte.`);
    if (d.status === 'disputed' && input.procedure !== 'claim_declaration') throw new AppError('PRECONDITION', `La facture ${n} est en litige : une injonction de payer suppose une créance non contestée.`);
    if (d.status === 'in_litigation') throw new AppError('CONFLICT', `La facture ${n} est déjà dans un dossier contentieux ouvert.`);
  }
  if (input.invoiceIds.length === 0) throw new AppError('VALIDATION', 'Choisissez au moins une facture.', { invoiceIds: 'Aucune facture.' });
  const id = ctx.db.transaction(() => {
    const now = ctx.clock.now();
    const caseId = Number(
      ctx.db
        .prepare('INSERT INTO cases (client_id, procedure, court_kind, court_name, ready_date, note, created_at, updated_at) VALUES (?, ?, ?, ?, ?, ?, ?, ?)')
        .run(input.clientId, input.procedure, input.court?.kind ?? null, input.court?.name.trim() ?? null, readyDate, input.note ?? null, now, now).lastInsertRowid,
    );
    const link = ctx.db.prepare('INSERT INTO case_invoices (case_id, invoice_id) VALUES (?, ?)');
    for (const invoiceId of new Set(input.invoiceIds)) link.run(caseId, invoiceId);
    ctx.repos.audit.append({ entity: 'client', entityId: input.clientId, action: 'create', summary: `Dossier contentieux ouvert pour « ${client.name} » (${input.invoiceIds.length} facture${input.invoiceIds.length > 1 ? 's' : ''})`, after: input });
    return caseId;
  })();
  return getCase(ctx, id);
}

export type CaseEvent =
  | { event: 'filed'; date: IsoDate; courtFeeCents?: number | undefined }
  | { event: 'order_issued'; date: IsoDate }
  | { event: 'served'; date: IsoDate; bailiffFeeCents?: number | undefined }
  | { event: 'opposed'; date: IsoDate }
  | { event: 'enforceable'; date: IsoDate }
  | { event: 'closed'; date: IsoDate; reason: NonNullable<CaseView['closedReason']> };

const EVENT_COLUMN = { filed: 'filed_date', order_issued: 'order_date', served: 'served_date', opposed: 'opposition_date', enforceable: 'enforceable_date', closed: 'closed_date' } as const;

/** Records the next stage of a case, checking its order and dates. */
export function recordCaseEvent(ctx: CoreContext, caseId: number, e: CaseEvent): CaseView {
  const before = getCase(ctx, caseId);
  const today = ctx.clock.today();
  const fail = (message: string) => {
    throw new AppError('VALIDATION', message, { date: message });
  };
  if (e.date > today) fail('Date : pas dans le futur.');
  if (before.stage === 'closed') throw new AppError('PRECONDITION', 'Ce dossier est clos.');
  const d = before.dates;
  const after = (date: IsoDate | null, what: string) => {
    if (date && e.date < date) fail(`Date : antérieure ${what} (${formatDateFr(date)}).`);
  };
  switch (e.event) {
    case 'filed':
      if (d.filed) throw new AppError('PRECONDITION', 'Le dépôt est déjà enregistré.');
      after(d.ready, 'au dossier');
      break;
    case 'order_issued':
      if (!d.filed) throw new AppError('PRECONDITION', 'Enregistrez d’abord le dépôt de la requête.');
      if (d.order) throw new AppError('PRECONDITION', 'L’ordonnance est déjà enregistrée.');
      after(d.filed, 'au dépôt');
      break;
    case 'served':
      if (!d.order) throw new AppError('PRECONDITION', 'Enregistrez d’abord l’ordonnance.');
      if (d.served) throw new AppError('PRECONDITION', 'La signification est déjà enregistrée.');
      after(d.order, 'à l’ordonnance');
      if (e.date > addMonths(d.order, SERVICE_MONTHS)) {
        throw new AppError('PRECONDITION', `Signification après le ${formatDateFr(addMonths(d.order, SERVICE_MONTHS))} : l’ordonnance est non avenue (art. 1411 CPC). Clôturez ce dossier et déposez une nouvelle requête.`);
      }
      break;
    case 'opposed':
      if (!d.served) throw new AppError('PRECONDITION', 'Enregistrez d’abord la signification.');
      after(d.served, 'à la signification');
      break;
    case 'enforceable':
      if (!d.served) throw new AppError('PRECONDITION', 'Enregistrez d’abord la signification.');
      if (d.opposition) throw new AppError('PRECONDITION', 'Une opposition a été formée : l’affaire est jugée au fond, l’ordonnance n’est pas exécutoire.');
      if (e.date <= addMonths(d.served, OPPOSITION_MONTHS)) fail(`Date : le délai d’opposition court jusqu’au ${formatDateFr(addMonths(d.served, OPPOSITION_MONTHS))}.`);
      break;
    case 'closed':
      after(d.ready, 'au dossier');
      break;
  }
  ctx.db.transaction(() => {
    ctx.db.prepare(`UPDATE cases SET ${EVENT_COLUMN[e.event]} = ?, updated_at = ?${e.event === 'closed' ? ', closed_reason = ?' : ''} WHERE id = ?`).run(
      ...(e.event === 'closed' ? [e.date, ctx.clock.now(), e.reason, caseId] : [e.date, ctx.clock.now(), caseId]),
    );
    if (e.event === 'filed' && e.courtFeeCents) addCost(ctx, caseId, { kind: 'court_fee', label: 'Frais de greffe', amountCents: e.courtFeeCents, date: e.date, recoverable: true });
    if (e.event === 'served' && e.bailiffFeeCents) addCost(ctx, caseId, { kind: 'bailiff', label: 'Signification (commissaire de justice)', amountCents: e.bailiffFeeCents, date: e.date, recoverable: true });
    // The court's decisions are legal events of each invoice (prescription, interest rate).
    const legal = { served: 'court_action', enforceable: 'enforceable' } as const;
    if (e.event === 'served' || e.event === 'enforceable') {
      const insert = ctx.db.prepare('INSERT INTO legal_events (invoice_id, kind, event_date, note, created_at) VALUES (?, ?, ?, ?, ?)');
      for (const invoice of before.invoices) insert.run(invoice.id, legal[e.event], e.date, e.event === 'served' ? 'Ordonnance d’injonction de payer signifiée' : 'Ordonnance exécutoire', ctx.clock.now());
    }
    ctx.repos.audit.append({ entity: 'client', entityId: before.clientId, action: 'update', summary: `Dossier contentieux de « ${before.clientName} » : ${eventLabel(e)} le ${formatDateFr(e.date)}`, before: before.dates, after: e });
  })();
  return getCase(ctx, caseId);
}

function eventLabel(e: CaseEvent): string {
  return { filed: 'requête déposée', order_issued: 'ordonnance rendue', served: 'ordonnance signifiée', opposed: 'opposition formée', enforceable: 'ordonnance exécutoire', closed: 'dossier clos' }[e.event];
}

function addCost(ctx: CoreContext, caseId: number, c: { kind: CaseCost['kind']; label: string; amountCents: number; date: IsoDate; recoverable: boolean }) {
  ctx.db.prepare('INSERT INTO case_costs (case_id, kind, label, amount_cents, cost_date, recoverable, created_at) VALUES (?, ?, ?, ?, ?, ?, ?)').run(caseId, c.kind, c.label, c.amountCents, c.date, c.recoverable ? 1 : 0, ctx.clock.now());
}

/** Records a cost of the case (court fee, commissaire de justice…); recoverable ones are added to the claim. */
export function addCaseCost(ctx: CoreContext, caseId: number, c: { kind: CaseCost['kind']; label: string; amountCents: number; date: IsoDate; recoverable: boolean }): CaseView {
  const before = getCase(ctx, caseId);
  if (c.date > ctx.clock.today()) throw new AppError('VALIDATION', 'Date du frais : pas dans le futur.', { date: 'Date future.' });
  ctx.db.transaction(() => {
    addCost(ctx, caseId, c);
    ctx.repos.audit.append({ entity: 'client', entityId: before.clientId, action: 'update', summary: `Frais du dossier contentieux de « ${before.clientName} » : ${c.label}`, after: c });
  })();
  return getCase(ctx, caseId);
}

/** Links the generated dossier (archived PDF) to its case. */
export function attachDossier(ctx: CoreContext, caseId: number, documentId: number): void {
  ctx.db.prepare('UPDATE cases SET dossier_document_id = ?, updated_at = ? WHERE id = ?').run(documentId, ctx.clock.now(), caseId);
}

/** Open cases' deadlines that need attention (near or passed), for warnings. */
export function caseWarnings(ctx: CoreContext): { caseId: number; clientName: string; deadline: CaseDeadline }[] {
  return listCases(ctx)
    .filter((c) => c.stage !== 'closed')
    .flatMap((c) => c.deadlines.filter((d) => d.state === 'near' || d.state === 'passed').map((deadline) => ({ caseId: c.id, clientName: c.clientName, deadline })));
}

