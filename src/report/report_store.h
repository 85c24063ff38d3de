// What reports need from storage: the per-ticket facts (kept by FactsObserver in each change's
// transaction), the rows a KPI report aggregates, dashboards' lists, weekly report snapshots, report
// settings and schedules. Implemented by each backend in storage/<backend>/report_repo_<backend>.cpp.
//
// A weekly report or a scheduled report is mailed through the outbox in the transaction that marks it
// sent, so ReportTx is also a FeedbackTx (and so a MailTx, a DispatchTx, an SlaTx and a TicketTx).
#pragma once

#include <map>
#include <optional>
#include <string>
#include <vector>

#include "common/function_ref.h"
#include "feedback/feedback_store.h"
#include "report/kpi.h"
#include "report/review_store.h"
#include "report/types.h"

namespace techdesk::report {

class ReportRepo {
 public:
  virtual ~ReportRepo() = default;

  // Facts: one row per ticket.
  virtual void insert_facts(const TicketFacts& f) = 0;
  virtual std::optional<TicketFacts> find_facts(Id ticket) = 0;
  virtual void save_facts(const TicketFacts& f) = 0;

  // What compute_kpis needs (see KpiInput and storage/report_sql.h). Days are local "YYYY-MM-DD".
  // The rows are handed over one by one (a year holds hundreds of thousands): the reference is valid
  // during the call only.
  virtual void kpi_rows(Timestamp from, Timestamp to, const KpiFilter& f,
                        FunctionRef<void(const FactRow&)> on_row) = 0;
  virtual std::map<std::string, int> backlog_at(Timestamp at, GroupBy by, const KpiFilter& f) = 0;
  virtual std::vector<SurveyRow> kpi_surveys(Timestamp from, Timestamp to, const KpiFilter& f) = 0;
  virtual std::vector<WorkRow> kpi_work(const std::string& from_day, const std::string& to_day,
                                        const KpiFilter& f) = 0;
  virtual std::vector<ComplaintRow> kpi_complaints(Timestamp from, Timestamp to, const KpiFilter& f) = 0;
  // Tickets behind a figure that the rows above do not carry: open at `at`; surveyed or complained
  // about (the complaint's own ticket) in [from, to).
  virtual std::vector<Id> backlog_ids(Timestamp at, const KpiFilter& f) = 0;
  virtual std::vector<Id> survey_ticket_ids(Timestamp from, Timestamp to, const KpiFilter& f,
                                            std::optional<int> score) = 0;
  virtual std::vector<Id> complaint_ticket_ids(Timestamp from, Timestamp to, const KpiFilter& f) = 0;

  // Lines of a ticket list, in the order of `ids`; unknown ids are left out.
  virtual std::vector<TicketLine> ticket_lines(const std::vector<Id>& ids) = 0;
  // Names of groups: teams, users, organisations or categories by id (as text).
  virtual std::map<std::string, std::string> labels(GroupBy by, const std::vector<std::string>& keys) = 0;

  // Dashboards: open tickets (optionally of one assignee or team), earliest due first, at most `limit`.
  virtual std::vector<TicketLine> open_tickets(std::optional<Id> assignee, std::optional<Id> team,
                                               int limit) = 0;
  // Open tickets whose resolution warning time has passed, not breached (at risk), of a team.
  virtual std::vector<TicketLine> at_risk(Id team, Timestamp now, int limit) = 0;
  // Tickets of a team with a target breached whose due time lies in [from, to).
  virtual std::vector<TicketLine> breached_between(Id team, Timestamp from, Timestamp to, int limit) = 0;
  // Open tickets per state and per priority, and the unassigned ones, of one assignee or team.
  virtual OpenCounts open_counts(std::optional<Id> assignee, std::optional<Id> team) = 0;
  // Open tickets per member of a team (members without any included).
  virtual std::vector<AgentLoad> team_load(Id team) = 0;

  // Settings: one JSON document (report/report_settings.h); none until first saved.
  virtual std::optional<std::string> settings_json() = 0;
  virtual void save_settings_json(const std::string& json, Timestamp at) = 0;

  // Scheduled reports.
  virtual std::vector<ReportSchedule> list_schedules() = 0;
  virtual std::optional<ReportSchedule> find_schedule(Id id) = 0;
  virtual Id insert_schedule(const ReportSchedule& s) = 0;
  virtual void update_schedule(const ReportSchedule& s) = 0;
  virtual void delete_schedule(Id id) = 0;
  // Active schedules whose next run has come, earliest first, locked for this transaction (PostgreSQL:
  // FOR UPDATE SKIP LOCKED, so that two nodes never run the same one).
  virtual std::vector<ReportSchedule> due_schedules(Timestamp now, int limit) = 0;

  // Weekly reports.
  virtual std::optional<WeeklyReport> find_weekly(const std::string& scope_key,
                                                  const std::string& iso_week) = 0;
  virtual std::optional<WeeklyReport> find_weekly_by_id(Id id) = 0;
  // Errors: conflict when the scope's report of that week exists already.
  virtual Result<Id> insert_weekly(const WeeklyReport& w) = 0;
  virtual void save_weekly_plan(Id id, const std::string& plan, Id by) = 0;
  virtual void mark_weekly_sent(Id id, Timestamp at) = 0;
  // Newest week first; of one scope when given.
  virtual std::vector<WeeklyReport> list_weekly(std::optional<std::string> scope_key, int limit) = 0;
  // Drafts whose week ended before `before`, oldest first, locked like due_schedules.
  virtual std::vector<WeeklyReport> unsent_weekly(Timestamp before, int limit) = 0;
};

class ReportTx : public virtual feedback::FeedbackTx {
 public:
  virtual ReportRepo& report() = 0;
  virtual ReviewRepo& reviews() = 0;
};

}  // namespace techdesk::report
