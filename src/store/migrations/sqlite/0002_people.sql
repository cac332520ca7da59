-- 执法人员库 and 法制审核人员库: officers, their 执法证 and their training record.
-- Only what the portal must publish (姓名, 职务, 执法证号, 执法区域, 执法类别 — 国办发〔2018〕118号 二)
-- and what the certificate and review rules need: no ID numbers, phones or addresses.
CREATE TABLE officers (
  id                         INTEGER PRIMARY KEY,
  agency_id                  INTEGER NOT NULL REFERENCES agencies (id),
  department_id              INTEGER REFERENCES departments (id),
  name                       TEXT NOT NULL,
  title                      TEXT NOT NULL,
  cert_number                TEXT NOT NULL UNIQUE,
  cert_issuer                TEXT NOT NULL,
  cert_issued_on             TEXT NOT NULL,
  cert_expires_on            TEXT NOT NULL,
  cert_status                TEXT NOT NULL CHECK (cert_status IN ('有效', '暂扣', '注销')),
  enforcement_category       TEXT NOT NULL,
  enforcement_area           TEXT NOT NULL,
  is_legal_reviewer          INTEGER NOT NULL DEFAULT 0 CHECK (is_legal_reviewer IN (0, 1)),
  legal_qualification_number TEXT,
  -- 初次从事法制审核: must hold the 法律职业资格 (行政处罚法 第58条).
  first_time_reviewer        INTEGER NOT NULL DEFAULT 0 CHECK (first_time_reviewer IN (0, 1)),
  created_at                 TEXT NOT NULL,
  updated_at                 TEXT NOT NULL,
  CHECK (first_time_reviewer = 0 OR (is_legal_reviewer = 1 AND legal_qualification_number IS NOT NULL))
);
CREATE INDEX officers_agency ON officers (agency_id, id);

CREATE TABLE trainings (
  id         INTEGER PRIMARY KEY,
  officer_id INTEGER NOT NULL REFERENCES officers (id),
  kind       TEXT NOT NULL CHECK (kind IN ('岗前培训', '岗位培训')),
  held_on    TEXT NOT NULL,
  hours      INTEGER NOT NULL CHECK (hours > 0),
  result     TEXT NOT NULL CHECK (result IN ('合格', '不合格')),
  created_at TEXT NOT NULL
);
CREATE INDEX trainings_officer ON trainings (officer_id, id);
