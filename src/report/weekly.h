// Weekly reports (周报) and report settings as pure functions: ISO weeks in local time, the settings
// document, the snapshot's shape and the mail that carries a report to the leadership list.
#pragma once

#include <boost/json.hpp>

#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "common/error.h"
#include "report/kpi.h"
#include "report/types.h"

namespace techdesk::report {

struct IsoWeek {
  int year = 0;
  int week = 0;       // 1 … 53
  std::string label;  // "2026-W48"
  Timestamp from{};   // Monday 00:00 local
  Timestamp to{};     // the next Monday 00:00 local
};
// Errors: invalid_field "iso_week" for anything but an existing week "YYYY-Www".
Result<IsoWeek> parse_iso_week(std::string_view text, const std::string& zone);
// The ISO week that holds t (local time).
IsoWeek iso_week_of(Timestamp t, const std::string& zone);

struct WeeklySend {
  int weekday = 1;       // 1 = Monday … 7
  int minute = 17 * 60;  // local time of day the drafts are sent
};
struct ReportSettings {
  std::vector<std::string> leadership;  // who receives the department's and the teams' weekly reports
  WeeklySend weekly_send;
};
// Errors name the field: "leadership[2]", "weekly_send.weekday", "weekly_send.time", unknown fields.
Result<ReportSettings> settings_from_json(const boost::json::value& v);
boost::json::object settings_to_json(const ReportSettings& s);
ReportSettings settings_or_default(const std::optional<std::string>& stored);

// When the drafts of the week that ends at `week_to` are sent: the configured weekday and time of the
// following week (local).
Timestamp weekly_send_time(Timestamp week_to, const WeeklySend& s, const std::string& zone);

// The weekly report's mail: subject, plain text and a simple HTML table, in Chinese with English beside.
struct WeeklyMail {
  std::string subject;
  std::string text;
  std::string html;
};
WeeklyMail weekly_mail(const WeeklyReport& w, const boost::json::object& snapshot, const std::string& link);

// Escapes text for HTML.
std::string html_escape(std::string_view s);

}  // namespace techdesk::report
