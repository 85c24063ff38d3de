-- Reports: one row of facts per ticket (kept in the same transaction as every change to the ticket, by
-- report::FactsObserver), the weekly reports (周报) as immutable snapshots, report settings and schedules.
-- See docs/kpis.md for what each figure means.

CREATE TABLE ticket_facts (
  ticket_id          bigint PRIMARY KEY REFERENCES tickets (id),
  created_at         bigint NOT NULL,
  type               text NOT NULL,
  channel            text NOT NULL,
  priority           text NOT NULL,
  state              text NOT NULL,
  category_id        bigint,
  organization_id    bigint,
  team_id            bigint,
  assignee_id        bigint,
  first_response_at  bigint,
  resolved_at        bigint,
  resolved_by        bigint,
  closed_at          bigint,
  done_at            bigint,
  staff_replies      integer NOT NULL DEFAULT 0,
  reopen_count       integer NOT NULL DEFAULT 0,
  escalated          integer NOT NULL DEFAULT 0,
  team_changes       integer NOT NULL DEFAULT 0
);
CREATE INDEX ticket_facts_created ON ticket_facts (created_at);
CREATE INDEX ticket_facts_resolved ON ticket_facts (resolved_at) WHERE resolved_at IS NOT NULL;
CREATE INDEX ticket_facts_closed ON ticket_facts (closed_at) WHERE closed_at IS NOT NULL;
CREATE INDEX ticket_facts_responded ON ticket_facts (first_response_at) WHERE first_response_at IS NOT NULL;
CREATE INDEX ticket_facts_done ON ticket_facts (done_at, created_at);
CREATE INDEX ticket_facts_resolver ON ticket_facts (resolved_by, resolved_at) WHERE resolved_by IS NOT NULL;

INSERT INTO ticket_facts (ticket_id, created_at, type, channel, priority, state, category_id, organization_id,
                          team_id, assignee_id, first_response_at, resolved_at, resolved_by, closed_at, done_at,
                          staff_replies, reopen_count, escalated, team_changes)
SELECT t.id, t.created_at, t.type, t.channel, t.priority, t.state, t.category_id, t.organization_id, t.team_id,
       t.assignee_id,
       (SELECT min(a.created_at) FROM articles a JOIN users u ON u.id = a.author_id
         WHERE a.ticket_id = t.id AND a.kind IN ('reply', 'phone') AND NOT a.internal
           AND u.role NOT IN ('requester', 'org_manager')),
       CASE WHEN t.state IN ('resolved', 'closed') THEN t.resolved_at END,
       CASE WHEN t.state IN ('resolved', 'closed') AND t.resolved_at IS NOT NULL THEN t.assignee_id END,
       t.closed_at,
       CASE WHEN t.state IN ('resolved', 'closed', 'cancelled')
            THEN coalesce(t.resolved_at, t.closed_at, t.updated_at) END,
       (SELECT count(*) FROM articles a JOIN users u ON u.id = a.author_id
         WHERE a.ticket_id = t.id AND a.kind IN ('reply', 'phone') AND NOT a.internal
           AND u.role NOT IN ('requester', 'org_manager')),
       (SELECT count(*) FROM events e WHERE e.ticket_id = t.id AND e.field = 'state' AND e.after = 'reopened'),
       CASE WHEN EXISTS (SELECT 1 FROM events e WHERE e.ticket_id = t.id AND e.field = 'tier' AND e.after = 'L2')
            THEN 1 ELSE 0 END,
       (SELECT count(*) FROM events e WHERE e.ticket_id = t.id AND e.field = 'team_id'
           AND e.before IS NOT NULL AND e.after IS DISTINCT FROM e.before)
  FROM tickets t;

CREATE TABLE weekly_reports (
  id            bigserial PRIMARY KEY,
  scope_key     text NOT NULL,
  team_id       bigint REFERENCES teams (id),
  iso_week      text NOT NULL,
  period_from   bigint NOT NULL,
  period_to     bigint NOT NULL,
  snapshot      text NOT NULL,
  plan          text NOT NULL DEFAULT '',
  plan_by       bigint REFERENCES users (id),
  state         text NOT NULL CHECK (state IN ('draft', 'sent')),
  generated_at  bigint NOT NULL,
  sent_at       bigint,
  UNIQUE (scope_key, iso_week)
);
CREATE FUNCTION weekly_reports_guard() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
  IF TG_OP = 'DELETE' THEN
    RAISE EXCEPTION 'weekly reports are kept';
  END IF;
  IF OLD.state = 'sent' THEN
    RAISE EXCEPTION 'a sent weekly report is immutable';
  END IF;
  IF NEW.snapshot IS DISTINCT FROM OLD.snapshot OR NEW.scope_key IS DISTINCT FROM OLD.scope_key
     OR NEW.iso_week IS DISTINCT FROM OLD.iso_week OR NEW.period_from IS DISTINCT FROM OLD.period_from
     OR NEW.period_to IS DISTINCT FROM OLD.period_to OR NEW.generated_at IS DISTINCT FROM OLD.generated_at THEN
    RAISE EXCEPTION 'a weekly report''s snapshot is immutable';
  END IF;
  RETURN NEW;
END;
$$;
CREATE TRIGGER weekly_reports_guard BEFORE UPDATE OR DELETE ON weekly_reports
  FOR EACH ROW EXECUTE FUNCTION weekly_reports_guard();

CREATE TABLE report_settings (
  id          integer PRIMARY KEY CHECK (id = 1),
  settings    text NOT NULL,
  updated_at  bigint NOT NULL
);

CREATE TABLE report_schedules (
  id           bigserial PRIMARY KEY,
  name         text NOT NULL,
  report       text NOT NULL,
  frequency    text NOT NULL CHECK (frequency IN ('daily', 'weekly', 'monthly')),
  params       text NOT NULL,
  recipients   text NOT NULL,
  format       text NOT NULL CHECK (format IN ('xlsx', 'csv')),
  active       boolean NOT NULL,
  next_run_at  bigint NOT NULL,
  last_run_at  bigint,
  created_by   bigint NOT NULL REFERENCES users (id),
  created_at   bigint NOT NULL
);
CREATE INDEX report_schedules_due ON report_schedules (next_run_at) WHERE active;
