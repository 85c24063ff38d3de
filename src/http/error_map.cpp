#include "http/error_map.h"

#include <boost/json.hpp>

namespace techdesk::http {

int status_for(Errc code) {
  switch (code) {
    case Errc::ok:
      return 200;
    case Errc::bad_request:
    case Errc::invalid_json:
    case Errc::missing_field:
    case Errc::invalid_field:
    case Errc::unknown_field:
    case Errc::invalid_query:
      return 400;
    case Errc::unauthenticated:
    case Errc::invalid_credentials:
      return 401;
    case Errc::forbidden:
    case Errc::csrf_failed:
      return 403;
    case Errc::not_found:
      return 404;
    case Errc::method_not_allowed:
      return 405;
    case Errc::invalid_transition:
    case Errc::conflict:
      return 409;
    case Errc::payload_too_large:
      return 413;
    case Errc::unsupported_media_type:
      return 415;
    case Errc::account_locked:
      return 423;
    case Errc::expired:
      return 410;
    case Errc::unavailable:
      return 503;
    case Errc::internal:
      return 500;
  }
  return 500;
}

Response error_response(const Error& e) {
  boost::json::object err;
  err["code"] = errc_name(e.code);
  // Internal details go to the log, never to the client.
  err["message"] = e.code == Errc::internal      ? "internal error"
                   : e.code == Errc::unavailable ? "the service is temporarily unavailable"
                                                 : e.message;
  if (e.field.empty())
    err["field"] = nullptr;
  else
    err["field"] = e.field;
  boost::json::object body;
  body["error"] = std::move(err);
  return Response::json(status_for(e.code), boost::json::serialize(body));
}

}  // namespace techdesk::http
