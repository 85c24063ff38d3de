#include "sla/calendar.h"

#include <date/date.h>

#include <algorithm>
#include <cstdio>
#include <set>

#include "common/text.h"
#include "common/time.h"

namespace techdesk::sla {

namespace {

int two_digits(std::string_view s, std::size_t pos) {
  if (pos + 2 > s.size() || s[pos] < '0' || s[pos] > '9' || s[pos + 1] < '0' || s[pos + 1] > '9') return -1;
  return (s[pos] - '0') * 10 + (s[pos + 1] - '0');
}

std::string at(const char* list, std::size_t i) {
  return std::string(list) + "[" + std::to_string(i) + "]";
}

}  // namespace

std::optional<Day> parse_day(std::string_view s) {
  if (s.size() != 10 || s[4] != '-' || s[7] != '-') return std::nullopt;
  int y = 0;
  for (int i = 0; i < 4; ++i) {
    if (s[static_cast<std::size_t>(i)] < '0' || s[static_cast<std::size_t>(i)] > '9') return std::nullopt;
    y = y * 10 + (s[static_cast<std::size_t>(i)] - '0');
  }
  int m = two_digits(s, 5), d = two_digits(s, 8);
  if (m < 1 || d < 1 || y < 1970 || y > 2200) return std::nullopt;
  date::year_month_day ymd{date::year{y}, date::month{static_cast<unsigned>(m)},
                           date::day{static_cast<unsigned>(d)}};
  if (!ymd.ok()) return std::nullopt;
  return static_cast<Day>(date::sys_days{ymd}.time_since_epoch().count());
}

std::string format_day(Day d) {
  date::year_month_day ymd{date::sys_days{date::days{d}}};
  char buf[16];
  std::snprintf(buf, sizeof buf, "%04d-%02u-%02u", static_cast<int>(ymd.year()),
                static_cast<unsigned>(ymd.month()), static_cast<unsigned>(ymd.day()));
  return buf;
}

int weekday_of(Day d) {
  // 1970-01-01 was a Thursday (3 with Monday = 0).
  int w = (d % 7 + 7 + 3) % 7;
  return w;
}

std::optional<int> parse_clock_time(std::string_view s) {
  if (s.size() != 5 || s[2] != ':') return std::nullopt;
  int h = two_digits(s, 0), m = two_digits(s, 3);
  if (h < 0 || m < 0 || m > 59 || h > 24 || (h == 24 && m != 0)) return std::nullopt;
  return h * 60 + m;
}

std::string format_clock_time(int minutes) {
  minutes = std::clamp(minutes, 0, 1440);
  char buf[16];
  std::snprintf(buf, sizeof buf, "%02d:%02d", minutes / 60, minutes % 60);
  return buf;
}

Result<void> validate(const Calendar& c) {
  if (!is_valid_utf8(c.name) || trim(c.name).empty() || utf8_length(c.name) > 100 ||
      has_control_chars(c.name, false))
    return Error::invalid("name", "name must be 1 to 100 characters of plain text");
  if (!zone_exists(c.zone))
    return Error::invalid("zone",
                          "unknown time zone '" + c.zone + "' (use an IANA name such as Asia/Shanghai)");
  if (c.makeup_weekday < 0 || c.makeup_weekday > 6)
    return Error::invalid("makeup_weekday", "makeup_weekday must name a weekday");
  bool any_time = false;
  for (std::size_t w = 0; w < 7; ++w) {
    const auto& day = c.week[w];
    const std::string base = std::string("week.") + k_weekday_names[w];
    if (day.size() > 12) return Error::invalid(base, base + " has more than 12 intervals");
    for (std::size_t i = 0; i < day.size(); ++i) {
      const Interval& iv = day[i];
      if (iv.start < 0 || iv.end > 1440 || iv.start >= iv.end)
        return Error::invalid(at(base.c_str(), i),
                              at(base.c_str(), i) + " must start before it ends, within the day (" +
                                  format_clock_time(std::clamp(iv.start, 0, 1440)) + "–" +
                                  format_clock_time(std::clamp(iv.end, 0, 1440)) + ")");
      for (std::size_t j = 0; j < i; ++j)
        if (iv.start < day[j].end && day[j].start < iv.end)
          return Error::invalid(at(base.c_str(), i),
                                at(base.c_str(), i) + " overlaps " + at(base.c_str(), j));
      any_time = true;
    }
  }
  if (!c.always_open && !any_time)
    return Error::invalid(
        "week", "the calendar has no working time at all: give some weekday working hours, or make it 7×24");
  if (!c.always_open && c.week[static_cast<std::size_t>(c.makeup_weekday)].empty() &&
      !c.makeup_workdays.empty())
    return Error::invalid("makeup_weekday",
                          "make-up working days take the hours of a weekday that has working hours");
  if (c.holidays.size() > 2000 || c.makeup_workdays.size() > 2000)
    return Error::invalid("holidays", "a calendar holds at most 2000 holidays and 2000 make-up days");
  std::set<Day> holidays;
  for (std::size_t i = 0; i < c.holidays.size(); ++i) {
    const auto& h = c.holidays[i];
    if (!holidays.insert(h.day).second)
      return Error::invalid(at("holidays", i), format_day(h.day) + " is listed twice as a holiday");
    if (!is_valid_utf8(h.name) || utf8_length(h.name) > 100 || has_control_chars(h.name, false))
      return Error::invalid(at("holidays", i),
                            "a holiday's name must be at most 100 characters of plain text");
  }
  std::set<Day> makeup;
  for (std::size_t i = 0; i < c.makeup_workdays.size(); ++i) {
    const auto& m = c.makeup_workdays[i];
    if (holidays.count(m.day))
      return Error::invalid(at("makeup_workdays", i),
                            format_day(m.day) + " cannot be both a holiday and a working day");
    if (!makeup.insert(m.day).second)
      return Error::invalid(at("makeup_workdays", i),
                            format_day(m.day) + " is listed twice as a make-up day");
    if (!is_valid_utf8(m.name) || utf8_length(m.name) > 100 || has_control_chars(m.name, false))
      return Error::invalid(at("makeup_workdays", i),
                            "a make-up day's name must be at most 100 characters of plain text");
  }
  return ok();
}

namespace {

void add_range(std::vector<DayNote>& out, const char* first, int days, const char* name) {
  Day d = *parse_day(first);
  for (int i = 0; i < days; ++i)
    out.push_back({d + i, name});
}

}  // namespace

Calendar china_business_calendar() {
  Calendar c;
  c.name = "中国大陆工作日 (PRC business days)";
  c.zone = "Asia/Shanghai";
  for (int w = 0; w < 5; ++w)
    c.week[static_cast<std::size_t>(w)] = {{9 * 60, 12 * 60}, {13 * 60 + 30, 18 * 60}};
  auto& h = c.holidays;
  auto& m = c.makeup_workdays;
  // 2025 — 国办发明电〔2024〕12号
  add_range(h, "2025-01-01", 1, "元旦");
  add_range(h, "2025-01-28", 8, "春节");
  add_range(h, "2025-04-04", 3, "清明节");
  add_range(h, "2025-05-01", 5, "劳动节");
  add_range(h, "2025-05-31", 3, "端午节");
  add_range(h, "2025-10-01", 8, "国庆节、中秋节");
  add_range(m, "2025-01-26", 1, "春节调休上班");
  add_range(m, "2025-02-08", 1, "春节调休上班");
  add_range(m, "2025-04-27", 1, "劳动节调休上班");
  add_range(m, "2025-09-28", 1, "国庆节调休上班");
  add_range(m, "2025-10-11", 1, "国庆节调休上班");
  // 2026 — 国务院办公厅 2025-11-04
  add_range(h, "2026-01-01", 3, "元旦");
  add_range(h, "2026-02-15", 9, "春节");
  add_range(h, "2026-04-04", 3, "清明节");
  add_range(h, "2026-05-01", 5, "劳动节");
  add_range(h, "2026-06-19", 3, "端午节");
  add_range(h, "2026-09-25", 3, "中秋节");
  add_range(h, "2026-10-01", 7, "国庆节");
  add_range(m, "2026-01-04", 1, "元旦调休上班");
  add_range(m, "2026-02-14", 1, "春节调休上班");
  add_range(m, "2026-02-28", 1, "春节调休上班");
  add_range(m, "2026-05-09", 1, "劳动节调休上班");
  add_range(m, "2026-09-20", 1, "国庆节调休上班");
  add_range(m, "2026-10-10", 1, "国庆节调休上班");
  return c;
}

Calendar always_open_calendar() {
  Calendar c;
  c.name = "7×24";
  c.zone = "Asia/Shanghai";
  c.always_open = true;
  for (auto& day : c.week)
    day = {{0, 1440}};
  return c;
}

}  // namespace techdesk::sla
