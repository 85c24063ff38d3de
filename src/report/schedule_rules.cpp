#include "report/schedule_rules.h"

#include <date/iso_week.h>
#include <date/tz.h>

#include <algorithm>
#include <charconv>
#include <cstdio>
#include <span>

#include <boost/json.hpp>

#include "channel/email/mime_builder.h"
#include "common/enum_names.h"
#include "common/text.h"
#include "ticket/types.h"

namespace techdesk::report {

namespace {

namespace json = boost::json;
using std::chrono::milliseconds;
using LocalMs = date::local_time<milliseconds>;

constexpr enum_names::Names<Frequency, 3> k_frequencies{
    {{Frequency::daily, "daily"}, {Frequency::weekly, "weekly"}, {Frequency::monthly, "monthly"}}};

const date::time_zone* zone_of(const std::string& zone) {
  return date::locate_zone(zone);
}

date::local_days local_day(Timestamp t, const date::time_zone* z) {
  return date::floor<date::days>(z->to_local(date::sys_time<milliseconds>(t.time_since_epoch())));
}

// The instant of a local time. In a zone with daylight saving time, a local time that occurs twice is
// taken the first time, one that does not occur at all is moved to the transition.
Timestamp instant(LocalMs local, const date::time_zone* z) {
  return Timestamp(z->to_sys(local, date::choose::earliest).time_since_epoch());
}

Timestamp run_time_on(date::local_days day, const date::time_zone* z) {
  return instant(LocalMs(day) + std::chrono::hours(k_run_hour), z);
}

date::local_days monday_of(date::local_days day) {
  const date::weekday wd{day};
  return day - date::days{wd.iso_encoding() - 1};
}

date::local_days first_of_month(date::local_days day) {
  const date::year_month_day ymd{day};
  return date::local_days{ymd.year() / ymd.month() / 1};
}

date::local_days add_months(date::local_days first, int n) {
  const date::year_month_day ymd{first};
  return date::local_days{(date::year_month{ymd.year(), ymd.month()} + date::months{n}) / 1};
}

// The run day that starts the frequency's period holding `day`, and the one `n` periods away.
date::local_days period_start(Frequency f, date::local_days day) {
  switch (f) {
    case Frequency::daily:
      return day;
    case Frequency::weekly:
      return monday_of(day);
    case Frequency::monthly:
      return first_of_month(day);
  }
  return day;
}
date::local_days shift(Frequency f, date::local_days start, int n) {
  switch (f) {
    case Frequency::daily:
      return start + date::days{n};
    case Frequency::weekly:
      return start + date::days{7 * n};
    case Frequency::monthly:
      return add_months(start, n);
  }
  return start;
}

std::string ymd_text(date::local_days day) {
  const date::year_month_day ymd{day};
  char buf[16];
  std::snprintf(buf, sizeof buf, "%04d-%02u-%02u", static_cast<int>(ymd.year()),
                static_cast<unsigned>(ymd.month()), static_cast<unsigned>(ymd.day()));
  return buf;
}

Error params_error(std::string msg) {
  return Error::invalid("params", std::move(msg));
}

Result<std::optional<Id>> param_id(const std::map<std::string, std::string>& p, const char* key) {
  auto it = p.find(key);
  if (it == p.end() || it->second.empty()) return std::optional<Id>{};
  Id n = 0;
  const std::string& v = it->second;
  auto [end, ec] = std::from_chars(v.data(), v.data() + v.size(), n);
  if (ec != std::errc{} || end != v.data() + v.size() || n <= 0)
    return params_error(std::string("params.") + key + " must be a positive id");
  return std::optional<Id>{n};
}

Result<std::optional<int>> param_int(const std::map<std::string, std::string>& p, const char* key, int lo,
                                     int hi) {
  auto it = p.find(key);
  if (it == p.end() || it->second.empty()) return std::optional<int>{};
  int n = 0;
  const std::string& v = it->second;
  auto [end, ec] = std::from_chars(v.data(), v.data() + v.size(), n);
  if (ec != std::errc{} || end != v.data() + v.size() || n < lo || n > hi)
    return params_error(std::string("params.") + key + " must be a whole number from " + std::to_string(lo) +
                        " to " + std::to_string(hi));
  return std::optional<int>{n};
}

std::string param(const std::map<std::string, std::string>& p, const char* key) {
  auto it = p.find(key);
  return it == p.end() ? std::string() : it->second;
}

// The groupings of GET /reports/sla.
std::optional<sla::GroupBy> parse_sla_group_by(std::string_view s) {
  if (s == "team") return sla::GroupBy::team;
  if (s == "priority") return sla::GroupBy::priority;
  if (s == "organization") return sla::GroupBy::organization;
  if (s == "month") return sla::GroupBy::month;
  if (s == "policy") return sla::GroupBy::policy;
  return std::nullopt;
}

bool is_schedulable(std::string_view report) {
  return std::find(std::begin(k_schedulable_reports), std::end(k_schedulable_reports), report) !=
         std::end(k_schedulable_reports);
}

}  // namespace

std::string_view name(Frequency v) {
  return enum_names::lookup(k_frequencies, v);
}
std::optional<Frequency> parse_frequency(std::string_view s) {
  return enum_names::parse(k_frequencies, s);
}

Timestamp next_run_after(Frequency f, Timestamp t, const std::string& zone) {
  const auto* z = zone_of(zone);
  date::local_days start = period_start(f, local_day(t, z));
  Timestamp run = run_time_on(start, z);
  // At most two steps: the period holding t started at or before t's day, so the next one runs after t.
  while (run <= t) {
    start = shift(f, start, 1);
    run = run_time_on(start, z);
  }
  return run;
}

Timestamp latest_run_at_or_before(Frequency f, Timestamp t, const std::string& zone) {
  const auto* z = zone_of(zone);
  date::local_days start = period_start(f, local_day(t, z));
  Timestamp run = run_time_on(start, z);
  if (run > t) run = run_time_on(shift(f, start, -1), z);
  return run;
}

RunPeriod period_of_run(Frequency f, Timestamp run_at, const std::string& zone) {
  const auto* z = zone_of(zone);
  const date::local_days end = period_start(f, local_day(run_at, z));
  const date::local_days begin = shift(f, end, -1);
  RunPeriod p;
  p.from = instant(LocalMs(begin), z);
  p.to = instant(LocalMs(end), z);
  switch (f) {
    case Frequency::daily:
      p.label = ymd_text(begin);
      break;
    case Frequency::weekly: {
      const iso_week::year_weeknum_weekday iw{date::sys_days{begin.time_since_epoch()}};
      char buf[16];
      std::snprintf(buf, sizeof buf, "%04d-W%02u", static_cast<int>(iw.year()),
                    static_cast<unsigned>(iw.weeknum()));
      p.label = buf;
      break;
    }
    case Frequency::monthly:
      p.label = ymd_text(begin).substr(0, 7);
      break;
  }
  return p;
}

Result<ScheduleQuery> parse_schedule_params(std::string_view report,
                                            const std::map<std::string, std::string>& p) {
  const bool tickets = report == "tickets";
  static constexpr std::string_view k_kpis[] = {"group_by", "interval", "team",    "agent", "org",
                                                "category", "priority", "channel", "lang"};
  static constexpr std::string_view k_tickets[] = {"measure", "weekday", "hour", "score"};
  static constexpr std::string_view k_sla[] = {"group_by", "lang"};
  static constexpr std::string_view k_surveys[] = {"team", "agent", "organization", "lang"};
  auto one_of = [](std::span<const std::string_view> keys, const std::string& key) {
    return std::find(keys.begin(), keys.end(), key) != keys.end();
  };
  for (const auto& [key, value] : p) {
    if (key == "from" || key == "to")
      return params_error("params." + key +
                          " is not allowed: a scheduled run reports on the period that has "
                          "just ended (the day, week or month before)");
    const bool known = report == "sla"       ? one_of(k_sla, key)
                       : report == "surveys" ? one_of(k_surveys, key)
                                             : one_of(k_kpis, key) || (tickets && one_of(k_tickets, key));
    if (!known)
      return params_error("unknown parameter params." + key + " for the " + std::string(report) + " report");
  }
  ScheduleQuery q;
  if (auto v = param(p, "lang"); !v.empty()) {
    if (v != "zh" && v != "en") return params_error("params.lang must be zh or en");
    q.lang = v == "en" ? Lang::en : Lang::zh;
  }
  if (report == "sla") {
    if (auto by = param(p, "group_by"); !by.empty()) {
      auto g = parse_sla_group_by(by);
      if (!g)
        return params_error("params.group_by must be one of team, priority, organization, month, policy");
      q.sla_group_by = *g;
    }
    return q;
  }
  if (report == "surveys") {
    q.surveys.team_id = TD_TRY(param_id(p, "team"));
    q.surveys.agent_id = TD_TRY(param_id(p, "agent"));
    q.surveys.organization_id = TD_TRY(param_id(p, "organization"));
    return q;
  }
  if (auto by = param(p, "group_by"); !by.empty()) {
    auto g = parse_group_by(by);
    if (!g)
      return params_error("params.group_by must be one of team, agent, org, category, priority, channel");
    q.kpi.group_by = *g;
  }
  if (auto i = param(p, "interval"); !i.empty()) {
    auto v = parse_interval(i);
    if (!v) return params_error("params.interval must be one of day, week, month");
    q.kpi.interval = *v;
  }
  q.kpi.filter.team = TD_TRY(param_id(p, "team"));
  q.kpi.filter.agent = TD_TRY(param_id(p, "agent"));
  q.kpi.filter.org = TD_TRY(param_id(p, "org"));
  q.kpi.filter.category = TD_TRY(param_id(p, "category"));
  if (auto v = param(p, "priority"); !v.empty()) {
    if (!ticket::parse_priority(v)) return params_error("params.priority must be one of P1, P2, P3, P4");
    q.kpi.filter.priority = v;
  }
  if (auto v = param(p, "channel"); !v.empty()) {
    if (!ticket::parse_channel(v)) return params_error("params.channel is not a known channel");
    q.kpi.filter.channel = v;
  }
  if (tickets) {
    q.measure = param(p, "measure");
    if (q.measure.empty()) return params_error("params.measure is required for the tickets report");
    q.weekday = TD_TRY(param_int(p, "weekday", 1, 7));
    q.hour = TD_TRY(param_int(p, "hour", 0, 23));
    q.score = TD_TRY(param_int(p, "score", 1, 5));
  }
  return q;
}

Result<std::map<std::string, std::string>> parse_params_json(std::string_view text) {
  boost::system::error_code ec;
  json::value v = json::parse(text, ec);
  if (ec || !v.is_object()) return params_error("params must be an object of query parameters");
  std::map<std::string, std::string> out;
  for (const auto& [key, value] : v.get_object()) {
    if (!value.is_string())
      return params_error("params." + std::string(key) + " must be a string (as in a query string)");
    std::string s(value.get_string());
    if (s.size() > 200 || !is_valid_utf8(s) || has_control_chars(s, false))
      return params_error("params." + std::string(key) + " is not a valid value");
    out.emplace(std::string(key), std::move(s));
  }
  if (out.size() > 20) return params_error("params has too many parameters");
  return out;
}

std::string params_to_json(const std::map<std::string, std::string>& params) {
  json::object o;
  for (const auto& [k, v] : params)
    o[k] = v;
  return json::serialize(o);
}

Result<void> apply_draft(ReportSchedule& s, const ScheduleDraft& d, bool creating) {
  ReportSchedule out = s;
  if (creating) {
    if (!d.name) return Error::missing("name");
    if (!d.report) return Error::missing("report");
    if (!d.frequency) return Error::missing("frequency");
    if (!d.recipients) return Error::missing("recipients");
  }
  if (d.name) {
    std::string n(trim(*d.name));
    if (n.empty()) return Error::invalid("name", "name must not be empty");
    if (!is_valid_utf8(n) || has_control_chars(n, false))
      return Error::invalid("name", "name must be text without control characters");
    if (utf8_length(n) > k_max_schedule_name)
      return Error::invalid("name", "name is at most " + std::to_string(k_max_schedule_name) + " characters");
    out.name = std::move(n);
  }
  if (d.report) {
    if (!is_schedulable(*d.report))
      return Error::invalid("report", "report must be one of kpis, tickets, sla, surveys");
    out.report = *d.report;
  }
  if (d.frequency) {
    auto f = parse_frequency(*d.frequency);
    if (!f) return Error::invalid("frequency", "frequency must be one of daily, weekly, monthly");
    out.frequency = *f;
  }
  if (d.format) {
    if (*d.format != "xlsx" && *d.format != "csv")
      return Error::invalid("format", "format must be xlsx or csv");
    out.format = *d.format;
  }
  if (d.recipients) {
    if (d.recipients->empty())
      return Error::invalid("recipients", "recipients must name at least one address");
    if (d.recipients->size() > k_max_recipients)
      return Error::invalid("recipients", "at most " + std::to_string(k_max_recipients) + " recipients");
    std::vector<std::string> list;
    for (std::size_t i = 0; i < d.recipients->size(); ++i) {
      std::string a = ascii_lower(trim((*d.recipients)[i]));
      if (!email::is_sendable_address(a))
        return Error::invalid("recipients", "recipients[" + std::to_string(i) + "] is not an email address");
      if (std::find(list.begin(), list.end(), a) == list.end()) list.push_back(std::move(a));
    }
    out.recipients = std::move(list);
  }
  if (d.active) out.active = *d.active;
  // Params are checked against the report they are for, also when only the report changes.
  auto params = TD_TRY(parse_params_json(d.params_json ? *d.params_json : out.params_json));
  TD_TRY(parse_schedule_params(out.report, params));
  out.params_json = params_to_json(params);
  s = std::move(out);
  return ok();
}

}  // namespace techdesk::report
