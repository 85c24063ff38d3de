#include "storage/sqlite/sqlite_store.h"

#include "common/store_failure.h"
#include "storage/sqlite/migrate.h"
#include "storage/sqlite/repos.h"

namespace techdesk::storage::sqlite {

SqliteStore::SqliteStore(const std::string& path, StoreOptions options)
    : m_db(Database::open(path, DatabaseOptions{512, options.metrics})) {}

Result<void> SqliteStore::ping() {
  return m_db->read([](Connection& c) { c.query("SELECT 1").run(); });
}

Result<std::vector<std::string>> SqliteStore::migrate() {
  return sqlite::migrate(*m_db, sqlite_migrations());
}

Result<void> SqliteStore::run_read(FunctionRef<void(identity::IdentityTx&)> body) {
  return m_db->read([&](Connection& c) {
    SqliteTx tx(c);
    body(tx);
  });
}

Result<void> SqliteStore::run_write(FunctionRef<bool(identity::IdentityTx&)> body) {
  return m_db->write([&](Connection& c) {
    SqliteTx tx(c);
    return body(tx);
  });
}

Result<void> SqliteStore::run_read(FunctionRef<void(ticket::TicketTx&)> body) {
  return m_db->read([&](Connection& c) {
    SqliteTx tx(c);
    body(tx);
  });
}

Result<void> SqliteStore::run_write(FunctionRef<bool(ticket::TicketTx&)> body) {
  return m_db->write([&](Connection& c) {
    SqliteTx tx(c);
    return body(tx);
  });
}

}  // namespace techdesk::storage::sqlite
