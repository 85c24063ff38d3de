// RFC 3339 timestamps on the wire and the local calendar date used in ticket numbers.
#include "common/time.h"

#include <gtest/gtest.h>

#include <chrono>
#include <optional>
#include <stdexcept>
#include <string>

namespace {

using namespace std::chrono;
using techdesk::format_rfc3339;
using techdesk::from_millis;
using techdesk::local_date_compact;
using techdesk::parse_rfc3339;
using techdesk::Timestamp;
using techdesk::zone_exists;

// 2026-11-21T05:32:00.123Z
Timestamp at(int y, unsigned mo, unsigned d, int h, int mi, int s, int ms = 0) {
  return time_point_cast<milliseconds>(sys_days{year{y} / month{mo} / day{d}} + hours{h} + minutes{mi} +
                                       seconds{s} + milliseconds{ms});
}

TEST(Rfc3339, formats_the_epoch) {
  EXPECT_EQ(format_rfc3339(from_millis(0)), "1970-01-01T00:00:00.000Z");
}

TEST(Rfc3339, formats_known_instants_in_utc_with_milliseconds) {
  EXPECT_EQ(format_rfc3339(at(2026, 11, 21, 5, 32, 0, 123)), "2026-11-21T05:32:00.123Z");
  EXPECT_EQ(format_rfc3339(at(2026, 12, 31, 23, 59, 59, 999)), "2026-12-31T23:59:59.999Z");
  EXPECT_EQ(format_rfc3339(at(2028, 2, 29, 0, 0, 0, 7)), "2028-02-29T00:00:00.007Z");
  EXPECT_EQ(format_rfc3339(from_millis(1'000'000'000'000)), "2001-09-09T01:46:40.000Z");
}

TEST(Rfc3339, parses_utc_with_and_without_fractions) {
  EXPECT_EQ(parse_rfc3339("2026-11-21T05:32:00Z"), at(2026, 11, 21, 5, 32, 0));
  EXPECT_EQ(parse_rfc3339("2026-11-21T05:32:00.123Z"), at(2026, 11, 21, 5, 32, 0, 123));
  EXPECT_EQ(parse_rfc3339("1970-01-01T00:00:00Z"), from_millis(0));
}

TEST(Rfc3339, parses_an_offset_into_the_same_utc_instant) {
  EXPECT_EQ(parse_rfc3339("2026-11-21T13:32:00+08:00"), at(2026, 11, 21, 5, 32, 0));
  EXPECT_EQ(parse_rfc3339("2026-11-21T13:32:00.250+08:00"), at(2026, 11, 21, 5, 32, 0, 250));
  EXPECT_EQ(parse_rfc3339("2026-11-21T00:32:00-05:00"), at(2026, 11, 21, 5, 32, 0));
  EXPECT_EQ(parse_rfc3339("2026-11-21T05:32:00+00:00"), at(2026, 11, 21, 5, 32, 0));
}

TEST(Rfc3339, an_offset_can_cross_midnight_into_the_previous_utc_day) {
  EXPECT_EQ(parse_rfc3339("2026-11-22T00:00:00+08:00"), at(2026, 11, 21, 16, 0, 0));
}

TEST(Rfc3339, formatting_then_parsing_gives_the_same_instant) {
  for (Timestamp t : {from_millis(0), at(2026, 11, 21, 5, 32, 0, 123), at(2030, 6, 1, 12, 0, 0, 1)})
    EXPECT_EQ(parse_rfc3339(format_rfc3339(t)), t) << format_rfc3339(t);
}

TEST(Rfc3339, garbage_is_rejected) {
  for (const char* text :
       {"", "Z", "now", "yesterday at noon", "2026-11-21", "2026-11-21T05:32:00", "2026-11-21 05:32:00Z",
        "2026/11/21T05:32:00Z", "2026-11-21T05:32Z", "2026-13-01T00:00:00Z", "2026-11-21T25:00:00Z",
        "2026-11-21T05:32:00ZZ", "2026-11-21T05:32:00Z junk", "2026-11-21T05:32:00+08:00junk",
        "2026-11-21T05:32:00+08:00Z", "2026-11-21T05:32:00 +08:00", "xxxx-11-21T05:32:00Z",
        "20261121T053200Z", "2026-11-21T05:32:00+0800"})
    EXPECT_EQ(parse_rfc3339(text), std::nullopt) << '"' << text << '"';
}

// parse_rfc3339 accepts only the documented shape, nothing date::parse would also take.
TEST(Rfc3339, only_the_documented_shape_is_accepted) {
  for (const char* text : {"2026-11-21T05:32:00+8", "2026-11-21T05:32:00+08", "2026-11-21T05:32:00+08:60",
                           "2026-11-21T05:32:00+24:00", "2026-11-21T05:32:00.Z", "+2026-11-21T05:32:00Z",
                           "2026-11-21T05:32:00+08:00 "})
    EXPECT_EQ(parse_rfc3339(text), std::nullopt) << '"' << text << '"';
}

TEST(LocalDate, shanghai_is_still_on_the_previous_day_at_15_59_59_utc) {
  EXPECT_EQ(local_date_compact(at(2026, 11, 20, 15, 59, 59, 999), "Asia/Shanghai"), "20261120");
}

TEST(LocalDate, shanghai_crosses_midnight_at_16_00_00_utc) {
  EXPECT_EQ(local_date_compact(at(2026, 11, 20, 16, 0, 0), "Asia/Shanghai"), "20261121");
}

TEST(LocalDate, utc_dates_follow_the_utc_calendar) {
  EXPECT_EQ(local_date_compact(at(2026, 11, 20, 23, 59, 59), "UTC"), "20261120");
  EXPECT_EQ(local_date_compact(at(2026, 12, 31, 16, 0, 0), "Asia/Shanghai"), "20270101");
}

TEST(LocalDate, an_unknown_zone_throws) {
  EXPECT_THROW((void)local_date_compact(from_millis(0), "Mars/Olympus_Mons"), std::runtime_error);
}

TEST(LocalDate, zone_exists_knows_iana_names_and_refuses_others) {
  EXPECT_TRUE(zone_exists("Asia/Shanghai"));
  EXPECT_TRUE(zone_exists("UTC"));
  EXPECT_TRUE(zone_exists("Europe/Berlin"));
  EXPECT_FALSE(zone_exists("Mars/Olympus_Mons"));
  EXPECT_FALSE(zone_exists(""));
  EXPECT_FALSE(zone_exists("asia/shanghai_"));
}

}  // namespace
