#include "jobs/job_service.h"

#include "identity/policy.h"
#include "jobs/maintenance.h"

namespace techdesk::jobs {

Result<std::vector<Job>> JobService::recent(const identity::Principal& actor, int limit) {
  if (!identity::can_administer(actor))
    return Error::forbidden("only an administrator may see background jobs");
  return m_store.read([&](JobTx& tx) -> Result<std::vector<Job>> { return tx.jobs().recent_jobs(limit); });
}

Result<Job> JobService::get(const identity::Principal& actor, Id id) {
  if (!identity::can_administer(actor))
    return Error::forbidden("only an administrator may see background jobs");
  return m_store.read([&](JobTx& tx) -> Result<Job> {
    auto job = tx.jobs().find_job(id);
    if (!job) return Error::not_found("job");
    return *job;
  });
}

Result<Job> JobService::enqueue(const identity::Principal& actor, const std::string& kind,
                                const std::string& payload) {
  if (!identity::can_administer(actor)) return Error::forbidden("only an administrator may queue jobs");
  if (kind != k_purge_job) return Error::invalid("kind", std::string("kind must be ") + k_purge_job);
  std::string checked = TD_TRY(normalise_purge_payload(payload));
  const Timestamp now = m_clock.now();
  return m_store.write([&](JobTx& tx) -> Result<Job> {
    auto id = tx.jobs().enqueue(kind, checked, now, std::nullopt, now);
    return *tx.jobs().find_job(*id);
  });
}

}  // namespace techdesk::jobs
