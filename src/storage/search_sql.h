// The search query — match expression, visibility, filters and ranking — assembled once for both
// backends: SQLite FTS5 (MATCH + bm25) and PostgreSQL (tsquery + ts_rank).
#pragma once

#include <optional>
#include <string>

#include "search/search_store.h"
#include "storage/ticket_list_sql.h"

namespace techdesk::storage {

// PostgreSQL (one table, search_docs): rows kind, ref_id, score (higher is better, boosts applied), best
// first, at most q.limit.
SqlWithBinds pg_search_sql(const search::DocQuery& q);

// SQLite FTS5, one table per kind; rows: id, bm25 score (higher is better), best first, at most
// `candidates`, to be boosted (boost()) and cut to q.limit by the caller. Tickets are searched newest
// first in steps: the k_recent_tickets newest tickets (ids above `above`), and only when they hold
// fewer than q.limit matches, ten times as many older ones (ids up to `at_most`), and so on — ranking
// costs a few microseconds a matching row and a common word matches a quarter of a million tickets.
// Articles are always ranked all. Ranked by td_bm25 (storage/sqlite/fts5_rank.h).
inline constexpr Id k_recent_tickets = 10000;
SqlWithBinds sqlite_ticket_search_sql(const search::DocQuery& q, int candidates, Id above,
                                      std::optional<Id> at_most);
SqlWithBinds sqlite_article_search_sql(const search::DocQuery& q, int candidates);
// The factor a relevance score is multiplied by (pg_search_sql applies the same in SQL).
double boost(bool article, bool solved, std::int64_t age_ms);
// The FTS5 expression over `acl` for what q's scope may see and its ticket filters ("" when none).
std::string fts5_ticket_acl(const search::DocQuery& q);

// The tsquery text of q (every lexeme quoted).
std::string pg_tsquery(const search::DocQuery& q);

}  // namespace techdesk::storage
