#include "identity/token.h"

#include <sodium.h>

#include "identity/sodium_init.h"

#include <stdexcept>

#include "common/base64.h"

namespace techdesk::identity {

std::string random_urlsafe(std::size_t n_bytes) {
  ensure_sodium();
  std::string raw(n_bytes, '\0');
  randombytes_buf(raw.data(), raw.size());
  return base64url_encode(raw);
}

std::string token_digest(std::string_view token) {
  ensure_sodium();
  std::string out(crypto_hash_sha256_BYTES, '\0');
  crypto_hash_sha256(reinterpret_cast<unsigned char*>(out.data()),
                     reinterpret_cast<const unsigned char*>(token.data()), token.size());
  return out;
}

IssuedToken issue_token(std::string_view prefix) {
  IssuedToken t;
  t.token = std::string(prefix) + random_urlsafe(32);
  t.digest = token_digest(t.token);
  return t;
}

bool constant_time_equal(std::string_view a, std::string_view b) {
  if (a.size() != b.size()) return false;
  return sodium_memcmp(a.data(), b.data(), a.size()) == 0;
}

}  // namespace techdesk::identity
