// FEC import on real SQLite files: realistic files in several shapes (tab and pipe, padded
// decimal commas, UTF-8, ISO 8859-15 and Windows-1252 accents, CRLF, Montant/Sens, lettered and
// unlettered lines, credit notes, partial payments, à-nouveaux), later FECs of the same books
// (updates, never duplicates), every kind of malformed file (refused whole or line by line, in
// French, nothing written), and properties: random bytes and random damage never crash nor
// write half an import; a generated FEC's customer balances are Recouvra's balances.
import fc from 'fast-check';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { aClient } from '../../../test/helpers/builders.js';
import { freshCore, type TestCore } from '../../../test/helpers/core.js';
import { formatImportError, type ImportError } from '../../../shared/domain/import.js';
import { clientInputSchema } from '../../../shared/schemas.js';
import { invoiceInputSchema, paymentInputSchema } from '../../../shared/schemas-ledger.js';
import { encodeText, generateFec, type FecFileEncoding } from '../bench/import-bench.js';
import type { CoreContext } from '../context.js';
import {
  applyFec,
  decodeFec,
  FEC_CLIENT_ACCOUNTS_KEY,
  FEC_COLUMNS,
  fecPaymentMethod,
  ImportRefusedError,
  parseFec,
  parseFecAmount,
  parseFecDate,
  previewFec,
  type FecColumn,
} from './fec.js';

let core: TestCore;
beforeEach(() => {
  core = freshCore();
});
afterEach(() => core.close());

const FILE = '552100554FEC20261231.txt';
const TABLES = ['clients', 'contacts', 'invoices', 'payments', 'payment_allocations', 'credit_notes', 'settings', 'audit_log'] as const;
function counts(ctx: CoreContext): Record<(typeof TABLES)[number], number> {
  return Object.fromEntries(TABLES.map((t) => [t, ctx.db.prepare(`SELECT count(*) FROM ${t}`).pluck().get() as number])) as Record<(typeof TABLES)[number], number>;
}

// ——— Building FEC files ———

type Row = Partial<Record<FecColumn | 'Montant' | 'Sens', string>>;
const JOURNALS: Record<string, string> = { VT: 'Journal des ventes', BQ: 'Banque', OD: 'Opérations diverses', AN: 'A-nouveaux' };
/** 123450 → "1234,50"; padded: "000000001234,50". */
const eur = (c: number, padded = false) => {
  const text = `${Math.floor(c / 100)},${String(c % 100).padStart(2, '0')}`;
  return padded ? text.padStart(15, '0') : text;
};

function cell(row: Row, column: string): string {
  const value = row[column as FecColumn];
  if (value !== undefined) return value;
  switch (column) {
    case 'JournalLib':
      return JOURNALS[row.JournalCode ?? ''] ?? '';
    case 'PieceDate':
    case 'ValidDate':
      return row.EcritureDate ?? '';
    case 'Debit':
    case 'Credit':
      return '0,00';
    default:
      return '';
  }
}

interface Shape {
  sep?: string;
  eol?: string;
  columns?: readonly string[];
  encoding?: FecFileEncoding;
  padded?: boolean;
}

function fecText(rows: Row[], shape: Shape = {}): string {
  const sep = shape.sep ?? '\t';
  const eol = shape.eol ?? '\n';
  const columns = shape.columns ?? FEC_COLUMNS;
  const pad = (c: string, v: string) => (shape.padded && (c === 'Debit' || c === 'Credit' || c === 'Montant') && v !== '' ? v.padStart(15, '0') : v);
  return [columns.join(sep), ...rows.map((r) => columns.map((c) => pad(c, cell(r, c))).join(sep))].join(eol) + eol;
}
const fecBytes = (rows: Row[], shape: Shape = {}) => encodeText(fecText(rows, shape), shape.encoding ?? 'utf-8');

/** A sale: 411 debit TTC, 706 credit HT, 44571 credit TVA (20 %). */
function sale(o: { num: string; date: string; aux: string; name: string; piece: string; ttc: number; letter?: string; dateLet?: string; journal?: string; account?: string }): Row[] {
  const ht = Math.round(o.ttc / 1.2);
  const base = { JournalCode: o.journal ?? 'VT', EcritureNum: o.num, EcritureDate: o.date, PieceRef: o.piece, EcritureLib: `Facture ${o.piece} ${o.name}` };
  return [
    { ...base, CompteNum: o.account ?? '411000', CompteLib: 'Clients', CompAuxNum: o.aux, CompAuxLib: o.name, Debit: eur(o.ttc), EcritureLet: o.letter ?? '', DateLet: o.dateLet ?? '' },
    { ...base, CompteNum: '706000', CompteLib: 'Prestations de services', Credit: eur(ht) },
    { ...base, CompteNum: '445710', CompteLib: 'TVA collectée', Credit: eur(o.ttc - ht) },
  ];
}

/** A credit note: the sale reversed. */
function creditNote(o: { num: string; date: string; aux: string; name: string; piece: string; ttc: number; letter?: string; lib?: string }): Row[] {
  const ht = Math.round(o.ttc / 1.2);
  const base = { JournalCode: 'VT', EcritureNum: o.num, EcritureDate: o.date, PieceRef: o.piece, EcritureLib: o.lib ?? `Avoir ${o.piece}` };
  return [
    { ...base, CompteNum: '411000', CompteLib: 'Clients', CompAuxNum: o.aux, CompAuxLib: o.name, Credit: eur(o.ttc), EcritureLet: o.letter ?? '' },
    { ...base, CompteNum: '706000', CompteLib: 'Prestations de services', Debit: eur(ht) },
    { ...base, CompteNum: '445710', CompteLib: 'TVA collectée', Debit: eur(o.ttc - ht) },
  ];
}

/** A receipt on the bank: 512 debit, 411 credit (or the reverse for a rejected payment). */
function receipt(o: { num: string; date: string; aux: string; name: string; amount: number; letter?: string; lib?: string; account?: string; journal?: string; reverse?: boolean }): Row[] {
  const base = { JournalCode: o.journal ?? 'BQ', EcritureNum: o.num, EcritureDate: o.date, PieceRef: `REL-${o.num}`, EcritureLib: o.lib ?? `Règlement ${o.name}` };
  const [d, c] = o.reverse ? ['Credit', 'Debit'] : ['Debit', 'Credit'];
  return [
    { ...base, CompteNum: o.account ?? '512000', CompteLib: 'Banque', [d]: eur(o.amount) },
    { ...base, CompteNum: '411000', CompteLib: 'Clients', CompAuxNum: o.aux, CompAuxLib: o.name, [c]: eur(o.amount), EcritureLet: o.letter ?? '' },
  ];
}

const DUPONT = { aux: 'C001', name: 'Boulangerie Dupont' };
const LEFEVRE = { aux: 'C002', name: 'Crèmerie Lefèvre' };

/** Two clients; lettered and unlettered invoices, a partial payment, a credit note, an unallocated payment. */
const SAMPLE: Row[] = [
  ...sale({ num: '1', date: '20260105', ...DUPONT, piece: 'F-001', ttc: 1200_00, letter: 'A', dateLet: '20260210' }),
  ...sale({ num: '2', date: '20260110', ...DUPONT, piece: 'F-002', ttc: 600_00 }),
  ...sale({ num: '3', date: '20260115', ...LEFEVRE, piece: 'F-003', ttc: 2400_00, letter: 'A' }),
  ...sale({ num: '4', date: '20260118', ...LEFEVRE, piece: 'F-004', ttc: 360_00, letter: 'B', dateLet: '20260301' }),
  ...creditNote({ num: '5', date: '20260125', ...LEFEVRE, piece: 'AV-001', ttc: 60_00, letter: 'B' }),
  ...receipt({ num: '1', date: '20260210', ...DUPONT, amount: 1200_00, letter: 'A', lib: 'VIR SEPA DUPONT F-001' }),
  ...receipt({ num: '2', date: '20260220', ...LEFEVRE, amount: 1000_00, letter: 'A', lib: 'Remise chq 0012345' }),
  ...receipt({ num: '3', date: '20260301', ...LEFEVRE, amount: 300_00, letter: 'B', lib: 'PRLV Lefèvre' }),
  ...receipt({ num: '4', date: '20260305', ...DUPONT, amount: 100_00, lib: 'Règlement Dupont' }),
];

