// Collection letters from the books: which invoices each letter covers, what is claimed on each
// (the penalty engine), the letter model; and the archive of generated documents (stored whole
// with their SHA-256, linked to the client and invoices, never modified: regenerating adds one).
import { createHash } from 'node:crypto';
import type { IsoDate } from '../../shared/domain/dates.js';
import type { Cents } from '../../shared/domain/money.js';
import { computePenalties } from '../../shared/domain/penalties.js';
import {
  buildLetterModel,
  DEFAULT_TEMPLATES,
  fillTemplate,
  LETTER_TYPE_LABELS,
  PLACEHOLDERS,
  type LetterInvoice,
  type LetterModel,
  type LetterTemplate,
  type LetterType,
} from '../../shared/documents/letter-model.js';
import { compactIdentifier } from '../../shared/validation.js';
import { fold } from '../../shared/domain/text.js';
import type { DocumentInfo } from '../../shared/domain/document.js';
import type { CoreContext } from './context.js';
import { AppError } from './errors.js';
import { renderLettersOffThread } from './documents/pdf-worker.js';
import { legalEvents, rateTable } from './legal.js';
import { registerFormalNotice } from './register.js';

export const DOCUMENT_KIND_OF: Record<LetterType, 'reminder' | 'formal_notice' | 'statement'> = {
  friendly_reminder: 'reminder',
  firm_reminder: 'reminder',
  formal_notice: 'formal_notice',
  statement: 'statement',
};

/** A client named on the command line: its id, its SIREN or its exact name (accents and case ignored). */
export function resolveClient(ctx: CoreContext, reference: string): number {
  const text = reference.trim();
  if (/^\d{1,8}$/.test(text)) {
    const row = ctx.db.prepare('SELECT id FROM clients WHERE id = ?').get(Number(text)) as { id: number } | undefined;
    if (row) return row.id;
  }
  const siren = compactIdentifier(text);
  if (/^\d{9}$/.test(siren)) {
    const rows = ctx.db.prepare('SELECT id FROM clients WHERE siren = ?').all(siren) as { id: number }[];
    if (rows.length === 1) return rows[0]!.id;
  }
  const byName = ctx.db.prepare('SELECT id FROM clients WHERE sort_key = ?').all(fold(text)) as { id: number }[];
  if (byName.length === 1) return byName[0]!.id;
  if (byName.length > 1) throw new AppError('CONFLICT', `Plusieurs clients s’appellent « ${text} » : désignez-le par son numéro ou son SIREN.`);
  throw new AppError('NOT_FOUND', `Client « ${text} » introuvable : donnez son numéro, son SIREN ou son nom exact.`);
}

/** Clients with invoices overdue by at least `minDaysLate` days on `asOf` (undisputed, not written off), with their names, in name order. */
export function clientsOverdueNamed(ctx: CoreContext, asOf: IsoDate, minDaysLate: number): { id: number; name: string }[] {
  return ctx.db
    .prepare(
      `SELECT c.id, c.name FROM clients c
       WHERE c.archived_at IS NULL AND EXISTS (
         SELECT 1 FROM invoices i INDEXED BY invoices_open
         WHERE i.client_id = c.id AND i.amount_ttc_cents > i.paid_cents + i.credited_cents
           AND i.due_date <= date(@asOf, '-' || @minDays || ' days') AND i.written_off = 0 AND i.open_disputes = 0)
       ORDER BY c.sort_key`,
    )
    .all({ asOf, minDays: Math.max(1, minDaysLate) }) as { id: number; name: string }[];
}

/** The ids of clientsOverdueNamed. */
export function clientsOverdue(ctx: CoreContext, asOf: IsoDate, minDaysLate: number): number[] {
  return clientsOverdueNamed(ctx, asOf, minDaysLate).map((c) => c.id);
}

