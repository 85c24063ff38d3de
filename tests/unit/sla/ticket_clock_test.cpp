// The SLA clock of one ticket on the department's calendar: targets, pauses, resolution and reopening,
// what fires when (once each), and the state users see.
#include "sla/ticket_clock.h"

#include <date/tz.h>
#include <gtest/gtest.h>

namespace techdesk::sla {
namespace {

using std::chrono::minutes;
using ticket::Priority;
using ticket::State;

Timestamp cn(int y, int mo, int d, int h, int mi) {
  auto local = date::local_days{date::year{y} / mo / d} + std::chrono::hours(h) + std::chrono::minutes(mi);
  return std::chrono::time_point_cast<Millis>(date::locate_zone("Asia/Shanghai")->to_sys(local));
}

const BusinessClock& china() {
  static BusinessClock clock(china_business_calendar());
  return clock;
}

Policy internal() {
  auto p = default_policies(1, 2)[0];
  p.id = 7;
  return p;
}

TEST(TicketClock, a_ticket_from_internal_staff_on_a_working_day_gets_one_business_hour_to_answer) {
  auto s = start(1, internal(), Priority::P3, cn(2026, 11, 24, 10, 0), china());
  EXPECT_EQ(s.policy_id, 7);
  EXPECT_EQ(s.first_response_due, cn(2026, 11, 24, 11, 0));
  EXPECT_EQ(s.first_response_warn, cn(2026, 11, 24, 10, 45)) << "75 %";
  EXPECT_EQ(s.first_response_second, cn(2026, 11, 24, 11, 30)) << "150 %";
  EXPECT_EQ(s.resolution_due, cn(2026, 11, 27, 11, 30)) << "24 business hours";
  EXPECT_EQ(s.next_check, cn(2026, 11, 24, 10, 45));
  EXPECT_EQ(state_of(s, State::new_, cn(2026, 11, 24, 10, 30)), SlaState::ok);
  EXPECT_EQ(state_of(s, State::new_, cn(2026, 11, 24, 10, 50)), SlaState::warning);
  EXPECT_EQ(state_of(s, State::new_, cn(2026, 11, 24, 11, 0)), SlaState::breached);
  EXPECT_EQ(nearest_due(s), cn(2026, 11, 24, 11, 0));
}

TEST(TicketClock, priority_picks_the_target_emergencies_are_solved_in_two_hours) {
  auto s = start(1, internal(), Priority::P1, cn(2026, 11, 24, 10, 0), china());
  EXPECT_EQ(s.resolution_due, cn(2026, 11, 24, 12, 0));
  auto p2 = start(1, internal(), Priority::P2, cn(2026, 11, 24, 10, 0), china());
  EXPECT_EQ(p2.resolution_due, cn(2026, 11, 24, 15, 30)) << "4 hours, lunch excluded";
}

TEST(TicketClock, each_warning_breach_and_second_level_fires_once_with_its_true_time) {
  auto s = start(1, internal(), Priority::P3, cn(2026, 11, 24, 10, 0), china());
  auto fired = fire_due(s, cn(2026, 11, 24, 10, 46), china());
  ASSERT_EQ(fired.size(), 1u);
  EXPECT_EQ(fired[0].timer, Timer::first_response);
  EXPECT_EQ(fired[0].level, Level::warning);
  EXPECT_EQ(fired[0].due, cn(2026, 11, 24, 10, 45));
  EXPECT_TRUE(fire_due(s, cn(2026, 11, 24, 10, 50), china()).empty()) << "never twice";
  EXPECT_EQ(s.next_check, cn(2026, 11, 24, 11, 0));
  // The server was down from 10:50 to the next morning: everything due meanwhile fires, oldest first,
  // each with the time it became due.
  fired = fire_due(s, cn(2026, 11, 25, 9, 5), china());
  ASSERT_EQ(fired.size(), 2u);
  EXPECT_EQ(fired[0].level, Level::breach);
  EXPECT_EQ(fired[0].due, cn(2026, 11, 24, 11, 0));
  EXPECT_EQ(fired[1].level, Level::second_level);
  EXPECT_EQ(fired[1].due, cn(2026, 11, 24, 11, 30));
  EXPECT_TRUE(fire_due(s, cn(2026, 11, 25, 9, 6), china()).empty());
  EXPECT_EQ(state_of(s, State::assigned, cn(2026, 11, 25, 9, 6)), SlaState::breached);
}

TEST(TicketClock, a_public_reply_meets_the_first_response_target) {
  auto s = start(1, internal(), Priority::P3, cn(2026, 11, 24, 10, 0), china());
  on_public_update(s, cn(2026, 11, 24, 10, 20), china());
  EXPECT_EQ(s.first_response_at, cn(2026, 11, 24, 10, 20));
  EXPECT_FALSE(s.first_response_warn.has_value());
  EXPECT_EQ(s.next_check, s.resolution_warn) << "only the resolution clock is left";
  auto fired = fire_due(s, cn(2026, 11, 24, 12, 0), china());
  EXPECT_TRUE(fired.empty());
  EXPECT_EQ(state_of(s, State::in_progress, cn(2026, 11, 24, 12, 0)), SlaState::ok);
}

TEST(TicketClock, waiting_for_the_customer_stops_the_resolution_clock_and_moves_the_due_time) {
  auto s = start(1, internal(), Priority::P3, cn(2026, 11, 24, 10, 0), china());
  on_public_update(s, cn(2026, 11, 24, 10, 10), china());
  on_state_change(s, State::in_progress, State::pending_customer, cn(2026, 11, 24, 11, 0), china());
  EXPECT_EQ(state_of(s, State::pending_customer, cn(2026, 11, 26, 11, 0)), SlaState::paused);
  EXPECT_FALSE(s.next_check.has_value()) << "nothing runs while paused";
  EXPECT_TRUE(fire_due(s, cn(2026, 12, 30, 0, 0), china()).empty()) << "a paused clock never breaches";
  // Two business days later the customer answers.
  on_state_change(s, State::pending_customer, State::in_progress, cn(2026, 11, 26, 11, 0), china());
  EXPECT_EQ(s.stopped, minutes(2 * 450));
  EXPECT_EQ(s.resolution_due, cn(2026, 12, 1, 11, 30)) << "due 27th 11:30 plus the two days it stood still";
  EXPECT_EQ(state_of(s, State::in_progress, cn(2026, 11, 30, 11, 0)), SlaState::ok);
}

TEST(TicketClock, a_policy_may_keep_the_clock_running_while_pending) {
  auto p = internal();
  p.pause_states = {State::pending_third_party};
  auto s = start(1, p, Priority::P3, cn(2026, 11, 24, 10, 0), china());
  on_public_update(s, cn(2026, 11, 24, 10, 10), china());
  on_state_change(s, State::in_progress, State::pending_customer, cn(2026, 11, 24, 11, 0), china());
  EXPECT_EQ(state_of(s, State::pending_customer, cn(2026, 11, 24, 11, 5)), SlaState::ok);
  EXPECT_TRUE(s.next_check.has_value());
}

TEST(TicketClock, resolving_stops_the_clock_and_reopening_runs_it_on_from_where_it_stood) {
  auto s = start(1, internal(), Priority::P3, cn(2026, 11, 24, 10, 0), china());
  on_state_change(s, State::in_progress, State::resolved, cn(2026, 11, 25, 10, 0), china());
  EXPECT_EQ(s.first_response_at, cn(2026, 11, 25, 10, 0)) << "the resolution answered the requester";
  EXPECT_EQ(state_of(s, State::resolved, cn(2026, 11, 25, 10, 0)), SlaState::breached)
      << "but a day late for the first response";
  auto fresh = start(2, internal(), Priority::P3, cn(2026, 11, 24, 10, 0), china());
  on_public_update(fresh, cn(2026, 11, 24, 10, 30), china());
  on_state_change(fresh, State::in_progress, State::resolved, cn(2026, 11, 25, 10, 0), china());
  EXPECT_EQ(state_of(fresh, State::resolved, cn(2026, 11, 25, 10, 0)), SlaState::met);
  EXPECT_FALSE(fresh.next_check.has_value());
  // Reopened a working day later: the 24-hour clock had used 7.5 hours; the rest runs from now.
  on_state_change(fresh, State::resolved, State::reopened, cn(2026, 11, 26, 10, 0), china());
  EXPECT_FALSE(fresh.resolved_at.has_value());
  EXPECT_EQ(fresh.stopped, minutes(450));
  EXPECT_EQ(fresh.resolution_due, cn(2026, 11, 30, 11, 30));
}

TEST(TicketClock, resolving_late_is_breached_even_before_the_scheduler_noticed) {
  auto s = start(1, internal(), Priority::P1, cn(2026, 11, 24, 10, 0), china());
  on_public_update(s, cn(2026, 11, 24, 10, 5), china());
  on_state_change(s, State::in_progress, State::resolved, cn(2026, 11, 24, 15, 0), china());
  EXPECT_EQ(state_of(s, State::resolved, cn(2026, 11, 24, 15, 0)), SlaState::breached);
  EXPECT_EQ(state_of(s, State::closed, cn(2026, 11, 24, 16, 0)), SlaState::breached);
}

TEST(TicketClock, a_new_priority_recomputes_from_the_start_and_keeps_what_fired) {
  auto s = start(1, internal(), Priority::P3, cn(2026, 11, 24, 10, 0), china());
  on_public_update(s, cn(2026, 11, 24, 10, 5), china());
  auto fired =
      fire_due(s, cn(2026, 11, 26, 15, 0), china());  // resolution warning at 75 % of 24 h: Thu 14:30
  ASSERT_EQ(fired.size(), 1u);
  EXPECT_EQ(fired[0].timer, Timer::resolution);
  reapply(s, internal(), Priority::P1, china());
  EXPECT_EQ(s.resolution_due, cn(2026, 11, 24, 12, 0));
  EXPECT_TRUE(s.resolution_warned) << "a warning is not given twice";
  fired = fire_due(s, cn(2026, 11, 26, 15, 1), china());
  ASSERT_EQ(fired.size(), 2u) << "breach and second level of the shorter target";
  EXPECT_EQ(fired[0].due, cn(2026, 11, 24, 12, 0));
}

TEST(TicketClock, the_next_update_target_rearms_after_each_public_update) {
  auto p = internal();
  p.targets[2].next_update = 120;
  auto s = start(1, p, Priority::P3, cn(2026, 11, 24, 10, 0), china());
  EXPECT_FALSE(s.next_update_due.has_value()) << "due only after the first update";
  on_public_update(s, cn(2026, 11, 24, 10, 10), china());
  EXPECT_EQ(s.next_update_due, cn(2026, 11, 24, 13, 40));
  auto fired = fire_due(s, cn(2026, 11, 24, 14, 0), china());
  ASSERT_EQ(fired.size(), 1u);
  EXPECT_EQ(fired[0].timer, Timer::next_update);
  EXPECT_EQ(state_of(s, State::in_progress, cn(2026, 11, 24, 14, 0)), SlaState::breached);
  on_public_update(s, cn(2026, 11, 24, 14, 5), china());
  EXPECT_EQ(s.next_update_due, cn(2026, 11, 24, 16, 5));
  EXPECT_EQ(state_of(s, State::in_progress, cn(2026, 11, 24, 14, 6)), SlaState::ok);
}

TEST(TicketClock, seven_by_twenty_four_runs_through_the_night) {
  BusinessClock always(always_open_calendar());
  auto p = default_policies(1, 2)[2];
  auto s = start(1, p, Priority::P1, cn(2026, 2, 17, 23, 0), always);
  EXPECT_EQ(s.first_response_due, cn(2026, 2, 17, 23, 15));
  EXPECT_EQ(s.resolution_due, cn(2026, 2, 18, 1, 0));
}

}  // namespace
}  // namespace techdesk::sla
