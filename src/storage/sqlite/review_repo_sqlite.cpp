// All SQL of performance reviews on SQLite. The month's figures are a handful of grouped queries over the
// month's range of each source table (ticket_facts by resolution and by creation time, surveys, complaints,
// knowledge articles), merged per engineer in C++: their cost grows with the month's tickets, not with the
// number of engineers.
#include "storage/sqlite/review_repo_sqlite.h"

#include <map>

#include "storage/review_rows.h"
#include "storage/sqlite/sql_util.h"

namespace techdesk::storage::sqlite {

using namespace report;

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

}  // namespace

// ---- cycles ----

Result<Id> ReviewRepoSqlite::insert_cycle(const Cycle& c) {
  auto q = m_c.query(
      "INSERT INTO review_cycles (month, state, indicators, appeal_days, created_by, created_at, updated_at, "
      "computed_at, published_by, published_at, appeal_until) VALUES (?,?,?,?,?,?,?,?,?,?,?)");
  q.bind(1, c.month)
      .bind(2, c.published ? "published" : "draft")
      .bind(3, indicators_text(c.indicators))
      .bind(4, c.appeal_days)
      .bind(5, c.created_by)
      .bind(6, to_millis(c.created_at))
      .bind(7, to_millis(c.updated_at))
      .bind(8, opt_millis(c.computed_at))
      .bind(9, c.published_by)
      .bind(10, opt_millis(c.published_at))
      .bind(11, opt_millis(c.appeal_until));
  if (!q.step_constraint())
    return Error::conflict("there is a review cycle for " + c.month + " already", "month");
  return m_c.last_insert_rowid();
}

std::optional<Cycle> ReviewRepoSqlite::find_cycle(Id id) {
  static const std::string k_sql = cycle_select() + "WHERE id = ?";
  auto q = m_c.query(k_sql.c_str());
  q.bind(1, id);
  if (!q.step()) return std::nullopt;
  return read_cycle(q);
}

// One writer at a time: reading is holding.
std::optional<Cycle> ReviewRepoSqlite::lock_cycle(Id id) {
  return find_cycle(id);
}

std::optional<Cycle> ReviewRepoSqlite::find_cycle_by_month(const std::string& month) {
  static const std::string k_sql = cycle_select() + "WHERE month = ?";
  auto q = m_c.query(k_sql.c_str());
  q.bind(1, month);
  if (!q.step()) return std::nullopt;
  return read_cycle(q);
}

std::vector<Cycle> ReviewRepoSqlite::list_cycles() {
  static const std::string k_sql = cycle_select() + "ORDER BY month DESC";
  auto q = m_c.query(k_sql.c_str());
  std::vector<Cycle> out;
  while (q.step())
    out.push_back(read_cycle(q));
  return out;
}

void ReviewRepoSqlite::update_cycle(const Cycle& c) {
  m_c.query(
         "UPDATE review_cycles SET state = ?, indicators = ?, appeal_days = ?, updated_at = ?, computed_at = "
         "?, "
         "published_by = ?, published_at = ?, appeal_until = ? WHERE id = ?")
      .bind(1, c.published ? "published" : "draft")
      .bind(2, indicators_text(c.indicators))
      .bind(3, c.appeal_days)
      .bind(4, to_millis(c.updated_at))
      .bind(5, opt_millis(c.computed_at))
      .bind(6, c.published_by)
      .bind(7, opt_millis(c.published_at))
      .bind(8, opt_millis(c.appeal_until))
      .bind(9, c.id)
      .run();
}

int ReviewRepoSqlite::open_appeals(Id cycle) {
  auto q = m_c.query(
      "SELECT count(*) FROM review_appeals a JOIN review_scorecards s ON s.id = a.scorecard_id "
      "WHERE s.cycle_id = ? AND a.state = 'open'");
  q.bind(1, cycle);
  q.step();
  return static_cast<int>(q.int64(0));
}

// ---- the month's figures ----

