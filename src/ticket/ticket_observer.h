// Capabilities that must act in the same transaction as a change to a ticket — the SLA clock, and
// later automation rules — observe the ticket service. Observers are called inside the write
// transaction, after the change and its events are written; an error from one rolls the whole change
// back. An observer reaches its own repositories through the transaction it is given (every backend's
// transaction implements every capability's Tx interface).
#pragma once

#include "common/error.h"
#include "identity/types.h"
#include "ticket/ticket_store.h"

namespace techdesk::ticket {

class TicketObserver {
 public:
  virtual ~TicketObserver() = default;
  virtual Result<void> on_created(TicketTx& tx, const Ticket& t, Timestamp at) = 0;
  // Fields or state changed (before → after).
  virtual Result<void> on_updated(TicketTx& tx, const Ticket& before, const Ticket& after, Timestamp at) = 0;
  // An article was added by `author`.
  virtual Result<void> on_article(TicketTx& tx, const Ticket& t, const Article& a,
                                  const identity::Principal& author, Timestamp at) = 0;
};

}  // namespace techdesk::ticket
