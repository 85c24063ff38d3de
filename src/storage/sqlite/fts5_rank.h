// td_bm25(): FTS5's bm25 rank, with the corpus statistic it needs per phrase remembered between queries.
//
// FTS5's own bm25() starts every query by counting, for each phrase of the query, how many documents of
// the whole table hold it (its inverse document frequency), whatever rowid range the query asks for: on a
// million tickets a common two-character word ("打印机" is the phrase of 打印 and 印机) matches a quarter of
// them, and that count took 35 ms of a query whose matches in the newest ten thousand tickets took 1 ms.
//
//   td_bm25(table, key, w0, w1, …)  — the same score as bm25(table, w0, w1, …), where `key` names the
//                                      query's text part (the phrases that carry weight come first in the
//                                      MATCH expression, in the same order for the same key).
//
// Differences from bm25(), both invisible in its scores:
//   - A phrase's document count is asked only when a row holds it in a column of weight > 0: the
//     visibility and filter facets of the `acl` column (weight 0) are never counted.
//   - In a table of k_rank_cache_from_rows documents or more, a phrase's count is kept for
//     k_rank_cache_seconds and used while the table's document count stays within 1 % of what it was,
//     so the statistic is at most that old; in smaller tables it is counted for every query, as bm25 does
//     (there it is cheap, and the scores stay exact while the corpus changes under tests).
#pragma once

#include <sqlite3.h>

#include <chrono>
#include <cstdint>

namespace techdesk::storage::sqlite {

inline constexpr std::int64_t k_rank_cache_from_rows = 50000;
inline constexpr int k_rank_cache_seconds = 300;

// Registers td_bm25 on the connection. False when the library has no FTS5.
bool register_fts5_rank(sqlite3* db);

// For tests: documents from which counts are kept (default k_rank_cache_from_rows), the cache's clock
// moved forward (it only ever ages entries, so a test cannot make a count younger), and how many phrase
// counts have been taken in this process.
void set_rank_cache_from_rows(std::int64_t rows);
void advance_rank_cache_clock(std::chrono::seconds by);
std::int64_t rank_phrase_counts();

}  // namespace techdesk::storage::sqlite
