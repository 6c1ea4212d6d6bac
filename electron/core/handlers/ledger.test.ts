// The ledger through the dispatcher on a real SQLite file: invoices, payments and their
// allocation, credit notes, disputes, promises, write-offs, derived statuses and balances.
import fc from 'fast-check';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { deriveStatus } from '../../../shared/domain/invoice.js';
import type { InvoiceInput } from '../../../shared/schemas-ledger.js';
import { aClient } from '../../../test/helpers/builders.js';
import { freshCore, type TestCore } from '../../../test/helpers/core.js';

// The fixed clock of freshCore: today is 2026-11-23.
let core: TestCore;
let clientId: number;
beforeEach(async () => {
  core = freshCore();
  clientId = (await core.call('clients.create', aClient())).id;
});
afterEach(() => core.close());

function anInvoice(overrides: Partial<InvoiceInput> = {}): InvoiceInput {
  return { clientId, number: 'F-2026-001', issueDate: '2026-09-01', dueDate: '2026-10-01', amountTtcCents: 120_000, ...overrides };
}

describe('invoices', () => {
  it('creates an invoice, overdue when its due date has passed', async () => {
    const detail = await core.call('invoices.create', anInvoice({ amountHtCents: 100_000, amountTvaCents: 20_000, reference: 'BC-42' }));
    expect(detail).toMatchObject({ status: 'overdue', balanceCents: 120_000, paidCents: 0, daysOverdue: 53 });
    expect(detail.invoice).toMatchObject({ number: 'F-2026-001', reference: 'BC-42', amountHtCents: 100_000 });
    expect(detail.timeline.map((e) => e.kind)).toEqual(['issued', 'due']);
  });

  it('is not due before its due date', async () => {
    const detail = await core.call('invoices.create', anInvoice({ issueDate: '2026-11-01', dueDate: '2026-12-01' }));
    expect(detail.status).toBe('not_due');
    expect(detail.daysOverdue).toBe(0);
  });

  it('refuses a duplicate number, an inconsistent HT/TVA/TTC and a due date before the issue date, writing nothing', async () => {
    await core.call('invoices.create', anInvoice());
    expect((await core.fail('invoices.create', anInvoice())).fields).toEqual({ number: 'Numéro déjà utilisé par une autre facture.' });
    const bad = await core.fail('invoices.create', anInvoice({ number: 'F-2', amountHtCents: 100_000, amountTvaCents: 10_000, dueDate: '2026-08-01' }));
    expect(Object.keys(bad.fields ?? {}).sort()).toEqual(['amountTtcCents', 'dueDate']);
    expect((await core.call('invoices.list', {})).total).toBe(1);
  });

  it('refuses to invoice an archived client', async () => {
    await core.call('clients.archive', { id: clientId });
    expect((await core.fail('invoices.create', anInvoice())).code).toBe('PRECONDITION');
  });

  it('keeps the PDF of the invoice and gives it back', async () => {
    const { invoice } = await core.call('invoices.create', anInvoice());
    const pdf = Buffer.from('%PDF-1.4\n% test\n').toString('base64');
    const detail = await core.call('invoices.attachPdf', { id: invoice.id, fileName: 'F-2026-001.pdf', base64: pdf });
    expect(detail.invoice.pdf).toMatchObject({ fileName: 'F-2026-001.pdf', sizeBytes: 16 });
    expect((await core.call('invoices.pdf', { id: invoice.id })).base64).toBe(pdf);
    expect((await core.fail('invoices.attachPdf', { id: invoice.id, fileName: 'x.pdf', base64: Buffer.from('not a pdf').toString('base64') })).code).toBe('VALIDATION');
  });
});