/** The books as plain rows, to compare imports. */
function books(ctx: CoreContext) {
  const all = (sql: string) => ctx.db.prepare(sql).all();
  return {
    clients: all('SELECT name, kind, terms_mode, terms_days FROM clients ORDER BY name'),
    invoices: all(
      `SELECT c.name AS client, i.number, i.issue_date, i.due_date, i.amount_ttc_cents, i.amount_ht_cents, i.amount_tva_cents, i.paid_cents, i.credited_cents
       FROM invoices i JOIN clients c ON c.id = i.client_id ORDER BY i.number`,
    ),
    creditNotes: all('SELECT n.number, i.number AS invoice, n.issue_date, n.amount_ttc_cents FROM credit_notes n JOIN invoices i ON i.id = n.invoice_id ORDER BY n.number'),
    payments: all(
      `SELECT c.name AS client, p.payment_date, p.amount_cents, p.method, p.reference,
         (SELECT group_concat(i.number || '=' || a.amount_cents) FROM payment_allocations a JOIN invoices i ON i.id = a.invoice_id WHERE a.payment_id = p.id) AS allocations
       FROM payments p JOIN clients c ON c.id = p.client_id ORDER BY p.reference`,
    ),
  };
}

function refusal(bytes: Uint8Array, ctx: CoreContext = core.ctx, file = FILE): ImportError[] {
  const before = counts(ctx);
  try {
    applyFec(ctx, bytes, file);
  } catch (error) {
    expect(error).toBeInstanceOf(ImportRefusedError);
    expect((error as ImportRefusedError).code).toBe('VALIDATION');
    expect(counts(ctx)).toEqual(before);
    return (error as ImportRefusedError).errors;
  }
  throw new Error('the import should have been refused');
}

// ——— Reading cells and bytes ———

describe('amounts, dates and encodings', () => {
  it.each([
    ['1234,50', 123450],
    ['000000001234,50', 123450],
    ['000000001234,5', 123450],
    ['1234.50', 123450],
    ['-12,30', -1230],
    ['+12,30', 1230],
    ['12,30-', -1230],
    ['0', 0],
    ['', 0],
    ['1234', 123400],
    ['12,3000', 1230],
    ['00000000000000', 0],
  ])('reads the amount « %s » as %i cents', (raw, expected) => {
    expect(parseFecAmount(raw, 'débit')).toEqual({ ok: true, value: expected });
  });

  it.each([
    ['1 234,56', 'débit « 1 234,56 » : pas de séparateur de milliers dans un FEC (ex. 1234,56)'],
    ['1.234,56', 'débit « 1.234,56 » : pas de séparateur de milliers dans un FEC (ex. 1234,56)'],
    ['12,345', 'débit « 12,345 » : plus de deux décimales'],
    ['douze', 'débit invalide « douze » (ex. 1234,56)'],
    ['1,2,3', 'débit invalide « 1,2,3 » (ex. 1234,56)'],
    ['-12,30-', 'débit invalide « -12,30- » (ex. 1234,56)'],
    ['12 €', 'débit invalide « 12 € » (ex. 1234,56)'],
  ])('refuses the amount « %s »', (raw, message) => {
    expect(parseFecAmount(raw, 'débit')).toEqual({ ok: false, message });
  });

  it('never reads an amount through floating point', () => {
    fc.assert(
      fc.property(fc.bigInt({ min: 0n, max: 10n ** 12n - 1n }), fc.integer({ min: 0, max: 99 }), fc.boolean(), fc.nat({ max: 6 }), (units, decimals, negative, zeros) => {
        const text = `${negative ? '-' : ''}${'0'.repeat(zeros)}${units},${String(decimals).padStart(2, '0')}`;
        const expected = Number(units * 100n + BigInt(decimals));
        expect(parseFecAmount(text, 'x')).toEqual({ ok: true, value: negative && expected !== 0 ? -expected : expected });
      }),
    );
  });

  it('reads dates AAAAMMJJ only, as A47 A-1 writes them', () => {
    expect(parseFecDate('20260115', 'd')).toEqual({ ok: true, value: '2026-01-15' });
    expect(parseFecDate('20240229', 'd')).toEqual({ ok: true, value: '2024-02-29' });
    expect(parseFecDate('20260115 10:30:00', 'd')).toEqual({ ok: true, value: '2026-01-15' });
    expect(parseFecDate('', 'd')).toEqual({ ok: true, value: null });
    expect(parseFecDate('20260230', 'd')).toEqual({ ok: false, message: 'd « 20260230 » : ce n’est pas une date du calendrier' });
    expect(parseFecDate('2026-01-15', 'd')).toEqual({ ok: false, message: 'd « 2026-01-15 » : le FEC écrit les dates AAAAMMJJ, sans séparateur (ex. 20260115)' });
    expect(parseFecDate('15/01/2026', 'd')).toEqual({ ok: false, message: 'd « 15/01/2026 » : le FEC écrit les dates AAAAMMJJ, sans séparateur (ex. 20260115)' });
    expect(parseFecDate('hier', 'd')).toEqual({ ok: false, message: 'd invalide « hier » (AAAAMMJJ, ex. 20260115)' });
  });

  it('tells UTF-8, Windows-1252 and ISO 8859-15 apart', () => {
    const decoded = (bytes: Uint8Array) => {
      const d = decodeFec(bytes);
      return d.ok ? [d.encoding, d.text] : ['refused', d.message];
    };
    expect(decoded(Buffer.from('Crèmerie 10 €', 'utf8'))).toEqual(['UTF-8', 'Crèmerie 10 €']);
    expect(decoded(Buffer.from('\uFEFFCrèmerie', 'utf8'))).toEqual(['UTF-8', 'Crèmerie']);
    expect(decoded(Buffer.from('plain ASCII', 'latin1'))).toEqual(['UTF-8', 'plain ASCII']);
    // 0x80–0x9F: Windows-1252 (€ 0x80, ’ 0x92); otherwise ISO 8859-15 (€ 0xA4).
    expect(decoded(encodeText('Crèmerie l’été 10 €', 'windows-1252'))).toEqual(['Windows-1252', 'Crèmerie l’été 10 €']);
    expect(decoded(encodeText('Crèmerie œuvre 10 €', 'iso-8859-15'))).toEqual(['ISO-8859-15', 'Crèmerie œuvre 10 €']);
    expect(decoded(Buffer.from([0x43, 0x72, 0xe8, 0x6d, 0x65]))).toEqual(['ISO-8859-15', 'Crème']);
  });

  it('guesses the payment method from the words, never invents one', () => {
    expect(fecPaymentMethod('VIR SEPA DUPONT', '512000')).toBe('transfer');
    expect(fecPaymentMethod('Remise chèques n°12', '512000')).toBe('cheque');
    expect(fecPaymentMethod('PRLV SEPA', '512000')).toBe('direct_debit');
    expect(fecPaymentMethod('Paiement CB', '512000')).toBe('card');
    expect(fecPaymentMethod('Règlement Dupont', '531000')).toBe('cash');
    expect(fecPaymentMethod('Règlement Dupont', '511200')).toBe('cheque');
    expect(fecPaymentMethod('Règlement Dupont', '512000')).toBe('other');
  });
});

// ——— Realistic files ———

