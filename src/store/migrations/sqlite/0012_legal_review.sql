-- Legal review (法制审核) and collective discussion (集体讨论), docs/review.md; the rules are in
-- src/domain/review.h.

-- A user's record in the personnel database (执法人员库 / 法制审核人员库): a reviewer's
-- 法律职业资格 and first-review flag are read from it.
ALTER TABLE users ADD COLUMN officer_id INTEGER REFERENCES officers (id);

-- The agency's own catalogue rules (JSON array, domain::CatalogueRule); the statutory ones are
-- built in.
CREATE TABLE review_catalogues (
  agency_id  INTEGER PRIMARY KEY REFERENCES agencies (id),
  rules      TEXT NOT NULL,
  version    INTEGER NOT NULL,
  updated_by INTEGER NOT NULL,
  updated_at TEXT NOT NULL
);

-- One submission of a case for review (送审), numbered per case; `package` is the JSON
-- snapshot of the materials; `form` the reviewer's eight items and opinion.
CREATE TABLE review_submissions (
  id                  INTEGER PRIMARY KEY,
  case_id             INTEGER NOT NULL REFERENCES cases (id),
  agency_id           INTEGER NOT NULL REFERENCES agencies (id),
  round               INTEGER NOT NULL,
  package             TEXT NOT NULL,
  submitted_by        INTEGER NOT NULL,
  submitted_at        TEXT NOT NULL,
  reviewer_id         INTEGER,
  assigned_by         INTEGER,
  assigned_at         TEXT,
  due_on              TEXT,
  status              TEXT NOT NULL CHECK (status IN ('assigned', 'approved', 'problems')),
  form                TEXT,
  reviewed_at         TEXT,
  opinion_document_id INTEGER,
  response            TEXT CHECK (response IN ('accept', 'dispute')),
  response_reason     TEXT NOT NULL DEFAULT '',
  response_by         INTEGER,
  response_at         TEXT,
  UNIQUE (case_id, round)
);
CREATE INDEX review_submissions_queue ON review_submissions (agency_id, status, due_on);

-- 协商记录: the case unit and the reviewer on a disputed opinion.
CREATE TABLE review_messages (
  id            INTEGER PRIMARY KEY,
  submission_id INTEGER NOT NULL REFERENCES review_submissions (id),
  case_id       INTEGER NOT NULL REFERENCES cases (id),
  author_id     INTEGER NOT NULL,
  side          TEXT NOT NULL CHECK (side IN ('unit', 'review')),
  body          TEXT NOT NULL,
  created_at    TEXT NOT NULL
);
CREATE INDEX review_messages_case ON review_messages (case_id, id);

-- A collective discussion (集体讨论): the meeting, everyone's opinion, the decision.
CREATE TABLE discussions (
  id          INTEGER PRIMARY KEY,
  case_id     INTEGER NOT NULL REFERENCES cases (id),
  agency_id   INTEGER NOT NULL REFERENCES agencies (id),
  held_on     TEXT NOT NULL,
  place       TEXT NOT NULL,
  chair_id    INTEGER NOT NULL,
  attendees   TEXT NOT NULL,
  leadership  INTEGER NOT NULL,
  question    TEXT NOT NULL,
  opinions    TEXT NOT NULL,
  decision    TEXT NOT NULL,
  outcome     TEXT NOT NULL,
  fine        INTEGER,
  document_id INTEGER,
  recorded_by INTEGER NOT NULL,
  created_at  TEXT NOT NULL
);
CREATE INDEX discussions_case ON discussions (case_id, id);

-- Refused attempts (deciding without a review, reviewing one's own case, an incomplete package,
-- a second opinion, a discussion without quorum): who tried what, and why it was refused.
CREATE TABLE case_refusals (
  id         INTEGER PRIMARY KEY,
  case_id    INTEGER NOT NULL REFERENCES cases (id),
  agency_id  INTEGER NOT NULL REFERENCES agencies (id),
  actor_id   INTEGER NOT NULL,
  action     TEXT NOT NULL,
  reason     TEXT NOT NULL,
  created_at TEXT NOT NULL
);
CREATE INDEX case_refusals_case ON case_refusals (case_id, id);
