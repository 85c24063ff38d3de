// How a ticket's facts follow its life: resolving, reopening, closing, cancelling, escalating, moving
// teams, and which articles count as a response.
#include "report/facts.h"

#include <gtest/gtest.h>

namespace techdesk::report {
namespace {

using ticket::State;

Timestamp t(int minutes) {
  return Timestamp(std::chrono::minutes(29'000'000 + minutes));
}

ticket::Ticket make() {
  ticket::Ticket tk;
  tk.id = 7;
  tk.created_at = t(0);
  tk.state = State::assigned;
  tk.team_id = 1;
  tk.assignee_id = 50;
  return tk;
}

// Moves the ticket to a new state and applies it.
void move(TicketFacts& f, ticket::Ticket& tk, State s, int at) {
  ticket::Ticket before = tk;
  tk.state = s;
  if (s == State::resolved) tk.resolved_at = t(at);
  if (s == State::closed) tk.closed_at = t(at);
  apply_update(f, before, tk, t(at));
}

TEST(Facts, a_new_ticket_is_open_and_unanswered) {
  auto f = facts_of_new(make());
  EXPECT_EQ(f.ticket_id, 7);
  EXPECT_EQ(f.state, "assigned");
  EXPECT_FALSE(f.done_at);
  EXPECT_FALSE(f.first_response_at);
  EXPECT_FALSE(f.escalated);
}

TEST(Facts, resolving_reopening_and_closing_move_the_times) {
  auto tk = make();
  auto f = facts_of_new(tk);
  move(f, tk, State::resolved, 60);
  EXPECT_EQ(f.resolved_at, t(60));
  EXPECT_EQ(f.resolved_by, 50);
  EXPECT_EQ(f.done_at, t(60));
  move(f, tk, State::reopened, 90);
  EXPECT_EQ(f.reopen_count, 1);
  EXPECT_FALSE(f.done_at);
  EXPECT_EQ(f.resolved_at, t(60));  // kept until it is resolved again
  tk.assignee_id = 51;
  move(f, tk, State::resolved, 120);
  EXPECT_EQ(f.resolved_at, t(120));
  EXPECT_EQ(f.resolved_by, 51);
  move(f, tk, State::closed, 200);
  EXPECT_EQ(f.closed_at, t(200));
  EXPECT_EQ(f.done_at, t(120));  // closing a resolved ticket does not move when it left the open set
  move(f, tk, State::reopened, 300);
  EXPECT_EQ(f.reopen_count, 2);
  EXPECT_FALSE(f.closed_at);
  EXPECT_FALSE(f.done_at);
}

TEST(Facts, cancelling_leaves_the_open_set) {
  auto tk = make();
  auto f = facts_of_new(tk);
  move(f, tk, State::cancelled, 30);
  EXPECT_EQ(f.done_at, t(30));
  EXPECT_FALSE(f.resolved_at);
}

TEST(Facts, escalation_and_team_moves_are_counted) {
  auto tk = make();
  auto f = facts_of_new(tk);
  auto before = tk;
  tk.tier = ticket::Tier::L2;
  tk.team_id = 2;
  apply_update(f, before, tk, t(10));
  EXPECT_TRUE(f.escalated);
  EXPECT_EQ(f.team_changes, 1);
  EXPECT_EQ(f.team_id, 2);
  // A first team is not a move.
  auto fresh = make();
  fresh.team_id.reset();
  auto g = facts_of_new(fresh);
  auto b2 = fresh;
  fresh.team_id = 3;
  apply_update(g, b2, fresh, t(5));
  EXPECT_EQ(g.team_changes, 0);
}

TEST(Facts, only_public_answers_by_staff_count_as_responses) {
  auto f = facts_of_new(make());
  identity::Principal agent;
  agent.user_id = 50;
  agent.role = identity::Role::agent_l1;
  identity::Principal requester;
  requester.user_id = 9;
  requester.role = identity::Role::requester;
  identity::Principal system;  // automatic messages have no user

  ticket::Article note;
  note.kind = ticket::ArticleKind::note;
  note.internal = true;
  EXPECT_FALSE(apply_article(f, note, agent, t(5)));
  ticket::Article reply;
  reply.kind = ticket::ArticleKind::reply;
  EXPECT_FALSE(apply_article(f, reply, requester, t(6)));
  EXPECT_FALSE(apply_article(f, reply, system, t(7)));
  EXPECT_FALSE(f.first_response_at);
  EXPECT_TRUE(apply_article(f, reply, agent, t(20)));
  ticket::Article call;
  call.kind = ticket::ArticleKind::phone;
  EXPECT_TRUE(apply_article(f, call, agent, t(40)));
  EXPECT_EQ(f.first_response_at, t(20));
  EXPECT_EQ(f.staff_replies, 2);
}

}  // namespace
}  // namespace techdesk::report
