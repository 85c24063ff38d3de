#include "search/query.h"

#include <gmock/gmock.h>
#include <gtest/gtest.h>

#include "search/snippet.h"

namespace techdesk::search {
namespace {

using ::testing::ElementsAre;
using ::testing::IsEmpty;

TEST(Query, words_fields_phrases_and_exclusions) {
  auto q = parse_query(R"(打印机 卡纸 state:open priority:P1 org:"华信 科技" -硒鼓 "paper jam")");
  EXPECT_THAT(q.words, ElementsAre("打印机", "卡纸", "paper jam"));
  EXPECT_THAT(q.excluded, ElementsAre("硒鼓"));
  EXPECT_THAT(q.fields.at("state"), ElementsAre("open"));
  EXPECT_THAT(q.fields.at("priority"), ElementsAre("P1"));
  EXPECT_THAT(q.fields.at("org"), ElementsAre("华信 科技"));
}

std::vector<std::vector<std::string>> flat(const std::vector<Group>& groups) {
  std::vector<std::vector<std::string>> out;
  for (const auto& g : groups) {
    std::vector<std::string> units;
    for (const auto& u : g) {
      std::string s;
      for (const auto& t : u.tokens)
        s += (s.empty() ? "" : "+") + t;
      units.push_back(s + (u.prefix ? "*" : ""));
    }
    out.push_back(units);
  }
  return out;
}

TEST(Query, each_word_is_a_group_and_a_chinese_run_is_the_phrase_of_its_bigrams) {
  EXPECT_THAT(flat(parse_query("打印机 卡纸").groups()),
              ElementsAre(ElementsAre("打印+印机"), ElementsAre("卡纸")));
  EXPECT_THAT(flat(parse_query("3楼HP打印机 卡").groups()),
              ElementsAre(ElementsAre("3", "楼*", "hp", "打印+印机"), ElementsAre("卡*")));
  EXPECT_THAT(flat(parse_query("HP-LaserJet-M404").groups()),
              ElementsAre(ElementsAre("hp", "laserjet", "m404")));
}

TEST(Query, loosening_cuts_phrases_into_tokens_each_enough_alone) {
  EXPECT_THAT(flat(loosen(parse_query("手机连不上 vpn").groups())),
              ElementsAre(ElementsAre("手机"), ElementsAre("机连"), ElementsAre("连不"), ElementsAre("不上"),
                          ElementsAre("vpn")));
}

TEST(Query, an_unknown_field_is_plain_text) {
  auto q = parse_query("error:0x11b http://intranet");
  EXPECT_THAT(q.words, ElementsAre("error:0x11b", "http://intranet"));
  EXPECT_TRUE(q.fields.empty());
}

TEST(Query, unbalanced_quotes_run_to_the_end) {
  auto q = parse_query(R"(vpn "connection drops)");
  EXPECT_THAT(q.words, ElementsAre("vpn", "connection drops"));
}

TEST(Query, operator_only_queries_have_no_words) {
  for (const char* s : {"", "   ", "*", "-", "\"\"", ":", "( ) * : \" - ''", "AND", "&&||!!"}) {
    SCOPED_TRACE(s);
    auto q = parse_query(s);
    // Either nothing at all, or only text without a single token.
    if (std::string(s) == "AND") {
      EXPECT_THAT(flat(q.groups()), ElementsAre(ElementsAre("and")));  // a word like any other
    } else {
      EXPECT_THAT(q.groups(), IsEmpty());
    }
  }
}

TEST(Query, injection_looking_text_is_only_text) {
  auto q = parse_query(R"('; DROP TABLE tickets; -- title:x NEAR(a b) {internal}:secret)");
  for (const auto& g : q.groups())
    for (const auto& u : g)
      for (const auto& t : u.tokens)
        EXPECT_EQ(t.find_first_of("'\";(){}:-"), std::string::npos) << t;
}

TEST(Snippet, marks_matches_and_escapes_everything_else) {
  auto s = snippet("<b>三楼</b>的打印机卡纸了 & 无法打印", {"打印", "卡纸"});
  EXPECT_EQ(s, "&lt;b&gt;三楼&lt;/b&gt;的<mark>打印</mark>机<mark>卡纸</mark>了 &amp; 无法<mark>打印</mark>");
}

TEST(Snippet, overlapping_bigrams_make_one_mark_and_long_text_is_cut_around_the_matches) {
  std::string text = std::string(600, 'x') + " 打印机卡纸 " + std::string(600, 'y');
  auto s = snippet(text, {"打印", "印机"});
  EXPECT_NE(s.find("<mark>打印机</mark>"), std::string::npos) << s;
  EXPECT_EQ(s.rfind("…", 0), 0u);
  EXPECT_LT(s.size(), 400u);
}

TEST(Snippet, a_lone_chinese_character_marks_where_it_starts_a_token) {
  EXPECT_EQ(snippet("卡纸了", {"卡"}), "<mark>卡</mark>纸了");
  EXPECT_EQ(snippet("打印卡", {"卡"}), "打印<mark>卡</mark>");
}

TEST(Snippet, without_a_match_shows_the_start) {
  EXPECT_EQ(snippet("hello world", {"vpn"}), "hello world");
  EXPECT_EQ(matched_tokens("打印机卡纸", {"打印", "卡纸", "网络"}), 2u);
}

TEST(Snippet, never_cuts_a_character_in_two) {
  std::string text;
  for (int i = 0; i < 200; ++i)
    text += "网络";
  auto s = snippet(text, {"网络"}, 31);
  EXPECT_TRUE(s.find('\xe7') != std::string::npos);
  // Every byte sequence is whole UTF-8: decode lengths add up.
  std::size_t i = 0;
  while (i < s.size()) {
    auto c = static_cast<unsigned char>(s[i]);
    std::size_t n = c < 0x80 ? 1 : c >= 0xF0 ? 4 : c >= 0xE0 ? 3 : 2;
    ASSERT_LE(i + n, s.size());
    i += n;
  }
}

TEST(Snippet, markdown_markup_is_dropped_for_snippets) {
  EXPECT_EQ(plain_text_of_markdown("## 解决方法\n1. 打开 **设置** [链接](http://x)\n> 注意 `code`"),
            "解决方法\n1. 打开 设置 链接\n注意 code");
}

}  // namespace
}  // namespace techdesk::search
