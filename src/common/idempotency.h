// Idempotency-Key support. A client that may retry a write sends `Idempotency-Key: <k>`; the server
// runs the request once and answers every retry with the first answer.
//
// Exactly once: the HTTP layer puts a Claim on the thread that handles the request; the storage backend
// inserts the key inside the same transaction as the request's first write (and the write fails as a
// whole if the key is already there). So an effect is committed if and only if its key is. The answer
// is saved right after; a retry replays it. A retry arriving while the first attempt is still running,
// or after its node died between commit and saving the answer, is told so (409) instead of running
// again.
#pragma once

#include <cstdint>
#include <optional>
#include <string>

#include "common/error.h"
#include "common/id.h"

namespace techdesk::idempotency {

struct Claim {
  Id user_id = 0;
  std::string key;
  std::string request_hash;  // of method, path and body: a key reused for another request is refused
  bool claimed = false;      // set by the backend once the key is committed with a write
  bool taken = false;        // set by the backend when the key was already there
};

// The claim of the request this thread is handling, or null.
Claim* current();

// Puts a claim on this thread for the lifetime of the scope.
class Scope {
 public:
  explicit Scope(Claim* claim);
  ~Scope();
  Scope(const Scope&) = delete;
  Scope& operator=(const Scope&) = delete;

 private:
  Claim* m_previous;
};

struct Record {
  std::string request_hash;
  std::optional<int> status;  // absent while the first attempt runs, or if its node died before saving
  std::string content_type;
  std::string body;
};

// Implemented by every storage backend.
class IdempotencyStore {
 public:
  virtual ~IdempotencyStore() = default;
  virtual Result<std::optional<Record>> find_idempotency_record(Id user, const std::string& key) = 0;
  virtual Result<void> save_idempotent_response(Id user, const std::string& key, int status,
                                                const std::string& content_type, const std::string& body) = 0;
  // Deletes at most `limit` records created before `before`; returns how many.
  virtual Result<int> purge_idempotency_records(std::int64_t before_ms, int limit) = 0;
};

// The error a backend returns when a write finds its key already claimed.
inline Error key_taken() {
  return Error::conflict("a request with this Idempotency-Key was already run", "Idempotency-Key");
}

}  // namespace techdesk::idempotency
