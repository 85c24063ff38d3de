// Report settings and scheduled reports on PostgreSQL (the rest of reports is in report_repo_pg.cpp). The
// due schedules are taken with FOR UPDATE SKIP LOCKED, so that two nodes never run the same one.
#include "storage/postgres/pg_util.h"
#include "storage/postgres/report_repo_pg.h"
#include "storage/report_schedule_rows.h"

namespace techdesk::storage::postgres {

using namespace report;

namespace {

// name … created_at, all but id ($1 … $11).
PgParams schedule_params(const ReportSchedule& s) {
  PgParams p;
  p.add(s.name)
      .add(s.report)
      .add(std::string(name(s.frequency)))
      .add(s.params_json)
      .add(recipients_to_json(s.recipients))
      .add(s.format)
      .add(s.active)
      .add(to_millis(s.next_run_at))
      .add(opt_millis(s.last_run_at))
      .add(s.created_by)
      .add(to_millis(s.created_at));
  return p;
}

}  // namespace

// ---- settings ----

std::optional<std::string> ReportRepoPg::settings_json() {
  auto r = m_c.run("SELECT settings FROM report_settings WHERE id = 1");
  if (r.rows() == 0) return std::nullopt;
  return PgRow(r, 0).text(0);
}

void ReportRepoPg::save_settings_json(const std::string& json, Timestamp at) {
  m_c.run(
      "INSERT INTO report_settings (id, settings, updated_at) VALUES (1, $1, $2) ON CONFLICT (id) DO UPDATE "
      "SET "
      "settings = EXCLUDED.settings, updated_at = EXCLUDED.updated_at",
      PgParams().add(json).add(to_millis(at)));
}

// ---- schedules ----

std::vector<ReportSchedule> ReportRepoPg::list_schedules() {
  static const std::string k_sql =
      std::string("SELECT ") + k_report_schedule_columns + " FROM report_schedules ORDER BY id";
  auto r = m_c.run(k_sql.c_str());
  return all_rows<ReportSchedule>(r, [](const PgRow& row) { return read_report_schedule(row); });
}

std::optional<ReportSchedule> ReportRepoPg::find_schedule(Id id) {
  static const std::string k_sql =
      std::string("SELECT ") + k_report_schedule_columns + " FROM report_schedules WHERE id = $1";
  auto r = m_c.run(k_sql.c_str(), PgParams().add(id));
  if (r.rows() == 0) return std::nullopt;
  PgRow row(r, 0);
  return read_report_schedule(row);
}

Id ReportRepoPg::insert_schedule(const ReportSchedule& s) {
  auto r = m_c.run(
      "INSERT INTO report_schedules (name, report, frequency, params, recipients, format, active, "
      "next_run_at, "
      "last_run_at, created_by, created_at) VALUES ($1,$2,$3,$4,$5,$6,$7,$8,$9,$10,$11) RETURNING id",
      schedule_params(s));
  return PgRow(r, 0).int64(0);
}

void ReportRepoPg::update_schedule(const ReportSchedule& s) {
  m_c.run(
      "UPDATE report_schedules SET name = $1, report = $2, frequency = $3, params = $4, recipients = $5, "
      "format = $6, active = $7, next_run_at = $8, last_run_at = $9, created_by = $10, created_at = $11 "
      "WHERE id = $12",
      schedule_params(s).add(s.id));
}

void ReportRepoPg::delete_schedule(Id id) {
  m_c.run("DELETE FROM report_schedules WHERE id = $1", PgParams().add(id));
}

std::vector<ReportSchedule> ReportRepoPg::due_schedules(Timestamp now, int limit) {
  static const std::string k_sql = std::string("SELECT ") + k_report_schedule_columns +
                                   " FROM report_schedules WHERE active AND next_run_at <= $1 ORDER BY "
                                   "next_run_at, id LIMIT $2 FOR UPDATE SKIP LOCKED";
  auto r = m_c.run(k_sql.c_str(), PgParams().add(to_millis(now)).add(limit));
  return all_rows<ReportSchedule>(r, [](const PgRow& row) { return read_report_schedule(row); });
}

}  // namespace techdesk::storage::postgres
