// Helpers shared by the PostgreSQL repositories.
#pragma once

#include <cstdint>
#include <optional>
#include <vector>

#include "common/clock.h"
#include "storage/postgres/pg_connection.h"

namespace techdesk::storage::postgres {

inline std::optional<std::int64_t> opt_millis(const std::optional<Timestamp>& t) {
  if (!t) return std::nullopt;
  return to_millis(*t);
}

// Every row of r, read with read(PgRow&).
template <class T, class F>
std::vector<T> all_rows(const PgResult& r, F read) {
  std::vector<T> out;
  out.reserve(static_cast<std::size_t>(r.rows()));
  for (int i = 0; i < r.rows(); ++i) {
    PgRow row(r, i);
    out.push_back(read(row));
  }
  return out;
}

}  // namespace techdesk::storage::postgres
