#include "identity/policy.h"

#include "identity/role.h"

namespace techdesk::identity {

bool can_administer(const Principal& p) {
  return p.role == Role::admin;
}

bool can_list_users(const Principal& p) {
  return is_agent(p.role) || p.role == Role::org_manager;
}

bool can_view_user(const Principal& p, const User& u) {
  if (p.user_id == u.id || is_agent(p.role)) return true;
  return p.role == Role::org_manager && p.organization_id && u.organization_id == p.organization_id;
}

bool can_view_org(const Principal& p, const Organization& o) {
  return is_agent(p.role) || (p.organization_id && *p.organization_id == o.id);
}

bool can_list_all_orgs(const Principal& p) {
  return is_agent(p.role);
}

bool can_view_teams(const Principal& p) {
  return is_agent(p.role);
}

}  // namespace techdesk::identity
