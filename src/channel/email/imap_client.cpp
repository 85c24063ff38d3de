#include "channel/email/imap_client.h"

#include <curl/curl.h>
#include <poll.h>

#include <algorithm>
#include <cctype>
#include <cerrno>
#include <charconv>
#include <cstring>
#include <limits>
#include <map>
#include <optional>
#include <set>
#include <string_view>

namespace techdesk::email {

namespace {

using Clock = std::chrono::steady_clock;

// A line longer than this (without its literals) is not IMAP we want to parse. UID SEARCH over a
// million-message folder is about 8 MB, so this leaves room.
constexpr std::size_t k_max_line = 16u << 20;
// Literals in answers other than FETCH of a body (flag lists, folder names) are small.
constexpr std::size_t k_small_literal = 1u << 20;
// How long the destructor waits for LOGOUT's answer.
constexpr std::chrono::seconds k_logout_wait{5};

void ensure_curl_global() {
  // curl_global_init is not thread-safe before 7.84 and not free; once per process.
  static const bool done = [] {
    curl_global_init(CURL_GLOBAL_DEFAULT);
    return true;
  }();
  (void)done;
}

Error unavailable(std::string msg) {
  return Error{Errc::unavailable, std::move(msg), {}};
}

bool starts_with_ci(std::string_view s, std::string_view prefix) {
  if (s.size() < prefix.size()) return false;
  for (std::size_t i = 0; i < prefix.size(); ++i) {
    if (std::toupper(static_cast<unsigned char>(s[i])) != std::toupper(static_cast<unsigned char>(prefix[i])))
      return false;
  }
  return true;
}

std::string upper(std::string_view s) {
  std::string out(s);
  for (char& c : out)
    c = static_cast<char>(std::toupper(static_cast<unsigned char>(c)));
  return out;
}

// Replaces the password wherever it appears. Servers do not echo passwords, but an answer is shown to
// admins and kept in logs, so make sure. Very short passwords are not scrubbed: they would blank out
// ordinary words, and a password that short is no secret anyway.
std::string scrub(std::string text, const std::string& password) {
  if (password.size() < 4) return text;
  for (std::size_t at = text.find(password); at != std::string::npos; at = text.find(password, at))
    text.replace(at, password.size(), "***");
  return text;
}

// Server text made fit for a one-line message: control characters become spaces, length bounded.
std::string printable(std::string_view s, std::size_t max = 300) {
  std::string out;
  for (char c : s.substr(0, max))
    out += (static_cast<unsigned char>(c) < 0x20 || c == 0x7f) ? ' ' : c;
  while (!out.empty() && out.back() == ' ')
    out.pop_back();
  if (s.size() > max) out += "...";
  return out;
}

std::optional<std::uint64_t> parse_u64(std::string_view s) {
  std::uint64_t v = 0;
  if (s.empty()) return std::nullopt;
  auto [p, ec] = std::from_chars(s.data(), s.data() + s.size(), v);
  if (ec != std::errc{} || p != s.data() + s.size()) return std::nullopt;
  return v;
}

// ---- modified UTF-7 ---------------------------------------------------------------------------

std::optional<std::vector<char32_t>> decode_utf8(std::string_view s) {
  std::vector<char32_t> out;
  for (std::size_t i = 0; i < s.size();) {
    auto b = static_cast<unsigned char>(s[i]);
    int len = b < 0x80 ? 1 : (b >> 5) == 0x6 ? 2 : (b >> 4) == 0xe ? 3 : (b >> 3) == 0x1e ? 4 : 0;
    if (len == 0 || i + len > s.size()) return std::nullopt;
    char32_t cp = len == 1 ? b : len == 2 ? (b & 0x1f) : len == 3 ? (b & 0x0f) : (b & 0x07);
    for (int k = 1; k < len; ++k) {
      auto c = static_cast<unsigned char>(s[i + k]);
      if ((c & 0xc0) != 0x80) return std::nullopt;
      cp = (cp << 6) | (c & 0x3f);
    }
    static constexpr char32_t k_min[] = {0, 0, 0x80, 0x800, 0x10000};
    if (cp < k_min[len] || cp > 0x10ffff || (cp >= 0xd800 && cp <= 0xdfff)) return std::nullopt;
    out.push_back(cp);
    i += len;
  }
  return out;
}

void append_modified_base64(std::string& out, const std::vector<std::uint8_t>& bytes) {
  static constexpr char k_alphabet[] = "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789+,";
  std::size_t i = 0;
  for (; i + 3 <= bytes.size(); i += 3) {
    std::uint32_t v = (bytes[i] << 16) | (bytes[i + 1] << 8) | bytes[i + 2];
    for (int shift = 18; shift >= 0; shift -= 6)
      out += k_alphabet[(v >> shift) & 0x3f];
  }
  if (bytes.size() - i == 1) {
    std::uint32_t v = bytes[i] << 16;
    out += k_alphabet[(v >> 18) & 0x3f];
    out += k_alphabet[(v >> 12) & 0x3f];
  } else if (bytes.size() - i == 2) {
    std::uint32_t v = (bytes[i] << 16) | (bytes[i + 1] << 8);
    out += k_alphabet[(v >> 18) & 0x3f];
    out += k_alphabet[(v >> 12) & 0x3f];
    out += k_alphabet[(v >> 6) & 0x3f];
  }
}

// An IMAP quoted string: the mailbox name in modified UTF-7, with " and \ escaped.
std::string quoted(std::string_view s) {
  std::string out = "\"";
  for (char c : s) {
    if (c == '"' || c == '\\') out += '\\';
    out += c;
  }
  return out + '"';
}

// ---- answer parsing ---------------------------------------------------------------------------

// One untagged answer ("* ..." without the "* "), with its literals cut out: each literal is left in
// `text` as its "{N}" announcement, and its bytes are in `literals`, in order.
struct Untagged {
  std::string text;
  std::vector<std::string> literals;
};

struct Reply {
  std::vector<Untagged> untagged;
  std::string status;  // OK, NO or BAD
  std::string text;    // what follows the status, e.g. "[TRYCREATE] Mailbox doesn't exist: X"
  std::string answer() const { return printable(status + " " + text); }
};

// A small reader of IMAP data items, enough for FETCH answers: atoms (including section specs such
// as BODY[]<0>), quoted strings, literals and parenthesised lists.
class ItemReader {
 public:
  explicit ItemReader(const Untagged& u, std::size_t pos = 0) : m_u(u), m_pos(pos) {}

