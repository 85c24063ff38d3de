// The SQLite connection layer: statements prepared once per connection, a pool of read connections,
// and one writer thread that commits concurrent write transactions together (group commit).
//
// Durability: the database runs in WAL mode with synchronous=FULL, so a commit returns only after the
// WAL is fsync'ed. write() returns only after the commit that holds its body. Bodies queued while a
// commit is in flight are run together in the next transaction, each inside its own SAVEPOINT so one
// failing body rolls back only its own writes.
//
// Thread-safe: read() and write() may be called from any thread. A Connection is used by one thread
// at a time.
#pragma once

#include <condition_variable>
#include <cstdint>
#include <deque>
#include <exception>
#include <memory>
#include <mutex>
#include <optional>
#include <string>
#include <string_view>
#include <thread>
#include <unordered_map>
#include <vector>

#include "common/error.h"
#include "common/function_ref.h"
#include "common/metrics.h"

struct sqlite3;
struct sqlite3_stmt;

namespace techdesk::storage::sqlite {

class Connection;

// A prepared statement owned by its Connection. Use through Query, which resets it afterwards.
class Statement {
 public:
  Statement(sqlite3* db, sqlite3_stmt* stmt) : m_db(db), m_stmt(stmt) {}
  ~Statement();
  Statement(const Statement&) = delete;
  Statement& operator=(const Statement&) = delete;
  sqlite3_stmt* raw() const { return m_stmt; }
  sqlite3* db() const { return m_db; }

 private:
  sqlite3* m_db;
  sqlite3_stmt* m_stmt;
};

// One execution of a prepared statement: bind, step, read columns. Parameters are 1-based,
// columns 0-based, as in SQLite. Throws StoreFailure when SQLite reports an error other than a
// constraint violation (see step_constraint()).
class Query {
 public:
  explicit Query(Statement& s) : m_s(s) {}
  ~Query();
  Query(const Query&) = delete;
  Query& operator=(const Query&) = delete;

  Query& bind(int i, std::int64_t v);
  Query& bind(int i, int v) { return bind(i, static_cast<std::int64_t>(v)); }
  Query& bind(int i, std::string_view v);
  Query& bind(int i, const std::string& v) { return bind(i, std::string_view(v)); }
  Query& bind(int i, const char* v) { return bind(i, std::string_view(v)); }
  Query& bind_blob(int i, std::string_view v);
  Query& bind_null(int i);
  template <class T>
  Query& bind(int i, const std::optional<T>& v) {
    return v ? bind(i, *v) : bind_null(i);
  }

  // True while there is a row to read.
  bool step();
  // Runs to completion; returns false (instead of throwing) on a UNIQUE/FOREIGN KEY/CHECK violation.
  bool step_constraint();
  void run() {
    while (step()) {
    }
  }

  bool is_null(int col) const;
  std::int64_t int64(int col) const;
  double real(int col) const;
  bool boolean(int col) const { return int64(col) != 0; }
  std::string text(int col) const;
  std::string blob(int col) const;
  std::optional<std::int64_t> opt_int64(int col) const;
  std::optional<std::string> opt_text(int col) const;

 private:
  Statement& m_s;
};

class Connection {
 public:
  ~Connection();
  Connection(const Connection&) = delete;
  Connection& operator=(const Connection&) = delete;

  // Opens (creating if asked) the file and applies the per-connection pragmas.
  static std::unique_ptr<Connection> open(const std::string& path, bool create);

  // Runs one or more statements without results. Throws StoreFailure.
  void exec(std::string_view sql);
  // The statement for sql, prepared on first use and kept for the connection's lifetime.
  // REQUIRES: sql is a string literal or otherwise outlives the connection (it is the cache key).
  Statement& prepare(const char* sql);
  Query query(const char* sql) { return Query(prepare(sql)); }
  // For SQL assembled at run time (list filters): cached by text, at most k_max_dynamic shapes.
  Statement& prepare_dynamic(const std::string& sql);
  Query query_dynamic(const std::string& sql) { return Query(prepare_dynamic(sql)); }
  std::int64_t last_insert_rowid() const;
  int changes() const;
  sqlite3* raw() const { return m_db; }

 private:
  explicit Connection(sqlite3* db) : m_db(db) {}
  sqlite3* m_db;
  static constexpr std::size_t k_max_dynamic = 256;
  std::unordered_map<const char*, std::unique_ptr<Statement>> m_statements;
  std::unordered_map<std::string, std::unique_ptr<Statement>> m_dynamic;
};

struct DatabaseOptions {
  std::size_t max_batch = 512;  // write bodies per group commit
  MetricsRegistry* metrics = nullptr;
};

class Database {
 public:
  // Opens or creates the database file, enables WAL, and starts the writer thread.
  // Throws StoreFailure when the file cannot be opened or is not a database.
  static std::unique_ptr<Database> open(const std::string& path, DatabaseOptions options = {});
  ~Database();

  // Runs body inside a read transaction on a pooled connection.
  Result<void> read(FunctionRef<void(Connection&)> body);
  // Queues body for the writer and waits for the commit. body returns false to roll back its writes.
  // Errors: unavailable when the transaction could not be committed; exceptions thrown by body
  // (other than StoreFailure) are rethrown in the calling thread.
  Result<void> write(FunctionRef<bool(Connection&)> body);

  const std::string& path() const { return m_path; }

 private:
  struct Job;
  Database(std::string path, DatabaseOptions options, std::unique_ptr<Connection> writer);
  void writer_loop();
  void checkpoint_loop();
  void run_batch(std::vector<Job*>& batch);
  std::unique_ptr<Connection> acquire_reader();
  void release_reader(std::unique_ptr<Connection> c);

  std::string m_path;
  DatabaseOptions m_options;
  std::unique_ptr<Connection> m_writer;  // used only by m_thread after open()

  std::mutex m_queue_mutex;
  std::condition_variable m_queue_cv;
  std::deque<Job*> m_queue;  // GUARDED_BY(m_queue_mutex)
  bool m_stopping = false;   // GUARDED_BY(m_queue_mutex)
  std::thread m_thread;
  // WAL checkpoints run on their own thread and connection, so that copying pages back into the
  // database file never stalls a commit. GUARDED_BY(m_queue_mutex):
  std::uint64_t m_commits_since_checkpoint = 0;
  std::condition_variable m_checkpoint_cv;
  std::thread m_checkpointer;

  std::mutex m_pool_mutex;
  std::vector<std::unique_ptr<Connection>> m_readers;  // GUARDED_BY(m_pool_mutex)

  Histogram* m_commit_seconds = nullptr;
  Counter* m_commits = nullptr;
  Counter* m_write_bodies = nullptr;
  Counter* m_checkpoints = nullptr;
  Histogram* m_read_seconds = nullptr;
};

}  // namespace techdesk::storage::sqlite
