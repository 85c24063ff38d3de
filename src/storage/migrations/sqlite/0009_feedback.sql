-- Closing the loop: the settings, request forms per category and what was filled in, uploads, closing
-- timers, satisfaction surveys, callbacks (回访) and complaints (投诉).
CREATE TABLE feedback_settings (
  id          INTEGER PRIMARY KEY CHECK (id = 1),
  settings    TEXT NOT NULL,
  updated_at  INTEGER NOT NULL
);

CREATE TABLE category_forms (
  category_id  INTEGER PRIMARY KEY REFERENCES categories (id) ON DELETE CASCADE,
  fields       TEXT NOT NULL,
  updated_at   INTEGER NOT NULL
);

-- Default guided fields: hardware asks for the device, software for the system and the error.
INSERT INTO category_forms (category_id, fields, updated_at) VALUES
  (2, '[{"key":"device_model","label":"设备型号","label_en":"Device model","required":true,"multiline":false},{"key":"serial_number","label":"序列号","label_en":"Serial number","required":true,"multiline":false},{"key":"location","label":"所在位置","label_en":"Location","required":false,"multiline":false}]', 0),
  (1, '[{"key":"system","label":"系统或软件名称","label_en":"System or application","required":true,"multiline":false},{"key":"error_text","label":"错误信息","label_en":"Error message","required":true,"multiline":true}]', 0),
  (3, '[{"key":"location","label":"所在位置","label_en":"Location","required":true,"multiline":false},{"key":"ip_address","label":"IP 地址","label_en":"IP address","required":false,"multiline":false}]', 0);

CREATE TABLE ticket_form_values (
  id         INTEGER PRIMARY KEY,
  ticket_id  INTEGER NOT NULL REFERENCES tickets (id),
  key        TEXT NOT NULL,
  label      TEXT NOT NULL,
  label_en   TEXT NOT NULL,
  value      TEXT NOT NULL
);
CREATE INDEX ticket_form_values_ticket ON ticket_form_values (ticket_id);

CREATE TABLE registration_domains (
  domain           TEXT PRIMARY KEY COLLATE NOCASE,
  organization_id  INTEGER NOT NULL REFERENCES organizations (id) ON DELETE CASCADE
);
CREATE INDEX registration_domains_org ON registration_domains (organization_id);

CREATE TABLE uploads (
  id            INTEGER PRIMARY KEY,
  uploader_id   INTEGER NOT NULL REFERENCES users (id),
  filename      TEXT NOT NULL,
  content_type  TEXT NOT NULL,
  size          INTEGER NOT NULL,
  sha256        TEXT NOT NULL,
  ticket_id     INTEGER REFERENCES tickets (id),
  article_id    INTEGER REFERENCES articles (id),
  created_at    INTEGER NOT NULL
);
CREATE INDEX uploads_ticket ON uploads (ticket_id);
CREATE INDEX uploads_unattached ON uploads (created_at) WHERE ticket_id IS NULL;

CREATE TABLE closing_timers (
  ticket_id      INTEGER PRIMARY KEY REFERENCES tickets (id),
  auto_close_at  INTEGER NOT NULL
);
CREATE INDEX closing_timers_due ON closing_timers (auto_close_at);

CREATE TABLE survey_invitations (
  id          INTEGER PRIMARY KEY,
  ticket_id   INTEGER NOT NULL REFERENCES tickets (id),
  nonce       TEXT NOT NULL,
  issued_at   INTEGER NOT NULL,
  expires_at  INTEGER NOT NULL,
  used_at     INTEGER
);
CREATE INDEX survey_invitations_ticket ON survey_invitations (ticket_id);

CREATE TABLE surveys (
  id               INTEGER PRIMARY KEY,
  ticket_id        INTEGER NOT NULL UNIQUE REFERENCES tickets (id),
  score            INTEGER NOT NULL CHECK (score BETWEEN 1 AND 5),
  tags             TEXT NOT NULL,
  comment          TEXT NOT NULL,
  agent_id         INTEGER REFERENCES users (id),
  team_id          INTEGER REFERENCES teams (id),
  organization_id  INTEGER REFERENCES organizations (id),
  requester_id     INTEGER NOT NULL REFERENCES users (id),
  answered_by      INTEGER REFERENCES users (id),
  channel          TEXT NOT NULL,
  created_at       INTEGER NOT NULL
);
CREATE INDEX surveys_created ON surveys (created_at);
CREATE INDEX surveys_agent ON surveys (agent_id, created_at);
CREATE INDEX surveys_team ON surveys (team_id, created_at);
CREATE INDEX surveys_org ON surveys (organization_id, created_at);

