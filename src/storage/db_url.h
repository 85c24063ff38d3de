// Database URLs: "sqlite:///abs/path.db", "sqlite://relative/path.db", "sqlite:relative.db".
// (PostgreSQL URLs "postgresql://..." arrive with the scale-out backend.)
#pragma once

#include <string>

#include "common/error.h"

namespace techdesk::storage {

struct DbUrl {
  enum class Kind { sqlite, postgresql };
  Kind kind = Kind::sqlite;
  std::string target;  // sqlite: file path; postgresql: the libpq connection string
};

Result<DbUrl> parse_db_url(const std::string& url);

}  // namespace techdesk::storage
