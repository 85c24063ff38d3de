#include "channel/email/mime_builder.h"

#include <date/date.h>

#include <array>
#include <cstdint>
#include <cstdio>
#include <string>
#include <string_view>
#include <utility>
#include <vector>

namespace techdesk::email {

namespace {

// RFC 5322 §2.1.1: lines SHOULD stay within 78 characters (CRLF excluded).
constexpr std::size_t k_line_limit = 78;
// RFC 2047 §2: an encoded word is at most 75 characters.
constexpr std::size_t k_encoded_word_limit = 75;
// "=?UTF-8?B?" + "?=".
constexpr std::size_t k_encoded_word_overhead = 12;
// Bytes in a full-length B word: (75 - 12) / 4 * 3.
constexpr std::size_t k_max_b_bytes = 45;
// RFC 2045 §6.7 (5): quoted-printable lines are at most 76 characters, the soft-break "=" included.
constexpr std::size_t k_qp_line_limit = 76;
// RFC 2045 §6.8: base64 lines are at most 76 characters.
constexpr std::size_t k_base64_line_limit = 76;
// An encoded word shorter than this (12 bytes of text) is not started at the end of a line.
constexpr std::size_t k_min_encoded_word = 12 + 16;
// Quoted or plain display names longer than this are encoded instead, so that they can be folded.
constexpr std::size_t k_plain_name_limit = 60;

constexpr std::string_view k_crlf = "\r\n";
constexpr std::string_view k_replacement = "\xEF\xBF\xBD";  // U+FFFD

// ---------------------------------------------------------------------------------------------------
// UTF-8

// The well-formed UTF-8 sequence at s[i]: its length, or 0 when the bytes there are ill-formed
// (overlongs, surrogates and values past U+10FFFF included), per Unicode Table 3-7. `consumed` is then
// the maximal subpart to replace by one U+FFFD (Unicode §3.9, "U+FFFD substitution of maximal subparts").
std::size_t utf8_sequence_length(std::string_view s, std::size_t i, std::size_t& consumed) {
  auto byte = [&](std::size_t k) { return static_cast<unsigned char>(s[k]); };
  const unsigned char b0 = byte(i);
  consumed = 1;
  if (b0 < 0x80) return 1;
  std::size_t n = 0;
  unsigned char lo = 0x80, hi = 0xBF;
  if (b0 >= 0xC2 && b0 <= 0xDF) {
    n = 2;
  } else if (b0 >= 0xE0 && b0 <= 0xEF) {
    n = 3;
    if (b0 == 0xE0) lo = 0xA0;
    if (b0 == 0xED) hi = 0x9F;
  } else if (b0 >= 0xF0 && b0 <= 0xF4) {
    n = 4;
    if (b0 == 0xF0) lo = 0x90;
    if (b0 == 0xF4) hi = 0x8F;
  } else {
    return 0;
  }
  for (std::size_t k = 1; k < n; ++k) {
    if (i + k >= s.size()) return 0;
    unsigned char b = byte(i + k);
    if (k == 1 ? (b < lo || b > hi) : (b < 0x80 || b > 0xBF)) return 0;
    consumed = k + 1;
  }
  return n;
}

// s with every ill-formed subsequence replaced by U+FFFD.
std::string valid_utf8(std::string_view s) {
  std::string out;
  out.reserve(s.size());
  for (std::size_t i = 0; i < s.size();) {
    std::size_t consumed = 0;
    std::size_t n = utf8_sequence_length(s, i, consumed);
    if (n == 0) {
      out += k_replacement;
      i += consumed;
    } else {
      out.append(s, i, n);
      i += n;
    }
  }
  return out;
}

bool is_ascii(std::string_view s) {
  for (char c : s)
    if (static_cast<unsigned char>(c) >= 0x80) return false;
  return true;
}

// ---------------------------------------------------------------------------------------------------
// Encodings

std::string base64(std::string_view bytes) {
  static constexpr char k_alphabet[] = "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789+/";
  std::string out;
  out.reserve((bytes.size() + 2) / 3 * 4);
  std::size_t i = 0;
  for (; i + 3 <= bytes.size(); i += 3) {
    std::uint32_t v = (static_cast<unsigned char>(bytes[i]) << 16) |
                      (static_cast<unsigned char>(bytes[i + 1]) << 8) |
                      static_cast<unsigned char>(bytes[i + 2]);
    out += k_alphabet[(v >> 18) & 63];
    out += k_alphabet[(v >> 12) & 63];
    out += k_alphabet[(v >> 6) & 63];
    out += k_alphabet[v & 63];
  }
  if (std::size_t rest = bytes.size() - i; rest > 0) {
    std::uint32_t v = static_cast<unsigned char>(bytes[i]) << 16;
    if (rest == 2) v |= static_cast<unsigned char>(bytes[i + 1]) << 8;
    out += k_alphabet[(v >> 18) & 63];
    out += k_alphabet[(v >> 12) & 63];
    out += rest == 2 ? k_alphabet[(v >> 6) & 63] : '=';
    out += '=';
  }
  return out;
}

// "Q" encoding (RFC 2047 §4.2) with the character set allowed in a phrase (§5 (3)), so that the word
// is valid in display names as well as in unstructured text.
std::string q_encode(std::string_view bytes) {
  static constexpr char k_hex[] = "0123456789ABCDEF";
  std::string out;
  for (char c : bytes) {
    unsigned char u = static_cast<unsigned char>(c);
    if (c == ' ') {
      out += '_';
    } else if ((c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9') || c == '!' ||
               c == '*' || c == '+' || c == '-' || c == '/') {
      out += c;
    } else {
      out += '=';
      out += k_hex[u >> 4];
      out += k_hex[u & 15];
    }
  }
  return out;
}

std::size_t q_cost(std::string_view bytes) {
  return q_encode(bytes).size();
}

// The longest prefix of `rest` that fits in max_bytes, ends on a code point and is either all of `rest`
// or a multiple of 3 bytes long (see take_encoded_word); "" when there is none.
std::string_view aligned_b_chunk(std::string_view rest, std::size_t max_bytes) {
  if (rest.size() <= max_bytes) return rest;
  for (std::size_t end = max_bytes / 3 * 3; end > 0; end -= 3)
    if ((static_cast<unsigned char>(rest[end]) & 0xC0) != 0x80) return rest.substr(0, end);
  return {};
}

// Takes the next encoded word of at most `width` characters (never more than 75) from the front of
// `rest`, cutting only between code points; returns "" when not even one character fits.
//
// B encoding is preferred (4 characters per 3 bytes). A word that is followed by another one of the
// same run carries a multiple of 3 bytes, so that its base64 needs no "=" padding: GMime (3.2) joins
// adjacent B words of one charset before decoding them and stops at the first padding, which would
// silently cut the subject short for anyone reading it with GMime — TechDesk's own inbound side
// included. When no such cut exists within the width (one ASCII character followed by a long stretch of
// Chinese), the word is Q-encoded instead; GMime never joins a Q word with a B word.
std::string take_encoded_word(std::string_view& rest, std::size_t width) {
  if (width > k_encoded_word_limit) width = k_encoded_word_limit;
  if (width <= k_encoded_word_overhead) return {};
  std::size_t payload = width - k_encoded_word_overhead;
  std::size_t b_bytes = payload / 4 * 3;
  std::string_view chunk = aligned_b_chunk(rest, b_bytes);
  if (!chunk.empty()) {
    rest.remove_prefix(chunk.size());
    return "=?UTF-8?B?" + base64(chunk) + "?=";
  }
  // Q: the fewest whole code points after which a B word works again (or as many as fit).
  std::size_t end = 0, cost = 0;
  while (end < rest.size()) {
    std::size_t next = end + 1;
    while (next < rest.size() && (static_cast<unsigned char>(rest[next]) & 0xC0) == 0x80)
      ++next;
    std::size_t c = q_cost(rest.substr(end, next - end));
    if (cost + c > payload) break;
    cost += c;
    end = next;
    if (!aligned_b_chunk(rest.substr(end), k_max_b_bytes).empty()) break;
  }
  if (end == 0) return {};
  std::string word = "=?UTF-8?Q?" + q_encode(rest.substr(0, end)) + "?=";
  rest.remove_prefix(end);
  return word;
}

// ---------------------------------------------------------------------------------------------------
// Header values

// A header value made safe: valid UTF-8, every control character (CR and LF first of all) a space,
// leading and trailing white space removed. After this no value can end its header line early.
std::string clean_header_value(std::string_view raw) {
  std::string s = valid_utf8(raw);
  for (char& c : s) {
    unsigned char u = static_cast<unsigned char>(c);
    if (u < 0x20 || u == 0x7F) c = ' ';
  }
  std::size_t b = s.find_first_not_of(' ');
  if (b == std::string::npos) return {};
  std::size_t e = s.find_last_not_of(' ');
  return s.substr(b, e - b + 1);
}

// An addr-spec or message id reduced to the printable ASCII characters that may stand in it unquoted
// between angle brackets: no white space, no control characters, no "<>", "()", ",", ";", '"' or "\".
// Non-ASCII bytes (SMTPUTF8 addresses) are kept when they form valid UTF-8.
std::string clean_token(std::string_view raw) {
  std::string s = valid_utf8(raw);
  std::string out;
  out.reserve(s.size());
  for (char c : s) {
    unsigned char u = static_cast<unsigned char>(c);
    if (u <= 0x20 || u == 0x7F) continue;
    if (c == '<' || c == '>' || c == '(' || c == ')' || c == ',' || c == ';' || c == '"' || c == '\\')
      continue;
    out += c;
  }
  return out;
}

// One word of an unstructured value and the white space before it.
struct Word {
  std::string_view space;
  std::string_view text;
};

std::vector<Word> split_words(std::string_view s) {
  std::vector<Word> words;
  std::size_t i = 0;
  while (i < s.size()) {
    std::size_t ws_begin = i;
    while (i < s.size() && s[i] == ' ')
      ++i;
    std::size_t word_begin = i;
    while (i < s.size() && s[i] != ' ')
      ++i;
    if (word_begin == i) break;  // trailing white space (cleaned values have none)
    words.push_back({s.substr(ws_begin, word_begin - ws_begin), s.substr(word_begin, i - word_begin)});
  }
  return words;
}

// A word that a decoder would not read back as itself, or that could not be folded under the line limit.
bool word_needs_encoding(std::string_view w) {
  return !is_ascii(w) || w.find("=?") != std::string_view::npos || w.size() > k_line_limit - 2;
}

// A stretch of an unstructured value: kept as it is, or (with the white space inside it) encoded.
struct Run {
  std::string space;  // white space before the run
  std::string text;
  bool encode = false;
};

// Groups words into runs. Adjacent encoded words must travel together with the white space between
// them, because a decoder drops white space that separates two encoded words (RFC 2047 §6.2).
std::vector<Run> plan_runs(std::string_view cleaned) {
  std::vector<Run> runs;
  for (const Word& w : split_words(cleaned)) {
    bool encode = word_needs_encoding(w.text);
    if (encode && !runs.empty() && runs.back().encode) {
      runs.back().text.append(w.space);
      runs.back().text.append(w.text);
    } else {
      runs.push_back({std::string(w.space), std::string(w.text), encode});
    }
  }
  return runs;
}

// Writes one header field, folding at white space so that lines stay within 78 characters where the
// content allows (an unbreakable token longer than that keeps its own line).
class HeaderWriter {
 public:
  explicit HeaderWriter(std::string_view name) : m_out(name) {
    m_out += ':';
    m_line = m_out.size();
  }

  // A token that must not be broken, preceded by `space` (at least one space once a token was written).
  void plain(std::string_view space, std::string_view token) {
    if (space.empty()) space = " ";
    if (m_tokens_on_line > 0 && m_line + space.size() + token.size() > k_line_limit) fold();
    m_out += space;
    m_out += token;
    m_line += space.size() + token.size();
    ++m_tokens_on_line;
  }

  // UTF-8 text as encoded words, the first one preceded by `space`. Each word is sized to what is left
  // of the current line, and cut only between code points.
  void encoded(std::string_view space, std::string_view utf8) {
    if (space.empty()) space = " ";
    bool first = true;
    while (!utf8.empty()) {
      std::string_view sep = first ? space : std::string_view(" ");
      std::size_t room = m_line + sep.size() < k_line_limit ? k_line_limit - m_line - sep.size() : 0;
      // Rather than a sliver of a word at the end of a line, start the next one.
      if (m_tokens_on_line > 0 && room < k_min_encoded_word) {
        fold();
        continue;
      }
      std::string word = take_encoded_word(utf8, room);
      if (word.empty()) {
        // Not even one character fits here; a fresh line always holds 45 bytes, so this ends.
        fold();
        continue;
      }
      m_out += sep;
      m_out += word;
      m_line += sep.size() + word.size();
      ++m_tokens_on_line;
      first = false;
    }
  }

  // An unstructured value (subject, extra header): plain words kept, the rest encoded.
  void unstructured(std::string_view raw) {
    std::string cleaned = clean_header_value(raw);
    for (const Run& r : plan_runs(cleaned)) {
      if (r.encode)
        encoded(r.space, r.text);
      else
        plain(r.space, r.text);
    }
  }

  std::string finish() && {
    m_out += k_crlf;
    return std::move(m_out);
  }

 private:
  // Folding inserts CRLF before white space that is written next (RFC 5322 §2.2.3).
  void fold() {
    m_out += k_crlf;
    m_line = 0;
    m_tokens_on_line = 0;
  }

  std::string m_out;
  std::size_t m_line = 0;
  std::size_t m_tokens_on_line = 0;
};

// RFC 5322 atext (§3.2.3).
bool is_atext(char c) {
  if ((c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9')) return true;
  return std::string_view("!#$%&'*+-/=?^_`{|}~").find(c) != std::string_view::npos;
}

// Writes one mailbox: display name (as atoms, a quoted string or encoded words) and <addr-spec>.
void write_mailbox(HeaderWriter& w, const Address& a, std::string_view trailer) {
  std::string addr = clean_token(a.addr);
  std::string name = clean_header_value(a.name);
  if (name.empty()) {
    w.plain(" ", addr.empty() ? "<>" + std::string(trailer) : addr + std::string(trailer));
    return;
  }
  bool plain_atoms = true, quotable = is_ascii(name) && name.find("=?") == std::string::npos;
  for (std::size_t i = 0; i < name.size(); ++i) {
    if (name[i] == ' ' && i > 0 && name[i - 1] == ' ')
      plain_atoms = false;  // keep double spaces
    else if (name[i] != ' ' && !is_atext(name[i]))
      plain_atoms = false;
  }
  if (quotable && plain_atoms && name.size() <= k_plain_name_limit) {
    w.plain(" ", name);
  } else if (quotable && name.size() + 2 <= k_plain_name_limit) {
    std::string quoted = "\"";
    for (char c : name) {
      if (c == '"' || c == '\\') quoted += '\\';
      quoted += c;
    }
    quoted += '"';
    w.plain(" ", quoted);
  } else {
    w.encoded(" ", name);
  }
  w.plain(" ", "<" + addr + ">" + std::string(trailer));
}

std::string address_header(std::string_view field, const std::vector<Address>& list) {
  HeaderWriter w(field);
  if (list.empty()) {
    w.plain(" ", "undisclosed-recipients:;");
  } else {
    for (std::size_t i = 0; i < list.size(); ++i)
      write_mailbox(w, list[i], i + 1 < list.size() ? "," : "");
  }
  return std::move(w).finish();
}

std::string unstructured_header(std::string_view field, std::string_view value) {
  HeaderWriter w(field);
  w.unstructured(value);
  return std::move(w).finish();
}

std::string message_id_header(std::string_view field, const std::vector<std::string>& ids) {
  HeaderWriter w(field);
  bool any = false;
  for (const std::string& id : ids) {
    std::string clean = clean_token(id);
    if (clean.empty()) continue;
    w.plain(" ", "<" + clean + ">");
    any = true;
  }
  return any ? std::move(w).finish() : std::string();
}

// "Sat, 21 Nov 2026 05:32:00 +0000" (RFC 5322 §3.3).
std::string rfc5322_date(Timestamp t) {
  static constexpr std::array<const char*, 7> k_days{"Sun", "Mon", "Tue", "Wed", "Thu", "Fri", "Sat"};
  static constexpr std::array<const char*, 12> k_months{"Jan", "Feb", "Mar", "Apr", "May", "Jun",
                                                        "Jul", "Aug", "Sep", "Oct", "Nov", "Dec"};
  auto day = date::floor<date::days>(t);
  date::year_month_day ymd{day};
  date::weekday wd{day};
  date::hh_mm_ss hms{date::floor<std::chrono::seconds>(t - day)};
  char buf[48];
  std::snprintf(buf, sizeof buf, "%s, %u %s %04d %02d:%02d:%02d +0000", k_days[wd.c_encoding()],
                static_cast<unsigned>(ymd.day()), k_months[static_cast<unsigned>(ymd.month()) - 1],
                static_cast<int>(ymd.year()), static_cast<int>(hms.hours().count()),
                static_cast<int>(hms.minutes().count()), static_cast<int>(hms.seconds().count()));
  return buf;
}

// Headers render_message writes itself; an extra header by one of these names is skipped rather than
// duplicated or allowed to contradict the structure. Bcc never belongs in the transmitted bytes.
bool is_reserved_header(std::string_view name) {
  static constexpr std::array<std::string_view, 11> k_reserved{
      "date",       "from",        "to",         "cc",           "bcc",           "subject",
      "message-id", "in-reply-to", "references", "mime-version", "auto-submitted"};
  std::string lower;
  for (char c : name)
    lower += (c >= 'A' && c <= 'Z') ? static_cast<char>(c - 'A' + 'a') : c;
  if (lower.starts_with("content-")) return true;
  for (std::string_view r : k_reserved)
    if (lower == r) return true;
  return false;
}

// RFC 5322 §3.6.8 field name: printable ASCII except ":".
bool is_field_name(std::string_view name) {
  if (name.empty() || name.size() > 76) return false;
  for (char c : name) {
    unsigned char u = static_cast<unsigned char>(c);
    if (u < 33 || u > 126 || c == ':') return false;
  }
  return true;
}

// ---------------------------------------------------------------------------------------------------
// Bodies

// Valid UTF-8 with every line break (CRLF, CR or LF) as CRLF: the canonical form of text (RFC 2046 §4.1.1).
std::string canonical_text(std::string_view raw) {
  std::string s = valid_utf8(raw);
  std::string out;
  out.reserve(s.size() + s.size() / 32);
  for (std::size_t i = 0; i < s.size(); ++i) {
    if (s[i] == '\r') {
      out += k_crlf;
      if (i + 1 < s.size() && s[i + 1] == '\n') ++i;
    } else if (s[i] == '\n') {
      out += k_crlf;
    } else {
      out += s[i];
    }
  }
  return out;
}

enum class TransferEncoding { quoted_printable, base64 };

// Whichever is shorter: mostly-ASCII text stays readable as quoted-printable, Chinese text (3 bytes a
// character, each "=XX" in quoted-printable) is smaller in base64.
TransferEncoding choose_encoding(std::string_view canonical) {
  std::size_t high = 0;
  for (char c : canonical)
    if (static_cast<unsigned char>(c) >= 0x80) ++high;
  std::size_t qp = canonical.size() + 2 * high;
  std::size_t b64 = (canonical.size() + 2) / 3 * 4;
  return qp <= b64 ? TransferEncoding::quoted_printable : TransferEncoding::base64;
}

// Quoted-printable (RFC 2045 §6.7) of canonical text. The result always ends with CRLF: a text without
// a final line break ends with a soft break, so the decoded bytes are exactly the input.
std::string quoted_printable(std::string_view canonical) {
  static constexpr char k_hex[] = "0123456789ABCDEF";
  std::string out;
  std::size_t line = 0;
  auto escape = [](unsigned char c) {
    std::string e = "=";
    e += k_hex[c >> 4];
    e += k_hex[c & 15];
    return e;
  };
  std::size_t pos = 0;
  while (pos <= canonical.size()) {
    std::size_t eol = canonical.find(k_crlf, pos);
    bool last = eol == std::string_view::npos;
    std::string_view src = canonical.substr(pos, last ? std::string_view::npos : eol - pos);
    for (std::size_t i = 0; i < src.size(); ++i) {
      unsigned char c = static_cast<unsigned char>(src[i]);
      bool at_line_start = line == 0;
      std::string token;
      if ((c == ' ' || c == '\t') && i + 1 == src.size())
        token = escape(c);  // trailing white space
      else if (c == '.' && at_line_start)
        token = escape(c);  // a lone "." ends SMTP DATA on broken relays
      else if (c == 'F' && at_line_start && src.substr(i).starts_with("From "))
        token = escape(c);  // mbox
      else if (c == '=' || c >= 0x7F || (c < 0x20 && c != '\t'))
        token = escape(c);
      else
        token = std::string(1, static_cast<char>(c));
      // Room for the token and a soft-break "=" (or, for the last token of the line, just the token).
      std::size_t limit = i + 1 == src.size() ? k_qp_line_limit : k_qp_line_limit - 1;
      if (line + token.size() > limit) {
        out += "=\r\n";
        line = 0;
        if (token == "." || (token == "F" && src.substr(i).starts_with("From "))) token = escape(c);
      }
      out += token;
      line += token.size();
    }
    if (last) {
      if (!src.empty()) out += "=\r\n";
      break;
    }
    out += k_crlf;
    line = 0;
    pos = eol + 2;
    if (pos == canonical.size()) break;
  }
  return out;
}

std::string base64_lines(std::string_view bytes) {
  std::string all = base64(bytes);
  std::string out;
  out.reserve(all.size() + all.size() / k_base64_line_limit * 2 + 2);
  for (std::size_t i = 0; i < all.size(); i += k_base64_line_limit) {
    out.append(all, i, k_base64_line_limit);
    out += k_crlf;
  }
  return out;
}

// Content-Type, Content-Transfer-Encoding, blank line, encoded body (ending in CRLF).
std::string text_entity(std::string_view subtype, std::string_view raw) {
  std::string canonical = canonical_text(raw);
  TransferEncoding enc = choose_encoding(canonical);
  std::string out = "Content-Type: text/";
  out += subtype;
  out += "; charset=utf-8\r\nContent-Transfer-Encoding: ";
  out += enc == TransferEncoding::base64 ? "base64" : "quoted-printable";
  out += "\r\n\r\n";
  out += enc == TransferEncoding::base64 ? base64_lines(canonical) : quoted_printable(canonical);
  return out;
}

// A boundary that cannot occur in the parts: "=_" is impossible in both quoted-printable ("=" is
// always followed by two hex digits or a line break) and base64. Derived from the content (FNV-1a) so
// that the same message renders to the same bytes.
std::string boundary_for(const OutgoingMail& m) {
  std::uint64_t h = 14695981039346656037ull;
  auto mix = [&h](std::string_view s) {
    for (char c : s) {
      h ^= static_cast<unsigned char>(c);
      h *= 1099511628211ull;
    }
    h ^= 0xFF;
    h *= 1099511628211ull;
  };
  mix(m.message_id);
  mix(m.subject);
  mix(m.text);
  mix(m.html);
  char buf[40];
  std::snprintf(buf, sizeof buf, "=_TechDesk_%016llx", static_cast<unsigned long long>(h));
  return buf;
}

// The body without attachments: text/plain, or multipart/alternative of text and HTML.
std::string body_entity(const OutgoingMail& m) {
  if (m.html.empty()) return text_entity("plain", m.text);
  std::string boundary = boundary_for(m);
  std::string out = "Content-Type: multipart/alternative; boundary=\"" + boundary + "\"\r\n\r\n";
  out += "This is a multi-part message in MIME format.\r\n";
  out += "\r\n--" + boundary + "\r\n";
  out += text_entity("plain", m.text);
  out += "\r\n--" + boundary + "\r\n";
  out += text_entity("html", m.html);
  out += "\r\n--" + boundary + "--\r\n";
  return out;
}

// ---------------------------------------------------------------------------------------------------
// Attachments

// The boundary of multipart/mixed. "=_TechDesk_m_" is neither a prefix of the alternative boundary
// ("=_TechDesk_" and hex digits) nor has it one, so that no delimiter line can be mistaken for the
// other's; like that one, it cannot occur in quoted-printable or base64.
std::string mixed_boundary_for(const OutgoingMail& m) {
  std::uint64_t h = 14695981039346656037ull;
  auto mix = [&h](std::string_view s) {
    for (char c : s) {
      h ^= static_cast<unsigned char>(c);
      h *= 1099511628211ull;
    }
    h ^= 0xFF;
    h *= 1099511628211ull;
  };
  mix(m.message_id);
  mix(m.subject);
  mix(m.text);
  mix(m.html);
  for (const OutgoingAttachment& a : m.attachments) {
    mix(a.filename);
    mix(a.content_type);
    mix(a.data);
  }
  char buf[40];
  std::snprintf(buf, sizeof buf, "=_TechDesk_m_%016llx", static_cast<unsigned long long>(h));
  return buf;
}

// RFC 2045 token characters (no tspecials, no white space or controls).
bool is_token_char(char c) {
  unsigned char u = static_cast<unsigned char>(c);
  if (u <= 0x20 || u >= 0x7F) return false;
  return std::string_view("()<>@,;:\\\"/[]?=").find(c) == std::string_view::npos;
}

std::string lower_ascii(std::string_view raw) {
  std::string s;
  for (char c : raw)
    if (c != ' ' && c != '\t') s += (c >= 'A' && c <= 'Z') ? static_cast<char>(c - 'A' + 'a') : c;
  return s;
}

// "type/subtype" in lower case, with its charset parameter when it has one that is a token; else
// application/octet-stream (other parameters are dropped).
std::string clean_content_type(std::string_view raw) {
  std::string s = lower_ascii(raw.substr(0, raw.find(';')));
  auto slash = s.find('/');
  bool ok = slash != std::string::npos && slash > 0 && slash + 1 < s.size() && s.size() <= 100;
  for (std::size_t i = 0; ok && i < s.size(); ++i)
    if (i != slash && !is_token_char(s[i])) ok = false;
  if (!ok) return "application/octet-stream";
  for (std::size_t semi = raw.find(';'); semi != std::string_view::npos; semi = raw.find(';', semi + 1)) {
    std::string param = lower_ascii(raw.substr(semi + 1, raw.find(';', semi + 1) - semi - 1));
    if (!param.starts_with("charset=")) continue;
    std::string charset = param.substr(8);
    bool token = !charset.empty() && charset.size() <= 40;
    for (char c : charset)
      token = token && is_token_char(c);
    if (token) s += "; charset=" + charset;
    break;
  }
  return s;
}

// The file name as it may travel: valid UTF-8 without control characters, path separators or
// surrounding white space; "attachment.bin" when nothing is left.
std::string clean_filename(std::string_view raw) {
  std::string s = clean_header_value(raw);
  for (char& c : s)
    if (c == '/' || c == '\\') c = '_';
  if (s.empty() || s == "." || s == "..") return "attachment.bin";
  return s;
}

// A name that can stand in a quoted-string as it is: printable ASCII, no quote or backslash, short
// enough for one line, and nothing a decoder would take for an encoded word.
bool plain_filename(std::string_view name) {
  if (name.size() > 50 || name.find("=?") != std::string_view::npos) return false;
  for (char c : name) {
    unsigned char u = static_cast<unsigned char>(c);
    if (u < 0x20 || u >= 0x7F || c == '"' || c == '\\') return false;
  }
  return true;
}

// RFC 2231 §7 attribute-char: what stays unencoded in an extended parameter value.
bool is_attribute_char(char c) {
  return is_token_char(c) && c != '*' && c != '\'' && c != '%';
}

// Content-Type and Content-Disposition of an attachment, each parameter on its own folded line.
std::string attachment_headers(const std::string& type, const std::string& name) {
  std::string out = "Content-Type: " + type + ";\r\n";
  if (plain_filename(name)) {
    out += " name=\"" + name + "\"\r\n";
    out += "Content-Disposition: attachment;\r\n filename=\"" + name + "\"\r\n";
    return out;
  }
  // RFC 2047 words inside the quoted name (not standard, but what Outlook and others read), each word
  // short enough to sit on its own line.
  out += " name=\"";
  std::string_view rest = name;
  bool first = true;
  while (!rest.empty()) {
    std::string word = take_encoded_word(rest, 60);
    if (word.empty()) break;  // cannot happen: 60 characters hold any one character
    if (!first) out += "\r\n ";
    out += word;
    first = false;
  }
  out += "\"\r\n";
  // RFC 2231: the UTF-8 bytes percent-encoded, in sections of at most 54 characters (so that a line with
  // ` filename*0*=UTF-8''` and the `;` stays within 78) that never split a
  // %XX triple (a section may end inside a UTF-8 sequence: decoders join the bytes first).
  static constexpr char k_hex[] = "0123456789ABCDEF";
  std::vector<std::string> sections(1);
  for (char c : name) {
    std::string piece;
    if (is_attribute_char(c)) {
      piece = std::string(1, c);
    } else {
      unsigned char u = static_cast<unsigned char>(c);
      piece = {'%', k_hex[u >> 4], k_hex[u & 15]};
    }
    if (sections.back().size() + piece.size() > 54) sections.emplace_back();
    sections.back() += piece;
  }
  out += "Content-Disposition: attachment";
  if (sections.size() == 1) {
    out += ";\r\n filename*=UTF-8''" + sections[0] + "\r\n";
    return out;
  }
  for (std::size_t i = 0; i < sections.size(); ++i) {
    out += ";\r\n filename*" + std::to_string(i) + "*=";
    if (i == 0) out += "UTF-8''";
    out += sections[i];
  }
  out += "\r\n";
  return out;
}

std::string attachment_entity(const OutgoingAttachment& a) {
  std::string out = attachment_headers(clean_content_type(a.content_type), clean_filename(a.filename));
  out += "Content-Transfer-Encoding: base64\r\n\r\n";
  out += base64_lines(a.data);
  return out;
}

}  // namespace

bool is_sendable_address(std::string_view a) {
  auto at = a.rfind('@');
  if (at == std::string_view::npos || at == 0 || at + 1 >= a.size() || a.size() > 254) return false;
  for (unsigned char c : a)
    if (c <= ' ' || c == '<' || c == '>' || c == ',' || c == ';' || c == '"' || c == '\\' || c == '(' ||
        c == ')' || c == 0x7F)
      return false;
  auto d = a.substr(at + 1);
  return d.find('.') != std::string_view::npos && d.front() != '.' && d.back() != '.' &&
         d.find('@') == std::string_view::npos;
}

std::string encode_header_text(std::string_view utf8) {
  std::string cleaned = clean_header_value(utf8);
  std::string out;
  for (const Run& r : plan_runs(cleaned)) {
    if (!out.empty()) out += r.space.empty() ? " " : r.space;
    if (!r.encode) {
      out += r.text;
      continue;
    }
    std::string_view rest = r.text;
    bool first = true;
    while (!rest.empty()) {
      if (!first) out += ' ';
      out += take_encoded_word(rest, k_encoded_word_limit);
      first = false;
    }
  }
  return out;
}

std::string render_message(const OutgoingMail& m, Timestamp date) {
  std::string out;
  out += "Date: " + rfc5322_date(date) + "\r\n";
  out += address_header("From", {m.from});
  out += address_header("To", m.to);
  if (!m.cc.empty()) out += address_header("Cc", m.cc);
  out += unstructured_header("Subject", m.subject);
  if (!m.message_id.empty()) out += message_id_header("Message-ID", {m.message_id});
  if (!m.in_reply_to.empty()) out += message_id_header("In-Reply-To", {m.in_reply_to});
  out += message_id_header("References", m.references);
  out += "MIME-Version: 1.0\r\n";
  std::string auto_submitted = clean_header_value(m.auto_submitted);
  out += unstructured_header("Auto-Submitted", auto_submitted.empty() ? "auto-generated" : auto_submitted);
  for (const auto& [name, value] : m.extra_headers) {
    if (!is_field_name(name) || is_reserved_header(name)) continue;
    out += unstructured_header(name, value);
  }

  if (m.attachments.empty()) {
    out += body_entity(m);
    return out;
  }
  std::string boundary = mixed_boundary_for(m);
  out += "Content-Type: multipart/mixed; boundary=\"" + boundary + "\"\r\n\r\n";
  out += "This is a multi-part message in MIME format.\r\n";
  out += "\r\n--" + boundary + "\r\n";
  out += body_entity(m);
  for (const OutgoingAttachment& a : m.attachments) {
    out += "\r\n--" + boundary + "\r\n";
    out += attachment_entity(a);
  }
  out += "\r\n--" + boundary + "--\r\n";
  return out;
}

}  // namespace techdesk::email
