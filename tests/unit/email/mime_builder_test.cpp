// description: every message TechDesk sends is rendered by render_message() and must reach the
// requester exactly as written — Chinese subjects, names and bodies included — whatever the agent or
// requester typed. Each test renders a message and parses the bytes back with GMime, the library the
// inbound side (and most of the mail world) reads mail with.
#include "channel/email/mime_builder.h"

#include <glib-object.h>
#include <gmime/gmime.h>
#include <gtest/gtest.h>

#include <chrono>
#include <memory>
#include <mutex>
#include <set>
#include <string>
#include <thread>
#include <vector>

#include "channel/email/mime_parser.h"
#include "common/text.h"

namespace {

using techdesk::Timestamp;
using techdesk::email::Address;
using techdesk::email::encode_header_text;
using techdesk::email::is_sendable_address;
using techdesk::email::OutgoingAttachment;
using techdesk::email::OutgoingMail;
using techdesk::email::parse_mail;
using techdesk::email::render_message;

// 2026-11-21 05:32:00 UTC, a Saturday (13:32 in Beijing).
const Timestamp k_date = std::chrono::time_point_cast<std::chrono::milliseconds>(
    std::chrono::sys_days{std::chrono::year{2026} / 11 / 21} + std::chrono::hours{5} +
    std::chrono::minutes{32} + std::chrono::milliseconds{789});

void init_gmime() {
  static std::once_flag once;
  std::call_once(once, [] { g_mime_init(); });
}

struct GObjectUnref {
  void operator()(void* p) const {
    if (p) g_object_unref(p);
  }
};
using MessagePtr = std::unique_ptr<GMimeMessage, GObjectUnref>;

MessagePtr parse(const std::string& bytes) {
  init_gmime();
  GMimeStream* stream = g_mime_stream_mem_new_with_buffer(bytes.data(), bytes.size());
  GMimeParser* parser = g_mime_parser_new_with_stream(stream);
  g_object_unref(stream);
  GMimeMessage* msg = g_mime_parser_construct_message(parser, nullptr);
  g_object_unref(parser);
  return MessagePtr(msg);
}

std::string owned(char* s) {
  std::string out = s ? s : "";
  g_free(s);
  return out;
}

std::vector<Address> addresses(InternetAddressList* list) {
  std::vector<Address> out;
  for (int i = 0; list && i < internet_address_list_length(list); ++i) {
    InternetAddress* a = internet_address_list_get_address(list, i);
    if (!INTERNET_ADDRESS_IS_MAILBOX(a)) continue;
    const char* name = internet_address_get_name(a);
    out.push_back({name ? name : "", internet_address_mailbox_get_addr(INTERNET_ADDRESS_MAILBOX(a))});
  }
  return out;
}

// "name <addr>; ..." so that a failing comparison prints readably.
std::string show(const std::vector<Address>& list) {
  std::string out;
  for (const Address& a : list)
    out += a.name + " <" + a.addr + ">; ";
  return out;
}

std::string header(GMimeMessage* m, const char* name) {
  const char* v = g_mime_object_get_header(GMIME_OBJECT(m), name);
  return v ? v : "";
}

std::string text_of(GMimeObject* part) {
  if (!part || !GMIME_IS_TEXT_PART(part)) return "<not a text part>";
  return owned(g_mime_text_part_get_text(GMIME_TEXT_PART(part)));
}

std::string mime_type(GMimeObject* o) {
  return owned(g_mime_content_type_get_mime_type(g_mime_object_get_content_type(o)));
}

// The header block of the rendered bytes, split into its physical lines (CRLF removed).
std::vector<std::string> header_lines(const std::string& bytes) {
  std::vector<std::string> lines;
  std::size_t pos = 0;
  while (true) {
    std::size_t eol = bytes.find("\r\n", pos);
    if (eol == std::string::npos || eol == pos) break;
    lines.push_back(bytes.substr(pos, eol - pos));
    pos = eol + 2;
  }
  return lines;
}

// Names of the header fields as a receiving MTA sees them: lines that do not start with white space.
std::multiset<std::string> header_names(const std::string& bytes) {
  std::multiset<std::string> names;
  for (const std::string& line : header_lines(bytes)) {
    if (line.empty() || line[0] == ' ' || line[0] == '\t') continue;
    names.insert(line.substr(0, line.find(':')));
  }
  return names;
}

// The value of one header as written, with folding removed (CRLF before white space).
std::string unfolded(const std::string& bytes, const std::string& name) {
  std::string value;
  bool in = false;
  for (const std::string& line : header_lines(bytes)) {
    if (line[0] == ' ' || line[0] == '\t') {
      if (in) value += line;
      continue;
    }
    if (in) break;
    if (line.starts_with(name + ":")) {
      in = true;
      value = line.substr(name.size() + 1);
    }
  }
  return value;
}

std::string crlf(std::string_view lf_text) {
  std::string out;
  for (char c : lf_text) {
    if (c == '\n') out += '\r';
    out += c;
  }
  return out;
}

OutgoingMail chinese_reply() {
  OutgoingMail m;
  m.from = {"技术支持部 Tech Support", "support@example.cn"};
  m.to = {{"张三", "zhang.san@example.cn"}};
  m.cc = {{"Li, Si (IT)", "li.si@example.cn"}, {"", "ops@example.cn"}, {"王五", "wang.wu@example.cn"}};
  m.subject = "[TD#20261121-0001/k7f3q2] Re: 打印机无法连接，提示“脱机”";
  m.text =
      "张三，您好：\n\n已为您重新安装打印机驱动，请重启电脑后再试。\n如仍有问题，请直接回复本邮件。\n\n此致\n"
      "敬礼！\n"
      "技术支持部\n";
  m.message_id = "td.20261121-0001.42@example.cn";
  m.in_reply_to = "CAF=abc123@mail.example.cn";
  m.references = {"first@mail.example.cn", "CAF=abc123@mail.example.cn"};
  m.auto_submitted = "auto-replied";
  m.extra_headers = {{"X-TechDesk-Ticket", "20261121-0001"}};
  return m;
}

TEST(MimeBuilder, round_trips_chinese_subject_addresses_and_body_through_gmime) {
  OutgoingMail m = chinese_reply();
  std::string bytes = render_message(m, k_date);
  MessagePtr msg = parse(bytes);
  ASSERT_TRUE(msg);

  EXPECT_EQ(g_mime_message_get_subject(msg.get()), m.subject);
  EXPECT_EQ(show(addresses(g_mime_message_get_from(msg.get()))), show({m.from}));
  EXPECT_EQ(show(addresses(g_mime_message_get_to(msg.get()))), show(m.to));
  EXPECT_EQ(show(addresses(g_mime_message_get_cc(msg.get()))), show(m.cc));
  EXPECT_EQ(g_mime_message_get_message_id(msg.get()), m.message_id);
  EXPECT_EQ(header(msg.get(), "In-Reply-To"), "<CAF=abc123@mail.example.cn>");
  EXPECT_EQ(header(msg.get(), "Auto-Submitted"), "auto-replied");
  EXPECT_EQ(header(msg.get(), "X-TechDesk-Ticket"), "20261121-0001");
  EXPECT_EQ(header(msg.get(), "MIME-Version"), "1.0");

  GMimeObject* body = g_mime_message_get_body(msg.get());
  EXPECT_EQ(mime_type(body), "text/plain");
  EXPECT_STREQ(g_mime_object_get_content_type_parameter(body, "charset"), "utf-8");
  EXPECT_EQ(text_of(body), crlf(m.text));  // text travels in its canonical form, CRLF line breaks

  GDateTime* date = g_mime_message_get_date(msg.get());
  ASSERT_NE(date, nullptr);
  EXPECT_EQ(g_date_time_to_unix(date),
            std::chrono::duration_cast<std::chrono::seconds>(
                std::chrono::floor<std::chrono::seconds>(k_date).time_since_epoch())
                .count());
}

TEST(MimeBuilder, writes_an_rfc5322_date_in_utc) {
  std::string bytes = render_message(chinese_reply(), k_date);
  EXPECT_TRUE(bytes.starts_with("Date: Sat, 21 Nov 2026 05:32:00 +0000\r\n")) << bytes.substr(0, 60);
}

TEST(MimeBuilder, uses_crlf_everywhere_and_keeps_lines_short) {
  OutgoingMail m = chinese_reply();
  m.html = "<p>您好</p>\n<p>" + std::string(300, 'x') + "</p>\n";
  m.text += std::string(500, 'y') + "\n";
  std::string bytes = render_message(m, k_date);
  for (std::size_t i = 0; i < bytes.size(); ++i) {
    if (bytes[i] == '\n') {
      ASSERT_TRUE(i > 0 && bytes[i - 1] == '\r') << "bare LF at " << i;
    }
    if (bytes[i] == '\r') {
      ASSERT_TRUE(i + 1 < bytes.size() && bytes[i + 1] == '\n') << "bare CR at " << i;
    }
  }
  for (const std::string& line : header_lines(bytes))
    EXPECT_LE(line.size(), 78u) << line;
  std::size_t pos = 0;
  while (pos < bytes.size()) {
    std::size_t eol = bytes.find("\r\n", pos);
    EXPECT_LE(eol - pos, 78u) << bytes.substr(pos, eol - pos);
    pos = eol + 2;
  }
  EXPECT_TRUE(bytes.ends_with("\r\n"));
}

TEST(MimeBuilder, folds_an_80_character_chinese_subject_without_splitting_characters) {
  OutgoingMail m = chinese_reply();
  std::string subject = "[TD#20261121-0001/k7f3q2] 已受理：";
  const std::string phrase = "财务部三楼共享打印机无法连接，驱动重装后仍提示脱机😀，";
  while (techdesk::utf8_length(subject) < 90)
    subject += phrase;
  ASSERT_GE(techdesk::utf8_length(subject), 80u);
  m.subject = subject;
  std::string bytes = render_message(m, k_date);

  MessagePtr msg = parse(bytes);
  ASSERT_TRUE(msg);
  EXPECT_EQ(g_mime_message_get_subject(msg.get()), subject);

  // Folded over several lines, each within 78 characters; the tag stays readable ASCII.
  std::vector<std::string> lines;
  bool in = false;
  for (const std::string& line : header_lines(bytes)) {
    if (line.starts_with("Subject:"))
      in = true;
    else if (line[0] != ' ')
      in = false;
    if (in) lines.push_back(line);
  }
  ASSERT_GE(lines.size(), 3u);
  EXPECT_TRUE(lines[0].starts_with("Subject: [TD#20261121-0001/k7f3q2] =?UTF-8?B?")) << lines[0];
  for (const std::string& line : lines)
    EXPECT_LE(line.size(), 78u) << line;

  // Every encoded word is at most 75 characters and decodes, on its own, to whole characters.
  std::string value = unfolded(bytes, "Subject");
  std::size_t words = 0;
  for (std::size_t pos = value.find("=?"); pos != std::string::npos; pos = value.find("=?", pos)) {
    std::size_t end = value.find("?=", pos + 10);
    ASSERT_NE(end, std::string::npos);
    std::string word = value.substr(pos, end + 2 - pos);
    EXPECT_LE(word.size(), 75u);
    std::string decoded = owned(g_mime_utils_header_decode_text(nullptr, word.c_str()));
    EXPECT_TRUE(techdesk::is_valid_utf8(decoded)) << word;
    EXPECT_EQ(decoded.find("\xEF\xBF\xBD"), std::string::npos) << word;
    ++words;
    pos = end + 2;
  }
  EXPECT_GE(words, 3u);
}

// GMime joins adjacent B-encoded words before decoding and stops at base64 padding, so only the last
// word of a run may be padded. Mixed text (ASCII, Chinese, emoji) is where that is hard to get right.
TEST(MimeBuilder, any_mix_of_ascii_chinese_and_emoji_in_subjects_and_names_round_trips) {
  const std::vector<std::string> pieces = {"U",  "盘", "打印机", " ",        "Win10", "😀",        "，",
                                           "é",  "ß",  "a",      "无法连接", "3F",    "（紧急）", "VPN",
                                           "  ", "\"", "=?",     "_",        "?"};
  std::uint32_t seed = 20261121;
  auto next = [&seed] {
    seed = seed * 1664525u + 1013904223u;
    return seed >> 8;
  };
  for (int round = 0; round < 300; ++round) {
    std::string subject, name;
    int n = 1 + static_cast<int>(next() % 40);
    for (int i = 0; i < n; ++i)
      subject += pieces[next() % pieces.size()];
    for (int i = 0; i < n / 2 + 1; ++i)
      name += pieces[next() % pieces.size()];
    OutgoingMail m = chinese_reply();
    m.subject = subject;
    m.to = {{name, "zhang.san@example.cn"}};
    std::string bytes = render_message(m, k_date);
    MessagePtr msg = parse(bytes);
    ASSERT_TRUE(msg);
    // Surrounding white space is not kept (a header value cannot carry it reliably).
    auto trim = [](std::string s) {
      s.erase(0, s.find_first_not_of(' '));
      s.erase(s.find_last_not_of(' ') + 1);
      return s;
    };
    ASSERT_EQ(std::string(g_mime_message_get_subject(msg.get())), trim(subject)) << bytes;
    ASSERT_EQ(show(addresses(g_mime_message_get_to(msg.get()))), show({{trim(name), "zhang.san@example.cn"}}))
        << bytes;
    for (const std::string& line : header_lines(bytes))
      ASSERT_LE(line.size(), 78u) << line;
  }
}

TEST(MimeBuilder, keeps_ascii_subjects_readable_and_folds_long_ones) {
  OutgoingMail m = chinese_reply();
  m.subject =
      "[TD#20261121-0001/k7f3q2] Re: VPN client drops the connection every ten minutes after "
      "the latest Windows update on the finance laptops";
  std::string bytes = render_message(m, k_date);
  EXPECT_EQ(unfolded(bytes, "Subject").find("=?"), std::string::npos);
  MessagePtr msg = parse(bytes);
  EXPECT_EQ(g_mime_message_get_subject(msg.get()), m.subject);
  for (const std::string& line : header_lines(bytes))
    EXPECT_LE(line.size(), 78u) << line;
}

TEST(MimeBuilder, subjects_that_look_like_encoded_words_round_trip_literally) {
  OutgoingMail m = chinese_reply();
  m.subject = "Why does =?UTF-8?B?5L2g5aW9?= show up in my inbox";
  MessagePtr msg = parse(render_message(m, k_date));
  EXPECT_EQ(g_mime_message_get_subject(msg.get()), m.subject);
}

TEST(MimeBuilder, crlf_in_subject_names_addresses_and_extra_headers_cannot_add_headers) {
  OutgoingMail m = chinese_reply();
  m.subject = "Hello\r\nBcc: victim@example.com\r\n\r\nbody injected";
  m.from.name = "Evil\r\nX-Injected: 1";
  m.to = {{"张三\nX-Also-Injected: 2", "zhang.san@example.cn\r\nBcc: other@example.com"}};
  m.message_id = "id@example.cn>\r\nX-Id-Injected: 3";
  m.extra_headers = {{"X-TechDesk-Ticket", "20261121-0001\r\nX-Extra-Injected: 4"},
                     {"X-Bad\r\nName", "x"},
                     {"Bcc", "hidden@example.com"},
                     {"Content-Type", "text/html"}};
  std::string bytes = render_message(m, k_date);

  std::multiset<std::string> names = header_names(bytes);
  for (const char* bad :
       {"Bcc", "X-Injected", "X-Also-Injected", "X-Id-Injected", "X-Extra-Injected", "X-Bad"})
    EXPECT_EQ(names.count(bad), 0u) << bad << " in\n" << bytes;
  EXPECT_EQ(names.count("Content-Type"), 1u);
  EXPECT_EQ(names.count("Subject"), 1u);

  MessagePtr msg = parse(bytes);
  EXPECT_EQ(std::string(g_mime_message_get_subject(msg.get())),
            "Hello  Bcc: victim@example.com    body injected");
  EXPECT_EQ(addresses(g_mime_message_get_from(msg.get()))[0].name, "Evil  X-Injected: 1");
  std::vector<Address> to = addresses(g_mime_message_get_to(msg.get()));
  ASSERT_EQ(to.size(), 1u);
  EXPECT_EQ(to[0].name, "张三 X-Also-Injected: 2");
  EXPECT_EQ(mime_type(g_mime_message_get_body(msg.get())), "text/plain");
}

TEST(MimeBuilder, quotes_or_encodes_display_names_as_needed) {
  OutgoingMail m = chinese_reply();
  m.to = {
      {"Zhang San", "a@example.cn"},
      {"Li, Si", "b@example.cn"},
      {"O\"Brien \\ Co. <IT>", "c@example.cn"},
      {"=?UTF-8?B?5L2g5aW9?=", "d@example.cn"},
      {"张三 (IT)", "e@example.cn"},
      {"欧阳·慕容 Network Operations 网络运维中心二线值班工程师（夜班）", "f@example.cn"},
      {"", "g@example.cn"},
  };
  std::string bytes = render_message(m, k_date);
  EXPECT_NE(unfolded(bytes, "To").find(" Zhang San <a@example.cn>,"), std::string::npos);
  EXPECT_NE(unfolded(bytes, "To").find("\"Li, Si\" <b@example.cn>"), std::string::npos);
  MessagePtr msg = parse(bytes);
  EXPECT_EQ(show(addresses(g_mime_message_get_to(msg.get()))), show(m.to));
  for (const std::string& line : header_lines(bytes))
    EXPECT_LE(line.size(), 78u) << line;
}

TEST(MimeBuilder, renders_multipart_alternative_with_text_then_html) {
  OutgoingMail m = chinese_reply();
  m.html =
      "<!DOCTYPE html>\n<html "
      "lang=\"zh-CN\"><body><p>张三，您好：</p><p>已为您重新安装打印机驱动。</p></body></html>\n";
  std::string bytes = render_message(m, k_date);
  MessagePtr msg = parse(bytes);
  GMimeObject* body = g_mime_message_get_body(msg.get());
  ASSERT_TRUE(GMIME_IS_MULTIPART(body));
  EXPECT_EQ(mime_type(body), "multipart/alternative");
  GMimeMultipart* mp = GMIME_MULTIPART(body);
  ASSERT_EQ(g_mime_multipart_get_count(mp), 2);
  GMimeObject* text = g_mime_multipart_get_part(mp, 0);
  GMimeObject* html = g_mime_multipart_get_part(mp, 1);
  EXPECT_EQ(mime_type(text), "text/plain");
  EXPECT_EQ(mime_type(html), "text/html");
  EXPECT_STREQ(g_mime_object_get_content_type_parameter(html, "charset"), "utf-8");
  EXPECT_EQ(text_of(text), crlf(m.text));
  EXPECT_EQ(text_of(html), crlf(m.html));
  EXPECT_EQ(header_names(bytes).count("Content-Transfer-Encoding"), 0u);  // only in the parts

  // The same message renders to the same bytes (the boundary comes from the content).
  EXPECT_EQ(render_message(m, k_date), bytes);
}

TEST(MimeBuilder, picks_quoted_printable_for_ascii_and_base64_for_chinese) {
  OutgoingMail ascii = chinese_reply();
  ascii.text = "Hello,\n\nplease restart the VPN client.\n";
  OutgoingMail chinese = chinese_reply();
  auto encoding = [](const std::string& bytes) {
    MessagePtr msg = parse(bytes);
    return g_mime_part_get_content_encoding(GMIME_PART(g_mime_message_get_body(msg.get())));
  };
  EXPECT_EQ(encoding(render_message(ascii, k_date)), GMIME_CONTENT_ENCODING_QUOTEDPRINTABLE);
  EXPECT_EQ(encoding(render_message(chinese, k_date)), GMIME_CONTENT_ENCODING_BASE64);
}

TEST(MimeBuilder, quoted_printable_round_trips_awkward_text_exactly) {
  OutgoingMail m = chinese_reply();
  m.text = "From the log:\n.\n a=b trailing space \ntab\t\n" + std::string(200, 'x') + "\n== 你好 ==\n" +
           std::string(100, '=') + "\nno final newline";
  std::string bytes = render_message(m, k_date);
  MessagePtr msg = parse(bytes);
  GMimeObject* body = g_mime_message_get_body(msg.get());
  EXPECT_EQ(g_mime_part_get_content_encoding(GMIME_PART(body)), GMIME_CONTENT_ENCODING_QUOTEDPRINTABLE);
  EXPECT_EQ(text_of(body), crlf(m.text));
  EXPECT_EQ(bytes.find("\r\nFrom "), std::string::npos);  // mbox-safe
  EXPECT_EQ(bytes.find("\r\n.\r\n"), std::string::npos);  // SMTP-safe even without dot-stuffing
}

TEST(MimeBuilder, folds_long_references_and_keeps_their_order) {
  OutgoingMail m = chinese_reply();
  m.references.clear();
  for (int i = 0; i < 12; ++i)
    m.references.push_back("CAF" + std::to_string(i) +
                           "abcdefghijklmnopqrstuvwxyz0123456789@mail.example.cn");
  std::string bytes = render_message(m, k_date);

  std::vector<std::string> lines;
  bool in = false;
  for (const std::string& line : header_lines(bytes)) {
    if (line.starts_with("References:"))
      in = true;
    else if (line[0] != ' ')
      in = false;
    if (in) lines.push_back(line);
  }
  EXPECT_GE(lines.size(), 6u);
  for (const std::string& line : lines)
    EXPECT_LE(line.size(), 78u) << line;

  MessagePtr msg = parse(bytes);
  GMimeReferences* refs = g_mime_references_parse(nullptr, header(msg.get(), "References").c_str());
  ASSERT_NE(refs, nullptr);
  ASSERT_EQ(g_mime_references_length(refs), 12);
  for (int i = 0; i < 12; ++i)
    EXPECT_EQ(g_mime_references_get_message_id(refs, i), m.references[static_cast<std::size_t>(i)]);
  g_mime_references_free(refs);
}

TEST(MimeBuilder, always_writes_auto_submitted) {
  OutgoingMail m = chinese_reply();
  EXPECT_EQ(header(parse(render_message(m, k_date)).get(), "Auto-Submitted"), "auto-replied");
  m.auto_submitted = "auto-generated";
  EXPECT_EQ(header(parse(render_message(m, k_date)).get(), "Auto-Submitted"), "auto-generated");
  m.auto_submitted.clear();
  EXPECT_EQ(header(parse(render_message(m, k_date)).get(), "Auto-Submitted"), "auto-generated");
}

TEST(MimeBuilder, omits_empty_optional_headers_and_names_undisclosed_recipients) {
  OutgoingMail m;
  m.from = {"", "support@example.cn"};
  m.subject = "Hi";
  m.text = "x";
  std::string bytes = render_message(m, k_date);
  std::multiset<std::string> names = header_names(bytes);
  EXPECT_EQ(names.count("Cc"), 0u);
  EXPECT_EQ(names.count("In-Reply-To"), 0u);
  EXPECT_EQ(names.count("References"), 0u);
  EXPECT_EQ(names.count("Message-ID"), 0u);
  EXPECT_NE(bytes.find("To: undisclosed-recipients:;\r\n"), std::string::npos);
  EXPECT_NE(bytes.find("From: support@example.cn\r\n"), std::string::npos);
  EXPECT_EQ(text_of(g_mime_message_get_body(parse(bytes).get())), "x");
}

TEST(MimeBuilder, replaces_ill_formed_utf8_so_the_declared_charset_holds) {
  OutgoingMail m = chinese_reply();
  m.subject = "bad \xE4\xBD byte";
  m.text = "bad \xFF byte\n";
  std::string bytes = render_message(m, k_date);
  MessagePtr msg = parse(bytes);
  EXPECT_EQ(g_mime_message_get_subject(msg.get()), std::string("bad \xEF\xBF\xBD byte"));
  EXPECT_EQ(text_of(g_mime_message_get_body(msg.get())), "bad \xEF\xBF\xBD byte\r\n");
}

TEST(MimeBuilder, renders_the_same_bytes_from_many_threads) {
  OutgoingMail m = chinese_reply();
  m.html = "<p>您好</p>";
  std::string expected = render_message(m, k_date);
  std::vector<std::thread> threads;
  std::vector<int> same(4, 0);
  for (int t = 0; t < 4; ++t)
    threads.emplace_back([&, t] {
      for (int i = 0; i < 200; ++i)
        same[static_cast<std::size_t>(t)] += render_message(m, k_date) == expected;
    });
  for (auto& th : threads)
    th.join();
  for (int n : same)
    EXPECT_EQ(n, 200);
}

TEST(MimeHeaderText, leaves_ascii_alone_and_encodes_chinese_in_short_words) {
  EXPECT_EQ(encode_header_text("Printer offline"), "Printer offline");
  EXPECT_EQ(encode_header_text("Line\r\nbreak"), "Line  break");
  EXPECT_EQ(encode_header_text(""), "");

  std::string chinese =
      "[TD#20261121-0001/k7f3q2] 已受理：打印机无法连接 (3F) 请尽快处理，谢谢！请尽快处理，谢谢！请尽快处理";
  std::string encoded = encode_header_text(chinese);
  EXPECT_TRUE(encoded.starts_with("[TD#20261121-0001/k7f3q2] =?UTF-8?B?")) << encoded;
  EXPECT_EQ(encoded.find('\r'), std::string::npos);
  for (std::size_t pos = encoded.find("=?"); pos != std::string::npos; pos = encoded.find("=?", pos + 1)) {
    std::size_t end = encoded.find("?=", pos + 10);
    EXPECT_LE(end + 2 - pos, 75u);
  }
  init_gmime();
  EXPECT_EQ(owned(g_mime_utils_header_decode_text(nullptr, encoded.c_str())), chinese);
  std::string tricky = "see =?UTF-8?B?5L2g5aW9?= here";
  EXPECT_EQ(owned(g_mime_utils_header_decode_text(nullptr, encode_header_text(tricky).c_str())), tricky);
}

// ---- attachments (reports) ----

std::string all_byte_values() {
  std::string out;
  for (int round = 0; round < 5; ++round)
    for (int b = 0; b < 256; ++b)
      out.push_back(static_cast<char>((b * 7 + round) & 0xFF));
  out += "\r\n\r\n--=_TechDesk_m_0\r\n.\r\n";  // nothing in the data can end the part early
  return out;
}

OutgoingMail weekly_report_mail() {
  OutgoingMail m;
  m.from = {"技术支持部", "support@example.cn"};
  m.to = {{"", "leader@example.cn"}};
  m.subject = "TechDesk 周报：一线服务台 2026-W48 / Weekly report";
  m.text = "各位领导：\n\n附件是一线服务台 2026-W48 的周报。\n";
  m.html = "<p>各位领导：</p><p>附件是一线服务台 2026-W48 的周报。</p>\n";
  m.message_id = "td.report.0123456789abcdef@example.cn";
  m.attachments = {
      {"周报_2026-W48.xlsx", "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet",
       all_byte_values()},
      {"技术支持部二〇二六年十一月第四十八周工作周报及下周计划安排（含各组明细与附件说明）.csv",
       "text/csv; charset=utf-8", "\xEF\xBB\xBF工单号,主题\r\n20261121-0001,打印机\r\n"},
      {"report.csv", "text/csv", "a,b\r\n1,2\r\n"},
  };
  return m;
}

TEST(MimeBuilder, attachments_with_chinese_names_round_trip_through_our_parser_byte_for_byte) {
  OutgoingMail m = weekly_report_mail();
  std::string bytes = render_message(m, k_date);
  auto parsed = parse_mail(bytes);
  ASSERT_TRUE(parsed.ok()) << parsed.error().message;
  EXPECT_EQ(parsed->subject, m.subject);
  EXPECT_EQ(parsed->text, "各位领导：\n\n附件是一线服务台 2026-W48 的周报。\n");
  EXPECT_NE(parsed->html.find("附件是一线服务台"), std::string::npos) << parsed->html;
  ASSERT_EQ(parsed->attachments.size(), 3u);
  EXPECT_EQ(parsed->attachments[0].filename, "周报_2026-W48.xlsx");
  EXPECT_EQ(parsed->attachments[0].content_type,
            "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet");
  EXPECT_EQ(parsed->attachments[0].data, m.attachments[0].data);
  EXPECT_FALSE(parsed->attachments[0].inline_part);
  EXPECT_EQ(parsed->attachments[1].filename, m.attachments[1].filename);  // RFC 2231 continuations
  EXPECT_EQ(parsed->attachments[1].content_type, "text/csv");
  EXPECT_EQ(parsed->attachments[1].data, m.attachments[1].data);
  EXPECT_EQ(parsed->attachments[2].filename, "report.csv");
  EXPECT_EQ(parsed->attachments[2].data, m.attachments[2].data);
  EXPECT_TRUE(parsed->warnings.empty()) << parsed->warnings.front();
  // The same message renders to the same bytes.
  EXPECT_EQ(render_message(m, k_date), bytes);
}

TEST(MimeBuilder, attachments_make_multipart_mixed_that_gmime_reads_with_rfc2231_names) {
  OutgoingMail m = weekly_report_mail();
  std::string bytes = render_message(m, k_date);
  MessagePtr msg = parse(bytes);
  ASSERT_TRUE(msg);
  GMimeObject* body = g_mime_message_get_mime_part(msg.get());  // the top part (get_body() picks the text)
  ASSERT_TRUE(GMIME_IS_MULTIPART(body));
  EXPECT_EQ(mime_type(body), "multipart/mixed");
  GMimeMultipart* mp = GMIME_MULTIPART(body);
  ASSERT_EQ(g_mime_multipart_get_count(mp), 4);
  EXPECT_EQ(mime_type(g_mime_multipart_get_part(mp, 0)), "multipart/alternative");
  for (int i = 1; i < 4; ++i) {
    GMimeObject* part = g_mime_multipart_get_part(mp, i);
    ASSERT_TRUE(GMIME_IS_PART(part));
    const char* name = g_mime_part_get_filename(GMIME_PART(part));
    EXPECT_EQ(std::string(name ? name : ""), m.attachments[static_cast<std::size_t>(i - 1)].filename);
    EXPECT_EQ(g_mime_part_get_content_encoding(GMIME_PART(part)), GMIME_CONTENT_ENCODING_BASE64);
  }
  // Every line stays short but the one long media type (it cannot be folded).
  std::size_t pos = 0;
  while (pos < bytes.size()) {
    std::size_t eol = bytes.find("\r\n", pos);
    ASSERT_NE(eol, std::string::npos);
    std::string line = bytes.substr(pos, eol - pos);
    if (!line.starts_with("Content-Type: application/vnd.")) {
      EXPECT_LE(line.size(), 78u) << line;
    }
    pos = eol + 2;
  }
  for (std::size_t i = 0; i < bytes.size(); ++i) {
    if (bytes[i] == '\n') {
      ASSERT_TRUE(i > 0 && bytes[i - 1] == '\r') << "bare LF at " << i;
    }
  }
}

TEST(MimeBuilder, attachment_names_and_types_cannot_break_the_headers) {
  OutgoingMail m = weekly_report_mail();
  m.html.clear();
  m.attachments = {{"../../etc/pass\"wd\r\nBcc: x@evil.example", "text/plain\r\nBcc: y@evil.example", "x"},
                   {"", "", "y"}};
  std::string bytes = render_message(m, k_date);
  EXPECT_EQ(bytes.find("\r\nBcc:"), std::string::npos) << bytes;
  auto parsed = parse_mail(bytes);
  ASSERT_TRUE(parsed.ok());
  ASSERT_EQ(parsed->attachments.size(), 2u);
  EXPECT_EQ(parsed->attachments[0].filename.find('/'), std::string::npos) << parsed->attachments[0].filename;
  EXPECT_EQ(parsed->attachments[0].content_type, "application/octet-stream");
  EXPECT_EQ(parsed->attachments[0].data, "x");
  EXPECT_EQ(parsed->attachments[1].filename, "attachment.bin");
  EXPECT_EQ(parsed->attachments[1].data, "y");
  EXPECT_EQ(parsed->text, "各位领导：\n\n附件是一线服务台 2026-W48 的周报。\n");
}

TEST(MimeBuilder, without_attachments_the_output_is_what_it_always_was) {
  // Rendered by the builder before attachments existed; replies and notices must not change by a byte.
  OutgoingMail m;
  m.from = {"TechDesk", "support@example.cn"};
  m.to = {{"", "boss@example.cn"}};
  m.subject = "Weekly report";
  m.text = "Hello,\nthe report.\n";
  m.message_id = "td.r.1@example.cn";
  const std::string head =
      "Date: Sat, 21 Nov 2026 05:32:00 +0000\r\n"
      "From: TechDesk <support@example.cn>\r\n"
      "To: boss@example.cn\r\n"
      "Subject: Weekly report\r\n"
      "Message-ID: <td.r.1@example.cn>\r\n"
      "MIME-Version: 1.0\r\n"
      "Auto-Submitted: auto-generated\r\n";
  EXPECT_EQ(render_message(m, k_date), head +
                                           "Content-Type: text/plain; charset=utf-8\r\n"
                                           "Content-Transfer-Encoding: quoted-printable\r\n"
                                           "\r\n"
                                           "Hello,\r\n"
                                           "the report.\r\n");
  m.html = "<p>Hello</p>\n";
  EXPECT_EQ(render_message(m, k_date),
            head +
                "Content-Type: multipart/alternative; boundary=\"=_TechDesk_890c8c61cae9f3fa\"\r\n"
                "\r\n"
                "This is a multi-part message in MIME format.\r\n"
                "\r\n"
                "--=_TechDesk_890c8c61cae9f3fa\r\n"
                "Content-Type: text/plain; charset=utf-8\r\n"
                "Content-Transfer-Encoding: quoted-printable\r\n"
                "\r\n"
                "Hello,\r\n"
                "the report.\r\n"
                "\r\n"
                "--=_TechDesk_890c8c61cae9f3fa\r\n"
                "Content-Type: text/html; charset=utf-8\r\n"
                "Content-Transfer-Encoding: quoted-printable\r\n"
                "\r\n"
                "<p>Hello</p>\r\n"
                "\r\n"
                "--=_TechDesk_890c8c61cae9f3fa--\r\n");
}

TEST(MimeBuilder, sendable_addresses_have_a_domain_with_a_dot_and_no_specials) {
  EXPECT_TRUE(is_sendable_address("zhang.san@example.cn"));
  EXPECT_TRUE(is_sendable_address("a@b.cn"));
  EXPECT_FALSE(is_sendable_address(""));
  EXPECT_FALSE(is_sendable_address("zhang.san"));
  EXPECT_FALSE(is_sendable_address("@example.cn"));
  EXPECT_FALSE(is_sendable_address("a@localhost"));
  EXPECT_FALSE(is_sendable_address("a@.cn"));
  EXPECT_FALSE(is_sendable_address("a b@example.cn"));
  EXPECT_FALSE(is_sendable_address("a@b.cn>, c@d.cn"));
  EXPECT_FALSE(is_sendable_address(std::string(250, 'a') + "@b.cn"));
}

}  // namespace
