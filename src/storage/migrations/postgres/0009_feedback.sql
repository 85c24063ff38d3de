-- Closing the loop: the settings, request forms per category and what was filled in, uploads, closing
-- timers, satisfaction surveys, callbacks (回访) and complaints (投诉).
CREATE TABLE feedback_settings (
  id          integer PRIMARY KEY CHECK (id = 1),
  settings    text NOT NULL,
  updated_at  bigint NOT NULL
);

CREATE TABLE category_forms (
  category_id  bigint PRIMARY KEY REFERENCES categories (id) ON DELETE CASCADE,
  fields       text NOT NULL,
  updated_at   bigint NOT NULL
);

-- Default guided fields: hardware asks for the device, software for the system and the error.
INSERT INTO category_forms (category_id, fields, updated_at) VALUES
  (2, '[{"key":"device_model","label":"设备型号","label_en":"Device model","required":true,"multiline":false},{"key":"serial_number","label":"序列号","label_en":"Serial number","required":true,"multiline":false},{"key":"location","label":"所在位置","label_en":"Location","required":false,"multiline":false}]', 0),
  (1, '[{"key":"system","label":"系统或软件名称","label_en":"System or application","required":true,"multiline":false},{"key":"error_text","label":"错误信息","label_en":"Error message","required":true,"multiline":true}]', 0),
  (3, '[{"key":"location","label":"所在位置","label_en":"Location","required":true,"multiline":false},{"key":"ip_address","label":"IP 地址","label_en":"IP address","required":false,"multiline":false}]', 0);

CREATE TABLE ticket_form_values (
  id         bigserial PRIMARY KEY,
  ticket_id  bigint NOT NULL REFERENCES tickets (id),
  key        text NOT NULL,
  label      text NOT NULL,
  label_en   text NOT NULL,
  value      text NOT NULL
);
CREATE INDEX ticket_form_values_ticket ON ticket_form_values (ticket_id);

CREATE TABLE registration_domains (
  domain           text PRIMARY KEY,  -- lower case; unique whatever the case (index below)
  organization_id  bigint NOT NULL REFERENCES organizations (id) ON DELETE CASCADE
);
CREATE UNIQUE INDEX registration_domains_lower ON registration_domains (lower(domain));
CREATE INDEX registration_domains_org ON registration_domains (organization_id);

CREATE TABLE uploads (
  id            bigserial PRIMARY KEY,
  uploader_id   bigint NOT NULL REFERENCES users (id),
  filename      text NOT NULL,
  content_type  text NOT NULL,
  size          bigint NOT NULL,
  sha256        text NOT NULL,
  ticket_id     bigint REFERENCES tickets (id),
  article_id    bigint REFERENCES articles (id),
  created_at    bigint NOT NULL
);
CREATE INDEX uploads_ticket ON uploads (ticket_id);
CREATE INDEX uploads_unattached ON uploads (created_at) WHERE ticket_id IS NULL;

CREATE TABLE closing_timers (
  ticket_id      bigint PRIMARY KEY REFERENCES tickets (id),
  auto_close_at  bigint NOT NULL
);
CREATE INDEX closing_timers_due ON closing_timers (auto_close_at);

CREATE TABLE survey_invitations (
  id          bigserial PRIMARY KEY,
  ticket_id   bigint NOT NULL REFERENCES tickets (id),
  nonce       text NOT NULL,
  issued_at   bigint NOT NULL,
  expires_at  bigint NOT NULL,
  used_at     bigint
);
CREATE INDEX survey_invitations_ticket ON survey_invitations (ticket_id);

