// CSV import and export on real SQLite files: every refusal, all-or-nothing writes, client
// matching and creation, payment allocation, and property-based round trips.
import fc from 'fast-check';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { aClient, aConsumer } from '../../../test/helpers/builders.js';
import { freshCore, type TestCore } from '../../../test/helpers/core.js';
import { addDays, formatDateFr, fromDayNumber, type IsoDate } from '../../../shared/domain/dates.js';
import { formatEurosInput, type Cents } from '../../../shared/domain/money.js';
import { clientInputSchema, type ClientInput } from '../../../shared/schemas.js';
import { creditNoteInputSchema, invoiceInputSchema, paymentInputSchema } from '../../../shared/schemas-ledger.js';
import { luhnValid } from '../../../shared/validation.js';
import type { CoreContext } from '../context.js';
import { csvCell, exportBooks } from '../export/csv.js';
import { applyImport, ImportRefusedError, previewImport } from './apply.js';
import { formatImportError, type ImportError, type ImportFiles } from './csv.js';

let core: TestCore;
beforeEach(() => {
  core = freshCore();
});
afterEach(() => core.close());

const TABLES = ['clients', 'contacts', 'invoices', 'payments', 'payment_allocations', 'credit_notes', 'audit_log'] as const;
function counts(ctx: CoreContext): Record<(typeof TABLES)[number], number> {
  return Object.fromEntries(TABLES.map((t) => [t, (ctx.db.prepare(`SELECT count(*) AS n FROM ${t}`).get() as { n: number }).n])) as Record<(typeof TABLES)[number], number>;
}

const CLIENTS_HEADER = 'name;kind;siren;siret;vat;address_1;address_2;address_3;address_4;address_5;address_6;email;phone;payment_terms_days';
const INVOICES_HEADER = 'client_name;client_siren;client_kind;invoice_number;issue_date;due_date;amount_ttc;amount_ht;delivery_date;reference';
const PAYMENTS_HEADER = 'invoice_number;payment_date;amount;method';
const csv = (...lines: string[]) => lines.join('\n') + '\n';

const DUPONT_CLIENT = 'Boulangerie Dupont;professionnel;732829320;;;BOULANGERIE DUPONT;;;12 rue de la Paix;;75002 Paris;compta@dupont.example;01 23 45 67 89;45';
const INVOICE_1 = 'Boulangerie Dupont;732829320;professionnel;F-001;2026-01-10;2026-02-09;1200,00;1000,00;;BC-1';

function refusal(files: ImportFiles, ctx: CoreContext = core.ctx): ImportError[] {
  try {
    applyImport(ctx, files);
  } catch (error) {
    expect(error).toBeInstanceOf(ImportRefusedError);
    expect((error as ImportRefusedError).code).toBe('VALIDATION');
    return (error as ImportRefusedError).errors;
  }
  throw new Error('the import should have been refused');
}

/** Client data through the same schema the app uses. */
const clientData = (input: ClientInput) => clientInputSchema.parse(input);
function anInvoice(ctx: CoreContext, clientId: number, number: string, amountTtcCents: number, issueDate = '2026-01-05') {
  return ctx.repos.ledger.createInvoice(
    invoiceInputSchema.parse({ clientId, number, issueDate, dueDate: addDays(issueDate as IsoDate, 30), amountTtcCents }),
  );
}

