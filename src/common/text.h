// Small text helpers shared by codecs and rules. Pure functions; no allocation beyond the result.
#pragma once

#include <cstddef>
#include <string>
#include <string_view>

namespace techdesk {

// True when s is well-formed UTF-8 (no overlongs, no surrogates, nothing past U+10FFFF).
bool is_valid_utf8(std::string_view s);
// Number of code points in well-formed UTF-8.
std::size_t utf8_length(std::string_view s);
// True when s holds a C0 control character other than tab, LF and CR (NUL included), or DEL.
bool has_control_chars(std::string_view s, bool allow_newlines);
// s without leading and trailing ASCII white space.
std::string_view trim(std::string_view s);
std::string ascii_lower(std::string_view s);

}  // namespace techdesk
