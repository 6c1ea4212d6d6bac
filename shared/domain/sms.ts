// SMS reminders: how long a text is for the network (GSM 03.38 / UCS-2), the French wording of
// the reminder itself, French mobile numbers in E.164, and which contact receives a message.
//
// Counting rules (the only place they are written down):
// - A text is sent in GSM-7 when every character is in the GSM 03.38 basic set or its extension
//   table; otherwise the whole text is sent in UCS-2.
// - GSM-7: a basic character counts 1, an extension character (€ [ ] { } ^ ~ \ | and form feed)
//   counts 2 (escape + character). One SMS holds 160; a longer text is split into parts of 153
//   (7 septets go to the concatenation header).
// - UCS-2: each UTF-16 code unit counts 1 (an emoji outside the BMP counts 2). One SMS holds 70;
//   parts hold 67.
// - A two-unit character (extension character, surrogate pair) is never split across two parts,
//   as phones and SMS gateways do: a part may then carry one unit less, so a long text full of
//   such characters can need one more part than ceil(characters / perSegment).
import type { Contact, ContactRole } from './client.js';
import type { Tone } from './scenarios.js';

/** GSM 03.38 default alphabet, in table order (0x00–0x7F), without 0x1B (the escape code itself). */
const GSM7_BASIC =
  '@£$¥èéùìòÇ\nØø\rÅå' +
  'Δ_ΦΓΛΩΠΨΣΘΞÆæßÉ' + // 0x10–0x1F, 0x1B (escape) left out
  ' !"#¤%&\'()*+,-./' +
  '0123456789:;<=>?' +
  '¡ABCDEFGHIJKLMNO' +
  'PQRSTUVWXYZÄÖÑÜ§' +
  '¿abcdefghijklmno' +
  'pqrstuvwxyzäöñüà';

/** GSM 03.38 extension table: sent as escape + character, so two septets each. */
const GSM7_EXTENSION = '\f^{}\\[~]|€';

const BASIC = new Set(Array.from(GSM7_BASIC));
const EXTENSION = new Set(Array.from(GSM7_EXTENSION));

export type SmsEncoding = 'GSM-7' | 'UCS-2';

export interface SmsInfo {
  encoding: SmsEncoding;
  /** Length in the encoding's units: septets for GSM-7 (extension characters count 2), UTF-16 code units for UCS-2. */
  characters: number;
  /** Number of SMS billed: 0 for an empty text. */
  segments: number;
  /** Capacity of each SMS for this text: 160/153 (GSM-7) or 70/67 (UCS-2), the smaller one once the text is split. */
  perSegment: number;
}

export const SMS_LIMITS = {
  'GSM-7': { single: 160, multipart: 153 },
  'UCS-2': { single: 70, multipart: 67 },
} as const satisfies Record<SmsEncoding, { single: number; multipart: number }>;

/** True when the character (one code point) is in the GSM 03.38 basic set or extension table. */
export function isGsm7Char(char: string): boolean {
  return BASIC.has(char) || EXTENSION.has(char);
}

/** True when the whole text can be sent in GSM-7. */
export function isGsm7(text: string): boolean {
  for (const char of text) if (!isGsm7Char(char)) return false;
  return true;
}

/** Units of each character of the text in the given encoding (1 or 2). */
function unitsOf(text: string, encoding: SmsEncoding): number[] {
  const units: number[] = [];
  for (const char of text) units.push(encoding === 'GSM-7' ? (EXTENSION.has(char) ? 2 : 1) : char.length);
  return units;
}

/** Length, encoding and number of SMS of a text, as the network bills it. */
export function smsInfo(text: string): SmsInfo {
  const encoding: SmsEncoding = isGsm7(text) ? 'GSM-7' : 'UCS-2';
  const limits = SMS_LIMITS[encoding];
  const units = unitsOf(text, encoding);
  const characters = units.reduce((sum, u) => sum + u, 0);
  if (characters === 0) return { encoding, characters, segments: 0, perSegment: limits.single };
  if (characters <= limits.single) return { encoding, characters, segments: 1, perSegment: limits.single };
  // Fill parts one after the other, never splitting a two-unit character.
  let segments = 1;
  let used = 0;
  for (const u of units) {
    if (used + u > limits.multipart) {
      segments += 1;
      used = 0;
    }
    used += u;
  }
  return { encoding, characters, segments, perSegment: limits.multipart };
}

