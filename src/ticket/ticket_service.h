// Ticket use cases. Every method takes the acting Principal, authorises it, and owns its transaction;
// every change appends immutable events (who, when, field, before, after) in the same transaction as
// the change, so the history is the audit log. Tickets the principal may not see are not_found.
#pragma once

#include <optional>
#include <string>
#include <vector>

#include "common/clock.h"
#include "common/tx.h"
#include "identity/types.h"
#include "ticket/ticket_observer.h"
#include "ticket/ticket_store.h"

namespace techdesk::ticket {

struct NewTicket {
  std::string subject;
  std::string description;
  std::optional<TicketType> type;
  std::optional<Id> category_id;
  std::optional<Level> impact;
  std::optional<Level> urgency;
  std::optional<Channel> channel;
  // Agents only:
  std::optional<Priority> priority;
  std::optional<Id> requester_id;
  std::optional<Id> team_id;
  std::optional<Id> assignee_id;
  std::optional<Tier> tier;
};

struct TicketPatch {
  std::optional<std::string> subject;
  std::optional<std::string> description;
  std::optional<TicketType> type;
  Patch<Id> category_id;
  std::optional<Level> impact;
  std::optional<Level> urgency;
  std::optional<Priority> priority;
  std::optional<Channel> channel;
  Patch<Id> team_id;
  Patch<Id> assignee_id;
  std::optional<Tier> tier;
  std::optional<int> expected_version;
};

struct TicketListRequest {
  TicketQuery query;  // filters and sort; `after` and `limit` come from cursor and limit below
  std::string cursor;
  int limit = 25;
};

struct AllowedTransitions {
  State state;
  std::vector<State> allowed;
};

struct TicketServiceOptions {
  std::string zone = "Asia/Shanghai";  // the local date in ticket numbers
};

class TicketService {
 public:
  TicketService(TxRunner<TicketTx>& store, const Clock& clock, TicketServiceOptions options = {})
      : m_store(store), m_clock(clock), m_options(std::move(options)) {}

  Result<TicketView> create(const identity::Principal& actor, NewTicket input);
  // The same inside a transaction the caller owns (a split).
  Result<TicketView> create_in(TicketTx& tx, const identity::Principal& actor, const NewTicket& input,
                               Timestamp now);
  Result<TicketView> get(const identity::Principal& actor, Id id);
  Result<Page<TicketView>> list(const identity::Principal& actor, const TicketListRequest& request);
  Result<TicketView> update(const identity::Principal& actor, Id id, const TicketPatch& patch);
  // The same change inside a transaction the caller owns (e.g. an SLA escalation that fires a timer and
  // changes the ticket atomically). Observers are called as for update().
  Result<TicketView> update_in(TicketTx& tx, const identity::Principal& actor, Id id,
                               const TicketPatch& patch, Timestamp now);
  Result<AllowedTransitions> allowed_transitions(const identity::Principal& actor, Id id);
  Result<TicketView> transition(const identity::Principal& actor, Id id, State to,
                                const std::optional<std::string>& reason);
  Result<Article> add_article(const identity::Principal& actor, Id id, ArticleKind kind, std::string body);
  // The same inside a transaction the caller owns (automation's replies and notes, merges' notes).
  Result<Article> add_article_in(TicketTx& tx, const identity::Principal& actor, Id id, ArticleKind kind,
                                 std::string body, Timestamp now);
  // A state change inside a transaction the caller owns, by the state machine's rules for actor's role.
  Result<TicketView> transition_in(TicketTx& tx, const identity::Principal& actor, Id id, State to,
                                   const std::optional<std::string>& reason, Timestamp now);
  // Closes an open or resolved ticket that was merged into `into_number` (not a transition a person
  // requests: the merge is the reason). Observers are called as for a transition.
  Result<TicketView> close_merged_in(TicketTx& tx, const identity::Principal& actor, Id id,
                                     const std::string& into_number, Timestamp now);
  Result<std::vector<Article>> articles(const identity::Principal& actor, Id id);
  Result<std::vector<Event>> events(const identity::Principal& actor, Id id);

  // REQUIRES: called before the service is used; the observer outlives the service.
  void add_observer(TicketObserver* o) { m_observers.push_back(o); }

 private:
  TxRunner<TicketTx>& m_store;
  const Clock& m_clock;
  TicketServiceOptions m_options;
  std::vector<TicketObserver*> m_observers;
};

// Opaque pagination cursors for ticket lists; bound to the sort they were issued for.
std::string encode_ticket_cursor(SortKey sort, bool descending, const TicketCursor& c);
Result<TicketCursor> decode_ticket_cursor(const std::string& text, SortKey sort, bool descending);

}  // namespace techdesk::ticket
