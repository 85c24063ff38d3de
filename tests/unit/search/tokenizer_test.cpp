#include "search/tokenizer.h"

#include <gmock/gmock.h>
#include <gtest/gtest.h>

namespace techdesk::search {
namespace {

using ::testing::Contains;
using ::testing::ElementsAre;
using ::testing::IsEmpty;
using ::testing::Not;

std::vector<std::string> texts(std::string_view s, TokenMode mode = TokenMode::index, bool fold = true) {
  std::vector<std::string> out;
  for (auto& t : tokenize(s, {.mode = mode, .fold_traditional = fold}))
    out.push_back(t.text);
  return out;
}

TEST(Tokenizer, chinese_runs_become_overlapping_bigrams_whatever_the_dictionary_cut) {
  EXPECT_THAT(texts("打印机卡纸", TokenMode::query), ElementsAre("打印", "印机", "机卡", "卡纸"));
  // Index mode ends a run with its last character, so that a one-character query (a prefix) finds every
  // character; bigrams stay next to each other, so a run is matched as a phrase.
  EXPECT_THAT(texts("卡纸"), ElementsAre("卡纸", "纸"));
  EXPECT_THAT(texts("打印机卡纸"), ElementsAre("打印", "印机", "机卡", "卡纸", "纸"));
  auto lone = tokenize("卡", {.mode = TokenMode::query});
  ASSERT_EQ(lone.size(), 1u);
  EXPECT_EQ(lone[0].text, "卡");
  EXPECT_TRUE(lone[0].prefix);
}

TEST(Tokenizer, a_two_character_query_matches_inside_a_longer_word) {
  auto doc = texts("三楼财务部打印机无法打印");
  for (const auto& q : texts("打印", TokenMode::query))
    EXPECT_THAT(doc, Contains(q));
  for (const auto& q : texts("网络", TokenMode::query))
    EXPECT_THAT(texts("公司网络时断时续"), Contains(q));
}

TEST(Tokenizer, mixed_chinese_english_and_digits_split_at_script_changes) {
  EXPECT_THAT(texts("3楼HP打印机", TokenMode::query), ElementsAre("3", "楼", "hp", "打印", "印机"));
  EXPECT_THAT(texts("3楼HP打印机"), ElementsAre("3", "楼", "hp", "打印", "印机", "机"));
  EXPECT_THAT(texts("Windows更新后蓝屏0x0000011b", TokenMode::query),
              ElementsAre("windows", "更新", "新后", "后蓝", "蓝屏", "0x0000011b"));
}

TEST(Tokenizer, product_codes_are_cut_at_their_hyphens_and_lower_cased) {
  EXPECT_THAT(texts("HP-LaserJet-M404", TokenMode::query), ElementsAre("hp", "laserjet", "m404"));
  EXPECT_THAT(texts("惠普CF228A硒鼓", TokenMode::query), ElementsAre("惠普", "cf228a", "硒鼓"));
}

TEST(Tokenizer, full_width_letters_and_digits_fold_to_half_width) {
  EXPECT_EQ(texts("ＶＰＮ　１２３", TokenMode::query), texts("vpn 123", TokenMode::query));
  EXPECT_THAT(texts("ＨＰ－ＬａｓｅｒＪｅｔ", TokenMode::query), ElementsAre("hp", "laserjet"));
}

TEST(Tokenizer, case_folds_beyond_ascii) {
  EXPECT_THAT(texts("STRASSE Straße ΣΊΣΥΦΟΣ", TokenMode::query),
              ElementsAre("strasse", "strasse", "σίσυφοσ"));
}

TEST(Tokenizer, traditional_chinese_folds_to_simplified_when_asked) {
  EXPECT_EQ(texts("打印機卡紙", TokenMode::query), texts("打印机卡纸", TokenMode::query));
  EXPECT_EQ(texts("網絡", TokenMode::query), texts("网络", TokenMode::query));
  EXPECT_NE(texts("打印機", TokenMode::query, false), texts("打印机", TokenMode::query, false));
}

TEST(Tokenizer, scripts_without_spaces_are_cut_at_icu_dictionary_words) {
  // "Thai language" (ภาษาไทย) is two words for ICU's Thai dictionary.
  EXPECT_THAT(texts("ภาษาไทย", TokenMode::query), ElementsAre("ภาษา", "ไทย"));
  EXPECT_THAT(texts("Привет, МИР", TokenMode::query), ElementsAre("привет", "мир"));
}

TEST(Tokenizer, emoji_punctuation_and_symbols_are_dropped) {
  EXPECT_THAT(texts("😀🔥 !!! ——，。、", TokenMode::query), IsEmpty());
  EXPECT_THAT(texts("打印机😀坏了", TokenMode::query), ElementsAre("打印", "印机", "坏了"));
  EXPECT_THAT(texts("VPN👍ok"), ElementsAre("vpn", "ok"));
}

TEST(Tokenizer, offsets_point_into_the_original_text) {
  std::string s = "请检查ＶＰＮ设置";
  auto tokens = tokenize(s, {.mode = TokenMode::query});
  ASSERT_FALSE(tokens.empty());
  bool found = false;
  for (const auto& t : tokens)
    if (t.text == "vpn") {
      EXPECT_EQ(s.substr(t.begin, t.end - t.begin), "ＶＰＮ");
      found = true;
    }
  EXPECT_TRUE(found);
}

TEST(Tokenizer, invalid_utf8_and_control_bytes_never_throw) {
  std::string bad = "ab\xff\xfe\xc3(打印\xe6\x89";
  bad += std::string("\0\x01\x02", 3);
  EXPECT_NO_THROW(tokenize(bad));
  EXPECT_THAT(texts(bad, TokenMode::query), Contains("ab"));
  EXPECT_THAT(texts(bad, TokenMode::query), Not(Contains("\xff")));
}

TEST(Tokenizer, very_long_words_are_cut_and_huge_text_is_handled) {
  std::string word(5000, 'a');
  auto t = texts(word);
  ASSERT_EQ(t.size(), 1u);
  EXPECT_EQ(t[0].size(), 64u);
  std::string big;
  for (int i = 0; i < 20000; ++i)
    big += "打印机卡纸 paper jam ";
  EXPECT_GT(tokenize(big).size(), 100000u);
}

TEST(Tokenizer, token_string_joins_with_single_spaces) {
  EXPECT_EQ(token_string("VPN 掉线", {.mode = TokenMode::query}), "vpn 掉线");
  EXPECT_EQ(token_string(""), "");
}

}  // namespace
}  // namespace techdesk::search