describe('a realistic FEC', () => {
  it('becomes clients, invoices, a credit note, payments and the allocations its lettering says', () => {
    const bytes = fecBytes(SAMPLE);
    const before = counts(core.ctx);
    const preview = previewFec(core.ctx, bytes, FILE);
    expect(counts(core.ctx)).toEqual(before); // a preview writes nothing
    expect(preview.errors).toEqual([]);
    expect(preview).toMatchObject({
      clientsToCreate: 2,
      clientsExisting: 0,
      invoices: 4,
      payments: 4,
      creditNotes: 1,
      totals: { invoicesTtcCents: 4560_00, paymentsCents: 2600_00, allocatedCents: 2500_00, unallocatedCents: 100_00, creditNotesCents: 60_00 },
      fec: {
        encoding: 'UTF-8',
        separator: 'tabulation',
        lines: SAMPLE.length,
        customerLines: 9,
        invoicesUpdated: 0,
        invoicesUnchanged: 0,
        creditNotes: 1,
        creditNotesCents: 60_00,
        paymentsAlreadyThere: 0,
        allocations: 3,
        openInvoices: 2,
        settledInvoices: 2,
      },
    });
    expect(preview.samples.invoices[0]).toEqual({ line: 2, number: 'F-001', clientName: 'Boulangerie Dupont', issueDate: '2026-01-05', dueDate: '2026-02-04', amountTtcCents: 1200_00 });
    expect(preview.samples.payments.map((p) => [p.invoiceNumber, p.method, p.allocatedCents])).toEqual([
      ['F-001', 'transfer', 1200_00],
      ['F-003', 'cheque', 1000_00],
      ['F-004', 'direct_debit', 300_00],
      ['', 'other', 0],
    ]);
    expect(preview.warnings).toContain(
      'Échéances : le FEC n’en contient pas ; celles de 4 factures sont calculées selon le délai de paiement de chaque client (à défaut celui de votre entreprise, 30 jours).',
    );

    const result = applyFec(core.ctx, bytes, FILE);
    expect(result).toMatchObject({ clientsCreated: 2, invoices: 4, payments: 4, totals: preview.totals, fec: preview.fec });
    const b = books(core.ctx);
    expect(b.clients).toEqual([
      { name: 'Boulangerie Dupont', kind: 'business', terms_mode: 'net', terms_days: 30 },
      { name: 'Crèmerie Lefèvre', kind: 'business', terms_mode: 'net', terms_days: 30 },
    ]);
    expect(b.invoices).toEqual([
      { client: 'Boulangerie Dupont', number: 'F-001', issue_date: '2026-01-05', due_date: '2026-02-04', amount_ttc_cents: 1200_00, amount_ht_cents: 1000_00, amount_tva_cents: 200_00, paid_cents: 1200_00, credited_cents: 0 },
      { client: 'Boulangerie Dupont', number: 'F-002', issue_date: '2026-01-10', due_date: '2026-02-09', amount_ttc_cents: 600_00, amount_ht_cents: 500_00, amount_tva_cents: 100_00, paid_cents: 0, credited_cents: 0 },
      { client: 'Crèmerie Lefèvre', number: 'F-003', issue_date: '2026-01-15', due_date: '2026-02-14', amount_ttc_cents: 2400_00, amount_ht_cents: 2000_00, amount_tva_cents: 400_00, paid_cents: 1000_00, credited_cents: 0 },
      { client: 'Crèmerie Lefèvre', number: 'F-004', issue_date: '2026-01-18', due_date: '2026-02-17', amount_ttc_cents: 360_00, amount_ht_cents: 300_00, amount_tva_cents: 60_00, paid_cents: 300_00, credited_cents: 60_00 },
    ]);
    expect(b.creditNotes).toEqual([{ number: 'AV-001', invoice: 'F-004', issue_date: '2026-01-25', amount_ttc_cents: 60_00 }]);
    expect(b.payments).toEqual([
      { client: 'Boulangerie Dupont', payment_date: '2026-02-10', amount_cents: 1200_00, method: 'transfer', reference: 'FEC:BQ:1:20260210:C001:1200,00', allocations: 'F-001=120000' },
      { client: 'Crèmerie Lefèvre', payment_date: '2026-02-20', amount_cents: 1000_00, method: 'cheque', reference: 'FEC:BQ:2:20260220:C002:1000,00', allocations: 'F-003=100000' },
      { client: 'Crèmerie Lefèvre', payment_date: '2026-03-01', amount_cents: 300_00, method: 'direct_debit', reference: 'FEC:BQ:3:20260301:C002:300,00', allocations: 'F-004=30000' },
      { client: 'Boulangerie Dupont', payment_date: '2026-03-05', amount_cents: 100_00, method: 'other', reference: 'FEC:BQ:4:20260305:C001:100,00', allocations: null },
    ]);
    // The client's summary: 600 € open, 100 € of credit on the account.
    const dupont = core.ctx.db.prepare("SELECT id FROM clients WHERE name = 'Boulangerie Dupont'").pluck().get() as number;
    expect(core.ctx.repos.ledger.clientSummary(dupont)).toMatchObject({ openBalanceCents: 600_00, unallocatedCents: 100_00 });
    // One journal entry for the whole import; the accounts remembered for the next FEC.
    expect(counts(core.ctx).audit_log).toBe(before.audit_log + 1);
    expect(Object.keys(core.ctx.repos.settings.raw<Record<string, number>>(FEC_CLIENT_ACCOUNTS_KEY) ?? {}).sort()).toEqual(['C001', 'C002']);
  });

  const shapes: { name: string; shape: Shape; encoding: string; separator: string }[] = [
    { name: 'pipe-separated, CRLF, Windows-1252, zero-padded amounts', shape: { sep: '|', eol: '\r\n', encoding: 'windows-1252', padded: true }, encoding: 'Windows-1252', separator: '|' },
    { name: 'tab-separated, ISO 8859-15 (Latin accents), CRLF', shape: { eol: '\r\n', encoding: 'iso-8859-15' }, encoding: 'ISO-8859-15', separator: 'tabulation' },
    { name: 'UTF-8 with a BOM, pipe, padded', shape: { sep: '|', padded: true }, encoding: 'UTF-8', separator: '|' },
    { name: 'semicolons (accepted by the DGFiP checker too)', shape: { sep: ';' }, encoding: 'UTF-8', separator: ';' },
  ];
  it.each(shapes)('reads the same books from a file $name', ({ shape, encoding, separator }) => {
    const reference = freshCore();
    try {
      applyFec(reference.ctx, fecBytes(SAMPLE), FILE);
      // A libellé with a typographic apostrophe makes the Windows-1252 file hold a 0x92 byte.
      const rows = SAMPLE.map((r) => (r.CompteNum === '512000' ? { ...r, EcritureLib: `${r.EcritureLib ?? ''} l’été` } : r));
      let bytes = fecBytes(rows, shape);
      if (shape.encoding === undefined && shape.sep === '|') bytes = Buffer.concat([Buffer.from([0xef, 0xbb, 0xbf]), bytes]);
      const result = applyFec(core.ctx, bytes, FILE);
      expect(result.fec).toMatchObject({ encoding, separator });
      expect(books(core.ctx)).toEqual(books(reference.ctx));
    } finally {
      reference.close();
    }
  });

  it('reads Montant and Sens in place of Debit and Credit', () => {
    const reference = freshCore();
    try {
      applyFec(reference.ctx, fecBytes(SAMPLE), FILE);
      const columns = FEC_COLUMNS.flatMap((c) => (c === 'Debit' ? ['Montant'] : c === 'Credit' ? ['Sens'] : [c]));
      const rows = SAMPLE.map((r, i) => {
        const debit = r.Debit !== undefined && r.Debit !== '0,00';
        return { ...r, Montant: debit ? r.Debit! : r.Credit!, Sens: debit ? (i % 2 ? 'D' : '+1') : i % 2 ? 'C' : '-1' };
      });
      applyFec(core.ctx, fecBytes(rows, { columns }), FILE);
      expect(books(core.ctx)).toEqual(books(reference.ctx));
    } finally {
      reference.close();
    }
  });

  it('matches columns as the DGFiP checker does: any order, case, accents, spaces around separators, a trailing separator', () => {
    const reference = freshCore();
    try {
      applyFec(reference.ctx, fecBytes(SAMPLE), FILE);
      const columns = [...FEC_COLUMNS].reverse();
      const text = fecText(SAMPLE, { columns, sep: '|' })
        .split('\n')
        .map((line, i) => (line === '' ? line : i === 0 ? line.toUpperCase().replace('ECRITURELIB', 'ÉcritureLib') + '|' : line.replaceAll('|', ' | ') + '|'))
        .join('\n');
      applyFec(core.ctx, Buffer.from(text, 'utf8'), FILE);
      expect(books(core.ctx)).toEqual(books(reference.ctx));
    } finally {
      reference.close();
    }
  });

  it('numbers lines from the header (line 1), blank lines included', () => {
    const [header, ...rows] = fecText(SAMPLE.slice(0, 3)).split('\n');
    rows[1] = rows[1]!.replace('\t20260105\t', '\t2026011\t');
    const errors = refusal(utf8([header, '', ...rows].join('\n')));
    expect(errors.map((e) => e.line)).toEqual([4]);
    expect(formatImportError(errors[0]!)).toBe(`${FILE}, ligne 4 : date d’écriture (EcritureDate) invalide « 2026011 » (AAAAMMJJ, ex. 20260115)`);
  });
});

