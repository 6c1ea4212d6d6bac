// What the user could claim today on every overdue invoice: late-payment penalties and the 40 €
// indemnity (professionals), legal interest after a formal notice (consumers), by the same engine
// as each invoice's statement. Rows are streamed, never all held in memory at once.
import type { IsoDate } from '../../../shared/domain/dates.js';
import type { Cents } from '../../../shared/domain/money.js';
import { computePenalties } from '../../../shared/domain/penalties.js';
import type { SemesterRates } from '../../../shared/legal/rates.js';
import type { Db } from '../db/connection.js';

export interface Claimable {
  interestCents: Cents;
  indemnityCents: Cents;
  invoices: number;
}

export function claimablePenalties(db: Db, asOf: IsoDate, rates: readonly SemesterRates[]): Claimable {
  // Overdue invoices still owed today, with every reduction (payment or credit note) in date order.
  const rows = db
    .prepare(
      `WITH overdue AS MATERIALIZED (
         SELECT i.id, c.kind, i.due_date, i.amount_ttc_cents, i.contractual_rate_bp,
           (SELECT MAX(event_date) FROM legal_events e WHERE e.invoice_id = i.id AND e.kind = 'formal_notice') AS notice,
           (SELECT MAX(event_date) FROM legal_events e WHERE e.invoice_id = i.id AND e.kind = 'enforceable') AS enforceable
         FROM invoices i INDEXED BY invoices_open JOIN clients c ON c.id = i.client_id
         WHERE i.amount_ttc_cents > i.paid_cents + i.credited_cents AND i.due_date < @asOf AND i.written_off = 0 AND i.open_disputes = 0
       )
       SELECT o.*, a.payment_date AS r_date, a.amount_cents AS r_amount
       FROM overdue o LEFT JOIN payment_allocations a ON a.invoice_id = o.id
       UNION ALL
       SELECT o.*, n.issue_date, n.amount_ttc_cents FROM overdue o JOIN credit_notes n ON n.invoice_id = o.id
       ORDER BY 1`,
    )
    .iterate({ asOf }) as Iterable<{
    id: number;
    kind: 'business' | 'consumer';
    due_date: IsoDate;
    amount_ttc_cents: number;
    contractual_rate_bp: number | null;
    notice: IsoDate | null;
    enforceable: IsoDate | null;
    r_date: IsoDate | null;
    r_amount: number | null;
  }>;
  let interest = 0;
  let indemnity = 0;
  let count = 0;
  let current: { row: (typeof rows extends Iterable<infer R> ? R : never); payments: { date: IsoDate; amountCents: Cents }[] } | null = null;
  const flush = () => {
    if (!current) return;
    const { row, payments } = current;
    const statement = computePenalties({
      kind: row.kind,
      principalCents: row.amount_ttc_cents as Cents,
      dueDate: row.due_date,
      asOf,
      payments,
      contractualRateBp: row.contractual_rate_bp,
      formalNoticeDate: row.notice,
      enforceableDate: row.enforceable,
      rates,
    });
    interest += statement.interestCents;
    indemnity += statement.indemnityCents;
    count += 1;
  };
  for (const row of rows) {
    if (!current || current.row.id !== row.id) {
      flush();
      current = { row, payments: [] };
    }
    if (row.r_date !== null && row.r_amount !== null) current.payments.push({ date: row.r_date, amountCents: row.r_amount as Cents });
  }
  flush();
  return { interestCents: interest as Cents, indemnityCents: indemnity as Cents, invoices: count };
}
