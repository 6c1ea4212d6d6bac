-- 001: the whole ledger's schema. Money in *_cents (INTEGER), rates in *_bp (basis points),
-- calendar dates in *_date (TEXT YYYY-MM-DD), timestamps in *_at (TEXT, UTC ISO 8601).
-- Balances and statuses are derived from these facts, never stored.

-- The user's own company (the creditor). Exactly one row once set up.
CREATE TABLE company (
  id INTEGER PRIMARY KEY CHECK (id = 1),
  name TEXT NOT NULL,
  legal_form TEXT,
  siren TEXT,
  vat_number TEXT,
  rcs_city TEXT,
  address_1 TEXT NOT NULL DEFAULT '',
  address_2 TEXT NOT NULL DEFAULT '',
  address_3 TEXT NOT NULL DEFAULT '',
  address_4 TEXT NOT NULL DEFAULT '',
  address_5 TEXT NOT NULL DEFAULT '',
  address_6 TEXT NOT NULL DEFAULT '',
  representative TEXT,
  email TEXT,
  phone TEXT,
  iban TEXT,
  bic TEXT,
  logo_mime TEXT CHECK (logo_mime IN ('image/png', 'image/jpeg')),
  logo BLOB,
  signatory_name TEXT,
  signatory_title TEXT,
  payment_terms_days INTEGER NOT NULL DEFAULT 30 CHECK (payment_terms_days BETWEEN 0 AND 60),
  updated_at TEXT NOT NULL
);

-- Settings that belong with the books (and travel with backups), as JSON values.
CREATE TABLE settings (
  key TEXT PRIMARY KEY,
  value_json TEXT NOT NULL CHECK (json_valid(value_json)),
  updated_at TEXT NOT NULL
);