std::vector<EngineerFigures> ReviewRepoSqlite::figures(Id cycle, Timestamp from, Timestamp to) {
  std::map<Id, EngineerFigures> by;
  std::vector<Id> order;
  {
    static const std::string k_sql =
        std::string(
            "SELECT u.id, u.name, (SELECT min(tm.team_id) FROM team_members tm WHERE tm.user_id = u.id) "
            "FROM users u WHERE (u.active = 1 AND u.role IN ") +
        k_reviewed_roles +
        ") OR u.id IN (SELECT engineer_id FROM review_scorecards WHERE cycle_id = ?) ORDER BY u.id";
    auto q = m_c.query(k_sql.c_str());
    q.bind(1, cycle);
    while (q.step()) {
      EngineerFigures f;
      f.engineer_id = q.int64(0);
      f.name = q.text(1);
      f.team_id = q.opt_int64(2);
      by.emplace(f.engineer_id, f);
      order.push_back(f.engineer_id);
    }
  }
  auto of = [&](Id id) -> EngineerFigures* {
    auto it = by.find(id);
    return it == by.end() ? nullptr : &it->second;
  };
  const std::int64_t lo = to_millis(from), hi = to_millis(to);
  {
    // Tickets whose latest resolution fell in the month: volume, SLA compliance and reopen rate.
    auto q = m_c.query(
        "SELECT f.resolved_by, "
        "sum(CASE WHEN f.state IN ('resolved', 'closed') THEN 1 ELSE 0 END), "
        "sum(CASE WHEN f.state IN ('resolved', 'closed') AND s.resolution_target IS NOT NULL THEN 1 ELSE 0 "
        "END), "
        "sum(CASE WHEN f.state IN ('resolved', 'closed') AND s.resolution_target IS NOT NULL AND NOT "
        "(s.resolution_breached OR (s.resolution_due IS NOT NULL AND coalesce(s.resolved_at, f.resolved_at) "
        "> "
        "s.resolution_due)) THEN 1 ELSE 0 END), "
        "count(*), sum(CASE WHEN f.reopen_count > 0 THEN 1 ELSE 0 END) "
        "FROM ticket_facts f LEFT JOIN ticket_sla s ON s.ticket_id = f.ticket_id "
        "WHERE f.resolved_at >= ? AND f.resolved_at < ? AND f.resolved_by IS NOT NULL AND f.state <> "
        "'cancelled' "
        "GROUP BY f.resolved_by");
    q.bind(1, lo).bind(2, hi);
    while (q.step())
      if (auto* f = of(q.int64(0))) {
        f->resolved = q.int64(1);
        f->sla_total = q.int64(2);
        f->sla_met = q.int64(3);
        f->reopen_base = q.int64(4);
        f->reopened = q.int64(5);
      }
  }
  {
    // Tickets created in the month and assigned to them: resolution rate.
    auto q = m_c.query(
        "SELECT f.assignee_id, count(*), sum(CASE WHEN f.state IN ('resolved', 'closed') THEN 1 ELSE 0 END) "
        "FROM ticket_facts f WHERE f.created_at >= ? AND f.created_at < ? AND f.assignee_id IS NOT NULL "
        "AND f.state <> 'cancelled' GROUP BY f.assignee_id");
    q.bind(1, lo).bind(2, hi);
    while (q.step())
      if (auto* f = of(q.int64(0))) {
        f->assigned = q.int64(1);
        f->assigned_resolved = q.int64(2);
      }
  }
  {
    auto q = m_c.query(
        "SELECT agent_id, count(*), sum(score) FROM surveys WHERE created_at >= ? AND created_at < ? "
        "AND agent_id IS NOT NULL GROUP BY agent_id");
    q.bind(1, lo).bind(2, hi);
    while (q.step())
      if (auto* f = of(q.int64(0))) {
        f->csat_count = q.int64(1);
        f->csat_sum = q.int64(2);
      }
  }
  {
    auto q = m_c.query(
        "SELECT e.user_id, sum(CASE WHEN c.verdict = 'justified' THEN 1 ELSE 0 END), "
        "sum(CASE WHEN c.verdict = 'partly_justified' THEN 1 ELSE 0 END) "
        "FROM complaints c JOIN complaint_engineers e ON e.complaint_id = c.id "
        "WHERE c.created_at >= ? AND c.created_at < ? AND c.verdict IN ('justified', 'partly_justified') "
        "GROUP BY e.user_id");
    q.bind(1, lo).bind(2, hi);
    while (q.step())
      if (auto* f = of(q.int64(0))) {
        f->complaints_justified = q.int64(1);
        f->complaints_partly = q.int64(2);
      }
  }
  {
    auto q = m_c.query(
        "SELECT author_id, count(*) FROM kb_articles WHERE state = 'published' AND published_at >= ? "
        "AND published_at < ? GROUP BY author_id");
    q.bind(1, lo).bind(2, hi);
    while (q.step())
      if (auto* f = of(q.int64(0))) f->kb_published = q.int64(1);
  }
  std::vector<EngineerFigures> out;
  out.reserve(order.size());
  for (Id id : order)
    out.push_back(std::move(by.at(id)));
  return out;
}

