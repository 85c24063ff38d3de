// Survey links: signed, naming one invitation of one ticket, refused when anything in them is changed,
// signed with another key, or past their expiry.
#include "feedback/survey_token.h"

#include <gtest/gtest.h>

namespace techdesk::feedback {
namespace {

const std::string k_key(32, 'k');
const Timestamp k_now = from_millis(1'796'000'000'000);

SurveyClaims claims() {
  return {41, 1234, k_now + std::chrono::hours(24), "abc123xyz"};
}

TEST(SurveyToken, a_token_reads_back_what_was_signed) {
  std::string token = make_survey_token(claims(), k_key);
  auto c = read_survey_token(token, k_key, k_now);
  ASSERT_TRUE(c.ok()) << c.error().message;
  EXPECT_EQ(c.value().invitation_id, 41);
  EXPECT_EQ(c.value().ticket_id, 1234);
  EXPECT_EQ(c.value().nonce, "abc123xyz");
  EXPECT_EQ(c.value().expires_at, claims().expires_at);
}

TEST(SurveyToken, every_changed_character_makes_it_unknown) {
  std::string token = make_survey_token(claims(), k_key);
  for (std::size_t i = 0; i < token.size(); ++i) {
    std::string bad = token;
    bad[i] = bad[i] == 'A' ? 'B' : (bad[i] == '.' ? '_' : 'A');
    if (bad == token) continue;
    auto r = read_survey_token(bad, k_key, k_now);
    EXPECT_FALSE(r.ok()) << "position " << i << ": " << bad;
    if (!r.ok()) {
      EXPECT_EQ(r.error().code, Errc::not_found);
    }
  }
}

TEST(SurveyToken, another_ticket_another_key_or_garbage_is_unknown) {
  SurveyClaims other = claims();
  other.ticket_id = 1235;
  std::string token = make_survey_token(claims(), k_key);
  std::string forged = make_survey_token(other, k_key);
  // Splice the other ticket's payload onto this signature.
  std::string spliced = forged.substr(0, forged.rfind('.')) + token.substr(token.rfind('.'));
  EXPECT_EQ(read_survey_token(spliced, k_key, k_now).error().code, Errc::not_found);
  EXPECT_EQ(read_survey_token(token, std::string(32, 'x'), k_now).error().code, Errc::not_found);
  for (const char* junk : {"", "v1", "v1.....", "v2.41.1234.1.abc.sig", "v1.-1.1234.1.abc.sig",
                           "v1.41.1234.1.a b.sig", "v1.0.1234.1.abc.sig"})
    EXPECT_EQ(read_survey_token(junk, k_key, k_now).error().code, Errc::not_found) << junk;
  EXPECT_EQ(read_survey_token(std::string(400, 'a'), k_key, k_now).error().code, Errc::not_found);
}

TEST(SurveyToken, a_token_past_its_expiry_says_so_after_the_signature_is_checked) {
  std::string token = make_survey_token(claims(), k_key);
  auto late = read_survey_token(token, k_key, claims().expires_at + std::chrono::milliseconds(1));
  ASSERT_FALSE(late.ok());
  EXPECT_EQ(late.error().code, Errc::expired);
  EXPECT_TRUE(read_survey_token(token, k_key, claims().expires_at).ok());
  // A forged token is unknown, not expired, even when its date has passed.
  std::string bad = token;
  bad.back() = bad.back() == 'A' ? 'B' : 'A';
  EXPECT_EQ(read_survey_token(bad, k_key, claims().expires_at + std::chrono::hours(1)).error().code,
            Errc::not_found);
}

}  // namespace
}  // namespace techdesk::feedback