describe('payments and allocation', () => {
  it('allocates oldest due first, and an overpayment stays a credit on the client', async () => {
    const a = (await core.call('invoices.create', anInvoice({ number: 'A', dueDate: '2026-10-15' }))).invoice.id;
    const b = (await core.call('invoices.create', anInvoice({ number: 'B', dueDate: '2026-10-01' }))).invoice.id;
    const payment = await core.call('payments.record', { clientId, date: '2026-11-20', amountCents: 150_000, method: 'transfer' });
    expect(payment.allocations.map((x) => [x.invoiceNumber, x.amountCents])).toEqual([
      ['B', 120_000],
      ['A', 30_000],
    ]);
    expect((await core.call('invoices.get', { id: b })).status).toBe('paid');
    expect((await core.call('invoices.get', { id: a })).status).toBe('partially_paid');
    const over = await core.call('payments.record', { clientId, date: '2026-11-21', amountCents: 100_000, method: 'cheque' });
    expect(over.unallocatedCents).toBe(10_000);
    const summary = await core.call('clients.summary', { id: clientId });
    expect(summary).toMatchObject({ invoicedCents: 240_000, paidCents: 240_000, unallocatedCents: 10_000, openBalanceCents: 0, invoiceCount: 2, openInvoiceCount: 0 });
  });

  it('takes a hand-made allocation and refuses one that exceeds a balance or the payment', async () => {
    const a = (await core.call('invoices.create', anInvoice({ number: 'A' }))).invoice.id;
    const ok = await core.call('payments.record', { clientId, date: '2026-11-20', amountCents: 50_000, method: 'card', allocation: [{ invoiceId: a, amountCents: 20_000 }] });
    expect(ok.unallocatedCents).toBe(30_000);
    const tooMuch = await core.fail('payments.record', { clientId, date: '2026-11-20', amountCents: 500_000, method: 'card', allocation: [{ invoiceId: a, amountCents: 200_000 }] });
    expect(tooMuch.message).toMatch(/dépasse le solde dû/);
    const overPayment = await core.fail('payments.record', { clientId, date: '2026-11-20', amountCents: 1_000, method: 'card', allocation: [{ invoiceId: a, amountCents: 2_000 }] });
    expect(overPayment.message).toMatch(/dépassent le montant du paiement/);
    expect((await core.call('clients.summary', { id: clientId })).paidCents).toBe(20_000);
  });
});

describe('credit notes, disputes, promises, write-offs', () => {
  it('a credit note reduces the balance, never below zero', async () => {
    const id = (await core.call('invoices.create', anInvoice())).invoice.id;
    const detail = await core.call('creditNotes.create', { invoiceId: id, number: 'AV-1', issueDate: '2026-10-05', amountCents: 20_000, reason: 'Remise' });
    expect(detail).toMatchObject({ creditedCents: 20_000, balanceCents: 100_000, status: 'overdue' });
    expect((await core.fail('creditNotes.create', { invoiceId: id, number: 'AV-2', issueDate: '2026-10-05', amountCents: 100_001 })).code).toBe('PRECONDITION');
  });

  it('an open dispute makes the invoice "en litige" until closed', async () => {
    const id = (await core.call('invoices.create', anInvoice())).invoice.id;
    const opened = await core.call('disputes.open', { invoiceId: id, reason: 'Marchandise abîmée', openedDate: '2026-10-10' });
    expect(opened.status).toBe('disputed');
    const closed = await core.call('disputes.close', { id: opened.disputes[0]!.id, closedDate: '2026-11-02', outcome: 'Réclamation rejetée' });
    expect(closed.status).toBe('overdue');
    expect(closed.timeline.map((e) => e.kind)).toEqual(['issued', 'due', 'dispute_opened', 'dispute_closed']);
  });

  it('detects promises kept, pending and broken', async () => {
    const id = (await core.call('invoices.create', anInvoice())).invoice.id;
    const pending = await core.call('promises.create', { invoiceId: id, madeDate: '2026-11-20', promisedDate: '2026-11-30', amountCents: 50_000 });
    expect(pending.status).toBe('promised');
    expect(pending.promises[0]?.state).toBe('pending');
    await core.call('payments.record', { clientId, date: '2026-11-22', amountCents: 50_000, method: 'transfer' });
    const kept = await core.call('invoices.get', { id });
    expect(kept.promises[0]?.state).toBe('kept');
    expect(kept.status).toBe('partially_paid');
    const broken = await core.call('promises.create', { invoiceId: id, madeDate: '2026-10-01', promisedDate: '2026-10-20', amountCents: 10_000 });
    expect(broken.promises.map((p) => p.state)).toEqual(['broken', 'kept']);
  });

  it('writes off the balance once, with a reason', async () => {
    const id = (await core.call('invoices.create', anInvoice())).invoice.id;
    const detail = await core.call('invoices.writeOff', { invoiceId: id, date: '2026-11-23', reason: 'Liquidation judiciaire' });
    expect(detail.status).toBe('written_off');
    expect(detail.writeOff).toMatchObject({ amountCents: 120_000, reason: 'Liquidation judiciaire' });
    expect((await core.fail('invoices.writeOff', { invoiceId: id, date: '2026-11-23', reason: 'encore' })).code).toBe('PRECONDITION');
    const journal = await core.call('audit.list', { entity: 'invoice', entityId: id });
    expect(journal.map((e) => e.summary)).toContain('Facture F-2026-001 passée en perte (1\u202f200,00\u00a0€) : Liquidation judiciaire');
  });
});

