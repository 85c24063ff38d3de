#include "http/json_codec.h"

#include "sla/ticket_clock.h"

#include <boost/json.hpp>

#include "common/time.h"
#include "identity/role.h"

namespace techdesk::http {

namespace json = boost::json;

namespace {

const char* type_name(const json::value& v) {
  switch (v.kind()) {
    case json::kind::null:
      return "null";
    case json::kind::bool_:
      return "a boolean";
    case json::kind::int64:
    case json::kind::uint64:
      return "an integer";
    case json::kind::double_:
      return "a number";
    case json::kind::string:
      return "a string";
    case json::kind::array:
      return "an array";
    case json::kind::object:
      return "an object";
  }
  return "a value";
}

Error wrong_type(const char* field, const char* expected, const json::value& got) {
  return Error::invalid(field, std::string(field) + " must be " + expected + ", not " + type_name(got));
}

// An integer that does not fit is out of range, not of the wrong type.
Error out_of_range(const char* field) {
  return Error::invalid(field, std::string(field) + " is out of range");
}

std::optional<std::int64_t> as_int(const json::value& v) {
  if (v.is_int64()) return v.get_int64();
  if (v.is_uint64() && v.get_uint64() <= static_cast<std::uint64_t>(INT64_MAX))
    return static_cast<std::int64_t>(v.get_uint64());
  return std::nullopt;
}

json::value opt(const std::optional<std::string>& s) {
  if (!s) return nullptr;
  return json::value(*s);
}
json::value opt(const std::optional<Id>& id) {
  if (!id) return nullptr;
  return json::value(*id);
}
json::value opt_time(const std::optional<Timestamp>& t) {
  if (!t) return nullptr;
  return json::value(format_rfc3339(*t));
}
json::object ref(const ticket::NamedRef& r) {
  return {{"id", r.id}, {"name", r.name}};
}
json::value opt_ref(const std::optional<ticket::NamedRef>& r) {
  if (!r) return nullptr;
  return ref(*r);
}
json::array ids(const std::vector<Id>& v) {
  json::array a;
  for (Id id : v)
    a.push_back(id);
  return a;
}

}  // namespace

Result<json::value> parse_json_object(std::string_view body) {
  boost::system::error_code ec;
  json::parse_options opts;
  opts.max_depth = 32;
  json::value v = json::parse(body, ec, {}, opts);
  if (ec) return Error::invalid_json("the request body is not valid JSON: " + ec.message());
  if (!v.is_object()) return Error::invalid_json("the request body must be a JSON object");
  return v;
}

Result<BodyReader> BodyReader::parse(std::string_view body, std::initializer_list<std::string_view> allowed,
                                     bool allow_empty) {
  if (allow_empty && body.find_first_not_of(" \t\r\n") == std::string_view::npos)
    return BodyReader(json::object{});
  boost::system::error_code ec;
  json::parse_options opts;
  opts.max_depth = 32;
  json::value v = json::parse(body, ec, {}, opts);
  if (ec) return Error::invalid_json("the request body is not valid JSON: " + ec.message());
  if (!v.is_object()) return Error::invalid_json("the request body must be a JSON object");
  for (const auto& kv : v.get_object()) {
    bool known = false;
    for (auto a : allowed)
      known = known || a == kv.key();
    if (!known) return Error::unknown_field(std::string(kv.key()));
  }
  return BodyReader(std::move(v.get_object()));
}

Result<std::string> BodyReader::required_string(const char* field) const {
  auto v = TD_TRY(optional_string(field));
  if (!v) return Error::missing(field);
  return std::move(*v);
}

Result<std::optional<std::string>> BodyReader::optional_string(const char* field) const {
  auto it = m_obj.find(field);
  if (it == m_obj.end()) return std::optional<std::string>{};
  if (!it->value().is_string()) return wrong_type(field, "a string", it->value());
  return std::optional<std::string>{std::string(it->value().get_string())};
}

Result<Patch<std::string>> BodyReader::patch_string(const char* field) const {
  auto it = m_obj.find(field);
  if (it == m_obj.end()) return Patch<std::string>{};
  if (it->value().is_null()) return Patch<std::string>{std::optional<std::string>{}};
  if (!it->value().is_string()) return wrong_type(field, "a string or null", it->value());
  return Patch<std::string>{std::string(it->value().get_string())};
}

Result<std::optional<Id>> BodyReader::optional_id(const char* field) const {
  auto it = m_obj.find(field);
  if (it == m_obj.end()) return std::optional<Id>{};
  auto n = as_int(it->value());
  if (!n && it->value().is_uint64()) return out_of_range(field);
  if (!n) return wrong_type(field, "an integer id", it->value());
  if (*n <= 0) return Error::invalid(field, std::string(field) + " must be a positive id");
  return std::optional<Id>{*n};
}

Result<Patch<Id>> BodyReader::patch_id(const char* field) const {
  auto it = m_obj.find(field);
  if (it == m_obj.end()) return Patch<Id>{};
  if (it->value().is_null()) return Patch<Id>{std::optional<Id>{}};
  auto n = as_int(it->value());
  if (!n && it->value().is_uint64()) return out_of_range(field);
  if (!n) return wrong_type(field, "an integer id or null", it->value());
  if (*n <= 0) return Error::invalid(field, std::string(field) + " must be a positive id");
  return Patch<Id>{*n};
}

Result<std::optional<int>> BodyReader::optional_int(const char* field) const {
  auto it = m_obj.find(field);
  if (it == m_obj.end()) return std::optional<int>{};
  auto n = as_int(it->value());
  if ((!n && it->value().is_uint64()) || (n && (*n < INT32_MIN || *n > INT32_MAX)))
    return out_of_range(field);
  if (!n) return wrong_type(field, "an integer", it->value());
  return std::optional<int>{static_cast<int>(*n)};
}

Result<std::optional<bool>> BodyReader::optional_bool(const char* field) const {
  auto it = m_obj.find(field);
  if (it == m_obj.end()) return std::optional<bool>{};
  if (!it->value().is_bool()) return wrong_type(field, "a boolean", it->value());
  return std::optional<bool>{it->value().get_bool()};
}

Result<std::optional<std::vector<Id>>> BodyReader::optional_id_list(const char* field) const {
  auto it = m_obj.find(field);
  if (it == m_obj.end()) return std::optional<std::vector<Id>>{};
  if (!it->value().is_array()) return wrong_type(field, "an array of ids", it->value());
  const auto& arr = it->value().get_array();
  if (arr.size() > 1000) return Error::invalid(field, std::string(field) + " has too many entries");
  std::vector<Id> out;
  for (const auto& v : arr) {
    auto n = as_int(v);
    if (!n || *n <= 0) return Error::invalid(field, std::string(field) + " must hold positive integer ids");
    out.push_back(*n);
  }
  return std::optional<std::vector<Id>>{std::move(out)};
}

Result<std::string> BodyReader::raw_object(const char* field) const {
  auto it = m_obj.find(field);
  if (it == m_obj.end()) return Error::missing(field);
  if (!it->value().is_object()) return wrong_type(field, "an object", it->value());
  return json::serialize(it->value());
}

std::string to_json(const json::value& v) {
  return json::serialize(v);
}

json::object encode(const identity::User& u) {
  return {{"id", u.id},
          {"login", u.login},
          {"name", u.name},
          {"email", opt(u.email)},
          {"phone", opt(u.phone)},
          {"role", identity::role_name(u.role)},
          {"organization_id", opt(u.organization_id)},
          {"team_ids", ids(u.team_ids)},
          {"active", u.active},
          {"created_at", format_rfc3339(u.created_at)}};
}

json::object encode(const identity::Organization& o) {
  return {{"id", o.id},
          {"name", o.name},
          {"kind", identity::org_kind_name(o.kind)},
          {"domain", opt(o.domain)},
          {"created_at", format_rfc3339(o.created_at)}};
}

json::object encode(const identity::Team& t) {
  return {{"id", t.id},
          {"name", t.name},
          {"description", t.description},
          {"member_ids", ids(t.member_ids)},
          {"created_at", format_rfc3339(t.created_at)}};
}

json::object encode(const identity::ApiToken& t) {
  return {{"id", t.id},
          {"name", t.name},
          {"created_at", format_rfc3339(t.created_at)},
          {"last_used_at", opt_time(t.last_used_at)}};
}

json::object encode(const ticket::Category& c) {
  return {{"id", c.id},
          {"parent_id", opt(c.parent_id)},
          {"name", c.name},
          {"name_en", c.name_en},
          {"path", c.path}};
}

json::value encode_sla(const ticket::TicketView& v, Timestamp now) {
  if (!v.sla) return nullptr;
  const ticket::TicketSla& s = *v.sla;
  json::object o;
  o["policy"] = s.policy_name;
  o["policy_id"] = s.policy_id;
  o["why"] = s.why;
  o["state"] = sla::name(sla::state_of(s, v.ticket.state, now));
  o["first_response_due"] = opt_time(s.first_response_due);
  o["first_response_at"] = opt_time(s.first_response_at);
  o["resolution_due"] = opt_time(s.resolution_due);
  o["next_update_due"] = opt_time(s.next_update_due);
  o["paused"] = s.stopped_since.has_value() && s.paused;
  o["nearest_due"] = opt_time(s.nearest_due);
  return o;
}

std::string encode_ticket_page(const Page<ticket::TicketView>& page, Timestamp now) {
  json::array items;
  items.reserve(page.items.size());
  for (const auto& item : page.items)
    items.push_back(encode(item, now));
  json::object out;
  out["items"] = std::move(items);
  out["next_cursor"] = page.next_cursor.empty() ? json::value(nullptr) : json::value(page.next_cursor);
  return to_json(out);
}

json::object encode(const ticket::TicketView& v, Timestamp now) {
  const ticket::Ticket& t = v.ticket;
  json::object o;
  o.reserve(32);
  o["id"] = t.id;
  o["number"] = t.number;
  o["subject"] = t.subject;
  o["description"] = t.description;
  o["type"] = ticket::name(t.type);
  o["category_id"] = opt(t.category_id);
  o["impact"] = ticket::name(t.impact);
  o["urgency"] = ticket::name(t.urgency);
  o["priority"] = ticket::name(t.priority);
  o["channel"] = ticket::name(t.channel);
  o["state"] = ticket::name(t.state);
  o["tier"] = ticket::name(t.tier);
  o["requester_id"] = t.requester_id;
  o["organization_id"] = opt(t.organization_id);
  o["team_id"] = opt(t.team_id);
  o["assignee_id"] = opt(t.assignee_id);
  o["cancel_reason"] = opt(t.cancel_reason);
  o["created_at"] = format_rfc3339(t.created_at);
  o["updated_at"] = format_rfc3339(t.updated_at);
  o["resolved_at"] = opt_time(t.resolved_at);
  o["closed_at"] = opt_time(t.closed_at);
  o["version"] = t.version;
  if (!t.contact_ids.empty()) {
    json::array contacts;
    for (Id c : t.contact_ids)
      contacts.push_back(c);
    o["contact_ids"] = std::move(contacts);
  }
  o["requester"] = ref(v.requester);
  o["assignee"] = opt_ref(v.assignee);
  o["team"] = opt_ref(v.team);
  o["organization"] = opt_ref(v.organization);
  if (v.category)
    o["category"] = json::object{{"id", v.category->id},
                                 {"name", v.category->name},
                                 {"name_en", v.category->name_en},
                                 {"path", v.category->path}};
  else
    o["category"] = nullptr;
  o["sla"] = encode_sla(v, now);
  return o;
}

json::object encode(const ticket::Article& a) {
  return {
      {"id", a.id},
      {"ticket_id", a.ticket_id},
      {"kind", ticket::name(a.kind)},
      {"body", a.body},
      {"internal", a.internal},
      {"author_id", a.author_id == 0 ? json::value(nullptr) : json::value(a.author_id)},
      {"author", a.author_id == 0 ? json::value(nullptr) : json::value(ref({a.author_id, a.author_name}))},
      {"created_at", format_rfc3339(a.created_at)}};
}

json::object encode(const ticket::Event& e) {
  json::value actor = nullptr;
  if (e.actor_id) actor = ref({*e.actor_id, e.actor_name});
  return {{"id", e.id},
          {"ticket_id", e.ticket_id},
          {"actor_id", opt(e.actor_id)},
          {"actor", actor},
          {"at", format_rfc3339(e.at)},
          {"field", e.field},
          {"before", opt(e.before)},
          {"after", opt(e.after)}};
}

}  // namespace techdesk::http
