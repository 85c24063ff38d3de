// Password hashing (argon2id) and the rules a new password must meet. Hashes here use the lowest
// cost libsodium allows so the suite stays fast; the rules do not depend on the cost.
#include "identity/password.h"

#include <gtest/gtest.h>

#include <string>

namespace {

using techdesk::Errc;
using techdesk::identity::check_password_rules;
using techdesk::identity::dummy_password_hash;
using techdesk::identity::hash_password;
using techdesk::identity::PasswordCost;
using techdesk::identity::verify_password;

constexpr PasswordCost k_fast{1, 8192 * 1024};

std::string hash(const std::string& password) {
  auto r = hash_password(password, k_fast);
  EXPECT_TRUE(r.ok());
  return r.ok() ? r.value() : std::string{};
}

std::string repeat(const std::string& s, int n) {
  std::string out;
  for (int i = 0; i < n; ++i)
    out += s;
  return out;
}

TEST(PasswordHash, is_an_argon2id_phc_string) {
  auto h = hash("correct horse battery staple");
  EXPECT_EQ(h.rfind("$argon2id$v=19$", 0), 0u) << h;
  EXPECT_EQ(h.find("correct"), std::string::npos);
}

TEST(PasswordHash, the_right_password_verifies) {
  auto h = hash("correct horse battery staple");
  EXPECT_TRUE(verify_password(h, "correct horse battery staple"));
}

TEST(PasswordHash, a_wrong_password_does_not_verify) {
  auto h = hash("correct horse battery staple");
  EXPECT_FALSE(verify_password(h, "correct horse battery stapl"));
  EXPECT_FALSE(verify_password(h, "Correct horse battery staple"));
  EXPECT_FALSE(verify_password(h, ""));
}

TEST(PasswordHash, chinese_passwords_verify) {
  auto h = hash("我的密码很安全123");
  EXPECT_TRUE(verify_password(h, "我的密码很安全123"));
  EXPECT_FALSE(verify_password(h, "我的密码很安全124"));
}

TEST(PasswordHash, the_same_password_hashes_differently_each_time) {
  auto a = hash("correct horse battery staple");
  auto b = hash("correct horse battery staple");
  EXPECT_NE(a, b);
  EXPECT_TRUE(verify_password(a, "correct horse battery staple"));
  EXPECT_TRUE(verify_password(b, "correct horse battery staple"));
}

TEST(PasswordHash, a_malformed_hash_never_matches) {
  auto good = hash("password1");
  for (const std::string& bad : {std::string{}, std::string("password1"), std::string("$argon2id$"),
                                 std::string("$argon2id$v=19$m=8192,t=1,p=1$"),
                                 good.substr(0, good.size() - 5), good + "x", "$2b$12$" + good.substr(15)})
    EXPECT_FALSE(verify_password(bad, "password1")) << bad;
}

TEST(PasswordHash, a_hash_with_an_embedded_nul_never_matches) {
  auto good = hash("password1");
  std::string with_nul = good;
  with_nul.insert(with_nul.begin() + 10, '\0');
  EXPECT_FALSE(verify_password(with_nul, "password1"));
}

TEST(PasswordHash, the_dummy_hash_is_valid_and_matches_no_ordinary_password) {
  const auto& dummy = dummy_password_hash();
  EXPECT_EQ(dummy.rfind("$argon2id$", 0), 0u) << dummy;
  EXPECT_EQ(&dummy, &dummy_password_hash());
  EXPECT_FALSE(verify_password(dummy, "password1"));
  EXPECT_FALSE(verify_password(dummy, ""));
}

TEST(PasswordRules, seven_characters_are_too_few) {
  auto r = check_password_rules("abcdefg");
  ASSERT_FALSE(r.ok());
  EXPECT_EQ(r.error().code, Errc::invalid_field);
  EXPECT_EQ(r.error().field, "password");
  EXPECT_NE(r.error().message.find("at least 8"), std::string::npos) << r.error().message;
}

TEST(PasswordRules, eight_characters_are_enough) {
  EXPECT_TRUE(check_password_rules("abcdefgh").ok());
}

TEST(PasswordRules, one_hundred_twenty_eight_characters_are_allowed) {
  EXPECT_TRUE(check_password_rules(std::string(128, 'a')).ok());
}

TEST(PasswordRules, one_hundred_twenty_nine_characters_are_too_many) {
  auto r = check_password_rules(std::string(129, 'a'));
  ASSERT_FALSE(r.ok());
  EXPECT_EQ(r.error().code, Errc::invalid_field);
  EXPECT_EQ(r.error().field, "password");
  EXPECT_NE(r.error().message.find("at most 128"), std::string::npos) << r.error().message;
}

TEST(PasswordRules, length_is_counted_in_characters_not_bytes) {
  EXPECT_TRUE(check_password_rules(repeat("密", 8)).ok());    // 24 bytes, 8 characters
  EXPECT_FALSE(check_password_rules(repeat("密", 7)).ok());   // 21 bytes, 7 characters
  EXPECT_TRUE(check_password_rules(repeat("密", 128)).ok());  // 384 bytes
  EXPECT_FALSE(check_password_rules(repeat("密", 129)).ok());
}

TEST(PasswordRules, invalid_utf8_is_refused) {
  auto r = check_password_rules("abcdefgh\xFF");
  ASSERT_FALSE(r.ok());
  EXPECT_EQ(r.error().code, Errc::invalid_field);
  EXPECT_EQ(r.error().field, "password");
  EXPECT_NE(r.error().message.find("UTF-8"), std::string::npos) << r.error().message;
  EXPECT_FALSE(check_password_rules("abcdefg\xC0\x80").ok());  // overlong NUL
}

TEST(PasswordRules, errors_name_the_field_they_are_given) {
  auto r = check_password_rules("short", "new_password");
  ASSERT_FALSE(r.ok());
  EXPECT_EQ(r.error().field, "new_password");
  EXPECT_EQ(r.error().message.rfind("new_password", 0), 0u) << r.error().message;
}

}  // namespace
