// The SQL that derives each invoice's paid, credited and open amounts and its status from the
// facts (allocations, credit notes, disputes, promises, write-offs), against a given @today.
// shared/domain/invoice.ts `deriveStatus` states the same rule; a test compares the two.

/** A CTE `facts` over the invoices matching `where` (SQL on alias i), with @today bound. */
export function invoiceFactsCte(where = '1 = 1'): string {
  return `
  WITH base AS (
    SELECT i.id, i.number, i.client_id, i.issue_date, i.due_date, i.amount_ttc_cents,
      COALESCE((SELECT SUM(a.amount_cents) FROM payment_allocations a WHERE a.invoice_id = i.id), 0) AS paid_cents,
      COALESCE((SELECT SUM(c.amount_ttc_cents) FROM credit_notes c WHERE c.invoice_id = i.id), 0) AS credited_cents,
      EXISTS (SELECT 1 FROM write_offs w WHERE w.invoice_id = i.id) AS written_off,
      EXISTS (SELECT 1 FROM disputes d WHERE d.invoice_id = i.id AND d.closed_date IS NULL) AS open_dispute,
      EXISTS (
        SELECT 1 FROM promises p
        WHERE p.invoice_id = i.id AND p.promised_date >= @today
          AND COALESCE((
            SELECT SUM(a.amount_cents) FROM payment_allocations a JOIN payments pay ON pay.id = a.payment_id
            WHERE a.invoice_id = p.invoice_id AND pay.payment_date BETWEEN p.made_date AND p.promised_date
          ), 0) < p.amount_cents
      ) AS pending_promise
    FROM invoices i
    WHERE ${where}
  ),
  facts AS (
    SELECT base.*,
      amount_ttc_cents - credited_cents - paid_cents AS balance_cents,
      CASE
        WHEN written_off THEN 'written_off'
        WHEN amount_ttc_cents - credited_cents - paid_cents <= 0 THEN 'paid'
        WHEN open_dispute THEN 'disputed'
        WHEN pending_promise THEN 'promised'
        WHEN paid_cents > 0 THEN 'partially_paid'
        WHEN due_date >= @today THEN 'not_due'
        ELSE 'overdue'
      END AS status
    FROM base
  )`;
}

/** Days past the due date for an invoice still owed (0 otherwise). Calendar dates only. */
export const DAYS_OVERDUE_SQL = `CASE WHEN status IN ('overdue', 'partially_paid', 'promised', 'disputed') AND due_date < @today
  THEN CAST(julianday(@today) - julianday(due_date) AS INTEGER) ELSE 0 END`;
