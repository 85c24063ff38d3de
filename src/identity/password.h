// Password hashing with argon2id (libsodium). Used only at login and when a password is set: every
// other request is authenticated by a token digest lookup, never by a password hash.
#pragma once

#include <string>
#include <string_view>

#include "common/error.h"

namespace techdesk::identity {

// Memory and time cost of argon2id, per OWASP's recommendation (19 MiB, 2 passes).
struct PasswordCost {
  unsigned long long ops = 2;
  std::size_t mem_bytes = 19u * 1024u * 1024u;
};

// The PHC-format hash ("$argon2id$v=19$m=...") of password. Fails only when memory cannot be had.
Result<std::string> hash_password(std::string_view password, PasswordCost cost = {});
// True when password matches hash. A malformed hash never matches.
bool verify_password(std::string_view hash, std::string_view password);
// A fixed, valid hash to verify against when the login is unknown, so timing does not reveal it.
const std::string& dummy_password_hash();

// Checks a new password's length (8..128 characters) and returns an invalid_field error for `field`.
Result<void> check_password_rules(std::string_view password, const char* field = "password");

}  // namespace techdesk::identity
