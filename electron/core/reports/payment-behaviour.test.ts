// Payment behaviour on real SQLite files, through the dispatcher for every write.
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { addDays, type IsoDate } from '../../../shared/domain/dates.js';
import type { ClientInput } from '../../../shared/schemas.js';
import { aClient } from '../../../test/helpers/builders.js';
import { freshCore, type TestCore } from '../../../test/helpers/core.js';
import { AppError } from '../errors.js';
import { clientBehaviour, paymentBehaviour } from './payment-behaviour.js';

let core: TestCore; // today: 2026-11-23
beforeEach(() => {
  core = freshCore();
});
afterEach(() => core.close());

const TODAY = '2026-11-23' as IsoDate;
const plain = (s: string) => s.replace(/[\u00a0\u202f]/g, ' ');
let invoiceNo = 0;

async function newClient(overrides: Partial<ClientInput> = {}) {
  return (await core.call('clients.create', aClient(overrides))).id;
}

async function invoice(clientId: number, issueDate: string, dueDate: string, amountTtcCents: number) {
  return (await core.call('invoices.create', { clientId, number: `F-${++invoiceNo}`, issueDate, dueDate, amountTtcCents })).invoice.id;
}

async function pay(clientId: number, invoiceId: number, date: string, amountCents: number) {
  await core.call('payments.record', { clientId, date, amountCents, method: 'transfer', allocation: [{ invoiceId, amountCents }] });
}

/** One invoice per month, issued on the 1st and due on the 28th, each paid `daysLate` after its due date. */
async function history(clientId: number, months: string[], amount: number, daysLate: (n: number) => number) {
  for (const [n, month] of months.entries()) {
    const issue = `${month}-01`;
    const due = `${month}-28`;
    const id = await invoice(clientId, issue, due, amount);
    const paid = addDays(due as IsoDate, daysLate(n));
    await pay(clientId, id, paid, amount);
  }
}

const MONTHS_2026 = ['2026-01', '2026-02', '2026-03', '2026-04', '2026-05', '2026-06'];

