// Bearer credentials: 256-bit random values shown once to their owner and stored only as SHA-256
// digests, so a stolen database does not yield usable tokens and checking one costs a hash and an
// indexed lookup.
#pragma once

#include <string>
#include <string_view>

namespace techdesk::identity {

// Prefixes tell the two kinds apart without a second lookup.
inline constexpr std::string_view k_session_prefix = "tds_";
inline constexpr std::string_view k_api_token_prefix = "tdk_";

struct IssuedToken {
  std::string token;   // what the client presents, e.g. "tds_3q2X..."
  std::string digest;  // 32 raw bytes, SHA-256 of token
};

IssuedToken issue_token(std::string_view prefix);
std::string token_digest(std::string_view token);
// A random URL-safe string of n bytes of entropy (for CSRF tokens).
std::string random_urlsafe(std::size_t n_bytes);
// Compares two strings in time independent of where they differ.
bool constant_time_equal(std::string_view a, std::string_view b);

}  // namespace techdesk::identity
