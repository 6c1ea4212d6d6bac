// Letters from the books: the invoices each covers, the amounts from the penalty engine, the
// client references the CLI accepts, and the archive with its SHA-256.
import { execFileSync } from 'node:child_process';
import { createHash } from 'node:crypto';
import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { PDFDocument } from 'pdf-lib';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { aClient, aCompany, aConsumer } from '../../test/helpers/builders.js';
import { freshCore, type TestCore } from '../../test/helpers/core.js';
import { archiveDocument, clientsOverdue, documentContent, generateLetters, letterModelFor, resolveClient } from './letters.js';

let core: TestCore; // today: 2026-11-23
let dupont: number;
beforeEach(async () => {
  core = freshCore();
  await core.call('company.save', aCompany());
  dupont = (await core.call('clients.create', aClient())).id;
  await core.call('invoices.create', { clientId: dupont, number: 'F-1', issueDate: '2025-08-31', dueDate: '2025-09-30', amountTtcCents: 100_000 });
  await core.call('invoices.create', { clientId: dupont, number: 'F-2', issueDate: '2026-11-01', dueDate: '2026-12-01', amountTtcCents: 50_000 });
});
afterEach(() => core.close());

describe('letterModelFor', () => {
  it('a formal notice covers the overdue invoices with penalties to date and the 40 € indemnity', () => {
    const { model, invoiceIds } = letterModelFor(core.ctx, dupont, 'formal_notice', '2025-10-31' as never);
    expect(invoiceIds).toHaveLength(1);
    // 31 days on 1 000 € at 12,15 % = 100000 × 1215 × 31 / 3650000 = 1031.9 → 1032
    expect(model.invoices.map((i) => [i.number, i.remainingCents, i.penaltiesCents, i.indemnityCents])).toEqual([['F-1', 100_000, 1032, 4000]]);
    expect(model.totals.claimCents).toBe(105_032);
    expect(model.deadline).toEqual({ days: 8, date: '2025-11-08' });
  });

  it('a statement lists every open invoice, due or not', () => {
    expect(letterModelFor(core.ctx, dupont, 'statement', '2026-11-23' as never).model.invoices.map((i) => i.number)).toEqual(['F-1', 'F-2']);
  });

  it('refuses a letter to a client with nothing overdue, and asks for the company first', async () => {
    const other = (await core.call('clients.create', aConsumer())).id;
    expect(() => letterModelFor(core.ctx, other, 'firm_reminder', '2026-11-23' as never)).toThrow(/aucune facture échue/);
  });
});

describe('clients and references', () => {
  it('finds clients overdue by at least N days', () => {
    expect(clientsOverdue(core.ctx, '2026-11-23' as never, 30)).toEqual([dupont]);
    expect(clientsOverdue(core.ctx, '2025-10-05' as never, 30)).toEqual([]);
  });

  it('accepts an id, a SIREN (spaces allowed) or the exact name', () => {
    expect(resolveClient(core.ctx, String(dupont))).toBe(dupont);
    expect(resolveClient(core.ctx, '732 829 320')).toBe(dupont);
    expect(resolveClient(core.ctx, 'boulangerie dupont')).toBe(dupont);
    expect(() => resolveClient(core.ctx, 'Personne')).toThrow(/introuvable/);
  });
});

describe('archive', () => {
  it('stores the bytes with their SHA-256, links the invoices, and hands back exactly what was stored', () => {
    const content = Buffer.from('%PDF-1.7\nlettre\n');
    const doc = archiveDocument(core.ctx, { clientId: dupont, kind: 'formal_notice', title: 'Mise en demeure', fileName: 'mise-en-demeure.pdf', content, invoiceIds: [1] });
    expect(doc.sha256).toBe(createHash('sha256').update(content).digest('hex'));
    expect(documentContent(core.ctx, doc.id).content.equals(content)).toBe(true);
    expect(core.ctx.db.prepare("SELECT owner_id FROM attachments WHERE document_id = ? AND owner_type = 'invoice'").all(doc.id)).toEqual([{ owner_id: 1 }]);
    // The app never modifies an archived document…
    expect(() => core.ctx.db.prepare('UPDATE documents SET content = ? WHERE id = ?').run(Buffer.from('x'), doc.id)).toThrow(/immutable/);
    // …and a file altered from outside is refused rather than printed.
    core.ctx.db.exec('DROP TRIGGER documents_never_modified');
    core.ctx.db.prepare('UPDATE documents SET content = ? WHERE id = ?').run(Buffer.from('%PDF-1.7\nautre\n'), doc.id);
    expect(() => documentContent(core.ctx, doc.id)).toThrow(/SHA-256/);
  });
});

