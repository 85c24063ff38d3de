// URL-safe base64 without padding (RFC 4648 §5) and hex: round trips over every byte value and the
// inputs the decoder must refuse.
#include "common/base64.h"

#include <gtest/gtest.h>

#include <string>
#include <string_view>

namespace {

using namespace std::string_view_literals;
using techdesk::base64url_decode;
using techdesk::base64url_encode;
using techdesk::hex_encode;

TEST(Base64Url, encodes_the_rfc_4648_test_vectors_without_padding) {
  EXPECT_EQ(base64url_encode(""), "");
  EXPECT_EQ(base64url_encode("f"), "Zg");
  EXPECT_EQ(base64url_encode("fo"), "Zm8");
  EXPECT_EQ(base64url_encode("foo"), "Zm9v");
  EXPECT_EQ(base64url_encode("foob"), "Zm9vYg");
  EXPECT_EQ(base64url_encode("fooba"), "Zm9vYmE");
  EXPECT_EQ(base64url_encode("foobar"), "Zm9vYmFy");
}

TEST(Base64Url, uses_dash_and_underscore_instead_of_plus_and_slash) {
  EXPECT_EQ(base64url_encode("\xFB\xFF"), "-_8");
  EXPECT_EQ(base64url_encode("\xFF\xFF\xFF"), "____");
  EXPECT_EQ(base64url_encode("\xF8\x00\x00"sv), "-AAA");
}

TEST(Base64Url, decodes_the_rfc_4648_test_vectors) {
  EXPECT_EQ(base64url_decode(""), "");
  EXPECT_EQ(base64url_decode("Zg"), "f");
  EXPECT_EQ(base64url_decode("Zm8"), "fo");
  EXPECT_EQ(base64url_decode("Zm9v"), "foo");
  EXPECT_EQ(base64url_decode("Zm9vYg"), "foob");
  EXPECT_EQ(base64url_decode("Zm9vYmE"), "fooba");
  EXPECT_EQ(base64url_decode("Zm9vYmFy"), "foobar");
}

TEST(Base64Url, every_byte_value_round_trips) {
  std::string all;
  for (int b = 0; b < 256; ++b)
    all += static_cast<char>(b);
  auto decoded = base64url_decode(base64url_encode(all));
  ASSERT_TRUE(decoded.has_value());
  EXPECT_EQ(*decoded, all);
}

TEST(Base64Url, every_length_and_every_byte_in_every_position_round_trips) {
  for (std::size_t len = 0; len <= 7; ++len) {
    for (int b = 0; b < 256; ++b) {
      std::string bytes(len, static_cast<char>(b));
      if (len > 1) bytes[len / 2] = static_cast<char>(255 - b);
      auto encoded = base64url_encode(bytes);
      EXPECT_EQ(encoded.size(), (len * 4 + 2) / 3) << len;
      auto decoded = base64url_decode(encoded);
      ASSERT_TRUE(decoded.has_value()) << encoded;
      EXPECT_EQ(*decoded, bytes) << encoded;
    }
  }
}

TEST(Base64Url, characters_outside_the_url_safe_alphabet_are_refused) {
  EXPECT_FALSE(base64url_decode("Zm9v+g").has_value());
  EXPECT_FALSE(base64url_decode("Zm9v/g").has_value());
  EXPECT_FALSE(base64url_decode("Zg==").has_value());  // no padding
  EXPECT_FALSE(base64url_decode("Zm 9v").has_value());
  EXPECT_FALSE(base64url_decode("Zm9v\n").has_value());
  EXPECT_FALSE(base64url_decode("Zm9\0"sv).has_value());
  EXPECT_FALSE(base64url_decode("Zm9\xC3\xA9").has_value());
}

TEST(Base64Url, an_impossible_length_is_refused) {
  EXPECT_FALSE(base64url_decode("Z").has_value());
  EXPECT_FALSE(base64url_decode("Zm9vY").has_value());
  EXPECT_FALSE(base64url_decode("Zm9vYmFyZ").has_value());
}

TEST(Hex, encodes_lowercase_two_digits_per_byte) {
  EXPECT_EQ(hex_encode(""), "");
  EXPECT_EQ(hex_encode("\x00\x01\x7F\x80\xFF"sv), "00017f80ff");
  EXPECT_EQ(hex_encode("TD"), "5444");
}

}  // namespace
