// The backends the store contract suite runs against. Every backend must pass the very same tests:
// add one here (the PostgreSQL backend joins when it exists) and the whole suite runs on it.
#pragma once

#include <filesystem>
#include <functional>
#include <memory>
#include <ostream>
#include <string>
#include <vector>

#include "storage/store.h"

namespace techdesk::contract {

struct Backend {
  std::string name;
  // Opens a fresh, empty, migrated store whose files (if any) live in dir.
  std::function<std::unique_ptr<storage::Store>(const std::filesystem::path& dir)> open;
  // Opens the same store again, as after a restart.
  std::function<std::unique_ptr<storage::Store>(const std::filesystem::path& dir)> reopen;
};

std::vector<Backend> contract_backends();

// A temporary folder removed at destruction.
class TempDir {
 public:
  TempDir();
  ~TempDir();
  const std::filesystem::path& path() const { return m_path; }

 private:
  std::filesystem::path m_path;
};

}  // namespace techdesk::contract

namespace techdesk::contract {
// Names the backend in test output instead of dumping its bytes.
inline void PrintTo(const Backend& b, std::ostream* os) {
  *os << b.name;
}
}  // namespace techdesk::contract
