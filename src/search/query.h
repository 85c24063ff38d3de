// The search box's language, parsed without I/O:
//
//   打印机 卡纸                 words, all of which must match (each Chinese word by its bigrams)
//   "paper jam"                a quoted phrase is one word; an unbalanced quote runs to the end
//   -toner                     a word that must not match
//   state:open priority:P1     field filters (state, priority, type, org, team, category, assignee,
//   org:华信 is:solved          requester, tag, is); a value may be quoted; several values of one
//                              field are alternatives; an unknown field name is plain text
//
// Operator characters alone ("*", "-", ":", quotes, parentheses) make no word: the query is empty.
#pragma once

#include <map>
#include <string>
#include <string_view>
#include <vector>

#include "search/tokenizer.h"

namespace techdesk::search {

inline constexpr std::size_t k_max_query_chars = 500;

// What one piece of a word must match: a token, a phrase (a CJK run's bigrams, in order), or the start of
// a token (a lone CJK character).
struct Unit {
  std::vector<std::string> tokens;  // more than one: a phrase
  bool prefix = false;
  bool operator==(const Unit&) const = default;
};
using Group = std::vector<Unit>;  // every unit must match

// A word's units (query mode).
Group units_of(std::string_view word, bool fold_traditional = true);
// The groups with every phrase cut into its tokens, each a group of its own (for "any of them").
std::vector<Group> loosen(const std::vector<Group>& groups);

struct ParsedQuery {
  std::vector<std::string> words;     // as typed
  std::vector<std::string> excluded;  // as typed, without the leading '-'
  std::map<std::string, std::vector<std::string>> fields;

  // Each word's units; words without any token are left out.
  std::vector<Group> groups(bool fold_traditional = true) const;
  std::vector<Group> excluded_groups(bool fold_traditional = true) const;
  bool has_text() const { return !groups().empty(); }
};

// Never fails: whatever cannot be read as syntax is read as text.
ParsedQuery parse_query(std::string_view q);

// Every query token of the query's words (for highlighting).
std::vector<std::string> highlight_tokens(const ParsedQuery& q);

}  // namespace techdesk::search
