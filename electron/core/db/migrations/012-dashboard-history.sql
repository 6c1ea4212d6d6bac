-- 012: the dashboard at a million invoices.
-- Sales per period (DSO) are read from one index alone: issue date and amount together, so the
-- sum of a month never visits the table. It replaces the index on the issue date alone.
CREATE INDEX invoices_by_issue_amount ON invoices (issue_date, amount_ttc_cents);
DROP INDEX invoices_by_issue;

-- The invoices still owed (a small share of a large book), by client and due date: what the claimable
-- penalties, the reminder queue and the letter batches start from, without reading the settled ones.
CREATE INDEX invoices_open ON invoices (client_id, due_date) WHERE amount_ttc_cents > paid_cents + credited_cents;

-- Insured invoices still owed (few): the reminder queue lists those whose declaration to the
-- credit insurer falls due, without reading every overdue invoice.
CREATE INDEX invoices_insured_open ON invoices (due_date) WHERE financing = 'insured' AND amount_ttc_cents > paid_cents + credited_cents;

-- Collected per month (dashboard) from one index alone: the payment date and its amount.
CREATE INDEX payments_by_date_amount ON payments (payment_date, amount_cents);
DROP INDEX payments_by_date;
