// Small helpers shared by the routes_*.cpp files.
#pragma once

#include <charconv>
#include <string>

#include "common/time.h"
#include "http/json_codec.h"
#include "http/request.h"

namespace techdesk::http {

inline Response json_response(int status, const boost::json::value& v) {
  return Response::json(status, to_json(v));
}

// limit=1..100, default 25.
inline Result<int> parse_limit(const Request& req, int fallback = 25) {
  auto v = req.query_param("limit");
  if (!v) return fallback;
  int n = 0;
  auto [p, ec] = std::from_chars(v->data(), v->data() + v->size(), n);
  if (ec != std::errc{} || p != v->data() + v->size() || n < 1 || n > 100)
    return Error::invalid_query("limit", "limit must be an integer from 1 to 100");
  return n;
}

// An optional positive id in the query string.
inline Result<std::optional<Id>> query_id(const Request& req, const char* name) {
  auto v = req.query_param(name);
  if (!v || v->empty()) return std::optional<Id>{};
  Id n = 0;
  auto [p, ec] = std::from_chars(v->data(), v->data() + v->size(), n);
  if (ec != std::errc{} || p != v->data() + v->size() || n <= 0)
    return Error::invalid_query(name, std::string(name) + " must be a positive id");
  return std::optional<Id>{n};
}

inline std::string query_string(const Request& req, const char* name) {
  auto v = req.query_param(name);
  return v ? std::string(*v) : std::string{};
}

}  // namespace techdesk::http
