// Who gets a ticket: the team's assignment strategy as a pure function of the team's members (their
// duty status, skills and current load) and what the ticket needs. Returns the chosen agent and, always,
// the reason in words, for the ticket's history ("least loaded: 王工 (load 3) of 4 on duty").
#pragma once

#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "common/clock.h"
#include "common/id.h"

namespace techdesk::dispatch {

enum class Strategy { manual, round_robin, least_loaded, skill_match };
std::string_view name(Strategy s);
std::optional<Strategy> parse_strategy(std::string_view s);

// A skill tag with a level from 1 (basic) to 5 (expert): 网络 3, Oracle 2.
struct Skill {
  std::string tag;
  int level = 1;
  bool operator==(const Skill&) const = default;
};

struct Candidate {
  Id user_id = 0;
  std::string name;
  bool on_duty = true;
  std::vector<Skill> skills;
  int open_tickets = 0;                    // open tickets assigned now
  int weighted_load = 0;                   // the same, weighted by priority (P1 4, P2 3, P3 2, P4 1)
  std::optional<Timestamp> last_assigned;  // when this member last got a ticket by auto-assignment
};

struct Decision {
  std::optional<Id> assignee;  // none: nobody could take it (the ticket stays in the team's queue)
  std::string why;
};

// The weight of one open ticket of priority index p (0 = P1 … 3 = P4) in weighted_load.
int load_weight(int priority_index);

// `capacity`: the most open tickets a member may hold (0: no limit). `required`: the skills the ticket's
// category needs (each at least at its level).
Decision choose(Strategy strategy, const std::vector<Candidate>& members, const std::vector<Skill>& required,
                int capacity = 0);

}  // namespace techdesk::dispatch
