// The whole store as the application sees it: one object that is the transaction runner of every
// capability. Backends (sqlite/, later postgres/) implement it; app/ wires it into the services.
#pragma once

#include <memory>
#include <string>
#include <vector>

#include "channel/email/mail_store.h"
#include "common/idempotency.h"
#include "common/metrics.h"
#include "common/tx.h"
#include "dispatch/dispatch_store.h"
#include "feedback/feedback_store.h"
#include "identity/identity_store.h"
#include "jobs/job_store.h"
#include "kb/kb_store.h"
#include "live/bus.h"
#include "notify/notify_store.h"
#include "report/report_store.h"
#include "search/search_store.h"
#include "sla/sla_store.h"
#include "ticket/ticket_store.h"

namespace techdesk::storage {

class Store : public TxRunner<identity::IdentityTx>,
              public TxRunner<ticket::TicketTx>,
              public TxRunner<jobs::JobTx>,
              public TxRunner<sla::SlaTx>,
              public TxRunner<notify::NotifyTx>,
              public TxRunner<dispatch::DispatchTx>,
              public TxRunner<search::SearchTx>,
              public TxRunner<kb::KbTx>,
              public TxRunner<email::MailTx>,
              public TxRunner<feedback::FeedbackTx>,
              public TxRunner<report::ReportTx>,
              public idempotency::IdempotencyStore {
 public:
  ~Store() override = default;
  virtual std::string backend() const = 0;
  // A cheap round trip to the database: unavailable when it cannot be reached.
  virtual Result<void> ping() = 0;
  // How many transactions can run at once (the connection pool), or 0 when not bounded by the store.
  virtual std::size_t max_concurrent_transactions() const { return 0; }
  // Brings the schema up to date; returns the names of the migrations applied now.
  virtual Result<std::vector<std::string>> migrate() = 0;

  TxRunner<identity::IdentityTx>& identity() { return *this; }
  TxRunner<ticket::TicketTx>& tickets() { return *this; }
  TxRunner<jobs::JobTx>& jobs() { return *this; }
  TxRunner<sla::SlaTx>& sla() { return *this; }
  TxRunner<notify::NotifyTx>& notifications() { return *this; }
  TxRunner<dispatch::DispatchTx>& dispatch() { return *this; }
  TxRunner<search::SearchTx>& search() { return *this; }
  TxRunner<kb::KbTx>& kb() { return *this; }
  TxRunner<email::MailTx>& mail() { return *this; }
  TxRunner<feedback::FeedbackTx>& feedback() { return *this; }
  TxRunner<report::ReportTx>& reports() { return *this; }
};

struct StoreOptions {
  MetricsRegistry* metrics = nullptr;
  // Where this node hears of committed changes (its own and, on PostgreSQL, every node's); null: nowhere.
  live::ChangeBus* changes = nullptr;
};

// Opens the store named by a database URL (see db_url.h). Does not migrate.
// Errors: invalid_field "db" for a malformed or unsupported URL; unavailable when it cannot be opened.
Result<std::unique_ptr<Store>> open_store(const std::string& url, StoreOptions options = {});

}  // namespace techdesk::storage
