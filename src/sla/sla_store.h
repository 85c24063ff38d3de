// What the SLA engine needs from storage: calendars and policies (stored as documents), each ticket's
// clock with the due-time index, and the compliance report. Implemented by each backend; all SQL lives
// in storage/<backend>/sla_repo_<backend>.cpp.
#pragma once

#include <optional>
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
  // Writes only what reapply() and schedule() change (policy, targets, due times, next check) of an
  // existing record: the recomputation of a million records writes that much less.
  virtual void save_ticket_sla_schedule(const ticket::TicketSla& s) = 0;
  // Tickets whose next_check ≤ now, oldest first, locked for this transaction: PostgreSQL skips the
  // rows another node's pass holds (FOR UPDATE SKIP LOCKED), so passes on several nodes share the work.
  virtual std::vector<Id> due_tickets(Timestamp now, int limit) = 0;
  // Records of tickets with id > after, ascending, with the ticket facts policies decide on (for
  // recomputing in bulk). open_only leaves out resolved, closed and cancelled tickets. Locks the rows.
  struct RecomputeRow {
    ticket::TicketSla sla;
    ticket::Ticket ticket;  // id, state, priority, type, category_id, organization_id
  };
  virtual std::vector<RecomputeRow> recompute_rows(Id after, bool open_only, int limit) = 0;
  virtual std::int64_t count_tickets_with_sla(bool open_only) = 0;

  // Tickets created in [from, to), grouped; `now` decides what is at risk.
  virtual std::vector<ComplianceRow> compliance(Timestamp from, Timestamp to, GroupBy by, Timestamp now,
                                                const std::string& zone) = 0;
};

// The repositories an SLA use case touches in one transaction: its own, the ticket's, notifications.
class SlaTx : public virtual ticket::TicketTx, public virtual notify::NotifyTx {
 public:
  virtual SlaRepo& sla() = 0;
  // Both bases hand out the same publisher.
  using ticket::TicketTx::changes;
};

}  // namespace techdesk::sla
