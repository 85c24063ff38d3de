#include "sla/sla_json.h"

#include <boost/json.hpp>

#include "common/json_fields.h"
#include "common/time.h"

namespace techdesk::sla {

namespace json = boost::json;

namespace {

using namespace json_fields;

Result<std::vector<DayNote>> read_days(const json::value& v, const std::string& field) {
  const json::array* arr = TD_TRY(as_array(v, field, 2000));
  std::vector<DayNote> out;
  for (std::size_t i = 0; i < arr->size(); ++i) {
    const std::string f = field + "[" + std::to_string(i) + "]";
    const json::object* o = TD_TRY(as_object((*arr)[i], f));
    TD_TRY(only(*o, {"date", "name"}, f + "."));
    const json::value* d = find(*o, "date");
    if (!d) return Error::missing(f + ".date");
    std::string text = TD_TRY(as_string(*d, f + ".date"));
    auto day = parse_day(text);
    if (!day) return Error::invalid(f + ".date", f + ".date must be a date YYYY-MM-DD from 1970 to 2200");
    std::string name;
    if (const json::value* n = find(*o, "name")) name = TD_TRY(as_string(*n, f + ".name"));
    out.push_back({*day, std::move(name)});
  }
  return out;
}

json::array days_json(const std::vector<DayNote>& days) {
  json::array a;
  for (const auto& d : days)
    a.push_back(json::object{{"date", format_day(d.day)}, {"name", d.name}});
  return a;
}

int weekday_index(std::string_view s) {
  for (std::size_t i = 0; i < k_weekday_names.size(); ++i)
    if (s == k_weekday_names[i]) return static_cast<int>(i);
  return -1;
}

json::value opt_int(const std::optional<int>& v) {
  return v ? json::value(*v) : json::value(nullptr);
}

}  // namespace

json::object calendar_to_json(const Calendar& c) {
  json::object week;
  for (std::size_t w = 0; w < 7; ++w) {
    json::array day;
    for (const auto& iv : c.week[w])
      day.push_back(json::object{{"start", format_clock_time(iv.start)}, {"end", format_clock_time(iv.end)}});
    week[k_weekday_names[w]] = std::move(day);
  }
  return {{"id", c.id},
          {"name", c.name},
          {"zone", c.zone},
          {"always_open", c.always_open},
          {"week", std::move(week)},
          {"holidays", days_json(c.holidays)},
          {"makeup_workdays", days_json(c.makeup_workdays)},
          {"makeup_weekday", k_weekday_names[static_cast<std::size_t>(c.makeup_weekday)]},
          {"updated_at", format_rfc3339(c.updated_at)}};
}

Result<Calendar> calendar_from_json(const json::value& v) {
  const json::object* o = TD_TRY(as_object(v, "calendar"));
  TD_TRY(only(*o,
              {"id", "name", "zone", "always_open", "week", "holidays", "makeup_workdays", "makeup_weekday",
               "updated_at"},
              ""));
  Calendar c;
  const json::value* name = find(*o, "name");
  if (!name) return Error::missing("name");
  c.name = TD_TRY(as_string(*name, "name"));
  if (const json::value* z = find(*o, "zone")) c.zone = TD_TRY(as_string(*z, "zone"));
  if (const json::value* a = find(*o, "always_open")) c.always_open = TD_TRY(as_bool(*a, "always_open"));
  if (const json::value* w = find(*o, "week")) {
    const json::object* week = TD_TRY(as_object(*w, "week"));
    for (const auto& kv : *week) {
      const std::string f = "week." + std::string(kv.key());
      int idx = weekday_index(kv.key());
      if (idx < 0) return Error::unknown_field(f);
      const json::array* arr = TD_TRY(as_array(kv.value(), f, 12));
      for (std::size_t i = 0; i < arr->size(); ++i) {
        const std::string fi = f + "[" + std::to_string(i) + "]";
        const json::object* iv = TD_TRY(as_object((*arr)[i], fi));
        TD_TRY(only(*iv, {"start", "end"}, fi + "."));
        Interval out;
        for (auto [key, slot] : {std::pair{"start", &out.start}, std::pair{"end", &out.end}}) {
          const json::value* t = find(*iv, key);
          if (!t) return Error::missing(fi + "." + key);
          std::string text = TD_TRY(as_string(*t, fi + "." + key));
          auto minutes = parse_clock_time(text);
          if (!minutes)
            return Error::invalid(fi + "." + key,
                                  fi + "." + key + " must be a time HH:MM from 00:00 to 24:00");
          *slot = *minutes;
        }
        c.week[static_cast<std::size_t>(idx)].push_back(out);
      }
    }
  } else if (!c.always_open) {
    return Error::missing("week");
  }
  if (const json::value* h = find(*o, "holidays")) c.holidays = TD_TRY(read_days(*h, "holidays"));
  if (const json::value* m = find(*o, "makeup_workdays"))
    c.makeup_workdays = TD_TRY(read_days(*m, "makeup_workdays"));
  if (const json::value* mw = find(*o, "makeup_weekday")) {
    std::string text = TD_TRY(as_string(*mw, "makeup_weekday"));
    c.makeup_weekday = weekday_index(text);
    if (c.makeup_weekday < 0)
      return Error::invalid("makeup_weekday", "makeup_weekday must be monday … sunday");
  }
  return c;
}

json::object policy_to_json(const Policy& p) {
  json::array orgs(p.organization_ids.begin(), p.organization_ids.end());
  json::array cats(p.category_ids.begin(), p.category_ids.end());
  json::array types;
  for (auto t : p.types)
    types.push_back(json::string(ticket::name(t)));
  json::object targets;
  for (std::size_t i = 0; i < 4; ++i) {
    const Targets& t = p.targets[i];
    targets[ticket::name(static_cast<ticket::Priority>(i))] =
        json::object{{"first_response", opt_int(t.first_response)},
                     {"next_update", opt_int(t.next_update)},
                     {"resolution", opt_int(t.resolution)}};
  }
  json::array pause;
  for (auto s : p.pause_states)
    pause.push_back(json::string(ticket::name(s)));
  return {{"id", p.id},
          {"name", p.name},
          {"position", p.position},
          {"active", p.active},
          {"conditions", json::object{{"organization_ids", orgs},
                                      {"requester_kind", name(p.requester_kind)},
                                      {"types", types},
                                      {"category_ids", cats}}},
          {"calendar_id", p.calendar_id},
          {"targets", targets},
          {"pause_states", pause},
          {"warn_percent", p.warn_percent},
          {"second_level_percent", p.second_level_percent},
          {"on_breach", json::object{{"raise_tier", p.on_breach.raise_tier},
                                     {"reassign_to_lead", p.on_breach.reassign_to_lead},
                                     {"raise_priority", p.on_breach.raise_priority},
                                     {"notify_manager", p.on_breach.notify_manager}}},
          {"updated_at", format_rfc3339(p.updated_at)}};
}

Result<Policy> policy_from_json(const json::value& v) {
  using namespace json_fields;
  auto as_ids_1000 = [](const json::value& x, const std::string& f) { return as_ids(x, f, 1000); };
  const json::object* o = TD_TRY(as_object(v, "policy"));
  TD_TRY(only(*o,
              {"id", "name", "position", "active", "conditions", "calendar_id", "targets", "pause_states",
               "warn_percent", "second_level_percent", "on_breach", "updated_at"},
              ""));
  Policy p;
  const json::value* name = find(*o, "name");
  if (!name) return Error::missing("name");
  p.name = TD_TRY(as_string(*name, "name"));
  if (const json::value* x = find(*o, "position"))
    p.position = static_cast<int>(TD_TRY(as_int(*x, "position", 0, 100000)));
  if (const json::value* x = find(*o, "active")) p.active = TD_TRY(as_bool(*x, "active"));
  if (const json::value* x = find(*o, "conditions")) {
    const json::object* c = TD_TRY(as_object(*x, "conditions"));
    TD_TRY(only(*c, {"organization_ids", "requester_kind", "types", "category_ids"}, "conditions."));
    if (const json::value* y = find(*c, "organization_ids"))
      p.organization_ids = TD_TRY(as_ids_1000(*y, "conditions.organization_ids"));
    if (const json::value* y = find(*c, "category_ids"))
      p.category_ids = TD_TRY(as_ids_1000(*y, "conditions.category_ids"));
    if (const json::value* y = find(*c, "requester_kind")) {
      std::string text = TD_TRY(as_string(*y, "conditions.requester_kind"));
      auto k = parse_requester_kind(text);
      if (!k)
        return Error::invalid("conditions.requester_kind",
                              "conditions.requester_kind must be any, internal or external");
      p.requester_kind = *k;
    }
    if (const json::value* y = find(*c, "types"))
      p.types = TD_TRY(json_fields::as_enums<ticket::TicketType>(
          *y, "conditions.types", [](std::string_view s) { return ticket::parse_ticket_type(s); },
          "incident, service_request, consultation, complaint, presales"));
  }
  const json::value* cal = find(*o, "calendar_id");
  if (!cal) return Error::missing("calendar_id");
  p.calendar_id = TD_TRY(as_int(*cal, "calendar_id", 1, INT64_MAX));
  const json::value* targets = find(*o, "targets");
  if (!targets) return Error::missing("targets");
  const json::object* t = TD_TRY(as_object(*targets, "targets"));
  TD_TRY(only(*t, {"P1", "P2", "P3", "P4"}, "targets."));
  for (std::size_t i = 0; i < 4; ++i) {
    const std::string pri(ticket::name(static_cast<ticket::Priority>(i)));
    const json::value* one = find(*t, pri.c_str());
    if (!one) continue;
    const std::string base = "targets." + pri;
    const json::object* tt = TD_TRY(as_object(*one, base));
    TD_TRY(only(*tt, {"first_response", "next_update", "resolution"}, base + "."));
    for (auto [key, slot] : {std::pair{"first_response", &p.targets[i].first_response},
                             std::pair{"next_update", &p.targets[i].next_update},
                             std::pair{"resolution", &p.targets[i].resolution}}) {
      const json::value* m = find(*tt, key);
      if (!m || m->is_null()) continue;
      // The range is checked by validate(), which names the same field.
      *slot = static_cast<int>(TD_TRY(as_int(*m, base + "." + key, INT32_MIN, INT32_MAX)));
    }
  }
  if (const json::value* x = find(*o, "pause_states"))
    p.pause_states = TD_TRY(json_fields::as_enums<ticket::State>(
        *x, "pause_states", [](std::string_view s) { return ticket::parse_state(s); },
        "new, assigned, in_progress, pending_customer, pending_third_party, resolved, closed, reopened, "
        "cancelled"));
  if (const json::value* x = find(*o, "warn_percent"))
    p.warn_percent = static_cast<int>(TD_TRY(as_int(*x, "warn_percent", INT32_MIN, INT32_MAX)));
  if (const json::value* x = find(*o, "second_level_percent"))
    p.second_level_percent =
        static_cast<int>(TD_TRY(as_int(*x, "second_level_percent", INT32_MIN, INT32_MAX)));
  if (const json::value* x = find(*o, "on_breach")) {
    const json::object* b = TD_TRY(as_object(*x, "on_breach"));
    TD_TRY(only(*b, {"raise_tier", "reassign_to_lead", "raise_priority", "notify_manager"}, "on_breach."));
    for (auto [key, slot] : {std::pair{"raise_tier", &p.on_breach.raise_tier},
                             std::pair{"reassign_to_lead", &p.on_breach.reassign_to_lead},
                             std::pair{"raise_priority", &p.on_breach.raise_priority},
                             std::pair{"notify_manager", &p.on_breach.notify_manager}}) {
      if (const json::value* f = find(*b, key)) *slot = TD_TRY(as_bool(*f, std::string("on_breach.") + key));
    }
  }
  return p;
}

std::string calendar_document(const Calendar& c) {
  return json::serialize(calendar_to_json(c));
}

Result<Calendar> calendar_from_document(const std::string& text) {
  boost::system::error_code ec;
  auto v = json::parse(text, ec);
  if (ec) return Error::internal("a stored calendar is not JSON");
  return calendar_from_json(v);
}

std::string policy_document(const Policy& p) {
  return json::serialize(policy_to_json(p));
}

Result<Policy> policy_from_document(const std::string& text) {
  boost::system::error_code ec;
  auto v = json::parse(text, ec);
  if (ec) return Error::internal("a stored policy is not JSON");
  return policy_from_json(v);
}

}  // namespace techdesk::sla
