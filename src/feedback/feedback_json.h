// The feedback documents as JSON: the settings and a category's form fields. Used to store them (one JSON
// text each) and on the wire; readers name the field at fault ("policies[1].reopen_days").
#pragma once

#include <boost/json.hpp>
#include <vector>

#include "common/error.h"
#include "feedback/types.h"

namespace techdesk::feedback {

boost::json::value settings_to_json(const Settings& s);
// Missing keys keep their defaults. Errors: unknown_field, invalid_field naming the field.
Result<Settings> settings_from_json(const boost::json::value& v);

boost::json::array form_to_json(const std::vector<FormField>& fields);
Result<std::vector<FormField>> form_from_json(const boost::json::value& v);

}  // namespace techdesk::feedback
