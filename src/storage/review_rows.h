// Rows of the review tables (migration 0011) as both backends read them (see row_mapping.h for what a
// Row is). Column orders are the lists here. A cycle's indicators are one JSON text (review_json.h).
#pragma once

#include <boost/json.hpp>

#include "common/clock.h"
#include "report/review_json.h"
#include "report/review_rules.h"
#include "report/review_types.h"
#include "storage/row_mapping.h"

namespace techdesk::storage {

inline constexpr const char* k_cycle_columns =
    "id, month, state, indicators, appeal_days, created_by, created_at, updated_at, computed_at, "
    "published_by, "
    "published_at, appeal_until";

inline std::string indicators_text(const std::vector<report::Indicator>& list) {
  return boost::json::serialize(report::indicators_to_json(list));
}

inline std::vector<report::Indicator> indicators_of_text(const std::string& text) {
  boost::system::error_code ec;
  auto v = boost::json::parse(text, ec);
  if (ec) return {};
  auto list = report::indicators_from_json(v);
  return list ? list.release_value() : std::vector<report::Indicator>{};
}

template <class Row>
report::Cycle read_cycle(const Row& q) {
  report::Cycle c;
  c.id = q.int64(0);
  c.month = q.text(1);
  c.published = q.text(2) == "published";
  c.indicators = indicators_of_text(q.text(3));
  c.appeal_days = static_cast<int>(q.int64(4));
  c.created_by = q.int64(5);
  c.created_at = from_millis(q.int64(6));
  c.updated_at = from_millis(q.int64(7));
  c.computed_at = as_time(q.opt_int64(8));
  c.published_by = q.opt_int64(9);
  c.published_at = as_time(q.opt_int64(10));
  c.appeal_until = as_time(q.opt_int64(11));
  return c;
}

inline constexpr const char* k_scorecard_columns =
    "id, cycle_id, engineer_id, team_id, total_milli, self_assessment, self_assessed_at, created_at, "
    "updated_at";

template <class Row>
report::Scorecard read_scorecard(const Row& q) {
  report::Scorecard c;
  c.id = q.int64(0);
  c.cycle_id = q.int64(1);
  c.engineer_id = q.int64(2);
  c.team_id = q.opt_int64(3);
  c.total_milli = q.int64(4);
  c.self_assessment = q.opt_text(5);
  c.self_assessed_at = as_time(q.opt_int64(6));
  c.created_at = from_millis(q.int64(7));
  c.updated_at = from_millis(q.int64(8));
  return c;
}

inline constexpr const char* k_item_columns =
    "scorecard_id, key, num, den, score_tenths, explain_zh, explain_en, note, scored_by, scored_at";

template <class Row>
report::ScoreItem read_item(const Row& q) {
  report::ScoreItem i;
  i.key = q.text(1);
  i.num = q.opt_int64(2);
  i.den = q.opt_int64(3);
  if (auto s = q.opt_int64(4)) i.score_tenths = static_cast<int>(*s);
  i.explain_zh = q.text(5);
  i.explain_en = q.text(6);
  i.note = q.text(7);
  i.scored_by = q.opt_int64(8);
  i.scored_at = as_time(q.opt_int64(9));
  return i;
}

inline constexpr const char* k_appeal_columns =
    "id, scorecard_id, item_key, reason, state, answer, old_score_tenths, new_score_tenths, created_by, "
    "created_at, answered_by, answered_at";

template <class Row>
report::Appeal read_appeal(const Row& q) {
  report::Appeal a;
  a.id = q.int64(0);
  a.scorecard_id = q.int64(1);
  a.item_key = q.text(2);
  a.reason = q.text(3);
  a.state = report::parse_appeal_state(q.text(4)).value_or(report::AppealState::open);
  a.answer = q.text(5);
  if (auto s = q.opt_int64(6)) a.old_score_tenths = static_cast<int>(*s);
  if (auto s = q.opt_int64(7)) a.new_score_tenths = static_cast<int>(*s);
  a.created_by = q.int64(8);
  a.created_at = from_millis(q.int64(9));
  a.answered_by = q.opt_int64(10);
  a.answered_at = as_time(q.opt_int64(11));
  return a;
}

inline constexpr const char* k_review_event_columns =
    "id, cycle_id, scorecard_id, actor_id, at, action, item_key, before, after";

template <class Row>
report::ReviewEvent read_review_event(const Row& q) {
  report::ReviewEvent e;
  e.id = q.int64(0);
  e.cycle_id = q.int64(1);
  e.scorecard_id = q.opt_int64(2);
  e.actor_id = q.int64(3);
  e.at = from_millis(q.int64(4));
  e.action = q.text(5);
  e.item_key = q.opt_text(6);
  e.before = q.opt_text(7);
  e.after = q.opt_text(8);
  return e;
}

// The roles whose members are reviewed (managers and administrators review; customers are not staff).
inline constexpr const char* k_reviewed_roles =
    "('agent_l1', 'agent_l2', 'field_engineer', 'team_lead', 'complaint_officer')";

}  // namespace techdesk::storage
