// Capabilities that must act in the same transaction as a change to a ticket — automation rules,
// auto-assignment, the SLA clock — observe the ticket service, in the order they were added. Observers are
// called inside the write transaction, after the change and its events are written; an error from one rolls
// the whole change back. An observer reaches its own repositories through the transaction it is given (every
// backend's transaction implements every capability's Tx interface).
#pragma once

#include "common/error.h"
#include "identity/types.h"
#include "ticket/ticket_store.h"

namespace techdesk::ticket {

class TicketObserver {
 public:
  virtual ~TicketObserver() = default;
  // An observer that changes the new ticket (through TicketService::update_in) leaves it in `t` as it
  // then stands, so that the observers after it see the change.
  virtual Result<void> on_created(TicketTx& tx, const identity::Principal& actor, Ticket& t,
                                  Timestamp at) = 0;
  // Fields or state changed (before → after), by `actor`.
  virtual Result<void> on_updated(TicketTx& tx, const identity::Principal& actor, const Ticket& before,
                                  const Ticket& after, Timestamp at) = 0;
  // An article was added by `author`.
  virtual Result<void> on_article(TicketTx& tx, const Ticket& t, const Article& a,
                                  const identity::Principal& author, Timestamp at) = 0;
};

}  // namespace techdesk::ticket
