// All SQL of the job queue on PostgreSQL. Leasing skips rows another node is leasing at this moment
// (FOR UPDATE SKIP LOCKED), so nodes never wait for each other or take the same job.
#include "storage/postgres/pg_util.h"
#include "storage/postgres/repos_pg.h"
#include "storage/row_mapping.h"

namespace techdesk::storage::postgres {

using namespace jobs;

std::optional<Id> JobRepoPg::enqueue(const std::string& kind, const std::string& payload, Timestamp run_at,
                                     const std::optional<std::string>& dedupe_key, Timestamp now) {
  auto r = m_c.run(
      "INSERT INTO jobs (kind, payload, state, run_at, dedupe_key, created_at) VALUES ($1, $2, 'queued', $3, "
      "$4, $5) "
      "ON CONFLICT (dedupe_key) DO NOTHING RETURNING id",
      PgParams().add(kind).add(payload).add(to_millis(run_at)).add(dedupe_key).add(to_millis(now)));
  if (r.rows() == 0) return std::nullopt;
  return PgRow(r, 0).int64(0);
}

std::optional<Job> JobRepoPg::lease(const std::string& owner, Timestamp now, Timestamp lease_until) {
  static const std::string k_sql =
      std::string(
          "UPDATE jobs SET state = 'running', lease_owner = $1, lease_until = $2, attempts = attempts + 1 "
          "WHERE id = (SELECT id FROM jobs WHERE (state = 'queued' AND run_at <= $3) "
          "OR (state = 'running' AND lease_until < $3) ORDER BY run_at, id LIMIT 1 FOR UPDATE SKIP LOCKED) "
          "RETURNING ") +
      k_job_columns;
  auto r = m_c.run(k_sql.c_str(), PgParams().add(owner).add(to_millis(lease_until)).add(to_millis(now)));
  if (r.rows() == 0) return std::nullopt;
  PgRow row(r, 0);
  return read_job(row);
}

bool JobRepoPg::checkpoint(Id id, const std::string& owner, const std::string& payload,
                           Timestamp lease_until) {
  auto r = m_c.run(
      "UPDATE jobs SET payload = $1, lease_until = $2 WHERE id = $3 AND lease_owner = $4 AND state = "
      "'running'",
      PgParams().add(payload).add(to_millis(lease_until)).add(id).add(owner));
  return r.affected() == 1;
}

bool JobRepoPg::finish(Id id, const std::string& owner, JobState state, const std::string& error,
                       Timestamp now) {
  auto r = m_c.run(
      "UPDATE jobs SET state = $1, last_error = $2, finished_at = $3, lease_until = NULL "
      "WHERE id = $4 AND lease_owner = $5 AND state = 'running'",
      PgParams().add(name(state)).add(error).add(to_millis(now)).add(id).add(owner));
  return r.affected() == 1;
}

bool JobRepoPg::retry_later(Id id, const std::string& owner, const std::string& error, Timestamp run_at) {
  auto r = m_c.run(
      "UPDATE jobs SET state = 'queued', last_error = $1, run_at = $2, lease_until = NULL "
      "WHERE id = $3 AND lease_owner = $4 AND state = 'running'",
      PgParams().add(error).add(to_millis(run_at)).add(id).add(owner));
  return r.affected() == 1;
}

std::optional<Job> JobRepoPg::find_job(Id id) {
  static const std::string k_sql = std::string("SELECT ") + k_job_columns + " FROM jobs WHERE id = $1";
  auto r = m_c.run(k_sql.c_str(), PgParams().add(id));
  if (r.rows() == 0) return std::nullopt;
  PgRow row(r, 0);
  return read_job(row);
}

std::vector<Job> JobRepoPg::recent_jobs(int limit) {
  static const std::string k_sql =
      std::string("SELECT ") + k_job_columns + " FROM jobs ORDER BY id DESC LIMIT $1";
  return all_rows<Job>(m_c.run(k_sql.c_str(), PgParams().add(limit)),
                       [](PgRow& row) { return read_job(row); });
}

}  // namespace techdesk::storage::postgres
