// The HTTP request and response as handlers see them: plain data, no Beast types, so route files
// compile fast and can be tested without a socket.
#pragma once

#include <memory>
#include <optional>
#include <string>
#include <string_view>
#include <utility>
#include <vector>

#include "common/error.h"
#include "common/id.h"
#include "identity/types.h"

namespace techdesk::http {

class EventStream;

enum class Method { get, head, post, put, patch, delete_, options, other };

std::string_view method_name(Method m);
Method parse_method(std::string_view m);
inline bool is_write(Method m) {
  return m == Method::post || m == Method::put || m == Method::patch || m == Method::delete_;
}

struct Request {
  Method method = Method::get;
  std::string target;                                      // raw request target, path and query
  std::string path;                                        // percent-decoded path
  std::vector<std::pair<std::string, std::string>> query;  // decoded, in order
  std::string body;
  // The headers handlers and middleware need, lifted out of the transport.
  std::string content_type;
  std::string authorization;
  std::string cookie;
  std::string csrf_token;       // X-CSRF-Token
  std::string idempotency_key;  // Idempotency-Key
  std::string remote_addr;

  // Filled by routing and authentication:
  std::vector<std::string> params;  // path placeholders, in order
  std::optional<identity::Principal> principal;

  // The value of query parameter `name`, if present (the last one wins).
  std::optional<std::string_view> query_param(std::string_view name) const;
  // The value of cookie `name`, if present.
  std::optional<std::string_view> cookie_value(std::string_view name) const;
  // REQUIRES: the route is authenticated.
  const identity::Principal& actor() const { return *principal; }
};

struct Response {
  int status = 200;
  std::string content_type = "application/json";
  std::string body;
  std::vector<std::pair<std::string, std::string>> headers;
  // Set for a Server-Sent Events answer: the transport sends the headers, then the stream's messages.
  std::shared_ptr<EventStream> stream = {};

  static Response json(int status, std::string body) {
    return {status, "application/json", std::move(body), {}, {}};
  }
  static Response no_content() { return {204, {}, {}, {}, {}}; }
};

// Parses a positive id from a path segment; not_found for anything else, so that /tickets/abc
// answers like an unknown ticket.
Result<Id> parse_id(std::string_view segment, const char* what);

// Splits a request target into decoded path and query pairs. False when the target is malformed
// (bad percent-encoding, not starting with '/').
bool parse_target(std::string_view target, std::string& path,
                  std::vector<std::pair<std::string, std::string>>& query);

}  // namespace techdesk::http
