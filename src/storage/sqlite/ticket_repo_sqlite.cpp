// All SQL of the ticket repository on SQLite.
#include "storage/sqlite/repos.h"
#include "storage/sqlite/sql_util.h"

namespace techdesk::storage::sqlite {

using namespace ticket;
using storage::read_article;
using storage::read_category;
using storage::read_event;
using storage::read_ticket_view;

std::int64_t TicketRepoSqlite::next_sequence(const std::string& day) {
  auto q = m_c.query(
      "INSERT INTO ticket_sequences (day, last) VALUES (?, 1) "
      "ON CONFLICT (day) DO UPDATE SET last = last + 1 RETURNING last");
  q.bind(1, day);
  if (!q.step()) throw StoreFailure("ticket sequence did not return a value");
  return q.int64(0);
}

Id TicketRepoSqlite::insert_ticket(const Ticket& t) {
  m_c.query(
         "INSERT INTO tickets (number, subject, description, type, category_id, impact, urgency, priority, "
         "channel, "
         "state, tier, requester_id, organization_id, team_id, assignee_id, cancel_reason, created_at, "
         "updated_at, "
         "resolved_at, closed_at, version) VALUES (?,?,?,?,?,?,?,?,?,?,?,?,?,?,?,?,?,?,?,?,?)")
      .bind(1, t.number)
      .bind(2, t.subject)
      .bind(3, t.description)
      .bind(4, name(t.type))
      .bind(5, t.category_id)
      .bind(6, name(t.impact))
      .bind(7, name(t.urgency))
      .bind(8, name(t.priority))
      .bind(9, name(t.channel))
      .bind(10, name(t.state))
      .bind(11, name(t.tier))
      .bind(12, t.requester_id)
      .bind(13, t.organization_id)
      .bind(14, t.team_id)
      .bind(15, t.assignee_id)
      .bind(16, t.cancel_reason)
      .bind(17, to_millis(t.created_at))
      .bind(18, to_millis(t.updated_at))
      .bind(19, opt_millis(t.resolved_at))
      .bind(20, opt_millis(t.closed_at))
      .bind(21, t.version)
      .run();
  return m_c.last_insert_rowid();
}

std::optional<TicketView> TicketRepoSqlite::find_ticket(Id id) {
  static const std::string k_sql =
      std::string(k_ticket_view_select) +
      ", (SELECT group_concat(user_id) FROM ticket_contacts WHERE ticket_id = t.id) " + k_ticket_view_from +
      "WHERE t.id = ?";
  auto q = m_c.query(k_sql.c_str());
  q.bind(1, id);
  if (!q.step()) return std::nullopt;
  auto v = read_ticket_view(q);
  read_ticket_contacts(q, v.ticket);
  return v;
}

bool TicketRepoSqlite::update_ticket(const Ticket& t, int expected_version) {
  m_c.query(
         "UPDATE tickets SET subject = ?, description = ?, type = ?, category_id = ?, impact = ?, urgency = "
         "?, "
         "priority = ?, channel = ?, state = ?, tier = ?, requester_id = ?, organization_id = ?, team_id = "
         "?, "
         "assignee_id = ?, cancel_reason = ?, updated_at = ?, resolved_at = ?, closed_at = ?, version = ? "
         "WHERE id = ? AND version = ?")
      .bind(1, t.subject)
      .bind(2, t.description)
      .bind(3, name(t.type))
      .bind(4, t.category_id)
      .bind(5, name(t.impact))
      .bind(6, name(t.urgency))
      .bind(7, name(t.priority))
      .bind(8, name(t.channel))
      .bind(9, name(t.state))
      .bind(10, name(t.tier))
      .bind(11, t.requester_id)
      .bind(12, t.organization_id)
      .bind(13, t.team_id)
      .bind(14, t.assignee_id)
      .bind(15, t.cancel_reason)
      .bind(16, to_millis(t.updated_at))
      .bind(17, opt_millis(t.resolved_at))
      .bind(18, opt_millis(t.closed_at))
      .bind(19, t.version)
      .bind(20, t.id)
      .bind(21, expected_version)
      .run();
  return m_c.changes() == 1;
}

std::vector<TicketView> TicketRepoSqlite::list_tickets(const TicketScope& scope, const TicketQuery& q) {
  SqlWithBinds built = ticket_list_sql(scope, q, SqlDialect{});
  auto query = m_c.query_dynamic(built.sql);
  int i = 1;
  for (const auto& b : built.binds) {
    if (const auto* n = std::get_if<std::int64_t>(&b))
      query.bind(i++, *n);
    else
      query.bind(i++, std::get<std::string>(b));
  }
  std::vector<TicketView> out;
  while (query.step())
    out.push_back(read_ticket_view(query));
  return out;
}

Id TicketRepoSqlite::insert_article(const Article& a) {
  m_c.query(
         "INSERT INTO articles (ticket_id, kind, body, internal, author_id, created_at) VALUES (?,?,?,?,?,?)")
      .bind(1, a.ticket_id)
      .bind(2, name(a.kind))
      .bind(3, a.body)
      .bind(4, a.internal ? 1 : 0)
      .bind(5, a.author_id == 0 ? std::nullopt : std::optional<Id>(a.author_id))
      .bind(6, to_millis(a.created_at))
      .run();
  return m_c.last_insert_rowid();
}

std::vector<Article> TicketRepoSqlite::list_articles(Id ticket_id, bool include_internal) {
  auto q = m_c.query(
      "SELECT a.id, a.ticket_id, a.kind, a.body, a.internal, a.author_id, coalesce(u.name, 'system'), "
      "a.created_at "
      "FROM articles a LEFT JOIN users u ON u.id = a.author_id "
      "WHERE a.ticket_id = ?1 AND (?2 OR a.internal = 0) ORDER BY a.id");
  q.bind(1, ticket_id).bind(2, include_internal ? 1 : 0);
  std::vector<Article> out;
  while (q.step())
    out.push_back(read_article(q));
  return out;
}

Id TicketRepoSqlite::append_event(const Event& e) {
  m_c.query(
         "INSERT INTO events (ticket_id, actor_id, at, field, before, after, internal) VALUES "
         "(?,?,?,?,?,?,?)")
      .bind(1, e.ticket_id)
      .bind(2, e.actor_id)
      .bind(3, to_millis(e.at))
      .bind(4, e.field)
      .bind(5, e.before)
      .bind(6, e.after)
      .bind(7, e.internal ? 1 : 0)
      .run();
  return m_c.last_insert_rowid();
}

std::vector<Event> TicketRepoSqlite::list_events(Id ticket_id, bool include_internal) {
  auto q = m_c.query(
      "SELECT e.id, e.ticket_id, e.actor_id, coalesce(u.name, ''), e.at, e.field, e.before, e.after, "
      "e.internal "
      "FROM events e LEFT JOIN users u ON u.id = e.actor_id "
      "WHERE e.ticket_id = ?1 AND (?2 OR e.internal = 0) ORDER BY e.id");
  q.bind(1, ticket_id).bind(2, include_internal ? 1 : 0);
  std::vector<Event> out;
  while (q.step())
    out.push_back(read_event(q));
  return out;
}

std::vector<Category> TicketRepoSqlite::list_categories() {
  auto q = m_c.query("SELECT id, parent_id, name, name_en, path FROM categories ORDER BY path");
  std::vector<Category> out;
  while (q.step())
    out.push_back(Category{q.int64(0), q.opt_int64(1), q.text(2), q.text(3), q.text(4)});
  return out;
}

std::optional<Category> TicketRepoSqlite::find_category(Id id) {
  auto q = m_c.query("SELECT id, parent_id, name, name_en, path FROM categories WHERE id = ?");
  q.bind(1, id);
  if (!q.step()) return std::nullopt;
  return read_category(q);
}

Result<Id> TicketRepoSqlite::insert_category(const Category& c) {
  auto q = m_c.query("INSERT INTO categories (parent_id, name, name_en, path) VALUES (?, ?, ?, ?)");
  q.bind(1, c.parent_id).bind(2, c.name).bind(3, c.name_en).bind(4, c.path);
  if (!q.step_constraint()) return Error::conflict("category " + c.path + " exists", "name");
  return m_c.last_insert_rowid();
}

}  // namespace techdesk::storage::sqlite
