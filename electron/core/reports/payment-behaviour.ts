// Payment behaviour of every client (or one) at a date: the facts behind the score, aggregated in
// ONE SQL statement over the ledger, then scored by the pure rules of shared/domain/score.ts.
// Only one aggregated row per client reaches JavaScript, so the reminder scenarios can pick each
// client's scenario from its grade for the whole book at once.
//
// The facts, as of @asOf (window: the SCORE_RULES.windowMonths months before it, @windowStart
// excluded, @asOf included):
// - Settled invoices: nothing left to pay (paid_cents + credited_cents >= amount_ttc_cents),
//   something paid (an invoice cancelled by credit notes alone says nothing of how the client
//   pays), settled in the window. Settlement date = last_reduction_date (the last payment or
//   credit note, kept by triggers); days late = max(0, settlement − due date); late when > 0.
// - Open and overdue balances: each invoice's balance rebuilt at @asOf from the payments and
//   credit notes dated up to it (as the aging report does, repositories/aging.ts), invoices
//   written off by then left out; overdue = those with due_date < @asOf.
// - Disputes opened in the window.
// - Promises to pay whose deadline (promised date + the promiseGraceDays setting) falls in the
//   window: kept when the payments allocated to that invoice between the day the promise was made
//   and the deadline (and up to @asOf) reach the promised amount; broken when the deadline has
//   passed (deadline < @asOf) without that; otherwise still pending and not counted. (The
//   invoice page's own kept/broken label reads payments up to the promised date without grace.)
import type { PaymentTerms } from '../../../shared/domain/client.js';
import { addDays, addMonths, type IsoDate } from '../../../shared/domain/dates.js';
import type { Cents } from '../../../shared/domain/money.js';
import {
  SCORE_RULES,
  creditLimitAlert,
  creditLimitAlertLabel,
  scoreClient,
  suggestTerms,
  type PaymentBehaviourFacts,
} from '../../../shared/domain/score.js';
import { bookSettingsSchema } from '../../../shared/settings.js';
import type { CoreContext } from '../context.js';
import type { Db } from '../db/connection.js';
import { notFound } from '../errors.js';
import { OPEN_CANDIDATES_SQL } from '../repositories/aging.js';

export type { ClientBehaviour, ClientBehaviourView } from '../../../shared/domain/score.js';
import type { ClientBehaviour, ClientBehaviourView } from '../../../shared/domain/score.js';

export interface PaymentBehaviourOptions {
  /** Days after a promised date before a promise counts as broken; default: the book's setting. */
  promiseGraceDays?: number;
}

interface Row {
  id: number;
  credit_limit_cents: number | null;
  terms_mode: 'net' | 'eom45';
  terms_days: number | null;
  settled: number | null;
  settled_late: number | null;
  days_late: number | null;
  open_cents: number | null;
  overdue_cents: number | null;
  disputes: number | null;
  kept: number | null;
  broken: number | null;
}

/** The aggregation; `only` restricts every part to one client (@clientId). */
function behaviourSql(only: boolean): string {
  const on = (alias: string) => (only ? `${alias}.client_id = @clientId` : '1 = 1');
  return `
  WITH open_inv AS MATERIALIZED (
    SELECT i.client_id, i.due_date,
      i.amount_ttc_cents
        - COALESCE((SELECT SUM(a.amount_cents) FROM payment_allocations a WHERE a.invoice_id = i.id AND a.payment_date <= @asOf), 0)
        - COALESCE((SELECT SUM(c.amount_ttc_cents) FROM credit_notes c WHERE c.invoice_id = i.id AND c.issue_date <= @asOf), 0) AS balance_cents
    FROM invoices i
    WHERE ${only ? `i.client_id = @clientId AND (i.amount_ttc_cents > i.paid_cents + i.credited_cents OR i.last_reduction_date > @asOf)` : OPEN_CANDIDATES_SQL}
      AND i.issue_date <= @asOf
      AND NOT EXISTS (SELECT 1 FROM write_offs w WHERE w.invoice_id = i.id AND w.write_off_date <= @asOf)
  ),
  open_agg AS (
    SELECT client_id, SUM(balance_cents) AS open_cents,
      SUM(CASE WHEN due_date < @asOf THEN balance_cents ELSE 0 END) AS overdue_cents
    FROM open_inv WHERE balance_cents > 0 GROUP BY client_id
  ),
  settled AS (
    SELECT s.client_id, count(*) AS n, SUM(s.last_reduction_date > s.due_date) AS late,
      SUM(MAX(0, CAST(julianday(s.last_reduction_date) - julianday(s.due_date) AS INTEGER))) AS days
    FROM invoices s
    WHERE ${on('s')} AND s.last_reduction_date > @windowStart AND s.last_reduction_date <= @asOf
      AND s.paid_cents > 0 AND s.paid_cents + s.credited_cents >= s.amount_ttc_cents
    GROUP BY s.client_id
  ),
  dispute_agg AS (
    SELECT i.client_id, count(*) AS n
    FROM disputes d JOIN invoices i ON i.id = d.invoice_id
    WHERE ${on('i')} AND d.opened_date > @windowStart AND d.opened_date <= @asOf
    GROUP BY i.client_id
  ),
  promise_eval AS MATERIALIZED (
    SELECT i.client_id, p.amount_cents, date(p.promised_date, @grace) AS deadline,
      COALESCE((
        SELECT SUM(a.amount_cents) FROM payment_allocations a
        WHERE a.invoice_id = p.invoice_id AND a.payment_date >= p.made_date
          AND a.payment_date <= MIN(date(p.promised_date, @grace), @asOf)
      ), 0) AS paid_in_window
    FROM promises p JOIN invoices i ON i.id = p.invoice_id
    WHERE ${on('i')} AND p.made_date <= @asOf AND date(p.promised_date, @grace) > @windowStart
  ),
  promise_agg AS (
    SELECT client_id, SUM(paid_in_window >= amount_cents) AS kept,
      SUM(paid_in_window < amount_cents AND deadline < @asOf) AS broken
    FROM promise_eval GROUP BY client_id
  )
  SELECT c.id, c.credit_limit_cents, c.terms_mode, c.terms_days,
    s.n AS settled, s.late AS settled_late, s.days AS days_late,
    o.open_cents, o.overdue_cents, d.n AS disputes, pa.kept, pa.broken
  FROM clients c
    LEFT JOIN settled s ON s.client_id = c.id
    LEFT JOIN open_agg o ON o.client_id = c.id
    LEFT JOIN dispute_agg d ON d.client_id = c.id
    LEFT JOIN promise_agg pa ON pa.client_id = c.id
  WHERE ${only ? 'c.id = @clientId' : '1 = 1'}`;
}

