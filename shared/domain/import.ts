// The shapes of an import of Recouvra's CSV files (clients, factures, paiements): what the
// preview shows and what the import reports. Parsing and writing live in electron/core/import.
import type { ClientKind } from './client.js';
import type { IsoDate } from './dates.js';
import type { PaymentMethod } from './invoice.js';
import type { Cents } from './money.js';

export type ImportFileKind = 'clients' | 'invoices' | 'payments';

/** The files' contents as text (a leading BOM is allowed); `names` overrides the file names used in messages. */
export interface ImportFiles {
  clients?: string;
  invoices?: string;
  payments?: string;
  names?: Partial<Record<ImportFileKind, string>>;
}

/** A refused line (line: 1-based, the header is line 1) or a refused file (line: null). */
export interface ImportError {
  file: string;
  line: number | null;
  message: string;
}

/** « factures.csv, ligne 14 : date d’échéance invalide … » */
export function formatImportError(e: ImportError): string {
  return e.line === null ? `${e.file} : ${e.message}` : `${e.file}, ligne ${e.line} : ${e.message}`;
}

export interface ImportTotals {
  invoicesTtcCents: Cents;
  paymentsCents: Cents;
  allocatedCents: Cents;
  /** Paid beyond the invoices' balances: stays a credit on the clients' accounts. */
  unallocatedCents: Cents;
}

export interface ImportPreview {
  clientsToCreate: number;
  clientsExisting: number;
  invoices: number;
  payments: number;
  totals: ImportTotals;
  errors: ImportError[];
  warnings: string[];
  /** The first rows of each kind, for display. */
  samples: {
    clients: { file: string; line: number; name: string; kind: ClientKind; siren: string | null; address6: string }[];
    invoices: { line: number; number: string; clientName: string; issueDate: IsoDate; dueDate: IsoDate; amountTtcCents: Cents }[];
    payments: { line: number; invoiceNumber: string; date: IsoDate; amountCents: Cents; method: PaymentMethod; allocatedCents: Cents }[];
  };
}

export interface ImportResult {
  clientsCreated: number;
  clientsExisting: number;
  invoices: number;
  payments: number;
  totals: ImportTotals;
  warnings: string[];
}
