-- 006: each client's recent payment delay (invoices settled in the last 12 months) feeds the
-- cash-in forecast; this covering index answers it without reading the invoices themselves.
CREATE INDEX invoices_by_last_reduction ON invoices (last_reduction_date, client_id, due_date, amount_ttc_cents, paid_cents, credited_cents);