/** The letter of one type to one client: its open invoices (overdue ones, except for a statement). */
export function letterModelFor(ctx: CoreContext, clientId: number, type: LetterType, asOf: IsoDate, only?: readonly number[]): { model: LetterModel; invoiceIds: number[] } {
  const company = ctx.repos.company.get();
  if (!company) throw new AppError('PRECONDITION', 'Renseignez d’abord votre entreprise (Paramètres) : elle figure en en-tête de chaque courrier.');
  const client = ctx.repos.clients.get(clientId);
  const rows = ctx.db
    .prepare(
      `SELECT id FROM invoices WHERE client_id = ? AND written_off = 0 AND amount_ttc_cents > paid_cents + credited_cents
         AND (? = 1 OR (due_date < ? AND open_disputes = 0)) ORDER BY due_date, number`,
    )
    .all(clientId, type === 'statement' || only ? 1 : 0, asOf) as { id: number }[];
  // A reminder from the queue names exactly the invoices of its line (some may not be due yet).
  if (only) rows.splice(0, rows.length, ...rows.filter((r) => only.includes(r.id)));
  if (rows.length === 0) {
    throw new AppError('PRECONDITION', type === 'statement' ? `« ${client.name} » n’a aucune facture ouverte.` : `« ${client.name} » n’a aucune facture échue non contestée.`);
  }
  const rates = rateTable(ctx);
  const settings = ctx.repos.settings.get();
  const invoices: LetterInvoice[] = rows.map(({ id }) => {
    const d = ctx.repos.ledger.detail(id);
    const events = legalEvents(ctx, id);
    const latest = (kind: string) => events.filter((e) => e.kind === kind).at(-1)?.date ?? null;
    const statement = computePenalties({
      kind: client.kind,
      principalCents: d.invoice.amountTtcCents,
      dueDate: d.invoice.dueDate,
      asOf,
      payments: [...d.allocations.map((a) => ({ date: a.date, amountCents: a.amountCents })), ...d.creditNotes.map((c) => ({ date: c.issueDate, amountCents: c.amountCents }))],
      contractualRateBp: d.invoice.contractualRateBp,
      formalNoticeDate: latest('formal_notice'),
      enforceableDate: latest('enforceable'),
      rates,
    });
    return {
      number: d.invoice.number,
      issueDate: d.invoice.issueDate,
      dueDate: d.invoice.dueDate,
      amountCents: d.invoice.amountTtcCents,
      settledCents: (d.paidCents + d.creditedCents) as Cents,
      remainingCents: Math.max(0, d.balanceCents) as Cents,
      penaltiesCents: statement.interestCents,
      indemnityCents: statement.indemnityCents,
    };
  });
  const { subject, body } = letterTemplates(ctx)[type];
  const model = buildLetterModel({ type, date: asOf, company, client, invoices, deadlineDays: settings.letterDeadlineDays, template: { subject, body } });
  return { model, invoiceIds: rows.map((r) => r.id) };
}

/** A stored document (shared/domain/document.ts). */
export type ArchivedDocument = DocumentInfo;

/** Stores a generated document for good (its bytes and SHA-256), linked to its client and invoices. */
export function archiveDocument(
  ctx: CoreContext,
  doc: { clientId: number | null; kind: 'reminder' | 'formal_notice' | 'statement' | 'payment_order' | 'other'; title: string; fileName: string; content: Buffer; invoiceIds: number[] },
): ArchivedDocument {
  const sha256 = createHash('sha256').update(doc.content).digest('hex');
  const now = ctx.clock.now();
  return ctx.db.transaction(() => {
    const id = Number(
      ctx.db
        .prepare(
          `INSERT INTO documents (client_id, kind, title, file_name, mime_type, size_bytes, sha256, content, created_at)
           VALUES (?, ?, ?, ?, 'application/pdf', ?, ?, ?, ?)`,
        )
        .run(doc.clientId, doc.kind, doc.title, doc.fileName, doc.content.length, sha256, doc.content, now).lastInsertRowid,
    );
    const link = ctx.db.prepare("INSERT INTO attachments (document_id, owner_type, owner_id, created_at) VALUES (?, 'invoice', ?, ?)");
    for (const invoiceId of doc.invoiceIds) link.run(id, invoiceId, now);
    ctx.repos.audit.append({ entity: 'document', entityId: id, action: 'create', summary: `${doc.title} archivé (${doc.fileName}, SHA-256 ${sha256.slice(0, 12)}…)`, after: { clientId: doc.clientId, kind: doc.kind, sha256, invoiceIds: doc.invoiceIds } });
    return { id, clientId: doc.clientId, kind: doc.kind, title: doc.title, fileName: doc.fileName, sizeBytes: doc.content.length, sha256, createdAt: now, invoiceIds: doc.invoiceIds };
  })();
}

/** A stored document's bytes, checked against its SHA-256 before they are handed out. */
export function documentContent(ctx: CoreContext, id: number): { fileName: string; content: Buffer } {
  const row = ctx.db.prepare('SELECT file_name, content, sha256 FROM documents WHERE id = ?').get(id) as { file_name: string; content: Buffer; sha256: string } | undefined;
  if (!row) throw new AppError('NOT_FOUND', 'Document introuvable.');
  if (createHash('sha256').update(row.content).digest('hex') !== row.sha256) {
    throw new AppError('INTERNAL', 'Ce document archivé ne correspond plus à son empreinte SHA-256 : le fichier de données a été altéré. Restaurez une sauvegarde.');
  }
  return { fileName: row.file_name, content: row.content };
}

export function letterTitle(type: LetterType, clientName: string, asOf: IsoDate): string {
  return `${LETTER_TYPE_LABELS[type]} — ${clientName} — ${asOf}`;
}

