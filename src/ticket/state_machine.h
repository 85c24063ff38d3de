// The ticket life cycle as pure rules:
//
//   new → assigned → in_progress ⇄ pending_customer / pending_third_party
//   in_progress → resolved → closed;  resolved / closed → reopened → in_progress
//   any open state → cancelled (with a reason)
//
// Resolving, reopening and cancelling need a reason (the resolution note, why it came back, why it
// was dropped). Requesters may only cancel, confirm (resolved → closed) or reopen.
#pragma once

#include <span>
#include <string>
#include <vector>

#include "common/error.h"
#include "identity/types.h"
#include "ticket/types.h"

namespace techdesk::ticket {

// States reachable from `from` in one step, whoever asks.
std::span<const State> next_states(State from);
bool can_transition(State from, State to);
// Open: work is still owed on the ticket (everything but resolved, closed, cancelled).
bool is_open(State s);
bool requires_reason(State to);
// Whether a role may ask for this move at all (agents: every move; requesters: cancel/close/reopen).
bool role_may_request(identity::Role role, State to);
// The moves `role` may make from `from`, in the order of next_states(). `assigned` is offered only
// when the ticket has an assignee.
std::vector<State> allowed_for(identity::Role role, State from, bool has_assignee);

struct TransitionRequest {
  State from;
  State to;
  bool has_assignee = false;
  bool has_reason = false;
};

// Checks a requested move. Errors: invalid_transition (naming the allowed targets) when the life
// cycle has no such step; forbidden when the role may not make it; missing_field "reason" when a
// reason is required; invalid_transition when moving to assigned with no assignee set.
Result<void> check_transition(identity::Role role, const TransitionRequest& req);

}  // namespace techdesk::ticket
