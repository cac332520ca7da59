-- Evidence (证据): resumable uploads of photos, audio and video, the stored evidence records,
-- and their chain of custody (every view, download and export).

-- An upload in progress: bytes arrive in chunks at `received`; the partial file lives under the
-- blob directory (uploads/<id>.part). `meta` is JSON: description, collectedAt, place, deviceId,
-- step.
CREATE TABLE uploads (
  id            INTEGER PRIMARY KEY,
  case_id       INTEGER NOT NULL REFERENCES cases (id),
  agency_id     INTEGER NOT NULL REFERENCES agencies (id),
  filename      TEXT NOT NULL,
  size          INTEGER NOT NULL CHECK (size > 0),
  received      INTEGER NOT NULL DEFAULT 0,
  declared_type TEXT NOT NULL,
  meta          TEXT NOT NULL,
  status        TEXT NOT NULL DEFAULT 'open' CHECK (status IN ('open', 'done', 'discarded')),
  created_by    INTEGER NOT NULL,
  created_at    TEXT NOT NULL,
  updated_at    TEXT NOT NULL
);
CREATE INDEX uploads_case ON uploads (case_id);

-- A stored evidence file: the bytes are in the blob store under `digest`, which the ledger
-- holds too (object "evidence:<id>"). `media_type` is sniffed from the bytes.
CREATE TABLE evidence (
  id           INTEGER PRIMARY KEY,
  case_id      INTEGER NOT NULL REFERENCES cases (id),
  agency_id    INTEGER NOT NULL REFERENCES agencies (id),
  upload_id    INTEGER NOT NULL UNIQUE REFERENCES uploads (id),
  filename     TEXT NOT NULL,
  media_type   TEXT NOT NULL,
  size         INTEGER NOT NULL,
  digest       TEXT NOT NULL,
  step         TEXT NOT NULL,
  description  TEXT NOT NULL,
  collected_at TEXT NOT NULL,
  place        TEXT NOT NULL,
  device_id    TEXT NOT NULL,
  collected_by INTEGER NOT NULL,
  created_at   TEXT NOT NULL
);
CREATE INDEX evidence_case ON evidence (case_id, id);

-- Chain of custody (保管链): who viewed, downloaded or exported a file, when, from where.
CREATE TABLE evidence_access (
  id          INTEGER PRIMARY KEY,
  evidence_id INTEGER NOT NULL REFERENCES evidence (id),
  user_id     INTEGER NOT NULL,
  action      TEXT NOT NULL CHECK (action IN ('view', 'download', 'export')),
  at          TEXT NOT NULL,
  remote      TEXT NOT NULL
);
CREATE INDEX evidence_access_evidence ON evidence_access (evidence_id, id);
