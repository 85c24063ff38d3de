#include "contract/backends.h"

#include <unistd.h>

#include <atomic>
#include <cstdlib>
#include <fstream>
#include <stdexcept>

#include "storage/postgres/pg_connection.h"

namespace techdesk::contract {

namespace {

std::unique_ptr<storage::Store> open_url(const std::string& url) {
  auto store = storage::open_store(url);
  if (!store) throw std::runtime_error(store.error().message);
  auto applied = (*store)->migrate();
  if (!applied) throw std::runtime_error(applied.error().message);
  return store.release_value();
}

std::unique_ptr<storage::Store> open_sqlite(const std::filesystem::path& dir) {
  return open_url("sqlite://" + (dir / "contract.db").string());
}

// postgresql://user:pass@host:port/db?x → the same URL naming database `db`.
std::string with_database(const std::string& url, const std::string& db) {
  auto q = url.find('?');
  std::string base = url.substr(0, q), params = q == std::string::npos ? "" : url.substr(q);
  return base.substr(0, base.rfind('/') + 1) + db + params;
}

// Each test gets a database of its own, named in a file in its temp folder so reopen() finds it.
std::unique_ptr<storage::Store> open_postgres(const std::filesystem::path& dir) {
  static std::atomic<int> counter{0};
  const std::string base = std::getenv("TECHDESK_TEST_PG_URL");
  const std::string db = "contract_" + std::to_string(getpid()) + "_" + std::to_string(counter++);
  storage::postgres::PgConnection::connect(base)->exec("CREATE DATABASE " + db);
  std::ofstream(dir / "pg_database") << db;
  return open_url(with_database(base, db) + "?pool=8");
}

std::unique_ptr<storage::Store> reopen_postgres(const std::filesystem::path& dir) {
  std::string db;
  std::ifstream(dir / "pg_database") >> db;
  return open_url(with_database(std::getenv("TECHDESK_TEST_PG_URL"), db) + "?pool=8");
}

}  // namespace

std::vector<Backend> contract_backends() {
  std::vector<Backend> out;
  out.push_back({"sqlite", open_sqlite, open_sqlite});
  // `make test` starts a throw-away cluster and sets this; without it only SQLite runs.
  if (const char* url = std::getenv("TECHDESK_TEST_PG_URL"); url && *url)
    out.push_back({"postgresql", open_postgres, reopen_postgres});
  return out;
}

TempDir::TempDir() {
  std::string tmpl = (std::filesystem::temp_directory_path() / "techdesk-test-XXXXXX").string();
  if (!mkdtemp(tmpl.data())) throw std::runtime_error("mkdtemp failed");
  m_path = tmpl;
}

TempDir::~TempDir() {
  std::error_code ec;
  std::filesystem::remove_all(m_path, ec);
}

}  // namespace techdesk::contract
