// JSON forms of the email channel's small values, shared by the stores (address lists kept as JSON text)
// and the HTTP adapter. Pure; thread-safe.
#pragma once

#include <string>
#include <string_view>
#include <vector>

#include "channel/email/types.h"

namespace techdesk::email {

std::string addresses_to_json(const std::vector<Address>& list);
// Malformed text gives an empty list (the stores only read what they wrote).
std::vector<Address> addresses_from_json(std::string_view json);
std::string strings_to_json(const std::vector<std::string>& list);
std::vector<std::string> strings_from_json(std::string_view json);

}  // namespace techdesk::email
