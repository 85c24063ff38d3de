#include "storage/postgres/live_pg.h"

#include <spdlog/spdlog.h>

#include <chrono>

namespace techdesk::storage::postgres {

void NotifyPublisher::publish(live::Change change) {
  if (!m_writing) return;
  // topic TAB data: topics never hold a tab.
  m_c.run("SELECT pg_notify($1, $2)",
          PgParams().add(k_changes_channel).add(change.topic + "\t" + change.data));
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
