// Personal data on real SQLite files (clock 2026-11-23): the export of everything held about a
// consumer, erasure refused while a debt can be enforced (with the reason and the date),
// anonymisation that leaves the accounting untouched and no trace of the person elsewhere
// (searched in every table, and in the database's files themselves), erasure, and the review of
// inactive clients.
import { createHash } from 'node:crypto';
import { existsSync, readFileSync } from 'node:fs';
import { strFromU8, unzipSync } from 'fflate';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { aClient, aConsumer } from '../../../test/helpers/builders.js';
import { freshCore, type TestCore } from '../../../test/helpers/core.js';
import { applyImport } from '../import/apply.js';
import { archiveDocument } from '../letters.js';
import type { CoreContext } from '../context.js';
import { clientRetention, eraseOrAnonymise, inactiveClients, personalDataExport } from './rgpd.js';

let core: TestCore;
beforeEach(() => {
  core = freshCore();
});
afterEach(() => core.close());

const sha = (b: Uint8Array) => createHash('sha256').update(b).digest('hex');
const pdf = (text: string) => Buffer.from(`%PDF-1.4\n% ${text}\n%%EOF\n`, 'utf8');
/** What identifies Jeanne Lefèvre, as the tests search for it. */
const TRACES = ['Lefèvre', 'Lefevre', 'LEFEVRE', 'lefevre', 'jeanne@exemple.fr', '06 12 34 56 78', '8 avenue Jean Jaur'];

/** Jeanne Lefèvre, consumer, with one invoice still unpaid and everything a collection leaves behind. */
async function jeanneWithHistory(t: TestCore) {
  const jeanne = await t.call(
    'clients.create',
    aConsumer({
      contacts: [{ role: 'other', name: 'Jeanne Lefèvre', email: 'jeanne@exemple.fr', phone: '06 12 34 56 78' }],
      notes: 'Mme Lefèvre préfère être appelée le soir.',
      tags: ['particulier lyon'],
    }),
  );
  const f1 = await t.call('invoices.create', {
    clientId: jeanne.id, number: 'F-1', issueDate: '2026-01-10', deliveryDate: '2026-01-08', dueDate: '2026-02-09',
    amountHtCents: 10_000, amountTvaCents: 2_000, amountTtcCents: 12_000, description: 'Travaux chez Mme Lefèvre, 8 avenue Jean Jaurès',
  });
  await t.call('invoices.attachPdf', { id: f1.invoice.id, fileName: 'facture-F-1.pdf', base64: pdf('Facture F-1 Jeanne Lefèvre 8 avenue Jean Jaurès').toString('base64') });
  await t.call('promises.create', { invoiceId: f1.invoice.id, madeDate: '2026-03-01', promisedDate: '2026-03-15', amountCents: 12_000, note: 'Jeanne promet au téléphone (06 12 34 56 78)' });
  await t.call('legalEvents.add', { invoiceId: f1.invoice.id, kind: 'formal_notice', date: '2026-04-02', note: 'LRAR reçue par Mme Lefèvre' });
  const letter = archiveDocument(t.ctx, {
    clientId: jeanne.id, kind: 'formal_notice', title: 'Mise en demeure — Jeanne Lefèvre — 2026-04-01', fileName: 'mise-en-demeure-lefevre.pdf',
    content: pdf('Madame Jeanne Lefèvre, 8 avenue Jean Jaurès'), invoiceIds: [f1.invoice.id],
  });
  t.ctx.db.prepare("INSERT INTO registered_letters (document_id, client_id, tracking_number, sent_date, received_date, created_at) VALUES (?, ?, '1A12345678901', '2026-04-01', '2026-04-02', ?)").run(letter.id, jeanne.id, t.ctx.clock.now());
  const action = Number(
    t.ctx.db
      .prepare("INSERT INTO reminder_actions (client_id, channel, action_date, status, document_id, note, created_at) VALUES (?, 'email', '2026-02-16', 'done', NULL, 'Relance à jeanne@exemple.fr', ?)")
      .run(jeanne.id, t.ctx.clock.now()).lastInsertRowid,
  );
  t.ctx.db.prepare('INSERT INTO reminder_action_invoices (action_id, invoice_id) VALUES (?, ?)').run(action, f1.invoice.id);
  t.ctx.db.prepare("INSERT INTO sent_messages (action_id, client_id, transport, message_id, recipient, subject, sent_at) VALUES (?, ?, 'eml', '<1@recouvra>', 'jeanne@exemple.fr', 'Relance — Jeanne Lefèvre', ?)").run(action, jeanne.id, t.ctx.clock.now());
  return { jeanne, f1, letter };
}

