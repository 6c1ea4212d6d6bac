// Legal cases and the pièces attached to them, on real books: opening a case takes its invoices
// out of the reminders; stages in order with the deadlines of the CPC; attachments checked.
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { aClient, aCompany } from '../../test/helpers/builders.js';
import { fixedClock } from './clock.js';
import { freshCore, type TestCore } from '../../test/helpers/core.js';

let core: TestCore;
let clientId: number;
let f1: number;
let f2: number;
const court = { kind: 'commerce' as const, name: 'Paris' };

async function setup(today = '2026-11-23') {
  core = freshCore({ clock: fixedClock(`${today}T09:30:00.000Z`) });
  await core.call('company.save', aCompany());
  clientId = (await core.call('clients.create', aClient())).id;
  f1 = (await core.call('invoices.create', { clientId, number: 'F-1', issueDate: '2026-06-01', dueDate: '2026-07-01', amountTtcCents: 100_000 })).invoice.id;
  f2 = (await core.call('invoices.create', { clientId, number: 'F-2', issueDate: '2026-06-15', dueDate: '2026-07-15', amountTtcCents: 50_000 })).invoice.id;
}
beforeEach(() => setup());
afterEach(() => core.close());

describe('legal cases', () => {
  it('puts its invoices "en contentieux" and out of the reminder queue', async () => {
    expect((await core.call('queue.today', {})).lines).toHaveLength(1);
    const opened = await core.call('cases.open', { clientId, invoiceIds: [f1], procedure: 'payment_order', court });
    expect(opened).toMatchObject({ stage: 'ready', stageLabel: 'Dossier prêt', remainingCents: 100_000, court });
    expect((await core.call('invoices.get', { id: f1 })).status).toBe('in_litigation');
    expect((await core.call('queue.today', {})).lines[0]!.invoices.map((i) => i.number)).toEqual(['F-2']);
    // …and nothing twice
    expect((await core.fail('cases.open', { clientId, invoiceIds: [f1], procedure: 'payment_order', court })).message).toBe('La facture F-1 est déjà dans un dossier contentieux ouvert.');
  });

  it('refuses a disputed invoice and asks for the court to be confirmed', async () => {
    await core.call('disputes.open', { invoiceId: f2, reason: 'Livraison incomplète', openedDate: '2026-08-01' });
    expect((await core.fail('cases.open', { clientId, invoiceIds: [f2], procedure: 'payment_order', court })).message).toMatch(/^La facture F-2 est en litige/);
    expect((await core.fail('cases.open', { clientId, invoiceIds: [f1], procedure: 'payment_order', court: null })).fields).toHaveProperty('court');
  });

  it('follows the stages in order, with the service and opposition deadlines', async () => {
    const c = await core.call('cases.open', { clientId, invoiceIds: [f1, f2], procedure: 'payment_order', court, readyDate: '2026-09-01' });
    expect((await core.fail('cases.event', { caseId: c.id, event: 'served', date: '2026-09-10' })).message).toBe('Enregistrez d’abord l’ordonnance.');
    await core.call('cases.event', { caseId: c.id, event: 'filed', date: '2026-09-02', courtFeeCents: 3_521 });
    const ordered = await core.call('cases.event', { caseId: c.id, event: 'order_issued', date: '2026-09-20' });
    // 6 months to serve (CPC 1411): until 20/03/2027, running
    expect(ordered.deadlines).toEqual([expect.objectContaining({ key: 'service', date: '2027-03-20', state: 'running' })]);
    const served = await core.call('cases.event', { caseId: c.id, event: 'served', date: '2026-10-30', bailiffFeeCents: 4_500 });
    expect(served.deadlines.map((d) => [d.key, d.date, d.state])).toEqual([
      ['service', '2027-03-20', 'met'],
      ['opposition', '2026-11-30', 'running'],
    ]);
    expect(served.recoverableCostsCents).toBe(8_021);
    // Not enforceable before the opposition period is over
    expect((await core.fail('cases.event', { caseId: c.id, event: 'enforceable', date: '2026-11-23' })).message).toBe('Date : le délai d’opposition court jusqu’au 30/11/2026.');
    const { events } = await core.call('penalties.invoice', { id: f1 });
    expect(events.map((e) => [e.kind, e.date])).toContainEqual(['court_action', '2026-10-30']);
    const closed = await core.call('cases.event', { caseId: c.id, event: 'closed', date: '2026-11-23', reason: 'paid' });
    expect(closed.stage).toBe('closed');
    expect((await core.call('invoices.get', { id: f1 })).status).toBe('overdue');
  });

  it('warns when the ordonnance is close to lapsing unserved, then refuses a service after six months', async () => {
    for (const [today, state] of [['2027-03-05', 'near'], ['2027-03-25', 'passed']] as const) {
      core.close();
      await setup(today);
      const c = await core.call('cases.open', { clientId, invoiceIds: [f1], procedure: 'payment_order', court, readyDate: '2026-09-01' });
      await core.call('cases.event', { caseId: c.id, event: 'filed', date: '2026-09-02' });
      const ordered = await core.call('cases.event', { caseId: c.id, event: 'order_issued', date: '2026-09-20' });
      expect(ordered.deadlines[0]).toMatchObject({ key: 'service', date: '2027-03-20', state });
      if (state === 'passed') {
        const late = await core.fail('cases.event', { caseId: c.id, event: 'served', date: '2027-03-22' });
        expect(late.message).toBe('Signification après le 20/03/2027 : l’ordonnance est non avenue (art. 1411 CPC). Clôturez ce dossier et déposez une nouvelle requête.');
      }
    }
  });

  it('records a cost, recoverable or not', async () => {
    const c = await core.call('cases.open', { clientId, invoiceIds: [f1], procedure: 'payment_order', court });
    const after = await core.call('cases.addCost', { caseId: c.id, kind: 'lawyer', label: 'Honoraires', amountCents: 60_000, date: '2026-11-20', recoverable: false });
    expect(after.costs).toMatchObject([{ kind: 'lawyer', amountCents: 60_000, recoverable: false }]);
    expect(after.recoverableCostsCents).toBe(0);
  });
});

