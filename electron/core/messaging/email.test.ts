import { describe, it, expect } from 'vitest';
import { randomBytes } from 'node:crypto';
import { AppError } from '../errors.js';
import { buildReminderEmail, emlFileName, newMessageId, textToHtml, type ReminderEmailInput } from './email.js';

// A small reader of the produced message (mailparser is not a dependency): headers unfolded and
// RFC 2047 / RFC 2231 decoded, multipart split on its boundaries, base64 / quoted-printable bodies decoded.

interface Part {
  headers: Map<string, string>;
  /** Raw header block, as written (folded, encoded). */
  rawHeaders: string;
  body: string;
  parts: Part[];
}

function decodeWords(value: string): string {
  return value.replace(/(=\?[^?]+\?[QqBb]\?[^?]*\?=)(\s+(=\?[^?]+\?[QqBb]\?[^?]*\?=))*/g, (run) => {
    const bytes: number[] = [];
    for (const [, , enc, data] of run.matchAll(/=\?([^?]+)\?([QqBb])\?([^?]*)\?=/g)) {
      if (enc!.toUpperCase() === 'B') bytes.push(...Buffer.from(data!, 'base64'));
      else {
        const text = data!.replace(/_/g, ' ');
        for (let i = 0; i < text.length; i++) {
          if (text[i] === '=') {
            bytes.push(parseInt(text.slice(i + 1, i + 3), 16));
            i += 2;
          } else bytes.push(text.charCodeAt(i));
        }
      }
    }
    return Buffer.from(bytes).toString('utf8');
  });
}

function parsePart(raw: string): Part {
  const split = raw.indexOf('\r\n\r\n');
  const rawHeaders = split === -1 ? raw : raw.slice(0, split);
  const body = split === -1 ? '' : raw.slice(split + 4);
  const headers = new Map<string, string>();
  for (const line of rawHeaders.replace(/\r\n[ \t]+/g, ' ').split('\r\n')) {
    const colon = line.indexOf(':');
    if (colon > 0) headers.set(line.slice(0, colon).toLowerCase(), line.slice(colon + 1).trim());
  }
  const boundary = /boundary="?([^";]+)"?/i.exec(headers.get('content-type') ?? '')?.[1];
  const parts: Part[] = [];
  if (boundary && /^multipart\//i.test(headers.get('content-type') ?? '')) {
    const sections = body.split(`--${boundary}`);
    for (const section of sections.slice(1)) {
      if (section.startsWith('--')) break;
      parts.push(parsePart(section.replace(/^\r\n/, '').replace(/\r\n$/, '')));
    }
  }
  return { headers, rawHeaders, body, parts };
}

function partContent(part: Part): Buffer {
  const encoding = (part.headers.get('content-transfer-encoding') ?? '7bit').toLowerCase();
  if (encoding === 'base64') return Buffer.from(part.body.replace(/\s+/g, ''), 'base64');
  if (encoding === 'quoted-printable') {
    const soft = part.body.replace(/=\r\n/g, '');
    const bytes: number[] = [];
    for (let i = 0; i < soft.length; i++) {
      if (soft[i] === '=') {
        bytes.push(parseInt(soft.slice(i + 1, i + 3), 16));
        i += 2;
      } else bytes.push(soft.charCodeAt(i));
    }
    return Buffer.from(bytes);
  }
  return Buffer.from(part.body, 'utf8');
}

