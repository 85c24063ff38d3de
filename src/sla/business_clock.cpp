#include "sla/business_clock.h"

#include <date/tz.h>

#include <algorithm>
#include <cstdio>

namespace techdesk::sla {

namespace {
constexpr int k_search_days = 3660;  // ten years
constexpr std::size_t k_cache_limit = 40000;
}  // namespace

BusinessClock::BusinessClock(Calendar calendar)
    : m_calendar(std::move(calendar)), m_zone(date::locate_zone(m_calendar.zone)) {
  for (const auto& h : m_calendar.holidays)
    m_holidays.insert(h.day);
  for (const auto& m : m_calendar.makeup_workdays)
    m_makeup.insert(m.day);
}

Day BusinessClock::local_day(Timestamp t) const {
  auto local = m_zone->to_local(t);
  return static_cast<Day>(date::floor<date::days>(local).time_since_epoch().count());
}

std::vector<BusinessClock::Span> BusinessClock::compute_spans(Day d) const {
  std::vector<Span> out;
  const std::vector<Interval>* hours = nullptr;
  if (m_makeup.count(d)) {
    hours = &m_calendar.week[static_cast<std::size_t>(m_calendar.makeup_weekday)];
  } else if (!m_holidays.count(d)) {
    hours = &m_calendar.week[static_cast<std::size_t>(weekday_of(d))];
  }
  if (!hours) return out;
  const date::local_days midnight{date::days{d}};
  for (const Interval& iv : *hours) {
    // A start inside a spring-forward gap begins at the transition; an end in a repeated hour is its
    // second occurrence, so the interval keeps its full real length.
    auto from = m_zone->to_sys(midnight + std::chrono::minutes(iv.start), date::choose::earliest);
    auto to = m_zone->to_sys(midnight + std::chrono::minutes(iv.end), date::choose::latest);
    std::int64_t f = std::chrono::duration_cast<Millis>(from.time_since_epoch()).count();
    std::int64_t t = std::chrono::duration_cast<Millis>(to.time_since_epoch()).count();
    if (f < t) out.push_back({f, t});
  }
  std::sort(out.begin(), out.end(), [](const Span& a, const Span& b) { return a.from < b.from; });
  return out;
}

const std::vector<BusinessClock::Span>& BusinessClock::spans(Day d) const {
  std::lock_guard lock(m_mutex);
  auto it = m_cache.find(d);
  if (it != m_cache.end()) return it->second;
  if (m_cache.size() >= k_cache_limit) m_cache.clear();
  // unordered_map never moves its elements: the reference stays valid until the next clear(), which
  // only happens on a later call; callers finish with a day before asking for the next.
  return m_cache.emplace(d, compute_spans(d)).first->second;
}

Timestamp BusinessClock::add(Timestamp start, Millis amount) const {
  if (amount.count() <= 0) return start;
  if (m_calendar.always_open) return start + amount;
  std::int64_t cur = to_millis(start);
  std::int64_t left = amount.count();
  const Day first = local_day(start);
  for (Day d = first; d < first + k_search_days; ++d) {
    for (const Span& s : spans(d)) {
      if (s.to <= cur) continue;
      std::int64_t from = std::max(cur, s.from);
      std::int64_t available = s.to - from;
      if (left <= available) return from_millis(from + left);
      left -= available;
      cur = s.to;
    }
  }
  return k_never;
}

Millis BusinessClock::between(Timestamp a, Timestamp b) const {
  if (b <= a) return Millis{0};
  if (m_calendar.always_open) return std::chrono::duration_cast<Millis>(b - a);
  const std::int64_t lo = to_millis(a), hi = to_millis(b);
  const Day first = local_day(a), last = local_day(b);
  std::int64_t total = 0;
  for (Day d = first; d <= last; ++d) {
    for (const Span& s : spans(d)) {
      std::int64_t from = std::max(lo, s.from), to = std::min(hi, s.to);
      if (from < to) total += to - from;
    }
  }
  return Millis{total};
}

std::vector<MonthRange> month_ranges(Timestamp from, Timestamp to, const std::string& zone) {
  std::vector<MonthRange> out;
  if (to <= from) return out;
  const date::time_zone* tz = date::locate_zone(zone);
  auto local = date::floor<date::days>(tz->to_local(from));
  date::year_month ym{date::year_month_day{local}.year(), date::year_month_day{local}.month()};
  for (int guard = 0; guard < 1200; ++guard) {
    auto first = date::local_days{ym / 1};
    auto next = date::local_days{(ym + date::months{1}) / 1};
    Timestamp a = std::chrono::time_point_cast<Millis>(tz->to_sys(first, date::choose::earliest));
    Timestamp b = std::chrono::time_point_cast<Millis>(tz->to_sys(next, date::choose::earliest));
    if (a >= to) break;
    char label[16];
    std::snprintf(label, sizeof label, "%04d-%02u", static_cast<int>(ym.year()),
                  static_cast<unsigned>(ym.month()));
    out.push_back({std::max(a, from), std::min(b, to), label});
    ym += date::months{1};
  }
  return out;
}

bool BusinessClock::is_working(Timestamp t) const {
  if (m_calendar.always_open) return true;
  std::int64_t ms = to_millis(t);
  for (const Span& s : spans(local_day(t)))
    if (s.from <= ms && ms < s.to) return true;
  return false;
}

}  // namespace techdesk::sla
