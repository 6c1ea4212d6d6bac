// Payment plans on a real database: the debt (with the penalty engine's figures when asked), the
// refusals, the standing as payments come in over the months, the holds for the reminder queue,
// the signature (an acknowledgment on each invoice, restarting prescription), cancellation, and
// the printed "reconnaissance de dette et échéancier" archived with the plan.
import { execFileSync } from 'node:child_process';
import { createHash } from 'node:crypto';
import { mkdirSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import type { Clock } from './clock.js';
import { formatDateFr, type IsoDate } from '../../shared/domain/dates.js';
import { formatEuros, type Cents } from '../../shared/domain/money.js';
import { amountInFrenchWords } from '../../shared/domain/payment-plan.js';
import { aClient, aCompany, aConsumer } from '../../test/helpers/builders.js';
import { freshCore, type TestCore } from '../../test/helpers/core.js';
import {
  activePlanHolds,
  cancelPaymentPlan,
  createPaymentPlan,
  getPaymentPlan,
  listPaymentPlans,
  paymentPlanDebt,
  printPaymentPlan,
  queuePlanHolds,
  recordPlanSignature,
} from './payment-plans.js';

/** What electron/core/queue.ts takes as `PlanHolds` (written out here: that file is not ours). */
interface PlanHolds {
  held: Map<number, { until: IsoDate | null; note: string }>;
  breached: Map<number, IsoDate>;
}
import { AppError } from './errors.js';

const OUTPUT_DIR = fileURLToPath(new URL('../../test-output/payment-plans/', import.meta.url));

/** A clock the test moves forward, as the months of a plan go by. */
let today = '2026-11-23';
const clock: Clock = { now: () => `${today}T09:30:00.000Z`, today: () => today as IsoDate };

let core: TestCore;
let clientId: number;
let inv: Record<'F1' | 'F2' | 'F3', number>;

beforeEach(async () => {
  today = '2026-11-23';
  core = freshCore({ clock });
  await core.call('company.save', aCompany());
  clientId = (await core.call('clients.create', aClient())).id;
  const create = async (number: string, issueDate: string, dueDate: string, amountTtcCents: number) =>
    (await core.call('invoices.create', { clientId, number, issueDate, dueDate, amountTtcCents })).invoice.id;
  inv = {
    F1: await create('F-1', '2026-07-01', '2026-07-31', 100_000),
    F2: await create('F-2', '2026-08-01', '2026-08-31', 50_000),
    F3: await create('F-3', '2026-11-10', '2026-12-10', 20_000), // not yet due
  };
  // 100 € paid on F-2 in September: 400 € remain on it.
  await pay('2026-09-15', 10_000, [{ invoiceId: inv.F2, amountCents: 10_000 }]);
});
afterEach(() => core.close());

async function pay(date: string, amountCents: number, allocation: { invoiceId: number; amountCents: number }[] | 'auto' = 'auto') {
  return core.call('payments.record', { clientId, date, amountCents, method: 'transfer', allocation });
}

/** The AppError a core function throws. */
function failure(run: () => unknown): AppError {
  try {
    run();
  } catch (error) {
    if (error instanceof AppError) return error;
    throw error;
  }
  throw new Error('expected an AppError');
}

const ALL = () => [inv.F1, inv.F2, inv.F3];

describe('the debt of a plan', () => {
  it('is what remains on the chosen invoices, in due-date order, without penalties unless asked', () => {
    const debt = paymentPlanDebt(core.ctx, { clientId, invoiceIds: [inv.F3, inv.F1, inv.F2], includePenalties: false });
    expect(debt.invoices.map((i) => [i.number, i.remainingCents])).toEqual([
      ['F-1', 100_000],
      ['F-2', 40_000],
      ['F-3', 20_000],
    ]);
    expect(debt).toMatchObject({ principalCents: 160_000, penaltiesCents: 0, totalCents: 160_000, startDate: '2026-11-23', clientName: 'Boulangerie Dupont' });
  });

  it('adds the penalties and 40 € indemnities to date of the overdue invoices, as the penalty engine computes them', async () => {
    const debt = paymentPlanDebt(core.ctx, { clientId, invoiceIds: ALL(), includePenalties: true });
    let expected = 0;
    for (const id of [inv.F1, inv.F2]) {
      const { statement } = await core.call('penalties.invoice', { id, asOf: '2026-11-23' });
      expect(statement.interestCents).toBeGreaterThan(0);
      expected += statement.interestCents + statement.indemnityCents;
      const line = debt.invoices.find((i) => i.id === id)!;
      expect(line.interestCents).toBe(statement.interestCents);
      expect(line.indemnityCents).toBe(4_000);
    }
    // F-3 is not due yet: it owes nothing more.
    expect(debt.invoices.find((i) => i.id === inv.F3)).toMatchObject({ interestCents: 0, indemnityCents: 0 });
    expect(debt.penaltiesCents).toBe(expected);
    expect(debt.totalCents).toBe(160_000 + expected);
  });

  it('counts a payment dated on the plan’s first day once: in the plan’s payments, not as a reduction of its debt', async () => {
    await pay('2026-11-23', 5_000, [{ invoiceId: inv.F3, amountCents: 5_000 }]);
    const plan = createPaymentPlan(core.ctx, { clientId, invoiceIds: [inv.F3], includePenalties: false, count: 2, firstDate: '2026-12-10', frequency: 'monthly' });
    expect(plan.totalCents).toBe(20_000);
    expect(plan.standing).toMatchObject({ paidCents: 5_000, state: 'on_track' });
    expect(plan.standing.instalments[0]).toMatchObject({ status: 'partly_paid', paidCents: 5_000 });
  });

  it('refuses another client’s invoice, a paid, written-off or disputed one, naming it', async () => {
    const otherClient = (await core.call('clients.create', aConsumer())).id;
    const other = (await core.call('invoices.create', { clientId: otherClient, number: 'G-1', issueDate: '2026-08-01', dueDate: '2026-08-31', amountTtcCents: 10_000 })).invoice.id;
    const paid = (await core.call('invoices.create', { clientId, number: 'F-4', issueDate: '2026-08-01', dueDate: '2026-08-31', amountTtcCents: 10_000 })).invoice.id;
    await pay('2026-09-01', 10_000, [{ invoiceId: paid, amountCents: 10_000 }]);
    const lost = (await core.call('invoices.create', { clientId, number: 'F-5', issueDate: '2026-08-01', dueDate: '2026-08-31', amountTtcCents: 10_000 })).invoice.id;
    await core.call('invoices.writeOff', { invoiceId: lost, date: '2026-11-01', reason: 'Liquidation' });
    const disputed = (await core.call('invoices.create', { clientId, number: 'F-6', issueDate: '2026-08-01', dueDate: '2026-08-31', amountTtcCents: 10_000 })).invoice.id;
    await core.call('disputes.open', { invoiceId: disputed, reason: 'Livraison incomplète', openedDate: '2026-09-10' });

    const debt = (invoiceId: number) => () => paymentPlanDebt(core.ctx, { clientId, invoiceIds: [inv.F1, invoiceId], includePenalties: false });
    expect(failure(debt(other))).toMatchObject({ code: 'VALIDATION', message: expect.stringContaining('La facture G-1 est celle d’un autre client (« Jeanne Lefèvre »)'), fields: { invoiceIds: expect.any(String) } });
    expect(failure(debt(paid))).toMatchObject({ code: 'PRECONDITION', message: 'La facture F-4 est soldée : rien à échelonner.' });
    expect(failure(debt(lost))).toMatchObject({ code: 'PRECONDITION', message: 'La facture F-5 est passée en perte : elle ne peut pas entrer dans un échéancier.' });
    expect(failure(debt(disputed)).message).toContain('La facture F-6 fait l’objet d’un litige en cours');
    expect(failure(debt(999_999)).code).toBe('NOT_FOUND');
    expect(failure(() => paymentPlanDebt(core.ctx, { clientId, invoiceIds: [], includePenalties: false })).code).toBe('VALIDATION');
  });
});

describe('creating a plan', () => {
  it('makes equal monthly instalments over the debt, in one transaction with its journal entry', async () => {
    const plan = createPaymentPlan(core.ctx, { clientId, invoiceIds: ALL(), includePenalties: false, count: 3, firstDate: '2026-12-05', frequency: 'monthly', note: ' Accord téléphonique ' });
    expect(plan).toMatchObject({ clientId, clientName: 'Boulangerie Dupont', startDate: '2026-11-23', totalCents: 160_000, principalCents: 160_000, penaltiesCents: 0, includesPenalties: false, signedDate: null, documentId: null, cancelledDate: null, status: 'active', note: 'Accord téléphonique' });
    expect(plan.instalments).toEqual([
      { position: 1, dueDate: '2026-12-05', amountCents: 53_334 },
      { position: 2, dueDate: '2027-01-05', amountCents: 53_333 },
      { position: 3, dueDate: '2027-02-05', amountCents: 53_333 },
    ]);
    expect(plan.invoices.map((i) => [i.number, i.balanceCents])).toEqual([['F-1', 100_000], ['F-2', 40_000], ['F-3', 20_000]]);
    expect(plan.standing).toMatchObject({ state: 'on_track', paidCents: 0, holdsUntil: '2026-12-10' });
    const [entry] = await core.call('audit.list', { entity: 'client', entityId: clientId, limit: 1 });
    expect(entry!.summary).toBe(`Échéancier n° ${plan.id} accordé à « Boulangerie Dupont » : ${formatEuros(160_000 as Cents)} en 3 échéances, factures F-1, F-2, F-3`);
    expect(listPaymentPlans(core.ctx, clientId).map((p) => p.id)).toEqual([plan.id]);
  });

  it('takes the instalments the user set when they add up to the debt with penalties', () => {
    const debt = paymentPlanDebt(core.ctx, { clientId, invoiceIds: [inv.F1, inv.F2], includePenalties: true });
    const first = 50_000;
    const plan = createPaymentPlan(core.ctx, {
      clientId,
      invoiceIds: [inv.F1, inv.F2],
      includePenalties: true,
      instalments: [
        { dueDate: '2026-11-30', amountCents: first },
        { dueDate: '2026-12-31', amountCents: debt.totalCents - first },
      ],
    });
    expect(plan).toMatchObject({ includesPenalties: true, penaltiesCents: debt.penaltiesCents, principalCents: 140_000, totalCents: debt.totalCents });
    expect(plan.instalments.map((i) => i.amountCents)).toEqual([first, debt.totalCents - first]);
  });

  it('refuses instalments out of order, before today or not adding up, naming the lines; and writes nothing', () => {
    const error = failure(() =>
      createPaymentPlan(core.ctx, {
        clientId,
        invoiceIds: [inv.F1],
        includePenalties: false,
        instalments: [
          { dueDate: '2026-11-20', amountCents: 30_000 },
          { dueDate: '2027-01-15', amountCents: 30_000 },
          { dueDate: '2026-12-15', amountCents: 30_000 },
        ],
      }),
    );
    expect(error.code).toBe('VALIDATION');
    expect(error.message.replace(/[\u202f\u00a0]/g, ' ')).toBe(
      'Échéance 1 : date antérieure au début de l’échéancier (23/11/2026) ; Échéance 3 : date antérieure à l’échéance 2 ; Le total des échéances (900,00 €) ne correspond pas à la dette (1 000,00 €).',
    );
    expect(Object.keys(error.fields!)).toEqual(['instalments.0', 'instalments.2', 'instalments']);
    expect(failure(() => createPaymentPlan(core.ctx, { clientId, invoiceIds: [inv.F1], includePenalties: false, count: 0, firstDate: '2026-12-01', frequency: 'weekly' })).fields).toHaveProperty('count');
    expect(failure(() => createPaymentPlan(core.ctx, { clientId, invoiceIds: [inv.F1], includePenalties: false, count: 2, firstDate: '2026-11-01', frequency: 'weekly' })).fields).toHaveProperty('firstDate');
    expect(listPaymentPlans(core.ctx)).toEqual([]);
    expect(core.ctx.db.prepare('SELECT count(*) AS n FROM payment_plan_instalments').get()).toEqual({ n: 0 });
  });

  it('refuses an invoice already in a plan in force, until that plan is cancelled', () => {
    const first = createPaymentPlan(core.ctx, { clientId, invoiceIds: [inv.F1, inv.F2], includePenalties: false, count: 2, firstDate: '2026-12-01', frequency: 'monthly' });
    const error = failure(() => createPaymentPlan(core.ctx, { clientId, invoiceIds: [inv.F2, inv.F3], includePenalties: false, count: 2, firstDate: '2026-12-01', frequency: 'monthly' }));
    expect(error).toMatchObject({ code: 'CONFLICT', message: `La facture F-2 est déjà dans l’échéancier n° ${first.id} en cours : annulez-le d’abord.` });
    cancelPaymentPlan(core.ctx, first.id, '2026-11-23');
    const second = createPaymentPlan(core.ctx, { clientId, invoiceIds: [inv.F2, inv.F3], includePenalties: false, count: 2, firstDate: '2026-12-01', frequency: 'monthly' });
    expect(second.totalCents).toBe(60_000);
  });
});

describe('standing and holds over the months', () => {
  it('holds the client while instalments are paid, signals the breach after the grace days, and lets go when completed', async () => {
    const plan = createPaymentPlan(core.ctx, { clientId, invoiceIds: ALL(), includePenalties: false, count: 3, firstDate: '2026-12-05', frequency: 'monthly' });
    const hold = (asOf: string) => activePlanHolds(core.ctx, asOf as IsoDate).get(clientId);
    expect(hold('2026-11-23')).toEqual({ planId: plan.id, state: 'on_track', holds: true, holdsUntil: '2026-12-10', missedSince: null, invoiceIds: ALL() });

    // First instalment paid on time (oldest invoice first: it goes to F-1).
    today = '2026-12-04';
    await pay('2026-12-04', 53_334);
    today = '2026-12-20';
    expect(getPaymentPlan(core.ctx, plan.id).standing).toMatchObject({ state: 'on_track', paidCents: 53_334, holdsUntil: '2027-01-10' });

    // The second is late during the 5 grace days (Paramètres), then missed.
    today = '2027-01-08';
    expect(getPaymentPlan(core.ctx, plan.id).standing.state).toBe('late');
    expect(hold('2027-01-10')).toMatchObject({ state: 'late', holds: true, holdsUntil: '2027-01-10' });
    today = '2027-01-11';
    const breached = getPaymentPlan(core.ctx, plan.id).standing;
    expect(breached).toMatchObject({ state: 'breached', missedSince: '2027-01-11' });
    expect(breached.instalments.map((i) => i.status)).toEqual(['paid', 'missed', 'upcoming']);
    expect(hold('2027-01-11')).toMatchObject({ state: 'breached', holds: false, holdsUntil: null, missedSince: '2027-01-11' });

    // A longer grace in Paramètres keeps it late.
    await core.call('settings.set', { planGraceDays: 10 });
    expect(hold('2027-01-11')).toMatchObject({ state: 'late', holds: true, holdsUntil: '2027-01-15' });
    await core.call('settings.set', { planGraceDays: 5 });

    // Everything paid: completed, no hold any more.
    today = '2027-01-12';
    await pay('2027-01-12', 106_666);
    expect(getPaymentPlan(core.ctx, plan.id).standing).toMatchObject({ state: 'completed', paidCents: 160_000, remainingCents: 0 });
    expect(hold('2027-01-12')).toBeUndefined();
    // As of earlier days, the payments made later do not count.
    expect(hold('2027-01-11')).toMatchObject({ state: 'breached' });
  });

  it('ignores payments before the plan’s start and on other invoices', async () => {
    const other = (await core.call('invoices.create', { clientId, number: 'F-0', issueDate: '2026-01-01', dueDate: '2026-01-31', amountTtcCents: 30_000 })).invoice.id;
    const plan = createPaymentPlan(core.ctx, { clientId, invoiceIds: [inv.F3], includePenalties: false, count: 1, firstDate: '2026-12-10', frequency: 'monthly' });
    today = '2026-12-01';
    await pay('2026-12-01', 30_000, [{ invoiceId: other, amountCents: 30_000 }]);
    expect(getPaymentPlan(core.ctx, plan.id).standing.paidCents).toBe(0);
    expect(getPaymentPlan(core.ctx, plan.id).invoices[0]!.balanceCents).toBe(20_000);
  });

  it('completes a plan with penalties once paid in full, the part above the invoices left as credit on account', async () => {
    const plan = createPaymentPlan(core.ctx, { clientId, invoiceIds: [inv.F1, inv.F2], includePenalties: true, count: 2, firstDate: '2026-12-01', frequency: 'monthly' });
    expect(plan.penaltiesCents).toBeGreaterThan(8_000);
    // Allocated by hand to the plan's invoices (automatic allocation would also feed F-3, outside the plan).
    const [first, second] = plan.instalments.map((i) => i.amountCents as number) as [number, number];
    today = '2026-12-01';
    await pay('2026-12-01', first, [{ invoiceId: inv.F1, amountCents: first }]);
    expect(getPaymentPlan(core.ctx, plan.id).standing).toMatchObject({ state: 'on_track', paidCents: first });
    today = '2027-01-01';
    const rest = [{ invoiceId: inv.F1, amountCents: 100_000 - first }, { invoiceId: inv.F2, amountCents: 40_000 }];
    const payment = await pay('2027-01-01', second, rest);
    expect(payment.unallocatedCents).toBe(plan.penaltiesCents);
    expect(getPaymentPlan(core.ctx, plan.id).standing).toMatchObject({ state: 'completed', paidCents: plan.totalCents });
  });

  it('shares a client’s unallocated credit between its plans in force, oldest first, however a plan is read', async () => {
    const a = createPaymentPlan(core.ctx, { clientId, invoiceIds: [inv.F1], includePenalties: true, count: 1, firstDate: '2026-12-01', frequency: 'monthly' });
    const b = createPaymentPlan(core.ctx, { clientId, invoiceIds: [inv.F3], includePenalties: false, count: 1, firstDate: '2026-12-10', frequency: 'monthly' });
    await pay('2026-11-23', 100_000, [{ invoiceId: inv.F1, amountCents: 100_000 }]);
    await pay('2026-11-23', 3_000, []); // left entirely as credit on account
    const expected = { [a.id]: 100_000 + Math.min(3_000, a.penaltiesCents), [b.id]: Math.max(0, 3_000 - a.penaltiesCents) };
    expect(getPaymentPlan(core.ctx, b.id).standing.paidCents).toBe(expected[b.id]);
    expect(Object.fromEntries(listPaymentPlans(core.ctx).map((p) => [p.id, p.standing.paidCents]))).toEqual(expected);
    // Once a is cancelled, b takes what is left of the credit.
    cancelPaymentPlan(core.ctx, a.id, '2026-11-23');
    expect(getPaymentPlan(core.ctx, b.id).standing.paidCents).toBe(3_000);
  });

  it('picks, for a client with several plans, a breached one first, else the hold that ends first', async () => {
    const a = createPaymentPlan(core.ctx, { clientId, invoiceIds: [inv.F1], includePenalties: false, count: 2, firstDate: '2026-12-20', frequency: 'monthly' });
    const b = createPaymentPlan(core.ctx, { clientId, invoiceIds: [inv.F2], includePenalties: false, count: 2, firstDate: '2026-12-01', frequency: 'monthly' });
    const other = (await core.call('clients.create', aClient({ name: 'Épicerie Martin', siren: '552100554' }))).id;
    const g = (await core.call('invoices.create', { clientId: other, number: 'G-1', issueDate: '2026-08-01', dueDate: '2026-08-31', amountTtcCents: 10_000 })).invoice.id;
    const c = createPaymentPlan(core.ctx, { clientId: other, invoiceIds: [g], includePenalties: false, count: 1, firstDate: '2026-12-15', frequency: 'monthly' });

    const holds = activePlanHolds(core.ctx, '2026-11-25' as IsoDate);
    expect([...holds.keys()].sort()).toEqual([clientId, other].sort());
    expect(holds.get(clientId)).toMatchObject({ planId: b.id, holdsUntil: '2026-12-06' });
    expect(holds.get(other)).toMatchObject({ planId: c.id, holdsUntil: '2026-12-20' });
    // 7 December: b's first instalment is missed, a still holds: the breach wins.
    expect(activePlanHolds(core.ctx, '2026-12-07' as IsoDate).get(clientId)).toMatchObject({ planId: b.id, state: 'breached', missedSince: '2026-12-07' });
    // Cancelled (as of the 5th), b no longer counts: a holds.
    today = '2026-12-07';
    cancelPaymentPlan(core.ctx, b.id, '2026-12-05');
    expect(activePlanHolds(core.ctx, '2026-12-07' as IsoDate).get(clientId)).toMatchObject({ planId: a.id, state: 'on_track', holds: true });
    // Before the cancellation, it was still in force.
    expect(activePlanHolds(core.ctx, '2026-12-04' as IsoDate).get(clientId)).toMatchObject({ planId: b.id });
  });

  it('gives the queue its held and breached clients, in the shape of queue.ts PlanHolds', async () => {
    const plan = createPaymentPlan(core.ctx, { clientId, invoiceIds: [inv.F1], includePenalties: false, count: 2, firstDate: '2026-12-01', frequency: 'monthly' });
    const other = (await core.call('clients.create', aClient({ name: 'Épicerie Martin', siren: '552100554' }))).id;
    const g = (await core.call('invoices.create', { clientId: other, number: 'G-1', issueDate: '2026-08-01', dueDate: '2026-08-31', amountTtcCents: 10_000 })).invoice.id;
    createPaymentPlan(core.ctx, { clientId: other, invoiceIds: [g], includePenalties: false, count: 1, firstDate: '2026-12-04', frequency: 'monthly' });
    const holds: PlanHolds = queuePlanHolds(core.ctx, '2026-12-08' as IsoDate);
    expect([...holds.held.keys()]).toEqual([other]);
    expect(holds.breached.get(clientId)).toBe('2026-12-07');
    expect(holds.held.get(other)).toEqual({ until: '2026-12-09', note: `échéancier n° ${plan.id + 1} : échéance en retard, à régler au plus tard le 09/12/2026` });
    expect(queuePlanHolds(core.ctx, '2026-11-23' as IsoDate).held.get(clientId)).toEqual({ until: '2026-12-06', note: `échéancier n° ${plan.id} respecté` });
  });
});

describe('signature and cancellation', () => {
  it('records the signature as an acknowledgment on each invoice, which restarts prescription', async () => {
    const plan = createPaymentPlan(core.ctx, { clientId, invoiceIds: [inv.F1, inv.F2], includePenalties: false, count: 2, firstDate: '2026-12-05', frequency: 'monthly' });
    today = '2026-12-02';
    const signed = recordPlanSignature(core.ctx, plan.id, '2026-11-28');
    expect(signed.signedDate).toBe('2026-11-28');
    for (const id of [inv.F1, inv.F2]) {
      const { events, prescription } = await core.call('penalties.invoice', { id });
      expect(events.map((e) => [e.kind, e.date, e.note])).toEqual([['acknowledgment', '2026-11-28', `Échéancier n° ${plan.id} signé (reconnaissance de dette)`]]);
      expect(prescription).toMatchObject({ runsFrom: '2026-11-28', expiresOn: '2031-11-28' });
    }
    const { events } = await core.call('penalties.invoice', { id: inv.F3 });
    expect(events).toEqual([]);
    const [entry] = await core.call('audit.list', { entity: 'client', entityId: clientId, limit: 1 });
    expect(entry!.summary).toBe(`Échéancier n° ${plan.id} signé par « Boulangerie Dupont » le 28/11/2026 : reconnaissance de dette sur les factures F-1, F-2`);
  });

  it('refuses a signature in the future, before the plan, twice, or on a cancelled plan', () => {
    const plan = createPaymentPlan(core.ctx, { clientId, invoiceIds: [inv.F1], includePenalties: false, count: 2, firstDate: '2026-12-05', frequency: 'monthly' });
    expect(failure(() => recordPlanSignature(core.ctx, plan.id, '2026-11-24')).fields).toEqual({ signedDate: 'Date future.' });
    expect(failure(() => recordPlanSignature(core.ctx, plan.id, '2026-11-22')).fields).toEqual({ signedDate: 'Antérieure à l’échéancier.' });
    expect(failure(() => recordPlanSignature(core.ctx, plan.id, '2026-02-30')).code).toBe('VALIDATION');
    recordPlanSignature(core.ctx, plan.id, '2026-11-23');
    expect(failure(() => recordPlanSignature(core.ctx, plan.id, '2026-11-23'))).toMatchObject({ code: 'PRECONDITION', message: `La signature de l’échéancier n° ${plan.id} est déjà enregistrée (le 23/11/2026).` });
    expect(core.ctx.db.prepare("SELECT count(*) AS n FROM legal_events WHERE kind = 'acknowledgment'").get()).toEqual({ n: 1 });
    const other = createPaymentPlan(core.ctx, { clientId, invoiceIds: [inv.F3], includePenalties: false, count: 1, firstDate: '2026-12-10', frequency: 'monthly' });
    cancelPaymentPlan(core.ctx, other.id, '2026-11-23');
    expect(failure(() => recordPlanSignature(core.ctx, other.id, '2026-11-23')).message).toBe(`L’échéancier n° ${other.id} a été annulé le 23/11/2026.`);
    expect(failure(() => recordPlanSignature(core.ctx, 4242, '2026-11-23')).code).toBe('NOT_FOUND');
  });

  it('cancels a plan on a date: its standing freezes there, it holds nothing, and cannot be cancelled again', () => {
    const plan = createPaymentPlan(core.ctx, { clientId, invoiceIds: [inv.F1], includePenalties: false, count: 2, firstDate: '2026-12-05', frequency: 'monthly' });
    expect(failure(() => cancelPaymentPlan(core.ctx, plan.id, '2026-11-30')).fields).toEqual({ date: 'Date future.' });
    expect(failure(() => cancelPaymentPlan(core.ctx, plan.id, '2026-11-01')).fields).toEqual({ date: 'Antérieure à l’échéancier.' });
    today = '2027-03-01';
    const cancelled = cancelPaymentPlan(core.ctx, plan.id, '2026-12-07');
    expect(cancelled).toMatchObject({ status: 'cancelled', cancelledDate: '2026-12-07' });
    expect(cancelled.standing).toMatchObject({ state: 'late' }); // as of 7 December, not as of March
    expect(activePlanHolds(core.ctx, '2027-03-01' as IsoDate).size).toBe(0);
    expect(failure(() => cancelPaymentPlan(core.ctx, plan.id, '2027-03-01')).code).toBe('PRECONDITION');
  });
});

describe('the printed reconnaissance de dette et échéancier', { timeout: 60_000 }, () => {
  /** The text as laid out (table rows on one line) and in reading order, whitespace folded (sentences whole). */
  const pdfText = (pdf: Buffer, name: string) => {
    const path = join(core.dir, `${name}.pdf`);
    writeFileSync(path, pdf);
    const run = (args: string[]) => plain(execFileSync('pdftotext', [...args, '-enc', 'UTF-8', path, '-'], { encoding: 'utf8' }));
    return { text: run(['-layout']), flat: run([]).replace(/\s+/g, ' ') };
  };
  const plain = (s: string) => s.replace(/[\u202f\u00a0]/g, ' ');

  it('archives the document with the plan, linked to the client and its invoices, and prints the plan’s figures', async () => {
    const plan = createPaymentPlan(core.ctx, { clientId, invoiceIds: [inv.F1, inv.F2], includePenalties: true, count: 4, firstDate: '2026-12-15', frequency: 'monthly' });
    const doc = await printPaymentPlan(core.ctx, plan.id);
    expect(doc).toMatchObject({ clientId, kind: 'other', invoiceIds: [inv.F1, inv.F2], fileName: `echeancier-${plan.id}-boulangerie-dupont-2026-11-23.pdf` });
    expect(doc.title).toBe(`Reconnaissance de dette et échéancier n° ${plan.id} — Boulangerie Dupont — 2026-11-23`);
    expect(getPaymentPlan(core.ctx, plan.id).documentId).toBe(doc.id);
    const listed = await core.call('documents.list', { clientId });
    expect(listed.map((d) => d.id)).toContain(doc.id);

    const { base64 } = await core.call('documents.merge', { ids: [doc.id] });
    const pdf = Buffer.from(base64, 'base64');
    expect(createHash('sha256').update(pdf).digest('hex')).toBe(doc.sha256);
    const { text, flat } = pdfText(pdf, 'plan');
    mkdirSync(OUTPUT_DIR, { recursive: true });
    execFileSync('pdftoppm', ['-png', '-r', '60', join(core.dir, 'plan.pdf'), join(OUTPUT_DIR, 'archive-professionnel-penalites')]);
    expect(flat).toContain('Reconnaissance de dette et échéancier de paiement');
    expect(flat).toContain('Boulangerie Dupont');
    expect(flat).toContain('SIREN 732 829 320');
    expect(flat).toContain(`la somme de ${amountInFrenchWords(plan.totalCents)} (${plain(formatEuros(plan.totalCents))})`);
    expect(flat).toContain(plain(formatEuros(plan.penaltiesCents)));
    for (const i of plan.instalments) expect(text).toMatch(new RegExp(`${i.position}\\s+${formatDateFr(i.dueDate)}\\s+${plain(formatEuros(i.amountCents))}`));
    expect(text).toMatch(/F-1\s+01\/07\/2026\s+31\/07\/2026\s+1 000,00 €/);
    expect(text).toMatch(/F-2\s+01\/08\/2026\s+31\/08\/2026\s+400,00 €/);
    expect(flat).toContain('IBAN FR76 3000 6000 0112 3456 7890 189');
    expect(flat).toContain(`référence ECH-${plan.id}`);
    expect(flat).toContain('dans les 5 jours qui suivent sa date');
    expect(flat).toContain('Fait à Lyon, le');
    expect(flat).toContain('« Bon pour reconnaissance de dette de');
    expect(flat).toMatch(/Page 1 \/ \d/);
  });

  it('refuses to print a cancelled plan', async () => {
    const plan = createPaymentPlan(core.ctx, { clientId, invoiceIds: [inv.F1], includePenalties: false, count: 2, firstDate: '2026-12-05', frequency: 'monthly' });
    cancelPaymentPlan(core.ctx, plan.id, '2026-11-23');
    await expect(printPaymentPlan(core.ctx, plan.id)).rejects.toMatchObject({ code: 'PRECONDITION' });
  });
});