async function payInFull(t: TestCore, clientId: number, invoiceId: number, date = '2026-06-10') {
  await t.call('payments.record', { clientId, date, amountCents: 12_000, method: 'transfer', reference: 'VIR MME JEANNE LEFEVRE F-1', allocation: [{ invoiceId, amountCents: 12_000 }] });
}

/** Every value of every row of every table but those named, with where it was found. */
function findTraces(ctx: CoreContext, except: string[]): string[] {
  const tables = ctx.db.prepare("SELECT name FROM sqlite_master WHERE type = 'table' AND name NOT LIKE 'sqlite_%'").pluck().all() as string[];
  const hits: string[] = [];
  for (const table of tables.filter((t) => !except.includes(t))) {
    for (const row of ctx.db.prepare(`SELECT rowid AS _rowid, * FROM ${table}`).all() as Record<string, unknown>[]) {
      for (const [column, value] of Object.entries(row)) {
        const text = value instanceof Uint8Array ? Buffer.from(value).toString('utf8') : String(value);
        for (const trace of TRACES) if (text.includes(trace)) hits.push(`${table}.${column}#${String(row._rowid)}: ${trace}`);
      }
    }
  }
  return [...new Set(hits.map((h) => h.replace(/: .*$/, '')))];
}

function accounting(ctx: CoreContext) {
  return {
    invoices: ctx.db.prepare('SELECT id, client_id, number, issue_date, due_date, amount_ht_cents, amount_tva_cents, amount_ttc_cents, paid_cents, credited_cents, pdf_document_id FROM invoices ORDER BY id').all(),
    payments: ctx.db.prepare('SELECT id, client_id, payment_date, amount_cents, method FROM payments ORDER BY id').all(),
    allocations: ctx.db.prepare('SELECT payment_id, invoice_id, amount_cents FROM payment_allocations ORDER BY id').all(),
    total: ctx.db.prepare('SELECT SUM(amount_ttc_cents - paid_cents - credited_cents) FROM invoices').pluck().get(),
  };
}

