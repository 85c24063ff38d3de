// All SQL of performance reviews on PostgreSQL. The month's figures are a handful of grouped queries over
// the month's range of each source table, merged per engineer in C++. A cycle's hundreds of scorecards and
// thousands of items go in as one JSON document each (json_to_recordset), so computing a month costs a few
// round trips, not one per row.
#include "storage/postgres/review_repo_pg.h"

#include <map>

#include "storage/postgres/pg_util.h"
#include "storage/review_rows.h"

namespace techdesk::storage::postgres {

using namespace report;
namespace json = boost::json;

namespace {

const std::string& cycle_select() {
  static const std::string k_sql = std::string("SELECT ") + k_cycle_columns + " FROM review_cycles ";
  return k_sql;
}
const std::string& scorecard_select() {
  static const std::string k_sql = std::string("SELECT ") + k_scorecard_columns + " FROM review_scorecards ";
  return k_sql;
}
const std::string& appeal_select() {
  static const std::string k_sql = std::string("SELECT ") + k_appeal_columns + " FROM review_appeals ";
  return k_sql;
}

template <class T>
json::value opt(const std::optional<T>& v) {
  return v ? json::value(*v) : json::value(nullptr);
}
json::value opt_ms(const std::optional<Timestamp>& t) {
  return t ? json::value(to_millis(*t)) : json::value(nullptr);
}

json::object item_json(Id scorecard, const ScoreItem& i) {
  return {{"scorecard_id", scorecard},
          {"key", i.key},
          {"num", opt(i.num)},
          {"den", opt(i.den)},
          {"score_tenths", opt(i.score_tenths)},
          {"explain_zh", i.explain_zh},
          {"explain_en", i.explain_en},
          {"note", i.note},
          {"scored_by", opt(i.scored_by)},
          {"scored_at", opt_ms(i.scored_at)}};
}

constexpr const char* k_insert_items =
    "INSERT INTO review_items (scorecard_id, key, num, den, score_tenths, explain_zh, explain_en, note, "
    "scored_by, "
    "scored_at) SELECT scorecard_id, key, num, den, score_tenths, explain_zh, explain_en, note, scored_by, "
    "scored_at FROM json_to_recordset($1::json) AS x(scorecard_id bigint, key text, num bigint, den bigint, "
    "score_tenths integer, explain_zh text, explain_en text, note text, scored_by bigint, scored_at bigint)";

}  // namespace

// ---- cycles ----

Result<Id> ReviewRepoPg::insert_cycle(const Cycle& c) {
  auto r = m_c.run_constraint(
      "INSERT INTO review_cycles (month, state, indicators, appeal_days, created_by, created_at, updated_at, "
      "computed_at, published_by, published_at, appeal_until) VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, "
      "$10, "
      "$11) RETURNING id",
      PgParams()
          .add(c.month)
          .add(c.published ? "published" : "draft")
          .add(indicators_text(c.indicators))
          .add(c.appeal_days)
          .add(c.created_by)
          .add(to_millis(c.created_at))
          .add(to_millis(c.updated_at))
          .add(opt_millis(c.computed_at))
          .add(c.published_by)
          .add(opt_millis(c.published_at))
          .add(opt_millis(c.appeal_until)));
  if (!r) return Error::conflict("there is a review cycle for " + c.month + " already", "month");
  return PgRow(*r, 0).int64(0);
}

std::optional<Cycle> ReviewRepoPg::find_cycle(Id id) {
  static const std::string k_sql = cycle_select() + "WHERE id = $1";
  auto r = m_c.run(k_sql.c_str(), PgParams().add(id));
  if (r.rows() == 0) return std::nullopt;
  return read_cycle(PgRow(r, 0));
}

std::optional<Cycle> ReviewRepoPg::lock_cycle(Id id) {
  static const std::string k_sql = cycle_select() + "WHERE id = $1 FOR UPDATE";
  auto r = m_c.run(k_sql.c_str(), PgParams().add(id));
  if (r.rows() == 0) return std::nullopt;
  return read_cycle(PgRow(r, 0));
}

std::optional<Cycle> ReviewRepoPg::find_cycle_by_month(const std::string& month) {
  static const std::string k_sql = cycle_select() + "WHERE month = $1";
  auto r = m_c.run(k_sql.c_str(), PgParams().add(month));
  if (r.rows() == 0) return std::nullopt;
  return read_cycle(PgRow(r, 0));
}

std::vector<Cycle> ReviewRepoPg::list_cycles() {
  static const std::string k_sql = cycle_select() + "ORDER BY month DESC";
  auto r = m_c.run(k_sql.c_str());
  return all_rows<Cycle>(r, [](const PgRow& row) { return read_cycle(row); });
}

void ReviewRepoPg::update_cycle(const Cycle& c) {
  m_c.run(
      "UPDATE review_cycles SET state = $1, indicators = $2, appeal_days = $3, updated_at = $4, computed_at "
      "= $5, "
      "published_by = $6, published_at = $7, appeal_until = $8 WHERE id = $9",
      PgParams()
          .add(c.published ? "published" : "draft")
          .add(indicators_text(c.indicators))
          .add(c.appeal_days)
          .add(to_millis(c.updated_at))
          .add(opt_millis(c.computed_at))
          .add(c.published_by)
          .add(opt_millis(c.published_at))
          .add(opt_millis(c.appeal_until))
          .add(c.id));
}

int ReviewRepoPg::open_appeals(Id cycle) {
  auto r = m_c.run(
      "SELECT count(*) FROM review_appeals a JOIN review_scorecards s ON s.id = a.scorecard_id "
      "WHERE s.cycle_id = $1 AND a.state = 'open'",
      PgParams().add(cycle));
  return static_cast<int>(PgRow(r, 0).int64(0));
}

// ---- the month's figures ----

std::vector<EngineerFigures> ReviewRepoPg::figures(Id cycle, Timestamp from, Timestamp to) {
  std::map<Id, EngineerFigures> by;
  std::vector<Id> order;
  {
    static const std::string k_sql =
        std::string(
            "SELECT u.id, u.name, (SELECT min(tm.team_id) FROM team_members tm WHERE tm.user_id = u.id) "
            "FROM users u WHERE (u.active AND u.role IN ") +
        k_reviewed_roles +
        ") OR u.id IN (SELECT engineer_id FROM review_scorecards WHERE cycle_id = $1) ORDER BY u.id";
    auto r = m_c.run(k_sql.c_str(), PgParams().add(cycle));
    for (int i = 0; i < r.rows(); ++i) {
      PgRow row(r, i);
      EngineerFigures f;
      f.engineer_id = row.int64(0);
      f.name = row.text(1);
      f.team_id = row.opt_int64(2);
      by.emplace(f.engineer_id, f);
      order.push_back(f.engineer_id);
    }
  }
  auto of = [&](Id id) -> EngineerFigures* {
    auto it = by.find(id);
    return it == by.end() ? nullptr : &it->second;
  };
  const PgParams range = PgParams().add(to_millis(from)).add(to_millis(to));
  {
    auto r = m_c.run(
        "SELECT f.resolved_by, "
        "count(*) FILTER (WHERE f.state IN ('resolved', 'closed')), "
        "count(*) FILTER (WHERE f.state IN ('resolved', 'closed') AND s.resolution_target IS NOT NULL), "
        "count(*) FILTER (WHERE f.state IN ('resolved', 'closed') AND s.resolution_target IS NOT NULL AND "
        "NOT "
        "(s.resolution_breached OR (s.resolution_due IS NOT NULL AND coalesce(s.resolved_at, f.resolved_at) "
        "> "
        "s.resolution_due))), "
        "count(*), count(*) FILTER (WHERE f.reopen_count > 0) "
        "FROM ticket_facts f LEFT JOIN ticket_sla s ON s.ticket_id = f.ticket_id "
        "WHERE f.resolved_at >= $1 AND f.resolved_at < $2 AND f.resolved_by IS NOT NULL "
        "AND f.state <> 'cancelled' GROUP BY f.resolved_by",
        range);
    for (int i = 0; i < r.rows(); ++i) {
      PgRow row(r, i);
      if (auto* f = of(row.int64(0))) {
        f->resolved = row.int64(1);
        f->sla_total = row.int64(2);
        f->sla_met = row.int64(3);
        f->reopen_base = row.int64(4);
        f->reopened = row.int64(5);
      }
    }
  }
  {
    auto r = m_c.run(
        "SELECT f.assignee_id, count(*), count(*) FILTER (WHERE f.state IN ('resolved', 'closed')) "
        "FROM ticket_facts f WHERE f.created_at >= $1 AND f.created_at < $2 AND f.assignee_id IS NOT NULL "
        "AND f.state <> 'cancelled' GROUP BY f.assignee_id",
        range);
    for (int i = 0; i < r.rows(); ++i) {
      PgRow row(r, i);
      if (auto* f = of(row.int64(0))) {
        f->assigned = row.int64(1);
        f->assigned_resolved = row.int64(2);
      }
    }
  }
  {
    auto r = m_c.run(
        "SELECT agent_id, count(*), sum(score) FROM surveys WHERE created_at >= $1 AND created_at < $2 "
        "AND agent_id IS NOT NULL GROUP BY agent_id",
        range);
    for (int i = 0; i < r.rows(); ++i) {
      PgRow row(r, i);
      if (auto* f = of(row.int64(0))) {
        f->csat_count = row.int64(1);
        f->csat_sum = row.int64(2);
      }
    }
  }
  {
    auto r = m_c.run(
        "SELECT e.user_id, count(*) FILTER (WHERE c.verdict = 'justified'), "
        "count(*) FILTER (WHERE c.verdict = 'partly_justified') "
        "FROM complaints c JOIN complaint_engineers e ON e.complaint_id = c.id "
        "WHERE c.created_at >= $1 AND c.created_at < $2 AND c.verdict IN ('justified', 'partly_justified') "
        "GROUP BY e.user_id",
        range);
    for (int i = 0; i < r.rows(); ++i) {
      PgRow row(r, i);
      if (auto* f = of(row.int64(0))) {
        f->complaints_justified = row.int64(1);
        f->complaints_partly = row.int64(2);
      }
    }
  }
  {
    auto r = m_c.run(
        "SELECT author_id, count(*) FROM kb_articles WHERE state = 'published' AND published_at >= $1 "
        "AND published_at < $2 GROUP BY author_id",
        range);
    for (int i = 0; i < r.rows(); ++i) {
      PgRow row(r, i);
      if (auto* f = of(row.int64(0))) f->kb_published = row.int64(1);
    }
  }
  std::vector<EngineerFigures> out;
  out.reserve(order.size());
  for (Id id : order)
    out.push_back(std::move(by.at(id)));
  return out;
}

// ---- scorecards ----

void ReviewRepoPg::insert_items(const std::vector<std::pair<Id, const ScoreItem*>>& items) {
  if (items.empty()) return;
  json::array rows;
  rows.reserve(items.size());
  for (const auto& [id, item] : items)
    rows.push_back(item_json(id, *item));
  m_c.run(k_insert_items, PgParams().add(json::serialize(rows)));
}

std::vector<ScoreItem> ReviewRepoPg::items_of(Id scorecard) {
  static const std::string k_sql =
      std::string("SELECT ") + k_item_columns + " FROM review_items WHERE scorecard_id = $1 ORDER BY key";
  auto r = m_c.run(k_sql.c_str(), PgParams().add(scorecard));
  return all_rows<ScoreItem>(r, [](const PgRow& row) { return read_item(row); });
}

std::vector<Id> ReviewRepoPg::insert_scorecards(const std::vector<Scorecard>& cards) {
  if (cards.empty()) return {};
  json::array rows;
  rows.reserve(cards.size());
  for (const auto& c : cards)
    rows.push_back(json::object{{"cycle_id", c.cycle_id},
                                {"engineer_id", c.engineer_id},
                                {"team_id", opt(c.team_id)},
                                {"total_milli", c.total_milli},
                                {"self_assessment", opt(c.self_assessment)},
                                {"self_assessed_at", opt_ms(c.self_assessed_at)},
                                {"created_at", to_millis(c.created_at)},
                                {"updated_at", to_millis(c.updated_at)}});
  auto r = m_c.run(
      "INSERT INTO review_scorecards (cycle_id, engineer_id, team_id, total_milli, self_assessment, "
      "self_assessed_at, created_at, updated_at) SELECT cycle_id, engineer_id, team_id, total_milli, "
      "self_assessment, self_assessed_at, created_at, updated_at FROM json_to_recordset($1::json) AS "
      "x(cycle_id bigint, engineer_id bigint, team_id bigint, total_milli bigint, self_assessment text, "
      "self_assessed_at bigint, created_at bigint, updated_at bigint) RETURNING id, cycle_id, engineer_id",
      PgParams().add(json::serialize(rows)));
  std::map<std::pair<Id, Id>, Id> id_of;
  for (int i = 0; i < r.rows(); ++i) {
    PgRow row(r, i);
    id_of[{row.int64(1), row.int64(2)}] = row.int64(0);
  }
  std::vector<Id> ids;
  std::vector<std::pair<Id, const ScoreItem*>> items;
  for (const auto& c : cards) {
    const Id id = id_of.at({c.cycle_id, c.engineer_id});
    ids.push_back(id);
    for (const auto& i : c.items)
      items.emplace_back(id, &i);
  }
  insert_items(items);
  return ids;
}

void ReviewRepoPg::update_scorecard(const Scorecard& c) {
  m_c.run(
      "UPDATE review_scorecards SET team_id = $1, total_milli = $2, self_assessment = $3, self_assessed_at = "
      "$4, "
      "updated_at = $5 WHERE id = $6",
      PgParams()
          .add(c.team_id)
          .add(c.total_milli)
          .add(c.self_assessment)
          .add(opt_millis(c.self_assessed_at))
          .add(to_millis(c.updated_at))
          .add(c.id));
}

void ReviewRepoPg::replace_items(const std::vector<Scorecard>& cards) {
  if (cards.empty()) return;
  std::vector<std::pair<Id, const ScoreItem*>> items;
  std::string ids = "{";
  for (std::size_t n = 0; n < cards.size(); ++n) {
    const auto& c = cards[n];
    ids += (n ? "," : "") + std::to_string(c.id);
    for (const auto& i : c.items)
      items.emplace_back(c.id, &i);
  }
  ids += "}";
  m_c.run("DELETE FROM review_items WHERE scorecard_id = ANY($1::bigint[])", PgParams().add(ids));
  insert_items(items);
}

void ReviewRepoPg::save_item(Id scorecard, const ScoreItem& i) {
  m_c.run(
      "UPDATE review_items SET num = $1, den = $2, score_tenths = $3, explain_zh = $4, explain_en = $5, note "
      "= $6, "
      "scored_by = $7, scored_at = $8 WHERE scorecard_id = $9 AND key = $10",
      PgParams()
          .add(i.num)
          .add(i.den)
          .add(i.score_tenths)
          .add(i.explain_zh)
          .add(i.explain_en)
          .add(i.note)
          .add(i.scored_by)
          .add(opt_millis(i.scored_at))
          .add(scorecard)
          .add(i.key));
}

std::optional<Scorecard> ReviewRepoPg::find_scorecard(Id id) {
  static const std::string k_sql = scorecard_select() + "WHERE id = $1";
  auto r = m_c.run(k_sql.c_str(), PgParams().add(id));
  if (r.rows() == 0) return std::nullopt;
  Scorecard c = read_scorecard(PgRow(r, 0));
  c.items = items_of(c.id);
  return c;
}

std::optional<Scorecard> ReviewRepoPg::find_scorecard_of(Id cycle, Id engineer) {
  static const std::string k_sql = scorecard_select() + "WHERE cycle_id = $1 AND engineer_id = $2";
  auto r = m_c.run(k_sql.c_str(), PgParams().add(cycle).add(engineer));
  if (r.rows() == 0) return std::nullopt;
  Scorecard c = read_scorecard(PgRow(r, 0));
  c.items = items_of(c.id);
  return c;
}

std::vector<Scorecard> ReviewRepoPg::list_scorecards(Id cycle, bool with_items) {
  static const std::string k_sql = scorecard_select() + "WHERE cycle_id = $1 ORDER BY id";
  auto r = m_c.run(k_sql.c_str(), PgParams().add(cycle));
  std::vector<Scorecard> out = all_rows<Scorecard>(r, [](const PgRow& row) { return read_scorecard(row); });
  if (with_items) {
    std::map<Id, std::size_t> at;
    for (std::size_t i = 0; i < out.size(); ++i)
      at[out[i].id] = i;
    static const std::string k_items =
        std::string("SELECT i.") + k_item_columns +
        " FROM review_items i JOIN review_scorecards s ON s.id = i.scorecard_id WHERE s.cycle_id = $1 "
        "ORDER BY i.scorecard_id, i.key";
    auto ri = m_c.run(k_items.c_str(), PgParams().add(cycle));
    for (int i = 0; i < ri.rows(); ++i) {
      PgRow row(ri, i);
      out[at.at(row.int64(0))].items.push_back(read_item(row));
    }
  }
  return out;
}

std::vector<std::pair<std::string, Id>> ReviewRepoPg::scorecards_of_engineer(Id engineer) {
  auto r = m_c.run(
      "SELECT c.month, s.id FROM review_scorecards s JOIN review_cycles c ON c.id = s.cycle_id "
      "WHERE s.engineer_id = $1 ORDER BY c.month DESC",
      PgParams().add(engineer));
  return all_rows<std::pair<std::string, Id>>(
      r, [](const PgRow& row) { return std::pair<std::string, Id>(row.text(0), row.int64(1)); });
}

std::vector<std::pair<Id, std::string>> ReviewRepoPg::engineer_names(Id cycle) {
  auto r = m_c.run(
      "SELECT u.id, u.name FROM review_scorecards s JOIN users u ON u.id = s.engineer_id WHERE s.cycle_id = "
      "$1",
      PgParams().add(cycle));
  return all_rows<std::pair<Id, std::string>>(
      r, [](const PgRow& row) { return std::pair<Id, std::string>(row.int64(0), row.text(1)); });
}

// ---- appeals ----

Id ReviewRepoPg::insert_appeal(const Appeal& a) {
  auto r = m_c.run(
      "INSERT INTO review_appeals (scorecard_id, item_key, reason, state, answer, old_score_tenths, "
      "new_score_tenths, created_by, created_at, answered_by, answered_at) VALUES ($1, $2, $3, $4, $5, $6, "
      "$7, $8, "
      "$9, $10, $11) RETURNING id",
      PgParams()
          .add(a.scorecard_id)
          .add(a.item_key)
          .add(a.reason)
          .add(name(a.state))
          .add(a.answer)
          .add(a.old_score_tenths)
          .add(a.new_score_tenths)
          .add(a.created_by)
          .add(to_millis(a.created_at))
          .add(a.answered_by)
          .add(opt_millis(a.answered_at)));
  return PgRow(r, 0).int64(0);
}

void ReviewRepoPg::update_appeal(const Appeal& a) {
  m_c.run(
      "UPDATE review_appeals SET state = $1, answer = $2, new_score_tenths = $3, answered_by = $4, "
      "answered_at = $5 "
      "WHERE id = $6",
      PgParams()
          .add(name(a.state))
          .add(a.answer)
          .add(a.new_score_tenths)
          .add(a.answered_by)
          .add(opt_millis(a.answered_at))
          .add(a.id));
}

std::optional<Appeal> ReviewRepoPg::find_appeal(Id id) {
  static const std::string k_sql = appeal_select() + "WHERE id = $1";
  auto r = m_c.run(k_sql.c_str(), PgParams().add(id));
  if (r.rows() == 0) return std::nullopt;
  return read_appeal(PgRow(r, 0));
}

std::vector<Appeal> ReviewRepoPg::appeals_of(Id scorecard) {
  static const std::string k_sql = appeal_select() + "WHERE scorecard_id = $1 ORDER BY id";
  auto r = m_c.run(k_sql.c_str(), PgParams().add(scorecard));
  return all_rows<Appeal>(r, [](const PgRow& row) { return read_appeal(row); });
}

std::vector<Appeal> ReviewRepoPg::appeals_of_cycle(Id cycle) {
  static const std::string k_sql =
      appeal_select() +
      "WHERE scorecard_id IN (SELECT id FROM review_scorecards WHERE cycle_id = $1) ORDER BY id";
  auto r = m_c.run(k_sql.c_str(), PgParams().add(cycle));
  return all_rows<Appeal>(r, [](const PgRow& row) { return read_appeal(row); });
}

// ---- audit ----

void ReviewRepoPg::insert_event(const ReviewEvent& e) {
  m_c.run(
      "INSERT INTO review_events (cycle_id, scorecard_id, actor_id, at, action, item_key, before, after) "
      "VALUES ($1, $2, $3, $4, $5, $6, $7, $8)",
      PgParams()
          .add(e.cycle_id)
          .add(e.scorecard_id)
          .add(e.actor_id)
          .add(to_millis(e.at))
          .add(e.action)
          .add(e.item_key)
          .add(e.before)
          .add(e.after));
}

std::vector<ReviewEvent> ReviewRepoPg::events_of_cycle(Id cycle) {
  static const std::string k_sql =
      std::string("SELECT ") + k_review_event_columns + " FROM review_events WHERE cycle_id = $1 ORDER BY id";
  auto r = m_c.run(k_sql.c_str(), PgParams().add(cycle));
  return all_rows<ReviewEvent>(r, [](const PgRow& row) { return read_review_event(row); });
}

std::vector<MonthTotal> ReviewRepoPg::published_totals(const std::vector<std::string>& months) {
  std::string list = "{";
  for (std::size_t i = 0; i < months.size(); ++i)
    list += (i ? "," : "") + months[i];  // YYYY-MM: nothing to quote
  list += "}";
  auto r = m_c.run(
      "SELECT c.month, s.engineer_id, u.name, s.total_milli FROM review_cycles c "
      "JOIN review_scorecards s ON s.cycle_id = c.id JOIN users u ON u.id = s.engineer_id "
      "WHERE c.month = ANY($1::text[]) AND c.state = 'published' ORDER BY c.month, s.engineer_id",
      PgParams().add(list));
  return all_rows<MonthTotal>(r, [](const PgRow& row) {
    return MonthTotal{row.text(0), row.int64(1), row.text(2), row.int64(3)};
  });
}

}  // namespace techdesk::storage::postgres
