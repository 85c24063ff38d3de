#include "sla/calendar.h"

#include <gtest/gtest.h>

namespace techdesk::sla {
namespace {

Calendar weekdays() {
  Calendar c;
  c.name = "工作日";
  c.zone = "Asia/Shanghai";
  for (int w = 0; w < 5; ++w)
    c.week[static_cast<std::size_t>(w)] = {{540, 720}, {810, 1080}};
  return c;
}

void expect_refused(const Calendar& c, const std::string& field) {
  auto r = validate(c);
  ASSERT_FALSE(r.ok()) << "expected a refusal naming " << field;
  EXPECT_EQ(r.error().field, field) << r.error().message;
  EXPECT_FALSE(r.error().message.empty());
}

TEST(Calendar, dates_and_clock_times_parse_and_print_back) {
  EXPECT_EQ(format_day(*parse_day("2026-02-15")), "2026-02-15");
  EXPECT_EQ(format_day(*parse_day("2024-02-29")), "2024-02-29");
  for (const char* bad :
       {"2026-02-30", "2025-02-29", "2026-2-15", "2026/02/15", "", "20260215", "2026-13-01", "0000-01-01"})
    EXPECT_FALSE(parse_day(bad).has_value()) << bad;
  EXPECT_EQ(weekday_of(*parse_day("2026-11-30")), 0) << "a Monday";
  EXPECT_EQ(weekday_of(*parse_day("2026-02-14")), 5) << "a Saturday";
  EXPECT_EQ(weekday_of(-1), 2) << "1969-12-31, before the epoch, was a Wednesday";
  EXPECT_EQ(parse_clock_time("09:00"), 540);
  EXPECT_EQ(parse_clock_time("24:00"), 1440);
  EXPECT_EQ(format_clock_time(810), "13:30");
  for (const char* bad : {"9:00", "24:01", "12:60", "25:00", "ab:cd", "09:00:00"})
    EXPECT_FALSE(parse_clock_time(bad).has_value()) << bad;
}

TEST(Calendar, the_shipped_calendars_are_valid) {
  EXPECT_TRUE(validate(china_business_calendar()).ok());
  EXPECT_TRUE(validate(always_open_calendar()).ok());
  EXPECT_TRUE(validate(weekdays()).ok());
}

TEST(Calendar, the_shipped_prc_calendar_holds_the_official_2025_and_2026_days) {
  auto c = china_business_calendar();
  EXPECT_EQ(c.holidays.size(), 28u + 33u);  // 1+8+3+5+3+8 in 2025; 3+9+3+5+3+3+7 in 2026
  EXPECT_EQ(c.makeup_workdays.size(), 5u + 6u);
  auto has = [](const std::vector<DayNote>& v, const char* d) {
    for (const auto& n : v)
      if (n.day == *parse_day(d)) return true;
    return false;
  };
  EXPECT_TRUE(has(c.holidays, "2026-02-23"));
  EXPECT_FALSE(has(c.holidays, "2026-02-24"));
  EXPECT_TRUE(has(c.makeup_workdays, "2026-02-28"));
  EXPECT_TRUE(has(c.holidays, "2025-10-08"));
  EXPECT_TRUE(has(c.makeup_workdays, "2025-10-11"));
}

TEST(Calendar, overlapping_and_inverted_intervals_are_refused_by_name) {
  auto c = weekdays();
  c.week[2] = {{540, 720}, {700, 900}};
  expect_refused(c, "week.wednesday[1]");
  c = weekdays();
  c.week[4] = {{600, 540}};
  expect_refused(c, "week.friday[0]");
  c = weekdays();
  c.week[0] = {{540, 540}};
  expect_refused(c, "week.monday[0]");
  c = weekdays();
  c.week[6] = {{-10, 60}};
  expect_refused(c, "week.sunday[0]");
  c = weekdays();
  c.week[6] = {{60, 1441}};
  expect_refused(c, "week.sunday[0]");
  c = weekdays();
  c.week[1] = {{540, 720}, {720, 1080}};  // touching is fine
  EXPECT_TRUE(validate(c).ok());
}

TEST(Calendar, a_calendar_without_working_time_is_refused_unless_it_is_seven_by_twenty_four) {
  Calendar c;
  c.name = "空";
  expect_refused(c, "week");
  c.always_open = true;
  EXPECT_TRUE(validate(c).ok());
}

TEST(Calendar, unknown_zones_names_and_contradicting_days_are_refused) {
  auto c = weekdays();
  c.zone = "Asia/Beijing";
  expect_refused(c, "zone");
  c = weekdays();
  c.zone = "../../etc/passwd";
  expect_refused(c, "zone");
  c = weekdays();
  c.name = "  ";
  expect_refused(c, "name");
  c = weekdays();
  c.name = "a\x01b";
  expect_refused(c, "name");
  c = weekdays();
  c.holidays = {{*parse_day("2026-10-01"), "国庆节"}, {*parse_day("2026-10-01"), "again"}};
  expect_refused(c, "holidays[1]");
  c = weekdays();
  c.holidays = {{*parse_day("2026-10-01"), "国庆节"}};
  c.makeup_workdays = {{*parse_day("2026-10-01"), "上班"}};
  expect_refused(c, "makeup_workdays[0]");
  c = weekdays();
  c.makeup_weekday = 6;  // Sunday has no hours
  c.makeup_workdays = {{*parse_day("2026-10-10"), "上班"}};
  expect_refused(c, "makeup_weekday");
}

}  // namespace
}  // namespace techdesk::sla
