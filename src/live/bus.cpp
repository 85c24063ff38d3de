#include "live/bus.h"

#include <mutex>

namespace techdesk::live {

ChangeBus::Subscription::~Subscription() {
  m_bus->unsubscribe(m_id);
}

std::unique_ptr<ChangeBus::Subscription> ChangeBus::subscribe(Listener listener) {
  std::unique_lock lock(m_mutex);
  std::uint64_t id = m_next++;
  m_listeners.emplace(id, std::move(listener));
  return std::make_unique<Subscription>(*this, id);
}

void ChangeBus::unsubscribe(std::uint64_t id) {
  std::unique_lock lock(m_mutex);
  m_listeners.erase(id);
}

void ChangeBus::deliver(const Change& change) const {
  std::shared_lock lock(m_mutex);
  for (const auto& [id, listener] : m_listeners)
    listener(change);
}

std::size_t ChangeBus::subscribers() const {
  std::shared_lock lock(m_mutex);
  return m_listeners.size();
}

}  // namespace techdesk::live