/** Typographic characters with a GSM-7 equivalent that reads the same. */
const GSM7_SUBSTITUTES: Record<string, string> = {
  '\u00a0': ' ', // no-break space (before €, :, ;)
  '\u202f': ' ', // narrow no-break space (thousands separator)
  '\u2009': ' ',
  '\u2007': ' ',
  '\t': ' ',
  '\u2018': "'",
  '\u2019': "'", // typographic apostrophe
  '\u201c': '"',
  '\u201d': '"',
  '«': '"',
  '»': '"',
  '\u2010': '-',
  '\u2011': '-',
  '\u2013': '-', // en dash
  '\u2014': '-', // em dash
  '\u2026': '...',
  'œ': 'oe',
  'Œ': 'OE',
  '`': "'",
};

/**
 * Replaces the characters that would force the whole SMS into UCS-2 (70 characters per SMS
 * instead of 160) by their GSM-7 equivalent when one exists: French spaces, typographic
 * quotes and dashes, and accented letters outside the GSM set (ê â î ô û ç ë ï …) by the bare
 * letter (é è à ù ì ò É Ç are in the set and stay). Anything without an equivalent (an emoji,
 * another script) is kept, and the text then goes in UCS-2.
 */
export function toGsm7(text: string): string {
  let out = '';
  for (const char of text) {
    if (isGsm7Char(char)) {
      out += char;
      continue;
    }
    const substitute = GSM7_SUBSTITUTES[char];
    if (substitute !== undefined) {
      out += substitute;
      continue;
    }
    const bare = char.normalize('NFD').replace(/[\u0300-\u036f]/g, '');
    out += bare !== '' && isGsm7(bare) ? bare : char;
  }
  return out;
}

export interface SmsTextInput {
  companyName: string;
  clientName: string;
  /** Already formatted, e.g. "1 234,56 €" (French spaces are turned into plain ones). */
  totalDue: string;
  /** Number of invoices the reminder is about. */
  dueInvoices: number;
  /** What the client quotes when paying: invoice number or client reference. */
  reference: string;
  /** Printed for a transfer when given (as the caller formats it). */
  iban?: string | null;
  tone: Tone;
}

const oneLine = (value: string): string => value.replace(/\s+/g, ' ').trim();

/**
 * The French text of a reminder by SMS, in GSM-7 wherever possible. A courteous reminder aims at
 * one SMS (160 characters): when greeting the client by name would pass that, the greeting is
 * left out. The IBAN, when given, is always written.
 */
export function smsText(input: SmsTextInput): string {
  const company = oneLine(input.companyName);
  const client = oneLine(input.clientName);
  const total = oneLine(input.totalDue.replace(/[\u00a0\u202f]/g, ' '));
  const reference = oneLine(input.reference);
  const single = input.dueInvoices <= 1;
  const iban = input.iban ? ` IBAN ${oneLine(input.iban)}` : '';
  const ref = reference ? `, réf. ${reference}` : '';

  const invoices = single ? `1 facture (${total}) reste impayée` : `${input.dueInvoices} factures (${total}) restent impayées`;
  const overdue = single ? `votre facture échue (${total}) reste impayée` : `vos ${input.dueInvoices} factures échues (${total}) restent impayées`;
  const owed = single ? `la facture échue (${total})` : `les ${input.dueInvoices} factures échues (${total})`;

  // "Atelier Martin : bonjour …", or "Bonjour …" when the company has no name yet.
  const lead = (rest: string): string => (company ? `${company} : ${rest}` : `${rest.charAt(0).toUpperCase()}${rest.slice(1)}`);
  let candidates: string[];
  switch (input.tone) {
    case 'courteous': {
      const body = `sauf erreur, ${invoices}. Merci de régler au plus vite${ref}.${iban}`;
      candidates = client ? [lead(`bonjour ${client}, ${body}`), lead(body)] : [lead(body)];
      break;
    }
    case 'firm': {
      const body = `malgré nos relances, ${overdue}. Merci de régler sans délai${ref}.${iban}`;
      candidates = [lead(client ? `${client}, ${body}` : body)];
      break;
    }
    case 'formal': {
      const body =
        `nous vous demandons de régler sans délai ${owed}${ref}.${iban} ` +
        'Faute de paiement, nous engagerons une procédure de recouvrement.';
      candidates = [lead(client ? `${client}, ${body}` : body)];
      break;
    }
  }
  const texts = candidates.map(toGsm7);
  if (input.tone === 'courteous') {
    const fitting = texts.find((t) => smsInfo(t).segments <= 1);
    if (fitting !== undefined) return fitting;
    return texts[texts.length - 1]!;
  }
  return texts[0]!;
}

// ---------------------------------------------------------------------------------------------
// French mobile numbers

/** Overseas departments: their mobile blocks in the French 10-digit plan, and their country code. */
const OVERSEAS_MOBILE: readonly { prefix: string; countryCode: string }[] = [
  { prefix: '0690', countryCode: '590' }, // Guadeloupe, Saint-Martin, Saint-Barthélemy
  { prefix: '0691', countryCode: '590' },
  { prefix: '0694', countryCode: '594' }, // Guyane
  { prefix: '0696', countryCode: '596' }, // Martinique
  { prefix: '0697', countryCode: '596' },
  { prefix: '0692', countryCode: '262' }, // La Réunion
  { prefix: '0693', countryCode: '262' },
  { prefix: '0639', countryCode: '262' }, // Mayotte
];

