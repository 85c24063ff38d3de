#include "common/json_fields.h"

namespace techdesk::json_fields {

std::string kind_of(const json::value& v) {
  switch (v.kind()) {
    case json::kind::null:
      return "null";
    case json::kind::bool_:
      return "a boolean";
    case json::kind::int64:
    case json::kind::uint64:
    case json::kind::double_:
      return "a number";
    case json::kind::string:
      return "a string";
    case json::kind::array:
      return "an array";
    case json::kind::object:
      return "an object";
  }
  return "something else";
}

Error wrong(const std::string& field, const char* want, const json::value& v) {
  return Error::invalid(field, field + " must be " + want + ", not " + kind_of(v));
}

Result<void> only(const json::object& obj, std::initializer_list<const char*> allowed,
                  const std::string& prefix) {
  for (const auto& kv : obj) {
    bool known = false;
    for (const char* a : allowed)
      known = known || kv.key() == a;
    if (!known) return Error::unknown_field(prefix + std::string(kv.key()));
  }
  return ok();
}

const json::value* find(const json::object& o, const char* key) {
  auto it = o.find(key);
  return it == o.end() ? nullptr : &it->value();
}

Result<const json::object*> as_object(const json::value& v, const std::string& field) {
  if (!v.is_object()) return wrong(field, "an object", v);
  return &v.get_object();
}

Result<const json::array*> as_array(const json::value& v, const std::string& field, std::size_t max) {
  if (!v.is_array()) return wrong(field, "an array", v);
  if (v.get_array().size() > max)
    return Error::invalid(field, field + " must have at most " + std::to_string(max) + " entries");
  return &v.get_array();
}

Result<std::string> as_string(const json::value& v, const std::string& field) {
  if (!v.is_string()) return wrong(field, "a string", v);
  return std::string(v.get_string());
}

Result<bool> as_bool(const json::value& v, const std::string& field) {
  if (!v.is_bool()) return wrong(field, "true or false", v);
  return v.get_bool();
}

Result<std::int64_t> as_int(const json::value& v, const std::string& field, std::int64_t lo,
                            std::int64_t hi) {
  if (!v.is_int64() && !v.is_uint64()) return wrong(field, "an integer", v);
  if (v.is_uint64() || v.get_int64() < lo || v.get_int64() > hi)
    return Error::invalid(
        field, field + " must be an integer from " + std::to_string(lo) + " to " + std::to_string(hi));
  return v.get_int64();
}

Result<std::vector<Id>> as_ids(const json::value& v, const std::string& field, std::size_t max) {
  const json::array* arr = TD_TRY(as_array(v, field, max));
  std::vector<Id> out;
  for (std::size_t i = 0; i < arr->size(); ++i)
    out.push_back(TD_TRY(as_int((*arr)[i], field + "[" + std::to_string(i) + "]", 1, INT64_MAX)));
  return out;
}

}  // namespace techdesk::json_fields