describe('refused lines and files', () => {
  const cases: { name: string; files: ImportFiles; expected: ImportError }[] = [
    {
      name: 'a missing required column refuses the file, naming it and the column',
      files: { invoices: csv('client_name;client_siren;client_kind;invoice_number;issue_date;amount_ttc', 'Dupont;;professionnel;F-1;2026-01-01;10') },
      expected: { file: 'factures.csv', line: null, message: 'colonne obligatoire « due_date » absente de l’en-tête.' },
    },
    {
      name: 'a missing column of the payments file',
      files: { payments: csv('invoice_number;amount', 'F-1;10') },
      expected: { file: 'paiements.csv', line: null, message: 'colonne obligatoire « payment_date » absente de l’en-tête.' },
    },
    {
      name: 'an impossible due date',
      files: { invoices: csv(INVOICES_HEADER, 'Dupont;;professionnel;F-1;01/02/2026;31/02/2026;10;;;') },
      expected: { file: 'factures.csv', line: 2, message: 'date d’échéance invalide « 31/02/2026 » (JJ/MM/AAAA)' },
    },
    {
      name: 'an issue date that is not a date',
      files: { invoices: csv(INVOICES_HEADER, 'Dupont;;professionnel;F-1;hier;2026-02-01;10;;;') },
      expected: { file: 'factures.csv', line: 2, message: 'date de facture invalide « hier » (JJ/MM/AAAA)' },
    },
    {
      name: 'a due date before the issue date',
      files: { invoices: csv(INVOICES_HEADER, 'Dupont;;professionnel;F-1;2026-03-01;2026-02-01;10;;;') },
      expected: { file: 'factures.csv', line: 2, message: 'date d’échéance « 2026-02-01 » antérieure à la date de facture « 2026-03-01 »' },
    },
    {
      name: 'an amount with three decimals',
      files: { invoices: csv(INVOICES_HEADER, 'Dupont;;professionnel;F-1;2026-01-01;2026-02-01;12,345;;;') },
      expected: { file: 'factures.csv', line: 2, message: 'montant TTC « 12,345 » : deux décimales au plus' },
    },
    {
      name: 'a negative amount',
      files: { invoices: csv(INVOICES_HEADER, 'Dupont;;professionnel;F-1;2026-01-01;2026-02-01;-12,30;;;') },
      expected: { file: 'factures.csv', line: 2, message: 'montant TTC négatif « -12,30 »' },
    },
    {
      name: 'an amount that is not one',
      files: { invoices: csv(INVOICES_HEADER, 'Dupont;;professionnel;F-1;2026-01-01;2026-02-01;douze;;;') },
      expected: { file: 'factures.csv', line: 2, message: 'montant TTC invalide « douze » (ex. 1 234,56)' },
    },
    {
      name: 'an HT amount above the TTC',
      files: { invoices: csv(INVOICES_HEADER, 'Dupont;;professionnel;F-1;2026-01-01;2026-02-01;100;120;;') },
      expected: { file: 'factures.csv', line: 2, message: 'montant HT « 120 » supérieur au montant TTC « 100 »' },
    },
    {
      name: 'a duplicate invoice number within the file (the second line is refused)',
      files: { invoices: csv(INVOICES_HEADER, 'Dupont;;professionnel;F-1;2026-01-01;2026-02-01;10;;;', 'Dupont;;professionnel;F-1;2026-01-02;2026-02-01;20;;;') },
      expected: { file: 'factures.csv', line: 3, message: 'numéro de facture « F-1 » en double (déjà ligne 2)' },
    },
    {
      name: 'a payment naming an unknown invoice',
      files: { payments: csv(PAYMENTS_HEADER, 'F-404;2026-01-01;10;virement') },
      expected: { file: 'paiements.csv', line: 2, message: 'facture « F-404 » introuvable (ni dans factures.csv ni dans Recouvra)' },
    },
    {
      name: 'an unknown payment method',
      files: { invoices: csv(INVOICES_HEADER, INVOICE_1), payments: csv(PAYMENTS_HEADER, 'F-001;2026-01-01;10;bitcoin') },
      expected: { file: 'paiements.csv', line: 2, message: 'moyen de paiement inconnu « bitcoin » (virement, chèque, carte, prélèvement, espèces ou autre)' },
    },
    {
      name: 'a payment of zero',
      files: { invoices: csv(INVOICES_HEADER, INVOICE_1), payments: csv(PAYMENTS_HEADER, 'F-001;2026-01-01;0,00;virement') },
      expected: { file: 'paiements.csv', line: 2, message: 'montant nul « 0,00 »' },
    },
    {
      name: 'an invalid SIREN in the clients file, with the schema’s message and the column',
      files: { clients: csv(CLIENTS_HEADER, DUPONT_CLIENT.replace('732829320', '732829321')) },
      expected: {
        file: 'clients.csv',
        line: 2,
        message: 'SIREN invalide : 9 chiffres dont le dernier est une clé de contrôle (ex. 732 829 320). Vérifiez la saisie (colonne siren)',
      },
    },
    {
      name: 'an address line longer than the postal standard allows',
      files: { clients: csv(CLIENTS_HEADER, DUPONT_CLIENT.replace('12 rue de la Paix', '12 rue de la Paix prolongée jusqu’au boulevard')) },
      expected: { file: 'clients.csv', line: 2, message: 'adresse ligne 4 : 46 caractères, la norme postale en permet 38 au plus (colonne address_4)' },
    },
    {
      name: 'an unknown client kind',
      files: { clients: csv(CLIENTS_HEADER, DUPONT_CLIENT.replace('professionnel', 'entreprise')) },
      expected: { file: 'clients.csv', line: 2, message: 'type de client invalide « entreprise » (professionnel ou particulier)' },
    },
    {
      name: 'a bad e-mail address',
      files: { clients: csv(CLIENTS_HEADER, DUPONT_CLIENT.replace('compta@dupont.example', 'compta-at-dupont')) },
      expected: { file: 'clients.csv', line: 2, message: 'adresse e-mail invalide (ex. compta@exemple.fr) (colonne email)' },
    },
    {
      name: 'payment terms beyond 90 days',
      files: { clients: csv(CLIENTS_HEADER, DUPONT_CLIENT.replace(/;45$/, ';120')) },
      expected: { file: 'clients.csv', line: 2, message: 'délai de paiement : un nombre de jours entre 0 et 90 (colonne payment_terms_days)' },
    },
    {
      name: 'a client to create from the invoices file without its kind nor SIREN',
      files: { invoices: csv(INVOICES_HEADER, 'Jeanne Lefèvre;;;F-1;2026-01-01;2026-02-01;10;;;') },
      expected: {
        file: 'factures.csv',
        line: 2,
        message: 'client « Jeanne Lefèvre » inconnu : indiquez son type (colonne client_kind : professionnel ou particulier) pour le créer',
      },
    },
    {
      name: 'an unquoted value holding the separator',
      files: { invoices: csv(INVOICES_HEADER, 'Dupont; fils;;professionnel;F-1;2026-01-01;2026-02-01;10;;;') },
      expected: { file: 'factures.csv', line: 2, message: '11 valeurs pour 10 colonnes : une valeur contenant « ; » doit être entre guillemets.' },
    },
    {
      name: 'a line with fewer values than columns',
      files: { invoices: csv(INVOICES_HEADER, 'Dupont;;professionnel;F-1;2026-01-01;2026-02-01;10') },
      expected: { file: 'factures.csv', line: 2, message: '7 valeurs pour 10 colonnes : chaque ligne doit avoir autant de valeurs que l’en-tête (séparées par « ; »).' },
    },
    {
      name: 'a quote that never closes refuses the file',
      files: { invoices: csv(INVOICES_HEADER, '"Dupont;;professionnel;F-1;2026-01-01;2026-02-01;10;;;') },
      expected: {
        file: 'factures.csv',
        line: 2,
        message: 'fichier illisible : guillemets mal placés (une valeur entre guillemets doit se fermer puis être suivie d’un « ; » ou d’une fin de ligne).',
      },
    },
  ];

  it.each(cases)('$name', ({ files, expected }) => {
    const before = counts(core.ctx);
    const errors = refusal(files);
    expect(errors).toContainEqual(expected);
    expect(counts(core.ctx)).toEqual(before);
  });

  it('formats a refused line as « fichier, ligne N : raison »', () => {
    const [error] = refusal({ invoices: csv(INVOICES_HEADER, 'Dupont;;professionnel;F-1;01/02/2026;31/02/2026;10;;;') });
    expect(formatImportError(error!)).toBe('factures.csv, ligne 2 : date d’échéance invalide « 31/02/2026 » (JJ/MM/AAAA)');
  });

  it('uses the given file names in messages', () => {
    const errors = refusal({ invoices: csv(INVOICES_HEADER, 'Dupont;;professionnel;F-1;hier;2026-02-01;10;;;'), names: { invoices: 'export-sage.csv' } });
    expect(errors[0]).toMatchObject({ file: 'export-sage.csv', line: 2 });
  });

  it('reports every reason of a line, and every refused line', () => {
    const errors = refusal({
      invoices: csv(INVOICES_HEADER, 'Dupont;;professionnel;F-1;hier;demain;-1;;;', 'Dupont;;professionnel;F-2;2026-01-01;2026-02-01;10;;;', ';;;;;;;;;', 'Dupont;;professionnel;F-3;2026-01-01;2026-02-01;1.234;;;'),
    });
    expect(errors).toHaveLength(2);
    expect(errors[0]!.line).toBe(2);
    expect(errors[0]!.message).toBe('date de facture invalide « hier » (JJ/MM/AAAA) ; date d’échéance invalide « demain » (JJ/MM/AAAA) ; montant TTC négatif « -1 »');
    expect(errors[1]).toEqual({ file: 'factures.csv', line: 5, message: 'montant TTC « 1.234 » : deux décimales au plus' });
  });

  it('numbers lines by where they start when a quoted value spans lines', () => {
    const errors = refusal({
      invoices: csv(INVOICES_HEADER, '"Dupont\net fils";;professionnel;F-1;2026-01-01;2026-02-01;10;;;"BC\n1"', '', 'Dupont;;professionnel;F-2;2026-01-01;hier;10;;;'),
    });
    expect(errors).toEqual([{ file: 'factures.csv', line: 6, message: 'date d’échéance invalide « hier » (JJ/MM/AAAA)' }]);
  });

  it('refuses an invoice number already in the books, and writes nothing', () => {
    const client = core.ctx.repos.clients.create(clientData(aClient()));
    anInvoice(core.ctx, client.id, 'F-001', 50_00);
    const before = counts(core.ctx);
    const errors = refusal({ invoices: csv(INVOICES_HEADER, INVOICE_1.replace('F-001', 'F-002'), INVOICE_1) });
    expect(errors).toEqual([{ file: 'factures.csv', line: 3, message: 'numéro de facture « F-001 » déjà utilisé dans Recouvra' }]);
    expect(counts(core.ctx)).toEqual(before);
  });

  it('refuses invoices for an archived client', () => {
    const client = core.ctx.repos.clients.create(clientData(aClient()));
    core.ctx.repos.clients.archive(client.id);
    const errors = refusal({ invoices: csv(INVOICES_HEADER, INVOICE_1) });
    expect(errors[0]!.message).toBe('le client « Boulangerie Dupont » est archivé : restaurez-le avant de lui importer des factures');
  });

  it('refuses a name shared by two clients when no SIREN tells them apart', () => {
    core.ctx.repos.clients.create(clientData(aConsumer()));
    core.ctx.repos.clients.create(clientData(aConsumer({ address: [] })));
    const errors = refusal({ invoices: csv(INVOICES_HEADER, 'JEANNE LEFEVRE;;particulier;F-1;2026-01-01;2026-02-01;10;;;') });
    expect(errors[0]!.message).toBe('plusieurs clients s’appellent « JEANNE LEFEVRE » : indiquez le SIREN du client (colonne client_siren)');
  });

  it('refuses a client twice in the clients file', () => {
    const errors = refusal({ clients: csv(CLIENTS_HEADER, DUPONT_CLIENT, DUPONT_CLIENT.replace('Boulangerie Dupont', 'Dupont SA')) });
    expect(errors).toEqual([{ file: 'clients.csv', line: 3, message: 'client en double : même SIREN que la ligne 2' }]);
  });

  it('does not report payments twice when their invoice line was refused', () => {
    const errors = refusal({
      invoices: csv(INVOICES_HEADER, INVOICE_1.replace('2026-02-09', 'hier')),
      payments: csv(PAYMENTS_HEADER, 'F-001;2026-01-01;10;virement'),
    });
    expect(errors.map((e) => e.file)).toEqual(['factures.csv']);
  });

  it('says so when the separator is a comma', () => {
    const errors = refusal({ payments: csv('invoice_number,payment_date,amount,method', 'F-1,2026-01-01,10,virement') });
    expect(errors.map((e) => e.message)).toContain('le séparateur attendu est le point-virgule (;) : enregistrez le fichier en « CSV séparateur point-virgule ».');
  });

  it('refuses an empty file', () => {
    expect(refusal({ invoices: '\uFEFF\n' })).toEqual([{ file: 'factures.csv', line: null, message: 'fichier vide : la ligne d’en-tête est obligatoire.' }]);
  });

  it('lists the first errors in the AppError, with their lines as fields', () => {
    try {
      applyImport(core.ctx, { invoices: csv(INVOICES_HEADER, 'Dupont;;professionnel;F-1;hier;2026-02-01;10;;;') });
      expect.unreachable();
    } catch (error) {
      const e = error as ImportRefusedError;
      expect(e.message).toBe('Import refusé, rien n’a été enregistré : 1 erreur. factures.csv, ligne 2 : date de facture invalide « hier » (JJ/MM/AAAA)');
      expect(e.toPayload()).toEqual({ code: 'VALIDATION', message: e.message, fields: { 'factures.csv:2': 'date de facture invalide « hier » (JJ/MM/AAAA)' } });
    }
  });
});

