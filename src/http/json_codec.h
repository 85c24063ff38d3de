// JSON in and out of the API. BodyReader checks a request body field by field and names the field
// at fault; the encode_* functions write domain objects in the documented wire shapes.
#pragma once

#include <boost/json/object.hpp>
#include <boost/json/value.hpp>

#include <initializer_list>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "common/error.h"
#include "common/id.h"
#include "identity/auth_service.h"
#include "identity/types.h"
#include "ticket/types.h"

namespace techdesk::http {

class BodyReader {
 public:
  // Parses body as a JSON object whose keys are all in `allowed`. An empty body is an empty object
  // when allow_empty is set. Errors: invalid_json, unknown_field.
  static Result<BodyReader> parse(std::string_view body, std::initializer_list<std::string_view> allowed,
                                  bool allow_empty = false);

  bool has(std::string_view field) const { return m_obj.contains(field); }

  Result<std::string> required_string(const char* field) const;
  Result<std::optional<std::string>> optional_string(const char* field) const;
  // Absent → nullopt; null → optional(nullopt); a string → its value.
  Result<Patch<std::string>> patch_string(const char* field) const;
  Result<std::optional<Id>> optional_id(const char* field) const;
  Result<Patch<Id>> patch_id(const char* field) const;
  Result<std::optional<int>> optional_int(const char* field) const;
  Result<std::optional<bool>> optional_bool(const char* field) const;
  Result<std::optional<std::vector<Id>>> optional_id_list(const char* field) const;
  // A field that must be a JSON object, serialised back to text.
  Result<std::string> raw_object(const char* field) const;

  // An enum given by name, parsed with `parse`; the error lists `allowed_names`.
  template <class E, class ParseFn>
  Result<std::optional<E>> optional_enum(const char* field, ParseFn parse, const char* allowed_names) const {
    auto s = TD_TRY(optional_string(field));
    if (!s) return std::optional<E>{};
    auto v = parse(*s);
    if (!v) return Error::invalid(field, std::string(field) + " must be one of " + allowed_names);
    return std::optional<E>{*v};
  }

 private:
  explicit BodyReader(boost::json::object obj) : m_obj(std::move(obj)) {}
  boost::json::object m_obj;
};

std::string to_json(const boost::json::value& v);

// The body as one JSON object (a document that its own reader checks field by field). Errors:
// invalid_json.
Result<boost::json::value> parse_json_object(std::string_view body);

boost::json::object encode(const identity::User& u);
boost::json::object encode(const identity::Organization& o);
boost::json::object encode(const identity::Team& t);
boost::json::object encode(const identity::ApiToken& t);
boost::json::object encode(const ticket::Category& c);
// A ticket with its SLA as of `now` (the state — ok, warning, breached, paused, met — depends on it).
boost::json::object encode(const ticket::TicketView& v, Timestamp now);
boost::json::value encode_sla(const ticket::TicketView& v, Timestamp now);
std::string encode_ticket_page(const Page<ticket::TicketView>& page, Timestamp now);
boost::json::object encode(const ticket::Article& a);
boost::json::object encode(const ticket::Event& e);

// {"items": [...], "next_cursor": ...}
template <class T>
std::string encode_page(const Page<T>& page) {
  boost::json::array items;
  items.reserve(page.items.size());
  for (const auto& item : page.items)
    items.push_back(encode(item));
  boost::json::object out;
  out["items"] = std::move(items);
  if (page.next_cursor.empty())
    out["next_cursor"] = nullptr;
  else
    out["next_cursor"] = page.next_cursor;
  return to_json(out);
}

template <class T>
std::string encode_items(const std::vector<T>& items) {
  return encode_page(Page<T>{items, {}});
}

}  // namespace techdesk::http
