// The SLA engine: starts and moves each ticket's clock in the same transaction as the change that
// moves it (it observes the ticket service), and — as the scheduler's job — fires warnings, breaches
// and second-level escalations when they fall due, exactly once each: the ticket's record is locked,
// the fired flags are set and the events, notifications and escalation changes are written in one
// transaction. A breach found late (the server was down) is recorded at the time it happened.
//
// Policies and compiled calendars are cached; invalidate() drops them (after an edit here, or when
// another node says so). Thread-safe. A recomputation reads on one helper thread of its own, made on
// first use and joined by the destructor.
#pragma once

#include <chrono>
#include <map>
#include <memory>
#include <mutex>

#include "common/clock.h"
#include "common/function_ref.h"
#include "common/tx.h"
#include "sla/business_clock.h"
#include "sla/sla_store.h"
#include "sla/ticket_clock.h"
#include "ticket/ticket_observer.h"

namespace techdesk::ticket {
class TicketService;
}

namespace techdesk::sla {

// The live-change topic that tells every node to drop its cached policies and calendars.
inline constexpr const char* k_config_topic = "sla_config";

// Tickets one scheduler pass handles at most, in one transaction. A pass that fires warnings or breaches
// for all of them (events, notifications, escalations) holds the SQLite writer for about 80 ms at 200
// (about 200 ms at 500); a backlog is worked off pass after pass.
inline constexpr int k_pass_limit = 200;

struct RecomputeBatch {
  int done = 0;
  int changed = 0;         // of those done, how many records were written
  std::optional<Id> last;  // the last ticket id handled; none when nothing was left
};

// A recomputation of many tickets (see SlaEngine::recompute_all).
struct RecomputeRun {
  Id after = 0;  // resume after this ticket
  bool open_only = true;
  int batch = 1000;            // tickets per transaction
  std::int64_t remaining = 0;  // about how many tickets are left to visit
  // The due-time index is set aside when the first batch suggests at least this many changes (and the
  // store finds it pays: SlaRepo::set_aside_due_index).
  std::int64_t set_aside_from = 50'000;
};

class SlaEngine final : public ticket::TicketObserver {
 public:
  SlaEngine(TxRunner<SlaTx>& store, const Clock& clock, std::string zone = "Asia/Shanghai");
  ~SlaEngine() override;

  // Escalations change tickets through the ticket service (events, observers, live updates).
  // REQUIRES: set before the first tick; the service outlives the engine.
  void set_ticket_service(ticket::TicketService* tickets) { m_tickets = tickets; }

  Result<void> on_created(ticket::TicketTx& tx, const identity::Principal& actor, ticket::Ticket& t,
                          Timestamp at) override;
  Result<void> on_updated(ticket::TicketTx& tx, const identity::Principal& actor,
                          const ticket::Ticket& before, const ticket::Ticket& after, Timestamp at) override;
  Result<void> on_article(ticket::TicketTx& tx, const ticket::Ticket& t, const ticket::Article& a,
                          const identity::Principal& author, Timestamp at) override;

  // One scheduler pass: handles up to `limit` tickets whose next check has come. Returns how many
  // tickets it handled (0: nothing was due).
  Result<int> tick(int limit = k_pass_limit);
  // Applies the current policies and calendars again to the tickets with id > after, at most `limit`,
  // in one transaction with the records locked, writing only the records that change. open_only skips
  // resolved, closed and cancelled tickets.
  Result<RecomputeBatch> recompute(Id after, int limit, bool open_only = true);
  // Recomputes every ticket after run.after, batch by batch, calling `progress` after each committed
  // batch (the job checkpoints there, the CLI moves its bar); an error from `progress` or from a batch
  // ends the run with that error, the batches before it stay committed. A pipeline on two threads: a
  // helper thread reads the next batch in a read transaction and computes it while this thread writes
  // the last. Each write is guarded by what was read; a ticket updated, or whose record changed, since
  // it was read is done again locked in the writing transaction. When the first batch changes most of
  // its records and many are left, the due-time index is set aside for the rest of the run; every run
  // ends by restoring it, also a failed one. Returns how many tickets were visited.
  Result<std::int64_t> recompute_all(const RecomputeRun& run,
                                     FunctionRef<Result<void>(const RecomputeBatch&)> progress);

  void invalidate();

 private:
  struct Config {
    std::vector<Policy> policies;
    std::map<Id, std::shared_ptr<const BusinessClock>> clocks;
    std::chrono::steady_clock::time_point loaded;
    const Policy* policy(Id id) const;
    const BusinessClock* clock(Id calendar) const;
  };
  std::shared_ptr<const Config> config(SlaRepo& repo);
  const Policy* match(SlaTx& tx, const Config& cfg, const ticket::Ticket& t);
  // Fires what is due for one ticket; false when it was not due after all (another pass handled it).
  Result<bool> handle_due(SlaTx& tx, Id ticket, Timestamp now);
  Result<void> fire(SlaTx& tx, const Config& cfg, TicketSla& s, Timestamp now);

  // Puts back a due-time index that a recomputation set aside and could not restore (it was killed):
  // every ten minutes, unless a recomputation runs in this process.
  void restore_forgotten_due_index();

  class Helper;  // the recomputation's helper thread
  Helper& helper();
  // A batch of records read for recomputing, each with its policy and what to write (sla_engine.cpp).
  struct RecomputeRead;
  // Reads up to `limit` records of tickets after `after` into `b` and computes them again: in a write
  // transaction locked (`lock`), else in a read transaction, each write then guarded by what was read.
  void read_for_recompute(SlaTx& tx, RecomputeRead& b, Id after, int limit, bool open_only, bool lock);
  // Writes what read_for_recompute() computed, except for the tickets in `skip` (sorted), with an event
  // for each move to another policy; returns the tickets whose guarded write did not apply.
  std::vector<Id> write_recomputed(SlaTx& tx, RecomputeRead& b, Timestamp now, const std::vector<Id>& skip,
                                   int& written);

  TxRunner<SlaTx>& m_store;
  const Clock& m_clock;
  std::string m_zone;
  ticket::TicketService* m_tickets = nullptr;
  std::mutex m_mutex;
  std::shared_ptr<const Config> m_config;                 // GUARDED_BY(m_mutex)
  std::unique_ptr<Helper> m_helper;                       // GUARDED_BY(m_mutex); made on first use
  int m_recomputing = 0;                                  // GUARDED_BY(m_mutex): runs in progress
  std::chrono::steady_clock::time_point m_index_checked;  // GUARDED_BY(m_mutex)
};

}  // namespace techdesk::sla
