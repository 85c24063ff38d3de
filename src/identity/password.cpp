#include "identity/password.h"

#include <sodium.h>

#include "identity/sodium_init.h"

#include <stdexcept>

#include "common/text.h"

namespace techdesk::identity {

Result<std::string> hash_password(std::string_view password, PasswordCost cost) {
  ensure_sodium();
  char out[crypto_pwhash_STRBYTES];
  if (crypto_pwhash_str_alg(out, password.data(), password.size(), cost.ops, cost.mem_bytes,
                            crypto_pwhash_ALG_ARGON2ID13) != 0) {
    return Error::internal("password hashing ran out of memory");
  }
  return std::string(out);
}

bool verify_password(std::string_view hash, std::string_view password) {
  ensure_sodium();
  std::string h(hash);  // needs a NUL-terminated string
  return crypto_pwhash_str_verify(h.c_str(), password.data(), password.size()) == 0;
}

const std::string& dummy_password_hash() {
  static const std::string k_hash = hash_password("techdesk-dummy-password").release_value();
  return k_hash;
}

Result<void> check_password_rules(std::string_view password, const char* field) {
  if (!is_valid_utf8(password)) return Error::invalid(field, std::string(field) + " must be valid UTF-8");
  auto n = utf8_length(password);
  if (n < 8) return Error::invalid(field, std::string(field) + " must have at least 8 characters");
  if (n > 128) return Error::invalid(field, std::string(field) + " must have at most 128 characters");
  return ok();
}

}  // namespace techdesk::identity