CREATE TABLE clients (
  id INTEGER PRIMARY KEY,
  kind TEXT NOT NULL CHECK (kind IN ('business', 'consumer')),
  name TEXT NOT NULL CHECK (length(name) > 0),
  first_name TEXT,
  last_name TEXT,
  legal_form TEXT,
  siren TEXT CHECK (siren IS NULL OR (length(siren) = 9 AND siren NOT GLOB '*[^0-9]*')),
  siret TEXT CHECK (siret IS NULL OR length(siret) = 14),
  vat_number TEXT,
  address_1 TEXT NOT NULL DEFAULT '',
  address_2 TEXT NOT NULL DEFAULT '',
  address_3 TEXT NOT NULL DEFAULT '',
  address_4 TEXT NOT NULL DEFAULT '',
  address_5 TEXT NOT NULL DEFAULT '',
  address_6 TEXT NOT NULL DEFAULT '',
  country TEXT NOT NULL DEFAULT 'FR',
  -- Read from NF Z10-011 line 6 ("69002 LYON"): never typed twice, never out of step.
  postcode TEXT GENERATED ALWAYS AS (
    CASE WHEN address_6 GLOB '[0-9][0-9][0-9][0-9][0-9] *' THEN substr(address_6, 1, 5) END
  ) VIRTUAL,
  city TEXT GENERATED ALWAYS AS (
    CASE WHEN address_6 GLOB '[0-9][0-9][0-9][0-9][0-9] *' THEN trim(substr(address_6, 7))
         ELSE nullif(trim(address_6), '') END
  ) VIRTUAL,
  terms_mode TEXT NOT NULL DEFAULT 'net' CHECK (terms_mode IN ('net', 'eom45')),
  terms_days INTEGER CHECK (terms_days IS NULL OR terms_days BETWEEN 0 AND 90),
  credit_limit_cents INTEGER CHECK (credit_limit_cents IS NULL OR credit_limit_cents >= 0),
  naf_code TEXT,
  solvency_situation TEXT,
  solvency_accounts_date TEXT,
  solvency_accounts_note TEXT,
  solvency_incidents TEXT,
  notes TEXT,
  tags TEXT NOT NULL DEFAULT '[]' CHECK (json_valid(tags)),
  scenario_id INTEGER REFERENCES reminder_scenarios (id) ON DELETE SET NULL, -- null: the default scenario
  -- Lower-case, accent-free copies for sorting and searching (SQLite's NOCASE is ASCII only).
  sort_key TEXT NOT NULL,
  search_key TEXT NOT NULL,
  archived_at TEXT,
  created_at TEXT NOT NULL,
  updated_at TEXT NOT NULL
);
CREATE INDEX clients_by_sort_key ON clients (sort_key);
CREATE INDEX clients_by_siren ON clients (siren);
CREATE INDEX clients_by_archived ON clients (archived_at, sort_key);

CREATE TABLE contacts (
  id INTEGER PRIMARY KEY,
  client_id INTEGER NOT NULL REFERENCES clients (id) ON DELETE CASCADE,
  position INTEGER NOT NULL DEFAULT 0,
  role TEXT NOT NULL CHECK (role IN ('accounting', 'operations', 'executive', 'other')),
  name TEXT NOT NULL,
  email TEXT,
  phone TEXT
);
CREATE INDEX contacts_by_client ON contacts (client_id, position);

-- Stored files (invoice PDFs, generated letters, proofs of delivery): kept in the database so
-- a backup is one self-contained file.
CREATE TABLE documents (
  id INTEGER PRIMARY KEY,
  client_id INTEGER REFERENCES clients (id) ON DELETE RESTRICT,
  kind TEXT NOT NULL CHECK (kind IN ('invoice_pdf', 'reminder', 'formal_notice', 'statement', 'payment_order', 'proof', 'other')),
  title TEXT NOT NULL,
  file_name TEXT NOT NULL,
  mime_type TEXT NOT NULL,
  size_bytes INTEGER NOT NULL CHECK (size_bytes >= 0),
  sha256 TEXT NOT NULL,
  content BLOB NOT NULL,
  created_at TEXT NOT NULL
);
CREATE INDEX documents_by_client ON documents (client_id, created_at);

CREATE TABLE invoices (
  id INTEGER PRIMARY KEY,
  client_id INTEGER NOT NULL REFERENCES clients (id) ON DELETE RESTRICT,
  number TEXT NOT NULL UNIQUE,
  issue_date TEXT NOT NULL,
  delivery_date TEXT, -- delivery or completion: where prescription starts
  due_date TEXT NOT NULL,
  amount_ht_cents INTEGER CHECK (amount_ht_cents IS NULL OR amount_ht_cents >= 0),
  amount_tva_cents INTEGER CHECK (amount_tva_cents IS NULL OR amount_tva_cents >= 0),
  amount_ttc_cents INTEGER NOT NULL CHECK (amount_ttc_cents >= 0),
  reference TEXT, -- purchase order
  description TEXT,
  contractual_rate_bp INTEGER CHECK (contractual_rate_bp IS NULL OR contractual_rate_bp >= 0),
  pdf_document_id INTEGER REFERENCES documents (id) ON DELETE SET NULL,
  created_at TEXT NOT NULL,
  updated_at TEXT NOT NULL
);
CREATE INDEX invoices_by_client_due ON invoices (client_id, due_date, amount_ttc_cents);
CREATE INDEX invoices_by_due ON invoices (due_date);

CREATE TABLE credit_notes (
  id INTEGER PRIMARY KEY,
  invoice_id INTEGER NOT NULL REFERENCES invoices (id) ON DELETE RESTRICT,
  number TEXT NOT NULL UNIQUE,
  issue_date TEXT NOT NULL,
  amount_ttc_cents INTEGER NOT NULL CHECK (amount_ttc_cents > 0),
  reason TEXT,
  created_at TEXT NOT NULL
);
CREATE INDEX credit_notes_by_invoice ON credit_notes (invoice_id, amount_ttc_cents);

CREATE TABLE payments (
  id INTEGER PRIMARY KEY,
  client_id INTEGER NOT NULL REFERENCES clients (id) ON DELETE RESTRICT,
  payment_date TEXT NOT NULL,
  amount_cents INTEGER NOT NULL CHECK (amount_cents > 0),
  method TEXT NOT NULL CHECK (method IN ('transfer', 'cheque', 'card', 'direct_debit', 'cash', 'other')),
  reference TEXT,
  created_at TEXT NOT NULL
);
CREATE INDEX payments_by_client ON payments (client_id, payment_date);

-- A payment spread over invoices; what is not allocated stays a credit on the client's account.
CREATE TABLE payment_allocations (
  id INTEGER PRIMARY KEY,
  payment_id INTEGER NOT NULL REFERENCES payments (id) ON DELETE CASCADE,
  invoice_id INTEGER NOT NULL REFERENCES invoices (id) ON DELETE RESTRICT,
  amount_cents INTEGER NOT NULL CHECK (amount_cents > 0),
  UNIQUE (payment_id, invoice_id)
);
CREATE INDEX allocations_by_invoice ON payment_allocations (invoice_id, amount_cents);

CREATE TABLE disputes (
  id INTEGER PRIMARY KEY,
  invoice_id INTEGER NOT NULL REFERENCES invoices (id) ON DELETE RESTRICT,
  reason TEXT NOT NULL,
  opened_date TEXT NOT NULL,
  closed_date TEXT,
  outcome TEXT,
  created_at TEXT NOT NULL
);
CREATE INDEX disputes_by_invoice ON disputes (invoice_id, closed_date);

CREATE TABLE promises (
  id INTEGER PRIMARY KEY,
  invoice_id INTEGER NOT NULL REFERENCES invoices (id) ON DELETE RESTRICT,
  promised_date TEXT NOT NULL,
  amount_cents INTEGER NOT NULL CHECK (amount_cents > 0),
  note TEXT,
  created_at TEXT NOT NULL
);
CREATE INDEX promises_by_invoice ON promises (invoice_id, promised_date);

CREATE TABLE write_offs (
  id INTEGER PRIMARY KEY,
  invoice_id INTEGER NOT NULL UNIQUE REFERENCES invoices (id) ON DELETE RESTRICT,
  write_off_date TEXT NOT NULL,
  reason TEXT NOT NULL,
  created_at TEXT NOT NULL
);

-- Acknowledgments, judgments and other events that interrupt prescription or change the rate.
CREATE TABLE legal_events (
  id INTEGER PRIMARY KEY,
  invoice_id INTEGER NOT NULL REFERENCES invoices (id) ON DELETE RESTRICT,
  kind TEXT NOT NULL CHECK (kind IN ('acknowledgment', 'formal_notice', 'court_action', 'judgment', 'enforceable')),
  event_date TEXT NOT NULL,
  note TEXT,
  created_at TEXT NOT NULL
);
CREATE INDEX legal_events_by_invoice ON legal_events (invoice_id, event_date);

CREATE TABLE reminder_scenarios (
  id INTEGER PRIMARY KEY,
  name TEXT NOT NULL UNIQUE,
  client_kind TEXT CHECK (client_kind IS NULL OR client_kind IN ('business', 'consumer')),
  is_default INTEGER NOT NULL DEFAULT 0 CHECK (is_default IN (0, 1)),
  archived_at TEXT,
  created_at TEXT NOT NULL
);

CREATE TABLE scenario_steps (
  id INTEGER PRIMARY KEY,
  scenario_id INTEGER NOT NULL REFERENCES reminder_scenarios (id) ON DELETE CASCADE,
  position INTEGER NOT NULL,
  offset_days INTEGER NOT NULL, -- relative to the due date
  action TEXT NOT NULL CHECK (action IN ('friendly_reminder', 'firm_reminder', 'formal_notice', 'phone_call', 'payment_order')),
  delivery TEXT NOT NULL CHECK (delivery IN ('email', 'letter', 'registered_letter', 'phone')),
  template_key TEXT,
  UNIQUE (scenario_id, position)
);

CREATE TABLE reminder_actions (
  id INTEGER PRIMARY KEY,
  client_id INTEGER NOT NULL REFERENCES clients (id) ON DELETE RESTRICT,
  invoice_id INTEGER REFERENCES invoices (id) ON DELETE RESTRICT,
  step_id INTEGER REFERENCES scenario_steps (id) ON DELETE SET NULL,
  action TEXT NOT NULL,
  delivery TEXT NOT NULL,
  planned_date TEXT NOT NULL,
  done_date TEXT,
  registered_number TEXT, -- LRAR tracking number
  document_id INTEGER REFERENCES documents (id) ON DELETE SET NULL,
  note TEXT,
  created_at TEXT NOT NULL
);
CREATE INDEX reminder_actions_by_planned ON reminder_actions (done_date, planned_date);
CREATE INDEX reminder_actions_by_invoice ON reminder_actions (invoice_id);

-- Files attached to an invoice, a dispute or a reminder (proofs, correspondence).
CREATE TABLE attachments (
  id INTEGER PRIMARY KEY,
  document_id INTEGER NOT NULL REFERENCES documents (id) ON DELETE CASCADE,
  owner_type TEXT NOT NULL CHECK (owner_type IN ('invoice', 'dispute', 'reminder_action', 'client')),
  owner_id INTEGER NOT NULL,
  created_at TEXT NOT NULL
);
CREATE INDEX attachments_by_owner ON attachments (owner_type, owner_id);

-- Append-only journal of every change: rows are never updated nor deleted.
CREATE TABLE audit_log (
  id INTEGER PRIMARY KEY,
  at TEXT NOT NULL,
  entity TEXT NOT NULL,
  entity_id INTEGER,
  action TEXT NOT NULL CHECK (action IN ('create', 'update', 'archive', 'restore', 'delete')),
  summary TEXT NOT NULL,
  before_json TEXT CHECK (before_json IS NULL OR json_valid(before_json)),
  after_json TEXT CHECK (after_json IS NULL OR json_valid(after_json))
);
CREATE INDEX audit_by_entity ON audit_log (entity, entity_id, id);

CREATE TRIGGER audit_log_no_update BEFORE UPDATE ON audit_log
BEGIN
  SELECT RAISE(ABORT, 'audit_log is append-only');
END;

CREATE TRIGGER audit_log_no_delete BEFORE DELETE ON audit_log
BEGIN
  SELECT RAISE(ABORT, 'audit_log is append-only');
END;
