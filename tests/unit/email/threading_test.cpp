#include "channel/email/threading.h"

#include <gtest/gtest.h>

namespace techdesk::email {
namespace {

const std::string k_key(32, 'k');
const std::string k_other(32, 'o');

TEST(Threading, a_subject_tag_survives_reply_prefixes_and_case_folding) {
  auto tag = subject_tag("20261121-0001", k_key);
  EXPECT_EQ(tag.rfind("[TD#20261121-0001/", 0), 0u);
  EXPECT_EQ(find_subject_tag("回复: 答复: " + tag + " 打印机卡纸", k_key), "20261121-0001");
  std::string upper = tag;
  for (auto& c : upper)
    c = static_cast<char>(std::toupper(static_cast<unsigned char>(c)));
  // "[TD#…/ABCDEF]": an upper-cased signature still matches.
  upper.replace(0, 4, "[TD#");
  EXPECT_EQ(find_subject_tag("RE: " + upper, k_key), "20261121-0001");
}

TEST(Threading, a_guessed_or_foreign_tag_is_not_trusted) {
  EXPECT_FALSE(find_subject_tag("Re: [TD#20261121-0001/aaaaaa] hello", k_key));
  EXPECT_FALSE(find_subject_tag("Re: " + subject_tag("20261121-0001", k_other), k_key));
  // Another ticket's signature on this number.
  auto sig_of_2 = subject_tag("20261121-0002", k_key).substr(18, 6);
  EXPECT_FALSE(find_subject_tag("[TD#20261121-0001/" + sig_of_2 + "]", k_key));
  EXPECT_FALSE(find_subject_tag("[TD#", k_key));
  EXPECT_FALSE(find_subject_tag("[TD#/]", k_key));
}

TEST(Threading, our_message_ids_carry_the_ticket_and_a_signature) {
  auto id = make_message_id(42, "n0nce", "corp.cn", k_key);
  EXPECT_EQ(verify_message_id(id, k_key), 42);
  EXPECT_FALSE(verify_message_id(id, k_other));
  std::string forged = id;
  forged.replace(3, 2, "43");
  EXPECT_FALSE(verify_message_id(forged, k_key));
  EXPECT_FALSE(verify_message_id("td.42.x.y@corp.cn", k_key));
  EXPECT_FALSE(verify_message_id("CAF=abc@mail.gmail.com", k_key));
  EXPECT_FALSE(verify_message_id("td.-1.n.s@x", k_key));
}

}  // namespace
}  // namespace techdesk::email