describe('accepted formats', () => {
  it('ignores an unknown column with a warning', () => {
    const result = applyImport(core.ctx, { invoices: csv(`${INVOICES_HEADER};montant`, `${INVOICE_1};1200`) });
    expect(result.invoices).toBe(1);
    expect(result.warnings).toContain('factures.csv : colonne inconnue « montant » ignorée.');
  });

  it('reads a BOM, CRLF, decimal comma and point, DD/MM/YYYY, spaces in amounts and quoted values with ; and quotes', () => {
    const invoices =
      '\uFEFF' +
      [
        'client_name;client_siren;client_kind;invoice_number;issue_date;due_date;amount_ttc;amount_ht',
        '"Dupont; Fils & Cie";;professionnel;"F-""1""";05/01/2026;2026-02-04;1 234,56;1028,80',
        '"Dupont; Fils & Cie";;Professionnel;F-2;2026-01-06;6/2/2026;99.5;',
      ].join('\r\n') +
      '\r\n';
    const result = applyImport(core.ctx, { invoices });
    expect(result).toMatchObject({ clientsCreated: 1, invoices: 2, totals: { invoicesTtcCents: 1_334_06 } });
    const rows = core.ctx.db.prepare('SELECT number, issue_date, due_date, amount_ttc_cents, amount_ht_cents, amount_tva_cents FROM invoices ORDER BY id').all();
    expect(rows).toEqual([
      { number: 'F-"1"', issue_date: '2026-01-05', due_date: '2026-02-04', amount_ttc_cents: 1_234_56, amount_ht_cents: 1_028_80, amount_tva_cents: 205_76 },
      { number: 'F-2', issue_date: '2026-01-06', due_date: '2026-02-06', amount_ttc_cents: 99_50, amount_ht_cents: null, amount_tva_cents: null },
    ]);
    expect(core.ctx.repos.clients.get(1).name).toBe('Dupont; Fils & Cie');
  });

  it('reads payment methods in French or English, empty meaning other', () => {
    const methods = ['Virement', 'cheque', 'chèque', 'CARTE', 'prélèvement', 'direct_debit', 'espèces', 'cash', 'autre', ''];
    applyImport(core.ctx, {
      invoices: csv(INVOICES_HEADER, INVOICE_1),
      payments: csv(PAYMENTS_HEADER, ...methods.map((m) => `F-001;2026-01-20;1;${m}`)),
    });
    const stored = (core.ctx.db.prepare('SELECT method FROM payments ORDER BY id').pluck().all() as string[]);
    expect(stored).toEqual(['transfer', 'cheque', 'cheque', 'card', 'direct_debit', 'direct_debit', 'cash', 'cash', 'other', 'other']);
  });
});

