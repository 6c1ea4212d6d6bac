-- 002: what the ledger needs beyond 001: the date a promise to pay was made (promises are
-- "kept" by payments between that date and the promised date), and indexes for the
-- invoice list's filters and the client summaries.
ALTER TABLE promises ADD COLUMN made_date TEXT;
UPDATE promises SET made_date = substr(created_at, 1, 10) WHERE made_date IS NULL;

CREATE INDEX payments_by_date ON payments (payment_date);
CREATE INDEX allocations_by_payment ON payment_allocations (payment_id);
CREATE INDEX invoices_by_issue ON invoices (issue_date);
CREATE INDEX write_offs_by_invoice ON write_offs (invoice_id);
