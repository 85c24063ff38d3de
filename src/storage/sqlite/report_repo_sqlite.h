// Reports on SQLite: the per-ticket facts, KPI rows, dashboards' lists, weekly reports, settings and
// schedules. All SQL in report_repo_sqlite.cpp.
#pragma once

#include "report/report_store.h"
#include "storage/sqlite/database.h"

namespace techdesk::storage::sqlite {

class ReportRepoSqlite final : public report::ReportRepo {
 public:
  explicit ReportRepoSqlite(Connection& c) : m_c(c) {}
  void insert_facts(const report::TicketFacts& f) override;
  std::optional<report::TicketFacts> find_facts(Id ticket) override;
  void save_facts(const report::TicketFacts& f) override;
  void kpi_rows(Timestamp from, Timestamp to, const report::KpiFilter& f,
                FunctionRef<void(const report::FactRow&)> on_row) override;
  std::map<std::string, int> backlog_at(Timestamp at, report::GroupBy by,
                                        const report::KpiFilter& f) override;
  std::vector<report::SurveyRow> kpi_surveys(Timestamp from, Timestamp to,
                                             const report::KpiFilter& f) override;
  std::vector<report::WorkRow> kpi_work(const std::string& from_day, const std::string& to_day,
                                        const report::KpiFilter& f) override;
  std::vector<report::ComplaintRow> kpi_complaints(Timestamp from, Timestamp to,
                                                   const report::KpiFilter& f) override;
  std::vector<Id> backlog_ids(Timestamp at, const report::KpiFilter& f) override;
  std::vector<Id> survey_ticket_ids(Timestamp from, Timestamp to, const report::KpiFilter& f,
                                    std::optional<int> score) override;
  std::vector<Id> complaint_ticket_ids(Timestamp from, Timestamp to, const report::KpiFilter& f) override;
  std::vector<report::TicketLine> ticket_lines(const std::vector<Id>& ids) override;
  std::map<std::string, std::string> labels(report::GroupBy by,
                                            const std::vector<std::string>& keys) override;
  std::vector<report::TicketLine> open_tickets(std::optional<Id> assignee, std::optional<Id> team,
                                               int limit) override;
  std::vector<report::TicketLine> at_risk(Id team, Timestamp now, int limit) override;
  std::vector<report::TicketLine> breached_between(Id team, Timestamp from, Timestamp to, int limit) override;
  report::OpenCounts open_counts(std::optional<Id> assignee, std::optional<Id> team) override;
  std::vector<report::AgentLoad> team_load(Id team) override;
  std::optional<std::string> settings_json() override;
  void save_settings_json(const std::string& json, Timestamp at) override;
  std::vector<report::ReportSchedule> list_schedules() override;
  std::optional<report::ReportSchedule> find_schedule(Id id) override;
  Id insert_schedule(const report::ReportSchedule& s) override;
  void update_schedule(const report::ReportSchedule& s) override;
  void delete_schedule(Id id) override;
  std::vector<report::ReportSchedule> due_schedules(Timestamp now, int limit) override;
  std::optional<report::WeeklyReport> find_weekly(const std::string& scope_key,
                                                  const std::string& iso_week) override;
  std::optional<report::WeeklyReport> find_weekly_by_id(Id id) override;
  Result<Id> insert_weekly(const report::WeeklyReport& w) override;
  void save_weekly_plan(Id id, const std::string& plan, Id by) override;
  void mark_weekly_sent(Id id, Timestamp at) override;
  std::vector<report::WeeklyReport> list_weekly(std::optional<std::string> scope_key, int limit) override;
  std::vector<report::WeeklyReport> unsent_weekly(Timestamp before, int limit) override;

 private:
  auto each();
  Connection& m_c;
};

}  // namespace techdesk::storage::sqlite
