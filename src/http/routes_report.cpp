// Reports: KPIs, the tickets behind a figure, dashboards and exports (XLSX, CSV).
#include <date/tz.h>

#include <charconv>
#include <cstdio>

#include <boost/json.hpp>

#include "common/time.h"
#include "http/handler_util.h"
#include "http/report_export.h"
#include "http/router.h"
#include "report/export.h"
#include "report/report_json.h"
#include "report/report_service.h"
#include "report/report_tables.h"
#include "ticket/types.h"

namespace techdesk::http {

namespace {

namespace json = boost::json;
using namespace report;

Result<ReportService*> service(Services& s) {
  if (!s.reports) return Error{Errc::unavailable, "reports are not configured", {}};
  return s.reports;
}

// RFC 3339, or a local date YYYY-MM-DD meaning its midnight in the server's zone.
Result<Timestamp> query_moment(const Request& req, const char* name, const std::string& zone) {
  auto v = req.query_param(name);
  if (!v || v->empty())
    return Error::invalid_query(name, std::string(name) + " is required (YYYY-MM-DD or RFC 3339)");
  if (v->size() == 10) {
    int y = 0;
    unsigned m = 0, d = 0;
    const std::string text(*v);
    char tail = 0;
    date::year_month_day ymd{date::year{y}, date::month{m}, date::day{d}};
    if (std::sscanf(text.c_str(), "%4d-%2u-%2u%c", &y, &m, &d, &tail) == 3 && text[4] == '-' &&
        text[7] == '-')
      ymd = date::year{y} / date::month{m} / date::day{d};
    if (ymd.ok() && y >= 1970 && y <= 9999) {
      const auto* z = date::locate_zone(zone);
      return Timestamp(z->to_sys(date::local_time<std::chrono::milliseconds>(date::local_days{ymd}),
                                 date::choose::earliest)
                           .time_since_epoch());
    }
  } else if (auto t = parse_rfc3339(*v)) {
    return *t;
  }
  return Error::invalid_query(name, std::string(name) + " must be a date YYYY-MM-DD or an RFC 3339 time");
}

Result<std::optional<int>> query_int(const Request& req, const char* name) {
  auto v = req.query_param(name);
  if (!v || v->empty()) return std::optional<int>{};
  int n = 0;
  auto [p, ec] = std::from_chars(v->data(), v->data() + v->size(), n);
  if (ec != std::errc{} || p != v->data() + v->size())
    return Error::invalid_query(name, std::string(name) + " must be a whole number");
  return std::optional<int>{n};
}

Result<KpiFilter> query_filter(const Request& req) {
  KpiFilter f;
  f.team = TD_TRY(query_id(req, "team"));
  f.agent = TD_TRY(query_id(req, "agent"));
  f.org = TD_TRY(query_id(req, "org"));
  f.category = TD_TRY(query_id(req, "category"));
  if (auto p = query_string(req, "priority"); !p.empty()) {
    if (!ticket::parse_priority(p))
      return Error::invalid_query("priority", "priority must be one of P1, P2, P3, P4");
    f.priority = p;
  }
  if (auto c = query_string(req, "channel"); !c.empty()) {
    if (!ticket::parse_channel(c)) return Error::invalid_query("channel", "unknown channel");
    f.channel = c;
  }
  return f;
}

Result<KpiQuery> query_kpis(const Request& req, const std::string& zone) {
  KpiQuery q;
  q.from = TD_TRY(query_moment(req, "from", zone));
  q.to = TD_TRY(query_moment(req, "to", zone));
  if (auto by = query_string(req, "group_by"); !by.empty()) {
    auto g = parse_group_by(by);
    if (!g)
      return Error::invalid_query("group_by",
                                  "group_by must be one of team, agent, org, category, priority, channel");
    q.group_by = *g;
  }
  if (auto i = query_string(req, "interval"); !i.empty()) {
    auto v = parse_interval(i);
    if (!v) return Error::invalid_query("interval", "interval must be one of day, week, month");
    q.interval = *v;
  }
  q.filter = TD_TRY(query_filter(req));
  return q;
}

Result<DrillQuery> query_drill(const Request& req, const std::string& zone, bool all_rows) {
  DrillQuery d;
  d.kpi = TD_TRY(query_kpis(req, zone));
  auto m = query_string(req, "measure");
  if (m.empty()) return Error::invalid_query("measure", "measure is required");
  auto measure = parse_measure(m);
  if (!measure)
    return Error::invalid_query(
        "measure",
        "measure must be one of new, resolved, closed, backlog, first_response, resolution, "
        "sla_breached, fcr, reopened, escalated, csat, complaints");
  d.measure = *measure;
  d.weekday = TD_TRY(query_int(req, "weekday"));
  d.hour = TD_TRY(query_int(req, "hour"));
  d.score = TD_TRY(query_int(req, "score"));
  if (all_rows) {
    d.limit = k_max_lines;
  } else {
    d.offset = TD_TRY(query_int(req, "offset")).value_or(0);
    d.limit = TD_TRY(query_int(req, "limit")).value_or(50);
    if (d.limit > 500) return Error::invalid_query("limit", "limit is at most 500");
  }
  return d;
}

std::string period_stem(const std::string& name, const KpiQuery& q, const std::string& zone) {
  return name + "_" + local_date(q.from, zone) + "_" + local_date(q.to - std::chrono::milliseconds(1), zone);
}

// "weekly_department_2026-W50", "weekly_一线服务台_2026-W50".
std::string weekly_stem(const WeeklyReport& w) {
  std::string scope = "department";
  if (w.team_id) {
    scope = "team-" + std::to_string(*w.team_id);
    const json::object o = weekly_to_json(w, false);
    if (const auto* team = o.at("team").if_object())
      if (const auto* n = team->if_contains("name"); n && n->is_string() && !n->get_string().empty())
        scope = file_name_part(n->get_string());
  }
  return "weekly_" + scope + "_" + w.iso_week;
}

}  // namespace

void add_report_routes(Router& r) {
  r.add(Method::get, "/api/v1/reports/kpis", Access::authenticated,
        [](Services& s, Request& req) -> Result<Response> {
          auto* svc = TD_TRY(service(s));
          auto q = TD_TRY(query_kpis(req, svc->zone()));
          auto rep = TD_TRY(svc->kpis(req.actor(), q));
          return json_response(200, report_to_json(q, rep));
        });
  for (bool xlsx : {true, false}) {
    r.add(Method::get, xlsx ? "/api/v1/reports/kpis.xlsx" : "/api/v1/reports/kpis.csv", Access::authenticated,
          [xlsx](Services& s, Request& req) -> Result<Response> {
            auto* svc = TD_TRY(service(s));
            auto q = TD_TRY(query_kpis(req, svc->zone()));
            auto rep = TD_TRY(svc->kpis(req.actor(), q));
            return export_table(kpi_table(q, rep, svc->zone()), xlsx, query_lang(req),
                                period_stem("kpis", q, svc->zone()));
          });
    r.add(Method::get, xlsx ? "/api/v1/reports/tickets.xlsx" : "/api/v1/reports/tickets.csv",
          Access::authenticated, [xlsx](Services& s, Request& req) -> Result<Response> {
            auto* svc = TD_TRY(service(s));
            auto d = TD_TRY(query_drill(req, svc->zone(), true));
            auto res = TD_TRY(svc->tickets(req.actor(), d));
            Table t = ticket_table(std::string(name(d.measure)), svc->zone());
            const std::string stem =
                period_stem("tickets_" + std::string(name(d.measure)), d.kpi, svc->zone());
            if (!xlsx) {
              for (const auto& l : res.tickets)
                t.rows.push_back(ticket_row(l));
              return export_table(t, false, query_lang(req), stem);
            }
            std::size_t i = 0;
            auto bytes = TD_TRY(to_xlsx_stream(t, query_lang(req), [&](std::vector<Cell>& row) {
              if (i >= res.tickets.size()) return false;
              row = ticket_row(res.tickets[i++]);
              return true;
            }));
            return download(std::move(bytes), k_xlsx_type, stem + ".xlsx");
          });
  }
  r.add(Method::get, "/api/v1/reports/tickets", Access::authenticated,
        [](Services& s, Request& req) -> Result<Response> {
          auto* svc = TD_TRY(service(s));
          auto d = TD_TRY(query_drill(req, svc->zone(), false));
          auto res = TD_TRY(svc->tickets(req.actor(), d));
          json::array items;
          for (const auto& l : res.tickets)
            items.push_back(ticket_line_to_json(l));
          return json_response(200, json::object{{"measure", name(d.measure)},
                                                 {"from", format_rfc3339(d.kpi.from)},
                                                 {"to", format_rfc3339(d.kpi.to)},
                                                 {"total", res.total},
                                                 {"offset", d.offset},
                                                 {"tickets", items}});
        });

  // ---- weekly reports and settings ----
  r.add(Method::get, "/api/v1/reports/weekly", Access::authenticated,
        [](Services& s, Request& req) -> Result<Response> {
          auto* svc = TD_TRY(service(s));
          auto team = TD_TRY(query_id(req, "team"));
          const int limit = TD_TRY(query_int(req, "limit")).value_or(50);
          json::array items;
          for (const auto& w : TD_TRY(svc->list_weekly(req.actor(), team, limit)))
            items.push_back(weekly_to_json(w, false));
          return json_response(200, json::object{{"items", items}});
        });
  r.add(Method::get, "/api/v1/reports/weekly/{team}/{week}", Access::authenticated,
        [](Services& s, Request& req) -> Result<Response> {
          auto* svc = TD_TRY(service(s));
          std::optional<Id> team;
          if (req.params[0] != "department") team = TD_TRY(parse_id(req.params[0], "team"));
          return json_response(200,
                               weekly_to_json(TD_TRY(svc->weekly(req.actor(), team, req.params[1])), true));
        });
  r.add(Method::get, "/api/v1/reports/weekly/{id}", Access::authenticated,
        [](Services& s, Request& req) -> Result<Response> {
          auto* svc = TD_TRY(service(s));
          Id id = TD_TRY(parse_id(req.params[0], "weekly report"));
          return json_response(200, weekly_to_json(TD_TRY(svc->weekly_by_id(req.actor(), id)), true));
        });
  // One weekly report as a file, its sections as sheets (XLSX) or one after another (CSV); whoever may
  // see the report may export it, and any other id is not found.
  for (bool xlsx : {true, false}) {
    r.add(Method::get, xlsx ? "/api/v1/reports/weekly.xlsx" : "/api/v1/reports/weekly.csv",
          Access::authenticated, [xlsx](Services& s, Request& req) -> Result<Response> {
            auto* svc = TD_TRY(service(s));
            auto id = TD_TRY(query_id(req, "id"));
            if (!id) return Error::invalid_query("id", "id is required: the weekly report's id");
            auto w = TD_TRY(svc->weekly_by_id(req.actor(), *id));
            return export_tables(weekly_tables(w, svc->zone()), xlsx, query_lang(req), weekly_stem(w));
          });
  }
  r.add(Method::put, "/api/v1/reports/weekly/{id}/plan", Access::authenticated,
        [](Services& s, Request& req) -> Result<Response> {
          auto* svc = TD_TRY(service(s));
          Id id = TD_TRY(parse_id(req.params[0], "weekly report"));
          auto body = TD_TRY(BodyReader::parse(req.body, {"plan"}, false));
          auto plan = TD_TRY(body.required_string("plan"));
          return json_response(
              200, weekly_to_json(TD_TRY(svc->save_plan(req.actor(), id, std::move(plan))), true));
        });
  r.add(Method::post, "/api/v1/reports/weekly/{id}/send", Access::authenticated,
        [](Services& s, Request& req) -> Result<Response> {
          auto* svc = TD_TRY(service(s));
          Id id = TD_TRY(parse_id(req.params[0], "weekly report"));
          return json_response(200, weekly_to_json(TD_TRY(svc->send_weekly(req.actor(), id)), true));
        });
  r.add(Method::get, "/api/v1/reports/settings", Access::authenticated,
        [](Services& s, Request& req) -> Result<Response> {
          auto* svc = TD_TRY(service(s));
          return json_response(200, settings_to_json(TD_TRY(svc->settings(req.actor()))));
        });
  r.add(Method::put, "/api/v1/reports/settings", Access::authenticated,
        [](Services& s, Request& req) -> Result<Response> {
          auto* svc = TD_TRY(service(s));
          auto doc = TD_TRY(parse_json_object(req.body));
          auto settings = TD_TRY(settings_from_json(doc));
          return json_response(200, settings_to_json(TD_TRY(svc->save_settings(req.actor(), settings))));
        });

  // ---- dashboards ----
  r.add(Method::get, "/api/v1/reports/dashboard/agent", Access::authenticated,
        [](Services& s, Request& req) -> Result<Response> {
          auto* svc = TD_TRY(service(s));
          return json_response(200, agent_board_to_json(TD_TRY(svc->agent_board(req.actor()))));
        });
  r.add(Method::get, "/api/v1/reports/dashboard/team", Access::authenticated,
        [](Services& s, Request& req) -> Result<Response> {
          auto* svc = TD_TRY(service(s));
          auto team = TD_TRY(query_id(req, "team"));
          return json_response(200, team_board_to_json(TD_TRY(svc->team_board(req.actor(), team))));
        });
  r.add(Method::get, "/api/v1/reports/dashboard/manager", Access::authenticated,
        [](Services& s, Request& req) -> Result<Response> {
          auto* svc = TD_TRY(service(s));
          auto from = TD_TRY(query_moment(req, "from", svc->zone()));
          auto to = TD_TRY(query_moment(req, "to", svc->zone()));
          return json_response(
              200, manager_board_to_json(TD_TRY(svc->manager_board(req.actor(), from, to)), from, to));
        });
}

}  // namespace techdesk::http
