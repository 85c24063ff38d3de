// The live change a ticket write publishes, and the facts about the ticket a node needs to decide,
// without a database round trip, which of its live clients may hear of it (the visibility rule).
#pragma once

#include <optional>
#include <string_view>

#include "live/change.h"
#include "ticket/types.h"

namespace techdesk::ticket {

inline constexpr const char* k_ticket_topic = "ticket";

// What happened to the ticket: "created", "updated", "article", … With `before` (an update), the facts
// that decide visibility as they were, when they changed: those who could see the ticket before hear
// that it left their sight (escalated, transferred, reassigned away).
live::Change ticket_change(const Ticket& t, std::string_view what, const Ticket* before = nullptr);

// Someone on the staff is `activity` ("replying", "viewing", "idle") on the ticket: the collision hint.
// Not stored; told to the staff who can see the ticket.
live::Change presence_change(const Ticket& t, Id user, std::string_view user_name, std::string_view activity);

struct TicketChange {
  Ticket facts;  // id, number, version, state, type, requester, organisation, team, assignee, contacts
  std::string what;
  // The facts as they were before an update that changed who may see the ticket.
  std::optional<Ticket> was;
  // A presence change: who, doing what.
  Id user_id = 0;
  std::string user_name;
  std::string activity;
};
// nullopt when data is not a ticket change this version wrote.
std::optional<TicketChange> parse_ticket_change(std::string_view data);

}  // namespace techdesk::ticket