describe('clients', () => {
  it('imports the clients file: kinds, address lines, one accounting contact, terms (30 days when empty)', () => {
    const result = applyImport(core.ctx, {
      clients: csv(
        CLIENTS_HEADER,
        DUPONT_CLIENT,
        'Jeanne Lefèvre;particulier;;;;MME JEANNE LEFEVRE;;;8 avenue Jean Jaurès;;69007 lyon;;06 12 34 56 78;',
        'Atelier Martin;professionnel;552100554;55210055400013;FR96552100554;;;;;;;;;45 fin de mois',
      ),
    });
    expect(result).toMatchObject({ clientsCreated: 3, clientsExisting: 0, invoices: 0, payments: 0 });
    const dupont = core.ctx.repos.clients.get(1);
    expect(dupont).toMatchObject({
      kind: 'business',
      name: 'Boulangerie Dupont',
      siren: '732829320',
      address: ['BOULANGERIE DUPONT', '', '', '12 rue de la Paix', '', '75002 PARIS'],
      paymentTerms: { mode: 'net', days: 45 },
      city: 'PARIS',
    });
    expect(dupont.contacts).toEqual([{ id: expect.any(Number), role: 'accounting', name: 'Comptabilité', email: 'compta@dupont.example', phone: '01 23 45 67 89' }]);
    expect(core.ctx.repos.clients.get(2)).toMatchObject({
      kind: 'consumer',
      name: 'Jeanne Lefèvre',
      firstName: null,
      lastName: 'Jeanne Lefèvre',
      paymentTerms: { mode: 'net', days: 30 },
      contacts: [{ role: 'accounting', name: 'Jeanne Lefèvre', email: null, phone: '06 12 34 56 78' }],
    });
    expect(core.ctx.repos.clients.get(3)).toMatchObject({ siret: '55210055400013', vatNumber: 'FR96552100554', paymentTerms: { mode: 'eom45' }, contacts: [] });
  });

  it('writes the same row as the client repository (sort and search keys included)', () => {
    const input = aClient({ siret: '73282932000074', vatNumber: 'FR44732829320', tags: [], contacts: [{ role: 'accounting', name: 'Comptabilité', email: 'compta@dupont.example', phone: null }] });
    const viaRepository = core.ctx.repos.clients.create(clientData({ ...input, legalForm: null }));
    const other = freshCore();
    try {
      applyImport(other.ctx, {
        clients: csv(CLIENTS_HEADER, 'Boulangerie Dupont;professionnel;732829320;73282932000074;FR44732829320;BOULANGERIE DUPONT;;;12 rue de la Paix;;75002 PARIS;compta@dupont.example;;30'),
      });
      const columns = (ctx: CoreContext, id: number) => {
        const { id: _id, created_at: _c, updated_at: _u, ...rest } = ctx.db.prepare('SELECT * FROM clients WHERE id = ?').get(id) as Record<string, unknown>;
        return rest;
      };
      expect(columns(other.ctx, 1)).toEqual(columns(core.ctx, viaRepository.id));
      expect(other.ctx.repos.clients.list({ search: 'boulangerie 732 829' }).total).toBe(1);
    } finally {
      other.close();
    }
  });

  it('creates the clients named in the invoices file, matching later lines by name without case or accents', () => {
    const result = applyImport(core.ctx, {
      invoices: csv(
        INVOICES_HEADER,
        'Jeanne Lefèvre;;particulier;F-1;2026-01-01;2026-01-31;100;;;',
        'JEANNE LEFEVRE;;;F-2;2026-02-01;2026-03-03;50;;;',
        'Boulangerie Dupont;732 829 320;;F-3;2026-02-01;2026-03-03;75;;;',
      ),
    });
    expect(result).toMatchObject({ clientsCreated: 2, clientsExisting: 0, invoices: 3 });
    const jeanne = core.ctx.repos.clients.get(1);
    expect(jeanne).toMatchObject({ kind: 'consumer', name: 'Jeanne Lefèvre', lastName: 'Jeanne Lefèvre', address: ['', '', '', '', '', ''] });
    expect(core.ctx.repos.clients.get(2)).toMatchObject({ kind: 'business', name: 'Boulangerie Dupont', siren: '732829320' });
    expect(core.ctx.repos.ledger.clientSummary(jeanne.id).invoiceCount).toBe(2);
  });

  it('matches an existing client by SIREN, whatever the name says', () => {
    const existing = core.ctx.repos.clients.create(clientData(aClient()));
    const result = applyImport(core.ctx, {
      clients: csv(CLIENTS_HEADER, DUPONT_CLIENT.replace('Boulangerie Dupont', 'Dupont (boulangerie)')),
      invoices: csv(INVOICES_HEADER, 'DUPONT BOULANGERIE;732829320;professionnel;F-1;2026-01-01;2026-01-31;100;;;'),
    });
    expect(result).toMatchObject({ clientsCreated: 0, clientsExisting: 1, invoices: 1 });
    expect(result.warnings).toContain('clients.csv : 1 client déjà dans Recouvra, laissé tel quel.');
    expect(core.ctx.repos.clients.list({}).total).toBe(1);
    expect(core.ctx.repos.clients.get(existing.id).name).toBe('Boulangerie Dupont');
    expect(core.ctx.repos.ledger.clientSummary(existing.id).invoicedCents).toBe(100_00);
  });

  it('matches an invoice line to a client of the clients file by name', () => {
    const result = applyImport(core.ctx, {
      clients: csv(CLIENTS_HEADER, DUPONT_CLIENT),
      invoices: csv(INVOICES_HEADER, 'boulangerie  dupont;;;F-1;2026-01-01;2026-01-31;100;;;'),
    });
    expect(result).toMatchObject({ clientsCreated: 1, invoices: 1 });
  });
});

