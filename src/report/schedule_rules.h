// Scheduled reports as pure rules: when a schedule runs next, which period a run reports on, and what a
// schedule may hold. No I/O; ScheduleService (schedule_service.h) does the rest.
//
// Runs happen at 07:00 local time (the service's zone): daily every day, weekly on Mondays, monthly on the
// 1st. A run reports on the period that has just ended — the day before, the previous ISO week (Monday to
// Sunday), the previous month — so that the figures are final. After downtime a schedule runs once, for the
// latest period that has ended, and then waits for its next run time in the future: no backlog of runs.
//
// Thread-safe: pure functions (the time-zone database is read once, on first use).
#pragma once

#include <map>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "common/clock.h"
#include "common/error.h"
#include "feedback/types.h"
#include "report/export.h"
#include "report/kpi.h"
#include "report/types.h"
#include "sla/sla_store.h"

namespace techdesk::report {

std::string_view name(Frequency v);
std::optional<Frequency> parse_frequency(std::string_view s);

inline constexpr int k_run_hour = 7;  // local time of every run

// The first run time strictly after `t`: the next local 07:00 (daily), the next Monday 07:00 (weekly), the
// next 1st of a month 07:00 (monthly). REQUIRES: `zone` is a known IANA zone.
Timestamp next_run_after(Frequency f, Timestamp t, const std::string& zone);
// The latest run time at or before `t` (what a run that comes late reports for).
Timestamp latest_run_at_or_before(Frequency f, Timestamp t, const std::string& zone);

// What one run reports on: [from, to) in UTC, local midnights of `zone`.
struct RunPeriod {
  Timestamp from{};
  Timestamp to{};
  std::string label;  // "2026-11-30" (daily), "2026-W48" (weekly), "2026-11" (monthly)
};
// The period a run at `run_at` covers: the local day, ISO week or month before the one `run_at` falls in.
RunPeriod period_of_run(Frequency f, Timestamp run_at, const std::string& zone);

// Reports a schedule may run: the KPI table, a ticket list, SLA compliance, the satisfaction survey results
// (the files of GET /reports/{report}.xlsx|csv for the run's period).
inline constexpr std::string_view k_schedulable_reports[] = {"kpis", "tickets", "sla", "surveys"};

// A schedule as the API gives it: every field optional, so that one type serves creation (where name,
// report, frequency and recipients are required) and changes (absent fields keep their values).
struct ScheduleDraft {
  std::optional<std::string> name;
  std::optional<std::string> report;
  std::optional<std::string> frequency;
  std::optional<std::string> params_json;  // a JSON object of strings, as text
  std::optional<std::vector<std::string>> recipients;
  std::optional<std::string> format;
  std::optional<bool> active;
};

inline constexpr std::size_t k_max_schedule_name = 100;  // characters
inline constexpr std::size_t k_max_recipients = 50;

// The report's query from a schedule's params (the period comes from the run), and lang (zh or en: the
// file's column titles) for every report:
//   kpis, tickets — the parameters of GET /reports/kpis: group_by, interval, team, agent, org, category,
//     priority, channel; for tickets also measure (required), weekday, hour, score. `measure` is checked by
//     the service (it knows the measures); everything else here;
//   sla — group_by of GET /reports/sla (team, priority, organization, month, policy);
//   surveys — the filters of GET /surveys: team, agent, organization.
struct ScheduleQuery {
  KpiQuery kpi;  // kpis and tickets; from and to unset
  std::string measure;
  std::optional<int> weekday;
  std::optional<int> hour;
  std::optional<int> score;
  sla::GroupBy sla_group_by = sla::GroupBy::team;
  feedback::SurveyQuery surveys;  // from and to unset
  Lang lang = Lang::zh;
};

// Errors: invalid_field "params" naming the parameter (unknown, from/to, a malformed value, a missing
// measure). REQUIRES: `report` is schedulable.
Result<ScheduleQuery> parse_schedule_params(std::string_view report,
                                            const std::map<std::string, std::string>& params);

// A params document: a JSON object whose values are all strings. Errors: invalid_field "params".
Result<std::map<std::string, std::string>> parse_params_json(std::string_view json);
// The canonical text of params (keys sorted): what is stored.
std::string params_to_json(const std::map<std::string, std::string>& params);

// Applies `d` to `s` and checks the result: name (1–100 characters after trimming), report, frequency,
// format (xlsx or csv), recipients (1–50 addresses TechDesk sends to; trimmed, lower-cased, repeats
// dropped) and params (parse_params_json + parse_schedule_params). Errors: missing_field for a required
// field absent on creation (`creating`), else invalid_field naming the field. Leaves `s` as it was on error.
// next_run_at, last_run_at, created_by and created_at are the caller's.
Result<void> apply_draft(ReportSchedule& s, const ScheduleDraft& d, bool creating);

}  // namespace techdesk::report