export interface GeneratedLetters {
  documents: ArchivedDocument[];
  /** All the letters in one PDF, each on its own pages, for printing in one go. */
  merged: Buffer;
  fileName: string;
}

/**
 * Renders one letter per client, archives each on its own, and returns them merged for printing.
 * `onProgress` is told after each letter; `isCancelled` stops between two letters (what was
 * archived stays archived, as each letter is a document of its own).
 */
export async function generateLetters(
  ctx: CoreContext,
  request: { clientIds: number[]; type: LetterType; asOf: IsoDate },
  hooks: { onProgress?: (done: number, total: number) => void; isCancelled?: () => boolean; merge?: boolean } = {},
): Promise<GeneratedLetters> {
  return withBatchPageCache(ctx, async () => {
    const documents: ArchivedDocument[] = [];
    for (const [n, clientId] of request.clientIds.entries()) {
      if (hooks.isCancelled?.()) break;
      documents.push(await generateOneLetter(ctx, clientId, request.type, request.asOf));
      hooks.onProgress?.(n + 1, request.clientIds.length);
    }
    // The printed batch is the archived letters themselves, page by page: nothing is rendered twice.
    const merged = documents.length && hooks.merge !== false ? await mergeDocuments(ctx, documents.map((d) => d.id)) : Buffer.alloc(0);
    return { documents, merged, fileName: `${request.type.replace(/_/g, '-')}-${request.asOf}-${documents.length}-courriers.pdf` };
  });
}

/** Batches under way per connection, and the page-cache size to give back when the last one ends. */
const batchCaches = new WeakMap<CoreContext['db'], { depth: number; cacheSize: number }>();

/** Page cache of a batch, in KiB: the b-trees' inner pages stay cached; each leaf is read once. */
const BATCH_CACHE_KIB = 8192;

/**
 * Runs a batch of letters with the connection's page cache cut to 8 MB, then gives it back. A
 * batch reads each client's invoices, settlements and events once, scattered over the whole
 * book: in the 64 MB cache the reports want (db/connection.ts) they would fill it with pages
 * never read again, 64 MB more resident memory for nothing. The file's pages stay in the
 * system's cache, which is not the process's memory.
 */
export async function withBatchPageCache<T>(ctx: CoreContext, run: () => Promise<T>): Promise<T> {
  const db = ctx.db;
  let state = batchCaches.get(db);
  if (!state) {
    state = { depth: 0, cacheSize: Number(db.pragma('cache_size', { simple: true })) };
    // cache_size: negative in KiB, positive in pages.
    const kib = state.cacheSize < 0 ? -state.cacheSize : (state.cacheSize * Number(db.pragma('page_size', { simple: true }))) / 1024;
    if (kib > BATCH_CACHE_KIB) db.pragma(`cache_size = ${-BATCH_CACHE_KIB}`);
    batchCaches.set(db, state);
  }
  state.depth += 1;
  try {
    return await run();
  } finally {
    state.depth -= 1;
    if (state.depth === 0) {
      batchCaches.delete(db);
      if (db.open) db.pragma(`cache_size = ${Math.trunc(state.cacheSize)}`);
    }
  }
}

/**
 * Renders one letter to one client and archives it (a formal notice also enters the register).
 * `only`: exactly these invoices (a line of the reminder queue); by default every overdue one.
 */
export async function generateOneLetter(ctx: CoreContext, clientId: number, type: LetterType, asOf: IsoDate, only?: readonly number[]): Promise<ArchivedDocument> {
  // Here too, for the batches that call it letter by letter (the queue's).
  return withBatchPageCache(ctx, () => renderAndArchive(ctx, clientId, type, asOf, only));
}

async function renderAndArchive(ctx: CoreContext, clientId: number, type: LetterType, asOf: IsoDate, only?: readonly number[]): Promise<ArchivedDocument> {
  const { model, invoiceIds } = letterModelFor(ctx, clientId, type, asOf, only);
  const content = await renderLettersOffThread([model], ctx.repos.settings.get().letterWindow, ctx.repos.company.get()?.logo ?? null);
  const client = ctx.repos.clients.get(clientId);
  const fileName = `${type.replace(/_/g, '-')}-${fold(client.name).replace(/[^a-z0-9]+/g, '-').replace(/^-|-$/g, '')}-${asOf}.pdf`;
  const archived = archiveDocument(ctx, { clientId, kind: DOCUMENT_KIND_OF[type], title: letterTitle(type, client.name, asOf), fileName, content, invoiceIds });
  // A formal notice goes by registered letter: it enters the register, to be posted.
  if (type === 'formal_notice') registerFormalNotice(ctx, archived.id, clientId);
  return archived;
}

