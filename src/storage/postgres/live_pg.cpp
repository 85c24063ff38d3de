#include "storage/postgres/live_pg.h"

#include <spdlog/spdlog.h>

#include <chrono>

namespace techdesk::storage::postgres {

std::string notify_statements(const PgConnection& c, const std::vector<live::Change>& changes) {
  std::string sql;
  for (const auto& change : changes)  // topic TAB data: topics never hold a tab
    sql += std::string("SELECT pg_notify('") + k_changes_channel + "', " +
           c.literal(change.topic + "\t" + change.data) + "); ";
  return sql;
}

PgNotifier::PgNotifier(std::string conninfo) : m_conninfo(std::move(conninfo)), m_thread([this] { run(); }) {}

PgNotifier::~PgNotifier() {
  {
    std::lock_guard lock(m_mutex);
    m_stop = true;
  }
  m_cv.notify_all();
  if (m_thread.joinable()) m_thread.join();
}

void PgNotifier::send(std::vector<live::Change> changes) {
  if (changes.empty()) return;
  {
    std::lock_guard lock(m_mutex);
    // A database that cannot keep up must not grow this without bound: live updates are hints.
    if (m_queue.size() > 100000) return;
    for (auto& c : changes)
      m_queue.push_back(std::move(c));
  }
  m_cv.notify_one();
}

void PgNotifier::run() {
  std::unique_ptr<PgConnection> c;
  std::unique_lock lock(m_mutex);
  for (;;) {
    m_cv.wait(lock, [&] { return m_stop || !m_queue.empty(); });
    if (m_queue.empty()) return;  // stopping, and everything was sent
    std::vector<live::Change> batch;
    batch.swap(m_queue);
    lock.unlock();
    try {
      if (!c || c->broken()) c = PgConnection::connect(m_conninfo);
      // One message, one implicit transaction that writes nothing: no WAL flush to wait for.
      for (std::size_t i = 0; i < batch.size(); i += 200) {
        std::vector<live::Change> part(
            batch.begin() + static_cast<std::ptrdiff_t>(i),
            batch.begin() + static_cast<std::ptrdiff_t>(std::min(batch.size(), i + 200)));
        c->exec(notify_statements(*c, part));
      }
    } catch (const StoreFailure& e) {
      spdlog::warn("live updates: could not notify {} changes: {}", batch.size(), e.what());
      c.reset();
    }
    lock.lock();
  }
}

PgListener::PgListener(std::string conninfo, live::ChangeBus& bus)
    : m_conninfo(std::move(conninfo)), m_bus(bus), m_thread([this] { run(); }) {}

PgListener::~PgListener() {
  m_stop = true;
  if (m_thread.joinable()) m_thread.join();
}

void PgListener::run() {
  bool lost = false;
  while (!m_stop) {
    try {
      auto c = PgConnection::connect(m_conninfo);
      c->exec(std::string("LISTEN ") + k_changes_channel);
      if (lost) {
        spdlog::info("live updates: listening again");
        m_bus.deliver({"resync", "{}"});
        lost = false;
      }
      while (!m_stop) {
        // Wakes at least every 200 ms to see whether the node is stopping.
        for (auto& n : c->wait_for_notifications(200)) {
          auto tab = n.payload.find('\t');
          if (tab == std::string::npos) continue;
          m_bus.deliver({n.payload.substr(0, tab), n.payload.substr(tab + 1)});
        }
      }
    } catch (const StoreFailure& e) {
      if (!lost) spdlog::warn("live updates: {}; reconnecting", e.what());
      lost = true;
      for (int i = 0; i < 10 && !m_stop; ++i)
        std::this_thread::sleep_for(std::chrono::milliseconds(100));
    }
  }
}

}  // namespace techdesk::storage::postgres