describe('payments', () => {
  it('allocates each payment to its invoice up to the balance; the excess stays a credit on the client', () => {
    const result = applyImport(core.ctx, {
      invoices: csv(INVOICES_HEADER, INVOICE_1, INVOICE_1.replace('F-001', 'F-002').replace('1200,00;1000,00', '300;')),
      payments: csv(PAYMENTS_HEADER, 'F-001;2026-02-01;1000;virement', 'F-001;2026-02-15;250,50;chèque', 'F-002;2026-02-15;300;carte'),
    });
    expect(result.totals).toEqual({ invoicesTtcCents: 1500_00, paymentsCents: 1550_50, allocatedCents: 1500_00, unallocatedCents: 50_50 });
    expect(result.warnings).toContain('paiements.csv, ligne 3 : 50,50\u00a0€ au-delà du solde de la facture F-001, laissés en avoir sur le compte du client.');
    const summary = core.ctx.repos.ledger.clientSummary(1);
    expect(summary).toMatchObject({ invoicedCents: 1500_00, paidCents: 1500_00, unallocatedCents: 50_50, openBalanceCents: 0 });
    const second = core.ctx.repos.ledger.getPayment(2);
    expect(second).toMatchObject({ amountCents: 250_50, method: 'cheque', unallocatedCents: 50_50, allocations: [{ invoiceNumber: 'F-001', amountCents: 200_00 }] });
  });

  it('pays invoices already in the books, after their credit notes and earlier payments', () => {
    const client = core.ctx.repos.clients.create(clientData(aClient()));
    const invoice = anInvoice(core.ctx, client.id, 'F-100', 1000_00);
    core.ctx.repos.ledger.createCreditNote(creditNoteInputSchema.parse({ invoiceId: invoice.invoice.id, number: 'AV-1', issueDate: '2026-01-10', amountCents: 100_00 }));
    core.ctx.repos.ledger.recordPayment(paymentInputSchema.parse({ clientId: client.id, date: '2026-01-11', amountCents: 500_00, method: 'transfer' }));
    const result = applyImport(core.ctx, { payments: csv(PAYMENTS_HEADER, 'F-100;2026-01-20;450;virement') });
    expect(result).toMatchObject({ payments: 1, clientsExisting: 0, totals: { allocatedCents: 400_00, unallocatedCents: 50_00 } });
    expect(core.ctx.repos.ledger.detail(invoice.invoice.id)).toMatchObject({ status: 'paid', balanceCents: 0, paidCents: 900_00 });
    expect(core.ctx.repos.ledger.clientSummary(client.id).unallocatedCents).toBe(50_00);
  });
});

describe('all or nothing', () => {
  it('writes nothing when one line of one file is refused, and everything with one audit entry otherwise', () => {
    core.ctx.repos.clients.create(clientData(aConsumer()));
    const files: ImportFiles = {
      clients: csv(CLIENTS_HEADER, DUPONT_CLIENT),
      invoices: csv(INVOICES_HEADER, INVOICE_1, 'Atelier Martin;552100554;;F-002;2026-01-10;2026-02-09;600;500;2026-01-08;'),
      payments: csv(PAYMENTS_HEADER, 'F-001;2026-02-01;1200;virement', 'F-002;2026-02-01;100;'),
    };
    const before = counts(core.ctx);
    const bad = { ...files, payments: files.payments!.replace('F-002;2026-02-01;100;', 'F-002;2026-02-31;100;') };
    expect(refusal(bad)).toEqual([{ file: 'paiements.csv', line: 3, message: 'date de paiement invalide « 2026-02-31 » (JJ/MM/AAAA)' }]);
    expect(counts(core.ctx)).toEqual(before);

    const preview = previewImport(core.ctx, files);
    expect(counts(core.ctx)).toEqual(before);
    expect(preview).toMatchObject({
      clientsToCreate: 2,
      clientsExisting: 0,
      invoices: 2,
      payments: 2,
      errors: [],
      totals: { invoicesTtcCents: 1800_00, paymentsCents: 1300_00, allocatedCents: 1300_00, unallocatedCents: 0 },
    });
    expect(preview.samples.clients.map((c) => [c.file, c.line, c.name])).toEqual([
      ['clients.csv', 2, 'Boulangerie Dupont'],
      ['factures.csv', 3, 'Atelier Martin'],
    ]);
    expect(preview.samples.invoices[1]).toEqual({ line: 3, number: 'F-002', clientName: 'Atelier Martin', issueDate: '2026-01-10', dueDate: '2026-02-09', amountTtcCents: 600_00 });

    const result = applyImport(core.ctx, files);
    expect(result).toMatchObject({ clientsCreated: 2, invoices: 2, payments: 2 });
    expect(counts(core.ctx)).toEqual({ ...before, clients: before.clients + 2, contacts: before.contacts + 1, invoices: 2, payments: 2, payment_allocations: 2, audit_log: before.audit_log + 1 });
    const [entry] = core.ctx.repos.audit.list({ limit: 1 });
    expect(entry).toMatchObject({ entity: 'invoice', entityId: null, action: 'create', summary: 'Import : 2 clients, 2 factures, 2 paiements' });
    expect(core.ctx.repos.ledger.getInvoice(2)).toMatchObject({ deliveryDate: '2026-01-08', amountHtCents: 500_00, amountTvaCents: 100_00 });

    // Imported again: every invoice number is now taken, and nothing more is written.
    const again = refusal(files);
    expect(again.filter((e) => e.message.includes('déjà utilisé dans Recouvra'))).toHaveLength(2);
  });
});

