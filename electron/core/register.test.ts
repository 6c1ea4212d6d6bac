// The register of registered letters: a formal notice enters it when generated; posting and
// receipt are recorded; the deadline runs from receipt, which also dates the formal notice.
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { aCompany, aConsumer } from '../../test/helpers/builders.js';
import { freshCore, type TestCore } from '../../test/helpers/core.js';

let core: TestCore; // today: 2026-11-23
let invoiceId: number;
beforeEach(async () => {
  core = freshCore();
  await core.call('company.save', aCompany());
  const clientId = (await core.call('clients.create', aConsumer())).id;
  invoiceId = (await core.call('invoices.create', { clientId, number: 'F-9', issueDate: '2026-08-01', dueDate: '2026-08-31', amountTtcCents: 100_000 })).invoice.id;
  await core.call('letters.generate', { clientId, type: 'formal_notice', asOf: '2026-11-02' });
}, 60_000);
afterEach(() => core.close());

describe('registre des recommandés', () => {
  it('lists a generated formal notice as to post, then posted, then received with its deadline', async () => {
    const [entry] = await core.call('register.list', {});
    expect(entry).toMatchObject({ status: 'to_post', trackingNumber: null, deadline: null, clientName: 'Jeanne Lefèvre' });
    const posted = await core.call('register.posted', { id: entry!.id, trackingNumber: '1a12345678901', sentDate: '2026-11-23' });
    expect(posted).toMatchObject({ status: 'posted', trackingNumber: '1A 123 456 7890 1', sentDate: '2026-11-23' });
    const received = await core.call('register.received', { id: entry!.id, receivedDate: '2026-11-23', scan: { fileName: 'ar.png', mimeType: 'image/png', base64: Buffer.from('png').toString('base64') } });
    // 8 days (Paramètres) from receipt
    expect(received).toMatchObject({ status: 'received', receivedDate: '2026-11-23', deadline: '2026-12-01' });
    expect(received.receiptDocumentId).not.toBeNull();
  });

  it('dates the formal notice on each invoice at receipt: a consumer’s legal interest runs from the next day', async () => {
    const [entry] = await core.call('register.list', {});
    await core.call('register.posted', { id: entry!.id, trackingNumber: '1A 123 456 7890 1', sentDate: '2026-11-23' });
    await core.call('register.received', { id: entry!.id, receivedDate: '2026-11-23' });
    const { events, statement } = await core.call('penalties.invoice', { id: invoiceId, asOf: '2026-12-15' });
    expect(events.map((e) => [e.kind, e.date])).toEqual([['formal_notice', '2026-11-23']]);
    expect(statement.periods[0]?.from).toBe('2026-11-24');
  });

  it('refuses a malformed tracking number, a receipt before posting or before the sending date', async () => {
    const [entry] = await core.call('register.list', {});
    expect((await core.fail('register.posted', { id: entry!.id, trackingNumber: '12345', sentDate: '2026-11-23' })).fields).toHaveProperty('trackingNumber');
    expect((await core.fail('register.posted', { id: entry!.id, trackingNumber: '1A 123 456 7890 1', sentDate: '2026-11-01' })).fields).toHaveProperty('sentDate');
    expect((await core.fail('register.received', { id: entry!.id, receivedDate: '2026-11-23' })).code).toBe('PRECONDITION');
    await core.call('register.posted', { id: entry!.id, trackingNumber: '1A 123 456 7890 1', sentDate: '2026-11-23' });
    expect((await core.fail('register.received', { id: entry!.id, receivedDate: '2026-11-20' })).code).toBe('VALIDATION');
    // …and a sending date before the letter was made
    const [again] = await core.call('register.list', {});
    expect(again?.sentDate).toBe('2026-11-23');
  });
});
