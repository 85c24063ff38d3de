// Turning result rows into domain objects, shared by every backend. A Row is anything with
//   std::int64_t int64(int col); std::string text(int col); bool boolean(int col);
//   std::optional<std::int64_t> opt_int64(int col); std::optional<std::string> opt_text(int col);
// (sqlite::Query and postgres::PgRow). Column orders are the SELECT lists below, used by both backends.
#pragma once

#include "common/clock.h"
#include "identity/role.h"
#include "identity/types.h"
#include "jobs/job.h"
#include "kb/types.h"
#include "ticket/types.h"

namespace techdesk::storage {

inline constexpr const char* k_user_columns =
    "id, login, name, email, phone, role, organization_id, active, created_at";
inline constexpr const char* k_org_columns = "id, name, kind, domain, created_at";

// The ticket with the names it refers to; `t` tickets, `r` requester, `a` assignee, `tm` team,
// `o` organisation, `c` category.
// The columns of a ticket as read_ticket_view() reads them; then, for one ticket, its contacts (column 65,
// a comma-separated list of user ids) and k_ticket_view_from.
inline constexpr const char* k_ticket_view_select =
    "SELECT t.id, t.number, t.subject, t.description, t.type, t.category_id, t.impact, t.urgency, "
    "t.priority, "
    "t.channel, t.state, t.tier, t.requester_id, t.organization_id, t.team_id, t.assignee_id, "
    "t.cancel_reason, "
    "t.created_at, t.updated_at, t.resolved_at, t.closed_at, t.version, "
    "r.name, a.name, tm.name, o.name, c.name, c.name_en, c.path, c.parent_id, "
    "s.ticket_id, s.policy_id, s.policy_name, s.why, s.calendar_id, s.started_at, s.priority, "
    "s.first_response_target, s.next_update_target, s.resolution_target, s.warn_percent, "
    "s.second_level_percent, "
    "s.pause_states, s.stopped_ms, s.stopped_since, s.paused, s.first_response_at, s.resolved_at, "
    "s.last_public_update, s.first_response_warn, s.first_response_due, s.first_response_second, "
    "s.resolution_warn, s.resolution_due, s.resolution_second, s.next_update_due, s.first_response_warned, "
    "s.first_response_breached, s.first_response_escalated, s.resolution_warned, s.resolution_breached, "
    "s.resolution_escalated, s.next_update_breached, s.next_check, s.nearest_due ";
inline constexpr const char* k_ticket_view_from =
    "FROM tickets t JOIN users r ON r.id = t.requester_id "
    "LEFT JOIN users a ON a.id = t.assignee_id LEFT JOIN teams tm ON tm.id = t.team_id "
    "LEFT JOIN organizations o ON o.id = t.organization_id LEFT JOIN categories c ON c.id = t.category_id "
    "LEFT JOIN ticket_sla s ON s.ticket_id = t.id ";

inline std::optional<Timestamp> as_time(const std::optional<std::int64_t>& v) {
  if (!v) return std::nullopt;
  return from_millis(*v);
}

inline std::optional<std::int64_t> as_millis(const std::optional<Timestamp>& t) {
  if (!t) return std::nullopt;
  return to_millis(*t);
}

inline std::optional<int> as_int(const std::optional<std::int64_t>& v) {
  if (!v) return std::nullopt;
  return static_cast<int>(*v);
}

// The columns of a ticket's SLA record, in the order read_ticket_sla() and bind_ticket_sla() use.
inline constexpr const char* k_ticket_sla_columns =
    "ticket_id, policy_id, policy_name, why, calendar_id, started_at, priority, first_response_target, "
    "next_update_target, resolution_target, warn_percent, second_level_percent, pause_states, stopped_ms, "
    "stopped_since, paused, first_response_at, resolved_at, last_public_update, first_response_warn, "
    "first_response_due, first_response_second, resolution_warn, resolution_due, resolution_second, "
    "next_update_due, first_response_warned, first_response_breached, first_response_escalated, "
    "resolution_warned, resolution_breached, resolution_escalated, next_update_breached, next_check, "
    "nearest_due";
inline constexpr int k_ticket_sla_column_count = 35;

// k_ticket_sla_columns with each column prefixed ("s." → "s.ticket_id, s.policy_id, …").
inline std::string prefixed_ticket_sla_columns(const std::string& prefix) {
  std::string out;
  std::string_view rest = k_ticket_sla_columns;
  while (!rest.empty()) {
    auto comma = rest.find(',');
    std::string_view col = rest.substr(0, comma);
    while (!col.empty() && col.front() == ' ')
      col.remove_prefix(1);
    out += (out.empty() ? "" : ", ") + prefix + std::string(col);
    rest = comma == std::string_view::npos ? std::string_view{} : rest.substr(comma + 1);
  }
  return out;
}

inline std::string join_states(const std::vector<ticket::State>& states) {
  std::string out;
  for (auto st : states)
    out += (out.empty() ? "" : ",") + std::string(ticket::name(st));
  return out;
}

inline std::vector<ticket::State> split_states(const std::string& text) {
  std::vector<ticket::State> out;
  std::size_t pos = 0;
  while (pos < text.size()) {
    auto comma = text.find(',', pos);
    auto part = text.substr(pos, comma == std::string::npos ? std::string::npos : comma - pos);
    if (auto st = ticket::parse_state(part)) out.push_back(*st);
    if (comma == std::string::npos) break;
    pos = comma + 1;
  }
  return out;
}

// Reads a ticket's SLA record from column c on (k_ticket_sla_columns); nullopt when the columns are
// NULL (a LEFT JOIN found no record).
template <class Row>
std::optional<ticket::TicketSla> read_ticket_sla(Row& q, int c) {
  if (q.is_null(c)) return std::nullopt;
  ticket::TicketSla s;
  s.ticket_id = q.int64(c);
  s.policy_id = q.int64(c + 1);
  s.policy_name = q.text(c + 2);
  s.why = q.text(c + 3);
  s.calendar_id = q.int64(c + 4);
  s.started_at = from_millis(q.int64(c + 5));
  s.priority = ticket::parse_priority(q.text(c + 6)).value_or(ticket::Priority::P3);
  s.first_response_target = as_int(q.opt_int64(c + 7));
  s.next_update_target = as_int(q.opt_int64(c + 8));
  s.resolution_target = as_int(q.opt_int64(c + 9));
  s.warn_percent = static_cast<int>(q.int64(c + 10));
  s.second_level_percent = static_cast<int>(q.int64(c + 11));
  s.pause_states = split_states(q.text(c + 12));
  s.stopped = std::chrono::milliseconds(q.int64(c + 13));
  s.stopped_since = as_time(q.opt_int64(c + 14));
  s.paused = q.boolean(c + 15);
  s.first_response_at = as_time(q.opt_int64(c + 16));
  s.resolved_at = as_time(q.opt_int64(c + 17));
  s.last_public_update = as_time(q.opt_int64(c + 18));
  s.first_response_warn = as_time(q.opt_int64(c + 19));
  s.first_response_due = as_time(q.opt_int64(c + 20));
  s.first_response_second = as_time(q.opt_int64(c + 21));
  s.resolution_warn = as_time(q.opt_int64(c + 22));
  s.resolution_due = as_time(q.opt_int64(c + 23));
  s.resolution_second = as_time(q.opt_int64(c + 24));
  s.next_update_due = as_time(q.opt_int64(c + 25));
  s.first_response_warned = q.boolean(c + 26);
  s.first_response_breached = q.boolean(c + 27);
  s.first_response_escalated = q.boolean(c + 28);
  s.resolution_warned = q.boolean(c + 29);
  s.resolution_breached = q.boolean(c + 30);
  s.resolution_escalated = q.boolean(c + 31);
  s.next_update_breached = q.boolean(c + 32);
  s.next_check = as_time(q.opt_int64(c + 33));
  s.nearest_due = as_time(q.opt_int64(c + 34));
  return s;
}

// What reapply() and schedule() change, for SlaRepo::save_ticket_sla_schedule; bound by
// bind_ticket_sla_schedule() in this order, then the ticket id.
inline constexpr const char* k_ticket_sla_schedule_columns[] = {"policy_id",
                                                                "policy_name",
                                                                "why",
                                                                "calendar_id",
                                                                "priority",
                                                                "first_response_target",
                                                                "next_update_target",
                                                                "resolution_target",
                                                                "warn_percent",
                                                                "second_level_percent",
                                                                "pause_states",
                                                                "first_response_warn",
                                                                "first_response_due",
                                                                "first_response_second",
                                                                "resolution_warn",
                                                                "resolution_due",
                                                                "resolution_second",
                                                                "next_update_due",
                                                                "next_check",
                                                                "nearest_due"};

template <class Binder>
void bind_ticket_sla_schedule(Binder& b, const ticket::TicketSla& s) {
  b.add(s.policy_id)
      .add(s.policy_name)
      .add(s.why)
      .add(s.calendar_id)
      .add(std::string(ticket::name(s.priority)))
      .add(s.first_response_target)
      .add(s.next_update_target)
      .add(s.resolution_target)
      .add(s.warn_percent)
      .add(s.second_level_percent)
      .add(join_states(s.pause_states))
      .add(as_millis(s.first_response_warn))
      .add(as_millis(s.first_response_due))
      .add(as_millis(s.first_response_second))
      .add(as_millis(s.resolution_warn))
      .add(as_millis(s.resolution_due))
      .add(as_millis(s.resolution_second))
      .add(as_millis(s.next_update_due))
      .add(as_millis(s.next_check))
      .add(as_millis(s.nearest_due))
      .add(s.ticket_id);
}

// "UPDATE ticket_sla SET policy_id = <p>1, …, nearest_due = <p>20 WHERE ticket_id = <p>21".
inline std::string ticket_sla_schedule_update(const char* placeholder_prefix) {
  std::string sql = "UPDATE ticket_sla SET ";
  int i = 0;
  for (const char* col : k_ticket_sla_schedule_columns) {
    ++i;
    sql += (i > 1 ? ", " : "") + std::string(col) + " = " + placeholder_prefix + std::to_string(i);
  }
  return sql + " WHERE ticket_id = " + placeholder_prefix + std::to_string(i + 1);
}

// Binds a record's values in k_ticket_sla_columns order through b.add(v) (PgParams, or an adapter
// over an SQLite query).
template <class Binder>
void bind_ticket_sla(Binder& b, const ticket::TicketSla& s) {
  b.add(s.ticket_id)
      .add(s.policy_id)
      .add(s.policy_name)
      .add(s.why)
      .add(s.calendar_id)
      .add(to_millis(s.started_at))
      .add(std::string(ticket::name(s.priority)))
      .add(s.first_response_target)
      .add(s.next_update_target)
      .add(s.resolution_target)
      .add(s.warn_percent)
      .add(s.second_level_percent)
      .add(join_states(s.pause_states))
      .add(static_cast<std::int64_t>(s.stopped.count()))
      .add(as_millis(s.stopped_since))
      .add(s.paused)
      .add(as_millis(s.first_response_at))
      .add(as_millis(s.resolved_at))
      .add(as_millis(s.last_public_update))
      .add(as_millis(s.first_response_warn))
      .add(as_millis(s.first_response_due))
      .add(as_millis(s.first_response_second))
      .add(as_millis(s.resolution_warn))
      .add(as_millis(s.resolution_due))
      .add(as_millis(s.resolution_second))
      .add(as_millis(s.next_update_due))
      .add(s.first_response_warned)
      .add(s.first_response_breached)
      .add(s.first_response_escalated)
      .add(s.resolution_warned)
      .add(s.resolution_breached)
      .add(s.resolution_escalated)
      .add(s.next_update_breached)
      .add(as_millis(s.next_check))
      .add(as_millis(s.nearest_due));
}

template <class Row>
identity::User read_user(Row& q, int c = 0) {
  identity::User u;
  u.id = q.int64(c);
  u.login = q.text(c + 1);
  u.name = q.text(c + 2);
  u.email = q.opt_text(c + 3);
  u.phone = q.opt_text(c + 4);
  u.role = identity::parse_role(q.text(c + 5)).value_or(identity::Role::requester);
  u.organization_id = q.opt_int64(c + 6);
  u.active = q.boolean(c + 7);
  u.created_at = from_millis(q.int64(c + 8));
  return u;
}

template <class Row>
identity::Organization read_org(Row& q, int c = 0) {
  identity::Organization o;
  o.id = q.int64(c);
  o.name = q.text(c + 1);
  o.kind = identity::parse_org_kind(q.text(c + 2)).value_or(identity::OrgKind::internal);
  o.domain = q.opt_text(c + 3);
  o.created_at = from_millis(q.int64(c + 4));
  return o;
}

// Columns: id, name, role, organization_id.
template <class Row>
identity::Principal read_principal(Row& q, int c = 0) {
  identity::Principal p;
  p.user_id = q.int64(c);
  p.name = q.text(c + 1);
  p.role = identity::parse_role(q.text(c + 2)).value_or(identity::Role::requester);
  p.organization_id = q.opt_int64(c + 3);
  return p;
}

template <class Row>
ticket::TicketView read_ticket_view(Row& q) {
  using namespace ticket;
  TicketView v;
  Ticket& t = v.ticket;
  t.id = q.int64(0);
  t.number = q.text(1);
  t.subject = q.text(2);
  t.description = q.text(3);
  t.type = parse_ticket_type(q.text(4)).value_or(TicketType::incident);
  t.category_id = q.opt_int64(5);
  t.impact = parse_level(q.text(6)).value_or(Level::medium);
  t.urgency = parse_level(q.text(7)).value_or(Level::medium);
  t.priority = parse_priority(q.text(8)).value_or(Priority::P3);
  t.channel = parse_channel(q.text(9)).value_or(Channel::web);
  t.state = parse_state(q.text(10)).value_or(State::new_);
  t.tier = parse_tier(q.text(11)).value_or(Tier::L1);
  t.requester_id = q.int64(12);
  t.organization_id = q.opt_int64(13);
  t.team_id = q.opt_int64(14);
  t.assignee_id = q.opt_int64(15);
  t.cancel_reason = q.opt_text(16);
  t.created_at = from_millis(q.int64(17));
  t.updated_at = from_millis(q.int64(18));
  t.resolved_at = as_time(q.opt_int64(19));
  t.closed_at = as_time(q.opt_int64(20));
  t.version = static_cast<int>(q.int64(21));
  v.requester = NamedRef{t.requester_id, q.text(22)};
  if (t.assignee_id) v.assignee = NamedRef{*t.assignee_id, q.text(23)};
  if (t.team_id) v.team = NamedRef{*t.team_id, q.text(24)};
  if (t.organization_id) v.organization = NamedRef{*t.organization_id, q.text(25)};
  if (t.category_id)
    v.category = Category{*t.category_id, q.opt_int64(29), q.text(26), q.text(27), q.text(28)};
  v.sla = read_ticket_sla(q, 30);
  return v;
}

// Column 65 of a single ticket's row: its contacts as "3,17" (or NULL).
template <class Row>
void read_ticket_contacts(Row& q, ticket::Ticket& t) {
  auto text = q.opt_text(65);
  if (!text) return;
  std::int64_t n = 0;
  bool digits = false;
  for (char ch : *text + ",") {
    if (ch >= '0' && ch <= '9') {
      n = n * 10 + (ch - '0');
      digits = true;
    } else if (digits) {
      t.contact_ids.push_back(n);
      n = 0;
      digits = false;
    }
  }
}

// Columns: id, ticket_id, kind, body, internal, author_id, author name, created_at.
template <class Row>
ticket::Article read_article(Row& q) {
  ticket::Article a;
  a.id = q.int64(0);
  a.ticket_id = q.int64(1);
  a.kind = ticket::parse_article_kind(q.text(2)).value_or(ticket::ArticleKind::reply);
  a.body = q.text(3);
  a.internal = q.boolean(4);
  a.author_id = q.opt_int64(5).value_or(0);
  a.author_name = q.text(6);
  a.created_at = from_millis(q.int64(7));
  return a;
}

// Columns: id, ticket_id, actor_id, actor name, at, field, before, after, internal.
template <class Row>
ticket::Event read_event(Row& q) {
  ticket::Event e;
  e.id = q.int64(0);
  e.ticket_id = q.int64(1);
  e.actor_id = q.opt_int64(2);
  e.actor_name = q.text(3);
  e.at = from_millis(q.int64(4));
  e.field = q.text(5);
  e.before = q.opt_text(6);
  e.after = q.opt_text(7);
  e.internal = q.boolean(8);
  return e;
}

// Columns: id, parent_id, name, name_en, path.
template <class Row>
ticket::Category read_category(Row& q) {
  return ticket::Category{q.int64(0), q.opt_int64(1), q.text(2), q.text(3), q.text(4)};
}

inline constexpr const char* k_job_columns =
    "id, kind, payload, state, run_at, attempts, lease_owner, lease_until, last_error, dedupe_key, "
    "created_at, "
    "finished_at";

template <class Row>
jobs::Job read_job(Row& q) {
  jobs::Job j;
  j.id = q.int64(0);
  j.kind = q.text(1);
  j.payload = q.text(2);
  j.state = jobs::parse_job_state(q.text(3)).value_or(jobs::JobState::queued);
  j.run_at = from_millis(q.int64(4));
  j.attempts = static_cast<int>(q.int64(5));
  j.lease_owner = q.opt_text(6);
  j.lease_until = as_time(q.opt_int64(7));
  j.last_error = q.text(8);
  j.dedupe_key = q.opt_text(9);
  j.created_at = from_millis(q.int64(10));
  j.finished_at = as_time(q.opt_int64(11));
  return j;
}

// Appends `piece` to `text` (a newline between), keeping text within max_bytes, cut at a character.
inline void append_capped(std::string& text, const std::string& piece, std::size_t max_bytes) {
  if (text.size() >= max_bytes) return;
  if (!text.empty()) text += '\n';
  std::size_t room = max_bytes > text.size() ? max_bytes - text.size() : 0;
  if (piece.size() <= room) {
    text += piece;
    return;
  }
  std::size_t cut = room;
  while (cut > 0 && (static_cast<unsigned char>(piece[cut]) & 0xC0) == 0x80)
    --cut;
  text.append(piece, 0, cut);
}

// "3,17,42" (group_concat / string_agg of ids) → ids.
inline std::vector<Id> parse_id_list(const std::optional<std::string>& csv) {
  std::vector<Id> out;
  if (!csv) return out;
  std::size_t a = 0;
  while (a < csv->size()) {
    std::size_t b = csv->find(',', a);
    if (b == std::string::npos) b = csv->size();
    out.push_back(std::stoll(csv->substr(a, b - a)));
    a = b + 1;
  }
  return out;
}

// Columns: id, title, body, category_id, visibility, state, version, published_version, author_id,
// author name, reviewer_id, review_note, source_ticket_id, views, helpful, not_helpful, created_at,
// updated_at, published_at.
template <class Row>
kb::KbArticle read_kb_article(Row& q) {
  kb::KbArticle a;
  a.id = q.int64(0);
  a.title = q.text(1);
  a.body = q.text(2);
  a.category_id = q.opt_int64(3);
  a.visibility = kb::parse_visibility(q.text(4)).value_or(kb::Visibility::internal);
  a.state = kb::parse_article_state(q.text(5)).value_or(kb::ArticleState::draft);
  a.version = static_cast<int>(q.int64(6));
  if (auto v = q.opt_int64(7)) a.published_version = static_cast<int>(*v);
  a.author_id = q.int64(8);
  a.author_name = q.text(9);
  a.reviewer_id = q.opt_int64(10);
  a.review_note = q.text(11);
  a.source_ticket_id = q.opt_int64(12);
  a.views = q.int64(13);
  a.helpful = q.int64(14);
  a.not_helpful = q.int64(15);
  a.created_at = from_millis(q.int64(16));
  a.updated_at = from_millis(q.int64(17));
  a.published_at = as_time(q.opt_int64(18));
  return a;
}

// Columns: id, article_id, filename, content_type, size, sha256, created_by, created_at.
template <class Row>
kb::KbAttachment read_kb_attachment(Row& q) {
  kb::KbAttachment a;
  a.id = q.int64(0);
  a.article_id = q.int64(1);
  a.filename = q.text(2);
  a.content_type = q.text(3);
  a.size = q.int64(4);
  a.sha256 = q.text(5);
  a.created_by = q.opt_int64(6);
  a.created_at = from_millis(q.int64(7));
  return a;
}

// Columns: article_id, version, title, [body,] author_id, author name, note, created_at.
template <class Row>
kb::KbVersion read_kb_version(Row& q, bool with_body) {
  kb::KbVersion v;
  int c = 0;
  v.article_id = q.int64(c++);
  v.version = static_cast<int>(q.int64(c++));
  v.title = q.text(c++);
  if (with_body) v.body = q.text(c++);
  v.author_id = q.int64(c++);
  v.author_name = q.text(c++);
  v.note = q.text(c++);
  v.created_at = from_millis(q.int64(c++));
  return v;
}

// Columns: id, number, subject, description, state, type, requester_id, organization_id, team_id,
// assignee_id, contacts (comma-separated ids).
template <class Row>
ticket::Ticket read_ticket_for_search(Row& q) {
  ticket::Ticket t;
  t.id = q.int64(0);
  t.number = q.text(1);
  t.subject = q.text(2);
  t.description = q.text(3);
  t.state = ticket::parse_state(q.text(4)).value_or(ticket::State::new_);
  t.type = ticket::parse_ticket_type(q.text(5)).value_or(ticket::TicketType::incident);
  t.requester_id = q.int64(6);
  t.organization_id = q.opt_int64(7);
  t.team_id = q.opt_int64(8);
  t.assignee_id = q.opt_int64(9);
  t.contact_ids = parse_id_list(q.opt_text(10));
  return t;
}

// Columns: as tickets_for_index selects them (search_repo_*.cpp).
template <class Row>
std::pair<ticket::Ticket, std::optional<Id>> read_index_row(Row& q) {
  ticket::Ticket t;
  t.id = q.int64(0);
  t.number = q.text(1);
  t.subject = q.text(2);
  t.description = q.text(3);
  t.state = ticket::parse_state(q.text(4)).value_or(ticket::State::new_);
  t.type = ticket::parse_ticket_type(q.text(5)).value_or(ticket::TicketType::incident);
  t.priority = ticket::parse_priority(q.text(6)).value_or(ticket::Priority::P3);
  t.requester_id = q.int64(7);
  t.organization_id = q.opt_int64(8);
  t.team_id = q.opt_int64(9);
  t.assignee_id = q.opt_int64(10);
  t.category_id = q.opt_int64(11);
  t.updated_at = from_millis(q.int64(13));
  t.contact_ids = parse_id_list(q.opt_text(14));
  return {std::move(t), q.opt_int64(12)};
}

}  // namespace techdesk::storage
