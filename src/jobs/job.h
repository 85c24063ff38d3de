// Background work as leased jobs. A job sits in the database; a worker on some node leases it (for a
// while), runs it, and completes it. A node that dies stops renewing its leases; when a lease runs
// out another node's worker takes the job over and resumes from its last checkpoint. So each job runs
// to completion once in the cluster, whichever nodes live.
#pragma once

#include <optional>
#include <string>

#include "common/clock.h"
#include "common/id.h"

namespace techdesk::jobs {

enum class JobState { queued, running, done, failed };

std::string_view name(JobState s);
std::optional<JobState> parse_job_state(std::string_view s);

struct Job {
  Id id = 0;
  std::string kind;     // e.g. "maintenance.purge"
  std::string payload;  // JSON object; a checkpointing job keeps its progress here
  JobState state = JobState::queued;
  Timestamp run_at{};
  int attempts = 0;                        // leases taken so far
  std::optional<std::string> lease_owner;  // the worker that holds or last held it
  std::optional<Timestamp> lease_until;
  std::string last_error;
  std::optional<std::string> dedupe_key;  // at most one job per key (periodic jobs use the period)
  Timestamp created_at{};
  std::optional<Timestamp> finished_at;
};

}  // namespace techdesk::jobs
