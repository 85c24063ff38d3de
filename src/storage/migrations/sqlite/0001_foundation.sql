-- TechDesk schema, version 1: identity, tickets, articles and the immutable event history.
-- Times are integer milliseconds since the Unix epoch, UTC.

CREATE TABLE organizations (
  id          INTEGER PRIMARY KEY,
  name        TEXT NOT NULL UNIQUE,
  kind        TEXT NOT NULL CHECK (kind IN ('internal', 'external')),
  domain      TEXT,
  created_at  INTEGER NOT NULL
);

CREATE TABLE users (
  id               INTEGER PRIMARY KEY,
  login            TEXT NOT NULL UNIQUE COLLATE NOCASE,
  name             TEXT NOT NULL,
  email            TEXT,
  phone            TEXT,
  role             TEXT NOT NULL CHECK (role IN ('requester', 'org_manager', 'agent_l1', 'agent_l2', 'field_engineer',
                                                 'team_lead', 'complaint_officer', 'manager', 'admin')),
  organization_id  INTEGER REFERENCES organizations (id),
  password_hash    TEXT NOT NULL,
  active           INTEGER NOT NULL DEFAULT 1,
  failed_logins    INTEGER NOT NULL DEFAULT 0,
  first_failed_at  INTEGER,
  locked_until     INTEGER,
  created_at       INTEGER NOT NULL
);
CREATE INDEX users_organization ON users (organization_id);

CREATE TABLE teams (
  id           INTEGER PRIMARY KEY,
  name         TEXT NOT NULL UNIQUE,
  description  TEXT NOT NULL DEFAULT '',
  created_at   INTEGER NOT NULL
);

CREATE TABLE team_members (
  team_id  INTEGER NOT NULL REFERENCES teams (id),
  user_id  INTEGER NOT NULL REFERENCES users (id),
  PRIMARY KEY (team_id, user_id)
) WITHOUT ROWID;
CREATE INDEX team_members_user ON team_members (user_id, team_id);

CREATE TABLE sessions (
  token_hash  BLOB PRIMARY KEY,
  user_id     INTEGER NOT NULL REFERENCES users (id),
  csrf_token  TEXT NOT NULL,
  created_at  INTEGER NOT NULL,
  expires_at  INTEGER NOT NULL
) WITHOUT ROWID;
CREATE INDEX sessions_user ON sessions (user_id);

CREATE TABLE api_tokens (
  id            INTEGER PRIMARY KEY,
  user_id       INTEGER NOT NULL REFERENCES users (id),
  name          TEXT NOT NULL,
  token_hash    BLOB NOT NULL UNIQUE,
  created_at    INTEGER NOT NULL,
  last_used_at  INTEGER,
  revoked_at    INTEGER
);
CREATE INDEX api_tokens_user ON api_tokens (user_id);

CREATE TABLE categories (
  id         INTEGER PRIMARY KEY,
  parent_id  INTEGER REFERENCES categories (id),
  name       TEXT NOT NULL,
  name_en    TEXT NOT NULL,
  path       TEXT NOT NULL UNIQUE
);

CREATE TABLE ticket_sequences (
  day   TEXT PRIMARY KEY,
  last  INTEGER NOT NULL
) WITHOUT ROWID;

CREATE TABLE tickets (
  id               INTEGER PRIMARY KEY,
  number           TEXT NOT NULL UNIQUE,
  subject          TEXT NOT NULL,
  description      TEXT NOT NULL,
  type             TEXT NOT NULL,
  category_id      INTEGER REFERENCES categories (id),
  impact           TEXT NOT NULL,
  urgency          TEXT NOT NULL,
  priority         TEXT NOT NULL CHECK (priority IN ('P1', 'P2', 'P3', 'P4')),
  channel          TEXT NOT NULL,
  state            TEXT NOT NULL,
  tier             TEXT NOT NULL CHECK (tier IN ('L1', 'L2')),
  requester_id     INTEGER NOT NULL REFERENCES users (id),
  organization_id  INTEGER REFERENCES organizations (id),
  team_id          INTEGER REFERENCES teams (id),
  assignee_id      INTEGER REFERENCES users (id),
  cancel_reason    TEXT,
  created_at       INTEGER NOT NULL,
  updated_at       INTEGER NOT NULL,
  resolved_at      INTEGER,
  closed_at        INTEGER,
  version          INTEGER NOT NULL DEFAULT 1
);
CREATE INDEX tickets_created ON tickets (created_at, id);
CREATE INDEX tickets_updated ON tickets (updated_at, id);
CREATE INDEX tickets_priority ON tickets (priority, id);
CREATE INDEX tickets_state ON tickets (state, created_at);
CREATE INDEX tickets_requester ON tickets (requester_id, created_at);
CREATE INDEX tickets_organization ON tickets (organization_id, created_at);
CREATE INDEX tickets_team ON tickets (team_id, created_at);
CREATE INDEX tickets_assignee ON tickets (assignee_id, created_at);

CREATE TABLE articles (
  id          INTEGER PRIMARY KEY,
  ticket_id   INTEGER NOT NULL REFERENCES tickets (id),
  kind        TEXT NOT NULL CHECK (kind IN ('reply', 'note', 'phone')),
  body        TEXT NOT NULL,
  internal    INTEGER NOT NULL,
  author_id   INTEGER REFERENCES users (id),
  created_at  INTEGER NOT NULL
);
CREATE INDEX articles_ticket ON articles (ticket_id, id);

-- The audit log. Rows are never changed or removed: the triggers below refuse it.
CREATE TABLE events (
  id         INTEGER PRIMARY KEY,
  ticket_id  INTEGER NOT NULL REFERENCES tickets (id),
  actor_id   INTEGER REFERENCES users (id),
  at         INTEGER NOT NULL,
  field      TEXT NOT NULL,
  before     TEXT,
  after      TEXT,
  internal   INTEGER NOT NULL DEFAULT 0
);
CREATE INDEX events_ticket ON events (ticket_id, id);

CREATE TRIGGER events_immutable_update BEFORE UPDATE ON events
BEGIN
  SELECT RAISE(ABORT, 'events are immutable');
END;
CREATE TRIGGER events_immutable_delete BEFORE DELETE ON events
BEGIN
  SELECT RAISE(ABORT, 'events are immutable');
END;
