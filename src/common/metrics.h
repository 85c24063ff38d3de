// Process metrics in the Prometheus text format. Metrics are registered once (at start-up) and then
// updated lock-free from any thread; render() may run concurrently with updates.
#pragma once

#include <array>
#include <atomic>
#include <cstdint>
#include <deque>
#include <mutex>
#include <string>

namespace techdesk {

class Counter {
 public:
  void inc(std::uint64_t n = 1) { m_value.fetch_add(n, std::memory_order_relaxed); }
  std::uint64_t value() const { return m_value.load(std::memory_order_relaxed); }

 private:
  std::atomic<std::uint64_t> m_value{0};
};

class Gauge {
 public:
  void set(std::int64_t v) { m_value.store(v, std::memory_order_relaxed); }
  void add(std::int64_t v) { m_value.fetch_add(v, std::memory_order_relaxed); }
  std::int64_t value() const { return m_value.load(std::memory_order_relaxed); }

 private:
  std::atomic<std::int64_t> m_value{0};
};

// A latency histogram in seconds with fixed buckets from 100 µs to 10 s.
class Histogram {
 public:
  static constexpr std::array<double, 14> k_bounds = {0.0001, 0.00025, 0.0005, 0.001, 0.0025, 0.005, 0.01,
                                                      0.025,  0.05,    0.1,    0.25,  0.5,    1.0,   10.0};
  void observe(double seconds);
  std::uint64_t count() const { return m_count.load(std::memory_order_relaxed); }

 private:
  friend class MetricsRegistry;
  std::array<std::atomic<std::uint64_t>, k_bounds.size() + 1> m_buckets{};
  std::atomic<std::uint64_t> m_count{0};
  std::atomic<std::uint64_t> m_sum_ns{0};
};

class MetricsRegistry {
 public:
  // `labels` is the inside of the braces, e.g. `route="/api/v1/tickets",method="GET"`, or empty.
  // Registering the same name and labels twice returns the same metric. References stay valid for
  // the registry's lifetime.
  Counter& counter(const std::string& name, const std::string& help, const std::string& labels = {});
  Gauge& gauge(const std::string& name, const std::string& help, const std::string& labels = {});
  Histogram& histogram(const std::string& name, const std::string& help, const std::string& labels = {});

  std::string render() const;

 private:
  struct Entry {
    std::string name, help, labels;
    enum class Kind { counter, gauge, histogram } kind;
    Counter counter;
    Gauge gauge;
    Histogram histogram;
  };
  Entry& entry(const std::string& name, const std::string& help, const std::string& labels, Entry::Kind kind);

  mutable std::mutex m_mutex;  // guards m_entries' structure, not the metric values
  std::deque<Entry> m_entries;
};

// Escapes a label value for the text format.
std::string prometheus_escape(const std::string& value);

}  // namespace techdesk
