// Canned text with placeholders, for macros and for the replies and notes automation rules write:
//   {{requester.name}} {{ticket.number}} {{ticket.subject}} {{agent.name}} {{team.name}}
// Pure functions: checking a template when it is saved, and filling one in.
#pragma once

#include <map>
#include <string>
#include <string_view>

#include "common/error.h"

namespace techdesk::dispatch {

inline constexpr const char* k_placeholders[] = {"requester.name", "ticket.number", "ticket.subject",
                                                 "agent.name", "team.name"};

// A template's text: plain UTF-8, at most 20,000 characters, only known placeholders, braces balanced.
// Errors name `field` ("body", "actions[2].text").
Result<void> check_template(std::string_view text, const std::string& field);

// Fills every {{name}} from values (a missing value becomes the empty string).
std::string render_template(std::string_view text, const std::map<std::string, std::string>& values);

}  // namespace techdesk::dispatch
