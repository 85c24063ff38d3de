// What the identity services need from storage. Implemented by each backend in storage/<backend>/.
//
// Methods run inside the transaction of the IdentityTx that hands them out. Expected outcomes
// (absent rows, taken logins) are values; a failure of the store itself (I/O error, corrupt file)
// throws StoreFailure (common/store_failure.h), which the transaction runner turns into an error for the
// whole call.
#pragma once

#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "common/error.h"
#include "identity/types.h"

namespace techdesk::identity {

struct NewUser {
  std::string login;
  std::string name;
  std::optional<std::string> email;
  std::optional<std::string> phone;
  Role role = Role::requester;
  std::optional<Id> organization_id;
  std::vector<Id> team_ids;
  std::string password_hash;
};

// A user with the fields only the auth service reads.
struct UserSecrets {
  User user;
  std::string password_hash;
  int failed_logins = 0;
  std::optional<Timestamp> first_failed_at;
  std::optional<Timestamp> locked_until;
};

struct UserQuery {
  std::optional<Role> role;
  std::optional<Id> organization_id;
  std::string text;  // matches login or name, case-insensitively for ASCII
  Id after_id = 0;   // keyset cursor
  int limit = 25;
};

struct ListQuery {
  std::optional<Id> only_id;  // restricts to one row (a requester sees only their own organisation)
  Id after_id = 0;
  int limit = 25;
};

// What an API token lookup finds: whose it is, and when it was last used.
struct ApiTokenMatch;

struct ApiToken {
  Id id = 0;
  Id user_id = 0;
  std::string name;
  Timestamp created_at{};
  std::optional<Timestamp> last_used_at;
};

struct ApiTokenMatch {
  Principal principal;
  std::optional<Timestamp> last_used_at;
};

class IdentityRepo {
 public:
  virtual ~IdentityRepo() = default;

  // Users. insert_user answers conflict (field "login") when the login is taken.
  virtual Result<Id> insert_user(const NewUser& u, Timestamp now) = 0;
  virtual std::optional<User> find_user(Id id) = 0;
  virtual std::optional<UserSecrets> find_user_secrets_by_login(std::string_view login) = 0;
  virtual std::vector<User> list_users(const UserQuery& q) = 0;
  // Writes every field of u (team memberships included) and, when given, a new password hash.
  virtual void update_user(const User& u, const std::optional<std::string>& new_password_hash) = 0;
  virtual void set_login_failures(Id user, int failed, std::optional<Timestamp> first_failed_at,
                                  std::optional<Timestamp> locked_until) = 0;

  // Organisations. Names are unique (conflict, field "name").
  virtual Result<Id> insert_org(const Organization& o) = 0;
  virtual std::optional<Organization> find_org(Id id) = 0;
  virtual std::optional<Organization> find_org_by_name(std::string_view name) = 0;
  virtual std::vector<Organization> list_orgs(const ListQuery& q) = 0;
  virtual Result<void> update_org(const Organization& o) = 0;

  // Teams. Names are unique (conflict, field "name"); members replace the previous set.
  virtual Result<Id> insert_team(const Team& t) = 0;
  virtual std::optional<Team> find_team(Id id) = 0;
  virtual std::vector<Team> list_teams(const ListQuery& q) = 0;
  virtual Result<void> update_team(const Team& t) = 0;

  // Sessions, keyed by the SHA-256 digest of the session token.
  virtual void insert_session(std::string_view digest, Id user, std::string_view csrf_token,
                              Timestamp created, Timestamp expires) = 0;
  // The principal of a live (unexpired) session of an active user.
  virtual std::optional<Principal> find_session_principal(std::string_view digest, Timestamp now) = 0;
  virtual void delete_session(std::string_view digest) = 0;
  virtual void delete_sessions_of(Id user) = 0;
  // Deletes at most `limit` sessions that expired before `now`; returns how many.
  virtual int delete_expired_sessions(Timestamp now, int limit) = 0;

  // API tokens, keyed by digest.
  virtual Id insert_api_token(Id user, std::string_view name, std::string_view digest, Timestamp now) = 0;
  virtual std::optional<ApiTokenMatch> find_api_token(std::string_view digest) = 0;
  virtual void touch_api_token(std::string_view digest, Timestamp now) = 0;
  virtual std::vector<ApiToken> list_api_tokens(Id user) = 0;
  // False when the user has no such live token.
  virtual bool revoke_api_token(Id user, Id token_id, Timestamp now) = 0;
};

// The repositories an identity use case may touch in one transaction.
class IdentityTx {
 public:
  virtual ~IdentityTx() = default;
  virtual IdentityRepo& identity() = 0;
};

}  // namespace techdesk::identity
