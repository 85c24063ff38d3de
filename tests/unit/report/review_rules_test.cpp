// description: the department's review rules as pure functions, each checked against figures worked out by
// hand: the default indicators and what a cycle's weights may be (integers 0..100 summing to exactly 100,
// known metrics used once, manual items without one); each computed indicator's formula; weighted totals;
// manual scores with one decimal; the appeal window up to (not including) appeal_until; ranking with ties;
// the bottom 20 % for 1, 4, 5, 10 and 11 engineers; quarter averages and the three-quarters-in-a-row rule
// across a gap quarter and across the year boundary.
#include "report/review_rules.h"

#include <gtest/gtest.h>

#include <chrono>

#include "report/review_json.h"

namespace techdesk::report {
namespace {

using namespace std::chrono;

// A local time in Beijing (UTC+8, no DST) as a Timestamp.
Timestamp beijing(int y, int mo, int d, int h, int mi) {
  return time_point_cast<milliseconds>(sys_days{year{y} / mo / d} + hours{h - 8} + minutes{mi});
}

Error error_of(const Result<void>& r) {
  EXPECT_FALSE(r.ok());
  return r.ok() ? Error{} : r.error();
}

// ---- indicators ----

TEST(ReviewIndicators, the_defaults_weigh_45_25_20_10_and_are_valid) {
  auto d = default_indicators();
  ASSERT_TRUE(validate_indicators(d).ok());
  std::map<IndicatorGroup, int> by_group;
  int manual = 0;
  for (const auto& i : d) {
    by_group[i.group] += i.weight;
    if (i.source == IndicatorSource::manual) {
      ++manual;
      EXPECT_FALSE(i.metric.has_value()) << i.key;
    } else {
      EXPECT_TRUE(i.metric.has_value()) << i.key;
    }
  }
  EXPECT_EQ(by_group[IndicatorGroup::work_completion], 45);
  EXPECT_EQ(by_group[IndicatorGroup::skill], 25);
  EXPECT_EQ(by_group[IndicatorGroup::attitude], 20);
  EXPECT_EQ(by_group[IndicatorGroup::quality], 10);
  EXPECT_EQ(manual, 3);  // skill level, certifications, teamwork
  EXPECT_EQ(d.size(), 10u);
}

TEST(ReviewIndicators, weights_must_sum_to_exactly_one_hundred) {
  auto d = default_indicators();
  d[0].weight = 14;  // 99
  auto e = error_of(validate_indicators(d));
  EXPECT_EQ(e.code, Errc::invalid_field);
  EXPECT_EQ(e.field, "indicators");
  EXPECT_NE(e.message.find("99"), std::string::npos) << e.message;
  d[0].weight = 16;  // 101
  EXPECT_EQ(error_of(validate_indicators(d)).field, "indicators");
  d[0].weight = 15;
  EXPECT_TRUE(validate_indicators(d).ok());
}

TEST(ReviewIndicators, each_fault_names_the_indicator_and_member) {
  auto d = default_indicators();
  d[2].weight = 101;
  EXPECT_EQ(error_of(validate_indicators(d)).field, "indicators[2].weight");
  d = default_indicators();
  d[3].weight = -1;
  EXPECT_EQ(error_of(validate_indicators(d)).field, "indicators[3].weight");
  d = default_indicators();
  d[4].key = d[1].key;
  EXPECT_EQ(error_of(validate_indicators(d)).field, "indicators[4].key");
  d = default_indicators();
  d[0].key = "Volume";
  EXPECT_EQ(error_of(validate_indicators(d)).field, "indicators[0].key");
  d = default_indicators();
  d[5].name_zh = "";
  EXPECT_EQ(error_of(validate_indicators(d)).field, "indicators[5].name_zh");
  d = default_indicators();
  d[3].metric = Metric::csat;  // skill_level is manual
  EXPECT_EQ(error_of(validate_indicators(d)).field, "indicators[3].metric");
  d = default_indicators();
  d[0].metric.reset();  // volume is computed
  EXPECT_EQ(error_of(validate_indicators(d)).field, "indicators[0].metric");
  d = default_indicators();
  d[1].metric = Metric::volume;  // used twice
  EXPECT_EQ(error_of(validate_indicators(d)).field, "indicators[1].metric");
  EXPECT_EQ(error_of(validate_indicators({})).field, "indicators");
}

TEST(ReviewIndicators, a_weight_of_zero_is_allowed_and_a_single_indicator_may_weigh_everything) {
  std::vector<Indicator> one{
      {"csat", "满意度", "CSAT", IndicatorGroup::attitude, 100, IndicatorSource::computed, Metric::csat},
      {"teamwork", "协作", "Teamwork", IndicatorGroup::attitude, 0, IndicatorSource::manual, std::nullopt}};
  EXPECT_TRUE(validate_indicators(one).ok());
}

TEST(ReviewIndicators, json_reads_back_what_it_wrote_and_names_a_non_integer_weight) {
  auto d = default_indicators();
  auto back = indicators_from_json(indicators_to_json(d));
  ASSERT_TRUE(back.ok());
  EXPECT_EQ(back.value(), d);
  auto v = indicators_to_json(d);
  v[1].as_object()["weight"] = 12.5;
  auto bad = indicators_from_json(v);
  ASSERT_FALSE(bad.ok());
  EXPECT_EQ(bad.error().field, "indicators[1].weight");
  v = indicators_to_json(d);
  v[0].as_object()["metric"] = "speed";
  EXPECT_EQ(indicators_from_json(v).error().field, "indicators[0].metric");
  v = indicators_to_json(d);
  v[2].as_object().erase("group");
  EXPECT_EQ(indicators_from_json(v).error().code, Errc::missing_field);
  EXPECT_EQ(indicators_from_json(v).error().field, "indicators[2].group");
}

TEST(ReviewIndicators, appeal_days_run_from_1_to_30) {
  EXPECT_TRUE(validate_appeal_days(1).ok());
  EXPECT_TRUE(validate_appeal_days(30).ok());
  EXPECT_EQ(error_of(validate_appeal_days(0)).field, "appeal_days");
  EXPECT_EQ(error_of(validate_appeal_days(31)).field, "appeal_days");
}

// ---- months and quarters ----

TEST(ReviewMonths, a_month_is_local_midnight_to_local_midnight_in_beijing) {
  auto [from, to] = month_period("2026-11", "Asia/Shanghai");
  EXPECT_EQ(from, beijing(2026, 11, 1, 0, 0));
  EXPECT_EQ(to, beijing(2026, 12, 1, 0, 0));
  auto [dec, jan] = month_period("2026-12", "Asia/Shanghai");
  EXPECT_EQ(dec, beijing(2026, 12, 1, 0, 0));
  EXPECT_EQ(jan, beijing(2027, 1, 1, 0, 0));
  EXPECT_EQ(month_of(beijing(2026, 12, 1, 0, 0), "Asia/Shanghai"), "2026-12");
  EXPECT_EQ(month_of(beijing(2026, 11, 30, 23, 59), "Asia/Shanghai"), "2026-11");
  EXPECT_TRUE(check_month("2026-11").ok());
  for (const char* bad : {"2026-13", "2026-00", "2026-1", "26-11", "2026/11", "1999-12", ""})
    EXPECT_EQ(error_of(check_month(bad)).field, "month") << bad;
}

TEST(ReviewMonths, quarters_and_the_quarter_before_across_the_year_boundary) {
  EXPECT_EQ(quarter_of("2026-01"), "2026-Q1");
  EXPECT_EQ(quarter_of("2026-03"), "2026-Q1");
  EXPECT_EQ(quarter_of("2026-04"), "2026-Q2");
  EXPECT_EQ(quarter_of("2026-12"), "2026-Q4");
  EXPECT_EQ(months_of_quarter("2026-Q4"), (std::vector<std::string>{"2026-10", "2026-11", "2026-12"}));
  EXPECT_EQ(previous_quarter("2027-Q1"), "2026-Q4");
  EXPECT_EQ(previous_quarter("2026-Q3"), "2026-Q2");
  EXPECT_TRUE(is_quarter("2026-Q4"));
  EXPECT_FALSE(is_quarter("2026-Q5"));
  EXPECT_FALSE(is_quarter("2026Q4"));
}

// ---- formulas ----

EngineerFigures figures() {
  EngineerFigures f;
  f.engineer_id = 7;
  f.name = "王工";
  return f;
}

TEST(ReviewFormulas, volume_is_measured_against_the_teams_80th_percentile) {
  // Nine engineers of a team resolved 2, 4, 5, 7, 8, 10, 12, 15, 30: position ceil(0.8 × 9) = 8 → 15.
  EXPECT_EQ(volume_benchmark({30, 2, 4, 5, 7, 8, 10, 12, 15}), 15);
  EXPECT_EQ(volume_benchmark({0, 0, 0}), 1);  // nobody resolved anything
  EXPECT_EQ(volume_benchmark({}), 1);
  EXPECT_EQ(volume_benchmark({9}), 9);
  auto f = figures();
  f.resolved = 12;
  auto s = score_metric(Metric::volume, f, 15);
  EXPECT_EQ(s.score_tenths, 800);  // 100 × 12 / 15
  EXPECT_EQ(s.num, 12);
  EXPECT_FALSE(s.den.has_value());
  EXPECT_NE(s.explain_zh.find("80"), std::string::npos) << s.explain_zh;
  EXPECT_NE(s.explain_en.find("benchmark"), std::string::npos) << s.explain_en;
  f.resolved = 30;
  EXPECT_EQ(score_metric(Metric::volume, f, 15).score_tenths, 1000);  // capped
  f.resolved = 1;
  EXPECT_EQ(score_metric(Metric::volume, f, 7).score_tenths, 143);  // 14.29 → 14.3
  f.resolved = 0;
  EXPECT_EQ(score_metric(Metric::volume, f, 1).score_tenths, 0);
}

TEST(ReviewFormulas, resolution_rate_and_sla_compliance_are_100_times_the_rate) {
  auto f = figures();
  f.assigned = 40;
  f.assigned_resolved = 37;
  auto r = score_metric(Metric::resolution_rate, f, 1);
  EXPECT_EQ(r.score_tenths, 925);  // 92.5
  EXPECT_EQ(r.num, 37);
  EXPECT_EQ(r.den, 40);
  EXPECT_EQ(metric_value(Metric::resolution_rate, r.num, r.den), 0.925);
  f.sla_total = 3;
  f.sla_met = 2;
  EXPECT_EQ(score_metric(Metric::sla_compliance, f, 1).score_tenths, 667);  // 66.67 → 66.7
  f.sla_total = 0;
  f.sla_met = 0;
  auto none = score_metric(Metric::sla_compliance, f, 1);
  EXPECT_EQ(none.score_tenths, k_no_data_tenths);  // nothing to compute from: 80
  EXPECT_EQ(metric_value(Metric::sla_compliance, none.num, none.den), std::nullopt);
  EXPECT_NE(none.explain_en.find("base score"), std::string::npos) << none.explain_en;
}

TEST(ReviewFormulas, csat_maps_one_to_five_stars_onto_zero_to_one_hundred) {
  auto f = figures();
  f.csat_count = 4;
  f.csat_sum = 18;  // 5, 5, 4, 4: average 4.5 → 100 × 3.5 / 4 = 87.5
  auto s = score_metric(Metric::csat, f, 1);
  EXPECT_EQ(s.score_tenths, 875);
  EXPECT_EQ(metric_value(Metric::csat, s.num, s.den), 4.5);
  f.csat_count = 3;
  f.csat_sum = 3;  // all 1 star
  EXPECT_EQ(score_metric(Metric::csat, f, 1).score_tenths, 0);
  f.csat_sum = 15;
  EXPECT_EQ(score_metric(Metric::csat, f, 1).score_tenths, 1000);
  f.csat_count = 3;
  f.csat_sum = 13;  // 4.33 → 100 × 3.333 / 4 = 83.33 → 83.3
  EXPECT_EQ(score_metric(Metric::csat, f, 1).score_tenths, 833);
  f.csat_count = 0;
  f.csat_sum = 0;
  EXPECT_EQ(score_metric(Metric::csat, f, 1).score_tenths, k_no_data_tenths);
}

TEST(ReviewFormulas, complaints_cost_40_when_justified_and_20_when_partly) {
  auto f = figures();
  EXPECT_EQ(score_metric(Metric::complaints, f, 1).score_tenths, 1000);
  f.complaints_justified = 1;
  f.complaints_partly = 1;
  auto s = score_metric(Metric::complaints, f, 1);
  EXPECT_EQ(s.score_tenths, 400);
  EXPECT_EQ(s.num, 2);
  f.complaints_justified = 3;
  EXPECT_EQ(score_metric(Metric::complaints, f, 1).score_tenths, 0);  // never below 0
}

TEST(ReviewFormulas, reopen_rate_costs_four_points_per_percent) {
  auto f = figures();
  f.reopen_base = 20;
  f.reopened = 1;  // 5 % → 100 − 20 = 80
  EXPECT_EQ(score_metric(Metric::reopen_rate, f, 1).score_tenths, 800);
  f.reopened = 0;
  EXPECT_EQ(score_metric(Metric::reopen_rate, f, 1).score_tenths, 1000);
  f.reopened = 6;  // 30 %
  EXPECT_EQ(score_metric(Metric::reopen_rate, f, 1).score_tenths, 0);
  f.reopen_base = 3;
  f.reopened = 1;  // 33.3 % → 0
  EXPECT_EQ(score_metric(Metric::reopen_rate, f, 1).score_tenths, 0);
  f.reopen_base = 30;
  f.reopened = 1;  // 3.33 % → 100 − 13.33 = 86.67 → 86.7
  EXPECT_EQ(score_metric(Metric::reopen_rate, f, 1).score_tenths, 867);
  f.reopen_base = 0;
  f.reopened = 0;
  EXPECT_EQ(score_metric(Metric::reopen_rate, f, 1).score_tenths, k_no_data_tenths);
}

TEST(ReviewFormulas, two_knowledge_articles_a_month_earn_full_marks) {
  auto f = figures();
  EXPECT_EQ(score_metric(Metric::kb_articles, f, 1).score_tenths, 0);
  f.kb_published = 1;
  EXPECT_EQ(score_metric(Metric::kb_articles, f, 1).score_tenths, 500);
  f.kb_published = 5;
  EXPECT_EQ(score_metric(Metric::kb_articles, f, 1).score_tenths, 1000);
}

TEST(ReviewFormulas, the_total_is_the_sum_of_score_times_weight_over_one_hundred) {
  auto d = default_indicators();
  // volume 80, resolution 92.5, SLA 66.7, skill 85, certs 60, kb 50, csat 87.5, complaints 100, teamwork 90,
  // reopen 80: 12 + 13.875 + 10.005 + 8.5 + 3 + 5 + 8.75 + 5 + 4.5 + 8 = 78.63
  std::map<std::string, int> scores{{"volume", 800},      {"resolution_rate", 925}, {"sla_compliance", 667},
                                    {"skill_level", 850}, {"certifications", 600},  {"kb_articles", 500},
                                    {"csat", 875},        {"complaints", 1000},     {"teamwork", 900},
                                    {"reopen_rate", 800}};
  std::vector<ScoreItem> items;
  for (const auto& [k, v] : scores) {
    ScoreItem i;
    i.key = k;
    i.score_tenths = v;
    items.push_back(i);
  }
  EXPECT_EQ(total_milli(d, items), 78'630);
  EXPECT_TRUE(unscored(d, items).empty());
  // A manual item not scored yet counts nothing and holds back publication.
  for (auto& i : items)
    if (i.key == "teamwork") i.score_tenths.reset();
  EXPECT_EQ(total_milli(d, items), 78'630 - 4'500);
  EXPECT_EQ(unscored(d, items), std::vector<std::string>{"teamwork"});
  // … unless it weighs nothing.
  for (auto& ind : d)
    if (ind.key == "teamwork") ind.weight = 0;
  EXPECT_TRUE(unscored(d, items).empty());
}

TEST(ReviewFormulas, a_manual_score_is_0_to_100_with_at_most_one_decimal) {
  EXPECT_EQ(score_tenths_from(85, "score").value(), 850);
  EXPECT_EQ(score_tenths_from(87.5, "score").value(), 875);
  EXPECT_EQ(score_tenths_from(0, "score").value(), 0);
  EXPECT_EQ(score_tenths_from(100, "score").value(), 1000);
  EXPECT_EQ(score_tenths_from(100.5, "score").error().field, "score");
  EXPECT_EQ(score_tenths_from(-1, "score").error().field, "score");
  EXPECT_EQ(score_tenths_from(87.25, "score").error().field, "score");
  EXPECT_EQ(format_tenths(875), "87.5");
  EXPECT_EQ(format_tenths(800), "80");
}

// ---- appeals ----

TEST(ReviewAppeals, the_window_is_open_until_just_before_appeal_until) {
  const Timestamp published = beijing(2026, 12, 3, 15, 0);
  const Timestamp until = appeal_deadline(published, 5);
  EXPECT_EQ(until, beijing(2026, 12, 8, 15, 0));
  EXPECT_TRUE(appeal_window_open(until, published));
  EXPECT_TRUE(appeal_window_open(until, until - milliseconds(1)));
  EXPECT_FALSE(appeal_window_open(until, until));
  EXPECT_FALSE(appeal_window_open(until, until + hours(1)));
}

TEST(ReviewAppeals, a_published_cycle_closes_when_the_window_has_passed_and_every_appeal_is_answered) {
  Cycle c;
  EXPECT_EQ(cycle_state(c, beijing(2026, 12, 1, 0, 0), 0), CycleState::draft);
  c.published = true;
  c.published_at = beijing(2026, 12, 3, 15, 0);
  c.appeal_until = beijing(2026, 12, 8, 15, 0);
  EXPECT_EQ(cycle_state(c, beijing(2026, 12, 8, 14, 59), 0), CycleState::published);
  EXPECT_EQ(cycle_state(c, beijing(2026, 12, 8, 15, 0), 1), CycleState::published);
  EXPECT_EQ(cycle_state(c, beijing(2026, 12, 8, 15, 0), 0), CycleState::closed);
}

// ---- ranking ----

std::vector<std::pair<Id, std::int64_t>> totals(std::initializer_list<std::int64_t> values) {
  std::vector<std::pair<Id, std::int64_t>> out;
  Id id = 1;
  for (auto v : values)
    out.emplace_back(id++, v);
  return out;
}

std::vector<Id> bottom_ids(const std::vector<Ranked>& r) {
  std::vector<Id> out;
  for (const auto& x : r)
    if (x.bottom) out.push_back(x.id);
  std::sort(out.begin(), out.end());
  return out;
}

TEST(ReviewRanking, equal_totals_share_a_rank_and_the_next_rank_skips) {
  auto r = rank(totals({80'000, 90'000, 80'000, 70'000, 95'500}));
  ASSERT_EQ(r.size(), 5u);
  EXPECT_EQ(r[0].id, 5);
  EXPECT_EQ(r[0].rank, 1);
  EXPECT_EQ(r[1].id, 2);
  EXPECT_EQ(r[1].rank, 2);
  EXPECT_EQ(r[2].id, 1);  // ties in id order
  EXPECT_EQ(r[2].rank, 3);
  EXPECT_EQ(r[3].id, 3);
  EXPECT_EQ(r[3].rank, 3);
  EXPECT_EQ(r[4].id, 4);
  EXPECT_EQ(r[4].rank, 5);
}

TEST(ReviewRanking, the_bottom_20_percent_is_floor_of_n_over_5_with_ties_at_the_edge) {
  EXPECT_EQ(bottom_count(1), 0);
  EXPECT_EQ(bottom_count(4), 0);
  EXPECT_EQ(bottom_count(5), 1);
  EXPECT_EQ(bottom_count(10), 2);
  EXPECT_EQ(bottom_count(11), 2);
  EXPECT_TRUE(bottom_ids(rank(totals({50'000}))).empty());
  EXPECT_TRUE(bottom_ids(rank(totals({90'000, 80'000, 70'000, 60'000}))).empty());
  EXPECT_EQ(bottom_ids(rank(totals({90'000, 80'000, 70'000, 60'000, 65'000}))), (std::vector<Id>{4}));
  EXPECT_EQ(bottom_ids(rank(totals({10, 20, 30, 40, 50, 60, 70, 80, 90, 100}))), (std::vector<Id>{1, 2}));
  EXPECT_EQ(bottom_ids(rank(totals({10, 20, 30, 40, 50, 60, 70, 80, 90, 100, 110}))),
            (std::vector<Id>{1, 2}));
  // Two share the second-lowest total of ten: both are in (three names for two places).
  EXPECT_EQ(bottom_ids(rank(totals({10, 20, 20, 40, 50, 60, 70, 80, 90, 100}))), (std::vector<Id>{1, 2, 3}));
  // Two share the lowest total of five: both are in.
  EXPECT_EQ(bottom_ids(rank(totals({10, 10, 30, 40, 50}))), (std::vector<Id>{1, 2}));
  // Everyone equal: everyone is in.
  EXPECT_EQ(bottom_ids(rank(totals({7, 7, 7, 7, 7}))).size(), 5u);
}

// ---- quarters ----

std::vector<MonthTotal> quarter(const std::string& q,
                                const std::vector<std::pair<Id, std::int64_t>>& per_engineer,
                                int months = 3) {
  std::vector<MonthTotal> out;
  auto ms = months_of_quarter(q);
  for (int m = 0; m < months; ++m)
    for (const auto& [id, t] : per_engineer)
      out.push_back({ms[static_cast<std::size_t>(m)], id, "工程师" + std::to_string(id), t});
  return out;
}

TEST(ReviewQuarters, the_quarter_average_is_over_the_months_each_engineer_was_reviewed) {
  std::vector<MonthTotal> t{
      {"2026-10", 1, "甲", 80'000}, {"2026-11", 1, "甲", 90'000}, {"2026-12", 1, "甲", 85'001},
      {"2026-10", 2, "乙", 70'000}, {"2026-11", 2, "乙", 75'000}, {"2026-10", 3, "丙", 60'000},
      {"2026-11", 3, "丙", 95'000}, {"2026-12", 3, "丙", 99'000}, {"2026-10", 4, "丁", 50'000},
      {"2026-11", 4, "丁", 50'000}, {"2026-12", 4, "丁", 50'000}, {"2026-12", 5, "戊", 88'000}};
  auto r = quarter_ranking(t);
  ASSERT_EQ(r.size(), 5u);
  EXPECT_EQ(r[0].engineer_id, 5);
  EXPECT_EQ(r[0].average_milli, 88'000);
  EXPECT_EQ(r[0].months, 1);
  EXPECT_EQ(r[1].engineer_id, 1);
  EXPECT_EQ(r[1].average_milli, 85'000);  // 255,001 / 3 = 85,000.33
  EXPECT_EQ(r[2].engineer_id, 3);
  EXPECT_EQ(r[2].average_milli, 84'667);  // 254,000 / 3, rounded half up
  EXPECT_EQ(r[3].engineer_id, 2);
  EXPECT_EQ(r[3].average_milli, 72'500);
  EXPECT_EQ(r[4].engineer_id, 4);
  EXPECT_EQ(r[4].rank, 5);
  EXPECT_TRUE(r[4].bottom);  // floor(5 / 5) = 1
  EXPECT_FALSE(r[3].bottom);
}

TEST(ReviewQuarters, bottom_three_quarters_in_a_row_earns_a_warning) {
  const std::vector<std::pair<Id, std::int64_t>> base{
      {1, 90'000}, {2, 85'000}, {3, 80'000}, {4, 75'000}, {5, 50'000}};
  auto q2 = quarter("2026-Q2", base), q3 = quarter("2026-Q3", base), q4 = quarter("2026-Q4", base);
  EXPECT_EQ(three_in_a_row(q2, q3, q4), (std::vector<Id>{5}));
  // Out of the bottom in the middle quarter: no warning.
  auto better = base;
  better[4].second = 95'000;
  EXPECT_TRUE(three_in_a_row(q2, quarter("2026-Q3", better), q4).empty());
}

TEST(ReviewQuarters, a_quarter_without_a_published_month_breaks_the_run) {
  const std::vector<std::pair<Id, std::int64_t>> base{
      {1, 90'000}, {2, 85'000}, {3, 80'000}, {4, 75'000}, {5, 50'000}};
  EXPECT_TRUE(three_in_a_row(quarter("2026-Q2", base), {}, quarter("2026-Q4", base)).empty());
}

TEST(ReviewQuarters, the_run_crosses_the_year_boundary_from_q4_to_q1) {
  const std::vector<std::pair<Id, std::int64_t>> base{
      {1, 90'000}, {2, 85'000}, {3, 80'000}, {4, 75'000}, {5, 50'000}};
  const std::string q = "2027-Q1";
  const std::string p1 = previous_quarter(q), p2 = previous_quarter(p1);
  EXPECT_EQ(p1, "2026-Q4");
  EXPECT_EQ(p2, "2026-Q3");
  EXPECT_EQ(three_in_a_row(quarter(p2, base), quarter(p1, base, 1), quarter(q, base, 2)),
            (std::vector<Id>{5}));
}

}  // namespace
}  // namespace techdesk::report
