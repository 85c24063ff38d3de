// All SQL of the SLA engine and of notifications on SQLite.
#include <algorithm>

#include "common/time.h"
#include "sla/business_clock.h"
#include "sla/sla_json.h"
#include "storage/row_mapping.h"
#include "storage/sla_report_sql.h"
#include "storage/sla_rows.h"
#include "storage/sqlite/repos.h"

namespace techdesk::storage::sqlite {

using namespace sla;

namespace {

// PgParams-style chaining over an SQLite query, for the binders shared with PostgreSQL.
class Binder {
 public:
  explicit Binder(Query& q) : m_q(q) {}
  template <class T>
  Binder& add(const T& v) {
    m_q.bind(m_i++, v);
    return *this;
  }

 private:
  Query& m_q;
  int m_i = 1;
};

// For "UPDATE … SET c2 = ?1, …, cN = ?(N-1) WHERE c1 = ?N": the first value bound goes last.
class UpdateBinder {
 public:
  UpdateBinder(Query& q, int columns) : m_q(q), m_columns(columns) {}
  template <class T>
  UpdateBinder& add(const T& v) {
    m_q.bind(m_i == 0 ? m_columns : m_i, v);
    ++m_i;
    return *this;
  }

 private:
  Query& m_q;
  int m_columns;
  int m_i = 0;
};

}  // namespace

std::vector<Calendar> SlaRepoSqlite::list_calendars() {
  auto q = m_c.query("SELECT id, document, updated_at FROM calendars ORDER BY id");
  std::vector<Calendar> out;
  while (q.step())
    out.push_back(read_calendar_row(q));
  return out;
}

std::optional<Calendar> SlaRepoSqlite::find_calendar(Id id) {
  auto q = m_c.query("SELECT id, document, updated_at FROM calendars WHERE id = ?");
  q.bind(1, id);
  if (!q.step()) return std::nullopt;
  return read_calendar_row(q);
}

Result<Id> SlaRepoSqlite::insert_calendar(const Calendar& c) {
  auto q = m_c.query("INSERT INTO calendars (name, document, updated_at) VALUES (?, ?, ?)");
  q.bind(1, c.name).bind(2, calendar_document(c)).bind(3, to_millis(c.updated_at));
  if (!q.step_constraint()) return Error::conflict("a calendar named " + c.name + " exists", "name");
  return m_c.last_insert_rowid();
}

Result<void> SlaRepoSqlite::update_calendar(const Calendar& c) {
  auto q = m_c.query("UPDATE calendars SET name = ?, document = ?, updated_at = ? WHERE id = ?");
  q.bind(1, c.name).bind(2, calendar_document(c)).bind(3, to_millis(c.updated_at)).bind(4, c.id);
  if (!q.step_constraint()) return Error::conflict("a calendar named " + c.name + " exists", "name");
  return ok();
}

void SlaRepoSqlite::delete_calendar(Id id) {
  m_c.query("DELETE FROM calendars WHERE id = ?").bind(1, id).run();
}

int SlaRepoSqlite::policies_using_calendar(Id calendar) {
  auto q = m_c.query("SELECT count(*) FROM sla_policies WHERE calendar_id = ?");
  q.bind(1, calendar);
  q.step();
  return static_cast<int>(q.int64(0));
}

std::vector<Policy> SlaRepoSqlite::list_policies() {
  auto q = m_c.query("SELECT id, document, updated_at FROM sla_policies ORDER BY position, id");
  std::vector<Policy> out;
  while (q.step())
    out.push_back(read_policy_row(q));
  return out;
}

std::optional<Policy> SlaRepoSqlite::find_policy(Id id) {
  auto q = m_c.query("SELECT id, document, updated_at FROM sla_policies WHERE id = ?");
  q.bind(1, id);
  if (!q.step()) return std::nullopt;
  return read_policy_row(q);
}

Result<Id> SlaRepoSqlite::insert_policy(const Policy& p) {
  auto q = m_c.query(
      "INSERT INTO sla_policies (name, position, active, calendar_id, document, updated_at) VALUES (?, ?, ?, "
      "?, ?, ?)");
  q.bind(1, p.name)
      .bind(2, p.position)
      .bind(3, p.active)
      .bind(4, p.calendar_id)
      .bind(5, policy_document(p))
      .bind(6, to_millis(p.updated_at));
  if (!q.step_constraint()) return Error::conflict("a policy named " + p.name + " exists", "name");
  return m_c.last_insert_rowid();
}

Result<void> SlaRepoSqlite::update_policy(const Policy& p) {
  auto q = m_c.query(
      "UPDATE sla_policies SET name = ?, position = ?, active = ?, calendar_id = ?, document = ?, updated_at "
      "= ? "
      "WHERE id = ?");
  q.bind(1, p.name)
      .bind(2, p.position)
      .bind(3, p.active)
      .bind(4, p.calendar_id)
      .bind(5, policy_document(p))
      .bind(6, to_millis(p.updated_at))
      .bind(7, p.id);
  if (!q.step_constraint()) return Error::conflict("a policy named " + p.name + " exists", "name");
  return ok();
}

void SlaRepoSqlite::delete_policy(Id id) {
  m_c.query("DELETE FROM sla_policies WHERE id = ?").bind(1, id).run();
}

int SlaRepoSqlite::tickets_under_policy(Id policy) {
  auto q = m_c.query("SELECT count(*) FROM ticket_sla WHERE policy_id = ?");
  q.bind(1, policy);
  q.step();
  return static_cast<int>(q.int64(0));
}

std::optional<ticket::TicketSla> SlaRepoSqlite::find_ticket_sla(Id ticket,
                                                                bool /*lock: the writer is alone*/) {
  static const std::string k_sql =
      std::string("SELECT ") + k_ticket_sla_columns + " FROM ticket_sla WHERE ticket_id = ?";
  auto q = m_c.query(k_sql.c_str());
  q.bind(1, ticket);
  if (!q.step()) return std::nullopt;
  return read_ticket_sla(q, 0);
}

void SlaRepoSqlite::save_ticket_sla(const ticket::TicketSla& s) {
  // An UPDATE touches only the index entries whose values change (INSERT OR REPLACE would delete and
  // re-insert the row and every index entry); a new record is inserted.
  static const std::string k_update = [] {
    std::string sets;
    std::string_view rest = k_ticket_sla_columns;
    bool first = true;
    while (!rest.empty()) {
      auto comma = rest.find(',');
      std::string col(rest.substr(0, comma));
      while (!col.empty() && col.front() == ' ')
        col.erase(0, 1);
      if (!first) sets += (sets.empty() ? "" : ", ") + col + " = ?";
      first = false;
      rest = comma == std::string_view::npos ? std::string_view{} : rest.substr(comma + 1);
    }
    return "UPDATE ticket_sla SET " + sets + " WHERE ticket_id = ?";
  }();
  static const std::string k_insert = [] {
    std::string placeholders;
    for (int i = 0; i < k_ticket_sla_column_count; ++i)
      placeholders += i ? ", ?" : "?";
    return std::string("INSERT INTO ticket_sla (") + k_ticket_sla_columns + ") VALUES (" + placeholders + ")";
  }();
  {
    // The binder writes ticket_id first; the UPDATE wants it last, so bind through an offset.
    auto q = m_c.query(k_update.c_str());
    UpdateBinder b(q, k_ticket_sla_column_count);
    bind_ticket_sla(b, s);
    q.run();
    if (m_c.changes() == 1) return;
  }
  auto q = m_c.query(k_insert.c_str());
  Binder b(q);
  bind_ticket_sla(b, s);
  q.run();
}

namespace {

// A guarded write's conditions (SlaRepo::ScheduleGuard), values ?31 … ?38.
constexpr const char* k_guard =
    " AND next_check IS ?31 AND stopped_since IS ?32 AND first_response_at IS ?33 AND last_public_update IS "
    "?34 "
    "AND stopped_ms = ?35 AND policy_id = ?36 AND priority = ?37 AND first_response_warned + 2 * "
    "first_response_breached + 4 * first_response_escalated + 8 * resolution_warned + 16 * "
    "resolution_breached + "
    "32 * resolution_escalated + 64 * next_update_breached = ?38";

}  // namespace

std::vector<Id> SlaRepoSqlite::save_ticket_sla_schedules(std::span<const ScheduleWrite> writes) {
  // One prepared UPDATE per record by its rowid, naming only what changed. A statement that may change
  // a foreign key (policy_id, calendar_id) is checked and keeps a statement journal, which SQLite cuts
  // back after every statement by walking the transaction's in-memory journal from its start: on a
  // batch of a thousand records that walk was most of the time. Only a move to another policy pays it.
  static const std::string k_policy = ticket_sla_schedule_update("?");
  static const std::string k_terms =
      "UPDATE ticket_sla SET first_response_warn = ?1, first_response_due = ?2, first_response_second = ?3, "
      "resolution_warn = ?4, resolution_due = ?5, resolution_second = ?6, next_update_due = ?7, next_check = "
      "?8, nearest_due = ?9, policy_name = ?11, priority = ?12, first_response_target = ?13, "
      "next_update_target = ?14, resolution_target = ?15, warn_percent = ?16, second_level_percent = ?17, "
      "pause_states = ?18 WHERE ticket_id = ?10";
  static const std::string k_due_times =
      "UPDATE ticket_sla SET first_response_warn = ?1, first_response_due = ?2, first_response_second = ?3, "
      "resolution_warn = ?4, resolution_due = ?5, resolution_second = ?6, next_update_due = ?7, next_check = "
      "?8, nearest_due = ?9 WHERE ticket_id = ?10";
  static const std::string k_policy_guarded = k_policy + k_guard;
  static const std::string k_terms_guarded = k_terms + k_guard;
  static const std::string k_due_times_guarded = k_due_times + k_guard;
  Statement* statements[2][3] = {
      {&m_c.prepare(k_due_times.c_str()), &m_c.prepare(k_terms.c_str()), &m_c.prepare(k_policy.c_str())},
      {&m_c.prepare(k_due_times_guarded.c_str()), &m_c.prepare(k_terms_guarded.c_str()),
       &m_c.prepare(k_policy_guarded.c_str())}};
  std::vector<Id> missed;
  for (const ScheduleWrite& w : writes) {
    const ticket::TicketSla& s = *w.sla;
    Query q(*statements[w.guard ? 1 : 0][static_cast<int>(w.change)]);
    if (w.change == ScheduleChange::policy) {
      Binder b(q);
      bind_ticket_sla_schedule(b, s);
    } else {
      q.bind(1, as_millis(s.first_response_warn))
          .bind(2, as_millis(s.first_response_due))
          .bind(3, as_millis(s.first_response_second))
          .bind(4, as_millis(s.resolution_warn))
          .bind(5, as_millis(s.resolution_due))
          .bind(6, as_millis(s.resolution_second))
          .bind(7, as_millis(s.next_update_due))
          .bind(8, as_millis(s.next_check))
          .bind(9, as_millis(s.nearest_due))
          .bind(10, s.ticket_id);
      if (w.change == ScheduleChange::terms)
        q.bind(11, s.policy_name)
            .bind(12, ticket::name(s.priority))
            .bind(13, s.first_response_target)
            .bind(14, s.next_update_target)
            .bind(15, s.resolution_target)
            .bind(16, s.warn_percent)
            .bind(17, s.second_level_percent)
            .bind(18, join_states(s.pause_states));
    }
    if (const ScheduleGuard* g = w.guard)
      q.bind(31, as_millis(g->next_check))
          .bind(32, as_millis(g->stopped_since))
          .bind(33, as_millis(g->first_response_at))
          .bind(34, as_millis(g->last_public_update))
          .bind(35, static_cast<std::int64_t>(g->stopped.count()))
          .bind(36, g->policy_id)
          .bind(37, ticket::name(g->priority))
          .bind(38, g->flags);
    q.run();
    if (m_c.changes() == 0) missed.push_back(s.ticket_id);
  }
  return missed;
}

std::vector<Id> SlaRepoSqlite::tickets_updated_since(Timestamp since, Id first, Id last) {
  // By the updated_at index: `+id` keeps SQLite off the id range (and off the table in id order, for
  // the ORDER BY), which would read every ticket of the range.
  auto q = m_c.query("SELECT id FROM tickets WHERE updated_at >= ? AND +id BETWEEN ? AND ? ORDER BY +id");
  q.bind(1, to_millis(since)).bind(2, first).bind(3, last);
  std::vector<Id> out;
  while (q.step())
    out.push_back(q.int64(0));
  return out;
}

namespace {
// As migration 0005_sla.sql creates it.
constexpr const char* k_create_due_index =
    "CREATE INDEX IF NOT EXISTS ticket_sla_next_check ON ticket_sla (next_check) WHERE next_check IS NOT "
    "NULL";
}  // namespace

bool SlaRepoSqlite::set_aside_due_index(std::int64_t changes) {
  // Building the index reads every record once, at about a sixth of what keeping it in step costs a
  // changed record (1.4 s per million records against 8 s per million changes): it pays from a quarter.
  std::int64_t records = 0;
  {
    auto q = m_c.query("SELECT count(*) FROM ticket_sla");
    q.step();
    records = q.int64(0);
  }
  if (changes * 4 < records) return false;
  m_c.exec("DROP INDEX IF EXISTS ticket_sla_next_check");
  return true;
}

void SlaRepoSqlite::restore_due_index() {
  {
    auto q = m_c.query("SELECT 1 FROM sqlite_schema WHERE type = 'index' AND name = 'ticket_sla_next_check'");
    if (q.step()) return;
  }
  // Building it sorts every record's next check: a second sorter thread takes 15 % off (1.25 s instead
  // of 1.46 s for a million records).
  m_c.exec("PRAGMA threads = 2");
  m_c.exec(k_create_due_index);
  m_c.exec("PRAGMA threads = 0");
}

std::vector<Id> SlaRepoSqlite::due_tickets(Timestamp now, int limit) {
  auto q = m_c.query(
      "SELECT ticket_id FROM ticket_sla WHERE next_check IS NOT NULL AND next_check <= ? ORDER BY next_check "
      "LIMIT ?");
  q.bind(1, to_millis(now)).bind(2, limit);
  std::vector<Id> out;
  while (q.step())
    out.push_back(q.int64(0));
  return out;
}

std::size_t SlaRepoSqlite::recompute_rows(Id after, bool open_only, int limit, bool /*lock*/,
                                          std::vector<RecomputeRow>& rows) {
  // A write transaction holds the only writer's lock already: nothing to lock row by row.
  static const std::string k_sql =
      std::string("SELECT ") + k_recompute_columns +
      " FROM ticket_sla s JOIN tickets t ON t.id = s.ticket_id WHERE s.ticket_id > ? "
      "AND (? = 0 OR t.state NOT IN ('resolved', 'closed', 'cancelled')) ORDER BY "
      "s.ticket_id LIMIT ?";
  auto q = m_c.query(k_sql.c_str());
  q.bind(1, after).bind(2, open_only ? 1 : 0).bind(3, limit);
  std::size_t n = 0;
  std::string pause_text;
  while (q.step()) {
    if (n == rows.size()) rows.emplace_back();
    read_recompute_row(q, rows[n], n > 0 ? &rows[n - 1] : nullptr, pause_text);
    ++n;
  }
  return n;
}

std::int64_t SlaRepoSqlite::estimate_tickets_with_sla(bool open_only) {
  auto q = m_c.query(
      "SELECT min((SELECT count(*) FROM ticket_sla), CASE WHEN ? = 0 THEN (SELECT count(*) FROM ticket_sla) "
      "ELSE "
      "(SELECT count(*) FROM tickets WHERE state NOT IN ('resolved', 'closed', 'cancelled')) END)");
  q.bind(1, open_only ? 1 : 0);
  q.step();
  return q.int64(0);
}

std::vector<ComplianceRow> SlaRepoSqlite::compliance(Timestamp from, Timestamp to, GroupBy by, Timestamp now,
                                                     const std::string& zone) {
  std::vector<ComplianceRow> out;
  if (by == GroupBy::month) {
    static const std::string k_sql = compliance_sql(GroupBy::month, {});
    for (const auto& m : month_ranges(from, to, zone)) {
      auto q = m_c.query(k_sql.c_str());
      q.bind(1, to_millis(m.from)).bind(2, to_millis(m.to)).bind(3, to_millis(now));
      q.step();
      auto row = read_compliance(q);
      row.group = m.label;
      out.push_back(row);
    }
    return out;
  }
  auto q = m_c.query_dynamic(compliance_sql(by, {}));
  q.bind(1, to_millis(from)).bind(2, to_millis(to)).bind(3, to_millis(now));
  while (q.step())
    out.push_back(read_compliance(q));
  return out;
}

// ---- notifications ----

namespace {
notify::Notification read_notification(Query& q) {
  notify::Notification n;
  n.id = q.int64(0);
  n.user_id = q.int64(1);
  n.kind = q.text(2);
  n.ticket_id = q.opt_int64(3);
  n.title = q.text(4);
  n.data = q.text(5);
  n.created_at = from_millis(q.int64(6));
  n.read_at = as_time(q.opt_int64(7));
  return n;
}
}  // namespace

Id NotifyRepoSqlite::insert_notification(const notify::Notification& n) {
  m_c.query(
         "INSERT INTO notifications (user_id, kind, ticket_id, title, body, created_at) VALUES (?, ?, ?, ?, "
         "?, ?)")
      .bind(1, n.user_id)
      .bind(2, n.kind)
      .bind(3, n.ticket_id)
      .bind(4, n.title)
      .bind(5, n.data)
      .bind(6, to_millis(n.created_at))
      .run();
  return m_c.last_insert_rowid();
}

std::vector<notify::Notification> NotifyRepoSqlite::list_notifications(Id user, bool unread_only,
                                                                       std::optional<Id> before, int limit) {
  auto q = m_c.query(
      "SELECT id, user_id, kind, ticket_id, title, body, created_at, read_at FROM notifications WHERE "
      "user_id = ? "
      "AND (? = 0 OR read_at IS NULL) AND id < ? ORDER BY id DESC LIMIT ?");
  q.bind(1, user).bind(2, unread_only ? 1 : 0).bind(3, before.value_or(INT64_MAX)).bind(4, limit);
  std::vector<notify::Notification> out;
  while (q.step())
    out.push_back(read_notification(q));
  return out;
}

int NotifyRepoSqlite::count_unread(Id user) {
  auto q = m_c.query("SELECT count(*) FROM notifications WHERE user_id = ? AND read_at IS NULL");
  q.bind(1, user);
  q.step();
  return static_cast<int>(q.int64(0));
}

bool NotifyRepoSqlite::mark_read(Id user, Id id, Timestamp at) {
  m_c.query("UPDATE notifications SET read_at = coalesce(read_at, ?) WHERE id = ? AND user_id = ?")
      .bind(1, to_millis(at))
      .bind(2, id)
      .bind(3, user)
      .run();
  return m_c.changes() == 1;
}

int NotifyRepoSqlite::mark_all_read(Id user, Timestamp at) {
  m_c.query("UPDATE notifications SET read_at = ? WHERE user_id = ? AND read_at IS NULL")
      .bind(1, to_millis(at))
      .bind(2, user)
      .run();
  return m_c.changes();
}

}  // namespace techdesk::storage::sqlite
