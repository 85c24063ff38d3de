// The PostgreSQL connection layer (libpq): connections with statements prepared once per connection,
// parameterised queries in text format, and a fixed-size pool. libpq stays out of every other header.
//
// A PgConnection is used by one thread at a time; PgPool is thread-safe.
#pragma once

#include <condition_variable>
#include <cstdint>
#include <memory>
#include <mutex>
#include <optional>
#include <string>
#include <string_view>
#include <unordered_map>
#include <vector>

#include "common/store_failure.h"

struct pg_conn;
struct pg_result;

namespace techdesk::storage::postgres {

// Parameters of one statement, in text format (bytea in binary).
class PgParams {
 public:
  PgParams& add(std::int64_t v);
  PgParams& add(int v) { return add(static_cast<std::int64_t>(v)); }
  PgParams& add(std::string_view v);
  PgParams& add(const std::string& v) { return add(std::string_view(v)); }
  PgParams& add(const char* v) { return add(std::string_view(v)); }
  PgParams& add(bool v);
  PgParams& add_bytea(std::string_view v);
  PgParams& add_null();
  template <class T>
  PgParams& add(const std::optional<T>& v) {
    return v ? add(*v) : add_null();
  }

  int size() const { return static_cast<int>(m_values.size()); }
  std::vector<const char*> values() const;
  const std::vector<int>& lengths() const { return m_lengths; }
  const std::vector<int>& formats() const { return m_formats; }

 private:
  std::vector<std::optional<std::string>> m_values;
  std::vector<int> m_lengths;
  std::vector<int> m_formats;
};

// A result set. Rows and columns are 0-based.
class PgResult {
 public:
  explicit PgResult(pg_result* r) : m_r(r) {}
  ~PgResult();
  PgResult(PgResult&& o) noexcept : m_r(o.m_r) { o.m_r = nullptr; }
  PgResult(const PgResult&) = delete;
  PgResult& operator=(const PgResult&) = delete;

  int rows() const;
  int affected() const;  // rows changed by INSERT/UPDATE/DELETE
  bool is_null(int row, int col) const;
  std::string_view raw(int row, int col) const;

 private:
  pg_result* m_r;
};

// One row of a result, with the accessors storage/row_mapping.h expects.
class PgRow {
 public:
  PgRow(const PgResult& r, int row) : m_r(r), m_row(row) {}
  bool is_null(int col) const { return m_r.is_null(m_row, col); }
  std::int64_t int64(int col) const;
  std::string text(int col) const { return std::string(m_r.raw(m_row, col)); }
  bool boolean(int col) const { return m_r.raw(m_row, col) == "t"; }
  std::string bytea(int col) const;
  std::optional<std::int64_t> opt_int64(int col) const;
  std::optional<std::string> opt_text(int col) const;

 private:
  const PgResult& m_r;
  int m_row;
};

class PgConnection {
 public:
  ~PgConnection();
  PgConnection(const PgConnection&) = delete;
  PgConnection& operator=(const PgConnection&) = delete;

  // Throws StoreFailure naming the server and libpq's reason when the connection cannot be made.
  static std::unique_ptr<PgConnection> connect(const std::string& conninfo);

  // Runs a statement without parameters (may hold several). Throws StoreFailure.
  void exec(const std::string& sql);

  // Transactions that cost no round trip of their own: begin() sends nothing, BEGIN goes out with the
  // next statement (pipelined); commit() sends `before_commit` (more statements, e.g. NOTIFYs) and
  // COMMIT in one message. A transaction that ran no statement sends nothing at all.
  void begin();
  void commit(const std::string& before_commit = {});
  void rollback();
  // A SQL string literal of `text`, quoted for this connection.
  std::string literal(std::string_view text) const;
  // Runs sql with params, preparing it on first use on this connection. Throws PgError on failure.
  // REQUIRES: sql is a string literal or otherwise outlives the connection (it is the cache key).
  PgResult run(const char* sql, const PgParams& params = {});
  // For SQL assembled at run time: prepared and cached by text (bounded).
  PgResult run_dynamic(const std::string& sql, const PgParams& params);
  // Like run(), but a unique, foreign-key or check violation rolls back only this statement (through a
  // savepoint) and yields nullopt instead of throwing.
  std::optional<PgResult> run_constraint(const char* sql, const PgParams& params);

  bool broken() const;

  // LISTEN/NOTIFY. wait_for_notifications() waits up to `timeout_ms` for the server to send something
  // and returns the notifications received as (channel, payload). Throws StoreFailure when the
  // connection is lost.
  struct Notification {
    std::string channel;
    std::string payload;
  };
  std::vector<Notification> wait_for_notifications(int timeout_ms);

 private:
  explicit PgConnection(pg_conn* c) : m_conn(c) {}
  PgResult execute_prepared(const std::string& name, const char* sql, const PgParams& params);
  PgResult execute_pipelined_after_begin(const std::string& name, const char* sql, const PgParams& params);
  pg_conn* m_conn;
  bool m_begin_pending = false;  // begin() was called and BEGIN has not been sent yet
  std::unordered_map<const char*, std::string> m_prepared;       // sql pointer → statement name
  std::unordered_map<std::string, std::string> m_prepared_text;  // sql text → statement name
  int m_next_name = 0;
};

// Raised for a failed statement; carries the SQLSTATE so callers can tell retryable failures. It is a
// StoreFailure, so the transaction runner treats any it does not retry as a failure of the store.
class PgError : public StoreFailure {
 public:
  PgError(const std::string& what, std::string sqlstate)
      : StoreFailure(what), m_sqlstate(std::move(sqlstate)) {}
  const std::string& sqlstate() const { return m_sqlstate; }
  // Serialization failure or deadlock: the transaction may simply be run again.
  bool retryable() const { return m_sqlstate == "40001" || m_sqlstate == "40P01"; }

 private:
  std::string m_sqlstate;
};

class PgPool {
 public:
  // Opens `size` connections at once, so a wrong URL fails at start-up. Throws StoreFailure.
  PgPool(std::string conninfo, std::size_t size);

  class Lease {
   public:
    Lease(PgPool& pool, std::unique_ptr<PgConnection> c) : m_pool(pool), m_c(std::move(c)) {}
    ~Lease();
    Lease(Lease&&) = default;
    PgConnection& operator*() { return *m_c; }
    PgConnection* operator->() { return m_c.get(); }

   private:
    PgPool& m_pool;
    std::unique_ptr<PgConnection> m_c;
  };
  // Waits for a free connection; replaces a broken one. Throws StoreFailure when none can be made.
  Lease acquire();
  const std::string& conninfo() const { return m_conninfo; }

 private:
  void release(std::unique_ptr<PgConnection> c);
  std::string m_conninfo;
  std::mutex m_mutex;
  std::condition_variable m_cv;
  std::vector<std::unique_ptr<PgConnection>> m_free;  // GUARDED_BY(m_mutex)
};

// Splits our own options off a postgresql:// URL (`pool=N`), returning libpq's conninfo.
std::string strip_techdesk_options(const std::string& url, std::size_t& pool_size);

}  // namespace techdesk::storage::postgres
