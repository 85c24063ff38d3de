// description: a scheduled report runs at 07:00 Beijing time — every day, every Monday, or on the 1st of
// every month — and reports on the period that has just ended: yesterday, last ISO week, last month, across
// month ends, leap days and the turn of the year. After downtime it runs once, for the latest period, not
// once per missed day. A schedule holds only what can be run and mailed: each mistake names its field.
#include "report/schedule_rules.h"

#include <gtest/gtest.h>

#include <chrono>

#include "common/time.h"

namespace techdesk::report {
namespace {

using namespace std::chrono;

const std::string k_zone = "Asia/Shanghai";

// A local time in Beijing (UTC+8 all year: no daylight saving time).
Timestamp bj(int y, unsigned mo, unsigned d, int h = 0, int mi = 0) {
  return time_point_cast<milliseconds>(sys_days{year{y} / mo / d} + hours{h} + minutes{mi} - hours{8});
}

std::string show(Timestamp t) {
  return format_rfc3339(t);
}

TEST(ScheduleTimes, a_daily_report_runs_at_the_next_seven_oclock) {
  EXPECT_EQ(show(next_run_after(Frequency::daily, bj(2026, 11, 30, 6, 59), k_zone)),
            show(bj(2026, 11, 30, 7)));
  // Strictly after: a schedule that has just run at 07:00 waits for tomorrow.
  EXPECT_EQ(show(next_run_after(Frequency::daily, bj(2026, 11, 30, 7), k_zone)), show(bj(2026, 12, 1, 7)));
  EXPECT_EQ(show(next_run_after(Frequency::daily, bj(2026, 11, 30, 23, 30), k_zone)),
            show(bj(2026, 12, 1, 7)));
  EXPECT_EQ(show(next_run_after(Frequency::daily, bj(2026, 12, 31, 8), k_zone)), show(bj(2027, 1, 1, 7)));
  // 07:00 in Beijing is 23:00 UTC the day before, every day of the year.
  EXPECT_EQ(show(next_run_after(Frequency::daily, bj(2026, 7, 1, 12), k_zone)), "2026-07-01T23:00:00.000Z");
}

TEST(ScheduleTimes, a_weekly_report_runs_on_monday_even_when_made_on_sunday) {
  // 2026-11-29 is a Sunday.
  EXPECT_EQ(show(next_run_after(Frequency::weekly, bj(2026, 11, 29, 10), k_zone)), show(bj(2026, 11, 30, 7)));
  EXPECT_EQ(show(next_run_after(Frequency::weekly, bj(2026, 11, 29, 23, 59), k_zone)),
            show(bj(2026, 11, 30, 7)));
  EXPECT_EQ(show(next_run_after(Frequency::weekly, bj(2026, 11, 30, 6), k_zone)), show(bj(2026, 11, 30, 7)));
  EXPECT_EQ(show(next_run_after(Frequency::weekly, bj(2026, 11, 30, 7), k_zone)), show(bj(2026, 12, 7, 7)));
  EXPECT_EQ(show(next_run_after(Frequency::weekly, bj(2026, 12, 2, 15), k_zone)), show(bj(2026, 12, 7, 7)));
  EXPECT_EQ(show(next_run_after(Frequency::weekly, bj(2026, 12, 30, 15), k_zone)), show(bj(2027, 1, 4, 7)));
}

TEST(ScheduleTimes, a_monthly_report_runs_on_the_first_across_month_and_year_ends) {
  EXPECT_EQ(show(next_run_after(Frequency::monthly, bj(2026, 11, 15), k_zone)), show(bj(2026, 12, 1, 7)));
  EXPECT_EQ(show(next_run_after(Frequency::monthly, bj(2026, 11, 30, 23), k_zone)), show(bj(2026, 12, 1, 7)));
  EXPECT_EQ(show(next_run_after(Frequency::monthly, bj(2026, 12, 1, 6), k_zone)), show(bj(2026, 12, 1, 7)));
  EXPECT_EQ(show(next_run_after(Frequency::monthly, bj(2026, 12, 1, 7), k_zone)), show(bj(2027, 1, 1, 7)));
  EXPECT_EQ(show(next_run_after(Frequency::monthly, bj(2026, 12, 31, 22), k_zone)), show(bj(2027, 1, 1, 7)));
  EXPECT_EQ(show(next_run_after(Frequency::monthly, bj(2027, 1, 31, 12), k_zone)), show(bj(2027, 2, 1, 7)));
  EXPECT_EQ(show(next_run_after(Frequency::monthly, bj(2028, 2, 29, 12), k_zone)), show(bj(2028, 3, 1, 7)));
}

TEST(ScheduleTimes, the_run_time_stays_seven_oclock_local_across_daylight_saving_time_elsewhere) {
  // Europe/Berlin moves to summer time on 2026-03-29 at 02:00: 07:00 is 06:00 UTC before, 05:00 UTC after.
  EXPECT_EQ(show(next_run_after(Frequency::daily, Timestamp(sys_days{year{2026} / 3 / 28}.time_since_epoch()),
                                "Europe/Berlin")),
            "2026-03-28T06:00:00.000Z");
  EXPECT_EQ(show(next_run_after(Frequency::daily,
                                Timestamp((sys_days{year{2026} / 3 / 28} + hours{12}).time_since_epoch()),
                                "Europe/Berlin")),
            "2026-03-29T05:00:00.000Z");
}

TEST(ScheduleTimes, a_late_run_reports_on_the_latest_period_that_has_ended) {
  EXPECT_EQ(show(latest_run_at_or_before(Frequency::daily, bj(2026, 12, 4, 10), k_zone)),
            show(bj(2026, 12, 4, 7)));
  EXPECT_EQ(show(latest_run_at_or_before(Frequency::daily, bj(2026, 12, 4, 6), k_zone)),
            show(bj(2026, 12, 3, 7)));
  EXPECT_EQ(show(latest_run_at_or_before(Frequency::daily, bj(2026, 12, 4, 7), k_zone)),
            show(bj(2026, 12, 4, 7)));
  EXPECT_EQ(show(latest_run_at_or_before(Frequency::weekly, bj(2026, 12, 6, 20), k_zone)),
            show(bj(2026, 11, 30, 7)));
  EXPECT_EQ(show(latest_run_at_or_before(Frequency::weekly, bj(2026, 11, 30, 6), k_zone)),
            show(bj(2026, 11, 23, 7)));
  EXPECT_EQ(show(latest_run_at_or_before(Frequency::monthly, bj(2027, 1, 15), k_zone)),
            show(bj(2027, 1, 1, 7)));
  EXPECT_EQ(show(latest_run_at_or_before(Frequency::monthly, bj(2027, 1, 1, 6), k_zone)),
            show(bj(2026, 12, 1, 7)));

  // Down from before the December run until mid-January: one run, for December, then February.
  const Timestamp now = bj(2027, 1, 15, 9);
  RunPeriod p =
      period_of_run(Frequency::monthly, latest_run_at_or_before(Frequency::monthly, now, k_zone), k_zone);
  EXPECT_EQ(p.label, "2026-12");
  EXPECT_EQ(show(next_run_after(Frequency::monthly, now, k_zone)), show(bj(2027, 2, 1, 7)));
}

TEST(SchedulePeriods, a_daily_run_covers_the_day_before) {
  RunPeriod p = period_of_run(Frequency::daily, bj(2026, 12, 1, 7), k_zone);
  EXPECT_EQ(show(p.from), show(bj(2026, 11, 30)));
  EXPECT_EQ(show(p.to), show(bj(2026, 12, 1)));
  EXPECT_EQ(p.label, "2026-11-30");
  p = period_of_run(Frequency::daily, bj(2027, 1, 1, 7), k_zone);
  EXPECT_EQ(show(p.from), show(bj(2026, 12, 31)));
  EXPECT_EQ(p.label, "2026-12-31");
  p = period_of_run(Frequency::daily, bj(2028, 3, 1, 7), k_zone);
  EXPECT_EQ(p.label, "2028-02-29");
}

TEST(SchedulePeriods, a_weekly_run_covers_the_previous_iso_week_monday_to_sunday) {
  RunPeriod p = period_of_run(Frequency::weekly, bj(2026, 11, 30, 7), k_zone);
  EXPECT_EQ(show(p.from), show(bj(2026, 11, 23)));
  EXPECT_EQ(show(p.to), show(bj(2026, 11, 30)));
  EXPECT_EQ(p.label, "2026-W48");
  // 2026 has 53 ISO weeks; its last one ends on Sunday 2027-01-03.
  p = period_of_run(Frequency::weekly, bj(2027, 1, 4, 7), k_zone);
  EXPECT_EQ(show(p.from), show(bj(2026, 12, 28)));
  EXPECT_EQ(show(p.to), show(bj(2027, 1, 4)));
  EXPECT_EQ(p.label, "2026-W53");
}

TEST(SchedulePeriods, a_monthly_run_covers_the_previous_month) {
  RunPeriod p = period_of_run(Frequency::monthly, bj(2027, 1, 1, 7), k_zone);
  EXPECT_EQ(show(p.from), show(bj(2026, 12, 1)));
  EXPECT_EQ(show(p.to), show(bj(2027, 1, 1)));
  EXPECT_EQ(p.label, "2026-12");
  p = period_of_run(Frequency::monthly, bj(2028, 3, 1, 7), k_zone);
  EXPECT_EQ(show(p.from), show(bj(2028, 2, 1)));
  EXPECT_EQ(show(p.to), show(bj(2028, 3, 1)));
  EXPECT_EQ(p.label, "2028-02");
}

ScheduleDraft valid_draft() {
  ScheduleDraft d;
  d.name = "  一线周报 ";
  d.report = "kpis";
  d.frequency = "weekly";
  d.params_json = R"({"group_by":"team","priority":"P1"})";
  d.recipients = std::vector<std::string>{"Leader@Example.CN", " ops@example.cn", "leader@example.cn"};
  d.format = "csv";
  return d;
}

TEST(ScheduleDrafts, a_valid_draft_is_trimmed_lower_cased_and_stored_canonically) {
  ReportSchedule s;
  ASSERT_TRUE(apply_draft(s, valid_draft(), true).ok());
  EXPECT_EQ(s.name, "一线周报");
  EXPECT_EQ(s.report, "kpis");
  EXPECT_EQ(s.frequency, Frequency::weekly);
  EXPECT_EQ(s.format, "csv");
  EXPECT_EQ(s.recipients, (std::vector<std::string>{"leader@example.cn", "ops@example.cn"}));
  EXPECT_EQ(s.params_json, R"({"group_by":"team","priority":"P1"})");
  EXPECT_TRUE(s.active);

  // A change touches only what it names.
  ScheduleDraft change;
  change.active = false;
  change.format = "xlsx";
  ASSERT_TRUE(apply_draft(s, change, false).ok());
  EXPECT_FALSE(s.active);
  EXPECT_EQ(s.format, "xlsx");
  EXPECT_EQ(s.name, "一线周报");
}

void expect_refused(ScheduleDraft d, Errc code, const std::string& field) {
  ReportSchedule s;
  s.name = "unchanged";
  auto r = apply_draft(s, d, true);
  ASSERT_FALSE(r.ok()) << field;
  EXPECT_EQ(r.error().code, code) << r.error().message;
  EXPECT_EQ(r.error().field, field) << r.error().message;
  EXPECT_FALSE(r.error().message.empty());
  EXPECT_EQ(s.name, "unchanged");
}

TEST(ScheduleDrafts, each_mistake_is_refused_naming_its_field) {
  auto d = valid_draft();
  d.name.reset();
  expect_refused(d, Errc::missing_field, "name");
  d = valid_draft();
  d.name = "   ";
  expect_refused(d, Errc::invalid_field, "name");
  d = valid_draft();
  d.name = std::string(101, 'x');
  expect_refused(d, Errc::invalid_field, "name");
  d = valid_draft();
  d.report = "heatmap";
  expect_refused(d, Errc::invalid_field, "report");
  d = valid_draft();
  d.report = "sla";  // the SLA report has no priority filter
  expect_refused(d, Errc::invalid_field, "params");
  d = valid_draft();
  d.report = "sla";
  d.params_json = R"({"group_by": "agent"})";  // a KPI grouping, not an SLA one
  expect_refused(d, Errc::invalid_field, "params");
  d = valid_draft();
  d.report = "surveys";
  d.params_json = R"({"org": "3"})";  // the survey results filter by organization
  expect_refused(d, Errc::invalid_field, "params");
  d = valid_draft();
  d.report = "surveys";
  d.params_json = R"({"agent": "0"})";
  expect_refused(d, Errc::invalid_field, "params");
  d = valid_draft();
  d.frequency = "hourly";
  expect_refused(d, Errc::invalid_field, "frequency");
  d = valid_draft();
  d.format = "pdf";
  expect_refused(d, Errc::invalid_field, "format");
  d = valid_draft();
  d.recipients = std::vector<std::string>{};
  expect_refused(d, Errc::invalid_field, "recipients");
  d = valid_draft();
  d.recipients = std::vector<std::string>{"ok@example.cn", "张三"};
  expect_refused(d, Errc::invalid_field, "recipients");
  d = valid_draft();
  d.recipients = std::vector<std::string>{"a@localhost"};
  expect_refused(d, Errc::invalid_field, "recipients");
  d = valid_draft();
  d.params_json = R"({"team": 3})";
  expect_refused(d, Errc::invalid_field, "params");
  d = valid_draft();
  d.params_json = R"({"from": "2026-11-01"})";
  expect_refused(d, Errc::invalid_field, "params");
  d = valid_draft();
  d.params_json = R"({"colour": "red"})";
  expect_refused(d, Errc::invalid_field, "params");
  d = valid_draft();
  d.params_json = R"({"group_by": "weather"})";
  expect_refused(d, Errc::invalid_field, "params");
  d = valid_draft();
  d.params_json = R"({"team": "-3"})";
  expect_refused(d, Errc::invalid_field, "params");
  d = valid_draft();
  d.params_json = R"({"priority": "P9"})";
  expect_refused(d, Errc::invalid_field, "params");
  d = valid_draft();
  d.params_json = R"({"measure": "new"})";  // the KPI report has no measure
  expect_refused(d, Errc::invalid_field, "params");
  d = valid_draft();
  d.report = "tickets";
  d.params_json = R"({"team": "3"})";  // a ticket list needs its measure
  expect_refused(d, Errc::invalid_field, "params");
  d = valid_draft();
  d.report = "tickets";
  d.params_json = R"({"measure": "new", "hour": "24"})";
  expect_refused(d, Errc::invalid_field, "params");
}

TEST(ScheduleDrafts, params_become_the_reports_query_without_a_period) {
  auto q = parse_schedule_params("tickets", {{"measure", "reopened"},
                                             {"team", "3"},
                                             {"channel", "email"},
                                             {"weekday", "1"},
                                             {"hour", "9"},
                                             {"lang", "en"},
                                             {"group_by", "agent"}});
  ASSERT_TRUE(q.ok()) << q.error().message;
  EXPECT_EQ(q->measure, "reopened");
  EXPECT_EQ(q->kpi.filter.team, std::optional<Id>(3));
  EXPECT_EQ(q->kpi.filter.channel, std::optional<std::string>("email"));
  EXPECT_EQ(q->kpi.group_by, GroupBy::agent);
  EXPECT_EQ(q->weekday, std::optional<int>(1));
  EXPECT_EQ(q->hour, std::optional<int>(9));
  EXPECT_EQ(q->lang, Lang::en);
  EXPECT_EQ(q->kpi.from, Timestamp{});
}

TEST(ScheduleDrafts, sla_and_survey_reports_take_the_parameters_of_their_own_routes) {
  auto d = valid_draft();
  d.report = "sla";
  d.params_json = R"({"group_by":"priority","lang":"en"})";
  ReportSchedule s;
  ASSERT_TRUE(apply_draft(s, d, true).ok());
  EXPECT_EQ(s.report, "sla");
  auto sla_q = parse_schedule_params("sla", {{"group_by", "month"}, {"lang", "en"}});
  ASSERT_TRUE(sla_q.ok()) << sla_q.error().message;
  EXPECT_EQ(sla_q->sla_group_by, sla::GroupBy::month);
  EXPECT_EQ(sla_q->lang, Lang::en);
  EXPECT_EQ(parse_schedule_params("sla", {})->sla_group_by, sla::GroupBy::team);

  d.report = "surveys";
  d.params_json = R"({"team":"2","agent":"5","organization":"7"})";
  ASSERT_TRUE(apply_draft(s, d, false).ok());
  EXPECT_EQ(s.report, "surveys");
  auto surveys = parse_schedule_params("surveys", {{"team", "2"}, {"agent", "5"}, {"organization", "7"}});
  ASSERT_TRUE(surveys.ok()) << surveys.error().message;
  EXPECT_EQ(surveys->surveys.team_id, std::optional<Id>(2));
  EXPECT_EQ(surveys->surveys.agent_id, std::optional<Id>(5));
  EXPECT_EQ(surveys->surveys.organization_id, std::optional<Id>(7));
  EXPECT_FALSE(surveys->surveys.from.has_value());
  EXPECT_EQ(surveys->lang, Lang::zh);
}

}  // namespace
}  // namespace techdesk::report
