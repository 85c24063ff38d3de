// The API's explicit route table: patterns with {id} placeholders, 405 detection, exact segment
// matching, and HEAD answered by the GET route.
#include "http/router.h"

#include <gtest/gtest.h>

#include <set>
#include <string>
#include <utility>
#include <vector>

namespace {

using techdesk::http::Access;
using techdesk::http::make_api_router;
using techdesk::http::Method;
using techdesk::http::method_name;
using techdesk::http::Router;

class ApiRouter : public testing::Test {
 protected:
  struct Found {
    bool matched = false;
    bool path_known = false;
    Method method = Method::other;
    std::string pattern;
    Access access = Access::public_;
    std::vector<std::string> params;
  };

  Found match(Method method, const std::string& path) const {
    Found f;
    auto m = m_router.match(method, path, f.params);
    f.path_known = m.path_known;
    if (m.route) {
      f.matched = true;
      f.method = m.route->method;
      f.pattern = m.route->pattern;
      f.access = m.route->access;
    }
    return f;
  }

  Router m_router = make_api_router();
};

TEST_F(ApiRouter, a_fixed_path_matches_its_route) {
  auto f = match(Method::get, "/api/v1/tickets");
  ASSERT_TRUE(f.matched);
  EXPECT_EQ(f.pattern, "/api/v1/tickets");
  EXPECT_EQ(f.method, Method::get);
  EXPECT_TRUE(f.params.empty());
}

TEST_F(ApiRouter, the_same_path_goes_to_the_route_of_the_method) {
  auto get = match(Method::get, "/api/v1/tickets");
  auto post = match(Method::post, "/api/v1/tickets");
  ASSERT_TRUE(get.matched);
  ASSERT_TRUE(post.matched);
  EXPECT_EQ(get.method, Method::get);
  EXPECT_EQ(post.method, Method::post);
}

TEST_F(ApiRouter, a_placeholder_captures_its_segment) {
  auto f = match(Method::get, "/api/v1/tickets/42");
  ASSERT_TRUE(f.matched);
  EXPECT_EQ(f.pattern, "/api/v1/tickets/{id}");
  EXPECT_EQ(f.params, std::vector<std::string>{"42"});
}

TEST_F(ApiRouter, a_placeholder_captures_any_non_empty_segment_and_leaves_checking_to_the_handler) {
  auto f = match(Method::get, "/api/v1/tickets/abc");
  ASSERT_TRUE(f.matched);
  EXPECT_EQ(f.params, std::vector<std::string>{"abc"});
}

TEST_F(ApiRouter, a_placeholder_before_a_fixed_segment_matches) {
  auto f = match(Method::post, "/api/v1/tickets/7/transitions");
  ASSERT_TRUE(f.matched);
  EXPECT_EQ(f.pattern, "/api/v1/tickets/{id}/transitions");
  EXPECT_EQ(f.params, std::vector<std::string>{"7"});

  auto events = match(Method::get, "/api/v1/tickets/7/events");
  ASSERT_TRUE(events.matched);
  EXPECT_EQ(events.pattern, "/api/v1/tickets/{id}/events");
}

TEST_F(ApiRouter, params_are_replaced_not_appended_on_each_match) {
  std::vector<std::string> params{"stale"};
  auto m = m_router.match(Method::get, "/api/v1/users/5", params);
  ASSERT_NE(m.route, nullptr);
  EXPECT_EQ(params, std::vector<std::string>{"5"});
}

TEST_F(ApiRouter, a_known_path_under_another_method_is_a_405) {
  for (const auto& [method, path] :
       std::vector<std::pair<Method, std::string>>{{Method::delete_, "/api/v1/tickets/42"},
                                                   {Method::put, "/api/v1/tickets"},
                                                   {Method::post, "/healthz"},
                                                   {Method::get, "/api/v1/auth/login"},
                                                   {Method::patch, "/api/v1/tickets/1/events"},
                                                   {Method::options, "/api/v1/users"}}) {
    auto f = match(method, path);
    EXPECT_FALSE(f.matched) << method_name(method) << " " << path;
    EXPECT_TRUE(f.path_known) << method_name(method) << " " << path;
  }
}

TEST_F(ApiRouter, an_unknown_path_is_not_a_405) {
  auto f = match(Method::get, "/api/v1/nothing-here");
  EXPECT_FALSE(f.matched);
  EXPECT_FALSE(f.path_known);
}

TEST_F(ApiRouter, a_trailing_slash_does_not_match) {
  for (const char* path : {"/api/v1/tickets/", "/api/v1/tickets/42/", "/healthz/"}) {
    auto f = match(Method::get, path);
    EXPECT_FALSE(f.matched) << path;
    EXPECT_FALSE(f.path_known) << path;
  }
}

TEST_F(ApiRouter, extra_or_missing_segments_do_not_match) {
  for (const char* path : {"/api/v1/tickets/42/extra", "/api/v1/tickets/42/events/1", "/api/v1",
                           "/api/v1/tickets/1/2", "/api/v2/tickets", "/prefix/api/v1/tickets"})
    EXPECT_FALSE(match(Method::get, path).matched) << path;
}

TEST_F(ApiRouter, an_empty_placeholder_segment_does_not_match) {
  auto f = match(Method::get, "/api/v1/tickets//events");
  EXPECT_FALSE(f.matched);
  EXPECT_FALSE(f.path_known);
}

TEST_F(ApiRouter, paths_are_matched_case_sensitively) {
  EXPECT_FALSE(match(Method::get, "/API/v1/tickets").matched);
  EXPECT_FALSE(match(Method::get, "/api/v1/Tickets").matched);
}

TEST_F(ApiRouter, a_path_that_is_empty_or_relative_matches_nothing) {
  for (const char* path : {"", "api/v1/tickets", "*"}) {
    auto f = match(Method::get, path);
    EXPECT_FALSE(f.matched) << path;
    EXPECT_FALSE(f.path_known) << path;
  }
}

TEST_F(ApiRouter, head_is_answered_by_the_get_route) {
  auto f = match(Method::head, "/api/v1/tickets/42");
  ASSERT_TRUE(f.matched);
  EXPECT_EQ(f.method, Method::get);
  EXPECT_EQ(f.pattern, "/api/v1/tickets/{id}");
  EXPECT_EQ(f.params, std::vector<std::string>{"42"});
  EXPECT_TRUE(match(Method::head, "/healthz").matched);
}

TEST_F(ApiRouter, head_on_a_path_with_no_get_route_is_a_405) {
  auto f = match(Method::head, "/api/v1/auth/login");
  EXPECT_FALSE(f.matched);
  EXPECT_TRUE(f.path_known);
}

TEST_F(ApiRouter, only_health_metrics_the_api_document_login_registration_and_survey_links_are_public) {
  std::set<std::string> public_routes;
  for (const auto& r : m_router.routes())
    if (r->access == Access::public_)
      public_routes.insert(std::string(method_name(r->method)) + " " + r->pattern);
  EXPECT_EQ(public_routes,
            (std::set<std::string>{"GET /healthz", "GET /metrics", "GET /api/v1/openapi.yaml",
                                   "POST /api/v1/auth/login", "GET /api/v1/portal/registration",
                                   "POST /api/v1/portal/register", "GET /api/v1/surveys/{token}",
                                   "POST /api/v1/surveys/{token}"}));
}

TEST_F(ApiRouter, no_method_and_pattern_is_registered_twice) {
  std::set<std::pair<Method, std::string>> seen;
  for (const auto& r : m_router.routes())
    EXPECT_TRUE(seen.insert({r->method, r->pattern}).second) << method_name(r->method) << " " << r->pattern;
}

TEST_F(ApiRouter, every_route_matches_its_own_pattern_with_a_sample_id) {
  for (const auto& r : m_router.routes()) {
    std::string path = r->pattern;
    for (auto pos = path.find("{id}"); pos != std::string::npos; pos = path.find("{id}"))
      path.replace(pos, 4, "9");
    std::vector<std::string> params;
    auto m = m_router.match(r->method, path, params);
    ASSERT_NE(m.route, nullptr) << r->pattern;
    EXPECT_EQ(m.route, r.get()) << r->pattern;
    EXPECT_TRUE(r->handler) << r->pattern;
  }
}

TEST(Router, the_first_registered_route_wins_when_a_fixed_segment_and_a_placeholder_both_match) {
  Router r;
  r.add(Method::get, "/things/{id}", Access::authenticated, nullptr);
  r.add(Method::get, "/things/new", Access::authenticated, nullptr);
  std::vector<std::string> params;
  auto m = r.match(Method::get, "/things/new", params);
  ASSERT_NE(m.route, nullptr);
  EXPECT_EQ(m.route->pattern, "/things/{id}");
  EXPECT_EQ(params, std::vector<std::string>{"new"});
}

TEST(Router, a_405_is_reported_even_when_a_later_route_of_another_path_exists) {
  Router r;
  r.add(Method::post, "/a", Access::public_, nullptr);
  r.add(Method::get, "/b", Access::public_, nullptr);
  std::vector<std::string> params;
  auto m = r.match(Method::get, "/a", params);
  EXPECT_EQ(m.route, nullptr);
  EXPECT_TRUE(m.path_known);
}

TEST(Router, the_root_path_matches_only_a_root_route) {
  Router r;
  r.add(Method::get, "/", Access::public_, nullptr);
  std::vector<std::string> params;
  EXPECT_NE(r.match(Method::get, "/", params).route, nullptr);
  EXPECT_EQ(r.match(Method::get, "//", params).route, nullptr);
}

}  // namespace
