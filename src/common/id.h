// Row ids: positive 64-bit integers, the same on every backend.
#pragma once

#include <cstdint>
#include <optional>
#include <string>
#include <vector>

namespace techdesk {

using Id = std::int64_t;

// A page of a keyset-paginated list. next_cursor is empty on the last page.
template <class T>
struct Page {
  std::vector<T> items;
  std::string next_cursor;
};

// For PATCH bodies: absent (nullopt), set to null (optional holding nullopt), or set to a value.
template <class T>
using Patch = std::optional<std::optional<T>>;

}  // namespace techdesk
