// Use cases on users, organisations and teams. Every method takes the acting Principal, checks what
// it may do, and owns its transaction. Records the principal may not see are reported as not_found,
// so that existence does not leak.
#pragma once

#include <optional>
#include <string>
#include <vector>

#include "common/clock.h"
#include "common/tx.h"
#include "identity/identity_store.h"
#include "identity/password.h"
#include "identity/principal_cache.h"

namespace techdesk::identity {

// The principal of maintenance commands run from the CLI (migrate, demo-data, admin ...).
Principal system_principal();

struct CreateUser {
  std::string login;
  std::string password;
  std::string name;
  std::optional<std::string> email;
  std::optional<std::string> phone;
  Role role = Role::requester;
  std::optional<Id> organization_id;
  std::vector<Id> team_ids;
};

struct UserPatch {
  std::optional<std::string> name;
  Patch<std::string> email;
  Patch<std::string> phone;
  std::optional<Role> role;
  Patch<Id> organization_id;
  std::optional<std::vector<Id>> team_ids;
  std::optional<bool> active;
  std::optional<std::string> password;
};

struct OrgInput {
  std::optional<std::string> name;
  std::optional<OrgKind> kind;
  Patch<std::string> domain;
};

struct TeamInput {
  std::optional<std::string> name;
  std::optional<std::string> description;
  std::optional<std::vector<Id>> member_ids;
};

struct UserFilter {
  std::optional<Role> role;
  std::optional<Id> organization_id;
  std::string text;
  std::string cursor;
  int limit = 25;
};

struct PageRequest {
  std::string cursor;
  int limit = 25;
};

class IdentityService {
 public:
  // `cache`, when given, is cleared whenever a change here can alter an authenticated principal.
  IdentityService(TxRunner<IdentityTx>& store, const Clock& clock, PrincipalCache* cache = nullptr,
                  PasswordCost cost = {})
      : m_store(store), m_clock(clock), m_cache(cache), m_cost(cost) {}

  Result<User> create_user(const Principal& actor, CreateUser input);
  Result<User> get_user(const Principal& actor, Id id);
  Result<Page<User>> list_users(const Principal& actor, const UserFilter& filter);
  Result<User> update_user(const Principal& actor, Id id, UserPatch patch);

  Result<Organization> create_org(const Principal& actor, const OrgInput& input);
  Result<Organization> get_org(const Principal& actor, Id id);
  Result<Organization> find_org_by_name(const Principal& actor, const std::string& name);
  Result<Page<Organization>> list_orgs(const Principal& actor, const PageRequest& page);
  Result<Organization> update_org(const Principal& actor, Id id, const OrgInput& input);

  Result<Team> create_team(const Principal& actor, const TeamInput& input);
  Result<Team> get_team(const Principal& actor, Id id);
  Result<Page<Team>> list_teams(const Principal& actor, const PageRequest& page);
  Result<Team> update_team(const Principal& actor, Id id, const TeamInput& input);

 private:
  TxRunner<IdentityTx>& m_store;
  const Clock& m_clock;
  PrincipalCache* m_cache;
  PasswordCost m_cost;
};

// Cursor helpers shared by list use cases ordered by id.
std::string encode_id_cursor(Id last_id);
Result<Id> decode_id_cursor(const std::string& cursor);

}  // namespace techdesk::identity
