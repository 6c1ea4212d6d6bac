import { describe, it, expect } from 'vitest';
import fc from 'fast-check';
import { isGsm7, isGsm7Char, normalizeMobilePhone, pickContact, smsInfo, smsText, toGsm7, type SmsTextInput } from './sms.js';

// The GSM 03.38 default alphabet as printed in the standard (0x1B, the escape, left out).
const GSM_BASIC = Array.from(
  '@£$¥èéùìòÇ\nØø\rÅåΔ_ΦΓΛΩΠΨΣΘΞÆæßÉ !"#¤%&\'()*+,-./0123456789:;<=>?¡ABCDEFGHIJKLMNOPQRSTUVWXYZÄÖÑÜ§¿abcdefghijklmnopqrstuvwxyzäöñüà',
);
const GSM_EXTENSION = Array.from('\f^{}\\[~]|€');
const basicChar = fc.constantFrom(...GSM_BASIC);
const extensionChar = fc.constantFrom(...GSM_EXTENSION);
/** BMP characters outside GSM-7 (CJK, Cyrillic, French letters the GSM set lacks). */
const nonGsmBmpChar = fc.oneof(
  fc.constantFrom(...Array.from('êâîôûçëïÀÂÊÎÔÛœŒ’«»…–—\u202f\u00a0`')),
  fc.integer({ min: 0x0400, max: 0x04ff }).map((c) => String.fromCharCode(c)),
  fc.integer({ min: 0x4e00, max: 0x9fff }).map((c) => String.fromCharCode(c)),
);

const expectedSegments = (units: number, single: number, multi: number): number =>
  units === 0 ? 0 : units <= single ? 1 : Math.ceil(units / multi);

describe('GSM 03.38 character set', () => {
  it('has the 127 printable characters of the basic set and the 10 of the extension table', () => {
    expect(new Set(GSM_BASIC).size).toBe(127);
    for (const c of [...GSM_BASIC, ...GSM_EXTENSION]) expect(isGsm7Char(c)).toBe(true);
  });

  it.each(Array.from('éèàùìòÇÉ'))('French %s is in the basic set', (c) => {
    expect(isGsm7Char(c)).toBe(true);
    expect(smsInfo(c)).toEqual({ encoding: 'GSM-7', characters: 1, segments: 1, perSegment: 160 });
  });

  it.each(Array.from('êâîôûçëïÀÊœ’«»…–\u202f\u00a0`'))('%s is not GSM-7 and forces UCS-2', (c) => {
    expect(isGsm7Char(c)).toBe(false);
    expect(smsInfo(`Bonjour ${c}`).encoding).toBe('UCS-2');
  });

  it('counts the extension characters twice', () => {
    expect(smsInfo('€').characters).toBe(2);
    expect(smsInfo('[x]{y}^~\\|\f€').characters).toBe(2 * 10 + 2);
    expect(smsInfo('12,50 €').characters).toBe(8);
    expect(smsInfo('$ @ £').characters).toBe(5);
  });

  it('counts UCS-2 in UTF-16 units: an emoji outside the BMP counts 2', () => {
    expect(smsInfo('ê😀')).toEqual({ encoding: 'UCS-2', characters: 3, segments: 1, perSegment: 70 });
  });
});

