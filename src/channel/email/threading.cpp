#include "channel/email/threading.h"

#include <sodium.h>

#include <charconv>

namespace techdesk::email {

namespace {

// Lower-case base32 (RFC 4648 alphabet, lower case so that mailers that fold case keep it valid).
std::string sign(std::string_view data, std::string_view key, std::size_t chars) {
  unsigned char mac[crypto_auth_hmacsha256_BYTES];
  crypto_auth_hmacsha256_state st;
  crypto_auth_hmacsha256_init(&st, reinterpret_cast<const unsigned char*>(key.data()), key.size());
  crypto_auth_hmacsha256_update(&st, reinterpret_cast<const unsigned char*>(data.data()), data.size());
  crypto_auth_hmacsha256_final(&st, mac);
  static constexpr char k_alpha[] = "abcdefghijklmnopqrstuvwxyz234567";
  std::string out;
  std::uint32_t acc = 0;
  int bits = 0;
  for (unsigned char b : mac) {
    acc = (acc << 8) | b;
    bits += 8;
    while (bits >= 5 && out.size() < chars) {
      bits -= 5;
      out.push_back(k_alpha[(acc >> bits) & 31]);
    }
    if (out.size() >= chars) break;
  }
  return out;
}

bool equal_ct(std::string_view a, std::string_view b) {
  return a.size() == b.size() && sodium_memcmp(a.data(), b.data(), a.size()) == 0;
}

bool is_number_char(char c) {
  return (c >= '0' && c <= '9') || c == '-';
}

}  // namespace

std::string subject_tag(std::string_view number, std::string_view key) {
  return "[TD#" + std::string(number) + "/" + sign("subject:" + std::string(number), key, 6) + "]";
}

std::optional<std::string> find_subject_tag(std::string_view subject, std::string_view key) {
  std::size_t pos = 0;
  while ((pos = subject.find("[TD#", pos)) != std::string_view::npos) {
    std::size_t i = pos + 4, start = i;
    while (i < subject.size() && is_number_char(subject[i]))
      ++i;
    std::string_view number = subject.substr(start, i - start);
    if (!number.empty() && number.size() <= 32 && i + 8 <= subject.size() && subject[i] == '/' &&
        subject[i + 7] == ']') {
      std::string_view sig = subject.substr(i + 1, 6);
      // Some mailers upper-case subjects; the alphabet is lower case.
      std::string lower(sig);
      for (auto& c : lower)
        c = static_cast<char>(std::tolower(static_cast<unsigned char>(c)));
      if (equal_ct(lower, sign("subject:" + std::string(number), key, 6))) return std::string(number);
    }
    pos += 4;
  }
  return std::nullopt;
}

std::string make_message_id(Id ticket, std::string_view nonce, std::string_view domain,
                            std::string_view key) {
  std::string base = "td." + std::to_string(ticket) + "." + std::string(nonce);
  return base + "." + sign("msgid:" + base, key, 16) + "@" +
         std::string(domain.empty() ? "techdesk.invalid" : domain);
}

std::optional<Id> verify_message_id(std::string_view id, std::string_view key) {
  auto at = id.rfind('@');
  if (at == std::string_view::npos || id.substr(0, 3) != "td.") return std::nullopt;
  auto local = id.substr(0, at);
  auto last_dot = local.rfind('.');
  if (last_dot == std::string_view::npos || last_dot < 3) return std::nullopt;
  auto base = local.substr(0, last_dot);
  auto sig = local.substr(last_dot + 1);
  auto second = base.find('.', 3);
  if (second == std::string_view::npos) return std::nullopt;
  Id ticket = 0;
  auto digits = base.substr(3, second - 3);
  auto [p, ec] = std::from_chars(digits.data(), digits.data() + digits.size(), ticket);
  if (ec != std::errc{} || p != digits.data() + digits.size() || ticket <= 0) return std::nullopt;
  if (!equal_ct(sig, sign("msgid:" + std::string(base), key, 16))) return std::nullopt;
  return ticket;
}

}  // namespace techdesk::email
