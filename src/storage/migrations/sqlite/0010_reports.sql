-- Reports: one row of facts per ticket (kept in the same transaction as every change to the ticket, by
-- report::FactsObserver), the weekly reports (周报) as immutable snapshots, report settings and schedules.
-- See docs/kpis.md for what each figure means.

CREATE TABLE ticket_facts (
  ticket_id          INTEGER PRIMARY KEY REFERENCES tickets (id),
  created_at         INTEGER NOT NULL,
  type               TEXT NOT NULL,
  channel            TEXT NOT NULL,
  priority           TEXT NOT NULL,
  state              TEXT NOT NULL,
  category_id        INTEGER,
  organization_id    INTEGER,
  team_id            INTEGER,
  assignee_id        INTEGER,
  first_response_at  INTEGER,            -- first public reply or phone call by support staff
  resolved_at        INTEGER,            -- the latest resolution
  resolved_by        INTEGER,            -- the assignee when it was last resolved
  closed_at          INTEGER,
  done_at            INTEGER,            -- when it last left the open set; NULL while open
  staff_replies      INTEGER NOT NULL DEFAULT 0,
  reopen_count       INTEGER NOT NULL DEFAULT 0,
  escalated          INTEGER NOT NULL DEFAULT 0,
  team_changes       INTEGER NOT NULL DEFAULT 0
);
CREATE INDEX ticket_facts_created ON ticket_facts (created_at);
CREATE INDEX ticket_facts_resolved ON ticket_facts (resolved_at) WHERE resolved_at IS NOT NULL;
CREATE INDEX ticket_facts_closed ON ticket_facts (closed_at) WHERE closed_at IS NOT NULL;
CREATE INDEX ticket_facts_responded ON ticket_facts (first_response_at) WHERE first_response_at IS NOT NULL;
CREATE INDEX ticket_facts_done ON ticket_facts (done_at, created_at);
CREATE INDEX ticket_facts_resolver ON ticket_facts (resolved_by, resolved_at) WHERE resolved_by IS NOT NULL;

-- Facts for the tickets that exist already.
INSERT INTO ticket_facts (ticket_id, created_at, type, channel, priority, state, category_id, organization_id,
                          team_id, assignee_id, first_response_at, resolved_at, resolved_by, closed_at, done_at,
                          staff_replies, reopen_count, escalated, team_changes)
SELECT t.id, t.created_at, t.type, t.channel, t.priority, t.state, t.category_id, t.organization_id, t.team_id,
       t.assignee_id,
       (SELECT min(a.created_at) FROM articles a JOIN users u ON u.id = a.author_id
         WHERE a.ticket_id = t.id AND a.kind IN ('reply', 'phone') AND a.internal = 0
           AND u.role NOT IN ('requester', 'org_manager')),
       CASE WHEN t.state IN ('resolved', 'closed') THEN t.resolved_at END,
       CASE WHEN t.state IN ('resolved', 'closed') AND t.resolved_at IS NOT NULL THEN t.assignee_id END,
       t.closed_at,
       CASE WHEN t.state IN ('resolved', 'closed', 'cancelled')
            THEN coalesce(t.resolved_at, t.closed_at, t.updated_at) END,
       (SELECT count(*) FROM articles a JOIN users u ON u.id = a.author_id
         WHERE a.ticket_id = t.id AND a.kind IN ('reply', 'phone') AND a.internal = 0
           AND u.role NOT IN ('requester', 'org_manager')),
       (SELECT count(*) FROM events e WHERE e.ticket_id = t.id AND e.field = 'state' AND e.after = 'reopened'),
       EXISTS (SELECT 1 FROM events e WHERE e.ticket_id = t.id AND e.field = 'tier' AND e.after = 'L2'),
       (SELECT count(*) FROM events e WHERE e.ticket_id = t.id AND e.field = 'team_id'
           AND e.before IS NOT NULL AND e.after IS NOT e.before)
  FROM tickets t;

-- A weekly report: generated once per scope and ISO week (scope_key: 'department' or 'team:<id>').
-- The snapshot (figures, charts' data, problems) never changes; the plan is the lead's text for next week
-- and is frozen with the rest when the report is sent.
CREATE TABLE weekly_reports (
  id            INTEGER PRIMARY KEY,
  scope_key     TEXT NOT NULL,
  team_id       INTEGER REFERENCES teams (id),
  iso_week      TEXT NOT NULL,
  period_from   INTEGER NOT NULL,
  period_to     INTEGER NOT NULL,
  snapshot      TEXT NOT NULL,
  plan          TEXT NOT NULL DEFAULT '',
  plan_by       INTEGER REFERENCES users (id),
  state         TEXT NOT NULL CHECK (state IN ('draft', 'sent')),
  generated_at  INTEGER NOT NULL,
  sent_at       INTEGER,
  UNIQUE (scope_key, iso_week)
);
CREATE TRIGGER weekly_reports_snapshot_immutable BEFORE UPDATE OF snapshot, scope_key, iso_week, period_from,
  period_to, generated_at ON weekly_reports
BEGIN
  SELECT RAISE(ABORT, 'a weekly report''s snapshot is immutable');
END;
CREATE TRIGGER weekly_reports_sent_immutable BEFORE UPDATE ON weekly_reports WHEN OLD.state = 'sent'
BEGIN
  SELECT RAISE(ABORT, 'a sent weekly report is immutable');
END;
CREATE TRIGGER weekly_reports_no_delete BEFORE DELETE ON weekly_reports
BEGIN
  SELECT RAISE(ABORT, 'weekly reports are kept');
END;

-- Report settings: one JSON document (leadership mailing list, weekly send time).
CREATE TABLE report_settings (
  id          INTEGER PRIMARY KEY CHECK (id = 1),
  settings    TEXT NOT NULL,
  updated_at  INTEGER NOT NULL
);

-- Scheduled reports: mailed to recipients daily, weekly or monthly through the job queue.
CREATE TABLE report_schedules (
  id           INTEGER PRIMARY KEY,
  name         TEXT NOT NULL,
  report       TEXT NOT NULL,
  frequency    TEXT NOT NULL CHECK (frequency IN ('daily', 'weekly', 'monthly')),
  params       TEXT NOT NULL,
  recipients   TEXT NOT NULL,
  format       TEXT NOT NULL CHECK (format IN ('xlsx', 'csv')),
  active       INTEGER NOT NULL,
  next_run_at  INTEGER NOT NULL,
  last_run_at  INTEGER,
  created_by   INTEGER NOT NULL REFERENCES users (id),
  created_at   INTEGER NOT NULL
);
CREATE INDEX report_schedules_due ON report_schedules (next_run_at) WHERE active = 1;
