// Automation rules as pure functions: matching, checking before saving, run order, at-most-once and
// loop protection in a run, the JSON document, and templates.
#include <gtest/gtest.h>

#include <boost/json.hpp>

#include "dispatch/rules.h"
#include "dispatch/rules_json.h"
#include "dispatch/template.h"

namespace techdesk::dispatch {
namespace {

using ticket::Priority;
using ticket::State;
using ticket::Ticket;

Ticket ticket_of(Priority p = Priority::P3, const char* subject = "打印机卡纸") {
  Ticket t;
  t.id = 7;
  t.number = "20261130-0007";
  t.subject = subject;
  t.description = "三楼打印机卡纸，无法打印。";
  t.priority = p;
  t.state = State::new_;
  return t;
}

Rule rule(Id id, const char* name, int position, Trigger trigger = Trigger::create) {
  Rule r;
  r.id = id;
  r.name = name;
  r.position = position;
  r.trigger = trigger;
  return r;
}

Action set_priority(Priority p) {
  Action a;
  a.kind = ActionKind::set_priority;
  a.priority = p;
  return a;
}

Action set_team(Id team) {
  Action a;
  a.kind = ActionKind::set_team;
  a.team_id = team;
  return a;
}

// What the engine's apply does to fields, without a database; records the order rules ran in.
struct FakeApply {
  std::vector<std::string> ran;
  Result<Ticket> operator()(const Rule& r, const Ticket& t) {
    ran.push_back(r.name);
    Ticket out = t;
    for (const auto& a : r.then) {
      if (a.kind == ActionKind::set_priority) out.priority = *a.priority;
      if (a.kind == ActionKind::set_team) out.team_id = a.team_id;
      if (a.kind == ActionKind::set_assignee && *a.user_id == 404)
        return Error::invalid("actions[0].user_id", "no active agent with id 404");
      if (a.kind == ActionKind::set_assignee) out.assignee_id = a.user_id;
    }
    return out;
  }
};

std::vector<RuleRun> run(const std::vector<Rule>& rules, Trigger trigger, const Ticket& t,
                         const Ticket* before, FakeApply& apply) {
  RuleFacts facts;
  facts.ticket = &t;
  return run_rules(rules, trigger, facts, before,
                   [&](const Rule& r, const Ticket& cur) { return apply(r, cur); });
}

TEST(RuleMatch, empty_conditions_match_every_ticket) {
  Ticket t = ticket_of();
  RuleFacts f{.ticket = &t};
  EXPECT_TRUE(matches(Conditions{}, f));
}

TEST(RuleMatch, each_condition_must_hold_and_any_listed_value_does) {
  Ticket t = ticket_of(Priority::P2);
  t.channel = ticket::Channel::email;
  t.category_id = 12;
  t.organization_id = 3;
  RuleFacts f{.ticket = &t};
  f.category_parent_id = 10;
  f.organization_kind = identity::OrgKind::external;
  Conditions c;
  c.priorities = {Priority::P1, Priority::P2};
  c.channels = {ticket::Channel::email};
  EXPECT_TRUE(matches(c, f));
  c.category_ids = {10};
  EXPECT_TRUE(matches(c, f)) << "a category matches its sub-categories";
  c.category_ids = {11};
  EXPECT_FALSE(matches(c, f));
  c.category_ids = {};
  c.organization_ids = {4};
  EXPECT_FALSE(matches(c, f));
  c.organization_ids = {3};
  c.requester_kind = RequesterKind::internal;
  EXPECT_FALSE(matches(c, f));
  c.requester_kind = RequesterKind::external;
  EXPECT_TRUE(matches(c, f));
  c.channels = {ticket::Channel::phone};
  EXPECT_FALSE(matches(c, f));
}

TEST(RuleMatch, words_are_found_in_subject_or_description_ignoring_ascii_case) {
  Ticket t = ticket_of(Priority::P3, "ERP 系统宕机");
  RuleFacts f{.ticket = &t};
  Conditions c;
  c.words = {"宕机"};
  EXPECT_TRUE(matches(c, f));
  c.words = {"erp"};
  EXPECT_TRUE(matches(c, f));
  c.words = {"无法打印"};
  EXPECT_TRUE(matches(c, f)) << "the description counts";
  c.words = {"VPN", "邮箱"};
  EXPECT_FALSE(matches(c, f));
}

TEST(RuleMatch, a_time_rule_waits_its_minutes) {
  Ticket t = ticket_of();
  t.state = State::pending_customer;
  RuleFacts f{.ticket = &t};
  Conditions c;
  c.states = {State::pending_customer};
  c.for_minutes = 7 * 24 * 60;
  f.in_state = std::chrono::hours(24 * 7) - std::chrono::minutes(1);
  EXPECT_FALSE(matches(c, f));
  f.in_state = std::chrono::hours(24 * 7);
  EXPECT_TRUE(matches(c, f));
}

TEST(RuleMatch, without_team_leaves_a_team_chosen_at_intake_alone) {
  Ticket t = ticket_of();
  t.team_id = std::nullopt;
  RuleFacts f{.ticket = &t};
  Conditions c;
  c.without_team = true;
  EXPECT_TRUE(matches(c, f));
  t.team_id = 7;
  EXPECT_FALSE(matches(c, f));
  c.without_team = false;
  EXPECT_TRUE(matches(c, f));
}

TEST(RuleRun, rules_run_in_position_order_then_id_and_later_rules_see_earlier_changes) {
  auto escalate_p1 = rule(3, "P1 进二线", 20);
  escalate_p1.when.priorities = {Priority::P1};
  escalate_p1.then = {set_team(2)};
  auto words_p1 = rule(9, "宕机提级", 10);
  words_p1.when.words = {"宕机"};
  words_p1.then = {set_priority(Priority::P1)};
  auto route_l1 = rule(1, "进一线", 20);  // same position as escalate_p1: the lower id first
  route_l1.then = {set_team(1)};
  FakeApply apply;
  Ticket t = ticket_of(Priority::P3, "ERP 宕机");
  auto runs = run({escalate_p1, words_p1, route_l1}, Trigger::create, t, nullptr, apply);
  EXPECT_EQ(apply.ran, (std::vector<std::string>{"宕机提级", "进一线", "P1 进二线"}));
  ASSERT_EQ(runs.size(), 3u);
  for (const auto& r : runs)
    EXPECT_FALSE(r.error);
}

TEST(RuleRun, inactive_rules_and_other_triggers_do_not_run) {
  auto off = rule(1, "停用", 1);
  off.active = false;
  off.then = {set_priority(Priority::P1)};
  auto upd = rule(2, "更新时", 2, Trigger::update);
  upd.then = {set_priority(Priority::P1)};
  auto time = rule(3, "时间", 3, Trigger::time);
  FakeApply apply;
  Ticket t = ticket_of();
  EXPECT_TRUE(run({off, upd, time}, Trigger::create, t, nullptr, apply).empty());
  EXPECT_TRUE(apply.ran.empty());
}

TEST(RuleRun, rules_that_would_ping_pong_each_run_once_so_a_run_ends) {
  // A: P2 → P1. B: P1 → P2. A naive engine re-evaluating after every change would loop forever.
  auto a = rule(1, "A", 1, Trigger::update);
  a.when.priorities = {Priority::P2};
  a.then = {set_priority(Priority::P1)};
  auto b = rule(2, "B", 2, Trigger::update);
  b.when.priorities = {Priority::P1};
  b.then = {set_priority(Priority::P2)};
  Ticket before = ticket_of(Priority::P3);
  Ticket after = ticket_of(Priority::P2);
  FakeApply apply;
  auto runs = run({a, b}, Trigger::update, after, &before, apply);
  EXPECT_EQ(apply.ran, (std::vector<std::string>{"A", "B"})) << "each rule at most once per run";
  ASSERT_EQ(runs.size(), 2u);
}

TEST(RuleRun, an_update_rule_acts_when_its_conditions_become_true_not_on_every_later_edit) {
  auto notify_p1 = rule(1, "P1 通知", 1, Trigger::update);
  notify_p1.when.priorities = {Priority::P1};
  notify_p1.then = {set_team(5)};
  FakeApply apply;
  Ticket before = ticket_of(Priority::P2), after = ticket_of(Priority::P1);
  EXPECT_EQ(run({notify_p1}, Trigger::update, after, &before, apply).size(), 1u);
  Ticket still = ticket_of(Priority::P1);
  still.subject = "改了标题";
  EXPECT_TRUE(run({notify_p1}, Trigger::update, still, &after, apply).empty())
      << "it held before this edit already";
}

TEST(RuleRun, a_broken_rule_is_reported_and_skipped_and_the_run_goes_on) {
  auto broken = rule(1, "指派给离职员工", 1);
  Action who;
  who.kind = ActionKind::set_assignee;
  who.user_id = 404;
  broken.then = {set_priority(Priority::P1), who};
  auto next = rule(2, "P3 进一线", 2);
  next.when.priorities = {Priority::P3};
  next.then = {set_team(1)};
  FakeApply apply;
  Ticket t = ticket_of(Priority::P3);
  auto runs = run({broken, next}, Trigger::create, t, nullptr, apply);
  ASSERT_EQ(runs.size(), 2u);
  ASSERT_TRUE(runs[0].error);
  EXPECT_EQ(runs[0].error->field, "actions[0].user_id");
  EXPECT_FALSE(runs[1].error) << "the next rule saw the ticket as the broken rule left it: still P3";
}

TEST(RuleValidate, errors_name_the_field) {
  auto r = rule(0, "坏规则", 1);
  EXPECT_EQ(validate(r).error().field, "actions") << "a rule must do something";
  Action t;
  t.kind = ActionKind::set_team;
  r.then = {t};
  EXPECT_EQ(validate(r).error().field, "actions[0].team_id");
  r.then = {set_team(1)};
  EXPECT_TRUE(validate(r).ok());
  r.name = "";
  EXPECT_EQ(validate(r).error().field, "name");
  r.name = "好名字";
  Action st;
  st.kind = ActionKind::set_state;
  st.state = State::resolved;
  r.then = {st};
  EXPECT_EQ(validate(r).error().field, "actions[0].kind") << "only time rules change the state";
  r.trigger = Trigger::time;
  EXPECT_EQ(validate(r).error().field, "conditions.states");
  r.when.states = {State::pending_customer};
  EXPECT_EQ(validate(r).error().field, "conditions.for_minutes");
  r.when.for_minutes = 10 * 24 * 60;
  EXPECT_TRUE(validate(r).ok());
  r.when.states = {State::closed};
  EXPECT_EQ(validate(r).error().field, "conditions.states[0]");
  Action note;
  note.kind = ActionKind::add_note;
  note.text = "{{requester.phone}}";
  r.trigger = Trigger::create;
  r.when = {};
  r.then = {note};
  EXPECT_EQ(validate(r).error().field, "actions[0].text") << "unknown placeholder";
}

TEST(RuleJson, a_rule_survives_its_document_and_unknown_fields_are_refused) {
  auto r = rule(0, "待客户反馈 10 天自动解决", 20, Trigger::time);
  r.when.states = {State::pending_customer};
  r.when.for_minutes = 14400;
  Action st;
  st.kind = ActionKind::set_state;
  st.state = State::resolved;
  st.text = "10 天未收到反馈，自动解决。";
  r.then = {st};
  auto back = rule_from_document(rule_document(r));
  ASSERT_TRUE(back.ok()) << back.error().message;
  EXPECT_EQ(back->when, r.when);
  r.when.without_team = true;
  EXPECT_TRUE(rule_from_document(rule_document(r))->when.without_team);
  auto not_bool = rule_from_json(boost::json::parse(
      R"({"name":"x","trigger":"create","conditions":{"without_team":1},"actions":[{"kind":"add_tag","tag":"a"}]})"));
  ASSERT_FALSE(not_bool.ok());
  EXPECT_EQ(not_bool.error().field, "conditions.without_team");
  EXPECT_EQ(back->then, r.then);
  EXPECT_EQ(back->trigger, Trigger::time);
  auto bad = boost::json::parse(
      R"({"name":"x","trigger":"create","actions":[{"kind":"add_tag","tag":"a","colour":1}]})");
  auto e = rule_from_json(bad);
  ASSERT_FALSE(e.ok());
  EXPECT_EQ(e.error().field, "actions[0].colour");
}

TEST(Template, placeholders_are_filled_and_unknown_ones_refused) {
  EXPECT_EQ(render_template("{{requester.name}}您好，工单 {{ticket.number}}",
                            {{"requester.name", "黄磊"}, {"ticket.number", "20261130-0007"}}),
            "黄磊您好，工单 20261130-0007");
  EXPECT_EQ(render_template("{{agent.name}}", {}), "");
  EXPECT_TRUE(check_template("{{ticket.subject}} {{team.name}}", "body").ok());
  EXPECT_EQ(check_template("{{ticket.secret}}", "body").error().field, "body");
  EXPECT_FALSE(check_template("{{ticket.number", "body").ok());
}

}  // namespace
}  // namespace techdesk::dispatch