// ---- scorecards ----

void ReviewRepoSqlite::insert_items(Id scorecard, const std::vector<ScoreItem>& items) {
  for (const auto& i : items)
    m_c.query(
           "INSERT INTO review_items (scorecard_id, key, num, den, score_tenths, explain_zh, explain_en, "
           "note, "
           "scored_by, scored_at) VALUES (?,?,?,?,?,?,?,?,?,?)")
        .bind(1, scorecard)
        .bind(2, i.key)
        .bind(3, i.num)
        .bind(4, i.den)
        .bind(5, i.score_tenths)
        .bind(6, i.explain_zh)
        .bind(7, i.explain_en)
        .bind(8, i.note)
        .bind(9, i.scored_by)
        .bind(10, opt_millis(i.scored_at))
        .run();
}

std::vector<ScoreItem> ReviewRepoSqlite::items_of(Id scorecard) {
  static const std::string k_sql =
      std::string("SELECT ") + k_item_columns + " FROM review_items WHERE scorecard_id = ? ORDER BY key";
  auto q = m_c.query(k_sql.c_str());
  q.bind(1, scorecard);
  std::vector<ScoreItem> out;
  while (q.step())
    out.push_back(read_item(q));
  return out;
}

std::vector<Id> ReviewRepoSqlite::insert_scorecards(const std::vector<Scorecard>& cards) {
  std::vector<Id> ids;
  ids.reserve(cards.size());
  for (const auto& c : cards) {
    m_c.query(
           "INSERT INTO review_scorecards (cycle_id, engineer_id, team_id, total_milli, self_assessment, "
           "self_assessed_at, created_at, updated_at) VALUES (?,?,?,?,?,?,?,?)")
        .bind(1, c.cycle_id)
        .bind(2, c.engineer_id)
        .bind(3, c.team_id)
        .bind(4, c.total_milli)
        .bind(5, c.self_assessment)
        .bind(6, opt_millis(c.self_assessed_at))
        .bind(7, to_millis(c.created_at))
        .bind(8, to_millis(c.updated_at))
        .run();
    const Id id = m_c.last_insert_rowid();
    insert_items(id, c.items);
    ids.push_back(id);
  }
  return ids;
}

void ReviewRepoSqlite::update_scorecard(const Scorecard& c) {
  m_c.query(
         "UPDATE review_scorecards SET team_id = ?, total_milli = ?, self_assessment = ?, self_assessed_at = "
         "?, "
         "updated_at = ? WHERE id = ?")
      .bind(1, c.team_id)
      .bind(2, c.total_milli)
      .bind(3, c.self_assessment)
      .bind(4, opt_millis(c.self_assessed_at))
      .bind(5, to_millis(c.updated_at))
      .bind(6, c.id)
      .run();
}

void ReviewRepoSqlite::replace_items(const std::vector<Scorecard>& cards) {
  for (const auto& c : cards) {
    m_c.query("DELETE FROM review_items WHERE scorecard_id = ?").bind(1, c.id).run();
    insert_items(c.id, c.items);
  }
}

