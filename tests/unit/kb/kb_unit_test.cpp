#include <gmock/gmock.h>
#include <gtest/gtest.h>

#include "kb/diff.h"
#include "kb/kb_service.h"
#include "kb/markdown.h"

namespace techdesk::kb {
namespace {

using ::testing::HasSubstr;
using ::testing::Not;

std::string ops(const std::vector<DiffLine>& d) {
  std::string out;
  for (const auto& l : d)
    out += std::string(l.op == DiffOp::equal ? " " : l.op == DiffOp::add ? "+" : "-") + l.text + "\n";
  return out;
}

TEST(Diff, shows_removed_then_added_lines_between_common_ones) {
  EXPECT_EQ(ops(diff_lines("a\nb\nc\nd", "a\nB\nc\nd\ne")), " a\n-b\n+B\n c\n d\n+e\n");
  EXPECT_EQ(ops(diff_lines("", "x\ny")), "+x\n+y\n");
  EXPECT_EQ(ops(diff_lines("x\ny\n", "")), "-x\n-y\n");
  EXPECT_EQ(ops(diff_lines("same\r\ntext", "same\ntext")), " same\n text\n");
}

TEST(Diff, finds_the_longest_common_lines_in_a_reordering) {
  auto d = diff_lines("1\n2\n3\n4\n5", "1\n3\n4\n2\n5");
  int equal = 0;
  for (const auto& l : d)
    equal += l.op == DiffOp::equal;
  EXPECT_EQ(equal, 4);
}

TEST(Diff, huge_texts_fall_back_to_a_block_change_in_bounded_time) {
  std::string a, b;
  for (int i = 0; i < 9000; ++i) {
    a += "line " + std::to_string(i) + "\n";
    b += "other " + std::to_string(i) + "\n";
  }
  auto d = diff_lines(a, b);
  EXPECT_EQ(d.size(), 18000u);
}

TEST(Markdown, renders_gfm_tables_and_lists) {
  auto html =
      render_markdown("## 解决方法\n\n1. 关机\n2. 取纸\n\n| 型号 | 硒鼓 |\n|---|---|\n| M404 | CF228A |\n");
  EXPECT_THAT(html, HasSubstr("<h2>解决方法</h2>"));
  EXPECT_THAT(html, HasSubstr("<ol>"));
  EXPECT_THAT(html, HasSubstr("<table>"));
  EXPECT_THAT(html, HasSubstr("<td>CF228A</td>"));
}

TEST(Markdown, raw_html_and_script_links_never_survive) {
  auto html = render_markdown(
      "<script>alert(1)</script>\n\n<img src=x onerror=alert(1)>\n\n[x](javascript:alert(1)) "
      "[y](vbscript:msgbox) ![z](data:text/html;base64,PHNjcmlwdD4=)\n\n<iframe src=//evil></iframe>");
  EXPECT_THAT(html, Not(HasSubstr("<script")));
  EXPECT_THAT(html, Not(HasSubstr("onerror")));
  EXPECT_THAT(html, Not(HasSubstr("javascript:")));
  EXPECT_THAT(html, Not(HasSubstr("vbscript:")));
  EXPECT_THAT(html, Not(HasSubstr("data:text/html")));
  EXPECT_THAT(html, Not(HasSubstr("<iframe")));
}

TEST(Attachments, executables_are_refused_and_types_are_served_by_their_bytes) {
  EXPECT_FALSE(allowed_attachment("setup.EXE"));
  EXPECT_FALSE(allowed_attachment("fix.ps1"));
  EXPECT_FALSE(allowed_attachment("a.pdf.bat"));
  EXPECT_TRUE(allowed_attachment("驱动说明.pdf"));
  EXPECT_EQ(served_content_type("image/png", std::string("\x89PNG\r\n\x1a\n....", 12)), "image/png");
  EXPECT_EQ(served_content_type("image/png", "<svg onload=alert(1)>"), "application/octet-stream");
  EXPECT_EQ(served_content_type("image/svg+xml", "<svg/>"), "application/octet-stream");
  EXPECT_EQ(served_content_type("text/html", "<script>"), "application/octet-stream");
}

}  // namespace
}  // namespace techdesk::kb
