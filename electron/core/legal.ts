// The law applied to the ledger: penalty statements of an invoice, prescription, the merged rate
// table (built-in rows plus those the user adds in Paramètres), and legal events.
import type { IsoDate } from '../../shared/domain/dates.js';
import { formatDateFr } from '../../shared/domain/dates.js';
import { computePenalties } from '../../shared/domain/penalties.js';
import { computePrescription } from '../../shared/domain/prescription.js';
import { BUILT_IN_RATES, formatSemesterFr, lookupRates, mergeRates, semesterOf, type Semester, type SemesterRates } from '../../shared/legal/rates.js';
import { LEGAL_EVENT_LABELS, type legalEventSchema, type userRateSchema } from '../../shared/schemas-legal.js';
import type { z } from 'zod';
import type { InvoicePenaltiesView, RatesView } from '../../shared/contract.js';
import type { CoreContext } from './context.js';
import { AppError } from './errors.js';

const USER_RATES_KEY = 'userRates';

type LegalEvent = InvoicePenaltiesView['events'][number];
type InvoicePenalties = InvoicePenaltiesView;

export function userRates(ctx: CoreContext): SemesterRates[] {
  return ctx.repos.settings.raw<SemesterRates[]>(USER_RATES_KEY) ?? [];
}

export function rateTable(ctx: CoreContext): SemesterRates[] {
  return mergeRates(BUILT_IN_RATES, userRates(ctx));
}

export function ratesView(ctx: CoreContext): RatesView {
  const users = new Set(userRates(ctx).map((r) => r.semester));
  const table = rateTable(ctx);
  const current = semesterOf(ctx.clock.today());
  const missing = (['ecbMroBp', 'legalOtherBp'] as const).filter((field) => {
    const found = lookupRates(table, current, field);
    return !found || found.fallback || found.unconfirmed;
  });
  return {
    rows: table.map((r) => ({ ...r, origin: users.has(r.semester) ? 'user' : 'built_in' })),
    coverageWarning: missing.length
      ? `Les taux du ${formatSemesterFr(current)} ne sont pas confirmés : le dernier taux connu est utilisé. Ajoutez-les dans Paramètres dès leur publication.`
      : null,
  };
}

export function saveUserRate(ctx: CoreContext, input: z.output<typeof userRateSchema>): RatesView {
  const row: SemesterRates = {
    semester: input.semester as Semester,
    ecbMroBp: input.ecbMroBp,
    legalConsumerCreditorBp: input.legalConsumerCreditorBp,
    legalOtherBp: input.legalOtherBp,
    sources: [input.source],
    note: 'Saisi dans Paramètres',
  };
  const rows = [...userRates(ctx).filter((r) => r.semester !== row.semester), row].sort((a, b) => a.semester.localeCompare(b.semester));
  ctx.repos.settings.setRaw(USER_RATES_KEY, rows, `Taux du ${formatSemesterFr(row.semester)} saisis`);
  return ratesView(ctx);
}

export function removeUserRate(ctx: CoreContext, semester: string): RatesView {
  const rows = userRates(ctx);
  if (!rows.some((r) => r.semester === semester)) throw new AppError('NOT_FOUND', 'Aucun taux saisi pour ce semestre.');
  ctx.repos.settings.setRaw(USER_RATES_KEY, rows.filter((r) => r.semester !== semester), `Taux saisis du semestre ${semester} retirés`);
  return ratesView(ctx);
}

export function legalEvents(ctx: CoreContext, invoiceId: number): LegalEvent[] {
  return (
    ctx.db.prepare('SELECT id, invoice_id, kind, event_date, note FROM legal_events WHERE invoice_id = ? ORDER BY event_date, id').all(invoiceId) as {
      id: number;
      invoice_id: number;
      kind: LegalEvent['kind'];
      event_date: string;
      note: string | null;
    }[]
  ).map((e) => ({ id: e.id, invoiceId: e.invoice_id, kind: e.kind, date: e.event_date as IsoDate, note: e.note }));
}

export function addLegalEvent(ctx: CoreContext, input: z.output<typeof legalEventSchema>): InvoicePenalties {
  const invoice = ctx.repos.ledger.getInvoice(input.invoiceId);
  if (input.date > ctx.clock.today()) throw new AppError('VALIDATION', 'La date ne peut pas être dans le futur.', { date: 'Date future.' });
  ctx.db.transaction(() => {
    const id = Number(
      ctx.db
        .prepare('INSERT INTO legal_events (invoice_id, kind, event_date, note, created_at) VALUES (?, ?, ?, ?, ?)')
        .run(input.invoiceId, input.kind, input.date, input.note, ctx.clock.now()).lastInsertRowid,
    );
    ctx.repos.audit.append({
      entity: 'invoice',
      entityId: input.invoiceId,
      action: 'update',
      summary: `${LEGAL_EVENT_LABELS[input.kind]} le ${formatDateFr(input.date)} (facture ${invoice.number})`,
      after: { id, ...input },
    });
  })();
  return invoicePenalties(ctx, input.invoiceId);
}

/** The penalty statement of one invoice as of a date (today by default), and its prescription. */
export function invoicePenalties(ctx: CoreContext, invoiceId: number, asOf?: IsoDate): InvoicePenalties {
  const detail = ctx.repos.ledger.detail(invoiceId);
  const date = asOf ?? ctx.clock.today();
  const events = legalEvents(ctx, invoiceId);
  const latest = (kind: LegalEvent['kind']) => events.filter((e) => e.kind === kind).at(-1)?.date ?? null;
  const reductions = [
    ...detail.allocations.map((a) => ({ date: a.date, amountCents: a.amountCents })),
    ...detail.creditNotes.map((c) => ({ date: c.issueDate, amountCents: c.amountCents })),
  ];
  const statement = computePenalties({
    kind: detail.client.kind,
    principalCents: detail.invoice.amountTtcCents,
    dueDate: detail.invoice.dueDate,
    asOf: date,
    payments: reductions,
    contractualRateBp: detail.invoice.contractualRateBp,
    formalNoticeDate: latest('formal_notice'),
    enforceableDate: latest('enforceable'),
    rates: rateTable(ctx),
  });
  // Partial payments, acknowledgments and court actions restart prescription; a formal notice does not.
  const interruptions = [
    ...detail.allocations.filter((a) => a.amountCents < (detail.invoice.amountTtcCents as number)).map((a) => a.date),
    ...events.filter((e) => e.kind === 'acknowledgment' || e.kind === 'court_action' || e.kind === 'judgment').map((e) => e.date),
  ].filter((d) => d <= ctx.clock.today());
  const prescription = computePrescription({
    kind: detail.client.kind,
    startDate: detail.invoice.deliveryDate ?? detail.invoice.issueDate,
    interruptions,
    today: ctx.clock.today(),
  });
  return { asOf: date, statement, prescription, events };
}

