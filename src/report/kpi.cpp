#include "report/kpi.h"

#include <date/iso_week.h>
#include <date/tz.h>

#include <algorithm>
#include <cmath>
#include <set>
#include <tuple>

#include "common/enum_names.h"

namespace techdesk::report {

namespace {

constexpr enum_names::Names<GroupBy, 7> k_group_by{{{GroupBy::none, "none"},
                                                    {GroupBy::team, "team"},
                                                    {GroupBy::agent, "agent"},
                                                    {GroupBy::org, "org"},
                                                    {GroupBy::category, "category"},
                                                    {GroupBy::priority, "priority"},
                                                    {GroupBy::channel, "channel"}}};
constexpr enum_names::Names<Interval, 3> k_interval{
    {{Interval::day, "day"}, {Interval::week, "week"}, {Interval::month, "month"}}};

using Ms = std::chrono::milliseconds;

bool within(const std::optional<Timestamp>& t, Timestamp from, Timestamp to) {
  return t && *t >= from && *t < to;
}

std::string id_key(const std::optional<Id>& id) {
  return id ? std::to_string(*id) : std::string();
}

// Per group while rows are added: the counters and the durations still to be ranked.
struct Acc {
  Kpis k;
  std::vector<std::int64_t> first_response;
  std::vector<std::int64_t> resolution;
  double csat_sum = 0;
  int done_in_period = 0;
  std::set<std::tuple<Id, Id, std::string>> visits;
};

void finish_acc(Acc& a) {
  auto rank = [](std::vector<std::int64_t>& v, Durations& d) {
    std::sort(v.begin(), v.end());
    d.count = static_cast<int>(v.size());
    d.median = nearest_rank(v, 0.5);
    d.p90 = nearest_rank(v, 0.9);
  };
  rank(a.first_response, a.k.first_response);
  rank(a.resolution, a.k.resolution);
  if (a.k.csat_count > 0) a.k.csat_average = a.csat_sum / a.k.csat_count;
  a.k.onsite_visits = static_cast<int>(a.visits.size());
  a.k.backlog_end = a.k.backlog_start + a.k.created - a.done_in_period;
}

std::int64_t business_minutes(ClockFor clock_for, const std::optional<Id>& calendar, Timestamp a,
                              Timestamp b) {
  const sla::BusinessClock* clock = clock_for(calendar);
  if (!clock) return std::chrono::duration_cast<std::chrono::minutes>(b - a).count();
  return sla::business_minutes_between(a, b, *clock);
}

// A row's response and resolution times in business minutes, worked out once for the total and its group.
struct RowTimes {
  std::optional<std::int64_t> first_response;
  std::optional<std::int64_t> resolution;
};

RowTimes row_times(const FactRow& r, const KpiQuery& q, ClockFor clock_for) {
  const TicketFacts& f = r.facts;
  const std::optional<Id> calendar = r.sla ? r.sla->calendar_id : std::nullopt;
  RowTimes t;
  if (within(f.first_response_at, q.from, q.to))
    t.first_response = business_minutes(clock_for, calendar, f.created_at, *f.first_response_at);
  if (within(f.resolved_at, q.from, q.to))
    t.resolution = business_minutes(clock_for, calendar, f.created_at, *f.resolved_at);
  return t;
}

void add_row(Acc& a, const FactRow& r, const RowTimes& t, const KpiQuery& q, Timestamp now) {
  const TicketFacts& f = r.facts;
  if (within(f.created_at, q.from, q.to)) {
    ++a.k.created;
    ++a.k.escalated.of;
    if (f.escalated) ++a.k.escalated.count;
    count_sla(r, now, a.k.sla_first_response, a.k.sla_resolution);
  }
  if (t.first_response) a.first_response.push_back(*t.first_response);
  if (t.resolution) {
    ++a.k.resolved;
    a.resolution.push_back(*t.resolution);
    ++a.k.first_contact.of;
    if (f.staff_replies <= 1 && f.reopen_count == 0 && !f.escalated && f.team_changes == 0)
      ++a.k.first_contact.count;
    ++a.k.reopened.of;
    if (f.reopen_count > 0) ++a.k.reopened.count;
  }
  if (within(f.closed_at, q.from, q.to)) ++a.k.closed;
  if (within(f.done_at, q.from, q.to)) ++a.done_in_period;
}

const date::time_zone* zone_of(const std::string& zone) {
  return date::locate_zone(zone);
}

date::local_days local_day_of(Timestamp t, const date::time_zone* z) {
  return date::floor<date::days>(z->to_local(date::sys_time<Ms>(t.time_since_epoch())));
}

Timestamp start_of(date::local_days d, const date::time_zone* z) {
  return Timestamp(z->to_sys(date::local_time<Ms>(d), date::choose::earliest).time_since_epoch());
}

std::string day_label(date::local_days d) {
  return date::format("%F", d);
}

}  // namespace

std::string_view name(GroupBy v) {
  return enum_names::lookup(k_group_by, v);
}
std::string_view name(Interval v) {
  return enum_names::lookup(k_interval, v);
}
std::optional<GroupBy> parse_group_by(std::string_view s) {
  return enum_names::parse(k_group_by, s);
}
std::optional<Interval> parse_interval(std::string_view s) {
  return enum_names::parse(k_interval, s);
}

Result<void> check_period(Timestamp from, Timestamp to) {
  if (to <= from) return Error::invalid("to", "to must be after from");
  if (to - from > k_max_period) return Error::invalid("to", "a report covers at most one year (366 days)");
  return ok();
}

GroupKeys keys_of(const TicketFacts& f) {
  GroupKeys k;
  k.team = f.team_id;
  k.agent = f.resolved_at && f.resolved_by ? f.resolved_by : f.assignee_id;
  k.org = f.organization_id;
  k.category = f.category_id;
  k.priority = f.priority;
  k.channel = f.channel;
  return k;
}

bool matches(const KpiFilter& filter, const GroupKeys& k) {
  if (filter.team && k.team != filter.team) return false;
  if (filter.agent && k.agent != filter.agent) return false;
  if (filter.org && k.org != filter.org) return false;
  if (filter.category && k.category != filter.category) return false;
  if (filter.priority && k.priority != *filter.priority) return false;
  if (filter.channel && k.channel != *filter.channel) return false;
  return true;
}

std::string group_key(GroupBy by, const GroupKeys& k) {
  switch (by) {
    case GroupBy::none:
      return "all";
    case GroupBy::team:
      return id_key(k.team);
    case GroupBy::agent:
      return id_key(k.agent);
    case GroupBy::org:
      return id_key(k.org);
    case GroupBy::category:
      return id_key(k.category);
    case GroupBy::priority:
      return k.priority;
    case GroupBy::channel:
      return k.channel;
  }
  return "all";
}

std::optional<double> Rate::rate() const {
  if (of == 0) return std::nullopt;
  return static_cast<double>(count) / of;
}

std::optional<double> Compliance::rate() const {
  if (met + breached == 0) return std::nullopt;
  return static_cast<double>(met) / (met + breached);
}

std::optional<std::int64_t> nearest_rank(const std::vector<std::int64_t>& sorted, double p) {
  if (sorted.empty()) return std::nullopt;
  auto rank = static_cast<std::size_t>(std::ceil(p * static_cast<double>(sorted.size()) - 1e-9));
  rank = std::clamp<std::size_t>(rank, 1, sorted.size());
  return sorted[rank - 1];
}

void count_sla(const FactRow& r, Timestamp now, Compliance& first_response, Compliance& resolution) {
  if (!r.sla) return;
  const SlaFacts& s = *r.sla;
  if (s.first_response_target) {
    const bool breached =
        s.first_response_breached ||
        (s.first_response_due && ((s.first_response_at && *s.first_response_at > *s.first_response_due) ||
                                  (!s.first_response_at && *s.first_response_due <= now)));
    if (breached)
      ++first_response.breached;
    else if (s.first_response_at)
      ++first_response.met;
  }
  if (s.resolution_target && r.facts.state != "cancelled") {
    const bool breached = s.resolution_breached ||
                          (s.resolution_due && ((s.resolved_at && *s.resolved_at > *s.resolution_due) ||
                                                (!s.resolved_at && !s.stopped && *s.resolution_due <= now)));
    const bool resolved = r.facts.state == "resolved" || r.facts.state == "closed";
    if (breached)
      ++resolution.breached;
    else if (resolved)
      ++resolution.met;
  }
}

bool sla_breached(const FactRow& r, Timestamp now) {
  if (!r.sla) return false;
  const SlaFacts& s = *r.sla;
  const bool fr =
      s.first_response_target &&
      (s.first_response_breached ||
       (s.first_response_due && ((s.first_response_at && *s.first_response_at > *s.first_response_due) ||
                                 (!s.first_response_at && *s.first_response_due <= now))));
  const bool res = s.resolution_target && r.facts.state != "cancelled" &&
                   (s.resolution_breached ||
                    (s.resolution_due && ((s.resolved_at && *s.resolved_at > *s.resolution_due) ||
                                          (!s.resolved_at && !s.stopped && *s.resolution_due <= now))));
  return fr || res;
}

std::string local_date(Timestamp t, const std::string& zone) {
  return day_label(local_day_of(t, zone_of(zone)));
}

std::vector<SeriesPoint> buckets(Timestamp from, Timestamp to, Interval interval, const std::string& zone) {
  std::vector<SeriesPoint> out;
  if (to <= from) return out;
  const date::time_zone* z = zone_of(zone);
  date::local_days d = local_day_of(from, z);
  // The local start of the bucket that holds `from`.
  switch (interval) {
    case Interval::day:
      break;
    case Interval::week: {
      date::weekday wd{d};
      d -= date::days{(wd.c_encoding() + 6) % 7};  // back to Monday
      break;
    }
    case Interval::month: {
      date::year_month_day ymd{d};
      d = date::local_days{ymd.year() / ymd.month() / 1};
      break;
    }
  }
  while (true) {
    date::local_days next = d;
    std::string label;
    switch (interval) {
      case Interval::day:
        next = d + date::days{1};
        label = day_label(d);
        break;
      case Interval::week: {
        next = d + date::days{7};
        iso_week::year_weeknum_weekday iw{date::sys_days{d.time_since_epoch()}};
        label = date::format("%Y", date::year{static_cast<int>(iw.year())}) + "-W" +
                (static_cast<unsigned>(iw.weeknum()) < 10 ? "0" : "") +
                std::to_string(static_cast<unsigned>(iw.weeknum()));
        break;
      }
      case Interval::month: {
        date::year_month_day ymd{d};
        next = date::local_days{(ymd.year() / ymd.month() + date::months{1}) / 1};
        label = date::format("%Y-%m", ymd);
        break;
      }
    }
    SeriesPoint p;
    p.from = std::max(from, start_of(d, z));
    p.to = std::min(to, start_of(next, z));
    p.label = std::move(label);
    if (p.from < p.to) out.push_back(std::move(p));
    if (start_of(next, z) >= to) break;
    d = next;
  }
  return out;
}

struct KpiAccumulator::State {
  KpiQuery q;
  ClockFor clock_for;
  Timestamp now;
  Acc total;
  std::map<std::string, Acc> groups;
  std::vector<SeriesPoint> series;
  std::vector<int> done_per_bucket;

