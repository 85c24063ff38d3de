#include "storage/postgres/migrate_pg.h"

namespace techdesk::storage::postgres {

namespace {
constexpr const char* k_lock_key = "726112101";  // any constant shared by every TechDesk node
}

Result<std::vector<std::string>> migrate_postgres(PgConnection& c, std::span<const Migration> migrations) {
  std::vector<std::string> applied;
  c.exec(std::string("SELECT pg_advisory_lock(") + k_lock_key + ")");
  struct Unlock {
    PgConnection& c;
    ~Unlock() {
      try {
        c.exec(std::string("SELECT pg_advisory_unlock(") + k_lock_key + ")");
      } catch (const StoreFailure&) {
      }
    }
  } unlock{c};
  try {
    c.exec(
        "CREATE TABLE IF NOT EXISTS schema_migrations ("
        "  version integer PRIMARY KEY, name text NOT NULL,"
        "  applied_at bigint NOT NULL DEFAULT (extract(epoch from clock_timestamp()) * 1000)::bigint)");
  } catch (const PgError& e) {
    return Error::internal(std::string("cannot create the schema (does the role own the database?): ") +
                           e.what());
  }
  int current =
      static_cast<int>(PgRow(c.run("SELECT coalesce(max(version), 0) FROM schema_migrations"), 0).int64(0));
  if (!migrations.empty() && current > migrations.back().version) {
    return Error::internal("the database has schema version " + std::to_string(current) +
                           ", newer than this binary knows (" + std::to_string(migrations.back().version) +
                           ")");
  }
  for (const Migration& m : migrations) {
    if (m.version <= current) continue;
    try {
      c.exec("BEGIN");
      c.exec(m.sql);
      c.run("INSERT INTO schema_migrations (version, name) VALUES ($1, $2)",
            PgParams().add(m.version).add(m.name));
      c.exec("COMMIT");
    } catch (const PgError& e) {
      try {
        c.exec("ROLLBACK");
      } catch (const StoreFailure&) {
      }
      return Error::internal(std::string("migration ") + m.name + " failed: " + e.what());
    }
    applied.emplace_back(m.name);
  }
  return applied;
}

}  // namespace techdesk::storage::postgres
