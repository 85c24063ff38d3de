#include "report/review_service.h"

#include <algorithm>
#include <map>
#include <set>

#include "common/text.h"
#include "common/time.h"
#include "identity/role.h"

namespace techdesk::report {

using identity::Principal;
using identity::Role;

namespace {

bool manages(const Principal& p) {
  return p.role == Role::manager || p.role == Role::admin;
}

Error not_staff() {
  return Error::forbidden("performance reviews are for support staff only");
}

Error managers_only(const char* what) {
  return Error::forbidden(std::string("only managers and administrators may ") + what);
}

Error not_draft(const Cycle& c) {
  return Error::conflict("the review cycle " + c.month + " is published; it can no longer be changed",
                         "state");
}

const Indicator* indicator_of(const Cycle& c, std::string_view key) {
  for (const auto& ind : c.indicators)
    if (ind.key == key) return &ind;
  return nullptr;
}

ScoreItem* item_of(Scorecard& card, std::string_view key) {
  for (auto& i : card.items)
    if (i.key == key) return &i;
  return nullptr;
}

// What a manual item says about how it was scored.
void explain_manual(ScoreItem& i) {
  if (!i.score_tenths) {
    i.explain_zh = "由经理评定（0–100 分），尚未评分";
    i.explain_en = "scored by the manager (0–100); not scored yet";
    return;
  }
  i.explain_zh = "由经理评定：" + format_tenths(*i.score_tenths) + " 分";
  i.explain_en = "scored by the manager: " + format_tenths(*i.score_tenths);
}

std::optional<std::string> score_text(const std::optional<int>& tenths) {
  if (!tenths) return std::nullopt;
  return format_tenths(*tenths);
}

}  // namespace

// ---- shared helpers ----

void ReviewService::event(ReportTx& tx, const Cycle& c, std::optional<Id> card, const Principal& actor,
                          Timestamp at, std::string action, std::optional<std::string> item,
                          std::optional<std::string> before, std::optional<std::string> after) {
  ReviewEvent e;
  e.cycle_id = c.id;
  e.scorecard_id = card;
  e.actor_id = actor.user_id;
  e.at = at;
  e.action = std::move(action);
  e.item_key = std::move(item);
  e.before = std::move(before);
  e.after = std::move(after);
  tx.reviews().insert_event(e);
}

CycleView ReviewService::view_of(ReportTx& tx, const Cycle& c, Timestamp now) {
  const int open = c.published ? tx.reviews().open_appeals(c.id) : 0;
  return CycleView{c, cycle_state(c, now, open)};
}

// A card the actor may see: his own; his team members' (team lead); all (managers). Else not_found.
Result<Scorecard> ReviewService::visible_card(ReportTx& tx, const Principal& actor, Id id) {
  if (!identity::is_agent(actor.role)) return not_staff();
  auto card = tx.reviews().find_scorecard(id);
  if (!card) return Error::not_found("scorecard");
  if (manages(actor) || card->engineer_id == actor.user_id) return std::move(*card);
  if (actor.role == Role::team_lead) {
    for (Id t : actor.team_ids) {
      if (card->team_id && *card->team_id == t) return std::move(*card);
      if (auto team = tx.identity().find_team(t)) {
        const auto& m = team->member_ids;
        if (std::find(m.begin(), m.end(), card->engineer_id) != m.end()) return std::move(*card);
      }
    }
  }
  return Error::not_found("scorecard");
}

CardView ReviewService::card_view(ReportTx& tx, const Cycle& c, const Scorecard& card,
                                  const Principal& viewer, Timestamp now, bool with_items) {
  CardView v;
  v.card = card;
  v.month = c.month;
  v.state = view_of(tx, c, now).state;
  v.engineer.id = card.engineer_id;
  if (auto u = tx.identity().find_user(card.engineer_id)) v.engineer.name = u->name;
  if (card.team_id)
    if (auto t = tx.identity().find_team(*card.team_id)) v.team = PersonRef{t->id, t->name};
  v.hidden = !c.published && viewer.user_id == card.engineer_id;
  std::vector<std::pair<Id, std::int64_t>> totals;
  for (const auto& s : tx.reviews().list_scorecards(c.id, false))
    totals.emplace_back(s.id, s.total_milli);
  v.of = static_cast<int>(totals.size());
  if (!v.hidden)
    for (const Ranked& r : rank(totals))
      if (r.id == card.id) {
        v.rank = r.rank;
        v.bottom20 = r.bottom;
      }
  if (with_items)
    for (const auto& ind : c.indicators) {
      ItemView iv{ind, {}};
      iv.item.key = ind.key;
      for (const auto& i : card.items)
        if (i.key == ind.key) iv.item = i;
      v.items.push_back(std::move(iv));
    }
  v.card.items.clear();
  v.appeals = tx.reviews().appeals_of(card.id);
  return v;
}

// ---- cycles ----

Result<std::vector<CycleView>> ReviewService::cycles(const Principal& actor) {
  if (!identity::is_agent(actor.role)) return not_staff();
  const Timestamp now = m_clock.now();
  return m_store.read([&](ReportTx& tx) -> Result<std::vector<CycleView>> {
    std::vector<CycleView> out;
    for (const auto& c : tx.reviews().list_cycles())
      out.push_back(view_of(tx, c, now));
    return out;
  });
}

Result<CycleView> ReviewService::cycle(const Principal& actor, Id id) {
  if (!identity::is_agent(actor.role)) return not_staff();
  const Timestamp now = m_clock.now();
  return m_store.read([&](ReportTx& tx) -> Result<CycleView> {
    auto c = tx.reviews().find_cycle(id);
    if (!c) return Error::not_found("review cycle");
    return view_of(tx, *c, now);
  });
}

Result<CycleView> ReviewService::create_cycle(const Principal& actor, NewCycle in) {
  if (!identity::is_agent(actor.role)) return not_staff();
  if (!manages(actor)) return managers_only("create review cycles");
  TD_TRY(check_month(in.month));
  const Timestamp now = m_clock.now();
  if (in.month > month_of(now, m_zone))
    return Error::invalid("month", "the month " + in.month + " has not begun yet");
  Cycle c;
  c.month = in.month;
  c.indicators = in.indicators ? *in.indicators : default_indicators();
  c.appeal_days = in.appeal_days.value_or(5);
  TD_TRY(validate_indicators(c.indicators));
  TD_TRY(validate_appeal_days(c.appeal_days));
  c.created_by = actor.user_id;
  c.created_at = c.updated_at = now;
  return m_store.write([&](ReportTx& tx) -> Result<CycleView> {
    c.id = TD_TRY(tx.reviews().insert_cycle(c));
    event(tx, c, std::nullopt, actor, now, "created", std::nullopt, std::nullopt, c.month);
    return view_of(tx, c, now);
  });
}

Result<CycleView> ReviewService::update_cycle(const Principal& actor, Id id, CycleChange in) {
  if (!identity::is_agent(actor.role)) return not_staff();
  if (!manages(actor)) return managers_only("change review cycles");
  if (in.indicators) TD_TRY(validate_indicators(*in.indicators));
  if (in.appeal_days) TD_TRY(validate_appeal_days(*in.appeal_days));
  const Timestamp now = m_clock.now();
  return m_store.write([&](ReportTx& tx) -> Result<CycleView> {
    auto c = tx.reviews().lock_cycle(id);
    if (!c) return Error::not_found("review cycle");
    if (c->published) return not_draft(*c);
    const bool indicators_changed = in.indicators && *in.indicators != c->indicators;
    if (in.indicators) c->indicators = *in.indicators;
    if (in.appeal_days) c->appeal_days = *in.appeal_days;
    c->updated_at = now;
    tx.reviews().update_cycle(*c);
    event(tx, *c, std::nullopt, actor, now, "updated");
    // The scorecards follow the new indicators: manual scores of the keys that stay are kept.
    if (indicators_changed && c->computed_at) TD_TRY(do_compute(tx, *c, actor, now));
    return view_of(tx, *c, now);
  });
}

Result<void> ReviewService::do_compute(ReportTx& tx, Cycle& c, const Principal& actor, Timestamp now) {
  const auto [from, to] = month_period(c.month, m_zone);
  const std::vector<EngineerFigures> figures = tx.reviews().figures(c.id, from, to);
  // Volumes are measured against the engineer's own team (no team: those without one).
  std::map<std::optional<Id>, std::vector<std::int64_t>> volumes;
  for (const auto& f : figures)
    volumes[f.team_id].push_back(f.resolved);
  std::map<std::optional<Id>, std::int64_t> benchmark;
  for (auto& [team, v] : volumes)
    benchmark[team] = volume_benchmark(std::move(v));

  std::map<Id, Scorecard> existing;
  for (auto& s : tx.reviews().list_scorecards(c.id, true))
    existing.emplace(s.engineer_id, std::move(s));
  std::vector<Scorecard> fresh, changed;
  for (const auto& f : figures) {
    auto it = existing.find(f.engineer_id);
    Scorecard card;
    if (it != existing.end()) {
      card = it->second;
    } else {
      card.cycle_id = c.id;
      card.engineer_id = f.engineer_id;
      card.created_at = now;
    }
    card.team_id = f.team_id;
    card.updated_at = now;
    std::vector<ScoreItem> items;
    for (const auto& ind : c.indicators) {
      ScoreItem item;
      item.key = ind.key;
      if (ind.source == IndicatorSource::computed && ind.metric) {
        MetricScore s = score_metric(*ind.metric, f, benchmark.at(f.team_id));
        item.num = s.num;
        item.den = s.den;
        item.score_tenths = s.score_tenths;
        item.explain_zh = std::move(s.explain_zh);
        item.explain_en = std::move(s.explain_en);
      } else {
        // A manual score stays; a key that was computed before starts unscored.
        if (const ScoreItem* before = item_of(card, ind.key); before && before->scored_by) item = *before;
        item.num.reset();
        item.den.reset();
        explain_manual(item);
      }
      items.push_back(std::move(item));
    }
    card.items = std::move(items);
    card.total_milli = total_milli(c.indicators, card.items);
    (card.id ? changed : fresh).push_back(std::move(card));
  }
  tx.reviews().insert_scorecards(fresh);
  tx.reviews().replace_items(changed);
  for (const auto& card : changed)
    tx.reviews().update_scorecard(card);
  c.computed_at = now;
  c.updated_at = now;
  tx.reviews().update_cycle(c);
  event(tx, c, std::nullopt, actor, now, "computed", std::nullopt, std::nullopt,
        std::to_string(fresh.size() + changed.size()) + " scorecards");
  return ok();
}

Result<CycleView> ReviewService::compute(const Principal& actor, Id id) {
  if (!identity::is_agent(actor.role)) return not_staff();
  if (!manages(actor)) return managers_only("compute scorecards");
  const Timestamp now = m_clock.now();
  return m_store.write([&](ReportTx& tx) -> Result<CycleView> {
    auto c = tx.reviews().lock_cycle(id);
    if (!c) return Error::not_found("review cycle");
    if (c->published) return not_draft(*c);
    TD_TRY(do_compute(tx, *c, actor, now));
    return view_of(tx, *c, now);
  });
}

Result<CycleView> ReviewService::publish(const Principal& actor, Id id) {
  if (!identity::is_agent(actor.role)) return not_staff();
  if (!manages(actor)) return managers_only("publish review results");
  const Timestamp now = m_clock.now();
  return m_store.write([&](ReportTx& tx) -> Result<CycleView> {
    auto c = tx.reviews().lock_cycle(id);
    if (!c) return Error::not_found("review cycle");
    if (c->published)
      return Error::conflict("the review cycle " + c->month + " is published already", "state");
    if (!c->computed_at)
      return Error::conflict("compute the scorecards of " + c->month + " before publishing them", "state");
    auto cards = tx.reviews().list_scorecards(c->id, true);
    if (cards.empty()) return Error::conflict("the review cycle " + c->month + " has no scorecards", "state");
    std::map<Id, std::string> names;
    for (auto& [uid, n] : tx.reviews().engineer_names(c->id))
      names[uid] = n;
    int missing = 0;
    std::string example;
    for (const auto& card : cards) {
      auto keys = unscored(c->indicators, card.items);
      missing += static_cast<int>(keys.size());
      if (!keys.empty() && example.empty()) example = names[card.engineer_id] + ": " + keys.front();
    }
    if (missing > 0)
      return Error::conflict(std::to_string(missing) + " manual scores are missing (for example " + example +
                                 "); score every manual item before publishing",
                             "items");
    c->published = true;
    c->published_by = actor.user_id;
    c->published_at = now;
    c->appeal_until = appeal_deadline(now, c->appeal_days);
    c->updated_at = now;
    tx.reviews().update_cycle(*c);
    event(tx, *c, std::nullopt, actor, now, "published", std::nullopt, std::nullopt,
          "appeals until " + format_rfc3339(*c->appeal_until));
    return view_of(tx, *c, now);
  });
}

// ---- scorecards ----

Result<CycleCards> ReviewService::scorecards(const Principal& actor, Id cycle_id) {
  if (!identity::is_agent(actor.role)) return not_staff();
  if (!manages(actor) && actor.role != Role::team_lead)
    return Error::forbidden("only managers and team leads see a cycle's scorecards");
  const Timestamp now = m_clock.now();
  return m_store.read([&](ReportTx& tx) -> Result<CycleCards> {
    auto c = tx.reviews().find_cycle(cycle_id);
    if (!c) return Error::not_found("review cycle");
    const CycleState state = view_of(tx, *c, now).state;
    auto cards = tx.reviews().list_scorecards(c->id, false);
    std::set<Id> members;
    std::set<Id> teams(actor.team_ids.begin(), actor.team_ids.end());
    if (!manages(actor))
      for (Id t : actor.team_ids)
        if (auto team = tx.identity().find_team(t))
          members.insert(team->member_ids.begin(), team->member_ids.end());
    std::map<Id, std::string> names;
    for (auto& [uid, n] : tx.reviews().engineer_names(c->id))
      names[uid] = n;
    std::map<Id, std::string> team_names;
    std::map<Id, std::vector<Appeal>> appeals;
    for (auto& a : tx.reviews().appeals_of_cycle(c->id))
      appeals[a.scorecard_id].push_back(std::move(a));
    std::map<Id, const Scorecard*> by_id;
    std::vector<std::pair<Id, std::int64_t>> totals;
    for (const auto& s : cards) {
      by_id[s.id] = &s;
      totals.emplace_back(s.id, s.total_milli);
    }
    CycleCards out;
    for (const Ranked& r : rank(totals)) {
      const Scorecard& s = *by_id.at(r.id);
      const bool visible = manages(actor) || s.engineer_id == actor.user_id || members.count(s.engineer_id) ||
                           (s.team_id && teams.count(*s.team_id));
      if (!visible) continue;
      CardView v;
      v.card = s;
      v.month = c->month;
      v.state = state;
      v.engineer = PersonRef{s.engineer_id, names[s.engineer_id]};
      if (s.team_id) {
        auto tn = team_names.find(*s.team_id);
        if (tn == team_names.end()) {
          auto t = tx.identity().find_team(*s.team_id);
          tn = team_names.emplace(*s.team_id, t ? t->name : std::string()).first;
        }
        v.team = PersonRef{*s.team_id, tn->second};
      }
      v.of = static_cast<int>(cards.size());
      v.hidden = !c->published && s.engineer_id == actor.user_id;
      if (!v.hidden) {
        v.rank = r.rank;
        v.bottom20 = r.bottom;
        if (r.bottom) out.bottom.push_back(s.id);
      }
      v.appeals = std::move(appeals[s.id]);
      out.cards.push_back(std::move(v));
    }
    return out;
  });
}

Result<CardView> ReviewService::scorecard(const Principal& actor, Id id) {
  const Timestamp now = m_clock.now();
  return m_store.read([&](ReportTx& tx) -> Result<CardView> {
    Scorecard card = TD_TRY(visible_card(tx, actor, id));
    auto c = tx.reviews().find_cycle(card.cycle_id);
    if (!c) return Error::not_found("scorecard");
    return card_view(tx, *c, card, actor, now, true);
  });
}

Result<CardView> ReviewService::mine(const Principal& actor, const std::optional<std::string>& month) {
  if (!identity::is_agent(actor.role)) return not_staff();
  if (month) TD_TRY(check_month(*month));
  const Timestamp now = m_clock.now();
  return m_store.read([&](ReportTx& tx) -> Result<CardView> {
    std::optional<Id> id;
    for (const auto& [m, card] : tx.reviews().scorecards_of_engineer(actor.user_id))
      if (!month || m == *month) {
        id = card;
        break;
      }
    if (!id) return Error::not_found(month ? "your scorecard of " + *month : std::string("your scorecard"));
    auto card = tx.reviews().find_scorecard(*id);
    auto c = card ? tx.reviews().find_cycle(card->cycle_id) : std::nullopt;
    if (!card || !c) return Error::not_found("scorecard");
    return card_view(tx, *c, *card, actor, now, true);
  });
}

Result<CardView> ReviewService::score_item(const Principal& actor, Id id, const std::string& key,
                                           double score, const std::optional<std::string>& note) {
  if (!identity::is_agent(actor.role)) return not_staff();
  if (!manages(actor)) return managers_only("score manual items");
  const int tenths = TD_TRY(score_tenths_from(score, "score"));
  if (note && utf8_length(*note) > 2000)
    return Error::invalid("note", "note must be at most 2,000 characters");
  const Timestamp now = m_clock.now();
  return m_store.write([&](ReportTx& tx) -> Result<CardView> {
    auto card = tx.reviews().find_scorecard(id);
    if (!card) return Error::not_found("scorecard");
    auto c = tx.reviews().lock_cycle(card->cycle_id);
    if (!c) return Error::not_found("scorecard");
    const Indicator* ind = indicator_of(*c, key);
    ScoreItem* item = item_of(*card, key);
    if (!ind || !item) return Error::not_found("item " + key);
    if (ind->source != IndicatorSource::manual)
      return Error::invalid(
          "key",
          "the item " + key + " is computed from the data; a computed score changes only through an appeal");
    if (c->published) return not_draft(*c);
    const std::optional<std::string> before = score_text(item->score_tenths);
    item->score_tenths = tenths;
    if (note) item->note = *note;
    item->scored_by = actor.user_id;
    item->scored_at = now;
    explain_manual(*item);
    tx.reviews().save_item(card->id, *item);
    card->total_milli = total_milli(c->indicators, card->items);
    card->updated_at = now;
    tx.reviews().update_scorecard(*card);
    event(tx, *c, card->id, actor, now, "manual_score", key, before, format_tenths(tenths));
    return card_view(tx, *c, *card, actor, now, true);
  });
}

Result<CardView> ReviewService::self_assess(const Principal& actor, Id id, std::string text) {
  if (utf8_length(text) > 4000) return Error::invalid("text", "text must be at most 4,000 characters");
  const Timestamp now = m_clock.now();
  return m_store.write([&](ReportTx& tx) -> Result<CardView> {
    Scorecard card = TD_TRY(visible_card(tx, actor, id));
    if (card.engineer_id != actor.user_id)
      return Error::forbidden("only the engineer writes the self-assessment of his scorecard");
    auto c = tx.reviews().lock_cycle(card.cycle_id);
    if (!c) return Error::not_found("scorecard");
    if (c->published) return not_draft(*c);
    const auto before = card.self_assessment;
    card.self_assessment = std::move(text);
    card.self_assessed_at = now;
    card.updated_at = now;
    tx.reviews().update_scorecard(card);
    event(tx, *c, card.id, actor, now, "self_assessment", std::nullopt, before, card.self_assessment);
    return card_view(tx, *c, card, actor, now, true);
  });
}

// ---- appeals ----

Result<Appeal> ReviewService::appeal(const Principal& actor, Id id, const std::string& item_key,
                                     std::string reason) {
  const Timestamp now = m_clock.now();
  return m_store.write([&](ReportTx& tx) -> Result<Appeal> {
    Scorecard card = TD_TRY(visible_card(tx, actor, id));
    if (card.engineer_id != actor.user_id)
      return Error::forbidden("only the engineer appeals his own scorecard");
    auto c = tx.reviews().lock_cycle(card.cycle_id);
    if (!c) return Error::not_found("scorecard");
    if (!c->published || !c->appeal_until)
      return Error::conflict("the results of " + c->month + " are not published yet", "state");
    if (!appeal_window_open(*c->appeal_until, now))
      return Error::conflict(
          "the appeal window of " + c->month + " closed at " + format_rfc3339(*c->appeal_until),
          "appeal_until");
    if (item_key.empty()) return Error::missing("item");
    const ScoreItem* item = item_of(card, item_key);
    if (!indicator_of(*c, item_key) || !item)
      return Error::invalid("item", "the scorecard has no item " + item_key);
    const std::string_view r = trim(reason);
    if (r.empty()) return Error::missing("reason");
    if (utf8_length(r) > 2000) return Error::invalid("reason", "reason must be at most 2,000 characters");
    for (const auto& a : tx.reviews().appeals_of(card.id))
      if (a.item_key == item_key)
        return Error::conflict("the item " + item_key + " has been appealed already", "item");
    Appeal a;
    a.scorecard_id = card.id;
    a.item_key = item_key;
    a.reason = std::string(r);
    a.state = AppealState::open;
    a.old_score_tenths = item->score_tenths;
    a.created_by = actor.user_id;
    a.created_at = now;
    a.id = tx.reviews().insert_appeal(a);
    event(tx, *c, card.id, actor, now, "appeal", item_key, score_text(item->score_tenths), a.reason);
    return a;
  });
}

Result<Appeal> ReviewService::answer(const Principal& actor, Id id, std::string answer_text,
                                     std::optional<double> score) {
  if (!identity::is_agent(actor.role)) return not_staff();
  if (!manages(actor)) return managers_only("answer appeals");
  std::optional<int> tenths;
  if (score) tenths = TD_TRY(score_tenths_from(*score, "score"));
  const std::string_view text = trim(answer_text);
  if (text.empty()) return Error::missing("answer");
  if (utf8_length(text) > 2000) return Error::invalid("answer", "answer must be at most 2,000 characters");
  const Timestamp now = m_clock.now();
  return m_store.write([&](ReportTx& tx) -> Result<Appeal> {
    auto a = tx.reviews().find_appeal(id);
    if (!a) return Error::not_found("appeal");
    auto card = tx.reviews().find_scorecard(a->scorecard_id);
    auto c = card ? tx.reviews().lock_cycle(card->cycle_id) : std::nullopt;
    if (!card || !c) return Error::not_found("appeal");
    a = tx.reviews().find_appeal(id);  // as of the lock
    if (a->state == AppealState::answered)
      return Error::conflict("the appeal has been answered already", "state");
    ScoreItem* item = item_of(*card, a->item_key);
    if (!item) return Error::not_found("appeal");
    a->state = AppealState::answered;
    a->answer = std::string(text);
    a->answered_by = actor.user_id;
    a->answered_at = now;
    if (tenths) {
      a->new_score_tenths = *tenths;
      const std::string was = item->score_tenths ? format_tenths(*item->score_tenths) : "—";
      item->score_tenths = *tenths;
      item->scored_by = actor.user_id;
      item->scored_at = now;
      item->explain_zh += "；申诉后经理改为 " + format_tenths(*tenths) + " 分（原 " + was + " 分）";
      item->explain_en +=
          "; changed by the manager on appeal to " + format_tenths(*tenths) + " (was " + was + ")";
      tx.reviews().save_item(card->id, *item);
      card->total_milli = total_milli(c->indicators, card->items);
      card->updated_at = now;
      tx.reviews().update_scorecard(*card);
    }
    tx.reviews().update_appeal(*a);
    event(tx, *c, card->id, actor, now, "answer", a->item_key, score_text(a->old_score_tenths),
          tenths ? score_text(tenths) : std::optional<std::string>(a->answer));
    return *a;
  });
}

// ---- quarters ----

Result<QuarterReport> ReviewService::warnings(const Principal& actor,
                                              const std::optional<std::string>& quarter) {
  if (!identity::is_agent(actor.role)) return not_staff();
  if (!manages(actor)) return managers_only("see the bottom-20 % and warning lists");
  if (quarter && !is_quarter(*quarter))
    return Error::invalid_query("quarter", "quarter must be YYYY-Qn, e.g. 2026-Q4");
  const Timestamp now = m_clock.now();
  return m_store.read([&](ReportTx& tx) -> Result<QuarterReport> {
    QuarterReport out;
    if (quarter) {
      out.quarter = *quarter;
    } else {
      out.quarter = quarter_of(month_of(now, m_zone));
      for (const auto& c : tx.reviews().list_cycles())  // newest month first
        if (c.published) {
          out.quarter = quarter_of(c.month);
          break;
        }
    }
    const std::string q2 = previous_quarter(out.quarter), q1 = previous_quarter(q2);
    const auto now_q = tx.reviews().published_totals(months_of_quarter(out.quarter));
    std::map<Id, std::string> names;
    for (const auto& t : now_q)
      names[t.engineer_id] = t.name;
    for (const auto& r : quarter_ranking(now_q))
      if (r.bottom) out.bottom.push_back({{r.engineer_id, r.name}, r.average_milli, r.rank});
    for (Id id : three_in_a_row(tx.reviews().published_totals(months_of_quarter(q1)),
                                tx.reviews().published_totals(months_of_quarter(q2)), now_q))
      out.warnings.push_back({{id, names[id]}, {q1, q2, out.quarter}});
    return out;
  });
}

}  // namespace techdesk::report