  void skip_spaces() {
    while (m_pos < m_u.text.size() && m_u.text[m_pos] == ' ')
      ++m_pos;
  }
  bool at_end() {
    skip_spaces();
    return m_pos >= m_u.text.size();
  }
  bool take(char c) {
    skip_spaces();
    if (m_pos < m_u.text.size() && m_u.text[m_pos] == c) {
      ++m_pos;
      return true;
    }
    return false;
  }
  bool peek(char c) {
    skip_spaces();
    return m_pos < m_u.text.size() && m_u.text[m_pos] == c;
  }

  // An atom, quoted string or literal as its value; nullopt at ')' or the end.
  std::optional<std::string> value() {
    skip_spaces();
    const std::string& t = m_u.text;
    if (m_pos >= t.size() || t[m_pos] == ')' || t[m_pos] == '(') return std::nullopt;
    if (t[m_pos] == '"') {
      std::string out;
      for (++m_pos; m_pos < t.size() && t[m_pos] != '"'; ++m_pos) {
        if (t[m_pos] == '\\' && m_pos + 1 < t.size()) ++m_pos;
        out += t[m_pos];
      }
      ++m_pos;
      return out;
    }
    if (t[m_pos] == '{') {
      std::size_t close = t.find('}', m_pos);
      m_pos = close == std::string::npos ? t.size() : close + 1;
      if (m_literal < m_u.literals.size()) return m_u.literals[m_literal++];
      return std::string{};
    }
    std::size_t start = m_pos;
    int bracket = 0;
    while (m_pos < t.size()) {
      char c = t[m_pos];
      if (c == '[') ++bracket;
      if (c == ']') --bracket;
      if (bracket <= 0 && (c == ' ' || c == ')' || c == '(')) break;
      ++m_pos;
    }
    return t.substr(start, m_pos - start);
  }

  // Skips one value or a whole parenthesised list (literals inside are consumed).
  void skip_value() {
    if (!take('(')) {
      (void)value();
      return;
    }
    while (!at_end() && !take(')')) {
      if (peek('('))
        skip_value();
      else if (!value())
        ++m_pos;
    }
  }

