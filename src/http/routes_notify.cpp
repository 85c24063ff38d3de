// The caller's own notifications (通知中心).
#include <boost/json.hpp>

#include "common/time.h"
#include "http/handler_util.h"
#include "http/router.h"
#include "notify/notification_service.h"

namespace techdesk::http {

namespace {

namespace json = boost::json;

json::object encode_notification(const notify::Notification& n) {
  boost::system::error_code ec;
  json::value data = json::parse(n.data, ec);
  return {{"id", n.id},
          {"kind", n.kind},
          {"ticket_id", n.ticket_id ? json::value(*n.ticket_id) : json::value(nullptr)},
          {"title", n.title},
          {"data", ec || !data.is_object() ? json::value(json::object{}) : data},
          {"created_at", format_rfc3339(n.created_at)},
          {"read_at", n.read_at ? json::value(format_rfc3339(*n.read_at)) : json::value(nullptr)}};
}

}  // namespace

void add_notify_routes(Router& r) {
  r.add(Method::get, "/api/v1/notifications", Access::authenticated,
        [](Services& s, Request& req) -> Result<Response> {
          int limit = TD_TRY(parse_limit(req));
          bool unread = false;
          if (auto u = req.query_param("unread"); u && !u->empty()) {
            if (*u != "true" && *u != "false")
              return Error::invalid_query("unread", "unread must be true or false");
            unread = *u == "true";
          }
          std::optional<Id> before;
          if (auto c = req.query_param("cursor"); c && !c->empty()) {
            Id n = 0;
            auto [p, ec] = std::from_chars(c->data(), c->data() + c->size(), n);
            if (ec != std::errc{} || p != c->data() + c->size() || n <= 0)
              return Error::invalid_query("cursor", "cursor is not one this server issued");
            before = n;
          }
          auto page = TD_TRY(s.notifications->list(req.actor(), unread, before, limit));
          json::array items;
          for (const auto& n : page.items)
            items.push_back(encode_notification(n));
          return json_response(
              200,
              json::object{{"items", items},
                           {"next_cursor", page.next_before ? json::value(std::to_string(*page.next_before))
                                                            : json::value(nullptr)},
                           {"unread", page.unread}});
        });
  r.add(Method::post, "/api/v1/notifications/{id}/read", Access::authenticated,
        [](Services& s, Request& req) -> Result<Response> {
          Id id = TD_TRY(parse_id(req.params[0], "notification"));
          TD_TRY(s.notifications->mark_read(req.actor(), id));
          return Response::no_content();
        });
  r.add(Method::post, "/api/v1/notifications/read-all", Access::authenticated,
        [](Services& s, Request& req) -> Result<Response> {
          int n = TD_TRY(s.notifications->mark_all_read(req.actor()));
          return json_response(200, json::object{{"marked", n}});
        });
}

}  // namespace techdesk::http
