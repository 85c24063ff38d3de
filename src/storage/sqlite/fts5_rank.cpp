#include "storage/sqlite/fts5_rank.h"

#include <algorithm>
#include <atomic>
#include <chrono>
#include <cmath>
#include <cstdlib>
#include <memory>
#include <mutex>
#include <string>
#include <unordered_map>
#include <vector>

namespace techdesk::storage::sqlite {

namespace {

// The constants and formula of FTS5's bm25 (fts5_aux.c).
constexpr double k_k1 = 1.2;
constexpr double k_b = 0.75;

std::atomic<std::int64_t> g_cache_from_rows{k_rank_cache_from_rows};
std::atomic<std::int64_t> g_phrase_counts{0};
std::atomic<std::int64_t> g_clock_offset_seconds{0};  // tests move the cache's clock forward

std::chrono::steady_clock::time_point now() {
  return std::chrono::steady_clock::now() + std::chrono::seconds(g_clock_offset_seconds.load());
}

struct Count {
  std::int64_t hits = 0;
  std::int64_t rows = 0;  // the table's documents when counted
  std::chrono::steady_clock::time_point at;
};

// Phrase counts of large tables, by database file, key and phrase number.
class CountCache {
 public:
  bool find(const std::string& key, std::int64_t rows, std::int64_t& hits) {
    std::lock_guard lock(m_mutex);
    auto it = m_counts.find(key);
    if (it == m_counts.end()) return false;
    const Count& c = it->second;
    const bool fresh = now() - c.at <= std::chrono::seconds(k_rank_cache_seconds);
    if (!fresh || std::llabs(rows - c.rows) * 100 > c.rows) {
      m_counts.erase(it);
      return false;
    }
    hits = c.hits;
    return true;
  }
  void put(const std::string& key, std::int64_t rows, std::int64_t hits) {
    std::lock_guard lock(m_mutex);
    if (m_counts.size() >= k_max_entries) m_counts.clear();  // bounded; the next queries count again
    m_counts[key] = {hits, rows, now()};
  }

