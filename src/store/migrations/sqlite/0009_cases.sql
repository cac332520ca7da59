-- Cases (案件办理): the powers list, cases with their officers, recusals and timeline, and the
-- enforcement documents (执法文书) with their versions, sign-offs and 文号 sequences.

-- 权责清单: one row per power item of an agency. `tiers` is the 裁量基准 as JSON
-- [{"code","condition","min","max"}].
CREATE TABLE power_items (
  id                   INTEGER PRIMARY KEY,
  agency_id            INTEGER NOT NULL REFERENCES agencies (id),
  code                 TEXT NOT NULL,
  category             TEXT NOT NULL,
  name                 TEXT NOT NULL,
  basis                TEXT NOT NULL,
  duties               TEXT NOT NULL,
  time_limit           TEXT NOT NULL,
  enforcement_category TEXT NOT NULL,
  fine_min             INTEGER,
  fine_max             INTEGER,
  tiers                TEXT NOT NULL DEFAULT '[]',
  tier_rule            TEXT NOT NULL DEFAULT 'chosen',
  active               INTEGER NOT NULL DEFAULT 1 CHECK (active IN (0, 1)),
  created_at           TEXT NOT NULL,
  updated_at           TEXT NOT NULL,
  UNIQUE (agency_id, code)
);

-- A case. The columns a list filters on are columns; the workflow's state (domain::CaseFacts
-- without the officers) is `flow`, JSON. `version` is for optimistic locking: every change
-- increments it and names the version it started from.
CREATE TABLE cases (
  id               INTEGER PRIMARY KEY,
  agency_id        INTEGER NOT NULL REFERENCES agencies (id),
  department_id    INTEGER REFERENCES departments (id),
  number           TEXT NOT NULL UNIQUE,
  power_item_id    INTEGER NOT NULL REFERENCES power_items (id),
  procedure        TEXT NOT NULL,
  stage            TEXT NOT NULL,
  cause            TEXT NOT NULL,
  source           TEXT NOT NULL,
  area             TEXT NOT NULL,
  party_kind       TEXT NOT NULL,
  party_name       TEXT NOT NULL,
  party_id_number  TEXT NOT NULL,
  party            TEXT NOT NULL,  -- JSON: representative, address, phone
  facts            TEXT NOT NULL,
  flow             TEXT NOT NULL,
  filed_on         TEXT,
  version          INTEGER NOT NULL DEFAULT 1,
  created_by       INTEGER NOT NULL,
  created_at       TEXT NOT NULL,
  updated_at       TEXT NOT NULL
);
CREATE INDEX cases_agency ON cases (agency_id, id);
CREATE INDEX cases_party ON cases (party_id_number);

-- 承办人员: officers (personnel records) on a case; recused ones stay, marked.
CREATE TABLE case_officers (
  case_id    INTEGER NOT NULL REFERENCES cases (id),
  officer_id INTEGER NOT NULL REFERENCES officers (id),
  position   INTEGER NOT NULL,
  recused    INTEGER NOT NULL DEFAULT 0 CHECK (recused IN (0, 1)),
  PRIMARY KEY (case_id, officer_id)
);

-- 回避 (行政处罚法 第43条).
CREATE TABLE case_recusals (
  id           INTEGER PRIMARY KEY,
  case_id      INTEGER NOT NULL REFERENCES cases (id),
  officer_id   INTEGER NOT NULL REFERENCES officers (id),
  requested_by TEXT NOT NULL CHECK (requested_by IN ('officer', 'party')),
  reason       TEXT NOT NULL,
  decided      INTEGER NOT NULL DEFAULT 0,
  approved     INTEGER NOT NULL DEFAULT 0,
  decision_reason TEXT NOT NULL DEFAULT '',
  decided_by   INTEGER,
  decided_at   TEXT,
  created_by   INTEGER NOT NULL,
  created_at   TEXT NOT NULL
);

-- The timeline: one row per step taken (and per other recorded event), in order.
CREATE TABLE case_events (
  id          INTEGER PRIMARY KEY,
  case_id     INTEGER NOT NULL REFERENCES cases (id),
  seq         INTEGER NOT NULL,
  action      TEXT NOT NULL,
  from_stage  TEXT NOT NULL,
  to_stage    TEXT NOT NULL,
  actor_id    INTEGER NOT NULL,
  at          TEXT NOT NULL,
  reason      TEXT NOT NULL DEFAULT '',
  data        TEXT NOT NULL DEFAULT '{}',
  document_id INTEGER,
  UNIQUE (case_id, seq)
);

-- 执法文书. `number` (文号) and the PDF exist once issued; `inputs` is the officer's input of the
-- current version.
CREATE TABLE documents (
  id          INTEGER PRIMARY KEY,
  case_id     INTEGER NOT NULL REFERENCES cases (id),
  agency_id   INTEGER NOT NULL REFERENCES agencies (id),
  type        TEXT NOT NULL,
  version     INTEGER NOT NULL DEFAULT 1,
  status      TEXT NOT NULL DEFAULT 'draft' CHECK (status IN ('draft', 'issued')),
  inputs      TEXT NOT NULL,
  number      TEXT UNIQUE,
  year        INTEGER,
  serial      INTEGER,
  pdf_digest  TEXT,
  pdf_size    INTEGER,
  issued_on   TEXT,
  issued_at   TEXT,
  issued_by   INTEGER,
  created_by  INTEGER NOT NULL,
  created_at  TEXT NOT NULL,
  updated_at  TEXT NOT NULL
);
CREATE INDEX documents_case ON documents (case_id, id);

CREATE TABLE document_versions (
  document_id INTEGER NOT NULL REFERENCES documents (id),
  version     INTEGER NOT NULL,
  inputs      TEXT NOT NULL,
  created_by  INTEGER NOT NULL,
  created_at  TEXT NOT NULL,
  PRIMARY KEY (document_id, version)
);

CREATE TABLE document_signoffs (
  document_id INTEGER NOT NULL REFERENCES documents (id),
  version     INTEGER NOT NULL,
  role        TEXT NOT NULL,
  user_id     INTEGER NOT NULL REFERENCES users (id),
  at          TEXT NOT NULL,
  PRIMARY KEY (document_id, version, role)
);

-- 文号 and 案件编号 sequences per agency, kind and year: the next number is taken by an UPDATE in
-- the transaction that uses it, so a rolled-back issue gives its number back (no gaps) and two
-- issuers never get the same one (the row lock serialises them).
CREATE TABLE number_sequences (
  agency_id INTEGER NOT NULL REFERENCES agencies (id),
  kind      TEXT NOT NULL,
  year      INTEGER NOT NULL,
  last      INTEGER NOT NULL DEFAULT 0,
  PRIMARY KEY (agency_id, kind, year)
);
