// The ticket life cycle, checked pair by pair against the department's table of moves, and the
// rules on who may ask for a move and what it needs (an assignee, a reason).
#include "ticket/state_machine.h"

#include <gtest/gtest.h>

#include <algorithm>
#include <array>
#include <set>
#include <string>
#include <utility>
#include <vector>

#include "identity/role.h"
#include "identity/types.h"

namespace {

using techdesk::Errc;
using techdesk::identity::Role;
using techdesk::identity::role_name;
using techdesk::ticket::allowed_for;
using techdesk::ticket::can_transition;
using techdesk::ticket::check_transition;
using techdesk::ticket::is_open;
using techdesk::ticket::name;
using techdesk::ticket::next_states;
using techdesk::ticket::requires_reason;
using techdesk::ticket::State;
using techdesk::ticket::TransitionRequest;

constexpr std::array k_all_states{
    State::new_,     State::assigned, State::in_progress, State::pending_customer, State::pending_third_party,
    State::resolved, State::closed,   State::reopened,    State::cancelled};

constexpr std::array k_all_roles{Role::requester,         Role::org_manager,    Role::agent_l1,
                                 Role::agent_l2,          Role::field_engineer, Role::team_lead,
                                 Role::complaint_officer, Role::manager,        Role::admin};

constexpr std::array k_agent_roles{Role::agent_l1,  Role::agent_l2,          Role::field_engineer,
                                   Role::team_lead, Role::complaint_officer, Role::manager,
                                   Role::admin};

// The life cycle as the department draws it; every other (from, to) pair is not a move.
const std::set<std::pair<State, State>> k_valid_moves{
    {State::new_, State::assigned},
    {State::new_, State::cancelled},
    {State::assigned, State::in_progress},
    {State::assigned, State::cancelled},
    {State::in_progress, State::pending_customer},
    {State::in_progress, State::pending_third_party},
    {State::in_progress, State::resolved},
    {State::in_progress, State::cancelled},
    {State::pending_customer, State::in_progress},
    {State::pending_customer, State::cancelled},
    {State::pending_third_party, State::in_progress},
    {State::pending_third_party, State::cancelled},
    {State::resolved, State::closed},
    {State::resolved, State::reopened},
    {State::reopened, State::in_progress},
    {State::reopened, State::cancelled},
    {State::closed, State::reopened},
};

std::string names(const std::vector<State>& states) {
  std::string out;
  for (State s : states) {
    if (!out.empty()) out += ",";
    out += name(s);
  }
  return out;
}

TEST(TicketStateMachine, every_pair_of_states_is_a_move_exactly_when_the_life_cycle_table_says_so) {
  int checked = 0;
  for (State from : k_all_states) {
    for (State to : k_all_states) {
      const bool expected = k_valid_moves.count({from, to}) == 1;
      EXPECT_EQ(can_transition(from, to), expected) << name(from) << " -> " << name(to);
      ++checked;
    }
  }
  EXPECT_EQ(checked, 81);
}

TEST(TicketStateMachine, next_states_lists_exactly_the_moves_of_the_table) {
  std::size_t listed = 0;
  for (State from : k_all_states) {
    for (State to : next_states(from)) {
      EXPECT_EQ(k_valid_moves.count({from, to}), 1u) << name(from) << " -> " << name(to);
      ++listed;
    }
  }
  EXPECT_EQ(listed, k_valid_moves.size());
}

TEST(TicketStateMachine, no_state_moves_to_itself) {
  for (State s : k_all_states)
    EXPECT_FALSE(can_transition(s, s)) << name(s);
}

TEST(TicketStateMachine, cancelled_is_final_and_closed_can_only_be_reopened) {
  EXPECT_EQ(names({next_states(State::closed).begin(), next_states(State::closed).end()}), "reopened");
  EXPECT_TRUE(next_states(State::cancelled).empty());
}

TEST(TicketStateMachine, every_open_state_can_be_cancelled_and_no_finished_one_can) {
  for (State s : k_all_states)
    EXPECT_EQ(can_transition(s, State::cancelled), is_open(s)) << name(s);
}

TEST(TicketStateMachine, open_means_work_is_still_owed) {
  EXPECT_TRUE(is_open(State::new_));
  EXPECT_TRUE(is_open(State::assigned));
  EXPECT_TRUE(is_open(State::in_progress));
  EXPECT_TRUE(is_open(State::pending_customer));
  EXPECT_TRUE(is_open(State::pending_third_party));
  EXPECT_TRUE(is_open(State::reopened));
  EXPECT_FALSE(is_open(State::resolved));
  EXPECT_FALSE(is_open(State::closed));
  EXPECT_FALSE(is_open(State::cancelled));
}

TEST(TicketStateMachine, only_resolving_reopening_and_cancelling_require_a_reason) {
  for (State s : k_all_states) {
    const bool expected = s == State::resolved || s == State::reopened || s == State::cancelled;
    EXPECT_EQ(requires_reason(s), expected) << name(s);
  }
}

TEST(TicketStateMachine, agents_may_make_every_move_of_the_life_cycle_on_a_ticket_with_an_assignee) {
  for (Role role : k_agent_roles) {
    for (State from : k_all_states) {
      auto next = next_states(from);
      EXPECT_EQ(allowed_for(role, from, true), std::vector<State>(next.begin(), next.end()))
          << role_name(role) << " from " << name(from);
    }
  }
}

TEST(TicketStateMachine, requesters_and_org_managers_may_only_cancel_confirm_or_reopen) {
  for (Role role : {Role::requester, Role::org_manager}) {
    EXPECT_EQ(names(allowed_for(role, State::new_, true)), "cancelled");
    EXPECT_EQ(names(allowed_for(role, State::assigned, true)), "cancelled");
    EXPECT_EQ(names(allowed_for(role, State::in_progress, true)), "cancelled");
    EXPECT_EQ(names(allowed_for(role, State::pending_customer, true)), "cancelled");
    EXPECT_EQ(names(allowed_for(role, State::pending_third_party, true)), "cancelled");
    EXPECT_EQ(names(allowed_for(role, State::resolved, true)), "closed,reopened");
    EXPECT_EQ(names(allowed_for(role, State::reopened, true)), "cancelled");
    EXPECT_EQ(names(allowed_for(role, State::closed, true)), "reopened");
    EXPECT_EQ(names(allowed_for(role, State::cancelled, true)), "");
  }
}

TEST(TicketStateMachine, assigned_is_offered_only_when_the_ticket_has_an_assignee) {
  for (Role role : k_agent_roles) {
    EXPECT_EQ(names(allowed_for(role, State::new_, false)), "cancelled") << role_name(role);
    EXPECT_EQ(names(allowed_for(role, State::new_, true)), "assigned,cancelled") << role_name(role);
  }
  // No other move depends on the assignee.
  for (State from : k_all_states) {
    if (from == State::new_) continue;
    EXPECT_EQ(allowed_for(Role::agent_l1, from, false), allowed_for(Role::agent_l1, from, true))
        << name(from);
  }
}

TEST(TicketStateMachine, allowed_for_keeps_the_order_of_next_states) {
  EXPECT_EQ(names(allowed_for(Role::agent_l1, State::in_progress, true)),
            "pending_customer,pending_third_party,resolved,cancelled");
}

TEST(TicketStateMachine, a_move_outside_the_life_cycle_is_an_invalid_transition_naming_the_allowed_targets) {
  auto r = check_transition(Role::admin, {State::new_, State::resolved, true, true});
  ASSERT_FALSE(r.ok());
  EXPECT_EQ(r.error().code, Errc::invalid_transition);
  EXPECT_EQ(r.error().field, "to");
  EXPECT_NE(r.error().message.find("new"), std::string::npos) << r.error().message;
  EXPECT_NE(r.error().message.find("resolved"), std::string::npos) << r.error().message;
  EXPECT_NE(r.error().message.find("allowed: assigned, cancelled"), std::string::npos) << r.error().message;
}

TEST(TicketStateMachine, a_move_out_of_a_final_state_says_nothing_is_allowed) {
  auto r = check_transition(Role::admin, {State::cancelled, State::reopened, false, true});
  ASSERT_FALSE(r.ok());
  EXPECT_EQ(r.error().code, Errc::invalid_transition);
  EXPECT_EQ(r.error().field, "to");
  EXPECT_NE(r.error().message.find("allowed: none"), std::string::npos) << r.error().message;
}

TEST(TicketStateMachine, every_pair_outside_the_table_is_an_invalid_transition_for_every_role) {
  for (Role role : k_all_roles)
    for (State from : k_all_states)
      for (State to : k_all_states) {
        if (k_valid_moves.count({from, to})) continue;
        auto r = check_transition(role, {from, to, true, true});
        ASSERT_FALSE(r.ok()) << name(from) << " -> " << name(to);
        EXPECT_EQ(r.error().code, Errc::invalid_transition) << name(from) << " -> " << name(to);
      }
}

TEST(TicketStateMachine, requesters_may_not_start_work_on_a_ticket) {
  for (Role role : {Role::requester, Role::org_manager}) {
    auto r = check_transition(role, {State::assigned, State::in_progress, true, true});
    ASSERT_FALSE(r.ok());
    EXPECT_EQ(r.error().code, Errc::forbidden);
    EXPECT_NE(r.error().message.find("in_progress"), std::string::npos) << r.error().message;
  }
}

TEST(TicketStateMachine, requesters_may_not_assign_resolve_or_park_a_ticket) {
  const std::array<TransitionRequest, 4> moves{
      {{State::new_, State::assigned, true, true},
       {State::in_progress, State::resolved, true, true},
       {State::in_progress, State::pending_customer, true, true},
       {State::in_progress, State::pending_third_party, true, true}}};
  for (Role role : {Role::requester, Role::org_manager})
    for (const auto& move : moves) {
      auto r = check_transition(role, move);
      ASSERT_FALSE(r.ok()) << name(move.to);
      EXPECT_EQ(r.error().code, Errc::forbidden) << name(move.to);
    }
}

TEST(TicketStateMachine, requesters_may_cancel_confirm_and_reopen) {
  for (Role role : {Role::requester, Role::org_manager}) {
    EXPECT_TRUE(check_transition(role, {State::new_, State::cancelled, false, true}).ok());
    EXPECT_TRUE(check_transition(role, {State::resolved, State::closed, false, false}).ok());
    EXPECT_TRUE(check_transition(role, {State::resolved, State::reopened, false, true}).ok());
  }
}

TEST(TicketStateMachine, resolving_needs_a_resolution_note) {
  auto r = check_transition(Role::agent_l1, {State::in_progress, State::resolved, false, false});
  ASSERT_FALSE(r.ok());
  EXPECT_EQ(r.error().code, Errc::missing_field);
  EXPECT_EQ(r.error().field, "reason");
  EXPECT_TRUE(check_transition(Role::agent_l1, {State::in_progress, State::resolved, false, true}).ok());
}

TEST(TicketStateMachine, reopening_needs_a_reason) {
  auto r = check_transition(Role::requester, {State::resolved, State::reopened, false, false});
  ASSERT_FALSE(r.ok());
  EXPECT_EQ(r.error().code, Errc::missing_field);
  EXPECT_EQ(r.error().field, "reason");
}

TEST(TicketStateMachine, cancelling_needs_a_reason_from_every_open_state) {
  for (State from : k_all_states) {
    if (!is_open(from)) continue;
    auto r = check_transition(Role::team_lead, {from, State::cancelled, true, false});
    ASSERT_FALSE(r.ok()) << name(from);
    EXPECT_EQ(r.error().code, Errc::missing_field) << name(from);
    EXPECT_EQ(r.error().field, "reason") << name(from);
  }
}

TEST(TicketStateMachine, closing_and_parking_need_no_reason) {
  EXPECT_TRUE(check_transition(Role::agent_l2, {State::resolved, State::closed, false, false}).ok());
  EXPECT_TRUE(
      check_transition(Role::agent_l2, {State::in_progress, State::pending_customer, false, false}).ok());
  EXPECT_TRUE(
      check_transition(Role::agent_l2, {State::pending_customer, State::in_progress, false, false}).ok());
}

TEST(TicketStateMachine, assigning_needs_an_assignee) {
  auto r = check_transition(Role::team_lead, {State::new_, State::assigned, false, true});
  ASSERT_FALSE(r.ok());
  EXPECT_EQ(r.error().code, Errc::invalid_transition);
  EXPECT_EQ(r.error().field, "to");
  EXPECT_NE(r.error().message.find("assignee"), std::string::npos) << r.error().message;
  EXPECT_TRUE(check_transition(Role::team_lead, {State::new_, State::assigned, true, false}).ok());
}

TEST(TicketStateMachine, the_life_cycle_is_checked_before_the_role_and_the_role_before_the_reason) {
  // A requester asking for a move that does not exist learns it does not exist, not that it is forbidden.
  auto missing_step = check_transition(Role::requester, {State::new_, State::closed, false, false});
  ASSERT_FALSE(missing_step.ok());
  EXPECT_EQ(missing_step.error().code, Errc::invalid_transition);
  // A requester resolving without a note is refused for the role, not for the missing note.
  auto role_first = check_transition(Role::requester, {State::in_progress, State::resolved, false, false});
  ASSERT_FALSE(role_first.ok());
  EXPECT_EQ(role_first.error().code, Errc::forbidden);
}

TEST(TicketStateMachine, every_valid_move_succeeds_for_an_agent_given_an_assignee_and_a_reason) {
  for (const auto& [from, to] : k_valid_moves)
    EXPECT_TRUE(check_transition(Role::agent_l1, {from, to, true, true}).ok())
        << name(from) << " -> " << name(to);
}

}  // namespace
