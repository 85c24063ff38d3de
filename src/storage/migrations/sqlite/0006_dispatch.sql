-- Dispatch: teams' assignment settings and escalation chain, agents' duty and skills, categories'
-- skills, tags, links between tickets and extra requesters carried over by merges, the work log (工时),
-- automation rules with the runs of time rules, and macros (see src/dispatch/).

CREATE TABLE team_dispatch (
  team_id             INTEGER PRIMARY KEY REFERENCES teams (id),
  strategy            TEXT NOT NULL CHECK (strategy IN ('manual', 'round_robin', 'least_loaded', 'skill_match')),
  capacity            INTEGER NOT NULL,
  escalation_team_id  INTEGER REFERENCES teams (id),
  calendar_id         INTEGER REFERENCES calendars (id),
  updated_at          INTEGER NOT NULL
);

-- Skills are "tag:level" pairs as a JSON array, read whole with the profile.
CREATE TABLE agent_profiles (
  user_id     INTEGER PRIMARY KEY REFERENCES users (id),
  on_duty     INTEGER NOT NULL,
  skills      TEXT NOT NULL,
  updated_at  INTEGER NOT NULL
);

CREATE TABLE category_skills (
  category_id  INTEGER PRIMARY KEY REFERENCES categories (id),
  skills       TEXT NOT NULL
);

-- Round-robin's memory: when each member last got one of the team's tickets by auto-assignment.
CREATE TABLE dispatch_assignments (
  team_id           INTEGER NOT NULL REFERENCES teams (id),
  user_id           INTEGER NOT NULL REFERENCES users (id),
  last_assigned_at  INTEGER NOT NULL,
  PRIMARY KEY (team_id, user_id)
) WITHOUT ROWID;

CREATE TABLE ticket_tags (
  ticket_id  INTEGER NOT NULL REFERENCES tickets (id),
  tag        TEXT NOT NULL,
  PRIMARY KEY (ticket_id, tag)
) WITHOUT ROWID;
CREATE INDEX ticket_tags_tag ON ticket_tags (tag, ticket_id);

-- ticket_id merged_into / parent_of / related / split_from other_id.
CREATE TABLE ticket_links (
  id          INTEGER PRIMARY KEY,
  ticket_id   INTEGER NOT NULL REFERENCES tickets (id),
  other_id    INTEGER NOT NULL REFERENCES tickets (id),
  kind        TEXT NOT NULL CHECK (kind IN ('merged_into', 'parent_of', 'related', 'split_from')),
  created_at  INTEGER NOT NULL,
  created_by  INTEGER REFERENCES users (id),
  UNIQUE (ticket_id, other_id, kind)
);
CREATE INDEX ticket_links_other ON ticket_links (other_id);

-- Requesters of tickets merged into this one: they see it as their own.
CREATE TABLE ticket_contacts (
  ticket_id  INTEGER NOT NULL REFERENCES tickets (id),
  user_id    INTEGER NOT NULL REFERENCES users (id),
  added_at   INTEGER NOT NULL,
  PRIMARY KEY (ticket_id, user_id)
) WITHOUT ROWID;
CREATE INDEX ticket_contacts_user ON ticket_contacts (user_id, ticket_id);

CREATE TABLE worklog (
  id          INTEGER PRIMARY KEY,
  ticket_id   INTEGER NOT NULL REFERENCES tickets (id),
  user_id     INTEGER NOT NULL REFERENCES users (id),
  activity    TEXT NOT NULL CHECK (activity IN ('phone', 'remote', 'onsite', 'research', 'travel', 'other')),
  minutes     INTEGER NOT NULL CHECK (minutes > 0 AND minutes <= 1440),
  note        TEXT NOT NULL,
  work_date   TEXT NOT NULL,
  created_at  INTEGER NOT NULL
);
CREATE INDEX worklog_ticket ON worklog (ticket_id, id);
CREATE INDEX worklog_user_day ON worklog (user_id, work_date);
CREATE INDEX worklog_day ON worklog (work_date);

-- A rule is one document (JSON, see src/dispatch/rules_json.cpp) beside the columns it is found by.
CREATE TABLE rules (
  id             INTEGER PRIMARY KEY,
  name           TEXT NOT NULL UNIQUE,
  position       INTEGER NOT NULL,
  active         INTEGER NOT NULL,
  trigger_kind   TEXT NOT NULL CHECK (trigger_kind IN ('create', 'update', 'time')),
  document       TEXT NOT NULL,
  last_error     TEXT NOT NULL DEFAULT '',
  last_error_at  INTEGER,
  updated_at     INTEGER NOT NULL
);

-- When each open ticket entered its current state: what time rules wait on.
CREATE TABLE ticket_state_since (
  ticket_id  INTEGER PRIMARY KEY REFERENCES tickets (id),
  state      TEXT NOT NULL,
  since      INTEGER NOT NULL
);
CREATE INDEX ticket_state_since_state ON ticket_state_since (state, since);
INSERT INTO ticket_state_since (ticket_id, state, since)
  SELECT id, state, updated_at FROM tickets WHERE state NOT IN ('resolved', 'closed', 'cancelled');

