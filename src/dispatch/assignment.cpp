#include "dispatch/assignment.h"

#include <algorithm>

namespace techdesk::dispatch {

std::string_view name(Strategy s) {
  switch (s) {
    case Strategy::manual:
      return "manual";
    case Strategy::round_robin:
      return "round_robin";
    case Strategy::least_loaded:
      return "least_loaded";
    case Strategy::skill_match:
      return "skill_match";
  }
  return "manual";
}

std::optional<Strategy> parse_strategy(std::string_view s) {
  for (auto st : {Strategy::manual, Strategy::round_robin, Strategy::least_loaded, Strategy::skill_match})
    if (name(st) == s) return st;
  return std::nullopt;
}

int load_weight(int priority_index) {
  return 4 - std::clamp(priority_index, 0, 3);
}

namespace {

int skill_level(const Candidate& c, const std::string& tag) {
  for (const auto& s : c.skills)
    if (s.tag == tag) return s.level;
  return 0;
}

bool has_all(const Candidate& c, const std::vector<Skill>& required) {
  return std::all_of(required.begin(), required.end(),
                     [&](const Skill& r) { return skill_level(c, r.tag) >= r.level; });
}

// Least loaded first; then fewer open tickets; then the one who waited longest for a ticket; then id.
bool lighter(const Candidate* a, const Candidate* b) {
  if (a->weighted_load != b->weighted_load) return a->weighted_load < b->weighted_load;
  if (a->open_tickets != b->open_tickets) return a->open_tickets < b->open_tickets;
  if (a->last_assigned != b->last_assigned) {
    if (!a->last_assigned) return true;
    if (!b->last_assigned) return false;
    return *a->last_assigned < *b->last_assigned;
  }
  return a->user_id < b->user_id;
}

std::string load_of(const Candidate& c) {
  return c.name + " (load " + std::to_string(c.weighted_load) + ", " + std::to_string(c.open_tickets) +
         " open)";
}

}  // namespace

Decision choose(Strategy strategy, const std::vector<Candidate>& members, const std::vector<Skill>& required,
                int capacity) {
  if (strategy == Strategy::manual) return {std::nullopt, "manual assignment: waits in the team's queue"};
  std::vector<const Candidate*> pool;
  int off_duty = 0, full = 0;
  for (const auto& m : members) {
    if (!m.on_duty) {
      ++off_duty;
      continue;
    }
    if (capacity > 0 && m.open_tickets >= capacity) {
      ++full;
      continue;
    }
    pool.push_back(&m);
  }
  if (pool.empty()) {
    std::string why = members.empty() ? "the team has no members" : "nobody can take it";
    if (off_duty) why += ", " + std::to_string(off_duty) + " off duty";
    if (full) why += ", " + std::to_string(full) + " at capacity (" + std::to_string(capacity) + ")";
    return {std::nullopt, why + ": waits in the team's queue"};
  }
  const std::string of = " of " + std::to_string(pool.size()) + " on duty";
  switch (strategy) {
    case Strategy::round_robin: {
      // The member who has waited longest since their last auto-assigned ticket (never: first).
      auto it = std::min_element(pool.begin(), pool.end(), [](const Candidate* a, const Candidate* b) {
        if (a->last_assigned != b->last_assigned) {
          if (!a->last_assigned) return true;
          if (!b->last_assigned) return false;
          return *a->last_assigned < *b->last_assigned;
        }
        return a->user_id < b->user_id;
      });
      return {(*it)->user_id, "round robin: " + (*it)->name + ", next in turn" + of};
    }
    case Strategy::least_loaded: {
      auto it = std::min_element(pool.begin(), pool.end(), lighter);
      return {(*it)->user_id, "least loaded: " + load_of(**it) + of};
    }
    case Strategy::skill_match: {
      std::vector<const Candidate*> able;
      for (const auto* c : pool)
        if (has_all(*c, required)) able.push_back(c);
      std::string needs;
      for (const auto& r : required)
        needs += (needs.empty() ? "" : ", ") + r.tag + " " + std::to_string(r.level);
      if (required.empty()) {
        auto it = std::min_element(pool.begin(), pool.end(), lighter);
        return {(*it)->user_id, "skill match: the category needs no skill; least loaded " + load_of(**it)};
      }
      if (able.empty()) {
        auto it = std::min_element(pool.begin(), pool.end(), lighter);
        return {(*it)->user_id,
                "skill match: nobody on duty has " + needs + "; least loaded " + load_of(**it)};
      }
      // The best match first (sum of the levels of the needed skills), then the least loaded.
      auto score = [&](const Candidate* c) {
        int s = 0;
        for (const auto& r : required)
          s += skill_level(*c, r.tag);
        return s;
      };
      auto it = std::min_element(able.begin(), able.end(), [&](const Candidate* a, const Candidate* b) {
        if (score(a) != score(b)) return score(a) > score(b);
        return lighter(a, b);
      });
      return {(*it)->user_id, "skill match: " + (*it)->name + " has " + needs + " (score " +
                                  std::to_string(score(*it)) + "), " + std::to_string(able.size()) + " able" +
                                  of};
    }
    case Strategy::manual:
      break;
  }
  return {std::nullopt, "manual assignment"};
}

}  // namespace techdesk::dispatch