describe('segments', () => {
  it.each([
    ['', 0, 0, 160],
    ['a'.repeat(160), 160, 1, 160],
    ['a'.repeat(161), 161, 2, 153],
    ['a'.repeat(306), 306, 2, 153],
    ['a'.repeat(307), 307, 3, 153],
    ['€'.repeat(80), 160, 1, 160],
    ['€'.repeat(81), 162, 2, 153],
  ])('GSM-7 %#: %s units', (text, characters, segments, perSegment) => {
    expect(smsInfo(text)).toEqual({ encoding: 'GSM-7', characters, segments, perSegment });
  });

  it.each([
    ['ç'.repeat(70), 70, 1, 70],
    ['ç'.repeat(71), 71, 2, 67],
    ['ç'.repeat(134), 134, 2, 67],
    ['ç'.repeat(135), 135, 3, 67],
  ])('UCS-2 %#', (text, characters, segments, perSegment) => {
    expect(smsInfo(text)).toEqual({ encoding: 'UCS-2', characters, segments, perSegment });
  });

  it('never splits an escape sequence across two parts', () => {
    // 152 + (2) + 152 = 306 units: the formula says 2 parts, but the € cannot start in the
    // last septet of part 1, so part 2 overflows by one.
    const text = `${'a'.repeat(152)}€${'a'.repeat(152)}`;
    expect(smsInfo(text)).toMatchObject({ characters: 306, segments: 3 });
  });

  it('property: GSM-7 basic text follows 160 / 153 exactly', () => {
    fc.assert(
      fc.property(fc.array(basicChar, { maxLength: 800 }), (chars) => {
        const info = smsInfo(chars.join(''));
        expect(info.encoding).toBe('GSM-7');
        expect(info.characters).toBe(chars.length);
        expect(info.segments).toBe(expectedSegments(chars.length, 160, 153));
        expect(info.perSegment).toBe(chars.length > 160 ? 153 : 160);
      }),
    );
  });

  it('property: GSM-7 with extension characters counts them twice and needs at most one part per 152 units', () => {
    fc.assert(
      fc.property(fc.array(fc.oneof(basicChar, extensionChar), { maxLength: 800 }), (chars) => {
        const ext = chars.filter((c) => GSM_EXTENSION.includes(c)).length;
        const info = smsInfo(chars.join(''));
        expect(info.encoding).toBe('GSM-7');
        expect(info.characters).toBe(chars.length + ext);
        const lower = expectedSegments(info.characters, 160, 153);
        const upper = expectedSegments(info.characters, 160, 152);
        expect(info.segments).toBeGreaterThanOrEqual(lower);
        expect(info.segments).toBeLessThanOrEqual(upper);
      }),
    );
  });

  it('property: one character outside GSM-7 switches the whole text to UCS-2, 70 / 67', () => {
    fc.assert(
      fc.property(
        fc.array(fc.oneof(basicChar, extensionChar), { maxLength: 300 }),
        nonGsmBmpChar,
        fc.nat(),
        (chars, odd, at) => {
          const position = chars.length === 0 ? 0 : at % (chars.length + 1);
          const text = [...chars.slice(0, position), odd, ...chars.slice(position)].join('');
          expect(isGsm7(text)).toBe(false);
          const info = smsInfo(text);
          expect(info.encoding).toBe('UCS-2');
          expect(info.characters).toBe(text.length); // BMP only: one unit per character
          expect(info.segments).toBe(expectedSegments(text.length, 70, 67));
        },
      ),
    );
  });

  it('property: encoding is GSM-7 exactly when every character is in the set', () => {
    fc.assert(
      fc.property(fc.string({ unit: 'grapheme', maxLength: 40 }), (text) => {
        const all = Array.from(text).every((c) => GSM_BASIC.includes(c) || GSM_EXTENSION.includes(c));
        expect(smsInfo(text).encoding).toBe(all ? 'GSM-7' : 'UCS-2');
      }),
    );
  });
});

describe('toGsm7', () => {
  it('replaces French typography and letters outside the set, keeps those inside', () => {
    expect(toGsm7('Crêperie « Ça va » – l’œuvre… 1\u202f234,56\u00a0€')).toBe('Creperie " Ça va " - l\'oeuvre... 1 234,56 €');
    expect(toGsm7('été, très, où, là, Élise, Ça')).toBe('été, très, où, là, Élise, Ça');
    expect(toGsm7('forêt, âge, île, hôtel, sûr, garçon, Noël, maïs, À')).toBe('foret, age, ile, hotel, sur, garcon, Noel, mais, A');
  });

  it('keeps what has no equivalent (the SMS then goes in UCS-2)', () => {
    expect(toGsm7('Привет 😀')).toBe('Привет 😀');
  });

  it('property: idempotent, and Latin text with French accents always comes out in GSM-7', () => {
    const frenchChar = fc.constantFrom(...Array.from("abcdefghijklmnopqrstuvwxyzABCDEFGHIJKLMNOPQRSTUVWXYZ0123456789 ,.;:!?'-()éèêëàâäîïôöùûüçÉÈÊËÀÂÎÏÔÖÙÛÜÇœŒ’«»…–—\u202f\u00a0€"));
    fc.assert(
      fc.property(fc.array(frenchChar, { maxLength: 200 }), (chars) => {
        const out = toGsm7(chars.join(''));
        expect(isGsm7(out)).toBe(true);
        expect(toGsm7(out)).toBe(out);
      }),
    );
  });
});