describe('export of personal data', () => {
  it('holds the client record, contacts, invoices, payments, promises, legal events, actions, documents and the journal', async () => {
    const { jeanne, letter } = await jeanneWithHistory(core);
    await payInFull(core, jeanne.id, 1);
    const { zip, fileName } = await personalDataExport(core.ctx, jeanne.id);
    expect(fileName).toBe('Données personnelles – Jeanne Lefèvre – 2026-11-23.zip');
    const files = unzipSync(zip);
    const data = JSON.parse(strFromU8(files['donnees.json']!)) as Record<string, any>;
    expect(data.format).toBe('recouvra/donnees-personnelles');
    expect(data.personne).toMatchObject({ id: jeanne.id, kind: 'consumer', first_name: 'Jeanne', last_name: 'Lefèvre', address_4: '8 avenue Jean Jaurès', notes: 'Mme Lefèvre préfère être appelée le soir.', tags: ['particulier lyon'] });
    expect(data.personne.search_key).toBeUndefined();
    expect(data.contacts).toEqual([expect.objectContaining({ name: 'Jeanne Lefèvre', email: 'jeanne@exemple.fr', phone: '06 12 34 56 78' })]);
    expect(data.factures).toEqual([expect.objectContaining({ number: 'F-1', amount_ttc_cents: 12_000, description: 'Travaux chez Mme Lefèvre, 8 avenue Jean Jaurès' })]);
    expect(data.paiements).toEqual([expect.objectContaining({ amount_cents: 12_000, affectations: [{ invoice_id: 1, invoice_number: 'F-1', amount_cents: 12_000 }] })]);
    expect(data.promesses[0].note).toBe('Jeanne promet au téléphone (06 12 34 56 78)');
    expect(data.evenements_juridiques[0]).toMatchObject({ kind: 'formal_notice', event_date: '2026-04-02' });
    expect(data.relances[0]).toMatchObject({ channel: 'email', note: 'Relance à jeanne@exemple.fr', factures: ['F-1'] });
    expect(data.courriels_envoyes[0]).toMatchObject({ recipient: 'jeanne@exemple.fr' });
    expect(data.recommandes[0]).toMatchObject({ tracking_number: '1A12345678901' });
    expect(data.journal.map((j: { summary: string }) => j.summary)).toEqual(
      expect.arrayContaining(['Client « Jeanne Lefèvre » créé', expect.stringContaining('PDF joint à la facture F-1'), expect.stringContaining('Mise en demeure — Jeanne Lefèvre')]),
    );
    expect(data.journal[0].after).toMatchObject({ name: 'Jeanne Lefèvre' });
    expect(data.conservation).toMatchObject({ canErase: false, canAnonymise: true, keepUntil: '2036-12-31' });
    // The documents, byte for byte.
    expect(data.documents.map((d: { fichier: string }) => d.fichier)).toEqual(['documents/1 – facture-F-1.pdf', `documents/${letter.id} – mise-en-demeure-lefevre.pdf`]);
    for (const d of data.documents as { fichier: string; sha256: string }[]) expect(sha(files[d.fichier]!)).toBe(d.sha256);
    expect(strFromU8(files['LISEZMOI.txt']!)).toContain('centimes d’euro');
    // Deterministic.
    expect(Buffer.compare((await personalDataExport(core.ctx, jeanne.id)).zip, zip)).toBe(0);
  });

  it('for a company, only its contacts’ personal fields', async () => {
    const dupont = await core.call('clients.create', aClient());
    const data = JSON.parse(strFromU8(unzipSync((await personalDataExport(core.ctx, dupont.id)).zip)['donnees.json']!)) as Record<string, any>;
    expect(data.personne).toBeNull();
    expect(data.contacts).toEqual([expect.objectContaining({ name: 'Claire Martin', email: 'compta@dupont.example' })]);
    expect(data.factures).toBeUndefined();
  });
});

