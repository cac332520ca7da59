-- 双随机、一公开 (docs/draw.md; RULES.md §6): the target roster, conflicts of interest, the item
-- list, plans with their strata, the pools as published, the draw, replacements and results.

-- 检查对象名录库: one row per unit, keyed in the agency by its 统一社会信用代码.
CREATE TABLE inspection_targets (
  id                INTEGER PRIMARY KEY,
  agency_id         INTEGER NOT NULL REFERENCES agencies (id),
  name              TEXT NOT NULL,
  credit_code       TEXT NOT NULL,
  district          TEXT NOT NULL DEFAULT '',
  industry          TEXT NOT NULL DEFAULT '',
  size              TEXT NOT NULL DEFAULT '',
  risk_grade        TEXT NOT NULL DEFAULT 'low' CHECK (risk_grade IN ('low', 'medium', 'high')),
  complaints        INTEGER NOT NULL DEFAULT 0,
  last_inspected_on TEXT,
  created_at        TEXT NOT NULL,
  updated_at        TEXT NOT NULL,
  UNIQUE (agency_id, credit_code)
);
CREATE INDEX inspection_targets_district ON inspection_targets (agency_id, district, id);

-- An import of the roster; the file is kept in the blob store under its digest.
CREATE TABLE inspection_target_imports (
  id          INTEGER PRIMARY KEY,
  agency_id   INTEGER NOT NULL REFERENCES agencies (id),
  file_digest TEXT NOT NULL,
  format      TEXT NOT NULL CHECK (format IN ('csv', 'xlsx')),
  created     INTEGER NOT NULL,
  updated     INTEGER NOT NULL,
  actor_id    INTEGER NOT NULL,
  created_at  TEXT NOT NULL
);

-- 利害关系: an inspector must recuse from this target in every draw.
CREATE TABLE inspection_conflicts (
  id         INTEGER PRIMARY KEY,
  agency_id  INTEGER NOT NULL REFERENCES agencies (id),
  officer_id INTEGER NOT NULL REFERENCES officers (id),
  target_id  INTEGER NOT NULL REFERENCES inspection_targets (id),
  kind       TEXT NOT NULL
               CHECK (kind IN ('relative', 'former_employment', 'prior_dealing', 'other')),
  note       TEXT NOT NULL DEFAULT '',
  actor_id   INTEGER NOT NULL,
  created_at TEXT NOT NULL,
  UNIQUE (officer_id, target_id, kind)
);
CREATE INDEX inspection_conflicts_target ON inspection_conflicts (target_id);

-- 随机抽查事项清单, each item under a 行政检查 power item.
CREATE TABLE inspection_items (
  id            INTEGER PRIMARY KEY,
  agency_id     INTEGER NOT NULL REFERENCES agencies (id),
  code          TEXT NOT NULL,
  name          TEXT NOT NULL,
  power_item_id INTEGER NOT NULL REFERENCES power_items (id),
  subject       TEXT NOT NULL,
  method        TEXT NOT NULL,
  content       TEXT NOT NULL DEFAULT '',
  created_at    TEXT NOT NULL,
  UNIQUE (agency_id, code)
);

-- A plan; `scope` and `strata` are JSON as the API writes them (docs/draw.md). From `published`
-- on nothing of it changes; `bundle_digest` is the SHA-256 of the bundle at the last step.
CREATE TABLE inspection_plans (
  id            INTEGER PRIMARY KEY,
  agency_id     INTEGER NOT NULL REFERENCES agencies (id),
  code          TEXT NOT NULL,
  title         TEXT NOT NULL,
  item_id       INTEGER NOT NULL REFERENCES inspection_items (id),
  area          TEXT NOT NULL,
  scope         TEXT NOT NULL,
  frequency     TEXT NOT NULL DEFAULT '',
  period_start  TEXT NOT NULL,
  period_end    TEXT NOT NULL,
  team_size     INTEGER NOT NULL,
  source        TEXT NOT NULL,
  draw_date     TEXT NOT NULL,
  strata        TEXT NOT NULL,
  status        TEXT NOT NULL CHECK (status IN ('draft', 'published', 'drawn')),
  public_value  TEXT,
  team_seed     TEXT,
  bundle_digest TEXT,
  created_at    TEXT NOT NULL,
  updated_at    TEXT NOT NULL,
  published_at  TEXT,
  drawn_at      TEXT,
  UNIQUE (agency_id, code)
);

