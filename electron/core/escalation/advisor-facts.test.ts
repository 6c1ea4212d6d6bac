// The procedure advisor on real books: the facts gathered (invoices, penalties, prescription,
// the register of registered letters, legal events, payment plans, collective procedures, the
// client's form and country) and the advice they lead to.
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import type { IsoDate } from '../../../shared/domain/dates.js';
import { aClient, aCompany, aConsumer } from '../../../test/helpers/builders.js';
import { freshCore, type TestCore } from '../../../test/helpers/core.js';
import { adviseClient, advisorFacts } from './advisor-facts.js';
import { recordCollectiveProcedure } from './collective.js';

const d = (s: string) => s as IsoDate;

let core: TestCore; // today: 2026-11-23
let clientId: number;
let f1: number;
let f2: number;
beforeEach(async () => {
  core = freshCore();
  await core.call('company.save', aCompany());
  clientId = (await core.call('clients.create', aClient({ name: 'Menuiserie Girard', address: ['MENUISERIE GIRARD', '', '', '5 quai des Chartrons', '', '33000 BORDEAUX'] }))).id;
  f1 = await invoice(clientId, 'F-1', '2026-06-01', '2026-07-01', 600_000);
  f2 = await invoice(clientId, 'F-2', '2026-07-01', '2026-08-01', 100_000);
  await core.call('disputes.open', { invoiceId: f2, reason: 'Livraison incomplète', openedDate: '2026-08-10' });
}, 60_000);
afterEach(() => core.close());

async function invoice(client: number, number: string, deliveryDate: string, dueDate: string, amountTtcCents: number) {
  return (await core.call('invoices.create', { clientId: client, number, issueDate: deliveryDate, deliveryDate, dueDate, amountTtcCents })).invoice.id;
}

