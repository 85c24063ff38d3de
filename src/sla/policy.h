// SLA policies: what the department promises, and to whom. A policy holds response, next-update and
// resolution targets per priority and the conditions on which it applies; the first active policy in
// order whose conditions all hold is the ticket's. Pure rules: no I/O, no clock.
#pragma once

#include <array>
#include <optional>
#include <string>
#include <vector>

#include "common/error.h"
#include "common/id.h"
#include "identity/types.h"
#include "ticket/types.h"

namespace techdesk::sla {

enum class RequesterKind { any, internal, external };
std::string_view name(RequesterKind k);
std::optional<RequesterKind> parse_requester_kind(std::string_view s);

// Targets in business minutes of the policy's calendar; nullopt: no promise of that kind.
struct Targets {
  std::optional<int> first_response;
  std::optional<int> next_update;  // after each public update by an agent, the next is due within this
  std::optional<int> resolution;
  bool operator==(const Targets&) const = default;
};

// What runs when a resolution or first-response target is breached.
struct BreachActions {
  bool raise_tier = false;        // L1 → L2
  bool reassign_to_lead = false;  // to a team lead of the ticket's team
  bool raise_priority = false;    // one step, P4 → P3 → P2 → P1
  bool notify_manager = false;    // at breach already, not only at the second level
  bool operator==(const BreachActions&) const = default;
};

struct Policy {
  Id id = 0;
  std::string name;
  int position = 0;  // evaluation order, lowest first
  bool active = true;
  // Conditions; an empty list or `any` matches every ticket.
  std::vector<Id> organization_ids;
  RequesterKind requester_kind = RequesterKind::any;
  std::vector<ticket::TicketType> types;
  std::vector<Id> category_ids;  // a category matches its sub-categories too
  Id calendar_id = 0;
  std::array<Targets, 4> targets;  // by priority: P1, P2, P3, P4
  std::vector<ticket::State> pause_states{ticket::State::pending_customer,
                                          ticket::State::pending_third_party};
  int warn_percent = 75;           // the assignee is warned when this share of a target has passed
  int second_level_percent = 150;  // managers are told at this share; 0 turns the second level off
  BreachActions on_breach;
  Timestamp updated_at{};
};

// The facts about a ticket that policies decide on.
struct TicketFacts {
  std::optional<Id> organization_id;
  std::optional<identity::OrgKind> organization_kind;  // none: requester without organisation (external)
  ticket::TicketType type = ticket::TicketType::incident;
  std::optional<Id> category_id;
  std::optional<Id> category_parent_id;
};

bool matches(const Policy& p, const TicketFacts& t);
// The first active policy (by position, then id) that matches; null when none does.
const Policy* match_policy(const std::vector<Policy>& policies, const TicketFacts& t);
// Why `p` applies, for the "why this SLA" line: "内部员工 (internal requester, any type, any category)".
std::string explain_match(const Policy& p);

// Checks a policy before it is saved; errors name the field ("targets.P1.resolution", "warn_percent", …).
Result<void> validate(const Policy& p);

// The department's promises: internal staff get a response within 1 hour and a resolution within 24
// hours, external customers 2 and 48 hours; an emergency (P1) is solved within 2 hours and an urgent
// request (P2) within 4 hours. All in business time of `business_calendar`. A third policy, inactive,
// is a 7×24 template for contract customers.
std::vector<Policy> default_policies(Id business_calendar, Id always_open_calendar);

}  // namespace techdesk::sla
