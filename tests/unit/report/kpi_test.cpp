// KPI arithmetic over hand-built histories: every expected figure below is worked out by hand in the
// comments, in the department's calendar (Asia/Shanghai, 09:00–12:00 and 13:30–18:00 on working days).
#include "report/kpi.h"

#include <date/tz.h>
#include <gtest/gtest.h>

#include "sla/business_clock.h"

namespace techdesk::report {
namespace {

Timestamp cn(int y, int mo, int d, int h, int mi) {
  auto local = date::local_days{date::year{y} / mo / d} + std::chrono::hours(h) + std::chrono::minutes(mi);
  auto sys = date::locate_zone("Asia/Shanghai")->to_sys(local, date::choose::earliest);
  return std::chrono::time_point_cast<std::chrono::milliseconds>(sys);
}

const sla::BusinessClock& china() {
  static sla::BusinessClock clock(sla::china_business_calendar());
  return clock;
}

FactRow ticket(Id id, Timestamp created, Id team = 1) {
  FactRow r;
  r.facts.ticket_id = id;
  r.facts.created_at = created;
  r.facts.type = "incident";
  r.facts.channel = "web";
  r.facts.priority = "P3";
  r.facts.state = "in_progress";
  r.facts.team_id = team;
  r.facts.assignee_id = 100 + id;
  return r;
}

void resolve(FactRow& r, Timestamp at) {
  r.facts.resolved_at = at;
  r.facts.resolved_by = r.facts.assignee_id;
  r.facts.done_at = at;
  r.facts.state = "resolved";
}

SlaFacts sla_with(std::optional<Timestamp> fr_due, std::optional<Timestamp> fr_at,
                  std::optional<Timestamp> res_due, std::optional<Timestamp> res_at) {
  SlaFacts s;
  s.calendar_id = 1;
  s.first_response_target = true;
  s.resolution_target = true;
  s.first_response_due = fr_due;
  s.first_response_at = fr_at;
  s.resolution_due = res_due;
  s.resolved_at = res_at;
  return s;
}

// The week of Monday 2 November 2026, with tickets inside it and across its borders.
struct Week : ::testing::Test {
  KpiQuery q;
  KpiInput in;
  Timestamp now = cn(2026, 11, 9, 12, 0);

  void SetUp() override {
    q.from = cn(2026, 11, 2, 0, 0);
    q.to = cn(2026, 11, 9, 0, 0);
    // 1: Mon 10:00, answered 10:30 (30 min), resolved 11:00 (60 min), one reply: first-contact resolution.
    FactRow t1 = ticket(1, cn(2026, 11, 2, 10, 0));
    t1.facts.first_response_at = cn(2026, 11, 2, 10, 30);
    t1.facts.staff_replies = 1;
    resolve(t1, cn(2026, 11, 2, 11, 0));
    t1.sla = sla_with(cn(2026, 11, 2, 11, 0), cn(2026, 11, 2, 10, 30), cn(2026, 11, 3, 10, 0),
                      cn(2026, 11, 2, 11, 0));
    // 2: Mon 17:00, answered Tue 09:30 (60 + 30 = 90 min, after its 09:00 due time: breached), resolved
    // Wed 10:00 (Mon 60 + Tue 180 + 270 + Wed 60 = 570 min), three replies, reopened once.
    FactRow t2 = ticket(2, cn(2026, 11, 2, 17, 0));
    t2.facts.first_response_at = cn(2026, 11, 3, 9, 30);
    t2.facts.staff_replies = 3;
    t2.facts.reopen_count = 1;
    resolve(t2, cn(2026, 11, 4, 10, 0));
    t2.sla = sla_with(cn(2026, 11, 3, 9, 0), cn(2026, 11, 3, 9, 30), cn(2026, 11, 20, 9, 0),
                      cn(2026, 11, 4, 10, 0));
    // 3: Fri 11:30, answered 14:00 across lunch (30 + 30 = 60 min), escalated, still open, resolution due
    // Fri 15:00 with the clock running: breached by now.
    FactRow t3 = ticket(3, cn(2026, 11, 6, 11, 30));
    t3.facts.first_response_at = cn(2026, 11, 6, 14, 0);
    t3.facts.staff_replies = 1;
    t3.facts.escalated = true;
    t3.sla = sla_with(cn(2026, 11, 6, 15, 0), cn(2026, 11, 6, 14, 0), cn(2026, 11, 6, 15, 0), std::nullopt);
    // 4: created Fri 30 Oct 10:00 (before the period), moved to another team, resolved Tue 09:00:
    // Fri 120 + 270, the weekend, Mon 450 = 840 min.
    FactRow t4 = ticket(4, cn(2026, 10, 30, 10, 0));
    t4.facts.first_response_at = cn(2026, 10, 30, 10, 5);
    t4.facts.staff_replies = 1;
    t4.facts.team_changes = 1;
    resolve(t4, cn(2026, 11, 3, 9, 0));
    // 6: Wed 10:00, cancelled at 11:00, no SLA.
    FactRow t6 = ticket(6, cn(2026, 11, 4, 10, 0));
    t6.facts.state = "cancelled";
    t6.facts.done_at = cn(2026, 11, 4, 11, 0);
    // 7: Thu 09:00 in team 2, open, no SLA.
    FactRow t7 = ticket(7, cn(2026, 11, 5, 9, 0), 2);
    in.rows = {t1, t2, t3, t4, t6, t7};
    // Open at the start: 4 (done Tuesday) and 5 (created 20 Oct, still open), both team 1.
    in.backlog_at_from = {{"all", 2}};
    SurveyRow s1{cn(2026, 11, 3, 10, 0), 5, {}};
    s1.keys.team = 1;
    SurveyRow s2{cn(2026, 11, 5, 10, 0), 2, {}};
    s2.keys.team = 2;
    SurveyRow outside{cn(2026, 11, 9, 10, 0), 1, {}};
    in.surveys = {s1, s2, outside};
    WorkRow w1{1, 10, 30, true, "2026-11-02", {}};
    w1.keys.team = 1;
    WorkRow w2{1, 10, 20, true, "2026-11-02", {}};  // the same visit, logged in two parts
    w2.keys.team = 1;
    WorkRow w3{3, 11, 60, false, "2026-11-06", {}};
    w3.keys.team = 1;
    in.work = {w1, w2, w3};
    ComplaintRow c{cn(2026, 11, 5, 16, 0), {}};
    c.keys.team = 2;
    in.complaints = {c};
  }

