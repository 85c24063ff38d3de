#include "identity/role.h"

#include <array>
#include <utility>

namespace techdesk::identity {

namespace {
constexpr std::array<std::pair<Role, std::string_view>, 9> k_roles = {{
    {Role::requester, "requester"},
    {Role::org_manager, "org_manager"},
    {Role::agent_l1, "agent_l1"},
    {Role::agent_l2, "agent_l2"},
    {Role::field_engineer, "field_engineer"},
    {Role::team_lead, "team_lead"},
    {Role::complaint_officer, "complaint_officer"},
    {Role::manager, "manager"},
    {Role::admin, "admin"},
}};
}  // namespace

std::string_view role_name(Role role) {
  for (const auto& [r, n] : k_roles)
    if (r == role) return n;
  return "requester";
}

std::optional<Role> parse_role(std::string_view name) {
  for (const auto& [r, n] : k_roles)
    if (n == name) return r;
  return std::nullopt;
}

std::string_view org_kind_name(OrgKind kind) {
  return kind == OrgKind::internal ? "internal" : "external";
}

std::optional<OrgKind> parse_org_kind(std::string_view name) {
  if (name == "internal") return OrgKind::internal;
  if (name == "external") return OrgKind::external;
  return std::nullopt;
}

bool is_agent(Role role) {
  return role != Role::requester && role != Role::org_manager;
}

bool sees_all_tickets(Role role) {
  return role == Role::manager || role == Role::admin;
}

}  // namespace techdesk::identity
