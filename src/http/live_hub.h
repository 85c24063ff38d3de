// This node's live clients: every open /api/v1/stream with the ticket scope of its user. The hub hears
// each committed change once (from the ChangeBus), decodes it once, and pushes it to the streams whose
// user may see the ticket — the same visibility rule as every read. Clients get ids and versions only
// and fetch what changed through the API, which checks permissions again.
//
// Thread-safe. REQUIRES: the bus outlives the hub, and the hub outlives its streams' connections.
#pragma once

#include <cstdint>
#include <map>
#include <memory>
#include <mutex>

#include "common/metrics.h"
#include "http/event_stream.h"
#include "identity/types.h"
#include "live/bus.h"
#include "ticket/visibility.h"

namespace techdesk::http {

class LiveHub {
 public:
  LiveHub(live::ChangeBus& bus, MetricsRegistry& metrics);
  ~LiveHub();

  // A new stream for `p`; it stays registered until its transport releases it.
  std::shared_ptr<EventStream> open(const identity::Principal& p);
  std::size_t streams() const;

 private:
  void on_change(const live::Change& c);
  void remove(std::uint64_t id);

  struct Entry {
    std::weak_ptr<EventStream> stream;
    ticket::TicketScope scope;
    bool sees_internal = false;  // hears of internal notes
    Id user_id = 0;              // hears of its own notifications
  };
  mutable std::mutex m_mutex;
  std::map<std::uint64_t, Entry> m_entries;  // GUARDED_BY(m_mutex)
  std::uint64_t m_next = 1;                  // GUARDED_BY(m_mutex)
  Gauge& m_open;
  Counter& m_sent;
  Counter& m_dropped;
  std::unique_ptr<live::ChangeBus::Subscription> m_subscription;  // last: unsubscribed first
};

}  // namespace techdesk::http
