#include "ticket/state_machine.h"

#include <algorithm>
#include <array>

#include "identity/role.h"

namespace techdesk::ticket {

namespace {
using S = State;
constexpr std::array<S, 2> k_from_new{S::assigned, S::cancelled};
constexpr std::array<S, 2> k_from_assigned{S::in_progress, S::cancelled};
constexpr std::array<S, 4> k_from_in_progress{S::pending_customer, S::pending_third_party, S::resolved,
                                              S::cancelled};
constexpr std::array<S, 2> k_from_pending{S::in_progress, S::cancelled};
constexpr std::array<S, 2> k_from_resolved{S::closed, S::reopened};
constexpr std::array<S, 2> k_from_reopened{S::in_progress, S::cancelled};
// A closed ticket may be reopened; how long after closing is the feedback capability's rule.
constexpr std::array<S, 1> k_from_closed{S::reopened};
}  // namespace

std::span<const State> next_states(State from) {
  switch (from) {
    case S::new_:
      return k_from_new;
    case S::assigned:
      return k_from_assigned;
    case S::in_progress:
      return k_from_in_progress;
    case S::pending_customer:
    case S::pending_third_party:
      return k_from_pending;
    case S::resolved:
      return k_from_resolved;
    case S::reopened:
      return k_from_reopened;
    case S::closed:
      return k_from_closed;
    case S::cancelled:
      return {};
  }
  return {};
}

bool can_transition(State from, State to) {
  auto next = next_states(from);
  return std::find(next.begin(), next.end(), to) != next.end();
}

bool is_open(State s) {
  return s != S::resolved && s != S::closed && s != S::cancelled;
}

bool requires_reason(State to) {
  return to == S::resolved || to == S::reopened || to == S::cancelled;
}

bool role_may_request(identity::Role role, State to) {
  if (identity::is_agent(role)) return true;
  return to == S::cancelled || to == S::closed || to == S::reopened;
}

std::vector<State> allowed_for(identity::Role role, State from, bool has_assignee) {
  std::vector<State> out;
  for (State to : next_states(from))
    if (role_may_request(role, to) && (to != S::assigned || has_assignee)) out.push_back(to);
  return out;
}

Result<void> check_transition(identity::Role role, const TransitionRequest& req) {
  if (!can_transition(req.from, req.to)) {
    std::string allowed;
    for (State s : next_states(req.from)) {
      if (!allowed.empty()) allowed += ", ";
      allowed += name(s);
    }
    std::string msg = "cannot move a ticket from " + std::string(name(req.from)) + " to " +
                      std::string(name(req.to)) +
                      "; allowed: " + (allowed.empty() ? std::string("none") : allowed);
    return Error{Errc::invalid_transition, std::move(msg), "to"};
  }
  if (!role_may_request(role, req.to))
    return Error::forbidden("your role may not move a ticket to " + std::string(name(req.to)));
  if (req.to == S::assigned && !req.has_assignee)
    return Error{Errc::invalid_transition,
                 "a ticket without an assignee cannot be assigned; set assignee_id instead", "to"};
  if (requires_reason(req.to) && !req.has_reason) return Error::missing("reason");
  return ok();
}

}  // namespace techdesk::ticket
