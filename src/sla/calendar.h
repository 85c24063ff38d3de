// Business calendars: working hours per weekday (several intervals a day), a time zone, public holidays
// and make-up working days (调休: a weekend day that is a working day). Plain data and its validation;
// the arithmetic over it is in business_clock.h.
#pragma once

#include <array>
#include <cstdint>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "common/clock.h"
#include "common/error.h"
#include "common/id.h"

namespace techdesk::sla {

// A local calendar date as days since 1970-01-01.
using Day = std::int32_t;

// "2026-02-15" → Day; nullopt when malformed or not a real date.
std::optional<Day> parse_day(std::string_view text);
std::string format_day(Day d);
// 0 = Monday … 6 = Sunday.
int weekday_of(Day d);

inline constexpr std::array<const char*, 7> k_weekday_names = {"monday", "tuesday",  "wednesday", "thursday",
                                                               "friday", "saturday", "sunday"};

// Working time within one local day: [start, end) in minutes after midnight, 0 ≤ start < end ≤ 1440.
struct Interval {
  int start = 0;
  int end = 0;
  bool operator==(const Interval&) const = default;
};
// "09:00" → 540; "24:00" → 1440 (an interval may end at midnight). nullopt when malformed.
std::optional<int> parse_clock_time(std::string_view text);
std::string format_clock_time(int minutes);

struct DayNote {
  Day day = 0;
  std::string name;  // 春节, 国庆节, 春节调休上班 …
  bool operator==(const DayNote&) const = default;
};

struct Calendar {
  Id id = 0;
  std::string name;
  std::string zone = "Asia/Shanghai";
  bool always_open = false;                   // 7×24: every minute counts, hours and holidays are ignored
  std::array<std::vector<Interval>, 7> week;  // Monday first
  std::vector<DayNote> holidays;              // closed all day
  std::vector<DayNote> makeup_workdays;       // open all day with the hours of `makeup_weekday`
  int makeup_weekday = 0;                     // whose hours a make-up day works (default Monday's)
  Timestamp updated_at{};
};

// Checks a calendar before it is saved. Errors name the field: "name", "zone", "week.monday[1]",
// "holidays[3]", "makeup_workdays[0]", … — overlapping or inverted intervals, a week without working
// time, a date both holiday and make-up day, an unknown time zone.
Result<void> validate(const Calendar& c);

// The PRC public holidays and make-up working days of 2025 and 2026 (国务院办公厅 notices of 2024-11-12
// and 2025-11-04), Monday–Friday 09:00–12:00 and 13:30–18:00, Asia/Shanghai.
Calendar china_business_calendar();
// Every minute counts.
Calendar always_open_calendar();

}  // namespace techdesk::sla
