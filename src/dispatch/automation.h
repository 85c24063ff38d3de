// The automation engine (自动化规则): runs the create and update rules inside the transaction of the
// ticket change that triggers them (it observes the ticket service), and — as a ticker — the time rules
// over tickets that have stood in a state long enough, each rule once per stay (claimed in the same
// transaction as its actions, so once in a cluster).
//
// A rule's actions change the ticket through the ticket service as the rule (events name it), and what
// they change never triggers another run: rules cannot loop. A rule that cannot be carried out (its
// team is gone, its assignee left) is skipped, its error kept on the rule, and admins are told once;
// the ticket change goes through.
//
// Rules are cached; invalidate() drops them (after an edit here, or when another node says so).
// Thread-safe.
#pragma once

#include <chrono>
#include <memory>
#include <mutex>

#include "common/clock.h"
#include "common/tx.h"
#include "dispatch/dispatch_store.h"
#include "ticket/ticket_observer.h"

namespace techdesk::ticket {
class TicketService;
}

namespace techdesk::dispatch {

// The live-change topic that tells every node to drop its cached rules and team settings.
inline constexpr const char* k_config_topic = "dispatch_config";

class AutomationEngine final : public ticket::TicketObserver {
 public:
  AutomationEngine(TxRunner<DispatchTx>& store, const Clock& clock) : m_store(store), m_clock(clock) {}

  // REQUIRES: set before use; the service outlives the engine.
  void set_ticket_service(ticket::TicketService* tickets) { m_tickets = tickets; }

  Result<void> on_created(ticket::TicketTx& tx, const identity::Principal& actor, ticket::Ticket& t,
                          Timestamp at) override;
  Result<void> on_updated(ticket::TicketTx& tx, const identity::Principal& actor,
                          const ticket::Ticket& before, const ticket::Ticket& after, Timestamp at) override;
  Result<void> on_article(ticket::TicketTx& tx, const ticket::Ticket& t, const ticket::Article& a,
                          const identity::Principal& author, Timestamp at) override;

  // One pass of the time rules: up to `limit` tickets per rule. Returns how many tickets a rule acted on.
  Result<int> tick(int limit = 200);

  void invalidate();

 private:
  std::shared_ptr<const std::vector<Rule>> rules(DispatchRepo& repo);
  Result<void> run(DispatchTx& tx, Trigger trigger, ticket::Ticket& t, const ticket::Ticket* before,
                   Timestamp at);
  // Carries out one rule's actions; nothing of them when one cannot be (checked first).
  Result<ticket::Ticket> apply(DispatchTx& tx, const Rule& r, const ticket::Ticket& t, Timestamp at);
  void report(DispatchTx& tx, const Rule& r, const Error& e, const ticket::Ticket& t, Timestamp at);

  TxRunner<DispatchTx>& m_store;
  const Clock& m_clock;
  ticket::TicketService* m_tickets = nullptr;
  std::mutex m_mutex;
  std::shared_ptr<const std::vector<Rule>> m_rules;  // GUARDED_BY(m_mutex)
  std::chrono::steady_clock::time_point m_loaded;    // GUARDED_BY(m_mutex)
};

// The principal a rule acts as: no user, the rule's name, every permission.
identity::Principal rule_principal(const Rule& r);

}  // namespace techdesk::dispatch
