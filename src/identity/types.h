// Who is who: organisations (internal departments and external customers), users with one role each,
// teams of agents, and the Principal — the authenticated actor every service call takes.
#pragma once

#include <optional>
#include <string>
#include <vector>

#include "common/clock.h"
#include "common/id.h"

namespace techdesk::identity {

enum class Role {
  requester,
  org_manager,
  agent_l1,
  agent_l2,
  field_engineer,
  team_lead,
  complaint_officer,
  manager,
  admin,
};

enum class OrgKind { internal, external };

struct Organization {
  Id id = 0;
  std::string name;
  OrgKind kind = OrgKind::internal;
  std::optional<std::string> domain;
  Timestamp created_at{};
};

struct User {
  Id id = 0;
  std::string login;
  std::string name;
  std::optional<std::string> email;
  std::optional<std::string> phone;
  Role role = Role::requester;
  std::optional<Id> organization_id;
  std::vector<Id> team_ids;
  bool active = true;
  Timestamp created_at{};
};

struct Team {
  Id id = 0;
  std::string name;
  std::string description;
  std::vector<Id> member_ids;
  Timestamp created_at{};
};

enum class CredentialKind { session, api_token };

// The authenticated actor. Built by AuthService::authenticate from a session or API token.
struct Principal {
  Id user_id = 0;
  std::string name;
  Role role = Role::requester;
  std::optional<Id> organization_id;
  std::vector<Id> team_ids;
  CredentialKind credential = CredentialKind::session;
  std::string credential_digest;  // SHA-256 of the presented token; identifies the session to revoke
  std::string csrf_token;         // sessions only
};

}  // namespace techdesk::identity
