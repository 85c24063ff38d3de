// One versioned schema migration, as embedded into the binary from src/storage/migrations/<backend>/.
#pragma once

namespace techdesk::storage {

struct Migration {
  int version;
  const char* name;
  const char* sql;
};

}  // namespace techdesk::storage