describe('erasure and anonymisation', () => {
  it('refused while a debt can still be enforced, with the reason and the date; nothing written', async () => {
    const { jeanne } = await jeanneWithHistory(core);
    const journal = core.ctx.db.prepare('SELECT count(*) FROM audit_log').pluck().get();
    for (const mode of ['erase', 'anonymise'] as const) {
      let error: unknown;
      try {
        eraseOrAnonymise(core.ctx, jeanne.id, mode);
      } catch (e) {
        error = e;
      }
      expect(error).toMatchObject({ code: 'PRECONDITION' });
      const message = (error as Error).message;
      expect(message).toContain(`ne peut pas être ${mode === 'erase' ? 'effacé avant le 01/01/2037' : 'anonymisé avant le 09/01/2028'}`);
      expect(message).toContain('Facture impayée (F-1, reste dû 120,00');
      expect(message).toContain('jusqu’au 08/01/2028');
      expect(message).toContain('article L218-2 du Code de la consommation');
    }
    expect(core.ctx.db.prepare('SELECT name FROM clients WHERE id = ?').pluck().get(jeanne.id)).toBe('Jeanne Lefèvre');
    expect(core.ctx.db.prepare('SELECT count(*) FROM audit_log').pluck().get()).toBe(journal);
    expect(clientRetention(core.ctx, jeanne.id)).toMatchObject({ canErase: false, canAnonymise: false, debtKeepUntil: '2028-01-08', keepUntil: '2036-12-31' });
  });

  it('once paid: erasure still refused (accounting, L123-22), anonymisation keeps invoices, payments and totals, and no trace of the person but the journal and the invoice’s PDF', async () => {
    const { jeanne, f1 } = await jeanneWithHistory(core);
    await payInFull(core, jeanne.id, f1.invoice.id);
    const dupont = await core.call('clients.create', aClient());
    expect(() => eraseOrAnonymise(core.ctx, jeanne.id, 'erase')).toThrow(/effacé avant le 01\/01\/2037 : .*article L123-22 du Code de commerce/);
    const before = accounting(core.ctx);
    const pdfBefore = core.ctx.db.prepare('SELECT id, sha256, file_name, created_at FROM documents WHERE kind = ?').get('invoice_pdf');

    const report = eraseOrAnonymise(core.ctx, jeanne.id, 'anonymise');
    expect(report).toMatchObject({
      mode: 'anonymise',
      name: `Client anonymisé n° ${jeanne.id}`,
      deleted: { contacts: 1, documents: 1, registeredLetters: 1, reminderActions: 1, sentMessages: 1 },
      kept: { invoices: 1, payments: 1, creditNotes: 0, accountingDocuments: 1 },
    });
    expect(report.remaining[0]).toContain('PDF de facture conservé');
    expect(report.remaining[1]).toContain('Le journal des modifications');

    expect(accounting(core.ctx)).toEqual(before);
    expect(core.ctx.db.prepare('SELECT id, sha256, file_name, created_at FROM documents WHERE kind = ?').get('invoice_pdf')).toEqual(pdfBefore);
    const client = await core.call('clients.get', { id: jeanne.id });
    expect(client).toMatchObject({ name: `Client anonymisé n° ${jeanne.id}`, firstName: null, contacts: [], notes: null, tags: [], address: ['', '', '', '', '', ''] });
    expect(client.archivedAt).not.toBeNull();
    expect(core.ctx.db.prepare('SELECT description FROM invoices').pluck().get()).toBe('Travaux chez Mme [anonymisé], [anonymisé]');
    expect(core.ctx.db.prepare('SELECT reference FROM payments').pluck().get()).toBe('VIR [anonymisé] F-1') // « MME JEANNE LEFEVRE » is her address line 1;
    expect(core.ctx.db.prepare('SELECT note FROM promises').pluck().get()).toBeNull();
    expect(core.ctx.db.prepare('SELECT kind, event_date, note FROM legal_events').get()).toEqual({ kind: 'formal_notice', event_date: '2026-04-02', note: null });

    // The only traces left: the journal (append-only, decided) and the invoice's PDF (accounting piece, 10 years).
    expect(findTraces(core.ctx, ['audit_log'])).toEqual(['documents.content#1']);
    // The new journal entry holds no personal data; the other client is untouched.
    const entry = core.ctx.db.prepare('SELECT summary, after_json FROM audit_log ORDER BY id DESC LIMIT 1').get() as { summary: string; after_json: string };
    expect(entry.summary).toBe(`Client n° ${jeanne.id} anonymisé à la demande de la personne (RGPD, article 17) : pièces comptables conservées jusqu’au 31/12/2036`);
    for (const trace of [...TRACES, 'Jeanne']) expect(`${entry.summary} ${entry.after_json}`).not.toContain(trace);
    expect((await core.call('clients.get', { id: dupont.id })).name).toBe('Boulangerie Dupont');
    // Not twice; and not listed for review any more.
    expect(() => eraseOrAnonymise(core.ctx, jeanne.id, 'anonymise')).toThrow(/déjà anonymisé/);
    expect(inactiveClients(core.ctx, '2030-01-01' as never).map((c) => c.clientId)).not.toContain(jeanne.id);
  });

  it('leaves no trace in the database’s files themselves (free pages, WAL), old edits included', async () => {
    // Imported (the import's journal entry names no one), then a letter and an old edit of the notes.
    applyImport(core.ctx, {
      clients: 'name;kind;address_4;address_6;email;phone\nJeanne Lefèvre;particulier;8 avenue Jean Jaurès;69007 LYON;jeanne@exemple.fr;06 12 34 56 78\n',
      invoices: 'client_name;client_siren;client_kind;invoice_number;issue_date;due_date;amount_ttc\nJeanne Lefèvre;;particulier;F-1;2026-01-10;2026-02-09;120\n',
      payments: 'invoice_number;payment_date;amount;method\nF-1;2026-03-01;120;virement\n',
    });
    const id = core.ctx.db.prepare('SELECT id FROM clients').pluck().get() as number;
    core.ctx.db.prepare("INSERT INTO documents (client_id, kind, title, file_name, mime_type, size_bytes, sha256, content, created_at) VALUES (?, 'reminder', 'Relance — Jeanne Lefèvre', 'relance-lefevre.pdf', 'application/pdf', 1, 'x', ?, '2026-02-16T08:00:00Z')").run(id, pdf('Madame Jeanne Lefèvre'));
    core.ctx.db.prepare("UPDATE clients SET notes = 'Mme Lefèvre : rappeler' WHERE id = ?").run(id);
    core.ctx.db.prepare('UPDATE clients SET notes = NULL WHERE id = ?').run(id);
    // A large row deleted earlier: its overflow pages wait on the free list, content and all.
    const draft = core.ctx.db.prepare("INSERT INTO documents (client_id, kind, title, file_name, mime_type, size_bytes, sha256, content, created_at) VALUES (?, 'other', 'Brouillon', 'b.pdf', 'application/pdf', 1, 'x', ?, '2026-02-16T08:00:00Z')").run(id, pdf('Jeanne Lefèvre '.repeat(2000))).lastInsertRowid;
    core.ctx.db.prepare('DELETE FROM documents WHERE id = ?').run(draft);
    core.ctx.db.pragma('wal_checkpoint(TRUNCATE)');
    const file = () => Buffer.concat([readFileSync(core.dbPath), ...(existsSync(`${core.dbPath}-wal`) ? [readFileSync(`${core.dbPath}-wal`)] : [])]);
    expect(TRACES.some((t) => file().includes(Buffer.from(t, 'utf8')))).toBe(true);

    eraseOrAnonymise(core.ctx, id, 'anonymise');
    expect(TRACES.filter((t) => file().includes(Buffer.from(t, 'utf8')))).toEqual([]);
    expect(core.ctx.db.prepare('SELECT paid_cents FROM invoices').pluck().get()).toBe(12_000);
  });

  it('erases a client whose retention periods are all over, with everything linked to it', async () => {
    const old = await core.call('clients.create', aConsumer({ firstName: 'Marc', lastName: 'Ancien', contacts: [{ role: 'other', name: 'Marc Ancien', email: 'marc@exemple.fr', phone: null }] }));
    const keep = await core.call('clients.create', aConsumer());
    const f = await core.call('invoices.create', { clientId: old.id, number: 'A-2014', issueDate: '2014-05-02', dueDate: '2014-06-01', amountTtcCents: 5_000 });
    await core.call('creditNotes.create', { invoiceId: f.invoice.id, number: 'AV-2014', issueDate: '2014-05-20', amountCents: 1_000 });
    await core.call('payments.record', { clientId: old.id, date: '2014-06-01', amountCents: 4_000, method: 'cheque', allocation: 'auto' });
    await core.call('invoices.attachPdf', { id: f.invoice.id, fileName: 'A-2014.pdf', base64: pdf('Marc Ancien').toString('base64') });
    const other = await core.call('invoices.create', { clientId: keep.id, number: 'K-1', issueDate: '2026-01-10', dueDate: '2026-02-09', amountTtcCents: 7_000 });
    expect(clientRetention(core.ctx, old.id)).toMatchObject({ canErase: true, keepUntil: null });

    const report = eraseOrAnonymise(core.ctx, old.id, 'erase');
    expect(report).toMatchObject({ mode: 'erase', name: null, deleted: { clients: 1, contacts: 1, invoices: 1, payments: 1, allocations: 1, creditNotes: 1, documents: 1 } });
    for (const table of ['invoices', 'payments', 'credit_notes', 'documents', 'contacts']) {
      expect(core.ctx.db.prepare(`SELECT count(*) FROM ${table} WHERE ${table === 'credit_notes' ? 'invoice_id' : 'client_id'} = ?`).pluck().get(table === 'credit_notes' ? f.invoice.id : old.id)).toBe(0);
    }
    expect(core.ctx.db.prepare('SELECT count(*) FROM clients WHERE id = ?').pluck().get(old.id)).toBe(0);
    expect((await core.call('invoices.get', { id: other.invoice.id })).invoice.number).toBe('K-1');
    const entry = core.ctx.db.prepare('SELECT action, summary, before_json, after_json FROM audit_log ORDER BY id DESC LIMIT 1').get() as Record<string, string | null>;
    expect(entry).toMatchObject({ action: 'delete', before_json: null });
    expect(`${entry.summary} ${entry.after_json}`).not.toMatch(/Marc|Ancien|marc@/);
  });

  it('refuses a company: not personal data', async () => {
    const dupont = await core.call('clients.create', aClient());
    expect(() => eraseOrAnonymise(core.ctx, dupont.id, 'erase')).toThrow(/client professionnel \(personne morale\)/);
  });
});

