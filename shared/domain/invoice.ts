// The ledger: invoices, credit notes, payments and their allocation, disputes, promises to pay
// and write-offs. Statuses and balances are derived from these facts, never stored.
import type { Cents } from './money.js';
import type { ClientKind } from './client.js';
import type { IsoDate } from './dates.js';

export type InvoiceStatus = 'not_due' | 'overdue' | 'partially_paid' | 'paid' | 'disputed' | 'promised' | 'in_litigation' | 'written_off';
export const INVOICE_STATUSES: readonly InvoiceStatus[] = ['not_due', 'overdue', 'partially_paid', 'promised', 'disputed', 'in_litigation', 'paid', 'written_off'];
export const INVOICE_STATUS_LABELS: Record<InvoiceStatus, string> = {
  not_due: 'À échoir',
  overdue: 'Échue',
  partially_paid: 'Partiellement payée',
  paid: 'Payée',
  disputed: 'En litige',
  promised: 'Promesse en cours',
  in_litigation: 'En contentieux',
  written_off: 'Passée en perte',
};

export type PaymentMethod = 'transfer' | 'cheque' | 'card' | 'direct_debit' | 'cash' | 'other';
export const PAYMENT_METHODS: readonly PaymentMethod[] = ['transfer', 'cheque', 'card', 'direct_debit', 'cash', 'other'];
export const PAYMENT_METHOD_LABELS: Record<PaymentMethod, string> = {
  transfer: 'Virement',
  cheque: 'Chèque',
  card: 'Carte',
  direct_debit: 'Prélèvement',
  cash: 'Espèces',
  other: 'Autre',
};

/** The facts a status is derived from. */
export interface StatusFacts {
  amountCents: number; // TTC
  creditedCents: number;
  paidCents: number;
  dueDate: IsoDate;
  writtenOff: boolean;
  openDispute: boolean;
  pendingPromise: boolean;
  /** In an open legal case (injonction de payer…): out of the reminders. */
  inCase?: boolean;
}

export function balanceOf(f: Pick<StatusFacts, 'amountCents' | 'creditedCents' | 'paidCents'>): number {
  return f.amountCents - f.creditedCents - f.paidCents;
}

/**
 * The one status of an invoice, by priority: written off, paid, in a legal case, disputed, promise pending,
 * partially paid, then not due or overdue against `today`. The SQL in the invoices repository
 * computes the same (a test compares them).
 */
export function deriveStatus(f: StatusFacts, today: IsoDate): InvoiceStatus {
  if (f.writtenOff) return 'written_off';
  if (balanceOf(f) <= 0) return 'paid';
  if (f.inCase) return 'in_litigation';
  if (f.openDispute) return 'disputed';
  if (f.pendingPromise) return 'promised';
  if (f.paidCents > 0) return 'partially_paid';
  return f.dueDate >= today ? 'not_due' : 'overdue';
}

export interface InvoiceListRow {
  id: number;
  number: string;
  clientId: number;
  clientName: string;
  clientKind: ClientKind;
  issueDate: IsoDate;
  dueDate: IsoDate;
  amountCents: Cents;
  balanceCents: Cents;
  status: InvoiceStatus;
  daysOverdue: number; // 0 when not due or settled
}

export interface Invoice {
  id: number;
  number: string;
  clientId: number;
  issueDate: IsoDate;
  deliveryDate: IsoDate | null;
  dueDate: IsoDate;
  amountHtCents: Cents | null;
  amountTvaCents: Cents | null;
  amountTtcCents: Cents;
  reference: string | null;
  description: string | null;
  contractualRateBp: number | null;
  /** Sold to a factor (it collects: out of the reminder queue) or covered by credit insurance. */
  financing: 'factored' | 'insured' | null;
  pdf: { documentId: number; fileName: string; sizeBytes: number } | null;
  createdAt: string;
  updatedAt: string;
}

export interface CreditNote {
  id: number;
  invoiceId: number;
  number: string;
  issueDate: IsoDate;
  amountCents: Cents;
  reason: string | null;
}

export interface Allocation {
  paymentId: number;
  invoiceId: number;
  invoiceNumber: string;
  amountCents: Cents;
}

export interface Payment {
  id: number;
  clientId: number;
  date: IsoDate;
  amountCents: Cents;
  method: PaymentMethod;
  reference: string | null;
  allocations: Allocation[];
  unallocatedCents: Cents;
}

export interface Dispute {
  id: number;
  invoiceId: number;
  reason: string;
  openedDate: IsoDate;
  closedDate: IsoDate | null;
  outcome: string | null;
}

export type PromiseState = 'pending' | 'kept' | 'broken';
export const PROMISE_STATE_LABELS: Record<PromiseState, string> = { pending: 'En cours', kept: 'Tenue', broken: 'Non tenue' };

export interface PaymentPromise {
  id: number;
  invoiceId: number;
  madeDate: IsoDate;
  promisedDate: IsoDate;
  amountCents: Cents;
  note: string | null;
  state: PromiseState;
}

export interface WriteOff {
  invoiceId: number;
  date: IsoDate;
  reason: string;
  amountCents: Cents; // balance written off
}

export type TimelineKind = 'issued' | 'due' | 'payment' | 'credit_note' | 'dispute_opened' | 'dispute_closed' | 'promise' | 'write_off';
export interface TimelineEvent {
  date: IsoDate;
  kind: TimelineKind;
  label: string; // French
  amountCents: Cents | null;
}

export interface InvoiceDetail {
  invoice: Invoice;
  client: { id: number; name: string; kind: ClientKind };
  status: InvoiceStatus;
  paidCents: Cents;
  creditedCents: Cents;
  balanceCents: Cents;
  daysOverdue: number;
  creditNotes: CreditNote[];
  allocations: (Allocation & { date: IsoDate; method: PaymentMethod })[];
  disputes: Dispute[];
  promises: PaymentPromise[];
  writeOff: WriteOff | null;
  timeline: TimelineEvent[];
}

export interface ClientSummary {
  invoicedCents: Cents; // TTC of all invoices
  creditedCents: Cents;
  paidCents: Cents; // allocated to invoices
  unallocatedCents: Cents; // credit on account (overpayments)
  openBalanceCents: Cents; // invoiced − credited − paid − written off
  overdueCents: Cents;
  invoiceCount: number;
  openInvoiceCount: number;
  averageDaysLate: number | null; // over settled invoices
  shareSettledLate: number | null; // 0..1, over settled invoices
}