 private:
  static constexpr std::size_t k_max_entries = 20000;
  std::mutex m_mutex;
  std::unordered_map<std::string, Count> m_counts;
};

CountCache& cache() {
  static CountCache c;
  return c;
}

// What one query's calls share (FTS5 keeps it as the query's auxiliary data).
struct QueryData {
  std::int64_t rows = 0;
  double avgdl = 0;
  std::vector<double> idf;  // NaN: not needed yet
  std::vector<double> freq;
  std::string key_prefix;  // database, table key; the phrase number is appended
};

int count_row(const Fts5ExtensionApi*, Fts5Context*, void* hits) {
  ++*static_cast<std::int64_t*>(hits);
  return SQLITE_OK;
}

int phrase_idf(const Fts5ExtensionApi* api, Fts5Context* fts, QueryData& d, int phrase, double& idf) {
  std::int64_t hits = 0;
  const bool cached = d.rows >= g_cache_from_rows.load();
  std::string key;
  if (cached) {
    key = d.key_prefix + std::to_string(phrase);
    if (cache().find(key, d.rows, hits)) {
      idf = std::log((static_cast<double>(d.rows) - static_cast<double>(hits) + 0.5) /
                     (static_cast<double>(hits) + 0.5));
      if (idf <= 0.0) idf = 1e-6;
      return SQLITE_OK;
    }
  }
  int rc = api->xQueryPhrase(fts, phrase, &hits, count_row);
  if (rc != SQLITE_OK) return rc;
  g_phrase_counts.fetch_add(1);
  if (cached) cache().put(key, d.rows, hits);
  idf = std::log((static_cast<double>(d.rows) - static_cast<double>(hits) + 0.5) /
                 (static_cast<double>(hits) + 0.5));
  if (idf <= 0.0) idf = 1e-6;
  return SQLITE_OK;
}

int query_data(const Fts5ExtensionApi* api, Fts5Context* fts, sqlite3_value* key, QueryData*& out) {
  out = static_cast<QueryData*>(api->xGetAuxdata(fts, 0));
  if (out) return SQLITE_OK;
  auto d = std::make_unique<QueryData>();
  const int phrases = api->xPhraseCount(fts);
  sqlite3_int64 rows = 0, tokens = 0;
  int rc = api->xRowCount(fts, &rows);
  if (rc == SQLITE_OK) rc = api->xColumnTotalSize(fts, -1, &tokens);
  if (rc != SQLITE_OK) return rc;
  d->rows = rows;
  d->avgdl = rows > 0 ? static_cast<double>(tokens) / static_cast<double>(rows) : 1.0;
  if (d->avgdl <= 0) d->avgdl = 1.0;
  d->idf.assign(static_cast<std::size_t>(phrases), std::nan(""));
  d->freq.assign(static_cast<std::size_t>(phrases), 0.0);
  const auto* db = static_cast<const std::string*>(api->xUserData(fts));
  const auto* k = sqlite3_value_text(key);
  d->key_prefix = *db + '\x1f' + (k ? reinterpret_cast<const char*>(k) : "") + '\x1f';
  // On failure xSetAuxdata deletes it itself.
  QueryData* raw = d.release();
  rc = api->xSetAuxdata(fts, raw, [](void* p) { delete static_cast<QueryData*>(p); });
  if (rc != SQLITE_OK) return rc;
  out = raw;
  return SQLITE_OK;
}

void td_bm25(const Fts5ExtensionApi* api, Fts5Context* fts, sqlite3_context* ctx, int n,
             sqlite3_value** args) {
  if (n < 1) {
    sqlite3_result_error(ctx, "td_bm25: the query key is missing", -1);
    return;
  }
  QueryData* d = nullptr;
  int rc = query_data(api, fts, args[0], d);
  int instances = 0;
  if (rc == SQLITE_OK) rc = api->xInstCount(fts, &instances);
  if (rc == SQLITE_OK) std::fill(d->freq.begin(), d->freq.end(), 0.0);
  for (int i = 0; rc == SQLITE_OK && i < instances; ++i) {
    int phrase = 0, column = 0, offset = 0;
    rc = api->xInst(fts, i, &phrase, &column, &offset);
    if (rc == SQLITE_OK)
      d->freq[static_cast<std::size_t>(phrase)] +=
          n > column + 1 ? sqlite3_value_double(args[column + 1]) : 1.0;
  }
  double length = 0;
  if (rc == SQLITE_OK) {
    int tokens = 0;
    rc = api->xColumnSize(fts, -1, &tokens);
    length = tokens;
  }
  double score = 0;
  for (std::size_t i = 0; rc == SQLITE_OK && i < d->freq.size(); ++i) {
    const double f = d->freq[i];
    if (f == 0.0) continue;  // adds nothing, whatever the phrase's frequency in the corpus
    if (std::isnan(d->idf[i])) rc = phrase_idf(api, fts, *d, static_cast<int>(i), d->idf[i]);
    if (rc == SQLITE_OK)
      score += d->idf[i] * (f * (k_k1 + 1.0)) / (f + k_k1 * (1 - k_b + k_b * length / d->avgdl));
  }
  if (rc == SQLITE_OK)
    sqlite3_result_double(ctx, -score);
  else
    sqlite3_result_error_code(ctx, rc);
}

fts5_api* fts5_api_of(sqlite3* db) {
  fts5_api* api = nullptr;
  sqlite3_stmt* stmt = nullptr;
  if (sqlite3_prepare_v2(db, "SELECT fts5(?1)", -1, &stmt, nullptr) == SQLITE_OK) {
    sqlite3_bind_pointer(stmt, 1, static_cast<void*>(&api), "fts5_api_ptr", nullptr);
    sqlite3_step(stmt);
  }
  sqlite3_finalize(stmt);
  return api;
}

}  // namespace

bool register_fts5_rank(sqlite3* db) {
  fts5_api* api = fts5_api_of(db);
  if (!api) return false;
  // Counts are shared by the connections of one file; an in-memory database has a name of its own.
  static std::atomic<std::int64_t> anonymous{0};
  const char* file = sqlite3_db_filename(db, "main");
  auto* name = new std::string(file && *file ? std::string(file) : "memory#" + std::to_string(++anonymous));
  return api->xCreateFunction(api, "td_bm25", name, td_bm25,
                              [](void* p) { delete static_cast<std::string*>(p); }) == SQLITE_OK;
}

void set_rank_cache_from_rows(std::int64_t rows) {
  g_cache_from_rows = rows;
}

void advance_rank_cache_clock(std::chrono::seconds by) {
  g_clock_offset_seconds += by.count();
}

std::int64_t rank_phrase_counts() {
  return g_phrase_counts.load();
}

}  // namespace techdesk::storage::sqlite
