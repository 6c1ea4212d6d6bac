-- 004: what the aging report needs to rebuild 200 000 balances at any date in a few hundred
-- milliseconds. Each allocation carries its payment's date (copied by trigger; payments' dates
-- propagate if ever changed), so the sums paid by a date are an index-only scan; and a
-- covering index lets the per-client aggregation read invoices in client order.
ALTER TABLE payment_allocations ADD COLUMN payment_date TEXT;
UPDATE payment_allocations SET payment_date = (SELECT payment_date FROM payments WHERE payments.id = payment_allocations.payment_id);

CREATE TRIGGER allocations_copy_payment_date AFTER INSERT ON payment_allocations BEGIN
  UPDATE payment_allocations SET payment_date = (SELECT payment_date FROM payments WHERE id = NEW.payment_id) WHERE id = NEW.id;
END;
CREATE TRIGGER payments_date_to_allocations AFTER UPDATE OF payment_date ON payments BEGIN
  UPDATE payment_allocations SET payment_date = NEW.payment_date WHERE payment_id = NEW.id;
END;

CREATE INDEX allocations_for_aging ON payment_allocations (invoice_id, payment_date, amount_cents);
DROP INDEX invoices_by_client_number;
CREATE INDEX invoices_for_aging ON invoices (client_id, issue_date, due_date, amount_ttc_cents);
