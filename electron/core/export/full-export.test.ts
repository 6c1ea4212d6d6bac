// The full export on real SQLite files: a book with business and consumer clients, contacts,
// invoices, payments spread over invoices, a credit note, an invoice PDF, letters and pièces →
// export → import into an empty book → export again: the same CSV files, the same documents by
// hash, the same ZIP; and what the format carries compared field by field.
import { createHash } from 'node:crypto';
import { strFromU8, unzipSync } from 'fflate';
import { PDFDocument } from 'pdf-lib';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { aClient, aConsumer } from '../../../test/helpers/builders.js';
import { freshCore, type TestCore } from '../../../test/helpers/core.js';
import type { CoreContext } from '../context.js';
import { archiveDocument } from '../letters.js';
import { deterministicZip, FULL_EXPORT_MAX_DOCUMENTS, fullExport, importFullExport, ZIP_MAX_ENTRIES } from './full-export.js';

/** French numbers group digits with a narrow no-break space: plain spaces, to compare. */
const plain = (text: string) => text.replace(/[\u202f\u00a0]/g, ' ');

let core: TestCore;
let other: TestCore;
beforeEach(() => {
  core = freshCore();
  other = freshCore();
});
afterEach(() => {
  core.close();
  other.close();
});

const fakePdf = (text: string) => Buffer.from(`%PDF-1.4\n% ${text}\n%%EOF\n`, 'utf8');
async function realPdf(title: string): Promise<string> {
  const pdf = await PDFDocument.create();
  pdf.setTitle(title);
  pdf.addPage([200, 200]);
  return Buffer.from(await pdf.save({ useObjectStreams: false })).toString('base64');
}

/** A book using everything the format carries, and some of what it does not (credit note, dispute). */
async function richBook(t: TestCore) {
  const dupont = await t.call(
    'clients.create',
    aClient({
      contacts: [
        { role: 'operations', name: 'Paul Roux', email: 'paul@dupont.example', phone: null },
        { role: 'accounting', name: 'Claire Martin', email: 'compta@dupont.example', phone: '01 23 45 67 89' },
      ],
      paymentTerms: { mode: 'eom45' },
      siret: '73282932000074',
      vatNumber: 'FR44732829320',
    }),
  );
  const jeanne = await t.call('clients.create', aConsumer({ contacts: [{ role: 'other', name: 'Jeanne Lefèvre', email: 'jeanne@exemple.fr', phone: '06 12 34 56 78' }] }));
  const zinc = await t.call(
    'clients.create',
    aClient({ name: 'Atelier "Zinc"; Bois', siren: null, contacts: [], address: ['ATELIER ZINC', '', '', ' 3 place du Marché', '', '13001 MARSEILLE'], paymentTerms: { mode: 'net', days: 0 } }),
  );
  const f1 = await t.call('invoices.create', {
    clientId: dupont.id, number: 'F-001', issueDate: '2026-01-10', deliveryDate: '2026-01-08', dueDate: '2026-02-28',
    amountHtCents: 100_000, amountTvaCents: 20_000, amountTtcCents: 120_000, reference: 'BC; 17',
  });
  const f2 = await t.call('invoices.create', { clientId: dupont.id, number: 'F-002', issueDate: '2026-02-01', dueDate: '2026-03-31', amountTtcCents: 50_000 });
  const f3 = await t.call('invoices.create', { clientId: jeanne.id, number: 'F-003', issueDate: '2026-03-15', deliveryDate: '2026-03-10', dueDate: '2026-04-14', amountTtcCents: 34_567 });
  const f4 = await t.call('invoices.create', { clientId: zinc.id, number: 'F 004/26', issueDate: '2026-04-01', dueDate: '2026-04-01', amountTtcCents: 999 });
  // One payment over two invoices, a partial payment, a credit note and a dispute (not carried).
  await t.call('payments.record', { clientId: dupont.id, date: '2026-03-05', amountCents: 150_000, method: 'transfer', reference: 'VIR 123', allocation: [{ invoiceId: f1.invoice.id, amountCents: 120_000 }, { invoiceId: f2.invoice.id, amountCents: 30_000 }] });
  await t.call('payments.record', { clientId: jeanne.id, date: '2026-05-02', amountCents: 10_000, method: 'cheque', allocation: 'auto' });
  await t.call('creditNotes.create', { invoiceId: f2.invoice.id, number: 'AV-1', issueDate: '2026-04-01', amountCents: 5_000 });
  await t.call('disputes.open', { invoiceId: f4.invoice.id, reason: 'Contesté', openedDate: '2026-05-01' });
  // Documents: an invoice PDF, a letter over an invoice, pièces on a client and on an invoice, a document of no client.
  await t.call('invoices.attachPdf', { id: f1.invoice.id, fileName: 'facture F-001.pdf', base64: fakePdf('F-001').toString('base64') });
  archiveDocument(t.ctx, { clientId: jeanne.id, kind: 'reminder', title: 'Relance amiable — Jeanne Lefèvre — 2026-06-01', fileName: 'relance-lefevre-2026-06-01.pdf', content: fakePdf('relance'), invoiceIds: [f3.invoice.id] });
  await t.call('attachments.add', { owner: { type: 'client', id: dupont.id }, pieceType: 'contract', fileName: 'contrat: cadre.pdf', base64: await realPdf('contrat') });
  await t.call('attachments.add', { owner: { type: 'invoice', id: f2.invoice.id }, pieceType: 'delivery_note', title: 'BL n° 7', fileName: 'bl-7.pdf', base64: await realPdf('bl') });
  archiveDocument(t.ctx, { clientId: null, kind: 'other', title: 'Bordereau de dépôt', fileName: 'bordereau.pdf', content: fakePdf('bordereau'), invoiceIds: [] });
  return { dupont, jeanne, zinc, f1, f2, f3, f4 };
}

