// Automation rules as JSON documents (the API's shape and the stored form), read field by field.
#pragma once

#include <boost/json/fwd.hpp>
#include <string>

#include "common/error.h"
#include "dispatch/rules.h"

namespace techdesk::dispatch {

boost::json::object rule_to_json(const Rule& r);
// `id`, `last_error`, `last_error_at` and `updated_at` in the input are ignored (the server owns them).
Result<Rule> rule_from_json(const boost::json::value& v);

std::string rule_document(const Rule& r);  // when, then, trigger: what the row's columns do not hold
Result<Rule> rule_from_document(const std::string& text);

}  // namespace techdesk::dispatch
