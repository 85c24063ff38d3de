#include "sla/policy.h"

#include <gtest/gtest.h>

namespace techdesk::sla {
namespace {

using ticket::Priority;
using ticket::TicketType;

Policy policy(const char* name, int position) {
  Policy p;
  p.id = position;
  p.name = name;
  p.position = position;
  p.calendar_id = 1;
  p.targets[2] = {60, std::nullopt, 1440};
  return p;
}

TicketFacts facts(std::optional<identity::OrgKind> kind, std::optional<Id> org = {}) {
  TicketFacts f;
  f.organization_kind = kind;
  f.organization_id = org;
  return f;
}

TEST(Policy, the_first_active_matching_policy_in_order_wins) {
  auto vip = policy("VIP", 5);
  vip.organization_ids = {42};
  auto internal = policy("内部", 10);
  internal.requester_kind = RequesterKind::internal;
  auto fallback = policy("默认", 99);
  std::vector<Policy> all{fallback, internal, vip};
  EXPECT_EQ(match_policy(all, facts(identity::OrgKind::external, 42))->name, "VIP");
  EXPECT_EQ(match_policy(all, facts(identity::OrgKind::internal, 7))->name, "内部");
  EXPECT_EQ(match_policy(all, facts(identity::OrgKind::external, 7))->name, "默认");
  all[2].active = false;
  EXPECT_EQ(match_policy(all, facts(identity::OrgKind::external, 42))->name, "默认")
      << "inactive policies are skipped";
  all[0].active = false;
  EXPECT_EQ(match_policy(all, facts(identity::OrgKind::external, 42)), nullptr);
}

TEST(Policy, a_requester_without_an_organisation_counts_as_external) {
  auto internal = policy("内部", 1);
  internal.requester_kind = RequesterKind::internal;
  auto external = policy("外部", 2);
  external.requester_kind = RequesterKind::external;
  std::vector<Policy> all{internal, external};
  EXPECT_EQ(match_policy(all, facts(std::nullopt))->name, "外部");
}

TEST(Policy, types_and_categories_narrow_and_a_category_covers_its_children) {
  auto printers = policy("打印机", 1);
  printers.category_ids = {2};  // 硬件
  printers.types = {TicketType::incident, TicketType::service_request};
  TicketFacts f = facts(identity::OrgKind::internal);
  f.category_id = 22;
  f.category_parent_id = 2;
  EXPECT_TRUE(matches(printers, f));
  f.type = TicketType::consultation;
  EXPECT_FALSE(matches(printers, f));
  f.type = TicketType::incident;
  f.category_id = 31;
  f.category_parent_id = 3;
  EXPECT_FALSE(matches(printers, f));
  f.category_id.reset();
  f.category_parent_id.reset();
  EXPECT_FALSE(matches(printers, f)) << "no category: a category condition does not hold";
}

TEST(Policy, the_defaults_encode_the_departments_promises) {
  auto all = default_policies(1, 2);
  ASSERT_EQ(all.size(), 3u);
  for (const auto& p : all)
    EXPECT_TRUE(validate(p).ok()) << p.name;
  const Policy& internal = all[0];
  const Policy& external = all[1];
  EXPECT_EQ(internal.requester_kind, RequesterKind::internal);
  EXPECT_EQ(internal.targets[2].first_response, 60);
  EXPECT_EQ(internal.targets[2].resolution, 24 * 60);
  EXPECT_EQ(external.targets[2].first_response, 120);
  EXPECT_EQ(external.targets[2].resolution, 48 * 60);
  EXPECT_EQ(internal.targets[0].resolution, 120) << "emergencies: solved within 2 hours";
  EXPECT_EQ(external.targets[1].resolution, 240) << "urgent requests: within 4 hours";
  EXPECT_EQ(internal.warn_percent, 75);
  EXPECT_EQ(internal.second_level_percent, 150);
  EXPECT_EQ(all[2].calendar_id, 2) << "the 7×24 template runs on the always-open calendar";
  EXPECT_FALSE(all[2].active);
  EXPECT_EQ(match_policy(all, facts(identity::OrgKind::internal))->name, internal.name);
}

TEST(Policy, bad_targets_and_percentages_are_refused_by_name) {
  auto check = [](Policy p, const char* field) {
    auto r = validate(p);
    ASSERT_FALSE(r.ok()) << field;
    EXPECT_EQ(r.error().field, field);
  };
  auto p = policy("x", 1);
  p.targets[0].resolution = 0;
  check(p, "targets.P1.resolution");
  p = policy("x", 1);
  p.targets[3].first_response = -5;
  check(p, "targets.P4.first_response");
  p = policy("x", 1);
  p.targets[1].next_update = 600000;
  check(p, "targets.P2.next_update");
  p = policy("x", 1);
  p.targets[2] = {};
  check(p, "targets");
  p = policy("x", 1);
  p.targets[2] = {500, std::nullopt, 60};
  check(p, "targets.P3.first_response");
  p = policy("x", 1);
  p.warn_percent = 100;
  check(p, "warn_percent");
  p = policy("x", 1);
  p.second_level_percent = 100;
  check(p, "second_level_percent");
  p = policy("x", 1);
  p.second_level_percent = 0;
  EXPECT_TRUE(validate(p).ok()) << "0 turns the second level off";
  p = policy("", 1);
  check(p, "name");
  p = policy("x", 1);
  p.calendar_id = 0;
  check(p, "calendar_id");
  p = policy("x", 1);
  p.pause_states = {ticket::State::closed};
  check(p, "pause_states[0]");
}

TEST(Policy, explains_why_it_applies) {
  auto p = policy("内部员工", 10);
  p.requester_kind = RequesterKind::internal;
  EXPECT_EQ(explain_match(p), "内部员工 (internal requester, order 10)");
  EXPECT_EQ(explain_match(policy("默认", 99)), "默认 (every ticket, order 99)");
}

}  // namespace
}  // namespace techdesk::sla
