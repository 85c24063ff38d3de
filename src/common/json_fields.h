// Reading JSON documents field by field, with errors that name the field at fault ("week.monday[1]",
// "actions[2].team_id"). Shared by the capabilities that keep documents (SLA calendars and policies,
// automation rules); the HTTP layer's BodyReader covers flat request bodies.
#pragma once

#include <boost/json.hpp>
#include <cstdint>
#include <initializer_list>
#include <string>

#include "common/error.h"
#include "common/id.h"

namespace techdesk::json_fields {

namespace json = boost::json;

// "a string", "an array", … for messages.
std::string kind_of(const json::value& v);
Error wrong(const std::string& field, const char* want, const json::value& v);

// unknown_field (prefix + key) for a key of obj that is not in `allowed`.
Result<void> only(const json::object& obj, std::initializer_list<const char*> allowed,
                  const std::string& prefix);
const json::value* find(const json::object& o, const char* key);

Result<const json::object*> as_object(const json::value& v, const std::string& field);
Result<const json::array*> as_array(const json::value& v, const std::string& field, std::size_t max);
Result<std::string> as_string(const json::value& v, const std::string& field);
Result<bool> as_bool(const json::value& v, const std::string& field);
Result<std::int64_t> as_int(const json::value& v, const std::string& field, std::int64_t lo, std::int64_t hi);
// An array of positive ids.
Result<std::vector<Id>> as_ids(const json::value& v, const std::string& field, std::size_t max);

// An array of names, each parsed by `parse` (nullopt: not a name of the enum); duplicates dropped.
template <class E, class Parse>
Result<std::vector<E>> as_enums(const json::value& v, const std::string& field, Parse parse,
                                const char* allowed, std::size_t max = 20) {
  const json::array* arr = TD_TRY(as_array(v, field, max));
  std::vector<E> out;
  for (std::size_t i = 0; i < arr->size(); ++i) {
    const std::string f = field + "[" + std::to_string(i) + "]";
    std::string text = TD_TRY(as_string((*arr)[i], f));
    auto e = parse(text);
    if (!e) return Error::invalid(f, f + " must be one of " + allowed);
    if (std::find(out.begin(), out.end(), *e) == out.end()) out.push_back(*e);
  }
  return out;
}

}  // namespace techdesk::json_fields
