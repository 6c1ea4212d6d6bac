import { describe, it, expect } from 'vitest';
import fc from 'fast-check';
import { z } from 'zod';
import { MESSAGES, clientInputSchema, companyInputSchema } from './schemas.js';
import { issuesToFields, validationError } from './result.js';
import { LOGO_MAX_BYTES } from './domain/company.js';

type Path = readonly PropertyKey[];

/** Parses and returns the issues; fails the test when the input is accepted. */
function issuesOf(schema: z.ZodType, input: unknown): z.core.$ZodIssue[] {
  const result = schema.safeParse(input);
  if (result.success) throw new Error(`Expected a validation failure, got ${JSON.stringify(result.data)}`);
  return result.error.issues;
}

/** The messages of the issues at exactly `path`. */
function messagesAt(issues: readonly z.core.$ZodIssue[], path: Path): string[] {
  return issues.filter((i) => JSON.stringify(i.path) === JSON.stringify(path)).map((i) => i.message);
}

function parseClient(input: unknown) {
  const result = clientInputSchema.safeParse(input);
  if (!result.success) throw new Error(`Expected success, got ${JSON.stringify(result.error.issues)}`);
  return result.data;
}

function parseCompany(input: unknown) {
  const result = companyInputSchema.safeParse(input);
  if (!result.success) throw new Error(`Expected success, got ${JSON.stringify(result.error.issues)}`);
  return result.data;
}

const business = { kind: 'business', name: 'X' } as const;

describe('clientInputSchema: defaults and empty values', () => {
  it('parses a minimal business client with defaults', () => {
    expect(parseClient({ kind: 'business', name: 'X' })).toEqual({
      kind: 'business',
      name: 'X',
      firstName: null,
      lastName: null,
      legalForm: null,
      siren: null,
      siret: null,
      vatNumber: null,
      address: ['', '', '', '', '', ''],
      country: 'FR',
      contacts: [],
      paymentTerms: { mode: 'net', days: 30 },
      creditLimitCents: null,
      nafCode: null,
      solvency: { situation: null, accountsDate: null, accountsNote: null, incidents: null },
      notes: null,
      tags: [],
    });
  });

  it('turns empty and blank strings into null', () => {
    const data = parseClient({
      ...business,
      legalForm: '',
      siren: '',
      siret: '  ',
      vatNumber: '',
      nafCode: ' ',
      notes: '   ',
      solvency: { situation: '', accountsDate: '', accountsNote: ' ', incidents: '' },
    });
    expect(data.legalForm).toBeNull();
    expect(data.siren).toBeNull();
    expect(data.siret).toBeNull();
    expect(data.vatNumber).toBeNull();
    expect(data.nafCode).toBeNull();
    expect(data.notes).toBeNull();
    expect(data.solvency).toEqual({ situation: null, accountsDate: null, accountsNote: null, incidents: null });
  });

  it('trims free text', () => {
    const data = parseClient({ kind: 'business', name: '  ACME SAS  ', legalForm: ' SAS ' });
    expect(data.name).toBe('ACME SAS');
    expect(data.legalForm).toBe('SAS');
  });

  it('refuses an unknown kind', () => {
    const issues = issuesOf(clientInputSchema, { name: 'X' });
    expect(messagesAt(issues, ['kind'])).toEqual(['Type de client : professionnel ou particulier.']);
  });
});

