// Bearer credentials: random tokens with a kind prefix, stored only as their SHA-256 digest.
#include "identity/token.h"

#include <gtest/gtest.h>

#include <set>
#include <string>

#include "common/base64.h"

namespace {

using techdesk::base64url_decode;
using techdesk::hex_encode;
using techdesk::identity::constant_time_equal;
using techdesk::identity::issue_token;
using techdesk::identity::k_api_token_prefix;
using techdesk::identity::k_session_prefix;
using techdesk::identity::random_urlsafe;
using techdesk::identity::token_digest;

TEST(Token, a_session_token_has_the_session_prefix_and_32_random_bytes) {
  auto t = issue_token(k_session_prefix);
  EXPECT_EQ(t.token.rfind("tds_", 0), 0u) << t.token;
  auto raw = base64url_decode(std::string_view(t.token).substr(k_session_prefix.size()));
  ASSERT_TRUE(raw.has_value()) << t.token;
  EXPECT_EQ(raw->size(), 32u);
}

TEST(Token, an_api_token_has_the_api_token_prefix) {
  auto t = issue_token(k_api_token_prefix);
  EXPECT_EQ(t.token.rfind("tdk_", 0), 0u) << t.token;
}

TEST(Token, the_digest_is_32_bytes_and_equals_token_digest_of_the_token) {
  auto t = issue_token(k_session_prefix);
  EXPECT_EQ(t.digest.size(), 32u);
  EXPECT_EQ(t.digest, token_digest(t.token));
}

TEST(Token, the_digest_is_sha256) {
  EXPECT_EQ(hex_encode(token_digest("")), "e3b0c44298fc1c149afbf4c8996fb92427ae41e4649b934ca495991b7852b855");
  EXPECT_EQ(hex_encode(token_digest("abc")),
            "ba7816bf8f01cfea414140de5dae2223b00361a396177a9cb410ff61f20015ad");
}

TEST(Token, issued_tokens_differ) {
  std::set<std::string> tokens, digests;
  for (int i = 0; i < 100; ++i) {
    auto t = issue_token(k_session_prefix);
    EXPECT_TRUE(tokens.insert(t.token).second);
    EXPECT_TRUE(digests.insert(t.digest).second);
  }
}

TEST(Token, the_token_is_url_and_header_safe) {
  auto t = issue_token(k_api_token_prefix);
  EXPECT_EQ(t.token.find_first_not_of("ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789-_"),
            std::string::npos)
      << t.token;
}

TEST(Token, random_urlsafe_gives_unpadded_base64_of_the_requested_entropy) {
  EXPECT_EQ(random_urlsafe(32).size(), 43u);
  EXPECT_EQ(random_urlsafe(16).size(), 22u);
  EXPECT_EQ(random_urlsafe(0), "");
  EXPECT_NE(random_urlsafe(32), random_urlsafe(32));
}

TEST(ConstantTimeEqual, equal_strings_are_equal) {
  EXPECT_TRUE(constant_time_equal("", ""));
  EXPECT_TRUE(constant_time_equal("csrf-token-value", "csrf-token-value"));
}

TEST(ConstantTimeEqual, strings_that_differ_anywhere_are_not_equal) {
  EXPECT_FALSE(constant_time_equal("csrf-token-value", "Csrf-token-value"));
  EXPECT_FALSE(constant_time_equal("csrf-token-value", "csrf-tokeN-value"));
  EXPECT_FALSE(constant_time_equal("csrf-token-value", "csrf-token-valuE"));
}

TEST(ConstantTimeEqual, strings_of_different_length_are_not_equal) {
  EXPECT_FALSE(constant_time_equal("abc", "abcd"));
  EXPECT_FALSE(constant_time_equal("", "a"));
  EXPECT_FALSE(constant_time_equal("abcd", "abc"));
}

}  // namespace
