// Time in TechDesk: a Clock is injected wherever time matters, so tests and demo data can move it.
// Timestamps are UTC with millisecond precision and are stored as integer milliseconds since the epoch.
#pragma once

#include <atomic>
#include <chrono>
#include <cstdint>

namespace techdesk {

using Timestamp = std::chrono::sys_time<std::chrono::milliseconds>;

inline std::int64_t to_millis(Timestamp t) {
  return t.time_since_epoch().count();
}
inline Timestamp from_millis(std::int64_t ms) {
  return Timestamp{std::chrono::milliseconds{ms}};
}

// Thread-safe: now() may be called from any thread.
class Clock {
 public:
  virtual ~Clock() = default;
  virtual Timestamp now() const = 0;
};

class SystemClock final : public Clock {
 public:
  Timestamp now() const override;
};

// A clock that stands still until moved; for tests and for generating history (demo data).
class ManualClock final : public Clock {
 public:
  explicit ManualClock(Timestamp start) : m_now(to_millis(start)) {}
  Timestamp now() const override { return from_millis(m_now.load()); }
  void set(Timestamp t) { m_now.store(to_millis(t)); }
  void advance(std::chrono::milliseconds d) { m_now.fetch_add(d.count()); }

 private:
  std::atomic<std::int64_t> m_now;
};

// Real time plus an offset: the server's clock under `serve --test-clock`, so that black-box tests can
// set a date (a holiday eve in 2026, whenever they run) and let hours of business time pass in a
// second. Production builds refuse that option (app/test_clock_guard.cpp).
class OffsetClock final : public Clock {
 public:
  Timestamp now() const override;
  // Moves the clock forward by d (negative values are ignored).
  void advance(std::chrono::milliseconds d);
  // Sets the clock to t (from then on it runs on in real time).
  void set(Timestamp t);

 private:
  std::atomic<std::int64_t> m_offset_ms{0};
};

}  // namespace techdesk
