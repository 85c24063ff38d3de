// Small helpers shared by the routes_*.cpp files.
#pragma once

#include <charconv>
#include <cstdio>
#include <string>
#include <string_view>

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

// How the browser is to treat a file it receives: save it, or show it in place.
enum class Disposition { attachment, inline_ };

// A Content-Disposition header value for a file named `filename` (UTF-8), as RFC 6266 says: the name
// twice, `filename="…"` for old clients — printable ASCII kept, anything else (and " \ %, which some
// clients take for escapes) as one "_" each — and `filename*=UTF-8''…`, the real name percent-encoded (RFC
// 5987 attr-chars kept) for every current browser, which prefers it.
inline std::string content_disposition(Disposition d, std::string_view filename) {
  auto attr_char = [](unsigned char c) {
    return (c >= 'A' && c <= 'Z') || (c >= 'a' && c <= 'z') || (c >= '0' && c <= '9') ||
           std::string_view("!#$&+-.^_`|~").find(static_cast<char>(c)) != std::string_view::npos;
  };
  std::string ascii, encoded;
  for (unsigned char c : filename) {
    // One "_" per character: the continuation bytes of a UTF-8 sequence add none.
    if ((c & 0xC0) != 0x80)
      ascii += c >= 0x20 && c < 0x7f && c != '"' && c != '\\' && c != '%' ? static_cast<char>(c) : '_';
    if (attr_char(c)) {
      encoded += static_cast<char>(c);
    } else {
      char buf[4];
      std::snprintf(buf, sizeof buf, "%%%02X", c);
      encoded += buf;
    }
  }
  return std::string(d == Disposition::inline_ ? "inline" : "attachment") + "; filename=\"" + ascii +
         "\"; filename*=UTF-8''" + encoded;
}

}  // namespace techdesk::http
