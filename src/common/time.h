// Formatting and parsing of timestamps (RFC 3339, UTC) and calendar dates in a time zone.
#pragma once

#include <optional>
#include <string>
#include <string_view>

#include "common/clock.h"

namespace techdesk {

// "2026-11-21T05:32:00.123Z"
std::string format_rfc3339(Timestamp t);
// Accepts "YYYY-MM-DDTHH:MM:SS[.fff](Z|±HH:MM)"; nullopt when malformed.
std::optional<Timestamp> parse_rfc3339(std::string_view text);

// The local calendar date of t in the IANA zone, as "YYYYMMDD". Throws std::runtime_error when the
// zone is unknown (a start-up configuration error, checked once by zone_exists()).
std::string local_date_compact(Timestamp t, const std::string& zone);
bool zone_exists(const std::string& zone);

}  // namespace techdesk