const statements = new WeakMap<Db, Map<string, ReturnType<Db['prepare']>>>();
function prepared(db: Db, sql: string) {
  let cache = statements.get(db);
  if (!cache) statements.set(db, (cache = new Map()));
  let s = cache.get(sql);
  if (!s) cache.set(sql, (s = db.prepare(sql)));
  return s;
}

/** The book's promiseGraceDays setting (validated as the settings repository does; 3 by default). */
function storedPromiseGraceDays(db: Db): number {
  const row = db.prepare("SELECT value_json FROM settings WHERE key = 'promiseGraceDays'").get() as { value_json: string } | undefined;
  const parsed = bookSettingsSchema.shape.promiseGraceDays.safeParse(row ? JSON.parse(row.value_json) : undefined);
  return parsed.success ? parsed.data : bookSettingsSchema.shape.promiseGraceDays.parse(undefined);
}

function termsOf(r: Row): PaymentTerms {
  return r.terms_mode === 'eom45' ? { mode: 'eom45' } : { mode: 'net', days: r.terms_days ?? 30 };
}

function behaviourOf(r: Row): ClientBehaviour {
  const settled = r.settled ?? 0;
  const facts: PaymentBehaviourFacts = {
    settledInvoices: settled,
    settledLate: r.settled_late ?? 0,
    avgDaysLate: settled > 0 ? Math.round((r.days_late ?? 0) / settled) : 0,
    openOverdueCents: (r.overdue_cents ?? 0) as Cents,
    openCents: (r.open_cents ?? 0) as Cents,
    disputes: r.disputes ?? 0,
    brokenPromises: r.broken ?? 0,
    keptPromises: r.kept ?? 0,
    creditLimitCents: r.credit_limit_cents as Cents | null,
  };
  const score = scoreClient(facts);
  return { facts, score, alert: creditLimitAlert(facts.openCents, facts.creditLimitCents), suggestion: suggestTerms(score.grade, termsOf(r)) };
}

function query(db: Db, asOf: IsoDate, clientId: number | undefined, graceDays: number): Row[] {
  const params = {
    asOf,
    windowStart: addMonths(asOf, -SCORE_RULES.windowMonths),
    grace: `+${graceDays} days`,
    ...(clientId !== undefined ? { clientId } : {}),
  };
  return prepared(db, behaviourSql(clientId !== undefined)).all(params) as Row[];
}

/**
 * Facts, score, credit-limit alert and suggested terms of every client (archived ones included),
 * or of one client, as of `asOf`, keyed by client id. One aggregate query whatever the count.
 */
export function paymentBehaviour(db: Db, asOf: IsoDate, clientId?: number, options: PaymentBehaviourOptions = {}): Map<number, ClientBehaviour> {
  const graceDays = options.promiseGraceDays ?? storedPromiseGraceDays(db);
  return new Map(query(db, asOf, clientId, graceDays).map((r) => [r.id, behaviourOf(r)]));
}

/** One client's behaviour for its page (today by default). */
export function clientBehaviour(ctx: CoreContext, clientId: number, asOf: IsoDate = ctx.clock.today()): ClientBehaviourView {
  const promiseGraceDays = ctx.repos.settings.get().promiseGraceDays;
  const row = query(ctx.db, asOf, clientId, promiseGraceDays)[0];
  if (!row) throw notFound('Client');
  const behaviour = behaviourOf(row);
  return {
    clientId,
    asOf,
    windowFrom: addDays(addMonths(asOf, -SCORE_RULES.windowMonths), 1),
    promiseGraceDays,
    currentTerms: termsOf(row),
    alertLabel: creditLimitAlertLabel(behaviour.alert),
    ...behaviour,
  };
}
