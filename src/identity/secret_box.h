// The server's secret: one 32-byte master key, kept in a file beside the database (mode 0600) or named
// with --secret-file, shared by every node. Two keys are derived from it (libsodium crypto_kdf): one
// seals stored credentials (XSalsa20-Poly1305 secretbox), one signs references such as the threading
// tags in our mail. Immutable after construction; thread-safe.
#pragma once

#include <string>
#include <string_view>

#include "common/error.h"

namespace techdesk::identity {

class SecretBox {
 public:
  // Reads the key file, or creates it with a fresh random key when it does not exist (O_EXCL, so that
  // nodes starting together agree). Errors: unavailable when the file cannot be read or written,
  // invalid_field "secret_file" when it does not hold a key.
  static Result<SecretBox> load_or_create(const std::string& path);
  // REQUIRES: master.size() == 32. For tests and tools.
  static SecretBox from_master_key(std::string_view master);

  // base64url(nonce || ciphertext) of plaintext.
  std::string seal(std::string_view plaintext) const;
  // The plaintext of a sealed value. Errors: invalid_field "secret" when it was not sealed with this key.
  Result<std::string> open(std::string_view sealed) const;
  // The key for HMACs over references we hand out (32 bytes).
  const std::string& signing_key() const { return m_signing; }

 private:
  std::string m_sealing;  // 32 bytes
  std::string m_signing;  // 32 bytes
};

}  // namespace techdesk::identity
