// Recently authenticated principals by token digest, so that a burst of requests with one token
// costs one database lookup instead of one each. Entries live for a short TTL; every change that
// can alter a principal on this node (logout, token revocation, user or team updates) clears the
// cache at once, so within one node nothing stale is ever served. Other nodes of a cluster see such
// a change within the TTL.
//
// Thread-safe.
#pragma once

#include <chrono>
#include <mutex>
#include <optional>
#include <shared_mutex>
#include <string>
#include <unordered_map>

#include "identity/types.h"

namespace techdesk::identity {

class PrincipalCache {
 public:
  explicit PrincipalCache(std::chrono::milliseconds ttl = std::chrono::seconds(2),
                          std::size_t max_entries = 10000)
      : m_ttl(ttl), m_max(max_entries) {}

  std::optional<Principal> find(const std::string& digest) const;
  void put(const std::string& digest, const Principal& p);
  void erase(const std::string& digest);
  void clear();

 private:
  struct Entry {
    Principal principal;
    std::chrono::steady_clock::time_point expires;
  };
  std::chrono::milliseconds m_ttl;
  std::size_t m_max;
  mutable std::shared_mutex m_mutex;
  std::unordered_map<std::string, Entry> m_entries;  // GUARDED_BY(m_mutex)
};

}  // namespace techdesk::identity