const sha = (b: Uint8Array) => createHash('sha256').update(b).digest('hex');

/** Exactly what the format carries, keyed by natural keys (no ids but the documents'). */
function carried(ctx: CoreContext) {
  const all = (sql: string) => ctx.db.prepare(sql).all();
  return {
    clients: all(
      `SELECT c.name, c.kind, c.siren, c.siret, c.vat_number, c.address_1, c.address_2, c.address_3, c.address_4, c.address_5, c.address_6,
         c.country, c.terms_mode, c.terms_days,
         (SELECT email FROM contacts WHERE client_id = c.id AND (email IS NOT NULL OR phone IS NOT NULL) ORDER BY role = 'accounting' DESC, position, id LIMIT 1) AS email,
         (SELECT phone FROM contacts WHERE client_id = c.id AND (email IS NOT NULL OR phone IS NOT NULL) ORDER BY role = 'accounting' DESC, position, id LIMIT 1) AS phone
       FROM clients c ORDER BY c.name`,
    ),
    invoices: all(
      `SELECT i.number, c.name AS client, i.issue_date, i.due_date, i.delivery_date, i.amount_ht_cents, i.amount_ttc_cents, i.reference, i.paid_cents
       FROM invoices i JOIN clients c ON c.id = i.client_id ORDER BY i.number`,
    ),
    allocations: all(
      `SELECT i.number, p.payment_date, a.amount_cents, p.method FROM payment_allocations a JOIN payments p ON p.id = a.payment_id
       JOIN invoices i ON i.id = a.invoice_id ORDER BY i.number, p.payment_date, a.amount_cents`,
    ),
    documents: all(
      `SELECT d.id, c.name AS client, d.kind, d.piece_type, d.title, d.file_name, d.mime_type, d.size_bytes, d.sha256, d.created_at,
         (SELECT group_concat(x, ' ') FROM (SELECT coalesce(i.number, a.owner_type) AS x FROM attachments a LEFT JOIN invoices i ON a.owner_type = 'invoice' AND i.id = a.owner_id
            WHERE a.document_id = d.id ORDER BY x)) AS links,
         (SELECT group_concat(number) FROM invoices WHERE pdf_document_id = d.id) AS pdf_of
       FROM documents d LEFT JOIN clients c ON c.id = d.client_id ORDER BY d.id`,
    ),
    contents: (ctx.db.prepare('SELECT content FROM documents ORDER BY id').pluck().all() as Buffer[]).map(sha),
  };
}

