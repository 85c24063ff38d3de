#include "channel/email/mime_parser.h"

#include <gtest/gtest.h>

#include "channel/email/charset.h"

namespace techdesk::email {
namespace {

TEST(Charset, gb2312_labels_read_gbk_characters_as_gb18030) {
  // 镕 (GBK 0xE946) is not in GB2312; mailers label such text gb2312 anyway.
  EXPECT_EQ(to_utf8("\xE9\x46", "gb2312"), "镕");
  EXPECT_EQ(to_utf8("\xB4\xF2\xD3\xA1\xBB\xFA", "GBK"), "打印机");
  EXPECT_EQ(to_utf8("\xB4\xF2\xD3\xA1\xBB\xFA", "x-unknown-charset"), "打印机");
  EXPECT_EQ(to_utf8("打印机", "x-unknown-charset"), "打印机");
}

TEST(Charset, undecodable_bytes_become_replacement_characters) {
  EXPECT_EQ(scrub_utf8("a\xFF"
                       "b"),
            "a\xEF\xBF\xBD"
            "b");
  EXPECT_EQ(to_utf8("a\xC3", "utf-8"), "a\xEF\xBF\xBD");
}

TEST(Charset, adjacent_encoded_words_are_joined_before_decoding) {
  // 打 (B4 F2) split over two B words; the space between encoded words goes.
  EXPECT_EQ(decode_header_text("=?gbk?B?tA==?= =?gbk?B?8g==?="), "打");
  EXPECT_EQ(decode_header_text("=?utf-8?Q?VPN_=E8=BF=9E?=\r\n =?utf-8?Q?=E4=B8=8D=E4=B8=8A?="), "VPN 连不上");
  EXPECT_EQ(decode_header_text("Re: =?utf-8?B?5omT5Y2w5py6?= broken"), "Re: 打印机 broken");
  EXPECT_EQ(decode_header_text("=?bogus"), "=?bogus");
}

TEST(MimeParameters, rfc2231_continuations_and_outlook_encoded_words) {
  EXPECT_EQ(
      mime_parameter("attachment; filename*0*=UTF-8''%E6%8A%A5; filename*1*=%E4%BB%B7.xlsx", "filename"),
      "报价.xlsx");
  EXPECT_EQ(mime_parameter("attachment; filename=\"=?gb2312?B?sai827Wl?=.xls\"", "filename"), "报价单.xls");
  EXPECT_EQ(mime_parameter("text/plain; charset=\"gb2312\"", "charset"), "gb2312");
  EXPECT_EQ(mime_parameter("text/plain", "charset"), "");
}

TEST(Addresses, display_names_are_decoded_and_junk_is_skipped) {
  auto list = parse_address_list(
      "=?utf-8?B?5byg5LiJ?= <Zhang.San@Corp.CN>, broken, li@y.cn (李四), \"Wang, Wu\" <w@z.cn>");
  ASSERT_EQ(list.size(), 3u);
  EXPECT_EQ(list[0].name, "张三");
  EXPECT_EQ(list[0].addr, "zhang.san@corp.cn");
  EXPECT_EQ(list[1].addr, "li@y.cn");
  EXPECT_EQ(list[1].name, "李四");
  EXPECT_EQ(list[2].name, "Wang, Wu");
}

TEST(MessageIds, brackets_comments_and_garbage) {
  EXPECT_EQ(parse_message_ids("<a@b> (comment) <c@d>"), (std::vector<std::string>{"a@b", "c@d"}));
  EXPECT_EQ(parse_message_ids("a@b junk c@d"), (std::vector<std::string>{"a@b", "c@d"}));
  EXPECT_TRUE(parse_message_ids("nonsense").empty());
}

TEST(MimeParser, a_message_over_the_size_limit_is_refused) {
  ParseLimits limits;
  limits.max_message_bytes = 10;
  auto r = parse_mail("Subject: x\r\n\r\nhello world", limits);
  ASSERT_FALSE(r.ok());
  EXPECT_EQ(r.error().field, "message");
}

TEST(MimeParser, html_only_mail_gets_text_from_the_html_and_loses_its_script) {
  auto r = parse_mail(
      "From: a@b.cn\r\nSubject: t\r\nContent-Type: text/html; "
      "charset=utf-8\r\n\r\n<p>你好<script>alert(1)</script></p>");
  ASSERT_TRUE(r.ok());
  EXPECT_NE(r->text.find("你好"), std::string::npos);
  EXPECT_EQ(r->html.find("script"), std::string::npos);
}

}  // namespace
}  // namespace techdesk::email
