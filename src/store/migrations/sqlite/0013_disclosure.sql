-- Public disclosure (执法公示), docs/disclosure.md; the rules are src/domain/disclosure.h and
-- src/domain/redaction.h.

-- One item of 事后公开: drafted when a decision is made, published by the 公示管理员, corrected,
-- withdrawn or expired in the open. `target`, `conclusion` and `body` are the redacted text;
-- `source` (JSON, the unredacted fields and the redaction context) exists only while the item can
-- still be published or corrected, and is cleared when it is taken down. `content` is the
-- canonical JSON of what is published (its SHA-256 is the ledger leaf's "content" digest).
-- `pub_seq` orders the published items (by first publication) and keys the search index.
CREATE TABLE disclosures (
  id                  INTEGER PRIMARY KEY,
  agency_id           INTEGER NOT NULL REFERENCES agencies (id),
  case_id             INTEGER REFERENCES cases (id),
  document_id         INTEGER REFERENCES documents (id),
  kind                TEXT NOT NULL CHECK (kind IN ('penalty', 'result')),
  status              TEXT NOT NULL
                        CHECK (status IN ('draft', 'published', 'withdrawn', 'expired', 'withheld')),
  title               TEXT NOT NULL,
  document_number     TEXT NOT NULL DEFAULT '',
  target              TEXT NOT NULL,
  target_kind         TEXT NOT NULL CHECK (target_kind IN ('citizen', 'organisation')),
  category            TEXT NOT NULL,
  conclusion          TEXT NOT NULL,
  body                TEXT NOT NULL DEFAULT '',
  fine                INTEGER,
  decided_on          TEXT NOT NULL,
  due_on              TEXT,
  deadline_id         INTEGER REFERENCES deadlines (id),
  source              TEXT,
  manual              TEXT NOT NULL DEFAULT '[]',
  withhold_reason     TEXT,
  withhold_note       TEXT NOT NULL DEFAULT '',
  pub_seq             INTEGER UNIQUE,
  published_on        TEXT,
  published_at        TEXT,
  published_by        INTEGER REFERENCES users (id),
  display_until       TEXT,
  withdraw_reason     TEXT,
  withdraw_note       TEXT NOT NULL DEFAULT '',
  withdraw_occurred_on TEXT,
  withdrawn_on        TEXT,
  withdraw_deadline_id INTEGER REFERENCES deadlines (id),
  revision            INTEGER NOT NULL DEFAULT 0,
  content             TEXT,
  content_digest      TEXT,
  version             INTEGER NOT NULL DEFAULT 1,
  created_at          TEXT NOT NULL,
  updated_at          TEXT NOT NULL
);
-- The workbench lists by agency and status, newest first; the public reads published items by
-- pub_seq (the order of publication, so also of publication date), per agency or by date range;
-- the sweeper finds the ones whose display period is over.
CREATE INDEX disclosures_by_agency ON disclosures (agency_id, status, id);
CREATE INDEX disclosures_by_case ON disclosures (case_id);
CREATE INDEX disclosures_by_seq ON disclosures (status, pub_seq);
CREATE INDEX disclosures_by_agency_seq ON disclosures (agency_id, status, pub_seq);
CREATE INDEX disclosures_by_date ON disclosures (published_on, pub_seq);
CREATE INDEX disclosures_expiry ON disclosures (status, display_until);

-- The public change history: every publication, correction, withdrawal and expiry, with the
-- digest of the content it left (the content itself goes when the item is taken down).
CREATE TABLE disclosure_revisions (
  disclosure_id INTEGER NOT NULL REFERENCES disclosures (id),
  revision      INTEGER NOT NULL,
  kind          TEXT NOT NULL CHECK (kind IN ('published', 'corrected', 'withdrawn', 'expired')),
  at            TEXT NOT NULL,
  reason        TEXT NOT NULL DEFAULT '',
  fields        TEXT NOT NULL DEFAULT '[]',
  digest        TEXT,
  actor_id      INTEGER,
  PRIMARY KEY (disclosure_id, revision)
);

-- An agency's own display periods (domain::DisplayPolicy); none: the defaults.
CREATE TABLE disclosure_policies (
  agency_id          INTEGER PRIMARY KEY REFERENCES agencies (id),
  short_months       INTEGER NOT NULL,
  long_years         INTEGER NOT NULL,
  small_citizen      INTEGER NOT NULL,
  small_organisation INTEGER NOT NULL,
  updated_by         INTEGER NOT NULL,
  updated_at         TEXT NOT NULL
);

-- Full-text search over the published items (trigram: Chinese without word breaking); rowid is
-- the item's pub_seq, so a search reads newest first and stops after a page. A trigram index
-- cannot look up a two-character word (most Chinese words), so `pairs` holds every pair of
-- adjacent characters of the short fields (title, 文号, target, category, conclusion), each
-- followed by U+241F: the pair 物业 is the trigram "物业␟" there.
CREATE VIRTUAL TABLE disclosure_search USING fts5 (
  text, pairs, agency_id UNINDEXED, kind UNINDEXED, category UNINDEXED, published_on UNINDEXED,
  target UNINDEXED, tokenize = 'trigram'
);

-- 事前公开 sections an agency writes itself (服务指南, 救济渠道, 监督方式, …), versioned; the
-- others (主体资格, 权责清单, 执法人员, 裁量基准, 法制审核目录清单, 流程图) come from the records.
CREATE TABLE public_sections (
  agency_id  INTEGER NOT NULL REFERENCES agencies (id),
  code       TEXT NOT NULL,
  content    TEXT NOT NULL,
  version    INTEGER NOT NULL,
  updated_by INTEGER NOT NULL,
  updated_at TEXT NOT NULL,
  PRIMARY KEY (agency_id, code)
);

-- A change of law, function or staff that the 事前公开 must follow within 20 working days
-- (publish.update), and the sections it touches; done when they have all been updated since.
CREATE TABLE public_changes (
  id           INTEGER PRIMARY KEY,
  agency_id    INTEGER NOT NULL REFERENCES agencies (id),
  occurred_on  TEXT NOT NULL,
  description  TEXT NOT NULL,
  sections     TEXT NOT NULL,
  deadline_id  INTEGER REFERENCES deadlines (id),
  done_on      TEXT,
  created_by   INTEGER NOT NULL,
  created_at   TEXT NOT NULL
);

-- Secrets of the installation shared by every server process (the page-token MAC key).
CREATE TABLE installation_secrets (
  name  TEXT PRIMARY KEY,
  value TEXT NOT NULL
);
