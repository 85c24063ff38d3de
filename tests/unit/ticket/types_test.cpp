// Wire names of the ticket vocabulary: every name parses back to its value; anything else, including
// a different case, is rejected.
#include "ticket/types.h"

#include <gtest/gtest.h>

#include <optional>
#include <set>
#include <string>
#include <string_view>
#include <vector>

namespace {

using namespace techdesk::ticket;

// Checks that every value has a distinct name, that the name parses back to the value, and that
// the upper- and lower-cased name (when different) does not parse.
template <class E, class Parse>
void expect_round_trips(const std::vector<E>& values, Parse parse,
                        const std::vector<std::string_view>& names) {
  ASSERT_EQ(values.size(), names.size());
  std::set<std::string_view> seen;
  for (std::size_t i = 0; i < values.size(); ++i) {
    std::string_view n = name(values[i]);
    EXPECT_EQ(n, names[i]);
    EXPECT_TRUE(seen.insert(n).second) << "duplicate name " << n;
    std::optional<E> back = parse(n);
    ASSERT_TRUE(back.has_value()) << n;
    EXPECT_EQ(*back, values[i]) << n;

    std::string upper(n), lower(n);
    for (char& c : upper)
      if (c >= 'a' && c <= 'z') c = static_cast<char>(c - 'a' + 'A');
    for (char& c : lower)
      if (c >= 'A' && c <= 'Z') c = static_cast<char>(c - 'A' + 'a');
    if (upper != n) {
      EXPECT_FALSE(parse(upper).has_value()) << upper;
    }
    if (lower != n) {
      EXPECT_FALSE(parse(lower).has_value()) << lower;
    }
    EXPECT_FALSE(parse(std::string(n) + " ").has_value()) << n;
    EXPECT_FALSE(parse(" " + std::string(n)).has_value()) << n;
  }
  EXPECT_FALSE(parse("").has_value());
  EXPECT_FALSE(parse("unknown").has_value());
}

TEST(TicketTypes, ticket_type_names_round_trip) {
  expect_round_trips<TicketType>({TicketType::incident, TicketType::service_request, TicketType::consultation,
                                  TicketType::complaint, TicketType::presales},
                                 parse_ticket_type,
                                 {"incident", "service_request", "consultation", "complaint", "presales"});
  EXPECT_FALSE(parse_ticket_type("service-request").has_value());
}

TEST(TicketTypes, level_names_round_trip) {
  expect_round_trips<Level>({Level::high, Level::medium, Level::low}, parse_level, {"high", "medium", "low"});
  EXPECT_FALSE(parse_level("critical").has_value());
}

TEST(TicketTypes, priority_names_round_trip) {
  expect_round_trips<Priority>({Priority::P1, Priority::P2, Priority::P3, Priority::P4}, parse_priority,
                               {"P1", "P2", "P3", "P4"});
  EXPECT_FALSE(parse_priority("P0").has_value());
  EXPECT_FALSE(parse_priority("P5").has_value());
  EXPECT_FALSE(parse_priority("1").has_value());
}

TEST(TicketTypes, channel_names_round_trip) {
  expect_round_trips<Channel>(
      {Channel::web, Channel::email, Channel::phone, Channel::chat, Channel::api, Channel::alert},
      parse_channel, {"web", "email", "phone", "chat", "api", "alert"});
  EXPECT_FALSE(parse_channel("fax").has_value());
}

TEST(TicketTypes, tier_names_round_trip) {
  expect_round_trips<Tier>({Tier::L1, Tier::L2}, parse_tier, {"L1", "L2"});
  EXPECT_FALSE(parse_tier("L3").has_value());
}

TEST(TicketTypes, state_names_round_trip) {
  expect_round_trips<State>(
      {State::new_, State::assigned, State::in_progress, State::pending_customer, State::pending_third_party,
       State::resolved, State::closed, State::reopened, State::cancelled},
      parse_state,
      {"new", "assigned", "in_progress", "pending_customer", "pending_third_party", "resolved", "closed",
       "reopened", "cancelled"});
}

TEST(TicketTypes, the_new_state_is_called_new_on_the_wire_not_by_its_cpp_spelling) {
  EXPECT_EQ(name(State::new_), "new");
  EXPECT_FALSE(parse_state("new_").has_value());
  EXPECT_FALSE(parse_state("in-progress").has_value());
  EXPECT_FALSE(parse_state("canceled").has_value());
}

TEST(TicketTypes, article_kind_names_round_trip) {
  expect_round_trips<ArticleKind>({ArticleKind::reply, ArticleKind::note, ArticleKind::phone},
                                  parse_article_kind, {"reply", "note", "phone"});
  EXPECT_FALSE(parse_article_kind("email").has_value());
}

TEST(TicketTypes, the_list_of_priority_names_for_error_messages_matches_the_names) {
  std::string expected;
  for (Priority p : {Priority::P1, Priority::P2, Priority::P3, Priority::P4}) {
    if (!expected.empty()) expected += ", ";
    expected += name(p);
  }
  EXPECT_EQ(all_names_priority(), expected);
}

TEST(TicketTypes, parsing_does_not_stop_at_an_embedded_nul) {
  using namespace std::string_view_literals;
  EXPECT_FALSE(parse_state("new\0"sv).has_value());
  EXPECT_FALSE(parse_priority("P1\0x"sv).has_value());
}

}  // namespace
