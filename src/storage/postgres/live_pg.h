// Live changes across nodes on PostgreSQL. A write transaction collects its changes; once it has
// committed, the node's PgNotifier sends them with NOTIFY from a connection of its own, and every node
// LISTENs on another connection and hands what arrives to its ChangeBus.
//
// Why not NOTIFY inside the writing transaction: PostgreSQL serialises the commits of notifying
// transactions on one lock held across the WAL flush, so every write would wait for the previous
// one's fsync (measured: ticket creation 1,004/s without, 730/s with). A NOTIFY in a transaction that
// writes nothing needs no flush. The price: a node killed between a commit and its NOTIFY leaves that
// change untold; live clients are hints that refetch, and the next change or reconnect (resync) mends it.
#pragma once

#include <atomic>
#include <condition_variable>
#include <mutex>
#include <string>
#include <thread>
#include <vector>

#include "live/bus.h"
#include "storage/postgres/pg_connection.h"

namespace techdesk::storage::postgres {

inline constexpr const char* k_changes_channel = "techdesk_changes";

// Collects a write transaction's changes; the store hands them to the PgNotifier after the commit.
class NotifyPublisher final : public live::Publisher {
 public:
  explicit NotifyPublisher(std::vector<live::Change>* out) : m_out(out) {}
  void publish(live::Change change) override {
    if (m_out) m_out->push_back(std::move(change));
  }

 private:
  std::vector<live::Change>* m_out;  // null in a read: nothing to publish there
};

// "SELECT pg_notify(…);" for each change.
std::string notify_statements(const PgConnection& c, const std::vector<live::Change>& changes);

// Sends committed changes to every node: a thread with its own connection that NOTIFYs, in batches,
// whatever the node's transactions committed. Thread-safe: send() from any thread; never blocks on the
// database. When the connection fails the batch is dropped (logged) and a new connection is made.
class PgNotifier {
 public:
  explicit PgNotifier(std::string conninfo);
  ~PgNotifier();
  PgNotifier(const PgNotifier&) = delete;
  PgNotifier& operator=(const PgNotifier&) = delete;
  void send(std::vector<live::Change> changes);

 private:
  void run();
  std::string m_conninfo;
  std::mutex m_mutex;
  std::condition_variable m_cv;
  std::vector<live::Change> m_queue;  // GUARDED_BY(m_mutex)
  bool m_stop = false;                // GUARDED_BY(m_mutex)
  std::thread m_thread;
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