  KpiReport run() {
    return compute_kpis(
        q, in, [](std::optional<Id>) { return &china(); }, now, "Asia/Shanghai");
  }
};

TEST_F(Week, counts_volume_and_backlog_across_the_period_borders) {
  auto r = run();
  EXPECT_EQ(r.total.created, 5);   // 1, 2, 3, 6, 7
  EXPECT_EQ(r.total.resolved, 3);  // 1, 2, 4
  EXPECT_EQ(r.total.closed, 0);
  EXPECT_EQ(r.total.backlog_start, 2);
  EXPECT_EQ(r.total.backlog_end, 3);  // 2 + 5 − (1, 2, 4, 6 done) = 3, 5, 7
}

TEST_F(Week, ranks_business_minutes_by_nearest_rank) {
  auto r = run();
  EXPECT_EQ(r.total.first_response.count, 3);  // 1, 2, 3 (4 was answered before the period)
  EXPECT_EQ(r.total.first_response.median, 60);
  EXPECT_EQ(r.total.first_response.p90, 90);
  EXPECT_EQ(r.total.resolution.count, 3);
  EXPECT_EQ(r.total.resolution.median, 570);
  EXPECT_EQ(r.total.resolution.p90, 840);
}

TEST_F(Week, judges_sla_targets_of_the_tickets_created_in_the_period) {
  auto r = run();
  EXPECT_EQ(r.total.sla_first_response.met, 2);       // 1, 3
  EXPECT_EQ(r.total.sla_first_response.breached, 1);  // 2
  EXPECT_EQ(r.total.sla_resolution.met, 2);           // 1, 2
  EXPECT_EQ(r.total.sla_resolution.breached, 1);      // 3: due Friday 15:00, still running
  EXPECT_DOUBLE_EQ(*r.total.sla_first_response.rate(), 2.0 / 3.0);
}

TEST_F(Week, applies_first_contact_reopen_and_escalation_rules) {
  auto r = run();
  EXPECT_EQ(r.total.first_contact.of, 3);
  EXPECT_EQ(r.total.first_contact.count, 1);  // 1 only: 2 had three replies and a reopen, 4 changed team
  EXPECT_EQ(r.total.reopened.count, 1);
  EXPECT_EQ(r.total.reopened.of, 3);
  EXPECT_EQ(r.total.escalated.count, 1);
  EXPECT_EQ(r.total.escalated.of, 5);
}

TEST_F(Week, adds_surveys_work_log_and_complaints) {
  auto r = run();
  EXPECT_EQ(r.total.csat_count, 2);
  EXPECT_DOUBLE_EQ(*r.total.csat_average, 3.5);
  EXPECT_EQ(r.total.csat_distribution, (std::array<int, 5>{0, 1, 0, 0, 1}));
  EXPECT_EQ(r.total.worklog_minutes, 110);
  EXPECT_EQ(r.total.onsite_visits, 1);
  EXPECT_EQ(r.total.complaints, 1);
}

TEST_F(Week, draws_a_daily_series_with_the_backlog_at_each_end) {
  auto r = run();
  ASSERT_EQ(r.series.size(), 7u);
  EXPECT_EQ(r.series[0].label, "2026-11-02");
  EXPECT_EQ(r.series[6].label, "2026-11-08");
  const int created[] = {2, 0, 1, 1, 1, 0, 0};
  const int resolved[] = {1, 1, 1, 0, 0, 0, 0};
  const int backlog[] = {3, 2, 1, 2, 3, 3, 3};
  for (std::size_t i = 0; i < 7; ++i) {
    EXPECT_EQ(r.series[i].created, created[i]) << i;
    EXPECT_EQ(r.series[i].resolved, resolved[i]) << i;
    EXPECT_EQ(r.series[i].backlog, backlog[i]) << i;
  }
  EXPECT_EQ(r.series.back().backlog, r.total.backlog_end);
}

TEST_F(Week, groups_and_filters_by_team) {
  q.group_by = GroupBy::team;
  in.backlog_at_from = {{"1", 2}};
  auto r = run();
  ASSERT_EQ(r.groups.size(), 2u);
  EXPECT_EQ(r.groups[0].key, "1");
  EXPECT_EQ(r.groups[0].kpis.created, 4);
  EXPECT_EQ(r.groups[0].kpis.backlog_end, 2);  // 3 and 5
  EXPECT_EQ(r.groups[0].kpis.csat_count, 1);
  EXPECT_EQ(r.groups[1].key, "2");
  EXPECT_EQ(r.groups[1].kpis.created, 1);
  EXPECT_EQ(r.groups[1].kpis.complaints, 1);
  EXPECT_EQ(r.total.created, 5);

  q.group_by = GroupBy::none;
  q.filter.team = 2;
  in.backlog_at_from = {};
  auto only2 = run();
  EXPECT_EQ(only2.total.created, 1);
  EXPECT_EQ(only2.total.resolved, 0);
  EXPECT_EQ(only2.total.csat_count, 1);
  EXPECT_EQ(only2.total.worklog_minutes, 0);
}

TEST_F(Week, counts_the_agent_who_resolved_a_ticket) {
  in.rows[0].facts.assignee_id = 999;  // reassigned after resolving: still 101's resolution
  q.group_by = GroupBy::agent;
  auto r = run();
  bool found = false;
  for (const auto& g : r.groups)
    if (g.key == "101") {
      found = true;
      EXPECT_EQ(g.kpis.resolved, 1);
    }
  EXPECT_TRUE(found);
}

TEST(NearestRank, picks_the_rank_rounded_up) {
  EXPECT_EQ(nearest_rank({}, 0.5), std::nullopt);
  EXPECT_EQ(nearest_rank({7}, 0.5), 7);
  EXPECT_EQ(nearest_rank({1, 2}, 0.5), 1);
  EXPECT_EQ(nearest_rank({1, 2, 3, 4}, 0.5), 2);
  EXPECT_EQ(nearest_rank({1, 2, 3, 4, 5, 6, 7, 8, 9, 10}, 0.9), 9);
  EXPECT_EQ(nearest_rank({1, 2, 3, 4, 5, 6, 7, 8, 9, 10, 11}, 0.9), 10);
}

TEST(Buckets, clips_weeks_and_months_and_names_iso_weeks_across_the_year_end) {
  auto weeks = buckets(cn(2026, 12, 23, 0, 0), cn(2027, 1, 6, 0, 0), Interval::week, "Asia/Shanghai");
  ASSERT_EQ(weeks.size(), 3u);
  EXPECT_EQ(weeks[0].label, "2026-W52");
  EXPECT_EQ(weeks[0].from, cn(2026, 12, 23, 0, 0));  // clipped to the period
  EXPECT_EQ(weeks[1].label, "2026-W53");             // 2026 has 53 ISO weeks
  EXPECT_EQ(weeks[1].from, cn(2026, 12, 28, 0, 0));
  EXPECT_EQ(weeks[2].label, "2027-W01");
  EXPECT_EQ(weeks[2].to, cn(2027, 1, 6, 0, 0));

  auto months = buckets(cn(2026, 1, 15, 0, 0), cn(2026, 3, 1, 0, 0), Interval::month, "Asia/Shanghai");
  ASSERT_EQ(months.size(), 2u);
  EXPECT_EQ(months[0].label, "2026-01");
  EXPECT_EQ(months[1].label, "2026-02");
  EXPECT_EQ(months[1].to, cn(2026, 3, 1, 0, 0));
}

TEST(Period, refuses_inverted_and_overlong_periods) {
  EXPECT_FALSE(check_period(cn(2026, 11, 2, 0, 0), cn(2026, 11, 1, 0, 0)).ok());
  EXPECT_FALSE(check_period(cn(2026, 11, 2, 0, 0), cn(2026, 11, 2, 0, 0)).ok());
  EXPECT_FALSE(check_period(cn(2025, 1, 1, 0, 0), cn(2026, 1, 3, 0, 0)).ok());
  EXPECT_TRUE(check_period(cn(2025, 1, 1, 0, 0), cn(2026, 1, 1, 0, 0)).ok());
  auto e = check_period(cn(2026, 11, 2, 0, 0), cn(2026, 11, 1, 0, 0));
  EXPECT_EQ(e.error().field, "to");
}

}  // namespace
}  // namespace techdesk::report
