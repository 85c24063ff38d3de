// Performance reviews (绩效考核) as plain data: a month's cycle and its weighted indicators, each engineer's
// scorecard with its items, appeals, the audit trail, and the per-engineer figures the computed indicators
// are scored from. What each figure and score means is docs/reviews.md; names on the wire are in
// review_rules.cpp (name/parse) and review_json.cpp.
//
// Scores are kept as integers so that totals and ties are exact: an item's score in tenths of a point
// (0..1000 for 0..100), its weighted points in thousandths (score_tenths × weight), a total in thousandths.
#pragma once

#include <cstdint>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "common/clock.h"
#include "common/id.h"

namespace techdesk::report {

enum class IndicatorGroup { work_completion, skill, attitude, quality };
enum class IndicatorSource { computed, manual };
enum class Metric { volume, resolution_rate, sla_compliance, csat, complaints, reopen_rate, kb_articles };
// `closed` is not stored: a published cycle is closed once its appeal window has passed and every appeal
// has been answered.
enum class CycleState { draft, published, closed };
enum class AppealState { open, answered };

struct Indicator {
  std::string key;  // [a-z0-9_]{1,40}, unique in the cycle
  std::string name_zh;
  std::string name_en;
  IndicatorGroup group = IndicatorGroup::work_completion;
  int weight = 0;  // 0..100; a cycle's weights sum to exactly 100
  IndicatorSource source = IndicatorSource::computed;
  std::optional<Metric> metric;  // computed items only
  bool operator==(const Indicator&) const = default;
};

struct Cycle {
  Id id = 0;
  std::string month;       // "2026-11", local months of the server's zone
  bool published = false;  // draft until published
  std::vector<Indicator> indicators;
  int appeal_days = 5;
  Id created_by = 0;
  Timestamp created_at{};
  Timestamp updated_at{};
  std::optional<Timestamp> computed_at;
  std::optional<Id> published_by;
  std::optional<Timestamp> published_at;
  std::optional<Timestamp> appeal_until;  // published_at + appeal_days calendar days
};

// One indicator of one scorecard. Computed items carry the figures they were scored from (num / den:
// a rate's numerator and denominator, CSAT's sum of scores and count, a count alone with den empty).
struct ScoreItem {
  std::string key;
  std::optional<std::int64_t> num;
  std::optional<std::int64_t> den;
  std::optional<int> score_tenths;  // none: a manual item not scored yet
  std::string explain_zh;
  std::string explain_en;
  std::string note;             // the manager's note (manual items, answered appeals)
  std::optional<Id> scored_by;  // who last set the score by hand (manual score or appeal answer)
  std::optional<Timestamp> scored_at;
  bool operator==(const ScoreItem&) const = default;
};

struct Scorecard {
  Id id = 0;
  Id cycle_id = 0;
  Id engineer_id = 0;
  std::optional<Id> team_id;  // the engineer's first team (lowest id) when the card was made
  std::int64_t total_milli = 0;
  std::optional<std::string> self_assessment;
  std::optional<Timestamp> self_assessed_at;
  Timestamp created_at{};
  Timestamp updated_at{};
  std::vector<ScoreItem> items;  // in the cycle's indicator order when read through the service
};

struct Appeal {
  Id id = 0;
  Id scorecard_id = 0;
  std::string item_key;
  std::string reason;
  AppealState state = AppealState::open;
  std::string answer;
  std::optional<int> old_score_tenths;  // the item's score when the appeal was made
  std::optional<int> new_score_tenths;  // set when the answer changed the score
  Id created_by = 0;
  Timestamp created_at{};
  std::optional<Id> answered_by;
  std::optional<Timestamp> answered_at;
};

// The audit trail: who did what to a cycle or scorecard, and when.
struct ReviewEvent {
  Id id = 0;
  Id cycle_id = 0;
  std::optional<Id> scorecard_id;
  Id actor_id = 0;
  Timestamp at{};
  std::string action;  // created, updated, computed, manual_score, self_assessment, published, appeal, answer
  std::optional<std::string> item_key;
  std::optional<std::string> before;
  std::optional<std::string> after;
};

// What the data says about one engineer in one month (docs/reviews.md says how each is counted).
struct EngineerFigures {
  Id engineer_id = 0;
  std::string name;
  std::optional<Id> team_id;
  std::int64_t resolved = 0;  // volume: resolved or closed tickets, latest resolution theirs in the month
  std::int64_t assigned = 0;  // tickets created in the month, assigned to them, not cancelled
  std::int64_t assigned_resolved = 0;  // … of which resolved or closed
  std::int64_t sla_total = 0;          // tickets they resolved in the month with a resolution target
  std::int64_t sla_met = 0;            // … resolved within it
  std::int64_t csat_count = 0;         // surveys answered in the month about their tickets
  std::int64_t csat_sum = 0;           // … sum of the scores (1..5)
  std::int64_t complaints_justified = 0;
  std::int64_t complaints_partly = 0;
  std::int64_t reopen_base = 0;   // tickets whose latest resolution was theirs in the month, in any state now
  std::int64_t reopened = 0;      // … of which reopened at some time
  std::int64_t kb_published = 0;  // knowledge articles they wrote, published in the month
  bool operator==(const EngineerFigures&) const = default;
};

// A published month's total for one engineer (quarter averages and warnings are made from these).
struct MonthTotal {
  std::string month;
  Id engineer_id = 0;
  std::string name;
  std::int64_t total_milli = 0;
};

}  // namespace techdesk::report