describe('clientInputSchema: names', () => {
  it.each([{}, { name: '' }, { name: '   ' }, { name: null }])('a business without a name (%j) fails on name', (extra) => {
    const issues = issuesOf(clientInputSchema, { kind: 'business', ...extra });
    expect(messagesAt(issues, ['name'])).toEqual([MESSAGES.businessName]);
  });

  it('refuses a business name over 120 characters', () => {
    const issues = issuesOf(clientInputSchema, { kind: 'business', name: 'A'.repeat(121) });
    expect(messagesAt(issues, ['name'])[0]).toBe('Raison sociale : 120 caractères au plus.');
  });

  it('names a consumer "Prénom Nom"', () => {
    const data = parseClient({ kind: 'consumer', firstName: ' Jeanne ', lastName: 'Martin', name: 'ignored' });
    expect(data.name).toBe('Jeanne Martin');
    expect(data.firstName).toBe('Jeanne');
    expect(data.lastName).toBe('Martin');
  });

  it('names a consumer with only a last name by that name', () => {
    const data = parseClient({ kind: 'consumer', lastName: 'Martin' });
    expect(data.name).toBe('Martin');
    expect(data.firstName).toBeNull();
  });

  it.each([{ firstName: 'Jeanne' }, { firstName: 'Jeanne', lastName: '' }, { name: 'Jeanne Martin' }])(
    'a consumer without a last name (%j) fails on lastName',
    (extra) => {
      const issues = issuesOf(clientInputSchema, { kind: 'consumer', ...extra });
      expect(messagesAt(issues, ['lastName'])).toEqual([MESSAGES.consumerName]);
    },
  );

  it('drops first and last names given for a business', () => {
    const data = parseClient({ ...business, firstName: 'Jeanne', lastName: 'Martin' });
    expect(data.name).toBe('X');
    expect(data.firstName).toBeNull();
    expect(data.lastName).toBeNull();
  });
});

describe('clientInputSchema: SIREN and SIRET', () => {
  it.each(['732829320', '732 829 320', '732.829.320'])('accepts and compacts SIREN %j', (siren) => {
    expect(parseClient({ ...business, siren }).siren).toBe('732829320');
  });

  it.each(['732829321', '123456789', '73282932', 'abc'])('refuses SIREN %j on ["siren"]', (siren) => {
    const issues = issuesOf(clientInputSchema, { ...business, siren });
    expect(messagesAt(issues, ['siren'])).toEqual([MESSAGES.siren]);
  });

  it('refuses an invalid SIRET on ["siret"]', () => {
    const issues = issuesOf(clientInputSchema, { ...business, siret: '73282932000075' });
    expect(messagesAt(issues, ['siret'])).toEqual([MESSAGES.siret]);
  });

  it('refuses a SIRET that does not start with the SIREN', () => {
    const issues = issuesOf(clientInputSchema, { ...business, siren: '732829320', siret: '55208131766522' });
    expect(messagesAt(issues, ['siret'])).toEqual([MESSAGES.siretMismatch]);
  });

  it('accepts a SIRET that starts with the SIREN', () => {
    const data = parseClient({ ...business, siren: '732829320', siret: '732 829 320 00074' });
    expect(data.siren).toBe('732829320');
    expect(data.siret).toBe('73282932000074');
  });

  it('fills the SIREN in when only the SIRET is given', () => {
    const data = parseClient({ ...business, siret: '732 829 320 00074' });
    expect(data.siren).toBe('732829320');
    expect(data.siret).toBe('73282932000074');
  });

  it('accepts a La Poste SIRET that only passes the digit-sum rule', () => {
    expect(parseClient({ ...business, siret: '35600000049837' }).siren).toBe('356000000');
  });
});

