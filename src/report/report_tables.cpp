#include "report/report_tables.h"

namespace techdesk::report {

namespace {

Cell opt_int(const std::optional<std::int64_t>& v) {
  return v ? Cell{*v} : Cell{};
}
Cell opt_num(const std::optional<double>& v) {
  return v ? Cell{*v} : Cell{};
}
Cell opt_time(const std::optional<Timestamp>& t) {
  return t ? Cell{static_cast<std::int64_t>(to_millis(*t))} : Cell{};
}

std::vector<Cell> kpi_cells(std::string group, const Kpis& k) {
  return {std::move(group),
          std::int64_t{k.created},
          std::int64_t{k.resolved},
          std::int64_t{k.closed},
          std::int64_t{k.backlog_end},
          opt_int(k.first_response.median),
          opt_int(k.first_response.p90),
          opt_int(k.resolution.median),
          opt_int(k.resolution.p90),
          opt_num(k.sla_first_response.rate()),
          opt_num(k.sla_resolution.rate()),
          opt_num(k.first_contact.rate()),
          opt_num(k.reopened.rate()),
          opt_num(k.escalated.rate()),
          opt_num(k.csat_average),
          std::int64_t{k.csat_count},
          std::int64_t{k.complaints},
          static_cast<double>(k.worklog_minutes) / 60.0,
          std::int64_t{k.onsite_visits}};
}

}  // namespace

Table kpi_table(const KpiQuery& q, const KpiReport& r, const std::string& zone) {
  Table t;
  t.title = "KPI";
  t.zone = zone;
  t.columns = {{"group", "分组", "Group", CellKind::text},
               {"new", "新建", "New", CellKind::integer},
               {"resolved", "已解决", "Resolved", CellKind::integer},
               {"closed", "已关闭", "Closed", CellKind::integer},
               {"backlog", "期末积压", "Backlog at end", CellKind::integer},
               {"frt_median", "首次响应中位数(分钟)", "First response median (min)", CellKind::minutes},
               {"frt_p90", "首次响应P90(分钟)", "First response p90 (min)", CellKind::minutes},
               {"res_median", "解决时长中位数(分钟)", "Resolution median (min)", CellKind::minutes},
               {"res_p90", "解决时长P90(分钟)", "Resolution p90 (min)", CellKind::minutes},
               {"sla_fr", "首次响应达标率", "First response SLA", CellKind::percent},
               {"sla_res", "解决达标率", "Resolution SLA", CellKind::percent},
               {"fcr", "一次解决率", "First-contact resolution", CellKind::percent},
               {"reopen", "重开率", "Reopen rate", CellKind::percent},
               {"escalation", "升级率", "Escalation rate", CellKind::percent},
               {"csat", "满意度均分", "CSAT average", CellKind::number},
               {"csat_count", "评价数", "Surveys", CellKind::integer},
               {"complaints", "投诉数", "Complaints", CellKind::integer},
               {"worklog_hours", "工时(小时)", "Work log (hours)", CellKind::number},
               {"onsite", "上门次数", "On-site visits", CellKind::integer}};
  if (q.group_by == GroupBy::none) {
    t.rows.push_back(kpi_cells("全部 / All", r.total));
  } else {
    for (const auto& g : r.groups)
      t.rows.push_back(kpi_cells(g.label.empty() ? "—" : g.label, g.kpis));
    t.rows.push_back(kpi_cells("合计 / Total", r.total));
  }
  if (q.group_by != GroupBy::none && !r.groups.empty())
    t.chart = ChartSpec{"新建与解决 / New and resolved", 0, {1, 2}, false};
  return t;
}

Table ticket_table(const std::string& title, const std::string& zone) {
  Table t;
  t.title = title;
  t.zone = zone;
  t.columns = {{"number", "工单号", "Number", CellKind::text},
               {"subject", "主题", "Subject", CellKind::text},
               {"state", "状态", "State", CellKind::text},
               {"priority", "优先级", "Priority", CellKind::text},
               {"team", "团队", "Team", CellKind::text},
               {"assignee", "处理人", "Assignee", CellKind::text},
               {"created_at", "创建时间", "Created", CellKind::datetime},
               {"resolved_at", "解决时间", "Resolved", CellKind::datetime},
               {"due", "SLA 到期", "SLA due", CellKind::datetime}};
  return t;
}

std::vector<Cell> ticket_row(const TicketLine& l) {
  return {l.number,
          l.subject,
          l.state,
          l.priority,
          l.team,
          l.assignee,
          Cell{static_cast<std::int64_t>(to_millis(l.created_at))},
          opt_time(l.resolved_at),
          opt_time(l.due)};
}

}  // namespace techdesk::report