export type MobileCheck = { ok: true; e164: string } | { ok: false; reason: string };

/**
 * A French mobile number in E.164 (+33612345678), from what people type or spreadsheets hold:
 * "06 12 34 56 78", "06.12.34.56.78", "+33 6 12 34 56 78", "+33 (0)6 12…", "0033 6…",
 * "33612345678", or "612345678" (the leading 0 a spreadsheet dropped). Overseas mobiles
 * (0690, 0694, 0696, 0692, 0639…) get their own country code (+590, +594, +596, +262).
 * Refused, with the reason in French: a landline or special number (only 06 and 07 receive SMS),
 * a foreign number, anything that is not a phone number.
 */
export function normalizeMobilePhone(input: string): MobileCheck {
  const shown = input.trim();
  if (shown === '') return { ok: false, reason: 'Numéro de téléphone absent.' };
  let compact = shown.replace(/[\s.\-/\u00a0\u202f]/g, '').replace(/\(0\)/g, '').replace(/[()]/g, '');
  if (!/^\+?\d+$/.test(compact)) return { ok: false, reason: `« ${shown} » n’est pas un numéro de téléphone.` };
  if (compact.startsWith('00')) compact = `+${compact.slice(2)}`;

  let international: string; // digits after the +, country code first
  if (compact.startsWith('+')) international = compact.slice(1);
  else if (/^0\d{9}$/.test(compact)) international = `33${compact.slice(1)}`;
  else if (/^33[67]\d{8}$/.test(compact)) international = compact;
  else if (/^[67]\d{8}$/.test(compact)) international = `33${compact}`;
  else return { ok: false, reason: `« ${shown} » n’est pas un numéro français complet (10 chiffres, 06 ou 07).` };

  // Overseas departments written with +33 or 0: give them their own country code.
  if (international.startsWith('33') && international.length === 11) {
    const national = `0${international.slice(2)}`;
    const overseas = OVERSEAS_MOBILE.find((o) => national.startsWith(o.prefix));
    if (overseas) return { ok: true, e164: `+${overseas.countryCode}${national.slice(1)}` };
  }
  if (international.startsWith('33')) {
    const rest = international.slice(2);
    if (rest.length !== 9) return { ok: false, reason: `« ${shown} » n’a pas le bon nombre de chiffres pour un numéro français.` };
    if (!/^[67]/.test(rest)) {
      return { ok: false, reason: `« ${shown} » n’est pas un numéro de portable (06 ou 07) : il ne peut pas recevoir de SMS.` };
    }
    return { ok: true, e164: `+33${rest}` };
  }
  // Overseas departments written with their own country code.
  for (const code of ['590', '594', '596', '262']) {
    if (!international.startsWith(code)) continue;
    const national = `0${international.slice(code.length)}`;
    if (national.length !== 10) return { ok: false, reason: `« ${shown} » n’a pas le bon nombre de chiffres.` };
    const overseas = OVERSEAS_MOBILE.find((o) => o.countryCode === code && national.startsWith(o.prefix));
    if (!overseas) return { ok: false, reason: `« ${shown} » n’est pas un numéro de portable : il ne peut pas recevoir de SMS.` };
    return { ok: true, e164: `+${international}` };
  }
  return { ok: false, reason: `« ${shown} » est un numéro étranger : seuls les portables français sont pris en charge.` };
}

// ---------------------------------------------------------------------------------------------
// Which contact receives a message

const ROLE_FALLBACK: readonly ContactRole[] = ['accounting', 'executive', 'operations', 'other'];

/**
 * The contact a reminder goes to: the first contact of the preferred role that can receive it
 * (an e-mail address, or a French mobile for an SMS), else the first one that can in the order
 * comptabilité, dirigeant, opérationnel, autre. Null when no contact can receive it.
 */
export function pickContact<C extends Pick<Contact, 'role' | 'email' | 'phone'>>(
  contacts: readonly C[],
  preferredRole: ContactRole,
  channel: 'email' | 'sms',
): C | null {
  const reachable = (c: C): boolean =>
    channel === 'email' ? !!c.email && c.email.trim() !== '' : !!c.phone && normalizeMobilePhone(c.phone).ok;
  for (const role of [preferredRole, ...ROLE_FALLBACK.filter((r) => r !== preferredRole)]) {
    const found = contacts.find((c) => c.role === role && reachable(c));
    if (found) return found;
  }
  return null;
}