describe('invoice list', () => {
  beforeEach(async () => {
    await core.call('invoices.create', anInvoice({ number: 'F-1', dueDate: '2026-10-01', amountTtcCents: 10_000 }));
    await core.call('invoices.create', anInvoice({ number: 'F-2', dueDate: '2026-11-01', amountTtcCents: 20_000 }));
    await core.call('invoices.create', anInvoice({ number: 'F-3', issueDate: '2026-11-10', dueDate: '2026-12-10', amountTtcCents: 30_000 }));
  });

  it('filters by status and days overdue, sorts, pages and totals the open balance', async () => {
    const overdue = await core.call('invoices.list', { statuses: ['overdue'] });
    expect(overdue.rows.map((r) => r.number)).toEqual(['F-1', 'F-2']);
    expect(overdue.balanceCents).toBe(30_000);
    expect((await core.call('invoices.list', { minDaysOverdue: 30 })).rows.map((r) => [r.number, r.daysOverdue])).toEqual([['F-1', 53]]);
    expect((await core.call('invoices.list', { sort: 'amount', direction: 'desc', limit: 2 })).rows.map((r) => r.number)).toEqual(['F-3', 'F-2']);
    expect((await core.call('invoices.list', { search: 'dupont f-3' })).rows.map((r) => r.number)).toEqual(['F-3']);
    expect((await core.call('invoices.list', { offset: 2 })).rows.map((r) => r.number)).toEqual(['F-3']);
    expect((await core.call('invoices.list', { minAmountCents: 15_000, maxAmountCents: 25_000 })).rows.map((r) => r.number)).toEqual(['F-2']);
    expect((await core.call('invoices.list', { issuedFrom: '2026-11-01' })).rows.map((r) => r.number)).toEqual(['F-3']);
    expect((await core.call('invoices.list', { dueTo: '2026-10-31' })).rows.map((r) => r.number)).toEqual(['F-1']);
  });

  it('searches any part of the number (its own index) or of the client’s name, every word, LIKE characters taken literally', async () => {
    const other = (await core.call('clients.create', aClient({ name: 'Garage Müller', siren: null }))).id;
    for (const [number, client] of [['AV_2026%1', other], ['av-2026-10', clientId], ['X-F-1', other], ['F-10', other]] as const) {
      await core.call('invoices.create', anInvoice({ number, clientId: client }));
    }
    const found = async (search: string) => (await core.call('invoices.list', { search, sort: 'number' })).rows.map((r) => r.number).sort();
    expect(await found('f-1')).toEqual(['F-1', 'F-10', 'X-F-1']);
    expect(await found('_2026%')).toEqual(['AV_2026%1']);
    expect(await found('av')).toEqual(['AV_2026%1', 'av-2026-10']);
    // A client's name (accents folded) and a number, together.
    expect(await found('muller 10')).toEqual(['F-10']);
    expect(await found('MÜLLER')).toEqual(['AV_2026%1', 'F-10', 'X-F-1']);
    expect(await found('dupont f-1')).toEqual(['F-1']);
    expect(await found('zzz')).toEqual([]);
  });
});

