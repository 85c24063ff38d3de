#include "ticket/types.h"

#include "common/enum_names.h"

namespace techdesk::ticket {

namespace {

using enum_names::lookup;
using enum_names::Names;
using enum_names::parse;

constexpr Names<TicketType, 5> k_types{{{TicketType::incident, "incident"},
                                        {TicketType::service_request, "service_request"},
                                        {TicketType::consultation, "consultation"},
                                        {TicketType::complaint, "complaint"},
                                        {TicketType::presales, "presales"}}};
constexpr Names<Level, 3> k_levels{{{Level::high, "high"}, {Level::medium, "medium"}, {Level::low, "low"}}};
constexpr Names<Priority, 4> k_priorities{
    {{Priority::P1, "P1"}, {Priority::P2, "P2"}, {Priority::P3, "P3"}, {Priority::P4, "P4"}}};
constexpr Names<Channel, 6> k_channels{{{Channel::web, "web"},
                                        {Channel::email, "email"},
                                        {Channel::phone, "phone"},
                                        {Channel::chat, "chat"},
                                        {Channel::api, "api"},
                                        {Channel::alert, "alert"}}};
constexpr Names<Tier, 2> k_tiers{{{Tier::L1, "L1"}, {Tier::L2, "L2"}}};
constexpr Names<State, 9> k_states{{{State::new_, "new"},
                                    {State::assigned, "assigned"},
                                    {State::in_progress, "in_progress"},
                                    {State::pending_customer, "pending_customer"},
                                    {State::pending_third_party, "pending_third_party"},
                                    {State::resolved, "resolved"},
                                    {State::closed, "closed"},
                                    {State::reopened, "reopened"},
                                    {State::cancelled, "cancelled"}}};
constexpr Names<ArticleKind, 3> k_kinds{
    {{ArticleKind::reply, "reply"}, {ArticleKind::note, "note"}, {ArticleKind::phone, "phone"}}};

}  // namespace

std::string_view name(TicketType v) {
  return lookup(k_types, v);
}
std::string_view name(Level v) {
  return lookup(k_levels, v);
}
std::string_view name(Priority v) {
  return lookup(k_priorities, v);
}
std::string_view name(Channel v) {
  return lookup(k_channels, v);
}
std::string_view name(Tier v) {
  return lookup(k_tiers, v);
}
std::string_view name(State v) {
  return lookup(k_states, v);
}
std::string_view name(ArticleKind v) {
  return lookup(k_kinds, v);
}

std::optional<TicketType> parse_ticket_type(std::string_view s) {
  return parse(k_types, s);
}
std::optional<Level> parse_level(std::string_view s) {
  return parse(k_levels, s);
}
std::optional<Priority> parse_priority(std::string_view s) {
  return parse(k_priorities, s);
}
std::optional<Channel> parse_channel(std::string_view s) {
  return parse(k_channels, s);
}
std::optional<Tier> parse_tier(std::string_view s) {
  return parse(k_tiers, s);
}
std::optional<State> parse_state(std::string_view s) {
  return parse(k_states, s);
}
std::optional<ArticleKind> parse_article_kind(std::string_view s) {
  return parse(k_kinds, s);
}

std::string all_names_priority() {
  return "P1, P2, P3, P4";
}

}  // namespace techdesk::ticket
