// The Content-Disposition every download carries (reports, uploads, knowledge and mail attachments): RFC 6266
// with an ASCII fallback old clients can read and the real UTF-8 name as RFC 5987 says.
#include "http/handler_util.h"

#include <gtest/gtest.h>

#include <string>

namespace {

using techdesk::http::content_disposition;
using techdesk::http::Disposition;

TEST(ContentDisposition, an_ascii_name_is_written_the_same_in_both_parameters) {
  EXPECT_EQ(content_disposition(Disposition::attachment, "kpis_2026-12-07_2026-12-13.xlsx"),
            "attachment; filename=\"kpis_2026-12-07_2026-12-13.xlsx\"; "
            "filename*=UTF-8''kpis_2026-12-07_2026-12-13.xlsx");
  EXPECT_EQ(content_disposition(Disposition::inline_, "photo.png"),
            "inline; filename=\"photo.png\"; filename*=UTF-8''photo.png");
}

TEST(ContentDisposition, a_chinese_name_falls_back_to_one_underscore_a_character_and_is_percent_encoded) {
  EXPECT_EQ(content_disposition(Disposition::attachment, "周报 W50.csv"),
            "attachment; filename=\"__ W50.csv\"; filename*=UTF-8''%E5%91%A8%E6%8A%A5%20W50.csv");
}

TEST(ContentDisposition, quotes_backslashes_percent_signs_and_controls_cannot_break_out_of_the_header) {
  const std::string v = content_disposition(Disposition::attachment, "a\"b\\c%41\r\nX-Evil: 1;.txt");
  EXPECT_EQ(v,
            "attachment; filename=\"a_b_c_41__X-Evil: 1;.txt\"; "
            "filename*=UTF-8''a%22b%5Cc%2541%0D%0AX-Evil%3A%201%3B.txt");
  EXPECT_EQ(v.find('\r'), std::string::npos);
  EXPECT_EQ(v.find('\n'), std::string::npos);
}

TEST(ContentDisposition, rfc_5987_attribute_characters_stay_as_they_are) {
  EXPECT_EQ(content_disposition(Disposition::attachment, "a!#$&+-.^_`|~z"),
            "attachment; filename=\"a!#$&+-.^_`|~z\"; filename*=UTF-8''a!#$&+-.^_`|~z");
}

}  // namespace
