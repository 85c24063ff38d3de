#include "report/report_service.h"

#include <date/tz.h>

#include <algorithm>

#include "common/enum_names.h"
#include "identity/role.h"

namespace techdesk::report {

namespace {

using identity::Principal;
using identity::Role;

constexpr enum_names::Names<Measure, 12> k_measures{{{Measure::created, "new"},
                                                     {Measure::resolved, "resolved"},
                                                     {Measure::closed, "closed"},
                                                     {Measure::backlog, "backlog"},
                                                     {Measure::first_response, "first_response"},
                                                     {Measure::resolution, "resolution"},
                                                     {Measure::sla_breached, "sla_breached"},
                                                     {Measure::first_contact, "fcr"},
                                                     {Measure::reopened, "reopened"},
                                                     {Measure::escalated, "escalated"},
                                                     {Measure::csat, "csat"},
                                                     {Measure::complaints, "complaints"}}};

constexpr auto k_clock_ttl = std::chrono::seconds(60);

bool within(const std::optional<Timestamp>& t, Timestamp from, Timestamp to) {
  return t && *t >= from && *t < to;
}

Error scope_error(std::string field, std::string msg) {
  return Error{Errc::forbidden, std::move(msg), {std::move(field)}};
}

// Local weekday (1 = Monday) and hour of t.
std::pair<int, int> weekday_hour(Timestamp t, const date::time_zone* z) {
  auto local = z->to_local(date::sys_time<std::chrono::milliseconds>(t.time_since_epoch()));
  auto day = date::floor<date::days>(local);
  date::weekday wd{day};
  const int hour = static_cast<int>(date::floor<std::chrono::hours>(local - day).count());
  return {static_cast<int>(wd.iso_encoding()), hour};
}

// The local midnight that starts t's day, and the Monday that starts its week.
Timestamp day_start(Timestamp t, const date::time_zone* z) {
  auto local =
      date::floor<date::days>(z->to_local(date::sys_time<std::chrono::milliseconds>(t.time_since_epoch())));
  return Timestamp(z->to_sys(date::local_time<std::chrono::milliseconds>(local), date::choose::earliest)
                       .time_since_epoch());
}
Timestamp week_start(Timestamp t, const date::time_zone* z) {
  auto local =
      date::floor<date::days>(z->to_local(date::sys_time<std::chrono::milliseconds>(t.time_since_epoch())));
  date::weekday wd{local};
  local -= date::days{(wd.c_encoding() + 6) % 7};
  return Timestamp(z->to_sys(date::local_time<std::chrono::milliseconds>(local), date::choose::earliest)
                       .time_since_epoch());
}

}  // namespace

std::string_view name(Measure v) {
  return enum_names::lookup(k_measures, v);
}
std::optional<Measure> parse_measure(std::string_view s) {
  return enum_names::parse(k_measures, s);
}

Result<void> ReportService::scope(const Principal& a, KpiFilter& f) {
  if (!identity::is_agent(a.role)) return Error::forbidden("reports are for the support staff");
  if (a.role == Role::manager || a.role == Role::admin) return ok();
  if (a.role == Role::team_lead) {
    if (f.team) {
      if (std::find(a.team_ids.begin(), a.team_ids.end(), *f.team) == a.team_ids.end())
        return scope_error("team", "you may see the reports of your own teams only");
      return ok();
    }
    if (f.agent && *f.agent == a.user_id) return ok();
    if (a.team_ids.size() == 1) {
      f.team = a.team_ids.front();
      return ok();
    }
    return scope_error("team", "choose one of your teams (team=…)");
  }
  if (f.agent && *f.agent != a.user_id) return scope_error("agent", "you may see your own figures only");
  if (f.team || f.org) return scope_error(f.team ? "team" : "org", "you may see your own figures only");
  f.agent = a.user_id;
  return ok();
}

const sla::BusinessClock* ReportService::ClockSet::get(std::optional<Id> calendar) const {
  if (!calendar) calendar = default_calendar;
  if (!calendar) return nullptr;
  auto it = clocks.find(*calendar);
  if (it == clocks.end()) {
    if (default_calendar && *calendar != *default_calendar) return get(default_calendar);
    return nullptr;
  }
  return it->second.get();
}

std::shared_ptr<const ReportService::ClockSet> ReportService::clocks(ReportTx& tx) {
  const auto now = std::chrono::steady_clock::now();
  {
    std::lock_guard lock(m_mutex);
    if (m_clocks && now - m_clocks->loaded < k_clock_ttl) return m_clocks;
  }
  auto set = std::make_shared<ClockSet>();
  set->loaded = now;
  for (auto& c : tx.sla().list_calendars()) {
    if (!set->default_calendar || c.id < *set->default_calendar) set->default_calendar = c.id;
    const Id id = c.id;
    set->clocks.emplace(id, std::make_unique<sla::BusinessClock>(std::move(c)));
  }
  std::lock_guard lock(m_mutex);
  m_clocks = set;
  return set;
}

void ReportService::feed(ReportTx& tx, const KpiQuery& q, KpiAccumulator& acc,
                         FunctionRef<void(const FactRow&)> also_row) {
  auto& repo = tx.report();
  acc.add_backlog(repo.backlog_at(q.from, q.group_by, q.filter));
  repo.kpi_rows(q.from, q.to, q.filter, [&](const FactRow& r) {
    acc.add(r);
    also_row(r);
  });
  for (const SurveyRow& s : repo.kpi_surveys(q.from, q.to, q.filter))
    acc.add(s);
  for (const WorkRow& w : repo.kpi_work(local_date(q.from, m_zone),
                                        local_date(q.to - std::chrono::milliseconds(1), m_zone), q.filter))
    acc.add(w);
  for (const ComplaintRow& c : repo.kpi_complaints(q.from, q.to, q.filter))
    acc.add(c);
}

KpiReport ReportService::run(ReportTx& tx, const KpiQuery& q, Timestamp now) {
  auto set = clocks(tx);
  auto clock_for = [&](std::optional<Id> cal) { return set->get(cal); };
  KpiAccumulator acc(q, clock_for, now, m_zone);
  feed(tx, q, acc, [](const FactRow&) {});
  KpiReport r = acc.finish();
  if (q.group_by != GroupBy::none) {
    std::vector<std::string> keys;
    for (const auto& g : r.groups)
      keys.push_back(g.key);
    auto names = tx.report().labels(q.group_by, keys);
    for (auto& g : r.groups) {
      auto it = names.find(g.key);
      g.label = it != names.end() ? it->second : g.key;
    }
  }
  return r;
}

Result<KpiReport> ReportService::kpis(const Principal& actor, KpiQuery q) {
  TD_TRY(check_period(q.from, q.to));
  TD_TRY(scope(actor, q.filter));
  const Timestamp now = m_clock.now();
  return m_store.read([&](ReportTx& tx) -> Result<KpiReport> { return run(tx, q, now); });
}

std::vector<Id> ReportService::measure_ids(ReportTx& tx, const DrillQuery& d, Timestamp now) {
  const KpiQuery& q = d.kpi;
  auto& repo = tx.report();
  switch (d.measure) {
    case Measure::backlog:
      return repo.backlog_ids(q.to, q.filter);
    case Measure::csat:
      return repo.survey_ticket_ids(q.from, q.to, q.filter, d.score);
    case Measure::complaints:
      return repo.complaint_ticket_ids(q.from, q.to, q.filter);
    case Measure::created:
    case Measure::resolved:
    case Measure::closed:
    case Measure::first_response:
    case Measure::resolution:
    case Measure::sla_breached:
    case Measure::first_contact:
    case Measure::reopened:
    case Measure::escalated:
      break;
  }
  const date::time_zone* z = date::locate_zone(m_zone);
  std::vector<Id> out;
  repo.kpi_rows(q.from, q.to, q.filter, [&](const FactRow& r) {
    const TicketFacts& f = r.facts;
    if (!matches(q.filter, keys_of(f))) return;
    const bool created = within(f.created_at, q.from, q.to);
    const bool resolved = within(f.resolved_at, q.from, q.to);
    bool in = false;
    switch (d.measure) {
      case Measure::created:
        in = created;
        break;
      case Measure::resolved:
      case Measure::resolution:
        in = resolved;
        break;
      case Measure::closed:
        in = within(f.closed_at, q.from, q.to);
        break;
      case Measure::first_response:
        in = within(f.first_response_at, q.from, q.to);
        break;
      case Measure::sla_breached:
        in = created && sla_breached(r, now);
        break;
      case Measure::first_contact:
        in = resolved && f.staff_replies <= 1 && f.reopen_count == 0 && !f.escalated && f.team_changes == 0;
        break;
      case Measure::reopened:
        in = resolved && f.reopen_count > 0;
        break;
      case Measure::escalated:
        in = created && f.escalated;
        break;
      case Measure::backlog:
      case Measure::csat:
      case Measure::complaints:
        break;
    }
    if (in && (d.weekday || d.hour)) {
      auto [wd, h] = weekday_hour(f.created_at, z);
      if ((d.weekday && *d.weekday != wd) || (d.hour && *d.hour != h)) in = false;
    }
    if (in) out.push_back(f.ticket_id);
  });
  std::sort(out.begin(), out.end());
  return out;
}

Result<DrillResult> ReportService::tickets(const Principal& actor, DrillQuery d) {
  TD_TRY(check_period(d.kpi.from, d.kpi.to));
  TD_TRY(scope(actor, d.kpi.filter));
  if (d.weekday && (*d.weekday < 1 || *d.weekday > 7))
    return Error::invalid("weekday", "weekday is 1 (Monday) … 7");
  if (d.hour && (*d.hour < 0 || *d.hour > 23)) return Error::invalid("hour", "hour is 0 … 23");
  if (d.score && (*d.score < 1 || *d.score > 5)) return Error::invalid("score", "score is 1 … 5");
  if (d.limit < 1 || d.limit > k_max_lines) return Error::invalid("limit", "limit is 1 … 100000");
  if (d.offset < 0) return Error::invalid("offset", "offset must not be negative");
  const Timestamp now = m_clock.now();
  return m_store.read([&](ReportTx& tx) -> Result<DrillResult> {
    std::vector<Id> ids = measure_ids(tx, d, now);
    DrillResult out;
    out.total = static_cast<int>(ids.size());
    const auto first = std::min<std::size_t>(ids.size(), static_cast<std::size_t>(d.offset));
    const auto last = std::min<std::size_t>(ids.size(), first + static_cast<std::size_t>(d.limit));
    std::vector<Id> page(ids.begin() + static_cast<std::ptrdiff_t>(first),
                         ids.begin() + static_cast<std::ptrdiff_t>(last));
    out.tickets = tx.report().ticket_lines(page);
    return out;
  });
}

Result<AgentBoard> ReportService::agent_board(const Principal& actor) {
  if (!identity::is_agent(actor.role)) return Error::forbidden("dashboards are for the support staff");
  const Timestamp now = m_clock.now();
  const date::time_zone* z = date::locate_zone(m_zone);
  return m_store.read([&](ReportTx& tx) -> Result<AgentBoard> {
    AgentBoard b;
    b.counts = tx.report().open_counts(actor.user_id, std::nullopt);
    b.due_soon = tx.report().open_tickets(actor.user_id, std::nullopt, 10);
    b.week_from = week_start(now, z);
    b.week_to = b.week_from + std::chrono::hours(24 * 7);
    KpiQuery q;
    q.from = b.week_from;
    q.to = b.week_to;
    q.filter.agent = actor.user_id;
    KpiReport r = run(tx, q, now);
    b.week = r.total;
    b.daily = r.series;
    return b;
  });
}

Result<TeamBoard> ReportService::team_board(const Principal& actor, std::optional<Id> team) {
  if (!team) {
    if (actor.team_ids.empty()) return Error::missing("team");
    team = actor.team_ids.front();
  }
  KpiFilter f;
  f.team = team;
  if (actor.role != Role::manager && actor.role != Role::admin && actor.role != Role::team_lead)
    return scope_error("team", "the team board is for team leads and managers");
  TD_TRY(scope(actor, f));
  const Timestamp now = m_clock.now();
  const date::time_zone* z = date::locate_zone(m_zone);
  return m_store.read([&](ReportTx& tx) -> Result<TeamBoard> {
    auto t = tx.identity().find_team(*team);
    if (!t) return Error::not_found("team");
    TeamBoard b;
    b.team_id = t->id;
    b.team = t->name;
    b.queue = tx.report().open_counts(std::nullopt, *team);
    b.load = tx.report().team_load(*team);
    b.at_risk = tx.report().at_risk(*team, now, 20);
    const Timestamp today = day_start(now, z);
    b.breaches_today = tx.report().breached_between(*team, today, now + std::chrono::milliseconds(1), 50);
    return b;
  });
}

Result<ManagerBoard> ReportService::manager_board(const Principal& actor, Timestamp from, Timestamp to) {
  if (actor.role != Role::manager && actor.role != Role::admin)
    return Error::forbidden("the department board is for managers");
  TD_TRY(check_period(from, to));
  const Timestamp now = m_clock.now();
  const date::time_zone* z = date::locate_zone(m_zone);
  return m_store.read([&](ReportTx& tx) -> Result<ManagerBoard> {
    ManagerBoard b;
    KpiQuery q;
    q.from = from;
    q.to = to;
    q.interval = to - from > std::chrono::hours(24 * 62) ? Interval::week : Interval::day;
    auto set = clocks(tx);
    auto clock_for = [&](std::optional<Id> cal) { return set->get(cal); };
    b.interval = q.interval;
    KpiAccumulator acc(q, clock_for, now, m_zone);
    // SLA compliance per local month of the period (tickets created in the month), the categories and the
    // weekday × hour of the tickets created in the period: counted while the rows stream by.
    const std::vector<SeriesPoint> months = buckets(from, to, Interval::month, m_zone);
    for (const auto& m : months)
      b.compliance.push_back({m.label, {}, {}});
    std::map<std::optional<Id>, int> categories;
    feed(tx, q, acc, [&](const FactRow& r) {
      const Timestamp created = r.facts.created_at;
      if (created < from || created >= to) return;
      auto m = std::upper_bound(months.begin(), months.end(), created,
                                [](Timestamp v, const SeriesPoint& p) { return v < p.from; });
      if (m != months.begin()) {
        auto& c = b.compliance[static_cast<std::size_t>(std::prev(m) - months.begin())];
        count_sla(r, now, c.first_response, c.resolution);
      }
      ++categories[r.facts.category_id];
      auto [wd, h] = weekday_hour(created, z);
      ++b.heatmap[static_cast<std::size_t>(wd - 1)][static_cast<std::size_t>(h)];
    });
    b.report = acc.finish();
    std::vector<std::string> keys;
    for (const auto& [id, n] : categories) {
      b.top_categories.push_back({id, "", n});
      if (id) keys.push_back(std::to_string(*id));
    }
    std::sort(b.top_categories.begin(), b.top_categories.end(), [](const auto& a, const auto& c) {
      return a.count != c.count ? a.count > c.count : a.category_id < c.category_id;
    });
    if (b.top_categories.size() > 10) b.top_categories.resize(10);
    auto names = tx.report().labels(GroupBy::category, keys);
    for (auto& c : b.top_categories) {
      if (!c.category_id) continue;
      auto it = names.find(std::to_string(*c.category_id));
      c.name = it != names.end() ? it->second : std::to_string(*c.category_id);
    }
    return b;
  });
}

}  // namespace techdesk::report
