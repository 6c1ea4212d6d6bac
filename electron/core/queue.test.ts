// Today's queue on real books: the shipped scenarios, doing a letter, a call with a promise, the
// hold and the return after the promise, exclusions, factored and insured invoices, the morning
// letter batch.
import { execFileSync } from 'node:child_process';
import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import type { AddressInfo } from 'node:net';
import { SMTPServer } from 'smtp-server';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { aClient, aCompany } from '../../test/helpers/builders.js';
import { freshCore, type TestCore } from '../../test/helpers/core.js';

let core: TestCore; // today: 2026-11-23
let clientId: number;
const invoice = async (number: string, dueDate: string, amountTtcCents = 100_000, client = clientId) =>
  (await core.call('invoices.create', { clientId: client, number, issueDate: '2026-08-01', dueDate, amountTtcCents })).invoice.id;

beforeEach(async () => {
  core = freshCore();
  await core.call('company.save', aCompany({ email: 'compta@atelier-martin.example' }));
  clientId = (await core.call('clients.create', aClient())).id;
}, 60_000);
afterEach(() => core.close());

describe('scenarios', () => {
  it('ships Standard, Client fidèle and Client à risque, Standard by default', async () => {
    const scenarios = await core.call('scenarios.list', {});
    expect(scenarios.map((s) => [s.name, s.isDefault, s.forScores])).toEqual([
      ['Standard', true, ['B']],
      ['Client fidèle', false, ['A']],
      ['Client à risque', false, ['C', 'D']],
    ]);
    expect(scenarios[0]!.steps.map((s) => [s.offsetDays, s.channel])).toEqual([
      [-3, 'email'],
      [7, 'email'],
      [15, 'letter'],
      [30, 'phone'],
      [45, 'registered_letter'],
    ]);
  });

  it('saves a scenario of the user’s, refusing steps out of order with the step named', async () => {
    const step = { channel: 'email' as const, template: 'friendly_reminder' as const, tone: 'courteous' as const, contactRole: 'accounting' as const, needsValidation: false };
    const failure = await core.fail('scenarios.save', { name: 'Mon scénario', steps: [{ ...step, offsetDays: 10 }, { ...step, offsetDays: 5 }] });
    expect(failure.message).toBe('Étape 2 : elle doit venir après l’étape 1 (J+10).');
    const saved = await core.call('scenarios.save', { name: 'Mon scénario', forScores: ['A'], steps: [{ ...step, offsetDays: 2 }, { ...step, offsetDays: 9, channel: 'phone', template: null }] });
    expect(saved.steps).toHaveLength(2);
    // Grade A now follows "Mon scénario" only.
    expect((await core.call('scenarios.list', {})).find((s) => s.name === 'Client fidèle')!.forScores).toEqual([]);
  });
});

