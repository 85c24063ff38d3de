// The background work of a node: which job kinds its worker runs and which it queues periodically.
// Every node registers the same handlers, so whichever node leases a job can run it.
#pragma once

#include "common/clock.h"
#include "jobs/worker.h"
#include "sla/sla_engine.h"
#include "storage/store.h"

namespace techdesk::app {

// REQUIRES: called before worker.start(); store and clock outlive the worker.
void register_jobs(jobs::Worker& worker, storage::Store& store, const Clock& clock, sla::SlaEngine& sla);

}  // namespace techdesk::app
