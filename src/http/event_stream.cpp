#include "http/event_stream.h"

#include <utility>

namespace techdesk::http {

bool EventStream::push(std::string text) {
  std::function<void()> wake;
  {
    std::lock_guard lock(m_mutex);
    if (m_closed) return false;
    if (m_pending.size() + text.size() > m_max_pending) {
      m_closed = true;
    } else {
      m_pending += text;
    }
    wake = m_wake;
  }
  if (wake) wake();
  std::lock_guard lock(m_mutex);
  return !m_closed;
}

void EventStream::close() {
  std::function<void()> wake;
  {
    std::lock_guard lock(m_mutex);
    if (m_closed) return;
    m_closed = true;
    wake = m_wake;
  }
  if (wake) wake();
}

bool EventStream::closed() const {
  std::lock_guard lock(m_mutex);
  return m_closed;
}

std::string EventStream::message(const std::string& event, const std::string& data) {
  return "event: " + event + "\ndata: " + data + "\n\n";
}

void EventStream::set_waker(std::function<void()> wake) {
  std::lock_guard lock(m_mutex);
  m_wake = std::move(wake);
}

std::string EventStream::take() {
  std::lock_guard lock(m_mutex);
  return std::exchange(m_pending, {});
}

void EventStream::hold(std::shared_ptr<void> keep) {
  std::lock_guard lock(m_mutex);
  m_held.push_back(std::move(keep));
}

void EventStream::release() {
  std::vector<std::shared_ptr<void>> held;
  {
    std::lock_guard lock(m_mutex);
    held.swap(m_held);
    m_wake = nullptr;
  }
  // Destroyed outside the lock: a subscription's destructor waits for the bus's listeners.
}

}  // namespace techdesk::http
