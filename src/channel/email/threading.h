// Threading references TechDesk puts into its own mail, signed so that nobody can attach mail to a
// ticket by guessing a number: a tag in the subject ("[TD#20261121-0001/k7f3q2]") and the Message-ID of
// every mail we send ("td.<ticket id>.<nonce>.<signature>@<domain>"), both verified with an HMAC-SHA-256
// keyed by the server's secret. Pure functions; thread-safe.
#pragma once

#include <optional>
#include <string>
#include <string_view>

#include "common/id.h"

namespace techdesk::email {

// REQUIRES: key is at least 32 bytes.
std::string subject_tag(std::string_view ticket_number, std::string_view key);
// The ticket number of the first correctly signed tag in a subject, or nullopt (absent, or forged).
std::optional<std::string> find_subject_tag(std::string_view subject, std::string_view key);

// A Message-ID (without <>) for mail about `ticket`; `nonce` makes it unique (e.g. the outbox row id).
std::string make_message_id(Id ticket, std::string_view nonce, std::string_view domain, std::string_view key);
// The ticket of one of our Message-IDs when its signature holds, else nullopt.
std::optional<Id> verify_message_id(std::string_view message_id, std::string_view key);

}  // namespace techdesk::email
