-- 执法主体 (agencies) and their 内设机构 (departments).
CREATE TABLE agencies (
  id          INTEGER PRIMARY KEY,
  code        TEXT NOT NULL UNIQUE,
  name        TEXT NOT NULL UNIQUE,
  standing    TEXT NOT NULL CHECK (standing IN ('法定', '授权', '委托')),
  legal_basis TEXT NOT NULL,
  created_at  TEXT NOT NULL
);

CREATE TABLE departments (
  id         INTEGER PRIMARY KEY,
  agency_id  INTEGER NOT NULL REFERENCES agencies (id),
  name       TEXT NOT NULL,
  created_at TEXT NOT NULL,
  UNIQUE (agency_id, name)
);
