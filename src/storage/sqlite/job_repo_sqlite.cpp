// All SQL of the job queue on SQLite. Leasing needs no row locks: the single writer serialises it.
#include "storage/row_mapping.h"
#include "storage/sqlite/repos.h"

namespace techdesk::storage::sqlite {

using namespace jobs;

std::optional<Id> JobRepoSqlite::enqueue(const std::string& kind, const std::string& payload,
                                         Timestamp run_at, const std::optional<std::string>& dedupe_key,
                                         Timestamp now) {
  auto q = m_c.query(
      "INSERT INTO jobs (kind, payload, state, run_at, dedupe_key, created_at) VALUES (?, ?, 'queued', ?, ?, "
      "?) "
      "ON CONFLICT (dedupe_key) DO NOTHING");
  q.bind(1, kind).bind(2, payload).bind(3, to_millis(run_at)).bind(4, dedupe_key).bind(5, to_millis(now));
  q.run();
  if (m_c.changes() == 0) return std::nullopt;
  return m_c.last_insert_rowid();
}

std::optional<Job> JobRepoSqlite::lease(const std::string& owner, Timestamp now, Timestamp lease_until) {
  static const std::string k_sql =
      std::string(
          "UPDATE jobs SET state = 'running', lease_owner = ?1, lease_until = ?2, "
          "attempts = attempts + 1 WHERE id = (SELECT id FROM jobs WHERE "
          "(state = 'queued' AND run_at <= ?3) OR (state = 'running' AND lease_until < ?3) "
          "ORDER BY run_at, id LIMIT 1) RETURNING ") +
      k_job_columns;
  auto q = m_c.query(k_sql.c_str());
  q.bind(1, owner).bind(2, to_millis(lease_until)).bind(3, to_millis(now));
  if (!q.step()) return std::nullopt;
  Job j = read_job(q);
  while (q.step()) {
  }
  return j;
}

bool JobRepoSqlite::checkpoint(Id id, const std::string& owner, const std::string& payload,
                               Timestamp lease_until) {
  m_c.query(
         "UPDATE jobs SET payload = ?, lease_until = ? WHERE id = ? AND lease_owner = ? AND state = "
         "'running'")
      .bind(1, payload)
      .bind(2, to_millis(lease_until))
      .bind(3, id)
      .bind(4, owner)
      .run();
  return m_c.changes() == 1;
}

bool JobRepoSqlite::finish(Id id, const std::string& owner, JobState state, const std::string& error,
                           Timestamp now) {
  m_c.query(
         "UPDATE jobs SET state = ?, last_error = ?, finished_at = ?, lease_until = NULL "
         "WHERE id = ? AND lease_owner = ? AND state = 'running'")
      .bind(1, name(state))
      .bind(2, error)
      .bind(3, to_millis(now))
      .bind(4, id)
      .bind(5, owner)
      .run();
  return m_c.changes() == 1;
}

bool JobRepoSqlite::retry_later(Id id, const std::string& owner, const std::string& error, Timestamp run_at) {
  m_c.query(
         "UPDATE jobs SET state = 'queued', last_error = ?, run_at = ?, lease_until = NULL "
         "WHERE id = ? AND lease_owner = ? AND state = 'running'")
      .bind(1, error)
      .bind(2, to_millis(run_at))
      .bind(3, id)
      .bind(4, owner)
      .run();
  return m_c.changes() == 1;
}

std::optional<Job> JobRepoSqlite::find_job(Id id) {
  static const std::string k_sql = std::string("SELECT ") + k_job_columns + " FROM jobs WHERE id = ?";
  auto q = m_c.query(k_sql.c_str());
  q.bind(1, id);
  if (!q.step()) return std::nullopt;
  return read_job(q);
}

std::vector<Job> JobRepoSqlite::recent_jobs(int limit) {
  static const std::string k_sql =
      std::string("SELECT ") + k_job_columns + " FROM jobs ORDER BY id DESC LIMIT ?";
  auto q = m_c.query(k_sql.c_str());
  q.bind(1, limit);
  std::vector<Job> out;
  while (q.step())
    out.push_back(read_job(q));
  return out;
}

}  // namespace techdesk::storage::sqlite