describe('full export', () => {
  it('round trip: export → import into an empty book → export gives the same files, documents and book', async () => {
    await richBook(core);
    const first = await fullExport(core.ctx);
    expect(first.counts).toEqual({ clients: 3, invoices: 4, paymentLines: 3, documents: 5 });
    expect(first.fileName).toBe('Recouvra – export complet – 2026-11-23.zip');

    const result = await importFullExport(other.ctx, first.zip);
    expect(result.documents).toBe(5);
    expect(result.import).toMatchObject({ clientsCreated: 3, invoices: 4, payments: 3 });
    const second = await fullExport(other.ctx);

    const a = unzipSync(first.zip);
    const b = unzipSync(second.zip);
    expect(Object.keys(b)).toEqual(Object.keys(a));
    for (const name of ['clients.csv', 'factures.csv', 'paiements.csv', 'documents.csv', 'manifest.json']) expect(strFromU8(b[name]!)).toBe(strFromU8(a[name]!));
    const documents = Object.keys(a).filter((n) => n.startsWith('documents/'));
    expect(documents).toEqual([
      'documents/1 – facture F-001.pdf',
      'documents/2 – relance-lefevre-2026-06-01.pdf',
      'documents/3 – contrat- cadre.pdf',
      'documents/4 – bl-7.pdf',
      'documents/5 – bordereau.pdf',
    ]);
    for (const name of documents) expect(sha(b[name]!)).toBe(sha(a[name]!));
    expect(Buffer.compare(second.zip, first.zip)).toBe(0);

    // Field by field, what the format carries.
    expect(carried(other.ctx)).toEqual(carried(core.ctx));
    const docs = carried(other.ctx).documents as { links: string | null; pdf_of: string | null; client: string | null }[];
    expect(docs.map((d) => [d.client, d.links, d.pdf_of])).toEqual([
      ['Boulangerie Dupont', null, 'F-001'],
      ['Jeanne Lefèvre', 'F-003', null],
      ['Boulangerie Dupont', 'client', null],
      ['Boulangerie Dupont', 'F-002', null],
      [null, null, null],
    ]);
    // What it does not carry: the credit note and the dispute.
    expect(other.ctx.db.prepare('SELECT count(*) FROM credit_notes').pluck().get()).toBe(0);
    expect(other.ctx.db.prepare('SELECT count(*) FROM disputes').pluck().get()).toBe(0);
  });

  it('is deterministic, and its manifest lists every file with its SHA-256', async () => {
    await richBook(core);
    const one = await fullExport(core.ctx);
    const two = await fullExport(core.ctx);
    expect(Buffer.compare(one.zip, two.zip)).toBe(0);
    const files = unzipSync(one.zip);
    const manifest = JSON.parse(strFromU8(files['manifest.json']!)) as { format: string; files: { file: string; sha256: string; bytes: number }[] };
    expect(manifest.format).toBe('recouvra/export-complet');
    expect(manifest.files.map((f) => f.file).sort()).toEqual(Object.keys(files).filter((n) => n !== 'manifest.json' && n !== 'MANIFEST-SHA256.txt').sort());
    for (const f of manifest.files) expect(f.sha256).toBe(sha(files[f.file]!));
    const index = strFromU8(files['documents.csv']!).replace(/^\uFEFF/, '').split('\r\n');
    expect(index[0]).toBe('id;client_name;client_siren;invoice_numbers;invoice_pdf_of;client_piece;kind;piece_type;title;file_name;mime_type;size_bytes;sha256;created_at;path');
    expect(index[1]).toMatch(/^1;Boulangerie Dupont;732829320;;"\[""F-001""\]";;invoice_pdf;;Facture F-001;facture F-001\.pdf;application\/pdf;\d+;[0-9a-f]{64};2026-11-23T09:30:00\.000Z;documents\/1 – facture F-001\.pdf$/);
  });

  it('refuses a book that is not empty, and writes nothing', async () => {
    await richBook(core);
    const { zip } = await fullExport(core.ctx);
    await other.call('clients.create', aConsumer());
    await expect(importFullExport(other.ctx, zip)).rejects.toMatchObject({ code: 'PRECONDITION', message: expect.stringContaining('n’est pas vide (1 client)') });
    expect(other.ctx.db.prepare('SELECT count(*) FROM invoices').pluck().get()).toBe(0);
  });

  it('refuses a ZIP whose files changed since the export, or that is not one', async () => {
    await richBook(core);
    const { zip } = await fullExport(core.ctx);
    const files = unzipSync(zip);
    files['documents/2 – relance-lefevre-2026-06-01.pdf'] = fakePdf('modifiée');
    const { zipSync } = await import('fflate');
    await expect(importFullExport(other.ctx, zipSync(files))).rejects.toMatchObject({
      code: 'VALIDATION',
      message: expect.stringContaining('modifié depuis l’exportation (SHA-256 du manifeste) : documents/2 – relance-lefevre-2026-06-01.pdf'),
    });
    await expect(importFullExport(other.ctx, Buffer.from('pas un zip'))).rejects.toMatchObject({ code: 'VALIDATION', message: expect.stringContaining('pas un ZIP lisible') });
    expect(other.ctx.db.prepare('SELECT count(*) FROM clients').pluck().get()).toBe(0);
  });

  it('refuses, before reading them, more documents than a ZIP holds; up to that count, every one is in the ZIP', async () => {
    const insert = core.ctx.db.prepare(
      `INSERT INTO documents (kind, title, file_name, mime_type, size_bytes, sha256, content, created_at)
       VALUES ('other', 'Pièce ' || @n, 'piece-' || @n || '.txt', 'text/plain', 1, @sha, X'78', '2026-11-23T09:00:00.000Z')`,
    );
    const sha = createHash('sha256').update('x').digest('hex');
    const add = core.ctx.db.transaction((from: number, to: number) => {
      for (let n = from; n <= to; n++) insert.run({ n, sha });
    });
    add(1, FULL_EXPORT_MAX_DOCUMENTS);
    const { zip, counts } = await fullExport(core.ctx);
    expect(counts.documents).toBe(FULL_EXPORT_MAX_DOCUMENTS);
    expect(Object.keys(unzipSync(zip))).toHaveLength(ZIP_MAX_ENTRIES);

    add(FULL_EXPORT_MAX_DOCUMENTS + 1, FULL_EXPORT_MAX_DOCUMENTS + 1);
    const refused = (await fullExport(core.ctx).then(
      () => ({ code: 'none', message: 'exportée' }),
      (e: unknown) => e as { code: string; message: string },
    ));
    expect(refused).toMatchObject({ code: 'PRECONDITION' });
    expect(plain(refused.message)).toContain('les livres ont 65 529 documents archivés et une exportation en contient 65 528 au plus');
    expect(refused.message).toContain('faites une sauvegarde du fichier de données');
  });

  it('refuses an export heavier than the import accepts: from the documents’ size first, else from the ZIP’s', async () => {
    await richBook(core);
    const { zip } = await fullExport(core.ctx);
    const documentBytes = core.ctx.db.prepare('SELECT SUM(length(content)) FROM documents').pluck().get() as number;
    await expect(fullExport(core.ctx, { maxZipBytes: documentBytes - 1 })).rejects.toMatchObject({ code: 'PRECONDITION', message: expect.stringContaining('les documents archivés pèsent') });
    // The documents fit, the ZIP (CSV files, manifests, headers) does not.
    await expect(fullExport(core.ctx, { maxZipBytes: zip.length - 1 })).rejects.toMatchObject({ code: 'PRECONDITION', message: expect.stringContaining('elle pèserait') });
    expect((await fullExport(core.ctx, { maxZipBytes: zip.length })).zip.equals(zip)).toBe(true);
  });

  it('all or nothing: a document naming an unknown invoice undoes the CSV import too', async () => {
    await richBook(core);
    const { zip } = await fullExport(core.ctx);
    const files = unzipSync(zip);
    const index = strFromU8(files['documents.csv']!).replace('""F-003""', '""F-999""');
    const rebuilt = Object.entries(files)
      .filter(([name]) => name !== 'manifest.json' && name !== 'MANIFEST-SHA256.txt')
      .map(([name, content]) => ({ name, content: name === 'documents.csv' ? new TextEncoder().encode(index) : content }));
    const tampered = await deterministicZip(rebuilt, '2026-11-23', { format: 'recouvra/export-complet', version: 1 });
    await expect(importFullExport(other.ctx, tampered)).rejects.toMatchObject({ code: 'VALIDATION', message: expect.stringContaining('facture « F-999 » introuvable') });
    for (const table of ['clients', 'invoices', 'payments', 'documents', 'audit_log']) expect(other.ctx.db.prepare(`SELECT count(*) FROM ${table}`).pluck().get()).toBe(0);
  });
});
