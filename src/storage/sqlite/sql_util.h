// Conversions shared by the SQLite repositories.
#pragma once

#include <cstdint>
#include <optional>
#include <string>
#include <string_view>

#include "common/clock.h"

namespace techdesk::storage::sqlite {

inline std::optional<Timestamp> opt_time(const std::optional<std::int64_t>& v) {
  if (!v) return std::nullopt;
  return from_millis(*v);
}

inline std::optional<std::int64_t> opt_millis(const std::optional<Timestamp>& t) {
  if (!t) return std::nullopt;
  return to_millis(*t);
}

// A LIKE pattern matching `text` anywhere, with %, _ and \ in it taken literally (use ESCAPE '\').
inline std::string like_pattern(std::string_view text) {
  std::string out = "%";
  for (char c : text) {
    if (c == '%' || c == '_' || c == '\\') out += '\\';
    out += c;
  }
  out += '%';
  return out;
}

}  // namespace techdesk::storage::sqlite
