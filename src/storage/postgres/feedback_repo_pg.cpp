// All SQL of closing the loop (request forms, uploads, closing timers, surveys, callbacks, complaints) on
// PostgreSQL. The due lists (closing timers, callback schedules) are taken with FOR UPDATE SKIP LOCKED,
// so that two nodes never act on the same one; conflicts that two transactions could both miss when they
// check first (a ticket rated twice, a domain claimed twice) are left to the unique indexes.
#include <set>

#include "common/text.h"
#include "storage/feedback_rows.h"
#include "storage/postgres/pg_util.h"
#include "storage/postgres/repos_pg.h"

namespace techdesk::storage::postgres {

using namespace feedback;

namespace {

// A complaint's columns and its engineers, FROM complaints c; a WHERE clause follows.
const std::string& complaint_select() {
  static const std::string k_sql =
      std::string("SELECT ") + k_complaint_columns +
      ", (SELECT string_agg(user_id::text, ',') FROM complaint_engineers e WHERE e.complaint_id = c.id) "
      "FROM complaints c ";
  return k_sql;
}

// A WHERE clause with numbered parameters, built up filter by filter.
class Filter {
 public:
  explicit Filter(std::string sql) : m_sql(std::move(sql)) {}
  // Adds "<column> <op> $n", n being value's place among the parameters.
  template <class T>
  void add(const char* column, const char* op, const T& value) {
    m_params.add(value);
    condition(std::string(column) + " " + op + " $" + std::to_string(m_params.size()));
  }
  void condition(const std::string& c) {
    m_sql += m_first ? "WHERE " : "AND ";
    m_sql += c + " ";
    m_first = false;
  }
  // Appends the tail (ORDER BY …) and "LIMIT $n".
  void finish(const char* order, int limit) {
    m_params.add(limit);
    m_sql += std::string(order) + " LIMIT $" + std::to_string(m_params.size());
  }
  const std::string& sql() const { return m_sql; }
  const PgParams& params() const { return m_params; }

