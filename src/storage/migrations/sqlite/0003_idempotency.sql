-- Idempotency keys: a write request's key is stored in the same transaction as its effect; the
-- answer follows right after, so retries can be replayed. Purged after a day.
CREATE TABLE idempotency_keys (
  user_id       INTEGER NOT NULL,
  key           TEXT NOT NULL,
  request_hash  TEXT NOT NULL,
  status        INTEGER,
  content_type  TEXT,
  body          TEXT,
  created_at    INTEGER NOT NULL,
  PRIMARY KEY (user_id, key)
) WITHOUT ROWID;
CREATE INDEX idempotency_keys_created ON idempotency_keys (created_at);
