// Thrown by a storage backend when the store itself fails (I/O error, corrupt file, lost connection).
// Repositories let it propagate; the transaction runner catches it, rolls the transaction back and
// answers the service call with an `unavailable` error. Expected outcomes (absent rows, unique
// conflicts) are never reported this way.
#pragma once

#include <stdexcept>
#include <string>

namespace techdesk {

class StoreFailure : public std::runtime_error {
 public:
  explicit StoreFailure(const std::string& what) : std::runtime_error(what) {}
};

}  // namespace techdesk
