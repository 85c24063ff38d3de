// Report settings and scheduled reports on SQLite (the rest of reports is in report_repo_sqlite.cpp).
// SQLite has one writer at a time, so the due schedules a write transaction reads cannot be taken by
// another transaction before it commits: due_schedules needs no lock of its own.
#include "storage/report_schedule_rows.h"
#include "storage/sqlite/report_repo_sqlite.h"
#include "storage/sqlite/sql_util.h"

namespace techdesk::storage::sqlite {

using namespace report;

namespace {

// name … created_at, all but id, from parameter 1 on; returns the next.
int bind_schedule(Query& q, const ReportSchedule& s) {
  int i = 1;
  q.bind(i++, s.name);
  q.bind(i++, s.report);
  q.bind(i++, std::string(name(s.frequency)));
  q.bind(i++, s.params_json);
  q.bind(i++, recipients_to_json(s.recipients));
  q.bind(i++, s.format);
  q.bind(i++, s.active ? 1 : 0);
  q.bind(i++, to_millis(s.next_run_at));
  q.bind(i++, opt_millis(s.last_run_at));
  q.bind(i++, s.created_by);
  q.bind(i++, to_millis(s.created_at));
  return i;
}

}  // namespace

// ---- settings ----

std::optional<std::string> ReportRepoSqlite::settings_json() {
  auto q = m_c.query("SELECT settings FROM report_settings WHERE id = 1");
  if (!q.step()) return std::nullopt;
  return q.text(0);
}

void ReportRepoSqlite::save_settings_json(const std::string& json, Timestamp at) {
  m_c.query(
         "INSERT INTO report_settings (id, settings, updated_at) VALUES (1, ?, ?) ON CONFLICT (id) DO UPDATE "
         "SET "
         "settings = excluded.settings, updated_at = excluded.updated_at")
      .bind(1, json)
      .bind(2, to_millis(at))
      .run();
}

// ---- schedules ----

std::vector<ReportSchedule> ReportRepoSqlite::list_schedules() {
  static const std::string k_sql =
      std::string("SELECT ") + k_report_schedule_columns + " FROM report_schedules ORDER BY id";
  auto q = m_c.query(k_sql.c_str());
  std::vector<ReportSchedule> out;
  while (q.step())
    out.push_back(read_report_schedule(q));
  return out;
}

std::optional<ReportSchedule> ReportRepoSqlite::find_schedule(Id id) {
  static const std::string k_sql =
      std::string("SELECT ") + k_report_schedule_columns + " FROM report_schedules WHERE id = ?";
  auto q = m_c.query(k_sql.c_str());
  q.bind(1, id);
  if (!q.step()) return std::nullopt;
  return read_report_schedule(q);
}

Id ReportRepoSqlite::insert_schedule(const ReportSchedule& s) {
  auto q = m_c.query(
      "INSERT INTO report_schedules (name, report, frequency, params, recipients, format, active, "
      "next_run_at, "
      "last_run_at, created_by, created_at) VALUES (?,?,?,?,?,?,?,?,?,?,?)");
  bind_schedule(q, s);
  q.run();
  return m_c.last_insert_rowid();
}

void ReportRepoSqlite::update_schedule(const ReportSchedule& s) {
  auto q = m_c.query(
      "UPDATE report_schedules SET name = ?, report = ?, frequency = ?, params = ?, recipients = ?, format = "
      "?, "
      "active = ?, next_run_at = ?, last_run_at = ?, created_by = ?, created_at = ? WHERE id = ?");
  q.bind(bind_schedule(q, s), s.id);
  q.run();
}

void ReportRepoSqlite::delete_schedule(Id id) {
  m_c.query("DELETE FROM report_schedules WHERE id = ?").bind(1, id).run();
}

std::vector<ReportSchedule> ReportRepoSqlite::due_schedules(Timestamp now, int limit) {
  static const std::string k_sql = std::string("SELECT ") + k_report_schedule_columns +
                                   " FROM report_schedules WHERE active = 1 AND next_run_at <= ? ORDER BY "
                                   "next_run_at, id LIMIT ?";
  auto q = m_c.query(k_sql.c_str());
  q.bind(1, to_millis(now)).bind(2, limit);
  std::vector<ReportSchedule> out;
  while (q.step())
    out.push_back(read_report_schedule(q));
  return out;
}

}  // namespace techdesk::storage::sqlite