describe('review of inactive clients', () => {
  it('flags natural persons without invoice, payment or action for the period (3 years by default, or the setting, or the parameter)', async () => {
    const quiet = await core.call('clients.create', aConsumer({ firstName: 'Anne', lastName: 'Calme' }));
    const f = await core.call('invoices.create', { clientId: quiet.id, number: 'Q-1', issueDate: '2022-06-01', dueDate: '2022-07-01', amountTtcCents: 3_000 });
    await core.call('payments.record', { clientId: quiet.id, date: '2022-07-01', amountCents: 3_000, method: 'card', allocation: [{ invoiceId: f.invoice.id, amountCents: 3_000 }] });
    const recent = await core.call('clients.create', aConsumer({ firstName: 'Rémi', lastName: 'Récent' }));
    await core.call('invoices.create', { clientId: recent.id, number: 'R-1', issueDate: '2025-01-01', dueDate: '2025-01-31', amountTtcCents: 2_000 });
    const trader = await core.call('clients.create', aClient({ name: 'Plomberie Morel', legalForm: 'EI', siren: null }));
    await core.call('invoices.create', { clientId: trader.id, number: 'T-1', issueDate: '2021-02-01', dueDate: '2021-03-01', amountTtcCents: 8_000 });
    const company = await core.call('clients.create', aClient({ siren: null, name: 'Vieille SARL' }));
    await core.call('invoices.create', { clientId: company.id, number: 'C-1', issueDate: '2019-02-01', dueDate: '2019-03-01', amountTtcCents: 8_000 });
    await core.call('clients.create', aConsumer({ firstName: 'Nina', lastName: 'Nouvelle' })); // created today, nothing since

    const flagged = inactiveClients(core.ctx);
    expect(flagged.map((c) => [c.name, c.lastActivityDate, c.openBalanceCents])).toEqual([
      ['Plomberie Morel', '2021-02-01', 8_000],
      ['Anne Calme', '2022-07-01', 0],
    ]);
    expect(flagged[1]!.reason).toContain('depuis le 01/07/2022 (3 ans ou plus)');
    expect(flagged[1]!.retention).toEqual({ canErase: false, canAnonymise: true, keepUntil: '2032-12-31' });
    // Unpaid since 2021 between professionals: prescription (5 years from 01/02/2021) is over.
    expect(flagged[0]!.retention).toEqual({ canErase: false, canAnonymise: true, keepUntil: '2031-12-31' });

    core.ctx.repos.settings.setRaw('privacyReviewYears', 5, 'Révision RGPD : 5 ans');
    expect(inactiveClients(core.ctx).map((c) => c.name)).toEqual(['Plomberie Morel']);
    expect(inactiveClients(core.ctx, core.ctx.clock.today(), 1).map((c) => c.name)).toEqual(['Plomberie Morel', 'Anne Calme', 'Rémi Récent']);
  });
});
