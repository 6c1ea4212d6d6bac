// Pièces the user attaches (contracts, general terms of sale, purchase orders, delivery notes,
// receipts, acknowledgments) to a client, an invoice or a legal case: PDF, JPEG or PNG, checked
// (the bytes must be what the name says, readable, not too large), stored once with their
// SHA-256 and never altered (documents are immutable), then listed for the dossier.
import { createHash } from 'node:crypto';
import { PIECE_TYPE_LABELS, type AttachmentOwner, type AttachmentView, type PieceType } from '../../shared/domain/attachments.js';
import type { CoreContext } from './context.js';
import { AppError, notFound } from './errors.js';

export const ATTACHMENT_MAX_BYTES = 15 * 1024 * 1024;
/**
 * Most bytes a PDF's Flate streams may inflate to, all together. pdf-lib inflates object streams
 * whole, without a cap, while reading a file: 15 Mo of a PDF bomb would be 15 Go.
 */
export const PDF_INFLATED_MAX_BYTES = 256 * 1024 * 1024;
/** Most pixels of a PNG: pdf-lib decodes it whole (an A4 page scanned in 600 dpi is 35 millions). */
export const PNG_MAX_PIXELS = 60_000_000;

/**
 * Whether a PDF's Flate streams inflate past `max` bytes all together, found without reading the
 * PDF: each « stream … endstream » that starts like zlib data is inflated by pieces, its output
 * counted and dropped, stopping past the cap. What does not inflate is left to the PDF reader.
 */
export async function pdfInflatesPast(bytes: Uint8Array, max = PDF_INFLATED_MAX_BYTES): Promise<boolean> {
  const { Unzlib } = await import('fflate');
  const pdf = Buffer.from(bytes.buffer, bytes.byteOffset, bytes.byteLength);
  const PIECE = 16 * 1024; // inflates to ~17 Mo at most
  let total = 0;
  for (let at = pdf.indexOf('stream'); at !== -1; at = pdf.indexOf('stream', at)) {
    let start = at + 6;
    at = start;
    if (pdf.subarray(Math.max(0, start - 9), start).toString('latin1') === 'endstream') continue;
    if (pdf[start] === 0x0d) start++;
    if (pdf[start] === 0x0a) start++;
    // A zlib header: deflate method (CMF & 0x0f = 8) and a check (CMF·256 + FLG) multiple of 31.
    if ((pdf[start]! & 0x0f) !== 8 || ((pdf[start]! << 8) | pdf[start + 1]!) % 31 !== 0) continue;
    const end = pdf.indexOf('endstream', start);
    const data = pdf.subarray(start, end === -1 ? pdf.length : end);
    const inflate = new Unzlib((chunk) => (total += chunk.length));
    try {
      for (let i = 0; i < data.length && total <= max; i += PIECE) inflate.push(data.subarray(i, i + PIECE), i + PIECE >= data.length);
    } catch {
      // Damaged, or not zlib after all: the PDF reader decides.
    }
    if (total > max) return true;
    if (end !== -1) at = end + 9;
  }
  return false;
}

/** The streams pdf-lib decodes while it reads a file (object streams and cross-reference streams). */
const EAGER_STREAM = /\/Type\s*\/(ObjStm|XRef)\b/;
/** The bytes of the dictionary that ends right before @at (a stream's), or null. */
function dictionaryBefore(pdf: Buffer, at: number): string | null {
  let i = at - 1;
  while (i >= 0 && (pdf[i] === 0x20 || pdf[i] === 0x0a || pdf[i] === 0x0d || pdf[i] === 0x09)) i--;
  if (i < 1 || pdf[i] !== 0x3e || pdf[i - 1] !== 0x3e) return null;
  const end = i + 1;
  let depth = 0;
  for (const floor = Math.max(0, end - 64 * 1024); i >= floor + 1; i--) {
    if (pdf[i] === 0x3e && pdf[i - 1] === 0x3e) {
      depth++;
      i--;
    } else if (pdf[i] === 0x3c && pdf[i - 1] === 0x3c) {
      depth--;
      i--;
      if (depth === 0) return pdf.subarray(i, end).toString('latin1');
    }
  }
  return null;
}

/**
 * Why a PDF must not be opened, in French, or null: its Flate streams inflate past `max` bytes
 * all together (pdfInflatesPast), or a stream pdf-lib decodes while reading the file (an object
 * or cross-reference stream) is compressed otherwise than by one FlateDecode: LZW, RunLength or
 * a chain of filters (Flate inside ASCII85, Flate inside Flate) would inflate unseen by the count
 * above, and real PDFs write those streams with FlateDecode alone.
 */
