import { describe, it, expect } from 'vitest';
import fc from 'fast-check';
import {
  LA_POSTE_SIREN,
  compactIdentifier,
  formatIban,
  formatSiren,
  frenchVatFromSiren,
  frenchVatKey,
  isValidBic,
  isValidEmail,
  isValidFrenchVat,
  isValidIban,
  isValidNafCode,
  isValidPhone,
  isValidSiren,
  isValidSiret,
  luhnValid,
  normalizeNafCode,
  siretRule,
  isValidRegisteredNumber,
  formatRegisteredNumber,
} from './validation.js';

const NBSP = '\u00a0';
const NNBSP = '\u202f';

describe('compactIdentifier', () => {
  it.each<[string, string]>([
    ['732 829 320', '732829320'],
    [`732${NBSP}829${NNBSP}320`, '732829320'],
    ['732.829.320', '732829320'],
    [' FR 44\t732 829 320 ', 'FR44732829320'],
    ['', ''],
  ])('compacts %j to %j', (input, expected) => {
    expect(compactIdentifier(input)).toBe(expected);
  });
});

describe('luhnValid', () => {
  it.each<[string, boolean]>([
    ['79927398713', true], // the textbook example
    ['79927398710', false],
    ['732829320', true],
    ['73282932000074', true],
    ['0', true],
    ['18', true],
    ['19', false],
    ['', false],
    ['12a', false],
    ['-18', false],
    ['1 8', false],
  ])('luhnValid(%j) is %s', (digits, expected) => {
    expect(luhnValid(digits)).toBe(expected);
  });

  it('exactly one check digit completes any digit string (property)', () => {
    fc.assert(
      fc.property(fc.string({ unit: fc.constantFrom(...'0123456789'), minLength: 1, maxLength: 30 }), (body) => {
        const valid = [...'0123456789'].filter((d) => luhnValid(body + d));
        expect(valid).toHaveLength(1);
      }),
    );
  });
});

describe('isValidSiren', () => {
  it.each([
    '732829320',
    '552081317', // EDF
    '552100554',
    '542051180',
    '443061841',
    '356000000', // La Poste
    '732 829 320',
    `732${NBSP}829${NBSP}320`,
    '732.829.320',
  ])('accepts %j', (siren) => {
    expect(isValidSiren(siren)).toBe(true);
  });

  it.each([
    '732829321', // wrong check digit
    '123456789',
    '73282932', // 8 digits
    '7328293200', // 10 digits
    '73282932A',
    '',
    '73282932000074', // a SIRET is not a SIREN
  ])('refuses %j', (siren) => {
    expect(isValidSiren(siren)).toBe(false);
  });
});

describe('isValidSiret', () => {
  it.each([
    '73282932000074',
    '55208131766522',
    '35600000000048', // La Poste head office, passes Luhn
    '35600000049837', // La Poste establishment: digit sum 45, a multiple of 5, fails Luhn
    '732 829 320 00074',
  ])('accepts %j', (siret) => {
    expect(isValidSiret(siret)).toBe(true);
  });

  it('the La Poste exception is really needed for 35600000049837', () => {
    expect(luhnValid('35600000049837')).toBe(false);
    expect('35600000049837'.startsWith(LA_POSTE_SIREN)).toBe(true);
  });

  it.each([
    '35600000000049', // La Poste: fails Luhn, digit sum 27
    '73282932000075', // wrong check digit
    '7328293200007', // 13 digits
    '732829320000745', // 15 digits
    '732829320', // a SIREN is not a SIRET
    '7328293200007A',
    '',
  ])('refuses %j', (siret) => {
    expect(isValidSiret(siret)).toBe(false);
  });

  it('does not apply the La Poste digit-sum rule to other SIRENs', () => {
    // 73282932000004: digit sum 40 (a multiple of 5) but fails Luhn.
    expect([...'73282932000004'].reduce((s, c) => s + Number(c), 0) % 5).toBe(0);
    expect(luhnValid('73282932000004')).toBe(false);
    expect(isValidSiret('73282932000004')).toBe(false);
  });
});

