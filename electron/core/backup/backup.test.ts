// Backups and restores on real SQLite files in temporary folders: round trips (plain and
// encrypted), every refusal, the set-aside book, and a backup taken while the app keeps writing.
import Database from 'better-sqlite3';
import { createHash, randomBytes } from 'node:crypto';
import { existsSync, readFileSync, readdirSync, rmSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { aClient, aConsumer } from '../../../test/helpers/builders.js';
import { freshCore, tempDir, type TestCore } from '../../../test/helpers/core.js';
import { fixedClock } from '../clock.js';
import { createContext } from '../context.js';
import { loadMigrations, migrate } from '../db/migrate.js';
import { archiveDocument } from '../letters.js';
import { nodePreferences } from '../preferences.js';
import { seedBooks } from '../seed/seed.js';
import { backupTo } from './backup.js';
import { BACKUP_MAGIC, type KdfParams } from './crypto.js';
import { asidePathFor, inspectBackup, restoreFrom } from './restore.js';

const FAST_KDF: KdfParams = { N: 2 ** 14, r: 8, p: 1 };
const LATEST = loadMigrations().length;
const PDF = Buffer.from('%PDF-1.4\n% facture\n').toString('base64');

const cleanups: (() => void)[] = [];
afterEach(() => {
  while (cleanups.length) cleanups.pop()!();
});

function track(core: TestCore): TestCore {
  cleanups.push(() => core.close());
  return core;
}

function scratchDir(): string {
  const dir = tempDir('recouvra-backup-test-');
  cleanups.push(() => rmSync(dir, { recursive: true, force: true }));
  return dir;
}

/** A small book with clients, invoices, a payment, an invoice PDF and an archived letter. */
async function aBook(): Promise<TestCore> {
  const core = track(freshCore());
  const business = (await core.call('clients.create', aClient())).id;
  const consumer = (await core.call('clients.create', aConsumer())).id;
  const f1 = await core.call('invoices.create', { clientId: business, number: 'F-2026-001', issueDate: '2026-09-01', dueDate: '2026-10-01', amountTtcCents: 120_000 });
  await core.call('invoices.create', { clientId: consumer, number: 'F-2026-002', issueDate: '2026-09-15', dueDate: '2026-10-15', amountTtcCents: 45_000 });
  await core.call('invoices.attachPdf', { id: f1.invoice.id, fileName: 'F-2026-001.pdf', base64: PDF });
  await core.call('payments.record', { clientId: business, date: '2026-11-20', amountCents: 50_000, method: 'transfer' });
  archiveDocument(core.ctx, { clientId: business, kind: 'reminder', title: 'Relance amiable', fileName: 'relance.pdf', content: randomBytes(300_000), invoiceIds: [f1.invoice.id] });
  return core;
}

interface Snapshot {
  counts: Record<string, number>;
  documents: string[];
}

const TABLES = ['clients', 'contacts', 'invoices', 'payments', 'payment_allocations', 'documents', 'attachments', 'audit_log', 'company', 'settings'];

function snapshotOf(db: Database.Database): Snapshot {
  const counts: Record<string, number> = {};
  for (const t of TABLES) counts[t] = (db.prepare(`SELECT count(*) AS n FROM ${t}`).get() as { n: number }).n;
  const documents = (db.prepare('SELECT content FROM documents ORDER BY id').all() as { content: Buffer }[]).map((r) => createHash('sha256').update(r.content).digest('hex'));
  return { counts, documents };
}

function snapshotFile(path: string): Snapshot {
  const db = new Database(path, { readonly: true, fileMustExist: true });
  try {
    return snapshotOf(db);
  } finally {
    db.close();
  }
}

async function rejection(promise: Promise<unknown>): Promise<{ code?: string; message: string }> {
  try {
    await promise;
  } catch (error) {
    return error as { code?: string; message: string };
  }
  throw new Error('expected a rejection');
}

describe('backupTo and restoreFrom', () => {
  it('round trip, plain: the same rows and the same documents (SHA-256), checked and counted', async () => {
    const core = await aBook();
    const dir = scratchDir();
    const before = snapshotOf(core.ctx.db);
    const progress: [number, number][] = [];
    const report = await backupTo(core.ctx, join(dir, 'books-backup.sqlite'), { onProgress: (done, total) => progress.push([done, total]) });

    expect(report).toMatchObject({ encrypted: false, integrity: 'ok', schemaVersion: LATEST, counts: { clients: 2, invoices: 2, payments: 1, documents: 2 } });
    expect(report.counts.attachments).toBeGreaterThanOrEqual(1);
    expect(report.documentsBytes).toBe(300_000 + Buffer.from(PDF, 'base64').length);
    expect(progress.at(-1)?.[0]).toBe(progress.at(-1)?.[1]);
    expect(readdirSync(dir)).toEqual(['books-backup.sqlite']); // no .part, no -wal left over
    expect(readFileSync(report.path).subarray(0, 15).toString('latin1')).toBe('SQLite format 3');

    const target = join(dir, 'restored', 'books.sqlite');
    const restored = await restoreFrom(target, report.path);
    expect(restored).toMatchObject({ encrypted: false, schemaVersion: LATEST, asidePath: null, counts: report.counts, documentsBytes: report.documentsBytes });
    expect(restored.migration).toMatchObject({ from: LATEST, to: LATEST, backupPath: null });
    expect(snapshotFile(target)).toEqual(before);
  });

  it('round trip, encrypted with the default scrypt cost: magic and header in clear, nothing else readable', async () => {
    const core = await aBook();
    const dir = scratchDir();
    const before = snapshotOf(core.ctx.db);
    const report = await backupTo(core.ctx, join(dir, 'books.sqlite.enc'), { passphrase: 'cheval agrafe batterie' });
    expect(report.encrypted).toBe(true);

    const bytes = readFileSync(report.path);
    expect(bytes.subarray(0, BACKUP_MAGIC.length).toString('latin1')).toBe(BACKUP_MAGIC);
    const headerEnd = bytes.indexOf(0x0a, BACKUP_MAGIC.length);
    const header = JSON.parse(bytes.subarray(BACKUP_MAGIC.length, headerEnd).toString('utf8'));
    expect(header).toMatchObject({ format: 1, cipher: 'aes-256-gcm', kdf: { name: 'scrypt', N: 2 ** 17, r: 8, p: 1 }, schemaVersion: LATEST, appVersion: core.ctx.version });
    expect(bytes.includes(Buffer.from('SQLite format 3'))).toBe(false);
    expect(bytes.includes(Buffer.from('Boulangerie Dupont'))).toBe(false);

    const inspection = await inspectBackup(report.path, { passphrase: 'cheval agrafe batterie' });
    expect(inspection).toMatchObject({ encrypted: true, createdAt: report.createdAt, appVersion: core.ctx.version, counts: report.counts });

    const target = join(dir, 'restored.sqlite');
    const restored = await restoreFrom(target, report.path, { passphrase: 'cheval agrafe batterie' });
    expect(restored).toMatchObject({ encrypted: true, counts: report.counts, createdAt: report.createdAt });
    expect(snapshotFile(target)).toEqual(before);
    expect(readdirSync(dir).filter((n) => n.includes('.tmp'))).toEqual([]);
  });

  it('a wrong passphrase is refused, and the book it would have replaced is left as it was', async () => {
    const core = await aBook();
    const dir = scratchDir();
    const report = await backupTo(core.ctx, join(dir, 'b.sqlite.enc'), { passphrase: 'la bonne phrase', kdf: FAST_KDF });
    const other = track(freshCore());
    await other.call('clients.create', aConsumer({ lastName: 'Témoin' }));
    const before = snapshotOf(other.ctx.db);

    const error = await rejection(restoreFrom(other.dbPath, report.path, { passphrase: 'la mauvaise phrase' }));
    expect(error.message).toBe('Phrase de passe incorrecte ou sauvegarde altérée.');
    expect(snapshotOf(other.ctx.db)).toEqual(before);
    expect((await rejection(restoreFrom(other.dbPath, report.path))).message).toContain('chiffrée');
    expect(readdirSync(other.dir).filter((n) => n.includes('before-restore') || n.endsWith('.tmp'))).toEqual([]);
  });

  it('a flipped byte anywhere (ciphertext, header, tag) is refused', async () => {
    const core = await aBook();
    const dir = scratchDir();
    const report = await backupTo(core.ctx, join(dir, 'b.sqlite.enc'), { passphrase: 'phrase de passe', kdf: FAST_KDF });
    const bytes = readFileSync(report.path);
    const headerEnd = bytes.indexOf(0x0a, BACKUP_MAGIC.length);
    const header = bytes.subarray(BACKUP_MAGIC.length, headerEnd).toString('utf8');
    const createdAtAt = BACKUP_MAGIC.length + Buffer.byteLength(header.slice(0, header.indexOf('"createdAt":"') + 14));
    for (const [what, offset] of [['ciphertext', headerEnd + 1 + Math.floor((bytes.length - headerEnd) / 2)], ['header', createdAtAt], ['tag', bytes.length - 3]] as const) {
      const tampered = Buffer.from(bytes);
      tampered[offset] = tampered[offset]! ^ (what === 'header' ? 0x01 : 0x40);
      const file = join(dir, `tampered-${what}.sqlite.enc`);
      writeFileSync(file, tampered);
      const error = await rejection(restoreFrom(join(dir, `target-${what}.sqlite`), file, { passphrase: 'phrase de passe' }));
      expect(error.message, what).toBe('Phrase de passe incorrecte ou sauvegarde altérée.');
      expect(existsSync(join(dir, `target-${what}.sqlite`))).toBe(false);
    }
    // Truncated: refused the same way.
    writeFileSync(join(dir, 'short.sqlite.enc'), bytes.subarray(0, bytes.length - 100));
    expect((await rejection(inspectBackup(join(dir, 'short.sqlite.enc'), { passphrase: 'phrase de passe' }))).message).toBe('Phrase de passe incorrecte ou sauvegarde altérée.');
  });

  it('a backup from a newer Recouvra is refused with its schema number', async () => {
    const core = await aBook();
    const dir = scratchDir();
    const report = await backupTo(core.ctx, join(dir, 'newer.sqlite'));
    const db = new Database(report.path);
    db.pragma(`user_version = ${LATEST + 5}`);
    db.close();
    const other = track(freshCore());
    const error = await rejection(restoreFrom(other.dbPath, report.path));
    expect(error.code).toBe('PRECONDITION');
    expect(error.message).toContain(`Cette sauvegarde vient d’une version plus récente de Recouvra (schéma ${LATEST + 5}) : installez la dernière version`);
    expect(other.ctx.db.open).toBe(true);
    expect(readdirSync(other.dir).filter((n) => n.includes('before-restore'))).toEqual([]);
  });

  it('refuses what is not a Recouvra backup: any file, an empty file, another SQLite database', async () => {
    const dir = scratchDir();
    writeFileSync(join(dir, 'notes.txt'), 'Ceci n’est pas une base de données.\n'.repeat(50));
    writeFileSync(join(dir, 'empty.sqlite'), '');
    const other = new Database(join(dir, 'other.sqlite'));
    other.exec('CREATE TABLE recettes (nom TEXT)');
    other.close();
    // A SQLite header on garbage.
    writeFileSync(join(dir, 'garbage.sqlite'), Buffer.concat([Buffer.from('SQLite format 3\0', 'latin1'), randomBytes(4096)]));
    const target = join(dir, 'target.sqlite');
    expect((await rejection(restoreFrom(target, join(dir, 'notes.txt')))).message).toContain('n’est pas une sauvegarde Recouvra');
    expect((await rejection(restoreFrom(target, join(dir, 'empty.sqlite')))).message).toContain('n’est pas une sauvegarde Recouvra');
    expect((await rejection(restoreFrom(target, join(dir, 'other.sqlite')))).message).toContain('n’est pas une sauvegarde Recouvra');
    expect((await rejection(restoreFrom(target, join(dir, 'garbage.sqlite')))).message).toMatch(/n’est pas une sauvegarde Recouvra|endommagée/);
    expect((await rejection(restoreFrom(target, join(dir, 'absent.sqlite')))).code).toBe('NOT_FOUND');
    expect(existsSync(target)).toBe(false);
  });

  it('an older backup is migrated when restored, with the migration’s own copy', async () => {
    const dir = scratchDir();
    const old = join(dir, 'old.sqlite');
    const db = new Database(old);
    migrate(db, old, loadMigrations().slice(0, LATEST - 2));
    db.close();
    const target = join(dir, 'books.sqlite');
    const report = await restoreFrom(target, old);
    expect(report.schemaVersion).toBe(LATEST - 2);
    expect(report.migration).toMatchObject({ from: LATEST - 2, to: LATEST });
    expect(report.migration.backupPath).not.toBeNull();
    expect(existsSync(report.migration.backupPath!)).toBe(true);
    const check = new Database(target, { readonly: true });
    expect(check.pragma('user_version', { simple: true })).toBe(LATEST);
    check.close();
  });

  it('restoring over an open book closes it, keeps it aside, and the reopened book is the backup', async () => {
    const core = await aBook();
    const dir = scratchDir();
    const atBackup = snapshotOf(core.ctx.db);
    const report = await backupTo(core.ctx, join(dir, 'b.sqlite'));
    await core.call('clients.create', aConsumer({ lastName: 'Après' })); // written after the backup
    const afterBackup = snapshotOf(core.ctx.db);

    const now = new Date(2026, 10, 23, 14, 5, 9);
    const restored = await restoreFrom(core.ctx, report.path, { now });
    expect(core.ctx.db.open).toBe(false);
    expect(restored.asidePath).toBe(join(core.dir, 'books.before-restore-20261123-140509.sqlite'));
    expect(snapshotFile(restored.asidePath!)).toEqual(afterBackup);
    expect(existsSync(`${core.dbPath}-wal`)).toBe(false);

    const reopened = createContext({ dbPath: core.dbPath, clock: fixedClock('2026-11-23T09:30:00.000Z'), preferences: nodePreferences(core.dir) });
    try {
      expect(snapshotOf(reopened.db)).toEqual(atBackup);
    } finally {
      reopened.close();
    }
    // Same second again: another name, the first one kept.
    expect(asidePathFor(core.dbPath, now)).toBe(join(core.dir, 'books.before-restore-20261123-140509-2.sqlite'));
  });

  it('refuses to restore while another connection has the book open, and changes nothing', async () => {
    const core = await aBook();
    const dir = scratchDir();
    const report = await backupTo(core.ctx, join(dir, 'b.sqlite'));
    await core.call('clients.create', aConsumer({ lastName: 'Encore là' }));
    const before = snapshotOf(core.ctx.db);
    const error = await rejection(restoreFrom(core.dbPath, report.path)); // core.ctx is still open: "the app"
    expect(error.code).toBe('PRECONDITION');
    expect(error.message).toContain('est ouvert ailleurs');
    expect(snapshotOf(core.ctx.db)).toEqual(before);
    expect(readdirSync(core.dir).filter((n) => n.includes('before-restore') || n.endsWith('.tmp'))).toEqual([]);
  });

  it('refuses to overwrite the book itself, a missing folder and a short passphrase', async () => {
    const core = await aBook();
    expect((await rejection(backupTo(core.ctx, core.dbPath))).message).toContain('ne peut pas être le fichier de données lui-même');
    expect((await rejection(backupTo(core.ctx, `${core.dbPath}-wal`))).message).toContain('ne peut pas être le fichier de données lui-même');
    const missing = await rejection(backupTo(core.ctx, join(core.dir, 'clé-usb', 'b.sqlite')));
    expect(missing.code).toBe('PRECONDITION');
    expect(missing.message).toContain('est introuvable');
    expect((await rejection(backupTo(core.ctx, join(core.dir, 'b.sqlite.enc'), { passphrase: 'court' }))).message).toContain('8 caractères au moins');
    expect((await rejection(restoreFrom(core.dbPath, core.dbPath))).message).toContain('ne peut pas être le fichier de données lui-même');
  });
});

describe('a backup made while writes go on', () => {
  /** Every check a restored book must pass, whatever moment the copy caught. */
  function expectConsistent(path: string): void {
    const db = new Database(path, { readonly: true, fileMustExist: true });
    try {
      expect(db.pragma('integrity_check', { simple: true })).toBe('ok');
      expect(db.pragma('foreign_key_check')).toEqual([]);
      const overAllocated = db
        .prepare('SELECT p.id FROM payments p JOIN payment_allocations a ON a.payment_id = p.id GROUP BY p.id HAVING sum(a.amount_cents) > p.amount_cents')
        .all();
      expect(overAllocated).toEqual([]);
    } finally {
      db.close();
    }
  }

  it('on the app’s own connection (writes between the copy’s steps): a consistent book, with the writes made until the copy ended', async () => {
    const core = track(freshCore());
    seedBooks(core.ctx, { clients: 150, invoices: 2_500, seed: 11 });
    const dir = scratchDir();
    const countWriters = () => (core.ctx.db.prepare("SELECT count(*) AS n FROM clients WHERE name LIKE 'Ecrivain N%'").get() as { n: number }).n;

    // The writer: what the app does while the backup runs, each step its own transaction(s).
    let stop = false;
    let written = 0;
    const writer = (async () => {
      while (!stop) {
        written += 1;
        const clientId = (await core.call('clients.create', aConsumer({ firstName: 'Ecrivain', lastName: `N${written}` }))).id;
        await core.call('invoices.create', { clientId, number: `W-${written}`, issueDate: '2026-10-01', dueDate: '2026-10-31', amountTtcCents: 10_000 });
        await core.call('payments.record', { clientId, date: '2026-11-20', amountCents: 6_000 + (written % 7) * 1_000, method: 'cheque' });
        await new Promise((resolve) => setImmediate(resolve));
      }
    })();
    let steps = 0;
    let beforeLastStep = 0; // writes reaching the copy: at least those before its last step…
    let copyEnded = 0; // …and at most those before it was checked
    const report = await backupTo(core.ctx, join(dir, 'during.sqlite'), {
      pagesPerStep: 8,
      onProgress: (done, total) => {
        steps += 1;
        if (done < total) beforeLastStep = countWriters();
        else copyEnded = countWriters();
      },
    });
    stop = true;
    await writer;

    expect(steps).toBeGreaterThan(20);
    expect(beforeLastStep).toBeGreaterThan(5); // the app kept writing during the copy
    const target = join(dir, 'restored.sqlite');
    await restoreFrom(target, report.path);
    expectConsistent(target);
    const db = new Database(target, { readonly: true });
    try {
      const writers = db.prepare("SELECT c.id, c.name FROM clients c WHERE c.name LIKE 'Ecrivain N%' ORDER BY c.id").all() as { id: number; name: string }[];
      // A prefix of what the writer did, up to the end of the copy: nothing torn, nothing missing in between.
      expect(writers.length).toBeGreaterThanOrEqual(beforeLastStep);
      expect(writers.length).toBeLessThanOrEqual(copyEnded);
      expect(writers.map((w) => w.name)).toEqual(writers.map((_, i) => `Ecrivain N${i + 1}`));
      const invoices = (db.prepare("SELECT count(*) AS n FROM invoices WHERE number LIKE 'W-%'").get() as { n: number }).n;
      expect(invoices === writers.length || invoices === writers.length - 1).toBe(true);
    } finally {
      db.close();
    }
  });

  it('from another connection (another process writing): the copy restarts and still restores consistent', async () => {
    const core = track(freshCore());
    seedBooks(core.ctx, { clients: 100, invoices: 1_500, seed: 12 });
    const dir = scratchDir();
    const other = new Database(core.dbPath);
    cleanups.push(() => other.close());
    other.pragma('busy_timeout = 5000');
    const pairs = other.prepare('SELECT i.id AS invoiceId, i.client_id AS clientId FROM invoices i WHERE i.amount_ttc_cents - i.paid_cents - i.credited_cents >= 20 ORDER BY i.id LIMIT 200').all() as { invoiceId: number; clientId: number }[];
    const insertPayment = other.prepare("INSERT INTO payments (client_id, payment_date, amount_cents, method, reference, created_at) VALUES (?, '2026-11-21', 1, 'other', ?, '2026-11-21T10:00:00.000Z')");
    const insertAllocation = other.prepare('INSERT INTO payment_allocations (payment_id, invoice_id, amount_cents) VALUES (?, ?, 1)');
    const pay = other.transaction((k: number) => {
      const pair = pairs[k % pairs.length]!;
      const paymentId = insertPayment.run(pair.clientId, `AUTRE-${k}`).lastInsertRowid;
      insertAllocation.run(paymentId, pair.invoiceId);
    });

    let k = 0;
    const report = await backupTo(core.ctx, join(dir, 'during.sqlite'), {
      pagesPerStep: 16,
      onProgress: () => {
        if (k < 12) pay(k++); // a dozen commits during the copy, then the copy can finish
      },
    });
    expect(k).toBe(12);
    const target = join(dir, 'restored.sqlite');
    await restoreFrom(target, report.path);
    expectConsistent(target);
    const db = new Database(target, { readonly: true });
    try {
      const refs = (db.prepare("SELECT reference FROM payments WHERE reference LIKE 'AUTRE-%' ORDER BY id").all() as { reference: string }[]).map((r) => r.reference);
      // Each commit from the other connection restarted the copy, so all twelve are in it.
      expect(refs).toEqual(Array.from({ length: 12 }, (_, i) => `AUTRE-${i}`));
      const allocated = (db.prepare("SELECT count(*) AS n FROM payment_allocations a JOIN payments p ON p.id = a.payment_id WHERE p.reference LIKE 'AUTRE-%'").get() as { n: number }).n;
      expect(allocated).toBe(refs.length);
    } finally {
      db.close();
    }
  });
});
