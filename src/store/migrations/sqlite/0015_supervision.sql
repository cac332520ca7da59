-- 监督考核 (docs/supervision.md): complaints, the facts of each case the statistics count,
-- 行政复议/行政诉讼 outcomes, and the annual statistics report's versions.

-- 投诉举报, filed on the portal. `contacts` are the complainant's (empty when anonymous) and never
-- leave the workbench; `content_digest` finds the same text filed twice within a day.
CREATE TABLE complaints (
  id             INTEGER PRIMARY KEY,
  agency_id      INTEGER NOT NULL REFERENCES agencies (id),
  tracking       TEXT NOT NULL UNIQUE,
  upload_token   TEXT NOT NULL,
  topic          TEXT NOT NULL,
  subject        TEXT NOT NULL,
  content        TEXT NOT NULL,
  content_digest TEXT NOT NULL,
  name           TEXT NOT NULL DEFAULT '',
  phone          TEXT NOT NULL DEFAULT '',
  email          TEXT NOT NULL DEFAULT '',
  about          TEXT NOT NULL DEFAULT '',
  status         TEXT NOT NULL
                   CHECK (status IN ('received', 'assigned', 'replied', 'case_opened', 'not_accepted')),
  received_on    TEXT NOT NULL,
  received_at    TEXT NOT NULL,
  deadline_id    INTEGER REFERENCES deadlines (id),
  due_on         TEXT NOT NULL,
  assignee_id    INTEGER REFERENCES users (id),
  outcome        TEXT CHECK (outcome IN ('substantiated', 'partly', 'unsubstantiated')),
  reply          TEXT,
  replied_on     TEXT,
  replied_by     INTEGER REFERENCES users (id),
  case_id        INTEGER REFERENCES cases (id),
  version        INTEGER NOT NULL DEFAULT 1,
  updated_at     TEXT NOT NULL
);
CREATE INDEX complaints_agency ON complaints (agency_id, status, id);
CREATE INDEX complaints_received ON complaints (agency_id, received_on);
CREATE INDEX complaints_digest ON complaints (content_digest, received_at);

-- Files attached by the complainant, kept in the blob store under their digest.
CREATE TABLE complaint_attachments (
  complaint_id INTEGER NOT NULL REFERENCES complaints (id),
  idx          INTEGER NOT NULL,
  name         TEXT NOT NULL,
  media_type   TEXT NOT NULL,
  size         INTEGER NOT NULL,
  digest       TEXT NOT NULL,
  created_at   TEXT NOT NULL,
  PRIMARY KEY (complaint_id, idx)
);

-- What happened to a complaint, as its status page shows it (no names of staff).
CREATE TABLE complaint_events (
  id           INTEGER PRIMARY KEY,
  complaint_id INTEGER NOT NULL REFERENCES complaints (id),
  on_date      TEXT NOT NULL,
  at           TEXT NOT NULL,
  action       TEXT NOT NULL,
  actor_id     INTEGER,
  note         TEXT NOT NULL DEFAULT ''
);
CREATE INDEX complaint_events_complaint ON complaint_events (complaint_id, id);

-- The facts of a case that statistics count, kept by the case service with every step (the case's
-- `flow` is the record; this is its index). Filled here from the cases there are.
CREATE TABLE case_facts (
  case_id       INTEGER PRIMARY KEY REFERENCES cases (id),
  agency_id     INTEGER NOT NULL REFERENCES agencies (id),
  department_id INTEGER,
  power_item_id INTEGER NOT NULL,
  category      TEXT NOT NULL,
  procedure     TEXT NOT NULL,
  stage         TEXT NOT NULL,
  filed_on      TEXT,
  decided_on    TEXT,
  outcome       TEXT,
  fine          INTEGER,
  hearing_held  INTEGER NOT NULL DEFAULT 0,
  discussed     INTEGER NOT NULL DEFAULT 0,
  closed_on     TEXT
);
-- The report counts a year's decisions from this index alone (outcome, procedure and fine in it).
CREATE INDEX case_facts_decided ON case_facts (agency_id, decided_on, outcome, procedure, fine);
CREATE INDEX case_facts_filed ON case_facts (agency_id, filed_on);
INSERT INTO case_facts (case_id, agency_id, department_id, power_item_id, category, procedure,
                        stage, filed_on, decided_on, outcome, fine, hearing_held, discussed,
                        closed_on)
SELECT c.id, c.agency_id, c.department_id, c.power_item_id, p.category, c.procedure, c.stage,
       c.filed_on, json_extract(c.flow, '$.decidedOn'), json_extract(c.flow, '$.outcome'),
       json_extract(c.flow, '$.decidedFine'),
       CASE WHEN json_extract(c.flow, '$.hearingHeld') THEN 1 ELSE 0 END,
       CASE WHEN json_extract(c.flow, '$.discussed') THEN 1 ELSE 0 END,
       json_extract(c.flow, '$.closedOn')
FROM cases c JOIN power_items p ON p.id = c.power_item_id;

-- Steps of a kind counted by the report (hearings, seizures, …) by when they were taken; the
-- deadlines, reviews and publications of a year, likewise from their indexes.
CREATE INDEX case_events_action ON case_events (action, at);
CREATE INDEX deadlines_rule_due ON deadlines (agency_id, rule_code, due_date, done_on);
CREATE INDEX review_submissions_submitted ON review_submissions (agency_id, submitted_at);
CREATE INDEX disclosures_published ON disclosures (agency_id, published_on, kind);
CREATE INDEX disclosures_withdrawn ON disclosures (agency_id, withdrawn_on);

-- 行政复议 and 行政诉讼 outcomes of a case, as recorded by the agency.
CREATE TABLE case_remedies (
  id          INTEGER PRIMARY KEY,
  case_id     INTEGER NOT NULL REFERENCES cases (id),
  agency_id   INTEGER NOT NULL REFERENCES agencies (id),
  kind        TEXT NOT NULL CHECK (kind IN ('reconsideration', 'litigation')),
  outcome     TEXT NOT NULL
                CHECK (outcome IN ('upheld', 'revoked', 'altered', 'confirmed_illegal', 'dismissed')),
  decided_on  TEXT NOT NULL,
  authority   TEXT NOT NULL,
  note        TEXT NOT NULL DEFAULT '',
  recorded_by INTEGER NOT NULL,
  recorded_at TEXT NOT NULL
);
CREATE INDEX case_remedies_case ON case_remedies (case_id, id);
CREATE INDEX case_remedies_agency ON case_remedies (agency_id, decided_on);

-- 行政执法统计年报: every compiled draft and every published version. `data` is the report's
-- canonical JSON (its SHA-256 is `digest`, in the ledger when published).
CREATE TABLE annual_reports (
  id           INTEGER PRIMARY KEY,
  agency_id    INTEGER NOT NULL REFERENCES agencies (id),
  year         INTEGER NOT NULL,
  version      INTEGER NOT NULL,
  status       TEXT NOT NULL CHECK (status IN ('draft', 'published', 'superseded', 'discarded')),
  data         TEXT NOT NULL,
  digest       TEXT NOT NULL,
  note         TEXT NOT NULL DEFAULT '',
  compiled_at  TEXT NOT NULL,
  compiled_by  INTEGER NOT NULL,
  published_on TEXT,
  published_at TEXT,
  published_by INTEGER,
  deadline_id  INTEGER REFERENCES deadlines (id)
);
CREATE INDEX annual_reports_year ON annual_reports (agency_id, year, id);
