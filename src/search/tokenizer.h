// The one tokenizer of search: the same tokens feed SQLite FTS5 and PostgreSQL's tsvector, so search
// behaves the same on both backends. Pure functions (ICU, no I/O).
//
// Text is folded first — NFKC with case folding (full-width ＡＢＣ１２３ → abc123, Ⅻ → xii), and, when
// asked, traditional → simplified Chinese (打印機 → 打印机) — then cut into words: at every character
// that is not a letter, mark or digit, and, in scripts written without spaces (Thai, Lao, Khmer,
// Myanmar), at ICU's dictionary word boundaries. Han, Hiragana and Katakana characters are joined into
// runs and emitted as overlapping bigrams (打印机卡纸 → 打印
// 印机 机卡 卡纸), so that any two-character query matches wherever it occurs, whatever the dictionary
// thought the words were; a query's run is matched as the phrase of its bigrams (邮件服务器 does not match
// 邮件 … 文件服务器). In index mode a run also ends with its last character alone (卡纸 → 卡纸 纸), so
// that a one-character query, matched as a prefix (卡*), finds every character of every run; a
// one-character run is that character alone. Other words (letters, digits, product codes cut at their
// hyphens: HP-LaserJet-M404 → hp laserjet m404) are emitted whole.
// Punctuation, symbols and emoji are dropped.
#pragma once

#include <cstdint>
#include <string>
#include <string_view>
#include <vector>

namespace techdesk::search {

enum class TokenMode { index, query };

struct TokenizerOptions {
  TokenMode mode = TokenMode::index;
  bool fold_traditional = true;
};

struct Token {
  std::string text;     // folded, UTF-8; letters and digits only
  std::uint32_t begin;  // byte offsets of the source text the token came from
  std::uint32_t end;
  bool cjk = false;
  int run = -1;         // CJK: which run of the text the token belongs to (0, 1, …); -1 otherwise
  bool prefix = false;  // query mode: a lone CJK character, matched as the start of a token
};

// Invalid UTF-8 is read as U+FFFD (and dropped). Never throws on any input.
std::vector<Token> tokenize(std::string_view text, const TokenizerOptions& options = {});

// The tokens' texts joined by single spaces: what is stored in the index.
std::string token_string(std::string_view text, const TokenizerOptions& options = {});

}  // namespace techdesk::search
