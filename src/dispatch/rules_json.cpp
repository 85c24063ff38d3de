#include "dispatch/rules_json.h"

#include <boost/json.hpp>

#include "common/json_fields.h"
#include "common/time.h"

namespace techdesk::dispatch {

namespace json = boost::json;
using namespace json_fields;

namespace {

constexpr const char* k_priorities = "P1, P2, P3, P4";
constexpr const char* k_channels = "web, email, phone, chat, api, alert";
constexpr const char* k_types = "incident, service_request, consultation, complaint, presales";
constexpr const char* k_states =
    "new, assigned, in_progress, pending_customer, pending_third_party, resolved, closed, reopened, "
    "cancelled";

template <class E>
json::array names(const std::vector<E>& v) {
  json::array a;
  for (const auto& e : v)
    a.push_back(json::string(ticket::name(e)));
  return a;
}

json::value opt_id(const std::optional<Id>& id) {
  return id ? json::value(*id) : json::value(nullptr);
}

std::string_view kind_name(RequesterKind k) {
  return k == RequesterKind::internal ? "internal" : k == RequesterKind::external ? "external" : "any";
}

}  // namespace

json::object rule_to_json(const Rule& r) {
  const Conditions& c = r.when;
  json::array actions;
  for (const Action& a : r.then) {
    json::object o{{"kind", name(a.kind)}};
    switch (a.kind) {
      case ActionKind::set_team:
        o["team_id"] = opt_id(a.team_id);
        break;
      case ActionKind::set_priority:
        o["priority"] = a.priority ? json::value(ticket::name(*a.priority)) : json::value(nullptr);
        break;
      case ActionKind::set_assignee:
        o["user_id"] = opt_id(a.user_id);
        break;
      case ActionKind::add_tag:
        o["tag"] = a.tag;
        break;
      case ActionKind::notify:
        o["recipient"] = a.recipient ? json::value(name(*a.recipient)) : json::value(nullptr);
        o["text"] = a.text;
        break;
      case ActionKind::add_note:
      case ActionKind::reply:
        o["text"] = a.text;
        break;
      case ActionKind::set_state:
        o["state"] = a.state ? json::value(ticket::name(*a.state)) : json::value(nullptr);
        o["text"] = a.text;
        break;
    }
    actions.push_back(std::move(o));
  }
  return {
      {"id", r.id},
      {"name", r.name},
      {"position", r.position},
      {"active", r.active},
      {"trigger", name(r.trigger)},
      {"conditions",
       json::object{{"category_ids", json::array(c.category_ids.begin(), c.category_ids.end())},
                    {"priorities", names(c.priorities)},
                    {"organization_ids", json::array(c.organization_ids.begin(), c.organization_ids.end())},
                    {"channels", names(c.channels)},
                    {"types", names(c.types)},
                    {"requester_kind", kind_name(c.requester_kind)},
                    {"words", json::array(c.words.begin(), c.words.end())},
                    {"states", names(c.states)},
                    {"for_minutes", c.for_minutes},
                    {"without_team", c.without_team}}},
      {"actions", actions},
      {"last_error", r.last_error.empty() ? json::value(nullptr) : json::value(r.last_error)},
      {"last_error_at",
       r.last_error_at ? json::value(format_rfc3339(*r.last_error_at)) : json::value(nullptr)},
      {"updated_at", format_rfc3339(r.updated_at)}};
}

Result<Rule> rule_from_json(const json::value& v) {
  const json::object* o = TD_TRY(as_object(v, "rule"));
  TD_TRY(only(*o,
              {"id", "name", "position", "active", "trigger", "conditions", "actions", "last_error",
               "last_error_at", "updated_at"},
              ""));
  Rule r;
  const json::value* n = find(*o, "name");
  if (!n) return Error::missing("name");
  r.name = TD_TRY(as_string(*n, "name"));
  if (const json::value* x = find(*o, "position"))
    r.position = static_cast<int>(TD_TRY(as_int(*x, "position", 0, 100000)));
  if (const json::value* x = find(*o, "active")) r.active = TD_TRY(as_bool(*x, "active"));
  const json::value* trig = find(*o, "trigger");
  if (!trig) return Error::missing("trigger");
  auto t = parse_trigger(TD_TRY(as_string(*trig, "trigger")));
  if (!t) return Error::invalid("trigger", "trigger must be create, update or time");
  r.trigger = *t;
  if (const json::value* x = find(*o, "conditions")) {
    const json::object* c = TD_TRY(as_object(*x, "conditions"));
    TD_TRY(only(*c,
                {"category_ids", "priorities", "organization_ids", "channels", "types", "requester_kind",
                 "words", "states", "for_minutes", "without_team"},
                "conditions."));
    Conditions& w = r.when;
    if (auto* y = find(*c, "category_ids"))
      w.category_ids = TD_TRY(as_ids(*y, "conditions.category_ids", 1000));
    if (auto* y = find(*c, "organization_ids"))
      w.organization_ids = TD_TRY(as_ids(*y, "conditions.organization_ids", 1000));
    if (auto* y = find(*c, "priorities"))
      w.priorities = TD_TRY(as_enums<ticket::Priority>(
          *y, "conditions.priorities", [](std::string_view s) { return ticket::parse_priority(s); },
          k_priorities));
    if (auto* y = find(*c, "channels"))
      w.channels = TD_TRY(as_enums<ticket::Channel>(
          *y, "conditions.channels", [](std::string_view s) { return ticket::parse_channel(s); },
          k_channels));
    if (auto* y = find(*c, "types"))
      w.types = TD_TRY(as_enums<ticket::TicketType>(
          *y, "conditions.types", [](std::string_view s) { return ticket::parse_ticket_type(s); }, k_types));
    if (auto* y = find(*c, "states"))
      w.states = TD_TRY(as_enums<ticket::State>(
          *y, "conditions.states", [](std::string_view s) { return ticket::parse_state(s); }, k_states));
    if (auto* y = find(*c, "requester_kind")) {
      std::string k = TD_TRY(as_string(*y, "conditions.requester_kind"));
      if (k == "any")
        w.requester_kind = RequesterKind::any;
      else if (k == "internal")
        w.requester_kind = RequesterKind::internal;
      else if (k == "external")
        w.requester_kind = RequesterKind::external;
      else
        return Error::invalid("conditions.requester_kind",
                              "conditions.requester_kind must be any, internal or external");
    }
    if (auto* y = find(*c, "words")) {
      const json::array* arr = TD_TRY(as_array(*y, "conditions.words", 100));
      for (std::size_t i = 0; i < arr->size(); ++i)
        w.words.push_back(TD_TRY(as_string((*arr)[i], "conditions.words[" + std::to_string(i) + "]")));
    }
    if (auto* y = find(*c, "for_minutes"))
      w.for_minutes = static_cast<int>(TD_TRY(as_int(*y, "conditions.for_minutes", INT32_MIN, INT32_MAX)));
    if (auto* y = find(*c, "without_team")) w.without_team = TD_TRY(as_bool(*y, "conditions.without_team"));
  }
  const json::value* acts = find(*o, "actions");
  if (!acts) return Error::missing("actions");
  const json::array* arr = TD_TRY(as_array(*acts, "actions", 20));
  for (std::size_t i = 0; i < arr->size(); ++i) {
    const std::string f = "actions[" + std::to_string(i) + "]";
    const json::object* a = TD_TRY(as_object((*arr)[i], f));
    TD_TRY(
        only(*a, {"kind", "team_id", "priority", "user_id", "tag", "recipient", "text", "state"}, f + "."));
    const json::value* k = find(*a, "kind");
    if (!k) return Error::missing(f + ".kind");
    auto kind = parse_action_kind(TD_TRY(as_string(*k, f + ".kind")));
    if (!kind)
      return Error::invalid(f + ".kind", f + ".kind must be one of set_team, set_priority, set_assignee, "
                                             "add_tag, notify, add_note, reply, set_state");
    Action act;
    act.kind = *kind;
    if (auto* y = find(*a, "team_id"); y && !y->is_null())
      act.team_id = TD_TRY(as_int(*y, f + ".team_id", 1, INT64_MAX));
    if (auto* y = find(*a, "user_id"); y && !y->is_null())
      act.user_id = TD_TRY(as_int(*y, f + ".user_id", 1, INT64_MAX));
    if (auto* y = find(*a, "priority"); y && !y->is_null()) {
      act.priority = ticket::parse_priority(TD_TRY(as_string(*y, f + ".priority")));
      if (!act.priority)
        return Error::invalid(f + ".priority", f + ".priority must be one of " + k_priorities);
    }
    if (auto* y = find(*a, "state"); y && !y->is_null()) {
      act.state = ticket::parse_state(TD_TRY(as_string(*y, f + ".state")));
      if (!act.state) return Error::invalid(f + ".state", f + ".state must be a ticket state");
    }
    if (auto* y = find(*a, "recipient"); y && !y->is_null()) {
      act.recipient = parse_recipient(TD_TRY(as_string(*y, f + ".recipient")));
      if (!act.recipient)
        return Error::invalid(f + ".recipient",
                              f + ".recipient must be assignee, team_leads, managers or requester");
    }
    if (auto* y = find(*a, "tag")) act.tag = TD_TRY(as_string(*y, f + ".tag"));
    if (auto* y = find(*a, "text")) act.text = TD_TRY(as_string(*y, f + ".text"));
    r.then.push_back(std::move(act));
  }
  return r;
}

std::string rule_document(const Rule& r) {
  return json::serialize(rule_to_json(r));
}

Result<Rule> rule_from_document(const std::string& text) {
  boost::system::error_code ec;
  auto v = json::parse(text, ec);
  if (ec) return Error::internal("a stored rule is not JSON");
  return rule_from_json(v);
}

}  // namespace techdesk::dispatch
