// The PostgreSQL implementation of storage::Store: a connection pool, reads in autocommit (each
// statement sees what was committed before it), write transactions at READ COMMITTED retried on
// serialization failures and deadlocks, and migrations serialised across nodes by an advisory lock.
#pragma once

#include <memory>
#include <mutex>
#include <set>
#include <string>

#include "storage/postgres/live_pg.h"
#include "storage/postgres/pg_connection.h"
#include "storage/store.h"

namespace techdesk::storage::postgres {

class PgStore final : public Store {
 public:
  // Connects the whole pool at once. Throws StoreFailure (e.g. "cannot connect to PostgreSQL: …").
  PgStore(const std::string& url, StoreOptions options);

  std::string backend() const override { return "postgresql"; }
  std::size_t max_concurrent_transactions() const override { return m_pool_size; }
  Result<std::vector<std::string>> migrate() override;
  Result<void> ping() override;
  Result<std::optional<idempotency::Record>> find_idempotency_record(Id user,
                                                                     const std::string& key) override;
  Result<void> save_idempotent_response(Id user, const std::string& key, int status,
                                        const std::string& content_type, const std::string& body) override;
  Result<int> purge_idempotency_records(std::int64_t before_ms, int limit) override;
  PgPool& pool() { return *m_pool; }

 protected:
  Result<void> run_read(FunctionRef<void(identity::IdentityTx&)> body) override;
  Result<void> run_write(FunctionRef<bool(identity::IdentityTx&)> body) override;
  Result<void> run_read(FunctionRef<void(ticket::TicketTx&)> body) override;
  Result<void> run_write(FunctionRef<bool(ticket::TicketTx&)> body) override;
  Result<void> run_read(FunctionRef<void(jobs::JobTx&)> body) override;
  Result<void> run_write(FunctionRef<bool(jobs::JobTx&)> body) override;
  Result<void> run_read(FunctionRef<void(sla::SlaTx&)> body) override;
  Result<void> run_write(FunctionRef<bool(sla::SlaTx&)> body) override;
  Result<void> run_read(FunctionRef<void(dispatch::DispatchTx&)> body) override;
  Result<void> run_write(FunctionRef<bool(dispatch::DispatchTx&)> body) override;
  Result<void> run_read(FunctionRef<void(search::SearchTx&)> body) override;
  Result<void> run_write(FunctionRef<bool(search::SearchTx&)> body) override;
  Result<void> run_read(FunctionRef<void(kb::KbTx&)> body) override;
  Result<void> run_write(FunctionRef<bool(kb::KbTx&)> body) override;
  Result<void> run_read(FunctionRef<void(email::MailTx&)> body) override;
  Result<void> run_write(FunctionRef<bool(email::MailTx&)> body) override;
  Result<void> run_read(FunctionRef<void(feedback::FeedbackTx&)> body) override;
  Result<void> run_write(FunctionRef<bool(feedback::FeedbackTx&)> body) override;
  Result<void> run_read(FunctionRef<void(report::ReportTx&)> body) override;
  Result<void> run_write(FunctionRef<bool(report::ReportTx&)> body) override;
  Result<void> run_read(FunctionRef<void(notify::NotifyTx&)> body) override;
  Result<void> run_write(FunctionRef<bool(notify::NotifyTx&)> body) override;

 private:
  template <class Tx>
  Result<void> read_tx(FunctionRef<void(Tx&)> body);
  template <class Tx>
  Result<void> write_tx(FunctionRef<bool(Tx&)> body);
  // Creates the day's ticket-number sequence on its own connection if this node has not seen it.
  void ensure_day_sequence(const std::string& day);

  std::unique_ptr<PgPool> m_pool;
  std::size_t m_pool_size = 4;  // set by the constructor
  std::mutex m_days_mutex;
  std::set<std::string> m_days;  // GUARDED_BY(m_days_mutex); held while a day's sequence is created
  Histogram* m_commit_seconds = nullptr;
  Histogram* m_read_seconds = nullptr;
  Counter* m_commits = nullptr;
  Counter* m_retries = nullptr;
  std::unique_ptr<PgNotifier> m_notifier;  // tells every node what this one committed
  std::unique_ptr<PgListener> m_listener;  // when the node wants live changes
};

}  // namespace techdesk::storage::postgres
