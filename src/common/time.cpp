#include "common/time.h"

#include <date/date.h>
#include <date/tz.h>

#include <cstdio>
#include <sstream>

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

std::optional<Timestamp> parse_rfc3339(std::string_view text) {
  std::istringstream in{std::string(text)};
  date::sys_time<std::chrono::milliseconds> tp;
  std::string rest;
  if (text.size() < 20) return std::nullopt;
  if (text.back() == 'Z') {
    in >> date::parse("%Y-%m-%dT%H:%M:%S", tp);
    if (in.fail()) return std::nullopt;
    in >> rest;
    if (rest != "Z") return std::nullopt;
    return tp;
  }
  std::chrono::minutes offset{};
  in >> date::parse("%Y-%m-%dT%H:%M:%S%Ez", tp, offset);
  if (in.fail()) return std::nullopt;
  if (in >> rest) return std::nullopt;
  return tp;
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
