// The SQLite implementation of storage::Store.
#pragma once

#include <memory>
#include <string>

#include "storage/sqlite/database.h"
#include "storage/store.h"

namespace techdesk::storage::sqlite {

class SqliteStore final : public Store {
 public:
  // Throws StoreFailure when the file cannot be opened.
  SqliteStore(const std::string& path, StoreOptions options);

  std::string backend() const override { return "sqlite"; }
  Result<std::vector<std::string>> migrate() override;
  Result<void> ping() override;
  Result<std::optional<idempotency::Record>> find_idempotency_record(Id user,
                                                                     const std::string& key) override;
  Result<void> save_idempotent_response(Id user, const std::string& key, int status,
                                        const std::string& content_type, const std::string& body) override;
  Result<int> purge_idempotency_records(std::int64_t before_ms, int limit) override;
  Database& database() { return *m_db; }

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
  Result<void> write_tx(FunctionRef<bool(Tx&)> body);
  template <class Tx>
  Result<void> read_tx(FunctionRef<void(Tx&)> body);

  std::unique_ptr<Database> m_db;
  live::ChangeBus* m_bus = nullptr;
};

}  // namespace techdesk::storage::sqlite
