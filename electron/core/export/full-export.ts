// Full export: one ZIP holding Recouvra's three CSV files (written by ./csv.ts, unchanged), every
// archived document with its index, and a manifest of SHA-256; and its import into an empty book.
//
// The ZIP:
//   clients.csv, factures.csv, paiements.csv   Recouvra's CSV format (README, "Getting data in and out")
//   documents.csv                               one line per archived document (DOCUMENT_COLUMNS below)
//   documents/<id> – <file name>                each document's archived bytes, as stored
//   LISEZMOI.txt                                what the ZIP holds and what it does not, in French
//   manifest.json, MANIFEST-SHA256.txt          SHA-256 and size of every file (`sha256sum -c MANIFEST-SHA256.txt`)
// Deterministic: entries in a fixed order, every one dated the export day at noon, so the same
// books exported the same day give the same bytes.
//
// What a round trip (export → import into an empty book → export) preserves, exactly:
//   - clients: name, kind, SIREN, SIRET, VAT number, the six address lines, country, payment
//     terms, and ONE contact's e-mail and phone (the accounting contact first; re-imported as the
//     accounting contact, named « Comptabilité » for a business, the client's name for a consumer);
//   - invoices: number, client, issue, due and delivery dates, amounts TTC and HT (TVA = TTC − HT),
//     purchase-order reference;
//   - payments as allocations: each (invoice, date, amount, method) — so every invoice has the
//     same amount paid. A payment spread over several invoices comes back as one payment per
//     invoice; its bank reference is not carried;
//   - documents: the same bytes and SHA-256, id, kind, piece type, title, file name, MIME type,
//     archive timestamp, client (by SIREN, else name), the invoices it is linked to (by number),
//     whether it is a pièce of the client itself, and which invoice it is the PDF of.
// What it does NOT carry (README: "a backup of the SQLite file keeps everything"): credit notes,
// disputes, promises to pay, write-offs, legal events (formal notices, acknowledgments), payment
// plans, reminder actions and scenarios, exclusions, factoring/insurance flags, legal cases and
// collective procedures (their documents come back linked to the client only), the register of
// registered letters, sent e-mails, credit left unallocated on a client's account, archived
// status, a consumer's first/last name split (the full name comes back as the last name), other
// contacts, notes, tags, solvency, credit limit, NAF code, legal form, invoice descriptions and
// contractual rates, your company, settings, letter templates and rates, and the journal.
// An invoice with a credit note therefore comes back with a larger balance: the credit note must
// be entered again (or the SQLite backup restored instead).
import { createHash } from 'node:crypto';
import { parse } from 'csv-parse/sync';
import type { ImportResult } from '../../../shared/domain/import.js';
import { pdfRefusal } from '../attachments.js';
import type { CoreContext } from '../context.js';
import { AppError } from '../errors.js';
import { applyImport } from '../import/apply.js';
import { nameKey } from '../import/csv.js';
import { compactIdentifier } from '../../../shared/validation.js';
import { csvCell, exportBooks } from './csv.js';
import { FULL_EXPORT_MAX_ZIP_BYTES } from '../../../shared/schemas-import.js';
import { formatBytes } from '../../../shared/domain/text.js';

export const FULL_EXPORT_FORMAT = 'recouvra/export-complet';
export const FULL_EXPORT_VERSION = 1;

/** documents.csv, in this order. */
export const DOCUMENT_COLUMNS = [
  'id', // the document's number in the books (kept on import: the book is empty)
  'client_name', // empty: a document of no client (a bordereau de dépôt)
  'client_siren',
  'invoice_numbers', // JSON array of the invoice numbers the document is linked to, e.g. ["F-1","F-2"]
  'invoice_pdf_of', // JSON array of the invoices whose PDF it is
  'client_piece', // « oui » when it is a pièce attached to the client itself
  'kind', // invoice_pdf, reminder, formal_notice, statement, payment_order, proof, other
  'piece_type', // contract, terms, purchase_order, delivery_note, receipt, acknowledgment, other (pièces only)
  'title',
  'file_name',
  'mime_type',
  'size_bytes',
  'sha256',
  'created_at',
  'path', // the file in the ZIP
] as const;

