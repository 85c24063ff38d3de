// Reports as plain data: the facts kept per ticket, the filters and periods a KPI report is asked for,
// and the figures it answers. What each figure means is docs/kpis.md; names on the wire are in
// report_json.cpp.
#pragma once

#include <array>
#include <cstdint>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "common/clock.h"
#include "common/id.h"

namespace techdesk::report {

// One ticket as reports see it, kept current by FactsObserver. Times are UTC.
struct TicketFacts {
  Id ticket_id = 0;
  Timestamp created_at{};
  std::string type;
  std::string channel;
  std::string priority;
  std::string state;
  std::optional<Id> category_id;
  std::optional<Id> organization_id;
  std::optional<Id> team_id;
  std::optional<Id> assignee_id;
  std::optional<Timestamp> first_response_at;  // first public reply or phone call by support staff
  std::optional<Timestamp> resolved_at;        // the latest resolution
  std::optional<Id> resolved_by;               // the assignee when it was last resolved
  std::optional<Timestamp> closed_at;
  std::optional<Timestamp> done_at;  // when it last left the open set (resolved, closed, cancelled)
  int staff_replies = 0;             // public replies and phone calls by support staff
  int reopen_count = 0;
  bool escalated = false;  // moved from L1 to L2 at some time
  int team_changes = 0;    // moved from one team to another
};

// One line of a ticket list behind a figure or on a dashboard.
struct TicketLine {
  Id id = 0;
  std::string number;
  std::string subject;
  std::string state;
  std::string priority;
  std::optional<Id> team_id;
  std::string team;
  std::optional<Id> assignee_id;
  std::string assignee;
  Timestamp created_at{};
  std::optional<Timestamp> resolved_at;
  std::optional<Timestamp> due;  // the next SLA target: first response while unanswered, else resolution
};

struct OpenCounts {
  int open = 0;
  int unassigned = 0;
  std::vector<std::pair<std::string, int>> by_state;
  std::vector<std::pair<std::string, int>> by_priority;
};

struct AgentLoad {
  Id agent_id = 0;
  std::string name;
  int open = 0;
  int p1 = 0;
  int p2 = 0;
};

// A report mailed on a schedule (report_schedules): what to run (`report`: kpis, sla, surveys, tickets;
// `params`: its query string as a JSON object), how often, to whom, in which format.
enum class Frequency { daily, weekly, monthly };
struct ReportSchedule {
  Id id = 0;
  std::string name;
  std::string report;
  Frequency frequency = Frequency::weekly;
  std::string params_json = "{}";
  std::vector<std::string> recipients;
  std::string format = "xlsx";  // xlsx or csv
  bool active = true;
  Timestamp next_run_at{};
  std::optional<Timestamp> last_run_at;
  Id created_by = 0;
  Timestamp created_at{};
};

// A weekly report (周报) of a team or the department: an immutable snapshot of the week's figures, and the
// lead's plan for next week, frozen with it when it is sent.
struct WeeklyReport {
  Id id = 0;
  std::string scope_key;  // "department" or "team:<id>"
  std::optional<Id> team_id;
  std::string iso_week;  // "2026-W48"
  Timestamp period_from{};
  Timestamp period_to{};
  std::string snapshot_json;
  std::string plan;
  std::optional<Id> plan_by;
  std::string state = "draft";  // draft, sent
  Timestamp generated_at{};
  std::optional<Timestamp> sent_at;
};

}  // namespace techdesk::report
