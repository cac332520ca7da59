-- 案卷评查 and 案例指导 (docs/supervision.md): scoring templates, evaluation rounds drawn with the
-- 双随机 engine, the files' scores and rectifications; guidance cases.

-- An agency's scoring template (JSON as domain/evaluation.h reads it); none: the default.
CREATE TABLE evaluation_templates (
  agency_id  INTEGER PRIMARY KEY REFERENCES agencies (id),
  body       TEXT NOT NULL,
  updated_by INTEGER NOT NULL,
  updated_at TEXT NOT NULL
);

-- A round: the pool of closed files fixed (root and size) when it is created, the draw once.
CREATE TABLE evaluation_rounds (
  id           INTEGER PRIMARY KEY,
  agency_id    INTEGER NOT NULL REFERENCES agencies (id),
  title        TEXT NOT NULL,
  closed_from  TEXT NOT NULL,
  closed_to    TEXT NOT NULL,
  count        INTEGER NOT NULL,
  source       TEXT NOT NULL,
  template     TEXT NOT NULL,
  pool         TEXT NOT NULL,
  pool_size    INTEGER NOT NULL,
  pool_root    TEXT NOT NULL,
  status       TEXT NOT NULL CHECK (status IN ('published', 'drawn')),
  public_value TEXT,
  seed         TEXT,
  created_by   INTEGER NOT NULL,
  created_at   TEXT NOT NULL,
  drawn_at     TEXT
);
CREATE INDEX evaluation_rounds_agency ON evaluation_rounds (agency_id, id);

CREATE TABLE evaluation_files (
  round_id     INTEGER NOT NULL REFERENCES evaluation_rounds (id),
  case_id      INTEGER NOT NULL REFERENCES cases (id),
  position     INTEGER NOT NULL,
  status       TEXT NOT NULL CHECK (status IN ('pending', 'scored')),
  score        INTEGER,
  grade        TEXT,
  vetoed       INTEGER NOT NULL DEFAULT 0,
  findings     TEXT NOT NULL DEFAULT '[]',
  items        TEXT NOT NULL DEFAULT '[]',
  evaluated_by INTEGER REFERENCES users (id),
  evaluated_at TEXT,
  evaluated_on TEXT,
  PRIMARY KEY (round_id, case_id)
);
CREATE INDEX evaluation_files_on ON evaluation_files (evaluated_on);

CREATE TABLE rectifications (
  id           INTEGER PRIMARY KEY,
  round_id     INTEGER NOT NULL REFERENCES evaluation_rounds (id),
  case_id      INTEGER NOT NULL REFERENCES cases (id),
  agency_id    INTEGER NOT NULL REFERENCES agencies (id),
  request      TEXT NOT NULL,
  due_on       TEXT NOT NULL,
  status       TEXT NOT NULL CHECK (status IN ('open', 'responded', 'accepted', 'returned')),
  response     TEXT,
  responded_on TEXT,
  responded_by INTEGER,
  review_note  TEXT NOT NULL DEFAULT '',
  reviewed_by  INTEGER,
  reviewed_at  TEXT,
  created_by   INTEGER NOT NULL,
  created_at   TEXT NOT NULL,
  UNIQUE (round_id, case_id)
);
CREATE INDEX rectifications_agency ON rectifications (agency_id, status);

-- 案例指导: a closed case published, redacted, with the legal point it illustrates.
CREATE TABLE guidance_cases (
  id            INTEGER PRIMARY KEY,
  agency_id     INTEGER NOT NULL REFERENCES agencies (id),
  case_id       INTEGER NOT NULL REFERENCES cases (id),
  case_number   TEXT NOT NULL,
  category      TEXT NOT NULL,
  title         TEXT NOT NULL,
  legal_point   TEXT NOT NULL,
  summary       TEXT NOT NULL,
  facts         TEXT NOT NULL,
  decision      TEXT NOT NULL,
  status        TEXT NOT NULL CHECK (status IN ('draft', 'published', 'withdrawn')),
  withdraw_reason TEXT,
  published_on  TEXT,
  created_by    INTEGER NOT NULL,
  created_at    TEXT NOT NULL,
  updated_at    TEXT NOT NULL,
  UNIQUE (case_id)
);
CREATE INDEX guidance_cases_status ON guidance_cases (status, published_on);