 private:
  const Untagged& m_u;
  std::size_t m_pos;
  std::size_t m_literal = 0;
};

// The data items of "N FETCH (...)", names upper-cased; lists are left out.
std::optional<std::map<std::string, std::string>> fetch_items(const Untagged& u) {
  std::size_t sp = u.text.find(' ');
  if (sp == std::string::npos || !starts_with_ci(std::string_view(u.text).substr(sp + 1), "FETCH ("))
    return std::nullopt;
  ItemReader r(u, sp + 8);  // after "FETCH ("
  std::map<std::string, std::string> items;
  while (!r.at_end() && !r.take(')')) {
    auto name = r.value();
    if (!name) return std::nullopt;
    if (r.peek('(')) {
      r.skip_value();
      continue;
    }
    auto v = r.value();
    items[upper(*name)] = v.value_or("");
  }
  return items;
}

}  // namespace

// ---- the session ------------------------------------------------------------------------------

struct ImapSession::Impl {
  CURL* curl = nullptr;
  curl_socket_t sock = CURL_SOCKET_BAD;
  std::string where;     // "host:port", for messages
  std::string password;  // kept only to scrub it from messages
  bool tls = false;      // TLS or STARTTLS was required
  std::chrono::seconds timeout{30};
  std::set<std::string> capabilities;  // upper case
  std::uint32_t uidvalidity = 0;
  std::size_t exists = 0;
  unsigned next_tag = 0;
  bool broken = false;
  std::string bye;  // the text of an untagged BYE, if the server sent one

  std::string in;  // received and not yet consumed: in[in_pos..]
  std::size_t in_pos = 0;

  // Lines libcurl received while connecting and logging in (CURLINFO_HEADER_IN), newest last.
  std::vector<std::string> server_lines;
  char errbuf[CURL_ERROR_SIZE] = {};

  struct Deadline {
    Clock::time_point idle;
    Clock::time_point hard;
    std::chrono::seconds timeout;
    explicit Deadline(std::chrono::seconds t) : timeout(t) {
      idle = Clock::now() + t;
      hard = Clock::now() + 10 * t;
    }
    void progress() { idle = std::min(hard, Clock::now() + timeout); }
    Clock::time_point at() const { return std::min(idle, hard); }
  };

  ~Impl() {
    if (curl) curl_easy_cleanup(curl);
  }

  Error fail(std::string msg) {
    broken = true;
    return unavailable(scrub(std::move(msg), password));
  }

  // Waits until the socket is ready for `events` or the deadline passes.
  Result<void> wait(short events, const Deadline& d, const char* doing) {
    for (;;) {
      auto left = std::chrono::duration_cast<std::chrono::milliseconds>(d.at() - Clock::now()).count();
      if (left <= 0)
        return fail("timed out " + std::string(doing) + " " + where + " (no answer for " +
                    std::to_string(timeout.count()) + "s)");
      pollfd p{sock, events, 0};
      int n = ::poll(&p, 1, static_cast<int>(std::min<long long>(left, 1000)));
      if (n > 0) return ok();
      if (n < 0 && errno != EINTR) return fail("poll failed on the connection to " + where);
    }
  }

  Result<void> send_all(std::string_view data, Deadline& d) {
    while (!data.empty()) {
      std::size_t sent = 0;
      CURLcode rc = curl_easy_send(curl, data.data(), data.size(), &sent);
      if (rc == CURLE_AGAIN) {
        TD_TRY(wait(POLLOUT, d, "sending to"));
        continue;
      }
      if (rc != CURLE_OK) return fail("connection to " + where + " lost: " + curl_easy_strerror(rc));
      data.remove_prefix(sent);
      d.progress();
    }
    return ok();
  }

  // Appends at least one received byte to `in`.
  Result<void> fill(Deadline& d) {
    if (in_pos > 0 && in_pos == in.size()) {
      in.clear();
      in_pos = 0;
    } else if (in_pos > (1u << 20)) {
      in.erase(0, in_pos);
      in_pos = 0;
    }
    char buf[64 * 1024];
    for (;;) {
      std::size_t got = 0;
      CURLcode rc = curl_easy_recv(curl, buf, sizeof buf, &got);
      if (rc == CURLE_AGAIN) {
        TD_TRY(wait(POLLIN, d, "waiting for"));
        continue;
      }
      if (rc != CURLE_OK) return fail("connection to " + where + " lost: " + curl_easy_strerror(rc));
      if (got == 0) {
        return fail(where + " closed the connection" +
                    (bye.empty() ? std::string() : ": BYE " + printable(bye)));
      }
      in.append(buf, got);
      d.progress();
      return ok();
    }
  }

