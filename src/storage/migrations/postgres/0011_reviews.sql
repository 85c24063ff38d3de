-- Performance reviews (绩效考核): a cycle per month with its weighted indicators (one JSON text), a
-- scorecard per engineer with one row per indicator, appeals, and the audit trail of who did what when.
-- Scores are integers (tenths of a point, totals in thousandths) so that totals and ties are exact; see
-- docs/reviews.md for what each figure means.

CREATE TABLE review_cycles (
  id            bigserial PRIMARY KEY,
  month         text NOT NULL UNIQUE,
  state         text NOT NULL CHECK (state IN ('draft', 'published')),
  indicators    text NOT NULL,
  appeal_days   integer NOT NULL,
  created_by    bigint NOT NULL REFERENCES users (id),
  created_at    bigint NOT NULL,
  updated_at    bigint NOT NULL,
  computed_at   bigint,
  published_by  bigint REFERENCES users (id),
  published_at  bigint,
  appeal_until  bigint
);

CREATE TABLE review_scorecards (
  id                bigserial PRIMARY KEY,
  cycle_id          bigint NOT NULL REFERENCES review_cycles (id),
  engineer_id       bigint NOT NULL REFERENCES users (id),
  team_id           bigint REFERENCES teams (id),
  total_milli       bigint NOT NULL DEFAULT 0,
  self_assessment   text,
  self_assessed_at  bigint,
  created_at        bigint NOT NULL,
  updated_at        bigint NOT NULL,
  UNIQUE (cycle_id, engineer_id)
);
CREATE INDEX review_scorecards_engineer ON review_scorecards (engineer_id);

CREATE TABLE review_items (
  scorecard_id  bigint NOT NULL REFERENCES review_scorecards (id),
  key           text NOT NULL,
  num           bigint,
  den           bigint,
  score_tenths  integer CHECK (score_tenths BETWEEN 0 AND 1000),
  explain_zh    text NOT NULL DEFAULT '',
  explain_en    text NOT NULL DEFAULT '',
  note          text NOT NULL DEFAULT '',
  scored_by     bigint REFERENCES users (id),
  scored_at     bigint,
  PRIMARY KEY (scorecard_id, key)
);

CREATE TABLE review_appeals (
  id                bigserial PRIMARY KEY,
  scorecard_id      bigint NOT NULL REFERENCES review_scorecards (id),
  item_key          text NOT NULL,
  reason            text NOT NULL,
  state             text NOT NULL CHECK (state IN ('open', 'answered')),
  answer            text NOT NULL DEFAULT '',
  old_score_tenths  integer,
  new_score_tenths  integer,
  created_by        bigint NOT NULL REFERENCES users (id),
  created_at        bigint NOT NULL,
  answered_by       bigint REFERENCES users (id),
  answered_at       bigint
);
CREATE INDEX review_appeals_scorecard ON review_appeals (scorecard_id, id);
CREATE UNIQUE INDEX review_appeals_item ON review_appeals (scorecard_id, item_key);

CREATE TABLE review_events (
  id            bigserial PRIMARY KEY,
  cycle_id      bigint NOT NULL REFERENCES review_cycles (id),
  scorecard_id  bigint REFERENCES review_scorecards (id),
  actor_id      bigint NOT NULL REFERENCES users (id),
  at            bigint NOT NULL,
  action        text NOT NULL,
  item_key      text,
  before        text,
  after         text
);
CREATE INDEX review_events_cycle ON review_events (cycle_id, id);
CREATE FUNCTION review_events_guard() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
  IF TG_OP = 'DELETE' THEN
    RAISE EXCEPTION 'the review audit trail is kept';
  END IF;
  RAISE EXCEPTION 'the review audit trail is immutable';
END;
$$;
CREATE TRIGGER review_events_guard BEFORE UPDATE OR DELETE ON review_events
  FOR EACH ROW EXECUTE FUNCTION review_events_guard();

