// Tickets, their articles (replies, internal notes, phone logs) and their events (the audit log),
// with the department's vocabulary as enums. Names on the wire are in types.cpp.
#pragma once

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

// A ticket with the names of what it refers to, as lists and the detail view show it.
struct TicketView {
  Ticket ticket;
  NamedRef requester;
  std::optional<NamedRef> assignee;
  std::optional<NamedRef> team;
  std::optional<NamedRef> organization;
  std::optional<Category> category;
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