// ——— Property-based tests ———

const DAY0 = 20_000; // 2024-10-04
const dateOf = (offset: number) => fromDayNumber(DAY0 + offset);
const SPECIAL = ['', ' ', ';', '"', '; "x"', 'é', 'Œ', '\'', '&'];

/** A valid SIREN: 8 digits and its Luhn key. */
function siren(body: number): string {
  const digits = String(body).padStart(8, '0');
  for (let d = 0; d <= 9; d++) if (luhnValid(digits + d)) return digits + d;
  throw new Error('unreachable');
}

interface GenClient { kind: 'business' | 'consumer'; name: string; siren: string | null; street: string; hasAddress: boolean; email: boolean; terms: number }
interface GenInvoice { client: number; number: string; issue: number; dueAfter: number; ttc: number; htShare: number | null; delivery: number | null; reference: string | null }
interface GenPayment { invoice: number; date: number; share: number; extra: number; method: string }
interface GenBooks { clients: GenClient[]; invoices: GenInvoice[]; payments: GenPayment[] }

const textArb = (multiline: boolean) =>
  fc
    .array(fc.oneof(fc.constantFrom(...SPECIAL, ...(multiline ? ['\n'] : [])), fc.stringMatching(/^[A-Za-z0-9]{1,6}$/)), { minLength: 1, maxLength: 4 })
    .map((parts) => parts.join(''));

const booksArb = (options: { multiline: boolean }): fc.Arbitrary<GenBooks> =>
  fc
    .record({
      clients: fc.array(
        fc.record({
          kind: fc.constantFrom('business' as const, 'consumer' as const),
          name: textArb(options.multiline),
          withSiren: fc.boolean(),
          street: textArb(false),
          hasAddress: fc.boolean(),
          email: fc.boolean(),
          terms: fc.integer({ min: 0, max: 90 }),
        }),
        { minLength: 1, maxLength: 5 },
      ),
      invoices: fc.array(
        fc.record({
          client: fc.nat(),
          number: textArb(false),
          issue: fc.integer({ min: 0, max: 700 }),
          dueAfter: fc.integer({ min: 0, max: 90 }),
          ttc: fc.integer({ min: 1, max: 50_000_000 }),
          htShare: fc.option(fc.integer({ min: 0, max: 100 })),
          delivery: fc.option(fc.integer({ min: 0, max: 700 })),
          reference: fc.option(textArb(options.multiline)),
        }),
        { minLength: 1, maxLength: 8 },
      ),
      payments: fc.array(
        fc.record({
          invoice: fc.nat(),
          date: fc.integer({ min: 0, max: 800 }),
          share: fc.integer({ min: 1, max: 100 }),
          extra: fc.oneof(fc.constant(0), fc.integer({ min: 1, max: 100_000 })),
          method: fc.constantFrom('virement', 'transfer', 'chèque', 'carte', 'prélèvement', 'espèces', 'autre', ''),
        }),
        { maxLength: 10 },
      ),
    })
    .map(({ clients, invoices, payments }) => ({
      // Unique names and SIRENs: the format identifies clients by them.
      clients: clients.map((c, i) => ({
        kind: c.kind,
        name: `${c.name.trim()} ${i}`.trim().slice(-55),
        siren: c.kind === 'business' && c.withSiren ? siren(10_000_000 + i * 7_919) : null,
        street: `${i} ${c.street}`.slice(0, 38).trim(),
        hasAddress: c.hasAddress,
        email: c.email,
        terms: c.terms,
      })),
      invoices: invoices.map((inv, i) => ({
        ...inv,
        client: inv.client % clients.length,
        number: `${i}-${inv.number}`.trim().slice(0, 40),
      })),
      payments: payments.map((p) => ({ ...p, invoice: p.invoice % invoices.length })),
    }));

/** The books as CSV text, in random but valid spellings (BOM, CRLF, DD/MM/YYYY, decimal point or comma). */
function booksToCsv(books: GenBooks, style: { bom: boolean; crlf: boolean; frenchDates: boolean; point: boolean }): ImportFiles {
  const eol = style.crlf ? '\r\n' : '\n';
  const file = (header: string, rows: (string | number | null)[][]) =>
    (style.bom ? '\uFEFF' : '') + [header, ...rows.map((r) => r.map(csvCell).join(';'))].join(eol) + eol;
  const date = (d: IsoDate) => (style.frenchDates ? formatDateFr(d) : d);
  const amount = (c: number) => (style.point ? formatEurosInput(c as Cents).replace(',', '.') : formatEurosInput(c as Cents));
  const ttc = (i: GenInvoice) => i.ttc;
  return {
    clients: file(
      CLIENTS_HEADER,
      books.clients.map((c) => [
        c.name, c.kind === 'business' ? 'professionnel' : 'particulier', c.siren, null, null,
        c.hasAddress ? 'DESTINATAIRE' : '', '', '', c.hasAddress ? c.street : '', '', c.hasAddress ? '75002 PARIS' : '',
        c.email ? 'compta@client.example' : '', '', c.terms,
      ]),
    ),
    invoices: file(
      INVOICES_HEADER,
      books.invoices.map((i) => {
        const client = books.clients[i.client]!;
        return [
          client.name, client.siren, client.kind === 'business' ? 'professionnel' : 'particulier', i.number,
          date(dateOf(i.issue)), date(dateOf(i.issue + i.dueAfter)), amount(ttc(i)),
          i.htShare === null ? '' : amount(Math.floor((ttc(i) * i.htShare) / 100)),
          i.delivery === null ? '' : date(dateOf(i.delivery)), i.reference,
        ];
      }),
    ),
    payments: file(
      PAYMENTS_HEADER,
      books.payments.map((p) => {
        const invoice = books.invoices[p.invoice]!;
        return [invoice.number, date(dateOf(p.date)), amount(Math.max(1, Math.floor((invoice.ttc * p.share) / 100)) + p.extra), p.method];
      }),
    ),
  };
}

