// Clock arithmetic in business time, as pure functions of a calendar: "add N business minutes to t"
// and "business time between a and b", across nights, weekends, holidays, make-up days, year ends and
// daylight-saving changes (an interval's length is the real time between its local start and end, so
// 01:00–04:00 on a spring-forward night counts two hours).
//
// A BusinessClock compiles a Calendar once and caches, per local day, its working intervals in UTC.
// Thread-safe: const methods may be called from any number of threads (the cache has a mutex).
#pragma once

#include <chrono>
#include <mutex>
#include <string>
#include <unordered_map>
#include <unordered_set>
#include <vector>

#include "sla/calendar.h"

namespace date {
class time_zone;
}

namespace techdesk::sla {

using Millis = std::chrono::milliseconds;

// What add() answers when a calendar has no working time within ten years of the start.
inline constexpr Timestamp k_never = Timestamp{Millis{4102444800000}};  // 2100-01-01

class BusinessClock {
 public:
  // REQUIRES: validate(calendar) succeeded.
  explicit BusinessClock(Calendar calendar);
  BusinessClock(const BusinessClock&) = delete;
  BusinessClock& operator=(const BusinessClock&) = delete;

  const Calendar& calendar() const { return m_calendar; }

  // The instant at which `amount` of business time has passed since `start`. Counting starts at the
  // next opening when `start` lies outside working time; an amount of zero (or less) gives `start`.
  // k_never when the calendar has no working time for ten years.
  Timestamp add(Timestamp start, Millis amount) const;
  // Business time within [a, b); zero when b ≤ a.
  Millis between(Timestamp a, Timestamp b) const;
  bool is_working(Timestamp t) const;
  // The local date of t in the calendar's zone.
  Day local_day(Timestamp t) const;

 private:
  struct Span {
    std::int64_t from;  // UTC milliseconds, [from, to)
    std::int64_t to;
  };
  std::vector<Span> compute_spans(Day d) const;
  const std::vector<Span>& spans(Day d) const;

  Calendar m_calendar;
  const date::time_zone* m_zone;
  std::unordered_set<Day> m_holidays;
  std::unordered_set<Day> m_makeup;
  mutable std::mutex m_mutex;
  mutable std::unordered_map<Day, std::vector<Span>> m_cache;  // GUARDED_BY(m_mutex)
};

// The local calendar months that [from, to) touches, each clipped to the range; label "2026-11".
struct MonthRange {
  Timestamp from{};
  Timestamp to{};
  std::string label;
};
std::vector<MonthRange> month_ranges(Timestamp from, Timestamp to, const std::string& zone);

// The design's names for the two operations, for callers that think in minutes.
inline Timestamp add_business_minutes(Timestamp start, std::int64_t minutes, const BusinessClock& clock) {
  return clock.add(start, std::chrono::minutes(minutes));
}
inline std::int64_t business_minutes_between(Timestamp a, Timestamp b, const BusinessClock& clock) {
  return std::chrono::duration_cast<std::chrono::minutes>(clock.between(a, b)).count();
}

}  // namespace techdesk::sla
