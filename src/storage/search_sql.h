// The search query — match expression, visibility, filters and ranking — assembled once for both
// backends: SQLite FTS5 (MATCH + bm25) and PostgreSQL (tsquery + ts_rank).
#pragma once

#include <string>

#include "search/search_store.h"
#include "storage/ticket_list_sql.h"

namespace techdesk::storage {

// Rows: kind, ref_id, score (higher is better), best first, at most q.limit.
SqlWithBinds search_sql(const search::DocQuery& q, bool postgres);

// The FTS5 MATCH expression of q (every token quoted: nothing the searcher typed is syntax).
std::string fts5_match(const search::DocQuery& q);
// The tsquery text of q (every lexeme quoted).
std::string pg_tsquery(const search::DocQuery& q);

}  // namespace techdesk::storage
