#include "channel/email/mime_parser.h"

#include <gmime/gmime.h>

#include <algorithm>
#include <memory>
#include <mutex>

#include "channel/email/charset.h"
#include "channel/email/html_sanitize.h"
#include "common/text.h"

namespace techdesk::email {

namespace {

void init_gmime() {
  static std::once_flag once;
  std::call_once(once, [] { g_mime_init(); });
}

// Owning handles for the GObjects one parse creates.
struct Unref {
  void operator()(gpointer p) const {
    if (p) g_object_unref(p);
  }
};
template <class T>
using GPtr = std::unique_ptr<T, Unref>;

std::string lower(std::string_view s) {
  return ascii_lower(s);
}

bool iequals(std::string_view a, std::string_view b) {
  if (a.size() != b.size()) return false;
  for (std::size_t i = 0; i < a.size(); ++i)
    if (std::tolower(static_cast<unsigned char>(a[i])) != std::tolower(static_cast<unsigned char>(b[i])))
      return false;
  return true;
}

// The raw (undecoded, folded) value of the first header `name` of an object, or nullopt.
std::optional<std::string> raw_header(GMimeObject* obj, std::string_view name) {
  GMimeHeaderList* list = g_mime_object_get_header_list(obj);
  if (!list) return std::nullopt;
  int n = g_mime_header_list_get_count(list);
  for (int i = 0; i < n; ++i) {
    GMimeHeader* h = g_mime_header_list_get_header_at(list, i);
    const char* hn = g_mime_header_get_name(h);
    if (hn && iequals(hn, name)) {
      const char* v = g_mime_header_get_raw_value(h);
      return std::string(v ? v : "");
    }
  }
  return std::nullopt;
}

std::string strip_comments(std::string_view s) {
  std::string out;
  int depth = 0;
  bool quoted = false;
  for (std::size_t i = 0; i < s.size(); ++i) {
    char c = s[i];
    if (quoted) {
      out.push_back(c);
      if (c == '\\' && i + 1 < s.size())
        out.push_back(s[++i]);
      else if (c == '"')
        quoted = false;
      continue;
    }
    if (depth == 0 && c == '"') {
      quoted = true;
      out.push_back(c);
    } else if (c == '(') {
      ++depth;
    } else if (c == ')' && depth > 0) {
      --depth;
    } else if (c == '\\' && depth > 0) {
      ++i;
    } else if (depth == 0) {
      out.push_back(c);
    }
  }
  return out;
}

std::string cut_utf8(std::string s, std::size_t max) {
  if (s.size() <= max) return s;
  std::size_t cut = max;
  while (cut > 0 && (static_cast<unsigned char>(s[cut]) & 0xC0) == 0x80)
    --cut;
  s.resize(cut);
  return s;
}

bool valid_addr(std::string_view a) {
  auto at = a.rfind('@');
  if (at == std::string_view::npos || at == 0 || at + 1 >= a.size() || a.size() > 320) return false;
  for (unsigned char c : a)
    if (c <= ' ' || c == '<' || c == '>' || c == '(' || c == ')' || c == ',' || c == ';' || c == '"' ||
        c == '\\' || c == 0x7F)
      return false;
  auto domain = a.substr(at + 1);
  return domain.find('@') == std::string_view::npos && domain.front() != '.' && domain.back() != '.';
}

std::string unquote(std::string_view s) {
  s = trim(s);
  if (s.size() >= 2 && s.front() == '"' && s.back() == '"') {
    std::string out;
    for (std::size_t i = 1; i + 1 < s.size(); ++i) {
      if (s[i] == '\\' && i + 2 < s.size()) ++i;
      out.push_back(s[i]);
    }
    return out;
  }
  return std::string(s);
}

// Splits at `sep` outside quotes, comments and angle brackets.
std::vector<std::string_view> split_top(std::string_view s, char sep1, char sep2 = '\0') {
  std::vector<std::string_view> out;
  int paren = 0;
  bool quoted = false, angle = false;
  std::size_t start = 0;
  for (std::size_t i = 0; i < s.size(); ++i) {
    char c = s[i];
    if (quoted) {
      if (c == '\\')
        ++i;
      else if (c == '"')
        quoted = false;
      continue;
    }
    if (c == '"')
      quoted = true;
    else if (c == '(')
      ++paren;
    else if (c == ')' && paren > 0)
      --paren;
    else if (c == '<')
      angle = true;
    else if (c == '>')
      angle = false;
    else if ((c == sep1 || (sep2 && c == sep2)) && !paren && !angle) {
      out.push_back(s.substr(start, i - start));
      start = i + 1;
    }
  }
  out.push_back(s.substr(start));
  return out;
}

}  // namespace

std::vector<std::string> parse_message_ids(std::string_view value, std::size_t max) {
  std::vector<std::string> ids;
  std::string s = strip_comments(value);
  auto push = [&](std::string_view id) {
    id = trim(id);
    auto at = id.rfind('@');
    if (id.size() > 998 || ids.size() >= max || at == std::string_view::npos || at == 0 ||
        at + 1 == id.size())
      return;
    for (unsigned char c : id)
      if (c <= ' ' || c == '<' || c == '>' || c == 0x7F) return;
    std::string v(id);
    for (const auto& x : ids)
      if (x == v) return;
    ids.push_back(std::move(v));
  };
  // <id> tokens, and bare tokens with an '@' between them (old clients write ids without brackets).
  std::size_t i = 0;
  while (i < s.size()) {
    char c = s[i];
    if (c == '<') {
      auto end = s.find('>', i + 1);
      auto next_open = s.find('<', i + 1);
      if (end == std::string::npos || (next_open != std::string::npos && next_open < end)) {
        ++i;  // unclosed: skip the bracket
        continue;
      }
      push(std::string_view(s).substr(i + 1, end - i - 1));
      i = end + 1;
    } else if (c == ' ' || c == '\t' || c == '\r' || c == '\n' || c == ',' || c == '>') {
      ++i;
    } else {
      auto e = s.find_first_of(" \t\r\n,<>", i);
      if (e == std::string::npos) e = s.size();
      push(std::string_view(s).substr(i, e - i));
      i = e;
    }
  }
  return ids;
}

std::vector<Address> parse_address_list(std::string_view raw, std::size_t max) {
  std::vector<Address> out;
  // Unfold.
  std::string flat;
  for (char c : raw)
    if (c != '\r' && c != '\n') flat.push_back(c);
  for (auto entry : split_top(flat, ',', ';')) {
    if (out.size() >= max) break;
    std::string e(trim(entry));
    // Group syntax "Team: a@b, c@d;" — drop the display name of the group.
    if (auto colon = split_top(e, ':'); colon.size() > 1 && e.find('<') == std::string::npos) {
      e = std::string(trim(e.substr(colon[0].size() + 1)));
    } else if (colon.size() > 1 && e.find('<') != std::string::npos &&
               colon[0].find('<') == std::string_view::npos && colon[0].find('"') == std::string_view::npos) {
      e = std::string(trim(e.substr(colon[0].size() + 1)));
    }
    if (e.empty()) continue;
    Address a;
    auto lt = e.rfind('<');
    auto gt = lt == std::string::npos ? std::string::npos : e.find('>', lt);
    if (lt != std::string::npos && gt != std::string::npos) {
      std::string addr = strip_comments(std::string_view(e).substr(lt + 1, gt - lt - 1));
      // Source routes "<@relay:user@host>".
      if (auto c = addr.rfind(':'); c != std::string::npos && !addr.empty() && addr[0] == '@')
        addr = addr.substr(c + 1);
      a.addr = lower(trim(addr));
      std::string name = strip_comments(std::string_view(e).substr(0, lt));
      a.name = fold_whitespace(decode_header_text(unquote(name), 1024));
      if (a.name.empty()) {
        // "addr (Name)" style puts the name in a comment.
        auto open = e.find('(', gt);
        auto close = open == std::string::npos ? open : e.find(')', open);
        if (close != std::string::npos)
          a.name = fold_whitespace(decode_header_text(e.substr(open + 1, close - open - 1), 1024));
      }
    } else {
      auto open = e.find('(');
      auto close = open == std::string::npos ? open : e.find(')', open);
      if (close != std::string::npos)
        a.name = fold_whitespace(decode_header_text(e.substr(open + 1, close - open - 1), 1024));
      a.addr = lower(trim(strip_comments(e)));
    }
    if (!valid_addr(a.addr)) continue;
    a.name = scrub_utf8(a.name);
    if (a.name == a.addr) a.name.clear();
    out.push_back(std::move(a));
  }
  return out;
}

std::string mime_parameter(std::string_view raw_value, std::string_view name) {
  std::string flat;
  for (char c : raw_value)
    if (c != '\r' && c != '\n') flat.push_back(c);
  auto parts = split_top(flat, ';');
  std::string plain;
  bool have_plain = false;
  // RFC 2231: name*=charset'lang'value, or name*0=, name*1*=, ... in any order.
  std::vector<std::pair<int, std::pair<bool, std::string>>> sections;
  std::string ext_charset;
  for (std::size_t i = 1; i < parts.size(); ++i) {
    auto p = trim(parts[i]);
    auto eq = p.find('=');
    if (eq == std::string_view::npos) continue;
    std::string key = lower(trim(p.substr(0, eq)));
    std::string value = std::string(trim(p.substr(eq + 1)));
    std::string lname = lower(name);
    if (key == lname) {
      if (!have_plain) plain = unquote(value), have_plain = true;
      continue;
    }
    if (key.rfind(lname + "*", 0) != 0) continue;
    std::string rest = key.substr(lname.size() + 1);  // "", "0", "0*", "1", "*"
    bool encoded = false;
    int index = 0;
    if (rest.empty()) {
      encoded = true;
    } else {
      if (rest.back() == '*') {
        encoded = true;
        rest.pop_back();
      }
      if (rest.empty() || rest.size() > 4 || rest.find_first_not_of("0123456789") != std::string::npos)
        continue;
      index = std::stoi(rest);
    }
    std::string v = unquote(value);
    if (encoded && index == 0) {
      // charset'language'value
      auto q1 = v.find('\'');
      auto q2 = q1 == std::string::npos ? q1 : v.find('\'', q1 + 1);
      if (q2 != std::string::npos) {
        ext_charset = v.substr(0, q1);
        v = v.substr(q2 + 1);
      }
    }
    sections.push_back({index, {encoded, std::move(v)}});
  }
  if (!sections.empty()) {
    std::sort(sections.begin(), sections.end(),
              [](const auto& a, const auto& b) { return a.first < b.first; });
    std::string bytes;
    for (auto& [idx, sec] : sections) {
      if (sec.first) {
        // %XX decoding
        const std::string& v = sec.second;
        for (std::size_t k = 0; k < v.size(); ++k) {
          if (v[k] == '%' && k + 2 < v.size() && std::isxdigit(static_cast<unsigned char>(v[k + 1])) &&
              std::isxdigit(static_cast<unsigned char>(v[k + 2]))) {
            bytes.push_back(static_cast<char>(std::stoi(v.substr(k + 1, 2), nullptr, 16)));
            k += 2;
          } else {
            bytes.push_back(v[k]);
          }
        }
      } else {
        bytes += sec.second;
      }
    }
    return to_utf8(bytes, ext_charset);
  }
  if (!have_plain) return {};
  // Outlook and Foxmail put RFC 2047 words inside quoted parameters; raw GBK bytes are common too.
  return decode_header_text(plain, 4096);
}

namespace {

struct Walker {
  const ParseLimits& limits;
  ParsedMail& mail;
  std::string_view raw;
  std::vector<std::string> texts;
  std::string html_raw;
  bool stopped = false;

