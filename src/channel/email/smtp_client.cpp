#include "channel/email/smtp_client.h"

#include <curl/curl.h>
#include <unistd.h>

#include <algorithm>
#include <cctype>
#include <memory>

namespace techdesk::email {

namespace {

void ensure_curl_global() {
  // Once per process, before any handle (curl_global_init is not free, and not thread-safe before 7.84).
  static const bool done = [] {
    curl_global_init(CURL_GLOBAL_DEFAULT);
    return true;
  }();
  (void)done;
}

struct CurlDeleter {
  void operator()(CURL* h) const { curl_easy_cleanup(h); }
};
using CurlPtr = std::unique_ptr<CURL, CurlDeleter>;

struct SlistDeleter {
  void operator()(curl_slist* l) const { curl_slist_free_all(l); }
};
using SlistPtr = std::unique_ptr<curl_slist, SlistDeleter>;

std::string scrub(std::string text, const std::string& password) {
  // See imap_client.cpp: passwords shorter than 4 would blank out ordinary words.
  if (password.size() < 4) return text;
  for (std::size_t at = text.find(password); at != std::string::npos; at = text.find(password, at))
    text.replace(at, password.size(), "***");
  return text;
}

std::string printable(std::string_view s, std::size_t max = 500) {
  std::string out;
  for (char c : s.substr(0, max))
    out += (static_cast<unsigned char>(c) < 0x20 || c == 0x7f) ? ' ' : c;
  while (!out.empty() && out.back() == ' ')
    out.pop_back();
  if (s.size() > max) out += "...";
  return out;
}

// The SMTP dialogue as libcurl reports it (CURLOPT_DEBUGFUNCTION): the replies, and which commands we
// sent — by their verb only, since AUTH lines carry the credentials.
struct Transcript {
  std::string greeting;   // the first complete reply
  std::string reply;      // the last complete reply before QUIT, continuation lines joined
  int code = 0;           // its code
  std::string partial;    // a multi-line reply being read
  bool quitting = false;  // QUIT sent: later replies say nothing about the mail
  bool sent_auth = false;

  void server_line(std::string_view line) {
    if (quitting) return;
    while (!line.empty() && (line.back() == '\n' || line.back() == '\r'))
      line.remove_suffix(1);
    if (line.size() < 3 || !std::isdigit(static_cast<unsigned char>(line[0]))) return;
    std::string_view text = line.size() > 4 ? line.substr(4) : std::string_view();
    if (partial.empty())
      partial = std::string(line.substr(0, 3)) + (text.empty() ? "" : " ") + std::string(text);
    else if (!text.empty())
      partial += " " + std::string(text);
    if (line.size() > 3 && line[3] == '-') return;  // more lines follow
    reply = printable(partial);
    partial.clear();
    code = (line[0] - '0') * 100 + (line[1] - '0') * 10 + (line[2] - '0');
    if (greeting.empty()) greeting = reply;
  }