CREATE TABLE callback_schedules (
  id               INTEGER PRIMARY KEY,
  organization_id  INTEGER NOT NULL REFERENCES organizations (id),
  contact_id       INTEGER REFERENCES users (id),
  assignee_id      INTEGER REFERENCES users (id),
  every_days       INTEGER NOT NULL,
  next_due_at      INTEGER NOT NULL,
  note             TEXT NOT NULL,
  active           INTEGER NOT NULL DEFAULT 1,
  created_by       INTEGER REFERENCES users (id),
  created_at       INTEGER NOT NULL
);
CREATE INDEX callback_schedules_due ON callback_schedules (next_due_at) WHERE active = 1;

CREATE TABLE callbacks (
  id               INTEGER PRIMARY KEY,
  reason           TEXT NOT NULL,
  state            TEXT NOT NULL,
  ticket_id        INTEGER REFERENCES tickets (id),
  organization_id  INTEGER REFERENCES organizations (id),
  contact_id       INTEGER REFERENCES users (id),
  assignee_id      INTEGER REFERENCES users (id),
  schedule_id      INTEGER REFERENCES callback_schedules (id) ON DELETE SET NULL,
  source_id        INTEGER,
  due_at           INTEGER NOT NULL,
  note             TEXT NOT NULL,
  outcome          TEXT,
  outcome_notes    TEXT NOT NULL DEFAULT '',
  follow_up        TEXT NOT NULL DEFAULT '',
  done_at          INTEGER,
  done_by          INTEGER REFERENCES users (id),
  created_by       INTEGER REFERENCES users (id),
  created_at       INTEGER NOT NULL
);
CREATE INDEX callbacks_state_due ON callbacks (state, due_at);
CREATE INDEX callbacks_assignee ON callbacks (assignee_id, state);
CREATE INDEX callbacks_ticket ON callbacks (ticket_id);

CREATE TABLE complaints (
  id                 INTEGER PRIMARY KEY,
  ticket_id          INTEGER NOT NULL UNIQUE REFERENCES tickets (id),
  related_ticket_id  INTEGER REFERENCES tickets (id),
  stage              TEXT NOT NULL,
  source             TEXT NOT NULL,
  customer_id        INTEGER NOT NULL REFERENCES users (id),
  organization_id    INTEGER REFERENCES organizations (id),
  officer_id         INTEGER REFERENCES users (id),
  product            TEXT NOT NULL DEFAULT '',
  fault              TEXT NOT NULL DEFAULT '',
  warranty           TEXT NOT NULL DEFAULT 'unknown',
  verdict            TEXT,
  judgement          TEXT NOT NULL DEFAULT '',
  decision           TEXT NOT NULL DEFAULT '',
  action             TEXT NOT NULL DEFAULT '',
  feedback           TEXT NOT NULL DEFAULT '',
  summary            TEXT NOT NULL DEFAULT '',
  created_at         INTEGER NOT NULL,
  updated_at         INTEGER NOT NULL,
  closed_at          INTEGER
);
CREATE INDEX complaints_stage ON complaints (stage, created_at);
CREATE INDEX complaints_created ON complaints (created_at);

CREATE TABLE complaint_engineers (
  complaint_id  INTEGER NOT NULL REFERENCES complaints (id),
  user_id       INTEGER NOT NULL REFERENCES users (id),
  PRIMARY KEY (complaint_id, user_id)
);

CREATE TABLE complaint_steps (
  id            INTEGER PRIMARY KEY,
  complaint_id  INTEGER NOT NULL REFERENCES complaints (id),
  step          TEXT NOT NULL,
  actor_id      INTEGER NOT NULL REFERENCES users (id),
  data          TEXT NOT NULL,
  at            INTEGER NOT NULL
);
CREATE INDEX complaint_steps_complaint ON complaint_steps (complaint_id, id);

