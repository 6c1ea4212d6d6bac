// Encrypted backups: one file, streamed, never holding the book in memory.
//
//   "RECOUVRA-BACKUP-1\n"                      magic, 18 bytes
//   {"format":1,"cipher":"aes-256-gcm",…}\n    header: one line of JSON (kdf, salt, iv, versions, date)
//   ciphertext                                 the SQLite file, AES-256-GCM
//   tag                                        the 16-byte GCM authentication tag
//
// The key is scrypt(passphrase NFC-normalized, salt) with the N/r/p written in the header. The
// magic and the header line are the GCM additional data: changing a byte anywhere in the file
// (header included) makes decryption fail, exactly as a wrong passphrase does. The passphrase is
// never stored, anywhere.
import { createCipheriv, createDecipheriv, randomBytes, scrypt as scryptCallback, type ScryptOptions } from 'node:crypto';
import { createReadStream, createWriteStream } from 'node:fs';
import { open, rm, stat } from 'node:fs/promises';
import { Writable } from 'node:stream';
import { pipeline } from 'node:stream/promises';
import { AppError } from '../errors.js';

export const BACKUP_MAGIC = 'RECOUVRA-BACKUP-1\n';
const MAGIC = Buffer.from(BACKUP_MAGIC, 'latin1');
const SQLITE_MAGIC = Buffer.from('SQLite format 3\0', 'latin1');
const TAG_BYTES = 16;
const IV_BYTES = 12;
const SALT_BYTES = 16;
const KEY_BYTES = 32;
const MAX_HEADER_BYTES = 64 * 1024;

export const WRONG_PASSPHRASE = 'Phrase de passe incorrecte ou sauvegarde altérée';
export const MIN_PASSPHRASE_LENGTH = 8;

export interface KdfParams {
  /** CPU/memory cost: a power of two. */
  N: number;
  r: number;
  p: number;
}

/** 2^17 × 8 × 128 bytes = 128 MiB and about half a second: slow enough to make guessing expensive. */
export const DEFAULT_KDF: KdfParams = { N: 2 ** 17, r: 8, p: 1 };

export interface EncryptedBackupHeader {
  format: 1;
  cipher: 'aes-256-gcm';
  kdf: { name: 'scrypt'; N: number; r: number; p: number; salt: string };
  /** Base64. */
  iv: string;
  appVersion: string;
  schemaVersion: number;
  /** UTC ISO timestamp of the backup. */
  createdAt: string;
}

export interface BackupMeta {
  appVersion: string;
  schemaVersion: number;
  createdAt: string;
}

/** A passphrase for a new encrypted backup: refused (French message) when too short. */
export function checkNewPassphrase(passphrase: string): void {
  if ([...passphrase.normalize('NFC')].length < MIN_PASSPHRASE_LENGTH) {
    throw new AppError('VALIDATION', `Phrase de passe : ${MIN_PASSPHRASE_LENGTH} caractères au moins.`, {
      passphrase: `Phrase de passe : ${MIN_PASSPHRASE_LENGTH} caractères au moins.`,
    });
  }
}

function deriveKey(passphrase: string, salt: Buffer, kdf: KdfParams): Promise<Buffer> {
  const options: ScryptOptions = { N: kdf.N, r: kdf.r, p: kdf.p, maxmem: 256 * kdf.N * kdf.r + 16 * 1024 * 1024 };
  return new Promise((resolve, reject) => {
    scryptCallback(passphrase.normalize('NFC'), salt, KEY_BYTES, options, (error, key) => (error ? reject(error) : resolve(key)));
  });
}

/** Encrypts the SQLite file `source` into `target` (created or replaced), streaming. */
export async function encryptFile(source: string, target: string, passphrase: string, meta: BackupMeta, kdf: KdfParams = DEFAULT_KDF): Promise<EncryptedBackupHeader> {
  const salt = randomBytes(SALT_BYTES);
  const iv = randomBytes(IV_BYTES);
  const header: EncryptedBackupHeader = {
    format: 1,
    cipher: 'aes-256-gcm',
    kdf: { name: 'scrypt', N: kdf.N, r: kdf.r, p: kdf.p, salt: salt.toString('base64') },
    iv: iv.toString('base64'),
    appVersion: meta.appVersion,
    schemaVersion: meta.schemaVersion,
    createdAt: meta.createdAt,
  };
  const prefix = Buffer.concat([MAGIC, Buffer.from(`${JSON.stringify(header)}\n`, 'utf8')]);
  const key = await deriveKey(passphrase, salt, kdf);
  const cipher = createCipheriv('aes-256-gcm', key, iv, { authTagLength: TAG_BYTES });
  cipher.setAAD(prefix);
  await pipeline(
    createReadStream(source),
    cipher,
    async function* frame(encrypted: AsyncIterable<Buffer>) {
      yield prefix;
      for await (const chunk of encrypted) yield chunk;
      yield cipher.getAuthTag(); // the cipher stream has ended: final() ran
    },
    createWriteStream(target),
  );
  await syncFile(target);
  return header;
}

/** Flushes a written file to its medium (a USB key may be pulled out right after). */
export async function syncFile(path: string): Promise<void> {
  const handle = await open(path, 'r+');
  try {
    await handle.sync();
  } finally {
    await handle.close();
  }
}

