// Role and organisation-kind names on the wire, and the two questions asked of a role.
#include "identity/role.h"

#include <gtest/gtest.h>

#include <array>
#include <set>
#include <string>
#include <string_view>
#include <utility>

namespace {

using techdesk::identity::is_agent;
using techdesk::identity::org_kind_name;
using techdesk::identity::OrgKind;
using techdesk::identity::parse_org_kind;
using techdesk::identity::parse_role;
using techdesk::identity::Role;
using techdesk::identity::role_name;
using techdesk::identity::sees_all_tickets;

constexpr std::array<std::pair<Role, std::string_view>, 9> k_roles{{
    {Role::requester, "requester"},
    {Role::org_manager, "org_manager"},
    {Role::agent_l1, "agent_l1"},
    {Role::agent_l2, "agent_l2"},
    {Role::field_engineer, "field_engineer"},
    {Role::team_lead, "team_lead"},
    {Role::complaint_officer, "complaint_officer"},
    {Role::manager, "manager"},
    {Role::admin, "admin"},
}};

TEST(Role, every_role_has_its_own_name_and_parses_back) {
  std::set<std::string_view> seen;
  for (const auto& [role, name] : k_roles) {
    EXPECT_EQ(role_name(role), name);
    EXPECT_TRUE(seen.insert(role_name(role)).second) << name;
    auto back = parse_role(name);
    ASSERT_TRUE(back.has_value()) << name;
    EXPECT_EQ(*back, role);
  }
}

TEST(Role, unknown_names_and_other_spellings_are_rejected) {
  for (const char* name : {"", "Admin", "ADMIN", "administrator", "agent", "agent-l1", "Agent_L1", " admin",
                           "admin ", "root", "superuser"})
    EXPECT_FALSE(parse_role(name).has_value()) << '"' << name << '"';
}

TEST(Role, everyone_but_requesters_and_org_managers_is_an_agent) {
  for (const auto& [role, name] : k_roles)
    EXPECT_EQ(is_agent(role), role != Role::requester && role != Role::org_manager) << name;
}

TEST(Role, only_managers_and_admins_see_all_tickets) {
  for (const auto& [role, name] : k_roles)
    EXPECT_EQ(sees_all_tickets(role), role == Role::manager || role == Role::admin) << name;
}

TEST(OrgKind, both_kinds_round_trip_and_nothing_else_parses) {
  EXPECT_EQ(org_kind_name(OrgKind::internal), "internal");
  EXPECT_EQ(org_kind_name(OrgKind::external), "external");
  EXPECT_EQ(parse_org_kind("internal"), OrgKind::internal);
  EXPECT_EQ(parse_org_kind("external"), OrgKind::external);
  EXPECT_FALSE(parse_org_kind("Internal").has_value());
  EXPECT_FALSE(parse_org_kind("customer").has_value());
  EXPECT_FALSE(parse_org_kind("").has_value());
}

}  // namespace
