-- 008: the register of registered letters (registre des recommandés): each formal notice sent by
-- LRAR, its tracking number once posted, the date it was received (from the avis de réception)
-- and the scan of that notice; the notice's deadline runs from the receipt.
CREATE TABLE registered_letters (
  id INTEGER PRIMARY KEY,
  document_id INTEGER NOT NULL UNIQUE REFERENCES documents (id) ON DELETE RESTRICT,
  client_id INTEGER NOT NULL REFERENCES clients (id) ON DELETE RESTRICT,
  tracking_number TEXT,
  sent_date TEXT,
  received_date TEXT,
  receipt_document_id INTEGER REFERENCES documents (id) ON DELETE SET NULL,
  created_at TEXT NOT NULL,
  CHECK (received_date IS NULL OR (sent_date IS NOT NULL AND received_date >= sent_date))
);
CREATE INDEX registered_letters_by_sent ON registered_letters (sent_date);