/** What the first bytes say: our encrypted format, a SQLite file, or something else. */
export async function sniffBackup(path: string): Promise<'encrypted' | 'sqlite' | 'other'> {
  const handle = await open(path, 'r');
  try {
    const head = Buffer.alloc(Math.max(MAGIC.length, SQLITE_MAGIC.length));
    const { bytesRead } = await handle.read(head, 0, head.length, 0);
    if (bytesRead >= MAGIC.length && head.subarray(0, MAGIC.length).equals(MAGIC)) return 'encrypted';
    if (bytesRead >= SQLITE_MAGIC.length && head.subarray(0, SQLITE_MAGIC.length).equals(SQLITE_MAGIC)) return 'sqlite';
    return 'other';
  } finally {
    await handle.close();
  }
}

export async function isEncryptedBackup(path: string): Promise<boolean> {
  return (await sniffBackup(path)) === 'encrypted';
}

function altered(): AppError {
  return new AppError('VALIDATION', `${WRONG_PASSPHRASE}.`, { passphrase: `${WRONG_PASSPHRASE}.` });
}

const isPowerOfTwo = (n: number) => Number.isInteger(n) && n > 1 && (n & (n - 1)) === 0;

function parseHeader(line: string): EncryptedBackupHeader {
  let value: unknown;
  try {
    value = JSON.parse(line);
  } catch {
    throw altered();
  }
  const h = value as Partial<EncryptedBackupHeader> | null;
  const kdf = h?.kdf;
  const ok =
    h !== null &&
    typeof h === 'object' &&
    h.format === 1 &&
    h.cipher === 'aes-256-gcm' &&
    typeof h.iv === 'string' &&
    Buffer.from(h.iv, 'base64').length === IV_BYTES &&
    typeof h.appVersion === 'string' &&
    Number.isInteger(h.schemaVersion) &&
    typeof h.createdAt === 'string' &&
    kdf !== undefined &&
    kdf.name === 'scrypt' &&
    typeof kdf.salt === 'string' &&
    Buffer.from(kdf.salt, 'base64').length >= SALT_BYTES &&
    // Bounds, so a crafted header cannot ask for gigabytes of memory or hours of work.
    isPowerOfTwo(kdf.N) &&
    kdf.N >= 2 ** 10 &&
    kdf.N <= 2 ** 20 &&
    Number.isInteger(kdf.r) &&
    kdf.r >= 1 &&
    kdf.r <= 32 &&
    Number.isInteger(kdf.p) &&
    kdf.p >= 1 &&
    kdf.p <= 16;
  if (!ok) throw altered();
  return h as EncryptedBackupHeader;
}

/** The header of an encrypted backup (readable without the passphrase), and where its ciphertext starts. */
export async function readEncryptedHeader(path: string): Promise<{ header: EncryptedBackupHeader; prefix: Buffer }> {
  const handle = await open(path, 'r');
  try {
    const buffer = Buffer.alloc(MAGIC.length + MAX_HEADER_BYTES);
    const { bytesRead } = await handle.read(buffer, 0, buffer.length, 0);
    const head = buffer.subarray(0, bytesRead);
    if (!head.subarray(0, MAGIC.length).equals(MAGIC)) throw new AppError('VALIDATION', 'Ce fichier n’est pas une sauvegarde chiffrée de Recouvra.');
    const end = head.indexOf(0x0a, MAGIC.length);
    if (end < 0) throw altered();
    const header = parseHeader(head.subarray(MAGIC.length, end).toString('utf8'));
    return { header, prefix: Buffer.from(head.subarray(0, end + 1)) };
  } finally {
    await handle.close();
  }
}

/**
 * Decrypts an encrypted backup into `target` (created or replaced); with no target, only checks
 * it (every byte read back and authenticated, nothing written). A wrong passphrase or any
 * altered byte fails the GCM check: the target is then deleted and « Phrase de passe
 * incorrecte ou sauvegarde altérée » thrown. Nothing decrypted is trusted before that check.
 */
export async function decryptFile(source: string, target: string | null, passphrase: string): Promise<EncryptedBackupHeader> {
  const { header, prefix } = await readEncryptedHeader(source);
  const size = (await stat(source)).size;
  if (size <= prefix.length + TAG_BYTES) throw altered(); // a SQLite file is never empty
  const tag = Buffer.alloc(TAG_BYTES);
  const handle = await open(source, 'r');
  try {
    await handle.read(tag, 0, TAG_BYTES, size - TAG_BYTES);
  } finally {
    await handle.close();
  }
  const key = await deriveKey(passphrase, Buffer.from(header.kdf.salt, 'base64'), header.kdf);
  const decipher = createDecipheriv('aes-256-gcm', key, Buffer.from(header.iv, 'base64'), { authTagLength: TAG_BYTES });
  decipher.setAAD(prefix);
  decipher.setAuthTag(tag);
  const ciphertextEnd = size - TAG_BYTES - 1; // inclusive
  try {
    const sink = target === null ? new Writable({ write: (_chunk, _encoding, done) => done() }) : createWriteStream(target);
    await pipeline(createReadStream(source, { start: prefix.length, end: ciphertextEnd }), decipher, sink);
  } catch (error) {
    if (target !== null) await rm(target, { force: true });
    if (error instanceof Error && /unable to authenticate|bad decrypt/i.test(error.message)) throw altered();
    throw error;
  }
  return header;
}