describe('today’s queue', () => {
  it('gives one line per client with its invoices at the same step, and the catch-up step only', async () => {
    await invoice('F-1', '2026-11-01'); // +22: letter (+15), the e-mails before it are skipped
    await invoice('F-2', '2026-11-05'); // +18: letter too
    await invoice('F-3', '2026-11-20'); // +3: nothing new since the −3 e-mail… which was never sent: the −3 e-mail
    const { lines } = await core.call('queue.today', {});
    expect(lines).toHaveLength(1);
    expect(lines[0]).toMatchObject({ clientName: 'Boulangerie Dupont', scenarioName: 'Standard', skippedSteps: 2, totalCents: 200_000 });
    expect(lines[0]!.step).toMatchObject({ offsetDays: 15, channel: 'letter' });
    expect(lines[0]!.invoices.map((i) => i.number)).toEqual(['F-1', 'F-2']);
  });

  it('gives a page of the queue on demand, with the counts of the whole queue', async () => {
    await invoice('F-1', '2026-11-01'); // letter (+15)
    const other = (await core.call('clients.create', aClient({ name: 'Garage Leroy', siren: '404833048' }))).id;
    await invoice('F-2', '2026-11-14', 50_000, other); // +9: e-mail (+7)
    const third = (await core.call('clients.create', aClient({ name: 'Café du Port', siren: '542065479' }))).id;
    await invoice('F-3', '2026-10-20', 70_000, third); // +34: call (+30)
    const whole = await core.call('queue.today', {});
    expect(whole.lines).toHaveLength(3);
    expect(whole.counts).toEqual({ lines: 3, held: 0, automatic: 2, sms: 0, letters: 1 }); // the letter and the e-mail run on their own
    const page = await core.call('queue.today', { limit: 2 });
    expect(page.lines).toEqual(whole.lines.slice(0, 2));
    expect(page.counts).toEqual(whole.counts);
    expect((await core.fail('queue.today', { limit: 0 })).message).toMatch(/Nombre de lignes : 1 au moins/);
  });

  it('does the letter: archived, in the client’s history, and nothing more for that client today', async () => {
    await invoice('F-1', '2026-11-01');
    const done = await core.call('queue.act', { clientId, stepOffset: 15, decision: 'do' });
    expect(done.document?.title).toMatch(/^Relance ferme — Boulangerie Dupont/);
    expect((await core.call('queue.today', {})).lines).toEqual([]);
    const history = await core.call('clients.actions', { id: clientId });
    expect(history).toMatchObject([{ date: '2026-11-23', channel: 'letter', status: 'done', stepOffset: 15, scenarioName: 'Standard', invoiceNumbers: ['F-1'] }]);
    // Eight days later the call (+30) is due.
    const later = await core.call('queue.today', { asOf: '2026-12-01' });
    expect(later.lines[0]!.step).toMatchObject({ offsetDays: 30, channel: 'phone' });
  });

  it('a call with a promise holds the client until the promised date plus the grace, then the next step comes back', async () => {
    await invoice('F-1', '2026-10-24'); // +30: the call
    const line = (await core.call('queue.today', {})).lines[0]!;
    expect(line.step.channel).toBe('phone');
    expect((await core.fail('queue.act', { clientId, stepOffset: 30, decision: 'do' })).fields).toHaveProperty('outcome');
    await core.call('queue.act', { clientId, stepOffset: 30, decision: 'do', call: { outcome: 'promise', promisedDate: '2026-11-30' } });
    const held = await core.call('queue.today', { asOf: '2026-12-02' });
    expect(held.lines).toEqual([]);
    expect(held.held).toMatchObject([{ clientName: 'Boulangerie Dupont', holds: [{ reason: 'promise', until: '2026-12-03' }] }]);
    // Promise broken (3 days of grace by default): the scenario resumes at the next step, the formal notice.
    const back = await core.call('queue.today', { asOf: '2026-12-04' });
    expect(back.lines[0]!.step).toMatchObject({ offsetDays: 45, channel: 'registered_letter' });
    expect(back.lines[0]!.resumed).toBe(true);
    // The broken promise lowered its grade, but the chase under way keeps its scenario.
    expect(back.lines[0]!.scenarioName).toBe('Standard');
  });

  it('a promise kept by a payment takes the invoice out', async () => {
    await invoice('F-1', '2026-10-24');
    await core.call('queue.act', { clientId, stepOffset: 30, decision: 'do', call: { outcome: 'promise', promisedDate: '2026-11-30' } });
    await core.call('payments.record', { clientId, date: '2026-11-23', amountCents: 100_000, method: 'transfer' });
    expect(await core.call('queue.today', { asOf: '2026-12-10' })).toMatchObject({ lines: [], held: [] });
  });

  it('a dispute from a call takes the invoices out; a call-back date holds the client until then', async () => {
    await invoice('F-1', '2026-10-24');
    const other = (await core.call('clients.create', aClient({ name: 'Garage Leroy', siren: '404833048' }))).id;
    await invoice('G-1', '2026-10-24', 50_000, other);
    await core.call('queue.act', { clientId, stepOffset: 30, decision: 'do', call: { outcome: 'dispute', disputeReason: 'Livraison incomplète' } });
    await core.call('queue.act', { clientId: other, stepOffset: 30, decision: 'do', call: { outcome: 'call_back', callBackDate: '2026-11-26' } });
    const next = await core.call('queue.today', { asOf: '2026-11-25' });
    expect(next.lines).toEqual([]);
    expect(next.held.map((h) => [h.clientName, h.holds[0]!.reason])).toEqual([['Garage Leroy', 'call_back']]);
    // On the call-back date the call is proposed again (a call-back does not count as the step done).
    expect((await core.call('queue.today', { asOf: '2026-11-26' })).lines.map((l) => [l.clientName, l.step.offsetDays])).toEqual([['Garage Leroy', 30]]);
  });

  it('skipping a step records it and moves on', async () => {
    await invoice('F-1', '2026-10-24');
    await core.call('queue.act', { clientId, stepOffset: 30, decision: 'skip', note: 'Client au salon cette semaine' });
    expect((await core.call('clients.actions', { id: clientId }))[0]).toMatchObject({ status: 'skipped', note: 'Client au salon cette semaine' });
    expect((await core.call('queue.today', { asOf: '2026-12-08' })).lines[0]!.step.offsetDays).toBe(45);
  });

  it('refuses an action on a step the queue no longer proposes', async () => {
    await invoice('F-1', '2026-10-24');
    expect((await core.fail('queue.act', { clientId, stepOffset: 15, decision: 'do' })).code).toBe('PRECONDITION');
  });

  it('excludes a client or an invoice with a reason until a date', async () => {
    await invoice('F-1', '2026-10-24');
    const f2 = await invoice('F-2', '2026-10-24');
    await core.call('exclusions.add', { invoiceId: f2, reason: 'Avoir en préparation' });
    expect((await core.call('queue.today', {})).lines[0]!.invoices.map((i) => i.number)).toEqual(['F-1']);
    const ex = await core.call('exclusions.add', { clientId, reason: 'Redressement : déclaration de créance faite', untilDate: '2026-12-31' });
    const queue = await core.call('queue.today', {});
    expect(queue.lines).toEqual([]);
    expect(queue.held[0]!.holds[0]).toMatchObject({ reason: 'excluded', until: '2026-12-31' });
    expect((await core.call('queue.today', { asOf: '2027-01-01' })).lines).toHaveLength(1);
    await core.call('exclusions.lift', { id: ex.id });
    expect((await core.call('queue.today', {})).lines).toHaveLength(1);
    expect((await core.fail('exclusions.add', { clientId, reason: '' })).fields).toHaveProperty('reason');
  });

  it('a factored invoice leaves the queue; an insured one stays and its declaration to the insurer is prepared before the deadline', async () => {
    const f1 = await invoice('F-1', '2026-10-24');
    const f2 = await invoice('F-2', '2026-08-31');
    await core.call('invoices.setFinancing', { invoiceId: f1, financing: 'factored' });
    await core.call('invoices.setFinancing', { invoiceId: f2, financing: 'insured' });
    const queue = await core.call('queue.today', {});
    expect(queue.lines[0]!.invoices.map((i) => i.number)).toEqual(['F-2']);
    // 90 days by default from 31/08: 29/11, within 30 days.
    expect(queue.insurer).toMatchObject([{ invoiceNumber: 'F-2', deadline: '2026-11-29', daysLeft: 6 }]);
    expect((await core.fail('insurer.declare', { invoiceId: f2 })).message).toMatch(/Paramètres → Assurance-crédit/);
    await core.call('settings.set', { creditInsurance: { insurerName: 'Assureur Crédit SA', insurerAddress: ['SERVICE SINISTRES', '1 place de la Bourse', '75002 PARIS'], policyNumber: 'P-778899', declarationDays: 90, declarationDaysConfirmed: true } });
    const doc = await core.call('insurer.declare', { invoiceId: f2 });
    const { base64 } = await core.call('documents.merge', { ids: [doc.id] });
    const path = join(core.dir, 'declaration.pdf');
    writeFileSync(path, Buffer.from(base64, 'base64'));
    const text = execFileSync('pdftotext', ['-layout', path, '-'], { encoding: 'utf8' }).replace(/[\u202f\u00a0]/g, ' ');
    expect(text).toContain('Déclaration de menace de sinistre — police n° P-778899 — Boulangerie Dupont');
    expect(text).toContain('Assureur Crédit SA');
    expect(text).toContain('F-2');
    expect((await core.call('queue.today', {})).insurer).toEqual([]);
  });

  it('prints every letter action of the day in one PDF and records them as done', async () => {
    await invoice('F-1', '2026-11-01'); // letter
    const other = (await core.call('clients.create', aClient({ name: 'Garage Leroy', siren: '404833048' }))).id;
    await invoice('G-1', '2026-10-01', 50_000, other); // +53: formal notice
    const third = (await core.call('clients.create', aClient({ name: 'Café du Port', siren: '542065479' }))).id;
    await invoice('C-1', '2026-10-24', 20_000, third); // +30: a call, not a letter
    const batch = await core.call('queue.letters', {});
    expect(batch.count).toBe(2);
    const path = join(core.dir, 'batch.pdf');
    writeFileSync(path, Buffer.from(batch.base64, 'base64'));
    const text = execFileSync('pdftotext', [path, '-'], { encoding: 'utf8' });
    expect(text).toMatch(/mettons en demeure/);
    expect(text).toContain('BOULANGERIE DUPONT');
    expect((await core.call('queue.today', {})).lines.map((l) => l.clientName)).toEqual(['Café du Port']);
    expect((await core.call('register.list', {})).map((r) => r.clientName)).toEqual(['Garage Leroy']);
  });

  it('a payment plan holds the client while its instalments are paid on time; a missed one resumes the scenario at the next step', async () => {
    const f1 = await invoice('F-1', '2026-10-24'); // +30: the call
    await core.call('queue.act', { clientId, stepOffset: 30, decision: 'do', call: { outcome: 'reached', note: 'Accepte un échéancier' } });
    const plan = await core.call('plans.create', { clientId, invoiceIds: [f1], count: 2, firstDate: '2026-12-01', frequency: 'monthly' });
    expect(plan.instalments.map((i) => i.amountCents)).toEqual([50_000, 50_000]);
    const held = await core.call('queue.today', { asOf: '2026-12-03' });
    expect(held.held).toMatchObject([{ clientName: 'Boulangerie Dupont', holds: [{ reason: 'payment_plan' }] }]);
    await core.call('payments.record', { clientId, date: '2026-11-30', amountCents: 50_000, method: 'transfer' });
    // First instalment paid; the second (01/01) is missed after 5 days of grace.
    expect((await core.call('queue.today', { asOf: '2027-01-06' })).held).toHaveLength(1);
    const back = await core.call('queue.today', { asOf: '2027-01-07' });
    expect(back.lines[0]).toMatchObject({ clientName: 'Boulangerie Dupont', resumed: true, totalCents: 50_000 });
    expect(back.lines[0]!.step).toMatchObject({ offsetDays: 45, channel: 'registered_letter' });
  });

  it('prepares an SMS step: its text and length, and the day’s SMS as a CSV for an SMS service', async () => {
    const step = { template: null, tone: 'courteous' as const, contactRole: 'accounting' as const, needsValidation: false };
    const sms = await core.call('scenarios.save', { name: 'Par SMS', steps: [{ ...step, offsetDays: 5, channel: 'sms' }] });
    await core.call('clients.setScenario', { clientId, scenarioId: sms.id });
    await core.call('clients.update', { id: clientId, client: aClient({ contacts: [{ role: 'accounting', name: 'Claire Martin', phone: '06 12 34 56 78' }] }) });
    await invoice('F-1', '2026-11-10');
    const csv = await core.call('queue.smsCsv', {});
    const text = Buffer.from(csv.base64, 'base64').toString('utf8');
    expect(csv.exported).toBe(1);
    expect(text).toContain('+33612345678;');
    expect(text).toContain('Atelier Martin');
    const done = await core.call('queue.act', { clientId, stepOffset: 5, decision: 'do' });
    expect(done.sms).toMatchObject({ phone: '06 12 34 56 78', encoding: 'GSM-7', segments: 1 });
    expect(done.sms!.text).toContain('1 000,00');
  });

  it('an e-mail step sent through the configured SMTP server arrives with the letter attached, logged with its Message-ID', async () => {
    const received: { to: string[]; raw: string }[] = [];
    const server = new SMTPServer({
      secure: false,
      disabledCommands: ['STARTTLS'],
      authOptional: true,
      logger: false,
      onData(stream, session, callback) {
        const chunks: Buffer[] = [];
        stream.on('data', (c: Buffer) => chunks.push(c));
        stream.on('end', () => {
          received.push({ to: session.envelope.rcptTo.map((r) => r.address), raw: Buffer.concat(chunks).toString('latin1') });
          callback();
        });
      },
    });
    await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', () => resolve()));
    try {
      const port = (server.server.address() as AddressInfo).port;
      await core.call('preferences.set', { smtp: { enabled: true, host: '127.0.0.1', port, security: 'none', user: '', password: '', fromName: 'Atelier Martin', fromAddress: 'relances@atelier-martin.example' } });
      await invoice('F-1', '2026-11-14'); // +9: the e-mail of J+7
      const done = await core.call('queue.act', { clientId, stepOffset: 7, decision: 'do' });
      expect(done.email).toMatchObject({ transport: 'smtp', recipient: 'compta@dupont.example' });
      expect(received).toHaveLength(1);
      expect(received[0]!.to).toEqual(['compta@dupont.example']);
      expect(received[0]!.raw).toContain(`Message-ID: ${done.email!.messageId}`);
      expect(received[0]!.raw).toMatch(/Content-Type: application\/pdf/);
      const logged = core.ctx.db.prepare('SELECT transport, message_id, recipient FROM sent_messages').all();
      expect(logged).toEqual([{ transport: 'smtp', message_id: done.email!.messageId, recipient: 'compta@dupont.example' }]);
      // The password is never sent back to the window.
      expect((await core.call('preferences.get', {})).smtp.password).toBe('');
    } finally {
      await new Promise<void>((resolve) => server.close(() => resolve()));
    }
  });

  it('with the SMTP server unreachable, nothing fails: the e-mail is handed out as an .eml with a warning', async () => {
    await core.call('preferences.set', { smtp: { enabled: true, host: '127.0.0.1', port: 9, security: 'none', user: '', password: '', fromName: '', fromAddress: 'relances@atelier-martin.example' } });
    await invoice('F-1', '2026-11-14');
    const done = await core.call('queue.act', { clientId, stepOffset: 7, decision: 'do' });
    expect(done.email?.transport).toBe('eml');
    expect(done.email?.warning).toMatch(/^Envoi SMTP impossible/);
    expect(Buffer.from(done.email!.eml!.base64, 'base64').toString('latin1')).toMatch(/^X-Unsent: 1/m);
  });

  it('does every step that does not wait for validation in one go, and reports the ones it could not do', async () => {
    await invoice('F-1', '2026-11-01'); // letter (automatic)
    const other = (await core.call('clients.create', aClient({ name: 'Garage Leroy', siren: '404833048', contacts: [] }))).id;
    await invoice('G-1', '2026-11-14', 50_000, other); // e-mail (automatic) but no address
    const third = (await core.call('clients.create', aClient({ name: 'Café du Port', siren: '542065479' }))).id;
    await invoice('C-1', '2026-10-24', 20_000, third); // call: never automatic
    const run = await core.call('queue.runAutomatic', {});
    expect(run.results.map((r) => [r.line.clientName, r.line.step.channel])).toEqual([['Boulangerie Dupont', 'letter']]);
    expect(run.failures).toEqual([{ clientId: other, clientName: 'Garage Leroy', message: '« Garage Leroy » n’a aucun contact avec une adresse e-mail : ajoutez-en un sur sa fiche, ou passez l’étape.' }]);
    expect((await core.call('queue.today', {})).lines.map((l) => l.clientName).sort()).toEqual(['Café du Port', 'Garage Leroy']);
    // Nothing half-written for the line refused: no letter archived for it.
    expect((await core.call('documents.list', { clientId: other }))).toEqual([]);
  });
});