describe('frenchVatKey / frenchVatFromSiren', () => {
  it.each<[string, string]>([
    ['732829320', '44'],
    ['552081317', '03'], // a key below 10 keeps its leading zero
    ['552100554', '96'],
    ['732 829 320', '44'],
  ])('the key of %j is %s', (siren, key) => {
    expect(frenchVatKey(siren)).toBe(key);
  });

  it('agrees with the published formula (12 + 3 × (SIREN mod 97)) mod 97 (property)', () => {
    fc.assert(
      fc.property(fc.integer({ min: 0, max: 999_999_999 }), (n) => {
        const siren = String(n).padStart(9, '0');
        const key = frenchVatKey(siren);
        expect(key).toMatch(/^\d{2}$/);
        expect(Number(key)).toBe((12 + 3 * (n % 97)) % 97);
      }),
    );
  });

  it('builds the VAT number from a SIREN', () => {
    expect(frenchVatFromSiren('732 829 320')).toBe('FR44732829320');
    expect(frenchVatFromSiren('552081317')).toBe('FR03552081317');
  });
});

describe('isValidFrenchVat', () => {
  it.each([
    'FR44732829320',
    'FR03552081317',
    'FR96552100554',
    'fr 44 732 829 320', // lower case and spaces
    `FR44${NBSP}732${NBSP}829${NBSP}320`,
    'FRA1732829320', // legacy alphanumeric key, accepted as is with a valid SIREN
    'FR1A732829320',
    'FRZZ732829320',
  ])('accepts %j', (vat) => {
    expect(isValidFrenchVat(vat)).toBe(true);
  });

  it.each([
    ['FR45732829320', 'wrong numeric key'],
    ['FR44732829321', 'invalid SIREN'],
    ['FRA1732829321', 'alphanumeric key with an invalid SIREN'],
    ['FRI1732829320', 'the letter I is not used in keys'],
    ['FRO1732829320', 'the letter O is not used in keys'],
    ['FR4473282932', 'SIREN too short'],
    ['FR447328293200', 'SIREN too long'],
    ['BE0123456789', 'not French'],
    ['44732829320', 'no country prefix'],
    ['FR-44732829320', 'a dash'],
    ['', 'empty'],
  ])('refuses %j (%s)', (vat) => {
    expect(isValidFrenchVat(vat)).toBe(false);
  });

  it('accepts the VAT number computed from any valid SIREN, and no other numeric key (property)', () => {
    const validSiren = fc
      .string({ unit: fc.constantFrom(...'0123456789'), minLength: 8, maxLength: 8 })
      .map((body) => body + [...'0123456789'].find((d) => luhnValid(body + d))!);
    fc.assert(
      fc.property(validSiren, fc.integer({ min: 0, max: 99 }), (siren, key) => {
        expect(isValidSiren(siren)).toBe(true);
        expect(isValidFrenchVat(frenchVatFromSiren(siren))).toBe(true);
        const candidate = `FR${String(key).padStart(2, '0')}${siren}`;
        expect(isValidFrenchVat(candidate)).toBe(candidate === frenchVatFromSiren(siren));
      }),
    );
  });
});

describe('isValidIban / formatIban', () => {
  it.each([
    'FR7630006000011234567890189',
    'FR76 3000 6000 0112 3456 7890 189',
    'fr76 3000 6000 0112 3456 7890 189',
    'DE89370400440532013000',
    'DE89 3704 0044 0532 0130 00',
    'GB82WEST12345698765432',
  ])('accepts %j', (iban) => {
    expect(isValidIban(iban)).toBe(true);
  });

  it.each([
    ['FR7630006000011234567890188', 'last digit changed'],
    ['FR7730006000011234567890189', 'check digits changed'],
    ['DE89370400440532013001', 'last digit changed'],
    ['GB82WEST1234569876543', 'one character short'],
    ['FR763000600001', 'too short'],
    ['FR76300060000112345678901890', 'too long'],
    ['XX7630006000011234567890189', 'unknown country'],
    ['', 'empty'],
    ['not an iban', 'text'],
  ])('refuses %j (%s)', (iban) => {
    expect(isValidIban(iban)).toBe(false);
  });

  it.each<[string, string]>([
    ['FR7630006000011234567890189', 'FR76 3000 6000 0112 3456 7890 189'],
    ['fr76 3000 6000 0112 3456 7890 189', 'FR76 3000 6000 0112 3456 7890 189'],
    ['DE89370400440532013000', 'DE89 3704 0044 0532 0130 00'],
    ['GB82WEST12345698765432', 'GB82 WEST 1234 5698 7654 32'],
    ['xx12', 'XX12'],
  ])('formatIban(%j) = %j', (input, expected) => {
    expect(formatIban(input)).toBe(expected);
  });
});

