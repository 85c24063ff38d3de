// description: inbound HTML mail is reduced to an allowlist that is safe to show without any
// browser-side sanitiser, and rendered as plain text for the ticket article and search. Every
// sanitiser result in this file is also checked against the policy by expect_safe(): only allowed
// tags and attributes, only safe URLs, balanced tags, valid UTF-8.

#include "channel/email/html_sanitize.h"

#include <gmock/gmock.h>
#include <gtest/gtest.h>

#include <cctype>
#include <random>
#include <set>
#include <string>
#include <string_view>
#include <thread>
#include <vector>

namespace techdesk::email {
namespace {

using ::testing::ElementsAre;
using ::testing::HasSubstr;
using ::testing::IsEmpty;
using ::testing::Not;

bool is_valid_utf8(std::string_view s) {
  for (std::size_t i = 0; i < s.size();) {
    const auto c = static_cast<unsigned char>(s[i]);
    std::size_t length = c < 0x80             ? 1
                         : (c & 0xE0) == 0xC0 ? 2
                         : (c & 0xF0) == 0xE0 ? 3
                         : (c & 0xF8) == 0xF0 ? 4
                                              : 0;
    if (length == 0 || (length == 2 && c < 0xC2) || s.size() - i < length) return false;
    for (std::size_t k = 1; k < length; ++k) {
      if ((static_cast<unsigned char>(s[i + k]) & 0xC0) != 0x80) return false;
    }
    i += length;
  }
  return true;
}

std::string lower(std::string_view s) {
  std::string out(s);
  for (char& c : out)
    c = static_cast<char>(std::tolower(static_cast<unsigned char>(c)));
  return out;
}

// Checks sanitiser output against the policy, independently of the implementation. The output
// escapes every '<' and '>' outside tags and every '"' inside attribute values, so a plain scan
// finds all tags and attributes.
void expect_safe(std::string_view html) {
  static const std::set<std::string, std::less<>> k_tags{
      "p",    "div",     "span", "br",       "hr",         "b",     "strong", "i",       "em",         "u",
      "s",    "strike",  "sub",  "sup",      "small",      "big",   "font",   "center",  "blockquote", "pre",
      "code", "tt",      "h1",   "h2",       "h3",         "h4",    "h5",     "h6",      "ul",         "ol",
      "li",   "dl",      "dt",   "dd",       "table",      "thead", "tbody",  "tfoot",   "tr",         "td",
      "th",   "caption", "col",  "colgroup", "a",          "img",   "abbr",   "address", "cite",       "q",
      "del",  "ins",     "mark", "figure",   "figcaption", "ruby",  "rt",     "rp",      "wbr"};
  static const std::set<std::string, std::less<>> k_void{"br", "hr", "img", "col", "wbr"};
  static const std::set<std::string, std::less<>> k_attributes{
      "title",  "dir",         "lang",        "align",   "valign", "width", "height",   "colspan", "rowspan",
      "border", "cellpadding", "cellspacing", "bgcolor", "color",  "face",  "size",     "alt",     "style",
      "href",   "src",         "rel",         "target",  "start",  "type",  "reversed", "value",   "nowrap",
      "scope",  "abbr",        "span",        "summary", "rules",  "frame", "noshade",  "datetime"};
  ASSERT_TRUE(is_valid_utf8(html)) << html;
  std::vector<std::string> open;
  for (std::size_t pos = html.find('<'); pos != std::string_view::npos; pos = html.find('<', pos + 1)) {
    const std::size_t end = html.find('>', pos);
    ASSERT_NE(end, std::string_view::npos) << "unterminated tag in " << html;
    std::string_view tag = html.substr(pos + 1, end - pos - 1);
    const bool closing = tag.starts_with('/');
    if (closing) tag.remove_prefix(1);
    const std::string name(tag.substr(0, tag.find(' ')));
    ASSERT_TRUE(k_tags.contains(name)) << "tag <" << name << "> in " << html;
    if (closing) {
      ASSERT_FALSE(open.empty()) << "stray </" << name << "> in " << html;
      ASSERT_EQ(open.back(), name) << html;
      open.pop_back();
      continue;
    }
    if (!k_void.contains(name)) open.push_back(name);
    std::string_view rest = tag.substr(name.size());
    while (!rest.empty()) {
      ASSERT_TRUE(rest.starts_with(' ')) << html;
      const std::size_t eq = rest.find("=\"");
      ASSERT_NE(eq, std::string_view::npos) << html;
      const std::string attribute(rest.substr(1, eq - 1));
      const std::size_t value_end = rest.find('"', eq + 2);
      ASSERT_NE(value_end, std::string_view::npos) << html;
      const std::string value = lower(rest.substr(eq + 2, value_end - eq - 2));
      EXPECT_TRUE(k_attributes.contains(attribute)) << "attribute " << attribute << " in " << html;
      if (attribute == "href") {
        EXPECT_TRUE(value.starts_with("http:") || value.starts_with("https:") || value.starts_with("mailto:"))
            << html;
      }
      if (attribute == "src") {
        EXPECT_TRUE(value.starts_with("cid:") || value.starts_with("data:image/")) << html;
      }
      if (attribute == "style") {
        for (const char* banned :
             {"url(", "expression", "\\", "javascript", "position", "behavior", "binding"}) {
          EXPECT_THAT(value, Not(HasSubstr(banned))) << html;
        }
      }
      rest.remove_prefix(value_end + 1);
    }
  }
  EXPECT_THAT(open, IsEmpty()) << "unclosed elements in " << html;
}

// The sanitised HTML of `html`, checked against the policy.
std::string sanitized(std::string_view html, std::size_t max_output = 1u << 20) {
  SanitizedHtml result = sanitize_html(html, max_output);
  expect_safe(result.html);
  EXPECT_LE(result.html.size(), max_output);
  return std::move(result.html);
}

std::string repeated(std::string_view s, std::size_t times) {
  std::string out;
  out.reserve(s.size() * times);
  for (std::size_t i = 0; i < times; ++i)
    out += s;
  return out;
}

// ---------------------------------------------------------------------------------------------
// Scripts and active content
// ---------------------------------------------------------------------------------------------

TEST(HtmlSanitize, removes_script_elements_with_their_content) {
  EXPECT_EQ(
      sanitized(
          "<p>before<script>alert(1)</script>after</p><SCRIPT src=\"http://evil.example/x.js\"></SCRIPT>"),
      "<p>beforeafter</p>");
  EXPECT_EQ(sanitized("<p>a<script>document.write('</scr'+'ipt><b>x</b>')</script>b</p>"), "<p>ab</p>");
}

TEST(HtmlSanitize, removes_event_handler_attributes) {
  EXPECT_EQ(sanitized("<p onclick=\"steal()\" onmouseover=x ONLOAD=y title=\"t\">x</p>"),
            "<p title=\"t\">x</p>");
  EXPECT_EQ(sanitized("<body onload=alert(1)><div onfocus=alert(1) autofocus tabindex=0>x</div></body>"),
            "<div>x</div>");
}

TEST(HtmlSanitize, drops_script_urls_from_links_however_they_are_disguised) {
  const std::vector<std::string> hrefs{
      "javascript:alert(1)",
      "JaVaScRiPt:alert(1)",
      " \n\t javascript:alert(1)",
      "jav&#x09;ascript:alert(1)",
      "jav&#x0A;ascript:alert(1)",
      "jav&#13;ascript:alert(1)",
      "&#106;avascript:alert(1)",
      "&#x6A;&#x61;&#x76;&#x61;&#x73;&#x63;&#x72;&#x69;&#x70;&#x74;&#x3A;alert(1)",
      "javascript&colon;alert(1)",
      "&#1;javascript:alert(1)",
      "java&#0;script:alert(1)",
      "vbscript:msgbox(1)",
      "VBScript:msgbox(1)",
      "livescript:alert(1)",
      "data:text/html;base64,PHNjcmlwdD5hbGVydCgxKTwvc2NyaXB0Pg==",
      "data:text/html,&lt;script&gt;alert(1)&lt;/script&gt;",
      "file:///etc/passwd",
  };
  for (const std::string& href : hrefs) {
    SCOPED_TRACE(href);
    EXPECT_EQ(sanitized("<a href=\"" + href + "\">link</a>"), "<a>link</a>");
  }
}

TEST(HtmlSanitize, keeps_web_and_mail_links_and_opens_them_in_a_new_tab_without_referrer) {
  EXPECT_EQ(sanitized("<a href=\"https://example.com/a?b=1&amp;c=2\">x</a>"),
            "<a href=\"https://example.com/a?b=1&amp;c=2\" rel=\"noopener noreferrer nofollow\" "
            "target=\"_blank\">x</a>");
  EXPECT_EQ(
      sanitized("<a href=\" MAILTO:help@example.com \" target=_self rel=opener>mail</a>"),
      "<a href=\"MAILTO:help@example.com\" rel=\"noopener noreferrer nofollow\" target=\"_blank\">mail</a>");
  EXPECT_EQ(
      sanitized("<a href=\"http://example.com/&quot;onmouseover=&quot;alert(1)\">q</a>"),
      "<a href=\"http://example.com/&quot;onmouseover=&quot;alert(1)\" rel=\"noopener noreferrer nofollow\" "
      "target=\"_blank\">q</a>");
}

TEST(HtmlSanitize, drops_relative_and_fragment_links) {
  EXPECT_EQ(
      sanitized("<a href=\"/admin/delete\">a</a><a href=\"#top\">b</a><a href=\"//evil.example\">c</a>"),
      "<a>a</a><a>b</a><a>c</a>");
}

TEST(HtmlSanitize, removes_svg_and_mathml_with_everything_inside) {
  EXPECT_EQ(sanitized("<svg onload=alert(1)><circle r=5/><script>alert(2)</script></svg><p>after</p>"),
            "<p>after</p>");
  // Text inside <svg> is not displayed by browsers either.
  EXPECT_EQ(sanitized("<p>x<svg/onload=alert(1)>y</p>"), "<p>x</p>");
  EXPECT_EQ(
      sanitized("<math><maction actiontype=statusline xlink:href=javascript:alert(1)>m</maction></math>z"),
      "z");
}

TEST(HtmlSanitize, removes_frames_objects_and_embedded_media) {
  EXPECT_EQ(
      sanitized("<iframe src=\"http://evil.example\" srcdoc=\"<script>alert(1)</script>\">fallback</iframe>"
                "<object data=\"x.swf\"><param name=a value=b>alt</object><embed src=x.swf>"
                "<applet code=X>j</applet><video src=v.mp4 poster=http://t/p.gif>v</video>"
                "<audio src=a.mp3>a</audio><canvas>c</canvas><p>kept</p>"),
      "<p>kept</p>");
  EXPECT_EQ(sanitized("<frameset><frame src=\"http://evil.example\"></frameset>"), "");
}

TEST(HtmlSanitize, removes_meta_refresh_base_and_link_elements) {
  EXPECT_EQ(
      sanitized("<head><meta http-equiv=\"refresh\" content=\"0;url=http://evil.example\">"
                "<base href=\"http://evil.example/\"><link rel=stylesheet href=\"http://evil.example/x.css\">"
                "</head><body><meta http-equiv=refresh content=0><p>x</p><base href=//evil.example></body>"),
      "<p>x</p>");
}

TEST(HtmlSanitize, removes_forms_with_their_controls) {
  EXPECT_EQ(
      sanitized("<form action=\"http://evil.example/phish\"><p>Password:</p><input type=password name=p>"
                "<button formaction=\"javascript:alert(1)\">Go</button><select><option>a</select>"
                "<textarea>t</textarea></form><p>after</p>"),
      "<p>after</p>");
  EXPECT_EQ(sanitized("<p>x<input type=image src=\"http://t.example/p.gif\">y<button>b</button></p>"),
            "<p>xy</p>");
}

TEST(HtmlSanitize, keeps_only_harmless_style_declarations) {
  EXPECT_EQ(
      sanitized(
          "<p style=\"color: red; position: fixed; top: 0; background-image: url(http://t.example/x.gif); "
          "width: expression(alert(1)); font-family: &quot;微软雅黑&quot;, Arial; behavior: url(x.htc); "
          "-moz-binding: url(x.xml#x); margin-left: -9999px; PADDING: 0 4px; font-size:12pt !important\">"
          "x</p>"),
      "<p style=\"color: red; font-family: &quot;微软雅黑&quot;, Arial; padding: 0 4px; "
      "font-size: 12pt !important\">x</p>");
  EXPECT_EQ(sanitized("<p style=\"color: re\\64; background-color: rgb(1, 2, 3); width: calc(100% - 2px); "
                      "border: 1px solid #ccc; color: expr/**/ession(alert(1)); height: var(--x); "
                      "border-image: image-set('http://t.example/x.png' 1x); font-family: 'a;b'\">x</p>"),
            "<p style=\"background-color: rgb(1, 2, 3); width: calc(100% - 2px); border: 1px solid #ccc; "
            "font-family: 'a;b'\">x</p>");
  EXPECT_EQ(sanitized("<span style=\"position:absolute;left:0;top:0;z-index:99999\">overlay</span>"),
            "<span>overlay</span>");
  EXPECT_EQ(sanitized("<span style='font-family: \"unterminated; position: fixed'>x</span>"),
            "<span>x</span>");
}

TEST(HtmlSanitize, drops_images_with_unsafe_sources_and_their_handlers) {
  const SanitizedHtml result = sanitize_html(
      "<img src=x onerror=alert(1)><img src=\"javascript:alert(1)\"><img "
      "src=\"data:image/svg+xml;base64,PHN2Zz4=\">"
      "<img src=\"data:text/html;base64,PHNjcmlwdD4=\"><img onerror=alert(1)><img src=\"cid:a\" "
      "onerror=\"alert(1)\">");
  expect_safe(result.html);
  EXPECT_EQ(result.html, "<img src=\"cid:a\">");
  EXPECT_FALSE(result.removed_remote_images);
}

// Payloads known from DOMPurify and browser bypasses, built to change meaning when the markup is
// parsed a second time. The output must be inert and must parse back to itself.
TEST(HtmlSanitize, neutralises_markup_that_mutates_when_parsed_again) {
  EXPECT_EQ(sanitized("<noscript><p title=\"</noscript><img src=x onerror=alert(1)>\">"),
            "<p title=\"&lt;/noscript&gt;&lt;img src=x onerror=alert(1)&gt;\"></p>");
  EXPECT_EQ(sanitized("<xmp><img src=x onerror=alert(1)></xmp>"),
            "<pre>&lt;img src=x onerror=alert(1)&gt;</pre>");
  const std::vector<std::string> payloads{
      "<svg></p><style><a id=\"</style><img src=1 onerror=alert(1)>\">",
      "<math><mtext><table><mglyph><style><img src=x onerror=alert(1)>",
      "<math><mi><mglyph><svg><mtext><textarea><path id=\"</textarea><img onerror=alert(1) src=1>\"></path>"
      "</textarea></mtext></svg></mglyph></mi></math>",
      "<form><math><mtext></form><form><mglyph><style></math><img src onerror=alert(1)>",
      "<svg><foreignobject><p><style><p title=\"</style><iframe onload&#x3d;alert(1)>\">",
      "<title><img src=x onerror=alert(1)></title><textarea><img src=x onerror=alert(1)></textarea>",
      "<a href=\"http://x.example\"><table><a href=\"http://y.example\">x</a></table></a>",
      "<p><!--<img src=x onerror=alert(1)>--></p><!-- --!><img src=x onerror=alert(2)> -->",
      "<listing>&lt;img src=x onerror=alert(1)&gt;</listing>",
      "<template><img src=x onerror=alert(1)></template><p>t</p>",
      "<select><template><style><!--</style><a rel=\"--><img src=x "
      "onerror=alert(1)>\"></a></template></select>",
  };
  for (const std::string& payload : payloads) {
    SCOPED_TRACE(payload);
    const std::string once = sanitized(payload);
    EXPECT_THAT(once, Not(HasSubstr("<img")));
    EXPECT_THAT(once, Not(HasSubstr("<style")));
    EXPECT_THAT(once, Not(HasSubstr("<iframe")));
    EXPECT_EQ(sanitized(once), once);
  }
}

// ---------------------------------------------------------------------------------------------
// Structure and text
// ---------------------------------------------------------------------------------------------

TEST(HtmlSanitize, closes_unclosed_tags) {
  EXPECT_EQ(sanitized("<div><p><b>bold<i>both"), "<div><p><b>bold<i>both</i></b></p></div>");
  EXPECT_EQ(sanitized("<ul><li>one<li>two</ul><table><tr><td>a<td>b</table>"),
            "<ul><li>one</li><li>two</li></ul><table><tbody><tr><td>a</td><td>b</td></tr></tbody></table>");
}

TEST(HtmlSanitize, unwraps_outlook_office_markup) {
  EXPECT_EQ(
      sanitized(
          "<html xmlns:o=\"urn:schemas-microsoft-com:office:office\"><head><!--[if gte mso 9]><xml>"
          "<o:OfficeDocumentSettings><o:AllowPNG/></o:OfficeDocumentSettings></xml><![endif]--></head>"
          "<body lang=ZH-CN><div class=WordSection1><p class=MsoNormal><span lang=EN-US "
          "style='font-size:10.5pt;mso-bidi-font-size:11.0pt;font-family:等线'>Hello<o:p></o:p></span></p>"
          "<p class=MsoListParagraph><![if !supportLists]><span>1.</span><![endif]>Item</p>"
          "<v:shape id=x><v:imagedata src=\"http://x.example/i.png\"/></v:shape><w:Sdt>Text</w:Sdt>"
          "</div></body></html>"),
      "<div><p><span lang=\"EN-US\" style=\"font-size: 10.5pt; font-family: 等线\">Hello</span></p>"
      "<p><span>1.</span>Item</p>Text</div>");
}

TEST(HtmlSanitize, preserves_chinese_text_exactly) {
  const std::string text =
      "您好，关于工单 #123 的问题：请在“设置→账户”中重试。謝謝！🙂";
  EXPECT_EQ(sanitized("<p title=\"中文标题\">" + text + "</p>"), "<p title=\"中文标题\">" + text + "</p>");
}

TEST(HtmlSanitize, escapes_text_and_attribute_values) {
  EXPECT_EQ(
      sanitized("<p title='a \"quoted\" &amp; <tagged>'>1 &lt; 2 &amp;&amp; 3 &gt; 2 &copy; &#x4E2D;&nbsp;x "
                "&unknown; &amp</p>"),
      "<p title=\"a &quot;quoted&quot; &amp; &lt;tagged&gt;\">1 &lt; 2 &amp;&amp; 3 &gt; 2 © 中&nbsp;x "
      "&amp;unknown; &amp;</p>");
}

TEST(HtmlSanitize, removes_comments_doctype_cdata_and_processing_instructions) {
  EXPECT_EQ(
      sanitized(
          "<!DOCTYPE html><?xml version=\"1.0\"?><!-- secret --><p>x<!-- <script>alert(1)</script> --></p>"
          "<![CDATA[y]]>"),
      "<p>x</p>");
}

TEST(HtmlSanitize, writes_lower_case_names_and_void_elements_without_end_tags) {
  EXPECT_EQ(sanitized("<DIV ALIGN=center>a<BR>b<HR><IMG SRC=\"cid:x\" ALT=pic><WBR></DIV>"
                      "<TABLE><COLGROUP><COL SPAN=2></COLGROUP></TABLE>"),
            "<div align=\"center\">a<br>b<hr><img src=\"cid:x\" alt=\"pic\"><wbr></div>"
            "<table><colgroup><col span=\"2\"></colgroup></table>");
}

// ---------------------------------------------------------------------------------------------
// Images
// ---------------------------------------------------------------------------------------------

TEST(HtmlSanitize, keeps_cid_images_and_lists_their_content_ids_once_in_order) {
  const SanitizedHtml result = sanitize_html(
      "<img src=\"cid:logo@example.com\" alt=\"Logo\" width=120><p><img src=\" CID:chart%40part.1\"></p>"
      "<img src=\"cid:logo@example.com\"><img src=\"cid:\">");
  expect_safe(result.html);
  EXPECT_EQ(
      result.html,
      "<img src=\"cid:logo@example.com\" alt=\"Logo\" width=\"120\"><p><img src=\"cid:chart%40part.1\"></p>"
      "<img src=\"cid:logo@example.com\">");
  EXPECT_THAT(result.cids, ElementsAre("logo@example.com", "chart@part.1"));
  EXPECT_FALSE(result.removed_remote_images);
}

TEST(HtmlSanitize, keeps_inline_raster_images_but_not_other_data_urls) {
  EXPECT_EQ(sanitized("<img src=\"data:image/png;base64,iVBORw0K\nGgo=\">"),
            "<img src=\"data:image/png;base64,iVBORw0KGgo=\">");
  EXPECT_EQ(sanitized("<img src=\"DATA:image/JPEG;base64,/9j/4AAQ\">"),
            "<img src=\"data:image/jpeg;base64,/9j/4AAQ\">");
  EXPECT_EQ(
      sanitized("<img src=\"data:image/svg+xml;base64,PHN2Zz4=\" alt=a><img src=\"data:image/png,raw\" alt=b>"
                "<img src=\"data:image/png;base64,&lt;script&gt;\" alt=c>"),
      "abc");
}

TEST(HtmlSanitize, drops_remote_images_keeping_their_alt_text_and_flags_them) {
  const SanitizedHtml result = sanitize_html(
      "<p>Hi<img src=\"https://tracker.example/p.gif?u=1\" width=1 height=1 alt=\"\">there "
      "<img src=\"http://cdn.example/logo.png\" alt=\"ACME &amp; Co\"><img "
      "src=\"//tracker.example/q.gif\"></p>");
  expect_safe(result.html);
  EXPECT_EQ(result.html, "<p>Hithere ACME &amp; Co</p>");
  EXPECT_TRUE(result.removed_remote_images);
  EXPECT_TRUE(sanitize_html("<table><tr><td background=\"http://t.example/bg.gif\">x</td></tr></table>")
                  .removed_remote_images);
  EXPECT_FALSE(sanitize_html("<p>no images</p>").removed_remote_images);
}

// ---------------------------------------------------------------------------------------------
// Limits and hostile input
// ---------------------------------------------------------------------------------------------

TEST(HtmlSanitize, cuts_long_output_at_a_tag_boundary_within_max_output) {
  std::string input;
  for (int i = 0; i < 50; ++i)
    input +=
        "<p>第" + std::to_string(i) + "段：<b>中文 &amp; text</b> <a href=\"http://x.example\">链接</a></p>";
  const std::string full = sanitized(input);
  for (const std::size_t limit : {0, 1, 5, 17, 64, 100, 333, 1000, 4096}) {
    SCOPED_TRACE(limit);
    std::string cut = sanitized(input, limit);
    EXPECT_LE(cut.size(), limit);
    // What remains is a prefix of the full output plus the end tags of the elements left open.
    while (cut.ends_with('>') && cut.rfind("</") != std::string::npos &&
           cut.find('>', cut.rfind("</")) == cut.size() - 1) {
      cut.erase(cut.rfind("</"));
    }
    EXPECT_TRUE(full.starts_with(cut)) << cut;
  }
}

TEST(HtmlSanitize, survives_five_megabytes_of_nested_divs) {
  const std::string input = "<p>top</p>" + repeated("<div>", 1'000'000) + "deep";
  const std::string html = sanitized(input);
  EXPECT_TRUE(html.starts_with("<p>top</p><div><div>")) << html.substr(0, 100);
  EXPECT_THAT(html_to_text(input), HasSubstr("top"));
}

TEST(HtmlSanitize, survives_binary_garbage) {
  std::mt19937 random(20240531);
  std::string bytes(1 << 20, '\0');
  for (char& c : bytes)
    c = static_cast<char>(random());
  sanitized(bytes);
  EXPECT_TRUE(is_valid_utf8(html_to_text(bytes)));

  static constexpr char k_alphabet[] = "<>/=\"' abdivpstyle!-&#;:\n\0";  // the NUL is meant
  std::string soup(1 << 20, '\0');
  for (char& c : soup)
    c = k_alphabet[random() % (sizeof(k_alphabet) - 1)];
  sanitized(soup);
  EXPECT_TRUE(is_valid_utf8(html_to_text(soup)));
}

// gumbo 0.10.1 as packaged aborts the process on the first group (assertion failures in its tree
// builder) and is quadratic or worse on the second (20,000 nested <table><td> alone would take
// minutes); they must come back promptly with some safe output.
TEST(HtmlSanitize, survives_inputs_that_crash_or_stall_the_parser) {
  const std::vector<std::string> crashers{
      "<table><math><mi><frame><![CDATA[x]]>a",
      "<table><svg><title><frameset><![CDATA[x]]><",
      "<table><math><annotation-xml encoding=text/html><![CDATA[x]]>-",
      "<table><svg><foreignObject><![CDATA[x]]> ",
      "<table><math><select><mi><select><tr>",
      "<table><svg><td><foreignObject><template></template></table>",
  };
  for (const std::string& input : crashers) {
    SCOPED_TRACE(input);
    sanitized(input);
    html_to_text(input);
  }
  std::string formatting;
  for (int i = 0; i < 5'000; ++i)
    formatting += "<p><b id=" + std::to_string(i) + ">x</p>";
  std::string attributes = "<p";
  for (int i = 0; i < 50'000; ++i)
    attributes += " a" + std::to_string(i) + "=1";
  for (const std::string& input :
       {formatting, attributes + ">x</p>", repeated("<b><i>", 50'000) + "x", repeated("<table><td>", 20'000),
        repeated("<div><table><tr><td></div>", 10'000), repeated("<svg>", 500'000),
        repeated("<template>", 500'000), repeated("<!--", 500'000), repeated("<a href=1><div>", 20'000),
        repeated("<select><xmp><select><div>", 10'000)}) {
    sanitized(input);
    html_to_text(input);
  }
}

// Sanitising is a fixed point: the output parses back to the same tree, which is what makes it
// safe to pass through another HTML parser (the browser's) unchanged.
TEST(HtmlSanitize, sanitized_output_is_stable_when_sanitized_again) {
  const std::vector<std::string> mails{
      "<div dir=\"ltr\">Hi team,<div><br></div><div>The printer on <b>3F</b> is offline.</div>"
      "<div><br></div><div class=\"gmail_quote\"><div dir=\"ltr\" class=\"gmail_attr\">On Mon, Bob "
      "wrote:<br></div>"
      "<blockquote class=\"gmail_quote\" style=\"margin:0px 0px 0px 0.8ex;border-left:1px solid "
      "rgb(204,204,204);"
      "padding-left:1ex\">Is it fixed?</blockquote></div></div>",
      "<table border=0 cellpadding=0 width=\"100%\"><tr><td valign=top style='padding:0cm'><p "
      "class=MsoNormal>"
      "<b><span style='color:#1F497D'>From:</span></b> 张三<o:p></o:p></p></td></tr></table>",
      "<pre>\n\nindented\n  code</pre><ol start=3><li value=5>five</li></ol><p>a&nbsp;&nbsp;b &lt;c&gt;</p>",
  };
  for (const std::string& mail : mails) {
    SCOPED_TRACE(mail);
    const std::string once = sanitized(mail);
    EXPECT_EQ(sanitized(once), once);
  }
}

TEST(HtmlSanitize, is_safe_to_call_from_several_threads) {
  const std::string input =
      repeated("<p>并发 <a href=\"https://x.example\">x</a><img src=\"cid:a\"></p>", 2000);
  const SanitizedHtml expected = sanitize_html(input);
  std::vector<std::thread> threads;
  std::vector<int> same(4, 0);
  for (int t = 0; t < 4; ++t) {
    threads.emplace_back([&, t] {
      for (int i = 0; i < 5; ++i)
        same[t] += sanitize_html(input).html == expected.html ? 1 : 0;
    });
  }
  for (std::thread& thread : threads)
    thread.join();
  EXPECT_THAT(same, ElementsAre(5, 5, 5, 5));
}

// ---------------------------------------------------------------------------------------------
// Plain text
// ---------------------------------------------------------------------------------------------

TEST(HtmlToText, turns_paragraphs_and_line_breaks_into_lines) {
  EXPECT_EQ(html_to_text("<p>Hello,</p><p>line one<br>line two</p><div>div line</div><div>next</div>"),
            "Hello,\n\nline one\nline two\n\ndiv line\nnext");
}

TEST(HtmlToText, prefixes_list_items_with_a_dash) {
  EXPECT_EQ(html_to_text(
                "<p>Steps:</p><ul><li>one</li><li>two<ul><li>nested</li></ul></li></ul><ol><li>first</ol>"),
            "Steps:\n\n- one\n- two\n  - nested\n- first");
}

TEST(HtmlToText, separates_table_cells_with_tabs_and_rows_with_lines) {
  EXPECT_EQ(
      html_to_text("<table><tr><th>Name</th><th>Qty</th></tr><tr><td><p class=MsoNormal>Widget<o:p></o:p></p>"
                   "</td><td><p class=MsoNormal>3</p></td></tr></table><p>Total</p>"),
      "Name\tQty\nWidget\t3\n\nTotal");
}

TEST(HtmlToText, decodes_entities) {
  EXPECT_EQ(
      html_to_text("<p>Fish &amp; Chips &lt;3 &copy; 2024 &#x4E2D;&#25991; caf&eacute; &quot;q&quot;</p>"),
      "Fish & Chips <3 © 2024 中文 café \"q\"");
}

TEST(HtmlToText, drops_script_style_and_head_content) {
  EXPECT_EQ(
      html_to_text("<html><head><title>Subject</title><style>p{color:red}</style><script>var x=1;</script>"
                   "</head><body><p>Visible</p><script>alert(2)</script><noscript>enable js</noscript>"
                   "<svg><text>vector</text></svg></body></html>"),
      "Visible");
}

TEST(HtmlToText, keeps_link_text) {
  EXPECT_EQ(html_to_text("<p>See <a href=\"https://example.com\">our docs</a> for details.</p>"),
            "See our docs for details.");
}

TEST(HtmlToText, collapses_whitespace) {
  EXPECT_EQ(
      html_to_text(
          "<p>  lots   of\n\n spaces\t here&nbsp;&nbsp;x </p>\n\n\n<p class=MsoNormal><o:p>&nbsp;</o:p></p>"
          "<p class=MsoNormal><o:p>&nbsp;</o:p></p><p>end</p>"),
      "lots of spaces here x\n\nend");
}

TEST(HtmlToText, preserves_chinese_text) {
  EXPECT_EQ(html_to_text("<p>您好：</p><p>打印机无法连接，请协助处理。　谢谢！</p>"),
            "您好：\n\n打印机无法连接，请协助处理。　谢谢！");
}

TEST(HtmlToText, keeps_preformatted_text_as_written) {
  EXPECT_EQ(html_to_text("<p>Log:</p><pre>line 1\n    indented\tcolumn\n</pre><p>after</p>"),
            "Log:\n\nline 1\n    indented\tcolumn\n\nafter");
}

TEST(HtmlToText, stops_at_max_output_on_a_character_boundary) {
  const std::string input = "<p>" + repeated("中文", 1000) + "</p>";
  EXPECT_EQ(html_to_text(input, 10), "中文中");
  EXPECT_EQ(html_to_text(input, 0), "");
  EXPECT_EQ(html_to_text(input).size(), 6000u);
}

TEST(HtmlToText, survives_deep_nesting_and_binary_garbage) {
  EXPECT_EQ(html_to_text("x" + repeated("<div>", 500'000) + "y"), "x\ny");
  std::mt19937 random(7);
  std::string bytes(1 << 20, '\0');
  for (char& c : bytes)
    c = static_cast<char>(random());
  EXPECT_TRUE(is_valid_utf8(html_to_text(bytes)));
}

}  // namespace
}  // namespace techdesk::email