describe('paymentBehaviour', () => {
  it('grades a punctual client A, with its reasons and a longer term suggested', async () => {
    const id = await newClient({ name: 'Ponctuel SARL' });
    await history(id, MONTHS_2026, 120_000, () => 0);
    await invoice(id, '2026-11-10', '2026-12-10', 50_000); // not due yet
    const b = paymentBehaviour(core.ctx.db, TODAY).get(id)!;
    expect(b.facts).toEqual({
      settledInvoices: 6,
      settledLate: 0,
      avgDaysLate: 0,
      openOverdueCents: 0,
      openCents: 50_000,
      disputes: 0,
      brokenPromises: 0,
      keptPromises: 0,
      creditLimitCents: null,
    });
    expect(b.score).toMatchObject({ grade: 'A', points: 100 });
    expect(b.score.reasons.map((r) => plain(r.label))).toEqual([
      'Note de départ : 100 points',
      'Retard moyen : 0 jour',
      'Factures réglées en retard : 0 sur 6 (0 %)',
      'Aucun litige sur 24 mois',
      'Aucune promesse non tenue sur 24 mois',
      'Aucun impayé échu',
    ]);
    expect(b.alert).toEqual({ level: null, usedPermille: 0 });
    expect(b.suggestion).toMatchObject({ terms: { mode: 'net', days: 45 }, depositPercent: null });
  });

  it('grades a chronically late client with a broken promise C or D and lists why', async () => {
    const id = await newClient({ name: 'Retard Chronique SAS', creditLimitCents: 1_000_000 });
    await history(id, MONTHS_2026, 100_000, (n) => 30 + 10 * n); // 30, 40 … 80 days late: avg 55
    const open = await invoice(id, '2026-08-01', '2026-08-31', 300_000);
    await core.call('promises.create', { invoiceId: open, madeDate: '2026-09-15', promisedDate: '2026-10-15', amountCents: 300_000 });
    await pay(id, open, '2026-10-30', 100_000); // too late and too little: broken
    const disputed = await invoice(id, '2026-09-01', '2026-10-01', 200_000);
    await core.call('disputes.open', { invoiceId: disputed, reason: 'Livraison incomplète', openedDate: '2026-10-05' });

    const b = paymentBehaviour(core.ctx.db, TODAY).get(id)!;
    expect(b.facts).toMatchObject({
      settledInvoices: 6,
      settledLate: 6,
      avgDaysLate: 55,
      openOverdueCents: 400_000,
      openCents: 400_000,
      disputes: 1,
      brokenPromises: 1,
      keptPromises: 0,
      creditLimitCents: 1_000_000,
    });
    expect(['C', 'D']).toContain(b.score.grade);
    expect(b.score).toMatchObject({ grade: 'D', points: 35 }); // 100 − 25 − 15 − 5 − 10 − 10
    expect(b.score.reasons.filter((r) => r.effect < 0).map((r) => [r.key, plain(r.label), r.effect])).toEqual([
      ['avg_days_late', 'Retard moyen : 55 jours', -25],
      ['share_late', 'Factures réglées en retard : 6 sur 6 (100 %)', -15],
      ['disputes', 'Litiges sur 24 mois : 1', -5],
      ['promises', 'Promesses non tenues sur 24 mois : 1 sur 1', -10],
      ['overdue', 'Échu : 4 000,00 €, soit 40 % de l’encours autorisé (10 000,00 €)', -10],
    ]);
    expect(b.suggestion).toMatchObject({ terms: { mode: 'net', days: 0 }, depositPercent: 30 });
  });

  it('fires the credit-limit alert at 70 % of the limit on the open balance', async () => {
    const id = await newClient({ name: 'Encours SA', creditLimitCents: 1_000_000 });
    await invoice(id, '2026-11-01', '2026-12-01', 690_000);
    expect(paymentBehaviour(core.ctx.db, TODAY, id).get(id)!.alert).toEqual({ level: 50, usedPermille: 690 });
    await invoice(id, '2026-11-02', '2026-12-02', 30_000);
    const view = clientBehaviour(core.ctx, id);
    expect(view.alert).toEqual({ level: 70, usedPermille: 720 });
    expect(plain(view.alertLabel!)).toBe('Encours à 72 % de l’encours autorisé (seuil de 70 % atteint)');
    await invoice(id, '2026-11-03', '2026-12-03', 200_000);
    expect(clientBehaviour(core.ctx, id).alert).toEqual({ level: 90, usedPermille: 920 });
  });

  it('counts a promise kept when paid within the grace days, broken with no grace', async () => {
    const id = await newClient({ name: 'Promesse SARL' });
    const inv = await invoice(id, '2026-08-01', '2026-08-31', 100_000);
    await core.call('promises.create', { invoiceId: inv, madeDate: '2026-09-10', promisedDate: '2026-09-20', amountCents: 100_000 });
    await pay(id, inv, '2026-09-22', 100_000); // two days after the promised date
    expect(paymentBehaviour(core.ctx.db, TODAY, id).get(id)!.facts).toMatchObject({ keptPromises: 1, brokenPromises: 0 });
    expect(paymentBehaviour(core.ctx.db, TODAY, id, { promiseGraceDays: 0 }).get(id)!.facts).toMatchObject({ keptPromises: 0, brokenPromises: 1 });
    await core.call('settings.set', { promiseGraceDays: 1 });
    expect(paymentBehaviour(core.ctx.db, TODAY, id).get(id)!.facts).toMatchObject({ keptPromises: 0, brokenPromises: 1 });
    expect(clientBehaviour(core.ctx, id)).toMatchObject({ promiseGraceDays: 1, facts: { brokenPromises: 1 } });
  });

  it('leaves a promise pending until its deadline has passed', async () => {
    const id = await newClient({ name: 'En attente SARL' });
    const inv = await invoice(id, '2026-09-01', '2026-10-01', 100_000);
    await core.call('promises.create', { invoiceId: inv, madeDate: '2026-11-10', promisedDate: '2026-11-20', amountCents: 100_000 });
    // deadline 20/11 + 3 = 23/11 = today: not passed yet
    expect(paymentBehaviour(core.ctx.db, TODAY, id).get(id)!.facts).toMatchObject({ keptPromises: 0, brokenPromises: 0 });
    expect(paymentBehaviour(core.ctx.db, '2026-11-24' as IsoDate, id).get(id)!.facts).toMatchObject({ brokenPromises: 1 });
  });

  it('gives a client without history B, and reads only the last 24 months', async () => {
    const fresh = await newClient({ name: 'Nouveau SAS' });
    const old = await newClient({ name: 'Ancien SAS' });
    const inv = await invoice(old, '2023-01-01', '2023-01-31', 100_000);
    await pay(old, inv, '2023-06-30', 100_000); // very late, but long ago
    await core.call('disputes.open', { invoiceId: inv, reason: 'Ancien litige', openedDate: '2023-02-15' });
    const all = paymentBehaviour(core.ctx.db, TODAY);
    for (const id of [fresh, old]) {
      const b = all.get(id)!;
      expect(b.facts).toMatchObject({ settledInvoices: 0, disputes: 0 });
      expect(b.score.grade).toBe('B');
      expect(b.score.reasons.map((r) => r.label)).toContain('Pas encore d’historique de paiement');
      expect(b.suggestion.terms).toEqual({ mode: 'net', days: 30 });
    }
    // As of mid-2023 the old client's history counts.
    const then = paymentBehaviour(core.ctx.db, '2023-07-01' as IsoDate, old).get(old)!;
    expect(then.facts).toMatchObject({ settledInvoices: 1, settledLate: 1, avgDaysLate: 150, disputes: 1 });
  });

  it('rebuilds balances at a past date: an invoice paid later was open and overdue then', async () => {
    const id = await newClient({ name: 'Passé SARL', creditLimitCents: 200_000 });
    const inv = await invoice(id, '2026-03-01', '2026-03-31', 150_000);
    await pay(id, inv, '2026-05-15', 150_000);
    const then = paymentBehaviour(core.ctx.db, '2026-04-30' as IsoDate, id).get(id)!;
    expect(then.facts).toMatchObject({ settledInvoices: 0, openCents: 150_000, openOverdueCents: 150_000 });
    expect(then.alert).toEqual({ level: 70, usedPermille: 750 });
    const now = paymentBehaviour(core.ctx.db, TODAY, id).get(id)!;
    expect(now.facts).toMatchObject({ settledInvoices: 1, settledLate: 1, avgDaysLate: 45, openCents: 0, openOverdueCents: 0 });
  });

  it('leaves written-off invoices out of the open and overdue balances', async () => {
    const id = await newClient({ name: 'Perte SARL' });
    const inv = await invoice(id, '2026-01-01', '2026-01-31', 80_000);
    await core.call('invoices.writeOff', { invoiceId: inv, date: '2026-10-01', reason: 'Liquidation' });
    expect(paymentBehaviour(core.ctx.db, TODAY, id).get(id)!.facts).toMatchObject({ openCents: 0, openOverdueCents: 0 });
    expect(paymentBehaviour(core.ctx.db, '2026-09-30' as IsoDate, id).get(id)!.facts).toMatchObject({ openCents: 80_000, openOverdueCents: 80_000 });
  });

  it('agrees client by client with the one-client query', async () => {
    const a = await newClient({ name: 'Alpha SARL' });
    const b = await newClient({ name: 'Bravo SAS', creditLimitCents: 500_000, paymentTerms: { mode: 'eom45' } });
    const c = await newClient({ name: 'Charlie SA' });
    await history(a, MONTHS_2026.slice(0, 3), 50_000, (n) => n * 12);
    await history(b, MONTHS_2026, 80_000, (n) => (n % 2 ? 20 : 0));
    const open = await invoice(b, '2026-09-01', '2026-09-30', 400_000);
    await core.call('promises.create', { invoiceId: open, madeDate: '2026-10-05', promisedDate: '2026-10-20', amountCents: 100_000 });
    await pay(b, open, '2026-10-18', 100_000);
    await core.call('disputes.open', { invoiceId: open, reason: 'Prix contesté', openedDate: '2026-10-25' });
    await invoice(c, '2026-10-01', '2026-10-31', 10_000);

    const all = paymentBehaviour(core.ctx.db, TODAY);
    expect([...all.keys()].sort()).toEqual([a, b, c].sort());
    for (const id of [a, b, c]) {
      const one = paymentBehaviour(core.ctx.db, TODAY, id);
      expect(one.size).toBe(1);
      expect(one.get(id)).toEqual(all.get(id));
      expect(clientBehaviour(core.ctx, id, TODAY)).toMatchObject(all.get(id)!);
    }
    expect(all.get(b)!.facts).toMatchObject({ settledInvoices: 6, settledLate: 3, avgDaysLate: 10, keptPromises: 1, disputes: 1, openCents: 300_000 });
    expect(clientBehaviour(core.ctx, b)).toMatchObject({ currentTerms: { mode: 'eom45' }, windowFrom: '2024-11-24', asOf: TODAY });
  });

  it('refuses an unknown client', () => {
    expect(() => clientBehaviour(core.ctx, 999)).toThrow(AppError);
    expect(paymentBehaviour(core.ctx.db, TODAY, 999).size).toBe(0);
  });
});
