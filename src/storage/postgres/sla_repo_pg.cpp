// All SQL of the SLA engine and of notifications on PostgreSQL. A ticket's record is read FOR UPDATE
// when it is about to change, so two nodes never fire the same timer.
#include <algorithm>

#include "common/time.h"
#include "sla/business_clock.h"
#include "sla/sla_json.h"
#include "storage/postgres/pg_util.h"
#include "storage/postgres/repos_pg.h"
#include "storage/row_mapping.h"
#include "storage/sla_report_sql.h"
#include "storage/sla_rows.h"

namespace techdesk::storage::postgres {

using namespace sla;

std::vector<Calendar> SlaRepoPg::list_calendars() {
  return all_rows<Calendar>(m_c.run("SELECT id, document, updated_at FROM calendars ORDER BY id"),
                            [](PgRow& r) { return read_calendar_row(r); });
}

std::optional<Calendar> SlaRepoPg::find_calendar(Id id) {
  auto r = m_c.run("SELECT id, document, updated_at FROM calendars WHERE id = $1", PgParams().add(id));
  if (r.rows() == 0) return std::nullopt;
  PgRow row(r, 0);
  return read_calendar_row(row);
}

Result<Id> SlaRepoPg::insert_calendar(const Calendar& c) {
  auto r = m_c.run_constraint(
      "INSERT INTO calendars (name, document, updated_at) VALUES ($1, $2, $3) RETURNING id",
      PgParams().add(c.name).add(calendar_document(c)).add(to_millis(c.updated_at)));
  if (!r) return Error::conflict("a calendar named " + c.name + " exists", "name");
  return PgRow(*r, 0).int64(0);
}

Result<void> SlaRepoPg::update_calendar(const Calendar& c) {
  auto r = m_c.run_constraint(
      "UPDATE calendars SET name = $1, document = $2, updated_at = $3 WHERE id = $4",
      PgParams().add(c.name).add(calendar_document(c)).add(to_millis(c.updated_at)).add(c.id));
  if (!r) return Error::conflict("a calendar named " + c.name + " exists", "name");
  return ok();
}

void SlaRepoPg::delete_calendar(Id id) {
  m_c.run("DELETE FROM calendars WHERE id = $1", PgParams().add(id));
}

int SlaRepoPg::policies_using_calendar(Id calendar) {
  auto r = m_c.run("SELECT count(*) FROM sla_policies WHERE calendar_id = $1", PgParams().add(calendar));
  return static_cast<int>(PgRow(r, 0).int64(0));
}

std::vector<Policy> SlaRepoPg::list_policies() {
  return all_rows<Policy>(m_c.run("SELECT id, document, updated_at FROM sla_policies ORDER BY position, id"),
                          [](PgRow& r) { return read_policy_row(r); });
}

std::optional<Policy> SlaRepoPg::find_policy(Id id) {
  auto r = m_c.run("SELECT id, document, updated_at FROM sla_policies WHERE id = $1", PgParams().add(id));
  if (r.rows() == 0) return std::nullopt;
  PgRow row(r, 0);
  return read_policy_row(row);
}

Result<Id> SlaRepoPg::insert_policy(const Policy& p) {
  auto r = m_c.run_constraint(
      "INSERT INTO sla_policies (name, position, active, calendar_id, document, updated_at) VALUES ($1, $2, "
      "$3, $4, $5, $6) "
      "RETURNING id",
      PgParams()
          .add(p.name)
          .add(p.position)
          .add(p.active)
          .add(p.calendar_id)
          .add(policy_document(p))
          .add(to_millis(p.updated_at)));
  if (!r) return Error::conflict("a policy named " + p.name + " exists", "name");
  return PgRow(*r, 0).int64(0);
}

Result<void> SlaRepoPg::update_policy(const Policy& p) {
  auto r = m_c.run_constraint(
      "UPDATE sla_policies SET name = $1, position = $2, active = $3, calendar_id = $4, document = $5, "
      "updated_at = $6 "
      "WHERE id = $7",
      PgParams()
          .add(p.name)
          .add(p.position)
          .add(p.active)
          .add(p.calendar_id)
          .add(policy_document(p))
          .add(to_millis(p.updated_at))
          .add(p.id));
  if (!r) return Error::conflict("a policy named " + p.name + " exists", "name");
  return ok();
}

void SlaRepoPg::delete_policy(Id id) {
  m_c.run("DELETE FROM sla_policies WHERE id = $1", PgParams().add(id));
}

int SlaRepoPg::tickets_under_policy(Id policy) {
  auto r = m_c.run("SELECT count(*) FROM ticket_sla WHERE policy_id = $1", PgParams().add(policy));
  return static_cast<int>(PgRow(r, 0).int64(0));
}

std::optional<ticket::TicketSla> SlaRepoPg::find_ticket_sla(Id ticket, bool lock) {
  static const std::string k_sql =
      std::string("SELECT ") + k_ticket_sla_columns + " FROM ticket_sla WHERE ticket_id = $1";
  static const std::string k_locking = k_sql + " FOR UPDATE";
  auto r = m_c.run(lock ? k_locking.c_str() : k_sql.c_str(), PgParams().add(ticket));
  if (r.rows() == 0) return std::nullopt;
  PgRow row(r, 0);
  return read_ticket_sla(row, 0);
}

void SlaRepoPg::save_ticket_sla(const ticket::TicketSla& s) {
  static const std::string k_sql = [] {
    std::string placeholders, updates;
    for (int i = 1; i <= k_ticket_sla_column_count; ++i)
      placeholders += (i > 1 ? ", $" : "$") + std::to_string(i);
    std::string_view rest = k_ticket_sla_columns;
    while (!rest.empty()) {
      auto comma = rest.find(',');
      std::string col(rest.substr(0, comma));
      while (!col.empty() && col.front() == ' ')
        col.erase(0, 1);
      if (col != "ticket_id") updates += (updates.empty() ? "" : ", ") + col + " = excluded." + col;
      rest = comma == std::string_view::npos ? std::string_view{} : rest.substr(comma + 1);
    }
    return std::string("INSERT INTO ticket_sla (") + k_ticket_sla_columns + ") VALUES (" + placeholders +
           ") ON CONFLICT (ticket_id) DO UPDATE SET " + updates;
  }();
  PgParams p;
  bind_ticket_sla(p, s);
  m_c.run(k_sql.c_str(), p);
}

namespace {

// A PostgreSQL array literal, one column of many records, for unnest(): {1,NULL,3} or {"a","b\"c"}.
class ArrayLiteral {
 public:
  ArrayLiteral& add(std::int64_t v) {
    next();
    m_text += std::to_string(v);
    return *this;
  }
  ArrayLiteral& add(std::string_view v) {
    next();
    m_text += '"';
    for (char c : v) {
      if (c == '"' || c == '\\') m_text += '\\';
      m_text += c;
    }
    m_text += '"';
    return *this;
  }
  template <class T>
  ArrayLiteral& add(const std::optional<T>& v) {
    if (v) return add(static_cast<std::int64_t>(*v));
    next();
    m_text += "NULL";
    return *this;
  }
  std::string text() const { return m_text + "}"; }

