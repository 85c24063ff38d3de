#include "search/query.h"

#include <algorithm>
#include <array>

namespace techdesk::search {

namespace {

constexpr std::array<std::string_view, 10> k_fields = {"state",    "priority", "type",      "org", "team",
                                                       "category", "assignee", "requester", "tag", "is"};

bool is_space(char c) {
  return c == ' ' || c == '\t' || c == '\n' || c == '\r' || c == '\f' || c == '\v';
}

// Reads one item at q[i]: a quoted phrase (to the closing quote or the end) or a bare run to the next
// space. Full-width quotes “ ” count as quotes.
std::string read_item(std::string_view q, std::size_t& i) {
  auto quote_len = [&](std::size_t at) -> std::size_t {
    if (at >= q.size()) return 0;
    if (q[at] == '"') return 1;
    if (q.substr(at, 3) == "\xE2\x80\x9C" || q.substr(at, 3) == "\xE2\x80\x9D") return 3;
    return 0;
  };
  std::string out;
  if (std::size_t n = quote_len(i)) {
    i += n;
    while (i < q.size()) {
      if (std::size_t m = quote_len(i)) {
        i += m;
        break;
      }
      out += q[i++];
    }
    return out;
  }
  while (i < q.size() && !is_space(q[i]))
    out += q[i++];
  return out;
}

std::vector<Group> groups_of(const std::vector<std::string>& words, bool fold) {
  std::vector<Group> out;
  for (const auto& w : words) {
    Group g = units_of(w, fold);
    if (!g.empty()) out.push_back(std::move(g));
  }
  return out;
}

}  // namespace

Group units_of(std::string_view word, bool fold) {
  Group g;
  int run = -2;
  for (auto& t : tokenize(word, {.mode = TokenMode::query, .fold_traditional = fold})) {
    // Bigrams of one run make one phrase.
    if (t.cjk && !t.prefix && t.run == run && !g.empty() && !g.back().prefix) {
      g.back().tokens.push_back(std::move(t.text));
      continue;
    }
    run = t.cjk ? t.run : -2;
    Unit u{{std::move(t.text)}, t.prefix};
    if (std::find(g.begin(), g.end(), u) == g.end()) g.push_back(std::move(u));
  }
  return g;
}

std::vector<Group> loosen(const std::vector<Group>& groups) {
  std::vector<Group> out;
  for (const auto& g : groups)
    for (const auto& u : g)
      for (const auto& t : u.tokens) {
        Group single{Unit{{t}, u.prefix}};
        if (std::find(out.begin(), out.end(), single) == out.end()) out.push_back(std::move(single));
      }
  return out;
}

ParsedQuery parse_query(std::string_view q) {
  ParsedQuery out;
  std::size_t i = 0;
  while (i < q.size()) {
    while (i < q.size() && is_space(q[i]))
      ++i;
    if (i >= q.size()) break;
    bool negate = false;
    if (q[i] == '-' && i + 1 < q.size() && !is_space(q[i + 1])) {
      negate = true;
      ++i;
    }
    // field:value
    std::size_t colon = q.find(':', i);
    std::size_t space = i;
    while (space < q.size() && !is_space(q[space]))
      ++space;
    if (!negate && colon != std::string_view::npos && colon < space && colon > i) {
      std::string name = std::string(q.substr(i, colon - i));
      std::transform(name.begin(), name.end(), name.begin(),
                     [](unsigned char c) { return static_cast<char>(std::tolower(c)); });
      if (std::find(k_fields.begin(), k_fields.end(), name) != k_fields.end()) {
        i = colon + 1;
        std::string value = read_item(q, i);
        if (!value.empty()) out.fields[name].push_back(std::move(value));
        continue;
      }
    }
    std::string item = read_item(q, i);
    if (item.empty()) continue;
    (negate ? out.excluded : out.words).push_back(std::move(item));
  }
  return out;
}

std::vector<Group> ParsedQuery::groups(bool fold) const {
  return groups_of(words, fold);
}

std::vector<Group> ParsedQuery::excluded_groups(bool fold) const {
  return groups_of(excluded, fold);
}

std::vector<std::string> highlight_tokens(const ParsedQuery& q) {
  std::vector<std::string> out;
  for (auto& g : q.groups())
    for (auto& u : g)
      for (auto& t : u.tokens)
        if (std::find(out.begin(), out.end(), t) == out.end()) out.push_back(t);
  return out;
}

}  // namespace techdesk::search
