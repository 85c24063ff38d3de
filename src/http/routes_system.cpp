// Health, metrics and the API document.
#include "http/handler_util.h"
#include "http/router.h"

namespace techdesk::http {

void add_system_routes(Router& r) {
  r.add(Method::get, "/healthz", Access::public_, [](Services& s, Request&) -> Result<Response> {
    // A node that cannot reach its database is not healthy: the load balancer takes it out.
    TD_TRY(s.health_check());
    return Response::json(200, R"({"status":"ok"})");
  });
  r.add(Method::get, "/metrics", Access::public_, [](Services& s, Request&) -> Result<Response> {
    return Response{200, "text/plain; version=0.0.4; charset=utf-8", s.metrics.render(), {}, {}};
  });
  r.add(Method::get, "/api/v1/openapi.yaml", Access::public_, [](Services& s, Request&) -> Result<Response> {
    return Response{200, "application/yaml; charset=utf-8", s.openapi_yaml, {}, {}};
  });
}

}  // namespace techdesk::http
