#include "search/snippet.h"

#include <algorithm>
#include <unordered_set>

#include "search/tokenizer.h"

namespace techdesk::search {

namespace {

void escape_into(std::string_view s, std::string& out) {
  for (char c : s) {
    switch (c) {
      case '&':
        out += "&amp;";
        break;
      case '<':
        out += "&lt;";
        break;
      case '>':
        out += "&gt;";
        break;
      case '"':
        out += "&quot;";
        break;
      case '\'':
        out += "&#39;";
        break;
      case '\n':
      case '\r':
      case '\t':
        out += ' ';
        break;
      default:
        out += c;
    }
  }
}

bool continuation(unsigned char c) {
  return (c & 0xC0) == 0x80;
}

std::size_t back_to_boundary(std::string_view s, std::size_t i) {
  while (i > 0 && i < s.size() && continuation(static_cast<unsigned char>(s[i])))
    --i;
  return i;
}

struct Range {
  std::size_t begin, end;
};

std::size_t char_len(unsigned char c) {
  return c < 0x80 ? 1 : c >= 0xF0 ? 4 : c >= 0xE0 ? 3 : 2;
}

std::vector<Range> matches(std::string_view text, const std::vector<std::string>& tokens) {
  std::unordered_set<std::string_view> wanted(tokens.begin(), tokens.end());
  // A lone CJK character of the query matches the start of an index token (see tokenizer.h).
  std::unordered_set<std::string_view> starts;
  for (const auto& t : tokens)
    if (!t.empty() && static_cast<unsigned char>(t[0]) >= 0x80 &&
        char_len(static_cast<unsigned char>(t[0])) == t.size())
      starts.insert(t);
  std::vector<Range> out;
  for (const auto& t : tokenize(text, {.mode = TokenMode::index})) {
    if (wanted.count(t.text)) {
      out.push_back({t.begin, t.end});
    } else if (t.cjk && !starts.empty()) {
      std::string_view first =
          std::string_view(t.text).substr(0, char_len(static_cast<unsigned char>(t.text[0])));
      if (starts.count(first))
        out.push_back({t.begin, std::min<std::size_t>(
                                    t.end, t.begin + char_len(static_cast<unsigned char>(text[t.begin])))});
    }
  }
  std::sort(out.begin(), out.end(), [](auto& a, auto& b) { return a.begin < b.begin; });
  // Overlapping bigrams (打印 印机) make one stretch.
  std::vector<Range> merged;
  for (auto r : out) {
    if (!merged.empty() && r.begin <= merged.back().end)
      merged.back().end = std::max(merged.back().end, r.end);
    else
      merged.push_back(r);
  }
  return merged;
}

}  // namespace

std::size_t matched_tokens(std::string_view text, const std::vector<std::string>& tokens) {
  std::unordered_set<std::string_view> wanted(tokens.begin(), tokens.end()), seen;
  for (const auto& t : tokenize(text, {.mode = TokenMode::index}))
    if (auto it = wanted.find(t.text); it != wanted.end()) seen.insert(*it);
  return seen.size();
}

std::string snippet(std::string_view text, const std::vector<std::string>& tokens, std::size_t window) {
  std::vector<Range> hits = tokens.empty() ? std::vector<Range>{} : matches(text, tokens);
  std::size_t start = 0;
  if (!hits.empty()) {
    // The window holding the most stretches, beginning a little before its first one.
    std::size_t best = 0, best_count = 0;
    for (std::size_t i = 0, j = 0; i < hits.size(); ++i) {
      while (j < hits.size() && hits[j].end <= hits[i].begin + window)
        ++j;
      if (j - i > best_count) {
        best_count = j - i;
        best = i;
      }
    }
    std::size_t lead = window / 6;
    start = hits[best].begin > lead ? back_to_boundary(text, hits[best].begin - lead) : 0;
  }
  std::size_t end = std::min(text.size(), start + window);
  end = back_to_boundary(text, end);
  if (end < text.size() && end <= start) end = text.size();
  std::string out;
  if (start > 0) out += "…";
  std::size_t at = start;
  for (const auto& r : hits) {
    if (r.end <= start || r.begin >= end) continue;
    std::size_t b = std::max(r.begin, start), e = std::min(r.end, end);
    escape_into(text.substr(at, b - at), out);
    out += "<mark>";
    escape_into(text.substr(b, e - b), out);
    out += "</mark>";
    at = e;
  }
  escape_into(text.substr(at, end - at), out);
  if (end < text.size()) out += "…";
  return out;
}

std::string plain_text_of_markdown(std::string_view md) {
  std::string out;
  out.reserve(md.size());
  bool line_start = true;
  for (std::size_t i = 0; i < md.size(); ++i) {
    char c = md[i];
    if (line_start && (c == '#' || c == '>' || c == ' ')) continue;
    line_start = c == '\n';
    if (c == '*' || c == '`' || c == '|' || c == '~') continue;
    if (c == ']' && i + 1 < md.size() && md[i + 1] == '(') {  // [text](url): keep the text only
      std::size_t close = md.find(')', i);
      if (close != std::string_view::npos) {
        i = close;
        continue;
      }
    }
    if (c == '[' || c == '!') continue;
    out += c;
  }
  return out;
}

}  // namespace techdesk::search