describe('advisor on real books', () => {
  it('a business: formal notice first, then wait for its deadline, then the payment order at the tribunal de commerce; the disputed invoice left out', async () => {
    const first = adviseClient(core.ctx, clientId, d('2026-11-23'));
    expect(first).toMatchObject({ procedure: 'formal_notice_first', next: 'payment_order', invoiceNumbers: ['F-1'], excludedInvoices: [{ number: 'F-2' }] });
    expect(first.excludedInvoices[0]!.reason).toMatch(/^contestée/);

    await core.call('letters.generate', { clientId, type: 'formal_notice', asOf: '2026-11-23' });
    const generated = adviseClient(core.ctx, clientId, d('2026-11-23'));
    expect(generated.procedure).toBe('formal_notice_first');
    expect(generated.reasons.join('\n')).toMatch(/établie le 23\/11\/2026 mais son envoi n’est pas enregistré/);

    const [entry] = await core.call('register.list', {});
    await core.call('register.posted', { id: entry!.id, trackingNumber: '1A 123 456 7890 1', sentDate: '2026-11-23' });
    expect(adviseClient(core.ctx, clientId, d('2026-11-23')).procedure).toBe('wait_formal_notice_deadline');

    await core.call('register.received', { id: entry!.id, receivedDate: '2026-11-23' });
    const waiting = adviseClient(core.ctx, clientId, d('2026-11-30'));
    expect(waiting).toMatchObject({ procedure: 'wait_formal_notice_deadline', title: 'Attendre la fin du délai de la mise en demeure (01/12/2026)' });

    const facts = advisorFacts(core.ctx, clientId, d('2026-12-02'));
    expect(facts.formalNotice).toEqual({ sent: '2026-11-23', received: '2026-11-23', deadline: '2026-12-01' });
    expect(facts.debtor).toMatchObject({ kind: 'business', legalForm: 'SARL', isMerchant: true, country: 'FR', city: 'BORDEAUX', postcode: '33000' });
    expect(facts.invoices.map((i) => [i.number, i.disputed, i.prescriptionDate])).toEqual([
      ['F-1', false, '2031-06-01'],
      ['F-2', true, '2031-07-01'],
    ]);
    const statement = (await core.call('penalties.invoice', { id: f1, asOf: '2026-12-02' })).statement;
    expect(facts.invoices[0]).toMatchObject({ remainingCents: 600_000, interestCents: statement.interestCents, indemnityCents: 4_000 });
    expect(facts.claim).toEqual({ principalCents: 600_000, interestCents: statement.interestCents, indemnityCents: 4_000, totalCents: 604_000 + statement.interestCents });

    const advice = adviseClient(core.ctx, clientId, d('2026-12-02'));
    expect(advice).toMatchObject({
      procedure: 'payment_order',
      title: 'Requête en injonction de payer',
      court: { kind: 'commerce', suggestedCity: null, forLocality: '33000 BORDEAUX', cerfa: 'Cerfa n° 12946*02', needsConfirmation: true },
      invoiceNumbers: ['F-1'],
      excludedInvoices: [{ number: 'F-2' }],
      next: null,
    });
    expect(advice.reasons.join('\n')).toMatch(/délai de paiement expiré le 01\/12\/2026/);
    expect(advice.warnings).toContainEqual(expect.stringContaining('Le tribunal compétent est celui du domicile du débiteur : confirmez-le.'));
    expect(advice.warnings).toContainEqual(expect.stringContaining('Facture contestée laissée de côté : F-2.'));
  });

  it('the same client under liquidation: a claim declaration with its deadline, whatever the formal notice', async () => {
    recordCollectiveProcedure(core.ctx, {
      clientId,
      kind: 'liquidation',
      judgmentDate: d('2026-11-10'),
      bodaccDate: d('2026-11-20'),
      court: 'Tribunal de commerce de Bordeaux',
      mandataireName: 'Maître Anne Durand',
      mandataireAddress: ['10 rue de la République', '33000 BORDEAUX'],
      creditorAbroad: false,
    });
    const facts = advisorFacts(core.ctx, clientId, d('2026-12-02'));
    expect(facts.collectiveProcedure).toEqual({
      kind: 'liquidation',
      judgmentDate: '2026-11-10',
      bodaccDate: '2026-11-20',
      creditorAbroad: false,
      court: 'Tribunal de commerce de Bordeaux',
      mandataireName: 'Maître Anne Durand',
    });
    const advice = adviseClient(core.ctx, clientId, d('2026-12-02'));
    expect(advice).toMatchObject({ procedure: 'claim_declaration', claimDeclarationDeadline: '2027-01-20', court: null, invoiceNumbers: ['F-1'], excludedInvoices: [{ number: 'F-2' }] });
    expect(advice.reasons[0]).toMatch(/procédure de liquidation judiciaire ouverte par jugement du 10\/11\/2026 \(Tribunal de commerce de Bordeaux\)/);
    // Before the opening judgment, the ordinary advice.
    expect(adviseClient(core.ctx, clientId, d('2026-11-09')).procedure).toBe('formal_notice_first');
  });

  it('a formal notice recorded by hand counts as received; a Paris merchant goes to the tribunal des activités économiques', async () => {
    const paris = (await core.call('clients.create', aClient({ name: 'Boulangerie Dupont' }))).id;
    const f = await invoice(paris, 'P-1', '2026-05-01', '2026-06-01', 900_000);
    await core.call('legalEvents.add', { invoiceId: f, kind: 'formal_notice', date: '2026-11-02', note: 'Lettre remise en main propre' });
    const facts = advisorFacts(core.ctx, paris, d('2026-11-23'));
    expect(facts.formalNotice).toEqual({ sent: '2026-11-02', received: '2026-11-02', deadline: '2026-11-10' });
    const advice = adviseClient(core.ctx, paris, d('2026-11-23'));
    expect(advice).toMatchObject({ procedure: 'payment_order', court: { kind: 'activites_economiques', suggestedCity: 'Paris', label: 'Tribunal des activités économiques' } });
  });

  it('a consumer: tribunal judiciaire, small claims possible; legal interest runs from the formal notice', async () => {
    const consumer = (await core.call('clients.create', aConsumer())).id;
    const f = await invoice(consumer, 'C-1', '2026-06-01', '2026-07-01', 150_000);
    expect(adviseClient(core.ctx, consumer, d('2026-11-23'))).toMatchObject({ procedure: 'formal_notice_first', next: 'small_claims_or_payment_order', claim: { interestCents: 0, indemnityCents: 0 } });
    await core.call('legalEvents.add', { invoiceId: f, kind: 'formal_notice', date: '2026-11-02' });
    const advice = adviseClient(core.ctx, consumer, d('2026-11-23'));
    expect(advice).toMatchObject({ procedure: 'small_claims_or_payment_order', court: { kind: 'judiciaire', cerfa: 'Cerfa n° 12948*06', forLocality: '69007 LYON', suggestedCity: null } });
    expect(advice.claim.interestCents).toBeGreaterThan(0);
    expect(advice.claim.indemnityCents).toBe(0);
  });

  it('a debtor in Germany: European small claims after the formal notice, no French court', async () => {
    const berlin = (await core.call('clients.create', aClient({ name: 'Holzbau GmbH', legalForm: 'GmbH', siren: null, country: 'DE', address: ['HOLZBAU GMBH', '', '', 'Unter den Linden 5', '', '10117 BERLIN'] }))).id;
    await invoice(berlin, 'D-1', '2026-06-01', '2026-07-01', 300_000);
    const advice = adviseClient(core.ctx, berlin, d('2026-11-23'));
    expect(advice).toMatchObject({ procedure: 'formal_notice_first', next: 'european_small_claims', court: null });
    expect(advice.reasons.join('\n')).toMatch(/Débiteur établi en Allemagne \(DE\)/);
  });

  it('prescription from the books: a time-barred invoice left out, an imminent one claimed at once without waiting for a formal notice', async () => {
    const old = (await core.call('clients.create', aClient({ name: 'Garage Leroy', address: ['GARAGE LEROY', '', '', '1 route de Paris', '', '44000 NANTES'] }))).id;
    await invoice(old, 'G-1', '2021-06-01', '2021-07-01', 50_000); // prescribed after 01/06/2026
    await invoice(old, 'G-2', '2021-12-10', '2022-01-10', 200_000); // last day 10/12/2026
    const advice = adviseClient(core.ctx, old, d('2026-11-23'));
    expect(advice).toMatchObject({ procedure: 'payment_order', next: null, invoiceNumbers: ['G-2'], excludedInvoices: [{ number: 'G-1' }] });
    expect(advice.excludedInvoices[0]!.reason).toMatch(/^prescrite depuis le 02\/06\/2026/);
    expect(advice.reasons.join('\n')).toMatch(/Prescription imminente \(facture G-2, dernier jour le 10\/12\/2026\)/);
    expect(advice.warnings.join('\n')).toMatch(/Prescription proche pour la facture G-2/);
  });

  it('a payment plan in force holds the client: nothing to claim while it is kept', async () => {
    await core.call('plans.create', { clientId, invoiceIds: [f1], count: 3, firstDate: '2026-12-01', frequency: 'monthly' });
    const facts = advisorFacts(core.ctx, clientId, d('2026-11-23'));
    expect(facts.paymentPlanInForce).toBe(true);
    expect(facts.invoices.find((i) => i.number === 'F-1')?.inPaymentPlan).toBe(true);
    const advice = adviseClient(core.ctx, clientId, d('2026-11-23'));
    expect(advice).toMatchObject({ procedure: 'nothing_to_claim', invoiceNumbers: [], excludedInvoices: [{ number: 'F-1' }, { number: 'F-2' }] });
    expect(advice.reasons.join('\n')).toMatch(/échéancier est en cours et respecté/);
  });

  it('nothing open: nothing to claim', async () => {
    const paid = (await core.call('clients.create', aClient({ name: 'Café du Port' }))).id;
    await invoice(paid, 'K-1', '2026-06-01', '2026-07-01', 10_000);
    await core.call('payments.record', { clientId: paid, date: '2026-07-01', amountCents: 10_000, method: 'transfer' });
    expect(adviseClient(core.ctx, paid, d('2026-11-23'))).toMatchObject({ procedure: 'nothing_to_claim', invoiceNumbers: [], excludedInvoices: [] });
  });
});
