#include "contract/backends.h"

#include <stdexcept>

#include <unistd.h>

namespace techdesk::contract {

namespace {
std::unique_ptr<storage::Store> open_sqlite(const std::filesystem::path& dir) {
  auto store = storage::open_store("sqlite://" + (dir / "contract.db").string());
  if (!store) throw std::runtime_error(store.error().message);
  auto applied = (*store)->migrate();
  if (!applied) throw std::runtime_error(applied.error().message);
  return store.release_value();
}
}  // namespace

std::vector<Backend> contract_backends() {
  std::vector<Backend> out;
  out.push_back({"sqlite", open_sqlite, open_sqlite});
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
