// Penalty statements of stored invoices, user rates and legal events, through the dispatcher.
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { aClient, aConsumer } from '../../test/helpers/builders.js';
import { freshCore, type TestCore } from '../../test/helpers/core.js';

let core: TestCore; // today: 2026-11-23
beforeEach(() => {
  core = freshCore();
});
afterEach(() => core.close());

async function invoiceFor(clientInput = aClient(), overrides: Record<string, unknown> = {}) {
  const clientId = (await core.call('clients.create', clientInput)).id;
  const detail = await core.call('invoices.create', { clientId, number: 'F-1', issueDate: '2025-08-31', dueDate: '2025-09-30', amountTtcCents: 100_000, ...overrides });
  return { clientId, id: detail.invoice.id };
}

describe('penalties.invoice', () => {
  it('computes a B2B statement from the stored payments and credit notes', async () => {
    const { clientId, id } = await invoiceFor();
    await core.call('payments.record', { clientId, date: '2025-10-16', amountCents: 40_000, method: 'transfer' });
    await core.call('creditNotes.create', { invoiceId: id, number: 'AV-1', issueDate: '2025-10-21', amountCents: 10_000 });
    const { statement } = await core.call('penalties.invoice', { id, asOf: '2025-10-31' });
    // 01/10–16/10: 16 days on 1 000 € at 12,15 % = 100000 × 1215 × 16 / 3650000 = 532.6 → 533
    // 17/10–21/10: 5 days on 600 €                = 60000 × 1215 × 5 / 3650000 = 99.9 → 100
    // 22/10–31/10: 10 days on 500 €               = 50000 × 1215 × 10 / 3650000 = 166.4 → 166
    expect(statement.periods.map((p) => [p.from, p.to, p.baseCents, p.amountCents])).toEqual([
      ['2025-10-01', '2025-10-16', 100_000, 533],
      ['2025-10-17', '2025-10-21', 60_000, 100],
      ['2025-10-22', '2025-10-31', 50_000, 166],
    ]);
    expect(statement).toMatchObject({ interestCents: 799, indemnityCents: 4000, outstandingCents: 50_000, totalClaimCents: 54_799 });
  });

  it('uses the contractual rate of the invoice', async () => {
    const { id } = await invoiceFor(aClient(), { contractualRateBp: 1500 });
    const { statement } = await core.call('penalties.invoice', { id, asOf: '2025-10-30' });
    // 30 days on 1 000 € at 15 % = 100000 × 1500 × 30 / 3650000 = 1232.9 → 1233
    expect(statement.interestCents).toBe(1233);
  });

  it('runs a consumer’s legal interest only from the formal notice recorded as a legal event', async () => {
    const { id } = await invoiceFor(aConsumer());
    const before = await core.call('penalties.invoice', { id, asOf: '2025-12-31' });
    expect(before.statement.interestCents).toBe(0);
    expect(before.statement.warnings.map((w) => w.code)).toContain('NO_FORMAL_NOTICE');
    const after = await core.call('legalEvents.add', { invoiceId: id, kind: 'formal_notice', date: '2025-11-30' });
    expect(after.events.map((e) => e.kind)).toEqual(['formal_notice']);
    const { statement } = await core.call('penalties.invoice', { id, asOf: '2025-12-31' });
    // 01/12–31/12/2025: 31 days on 1 000 € at the legal rate 2,76 % = 100000 × 276 × 31 / 3650000 = 234.4 → 234
    expect(statement.interestCents).toBe(234);
    expect(statement.indemnityCents).toBe(0);
  });

  it('reports prescription from the delivery date, restarted by an acknowledgment', async () => {
    const { id } = await invoiceFor(aConsumer(), { issueDate: '2024-12-15', deliveryDate: '2024-12-01', dueDate: '2025-01-15' });
    const first = await core.call('penalties.invoice', { id });
    expect(first.prescription).toMatchObject({ years: 2, runsFrom: '2024-12-01', expiresOn: expect.stringMatching(/^2026-1[12]/), status: 'soon' });
    const restarted = await core.call('legalEvents.add', { invoiceId: id, kind: 'acknowledgment', date: '2026-06-01' });
    expect(restarted.prescription).toMatchObject({ runsFrom: '2026-06-01', status: 'running' });
  });

  it('refuses a legal event in the future', async () => {
    const { id } = await invoiceFor();
    expect((await core.fail('legalEvents.add', { invoiceId: id, kind: 'acknowledgment', date: '2027-01-01' })).code).toBe('VALIDATION');
  });
});

describe('rates', () => {
  it('warns that today’s half-year is not confirmed until the user adds its rates', async () => {
    const before = await core.call('rates.list', {});
    expect(before.coverageWarning).toMatch(/2e semestre 2026/);
    const after = await core.call('rates.save', { semester: '2026-S2', ecbMroBp: 240, legalConsumerCreditorBp: 650, legalOtherBp: 280, source: 'Arrêté du 20 juin 2026 (test)' });
    expect(after.coverageWarning).toBeNull();
    expect(after.rows.find((r) => r.semester === '2026-S2')).toMatchObject({ origin: 'user', ecbMroBp: 240 });
    const { id } = await invoiceFor(aClient(), { dueDate: '2026-10-31' });
    const { statement } = await core.call('penalties.invoice', { id, asOf: '2026-11-10' });
    expect(statement.periods[0]?.rateBp).toBe(1240);
    const removed = await core.call('rates.remove', { semester: '2026-S2' });
    expect(removed.coverageWarning).not.toBeNull();
  });

  it('refuses a rate row without any rate or source', async () => {
    const error = await core.fail('rates.save', { semester: '2026-S2', ecbMroBp: null, legalConsumerCreditorBp: null, legalOtherBp: null, source: '' });
    expect(Object.keys(error.fields ?? {}).sort()).toEqual(['ecbMroBp', 'source']);
  });
});
