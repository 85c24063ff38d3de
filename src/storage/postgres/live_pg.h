// Live changes across nodes on PostgreSQL: a write transaction NOTIFYs its changes (delivered by the
// server at commit, to every listening node, and never for a rolled-back transaction), and each node
// LISTENs on a connection of its own and hands what arrives to its ChangeBus.
#pragma once

#include <atomic>
#include <string>
#include <thread>

#include "live/bus.h"
#include "storage/postgres/pg_connection.h"

namespace techdesk::storage::postgres {

inline constexpr const char* k_changes_channel = "techdesk_changes";

class NotifyPublisher final : public live::Publisher {
 public:
  NotifyPublisher(PgConnection& c, bool writing) : m_c(c), m_writing(writing) {}
  void publish(live::Change change) override;

 private:
  PgConnection& m_c;
  bool m_writing;  // reads run in autocommit: nothing to publish there
};

// A thread with one connection that LISTENs and delivers to the bus. When the connection is lost it
// reconnects (every second until it succeeds) and then delivers a "resync" change, because anything
// notified meanwhile was missed: live clients refetch what they show.
class PgListener {
 public:
  PgListener(std::string conninfo, live::ChangeBus& bus);
  ~PgListener();
  PgListener(const PgListener&) = delete;
  PgListener& operator=(const PgListener&) = delete;

 private:
  void run();
  std::string m_conninfo;
  live::ChangeBus& m_bus;
  std::atomic<bool> m_stop{false};
  std::thread m_thread;
};

}  // namespace techdesk::storage::postgres
