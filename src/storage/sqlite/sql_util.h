// Conversions shared by the SQLite repositories.
#pragma once

#include <cstdint>
#include <optional>

#include "common/clock.h"
#include "storage/row_mapping.h"
#include "storage/ticket_list_sql.h"

namespace techdesk::storage::sqlite {

using storage::as_time;
using storage::like_pattern;

inline std::optional<std::int64_t> opt_millis(const std::optional<Timestamp>& t) {
  if (!t) return std::nullopt;
  return to_millis(*t);
}

}  // namespace techdesk::storage::sqlite