void ReviewRepoSqlite::save_item(Id scorecard, const ScoreItem& i) {
  m_c.query(
         "UPDATE review_items SET num = ?, den = ?, score_tenths = ?, explain_zh = ?, explain_en = ?, note = "
         "?, "
         "scored_by = ?, scored_at = ? WHERE scorecard_id = ? AND key = ?")
      .bind(1, i.num)
      .bind(2, i.den)
      .bind(3, i.score_tenths)
      .bind(4, i.explain_zh)
      .bind(5, i.explain_en)
      .bind(6, i.note)
      .bind(7, i.scored_by)
      .bind(8, opt_millis(i.scored_at))
      .bind(9, scorecard)
      .bind(10, i.key)
      .run();
}

std::optional<Scorecard> ReviewRepoSqlite::find_scorecard(Id id) {
  static const std::string k_sql = scorecard_select() + "WHERE id = ?";
  std::optional<Scorecard> c;
  {
    auto q = m_c.query(k_sql.c_str());
    q.bind(1, id);
    if (!q.step()) return std::nullopt;
    c = read_scorecard(q);
  }
  c->items = items_of(c->id);
  return c;
}

std::optional<Scorecard> ReviewRepoSqlite::find_scorecard_of(Id cycle, Id engineer) {
  static const std::string k_sql = scorecard_select() + "WHERE cycle_id = ? AND engineer_id = ?";
  std::optional<Scorecard> c;
  {
    auto q = m_c.query(k_sql.c_str());
    q.bind(1, cycle).bind(2, engineer);
    if (!q.step()) return std::nullopt;
    c = read_scorecard(q);
  }
  c->items = items_of(c->id);
  return c;
}

std::vector<Scorecard> ReviewRepoSqlite::list_scorecards(Id cycle, bool with_items) {
  static const std::string k_sql = scorecard_select() + "WHERE cycle_id = ? ORDER BY id";
  std::vector<Scorecard> out;
  std::map<Id, std::size_t> at;
  {
    auto q = m_c.query(k_sql.c_str());
    q.bind(1, cycle);
    while (q.step()) {
      at[q.int64(0)] = out.size();
      out.push_back(read_scorecard(q));
    }
  }
  if (with_items) {
    static const std::string k_items =
        std::string("SELECT i.") + k_item_columns +
        " FROM review_items i JOIN review_scorecards s ON s.id = i.scorecard_id WHERE s.cycle_id = ? "
        "ORDER BY i.scorecard_id, i.key";
    auto q = m_c.query(k_items.c_str());
    q.bind(1, cycle);
    while (q.step())
      out[at.at(q.int64(0))].items.push_back(read_item(q));
  }
  return out;
}

std::vector<std::pair<std::string, Id>> ReviewRepoSqlite::scorecards_of_engineer(Id engineer) {
  auto q = m_c.query(
      "SELECT c.month, s.id FROM review_scorecards s JOIN review_cycles c ON c.id = s.cycle_id "
      "WHERE s.engineer_id = ? ORDER BY c.month DESC");
  q.bind(1, engineer);
  std::vector<std::pair<std::string, Id>> out;
  while (q.step())
    out.emplace_back(q.text(0), q.int64(1));
  return out;
}

std::vector<std::pair<Id, std::string>> ReviewRepoSqlite::engineer_names(Id cycle) {
  auto q = m_c.query(
      "SELECT u.id, u.name FROM review_scorecards s JOIN users u ON u.id = s.engineer_id WHERE s.cycle_id = "
      "?");
  q.bind(1, cycle);
  std::vector<std::pair<Id, std::string>> out;
  while (q.step())
    out.emplace_back(q.int64(0), q.text(1));
  return out;
}

// ---- appeals ----

