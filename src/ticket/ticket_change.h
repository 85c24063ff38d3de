// The live change a ticket write publishes, and the facts about the ticket a node needs to decide,
// without a database round trip, which of its live clients may hear of it (the visibility rule).
#pragma once

#include <optional>
#include <string_view>

#include "live/change.h"
#include "ticket/types.h"

namespace techdesk::ticket {

inline constexpr const char* k_ticket_topic = "ticket";

// What happened to the ticket: "created", "updated", "article", …
live::Change ticket_change(const Ticket& t, std::string_view what);

struct TicketChange {
  Ticket facts;  // id, number, version, state, type, requester, organisation, team, assignee
  std::string what;
};
// nullopt when data is not a ticket change this version wrote.
std::optional<TicketChange> parse_ticket_change(std::string_view data);

}  // namespace techdesk::ticket
