// All SQL of closing the loop (request forms, uploads, closing timers, surveys, callbacks, complaints) on
// SQLite. There is one writer at a time, so what a write transaction reads cannot be taken by another
// before it commits: the due lists need no locking here.
#include <set>

#include "common/text.h"
#include "storage/feedback_rows.h"
#include "storage/sqlite/repos.h"
#include "storage/sqlite/sql_util.h"

namespace techdesk::storage::sqlite {

using namespace feedback;

namespace {

// A complaint's columns and its engineers, FROM complaints c; a WHERE clause follows.
const std::string& complaint_select() {
  static const std::string k_sql =
      std::string("SELECT ") + k_complaint_columns +
      ", (SELECT group_concat(user_id) FROM complaint_engineers e WHERE e.complaint_id = c.id) "
      "FROM complaints c ";
  return k_sql;
}

// Appends "<sep> <condition>" to a WHERE clause being built.
void where(std::string& sql, bool& first, const char* condition) {
  sql += first ? "WHERE " : "AND ";
  sql += condition;
  sql += ' ';
  first = false;
}

}  // namespace

// ---- settings and forms ----

std::optional<std::string> FeedbackRepoSqlite::settings_json() {
  auto q = m_c.query("SELECT settings FROM feedback_settings WHERE id = 1");
  if (!q.step()) return std::nullopt;
  return q.text(0);
}

void FeedbackRepoSqlite::save_settings_json(const std::string& json, Timestamp at) {
  m_c.query(
         "INSERT INTO feedback_settings (id, settings, updated_at) VALUES (1, ?, ?) ON CONFLICT (id) DO "
         "UPDATE SET settings = excluded.settings, updated_at = excluded.updated_at")
      .bind(1, json)
      .bind(2, to_millis(at))
      .run();
}

std::vector<std::pair<Id, std::string>> FeedbackRepoSqlite::list_forms() {
  auto q = m_c.query("SELECT category_id, fields FROM category_forms ORDER BY category_id");
  std::vector<std::pair<Id, std::string>> out;
  while (q.step())
    out.emplace_back(q.int64(0), q.text(1));
  return out;
}

void FeedbackRepoSqlite::save_form(Id category, const std::string& fields_json, Timestamp at) {
  m_c.query(
         "INSERT INTO category_forms (category_id, fields, updated_at) VALUES (?, ?, ?) ON CONFLICT "
         "(category_id) DO UPDATE SET fields = excluded.fields, updated_at = excluded.updated_at")
      .bind(1, category)
      .bind(2, fields_json)
      .bind(3, to_millis(at))
      .run();
}

void FeedbackRepoSqlite::delete_form(Id category) {
  m_c.query("DELETE FROM category_forms WHERE category_id = ?").bind(1, category).run();
}

void FeedbackRepoSqlite::insert_form_values(Id ticket, const std::vector<FormValue>& values) {
  for (const auto& v : values)
    m_c.query("INSERT INTO ticket_form_values (ticket_id, key, label, label_en, value) VALUES (?,?,?,?,?)")
        .bind(1, ticket)
        .bind(2, v.key)
        .bind(3, v.label)
        .bind(4, v.label_en)
        .bind(5, v.value)
        .run();
}

std::vector<FormValue> FeedbackRepoSqlite::form_values(Id ticket) {
  auto q =
      m_c.query("SELECT key, label, label_en, value FROM ticket_form_values WHERE ticket_id = ? ORDER BY id");
  q.bind(1, ticket);
  std::vector<FormValue> out;
  while (q.step())
    out.push_back({q.text(0), q.text(1), q.text(2), q.text(3)});
  return out;
}

// ---- registration domains ----

std::vector<std::string> FeedbackRepoSqlite::registration_domains(Id org) {
  auto q = m_c.query("SELECT domain FROM registration_domains WHERE organization_id = ? ORDER BY domain");
  q.bind(1, org);
  std::vector<std::string> out;
  while (q.step())
    out.push_back(q.text(0));
  return out;
}

Result<void> FeedbackRepoSqlite::replace_registration_domains(Id org,
                                                              const std::vector<std::string>& domains) {
  std::set<std::string> wanted;
  for (const auto& d : domains)
    wanted.insert(ascii_lower(d));
  // The column compares without case (COLLATE NOCASE).
  for (const auto& d : wanted) {
    auto q = m_c.query("SELECT organization_id FROM registration_domains WHERE domain = ?");
    q.bind(1, d);
    if (q.step() && q.int64(0) != org)
      return Error::conflict("the domain " + d + " belongs to another organisation", "domains");
  }
  m_c.query("DELETE FROM registration_domains WHERE organization_id = ?").bind(1, org).run();
  for (const auto& d : wanted) {
    auto q = m_c.query("INSERT INTO registration_domains (domain, organization_id) VALUES (?, ?)");
    q.bind(1, d).bind(2, org);
    if (!q.step_constraint())
      return Error::conflict("the domain " + d + " belongs to another organisation", "domains");
  }
  return ok();
}

std::optional<Id> FeedbackRepoSqlite::org_for_registration_domain(std::string_view domain) {
  auto q = m_c.query("SELECT organization_id FROM registration_domains WHERE domain = ?");
  q.bind(1, domain);
  if (!q.step()) return std::nullopt;
  return q.int64(0);
}

bool FeedbackRepoSqlite::any_registration_domain() {
  auto q = m_c.query("SELECT 1 FROM registration_domains LIMIT 1");
  return q.step();
}

// ---- uploads ----

void FeedbackRepoSqlite::put_blob(const std::string& sha256, std::string_view data) {
  m_c.query("INSERT OR IGNORE INTO attachment_blobs (sha256, size, data) VALUES (?,?,?)")
      .bind(1, sha256)
      .bind(2, static_cast<std::int64_t>(data.size()))
      .bind_blob(3, data)
      .run();
}

std::optional<std::string> FeedbackRepoSqlite::blob(const std::string& sha256) {
  auto q = m_c.query("SELECT data FROM attachment_blobs WHERE sha256 = ?");
  q.bind(1, sha256);
  if (!q.step()) return std::nullopt;
  return q.blob(0);
}

Id FeedbackRepoSqlite::insert_upload(const Upload& u) {
  m_c.query(
         "INSERT INTO uploads (uploader_id, filename, content_type, size, sha256, ticket_id, article_id, "
         "created_at) VALUES (?,?,?,?,?,?,?,?)")
      .bind(1, u.uploader_id)
      .bind(2, u.filename)
      .bind(3, u.content_type)
      .bind(4, static_cast<std::int64_t>(u.size))
      .bind(5, u.sha256)
      .bind(6, u.ticket_id)
      .bind(7, u.article_id)
      .bind(8, to_millis(u.created_at))
      .run();
  return m_c.last_insert_rowid();
}

std::optional<Upload> FeedbackRepoSqlite::find_upload(Id id) {
  static const std::string k_sql = std::string("SELECT ") + k_upload_columns + " FROM uploads WHERE id = ?";
  auto q = m_c.query(k_sql.c_str());
  q.bind(1, id);
  if (!q.step()) return std::nullopt;
  return read_upload(q);
}

int FeedbackRepoSqlite::attach_uploads(const std::vector<Id>& ids, Id ticket, std::optional<Id> article) {
  int attached = 0;
  for (Id id : ids) {
    m_c.query("UPDATE uploads SET ticket_id = ?, article_id = ? WHERE id = ? AND ticket_id IS NULL")
        .bind(1, ticket)
        .bind(2, article)
        .bind(3, id)
        .run();
    attached += m_c.changes();
  }
  return attached;
}

std::vector<Upload> FeedbackRepoSqlite::uploads_of_ticket(Id ticket) {
  static const std::string k_sql =
      std::string("SELECT ") + k_upload_columns + " FROM uploads WHERE ticket_id = ? ORDER BY id";
  auto q = m_c.query(k_sql.c_str());
  q.bind(1, ticket);
  std::vector<Upload> out;
  while (q.step())
    out.push_back(read_upload(q));
  return out;
}

int FeedbackRepoSqlite::purge_unattached_uploads(Timestamp before, int limit) {
  // The bytes stay: attachment_blobs is shared, and the same file may be attached elsewhere.
  m_c.query(
         "DELETE FROM uploads WHERE id IN (SELECT id FROM uploads WHERE ticket_id IS NULL AND created_at < ? "
         "ORDER BY created_at LIMIT ?)")
      .bind(1, to_millis(before))
      .bind(2, limit)
      .run();
  return m_c.changes();
}

// ---- closing timers ----

void FeedbackRepoSqlite::set_closing_timer(Id ticket, Timestamp at) {
  m_c.query(
         "INSERT INTO closing_timers (ticket_id, auto_close_at) VALUES (?, ?) ON CONFLICT (ticket_id) DO "
         "UPDATE SET auto_close_at = excluded.auto_close_at")
      .bind(1, ticket)
      .bind(2, to_millis(at))
      .run();
}

void FeedbackRepoSqlite::clear_closing_timer(Id ticket) {
  m_c.query("DELETE FROM closing_timers WHERE ticket_id = ?").bind(1, ticket).run();
}

std::optional<Timestamp> FeedbackRepoSqlite::closing_timer(Id ticket) {
  auto q = m_c.query("SELECT auto_close_at FROM closing_timers WHERE ticket_id = ?");
  q.bind(1, ticket);
  if (!q.step()) return std::nullopt;
  return from_millis(q.int64(0));
}

std::vector<Id> FeedbackRepoSqlite::due_closing_timers(Timestamp now, int limit) {
  auto q = m_c.query(
      "SELECT ticket_id FROM closing_timers WHERE auto_close_at <= ? ORDER BY auto_close_at, ticket_id "
      "LIMIT ?");
  q.bind(1, to_millis(now)).bind(2, limit);
  std::vector<Id> out;
  while (q.step())
    out.push_back(q.int64(0));
  return out;
}

// ---- surveys ----

Id FeedbackRepoSqlite::insert_invitation(const SurveyInvitation& i) {
  m_c.query(
         "INSERT INTO survey_invitations (ticket_id, nonce, issued_at, expires_at, used_at) VALUES "
         "(?,?,?,?,?)")
      .bind(1, i.ticket_id)
      .bind(2, i.nonce)
      .bind(3, to_millis(i.issued_at))
      .bind(4, to_millis(i.expires_at))
      .bind(5, opt_millis(i.used_at))
      .run();
  return m_c.last_insert_rowid();
}

std::optional<SurveyInvitation> FeedbackRepoSqlite::find_invitation(Id id) {
  static const std::string k_sql =
      std::string("SELECT ") + k_invitation_columns + " FROM survey_invitations WHERE id = ?";
  auto q = m_c.query(k_sql.c_str());
  q.bind(1, id);
  if (!q.step()) return std::nullopt;
  return read_invitation(q);
}

std::optional<SurveyInvitation> FeedbackRepoSqlite::open_invitation(Id ticket, Timestamp now) {
  static const std::string k_sql = std::string("SELECT ") + k_invitation_columns +
                                   " FROM survey_invitations WHERE ticket_id = ? AND used_at IS NULL AND "
                                   "expires_at > ? ORDER BY issued_at DESC, id DESC LIMIT 1";
  auto q = m_c.query(k_sql.c_str());
  q.bind(1, ticket).bind(2, to_millis(now));
  if (!q.step()) return std::nullopt;
  return read_invitation(q);
}

bool FeedbackRepoSqlite::use_invitation(Id id, Timestamp at) {
  m_c.query("UPDATE survey_invitations SET used_at = ? WHERE id = ? AND used_at IS NULL")
      .bind(1, to_millis(at))
      .bind(2, id)
      .run();
  return m_c.changes() > 0;
}

Result<Id> FeedbackRepoSqlite::insert_survey(const SurveyResponse& r) {
  // ON CONFLICT on the ticket only: any other violation (a bad score, a missing user) is a failure.
  m_c.query(
         "INSERT INTO surveys (ticket_id, score, tags, comment, agent_id, team_id, organization_id, "
         "requester_id, answered_by, channel, created_at) VALUES (?,?,?,?,?,?,?,?,?,?,?) ON CONFLICT "
         "(ticket_id) DO NOTHING")
      .bind(1, r.ticket_id)
      .bind(2, r.score)
      .bind(3, email::strings_to_json(r.tags))
      .bind(4, r.comment)
      .bind(5, r.agent_id)
      .bind(6, r.team_id)
      .bind(7, r.organization_id)
      .bind(8, r.requester_id)
      .bind(9, r.answered_by)
      .bind(10, r.channel)
      .bind(11, to_millis(r.created_at))
      .run();
  if (m_c.changes() == 0) return Error::conflict("the ticket has been rated already", "ticket");
  return m_c.last_insert_rowid();
}

std::optional<SurveyResponse> FeedbackRepoSqlite::survey_of_ticket(Id ticket) {
  static const std::string k_sql =
      std::string("SELECT ") + k_survey_columns + " FROM surveys WHERE ticket_id = ?";
  auto q = m_c.query(k_sql.c_str());
  q.bind(1, ticket);
  if (!q.step()) return std::nullopt;
  return read_survey(q);
}

std::vector<SurveyResponse> FeedbackRepoSqlite::list_surveys(const SurveyQuery& f) {
  std::string sql = std::string("SELECT ") + k_survey_columns + " FROM surveys ";
  bool first = true;
  if (f.from) where(sql, first, "created_at >= ?");
  if (f.to) where(sql, first, "created_at < ?");
  if (f.team_id) where(sql, first, "team_id = ?");
  if (f.agent_id) where(sql, first, "agent_id = ?");
  if (f.organization_id) where(sql, first, "organization_id = ?");
  sql += "ORDER BY created_at DESC, id DESC LIMIT ?";
  auto q = m_c.query_dynamic(sql);
  int i = 1;
  if (f.from) q.bind(i++, to_millis(*f.from));
  if (f.to) q.bind(i++, to_millis(*f.to));
  if (f.team_id) q.bind(i++, *f.team_id);
  if (f.agent_id) q.bind(i++, *f.agent_id);
  if (f.organization_id) q.bind(i++, *f.organization_id);
  q.bind(i, f.limit);
  std::vector<SurveyResponse> out;
  while (q.step())
    out.push_back(read_survey(q));
  return out;
}

// ---- callbacks ----

namespace {

// Binds reason … done_by (the columns insert and update share) from parameter `i` on; returns the next.
int bind_callback(Query& q, const Callback& c, int i) {
  q.bind(i, name(c.reason))
      .bind(i + 1, name(c.state))
      .bind(i + 2, c.ticket_id)
      .bind(i + 3, c.organization_id)
      .bind(i + 4, c.contact_id)
      .bind(i + 5, c.assignee_id)
      .bind(i + 6, c.schedule_id)
      .bind(i + 7, c.source_id)
      .bind(i + 8, to_millis(c.due_at))
      .bind(i + 9, c.note);
  if (c.outcome)
    q.bind(i + 10, name(*c.outcome));
  else
    q.bind_null(i + 10);
  q.bind(i + 11, c.outcome_notes)
      .bind(i + 12, c.follow_up)
      .bind(i + 13, opt_millis(c.done_at))
      .bind(i + 14, c.done_by);
  return i + 15;
}

}  // namespace

Id FeedbackRepoSqlite::insert_callback(const Callback& c) {
  auto q = m_c.query(
      "INSERT INTO callbacks (reason, state, ticket_id, organization_id, contact_id, assignee_id, "
      "schedule_id, "
      "source_id, due_at, note, outcome, outcome_notes, follow_up, done_at, done_by, created_by, created_at) "
      "VALUES (?,?,?,?,?,?,?,?,?,?,?,?,?,?,?,?,?)");
  int i = bind_callback(q, c, 1);
  q.bind(i, c.created_by).bind(i + 1, to_millis(c.created_at));
  q.run();
  return m_c.last_insert_rowid();
}

void FeedbackRepoSqlite::update_callback(const Callback& c) {
  // Who created it and when stay as they were.
  auto q = m_c.query(
      "UPDATE callbacks SET reason = ?, state = ?, ticket_id = ?, organization_id = ?, contact_id = ?, "
      "assignee_id = ?, schedule_id = ?, source_id = ?, due_at = ?, note = ?, outcome = ?, outcome_notes = "
      "?, "
      "follow_up = ?, done_at = ?, done_by = ? WHERE id = ?");
  int i = bind_callback(q, c, 1);
  q.bind(i, c.id);
  q.run();
}

std::optional<Callback> FeedbackRepoSqlite::find_callback(Id id) {
  static const std::string k_sql =
      std::string("SELECT ") + k_callback_columns + " FROM callbacks WHERE id = ?";
  auto q = m_c.query(k_sql.c_str());
  q.bind(1, id);
  if (!q.step()) return std::nullopt;
  return read_callback(q);
}

std::vector<Callback> FeedbackRepoSqlite::list_callbacks(const CallbackQuery& f) {
  std::string sql = std::string("SELECT ") + k_callback_columns + " FROM callbacks ";
  bool first = true;
  if (f.state) where(sql, first, "state = ?");
  if (f.assignee_id) where(sql, first, "assignee_id = ?");
  if (f.reason) where(sql, first, "reason = ?");
  if (f.ticket_id) where(sql, first, "ticket_id = ?");
  sql += "ORDER BY CASE state WHEN 'open' THEN 0 ELSE 1 END, due_at, id LIMIT ?";
  auto q = m_c.query_dynamic(sql);
  int i = 1;
  if (f.state) q.bind(i++, name(*f.state));
  if (f.assignee_id) q.bind(i++, *f.assignee_id);
  if (f.reason) q.bind(i++, name(*f.reason));
  if (f.ticket_id) q.bind(i++, *f.ticket_id);
  q.bind(i, f.limit);
  std::vector<Callback> out;
  while (q.step())
    out.push_back(read_callback(q));
  return out;
}

Id FeedbackRepoSqlite::insert_schedule(const CallbackSchedule& s) {
  m_c.query(
         "INSERT INTO callback_schedules (organization_id, contact_id, assignee_id, every_days, next_due_at, "
         "note, active, created_by, created_at) VALUES (?,?,?,?,?,?,?,?,?)")
      .bind(1, s.organization_id)
      .bind(2, s.contact_id)
      .bind(3, s.assignee_id)
      .bind(4, s.every_days)
      .bind(5, to_millis(s.next_due_at))
      .bind(6, s.note)
      .bind(7, s.active ? 1 : 0)
      .bind(8, s.created_by)
      .bind(9, to_millis(s.created_at))
      .run();
  return m_c.last_insert_rowid();
}

std::optional<CallbackSchedule> FeedbackRepoSqlite::find_schedule(Id id) {
  static const std::string k_sql =
      std::string("SELECT ") + k_schedule_columns + " FROM callback_schedules WHERE id = ?";
  auto q = m_c.query(k_sql.c_str());
  q.bind(1, id);
  if (!q.step()) return std::nullopt;
  return read_schedule(q);
}

std::vector<CallbackSchedule> FeedbackRepoSqlite::list_schedules() {
  static const std::string k_sql =
      std::string("SELECT ") + k_schedule_columns + " FROM callback_schedules ORDER BY id";
  auto q = m_c.query(k_sql.c_str());
  std::vector<CallbackSchedule> out;
  while (q.step())
    out.push_back(read_schedule(q));
  return out;
}

bool FeedbackRepoSqlite::delete_schedule(Id id) {
  // Callbacks it made keep their history; schedule_id is set to NULL by the foreign key.
  m_c.query("DELETE FROM callback_schedules WHERE id = ?").bind(1, id).run();
  return m_c.changes() > 0;
}

std::vector<CallbackSchedule> FeedbackRepoSqlite::due_schedules(Timestamp now, int limit) {
  static const std::string k_sql = std::string("SELECT ") + k_schedule_columns +
                                   " FROM callback_schedules WHERE active = 1 AND next_due_at <= ? ORDER BY "
                                   "next_due_at, id LIMIT ?";
  auto q = m_c.query(k_sql.c_str());
  q.bind(1, to_millis(now)).bind(2, limit);
  std::vector<CallbackSchedule> out;
  while (q.step())
    out.push_back(read_schedule(q));
  return out;
}

void FeedbackRepoSqlite::set_schedule_due(Id id, Timestamp next_due_at) {
  m_c.query("UPDATE callback_schedules SET next_due_at = ? WHERE id = ?")
      .bind(1, to_millis(next_due_at))
      .bind(2, id)
      .run();
}

// ---- complaints ----

namespace {

// Binds ticket_id … closed_at, all but created_at (the columns insert and update share), from
// parameter `i` on; returns the next.
int bind_complaint(Query& q, const Complaint& c, int i) {
  q.bind(i, c.ticket_id)
      .bind(i + 1, c.related_ticket_id)
      .bind(i + 2, name(c.stage))
      .bind(i + 3, name(c.source))
      .bind(i + 4, c.customer_id)
      .bind(i + 5, c.organization_id)
      .bind(i + 6, c.officer_id)
      .bind(i + 7, c.product)
      .bind(i + 8, c.fault)
      .bind(i + 9, name(c.warranty));
  if (c.verdict)
    q.bind(i + 10, name(*c.verdict));
  else
    q.bind_null(i + 10);
  q.bind(i + 11, c.judgement)
      .bind(i + 12, c.decision)
      .bind(i + 13, c.action)
      .bind(i + 14, c.feedback)
      .bind(i + 15, c.summary)
      .bind(i + 16, to_millis(c.updated_at))
      .bind(i + 17, opt_millis(c.closed_at));
  return i + 18;
}

}  // namespace

void FeedbackRepoSqlite::replace_engineers(Id complaint, const std::vector<Id>& engineers) {
  m_c.query("DELETE FROM complaint_engineers WHERE complaint_id = ?").bind(1, complaint).run();
  for (Id user : std::set<Id>(engineers.begin(), engineers.end()))
    m_c.query("INSERT INTO complaint_engineers (complaint_id, user_id) VALUES (?, ?)")
        .bind(1, complaint)
        .bind(2, user)
        .run();
}

Id FeedbackRepoSqlite::insert_complaint(const Complaint& c) {
  auto q = m_c.query(
      "INSERT INTO complaints (ticket_id, related_ticket_id, stage, source, customer_id, organization_id, "
      "officer_id, product, fault, warranty, verdict, judgement, decision, action, feedback, summary, "
      "updated_at, closed_at, created_at) VALUES (?,?,?,?,?,?,?,?,?,?,?,?,?,?,?,?,?,?,?)");
  int i = bind_complaint(q, c, 1);
  q.bind(i, to_millis(c.created_at));
  q.run();
  Id id = m_c.last_insert_rowid();
  replace_engineers(id, c.engineer_ids);
  return id;
}

void FeedbackRepoSqlite::update_complaint(const Complaint& c) {
  auto q = m_c.query(
      "UPDATE complaints SET ticket_id = ?, related_ticket_id = ?, stage = ?, source = ?, customer_id = ?, "
      "organization_id = ?, officer_id = ?, product = ?, fault = ?, warranty = ?, verdict = ?, judgement = "
      "?, "
      "decision = ?, action = ?, feedback = ?, summary = ?, updated_at = ?, closed_at = ? WHERE id = ?");
  int i = bind_complaint(q, c, 1);
  q.bind(i, c.id);
  q.run();
  replace_engineers(c.id, c.engineer_ids);
}

std::optional<Complaint> FeedbackRepoSqlite::find_complaint(Id id) {
  static const std::string k_sql = complaint_select() + "WHERE c.id = ?";
  auto q = m_c.query(k_sql.c_str());
  q.bind(1, id);
  if (!q.step()) return std::nullopt;
  return read_complaint(q);
}

std::optional<Complaint> FeedbackRepoSqlite::complaint_of_ticket(Id ticket) {
  static const std::string k_sql = complaint_select() + "WHERE c.ticket_id = ?";
  auto q = m_c.query(k_sql.c_str());
  q.bind(1, ticket);
  if (!q.step()) return std::nullopt;
  return read_complaint(q);
}

std::vector<Complaint> FeedbackRepoSqlite::list_complaints(const ComplaintQuery& f) {
  std::string sql = complaint_select();
  bool first = true;
  if (f.stage) where(sql, first, "c.stage = ?");
  if (f.open_only) where(sql, first, "c.stage <> 'closed'");
  if (f.officer_id) where(sql, first, "c.officer_id = ?");
  sql += "ORDER BY c.created_at DESC, c.id DESC LIMIT ?";
  auto q = m_c.query_dynamic(sql);
  int i = 1;
  if (f.stage) q.bind(i++, name(*f.stage));
  if (f.officer_id) q.bind(i++, *f.officer_id);
  q.bind(i, f.limit);
  std::vector<Complaint> out;
  while (q.step())
    out.push_back(read_complaint(q));
  return out;
}

Id FeedbackRepoSqlite::insert_complaint_step(const ComplaintStep& s) {
  m_c.query("INSERT INTO complaint_steps (complaint_id, step, actor_id, data, at) VALUES (?,?,?,?,?)")
      .bind(1, s.complaint_id)
      .bind(2, s.step)
      .bind(3, s.actor_id)
      .bind(4, s.data_json)
      .bind(5, to_millis(s.at))
      .run();
  return m_c.last_insert_rowid();
}

std::vector<ComplaintStep> FeedbackRepoSqlite::complaint_steps(Id complaint) {
  static const std::string k_sql = std::string("SELECT ") + k_complaint_step_columns +
                                   " FROM complaint_steps WHERE complaint_id = ? ORDER BY id";
  auto q = m_c.query(k_sql.c_str());
  q.bind(1, complaint);
  std::vector<ComplaintStep> out;
  while (q.step())
    out.push_back(read_complaint_step(q));
  return out;
}

}  // namespace techdesk::storage::sqlite
