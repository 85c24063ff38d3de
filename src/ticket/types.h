// Tickets, their articles (replies, internal notes, phone logs) and their events (the audit log),
// with the department's vocabulary as enums. Names on the wire are in types.cpp.
#pragma once

#include <chrono>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "common/clock.h"
#include "common/id.h"

namespace techdesk::ticket {

enum class TicketType { incident, service_request, consultation, complaint, presales };
enum class Level { high, medium, low };  // impact and urgency
enum class Priority { P1, P2, P3, P4 };
enum class Channel { web, email, phone, chat, api, alert };
enum class Tier { L1, L2 };
enum class State {
  new_,
  assigned,
  in_progress,
  pending_customer,
  pending_third_party,
  resolved,
  closed,
  reopened,
  cancelled,
};
enum class ArticleKind { reply, note, phone };

std::string_view name(TicketType v);
std::string_view name(Level v);
std::string_view name(Priority v);
std::string_view name(Channel v);
std::string_view name(Tier v);
std::string_view name(State v);
std::string_view name(ArticleKind v);

// Each parse_* returns nullopt for a name that is not one of the enum's wire names.
std::optional<TicketType> parse_ticket_type(std::string_view s);
std::optional<Level> parse_level(std::string_view s);
std::optional<Priority> parse_priority(std::string_view s);
std::optional<Channel> parse_channel(std::string_view s);
std::optional<Tier> parse_tier(std::string_view s);
std::optional<State> parse_state(std::string_view s);
std::optional<ArticleKind> parse_article_kind(std::string_view s);

// "P1, P2, P3, P4" — for error messages.
std::string all_names_priority();

struct Ticket {
  Id id = 0;
  std::string number;
  std::string subject;
  std::string description;
  TicketType type = TicketType::incident;
  std::optional<Id> category_id;
  Level impact = Level::medium;
  Level urgency = Level::medium;
  Priority priority = Priority::P3;
  Channel channel = Channel::web;
  State state = State::new_;
  Tier tier = Tier::L1;
  Id requester_id = 0;
  std::optional<Id> organization_id;
  std::optional<Id> team_id;
  std::optional<Id> assignee_id;
  std::optional<std::string> cancel_reason;
  Timestamp created_at{};
  Timestamp updated_at{};
  std::optional<Timestamp> resolved_at;
  std::optional<Timestamp> closed_at;
  int version = 1;
  // Requesters of tickets merged into this one (they see it as their own); read with the ticket.
  std::vector<Id> contact_ids;
};

struct NamedRef {
  Id id = 0;
  std::string name;
};

struct Category {
  Id id = 0;
  std::optional<Id> parent_id;
  std::string name;  // Chinese, as the department says it
  std::string name_en;
  std::string path;  // "硬件/打印机"
};

// The SLA record of a ticket, as plain data: which policy holds the ticket, its targets, the clock's
// history (how long it stood still), what is due when and what has fired. It is read with the ticket;
// the rules that compute it are in sla/ticket_clock.h.
struct TicketSla {
  Id ticket_id = 0;
  Id policy_id = 0;
  std::string policy_name;
  std::string why;  // why the policy applies, as shown to agents ("why this SLA")
  Id calendar_id = 0;
  Timestamp started_at{};
  Priority priority = Priority::P3;
  // Targets in business minutes of the calendar, copied from the policy when it was applied.
  std::optional<int> first_response_target;
  std::optional<int> next_update_target;
  std::optional<int> resolution_target;
  int warn_percent = 75;
  int second_level_percent = 150;
  std::vector<State> pause_states;

  // The clock.
  std::chrono::milliseconds stopped{0};    // business time the resolution clock stood still
  std::optional<Timestamp> stopped_since;  // standing still now (paused, or resolved)
  bool paused = false;                     // standing still because of a pause state
  std::optional<Timestamp> first_response_at;
  std::optional<Timestamp> resolved_at;
  std::optional<Timestamp> last_public_update;

  // Due times.
  std::optional<Timestamp> first_response_warn, first_response_due, first_response_second;
  std::optional<Timestamp> resolution_warn, resolution_due, resolution_second;
  std::optional<Timestamp> next_update_due;

  // What has fired; each fires once.
  bool first_response_warned = false, first_response_breached = false, first_response_escalated = false;
  bool resolution_warned = false, resolution_breached = false, resolution_escalated = false;
  bool next_update_breached = false;  // for the current next_update_due

  // When the scheduler must look at the ticket next (the due-time index); none: nothing pending.
  std::optional<Timestamp> next_check;
  // The nearest unmet due time of a running clock (what "time left" counts down to); for sorting.
  std::optional<Timestamp> nearest_due;

  bool operator==(const TicketSla&) const = default;
};

// A ticket with the names of what it refers to, as lists and the detail view show it.
struct TicketView {
  Ticket ticket;
  NamedRef requester;
  std::optional<NamedRef> assignee;
  std::optional<NamedRef> team;
  std::optional<NamedRef> organization;
  std::optional<Category> category;
  std::optional<TicketSla> sla;  // none when no SLA policy holds the ticket
};

struct Article {
  Id id = 0;
  Id ticket_id = 0;
  ArticleKind kind = ArticleKind::reply;
  std::string body;
  bool internal = false;
  Id author_id = 0;
  std::string author_name;
  Timestamp created_at{};
};

// One immutable line of a ticket's history.
struct Event {
  Id id = 0;
  Id ticket_id = 0;
  std::optional<Id> actor_id;
  std::string actor_name;
  Timestamp at{};
  std::string field;
  std::optional<std::string> before;
  std::optional<std::string> after;
  bool internal = false;  // hidden from requesters (e.g. an internal note was added)
};

}  // namespace techdesk::ticket
