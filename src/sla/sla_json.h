// Calendars and policies as JSON documents — the API's shape and the stored form are the same. Reading
// checks every field and names the one at fault ("week.monday[1].start", "targets.P2.resolution");
// unknown fields are refused. validate() (calendar.h, policy.h) then checks the whole.
#pragma once

#include <boost/json/fwd.hpp>
#include <string>

#include "common/error.h"
#include "sla/calendar.h"
#include "sla/policy.h"

namespace techdesk::sla {

boost::json::object calendar_to_json(const Calendar& c);
// `id` and `updated_at` in the input are ignored (the server owns them).
Result<Calendar> calendar_from_json(const boost::json::value& v);

boost::json::object policy_to_json(const Policy& p);
Result<Policy> policy_from_json(const boost::json::value& v);

// The stored documents (the same JSON, serialised).
std::string calendar_document(const Calendar& c);
Result<Calendar> calendar_from_document(const std::string& text);
std::string policy_document(const Policy& p);
Result<Policy> policy_from_document(const std::string& text);

}  // namespace techdesk::sla
