-- 003: per-invoice running totals, kept by triggers, so the invoice list filters and sorts
-- 200 000 invoices by balance and status without summing allocations and credit notes for
-- every row. They are a cache of facts stored elsewhere: the triggers below are the only
-- writers, and a test recomputes them from the facts and compares.
ALTER TABLE invoices ADD COLUMN paid_cents INTEGER NOT NULL DEFAULT 0;
ALTER TABLE invoices ADD COLUMN credited_cents INTEGER NOT NULL DEFAULT 0;
ALTER TABLE invoices ADD COLUMN open_disputes INTEGER NOT NULL DEFAULT 0;
ALTER TABLE invoices ADD COLUMN written_off INTEGER NOT NULL DEFAULT 0;

UPDATE invoices SET
  paid_cents = COALESCE((SELECT SUM(amount_cents) FROM payment_allocations a WHERE a.invoice_id = invoices.id), 0),
  credited_cents = COALESCE((SELECT SUM(amount_ttc_cents) FROM credit_notes c WHERE c.invoice_id = invoices.id), 0),
  open_disputes = (SELECT count(*) FROM disputes d WHERE d.invoice_id = invoices.id AND d.closed_date IS NULL),
  written_off = EXISTS (SELECT 1 FROM write_offs w WHERE w.invoice_id = invoices.id);

CREATE TRIGGER allocations_after_insert AFTER INSERT ON payment_allocations BEGIN
  UPDATE invoices SET paid_cents = paid_cents + NEW.amount_cents WHERE id = NEW.invoice_id;
END;
CREATE TRIGGER allocations_after_delete AFTER DELETE ON payment_allocations BEGIN
  UPDATE invoices SET paid_cents = paid_cents - OLD.amount_cents WHERE id = OLD.invoice_id;
END;
CREATE TRIGGER allocations_after_update AFTER UPDATE OF amount_cents, invoice_id ON payment_allocations BEGIN
  UPDATE invoices SET paid_cents = paid_cents - OLD.amount_cents WHERE id = OLD.invoice_id;
  UPDATE invoices SET paid_cents = paid_cents + NEW.amount_cents WHERE id = NEW.invoice_id;
END;

CREATE TRIGGER credit_notes_after_insert AFTER INSERT ON credit_notes BEGIN
  UPDATE invoices SET credited_cents = credited_cents + NEW.amount_ttc_cents WHERE id = NEW.invoice_id;
END;
CREATE TRIGGER credit_notes_after_delete AFTER DELETE ON credit_notes BEGIN
  UPDATE invoices SET credited_cents = credited_cents - OLD.amount_ttc_cents WHERE id = OLD.invoice_id;
END;
CREATE TRIGGER credit_notes_after_update AFTER UPDATE OF amount_ttc_cents, invoice_id ON credit_notes BEGIN
  UPDATE invoices SET credited_cents = credited_cents - OLD.amount_ttc_cents WHERE id = OLD.invoice_id;
  UPDATE invoices SET credited_cents = credited_cents + NEW.amount_ttc_cents WHERE id = NEW.invoice_id;
END;

CREATE TRIGGER disputes_after_insert AFTER INSERT ON disputes WHEN NEW.closed_date IS NULL BEGIN
  UPDATE invoices SET open_disputes = open_disputes + 1 WHERE id = NEW.invoice_id;
END;
CREATE TRIGGER disputes_after_delete AFTER DELETE ON disputes WHEN OLD.closed_date IS NULL BEGIN
  UPDATE invoices SET open_disputes = open_disputes - 1 WHERE id = OLD.invoice_id;
END;
CREATE TRIGGER disputes_after_update AFTER UPDATE OF closed_date, invoice_id ON disputes BEGIN
  UPDATE invoices SET open_disputes = open_disputes - (OLD.closed_date IS NULL) WHERE id = OLD.invoice_id;
  UPDATE invoices SET open_disputes = open_disputes + (NEW.closed_date IS NULL) WHERE id = NEW.invoice_id;
END;

CREATE TRIGGER write_offs_after_insert AFTER INSERT ON write_offs BEGIN
  UPDATE invoices SET written_off = 1 WHERE id = NEW.invoice_id;
END;
CREATE TRIGGER write_offs_after_delete AFTER DELETE ON write_offs BEGIN
  UPDATE invoices SET written_off = 0 WHERE id = OLD.invoice_id;
END;

CREATE INDEX invoices_by_client_number ON invoices (client_id, number);
