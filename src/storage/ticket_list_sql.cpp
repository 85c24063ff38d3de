#include "storage/ticket_list_sql.h"

#include "storage/row_mapping.h"

namespace techdesk::storage {

using namespace ticket;

std::string like_pattern(std::string_view text) {
  std::string out = "%";
  for (char c : text) {
    if (c == '%' || c == '_' || c == '\\') out += '\\';
    out += c;
  }
  out += '%';
  return out;
}

std::string SqlBuilder::p(SqlBind v) {
  m_out.binds.push_back(std::move(v));
  return m_d.dollar_placeholders ? "$" + std::to_string(m_out.binds.size()) : "?";
}

std::string SqlBuilder::in_list(const std::vector<SqlBind>& values) {
  std::string s = "(";
  for (std::size_t i = 0; i < values.size(); ++i)
    s += (i ? "," : "") + p(values[i]);
  return s + ")";
}

namespace {

template <class E, class F>
std::vector<SqlBind> names(const std::vector<E>& values, F name_of) {
  std::vector<SqlBind> out;
  for (const auto& v : values)
    out.emplace_back(std::string(name_of(v)));
  return out;
}

}  // namespace

std::string ticket_conditions(const TicketScope& scope, const TicketQuery& q, SqlBuilder& b) {
  std::string where;
  switch (scope.kind) {
    case TicketScope::Kind::all:
      break;
    case TicketScope::Kind::requester:
      where += " AND (t.requester_id = " + b.p(scope.user_id) +
               " OR t.id IN (SELECT ticket_id FROM ticket_contacts WHERE user_id = " + b.p(scope.user_id) +
               "))";
      break;
    case TicketScope::Kind::organization:
      where += " AND t.organization_id = " + b.p(scope.organization_id.value_or(-1));
      break;
    case TicketScope::Kind::staff: {
      where += " AND (t.assignee_id = " + b.p(scope.user_id);
      if (scope.include_unrouted) where += " OR t.team_id IS NULL";
      if (scope.include_complaints) where += " OR t.type = 'complaint'";
      if (!scope.team_ids.empty()) {
        std::vector<SqlBind> teams(scope.team_ids.begin(), scope.team_ids.end());
        where += " OR t.team_id IN " + b.in_list(teams);
      }
      where += ")";
      break;
    }
  }
  if (!q.states.empty())
    where += " AND t.state IN " + b.in_list(names(q.states, [](State s) { return name(s); }));
  if (!q.priorities.empty())
    where += " AND t.priority IN " + b.in_list(names(q.priorities, [](Priority p) { return name(p); }));
  if (!q.types.empty())
    where += " AND t.type IN " + b.in_list(names(q.types, [](TicketType t) { return name(t); }));
  if (q.team_id) where += " AND t.team_id = " + b.p(*q.team_id);
  if (q.assignee_none) where += " AND t.assignee_id IS NULL";
  if (q.assignee_id) where += " AND t.assignee_id = " + b.p(*q.assignee_id);
  if (q.requester_id) where += " AND t.requester_id = " + b.p(*q.requester_id);
  if (q.organization_id) where += " AND t.organization_id = " + b.p(*q.organization_id);
  if (q.category_id) {
    // A category filter includes its sub-categories.
    std::string a = b.p(*q.category_id), c = b.p(*q.category_id);
    where +=
        " AND t.category_id IN (SELECT id FROM categories WHERE id = " + a + " OR parent_id = " + c + ")";
  }
  return where;
}

SqlWithBinds ticket_list_sql(const TicketScope& scope, const TicketQuery& q, SqlDialect dialect) {
  SqlBuilder b(dialect);
  std::string where = " WHERE 1 = 1" + ticket_conditions(scope, q, b);
  if (!q.text.empty()) {
    std::string s = b.p(like_pattern(q.text)), n = b.p(like_pattern(q.text));
    where += std::string(" AND (t.subject ") + dialect.like + " " + s + " ESCAPE '\\' OR t.number " +
             dialect.like + " " + n + " ESCAPE '\\')";
  }
  const char* column = q.sort == SortKey::created_at   ? "t.created_at"
                       : q.sort == SortKey::updated_at ? "t.updated_at"
                       : q.sort == SortKey::priority   ? "t.priority"
                                                       : "coalesce(s.nearest_due, 9223372036854775807)";
  const char* cmp = q.descending ? "<" : ">";
  if (q.after) {
    auto key = [&]() -> SqlBind {
      if (q.sort == SortKey::priority) return "P" + std::to_string(q.after->key);
      return q.after->key;
    };
    std::string k1 = b.p(key()), k2 = b.p(key()), id = b.p(q.after->id);
    where += std::string(" AND (") + column + " " + cmp + " " + k1 + " OR (" + column + " = " + k2 +
             " AND t.id " + cmp + " " + id + "))";
  }
  const char* dir = q.descending ? " DESC" : " ASC";
  std::string limit = b.p(static_cast<std::int64_t>(q.limit));
  b.out().sql = std::string(k_ticket_view_select) + k_ticket_view_from + where + " ORDER BY " + column + dir +
                ", t.id" + dir + " LIMIT " + limit;
  return std::move(b.out());
}

}  // namespace techdesk::storage