// ——— Mapping rules ———

describe('what each customer line becomes', () => {
  it('links an unlettered credit note to the invoice its label names, and keeps one that names none as a credit', () => {
    const rows = [
      ...sale({ num: '1', date: '20260105', ...DUPONT, piece: 'F-001', ttc: 1200_00 }),
      ...creditNote({ num: '2', date: '20260110', ...DUPONT, piece: 'AV-1', ttc: 120_00, lib: 'Avoir s/ facture F-001 (remise)' }),
      ...creditNote({ num: '3', date: '20260111', ...DUPONT, piece: 'AV-2', ttc: 50_00, lib: 'Geste commercial' }),
    ];
    const result = applyFec(core.ctx, fecBytes(rows), FILE);
    expect(result.fec).toMatchObject({ creditNotes: 1, creditNotesCents: 120_00 });
    expect(result.warnings).toContain(
      '1 avoir sans facture à qui l’imputer (ni lettré avec une facture, ni la nommant, ou plus grand que son solde) : gardé en crédit sur le compte du client.',
    );
    const b = books(core.ctx);
    expect(b.creditNotes).toEqual([{ number: 'AV-1', invoice: 'F-001', issue_date: '2026-01-10', amount_ttc_cents: 120_00 }]);
    expect(b.payments).toEqual([{ client: 'Boulangerie Dupont', payment_date: '2026-01-11', amount_cents: 50_00, method: 'other', reference: 'FEC:VT:3:20260111:C001:50,00', allocations: null }]);
  });

  it('takes back a payment that a lettered rejection cancels, and leaves the invoice owed', () => {
    const rows = [
      ...sale({ num: '1', date: '20260105', ...DUPONT, piece: 'F-001', ttc: 500_00 }),
      ...receipt({ num: '1', date: '20260201', ...DUPONT, amount: 500_00, letter: 'R', lib: 'Remise chq 123' }),
      ...receipt({ num: '2', date: '20260210', ...DUPONT, amount: 500_00, letter: 'R', lib: 'Chèque impayé 123', reverse: true }),
    ];
    const result = applyFec(core.ctx, fecBytes(rows), FILE);
    expect(result.payments).toBe(0);
    expect(result.warnings).toContain('1 paiement annulé (en tout ou partie) par un rejet ou un remboursement lettré avec lui.');
    expect(books(core.ctx).invoices[0]).toMatchObject({ number: 'F-001', paid_cents: 0 });
  });

  it('reports an unlettered refund, and does not take a transfer to doubtful debts (416) or a loss (654) for a payment', () => {
    const od = (num: string, account: string, amount: number): Row[] => [
      { JournalCode: 'OD', EcritureNum: num, EcritureDate: '20260301', CompteNum: account, CompteLib: 'Contrepartie', PieceRef: `OD-${num}`, EcritureLib: 'Reclassement', Debit: eur(amount) },
      { JournalCode: 'OD', EcritureNum: num, EcritureDate: '20260301', CompteNum: '411000', CompteLib: 'Clients', ...{ CompAuxNum: DUPONT.aux, CompAuxLib: DUPONT.name }, PieceRef: `OD-${num}`, EcritureLib: 'Reclassement', Credit: eur(amount) },
    ];
    const rows = [
      ...sale({ num: '1', date: '20260105', ...DUPONT, piece: 'F-001', ttc: 800_00 }),
      ...od('1', '416000', 300_00),
      ...od('2', '654000', 200_00),
      ...od('3', '665000', 10_00), // a discount: settles like a payment « autre »
      ...receipt({ num: '9', date: '20260320', ...DUPONT, amount: 40_00, reverse: true, lib: 'Remboursement trop-perçu' }),
    ];
    const result = applyFec(core.ctx, fecBytes(rows), FILE);
    expect(result.warnings).toEqual(
      expect.arrayContaining([
        `${FILE} : 1 créance passée en clients douteux (416) pour 300,00\u00a0€ (ligne 6) : ce n’est pas un paiement, elle reste due dans Recouvra.`,
        `${FILE} : 1 créance passée en perte (654) pour 200,00\u00a0€ (ligne 8) : non importée comme paiement ; passez la facture en perte dans Recouvra si vous renoncez à la recouvrer.`,
        '1 débit client hors facture (remboursement, rejet de paiement, écriture diverse) non lettré, pour 40,00\u00a0€ (ligne 12) : non importé ; le solde de ces clients dans Recouvra est inférieur d’autant à leur compte 411.',
      ]),
    );
    expect(books(core.ctx).payments).toEqual([{ client: 'Boulangerie Dupont', payment_date: '2026-03-01', amount_cents: 10_00, method: 'other', reference: 'FEC:OD:3:20260301:C001:10,00', allocations: null }]);
  });

  it('uses one account per client (411DUPONT) when there is no auxiliary account', () => {
    const rows = sale({ num: '1', date: '20260105', aux: '', name: '', piece: 'F-001', ttc: 100_00, account: '411DUPONT' }).map((r) =>
      r.CompteNum === '411DUPONT' ? { ...r, CompteLib: 'DUPONT Boulangerie' } : r,
    );
    applyFec(core.ctx, fecBytes(rows), FILE);
    expect(books(core.ctx).invoices).toMatchObject([{ client: 'DUPONT Boulangerie', number: 'F-001' }]);
    expect(core.ctx.repos.settings.raw(FEC_CLIENT_ACCOUNTS_KEY)).toEqual({ '411DUPONT': 1 });
  });

  it('takes the due date from a due-date column when the file has one', () => {
    const columns = [...FEC_COLUMNS, 'DateEcheance'];
    const rows = sale({ num: '1', date: '20260105', ...DUPONT, piece: 'F-001', ttc: 100_00 }).map((r) => ({ ...r, DateEcheance: '20260315' }) as Row);
    const result = applyFec(core.ctx, fecBytes(rows, { columns }), FILE);
    expect(books(core.ctx).invoices).toMatchObject([{ number: 'F-001', due_date: '2026-03-15' }]);
    expect(result.warnings.some((w) => w.startsWith('Échéances'))).toBe(false);
  });

  it('computes due dates from the client’s terms, and from the company’s for new clients', async () => {
    await core.call('company.save', { name: 'Atelier Martin', paymentTermsDays: 45 });
    core.ctx.repos.clients.create(clientInputSchema.parse(aClient({ name: 'Boulangerie Dupont', paymentTerms: { mode: 'eom45' } })));
    const rows = [...sale({ num: '1', date: '20260105', ...DUPONT, piece: 'F-001', ttc: 100_00 }), ...sale({ num: '2', date: '20260105', ...LEFEVRE, piece: 'F-002', ttc: 100_00 })];
    const result = applyFec(core.ctx, fecBytes(rows), FILE);
    expect(result).toMatchObject({ clientsCreated: 1, clientsExisting: 1 });
    expect(result.warnings).toContain('1 client du FEC rapproché d’un client de Recouvra par le nom.');
    expect(books(core.ctx).invoices).toMatchObject([
      { client: 'Boulangerie Dupont', number: 'F-001', due_date: '2026-03-18' }, // 1 February + 45 days (the statutory reading, as terms.ts counts it)
      { client: 'Crèmerie Lefèvre', number: 'F-002', due_date: '2026-02-19' }, // 45 days, the company's terms
    ]);
  });

  it('finds the client of invoices already in Recouvra by their numbers', () => {
    const client = core.ctx.repos.clients.create(clientInputSchema.parse(aClient({ name: 'Dupont et Fils' })));
    core.ctx.repos.ledger.createInvoice(invoiceInputSchema.parse({ clientId: client.id, number: 'F-001', issueDate: '2026-01-05', dueDate: '2026-02-04', amountTtcCents: 1200_00 }));
    const result = applyFec(core.ctx, fecBytes(SAMPLE), FILE);
    expect(result).toMatchObject({ clientsCreated: 1, clientsExisting: 1, invoices: 3 });
    expect(result.warnings).toContain('1 client du FEC rapproché d’un client de Recouvra par ses factures.');
    expect(books(core.ctx).invoices.filter((i) => (i as { client: string }).client === 'Dupont et Fils')).toHaveLength(2);
  });

  it('does not import twice a payment already entered by hand (same client, date and amount)', () => {
    const client = core.ctx.repos.clients.create(clientInputSchema.parse(aClient({ name: 'Boulangerie Dupont' })));
    core.ctx.repos.ledger.recordPayment(paymentInputSchema.parse({ clientId: client.id, date: '2026-03-05', amountCents: 100_00, method: 'cash', allocation: [] }));
    const result = applyFec(core.ctx, fecBytes(SAMPLE), FILE);
    expect(result.payments).toBe(3);
    expect(result.warnings).toContain('1 paiement déjà présent dans Recouvra, non réimporté (dont 1 saisi à la main, même client, même date, même montant).');
  });

  it('warns about an unbalanced entry and still imports', () => {
    const rows = sale({ num: '1', date: '20260105', ...DUPONT, piece: 'F-001', ttc: 1200_00 });
    rows[2] = { ...rows[2]!, Credit: '150,00' };
    const result = applyFec(core.ctx, fecBytes(rows), FILE);
    expect(result.invoices).toBe(1);
    expect(result.warnings).toContain(
      `${FILE} : 1 écriture déséquilibrée (débit ≠ crédit) : VT 1 (ligne 2 : débit 1\u202f200,00\u00a0€, crédit 1\u202f150,00\u00a0€). Les comptes clients sont lus tels quels.`,
    );
  });
});

