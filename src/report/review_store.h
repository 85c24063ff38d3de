// What performance reviews (绩效考核) need from storage: cycles, scorecards, their items, appeals, the audit
// trail, and the per-engineer figures a month's computed indicators are scored from. Implemented by each
// backend in storage/<backend>/review_repo_<backend>.cpp, all SQL there.
//
// Failures of the database itself throw StoreFailure (the transaction runner turns them into errors); the
// methods below report only what the caller must decide on.
#pragma once

#include <optional>
#include <string>
#include <vector>

#include "common/error.h"
#include "report/review_types.h"

namespace techdesk::report {

class ReviewRepo {
 public:
  virtual ~ReviewRepo() = default;

  // Cycles. The indicators are kept as one JSON text (review_json.h).
  // Errors: conflict (field "month") when the month has a cycle already.
  virtual Result<Id> insert_cycle(const Cycle& c) = 0;
  virtual std::optional<Cycle> find_cycle(Id id) = 0;
  // find_cycle, holding the cycle until the transaction ends (PostgreSQL: FOR UPDATE), so that the changes
  // of one cycle (computing, scoring, publishing, answering) happen one after the other.
  virtual std::optional<Cycle> lock_cycle(Id id) = 0;
  virtual std::optional<Cycle> find_cycle_by_month(const std::string& month) = 0;
  virtual std::vector<Cycle> list_cycles() = 0;  // newest month first
  // Every field but id, month, created_by and created_at.
  virtual void update_cycle(const Cycle& c) = 0;
  // Open appeals on the cycle's scorecards.
  virtual int open_appeals(Id cycle) = 0;

  // The month's figures [from, to) of every engineer reviewed: active users of the agent roles (agent_l1,
  // agent_l2, field_engineer, team_lead, complaint_officer), plus anyone who has a scorecard in `cycle`
  // already. Set-based: one grouped query per source table, whatever the number of engineers.
  virtual std::vector<EngineerFigures> figures(Id cycle, Timestamp from, Timestamp to) = 0;

  // Scorecards, inserted with their items; the new ids come back in the same order.
  virtual std::vector<Id> insert_scorecards(const std::vector<Scorecard>& cards) = 0;
  // total_milli, team_id, self_assessment, self_assessed_at, updated_at.
  virtual void update_scorecard(const Scorecard& c) = 0;
  // Replaces the items of each card with the ones given (keys not given are deleted).
  virtual void replace_items(const std::vector<Scorecard>& cards) = 0;
  virtual void save_item(Id scorecard, const ScoreItem& item) = 0;
  virtual std::optional<Scorecard> find_scorecard(Id id) = 0;  // with items
  virtual std::optional<Scorecard> find_scorecard_of(Id cycle, Id engineer) = 0;
  virtual std::vector<Scorecard> list_scorecards(Id cycle, bool with_items) = 0;  // by id
  // The engineer's scorecards, newest month first, with their cycle's month.
  virtual std::vector<std::pair<std::string, Id>> scorecards_of_engineer(Id engineer) = 0;
  // The names of the engineers with a scorecard in the cycle.
  virtual std::vector<std::pair<Id, std::string>> engineer_names(Id cycle) = 0;

  // Appeals.
  virtual Id insert_appeal(const Appeal& a) = 0;
  virtual void update_appeal(const Appeal& a) = 0;  // state, answer, new score, answered by and at
  virtual std::optional<Appeal> find_appeal(Id id) = 0;
  virtual std::vector<Appeal> appeals_of(Id scorecard) = 0;    // oldest first
  virtual std::vector<Appeal> appeals_of_cycle(Id cycle) = 0;  // oldest first

  // The audit trail.
  virtual void insert_event(const ReviewEvent& e) = 0;
  virtual std::vector<ReviewEvent> events_of_cycle(Id cycle) = 0;  // oldest first

  // Totals of the published cycles of these months, for quarter averages.
  virtual std::vector<MonthTotal> published_totals(const std::vector<std::string>& months) = 0;
};

}  // namespace techdesk::report
