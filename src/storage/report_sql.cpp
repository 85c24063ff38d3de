#include "storage/report_sql.h"

#include "storage/report_rows.h"

namespace techdesk::storage {

namespace {

std::string ph(SqlDialect d, std::size_t n) {
  return (d.dollar_placeholders ? "$" : "?") + std::to_string(n);
}

std::string bind(SqlDialect d, std::vector<SqlBind>& binds, SqlBind v) {
  binds.push_back(std::move(v));
  return ph(d, binds.size());
}

// Where each filter's value lives in a query.
struct Cols {
  const char* team = "f.team_id";
  const char* agent = k_fact_agent;
  const char* org = "f.organization_id";
  const char* category = "f.category_id";
  const char* priority = "f.priority";
  const char* channel = "f.channel";
};

std::string filters(const report::KpiFilter& f, const Cols& c, SqlDialect d, std::vector<SqlBind>& binds) {
  std::string sql;
  auto add = [&](const char* col, SqlBind v) {
    sql += std::string(" AND ") + col + " = " + bind(d, binds, std::move(v));
  };
  if (f.team) add(c.team, *f.team);
  if (f.agent) add(c.agent, *f.agent);
  if (f.org) add(c.org, *f.org);
  if (f.category) add(c.category, *f.category);
  if (f.priority) add(c.priority, *f.priority);
  if (f.channel) add(c.channel, *f.channel);
  return sql;
}

std::string group_expr(report::GroupBy by) {
  switch (by) {
    case report::GroupBy::none:
      return "'all'";
    case report::GroupBy::team:
      return "coalesce(CAST(f.team_id AS TEXT), '')";
    case report::GroupBy::agent:
      return std::string("coalesce(CAST(") + k_fact_agent + " AS TEXT), '')";
    case report::GroupBy::org:
      return "coalesce(CAST(f.organization_id AS TEXT), '')";
    case report::GroupBy::category:
      return "coalesce(CAST(f.category_id AS TEXT), '')";
    case report::GroupBy::priority:
      return "f.priority";
    case report::GroupBy::channel:
      return "f.channel";
  }
  return "'all'";
}

}  // namespace

std::string kpi_rows_sql(Timestamp from, Timestamp to, const report::KpiFilter& f, SqlDialect d,
                         bool full_scan, std::vector<SqlBind>& binds) {
  const std::string a = bind(d, binds, to_millis(from));
  const std::string b = bind(d, binds, to_millis(to));
  auto in = [&](const char* col) {
    return std::string("(f.") + col + " >= " + a + " AND f." + col + " < " + b + ")";
  };
  std::string cols;
  for (const char* p = k_facts_columns; *p; ++p) {
    cols += *p;
    if (*p == ' ' && p[-1] == ',') cols += "f.";
  }
  return "SELECT f." + cols +
         ", s.calendar_id, CASE WHEN s.first_response_target IS NOT NULL THEN 1 ELSE 0 END, "
         "CASE WHEN s.resolution_target IS NOT NULL THEN 1 ELSE 0 END, s.first_response_due, "
         "s.first_response_at, "
         "CASE WHEN s.first_response_breached THEN 1 ELSE 0 END, s.resolution_due, s.resolved_at, "
         "CASE WHEN s.resolution_breached THEN 1 ELSE 0 END, CASE WHEN s.stopped_since IS NOT NULL THEN 1 "
         "ELSE 0 "
         "END, CASE WHEN s.ticket_id IS NOT NULL THEN 1 ELSE 0 END "
         "FROM ticket_facts f" +
         (full_scan && !d.dollar_placeholders ? " NOT INDEXED" : "") +
         " LEFT JOIN ticket_sla s ON s.ticket_id = f.ticket_id WHERE (" + in("created_at") + " OR " +
         in("first_response_at") + " OR " + in("resolved_at") + " OR " + in("closed_at") + " OR " +
         in("done_at") + ")" + filters(f, Cols{}, d, binds);
}

std::string facts_span_sql() {
  return "SELECT (SELECT min(created_at) FROM ticket_facts), (SELECT max(created_at) FROM ticket_facts)";
}

std::string backlog_sql(Timestamp at, report::GroupBy by, const report::KpiFilter& f, SqlDialect d,
                        std::vector<SqlBind>& binds) {
  const std::string t = bind(d, binds, to_millis(at));
  const std::string where = filters(f, Cols{}, d, binds);
  const std::string g = group_expr(by);
  return "SELECT g, count(*) FROM (SELECT " + g +
         " AS g FROM ticket_facts f WHERE f.done_at IS NULL AND f.created_at < " + t + where +
         " UNION ALL SELECT " + g + " AS g FROM ticket_facts f WHERE f.done_at >= " + t +
         " AND +f.created_at < " + t + where + ") x GROUP BY g";
}

std::string kpi_surveys_sql(Timestamp from, Timestamp to, const report::KpiFilter& f, SqlDialect d,
                            std::vector<SqlBind>& binds) {
  const std::string a = bind(d, binds, to_millis(from));
  const std::string b = bind(d, binds, to_millis(to));
  Cols c;
  c.team = "v.team_id";
  c.agent = "v.agent_id";
  c.org = "v.organization_id";
  return "SELECT v.created_at, v.score, v.team_id, v.agent_id, v.organization_id, f.category_id, "
         "coalesce(f.priority, ''), coalesce(f.channel, '') FROM surveys v LEFT JOIN ticket_facts f ON "
         "f.ticket_id = "
         "v.ticket_id WHERE v.created_at >= " +
         a + " AND v.created_at < " + b + filters(f, c, d, binds);
}

std::string kpi_work_sql(const std::string& from_day, const std::string& to_day, const report::KpiFilter& f,
                         SqlDialect d, std::vector<SqlBind>& binds) {
  const std::string a = bind(d, binds, from_day);
  const std::string b = bind(d, binds, to_day);
  Cols c;
  c.agent = "w.user_id";
  return "SELECT w.ticket_id, w.user_id, w.minutes, CASE WHEN w.activity = 'onsite' THEN 1 ELSE 0 END, "
         "w.work_date, "
         "f.team_id, f.organization_id, f.category_id, coalesce(f.priority, ''), coalesce(f.channel, '') "
         "FROM worklog w LEFT JOIN ticket_facts f ON f.ticket_id = w.ticket_id WHERE w.work_date >= " +
         a + " AND w.work_date <= " + b + filters(f, c, d, binds);
}

std::string kpi_complaints_sql(Timestamp from, Timestamp to, const report::KpiFilter& f, SqlDialect d,
                               std::vector<SqlBind>& binds) {
  const std::string a = bind(d, binds, to_millis(from));
  const std::string b = bind(d, binds, to_millis(to));
  return std::string("SELECT c.created_at, f.team_id, ") + k_fact_agent +
         ", f.organization_id, f.category_id, f.priority, f.channel FROM complaints c JOIN ticket_facts f ON "
         "f.ticket_id = coalesce(c.related_ticket_id, c.ticket_id) WHERE c.created_at >= " +
         a + " AND c.created_at < " + b + filters(f, Cols{}, d, binds);
}

std::string backlog_ids_sql(Timestamp at, const report::KpiFilter& f, SqlDialect d,
                            std::vector<SqlBind>& binds) {
  const std::string t = bind(d, binds, to_millis(at));
  const std::string where = filters(f, Cols{}, d, binds);
  return "SELECT f.ticket_id FROM ticket_facts f WHERE f.done_at IS NULL AND f.created_at < " + t + where +
         " UNION ALL SELECT f.ticket_id FROM ticket_facts f WHERE f.done_at >= " + t +
         " AND +f.created_at < " + t + where;
}

std::string survey_ids_sql(Timestamp from, Timestamp to, const report::KpiFilter& f, std::optional<int> score,
                           SqlDialect d, std::vector<SqlBind>& binds) {
  const std::string a = bind(d, binds, to_millis(from));
  const std::string b = bind(d, binds, to_millis(to));
  Cols c;
  c.team = "v.team_id";
  c.agent = "v.agent_id";
  c.org = "v.organization_id";
  std::string sql =
      "SELECT v.ticket_id FROM surveys v LEFT JOIN ticket_facts f ON f.ticket_id = v.ticket_id "
      "WHERE v.created_at >= " +
      a + " AND v.created_at < " + b + filters(f, c, d, binds);
  if (score) sql += " AND v.score = " + bind(d, binds, std::int64_t{*score});
  return sql + " ORDER BY v.created_at, v.ticket_id";
}

std::string complaint_ids_sql(Timestamp from, Timestamp to, const report::KpiFilter& f, SqlDialect d,
                              std::vector<SqlBind>& binds) {
  const std::string a = bind(d, binds, to_millis(from));
  const std::string b = bind(d, binds, to_millis(to));
  return "SELECT c.ticket_id FROM complaints c JOIN ticket_facts f ON f.ticket_id = "
         "coalesce(c.related_ticket_id, "
         "c.ticket_id) WHERE c.created_at >= " +
         a + " AND c.created_at < " + b + filters(f, Cols{}, d, binds) + " ORDER BY c.created_at, c.id";
}

namespace {

const char* const k_line_select =
    "SELECT t.id, t.number, t.subject, t.state, t.priority, t.team_id, coalesce(tm.name, ''), t.assignee_id, "
    "coalesce(u.name, ''), t.created_at, t.resolved_at, CASE WHEN s.first_response_at IS NULL AND "
    "s.first_response_due IS NOT NULL THEN s.first_response_due ELSE s.resolution_due END AS due "
    "FROM tickets t LEFT JOIN teams tm ON tm.id = t.team_id LEFT JOIN users u ON u.id = t.assignee_id "
    "LEFT JOIN ticket_sla s ON s.ticket_id = t.id ";
const char* const k_open = "t.state NOT IN ('resolved', 'closed', 'cancelled')";

std::string id_list(const std::vector<Id>& ids, SqlDialect d, std::vector<SqlBind>& binds) {
  std::string sql = "(";
  for (std::size_t i = 0; i < ids.size(); ++i) {
    if (i) sql += ", ";
    sql += bind(d, binds, ids[i]);
  }
  return sql + ")";
}

}  // namespace

std::string ticket_lines_sql(const std::vector<Id>& ids, SqlDialect d, std::vector<SqlBind>& binds) {
  return std::string(k_line_select) + "WHERE t.id IN " + id_list(ids, d, binds);
}

std::string open_lines_sql(std::optional<Id> assignee, std::optional<Id> team, int limit, SqlDialect d,
                           std::vector<SqlBind>& binds) {
  std::string sql = std::string(k_line_select) + "WHERE " + k_open;
  if (assignee) sql += " AND t.assignee_id = " + bind(d, binds, *assignee);
  if (team) sql += " AND t.team_id = " + bind(d, binds, *team);
  return sql + " ORDER BY CASE WHEN s.ticket_id IS NULL THEN 1 ELSE 0 END, due, t.id LIMIT " +
         bind(d, binds, std::int64_t{limit});
}

std::string at_risk_sql(Id team, Timestamp now, int limit, SqlDialect d, std::vector<SqlBind>& binds) {
  const std::string tm = bind(d, binds, team);
  const std::string n = bind(d, binds, to_millis(now));
  return std::string(k_line_select) + "WHERE " + k_open + " AND t.team_id = " + tm +
         " AND s.stopped_since IS NULL AND s.resolved_at IS NULL AND s.resolution_warn IS NOT NULL AND "
         "s.resolution_warn <= " +
         n + " AND NOT s.resolution_breached AND s.resolution_due > " + n +
         " ORDER BY s.resolution_due, t.id LIMIT " + bind(d, binds, std::int64_t{limit});
}

std::string breached_sql(Id team, Timestamp from, Timestamp to, int limit, SqlDialect d,
                         std::vector<SqlBind>& binds) {
  const std::string tm = bind(d, binds, team);
  const std::string a = bind(d, binds, to_millis(from));
  const std::string b = bind(d, binds, to_millis(to));
  return std::string(k_line_select) + "WHERE t.team_id = " + tm +
         " AND ((s.first_response_breached AND s.first_response_due >= " + a +
         " AND s.first_response_due < " + b + ") OR (s.resolution_breached AND s.resolution_due >= " + a +
         " AND s.resolution_due < " + b + ")) ORDER BY due, t.id LIMIT " +
         bind(d, binds, std::int64_t{limit});
}

std::string open_counts_sql(std::optional<Id> assignee, std::optional<Id> team, SqlDialect d,
                            std::vector<SqlBind>& binds) {
  std::string sql = std::string(
                        "SELECT t.state, t.priority, CASE WHEN t.assignee_id IS NULL THEN 1 ELSE 0 END, "
                        "count(*) FROM tickets t WHERE ") +
                    k_open;
  if (assignee) sql += " AND t.assignee_id = " + bind(d, binds, *assignee);
  if (team) sql += " AND t.team_id = " + bind(d, binds, *team);
  return sql + " GROUP BY t.state, t.priority, CASE WHEN t.assignee_id IS NULL THEN 1 ELSE 0 END";
}

std::string team_load_sql(Id team, SqlDialect d, std::vector<SqlBind>& binds) {
  const std::string tm = bind(d, binds, team);
  return std::string(
             "SELECT m.user_id, u.name, count(t.id), coalesce(sum(CASE WHEN t.priority = 'P1' THEN 1 ELSE 0 "
             "END), 0), "
             "coalesce(sum(CASE WHEN t.priority = 'P2' THEN 1 ELSE 0 END), 0) FROM team_members m JOIN users "
             "u ON u.id = "
             "m.user_id LEFT JOIN tickets t ON t.assignee_id = m.user_id AND t.team_id = m.team_id AND ") +
         k_open + " WHERE m.team_id = " + tm +
         " AND u.role NOT IN ('requester', 'org_manager') "
         "GROUP BY m.user_id, u.name ORDER BY count(t.id) DESC, u.name";
}

std::string labels_sql(report::GroupBy by, const std::vector<Id>& ids, SqlDialect d,
                       std::vector<SqlBind>& binds) {
  const char* table = "teams";
  switch (by) {
    case report::GroupBy::team:
      table = "teams";
      break;
    case report::GroupBy::agent:
      table = "users";
      break;
    case report::GroupBy::org:
      table = "organizations";
      break;
    case report::GroupBy::category:
      table = "categories";
      break;
    case report::GroupBy::none:
    case report::GroupBy::priority:
    case report::GroupBy::channel:
      return {};
  }
  return std::string("SELECT CAST(id AS TEXT), name FROM ") + table + " WHERE id IN " +
         id_list(ids, d, binds);
}

}  // namespace techdesk::storage