describe('à-nouveaux', () => {
  const an = (o: { aux: string; name: string; piece: string; amount: number; pieceDate?: string; letter?: string; credit?: boolean }): Row[] => [
    { JournalCode: 'AN', EcritureNum: '1', EcritureDate: '20260101', CompteNum: '411000', CompteLib: 'Clients', CompAuxNum: o.aux, CompAuxLib: o.name, PieceRef: o.piece, PieceDate: o.pieceDate ?? '20260101', EcritureLib: 'A nouveau', [o.credit ? 'Credit' : 'Debit']: eur(o.amount), EcritureLet: o.letter ?? '' },
    { JournalCode: 'AN', EcritureNum: '1', EcritureDate: '20260101', CompteNum: '890000', CompteLib: 'Bilan d’ouverture', PieceRef: o.piece, EcritureLib: 'A nouveau', [o.credit ? 'Debit' : 'Credit']: eur(o.amount) },
  ];

  it('imports the invoices still open at the opening for what remains owed, and global balances as « AN-<account> »', () => {
    const rows = [
      ...an({ ...DUPONT, piece: 'F-2025-099', amount: 450_00, pieceDate: '20251120', letter: 'Z' }),
      ...an({ ...LEFEVRE, piece: 'AN', amount: 1000_00 }),
      ...an({ aux: 'C003', name: 'Garage Noël', piece: 'AN', amount: 80_00, credit: true }),
      ...receipt({ num: '1', date: '20260115', ...DUPONT, amount: 450_00, letter: 'Z', lib: 'VIR DUPONT' }),
    ];
    const result = applyFec(core.ctx, fecBytes(rows), FILE);
    expect(result.warnings).toEqual(
      expect.arrayContaining([
        `${FILE} : 1 solde d’ouverture global repris comme une facture « AN-<compte> » : le FEC ne détaille pas les factures ouvertes de ces clients à l’ouverture.`,
        '2 factures reprises des à-nouveaux pour le reste dû à l’ouverture de l’exercice.',
      ]),
    );
    const b = books(core.ctx);
    expect(b.invoices).toMatchObject([
      { client: 'Crèmerie Lefèvre', number: 'AN-C002', issue_date: '2026-01-01', amount_ttc_cents: 1000_00, paid_cents: 0 },
      { client: 'Boulangerie Dupont', number: 'F-2025-099', issue_date: '2025-11-20', amount_ttc_cents: 450_00, paid_cents: 450_00 },
    ]);
    expect(b.payments).toMatchObject([
      { client: 'Garage Noël', amount_cents: 80_00, method: 'other', reference: 'FEC:AN:1:20260101:C003:80,00' },
      { client: 'Boulangerie Dupont', amount_cents: 450_00, reference: 'FEC:BQ:1:20260115:C001:450,00', allocations: 'F-2025-099=45000' },
    ]);
  });

  it('does not carry them again from the next year’s FEC of books already imported', () => {
    applyFec(core.ctx, fecBytes(SAMPLE), 'FEC2026.txt');
    const before = books(core.ctx);
    // 2027: F-002 (600 €) and F-003 (1 400 € left) carried; Dupont's 100 € credit carried; F-003 now paid.
    const rows = [
      ...an({ ...DUPONT, piece: 'F-002', amount: 600_00, pieceDate: '20260110' }),
      ...an({ ...DUPONT, piece: 'AN', amount: 100_00, credit: true }),
      ...an({ ...LEFEVRE, piece: 'F-003', amount: 1400_00, pieceDate: '20260115', letter: 'C' }),
      ...receipt({ num: '1', date: '20270110', ...LEFEVRE, amount: 1400_00, letter: 'C', lib: 'VIR LEFEVRE' }),
    ].map((r) => (r.JournalCode === 'AN' ? { ...r, EcritureDate: '20270101' } : r));
    const result = applyFec(core.ctx, fecBytes(rows), 'FEC2027.txt');
    expect(result).toMatchObject({ clientsCreated: 0, invoices: 0, payments: 1, fec: { allocations: 1, invoicesUnchanged: 2 } });
    expect(result.warnings).toContain('1 ligne d’à-nouveau ignorée : ces clients viennent d’un FEC déjà importé, leurs factures et crédits ouverts sont déjà dans Recouvra.');
    const after = books(core.ctx);
    expect(after.invoices).toEqual(before.invoices.map((i) => ((i as { number: string }).number === 'F-003' ? { ...(i as object), paid_cents: 2400_00 } : i)));
    expect(after.payments).toHaveLength(before.payments.length + 1);
  });
});

// ——— A later FEC of the same books ———