describe('clientInputSchema: VAT number', () => {
  it('accepts a VAT number matching the SIREN, compacted and upper-cased', () => {
    const data = parseClient({ ...business, siren: '732829320', vatNumber: 'fr 44 732 829 320' });
    expect(data.vatNumber).toBe('FR44732829320');
  });

  it('accepts a VAT number alone', () => {
    expect(parseClient({ ...business, vatNumber: 'FR03552081317' }).vatNumber).toBe('FR03552081317');
  });

  it.each(['FR45732829320', 'FR44732829321', 'FR4473282932', 'FRI1732829320'])('refuses %j on ["vatNumber"]', (vatNumber) => {
    const issues = issuesOf(clientInputSchema, { ...business, vatNumber });
    expect(messagesAt(issues, ['vatNumber'])).toEqual([MESSAGES.vat]);
  });

  it('refuses a VAT number that does not end with the SIREN', () => {
    const issues = issuesOf(clientInputSchema, { ...business, siren: '552081317', vatNumber: 'FR44732829320' });
    expect(messagesAt(issues, ['vatNumber'])).toEqual([MESSAGES.vatMismatch]);
  });

  it('compares the VAT number with the SIREN carried by the SIRET', () => {
    const issues = issuesOf(clientInputSchema, { ...business, siret: '55208131766522', vatNumber: 'FR44732829320' });
    expect(messagesAt(issues, ['vatNumber'])).toEqual([MESSAGES.vatMismatch]);
  });

  it('accepts a foreign VAT number for a foreign client', () => {
    const data = parseClient({ ...business, country: 'be', vatNumber: 'BE 0123.456.789' });
    expect(data.country).toBe('BE');
    expect(data.vatNumber).toBe('BE0123456789');
  });

  it('refuses a malformed foreign VAT number with the foreign message', () => {
    const issues = issuesOf(clientInputSchema, { ...business, country: 'BE', vatNumber: 'BE0' });
    expect(messagesAt(issues, ['vatNumber'])).toEqual([MESSAGES.vatForeign]);
  });

  it('checks a French VAT number even for a foreign client', () => {
    const issues = issuesOf(clientInputSchema, { ...business, country: 'BE', vatNumber: 'FR00732829320' });
    expect(messagesAt(issues, ['vatNumber'])).toEqual([MESSAGES.vat]);
  });

  it('refuses a foreign VAT number for a French client', () => {
    const issues = issuesOf(clientInputSchema, { ...business, vatNumber: 'BE0123456789' });
    expect(messagesAt(issues, ['vatNumber'])).toEqual([MESSAGES.vat]);
  });
});

describe('clientInputSchema: country', () => {
  it.each(['FRA', 'F', '12'])('refuses country %j', (country) => {
    const issues = issuesOf(clientInputSchema, { ...business, country });
    expect(messagesAt(issues, ['country'])).toEqual([MESSAGES.country]);
  });

  it('trims and upper-cases the country', () => {
    expect(parseClient({ ...business, country: ' de ' }).country).toBe('DE');
  });
});