  void warn(std::string w) {
    for (const auto& x : mail.warnings)
      if (x == w) return;
    mail.warnings.push_back(std::move(w));
  }

  static std::string default_name(const std::string& type) {
    if (type == "message/rfc822") return "forwarded-message.eml";
    if (type == "text/calendar") return "invite.ics";
    static const std::pair<const char*, const char*> k_ext[] = {
        {"image/png", ".png"},       {"image/jpeg", ".jpg"}, {"image/jpg", ".jpg"}, {"image/gif", ".gif"},
        {"application/pdf", ".pdf"}, {"text/plain", ".txt"}, {"text/html", ".html"}};
    for (auto& [t, e] : k_ext)
      if (type == t) return std::string("attachment") + e;
    return "attachment.bin";
  }

  static std::string clean_filename(std::string name) {
    auto slash = name.find_last_of("/\\");
    if (slash != std::string::npos) name = name.substr(slash + 1);
    std::string out;
    for (unsigned char c : name)
      if (c >= 0x20 && c != 0x7F) out.push_back(static_cast<char>(c));
    out = std::string(trim(out));
    if (out == "." || out == "..") out.clear();
    return cut_utf8(scrub_utf8(out), 255);
  }

  static std::string content_type_of(GMimeObject* obj) {
    // A Content-Type that is not "type/subtype" is read as text/plain (RFC 2045 §5.2).
    if (auto raw = raw_header(obj, "Content-Type")) {
      std::string media = lower(trim(strip_comments(raw->substr(0, raw->find(';')))));
      auto slash = media.find('/');
      bool valid = slash != std::string::npos && slash > 0 && slash + 1 < media.size() &&
                   media.find_first_of(" \t\"<>@,:[]?=") == std::string::npos;
      if (!valid) return "text/plain";
    }
    GMimeContentType* ct = g_mime_object_get_content_type(obj);
    if (!ct) return "application/octet-stream";
    const char* t = g_mime_content_type_get_media_type(ct);
    const char* st = g_mime_content_type_get_media_subtype(ct);
    std::string type = lower(t ? t : "application");
    std::string sub = lower(st ? st : "octet-stream");
    if (type.empty()) type = "application";
    if (sub.empty()) sub = type == "text" ? "plain" : "octet-stream";
    return type + "/" + sub;
  }

