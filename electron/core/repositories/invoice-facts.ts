// The SQL that derives each invoice's open amount and status from the facts, against a given
// @today. paid_cents, credited_cents, open_disputes and written_off are running totals kept by
// triggers (migration 003; a test recomputes them from the facts). Promises are read live.
// shared/domain/invoice.ts `deriveStatus` states the same rule; a test compares the two.

/** A CTE `facts` over the invoices matching `where` (SQL on alias i), with @today bound. */
export function invoiceFactsCte(where = '1 = 1'): string {
  return `
  WITH facts AS (
    SELECT i.id, i.number, i.client_id, i.issue_date, i.due_date, i.amount_ttc_cents, i.paid_cents, i.credited_cents,
      i.amount_ttc_cents - i.credited_cents - i.paid_cents AS balance_cents,
      CASE
        WHEN i.written_off THEN 'written_off'
        WHEN i.amount_ttc_cents - i.credited_cents - i.paid_cents <= 0 THEN 'paid'
        WHEN EXISTS (SELECT 1 FROM case_invoices ci JOIN cases k ON k.id = ci.case_id WHERE ci.invoice_id = i.id AND k.closed_date IS NULL) THEN 'in_litigation'
        WHEN i.open_disputes > 0 THEN 'disputed'
        WHEN EXISTS (
          SELECT 1 FROM promises p
          WHERE p.invoice_id = i.id AND p.promised_date >= @today
            AND COALESCE((
              SELECT SUM(a.amount_cents) FROM payment_allocations a JOIN payments pay ON pay.id = a.payment_id
              WHERE a.invoice_id = p.invoice_id AND pay.payment_date BETWEEN p.made_date AND p.promised_date
            ), 0) < p.amount_cents
        ) THEN 'promised'
        WHEN i.paid_cents > 0 THEN 'partially_paid'
        WHEN i.due_date >= @today THEN 'not_due'
        ELSE 'overdue'
      END AS status
    FROM invoices i
    WHERE ${where}
  )`;
}

/** Days past the due date for an invoice still owed (0 otherwise). Calendar dates only. */
export const DAYS_OVERDUE_SQL = `CASE WHEN status IN ('overdue', 'partially_paid', 'promised', 'disputed', 'in_litigation') AND due_date < @today
  THEN CAST(julianday(@today) - julianday(due_date) AS INTEGER) ELSE 0 END`;