describe('importing a later FEC of the same books', () => {
  it('writes nothing the second time (not even the journal)', () => {
    applyFec(core.ctx, fecBytes(SAMPLE), FILE);
    const before = { counts: counts(core.ctx), books: books(core.ctx) };
    const preview = previewFec(core.ctx, fecBytes(SAMPLE), FILE);
    expect(preview).toMatchObject({ clientsToCreate: 0, clientsExisting: 2, invoices: 0, payments: 0, fec: { invoicesUnchanged: 4, paymentsAlreadyThere: 4, creditNotes: 0, allocations: 0 } });
    const result = applyFec(core.ctx, fecBytes(SAMPLE, { sep: '|', encoding: 'windows-1252', eol: '\r\n' }), FILE);
    expect(result).toMatchObject({ clientsCreated: 0, invoices: 0, payments: 0 });
    expect({ counts: counts(core.ctx), books: books(core.ctx) }).toEqual(before);
  });

  it('adds the new lines, allocates what was lettered since, updates an unpaid invoice’s amount, and duplicates nothing', () => {
    applyFec(core.ctx, fecBytes(SAMPLE), FILE);
    const later = [
      ...SAMPLE.map((r) => {
        // F-002 corrected from 600 to 660 € (still unpaid); Dupont's 100 € now lettered with F-002.
        if (r.PieceRef === 'F-002' && r.CompteNum === '411000') return { ...r, Debit: eur(660_00), EcritureLet: 'C' };
        if (r.PieceRef === 'F-002' && r.CompteNum === '706000') return { ...r, Credit: eur(550_00) };
        if (r.PieceRef === 'F-002' && r.CompteNum === '445710') return { ...r, Credit: eur(110_00) };
        if (r.EcritureNum === '4' && r.JournalCode === 'BQ' && r.CompteNum === '411000') return { ...r, EcritureLet: 'C' };
        return r;
      }),
      ...sale({ num: '6', date: '20260401', ...LEFEVRE, piece: 'F-005', ttc: 240_00, letter: 'D' }),
      ...receipt({ num: '5', date: '20260415', ...LEFEVRE, amount: 240_00, letter: 'D', lib: 'VIR' }),
      ...receipt({ num: '6', date: '20260420', ...DUPONT, amount: 560_00, letter: 'C', lib: 'VIR' }),
      ...sale({ num: '7', date: '20260425', aux: 'C004', name: 'Hôtel Benoît', piece: 'F-006', ttc: 90_00 }),
    ];
    const result = applyFec(core.ctx, fecBytes(later), FILE);
    expect(result).toMatchObject({ clientsCreated: 1, clientsExisting: 2, invoices: 2, payments: 2, fec: { invoicesUpdated: 1, invoicesUnchanged: 3, paymentsAlreadyThere: 4, allocations: 3 } });
    expect(result.warnings).toContain('1 facture modifiée : montant différent dans le FEC (elles n’étaient ni réglées ni créditées).');
    const b = books(core.ctx);
    expect(b.invoices.map((i) => (i as { number: string }).number)).toEqual(['F-001', 'F-002', 'F-003', 'F-004', 'F-005', 'F-006']);
    expect(b.invoices[1]).toMatchObject({ number: 'F-002', amount_ttc_cents: 660_00, amount_ht_cents: 550_00, amount_tva_cents: 110_00, paid_cents: 660_00 });
    expect(b.payments.filter((p) => (p as { reference: string }).reference === 'FEC:BQ:4:20260305:C001:100,00')).toEqual([
      { client: 'Boulangerie Dupont', payment_date: '2026-03-05', amount_cents: 100_00, method: 'other', reference: 'FEC:BQ:4:20260305:C001:100,00', allocations: 'F-002=10000' },
    ]);
    expect(b.clients).toHaveLength(3);
    expect(b.payments).toHaveLength(6);
    // And once more: nothing.
    const again = counts(core.ctx);
    applyFec(core.ctx, fecBytes(later), FILE);
    expect(counts(core.ctx)).toEqual(again);
  });

  it('leaves an invoice already paid in part as it is when its amount changes, and says so', () => {
    applyFec(core.ctx, fecBytes(SAMPLE), FILE);
    const changed = SAMPLE.map((r) => (r.PieceRef === 'F-003' && r.CompteNum === '411000' ? { ...r, Debit: eur(2500_00) } : r));
    const result = applyFec(core.ctx, fecBytes(changed), FILE);
    expect(result.fec).toMatchObject({ invoicesUpdated: 0 });
    expect(result.warnings).toContain(
      '1 facture au montant différent dans le FEC, mais déjà réglée ou créditée en partie dans Recouvra : laissée telle quelle : F-003 (ligne 8 : 2\u202f500,00\u00a0€ dans le FEC, 2\u202f400,00\u00a0€ dans Recouvra).',
    );
    expect(books(core.ctx).invoices[2]).toMatchObject({ number: 'F-003', amount_ttc_cents: 2400_00 });
  });
});

// ——— Malformed files ———

const VALID = fecText(SAMPLE);
const lines = VALID.split('\n');
const withLine = (n: number, replace: (line: string) => string) => lines.map((l, i) => (i === n - 1 ? replace(l) : l)).join('\n');
const setCell = (n: number, column: FecColumn, value: string) =>
  withLine(n, (l) => {
    const cells = l.split('\t');
    cells[FEC_COLUMNS.indexOf(column)] = value;
    return cells.join('\t');
  });
const utf8 = (text: string) => Buffer.from(text, 'utf8');

