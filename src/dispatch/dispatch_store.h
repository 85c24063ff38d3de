// What dispatch needs from storage: team settings, agents' duty and skills and loads, categories'
// skills, tags, links, the work log, automation rules and macros. Implemented by each backend; all SQL in
// storage/<backend>/dispatch_repo_<backend>.cpp.
#pragma once

#include <optional>
#include <string>
#include <vector>

#include "dispatch/rules.h"
#include "dispatch/types.h"
#include "sla/sla_store.h"

namespace techdesk::dispatch {

class DispatchRepo {
 public:
  virtual ~DispatchRepo() = default;

  // A team without saved settings is manual, unlimited, without escalation target or hours.
  virtual std::optional<TeamDispatch> find_team_dispatch(Id team) = 0;
  virtual void save_team_dispatch(const TeamDispatch& d) = 0;
  // The settings of every team that assigns automatically.
  virtual std::vector<TeamDispatch> auto_teams() = 0;

  // Whom assignment chooses from: the team's active members who are agents, with their duty, skills,
  // load and when they last got one of the team's tickets — one statement, whatever the team's size.
  virtual std::vector<Candidate> team_candidates(Id team) = 0;
  // Agents never given a profile are on duty without skills.
  virtual std::vector<AgentProfile> agent_profiles(const std::vector<Id>& users) = 0;
  virtual void set_on_duty(Id user, bool on_duty, Timestamp at) = 0;
  virtual void set_skills(Id user, const std::vector<Skill>& skills, Timestamp at) = 0;
  // Open tickets assigned to each user (weighted by priority, see assignment.h).
  virtual std::vector<MemberLoad> member_loads(const std::vector<Id>& users) = 0;
  virtual void touch_assigned(Id team, Id user, Timestamp at) = 0;

  // Open tickets of the team that nobody holds, oldest first (the team's queue).
  virtual std::vector<Id> queued_tickets(Id team, int limit) = 0;

  virtual std::vector<Skill> category_skills(Id category) = 0;
  virtual void set_category_skills(Id category, const std::vector<Skill>& skills) = 0;

  virtual std::vector<std::string> tags(Id ticket) = 0;
  // False when the ticket already had it.
  virtual bool add_tag(Id ticket, const std::string& tag) = 0;
  virtual bool remove_tag(Id ticket, const std::string& tag) = 0;

  // Adds a requester who sees the ticket as their own (merges); false when they already did.
  virtual bool add_contact(Id ticket, Id user, Timestamp at) = 0;

  // False when the same link exists.
  virtual std::optional<Id> insert_link(const Link& l) = 0;
  // Links from and to the ticket.
  virtual std::vector<Link> links_of(Id ticket) = 0;
  virtual std::optional<Link> find_link(Id id) = 0;
  virtual void delete_link(Id id) = 0;
  // Moves the articles of `from` to `to` — those in `only`, or every one when it is empty; returns how
  // many moved.
  virtual int move_articles(Id from, Id to, const std::vector<Id>& only) = 0;

  virtual Id insert_worklog(const WorklogEntry& e) = 0;
  virtual std::vector<WorklogEntry> worklog_of(Id ticket) = 0;
  virtual std::optional<WorklogEntry> find_worklog(Id id) = 0;
  virtual void delete_worklog(Id id) = 0;
  // Entries with from_day ≤ work_date ≤ to_day, of one user or everyone, newest day first.
  virtual std::vector<WorklogEntry> worklog_between(std::optional<Id> user, const std::string& from_day,
                                                    const std::string& to_day, int limit) = 0;

  virtual std::vector<Rule> list_rules() = 0;
  virtual std::optional<Rule> find_rule(Id id) = 0;
  virtual Result<Id> insert_rule(const Rule& r) = 0;  // conflict on the name
  virtual Result<void> update_rule(const Rule& r) = 0;
  virtual void delete_rule(Id id) = 0;
  // An empty error clears the last one (the rule worked again).
  virtual void record_rule_error(Id rule, const std::string& error, std::optional<Timestamp> at) = 0;

  // When each open ticket entered its state (what time rules wait on); a closed ticket is forgotten.
  virtual void set_state_since(Id ticket, ticket::State state, Timestamp since) = 0;
  virtual void forget_state_since(Id ticket) = 0;
  // Tickets in one of `states` since at or before `before`, for which `rule` has not run during that
  // stay, oldest first, with when the stay began.
  virtual std::vector<std::pair<Id, Timestamp>> unclaimed_in_state(Id rule,
                                                                   const std::vector<ticket::State>& states,
                                                                   Timestamp before, int limit) = 0;
  // Records that `rule` ran for the ticket's stay in its state that began at `since`; false when it had
  // (another node's pass got there first).
  virtual bool claim_rule_run(Id rule, Id ticket, Timestamp since, Timestamp at) = 0;

  virtual std::vector<Macro> list_macros() = 0;
  virtual std::optional<Macro> find_macro(Id id) = 0;
  virtual Result<Id> insert_macro(const Macro& m) = 0;  // conflict on (team, name)
  virtual Result<void> update_macro(const Macro& m) = 0;
  virtual void delete_macro(Id id) = 0;
};

// The repositories a dispatch use case touches in one transaction: its own, and the SLA's (business
// calendars for working hours; with them the ticket's and notifications').
class DispatchTx : public virtual sla::SlaTx {
 public:
  virtual DispatchRepo& dispatch() = 0;
};

}  // namespace techdesk::dispatch