describe('attachments', () => {
  const pdf = async () => {
    const { PDFDocument } = await import('pdf-lib');
    const doc = await PDFDocument.create();
    doc.addPage();
    return Buffer.from(await doc.save());
  };
  // A 1×1 PNG
  const png = Buffer.from('iVBORw0KGgoAAAANSUhEUgAAAAEAAAABCAYAAAAfFcSJAAAADUlEQVR42mNk+M9QDwADhgGAWjR9awAAAABJRU5ErkJggg==', 'base64');

  it('stores a PDF or an image with its hash, on a client, an invoice or a case, and lists them for the client', async () => {
    const contract = await core.call('attachments.add', { owner: { type: 'client', id: clientId }, pieceType: 'terms', fileName: 'CGV 2026.pdf', base64: (await pdf()).toString('base64') });
    expect(contract).toMatchObject({ pieceType: 'terms', title: 'Conditions générales de vente — CGV 2026', mimeType: 'application/pdf' });
    const delivery = await core.call('attachments.add', { owner: { type: 'invoice', id: f1 }, pieceType: 'delivery_note', fileName: 'BL-1.png', base64: png.toString('base64') });
    expect(delivery).toMatchObject({ invoiceNumber: 'F-1', mimeType: 'image/png' });
    const all = await core.call('attachments.list', { type: 'client', id: clientId });
    expect(all.map((a) => a.fileName)).toEqual(['CGV 2026.pdf', 'BL-1.png']);
    const { base64 } = await core.call('documents.merge', { ids: [delivery.documentId] });
    expect(Buffer.from(base64, 'base64').equals(png)).toBe(true);
  });

  it('refuses, with a clear message, what is not a PDF or an image, a damaged file and one too large', async () => {
    const owner = { type: 'client' as const, id: clientId };
    expect((await core.fail('attachments.add', { owner, pieceType: 'other', fileName: 'notes.pdf', base64: Buffer.from('hello').toString('base64') })).message).toBe('« notes.pdf » n’est ni un PDF, ni une image JPEG ou PNG.');
    expect((await core.fail('attachments.add', { owner, pieceType: 'other', fileName: 'abîmé.pdf', base64: Buffer.from('%PDF-1.7\ngarbage').toString('base64') })).message).toMatch(/^« abîmé\.pdf » est illisible/);
    const big = Buffer.concat([Buffer.from('%PDF-1.7\n'), Buffer.alloc(16 * 1024 * 1024)]);
    expect((await core.fail('attachments.add', { owner, pieceType: 'other', fileName: 'scan.pdf', base64: big.toString('base64') })).message).toMatch(/^« scan\.pdf » fait 16,0 Mo : 15 Mo au plus/);
    expect(await core.call('attachments.list', owner)).toEqual([]);
  });
});
