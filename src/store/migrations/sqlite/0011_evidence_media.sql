-- What the server read from an evidence file with libavformat (JSON: format, durationMs,
-- streams, creationTime, deviceMake, deviceModel, encoder; empty when the file is no media or
-- could not be read) and the digest of its poster frame in the blob store (empty when none).
ALTER TABLE evidence ADD COLUMN media TEXT NOT NULL DEFAULT '';
ALTER TABLE evidence ADD COLUMN poster TEXT NOT NULL DEFAULT '';
