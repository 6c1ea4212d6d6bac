// The money invariants hold in the database itself: even SQL that bypasses the code cannot
// over-allocate a payment, pay another client's invoice or settle an invoice beyond its amount.
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { aClient } from '../../../test/helpers/builders.js';
import { freshCore, type TestCore } from '../../../test/helpers/core.js';

let core: TestCore;
let invoiceId: number;
let otherInvoiceId: number;
let paymentId: number;
beforeEach(async () => {
  core = freshCore();
  const a = (await core.call('clients.create', aClient())).id;
  const b = (await core.call('clients.create', aClient({ name: 'Garage Leroy', siren: '404833048' }))).id;
  invoiceId = (await core.call('invoices.create', { clientId: a, number: 'F-1', issueDate: '2026-09-01', dueDate: '2026-10-01', amountTtcCents: 10_000 })).invoice.id;
  otherInvoiceId = (await core.call('invoices.create', { clientId: b, number: 'G-1', issueDate: '2026-09-01', dueDate: '2026-10-01', amountTtcCents: 10_000 })).invoice.id;
  paymentId = Number(core.ctx.db.prepare("INSERT INTO payments (client_id, payment_date, amount_cents, method, created_at) VALUES (?, '2026-11-01', 6000, 'transfer', 'x')").run(a).lastInsertRowid);
});
afterEach(() => core.close());

const allocate = (payment: number, invoice: number, cents: number) =>
  core.ctx.db.prepare('INSERT INTO payment_allocations (payment_id, invoice_id, amount_cents) VALUES (?, ?, ?)').run(payment, invoice, cents);

describe('money invariants in the database', () => {
  it('refuses allocating a payment beyond its amount', () => {
    allocate(paymentId, invoiceId, 4_000);
    expect(() => allocate(paymentId, invoiceId, 2_001)).toThrow(/beyond its amount/);
    expect(() => core.ctx.db.prepare('UPDATE payment_allocations SET amount_cents = 6001').run()).toThrow(/beyond its amount/);
    expect(() => core.ctx.db.prepare('UPDATE payments SET amount_cents = 3999 WHERE id = ?').run(paymentId)).toThrow(/smaller than what it already pays/);
  });

  it('refuses paying another client’s invoice', () => {
    expect(() => allocate(paymentId, otherInvoiceId, 1_000)).toThrow(/its own client only/);
  });

  it('refuses settling an invoice beyond its amount, by payments or credit notes', () => {
    allocate(paymentId, invoiceId, 6_000);
    expect(() => core.ctx.db.prepare("INSERT INTO credit_notes (invoice_id, number, issue_date, amount_ttc_cents, created_at) VALUES (?, 'AV-1', '2026-11-02', 4001, 'x')").run(invoiceId)).toThrow(/beyond its amount/);
    expect(() => core.ctx.db.prepare('UPDATE invoices SET amount_ttc_cents = 5999 WHERE id = ?').run(invoiceId)).toThrow(/beyond its amount/);
    // Exactly settled is fine.
    core.ctx.db.prepare("INSERT INTO credit_notes (invoice_id, number, issue_date, amount_ttc_cents, created_at) VALUES (?, 'AV-1', '2026-11-02', 4000, 'x')").run(invoiceId);
    expect(core.ctx.db.prepare('SELECT paid_cents + credited_cents FROM invoices WHERE id = ?').pluck().get(invoiceId)).toBe(10_000);
  });
});
