// UTF-8 validation and the control-character rule every text field is checked against.
#include "common/text.h"

#include <gtest/gtest.h>

#include <string>
#include <string_view>

namespace {

using namespace std::string_view_literals;
using techdesk::ascii_lower;
using techdesk::has_control_chars;
using techdesk::is_valid_utf8;
using techdesk::trim;
using techdesk::utf8_length;

TEST(Utf8, ascii_and_the_empty_string_are_valid) {
  EXPECT_TRUE(is_valid_utf8(""));
  EXPECT_TRUE(is_valid_utf8("printer on floor 3 is jammed"));
}

TEST(Utf8, chinese_text_is_valid) {
  EXPECT_TRUE(is_valid_utf8("打印机卡纸，请尽快处理"));
  EXPECT_TRUE(is_valid_utf8("硬件/打印机"));
}

TEST(Utf8, every_sequence_length_is_valid_at_its_boundaries) {
  EXPECT_TRUE(is_valid_utf8("\x7F"));              // U+007F, last one-byte
  EXPECT_TRUE(is_valid_utf8("\xC2\x80"));          // U+0080, first two-byte
  EXPECT_TRUE(is_valid_utf8("\xDF\xBF"));          // U+07FF, last two-byte
  EXPECT_TRUE(is_valid_utf8("\xE0\xA0\x80"));      // U+0800, first three-byte
  EXPECT_TRUE(is_valid_utf8("\xED\x9F\xBF"));      // U+D7FF, just below the surrogates
  EXPECT_TRUE(is_valid_utf8("\xEE\x80\x80"));      // U+E000, just above the surrogates
  EXPECT_TRUE(is_valid_utf8("\xEF\xBF\xBF"));      // U+FFFF
  EXPECT_TRUE(is_valid_utf8("\xF0\x90\x80\x80"));  // U+10000, first four-byte
  EXPECT_TRUE(is_valid_utf8("\xF0\x9F\x98\x80"));  // U+1F600, an emoji
  EXPECT_TRUE(is_valid_utf8("\xF4\x8F\xBF\xBF"));  // U+10FFFF, the last code point
}

TEST(Utf8, a_nul_byte_is_valid_utf8) {
  EXPECT_TRUE(is_valid_utf8("a\0b"sv));
}

TEST(Utf8, overlong_encodings_are_rejected) {
  EXPECT_FALSE(is_valid_utf8("\xC0\x80"));          // NUL in two bytes
  EXPECT_FALSE(is_valid_utf8("\xC0\xAF"));          // '/' in two bytes
  EXPECT_FALSE(is_valid_utf8("\xC1\xBF"));          // U+007F in two bytes
  EXPECT_FALSE(is_valid_utf8("\xE0\x80\xAF"));      // '/' in three bytes
  EXPECT_FALSE(is_valid_utf8("\xE0\x9F\xBF"));      // U+07FF in three bytes
  EXPECT_FALSE(is_valid_utf8("\xF0\x80\x80\xAF"));  // '/' in four bytes
  EXPECT_FALSE(is_valid_utf8("\xF0\x8F\xBF\xBF"));  // U+FFFF in four bytes
}

TEST(Utf8, surrogates_are_rejected) {
  EXPECT_FALSE(is_valid_utf8("\xED\xA0\x80"));              // U+D800
  EXPECT_FALSE(is_valid_utf8("\xED\xAF\xBF"));              // U+DBFF
  EXPECT_FALSE(is_valid_utf8("\xED\xB0\x80"));              // U+DC00
  EXPECT_FALSE(is_valid_utf8("\xED\xBF\xBF"));              // U+DFFF
  EXPECT_FALSE(is_valid_utf8("\xED\xA0\xBD\xED\xB8\x80"));  // a CESU-8 surrogate pair
}

TEST(Utf8, code_points_past_u10ffff_are_rejected) {
  EXPECT_FALSE(is_valid_utf8("\xF4\x90\x80\x80"));          // U+110000
  EXPECT_FALSE(is_valid_utf8("\xF7\xBF\xBF\xBF"));          // U+1FFFFF
  EXPECT_FALSE(is_valid_utf8("\xF8\x88\x80\x80\x80"));      // five-byte form
  EXPECT_FALSE(is_valid_utf8("\xFC\x84\x80\x80\x80\x80"));  // six-byte form
  EXPECT_FALSE(is_valid_utf8("\xFE"));
  EXPECT_FALSE(is_valid_utf8("\xFF"));
}

TEST(Utf8, truncated_sequences_are_rejected) {
  EXPECT_FALSE(is_valid_utf8("\xC3"));
  EXPECT_FALSE(is_valid_utf8("\xE6\x89"));  // 打 without its last byte
  EXPECT_FALSE(is_valid_utf8("\xF0\x9F\x98"));
  EXPECT_FALSE(is_valid_utf8("abc\xE6"));
  EXPECT_FALSE(is_valid_utf8("\xE6\x89 ok"));  // a sequence cut short by ASCII
  EXPECT_FALSE(is_valid_utf8("\xE6\x89\xE6\x89\x93"));
}

TEST(Utf8, stray_continuation_bytes_are_rejected) {
  EXPECT_FALSE(is_valid_utf8("\x80"));
  EXPECT_FALSE(is_valid_utf8("\xBF"));
  EXPECT_FALSE(is_valid_utf8("a\x80z"));
  EXPECT_FALSE(is_valid_utf8("\xE6\x89\x93\x93"));  // 打 and one byte too many
}

TEST(Utf8, a_truncated_sequence_does_not_read_past_the_view) {
  // The view ends inside a sequence whose continuation bytes exist in memory after it.
  std::string_view s = "\xE6\x89\x93";
  EXPECT_FALSE(is_valid_utf8(s.substr(0, 2)));
  EXPECT_FALSE(is_valid_utf8(s.substr(0, 1)));
}

TEST(Utf8, length_counts_code_points_not_bytes) {
  EXPECT_EQ(utf8_length(""), 0u);
  EXPECT_EQ(utf8_length("abc"), 3u);
  EXPECT_EQ(utf8_length("打印机"), 3u);
  EXPECT_EQ(utf8_length("é"), 1u);
  EXPECT_EQ(utf8_length("\xF0\x9F\x98\x80"), 1u);
  EXPECT_EQ(utf8_length("a打\xF0\x9F\x98\x80z"), 4u);
}

TEST(ControlChars, plain_text_has_none) {
  EXPECT_FALSE(has_control_chars("", false));
  EXPECT_FALSE(has_control_chars("打印机 on floor 3 ~!", false));
}

TEST(ControlChars, nul_is_a_control_character) {
  EXPECT_TRUE(has_control_chars("a\0b"sv, false));
  EXPECT_TRUE(has_control_chars("a\0b"sv, true));
}

TEST(ControlChars, del_is_a_control_character) {
  EXPECT_TRUE(has_control_chars("a\x7F", false));
  EXPECT_TRUE(has_control_chars("a\x7F", true));
}

TEST(ControlChars, every_c0_character_but_tab_lf_and_cr_is_refused) {
  for (int c = 0; c < 0x20; ++c) {
    std::string s = "x";
    s += static_cast<char>(c);
    const bool newline = c == '\n' || c == '\r';
    EXPECT_EQ(has_control_chars(s, false), c != '\t') << c;
    EXPECT_EQ(has_control_chars(s, true), c != '\t' && !newline) << c;
  }
}

TEST(ControlChars, tabs_are_always_allowed) {
  EXPECT_FALSE(has_control_chars("a\tb", false));
  EXPECT_FALSE(has_control_chars("a\tb", true));
}

TEST(ControlChars, newlines_are_allowed_only_when_asked_for) {
  EXPECT_TRUE(has_control_chars("line one\nline two", false));
  EXPECT_TRUE(has_control_chars("line one\r\nline two", false));
  EXPECT_FALSE(has_control_chars("line one\nline two", true));
  EXPECT_FALSE(has_control_chars("line one\r\nline two", true));
}

TEST(ControlChars, bytes_above_del_are_not_control_characters) {
  // C1 controls are only control characters once decoded; the raw UTF-8 bytes are never refused.
  EXPECT_FALSE(has_control_chars("\xC2\x80\xC2\x9F", false));
  EXPECT_FALSE(has_control_chars("\xFF", false));
}

TEST(Trim, removes_ascii_white_space_at_both_ends_only) {
  EXPECT_EQ(trim("  a b \t\r\n"), "a b");
  EXPECT_EQ(trim(""), "");
  EXPECT_EQ(trim(" \t "), "");
  EXPECT_EQ(trim("打印机"), "打印机");
  EXPECT_EQ(trim("\u3000x\u3000"), "\u3000x\u3000");  // the ideographic space is not ASCII
}

TEST(AsciiLower, lowers_ascii_and_leaves_other_bytes_alone) {
  EXPECT_EQ(ascii_lower("Zhang.WEI@Example.COM"), "zhang.wei@example.com");
  EXPECT_EQ(ascii_lower("打印机ABC"), "打印机abc");
  EXPECT_EQ(ascii_lower("É"), "É");
}

}  // namespace