CREATE TABLE surveys (
  id               bigserial PRIMARY KEY,
  ticket_id        bigint NOT NULL UNIQUE REFERENCES tickets (id),
  score            integer NOT NULL CHECK (score BETWEEN 1 AND 5),
  tags             text NOT NULL,
  comment          text NOT NULL,
  agent_id         bigint REFERENCES users (id),
  team_id          bigint REFERENCES teams (id),
  organization_id  bigint REFERENCES organizations (id),
  requester_id     bigint NOT NULL REFERENCES users (id),
  answered_by      bigint REFERENCES users (id),
  channel          text NOT NULL,
  created_at       bigint NOT NULL
);
CREATE INDEX surveys_created ON surveys (created_at);
CREATE INDEX surveys_agent ON surveys (agent_id, created_at);
CREATE INDEX surveys_team ON surveys (team_id, created_at);
CREATE INDEX surveys_org ON surveys (organization_id, created_at);

CREATE TABLE callback_schedules (
  id               bigserial PRIMARY KEY,
  organization_id  bigint NOT NULL REFERENCES organizations (id),
  contact_id       bigint REFERENCES users (id),
  assignee_id      bigint REFERENCES users (id),
  every_days       integer NOT NULL,
  next_due_at      bigint NOT NULL,
  note             text NOT NULL,
  active           boolean NOT NULL DEFAULT true,
  created_by       bigint REFERENCES users (id),
  created_at       bigint NOT NULL
);
CREATE INDEX callback_schedules_due ON callback_schedules (next_due_at) WHERE active;

CREATE TABLE callbacks (
  id               bigserial PRIMARY KEY,
  reason           text NOT NULL,
  state            text NOT NULL,
  ticket_id        bigint REFERENCES tickets (id),
  organization_id  bigint REFERENCES organizations (id),
  contact_id       bigint REFERENCES users (id),
  assignee_id      bigint REFERENCES users (id),
  schedule_id      bigint REFERENCES callback_schedules (id) ON DELETE SET NULL,
  source_id        bigint,
  due_at           bigint NOT NULL,
  note             text NOT NULL,
  outcome          text,
  outcome_notes    text NOT NULL DEFAULT '',
  follow_up        text NOT NULL DEFAULT '',
  done_at          bigint,
  done_by          bigint REFERENCES users (id),
  created_by       bigint REFERENCES users (id),
  created_at       bigint NOT NULL
);
CREATE INDEX callbacks_state_due ON callbacks (state, due_at);
CREATE INDEX callbacks_assignee ON callbacks (assignee_id, state);
CREATE INDEX callbacks_ticket ON callbacks (ticket_id);

CREATE TABLE complaints (
  id                 bigserial PRIMARY KEY,
  ticket_id          bigint NOT NULL UNIQUE REFERENCES tickets (id),
  related_ticket_id  bigint REFERENCES tickets (id),
  stage              text NOT NULL,
  source             text NOT NULL,
  customer_id        bigint NOT NULL REFERENCES users (id),
  organization_id    bigint REFERENCES organizations (id),
  officer_id         bigint REFERENCES users (id),
  product            text NOT NULL DEFAULT '',
  fault              text NOT NULL DEFAULT '',
  warranty           text NOT NULL DEFAULT 'unknown',
  verdict            text,
  judgement          text NOT NULL DEFAULT '',
  decision           text NOT NULL DEFAULT '',
  action             text NOT NULL DEFAULT '',
  feedback           text NOT NULL DEFAULT '',
  summary            text NOT NULL DEFAULT '',
  created_at         bigint NOT NULL,
  updated_at         bigint NOT NULL,
  closed_at          bigint
);
CREATE INDEX complaints_stage ON complaints (stage, created_at);
CREATE INDEX complaints_created ON complaints (created_at);

CREATE TABLE complaint_engineers (
  complaint_id  bigint NOT NULL REFERENCES complaints (id),
  user_id       bigint NOT NULL REFERENCES users (id),
  PRIMARY KEY (complaint_id, user_id)
);

CREATE TABLE complaint_steps (
  id            bigserial PRIMARY KEY,
  complaint_id  bigint NOT NULL REFERENCES complaints (id),
  step          text NOT NULL,
  actor_id      bigint NOT NULL REFERENCES users (id),
  data          text NOT NULL,
  at            bigint NOT NULL
);
CREATE INDEX complaint_steps_complaint ON complaint_steps (complaint_id, id);