describe('malformed files', () => {
  const wholeFile: { name: string; bytes: Uint8Array; error: ImportError }[] = [
    { name: 'an empty file', bytes: Buffer.alloc(0), error: { file: FILE, line: null, message: 'fichier vide (0 octet) : exportez à nouveau le FEC depuis le logiciel comptable.' } },
    { name: 'blank lines only', bytes: utf8('\r\n \n\t\n'), error: { file: FILE, line: null, message: 'fichier vide : un FEC commence par la ligne d’en-tête (JournalCode, JournalLib, …) suivie des écritures.' } },
    { name: 'a header and nothing else', bytes: utf8(FEC_COLUMNS.join('\t') + '\n'), error: { file: FILE, line: null, message: 'le FEC ne contient aucune écriture : seulement la ligne d’en-tête.' } },
    {
      name: 'binary bytes',
      bytes: Buffer.concat([utf8(lines[0]!), Buffer.from([0, 1, 2, 3, 0xff, 0])]),
      error: { file: FILE, line: null, message: `fichier binaire (octet nul à la position ${Buffer.byteLength(lines[0]!) + 1}) : un FEC est un fichier texte ; vérifiez que c’est bien l’export « FEC » du logiciel comptable.` },
    },
    {
      name: 'a ZIP archive',
      bytes: Buffer.from([0x50, 0x4b, 0x03, 0x04, 0x14, 0, 0, 0]),
      error: { file: FILE, line: null, message: 'ce fichier est une archive ZIP (ou un classeur Excel .xlsx), pas un FEC : décompressez-le, ou exportez le FEC au format texte (.txt).' },
    },
    { name: 'a PDF', bytes: utf8('%PDF-1.7\n…'), error: { file: FILE, line: null, message: 'ce fichier est un PDF, pas un FEC : exportez le FEC au format texte (.txt).' } },
    {
      name: 'UTF-16',
      bytes: Buffer.concat([Buffer.from([0xff, 0xfe]), Buffer.from(VALID, 'utf16le')]),
      error: { file: FILE, line: null, message: 'fichier encodé en UTF-16 : le FEC doit être en UTF-8, ISO-8859-15 ou Windows-1252 (réenregistrez-le dans l’un de ces encodages).' },
    },
    {
      name: 'a Recouvra CSV instead of a FEC',
      bytes: utf8('client_name;client_siren;client_kind;invoice_number;issue_date;due_date;amount_ttc\nDupont;;professionnel;F-1;2026-01-01;2026-02-01;10\n'),
      error: {
        file: FILE,
        line: 1,
        message: 'ce fichier n’est pas un FEC : sa première ligne doit nommer les 18 colonnes (JournalCode, JournalLib, EcritureNum, EcritureDate, CompteNum, …), séparées par des tabulations ou des « | ».',
      },
    },
    {
      name: 'no header (the file starts with entries)',
      bytes: utf8(lines.slice(1).join('\n')),
      error: { file: FILE, line: 1, message: 'en-tête absent : la première ligne d’un FEC nomme ses colonnes (JournalCode, JournalLib, EcritureNum, …) ; celle-ci contient déjà des écritures.' },
    },
    { name: 'a missing column', bytes: utf8(VALID.replace('\tPieceRef\t', '\tReference\t')), error: { file: FILE, line: null, message: 'colonne obligatoire « PieceRef » absente de l’en-tête.' } },
    { name: 'Debit without Credit', bytes: utf8(VALID.replace('\tCredit\t', '\tCredits\t')), error: { file: FILE, line: null, message: 'colonne obligatoire « Credit » absente de l’en-tête.' } },
    { name: 'a column twice', bytes: utf8(VALID.replace('\tIdevise', '\tJournalCode')), error: { file: FILE, line: 1, message: 'colonne « JournalCode » en double dans l’en-tête.' } },
    {
      name: 'a truncated file (the last line cut short)',
      bytes: utf8(VALID.slice(0, VALID.length - 40)),
      error: { file: FILE, line: lines.length - 1, message: expect.stringMatching(/^fichier tronqué : la dernière ligne n’a que \d+ champs sur 18 \(l’export a-t-il été interrompu \?\)\.$/) as unknown as string },
    },
  ];
  it.each(wholeFile)('refuses $name as a whole, in French, and writes nothing', ({ bytes, error }) => {
    expect(refusal(bytes)).toContainEqual(error);
    // The preview says the same, and writes nothing either.
    const before = counts(core.ctx);
    expect(previewFec(core.ctx, bytes, FILE).errors).toContainEqual(error);
    expect(counts(core.ctx)).toEqual(before);
  });

  it('reports every missing column', () => {
    const errors = refusal(utf8(VALID.replace('\tEcritureLet\tDateLet', '\tLettrage\tDateLettrage')));
    expect(errors.map((e) => e.message)).toEqual(['colonne obligatoire « EcritureLet » absente de l’en-tête.', 'colonne obligatoire « DateLet » absente de l’en-tête.']);
  });

  const lineCases: { name: string; text: string; line: number; message: string }[] = [
    { name: 'a line with fewer fields', text: withLine(3, (l) => l.split('\t').slice(0, 12).join('\t')), line: 3, message: '12 champs au lieu de 18 : ligne incomplète.' },
    { name: 'a separator inside a label', text: withLine(3, (l) => l.replace('Facture F-001', 'Facture\tF-001')), line: 3, message: '19 champs au lieu de 18 : un libellé contient-il le séparateur « tabulation » ?' },
    { name: 'an amount that is not one', text: setCell(2, 'Debit', '12O0,00'), line: 2, message: 'débit (Debit) invalide « 12O0,00 » (ex. 1234,56)' },
    { name: 'a thousands separator', text: setCell(2, 'Debit', '1 200,00'), line: 2, message: 'débit (Debit) « 1 200,00 » : pas de séparateur de milliers dans un FEC (ex. 1234,56)' },
    { name: 'three decimals', text: setCell(3, 'Credit', '1000,005'), line: 3, message: 'crédit (Credit) « 1000,005 » : plus de deux décimales' },
    { name: 'an impossible date', text: setCell(2, 'EcritureDate', '20260231'), line: 2, message: 'date d’écriture (EcritureDate) « 20260231 » : ce n’est pas une date du calendrier' },
    { name: 'a date with separators', text: setCell(2, 'PieceDate', '2026-01-05'), line: 2, message: 'date de pièce (PieceDate) « 2026-01-05 » : le FEC écrit les dates AAAAMMJJ, sans séparateur (ex. 20260115)' },
    { name: 'a bad lettering date', text: setCell(2, 'DateLet', '2026021'), line: 2, message: 'date de lettrage (DateLet) invalide « 2026021 » (AAAAMMJJ, ex. 20260115)' },
    { name: 'no entry date', text: setCell(2, 'EcritureDate', ''), line: 2, message: 'date d’écriture (EcritureDate) manquante' },
    { name: 'no account', text: setCell(3, 'CompteNum', ''), line: 3, message: 'numéro de compte (CompteNum) manquant' },
    {
      name: 'debit and credit both on a customer line',
      text: setCell(2, 'Credit', '10,00'),
      line: 2,
      message: 'débit (1\u202f200,00\u00a0€) et crédit (10,00\u00a0€) tous deux renseignés sur un compte client : une ligne est au débit ou au crédit',
    },
    { name: 'an invoice without PieceRef', text: setCell(2, 'PieceRef', ''), line: 2, message: 'référence de pièce (PieceRef) manquante : c’est le numéro de la facture' },
    { name: 'an invoice number too long', text: setCell(2, 'PieceRef', 'F'.repeat(41)), line: 2, message: `référence de pièce « ${'F'.repeat(41)} » : 40 caractères au plus pour un numéro de la facture` },
    { name: 'one invoice number for two clients', text: setCell(8, 'PieceRef', 'F-001'), line: 8, message: 'pièce « F-001 » : c’est déjà la facture d’un autre client (compte C001, ligne 2)' },
    {
      name: 'a collective account line without its auxiliary account',
      text: setCell(5, 'CompAuxNum', ''),
      line: 5,
      message: 'compte collectif 411000 sans compte auxiliaire (CompAuxNum) : impossible de savoir de quel client il s’agit',
    },
  ];
  it.each(lineCases)('refuses $name, naming the line, and writes nothing', ({ text, line, message }) => {
    expect(refusal(utf8(text))).toContainEqual({ file: FILE, line, message });
  });

  it('reports every refused line, each with all its reasons', () => {
    let text = setCell(2, 'Debit', 'abc');
    text = text.split('\n').map((l, i) => (i === 1 ? l.replaceAll('\t20260105\t', '\t2026-01-05\t') : i === 6 ? l.split('\t').slice(0, 5).join('\t') : l)).join('\n');
    const errors = refusal(utf8(text));
    expect(errors.map((e) => e.line)).toEqual([2, 7]);
    const dashes = (label: string) => `${label} « 2026-01-05 » : le FEC écrit les dates AAAAMMJJ, sans séparateur (ex. 20260115)`;
    expect(errors[0]!.message).toBe(
      `${dashes('date d’écriture (EcritureDate)')} ; ${dashes('date de pièce (PieceDate)')} ; ${dashes('date de validation (ValidDate)')} ; débit (Debit) invalide « abc » (ex. 1234,56)`,
    );
    expect(errors[1]!.message).toBe('5 champs au lieu de 18 : ligne incomplète.');
  });

  it('refuses an invalid Sens', () => {
    const columns = FEC_COLUMNS.flatMap((c) => (c === 'Debit' ? ['Montant'] : c === 'Credit' ? ['Sens'] : [c]));
    const rows = sale({ num: '1', date: '20260105', ...DUPONT, piece: 'F-001', ttc: 100_00 }).map((r) => ({ ...r, Montant: r.Debit ?? r.Credit ?? '0', Sens: r.Debit ? 'D' : 'X' }));
    expect(refusal(fecBytes(rows, { columns }))).toContainEqual({ file: FILE, line: 3, message: 'sens (Sens) invalide « X » (D ou C, +1 ou -1)' });
  });

  it('refuses new entries for an archived client, and an invoice number another client holds', () => {
    applyFec(core.ctx, fecBytes(SAMPLE), FILE);
    const dupont = core.ctx.db.prepare("SELECT id FROM clients WHERE name = 'Boulangerie Dupont'").pluck().get() as number;
    core.ctx.repos.clients.archive(dupont);
    const later = [...SAMPLE, ...sale({ num: '8', date: '20260501', ...DUPONT, piece: 'F-010', ttc: 10_00 })];
    expect(refusal(fecBytes(later))).toEqual([{ file: FILE, line: 25, message: 'le client « Boulangerie Dupont » est archivé : restaurez-le avant d’importer ses écritures' }]);
    core.ctx.repos.clients.restore(dupont);
    const stolen = [...SAMPLE, ...sale({ num: '8', date: '20260501', aux: 'C009', name: 'Autre Client', piece: 'F-001', ttc: 10_00 })];
    expect(refusal(fecBytes(stolen))).toContainEqual({ file: FILE, line: 25, message: 'pièce « F-001 » : c’est déjà la facture d’un autre client (compte C001, ligne 2)' });
    const other = sale({ num: '8', date: '20260501', aux: 'C009', name: 'Autre Client', piece: 'F-003', ttc: 10_00 });
    expect(refusal(fecBytes(other))).toContainEqual({ file: FILE, line: 2, message: 'facture « F-003 » : ce numéro est déjà celui d’une facture de « Crèmerie Lefèvre » dans Recouvra' });
  });

  it('lists the first errors in the AppError, in French, with their lines as fields', () => {
    try {
      applyFec(core.ctx, utf8(setCell(2, 'Debit', 'abc')), FILE);
      expect.unreachable();
    } catch (error) {
      const e = error as ImportRefusedError;
      expect(e.message).toBe(`Import refusé, rien n’a été enregistré : 1 erreur. ${FILE}, ligne 2 : débit (Debit) invalide « abc » (ex. 1234,56)`);
      expect(e.fields).toEqual({ [`${FILE}:2`]: 'débit (Debit) invalide « abc » (ex. 1234,56)' });
    }
  });
});

