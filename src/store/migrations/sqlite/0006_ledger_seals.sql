-- The seal behind each record digest in the ledger (DESIGN.md "The ledger and privacy").
-- A leaf carries only "sha256:…" of the seal; the seal lists the SHA-256 of every field of the
-- record and a random salt, so the public digest cannot be guessed from a few known fields and
-- `sanxiang ledger verify` can name the field that changed. Private: never served. Never updated;
-- deleted only together with the record it describes, when the law requires erasure.
CREATE TABLE ledger_seals (
  digest TEXT PRIMARY KEY,  -- "sha256:<hex>" of `seal`, as in the leaf
  object TEXT NOT NULL,     -- "officer:7"
  seal   TEXT NOT NULL
);
