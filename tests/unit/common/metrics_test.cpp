// Metrics rendered in the Prometheus text exposition format: one HELP and TYPE per family,
// cumulative histogram buckets ending in +Inf, and _sum/_count lines.
#include "common/metrics.h"

#include <gtest/gtest.h>

#include <sstream>
#include <string>
#include <vector>

namespace {

using techdesk::Histogram;
using techdesk::MetricsRegistry;
using techdesk::prometheus_escape;

std::vector<std::string> lines(const std::string& text) {
  std::vector<std::string> out;
  std::istringstream in(text);
  for (std::string line; std::getline(in, line);)
    out.push_back(line);
  return out;
}

std::size_t count_of(const std::string& text, const std::string& needle) {
  std::size_t n = 0;
  for (auto pos = text.find(needle); pos != std::string::npos; pos = text.find(needle, pos + 1))
    ++n;
  return n;
}

bool has_line(const std::string& text, const std::string& line) {
  for (const auto& l : lines(text))
    if (l == line) return true;
  return false;
}

TEST(Metrics, an_empty_registry_renders_nothing) {
  EXPECT_EQ(MetricsRegistry{}.render(), "");
}

TEST(Metrics, a_counter_renders_help_type_and_value) {
  MetricsRegistry m;
  auto& c = m.counter("techdesk_logins_total", "Successful logins");
  c.inc();
  c.inc(4);
  EXPECT_EQ(c.value(), 5u);
  EXPECT_EQ(m.render(),
            "# HELP techdesk_logins_total Successful logins\n"
            "# TYPE techdesk_logins_total counter\n"
            "techdesk_logins_total 5\n");
}

TEST(Metrics, a_gauge_renders_its_signed_value) {
  MetricsRegistry m;
  auto& g = m.gauge("techdesk_sessions", "Open sessions");
  g.set(3);
  g.add(-5);
  EXPECT_EQ(m.render(),
            "# HELP techdesk_sessions Open sessions\n"
            "# TYPE techdesk_sessions gauge\n"
            "techdesk_sessions -2\n");
}

TEST(Metrics, help_and_type_appear_once_per_family_with_one_line_per_label_set) {
  MetricsRegistry m;
  m.counter("techdesk_http_requests_total", "HTTP requests", R"(code="2xx")").inc(3);
  m.counter("techdesk_http_requests_total", "HTTP requests", R"(code="4xx")").inc(1);
  m.counter("techdesk_http_requests_total", "HTTP requests", R"(code="5xx")");
  auto text = m.render();
  EXPECT_EQ(count_of(text, "# HELP techdesk_http_requests_total "), 1u) << text;
  EXPECT_EQ(count_of(text, "# TYPE techdesk_http_requests_total counter"), 1u) << text;
  EXPECT_TRUE(has_line(text, R"(techdesk_http_requests_total{code="2xx"} 3)")) << text;
  EXPECT_TRUE(has_line(text, R"(techdesk_http_requests_total{code="4xx"} 1)")) << text;
  EXPECT_TRUE(has_line(text, R"(techdesk_http_requests_total{code="5xx"} 0)")) << text;
}

TEST(Metrics, families_are_rendered_together_even_when_registered_interleaved) {
  MetricsRegistry m;
  m.counter("b_total", "B", R"(x="1")");
  m.counter("a_total", "A");
  m.counter("b_total", "B", R"(x="2")");
  auto ls = lines(m.render());
  ASSERT_EQ(ls.size(), 7u);
  EXPECT_EQ(ls[0], "# HELP a_total A");
  EXPECT_EQ(ls[3], "# HELP b_total B");
  EXPECT_EQ(ls[5], R"(b_total{x="1"} 0)");
  EXPECT_EQ(ls[6], R"(b_total{x="2"} 0)");
}

TEST(Metrics, registering_the_same_name_and_labels_twice_returns_the_same_metric) {
  MetricsRegistry m;
  auto& a = m.counter("techdesk_x_total", "X", R"(k="v")");
  auto& b = m.counter("techdesk_x_total", "X", R"(k="v")");
  auto& other = m.counter("techdesk_x_total", "X", R"(k="w")");
  EXPECT_EQ(&a, &b);
  EXPECT_NE(&a, &other);
}

TEST(Metrics, a_histogram_renders_cumulative_buckets_then_inf_sum_and_count) {
  MetricsRegistry m;
  auto& h = m.histogram("techdesk_latency_seconds", "Latency", R"(route="/x")");
  h.observe(0.00005);  // below the first bound
  h.observe(0.001);    // exactly on a bound: counted in that bucket (le is inclusive)
  h.observe(0.003);
  h.observe(0.75);
  h.observe(60.0);  // above the last bound: only +Inf
  EXPECT_EQ(h.count(), 5u);
  auto text = m.render();
  auto ls = lines(text);

  EXPECT_EQ(count_of(text, "# HELP techdesk_latency_seconds Latency\n"), 1u);
  EXPECT_EQ(count_of(text, "# TYPE techdesk_latency_seconds histogram\n"), 1u);
  std::vector<std::string> buckets;
  for (const auto& l : ls)
    if (l.rfind("techdesk_latency_seconds_bucket{", 0) == 0) buckets.push_back(l);
  ASSERT_EQ(buckets.size(), Histogram::k_bounds.size() + 1) << text;
  EXPECT_EQ(buckets.front(), R"(techdesk_latency_seconds_bucket{route="/x",le="0.0001"} 1)");
  EXPECT_TRUE(has_line(text, R"(techdesk_latency_seconds_bucket{route="/x",le="0.0005"} 1)")) << text;
  EXPECT_TRUE(has_line(text, R"(techdesk_latency_seconds_bucket{route="/x",le="0.001"} 2)")) << text;
  EXPECT_TRUE(has_line(text, R"(techdesk_latency_seconds_bucket{route="/x",le="0.0025"} 2)")) << text;
  EXPECT_TRUE(has_line(text, R"(techdesk_latency_seconds_bucket{route="/x",le="0.005"} 3)")) << text;
  EXPECT_TRUE(has_line(text, R"(techdesk_latency_seconds_bucket{route="/x",le="0.5"} 3)")) << text;
  EXPECT_TRUE(has_line(text, R"(techdesk_latency_seconds_bucket{route="/x",le="10"} 4)")) << text;
  EXPECT_EQ(buckets.back(), R"(techdesk_latency_seconds_bucket{route="/x",le="+Inf"} 5)");
  EXPECT_TRUE(has_line(text, R"(techdesk_latency_seconds_count{route="/x"} 5)")) << text;
  EXPECT_EQ(count_of(text, R"(techdesk_latency_seconds_sum{route="/x"} 60.754)"), 1u) << text;
}

TEST(Metrics, histogram_buckets_never_decrease) {
  MetricsRegistry m;
  auto& h = m.histogram("lat_seconds", "L");
  for (double s : {0.0002, 0.02, 0.0002, 3.0, 0.04, 0.0009})
    h.observe(s);
  unsigned long long previous = 0;
  int bucket_lines = 0;
  for (const auto& l : lines(m.render())) {
    if (l.rfind("lat_seconds_bucket", 0) != 0) continue;
    unsigned long long v = std::stoull(l.substr(l.rfind(' ') + 1));
    EXPECT_GE(v, previous) << l;
    previous = v;
    ++bucket_lines;
  }
  EXPECT_EQ(bucket_lines, static_cast<int>(Histogram::k_bounds.size() + 1));
  EXPECT_EQ(previous, 6u);
}

TEST(Metrics, an_unlabelled_histogram_puts_only_le_in_braces) {
  MetricsRegistry m;
  m.histogram("lat_seconds", "L").observe(0.01);
  auto text = m.render();
  EXPECT_TRUE(has_line(text, R"(lat_seconds_bucket{le="+Inf"} 1)")) << text;
  EXPECT_TRUE(has_line(text, "lat_seconds_count 1")) << text;
  EXPECT_EQ(count_of(text, "lat_seconds_sum 0.01"), 1u) << text;
}

TEST(Metrics, label_values_are_escaped_for_the_text_format) {
  EXPECT_EQ(prometheus_escape("/api/v1/tickets/{id}"), "/api/v1/tickets/{id}");
  EXPECT_EQ(prometheus_escape(R"(say "hi")"), R"(say \"hi\")");
  EXPECT_EQ(prometheus_escape(R"(a\b)"), R"(a\\b)");
  EXPECT_EQ(prometheus_escape("two\nlines"), R"(two\nlines)");
}

}  // namespace
