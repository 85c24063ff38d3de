// A change worth telling live clients about, and the interface write transactions publish through.
#pragma once

#include <string>

namespace techdesk::live {

struct Change {
  std::string topic;  // "ticket", …; "resync" when a node may have missed changes (clients refetch)
  std::string data;   // a small JSON object (PostgreSQL limits a notification to 8000 bytes)
};

// Handed out by a write transaction. A published change reaches every node's ChangeBus after the
// transaction commits, and is dropped if it rolls back. Not thread-safe: one transaction, one thread.
class Publisher {
 public:
  virtual ~Publisher() = default;
  virtual void publish(Change change) = 0;
};

}  // namespace techdesk::live
