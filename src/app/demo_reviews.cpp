#include "app/demo_reviews.h"

#include <iostream>
#include <map>
#include <optional>

#include "identity/identity_store.h"
#include "report/review_rules.h"
#include "report/review_service.h"

namespace techdesk::app {

namespace {

using identity::Principal;
using identity::Role;

Principal principal_of(const identity::User& u) {
  Principal p;
  p.user_id = u.id;
  p.name = u.name;
  p.role = u.role;
  p.organization_id = u.organization_id;
  p.team_ids = u.team_ids;
  return p;
}

// The month before `month` ("2026-01" → "2025-12").
std::string previous_month(const std::string& month) {
  int y = std::stoi(month.substr(0, 4));
  int m = std::stoi(month.substr(5, 2)) - 1;
  if (m == 0) {
    m = 12;
    --y;
  }
  return std::to_string(y) + "-" + (m < 10 ? "0" : "") + std::to_string(m);
}

bool failed(const std::string& doing, const Error& e) {
  std::cerr << "\ntechdesk: demo reviews failed: " << doing << ": " << e.message << "\n";
  return false;
}

}  // namespace

bool demo_reviews(storage::Store& store, ManualClock& clock, const std::string& zone) {
  const Timestamp now = clock.now();
  auto users = store.identity().read([&](identity::IdentityTx& tx) -> Result<std::vector<identity::User>> {
    identity::UserQuery q;
    q.limit = 1000;
    return tx.identity().list_users(q);
  });
  if (!users) return failed("list users", users.error());
  std::optional<Principal> manager;
  std::map<Id, identity::User> by_id;
  for (const auto& u : *users) {
    by_id[u.id] = u;
    if (!manager && u.role == Role::manager && u.active) manager = principal_of(u);
  }
  if (!manager) return true;  // no people, no reviews

  report::ReviewService reviews(store.reports(), clock, zone);
  // Last month's results were published two hours ago; an engineer appealed an hour later.
  clock.set(now - std::chrono::hours(2));
  report::NewCycle in;
  in.month = previous_month(report::month_of(now, zone));
  auto cycle = reviews.create_cycle(*manager, in);
  if (!cycle) return failed("create the cycle of " + in.month, cycle.error());
  const Id id = cycle->cycle.id;
  if (auto c = reviews.compute(*manager, id); !c) return failed("compute", c.error());
  auto cards = reviews.scorecards(*manager, id);
  if (!cards) return failed("list scorecards", cards.error());
  // Manual scores that differ from one engineer to the next but are the same on every run.
  const char* notes[] = {"能独立处理复杂故障", "持有华为 HCIA 证书", "乐于协助同事"};
  const char* keys[] = {"skill_level", "certifications", "teamwork"};
  for (const auto& card : cards->cards)
    for (int k = 0; k < 3; ++k) {
      const double score = 70 + static_cast<double>((card.engineer.id * 7 + k * 11) % 26);
      auto r = reviews.score_item(*manager, card.card.id, keys[k], score, std::string(notes[k]));
      if (!r) return failed("score " + std::string(keys[k]), r.error());
    }
  if (auto p = reviews.publish(*manager, id); !p) return failed("publish", p.error());

  clock.set(now - std::chrono::hours(1));
  auto ranked = reviews.scorecards(*manager, id);
  if (!ranked) return failed("list scorecards", ranked.error());
  if (!ranked->cards.empty()) {
    // The lowest-ranked engineer contests his lowest manual score.
    const auto& lowest = ranked->cards.back();
    auto card = reviews.scorecard(*manager, lowest.card.id);
    if (!card) return failed("read a scorecard", card.error());
    const report::ItemView* item = nullptr;
    for (const auto& i : card->items)
      if (i.indicator.source == report::IndicatorSource::manual && i.item.score_tenths &&
          (!item || *i.item.score_tenths < *item->item.score_tenths))
        item = &i;
    auto u = by_id.find(lowest.engineer.id);
    if (item && u != by_id.end()) {
      auto a = reviews.appeal(
          principal_of(u->second), lowest.card.id, item->indicator.key,
          "本月多次支援现场服务组处理紧急故障，" + item->indicator.name_zh + "一项评分偏低，请复核。");
      if (!a) return failed("appeal", a.error());
    }
  }
  clock.set(now);
  return true;
}

}  // namespace techdesk::app
