#include "common/time.h"

#include <date/date.h>
#include <date/tz.h>

#include <cstdio>

namespace techdesk {

std::string format_rfc3339(Timestamp t) {
  auto day = date::floor<date::days>(t);
  date::year_month_day ymd{day};
  date::hh_mm_ss hms{t - day};
  char buf[32];
  std::snprintf(buf, sizeof buf, "%04d-%02u-%02uT%02d:%02d:%02d.%03dZ", static_cast<int>(ymd.year()),
                static_cast<unsigned>(ymd.month()), static_cast<unsigned>(ymd.day()),
                static_cast<int>(hms.hours().count()), static_cast<int>(hms.minutes().count()),
                static_cast<int>(hms.seconds().count()), static_cast<int>(hms.subseconds().count()));
  return buf;
}

namespace {
// Reads exactly n ASCII digits at s[pos]; -1 when any is not a digit.
int digits(std::string_view s, std::size_t pos, std::size_t n) {
  if (pos + n > s.size()) return -1;
  int v = 0;
  for (std::size_t i = pos; i < pos + n; ++i) {
    if (s[i] < '0' || s[i] > '9') return -1;
    v = v * 10 + (s[i] - '0');
  }
  return v;
}
}  // namespace

std::optional<Timestamp> parse_rfc3339(std::string_view s) {
  // YYYY-MM-DDTHH:MM:SS[.fff…](Z|±HH:MM), nothing before or after.
  if (s.size() < 20 || s[4] != '-' || s[7] != '-' || (s[10] != 'T' && s[10] != 't') || s[13] != ':' ||
      s[16] != ':')
    return std::nullopt;
  int y = digits(s, 0, 4), mo = digits(s, 5, 2), d = digits(s, 8, 2);
  int h = digits(s, 11, 2), mi = digits(s, 14, 2), sec = digits(s, 17, 2);
  if (y < 0 || mo < 0 || d < 0 || h < 0 || mi < 0 || sec < 0 || h > 23 || mi > 59 || sec > 59)
    return std::nullopt;
  date::year_month_day ymd{date::year{y}, date::month{static_cast<unsigned>(mo)},
                           date::day{static_cast<unsigned>(d)}};
  if (!ymd.ok()) return std::nullopt;
  std::size_t pos = 19;
  int millis = 0;
  if (pos < s.size() && s[pos] == '.') {
    std::size_t start = ++pos;
    while (pos < s.size() && s[pos] >= '0' && s[pos] <= '9')
      ++pos;
    if (pos == start) return std::nullopt;
    for (std::size_t i = start; i < start + 3; ++i)
      millis = millis * 10 + (i < pos ? s[i] - '0' : 0);
  }
  std::chrono::minutes offset{0};
  if (pos + 1 == s.size() && (s[pos] == 'Z' || s[pos] == 'z')) {
    // UTC
  } else if (pos + 6 == s.size() && (s[pos] == '+' || s[pos] == '-') && s[pos + 3] == ':') {
    int oh = digits(s, pos + 1, 2), om = digits(s, pos + 4, 2);
    if (oh < 0 || om < 0 || oh > 23 || om > 59) return std::nullopt;
    offset = std::chrono::minutes(oh * 60 + om);
    if (s[pos] == '-') offset = -offset;
  } else {
    return std::nullopt;
  }
  Timestamp t = date::sys_days{ymd} + std::chrono::hours(h) + std::chrono::minutes(mi) +
                std::chrono::seconds(sec) + std::chrono::milliseconds(millis);
  return t - offset;
}

bool zone_exists(const std::string& zone) {
  try {
    (void)date::locate_zone(zone);
    return true;
  } catch (const std::exception&) {
    return false;
  }
}

std::string local_date_compact(Timestamp t, const std::string& zone) {
  const date::time_zone* tz = date::locate_zone(zone);
  auto local = tz->to_local(t);
  date::year_month_day ymd{date::floor<date::days>(local)};
  char buf[16];
  std::snprintf(buf, sizeof buf, "%04d%02u%02u", static_cast<int>(ymd.year()),
                static_cast<unsigned>(ymd.month()), static_cast<unsigned>(ymd.day()));
  return buf;
}

}  // namespace techdesk