 private:
  void next() { m_text += m_text.size() > 1 ? "," : ""; }
  std::string m_text = "{";
};

std::optional<std::int64_t> millis(const std::optional<Timestamp>& t) {
  return as_millis(t);
}

// The due-time columns, the same for both statements below: arrays $1 … $9.
constexpr const char* k_due_time_columns[] = {
    "first_response_warn", "first_response_due", "first_response_second",
    "resolution_warn",     "resolution_due",     "resolution_second",
    "next_update_due",     "next_check",         "nearest_due"};

void add_due_times(std::vector<ArrayLiteral>& a, const ticket::TicketSla& s) {
  a[0].add(millis(s.first_response_warn));
  a[1].add(millis(s.first_response_due));
  a[2].add(millis(s.first_response_second));
  a[3].add(millis(s.resolution_warn));
  a[4].add(millis(s.resolution_due));
  a[5].add(millis(s.resolution_second));
  a[6].add(millis(s.next_update_due));
  a[7].add(millis(s.next_check));
  a[8].add(millis(s.nearest_due));
}

// The guard's arrays (SlaRepo::ScheduleGuard), after the ticket ids, and its conditions.
constexpr const char* k_guard_columns[] = {"g_next_check",         "g_stopped_since", "g_first_response_at",
                                           "g_last_public_update", "g_stopped",       "g_policy_id",
                                           "g_priority",           "g_flags"};
constexpr const char* k_guard_types[] = {"bigint", "bigint", "bigint", "bigint",
                                         "bigint", "bigint", "text",   "integer"};
constexpr const char* k_guard_conditions =
    " AND s.next_check IS NOT DISTINCT FROM u.g_next_check AND s.stopped_since IS NOT DISTINCT FROM "
    "u.g_stopped_since AND s.first_response_at IS NOT DISTINCT FROM u.g_first_response_at AND "
    "s.last_public_update IS NOT DISTINCT FROM u.g_last_public_update AND s.stopped_ms = u.g_stopped AND "
    "s.policy_id = u.g_policy_id AND s.priority = u.g_priority AND s.first_response_warned::int + 2 * "
    "s.first_response_breached::int + 4 * s.first_response_escalated::int + 8 * s.resolution_warned::int + "
    "16 * "
    "s.resolution_breached::int + 32 * s.resolution_escalated::int + 64 * s.next_update_breached::int = "
    "u.g_flags";

// "UPDATE ticket_sla s SET c = u.c, … FROM unnest($1::bigint[], …) AS u (c, …) WHERE s.ticket_id =
// u.ticket_id RETURNING s.ticket_id": the due times first, then `extra` (column, array type), then the
// ticket ids, then (`guarded`) the guard's values and conditions.
std::string bulk_update(const std::vector<std::pair<const char*, const char*>>& extra, bool guarded) {
  std::vector<std::pair<const char*, const char*>> cols;
  for (const char* c : k_due_time_columns)
    cols.emplace_back(c, "bigint");
  cols.insert(cols.end(), extra.begin(), extra.end());
  std::string sets, arrays, names;
  int i = 0;
  for (const auto& [col, type] : cols) {
    ++i;
    sets += std::string(i > 1 ? ", " : "") + col + " = u." + col;
    arrays += std::string(i > 1 ? ", $" : "$") + std::to_string(i) + "::" + type + "[]";
    names += std::string(i > 1 ? ", " : "") + col;
  }
  arrays += ", $" + std::to_string(++i) + "::bigint[]";
  names += ", ticket_id";
  if (guarded)
    for (std::size_t g = 0; g < std::size(k_guard_columns); ++g) {
      arrays += ", $" + std::to_string(++i) + "::" + k_guard_types[g] + "[]";
      names += std::string(", ") + k_guard_columns[g];
    }
  return "UPDATE ticket_sla s SET " + sets + " FROM unnest(" + arrays + ") AS u (" + names +
         ") WHERE s.ticket_id = u.ticket_id" + (guarded ? k_guard_conditions : "") + " RETURNING s.ticket_id";
}

}  // namespace

std::vector<Id> SlaRepoPg::save_ticket_sla_schedules(std::span<const ScheduleWrite> writes) {
  // One statement per kind of change (and guard) for the whole batch instead of a round trip per
  // record; the statement answers which records it wrote.
  static const std::vector<std::pair<const char*, const char*>> k_terms = {
      {"policy_name", "text"},
      {"priority", "text"},
      {"first_response_target", "integer"},
      {"next_update_target", "integer"},
      {"resolution_target", "integer"},
      {"warn_percent", "integer"},
      {"second_level_percent", "integer"},
      {"pause_states", "text"}};
  static const std::vector<std::pair<const char*, const char*>> k_policy = [] {
    auto cols = k_terms;
    cols.insert(cols.end(), {{"policy_id", "bigint"}, {"calendar_id", "bigint"}, {"why", "text"}});
    return cols;
  }();
  static const std::string k_sql[2][3] = {
      {bulk_update({}, false), bulk_update(k_terms, false), bulk_update(k_policy, false)},
      {bulk_update({}, true), bulk_update(k_terms, true), bulk_update(k_policy, true)}};
  std::vector<Id> missed;
  for (bool guarded : {false, true})
    for (ScheduleChange kind : {ScheduleChange::due_times, ScheduleChange::terms, ScheduleChange::policy}) {
      const std::size_t columns = kind == ScheduleChange::due_times ? 9
                                  : kind == ScheduleChange::terms   ? 17
                                                                    : 20;
      std::vector<ArrayLiteral> a(columns);
      ArrayLiteral ids;
      std::vector<ArrayLiteral> g(std::size(k_guard_columns));
      std::vector<Id> sent;
      for (const ScheduleWrite& w : writes) {
        if (w.change != kind || (w.guard != nullptr) != guarded) continue;
        const ticket::TicketSla& s = *w.sla;
        add_due_times(a, s);
        if (kind != ScheduleChange::due_times) {
          a[9].add(std::string_view(s.policy_name));
          a[10].add(ticket::name(s.priority));
          a[11].add(s.first_response_target);
          a[12].add(s.next_update_target);
          a[13].add(s.resolution_target);
          a[14].add(static_cast<std::int64_t>(s.warn_percent));
          a[15].add(static_cast<std::int64_t>(s.second_level_percent));
          a[16].add(std::string_view(join_states(s.pause_states)));
        }
        if (kind == ScheduleChange::policy) {
          a[17].add(s.policy_id);
          a[18].add(s.calendar_id);
          a[19].add(std::string_view(s.why));
        }
        ids.add(s.ticket_id);
        if (const ScheduleGuard* guard = w.guard) {
          g[0].add(millis(guard->next_check));
          g[1].add(millis(guard->stopped_since));
          g[2].add(millis(guard->first_response_at));
          g[3].add(millis(guard->last_public_update));
          g[4].add(static_cast<std::int64_t>(guard->stopped.count()));
          g[5].add(guard->policy_id);
          g[6].add(ticket::name(guard->priority));
          g[7].add(static_cast<std::int64_t>(guard->flags));
        }
        sent.push_back(s.ticket_id);
      }
      if (sent.empty()) continue;
      PgParams p;
      for (const auto& col : a)
        p.add(col.text());
      p.add(ids.text());
      if (guarded)
        for (const auto& col : g)
          p.add(col.text());
      auto r = m_c.run(k_sql[guarded ? 1 : 0][static_cast<int>(kind)].c_str(), p);
      std::vector<Id> written = all_rows<Id>(r, [](PgRow& q) { return q.int64(0); });
      std::sort(written.begin(), written.end());
      for (Id id : sent)
        if (!std::binary_search(written.begin(), written.end(), id)) missed.push_back(id);
    }
  return missed;
}

std::vector<Id> SlaRepoPg::tickets_updated_since(Timestamp since, Id first, Id last) {
  auto r = m_c.run("SELECT id FROM tickets WHERE updated_at >= $1 AND id BETWEEN $2 AND $3 ORDER BY id",
                   PgParams().add(to_millis(since)).add(first).add(last));
  return all_rows<Id>(r, [](PgRow& q) { return q.int64(0); });
}

std::vector<Id> SlaRepoPg::due_tickets(Timestamp now, int limit) {
  return all_rows<Id>(m_c.run("SELECT ticket_id FROM ticket_sla WHERE next_check IS NOT NULL AND next_check "
                              "<= $1 ORDER BY next_check "
                              "LIMIT $2 FOR UPDATE SKIP LOCKED",
                              PgParams().add(to_millis(now)).add(limit)),
                      [](PgRow& r) { return r.int64(0); });
}

std::size_t SlaRepoPg::recompute_rows(Id after, bool open_only, int limit, bool lock,
                                      std::vector<RecomputeRow>& rows) {
  static const std::string k_select =
      std::string("SELECT ") + k_recompute_columns +
      " FROM ticket_sla s JOIN tickets t ON t.id = s.ticket_id WHERE s.ticket_id > "
      "$1 AND (NOT $2 OR t.state NOT IN ('resolved', 'closed', 'cancelled')) ORDER "
      "BY s.ticket_id LIMIT $3";
  static const std::string k_locked = k_select + " FOR UPDATE OF s";
  auto r = m_c.run((lock ? k_locked : k_select).c_str(), PgParams().add(after).add(open_only).add(limit));
  const auto n = static_cast<std::size_t>(r.rows());
  if (rows.size() < n) rows.resize(n);
  std::string pause_text;
  for (std::size_t i = 0; i < n; ++i) {
    PgRow q(r, static_cast<int>(i));
    read_recompute_row(q, rows[i], i > 0 ? &rows[i - 1] : nullptr, pause_text);
  }
  return n;
}

std::int64_t SlaRepoPg::estimate_tickets_with_sla(bool open_only) {
  auto r = m_c.run(
      "SELECT least((SELECT count(*) FROM ticket_sla), CASE WHEN $1 THEN (SELECT count(*) FROM tickets WHERE "
      "state NOT IN ('resolved', 'closed', 'cancelled')) ELSE (SELECT count(*) FROM ticket_sla) END)",
      PgParams().add(open_only));
  return PgRow(r, 0).int64(0);
}

std::vector<ComplianceRow> SlaRepoPg::compliance(Timestamp from, Timestamp to, GroupBy by, Timestamp now,
                                                 const std::string& zone) {
  const SqlDialect pg{true, "ILIKE"};
  std::vector<ComplianceRow> out;
  if (by == GroupBy::month) {
    static const std::string k_sql = compliance_sql(GroupBy::month, pg);
    for (const auto& m : month_ranges(from, to, zone)) {
      auto r =
          m_c.run(k_sql.c_str(), PgParams().add(to_millis(m.from)).add(to_millis(m.to)).add(to_millis(now)));
      PgRow row(r, 0);
      auto c = read_compliance(row);
      c.group = m.label;
      out.push_back(c);
    }
    return out;
  }
  auto r = m_c.run_dynamic(compliance_sql(by, pg),
                           PgParams().add(to_millis(from)).add(to_millis(to)).add(to_millis(now)));
  return all_rows<ComplianceRow>(r, [](PgRow& q) { return read_compliance(q); });
}

// ---- notifications ----

namespace {
notify::Notification read_notification(PgRow& q) {
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

Id NotifyRepoPg::insert_notification(const notify::Notification& n) {
  auto r = m_c.run(
      "INSERT INTO notifications (user_id, kind, ticket_id, title, body, created_at) VALUES ($1, $2, $3, $4, "
      "$5, $6) "
      "RETURNING id",
      PgParams()
          .add(n.user_id)
          .add(n.kind)
          .add(n.ticket_id)
          .add(n.title)
          .add(n.data)
          .add(to_millis(n.created_at)));
  return PgRow(r, 0).int64(0);
}

std::vector<notify::Notification> NotifyRepoPg::list_notifications(Id user, bool unread_only,
                                                                   std::optional<Id> before, int limit) {
  return all_rows<notify::Notification>(
      m_c.run("SELECT id, user_id, kind, ticket_id, title, body, created_at, read_at FROM notifications "
              "WHERE user_id = $1 "
              "AND (NOT $2 OR read_at IS NULL) AND id < $3 ORDER BY id DESC LIMIT $4",
              PgParams().add(user).add(unread_only).add(before.value_or(INT64_MAX)).add(limit)),
      [](PgRow& r) { return read_notification(r); });
}

int NotifyRepoPg::count_unread(Id user) {
  auto r = m_c.run("SELECT count(*) FROM notifications WHERE user_id = $1 AND read_at IS NULL",
                   PgParams().add(user));
  return static_cast<int>(PgRow(r, 0).int64(0));
}

bool NotifyRepoPg::mark_read(Id user, Id id, Timestamp at) {
  auto r = m_c.run("UPDATE notifications SET read_at = coalesce(read_at, $1) WHERE id = $2 AND user_id = $3",
                   PgParams().add(to_millis(at)).add(id).add(user));
  return r.affected() == 1;
}

int NotifyRepoPg::mark_all_read(Id user, Timestamp at) {
  auto r = m_c.run("UPDATE notifications SET read_at = $1 WHERE user_id = $2 AND read_at IS NULL",
                   PgParams().add(to_millis(at)).add(user));
  return r.affected();
}

}  // namespace techdesk::storage::postgres
