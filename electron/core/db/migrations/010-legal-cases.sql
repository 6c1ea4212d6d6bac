-- 010: legal escalation. Cases (contentieux) over chosen invoices with their stages and costs,
-- collective procedures of a debtor (sauvegarde, redressement, liquidation), the creditor's
-- identity as a natural person (for the requête), and attachments ("pièces") on a case too.

-- Attachments may belong to a case: the owner CHECK is widened (table rebuilt, rows kept).
CREATE TABLE attachments_new (
  id INTEGER PRIMARY KEY,
  document_id INTEGER NOT NULL REFERENCES documents (id) ON DELETE CASCADE,
  owner_type TEXT NOT NULL CHECK (owner_type IN ('invoice', 'dispute', 'reminder_action', 'client', 'case')),
  owner_id INTEGER NOT NULL,
  created_at TEXT NOT NULL
);
INSERT INTO attachments_new (id, document_id, owner_type, owner_id, created_at) SELECT id, document_id, owner_type, owner_id, created_at FROM attachments;
DROP TABLE attachments;
ALTER TABLE attachments_new RENAME TO attachments;
CREATE INDEX attachments_by_owner ON attachments (owner_type, owner_id);
CREATE INDEX attachments_by_document ON attachments (document_id);

-- What a piece attached by the user is (documents of kind 'proof').
ALTER TABLE documents ADD COLUMN piece_type TEXT CHECK (piece_type IS NULL OR piece_type IN ('contract', 'terms', 'purchase_order', 'delivery_note', 'receipt', 'acknowledgment', 'other'));

-- The creditor as the requête names it: a legal person (form, name, registered office,
-- representative: already in company) or a natural person (these fields).
ALTER TABLE company ADD COLUMN person_kind TEXT NOT NULL DEFAULT 'legal' CHECK (person_kind IN ('legal', 'natural'));
ALTER TABLE company ADD COLUMN first_names TEXT;
ALTER TABLE company ADD COLUMN last_name TEXT;
ALTER TABLE company ADD COLUMN profession TEXT;
ALTER TABLE company ADD COLUMN nationality TEXT;
ALTER TABLE company ADD COLUMN birth_date TEXT;
ALTER TABLE company ADD COLUMN birth_place TEXT;

CREATE TABLE cases (
  id INTEGER PRIMARY KEY,
  client_id INTEGER NOT NULL REFERENCES clients (id) ON DELETE RESTRICT,
  procedure TEXT NOT NULL CHECK (procedure IN ('payment_order', 'small_claims', 'european_order', 'european_small_claims', 'claim_declaration')),
  -- The court the user confirmed (never guessed silently).
  court_kind TEXT CHECK (court_kind IS NULL OR court_kind IN ('commerce', 'activites_economiques', 'judiciaire')),
  court_name TEXT,
  ready_date TEXT NOT NULL,       -- dossier prêt
  filed_date TEXT,                -- déposé
  order_date TEXT,                -- ordonnance rendue
  served_date TEXT,               -- signifiée
  opposition_date TEXT,           -- opposition formée (null: none)
  enforceable_date TEXT,          -- exécutoire
  closed_date TEXT,
  closed_reason TEXT CHECK (closed_reason IS NULL OR closed_reason IN ('paid', 'abandoned', 'rejected', 'other')),
  dossier_document_id INTEGER REFERENCES documents (id) ON DELETE SET NULL,
  note TEXT,
  created_at TEXT NOT NULL,
  updated_at TEXT NOT NULL,
  CHECK (filed_date IS NULL OR filed_date >= ready_date),
  CHECK (order_date IS NULL OR (filed_date IS NOT NULL AND order_date >= filed_date)),
  CHECK (served_date IS NULL OR (order_date IS NOT NULL AND served_date >= order_date)),
  CHECK (closed_date IS NULL OR closed_reason IS NOT NULL)
);
CREATE INDEX cases_by_client ON cases (client_id, closed_date);

CREATE TABLE case_invoices (
  case_id INTEGER NOT NULL REFERENCES cases (id) ON DELETE CASCADE,
  invoice_id INTEGER NOT NULL REFERENCES invoices (id) ON DELETE RESTRICT,
  PRIMARY KEY (case_id, invoice_id)
);
CREATE INDEX case_invoices_by_invoice ON case_invoices (invoice_id);

-- Court fees, commissaire de justice, lawyer…: recoverable ones are added to the claim.
CREATE TABLE case_costs (
  id INTEGER PRIMARY KEY,
  case_id INTEGER NOT NULL REFERENCES cases (id) ON DELETE CASCADE,
  kind TEXT NOT NULL CHECK (kind IN ('court_fee', 'bailiff', 'lawyer', 'other')),
  label TEXT NOT NULL,
  amount_cents INTEGER NOT NULL CHECK (amount_cents > 0),
  cost_date TEXT NOT NULL,
  recoverable INTEGER NOT NULL DEFAULT 1 CHECK (recoverable IN (0, 1)),
  created_at TEXT NOT NULL
);

-- A debtor under a collective procedure: no injonction de payer, a déclaration de créance to
-- the mandataire judiciaire within two months of the BODACC publication (four from abroad).
CREATE TABLE collective_procedures (
  id INTEGER PRIMARY KEY,
  client_id INTEGER NOT NULL REFERENCES clients (id) ON DELETE RESTRICT,
  kind TEXT NOT NULL CHECK (kind IN ('safeguard', 'reorganisation', 'liquidation')),
  judgment_date TEXT NOT NULL,
  bodacc_date TEXT,
  court TEXT,
  mandataire_name TEXT,
  mandataire_address TEXT NOT NULL DEFAULT '[]' CHECK (json_valid(mandataire_address)),
  creditor_abroad INTEGER NOT NULL DEFAULT 0 CHECK (creditor_abroad IN (0, 1)),
  declaration_document_id INTEGER REFERENCES documents (id) ON DELETE SET NULL,
  ended_date TEXT,
  created_at TEXT NOT NULL,
  CHECK (bodacc_date IS NULL OR bodacc_date >= judgment_date)
);
CREATE INDEX collective_procedures_by_client ON collective_procedures (client_id);
