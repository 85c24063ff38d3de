// Which tickets a principal may see — one rule, used both to filter queries (TicketScope, turned
// into SQL by each backend) and to check a single ticket (can_view). Tickets outside the scope are
// "not found" to the principal, so their existence does not leak.
//
//   requester          tickets they requested (or that were merged with one they requested)
//   org_manager        tickets of their organisation
//   agent roles        tickets of their teams, tickets assigned to them, tickets with no team yet
//   complaint_officer  as agents, plus every complaint
//   manager, admin     every ticket
#pragma once

#include <optional>
#include <vector>

#include "identity/types.h"
#include "ticket/types.h"

namespace techdesk::ticket {

struct TicketScope {
  enum class Kind { all, requester, organization, staff };
  Kind kind = Kind::requester;
  Id user_id = 0;                     // requester / staff: the principal
  std::optional<Id> organization_id;  // organization
  std::vector<Id> team_ids;           // staff
  bool include_unrouted = true;       // staff: tickets with no team
  bool include_complaints = false;    // staff: every ticket of type complaint
};

TicketScope scope_for(const identity::Principal& p);
bool can_view(const TicketScope& scope, const Ticket& t);
// Internal notes and internal events: never for requesters and org managers.
bool sees_internal(const identity::Principal& p);

}  // namespace techdesk::ticket