/** filename= or the RFC 2231 form filename*0*=utf-8''…; filename*1*=… */
function dispositionFileName(value: string): string | null {
  const plain = /filename="?([^";]+)"?/i.exec(value);
  const pieces = [...value.matchAll(/filename\*(\d+)?(\*)?=("?)([^";]+)\3/gi)].sort((a, b) => Number(a[1] ?? 0) - Number(b[1] ?? 0));
  if (pieces.length > 0) {
    const joined = pieces.map((p) => p[4]!).join('');
    return decodeURIComponent(joined.replace(/^[^']*'[^']*'/, ''));
  }
  return plain ? decodeWords(plain[1]!) : null;
}

function leaves(part: Part): Part[] {
  return part.parts.length === 0 ? [part] : part.parts.flatMap(leaves);
}

const pdf = Buffer.concat([Buffer.from('%PDF-1.7\n'), randomBytes(5000), Buffer.from(Array.from({ length: 256 }, (_, i) => i)), Buffer.from('\n%%EOF\n')]);

const input = (over: Partial<ReminderEmailInput> = {}): ReminderEmailInput => ({
  from: { name: 'Atelier Martin', address: 'compta@atelier-martin.fr' },
  to: { name: 'Dupont, Boulangerie', address: 'compta@boulangerie-dupont.fr' },
  subject: 'Relance : factures échues — réf. 12-F-042 à régler',
  text: [
    'Madame, Monsieur,',
    'Sauf erreur de notre part, les factures n° 12-F-042 et 12-F-051 (1 234,56 €) restent impayées à ce jour. Nous vous remercions de bien vouloir procéder à leur règlement.',
    'Vous trouverez ci-joint le relevé correspondant.',
    'Cordialement,\nJeanne Martin\nAtelier Martin',
  ].join('\n\n'),
  attachments: [{ fileName: 'Relance Société Dupont.pdf', content: pdf, contentType: 'application/pdf' }],
  date: new Date('2026-11-23T09:30:00.000Z'),
  messageIdDomain: 'atelier-martin.fr',
  ...over,
});

describe('buildReminderEmail', () => {
  it('produces an RFC 5322 draft: encoded French subject, addresses, Message-ID, X-Unsent, text + HTML, the PDF', async () => {
    const { eml, messageId } = await buildReminderEmail(input());
    const raw = eml.toString('latin1');
    const message = parsePart(raw);

    // Headers are pure ASCII (accents as RFC 2047 encoded words), lines end in CRLF, none too long.
    expect(/^[\x00-\x7f]*$/.test(message.rawHeaders)).toBe(true);
    expect(raw.replace(/\r\n/g, '')).not.toMatch(/[\r\n]/);
    for (const line of raw.split('\r\n')) expect(line.length).toBeLessThanOrEqual(998);

    expect(decodeWords(message.headers.get('subject')!)).toBe('Relance : factures échues — réf. 12-F-042 à régler');
    expect(message.headers.get('from')).toBe('Atelier Martin <compta@atelier-martin.fr>');
    expect(message.headers.get('to')).toBe('"Dupont, Boulangerie" <compta@boulangerie-dupont.fr>');
    expect(message.headers.get('message-id')).toBe(messageId);
    expect(messageId).toMatch(/^<[a-z0-9]+\.[0-9a-f]{24}@atelier-martin\.fr>$/);
    expect(message.headers.get('x-unsent')).toBe('1');
    expect(message.headers.get('date')).toBe('Mon, 23 Nov 2026 09:30:00 +0000');
    expect(message.headers.get('mime-version')).toBe('1.0');
    expect(message.headers.has('bcc')).toBe(false);
    expect(message.headers.has('reply-to')).toBe(false);

    expect(message.headers.get('content-type')).toMatch(/^multipart\/mixed/);
    const [alternative, attachment] = message.parts;
    expect(alternative!.headers.get('content-type')).toMatch(/^multipart\/alternative/);
    const [plain, html] = alternative!.parts;
    expect(plain!.headers.get('content-type')).toBe('text/plain; charset=utf-8');
    expect(partContent(plain!).toString('utf8')).toBe(input().text.replace(/\n/g, '\r\n'));
    expect(html!.headers.get('content-type')).toBe('text/html; charset=utf-8');
    const htmlText = partContent(html!).toString('utf8');
    expect(htmlText).toContain('<p>Sauf erreur de notre part, les factures n° 12-F-042');
    expect(htmlText).toContain('Cordialement,<br>');

    expect(attachment!.headers.get('content-type')).toMatch(/^application\/pdf/);
    expect(attachment!.headers.get('content-transfer-encoding')).toBe('base64');
    expect(attachment!.headers.get('content-disposition')).toMatch(/^attachment;/);
    expect(dispositionFileName(attachment!.headers.get('content-disposition')!)).toBe('Relance Société Dupont.pdf');
    expect(partContent(attachment!).equals(pdf)).toBe(true);
    expect(leaves(message)).toHaveLength(3);
  });

  it('a new Message-ID each time, or the one given', async () => {
    const a = await buildReminderEmail(input());
    const b = await buildReminderEmail(input());
    expect(a.messageId).not.toBe(b.messageId);
    const again = await buildReminderEmail(input({ messageId: a.messageId }));
    expect(again.messageId).toBe(a.messageId);
    expect(parsePart(again.eml.toString('latin1')).headers.get('message-id')).toBe(a.messageId);
    await expect(buildReminderEmail(input({ messageId: 'pas un identifiant' }))).rejects.toThrow();
  });

  it('falls back to the sender’s domain for a Message-ID domain that is not one', async () => {
    const { messageId } = await buildReminderEmail(input({ messageIdDomain: 'pas un domaine' }));
    expect(messageId).toMatch(/@atelier-martin\.fr>$/);
    expect(newMessageId('')).toMatch(/@recouvra\.invalid>$/);
  });

  it('Reply-To, no HTML alternative, several attachments', async () => {
    const second = Buffer.from('second');
    const { eml } = await buildReminderEmail(
      input({
        replyTo: { name: 'Jeanne Martin', address: 'jeanne@atelier-martin.fr' },
        htmlAlternative: false,
        attachments: [...input().attachments, { fileName: 'facture-12.pdf', content: second, contentType: 'application/pdf' }],
      }),
    );
    const message = parsePart(eml.toString('latin1'));
    expect(message.headers.get('reply-to')).toBe('Jeanne Martin <jeanne@atelier-martin.fr>');
    const all = leaves(message);
    expect(all.map((p) => p.headers.get('content-type')!.split(';')[0])).toEqual(['text/plain', 'application/pdf', 'application/pdf']);
    expect(partContent(all[2]!).equals(second)).toBe(true);
    expect(dispositionFileName(all[2]!.headers.get('content-disposition')!)).toBe('facture-12.pdf');
  });

  it('cannot be made to add headers through the subject or a name', async () => {
    const { eml } = await buildReminderEmail(
      input({ subject: 'Relance\r\nBcc: espion@example.com', to: { name: 'Dupont\r\nBcc: espion@example.com', address: 'compta@boulangerie-dupont.fr' } }),
    );
    const raw = eml.toString('latin1');
    expect(raw).not.toMatch(/^Bcc:/im);
    expect(decodeWords(parsePart(raw).headers.get('subject')!)).toBe('Relance Bcc: espion@example.com');
  });

  it('refuses, in French and by field, a contact without an address or a bad sender', async () => {
    const error = await buildReminderEmail(input({ to: { name: 'Dupont', address: '' } })).catch((e: unknown) => e);
    expect(error).toBeInstanceOf(AppError);
    expect((error as AppError).code).toBe('VALIDATION');
    expect((error as AppError).fields).toEqual({ to: 'Destinataire : ce contact n’a pas d’adresse e-mail.' });
    const both = (await buildReminderEmail(input({ to: { name: 'Dupont', address: 'dupont@' }, from: { name: 'A', address: '' } })).catch((e: unknown) => e)) as AppError;
    expect(Object.keys(both.fields!)).toEqual(['to', 'from']);
    expect(both.message).toMatch(/^2 champs à corriger\./);
  });
});

describe('textToHtml', () => {
  it('escapes the text and keeps its paragraphs and line breaks', () => {
    const html = textToHtml('Bonjour <b>Dupont</b> & "associés",\n\nLigne 1\nLigne 2');
    expect(html).toContain('<p>Bonjour &lt;b&gt;Dupont&lt;/b&gt; &amp; &quot;associés&quot;,</p>');
    expect(html).toContain('<p>Ligne 1<br>\nLigne 2</p>');
    expect(html).toContain('<html lang="fr">');
  });
});

describe('emlFileName', () => {
  it('makes a file name safe everywhere', () => {
    expect(emlFileName('Relance - Boulangerie Dupont - 2026-11-23')).toBe('Relance - Boulangerie Dupont - 2026-11-23.eml');
    expect(emlFileName('Relance : A/B <C> "D" | E?*')).toBe('Relance A B C D E.eml');
    expect(emlFileName('  ..  ')).toBe('Courriel.eml');
  });
});
