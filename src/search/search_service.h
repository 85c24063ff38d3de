// One search across tickets, knowledge articles, organisations and users, and the suggestions shown
// while a new request is typed. Every result is filtered by what the searcher may see (the ticket
// visibility rule; published public articles only for requesters; people and organisations for staff
// only) and snippets are cut only from text the searcher may read — never an internal note for a
// requester. Assets have no capability of their own yet: type=asset answers an empty list.
#pragma once

#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "common/clock.h"
#include "common/error.h"
#include "common/tx.h"
#include "identity/types.h"
#include "search/search_store.h"

namespace techdesk::search {

inline constexpr int k_max_search_limit = 50;

struct SearchResult {
  std::string type;  // ticket, article, org, user
  Id id = 0;
  std::string title;
  std::string snippet;  // HTML: escaped text with <mark> around matches
  double score = 0;
  std::string number;  // tickets
  std::string state;   // tickets and articles
};

struct SearchAnswer {
  std::vector<SearchResult> results;
  bool relaxed = false;  // no document held every word: these hold some of them
};

struct Suggestions {
  std::vector<SearchResult> articles;
  std::vector<SearchResult> tickets;  // similar solved tickets
};

class SearchService {
 public:
  SearchService(TxRunner<SearchTx>& store, const Clock& clock) : m_store(store), m_clock(clock) {}

  // Errors: invalid_query "q" (longer than 500 characters, not UTF-8, an unknown state/priority/type value),
  // "type", "limit".
  Result<SearchAnswer> search(const identity::Principal& p, std::string_view q,
                              std::optional<std::string_view> type, int limit);
  // Published articles and solved tickets sharing words with a request being typed (any of them).
  Result<Suggestions> suggest(const identity::Principal& p, std::string_view q, int limit);

 private:
  TxRunner<SearchTx>& m_store;
  const Clock& m_clock;
};

}  // namespace techdesk::search