  std::string decoded_content(GMimePart* part) {
    GMimeDataWrapper* w = g_mime_part_get_content(part);
    if (!w) return {};
    if (g_mime_data_wrapper_get_encoding(w) == GMIME_CONTENT_ENCODING_BASE64) {
      // GMime drops a last group that lacks its padding; mailers send such groups. Decode leniently.
      if (GMimeStream* src = g_mime_data_wrapper_get_stream(w)) {
        g_mime_stream_reset(src);
        GPtr<GMimeStream> mem(g_mime_stream_mem_new());
        g_mime_stream_write_to_stream(src, mem.get());
        g_mime_stream_reset(src);
        GByteArray* arr = g_mime_stream_mem_get_byte_array(GMIME_STREAM_MEM(mem.get()));
        if (arr)
          return decode_base64_lenient(std::string_view(reinterpret_cast<const char*>(arr->data), arr->len));
      }
    }
    GPtr<GMimeStream> mem(g_mime_stream_mem_new());
    g_mime_data_wrapper_write_to_stream(w, mem.get());
    GByteArray* arr = g_mime_stream_mem_get_byte_array(GMIME_STREAM_MEM(mem.get()));
    return arr ? std::string(reinterpret_cast<const char*>(arr->data), arr->len) : std::string{};
  }

