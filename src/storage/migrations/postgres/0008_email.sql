-- The email channel: support mailboxes (IMAP in, SMTP out), every mail in and out, their attachments,
-- the outbox that delivers mail, and the daily count of automatic acknowledgements per sender.
CREATE TABLE mailboxes (
  id              bigserial PRIMARY KEY,
  name            text NOT NULL,
  address         text NOT NULL,
  display_name    text NOT NULL DEFAULT '',
  enabled         boolean NOT NULL DEFAULT true,
  team_id         bigint REFERENCES teams (id) ON DELETE SET NULL,
  category_id     bigint REFERENCES categories (id) ON DELETE SET NULL,
  default_org_id  bigint REFERENCES organizations (id) ON DELETE SET NULL,
  imap            text,
  imap_secret     text NOT NULL DEFAULT '',
  smtp            text,
  smtp_secret     text NOT NULL DEFAULT '',
  last_fetch_at   bigint,
  fetch_lease_until bigint,
  last_error      text NOT NULL DEFAULT '',
  created_at      bigint NOT NULL,
  updated_at      bigint NOT NULL
);

CREATE TABLE mail_messages (
  id           bigserial PRIMARY KEY,
  mailbox_id   bigint REFERENCES mailboxes (id) ON DELETE SET NULL,
  dedupe_key   text NOT NULL UNIQUE,
  message_id   text NOT NULL,
  direction    text NOT NULL CHECK (direction IN ('in', 'out')),
  ticket_id    bigint REFERENCES tickets (id),
  article_id   bigint REFERENCES articles (id),
  outcome      text NOT NULL,
  from_addr    text NOT NULL,
  from_name    text NOT NULL,
  to_json      text NOT NULL,
  cc_json      text NOT NULL,
  subject      text NOT NULL,
  html         text NOT NULL,
  raw_sha256   text NOT NULL,
  raw_size     bigint NOT NULL,
  at           bigint NOT NULL
);
CREATE INDEX mail_messages_message_id ON mail_messages (message_id);
CREATE INDEX mail_messages_ticket ON mail_messages (ticket_id);
CREATE INDEX mail_messages_article ON mail_messages (article_id);

CREATE TABLE mail_attachments (
  id            bigserial PRIMARY KEY,
  mail_id       bigint NOT NULL REFERENCES mail_messages (id),
  ticket_id     bigint REFERENCES tickets (id),
  filename      text NOT NULL,
  content_type  text NOT NULL,
  content_id    text NOT NULL,
  inline_part   boolean NOT NULL,
  size          bigint NOT NULL,
  sha256        text NOT NULL
);
CREATE INDEX mail_attachments_mail ON mail_attachments (mail_id);

CREATE TABLE mail_outbox (
  id               bigserial PRIMARY KEY,
  mailbox_id       bigint REFERENCES mailboxes (id) ON DELETE SET NULL,
  ticket_id        bigint REFERENCES tickets (id),
  article_id       bigint REFERENCES articles (id),
  kind             text NOT NULL,
  envelope_from    text NOT NULL,
  recipients       text NOT NULL,
  to_json          text NOT NULL,
  cc_json          text NOT NULL,
  subject          text NOT NULL,
  message_id       text NOT NULL,
  raw              bytea NOT NULL,
  state            text NOT NULL CHECK (state IN ('queued', 'sending', 'sent', 'failed')),
  attempts         bigint NOT NULL DEFAULT 0,
  next_attempt_at  bigint,
  lease_until      bigint,
  last_error       text NOT NULL DEFAULT '',
  created_at       bigint NOT NULL,
  sent_at          bigint
);
CREATE INDEX mail_outbox_due ON mail_outbox (state, next_attempt_at);
CREATE INDEX mail_outbox_article ON mail_outbox (article_id);
CREATE INDEX mail_outbox_message_id ON mail_outbox (message_id);

CREATE TABLE mail_ack_counts (
  addr   text NOT NULL,
  day    text NOT NULL,
  n      bigint NOT NULL,
  PRIMARY KEY (addr, day)
);

CREATE INDEX users_email ON users (lower(email));
CREATE INDEX organizations_domain ON organizations (lower(domain));
CREATE UNIQUE INDEX mailboxes_address ON mailboxes (lower(address));