 private:
  std::string m_sql;
  PgParams m_params;
  bool m_first = true;
};

// A bigint[] literal: {1,2,3}.
std::string id_array(const std::vector<Id>& ids) {
  std::string out = "{";
  for (std::size_t i = 0; i < ids.size(); ++i)
    out += (i ? "," : "") + std::to_string(ids[i]);
  return out + "}";
}

}  // namespace

// ---- settings and forms ----

std::optional<std::string> FeedbackRepoPg::settings_json() {
  auto r = m_c.run("SELECT settings FROM feedback_settings WHERE id = 1");
  if (r.rows() == 0) return std::nullopt;
  return PgRow(r, 0).text(0);
}

void FeedbackRepoPg::save_settings_json(const std::string& json, Timestamp at) {
  m_c.run(
      "INSERT INTO feedback_settings (id, settings, updated_at) VALUES (1, $1, $2) ON CONFLICT (id) DO "
      "UPDATE "
      "SET settings = EXCLUDED.settings, updated_at = EXCLUDED.updated_at",
      PgParams().add(json).add(to_millis(at)));
}

std::vector<std::pair<Id, std::string>> FeedbackRepoPg::list_forms() {
  auto r = m_c.run("SELECT category_id, fields FROM category_forms ORDER BY category_id");
  return all_rows<std::pair<Id, std::string>>(
      r, [](const PgRow& row) { return std::pair<Id, std::string>(row.int64(0), row.text(1)); });
}

void FeedbackRepoPg::save_form(Id category, const std::string& fields_json, Timestamp at) {
  m_c.run(
      "INSERT INTO category_forms (category_id, fields, updated_at) VALUES ($1, $2, $3) ON CONFLICT "
      "(category_id) DO UPDATE SET fields = EXCLUDED.fields, updated_at = EXCLUDED.updated_at",
      PgParams().add(category).add(fields_json).add(to_millis(at)));
}

void FeedbackRepoPg::delete_form(Id category) {
  m_c.run("DELETE FROM category_forms WHERE category_id = $1", PgParams().add(category));
}

void FeedbackRepoPg::insert_form_values(Id ticket, const std::vector<FormValue>& values) {
  for (const auto& v : values)
    m_c.run(
        "INSERT INTO ticket_form_values (ticket_id, key, label, label_en, value) VALUES ($1, $2, $3, $4, $5)",
        PgParams().add(ticket).add(v.key).add(v.label).add(v.label_en).add(v.value));
}

std::vector<FormValue> FeedbackRepoPg::form_values(Id ticket) {
  auto r =
      m_c.run("SELECT key, label, label_en, value FROM ticket_form_values WHERE ticket_id = $1 ORDER BY id",
              PgParams().add(ticket));
  return all_rows<FormValue>(r, [](const PgRow& row) {
    return FormValue{row.text(0), row.text(1), row.text(2), row.text(3)};
  });
}

// ---- registration domains ----

std::vector<std::string> FeedbackRepoPg::registration_domains(Id org) {
  auto r = m_c.run("SELECT domain FROM registration_domains WHERE organization_id = $1 ORDER BY domain",
                   PgParams().add(org));
  return all_rows<std::string>(r, [](const PgRow& row) { return row.text(0); });
}

Result<void> FeedbackRepoPg::replace_registration_domains(Id org, const std::vector<std::string>& domains) {
  std::set<std::string> wanted;
  for (const auto& d : domains)
    wanted.insert(ascii_lower(d));
  for (const auto& d : wanted) {
    auto r = m_c.run("SELECT organization_id FROM registration_domains WHERE lower(domain) = lower($1)",
                     PgParams().add(d));
    if (r.rows() > 0 && PgRow(r, 0).int64(0) != org)
      return Error::conflict("the domain " + d + " belongs to another organisation", "domains");
  }
  m_c.run("DELETE FROM registration_domains WHERE organization_id = $1", PgParams().add(org));
  for (const auto& d : wanted) {
    // Another organisation may have claimed it since the check; the unique index decides.
    if (!m_c.run_constraint("INSERT INTO registration_domains (domain, organization_id) VALUES ($1, $2)",
                            PgParams().add(d).add(org)))
      return Error::conflict("the domain " + d + " belongs to another organisation", "domains");
  }
  return ok();
}

std::optional<Id> FeedbackRepoPg::org_for_registration_domain(std::string_view domain) {
  auto r = m_c.run("SELECT organization_id FROM registration_domains WHERE lower(domain) = lower($1)",
                   PgParams().add(domain));
  if (r.rows() == 0) return std::nullopt;
  return PgRow(r, 0).int64(0);
}

bool FeedbackRepoPg::any_registration_domain() {
  return m_c.run("SELECT 1 FROM registration_domains LIMIT 1").rows() > 0;
}

// ---- uploads ----

void FeedbackRepoPg::put_blob(const std::string& sha256, std::string_view data) {
  m_c.run("INSERT INTO attachment_blobs (sha256, size, data) VALUES ($1,$2,$3) ON CONFLICT DO NOTHING",
          PgParams().add(sha256).add(static_cast<std::int64_t>(data.size())).add_bytea(data));
}

std::optional<std::string> FeedbackRepoPg::blob(const std::string& sha256) {
  auto r = m_c.run("SELECT data FROM attachment_blobs WHERE sha256 = $1", PgParams().add(sha256));
  if (r.rows() == 0) return std::nullopt;
  return PgRow(r, 0).bytea(0);
}

Id FeedbackRepoPg::insert_upload(const Upload& u) {
  auto r = m_c.run(
      "INSERT INTO uploads (uploader_id, filename, content_type, size, sha256, ticket_id, article_id, "
      "created_at) VALUES ($1,$2,$3,$4,$5,$6,$7,$8) RETURNING id",
      PgParams()
          .add(u.uploader_id)
          .add(u.filename)
          .add(u.content_type)
          .add(static_cast<std::int64_t>(u.size))
          .add(u.sha256)
          .add(u.ticket_id)
          .add(u.article_id)
          .add(to_millis(u.created_at)));
  return PgRow(r, 0).int64(0);
}

std::optional<Upload> FeedbackRepoPg::find_upload(Id id) {
  static const std::string k_sql = std::string("SELECT ") + k_upload_columns + " FROM uploads WHERE id = $1";
  auto r = m_c.run(k_sql.c_str(), PgParams().add(id));
  if (r.rows() == 0) return std::nullopt;
  return read_upload(PgRow(r, 0));
}

int FeedbackRepoPg::attach_uploads(const std::vector<Id>& ids, Id ticket, std::optional<Id> article) {
  if (ids.empty()) return 0;
  return m_c
      .run(
          "UPDATE uploads SET ticket_id = $1, article_id = $2 WHERE id = ANY($3::bigint[]) AND ticket_id IS "
          "NULL",
          PgParams().add(ticket).add(article).add(id_array(ids)))
      .affected();
}

std::vector<Upload> FeedbackRepoPg::uploads_of_ticket(Id ticket) {
  static const std::string k_sql =
      std::string("SELECT ") + k_upload_columns + " FROM uploads WHERE ticket_id = $1 ORDER BY id";
  auto r = m_c.run(k_sql.c_str(), PgParams().add(ticket));
  return all_rows<Upload>(r, [](const PgRow& row) { return read_upload(row); });
}

int FeedbackRepoPg::purge_unattached_uploads(Timestamp before, int limit) {
  // The bytes stay: attachment_blobs is shared, and the same file may be attached elsewhere. The outer
  // "ticket_id IS NULL" is checked again on a row attached meanwhile, which is then kept.
  return m_c
      .run(
          "DELETE FROM uploads WHERE ticket_id IS NULL AND id IN (SELECT id FROM uploads WHERE ticket_id IS "
          "NULL AND created_at < $1 ORDER BY created_at LIMIT $2 FOR UPDATE SKIP LOCKED)",
          PgParams().add(to_millis(before)).add(limit))
      .affected();
}

// ---- closing timers ----

void FeedbackRepoPg::set_closing_timer(Id ticket, Timestamp at) {
  m_c.run(
      "INSERT INTO closing_timers (ticket_id, auto_close_at) VALUES ($1, $2) ON CONFLICT (ticket_id) DO "
      "UPDATE SET auto_close_at = EXCLUDED.auto_close_at",
      PgParams().add(ticket).add(to_millis(at)));
}

void FeedbackRepoPg::clear_closing_timer(Id ticket) {
  m_c.run("DELETE FROM closing_timers WHERE ticket_id = $1", PgParams().add(ticket));
}

std::optional<Timestamp> FeedbackRepoPg::closing_timer(Id ticket) {
  auto r = m_c.run("SELECT auto_close_at FROM closing_timers WHERE ticket_id = $1", PgParams().add(ticket));
  if (r.rows() == 0) return std::nullopt;
  return from_millis(PgRow(r, 0).int64(0));
}

std::vector<Id> FeedbackRepoPg::due_closing_timers(Timestamp now, int limit) {
  auto r = m_c.run(
      "SELECT ticket_id FROM closing_timers WHERE auto_close_at <= $1 ORDER BY auto_close_at, ticket_id "
      "LIMIT $2 FOR UPDATE SKIP LOCKED",
      PgParams().add(to_millis(now)).add(limit));
  return all_rows<Id>(r, [](const PgRow& row) { return row.int64(0); });
}

// ---- surveys ----

Id FeedbackRepoPg::insert_invitation(const SurveyInvitation& i) {
  auto r = m_c.run(
      "INSERT INTO survey_invitations (ticket_id, nonce, issued_at, expires_at, used_at) VALUES ($1, $2, $3, "
      "$4, $5) RETURNING id",
      PgParams()
          .add(i.ticket_id)
          .add(i.nonce)
          .add(to_millis(i.issued_at))
          .add(to_millis(i.expires_at))
          .add(opt_millis(i.used_at)));
  return PgRow(r, 0).int64(0);
}

std::optional<SurveyInvitation> FeedbackRepoPg::find_invitation(Id id) {
  static const std::string k_sql =
      std::string("SELECT ") + k_invitation_columns + " FROM survey_invitations WHERE id = $1";
  auto r = m_c.run(k_sql.c_str(), PgParams().add(id));
  if (r.rows() == 0) return std::nullopt;
  return read_invitation(PgRow(r, 0));
}

std::optional<SurveyInvitation> FeedbackRepoPg::open_invitation(Id ticket, Timestamp now) {
  static const std::string k_sql = std::string("SELECT ") + k_invitation_columns +
                                   " FROM survey_invitations WHERE ticket_id = $1 AND used_at IS NULL AND "
                                   "expires_at > $2 ORDER BY issued_at DESC, id DESC LIMIT 1";
  auto r = m_c.run(k_sql.c_str(), PgParams().add(ticket).add(to_millis(now)));
  if (r.rows() == 0) return std::nullopt;
  return read_invitation(PgRow(r, 0));
}

bool FeedbackRepoPg::use_invitation(Id id, Timestamp at) {
  // A concurrent answer holds the row until it commits; this one then finds used_at set.
  return m_c.run("UPDATE survey_invitations SET used_at = $1 WHERE id = $2 AND used_at IS NULL",
                 PgParams().add(to_millis(at)).add(id))
             .affected() > 0;
}

Result<Id> FeedbackRepoPg::insert_survey(const SurveyResponse& s) {
  // ON CONFLICT on the ticket only: any other violation (a bad score, a missing user) is a failure.
  auto r = m_c.run(
      "INSERT INTO surveys (ticket_id, score, tags, comment, agent_id, team_id, organization_id, "
      "requester_id, answered_by, channel, created_at) VALUES ($1,$2,$3,$4,$5,$6,$7,$8,$9,$10,$11) ON "
      "CONFLICT (ticket_id) DO NOTHING RETURNING id",
      PgParams()
          .add(s.ticket_id)
          .add(s.score)
          .add(email::strings_to_json(s.tags))
          .add(s.comment)
          .add(s.agent_id)
          .add(s.team_id)
          .add(s.organization_id)
          .add(s.requester_id)
          .add(s.answered_by)
          .add(s.channel)
          .add(to_millis(s.created_at)));
  if (r.rows() == 0) return Error::conflict("the ticket has been rated already", "ticket");
  return PgRow(r, 0).int64(0);
}

std::optional<SurveyResponse> FeedbackRepoPg::survey_of_ticket(Id ticket) {
  static const std::string k_sql =
      std::string("SELECT ") + k_survey_columns + " FROM surveys WHERE ticket_id = $1";
  auto r = m_c.run(k_sql.c_str(), PgParams().add(ticket));
  if (r.rows() == 0) return std::nullopt;
  return read_survey(PgRow(r, 0));
}

std::vector<SurveyResponse> FeedbackRepoPg::list_surveys(const SurveyQuery& q) {
  Filter f(std::string("SELECT ") + k_survey_columns + " FROM surveys ");
  if (q.from) f.add("created_at", ">=", to_millis(*q.from));
  if (q.to) f.add("created_at", "<", to_millis(*q.to));
  if (q.team_id) f.add("team_id", "=", *q.team_id);
  if (q.agent_id) f.add("agent_id", "=", *q.agent_id);
  if (q.organization_id) f.add("organization_id", "=", *q.organization_id);
  f.finish("ORDER BY created_at DESC, id DESC", q.limit);
  auto r = m_c.run_dynamic(f.sql(), f.params());
  return all_rows<SurveyResponse>(r, [](const PgRow& row) { return read_survey(row); });
}

// ---- callbacks ----

namespace {

// reason … done_by: the columns insert and update share.
PgParams callback_params(const Callback& c) {
  PgParams p;
  p.add(name(c.reason))
      .add(name(c.state))
      .add(c.ticket_id)
      .add(c.organization_id)
      .add(c.contact_id)
      .add(c.assignee_id)
      .add(c.schedule_id)
      .add(c.source_id)
      .add(to_millis(c.due_at))
      .add(c.note);
  if (c.outcome)
    p.add(name(*c.outcome));
  else
    p.add_null();
  p.add(c.outcome_notes).add(c.follow_up).add(opt_millis(c.done_at)).add(c.done_by);
  return p;
}

}  // namespace

Id FeedbackRepoPg::insert_callback(const Callback& c) {
  auto p = callback_params(c);
  p.add(c.created_by).add(to_millis(c.created_at));
  auto r = m_c.run(
      "INSERT INTO callbacks (reason, state, ticket_id, organization_id, contact_id, assignee_id, "
      "schedule_id, "
      "source_id, due_at, note, outcome, outcome_notes, follow_up, done_at, done_by, created_by, created_at) "
      "VALUES ($1,$2,$3,$4,$5,$6,$7,$8,$9,$10,$11,$12,$13,$14,$15,$16,$17) RETURNING id",
      p);
  return PgRow(r, 0).int64(0);
}

void FeedbackRepoPg::update_callback(const Callback& c) {
  // Who created it and when stay as they were.
  auto p = callback_params(c);
  p.add(c.id);
  m_c.run(
      "UPDATE callbacks SET reason = $1, state = $2, ticket_id = $3, organization_id = $4, contact_id = $5, "
      "assignee_id = $6, schedule_id = $7, source_id = $8, due_at = $9, note = $10, outcome = $11, "
      "outcome_notes = $12, follow_up = $13, done_at = $14, done_by = $15 WHERE id = $16",
      p);
}

std::optional<Callback> FeedbackRepoPg::find_callback(Id id) {
  static const std::string k_sql =
      std::string("SELECT ") + k_callback_columns + " FROM callbacks WHERE id = $1";
  auto r = m_c.run(k_sql.c_str(), PgParams().add(id));
  if (r.rows() == 0) return std::nullopt;
  return read_callback(PgRow(r, 0));
}

std::vector<Callback> FeedbackRepoPg::list_callbacks(const CallbackQuery& q) {
  Filter f(std::string("SELECT ") + k_callback_columns + " FROM callbacks ");
  if (q.state) f.add("state", "=", name(*q.state));
  if (q.assignee_id) f.add("assignee_id", "=", *q.assignee_id);
  if (q.reason) f.add("reason", "=", name(*q.reason));
  if (q.ticket_id) f.add("ticket_id", "=", *q.ticket_id);
  f.finish("ORDER BY CASE state WHEN 'open' THEN 0 ELSE 1 END, due_at, id", q.limit);
  auto r = m_c.run_dynamic(f.sql(), f.params());
  return all_rows<Callback>(r, [](const PgRow& row) { return read_callback(row); });
}

Id FeedbackRepoPg::insert_schedule(const CallbackSchedule& s) {
  auto r = m_c.run(
      "INSERT INTO callback_schedules (organization_id, contact_id, assignee_id, every_days, next_due_at, "
      "note, active, created_by, created_at) VALUES ($1,$2,$3,$4,$5,$6,$7,$8,$9) RETURNING id",
      PgParams()
          .add(s.organization_id)
          .add(s.contact_id)
          .add(s.assignee_id)
          .add(s.every_days)
          .add(to_millis(s.next_due_at))
          .add(s.note)
          .add(s.active)
          .add(s.created_by)
          .add(to_millis(s.created_at)));
  return PgRow(r, 0).int64(0);
}

std::optional<CallbackSchedule> FeedbackRepoPg::find_schedule(Id id) {
  static const std::string k_sql =
      std::string("SELECT ") + k_schedule_columns + " FROM callback_schedules WHERE id = $1";
  auto r = m_c.run(k_sql.c_str(), PgParams().add(id));
  if (r.rows() == 0) return std::nullopt;
  return read_schedule(PgRow(r, 0));
}

std::vector<CallbackSchedule> FeedbackRepoPg::list_schedules() {
  static const std::string k_sql =
      std::string("SELECT ") + k_schedule_columns + " FROM callback_schedules ORDER BY id";
  auto r = m_c.run(k_sql.c_str());
  return all_rows<CallbackSchedule>(r, [](const PgRow& row) { return read_schedule(row); });
}

bool FeedbackRepoPg::delete_schedule(Id id) {
  // Callbacks it made keep their history; schedule_id is set to NULL by the foreign key.
  return m_c.run("DELETE FROM callback_schedules WHERE id = $1", PgParams().add(id)).affected() > 0;
}

std::vector<CallbackSchedule> FeedbackRepoPg::due_schedules(Timestamp now, int limit) {
  static const std::string k_sql = std::string("SELECT ") + k_schedule_columns +
                                   " FROM callback_schedules WHERE active AND next_due_at <= $1 ORDER BY "
                                   "next_due_at, id LIMIT $2 FOR UPDATE SKIP LOCKED";
  auto r = m_c.run(k_sql.c_str(), PgParams().add(to_millis(now)).add(limit));
  return all_rows<CallbackSchedule>(r, [](const PgRow& row) { return read_schedule(row); });
}

void FeedbackRepoPg::set_schedule_due(Id id, Timestamp next_due_at) {
  m_c.run("UPDATE callback_schedules SET next_due_at = $1 WHERE id = $2",
          PgParams().add(to_millis(next_due_at)).add(id));
}

// ---- complaints ----

namespace {

// ticket_id … closed_at, all but created_at: the columns insert and update share.
PgParams complaint_params(const Complaint& c) {
  PgParams p;
  p.add(c.ticket_id)
      .add(c.related_ticket_id)
      .add(name(c.stage))
      .add(name(c.source))
      .add(c.customer_id)
      .add(c.organization_id)
      .add(c.officer_id)
      .add(c.product)
      .add(c.fault)
      .add(name(c.warranty));
  if (c.verdict)
    p.add(name(*c.verdict));
  else
    p.add_null();
  p.add(c.judgement)
      .add(c.decision)
      .add(c.action)
      .add(c.feedback)
      .add(c.summary)
      .add(to_millis(c.updated_at))
      .add(opt_millis(c.closed_at));
  return p;
}

}  // namespace

void FeedbackRepoPg::replace_engineers(Id complaint, const std::vector<Id>& engineers) {
  m_c.run("DELETE FROM complaint_engineers WHERE complaint_id = $1", PgParams().add(complaint));
  if (engineers.empty()) return;
  m_c.run(
      "INSERT INTO complaint_engineers (complaint_id, user_id) SELECT $1::bigint, u FROM "
      "unnest($2::bigint[]) "
      "AS u ON CONFLICT DO NOTHING",
      PgParams().add(complaint).add(id_array(engineers)));
}

Id FeedbackRepoPg::insert_complaint(const Complaint& c) {
  auto p = complaint_params(c);
  p.add(to_millis(c.created_at));
  auto r = m_c.run(
      "INSERT INTO complaints (ticket_id, related_ticket_id, stage, source, customer_id, organization_id, "
      "officer_id, product, fault, warranty, verdict, judgement, decision, action, feedback, summary, "
      "updated_at, closed_at, created_at) VALUES "
      "($1,$2,$3,$4,$5,$6,$7,$8,$9,$10,$11,$12,$13,$14,$15,$16,$17,$18,$19) RETURNING id",
      p);
  Id id = PgRow(r, 0).int64(0);
  replace_engineers(id, c.engineer_ids);
  return id;
}

void FeedbackRepoPg::update_complaint(const Complaint& c) {
  auto p = complaint_params(c);
  p.add(c.id);
  m_c.run(
      "UPDATE complaints SET ticket_id = $1, related_ticket_id = $2, stage = $3, source = $4, customer_id = "
      "$5, "
      "organization_id = $6, officer_id = $7, product = $8, fault = $9, warranty = $10, verdict = $11, "
      "judgement = $12, decision = $13, action = $14, feedback = $15, summary = $16, updated_at = $17, "
      "closed_at = $18 WHERE id = $19",
      p);
  replace_engineers(c.id, c.engineer_ids);
}

std::optional<Complaint> FeedbackRepoPg::find_complaint(Id id) {
  static const std::string k_sql = complaint_select() + "WHERE c.id = $1";
  auto r = m_c.run(k_sql.c_str(), PgParams().add(id));
  if (r.rows() == 0) return std::nullopt;
  return read_complaint(PgRow(r, 0));
}

std::optional<Complaint> FeedbackRepoPg::complaint_of_ticket(Id ticket) {
  static const std::string k_sql = complaint_select() + "WHERE c.ticket_id = $1";
  auto r = m_c.run(k_sql.c_str(), PgParams().add(ticket));
  if (r.rows() == 0) return std::nullopt;
  return read_complaint(PgRow(r, 0));
}

std::vector<Complaint> FeedbackRepoPg::list_complaints(const ComplaintQuery& q) {
  Filter f(complaint_select());
  if (q.stage) f.add("c.stage", "=", name(*q.stage));
  if (q.open_only) f.condition("c.stage <> 'closed'");
  if (q.officer_id) f.add("c.officer_id", "=", *q.officer_id);
  f.finish("ORDER BY c.created_at DESC, c.id DESC", q.limit);
  auto r = m_c.run_dynamic(f.sql(), f.params());
  return all_rows<Complaint>(r, [](const PgRow& row) { return read_complaint(row); });
}

Id FeedbackRepoPg::insert_complaint_step(const ComplaintStep& s) {
  auto r = m_c.run(
      "INSERT INTO complaint_steps (complaint_id, step, actor_id, data, at) VALUES ($1, $2, $3, $4, $5) "
      "RETURNING id",
      PgParams().add(s.complaint_id).add(s.step).add(s.actor_id).add(s.data_json).add(to_millis(s.at)));
  return PgRow(r, 0).int64(0);
}

std::vector<ComplaintStep> FeedbackRepoPg::complaint_steps(Id complaint) {
  static const std::string k_sql = std::string("SELECT ") + k_complaint_step_columns +
                                   " FROM complaint_steps WHERE complaint_id = $1 ORDER BY id";
  auto r = m_c.run(k_sql.c_str(), PgParams().add(complaint));
  return all_rows<ComplaintStep>(r, [](const PgRow& row) { return read_complaint_step(row); });
}

}  // namespace techdesk::storage::postgres
