// All SQL of the SLA engine and of notifications on PostgreSQL. A ticket's record is read FOR UPDATE
// when it is about to change, so two nodes never fire the same timer.
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

void SlaRepoPg::save_ticket_sla_schedule(const ticket::TicketSla& s) {
  static const std::string k_sql = ticket_sla_schedule_update("$");
  PgParams p;
  bind_ticket_sla_schedule(p, s);
  m_c.run(k_sql.c_str(), p);
}

std::vector<Id> SlaRepoPg::due_tickets(Timestamp now, int limit) {
  return all_rows<Id>(m_c.run("SELECT ticket_id FROM ticket_sla WHERE next_check IS NOT NULL AND next_check "
                              "<= $1 ORDER BY next_check "
                              "LIMIT $2 FOR UPDATE SKIP LOCKED",
                              PgParams().add(to_millis(now)).add(limit)),
                      [](PgRow& r) { return r.int64(0); });
}

std::vector<SlaRepo::RecomputeRow> SlaRepoPg::recompute_rows(Id after, bool open_only, int limit) {
  static const std::string k_sql =
      "SELECT " + prefixed_ticket_sla_columns("s.") +
      ", t.state, t.priority, t.type, t.category_id, t.organization_id FROM ticket_sla s JOIN tickets t ON "
      "t.id = s.ticket_id WHERE s.ticket_id > $1 AND (NOT $2 OR t.state NOT IN ('resolved', 'closed', "
      "'cancelled')) "
      "ORDER BY s.ticket_id LIMIT $3 FOR UPDATE OF s";
  auto r = m_c.run(k_sql.c_str(), PgParams().add(after).add(open_only).add(limit));
  const int c = k_ticket_sla_column_count;
  return all_rows<RecomputeRow>(r, [&](PgRow& q) {
    RecomputeRow row;
    row.sla = *read_ticket_sla(q, 0);
    row.ticket.id = row.sla.ticket_id;
    row.ticket.state = ticket::parse_state(q.text(c)).value_or(ticket::State::new_);
    row.ticket.priority = ticket::parse_priority(q.text(c + 1)).value_or(ticket::Priority::P3);
    row.ticket.type = ticket::parse_ticket_type(q.text(c + 2)).value_or(ticket::TicketType::incident);
    row.ticket.category_id = q.opt_int64(c + 3);
    row.ticket.organization_id = q.opt_int64(c + 4);
    return row;
  });
}

std::int64_t SlaRepoPg::count_tickets_with_sla(bool open_only) {
  auto r = m_c.run(
      "SELECT count(*) FROM ticket_sla s JOIN tickets t ON t.id = s.ticket_id WHERE (NOT $1 OR t.state NOT "
      "IN "
      "('resolved', 'closed', 'cancelled'))",
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
