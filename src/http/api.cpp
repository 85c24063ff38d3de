#include "http/api.h"

#include <spdlog/spdlog.h>

#include <chrono>

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

Result<Response> Api::dispatch(Request& req, const Route*& route) {
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
  if (is_write(req.method) && !req.body.empty()) {
    std::string_view ct = req.content_type;
    if (ct.substr(0, ct.find(';')) != "application/json")
      return Error{Errc::unsupported_media_type, "the request body must be application/json", {}};
  }
  return m.route->handler(m_services, req);
}

Response Api::handle(Request& req) {
  const auto start = std::chrono::steady_clock::now();
  const Route* route = nullptr;
  Response resp;
  try {
    auto result = dispatch(req, route);
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
  return resp;
}

}  // namespace techdesk::http
