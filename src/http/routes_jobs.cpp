// Background jobs, for administrators.
#include <boost/json.hpp>

#include "http/handler_util.h"
#include "http/router.h"
#include "jobs/job_service.h"

namespace techdesk::http {

namespace {

boost::json::object encode_job(const jobs::Job& j) {
  auto opt_time = [](const std::optional<Timestamp>& t) -> boost::json::value {
    if (!t) return nullptr;
    return boost::json::value(format_rfc3339(*t));
  };
  boost::system::error_code ec;
  boost::json::value payload = boost::json::parse(j.payload, ec);
  if (ec) payload = boost::json::object{};
  return {{"id", j.id},
          {"kind", j.kind},
          {"payload", payload},
          {"state", jobs::name(j.state)},
          {"run_at", format_rfc3339(j.run_at)},
          {"attempts", j.attempts},
          {"lease_owner", j.lease_owner ? boost::json::value(*j.lease_owner) : boost::json::value(nullptr)},
          {"lease_until", opt_time(j.lease_until)},
          {"last_error", j.last_error},
          {"created_at", format_rfc3339(j.created_at)},
          {"finished_at", opt_time(j.finished_at)}};
}

}  // namespace

void add_job_routes(Router& r) {
  r.add(Method::get, "/api/v1/admin/jobs", Access::authenticated,
        [](Services& s, Request& req) -> Result<Response> {
          int limit = TD_TRY(parse_limit(req, 50));
          auto jobs = TD_TRY(s.jobs.recent(req.actor(), limit));
          boost::json::array items;
          for (const auto& j : jobs)
            items.push_back(encode_job(j));
          return json_response(200, boost::json::object{{"items", items}, {"next_cursor", nullptr}});
        });

  r.add(Method::get, "/api/v1/admin/jobs/{id}", Access::authenticated,
        [](Services& s, Request& req) -> Result<Response> {
          Id id = TD_TRY(parse_id(req.params[0], "job"));
          return json_response(200, encode_job(TD_TRY(s.jobs.get(req.actor(), id))));
        });

  r.add(Method::post, "/api/v1/admin/jobs", Access::authenticated,
        [](Services& s, Request& req) -> Result<Response> {
          auto body = TD_TRY(BodyReader::parse(req.body, {"kind", "payload"}));
          auto kind = TD_TRY(body.required_string("kind"));
          std::string payload = "{}";
          if (body.has("payload")) payload = TD_TRY(body.raw_object("payload"));
          return json_response(201, encode_job(TD_TRY(s.jobs.enqueue(req.actor(), kind, payload))));
        });
}

}  // namespace techdesk::http
