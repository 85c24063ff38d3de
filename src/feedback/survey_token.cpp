#include "feedback/survey_token.h"

#include <sodium.h>

#include <charconv>
#include <vector>

#include "common/base64.h"

namespace techdesk::feedback {

namespace {

// The survey key is derived from the server's signing key, so that a survey signature can never be
// replayed as a subject tag or Message-ID signature.
std::string mac_of(std::string_view payload, std::string_view key) {
  unsigned char derived[crypto_auth_hmacsha256_BYTES];
  {
    crypto_auth_hmacsha256_state st;
    crypto_auth_hmacsha256_init(&st, reinterpret_cast<const unsigned char*>(key.data()), key.size());
    static constexpr std::string_view label = "techdesk survey token v1";
    crypto_auth_hmacsha256_update(&st, reinterpret_cast<const unsigned char*>(label.data()), label.size());
    crypto_auth_hmacsha256_final(&st, derived);
  }
  unsigned char mac[crypto_auth_hmacsha256_BYTES];
  crypto_auth_hmacsha256_state st;
  crypto_auth_hmacsha256_init(&st, derived, sizeof derived);
  crypto_auth_hmacsha256_update(&st, reinterpret_cast<const unsigned char*>(payload.data()), payload.size());
  crypto_auth_hmacsha256_final(&st, mac);
  return std::string(reinterpret_cast<const char*>(mac), sizeof mac);
}

std::vector<std::string_view> split(std::string_view s, char sep) {
  std::vector<std::string_view> out;
  while (true) {
    auto p = s.find(sep);
    out.push_back(s.substr(0, p));
    if (p == std::string_view::npos) return out;
    s = s.substr(p + 1);
  }
}

template <class T>
bool to_number(std::string_view s, T& out) {
  if (s.empty() || s.size() > 19 || s.front() == '-' || s.front() == '+') return false;
  auto [p, ec] = std::from_chars(s.data(), s.data() + s.size(), out);
  return ec == std::errc{} && p == s.data() + s.size();
}

bool valid_nonce(std::string_view n) {
  if (n.empty() || n.size() > 64) return false;
  for (char c : n)
    if (!((c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9') || c == '-' || c == '_'))
      return false;
  return true;
}

}  // namespace

std::string make_survey_token(const SurveyClaims& c, std::string_view key) {
  std::string payload = "v1." + std::to_string(c.invitation_id) + "." + std::to_string(c.ticket_id) + "." +
                        std::to_string(to_millis(c.expires_at)) + "." + c.nonce;
  return payload + "." + base64url_encode(mac_of(payload, key));
}

Result<SurveyClaims> read_survey_token(std::string_view token, std::string_view key, Timestamp now) {
  if (token.size() > 300) return Error::not_found("survey");
  auto parts = split(token, '.');
  if (parts.size() != 6 || parts[0] != "v1") return Error::not_found("survey");
  SurveyClaims c;
  std::int64_t expires = 0;
  if (!to_number(parts[1], c.invitation_id) || !to_number(parts[2], c.ticket_id) ||
      !to_number(parts[3], expires) || !valid_nonce(parts[4]) || c.invitation_id <= 0 || c.ticket_id <= 0)
    return Error::not_found("survey");
  std::string_view payload = token.substr(0, token.size() - parts[5].size() - 1);
  // Compared as text, not decoded: base64url's last character carries unused bits, and a token is
  // either exactly what we issued or nothing.
  const std::string expected = base64url_encode(mac_of(payload, key));
  if (parts[5].size() != expected.size() ||
      sodium_memcmp(parts[5].data(), expected.data(), expected.size()) != 0)
    return Error::not_found("survey");
  c.expires_at = from_millis(expires);
  c.nonce = std::string(parts[4]);
  if (now > c.expires_at) return Error::expired("this survey link has expired");
  return c;
}

}  // namespace techdesk::feedback