describe('isValidBic', () => {
  it.each(['AGRIFRPP', 'BNPAFRPPXXX', 'DEUTDEFF', 'agrifrpp', 'BNPA FR PP', 'DEUTDEFF500'])('accepts %j', (bic) => {
    expect(isValidBic(bic)).toBe(true);
  });

  it.each([
    ['AGRIFRP', '7 characters'],
    ['AGRI1RPP', 'a digit in the country code'],
    ['BNPAFRPPXX', '10 characters'],
    ['BNPAFRPPXXXX', '12 characters'],
    ['BNPAXXPP', 'unknown country'],
    ['', 'empty'],
  ])('refuses %j (%s)', (bic) => {
    expect(isValidBic(bic)).toBe(false);
  });
});

describe('isValidEmail', () => {
  it.each(['compta@exemple.fr', ' compta@exemple.fr ', 'jean.dupont+relance@exemple.co.uk', 'a_b-c@sous.domaine.fr'])(
    'accepts %j',
    (email) => {
      expect(isValidEmail(email)).toBe(true);
    },
  );

  it.each(['', 'pas-un-email', '@exemple.fr', 'compta@', 'a@@b.fr', 'a b@c.fr', 'compta@exemple', 'a@b'])('refuses %j', (email) => {
    expect(isValidEmail(email)).toBe(false);
  });
});

describe('isValidPhone', () => {
  it.each(['01 23 45 67 89', '0123456789', '+33 1 23 45 67 89', '01.23.45.67.89', '01-23-45-67-89', '(01) 23-45', '+123456789012345'])(
    'accepts %j',
    (phone) => {
      expect(isValidPhone(phone)).toBe(true);
    },
  );

  it.each([
    ['12345', '5 digits'],
    ['+1234567890123456', '16 digits'],
    ['abc', 'letters'],
    ['01 23 45 67 8a', 'a letter among digits'],
    ['++33123456', 'two plus signs'],
    ['0123+456789', 'a plus sign inside'],
    ['', 'empty'],
  ])('refuses %j (%s)', (phone) => {
    expect(isValidPhone(phone)).toBe(false);
  });
});

describe('normalizeNafCode / isValidNafCode', () => {
  it.each<[string, string]>([
    ['6201z', '62.01Z'],
    ['62.01Z', '62.01Z'],
    ['62.01z', '62.01Z'],
    ['62.01 Z', '62.01Z'],
    [' 6201Z ', '62.01Z'],
    ['4711D', '47.11D'],
  ])('normalizes %j to %s', (input, expected) => {
    expect(normalizeNafCode(input)).toBe(expected);
    expect(isValidNafCode(input)).toBe(true);
  });

  it.each(['6201', '62.01', '62-01Z', '620.1Z', 'A201Z', '62.011Z', '62.01ZZ', ''])('refuses %j', (input) => {
    expect(normalizeNafCode(input)).toBeNull();
    expect(isValidNafCode(input)).toBe(false);
  });
});

describe('formatSiren', () => {
  it.each<[string, string]>([
    ['732829320', '732 829 320'],
    ['73282932000074', '732 829 320 00074'],
    ['732.829.320', '732 829 320'],
    ['732 829 320 00074', '732 829 320 00074'],
    ['12345', '12345'], // neither a SIREN nor a SIRET: left as typed
    ['abc', 'abc'],
  ])('formatSiren(%j) = %j', (input, expected) => {
    expect(formatSiren(input)).toBe(expected);
  });
});

describe('siretRule', () => {
  it.each([
    ['73282932000074', 'luhn'],
    ['35600000000048', 'luhn'],
    ['35600000049837', 'la-poste'],
    ['35600000000049', 'invalid'],
    ['73282932000075', 'invalid'],
    ['7328293200007', 'invalid'],
  ] as const)('%s passes the %s rule', (siret, rule) => {
    expect(siretRule(siret)).toBe(rule);
  });
});

describe('registered letter numbers (LRAR)', () => {
  it.each([
    ['1A 123 456 7890 1', true],
    ['1a12345678901', true],
    ['RR123456785FR', true],
    ['1A 123 456 7890', false],
    ['1A 123 456 7890 12', false],
    ['1A-123-456-7890-1!', false],
  ])('%s → %s', (value, valid) => {
    expect(isValidRegisteredNumber(value)).toBe(valid);
  });

  it('prints La Poste numbers grouped, others compacted', () => {
    expect(formatRegisteredNumber('1a12345678901')).toBe('1A 123 456 7890 1');
    expect(formatRegisteredNumber('rr 123 456 785 fr')).toBe('RR123456785FR');
  });
});
