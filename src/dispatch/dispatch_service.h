// Dispatch use cases: teams' dispatch settings and members, agents' duty and skills, categories'
// skills; escalation (L1 → L2 along the team's chain), de-escalation and transfer; merge, split and
// links; tags; the work log (工时) and its totals; automation rules and macros; presence (who is replying).
// Every method takes the acting Principal, authorises it and owns its transaction; each hand-over is an
// event in the ticket's history and a live change.
//
// Who may hand a ticket over: admins and managers any ticket; otherwise only someone who holds it — its
// assignee, or a member of its current team (a team lead through their teams) — so an L1 agent cannot
// take a ticket away from another team's L2.
#pragma once

#include <optional>
#include <string>
#include <vector>

#include "common/clock.h"
#include "common/tx.h"
#include "dispatch/automation.h"
#include "dispatch/dispatch_store.h"
#include "dispatch/dispatcher.h"
#include "identity/types.h"
#include "ticket/ticket_service.h"

namespace techdesk::dispatch {

struct MemberView {
  Id user_id = 0;
  std::string login;
  std::string name;
  identity::Role role = identity::Role::agent_l1;
  bool active = true;
  bool on_duty = true;
  std::vector<Skill> skills;
  int open_tickets = 0;
  int weighted_load = 0;
  std::optional<Timestamp> last_assigned;
};

struct TeamSettings {
  std::optional<Strategy> strategy;
  std::optional<int> capacity;
  Patch<Id> escalation_team_id;
  Patch<Id> calendar_id;
};

struct LinkView {
  Link link;
  // Seen from the ticket asked about: "merged_into", "merged_from", "parent_of", "child_of", "related",
  // "split_from", "split_to".
  std::string relation;
  Id other_id = 0;
  std::string other_number;
  std::string other_subject;
  ticket::State other_state = ticket::State::new_;
};

struct NewWorklog {
  int minutes = 0;
  Activity activity = Activity::remote;
  std::string note;
  std::optional<std::string> work_date;  // YYYY-MM-DD; today (local) when absent
};

struct WorklogTotals {
  struct Row {
    Id user_id = 0;
    std::string user_name;
    std::string period;  // a day (YYYY-MM-DD) or the Monday of a week
    int minutes = 0;
    int entries = 0;
  };
  std::vector<Row> rows;
  int total_minutes = 0;
};

struct SplitRequest {
  std::vector<Id> article_ids;  // moved to the new ticket
  std::optional<std::string> subject;
};

struct DispatchServiceOptions {
  std::string zone = "Asia/Shanghai";  // local days of the work log
};

class DispatchService {
 public:
  DispatchService(TxRunner<DispatchTx>& store, ticket::TicketService& tickets, Dispatcher& dispatcher,
                  AutomationEngine& automation, const Clock& clock, DispatchServiceOptions options = {})
      : m_store(store),
        m_tickets(tickets),
        m_dispatcher(dispatcher),
        m_automation(automation),
        m_clock(clock),
        m_options(std::move(options)) {}

  // ---- teams, agents, categories ----
  Result<TeamDispatch> team_settings(const identity::Principal& actor, Id team);
  Result<TeamDispatch> update_team_settings(const identity::Principal& actor, Id team, const TeamSettings& s);
  Result<std::vector<MemberView>> members(const identity::Principal& actor, Id team);
  Result<std::vector<MemberView>> add_member(const identity::Principal& actor, Id team, Id user);
  Result<std::vector<MemberView>> remove_member(const identity::Principal& actor, Id team, Id user);
  Result<MemberView> agent(const identity::Principal& actor, Id user);
  Result<MemberView> update_agent(const identity::Principal& actor, Id user, std::optional<bool> on_duty,
                                  const std::optional<std::vector<Skill>>& skills);
  Result<std::vector<Skill>> category_skills(const identity::Principal& actor, Id category);
  Result<std::vector<Skill>> set_category_skills(const identity::Principal& actor, Id category,
                                                 const std::vector<Skill>& skills);

