// What jobs need from storage. Implemented by each backend; leasing uses FOR UPDATE SKIP LOCKED on
// PostgreSQL and the single writer on SQLite, so two workers never hold one job at once.
#pragma once

#include <optional>
#include <string>
#include <vector>

#include "jobs/job.h"

namespace techdesk::jobs {

class JobRepo {
 public:
  virtual ~JobRepo() = default;

  // Queues a job; nullopt when dedupe_key is given and a job with that key exists.
  virtual std::optional<Id> enqueue(const std::string& kind, const std::string& payload, Timestamp run_at,
                                    const std::optional<std::string>& dedupe_key, Timestamp now) = 0;
  // Leases the job due first: queued and due, or running with an expired lease (its worker died).
  virtual std::optional<Job> lease(const std::string& owner, Timestamp now, Timestamp lease_until) = 0;
  // Renews the lease and stores the job's progress. False when `owner` no longer holds the job.
  virtual bool checkpoint(Id id, const std::string& owner, const std::string& payload,
                          Timestamp lease_until) = 0;
  // Ends the job. False when `owner` no longer holds it.
  virtual bool finish(Id id, const std::string& owner, JobState state, const std::string& error,
                      Timestamp now) = 0;
  // Gives a failed attempt back to the queue for a later try.
  virtual bool retry_later(Id id, const std::string& owner, const std::string& error, Timestamp run_at) = 0;
  virtual std::optional<Job> find_job(Id id) = 0;
  virtual std::vector<Job> recent_jobs(int limit) = 0;
};

class JobTx {
 public:
  virtual ~JobTx() = default;
  virtual JobRepo& jobs() = 0;
};

}  // namespace techdesk::jobs
