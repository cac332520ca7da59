-- The record ledger (RFC 9162 Merkle log, C2SP checkpoints and tiles).
-- Leaves are appended to ledger_pending in the same transaction as the change they record; the
-- sequencer moves them, in order, into ledger_leaves and writes their stored hashes (the
-- golang.org/x/mod/sumdb/tlog layout) and a signed checkpoint. Nothing here is ever updated.
CREATE TABLE ledger_pending (
  id         INTEGER PRIMARY KEY,
  object     TEXT NOT NULL,
  entry      TEXT NOT NULL,
  created_at TEXT NOT NULL
);

CREATE TABLE ledger_leaves (
  idx           INTEGER PRIMARY KEY,
  object        TEXT NOT NULL,
  entry         TEXT NOT NULL,
  integrated_at TEXT NOT NULL
);

-- An object's history: which leaves concern it ("officer:7" → leaf indexes).
CREATE INDEX ledger_leaves_object ON ledger_leaves (object, idx);

-- Stored hash number `id` (lower-case hex of 32 bytes).
CREATE TABLE ledger_hashes (
  id   INTEGER PRIMARY KEY,
  hash TEXT NOT NULL
);

-- Every checkpoint ever signed: any two can be proven consistent.
CREATE TABLE ledger_checkpoints (
  size       INTEGER PRIMARY KEY,
  root       TEXT NOT NULL,
  note       TEXT NOT NULL,
  created_at TEXT NOT NULL
);
