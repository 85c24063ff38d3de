// All SQL of the ticket repository on SQLite.
#include <variant>

#include "storage/sqlite/repos.h"
#include "storage/sqlite/sql_util.h"

namespace techdesk::storage::sqlite {

using namespace ticket;

namespace {

constexpr const char* k_view_select =
    "SELECT t.id, t.number, t.subject, t.description, t.type, t.category_id, t.impact, t.urgency, "
    "t.priority, "
    "t.channel, t.state, t.tier, t.requester_id, t.organization_id, t.team_id, t.assignee_id, "
    "t.cancel_reason, "
    "t.created_at, t.updated_at, t.resolved_at, t.closed_at, t.version, "
    "r.name, a.name, tm.name, o.name, c.name, c.name_en, c.path, c.parent_id "
    "FROM tickets t JOIN users r ON r.id = t.requester_id "
    "LEFT JOIN users a ON a.id = t.assignee_id LEFT JOIN teams tm ON tm.id = t.team_id "
    "LEFT JOIN organizations o ON o.id = t.organization_id LEFT JOIN categories c ON c.id = t.category_id ";

TicketView read_view(Query& q) {
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
  t.resolved_at = opt_time(q.opt_int64(19));
  t.closed_at = opt_time(q.opt_int64(20));
  t.version = static_cast<int>(q.int64(21));
  v.requester = NamedRef{t.requester_id, q.text(22)};
  if (t.assignee_id) v.assignee = NamedRef{*t.assignee_id, q.text(23)};
  if (t.team_id) v.team = NamedRef{*t.team_id, q.text(24)};
  if (t.organization_id) v.organization = NamedRef{*t.organization_id, q.text(25)};
  if (t.category_id)
    v.category = Category{*t.category_id, q.opt_int64(29), q.text(26), q.text(27), q.text(28)};
  return v;
}

using Bind = std::variant<std::int64_t, std::string>;

void bind_all(Query& q, const std::vector<Bind>& binds) {
  int i = 1;
  for (const auto& b : binds) {
    if (const auto* n = std::get_if<std::int64_t>(&b))
      q.bind(i++, *n);
    else
      q.bind(i++, std::get<std::string>(b));
  }
}

template <class T, class F>
void add_in(std::string& sql, std::vector<Bind>& binds, const char* column, const std::vector<T>& values,
            F to_bind) {
  if (values.empty()) return;
  sql += " AND ";
  sql += column;
  sql += " IN (";
  for (std::size_t i = 0; i < values.size(); ++i) {
    sql += i ? ",?" : "?";
    binds.emplace_back(to_bind(values[i]));
  }
  sql += ")";
}

}  // namespace

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
  static const std::string k_sql = std::string(k_view_select) + "WHERE t.id = ?";
  auto q = m_c.query(k_sql.c_str());
  q.bind(1, id);
  if (!q.step()) return std::nullopt;
  return read_view(q);
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
  std::string sql = std::string(k_view_select) + "WHERE 1 = 1";
  std::vector<Bind> binds;
  switch (scope.kind) {
    case TicketScope::Kind::all:
      break;
    case TicketScope::Kind::requester:
      sql += " AND t.requester_id = ?";
      binds.emplace_back(scope.user_id);
      break;
    case TicketScope::Kind::organization:
      sql += " AND t.organization_id = ?";
      binds.emplace_back(scope.organization_id.value_or(-1));
      break;
    case TicketScope::Kind::staff: {
      sql += " AND (t.assignee_id = ?";
      binds.emplace_back(scope.user_id);
      if (scope.include_unrouted) sql += " OR t.team_id IS NULL";
      if (scope.include_complaints) sql += " OR t.type = 'complaint'";
      if (!scope.team_ids.empty()) {
        sql += " OR t.team_id IN (";
        for (std::size_t i = 0; i < scope.team_ids.size(); ++i) {
          sql += i ? ",?" : "?";
          binds.emplace_back(scope.team_ids[i]);
        }
        sql += ")";
      }
      sql += ")";
      break;
    }
  }
  add_in(sql, binds, "t.state", q.states, [](State s) { return std::string(name(s)); });
  add_in(sql, binds, "t.priority", q.priorities, [](Priority p) { return std::string(name(p)); });
  add_in(sql, binds, "t.type", q.types, [](TicketType t) { return std::string(name(t)); });
  if (q.team_id) {
    sql += " AND t.team_id = ?";
    binds.emplace_back(*q.team_id);
  }
  if (q.assignee_none) sql += " AND t.assignee_id IS NULL";
  if (q.assignee_id) {
    sql += " AND t.assignee_id = ?";
    binds.emplace_back(*q.assignee_id);
  }
  if (q.requester_id) {
    sql += " AND t.requester_id = ?";
    binds.emplace_back(*q.requester_id);
  }
  if (q.organization_id) {
    sql += " AND t.organization_id = ?";
    binds.emplace_back(*q.organization_id);
  }
  if (q.category_id) {
    // A category filter includes its sub-categories.
    sql += " AND t.category_id IN (SELECT id FROM categories WHERE id = ? OR parent_id = ?)";
    binds.emplace_back(*q.category_id);
    binds.emplace_back(*q.category_id);
  }
  if (!q.text.empty()) {
    sql += " AND (t.subject LIKE ? ESCAPE '\\' OR t.number LIKE ? ESCAPE '\\')";
    binds.emplace_back(like_pattern(q.text));
    binds.emplace_back(like_pattern(q.text));
  }
  const char* column = q.sort == SortKey::created_at   ? "t.created_at"
                       : q.sort == SortKey::updated_at ? "t.updated_at"
                                                       : "t.priority";
  const char* cmp = q.descending ? "<" : ">";
  if (q.after) {
    sql += std::string(" AND (") + column + " " + cmp + " ? OR (" + column + " = ? AND t.id " + cmp + " ?))";
    Bind key = q.sort == SortKey::priority ? Bind{"P" + std::to_string(q.after->key)} : Bind{q.after->key};
    binds.push_back(key);
    binds.push_back(key);
    binds.emplace_back(q.after->id);
  }
  const char* dir = q.descending ? " DESC" : " ASC";
  sql += std::string(" ORDER BY ") + column + dir + ", t.id" + dir + " LIMIT ?";
  binds.emplace_back(static_cast<std::int64_t>(q.limit));

