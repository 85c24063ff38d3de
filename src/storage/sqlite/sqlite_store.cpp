#include "storage/sqlite/sqlite_store.h"

#include "common/clock.h"
#include "common/store_failure.h"
#include "storage/sqlite/migrate.h"
#include "storage/sqlite/repos.h"

namespace techdesk::storage::sqlite {

SqliteStore::SqliteStore(const std::string& path, StoreOptions options)
    : m_db(Database::open(path, DatabaseOptions{512, options.metrics})), m_bus(options.changes) {}

// The request's Idempotency-Key (if any) is inserted in the transaction of its first write; the body
// runs on the writer thread, so the claim is taken from the caller's thread here.
template <class Tx>
Result<void> SqliteStore::write_tx(FunctionRef<bool(Tx&)> body) {
  idempotency::Claim* claim = idempotency::current();
  const bool claiming = claim && !claim->claimed;
  bool kept = false;
  std::vector<live::Change> changes;
  auto r = m_db->write([&](Connection& c) {
    if (claiming && !insert_idempotency_key(c, *claim, SystemClock().now())) {
      claim->taken = true;
      return false;
    }
    SqliteTx tx(c, &changes);
    kept = body(tx);
    return kept;
  });
  if (claiming && claim->taken) return idempotency::key_taken();
  if (r.ok() && claiming && kept) claim->claimed = true;
  // Told only now that the group commit is durable; a rolled-back body's changes are dropped.
  if (r.ok() && kept && m_bus)
    for (const auto& change : changes)
      m_bus->deliver(change);
  return r;
}

template <class Tx>
Result<void> SqliteStore::read_tx(FunctionRef<void(Tx&)> body) {
  return m_db->read([&](Connection& c) {
    SqliteTx tx(c);
    body(tx);
  });
}

Result<std::optional<idempotency::Record>> SqliteStore::find_idempotency_record(Id user,
                                                                                const std::string& key) {
  std::optional<idempotency::Record> out;
  TD_TRY(m_db->read([&](Connection& c) { out = find_idempotency_key(c, user, key); }));
  return out;
}

Result<void> SqliteStore::save_idempotent_response(Id user, const std::string& key, int status,
                                                   const std::string& content_type, const std::string& body) {
  return m_db->write([&](Connection& c) {
    save_idempotency_response(c, user, key, status, content_type, body);
    return true;
  });
}

Result<int> SqliteStore::purge_idempotency_records(std::int64_t before_ms, int limit) {
  int n = 0;
  TD_TRY(m_db->write([&](Connection& c) {
    c.query(
         "DELETE FROM idempotency_keys WHERE (user_id, key) IN "
         "(SELECT user_id, key FROM idempotency_keys WHERE created_at < ? LIMIT ?)")
        .bind(1, before_ms)
        .bind(2, limit)
        .run();
    n = c.changes();
    return true;
  }));
  return n;
}

Result<void> SqliteStore::ping() {
  return m_db->read([](Connection& c) { c.query("SELECT 1").run(); });
}

Result<std::vector<std::string>> SqliteStore::migrate() {
  return sqlite::migrate(*m_db, sqlite_migrations());
}

Result<void> SqliteStore::run_read(FunctionRef<void(identity::IdentityTx&)> body) {
  return read_tx(body);
}

Result<void> SqliteStore::run_write(FunctionRef<bool(identity::IdentityTx&)> body) {
  return write_tx(body);
}

Result<void> SqliteStore::run_read(FunctionRef<void(ticket::TicketTx&)> body) {
  return read_tx(body);
}

Result<void> SqliteStore::run_write(FunctionRef<bool(ticket::TicketTx&)> body) {
  return write_tx(body);
}

Result<void> SqliteStore::run_read(FunctionRef<void(jobs::JobTx&)> body) {
  return read_tx(body);
}
Result<void> SqliteStore::run_write(FunctionRef<bool(jobs::JobTx&)> body) {
  return write_tx(body);
}
Result<void> SqliteStore::run_read(FunctionRef<void(sla::SlaTx&)> body) {
  return read_tx(body);
}
Result<void> SqliteStore::run_write(FunctionRef<bool(sla::SlaTx&)> body) {
  return write_tx(body);
}
Result<void> SqliteStore::run_read(FunctionRef<void(dispatch::DispatchTx&)> body) {
  return read_tx(body);
}
Result<void> SqliteStore::run_write(FunctionRef<bool(dispatch::DispatchTx&)> body) {
  return write_tx(body);
}
Result<void> SqliteStore::run_read(FunctionRef<void(search::SearchTx&)> body) {
  return read_tx(body);
}
Result<void> SqliteStore::run_write(FunctionRef<bool(search::SearchTx&)> body) {
  return write_tx(body);
}
Result<void> SqliteStore::run_read(FunctionRef<void(kb::KbTx&)> body) {
  return read_tx(body);
}
Result<void> SqliteStore::run_write(FunctionRef<bool(kb::KbTx&)> body) {
  return write_tx(body);
}
Result<void> SqliteStore::run_read(FunctionRef<void(email::MailTx&)> body) {
  return read_tx(body);
}
Result<void> SqliteStore::run_write(FunctionRef<bool(email::MailTx&)> body) {
  return write_tx(body);
}
Result<void> SqliteStore::run_read(FunctionRef<void(feedback::FeedbackTx&)> body) {
  return read_tx(body);
}
Result<void> SqliteStore::run_write(FunctionRef<bool(feedback::FeedbackTx&)> body) {
  return write_tx(body);
}
Result<void> SqliteStore::run_read(FunctionRef<void(report::ReportTx&)> body) {
  return read_tx(body);
}
Result<void> SqliteStore::run_write(FunctionRef<bool(report::ReportTx&)> body) {
  return write_tx(body);
}
Result<void> SqliteStore::run_read(FunctionRef<void(notify::NotifyTx&)> body) {
  return read_tx(body);
}
Result<void> SqliteStore::run_write(FunctionRef<bool(notify::NotifyTx&)> body) {
  return write_tx(body);
}

}  // namespace techdesk::storage::sqlite
