-- 009: reminder scenarios and the daily queue. The scenario tables of 001 were never written to
-- (no release used them): steps and actions are rebuilt with what the queue needs (channel, tone,
-- contact, validation; done/skipped with an outcome, several invoices per action). Adds
-- exclusions, factored/insured invoices, payment plans with their instalments, and the log of
-- sent e-mails. The three shipped scenarios are inserted here.
DROP TABLE reminder_actions;
DROP TABLE scenario_steps;

ALTER TABLE reminder_scenarios ADD COLUMN description TEXT NOT NULL DEFAULT '';
-- 'standard' | 'loyal' | 'risky' for the shipped ones (editable, but recognisable), null for the user's.
ALTER TABLE reminder_scenarios ADD COLUMN builtin_key TEXT;
-- Payment-behaviour scores (JSON array of 'A'..'D') whose clients follow this scenario automatically.
ALTER TABLE reminder_scenarios ADD COLUMN for_scores TEXT NOT NULL DEFAULT '[]' CHECK (json_valid(for_scores));

CREATE TABLE scenario_steps (
  id INTEGER PRIMARY KEY,
  scenario_id INTEGER NOT NULL REFERENCES reminder_scenarios (id) ON DELETE CASCADE,
  position INTEGER NOT NULL CHECK (position >= 1),
  offset_days INTEGER NOT NULL CHECK (offset_days BETWEEN -60 AND 730), -- from the due date
  channel TEXT NOT NULL CHECK (channel IN ('email', 'letter', 'registered_letter', 'phone', 'sms')),
  -- The letter template (shared/documents/letter-model.ts) for e-mails and letters; null for calls and SMS.
  template TEXT CHECK (template IS NULL OR template IN ('friendly_reminder', 'firm_reminder', 'formal_notice', 'statement')),
  tone TEXT NOT NULL CHECK (tone IN ('courteous', 'firm', 'formal')),
  contact_role TEXT NOT NULL CHECK (contact_role IN ('accounting', 'operations', 'executive')),
  needs_validation INTEGER NOT NULL DEFAULT 0 CHECK (needs_validation IN (0, 1)),
  UNIQUE (scenario_id, position)
);

-- One action done (or skipped) for a client on a day, covering one or more invoices.
CREATE TABLE reminder_actions (
  id INTEGER PRIMARY KEY,
  client_id INTEGER NOT NULL REFERENCES clients (id) ON DELETE RESTRICT,
  step_id INTEGER REFERENCES scenario_steps (id) ON DELETE SET NULL,
  -- The scenario the client was following (it keeps following it while the chase goes on).
  scenario_id INTEGER REFERENCES reminder_scenarios (id) ON DELETE SET NULL,
  -- Copies of the step, so the history reads the same after a scenario is edited.
  scenario_name TEXT,
  step_position INTEGER,
  -- The step's offset from the due date: progress through a scenario is tracked by it, so that a
  -- client moved to another scenario (or a scenario edited) carries on after the same point.
  step_offset INTEGER,
  channel TEXT NOT NULL CHECK (channel IN ('email', 'letter', 'registered_letter', 'phone', 'sms', 'insurer_declaration')),
  template TEXT,
  action_date TEXT NOT NULL,
  status TEXT NOT NULL CHECK (status IN ('done', 'skipped')),
  document_id INTEGER REFERENCES documents (id) ON DELETE SET NULL,
  -- Calls: what came of it. 'call_back' holds the client until outcome_date.
  outcome TEXT CHECK (outcome IS NULL OR outcome IN ('promise', 'dispute', 'call_back', 'unreachable', 'reached')),
  outcome_date TEXT,
  note TEXT,
  created_at TEXT NOT NULL
);
CREATE INDEX reminder_actions_by_client ON reminder_actions (client_id, action_date);

CREATE TABLE reminder_action_invoices (
  action_id INTEGER NOT NULL REFERENCES reminder_actions (id) ON DELETE CASCADE,
  invoice_id INTEGER NOT NULL REFERENCES invoices (id) ON DELETE RESTRICT,
  PRIMARY KEY (action_id, invoice_id)
);
CREATE INDEX reminder_action_invoices_by_invoice ON reminder_action_invoices (invoice_id, action_id);

-- A client or one invoice kept out of the queue, with a reason, until a date (or until lifted).
CREATE TABLE exclusions (
  id INTEGER PRIMARY KEY,
  client_id INTEGER REFERENCES clients (id) ON DELETE CASCADE,
  invoice_id INTEGER REFERENCES invoices (id) ON DELETE CASCADE,
  reason TEXT NOT NULL CHECK (length(trim(reason)) > 0),
  from_date TEXT NOT NULL,
  until_date TEXT, -- inclusive; null: until lifted
  lifted_date TEXT,
  created_at TEXT NOT NULL,
  CHECK ((client_id IS NULL) <> (invoice_id IS NULL)),
  CHECK (until_date IS NULL OR until_date >= from_date)
);
CREATE INDEX exclusions_by_client ON exclusions (client_id);
CREATE INDEX exclusions_by_invoice ON exclusions (invoice_id);

