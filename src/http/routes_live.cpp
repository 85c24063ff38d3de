// Live updates: a Server-Sent Events stream of the changes the caller may see.
#include "http/handler_util.h"
#include "http/live_hub.h"
#include "http/router.h"

namespace techdesk::http {

namespace {

Result<Response> open_stream(Services& s, Request& req) {
  if (!s.live) return Error{Errc::unavailable, "live updates are not enabled on this node", {}};
  Response resp;
  resp.content_type = "text/event-stream; charset=utf-8";
  resp.stream = s.live->open(req.actor());
  return resp;
}

}  // namespace

void add_live_routes(Router& r) {
  r.add(Method::get, "/api/v1/stream", Access::authenticated, open_stream);
  // The same stream under the name the dispatch contract uses.
  r.add(Method::get, "/api/v1/events", Access::authenticated, open_stream);
}

}  // namespace techdesk::http
