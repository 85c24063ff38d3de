#include "channel/email/charset.h"

#include <unicode/ucnv.h>
#include <unicode/ustring.h>

#include <array>
#include <memory>
#include <vector>

#include "common/text.h"

namespace techdesk::email {

namespace {

constexpr std::string_view k_replacement = "\xEF\xBF\xBD";

struct LabelMap {
  std::string_view label;
  std::string_view icu;
};

// Labels that ICU would read differently from what mailers mean by them.
constexpr std::array<LabelMap, 24> k_labels{{
    {"gb2312", "GB18030"},
    {"gbk", "GB18030"},
    {"euc-cn", "GB18030"},
    {"x-euc-cn", "GB18030"},
    {"cp936", "GB18030"},
    {"x-gbk", "GB18030"},
    {"gb_2312-80", "GB18030"},
    {"csgb2312", "GB18030"},
    {"windows-936", "GB18030"},
    {"ms936", "GB18030"},
    {"chinese", "GB18030"},
    {"iso-ir-58", "GB18030"},
    {"gb18030", "GB18030"},
    {"hz-gb-2312", "HZ"},
    {"big5", "windows-950"},
    {"big5-hkscs", "Big5-HKSCS"},
    {"x-big5", "windows-950"},
    {"cp950", "windows-950"},
    {"iso-8859-1", "windows-1252"},
    {"latin1", "windows-1252"},
    {"us-ascii", ""},
    {"ascii", ""},
    {"utf8", "UTF-8"},
    {"unicode-1-1-utf-8", "UTF-8"},
}};

std::string normalise_label(std::string_view label) {
  auto t = trim(label);
  while (!t.empty() && (t.front() == '"' || t.front() == '\''))
    t.remove_prefix(1);
  while (!t.empty() && (t.back() == '"' || t.back() == '\''))
    t.remove_suffix(1);
  // RFC 2231 language suffix: utf-8*zh-cn
  if (auto star = t.find('*'); star != std::string_view::npos) t = t.substr(0, star);
  return ascii_lower(trim(t));
}

bool is_ascii(std::string_view s) {
  for (unsigned char c : s)
    if (c >= 0x80) return false;
  return true;
}

struct ConverterCloser {
  void operator()(UConverter* c) const { ucnv_close(c); }
};

// ICU conversion with U+FFFD for anything undecodable (ICU's default to-Unicode substitution).
std::string icu_to_utf8(std::string_view bytes, const char* converter) {
  UErrorCode status = U_ZERO_ERROR;
  std::unique_ptr<UConverter, ConverterCloser> cnv(ucnv_open(converter, &status));
  if (U_FAILURE(status)) return scrub_utf8(bytes);
  ucnv_setToUCallBack(cnv.get(), UCNV_TO_U_CALLBACK_SUBSTITUTE, nullptr, nullptr, nullptr, &status);
  std::vector<UChar> u(bytes.size() * 2 + 16);
  status = U_ZERO_ERROR;
  int32_t n = ucnv_toUChars(cnv.get(), u.data(), static_cast<int32_t>(u.size()), bytes.data(),
                            static_cast<int32_t>(bytes.size()), &status);
  if (status == U_BUFFER_OVERFLOW_ERROR) {
    u.resize(static_cast<std::size_t>(n) + 1);
    status = U_ZERO_ERROR;
    n = ucnv_toUChars(cnv.get(), u.data(), static_cast<int32_t>(u.size()), bytes.data(),
                      static_cast<int32_t>(bytes.size()), &status);
  }
  if (U_FAILURE(status)) return scrub_utf8(bytes);
  std::string out(static_cast<std::size_t>(n) * 3 + 4, '\0');
  int32_t len = 0;
  status = U_ZERO_ERROR;
  u_strToUTF8WithSub(out.data(), static_cast<int32_t>(out.size()), &len, u.data(), n, 0xFFFD, nullptr,
                     &status);
  if (U_FAILURE(status)) return scrub_utf8(bytes);
  out.resize(static_cast<std::size_t>(len));
  // A NUL in mail text helps nobody and breaks C APIs downstream.
  std::erase(out, '\0');
  return out;
}

}  // namespace

std::string canonical_charset(std::string_view label) {
  auto l = normalise_label(label);
  for (const auto& m : k_labels)
    if (m.label == l) return std::string(m.icu);
  if (l.empty()) return {};
  UErrorCode status = U_ZERO_ERROR;
  const char* name = ucnv_getCanonicalName(l.c_str(), "MIME", &status);
  if (U_FAILURE(status) || !name) {
    status = U_ZERO_ERROR;
    name = ucnv_getCanonicalName(l.c_str(), "IANA", &status);
  }
  if (U_FAILURE(status) || !name) return {};
  return name;
}

std::string scrub_utf8(std::string_view s) {
  std::string out;
  out.reserve(s.size());
  std::size_t i = 0;
  while (i < s.size()) {
    auto c = static_cast<unsigned char>(s[i]);
    std::size_t len = 0;
    std::uint32_t cp = 0;
    if (c < 0x80) {
      if (c != 0) out.push_back(static_cast<char>(c));
      ++i;
      continue;
    } else if ((c & 0xE0) == 0xC0) {
      len = 2;
      cp = c & 0x1F;
    } else if ((c & 0xF0) == 0xE0) {
      len = 3;
      cp = c & 0x0F;
    } else if ((c & 0xF8) == 0xF0) {
      len = 4;
      cp = c & 0x07;
    }
    bool ok = len != 0 && i + len <= s.size();
    for (std::size_t k = 1; ok && k < len; ++k) {
      auto cc = static_cast<unsigned char>(s[i + k]);
      if ((cc & 0xC0) != 0x80) ok = false;
      cp = (cp << 6) | (cc & 0x3F);
    }
    if (ok) {
      static constexpr std::uint32_t k_min[] = {0, 0, 0x80, 0x800, 0x10000};
      ok = cp >= k_min[len] && cp <= 0x10FFFF && !(cp >= 0xD800 && cp <= 0xDFFF);
    }
    if (ok) {
      out.append(s.substr(i, len));
      i += len;
    } else {
      out.append(k_replacement);
      ++i;
    }
  }
  return out;
}

std::string to_utf8(std::string_view bytes, std::string_view label) {
  auto cs = canonical_charset(label);
  if (cs == "UTF-8" || cs.empty()) {
    if (is_ascii(bytes) || is_valid_utf8(bytes)) {
      std::string out(bytes);
      std::erase(out, '\0');
      return out;
    }
    if (cs == "UTF-8") return scrub_utf8(bytes);
    return icu_to_utf8(bytes, "GB18030");
  }
  if (is_ascii(bytes) && cs != "UTF-7" && cs != "HZ" && cs.find("UTF-16") == std::string::npos &&
      cs.find("UTF-32") == std::string::npos) {
    std::string out(bytes);
    std::erase(out, '\0');
    return out;
  }
  return icu_to_utf8(bytes, cs.c_str());
}

std::string decode_base64_lenient(std::string_view in) {
  static constexpr auto k_table = [] {
    std::array<int, 256> t{};
    t.fill(-1);
    const char* a = "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789+/";
    for (int i = 0; i < 64; ++i)
      t[static_cast<unsigned char>(a[i])] = i;
    t['-'] = 62;  // URL-safe variants, seen in the wild
    t['_'] = 63;
    return t;
  }();
  std::string out;
  out.reserve(in.size() * 3 / 4);
  std::uint32_t acc = 0;
  int bits = 0;
  for (unsigned char c : in) {
    if (c == '=') break;
    int v = k_table[c];
    if (v < 0) continue;
    acc = (acc << 6) | static_cast<std::uint32_t>(v);
    bits += 6;
    if (bits >= 8) {
      bits -= 8;
      out.push_back(static_cast<char>((acc >> bits) & 0xFF));
    }
  }
  return out;
}

std::string decode_qp_lenient(std::string_view in, bool underscore_is_space) {
  auto hex = [](char c) -> int {
    if (c >= '0' && c <= '9') return c - '0';
    if (c >= 'A' && c <= 'F') return c - 'A' + 10;
    if (c >= 'a' && c <= 'f') return c - 'a' + 10;
    return -1;
  };
  std::string out;
  out.reserve(in.size());
  for (std::size_t i = 0; i < in.size(); ++i) {
    char c = in[i];
    if (c == '_' && underscore_is_space) {
      out.push_back(' ');
      continue;
    }
    if (c != '=') {
      out.push_back(c);
      continue;
    }
    if (i + 2 < in.size() && hex(in[i + 1]) >= 0 && hex(in[i + 2]) >= 0) {
      out.push_back(static_cast<char>(hex(in[i + 1]) * 16 + hex(in[i + 2])));
      i += 2;
    } else if (i + 1 < in.size() && (in[i + 1] == '\r' || in[i + 1] == '\n')) {
      ++i;  // soft line break
      if (in[i] == '\r' && i + 1 < in.size() && in[i + 1] == '\n') ++i;
    } else if (i + 1 == in.size()) {
      // a trailing '=' is a soft break at the very end
    } else {
      out.push_back(c);
    }
  }
  return out;
}

std::string fold_whitespace(std::string_view s) {
  std::string out;
  out.reserve(s.size());
  bool space = false;
  for (std::size_t i = 0; i < s.size(); ++i) {
    auto c = static_cast<unsigned char>(s[i]);
    bool ws = c == ' ' || c == '\t' || c == '\r' || c == '\n' || c == '\v' || c == '\f';
    // U+3000 IDEOGRAPHIC SPACE is E3 80 80
    if (!ws && c == 0xE3 && i + 2 < s.size() && static_cast<unsigned char>(s[i + 1]) == 0x80 &&
        static_cast<unsigned char>(s[i + 2]) == 0x80) {
      ws = true;
      i += 2;
    }
    if (ws) {
      space = !out.empty();
      continue;
    }
    if (space) out.push_back(' ');
    space = false;
    out.push_back(static_cast<char>(c));
  }
  return out;
}

namespace {

struct Word {
  bool encoded = false;
  std::string charset;  // encoded words only
  std::string bytes;    // decoded bytes (encoded) or raw text
};

// Recognises "=?charset?B|Q?text?=" at s[pos]; on success fills w and returns the end position.
std::size_t match_encoded_word(std::string_view s, std::size_t pos, Word& w) {
  if (pos + 8 > s.size() || s[pos] != '=' || s[pos + 1] != '?') return 0;
  std::size_t q1 = s.find('?', pos + 2);
  if (q1 == std::string_view::npos || q1 == pos + 2 || q1 + 3 >= s.size()) return 0;
  char enc = s[q1 + 1];
  if (s[q1 + 2] != '?') return 0;
  if (enc != 'B' && enc != 'b' && enc != 'Q' && enc != 'q') return 0;
  std::size_t end = s.find("?=", q1 + 3);
  if (end == std::string_view::npos) return 0;
  auto charset = s.substr(pos + 2, q1 - pos - 2);
  auto text = s.substr(q1 + 3, end - q1 - 3);
  for (char c : charset)
    if (c == ' ' || c == '\t' || c == '\r' || c == '\n') return 0;
  // Encoded text holds no white space; a word that does is not one (RFC 2047 §5), but some mailers break
  // this in Q words: tolerate spaces, not line breaks.
  if (text.find_first_of("\r\n") != std::string_view::npos) return 0;
  w.encoded = true;
  w.charset = normalise_label(charset);
  w.bytes = (enc == 'B' || enc == 'b') ? decode_base64_lenient(text) : decode_qp_lenient(text, true);
  return end + 2;
}

}  // namespace

std::string decode_header_text(std::string_view raw, std::size_t max_bytes) {
  if (raw.size() > max_bytes * 4) raw = raw.substr(0, max_bytes * 4);
  // Unfold first: CRLF (or a bare LF or CR) followed by white space is white space.
  std::string unfolded;
  unfolded.reserve(raw.size());
  for (std::size_t i = 0; i < raw.size(); ++i) {
    char c = raw[i];
    if (c == '\r' || c == '\n') continue;
    unfolded.push_back(c);
  }
  std::string_view s = unfolded;

  std::vector<Word> words;
  std::size_t i = 0;
  std::string text;
  auto flush_text = [&] {
    if (!text.empty()) words.push_back({false, {}, std::move(text)});
    text.clear();
  };
  while (i < s.size()) {
    Word w;
    if (std::size_t end = match_encoded_word(s, i, w)) {
      // White space between two encoded words is dropped (RFC 2047 §6.2).
      if (!words.empty() && words.back().encoded && !text.empty() &&
          text.find_first_not_of(" \t") == std::string::npos)
        text.clear();
      flush_text();
      words.push_back(std::move(w));
      i = end;
      continue;
    }
    text.push_back(s[i]);
    ++i;
  }
  flush_text();

  std::string out;
  for (std::size_t k = 0; k < words.size(); ++k) {
    if (!words[k].encoded) {
      out += to_utf8(words[k].bytes, "");
      continue;
    }
    // Join the run of adjacent words in this charset before converting.
    std::string bytes = words[k].bytes;
    while (k + 1 < words.size() && words[k + 1].encoded && words[k + 1].charset == words[k].charset)
      bytes += words[++k].bytes;
    out += to_utf8(bytes, words[k].charset.empty() ? "utf-8" : words[k].charset);
    if (out.size() > max_bytes) break;
  }
  if (out.size() > max_bytes) {
    std::size_t cut = max_bytes;
    while (cut > 0 && (static_cast<unsigned char>(out[cut]) & 0xC0) == 0x80)
      --cut;
    out.resize(cut);
  }
  return out;
}

}  // namespace techdesk::email
