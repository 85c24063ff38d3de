// What the SLA engine needs from storage: calendars and policies (stored as documents), each ticket's
// clock with the due-time index, and the compliance report. Implemented by each backend; all SQL lives
// in storage/<backend>/sla_repo_<backend>.cpp.
#pragma once

#include <optional>
#include <span>
#include <string>
#include <vector>

#include "notify/notify_store.h"
#include "sla/calendar.h"
#include "sla/policy.h"
#include "ticket/ticket_store.h"
#include "ticket/types.h"

namespace techdesk::sla {

// One group of the compliance report.
struct ComplianceRow {
  std::string group;  // the team, priority, organisation or period; "" when not set
  std::optional<Id> group_id;
  int tickets = 0;
  int first_response_met = 0, first_response_breached = 0, first_response_pending = 0;
  int resolution_met = 0, resolution_breached = 0, resolution_open = 0, resolution_at_risk = 0;
};

enum class GroupBy { team, priority, organization, month, policy };

class SlaRepo {
 public:
  virtual ~SlaRepo() = default;

  virtual std::vector<Calendar> list_calendars() = 0;
  virtual std::optional<Calendar> find_calendar(Id id) = 0;
  // conflict (field "name") when the name is taken.
  virtual Result<Id> insert_calendar(const Calendar& c) = 0;
  virtual Result<void> update_calendar(const Calendar& c) = 0;
  virtual void delete_calendar(Id id) = 0;
  virtual int policies_using_calendar(Id calendar) = 0;

  virtual std::vector<Policy> list_policies() = 0;
  virtual std::optional<Policy> find_policy(Id id) = 0;
  virtual Result<Id> insert_policy(const Policy& p) = 0;
  virtual Result<void> update_policy(const Policy& p) = 0;
  virtual void delete_policy(Id id) = 0;
  virtual int tickets_under_policy(Id policy) = 0;

  // `lock`: the caller will change it (PostgreSQL: FOR UPDATE).
  virtual std::optional<ticket::TicketSla> find_ticket_sla(Id ticket, bool lock) = 0;
  // Inserts or replaces the ticket's record.
  virtual void save_ticket_sla(const ticket::TicketSla& s) = 0;
  // What a recomputation changed in an existing record.
  enum class ScheduleChange {
    due_times,  // the due times and the next check only (a calendar changed)
    terms,      // the policy's terms as well: targets, percentages, pause states, name, priority
    policy,     // all of that, the policy and calendar themselves and why the policy applies
  };
  // What a record held when it was read outside the transaction that writes it back. Every event of
  // its clocks (a reply, a pause, a state or priority change, a warning or breach fired, a move to
  // another policy) changes one of these; a write so guarded applies only while the record still holds
  // them all.
  struct ScheduleGuard {
    std::optional<Timestamp> next_check, stopped_since, first_response_at, last_public_update;
    std::chrono::milliseconds stopped{0};
    Id policy_id = 0;
    ticket::Priority priority = ticket::Priority::P3;
    int flags = 0;  // guard_flags()
  };
  struct ScheduleWrite {
    const ticket::TicketSla* sla;
    ScheduleChange change;
    const ScheduleGuard* guard = nullptr;  // none: the record was read locked in this transaction
  };
  // Writes the recomputed columns of existing records (only those `change` names: the recomputation
  // of a million records writes that much less), in the order given, all in this transaction.
  // PostgreSQL sends them in a few statements rather than one per record. Returns the tickets whose
  // write did not apply: the guard no longer held, or the record is gone.
  virtual std::vector<Id> save_ticket_sla_schedules(std::span<const ScheduleWrite> writes) = 0;
  // Of the tickets with ids in [first, last], those updated at or after `since` (their updated_at, by
  // its index): a recomputation that read them earlier does them again, locked.
  virtual std::vector<Id> tickets_updated_since(Timestamp since, Id first, Id last) = 0;
  // The due-time index during a recomputation that rewrites most records. On SQLite, keeping the index
  // in step costs each written record a delete and an insert at random places of it, and each batch's
  // commit writes those index pages again (measured on a million records: 24 s with it, 16 s without
  // plus 1.4 s to build it once); set_aside_due_index() drops it when `changes` records are expected to
  // change and that pays (at least a quarter of all records), and answers whether it did. PostgreSQL
  // keeps its index (false). Meanwhile due_tickets() reads the whole table: slower, the same answer.
  // restore_due_index() builds the index when it is missing; cheap when it is there. Both idempotent.
  virtual bool set_aside_due_index(std::int64_t changes) = 0;
  virtual void restore_due_index() = 0;
  // Tickets whose next_check ≤ now, oldest first, locked for this transaction: PostgreSQL skips the
  // rows another node's pass holds (FOR UPDATE SKIP LOCKED), so passes on several nodes share the work.
  virtual std::vector<Id> due_tickets(Timestamp now, int limit) = 0;
  // For recomputing in bulk: the records of tickets with id > after, ascending, at most `limit`, with
  // the ticket facts policies decide on, read into rows[0, n) (`rows` grows when needed, and its
  // elements are reused, so that a million records are not built and destroyed one by one); returns
  // n. open_only leaves out resolved, closed and cancelled tickets. `lock`: locks the rows for this
  // (write) transaction; without it the rows are read in a read transaction. A record's `why`,
  // `paused` and `resolved_at` are not read (left empty): recomputing never needs them, and reapply()
  // sets `why` anew whenever it changes the policy.
  struct RecomputeRow {
    ticket::TicketSla sla;  // the ticket is sla.ticket_id
    // Of the ticket, what policies decide on.
    ticket::Priority priority = ticket::Priority::P3;
    ticket::TicketType type = ticket::TicketType::incident;
    std::optional<Id> category_id;
    std::optional<Id> organization_id;
  };
  virtual std::size_t recompute_rows(Id after, bool open_only, int limit, bool lock,
                                     std::vector<RecomputeRow>& rows) = 0;
  // About how many tickets a recomputation visits, for its progress: the SLA records, or with open_only
  // the fewer of them and the open tickets. Two counts over small indexes rather than a join of the two
  // tables (2.6 s of a recomputation's start on a million tickets).
  virtual std::int64_t estimate_tickets_with_sla(bool open_only) = 0;

  // Tickets created in [from, to), grouped; `now` decides what is at risk.
  virtual std::vector<ComplianceRow> compliance(Timestamp from, Timestamp to, GroupBy by, Timestamp now,
                                                const std::string& zone) = 0;
};

// The warned, breached and escalated flags of a record, a bit each in this order (as the backends
// compute them in SQL for ScheduleGuard::flags).
inline int guard_flags(const ticket::TicketSla& s) {
  return (s.first_response_warned ? 1 : 0) | (s.first_response_breached ? 2 : 0) |
         (s.first_response_escalated ? 4 : 0) | (s.resolution_warned ? 8 : 0) |
         (s.resolution_breached ? 16 : 0) | (s.resolution_escalated ? 32 : 0) |
         (s.next_update_breached ? 64 : 0);
}

// The repositories an SLA use case touches in one transaction: its own, the ticket's, notifications.
class SlaTx : public virtual ticket::TicketTx, public virtual notify::NotifyTx {
 public:
  virtual SlaRepo& sla() = 0;
  // Both bases hand out the same publisher.
  using ticket::TicketTx::changes;
};

}  // namespace techdesk::sla
