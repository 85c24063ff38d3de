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

live::Change ticket_change(const Ticket& t, std::string_view what, const Ticket* before) {
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
  if (!t.contact_ids.empty()) {
    json::array contacts;
    for (Id c : t.contact_ids)
      contacts.push_back(c);
    o["contact_ids"] = std::move(contacts);
  }
  if (before && (before->team_id != t.team_id || before->assignee_id != t.assignee_id ||
                 before->organization_id != t.organization_id || before->requester_id != t.requester_id))
    o["was"] = json::object{{"requester_id", before->requester_id},
                            {"organization_id", opt_id(before->organization_id)},
                            {"team_id", opt_id(before->team_id)},
                            {"assignee_id", opt_id(before->assignee_id)}};
  return {k_ticket_topic, json::serialize(o)};
}

live::Change presence_change(const Ticket& t, Id user, std::string_view user_name,
                             std::string_view activity) {
  live::Change c = ticket_change(t, "presence");
  json::object o = json::parse(c.data).as_object();
  o["user_id"] = user;
  o["user_name"] = user_name;
  o["activity"] = activity;
  c.data = json::serialize(o);
  return c;
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
  if (auto it = o.find("contact_ids"); it != o.end() && it->value().is_array())
    for (const auto& v : it->value().get_array())
      if (v.is_int64()) c.facts.contact_ids.push_back(v.get_int64());
  if (auto it = o.find("was"); it != o.end() && it->value().is_object()) {
    const json::object& w = it->value().get_object();
    Ticket was = c.facts;
    auto r = w.find("requester_id");
    if (r == w.end() || !r->value().is_int64()) return std::nullopt;
    was.requester_id = r->value().get_int64();
    was.organization_id = read_opt_id(w, "organization_id", ok);
    was.team_id = read_opt_id(w, "team_id", ok);
    was.assignee_id = read_opt_id(w, "assignee_id", ok);
    if (!ok) return std::nullopt;
    c.was = std::move(was);
  }
  if (auto user = num("user_id")) c.user_id = *user;
  if (auto n = str("user_name")) c.user_name = std::string(n->data(), n->size());
  if (auto a = str("activity")) c.activity = std::string(a->data(), a->size());
  return c;
}

}  // namespace techdesk::ticket
