// The register of registered letters: every formal notice generated enters it; the user records
// the tracking number when posting and the receipt date (with the scan of the avis de réception)
// when it comes back. The deadline given by the notice runs from that receipt, and the receipt
// is recorded as the formal notice's date on each invoice (it makes a consumer's interest run).
import { createHash } from 'node:crypto';
import { addDays, formatDateFr, type IsoDate } from '../../shared/domain/dates.js';
import { formatRegisteredNumber, formatSiren, isValidRegisteredNumber } from '../../shared/validation.js';
import { printedLines } from '../../shared/domain/address.js';
import type { RegisteredLetterView } from '../../shared/contract.js';
import type { CoreContext } from './context.js';
import type { BordereauModel } from './documents/RegisterPdf.js';
import { archiveDocument, type ArchivedDocument } from './letters.js';
import { AppError, notFound } from './errors.js';

/** One entry of the register (the deadline: receipt date + the deadline of Paramètres, null until received). */
export type RegisteredLetter = RegisteredLetterView;

/** Called when a formal notice is archived: it enters the register, to be posted. */
export function registerFormalNotice(ctx: CoreContext, documentId: number, clientId: number): void {
  ctx.db
    .prepare('INSERT OR IGNORE INTO registered_letters (document_id, client_id, created_at) VALUES (?, ?, ?)')
    .run(documentId, clientId, ctx.clock.now());
}

export function listRegister(ctx: CoreContext): RegisteredLetter[] {
  const days = ctx.repos.settings.get().letterDeadlineDays;
  const rows = ctx.db
    .prepare(
      `SELECT r.*, d.title AS document_title, c.name AS client_name,
         EXISTS (SELECT 1 FROM collective_procedures p WHERE p.declaration_document_id = r.document_id) AS is_declaration
       FROM registered_letters r JOIN documents d ON d.id = r.document_id JOIN clients c ON c.id = r.client_id
       ORDER BY COALESCE(r.sent_date, '9999') DESC, r.id DESC`,
    )
    .all() as {
    id: number;
    document_id: number;
    document_title: string;
    client_id: number;
    client_name: string;
    tracking_number: string | null;
    sent_date: IsoDate | null;
    received_date: IsoDate | null;
    receipt_document_id: number | null;
    is_declaration: number;
  }[];
  return rows.map((r) => ({
    id: r.id,
    documentId: r.document_id,
    documentTitle: r.document_title,
    clientId: r.client_id,
    clientName: r.client_name,
    trackingNumber: r.tracking_number,
    sentDate: r.sent_date,
    receivedDate: r.received_date,
    receiptDocumentId: r.receipt_document_id,
    // A déclaration de créance sets no payment deadline: only formal notices do.
    deadline: r.received_date && !r.is_declaration ? addDays(r.received_date, days) : null,
    status: r.received_date ? 'received' : r.sent_date ? 'posted' : 'to_post',
  }));
}

function get(ctx: CoreContext, id: number): RegisteredLetter {
  const found = listRegister(ctx).find((r) => r.id === id);
  if (!found) throw notFound('Recommandé');
  return found;
}

export function recordPosting(ctx: CoreContext, input: { id: number; trackingNumber: string; sentDate: IsoDate }): RegisteredLetter {
  if (!isValidRegisteredNumber(input.trackingNumber)) {
    throw new AppError('VALIDATION', 'Numéro de recommandé invalide : 13 lettres et chiffres, par exemple 1A 123 456 7890 1.', {
      trackingNumber: 'Numéro de recommandé invalide : 13 lettres et chiffres, par exemple 1A 123 456 7890 1.',
    });
  }
  if (input.sentDate > ctx.clock.today()) throw new AppError('VALIDATION', 'La date d’envoi ne peut pas être dans le futur.', { sentDate: 'Date future.' });
  const before = get(ctx, input.id);
  if (before.receivedDate) throw new AppError('PRECONDITION', 'Ce recommandé a déjà été reçu : son envoi ne peut plus être modifié.');
  const letterDate = (ctx.db.prepare('SELECT substr(created_at, 1, 10) AS d FROM documents WHERE id = ?').get(before.documentId) as { d: string }).d;
  if (input.sentDate < letterDate) {
    throw new AppError('VALIDATION', `La lettre a été établie le ${formatDateFr(letterDate)} : elle n’a pas pu être envoyée avant.`, { sentDate: 'Antérieure à la lettre.' });
  }
  const tracking = formatRegisteredNumber(input.trackingNumber);
  ctx.db.transaction(() => {
    ctx.db.prepare('UPDATE registered_letters SET tracking_number = ?, sent_date = ? WHERE id = ?').run(tracking, input.sentDate, input.id);
    ctx.repos.audit.append({ entity: 'document', entityId: before.documentId, action: 'update', summary: `Recommandé ${tracking} envoyé le ${formatDateFr(input.sentDate)} (${before.clientName})`, before, after: { tracking, sentDate: input.sentDate } });
  })();
  return get(ctx, input.id);
}

