// Who hears of something about a ticket: the active users of a role, a team's leads.
#pragma once

#include <vector>

#include "identity/identity_store.h"
#include "ticket/types.h"

namespace techdesk::notify {

// Active users with `role` (at most 500).
std::vector<Id> users_with_role(identity::IdentityRepo& repo, identity::Role role);

// The team leads of the ticket's team; every team lead when it has no team (or its team has none).
std::vector<Id> team_leads(identity::IdentityRepo& repo, const ticket::Ticket& t);

}  // namespace techdesk::notify
