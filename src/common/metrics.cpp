#include "common/metrics.h"

#include <fmt/format.h>

#include <map>
#include <vector>

namespace techdesk {

void Histogram::observe(double seconds) {
  if (!(seconds >= 0)) seconds = 0;  // negative or NaN: a clock went backwards; count it as instant
  std::size_t i = 0;
  while (i < k_bounds.size() && seconds > k_bounds[i])
    ++i;
  m_buckets[i].fetch_add(1, std::memory_order_relaxed);
  m_count.fetch_add(1, std::memory_order_relaxed);
  m_sum_ns.fetch_add(static_cast<std::uint64_t>(seconds * 1e9), std::memory_order_relaxed);
}

MetricsRegistry::Entry& MetricsRegistry::entry(const std::string& name, const std::string& help,
                                               const std::string& labels, Entry::Kind kind) {
  std::lock_guard lock(m_mutex);
  for (auto& e : m_entries)
    if (e.name == name && e.labels == labels) return e;
  auto& e = m_entries.emplace_back();
  e.name = name;
  e.help = help;
  e.labels = labels;
  e.kind = kind;
  return e;
}

Counter& MetricsRegistry::counter(const std::string& name, const std::string& help,
                                  const std::string& labels) {
  return entry(name, help, labels, Entry::Kind::counter).counter;
}
Gauge& MetricsRegistry::gauge(const std::string& name, const std::string& help, const std::string& labels) {
  return entry(name, help, labels, Entry::Kind::gauge).gauge;
}
Histogram& MetricsRegistry::histogram(const std::string& name, const std::string& help,
                                      const std::string& labels) {
  return entry(name, help, labels, Entry::Kind::histogram).histogram;
}

std::string MetricsRegistry::render() const {
  std::lock_guard lock(m_mutex);
  // Group series by metric name so HELP/TYPE appear once per family.
  std::map<std::string, std::vector<const Entry*>> families;
  for (const auto& e : m_entries)
    families[e.name].push_back(&e);
  std::string out;
  auto with = [](const std::string& labels, const std::string& extra) {
    if (labels.empty() && extra.empty()) return std::string{};
    if (labels.empty()) return "{" + extra + "}";
    if (extra.empty()) return "{" + labels + "}";
    return "{" + labels + "," + extra + "}";
  };
  for (const auto& [name, entries] : families) {
    const Entry& first = *entries.front();
    const char* type = first.kind == Entry::Kind::counter ? "counter"
                       : first.kind == Entry::Kind::gauge ? "gauge"
                                                          : "histogram";
    out += fmt::format("# HELP {} {}\n# TYPE {} {}\n", name, first.help, name, type);
    for (const Entry* e : entries) {
      switch (e->kind) {
        case Entry::Kind::counter:
          out += fmt::format("{}{} {}\n", name, with(e->labels, {}), e->counter.value());
          break;
        case Entry::Kind::gauge:
          out += fmt::format("{}{} {}\n", name, with(e->labels, {}), e->gauge.value());
          break;
        case Entry::Kind::histogram: {
          std::uint64_t cumulative = 0;
          for (std::size_t i = 0; i < Histogram::k_bounds.size(); ++i) {
            cumulative += e->histogram.m_buckets[i].load(std::memory_order_relaxed);
            out += fmt::format("{}_bucket{} {}\n", name,
                               with(e->labels, fmt::format("le=\"{}\"", Histogram::k_bounds[i])), cumulative);
          }
          cumulative += e->histogram.m_buckets.back().load(std::memory_order_relaxed);
          out += fmt::format("{}_bucket{} {}\n", name, with(e->labels, "le=\"+Inf\""), cumulative);
          out += fmt::format("{}_sum{} {:.6f}\n", name, with(e->labels, {}),
                             static_cast<double>(e->histogram.m_sum_ns.load()) / 1e9);
          out += fmt::format("{}_count{} {}\n", name, with(e->labels, {}), e->histogram.count());
          break;
        }
      }
    }
  }
  return out;
}

std::string prometheus_escape(const std::string& value) {
  std::string out;
  for (char c : value) {
    if (c == '\\' || c == '"') out += '\\';
    if (c == '\n') {
      out += "\\n";
      continue;
    }
    out += c;
  }
  return out;
}

}  // namespace techdesk
