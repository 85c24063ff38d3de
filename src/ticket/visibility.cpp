#include "ticket/visibility.h"

#include <algorithm>

#include "identity/role.h"

namespace techdesk::ticket {

using identity::Role;

TicketScope scope_for(const identity::Principal& p) {
  TicketScope s;
  s.user_id = p.user_id;
  switch (p.role) {
    case Role::requester:
      s.kind = TicketScope::Kind::requester;
      break;
    case Role::org_manager:
      s.kind = p.organization_id ? TicketScope::Kind::organization : TicketScope::Kind::requester;
      s.organization_id = p.organization_id;
      break;
    case Role::manager:
    case Role::admin:
      s.kind = TicketScope::Kind::all;
      break;
    case Role::complaint_officer:
      s.include_complaints = true;
      [[fallthrough]];
    case Role::agent_l1:
    case Role::agent_l2:
    case Role::field_engineer:
    case Role::team_lead:
      s.kind = TicketScope::Kind::staff;
      s.team_ids = p.team_ids;
      break;
  }
  return s;
}

bool can_view(const TicketScope& s, const Ticket& t) {
  switch (s.kind) {
    case TicketScope::Kind::all:
      return true;
    case TicketScope::Kind::requester:
      return t.requester_id == s.user_id ||
             std::find(t.contact_ids.begin(), t.contact_ids.end(), s.user_id) != t.contact_ids.end();
    case TicketScope::Kind::organization:
      return s.organization_id && t.organization_id == s.organization_id;
    case TicketScope::Kind::staff:
      if (t.assignee_id == s.user_id) return true;
      if (!t.team_id) return s.include_unrouted;
      if (std::find(s.team_ids.begin(), s.team_ids.end(), *t.team_id) != s.team_ids.end()) return true;
      return s.include_complaints && t.type == TicketType::complaint;
  }
  return false;
}

bool sees_internal(const identity::Principal& p) {
  return identity::is_agent(p.role);
}

}  // namespace techdesk::ticket
