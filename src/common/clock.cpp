#include "common/clock.h"

namespace techdesk {

Timestamp SystemClock::now() const {
  return std::chrono::time_point_cast<std::chrono::milliseconds>(std::chrono::system_clock::now());
}

Timestamp OffsetClock::now() const {
  return SystemClock().now() + std::chrono::milliseconds(m_offset_ms.load());
}

void OffsetClock::advance(std::chrono::milliseconds d) {
  if (d.count() > 0) m_offset_ms.fetch_add(d.count());
}

void OffsetClock::set(Timestamp t) {
  m_offset_ms.store(to_millis(t) - to_millis(SystemClock().now()));
}

}  // namespace techdesk
