// Closing the loop: the portal's forms, uploads and requests; confirm and reopen; closing settings;
// surveys (also by a no-login token); callbacks and their schedules; complaints and their procedure.
#include <boost/json.hpp>

#include "common/json_fields.h"
#include "common/time.h"
#include "feedback/feedback_json.h"
#include "feedback/feedback_service.h"
#include "feedback/rules.h"
#include "http/handler_util.h"
#include "http/report_export.h"
#include "http/router.h"
#include "identity/auth_service.h"
#include "report/report_tables.h"

namespace techdesk::http {

namespace {

namespace json = boost::json;
using namespace feedback;

json::value opt_id(const std::optional<Id>& id) {
  return id ? json::value(*id) : json::value(nullptr);
}
json::value opt_time(const std::optional<Timestamp>& t) {
  return t ? json::value(format_rfc3339(*t)) : json::value(nullptr);
}
json::value opt_ref(const std::optional<ticket::NamedRef>& r) {
  if (!r) return nullptr;
  return json::object{{"id", r->id}, {"name", r->name}};
}
json::value opt_str(const std::optional<std::string>& s) {
  return s ? json::value(*s) : json::value(nullptr);
}
json::object ticket_ref(const TicketRef& t) {
  return {{"id", t.id}, {"number", t.number}, {"subject", t.subject}, {"state", ticket::name(t.state)}};
}
json::value opt_ticket(const std::optional<TicketRef>& t) {
  return t ? json::value(ticket_ref(*t)) : json::value(nullptr);
}
json::value opt_contact(const std::optional<Contact>& c) {
  if (!c) return nullptr;
  return json::object{
      {"id", c->id}, {"name", c->name}, {"phone", opt_str(c->phone)}, {"email", opt_str(c->email)}};
}

json::object encode_upload(const Upload& u) {
  return {{"id", u.id},
          {"article_id", opt_id(u.article_id)},
          {"filename", u.filename},
          {"content_type", u.content_type},
          {"size", u.size},
          {"url", "/api/v1/uploads/" + std::to_string(u.id)},
          {"created_at", format_rfc3339(u.created_at)}};
}

json::object encode_survey(const SurveyResponse& r) {
  json::array tags;
  for (const auto& t : r.tags)
    tags.emplace_back(t);
  return {{"score", r.score},
          {"tags", std::move(tags)},
          {"comment", r.comment},
          {"channel", r.channel},
          {"created_at", format_rfc3339(r.created_at)}};
}

json::object encode_callback(const CallbackView& v) {
  const Callback& c = v.callback;
  return {{"id", c.id},
          {"reason", name(c.reason)},
          {"state", name(c.state)},
          {"ticket", opt_ticket(v.ticket)},
          {"organization", opt_ref(v.organization)},
          {"contact", opt_contact(v.contact)},
          {"assignee", opt_ref(v.assignee)},
          {"due_at", format_rfc3339(c.due_at)},
          {"overdue", v.overdue},
          {"note", c.note},
          {"outcome", c.outcome ? json::value(name(*c.outcome)) : json::value(nullptr)},
          {"outcome_notes", c.outcome_notes},
          {"follow_up", c.follow_up},
          {"done_at", opt_time(c.done_at)},
          {"done_by", opt_ref(v.done_by)},
          {"schedule_id", opt_id(c.schedule_id)},
          {"created_at", format_rfc3339(c.created_at)}};
}

json::object encode_schedule(const ScheduleView& v) {
  const CallbackSchedule& s = v.schedule;
  return {{"id", s.id},
          {"organization", json::object{{"id", v.organization.id}, {"name", v.organization.name}}},
          {"contact", opt_contact(v.contact)},
          {"assignee", opt_ref(v.assignee)},
          {"every_days", s.every_days},
          {"next_due_at", format_rfc3339(s.next_due_at)},
          {"note", s.note},
          {"active", s.active},
          {"created_at", format_rfc3339(s.created_at)}};
}

json::object encode_complaint(const ComplaintView& v, bool with_steps) {
  const Complaint& c = v.complaint;
  json::array engineers;
  for (const auto& e : v.engineers)
    engineers.push_back(json::object{{"id", e.id}, {"name", e.name}});
  json::object o{{"id", c.id},
                 {"ticket", ticket_ref(v.ticket)},
                 {"related_ticket", opt_ticket(v.related)},
                 {"stage", name(c.stage)},
                 {"source", name(c.source)},
                 {"customer", json::object{{"id", v.customer.id}, {"name", v.customer.name}}},
                 {"organization", opt_ref(v.organization)},
                 {"officer", opt_ref(v.officer)},
                 {"product", c.product},
                 {"fault", c.fault},
                 {"warranty", name(c.warranty)},
                 {"verdict", c.verdict ? json::value(name(*c.verdict)) : json::value(nullptr)},
                 {"judgement", c.judgement},
                 {"decision", c.decision},
                 {"action", c.action},
                 {"feedback", c.feedback},
                 {"summary", c.summary},
                 {"engineers", std::move(engineers)},
                 {"created_at", format_rfc3339(c.created_at)},
                 {"updated_at", format_rfc3339(c.updated_at)},
                 {"closed_at", opt_time(c.closed_at)}};
  if (with_steps) {
    json::array steps;
    for (const auto& s : v.steps) {
      boost::system::error_code ec;
      json::value data = json::parse(s.step.data_json, ec);
      if (ec) data = json::object{};
      steps.push_back(json::object{{"step", s.step.step},
                                   {"actor", json::object{{"id", s.actor.id}, {"name", s.actor.name}}},
                                   {"at", format_rfc3339(s.step.at)},
                                   {"data", std::move(data)}});
    }
    o["steps"] = std::move(steps);
  }
  return o;
}

Result<std::optional<Timestamp>> body_time(const BodyReader& body, const char* field) {
  auto s = TD_TRY(body.optional_string(field));
  if (!s) return std::optional<Timestamp>{};
  auto t = parse_rfc3339(*s);
  if (!t) return Error::invalid(field, std::string(field) + " must be an RFC 3339 time");
  return std::optional<Timestamp>{*t};
}

Result<std::optional<Timestamp>> query_time(const Request& req, const char* name) {
  auto v = req.query_param(name);
  if (!v || v->empty()) return std::optional<Timestamp>{};
  auto t = parse_rfc3339(*v);
  if (!t) {
    // A plain date counts from local midnight UTC+8 is not assumed: dates are UTC days.
    auto d = parse_rfc3339(std::string(*v) + "T00:00:00Z");
    if (!d) return Error::invalid_query(name, std::string(name) + " must be an RFC 3339 time or a date");
    return std::optional<Timestamp>{*d};
  }
  return std::optional<Timestamp>{*t};
}

// A list of strings from the raw body (tags, domains).
Result<std::vector<std::string>> string_list(std::string_view raw, const char* field, std::size_t max) {
  auto doc = TD_TRY(parse_json_object(raw));
  std::vector<std::string> out;
  const auto& o = doc.get_object();
  auto it = o.find(field);
  if (it == o.end() || it->value().is_null()) return out;
  if (!it->value().is_array()) return Error::invalid(field, std::string(field) + " must be a list");
  const auto& arr = it->value().get_array();
  if (arr.size() > max) return Error::invalid(field, std::string(field) + " has too many entries");
  for (std::size_t i = 0; i < arr.size(); ++i) {
    if (!arr[i].is_string())
      return Error::invalid(std::string(field) + "[" + std::to_string(i) + "]", "must be a string");
    out.emplace_back(arr[i].get_string());
  }
  return out;
}

// The filters of the survey results (GET /surveys and its exports).
Result<SurveyQuery> survey_query(const Request& req) {
  SurveyQuery q;
  q.from = TD_TRY(query_time(req, "from"));
  q.to = TD_TRY(query_time(req, "to"));
  q.team_id = TD_TRY(query_id(req, "team"));
  q.agent_id = TD_TRY(query_id(req, "agent"));
  q.organization_id = TD_TRY(query_id(req, "organization"));
  return q;
}

Result<FeedbackService*> service(Services& s) {
  if (!s.feedback) return Error{Errc::unavailable, "feedback is not configured", {}};
  return s.feedback;
}

Response ticket_json(Services& s, const ticket::TicketView& v, int status = 200) {
  return json_response(status, encode(v, s.clock->now()));
}

}  // namespace

void add_feedback_routes(Router& r) {
  // ---- portal: forms, uploads, requests ----
  r.add(Method::get, "/api/v1/portal/forms", Access::authenticated,
        [](Services& s, Request& req) -> Result<Response> {
          auto* f = TD_TRY(service(s));
          json::array forms;
          for (const auto& form : TD_TRY(f->forms(req.actor())))
            forms.push_back(
                json::object{{"category_id", form.category_id}, {"fields", form_to_json(form.fields)}});
          return json_response(200, json::object{{"forms", std::move(forms)}});
        });
  r.add(Method::put, "/api/v1/categories/{id}/form", Access::authenticated,
        [](Services& s, Request& req) -> Result<Response> {
          auto* f = TD_TRY(service(s));
          Id id = TD_TRY(parse_id(req.params[0], "category"));
          auto doc = TD_TRY(parse_json_object(req.body));
          TD_TRY(json_fields::only(doc.get_object(), {"fields"}, ""));
          auto* fields = json_fields::find(doc.get_object(), "fields");
          if (!fields) return Error::missing("fields");
          auto parsed = TD_TRY(form_from_json(*fields));
          auto saved = TD_TRY(f->save_form(req.actor(), id, parsed));
          return json_response(
              200, json::object{{"category_id", saved.category_id}, {"fields", form_to_json(saved.fields)}});
        });
  r.add(Method::get, "/api/v1/portal/registration", Access::public_,
        [](Services& s, Request&) -> Result<Response> {
          auto* f = TD_TRY(service(s));
          return json_response(200, json::object{{"enabled", f->registration_enabled()}});
        });
  r.add(Method::get, "/api/v1/organizations/{id}/registration-domains", Access::authenticated,
        [](Services& s, Request& req) -> Result<Response> {
          auto* f = TD_TRY(service(s));
          Id id = TD_TRY(parse_id(req.params[0], "organization"));
          json::array out;
          for (auto& d : TD_TRY(f->registration_domains(req.actor(), id)))
            out.emplace_back(d);
          return json_response(200, json::object{{"domains", std::move(out)}});
        });
  r.add(Method::put, "/api/v1/organizations/{id}/registration-domains", Access::authenticated,
        [](Services& s, Request& req) -> Result<Response> {
          auto* f = TD_TRY(service(s));
          Id id = TD_TRY(parse_id(req.params[0], "organization"));
          TD_TRY(BodyReader::parse(req.body, {"domains"}));
          auto domains = TD_TRY(string_list(req.body, "domains", 50));
          json::array out;
          for (auto& d : TD_TRY(f->save_registration_domains(req.actor(), id, std::move(domains))))
            out.emplace_back(d);
          return json_response(200, json::object{{"domains", std::move(out)}});
        });

  r.add_upload(Method::post, "/api/v1/uploads", Access::authenticated,
               [](Services& s, Request& req) -> Result<Response> {
                 auto* f = TD_TRY(service(s));
                 auto filename = req.query_param("filename");
                 if (!filename || filename->empty())
                   return Error::invalid_query("filename", "filename is required");
                 auto u = TD_TRY(f->upload(req.actor(), std::string(*filename), req.content_type, req.body));
                 return json_response(201, encode_upload(u));
               });
  r.add(Method::get, "/api/v1/uploads/{id}", Access::authenticated,
        [](Services& s, Request& req) -> Result<Response> {
          auto* f = TD_TRY(service(s));
          Id id = TD_TRY(parse_id(req.params[0], "upload"));
          auto [u, data] = TD_TRY(f->download(req.actor(), id));
          const bool image = u.content_type == "image/png" || u.content_type == "image/jpeg" ||
                             u.content_type == "image/gif" || u.content_type == "image/webp";
          const bool want_inline = image && req.query_param("inline").value_or("") == "1";
          Response resp{
              200, want_inline ? u.content_type : "application/octet-stream", std::move(data), {}, {}};
          resp.headers.emplace_back(
              "Content-Disposition",
              content_disposition(want_inline ? Disposition::inline_ : Disposition::attachment, u.filename));
          resp.headers.emplace_back("Content-Security-Policy", "sandbox");
          return resp;
        });

  r.add(Method::post, "/api/v1/portal/requests", Access::authenticated,
        [](Services& s, Request& req) -> Result<Response> {
          auto* f = TD_TRY(service(s));
          auto body = TD_TRY(BodyReader::parse(req.body, {"subject", "description", "category_id", "urgency",
                                                          "type", "fields", "attachments"}));
          SubmitRequest in;
          in.subject = TD_TRY(body.required_string("subject"));
          in.description = TD_TRY(body.optional_string("description")).value_or("");
          in.category_id = TD_TRY(body.optional_id("category_id"));
          in.urgency = TD_TRY(body.optional_enum<ticket::Level>(
              "urgency", [](std::string_view v) { return ticket::parse_level(v); }, "high, medium, low"));
          in.type = TD_TRY(body.optional_enum<ticket::TicketType>(
              "type", [](std::string_view v) { return ticket::parse_ticket_type(v); },
              "incident, service_request, consultation"));
          in.attachments = TD_TRY(body.optional_id_list("attachments")).value_or(std::vector<Id>{});
          if (body.has("fields")) {
            auto doc = TD_TRY(parse_json_object(req.body));
            const auto& v = doc.get_object().at("fields");
            if (!v.is_object() && !v.is_null()) return Error::invalid("fields", "fields must be an object");
            if (v.is_object()) {
              if (v.get_object().size() > 30) return Error::invalid("fields", "too many fields");
              for (const auto& kv : v.get_object()) {
                const std::string key(kv.key());
                if (!kv.value().is_string())
                  return Error::invalid("fields." + key, "fields." + key + " must be text");
                in.fields[key] = std::string(kv.value().get_string());
              }
            }
          }
          return ticket_json(s, TD_TRY(f->submit(req.actor(), std::move(in))), 201);
        });
  r.add(Method::get, "/api/v1/tickets/{id}/form", Access::authenticated,
        [](Services& s, Request& req) -> Result<Response> {
          auto* f = TD_TRY(service(s));
          Id id = TD_TRY(parse_id(req.params[0], "ticket"));
          json::array out;
          for (const auto& v : TD_TRY(f->ticket_form(req.actor(), id)))
            out.push_back(json::object{
                {"key", v.key}, {"label", v.label}, {"label_en", v.label_en}, {"value", v.value}});
          return json_response(200, json::object{{"fields", std::move(out)}});
        });
  r.add(Method::get, "/api/v1/tickets/{id}/attachments", Access::authenticated,
        [](Services& s, Request& req) -> Result<Response> {
          auto* f = TD_TRY(service(s));
          Id id = TD_TRY(parse_id(req.params[0], "ticket"));
          json::array out;
          for (const auto& u : TD_TRY(f->ticket_uploads(req.actor(), id)))
            out.push_back(encode_upload(u));
          return json_response(200, json::object{{"attachments", std::move(out)}});
        });

  // ---- closing the loop ----
  r.add(Method::post, "/api/v1/tickets/{id}/confirm", Access::authenticated,
        [](Services& s, Request& req) -> Result<Response> {
          auto* f = TD_TRY(service(s));
          Id id = TD_TRY(parse_id(req.params[0], "ticket"));
          TD_TRY(BodyReader::parse(req.body, {}, /*allow_empty=*/true));
          return ticket_json(s, TD_TRY(f->confirm(req.actor(), id)));
        });
  r.add(Method::post, "/api/v1/tickets/{id}/reopen", Access::authenticated,
        [](Services& s, Request& req) -> Result<Response> {
          auto* f = TD_TRY(service(s));
          Id id = TD_TRY(parse_id(req.params[0], "ticket"));
          auto body = TD_TRY(BodyReader::parse(req.body, {"reason"}));
          auto reason = TD_TRY(body.optional_string("reason"));
          if (!reason) return Error::missing("reason");
          auto out = TD_TRY(f->reopen(req.actor(), id, std::move(*reason)));
          if (out.follow_up)
            return json_response(201, json::object{{"follow_up", encode(out.ticket, s.clock->now())}});
          return ticket_json(s, out.ticket);
        });
  r.add(Method::get, "/api/v1/tickets/{id}/closing", Access::authenticated,
        [](Services& s, Request& req) -> Result<Response> {
          auto* f = TD_TRY(service(s));
          Id id = TD_TRY(parse_id(req.params[0], "ticket"));
          auto c = TD_TRY(f->closing(req.actor(), id));
          return json_response(200, json::object{{"auto_close_at", opt_time(c.auto_close_at)},
                                                 {"reopen_until", opt_time(c.reopen_until)},
                                                 {"auto_close_working_days", c.auto_close_working_days},
                                                 {"reopen_days", c.reopen_days}});
        });
  r.add(Method::get, "/api/v1/feedback/settings", Access::authenticated,
        [](Services& s, Request& req) -> Result<Response> {
          auto* f = TD_TRY(service(s));
          return json_response(200, settings_to_json(TD_TRY(f->settings(req.actor()))));
        });
  r.add(Method::put, "/api/v1/feedback/settings", Access::authenticated,
        [](Services& s, Request& req) -> Result<Response> {
          auto* f = TD_TRY(service(s));
          auto doc = TD_TRY(parse_json_object(req.body));
          auto parsed = TD_TRY(settings_from_json(doc));
          return json_response(200, settings_to_json(TD_TRY(f->save_settings(req.actor(), parsed))));
        });

  // ---- surveys ----
  r.add(Method::get, "/api/v1/tickets/{id}/survey", Access::authenticated,
        [](Services& s, Request& req) -> Result<Response> {
          auto* f = TD_TRY(service(s));
          Id id = TD_TRY(parse_id(req.params[0], "ticket"));
          auto st = TD_TRY(f->survey_status(req.actor(), id));
          json::object o{{"state", name(st.state)}};
          if (st.token) o["token"] = *st.token;
          if (st.response) o["response"] = encode_survey(*st.response);
          return json_response(200, o);
        });
  r.add(Method::get, "/api/v1/surveys/{token}", Access::public_,
        [](Services& s, Request& req) -> Result<Response> {
          auto* f = TD_TRY(service(s));
          auto t = TD_TRY(f->survey_by_token(std::string(req.params[0])));
          json::array tags;
          for (auto tag : survey_tags())
            tags.emplace_back(tag);
          return json_response(200, json::object{{"ticket", json::object{{"id", t.id},
                                                                         {"number", t.number},
                                                                         {"subject", t.subject},
                                                                         {"agent", opt_str(t.agent)}}},
                                                 {"tags", std::move(tags)},
                                                 {"state", t.answered ? "answered" : "open"}});
        });
  r.add(Method::post, "/api/v1/surveys/{token}", Access::public_,
        [](Services& s, Request& req) -> Result<Response> {
          auto* f = TD_TRY(service(s));
          auto body = TD_TRY(BodyReader::parse(req.body, {"score", "tags", "comment", "ticket_id"}));
          SurveyAnswer a;
          auto score = TD_TRY(body.optional_int("score"));
          if (!score) return Error::missing("score");
          a.score = *score;
          a.tags = TD_TRY(string_list(req.body, "tags", 10));
          a.comment = TD_TRY(body.optional_string("comment")).value_or("");
          a.ticket_id = TD_TRY(body.optional_id("ticket_id"));
          // Signed in (the portal), the answer is the user's; through an email link it is anonymous.
          std::optional<identity::Principal> actor;
          std::optional<std::string_view> token = req.cookie_value("techdesk_session");
          if (std::string_view auth = req.authorization; auth.substr(0, 7) == "Bearer ")
            token = auth.substr(7);
          if (token)
            if (auto p = s.auth.authenticate(*token)) actor = p.value();
          auto r = TD_TRY(f->answer_survey(actor, std::string(req.params[0]), a));
          return json_response(201, encode_survey(r));
        });
  r.add(Method::get, "/api/v1/surveys", Access::authenticated,
        [](Services& s, Request& req) -> Result<Response> {
          auto* f = TD_TRY(service(s));
          auto rep = TD_TRY(f->surveys(req.actor(), TD_TRY(survey_query(req))));
          json::array rows;
          for (const auto& row : rep.rows) {
            json::object o = encode_survey(row.response);
            o["ticket_id"] = row.response.ticket_id;
            o["ticket_number"] = row.ticket_number;
            o["agent"] = opt_ref(row.agent);
            o["team"] = opt_ref(row.team);
            o["organization"] = opt_ref(row.organization);
            rows.push_back(std::move(o));
          }
          json::object dist;
          for (int i = 0; i < 5; ++i)
            dist[std::to_string(i + 1)] = rep.distribution[static_cast<std::size_t>(i)];
          return json_response(200,
                               json::object{{"responses", std::move(rows)},
                                            {"summary", json::object{{"count", rep.count},
                                                                     {"average", rep.average},
                                                                     {"distribution", std::move(dist)}}}});
        });

  // The survey results as a file: the same filters and rights as GET /surveys, every response of the period
  // (up to report::k_max_lines) rather than the newest 500.
  for (bool xlsx : {true, false}) {
    r.add(Method::get, xlsx ? "/api/v1/reports/surveys.xlsx" : "/api/v1/reports/surveys.csv",
          Access::authenticated, [xlsx](Services& s, Request& req) -> Result<Response> {
            auto* f = TD_TRY(service(s));
            SurveyQuery q = TD_TRY(survey_query(req));
            q.limit = report::k_max_lines;
            auto rep = TD_TRY(f->surveys(req.actor(), q));
            const std::string zone = TD_TRY(export_zone(s));
            std::string stem = "surveys";
            if (q.from) stem += "_" + report::local_date(*q.from, zone);
            if (q.to)
              stem +=
                  (q.from ? "_" : "_to_") + report::local_date(*q.to - std::chrono::milliseconds(1), zone);
            return export_tables(report::survey_tables(rep, zone), xlsx, query_lang(req), stem);
          });
  }

  // ---- callbacks ----
  r.add(Method::get, "/api/v1/callbacks", Access::authenticated,
        [](Services& s, Request& req) -> Result<Response> {
          auto* f = TD_TRY(service(s));
          CallbackQuery q;
          if (auto st = req.query_param("state"); st && !st->empty()) {
            q.state = parse_callback_state(*st);
            if (!q.state) return Error::invalid_query("state", "state must be open or done");
          }
          if (auto rs = req.query_param("reason"); rs && !rs->empty()) {
            q.reason = parse_callback_reason(*rs);
            if (!q.reason)
              return Error::invalid_query("reason",
                                          "reason must be low_score, reopen, complaint, scheduled or manual");
          }
          if (auto a = req.query_param("assignee"); a && *a == "me")
            q.assignee_id = req.actor().user_id;
          else
            q.assignee_id = TD_TRY(query_id(req, "assignee"));
          q.ticket_id = TD_TRY(query_id(req, "ticket"));
          json::array out;
          for (const auto& c : TD_TRY(f->callbacks(req.actor(), q)))
            out.push_back(encode_callback(c));
          return json_response(200, json::object{{"callbacks", std::move(out)}});
        });
  r.add(Method::post, "/api/v1/callbacks", Access::authenticated,
        [](Services& s, Request& req) -> Result<Response> {
          auto* f = TD_TRY(service(s));
          auto body = TD_TRY(BodyReader::parse(
              req.body, {"ticket_id", "organization_id", "contact_id", "assignee_id", "due_at", "note"}));
          NewCallback in;
          in.ticket_id = TD_TRY(body.optional_id("ticket_id"));
          in.organization_id = TD_TRY(body.optional_id("organization_id"));
          in.contact_id = TD_TRY(body.optional_id("contact_id"));
          in.assignee_id = TD_TRY(body.optional_id("assignee_id"));
          in.due_at = TD_TRY(body_time(body, "due_at"));
          in.note = TD_TRY(body.optional_string("note")).value_or("");
          return json_response(201, encode_callback(TD_TRY(f->create_callback(req.actor(), in))));
        });
  r.add(Method::get, "/api/v1/callbacks/schedules", Access::authenticated,
        [](Services& s, Request& req) -> Result<Response> {
          auto* f = TD_TRY(service(s));
          json::array out;
          for (const auto& v : TD_TRY(f->schedules(req.actor())))
            out.push_back(encode_schedule(v));
          return json_response(200, json::object{{"schedules", std::move(out)}});
        });
  r.add(Method::post, "/api/v1/callbacks/schedules", Access::authenticated,
        [](Services& s, Request& req) -> Result<Response> {
          auto* f = TD_TRY(service(s));
          auto body = TD_TRY(BodyReader::parse(req.body, {"organization_id", "contact_id", "assignee_id",
                                                          "every_days", "first_due_at", "note"}));
          NewSchedule in;
          auto org = TD_TRY(body.optional_id("organization_id"));
          if (!org) return Error::missing("organization_id");
          in.organization_id = *org;
          in.contact_id = TD_TRY(body.optional_id("contact_id"));
          in.assignee_id = TD_TRY(body.optional_id("assignee_id"));
          auto every = TD_TRY(body.optional_int("every_days"));
          if (!every) return Error::missing("every_days");
          in.every_days = *every;
          in.first_due_at = TD_TRY(body_time(body, "first_due_at"));
          in.note = TD_TRY(body.optional_string("note")).value_or("");
          return json_response(201, encode_schedule(TD_TRY(f->create_schedule(req.actor(), in))));
        });
  r.add(Method::delete_, "/api/v1/callbacks/schedules/{id}", Access::authenticated,
        [](Services& s, Request& req) -> Result<Response> {
          auto* f = TD_TRY(service(s));
          Id id = TD_TRY(parse_id(req.params[0], "schedule"));
          TD_TRY(f->delete_schedule(req.actor(), id));
          return Response::no_content();
        });
  r.add(Method::get, "/api/v1/callbacks/{id}", Access::authenticated,
        [](Services& s, Request& req) -> Result<Response> {
          auto* f = TD_TRY(service(s));
          Id id = TD_TRY(parse_id(req.params[0], "callback"));
          return json_response(200, encode_callback(TD_TRY(f->callback(req.actor(), id))));
        });
  r.add(
      Method::post, "/api/v1/callbacks/{id}/outcome", Access::authenticated,
      [](Services& s, Request& req) -> Result<Response> {
        auto* f = TD_TRY(service(s));
        Id id = TD_TRY(parse_id(req.params[0], "callback"));
        auto body = TD_TRY(BodyReader::parse(req.body, {"outcome", "notes", "follow_up"}));
        auto outcome = TD_TRY(body.optional_enum<CallbackOutcome>(
            "outcome", [](std::string_view v) { return parse_callback_outcome(v); }, "reached, not_reached"));
        if (!outcome) return Error::missing("outcome");
        CallbackResult r{*outcome, TD_TRY(body.optional_string("notes")).value_or(""),
                         TD_TRY(body.optional_string("follow_up")).value_or("")};
        return json_response(200, encode_callback(TD_TRY(f->record_outcome(req.actor(), id, r))));
      });

  // ---- complaints ----
  r.add(Method::post, "/api/v1/complaints", Access::authenticated,
        [](Services& s, Request& req) -> Result<Response> {
          auto* f = TD_TRY(service(s));
          auto body = TD_TRY(
              BodyReader::parse(req.body, {"subject", "description", "requester_id", "related_ticket_id",
                                           "convert_ticket_id", "source", "product", "fault", "warranty"}));
          NewComplaint in;
          in.convert_ticket_id = TD_TRY(body.optional_id("convert_ticket_id"));
          if (!in.convert_ticket_id) {
            in.subject = TD_TRY(body.required_string("subject"));
            in.description = TD_TRY(body.optional_string("description")).value_or("");
          }
          in.requester_id = TD_TRY(body.optional_id("requester_id"));
          in.related_ticket_id = TD_TRY(body.optional_id("related_ticket_id"));
          in.source = TD_TRY(body.optional_enum<ComplaintSource>(
              "source", [](std::string_view v) { return parse_complaint_source(v); }, "phone, email"));
          in.product = TD_TRY(body.optional_string("product")).value_or("");
          in.fault = TD_TRY(body.optional_string("fault")).value_or("");
          in.warranty = TD_TRY(body.optional_enum<Warranty>(
              "warranty", [](std::string_view v) { return parse_warranty(v); },
              "in_warranty, out_of_warranty, unknown"));
          return json_response(201, encode_complaint(TD_TRY(f->create_complaint(req.actor(), in)), true));
        });
  r.add(Method::get, "/api/v1/complaints", Access::authenticated,
        [](Services& s, Request& req) -> Result<Response> {
          auto* f = TD_TRY(service(s));
          ComplaintQuery q;
          if (auto st = req.query_param("stage"); st && !st->empty()) {
            q.stage = parse_complaint_stage(*st);
            if (!q.stage)
              return Error::invalid_query(
                  "stage", "stage must be new, registered, judged, decided, acted, feedback_given or closed");
          }
          if (auto o = req.query_param("open"); o && !o->empty()) {
            if (*o != "true" && *o != "false")
              return Error::invalid_query("open", "open must be true or false");
            q.open_only = *o == "true";
          }
          if (auto a = req.query_param("officer"); a && *a == "me")
            q.officer_id = req.actor().user_id;
          else
            q.officer_id = TD_TRY(query_id(req, "officer"));
          json::array out;
          for (const auto& c : TD_TRY(f->complaints(req.actor(), q)))
            out.push_back(encode_complaint(c, false));
          return json_response(200, json::object{{"complaints", std::move(out)}});
        });
  r.add(Method::get, "/api/v1/complaints/{id}", Access::authenticated,
        [](Services& s, Request& req) -> Result<Response> {
          auto* f = TD_TRY(service(s));
          Id id = TD_TRY(parse_id(req.params[0], "complaint"));
          return json_response(200, encode_complaint(TD_TRY(f->complaint(req.actor(), id)), true));
        });
  r.add(Method::post, "/api/v1/complaints/{id}/steps", Access::authenticated,
        [](Services& s, Request& req) -> Result<Response> {
          auto* f = TD_TRY(service(s));
          Id id = TD_TRY(parse_id(req.params[0], "complaint"));
          auto body = TD_TRY(
              BodyReader::parse(req.body, {"step", "product", "fault", "warranty", "engineer_ids", "verdict",
                                           "judgement", "decision", "action", "feedback", "summary"}));
          StepInput in;
          in.step = TD_TRY(body.required_string("step"));
          in.product = TD_TRY(body.optional_string("product"));
          in.fault = TD_TRY(body.optional_string("fault"));
          in.warranty = TD_TRY(body.optional_enum<Warranty>(
              "warranty", [](std::string_view v) { return parse_warranty(v); },
              "in_warranty, out_of_warranty, unknown"));
          in.engineer_ids = TD_TRY(body.optional_id_list("engineer_ids"));
          in.verdict = TD_TRY(body.optional_enum<Verdict>(
              "verdict", [](std::string_view v) { return parse_verdict(v); },
              "justified, partly_justified, unjustified"));
          // The step's text comes under the name of what it records.
          const char* key = in.step == "judge"      ? "judgement"
                            : in.step == "decide"   ? "decision"
                            : in.step == "act"      ? "action"
                            : in.step == "feedback" ? "feedback"
                            : in.step == "close"    ? "summary"
                                                    : nullptr;
          if (key) in.text = TD_TRY(body.optional_string(key));
          return json_response(200, encode_complaint(TD_TRY(f->complaint_step(req.actor(), id, in)), true));
        });
}

}  // namespace techdesk::http
