// SLA administration and reporting: calendars and policies (administrators change them; support staff
// may read them), the compliance report, recomputing tickets after a change, and the defaults a new
// database starts with. Every method authorises the actor and owns its transaction; a change to a
// calendar or policy is announced to every node (live topic sla_config) so their engines reload.
#pragma once

#include <string>
#include <vector>

#include "common/clock.h"
#include "common/tx.h"
#include "identity/types.h"
#include "jobs/job_store.h"
#include "sla/ical.h"
#include "sla/sla_engine.h"
#include "sla/sla_store.h"

namespace techdesk::sla {

inline constexpr const char* k_recompute_job = "sla.recompute";
inline constexpr const char* k_tick_job = "sla.tick";

// A new database gets the PRC business calendar, the 7×24 calendar and the department's default
// policies. Does nothing when any calendar exists; true when it seeded. Safe on several nodes at once.
// Run at every start, it also puts back the due-time index if a recomputation that had set it aside
// was killed (SlaRepo::restore_due_index).
Result<bool> ensure_defaults(TxRunner<SlaTx>& store, Timestamp now);

struct ComplianceQuery {
  Timestamp from{};
  Timestamp to{};
  GroupBy group_by = GroupBy::team;
};

class SlaService {
 public:
  SlaService(TxRunner<SlaTx>& store, TxRunner<jobs::JobTx>& jobs, SlaEngine& engine, const Clock& clock,
             std::string zone = "Asia/Shanghai")
      : m_store(store), m_jobs(jobs), m_engine(engine), m_clock(clock), m_zone(std::move(zone)) {}

  Result<std::vector<Calendar>> calendars(const identity::Principal& actor);
  Result<Calendar> calendar(const identity::Principal& actor, Id id);
  Result<Calendar> create_calendar(const identity::Principal& actor, Calendar c);
  Result<Calendar> replace_calendar(const identity::Principal& actor, Id id, Calendar c);
  // conflict when a policy uses it.
  Result<void> delete_calendar(const identity::Principal& actor, Id id);
  Result<std::string> export_ical(const identity::Principal& actor, Id id);
  // Takes the holidays, make-up days (and working hours, when present) of an iCalendar text into the
  // calendar: `replace` drops the days it had, otherwise they are merged (the imported name wins).
  Result<Calendar> import_ical(const identity::Principal& actor, Id id, std::string_view text, bool replace);

  Result<std::vector<Policy>> policies(const identity::Principal& actor);
  Result<Policy> policy(const identity::Principal& actor, Id id);
  Result<Policy> create_policy(const identity::Principal& actor, Policy p);
  Result<Policy> replace_policy(const identity::Principal& actor, Id id, Policy p);
  // conflict while tickets are held to it (switch it off instead).
  Result<void> delete_policy(const identity::Principal& actor, Id id);

  // Queues the recomputation of open tickets (all tickets when open_only is false) under the current
  // policies and calendars; the job reports its progress.
  Result<jobs::Job> request_recompute(const identity::Principal& actor, bool open_only);

  Result<std::vector<ComplianceRow>> compliance(const identity::Principal& actor, const ComplianceQuery& q);

 private:
  Result<void> check_policy_refs(SlaTx& tx, const Policy& p);
  void announce(SlaTx& tx);

  TxRunner<SlaTx>& m_store;
  TxRunner<jobs::JobTx>& m_jobs;
  SlaEngine& m_engine;
  const Clock& m_clock;
  std::string m_zone;
};

}  // namespace techdesk::sla
