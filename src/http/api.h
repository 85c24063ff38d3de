// The request pipeline between the transport and the handlers: route, authenticate (session cookie
// or bearer token), check CSRF on cookie-authenticated writes, check the media type, run the
// handler, map errors through error_map, count and time the request. Also serves the web UI for
// paths that are not the API's.
//
// Thread-safe: handle() is called concurrently from I/O threads and pool threads.
#pragma once

#include <optional>

#include "common/idempotency.h"
#include "http/request.h"
#include "http/router.h"
#include "http/static_files.h"

namespace techdesk::http {

class Api {
 public:
  Api(Services& services, Router router, StaticFiles ui);

  Response handle(Request& req);
  // Whether handling req may block (and so belongs on the work pool): writes always wait for their
  // commit; reads block only when the store is across a network (reads_block, e.g. PostgreSQL).
  bool may_block(const Request& req) const {
    return m_services.reads_block || (req.method != Method::get && req.method != Method::head);
  }

 private:
  Result<Response> dispatch(Request& req, const Route*& route, std::optional<idempotency::Claim>& claim);
  // The stored answer to replay for an Idempotency-Key seen before, or nullopt to run the request.
  Result<std::optional<Response>> replay(const idempotency::Claim& claim);
  Result<void> authenticate(Request& req);

  Services& m_services;
  Router m_router;
  StaticFiles m_ui;
  Counter* m_unmatched = nullptr;
};

}  // namespace techdesk::http
