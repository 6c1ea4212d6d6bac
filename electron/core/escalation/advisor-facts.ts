// The facts the procedure advisor (shared/legal/advisor.ts) needs, gathered from the books:
// - the client's open invoices (not written off), disputed ones included so the advice can say
//   why they are left out; per invoice, penalties or interest and the 40 € indemnity to `asOf`
//   and the prescription date, from electron/core/legal.ts invoicePenalties (the same penalty
//   engine inputs as letters.ts letterModelFor: payments, credit notes, contractual rate,
//   formal notice and enforceable dates, the merged rate table);
// - the formal notice: the client's formal notices in the register of registered letters
//   (electron/core/register.ts listRegister — the one received last, else the one posted last,
//   else the one generated last); without a received one in the register, a formal notice
//   recorded by hand as a legal event on an open invoice counts as received that day, with the
//   deadline of Paramètres from it;
// - the collective procedure in force (collective_procedures);
// - the payment plan holding the client (payment-plans.ts activePlanHolds: in force while not
//   broken nor completed), and the invoices it covers;
// - the client: kind, legal form (merchant rule), country, city and postcode.
import { addDays, type IsoDate } from '../../../shared/domain/dates.js';
import { cents } from '../../../shared/domain/money.js';
import { adviseProcedure, claimOf, merchantRule, type Advice, type AdvisorFacts, type AdvisorInvoice, type FormalNoticeState } from '../../../shared/legal/advisor.js';
import type { CoreContext } from '../context.js';
import { invoicePenalties } from '../legal.js';
import { activePlanHolds } from '../payment-plans.js';
import { listRegister } from '../register.js';
import { collectiveProcedureInForce } from './collective.js';

interface OpenInvoiceRow {
  id: number;
  number: string;
  issue_date: IsoDate;
  delivery_date: IsoDate | null;
  due_date: IsoDate;
  remaining: number;
  open_disputes: number;
  financing: 'factored' | 'insured' | null;
}

/** The client's formal-notice state on `asOf`, from the register (and legal events recorded by hand). */
export function formalNoticeState(ctx: CoreContext, clientId: number, invoiceIds: readonly number[], asOf: IsoDate): FormalNoticeState {
  const formalNoticeDocs = new Set(
    (ctx.db.prepare("SELECT id FROM documents WHERE client_id = ? AND kind = 'formal_notice'").all(clientId) as { id: number }[]).map((r) => r.id),
  );
  const entries = listRegister(ctx).filter((r) => r.clientId === clientId && formalNoticeDocs.has(r.documentId));
  const latest = <T>(items: T[], key: (t: T) => string | null) => items.filter((i) => key(i) !== null && key(i)! <= asOf).sort((a, b) => key(b)!.localeCompare(key(a)!) || 0)[0];
  const received = latest(entries, (r) => r.receivedDate);
  if (received) return { sent: received.sentDate, received: received.receivedDate, deadline: received.deadline };
  // A formal notice recorded by hand (legal event) on one of the open invoices: received that day.
  const days = ctx.repos.settings.get().letterDeadlineDays;
  const byHand = invoiceIds.length
    ? (ctx.db
        .prepare(`SELECT MAX(event_date) AS d FROM legal_events WHERE kind = 'formal_notice' AND event_date <= ? AND invoice_id IN (${invoiceIds.map(() => '?').join(', ')})`)
        .get(asOf, ...invoiceIds) as { d: IsoDate | null }).d
    : null;
  if (byHand) return { sent: byHand, received: byHand, deadline: addDays(byHand, days) };
  const posted = latest(entries, (r) => r.sentDate);
  if (posted) return { sent: posted.sentDate, received: null, deadline: null };
  const generated = ctx.db
    .prepare(
      `SELECT MAX(substr(d.created_at, 1, 10)) AS d FROM registered_letters r JOIN documents d ON d.id = r.document_id
       WHERE r.client_id = ? AND d.kind = 'formal_notice' AND r.sent_date IS NULL AND substr(d.created_at, 1, 10) <= ?`,
    )
    .get(clientId, asOf) as { d: IsoDate | null };
  return { generated: generated.d, sent: null, received: null, deadline: null };
}

/** Everything the advisor weighs for one client on `asOf`. */
export function advisorFacts(ctx: CoreContext, clientId: number, asOf: IsoDate): AdvisorFacts {
  const client = ctx.repos.clients.get(clientId);
  const rows = ctx.db
    .prepare(
      `SELECT id, number, issue_date, delivery_date, due_date, amount_ttc_cents - paid_cents - credited_cents AS remaining, open_disputes, financing
       FROM invoices WHERE client_id = ? AND written_off = 0 AND amount_ttc_cents > paid_cents + credited_cents
       ORDER BY due_date, number`,
    )
    .all(clientId) as OpenInvoiceRow[];
  const hold = activePlanHolds(ctx, asOf).get(clientId);
  const planInForce = hold !== undefined && hold.holds;
  const planned = new Set(planInForce ? hold.invoiceIds : []);
  const invoices: AdvisorInvoice[] = rows.map((r) => {
    const { statement, prescription } = invoicePenalties(ctx, r.id, asOf);
    return {
      number: r.number,
      issueDate: r.issue_date,
      dueDate: r.due_date,
      deliveryDate: r.delivery_date,
      remainingCents: cents(r.remaining),
      interestCents: statement.interestCents,
      indemnityCents: statement.indemnityCents,
      disputed: r.open_disputes > 0,
      prescriptionDate: prescription.expiresOn,
      inPaymentPlan: planned.has(r.id),
      factored: r.financing === 'factored',
    };
  });
  const procedure = collectiveProcedureInForce(ctx, clientId, asOf);
  return {
    asOf,
    claim: claimOf(invoices.filter((i) => !i.disputed)),
    invoices,
    debtor: {
      name: client.name,
      kind: client.kind,
      legalForm: client.legalForm,
      isMerchant: merchantRule(client.kind, client.legalForm).isMerchant,
      country: client.country || 'FR',
      city: client.city,
      postcode: client.postcode,
    },
    formalNotice: formalNoticeState(ctx, clientId, rows.map((r) => r.id), asOf),
    collectiveProcedure: procedure
      ? {
          kind: procedure.kind,
          judgmentDate: procedure.judgmentDate,
          bodaccDate: procedure.bodaccDate,
          creditorAbroad: procedure.creditorAbroad,
          court: procedure.court,
          mandataireName: procedure.mandataireName,
        }
      : null,
    paymentPlanInForce: planInForce,
  };
}

/** The advice for one client on `asOf`: facts from the books, then the pure advisor. */
export function adviseClient(ctx: CoreContext, clientId: number, asOf: IsoDate): Advice {
  return adviseProcedure(advisorFacts(ctx, clientId, asOf));
}
