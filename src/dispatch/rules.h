// Automation rules (自动化规则): when a ticket is created or changed — or has stood in a state long
// enough — and its facts meet the conditions, the actions run, in the rules' order. Plain data and the
// pure matching; the engine that runs them inside the ticket's transaction is automation.h.
#pragma once

#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "common/clock.h"
#include "common/error.h"
#include "common/function_ref.h"
#include "common/id.h"
#include "identity/types.h"
#include "ticket/types.h"

namespace techdesk::dispatch {

enum class Trigger { create, update, time };
std::string_view name(Trigger t);
std::optional<Trigger> parse_trigger(std::string_view s);

enum class RequesterKind { any, internal, external };

// Every non-empty condition must hold; inside one condition any listed value does.
struct Conditions {
  std::vector<Id> category_ids;  // a category matches its sub-categories too
  std::vector<ticket::Priority> priorities;
  std::vector<Id> organization_ids;
  std::vector<ticket::Channel> channels;
  std::vector<ticket::TicketType> types;
  RequesterKind requester_kind = RequesterKind::any;
  std::vector<std::string> words;  // any of them in the subject or description (ASCII letters ignore case)
  std::vector<ticket::State> states;
  int for_minutes = 0;  // time rules: in one of `states` for at least this long
  bool without_team =
      false;  // only tickets no team holds yet (routing that respects a team chosen at intake)
  bool operator==(const Conditions&) const = default;
};

enum class ActionKind { set_team, set_priority, set_assignee, add_tag, notify, add_note, reply, set_state };
std::string_view name(ActionKind k);
std::optional<ActionKind> parse_action_kind(std::string_view s);

enum class Recipient { assignee, team_leads, managers, requester };
std::string_view name(Recipient r);
std::optional<Recipient> parse_recipient(std::string_view s);

struct Action {
  ActionKind kind = ActionKind::add_note;
  std::optional<Id> team_id;                 // set_team
  std::optional<ticket::Priority> priority;  // set_priority
  std::optional<Id> user_id;                 // set_assignee
  std::string tag;                           // add_tag
  std::optional<Recipient> recipient;        // notify
  std::string text;                          // add_note, reply, notify (a template), set_state (the reason)
  std::optional<ticket::State> state;        // set_state
  bool operator==(const Action&) const = default;
};

struct Rule {
  Id id = 0;
  std::string name;
  int position = 0;  // run order, lowest first
  bool active = true;
  Trigger trigger = Trigger::create;
  Conditions when;
  std::vector<Action> then;
  std::string last_error;  // why it last failed (reported to admins); empty when it worked
  std::optional<Timestamp> last_error_at;
  Timestamp updated_at{};
};

// What rules decide on.
struct RuleFacts {
  const ticket::Ticket* ticket = nullptr;
  std::optional<identity::OrgKind> organization_kind{};  // none: no organisation (external)
  std::optional<Id> category_parent_id{};
  std::chrono::milliseconds in_state{0};  // time rules: how long the ticket has been in its state
};

bool matches(const Conditions& c, const RuleFacts& f);

// Checks a rule before it is saved; errors name the field ("actions[1].team_id", "conditions.for_minutes").
// Whether referenced teams and users exist is the service's check.
Result<void> validate(const Rule& r);

// The rules of `trigger`, active ones only, in their run order (position, then id).
std::vector<const Rule*> in_order(const std::vector<Rule>& rules, Trigger trigger);

// One rule's turn in a run.
struct RuleRun {
  const Rule* rule = nullptr;
  std::optional<Error> error;  // why its actions could not be carried out (nothing of them was)
};

// Performs one rule's actions on the ticket as it stands and returns the ticket as it then stands.
using ApplyRule = FunctionRef<Result<ticket::Ticket>(const Rule&, const ticket::Ticket&)>;

// Runs the create or update rules over a ticket, in order, each at most once. A rule fires when its
// conditions hold for the ticket as the rules before it left it; an update rule, moreover, only when
// they did not all hold before the change (`before`) — it acts when its conditions become true, not
// on every later edit. A rule whose actions fail is reported and skipped; the run goes on. What the
// actions change never starts another run (the engine's guard), so rules cannot loop.
std::vector<RuleRun> run_rules(const std::vector<Rule>& rules, Trigger trigger, const RuleFacts& facts,
                               const ticket::Ticket* before, ApplyRule apply);

}  // namespace techdesk::dispatch
