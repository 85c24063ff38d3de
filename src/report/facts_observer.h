// Keeps each ticket's facts (report/facts.h) in the same transaction as the change that moves them, so
// that reports never lag behind or disagree with the tickets. Stateless; thread-safe.
#pragma once

#include "ticket/ticket_observer.h"

namespace techdesk::report {

class FactsObserver final : public ticket::TicketObserver {
 public:
  Result<void> on_created(ticket::TicketTx& tx, const identity::Principal& actor, ticket::Ticket& t,
                          Timestamp at) override;
  Result<void> on_updated(ticket::TicketTx& tx, const identity::Principal& actor,
                          const ticket::Ticket& before, const ticket::Ticket& after, Timestamp at) override;
  Result<void> on_article(ticket::TicketTx& tx, const ticket::Ticket& t, const ticket::Article& a,
                          const identity::Principal& author, Timestamp at) override;
};

}  // namespace techdesk::report
