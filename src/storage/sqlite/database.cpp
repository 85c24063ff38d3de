#include "storage/sqlite/database.h"

#include <sqlite3.h>

#include <chrono>
#include <semaphore>

#include "common/store_failure.h"
#include "storage/sqlite/fts5_rank.h"

namespace techdesk::storage::sqlite {

namespace {

[[noreturn]] void fail(sqlite3* db, std::string_view what) {
  throw StoreFailure(std::string(what) + ": " + (db ? sqlite3_errmsg(db) : "out of memory"));
}

bool is_constraint(int rc) {
  return (rc & 0xFF) == SQLITE_CONSTRAINT;
}

double seconds_since(std::chrono::steady_clock::time_point start) {
  return std::chrono::duration<double>(std::chrono::steady_clock::now() - start).count();
}

}  // namespace

// ---- Statement / Query ----

Statement::~Statement() {
  sqlite3_finalize(m_stmt);
}

Query::~Query() {
  sqlite3_reset(m_s.raw());
  sqlite3_clear_bindings(m_s.raw());
}

Query& Query::bind(int i, std::int64_t v) {
  if (sqlite3_bind_int64(m_s.raw(), i, v) != SQLITE_OK) fail(m_s.db(), "bind");
  return *this;
}

Query& Query::bind(int i, std::string_view v) {
  if (sqlite3_bind_text64(m_s.raw(), i, v.data(), v.size(), SQLITE_TRANSIENT, SQLITE_UTF8) != SQLITE_OK)
    fail(m_s.db(), "bind");
  return *this;
}

Query& Query::bind_blob(int i, std::string_view v) {
  if (sqlite3_bind_blob64(m_s.raw(), i, v.data(), v.size(), SQLITE_TRANSIENT) != SQLITE_OK)
    fail(m_s.db(), "bind");
  return *this;
}

Query& Query::bind_null(int i) {
  if (sqlite3_bind_null(m_s.raw(), i) != SQLITE_OK) fail(m_s.db(), "bind");
  return *this;
}

bool Query::step() {
  int rc = sqlite3_step(m_s.raw());
  if (rc == SQLITE_ROW) return true;
  if (rc == SQLITE_DONE) return false;
  fail(m_s.db(), "step");
}

bool Query::step_constraint() {
  for (;;) {
    int rc = sqlite3_step(m_s.raw());
    if (rc == SQLITE_ROW) continue;
    if (rc == SQLITE_DONE) return true;
    if (is_constraint(rc)) return false;
    fail(m_s.db(), "step");
  }
}

bool Query::is_null(int col) const {
  return sqlite3_column_type(m_s.raw(), col) == SQLITE_NULL;
}

std::int64_t Query::int64(int col) const {
  return sqlite3_column_int64(m_s.raw(), col);
}

double Query::real(int col) const {
  return sqlite3_column_double(m_s.raw(), col);
}

std::string Query::text(int col) const {
  const auto* p = reinterpret_cast<const char*>(sqlite3_column_text(m_s.raw(), col));
  if (!p) return {};
  return std::string(p, static_cast<std::size_t>(sqlite3_column_bytes(m_s.raw(), col)));
}

std::string Query::blob(int col) const {
  const auto* p = static_cast<const char*>(sqlite3_column_blob(m_s.raw(), col));
  if (!p) return {};
  return std::string(p, static_cast<std::size_t>(sqlite3_column_bytes(m_s.raw(), col)));
}

std::optional<std::int64_t> Query::opt_int64(int col) const {
  if (is_null(col)) return std::nullopt;
  return int64(col);
}

std::optional<std::string> Query::opt_text(int col) const {
  if (is_null(col)) return std::nullopt;
  return text(col);
}

// ---- Connection ----

Connection::~Connection() {
  m_statements.clear();
  m_dynamic.clear();
  sqlite3_close_v2(m_db);
}

std::unique_ptr<Connection> Connection::open(const std::string& path, bool create) {
  sqlite3* db = nullptr;
  int flags = SQLITE_OPEN_READWRITE | SQLITE_OPEN_NOMUTEX | (create ? SQLITE_OPEN_CREATE : 0);
  if (sqlite3_open_v2(path.c_str(), &db, flags, nullptr) != SQLITE_OK) {
    std::string msg = db ? sqlite3_errmsg(db) : "out of memory";
    sqlite3_close_v2(db);
    throw StoreFailure("cannot open database " + path + ": " + msg);
  }
  std::unique_ptr<Connection> c(new Connection(db));
  sqlite3_extended_result_codes(db, 1);
  c->exec(
      "PRAGMA busy_timeout = 5000;"
      "PRAGMA foreign_keys = ON;"
      "PRAGMA synchronous = FULL;"
      "PRAGMA temp_store = MEMORY;"
      // Pages are read from the OS page cache through a mapping instead of copied by pread (the search
      // index is read in large runs), and each connection keeps 16 MiB of decoded pages.
      "PRAGMA mmap_size = 4294967296;"
      "PRAGMA cache_size = -16384;");
  // Search ranks with it (fts5_rank.h); a library without FTS5 fails at the first search, not here.
  register_fts5_rank(db);
  return c;
}

void Connection::exec(std::string_view sql) {
  std::string s(sql);
  char* err = nullptr;
  if (sqlite3_exec(m_db, s.c_str(), nullptr, nullptr, &err) != SQLITE_OK) {
    std::string msg = err ? err : sqlite3_errmsg(m_db);
    sqlite3_free(err);
    throw StoreFailure("sql: " + msg);
  }
}

Statement& Connection::prepare(const char* sql) {
  auto it = m_statements.find(sql);
  if (it != m_statements.end()) return *it->second;
  sqlite3_stmt* stmt = nullptr;
  if (sqlite3_prepare_v3(m_db, sql, -1, SQLITE_PREPARE_PERSISTENT, &stmt, nullptr) != SQLITE_OK)
    fail(m_db, std::string("prepare ") + sql);
  auto [ins, _] = m_statements.emplace(sql, std::make_unique<Statement>(m_db, stmt));
  return *ins->second;
}

Statement& Connection::prepare_dynamic(const std::string& sql) {
  auto it = m_dynamic.find(sql);
  if (it != m_dynamic.end()) return *it->second;
  // Shapes are few in practice; a runaway variety only costs re-preparing.
  if (m_dynamic.size() >= k_max_dynamic) m_dynamic.clear();
  sqlite3_stmt* stmt = nullptr;
  if (sqlite3_prepare_v3(m_db, sql.c_str(), -1, SQLITE_PREPARE_PERSISTENT, &stmt, nullptr) != SQLITE_OK)
    fail(m_db, "prepare " + sql);
  auto [ins, _] = m_dynamic.emplace(sql, std::make_unique<Statement>(m_db, stmt));
  return *ins->second;
}

std::int64_t Connection::last_insert_rowid() const {
  return sqlite3_last_insert_rowid(m_db);
}
int Connection::changes() const {
  return sqlite3_changes(m_db);
}

// ---- Database ----

struct Database::Job {
  explicit Job(FunctionRef<bool(Connection&)> b) : body(b) {}
  FunctionRef<bool(Connection&)> body;
  std::binary_semaphore done{0};
  std::exception_ptr exception;
  std::string failure;  // why the transaction was not committed
};

namespace {
constexpr int k_wal_rewind_frames = 16384;  // 64 MiB of 4 KiB pages
}  // namespace

std::unique_ptr<Database> Database::open(const std::string& path, DatabaseOptions options) {
  auto writer = Connection::open(path, /*create=*/true);
  {
    // WAL must be set outside a transaction; it is persistent for the file.
    auto q = writer->query("PRAGMA journal_mode = WAL");
    if (!q.step() || q.text(0) != "wal") throw StoreFailure("cannot switch " + path + " to WAL mode");
  }
  // Fail early on a file that is not a database.
  writer->exec("SELECT count(*) FROM sqlite_schema");
  // The checkpointer thread does this work; see checkpoint_loop().
  writer->exec("PRAGMA wal_autocheckpoint = 0");
  // ... except under a long run of writes (a reindex, an import), where it never catches up at a moment
  // the next write could start the log over, and the log grew to twice the database. Past 64 MiB of log
  // the writer itself checkpoints between two commits (PASSIVE: it waits for nobody, and with no reader
  // on an old snapshot it completes, so the next commit rewinds the log).
  sqlite3_wal_hook(
      writer->raw(),
      [](void*, sqlite3* db, const char* name, int frames) -> int {
        if (frames >= k_wal_rewind_frames)
          sqlite3_wal_checkpoint_v2(db, name, SQLITE_CHECKPOINT_PASSIVE, nullptr, nullptr);
        return SQLITE_OK;
      },
      nullptr);
  return std::unique_ptr<Database>(new Database(path, options, std::move(writer)));
}

Database::Database(std::string path, DatabaseOptions options, std::unique_ptr<Connection> writer)
    : m_path(std::move(path)), m_options(options), m_writer(std::move(writer)) {
  if (m_options.metrics) {
    auto& m = *m_options.metrics;
    m_commit_seconds =
        &m.histogram("techdesk_db_commit_seconds", "Time to run and durably commit one write batch");
    m_commits = &m.counter("techdesk_db_commits_total", "Durable commits (one per group-commit batch)");
    m_write_bodies = &m.counter("techdesk_db_write_transactions_total",
                                "Write transactions (bodies) committed or rolled back");
    m_read_seconds = &m.histogram("techdesk_db_read_seconds", "Time of one read transaction");
    m_checkpoints = &m.counter("techdesk_db_checkpoints_total", "WAL checkpoints run by the checkpointer");
  }
  m_thread = std::thread([this] { writer_loop(); });
  m_checkpointer = std::thread([this] { checkpoint_loop(); });
}

Database::~Database() {
  {
    std::lock_guard lock(m_queue_mutex);
    m_stopping = true;
  }
  m_queue_cv.notify_all();
  m_checkpoint_cv.notify_all();
  if (m_thread.joinable()) m_thread.join();
  if (m_checkpointer.joinable()) m_checkpointer.join();
  // A last full checkpoint leaves a small WAL behind for the next start.
  try {
    m_writer->exec("PRAGMA wal_checkpoint(TRUNCATE)");
  } catch (const StoreFailure&) {
  }
}

void Database::checkpoint_loop() {
  std::unique_ptr<Connection> conn;
  try {
    conn = Connection::open(m_path, false);
  } catch (const StoreFailure&) {
    return;  // without a checkpointer the WAL only grows; the destructor still truncates it
  }
  std::unique_lock lock(m_queue_mutex);
  for (;;) {
    // Checkpoint after every 1000 commits or every quarter second with commits, whichever comes first.
    m_checkpoint_cv.wait_for(lock, std::chrono::milliseconds(250),
                             [&] { return m_stopping || m_commits_since_checkpoint >= 1000; });
    if (m_stopping) return;
    if (m_commits_since_checkpoint == 0) continue;
    m_commits_since_checkpoint = 0;
    lock.unlock();
    // PASSIVE never blocks writers or readers; it copies what it can.
    sqlite3_exec(conn->raw(), "PRAGMA wal_checkpoint(PASSIVE)", nullptr, nullptr, nullptr);
    if (m_checkpoints) m_checkpoints->inc();
    lock.lock();
  }
}

std::unique_ptr<Connection> Database::acquire_reader() {
  {
    std::lock_guard lock(m_pool_mutex);
    if (!m_readers.empty()) {
      auto c = std::move(m_readers.back());
      m_readers.pop_back();
      return c;
    }
  }
  return Connection::open(m_path, /*create=*/false);
}

void Database::release_reader(std::unique_ptr<Connection> c) {
  std::lock_guard lock(m_pool_mutex);
  m_readers.push_back(std::move(c));
}

Result<void> Database::read(FunctionRef<void(Connection&)> body) {
  auto start = std::chrono::steady_clock::now();
  std::unique_ptr<Connection> conn;
  try {
    conn = acquire_reader();
    conn->query("BEGIN").run();
  } catch (const StoreFailure& e) {
    return Error{Errc::unavailable, std::string("database unavailable: ") + e.what(), {}};
  }
  Result<void> result;
  try {
    body(*conn);
    conn->query("COMMIT").run();
  } catch (const StoreFailure& e) {
    sqlite3_exec(conn->raw(), "ROLLBACK", nullptr, nullptr, nullptr);
    result = Error{Errc::unavailable, std::string("database read failed: ") + e.what(), {}};
  } catch (...) {
    sqlite3_exec(conn->raw(), "ROLLBACK", nullptr, nullptr, nullptr);
    release_reader(std::move(conn));
    throw;
  }
  release_reader(std::move(conn));
  if (m_read_seconds) m_read_seconds->observe(seconds_since(start));
  return result;
}

Result<void> Database::write(FunctionRef<bool(Connection&)> body) {
  Job job(body);
  {
    std::lock_guard lock(m_queue_mutex);
    if (m_stopping) return Error{Errc::unavailable, "database is shutting down", {}};
    m_queue.push_back(&job);
  }
  m_queue_cv.notify_one();
  job.done.acquire();
  if (job.exception) std::rethrow_exception(job.exception);
  if (!job.failure.empty()) return Error{Errc::unavailable, job.failure, {}};
  return ok();
}

void Database::writer_loop() {
  std::vector<Job*> batch;
  for (;;) {
    {
      std::unique_lock lock(m_queue_mutex);
      m_queue_cv.wait(lock, [&] { return m_stopping || !m_queue.empty(); });
      if (m_queue.empty() && m_stopping) return;
      while (!m_queue.empty() && batch.size() < m_options.max_batch) {
        batch.push_back(m_queue.front());
        m_queue.pop_front();
      }
    }
    run_batch(batch);
    for (Job* job : batch)
      job->done.release();
    batch.clear();
    bool checkpoint_due;
    {
      std::lock_guard lock(m_queue_mutex);
      checkpoint_due = ++m_commits_since_checkpoint >= 1000;
    }
    if (checkpoint_due) m_checkpoint_cv.notify_one();
  }
}

void Database::run_batch(std::vector<Job*>& batch) {
  auto start = std::chrono::steady_clock::now();
  Connection& c = *m_writer;
  try {
    c.query("BEGIN IMMEDIATE").run();
  } catch (const StoreFailure& e) {
    for (Job* job : batch)
      job->failure = std::string("cannot begin a write transaction: ") + e.what();
    return;
  }
  for (Job* job : batch) {
    bool keep = false;
    try {
      c.query("SAVEPOINT body").run();
      keep = job->body(c);
    } catch (const StoreFailure& e) {
      job->failure = std::string("database write failed: ") + e.what();
    } catch (...) {
      job->exception = std::current_exception();
    }
    try {
      if (!keep) c.query("ROLLBACK TO body").run();
      c.query("RELEASE body").run();
    } catch (const StoreFailure& e) {
      // The savepoint machinery itself failed: nothing in this batch can be trusted.
      sqlite3_exec(c.raw(), "ROLLBACK", nullptr, nullptr, nullptr);
      for (Job* j : batch)
        if (j->failure.empty() && !j->exception) j->failure = std::string("write batch aborted: ") + e.what();
      return;
    }
  }
  try {
    c.query("COMMIT").run();
  } catch (const StoreFailure& e) {
    sqlite3_exec(c.raw(), "ROLLBACK", nullptr, nullptr, nullptr);
    for (Job* job : batch)
      if (job->failure.empty() && !job->exception) job->failure = std::string("commit failed: ") + e.what();
    return;
  }
  if (m_commits) {
    m_commits->inc();
    m_write_bodies->inc(batch.size());
    m_commit_seconds->observe(seconds_since(start));
  }
}

}  // namespace techdesk::storage::sqlite
