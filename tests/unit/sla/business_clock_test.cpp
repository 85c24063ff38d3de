// Business-time arithmetic over the department's calendar (Asia/Shanghai, 09:00–12:00 and 13:30–18:00 on
// weekdays, the PRC holidays and make-up working days of 2025 and 2026), a 7×24 calendar, and zones with
// daylight saving time.
#include "sla/business_clock.h"

#include "common/time.h"

#include <date/tz.h>
#include <gtest/gtest.h>

#include <random>

namespace techdesk::sla {
namespace {

using std::chrono::minutes;

Timestamp at(const char* zone, int y, int mo, int d, int h, int mi) {
  auto local = date::local_days{date::year{y} / mo / d} + std::chrono::hours(h) + std::chrono::minutes(mi);
  auto sys = date::locate_zone(zone)->to_sys(local, date::choose::earliest);
  return std::chrono::time_point_cast<Millis>(sys);
}
Timestamp cn(int y, int mo, int d, int h, int mi) {
  return at("Asia/Shanghai", y, mo, d, h, mi);
}

const BusinessClock& china() {
  static BusinessClock clock(china_business_calendar());
  return clock;
}

struct AddCase {
  const char* what;
  Timestamp start;
  int minutes;
  Timestamp expected;
};

class AddBusinessMinutes : public ::testing::TestWithParam<AddCase> {};

TEST_P(AddBusinessMinutes, lands_where_the_department_expects) {
  const auto& c = GetParam();
  EXPECT_EQ(add_business_minutes(c.start, c.minutes, china()), c.expected) << c.what;
  // And back: the business time between the two is what was added.
  EXPECT_EQ(business_minutes_between(c.start, c.expected, china()), c.minutes) << c.what;
}

INSTANTIATE_TEST_SUITE_P(
    ChinaCalendar, AddBusinessMinutes,
    ::testing::Values(
        AddCase{"within the morning", cn(2026, 11, 24, 10, 0), 60, cn(2026, 11, 24, 11, 0)},
        AddCase{"across the lunch break", cn(2026, 11, 24, 11, 30), 60, cn(2026, 11, 24, 14, 0)},
        AddCase{"started in the lunch break", cn(2026, 11, 24, 12, 15), 30, cn(2026, 11, 24, 14, 0)},
        AddCase{"started before opening", cn(2026, 11, 24, 7, 0), 30, cn(2026, 11, 24, 9, 30)},
        AddCase{"ends exactly at closing", cn(2026, 11, 24, 17, 0), 60, cn(2026, 11, 24, 18, 0)},
        AddCase{"ends exactly at the lunch break", cn(2026, 11, 24, 11, 0), 60, cn(2026, 11, 24, 12, 0)},
        AddCase{"overnight", cn(2026, 11, 24, 17, 30), 60, cn(2026, 11, 25, 9, 30)},
        AddCase{"started after closing", cn(2026, 11, 24, 20, 0), 60, cn(2026, 11, 25, 10, 0)},
        AddCase{"17:59 on a Friday over the weekend", cn(2026, 11, 27, 17, 59), 60, cn(2026, 11, 30, 9, 59)},
        AddCase{"started on a Sunday", cn(2026, 11, 29, 10, 0), 60, cn(2026, 11, 30, 10, 0)},
        AddCase{"24 business hours from Monday morning", cn(2026, 11, 23, 9, 0), 1440,
                cn(2026, 11, 26, 10, 30)},
        AddCase{"48 business hours over a weekend", cn(2026, 11, 26, 14, 0), 2880, cn(2026, 12, 4, 17, 0)},
        // 2026 Spring Festival: 02-15..02-23 off, Saturdays 02-14 and 02-28 are working days.
        AddCase{"Friday before the 2026 Spring Festival into the make-up Saturday", cn(2026, 2, 13, 17, 30),
                60, cn(2026, 2, 14, 9, 30)},
        AddCase{"17:59 on the make-up Saturday before the 2026 Spring Festival", cn(2026, 2, 14, 17, 59), 60,
                cn(2026, 2, 24, 9, 59)},
        AddCase{"opened during the 2026 Spring Festival", cn(2026, 2, 18, 10, 0), 120,
                cn(2026, 2, 24, 11, 0)},
        AddCase{"Friday 2026-02-27 into the make-up Saturday 02-28", cn(2026, 2, 27, 17, 0), 120,
                cn(2026, 2, 28, 10, 0)},
        // 2025 Spring Festival: 01-28..02-04 off, Sunday 01-26 and Saturday 02-08 are working days.
        AddCase{"Friday 2025-01-24 into the make-up Sunday 01-26", cn(2025, 1, 24, 17, 0), 120,
                cn(2025, 1, 26, 10, 0)},
        AddCase{"17:59 on 2025-01-27, the day before the Spring Festival", cn(2025, 1, 27, 17, 59), 60,
                cn(2025, 2, 5, 9, 59)},
        AddCase{"2025-02-07 into the make-up Saturday 02-08", cn(2025, 2, 7, 17, 30), 60,
                cn(2025, 2, 8, 9, 30)},
        // National Day 2025: 10-01..10-08 off, Sunday 09-28 and Saturday 10-11 working.
        AddCase{"Friday 2025-09-26 into the make-up Sunday 09-28", cn(2025, 9, 26, 17, 0), 120,
                cn(2025, 9, 28, 10, 0)},
        AddCase{"17:59 on 2025-09-30, the day before National Day", cn(2025, 9, 30, 17, 59), 60,
                cn(2025, 10, 9, 9, 59)},
        AddCase{"2025-10-10 into the make-up Saturday 10-11", cn(2025, 10, 10, 17, 0), 120,
                cn(2025, 10, 11, 10, 0)},
        // National Day 2026: 10-01..10-07 off, Sunday 09-20 and Saturday 10-10 working; Mid-Autumn 09-25..27.
        AddCase{"Friday 2026-09-18 into the make-up Sunday 09-20", cn(2026, 9, 18, 17, 0), 120,
                cn(2026, 9, 20, 10, 0)},
        AddCase{"17:59 on 2026-09-24, the day before Mid-Autumn", cn(2026, 9, 24, 17, 59), 60,
                cn(2026, 9, 28, 9, 59)},
        AddCase{"17:59 on 2026-09-30, the day before National Day", cn(2026, 9, 30, 17, 59), 60,
                cn(2026, 10, 8, 9, 59)},
        AddCase{"2026-10-09 into the make-up Saturday 10-10", cn(2026, 10, 9, 17, 0), 120,
                cn(2026, 10, 10, 10, 0)},
        // Year ends.
        AddCase{"2025-12-31 over New Year 2026 into the make-up Sunday 01-04", cn(2025, 12, 31, 17, 0), 120,
                cn(2026, 1, 4, 10, 0)},
        AddCase{"2024-12-31 over New Year's Day 2025", cn(2024, 12, 31, 17, 30), 60, cn(2025, 1, 2, 9, 30)},
        AddCase{"Qingming 2026 (04-04..04-06)", cn(2026, 4, 3, 17, 0), 120, cn(2026, 4, 7, 10, 0)},
        AddCase{"Labour Day 2026 and the make-up Saturday 05-09", cn(2026, 4, 30, 17, 0), 120,
                cn(2026, 5, 6, 10, 0)},
        AddCase{"Dragon Boat 2025 (05-31..06-02)", cn(2025, 5, 30, 17, 0), 120, cn(2025, 6, 3, 10, 0)}));

TEST(BusinessClock, adding_nothing_gives_the_start_even_outside_working_time) {
  auto sunday = cn(2026, 11, 29, 3, 17);
  EXPECT_EQ(china().add(sunday, Millis{0}), sunday);
  EXPECT_EQ(china().add(sunday, Millis{-5}), sunday);
}

TEST(BusinessClock, between_counts_only_working_time_and_nothing_backwards) {
  EXPECT_EQ(business_minutes_between(cn(2026, 11, 24, 8, 0), cn(2026, 11, 24, 20, 0), china()), 450);
  EXPECT_EQ(business_minutes_between(cn(2026, 11, 28, 0, 0), cn(2026, 11, 30, 0, 0), china()), 0)
      << "a weekend";
  EXPECT_EQ(business_minutes_between(cn(2026, 2, 13, 9, 0), cn(2026, 2, 25, 9, 0), china()), 3 * 450)
      << "Friday, the make-up Saturday and the Tuesday after the Spring Festival";
  EXPECT_EQ(business_minutes_between(cn(2026, 11, 24, 12, 0), cn(2026, 11, 24, 11, 0), china()), 0);
  EXPECT_EQ(business_minutes_between(cn(2026, 11, 24, 12, 0), cn(2026, 11, 24, 13, 30), china()), 0)
      << "lunch";
}

TEST(BusinessClock, knows_when_the_department_works) {
  EXPECT_TRUE(china().is_working(cn(2026, 11, 24, 9, 0)));
  EXPECT_FALSE(china().is_working(cn(2026, 11, 24, 12, 0)));
  EXPECT_FALSE(china().is_working(cn(2026, 11, 24, 18, 0)));
  EXPECT_FALSE(china().is_working(cn(2026, 10, 5, 10, 0))) << "National Day";
  EXPECT_TRUE(china().is_working(cn(2026, 10, 10, 10, 0))) << "make-up Saturday";
  EXPECT_FALSE(china().is_working(cn(2026, 10, 17, 10, 0))) << "an ordinary Saturday";
}

TEST(BusinessClock, adding_then_measuring_gives_back_the_amount_for_random_starts) {
  std::mt19937_64 rng(20261130);
  const auto from = to_millis(cn(2025, 1, 1, 0, 0)), to = to_millis(cn(2026, 12, 31, 0, 0));
  for (int i = 0; i < 2000; ++i) {
    Timestamp start = from_millis(std::uniform_int_distribution<std::int64_t>(from, to)(rng));
    Millis amount{std::uniform_int_distribution<std::int64_t>(1, 10 * 24 * 3600 * 1000LL)(rng)};
    Timestamp end = china().add(start, amount);
    ASSERT_GT(end, start);
    ASSERT_EQ(china().between(start, end), amount) << format_rfc3339(start) << " + " << amount.count();
    // The end is working time's end or inside it, never in the middle of a break.
    ASSERT_TRUE(china().is_working(end - Millis{1}));
  }
}

TEST(BusinessClock, seven_by_twenty_four_counts_every_minute) {
  BusinessClock always(always_open_calendar());
  auto t = cn(2026, 2, 17, 3, 0);  // a night in the Spring Festival
  EXPECT_EQ(add_business_minutes(t, 120, always), t + std::chrono::hours(2));
  EXPECT_EQ(business_minutes_between(t, t + std::chrono::hours(49), always), 49 * 60);
  EXPECT_TRUE(always.is_working(t));
}

Calendar night_shift(const char* zone) {
  Calendar c;
  c.name = "night shift";
  c.zone = zone;
  for (auto& d : c.week)
    d = {{0, 6 * 60}};
  return c;
}

TEST(BusinessClock, a_spring_forward_night_is_an_hour_shorter_and_a_fall_back_night_an_hour_longer) {
  BusinessClock ny(night_shift("America/New_York"));
  // 2026-03-08 02:00 EST → 03:00 EDT; 2026-11-01 02:00 EDT → 01:00 EST.
  EXPECT_EQ(business_minutes_between(at("America/New_York", 2026, 3, 8, 0, 0),
                                     at("America/New_York", 2026, 3, 8, 12, 0), ny),
            5 * 60);
  EXPECT_EQ(business_minutes_between(at("America/New_York", 2026, 11, 1, 0, 0),
                                     at("America/New_York", 2026, 11, 1, 12, 0), ny),
            7 * 60);
  EXPECT_EQ(business_minutes_between(at("America/New_York", 2026, 3, 7, 0, 0),
                                     at("America/New_York", 2026, 3, 7, 12, 0), ny),
            6 * 60);
  // Three hours after 00:00 on the spring-forward night is 04:00 local (only 3 real hours passed).
  EXPECT_EQ(add_business_minutes(at("America/New_York", 2026, 3, 8, 0, 0), 180, ny),
            at("America/New_York", 2026, 3, 8, 4, 0));
  BusinessClock berlin(night_shift("Europe/Berlin"));
  EXPECT_EQ(business_minutes_between(at("Europe/Berlin", 2026, 3, 29, 0, 0),
                                     at("Europe/Berlin", 2026, 3, 30, 0, 0), berlin),
            5 * 60);
}

TEST(BusinessClock, office_hours_across_a_dst_change_keep_their_local_times) {
  Calendar c;
  c.name = "New York office";
  c.zone = "America/New_York";
  for (int w = 0; w < 5; ++w)
    c.week[static_cast<std::size_t>(w)] = {{9 * 60, 17 * 60}};
  BusinessClock ny(c);
  // Friday 16:00 EST + 2 h → Monday 10:00 EDT (14:00 UTC), across the change on Sunday.
  auto end = add_business_minutes(at("America/New_York", 2026, 3, 6, 16, 0), 120, ny);
  EXPECT_EQ(end, at("America/New_York", 2026, 3, 9, 10, 0));
  EXPECT_EQ(format_rfc3339(end), "2026-03-09T14:00:00.000Z");
}

TEST(BusinessClock, a_calendar_whose_working_days_are_all_holidays_never_comes_due) {
  Calendar c;
  c.name = "one working day";
  c.zone = "Asia/Shanghai";
  c.week[0] = {{540, 1080}};  // Mondays only
  for (Day d = *parse_day("2026-11-30"); d < *parse_day("2037-01-01"); d += 7)
    c.holidays.push_back({d, "closed"});
  BusinessClock clock(c);
  EXPECT_EQ(add_business_minutes(cn(2026, 11, 30, 10, 0), 60, clock), k_never);
}

}  // namespace
}  // namespace techdesk::sla