Id ReviewRepoSqlite::insert_appeal(const Appeal& a) {
  m_c.query(
         "INSERT INTO review_appeals (scorecard_id, item_key, reason, state, answer, old_score_tenths, "
         "new_score_tenths, created_by, created_at, answered_by, answered_at) VALUES (?,?,?,?,?,?,?,?,?,?,?)")
      .bind(1, a.scorecard_id)
      .bind(2, a.item_key)
      .bind(3, a.reason)
      .bind(4, name(a.state))
      .bind(5, a.answer)
      .bind(6, a.old_score_tenths)
      .bind(7, a.new_score_tenths)
      .bind(8, a.created_by)
      .bind(9, to_millis(a.created_at))
      .bind(10, a.answered_by)
      .bind(11, opt_millis(a.answered_at))
      .run();
  return m_c.last_insert_rowid();
}

void ReviewRepoSqlite::update_appeal(const Appeal& a) {
  m_c.query(
         "UPDATE review_appeals SET state = ?, answer = ?, new_score_tenths = ?, answered_by = ?, "
         "answered_at = ? "
         "WHERE id = ?")
      .bind(1, name(a.state))
      .bind(2, a.answer)
      .bind(3, a.new_score_tenths)
      .bind(4, a.answered_by)
      .bind(5, opt_millis(a.answered_at))
      .bind(6, a.id)
      .run();
}

std::optional<Appeal> ReviewRepoSqlite::find_appeal(Id id) {
  static const std::string k_sql = appeal_select() + "WHERE id = ?";
  auto q = m_c.query(k_sql.c_str());
  q.bind(1, id);
  if (!q.step()) return std::nullopt;
  return read_appeal(q);
}

std::vector<Appeal> ReviewRepoSqlite::appeals_of(Id scorecard) {
  static const std::string k_sql = appeal_select() + "WHERE scorecard_id = ? ORDER BY id";
  auto q = m_c.query(k_sql.c_str());
  q.bind(1, scorecard);
  std::vector<Appeal> out;
  while (q.step())
    out.push_back(read_appeal(q));
  return out;
}

std::vector<Appeal> ReviewRepoSqlite::appeals_of_cycle(Id cycle) {
  static const std::string k_sql =
      appeal_select() +
      "WHERE scorecard_id IN (SELECT id FROM review_scorecards WHERE cycle_id = ?) ORDER BY id";
  auto q = m_c.query(k_sql.c_str());
  q.bind(1, cycle);
  std::vector<Appeal> out;
  while (q.step())
    out.push_back(read_appeal(q));
  return out;
}

// ---- audit ----

void ReviewRepoSqlite::insert_event(const ReviewEvent& e) {
  m_c.query(
         "INSERT INTO review_events (cycle_id, scorecard_id, actor_id, at, action, item_key, before, after) "
         "VALUES (?,?,?,?,?,?,?,?)")
      .bind(1, e.cycle_id)
      .bind(2, e.scorecard_id)
      .bind(3, e.actor_id)
      .bind(4, to_millis(e.at))
      .bind(5, e.action)
      .bind(6, e.item_key)
      .bind(7, e.before)
      .bind(8, e.after)
      .run();
}

std::vector<ReviewEvent> ReviewRepoSqlite::events_of_cycle(Id cycle) {
  static const std::string k_sql =
      std::string("SELECT ") + k_review_event_columns + " FROM review_events WHERE cycle_id = ? ORDER BY id";
  auto q = m_c.query(k_sql.c_str());
  q.bind(1, cycle);
  std::vector<ReviewEvent> out;
  while (q.step())
    out.push_back(read_review_event(q));
  return out;
}

std::vector<MonthTotal> ReviewRepoSqlite::published_totals(const std::vector<std::string>& months) {
  std::vector<MonthTotal> out;
  for (const auto& m : months) {
    auto q = m_c.query(
        "SELECT c.month, s.engineer_id, u.name, s.total_milli FROM review_cycles c "
        "JOIN review_scorecards s ON s.cycle_id = c.id JOIN users u ON u.id = s.engineer_id "
        "WHERE c.month = ? AND c.state = 'published' ORDER BY s.engineer_id");
    q.bind(1, m);
    while (q.step())
      out.push_back({q.text(0), q.int64(1), q.text(2), q.int64(3)});
  }
  return out;
}

}  // namespace techdesk::storage::sqlite
