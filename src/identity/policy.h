// Who may see and change identity records. Pure rules: no I/O, no clock.
#pragma once

#include "identity/types.h"

namespace techdesk::identity {

bool can_administer(const Principal& p);  // create/change users, organisations, teams, categories
bool can_list_users(const Principal& p);  // agents: all users; org managers: their organisation's
bool can_view_user(const Principal& p, const User& u);  // otherwise the user is "not found" to p
bool can_view_org(const Principal& p, const Organization& o);
bool can_list_all_orgs(const Principal& p);
bool can_view_teams(const Principal& p);

}  // namespace techdesk::identity
