// description: the IMAP and SMTP clients against a real Dovecot and a byte-keeping SMTP sink.
// A support mailbox's mail is fetched exactly as sent, never marked read by fetching, marked, moved or
// deleted once processed, and a message over the size limit is refused without stalling the fetcher.
// Replies go out through SMTP all-or-nothing, with the server's own words when refused. Wrong
// passwords and dead servers fail fast, with messages an admin can act on and never the password.
//
// Needs the servers of scripts/mail-temp.sh:
//   eval "$(scripts/mail-temp.sh start)"; build/tests/email_client_test; scripts/mail-temp.sh stop
//   "$TECHDESK_TEST_MAIL_DIR"
// Without TECHDESK_TEST_IMAP / TECHDESK_TEST_SMTP the server tests are skipped. Every test works in
// folders of its own, so CTest may run them in parallel.
#include <arpa/inet.h>
#include <curl/curl.h>
#include <gtest/gtest.h>
#include <netinet/in.h>
#include <sys/socket.h>
#include <unistd.h>

#include <atomic>
#include <chrono>
#include <cstdlib>
#include <filesystem>
#include <fstream>
#include <optional>
#include <sstream>
#include <string>
#include <vector>

#include "channel/email/imap_client.h"
#include "channel/email/smtp_client.h"

