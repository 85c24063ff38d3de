// Errors as values: Result<T>, TD_TRY propagation, the named factories and the wire names of codes.
#include "common/error.h"

#include <gtest/gtest.h>

#include <memory>
#include <set>
#include <string>
#include <system_error>
#include <utility>
#include <vector>

namespace {

using techdesk::Errc;
using techdesk::errc_name;
using techdesk::Error;
using techdesk::Result;

Result<int> parse_positive(int v) {
  if (v <= 0) return Error::invalid("count", "count must be positive");
  return v;
}

Result<void> check_even(int v) {
  if (v % 2 != 0) return Error::conflict("odd", "count");
  return techdesk::ok();
}

// Uses TD_TRY on both kinds of Result and reports how far it got.
Result<int> doubled_even(int v, int& reached) {
  reached = 0;
  int n = TD_TRY(parse_positive(v));
  reached = 1;
  TD_TRY(check_even(n));
  reached = 2;
  return n * 2;
}

TEST(Result, holds_a_value_or_an_error) {
  Result<int> good = 5;
  ASSERT_TRUE(good.ok());
  EXPECT_TRUE(static_cast<bool>(good));
  EXPECT_EQ(*good, 5);
  EXPECT_EQ(good.value(), 5);

  Result<int> bad = Error::not_found("ticket");
  ASSERT_FALSE(bad.ok());
  EXPECT_FALSE(static_cast<bool>(bad));
  EXPECT_EQ(bad.error().code, Errc::not_found);
  EXPECT_EQ(bad.error().message, "ticket not found");
}

TEST(Result, void_results_are_ok_by_default) {
  Result<void> r = techdesk::ok();
  EXPECT_TRUE(r.ok());
  Result<void> failed = Error::unauthenticated();
  EXPECT_FALSE(failed.ok());
  EXPECT_EQ(failed.error().code, Errc::unauthenticated);
}

TEST(TdTry, yields_the_value_when_every_step_succeeds) {
  int reached = -1;
  auto r = doubled_even(4, reached);
  ASSERT_TRUE(r.ok());
  EXPECT_EQ(*r, 8);
  EXPECT_EQ(reached, 2);
}

TEST(TdTry, returns_the_first_error_unchanged_and_stops_there) {
  int reached = -1;
  auto r = doubled_even(-1, reached);
  ASSERT_FALSE(r.ok());
  EXPECT_EQ(r.error().code, Errc::invalid_field);
  EXPECT_EQ(r.error().field, "count");
  EXPECT_EQ(r.error().message, "count must be positive");
  EXPECT_EQ(reached, 0);
}

TEST(TdTry, propagates_an_error_from_a_void_result) {
  int reached = -1;
  auto r = doubled_even(3, reached);
  ASSERT_FALSE(r.ok());
  EXPECT_EQ(r.error().code, Errc::conflict);
  EXPECT_EQ(r.error().field, "count");
  EXPECT_EQ(reached, 1);
}

TEST(TdTry, moves_values_that_cannot_be_copied) {
  auto make = []() -> Result<std::unique_ptr<int>> { return std::make_unique<int>(7); };
  auto use = [&]() -> Result<int> {
    std::unique_ptr<int> p = TD_TRY(make());
    return *p;
  };
  auto r = use();
  ASSERT_TRUE(r.ok());
  EXPECT_EQ(*r, 7);
}

TEST(ErrorFactories, name_the_field_at_fault) {
  Error missing = Error::missing("subject");
  EXPECT_EQ(missing.code, Errc::missing_field);
  EXPECT_EQ(missing.field, "subject");
  EXPECT_EQ(missing.message, "subject is required");

  Error unknown = Error::unknown_field("colour");
  EXPECT_EQ(unknown.code, Errc::unknown_field);
  EXPECT_EQ(unknown.field, "colour");
  EXPECT_EQ(unknown.message, "unknown field colour");

  Error query = Error::invalid_query("limit", "limit must be 1..100");
  EXPECT_EQ(query.code, Errc::invalid_query);
  EXPECT_EQ(query.field, "limit");

  EXPECT_EQ(Error::invalid_json("bad").field, "");
  EXPECT_EQ(Error::forbidden().code, Errc::forbidden);
  EXPECT_EQ(Error::forbidden().message, "not allowed");
  EXPECT_EQ(Error::internal("disk on fire").code, Errc::internal);
}

const std::vector<std::pair<Errc, std::string>> k_names{
    {Errc::ok, "ok"},
    {Errc::bad_request, "bad_request"},
    {Errc::invalid_json, "invalid_json"},
    {Errc::missing_field, "missing_field"},
    {Errc::invalid_field, "invalid_field"},
    {Errc::unknown_field, "unknown_field"},
    {Errc::invalid_query, "invalid_query"},
    {Errc::unauthenticated, "unauthenticated"},
    {Errc::invalid_credentials, "invalid_credentials"},
    {Errc::forbidden, "forbidden"},
    {Errc::csrf_failed, "csrf_failed"},
    {Errc::not_found, "not_found"},
    {Errc::method_not_allowed, "method_not_allowed"},
    {Errc::invalid_transition, "invalid_transition"},
    {Errc::conflict, "conflict"},
    {Errc::payload_too_large, "payload_too_large"},
    {Errc::unsupported_media_type, "unsupported_media_type"},
    {Errc::account_locked, "account_locked"},
    {Errc::expired, "expired"},
    {Errc::unavailable, "unavailable"},
    {Errc::internal, "internal"},
};

TEST(ErrcName, every_code_has_its_own_wire_name) {
  std::set<std::string> seen;
  for (const auto& [code, expected] : k_names) {
    EXPECT_EQ(errc_name(code), expected);
    EXPECT_TRUE(seen.insert(errc_name(code)).second) << expected;
  }
  EXPECT_EQ(k_names.size(), static_cast<std::size_t>(Errc::internal) + 1)
      << "a code is missing from this table";
}

TEST(ErrcName, an_out_of_range_code_is_called_internal) {
  EXPECT_STREQ(errc_name(static_cast<Errc>(999)), "internal");
}

TEST(ErrorCategory, codes_convert_to_std_error_code_with_their_wire_name) {
  std::error_code ec = Errc::not_found;
  EXPECT_EQ(ec.category().name(), std::string("techdesk"));
  EXPECT_EQ(ec.message(), "not_found");
  EXPECT_EQ(ec.value(), static_cast<int>(Errc::not_found));
  EXPECT_EQ(ec, make_error_code(Errc::not_found));
  EXPECT_NE(ec, make_error_code(Errc::conflict));
  EXPECT_FALSE(std::error_code(Errc::ok));
}

}  // namespace