describe('clientInputSchema: address', () => {
  const street = '1 rue de la République';

  it('normalizes spaces and writes line 6 in capitals', () => {
    const data = parseClient({ ...business, address: ['ACME', '', '', `  1  rue   de la République `, '', '69002 Lyon'] });
    expect(data.address).toEqual(['ACME', '', '', street, '', '69002 LYON']);
  });

  it('removes accents from line 6', () => {
    const data = parseClient({ ...business, address: ['ACME', '', '', street, '', '91000 Évry-Courcouronnes'] });
    expect(data.address[5]).toBe('91000 EVRY-COURCOURONNES');
  });

  it('accepts a CEDEX line 6', () => {
    const data = parseClient({ ...business, address: ['ACME', '', '', '', 'CS 12345', '69002 Lyon Cedex 02'] });
    expect(data.address[5]).toBe('69002 LYON CEDEX 02');
  });

  it('pads a short address to six lines, so a two-line address has no line 6', () => {
    const issues = issuesOf(clientInputSchema, { ...business, address: ['ACME', '69002 Lyon'] });
    expect(messagesAt(issues, ['address', 5])).toEqual(['Ligne 6 : indiquez le code postal et la localité (ex. 69002 LYON).']);
  });

  it.each([0, 1, 2, 3, 4])('refuses a line over 38 characters at index %i', (index) => {
    const address = ['ACME', '', '', street, '', '69002 Lyon'];
    address[index] = 'A'.repeat(39);
    const issues = issuesOf(clientInputSchema, { ...business, address });
    expect(messagesAt(issues, ['address', index])).toEqual([
      `Ligne ${index + 1} : 39 caractères, la norme postale en permet 38 au plus.`,
    ]);
  });

  it('accepts a line of exactly 38 characters', () => {
    const data = parseClient({ ...business, address: ['A'.repeat(38), '', '', street, '', '69002 Lyon'] });
    expect(data.address[0]).toHaveLength(38);
  });

  it('measures the line after folding its spaces', () => {
    // 40 characters typed, 38 once the double spaces are folded.
    const typed = `${'A'.repeat(18)}  ${'B'.repeat(18)}  `;
    expect(typed).toHaveLength(40);
    const data = parseClient({ ...business, address: [typed, '', '', street, '', '69002 Lyon'] });
    expect(data.address[0]).toBe(`${'A'.repeat(18)} ${'B'.repeat(18)}`);
  });

  it('refuses a French address without line 6', () => {
    const issues = issuesOf(clientInputSchema, { ...business, address: ['ACME', '', '', street, '', ''] });
    expect(messagesAt(issues, ['address', 5])).toEqual(['Ligne 6 : indiquez le code postal et la localité (ex. 69002 LYON).']);
  });

  it.each(['Lyon', '6900 LYON', '69002LYON', 'LYON 69002', '69002 '])('refuses the French line 6 %j', (line6) => {
    const issues = issuesOf(clientInputSchema, { ...business, address: ['ACME', '', '', street, '', line6] });
    expect(messagesAt(issues, ['address', 5])).toHaveLength(1);
    expect(messagesAt(issues, ['address', 5])[0]).toMatch(/^Ligne 6 : /);
  });

  it('accepts a foreign line 6 for a foreign client', () => {
    const data = parseClient({ ...business, country: 'BE', address: ['ACME', '', '', 'Rue Neuve 1', '', '1000 Bruxelles'] });
    expect(data.address[5]).toBe('1000 BRUXELLES');
  });

  it('still needs a line 6 for a foreign client', () => {
    const issues = issuesOf(clientInputSchema, { ...business, country: 'BE', address: ['ACME', '', '', 'Rue Neuve 1', '', ''] });
    expect(messagesAt(issues, ['address', 5])).toHaveLength(1);
  });

  it.each([[[]], [['', '', '', '', '', '']], [[' ', '  ', '', '', '', ' ']]])('accepts an entirely empty address %j', (address) => {
    expect(parseClient({ ...business, address }).address).toEqual(['', '', '', '', '', '']);
  });

  it('refuses more than six lines', () => {
    const issues = issuesOf(clientInputSchema, { ...business, address: ['', '', '', '', '', '', ''] });
    expect(messagesAt(issues, ['address'])).toEqual(['Adresse : 6 lignes au plus.']);
  });

  // Regression: when a line is over 200 characters the normalizing transform does not run;
  // the object-level check must still see normalized lines, not report a valid line 6.
  it('does not report a valid line 6 when another line is over 200 characters', () => {
    const issues = issuesOf(clientInputSchema, { ...business, address: ['A'.repeat(201), '', '', street, '', '69002 Lyon'] });
    expect(messagesAt(issues, ['address', 0])[0]).toBe('Adresse : ligne trop longue.');
    expect(messagesAt(issues, ['address', 5])).toEqual([]);
  });
});

describe('clientInputSchema: contacts', () => {
  it('accepts a contact, trims the e-mail and nulls an empty phone', () => {
    const data = parseClient({ ...business, contacts: [{ role: 'accounting', name: 'Paul', email: ' compta@exemple.fr ', phone: '' }] });
    expect(data.contacts).toEqual([{ role: 'accounting', name: 'Paul', email: 'compta@exemple.fr', phone: null }]);
  });

  it.each<[Record<string, unknown>, Path, string]>([
    [{ role: 'accounting', name: 'Paul', email: 'pas-un-email' }, ['contacts', 0, 'email'], MESSAGES.email],
    [{ role: 'other', name: 'Paul', phone: '12' }, ['contacts', 0, 'phone'], MESSAGES.phone],
    [{ role: 'boss', name: 'Paul' }, ['contacts', 0, 'role'], 'Rôle du contact : comptabilité, opérationnel, dirigeant ou autre.'],
    [{ role: 'other', name: '  ' }, ['contacts', 0, 'name'], 'Nom du contact : obligatoire.'],
  ])('refuses contact %j on %j', (contact, path, message) => {
    const issues = issuesOf(clientInputSchema, { ...business, contacts: [contact] });
    expect(messagesAt(issues, path)).toEqual([message]);
  });

  it('points at the right contact in the list', () => {
    const good = { role: 'accounting', name: 'Paul', email: 'paul@exemple.fr' };
    const issues = issuesOf(clientInputSchema, { ...business, contacts: [good, good, { ...good, email: 'nope' }] });
    expect(issues.map((i) => i.path)).toEqual([['contacts', 2, 'email']]);
  });
});

