// What the ticket services need from storage. Implemented by each backend in storage/<backend>/.
// Methods run inside the transaction of the TicketTx that hands them out; a failure of the store
// itself throws StoreFailure (common/store_failure.h), which the transaction runner turns into an error.
#pragma once

#include <optional>
#include <string>
#include <vector>

#include "common/error.h"
#include "identity/identity_store.h"
#include "live/change.h"
#include "ticket/types.h"
#include "ticket/visibility.h"

namespace techdesk::ticket {

// sla_due: the nearest unmet SLA due time ("time left"); tickets without a running clock sort last.
enum class SortKey { created_at, updated_at, priority, sla_due };
inline constexpr std::int64_t k_no_sla_due = 9223372036854775807;  // sorts after every real due time

// A position in a sorted list: the sort value and id of the last row of the previous page.
struct TicketCursor {
  std::int64_t key = 0;  // milliseconds for time keys, 1..4 for priority
  Id id = 0;
};

struct TicketQuery {
  std::vector<State> states;
  std::vector<Priority> priorities;
  std::vector<TicketType> types;
  std::optional<Id> team_id;
  bool assignee_none = false;
  std::optional<Id> assignee_id;
  std::optional<Id> requester_id;
  std::optional<Id> organization_id;
  std::optional<Id> category_id;
  std::string text;  // substring of subject or number
  SortKey sort = SortKey::created_at;
  bool descending = true;
  std::optional<TicketCursor> after;
  int limit = 25;  // the repository returns at most this many rows
};

class TicketRepo {
 public:
  virtual ~TicketRepo() = default;

  // Next number of the day's sequence ("20261121" → 1, 2, ...). Serialised by the write transaction.
  virtual std::int64_t next_sequence(const std::string& day) = 0;
  // Inserts t (t.id is ignored) and returns the new id.
  virtual Id insert_ticket(const Ticket& t) = 0;
  virtual std::optional<TicketView> find_ticket(Id id) = 0;
  // Writes every field of t when the stored version is expected_version; false otherwise.
  virtual bool update_ticket(const Ticket& t, int expected_version) = 0;
  virtual std::vector<TicketView> list_tickets(const TicketScope& scope, const TicketQuery& q) = 0;

  virtual Id insert_article(const Article& a) = 0;
  virtual std::vector<Article> list_articles(Id ticket_id, bool include_internal) = 0;

  virtual Id append_event(const Event& e) = 0;
  virtual std::vector<Event> list_events(Id ticket_id, bool include_internal) = 0;

  virtual std::vector<Category> list_categories() = 0;
  virtual std::optional<Category> find_category(Id id) = 0;
  // conflict (field "name") when the parent already has a child of that name.
  virtual Result<Id> insert_category(const Category& c) = 0;
};

// The repositories a ticket use case may touch in one transaction.
class TicketTx {
 public:
  virtual ~TicketTx() = default;
  virtual identity::IdentityRepo& identity() = 0;
  virtual TicketRepo& tickets() = 0;
  // Changes to tell live clients about once the transaction commits (see live/change.h).
  virtual live::Publisher& changes() = 0;
};

}  // namespace techdesk::ticket
