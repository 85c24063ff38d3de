// Auto-assignment and the notifications of everyday work. Observes the ticket service: a ticket that
// arrives in a team's queue with nobody holding it (created there, moved there by a rule, transferred
// or escalated there) is given to a member by the team's strategy, and the history says why; whoever
// is handed a ticket, mentioned with @login, or answered on a ticket they hold is told in the
// notification centre.
//
// sweep() — a ticker — hands out what waits in the queues (tickets that came when everybody was off duty
// or outside the team's working hours). Thread-safe.
#pragma once

#include <chrono>
#include <map>
#include <memory>
#include <mutex>

#include "common/clock.h"
#include "common/tx.h"
#include "dispatch/dispatch_store.h"
#include "sla/business_clock.h"
#include "ticket/ticket_observer.h"

namespace techdesk::ticket {
class TicketService;
}

namespace techdesk::dispatch {

class Dispatcher final : public ticket::TicketObserver {
 public:
  Dispatcher(TxRunner<DispatchTx>& store, const Clock& clock) : m_store(store), m_clock(clock) {}

  // REQUIRES: set before use; the service outlives the dispatcher.
  void set_ticket_service(ticket::TicketService* tickets) { m_tickets = tickets; }

  Result<void> on_created(ticket::TicketTx& tx, const identity::Principal& actor, ticket::Ticket& t,
                          Timestamp at) override;
  Result<void> on_updated(ticket::TicketTx& tx, const identity::Principal& actor,
                          const ticket::Ticket& before, const ticket::Ticket& after, Timestamp at) override;
  Result<void> on_article(ticket::TicketTx& tx, const ticket::Ticket& t, const ticket::Article& a,
                          const identity::Principal& author, Timestamp at) override;

  // Assigns the ticket by its team's strategy when the team auto-assigns and someone can take it; the
  // decision (or why nobody could take it) goes into the history when `explain_miss` is set.
  Result<std::optional<Id>> assign(DispatchTx& tx, ticket::Ticket& t, Timestamp at, bool explain_miss = true);

  // Hands out queued tickets of every auto-assigning team; returns how many were assigned.
  Result<int> sweep(int per_team = 50);

  // The candidates for the team's tickets as assignment sees them (for the team admin page and bench).
  std::vector<Candidate> candidates(DispatchTx& tx, Id team);

  void invalidate();

 private:
  bool working(DispatchTx& tx, const TeamDispatch& d, Timestamp at);

  TxRunner<DispatchTx>& m_store;
  const Clock& m_clock;
  ticket::TicketService* m_tickets = nullptr;
  std::mutex m_mutex;
  std::map<Id, std::shared_ptr<const sla::BusinessClock>> m_hours;  // GUARDED_BY(m_mutex)
  std::chrono::steady_clock::time_point m_loaded;                   // GUARDED_BY(m_mutex)
};

// The principal auto-assignment acts as.
identity::Principal dispatch_principal();

}  // namespace techdesk::dispatch
