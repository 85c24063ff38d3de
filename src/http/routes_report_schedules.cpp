// Scheduled reports: /api/v1/reports/schedules (managers and administrators).
#include <boost/json.hpp>

#include "common/time.h"
#include "http/handler_util.h"
#include "http/router.h"
#include "report/schedule_service.h"

namespace techdesk::http {

namespace {

namespace json = boost::json;
using namespace report;

Result<ScheduleService*> service(Services& s) {
  if (!s.schedules) return Error{Errc::unavailable, "report schedules are not configured", {}};
  return s.schedules;
}

json::object encode_schedule(const ReportSchedule& s) {
  boost::system::error_code ec;
  json::value params = json::parse(s.params_json, ec);
  if (ec || !params.is_object()) params = json::object{};
  json::array recipients;
  for (const auto& r : s.recipients)
    recipients.emplace_back(r);
  return {{"id", s.id},
          {"name", s.name},
          {"report", s.report},
          {"frequency", name(s.frequency)},
          {"params", std::move(params)},
          {"recipients", std::move(recipients)},
          {"format", s.format},
          {"active", s.active},
          {"next_run_at", format_rfc3339(s.next_run_at)},
          {"last_run_at", s.last_run_at ? json::value(format_rfc3339(*s.last_run_at)) : json::value(nullptr)},
          {"created_by", s.created_by},
          {"created_at", format_rfc3339(s.created_at)}};
}

// The body of POST and PUT: every field optional here (the service says which are required).
Result<ScheduleDraft> read_draft(const Request& req) {
  auto body = TD_TRY(BodyReader::parse(
      req.body, {"name", "report", "frequency", "params", "recipients", "format", "active"}));
  ScheduleDraft d;
  d.name = TD_TRY(body.optional_string("name"));
  d.report = TD_TRY(body.optional_string("report"));
  d.frequency = TD_TRY(body.optional_string("frequency"));
  d.format = TD_TRY(body.optional_string("format"));
  d.active = TD_TRY(body.optional_bool("active"));
  if (body.has("params")) d.params_json = TD_TRY(body.raw_object("params"));
  if (body.has("recipients")) {
    // BodyReader has no list of strings; the body parsed above is an object with this key.
    auto doc = TD_TRY(parse_json_object(req.body));
    const json::value& v = doc.get_object().at("recipients");
    if (!v.is_array()) return Error::invalid("recipients", "recipients must be a list of email addresses");
    std::vector<std::string> list;
    for (const auto& e : v.get_array()) {
      if (!e.is_string()) return Error::invalid("recipients", "recipients must be a list of email addresses");
      list.emplace_back(e.get_string());
    }
    d.recipients = std::move(list);
  }
  return d;
}

}  // namespace

void add_report_schedule_routes(Router& r) {
  r.add(Method::get, "/api/v1/reports/schedules", Access::authenticated,
        [](Services& s, Request& req) -> Result<Response> {
          auto* svc = TD_TRY(service(s));
          json::array items;
          for (const auto& sch : TD_TRY(svc->list(req.actor())))
            items.push_back(encode_schedule(sch));
          return json_response(200, json::object{{"schedules", std::move(items)}});
        });
  r.add(Method::post, "/api/v1/reports/schedules", Access::authenticated,
        [](Services& s, Request& req) -> Result<Response> {
          auto* svc = TD_TRY(service(s));
          auto d = TD_TRY(read_draft(req));
          return json_response(201, encode_schedule(TD_TRY(svc->create(req.actor(), d))));
        });
  r.add(Method::get, "/api/v1/reports/schedules/{id}", Access::authenticated,
        [](Services& s, Request& req) -> Result<Response> {
          auto* svc = TD_TRY(service(s));
          Id id = TD_TRY(parse_id(req.params[0], "report schedule"));
          return json_response(200, encode_schedule(TD_TRY(svc->get(req.actor(), id))));
        });
  r.add(Method::put, "/api/v1/reports/schedules/{id}", Access::authenticated,
        [](Services& s, Request& req) -> Result<Response> {
          auto* svc = TD_TRY(service(s));
          Id id = TD_TRY(parse_id(req.params[0], "report schedule"));
          auto d = TD_TRY(read_draft(req));
          return json_response(200, encode_schedule(TD_TRY(svc->update(req.actor(), id, d))));
        });
  r.add(Method::delete_, "/api/v1/reports/schedules/{id}", Access::authenticated,
        [](Services& s, Request& req) -> Result<Response> {
          auto* svc = TD_TRY(service(s));
          Id id = TD_TRY(parse_id(req.params[0], "report schedule"));
          TD_TRY(svc->remove(req.actor(), id));
          return Response::no_content();
        });
}

}  // namespace techdesk::http
