// How a ticket's facts follow its changes, as pure functions (FactsObserver applies them in the change's
// transaction). docs/kpis.md says what each fact means.
#pragma once

#include "identity/types.h"
#include "report/types.h"
#include "ticket/types.h"

namespace techdesk::report {

// The facts of a ticket just created.
TicketFacts facts_of_new(const ticket::Ticket& t);
// The facts after `before` became `after` at `at`.
void apply_update(TicketFacts& f, const ticket::Ticket& before, const ticket::Ticket& after, Timestamp at);
// The facts after an article; true when they changed (only a public reply or phone call by support staff
// counts: not an internal note, not the requester, not an automatic message).
bool apply_article(TicketFacts& f, const ticket::Article& a, const identity::Principal& author, Timestamp at);

}  // namespace techdesk::report
