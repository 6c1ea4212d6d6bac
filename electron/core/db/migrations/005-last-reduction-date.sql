-- 005: the date of the last payment or credit note of each invoice, kept by triggers. An invoice
-- settled by that date cannot be open at any later date, so balances "as of" a date only need to
-- be rebuilt for the invoices still open then: the 12 month-ends of the dashboard stay fast.
ALTER TABLE invoices ADD COLUMN last_reduction_date TEXT;
UPDATE invoices SET last_reduction_date = (
  SELECT MAX(d) FROM (
    SELECT MAX(payment_date) AS d FROM payment_allocations a WHERE a.invoice_id = invoices.id
    UNION ALL SELECT MAX(issue_date) FROM credit_notes c WHERE c.invoice_id = invoices.id
  )
);

CREATE TRIGGER allocations_last_reduction AFTER UPDATE OF payment_date ON payment_allocations WHEN NEW.payment_date IS NOT NULL BEGIN
  UPDATE invoices SET last_reduction_date = MAX(COALESCE(last_reduction_date, ''), NEW.payment_date) WHERE id = NEW.invoice_id;
END;
CREATE TRIGGER allocations_last_reduction_insert AFTER INSERT ON payment_allocations WHEN NEW.payment_date IS NOT NULL BEGIN
  UPDATE invoices SET last_reduction_date = MAX(COALESCE(last_reduction_date, ''), NEW.payment_date) WHERE id = NEW.invoice_id;
END;
CREATE TRIGGER credit_notes_last_reduction AFTER INSERT ON credit_notes BEGIN
  UPDATE invoices SET last_reduction_date = MAX(COALESCE(last_reduction_date, ''), NEW.issue_date) WHERE id = NEW.invoice_id;
END;
CREATE TRIGGER allocations_last_reduction_delete AFTER DELETE ON payment_allocations BEGIN
  UPDATE invoices SET last_reduction_date = (
    SELECT MAX(d) FROM (
      SELECT MAX(payment_date) AS d FROM payment_allocations a WHERE a.invoice_id = OLD.invoice_id
      UNION ALL SELECT MAX(issue_date) FROM credit_notes c WHERE c.invoice_id = OLD.invoice_id
    )
  ) WHERE id = OLD.invoice_id;
END;
CREATE TRIGGER credit_notes_last_reduction_delete AFTER DELETE ON credit_notes BEGIN
  UPDATE invoices SET last_reduction_date = (
    SELECT MAX(d) FROM (
      SELECT MAX(payment_date) AS d FROM payment_allocations a WHERE a.invoice_id = OLD.invoice_id
      UNION ALL SELECT MAX(issue_date) FROM credit_notes c WHERE c.invoice_id = OLD.invoice_id
    )
  ) WHERE id = OLD.invoice_id;
END;
