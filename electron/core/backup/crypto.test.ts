// The encrypted backup format on its own: streamed round trip of any bytes, authentication of
// every byte (header included), bounds on a crafted header, and the passphrase rules.
import { randomBytes } from 'node:crypto';
import { readFileSync, rmSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { tempDir } from '../../../test/helpers/core.js';
import { BACKUP_MAGIC, checkNewPassphrase, decryptFile, encryptFile, isEncryptedBackup, readEncryptedHeader, sniffBackup, type KdfParams } from './crypto.js';

const FAST_KDF: KdfParams = { N: 2 ** 14, r: 8, p: 1 };
const META = { appVersion: '0.1.0', schemaVersion: 10, createdAt: '2026-11-23T09:30:00.000Z' };
const dir = tempDir('recouvra-crypto-');
afterAll(() => rmSync(dir, { recursive: true, force: true }));

async function message(promise: Promise<unknown>): Promise<string> {
  try {
    await promise;
  } catch (error) {
    return (error as Error).message;
  }
  throw new Error('expected a rejection');
}

describe('encrypted backup files', () => {
  it('round trip of a multi-chunk file, byte for byte; header readable without the passphrase', async () => {
    const plain = randomBytes(1_000_003);
    writeFileSync(join(dir, 'plain.bin'), plain);
    const header = await encryptFile(join(dir, 'plain.bin'), join(dir, 'enc.bin'), 'phrase très secrète', META, FAST_KDF);
    expect(header).toMatchObject({ format: 1, cipher: 'aes-256-gcm', ...META, kdf: { name: 'scrypt', ...FAST_KDF } });
    const enc = readFileSync(join(dir, 'enc.bin'));
    const { prefix } = await readEncryptedHeader(join(dir, 'enc.bin'));
    expect(enc.length).toBe(prefix.length + plain.length + 16); // GCM: no padding, a 16-byte tag
    expect(await sniffBackup(join(dir, 'enc.bin'))).toBe('encrypted');
    expect(await isEncryptedBackup(join(dir, 'plain.bin'))).toBe(false);
    expect((await readEncryptedHeader(join(dir, 'enc.bin'))).header).toEqual(header);

    await decryptFile(join(dir, 'enc.bin'), join(dir, 'dec.bin'), 'phrase très secrète');
    expect(readFileSync(join(dir, 'dec.bin')).equals(plain)).toBe(true);
    // Only checking (the backup's read-back): nothing written.
    await expect(decryptFile(join(dir, 'enc.bin'), null, 'phrase très secrète')).resolves.toEqual(header);
  });

  it('the passphrase is compared once Unicode-normalized (é typed composed or not)', async () => {
    writeFileSync(join(dir, 'p.bin'), 'données');
    await encryptFile(join(dir, 'p.bin'), join(dir, 'p.enc'), 'clé d’été 2026'.normalize('NFD'), META, FAST_KDF);
    await decryptFile(join(dir, 'p.enc'), join(dir, 'p.out'), 'clé d’été 2026'.normalize('NFC'));
    expect(readFileSync(join(dir, 'p.out'), 'utf8')).toBe('données');
  });

  it('wrong passphrase, any altered byte, or a header asking for absurd scrypt costs: refused, nothing left behind', async () => {
    writeFileSync(join(dir, 'x.bin'), randomBytes(50_000));
    await encryptFile(join(dir, 'x.bin'), join(dir, 'x.enc'), 'la bonne phrase', META, FAST_KDF);
    const out = join(dir, 'x.out');
    expect(await message(decryptFile(join(dir, 'x.enc'), out, 'la mauvaise phrase'))).toBe('Phrase de passe incorrecte ou sauvegarde altérée.');
    const original = readFileSync(join(dir, 'x.enc'));
    for (const offset of [BACKUP_MAGIC.length + 5, original.length - 30_000, original.length - 1]) {
      const bad = Buffer.from(original);
      bad[offset] = bad[offset]! ^ 0x02;
      writeFileSync(join(dir, 'bad.enc'), bad);
      expect(await message(decryptFile(join(dir, 'bad.enc'), out, 'la bonne phrase')), `offset ${offset}`).toBe('Phrase de passe incorrecte ou sauvegarde altérée.');
    }
    expect(() => readFileSync(out)).toThrow();

    const { header, prefix } = await readEncryptedHeader(join(dir, 'x.enc'));
    const greedy = Buffer.concat([Buffer.from(BACKUP_MAGIC, 'latin1'), Buffer.from(`${JSON.stringify({ ...header, kdf: { ...header.kdf, N: 2 ** 30 } })}\n`), original.subarray(prefix.length)]);
    writeFileSync(join(dir, 'greedy.enc'), greedy);
    expect(await message(decryptFile(join(dir, 'greedy.enc'), out, 'la bonne phrase'))).toBe('Phrase de passe incorrecte ou sauvegarde altérée.');
  });

  it('a new passphrase has at least 8 characters', () => {
    expect(() => checkNewPassphrase('1234567')).toThrow('8 caractères au moins');
    expect(() => checkNewPassphrase('12345678')).not.toThrow();
  });
});
