// Hostile files through the real dispatcher, on a real book (freshCore): ZIP bombs given to
// « Réimporter un export complet » (1 Go of zeros declared, or hidden behind a lying size, too
// many files, a nested ZIP), a Factur-X whose embedded XML inflates past its cap, files above
// each channel's size cap, and browser mode's request body limit. Every one must end in a French
// refusal naming what is at fault, never a crash, and leave the book exactly as it was.
// The bombs are built in memory without ever holding their decompressed bytes: a 1 MiB block of
// zeros is deflated once (with a sync flush, so blocks can follow one another) and repeated.
import { createHash } from 'node:crypto';
import { mkdirSync, writeFileSync } from 'node:fs';
import { request } from 'node:http';
import { join } from 'node:path';
import { constants, deflateRawSync, deflateSync } from 'node:zlib';
import { strFromU8, strToU8, unzipSync, Zip, ZipDeflate, zipSync } from 'fflate';
import { PDFDocument, PDFName, PDFString } from 'pdf-lib';
import { afterAll, afterEach, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { aClient } from '../../test/helpers/builders.js';
import { freshCore, type TestCore } from '../../test/helpers/core.js';
import { pdfInflatesPast, pdfRefusal } from './attachments.js';
import { MAX_BODY_BYTES, startServer, TOKEN_HEADER, type RunningServer } from '../web/server.js';
import { deterministicZip, DOCUMENT_COLUMNS, FULL_IMPORT_MAX_BYTES, FULL_IMPORT_MAX_ENTRIES } from './export/full-export.js';

const MiB = 1024 * 1024;
const b64 = (bytes: Uint8Array) => Buffer.from(bytes).toString('base64');

/** Raw DEFLATE of `mib` MiB of zeros, ~1 Ko per MiB: one sync-flushed block repeated, then an empty final block. */
function zerosDeflated(mib: number): Buffer {
  const block = deflateRawSync(Buffer.alloc(MiB), { level: 9, finishFlush: constants.Z_SYNC_FLUSH });
  return Buffer.concat([...Array<Buffer>(mib).fill(block), Buffer.from([0x03, 0x00])]);
}

interface RawEntry {
  name: string;
  data: Uint8Array;
  /** 0: stored, 8: deflated. */
  method: 0 | 8;
  /** The uncompressed size the headers declare (true or not). */
  size: number;
}

/**
 * A ZIP written by hand, so that it can lie: every entry gets a local header, only the first
 * `listed` (all by default) appear in the central directory, and `declaredCount` replaces their
 * count (a ZIP64 end record holds counts from 65 535 up).
 */
function rawZip(entries: RawEntry[], options: { listed?: number; declaredCount?: number } = {}): Buffer {
  const parts: Buffer[] = [];
  const central: Buffer[] = [];
  let offset = 0;
  for (const [i, e] of entries.entries()) {
    const name = Buffer.from(e.name, 'utf8');
    const local = Buffer.alloc(30);
    local.writeUInt32LE(0x04034b50, 0);
    local.writeUInt16LE(20, 4);
    local.writeUInt16LE(0x0800, 6); // UTF-8 names
    local.writeUInt16LE(e.method, 8);
    local.writeUInt32LE(e.data.length, 18);
    local.writeUInt32LE(e.size, 22);
    local.writeUInt16LE(name.length, 26);
    if (i < (options.listed ?? entries.length)) {
      const header = Buffer.alloc(46);
      header.writeUInt32LE(0x02014b50, 0);
      header.writeUInt16LE(20, 4);
      header.writeUInt16LE(20, 6);
      header.writeUInt16LE(0x0800, 8);
      header.writeUInt16LE(e.method, 10);
      header.writeUInt32LE(e.data.length, 20);
      header.writeUInt32LE(e.size, 24);
      header.writeUInt16LE(name.length, 28);
      header.writeUInt32LE(offset, 42);
      central.push(header, name);
    }
    parts.push(local, name, Buffer.from(e.data));
    offset += 30 + name.length + e.data.length;
  }
  const centralBytes = Buffer.concat(central);
  const listed = Math.min(options.listed ?? entries.length, entries.length);
  const end = Buffer.alloc(22);
  end.writeUInt32LE(0x06054b50, 0);
  end.writeUInt32LE(centralBytes.length, 12);
  end.writeUInt32LE(offset, 16);
  const count = options.declaredCount ?? listed;
  if (count < 0xffff) {
    end.writeUInt16LE(count, 8);
    end.writeUInt16LE(count, 10);
    return Buffer.concat([...parts, centralBytes, end]);
  }
  const zip64End = Buffer.alloc(56);
  zip64End.writeUInt32LE(0x06064b50, 0);
  zip64End.writeBigUInt64LE(44n, 4);
  zip64End.writeUInt16LE(45, 12);
  zip64End.writeUInt16LE(45, 14);
  zip64End.writeBigUInt64LE(BigInt(count), 24);
  zip64End.writeBigUInt64LE(BigInt(count), 32);
  zip64End.writeBigUInt64LE(BigInt(centralBytes.length), 40);
  zip64End.writeBigUInt64LE(BigInt(offset), 48);
  const locator = Buffer.alloc(20);
  locator.writeUInt32LE(0x07064b50, 0);
  locator.writeBigUInt64LE(BigInt(offset + centralBytes.length), 8);
  locator.writeUInt32LE(1, 16);
  end.writeUInt16LE(0xffff, 8);
  end.writeUInt16LE(0xffff, 10);
  return Buffer.concat([...parts, centralBytes, zip64End, locator, end]);
}

/** Rows in the tables an import writes. */
function bookCounts(t: TestCore): Record<string, number> {
  const tables = ['clients', 'invoices', 'payments', 'documents', 'attachments', 'audit_log'];
  return Object.fromEntries(tables.map((table) => [table, t.ctx.db.prepare(`SELECT count(*) FROM ${table}`).pluck().get() as number]));
}

let core: TestCore;
let before: Record<string, number>;

/** The call must fail with a French VALIDATION message matching `message`, and leave the book as it was. */
async function refused(channel: string, input: unknown, message: RegExp): Promise<string> {
  const error = await core.fail(channel as never, input);
  expect(error.code).toBe('VALIDATION');
  expect(error.message).toMatch(message);
  expect(bookCounts(core)).toEqual(before);
  expect(core.ctx.db.pragma('integrity_check', { simple: true })).toBe('ok');
  return error.message;
}

describe('export.importFull: ZIP bombs', () => {
  // An exportation complète only goes into an empty book: the ZIP is checked before that.
  beforeEach(() => {
    core = freshCore();
    before = bookCounts(core);
  });
  afterEach(() => core.close());

  const capMo = `${FULL_IMPORT_MAX_BYTES / MiB} Mo au plus`;

  it('refuses 1 Go of zeros declared in the central directory, before inflating anything', async () => {
    const bomb = rawZip([{ name: 'factures.csv', data: zerosDeflated(1024), method: 8, size: 1024 * MiB }]);
    expect(bomb.length).toBeLessThan(1.2 * MiB);
    await refused('export.importFull', { base64: b64(bomb) }, new RegExp(`^Import de l’exportation complète refusé, rien n’a été enregistré : archive trop volumineuse une fois décompressée \\(${capMo}\\)`));
  });

  it('adds up the declared sizes of every file: three of 200 Mo are refused together', async () => {
    const data = zerosDeflated(200);
    const bomb = rawZip(['clients.csv', 'factures.csv', 'paiements.csv'].map((name) => ({ name, data, method: 8, size: 200 * MiB })));
    await refused('export.importFull', { base64: b64(bomb) }, /archive trop volumineuse une fois décompressée \(512 Mo au plus\)/);
  });

  it('refuses a file that inflates past its declared size (1 Ko declared, 1 Go inside), naming it, without inflating it all', async () => {
    const bomb = rawZip([
      { name: 'manifest.json', data: strToU8('{}'), method: 0, size: 2 },
      { name: 'factures.csv', data: zerosDeflated(1024), method: 8, size: 1024 },
    ]);
    const rss = process.memoryUsage().rss;
    await refused('export.importFull', { base64: b64(bomb) }, /« factures\.csv » est plus gros une fois décompressé que ne l’annonce l’archive \(archive abîmée ou piégée\)/);
    // Stopped after one piece (~17 Mo at most), far from the gigabyte.
    expect(process.memoryUsage().rss - rss).toBeLessThan(300 * MiB);
  });

  it('refuses a ZIP64 directory declaring 4 000 000 000 files, without walking them all', async () => {
    const zip = rawZip([{ name: 'manifest.json', data: strToU8('{}'), method: 0, size: 2 }], { declaredCount: 4_000_000_000 });
    // Past the real directory the entries are garbage: the count or the sizes stop the walk.
    await refused('export.importFull', { base64: b64(zip) }, /archive de plus de 100\s000 fichiers|archive trop volumineuse une fois décompressée/);
  });

  it(`refuses more than ${FULL_IMPORT_MAX_ENTRIES} files listed in the directory`, async () => {
    const empty = new Uint8Array(0);
    const entries = Array.from({ length: FULL_IMPORT_MAX_ENTRIES + 1 }, (_, i): RawEntry => ({ name: `d/${i}`, data: empty, method: 0, size: 0 }));
    await refused('export.importFull', { base64: b64(rawZip(entries)) }, /archive de plus de 100\s000 fichiers : ce n’est pas une exportation complète de Recouvra\.$/);
  });

  it('refuses files hidden from the directory (local headers it does not list), as soon as one is found', async () => {
    const entries = ['manifest.json', 'clients.csv', 'factures.csv'].map((name): RawEntry => ({ name, data: strToU8('x'), method: 0, size: 1 }));
    await refused('export.importFull', { base64: b64(rawZip(entries, { listed: 1 })) }, /archive abîmée ou piégée : elle contient plus de fichiers que n’en annonce son répertoire/);
  });

  it('never opens a nested ZIP: a bomb inside is only bytes, and the ZIP is not an export', async () => {
    const inner = rawZip([{ name: 'zeros.bin', data: zerosDeflated(1024), method: 8, size: 1024 * MiB }]);
    const outer = zipSync({ 'bombe.zip': [inner, { level: 0 }], 'LISEZMOI.txt': strToU8('rien') });
    await refused('export.importFull', { base64: b64(outer) }, /ce ZIP n’est pas une exportation complète de Recouvra \(manifest\.json absent/);
  });

  it('refuses a genuine-looking export carrying a PDF bomb as a document, naming it', async () => {
    const { base64 } = await core.call('export.full', {});
    const files = unzipSync(Buffer.from(base64, 'base64'));
    const { files: _listed, ...head } = JSON.parse(strFromU8(files['manifest.json']!)) as Record<string, unknown>;
    const pdf = objectStreamBomb();
    const path = 'documents/1 – piège.pdf';
    const row = { id: 1, client_name: '', client_siren: '', invoice_numbers: '[]', invoice_pdf_of: '[]', client_piece: '', kind: 'other', piece_type: '', title: 'Piège', file_name: 'piège.pdf', mime_type: 'application/pdf', size_bytes: pdf.length, sha256: createHash('sha256').update(pdf).digest('hex'), created_at: '2026-11-23T09:30:00.000Z', path };
    const documentsCsv = strFromU8(files['documents.csv']!) + DOCUMENT_COLUMNS.map((c) => row[c]).join(';') + '\r\n';
    const kept = Object.entries(files).filter(([name]) => !['manifest.json', 'MANIFEST-SHA256.txt', 'documents.csv'].includes(name));
    const zip = await deterministicZip([...kept.map(([name, content]) => ({ name, content })), { name: 'documents.csv', content: strToU8(documentsCsv) }, { name: path, content: pdf }], '2026-11-23', head);
    await refused('export.importFull', { base64: b64(zip) }, /documents\.csv, ligne 2 : « piège\.pdf » : son contenu compressé dépasse 256 Mo une fois décompressé/);
  });

  it('still imports a genuine export, even re-zipped by a tool writing sizes after the data (data descriptors)', async () => {
    const source = freshCore();
    try {
      const client = await source.call('clients.create', aClient());
      await source.call('invoices.create', { clientId: client.id, number: 'F-1', issueDate: '2026-10-01', dueDate: '2026-10-31', amountTtcCents: 120_000 } as never);
      const files = unzipSync(Buffer.from((await source.call('export.full', {})).base64, 'base64'));
      const parts: Uint8Array[] = [];
      const rezipped = new Zip((error, data) => {
        if (error) throw error;
        parts.push(data);
      });
      for (const [name, content] of Object.entries(files)) {
        const entry = new ZipDeflate(name, { level: 6 });
        rezipped.add(entry);
        entry.push(content, true);
      }
      rezipped.end();
      const zip = Buffer.concat(parts);
      expect(zip.readUInt16LE(6) & 0x0008).toBe(0x0008); // general purpose flag: sizes in a data descriptor
      const result = await core.call('export.importFull', { base64: b64(zip) });
      expect(result).toMatchObject({ clients: 1, invoices: 1, documents: 0 });
    } finally {
      source.close();
    }
  });

  it('refuses what is not a ZIP, an empty payload, and a truncated one', async () => {
    const genuine = zipSync({ 'manifest.json': strToU8('{}') });
    for (const bytes of [Buffer.from('PK\u0003\u0004 pas un zip'), new Uint8Array(0), genuine.subarray(0, genuine.length - 10)]) {
      await refused('export.importFull', { base64: b64(bytes) }, /ce fichier n’est pas un ZIP lisible/);
    }
  });
});

/** zlib data (header, DEFLATE, a dummy Adler-32) of `mib` MiB of zeros. */
const zerosZlib = (mib: number) => Buffer.concat([Buffer.from([0x78, 0x9c]), zerosDeflated(mib), Buffer.alloc(4)]);

/**
 * A Factur-X-like PDF whose embedded factur-x.xml is a FlateDecode stream of 64 Mo of zeros:
 * under the cap on the whole PDF, above the one on the embedded XML.
 */
async function facturXBomb(): Promise<Buffer> {
  const doc = await PDFDocument.create();
  doc.addPage();
  const zlib = zerosZlib(64);
  const stream = doc.context.stream(zlib, { Type: 'EmbeddedFile', Subtype: 'text/xml', Filter: 'FlateDecode' });
  const spec = doc.context.obj({ Type: 'Filespec', F: PDFString.of('factur-x.xml'), UF: PDFString.of('factur-x.xml'), EF: { F: doc.context.register(stream) } });
  doc.catalog.set(PDFName.of('AF'), doc.context.obj([doc.context.register(spec)]));
  return Buffer.from(await doc.save({ useObjectStreams: false }));
}

/** A PDF whose object stream (which PDF readers inflate whole to read the file) is 1 Go of zeros in ~1 Mo. */
function objectStreamBomb(filter = '/FlateDecode', data: Buffer = zerosZlib(1024)): Buffer {
  return Buffer.concat([
    Buffer.from('%PDF-1.7\n1 0 obj\n<< /Type /Catalog /Pages 2 0 R >>\nendobj\n2 0 obj\n<< /Type /Pages /Kids [] /Count 0 >>\nendobj\n'),
    Buffer.from(`3 0 obj\n<< /Type /ObjStm /N 1 /First 4 /Filter ${filter} /Length ${data.length} >>\nstream\n`),
    data,
    Buffer.from('\nendstream\nendobj\ntrailer\n<< /Root 1 0 R /Size 4 >>\n%%EOF\n'),
  ]);
}

/** ASCII85 (PDF's ASCII85Decode): 4 bytes as 5 characters from « ! », « z » for four zeros, « ~> » at the end. */
function ascii85(bytes: Buffer): Buffer {
  let out = '';
  for (let i = 0; i < bytes.length; i += 4) {
    const chunk = Buffer.alloc(4);
    bytes.copy(chunk, 0, i, i + 4);
    const n = chunk.readUInt32BE(0);
    const count = Math.min(4, bytes.length - i);
    if (n === 0 && count === 4) {
      out += 'z';
      continue;
    }
    let digits = '';
    for (let k = 0, v = n; k < 5; k++, v = Math.floor(v / 85)) digits = String.fromCharCode(33 + (v % 85)) + digits;
    out += digits.slice(0, count + 1);
  }
  return Buffer.from(`${out}~>`, 'latin1');
}

/** A PNG of `width` × `height` pixels, as its header says (pixels are decoded whole to embed it). */
function pngHeader(width: number, height: number): Buffer {
  const ihdr = Buffer.alloc(25);
  ihdr.writeUInt32BE(13, 0);
  ihdr.write('IHDR', 4, 'latin1');
  ihdr.writeUInt32BE(width, 8);
  ihdr.writeUInt32BE(height, 12);
  ihdr.writeUInt8(8, 16); // 8 bits, grey
  return Buffer.concat([Buffer.from([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a]), ihdr, zerosZlib(1)]);
}

describe('oversized and inflating files on the other channels', () => {
  beforeAll(async () => {
    core = freshCore();
    const client = await core.call('clients.create', aClient());
    await core.call('invoices.create', { clientId: client.id, number: 'F-1', issueDate: '2026-10-01', dueDate: '2026-10-31', amountTtcCents: 120_000 } as never);
    before = bookCounts(core);
  });
  afterAll(() => core.close());

  it('refuses a Factur-X whose embedded XML inflates past 10 Mo, naming the file (preview and import)', async () => {
    const pdf = await facturXBomb();
    expect(pdf.length).toBeLessThan(2 * MiB);
    const files = [{ fileName: 'bombe-facturx.pdf', base64: b64(pdf) }];
    const preview = await core.call('import.einvoicePreview', { files });
    expect(preview.errors).toEqual([expect.objectContaining({ file: 'bombe-facturx.pdf', message: expect.stringMatching(/fichier XML intégré trop volumineux \(10 Mo au plus\)/) })]);
    await refused('import.einvoiceApply', { files }, /bombe-facturx\.pdf.*fichier XML intégré trop volumineux \(10 Mo au plus\)/s);
  });

  it('refuses a PDF whose object stream inflates to 1 Go before reading it, as an e-invoice and as an attachment', async () => {
    const bomb = b64(objectStreamBomb());
    const rss = process.memoryUsage().rss;
    await refused('import.einvoiceApply', { files: [{ fileName: 'piège.pdf', base64: bomb }] }, /piège\.pdf.*PDF refusé : son contenu compressé dépasse 256 Mo une fois décompressé/s);
    const input = { owner: { type: 'client', id: 1 }, pieceType: 'contract', fileName: 'contrat.pdf', base64: bomb };
    await refused('attachments.add', input, /« contrat\.pdf » : son contenu compressé dépasse 256 Mo une fois décompressé \(fichier piégé ou abîmé\)/);
    // The invoice's own PDF too (merged into letters' annexes and dossiers later); the invoice keeps none.
    const invoiceId = core.ctx.db.prepare("SELECT id FROM invoices WHERE number = 'F-1'").pluck().get() as number;
    await refused('invoices.attachPdf', { id: invoiceId, fileName: 'facture.pdf', base64: bomb }, /« facture\.pdf » : son contenu compressé dépasse 256 Mo/);
    expect((await core.call('invoices.get', { id: invoiceId })).invoice.pdf).toBeNull();
    expect(process.memoryUsage().rss - rss).toBeLessThan(300 * MiB);
  });

  it('refuses an object stream compressed otherwise than by one FlateDecode: a bomb inside another filter escapes any count', async () => {
    // 1 Go of zeros, deflated, then wrapped: in ASCII85, or deflated once more. The count of
    // what Flate streams inflate to sees 1,3 Mo and 1 Mo: only the filters give them away.
    const wrapped = [
      { filter: '[/ASCII85Decode /FlateDecode]', data: ascii85(zerosZlib(1024)), named: 'ASCII85Decode puis FlateDecode' },
      { filter: '[/FlateDecode /FlateDecode]', data: deflateSync(zerosZlib(1024)), named: 'FlateDecode puis FlateDecode' },
      { filter: '/LZWDecode', data: Buffer.from([0x80, 0x0b, 0x60, 0x50, 0x22, 0x0c, 0x0c, 0x85, 0x01]), named: 'LZWDecode' },
      { filter: '/RunLengthDecode', data: Buffer.alloc(2048, 0x81), named: 'RunLengthDecode' },
    ];
    for (const { filter, data, named } of wrapped) {
      const pdf = objectStreamBomb(filter, data);
      expect(await pdfInflatesPast(pdf)).toBe(false);
      const input = { owner: { type: 'client', id: 1 }, pieceType: 'contract', fileName: 'contrat.pdf', base64: b64(pdf) };
      await refused('attachments.add', input, new RegExp(`« contrat\\.pdf » : un de ses flux d’objets est compressé par ${named}, que Recouvra n’ouvre pas`));
      await refused('import.einvoiceApply', { files: [{ fileName: 'piège.pdf', base64: b64(pdf) }] }, new RegExp(`PDF refusé : un de ses flux d’objets est compressé par ${named}`));
    }
    // A PDF written by pdf-lib (object streams in FlateDecode) is accepted.
    const genuine = await PDFDocument.create();
    genuine.addPage();
    const bytes = Buffer.from(await genuine.save({ useObjectStreams: true }));
    expect(bytes.toString('latin1')).toMatch(/\/Type \/ObjStm/);
    expect(await pdfRefusal(bytes)).toBeNull();
  });

  it('refuses a PNG of 10 000 000 000 pixels before decoding it', async () => {
    const input = { owner: { type: 'client', id: 1 }, pieceType: 'delivery_note', fileName: 'scan.png', base64: b64(pngHeader(100_000, 100_000)) };
    await refused('attachments.add', input, /« scan\.png » : image de 10\s000 millions de pixels, 60 millions au plus/);
  });

  it('refuses an e-invoice above 20 Mo, naming it', async () => {
    const big = Buffer.alloc(20 * MiB + 1, 0x20);
    big.write('<?xml version="1.0"?>');
    await refused('import.einvoiceApply', { files: [{ fileName: 'énorme.xml', base64: b64(big) }] }, /énorme\.xml.*fichier de 20,0 Mo : 20 Mo au plus/s);
  });

  it('refuses CSV files above 200 Mo, naming the file or the field', async () => {
    // 'x'.repeat builds a rope: its length is there, its 200 Mo are never allocated (nor read).
    const huge = 'x'.repeat(200 * MiB + 1);
    await refused('import.preview', { invoices: huge }, /^Fichier des factures trop volumineux \(200 Mo au plus\)\.$/);
    await refused('import.apply', { clients: huge, names: { clients: 'clients.csv' } }, /^Fichier des clients trop volumineux \(200 Mo au plus\)\.$/);
    for (const channel of ['import.csvSample', 'import.mappedPreview', 'import.mappedApply']) {
      await refused(channel, { fileName: 'export-sage.csv', text: huge, mapping: {} }, /^« export-sage\.csv » : fichier de 200,0 Mo, 200 Mo au plus\.$/);
    }
  });

  it('refuses an attachment above 15 Mo, naming it', async () => {
    const big = Buffer.alloc(15 * MiB + 1);
    big.write('%PDF-1.7\n');
    const input = { owner: { type: 'client', id: 1 }, pieceType: 'contract', fileName: 'contrat-scanné.pdf', base64: b64(big) };
    await refused('attachments.add', input, /« contrat-scanné\.pdf » fait 15,0 Mo : 15 Mo au plus/);
  });
});

describe('browser mode: request body limit', () => {
  let server: RunningServer;
  beforeAll(async () => {
    core = freshCore();
    const rendererDir = join(core.dir, 'renderer');
    mkdirSync(rendererDir);
    writeFileSync(join(rendererDir, 'index.html'), '<!doctype html><title>Recouvra</title>');
    server = await startServer({ dispatch: core.dispatch, rendererDir });
    before = bookCounts(core);
  });
  afterAll(async () => {
    await server.close();
    core.close();
  });

  /** POSTs `chunks` chunks of 1 MiB (declared in Content-Length or chunked), stopping when the answer comes. */
  function postLarge(chunks: number, declare: boolean): Promise<{ status: number; body: string; sent: number; reset?: boolean }> {
    return new Promise((resolve, reject) => {
      let sent = 0;
      const headers: Record<string, string | number> = { 'Content-Type': 'application/json', [TOKEN_HEADER]: server.token, Host: `127.0.0.1:${server.port}` };
      if (declare) headers['Content-Length'] = chunks * MiB;
      const req = request({ host: '127.0.0.1', port: server.port, path: '/api/import.fecPreview', method: 'POST', headers }, (res) => {
        let body = '';
        res.setEncoding('utf8');
        res.on('data', (d: string) => (body += d));
        res.on('end', () => resolve({ status: res.statusCode ?? 0, body, sent }));
      });
      // A client still writing when the server stops reading may see the connection reset before
      // it reads the answer (HTTP/1.1 has no better way to refuse a body it will not read).
      req.on('error', (error: NodeJS.ErrnoException) => (error.code === 'ECONNRESET' || error.code === 'EPIPE' ? resolve({ status: 0, body: '', sent, reset: true }) : reject(error)));
      const chunk = Buffer.alloc(MiB, 0x41);
      const write = () => {
        if (sent >= chunks || req.destroyed) return req.end();
        sent++;
        if (req.write(chunk)) setImmediate(write);
        else req.once('drain', write);
      };
      write();
    });
  }

  const limitMiB = MAX_BODY_BYTES / MiB;

  it('answers 413 with a JSON error to a body declared above the limit, before reading it', async () => {
    const r = await postLarge(2 * limitMiB, true);
    expect(r.status).toBe(413);
    expect(JSON.parse(r.body)).toEqual({
      ok: false,
      error: { code: 'VALIDATION', message: `Requête trop volumineuse (${limitMiB} Mo au plus en mode navigateur) : rien n’a été enregistré. Importez ce fichier dans l’application de bureau, ou en plusieurs fois.` },
    });
    expect(r.sent).toBeLessThan(2 * limitMiB);
    expect(bookCounts(core)).toEqual(before);
  });

  it('refuses a chunked body growing past the limit (413, or the connection closed), without reading the rest', async () => {
    // Browsers always declare the length of a fetch body (above): only a hand-made client sends chunks.
    const r = await postLarge(2 * limitMiB, false);
    if (r.reset) expect(r.status).toBe(0);
    else {
      expect(r.status).toBe(413);
      expect(JSON.parse(r.body)).toMatchObject({ ok: false, error: { code: 'VALIDATION', message: expect.stringContaining(`${limitMiB} Mo au plus`) } });
    }
    expect(r.sent).toBeLessThan(2 * limitMiB);
    expect(bookCounts(core)).toEqual(before);
  });
});