  // One line without its CRLF.
  Result<std::string> read_line(Deadline& d) {
    std::size_t scanned = 0;  // bytes after in_pos known to hold no '\n' (fill() may move in_pos)
    for (;;) {
      std::size_t nl = in.find('\n', in_pos + scanned);
      if (nl != std::string::npos) {
        std::size_t end = (nl > in_pos && in[nl - 1] == '\r') ? nl - 1 : nl;
        std::string line = in.substr(in_pos, end - in_pos);
        in_pos = nl + 1;
        return line;
      }
      scanned = in.size() - in_pos;
      if (scanned > k_max_line) return fail(where + " sent an overlong line");
      TD_TRY(fill(d));
    }
  }

  Result<std::string> read_exact(std::size_t n, Deadline& d) {
    std::string out;
    out.reserve(n);
    for (;;) {
      std::size_t take = std::min(n - out.size(), in.size() - in_pos);
      out.append(in, in_pos, take);
      in_pos += take;
      if (out.size() == n) return out;
      TD_TRY(fill(d));
    }
  }

  // Reads one whole answer line, with the literals it announces.
  Result<Untagged> read_response(Deadline& d, std::size_t max_literal) {
    Untagged u;
    for (;;) {
      u.text += TD_TRY(read_line(d));
      const std::string& t = u.text;
      if (t.empty() || t.back() != '}') return u;
      std::size_t open = t.rfind('{');
      if (open == std::string::npos) return u;
      std::string_view digits(t.data() + open + 1, t.size() - open - 2);
      if (!digits.empty() && digits.back() == '+') digits.remove_suffix(1);
      auto n = parse_u64(digits);
      if (!n) return u;
      if (*n > max_literal)
        return fail(where + " announced " + std::to_string(*n) + " bytes, more than the " +
                    std::to_string(max_literal) + " asked for");
      u.literals.push_back(TD_TRY(read_exact(static_cast<std::size_t>(*n), d)));
    }
  }

  // Untagged answers that change what we know of the folder, whatever command they come with.
  void note(const Untagged& u) {
    const std::string& t = u.text;
    if (starts_with_ci(t, "BYE")) bye = t.size() > 4 ? t.substr(4) : std::string();
    std::size_t sp = t.find(' ');
    if (sp == std::string::npos) return;
    auto n = parse_u64(std::string_view(t).substr(0, sp));
    if (!n) return;
    std::string_view kind = std::string_view(t).substr(sp + 1);
    if (starts_with_ci(kind, "EXISTS"))
      exists = static_cast<std::size_t>(*n);
    else if (starts_with_ci(kind, "EXPUNGE") && exists > 0)
      --exists;
  }

  // Sends one command and reads its answer. A NO or BAD answer is a Reply, not an error; errors are
  // transport failures (and break the session).
  Result<Reply> command(const std::string& cmd, std::size_t max_literal = k_small_literal,
                        std::optional<std::chrono::seconds> wait_for = std::nullopt) {
    if (broken) return unavailable("the connection to " + where + " failed earlier; open a new session");
    Deadline d(wait_for.value_or(timeout));
    std::string tag = "td" + std::to_string(++next_tag);
    TD_TRY(send_all(tag + " " + cmd + "\r\n", d));
    Reply reply;
    for (;;) {
      Untagged u = TD_TRY(read_response(d, max_literal));
      if (u.text.starts_with("* ")) {
        u.text.erase(0, 2);
        note(u);
        reply.untagged.push_back(std::move(u));
        continue;
      }
      if (u.text.starts_with("+")) {
        return fail(where + " asked for more input after \"" + cmd.substr(0, cmd.find(' ')) +
                    "\": " + printable(u.text));
      }
      if (!u.text.starts_with(tag + " ")) continue;  // an answer to nothing we sent; ignore it
      std::string rest = u.text.substr(tag.size() + 1);
      std::size_t sp = rest.find(' ');
      reply.status = upper(rest.substr(0, sp));
      reply.text = sp == std::string::npos ? std::string() : rest.substr(sp + 1);
      if (reply.status != "OK" && reply.status != "NO" && reply.status != "BAD")
        return fail(where + " answered \"" + printable(rest) + "\" to " + cmd.substr(0, cmd.find(' ')));
      reply.text = scrub(std::move(reply.text), password);
      return reply;
    }
  }

