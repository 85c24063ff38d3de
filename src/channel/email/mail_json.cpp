#include "channel/email/mail_json.h"

#include <boost/json.hpp>

namespace techdesk::email {

namespace json = boost::json;

std::string addresses_to_json(const std::vector<Address>& list) {
  json::array a;
  for (const auto& x : list)
    a.push_back(json::object{{"name", x.name}, {"addr", x.addr}});
  return json::serialize(a);
}

std::vector<Address> addresses_from_json(std::string_view text) {
  std::vector<Address> out;
  boost::system::error_code ec;
  auto v = json::parse(text, ec);
  if (ec || !v.is_array()) return out;
  for (const auto& e : v.get_array()) {
    if (!e.is_object()) continue;
    const auto& o = e.get_object();
    Address a;
    if (auto* n = o.if_contains("name"); n && n->is_string()) a.name = std::string(n->get_string());
    if (auto* d = o.if_contains("addr"); d && d->is_string()) a.addr = std::string(d->get_string());
    out.push_back(std::move(a));
  }
  return out;
}

std::string strings_to_json(const std::vector<std::string>& list) {
  json::array a;
  for (const auto& x : list)
    a.emplace_back(x);
  return json::serialize(a);
}

std::vector<std::string> strings_from_json(std::string_view text) {
  std::vector<std::string> out;
  boost::system::error_code ec;
  auto v = json::parse(text, ec);
  if (ec || !v.is_array()) return out;
  for (const auto& e : v.get_array())
    if (e.is_string()) out.emplace_back(e.get_string());
  return out;
}

}  // namespace techdesk::email
