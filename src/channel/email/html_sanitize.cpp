#include "channel/email/html_sanitize.h"

#include <gumbo.h>

#include <algorithm>
#include <array>
#include <cstdint>
#include <initializer_list>
#include <memory>
#include <unordered_map>
#include <utility>

// How this file is organised:
//  1. Character helpers (ASCII case, UTF-8 decoding that never trusts its input).
//  2. Tag tables, indexed by gumbo's tag enum.
//  3. InputPreparer: a linear pre-pass over the raw HTML that decides what gumbo gets to see.
//  4. Parsing and an iterative walk over gumbo's tree.
//  5. The sanitiser: policy (tags, attributes, URLs, CSS) and an HTML writer with an output budget.
//  6. The plain-text renderer.

namespace techdesk::email {
namespace {

constexpr std::size_t npos = std::string_view::npos;

// Limits that keep the cost linear. gumbo's tree construction scans the stack of open elements
// for most tags and re-opens (clones) every active formatting element before each text run, so
// both must stay small: 10,000 nested <div>s take gumbo 2 s, and 3,000 "<p><b id=N>x</p>" take 3 s
// (a quadratic number of clones). Real mail, even a long Outlook reply chain, stays far below 256
// levels, and rarely has more than a handful of unclosed <font>/<b>/<i> at once; the parser itself
// keeps at most three identical ones.
constexpr std::size_t k_max_open_elements = 256;
constexpr std::size_t k_max_active_formatting = 8;
// gumbo checks each attribute against all earlier ones (20,000 attributes on a tag take 1.7 s).
constexpr std::size_t k_max_attributes = 64;
// Input beyond this multiple of max_output is ignored: markup rarely outweighs content by more,
// and it bounds the time spent on hostile input (around a second per MB in the worst cases measured).
constexpr std::size_t k_input_per_output_byte = 4;
constexpr std::size_t k_min_input = 256 * 1024;
// gumbo's adoption agency and </form> re-parent nodes, so the tree can be deeper than the stack
// ever was; deeper elements are unwrapped on output (Chromium's parser flattens beyond 512 anyway).
constexpr std::size_t k_max_output_depth = 256;

// ---------------------------------------------------------------------------------------------
// 1. Character helpers
// ---------------------------------------------------------------------------------------------

constexpr bool is_html_space(char c) {
  return c == ' ' || c == '\t' || c == '\n' || c == '\f' || c == '\r';
}
constexpr bool is_ascii_alpha(char c) {
  return (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z');
}
constexpr bool is_ascii_digit(char c) {
  return c >= '0' && c <= '9';
}
constexpr char to_lower_ascii(char c) {
  return (c >= 'A' && c <= 'Z') ? static_cast<char>(c - 'A' + 'a') : c;
}

std::string lower_ascii(std::string_view s) {
  std::string out(s);
  for (char& c : out)
    c = to_lower_ascii(c);
  return out;
}

// True if s starts with lower_prefix, comparing ASCII letters case-insensitively.
bool starts_with_icase(std::string_view s, std::string_view lower_prefix) {
  if (s.size() < lower_prefix.size()) return false;
  for (std::size_t i = 0; i < lower_prefix.size(); ++i) {
    if (to_lower_ascii(s[i]) != lower_prefix[i]) return false;
  }
  return true;
}

std::string_view trim_html_space(std::string_view s) {
  while (!s.empty() && is_html_space(s.front()))
    s.remove_prefix(1);
  while (!s.empty() && is_html_space(s.back()))
    s.remove_suffix(1);
  return s;
}

constexpr char32_t k_replacement_char = 0xFFFD;

// Decodes the code point at s[i] and advances i. Invalid or truncated sequences, overlong forms and
// surrogates decode to U+FFFD one byte at a time, so whatever gumbo hands back, what we write is
// valid UTF-8.
char32_t next_code_point(std::string_view s, std::size_t& i) {
  const auto lead = static_cast<unsigned char>(s[i]);
  if (lead < 0x80) {
    ++i;
    return lead;
  }
  std::size_t length = 0;
  char32_t cp = 0;
  char32_t minimum = 0;
  if ((lead & 0xE0) == 0xC0) {
    length = 2, cp = lead & 0x1F, minimum = 0x80;
  } else if ((lead & 0xF0) == 0xE0) {
    length = 3, cp = lead & 0x0F, minimum = 0x800;
  } else if ((lead & 0xF8) == 0xF0) {
    length = 4, cp = lead & 0x07, minimum = 0x10000;
  } else {
    ++i;
    return k_replacement_char;
  }
  if (s.size() - i < length) {
    ++i;
    return k_replacement_char;
  }
  for (std::size_t k = 1; k < length; ++k) {
    const auto byte = static_cast<unsigned char>(s[i + k]);
    if ((byte & 0xC0) != 0x80) {
      ++i;
      return k_replacement_char;
    }
    cp = (cp << 6) | (byte & 0x3F);
  }
  if (cp < minimum || cp > 0x10FFFF || (cp >= 0xD800 && cp <= 0xDFFF)) {
    ++i;
    return k_replacement_char;
  }
  i += length;
  return cp;
}

void append_utf8(std::string& out, char32_t cp) {
  if (cp < 0x80) {
    out += static_cast<char>(cp);
  } else if (cp < 0x800) {
    out += static_cast<char>(0xC0 | (cp >> 6));
    out += static_cast<char>(0x80 | (cp & 0x3F));
  } else if (cp < 0x10000) {
    out += static_cast<char>(0xE0 | (cp >> 12));
    out += static_cast<char>(0x80 | ((cp >> 6) & 0x3F));
    out += static_cast<char>(0x80 | (cp & 0x3F));
  } else {
    out += static_cast<char>(0xF0 | (cp >> 18));
    out += static_cast<char>(0x80 | ((cp >> 12) & 0x3F));
    out += static_cast<char>(0x80 | ((cp >> 6) & 0x3F));
    out += static_cast<char>(0x80 | (cp & 0x3F));
  }
}

// Control characters have no business in mail text; NUL in particular confuses C consumers.
constexpr bool is_dropped_control(char32_t cp) {
  return (cp < 0x20 && cp != '\t' && cp != '\n') || (cp >= 0x7F && cp <= 0x9F);
}

// Length of the longest prefix of s that is at most limit bytes and does not split a UTF-8 sequence.
std::size_t utf8_prefix_length(std::string_view s, std::size_t limit) {
  if (s.size() <= limit) return s.size();
  std::size_t n = limit;
  while (n > 0 && (static_cast<unsigned char>(s[n]) & 0xC0) == 0x80)
    --n;
  return n;
}

// ---------------------------------------------------------------------------------------------
// 2. Tag tables
// ---------------------------------------------------------------------------------------------

class TagSet {
 public:
  constexpr TagSet(std::initializer_list<GumboTag> tags) {
    for (GumboTag tag : tags)
      m_bits[static_cast<std::size_t>(tag)] = true;
  }
  constexpr bool contains(GumboTag tag) const {
    return static_cast<std::size_t>(tag) < m_bits.size() && m_bits[static_cast<std::size_t>(tag)];
  }

 private:
  std::array<bool, GUMBO_TAG_LAST> m_bits{};
};

// Elements written to the output (with filtered attributes).
constexpr TagSet k_allowed_tags{
    GUMBO_TAG_P, GUMBO_TAG_DIV, GUMBO_TAG_SPAN, GUMBO_TAG_BR, GUMBO_TAG_HR, GUMBO_TAG_B, GUMBO_TAG_STRONG,
    GUMBO_TAG_I, GUMBO_TAG_EM, GUMBO_TAG_U, GUMBO_TAG_S, GUMBO_TAG_STRIKE, GUMBO_TAG_SUB, GUMBO_TAG_SUP,
    GUMBO_TAG_SMALL, GUMBO_TAG_BIG, GUMBO_TAG_FONT, GUMBO_TAG_CENTER, GUMBO_TAG_BLOCKQUOTE, GUMBO_TAG_PRE,
    GUMBO_TAG_CODE, GUMBO_TAG_TT, GUMBO_TAG_H1, GUMBO_TAG_H2, GUMBO_TAG_H3, GUMBO_TAG_H4, GUMBO_TAG_H5,
    GUMBO_TAG_H6, GUMBO_TAG_UL, GUMBO_TAG_OL, GUMBO_TAG_LI, GUMBO_TAG_DL, GUMBO_TAG_DT, GUMBO_TAG_DD,
    GUMBO_TAG_TABLE, GUMBO_TAG_THEAD, GUMBO_TAG_TBODY, GUMBO_TAG_TFOOT, GUMBO_TAG_TR, GUMBO_TAG_TD,
    GUMBO_TAG_TH, GUMBO_TAG_CAPTION, GUMBO_TAG_COL, GUMBO_TAG_COLGROUP, GUMBO_TAG_A, GUMBO_TAG_IMG,
    GUMBO_TAG_ABBR, GUMBO_TAG_ADDRESS, GUMBO_TAG_CITE, GUMBO_TAG_Q, GUMBO_TAG_DEL, GUMBO_TAG_INS,
    GUMBO_TAG_MARK, GUMBO_TAG_FIGURE, GUMBO_TAG_FIGCAPTION,
    // Ruby annotations matter for CJK mail and are inert; <wbr> keeps long URLs breakable.
    GUMBO_TAG_RUBY, GUMBO_TAG_RT, GUMBO_TAG_RP, GUMBO_TAG_WBR};

// Of the allowed elements, those written without a closing tag.
constexpr TagSet k_void_output_tags{GUMBO_TAG_BR, GUMBO_TAG_HR, GUMBO_TAG_IMG, GUMBO_TAG_COL, GUMBO_TAG_WBR};

// Elements removed together with everything inside them: they run code, load or embed content,
// submit data, or hold text the reader was never meant to see.
constexpr TagSet k_dropped_with_content{
    GUMBO_TAG_SCRIPT,  GUMBO_TAG_STYLE,    GUMBO_TAG_HEAD,     GUMBO_TAG_TITLE,    GUMBO_TAG_IFRAME,
    GUMBO_TAG_FRAME,   GUMBO_TAG_FRAMESET, GUMBO_TAG_NOFRAMES, GUMBO_TAG_OBJECT,   GUMBO_TAG_EMBED,
    GUMBO_TAG_APPLET,  GUMBO_TAG_PARAM,    GUMBO_TAG_FORM,     GUMBO_TAG_INPUT,    GUMBO_TAG_BUTTON,
    GUMBO_TAG_SELECT,  GUMBO_TAG_TEXTAREA, GUMBO_TAG_OPTION,   GUMBO_TAG_OPTGROUP, GUMBO_TAG_DATALIST,
    GUMBO_TAG_KEYGEN,  GUMBO_TAG_ISINDEX,  GUMBO_TAG_NOSCRIPT, GUMBO_TAG_NOEMBED,  GUMBO_TAG_TEMPLATE,
    GUMBO_TAG_SVG,     GUMBO_TAG_MATH,     GUMBO_TAG_META,     GUMBO_TAG_LINK,     GUMBO_TAG_BASE,
    GUMBO_TAG_AUDIO,   GUMBO_TAG_VIDEO,    GUMBO_TAG_SOURCE,   GUMBO_TAG_TRACK,    GUMBO_TAG_CANVAS,
    GUMBO_TAG_BGSOUND, GUMBO_TAG_AREA};

// --- Tables for the pre-pass, following the HTML5 tree-construction rules that gumbo implements.

// Elements that never have children.
constexpr TagSet k_void_tags{
    GUMBO_TAG_AREA,  GUMBO_TAG_BASE, GUMBO_TAG_BASEFONT, GUMBO_TAG_BGSOUND, GUMBO_TAG_BR,    GUMBO_TAG_COL,
    GUMBO_TAG_EMBED, GUMBO_TAG_HR,   GUMBO_TAG_IMAGE,    GUMBO_TAG_IMG,     GUMBO_TAG_INPUT, GUMBO_TAG_KEYGEN,
    GUMBO_TAG_LINK,  GUMBO_TAG_META, GUMBO_TAG_PARAM,    GUMBO_TAG_SOURCE,  GUMBO_TAG_TRACK, GUMBO_TAG_WBR};

// Start tags that close an open <p> ("close a p element" in the spec).
constexpr TagSet k_closes_p{
    GUMBO_TAG_ADDRESS,    GUMBO_TAG_ARTICLE, GUMBO_TAG_ASIDE,  GUMBO_TAG_BLOCKQUOTE, GUMBO_TAG_CENTER,
    GUMBO_TAG_DETAILS,    GUMBO_TAG_DIR,     GUMBO_TAG_DIV,    GUMBO_TAG_DL,         GUMBO_TAG_FIELDSET,
    GUMBO_TAG_FIGCAPTION, GUMBO_TAG_FIGURE,  GUMBO_TAG_FOOTER, GUMBO_TAG_HEADER,     GUMBO_TAG_HGROUP,
    GUMBO_TAG_MAIN,       GUMBO_TAG_MENU,    GUMBO_TAG_NAV,    GUMBO_TAG_OL,         GUMBO_TAG_P,
    GUMBO_TAG_SECTION,    GUMBO_TAG_SUMMARY, GUMBO_TAG_UL,     GUMBO_TAG_H1,         GUMBO_TAG_H2,
    GUMBO_TAG_H3,         GUMBO_TAG_H4,      GUMBO_TAG_H5,     GUMBO_TAG_H6,         GUMBO_TAG_PRE,
    GUMBO_TAG_LISTING,    GUMBO_TAG_FORM,    GUMBO_TAG_HR,     GUMBO_TAG_XMP,        GUMBO_TAG_PLAINTEXT};

// The spec's "special" category: these stop the generic end-tag and list-item searches.
constexpr TagSet k_special_tags{
    GUMBO_TAG_ADDRESS,  GUMBO_TAG_APPLET,    GUMBO_TAG_AREA,     GUMBO_TAG_ARTICLE,    GUMBO_TAG_ASIDE,
    GUMBO_TAG_BASE,     GUMBO_TAG_BASEFONT,  GUMBO_TAG_BGSOUND,  GUMBO_TAG_BLOCKQUOTE, GUMBO_TAG_BODY,
    GUMBO_TAG_BR,       GUMBO_TAG_BUTTON,    GUMBO_TAG_CAPTION,  GUMBO_TAG_CENTER,     GUMBO_TAG_COL,
    GUMBO_TAG_COLGROUP, GUMBO_TAG_DD,        GUMBO_TAG_DETAILS,  GUMBO_TAG_DIR,        GUMBO_TAG_DIV,
    GUMBO_TAG_DL,       GUMBO_TAG_DT,        GUMBO_TAG_EMBED,    GUMBO_TAG_FIELDSET,   GUMBO_TAG_FIGCAPTION,
    GUMBO_TAG_FIGURE,   GUMBO_TAG_FOOTER,    GUMBO_TAG_FORM,     GUMBO_TAG_FRAME,      GUMBO_TAG_FRAMESET,
    GUMBO_TAG_H1,       GUMBO_TAG_H2,        GUMBO_TAG_H3,       GUMBO_TAG_H4,         GUMBO_TAG_H5,
    GUMBO_TAG_H6,       GUMBO_TAG_HEAD,      GUMBO_TAG_HEADER,   GUMBO_TAG_HGROUP,     GUMBO_TAG_HR,
    GUMBO_TAG_HTML,     GUMBO_TAG_IFRAME,    GUMBO_TAG_IMG,      GUMBO_TAG_INPUT,      GUMBO_TAG_ISINDEX,
    GUMBO_TAG_LI,       GUMBO_TAG_LINK,      GUMBO_TAG_LISTING,  GUMBO_TAG_MAIN,       GUMBO_TAG_MARQUEE,
    GUMBO_TAG_MENU,     GUMBO_TAG_MENUITEM,  GUMBO_TAG_META,     GUMBO_TAG_NAV,        GUMBO_TAG_NOEMBED,
    GUMBO_TAG_NOFRAMES, GUMBO_TAG_NOSCRIPT,  GUMBO_TAG_OBJECT,   GUMBO_TAG_OL,         GUMBO_TAG_P,
    GUMBO_TAG_PARAM,    GUMBO_TAG_PLAINTEXT, GUMBO_TAG_PRE,      GUMBO_TAG_SCRIPT,     GUMBO_TAG_SECTION,
    GUMBO_TAG_SELECT,   GUMBO_TAG_SOURCE,    GUMBO_TAG_STYLE,    GUMBO_TAG_SUMMARY,    GUMBO_TAG_TABLE,
    GUMBO_TAG_TBODY,    GUMBO_TAG_TD,        GUMBO_TAG_TEMPLATE, GUMBO_TAG_TEXTAREA,   GUMBO_TAG_TFOOT,
    GUMBO_TAG_TH,       GUMBO_TAG_THEAD,     GUMBO_TAG_TITLE,    GUMBO_TAG_TR,         GUMBO_TAG_TRACK,
    GUMBO_TAG_UL,       GUMBO_TAG_WBR,       GUMBO_TAG_XMP};

// Boundaries of "has an element in scope".
constexpr TagSet k_scope_boundaries{GUMBO_TAG_APPLET,  GUMBO_TAG_CAPTION, GUMBO_TAG_HTML,
                                    GUMBO_TAG_TABLE,   GUMBO_TAG_TD,      GUMBO_TAG_TH,
                                    GUMBO_TAG_MARQUEE, GUMBO_TAG_OBJECT,  GUMBO_TAG_TEMPLATE};
constexpr TagSet k_table_scope_boundaries{GUMBO_TAG_HTML, GUMBO_TAG_TABLE, GUMBO_TAG_TEMPLATE};

// Formatting elements are re-opened by the parser after being closed implicitly.
constexpr TagSet k_formatting_tags{GUMBO_TAG_A,  GUMBO_TAG_B,     GUMBO_TAG_BIG,    GUMBO_TAG_CODE,
                                   GUMBO_TAG_EM, GUMBO_TAG_FONT,  GUMBO_TAG_I,      GUMBO_TAG_NOBR,
                                   GUMBO_TAG_S,  GUMBO_TAG_SMALL, GUMBO_TAG_STRIKE, GUMBO_TAG_STRONG,
                                   GUMBO_TAG_TT, GUMBO_TAG_U};
// Elements that put a marker on the list of active formatting elements.
constexpr TagSet k_marker_tags{GUMBO_TAG_APPLET, GUMBO_TAG_OBJECT,  GUMBO_TAG_MARQUEE, GUMBO_TAG_TD,
                               GUMBO_TAG_TH,     GUMBO_TAG_CAPTION, GUMBO_TAG_TEMPLATE};

constexpr TagSet k_heading_tags{GUMBO_TAG_H1, GUMBO_TAG_H2, GUMBO_TAG_H3,
                                GUMBO_TAG_H4, GUMBO_TAG_H5, GUMBO_TAG_H6};

// HTML start tags that end SVG/MathML content ("breakout" tags in the foreign-content rules).
constexpr TagSet k_foreign_breakout_tags{
    GUMBO_TAG_B,      GUMBO_TAG_BIG,    GUMBO_TAG_BLOCKQUOTE, GUMBO_TAG_BODY,  GUMBO_TAG_BR,
    GUMBO_TAG_CENTER, GUMBO_TAG_CODE,   GUMBO_TAG_DD,         GUMBO_TAG_DIV,   GUMBO_TAG_DL,
    GUMBO_TAG_DT,     GUMBO_TAG_EM,     GUMBO_TAG_EMBED,      GUMBO_TAG_H1,    GUMBO_TAG_H2,
    GUMBO_TAG_H3,     GUMBO_TAG_H4,     GUMBO_TAG_H5,         GUMBO_TAG_H6,    GUMBO_TAG_HEAD,
    GUMBO_TAG_HR,     GUMBO_TAG_I,      GUMBO_TAG_IMG,        GUMBO_TAG_LI,    GUMBO_TAG_LISTING,
    GUMBO_TAG_MENU,   GUMBO_TAG_META,   GUMBO_TAG_NOBR,       GUMBO_TAG_OL,    GUMBO_TAG_P,
    GUMBO_TAG_PRE,    GUMBO_TAG_RUBY,   GUMBO_TAG_S,          GUMBO_TAG_SMALL, GUMBO_TAG_SPAN,
    GUMBO_TAG_STRONG, GUMBO_TAG_STRIKE, GUMBO_TAG_SUB,        GUMBO_TAG_SUP,   GUMBO_TAG_TABLE,
    GUMBO_TAG_TT,     GUMBO_TAG_U,      GUMBO_TAG_UL,         GUMBO_TAG_VAR,   GUMBO_TAG_FONT};

// Raw-text and RCDATA elements whose content the policy drops anyway: the pre-pass removes them
// whole, so gumbo's tokenizer never leaves its data state (see InputPreparer).
constexpr TagSet k_removed_raw_text_tags{GUMBO_TAG_SCRIPT,   GUMBO_TAG_STYLE,  GUMBO_TAG_TITLE,
                                         GUMBO_TAG_TEXTAREA, GUMBO_TAG_IFRAME, GUMBO_TAG_NOEMBED,
                                         GUMBO_TAG_NOFRAMES};

// ---------------------------------------------------------------------------------------------
// 3. InputPreparer
// ---------------------------------------------------------------------------------------------

// Tag identity in the pre-pass: gumbo's enum for known tags, a hash for others (<o:p>, <x-foo>).
using TagId = std::uint32_t;
constexpr TagId k_unknown_tag_bit = 0x80000000u;

TagId tag_id_of(std::string_view lower_name) {
  // No known tag name is longer than 14 characters; don't let gumbo hash a megabyte.
  if (lower_name.size() <= 16) {
    const GumboTag tag = gumbo_tagn_enum(lower_name.data(), static_cast<unsigned>(lower_name.size()));
    if (tag != GUMBO_TAG_UNKNOWN) return static_cast<TagId>(tag);
  }
  std::uint32_t hash = 2166136261u;
  for (const char c : lower_name)
    hash = (hash ^ static_cast<unsigned char>(c)) * 16777619u;
  return k_unknown_tag_bit | hash;
}

GumboTag gumbo_tag_of(TagId id) {
  return (id & k_unknown_tag_bit) != 0 ? GUMBO_TAG_UNKNOWN : static_cast<GumboTag>(id);
}

// Rewrites raw HTML into a form gumbo parses quickly and safely. gumbo 0.10.1 (as packaged by Debian,
// built with assertions) aborts the whole process on some SVG/MathML-inside-table input, and its tree
// construction is super-linear in nesting depth. This pass tokenizes the input exactly as the HTML5
// tokenizer's data state does and:
//  - removes svg and math subtrees, template subtrees, comments, CDATA sections and processing
//    instructions, and the raw-text elements the policy drops (script, style, title, textarea,
//    iframe, noembed, noframes), so gumbo sees no foreign content and its tokenizer never switches
//    state -- which in turn means every tag gumbo sees is a tag this pass saw;
//  - turns <xmp> and <plaintext> into <pre> with escaped text (what they display);
//  - mirrors the tree builder's stack of open elements and list of active formatting elements
//    closely enough to drop start tags that would nest deeper than k_max_open_elements or make the
//    formatting list longer than k_max_active_formatting, together with their end tags;
//  - drops end tags that match nothing open, and attributes beyond k_max_attributes.
// The mirror errs on the deep side, so gumbo's real depth stays within a few dozen of the cap.
// This pass is not a security boundary: whatever it emits is parsed and filtered by the allowlist.
// Every step is linear in the input or bounded by the caps, so the whole pass is linear.
class InputPreparer {
 public:
  explicit InputPreparer(std::string_view input) : m_in(input) { m_out.reserve(input.size() + 64); }

  std::string run() && {
    std::size_t pos = 0;
    while (pos < m_in.size()) {
      const Token token = next_token(pos);
      switch (token.kind) {
        case TokenKind::text:
          m_out.append(m_in.substr(token.begin, token.end - token.begin));
          pos = token.end;
          break;
        case TokenKind::text_lt:
          // Escaped so that removing the next token cannot glue this '<' to later text as a tag.
          m_out += "&lt;";
          m_out.append(m_in.substr(token.begin + 1, token.end - token.begin - 1));
          pos = token.end;
          break;
        case TokenKind::doctype:
          m_out.append(m_in.substr(token.begin, token.end - token.begin));
          pos = token.end;
          break;
        case TokenKind::dropped:
          pos = token.end;
          break;
        case TokenKind::start_tag:
          pos = on_start_tag(token);
          break;
        case TokenKind::end_tag:
          pos = on_end_tag(token);
          break;
      }
    }
    return std::move(m_out);
  }

 private:
  enum class TokenKind { text, text_lt, doctype, dropped, start_tag, end_tag };
  struct Token {
    TokenKind kind = TokenKind::text;
    std::size_t begin = 0;
    std::size_t end = 0;  // one past the token
    // Tags only.
    TagId id = 0;
    std::string name;                   // lower-case
    std::size_t attributes_cut = npos;  // where to close the tag when it has too many attributes
    std::uint64_t attributes_hash = 0;
    bool self_closing = false;
    bool complete = false;  // false when the input ends inside the tag
  };

  struct ActiveFormatting {
    TagId id = 0;
    std::uint64_t attributes_hash = 0;
    bool marker = false;
  };

  enum class Scope { normal, button, list_item, table };

  // --- Tokenizer (the HTML5 data state and tag states; the tree builder never switches it because
  // the elements that would are removed).

  Token next_token(std::size_t pos) const {
    Token token;
    token.begin = pos;
    const std::string_view rest = m_in.substr(pos);
    if (rest.front() != '<') {
      token.kind = TokenKind::text;
      token.end = std::min(m_in.find('<', pos), m_in.size());
      return token;
    }
    const char next = rest.size() > 1 ? rest[1] : '\0';
    if (rest.substr(0, 4) == "<!--") {
      token.kind = TokenKind::dropped;
      token.end = comment_end(pos);
    } else if (next == '!' || next == '?') {
      // Doctype, CDATA outside foreign content and other bogus comments all end at the first '>'.
      token.kind = starts_with_icase(rest, "<!doctype") ? TokenKind::doctype : TokenKind::dropped;
      token.end = after_next(pos + 2, '>');
    } else if (next == '/') {
      const char after_slash = rest.size() > 2 ? rest[2] : '\0';
      if (is_ascii_alpha(after_slash)) {
        token.kind = TokenKind::end_tag;
        scan_tag(token);
      } else if (after_slash == '>') {
        token.kind = TokenKind::dropped;
        token.end = pos + 3;
      } else if (rest.size() == 2) {
        token.kind = TokenKind::text_lt;
        token.end = pos + 2;
      } else {
        token.kind = TokenKind::dropped;
        token.end = after_next(pos + 2, '>');
      }
    } else if (is_ascii_alpha(next)) {
      token.kind = TokenKind::start_tag;
      scan_tag(token);
    } else {
      token.kind = TokenKind::text_lt;
      token.end = pos + 1;
    }
    return token;
  }

  std::size_t after_next(std::size_t from, char c) const {
    const std::size_t found = m_in.find(c, from);
    return found == npos ? m_in.size() : found + 1;
  }

  // A comment ends at "-->", "--!>", or right away for "<!-->" and "<!--->".
  std::size_t comment_end(std::size_t pos) const {
    std::size_t p = pos + 4;
    if (m_in.compare(p, 1, ">") == 0) return p + 1;
    if (m_in.compare(p, 2, "->") == 0) return p + 2;
    while (true) {
      const std::size_t dashes = m_in.find("--", p);
      if (dashes == npos) return m_in.size();
      std::size_t after = dashes + 2;
      while (after < m_in.size() && m_in[after] == '-')
        ++after;
      if (m_in.compare(after, 1, ">") == 0) return after + 1;
      if (m_in.compare(after, 2, "!>") == 0) return after + 2;
      p = after;
    }
  }

  // Reads a start or end tag from token.begin: name, attributes (honouring quotes, so a '>' inside
  // a quoted value does not end the tag), self-closing flag.
  void scan_tag(Token& token) const {
    const std::size_t n = m_in.size();
    std::size_t i = token.begin + (token.kind == TokenKind::end_tag ? 2 : 1);
    const std::size_t name_begin = i;
    while (i < n && !is_html_space(m_in[i]) && m_in[i] != '/' && m_in[i] != '>')
      ++i;
    token.name = lower_ascii(m_in.substr(name_begin, i - name_begin));
    token.id = tag_id_of(token.name);
    std::uint64_t hash = 14695981039346656037ull;
    std::size_t attributes = 0;
    while (true) {
      while (i < n && (is_html_space(m_in[i]) || m_in[i] == '/')) {
        if (m_in[i] == '/' && i + 1 < n && m_in[i + 1] == '>') token.self_closing = true;
        ++i;
      }
      if (i >= n) break;
      if (m_in[i] == '>') {
        token.complete = true;
        ++i;
        break;
      }
      const std::size_t attribute_begin = i;
      ++i;  // the first character of a name may be '='
      while (i < n && !is_html_space(m_in[i]) && m_in[i] != '/' && m_in[i] != '>' && m_in[i] != '=')
        ++i;
      std::size_t j = i;
      while (j < n && is_html_space(m_in[j]))
        ++j;
      if (j < n && m_in[j] == '=') {
        i = j + 1;
        while (i < n && is_html_space(m_in[i]))
          ++i;
        if (i < n && (m_in[i] == '"' || m_in[i] == '\'')) {
          i = after_next(i + 1, m_in[i]);
        } else {
          while (i < n && !is_html_space(m_in[i]) && m_in[i] != '>')
            ++i;
        }
      }
      ++attributes;
      if (attributes <= k_max_attributes) {
        for (std::size_t k = attribute_begin; k < i; ++k) {
          hash = (hash ^ static_cast<unsigned char>(m_in[k])) * 1099511628211ull;
        }
        if (attributes == k_max_attributes) token.attributes_cut = i;
      }
    }
    token.attributes_hash = hash;
    token.end = i;
  }

  // --- Emitting

  void emit_tag(const Token& token) {
    if (token.attributes_cut != npos && token.attributes_cut < token.end) {
      m_out.append(m_in.substr(token.begin, token.attributes_cut - token.begin));
      m_out += '>';
    } else {
      m_out.append(m_in.substr(token.begin, token.end - token.begin));
    }
  }

  // <xmp> and <plaintext> display their content literally; <pre> with escaped text displays the
  // same without a tokenizer state switch.
  void emit_preformatted(std::string_view text) {
    const bool as_pre = m_stack.size() < k_max_open_elements;
    if (as_pre) m_out += text.starts_with('\n') ? "<pre>\n" : "<pre>";
    for (const char c : text) {
      if (c == '&') {
        m_out += "&amp;";
      } else if (c == '<') {
        m_out += "&lt;";
      } else {
        m_out += c;
      }
    }
    if (as_pre) m_out += "</pre>";
  }

  // Position just past the end tag that closes raw text opened by `name`, searching from `from`;
  // sets content_end to where that end tag starts. At end of input both are the input size.
  std::size_t raw_text_end(std::size_t from, std::string_view name, std::size_t& content_end) const {
    std::size_t p = from;
    while (true) {
      const std::size_t lt = m_in.find("</", p);
      if (lt == npos) break;
      const std::size_t after_name = lt + 2 + name.size();
      if (starts_with_icase(m_in.substr(lt + 2), name) &&
          (after_name >= m_in.size() || is_html_space(m_in[after_name]) || m_in[after_name] == '/' ||
           m_in[after_name] == '>')) {
        content_end = lt;
        return after_next(after_name, '>');
      }
      p = lt + 2;
    }
    content_end = m_in.size();
    return m_in.size();
  }

  // Skips an svg or math subtree: to its matching end tag, or to an HTML tag that breaks out of
  // foreign content (which is then processed normally), or to the end of the input.
  std::size_t skip_foreign_content(const Token& opening) const {
    if (opening.self_closing) return opening.end;
    std::size_t depth = 1;
    std::size_t pos = opening.end;
    while (pos < m_in.size()) {
      const Token token = next_token(pos);
      const GumboTag tag = gumbo_tag_of(token.id);
      if (token.kind == TokenKind::start_tag) {
        if (k_foreign_breakout_tags.contains(tag)) return pos;
        if ((tag == GUMBO_TAG_SVG || tag == GUMBO_TAG_MATH) && !token.self_closing) ++depth;
      } else if (token.kind == TokenKind::end_tag && (tag == GUMBO_TAG_SVG || tag == GUMBO_TAG_MATH)) {
        if (--depth == 0) return token.end;
      }
      pos = token.end;
    }
    return m_in.size();
  }

  // Skips a template subtree, nested templates included. An unclosed template swallows the rest of
  // the document, as it does in a browser.
  std::size_t skip_template(const Token& opening) const {
    std::size_t depth = 1;
    std::size_t pos = opening.end;
    while (pos < m_in.size()) {
      const Token token = next_token(pos);
      if (gumbo_tag_of(token.id) == GUMBO_TAG_TEMPLATE) {
        if (token.kind == TokenKind::start_tag) ++depth;
        if (token.kind == TokenKind::end_tag && --depth == 0) return token.end;
      }
      pos = token.end;
    }
    return m_in.size();
  }

  // --- Tree-builder mirror

  std::size_t open_count(TagId id) const {
    const auto it = m_open_count.find(id);
    return it == m_open_count.end() ? 0 : it->second;
  }

  void push(TagId id) {
    m_stack.push_back(id);
    ++m_open_count[id];
    if (k_marker_tags.contains(gumbo_tag_of(id))) m_active.push_back({id, 0, true});
  }

  void forget(TagId id) {
    const auto it = m_open_count.find(id);
    if (it != m_open_count.end() && --it->second == 0) m_open_count.erase(it);
    if (k_marker_tags.contains(gumbo_tag_of(id))) clear_active_to_last_marker();
  }

  void pop_to_size(std::size_t size) {
    while (m_stack.size() > size) {
      const TagId id = m_stack.back();
      m_stack.pop_back();
      forget(id);
    }
  }

  void erase_at(std::size_t index) {
    const TagId id = m_stack[index];
    m_stack.erase(m_stack.begin() + static_cast<std::ptrdiff_t>(index));
    forget(id);
  }

  bool is_boundary(GumboTag tag, Scope scope) const {
    switch (scope) {
      case Scope::normal:
        return k_scope_boundaries.contains(tag);
      case Scope::button:
        return k_scope_boundaries.contains(tag) || tag == GUMBO_TAG_BUTTON;
      case Scope::list_item:
        return k_scope_boundaries.contains(tag) || tag == GUMBO_TAG_OL || tag == GUMBO_TAG_UL;
      case Scope::table:
        return k_table_scope_boundaries.contains(tag);
    }
    return false;
  }

  // Index of the topmost open element with this id if it is in the given scope, else npos.
  std::size_t find_in_scope(TagId id, Scope scope) const {
    if (open_count(id) == 0) return npos;
    for (std::size_t i = m_stack.size(); i-- > 0;) {
      if (m_stack[i] == id) return i;
      if (is_boundary(gumbo_tag_of(m_stack[i]), scope)) return npos;
    }
    return npos;
  }

  void close_p() {
    const std::size_t p = find_in_scope(GUMBO_TAG_P, Scope::button);
    if (p != npos) pop_to_size(p);
  }

  // <li> closes an open <li>, <dd>/<dt> an open <dd> or <dt>, unless a special element intervenes.
  void close_list_item(GumboTag a, GumboTag b) {
    for (std::size_t i = m_stack.size(); i-- > 0;) {
      const GumboTag tag = gumbo_tag_of(m_stack[i]);
      if (tag == a || tag == b) {
        pop_to_size(i);
        return;
      }
      if (k_special_tags.contains(tag) && tag != GUMBO_TAG_ADDRESS && tag != GUMBO_TAG_DIV &&
          tag != GUMBO_TAG_P) {
        return;
      }
    }
  }

  // Index of the nearest open table-structure element, or npos outside any table.
  std::size_t table_context() const {
    if (open_count(GUMBO_TAG_TABLE) == 0) return npos;
    for (std::size_t i = m_stack.size(); i-- > 0;) {
      switch (gumbo_tag_of(m_stack[i])) {
        case GUMBO_TAG_TABLE:
        case GUMBO_TAG_TBODY:
        case GUMBO_TAG_THEAD:
        case GUMBO_TAG_TFOOT:
        case GUMBO_TAG_TR:
        case GUMBO_TAG_TD:
        case GUMBO_TAG_TH:
        case GUMBO_TAG_CAPTION:
          return i;
        default:
          break;
      }
    }
    return npos;
  }

  // Table start tags close cells, rows and sections and insert implied <tbody>/<tr> the way the
  // "in table" insertion modes do. Returns false when the tag is ignored (outside any table).
  bool prepare_table_part(GumboTag tag) {
    while (true) {
      const std::size_t k = table_context();
      if (k == npos) return false;
      const GumboTag context = gumbo_tag_of(m_stack[k]);
      const bool is_cell = tag == GUMBO_TAG_TD || tag == GUMBO_TAG_TH;
      const bool is_row = tag == GUMBO_TAG_TR;
      if (context == GUMBO_TAG_TD || context == GUMBO_TAG_TH || context == GUMBO_TAG_CAPTION) {
        pop_to_size(k);
        continue;
      }
      if (context == GUMBO_TAG_TR) {
        if (is_cell) {
          pop_to_size(k + 1);
          return true;
        }
        pop_to_size(k);
        continue;
      }
      if (context != GUMBO_TAG_TABLE) {  // tbody, thead, tfoot
        if (is_cell || is_row) {
          pop_to_size(k + 1);
          if (is_cell) push(GUMBO_TAG_TR);
          return true;
        }
        pop_to_size(k);
        continue;
      }
      pop_to_size(k + 1);
      if (is_cell || is_row) push(GUMBO_TAG_TBODY);
      if (is_cell) push(GUMBO_TAG_TR);
      return true;
    }
  }

  std::size_t last_marker() const {
    for (std::size_t i = m_active.size(); i-- > 0;) {
      if (m_active[i].marker) return i;
    }
    return npos;
  }

  void clear_active_to_last_marker() {
    while (!m_active.empty()) {
      const bool marker = m_active.back().marker;
      if (!marker) --m_active_elements;
      m_active.pop_back();
      if (marker) return;
    }
  }

  std::size_t find_active(TagId id) const {
    for (std::size_t i = m_active.size(); i-- > 0;) {
      if (m_active[i].marker) return npos;
      if (m_active[i].id == id) return i;
    }
    return npos;
  }

  void erase_active(std::size_t index) {
    m_active.erase(m_active.begin() + static_cast<std::ptrdiff_t>(index));
    --m_active_elements;
  }

  void add_active(const Token& token) {
    // "Noah's Ark": at most three identical entries after the last marker.
    const std::size_t begin = last_marker() == npos ? 0 : last_marker() + 1;
    std::size_t same = 0;
    std::size_t earliest = npos;
    for (std::size_t i = begin; i < m_active.size(); ++i) {
      if (m_active[i].id == token.id && m_active[i].attributes_hash == token.attributes_hash) {
        if (same++ == 0) earliest = i;
      }
    }
    if (same >= 3) erase_active(earliest);
    m_active.push_back({token.id, token.attributes_hash, false});
    ++m_active_elements;
  }

  // The adoption agency algorithm, as far as depth is concerned. Returns whether gumbo acts on the
  // end tag (so that it is worth passing on).
  bool close_formatting(TagId id) {
    const std::size_t active = find_active(id);
    if (active == npos) return close_ordinary(id);
    std::size_t index = npos;
    for (std::size_t i = m_stack.size(); i-- > 0;) {
      if (m_stack[i] == id) {
        index = i;
        break;
      }
    }
    if (index == npos) {
      erase_active(active);
      return false;
    }
    if (find_in_scope(id, Scope::normal) != index) return false;
    std::size_t furthest_block = npos;
    for (std::size_t i = index + 1; i < m_stack.size(); ++i) {
      if (k_special_tags.contains(gumbo_tag_of(m_stack[i]))) {
        furthest_block = i;
        break;
      }
    }
    if (furthest_block == npos) {
      pop_to_size(index);
      erase_active(active);
      return true;
    }
    // The formatting element leaves the stack, non-formatting elements between it and the furthest
    // block are dropped, and a clone opens inside the furthest block (staying active).
    std::vector<TagId> rebuilt(m_stack.begin(), m_stack.begin() + static_cast<std::ptrdiff_t>(index));
    for (std::size_t i = index + 1; i < furthest_block; ++i) {
      if (k_formatting_tags.contains(gumbo_tag_of(m_stack[i]))) {
        rebuilt.push_back(m_stack[i]);
      } else {
        forget(m_stack[i]);
      }
    }
    rebuilt.push_back(m_stack[furthest_block]);
    rebuilt.push_back(id);
    rebuilt.insert(rebuilt.end(), m_stack.begin() + static_cast<std::ptrdiff_t>(furthest_block) + 1,
                   m_stack.end());
    m_stack = std::move(rebuilt);
    return true;
  }

  // "Any other end tag": close the topmost element with this name unless a special element is
  // above it.
  bool close_ordinary(TagId id) {
    if (open_count(id) == 0) return false;
    for (std::size_t i = m_stack.size(); i-- > 0;) {
      if (m_stack[i] == id) {
        pop_to_size(i);
        return true;
      }
      if (k_special_tags.contains(gumbo_tag_of(m_stack[i]))) return false;
    }
    return false;
  }

  bool close_in_scope(TagId id, Scope scope) {
    const std::size_t index = find_in_scope(id, scope);
    if (index == npos) return false;
    pop_to_size(index);
    return true;
  }

  std::size_t on_start_tag(const Token& token) {
    if (!token.complete) return m_in.size();  // the tokenizer drops a tag cut off by end of input
    const GumboTag tag = gumbo_tag_of(token.id);
    switch (tag) {
      case GUMBO_TAG_SVG:
      case GUMBO_TAG_MATH:
        return skip_foreign_content(token);
      case GUMBO_TAG_TEMPLATE:
        return skip_template(token);
      case GUMBO_TAG_XMP:
      case GUMBO_TAG_PLAINTEXT: {
        close_p();
        std::size_t content_end = m_in.size();
        const std::size_t next =
            tag == GUMBO_TAG_XMP ? raw_text_end(token.end, token.name, content_end) : m_in.size();
        emit_preformatted(m_in.substr(token.end, content_end - token.end));
        return next;
      }
      case GUMBO_TAG_FRAMESET:
      case GUMBO_TAG_FRAME:
      case GUMBO_TAG_ISINDEX:
        return token.end;  // a frameset would replace <body>; isindex expands to a form
      case GUMBO_TAG_HTML:
      case GUMBO_TAG_HEAD:
      case GUMBO_TAG_BODY:
        emit_tag(token);  // never nest: gumbo merges or ignores repeats
        return token.end;
      default:
        break;
    }
    if (k_removed_raw_text_tags.contains(tag)) {
      std::size_t content_end = 0;
      return raw_text_end(token.end, token.name, content_end);
    }
    if (!prepare_for_start_tag(tag)) return token.end;
    if (k_void_tags.contains(tag)) {
      emit_tag(token);
      return token.end;
    }
    const bool formatting = k_formatting_tags.contains(tag);
    if (m_stack.size() >= k_max_open_elements ||
        (formatting && m_active_elements >= k_max_active_formatting)) {
      ++m_suppressed[token.id];
      return token.end;
    }
    emit_tag(token);
    push(token.id);
    if (formatting) add_active(token);
    return token.end;
  }

  // The implied end tags a start tag causes. Returns false when gumbo ignores the start tag.
  bool prepare_for_start_tag(GumboTag tag) {
    switch (tag) {
      case GUMBO_TAG_LI:
        close_list_item(GUMBO_TAG_LI, GUMBO_TAG_LI);
        close_p();
        return true;
      case GUMBO_TAG_DD:
      case GUMBO_TAG_DT:
        close_list_item(GUMBO_TAG_DD, GUMBO_TAG_DT);
        close_p();
        return true;
      case GUMBO_TAG_OPTION:
      case GUMBO_TAG_OPTGROUP:
        if (!m_stack.empty() && gumbo_tag_of(m_stack.back()) == GUMBO_TAG_OPTION)
          pop_to_size(m_stack.size() - 1);
        return true;
      case GUMBO_TAG_A:
        if (find_active(GUMBO_TAG_A) != npos) {
          close_formatting(GUMBO_TAG_A);
          const std::size_t left = find_active(GUMBO_TAG_A);
          if (left != npos) erase_active(left);
          for (std::size_t i = m_stack.size(); i-- > 0;) {
            if (m_stack[i] == GUMBO_TAG_A) {
              erase_at(i);
              break;
            }
          }
        }
        return true;
      case GUMBO_TAG_TD:
      case GUMBO_TAG_TH:
      case GUMBO_TAG_TR:
      case GUMBO_TAG_TBODY:
      case GUMBO_TAG_THEAD:
      case GUMBO_TAG_TFOOT:
      case GUMBO_TAG_CAPTION:
      case GUMBO_TAG_COLGROUP:
        return prepare_table_part(tag);
      case GUMBO_TAG_TABLE: {
        // A table start tag directly inside a table (not in a cell) closes that table.
        const std::size_t k = table_context();
        if (k != npos) {
          const GumboTag context = gumbo_tag_of(m_stack[k]);
          if (context != GUMBO_TAG_TD && context != GUMBO_TAG_TH && context != GUMBO_TAG_CAPTION) {
            for (std::size_t i = k + 1; i-- > 0;) {
              if (m_stack[i] == GUMBO_TAG_TABLE) {
                pop_to_size(i);
                break;
              }
            }
          }
        }
        return true;
      }
      case GUMBO_TAG_FORM:
        if (open_count(GUMBO_TAG_FORM) > 0) return false;  // gumbo ignores nested forms
        close_p();
        return true;
      case GUMBO_TAG_BUTTON:
        close_in_scope(GUMBO_TAG_BUTTON, Scope::normal);
        return true;
      case GUMBO_TAG_SELECT:
        if (open_count(GUMBO_TAG_SELECT) > 0) {  // acts as </select>
          close_in_scope(GUMBO_TAG_SELECT, Scope::normal);
          return false;
        }
        return true;
      case GUMBO_TAG_INPUT:
      case GUMBO_TAG_KEYGEN:
        close_in_scope(GUMBO_TAG_SELECT, Scope::normal);
        return true;
      default:
        break;
    }
    if (k_closes_p.contains(tag)) close_p();
    if (k_heading_tags.contains(tag) && !m_stack.empty() &&
        k_heading_tags.contains(gumbo_tag_of(m_stack.back()))) {
      pop_to_size(m_stack.size() - 1);
    }
    return true;
  }

  std::size_t on_end_tag(const Token& token) {
    if (!token.complete) return m_in.size();
    const auto suppressed = m_suppressed.find(token.id);
    if (suppressed != m_suppressed.end()) {
      if (--suppressed->second == 0) m_suppressed.erase(suppressed);
      return token.end;
    }
    const GumboTag tag = gumbo_tag_of(token.id);
    bool pass_on = false;
    switch (tag) {
      case GUMBO_TAG_P:
        close_p();
        pass_on = true;  // without an open <p>, gumbo inserts an empty one
        break;
      case GUMBO_TAG_BR:
        pass_on = true;  // gumbo treats </br> as <br>
        break;
      case GUMBO_TAG_FORM: {
        // </form> removes only the form element; what it contains stays open.
        const std::size_t index = find_in_scope(token.id, Scope::normal);
        if (index != npos) {
          erase_at(index);
          pass_on = true;
        }
        break;
      }
      case GUMBO_TAG_LI:
        pass_on = close_in_scope(token.id, Scope::list_item);
        break;
      case GUMBO_TAG_H1:
      case GUMBO_TAG_H2:
      case GUMBO_TAG_H3:
      case GUMBO_TAG_H4:
      case GUMBO_TAG_H5:
      case GUMBO_TAG_H6:
        for (std::size_t i = m_stack.size(); i-- > 0;) {
          const GumboTag open = gumbo_tag_of(m_stack[i]);
          if (k_heading_tags.contains(open)) {
            pop_to_size(i);
            pass_on = true;
            break;
          }
          if (is_boundary(open, Scope::normal)) break;
        }
        break;
      case GUMBO_TAG_TABLE:
      case GUMBO_TAG_TBODY:
      case GUMBO_TAG_THEAD:
      case GUMBO_TAG_TFOOT:
      case GUMBO_TAG_TR:
      case GUMBO_TAG_TD:
      case GUMBO_TAG_TH:
      case GUMBO_TAG_CAPTION:
      case GUMBO_TAG_COLGROUP:
        pass_on = close_in_scope(token.id, Scope::table);
        break;
      case GUMBO_TAG_HTML:
      case GUMBO_TAG_HEAD:
      case GUMBO_TAG_BODY:
        break;  // content after </body> still goes into the body
      default:
        if (k_formatting_tags.contains(tag)) {
          pass_on = close_formatting(token.id);
        } else if (k_special_tags.contains(tag)) {
          pass_on = close_in_scope(token.id, Scope::normal);
        } else {
          pass_on = close_ordinary(token.id);
        }
        break;
    }
    if (pass_on) emit_tag(token);
    return token.end;
  }

  std::string_view m_in;
  std::string m_out;
  std::vector<TagId> m_stack;                           // mirror of the stack of open elements
  std::unordered_map<TagId, std::size_t> m_open_count;  // how often each id is on m_stack
  std::vector<ActiveFormatting> m_active;               // mirror of the active formatting list
  std::size_t m_active_elements = 0;                    // non-marker entries in m_active
  std::unordered_map<TagId, std::size_t> m_suppressed;  // dropped start tags awaiting end tags
};

// ---------------------------------------------------------------------------------------------
// 4. Parsing and walking
// ---------------------------------------------------------------------------------------------

struct GumboOutputDeleter {
  void operator()(GumboOutput* output) const { gumbo_destroy_output(&kGumboDefaultOptions, output); }
};
using GumboDocumentPtr = std::unique_ptr<GumboOutput, GumboOutputDeleter>;

GumboDocumentPtr parse_html(std::string_view html, std::size_t max_output) {
  const std::size_t input_limit = std::max(
      k_min_input, max_output > npos / k_input_per_output_byte ? npos : max_output * k_input_per_output_byte);
  const std::string prepared = InputPreparer(html.substr(0, std::min(html.size(), input_limit))).run();
  GumboOptions options = kGumboDefaultOptions;
  // Parse errors are not used; recording them costs memory proportional to the garbage.
  options.max_errors = 0;
  return GumboDocumentPtr(gumbo_parse_with_options(&options, prepared.data(), prepared.size()));
}

const GumboNode* find_body(const GumboOutput* output) {
  if (output == nullptr || output->root == nullptr || output->root->type != GUMBO_NODE_ELEMENT)
    return nullptr;
  const GumboVector& children = output->root->v.element.children;
  for (unsigned i = 0; i < children.length; ++i) {
    const auto* child = static_cast<const GumboNode*>(children.data[i]);
    if (child->type == GUMBO_NODE_ELEMENT && child->v.element.tag == GUMBO_TAG_BODY) return child;
  }
  return nullptr;
}

const char* attribute_value(const GumboElement& element, const char* name) {
  const GumboAttribute* attribute = gumbo_get_attribute(&element.attributes, name);
  return attribute == nullptr ? nullptr : attribute->value;
}

enum class Visit { descend, skip };

// Walks the descendants of root in document order without recursion (the tree may be a few hundred
// levels deep). Visitor: Visit enter(const GumboNode&) for elements, void leave(const GumboNode&)
// after the children of an entered element, void text(std::string_view) for text, bool done().
template <typename Visitor>
void walk(const GumboNode& root, Visitor& visitor) {
  struct Frame {
    const GumboNode* node;
    unsigned next_child;
  };
  std::vector<Frame> stack{{&root, 0}};
  while (!stack.empty() && !visitor.done()) {
    Frame& frame = stack.back();
    const GumboVector& children = frame.node->v.element.children;
    if (frame.next_child == children.length) {
      const GumboNode* finished = frame.node;
      stack.pop_back();
      if (!stack.empty()) visitor.leave(*finished);
      continue;
    }
    const auto* child = static_cast<const GumboNode*>(children.data[frame.next_child++]);
    switch (child->type) {
      case GUMBO_NODE_ELEMENT:
        if (visitor.enter(*child) == Visit::descend) stack.push_back({child, 0});
        break;
      case GUMBO_NODE_TEXT:
      case GUMBO_NODE_WHITESPACE:
        visitor.text(child->v.text.text);
        break;
      default:
        break;  // comments; CDATA and templates cannot occur after the pre-pass
    }
  }
}

// ---------------------------------------------------------------------------------------------
// 5. Sanitiser
// ---------------------------------------------------------------------------------------------

// Builds the output within a byte budget. Before anything is written, room for the end tags of all
// open elements is reserved, so cutting off never leaves an element unclosed.
class HtmlWriter {
 public:
  explicit HtmlWriter(std::size_t limit) : m_limit(limit) {}

  bool full() const { return m_full; }

  // Writes a complete start tag; false (and full) when it does not fit.
  bool open(std::string_view start_tag, std::string_view name, bool is_void) {
    const std::size_t closing = is_void ? 0 : name.size() + 3;
    if (!fits(start_tag.size() + closing)) return false;
    m_out += start_tag;
    if (!is_void) {
      m_open.push_back(name);
      m_reserved += closing;
    }
    return true;
  }

  void close() {
    const std::string_view name = m_open.back();
    m_open.pop_back();
    m_reserved -= name.size() + 3;
    m_out += "</";
    m_out += name;
    m_out += '>';
  }

  // Escaped text; stops at the last whole character that fits.
  void text(std::string_view utf8) {
    std::string piece;
    for (std::size_t i = 0; i < utf8.size() && !m_full;) {
      const char32_t cp = next_code_point(utf8, i);
      piece.clear();
      switch (cp) {
        case '&':
          piece = "&amp;";
          break;
        case '<':
          piece = "&lt;";
          break;
        case '>':
          piece = "&gt;";
          break;
        case 0xA0:
          piece = "&nbsp;";
          break;
        default:
          if (is_dropped_control(cp)) continue;
          append_utf8(piece, cp);
      }
      if (!fits(piece.size())) return;
      m_out += piece;
    }
  }

  std::string finish() && {
    while (!m_open.empty())
      close();
    return std::move(m_out);
  }

 private:
  bool fits(std::size_t size) {
    if (!m_full && m_out.size() + size + m_reserved <= m_limit) return true;
    m_full = true;
    return false;
  }

  std::string m_out;
  std::size_t m_limit;
  std::size_t m_reserved = 0;  // bytes of end tags for the elements in m_open
  std::vector<std::string_view> m_open;
  bool m_full = false;
};

// Appends ` name="value"` with the value escaped for a double-quoted attribute.
void append_attribute(std::string& tag, std::string_view name, std::string_view value) {
  tag += ' ';
  tag += name;
  tag += "=\"";
  for (std::size_t i = 0; i < value.size();) {
    const char32_t cp = next_code_point(value, i);
    switch (cp) {
      case '&':
        tag += "&amp;";
        break;
      case '"':
        tag += "&quot;";
        break;
      case '<':
        tag += "&lt;";
        break;
      case '>':
        tag += "&gt;";
        break;
      default:
        if (!is_dropped_control(cp)) append_utf8(tag, cp);
    }
  }
  tag += '"';
}

// Presentational attributes allowed on every allowed element. Their values are plain tokens to the
// browser (never URLs or script), so escaping them is enough.
bool is_global_attribute(std::string_view name) {
  static constexpr std::array<std::string_view, 17> k_names{
      "title",  "dir",         "lang",        "align",   "valign", "width", "height", "colspan", "rowspan",
      "border", "cellpadding", "cellspacing", "bgcolor", "color",  "face",  "size",   "alt"};
  return std::find(k_names.begin(), k_names.end(), name) != k_names.end();
}

bool is_allowed_attribute(GumboTag tag, std::string_view name) {
  if (is_global_attribute(name)) return true;
  switch (tag) {
    case GUMBO_TAG_OL:
      return name == "start" || name == "type" || name == "reversed";
    case GUMBO_TAG_UL:
      return name == "type";
    case GUMBO_TAG_LI:
      return name == "value" || name == "type";
    case GUMBO_TAG_TD:
    case GUMBO_TAG_TH:
      return name == "nowrap" || name == "scope" || name == "abbr";
    case GUMBO_TAG_COL:
    case GUMBO_TAG_COLGROUP:
      return name == "span";
    case GUMBO_TAG_TABLE:
      return name == "summary" || name == "rules" || name == "frame";
    case GUMBO_TAG_HR:
      return name == "noshade";
    case GUMBO_TAG_DEL:
    case GUMBO_TAG_INS:
      return name == "datetime";
    default:
      return false;
  }
}

// A URL as the browser's URL parser sees it: leading and trailing C0 controls and spaces removed,
// tabs and newlines removed everywhere. (gumbo has already decoded character references.)
std::string clean_url(std::string_view value) {
  while (!value.empty() && static_cast<unsigned char>(value.front()) <= 0x20)
    value.remove_prefix(1);
  while (!value.empty() && static_cast<unsigned char>(value.back()) <= 0x20)
    value.remove_suffix(1);
  std::string url;
  url.reserve(value.size());
  for (const char c : value) {
    if (c != '\t' && c != '\n' && c != '\r') url += c;
  }
  return url;
}

// The lower-cased scheme of a URL, or "" for a relative URL or anything that is not a valid scheme
// ("jav&#x09;ascript:" after decoding and cleaning is "javascript:"; "java\x01script:" has none).
std::string url_scheme(std::string_view url) {
  if (url.empty() || !is_ascii_alpha(url.front())) return {};
  for (std::size_t i = 1; i < url.size(); ++i) {
    const char c = url[i];
    if (c == ':') return lower_ascii(url.substr(0, i));
    if (!is_ascii_alpha(c) && !is_ascii_digit(c) && c != '+' && c != '-' && c != '.') return {};
  }
  return {};
}

bool is_remote_url(std::string_view url) {
  const std::string scheme = url_scheme(url);
  if (scheme == "http" || scheme == "https") return true;
  // Protocol-relative; browsers treat backslashes like slashes here.
  return url.size() >= 2 && (url[0] == '/' || url[0] == '\\') && (url[1] == '/' || url[1] == '\\');
}

bool is_base64(std::string_view s) {
  return !s.empty() && std::all_of(s.begin(), s.end(), [](char c) {
    return is_ascii_alpha(c) || is_ascii_digit(c) || c == '+' || c == '/' || c == '=';
  });
}

// "data:image/png;base64,...." with a raster type; the normalised URL, or "" if not acceptable.
// image/svg+xml is excluded on purpose: SVG documents can carry script.
std::string safe_data_image(std::string_view url) {
  static constexpr std::array<std::string_view, 5> k_prefixes{
      "data:image/png;base64,", "data:image/gif;base64,", "data:image/jpeg;base64,", "data:image/jpg;base64,",
      "data:image/webp;base64,"};
  for (const std::string_view prefix : k_prefixes) {
    if (!starts_with_icase(url, prefix)) continue;
    std::string data(prefix);
    for (const char c : url.substr(prefix.size())) {
      if (!is_html_space(c)) data += c;
    }
    return is_base64(std::string_view(data).substr(prefix.size())) ? data : std::string();
  }
  return {};
}

// RFC 2392: a cid URL is the Content-ID with URL escaping, without the angle brackets. Content-IDs
// are printable ASCII, so only escapes of printable ASCII are decoded, and control characters are
// dropped: the list never carries NULs or broken UTF-8 to its consumers.
std::string content_id_of(std::string_view cid_url_rest) {
  const auto hex = [](char h) -> int {
    if (is_ascii_digit(h)) return h - '0';
    const char l = to_lower_ascii(h);
    return (l >= 'a' && l <= 'f') ? l - 'a' + 10 : -1;
  };
  std::string id;
  for (std::size_t i = 0; i < cid_url_rest.size(); ++i) {
    const char c = cid_url_rest[i];
    if (c == '%' && i + 2 < cid_url_rest.size() && hex(cid_url_rest[i + 1]) >= 0 &&
        hex(cid_url_rest[i + 2]) >= 0) {
      const int decoded = hex(cid_url_rest[i + 1]) * 16 + hex(cid_url_rest[i + 2]);
      if (decoded > 0x20 && decoded < 0x7F) {
        id += static_cast<char>(decoded);
        i += 2;
        continue;
      }
    }
    if (static_cast<unsigned char>(c) >= 0x20 && c != 0x7F) id += c;
  }
  if (id.size() >= 2 && id.front() == '<' && id.back() == '>') id = id.substr(1, id.size() - 2);
  return id;
}

// --- CSS

bool is_safe_css_property(std::string_view property) {
  if (property.empty() || !std::all_of(property.begin(), property.end(),
                                       [](char c) { return (c >= 'a' && c <= 'z') || c == '-'; })) {
    return false;
  }
  static constexpr std::array<std::string_view, 14> k_properties{
      "color",      "background-color", "font-family",     "font-size",      "font-weight",
      "font-style", "text-align",       "text-decoration", "line-height",    "width",
      "height",     "vertical-align",   "white-space",     "list-style-type"};
  if (std::find(k_properties.begin(), k_properties.end(), property) != k_properties.end()) return true;
  const auto family = [&](std::string_view name) {
    return property == name || (property.starts_with(name) && property[name.size()] == '-');
  };
  // border-image takes image URLs (image-set("x.png") needs no url()).
  return family("margin") || family("padding") || (family("border") && !property.starts_with("border-image"));
}

// A declaration value is kept only if it is made of plain tokens: no escapes, comments, at-rules,
// or functions other than colour and calc functions (which rules out url(), expression(),
// image-set(), var() and whatever a browser adds next).
bool is_safe_css_value(std::string_view property, std::string_view value) {
  if (value.empty() || value.size() > 1024) return false;
  const std::string lower = lower_ascii(value);
  for (const std::string_view banned : {"url(", "expression", "\\", "javascript", "vbscript", "@import", "<",
                                        ">", "/*", "*/", "@", "behavior", "binding"}) {
    if (lower.find(banned) != std::string::npos) return false;
  }
  // Negative margins move the mail's content over the surrounding UI.
  if (property.starts_with("margin") && lower.find('-') != std::string::npos) return false;
  char quote = 0;
  int parens = 0;
  for (std::size_t i = 0; i < lower.size(); ++i) {
    const char c = lower[i];
    if (static_cast<unsigned char>(c) >= 0x80) continue;  // non-ASCII font names such as 微软雅黑
    if (quote != 0) {
      if (c == quote) quote = 0;
      continue;
    }
    if (c == '"' || c == '\'') {
      quote = c;
    } else if (c == '(') {
      std::size_t begin = i;
      while (begin > 0 && (is_ascii_alpha(lower[begin - 1]) || lower[begin - 1] == '-'))
        --begin;
      const std::string_view function = std::string_view(lower).substr(begin, i - begin);
      if (function != "rgb" && function != "rgba" && function != "hsl" && function != "hsla" &&
          function != "calc") {
        return false;
      }
      ++parens;
    } else if (c == ')') {
      if (--parens < 0) return false;
    } else if (!is_ascii_alpha(c) && !is_ascii_digit(c) && !is_html_space(c) &&
               std::string_view(" #%.,+-_!/*").find(c) == std::string_view::npos) {
      return false;
    }
  }
  return quote == 0 && parens == 0;
}

// Keeps the safe declarations of a style attribute, normalised to "property: value; ...".
std::string filter_style(std::string_view css) {
  std::vector<std::string_view> declarations;
  char quote = 0;
  int parens = 0;
  std::size_t begin = 0;
  // Split at top-level semicolons; one inside a string or parentheses does not end a declaration.
  // An unterminated string swallows the rest, which then fails validation as a whole.
  for (std::size_t i = 0; i < css.size(); ++i) {
    const char c = css[i];
    if (quote != 0) {
      if (c == quote) quote = 0;
    } else if (c == '"' || c == '\'') {
      quote = c;
    } else if (c == '(') {
      ++parens;
    } else if (c == ')') {
      parens = std::max(0, parens - 1);
    } else if (c == ';' && parens == 0) {
      declarations.push_back(css.substr(begin, i - begin));
      begin = i + 1;
    }
  }
  declarations.push_back(css.substr(begin));
  std::string out;
  for (const std::string_view declaration : declarations) {
    const std::size_t colon = declaration.find(':');
    if (colon == std::string_view::npos) continue;
    const std::string property = lower_ascii(trim_html_space(declaration.substr(0, colon)));
    const std::string_view value = trim_html_space(declaration.substr(colon + 1));
    if (!is_safe_css_property(property) || !is_safe_css_value(property, value)) continue;
    if (!out.empty()) out += "; ";
    out += property;
    out += ": ";
    bool space = false;
    for (const char c : value) {
      if (is_html_space(c)) {
        space = true;
        continue;
      }
      if (space) out += ' ';
      space = false;
      out += c;
    }
  }
  return out;
}

class Sanitizer {
 public:
  explicit Sanitizer(std::size_t max_output) : m_writer(max_output) {}

  bool done() const { return m_writer.full(); }

  Visit enter(const GumboNode& node) {
    const GumboElement& element = node.v.element;
    if (element.tag_namespace != GUMBO_NAMESPACE_HTML) return Visit::skip;
    const GumboTag tag = element.tag;
    note_remote_background(element);
    if (k_dropped_with_content.contains(tag)) return Visit::skip;
    if (tag == GUMBO_TAG_IMG) {
      write_image(element);
      return Visit::skip;
    }
    // Unwrap (keep the content of) unknown and disallowed elements, elements nested too deep, and
    // links inside links: gumbo builds those by foster-parenting out of tables, but parsing the
    // output again would split them, so the output would not mean what was checked.
    if (!k_allowed_tags.contains(tag) || m_depth >= k_max_output_depth ||
        (tag == GUMBO_TAG_A && m_open_links > 0)) {
      m_emitted.push_back(false);
      return Visit::descend;
    }
    const std::string_view name = gumbo_normalized_tagname(tag);
    const bool is_void = k_void_output_tags.contains(tag);
    if (!m_writer.open(start_tag(tag, name, element), name, is_void) || is_void) return Visit::skip;
    m_emitted.push_back(true);
    ++m_depth;
    if (tag == GUMBO_TAG_A) ++m_open_links;
    // The parser drops a newline right after <pre>; repeat it so that a leading newline survives.
    if (tag == GUMBO_TAG_PRE && element.children.length > 0) {
      const auto* first = static_cast<const GumboNode*>(element.children.data[0]);
      if ((first->type == GUMBO_NODE_TEXT || first->type == GUMBO_NODE_WHITESPACE) &&
          first->v.text.text[0] == '\n') {
        m_writer.text("\n");
      }
    }
    return Visit::descend;
  }

  void leave(const GumboNode& node) {
    if (m_emitted.back()) {
      m_writer.close();
      --m_depth;
      if (node.v.element.tag == GUMBO_TAG_A) --m_open_links;
    }
    m_emitted.pop_back();
  }

  void text(std::string_view text) { m_writer.text(text); }

  SanitizedHtml finish() && {
    SanitizedHtml result;
    result.html = std::move(m_writer).finish();
    result.cids = std::move(m_cids);
    result.removed_remote_images = m_removed_remote_images;
    return result;
  }

 private:
  std::string start_tag(GumboTag tag, std::string_view name, const GumboElement& element) {
    std::string out = "<";
    out += name;
    bool link = false;
    for (unsigned i = 0; i < element.attributes.length; ++i) {
      const auto* attribute = static_cast<const GumboAttribute*>(element.attributes.data[i]);
      const std::string_view attribute_name = attribute->name;
      if (attribute_name == "style") {
        const std::string style = filter_style(attribute->value);
        if (!style.empty()) append_attribute(out, "style", style);
      } else if (attribute_name == "href" && tag == GUMBO_TAG_A) {
        const std::string url = clean_url(attribute->value);
        const std::string scheme = url_scheme(url);
        if (scheme == "http" || scheme == "https" || scheme == "mailto") {
          append_attribute(out, "href", url);
          link = true;
        }
      } else if (is_allowed_attribute(tag, attribute_name)) {
        append_attribute(out, attribute_name, attribute->value);
      }
    }
    if (link) out += R"( rel="noopener noreferrer nofollow" target="_blank")";
    out += '>';
    return out;
  }

  void write_image(const GumboElement& element) {
    const char* src = attribute_value(element, "src");
    const std::string url = clean_url(src == nullptr ? "" : src);
    std::string kept_src;
    std::string content_id;
    if (starts_with_icase(url, "cid:")) {
      const std::string_view rest = trim_html_space(std::string_view(url).substr(4));
      content_id = content_id_of(rest);
      if (!content_id.empty()) kept_src = "cid:" + std::string(rest);
    } else if (starts_with_icase(url, "data:")) {
      kept_src = safe_data_image(url);
    } else if (is_remote_url(url)) {
      m_removed_remote_images = true;
    }
    if (kept_src.empty()) {
      // The image goes, what it stood for stays.
      if (const char* alt = attribute_value(element, "alt"); alt != nullptr) m_writer.text(alt);
      return;
    }
    std::string tag = "<img";
    append_attribute(tag, "src", kept_src);
    for (unsigned i = 0; i < element.attributes.length; ++i) {
      const auto* attribute = static_cast<const GumboAttribute*>(element.attributes.data[i]);
      const std::string_view name = attribute->name;
      if (name == "style") {
        const std::string style = filter_style(attribute->value);
        if (!style.empty()) append_attribute(tag, "style", style);
      } else if (is_allowed_attribute(GUMBO_TAG_IMG, name)) {
        append_attribute(tag, name, attribute->value);
      }
    }
    tag += '>';
    if (!m_writer.open(tag, "img", true)) return;
    if (!content_id.empty() && std::find(m_cids.begin(), m_cids.end(), content_id) == m_cids.end()) {
      m_cids.push_back(std::move(content_id));
    }
  }

  // Background images (<td background="http://...">) are tracking pixels too; the attribute is
  // never kept, but the reader should learn that something was blocked.
  void note_remote_background(const GumboElement& element) {
    const char* background = attribute_value(element, "background");
    if (background != nullptr && is_remote_url(clean_url(background))) m_removed_remote_images = true;
  }

  HtmlWriter m_writer;
  std::vector<bool> m_emitted;   // per entered element: whether its tags are written
  std::size_t m_depth = 0;       // written elements currently open
  std::size_t m_open_links = 0;  // written <a> elements currently open
  std::vector<std::string> m_cids;
  bool m_removed_remote_images = false;
};

// ---------------------------------------------------------------------------------------------
// 6. Plain text
// ---------------------------------------------------------------------------------------------

// Accumulates text with pending separators that are resolved only when content follows, so that
// empty elements and trailing whitespace leave no trace.
class TextWriter {
 public:
  explicit TextWriter(std::size_t limit) : m_limit(limit) {}

  bool full() const { return m_full; }

  // Requires at least `count` newlines before the next content (2 = a blank line).
  void block(int count) {
    if (!m_cell_start) m_pending_breaks = std::max(m_pending_breaks, count);
  }
  // Starts a table cell: later cells are separated from the previous one by a tab, and blocks at
  // the very start of a cell (Outlook puts a <p> in every cell) do not break the row.
  void cell(bool first) {
    if (first) {
      m_pending_breaks = std::min(m_pending_breaks, 1);
    } else {
      m_pending_breaks = 0;
      m_pending_separator = '\t';
    }
    m_cell_start = true;
  }
  // Text written at the start of the next line that has content (list markers).
  void prefix(std::string text) { m_prefix = std::move(text); }
  void clear_prefix() { m_prefix.clear(); }

  void line_break() {
    resolve_breaks();
    m_pending_space = false;
    m_pending_separator = 0;
    m_cell_start = false;
    append("\n");
  }

  // Flowing text: runs of whitespace collapse into one space.
  void flow(std::string_view utf8) {
    std::string word;
    for (std::size_t i = 0; i < utf8.size() && !m_full;) {
      const char32_t cp = next_code_point(utf8, i);
      const bool space = cp == ' ' || cp == '\t' || cp == '\n' || cp == '\r' || cp == '\f' || cp == 0xA0;
      if (space) {
        flush_word(word);
        m_pending_space = true;
      } else if (!is_dropped_control(cp)) {
        append_utf8(word, cp);
      }
    }
    flush_word(word);
  }

  // Text inside <pre>: whitespace kept as written.
  void preformatted(std::string_view utf8) {
    std::string text;
    for (std::size_t i = 0; i < utf8.size();) {
      const char32_t cp = next_code_point(utf8, i);
      if (cp == 0xA0) {
        text += ' ';
      } else if (!is_dropped_control(cp)) {
        append_utf8(text, cp);
      }
    }
    if (text.empty()) return;
    begin_content();
    append(text);
  }

  // Trailing blanks removed from every line, at most one blank line in a row, none at either end.
  std::string finish() && {
    std::string out;
    out.reserve(m_out.size());
    int blank_lines = 0;
    std::size_t begin = 0;
    while (begin <= m_out.size()) {
      std::size_t end = m_out.find('\n', begin);
      if (end == std::string::npos) end = m_out.size();
      std::string_view line = std::string_view(m_out).substr(begin, end - begin);
      while (!line.empty() && (line.back() == ' ' || line.back() == '\t'))
        line.remove_suffix(1);
      if (line.empty()) {
        ++blank_lines;
      } else {
        if (!out.empty()) out.append(blank_lines > 0 ? "\n\n" : "\n");
        out += line;
        blank_lines = 0;
      }
      begin = end + 1;
    }
    return out;
  }

 private:
  bool at_line_start() const { return m_out.empty() || m_out.back() == '\n'; }

  void resolve_breaks() {
    if (m_pending_breaks > 0 && !m_out.empty()) {
      int trailing = 0;
      for (std::size_t i = m_out.size(); i > 0 && m_out[i - 1] == '\n' && trailing < 2; --i)
        ++trailing;
      for (int i = trailing; i < m_pending_breaks; ++i)
        append("\n");
    }
    m_pending_breaks = 0;
  }

  void begin_content() {
    if (m_pending_breaks > 0 && !m_out.empty()) {
      resolve_breaks();
    } else if (m_pending_separator != 0 && !at_line_start()) {
      append(std::string_view(&m_pending_separator, 1));
    } else if (m_pending_space && !at_line_start()) {
      append(" ");
    }
    m_pending_breaks = 0;
    m_pending_separator = 0;
    m_pending_space = false;
    m_cell_start = false;
    if (at_line_start() && !m_prefix.empty()) {
      append(m_prefix);
      m_prefix.clear();
    }
  }

  void flush_word(std::string& word) {
    if (word.empty()) return;
    begin_content();
    append(word);
    word.clear();
  }

  void append(std::string_view text) {
    if (m_full) return;
    if (m_out.size() + text.size() > m_limit) {
      m_out.append(text.substr(0, utf8_prefix_length(text, m_limit - m_out.size())));
      m_full = true;
      return;
    }
    m_out.append(text);
  }

  std::string m_out;
  std::size_t m_limit;
  bool m_full = false;
  int m_pending_breaks = 0;
  char m_pending_separator = 0;
  bool m_pending_space = false;
  bool m_cell_start = false;  // in a table cell that has no content yet
  std::string m_prefix;
};

class TextRenderer {
 public:
  explicit TextRenderer(std::size_t max_output) : m_text(max_output) {}

  bool done() const { return m_text.full(); }

  Visit enter(const GumboNode& node) {
    const GumboElement& element = node.v.element;
    if (element.tag_namespace != GUMBO_NAMESPACE_HTML) return Visit::skip;
    const GumboTag tag = element.tag;
    if (k_dropped_with_content.contains(tag)) return Visit::skip;
    switch (tag) {
      case GUMBO_TAG_BR:
        m_text.line_break();
        return Visit::skip;
      case GUMBO_TAG_IMG:
        return Visit::skip;
      case GUMBO_TAG_UL:
      case GUMBO_TAG_OL:
      case GUMBO_TAG_MENU:
      case GUMBO_TAG_DIR:
        ++m_list_depth;
        m_text.block(1);
        break;
      case GUMBO_TAG_LI:
        m_text.block(1);
        m_text.prefix(std::string(2 * (std::max<std::size_t>(m_list_depth, 1) - 1), ' ') + "- ");
        break;
      case GUMBO_TAG_TR:
        m_text.block(1);
        m_cells.push_back(0);
        break;
      case GUMBO_TAG_TD:
      case GUMBO_TAG_TH:
        if (!m_cells.empty()) m_text.cell(m_cells.back()++ == 0);
        break;
      case GUMBO_TAG_PRE:
      case GUMBO_TAG_LISTING:
        ++m_pre_depth;
        m_text.block(1);
        break;
      default:
        m_text.block(breaks_around(tag));
        break;
    }
    return Visit::descend;
  }

  void leave(const GumboNode& node) {
    const GumboTag tag = node.v.element.tag;
    switch (tag) {
      case GUMBO_TAG_UL:
      case GUMBO_TAG_OL:
      case GUMBO_TAG_MENU:
      case GUMBO_TAG_DIR:
        --m_list_depth;
        m_text.block(1);
        break;
      case GUMBO_TAG_LI:
        m_text.clear_prefix();
        m_text.block(1);
        break;
      case GUMBO_TAG_TR:
        m_cells.pop_back();
        m_text.block(1);
        break;
      case GUMBO_TAG_PRE:
      case GUMBO_TAG_LISTING:
        --m_pre_depth;
        m_text.block(1);
        break;
      default:
        m_text.block(breaks_around(tag));
        break;
    }
  }

  void text(std::string_view text) {
    if (m_pre_depth > 0) {
      m_text.preformatted(text);
    } else {
      m_text.flow(text);
    }
  }

  std::string finish() && { return std::move(m_text).finish(); }

 private:
  // Paragraphs and headings stand apart by a blank line, other blocks by a line break.
  static int breaks_around(GumboTag tag) {
    if (tag == GUMBO_TAG_P || k_heading_tags.contains(tag)) return 2;
    static constexpr TagSet k_blocks{
        GUMBO_TAG_ADDRESS,  GUMBO_TAG_ARTICLE,    GUMBO_TAG_ASIDE,  GUMBO_TAG_BLOCKQUOTE, GUMBO_TAG_CENTER,
        GUMBO_TAG_DD,       GUMBO_TAG_DETAILS,    GUMBO_TAG_DIV,    GUMBO_TAG_DL,         GUMBO_TAG_DT,
        GUMBO_TAG_FIELDSET, GUMBO_TAG_FIGCAPTION, GUMBO_TAG_FIGURE, GUMBO_TAG_FOOTER,     GUMBO_TAG_HEADER,
        GUMBO_TAG_HGROUP,   GUMBO_TAG_HR,         GUMBO_TAG_LEGEND, GUMBO_TAG_MAIN,       GUMBO_TAG_NAV,
        GUMBO_TAG_SECTION,  GUMBO_TAG_SUMMARY,    GUMBO_TAG_TABLE,  GUMBO_TAG_TBODY,      GUMBO_TAG_THEAD,
        GUMBO_TAG_TFOOT,    GUMBO_TAG_CAPTION};
    return k_blocks.contains(tag) ? 1 : 0;
  }

  TextWriter m_text;
  std::size_t m_list_depth = 0;
  std::size_t m_pre_depth = 0;
  std::vector<std::size_t> m_cells;  // cells seen so far in each open table row
};

}  // namespace

SanitizedHtml sanitize_html(std::string_view html, std::size_t max_output) {
  Sanitizer sanitizer(max_output);
  const GumboDocumentPtr document = parse_html(html, max_output);
  if (const GumboNode* body = find_body(document.get()); body != nullptr && max_output > 0)
    walk(*body, sanitizer);
  return std::move(sanitizer).finish();
}

std::string html_to_text(std::string_view html, std::size_t max_output) {
  TextRenderer renderer(max_output);
  const GumboDocumentPtr document = parse_html(html, max_output);
  if (const GumboNode* body = find_body(document.get()); body != nullptr && max_output > 0)
    walk(*body, renderer);
  return std::move(renderer).finish();
}

}  // namespace techdesk::email
