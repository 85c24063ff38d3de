-- Idempotency keys: a write request's key is stored in the same transaction as its effect; the
-- answer follows right after, so retries can be replayed. Purged after a day.
CREATE TABLE idempotency_keys (
  user_id       bigint NOT NULL,
  key           text NOT NULL,
  request_hash  text NOT NULL,
  status        integer,
  content_type  text,
  body          text,
  created_at    bigint NOT NULL,
  PRIMARY KEY (user_id, key)
);
CREATE INDEX idempotency_keys_created ON idempotency_keys (created_at);
