#include "sla/ical.h"

#include <algorithm>
#include <map>

#include "common/text.h"

namespace techdesk::sla {

namespace {

constexpr std::array<const char*, 7> k_byday = {"MO", "TU", "WE", "TH", "FR", "SA", "SU"};

// RFC 5545 §3.3.11: backslash, semicolon, comma and newline are escaped in TEXT values.
std::string escape(std::string_view s) {
  std::string out;
  for (char c : s) {
    if (c == '\\' || c == ';' || c == ',') {
      out += '\\';
      out += c;
    } else if (c == '\n') {
      out += "\\n";
    } else if (c != '\r') {
      out += c;
    }
  }
  return out;
}

std::string unescape(std::string_view s) {
  std::string out;
  for (std::size_t i = 0; i < s.size(); ++i) {
    if (s[i] == '\\' && i + 1 < s.size()) {
      char n = s[++i];
      out += (n == 'n' || n == 'N') ? '\n' : n;
    } else {
      out += s[i];
    }
  }
  return out;
}

std::string compact(Day d) {
  std::string s = format_day(d);
  s.erase(std::remove(s.begin(), s.end(), '-'), s.end());
  return s;
}

// Lines are folded at 75 octets (§3.1), never inside a UTF-8 sequence.
void line(std::string& out, std::string text) {
  std::size_t pos = 0;
  bool first = true;
  while (text.size() - pos > (first ? 75u : 74u)) {
    std::size_t cut = pos + (first ? 75 : 74);
    while (cut > pos && (static_cast<unsigned char>(text[cut]) & 0xC0) == 0x80)
      --cut;
    out += (first ? "" : " ") + text.substr(pos, cut - pos) + "\r\n";
    pos = cut;
    first = false;
  }
  out += (first ? "" : " ") + text.substr(pos) + "\r\n";
}

void all_day(std::string& out, const DayNote& d, const char* kind, const char* mark) {
  line(out, "BEGIN:VEVENT");
  line(out, "UID:" + std::string(kind) + "-" + compact(d.day) + "@techdesk");
  line(out, "DTSTAMP:20250101T000000Z");
  line(out, "DTSTART;VALUE=DATE:" + compact(d.day));
  line(out, "DTEND;VALUE=DATE:" + compact(d.day + 1));
  line(out, "SUMMARY:" + escape((d.name.empty() ? std::string() : d.name + " ") + mark));
  line(out, std::string("CATEGORIES:") + (std::string(kind) == "holiday" ? "HOLIDAY" : "WORKDAY"));
  line(out, "TRANSP:TRANSPARENT");
  line(out, "END:VEVENT");
}

struct Property {
  std::string name;                           // upper case
  std::map<std::string, std::string> params;  // upper-case keys
  std::string value;
};

Property parse_property(const std::string& l) {
  Property p;
  std::size_t colon = std::string::npos;
  bool quoted = false;
  for (std::size_t i = 0; i < l.size(); ++i) {
    if (l[i] == '"') quoted = !quoted;
    if (l[i] == ':' && !quoted) {
      colon = i;
      break;
    }
  }
  std::string head = colon == std::string::npos ? l : l.substr(0, colon);
  p.value = colon == std::string::npos ? "" : l.substr(colon + 1);
  std::size_t semi = head.find(';');
  p.name = head.substr(0, semi);
  std::transform(p.name.begin(), p.name.end(), p.name.begin(),
                 [](unsigned char c) { return std::toupper(c); });
  while (semi != std::string::npos) {
    std::size_t next = head.find(';', semi + 1);
    std::string kv = head.substr(semi + 1, next == std::string::npos ? std::string::npos : next - semi - 1);
    auto eq = kv.find('=');
    std::string k = kv.substr(0, eq);
    std::transform(k.begin(), k.end(), k.begin(), [](unsigned char c) { return std::toupper(c); });
    p.params[k] = eq == std::string::npos ? "" : kv.substr(eq + 1);
    semi = next;
  }
  return p;
}

// YYYYMMDD or YYYYMMDDTHHMMSS[Z] → (day, minutes after midnight, has_time).
struct DateTime {
  Day day = 0;
  int minutes = 0;
  bool has_time = false;
};
std::optional<DateTime> parse_datetime(const std::string& v) {
  if (v.size() < 8) return std::nullopt;
  auto d = parse_day(v.substr(0, 4) + "-" + v.substr(4, 2) + "-" + v.substr(6, 2));
  if (!d) return std::nullopt;
  DateTime out{*d, 0, false};
  if (v.size() == 8) return out;
  if (v.size() < 15 || v[8] != 'T') return std::nullopt;
  auto t = parse_clock_time(v.substr(9, 2) + ":" + v.substr(11, 2));
  if (!t) return std::nullopt;
  out.minutes = *t;
  out.has_time = true;
  return out;
}

Error bad(std::size_t line_no, const std::string& why) {
  return Error::invalid("ical", "iCalendar line " + std::to_string(line_no) + ": " + why);
}

bool contains_ci(std::string haystack, const char* needle) {
  std::transform(haystack.begin(), haystack.end(), haystack.begin(),
                 [](unsigned char c) { return std::toupper(c); });
  return haystack.find(needle) != std::string::npos;
}

}  // namespace

std::string to_ical(const Calendar& c) {
  std::string out;
  line(out, "BEGIN:VCALENDAR");
  line(out, "VERSION:2.0");
  line(out, "PRODID:-//TechDesk//Business calendar//ZH");
  line(out, "CALSCALE:GREGORIAN");
  line(out, "X-WR-CALNAME:" + escape(c.name));
  line(out, "X-WR-TIMEZONE:" + c.zone);
  if (!c.always_open) {
    // A Monday in 2025 anchors the weekly events (2025-01-06 was a Monday).
    const Day monday = *parse_day("2025-01-06");
    for (std::size_t w = 0; w < 7; ++w) {
      for (std::size_t i = 0; i < c.week[w].size(); ++i) {
        const Interval& iv = c.week[w][i];
        auto hm = [](int m) {
          return format_clock_time(m).substr(0, 2) + format_clock_time(m).substr(3, 2) + "00";
        };
        const Day d = monday + static_cast<Day>(w);
        line(out, "BEGIN:VEVENT");
        line(out, "UID:hours-" + std::string(k_byday[w]) + "-" + std::to_string(i) + "@techdesk");
        line(out, "DTSTAMP:20250101T000000Z");
        line(out, "DTSTART;TZID=" + c.zone + ":" + compact(d) + "T" + hm(iv.start));
        line(out, "DTEND;TZID=" + c.zone + ":" + compact(iv.end == 1440 ? d + 1 : d) + "T" +
                      (iv.end == 1440 ? "000000" : hm(iv.end)));
        line(out, std::string("RRULE:FREQ=WEEKLY;BYDAY=") + k_byday[w]);
        line(out, "SUMMARY:工作时间 Business hours");
        line(out, "CATEGORIES:BUSINESS-HOURS");
        line(out, "END:VEVENT");
      }
    }
  }
  for (const auto& h : c.holidays)
    all_day(out, h, "holiday", "(休)");
  for (const auto& m : c.makeup_workdays)
    all_day(out, m, "workday", "(班)");
  line(out, "END:VCALENDAR");
  return out;
}

Result<ImportedDays> from_ical(std::string_view text) {
  if (text.size() > 4 * 1024 * 1024) return Error::invalid("ical", "the iCalendar text is larger than 4 MiB");
  if (!is_valid_utf8(text)) return Error::invalid("ical", "the iCalendar text must be UTF-8");
  // Unfold: a line starting with a space or tab continues the previous one.
  std::vector<std::pair<std::size_t, std::string>> lines;
  std::size_t no = 0, pos = 0;
  while (pos <= text.size()) {
    std::size_t nl = text.find('\n', pos);
    std::string l(text.substr(pos, nl == std::string_view::npos ? std::string_view::npos : nl - pos));
    if (!l.empty() && l.back() == '\r') l.pop_back();
    ++no;
    if (!l.empty() && (l[0] == ' ' || l[0] == '\t') && !lines.empty())
      lines.back().second += l.substr(1);
    else if (!l.empty())
      lines.emplace_back(no, l);
    if (nl == std::string_view::npos) break;
    pos = nl + 1;
  }
  if (lines.empty() || parse_property(lines.front().second).name != "BEGIN" ||
      parse_property(lines.front().second).value != "VCALENDAR")
    return Error::invalid("ical", "this is not an iCalendar file (it must begin with BEGIN:VCALENDAR)");
  ImportedDays out;
  std::array<std::vector<Interval>, 7> week;
  bool any_hours = false;
  int events = 0;
  bool in_event = false;
  std::size_t event_line = 0;
  Property dtstart, dtend, summary, categories, rrule, kind;
  for (const auto& [line_no, l] : lines) {
    Property p = parse_property(l);
    if (p.name == "BEGIN" && p.value == "VEVENT") {
      if (in_event) return bad(line_no, "an event inside an event");
      if (++events > 5000) return bad(line_no, "more than 5000 events");
      in_event = true;
      event_line = line_no;
      dtstart = dtend = summary = categories = rrule = kind = Property{};
      continue;
    }
    if (!in_event) {
      if (p.name == "X-WR-CALNAME") out.name = unescape(p.value);
      if (p.name == "X-WR-TIMEZONE") out.zone = p.value;
      continue;
    }
    if (p.name == "DTSTART")
      dtstart = p;
    else if (p.name == "DTEND")
      dtend = p;
    else if (p.name == "SUMMARY")
      summary = p;
    else if (p.name == "CATEGORIES")
      categories = p;
    else if (p.name == "RRULE")
      rrule = p;
    else if (p.name == "X-TECHDESK-KIND")
      kind = p;
    if (!(p.name == "END" && p.value == "VEVENT")) continue;
    in_event = false;
    if (dtstart.value.empty()) return bad(event_line, "an event without DTSTART");
    auto start = parse_datetime(dtstart.value);
    if (!start) return bad(event_line, "DTSTART '" + dtstart.value + "' is not a date or date-time");
    std::optional<DateTime> end;
    if (!dtend.value.empty()) {
      end = parse_datetime(dtend.value);
      if (!end) return bad(event_line, "DTEND '" + dtend.value + "' is not a date or date-time");
    }
    const std::string name = unescape(summary.value);
    if (contains_ci(categories.value, "BUSINESS-HOURS")) {
      // A weekly recurring interval: the weekday comes from BYDAY (or from DTSTART).
      if (!start->has_time || !end || !end->has_time)
        return bad(event_line, "business hours need a start and end time");
      int to = end->day > start->day ? 1440 : end->minutes;
      std::vector<int> days;
      auto by = rrule.value.find("BYDAY=");
      if (by != std::string::npos) {
        std::string list = rrule.value.substr(by + 6);
        list = list.substr(0, list.find(';'));
        for (std::size_t i = 0; i < 7; ++i)
          if (list.find(k_byday[i]) != std::string::npos) days.push_back(static_cast<int>(i));
      } else {
        days.push_back(weekday_of(start->day));
      }
      for (int d : days)
        week[static_cast<std::size_t>(d)].push_back({start->minutes, to});
      any_hours = true;
      continue;
    }
    const bool workday = contains_ci(categories.value, "WORKDAY") || contains_ci(kind.value, "WORKDAY") ||
                         name.find("班") != std::string::npos;
    // Drop our own (休)/(班) marks from the name.
    std::string clean = name;
    for (const char* mark : {" (休)", " (班)", "(休)", "(班)"}) {
      auto at = clean.rfind(mark);
      if (at != std::string::npos && at + std::string(mark).size() == clean.size()) clean.erase(at);
    }
    Day last = start->day;
    if (end && end->day > start->day) last = end->has_time ? end->day : end->day - 1;
    if (last - start->day > 366) return bad(event_line, "an event longer than a year");
    for (Day d = start->day; d <= last; ++d)
      (workday ? out.makeup_workdays : out.holidays).push_back({d, clean});
  }
  if (in_event) return Error::invalid("ical", "the iCalendar text ends inside an event (no END:VEVENT)");
  if (any_hours) out.week = week;
  // A day a feed names a working day (补班) inside a longer holiday event is a working day.
  std::erase_if(out.holidays, [&](const DayNote& h) {
    return std::any_of(out.makeup_workdays.begin(), out.makeup_workdays.end(),
                       [&](const DayNote& m) { return m.day == h.day; });
  });
  // One entry per day.
  for (auto* list : {&out.holidays, &out.makeup_workdays}) {
    std::stable_sort(list->begin(), list->end(),
                     [](const DayNote& a, const DayNote& b) { return a.day < b.day; });
    list->erase(std::unique(list->begin(), list->end(),
                            [](const DayNote& a, const DayNote& b) { return a.day == b.day; }),
                list->end());
  }
  return out;
}

}  // namespace techdesk::sla
