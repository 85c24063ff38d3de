// The team's assignment strategies: who gets the next ticket, and why in words.
#include "dispatch/assignment.h"

#include <gtest/gtest.h>

namespace techdesk::dispatch {
namespace {

using namespace std::chrono_literals;

const Timestamp k_t0 = from_millis(1'764'550'800'000);

Candidate agent(Id id, const char* name, int load = 0, int open = 0) {
  Candidate c;
  c.user_id = id;
  c.name = name;
  c.weighted_load = load;
  c.open_tickets = open;
  return c;
}

TEST(Assignment, manual_leaves_the_ticket_in_the_queue) {
  auto d = choose(Strategy::manual, {agent(1, "王工")}, {});
  EXPECT_FALSE(d.assignee.has_value());
  EXPECT_NE(d.why.find("queue"), std::string::npos);
}

TEST(Assignment, least_loaded_takes_the_lightest_weighted_load) {
  std::vector<Candidate> team{agent(1, "王工", 8, 2), agent(2, "李工", 3, 3), agent(3, "赵工", 5, 1)};
  auto d = choose(Strategy::least_loaded, team, {});
  EXPECT_EQ(d.assignee, 2);
  EXPECT_EQ(d.why, "least loaded: 李工 (load 3, 3 open) of 3 on duty");
}

TEST(Assignment, least_loaded_ties_go_to_fewer_tickets_then_the_longest_wait_then_the_lowest_id) {
  std::vector<Candidate> team{agent(5, "甲", 4, 2), agent(3, "乙", 4, 1)};
  EXPECT_EQ(choose(Strategy::least_loaded, team, {}).assignee, 3) << "fewer open tickets";
  team = {agent(5, "甲", 4, 1), agent(3, "乙", 4, 1)};
  team[1].last_assigned = k_t0;
  team[0].last_assigned = k_t0 - 1h;
  EXPECT_EQ(choose(Strategy::least_loaded, team, {}).assignee, 5) << "waited longest";
  team[0].last_assigned.reset();
  EXPECT_EQ(choose(Strategy::least_loaded, team, {}).assignee, 5) << "never got one: first";
  team = {agent(5, "甲"), agent(3, "乙")};
  EXPECT_EQ(choose(Strategy::least_loaded, team, {}).assignee, 3) << "all equal: lowest id";
}

TEST(Assignment, round_robin_gives_the_next_ticket_to_whoever_waited_longest) {
  std::vector<Candidate> team{agent(1, "王工"), agent(2, "李工"), agent(3, "赵工")};
  team[0].last_assigned = k_t0;
  team[1].last_assigned = k_t0 - 5min;
  team[2].last_assigned = k_t0 - 2min;
  auto d = choose(Strategy::round_robin, team, {});
  EXPECT_EQ(d.assignee, 2);
  EXPECT_EQ(d.why, "round robin: 李工, next in turn of 3 on duty");
  team[1].last_assigned = k_t0 + 1min;  // after being given that ticket
  EXPECT_EQ(choose(Strategy::round_robin, team, {}).assignee, 3);
}

TEST(Assignment, an_off_duty_agent_is_never_picked) {
  std::vector<Candidate> team{agent(1, "王工", 0), agent(2, "李工", 9)};
  team[0].on_duty = false;
  for (auto s : {Strategy::round_robin, Strategy::least_loaded, Strategy::skill_match})
    EXPECT_EQ(choose(s, team, {}).assignee, 2) << name(s);
}

TEST(Assignment, with_everyone_off_duty_the_ticket_waits_and_the_history_says_why) {
  std::vector<Candidate> team{agent(1, "王工"), agent(2, "李工")};
  for (auto& c : team)
    c.on_duty = false;
  auto d = choose(Strategy::least_loaded, team, {});
  EXPECT_FALSE(d.assignee.has_value());
  EXPECT_EQ(d.why, "nobody can take it, 2 off duty: waits in the team's queue");
  EXPECT_EQ(choose(Strategy::round_robin, {}, {}).why, "the team has no members: waits in the team's queue");
}

TEST(Assignment, members_at_capacity_are_passed_over) {
  std::vector<Candidate> team{agent(1, "王工", 2, 5), agent(2, "李工", 20, 4)};
  EXPECT_EQ(choose(Strategy::least_loaded, team, {}, 5).assignee, 2);
  team[1].open_tickets = 5;
  auto d = choose(Strategy::least_loaded, team, {}, 5);
  EXPECT_FALSE(d.assignee.has_value());
  EXPECT_EQ(d.why, "nobody can take it, 2 at capacity (5): waits in the team's queue");
  EXPECT_EQ(choose(Strategy::least_loaded, team, {}, 0).assignee, 1) << "0: no limit";
}

TEST(Assignment, skill_match_picks_the_best_skilled_then_the_least_loaded) {
  std::vector<Candidate> team{agent(1, "王工", 0), agent(2, "李工", 6), agent(3, "赵工", 2)};
  team[0].skills = {{"网络", 2}};
  team[1].skills = {{"网络", 4}, {"Oracle", 2}};
  team[2].skills = {{"网络", 4}, {"Oracle", 3}};
  auto d = choose(Strategy::skill_match, team, {{"网络", 3}});
  EXPECT_EQ(d.assignee, 3) << "both 李工 and 赵工 have 网络 4; 赵工 is less loaded";
  EXPECT_EQ(d.why, "skill match: 赵工 has 网络 3 (score 4), 2 able of 3 on duty");
  d = choose(Strategy::skill_match, team, {{"网络", 3}, {"Oracle", 3}});
  EXPECT_EQ(d.assignee, 3);
  d = choose(Strategy::skill_match, team, {{"Oracle", 2}, {"网络", 4}});
  EXPECT_EQ(d.assignee, 3) << "score 7 beats 6";
}

TEST(Assignment, skill_match_without_anyone_skilled_enough_falls_back_to_the_least_loaded_and_says_so) {
  std::vector<Candidate> team{agent(1, "王工", 5), agent(2, "李工", 1)};
  team[0].skills = {{"SAP", 2}};
  auto d = choose(Strategy::skill_match, team, {{"SAP", 4}});
  EXPECT_EQ(d.assignee, 2);
  EXPECT_EQ(d.why, "skill match: nobody on duty has SAP 4; least loaded 李工 (load 1, 0 open)");
}

TEST(Assignment, priorities_weigh_the_load) {
  EXPECT_EQ(load_weight(0), 4);
  EXPECT_EQ(load_weight(3), 1);
  EXPECT_EQ(load_weight(-2), 4);
  EXPECT_EQ(load_weight(9), 1);
}

TEST(Assignment, strategies_parse_by_name) {
  for (auto s : {Strategy::manual, Strategy::round_robin, Strategy::least_loaded, Strategy::skill_match})
    EXPECT_EQ(parse_strategy(name(s)), s);
  EXPECT_FALSE(parse_strategy("random").has_value());
}

}  // namespace
}  // namespace techdesk::dispatch