export async function pdfRefusal(bytes: Uint8Array, max = PDF_INFLATED_MAX_BYTES): Promise<string | null> {
  const pdf = Buffer.from(bytes.buffer, bytes.byteOffset, bytes.byteLength);
  for (let at = pdf.indexOf('stream'); at !== -1; at = pdf.indexOf('stream', at + 6)) {
    if (at >= 3 && pdf.subarray(at - 3, at).toString('latin1') === 'end') continue;
    const dict = dictionaryBefore(pdf, at);
    if (dict === null || !EAGER_STREAM.test(dict)) continue;
    const filter = /\/Filter\s*(\/[^\s/<>[\]()]+|\[[^\]]*\])/.exec(dict)?.[1] ?? '';
    const names = filter.match(/\/[^\s/<>[\]()]+/g) ?? [];
    if (names.length > 1 || (names.length === 1 && names[0] !== '/FlateDecode')) {
      return `un de ses flux d’objets est compressé par ${names.map((n) => n.slice(1)).join(' puis ')}, que Recouvra n’ouvre pas (seul FlateDecode y est accepté)`;
    }
  }
  if (await pdfInflatesPast(bytes, max)) return `son contenu compressé dépasse ${max / 1024 / 1024} Mo une fois décompressé`;
  return null;
}

/** Width × height from a PNG's IHDR (the first chunk, right after the signature). */
function pngPixels(content: Buffer): number {
  return content.length >= 24 ? content.readUInt32BE(16) * content.readUInt32BE(20) : 0;
}

type Mime = 'application/pdf' | 'image/png' | 'image/jpeg';

/** What the bytes really are (by their signature), whatever the file's name says. */
export function sniffMime(content: Buffer): Mime | null {
  if (content.subarray(0, 5).toString('latin1') === '%PDF-') return 'application/pdf';
  if (content.length > 8 && content.subarray(0, 8).equals(Buffer.from([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a]))) return 'image/png';
  if (content.length > 3 && content[0] === 0xff && content[1] === 0xd8 && content[2] === 0xff) return 'image/jpeg';
  return null;
}

/** Refuses a PDF bomb (see pdfRefusal) before anything opens it. */
export async function refuseInflatingPdf(content: Buffer, fileName: string, field = 'file'): Promise<void> {
  const reason = await pdfRefusal(content);
  if (reason !== null) {
    throw new AppError('VALIDATION', `« ${fileName} » : ${reason} (fichier piégé ou abîmé) : il n’a pas été ouvert.`, {
      [field]: 'Fichier piégé ou abîmé : il n’a pas été ouvert.',
    });
  }
}

/** Refuses what could not be printed in a dossier, with the reason in French. */
async function checkReadable(content: Buffer, mime: Mime, fileName: string): Promise<void> {
  const { PDFDocument } = await import('pdf-lib');
  if (mime === 'application/pdf') await refuseInflatingPdf(content, fileName);
  if (mime === 'image/png' && pngPixels(content) > PNG_MAX_PIXELS) {
    throw new AppError(
      'VALIDATION',
      `« ${fileName} » : image de ${Math.round(pngPixels(content) / 1e6).toLocaleString('fr-FR')} millions de pixels, ${PNG_MAX_PIXELS / 1e6} millions au plus : réduisez sa résolution, puis joignez-la de nouveau.`,
      { file: 'Image trop grande.' },
    );
  }
  try {
    if (mime === 'application/pdf') {
      const pdf = await PDFDocument.load(content, { updateMetadata: false });
      if (pdf.getPageCount() === 0) throw new Error('no page');
    } else {
      const probe = await PDFDocument.create();
      if (mime === 'image/png') await probe.embedPng(content);
      else await probe.embedJpg(content);
    }
  } catch (error) {
    const encrypted = /encrypt/i.test(String((error as Error).message));
    throw new AppError(
      'VALIDATION',
      encrypted
        ? `« ${fileName} » est protégé par un mot de passe : enregistrez-en une copie sans protection, puis joignez-la.`
        : `« ${fileName} » est illisible (fichier abîmé ou incomplet) : ouvrez-le pour vérifier, puis joignez-le de nouveau.`,
      { file: 'Fichier illisible.' },
    );
  }
}

export interface AddAttachmentInput {
  owner: AttachmentOwner;
  pieceType: PieceType;
  title?: string | undefined;
  fileName: string;
  base64: string;
}

