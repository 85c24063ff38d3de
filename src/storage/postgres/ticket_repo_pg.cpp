// All SQL of the ticket repository on PostgreSQL.
#include "storage/postgres/pg_util.h"
#include "storage/postgres/repos_pg.h"
#include "storage/row_mapping.h"
#include "storage/ticket_list_sql.h"

namespace techdesk::storage::postgres {

using namespace ticket;

namespace {

bool is_day(const std::string& day) {
  if (day.size() != 8) return false;
  for (char c : day)
    if (c < '0' || c > '9') return false;
  return true;
}

}  // namespace

std::int64_t TicketRepoPg::next_sequence(const std::string& day) {
  // One sequence per day: numbers never block concurrent creations (a row counter would serialise
  // them on its lock until commit). A rolled-back creation leaves a gap in that day's numbers.
  if (!is_day(day)) throw StoreFailure("ticket sequence day must be YYYYMMDD, got " + day);
  m_ensure_day_sequence(day);
  auto r = m_c.run("SELECT nextval($1::regclass)", PgParams().add("ticket_seq_" + day));
  return PgRow(r, 0).int64(0);
}

Id TicketRepoPg::insert_ticket(const Ticket& t) {
  auto r = m_c.run(
      "INSERT INTO tickets (number, subject, description, type, category_id, impact, urgency, priority, "
      "channel, "
      "state, tier, requester_id, organization_id, team_id, assignee_id, cancel_reason, created_at, "
      "updated_at, "
      "resolved_at, closed_at, version) VALUES "
      "($1,$2,$3,$4,$5,$6,$7,$8,$9,$10,$11,$12,$13,$14,$15,$16,$17,$18,$19,"
      "$20,$21) RETURNING id",
      PgParams()
          .add(t.number)
          .add(t.subject)
          .add(t.description)
          .add(name(t.type))
          .add(t.category_id)
          .add(name(t.impact))
          .add(name(t.urgency))
          .add(name(t.priority))
          .add(name(t.channel))
          .add(name(t.state))
          .add(name(t.tier))
          .add(t.requester_id)
          .add(t.organization_id)
          .add(t.team_id)
          .add(t.assignee_id)
          .add(t.cancel_reason)
          .add(to_millis(t.created_at))
          .add(to_millis(t.updated_at))
          .add(opt_millis(t.resolved_at))
          .add(opt_millis(t.closed_at))
          .add(t.version));
  return PgRow(r, 0).int64(0);
}

std::optional<TicketView> TicketRepoPg::find_ticket(Id id) {
  static const std::string k_sql =
      std::string(k_ticket_view_select) +
      ", (SELECT string_agg(user_id::text, ',') FROM ticket_contacts WHERE ticket_id = t.id) " +
      k_ticket_view_from + "WHERE t.id = $1";
  auto r = m_c.run(k_sql.c_str(), PgParams().add(id));
  if (r.rows() == 0) return std::nullopt;
  PgRow row(r, 0);
  auto v = read_ticket_view(row);
  read_ticket_contacts(row, v.ticket);
  return v;
}

bool TicketRepoPg::update_ticket(const Ticket& t, int expected_version) {
  auto r = m_c.run(
      "UPDATE tickets SET subject = $1, description = $2, type = $3, category_id = $4, impact = $5, urgency "
      "= $6, "
      "priority = $7, channel = $8, state = $9, tier = $10, requester_id = $11, organization_id = $12, "
      "team_id = $13, "
      "assignee_id = $14, cancel_reason = $15, updated_at = $16, resolved_at = $17, closed_at = $18, version "
      "= $19 "
      "WHERE id = $20 AND version = $21",
      PgParams()
          .add(t.subject)
          .add(t.description)
          .add(name(t.type))
          .add(t.category_id)
          .add(name(t.impact))
          .add(name(t.urgency))
          .add(name(t.priority))
          .add(name(t.channel))
          .add(name(t.state))
          .add(name(t.tier))
          .add(t.requester_id)
          .add(t.organization_id)
          .add(t.team_id)
          .add(t.assignee_id)
          .add(t.cancel_reason)
          .add(to_millis(t.updated_at))
          .add(opt_millis(t.resolved_at))
          .add(opt_millis(t.closed_at))
          .add(t.version)
          .add(t.id)
          .add(expected_version));
  return r.affected() == 1;
}

std::vector<TicketView> TicketRepoPg::list_tickets(const TicketScope& scope, const TicketQuery& q) {
  SqlWithBinds built = ticket_list_sql(scope, q, SqlDialect{true, "ILIKE"});
  PgParams params;
  for (const auto& b : built.binds) {
    if (const auto* n = std::get_if<std::int64_t>(&b))
      params.add(*n);
    else
      params.add(std::get<std::string>(b));
  }
  return all_rows<TicketView>(m_c.run_dynamic(built.sql, params),
                              [](PgRow& row) { return read_ticket_view(row); });
}

Id TicketRepoPg::insert_article(const Article& a) {
  auto r = m_c.run(
      "INSERT INTO articles (ticket_id, kind, body, internal, author_id, created_at) VALUES "
      "($1,$2,$3,$4,$5,$6) "
      "RETURNING id",
      PgParams()
          .add(a.ticket_id)
          .add(name(a.kind))
          .add(a.body)
          .add(a.internal)
          .add(a.author_id == 0 ? std::nullopt : std::optional<Id>(a.author_id))
          .add(to_millis(a.created_at)));
  return PgRow(r, 0).int64(0);
}

std::vector<Article> TicketRepoPg::list_articles(Id ticket_id, bool include_internal) {
  auto r = m_c.run(
      "SELECT a.id, a.ticket_id, a.kind, a.body, a.internal, a.author_id, coalesce(u.name, 'system'), "
      "a.created_at "
      "FROM articles a LEFT JOIN users u ON u.id = a.author_id "
      "WHERE a.ticket_id = $1 AND ($2::boolean OR NOT a.internal) ORDER BY a.id",
      PgParams().add(ticket_id).add(include_internal));
  return all_rows<Article>(r, [](PgRow& row) { return read_article(row); });
}

Id TicketRepoPg::append_event(const Event& e) {
  auto r = m_c.run(
      "INSERT INTO events (ticket_id, actor_id, at, field, before, after, internal) VALUES "
      "($1,$2,$3,$4,$5,$6,$7) "
      "RETURNING id",
      PgParams()
          .add(e.ticket_id)
          .add(e.actor_id)
          .add(to_millis(e.at))
          .add(e.field)
          .add(e.before)
          .add(e.after)
          .add(e.internal));
  return PgRow(r, 0).int64(0);
}

std::vector<Event> TicketRepoPg::list_events(Id ticket_id, bool include_internal) {
  auto r = m_c.run(
      "SELECT e.id, e.ticket_id, e.actor_id, coalesce(u.name, ''), e.at, e.field, e.before, e.after, "
      "e.internal "
      "FROM events e LEFT JOIN users u ON u.id = e.actor_id "
      "WHERE e.ticket_id = $1 AND ($2::boolean OR NOT e.internal) ORDER BY e.id",
      PgParams().add(ticket_id).add(include_internal));
  return all_rows<Event>(r, [](PgRow& row) { return read_event(row); });
}

std::vector<Category> TicketRepoPg::list_categories() {
  auto r = m_c.run("SELECT id, parent_id, name, name_en, path FROM categories ORDER BY path COLLATE \"C\"");
  return all_rows<Category>(r, [](PgRow& row) { return read_category(row); });
}

std::optional<Category> TicketRepoPg::find_category(Id id) {
  auto r =
      m_c.run("SELECT id, parent_id, name, name_en, path FROM categories WHERE id = $1", PgParams().add(id));
  if (r.rows() == 0) return std::nullopt;
  PgRow row(r, 0);
  return read_category(row);
}

Result<Id> TicketRepoPg::insert_category(const Category& c) {
  auto r = m_c.run(
      "INSERT INTO categories (parent_id, name, name_en, path) VALUES ($1, $2, $3, $4) "
      "ON CONFLICT (path) DO NOTHING RETURNING id",
      PgParams().add(c.parent_id).add(c.name).add(c.name_en).add(c.path));
  if (r.rows() == 0) return Error::conflict("category " + c.path + " exists", "name");
  return PgRow(r, 0).int64(0);
}

}  // namespace techdesk::storage::postgres