-- The strata as published: counts fixed, pools' roots; after the draw, inputs, seeds, selections.
CREATE TABLE inspection_strata (
  plan_id   INTEGER NOT NULL REFERENCES inspection_plans (id),
  idx       INTEGER NOT NULL,
  name      TEXT NOT NULL,
  filter    TEXT NOT NULL,
  ratio     TEXT NOT NULL DEFAULT '',
  count     INTEGER NOT NULL,
  pool_size INTEGER NOT NULL,
  pool_root TEXT NOT NULL,
  input     TEXT,
  seed      TEXT,
  selected  TEXT,
  PRIMARY KEY (plan_id, idx)
);

-- The pools as published (names and codes as they were then, so the roots stay reproducible).
CREATE TABLE inspection_pool (
  plan_id     INTEGER NOT NULL REFERENCES inspection_plans (id),
  stratum     INTEGER NOT NULL,
  position    INTEGER NOT NULL,
  target_id   INTEGER NOT NULL,
  credit_code TEXT NOT NULL,
  name        TEXT NOT NULL,
  PRIMARY KEY (plan_id, stratum, position)
);
-- Which pool a target is in (the recusals a draw must respect).
CREATE INDEX inspection_pool_target ON inspection_pool (plan_id, target_id);

-- The inspectors and recusals the draw saw.
CREATE TABLE inspection_draw_inspectors (
  plan_id     INTEGER NOT NULL REFERENCES inspection_plans (id),
  officer_id  INTEGER NOT NULL REFERENCES officers (id),
  name        TEXT NOT NULL,
  cert_number TEXT NOT NULL,
  load        INTEGER NOT NULL,
  PRIMARY KEY (plan_id, officer_id)
);
CREATE TABLE inspection_draw_recusals (
  plan_id    INTEGER NOT NULL REFERENCES inspection_plans (id),
  officer_id INTEGER NOT NULL,
  target_id  INTEGER NOT NULL,
  kind       TEXT NOT NULL,
  PRIMARY KEY (plan_id, target_id, officer_id)
);

-- One drawn target: its team as drawn and as it stands after replacements (JSON id arrays).
CREATE TABLE inspection_assignments (
  plan_id   INTEGER NOT NULL REFERENCES inspection_plans (id),
  seq       INTEGER NOT NULL,
  stratum   INTEGER NOT NULL,
  target_id INTEGER NOT NULL REFERENCES inspection_targets (id),
  drawn     TEXT NOT NULL,
  team      TEXT NOT NULL,
  PRIMARY KEY (plan_id, seq),
  UNIQUE (plan_id, target_id)
);

CREATE TABLE inspection_replacements (
  plan_id    INTEGER NOT NULL REFERENCES inspection_plans (id),
  seq        INTEGER NOT NULL,
  target_id  INTEGER NOT NULL,
  out_id     INTEGER NOT NULL,
  in_id      INTEGER NOT NULL,
  reason     TEXT NOT NULL CHECK (reason IN ('recusal', 'absence')),
  note       TEXT NOT NULL,
  actor_id   INTEGER NOT NULL,
  at         TEXT NOT NULL,
  PRIMARY KEY (plan_id, seq)
);

-- 抽查结果: entered by the team, published within 20 working days (the deadline).
CREATE TABLE inspection_results (
  plan_id      INTEGER NOT NULL REFERENCES inspection_plans (id),
  target_id    INTEGER NOT NULL REFERENCES inspection_targets (id),
  outcome      TEXT NOT NULL CHECK (outcome IN ('no_problem', 'rectify', 'case')),
  case_id      INTEGER REFERENCES cases (id),
  note         TEXT NOT NULL DEFAULT '',
  entered_by   INTEGER NOT NULL,
  entered_at   TEXT NOT NULL,
  result_on    TEXT NOT NULL,
  deadline_id  INTEGER REFERENCES deadlines (id),
  published_on TEXT,
  PRIMARY KEY (plan_id, target_id)
);
