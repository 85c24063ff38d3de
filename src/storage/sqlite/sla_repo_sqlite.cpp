// All SQL of the SLA engine and of notifications on SQLite.
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

void SlaRepoSqlite::save_ticket_sla_schedule(const ticket::TicketSla& s) {
  static const std::string k_sql = ticket_sla_schedule_update("?");
  auto q = m_c.query(k_sql.c_str());
  Binder b(q);
  bind_ticket_sla_schedule(b, s);
  q.run();
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

std::vector<SlaRepo::RecomputeRow> SlaRepoSqlite::recompute_rows(Id after, bool open_only, int limit) {
  static const std::string k_sql =
      "SELECT " + prefixed_ticket_sla_columns("s.") +
      ", t.state, t.priority, t.type, t.category_id, t.organization_id FROM ticket_sla s JOIN tickets t ON "
      "t.id = s.ticket_id WHERE s.ticket_id > ? AND (? = 0 OR t.state NOT IN ('resolved', 'closed', "
      "'cancelled')) "
      "ORDER BY s.ticket_id LIMIT ?";
  auto q = m_c.query(k_sql.c_str());
  q.bind(1, after).bind(2, open_only ? 1 : 0).bind(3, limit);
  std::vector<RecomputeRow> out;
  const int c = k_ticket_sla_column_count;
  while (q.step()) {
    RecomputeRow row;
    row.sla = *read_ticket_sla(q, 0);
    row.ticket.id = row.sla.ticket_id;
    row.ticket.state = ticket::parse_state(q.text(c)).value_or(ticket::State::new_);
    row.ticket.priority = ticket::parse_priority(q.text(c + 1)).value_or(ticket::Priority::P3);
    row.ticket.type = ticket::parse_ticket_type(q.text(c + 2)).value_or(ticket::TicketType::incident);
    row.ticket.category_id = q.opt_int64(c + 3);
    row.ticket.organization_id = q.opt_int64(c + 4);
    out.push_back(std::move(row));
  }
  return out;
}

std::int64_t SlaRepoSqlite::count_tickets_with_sla(bool open_only) {
  auto q = m_c.query(
      "SELECT count(*) FROM ticket_sla s JOIN tickets t ON t.id = s.ticket_id WHERE (? = 0 OR t.state NOT IN "
      "('resolved', 'closed', 'cancelled'))");
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
