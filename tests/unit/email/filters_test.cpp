#include "channel/email/filters.h"

#include <gtest/gtest.h>

namespace techdesk::email {
namespace {

ParsedMail from(std::string addr) {
  ParsedMail m;
  m.from = Address{"", std::move(addr)};
  m.subject = "打印机卡纸";
  return m;
}

TEST(NoiseFilters, a_plain_request_is_not_noise) {
  EXPECT_EQ(classify_noise(from("zhang@corp.cn")), Noise::none);
}

TEST(NoiseFilters, auto_submitted_no_is_a_person_writing) {
  auto m = from("zhang@corp.cn");
  m.auto_submitted = "no";
  EXPECT_EQ(classify_noise(m), Noise::none);
  m.auto_submitted = "auto-replied";
  EXPECT_EQ(classify_noise(m), Noise::auto_submitted);
}

TEST(NoiseFilters, delivery_reports_win_over_everything_else) {
  auto m = from("mailer-daemon@mx.corp.cn");
  m.report = true;
  m.auto_submitted = "auto-replied";
  EXPECT_EQ(classify_noise(m), Noise::delivery_report);
  m.report = false;
  EXPECT_EQ(classify_noise(m), Noise::mailer_daemon);
  EXPECT_EQ(classify_noise(from("postmaster@corp.cn")), Noise::mailer_daemon);
}

TEST(NoiseFilters, bulk_precedence_is_noise_but_a_list_id_alone_is_not) {
  auto m = from("news@vendor.cn");
  m.list = true;
  EXPECT_EQ(classify_noise(m), Noise::none);
  for (const char* p : {"bulk", "junk", "list", "auto_reply"}) {
    m.precedence = p;
    EXPECT_EQ(classify_noise(m), Noise::precedence) << p;
  }
  m.precedence = "first-class";
  EXPECT_EQ(classify_noise(m), Noise::none);
}

TEST(NoiseFilters, out_of_office_subjects_of_mailers_that_set_no_header) {
  EXPECT_TRUE(has_autoreply_subject("自动回复：关于打印机的问题"));
  EXPECT_TRUE(has_autoreply_subject("  Automatic reply: VPN"));
  EXPECT_TRUE(has_autoreply_subject("OUT OF OFFICE: back Monday"));
  EXPECT_TRUE(has_autoreply_subject("休假自动回复"));
  EXPECT_FALSE(has_autoreply_subject("打印机自动进纸故障"));
  EXPECT_FALSE(has_autoreply_subject("Re: automatic replies are broken"));
}

TEST(NoiseFilters, autoreply_headers_count) {
  auto m = from("li@corp.cn");
  m.x_autoreply = true;
  EXPECT_EQ(classify_noise(m), Noise::autoreply_header);
}

}  // namespace
}  // namespace techdesk::email
