#include "ticket/ticket_change.h"

#include <boost/json.hpp>

namespace techdesk::ticket {

namespace json = boost::json;

namespace {

json::value opt_id(const std::optional<Id>& id) {
  return id ? json::value(*id) : json::value(nullptr);
}

std::optional<Id> read_opt_id(const json::object& o, const char* key, bool& ok) {
  auto it = o.find(key);
  if (it == o.end()) {
    ok = false;
    return std::nullopt;
  }
  if (it->value().is_null()) return std::nullopt;
  if (!it->value().is_int64()) ok = false;
  return ok ? std::optional<Id>(it->value().get_int64()) : std::nullopt;
}

}  // namespace

live::Change ticket_change(const Ticket& t, std::string_view what) {
  json::object o{{"id", t.id},
                 {"number", t.number},
                 {"version", t.version},
                 {"state", name(t.state)},
                 {"type", name(t.type)},
                 {"requester_id", t.requester_id},
                 {"organization_id", opt_id(t.organization_id)},
                 {"team_id", opt_id(t.team_id)},
                 {"assignee_id", opt_id(t.assignee_id)},
                 {"what", what}};
  return {k_ticket_topic, json::serialize(o)};
}

std::optional<TicketChange> parse_ticket_change(std::string_view data) {
  boost::system::error_code ec;
  json::value v = json::parse(data, ec);
  if (ec || !v.is_object()) return std::nullopt;
  const json::object& o = v.get_object();
  auto str = [&](const char* key) -> const json::string* {
    auto it = o.find(key);
    return it != o.end() && it->value().is_string() ? &it->value().get_string() : nullptr;
  };
  auto num = [&](const char* key) -> std::optional<std::int64_t> {
    auto it = o.find(key);
    if (it == o.end() || !it->value().is_int64()) return std::nullopt;
    return it->value().get_int64();
  };
  TicketChange c;
  auto id = num("id"), version = num("version"), requester = num("requester_id");
  auto number = str("number"), state = str("state"), type = str("type"), what = str("what");
  if (!id || !version || !requester || !number || !state || !type || !what) return std::nullopt;
  auto st = parse_state(std::string_view(state->data(), state->size()));
  auto ty = parse_ticket_type(std::string_view(type->data(), type->size()));
  if (!st || !ty) return std::nullopt;
  bool ok = true;
  c.facts.organization_id = read_opt_id(o, "organization_id", ok);
  c.facts.team_id = read_opt_id(o, "team_id", ok);
  c.facts.assignee_id = read_opt_id(o, "assignee_id", ok);
  if (!ok) return std::nullopt;
  c.facts.id = *id;
  c.facts.version = static_cast<int>(*version);
  c.facts.requester_id = *requester;
  c.facts.number = std::string(number->data(), number->size());
  c.facts.state = *st;
  c.facts.type = *ty;
  c.what = std::string(what->data(), what->size());
  return c;
}

}  // namespace techdesk::ticket