describe('a batch', () => {
  const pdfText = (pdf: Buffer, name: string) => {
    const path = join(core.dir, `${name}.pdf`);
    writeFileSync(path, pdf);
    return execFileSync('pdftotext', ['-layout', '-enc', 'UTF-8', path, '-'], { encoding: 'utf8' });
  };

  it('merges the archived letters page by page into one valid PDF, with a small page cache while it runs', async () => {
    const consumer = (await core.call('clients.create', aConsumer())).id;
    await core.call('invoices.create', { clientId: consumer, number: 'F-3', issueDate: '2026-08-01', dueDate: '2026-08-31', amountTtcCents: 30_000 });
    const cacheSize = () => core.ctx.db.pragma('cache_size', { simple: true });
    const before = cacheSize();
    expect(before).toBe(-65536); // 64 MB (db/connection.ts)
    const seen: unknown[] = [];
    const batch = await generateLetters(core.ctx, { clientIds: [dupont, consumer], type: 'formal_notice', asOf: '2026-11-23' as never }, { onProgress: () => seen.push(cacheSize()) });
    expect(batch.documents.map((d) => d.clientId)).toEqual([dupont, consumer]);
    // 8 MB while the batch reads the books; the connection's own cache back after it.
    expect(seen).toEqual([-8192, -8192]);
    expect(cacheSize()).toBe(before);

    const letters = batch.documents.map((d) => documentContent(core.ctx, d.id).content);
    const merged = await PDFDocument.load(batch.merged);
    const pageCounts = await Promise.all(letters.map(async (l) => (await PDFDocument.load(l)).getPageCount()));
    expect(merged.getPageCount()).toBe(pageCounts.reduce((a, b) => a + b, 0));
    // The same pages, in order: the text of the merged PDF is that of each letter, one after the other.
    expect(pdfText(batch.merged, 'merged')).toBe(letters.map((l, i) => pdfText(l, `letter-${i}`)).join(''));
    expect(batch.merged.subarray(0, 8).toString('latin1')).toBe('%PDF-1.7');
    expect(batch.merged.subarray(-5).toString('latin1')).toBe('%%EOF');
  });
});

describe('templates', () => {
  it('uses the user’s wording once saved, refuses unknown placeholders, and resets to the default', async () => {
    const saved = await core.call('templates.save', { type: 'friendly_reminder', subject: 'Petit rappel', body: 'Bonjour,\n\nIl reste {{total_du}} à régler.' });
    expect(saved.friendly_reminder).toMatchObject({ subject: 'Petit rappel', custom: true });
    const { model } = letterModelFor(core.ctx, dupont, 'friendly_reminder', '2026-11-23' as never);
    expect(model.subject).toBe('Petit rappel');
    expect(model.paragraphs).toEqual(['Bonjour,', 'Il reste 1\u202f000,00\u00a0€ à régler.']);
    const refused = await core.fail('templates.save', { type: 'friendly_reminder', subject: 'X', body: 'Payez {{montant}}' });
    expect(refused.message).toMatch(/\{\{montant\}\}/);
    const reset = await core.call('templates.reset', { type: 'friendly_reminder' });
    expect(reset.friendly_reminder.custom).toBe(false);
    expect(letterModelFor(core.ctx, dupont, 'friendly_reminder', '2026-11-23' as never).model.subject).toBe('Relance : factures en attente de règlement');
  });
});
