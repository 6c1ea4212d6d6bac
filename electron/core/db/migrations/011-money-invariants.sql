-- 011: the money invariants, enforced by the database itself, not only by the code:
-- a payment is never allocated beyond its amount, an allocation links a payment and an invoice
-- of the same client, and an invoice is never settled (paid + credited) beyond its amount.
CREATE TRIGGER allocations_within_payment BEFORE INSERT ON payment_allocations
WHEN COALESCE((SELECT SUM(amount_cents) FROM payment_allocations WHERE payment_id = NEW.payment_id), 0) + NEW.amount_cents
     > (SELECT amount_cents FROM payments WHERE id = NEW.payment_id)
BEGIN
  SELECT RAISE(ABORT, 'money invariant: a payment cannot be allocated beyond its amount');
END;

CREATE TRIGGER allocations_within_payment_update BEFORE UPDATE OF amount_cents, payment_id ON payment_allocations
WHEN COALESCE((SELECT SUM(amount_cents) FROM payment_allocations WHERE payment_id = NEW.payment_id AND id <> OLD.id), 0) + NEW.amount_cents
     > (SELECT amount_cents FROM payments WHERE id = NEW.payment_id)
BEGIN
  SELECT RAISE(ABORT, 'money invariant: a payment cannot be allocated beyond its amount');
END;

CREATE TRIGGER allocations_same_client BEFORE INSERT ON payment_allocations
WHEN (SELECT client_id FROM payments WHERE id = NEW.payment_id) IS NOT (SELECT client_id FROM invoices WHERE id = NEW.invoice_id)
BEGIN
  SELECT RAISE(ABORT, 'money invariant: a payment pays invoices of its own client only');
END;

CREATE TRIGGER payments_cover_allocations BEFORE UPDATE OF amount_cents ON payments
WHEN NEW.amount_cents < COALESCE((SELECT SUM(amount_cents) FROM payment_allocations WHERE payment_id = NEW.id), 0)
BEGIN
  SELECT RAISE(ABORT, 'money invariant: a payment cannot be smaller than what it already pays');
END;

CREATE TRIGGER invoices_never_over_settled BEFORE UPDATE OF paid_cents, credited_cents, amount_ttc_cents ON invoices
WHEN NEW.paid_cents < 0 OR NEW.credited_cents < 0 OR NEW.paid_cents + NEW.credited_cents > NEW.amount_ttc_cents
BEGIN
  SELECT RAISE(ABORT, 'money invariant: an invoice cannot be paid or credited beyond its amount');
END;
