#include "identity/principal_cache.h"

namespace techdesk::identity {

std::optional<Principal> PrincipalCache::find(const std::string& digest) const {
  std::shared_lock lock(m_mutex);
  auto it = m_entries.find(digest);
  if (it == m_entries.end() || it->second.expires <= std::chrono::steady_clock::now()) return std::nullopt;
  return it->second.principal;
}

void PrincipalCache::put(const std::string& digest, const Principal& p) {
  std::unique_lock lock(m_mutex);
  if (m_entries.size() >= m_max) m_entries.clear();  // crude but bounded; refills in one TTL
  m_entries[digest] = Entry{p, std::chrono::steady_clock::now() + m_ttl};
}

void PrincipalCache::erase(const std::string& digest) {
  std::unique_lock lock(m_mutex);
  m_entries.erase(digest);
}

void PrincipalCache::clear() {
  std::unique_lock lock(m_mutex);
  m_entries.clear();
}

}  // namespace techdesk::identity
