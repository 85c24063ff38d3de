// Who sees which ticket: the scope each role gets, and can_view against tickets of one's own and
// other requesters, organisations and teams.
#include "ticket/visibility.h"

#include <gtest/gtest.h>

#include <array>
#include <optional>
#include <vector>

#include "identity/role.h"

namespace {

using techdesk::Id;
using techdesk::identity::Principal;
using techdesk::identity::Role;
using techdesk::identity::role_name;
using techdesk::ticket::can_view;
using techdesk::ticket::scope_for;
using techdesk::ticket::sees_internal;
using techdesk::ticket::Ticket;
using techdesk::ticket::TicketScope;
using techdesk::ticket::TicketType;

constexpr Id k_me = 1;
constexpr Id k_someone_else = 2;
constexpr Id k_my_org = 10;
constexpr Id k_other_org = 20;
constexpr Id k_my_team = 100;
constexpr Id k_other_team = 200;

constexpr std::array k_all_roles{Role::requester,         Role::org_manager,    Role::agent_l1,
                                 Role::agent_l2,          Role::field_engineer, Role::team_lead,
                                 Role::complaint_officer, Role::manager,        Role::admin};
constexpr std::array k_team_roles{Role::agent_l1, Role::agent_l2, Role::field_engineer, Role::team_lead,
                                  Role::complaint_officer};

Principal principal(Role role, std::optional<Id> org = k_my_org, std::vector<Id> teams = {k_my_team}) {
  Principal p;
  p.user_id = k_me;
  p.name = "测试用户";
  p.role = role;
  p.organization_id = org;
  p.team_ids = std::move(teams);
  return p;
}

// A ticket that belongs to nobody the principal knows, changed by the caller one field at a time.
Ticket ticket() {
  Ticket t;
  t.id = 7;
  t.requester_id = k_someone_else;
  t.organization_id = k_other_org;
  t.team_id = k_other_team;
  t.assignee_id = std::nullopt;
  t.type = TicketType::incident;
  return t;
}

Ticket requested_by_me() {
  Ticket t = ticket();
  t.requester_id = k_me;
  return t;
}
Ticket of_my_org() {
  Ticket t = ticket();
  t.organization_id = k_my_org;
  return t;
}
Ticket of_my_team() {
  Ticket t = ticket();
  t.team_id = k_my_team;
  return t;
}
Ticket without_team() {
  Ticket t = ticket();
  t.team_id = std::nullopt;
  return t;
}
Ticket assigned_to_me() {
  Ticket t = ticket();
  t.assignee_id = k_me;
  return t;
}
Ticket complaint_of_other_team() {
  Ticket t = ticket();
  t.type = TicketType::complaint;
  return t;
}

bool sees(Role role, const Ticket& t) {
  return can_view(scope_for(principal(role)), t);
}

TEST(TicketScope, a_requester_is_scoped_to_the_tickets_they_requested) {
  auto s = scope_for(principal(Role::requester));
  EXPECT_EQ(s.kind, TicketScope::Kind::requester);
  EXPECT_EQ(s.user_id, k_me);
  EXPECT_FALSE(s.include_complaints);
}

TEST(TicketScope, an_org_manager_is_scoped_to_their_organisation) {
  auto s = scope_for(principal(Role::org_manager));
  EXPECT_EQ(s.kind, TicketScope::Kind::organization);
  EXPECT_EQ(s.organization_id, k_my_org);
  EXPECT_FALSE(s.include_complaints);
}

TEST(TicketScope, an_org_manager_without_an_organisation_is_scoped_like_a_requester) {
  auto s = scope_for(principal(Role::org_manager, std::nullopt));
  EXPECT_EQ(s.kind, TicketScope::Kind::requester);
  EXPECT_EQ(s.user_id, k_me);
}

TEST(TicketScope, team_roles_are_scoped_to_their_teams_and_unrouted_tickets) {
  for (Role role : k_team_roles) {
    auto s = scope_for(principal(role, k_my_org, {k_my_team, 300}));
    EXPECT_EQ(s.kind, TicketScope::Kind::staff) << role_name(role);
    EXPECT_EQ(s.user_id, k_me) << role_name(role);
    EXPECT_EQ(s.team_ids, (std::vector<Id>{k_my_team, 300})) << role_name(role);
    EXPECT_TRUE(s.include_unrouted) << role_name(role);
    EXPECT_EQ(s.include_complaints, role == Role::complaint_officer) << role_name(role);
  }
}

TEST(TicketScope, managers_and_admins_see_everything) {
  EXPECT_EQ(scope_for(principal(Role::manager)).kind, TicketScope::Kind::all);
  EXPECT_EQ(scope_for(principal(Role::admin)).kind, TicketScope::Kind::all);
}

TEST(TicketVisibility, a_requester_sees_only_the_tickets_they_requested) {
  EXPECT_TRUE(sees(Role::requester, requested_by_me()));
  EXPECT_FALSE(sees(Role::requester, ticket()));
  EXPECT_FALSE(sees(Role::requester, of_my_org()));
  EXPECT_FALSE(sees(Role::requester, of_my_team()));
  EXPECT_FALSE(sees(Role::requester, without_team()));
  EXPECT_FALSE(sees(Role::requester, assigned_to_me()));
  EXPECT_FALSE(sees(Role::requester, complaint_of_other_team()));
}

TEST(TicketVisibility, an_org_manager_sees_every_ticket_of_their_organisation_and_no_other) {
  EXPECT_TRUE(sees(Role::org_manager, of_my_org()));
  EXPECT_FALSE(sees(Role::org_manager, ticket()));
  EXPECT_FALSE(sees(Role::org_manager, of_my_team()));
  EXPECT_FALSE(sees(Role::org_manager, without_team()));
  EXPECT_FALSE(sees(Role::org_manager, complaint_of_other_team()));
}

TEST(TicketVisibility, an_org_manager_does_not_see_tickets_without_an_organisation) {
  Ticket t = ticket();
  t.organization_id = std::nullopt;
  EXPECT_FALSE(sees(Role::org_manager, t));
}

TEST(TicketVisibility, an_org_manager_without_an_organisation_sees_only_what_they_requested) {
  auto s = scope_for(principal(Role::org_manager, std::nullopt));
  Ticket no_org = ticket();
  no_org.organization_id = std::nullopt;
  EXPECT_FALSE(can_view(s, no_org));
  EXPECT_FALSE(can_view(s, of_my_org()));
  Ticket mine = requested_by_me();
  mine.organization_id = std::nullopt;
  EXPECT_TRUE(can_view(s, mine));
}

TEST(TicketVisibility, team_roles_see_their_teams_tickets_unrouted_tickets_and_tickets_assigned_to_them) {
  for (Role role : k_team_roles) {
    EXPECT_TRUE(sees(role, of_my_team())) << role_name(role);
    EXPECT_TRUE(sees(role, without_team())) << role_name(role);
    EXPECT_TRUE(sees(role, assigned_to_me())) << role_name(role);
    EXPECT_FALSE(sees(role, ticket())) << role_name(role);
    EXPECT_FALSE(sees(role, of_my_org())) << role_name(role);
  }
}

TEST(TicketVisibility, an_agent_in_no_team_sees_only_unrouted_tickets_and_their_own_assignments) {
  auto s = scope_for(principal(Role::agent_l1, k_my_org, {}));
  EXPECT_TRUE(can_view(s, without_team()));
  EXPECT_TRUE(can_view(s, assigned_to_me()));
  EXPECT_FALSE(can_view(s, of_my_team()));
  EXPECT_FALSE(can_view(s, ticket()));
}

TEST(TicketVisibility, staff_scope_can_leave_out_unrouted_tickets) {
  auto s = scope_for(principal(Role::agent_l2));
  s.include_unrouted = false;
  EXPECT_FALSE(can_view(s, without_team()));
  EXPECT_TRUE(can_view(s, of_my_team()));
}

TEST(TicketVisibility, only_the_complaint_officer_sees_complaints_of_other_teams) {
  for (Role role : k_team_roles)
    EXPECT_EQ(sees(role, complaint_of_other_team()), role == Role::complaint_officer) << role_name(role);
  // ...and only complaints: other tickets of other teams stay hidden from the complaint officer.
  EXPECT_FALSE(sees(Role::complaint_officer, ticket()));
}

TEST(TicketVisibility, managers_and_admins_see_every_ticket) {
  for (Role role : {Role::manager, Role::admin}) {
    for (const Ticket& t : {ticket(), requested_by_me(), of_my_org(), of_my_team(), without_team(),
                            assigned_to_me(), complaint_of_other_team()})
      EXPECT_TRUE(sees(role, t)) << role_name(role);
  }
}

TEST(TicketVisibility, requesters_and_org_managers_do_not_see_internal_notes_and_staff_do) {
  for (Role role : k_all_roles) {
    const bool staff = role != Role::requester && role != Role::org_manager;
    EXPECT_EQ(sees_internal(principal(role)), staff) << role_name(role);
  }
}

}  // namespace