namespace techdesk::email {
namespace {

namespace fs = std::filesystem;
using namespace std::chrono_literals;

constexpr const char* k_password = "secret";  // mail-temp.sh's accounts: support, helpdesk

struct Server {
  std::string host;
  int port = 0;
};

std::optional<Server> env_server(const char* var) {
  const char* v = std::getenv(var);
  if (!v || !*v) return std::nullopt;
  std::string s = v;
  auto colon = s.rfind(':');
  if (colon == std::string::npos) return std::nullopt;
  return Server{s.substr(0, colon), std::stoi(s.substr(colon + 1))};
}

#define REQUIRE_IMAP(var)                                                                              \
  auto var##_opt = env_server("TECHDESK_TEST_IMAP");                                                   \
  if (!var##_opt)                                                                                      \
    GTEST_SKIP() << "TECHDESK_TEST_IMAP is not set: run eval \"$(scripts/mail-temp.sh start)\" first"; \
  const Server& var = *var##_opt

#define REQUIRE_SMTP(var)                                                                              \
  auto var##_opt = env_server("TECHDESK_TEST_SMTP");                                                   \
  if (!var##_opt)                                                                                      \
    GTEST_SKIP() << "TECHDESK_TEST_SMTP is not set: run eval \"$(scripts/mail-temp.sh start)\" first"; \
  const Server& var = *var##_opt

// A name no other test (or test process) uses.
std::string unique(const std::string& prefix) {
  static std::atomic<int> n{0};
  return prefix + "-" + std::to_string(::getpid()) + "-" + std::to_string(++n);
}

ImapSettings imap_settings(const Server& srv, const std::string& folder,
                           const std::string& user = "support") {
  ImapSettings s;
  s.host = srv.host;
  s.port = srv.port;
  s.security = Security::none;
  s.username = user;
  s.password = k_password;
  s.folder = folder;
  return s;
}

SmtpSettings smtp_settings(const Server& srv, const std::string& user = "") {
  SmtpSettings s;
  s.host = srv.host;
  s.port = srv.port;
  s.security = Security::none;
  s.username = user;
  s.password = user.empty() ? "" : k_password;
  return s;
}

// ---- helpers that talk to Dovecot with plain libcurl, independent of the code under test ----------

struct Source {
  std::string data;
  std::size_t pos = 0;
};

std::size_t read_source(char* buf, std::size_t size, std::size_t n, void* user) {
  auto* src = static_cast<Source*>(user);
  std::size_t take = std::min(size * n, src->data.size() - src->pos);
  std::copy_n(src->data.data() + src->pos, take, buf);
  src->pos += take;
  return take;
}

std::size_t ignore_output(char*, std::size_t size, std::size_t n, void*) {
  return size * n;
}

std::string imap_url(const Server& srv, const std::string& utf8_folder) {
  std::string url = "imap://" + srv.host + ":" + std::to_string(srv.port) + "/";
  if (utf8_folder.empty()) return url;
  std::string wire = imap_utf7_folder(utf8_folder).value();
  char* esc = curl_easy_escape(nullptr, wire.c_str(), static_cast<int>(wire.size()));
  url += esc;
  curl_free(esc);
  return url;
}

// Runs one IMAP command (no literals) as `user`, in `folder` when one is given; true when it
// succeeded.
bool imap_raw(const Server& srv, const std::string& command, const std::string& user = "support",
              const std::string& folder = "") {
  CURL* h = curl_easy_init();
  std::string url = imap_url(srv, folder);
  curl_easy_setopt(h, CURLOPT_URL, url.c_str());
  curl_easy_setopt(h, CURLOPT_USERNAME, user.c_str());
  curl_easy_setopt(h, CURLOPT_PASSWORD, k_password);
  curl_easy_setopt(h, CURLOPT_CUSTOMREQUEST, command.c_str());
  curl_easy_setopt(h, CURLOPT_WRITEFUNCTION, ignore_output);
  curl_easy_setopt(h, CURLOPT_TIMEOUT, 20L);
  CURLcode rc = curl_easy_perform(h);
  curl_easy_cleanup(h);
  return rc == CURLE_OK;
}

void create_folder(const Server& srv, const std::string& utf8_folder, const std::string& user = "support") {
  std::string wire = imap_utf7_folder(utf8_folder).value();
  ASSERT_TRUE(imap_raw(srv, "CREATE \"" + wire + "\"", user)) << "CREATE " << utf8_folder;
}

// APPENDs `raw` byte for byte (libcurl sends it as one literal). libcurl always appends with the
// \Seen flag: folder_with() clears it.
void append(const Server& srv, const std::string& utf8_folder, const std::string& raw,
            const std::string& user = "support") {
  CURL* h = curl_easy_init();
  std::string url = imap_url(srv, utf8_folder);
  Source src{raw};
  curl_easy_setopt(h, CURLOPT_URL, url.c_str());
  curl_easy_setopt(h, CURLOPT_USERNAME, user.c_str());
  curl_easy_setopt(h, CURLOPT_PASSWORD, k_password);
  curl_easy_setopt(h, CURLOPT_UPLOAD, 1L);
  curl_easy_setopt(h, CURLOPT_READFUNCTION, read_source);
  curl_easy_setopt(h, CURLOPT_READDATA, &src);
  curl_easy_setopt(h, CURLOPT_INFILESIZE_LARGE, static_cast<curl_off_t>(raw.size()));
  curl_easy_setopt(h, CURLOPT_TIMEOUT, 20L);
  CURLcode rc = curl_easy_perform(h);
  curl_easy_cleanup(h);
  ASSERT_EQ(rc, CURLE_OK) << "APPEND to " << utf8_folder << ": " << curl_easy_strerror(rc);
}

// A folder of this test's own with `messages` appended, in order.
std::string folder_with(const Server& srv, const std::vector<std::string>& messages,
                        const std::string& name = "") {
  std::string folder = name.empty() ? unique("t") : name;
  create_folder(srv, folder);
  for (const auto& m : messages)
    append(srv, folder, m);
  if (!messages.empty()) {
    EXPECT_TRUE(imap_raw(srv, "UID STORE 1:* -FLAGS.SILENT (\\Seen)", "support", folder))
        << "unseen " << folder;
  }
  return folder;
}

std::string message(const std::string& subject, const std::string& body = "Hello.\r\n") {
  return "From: Zhang San <zhang.san@example.cn>\r\n"
         "To: support@example.cn\r\n"
         "Subject: " +
         subject +
         "\r\n"
         "Message-ID: <" +
         subject +
         "@example.cn>\r\n"
         "MIME-Version: 1.0\r\n"
         "Content-Type: text/plain; charset=utf-8\r\n"
         "Content-Transfer-Encoding: 8bit\r\n"
         "\r\n" +
         body;
}

// A port nothing listens on (bound once, then released).
int closed_port() {
  int fd = ::socket(AF_INET, SOCK_STREAM, 0);
  sockaddr_in a{};
  a.sin_family = AF_INET;
  a.sin_addr.s_addr = htonl(INADDR_LOOPBACK);
  ::bind(fd, reinterpret_cast<sockaddr*>(&a), sizeof a);
  socklen_t len = sizeof a;
  ::getsockname(fd, reinterpret_cast<sockaddr*>(&a), &len);
  ::close(fd);
  return ntohs(a.sin_port);
}

// A listener that completes TCP handshakes (the kernel does) but never says a word.
struct SilentServer {
  int fd = -1;
  int port = 0;
  SilentServer() {
    fd = ::socket(AF_INET, SOCK_STREAM, 0);
    sockaddr_in a{};
    a.sin_family = AF_INET;
    a.sin_addr.s_addr = htonl(INADDR_LOOPBACK);
    ::bind(fd, reinterpret_cast<sockaddr*>(&a), sizeof a);
    ::listen(fd, 8);
    socklen_t len = sizeof a;
    ::getsockname(fd, reinterpret_cast<sockaddr*>(&a), &len);
    port = ntohs(a.sin_port);
  }
  ~SilentServer() { ::close(fd); }
};

template <class F>
double seconds_taken(F&& f) {
  auto t0 = std::chrono::steady_clock::now();
  f();
  return std::chrono::duration<double>(std::chrono::steady_clock::now() - t0).count();
}

// ---- the sink ----------------------------------------------------------------------------------

std::string read_file(const fs::path& p) {
  std::ifstream in(p, std::ios::binary);
  std::ostringstream out;
  out << in.rdbuf();
  return out.str();
}

// The sink's stored messages that contain `token`, with their envelope JSON.
std::vector<std::pair<std::string, std::string>> sink_messages_with(const std::string& token) {
  std::vector<std::pair<std::string, std::string>> found;
  const char* dir = std::getenv("TECHDESK_TEST_MAIL_DIR");
  if (!dir) return found;
  fs::path sink = fs::path(dir) / "sink";
  if (!fs::exists(sink / "new")) return found;
  for (const auto& e : fs::directory_iterator(sink / "new")) {
    std::string data = read_file(e.path());
    if (data.find(token) == std::string::npos) continue;
    fs::path env = sink / "envelopes" / (e.path().stem().string() + ".json");
    found.emplace_back(std::move(data), read_file(env));
  }
  return found;
}

// ---- modified UTF-7 (no server needed) ---------------------------------------------------------

TEST(ImapFolderName, ascii_names_pass_through_and_ampersand_is_escaped) {
  EXPECT_EQ(imap_utf7_folder("INBOX").value(), "INBOX");
  EXPECT_EQ(imap_utf7_folder("Processed Mail").value(), "Processed Mail");
  EXPECT_EQ(imap_utf7_folder("R&D").value(), "R&-D");
}

TEST(ImapFolderName, non_ascii_names_become_modified_utf7_as_in_rfc3501) {
  EXPECT_EQ(imap_utf7_folder("~peter/mail/台北/日本語").value(), "~peter/mail/&U,BTFw-/&ZeVnLIqe-");
  EXPECT_EQ(imap_utf7_folder("Entwürfe").value(), "Entw&APw-rfe");
  EXPECT_EQ(imap_utf7_folder("已处理").value(), "&XfJZBHQG-");
  EXPECT_EQ(imap_utf7_folder("📧").value(), "&2D3c5w-");  // outside the BMP: a surrogate pair
}

TEST(ImapFolderName, refuses_empty_names_line_breaks_and_invalid_utf8) {
  for (std::string bad :
       {std::string(), std::string("a\r\nb"), std::string("a\0b", 3), std::string("\xff\xfe")}) {
    auto r = imap_utf7_folder(bad, "move_to");
    ASSERT_FALSE(r.ok());
    EXPECT_EQ(r.error().code, Errc::invalid_field);
    EXPECT_EQ(r.error().field, "move_to");
  }
}

// ---- IMAP --------------------------------------------------------------------------------------

TEST(ImapSession, opens_the_folder_and_reports_count_and_uidvalidity) {
  REQUIRE_IMAP(srv);
  std::string folder = folder_with(srv, {message(unique("a")), message(unique("b"))});
  auto s = ImapSession::open(imap_settings(srv, folder), 10s);
  ASSERT_TRUE(s.ok()) << s.error().message;
  EXPECT_EQ((*s)->exists(), 2u);
  EXPECT_NE((*s)->uidvalidity(), 0u);
}

TEST(ImapSession, fetches_exact_bytes_without_marking_mail_read) {
  REQUIRE_IMAP(srv);
  // Contents that trip line-based readers: a line that looks like our tagged completion, an
  // untagged-looking line, a dot line, 8-bit text, a 200 kB line, and no final line break.
  std::vector<std::string> raws = {
      message(unique("plain"), "你好，打印机坏了。\r\n-- \r\n张三\r\n"),
      message(unique("tricky"), "td1 OK fake completion\r\ntd9 OK\r\n* 5 EXISTS\r\n.\r\n{12}\r\nend\r\n"),
      message(unique("long"), std::string(200000, 'x') + "\r\n"),
      message(unique("noeol"), "last line without CRLF"),
  };
  std::string folder = folder_with(srv, raws);
  auto s = ImapSession::open(imap_settings(srv, folder), 10s);
  ASSERT_TRUE(s.ok()) << s.error().message;
  auto uids = (*s)->pending_uids();
  ASSERT_TRUE(uids.ok()) << uids.error().message;
  ASSERT_EQ(uids->size(), raws.size());
  EXPECT_TRUE(std::is_sorted(uids->begin(), uids->end()));
  for (std::size_t i = 0; i < raws.size(); ++i) {
    auto got = (*s)->fetch((*uids)[i], 1 << 20);
    ASSERT_TRUE(got.ok()) << got.error().message;
    EXPECT_EQ(*got, raws[i]) << "message " << i;
    auto size = (*s)->size_of((*uids)[i]);
    ASSERT_TRUE(size.ok()) << size.error().message;
    EXPECT_EQ(*size, raws[i].size());
  }
  // BODY.PEEK[]: fetching left every message unread, here and for a fresh session.
  EXPECT_EQ((*s)->pending_uids().value(), *uids);
  auto again = ImapSession::open(imap_settings(srv, folder), 10s);
  ASSERT_TRUE(again.ok());
  EXPECT_EQ((*again)->pending_uids().value(), *uids);
}

TEST(ImapSession, marked_mail_is_no_longer_pending) {
  REQUIRE_IMAP(srv);
  std::string folder = folder_with(srv, {message(unique("one")), message(unique("two"))});
  auto s = ImapSession::open(imap_settings(srv, folder), 10s);
  ASSERT_TRUE(s.ok()) << s.error().message;
  auto uids = (*s)->pending_uids().value();
  ASSERT_EQ(uids.size(), 2u);
  ASSERT_TRUE((*s)->mark_seen(uids[0]).ok());
  EXPECT_EQ((*s)->pending_uids().value(), std::vector<std::uint32_t>{uids[1]});
  EXPECT_EQ((*s)->exists(), 2u);  // still in the folder
  EXPECT_TRUE((*s)->mark_seen(uids[0]).ok()) << "marking twice is harmless";
}

TEST(ImapSession, moved_mail_leaves_the_folder_and_arrives_in_the_target) {
  REQUIRE_IMAP(srv);
  std::string raw = message(unique("move"));
  std::string folder = folder_with(srv, {raw, message(unique("stay"))});
  std::string target = unique("Processed Mail");  // does not exist yet: created on TRYCREATE
  auto s = ImapSession::open(imap_settings(srv, folder), 10s);
  ASSERT_TRUE(s.ok()) << s.error().message;
  auto uids = (*s)->pending_uids().value();
  ASSERT_EQ(uids.size(), 2u);
  auto moved = (*s)->move(uids[0], target);
  ASSERT_TRUE(moved.ok()) << moved.error().message;
  EXPECT_EQ((*s)->pending_uids().value(), std::vector<std::uint32_t>{uids[1]});
  EXPECT_EQ((*s)->exists(), 1u);

  auto t = ImapSession::open(imap_settings(srv, target), 10s);
  ASSERT_TRUE(t.ok()) << t.error().message;
  auto there = (*t)->pending_uids().value();
  ASSERT_EQ(there.size(), 1u);
  EXPECT_EQ((*t)->fetch(there[0], 1 << 20).value(), raw);
}

TEST(ImapSession, move_falls_back_to_copy_and_expunge_without_the_MOVE_capability) {
  REQUIRE_IMAP(srv);
  if (srv.host != "127.0.0.1") GTEST_SKIP() << "needs mail-temp.sh's Dovecot, which hides MOVE on 127.0.0.2";
  std::string raw = message(unique("copy"));
  std::string folder = folder_with(srv, {raw, message(unique("keep"))});
  std::string target = unique("Archive 已处理");
  create_folder(srv, target);
  Server no_move{"127.0.0.2", srv.port};
  auto s = ImapSession::open(imap_settings(no_move, folder), 10s);
  ASSERT_TRUE(s.ok()) << s.error().message;
  auto uids = (*s)->pending_uids().value();
  ASSERT_EQ(uids.size(), 2u);
  auto moved = (*s)->move(uids[0], target);
  ASSERT_TRUE(moved.ok()) << moved.error().message;
  EXPECT_EQ((*s)->pending_uids().value(), std::vector<std::uint32_t>{uids[1]});
  EXPECT_EQ((*s)->exists(), 1u);
  auto t = ImapSession::open(imap_settings(srv, target), 10s);
  ASSERT_TRUE(t.ok()) << t.error().message;
  auto there = (*t)->pending_uids().value();
  ASSERT_EQ(there.size(), 1u);
  EXPECT_EQ((*t)->fetch(there[0], 1 << 20).value(), raw);
}

TEST(ImapSession, removed_mail_is_gone) {
  REQUIRE_IMAP(srv);
  std::string folder = folder_with(srv, {message(unique("del")), message(unique("keep"))});
  auto s = ImapSession::open(imap_settings(srv, folder), 10s);
  ASSERT_TRUE(s.ok()) << s.error().message;
  auto uids = (*s)->pending_uids().value();
  ASSERT_EQ(uids.size(), 2u);
  ASSERT_TRUE((*s)->remove(uids[0]).ok());
  EXPECT_EQ((*s)->pending_uids().value(), std::vector<std::uint32_t>{uids[1]});
  EXPECT_EQ((*s)->exists(), 1u);
  auto gone = (*s)->fetch(uids[0], 1 << 20);
  ASSERT_FALSE(gone.ok());
  EXPECT_EQ(gone.error().code, Errc::not_found);
  auto fresh = ImapSession::open(imap_settings(srv, folder), 10s);
  EXPECT_EQ((*fresh)->exists(), 1u);
}

TEST(ImapSession, a_message_over_the_size_limit_is_refused_and_the_session_goes_on) {
  REQUIRE_IMAP(srv);
  std::string big = message(unique("big"), std::string(300000, 'b') + "\r\n");
  std::string small = message(unique("small"));
  std::string folder = folder_with(srv, {big, small});
  auto s = ImapSession::open(imap_settings(srv, folder), 10s);
  ASSERT_TRUE(s.ok()) << s.error().message;
  auto uids = (*s)->pending_uids().value();
  ASSERT_EQ(uids.size(), 2u);
  auto refused = (*s)->fetch(uids[0], 100000);
  ASSERT_FALSE(refused.ok());
  EXPECT_EQ(refused.error().code, Errc::invalid_field);
  EXPECT_EQ(refused.error().field, "size");
  EXPECT_NE(refused.error().message.find(std::to_string(big.size())), std::string::npos)
      << refused.error().message;
  EXPECT_EQ((*s)->size_of(uids[0]).value(), big.size());
  // Exactly at the limit is allowed.
  EXPECT_EQ((*s)->fetch(uids[0], big.size()).value(), big);
  EXPECT_EQ((*s)->fetch(uids[1], 100000).value(), small);
  // The caller records the refusal and marks the message processed, so the fetcher moves on.
  ASSERT_TRUE((*s)->mark_seen(uids[0]).ok());
  EXPECT_EQ((*s)->pending_uids().value(), std::vector<std::uint32_t>{uids[1]});
}

TEST(ImapSession, an_unknown_uid_is_not_found) {
  REQUIRE_IMAP(srv);
  std::string folder = folder_with(srv, {message(unique("x"))});
  auto s = ImapSession::open(imap_settings(srv, folder), 10s);
  ASSERT_TRUE(s.ok());
  auto r = (*s)->fetch(999999, 1 << 20);
  ASSERT_FALSE(r.ok());
  EXPECT_EQ(r.error().code, Errc::not_found);
  EXPECT_EQ((*s)->size_of(999999).error().code, Errc::not_found);
}

TEST(ImapSession, folder_names_with_spaces_and_chinese_work) {
  REQUIRE_IMAP(srv);
  std::string raw = message(unique("utf7"));
  std::string folder = folder_with(srv, {raw}, unique("技术支持 收件箱 & more"));
  auto s = ImapSession::open(imap_settings(srv, folder), 10s);
  ASSERT_TRUE(s.ok()) << s.error().message;
  auto uids = (*s)->pending_uids().value();
  ASSERT_EQ(uids.size(), 1u);
  EXPECT_EQ((*s)->fetch(uids[0], 1 << 20).value(), raw);
  EXPECT_EQ(test_imap(imap_settings(srv, folder)).value(), folder + ": 1 message");
}

TEST(ImapSession, a_missing_folder_is_an_invalid_folder_setting) {
  REQUIRE_IMAP(srv);
  auto s = ImapSession::open(imap_settings(srv, unique("no such folder")), 10s);
  ASSERT_FALSE(s.ok());
  EXPECT_EQ(s.error().code, Errc::invalid_field);
  EXPECT_EQ(s.error().field, "folder");
  EXPECT_NE(s.error().message.find("NO"), std::string::npos) << s.error().message;  // the server's answer
}

TEST(ImapSession, a_wrong_password_is_refused_with_the_server_answer_and_without_the_password) {
  REQUIRE_IMAP(srv);
  ImapSettings s = imap_settings(srv, "INBOX");
  s.password = "Wr0ng-passw0rd-4711";
  auto r = ImapSession::open(s, 10s);
  ASSERT_FALSE(r.ok());
  EXPECT_EQ(r.error().code, Errc::unavailable);
  EXPECT_TRUE(r.error().message.starts_with("login refused: ")) << r.error().message;
  EXPECT_NE(r.error().message.find("AUTHENTICATIONFAILED"), std::string::npos) << r.error().message;
  EXPECT_EQ(r.error().message.find(s.password), std::string::npos);
  auto t = test_imap(s);
  ASSERT_FALSE(t.ok());
  EXPECT_EQ(t.error().message.find(s.password), std::string::npos);
}

TEST(ImapSession, a_server_that_forbids_plaintext_login_says_so) {
  REQUIRE_IMAP(srv);
  if (srv.host != "127.0.0.1")
    GTEST_SKIP() << "needs mail-temp.sh's Dovecot, which has LOGINDISABLED on 127.0.0.3";
  auto r = ImapSession::open(imap_settings(Server{"127.0.0.3", srv.port}, "INBOX"), 10s);
  ASSERT_FALSE(r.ok());
  EXPECT_EQ(r.error().code, Errc::unavailable);
  EXPECT_TRUE(r.error().message.starts_with("login refused: 127.0.0.3:")) << r.error().message;
  EXPECT_NE(r.error().message.find("without TLS"), std::string::npos) << r.error().message;
}

TEST(ImapSession, a_closed_port_is_unavailable_at_once) {
  ImapSettings s;
  s.host = "127.0.0.1";
  s.port = closed_port();
  s.security = Security::none;
  s.username = "support";
  s.password = "topsecret-123";
  Result<std::unique_ptr<ImapSession>> r = Error::internal("not run");
  double took = seconds_taken([&] { r = ImapSession::open(s, 10s); });
  ASSERT_FALSE(r.ok());
  EXPECT_EQ(r.error().code, Errc::unavailable);
  EXPECT_TRUE(r.error().message.starts_with("cannot connect to 127.0.0.1:")) << r.error().message;
  EXPECT_LT(took, 3.0);
}

TEST(ImapSession, a_server_that_never_answers_times_out) {
  SilentServer silent;
  ImapSettings s;
  s.host = "127.0.0.1";
  s.port = silent.port;
  s.security = Security::none;
  s.username = "support";
  s.password = "topsecret-123";
  Result<std::unique_ptr<ImapSession>> r = Error::internal("not run");
  double took = seconds_taken([&] { r = ImapSession::open(s, 2s); });
  ASSERT_FALSE(r.ok());
  EXPECT_EQ(r.error().code, Errc::unavailable);
  EXPECT_NE(r.error().message.find("timed out"), std::string::npos) << r.error().message;
  EXPECT_LT(took, 5.0);
}

TEST(ImapSession, tls_to_a_plain_server_fails_with_a_tls_error) {
  REQUIRE_IMAP(srv);
  ImapSettings s = imap_settings(srv, "INBOX");
  s.security = Security::tls;
  auto r = ImapSession::open(s, 5s);
  ASSERT_FALSE(r.ok());
  EXPECT_EQ(r.error().code, Errc::unavailable);
  EXPECT_TRUE(r.error().message.starts_with("TLS with ")) << r.error().message;
  s.security = Security::starttls;  // mail-temp.sh's Dovecot has ssl = no, so no STARTTLS
  r = ImapSession::open(s, 5s);
  ASSERT_FALSE(r.ok());
  EXPECT_NE(r.error().message.find("does not offer STARTTLS"), std::string::npos) << r.error().message;
}

TEST(ImapSession, unusable_settings_are_invalid_fields) {
  ImapSettings s;
  s.host = "";
  s.username = "u";
  EXPECT_EQ(ImapSession::open(s).error().field, "host");
  s.host = "mail.example.cn/evil";
  EXPECT_EQ(ImapSession::open(s).error().field, "host");
  s.host = "mail.example.cn";
  s.port = 0;
  EXPECT_EQ(ImapSession::open(s).error().field, "port");
  s.port = 993;
  s.username = "";
  EXPECT_EQ(ImapSession::open(s).error().field, "username");
}

TEST(TestImap, answers_folder_and_message_count) {
  REQUIRE_IMAP(srv);
  std::string folder = folder_with(srv, {message(unique("1")), message(unique("2")), message(unique("3"))});
  auto r = test_imap(imap_settings(srv, folder));
  ASSERT_TRUE(r.ok()) << r.error().message;
  EXPECT_EQ(*r, folder + ": 3 messages");
  auto inbox = test_imap(imap_settings(srv, "INBOX", "helpdesk"));
  ASSERT_TRUE(inbox.ok()) << inbox.error().message;
  EXPECT_TRUE(inbox->starts_with("INBOX: ")) << *inbox;
}

// ---- SMTP --------------------------------------------------------------------------------------

TEST(SmtpSend, delivers_the_exact_bytes_to_every_recipient) {
  REQUIRE_SMTP(srv);
  std::string token = unique("smtp-exact");
  // A leading dot (libcurl stuffs it, the server unstuffs it), 8-bit UTF-8, and a line "." alone.
  std::string raw = message(token, "第一行\r\n.leading dot\r\n.\r\n..two dots\r\nend\r\n");
  auto out = smtp_send(smtp_settings(srv), "support@example.cn", {"zhang.san@example.cn", "li.si@example.cn"},
                       raw, 10s);
  ASSERT_TRUE(out.ok) << out.answer;
  EXPECT_EQ(out.code, 250);
  EXPECT_FALSE(out.permanent);
  EXPECT_TRUE(out.answer.starts_with("250 ")) << out.answer;
  auto got = sink_messages_with(token);
  ASSERT_EQ(got.size(), 1u);
  EXPECT_EQ(got[0].first, raw);
  EXPECT_NE(got[0].second.find("\"mail_from\": \"support@example.cn\""), std::string::npos) << got[0].second;
  EXPECT_NE(got[0].second.find("\"zhang.san@example.cn\", \"li.si@example.cn\""), std::string::npos)
      << got[0].second;
}

TEST(SmtpSend, logs_in_when_a_user_is_set) {
  REQUIRE_SMTP(srv);
  std::string token = unique("smtp-auth");
  auto out =
      smtp_send(smtp_settings(srv, "support"), "support@example.cn", {"a@example.cn"}, message(token), 10s);
  ASSERT_TRUE(out.ok) << out.answer;
  auto got = sink_messages_with(token);
  ASSERT_EQ(got.size(), 1u);
  EXPECT_NE(got[0].second.find("\"auth\": \"support\""), std::string::npos) << got[0].second;
}

TEST(SmtpSend, a_refused_recipient_fails_the_whole_send_permanently) {
  REQUIRE_SMTP(srv);
  std::string token = unique("smtp-reject");
  auto out = smtp_send(smtp_settings(srv), "support@example.cn", {"ok@example.cn", "reject.me@example.cn"},
                       message(token), 10s);
  EXPECT_FALSE(out.ok);
  EXPECT_TRUE(out.permanent);
  EXPECT_EQ(out.code, 550);
  EXPECT_TRUE(out.answer.starts_with("550 5.1.1 <reject.me@example.cn>: Recipient address rejected"))
      << out.answer;
  EXPECT_TRUE(sink_messages_with(token).empty()) << "nobody may get a partly refused message";
}

TEST(SmtpSend, a_deferred_recipient_fails_transiently) {
  REQUIRE_SMTP(srv);
  std::string token = unique("smtp-tempfail");
  auto out =
      smtp_send(smtp_settings(srv), "support@example.cn", {"tempfail@example.cn"}, message(token), 10s);
  EXPECT_FALSE(out.ok);
  EXPECT_FALSE(out.permanent);
  EXPECT_EQ(out.code, 450);
  EXPECT_TRUE(out.answer.starts_with("450 4.2.0")) << out.answer;
  EXPECT_TRUE(sink_messages_with(token).empty());
}

TEST(SmtpSend, a_wrong_password_fails_without_revealing_it) {
  REQUIRE_SMTP(srv);
  SmtpSettings s = smtp_settings(srv, "support");
  s.password = "Wr0ng-passw0rd-4711";
  auto out = smtp_send(s, "support@example.cn", {"a@example.cn"}, message(unique("smtp-badpw")), 10s);
  EXPECT_FALSE(out.ok);
  EXPECT_EQ(out.code, 535);
  EXPECT_TRUE(out.permanent);
  EXPECT_EQ(out.answer.find(s.password), std::string::npos) << out.answer;
}

TEST(SmtpSend, a_closed_port_fails_at_once_with_code_0_and_may_be_retried) {
  SmtpSettings s;
  s.host = "127.0.0.1";
  s.port = closed_port();
  s.security = Security::none;
  SmtpOutcome out;
  double took = seconds_taken(
      [&] { out = smtp_send(s, "support@example.cn", {"a@example.cn"}, message(unique("closed")), 10s); });
  EXPECT_FALSE(out.ok);
  EXPECT_FALSE(out.permanent);
  EXPECT_EQ(out.code, 0);
  EXPECT_TRUE(out.answer.starts_with("cannot connect to 127.0.0.1:")) << out.answer;
  EXPECT_LT(took, 3.0);
}

TEST(SmtpSend, a_silent_server_times_out_and_may_be_retried) {
  SilentServer silent;
  SmtpSettings s;
  s.host = "127.0.0.1";
  s.port = silent.port;
  s.security = Security::none;
  SmtpOutcome out;
  double took = seconds_taken(
      [&] { out = smtp_send(s, "support@example.cn", {"a@example.cn"}, message(unique("t")), 2s); });
  EXPECT_FALSE(out.ok);
  EXPECT_FALSE(out.permanent);
  EXPECT_EQ(out.code, 0);
  EXPECT_NE(out.answer.find("timed out"), std::string::npos) << out.answer;
  EXPECT_LT(took, 5.0);
}

TEST(SmtpSend, unusable_requests_fail_permanently_without_connecting) {
  SmtpSettings s;
  s.host = "127.0.0.1";
  s.port = closed_port();
  for (auto [from, to] : std::vector<std::pair<std::string, std::vector<std::string>>>{
           {"a@example.cn", {}},
           {"a@example.cn", {"b@example.cn>\r\nRCPT TO:<evil@example.cn"}},
           {"a@example.cn\r\nX", {"b@example.cn"}},
           {"a@example.cn", {"no-at-sign"}}}) {
    auto out = smtp_send(s, from, to, "x\r\n", 5s);
    EXPECT_FALSE(out.ok);
    EXPECT_TRUE(out.permanent) << out.answer;
    EXPECT_EQ(out.code, 0);
  }
  s.host = "";
  EXPECT_TRUE(smtp_send(s, "a@example.cn", {"b@example.cn"}, "x\r\n").permanent);
}

TEST(TestSmtp, answers_the_greeting_and_whether_it_logged_in) {
  REQUIRE_SMTP(srv);
  auto plain = test_smtp(smtp_settings(srv));
  ASSERT_TRUE(plain.ok()) << plain.error().message;
  EXPECT_EQ(*plain, "220 sink.techdesk.test TechDesk test sink");
  auto authed = test_smtp(smtp_settings(srv, "support"));
  ASSERT_TRUE(authed.ok()) << authed.error().message;
  EXPECT_EQ(*authed, "220 sink.techdesk.test TechDesk test sink; logged in as support");
}

TEST(TestSmtp, a_wrong_password_or_closed_port_is_unavailable) {
  REQUIRE_SMTP(srv);
  SmtpSettings s = smtp_settings(srv, "support");
  s.password = "Wr0ng-passw0rd-4711";
  auto r = test_smtp(s);
  ASSERT_FALSE(r.ok());
  EXPECT_EQ(r.error().code, Errc::unavailable);
  EXPECT_TRUE(r.error().message.starts_with("login refused: 535")) << r.error().message;
  EXPECT_EQ(r.error().message.find(s.password), std::string::npos);
  s.port = closed_port();
  r = test_smtp(s, 5s);
  ASSERT_FALSE(r.ok());
  EXPECT_EQ(r.error().code, Errc::unavailable);
  EXPECT_TRUE(r.error().message.starts_with("cannot connect to ")) << r.error().message;
}

}  // namespace
}  // namespace techdesk::email