describe('clientInputSchema: tags, NAF, terms, credit limit, solvency', () => {
  it('trims and deduplicates tags, keeping the first order', () => {
    expect(parseClient({ ...business, tags: ['vip', ' vip ', 'btp', 'vip'] }).tags).toEqual(['vip', 'btp']);
  });

  it('refuses an empty tag', () => {
    const issues = issuesOf(clientInputSchema, { ...business, tags: ['ok', '  '] });
    expect(messagesAt(issues, ['tags', 1])).toEqual(['Étiquette vide.']);
  });

  it.each<[string, string]>([
    ['6201z', '62.01Z'],
    ['62.01Z', '62.01Z'],
    [' 62.01 z ', '62.01Z'],
  ])('normalizes NAF code %j to %s', (nafCode, expected) => {
    expect(parseClient({ ...business, nafCode }).nafCode).toBe(expected);
  });

  it.each(['6201', '62-01Z', 'ABCDE'])('refuses NAF code %j', (nafCode) => {
    const issues = issuesOf(clientInputSchema, { ...business, nafCode });
    expect(messagesAt(issues, ['nafCode'])).toEqual([MESSAGES.naf]);
  });

  it.each([0, 30, 60, 90])('accepts net payment terms of %i days', (days) => {
    expect(parseClient({ ...business, paymentTerms: { mode: 'net', days } }).paymentTerms).toEqual({ mode: 'net', days });
  });

  it('accepts 45 days end of month', () => {
    expect(parseClient({ ...business, paymentTerms: { mode: 'eom45' } }).paymentTerms).toEqual({ mode: 'eom45' });
  });

  it.each([91, 120, -1, 1.5])('refuses net payment terms of %d days', (days) => {
    const issues = issuesOf(clientInputSchema, { ...business, paymentTerms: { mode: 'net', days } });
    expect(messagesAt(issues, ['paymentTerms', 'days'])).toEqual([MESSAGES.termsDays]);
  });

  it.each([0, 500_000, 10_000_000_000_000])('accepts a credit limit of %i cents', (creditLimitCents) => {
    expect(parseClient({ ...business, creditLimitCents }).creditLimitCents).toBe(creditLimitCents);
  });

  it.each([-1, 1.5, 10_000_000_000_000_01])('refuses a credit limit of %d cents', (creditLimitCents) => {
    const issues = issuesOf(clientInputSchema, { ...business, creditLimitCents });
    expect(messagesAt(issues, ['creditLimitCents'])).toEqual([MESSAGES.creditLimit]);
  });

  it('checks the accounts date of the solvency notes', () => {
    expect(parseClient({ ...business, solvency: { accountsDate: '2024-12-31' } }).solvency.accountsDate).toBe('2024-12-31');
    const issues = issuesOf(clientInputSchema, { ...business, solvency: { accountsDate: '31/12/2024' } });
    expect(messagesAt(issues, ['solvency', 'accountsDate'])).toEqual([MESSAGES.date]);
  });
});

