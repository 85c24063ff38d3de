#include "report/report_tables.h"

#include <boost/json.hpp>

#include <initializer_list>

#include "common/time.h"
#include "report/review_rules.h"
#include "report/weekly.h"

namespace techdesk::report {

namespace {

namespace json = boost::json;

Cell opt_int(const std::optional<std::int64_t>& v) {
  return v ? Cell{*v} : Cell{};
}
Cell opt_num(const std::optional<double>& v) {
  return v ? Cell{*v} : Cell{};
}
Cell opt_time(const std::optional<Timestamp>& t) {
  return t ? Cell{static_cast<std::int64_t>(to_millis(*t))} : Cell{};
}
Cell opt_text(const std::optional<ticket::NamedRef>& r) {
  return r ? Cell{r->name} : Cell{};
}

// The KPI columns after the first (which names the row: a group, a week).
std::vector<Column> kpi_columns(Column first) {
  return {std::move(first),
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

// met ÷ (met + breached); none when nothing was decided.
Cell share(int part, int whole) {
  return whole > 0 ? Cell{static_cast<double>(part) / whole} : Cell{};
}

// ---- snapshots (weekly reports) ----

// The value at a path of objects; nullptr when a step is missing or not an object.
const json::value* at(const json::value& v, std::initializer_list<std::string_view> path) {
  const json::value* cur = &v;
  for (std::string_view key : path) {
    const auto* o = cur->if_object();
    if (!o) return nullptr;
    cur = o->if_contains(key);
    if (!cur) return nullptr;
  }
  return cur;
}

// A JSON number as a cell (integers stay integers); anything else is empty.
Cell number(const json::value* v) {
  if (!v) return {};
  if (v->is_int64()) return v->get_int64();
  if (v->is_uint64()) return static_cast<std::int64_t>(v->get_uint64());
  if (v->is_double()) return v->get_double();
  return {};
}
Cell text(const json::value* v) {
  if (v && v->is_string()) return std::string(v->get_string());
  return {};
}
Cell time_of(const json::value* v) {
  if (!v || !v->is_string()) return {};
  auto t = parse_rfc3339(v->get_string());
  return t ? Cell{static_cast<std::int64_t>(to_millis(*t))} : Cell{};
}
const json::array& array_at(const json::value& snap, std::string_view key) {
  static const json::array k_empty;
  const json::value* v = at(snap, {key});
  return v && v->is_array() ? v->get_array() : k_empty;
}

// A week's KPIs as the snapshot holds them (report_json.cpp, kpis_to_json), in kpi_columns' order.
std::vector<Cell> kpi_cells(std::string label, const json::value& k) {
  Cell worklog{};
  if (auto m = number(at(k, {"worklog_minutes"})); !std::holds_alternative<std::monostate>(m))
    worklog = (std::holds_alternative<std::int64_t>(m) ? static_cast<double>(std::get<std::int64_t>(m))
                                                       : std::get<double>(m)) /
              60.0;
  return {std::move(label),
          number(at(k, {"new"})),
          number(at(k, {"resolved"})),
          number(at(k, {"closed"})),
          number(at(k, {"backlog_end"})),
          number(at(k, {"first_response_minutes", "median"})),
          number(at(k, {"first_response_minutes", "p90"})),
          number(at(k, {"resolution_minutes", "median"})),
          number(at(k, {"resolution_minutes", "p90"})),
          number(at(k, {"sla", "first_response", "compliance"})),
          number(at(k, {"sla", "resolution", "compliance"})),
          number(at(k, {"first_contact_resolution", "rate"})),
          number(at(k, {"reopen", "rate"})),
          number(at(k, {"escalation", "rate"})),
          number(at(k, {"csat", "average"})),
          number(at(k, {"csat", "count"})),
          number(at(k, {"complaints"})),
          std::move(worklog),
          number(at(k, {"onsite_visits"}))};
}

// Ticket lines of a snapshot (ticket_line_to_json and the note of how it was solved or why it is late).
Table ticket_lines_table(std::string title, std::string title_en, const json::array& lines,
                         const std::string& zone) {
  Table t = ticket_table(title, zone);
  t.title_en = std::move(title_en);
  t.columns.push_back({"note", "说明", "Note", CellKind::text});
  for (const auto& l : lines)
    t.rows.push_back({text(at(l, {"number"})), text(at(l, {"subject"})), text(at(l, {"state"})),
                      text(at(l, {"priority"})), text(at(l, {"team", "name"})),
                      text(at(l, {"assignee", "name"})), time_of(at(l, {"created_at"})),
                      time_of(at(l, {"resolved_at"})), time_of(at(l, {"due"})), text(at(l, {"note"}))});
  return t;
}

}  // namespace

Table kpi_table(const KpiQuery& q, const KpiReport& r, const std::string& zone) {
  Table t;
  t.title = "KPI";
  t.zone = zone;
  t.columns = kpi_columns({"group", "分组", "Group", CellKind::text});
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

Table sla_table(const std::vector<sla::ComplianceRow>& rows, sla::GroupBy by) {
  Column group{"group", "分组", "Group", CellKind::text};
  switch (by) {
    case sla::GroupBy::team:
      group = {"team", "团队", "Team", CellKind::text};
      break;
    case sla::GroupBy::priority:
      group = {"priority", "优先级", "Priority", CellKind::text};
      break;
    case sla::GroupBy::organization:
      group = {"organization", "客户单位", "Organization", CellKind::text};
      break;
    case sla::GroupBy::month:
      group = {"month", "月份", "Month", CellKind::text};
      break;
    case sla::GroupBy::policy:
      group = {"policy", "SLA 策略", "SLA policy", CellKind::text};
      break;
  }
  Table t;
  t.title = "SLA 达标";
  t.title_en = "SLA compliance";
  t.columns = {std::move(group),
               {"tickets", "工单数", "Tickets", CellKind::integer},
               {"fr_met", "首次响应达标", "First response met", CellKind::integer},
               {"fr_breached", "首次响应超时", "First response breached", CellKind::integer},
               {"fr_pending", "首次响应待定", "First response pending", CellKind::integer},
               {"fr_compliance", "首次响应达标率", "First response compliance", CellKind::percent},
               {"res_met", "解决达标", "Resolution met", CellKind::integer},
               {"res_breached", "解决超时", "Resolution breached", CellKind::integer},
               {"res_open", "解决未完成", "Resolution open", CellKind::integer},
               {"res_at_risk", "临近超时", "Resolution at risk", CellKind::integer},
               {"res_compliance", "解决达标率", "Resolution compliance", CellKind::percent}};
  sla::ComplianceRow total;
  auto cells = [](std::string label, const sla::ComplianceRow& r) -> std::vector<Cell> {
    return {std::move(label),
            std::int64_t{r.tickets},
            std::int64_t{r.first_response_met},
            std::int64_t{r.first_response_breached},
            std::int64_t{r.first_response_pending},
            share(r.first_response_met, r.first_response_met + r.first_response_breached),
            std::int64_t{r.resolution_met},
            std::int64_t{r.resolution_breached},
            std::int64_t{r.resolution_open},
            std::int64_t{r.resolution_at_risk},
            share(r.resolution_met, r.resolution_met + r.resolution_breached)};
  };
  for (const auto& r : rows) {
    t.rows.push_back(cells(r.group.empty() ? "—" : r.group, r));
    total.tickets += r.tickets;
    total.first_response_met += r.first_response_met;
    total.first_response_breached += r.first_response_breached;
    total.first_response_pending += r.first_response_pending;
    total.resolution_met += r.resolution_met;
    total.resolution_breached += r.resolution_breached;
    total.resolution_open += r.resolution_open;
    total.resolution_at_risk += r.resolution_at_risk;
  }
  t.rows.push_back(cells("合计 / Total", total));
  if (!rows.empty()) {
    t.chart = ChartSpec{"SLA 达标率 / SLA compliance", 0, {5, 10}, false};
    t.chart->rows = rows.size();
  }
  return t;
}

std::vector<Table> weekly_tables(const WeeklyReport& w, const std::string& zone) {
  boost::system::error_code ec;
  json::value snap = json::parse(w.snapshot_json, ec);
  if (ec || !snap.is_object()) snap = json::object{};
  std::vector<Table> out;

  Table kpis;
  kpis.title = "本周指标";
  kpis.title_en = "KPIs";
  kpis.zone = zone;
  kpis.columns = kpi_columns({"week", "周", "Week", CellKind::text});
  const std::string last_week = iso_week_of(w.period_from - std::chrono::hours(24), zone).label;
  static const json::value k_null;
  const json::value* week = at(snap, {"kpis"});
  const json::value* previous = at(snap, {"previous"});
  kpis.rows.push_back(kpi_cells(w.iso_week + " 本周 / This week", week ? *week : k_null));
  kpis.rows.push_back(kpi_cells(last_week + " 上周 / Last week", previous ? *previous : k_null));
  kpis.chart = ChartSpec{"本周与上周 / This week and last week", 0, {1, 2, 3}, false};
  out.push_back(std::move(kpis));

  Table daily;
  daily.title = "每日";
  daily.title_en = "Daily";
  daily.zone = zone;
  daily.columns = {{"day", "日期", "Day", CellKind::text},
                   {"new", "新建", "New", CellKind::integer},
                   {"resolved", "已解决", "Resolved", CellKind::integer},
                   {"closed", "已关闭", "Closed", CellKind::integer},
                   {"backlog", "积压", "Backlog", CellKind::integer}};
  for (const auto& p : array_at(snap, "daily"))
    daily.rows.push_back({text(at(p, {"label"})), number(at(p, {"new"})), number(at(p, {"resolved"})),
                          number(at(p, {"closed"})), number(at(p, {"backlog"}))});
  daily.chart = ChartSpec{"每日新建与解决 / New and resolved per day", 0, {1, 2}, true};
  out.push_back(std::move(daily));

  Table agents;
  agents.title = "工程师";
  agents.title_en = "Engineers";
  agents.zone = zone;
  agents.columns = {{"engineer", "工程师", "Engineer", CellKind::text},
                    {"new", "新建", "New", CellKind::integer},
                    {"resolved", "已解决", "Resolved", CellKind::integer},
                    {"csat", "满意度均分", "CSAT average", CellKind::number}};
  for (const auto& a : array_at(snap, "by_agent"))
    agents.rows.push_back({text(at(a, {"name"})), number(at(a, {"new"})), number(at(a, {"resolved"})),
                           number(at(a, {"csat_average"}))});
  out.push_back(std::move(agents));

  Table categories;
  categories.title = "问题分类";
  categories.title_en = "Top categories";
  categories.zone = zone;
  categories.columns = {{"category", "分类", "Category", CellKind::text},
                        {"tickets", "工单数", "Tickets", CellKind::integer}};
  for (const auto& c : array_at(snap, "top_categories"))
    categories.rows.push_back({text(at(c, {"name"})), number(at(c, {"count"}))});
  out.push_back(std::move(categories));

  out.push_back(ticket_lines_table("重大事件", "Major incidents", array_at(snap, "major_incidents"), zone));
  out.push_back(ticket_lines_table("SLA 超时", "SLA breaches", array_at(snap, "breaches"), zone));

  Table plan;
  plan.title = "下周计划";
  plan.title_en = "Next week's plan";
  plan.zone = zone;
  plan.columns = {{"plan", "下周计划", "Next week's plan", CellKind::text}};
  std::string_view rest = w.plan;
  while (!rest.empty() && (rest.back() == '\n' || rest.back() == '\r'))
    rest.remove_suffix(1);
  if (rest.empty()) plan.rows.push_back({std::string("（未填写 / not filled in）")});
  while (!rest.empty()) {
    const auto nl = rest.find('\n');
    std::string_view line = rest.substr(0, nl);
    if (line.ends_with('\r')) line.remove_suffix(1);
    plan.rows.push_back({std::string(line)});
    rest = nl == std::string_view::npos ? std::string_view{} : rest.substr(nl + 1);
  }
  out.push_back(std::move(plan));
  return out;
}

std::vector<Table> survey_tables(const feedback::SurveyReport& r, const std::string& zone) {
  Table summary;
  summary.title = "满意度汇总";
  summary.title_en = "CSAT summary";
  summary.zone = zone;
  summary.columns = {{"score", "评分", "Score", CellKind::integer},
                     {"responses", "评价数", "Responses", CellKind::integer},
                     {"share", "占比", "Share", CellKind::percent},
                     {"average", "平均分", "Average score", CellKind::number}};
  for (int score = 5; score >= 1; --score) {
    const int n = r.distribution[static_cast<std::size_t>(score - 1)];
    summary.rows.push_back({std::int64_t{score}, std::int64_t{n}, share(n, r.count), Cell{}});
  }
  summary.rows.push_back({std::string("合计 / Total"), std::int64_t{r.count}, share(r.count, r.count),
                          r.count ? Cell{r.average} : Cell{}});
  summary.chart = ChartSpec{"评分分布 / Scores", 0, {1}, false};
  summary.chart->rows = 5;

  Table responses;
  responses.title = "评价明细";
  responses.title_en = "Responses";
  responses.zone = zone;
  responses.columns = {{"ticket", "工单号", "Ticket", CellKind::text},
                       {"score", "评分", "Score", CellKind::integer},
                       {"tags", "标签", "Tags", CellKind::text},
                       {"comment", "评价内容", "Comment", CellKind::text},
                       {"agent", "处理人", "Agent", CellKind::text},
                       {"team", "团队", "Team", CellKind::text},
                       {"organization", "客户单位", "Organization", CellKind::text},
                       {"channel", "渠道", "Channel", CellKind::text},
                       {"created_at", "评价时间", "Answered", CellKind::datetime}};
  for (const auto& row : r.rows) {
    const auto& s = row.response;
    std::string tags;
    for (const auto& tag : s.tags)
      tags += (tags.empty() ? "" : ", ") + tag;
    responses.rows.push_back({row.ticket_number, std::int64_t{s.score}, std::move(tags), s.comment,
                              opt_text(row.agent), opt_text(row.team), opt_text(row.organization), s.channel,
                              Cell{static_cast<std::int64_t>(to_millis(s.created_at))}});
  }
  return {std::move(summary), std::move(responses)};
}

Table scorecard_table(const CycleCards& cards, std::string_view month) {
  Table t;
  t.title = "绩效排名 " + std::string(month);
  t.title_en = "Ranking " + std::string(month);
  t.columns = {{"rank", "排名", "Rank", CellKind::integer},
               {"engineer", "工程师", "Engineer", CellKind::text},
               {"team", "团队", "Team", CellKind::text},
               {"total", "总分", "Total", CellKind::number},
               {"bottom20", "末位 20%", "Bottom 20 %", CellKind::text},
               {"appeals", "申诉数", "Appeals", CellKind::integer},
               {"state", "状态", "State", CellKind::text}};
  for (const auto& c : cards.cards)
    t.rows.push_back({c.rank ? Cell{std::int64_t{*c.rank}} : Cell{}, c.engineer.name,
                      c.team ? Cell{c.team->name} : Cell{},
                      c.hidden ? Cell{} : Cell{static_cast<double>(c.card.total_milli) / 1000.0},
                      c.bottom20 ? Cell{std::string("是 / Yes")} : Cell{},
                      static_cast<std::int64_t>(c.appeals.size()), std::string(name(c.state))});
  if (!cards.cards.empty()) t.chart = ChartSpec{"总分 / Totals", 1, {3}, false};
  return t;
}

}  // namespace techdesk::report
