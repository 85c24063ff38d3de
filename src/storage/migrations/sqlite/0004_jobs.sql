-- Background jobs, leased by the workers of the nodes (see src/jobs/).
CREATE TABLE jobs (
  id           INTEGER PRIMARY KEY,
  kind         TEXT NOT NULL,
  payload      TEXT NOT NULL DEFAULT '{}',
  state        TEXT NOT NULL CHECK (state IN ('queued', 'running', 'done', 'failed')),
  run_at       INTEGER NOT NULL,
  attempts     INTEGER NOT NULL DEFAULT 0,
  lease_owner  TEXT,
  lease_until  INTEGER,
  last_error   TEXT NOT NULL DEFAULT '',
  dedupe_key   TEXT UNIQUE,
  created_at   INTEGER NOT NULL,
  finished_at  INTEGER
);
CREATE INDEX jobs_due ON jobs (state, run_at);
-- The maintenance job purges expired sessions in batches by expiry.
CREATE INDEX sessions_expiry ON sessions (expires_at);
