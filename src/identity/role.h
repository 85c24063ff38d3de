// Role names on the wire and the pure questions asked of a role.
#pragma once

#include <optional>
#include <string_view>

#include "identity/types.h"

namespace techdesk::identity {

std::string_view role_name(Role role);
std::optional<Role> parse_role(std::string_view name);
std::string_view org_kind_name(OrgKind kind);
std::optional<OrgKind> parse_org_kind(std::string_view name);

// Staff of the support department (everyone but requesters and org managers).
bool is_agent(Role role);
// Sees every ticket regardless of team.
bool sees_all_tickets(Role role);

}  // namespace techdesk::identity
