// The in-process fan-out of committed changes to this node's subscribers (SSE streams).
//
// Thread-safe: deliver() may run on any thread (the SQLite writer's caller, the PostgreSQL listener)
// while subscriptions come and go. Listeners run on the delivering thread with the bus's read lock
// held: they must be quick and must not subscribe or unsubscribe.
#pragma once

#include <cstdint>
#include <functional>
#include <map>
#include <memory>
#include <shared_mutex>

#include "live/change.h"

namespace techdesk::live {

class ChangeBus {
 public:
  using Listener = std::function<void(const Change&)>;

  // Unsubscribes when destroyed. REQUIRES: the bus outlives it.
  class Subscription {
   public:
    Subscription(ChangeBus& bus, std::uint64_t id) : m_bus(&bus), m_id(id) {}
    ~Subscription();
    Subscription(const Subscription&) = delete;
    Subscription& operator=(const Subscription&) = delete;

   private:
    ChangeBus* m_bus;
    std::uint64_t m_id;
  };

  std::unique_ptr<Subscription> subscribe(Listener listener);
  void deliver(const Change& change) const;
  std::size_t subscribers() const;

 private:
  void unsubscribe(std::uint64_t id);
  mutable std::shared_mutex m_mutex;
  std::map<std::uint64_t, Listener> m_listeners;  // GUARDED_BY(m_mutex)
  std::uint64_t m_next = 1;                       // GUARDED_BY(m_mutex)
};

}  // namespace techdesk::live