describe('smsText', () => {
  const base: SmsTextInput = {
    companyName: 'Atelier Martin',
    clientName: 'Boulangerie Dupont',
    totalDue: '1\u202f234,56\u00a0€',
    dueInvoices: 2,
    reference: '12-F-042',
    tone: 'courteous',
  };

  it('courteous: one SMS in GSM-7, the amount with plain spaces, the reference', () => {
    const text = smsText(base);
    expect(text).toBe(
      'Atelier Martin : bonjour Boulangerie Dupont, sauf erreur, 2 factures (1 234,56 €) restent impayées. Merci de régler au plus vite, réf. 12-F-042.',
    );
    expect(smsInfo(text)).toMatchObject({ encoding: 'GSM-7', segments: 1 });
  });

  it('courteous: leaves the greeting out rather than going over one SMS, never the IBAN', () => {
    const text = smsText({ ...base, iban: 'FR76 3000 6000 0112 3456 7890 189' });
    expect(text).toBe(
      'Atelier Martin : sauf erreur, 2 factures (1 234,56 €) restent impayées. Merci de régler au plus vite, réf. 12-F-042. IBAN FR76 3000 6000 0112 3456 7890 189',
    );
    expect(smsInfo(text).segments).toBe(1);
  });

  it('singular, firm and formal wordings', () => {
    expect(smsText({ ...base, dueInvoices: 1, totalDue: '480,00 €' })).toContain('1 facture (480,00 €) reste impayée.');
    const firm = smsText({ ...base, tone: 'firm' });
    expect(firm).toContain('malgré nos relances, vos 2 factures échues (1 234,56 €) restent impayées. Merci de régler sans délai, réf. 12-F-042.');
    const formal = smsText({ ...base, tone: 'formal', dueInvoices: 1 });
    expect(formal).toContain('régler sans délai la facture échue (1 234,56 €), réf. 12-F-042.');
    expect(formal).toContain('Faute de paiement, nous engagerons une procédure de recouvrement.');
    for (const t of [firm, formal]) expect(smsInfo(t).encoding).toBe('GSM-7');
  });

  it('no company name yet: starts with the greeting', () => {
    expect(smsText({ ...base, companyName: ' ' })).toMatch(/^Bonjour Boulangerie Dupont, sauf erreur, /);
    expect(smsText({ ...base, companyName: '', clientName: '', tone: 'firm' })).toMatch(/^Malgré nos relances, vos 2 factures/);
  });

  it('names with letters outside GSM-7 do not push the SMS into UCS-2', () => {
    const text = smsText({ ...base, companyName: 'Crêperie de l’Îlot', clientName: 'François Lefèvre' });
    expect(text.startsWith("Creperie de l'Ilot : bonjour Francois Lefèvre,")).toBe(true);
    expect(smsInfo(text).encoding).toBe('GSM-7');
  });

  it('property: courteous reminders with names up to 25 characters fit in one GSM-7 SMS', () => {
    const name = fc.string({ unit: fc.constantFrom(...Array.from('abcdefghijklmnopqrstuvwxyzéèêçàôÉ -’')), minLength: 1, maxLength: 25 });
    fc.assert(
      fc.property(
        name,
        name,
        fc.integer({ min: 1, max: 99 }),
        fc.integer({ min: 1, max: 99_999_999 }),
        fc.string({ unit: fc.constantFrom(...Array.from('ABCDEF0123456789-/')), maxLength: 15 }),
        (company, client, count, amount, reference) => {
          const totalDue = `${String(Math.floor(amount / 100)).replace(/\B(?=(\d{3})+(?!\d))/g, '\u202f')},${String(amount % 100).padStart(2, '0')}\u00a0€`;
          const text = smsText({ companyName: company, clientName: client, totalDue, dueInvoices: count, reference, tone: 'courteous' });
          const info = smsInfo(text);
          expect(info.encoding).toBe('GSM-7');
          expect(info.segments).toBe(1);
        },
      ),
    );
  });
});

