-- 013: the reminder queue at a million invoices.
-- The queue lists every invoice still owed with its number and financing (factored, insured):
-- with those two columns in the open-invoice index too, it is read from the index alone instead
-- of one visit to the table per invoice (1 M invoices, 124 000 owed: 3.2 s, then 0.5 s).
DROP INDEX invoices_open;
CREATE INDEX invoices_open ON invoices (client_id, due_date, issue_date, amount_ttc_cents, paid_cents, credited_cents, last_reduction_date, written_off, open_disputes, number, financing)
  WHERE amount_ttc_cents > paid_cents + credited_cents;
