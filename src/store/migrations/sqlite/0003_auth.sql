-- Staff accounts, roles, password history, sessions and the sign-in audit trail.
CREATE TABLE users (
  id                  INTEGER PRIMARY KEY,
  agency_id           INTEGER NOT NULL REFERENCES agencies (id),
  username            TEXT NOT NULL UNIQUE,
  display_name        TEXT NOT NULL,
  password_hash       TEXT NOT NULL,
  failed_attempts     INTEGER NOT NULL DEFAULT 0,
  locked_until        TEXT,
  disabled            INTEGER NOT NULL DEFAULT 0,
  password_changed_at TEXT NOT NULL,
  created_at          TEXT NOT NULL
);

CREATE TABLE user_roles (
  user_id INTEGER NOT NULL REFERENCES users (id),
  role    TEXT NOT NULL CHECK (role IN ('officer', 'unit_head', 'legal_reviewer', 'leader',
                                        'publisher', 'admin', 'supervisor')),
  PRIMARY KEY (user_id, role)
);

CREATE TABLE password_history (
  id            INTEGER PRIMARY KEY,
  user_id       INTEGER NOT NULL REFERENCES users (id),
  password_hash TEXT NOT NULL,
  created_at    TEXT NOT NULL
);
CREATE INDEX password_history_user ON password_history (user_id, id);

-- The cookie carries a random token; only its SHA-256 is stored.
CREATE TABLE sessions (
  token_hash   TEXT PRIMARY KEY,
  user_id      INTEGER NOT NULL REFERENCES users (id),
  csrf_token   TEXT NOT NULL,
  created_at   TEXT NOT NULL,
  last_seen_at TEXT NOT NULL,
  expires_at   TEXT NOT NULL,
  revoked      INTEGER NOT NULL DEFAULT 0
);
CREATE INDEX sessions_user ON sessions (user_id);

CREATE TABLE auth_events (
  id       INTEGER PRIMARY KEY,
  at       TEXT NOT NULL,
  kind     TEXT NOT NULL,
  user_id  INTEGER REFERENCES users (id),
  username TEXT NOT NULL,
  remote   TEXT NOT NULL,
  detail   TEXT NOT NULL
);