-- Sold to a factor (the factor collects it: out of the queue) or covered by credit insurance
-- (the loss must be declared to the insurer within the policy's deadline).
ALTER TABLE invoices ADD COLUMN financing TEXT CHECK (financing IS NULL OR financing IN ('factored', 'insured'));

-- Payment plans (échéanciers): instalments over a client's debt; signed by the debtor, it is an
-- acknowledgment of the debt (restarts prescription).
CREATE TABLE payment_plans (
  id INTEGER PRIMARY KEY,
  client_id INTEGER NOT NULL REFERENCES clients (id) ON DELETE RESTRICT,
  start_date TEXT NOT NULL,
  total_cents INTEGER NOT NULL CHECK (total_cents > 0),
  includes_penalties INTEGER NOT NULL DEFAULT 0 CHECK (includes_penalties IN (0, 1)),
  penalties_cents INTEGER NOT NULL DEFAULT 0 CHECK (penalties_cents >= 0),
  signed_date TEXT,
  document_id INTEGER REFERENCES documents (id) ON DELETE SET NULL,
  cancelled_date TEXT,
  note TEXT,
  created_at TEXT NOT NULL
);
CREATE INDEX payment_plans_by_client ON payment_plans (client_id);

CREATE TABLE payment_plan_invoices (
  plan_id INTEGER NOT NULL REFERENCES payment_plans (id) ON DELETE CASCADE,
  invoice_id INTEGER NOT NULL REFERENCES invoices (id) ON DELETE RESTRICT,
  PRIMARY KEY (plan_id, invoice_id)
);

CREATE TABLE payment_plan_instalments (
  id INTEGER PRIMARY KEY,
  plan_id INTEGER NOT NULL REFERENCES payment_plans (id) ON DELETE CASCADE,
  position INTEGER NOT NULL CHECK (position >= 1),
  due_date TEXT NOT NULL,
  amount_cents INTEGER NOT NULL CHECK (amount_cents > 0),
  UNIQUE (plan_id, position)
);

-- E-mails handed out (.eml) or sent by SMTP, with their Message-ID.
CREATE TABLE sent_messages (
  id INTEGER PRIMARY KEY,
  action_id INTEGER REFERENCES reminder_actions (id) ON DELETE SET NULL,
  client_id INTEGER NOT NULL REFERENCES clients (id) ON DELETE RESTRICT,
  transport TEXT NOT NULL CHECK (transport IN ('eml', 'smtp')),
  message_id TEXT NOT NULL,
  recipient TEXT NOT NULL,
  subject TEXT NOT NULL,
  sent_at TEXT NOT NULL,
  response TEXT
);
CREATE INDEX sent_messages_by_client ON sent_messages (client_id, sent_at);

-- The shipped scenarios (editable). Offsets in days from the due date.
INSERT INTO reminder_scenarios (name, client_kind, is_default, description, builtin_key, for_scores, created_at) VALUES
  ('Standard', NULL, 1, 'Un courriel courtois avant l’échéance, puis courriel, lettre, appel et mise en demeure.', 'standard', '["B"]', strftime('%Y-%m-%dT%H:%M:%fZ', 'now')),
  ('Client fidèle', NULL, 0, 'Plus doux et plus lent : pour les clients qui paient bien et ont un oubli.', 'loyal', '["A"]', strftime('%Y-%m-%dT%H:%M:%fZ', 'now')),
  ('Client à risque', NULL, 0, 'Plus ferme et plus rapide : pour les clients qui paient en retard ou ont déjà manqué une promesse.', 'risky', '["C","D"]', strftime('%Y-%m-%dT%H:%M:%fZ', 'now'));

INSERT INTO scenario_steps (scenario_id, position, offset_days, channel, template, tone, contact_role, needs_validation)
SELECT s.id, v.position, v.offset_days, v.channel, v.template, v.tone, v.contact_role, v.needs_validation
FROM reminder_scenarios s JOIN (
  SELECT 'standard' AS k, 1 AS position, -3 AS offset_days, 'email' AS channel, 'friendly_reminder' AS template, 'courteous' AS tone, 'accounting' AS contact_role, 0 AS needs_validation
  UNION ALL SELECT 'standard', 2, 7, 'email', 'friendly_reminder', 'courteous', 'accounting', 0
  UNION ALL SELECT 'standard', 3, 15, 'letter', 'firm_reminder', 'firm', 'accounting', 0
  UNION ALL SELECT 'standard', 4, 30, 'phone', NULL, 'firm', 'accounting', 1
  UNION ALL SELECT 'standard', 5, 45, 'registered_letter', 'formal_notice', 'formal', 'executive', 1
  UNION ALL SELECT 'loyal', 1, 5, 'email', 'friendly_reminder', 'courteous', 'accounting', 0
  UNION ALL SELECT 'loyal', 2, 20, 'email', 'friendly_reminder', 'courteous', 'accounting', 0
  UNION ALL SELECT 'loyal', 3, 35, 'phone', NULL, 'courteous', 'accounting', 1
  UNION ALL SELECT 'loyal', 4, 50, 'letter', 'firm_reminder', 'firm', 'accounting', 1
  UNION ALL SELECT 'loyal', 5, 70, 'registered_letter', 'formal_notice', 'formal', 'executive', 1
  UNION ALL SELECT 'risky', 1, -7, 'email', 'friendly_reminder', 'courteous', 'accounting', 0
  UNION ALL SELECT 'risky', 2, 1, 'email', 'firm_reminder', 'firm', 'accounting', 0
  UNION ALL SELECT 'risky', 3, 5, 'phone', NULL, 'firm', 'executive', 1
  UNION ALL SELECT 'risky', 4, 10, 'letter', 'firm_reminder', 'firm', 'executive', 0
  UNION ALL SELECT 'risky', 5, 20, 'registered_letter', 'formal_notice', 'formal', 'executive', 1
) v ON v.k = s.builtin_key;