export function listDocuments(ctx: CoreContext, clientId?: number): (ArchivedDocument & { clientName: string | null })[] {
  const rows = ctx.db
    .prepare(
      `SELECT d.id, d.client_id, c.name AS client_name, d.kind, d.title, d.file_name, d.size_bytes, d.sha256, d.created_at,
         (SELECT group_concat(owner_id) FROM attachments a WHERE a.document_id = d.id AND a.owner_type = 'invoice') AS invoice_ids
       FROM documents d LEFT JOIN clients c ON c.id = d.client_id
       WHERE d.kind <> 'invoice_pdf' AND (@clientId IS NULL OR d.client_id = @clientId)
       ORDER BY d.id DESC LIMIT 500`,
    )
    .all({ clientId: clientId ?? null }) as {
    id: number;
    client_id: number | null;
    client_name: string | null;
    kind: string;
    title: string;
    file_name: string;
    size_bytes: number;
    sha256: string;
    created_at: string;
    invoice_ids: string | null;
  }[];
  return rows.map((r) => ({
    id: r.id,
    clientId: r.client_id,
    clientName: r.client_name,
    kind: r.kind,
    title: r.title,
    fileName: r.file_name,
    sizeBytes: r.size_bytes,
    sha256: r.sha256,
    createdAt: r.created_at,
    invoiceIds: r.invoice_ids ? r.invoice_ids.split(',').map(Number) : [],
  }));
}

/** Archived documents concatenated into one PDF (exactly the archived bytes, page by page). */
export async function mergeDocuments(ctx: CoreContext, ids: number[]): Promise<Buffer> {
  // One document: its archived bytes themselves, so what is printed hashes to what was stored.
  if (ids.length === 1) return documentContent(ctx, ids[0] as number).content;
  return withBatchPageCache(ctx, async () => {
    const { PDFDocument } = await import('pdf-lib');
    const merged = await PDFDocument.create();
    for (const id of ids) {
      const source = await PDFDocument.load(documentContent(ctx, id).content);
      const pages = await merged.copyPages(source, source.getPageIndices());
      for (const page of pages) merged.addPage(page);
    }
    return Buffer.from(await merged.save());
  });
}

const TEMPLATES_KEY = 'letterTemplates';

/** The wording in force for each letter type: the user's version where there is one, else the default. */
export function letterTemplates(ctx: CoreContext): Record<LetterType, LetterTemplate & { custom: boolean }> {
  const custom = ctx.repos.settings.raw<Partial<Record<LetterType, LetterTemplate>>>(TEMPLATES_KEY) ?? {};
  return Object.fromEntries(
    (Object.keys(DEFAULT_TEMPLATES) as LetterType[]).map((t) => [t, custom[t] ? { ...custom[t], custom: true } : { ...DEFAULT_TEMPLATES[t], custom: false }]),
  ) as Record<LetterType, LetterTemplate & { custom: boolean }>;
}

/** Saves the user's wording; refuses placeholders that do not exist, so no letter prints "{{…}}". */
export function saveLetterTemplate(ctx: CoreContext, type: LetterType, template: LetterTemplate) {
  const unknown = [...new Set([...fillTemplate(template.subject, PLACEHOLDER_VALUES).unknown, ...fillTemplate(template.body, PLACEHOLDER_VALUES).unknown])];
  if (unknown.length) {
    throw new AppError('VALIDATION', `Champ${unknown.length > 1 ? 's' : ''} inconnu${unknown.length > 1 ? 's' : ''} : ${unknown.map((u) => `{{${u}}}`).join(', ')}. Champs possibles : ${Object.keys(PLACEHOLDERS).map((p) => `{{${p}}}`).join(', ')}.`, {
      body: 'Champ inconnu dans le texte.',
    });
  }
  const custom = ctx.repos.settings.raw<Partial<Record<LetterType, LetterTemplate>>>(TEMPLATES_KEY) ?? {};
  ctx.repos.settings.setRaw(TEMPLATES_KEY, { ...custom, [type]: template }, `Modèle « ${LETTER_TYPE_LABELS[type]} » modifié`);
  return letterTemplates(ctx);
}

export function resetLetterTemplate(ctx: CoreContext, type: LetterType) {
  const { [type]: _removed, ...rest } = ctx.repos.settings.raw<Partial<Record<LetterType, LetterTemplate>>>(TEMPLATES_KEY) ?? {};
  ctx.repos.settings.setRaw(TEMPLATES_KEY, rest, `Modèle « ${LETTER_TYPE_LABELS[type]} » remis au texte par défaut`);
  return letterTemplates(ctx);
}

const PLACEHOLDER_VALUES: Record<string, string> = Object.fromEntries(Object.keys(PLACEHOLDERS).map((k) => [k, '']));
