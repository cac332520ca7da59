-- Organisations that supervise rather than enforce (the city's 司法局), API tokens for system
-- integrations, and the agency of each sign-in record (so each agency reads only its own).
ALTER TABLE agencies ADD COLUMN kind TEXT NOT NULL DEFAULT 'enforcement'
  CHECK (kind IN ('enforcement', 'supervisor'));

-- A user's 内设机构, when their data scope is one department (officers, unit heads).
ALTER TABLE users ADD COLUMN department_id INTEGER REFERENCES departments (id);

ALTER TABLE auth_events ADD COLUMN agency_id INTEGER REFERENCES agencies (id);
CREATE INDEX auth_events_agency ON auth_events (agency_id, id);

-- Only the SHA-256 of a token is stored; `prefix` (the first characters) lets people tell
-- tokens apart without the secret.
CREATE TABLE api_tokens (
  id           INTEGER PRIMARY KEY,
  agency_id    INTEGER NOT NULL REFERENCES agencies (id),
  name         TEXT NOT NULL,
  prefix       TEXT NOT NULL,
  token_hash   TEXT NOT NULL UNIQUE,
  scopes       TEXT NOT NULL,
  created_by   INTEGER NOT NULL REFERENCES users (id),
  created_at   TEXT NOT NULL,
  expires_at   TEXT,
  last_used_at TEXT,
  revoked_at   TEXT
);
CREATE INDEX api_tokens_agency ON api_tokens (agency_id, id);

-- 机关负责人: the agency's leaders as published (name and post), in display order.
CREATE TABLE agency_leaders (
  agency_id INTEGER NOT NULL REFERENCES agencies (id),
  position  INTEGER NOT NULL,
  name      TEXT NOT NULL,
  title     TEXT NOT NULL,
  PRIMARY KEY (agency_id, position)
);
