// The periodic maintenance job: deletes expired sessions and Idempotency-Key records older than a
// day, in batches, checkpointing its totals after each batch (so a takeover resumes the count), with an
// optional pause between batches to spare a busy database.
//
// Payload: {"batch": 500, "throttle_ms": 0, "sessions_deleted": 0, "keys_deleted": 0}
#pragma once

#include <functional>

#include "common/error.h"
#include "jobs/worker.h"

namespace techdesk::jobs {

inline constexpr const char* k_purge_job = "maintenance.purge";

struct PurgeTargets {
  // Each deletes at most `limit` rows and returns how many it deleted.
  std::function<Result<int>(int limit)> expired_sessions;
  std::function<Result<int>(int limit)> old_idempotency_keys;
};

JobHandler purge_handler(PurgeTargets targets);

// Checks an administrator's payload for the purge job: a JSON object with optional positive integers
// "batch" (≤ 10000) and "throttle_ms" (≤ 10000). Errors name the field.
Result<std::string> normalise_purge_payload(const std::string& payload);

}  // namespace techdesk::jobs
