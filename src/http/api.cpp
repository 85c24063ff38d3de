#include "http/api.h"

#include <spdlog/spdlog.h>

#include <chrono>

#include "common/base64.h"
#include "common/time.h"
#include "http/error_map.h"
#include "identity/auth_service.h"
#include "identity/token.h"

namespace techdesk::http {

namespace {
bool is_api_path(const std::string& path) {
  return path.rfind("/api/", 0) == 0 || path == "/api" || path == "/healthz" || path == "/metrics";
}
}  // namespace

Api::Api(Services& services, Router router, StaticFiles ui)
    : m_services(services), m_router(std::move(router)), m_ui(std::move(ui)) {
  m_router.register_metrics(services.metrics);
  m_unmatched = &services.metrics.counter("techdesk_http_unmatched_requests_total",
                                          "Requests that matched no API route (UI files and 404s)");
}

Result<void> Api::authenticate(Request& req) {
  std::string_view token;
  bool via_cookie = false;
  if (!req.authorization.empty()) {
    std::string_view h = req.authorization;
    if (h.size() < 8 || (h.substr(0, 7) != "Bearer " && h.substr(0, 7) != "bearer "))
      return Error::unauthenticated();
    token = h.substr(7);
  } else if (auto c = req.cookie_value("techdesk_session")) {
    token = *c;
    via_cookie = true;
  } else {
    return Error::unauthenticated();
  }
  auto principal = m_services.auth.authenticate(token);
  if (!principal) return principal.release_error();
  if (via_cookie && is_write(req.method)) {
    // A cookie rides along with cross-site requests; the CSRF token, which only our pages can read, does not.
    if (req.csrf_token.empty() || !identity::constant_time_equal(req.csrf_token, principal->csrf_token))
      return Error{Errc::csrf_failed, "missing or wrong X-CSRF-Token header", {}};
  }
  req.principal = principal.release_value();
  return ok();
}

Result<std::optional<Response>> Api::replay(const idempotency::Claim& claim) {
  auto record = TD_TRY(m_services.idempotency->find_idempotency_record(claim.user_id, claim.key));
  if (!record) return std::optional<Response>{};
  if (record->request_hash != claim.request_hash)
    return Error::conflict("this Idempotency-Key was used for a different request", "Idempotency-Key");
  if (!record->status)
    return Error::conflict(
        "a request with this Idempotency-Key is still running, or its node stopped before answering; its "
        "effect, "
        "if any, is saved",
        "Idempotency-Key");
  Response r{*record->status, record->content_type, record->body, {}, {}};
  r.headers.emplace_back("Idempotent-Replayed", "true");
  return std::optional<Response>{std::move(r)};
}

Result<Response> Api::dispatch(Request& req, const Route*& route, std::optional<idempotency::Claim>& claim) {
  auto m = m_router.match(req.method, req.path, req.params);
  route = m.route;
  if (!m.route) {
    if (m.path_known) return Error{Errc::method_not_allowed, "method not allowed on this path", {}};
    if (!is_api_path(req.path) && (req.method == Method::get || req.method == Method::head)) {
      if (auto r = m_ui.serve(req.path)) return std::move(*r);
    }
    return Error::not_found("route");
  }
  if (m.route->access == Access::authenticated) TD_TRY(authenticate(req));
  if (is_write(req.method) && !req.body.empty() && !m.route->raw_body) {
    std::string_view ct = req.content_type;
    if (ct.substr(0, ct.find(';')) != "application/json")
      return Error{Errc::unsupported_media_type, "the request body must be application/json", {}};
  }
  if (!req.idempotency_key.empty() && is_write(req.method) && req.principal && m_services.idempotency) {
    const std::string& key = req.idempotency_key;
    bool printable = key.size() <= 200;
    for (unsigned char c : key)
      printable = printable && c > 0x20 && c < 0x7F;
    if (!printable)
      return Error::invalid("Idempotency-Key", "Idempotency-Key must be 1 to 200 printable ASCII characters");
    claim.emplace();
    claim->user_id = req.principal->user_id;
    claim->key = key;
    claim->request_hash = hex_encode(
        identity::token_digest(std::string(method_name(req.method)) + " " + req.path + "\n" + req.body));
    if (auto replayed = TD_TRY(replay(*claim))) return std::move(*replayed);
    idempotency::Scope scope(&*claim);
    auto result = m.route->handler(m_services, req);
    // The same request won the race on another thread or node: answer as it did, if it has.
    if (claim->taken)
      if (auto replayed = TD_TRY(replay(*claim))) return std::move(*replayed);
    return result;
  }
  return m.route->handler(m_services, req);
}

Response Api::handle(Request& req) {
  const auto start = std::chrono::steady_clock::now();
  const Route* route = nullptr;
  Response resp;
  std::optional<idempotency::Claim> claim;
  try {
    auto result = dispatch(req, route, claim);
    if (result.ok()) {
      resp = std::move(result.value());
    } else {
      const Error& e = result.error();
      if (e.code == Errc::internal || e.code == Errc::unavailable)
        spdlog::error("{} {}: {}: {}", method_name(req.method), req.path, errc_name(e.code), e.message);
      resp = error_response(e);
    }
  } catch (const std::exception& ex) {
    spdlog::error("{} {}: unhandled exception: {}", method_name(req.method), req.path, ex.what());
    resp = error_response(Error::internal(ex.what()));
  }
  // The request wrote under its Idempotency-Key: keep the answer for retries.
  if (claim && claim->claimed) {
    auto saved = m_services.idempotency->save_idempotent_response(claim->user_id, claim->key, resp.status,
                                                                  resp.content_type, resp.body);
    if (!saved) spdlog::warn("could not save the answer for an Idempotency-Key: {}", saved.error().message);
  }
  if (route) {
    double secs = std::chrono::duration<double>(std::chrono::steady_clock::now() - start).count();
    route->latency->observe(secs);
    (resp.status >= 500 ? route->count_5xx : resp.status >= 400 ? route->count_4xx : route->count_2xx)->inc();
  } else {
    m_unmatched->inc();
  }
  if (resp.content_type == "application/json") {
    resp.content_type = "application/json; charset=utf-8";
    resp.headers.emplace_back("Cache-Control", "no-store");
  }
  // The server's own time, so that clients count SLA time left against it rather than their own clock.
  if (m_services.clock) resp.headers.emplace_back("X-Server-Time", format_rfc3339(m_services.clock->now()));
  return resp;
}

}  // namespace techdesk::http
