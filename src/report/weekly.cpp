#include "report/weekly.h"

#include <date/iso_week.h>
#include <date/tz.h>

#include <cstdio>

#include "common/json_fields.h"

namespace techdesk::report {

namespace json = boost::json;

namespace {

using Ms = std::chrono::milliseconds;

Timestamp local_midnight(date::local_days d, const date::time_zone* z) {
  return Timestamp(z->to_sys(date::local_time<Ms>(d), date::choose::earliest).time_since_epoch());
}

IsoWeek week_at(iso_week::year_weeknum_weekday monday, const std::string& zone) {
  const date::time_zone* z = date::locate_zone(zone);
  const date::sys_days days{monday};
  const date::local_days local{days.time_since_epoch()};
  IsoWeek w;
  w.year = static_cast<int>(monday.year());
  w.week = static_cast<int>(static_cast<unsigned>(monday.weeknum()));
  char buf[32];
  std::snprintf(buf, sizeof buf, "%04d-W%02d", w.year, w.week);
  w.label = buf;
  w.from = local_midnight(local, z);
  w.to = local_midnight(local + date::days{7}, z);
  return w;
}

// A plausible address: one @, something on both sides, a dot in the domain, no spaces or controls.
bool plausible_address(std::string_view a) {
  if (a.size() < 5 || a.size() > 254) return false;
  const auto at = a.find('@');
  if (at == std::string_view::npos || at == 0 || a.find('@', at + 1) != std::string_view::npos) return false;
  const auto domain = a.substr(at + 1);
  if (domain.find('.') == std::string_view::npos || domain.front() == '.' || domain.back() == '.')
    return false;
  for (unsigned char c : a)
    if (c <= 0x20 || c == 0x7f || c == '<' || c == '>' || c == ',' || c == ';' || c == '"') return false;
  return true;
}

std::string num(const json::value& v) {
  if (v.is_null()) return "—";
  if (v.is_int64()) return std::to_string(v.as_int64());
  if (v.is_uint64()) return std::to_string(v.as_uint64());
  if (v.is_double()) {
    char buf[32];
    std::snprintf(buf, sizeof buf, "%.2f", v.as_double());
    return buf;
  }
  return "—";
}

std::string pct(const json::value& v) {
  if (!v.is_double() && !v.is_int64()) return "—";
  char buf[32];
  std::snprintf(buf, sizeof buf, "%.1f%%", v.to_number<double>() * 100.0);
  return buf;
}

const json::value& at_path(const json::object& o, std::initializer_list<const char*> path) {
  static const json::value k_null;
  const json::value* v = nullptr;
  const json::object* cur = &o;
  for (const char* key : path) {
    if (!cur) return k_null;
    auto it = cur->find(key);
    if (it == cur->end()) return k_null;
    v = &it->value();
    cur = v->is_object() ? &v->as_object() : nullptr;
  }
  return v ? *v : k_null;
}

}  // namespace

Result<IsoWeek> parse_iso_week(std::string_view text, const std::string& zone) {
  int y = 0, w = 0;
  char tail = 0;
  const std::string s(text);
  if (s.size() != 8 || std::sscanf(s.c_str(), "%4d-W%2d%c", &y, &w, &tail) != 2 || s[4] != '-' || s[5] != 'W')
    return Error::invalid("iso_week", "an ISO week is written YYYY-Www, e.g. 2026-W48");
  iso_week::year_weeknum_weekday monday{iso_week::year{y}, iso_week::weeknum{static_cast<unsigned>(w)},
                                        iso_week::mon};
  if (y < 1970 || y > 9999 || w < 1 || !monday.ok())
    return Error::invalid("iso_week", "there is no week " + s);
  return week_at(monday, zone);
}

IsoWeek iso_week_of(Timestamp t, const std::string& zone) {
  const date::time_zone* z = date::locate_zone(zone);
  auto day = date::floor<date::days>(z->to_local(date::sys_time<Ms>(t.time_since_epoch())));
  iso_week::year_weeknum_weekday iw{date::sys_days{day.time_since_epoch()}};
  return week_at(iso_week::year_weeknum_weekday{iw.year(), iw.weeknum(), iso_week::mon}, zone);
}

Result<ReportSettings> settings_from_json(const json::value& v) {
  if (!v.is_object()) return Error::invalid("settings", "must be an object");
  const auto& o = v.as_object();
  for (const auto& kv : o)
    if (kv.key() != "leadership" && kv.key() != "weekly_send")
      return Error::unknown_field(std::string(kv.key()));
  ReportSettings s;
  if (auto it = o.find("leadership"); it != o.end()) {
    if (!it->value().is_array()) return Error::invalid("leadership", "must be a list of email addresses");
    const auto& arr = it->value().as_array();
    if (arr.size() > 100) return Error::invalid("leadership", "at most 100 addresses");
    for (std::size_t i = 0; i < arr.size(); ++i) {
      const std::string field = "leadership[" + std::to_string(i) + "]";
      if (!arr[i].is_string() || !plausible_address(arr[i].as_string()))
        return Error::invalid(field, "must be an email address");
      s.leadership.emplace_back(arr[i].as_string());
    }
  }
  if (auto it = o.find("weekly_send"); it != o.end()) {
    if (!it->value().is_object()) return Error::invalid("weekly_send", "must be an object");
    const auto& ws = it->value().as_object();
    for (const auto& kv : ws)
      if (kv.key() != "weekday" && kv.key() != "time")
        return Error::unknown_field("weekly_send." + std::string(kv.key()));
    if (auto d = ws.find("weekday"); d != ws.end()) {
      if (!d->value().is_int64() || d->value().as_int64() < 1 || d->value().as_int64() > 7)
        return Error::invalid("weekly_send.weekday", "weekday is 1 (Monday) … 7 (Sunday)");
      s.weekly_send.weekday = static_cast<int>(d->value().as_int64());
    }
    if (auto t = ws.find("time"); t != ws.end()) {
      int h = -1, m = -1;
      char tail = 0;
      const std::string text = t->value().is_string() ? std::string(t->value().as_string()) : std::string();
      if (text.size() != 5 || std::sscanf(text.c_str(), "%2d:%2d%c", &h, &m, &tail) != 2 || text[2] != ':' ||
          h < 0 || h > 23 || m < 0 || m > 59)
        return Error::invalid("weekly_send.time", "time is HH:MM, e.g. 17:00");
      s.weekly_send.minute = h * 60 + m;
    }
  }
  return s;
}

json::object settings_to_json(const ReportSettings& s) {
  json::array lead;
  for (const auto& a : s.leadership)
    lead.push_back(json::string(a));
  char time[32];
  std::snprintf(time, sizeof time, "%02d:%02d", s.weekly_send.minute / 60, s.weekly_send.minute % 60);
  return {{"leadership", lead}, {"weekly_send", {{"weekday", s.weekly_send.weekday}, {"time", time}}}};
}

ReportSettings settings_or_default(const std::optional<std::string>& stored) {
  if (!stored) return {};
  boost::system::error_code ec;
  auto v = json::parse(*stored, ec);
  if (ec) return {};
  auto s = settings_from_json(v);
  return s.ok() ? *s : ReportSettings{};
}

Timestamp weekly_send_time(Timestamp week_to, const WeeklySend& s, const std::string& zone) {
  const date::time_zone* z = date::locate_zone(zone);
  auto monday = date::floor<date::days>(z->to_local(date::sys_time<Ms>(week_to.time_since_epoch())));
  auto local = date::local_time<Ms>(monday + date::days{s.weekday - 1}) + std::chrono::minutes(s.minute);
  return Timestamp(z->to_sys(local, date::choose::earliest).time_since_epoch());
}

std::string html_escape(std::string_view s) {
  std::string out;
  out.reserve(s.size());
  for (char c : s) {
    switch (c) {
      case '&':
        out += "&amp;";
        break;
      case '<':
        out += "&lt;";
        break;
      case '>':
        out += "&gt;";
        break;
      case '"':
        out += "&quot;";
        break;
      case '\'':
        out += "&#39;";
        break;
      default:
        out += c;
    }
  }
  return out;
}

WeeklyMail weekly_mail(const WeeklyReport& w, const json::object& snap, const std::string& link) {
  WeeklyMail m;
  const std::string scope = w.team_id ? std::string(at_path(snap, {"team", "name"}).is_string()
                                                        ? at_path(snap, {"team", "name"}).as_string().c_str()
                                                        : "团队")
                                      : std::string("技术支持部");
  m.subject = "【周报 / Weekly report】" + scope + " " + w.iso_week;
  const auto& k = at_path(snap, {"kpis"});
  const json::object empty;
  const json::object& kp = k.is_object() ? k.as_object() : empty;
  struct Line {
    const char* zh;
    const char* en;
    std::string value;
  };
  std::vector<Line> lines = {
      {"新建工单", "New", num(at_path(kp, {"new"}))},
      {"已解决", "Resolved", num(at_path(kp, {"resolved"}))},
      {"已关闭", "Closed", num(at_path(kp, {"closed"}))},
      {"期末积压", "Backlog at end", num(at_path(kp, {"backlog_end"}))},
      {"首次响应中位数(分钟)", "First response median (min)",
       num(at_path(kp, {"first_response_minutes", "median"}))},
      {"解决时长中位数(分钟)", "Resolution median (min)", num(at_path(kp, {"resolution_minutes", "median"}))},
      {"首次响应达标率", "First response SLA", pct(at_path(kp, {"sla", "first_response", "compliance"}))},
      {"解决达标率", "Resolution SLA", pct(at_path(kp, {"sla", "resolution", "compliance"}))},
      {"一次解决率", "First-contact resolution", pct(at_path(kp, {"first_contact_resolution", "rate"}))},
      {"重开率", "Reopen rate", pct(at_path(kp, {"reopen", "rate"}))},
      {"满意度均分", "CSAT average", num(at_path(kp, {"csat", "average"}))},
      {"投诉数", "Complaints", num(at_path(kp, {"complaints"}))},
  };
  m.text = scope + " " + w.iso_week + " 周报 / weekly report\n\n一、本周进展 / This week\n";
  m.html = "<h2>" + html_escape(scope) + " " + html_escape(w.iso_week) +
           " 周报 / Weekly report</h2><h3>一、本周进展 / This week</h3><table border=\"1\" cellpadding=\"4\" "
           "cellspacing=\"0\">";
  for (const auto& l : lines) {
    m.text += std::string("  ") + l.zh + " / " + l.en + ": " + l.value + "\n";
    m.html +=
        std::string("<tr><td>") + l.zh + " / " + l.en + "</td><td>" + html_escape(l.value) + "</td></tr>";
  }
  m.html += "</table>";
  auto list = [&](const char* key, const char* title_zh, const char* title_en) {
    m.text += std::string("\n") + title_zh + " / " + title_en + "\n";
    m.html += std::string("<h3>") + title_zh + " / " + title_en + "</h3><ul>";
    const auto& v = at_path(snap, {key});
    int n = 0;
    if (v.is_array())
      for (const auto& item : v.as_array()) {
        if (!item.is_object()) continue;
        const auto& o = item.as_object();
        auto str = [&](const char* f) {
          auto it = o.find(f);
          return it != o.end() && it->value().is_string() ? std::string(it->value().as_string())
                                                          : std::string();
        };
        std::string line = str("number") + " " + str("subject");
        if (!str("note").empty()) line += " — " + str("note");
        m.text += "  - " + line + "\n";
        m.html += "<li>" + html_escape(line) + "</li>";
        ++n;
      }
    if (n == 0) {
      m.text += "  （无 / none）\n";
      m.html += "<li>（无 / none）</li>";
    }
    m.html += "</ul>";
  };
  m.text += "\n二、问题与解决 / Problems and how they were solved\n";
  m.html += "<h3>二、问题与解决 / Problems and how they were solved</h3>";
  list("major_incidents", "重大事件", "Major incidents");
  list("breaches", "SLA 超时", "SLA breaches");
  m.text += "\n三、下周计划 / Next week's plan\n" +
            (w.plan.empty() ? std::string("（未填写 / not filled in）") : w.plan) + "\n";
  m.html += "<h3>三、下周计划 / Next week's plan</h3><p style=\"white-space:pre-wrap\">" +
            html_escape(w.plan.empty() ? std::string("（未填写 / not filled in）") : w.plan) + "</p>";
  m.text += "\n" + link + "\n";
  m.html += "<p><a href=\"" + html_escape(link) + "\">" + html_escape(link) + "</a></p>";
  return m;
}

}  // namespace techdesk::report
