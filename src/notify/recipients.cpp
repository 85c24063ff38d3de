#include "notify/recipients.h"

#include <algorithm>

namespace techdesk::notify {

std::vector<Id> users_with_role(identity::IdentityRepo& repo, identity::Role role) {
  identity::UserQuery q;
  q.role = role;
  q.limit = 500;
  std::vector<Id> out;
  for (const auto& u : repo.list_users(q))
    if (u.active) out.push_back(u.id);
  return out;
}

std::vector<Id> team_leads(identity::IdentityRepo& repo, const ticket::Ticket& t) {
  auto leads = users_with_role(repo, identity::Role::team_lead);
  if (t.team_id) {
    if (auto team = repo.find_team(*t.team_id)) {
      std::vector<Id> in_team;
      for (Id id : leads)
        if (std::find(team->member_ids.begin(), team->member_ids.end(), id) != team->member_ids.end())
          in_team.push_back(id);
      if (!in_team.empty()) return in_team;
    }
  }
  return leads;
}

}  // namespace techdesk::notify
