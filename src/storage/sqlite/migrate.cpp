#include "storage/sqlite/migrate.h"

#include "storage/sqlite/database.h"

namespace techdesk::storage::sqlite {

Result<std::vector<std::string>> migrate(Database& db, std::span<const Migration> migrations) {
  std::vector<std::string> applied;
  int current = 0;
  TD_TRY(db.write([&](Connection& c) {
    c.exec(
        "CREATE TABLE IF NOT EXISTS schema_migrations ("
        "  version INTEGER PRIMARY KEY, name TEXT NOT NULL, applied_at INTEGER NOT NULL)");
    auto q = c.query("SELECT coalesce(max(version), 0) FROM schema_migrations");
    if (q.step()) current = static_cast<int>(q.int64(0));
    return true;
  }));
  if (!migrations.empty() && current > migrations.back().version) {
    return Error::internal("the database has schema version " + std::to_string(current) +
                           ", newer than this binary knows (" + std::to_string(migrations.back().version) +
                           ")");
  }
  for (const Migration& m : migrations) {
    if (m.version <= current) continue;
    std::string failure;
    TD_TRY(db.write([&](Connection& c) {
      try {
        c.exec(m.sql);
      } catch (const std::exception& e) {
        failure = e.what();
        return false;
      }
      c.query(
           "INSERT INTO schema_migrations (version, name, applied_at) VALUES (?, ?, CAST((julianday('now') - "
           "2440587.5) * 86400000 AS INTEGER))")
          .bind(1, m.version)
          .bind(2, m.name)
          .run();
      return true;
    }));
    if (!failure.empty()) return Error::internal(std::string("migration ") + m.name + " failed: " + failure);
    applied.emplace_back(m.name);
  }
  return applied;
}

}  // namespace techdesk::storage::sqlite
