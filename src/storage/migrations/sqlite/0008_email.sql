-- The email channel: support mailboxes (IMAP in, SMTP out), every mail in and out, their attachments,
-- the outbox that delivers mail, and the daily count of automatic acknowledgements per sender.
CREATE TABLE mailboxes (
  id              INTEGER PRIMARY KEY,
  name            TEXT NOT NULL,
  address         TEXT NOT NULL UNIQUE COLLATE NOCASE,
  display_name    TEXT NOT NULL DEFAULT '',
  enabled         INTEGER NOT NULL DEFAULT 1,
  team_id         INTEGER REFERENCES teams (id) ON DELETE SET NULL,
  category_id     INTEGER REFERENCES categories (id) ON DELETE SET NULL,
  default_org_id  INTEGER REFERENCES organizations (id) ON DELETE SET NULL,
  imap            TEXT,
  imap_secret     TEXT NOT NULL DEFAULT '',
  smtp            TEXT,
  smtp_secret     TEXT NOT NULL DEFAULT '',
  last_fetch_at   INTEGER,
  fetch_lease_until INTEGER,
  last_error      TEXT NOT NULL DEFAULT '',
  created_at      INTEGER NOT NULL,
  updated_at      INTEGER NOT NULL
);

CREATE TABLE mail_messages (
  id           INTEGER PRIMARY KEY,
  mailbox_id   INTEGER REFERENCES mailboxes (id) ON DELETE SET NULL,
  dedupe_key   TEXT NOT NULL UNIQUE,
  message_id   TEXT NOT NULL,
  direction    TEXT NOT NULL CHECK (direction IN ('in', 'out')),
  ticket_id    INTEGER REFERENCES tickets (id),
  article_id   INTEGER REFERENCES articles (id),
  outcome      TEXT NOT NULL,
  from_addr    TEXT NOT NULL,
  from_name    TEXT NOT NULL,
  to_json      TEXT NOT NULL,
  cc_json      TEXT NOT NULL,
  subject      TEXT NOT NULL,
  html         TEXT NOT NULL,
  raw_sha256   TEXT NOT NULL,
  raw_size     INTEGER NOT NULL,
  at           INTEGER NOT NULL
);
CREATE INDEX mail_messages_message_id ON mail_messages (message_id);
CREATE INDEX mail_messages_ticket ON mail_messages (ticket_id);
CREATE INDEX mail_messages_article ON mail_messages (article_id);

CREATE TABLE mail_attachments (
  id            INTEGER PRIMARY KEY,
  mail_id       INTEGER NOT NULL REFERENCES mail_messages (id),
  ticket_id     INTEGER REFERENCES tickets (id),
  filename      TEXT NOT NULL,
  content_type  TEXT NOT NULL,
  content_id    TEXT NOT NULL,
  inline_part   INTEGER NOT NULL,
  size          INTEGER NOT NULL,
  sha256        TEXT NOT NULL
);
CREATE INDEX mail_attachments_mail ON mail_attachments (mail_id);

CREATE TABLE mail_outbox (
  id               INTEGER PRIMARY KEY,
  mailbox_id       INTEGER REFERENCES mailboxes (id) ON DELETE SET NULL,
  ticket_id        INTEGER REFERENCES tickets (id),
  article_id       INTEGER REFERENCES articles (id),
  kind             TEXT NOT NULL,
  envelope_from    TEXT NOT NULL,
  recipients       TEXT NOT NULL,
  to_json          TEXT NOT NULL,
  cc_json          TEXT NOT NULL,
  subject          TEXT NOT NULL,
  message_id       TEXT NOT NULL,
  raw              BLOB NOT NULL,
  state            TEXT NOT NULL CHECK (state IN ('queued', 'sending', 'sent', 'failed')),
  attempts         INTEGER NOT NULL DEFAULT 0,
  next_attempt_at  INTEGER,
  lease_until      INTEGER,
  last_error       TEXT NOT NULL DEFAULT '',
  created_at       INTEGER NOT NULL,
  sent_at          INTEGER
);
CREATE INDEX mail_outbox_due ON mail_outbox (state, next_attempt_at);
CREATE INDEX mail_outbox_article ON mail_outbox (article_id);
CREATE INDEX mail_outbox_message_id ON mail_outbox (message_id);

CREATE TABLE mail_ack_counts (
  addr   TEXT NOT NULL,
  day    TEXT NOT NULL,
  n      INTEGER NOT NULL,
  PRIMARY KEY (addr, day)
);

CREATE INDEX users_email ON users (lower(email));
CREATE INDEX organizations_domain ON organizations (lower(domain));
