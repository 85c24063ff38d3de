// Reports: KPIs over any period and grouping, the tickets behind each figure (drill-down), dashboards,
// weekly reports, report settings and schedules. Authorises and owns its transactions.
//
// Who sees what: managers and administrators the whole department; a team lead the teams he belongs to
// (a report must name one of them, or ask for his own figures); other support staff their own figures;
// requesters nothing. Asking for more is an error naming the filter, not a silently smaller report.
//
// Business time is measured in the calendar of the ticket's SLA policy, or the department's default
// calendar (the lowest id) when no policy holds it. Compiled calendars are cached for a minute.
#pragma once

#include <map>
#include <memory>
#include <mutex>
#include <string>

#include "common/clock.h"
#include "common/tx.h"
#include "identity/types.h"
#include "report/kpi.h"
#include "report/report_store.h"
#include "report/weekly.h"

namespace techdesk::email {
class MailService;
}

namespace techdesk::report {

// A figure whose tickets are asked for (docs/kpis.md names each).
enum class Measure {
  created,
  resolved,
  closed,
  backlog,
  first_response,
  resolution,
  sla_breached,
  first_contact,
  reopened,
  escalated,
  csat,
  complaints
};
std::string_view name(Measure v);
std::optional<Measure> parse_measure(std::string_view s);

struct DrillQuery {
  KpiQuery kpi;  // period and filters; group_by and interval unused
  Measure measure = Measure::created;
  std::optional<int> weekday;  // 1 = Monday … 7, local time of creation
  std::optional<int> hour;     // 0 … 23
  std::optional<int> score;    // csat: one score only
  int offset = 0;
  int limit = 50;  // at most k_max_lines for an export
};
inline constexpr int k_max_lines = 100000;

struct DrillResult {
  int total = 0;
  std::vector<TicketLine> tickets;
};

struct AgentBoard {
  OpenCounts counts;
  std::vector<TicketLine> due_soon;
  Timestamp week_from{};
  Timestamp week_to{};
  Kpis week;
  std::vector<SeriesPoint> daily;
};

struct TeamBoard {
  Id team_id = 0;
  std::string team;
  OpenCounts queue;
  std::vector<AgentLoad> load;
  std::vector<TicketLine> at_risk;
  std::vector<TicketLine> breaches_today;
};

struct MonthCompliance {
  std::string label;
  Compliance first_response;
  Compliance resolution;
};
struct CategoryCount {
  std::optional<Id> category_id;
  std::string name;
  int count = 0;
};
struct ManagerBoard {
  Interval interval = Interval::day;
  KpiReport report;  // total and series (by day, or by week beyond 62 days)
  std::vector<MonthCompliance> compliance;
  std::vector<CategoryCount> top_categories;
  std::array<std::array<int, 24>, 7> heatmap{};  // [weekday Monday first][hour], tickets created
};

class ReportService {
 public:
  ReportService(TxRunner<ReportTx>& store, const Clock& clock, std::string zone)
      : m_store(store), m_clock(clock), m_zone(std::move(zone)) {}

  const std::string& zone() const { return m_zone; }

  // Errors: invalid_field "to" (period), forbidden with field team / agent (scope), invalid_field for
  // unknown filters' values is the route's.
  Result<KpiReport> kpis(const identity::Principal& actor, KpiQuery q);
  Result<DrillResult> tickets(const identity::Principal& actor, DrillQuery q);

  Result<AgentBoard> agent_board(const identity::Principal& actor);
  // Errors: forbidden (field team) for a team the actor may not see; not_found for an unknown team.
  Result<TeamBoard> team_board(const identity::Principal& actor, std::optional<Id> team);
  Result<ManagerBoard> manager_board(const identity::Principal& actor, Timestamp from, Timestamp to);

  // Weekly reports (team: none for the department). weekly() generates the snapshot of a finished week
  // the first time it is asked for. Errors: invalid_field "iso_week"; conflict "iso_week" for a week not
  // over yet; forbidden "team" (a team lead asks for another team, or anyone but a manager for the
  // department); not_found for an unknown team or report.
  Result<WeeklyReport> weekly(const identity::Principal& actor, std::optional<Id> team,
                              std::string_view iso_week);
  Result<WeeklyReport> weekly_by_id(const identity::Principal& actor, Id id);
  Result<std::vector<WeeklyReport>> list_weekly(const identity::Principal& actor, std::optional<Id> team,
                                                int limit);
  // Errors: conflict "state" once it is sent; invalid_field "plan" beyond 20,000 characters.
  Result<WeeklyReport> save_plan(const identity::Principal& actor, Id id, std::string plan);
  // Mails it to the leadership list and freezes it. Errors: conflict "state" (sent already), conflict
  // "leadership" (no one to send to), unavailable (no mailbox can send).
  Result<WeeklyReport> send_weekly(const identity::Principal& actor, Id id);

  Result<ReportSettings> settings(const identity::Principal& actor);
  Result<ReportSettings> save_settings(const identity::Principal& actor, const ReportSettings& s);

  // The weekly job: once the new week is 30 minutes old, last week's reports of the department and of
  // every team are generated; each draft is sent at the configured time of the following week (when a
  // leadership list is set). Returns how many reports it generated or sent.
  Result<int> weekly_tick();

  // Mail goes through the outbox; links point at base_url. REQUIRES: set before weekly_tick or send.
  void set_mail(email::MailService* mail, std::string base_url) {
    m_mail = mail;
    m_base_url = std::move(base_url);
  }

  // Narrows the filter to what the actor may see, or says which filter asks too much.
  static Result<void> scope(const identity::Principal& actor, KpiFilter& f);

 private:
  struct ClockSet {
    std::map<Id, std::unique_ptr<sla::BusinessClock>> clocks;
    std::optional<Id> default_calendar;
    std::chrono::steady_clock::time_point loaded{};
    const sla::BusinessClock* get(std::optional<Id> calendar) const;
  };
  std::shared_ptr<const ClockSet> clocks(ReportTx& tx);
  // Feeds acc with everything q covers: the backlog at its start, the facts rows (each also handed to
  // also_row, unfiltered), the surveys, work log and complaints.
  void feed(ReportTx& tx, const KpiQuery& q, KpiAccumulator& acc, FunctionRef<void(const FactRow&)> also_row);
  KpiReport run(ReportTx& tx, const KpiQuery& q, Timestamp now);
  Result<WeeklyReport> generate(ReportTx& tx, std::optional<Id> team, const IsoWeek& week, Timestamp now);
  Result<WeeklyReport> send(ReportTx& tx, WeeklyReport w, const ReportSettings& settings, Timestamp now);
  static Result<void> may_see_weekly(const identity::Principal& actor, std::optional<Id> team);
  static Result<void> may_write_weekly(const identity::Principal& actor, const WeeklyReport& w);
  std::vector<Id> measure_ids(ReportTx& tx, const DrillQuery& q, Timestamp now);

  TxRunner<ReportTx>& m_store;
  const Clock& m_clock;
  std::string m_zone;

  email::MailService* m_mail = nullptr;
  std::string m_base_url;

  std::mutex m_mutex;
  std::shared_ptr<const ClockSet> m_clocks;  // GUARDED_BY(m_mutex)
};

}  // namespace techdesk::report
