#include "identity/secret_box.h"

#include <fcntl.h>
#include <sodium.h>
#include <sys/stat.h>
#include <unistd.h>

#include <cerrno>
#include <cstring>

#include "common/base64.h"
#include "common/text.h"
#include "identity/sodium_init.h"

namespace techdesk::identity {

namespace {

constexpr char k_context[crypto_kdf_CONTEXTBYTES + 1] = "tdsecret";
constexpr std::size_t k_master_bytes = crypto_kdf_KEYBYTES;  // 32

std::string derive(std::string_view master, std::uint64_t id) {
  std::string out(32, '\0');
  crypto_kdf_derive_from_key(reinterpret_cast<unsigned char*>(out.data()), out.size(), id, k_context,
                             reinterpret_cast<const unsigned char*>(master.data()));
  return out;
}

Result<std::string> read_all(int fd) {
  std::string data;
  char buf[256];
  for (;;) {
    ssize_t n = ::read(fd, buf, sizeof buf);
    if (n < 0) {
      if (errno == EINTR) continue;
      return Error{
          Errc::unavailable, std::string("cannot read the secret file: ") + std::strerror(errno), {}};
    }
    if (n == 0) break;
    data.append(buf, static_cast<std::size_t>(n));
    if (data.size() > 4096) break;
  }
  return data;
}

}  // namespace

SecretBox SecretBox::from_master_key(std::string_view master) {
  ensure_sodium();
  SecretBox b;
  b.m_sealing = derive(master, 1);
  b.m_signing = derive(master, 2);
  return b;
}

Result<SecretBox> SecretBox::load_or_create(const std::string& path) {
  ensure_sodium();
  for (int attempt = 0; attempt < 50; ++attempt) {
    int fd = ::open(path.c_str(), O_RDONLY | O_CLOEXEC);
    if (fd >= 0) {
      auto data = read_all(fd);
      ::close(fd);
      if (!data) return data.error();
      // A node that is creating the file right now may not have written it yet.
      if (data->empty()) {
        ::usleep(20000);
        continue;
      }
      auto key = base64url_decode(std::string(trim(*data)));
      if (!key || key->size() != k_master_bytes)
        return Error::invalid("secret_file", "the secret file " + path + " does not hold a TechDesk key");
      return from_master_key(*key);
    }
    if (errno != ENOENT)
      return Error{
          Errc::unavailable, "cannot open the secret file " + path + ": " + std::strerror(errno), {}};
    fd = ::open(path.c_str(), O_WRONLY | O_CREAT | O_EXCL | O_CLOEXEC, 0600);
    if (fd < 0) {
      if (errno == EEXIST) continue;  // another node made it first: read theirs
      return Error{
          Errc::unavailable, "cannot create the secret file " + path + ": " + std::strerror(errno), {}};
    }
    std::string key(k_master_bytes, '\0');
    randombytes_buf(key.data(), key.size());
    std::string text = base64url_encode(key) + "\n";
    bool ok = ::write(fd, text.data(), text.size()) == static_cast<ssize_t>(text.size()) && ::fsync(fd) == 0;
    ::close(fd);
    if (!ok) return Error{Errc::unavailable, "cannot write the secret file " + path, {}};
    return from_master_key(key);
  }
  return Error{Errc::unavailable, "the secret file " + path + " stays empty", {}};
}

std::string SecretBox::seal(std::string_view plaintext) const {
  std::string out(crypto_secretbox_NONCEBYTES + crypto_secretbox_MACBYTES + plaintext.size(), '\0');
  auto* nonce = reinterpret_cast<unsigned char*>(out.data());
  randombytes_buf(nonce, crypto_secretbox_NONCEBYTES);
  crypto_secretbox_easy(nonce + crypto_secretbox_NONCEBYTES,
                        reinterpret_cast<const unsigned char*>(plaintext.data()), plaintext.size(), nonce,
                        reinterpret_cast<const unsigned char*>(m_sealing.data()));
  return base64url_encode(out);
}

Result<std::string> SecretBox::open(std::string_view sealed) const {
  auto raw = base64url_decode(sealed);
  if (!raw || raw->size() < crypto_secretbox_NONCEBYTES + crypto_secretbox_MACBYTES)
    return Error::invalid("secret", "not a sealed value");
  std::string out(raw->size() - crypto_secretbox_NONCEBYTES - crypto_secretbox_MACBYTES, '\0');
  const auto* nonce = reinterpret_cast<const unsigned char*>(raw->data());
  if (crypto_secretbox_open_easy(reinterpret_cast<unsigned char*>(out.data()),
                                 nonce + crypto_secretbox_NONCEBYTES,
                                 raw->size() - crypto_secretbox_NONCEBYTES, nonce,
                                 reinterpret_cast<const unsigned char*>(m_sealing.data())) != 0)
    return Error::invalid("secret", "sealed with another key");
  return out;
}

}  // namespace techdesk::identity
