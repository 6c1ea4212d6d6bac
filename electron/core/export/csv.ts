// Recouvra's CSV format, write side: the books as the three files the import reads back
// (UTF-8 with a BOM so Excel opens it, `;`, decimal comma, ISO dates, CRLF line ends).
// Payments are written one row per allocation (invoice, date, allocated amount, method), so a
// re-import gives every invoice the same paid amount; what was never allocated (credit on a
// client's account), credit notes, disputes and promises are not part of the format.
import type { ClientKind } from '../../../shared/domain/client.js';
import type { PaymentMethod } from '../../../shared/domain/invoice.js';
import { formatEurosInput, type Cents } from '../../../shared/domain/money.js';
import type { CoreContext } from '../context.js';
import { CLIENT_COLUMNS, INVOICE_COLUMNS, METHOD_CSV, PAYMENT_COLUMNS } from '../import/csv.js';

export interface ExportedBooks {
  'clients.csv': string;
  'factures.csv': string;
  'paiements.csv': string;
}

const BOM = '\uFEFF';
const EOL = '\r\n';

/** Quotes a value when it holds the separator, a quote, a line break or edge spaces (RFC 4180 style). */
export function csvCell(value: string | number | null | undefined): string {
  if (value === null || value === undefined) return '';
  const text = String(value);
  return /[;"\r\n]|^\s|\s$/.test(text) ? `"${text.replace(/"/g, '""')}"` : text;
}

function csvLine(values: readonly (string | number | null | undefined)[]): string {
  return values.map(csvCell).join(';') + EOL;
}

const KIND_CSV: Record<ClientKind, string> = { business: 'professionnel', consumer: 'particulier' };
const amount = (value: number | null) => (value === null ? '' : formatEurosInput(value as Cents));

/** The three files of the books, in the format the import reads. */
export function exportBooks(ctx: CoreContext): ExportedBooks {
  const { db } = ctx;

  const clients = db
    .prepare(
      `SELECT c.name, c.kind, c.siren, c.siret, c.vat_number, c.address_1, c.address_2, c.address_3, c.address_4, c.address_5,
         c.address_6, c.country, c.terms_mode, c.terms_days, k.email, k.phone
       FROM clients c
       LEFT JOIN contacts k ON k.id = (
         SELECT id FROM contacts WHERE client_id = c.id AND (email IS NOT NULL OR phone IS NOT NULL)
         ORDER BY role = 'accounting' DESC, position, id LIMIT 1)
       ORDER BY c.id`,
    )
    .iterate() as IterableIterator<{
    name: string;
    kind: ClientKind;
    siren: string | null;
    siret: string | null;
    vat_number: string | null;
    address_1: string;
    address_2: string;
    address_3: string;
    address_4: string;
    address_5: string;
    address_6: string;
    country: string;
    terms_mode: 'net' | 'eom45';
    terms_days: number | null;
    email: string | null;
    phone: string | null;
  }>;
  // `country` only when some client lives abroad: the usual file keeps the documented columns.
  const abroad = (db.prepare(`SELECT EXISTS (SELECT 1 FROM clients WHERE country <> 'FR')`).pluck().get() as number) === 1;
  const clientParts: string[] = [BOM + csvLine(abroad ? [...CLIENT_COLUMNS, 'country'] : CLIENT_COLUMNS)];
  for (const c of clients) {
    const row = [
      c.name, KIND_CSV[c.kind], c.siren, c.siret, c.vat_number,
      c.address_1, c.address_2, c.address_3, c.address_4, c.address_5, c.address_6,
      c.email, c.phone, c.terms_mode === 'eom45' ? '45 fin de mois' : (c.terms_days ?? 30),
    ];
    clientParts.push(csvLine(abroad ? [...row, c.country] : row));
  }

  const invoices = db
    .prepare(
      `SELECT c.name AS client_name, c.siren AS client_siren, c.kind AS client_kind, i.number, i.issue_date, i.due_date,
         i.amount_ttc_cents, i.amount_ht_cents, i.delivery_date, i.reference
       FROM invoices i JOIN clients c ON c.id = i.client_id
       ORDER BY i.id`,
    )
    .iterate() as IterableIterator<{
    client_name: string;
    client_siren: string | null;
    client_kind: ClientKind;
    number: string;
    issue_date: string;
    due_date: string;
    amount_ttc_cents: number;
    amount_ht_cents: number | null;
    delivery_date: string | null;
    reference: string | null;
  }>;
  const invoiceParts: string[] = [BOM + csvLine(INVOICE_COLUMNS)];
  for (const i of invoices) {
    invoiceParts.push(
      csvLine([
        i.client_name, i.client_siren, KIND_CSV[i.client_kind], i.number, i.issue_date, i.due_date,
        amount(i.amount_ttc_cents), amount(i.amount_ht_cents), i.delivery_date, i.reference,
      ]),
    );
  }

  const allocations = db
    .prepare(
      `SELECT i.number, p.payment_date, a.amount_cents, p.method
       FROM payment_allocations a JOIN payments p ON p.id = a.payment_id JOIN invoices i ON i.id = a.invoice_id
       ORDER BY p.payment_date, p.id, a.id`,
    )
    .iterate() as IterableIterator<{ number: string; payment_date: string; amount_cents: number; method: PaymentMethod }>;
  const paymentParts: string[] = [BOM + csvLine(PAYMENT_COLUMNS)];
  for (const a of allocations) paymentParts.push(csvLine([a.number, a.payment_date, amount(a.amount_cents), METHOD_CSV[a.method]]));

  return {
    'clients.csv': clientParts.join(''),
    'factures.csv': invoiceParts.join(''),
    'paiements.csv': paymentParts.join(''),
  };
}
