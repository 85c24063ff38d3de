// Wire names of enums as constexpr tables, looked up both ways. Used by the capabilities' types.cpp.
#pragma once

#include <array>
#include <optional>
#include <string_view>
#include <utility>

namespace techdesk::enum_names {

template <class E, std::size_t N>
using Names = std::array<std::pair<E, std::string_view>, N>;

// The name of v; the first entry's name for a value that is not in the table.
template <class E, std::size_t N>
constexpr std::string_view lookup(const Names<E, N>& names, E v) {
  for (const auto& [e, n] : names)
    if (e == v) return n;
  return names[0].second;
}

// The value named s; nullopt for a name that is not in the table.
template <class E, std::size_t N>
constexpr std::optional<E> parse(const Names<E, N>& names, std::string_view s) {
  for (const auto& [e, n] : names)
    if (n == s) return e;
  return std::nullopt;
}

}  // namespace techdesk::enum_names