function ownerClient(ctx: CoreContext, owner: AttachmentOwner): { clientId: number; label: string } {
  if (owner.type === 'client') return { clientId: ctx.repos.clients.get(owner.id).id, label: `le client « ${ctx.repos.clients.get(owner.id).name} »` };
  if (owner.type === 'invoice') {
    const { invoice } = ctx.repos.ledger.detail(owner.id);
    return { clientId: invoice.clientId, label: `la facture ${invoice.number}` };
  }
  const row = ctx.db.prepare('SELECT client_id FROM cases WHERE id = ?').get(owner.id) as { client_id: number } | undefined;
  if (!row) throw notFound('Dossier contentieux');
  return { clientId: row.client_id, label: 'le dossier contentieux' };
}

export async function addAttachment(ctx: CoreContext, input: AddAttachmentInput): Promise<AttachmentView> {
  const content = Buffer.from(input.base64, 'base64');
  const name = input.fileName.trim();
  if (content.length === 0) throw new AppError('VALIDATION', `« ${name} » est vide.`, { file: 'Fichier vide.' });
  if (content.length > ATTACHMENT_MAX_BYTES) {
    throw new AppError('VALIDATION', `« ${name} » fait ${(content.length / 1024 / 1024).toFixed(1).replace('.', ',')} Mo : 15 Mo au plus. Réduisez-le (numérisation en 200 dpi, PDF compressé) puis joignez-le de nouveau.`, { file: 'Fichier trop lourd.' });
  }
  const mime = sniffMime(content);
  if (!mime) throw new AppError('VALIDATION', `« ${name} » n’est ni un PDF, ni une image JPEG ou PNG.`, { file: 'Format refusé.' });
  await checkReadable(content, mime, name);
  const { clientId, label } = ownerClient(ctx, input.owner);
  const sha256 = createHash('sha256').update(content).digest('hex');
  const title = input.title?.trim() || `${PIECE_TYPE_LABELS[input.pieceType]} — ${name.replace(/\.[a-z0-9]+$/i, '')}`;
  const id = ctx.db.transaction(() => {
    const now = ctx.clock.now();
    const documentId = Number(
      ctx.db
        .prepare(
          `INSERT INTO documents (client_id, kind, title, file_name, mime_type, size_bytes, sha256, content, piece_type, created_at)
           VALUES (?, 'proof', ?, ?, ?, ?, ?, ?, ?, ?)`,
        )
        .run(clientId, title, name, mime, content.length, sha256, content, input.pieceType, now).lastInsertRowid,
    );
    ctx.db.prepare('INSERT INTO attachments (document_id, owner_type, owner_id, created_at) VALUES (?, ?, ?, ?)').run(documentId, input.owner.type, input.owner.id, now);
    ctx.repos.audit.append({ entity: 'document', entityId: documentId, action: 'create', summary: `Pièce jointe à ${label} : ${title} (${name}, SHA-256 ${sha256.slice(0, 12)}…)`, after: { owner: input.owner, pieceType: input.pieceType, sha256 } });
    return documentId;
  })();
  return listAttachments(ctx, input.owner).find((a) => a.documentId === id)!;
}

/** The pièces of an owner; for a client, also those of its invoices and cases. */
export function listAttachments(ctx: CoreContext, owner: AttachmentOwner): AttachmentView[] {
  const rows = ctx.db
    .prepare(
      `SELECT a.owner_type, a.owner_id, d.id AS document_id, d.title, d.file_name, d.mime_type, d.size_bytes, d.sha256, d.piece_type, d.created_at,
         (SELECT number FROM invoices WHERE a.owner_type = 'invoice' AND id = a.owner_id) AS invoice_number
       FROM attachments a JOIN documents d ON d.id = a.document_id
       WHERE d.kind = 'proof' AND d.piece_type IS NOT NULL AND (
         (a.owner_type = @type AND a.owner_id = @id)
         OR (@type = 'client' AND a.owner_type = 'invoice' AND a.owner_id IN (SELECT id FROM invoices WHERE client_id = @id))
         OR (@type = 'client' AND a.owner_type = 'case' AND a.owner_id IN (SELECT id FROM cases WHERE client_id = @id)))
       ORDER BY d.created_at, d.id`,
    )
    .all({ type: owner.type, id: owner.id }) as {
    owner_type: AttachmentOwner['type'];
    owner_id: number;
    document_id: number;
    title: string;
    file_name: string;
    mime_type: string;
    size_bytes: number;
    sha256: string;
    piece_type: PieceType;
    created_at: string;
    invoice_number: string | null;
  }[];
  return rows.map((r) => ({
    documentId: r.document_id,
    owner: { type: r.owner_type, id: r.owner_id },
    invoiceNumber: r.invoice_number,
    pieceType: r.piece_type,
    title: r.title,
    fileName: r.file_name,
    mimeType: r.mime_type,
    sizeBytes: r.size_bytes,
    sha256: r.sha256,
    createdAt: r.created_at,
  }));
}