describe('companyInputSchema', () => {
  it('parses a minimal company with defaults', () => {
    expect(parseCompany({ name: 'Ma Société' })).toEqual({
      name: 'Ma Société',
      legalForm: null,
      siren: null,
      vatNumber: null,
      rcsCity: null,
      address: ['', '', '', '', '', ''],
      representative: null,
      email: null,
      phone: null,
      iban: null,
      bic: null,
      logo: null,
      signatoryName: null,
      signatoryTitle: null,
      paymentTermsDays: 30,
      person: { kind: 'legal', firstNames: null, lastName: null, profession: null, nationality: null, birthDate: null, birthPlace: null },
    });
  });

  it('takes the creditor as a natural person, refusing a false birth date by its field', () => {
    const natural = { kind: 'natural' as const, firstNames: 'Paul Jean', lastName: 'Martin', profession: 'Menuisier', nationality: 'française', birthDate: '1980-02-29', birthPlace: 'Lyon (69)' };
    expect(parseCompany({ name: 'Paul Martin EI', person: natural }).person).toEqual(natural);
    const result = companyInputSchema.safeParse({ name: 'Paul Martin EI', person: { ...natural, birthDate: '1981-02-29' } });
    expect(result.success).toBe(false);
    expect(result.error?.issues[0]).toMatchObject({ path: ['person', 'birthDate'], message: 'Date de naissance invalide (JJ/MM/AAAA).' });
  });

  it.each([{}, { name: '' }, { name: '   ' }])('requires a name (%j)', (input) => {
    const issues = issuesOf(companyInputSchema, input);
    expect(messagesAt(issues, ['name'])).toEqual(['Raison sociale : obligatoire.']);
  });

  it.each([0, 30, 60])('accepts default payment terms of %i days', (paymentTermsDays) => {
    expect(parseCompany({ name: 'X', paymentTermsDays }).paymentTermsDays).toBe(paymentTermsDays);
  });

  it.each([61, 90, -1, 30.5])('refuses default payment terms of %d days', (paymentTermsDays) => {
    const issues = issuesOf(companyInputSchema, { name: 'X', paymentTermsDays });
    expect(messagesAt(issues, ['paymentTermsDays'])).toEqual([MESSAGES.companyTermsDays]);
  });

  it('compacts a valid IBAN and BIC, even with no-break spaces', () => {
    const data = parseCompany({ name: 'X', iban: 'fr76 3000\u00a06000 0112 3456 7890 189', bic: 'bnpa frpp' });
    expect(data.iban).toBe('FR7630006000011234567890189');
    expect(data.bic).toBe('BNPAFRPP');
  });

  it.each(['FR7630006000011234567890188', 'FR763000600001', 'IBAN'])('refuses IBAN %j on ["iban"]', (iban) => {
    const issues = issuesOf(companyInputSchema, { name: 'X', iban });
    expect(messagesAt(issues, ['iban'])).toEqual([MESSAGES.iban]);
  });

  it.each(['AGRI1RPP', 'AGRIFRP'])('refuses BIC %j on ["bic"]', (bic) => {
    const issues = issuesOf(companyInputSchema, { name: 'X', bic });
    expect(messagesAt(issues, ['bic'])).toEqual([MESSAGES.bic]);
  });

  it('checks the e-mail and the phone', () => {
    const issues = issuesOf(companyInputSchema, { name: 'X', email: 'compta@', phone: 'abc' });
    expect(messagesAt(issues, ['email'])).toEqual([MESSAGES.email]);
    expect(messagesAt(issues, ['phone'])).toEqual([MESSAGES.phone]);
  });

  it('checks the VAT number against the SIREN and refuses a foreign VAT number', () => {
    expect(parseCompany({ name: 'X', siren: '732829320', vatNumber: 'FR44 732 829 320' }).vatNumber).toBe('FR44732829320');
    const mismatch = issuesOf(companyInputSchema, { name: 'X', siren: '732829320', vatNumber: 'FR03552081317' });
    expect(messagesAt(mismatch, ['vatNumber'])).toEqual([MESSAGES.vatMismatch]);
    const foreign = issuesOf(companyInputSchema, { name: 'X', vatNumber: 'BE0123456789' });
    expect(messagesAt(foreign, ['vatNumber'])).toEqual([MESSAGES.vat]);
  });

  it('checks the address as a French one', () => {
    const issues = issuesOf(companyInputSchema, { name: 'X', address: ['X', '', '', '1 rue X', '', 'Lyon'] });
    expect(messagesAt(issues, ['address', 5])).toHaveLength(1);
  });

  describe('logo', () => {
    // floor(len × 3 / 4) bytes: 699 051 characters are 524 288 bytes (512 KB), 699 052 are one more.
    const largestLength = 699_051;

    it('accepts a PNG logo up to 512 KB', () => {
      expect(Math.floor((largestLength * 3) / 4)).toBe(LOGO_MAX_BYTES);
      expect(Math.floor(((largestLength + 1) * 3) / 4)).toBe(LOGO_MAX_BYTES + 1);
      const base64 = 'A'.repeat(largestLength);
      expect(parseCompany({ name: 'X', logo: { mimeType: 'image/png', base64 } }).logo?.base64).toHaveLength(largestLength);
      expect(parseCompany({ name: 'X', logo: { mimeType: 'image/jpeg', base64: 'iVBORw0KGgo=' } }).logo?.mimeType).toBe('image/jpeg');
    });

    it('refuses a logo over 512 KB', () => {
      const issues = issuesOf(companyInputSchema, { name: 'X', logo: { mimeType: 'image/png', base64: 'A'.repeat(largestLength + 1) } });
      expect(messagesAt(issues, ['logo', 'base64'])).toEqual([MESSAGES.logoSize]);
      expect(MESSAGES.logoSize).toBe('Logo : 512 Ko au plus.');
    });

    it('refuses another image type or something that is not base64', () => {
      const gif = issuesOf(companyInputSchema, { name: 'X', logo: { mimeType: 'image/gif', base64: 'AAAA' } });
      expect(messagesAt(gif, ['logo', 'mimeType'])).toEqual([MESSAGES.logoType]);
      const text = issuesOf(companyInputSchema, { name: 'X', logo: { mimeType: 'image/png', base64: 'not base64!' } });
      expect(messagesAt(text, ['logo', 'base64'])).toEqual([MESSAGES.logoType]);
    });

    it('turns a null logo into null', () => {
      expect(parseCompany({ name: 'X', logo: null }).logo).toBeNull();
    });
  });
});

