// Administrators look at background jobs and queue maintenance by hand.
#pragma once

#include <string>
#include <vector>

#include "common/clock.h"
#include "common/tx.h"
#include "identity/types.h"
#include "jobs/job_store.h"

namespace techdesk::jobs {

class JobService {
 public:
  JobService(TxRunner<JobTx>& store, const Clock& clock) : m_store(store), m_clock(clock) {}

  Result<std::vector<Job>> recent(const identity::Principal& actor, int limit);
  Result<Job> get(const identity::Principal& actor, Id id);
  // Only the kinds administrators may queue (today: maintenance.purge), with a checked payload.
  Result<Job> enqueue(const identity::Principal& actor, const std::string& kind, const std::string& payload);

 private:
  TxRunner<JobTx>& m_store;
  const Clock& m_clock;
};

}  // namespace techdesk::jobs