// ——— Properties ———

describe('properties', { timeout: 120_000 }, () => {
  it('random bytes are refused cleanly, never crash, never write', () => {
    fc.assert(
      fc.property(
        fc.oneof(
          fc.uint8Array({ maxLength: 400 }),
          fc.string({ maxLength: 300 }).map((s) => Buffer.from(s, 'utf8')),
          fc.uint8Array({ maxLength: 200 }).map((b) => Buffer.concat([Buffer.from(lines[0]! + '\n'), b])),
        ),
        (bytes) => {
          const before = counts(core.ctx);
          const preview = previewFec(core.ctx, bytes, FILE);
          expect(counts(core.ctx)).toEqual(before);
          try {
            applyFec(core.ctx, bytes, FILE);
          } catch (error) {
            expect(error).toBeInstanceOf(ImportRefusedError);
            expect(preview.errors.length).toBeGreaterThan(0);
            expect(counts(core.ctx)).toEqual(before);
          }
        },
      ),
      { numRuns: 300 },
    );
  });

  const NASTY = ['', ' ', 'abc', '-', '1 000,00', '12,345', '20261399', '2026-01-01', '|', '\t', '"', '411000', '0,00', '-5,00', 'é€’', '\u0000', '9'.repeat(20)];
  it('a damaged FEC is imported whole or refused whole, never half', () => {
    const generated = generateFec({ lines: 60, seed: 7, clients: 4 });
    const text = generated.bytes.toString('latin1');
    const rowsOf = text.split('\n');
    fc.assert(
      fc.property(
        fc.oneof(
          // one cell replaced
          fc.record({ kind: fc.constant('cell' as const), row: fc.nat(), col: fc.nat({ max: 17 }), value: fc.constantFrom(...NASTY) }),
          // the file cut anywhere
          fc.record({ kind: fc.constant('cut' as const), at: fc.nat() }),
          // a line duplicated, dropped or moved
          fc.record({ kind: fc.constantFrom('dup' as const, 'drop' as const, 'swap' as const), row: fc.nat(), other: fc.nat() }),
          // one byte changed
          fc.record({ kind: fc.constant('byte' as const), at: fc.nat(), value: fc.integer({ min: 0, max: 255 }) }),
        ),
        (m) => {
          const local = freshCore();
          try {
            let bytes: Buffer;
            const rows = [...rowsOf];
            const pickRow = (n: number) => 1 + (n % (rows.length - 2));
            if (m.kind === 'cell') {
              const r = pickRow(m.row);
              const cells = rows[r]!.split('\t');
              cells[m.col] = m.value;
              rows[r] = cells.join('\t');
              bytes = Buffer.from(rows.join('\n'), 'latin1');
            } else if (m.kind === 'cut') {
              bytes = generated.bytes.subarray(0, m.at % generated.bytes.length);
            } else if (m.kind === 'byte') {
              bytes = Buffer.from(generated.bytes);
              bytes[m.at % bytes.length] = m.value;
            } else {
              const r = pickRow(m.row);
              const o = pickRow(m.other);
              if (m.kind === 'dup') rows.splice(r, 0, rows[r]!);
              else if (m.kind === 'drop') rows.splice(r, 1);
              else [rows[r], rows[o]] = [rows[o]!, rows[r]!];
              bytes = Buffer.from(rows.join('\n'), 'latin1');
            }
            const before = counts(local.ctx);
            let imported = false;
            try {
              applyFec(local.ctx, bytes, FILE);
              imported = true;
            } catch (error) {
              expect(error, String(error)).toBeInstanceOf(ImportRefusedError);
              expect(counts(local.ctx)).toEqual(before);
            }
            if (imported) {
              // Whole: no invoice paid beyond its amount, no payment allocated beyond itself.
              const { db } = local.ctx;
              expect(db.prepare('SELECT count(*) FROM invoices WHERE amount_ttc_cents - paid_cents - credited_cents < 0').pluck().get()).toBe(0);
              expect(
                db.prepare('SELECT count(*) FROM payments p WHERE p.amount_cents < (SELECT COALESCE(SUM(amount_cents), 0) FROM payment_allocations WHERE payment_id = p.id)').pluck().get(),
              ).toBe(0);
              // And importing it again changes nothing.
              const after = counts(local.ctx);
              applyFec(local.ctx, bytes, FILE);
              expect(counts(local.ctx)).toEqual(after);
            }
          } finally {
            local.close();
          }
        },
      ),
      { numRuns: 100 },
    );
  });

  it('a generated FEC in any shape gives each client the balance of its 411 account, and importing it again changes nothing', () => {
    fc.assert(
      fc.property(
        fc.record({
          lines: fc.integer({ min: 20, max: 600 }),
          seed: fc.nat(),
          clients: fc.integer({ min: 1, max: 12 }),
          separator: fc.constantFrom('\t' as const, '|' as const),
          encoding: fc.constantFrom('utf-8' as const, 'windows-1252' as const, 'iso-8859-15' as const),
          crlf: fc.boolean(),
          padded: fc.boolean(),
        }),
        (options) => {
          const local = freshCore();
          try {
            const generated = generateFec(options);
            const result = applyFec(local.ctx, generated.bytes, FILE);
            expect(result).toMatchObject({ invoices: generated.invoices, payments: generated.payments, fec: { creditNotes: generated.creditNotes } });
            const expected = new Map<string, number>();
            for (const row of generated.rows) {
              if (!row[4]!.startsWith('411')) continue;
              const amount = (text: string) => parseFecAmount(text, '') as { ok: true; value: number };
              expected.set(row[6]!, (expected.get(row[6]!) ?? 0) + amount(row[11]!).value - amount(row[12]!).value);
            }
            const accounts = local.ctx.repos.settings.raw<Record<string, number>>(FEC_CLIENT_ACCOUNTS_KEY) ?? {};
            for (const [aux, balance] of expected) {
              const summary = local.ctx.repos.ledger.clientSummary(accounts[aux]!);
              expect(summary.openBalanceCents - summary.unallocatedCents, aux).toBe(balance);
            }
            const before = { counts: counts(local.ctx), books: books(local.ctx) };
            applyFec(local.ctx, generated.bytes, FILE);
            expect({ counts: counts(local.ctx), books: books(local.ctx) }).toEqual(before);
          } finally {
            local.close();
          }
        },
      ),
      { numRuns: 25 },
    );
  });

  it('parses what the generator writes without an error, accents included', () => {
    const generated = generateFec({ lines: 3000, seed: 3, encoding: 'windows-1252', separator: '|', padded: true, crlf: true });
    const parse = parseFec(generated.bytes, FILE);
    expect(parse.errors).toEqual([]);
    expect(parse.lines).toHaveLength(generated.rows.length);
    // No byte in 0x80–0x9F: read as ISO 8859-15, which gives the same letters.
    expect(parse).toMatchObject({ encoding: 'ISO-8859-15', separator: '|', amountColumns: 'Debit/Credit' });
    expect(parse.lines.map((l) => l.compAuxLib)).toEqual(generated.rows.map((r) => r[7]));
  });
});