describe('issuesToFields / validationError', () => {
  const schema = z.object({
    name: z.string().min(3, 'Nom trop court.').regex(/^[A-Z]/, 'Nom : majuscule en tête.'),
    contacts: z.array(z.object({ email: z.email('E-mail invalide.') })),
  });

  it('keeps one message per field path, joined with dots, the first issue winning', () => {
    const issues = issuesOf(schema, { name: 'ab', contacts: [{ email: 'ok@exemple.fr' }, { email: 'nope' }] });
    // "ab" fails both checks on the same field: only the first message is kept.
    expect(messagesAt(issues, ['name'])).toEqual(['Nom trop court.', 'Nom : majuscule en tête.']);
    expect(issuesToFields(issues)).toEqual({ name: 'Nom trop court.', 'contacts.1.email': 'E-mail invalide.' });
  });

  it('files a root issue under "_"', () => {
    const issues = issuesOf(z.string('Texte attendu.'), 42);
    expect(issuesToFields(issues)).toEqual({ _: 'Texte attendu.' });
  });

  it('uses the single message as is when one field is wrong', () => {
    const issues = issuesOf(schema, { name: 'ab', contacts: [] });
    expect(validationError(issues)).toEqual({ code: 'VALIDATION', message: 'Nom trop court.', fields: { name: 'Nom trop court.' } });
  });

  it('counts the fields to correct when there are several', () => {
    const issues = issuesOf(schema, { name: 'ab', contacts: [{ email: 'x' }, { email: 'y' }] });
    const error = validationError(issues);
    expect(error.code).toBe('VALIDATION');
    expect(error.fields).toEqual({ name: 'Nom trop court.', 'contacts.0.email': 'E-mail invalide.', 'contacts.1.email': 'E-mail invalide.' });
    expect(error.message).toBe('3 champs à corriger. Nom trop court.');
  });

  it('has a generic message without issues', () => {
    expect(validationError([])).toEqual({ code: 'VALIDATION', message: 'Saisie invalide.', fields: {} });
  });

  it('summarizes a client with several wrong fields', () => {
    const issues = issuesOf(clientInputSchema, { kind: 'business', siren: '1', address: ['A'.repeat(39)] });
    const error = validationError(issues);
    expect(error.fields).toEqual({
      siren: MESSAGES.siren,
      name: MESSAGES.businessName,
      'address.0': 'Ligne 1 : 39 caractères, la norme postale en permet 38 au plus.',
      'address.5': 'Ligne 6 : indiquez le code postal et la localité (ex. 69002 LYON).',
    });
    expect(error.message).toBe(`4 champs à corriger. ${MESSAGES.siren}`);
  });
});

