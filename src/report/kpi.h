// KPI arithmetic as pure functions: given the facts of the tickets a period touches (and the surveys,
// work log and complaints in it), the figures of docs/kpis.md per group and as a time series. The store
// selects the rows (report_store.h); nothing here does I/O, so tests build histories by hand.
#pragma once

#include <array>
#include <cstdint>
#include <map>
#include <memory>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "common/error.h"
#include "common/function_ref.h"
#include "report/types.h"
#include "sla/business_clock.h"

namespace techdesk::report {

enum class GroupBy { none, team, agent, org, category, priority, channel };
enum class Interval { day, week, month };

std::string_view name(GroupBy v);
std::string_view name(Interval v);
std::optional<GroupBy> parse_group_by(std::string_view s);
std::optional<Interval> parse_interval(std::string_view s);

// The longest period one report covers: a year (a leap year has 366 days).
inline constexpr std::chrono::hours k_max_period{366 * 24};

// Every filter narrows; none set means the whole department.
struct KpiFilter {
  std::optional<Id> team;
  std::optional<Id> agent;
  std::optional<Id> org;
  std::optional<Id> category;
  std::optional<std::string> priority;
  std::optional<std::string> channel;
};

struct KpiQuery {
  Timestamp from{};
  Timestamp to{};
  GroupBy group_by = GroupBy::none;
  Interval interval = Interval::day;
  KpiFilter filter;
};

// Errors: invalid_field "to" when to ≤ from or the period is longer than k_max_period.
Result<void> check_period(Timestamp from, Timestamp to);

// What a row is grouped and filtered by. agent: who resolved it when it is resolved, else its assignee.
struct GroupKeys {
  std::optional<Id> team;
  std::optional<Id> agent;
  std::optional<Id> org;
  std::optional<Id> category;
  std::string priority;
  std::string channel;
};
GroupKeys keys_of(const TicketFacts& f);
bool matches(const KpiFilter& filter, const GroupKeys& k);
// The group a row belongs to: an id as text, a name (priority, channel), "" when it has none, or
// "all" for GroupBy::none.
std::string group_key(GroupBy by, const GroupKeys& k);

// The ticket's SLA record when a policy holds it (ticket_sla).
struct SlaFacts {
  std::optional<Id> calendar_id;
  bool first_response_target = false;
  bool resolution_target = false;
  std::optional<Timestamp> first_response_due;
  std::optional<Timestamp> first_response_at;  // the SLA's answer time (a reply, a call or the resolution)
  bool first_response_breached = false;
  std::optional<Timestamp> resolution_due;
  std::optional<Timestamp> resolved_at;
  bool resolution_breached = false;
  bool stopped = false;  // the resolution clock stands still
};

struct FactRow {
  TicketFacts facts;
  std::optional<SlaFacts> sla;
};
struct SurveyRow {
  Timestamp at{};
  int score = 0;
  GroupKeys keys;  // team, agent and organisation as the survey recorded them; the rest from the ticket
};
struct WorkRow {
  Id ticket = 0;
  Id user = 0;
  int minutes = 0;
  bool onsite = false;
  std::string work_date;  // "YYYY-MM-DD", local
  GroupKeys keys;         // agent: the person who logged it
};
struct ComplaintRow {
  Timestamp at{};
  GroupKeys keys;  // of the ticket complained about, else of the complaint's own ticket
};

// What the store hands over for one query: the ticket rows with creation, first response, resolution,
// closing or leaving the open set in [from, to) (already filtered), the surveys, work log and complaints
// of the period, and the open backlog per group at `from` (tickets created before it and not done
// before it).
struct KpiInput {
  std::vector<FactRow> rows;
  std::vector<SurveyRow> surveys;
  std::vector<WorkRow> work;
  std::vector<ComplaintRow> complaints;
  std::map<std::string, int> backlog_at_from;  // by group_key
};

struct Durations {
  int count = 0;
  std::optional<std::int64_t> median;  // business minutes, nearest rank
  std::optional<std::int64_t> p90;
};
struct Rate {
  int count = 0;
  int of = 0;
  std::optional<double> rate() const;
};
struct Compliance {
  int met = 0;
  int breached = 0;
  std::optional<double> rate() const;
};
struct Kpis {
  int created = 0;
  int resolved = 0;
  int closed = 0;
  int backlog_start = 0;
  int backlog_end = 0;
  Durations first_response;
  Durations resolution;
  Compliance sla_first_response;
  Compliance sla_resolution;
  Rate first_contact;
  Rate reopened;
  Rate escalated;
  int csat_count = 0;
  std::optional<double> csat_average;
  std::array<int, 5> csat_distribution{};
  int complaints = 0;
  std::int64_t worklog_minutes = 0;
  int onsite_visits = 0;
};
struct KpiGroup {
  std::string key;
  std::string label;  // filled by the service
  Kpis kpis;
};
struct SeriesPoint {
  Timestamp from{};
  Timestamp to{};
  std::string label;  // "2026-11-03", "2026-W45", "2026-11"
  int created = 0;
  int resolved = 0;
  int closed = 0;
  int backlog = 0;  // open at the end of the bucket
};
struct KpiReport {
  Kpis total;
  std::vector<KpiGroup> groups;  // by key; empty for GroupBy::none
  std::vector<SeriesPoint> series;
};

// The calendar business time is measured in: the ticket's SLA calendar, or the default one (none given).
using ClockFor = FunctionRef<const sla::BusinessClock*(std::optional<Id> calendar)>;

// Nearest-rank percentile (p in (0, 1]) of sorted values: the value at 1-based rank ⌈p·n⌉.
std::optional<std::int64_t> nearest_rank(const std::vector<std::int64_t>& sorted, double p);

// The buckets of [from, to) in local time of `zone` (days, ISO weeks from Monday, months), the first and
// last clipped to the period.
std::vector<SeriesPoint> buckets(Timestamp from, Timestamp to, Interval interval, const std::string& zone);

// The report built one row at a time, so that a store can stream the rows of a long period instead of
// holding them all (compute_kpis is this over a KpiInput). `clock_for` must outlive the accumulator.
// `now` decides whether an unanswered SLA target is already breached.
class KpiAccumulator {
 public:
  KpiAccumulator(const KpiQuery& q, ClockFor clock_for, Timestamp now, const std::string& zone);
  ~KpiAccumulator();
  KpiAccumulator(KpiAccumulator&&) noexcept;
  KpiAccumulator& operator=(KpiAccumulator&&) noexcept;

  void add_backlog(const std::map<std::string, int>& backlog_at_from);
  void add(const FactRow& r);
  void add(const SurveyRow& s);
  void add(const WorkRow& w);
  void add(const ComplaintRow& c);
  // The figures of everything added; call once.
  KpiReport finish();

 private:
  struct State;
  std::unique_ptr<State> m;
};

// The whole report at once.
KpiReport compute_kpis(const KpiQuery& q, const KpiInput& in, ClockFor clock_for, Timestamp now,
                       const std::string& zone);

// Counts the SLA targets of a ticket created in the period into first-response and resolution compliance:
// breached, or met once answered / resolved (docs/kpis.md).
void count_sla(const FactRow& r, Timestamp now, Compliance& first_response, Compliance& resolution);

// A ticket created in a period missed an SLA target (first response or resolution), as the report counts it.
bool sla_breached(const FactRow& r, Timestamp now);

// The local date "YYYY-MM-DD" of t in zone.
std::string local_date(Timestamp t, const std::string& zone);

}  // namespace techdesk::report
