#include "app/background.h"

#include "jobs/maintenance.h"

namespace techdesk::app {

using namespace std::chrono_literals;

void register_jobs(jobs::Worker& worker, storage::Store& store, const Clock& clock) {
  jobs::PurgeTargets purge;
  purge.expired_sessions = [&store, &clock](int limit) -> Result<int> {
    return store.identity().write([&](identity::IdentityTx& tx) -> Result<int> {
      return tx.identity().delete_expired_sessions(clock.now(), limit);
    });
  };
  // Idempotency-Key answers are kept for a day: long enough for any client's retries.
  purge.old_idempotency_keys = [&store, &clock](int limit) -> Result<int> {
    return store.purge_idempotency_records(to_millis(clock.now() - 24h), limit);
  };
  worker.add_handler(jobs::k_purge_job, jobs::purge_handler(std::move(purge)));
  worker.add_periodic(jobs::k_purge_job, 1h);
}

}  // namespace techdesk::app
