-- Performance reviews (绩效考核): a cycle per month with its weighted indicators (one JSON text), a
-- scorecard per engineer with one row per indicator, appeals, and the audit trail of who did what when.
-- Scores are integers (tenths of a point, totals in thousandths) so that totals and ties are exact; see
-- docs/reviews.md for what each figure means.

CREATE TABLE review_cycles (
  id            INTEGER PRIMARY KEY,
  month         TEXT NOT NULL UNIQUE,        -- 'YYYY-MM', local month of the server's zone
  state         TEXT NOT NULL CHECK (state IN ('draft', 'published')),
  indicators    TEXT NOT NULL,
  appeal_days   INTEGER NOT NULL,
  created_by    INTEGER NOT NULL REFERENCES users (id),
  created_at    INTEGER NOT NULL,
  updated_at    INTEGER NOT NULL,
  computed_at   INTEGER,
  published_by  INTEGER REFERENCES users (id),
  published_at  INTEGER,
  appeal_until  INTEGER
);

CREATE TABLE review_scorecards (
  id                INTEGER PRIMARY KEY,
  cycle_id          INTEGER NOT NULL REFERENCES review_cycles (id),
  engineer_id       INTEGER NOT NULL REFERENCES users (id),
  team_id           INTEGER REFERENCES teams (id),
  total_milli       INTEGER NOT NULL DEFAULT 0,
  self_assessment   TEXT,
  self_assessed_at  INTEGER,
  created_at        INTEGER NOT NULL,
  updated_at        INTEGER NOT NULL,
  UNIQUE (cycle_id, engineer_id)
);
CREATE INDEX review_scorecards_engineer ON review_scorecards (engineer_id);

-- One row per indicator of a scorecard. num/den: the figures a computed score came from.
CREATE TABLE review_items (
  scorecard_id  INTEGER NOT NULL REFERENCES review_scorecards (id),
  key           TEXT NOT NULL,
  num           INTEGER,
  den           INTEGER,
  score_tenths  INTEGER CHECK (score_tenths BETWEEN 0 AND 1000),
  explain_zh    TEXT NOT NULL DEFAULT '',
  explain_en    TEXT NOT NULL DEFAULT '',
  note          TEXT NOT NULL DEFAULT '',
  scored_by     INTEGER REFERENCES users (id),
  scored_at     INTEGER,
  PRIMARY KEY (scorecard_id, key)
) WITHOUT ROWID;

CREATE TABLE review_appeals (
  id                INTEGER PRIMARY KEY,
  scorecard_id      INTEGER NOT NULL REFERENCES review_scorecards (id),
  item_key          TEXT NOT NULL,
  reason            TEXT NOT NULL,
  state             TEXT NOT NULL CHECK (state IN ('open', 'answered')),
  answer            TEXT NOT NULL DEFAULT '',
  old_score_tenths  INTEGER,
  new_score_tenths  INTEGER,
  created_by        INTEGER NOT NULL REFERENCES users (id),
  created_at        INTEGER NOT NULL,
  answered_by       INTEGER REFERENCES users (id),
  answered_at       INTEGER
);
CREATE INDEX review_appeals_scorecard ON review_appeals (scorecard_id, id);
-- One appeal per item of a scorecard.
CREATE UNIQUE INDEX review_appeals_item ON review_appeals (scorecard_id, item_key);

-- The audit trail: created, updated, computed, manual_score, self_assessment, published, appeal, answer.
CREATE TABLE review_events (
  id            INTEGER PRIMARY KEY,
  cycle_id      INTEGER NOT NULL REFERENCES review_cycles (id),
  scorecard_id  INTEGER REFERENCES review_scorecards (id),
  actor_id      INTEGER NOT NULL REFERENCES users (id),
  at            INTEGER NOT NULL,
  action        TEXT NOT NULL,
  item_key      TEXT,
  before        TEXT,
  after         TEXT
);
CREATE INDEX review_events_cycle ON review_events (cycle_id, id);
CREATE TRIGGER review_events_immutable BEFORE UPDATE ON review_events
BEGIN
  SELECT RAISE(ABORT, 'the review audit trail is immutable');
END;
CREATE TRIGGER review_events_no_delete BEFORE DELETE ON review_events
BEGIN
  SELECT RAISE(ABORT, 'the review audit trail is kept');
END;