describe('properties', () => {
  // A random history of invoices, payments and credit notes for two clients.
  const history = fc.record({
    invoices: fc.array(fc.record({ client: fc.integer({ min: 0, max: 1 }), amount: fc.integer({ min: 1, max: 500_000 }), dueOffset: fc.integer({ min: -200, max: 60 }) }), { minLength: 1, maxLength: 8 }),
    payments: fc.array(fc.record({ client: fc.integer({ min: 0, max: 1 }), amount: fc.integer({ min: 1, max: 700_000 }) }), { maxLength: 6 }),
    credits: fc.array(fc.record({ invoice: fc.nat(), share: fc.integer({ min: 1, max: 100 }) }), { maxLength: 3 }),
  });

  it('allocations never exceed amounts, and invoiced − credited − paid = open balance, per client and in total', async () => {
    await fc.assert(
      fc.asyncProperty(history, async (h) => {
        const local = freshCore();
        try {
          const clients = [(await local.call('clients.create', aClient())).id, (await local.call('clients.create', aClient({ name: 'Autre', siren: null }))).id];
          const ids: number[] = [];
          for (const [n, inv] of h.invoices.entries()) {
            const due = new Date(Date.UTC(2026, 10, 23 + inv.dueOffset)).toISOString().slice(0, 10);
            const d = await local.call('invoices.create', { clientId: clients[inv.client]!, number: `P-${n}`, issueDate: '2026-01-01' < due ? '2026-01-01' : due, dueDate: due, amountTtcCents: inv.amount });
            ids.push(d.invoice.id);
          }
          for (const [n, c] of h.credits.entries()) {
            const id = ids[c.invoice % ids.length]!;
            const { balanceCents } = await local.call('invoices.get', { id });
            const amount = Math.floor((balanceCents * c.share) / 100);
            if (amount > 0) await local.call('creditNotes.create', { invoiceId: id, number: `AV-${n}`, issueDate: '2026-11-01', amountCents: amount });
          }
          for (const p of h.payments) await local.call('payments.record', { clientId: clients[p.client]!, date: '2026-11-20', amountCents: p.amount, method: 'transfer' });

          const over = local.ctx.db
            .prepare('SELECT count(*) AS n FROM invoices i WHERE (SELECT COALESCE(SUM(amount_cents), 0) FROM payment_allocations WHERE invoice_id = i.id) + (SELECT COALESCE(SUM(amount_ttc_cents), 0) FROM credit_notes WHERE invoice_id = i.id) > i.amount_ttc_cents')
            .get() as { n: number };
          expect(over.n).toBe(0);
          // The running totals kept by triggers (migration 003) equal the facts recomputed.
          const drift = local.ctx.db
            .prepare(
              `SELECT count(*) AS n FROM invoices i WHERE
                 i.paid_cents <> (SELECT COALESCE(SUM(amount_cents), 0) FROM payment_allocations WHERE invoice_id = i.id)
                 OR i.credited_cents <> (SELECT COALESCE(SUM(amount_ttc_cents), 0) FROM credit_notes WHERE invoice_id = i.id)
                 OR i.open_disputes <> (SELECT count(*) FROM disputes WHERE invoice_id = i.id AND closed_date IS NULL)
                 OR i.written_off <> EXISTS (SELECT 1 FROM write_offs WHERE invoice_id = i.id)`,
            )
            .get() as { n: number };
          expect(drift.n).toBe(0);
          let totalOpen = 0;
          for (const id of clients) {
            const s = await local.call('clients.summary', { id });
            expect(s.invoicedCents - s.creditedCents - s.paidCents).toBe(s.openBalanceCents);
            totalOpen += s.openBalanceCents;
            const paidIn = h.payments.filter((p) => clients[p.client] === id).reduce((sum, p) => sum + p.amount, 0);
            expect(s.paidCents + s.unallocatedCents).toBe(paidIn);
          }
          expect((await local.call('invoices.list', { limit: 1000 })).balanceCents).toBe(totalOpen);
        } finally {
          local.close();
        }
      }),
      { numRuns: 25 },
    );
  }, 60_000);

  it('the status computed in SQL equals deriveStatus over the same facts', async () => {
    await fc.assert(
      fc.asyncProperty(
        fc.record({
          amount: fc.integer({ min: 1, max: 100_000 }),
          paidShare: fc.integer({ min: 0, max: 100 }),
          creditShare: fc.integer({ min: 0, max: 100 }),
          dueOffset: fc.integer({ min: -30, max: 30 }),
          dispute: fc.boolean(),
          promise: fc.boolean(),
          writeOff: fc.boolean(),
          inCase: fc.boolean(),
        }),
        async (f) => {
          const local = freshCore();
          try {
            const cid = (await local.call('clients.create', aClient())).id;
            const due = new Date(Date.UTC(2026, 10, 23 + f.dueOffset)).toISOString().slice(0, 10);
            const id = (await local.call('invoices.create', { clientId: cid, number: 'S', issueDate: '2026-09-01', dueDate: due, amountTtcCents: f.amount })).invoice.id;
            const credit = Math.floor((f.amount * f.creditShare) / 100);
            if (credit > 0) await local.call('creditNotes.create', { invoiceId: id, number: 'AV', issueDate: '2026-10-01', amountCents: credit });
            const paid = Math.floor(((f.amount - credit) * f.paidShare) / 100);
            if (paid > 0) await local.call('payments.record', { clientId: cid, date: '2026-11-01', amountCents: paid, method: 'transfer' });
            const inCase = f.inCase && f.amount - credit - paid > 0;
            if (inCase) await local.call('cases.open', { clientId: cid, invoiceIds: [id], procedure: 'payment_order', court: { kind: 'commerce', name: 'Paris' } });
            if (f.dispute) await local.call('disputes.open', { invoiceId: id, reason: 'x', openedDate: '2026-10-02' });
            if (f.promise) await local.call('promises.create', { invoiceId: id, madeDate: '2026-11-22', promisedDate: '2026-12-31', amountCents: 1 + f.amount });
            const balance = f.amount - credit - paid;
            if (f.writeOff && balance > 0) await local.call('invoices.writeOff', { invoiceId: id, date: '2026-11-23', reason: 'x' });
            const detail = await local.call('invoices.get', { id });
            const expected = deriveStatus(
              { amountCents: f.amount, creditedCents: credit, paidCents: paid, dueDate: due as never, writtenOff: f.writeOff && balance > 0, openDispute: f.dispute, pendingPromise: f.promise, inCase },
              '2026-11-23' as never,
            );
            expect(detail.status).toBe(expected);
            expect((await local.call('invoices.list', {})).rows[0]?.status).toBe(expected);
          } finally {
            local.close();
          }
        },
      ),
      { numRuns: 40 },
    );
  }, 60_000);
});
