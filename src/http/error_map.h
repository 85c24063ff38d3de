// The one table that turns error codes into HTTP statuses and the JSON error body
// {"error": {"code", "message", "field"}}. Nowhere else chooses a status for an error.
#pragma once

#include "common/error.h"
#include "http/request.h"

namespace techdesk::http {

int status_for(Errc code);
Response error_response(const Error& e);

}  // namespace techdesk::http
