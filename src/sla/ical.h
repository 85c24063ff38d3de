// Calendars as iCalendar (RFC 5545), for exchange with Outlook, Google Calendar and the public Chinese
// holiday feeds. Export: every holiday and make-up working day as an all-day event (CATEGORIES HOLIDAY /
// WORKDAY, summaries ending in 休 / 班) and each weekday's working hours as a weekly recurring event
// (CATEGORIES BUSINESS-HOURS). Import reads the same, and the common feeds' conventions: an all-day
// event is a holiday unless it is marked WORKDAY or its summary says 班 (上班, 补班, 调休上班).
#pragma once

#include <optional>
#include <string>
#include <string_view>

#include "common/error.h"
#include "sla/calendar.h"

namespace techdesk::sla {

std::string to_ical(const Calendar& c);

struct ImportedDays {
  std::vector<DayNote> holidays;
  std::vector<DayNote> makeup_workdays;
  std::optional<std::array<std::vector<Interval>, 7>> week;  // when BUSINESS-HOURS events were present
  std::optional<std::string> name;                           // X-WR-CALNAME
  std::optional<std::string> zone;                           // X-WR-TIMEZONE
};

// Errors (invalid_field "ical") name the line at fault. At most 5000 events; multi-day events expand
// to their days (at most 366 each).
Result<ImportedDays> from_ical(std::string_view text);

}  // namespace techdesk::sla