  // ---- hand-overs ----
  Result<ticket::TicketView> escalate(const identity::Principal& actor, Id id, const std::string& reason,
                                      const std::string& summary);
  Result<ticket::TicketView> deescalate(const identity::Principal& actor, Id id, const std::string& reason);
  Result<ticket::TicketView> transfer(const identity::Principal& actor, Id id, Id team,
                                      const std::string& reason);
  Result<ticket::TicketView> auto_assign(const identity::Principal& actor, Id id);

  // ---- merge, split, links, tags ----
  Result<ticket::TicketView> merge(const identity::Principal& actor, Id id, Id into);
  Result<ticket::TicketView> split(const identity::Principal& actor, Id id, const SplitRequest& r);
  Result<std::vector<LinkView>> links(const identity::Principal& actor, Id id);
  // kind: parent_of, child_of (stored as the other's parent_of) or related.
  Result<std::vector<LinkView>> add_link(const identity::Principal& actor, Id id, Id other,
                                         const std::string& kind);
  Result<void> remove_link(const identity::Principal& actor, Id id, Id link);
  Result<std::vector<std::string>> tags(const identity::Principal& actor, Id id);
  Result<std::vector<std::string>> add_tag(const identity::Principal& actor, Id id, const std::string& tag);
  Result<std::vector<std::string>> remove_tag(const identity::Principal& actor, Id id,
                                              const std::string& tag);

  // ---- work log ----
  Result<std::vector<WorklogEntry>> worklog(const identity::Principal& actor, Id ticket);
  Result<WorklogEntry> log_work(const identity::Principal& actor, Id ticket, const NewWorklog& e);
  Result<void> delete_work(const identity::Principal& actor, Id ticket, Id entry);
  // Per agent and day or week ("day" | "week") in [from, to] (local days, at most 366 apart). Agents see
  // their own; team leads, managers and admins anyone's.
  Result<WorklogTotals> worklog_totals(const identity::Principal& actor, std::optional<Id> user,
                                       const std::string& from, const std::string& to,
                                       const std::string& group);

  // ---- automation rules (admins and managers) ----
  Result<std::vector<Rule>> rules(const identity::Principal& actor);
  Result<Rule> rule(const identity::Principal& actor, Id id);
  Result<Rule> create_rule(const identity::Principal& actor, Rule r);
  Result<Rule> replace_rule(const identity::Principal& actor, Id id, Rule r);
  Result<void> delete_rule(const identity::Principal& actor, Id id);

  // ---- macros ----
  // The macros the actor may use: everyone's, and their teams' (all of them for managers and admins).
  Result<std::vector<Macro>> macros(const identity::Principal& actor);
  Result<Macro> create_macro(const identity::Principal& actor, Macro m);
  Result<Macro> replace_macro(const identity::Principal& actor, Id id, Macro m);
  Result<void> delete_macro(const identity::Principal& actor, Id id);
  // The macro's text with the ticket's values in place of its placeholders.
  Result<std::string> render_macro(const identity::Principal& actor, Id macro, Id ticket);

  // ---- presence ----
  // Tells the other staff watching the ticket that the actor is "replying", "viewing" or "idle".
  Result<void> presence(const identity::Principal& actor, Id ticket, const std::string& activity);

 private:
  Result<void> check_rule_refs(DispatchTx& tx, const Rule& r);
  Result<void> changed_config(DispatchTx& tx);

  TxRunner<DispatchTx>& m_store;
  ticket::TicketService& m_tickets;
  Dispatcher& m_dispatcher;
  AutomationEngine& m_automation;
  const Clock& m_clock;
  DispatchServiceOptions m_options;
};

// Checks a skill list (at most 50, tags 1–50 characters without commas, levels 1–5, no tag twice);
// errors name `field` ("skills[2].level").
Result<void> check_skills(const std::vector<Skill>& skills, const std::string& field);

}  // namespace techdesk::dispatch
