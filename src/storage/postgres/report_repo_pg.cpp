// All SQL of reports on PostgreSQL.
#include "storage/postgres/pg_util.h"
#include "storage/postgres/repos_pg.h"
#include "storage/report_reads.h"
#include "storage/report_rows.h"

namespace techdesk::storage::postgres {

using namespace report;

namespace {

constexpr SqlDialect k_pg{true, "ILIKE"};

std::optional<std::int64_t> opt_ms(const std::optional<Timestamp>& t) {
  if (!t) return std::nullopt;
  return to_millis(*t);
}

// The facts after the ticket id (18 values).
void add_facts(PgParams& p, const TicketFacts& f) {
  p.add(to_millis(f.created_at))
      .add(f.type)
      .add(f.channel)
      .add(f.priority)
      .add(f.state)
      .add(f.category_id)
      .add(f.organization_id)
      .add(f.team_id)
      .add(f.assignee_id)
      .add(opt_ms(f.first_response_at))
      .add(opt_ms(f.resolved_at))
      .add(f.resolved_by)
      .add(opt_ms(f.closed_at))
      .add(opt_ms(f.done_at))
      .add(f.staff_replies)
      .add(f.reopen_count)
      .add(f.escalated ? 1 : 0)
      .add(f.team_changes);
}

}  // namespace

// ---- facts ----

void ReportRepoPg::insert_facts(const TicketFacts& f) {
  PgParams p;
  p.add(f.ticket_id);
  add_facts(p, f);
  m_c.run(
      "INSERT INTO ticket_facts (ticket_id, created_at, type, channel, priority, state, category_id, "
      "organization_id, team_id, assignee_id, first_response_at, resolved_at, resolved_by, closed_at, "
      "done_at, "
      "staff_replies, reopen_count, escalated, team_changes) "
      "VALUES ($1,$2,$3,$4,$5,$6,$7,$8,$9,$10,$11,$12,$13,$14,$15,$16,$17,$18,$19) "
      "ON CONFLICT (ticket_id) DO NOTHING",
      p);
}

std::optional<TicketFacts> ReportRepoPg::find_facts(Id ticket) {
  static const std::string k_sql =
      std::string("SELECT ") + k_facts_columns + " FROM ticket_facts WHERE ticket_id = $1";
  auto r = m_c.run(k_sql.c_str(), PgParams().add(ticket));
  if (r.rows() == 0) return std::nullopt;
  return read_facts(PgRow(r, 0));
}

void ReportRepoPg::save_facts(const TicketFacts& f) {
  PgParams p;
  add_facts(p, f);
  p.add(f.ticket_id);
  m_c.run(
      "UPDATE ticket_facts SET created_at = $1, type = $2, channel = $3, priority = $4, state = $5, "
      "category_id = $6, organization_id = $7, team_id = $8, assignee_id = $9, first_response_at = $10, "
      "resolved_at = $11, resolved_by = $12, closed_at = $13, done_at = $14, staff_replies = $15, "
      "reopen_count = $16, escalated = $17, team_changes = $18 WHERE ticket_id = $19",
      p);
}

// Runs a statement built at run time and hands each row to on_row.
auto ReportRepoPg::each() {
  return [this](const std::string& sql, const std::vector<SqlBind>& binds, auto&& on_row) {
    PgParams params;
    for (const auto& b : binds) {
      if (const auto* n = std::get_if<std::int64_t>(&b))
        params.add(*n);
      else
        params.add(std::get<std::string>(b));
    }
    auto r = m_c.run_dynamic(sql, params);
    for (int i = 0; i < r.rows(); ++i)
      on_row(PgRow(r, i));
  };
}

// ---- KPI rows, drill-down, dashboards (SQL in storage/report_sql.cpp) ----

void ReportRepoPg::kpi_rows(Timestamp from, Timestamp to, const KpiFilter& f,
                            FunctionRef<void(const FactRow&)> on_row) {
  // PostgreSQL's planner chooses between the indexes and a scan itself.
  report_reads::kpi_rows(each(), k_pg, from, to, f, false, on_row);
}

std::map<std::string, int> ReportRepoPg::backlog_at(Timestamp at, GroupBy by, const KpiFilter& f) {
  return report_reads::backlog_at(each(), k_pg, at, by, f);
}

std::vector<SurveyRow> ReportRepoPg::kpi_surveys(Timestamp from, Timestamp to, const KpiFilter& f) {
  std::vector<SqlBind> b;
  const std::string sql = kpi_surveys_sql(from, to, f, k_pg, b);
  return report_reads::collect<decltype(each()), SurveyRow>(each(), sql, b,
                                                            [](const auto& r) { return read_survey_row(r); });
}

std::vector<WorkRow> ReportRepoPg::kpi_work(const std::string& from_day, const std::string& to_day,
                                            const KpiFilter& f) {
  std::vector<SqlBind> b;
  const std::string sql = kpi_work_sql(from_day, to_day, f, k_pg, b);
  return report_reads::collect<decltype(each()), WorkRow>(each(), sql, b,
                                                          [](const auto& r) { return read_work_row(r); });
}

std::vector<ComplaintRow> ReportRepoPg::kpi_complaints(Timestamp from, Timestamp to, const KpiFilter& f) {
  std::vector<SqlBind> b;
  const std::string sql = kpi_complaints_sql(from, to, f, k_pg, b);
  return report_reads::collect<decltype(each()), ComplaintRow>(
      each(), sql, b, [](const auto& r) { return read_complaint_row(r); });
}

std::vector<Id> ReportRepoPg::backlog_ids(Timestamp at, const KpiFilter& f) {
  std::vector<SqlBind> b;
  const std::string sql = backlog_ids_sql(at, f, k_pg, b);
  auto out = report_reads::ids(each(), sql, b);
  std::sort(out.begin(), out.end());
  return out;
}

std::vector<Id> ReportRepoPg::survey_ticket_ids(Timestamp from, Timestamp to, const KpiFilter& f,
                                                std::optional<int> score) {
  std::vector<SqlBind> b;
  const std::string sql = survey_ids_sql(from, to, f, score, k_pg, b);
  return report_reads::ids(each(), sql, b);
}

std::vector<Id> ReportRepoPg::complaint_ticket_ids(Timestamp from, Timestamp to, const KpiFilter& f) {
  std::vector<SqlBind> b;
  const std::string sql = complaint_ids_sql(from, to, f, k_pg, b);
  return report_reads::ids(each(), sql, b);
}

std::vector<TicketLine> ReportRepoPg::ticket_lines(const std::vector<Id>& ids) {
  return report_reads::ticket_lines(each(), k_pg, ids);
}

std::map<std::string, std::string> ReportRepoPg::labels(GroupBy by, const std::vector<std::string>& keys) {
  return report_reads::labels(each(), k_pg, by, keys);
}

std::vector<TicketLine> ReportRepoPg::open_tickets(std::optional<Id> assignee, std::optional<Id> team,
                                                   int limit) {
  std::vector<SqlBind> b;
  const std::string sql = open_lines_sql(assignee, team, limit, k_pg, b);
  return report_reads::lines(each(), sql, b);
}

std::vector<TicketLine> ReportRepoPg::at_risk(Id team, Timestamp now, int limit) {
  std::vector<SqlBind> b;
  const std::string sql = at_risk_sql(team, now, limit, k_pg, b);
  return report_reads::lines(each(), sql, b);
}

std::vector<TicketLine> ReportRepoPg::breached_between(Id team, Timestamp from, Timestamp to, int limit) {
  std::vector<SqlBind> b;
  const std::string sql = breached_sql(team, from, to, limit, k_pg, b);
  return report_reads::lines(each(), sql, b);
}

OpenCounts ReportRepoPg::open_counts(std::optional<Id> assignee, std::optional<Id> team) {
  return report_reads::open_counts(each(), k_pg, assignee, team);
}

std::vector<AgentLoad> ReportRepoPg::team_load(Id team) {
  return report_reads::team_load(each(), k_pg, team);
}

// ---- weekly reports ----

std::optional<WeeklyReport> ReportRepoPg::find_weekly(const std::string& scope_key,
                                                      const std::string& iso_week) {
  static const std::string k_sql = std::string("SELECT ") + k_weekly_columns +
                                   " FROM weekly_reports WHERE scope_key = $1 AND iso_week = $2";
  auto r = m_c.run(k_sql.c_str(), PgParams().add(scope_key).add(iso_week));
  if (r.rows() == 0) return std::nullopt;
  return read_weekly(PgRow(r, 0));
}

std::optional<WeeklyReport> ReportRepoPg::find_weekly_by_id(Id id) {
  static const std::string k_sql =
      std::string("SELECT ") + k_weekly_columns + " FROM weekly_reports WHERE id = $1";
  auto r = m_c.run(k_sql.c_str(), PgParams().add(id));
  if (r.rows() == 0) return std::nullopt;
  return read_weekly(PgRow(r, 0));
}

Result<Id> ReportRepoPg::insert_weekly(const WeeklyReport& w) {
  auto r = m_c.run(
      "INSERT INTO weekly_reports (scope_key, team_id, iso_week, period_from, period_to, snapshot, plan, "
      "plan_by, "
      "state, generated_at, sent_at) VALUES ($1,$2,$3,$4,$5,$6,$7,$8,$9,$10,$11) ON CONFLICT (scope_key, "
      "iso_week) "
      "DO NOTHING RETURNING id",
      PgParams()
          .add(w.scope_key)
          .add(w.team_id)
          .add(w.iso_week)
          .add(to_millis(w.period_from))
          .add(to_millis(w.period_to))
          .add(w.snapshot_json)
          .add(w.plan)
          .add(w.plan_by)
          .add(w.state)
          .add(to_millis(w.generated_at))
          .add(opt_ms(w.sent_at)));
  if (r.rows() == 0) return Error::conflict("the weekly report exists already", "iso_week");
  return PgRow(r, 0).int64(0);
}

void ReportRepoPg::save_weekly_plan(Id id, const std::string& plan, Id by) {
  m_c.run("UPDATE weekly_reports SET plan = $1, plan_by = $2 WHERE id = $3",
          PgParams().add(plan).add(by).add(id));
}

void ReportRepoPg::mark_weekly_sent(Id id, Timestamp at) {
  m_c.run("UPDATE weekly_reports SET state = 'sent', sent_at = $1 WHERE id = $2",
          PgParams().add(to_millis(at)).add(id));
}

std::vector<WeeklyReport> ReportRepoPg::list_weekly(std::optional<std::string> scope_key, int limit) {
  static const std::string k_all = std::string("SELECT ") + k_weekly_columns +
                                   " FROM weekly_reports ORDER BY period_from DESC, scope_key LIMIT $1";
  static const std::string k_one =
      std::string("SELECT ") + k_weekly_columns +
      " FROM weekly_reports WHERE scope_key = $1 ORDER BY period_from DESC LIMIT $2";
  auto r = scope_key ? m_c.run(k_one.c_str(), PgParams().add(*scope_key).add(limit))
                     : m_c.run(k_all.c_str(), PgParams().add(limit));
  return all_rows<WeeklyReport>(r, [](const PgRow& row) { return read_weekly(row); });
}

std::vector<WeeklyReport> ReportRepoPg::unsent_weekly(Timestamp before, int limit) {
  static const std::string k_sql =
      std::string("SELECT ") + k_weekly_columns +
      " FROM weekly_reports WHERE state = 'draft' AND period_to <= $1 ORDER BY period_to, id "
      "LIMIT $2 FOR UPDATE SKIP LOCKED";
  auto r = m_c.run(k_sql.c_str(), PgParams().add(to_millis(before)).add(limit));
  return all_rows<WeeklyReport>(r, [](const PgRow& row) { return read_weekly(row); });
}

}  // namespace techdesk::storage::postgres
