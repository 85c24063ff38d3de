#include "search/tokenizer.h"

#include <memory>
#include <span>
#include <unordered_map>

#include <unicode/brkiter.h>
#include <unicode/normalizer2.h>
#include <unicode/translit.h>
#include <unicode/uchar.h>
#include <unicode/uscript.h>

namespace techdesk::search {

namespace {

constexpr std::size_t k_max_token_chars = 64;  // longer words (hashes, base64) are cut here

// Decodes one code point at s[i]; invalid or truncated sequences read as U+FFFD, one byte long.
char32_t decode(std::string_view s, std::size_t i, std::size_t& len) {
  auto b = static_cast<unsigned char>(s[i]);
  if (b < 0x80) {
    len = 1;
    return b;
  }
  int n = b >= 0xF0 && b <= 0xF4 ? 4 : b >= 0xE0 ? 3 : b >= 0xC2 && b < 0xE0 ? 2 : 0;
  if (n == 0 || i + n > s.size()) {
    len = 1;
    return 0xFFFD;
  }
  char32_t c = b & (0xFF >> (n + 1));
  for (int k = 1; k < n; ++k) {
    auto x = static_cast<unsigned char>(s[i + k]);
    if ((x & 0xC0) != 0x80) {
      len = 1;
      return 0xFFFD;
    }
    c = (c << 6) | (x & 0x3F);
  }
  if ((n == 3 && (c < 0x800 || (c >= 0xD800 && c <= 0xDFFF))) || (n == 4 && (c < 0x10000 || c > 0x10FFFF))) {
    len = 1;
    return 0xFFFD;
  }
  len = static_cast<std::size_t>(n);
  return c;
}

void encode(char32_t c, std::string& out) {
  if (c < 0x80) {
    out += static_cast<char>(c);
  } else if (c < 0x800) {
    out += static_cast<char>(0xC0 | (c >> 6));
    out += static_cast<char>(0x80 | (c & 0x3F));
  } else if (c < 0x10000) {
    out += static_cast<char>(0xE0 | (c >> 12));
    out += static_cast<char>(0x80 | ((c >> 6) & 0x3F));
    out += static_cast<char>(0x80 | (c & 0x3F));
  } else {
    out += static_cast<char>(0xF0 | (c >> 18));
    out += static_cast<char>(0x80 | ((c >> 12) & 0x3F));
    out += static_cast<char>(0x80 | ((c >> 6) & 0x3F));
    out += static_cast<char>(0x80 | (c & 0x3F));
  }
}

bool is_cjk(char32_t c) {
  UErrorCode status = U_ZERO_ERROR;
  UScriptCode script = uscript_getScript(static_cast<UChar32>(c), &status);
  return script == USCRIPT_HAN || script == USCRIPT_HIRAGANA || script == USCRIPT_KATAKANA;
}

// Scripts written without spaces between words.
bool needs_dictionary(char32_t c) {
  if (c < 0x0E00 || c > 0x17FF) return false;
  UErrorCode status = U_ZERO_ERROR;
  UScriptCode script = uscript_getScript(static_cast<UChar32>(c), &status);
  return script == USCRIPT_THAI || script == USCRIPT_LAO || script == USCRIPT_KHMER ||
         script == USCRIPT_MYANMAR;
}

// Letters, marks and digits make words; everything else separates them.
bool is_word_char(char32_t c) {
  if (c < 0x80) return (c >= '0' && c <= '9') || (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z');
  auto mask = U_GET_GC_MASK(static_cast<UChar32>(c));
  return (mask & (U_GC_L_MASK | U_GC_M_MASK | U_GC_ND_MASK | U_GC_NL_MASK | U_GC_NO_MASK)) != 0;
}

// What each thread keeps: ICU objects are not shared between threads, and folding a character is
// remembered (the same few thousand characters make up nearly all Chinese text).
struct Folder {
  const icu::Normalizer2* nfkc_cf = nullptr;
  std::unique_ptr<icu::Transliterator> t2s;
  std::unique_ptr<icu::BreakIterator> words;
  std::unordered_map<char32_t, std::u32string> cache[2];  // [fold_traditional]

  Folder() {
    UErrorCode status = U_ZERO_ERROR;
    nfkc_cf = icu::Normalizer2::getNFKCCasefoldInstance(status);
    if (U_FAILURE(status)) nfkc_cf = nullptr;
    status = U_ZERO_ERROR;
    t2s.reset(icu::Transliterator::createInstance("Traditional-Simplified", UTRANS_FORWARD, status));
    if (U_FAILURE(status)) t2s.reset();
    status = U_ZERO_ERROR;
    words.reset(icu::BreakIterator::createWordInstance(icu::Locale::getRoot(), status));
    if (U_FAILURE(status)) words.reset();
  }

  static void append(const icu::UnicodeString& s, std::u32string& out) {
    for (int32_t i = 0; i < s.length();) {
      UChar32 c = s.char32At(i);
      out += static_cast<char32_t>(c);
      i += U16_LENGTH(c);
    }
  }

  const std::u32string& fold(char32_t c, bool traditional) {
    auto& memo = cache[traditional ? 1 : 0];
    if (auto it = memo.find(c); it != memo.end()) return it->second;
    icu::UnicodeString s(static_cast<UChar32>(c));
    if (nfkc_cf && !nfkc_cf->isInert(static_cast<UChar32>(c))) {
      UErrorCode status = U_ZERO_ERROR;
      icu::UnicodeString n = nfkc_cf->normalize(s, status);
      if (U_SUCCESS(status)) s = n;
    }
    if (traditional && t2s && is_cjk(c)) t2s->transliterate(s);
    std::u32string out;
    append(s, out);
    if (memo.size() > 200000) memo.clear();  // bounded whatever text arrives
    return memo.emplace(c, std::move(out)).first->second;
  }
};

Folder& folder() {
  thread_local Folder f;
  return f;
}

struct Folded {
  char32_t c;
  std::uint32_t begin, end;  // source bytes
};

class Emitter {
 public:
  Emitter(std::vector<Token>& out, TokenMode mode) : m_out(out), m_mode(mode) {}

  void cjk(const Folded& f) { m_run.push_back(f); }

  void flush_run() {
    const std::size_t n = m_run.size();
    if (n == 0) return;
    for (std::size_t i = 0; i + 1 < n; ++i)
      emit({&m_run[i], 2}, true);
    if (n == 1 || m_mode == TokenMode::index) {
      emit({&m_run[n - 1], 1}, true);
      if (m_mode == TokenMode::query) m_out.back().prefix = true;
    }
    m_run.clear();
    ++m_runs;
  }

  void word(std::span<const Folded> chars) {
    flush_run();
    std::size_t i = 0;
    while (i < chars.size()) {
      while (i < chars.size() && !is_word_char(chars[i].c))
        ++i;
      std::size_t j = i;
      while (j < chars.size() && is_word_char(chars[j].c))
        ++j;
      if (j > i) emit(chars.subspan(i, std::min(j - i, k_max_token_chars)), false);
      i = j;
    }
  }

 private:
  void emit(std::span<const Folded> chars, bool cjk) {
    Token t;
    for (const auto& f : chars)
      encode(f.c, t.text);
    t.begin = chars.front().begin;
    t.end = chars.back().end;
    t.cjk = cjk;
    if (cjk) t.run = m_runs;
    m_out.push_back(std::move(t));
  }

  std::vector<Token>& m_out;
  TokenMode m_mode;
  std::vector<Folded> m_run;
  int m_runs = 0;
};

}  // namespace

std::vector<Token> tokenize(std::string_view text, const TokenizerOptions& options) {
  std::vector<Token> out;
  if (text.empty()) return out;
  Folder& f = folder();

  // Fold, keeping for each folded character the source bytes it came from.
  std::vector<Folded> chars;
  chars.reserve(text.size());
  for (std::size_t i = 0; i < text.size();) {
    std::size_t len = 1;
    char32_t c = decode(text, i, len);
    auto b = static_cast<std::uint32_t>(i), e = static_cast<std::uint32_t>(i + len);
    i += len;
    auto add = [&](char32_t x) { chars.push_back({x, b, e}); };
    if (c < 0x80) {
      add(c >= 'A' && c <= 'Z' ? c + 32 : c);
    } else {
      for (char32_t x : f.fold(c, options.fold_traditional))
        add(x);
    }
  }

  Emitter emitter(out, options.mode);
  std::size_t i = 0;
  while (i < chars.size()) {
    const char32_t c = chars[i].c;
    if (!is_word_char(c)) {
      emitter.flush_run();
      ++i;
      continue;
    }
    if (c >= 0x2E80 && is_cjk(c)) {
      emitter.cjk(chars[i++]);
      continue;
    }
    // A word of other scripts. Spaces and punctuation bound it, except in scripts written without spaces
    // (Thai, Lao, Khmer, Myanmar), which ICU's dictionaries cut into words.
    std::size_t j = i;
    bool dictionary = false;
    while (j < chars.size() && is_word_char(chars[j].c) && !(chars[j].c >= 0x2E80 && is_cjk(chars[j].c))) {
      dictionary = dictionary || needs_dictionary(chars[j].c);
      ++j;
    }
    std::span<const Folded> run(chars.data() + i, j - i);
    if (dictionary && f.words) {
      icu::UnicodeString u;
      std::vector<std::size_t> unit_to_char;
      for (std::size_t k = 0; k < run.size(); ++k) {
        u.append(static_cast<UChar32>(run[k].c));
        unit_to_char.insert(unit_to_char.end(), run[k].c >= 0x10000 ? 2 : 1, k);
      }
      f.words->setText(u);
      int32_t s = f.words->first();
      for (int32_t e = f.words->next(); e != icu::BreakIterator::DONE; s = e, e = f.words->next()) {
        if (e <= s) continue;
        std::size_t first = unit_to_char[static_cast<std::size_t>(s)];
        std::size_t last = unit_to_char[static_cast<std::size_t>(e - 1)];
        emitter.word(run.subspan(first, last - first + 1));
      }
    } else {
      emitter.word(run);
    }
    i = j;
  }
  emitter.flush_run();
  return out;
}

std::string token_string(std::string_view text, const TokenizerOptions& options) {
  std::string out;
  for (const auto& t : tokenize(text, options)) {
    if (!out.empty()) out += ' ';
    out += t.text;
  }
  return out;
}

}  // namespace techdesk::search
