// The derived status of an invoice, as a coloured label.
import { INVOICE_STATUS_LABELS, type InvoiceStatus } from '../../../shared/domain/invoice.js';

export function StatusBadge({ status }: { status: InvoiceStatus }) {
  return <span className={`status status--${status}`}>{INVOICE_STATUS_LABELS[status]}</span>;
}