  State(const KpiQuery& query, ClockFor clocks, Timestamp at, const std::string& zone)
      : q(query),
        clock_for(clocks),
        now(at),
        series(buckets(query.from, query.to, query.interval, zone)),
        done_per_bucket(series.size(), 0) {}

  bool grouped() const { return q.group_by != GroupBy::none; }
  Acc* group(const GroupKeys& k) { return grouped() ? &groups[group_key(q.group_by, k)] : nullptr; }
  SeriesPoint* bucket_of(Timestamp t) {
    auto it = std::upper_bound(series.begin(), series.end(), t,
                               [](Timestamp v, const SeriesPoint& p) { return v < p.from; });
    if (it == series.begin()) return nullptr;
    --it;
    return t < it->to ? &*it : nullptr;
  }
};

KpiAccumulator::KpiAccumulator(const KpiQuery& q, ClockFor clock_for, Timestamp now, const std::string& zone)
    : m(std::make_unique<State>(q, clock_for, now, zone)) {}
KpiAccumulator::~KpiAccumulator() = default;
KpiAccumulator::KpiAccumulator(KpiAccumulator&&) noexcept = default;
KpiAccumulator& KpiAccumulator::operator=(KpiAccumulator&&) noexcept = default;

void KpiAccumulator::add_backlog(const std::map<std::string, int>& backlog_at_from) {
  for (const auto& [key, count] : backlog_at_from) {
    m->total.k.backlog_start += count;
    if (m->grouped()) m->groups[key].k.backlog_start += count;
  }
}

void KpiAccumulator::add(const FactRow& r) {
  const KpiQuery& q = m->q;
  const GroupKeys k = keys_of(r.facts);
  if (!matches(q.filter, k)) return;
  const RowTimes t = row_times(r, q, m->clock_for);
  add_row(m->total, r, t, q, m->now);
  if (Acc* g = m->group(k)) add_row(*g, r, t, q, m->now);
  const TicketFacts& f = r.facts;
  if (within(f.created_at, q.from, q.to))
    if (auto* b = m->bucket_of(f.created_at)) ++b->created;
  if (within(f.resolved_at, q.from, q.to))
    if (auto* b = m->bucket_of(*f.resolved_at)) ++b->resolved;
  if (within(f.closed_at, q.from, q.to))
    if (auto* b = m->bucket_of(*f.closed_at)) ++b->closed;
  if (within(f.done_at, q.from, q.to))
    if (auto* b = m->bucket_of(*f.done_at))
      ++m->done_per_bucket[static_cast<std::size_t>(b - m->series.data())];
}

void KpiAccumulator::add(const SurveyRow& s) {
  const KpiQuery& q = m->q;
  if (!within(s.at, q.from, q.to) || !matches(q.filter, s.keys) || s.score < 1 || s.score > 5) return;
  for (Acc* a : {&m->total, m->group(s.keys)}) {
    if (!a) continue;
    ++a->k.csat_count;
    a->csat_sum += s.score;
    ++a->k.csat_distribution[static_cast<std::size_t>(s.score - 1)];
  }
}

void KpiAccumulator::add(const WorkRow& w) {
  if (!matches(m->q.filter, w.keys)) return;
  for (Acc* a : {&m->total, m->group(w.keys)}) {
    if (!a) continue;
    a->k.worklog_minutes += w.minutes;
    if (w.onsite) a->visits.emplace(w.ticket, w.user, w.work_date);
  }
}

void KpiAccumulator::add(const ComplaintRow& c) {
  const KpiQuery& q = m->q;
  if (!within(c.at, q.from, q.to) || !matches(q.filter, c.keys)) return;
  for (Acc* a : {&m->total, m->group(c.keys)}) {
    if (a) ++a->k.complaints;
  }
}

KpiReport KpiAccumulator::finish() {
  KpiReport out;
  finish_acc(m->total);
  out.total = m->total.k;
  for (auto& [key, acc] : m->groups) {
    finish_acc(acc);
    out.groups.push_back({key, "", acc.k});
  }
  int open = m->total.k.backlog_start;
  for (std::size_t i = 0; i < m->series.size(); ++i) {
    open += m->series[i].created - m->done_per_bucket[i];
    m->series[i].backlog = open;
  }
  out.series = std::move(m->series);
  return out;
}

KpiReport compute_kpis(const KpiQuery& q, const KpiInput& in, ClockFor clock_for, Timestamp now,
                       const std::string& zone) {
  KpiAccumulator acc(q, clock_for, now, zone);
  acc.add_backlog(in.backlog_at_from);
  for (const FactRow& r : in.rows)
    acc.add(r);
  for (const SurveyRow& s : in.surveys)
    acc.add(s);
  for (const WorkRow& w : in.work)
    acc.add(w);
  for (const ComplaintRow& c : in.complaints)
    acc.add(c);
  return acc.finish();
}

}  // namespace techdesk::report
