// Authentication: login with a password (argon2id), sessions and API tokens (random 256-bit values
// stored as SHA-256 digests), lockout after repeated failures, and turning a presented token into the
// Principal every other service takes.
#pragma once

#include <chrono>
#include <semaphore>
#include <string>
#include <string_view>
#include <vector>

#include "common/clock.h"
#include "common/tx.h"
#include "identity/identity_store.h"
#include "identity/principal_cache.h"

namespace techdesk::identity {

struct AuthOptions {
  std::chrono::minutes session_lifetime{12 * 60};
  int max_failed_logins = 5;  // failures within failure_window lock the account
  std::chrono::minutes failure_window{15};
  std::chrono::minutes lockout{15};
  int concurrent_password_checks = 2;  // argon2id is memory-hard: bound how many run at once
};

struct LoginResult {
  std::string token;
  std::string csrf_token;
  User user;
};

struct IssuedApiToken {
  ApiToken info;
  std::string token;  // shown once
};

class AuthService {
 public:
  // `cache` may be shared with IdentityService, which clears it when users or teams change.
  AuthService(TxRunner<IdentityTx>& store, const Clock& clock, PrincipalCache& cache,
              AuthOptions options = {});

  // Fails with invalid_credentials for an unknown login, a wrong password or an inactive user (the
  // same answer for each, in about the same time), and account_locked while the account is locked.
  Result<LoginResult> login(std::string_view login, std::string_view password);
  // Ends the session the principal authenticated with (API tokens are revoked separately).
  Result<void> logout(const Principal& actor);
  // The principal of a session token or API token; unauthenticated when it is unknown or expired.
  Result<Principal> authenticate(std::string_view token);

  Result<IssuedApiToken> create_api_token(const Principal& actor, std::string name);
  Result<std::vector<ApiToken>> list_api_tokens(const Principal& actor);
  Result<void> revoke_api_token(const Principal& actor, Id token_id);

 private:
  TxRunner<IdentityTx>& m_store;
  const Clock& m_clock;
  PrincipalCache& m_cache;
  AuthOptions m_options;
  std::counting_semaphore<64> m_password_slots;
};

}  // namespace techdesk::identity
