// The department's review rules as pure functions (docs/reviews.md is their text and must say the same):
// which indicators and weights a cycle may have, the months and quarters, how each computed indicator is
// scored from the month's figures, weighted totals, ranking with ties, the bottom 20 %, quarter averages,
// the three-quarters-in-a-row warning and the appeal window. No I/O; the zone database is read for months.
#pragma once

#include <cstdint>
#include <optional>
#include <string>
#include <string_view>
#include <utility>
#include <vector>

#include "common/error.h"
#include "report/review_types.h"

namespace techdesk::report {

std::string_view name(IndicatorGroup v);
std::string_view name(IndicatorSource v);
std::string_view name(Metric v);
std::string_view name(CycleState v);
std::string_view name(AppealState v);
std::optional<IndicatorGroup> parse_indicator_group(std::string_view s);
std::optional<IndicatorSource> parse_indicator_source(std::string_view s);
std::optional<Metric> parse_metric(std::string_view s);
std::optional<AppealState> parse_appeal_state(std::string_view s);

// ---- indicators ----

// The department's defaults: work completion 45 (volume 15, resolution rate 15, SLA compliance 15), skill
// 25 (skill level 10 manual, certifications 5 manual, knowledge articles 10), attitude 20 (CSAT 10,
// complaints 5, teamwork 5 manual), quality 10 (reopen rate 10).
std::vector<Indicator> default_indicators();

// Checks a cycle's indicators. Errors (invalid_field) name the field: "indicators" (none, more than 30, or
// weights not summing to exactly 100), "indicators[i].key" (not [a-z0-9_]{1,40}, or repeated),
// "indicators[i].name_zh" / "name_en" (empty or longer than 100 characters), "indicators[i].weight" (not
// 0..100), "indicators[i].metric" (a computed item without a metric, a metric used twice, or a manual item
// with one).
Result<void> validate_indicators(const std::vector<Indicator>& indicators);
// Errors: invalid_field "appeal_days" outside 1..30.
Result<void> validate_appeal_days(int days);

// ---- months and quarters ----

// "YYYY-MM" with a year 2000..2099. Errors: invalid_field `field`.
Result<void> check_month(std::string_view month, const std::string& field = "month");
// [from, to) of a month in the IANA zone (local midnight of the 1st to local midnight of the next 1st).
// REQUIRES: check_month(month) is ok.
std::pair<Timestamp, Timestamp> month_period(std::string_view month, const std::string& zone);
// The local month of t, "YYYY-MM".
std::string month_of(Timestamp t, const std::string& zone);
// "2026-11" → "2026-Q4".
std::string quarter_of(std::string_view month);
// "YYYY-Qn", n 1..4.
bool is_quarter(std::string_view quarter);
// "2026-Q4" → {"2026-10", "2026-11", "2026-12"}. REQUIRES: is_quarter.
std::vector<std::string> months_of_quarter(std::string_view quarter);
// "2026-Q1" → "2025-Q4". REQUIRES: is_quarter.
std::string previous_quarter(std::string_view quarter);

// ---- scores ----

// The score of a rate or average that has nothing to be computed from (no ticket, no survey): 80.
constexpr int k_no_data_tenths = 800;

// a / b rounded half up. REQUIRES: a >= 0, b > 0.
std::int64_t round_div(std::int64_t a, std::int64_t b);
// "87.5", "80" for tenths of a point.
std::string format_tenths(std::int64_t tenths);

// The volume a team's engineers are measured against: the 80th percentile (nearest rank: the value at
// position ceil(0.8 × n) in ascending order) of their volumes, at least 1.
std::int64_t volume_benchmark(std::vector<std::int64_t> volumes);

struct MetricScore {
  std::optional<std::int64_t> num;
  std::optional<std::int64_t> den;
  int score_tenths = 0;
  std::string explain_zh;
  std::string explain_en;
};
// Scores one computed indicator from an engineer's figures; `benchmark` is volume_benchmark of their team
// (used by volume only). docs/reviews.md gives each formula.
MetricScore score_metric(Metric m, const EngineerFigures& f, std::int64_t benchmark);

// The value shown for an item: a count, a fraction 0..1 (rates), a 1..5 average (CSAT); none without data.
std::optional<double> metric_value(std::optional<Metric> m, const std::optional<std::int64_t>& num,
                                   const std::optional<std::int64_t>& den);

// A score entered by hand: 0..100 with at most one decimal. Errors: invalid_field `field`.
Result<int> score_tenths_from(double score, const std::string& field);

// Weighted points of an item in thousandths: score_tenths × weight.
inline std::int64_t weighted_milli(int score_tenths, int weight) {
  return static_cast<std::int64_t>(score_tenths) * weight;
}
// The total of a scorecard in thousandths: the weighted points of its scored items.
std::int64_t total_milli(const std::vector<Indicator>& indicators, const std::vector<ScoreItem>& items);
// The keys of the items that still need a score before the cycle may be published: manual items with a
// weight above 0 and no score.
std::vector<std::string> unscored(const std::vector<Indicator>& indicators,
                                  const std::vector<ScoreItem>& items);

// ---- ranking ----

// How many engineers of n are in the bottom 20 %: floor(n / 5) (none of fewer than five).
int bottom_count(int n);

struct Ranked {
  Id id = 0;
  std::int64_t total = 0;
  int rank = 0;         // 1 = best; equal totals share a rank, the next rank skips (1, 2, 2, 4)
  bool bottom = false;  // fewer than bottom_count(n) others have a strictly lower total
};
// Ranks (id, total) pairs, best first; equal totals in ascending id order.
std::vector<Ranked> rank(const std::vector<std::pair<Id, std::int64_t>>& totals);

struct QuarterRow {
  Id engineer_id = 0;
  std::string name;
  std::int64_t average_milli = 0;  // the mean of their published months' totals, rounded half up
  int months = 0;
  int rank = 0;
  bool bottom = false;
};
// A quarter's ranking by average over the published months each engineer has a scorecard in.
std::vector<QuarterRow> quarter_ranking(const std::vector<MonthTotal>& totals);
// Engineers in the bottom 20 % of each of three consecutive quarters (oldest first). A quarter with no
// published month has no bottom 20 %, so it breaks every run.
std::vector<Id> three_in_a_row(const std::vector<MonthTotal>& q1, const std::vector<MonthTotal>& q2,
                               const std::vector<MonthTotal>& q3);

// ---- publication and appeals ----

// published_at + appeal_days × 24 hours.
Timestamp appeal_deadline(Timestamp published_at, int appeal_days);
// An appeal may be made from publication until just before appeal_until: [published_at, appeal_until).
inline bool appeal_window_open(Timestamp appeal_until, Timestamp now) {
  return now < appeal_until;
}
// draft; published; closed once the window has passed and no appeal is open.
CycleState cycle_state(const Cycle& c, Timestamp now, int open_appeals);

}  // namespace techdesk::report
