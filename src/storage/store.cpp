#include "storage/store.h"

#include "common/store_failure.h"
#include "storage/db_url.h"
#include "storage/postgres/pg_store.h"
#include "storage/sqlite/sqlite_store.h"

namespace techdesk::storage {

Result<std::unique_ptr<Store>> open_store(const std::string& url, StoreOptions options) {
  DbUrl parsed = TD_TRY(parse_db_url(url));
  try {
    if (parsed.kind == DbUrl::Kind::postgresql)
      return std::unique_ptr<Store>(std::make_unique<postgres::PgStore>(parsed.target, options));
    return std::unique_ptr<Store>(std::make_unique<sqlite::SqliteStore>(parsed.target, options));
  } catch (const StoreFailure& e) {
    return Error{Errc::unavailable, e.what(), "db"};
  }
}

}  // namespace techdesk::storage
