// Turning result rows into domain objects, shared by every backend. A Row is anything with
//   std::int64_t int64(int col); std::string text(int col); bool boolean(int col);
//   std::optional<std::int64_t> opt_int64(int col); std::optional<std::string> opt_text(int col);
// (sqlite::Query and postgres::PgRow). Column orders are the SELECT lists below, used by both backends.
#pragma once

#include "common/clock.h"
#include "identity/role.h"
#include "identity/types.h"
#include "jobs/job.h"
#include "ticket/types.h"

namespace techdesk::storage {

inline constexpr const char* k_user_columns =
    "id, login, name, email, phone, role, organization_id, active, created_at";
inline constexpr const char* k_org_columns = "id, name, kind, domain, created_at";

// The ticket with the names it refers to; `t` tickets, `r` requester, `a` assignee, `tm` team,
// `o` organisation, `c` category.
inline constexpr const char* k_ticket_view_select =
    "SELECT t.id, t.number, t.subject, t.description, t.type, t.category_id, t.impact, t.urgency, "
    "t.priority, "
    "t.channel, t.state, t.tier, t.requester_id, t.organization_id, t.team_id, t.assignee_id, "
    "t.cancel_reason, "
    "t.created_at, t.updated_at, t.resolved_at, t.closed_at, t.version, "
    "r.name, a.name, tm.name, o.name, c.name, c.name_en, c.path, c.parent_id "
    "FROM tickets t JOIN users r ON r.id = t.requester_id "
    "LEFT JOIN users a ON a.id = t.assignee_id LEFT JOIN teams tm ON tm.id = t.team_id "
    "LEFT JOIN organizations o ON o.id = t.organization_id LEFT JOIN categories c ON c.id = t.category_id ";

inline std::optional<Timestamp> as_time(const std::optional<std::int64_t>& v) {
  if (!v) return std::nullopt;
  return from_millis(*v);
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
  return v;
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

}  // namespace techdesk::storage
