#include "ticket/ticket_change.h"

#include <gtest/gtest.h>

namespace techdesk::ticket {
namespace {

Ticket sample() {
  Ticket t;
  t.id = 42;
  t.number = "20261130-0007";
  t.version = 3;
  t.state = State::pending_customer;
  t.type = TicketType::complaint;
  t.requester_id = 9;
  t.organization_id = 4;
  t.team_id = std::nullopt;
  t.assignee_id = 17;
  return t;
}

TEST(TicketChange, carries_the_facts_the_visibility_rule_needs_and_reads_back) {
  auto c = ticket_change(sample(), "state");
  EXPECT_EQ(c.topic, "ticket");
  auto back = parse_ticket_change(c.data);
  ASSERT_TRUE(back.has_value()) << c.data;
  EXPECT_EQ(back->what, "state");
  const Ticket& f = back->facts;
  EXPECT_EQ(f.id, 42);
  EXPECT_EQ(f.number, "20261130-0007");
  EXPECT_EQ(f.version, 3);
  EXPECT_EQ(f.state, State::pending_customer);
  EXPECT_EQ(f.type, TicketType::complaint);
  EXPECT_EQ(f.requester_id, 9);
  EXPECT_EQ(f.organization_id, 4);
  EXPECT_EQ(f.team_id, std::nullopt);
  EXPECT_EQ(f.assignee_id, 17);
}

TEST(TicketChange, an_update_that_moves_the_ticket_carries_who_could_see_it_before) {
  Ticket before = sample();
  before.team_id = 3;
  Ticket after = sample();
  after.team_id = 5;
  after.assignee_id = std::nullopt;
  auto back = parse_ticket_change(ticket_change(after, "updated", &before).data);
  ASSERT_TRUE(back.has_value());
  ASSERT_TRUE(back->was.has_value());
  EXPECT_EQ(back->was->team_id, 3);
  EXPECT_EQ(back->was->assignee_id, 17);
  EXPECT_EQ(back->was->requester_id, 9);
  EXPECT_EQ(back->was->organization_id, 4);
  EXPECT_EQ(back->facts.team_id, 5);
  EXPECT_EQ(back->facts.assignee_id, std::nullopt);

  Ticket retitled = before;
  retitled.subject = "另一个标题";
  auto same = parse_ticket_change(ticket_change(retitled, "updated", &before).data);
  ASSERT_TRUE(same.has_value());
  EXPECT_FALSE(same->was.has_value()) << "nobody gains or loses sight: no facts from before";
  EXPECT_LT(ticket_change(after, "updated", &before).data.size(), 1000u);
}

TEST(TicketChange, is_small_enough_for_a_postgresql_notification) {
  EXPECT_LT(ticket_change(sample(), "article").data.size(), 1000u);
}

TEST(TicketChange, refuses_data_it_did_not_write) {
  for (const char* bad :
       {"", "[]", "{}", "not json", R"({"id":"42"})",
        R"({"id":1,"number":"n","version":1,"state":"open","type":"incident","requester_id":1,)"
        R"("organization_id":null,"team_id":null,"assignee_id":null,"what":"x"})",
        R"({"id":1,"number":"n","version":1,"state":"new","type":"incident","requester_id":1,)"
        R"("organization_id":"4","team_id":null,"assignee_id":null,"what":"x"})",
        R"({"id":1,"number":"n","version":1,"state":"new","type":"incident","requester_id":1,)"
        R"("team_id":null,"assignee_id":null,"what":"x"})",
        R"({"id":1,"number":"n","version":1,"state":"new","type":"incident","requester_id":1,)"
        R"("organization_id":null,"team_id":null,"assignee_id":null,"what":"x","was":{"team_id":3}})"})
    EXPECT_FALSE(parse_ticket_change(bad).has_value()) << bad;
}

}  // namespace
}  // namespace techdesk::ticket