describe('schemas never throw and always answer in French (property)', () => {
  // Words found in every French message of the schemas and of zod's French locale.
  const FRENCH = /invalide|obligatoire|attendu|au plus|vide|trop|Trop|Ligne \d|caractères|Délai|Encours|Pays|Logo|Rôle|Type de client|Adresse|Numéro|SIRET|SIREN/;
  const ENGLISH = /^(Invalid|Too (big|small)|Expected|Required|Unrecognized)/;

  function checkResult(result: { success: true } | { success: false; error: z.ZodError }) {
    if (result.success) return;
    const issues = result.error.issues;
    expect(issues.length).toBeGreaterThan(0);
    for (const issue of issues) {
      expect(issue.message.trim()).not.toBe('');
      expect(issue.message).not.toMatch(ENGLISH);
      expect(issue.message).toMatch(FRENCH);
    }
  }

  const clientStringFields = ['kind', 'name', 'firstName', 'lastName', 'legalForm', 'siren', 'siret', 'vatNumber', 'country', 'nafCode', 'notes'];
  const companyStringFields = ['name', 'legalForm', 'siren', 'vatNumber', 'rcsCity', 'representative', 'email', 'phone', 'iban', 'bic'];

  it('any string in any text field of a client', () => {
    fc.assert(
      fc.property(fc.constantFrom(...clientStringFields), fc.string({ unit: 'binary', maxLength: 200 }), (field, value) => {
        checkResult(clientInputSchema.safeParse({ kind: 'business', name: 'X', [field]: value }));
      }),
      { numRuns: 500 },
    );
  });

  it('any strings as address lines, tags and contact fields of a client', () => {
    fc.assert(
      fc.property(
        fc.array(fc.string({ maxLength: 60 }), { maxLength: 7 }),
        fc.array(fc.string({ maxLength: 50 }), { maxLength: 5 }),
        fc.string(),
        fc.string(),
        (address, tags, email, phone) => {
          checkResult(
            clientInputSchema.safeParse({ kind: 'business', name: 'X', address, tags, contacts: [{ role: 'other', name: 'Paul', email, phone }] }),
          );
        },
      ),
      { numRuns: 300 },
    );
  });

  it('any string in any text field of the company', () => {
    fc.assert(
      fc.property(fc.constantFrom(...companyStringFields), fc.string({ unit: 'binary', maxLength: 200 }), (field, value) => {
        checkResult(companyInputSchema.safeParse({ name: 'X', [field]: value }));
      }),
      { numRuns: 500 },
    );
  });

  it('any value at all as input', () => {
    fc.assert(
      fc.property(fc.anything(), (value) => {
        checkResult(clientInputSchema.safeParse(value));
        checkResult(companyInputSchema.safeParse(value));
      }),
      { numRuns: 300 },
    );
  });
});
