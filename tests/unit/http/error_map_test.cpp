// The one table from error codes to HTTP statuses and the JSON error body.
#include "http/error_map.h"

#include <gtest/gtest.h>

#include <boost/json.hpp>

#include <string>
#include <utility>
#include <vector>

namespace {

namespace json = boost::json;
using techdesk::Errc;
using techdesk::errc_name;
using techdesk::Error;
using techdesk::http::error_response;
using techdesk::http::status_for;

const std::vector<std::pair<Errc, int>> k_statuses{
    {Errc::ok, 200},
    {Errc::bad_request, 400},
    {Errc::invalid_json, 400},
    {Errc::missing_field, 400},
    {Errc::invalid_field, 400},
    {Errc::unknown_field, 400},
    {Errc::invalid_query, 400},
    {Errc::unauthenticated, 401},
    {Errc::invalid_credentials, 401},
    {Errc::forbidden, 403},
    {Errc::csrf_failed, 403},
    {Errc::not_found, 404},
    {Errc::method_not_allowed, 405},
    {Errc::invalid_transition, 409},
    {Errc::conflict, 409},
    {Errc::payload_too_large, 413},
    {Errc::unsupported_media_type, 415},
    {Errc::account_locked, 423},
    {Errc::expired, 410},
    {Errc::unavailable, 503},
    {Errc::internal, 500},
};

json::object body_of(const Error& e) {
  auto res = error_response(e);
  EXPECT_EQ(res.content_type, "application/json");
  auto v = json::parse(res.body);
  EXPECT_TRUE(v.is_object()) << res.body;
  return v.as_object();
}

TEST(ErrorMap, every_code_has_its_documented_status) {
  ASSERT_EQ(k_statuses.size(), static_cast<std::size_t>(Errc::internal) + 1)
      << "a code is missing from this table";
  for (const auto& [code, status] : k_statuses)
    EXPECT_EQ(status_for(code), status) << errc_name(code);
}

TEST(ErrorMap, an_out_of_range_code_is_a_500) {
  EXPECT_EQ(status_for(static_cast<Errc>(999)), 500);
}

TEST(ErrorMap, the_response_status_is_the_one_from_the_table) {
  for (const auto& [code, status] : k_statuses) {
    if (code == Errc::ok) continue;
    EXPECT_EQ(error_response(Error{code, "m", {}}).status, status) << errc_name(code);
  }
}

TEST(ErrorMap, the_body_is_an_error_object_with_code_message_and_field) {
  auto body = body_of(Error::invalid("subject", "subject must not be empty"));
  ASSERT_EQ(body.size(), 1u);
  const auto& err = body.at("error").as_object();
  EXPECT_EQ(err.size(), 3u);
  EXPECT_EQ(err.at("code").as_string(), "invalid_field");
  EXPECT_EQ(err.at("message").as_string(), "subject must not be empty");
  EXPECT_EQ(err.at("field").as_string(), "subject");
}

TEST(ErrorMap, field_is_null_when_no_single_field_is_at_fault) {
  auto body = body_of(Error::not_found("ticket"));
  const auto& err = body.at("error").as_object();
  EXPECT_EQ(err.at("code").as_string(), "not_found");
  EXPECT_EQ(err.at("message").as_string(), "ticket not found");
  ASSERT_TRUE(err.contains("field"));
  EXPECT_TRUE(err.at("field").is_null());
}

TEST(ErrorMap, every_code_is_named_in_the_body) {
  for (const auto& [code, status] : k_statuses) {
    if (code == Errc::ok) continue;
    auto body = body_of(Error{code, "m", "f"});
    EXPECT_EQ(body.at("error").at("code").as_string(), errc_name(code));
  }
}

TEST(ErrorMap, internal_errors_never_leak_their_message) {
  auto res = error_response(Error::internal("sqlite3_step: disk I/O error at /var/lib/techdesk/td.db"));
  EXPECT_EQ(res.status, 500);
  EXPECT_EQ(res.body.find("sqlite"), std::string::npos) << res.body;
  EXPECT_EQ(res.body.find("/var/lib"), std::string::npos) << res.body;
  auto err = body_of(Error::internal("secret detail")).at("error").as_object();
  EXPECT_EQ(err.at("code").as_string(), "internal");
  EXPECT_EQ(err.at("message").as_string(), "internal error");
}

TEST(ErrorMap, unavailable_errors_do_not_leak_their_message_either) {
  auto res = error_response(Error{Errc::unavailable, "connection to db-primary:5432 refused", {}});
  EXPECT_EQ(res.status, 503);
  EXPECT_EQ(res.body.find("db-primary"), std::string::npos) << res.body;
}

TEST(ErrorMap, messages_are_escaped_as_json) {
  auto err = body_of(Error::invalid("subject", "bad \"quote\" and \\ and 打印机\n")).at("error").as_object();
  EXPECT_EQ(err.at("message").as_string(), "bad \"quote\" and \\ and 打印机\n");
}

}  // namespace
