// The register of registered letters: a formal notice enters it when generated; posting and
// receipt are recorded; the deadline runs from receipt, which also dates the formal notice.
import { execFileSync } from 'node:child_process';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { aClient, aCompany, aConsumer } from '../../test/helpers/builders.js';
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

describe('bordereau de dépôt', () => {
  const pdfText = (pdf: Buffer) => {
    const dir = mkdtempSync(join(tmpdir(), 'bordereau-'));
    try {
      writeFileSync(join(dir, 'b.pdf'), pdf);
      return execFileSync('pdftotext', ['-layout', '-enc', 'UTF-8', join(dir, 'b.pdf'), '-'], { encoding: 'utf8' }).replace(/[\u202f\u00a0]/g, ' ');
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  };

  it('lists the letters posted that day with their numbers, and those still to post with a blank to fill in', async () => {
    const other = (await core.call('clients.create', aClient())).id;
    await core.call('invoices.create', { clientId: other, number: 'F-10', issueDate: '2026-08-01', dueDate: '2026-08-31', amountTtcCents: 50_000 });
    await core.call('letters.generate', { clientId: other, type: 'formal_notice', asOf: '2026-11-02' });
    const entries = await core.call('register.list', {});
    const consumer = entries.find((e) => e.clientName === 'Jeanne Lefèvre')!;
    await core.call('register.posted', { id: consumer.id, trackingNumber: '1A 123 456 7890 1', sentDate: '2026-11-23' });

    const doc = await core.call('register.bordereau', { date: '2026-11-23', includeToPost: true });
    expect(doc).toMatchObject({ kind: 'other', clientId: null, fileName: 'bordereau-depot-2026-11-23.pdf', title: 'Bordereau de dépôt — 2 recommandés — 2026-11-23' });
    const { base64 } = await core.call('documents.merge', { ids: [doc.id] });
    const text = pdfText(Buffer.from(base64, 'base64'));
    expect(text).toContain('Bordereau de dépôt de lettres recommandées');
    expect(text).toContain('Dépôt du 23 novembre 2026');
    expect(text).toContain('Atelier Martin');
    expect(text).toMatch(/1\s+1A 123 456 7890 1\s+MME JEANNE LEFEVRE/);
    expect(text).toContain('APPARTEMENT 12 · 8 avenue Jean Jaurès · 69007 LYON');
    expect(text).toMatch(/2\s+BOULANGERIE DUPONT/);
    expect(text).toContain('1 numéro à reporter à la main');
    expect(text).toContain('Total : 2 lettres recommandées avec avis de réception');
    expect(text).toContain('Cachet et visa de La Poste');

    // Only the day's posted letters when asked
    const onlyPosted = await core.call('register.bordereau', { date: '2026-11-23', includeToPost: false });
    const posted = pdfText(Buffer.from((await core.call('documents.merge', { ids: [onlyPosted.id] })).base64, 'base64'));
    expect(posted).toContain('MME JEANNE LEFEVRE');
    expect(posted).not.toContain('BOULANGERIE DUPONT');
    expect(posted).toContain('Total : 1 lettre recommandée avec avis de réception');
  });

  it('refuses an empty bordereau with a sentence saying why', async () => {
    const failure = await core.fail('register.bordereau', { date: '2026-11-20', includeToPost: false });
    expect(failure.code).toBe('PRECONDITION');
    expect(failure.message).toBe('Aucun recommandé envoyé le 20/11/2026 : rien à porter au bordereau.');
    expect((await core.fail('register.bordereau', { date: '2026-13-01' })).fields).toHaveProperty('date');
  });
});
