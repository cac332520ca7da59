-- The working-day calendar's imported years and the deadline tracker (期限管理).
--
-- The State Council schedules shipped with the program are the base; each imported version of a
-- year (a new year, or an amending notice) is a row here, merged on top at start-up. `document`
-- is the year's whole history up to that version as a sanxiang.calendar/1 document.
CREATE TABLE calendar_years (
  id          INTEGER PRIMARY KEY,
  year        INTEGER NOT NULL,
  version     INTEGER NOT NULL CHECK (version >= 1),
  document    TEXT NOT NULL,
  notice      TEXT NOT NULL,
  imported_by INTEGER NOT NULL,  -- 0 for the command line
  imported_at TEXT NOT NULL,
  UNIQUE (year, version)
);

-- An agency's own period for a rule of the catalogue (domain/deadline.h): same unit, stricter
-- unless the rule is configurable.
CREATE TABLE deadline_overrides (
  agency_id INTEGER NOT NULL REFERENCES agencies (id),
  rule_code TEXT NOT NULL,
  amount    INTEGER NOT NULL,
  set_by    INTEGER NOT NULL,
  set_at    TEXT NOT NULL,
  PRIMARY KEY (agency_id, rule_code)
);

-- One obligation running against the clock. `period_amount` is the period it was opened with
-- (the agency's override or the rule's default), so recomputing after a calendar import keeps it.
-- Dates are YYYY-MM-DD (Asia/Shanghai), which sorts as text.
CREATE TABLE deadlines (
  id            INTEGER PRIMARY KEY,
  agency_id     INTEGER NOT NULL REFERENCES agencies (id),
  department_id INTEGER REFERENCES departments (id),
  rule_code     TEXT NOT NULL,
  period_amount INTEGER NOT NULL,
  subject       TEXT NOT NULL,
  object        TEXT NOT NULL DEFAULT '',
  assignee_id   INTEGER REFERENCES users (id),
  start_date    TEXT NOT NULL,
  due_date      TEXT NOT NULL,
  provisional   INTEGER NOT NULL DEFAULT 0 CHECK (provisional IN (0, 1)),
  explanation   TEXT NOT NULL,
  extended_days INTEGER NOT NULL DEFAULT 0 CHECK (extended_days >= 0),
  done_on       TEXT,
  created_by    INTEGER NOT NULL,
  created_at    TEXT NOT NULL
);
CREATE INDEX deadlines_agency_due ON deadlines (agency_id, due_date, id);
CREATE INDEX deadlines_open ON deadlines (due_date, id) WHERE done_on IS NULL;

-- 延长期限: each extension with its approval (行政处罚法 第60条).
CREATE TABLE deadline_extensions (
  id          INTEGER PRIMARY KEY,
  deadline_id INTEGER NOT NULL REFERENCES deadlines (id),
  days        INTEGER NOT NULL CHECK (days > 0),
  reason      TEXT NOT NULL,
  approved_by INTEGER NOT NULL REFERENCES users (id),
  at          TEXT NOT NULL
);
CREATE INDEX deadline_extensions_deadline ON deadline_extensions (deadline_id, id);

-- Due dates moved by a calendar import (a provisional year replaced by its schedule, or an
-- amended schedule), with the reason shown wherever the deadline is.
CREATE TABLE deadline_changes (
  id          INTEGER PRIMARY KEY,
  deadline_id INTEGER NOT NULL REFERENCES deadlines (id),
  at          TEXT NOT NULL,
  old_due     TEXT NOT NULL,
  new_due     TEXT NOT NULL,
  reason      TEXT NOT NULL
);
CREATE INDEX deadline_changes_deadline ON deadline_changes (deadline_id, id);
