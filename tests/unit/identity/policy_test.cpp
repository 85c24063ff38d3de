// Who may see and change identity records: administration is for admins, staff see everyone, org
// managers see their organisation, requesters see themselves.
#include "identity/policy.h"

#include <gtest/gtest.h>

#include <array>
#include <optional>
#include <string>

#include "identity/role.h"

namespace {

using techdesk::Id;
using techdesk::identity::can_administer;
using techdesk::identity::can_list_all_orgs;
using techdesk::identity::can_list_users;
using techdesk::identity::can_view_org;
using techdesk::identity::can_view_teams;
using techdesk::identity::can_view_user;
using techdesk::identity::Organization;
using techdesk::identity::Principal;
using techdesk::identity::Role;
using techdesk::identity::role_name;
using techdesk::identity::User;

constexpr Id k_me = 1;
constexpr Id k_colleague = 2;
constexpr Id k_stranger = 3;
constexpr Id k_my_org = 10;
constexpr Id k_other_org = 20;

constexpr std::array k_all_roles{Role::requester,         Role::org_manager,    Role::agent_l1,
                                 Role::agent_l2,          Role::field_engineer, Role::team_lead,
                                 Role::complaint_officer, Role::manager,        Role::admin};

Principal principal(Role role, std::optional<Id> org = k_my_org) {
  Principal p;
  p.user_id = k_me;
  p.role = role;
  p.organization_id = org;
  return p;
}

User user(Id id, std::optional<Id> org) {
  User u;
  u.id = id;
  u.login = "user" + std::to_string(id);
  u.organization_id = org;
  return u;
}

Organization org(Id id) {
  Organization o;
  o.id = id;
  o.name = "org" + std::to_string(id);
  return o;
}

bool is_staff(Role r) {
  return r != Role::requester && r != Role::org_manager;
}

TEST(IdentityPolicy, only_admins_may_administer) {
  for (Role role : k_all_roles)
    EXPECT_EQ(can_administer(principal(role)), role == Role::admin) << role_name(role);
}

TEST(IdentityPolicy, staff_and_org_managers_may_list_users_and_requesters_may_not) {
  for (Role role : k_all_roles)
    EXPECT_EQ(can_list_users(principal(role)), is_staff(role) || role == Role::org_manager)
        << role_name(role);
}

TEST(IdentityPolicy, everyone_may_view_themselves) {
  for (Role role : k_all_roles) {
    EXPECT_TRUE(can_view_user(principal(role), user(k_me, k_my_org))) << role_name(role);
    EXPECT_TRUE(can_view_user(principal(role, std::nullopt), user(k_me, std::nullopt))) << role_name(role);
  }
}

TEST(IdentityPolicy, staff_may_view_every_user) {
  for (Role role : k_all_roles) {
    if (!is_staff(role)) continue;
    EXPECT_TRUE(can_view_user(principal(role), user(k_stranger, k_other_org))) << role_name(role);
    EXPECT_TRUE(can_view_user(principal(role), user(k_stranger, std::nullopt))) << role_name(role);
  }
}

TEST(IdentityPolicy, a_requester_may_not_view_other_users_even_in_their_organisation) {
  EXPECT_FALSE(can_view_user(principal(Role::requester), user(k_colleague, k_my_org)));
  EXPECT_FALSE(can_view_user(principal(Role::requester), user(k_stranger, k_other_org)));
}

TEST(IdentityPolicy, an_org_manager_may_view_the_users_of_their_organisation_only) {
  EXPECT_TRUE(can_view_user(principal(Role::org_manager), user(k_colleague, k_my_org)));
  EXPECT_FALSE(can_view_user(principal(Role::org_manager), user(k_stranger, k_other_org)));
  EXPECT_FALSE(can_view_user(principal(Role::org_manager), user(k_stranger, std::nullopt)));
}

TEST(IdentityPolicy, an_org_manager_without_an_organisation_does_not_see_users_without_one) {
  EXPECT_FALSE(can_view_user(principal(Role::org_manager, std::nullopt), user(k_stranger, std::nullopt)));
}

TEST(IdentityPolicy, staff_may_view_every_organisation) {
  for (Role role : k_all_roles) {
    if (!is_staff(role)) continue;
    EXPECT_TRUE(can_view_org(principal(role), org(k_other_org))) << role_name(role);
    EXPECT_TRUE(can_view_org(principal(role, std::nullopt), org(k_other_org))) << role_name(role);
  }
}

TEST(IdentityPolicy, requesters_and_org_managers_may_view_only_their_own_organisation) {
  for (Role role : {Role::requester, Role::org_manager}) {
    EXPECT_TRUE(can_view_org(principal(role), org(k_my_org))) << role_name(role);
    EXPECT_FALSE(can_view_org(principal(role), org(k_other_org))) << role_name(role);
    EXPECT_FALSE(can_view_org(principal(role, std::nullopt), org(k_my_org))) << role_name(role);
  }
}

TEST(IdentityPolicy, only_staff_may_list_all_organisations_and_view_teams) {
  for (Role role : k_all_roles) {
    EXPECT_EQ(can_list_all_orgs(principal(role)), is_staff(role)) << role_name(role);
    EXPECT_EQ(can_view_teams(principal(role)), is_staff(role)) << role_name(role);
  }
}

}  // namespace