  void leaf(GMimeObject* obj, const std::string& type) {
    std::string raw_ct = raw_header(obj, "Content-Type").value_or("");
    std::string raw_cd = raw_header(obj, "Content-Disposition").value_or("");
    std::string disposition = lower(trim(raw_cd.substr(0, raw_cd.find(';'))));
    std::string filename = mime_parameter(raw_cd, "filename");
    if (filename.empty()) filename = mime_parameter(raw_ct, "name");
    filename = clean_filename(filename);
    bool is_attachment = disposition == "attachment" || !filename.empty();
    bool is_text = type == "text/plain";
    bool is_html = type == "text/html";

    if (GMIME_IS_PART(obj) && (is_text || is_html) && !is_attachment) {
      std::string bytes = decoded_content(GMIME_PART(obj));
      std::string charset = mime_parameter(raw_ct, "charset");
      std::string text = to_utf8(bytes, charset);
      std::erase(text, '\r');
      if (is_text) {
        texts.push_back(std::move(text));
      } else if (html_raw.empty()) {
        html_raw = std::move(text);
      } else {
        warn("more than one HTML body; the first is kept");
        ParsedAttachment a;
        a.filename = "attachment.html";
        a.content_type = type;
        a.size = bytes.size();
        a.data = std::move(bytes);
        add_attachment(std::move(a));
      }
      return;
    }

    ParsedAttachment a;
    a.content_type = type;
    a.filename = filename.empty() ? default_name(type) : filename;
    if (auto cid = raw_header(obj, "Content-ID")) {
      auto ids = parse_message_ids(*cid, 1);
      if (!ids.empty())
        a.content_id = ids[0];
      else
        a.content_id = std::string(trim(strip_comments(*cid)));
    }
    a.inline_part = disposition == "inline" && type.rfind("image/", 0) == 0;
    std::string data;
    if (GMIME_IS_MESSAGE_PART(obj)) {
      GMimeMessage* inner = g_mime_message_part_get_message(GMIME_MESSAGE_PART(obj));
      if (inner) {
        // The forwarded message as mail has it: CRLF line ends.
        GMimeFormatOptions* fo = g_mime_format_options_clone(nullptr);
        g_mime_format_options_set_newline_format(fo, GMIME_NEWLINE_FORMAT_DOS);
        char* s = g_mime_object_to_string(GMIME_OBJECT(inner), fo);
        g_mime_format_options_free(fo);
        if (s) {
          data = s;
          g_free(s);
        }
      }
    } else if (GMIME_IS_PART(obj)) {
      data = decoded_content(GMIME_PART(obj));
    }
    a.size = data.size();
    if (data.size() > limits.max_attachment_bytes) {
      a.dropped = true;
      warn("attachment over the size limit: " + a.filename);
    } else {
      a.data = std::move(data);
    }
    add_attachment(std::move(a));
  }