  // A command that must succeed; a NO or BAD becomes unavailable "<what> refused: <answer>".
  Result<Reply> must(const std::string& cmd, const std::string& what) {
    Reply r = TD_TRY(command(cmd));
    if (r.status != "OK") return unavailable(what + " refused by " + where + ": " + r.answer());
    return r;
  }

  Result<void> expunge(std::uint32_t uid) {
    if (capabilities.count("UIDPLUS"))
      TD_TRY(must("UID EXPUNGE " + std::to_string(uid), "UID EXPUNGE"));
    else
      TD_TRY(must("EXPUNGE", "EXPUNGE"));
    return ok();
  }
};

namespace {

int debug_capture(CURL*, curl_infotype type, char* data, std::size_t size, void* user) {
  // Only what the server sent: what we send includes the credentials.
  if (type != CURLINFO_HEADER_IN) return 0;
  auto* lines = static_cast<std::vector<std::string>*>(user);
  std::string_view s(data, size);
  while (!s.empty() && (s.back() == '\n' || s.back() == '\r'))
    s.remove_suffix(1);
  lines->push_back(printable(s));
  if (lines->size() > 16) lines->erase(lines->begin());
  return 0;
}

// The last line the server sent while connecting, without its tag: "NO [AUTHENTICATIONFAILED] ...".
std::string last_server_answer(const std::vector<std::string>& lines) {
  if (lines.empty()) return {};
  std::string s = lines.back();
  if (!s.starts_with("* ") && !s.starts_with("+")) {
    std::size_t sp = s.find(' ');
    if (sp != std::string::npos) s.erase(0, sp + 1);
  }
  return s;
}

Result<void> validate(const ImapSettings& s) {
  if (s.host.empty()) return Error::invalid("host", "the IMAP host is required");
  for (char c : s.host) {
    if (c == '/' || c == '@' || c == '?' || c == '#' || c == ' ' || static_cast<unsigned char>(c) < 0x20)
      return Error::invalid("host", "the IMAP host must be a host name or address");
  }
  if (s.port < 1 || s.port > 65535) return Error::invalid("port", "the IMAP port must be 1 to 65535");
  if (s.username.empty()) return Error::invalid("username", "the IMAP user name is required");
  return ok();
}

std::string url_host(const std::string& host) {
  // An IPv6 literal needs brackets in a URL.
  if (host.find(':') != std::string::npos && !host.starts_with("[")) return "[" + host + "]";
  return host;
}

std::string connect_error(CURLcode rc, const ImapSession::Impl& impl, const char* errbuf) {
  std::string detail = errbuf[0] ? errbuf : curl_easy_strerror(rc);
  std::string answer = last_server_answer(impl.server_lines);
  const std::string& where = impl.where;
  switch (rc) {
    case CURLE_LOGIN_DENIED:
      if (answer.starts_with("NO ") || answer.starts_with("BAD ")) return "login refused: " + answer;
      // libcurl found no login method the server allows here, typically LOGINDISABLED without TLS.
      return "login refused: " + where + " offers no login method we can use" +
             (impl.tls ? std::string() : " without TLS (use TLS or STARTTLS)") +
             (answer.empty() ? std::string() : "; last answer: " + answer);
    case CURLE_COULDNT_RESOLVE_HOST:
      return "cannot resolve " + where + ": " + detail;
    case CURLE_COULDNT_CONNECT:
      return "cannot connect to " + where + ": " + detail;
    case CURLE_OPERATION_TIMEDOUT:
      return "timed out talking to " + where + ": " + detail +
             (answer.empty() ? std::string() : " (last answer: " + answer + ")");
    case CURLE_USE_SSL_FAILED:
      return where + " does not offer STARTTLS" + (answer.empty() ? std::string() : ": " + answer);
    case CURLE_SSL_CONNECT_ERROR:
    case CURLE_PEER_FAILED_VERIFICATION:
    case CURLE_SSL_CACERT_BADFILE:
    case CURLE_SSL_CERTPROBLEM:
    case CURLE_SSL_CIPHER:
    case CURLE_SSL_ISSUER_ERROR:
    case CURLE_SSL_PINNEDPUBKEYNOTMATCH:
    case CURLE_SSL_INVALIDCERTSTATUS:
      return "TLS with " + where + " failed: " + detail;
    default:
      return "cannot log in to IMAP at " + where + ": " + detail +
             (answer.empty() ? std::string() : " (last answer: " + answer + ")");
  }
}

}  // namespace

Result<std::string> imap_utf7_folder(const std::string& utf8, const std::string& field) {
  if (utf8.empty()) return Error::invalid(field, "the folder name is empty");
  if (utf8.find_first_of(std::string_view("\r\n\0", 3)) != std::string::npos)
    return Error::invalid(field, "the folder name contains a line break or NUL");
  auto cps = decode_utf8(utf8);
  if (!cps) return Error::invalid(field, "the folder name is not valid UTF-8");
  std::string out;
  std::vector<std::uint8_t> run;  // UTF-16BE bytes of the pending non-ASCII run
  auto flush = [&] {
    if (run.empty()) return;
    out += '&';
    append_modified_base64(out, run);
    out += '-';
    run.clear();
  };
  for (char32_t cp : *cps) {
    if (cp >= 0x20 && cp <= 0x7e) {
      flush();
      out += static_cast<char>(cp);
      if (cp == '&') out += '-';
      continue;
    }
    auto unit = [&](char32_t u) {
      run.push_back(static_cast<std::uint8_t>(u >> 8));
      run.push_back(static_cast<std::uint8_t>(u & 0xff));
    };
    if (cp >= 0x10000) {
      unit(0xd800 + ((cp - 0x10000) >> 10));
      unit(0xdc00 + ((cp - 0x10000) & 0x3ff));
    } else {
      unit(cp);
    }
  }
  flush();
  return out;
}

ImapSession::ImapSession(std::unique_ptr<Impl> impl) : m_impl(std::move(impl)) {}

ImapSession::~ImapSession() {
  if (!m_impl || !m_impl->curl || m_impl->broken) return;
  // Best effort: a server that does not answer in time is simply disconnected.
  (void)m_impl->command("LOGOUT", k_small_literal, std::min(m_impl->timeout, k_logout_wait));
}

Result<std::unique_ptr<ImapSession>> ImapSession::open(const ImapSettings& s, std::chrono::seconds timeout) {
  TD_TRY(validate(s));
  std::string folder = TD_TRY(imap_utf7_folder(s.folder, "folder"));
  if (timeout.count() <= 0) timeout = std::chrono::seconds(1);
  ensure_curl_global();

  auto impl = std::make_unique<Impl>();
  impl->where = s.host + ":" + std::to_string(s.port);
  impl->password = s.password;
  impl->tls = s.security != Security::none;
  impl->timeout = timeout;
  impl->curl = curl_easy_init();
  if (!impl->curl) return Error::internal("curl_easy_init failed");
  CURL* h = impl->curl;

  std::string url = std::string(s.security == Security::tls ? "imaps://" : "imap://") + url_host(s.host) +
                    ":" + std::to_string(s.port) + "/";
  curl_easy_setopt(h, CURLOPT_URL, url.c_str());
  curl_easy_setopt(h, CURLOPT_PROTOCOLS_STR, "imap,imaps");
  curl_easy_setopt(h, CURLOPT_USERNAME, s.username.c_str());
  curl_easy_setopt(h, CURLOPT_PASSWORD, s.password.c_str());
  // Connect, TLS or STARTTLS, CAPABILITY and login; then hand us the connection.
  curl_easy_setopt(h, CURLOPT_CONNECT_ONLY, 1L);
  curl_easy_setopt(h, CURLOPT_NOSIGNAL, 1L);
  curl_easy_setopt(h, CURLOPT_CONNECTTIMEOUT, static_cast<long>(timeout.count()));
  curl_easy_setopt(h, CURLOPT_TIMEOUT, static_cast<long>(timeout.count()));
  curl_easy_setopt(h, CURLOPT_SERVER_RESPONSE_TIMEOUT, static_cast<long>(timeout.count()));
  curl_easy_setopt(h, CURLOPT_LOW_SPEED_LIMIT, 1L);
  curl_easy_setopt(h, CURLOPT_LOW_SPEED_TIME, static_cast<long>(timeout.count()));
  curl_easy_setopt(h, CURLOPT_TCP_KEEPALIVE, 1L);
  curl_easy_setopt(h, CURLOPT_USE_SSL, s.security == Security::none ? CURLUSESSL_NONE : CURLUSESSL_ALL);
  curl_easy_setopt(h, CURLOPT_SSL_VERIFYPEER, 1L);
  curl_easy_setopt(h, CURLOPT_SSL_VERIFYHOST, 2L);
  curl_easy_setopt(h, CURLOPT_SSLVERSION, static_cast<long>(CURL_SSLVERSION_TLSv1_2));
  curl_easy_setopt(h, CURLOPT_ERRORBUFFER, impl->errbuf);
  // The server's lines, for error messages. VERBOSE only routes them to the callback.
  curl_easy_setopt(h, CURLOPT_DEBUGFUNCTION, debug_capture);
  curl_easy_setopt(h, CURLOPT_DEBUGDATA, &impl->server_lines);
  curl_easy_setopt(h, CURLOPT_VERBOSE, 1L);

  CURLcode rc = curl_easy_perform(h);
  curl_easy_setopt(h, CURLOPT_VERBOSE, 0L);
  if (rc != CURLE_OK) return unavailable(scrub(connect_error(rc, *impl, impl->errbuf), s.password));
  curl_socket_t sock = CURL_SOCKET_BAD;
  if (curl_easy_getinfo(h, CURLINFO_ACTIVESOCKET, &sock) != CURLE_OK || sock == CURL_SOCKET_BAD)
    return unavailable("no connection to " + impl->where + " after login");
  impl->sock = sock;

  // Capabilities change after login, so ask now rather than trust the greeting's.
  Reply caps = TD_TRY(impl->must("CAPABILITY", "CAPABILITY"));
  for (const Untagged& u : caps.untagged) {
    if (!starts_with_ci(u.text, "CAPABILITY ")) continue;
    std::string_view rest = std::string_view(u.text).substr(11);
    while (!rest.empty()) {
      std::size_t sp = rest.find(' ');
      if (sp != 0) impl->capabilities.insert(upper(rest.substr(0, sp)));
      if (sp == std::string_view::npos) break;
      rest.remove_prefix(sp + 1);
    }
  }

  Reply sel = TD_TRY(impl->command("SELECT " + quoted(folder)));
  if (sel.status != "OK")
    return Error::invalid("folder", "folder \"" + s.folder + "\" cannot be selected: " + sel.answer());
  for (const Untagged& u : sel.untagged) {
    if (!starts_with_ci(u.text, "OK [UIDVALIDITY ")) continue;
    std::string_view v = std::string_view(u.text).substr(16);
    if (auto n = parse_u64(v.substr(0, v.find(']')))) impl->uidvalidity = static_cast<std::uint32_t>(*n);
  }
  return std::unique_ptr<ImapSession>(new ImapSession(std::move(impl)));
}

std::uint32_t ImapSession::uidvalidity() const {
  return m_impl->uidvalidity;
}
std::size_t ImapSession::exists() const {
  return m_impl->exists;
}

Result<std::vector<std::uint32_t>> ImapSession::pending_uids() {
  Reply r = TD_TRY(m_impl->must("UID SEARCH UNDELETED UNSEEN", "UID SEARCH"));
  std::vector<std::uint32_t> uids;
  for (const Untagged& u : r.untagged) {
    if (!starts_with_ci(u.text, "SEARCH")) continue;
    std::string_view rest = std::string_view(u.text).substr(6);
    while (!rest.empty()) {
      std::size_t sp = rest.find(' ');
      if (auto n = parse_u64(rest.substr(0, sp));
          n && *n > 0 && *n <= std::numeric_limits<std::uint32_t>::max())
        uids.push_back(static_cast<std::uint32_t>(*n));
      if (sp == std::string_view::npos) break;
      rest.remove_prefix(sp + 1);
    }
  }
  std::sort(uids.begin(), uids.end());
  uids.erase(std::unique(uids.begin(), uids.end()), uids.end());
  return uids;
}

namespace {

// The FETCH answer for `uid` among a reply's untagged answers (servers may add unsolicited FETCHes for
// other messages, e.g. flag changes made by another client).
std::optional<std::map<std::string, std::string>> fetch_for(const Reply& r, std::uint32_t uid) {
  for (const Untagged& u : r.untagged) {
    auto items = fetch_items(u);
    if (!items) continue;
    auto it = items->find("UID");
    if (it != items->end() && parse_u64(it->second) == uid) return items;
  }
  return std::nullopt;
}

Error no_such_message(std::uint32_t uid) {
  return Error::not_found("message with UID " + std::to_string(uid));
}

}  // namespace

Result<std::string> ImapSession::fetch(std::uint32_t uid, std::size_t max_bytes) {
  // A partial fetch of one byte more than allowed: enough to tell "too big" without transferring it.
  std::string body_item = "BODY.PEEK[]";
  std::size_t cap = max_bytes;
  if (max_bytes < std::numeric_limits<std::uint32_t>::max()) {
    body_item += "<0." + std::to_string(max_bytes + 1) + ">";
    cap = max_bytes + 1;
  }
  std::string cmd = "UID FETCH " + std::to_string(uid) + " (UID RFC822.SIZE " + body_item + ")";
  Reply r = TD_TRY(m_impl->command(cmd, cap));
  if (r.status != "OK") return unavailable("UID FETCH refused by " + m_impl->where + ": " + r.answer());
  auto items = fetch_for(r, uid);
  if (!items) return no_such_message(uid);
  auto size = items->find("RFC822.SIZE");
  std::string body;
  for (auto& [name, value] : *items) {
    if (name.starts_with("BODY[]")) body = std::move(value);
  }
  std::uint64_t announced = size != items->end() ? parse_u64(size->second).value_or(0) : 0;
  if (body.size() > max_bytes || announced > max_bytes) {
    return Error::invalid("size", "message with UID " + std::to_string(uid) + " is " +
                                      std::to_string(std::max<std::uint64_t>(announced, body.size())) +
                                      " bytes, over the limit of " + std::to_string(max_bytes));
  }
  return body;
}

Result<std::uint64_t> ImapSession::size_of(std::uint32_t uid) {
  Reply r = TD_TRY(m_impl->must("UID FETCH " + std::to_string(uid) + " (UID RFC822.SIZE)", "UID FETCH"));
  auto items = fetch_for(r, uid);
  if (!items) return no_such_message(uid);
  auto it = items->find("RFC822.SIZE");
  auto n = it == items->end() ? std::nullopt : parse_u64(it->second);
  if (!n)
    return unavailable(m_impl->where + " did not tell the size of message with UID " + std::to_string(uid));
  return *n;
}

Result<void> ImapSession::mark_seen(std::uint32_t uid) {
  TD_TRY(m_impl->must("UID STORE " + std::to_string(uid) + " +FLAGS.SILENT (\\Seen)", "UID STORE"));
  return ok();
}

Result<void> ImapSession::move(std::uint32_t uid, const std::string& folder) {
  std::string target = quoted(TD_TRY(imap_utf7_folder(folder, "move_to")));
  const bool has_move = m_impl->capabilities.count("MOVE") > 0;
  std::string cmd = (has_move ? "UID MOVE " : "UID COPY ") + std::to_string(uid) + " " + target;
  Reply r = TD_TRY(m_impl->command(cmd));
  if (r.status == "NO" && starts_with_ci(r.text, "[TRYCREATE]")) {
    Reply created = TD_TRY(m_impl->command("CREATE " + target));
    if (created.status != "OK")
      return Error::invalid("move_to", "folder \"" + folder + "\" cannot be created: " + created.answer());
    r = TD_TRY(m_impl->command(cmd));
  }
  if (r.status != "OK")
    return unavailable(std::string(has_move ? "UID MOVE" : "UID COPY") + " to \"" + folder +
                       "\" refused by " + m_impl->where + ": " + r.answer());
  if (has_move) return ok();
  return remove(uid);
}

Result<void> ImapSession::remove(std::uint32_t uid) {
  TD_TRY(m_impl->must("UID STORE " + std::to_string(uid) + " +FLAGS.SILENT (\\Deleted)", "UID STORE"));
  return m_impl->expunge(uid);
}

Result<std::string> test_imap(const ImapSettings& s, std::chrono::seconds timeout) {
  auto session = TD_TRY(ImapSession::open(s, timeout));
  std::size_t n = session->exists();
  return s.folder + ": " + std::to_string(n) + (n == 1 ? " message" : " messages");
}

}  // namespace techdesk::email
