// The request as handlers see it: target decoding, query and cookie lookup, and path ids.
#include "http/request.h"

#include <gtest/gtest.h>

#include <string>
#include <utility>
#include <vector>

namespace {

using techdesk::Errc;
using techdesk::http::is_write;
using techdesk::http::Method;
using techdesk::http::method_name;
using techdesk::http::parse_id;
using techdesk::http::parse_method;
using techdesk::http::parse_target;
using techdesk::http::Request;

using Query = std::vector<std::pair<std::string, std::string>>;

struct Target {
  bool ok;
  std::string path;
  Query query;
};

Target parse(std::string_view target) {
  Target t;
  t.ok = parse_target(target, t.path, t.query);
  return t;
}

TEST(ParseTarget, a_plain_path_has_no_query) {
  auto t = parse("/api/v1/tickets");
  ASSERT_TRUE(t.ok);
  EXPECT_EQ(t.path, "/api/v1/tickets");
  EXPECT_TRUE(t.query.empty());
}

TEST(ParseTarget, the_path_is_percent_decoded_but_plus_stays_a_plus) {
  auto t = parse("/files/a%20b+c%41d");
  ASSERT_TRUE(t.ok);
  EXPECT_EQ(t.path, "/files/a b+cAd");
}

TEST(ParseTarget, an_encoded_slash_or_control_character_in_the_path_is_refused) {
  EXPECT_FALSE(parse("/api/v1/tickets/1%2Fevents").ok) << "would reach /tickets/{id}/events";
  EXPECT_FALSE(parse("/api/v1/tickets/1%2fevents").ok);
  EXPECT_FALSE(parse("/api/v1/tickets/1%00").ok);
  EXPECT_FALSE(parse("/api/v1/tickets/1%0A").ok);
  EXPECT_TRUE(parse("/api/v1/tickets?q=a%2Fb").ok) << "the query may hold slashes";
}

TEST(ParseTarget, query_pairs_are_decoded_and_kept_in_order) {
  auto t = parse(
      "/api/v1/"
      "tickets?state=new&q=%E6%89%93%E5%8D%B0%E6%9C%BA+%E5%8D%A1%E7%BA%B8&state=assigned&a%2Bb=1%262");
  ASSERT_TRUE(t.ok);
  EXPECT_EQ(t.path, "/api/v1/tickets");
  EXPECT_EQ(t.query, (Query{{"state", "new"}, {"q", "打印机 卡纸"}, {"state", "assigned"}, {"a+b", "1&2"}}));
}

TEST(ParseTarget, plus_in_the_query_is_a_space_and_an_encoded_plus_is_a_plus) {
  auto t = parse("/s?q=a+b%2Bc");
  ASSERT_TRUE(t.ok);
  EXPECT_EQ(t.query, (Query{{"q", "a b+c"}}));
}

TEST(ParseTarget, hex_digits_may_be_upper_or_lower_case) {
  auto t = parse("/s?q=%e6%89%93%E5%8D%B0");
  ASSERT_TRUE(t.ok);
  EXPECT_EQ(t.query, (Query{{"q", "打印"}}));
}

TEST(ParseTarget, a_key_without_a_value_has_an_empty_value_and_empty_pairs_are_skipped) {
  auto t = parse("/s?&flag&&x=&y=1&");
  ASSERT_TRUE(t.ok);
  EXPECT_EQ(t.query, (Query{{"flag", ""}, {"x", ""}, {"y", "1"}}));
}

TEST(ParseTarget, an_empty_query_string_gives_no_pairs) {
  auto t = parse("/s?");
  ASSERT_TRUE(t.ok);
  EXPECT_EQ(t.path, "/s");
  EXPECT_TRUE(t.query.empty());
}

TEST(ParseTarget, only_the_first_question_mark_starts_the_query) {
  auto t = parse("/s?q=what?");
  ASSERT_TRUE(t.ok);
  EXPECT_EQ(t.query, (Query{{"q", "what?"}}));
}

TEST(ParseTarget, malformed_percent_encoding_is_rejected) {
  for (const char* target : {"/a%", "/a%2", "/a%G0", "/a%0G", "/a%%20", "/s?q=%", "/s?q=%4", "/s?q=%zz",
                             "/s?%=1", "/s?k%2=1", "/s?x=1&y=%E6%8"})
    EXPECT_FALSE(parse(target).ok) << target;
}

TEST(ParseTarget, a_target_not_starting_with_a_slash_is_rejected) {
  for (const char* target : {"", "api/v1/tickets", "http://example.com/api", "*", "?q=1"})
    EXPECT_FALSE(parse(target).ok) << target;
}

TEST(QueryParam, the_last_value_of_a_repeated_parameter_wins) {
  Request req;
  req.query = {{"limit", "10"}, {"state", "new"}, {"limit", "50"}};
  EXPECT_EQ(req.query_param("limit"), "50");
  EXPECT_EQ(req.query_param("state"), "new");
  EXPECT_FALSE(req.query_param("cursor").has_value());
}

TEST(CookieValue, finds_each_of_several_cookies) {
  Request req;
  req.cookie = "theme=dark; td_session=tds_abc123; td_csrf=xyz";
  EXPECT_EQ(req.cookie_value("theme"), "dark");
  EXPECT_EQ(req.cookie_value("td_session"), "tds_abc123");
  EXPECT_EQ(req.cookie_value("td_csrf"), "xyz");
  EXPECT_FALSE(req.cookie_value("missing").has_value());
}

TEST(CookieValue, a_name_must_match_exactly_not_as_a_prefix_or_suffix) {
  Request req;
  req.cookie = "xtd_session=evil; td_session_old=stale; td_session=good";
  EXPECT_EQ(req.cookie_value("td_session"), "good");
  EXPECT_FALSE(req.cookie_value("td_sess").has_value());
}

TEST(CookieValue, the_first_of_two_cookies_with_the_same_name_wins) {
  Request req;
  req.cookie = "td_session=first; td_session=second";
  EXPECT_EQ(req.cookie_value("td_session"), "first");
}

TEST(CookieValue, values_may_be_empty_or_contain_equals_signs) {
  Request req;
  req.cookie = "empty=; b64=YWJj==;flag";
  EXPECT_EQ(req.cookie_value("empty"), "");
  EXPECT_EQ(req.cookie_value("b64"), "YWJj==");
  EXPECT_FALSE(req.cookie_value("flag").has_value());
}

TEST(CookieValue, no_cookie_header_means_no_cookies) {
  Request req;
  EXPECT_FALSE(req.cookie_value("td_session").has_value());
}

TEST(ParseId, positive_integers_parse) {
  auto r = parse_id("42", "ticket");
  ASSERT_TRUE(r.ok());
  EXPECT_EQ(*r, 42);
  EXPECT_EQ(parse_id("9223372036854775807", "ticket").value(), 9223372036854775807LL);
}

TEST(ParseId, anything_but_a_positive_integer_is_not_found) {
  for (const char* segment : {"0", "-1", "12a", "", "99999999999999999999", "9223372036854775808", "+5", " 5",
                              "5 ", "1.0", "0x10", "abc"}) {
    auto r = parse_id(segment, "ticket");
    ASSERT_FALSE(r.ok()) << '"' << segment << '"';
    EXPECT_EQ(r.error().code, Errc::not_found) << '"' << segment << '"';
    EXPECT_EQ(r.error().message, "ticket not found");
    EXPECT_EQ(r.error().field, "");
  }
}

TEST(Method, names_round_trip_and_unknown_methods_are_other) {
  for (Method m : {Method::get, Method::head, Method::post, Method::put, Method::patch, Method::delete_,
                   Method::options})
    EXPECT_EQ(parse_method(method_name(m)), m) << method_name(m);
  EXPECT_EQ(parse_method("get"), Method::other);
  EXPECT_EQ(parse_method("TRACE"), Method::other);
  EXPECT_EQ(parse_method(""), Method::other);
}

TEST(Method, only_post_put_patch_and_delete_write) {
  EXPECT_TRUE(is_write(Method::post));
  EXPECT_TRUE(is_write(Method::put));
  EXPECT_TRUE(is_write(Method::patch));
  EXPECT_TRUE(is_write(Method::delete_));
  EXPECT_FALSE(is_write(Method::get));
  EXPECT_FALSE(is_write(Method::head));
  EXPECT_FALSE(is_write(Method::options));
  EXPECT_FALSE(is_write(Method::other));
}

}  // namespace