export function recordReceipt(ctx: CoreContext, input: { id: number; receivedDate: IsoDate; scan?: { fileName: string; mimeType: string; base64: string } | undefined }): RegisteredLetter {
  const before = get(ctx, input.id);
  if (!before.sentDate) throw new AppError('PRECONDITION', 'Enregistrez d’abord l’envoi (numéro et date) de ce recommandé.');
  if (input.receivedDate < before.sentDate) throw new AppError('VALIDATION', 'La réception ne peut précéder l’envoi.', { receivedDate: 'Antérieure à l’envoi.' });
  if (input.receivedDate > ctx.clock.today()) throw new AppError('VALIDATION', 'La date de réception ne peut pas être dans le futur.', { receivedDate: 'Date future.' });
  ctx.db.transaction(() => {
    let scanId: number | null = null;
    if (input.scan) {
      const content = Buffer.from(input.scan.base64, 'base64');
      scanId = Number(
        ctx.db
          .prepare(
            `INSERT INTO documents (client_id, kind, title, file_name, mime_type, size_bytes, sha256, content, created_at)
             VALUES (?, 'proof', ?, ?, ?, ?, ?, ?, ?)`,
          )
          .run(before.clientId, `Avis de réception ${before.trackingNumber ?? ''}`.trim(), input.scan.fileName, input.scan.mimeType, content.length, createHash('sha256').update(content).digest('hex'), content, ctx.clock.now())
          .lastInsertRowid,
      );
    }
    ctx.db.prepare('UPDATE registered_letters SET received_date = ?, receipt_document_id = COALESCE(?, receipt_document_id) WHERE id = ?').run(input.receivedDate, scanId, input.id);
    // The notice takes effect on receipt: it is the formal notice's date on each of its invoices
    // (a déclaration de créance to the mandataire is no formal notice: nothing to record).
    const isNotice = (ctx.db.prepare('SELECT kind FROM documents WHERE id = ?').pluck().get(before.documentId) as string) === 'formal_notice';
    const invoices = isNotice ? (ctx.db.prepare("SELECT owner_id FROM attachments WHERE document_id = ? AND owner_type = 'invoice'").all(before.documentId) as { owner_id: number }[]) : [];
    const event = ctx.db.prepare("INSERT INTO legal_events (invoice_id, kind, event_date, note, created_at) VALUES (?, 'formal_notice', ?, ?, ?)");
    for (const { owner_id } of invoices) event.run(owner_id, input.receivedDate, `LRAR ${before.trackingNumber ?? ''}`.trim(), ctx.clock.now());
    ctx.repos.audit.append({ entity: 'document', entityId: before.documentId, action: 'update', summary: `Recommandé ${before.trackingNumber} reçu le ${formatDateFr(input.receivedDate)} (${before.clientName})`, before, after: { receivedDate: input.receivedDate, scanId } });
  })();
  return get(ctx, input.id);
}

/**
 * The bordereau de dépôt for the post office: the letters posted on `date` (their numbers
 * printed) and, when asked, those still to post (a blank to fill in by hand at the counter).
 * Archived like every generated document (kind "other", no client).
 */
export function bordereauModel(ctx: CoreContext, input: { date: IsoDate; includeToPost: boolean }): BordereauModel {
  const company = ctx.repos.company.get();
  if (!company) throw new AppError('PRECONDITION', 'Renseignez d’abord votre entreprise (Paramètres) : elle est l’expéditeur du bordereau.');
  const entries = listRegister(ctx).filter((r) => r.sentDate === input.date || (input.includeToPost && r.status === 'to_post'));
  if (entries.length === 0) {
    throw new AppError('PRECONDITION', `Aucun recommandé envoyé le ${formatDateFr(input.date)}${input.includeToPost ? ' ni à poster' : ''} : rien à porter au bordereau.`);
  }
  // Letters with a number first (in the order of their numbers), then those still to number.
  entries.sort((a, b) => (a.trackingNumber ?? '\uffff').localeCompare(b.trackingNumber ?? '\uffff') || a.id - b.id);
  return {
    date: input.date,
    sender: {
      name: company.name,
      addressLines: printedLines(company.address).filter((l, i) => !(i === 0 && l.trim().toLowerCase() === company.name.trim().toLowerCase())),
      legalLine: [company.legalForm, company.siren ? `SIREN ${formatSiren(company.siren)}` : null].filter(Boolean).join(' · '),
    },
    lines: entries.map((r) => {
      // A déclaration de créance goes to the mandataire judiciaire, not to the debtor.
      const mandataire = ctx.db.prepare('SELECT mandataire_name, mandataire_address FROM collective_procedures WHERE declaration_document_id = ?').get(r.documentId) as
        | { mandataire_name: string | null; mandataire_address: string }
        | undefined;
      if (mandataire) {
        return { trackingNumber: r.trackingNumber, recipient: mandataire.mandataire_name ?? 'Mandataire judiciaire', addressLines: printedLines(JSON.parse(mandataire.mandataire_address) as string[]), content: r.documentTitle };
      }
      const client = ctx.repos.clients.get(r.clientId);
      // As on the envelope: the address's first line names the recipient, the rest is below it.
      const [first, ...rest] = printedLines(client.address);
      return { trackingNumber: r.trackingNumber, recipient: first ?? client.name, addressLines: first ? rest : [], content: r.documentTitle };
    }),
  };
}

export async function printBordereau(ctx: CoreContext, input: { date: IsoDate; includeToPost: boolean }): Promise<ArchivedDocument> {
  const model = bordereauModel(ctx, input);
  const { renderBordereau } = await import('./documents/RegisterPdf.js');
  const content = await renderBordereau(model);
  return archiveDocument(ctx, {
    clientId: null,
    kind: 'other',
    title: `Bordereau de dépôt — ${model.lines.length} recommandé${model.lines.length > 1 ? 's' : ''} — ${input.date}`,
    fileName: `bordereau-depot-${input.date}.pdf`,
    content,
    invoiceIds: [],
  });
}
