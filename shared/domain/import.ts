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
  /** E-invoices: credit notes (avoirs) imported onto invoices, TTC. */
  creditNotesCents?: Cents;
}

export interface ImportPreview {
  clientsToCreate: number;
  clientsExisting: number;
  invoices: number;
  payments: number;
  /** E-invoices: credit notes (avoirs) to import. */
  creditNotes?: number;
  /** E-invoices: files already imported (same number, client and amounts), left as they are. */
  skipped?: number;
  totals: ImportTotals;
  errors: ImportError[];
  warnings: string[];
  /** FEC imports only (electron/core/import/fec.ts): what the file was and what the import does beyond creating. */
  fec?: FecImportSummary;
  /** The first rows of each kind, for display. */
  samples: {
    clients: { file: string; line: number; name: string; kind: ClientKind; siren: string | null; address6: string }[];
    /**
     * E-invoices: `file` names the file and `line` is its rank in the batch (1-based); a credit
     * note has `creditNoteOf`, the number of the invoice it credits (its dueDate is that invoice's).
     */
    invoices: { line: number; number: string; clientName: string; issueDate: IsoDate; dueDate: IsoDate; amountTtcCents: Cents; file?: string; creditNoteOf?: string }[];
    payments: { line: number; invoiceNumber: string; date: IsoDate; amountCents: Cents; method: PaymentMethod; allocatedCents: Cents }[];
  };
}

export interface ImportResult {
  clientsCreated: number;
  clientsExisting: number;
  invoices: number;
  payments: number;
  /** E-invoices: credit notes (avoirs) imported. */
  creditNotes?: number;
  /** E-invoices: files already imported (same number, client and amounts), left as they are. */
  skipped?: number;
  totals: ImportTotals;
  warnings: string[];
  /** FEC imports only. */
  fec?: FecImportSummary;
}

/**
 * An import of a FEC (Fichier des Écritures Comptables): how the file was read, and the changes
 * besides new rows (a later FEC of the same books updates and never duplicates).
 */
export interface FecImportSummary {
  encoding: 'UTF-8' | 'Windows-1252' | 'ISO-8859-15';
  separator: 'tabulation' | '|' | ';' | ',';
  /** Lines read, the header excluded. */
  lines: number;
  /** Lines on customer accounts (411…). */
  customerLines: number;
  /** Invoices already in Recouvra whose amount the file changes (only while nothing is paid or credited on them). */
  invoicesUpdated: number;
  /** Invoices already in Recouvra, left as they are. */
  invoicesUnchanged: number;
  /** New credit notes (avoirs), each on its invoice. */
  creditNotes: number;
  creditNotesCents: Cents;
  /** Payments of the file already in Recouvra (an earlier import of the same books, or entered by hand). */
  paymentsAlreadyThere: number;
  /** New allocations of payments to invoices, from the lettering (EcritureLet). */
  allocations: number;
  /** The file's invoices still owed after the import, and those settled. */
  openInvoices: number;
  settledInvoices: number;
}
