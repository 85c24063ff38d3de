// Database URLs: "sqlite:///abs/path.db", "sqlite://relative/path.db", "sqlite:relative.db", and
// "postgresql://user:password@host:port/database[?pool=N&…]" (libpq URI; pool is ours).
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

// The URL with any password replaced by "***", for logs and messages.
std::string redact_db_url(const std::string& url);

}  // namespace techdesk::storage
