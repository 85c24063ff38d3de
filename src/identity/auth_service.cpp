#include "identity/auth_service.h"

#include <algorithm>

#include "common/text.h"
#include "identity/password.h"
#include "identity/token.h"

namespace techdesk::identity {

AuthService::AuthService(TxRunner<IdentityTx>& store, const Clock& clock, PrincipalCache& cache,
                         AuthOptions options)
    : m_store(store),
      m_clock(clock),
      m_cache(cache),
      m_options(options),
      m_password_slots(std::clamp(options.concurrent_password_checks, 1, 64)) {}

Result<LoginResult> AuthService::login(std::string_view login, std::string_view password) {
  const Error bad{Errc::invalid_credentials, "wrong login or password", {}};
  if (login.empty() || login.size() > 200 || password.size() > 1024) return bad;

  auto secrets = TD_TRY(m_store.read([&](IdentityTx& tx) -> Result<std::optional<UserSecrets>> {
    return tx.identity().find_user_secrets_by_login(login);
  }));
  const Timestamp now = m_clock.now();
  if (secrets && secrets->locked_until && *secrets->locked_until > now)
    return Error{Errc::account_locked, "too many failed logins; the account is locked for a while", {}};

  bool match;
  {
    m_password_slots.acquire();
    match = verify_password(secrets ? secrets->password_hash : dummy_password_hash(), password);
    m_password_slots.release();
  }
  if (!secrets || !secrets->user.active) return bad;

  const Id user_id = secrets->user.id;
  if (!match) {
    TD_TRY(m_store.write([&](IdentityTx& tx) -> Result<bool> {
      // Re-read inside the write: concurrent failures must all count.
      auto fresh = tx.identity().find_user_secrets_by_login(login);
      if (!fresh) return false;
      int failed = fresh->failed_logins;
      auto first = fresh->first_failed_at;
      if (!first || now - *first > m_options.failure_window) {
        failed = 0;
        first = now;
      }
      ++failed;
      std::optional<Timestamp> locked;
      if (failed >= m_options.max_failed_logins) locked = now + m_options.lockout;
      tx.identity().set_login_failures(user_id, failed, first, locked);
      return true;
    }));
    return bad;
  }

  IssuedToken session = issue_token(k_session_prefix);
  std::string csrf = random_urlsafe(24);
  return m_store.write([&](IdentityTx& tx) -> Result<LoginResult> {
    tx.identity().set_login_failures(user_id, 0, std::nullopt, std::nullopt);
    tx.identity().insert_session(session.digest, user_id, csrf, now, now + m_options.session_lifetime);
    return LoginResult{session.token, csrf, secrets->user};
  });
}

Result<void> AuthService::logout(const Principal& actor) {
  if (actor.credential != CredentialKind::session) return ok();
  auto done = m_store.write([&](IdentityTx& tx) -> Result<void> {
    tx.identity().delete_session(actor.credential_digest);
    return ok();
  });
  m_cache.erase(actor.credential_digest);  // after the commit, so no lookup can re-cache it
  return done;
}

Result<Principal> AuthService::authenticate(std::string_view token) {
  const bool is_session = token.starts_with(k_session_prefix);
  const bool is_api = token.starts_with(k_api_token_prefix);
  if ((!is_session && !is_api) || token.size() > 128) return Error::unauthenticated();
  std::string digest = token_digest(token);
  if (auto cached = m_cache.find(digest)) return std::move(*cached);
  const Timestamp now = m_clock.now();
  std::optional<Timestamp> last_used;
  auto principal = TD_TRY(m_store.read([&](IdentityTx& tx) -> Result<std::optional<Principal>> {
    if (is_session) return tx.identity().find_session_principal(digest, now);
    auto match = tx.identity().find_api_token(digest);
    if (!match) return std::optional<Principal>{};
    last_used = match->last_used_at;
    return std::optional<Principal>{std::move(match->principal)};
  }));
  if (!principal) return Error::unauthenticated();
  // Record use at most once a minute, so a busy integration does not turn every read into a write.
  if (is_api && (!last_used || now - *last_used >= std::chrono::minutes(1))) {
    TD_TRY(m_store.write([&](IdentityTx& tx) -> Result<void> {
      tx.identity().touch_api_token(digest, now);
      return ok();
    }));
  }
  principal->credential = is_session ? CredentialKind::session : CredentialKind::api_token;
  principal->credential_digest = digest;
  // A session that expires soon is not cached past its expiry: the TTL is far shorter than any
  // session, and an expired session found here was live a moment ago.
  m_cache.put(digest, *principal);
  return std::move(*principal);
}

Result<IssuedApiToken> AuthService::create_api_token(const Principal& actor, std::string name) {
  if (!is_valid_utf8(name) || has_control_chars(name, false))
    return Error::invalid("name", "name must be plain text");
  if (trim(name).empty()) return Error::invalid("name", "name must not be empty");
  if (utf8_length(name) > 100) return Error::invalid("name", "name must have at most 100 characters");
  if (actor.user_id == 0) return Error::forbidden("the system principal has no tokens");
  IssuedToken t = issue_token(k_api_token_prefix);
  const Timestamp now = m_clock.now();
  return m_store.write([&](IdentityTx& tx) -> Result<IssuedApiToken> {
    Id id = tx.identity().insert_api_token(actor.user_id, trim(name), t.digest, now);
    return IssuedApiToken{ApiToken{id, actor.user_id, std::string(trim(name)), now, std::nullopt}, t.token};
  });
}

Result<std::vector<ApiToken>> AuthService::list_api_tokens(const Principal& actor) {
  return m_store.read([&](IdentityTx& tx) -> Result<std::vector<ApiToken>> {
    return tx.identity().list_api_tokens(actor.user_id);
  });
}

Result<void> AuthService::revoke_api_token(const Principal& actor, Id token_id) {
  const Timestamp now = m_clock.now();
  auto done = m_store.write([&](IdentityTx& tx) -> Result<void> {
    if (!tx.identity().revoke_api_token(actor.user_id, token_id, now)) return Error::not_found("token");
    return ok();
  });
  m_cache.clear();  // after the commit; the revoked token's digest is not known here
  return done;
}

}  // namespace techdesk::identity
