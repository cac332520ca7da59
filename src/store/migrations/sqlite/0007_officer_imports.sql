-- Each personnel import (人员批量导入): who loaded which file into which agency, and how many
-- officers it created. The original file is kept in the blob store under `file_digest`, and the
-- digest is in the import's ledger leaf, so the source of the personnel records stays provable.
CREATE TABLE officer_imports (
  id          INTEGER PRIMARY KEY,
  agency_id   INTEGER NOT NULL REFERENCES agencies (id),
  file_digest TEXT NOT NULL,
  file_size   INTEGER NOT NULL,
  officers    INTEGER NOT NULL,
  actor_id    INTEGER NOT NULL,  -- 0 for the system
  created_at  TEXT NOT NULL
);
