// Live updates: a Server-Sent Events stream of the changes the caller may see.
#include "http/handler_util.h"
#include "http/live_hub.h"
#include "http/router.h"

namespace techdesk::http {

void add_live_routes(Router& r) {
  r.add(Method::get, "/api/v1/stream", Access::authenticated,
        [](Services& s, Request& req) -> Result<Response> {
          if (!s.live) return Error{Errc::unavailable, "live updates are not enabled on this node", {}};
          Response resp;
          resp.content_type = "text/event-stream; charset=utf-8";
          resp.stream = s.live->open(req.actor());
          return resp;
        });
}

}  // namespace techdesk::http