  void add_attachment(ParsedAttachment a) { mail.attachments.push_back(std::move(a)); }

  // Iterative walk: deep nesting cannot exhaust the stack, and the part and depth limits hold.
  void walk(GMimeObject* root) {
    std::vector<std::pair<GMimeObject*, std::size_t>> stack{{root, 0}};
    while (!stack.empty()) {
      auto [obj, depth] = stack.back();
      stack.pop_back();
      if (!obj) continue;
      if (++mail.part_count > limits.max_parts) {
        warn("part limit reached: parts after " + std::to_string(limits.max_parts) + " ignored");
        return;
      }
      std::string type = content_type_of(obj);
      if (GMIME_IS_MULTIPART(obj)) {
        if (depth >= limits.max_depth) {
          warn("nesting limit reached: parts deeper than " + std::to_string(limits.max_depth) + " ignored");
          continue;
        }
        GMimeMultipart* mp = GMIME_MULTIPART(obj);
        int n = g_mime_multipart_get_count(mp);
        if (const char* boundary = g_mime_multipart_get_boundary(mp)) {
          if (raw.find("--" + std::string(boundary) + "--") == std::string_view::npos)
            warn("multipart without its closing delimiter (truncated?): read to the end");
        }
        if (type == "multipart/alternative") {
          // One body from an alternative: the plain text and the HTML, other alternatives are dropped.
          GMimeObject* plain = nullptr;
          GMimeObject* rich = nullptr;
          std::vector<GMimeObject*> others;
          for (int i = 0; i < n; ++i) {
            GMimeObject* c = g_mime_multipart_get_part(mp, i);
            std::string ct = content_type_of(c);
            if (ct == "text/plain" && !plain)
              plain = c;
            else if (ct == "text/html" && !rich)
              rich = c;
            else if (GMIME_IS_MULTIPART(c) || ct.rfind("text/", 0) != 0 || ct == "text/calendar")
              others.push_back(c);
          }
          for (auto it = others.rbegin(); it != others.rend(); ++it)
            stack.push_back({*it, depth + 1});
          if (rich) stack.push_back({rich, depth + 1});
          if (plain) stack.push_back({plain, depth + 1});
          continue;
        }
        for (int i = n - 1; i >= 0; --i)
          stack.push_back({g_mime_multipart_get_part(mp, i), depth + 1});
        continue;
      }
      if (type.rfind("multipart/", 0) == 0) {
        warn("multipart without a usable boundary: read as one text part");
        type = "text/plain";
      }
      leaf(obj, type);
    }
  }
};

void read_headers(GMimeObject* msg, ParsedMail& m, const ParseLimits& limits) {
  GMimeHeaderList* list = g_mime_object_get_header_list(msg);
  if (!list) return;
  int n = g_mime_header_list_get_count(list);
  bool big_header = false;
  for (int i = 0; i < n; ++i) {
    GMimeHeader* h = g_mime_header_list_get_header_at(list, i);
    const char* hn = g_mime_header_get_name(h);
    const char* hv = g_mime_header_get_raw_value(h);
    if (!hn) continue;
    std::string name = lower(hn);
    std::string_view value = hv ? std::string_view(hv) : std::string_view{};
    if (value.size() > limits.max_header_bytes) {
      big_header = true;
      value = value.substr(0, limits.max_header_bytes);
    }
    if (name == "message-id" && m.message_id.empty()) {
      auto ids = parse_message_ids(value, 1);
      if (!ids.empty()) m.message_id = ids[0];
    } else if (name == "in-reply-to" && m.in_reply_to.empty()) {
      m.in_reply_to = parse_message_ids(value, 20);
    } else if (name == "references" && m.references.empty()) {
      m.references = parse_message_ids(value, 100);
    } else if (name == "subject" && m.subject.empty()) {
      m.subject = fold_whitespace(decode_header_text(value, limits.max_header_bytes));
    } else if (name == "from" && !m.from) {
      auto a = parse_address_list(value, 1);
      if (!a.empty()) m.from = a[0];
    } else if (name == "reply-to" && !m.reply_to) {
      auto a = parse_address_list(value, 1);
      if (!a.empty()) m.reply_to = a[0];
    } else if (name == "to") {
      auto a = parse_address_list(value, limits.max_addresses);
      for (auto& x : a)
        if (m.to.size() < limits.max_addresses) m.to.push_back(std::move(x));
    } else if (name == "cc") {
      auto a = parse_address_list(value, limits.max_addresses);
      for (auto& x : a)
        if (m.cc.size() < limits.max_addresses) m.cc.push_back(std::move(x));
    } else if (name == "auto-submitted" && m.auto_submitted.empty()) {
      m.auto_submitted = lower(trim(strip_comments(value)));
      if (m.auto_submitted.empty()) m.auto_submitted = "yes";
    } else if (name == "precedence" && m.precedence.empty()) {
      m.precedence = lower(trim(strip_comments(value)));
    } else if (name == "x-autoreply" || name == "x-autorespond" || name == "x-autogenerated") {
      m.x_autoreply = true;
    } else if (name == "x-auto-response-suppress") {
      std::string v = lower(value);
      if (v.find("oof") != std::string::npos || v.find("all") != std::string::npos) m.x_autoreply = true;
    } else if (name == "list-id" || name == "list-unsubscribe") {
      m.list = true;
    } else if (name.rfind("x-techdesk-", 0) == 0) {
      m.our_headers = true;
    }
  }
  if (big_header) m.warnings.push_back("header over the size limit, cut");
}

}  // namespace

Result<ParsedMail> parse_mail(std::string_view raw, const ParseLimits& limits) {
  if (raw.size() > limits.max_message_bytes)
    return Error::invalid("message", "the message is " + std::to_string(raw.size()) +
                                         " bytes, over the limit of " +
                                         std::to_string(limits.max_message_bytes));
  init_gmime();
  ParsedMail m;
  // The stream reads the caller's bytes in place: no copy of a large message.
  GByteArray view{reinterpret_cast<guint8*>(const_cast<char*>(raw.data())), static_cast<guint>(raw.size())};
  GPtr<GMimeStream> stream(g_mime_stream_mem_new_with_byte_array(&view));
  g_mime_stream_mem_set_owner(GMIME_STREAM_MEM(stream.get()), FALSE);
  GPtr<GMimeParser> parser(g_mime_parser_new_with_stream(stream.get()));
  g_mime_parser_set_format(parser.get(), GMIME_FORMAT_MESSAGE);
  GPtr<GMimeMessage> msg(g_mime_parser_construct_message(parser.get(), nullptr));
  if (!msg) {
    m.warnings.push_back("no message structure found; kept as text");
    m.text = cut_utf8(to_utf8(raw.substr(0, limits.max_text_bytes + 4), ""), limits.max_text_bytes);
    return m;
  }
  read_headers(GMIME_OBJECT(msg.get()), m, limits);
  if (GDateTime* d = g_mime_message_get_date(msg.get())) {
    m.date = Timestamp{std::chrono::milliseconds(static_cast<std::int64_t>(g_date_time_to_unix(d)) * 1000)};
  }

  GMimeObject* body = g_mime_message_get_mime_part(msg.get());
  if (body) {
    std::string top = Walker::content_type_of(body);
    if (top == "multipart/report") {
      m.report = true;
      m.report_type = lower(mime_parameter(raw_header(body, "Content-Type").value_or(""), "report-type"));
    }
    Walker w{limits, m, raw, {}, {}, false};
    w.walk(body);
    std::string text;
    for (const auto& t : w.texts) {
      if (!text.empty()) text += "\n";
      text += t;
      if (text.size() > limits.max_text_bytes) break;
    }
    if (!w.html_raw.empty()) {
      auto clean = sanitize_html(w.html_raw, limits.max_text_bytes);
      m.html = std::move(clean.html);
      for (auto& a : m.attachments)
        for (const auto& cid : clean.cids)
          if (!a.content_id.empty() && a.content_id == cid) a.inline_part = true;
      if (text.empty()) text = html_to_text(w.html_raw, limits.max_text_bytes);
    }
    if (text.size() > limits.max_text_bytes) {
      m.warnings.push_back("text body over the size limit, cut");
      text = cut_utf8(std::move(text), limits.max_text_bytes);
    }
    m.text = std::move(text);
  }
  return m;
}

}  // namespace techdesk::email