describe('normalizeMobilePhone', () => {
  it.each([
    ['06 12 34 56 78', '+33612345678'],
    ['06.12.34.56.78', '+33612345678'],
    ['06-12-34-56-78', '+33612345678'],
    ['0712345678', '+33712345678'],
    ['+33 6 12 34 56 78', '+33612345678'],
    ['+33 (0)6 12 34 56 78', '+33612345678'],
    ['0033 6 12 34 56 78', '+33612345678'],
    ['0033612345678', '+33612345678'],
    ['33612345678', '+33612345678'],
    ['612345678', '+33612345678'], // leading 0 dropped by a spreadsheet
    ['0692 12 34 56', '+262692123456'], // La Réunion
    ['+33 6 96 12 34 56', '+596696123456'], // Martinique written with +33
    ['+590 690 12 34 56', '+590690123456'], // Guadeloupe
  ])('%s → %s', (input, e164) => {
    expect(normalizeMobilePhone(input)).toEqual({ ok: true, e164 });
  });

  it.each([
    ['', 'absent'],
    ['01 23 45 67 89', 'pas un numéro de portable'],
    ['+33 1 23 45 67 89', 'pas un numéro de portable'],
    ['08 00 12 34 56', 'pas un numéro de portable'],
    ['0590 12 34 56', 'pas un numéro de portable'], // Guadeloupe landline
    ['+32 470 12 34 56', 'étranger'],
    ['06 12 34 56', 'pas un numéro français complet'],
    ['+33 6 12 34 56 78 9', 'nombre de chiffres'],
    ['appeler le matin', 'pas un numéro de téléphone'],
  ])('refuses %j (%s)', (input, reason) => {
    const result = normalizeMobilePhone(input);
    expect(result.ok).toBe(false);
    if (!result.ok) expect(result.reason).toContain(reason);
  });

  it('property: every way of writing a metropolitan mobile gives the same E.164 number', () => {
    fc.assert(
      fc.property(
        fc.constantFrom('6', '7'),
        fc.array(fc.integer({ min: 0, max: 9 }), { minLength: 8, maxLength: 8 }),
        (first, digits) => {
          const rest = `${first}${digits.join('')}`;
          fc.pre(!['690', '691', '692', '693', '694', '696', '697', '639'].some((p) => rest.startsWith(p)));
          const pairs = `0${rest}`.match(/../g)!;
          const e164 = `+33${rest}`;
          for (const written of [pairs.join(' '), pairs.join('.'), `0${rest}`, `+33 ${rest[0]} ${pairs.slice(1).join(' ')}`, `0033${rest}`, `+33(0)${rest}`]) {
            expect(normalizeMobilePhone(written)).toEqual({ ok: true, e164 });
          }
        },
      ),
    );
  });
});

describe('pickContact', () => {
  const contacts = [
    { role: 'operations' as const, email: 'chantier@example.fr', phone: '06 11 11 11 11' },
    { role: 'accounting' as const, email: 'compta@example.fr', phone: '01 22 22 22 22' },
    { role: 'executive' as const, email: null, phone: '07 33 33 33 33' },
  ];

  it('takes the preferred role when it can receive the message, else falls back', () => {
    expect(pickContact(contacts, 'operations', 'email')?.email).toBe('chantier@example.fr');
    expect(pickContact(contacts, 'executive', 'email')?.email).toBe('compta@example.fr');
    expect(pickContact(contacts, 'accounting', 'sms')?.phone).toBe('07 33 33 33 33'); // the accounting phone is a landline
    expect(pickContact([], 'accounting', 'sms')).toBeNull();
  });
});