-- A time rule acts once per stay of a ticket in a state (the stay that began at `since`); a ticket's
-- runs are forgotten when it closes.
CREATE TABLE rule_runs (
  rule_id    INTEGER NOT NULL REFERENCES rules (id),
  ticket_id  INTEGER NOT NULL REFERENCES tickets (id),
  since      INTEGER NOT NULL,
  ran_at     INTEGER NOT NULL,
  PRIMARY KEY (rule_id, ticket_id, since)
) WITHOUT ROWID;

CREATE INDEX rule_runs_ticket ON rule_runs (ticket_id);

-- 快捷回复. A macro of no team is everyone's; names are unique per team.
CREATE TABLE macros (
  id          INTEGER PRIMARY KEY,
  name        TEXT NOT NULL,
  team_id     INTEGER REFERENCES teams (id),
  body        TEXT NOT NULL,
  updated_at  INTEGER NOT NULL
);
CREATE UNIQUE INDEX macros_team_name ON macros (coalesce(team_id, 0), name);

-- Members' loads for auto-assignment, kept by triggers on tickets so that choosing among 500 agents
-- reads 500 rows instead of counting every open ticket (see bench/dispatch_bench.cpp). An agent's row
-- counts the open tickets they hold and the same weighted by priority (P1 4, P2 3, P3 2, P4 1; the
-- weights of dispatch/assignment.h). Derived data: never copied between databases, rebuilt from tickets.
CREATE TABLE agent_loads (
  user_id        INTEGER PRIMARY KEY,
  open_tickets   INTEGER NOT NULL,
  weighted_load  INTEGER NOT NULL
);
INSERT INTO agent_loads (user_id, open_tickets, weighted_load)
  SELECT assignee_id, count(*),
         sum(CASE priority WHEN 'P1' THEN 4 WHEN 'P2' THEN 3 WHEN 'P3' THEN 2 ELSE 1 END)
  FROM tickets WHERE assignee_id IS NOT NULL AND state NOT IN ('resolved', 'closed', 'cancelled')
  GROUP BY assignee_id;

CREATE TRIGGER agent_loads_insert AFTER INSERT ON tickets
  WHEN new.assignee_id IS NOT NULL AND new.state NOT IN ('resolved', 'closed', 'cancelled')
BEGIN
  INSERT INTO agent_loads (user_id, open_tickets, weighted_load)
    VALUES (new.assignee_id, 1, CASE new.priority WHEN 'P1' THEN 4 WHEN 'P2' THEN 3 WHEN 'P3' THEN 2 ELSE 1 END)
    ON CONFLICT (user_id) DO UPDATE SET open_tickets = open_tickets + 1,
                                        weighted_load = weighted_load + excluded.weighted_load;
END;

-- An update takes the old ticket off its holder's load and puts the new one on, when anything that
-- counts changed.
CREATE TRIGGER agent_loads_update_old AFTER UPDATE OF assignee_id, priority, state ON tickets
  WHEN old.assignee_id IS NOT NULL AND old.state NOT IN ('resolved', 'closed', 'cancelled')
   AND (new.assignee_id IS NOT old.assignee_id OR new.priority IS NOT old.priority
        OR new.state IN ('resolved', 'closed', 'cancelled'))
BEGIN
  UPDATE agent_loads SET open_tickets = open_tickets - 1,
         weighted_load = weighted_load - CASE old.priority WHEN 'P1' THEN 4 WHEN 'P2' THEN 3 WHEN 'P3' THEN 2 ELSE 1 END
   WHERE user_id = old.assignee_id;
END;

CREATE TRIGGER agent_loads_update_new AFTER UPDATE OF assignee_id, priority, state ON tickets
  WHEN new.assignee_id IS NOT NULL AND new.state NOT IN ('resolved', 'closed', 'cancelled')
   AND (new.assignee_id IS NOT old.assignee_id OR new.priority IS NOT old.priority
        OR old.state IN ('resolved', 'closed', 'cancelled'))
BEGIN
  INSERT INTO agent_loads (user_id, open_tickets, weighted_load)
    VALUES (new.assignee_id, 1, CASE new.priority WHEN 'P1' THEN 4 WHEN 'P2' THEN 3 WHEN 'P3' THEN 2 ELSE 1 END)
    ON CONFLICT (user_id) DO UPDATE SET open_tickets = open_tickets + 1,
                                        weighted_load = weighted_load + excluded.weighted_load;
END;

CREATE TRIGGER agent_loads_delete AFTER DELETE ON tickets
  WHEN old.assignee_id IS NOT NULL AND old.state NOT IN ('resolved', 'closed', 'cancelled')
BEGIN
  UPDATE agent_loads SET open_tickets = open_tickets - 1,
         weighted_load = weighted_load - CASE old.priority WHEN 'P1' THEN 4 WHEN 'P2' THEN 3 WHEN 'P3' THEN 2 ELSE 1 END
   WHERE user_id = old.assignee_id;
END;
