// Performance reviews on PostgreSQL. All SQL in review_repo_pg.cpp.
#pragma once

#include <utility>

#include "report/review_store.h"
#include "storage/postgres/pg_connection.h"

namespace techdesk::storage::postgres {

class ReviewRepoPg final : public report::ReviewRepo {
 public:
  explicit ReviewRepoPg(PgConnection& c) : m_c(c) {}

  Result<Id> insert_cycle(const report::Cycle& c) override;
  std::optional<report::Cycle> find_cycle(Id id) override;
  std::optional<report::Cycle> lock_cycle(Id id) override;
  std::optional<report::Cycle> find_cycle_by_month(const std::string& month) override;
  std::vector<report::Cycle> list_cycles() override;
  void update_cycle(const report::Cycle& c) override;
  int open_appeals(Id cycle) override;

  std::vector<report::EngineerFigures> figures(Id cycle, Timestamp from, Timestamp to) override;

  std::vector<Id> insert_scorecards(const std::vector<report::Scorecard>& cards) override;
  void update_scorecard(const report::Scorecard& c) override;
  void replace_items(const std::vector<report::Scorecard>& cards) override;
  void save_item(Id scorecard, const report::ScoreItem& item) override;
  std::optional<report::Scorecard> find_scorecard(Id id) override;
  std::optional<report::Scorecard> find_scorecard_of(Id cycle, Id engineer) override;
  std::vector<report::Scorecard> list_scorecards(Id cycle, bool with_items) override;
  std::vector<std::pair<std::string, Id>> scorecards_of_engineer(Id engineer) override;
  std::vector<std::pair<Id, std::string>> engineer_names(Id cycle) override;

  Id insert_appeal(const report::Appeal& a) override;
  void update_appeal(const report::Appeal& a) override;
  std::optional<report::Appeal> find_appeal(Id id) override;
  std::vector<report::Appeal> appeals_of(Id scorecard) override;
  std::vector<report::Appeal> appeals_of_cycle(Id cycle) override;

  void insert_event(const report::ReviewEvent& e) override;
  std::vector<report::ReviewEvent> events_of_cycle(Id cycle) override;

  std::vector<report::MonthTotal> published_totals(const std::vector<std::string>& months) override;

 private:
  // Inserts (scorecard id, item) pairs in one statement.
  void insert_items(const std::vector<std::pair<Id, const report::ScoreItem*>>& items);
  std::vector<report::ScoreItem> items_of(Id scorecard);
  PgConnection& m_c;
};

}  // namespace techdesk::storage::postgres