const styleArb = fc.record({ bom: fc.boolean(), crlf: fc.boolean(), frenchDates: fc.boolean(), point: fc.boolean() });

function invoicesOf(ctx: CoreContext) {
  return ctx.db
    .prepare(
      `SELECT i.number, c.name AS client, c.siren, c.kind, i.issue_date, i.due_date, i.delivery_date, i.amount_ttc_cents, i.amount_ht_cents,
         i.amount_tva_cents, i.reference, COALESCE((SELECT SUM(a.amount_cents) FROM payment_allocations a WHERE a.invoice_id = i.id), 0) AS allocated
       FROM invoices i JOIN clients c ON c.id = i.client_id ORDER BY i.number`,
    )
    .all();
}

function clientsOf(ctx: CoreContext) {
  return ctx.db
    .prepare(
      `SELECT name, kind, siren, siret, vat_number, address_1, address_2, address_3, address_4, address_5, address_6, terms_mode, terms_days
       FROM clients ORDER BY name, siren`,
    )
    .all();
}

describe('properties', { timeout: 60_000 }, () => {
  it('(a) export then import into empty books gives the same clients, invoices and allocated amounts', () => {
    fc.assert(
      fc.property(booksArb({ multiline: true }), fc.array(fc.integer({ min: 1, max: 60 }), { maxLength: 3 }), (books, credits) => {
        const source = freshCore();
        const target = freshCore();
        try {
          // The source books are built through the repositories, as the app builds them.
          const clientIds = books.clients.map((c) =>
            source.ctx.repos.clients.create(
              clientData({
                kind: c.kind,
                ...(c.kind === 'business' ? { name: c.name } : { firstName: null, lastName: c.name }),
                siren: c.siren,
                address: c.hasAddress ? ['DESTINATAIRE', '', '', c.street, '', '75002 PARIS'] : [],
                contacts: c.email ? [{ role: 'accounting', name: 'Compta', email: 'compta@client.example' }] : [],
                paymentTerms: { mode: 'net', days: c.terms },
              }),
            ).id,
          );
          const invoiceIds = books.invoices.map((i) => {
            const ht = i.htShare === null ? null : Math.floor((i.ttc * i.htShare) / 100);
            return source.ctx.repos.ledger.createInvoice(
              invoiceInputSchema.parse({
                clientId: clientIds[i.client],
                number: i.number,
                issueDate: dateOf(i.issue),
                dueDate: dateOf(i.issue + i.dueAfter),
                deliveryDate: i.delivery === null ? null : dateOf(i.delivery),
                amountTtcCents: i.ttc,
                amountHtCents: ht,
                amountTvaCents: ht === null ? null : i.ttc - ht,
                reference: i.reference,
              }),
            ).invoice.id;
          });
          credits.forEach((share, n) => {
            const id = invoiceIds[n % invoiceIds.length]!;
            const balance = source.ctx.repos.ledger.detail(id).balanceCents;
            const amount = Math.floor((balance * share) / 100);
            if (amount > 0) {
              source.ctx.repos.ledger.createCreditNote(creditNoteInputSchema.parse({ invoiceId: id, number: `AV-${n}`, issueDate: dateOf(10), amountCents: amount }));
            }
          });
          for (const p of books.payments) {
            const invoiceId = invoiceIds[p.invoice]!;
            const detail = source.ctx.repos.ledger.detail(invoiceId);
            const allocated = Math.min(detail.balanceCents, Math.max(1, Math.floor((books.invoices[p.invoice]!.ttc * p.share) / 100)));
            if (allocated + p.extra === 0) continue;
            source.ctx.repos.ledger.recordPayment(
              paymentInputSchema.parse({
                clientId: detail.client.id,
                date: dateOf(p.date),
                amountCents: allocated + p.extra,
                method: 'transfer',
                allocation: allocated > 0 ? [{ invoiceId, amountCents: allocated }] : [],
              }),
            );
          }

          const files = exportBooks(source.ctx);
          expect(files['clients.csv'].startsWith('\uFEFFname;kind;')).toBe(true);
          applyImport(target.ctx, { clients: files['clients.csv'], invoices: files['factures.csv'], payments: files['paiements.csv'] });
          expect(clientsOf(target.ctx)).toEqual(clientsOf(source.ctx));
          expect(invoicesOf(target.ctx)).toEqual(invoicesOf(source.ctx));
          // And the export of the imported books is the same text.
          expect(exportBooks(target.ctx)).toEqual(files);
        } finally {
          source.close();
          target.close();
        }
      }),
      { numRuns: 40 },
    );
  });

  const CORRUPTIONS: Record<'clients' | 'invoices' | 'payments', Record<string, string[]>> = {
    clients: {
      kind: ['entreprise', 'pro'],
      siren: ['123456789', '12345'],
      email: ['pas-une-adresse'],
      address_4: ['x'.repeat(39)],
      payment_terms_days: ['120', 'jamais'],
    },
    invoices: {
      issue_date: ['31/02/2026', '2026-13-01', 'hier'],
      due_date: ['30/02/2025', '2025-00-10'],
      amount_ttc: ['12,345', '-3', 'abc', '0', ''],
      amount_ht: ['1,234', '-1', 'x'],
      client_kind: ['entreprise'],
      client_siren: ['123456789'],
      delivery_date: ['2026-02-30'],
      invoice_number: ['', '<dup>', 'x'.repeat(41)],
    },
    payments: {
      payment_date: ['2026-02-29', '32/01/2026'],
      amount: ['-5', '1,001', 'dix', '0'],
      method: ['bitcoin'],
      invoice_number: ['INCONNUE-404', ''],
    },
  };

  it('(b) one corrupt cell in valid files always refuses that line, and nothing is written', () => {
    fc.assert(
      fc.property(
        booksArb({ multiline: false }),
        styleArb,
        fc.constantFrom('clients' as const, 'invoices' as const, 'payments' as const),
        fc.nat(),
        fc.nat(),
        fc.nat(),
        (books, style, kind, rowSeed, columnSeed, valueSeed) => {
          const files = booksToCsv(books, style);
          const text = files[kind]!;
          const eol = style.crlf ? '\r\n' : '\n';
          const lines = text.split(eol);
          const rows = lines.length - 2; // header and the empty string after the last line end
          fc.pre(rows > 0);
          const row = rowSeed % rows;
          const columns = Object.keys(CORRUPTIONS[kind]);
          const column = columns[columnSeed % columns.length]!;
          const values = CORRUPTIONS[kind][column]!;
          let value = values[valueSeed % values.length]!;
          const header = lines[0]!.replace(/^\uFEFF/, '').split(';');
          const cells = (line: string) => splitQuoted(line);
          const target = cells(lines[row + 1]!);
          if (value === '<dup>') {
            fc.pre(row > 0);
            value = cells(lines[1]!)[header.indexOf('invoice_number')]!;
          }
          target[header.indexOf(column)] = value;
          lines[row + 1] = target.map(csvCell).join(';');
          const corrupt = { ...files, [kind]: lines.join(eol) };

          const before = counts(core.ctx);
          const errors = refusal(corrupt);
          expect(errors.some((e) => e.file === DEFAULT_NAMES[kind] && e.line === row + 2), JSON.stringify({ column, value, errors })).toBe(true);
          expect(counts(core.ctx)).toEqual(before);
        },
      ),
      { numRuns: 300 },
    );
  });

  it('(c) after any import, TTC − credit notes − allocations = the open balances, per client and in total', () => {
    fc.assert(
      fc.property(booksArb({ multiline: true }), styleArb, fc.boolean(), (books, style, withHistory) => {
        const local = freshCore();
        try {
          if (withHistory) {
            // Books with history: an invoice partly credited and paid, that the files pay again.
            const client = local.ctx.repos.clients.create(clientData(aClient()));
            const invoice = anInvoice(local.ctx, client.id, 'OLD-1', 1000_00);
            local.ctx.repos.ledger.createCreditNote(creditNoteInputSchema.parse({ invoiceId: invoice.invoice.id, number: 'AV-1', issueDate: '2026-01-10', amountCents: 100_00 }));
            local.ctx.repos.ledger.recordPayment(paymentInputSchema.parse({ clientId: client.id, date: '2026-01-11', amountCents: 300_00, method: 'cash' }));
          }
          const files = booksToCsv(books, style);
          if (withHistory) files.payments += `OLD-1;2026-02-01;${style.point ? '700.00' : '700,00'};virement${style.crlf ? '\r\n' : '\n'}`;
          const result = applyImport(local.ctx, files);
          const { db, repos } = local.ctx;
          const perClient = db
            .prepare(
              `SELECT c.id,
                 COALESCE((SELECT SUM(amount_ttc_cents) FROM invoices WHERE client_id = c.id), 0)
                 - COALESCE((SELECT SUM(n.amount_ttc_cents) FROM credit_notes n JOIN invoices i ON i.id = n.invoice_id WHERE i.client_id = c.id), 0)
                 - COALESCE((SELECT SUM(a.amount_cents) FROM payment_allocations a JOIN invoices i ON i.id = a.invoice_id WHERE i.client_id = c.id), 0) AS owed,
                 COALESCE((SELECT SUM(amount_cents) FROM payments WHERE client_id = c.id), 0)
                 - COALESCE((SELECT SUM(a.amount_cents) FROM payment_allocations a JOIN payments p ON p.id = a.payment_id WHERE p.client_id = c.id), 0) AS credit
               FROM clients c ORDER BY c.id`,
            )
            .all() as { id: number; owed: number; credit: number }[];
          let owedTotal = 0;
          let creditTotal = 0;
          for (const c of perClient) {
            expect(repos.ledger.list({ clientId: c.id }).balanceCents).toBe(c.owed);
            const summary = repos.ledger.clientSummary(c.id);
            expect(summary.openBalanceCents).toBe(c.owed);
            expect(summary.unallocatedCents).toBe(c.credit);
            owedTotal += c.owed;
            creditTotal += c.credit;
          }
          expect(repos.ledger.list({}).balanceCents).toBe(owedTotal);
          expect(result.totals.unallocatedCents).toBe(creditTotal);
          // No invoice is ever paid beyond its balance.
          const overpaid = db
            .prepare(
              `SELECT count(*) FROM invoices i WHERE i.amount_ttc_cents
                 - COALESCE((SELECT SUM(amount_ttc_cents) FROM credit_notes WHERE invoice_id = i.id), 0)
                 - COALESCE((SELECT SUM(amount_cents) FROM payment_allocations WHERE invoice_id = i.id), 0) < 0`,
            )
            .pluck()
            .get();
          expect(overpaid).toBe(0);
        } finally {
          local.close();
        }
      }),
      { numRuns: 40 },
    );
  });
});

const DEFAULT_NAMES = { clients: 'clients.csv', invoices: 'factures.csv', payments: 'paiements.csv' } as const;

/** Splits one CSV line (no line breaks inside) into its unquoted cells. */
function splitQuoted(line: string): string[] {
  const cells: string[] = [];
  let i = 0;
  while (i <= line.length) {
    if (line[i] === '"') {
      let value = '';
      i++;
      while (i < line.length) {
        if (line[i] === '"' && line[i + 1] === '"') {
          value += '"';
          i += 2;
        } else if (line[i] === '"') {
          i++;
          break;
        } else value += line[i++];
      }
      cells.push(value);
      i++; // the separator
    } else {
      const end = line.indexOf(';', i);
      const stop = end === -1 ? line.length : end;
      cells.push(line.slice(i, stop));
      i = stop + 1;
    }
  }
  return cells;
}
