#include "storage/postgres/pg_connection.h"

#include <libpq-fe.h>

#include <poll.h>

#include <cerrno>
#include <charconv>
#include <cstring>

#include "common/store_failure.h"

namespace techdesk::storage::postgres {

// ---- PgParams ----

PgParams& PgParams::add(std::int64_t v) {
  m_values.emplace_back(std::to_string(v));
  m_lengths.push_back(0);
  m_formats.push_back(0);
  return *this;
}

PgParams& PgParams::add(std::string_view v) {
  m_values.emplace_back(std::string(v));
  m_lengths.push_back(0);
  m_formats.push_back(0);
  return *this;
}

PgParams& PgParams::add(bool v) {
  return add(std::string_view(v ? "t" : "f"));
}

PgParams& PgParams::add_bytea(std::string_view v) {
  m_values.emplace_back(std::string(v));
  m_lengths.push_back(static_cast<int>(v.size()));
  m_formats.push_back(1);
  return *this;
}

PgParams& PgParams::add_null() {
  m_values.emplace_back(std::nullopt);
  m_lengths.push_back(0);
  m_formats.push_back(0);
  return *this;
}

std::vector<const char*> PgParams::values() const {
  std::vector<const char*> out;
  out.reserve(m_values.size());
  for (const auto& v : m_values)
    out.push_back(v ? v->c_str() : nullptr);
  return out;
}

// ---- PgResult / PgRow ----

PgResult::~PgResult() {
  PQclear(m_r);
}
int PgResult::rows() const {
  return PQntuples(m_r);
}
int PgResult::affected() const {
  const char* n = PQcmdTuples(m_r);
  return n && *n ? std::atoi(n) : 0;
}
bool PgResult::is_null(int row, int col) const {
  return PQgetisnull(m_r, row, col) != 0;
}
std::string_view PgResult::raw(int row, int col) const {
  return {PQgetvalue(m_r, row, col), static_cast<std::size_t>(PQgetlength(m_r, row, col))};
}

std::int64_t PgRow::int64(int col) const {
  auto s = m_r.raw(m_row, col);
  std::int64_t v = 0;
  std::from_chars(s.data(), s.data() + s.size(), v);
  return v;
}

std::optional<std::int64_t> PgRow::opt_int64(int col) const {
  if (is_null(col)) return std::nullopt;
  return int64(col);
}

std::optional<std::string> PgRow::opt_text(int col) const {
  if (is_null(col)) return std::nullopt;
  return text(col);
}

std::string PgRow::bytea(int col) const {
  // Text format of bytea is "\x" followed by hex digits.
  auto s = m_r.raw(m_row, col);
  std::string out;
  if (s.size() < 2 || s[0] != '\\' || s[1] != 'x') return out;
  auto hex = [](char c) { return c <= '9' ? c - '0' : (c | 0x20) - 'a' + 10; };
  for (std::size_t i = 2; i + 1 < s.size(); i += 2)
    out += static_cast<char>(hex(s[i]) * 16 + hex(s[i + 1]));
  return out;
}

// ---- PgConnection ----

namespace {

[[noreturn]] void throw_result(pg_conn* c, pg_result* r, const std::string& what) {
  std::string state =
      r && PQresultErrorField(r, PG_DIAG_SQLSTATE) ? PQresultErrorField(r, PG_DIAG_SQLSTATE) : "";
  std::string msg = r ? PQresultErrorMessage(r) : PQerrorMessage(c);
  PQclear(r);
  while (!msg.empty() && (msg.back() == '\n' || msg.back() == ' '))
    msg.pop_back();
  throw PgError(what + ": " + msg + (state.empty() ? "" : " [" + state + "]"), state);
}

bool ok_status(pg_result* r) {
  auto st = PQresultStatus(r);
  return st == PGRES_COMMAND_OK || st == PGRES_TUPLES_OK;
}

bool is_constraint_violation(const std::string& state) {
  return state.rfind("23", 0) == 0;
}

}  // namespace

PgConnection::~PgConnection() {
  PQfinish(m_conn);
}

std::unique_ptr<PgConnection> PgConnection::connect(const std::string& conninfo) {
  pg_conn* c = PQconnectdb(conninfo.c_str());
  if (!c || PQstatus(c) != CONNECTION_OK) {
    std::string msg = c ? PQerrorMessage(c) : "out of memory";
    PQfinish(c);
    while (!msg.empty() && (msg.back() == '\n' || msg.back() == ' '))
      msg.pop_back();
    throw StoreFailure("cannot connect to PostgreSQL: " + msg);
  }
  // Server notices ("relation already exists, skipping") are not errors; keep them off stderr.
  PQsetNoticeProcessor(
      c, [](void*, const char*) {}, nullptr);
  auto conn = std::unique_ptr<PgConnection>(new PgConnection(c));
  conn->exec("SET client_encoding = 'UTF8'; SET TIME ZONE 'UTC'");
  return conn;
}

void PgConnection::exec(const std::string& sql) {
  std::string text = m_begin_pending ? "BEGIN; " + sql : sql;
  m_begin_pending = false;
  pg_result* r = PQexec(m_conn, text.c_str());
  if (!ok_status(r)) throw_result(m_conn, r, "sql");
  PQclear(r);
}

void PgConnection::begin() {
  m_begin_pending = true;
}

void PgConnection::commit(const std::string& before_commit) {
  if (m_begin_pending && before_commit.empty()) {
    m_begin_pending = false;  // nothing ran: nothing to commit
    return;
  }
  exec(before_commit + "COMMIT");
}

void PgConnection::rollback() {
  if (m_begin_pending) {
    m_begin_pending = false;
    return;
  }
  exec("ROLLBACK");
}

std::string PgConnection::literal(std::string_view text) const {
  char* quoted = PQescapeLiteral(m_conn, text.data(), text.size());
  if (!quoted) throw StoreFailure(std::string("cannot quote a literal: ") + PQerrorMessage(m_conn));
  std::string out(quoted);
  PQfreemem(quoted);
  return out;
}

// BEGIN and the statement leave in one message (libpq pipeline mode) and their answers come back together.
PgResult PgConnection::execute_pipelined_after_begin(const std::string& name, const char* sql,
                                                     const PgParams& params) {
  m_begin_pending = false;
  auto values = params.values();
  if (!PQenterPipelineMode(m_conn))
    throw StoreFailure(std::string("pipeline mode: ") + PQerrorMessage(m_conn));
  struct Leave {
    pg_conn* c;
    ~Leave() { PQexitPipelineMode(c); }
  };
  if (!PQsendQueryParams(m_conn, "BEGIN", 0, nullptr, nullptr, nullptr, nullptr, 0) ||
      !PQsendQueryPrepared(m_conn, name.c_str(), params.size(), values.data(), params.lengths().data(),
                           params.formats().data(), 0) ||
      !PQpipelineSync(m_conn)) {
    PQexitPipelineMode(m_conn);
    throw StoreFailure(std::string("cannot send to PostgreSQL: ") + PQerrorMessage(m_conn));
  }
  pg_result* begin = PQgetResult(m_conn);
  while (pg_result* extra = PQgetResult(m_conn))  // the NULL that ends BEGIN's results
    PQclear(extra);
  pg_result* r = PQgetResult(m_conn);
  while (pg_result* extra = PQgetResult(m_conn))
    PQclear(extra);
  pg_result* sync = PQgetResult(m_conn);  // PGRES_PIPELINE_SYNC
  PQclear(sync);
  Leave leave{m_conn};
  if (!ok_status(begin)) {
    PQclear(r);
    throw_result(m_conn, begin, "BEGIN");
  }
  PQclear(begin);
  if (!ok_status(r)) throw_result(m_conn, r, std::string("query ") + std::string(sql).substr(0, 80));
  return PgResult(r);
}

PgResult PgConnection::execute_prepared(const std::string& name, const char* sql, const PgParams& params) {
  if (m_begin_pending) return execute_pipelined_after_begin(name, sql, params);
  auto values = params.values();
  pg_result* r = PQexecPrepared(m_conn, name.c_str(), params.size(), values.data(), params.lengths().data(),
                                params.formats().data(), 0);
  if (!ok_status(r)) throw_result(m_conn, r, std::string("query ") + std::string(sql).substr(0, 80));
  return PgResult(r);
}

PgResult PgConnection::run(const char* sql, const PgParams& params) {
  auto it = m_prepared.find(sql);
  if (it == m_prepared.end()) {
    std::string name = "s" + std::to_string(m_next_name++);
    pg_result* r = PQprepare(m_conn, name.c_str(), sql, 0, nullptr);
    if (!ok_status(r)) throw_result(m_conn, r, std::string("prepare ") + sql);
    PQclear(r);
    it = m_prepared.emplace(sql, name).first;
  }
  return execute_prepared(it->second, sql, params);
}

PgResult PgConnection::run_dynamic(const std::string& sql, const PgParams& params) {
  auto it = m_prepared_text.find(sql);
  if (it == m_prepared_text.end()) {
    if (m_prepared_text.size() >= 256) {
      exec("DEALLOCATE ALL");  // shapes are few in practice; a runaway variety only costs re-preparing
      m_prepared_text.clear();
      m_prepared.clear();
    }
    std::string name = "s" + std::to_string(m_next_name++);
    pg_result* r = PQprepare(m_conn, name.c_str(), sql.c_str(), 0, nullptr);
    if (!ok_status(r)) throw_result(m_conn, r, "prepare " + sql.substr(0, 80));
    PQclear(r);
    it = m_prepared_text.emplace(sql, name).first;
  }
  return execute_prepared(it->second, sql.c_str(), params);
}

std::optional<PgResult> PgConnection::run_constraint(const char* sql, const PgParams& params) {
  exec("SAVEPOINT constraint_check");
  try {
    PgResult r = run(sql, params);
    exec("RELEASE SAVEPOINT constraint_check");
    return r;
  } catch (const PgError& e) {
    if (!is_constraint_violation(e.sqlstate())) throw;
    exec("ROLLBACK TO SAVEPOINT constraint_check; RELEASE SAVEPOINT constraint_check");
    return std::nullopt;
  }
}

bool PgConnection::broken() const {
  return PQstatus(m_conn) != CONNECTION_OK;
}

std::vector<PgConnection::Notification> PgConnection::wait_for_notifications(int timeout_ms) {
  std::vector<Notification> out;
  auto drain = [&] {
    while (PGnotify* n = PQnotifies(m_conn)) {
      out.push_back({n->relname, n->extra});
      PQfreemem(n);
    }
  };
  drain();
  if (!out.empty()) return out;
  pollfd pfd{PQsocket(m_conn), POLLIN, 0};
  if (pfd.fd < 0) throw StoreFailure("the PostgreSQL listening connection is closed");
  int n = ::poll(&pfd, 1, timeout_ms);
  if (n < 0 && errno != EINTR) throw StoreFailure(std::string("poll: ") + std::strerror(errno));
  if (n > 0) {
    if (!PQconsumeInput(m_conn) || broken())
      throw StoreFailure(std::string("the PostgreSQL listening connection was lost: ") +
                         PQerrorMessage(m_conn));
    drain();
  }
  return out;
}

// ---- PgPool ----

PgPool::PgPool(std::string conninfo, std::size_t size) : m_conninfo(std::move(conninfo)) {
  for (std::size_t i = 0; i < size; ++i)
    m_free.push_back(PgConnection::connect(m_conninfo));
}

PgPool::Lease PgPool::acquire() {
  std::unique_ptr<PgConnection> c;
  {
    std::unique_lock lock(m_mutex);
    m_cv.wait(lock, [&] { return !m_free.empty(); });
    c = std::move(m_free.back());
    m_free.pop_back();
  }
  if (c->broken()) {
    try {
      c = PgConnection::connect(m_conninfo);
    } catch (...) {
      release(std::move(c));  // keep the slot; the next acquire tries again
      throw;
    }
  }
  return Lease(*this, std::move(c));
}

void PgPool::release(std::unique_ptr<PgConnection> c) {
  {
    std::lock_guard lock(m_mutex);
    m_free.push_back(std::move(c));
  }
  m_cv.notify_one();
}

PgPool::Lease::~Lease() {
  if (m_c) m_pool.release(std::move(m_c));
}

std::string strip_techdesk_options(const std::string& url, std::size_t& pool_size) {
  auto q = url.find('?');
  std::string base = url.substr(0, q), kept;
  std::string_view rest(url);
  rest.remove_prefix(q == std::string::npos ? url.size() : q + 1);
  bool has_timeout = false;
  while (!rest.empty()) {
    auto amp = rest.find('&');
    std::string_view part = rest.substr(0, amp);
    rest = amp == std::string_view::npos ? std::string_view{} : rest.substr(amp + 1);
    if (part.rfind("pool=", 0) == 0) {
      std::size_t n = 0;
      auto [p, ec] = std::from_chars(part.data() + 5, part.data() + part.size(), n);
      if (ec != std::errc{} || p != part.data() + part.size() || n < 1 || n > 1000)
        throw StoreFailure("the database URL option pool must be a number of connections from 1 to 1000");
      pool_size = n;
      continue;
    }
    has_timeout = has_timeout || part.rfind("connect_timeout=", 0) == 0;
    kept += (kept.empty() ? "" : "&") + std::string(part);
  }
  // A host that drops packets would otherwise keep start-up waiting forever.
  if (!has_timeout) kept += (kept.empty() ? "" : "&") + std::string("connect_timeout=10");
  return base + "?" + kept;
}

}  // namespace techdesk::storage::postgres
