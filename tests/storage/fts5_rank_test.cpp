// td_bm25 (storage/sqlite/fts5_rank.h): the scores of FTS5's bm25, with phrase counts kept for large tables;
// and the ticket search's newest-first steps (SearchRepoSqlite::search).
#include <gtest/gtest.h>

#include <algorithm>
#include <cmath>
#include <map>
#include <random>
#include <string>
#include <vector>

#include "contract/backends.h"
#include "storage/sqlite/database.h"
#include "storage/sqlite/fts5_rank.h"
#include "storage/sqlite/repos.h"
#include "storage/sqlite/sqlite_store.h"

namespace techdesk::storage::sqlite {
namespace {

using contract::TempDir;

// Resets the cache threshold whatever a test ends with.
struct CacheFrom {
  explicit CacheFrom(std::int64_t rows) { set_rank_cache_from_rows(rows); }
  ~CacheFrom() { set_rank_cache_from_rows(k_rank_cache_from_rows); }
};

const std::vector<std::string> k_words = {"打印", "印机",    "卡纸", "网络", "邮件",
                                          "vpn",  "outlook", "权限", "密码", "显示器"};

// A table like search_tickets, `n` documents of words drawn from k_words (rowids from `first`).
void fill(Connection& c, int n, int first, unsigned seed) {
  c.exec(
      "CREATE VIRTUAL TABLE IF NOT EXISTS docs USING fts5 (title, body, internal, acl, tokenize = 'unicode61 "
      "remove_diacritics 0')");
  std::mt19937 rng(seed);
  auto text = [&](int words) {
    std::string s;
    for (int i = 0; i < words; ++i)
      s += (i ? " " : "") + k_words[rng() % k_words.size()];
    return s;
  };
  for (int i = 0; i < n; ++i) {
    auto q = c.query_dynamic("INSERT INTO docs (rowid, title, body, internal, acl) VALUES (?, ?, ?, ?, ?)");
    q.bind(1, first + i)
        .bind(2, text(1 + static_cast<int>(rng() % 3)))
        .bind(3, text(3 + static_cast<int>(rng() % 12)))
        .bind(4, text(static_cast<int>(rng() % 4)))
        .bind(5, "req" + std::to_string(rng() % 5) + " st" + (rng() % 2 ? "open" : "closed"));
    q.run();
  }
}

// rowid → score of `rank` over `match`.
std::map<std::int64_t, double> scores(Connection& c, const std::string& rank, const std::string& match) {
  auto q = c.query_dynamic("SELECT rowid, " + rank + " FROM docs WHERE docs MATCH ?");
  q.bind(1, match);
  std::map<std::int64_t, double> out;
  while (q.step())
    out[q.int64(0)] = q.real(1);
  return out;
}

std::map<std::int64_t, double> bm25(Connection& c, const std::string& match) {
  return scores(c, "bm25(docs, 8.0, 1.0, 0.5, 0.0)", match);
}

std::map<std::int64_t, double> td_bm25(Connection& c, const std::string& key, const std::string& match) {
  return scores(c, "td_bm25(docs, '" + key + "', 8.0, 1.0, 0.5, 0.0)", match);
}

void expect_same(const std::map<std::int64_t, double>& want, const std::map<std::int64_t, double>& got,
                 const std::string& what) {
  ASSERT_EQ(want.size(), got.size()) << what;
  ASSERT_FALSE(want.empty()) << what << ": the test query matches nothing";
  for (const auto& [row, score] : want) {
    auto it = got.find(row);
    ASSERT_NE(it, got.end()) << what << " row " << row;
    EXPECT_NEAR(it->second, score, 1e-9 * std::max(1.0, std::fabs(score))) << what << " row " << row;
  }
}

const std::vector<std::string> k_queries = {
    "打印",
    "\"打印 印机\"",
    "{title body internal} : ((\"打印 印机\") AND (\"卡纸\"))",
    "{title body} : ((vpn) OR (outlook)) AND req3",
    "{title body} : ((\"网络\") NOT (\"邮件\")) AND (stopen OR req1)",
    "{title body internal} : (密码 AND 权限 AND 显示器)",
    "internal : 邮件",
    "acl : req2 AND 打印*",
};

TEST(Fts5Rank, td_bm25_gives_the_scores_of_bm25) {
  TempDir dir;
  auto c = Connection::open((dir.path() / "r.db").string(), true);
  fill(*c, 400, 1, 7);
  for (const auto& m : k_queries)
    expect_same(bm25(*c, m), td_bm25(*c, "k", m), m);
}

TEST(Fts5Rank, in_a_large_table_a_phrase_is_counted_once_until_the_table_changes_by_more_than_one_percent) {
  TempDir dir;
  auto c = Connection::open((dir.path() / "r.db").string(), true);
  fill(*c, 400, 1, 11);
  CacheFrom from(300);
  const std::string m = "{title body internal} : ((\"打印 印机\") AND (\"卡纸\")) AND req1";
  const auto counted = rank_phrase_counts();
  expect_same(bm25(*c, m), td_bm25(*c, "q1", m), "first");
  // The text's three tokens (two phrases) are counted; the acl's req1 (weight 0) never is.
  EXPECT_EQ(rank_phrase_counts() - counted, 2);
  expect_same(bm25(*c, m), td_bm25(*c, "q1", m), "again");
  EXPECT_EQ(rank_phrase_counts() - counted, 2) << "the second query counts nothing";
  // Another connection to the same file shares the counts.
  auto other = Connection::open((dir.path() / "r.db").string(), false);
  expect_same(bm25(*other, m), td_bm25(*other, "q1", m), "other connection");
  EXPECT_EQ(rank_phrase_counts() - counted, 2);
  // Three more documents are 0.75 %: the counts are kept (the scores move a little, the order barely).
  fill(*c, 3, 1001, 12);
  td_bm25(*c, "q1", m);
  EXPECT_EQ(rank_phrase_counts() - counted, 2);
  // Two more make 1.25 %: counted again, and the scores are bm25's again.
  fill(*c, 2, 1004, 13);
  expect_same(bm25(*c, m), td_bm25(*c, "q1", m), "after the table grew");
  EXPECT_EQ(rank_phrase_counts() - counted, 4);
}

TEST(Fts5Rank, a_kept_count_is_used_for_five_minutes_and_counted_again_after) {
  TempDir dir;
  auto c = Connection::open((dir.path() / "r.db").string(), true);
  fill(*c, 400, 1, 31);
  CacheFrom from(300);
  const std::string m = "{title body} : (\"卡纸\")";
  const auto counted = rank_phrase_counts();
  expect_same(bm25(*c, m), td_bm25(*c, "age", m), "first");
  EXPECT_EQ(rank_phrase_counts() - counted, 1);
  advance_rank_cache_clock(std::chrono::seconds(k_rank_cache_seconds - 1));
  td_bm25(*c, "age", m);
  EXPECT_EQ(rank_phrase_counts() - counted, 1) << "a count of 4 min 59 s is still used";
  advance_rank_cache_clock(std::chrono::seconds(2));
  expect_same(bm25(*c, m), td_bm25(*c, "age", m), "after five minutes");
  EXPECT_EQ(rank_phrase_counts() - counted, 2) << "a count older than five minutes is taken again";
  td_bm25(*c, "age", m);
  EXPECT_EQ(rank_phrase_counts() - counted, 2) << "and the new count is kept";
}

TEST(Fts5Rank, a_small_table_is_counted_for_every_query_and_stays_exact_while_it_changes) {
  TempDir dir;
  auto c = Connection::open((dir.path() / "r.db").string(), true);
  fill(*c, 200, 1, 21);
  const std::string m = "{title body} : (\"网络\")";
  const auto counted = rank_phrase_counts();
  expect_same(bm25(*c, m), td_bm25(*c, "s", m), "first");
  fill(*c, 1, 500, 22);
  expect_same(bm25(*c, m), td_bm25(*c, "s", m), "one document later");
  EXPECT_EQ(rank_phrase_counts() - counted, 2);
}

TEST(Fts5Rank, counts_are_not_shared_between_database_files) {
  TempDir dir;
  auto a = Connection::open((dir.path() / "a.db").string(), true);
  auto b = Connection::open((dir.path() / "b.db").string(), true);
  fill(*a, 400, 1, 31);
  fill(*b, 400, 1, 32);
  CacheFrom from(300);
  const std::string m = "{title body} : (\"打印 印机\" AND \"卡纸 网络\")";
  auto count = [](Connection& c, const char* phrase) {
    auto q = c.query_dynamic("SELECT count(*) FROM docs WHERE docs MATCH ?");
    q.bind(1, std::string("{title body} : \"") + phrase + "\"");
    q.step();
    return q.int64(0);
  };
  ASSERT_NE(count(*a, "打印 印机"), count(*b, "打印 印机"))
      << "the files must differ for this test to mean anything";
  expect_same(bm25(*a, m), td_bm25(*a, "same key", m), "a");
  expect_same(bm25(*b, m), td_bm25(*b, "same key", m), "b");
}

// SearchRepoSqlite::search over tickets: the newest 10,000 first, then the 100,000 before them, then the
// rest, each step only while fewer than `limit` tickets matched.
TEST(Fts5Rank, the_ticket_search_widens_from_the_newest_tickets_only_while_too_few_match) {
  TempDir dir;
  const std::string path = (dir.path() / "t.db").string();
  {
    SqliteStore store(path, StoreOptions{});
    ASSERT_TRUE(store.migrate().ok());
  }
  auto c = Connection::open(path, false);
  c->exec("PRAGMA foreign_keys = OFF");
  // The newest ticket is 200,000; matches at 195,000 (newest 10,000), 150,000 (the 100,000 before) and 5.
  const std::vector<Id> matching = {195000, 150000, 5};
  std::vector<Id> all = matching;
  all.push_back(200000);
  SearchRepoSqlite repo(*c);
  for (Id id : all) {
    auto q = c->query_dynamic(
        "INSERT INTO tickets (id, number, subject, description, type, impact, urgency, priority, channel, "
        "state, "
        "tier, requester_id, created_at, updated_at) VALUES (?, ?, 's', 'd', 'incident', 'low', 'low', 'P3', "
        "'web', 'new', 'L1', 1, 0, 0)");
    q.bind(1, id).bind(2, "T-" + std::to_string(id));
    q.run();
    search::IndexedDoc d;
    d.kind = search::DocKind::ticket;
    d.ref_id = id;
    // The oldest is the best match: a search that reached it would rank it first.
    d.title = id == 200000 ? "其他" : id == 5 ? "卡纸 卡纸 卡纸" : "卡纸";
    d.acl = "req1";
    repo.put(d);
  }
  auto found = [&](int limit) {
    search::DocQuery q;
    q.groups = {{search::Unit{{"卡纸"}, false}}};
    q.scope.kind = ticket::TicketScope::Kind::all;
    q.articles = false;
    q.limit = limit;
    std::vector<Id> ids;
    for (const auto& h : repo.search(q))
      ids.push_back(h.ref_id);
    std::sort(ids.begin(), ids.end());
    return ids;
  };
  EXPECT_EQ(found(1), (std::vector<Id>{195000}));
  EXPECT_EQ(found(2), (std::vector<Id>{150000, 195000}));
  EXPECT_EQ(found(3), (std::vector<Id>{5, 150000, 195000}));
  EXPECT_EQ(found(20), (std::vector<Id>{5, 150000, 195000}));
}

}  // namespace
}  // namespace techdesk::storage::sqlite
