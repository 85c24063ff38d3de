// All SQL of reports on SQLite.
#include <algorithm>

#include "storage/report_reads.h"
#include "storage/report_rows.h"
#include "storage/sqlite/repos.h"
#include "storage/sqlite/sql_util.h"

namespace techdesk::storage::sqlite {

using namespace report;

namespace {

// Binds the facts after the ticket id, from parameter `first` on (18 values).
void bind_facts(Query& q, int first, const TicketFacts& f) {
  int i = first;
  q.bind(i++, to_millis(f.created_at));
  q.bind(i++, f.type);
  q.bind(i++, f.channel);
  q.bind(i++, f.priority);
  q.bind(i++, f.state);
  q.bind(i++, f.category_id);
  q.bind(i++, f.organization_id);
  q.bind(i++, f.team_id);
  q.bind(i++, f.assignee_id);
  q.bind(i++, opt_millis(f.first_response_at));
  q.bind(i++, opt_millis(f.resolved_at));
  q.bind(i++, f.resolved_by);
  q.bind(i++, opt_millis(f.closed_at));
  q.bind(i++, opt_millis(f.done_at));
  q.bind(i++, f.staff_replies);
  q.bind(i++, f.reopen_count);
  q.bind(i++, f.escalated ? 1 : 0);
  q.bind(i++, f.team_changes);
}

}  // namespace

// ---- facts ----

void ReportRepoSqlite::insert_facts(const TicketFacts& f) {
  auto q = m_c.query(
      "INSERT INTO ticket_facts (ticket_id, created_at, type, channel, priority, state, category_id, "
      "organization_id, team_id, assignee_id, first_response_at, resolved_at, resolved_by, closed_at, "
      "done_at, "
      "staff_replies, reopen_count, escalated, team_changes) "
      "VALUES (?,?,?,?,?,?,?,?,?,?,?,?,?,?,?,?,?,?,?) ON CONFLICT (ticket_id) DO NOTHING");
  q.bind(1, f.ticket_id);
  bind_facts(q, 2, f);
  q.run();
}

std::optional<TicketFacts> ReportRepoSqlite::find_facts(Id ticket) {
  static const std::string k_sql =
      std::string("SELECT ") + k_facts_columns + " FROM ticket_facts WHERE ticket_id = ?";
  auto q = m_c.query(k_sql.c_str());
  q.bind(1, ticket);
  if (!q.step()) return std::nullopt;
  return read_facts(q);
}

void ReportRepoSqlite::save_facts(const TicketFacts& f) {
  auto q = m_c.query(
      "UPDATE ticket_facts SET created_at = ?, type = ?, channel = ?, priority = ?, state = ?, category_id = "
      "?, "
      "organization_id = ?, team_id = ?, assignee_id = ?, first_response_at = ?, resolved_at = ?, "
      "resolved_by = ?, closed_at = ?, done_at = ?, staff_replies = ?, reopen_count = ?, escalated = ?, "
      "team_changes = ? WHERE ticket_id = ?");
  bind_facts(q, 1, f);
  q.bind(19, f.ticket_id);
  q.run();
}

// Runs a statement built at run time and hands each row to on_row.
auto ReportRepoSqlite::each() {
  return [this](const std::string& sql, const std::vector<SqlBind>& binds, auto&& on_row) {
    auto q = m_c.query_dynamic(sql);
    int i = 1;
    for (const auto& b : binds) {
      if (const auto* n = std::get_if<std::int64_t>(&b))
        q.bind(i++, *n);
      else
        q.bind(i++, std::get<std::string>(b));
    }
    while (q.step())
      on_row(q);
  };
}

// ---- KPI rows, drill-down, dashboards (SQL in storage/report_sql.cpp) ----

void ReportRepoSqlite::kpi_rows(Timestamp from, Timestamp to, const KpiFilter& f,
                                FunctionRef<void(const FactRow&)> on_row) {
  // SQLite's planner has no statistics on how many rows five OR'ed index ranges hold: estimate the
  // period's share of all tickets from the first and last creation time and scan the table when it is
  // large (storage/report_sql.h).
  bool scan = false;
  static const std::string k_span = facts_span_sql();
  auto q = m_c.query(k_span.c_str());
  if (q.step() && !q.is_null(0) && !q.is_null(1)) {
    const std::int64_t first = q.int64(0), last = q.int64(1);
    const std::int64_t overlap = std::min(last, to_millis(to)) - std::max(first, to_millis(from));
    scan =
        last > first && static_cast<double>(overlap) / static_cast<double>(last - first) > k_kpi_scan_share;
  }
  report_reads::kpi_rows(each(), SqlDialect{}, from, to, f, scan, on_row);
}

std::map<std::string, int> ReportRepoSqlite::backlog_at(Timestamp at, GroupBy by, const KpiFilter& f) {
  return report_reads::backlog_at(each(), SqlDialect{}, at, by, f);
}

std::vector<SurveyRow> ReportRepoSqlite::kpi_surveys(Timestamp from, Timestamp to, const KpiFilter& f) {
  std::vector<SqlBind> b;
  const std::string sql = kpi_surveys_sql(from, to, f, SqlDialect{}, b);
  return report_reads::collect<decltype(each()), SurveyRow>(each(), sql, b,
                                                            [](const auto& r) { return read_survey_row(r); });
}

std::vector<WorkRow> ReportRepoSqlite::kpi_work(const std::string& from_day, const std::string& to_day,
                                                const KpiFilter& f) {
  std::vector<SqlBind> b;
  const std::string sql = kpi_work_sql(from_day, to_day, f, SqlDialect{}, b);
  return report_reads::collect<decltype(each()), WorkRow>(each(), sql, b,
                                                          [](const auto& r) { return read_work_row(r); });
}

std::vector<ComplaintRow> ReportRepoSqlite::kpi_complaints(Timestamp from, Timestamp to, const KpiFilter& f) {
  std::vector<SqlBind> b;
  const std::string sql = kpi_complaints_sql(from, to, f, SqlDialect{}, b);
  return report_reads::collect<decltype(each()), ComplaintRow>(
      each(), sql, b, [](const auto& r) { return read_complaint_row(r); });
}

std::vector<Id> ReportRepoSqlite::backlog_ids(Timestamp at, const KpiFilter& f) {
  std::vector<SqlBind> b;
  const std::string sql = backlog_ids_sql(at, f, SqlDialect{}, b);
  auto out = report_reads::ids(each(), sql, b);
  std::sort(out.begin(), out.end());
  return out;
}

std::vector<Id> ReportRepoSqlite::survey_ticket_ids(Timestamp from, Timestamp to, const KpiFilter& f,
                                                    std::optional<int> score) {
  std::vector<SqlBind> b;
  const std::string sql = survey_ids_sql(from, to, f, score, SqlDialect{}, b);
  return report_reads::ids(each(), sql, b);
}

std::vector<Id> ReportRepoSqlite::complaint_ticket_ids(Timestamp from, Timestamp to, const KpiFilter& f) {
  std::vector<SqlBind> b;
  const std::string sql = complaint_ids_sql(from, to, f, SqlDialect{}, b);
  return report_reads::ids(each(), sql, b);
}

std::vector<TicketLine> ReportRepoSqlite::ticket_lines(const std::vector<Id>& ids) {
  return report_reads::ticket_lines(each(), SqlDialect{}, ids);
}

std::map<std::string, std::string> ReportRepoSqlite::labels(GroupBy by,
                                                            const std::vector<std::string>& keys) {
  return report_reads::labels(each(), SqlDialect{}, by, keys);
}

std::vector<TicketLine> ReportRepoSqlite::open_tickets(std::optional<Id> assignee, std::optional<Id> team,
                                                       int limit) {
  std::vector<SqlBind> b;
  const std::string sql = open_lines_sql(assignee, team, limit, SqlDialect{}, b);
  return report_reads::lines(each(), sql, b);
}

std::vector<TicketLine> ReportRepoSqlite::at_risk(Id team, Timestamp now, int limit) {
  std::vector<SqlBind> b;
  const std::string sql = at_risk_sql(team, now, limit, SqlDialect{}, b);
  return report_reads::lines(each(), sql, b);
}

std::vector<TicketLine> ReportRepoSqlite::breached_between(Id team, Timestamp from, Timestamp to, int limit) {
  std::vector<SqlBind> b;
  const std::string sql = breached_sql(team, from, to, limit, SqlDialect{}, b);
  return report_reads::lines(each(), sql, b);
}

OpenCounts ReportRepoSqlite::open_counts(std::optional<Id> assignee, std::optional<Id> team) {
  return report_reads::open_counts(each(), SqlDialect{}, assignee, team);
}

std::vector<AgentLoad> ReportRepoSqlite::team_load(Id team) {
  return report_reads::team_load(each(), SqlDialect{}, team);
}

// ---- weekly reports ----

std::optional<WeeklyReport> ReportRepoSqlite::find_weekly(const std::string& scope_key,
                                                          const std::string& iso_week) {
  static const std::string k_sql =
      std::string("SELECT ") + k_weekly_columns + " FROM weekly_reports WHERE scope_key = ? AND iso_week = ?";
  auto q = m_c.query(k_sql.c_str());
  q.bind(1, scope_key).bind(2, iso_week);
  if (!q.step()) return std::nullopt;
  return read_weekly(q);
}

std::optional<WeeklyReport> ReportRepoSqlite::find_weekly_by_id(Id id) {
  static const std::string k_sql =
      std::string("SELECT ") + k_weekly_columns + " FROM weekly_reports WHERE id = ?";
  auto q = m_c.query(k_sql.c_str());
  q.bind(1, id);
  if (!q.step()) return std::nullopt;
  return read_weekly(q);
}

Result<Id> ReportRepoSqlite::insert_weekly(const WeeklyReport& w) {
  m_c.query(
         "INSERT INTO weekly_reports (scope_key, team_id, iso_week, period_from, period_to, snapshot, plan, "
         "plan_by, "
         "state, generated_at, sent_at) VALUES (?,?,?,?,?,?,?,?,?,?,?) ON CONFLICT (scope_key, iso_week) DO "
         "NOTHING")
      .bind(1, w.scope_key)
      .bind(2, w.team_id)
      .bind(3, w.iso_week)
      .bind(4, to_millis(w.period_from))
      .bind(5, to_millis(w.period_to))
      .bind(6, w.snapshot_json)
      .bind(7, w.plan)
      .bind(8, w.plan_by)
      .bind(9, w.state)
      .bind(10, to_millis(w.generated_at))
      .bind(11, opt_millis(w.sent_at))
      .run();
  if (m_c.changes() == 0) return Error::conflict("the weekly report exists already", "iso_week");
  return m_c.last_insert_rowid();
}

void ReportRepoSqlite::save_weekly_plan(Id id, const std::string& plan, Id by) {
  m_c.query("UPDATE weekly_reports SET plan = ?, plan_by = ? WHERE id = ?")
      .bind(1, plan)
      .bind(2, by)
      .bind(3, id)
      .run();
}

void ReportRepoSqlite::mark_weekly_sent(Id id, Timestamp at) {
  m_c.query("UPDATE weekly_reports SET state = 'sent', sent_at = ? WHERE id = ?")
      .bind(1, to_millis(at))
      .bind(2, id)
      .run();
}

std::vector<WeeklyReport> ReportRepoSqlite::list_weekly(std::optional<std::string> scope_key, int limit) {
  static const std::string k_all = std::string("SELECT ") + k_weekly_columns +
                                   " FROM weekly_reports ORDER BY period_from DESC, scope_key LIMIT ?";
  static const std::string k_one =
      std::string("SELECT ") + k_weekly_columns +
      " FROM weekly_reports WHERE scope_key = ? ORDER BY period_from DESC LIMIT ?";
  auto q = m_c.query(scope_key ? k_one.c_str() : k_all.c_str());
  int i = 1;
  if (scope_key) q.bind(i++, *scope_key);
  q.bind(i, limit);
  std::vector<WeeklyReport> out;
  while (q.step())
    out.push_back(read_weekly(q));
  return out;
}

std::vector<WeeklyReport> ReportRepoSqlite::unsent_weekly(Timestamp before, int limit) {
  static const std::string k_sql =
      std::string("SELECT ") + k_weekly_columns +
      " FROM weekly_reports WHERE state = 'draft' AND period_to <= ? ORDER BY period_to, id "
      "LIMIT ?";
  auto q = m_c.query(k_sql.c_str());
  q.bind(1, to_millis(before)).bind(2, limit);
  std::vector<WeeklyReport> out;
  while (q.step())
    out.push_back(read_weekly(q));
  return out;
}

}  // namespace techdesk::storage::sqlite