  auto query = m_c.query_dynamic(sql);
  bind_all(query, binds);
  std::vector<TicketView> out;
  while (query.step())
    out.push_back(read_view(query));
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
  while (q.step()) {
    Article a;
    a.id = q.int64(0);
    a.ticket_id = q.int64(1);
    a.kind = parse_article_kind(q.text(2)).value_or(ArticleKind::reply);
    a.body = q.text(3);
    a.internal = q.int64(4) != 0;
    a.author_id = q.opt_int64(5).value_or(0);
    a.author_name = q.text(6);
    a.created_at = from_millis(q.int64(7));
    out.push_back(std::move(a));
  }
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
  while (q.step()) {
    Event e;
    e.id = q.int64(0);
    e.ticket_id = q.int64(1);
    e.actor_id = q.opt_int64(2);
    e.actor_name = q.text(3);
    e.at = from_millis(q.int64(4));
    e.field = q.text(5);
    e.before = q.opt_text(6);
    e.after = q.opt_text(7);
    e.internal = q.int64(8) != 0;
    out.push_back(std::move(e));
  }
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
  return Category{q.int64(0), q.opt_int64(1), q.text(2), q.text(3), q.text(4)};
}

Result<Id> TicketRepoSqlite::insert_category(const Category& c) {
  auto q = m_c.query("INSERT INTO categories (parent_id, name, name_en, path) VALUES (?, ?, ?, ?)");
  q.bind(1, c.parent_id).bind(2, c.name).bind(3, c.name_en).bind(4, c.path);
  if (!q.step_constraint()) return Error::conflict("category " + c.path + " exists", "name");
  return m_c.last_insert_rowid();
}

}  // namespace techdesk::storage::sqlite
