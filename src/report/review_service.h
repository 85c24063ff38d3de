// Performance reviews (绩效考核): monthly cycles with weighted indicators, scorecards computed from the data
// or entered by the manager, self-assessment, publication, appeals, ranking, the bottom-20 % list and the
// three-quarters-in-a-row warning list. Authorises and owns its transactions; the rules are review_rules.h
// and docs/reviews.md.
//
// Who may do what: managers and administrators manage cycles, score manual items, publish, answer appeals
// and see everything; a team lead sees the scorecards of the members of his teams; every reviewed engineer
// (agent_l1, agent_l2, field_engineer, team_lead, complaint_officer) sees and appeals only his own; customers
// see nothing (forbidden). A scorecard one may not see does not exist (not_found). An engineer's own card in
// a draft cycle shows no scores yet: results are his once published.
//
// Every change is recorded in the review audit trail (who, when, before, after).
//
// Thread-safe: no mutable state besides what the store guards.
#pragma once

#include <optional>
#include <string>
#include <vector>

#include "common/clock.h"
#include "common/tx.h"
#include "identity/types.h"
#include "report/report_store.h"
#include "report/review_rules.h"
#include "report/review_types.h"

namespace techdesk::report {

struct PersonRef {
  Id id = 0;
  std::string name;
};

struct CycleView {
  Cycle cycle;
  CycleState state = CycleState::draft;
};

struct ItemView {
  Indicator indicator;
  ScoreItem item;
};

struct CardView {
  Scorecard card;
  std::string month;
  CycleState state = CycleState::draft;
  PersonRef engineer;
  std::optional<PersonRef> team;
  std::optional<int> rank;  // none while the card's own engineer looks at a draft
  int of = 0;
  bool bottom20 = false;
  bool hidden = false;  // the engineer's own card in a draft cycle: no scores, no total, no rank
  std::vector<ItemView> items;
  std::vector<Appeal> appeals;
};

struct CycleCards {
  std::vector<CardView> cards;  // ranked, best first; no items
  std::vector<Id> bottom;       // scorecard ids in the bottom 20 %
};

struct QuarterEntry {
  PersonRef engineer;
  std::int64_t average_milli = 0;
  int rank = 0;
};

struct Warning {
  PersonRef engineer;
  std::vector<std::string> quarters;  // oldest first
};

struct QuarterReport {
  std::string quarter;
  std::vector<QuarterEntry> bottom;  // lowest average last
  std::vector<Warning> warnings;
};

struct NewCycle {
  std::string month;
  std::optional<std::vector<Indicator>> indicators;  // default_indicators()
  std::optional<int> appeal_days;                    // 5
};

struct CycleChange {
  std::optional<std::vector<Indicator>> indicators;
  std::optional<int> appeal_days;
};

class ReviewService {
 public:
  ReviewService(TxRunner<ReportTx>& store, const Clock& clock, std::string zone = "Asia/Shanghai")
      : m_store(store), m_clock(clock), m_zone(std::move(zone)) {}

  // Cycles: every support staff member reads them (forbidden for customers).
  Result<std::vector<CycleView>> cycles(const identity::Principal& actor);
  Result<CycleView> cycle(const identity::Principal& actor, Id id);
  // Managers and administrators. Errors: invalid_field "month" (malformed or a future month), the
  // indicators' and appeal days' errors (validate_indicators, validate_appeal_days), conflict "month" when
  // the month has a cycle already. Nothing is saved on error.
  Result<CycleView> create_cycle(const identity::Principal& actor, NewCycle in);
  // Draft only (conflict "state"); recomputes the scorecards when they had been computed already.
  Result<CycleView> update_cycle(const identity::Principal& actor, Id id, CycleChange in);
  // (Re)computes every engineer's computed items from the month's data; manual scores and self-assessments
  // stay. Draft only (conflict "state").
  Result<CycleView> compute(const identity::Principal& actor, Id id);
  // Publishes the results and opens the appeal window (appeal_until = now + appeal_days). Errors: conflict
  // "state" (published already, or never computed), conflict "items" when a manual item with a weight is
  // not scored on some scorecard.
  Result<CycleView> publish(const identity::Principal& actor, Id id);

  // A cycle's scorecards, ranked: all of them for managers, the members of his teams for a team lead,
  // forbidden for everyone else.
  Result<CycleCards> scorecards(const identity::Principal& actor, Id cycle);
  Result<CardView> scorecard(const identity::Principal& actor, Id id);
  // The actor's own scorecard of `month` (YYYY-MM), or his newest. not_found when there is none.
  Result<CardView> mine(const identity::Principal& actor, const std::optional<std::string>& month);

  // A manual item's score (0..100, one decimal) and note, by a manager; draft only. Errors: not_found
  // "item", invalid_field "key" for a computed item, invalid_field "score" / "note", conflict "state".
  Result<CardView> score_item(const identity::Principal& actor, Id card, const std::string& key, double score,
                              const std::optional<std::string>& note);
  // The engineer's self-assessment (at most 4,000 characters); draft only.
  Result<CardView> self_assess(const identity::Principal& actor, Id card, std::string text);

  // An appeal against one item of the engineer's own published scorecard, before appeal_until. Errors:
  // conflict "state" (not published), conflict "appeal_until" (the window has closed), missing or
  // invalid "item" / "reason", conflict "item" (appealed already). Nothing is saved on error.
  Result<Appeal> appeal(const identity::Principal& actor, Id card, const std::string& item,
                        std::string reason);
  // A manager's answer; with a score the item's score becomes it and the total and ranking follow.
  // Errors: not_found, conflict "state" (answered already), missing "answer", invalid_field "score".
  Result<Appeal> answer(const identity::Principal& actor, Id appeal, std::string answer,
                        std::optional<double> score);

  // The bottom 20 % of a quarter (YYYY-Qn; default: the quarter of the newest published cycle) and the
  // engineers in it three quarters in a row. Managers and administrators. Errors: invalid_query "quarter".
  Result<QuarterReport> warnings(const identity::Principal& actor, const std::optional<std::string>& quarter);

 private:
  Result<void> do_compute(ReportTx& tx, Cycle& c, const identity::Principal& actor, Timestamp now);
  CycleView view_of(ReportTx& tx, const Cycle& c, Timestamp now);
  CardView card_view(ReportTx& tx, const Cycle& c, const Scorecard& card, const identity::Principal& viewer,
                     Timestamp now, bool with_items);
  Result<Scorecard> visible_card(ReportTx& tx, const identity::Principal& actor, Id id);
  void event(ReportTx& tx, const Cycle& c, std::optional<Id> card, const identity::Principal& actor,
             Timestamp at, std::string action, std::optional<std::string> item = std::nullopt,
             std::optional<std::string> before = std::nullopt,
             std::optional<std::string> after = std::nullopt);

  TxRunner<ReportTx>& m_store;
  const Clock& m_clock;
  std::string m_zone;
};

}  // namespace techdesk::report
