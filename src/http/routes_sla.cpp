// SLA calendars and policies (admin), recomputation, the compliance report, and the test clock.
#include <boost/json.hpp>

#include "common/time.h"
#include "http/handler_util.h"
#include "http/report_export.h"
#include "http/router.h"
#include "report/report_tables.h"
#include "sla/sla_json.h"
#include "sla/sla_service.h"

namespace techdesk::http {

namespace {

namespace json = boost::json;

json::object encode_job_brief(const jobs::Job& j) {
  boost::system::error_code ec;
  json::value payload = json::parse(j.payload, ec);
  return {{"id", j.id},
          {"kind", j.kind},
          {"state", jobs::name(j.state)},
          {"payload", ec ? json::value(json::object{}) : payload}};
}

Result<Timestamp> query_time(const Request& req, const char* name) {
  auto v = req.query_param(name);
  if (!v || v->empty())
    return Error::invalid_query(
        name, std::string(name) + " is required (RFC 3339, e.g. 2026-11-01T00:00:00+08:00)");
  auto t = parse_rfc3339(*v);
  if (!t)
    return Error::invalid_query(
        name, std::string(name) + " must be an RFC 3339 time, e.g. 2026-11-01T00:00:00+08:00");
  return *t;
}

// The compliance report's query (GET /reports/sla and its exports) and the name of its grouping.
Result<std::pair<sla::ComplianceQuery, std::string>> compliance_query(const Request& req) {
  sla::ComplianceQuery q;
  q.from = TD_TRY(query_time(req, "from"));
  q.to = TD_TRY(query_time(req, "to"));
  std::string by = query_string(req, "group_by");
  if (by.empty() || by == "team")
    q.group_by = sla::GroupBy::team;
  else if (by == "priority")
    q.group_by = sla::GroupBy::priority;
  else if (by == "organization")
    q.group_by = sla::GroupBy::organization;
  else if (by == "month")
    q.group_by = sla::GroupBy::month;
  else if (by == "policy")
    q.group_by = sla::GroupBy::policy;
  else
    return Error::invalid_query("group_by",
                                "group_by must be one of team, priority, organization, month, policy");
  if (by.empty()) by = "team";
  return std::pair{q, by};
}

}  // namespace

void add_sla_routes(Router& r) {
  // ---- calendars ----
  r.add(Method::get, "/api/v1/calendars", Access::authenticated,
        [](Services& s, Request& req) -> Result<Response> {
          json::array items;
          for (const auto& c : TD_TRY(s.sla->calendars(req.actor())))
            items.push_back(sla::calendar_to_json(c));
          return json_response(200, json::object{{"items", items}, {"next_cursor", nullptr}});
        });
  r.add(Method::post, "/api/v1/calendars", Access::authenticated,
        [](Services& s, Request& req) -> Result<Response> {
          auto doc = TD_TRY(parse_json_object(req.body));
          auto c = TD_TRY(sla::calendar_from_json(doc));
          return json_response(
              201, sla::calendar_to_json(TD_TRY(s.sla->create_calendar(req.actor(), std::move(c)))));
        });
  r.add(Method::get, "/api/v1/calendars/{id}", Access::authenticated,
        [](Services& s, Request& req) -> Result<Response> {
          Id id = TD_TRY(parse_id(req.params[0], "calendar"));
          return json_response(200, sla::calendar_to_json(TD_TRY(s.sla->calendar(req.actor(), id))));
        });
  r.add(Method::put, "/api/v1/calendars/{id}", Access::authenticated,
        [](Services& s, Request& req) -> Result<Response> {
          Id id = TD_TRY(parse_id(req.params[0], "calendar"));
          auto doc = TD_TRY(parse_json_object(req.body));
          auto c = TD_TRY(sla::calendar_from_json(doc));
          return json_response(
              200, sla::calendar_to_json(TD_TRY(s.sla->replace_calendar(req.actor(), id, std::move(c)))));
        });
  r.add(Method::delete_, "/api/v1/calendars/{id}", Access::authenticated,
        [](Services& s, Request& req) -> Result<Response> {
          Id id = TD_TRY(parse_id(req.params[0], "calendar"));
          TD_TRY(s.sla->delete_calendar(req.actor(), id));
          return Response::no_content();
        });
  r.add(Method::get, "/api/v1/calendars/{id}/ical", Access::authenticated,
        [](Services& s, Request& req) -> Result<Response> {
          Id id = TD_TRY(parse_id(req.params[0], "calendar"));
          Response resp{
              200, "text/calendar; charset=utf-8", TD_TRY(s.sla->export_ical(req.actor(), id)), {}, {}};
          resp.headers.emplace_back("Content-Disposition",
                                    "attachment; filename=\"calendar-" + std::to_string(id) + ".ics\"");
          return resp;
        });
  r.add(Method::post, "/api/v1/calendars/{id}/ical", Access::authenticated,
        [](Services& s, Request& req) -> Result<Response> {
          Id id = TD_TRY(parse_id(req.params[0], "calendar"));
          auto body = TD_TRY(BodyReader::parse(req.body, {"ical", "replace"}));
          auto text = TD_TRY(body.required_string("ical"));
          bool replace = TD_TRY(body.optional_bool("replace")).value_or(false);
          return json_response(
              200, sla::calendar_to_json(TD_TRY(s.sla->import_ical(req.actor(), id, text, replace))));
        });

  // ---- policies ----
  r.add(Method::get, "/api/v1/sla/policies", Access::authenticated,
        [](Services& s, Request& req) -> Result<Response> {
          json::array items;
          for (const auto& p : TD_TRY(s.sla->policies(req.actor())))
            items.push_back(sla::policy_to_json(p));
          return json_response(200, json::object{{"items", items}, {"next_cursor", nullptr}});
        });
  r.add(Method::post, "/api/v1/sla/policies", Access::authenticated,
        [](Services& s, Request& req) -> Result<Response> {
          auto doc = TD_TRY(parse_json_object(req.body));
          auto p = TD_TRY(sla::policy_from_json(doc));
          return json_response(201,
                               sla::policy_to_json(TD_TRY(s.sla->create_policy(req.actor(), std::move(p)))));
        });
  r.add(Method::get, "/api/v1/sla/policies/{id}", Access::authenticated,
        [](Services& s, Request& req) -> Result<Response> {
          Id id = TD_TRY(parse_id(req.params[0], "policy"));
          return json_response(200, sla::policy_to_json(TD_TRY(s.sla->policy(req.actor(), id))));
        });
  r.add(Method::put, "/api/v1/sla/policies/{id}", Access::authenticated,
        [](Services& s, Request& req) -> Result<Response> {
          Id id = TD_TRY(parse_id(req.params[0], "policy"));
          auto doc = TD_TRY(parse_json_object(req.body));
          auto p = TD_TRY(sla::policy_from_json(doc));
          return json_response(
              200, sla::policy_to_json(TD_TRY(s.sla->replace_policy(req.actor(), id, std::move(p)))));
        });
  r.add(Method::delete_, "/api/v1/sla/policies/{id}", Access::authenticated,
        [](Services& s, Request& req) -> Result<Response> {
          Id id = TD_TRY(parse_id(req.params[0], "policy"));
          TD_TRY(s.sla->delete_policy(req.actor(), id));
          return Response::no_content();
        });
  r.add(Method::post, "/api/v1/sla/recompute", Access::authenticated,
        [](Services& s, Request& req) -> Result<Response> {
          auto body = TD_TRY(BodyReader::parse(req.body, {"open_only"}, true));
          bool open_only = TD_TRY(body.optional_bool("open_only")).value_or(true);
          return json_response(202,
                               encode_job_brief(TD_TRY(s.sla->request_recompute(req.actor(), open_only))));
        });

  // ---- report ----
  r.add(Method::get, "/api/v1/reports/sla", Access::authenticated,
        [](Services& s, Request& req) -> Result<Response> {
          auto [q, by] = TD_TRY(compliance_query(req));
          auto rows = TD_TRY(s.sla->compliance(req.actor(), q));
          json::array items;
          auto share = [](int part, int whole) -> json::value {
            if (whole == 0) return nullptr;
            return static_cast<double>(part) / whole;
          };
          for (const auto& row : rows) {
            const int fr_decided = row.first_response_met + row.first_response_breached;
            const int res_decided = row.resolution_met + row.resolution_breached;
            items.push_back(json::object{
                {"group", row.group},
                {"group_id", row.group_id ? json::value(*row.group_id) : json::value(nullptr)},
                {"tickets", row.tickets},
                {"first_response", json::object{{"met", row.first_response_met},
                                                {"breached", row.first_response_breached},
                                                {"pending", row.first_response_pending},
                                                {"compliance", share(row.first_response_met, fr_decided)}}},
                {"resolution", json::object{{"met", row.resolution_met},
                                            {"breached", row.resolution_breached},
                                            {"open", row.resolution_open},
                                            {"at_risk", row.resolution_at_risk},
                                            {"compliance", share(row.resolution_met, res_decided)}}}});
          }
          return json_response(200, json::object{{"from", format_rfc3339(q.from)},
                                                 {"to", format_rfc3339(q.to)},
                                                 {"group_by", by},
                                                 {"items", items}});
        });

  for (bool xlsx : {true, false}) {
    r.add(Method::get, xlsx ? "/api/v1/reports/sla.xlsx" : "/api/v1/reports/sla.csv", Access::authenticated,
          [xlsx](Services& s, Request& req) -> Result<Response> {
            auto [q, by] = TD_TRY(compliance_query(req));
            auto rows = TD_TRY(s.sla->compliance(req.actor(), q));
            const std::string zone = TD_TRY(export_zone(s));
            const std::string stem = "sla_" + by + "_" + report::local_date(q.from, zone) + "_" +
                                     report::local_date(q.to - std::chrono::milliseconds(1), zone);
            return export_table(report::sla_table(rows, q.group_by), xlsx, query_lang(req), stem);
          });
  }

  // ---- test clock (serve --test-clock only; production builds refuse that option) ----
  r.add(Method::get, "/api/v1/test/clock", Access::authenticated,
        [](Services& s, Request&) -> Result<Response> {
          if (!s.test_clock) return Error::not_found("route");
          return json_response(200, json::object{{"now", format_rfc3339(s.test_clock->now())}});
        });
  r.add(Method::post, "/api/v1/test/clock", Access::authenticated,
        [](Services& s, Request& req) -> Result<Response> {
          if (!s.test_clock) return Error::not_found("route");
          if (req.actor().role != identity::Role::admin)
            return Error::forbidden("only an administrator may move the test clock");
          auto body = TD_TRY(BodyReader::parse(req.body, {"advance_ms", "to"}));
          if (body.has("to")) {
            auto text = TD_TRY(body.required_string("to"));
            auto t = parse_rfc3339(text);
            if (!t) return Error::invalid("to", "to must be an RFC 3339 time");
            s.test_clock->set(*t);
          } else {
            auto ms = TD_TRY(body.optional_int("advance_ms"));
            if (!ms || *ms <= 0)
              return Error::invalid("advance_ms", "advance_ms must be a positive number of milliseconds");
            s.test_clock->advance(std::chrono::milliseconds(*ms));
          }
          return json_response(200, json::object{{"now", format_rfc3339(s.test_clock->now())}});
        });
}

}  // namespace techdesk::http