const DOCUMENT_KINDS = new Set(['invoice_pdf', 'reminder', 'formal_notice', 'statement', 'payment_order', 'proof', 'other']);
const PIECE_TYPES = new Set(['contract', 'terms', 'purchase_order', 'delivery_note', 'receipt', 'acknowledgment', 'other']);

export interface FullExportCounts {
  clients: number;
  invoices: number;
  /** Lines of paiements.csv: one per allocation of a payment to an invoice. */
  paymentLines: number;
  documents: number;
}

export interface FullExport {
  zip: Buffer;
  fileName: string;
  counts: FullExportCounts;
}

export interface FullImportResult {
  import: ImportResult;
  documents: number;
  warnings: string[];
}

const BOM = '\uFEFF';
const EOL = '\r\n';
const line = (values: readonly (string | number | null | undefined)[]) => values.map(csvCell).join(';') + EOL;
const sha256 = (content: Uint8Array) => createHash('sha256').update(content).digest('hex');

/**
 * A file name every file system takes (NFC, no \ / : * ? " < > | nor control characters, `max`
 * characters at most, the extension kept when it is cut unless `keepExtension` is false).
 */
export function zipSafeName(text: string, max = 80, options: { keepExtension?: boolean; fallback?: string } = {}): string {
  let name = text
    .normalize('NFC')
    .replace(/[\u202f\u00a0\t\r\n]/g, ' ')
    .replace(/[\\/:*?"<>|\u0000-\u001f\u007f]/g, '-')
    .replace(/\s+/g, ' ')
    .trim();
  if (name.length > max) {
    const ext = options.keepExtension === false ? '' : (/\.[a-z0-9]{1,5}$/i.exec(name)?.[0] ?? '');
    name = `${name.slice(0, max - ext.length - 1).trimEnd()}…${ext}`;
  }
  return name.replace(/[. ]+$/, '') || (options.fallback ?? 'document');
}

/** « documents/12 – Relance Dupont.pdf » */
export function documentPath(id: number, fileName: string): string {
  return `documents/${id} – ${zipSafeName(fileName)}`;
}

/** fflate writes DOS times from the local clock fields: a local date keeps them the same everywhere. */
export function zipTime(date: string): Date {
  const [year, month, day] = date.split('-').map(Number) as [number, number, number];
  return new Date(year, month - 1, day, 12, 0, 0);
}

export interface ZipFile {
  name: string;
  content: Uint8Array;
}

/**
 * Adds manifest.json (SHA-256 and size of each file) and MANIFEST-SHA256.txt, then zips, every
 * entry dated `date` at noon. PDFs and images are stored, text is deflated.
 */
export async function deterministicZip(files: ZipFile[], date: string, manifestHead: Record<string, unknown>): Promise<Buffer> {
  const { zipSync, strToU8 } = await import('fflate');
  const mtime = zipTime(date);
  const entries = files.map((f) => ({ file: f.name, sha256: sha256(f.content), bytes: f.content.length }));
  const manifest = strToU8(`${JSON.stringify({ ...manifestHead, algorithm: 'SHA-256', files: entries }, null, 2)}\n`);
  const sums = strToU8(
    [...entries, { file: 'manifest.json', sha256: sha256(manifest) }].map((e) => `${e.sha256}  ${e.file}`).join('\n') + '\n',
  );
  const all = [...files, { name: 'manifest.json', content: manifest }, { name: 'MANIFEST-SHA256.txt', content: sums }];
  // fflate writes no ZIP64: past 65 535 entries the count would wrap and the ZIP be unreadable.
  if (all.length > ZIP_MAX_ENTRIES) throw new AppError('INTERNAL', `Archive de ${all.length.toLocaleString('fr-FR')} fichiers : ${ZIP_MAX_ENTRIES.toLocaleString('fr-FR')} au plus dans un ZIP.`);
  const compress = (name: string) => /\.(csv|json|txt)$/i.test(name);
  return Buffer.from(zipSync(Object.fromEntries(all.map((f) => [f.name, [f.content, { mtime, level: compress(f.name) ? 6 : 0 }]]))));
}

interface DocumentRow {
  id: number;
  client_name: string | null;
  client_siren: string | null;
  kind: string;
  piece_type: string | null;
  title: string;
  file_name: string;
  mime_type: string;
  size_bytes: number;
  sha256: string;
  created_at: string;
}

const README = (date: string, counts: FullExportCounts) => `Recouvra — exportation complète du ${date.split('-').reverse().join('/')}

Contenu :
- clients.csv (${counts.clients} clients), factures.csv (${counts.invoices} factures), paiements.csv (${counts.paymentLines} lignes) :
  le format CSV de Recouvra (séparateur « ; », UTF-8 avec BOM, virgule décimale, dates AAAA-MM-JJ).
- documents.csv et le dossier documents/ : les ${counts.documents} documents archivés (courriers, PDF de factures, pièces),
  octet pour octet, avec leur empreinte SHA-256, leur client et leurs factures.
- manifest.json et MANIFEST-SHA256.txt : l’empreinte SHA-256 de chaque fichier (sha256sum -c MANIFEST-SHA256.txt).

Cette exportation se réimporte dans un fichier Recouvra vide et redonne les mêmes clients, factures, paiements et
documents. Elle ne contient pas : les avoirs, litiges, promesses, passages en perte, événements juridiques, échéanciers,
relances faites, exclusions, dossiers contentieux, le registre des recommandés, les notes et étiquettes, votre entreprise,
vos réglages ni le journal. Pour tout garder, utilisez une sauvegarde du fichier de données.
`;

/** A ZIP without ZIP64 (fflate writes none) counts its entries on 16 bits. */
export const ZIP_MAX_ENTRIES = 65_535;
/** Files of a full export besides the documents: 3 CSV, documents.csv, LISEZMOI.txt and the two manifests. */
const FULL_EXPORT_OTHER_FILES = 7;
/** At most this many documents in a full export: one more and its ZIP could not be read back. */
export const FULL_EXPORT_MAX_DOCUMENTS = ZIP_MAX_ENTRIES - FULL_EXPORT_OTHER_FILES;

const tooLargeToExport = (what: string) =>
  new AppError(
    'PRECONDITION',
    `Exportation complète impossible : ${what}, elle ne pourrait pas être réimportée. Pour tout emporter, faites une sauvegarde du fichier de données (Paramètres › Sauvegardes, ou recouvra backup) : elle garde tout, documents compris, sans limite de taille.`,
  );

/**
 * The full export of the books (see the top of this file). Refused before anything is read when
 * its ZIP could not be imported back (more than FULL_EXPORT_MAX_DOCUMENTS documents, or more
 * than `maxZipBytes`, the import's cap): never a ZIP that Recouvra itself would reject.
 */
export async function fullExport(ctx: CoreContext, limits: { maxZipBytes?: number } = {}): Promise<FullExport> {
  const { db } = ctx;
  const maxZipBytes = limits.maxZipBytes ?? FULL_EXPORT_MAX_ZIP_BYTES;
  // length() of a BLOB reads its size, not its bytes.
  const stored = db.prepare('SELECT count(*) AS n, COALESCE(SUM(length(content)), 0) AS bytes FROM documents').get() as { n: number; bytes: number };
  if (stored.n > FULL_EXPORT_MAX_DOCUMENTS) {
    throw tooLargeToExport(`les livres ont ${stored.n.toLocaleString('fr-FR')} documents archivés et une exportation en contient ${FULL_EXPORT_MAX_DOCUMENTS.toLocaleString('fr-FR')} au plus`);
  }
  if (stored.bytes > maxZipBytes) {
    throw tooLargeToExport(`les documents archivés pèsent ${formatBytes(stored.bytes)} et une exportation ${formatBytes(maxZipBytes)} au plus`);
  }
  const date = ctx.clock.today();
  const books = exportBooks(ctx);
  const { strToU8 } = await import('fflate');

  const links = new Map<number, { invoices: string[]; pdfOf: string[]; clientPiece: boolean }>();
  const linksOf = (id: number) => {
    let l = links.get(id);
    if (!l) links.set(id, (l = { invoices: [], pdfOf: [], clientPiece: false }));
    return l;
  };
  for (const a of db
    .prepare(
      `SELECT a.document_id, a.owner_type, i.number FROM attachments a
       LEFT JOIN invoices i ON a.owner_type = 'invoice' AND i.id = a.owner_id ORDER BY a.document_id, a.id`,
    )
    .all() as { document_id: number; owner_type: string; number: string | null }[]) {
    const l = linksOf(a.document_id);
    if (a.owner_type === 'client') l.clientPiece = true;
    else if (a.number !== null && !l.invoices.includes(a.number)) l.invoices.push(a.number);
  }
  for (const p of db.prepare('SELECT pdf_document_id, number FROM invoices WHERE pdf_document_id IS NOT NULL ORDER BY id').all() as {
    pdf_document_id: number;
    number: string;
  }[]) {
    linksOf(p.pdf_document_id).pdfOf.push(p.number);
  }

  const rows = db
    .prepare(
      `SELECT d.id, c.name AS client_name, c.siren AS client_siren, d.kind, d.piece_type, d.title, d.file_name, d.mime_type,
         d.size_bytes, d.sha256, d.created_at
       FROM documents d LEFT JOIN clients c ON c.id = d.client_id ORDER BY d.id`,
    )
    .all() as DocumentRow[];
  const contentOf = db.prepare('SELECT content FROM documents WHERE id = ?').pluck();
  const index: string[] = [BOM + line(DOCUMENT_COLUMNS)];
  const documentFiles: ZipFile[] = [];
  for (const d of rows) {
    const content = contentOf.get(d.id) as Buffer;
    if (sha256(content) !== d.sha256) {
      throw new AppError(
        'INTERNAL',
        `Le document n° ${d.id} (« ${d.title} ») ne correspond plus à son empreinte SHA-256 : le fichier de données a été altéré. Restaurez une sauvegarde avant d’exporter.`,
      );
    }
    const path = documentPath(d.id, d.file_name);
    const l = links.get(d.id);
    const json = (list: string[] | undefined) => (list && list.length ? JSON.stringify(list) : '');
    index.push(
      line([
        d.id, d.client_name, d.client_siren, json(l?.invoices), json(l?.pdfOf), l?.clientPiece ? 'oui' : '',
        d.kind, d.piece_type, d.title, d.file_name, d.mime_type, d.size_bytes, d.sha256, d.created_at, path,
      ]),
    );
    documentFiles.push({ name: path, content });
  }

  const count = (sql: string) => db.prepare(sql).pluck().get() as number;
  const counts: FullExportCounts = {
    clients: count('SELECT count(*) FROM clients'),
    invoices: count('SELECT count(*) FROM invoices'),
    paymentLines: count('SELECT count(*) FROM payment_allocations'),
    documents: rows.length,
  };
  const files: ZipFile[] = [
    { name: 'clients.csv', content: strToU8(books['clients.csv']) },
    { name: 'factures.csv', content: strToU8(books['factures.csv']) },
    { name: 'paiements.csv', content: strToU8(books['paiements.csv']) },
    { name: 'documents.csv', content: strToU8(index.join('')) },
    { name: 'LISEZMOI.txt', content: strToU8(README(date, counts)) },
    ...documentFiles,
  ];
  const zip = await deterministicZip(files, date, { format: FULL_EXPORT_FORMAT, version: FULL_EXPORT_VERSION, exportedOn: date, recouvra: ctx.version, counts });
  if (zip.length > maxZipBytes) throw tooLargeToExport(`elle pèserait ${formatBytes(zip.length)} (${formatBytes(maxZipBytes)} au plus)`);
  return { zip, fileName: `Recouvra – export complet – ${date}.zip`, counts };
}

// ——— Import into an empty book ———

interface ParsedDocument {
  line: number;
  id: number;
  clientName: string;
  clientSiren: string;
  invoiceNumbers: string[];
  pdfOf: string[];
  clientPiece: boolean;
  kind: string;
  pieceType: string | null;
  title: string;
  fileName: string;
  mimeType: string;
  sha256: string;
  createdAt: string;
  content: Uint8Array;
}

function refuse(message: string, fields?: Record<string, string>): AppError {
  return new AppError('VALIDATION', `Import de l’exportation complète refusé, rien n’a été enregistré : ${message}`, fields);
}

function text(bytes: Uint8Array | undefined): string | undefined {
  return bytes === undefined ? undefined : new TextDecoder('utf-8').decode(bytes);
}

/** Parses documents.csv and checks each line's file against its SHA-256; every problem is reported. */
function parseDocuments(csv: string, files: Record<string, Uint8Array>): ParsedDocument[] {
  let records: Record<string, string>[];
  try {
    records = parse(csv.replace(/^\uFEFF/, ''), { delimiter: ';', columns: true, skip_empty_lines: true, relax_column_count: false }) as Record<string, string>[];
  } catch {
    throw refuse('documents.csv est illisible (guillemets ou nombre de colonnes).');
  }
  const header = csv.replace(/^\uFEFF/, '').split(/\r?\n/, 1)[0]!.split(';');
  const missing = DOCUMENT_COLUMNS.filter((c) => !header.includes(c));
  if (missing.length) throw refuse(`documents.csv : colonne${missing.length > 1 ? 's' : ''} absente${missing.length > 1 ? 's' : ''} ${missing.map((c) => `« ${c} »`).join(', ')}.`);
  const errors: string[] = [];
  const seen = new Set<number>();
  const out: ParsedDocument[] = [];
  const list = (raw: string, label: string, problems: string[]): string[] => {
    if (raw === '') return [];
    try {
      const value = JSON.parse(raw) as unknown;
      if (Array.isArray(value) && value.every((v) => typeof v === 'string')) return value;
    } catch {
      // reported below
    }
    problems.push(`${label} : liste JSON de numéros attendue`);
    return [];
  };
  records.forEach((r, i) => {
    const lineNo = i + 2;
    const problems: string[] = [];
    const id = Number(r.id);
    if (!Number.isInteger(id) || id <= 0) problems.push(`numéro de document invalide « ${r.id} »`);
    else if (seen.has(id)) problems.push(`document n° ${id} en double`);
    else seen.add(id);
    if (!DOCUMENT_KINDS.has(r.kind!)) problems.push(`type de document inconnu « ${r.kind} »`);
    const pieceType = r.piece_type || null;
    if (pieceType !== null && !PIECE_TYPES.has(pieceType)) problems.push(`type de pièce inconnu « ${pieceType} »`);
    const content = files[r.path!];
    if (!content) problems.push(`fichier « ${r.path} » absent du ZIP`);
    else {
      if (sha256(content) !== r.sha256) problems.push(`le fichier « ${r.path} » ne correspond pas à son empreinte SHA-256`);
      if (String(content.length) !== r.size_bytes) problems.push(`le fichier « ${r.path} » ne fait pas ${r.size_bytes} octets`);
    }
    if (!r.file_name || !r.title || !r.mime_type || !r.created_at) problems.push('titre, nom de fichier, type MIME et date d’archivage sont obligatoires');
    const invoiceNumbers = list(r.invoice_numbers!, 'invoice_numbers', problems);
    const pdfOf = list(r.invoice_pdf_of!, 'invoice_pdf_of', problems);
    if (problems.length) {
      errors.push(`documents.csv, ligne ${lineNo} : ${problems.join(' ; ')}`);
      return;
    }
    out.push({
      line: lineNo,
      id,
      clientName: r.client_name!,
      clientSiren: compactIdentifier(r.client_siren!),
      invoiceNumbers,
      pdfOf,
      clientPiece: r.client_piece === 'oui',
      kind: r.kind!,
      pieceType,
      title: r.title!,
      fileName: r.file_name!,
      mimeType: r.mime_type!,
      sha256: r.sha256!,
      createdAt: r.created_at!,
      content: content!,
    });
  });
  if (errors.length) throw refuse(`${errors.length} erreur${errors.length > 1 ? 's' : ''}. ${errors.slice(0, 10).join(' ; ')}${errors.length > 10 ? ' …' : ''}`);
  return out;
}

/**
 * At most this many files in the ZIP of a full export. Recouvra writes 7 files plus one per
 * document, and its ZIP (no ZIP64) holds 65 535 files at most.
 */
export const FULL_IMPORT_MAX_ENTRIES = 100_000;
/**
 * At most this many bytes once decompressed, all files together. Documents are stored
 * uncompressed in the ZIP (whose base64 the channel caps at 400 Mo) and the CSV files are
 * small: a real export stays far below; a ZIP bomb (1 Go of zeros in 1 Mo) does not.
 */
export const FULL_IMPORT_MAX_BYTES = 512 * 1024 * 1024;
/** The ZIP is fed to the decompressor by pieces this size: one piece inflates to ~17 Mo at most. */
const UNZIP_PIECE_BYTES = 16 * 1024;

/**
 * Unzips a full export without trusting it: the central directory's declared sizes and count are
 * checked first, nothing inflated; then the entries are inflated piece by piece and their actual
 * bytes counted (declared sizes can lie), stopping as soon as an entry passes its declared size or
 * all of them the cap. Nested ZIPs are never opened (a document is kept as its bytes).
 */
async function unzipBounded(zip: Uint8Array): Promise<Record<string, Uint8Array>> {
  const { unzipSync, Unzip, UnzipInflate } = await import('fflate');
  const unreadable = () => refuse('ce fichier n’est pas un ZIP lisible.');
  const tooMany = () => refuse(`archive de plus de ${FULL_IMPORT_MAX_ENTRIES.toLocaleString('fr-FR')} fichiers : ce n’est pas une exportation complète de Recouvra.`);
  const tooBig = () =>
    refuse(`archive trop volumineuse une fois décompressée (${FULL_IMPORT_MAX_BYTES / 1024 / 1024} Mo au plus) : ce n’est pas une exportation complète de Recouvra (archive piégée ?).`);

  // 1. The central directory: the declared count and sizes, without inflating anything.
  let declaredCount = 0;
  let declaredBytes = 0;
  try {
    unzipSync(zip, {
      filter: (f) => {
        if (++declaredCount > FULL_IMPORT_MAX_ENTRIES) throw tooMany();
        declaredBytes += f.originalSize;
        if (!(declaredBytes <= FULL_IMPORT_MAX_BYTES)) throw tooBig();
        return false;
      },
    });
  } catch (error) {
    throw error instanceof AppError ? error : unreadable();
  }

  // 2. The entries themselves, by pieces, counting what actually comes out (and the files: no
  // more than the directory declared, so a ZIP hiding thousands of tiny ones stops at once).
  const files: Record<string, Uint8Array> = {};
  let entries = 0;
  let total = 0;
  let problem: AppError | null = null;
  const unzip = new Unzip((file) => {
    if (problem) return;
    if (++entries > declaredCount) {
      problem = refuse('archive abîmée ou piégée : elle contient plus de fichiers que n’en annonce son répertoire.');
      return;
    }
    const chunks: Uint8Array[] = [];
    let size = 0;
    file.ondata = (error, data, final) => {
      if (problem) return;
      if (error) {
        problem = unreadable();
        return;
      }
      size += data.length;
      total += data.length;
      if (file.originalSize !== undefined && size > file.originalSize) {
        problem = refuse(`« ${zipSafeName(file.name)} » est plus gros une fois décompressé que ne l’annonce l’archive (archive abîmée ou piégée).`);
        return;
      }
      if (total > FULL_IMPORT_MAX_BYTES) {
        problem = tooBig();
        return;
      }
      chunks.push(data);
      if (final) files[file.name] = Buffer.concat(chunks);
    };
    file.start();
  });
  unzip.register(UnzipInflate);
  for (let at = 0; at < zip.length && !problem; at += UNZIP_PIECE_BYTES) {
    try {
      unzip.push(zip.subarray(at, at + UNZIP_PIECE_BYTES), at + UNZIP_PIECE_BYTES >= zip.length);
    } catch {
      problem ??= unreadable();
    }
  }
  if (problem) throw problem;
  return files;
}

/** What the book already holds; an exportation complète only goes into an empty one. */
function bookContents(ctx: CoreContext): string[] {
  const count = (table: string) => ctx.db.prepare(`SELECT count(*) FROM ${table}`).pluck().get() as number;
  const held: string[] = [];
  const add = (n: number, one: string, many: string) => n > 0 && held.push(`${n} ${n > 1 ? many : one}`);
  add(count('clients'), 'client', 'clients');
  add(count('invoices'), 'facture', 'factures');
  add(count('payments'), 'paiement', 'paiements');
  add(count('documents'), 'document', 'documents');
  return held;
}

/**
 * Imports a full export into an EMPTY book, all or nothing: the ZIP's files are checked against
 * its manifest, the three CSV files go through the ordinary import (applyImport: the same checks,
 * one audit entry), then each document is restored with its id, bytes, SHA-256 and links, found
 * by natural keys (client: SIREN, else name; invoices: number). One transaction: any problem
 * leaves the book as it was.
 */
export async function importFullExport(ctx: CoreContext, zip: Uint8Array): Promise<FullImportResult> {
  const files = await unzipBounded(zip);
  let manifest: { format?: unknown; version?: unknown; files?: { file: string; sha256: string; bytes: number }[] };
  try {
    manifest = JSON.parse(text(files['manifest.json']) ?? 'null') as typeof manifest;
  } catch {
    manifest = {};
  }
  if (!manifest || manifest.format !== FULL_EXPORT_FORMAT || !Array.isArray(manifest.files)) {
    throw refuse('ce ZIP n’est pas une exportation complète de Recouvra (manifest.json absent ou d’un autre format).');
  }
  if (typeof manifest.version !== 'number' || manifest.version > FULL_EXPORT_VERSION) {
    throw refuse('cette exportation a été faite par une version plus récente de Recouvra : mettez Recouvra à jour pour l’importer.');
  }
  const damaged = manifest.files.filter((f) => !files[f.file] || sha256(files[f.file]!) !== f.sha256).map((f) => f.file);
  if (damaged.length) {
    throw refuse(`fichier${damaged.length > 1 ? 's' : ''} absent${damaged.length > 1 ? 's' : ''} ou modifié${damaged.length > 1 ? 's' : ''} depuis l’exportation (SHA-256 du manifeste) : ${damaged.slice(0, 5).join(', ')}${damaged.length > 5 ? '…' : ''}.`);
  }
  for (const name of ['clients.csv', 'factures.csv', 'paiements.csv', 'documents.csv']) {
    if (!files[name]) throw refuse(`${name} absent du ZIP.`);
  }
  const held = bookContents(ctx);
  if (held.length) {
    throw new AppError(
      'PRECONDITION',
      `Ce fichier de données n’est pas vide (${held.join(', ')}) : une exportation complète ne s’importe que dans un fichier neuf, ` +
        'pour redonner exactement les mêmes livres. Créez un nouveau fichier de données, puis importez-la dedans ' +
        '(pour ajouter des factures à ce fichier-ci, importez plutôt les fichiers CSV).',
    );
  }
  const documents = parseDocuments(text(files['documents.csv'])!, files);
  // A PDF bomb would pass its SHA-256 (the manifest comes with it) and blow up when read later.
  for (const d of documents) {
    const reason = d.mimeType === 'application/pdf' ? await pdfRefusal(d.content) : null;
    if (reason !== null) throw refuse(`documents.csv, ligne ${d.line} : « ${zipSafeName(d.fileName)} » : ${reason} (fichier piégé ou abîmé).`);
  }

  const { db } = ctx;
  const run = db.transaction((): FullImportResult => {
    const result = applyImport(ctx, {
      clients: text(files['clients.csv'])!,
      invoices: text(files['factures.csv'])!,
      payments: text(files['paiements.csv'])!,
    });
    const clients = db.prepare('SELECT id, name, siren FROM clients').all() as { id: number; name: string; siren: string | null }[];
    const bySiren = new Map(clients.filter((c) => c.siren).map((c) => [c.siren!, c.id]));
    const byName = new Map<string, number[]>();
    for (const c of clients) byName.set(nameKey(c.name), [...(byName.get(nameKey(c.name)) ?? []), c.id]);
    const invoiceId = db.prepare('SELECT id FROM invoices WHERE number = ?').pluck();
    const insert = db.prepare(
      `INSERT INTO documents (id, client_id, kind, title, file_name, mime_type, size_bytes, sha256, content, piece_type, created_at)
       VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)`,
    );
    const attach = db.prepare('INSERT INTO attachments (document_id, owner_type, owner_id, created_at) VALUES (?, ?, ?, ?)');
    const setPdf = db.prepare('UPDATE invoices SET pdf_document_id = ? WHERE id = ?');
    const problems: string[] = [];
    for (const d of documents) {
      let clientId: number | null = null;
      if (d.clientName !== '' || d.clientSiren !== '') {
        const matches = d.clientSiren ? [bySiren.get(d.clientSiren)].filter((x): x is number => x !== undefined) : (byName.get(nameKey(d.clientName)) ?? []);
        if (matches.length !== 1) {
          problems.push(`documents.csv, ligne ${d.line} : client « ${d.clientName} » ${matches.length ? 'ambigu' : 'introuvable dans clients.csv'}`);
          continue;
        }
        clientId = matches[0]!;
      }
      const ids = (numbers: string[]) =>
        numbers.map((n) => {
          const id = invoiceId.get(n) as number | undefined;
          if (id === undefined) problems.push(`documents.csv, ligne ${d.line} : facture « ${n} » introuvable dans factures.csv`);
          return id;
        });
      const invoiceIds = ids(d.invoiceNumbers);
      const pdfIds = ids(d.pdfOf);
      if (invoiceIds.includes(undefined) || pdfIds.includes(undefined)) continue;
      insert.run(d.id, clientId, d.kind, d.title, d.fileName, d.mimeType, d.content.length, d.sha256, Buffer.from(d.content), d.pieceType, d.createdAt);
      if (d.clientPiece && clientId !== null) attach.run(d.id, 'client', clientId, d.createdAt);
      for (const id of invoiceIds) attach.run(d.id, 'invoice', id, d.createdAt);
      for (const id of pdfIds) setPdf.run(d.id, id);
    }
    if (problems.length) throw refuse(`${problems.length} erreur${problems.length > 1 ? 's' : ''}. ${problems.slice(0, 10).join(' ; ')}`);
    ctx.repos.audit.append({
      entity: 'document',
      entityId: null,
      action: 'create',
      summary: `Import d’une exportation complète : ${documents.length} document${documents.length > 1 ? 's' : ''} restauré${documents.length > 1 ? 's' : ''} (SHA-256 vérifiés)`,
      after: { format: FULL_EXPORT_FORMAT, version: manifest.version, documents: documents.length },
    });
    return { import: result, documents: documents.length, warnings: result.warnings };
  });
  return run();
}