  void client_line(std::string_view line) {
    auto verb = [&](std::string_view v) {
      if (line.size() < v.size()) return false;
      for (std::size_t i = 0; i < v.size(); ++i)
        if (std::toupper(static_cast<unsigned char>(line[i])) != v[i]) return false;
      return true;
    };
    if (verb("QUIT")) quitting = true;
    if (verb("AUTH ")) sent_auth = true;
  }
};

int debug_capture(CURL*, curl_infotype type, char* data, std::size_t size, void* user) {
  auto* t = static_cast<Transcript*>(user);
  std::string_view s(data, size);
  if (type == CURLINFO_HEADER_IN || type == CURLINFO_HEADER_OUT) {
    while (!s.empty()) {
      std::size_t nl = s.find('\n');
      std::string_view line = s.substr(0, nl == std::string_view::npos ? s.size() : nl + 1);
      if (type == CURLINFO_HEADER_IN)
        t->server_line(line);
      else
        t->client_line(line);
      s.remove_prefix(line.size());
    }
  }
  return 0;
}

std::size_t discard(char*, std::size_t size, std::size_t n, void*) {
  return size * n;
}

struct Upload {
  std::string_view data;
};

std::size_t read_upload(char* buf, std::size_t size, std::size_t n, void* user) {
  auto* up = static_cast<Upload*>(user);
  std::size_t take = std::min(size * n, up->data.size());
  std::copy_n(up->data.data(), take, buf);
  up->data.remove_prefix(take);
  return take;
}

std::string url_host(const std::string& host) {
  if (host.find(':') != std::string::npos && !host.starts_with("[")) return "[" + host + "]";
  return host;
}

// The name we give in EHLO: this machine's host name (libcurl takes it from the URL path).
std::string ehlo_name() {
  char name[256] = {};
  if (gethostname(name, sizeof name - 1) != 0 || name[0] == 0) return "localhost";
  return name;
}

Result<void> validate(const SmtpSettings& s) {
  if (s.host.empty()) return Error::invalid("host", "the SMTP host is required");
  for (char c : s.host) {
    if (c == '/' || c == '@' || c == '?' || c == '#' || c == ' ' || static_cast<unsigned char>(c) < 0x20)
      return Error::invalid("host", "the SMTP host must be a host name or address");
  }
  if (s.port < 1 || s.port > 65535) return Error::invalid("port", "the SMTP port must be 1 to 65535");
  return ok();
}

// An envelope address as a bare addr-spec; the empty sender (bounces) is allowed where `may_be_empty`.
bool valid_address(const std::string& a, bool may_be_empty) {
  if (a.empty()) return may_be_empty;
  if (a.size() > 320 || a.find('@') == std::string::npos) return false;
  return std::none_of(a.begin(), a.end(), [](char c) {
    return c == '<' || c == '>' || c == ' ' || static_cast<unsigned char>(c) < 0x20 || c == 0x7f;
  });
}

// A handle set up for `s`; `t` receives the dialogue and must outlive the handle.
CurlPtr make_handle(const SmtpSettings& s, std::chrono::seconds timeout, Transcript& t, char* errbuf) {
  ensure_curl_global();
  CurlPtr h(curl_easy_init());
  if (!h) return h;
  CURL* c = h.get();
  char* domain = curl_easy_escape(c, ehlo_name().c_str(), 0);
  std::string url = std::string(s.security == Security::tls ? "smtps://" : "smtp://") + url_host(s.host) +
                    ":" + std::to_string(s.port) + "/" + (domain ? domain : "localhost");
  curl_free(domain);
  long secs = std::max<long>(1, static_cast<long>(timeout.count()));
  curl_easy_setopt(c, CURLOPT_URL, url.c_str());
  curl_easy_setopt(c, CURLOPT_PROTOCOLS_STR, "smtp,smtps");
  if (!s.username.empty()) {
    curl_easy_setopt(c, CURLOPT_USERNAME, s.username.c_str());
    curl_easy_setopt(c, CURLOPT_PASSWORD, s.password.c_str());
  }
  curl_easy_setopt(c, CURLOPT_NOSIGNAL, 1L);
  curl_easy_setopt(c, CURLOPT_CONNECTTIMEOUT, secs);
  curl_easy_setopt(c, CURLOPT_TIMEOUT, secs);
  curl_easy_setopt(c, CURLOPT_SERVER_RESPONSE_TIMEOUT, secs);
  curl_easy_setopt(c, CURLOPT_LOW_SPEED_LIMIT, 1L);
  curl_easy_setopt(c, CURLOPT_LOW_SPEED_TIME, secs);
  curl_easy_setopt(c, CURLOPT_USE_SSL, s.security == Security::none ? CURLUSESSL_NONE : CURLUSESSL_ALL);
  curl_easy_setopt(c, CURLOPT_SSL_VERIFYPEER, 1L);
  curl_easy_setopt(c, CURLOPT_SSL_VERIFYHOST, 2L);
  curl_easy_setopt(c, CURLOPT_SSLVERSION, static_cast<long>(CURL_SSLVERSION_TLSv1_2));
  curl_easy_setopt(c, CURLOPT_ERRORBUFFER, errbuf);
  // VERBOSE only routes the dialogue to the callback; nothing is printed.
  curl_easy_setopt(c, CURLOPT_DEBUGFUNCTION, debug_capture);
  curl_easy_setopt(c, CURLOPT_DEBUGDATA, &t);
  curl_easy_setopt(c, CURLOPT_VERBOSE, 1L);
  curl_easy_setopt(c, CURLOPT_WRITEFUNCTION, discard);
  return h;
}

std::string where(const SmtpSettings& s) {
  return s.host + ":" + std::to_string(s.port);
}

// What went wrong, in words, when the server's own reply does not say it.
std::string describe(CURLcode rc, const char* errbuf, const SmtpSettings& s, const Transcript& t) {
  std::string detail = errbuf[0] ? errbuf : curl_easy_strerror(rc);
  std::string last = t.reply.empty() ? std::string() : " (last reply: " + t.reply + ")";
  switch (rc) {
    case CURLE_COULDNT_RESOLVE_HOST:
      return "cannot resolve " + where(s) + ": " + detail;
    case CURLE_COULDNT_CONNECT:
      return "cannot connect to " + where(s) + ": " + detail;
    case CURLE_OPERATION_TIMEDOUT:
      return "timed out talking to " + where(s) + ": " + detail + last;
    case CURLE_USE_SSL_FAILED:
      return where(s) + " does not offer STARTTLS" + last;
    case CURLE_SSL_CONNECT_ERROR:
    case CURLE_PEER_FAILED_VERIFICATION:
    case CURLE_SSL_CACERT_BADFILE:
    case CURLE_SSL_CERTPROBLEM:
    case CURLE_SSL_CIPHER:
    case CURLE_SSL_ISSUER_ERROR:
    case CURLE_SSL_PINNEDPUBKEYNOTMATCH:
    case CURLE_SSL_INVALIDCERTSTATUS:
      return "TLS with " + where(s) + " failed: " + detail;
    default:
      return "sending through " + where(s) + " failed: " + detail + last;
  }
}

}  // namespace

SmtpOutcome smtp_send(const SmtpSettings& s, const std::string& from,
                      const std::vector<std::string>& recipients, std::string_view raw,
                      std::chrono::seconds timeout) {
  SmtpOutcome out;
  auto refuse = [&](std::string why) {
    out.permanent = true;
    out.answer = std::move(why);
    return out;
  };
  if (auto v = validate(s); !v) return refuse(v.error().message);
  if (!valid_address(from, true)) return refuse("invalid envelope sender \"" + printable(from, 100) + "\"");
  if (recipients.empty()) return refuse("no recipients");
  for (const auto& r : recipients) {
    if (!valid_address(r, false)) return refuse("invalid recipient \"" + printable(r, 100) + "\"");
  }

  Transcript t;
  char errbuf[CURL_ERROR_SIZE] = {};
  CurlPtr h = make_handle(s, timeout, t, errbuf);
  if (!h) return refuse("curl_easy_init failed");
  CURL* c = h.get();

  std::string mail_from = "<" + from + ">";
  curl_slist* list = nullptr;
  for (const auto& r : recipients)
    list = curl_slist_append(list, ("<" + r + ">").c_str());
  SlistPtr rcpts(list);
  Upload up{raw};
  curl_easy_setopt(c, CURLOPT_MAIL_FROM, mail_from.c_str());
  curl_easy_setopt(c, CURLOPT_MAIL_RCPT, rcpts.get());
  curl_easy_setopt(c, CURLOPT_UPLOAD, 1L);
  curl_easy_setopt(c, CURLOPT_READFUNCTION, read_upload);
  curl_easy_setopt(c, CURLOPT_READDATA, &up);
  curl_easy_setopt(c, CURLOPT_INFILESIZE_LARGE, static_cast<curl_off_t>(raw.size()));

  CURLcode rc = curl_easy_perform(c);
  h.reset();  // QUIT and close now; the transcript ignores what follows QUIT
  out.code = t.code;
  if (rc == CURLE_OK) {
    out.ok = true;
    out.answer = scrub(t.reply, s.password);
    return out;
  }
  if (t.code >= 400) {
    out.permanent = t.code >= 500;
    out.answer = scrub(t.reply, s.password);
  } else {
    out.answer = scrub(describe(rc, errbuf, s, t), s.password);
  }
  return out;
}

Result<std::string> test_smtp(const SmtpSettings& s, std::chrono::seconds timeout) {
  TD_TRY(validate(s));
  Transcript t;
  char errbuf[CURL_ERROR_SIZE] = {};
  CurlPtr h = make_handle(s, timeout, t, errbuf);
  if (!h) return Error::internal("curl_easy_init failed");
  // With neither recipients nor upload, libcurl sends the custom command after EHLO and AUTH.
  curl_easy_setopt(h.get(), CURLOPT_CUSTOMREQUEST, "NOOP");
  CURLcode rc = curl_easy_perform(h.get());
  h.reset();
  if (rc == CURLE_LOGIN_DENIED)
    return Error{Errc::unavailable, scrub("login refused: " + t.reply, s.password), {}};
  if (rc != CURLE_OK) {
    std::string msg = t.code >= 400 ? where(s) + " answered: " + t.reply : describe(rc, errbuf, s, t);
    return Error{Errc::unavailable, scrub(msg, s.password), {}};
  }
  if (!s.username.empty() && !t.sent_auth) {
    std::string hint = s.security == Security::none ? " (many servers offer it only after STARTTLS)" : "";
    return Error{
        Errc::unavailable,
        scrub(where(s) + " offers no AUTH, so user " + s.username + " cannot log in" + hint, s.password),
        {}};
  }
  std::string answer = t.greeting;
  if (t.sent_auth) answer += "; logged in as " + s.username;
  return scrub(answer, s.password);
}

}  // namespace techdesk::email
