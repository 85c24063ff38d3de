#include "storage/sla_report_sql.h"

namespace techdesk::storage {

std::string compliance_sql(sla::GroupBy by, SqlDialect d) {
  const std::string p = d.dollar_placeholders ? "$" : "?";
  const std::string from = p + "1", to = p + "2", now = p + "3";
  // A target missed: the flag the scheduler set, or the times say so (the scheduler had not run yet).
  const std::string fr_breached =
      "(s.first_response_breached OR (s.first_response_due IS NOT NULL AND ((s.first_response_at IS NOT NULL "
      "AND s.first_response_at > s.first_response_due) OR (s.first_response_at IS NULL AND "
      "s.first_response_due <= " +
      now + "))))";
  const std::string res_breached =
      "(s.resolution_breached OR (s.resolution_due IS NOT NULL AND ((s.resolved_at IS NOT NULL AND "
      "s.resolved_at > s.resolution_due) OR (s.resolved_at IS NULL AND s.stopped_since IS NULL AND "
      "s.resolution_due <= " +
      now + "))))";
  const std::string cancelled = "t.state = 'cancelled'";
  const std::string resolved = "t.state IN ('resolved', 'closed')";
  std::string group_id, group_name, join, group_by;
  switch (by) {
    case sla::GroupBy::team:
      group_id = "t.team_id";
      group_name = "tm.name";
      join = " LEFT JOIN teams tm ON tm.id = t.team_id";
      group_by = " GROUP BY t.team_id, tm.name ORDER BY tm.name";
      break;
    case sla::GroupBy::organization:
      group_id = "t.organization_id";
      group_name = "o.name";
      join = " LEFT JOIN organizations o ON o.id = t.organization_id";
      group_by = " GROUP BY t.organization_id, o.name ORDER BY o.name";
      break;
    case sla::GroupBy::priority:
      group_id = "NULL";
      group_name = "t.priority";
      group_by = " GROUP BY t.priority ORDER BY t.priority";
      break;
    case sla::GroupBy::policy:
      group_id = "s.policy_id";
      group_name = "s.policy_name";
      group_by = " GROUP BY s.policy_id, s.policy_name ORDER BY s.policy_name";
      break;
    case sla::GroupBy::month:
      group_id = "NULL";
      group_name = "NULL";
      break;
  }
  auto count_if = [](const std::string& cond) {
    return "coalesce(sum(CASE WHEN " + cond + " THEN 1 ELSE 0 END), 0)";
  };
  return "SELECT " + group_id + ", " + group_name + ", count(*), " +
         count_if("s.first_response_target IS NOT NULL AND s.first_response_at IS NOT NULL AND NOT " +
                  fr_breached) +
         ", " + count_if("s.first_response_target IS NOT NULL AND " + fr_breached) + ", " +
         count_if("s.first_response_target IS NOT NULL AND s.first_response_at IS NULL AND NOT " +
                  fr_breached) +
         ", " + count_if("s.resolution_target IS NOT NULL AND " + resolved + " AND NOT " + res_breached) +
         ", " + count_if("s.resolution_target IS NOT NULL AND NOT " + cancelled + " AND " + res_breached) +
         ", " +
         count_if("s.resolution_target IS NOT NULL AND NOT " + resolved + " AND NOT " + cancelled +
                  " AND NOT " + res_breached) +
         ", " +
         count_if("s.resolution_target IS NOT NULL AND NOT " + resolved + " AND NOT " + cancelled +
                  " AND NOT " + res_breached +
                  " AND s.stopped_since IS NULL AND s.resolution_warn IS NOT NULL AND s.resolution_warn <= " +
                  now) +
         " FROM tickets t JOIN ticket_sla s ON s.ticket_id = t.id" + join + " WHERE t.created_at >= " + from +
         " AND t.created_at < " + to + group_by;
}

}  // namespace techdesk::storage
