// Dispatch: team settings and members, agents' duty and skills, categories' skills; escalation,
// de-escalation, transfer and auto-assignment; merge, split, links and tags; the work log; automation
// rules; macros; presence (the collision hint).
#include <boost/json.hpp>

#include "common/json_fields.h"
#include "common/time.h"
#include "dispatch/dispatch_service.h"
#include "dispatch/rules_json.h"
#include "http/handler_util.h"
#include "http/router.h"
#include "identity/role.h"

namespace techdesk::http {

namespace {

namespace json = boost::json;
using namespace dispatch;

constexpr const char* k_strategies = "manual, round_robin, least_loaded, skill_match";
constexpr const char* k_activities = "phone, remote, onsite, research, travel, other";

json::value opt_id(const std::optional<Id>& id) {
  return id ? json::value(*id) : json::value(nullptr);
}

json::value opt_time(const std::optional<Timestamp>& t) {
  return t ? json::value(format_rfc3339(*t)) : json::value(nullptr);
}

json::array encode_skills(const std::vector<Skill>& skills) {
  json::array out;
  for (const auto& s : skills)
    out.push_back(json::object{{"tag", s.tag}, {"level", s.level}});
  return out;
}

Result<std::vector<Skill>> decode_skills(const json::value& v) {
  const json::array* arr = TD_TRY(json_fields::as_array(v, "skills", 50));
  std::vector<Skill> out;
  for (std::size_t i = 0; i < arr->size(); ++i) {
    const std::string f = "skills[" + std::to_string(i) + "]";
    const json::object* o = TD_TRY(json_fields::as_object((*arr)[i], f));
    TD_TRY(json_fields::only(*o, {"tag", "level"}, f + "."));
    const json::value* tag = json_fields::find(*o, "tag");
    const json::value* level = json_fields::find(*o, "level");
    if (!tag) return Error::missing(f + ".tag");
    if (!level) return Error::missing(f + ".level");
    Skill s;
    s.tag = TD_TRY(json_fields::as_string(*tag, f + ".tag"));
    s.level = static_cast<int>(TD_TRY(json_fields::as_int(*level, f + ".level", 1, 5)));
    out.push_back(std::move(s));
  }
  return out;
}

json::object encode_settings(const TeamDispatch& d) {
  return {{"team_id", d.team_id},
          {"strategy", name(d.strategy)},
          {"capacity", d.capacity},
          {"escalation_team_id", opt_id(d.escalation_team_id)},
          {"calendar_id", opt_id(d.calendar_id)},
          {"updated_at",
           d.updated_at == Timestamp{} ? json::value(nullptr) : json::value(format_rfc3339(d.updated_at))}};
}

json::object encode_member(const MemberView& m) {
  return {{"user_id", m.user_id},
          {"login", m.login},
          {"name", m.name},
          {"role", identity::role_name(m.role)},
          {"active", m.active},
          {"on_duty", m.on_duty},
          {"skills", encode_skills(m.skills)},
          {"open_tickets", m.open_tickets},
          {"weighted_load", m.weighted_load},
          {"last_assigned", opt_time(m.last_assigned)}};
}

std::string encode_members(const std::vector<MemberView>& members) {
  json::array items;
  for (const auto& m : members)
    items.push_back(encode_member(m));
  return to_json(json::object{{"items", items}, {"next_cursor", nullptr}});
}

json::object encode_link(const LinkView& v) {
  return {{"id", v.link.id},
          {"relation", v.relation},
          {"ticket_id", v.other_id},
          {"number", v.other_number},
          {"subject", v.other_subject},
          {"state", ticket::name(v.other_state)},
          {"created_at", format_rfc3339(v.link.created_at)}};
}

std::string encode_links(const std::vector<LinkView>& links) {
  json::array items;
  for (const auto& l : links)
    items.push_back(encode_link(l));
  return to_json(json::object{{"items", items}, {"next_cursor", nullptr}});
}

std::string encode_tags(const std::vector<std::string>& tags) {
  json::array items;
  for (const auto& t : tags)
    items.push_back(json::value(t));
  return to_json(json::object{{"items", items}});
}

json::object encode_worklog(const WorklogEntry& e) {
  return {{"id", e.id},
          {"ticket_id", e.ticket_id},
          {"ticket_number", e.ticket_number},
          {"user_id", e.user_id},
          {"user_name", e.user_name},
          {"activity", name(e.activity)},
          {"minutes", e.minutes},
          {"note", e.note},
          {"work_date", e.work_date},
          {"created_at", format_rfc3339(e.created_at)}};
}

json::object encode_macro(const Macro& m) {
  return {{"id", m.id},
          {"name", m.name},
          {"team_id", opt_id(m.team_id)},
          {"body", m.body},
          {"updated_at", format_rfc3339(m.updated_at)}};
}

Result<Macro> decode_macro(std::string_view body) {
  auto r = TD_TRY(BodyReader::parse(body, {"name", "team_id", "body"}));
  Macro m;
  m.name = TD_TRY(r.required_string("name"));
  m.body = TD_TRY(r.required_string("body"));
  if (auto team = TD_TRY(r.patch_id("team_id"))) m.team_id = *team;  // null or absent: everyone's
  return m;
}

Result<std::string> required_reason(const BodyReader& r) {
  return r.required_string("reason");
}

}  // namespace

void add_dispatch_routes(Router& r) {
  // ---- teams ----
  r.add(Method::get, "/api/v1/teams/{id}/dispatch", Access::authenticated,
        [](Services& s, Request& req) -> Result<Response> {
          Id id = TD_TRY(parse_id(req.params[0], "team"));
          return json_response(200, encode_settings(TD_TRY(s.dispatch->team_settings(req.actor(), id))));
        });
  r.add(Method::patch, "/api/v1/teams/{id}/dispatch", Access::authenticated,
        [](Services& s, Request& req) -> Result<Response> {
          Id id = TD_TRY(parse_id(req.params[0], "team"));
          auto b = TD_TRY(
              BodyReader::parse(req.body, {"strategy", "capacity", "escalation_team_id", "calendar_id"}));
          TeamSettings in;
          in.strategy = TD_TRY(b.optional_enum<Strategy>(
              "strategy", [](std::string_view v) { return parse_strategy(v); }, k_strategies));
          in.capacity = TD_TRY(b.optional_int("capacity"));
          in.escalation_team_id = TD_TRY(b.patch_id("escalation_team_id"));
          in.calendar_id = TD_TRY(b.patch_id("calendar_id"));
          return json_response(
              200, encode_settings(TD_TRY(s.dispatch->update_team_settings(req.actor(), id, in))));
        });
  r.add(Method::get, "/api/v1/teams/{id}/members", Access::authenticated,
        [](Services& s, Request& req) -> Result<Response> {
          Id id = TD_TRY(parse_id(req.params[0], "team"));
          return Response::json(200, encode_members(TD_TRY(s.dispatch->members(req.actor(), id))));
        });
  r.add(Method::post, "/api/v1/teams/{id}/members", Access::authenticated,
        [](Services& s, Request& req) -> Result<Response> {
          Id id = TD_TRY(parse_id(req.params[0], "team"));
          auto b = TD_TRY(BodyReader::parse(req.body, {"user_id"}));
          auto user = TD_TRY(b.optional_id("user_id"));
          if (!user) return Error::missing("user_id");
          return Response::json(200, encode_members(TD_TRY(s.dispatch->add_member(req.actor(), id, *user))));
        });
  r.add(Method::delete_, "/api/v1/teams/{id}/members/{user}", Access::authenticated,
        [](Services& s, Request& req) -> Result<Response> {
          Id id = TD_TRY(parse_id(req.params[0], "team"));
          Id user = TD_TRY(parse_id(req.params[1], "member"));
          return Response::json(200,
                                encode_members(TD_TRY(s.dispatch->remove_member(req.actor(), id, user))));
        });

  // ---- agents and categories ----
  r.add(Method::get, "/api/v1/agents/{id}", Access::authenticated,
        [](Services& s, Request& req) -> Result<Response> {
          Id id = TD_TRY(parse_id(req.params[0], "agent"));
          return json_response(200, encode_member(TD_TRY(s.dispatch->agent(req.actor(), id))));
        });
  r.add(Method::patch, "/api/v1/agents/{id}", Access::authenticated,
        [](Services& s, Request& req) -> Result<Response> {
          Id id = TD_TRY(parse_id(req.params[0], "agent"));
          auto doc = TD_TRY(parse_json_object(req.body));
          const json::object& o = doc.as_object();
          TD_TRY(json_fields::only(o, {"on_duty", "skills"}, ""));
          std::optional<bool> on_duty;
          std::optional<std::vector<Skill>> skills;
          if (auto* v = json_fields::find(o, "on_duty"))
            on_duty = TD_TRY(json_fields::as_bool(*v, "on_duty"));
          if (auto* v = json_fields::find(o, "skills")) skills = TD_TRY(decode_skills(*v));
          return json_response(
              200, encode_member(TD_TRY(s.dispatch->update_agent(req.actor(), id, on_duty, skills))));
        });
  r.add(Method::get, "/api/v1/categories/{id}/skills", Access::authenticated,
        [](Services& s, Request& req) -> Result<Response> {
          Id id = TD_TRY(parse_id(req.params[0], "category"));
          return json_response(
              200,
              json::object{{"skills", encode_skills(TD_TRY(s.dispatch->category_skills(req.actor(), id)))}});
        });
  r.add(Method::put, "/api/v1/categories/{id}/skills", Access::authenticated,
        [](Services& s, Request& req) -> Result<Response> {
          Id id = TD_TRY(parse_id(req.params[0], "category"));
          auto doc = TD_TRY(parse_json_object(req.body));
          const json::object& o = doc.as_object();
          TD_TRY(json_fields::only(o, {"skills"}, ""));
          auto* v = json_fields::find(o, "skills");
          if (!v) return Error::missing("skills");
          auto skills = TD_TRY(decode_skills(*v));
          return json_response(
              200, json::object{{"skills", encode_skills(TD_TRY(
                                               s.dispatch->set_category_skills(req.actor(), id, skills)))}});
        });

  // ---- hand-overs ----
  r.add(Method::post, "/api/v1/tickets/{id}/escalate", Access::authenticated,
        [](Services& s, Request& req) -> Result<Response> {
          Id id = TD_TRY(parse_id(req.params[0], "ticket"));
          auto b = TD_TRY(BodyReader::parse(req.body, {"reason", "summary"}));
          auto reason = TD_TRY(required_reason(b));
          auto summary = TD_TRY(b.required_string("summary"));
          return json_response(
              200, encode(TD_TRY(s.dispatch->escalate(req.actor(), id, reason, summary)), s.clock->now()));
        });
  r.add(Method::post, "/api/v1/tickets/{id}/deescalate", Access::authenticated,
        [](Services& s, Request& req) -> Result<Response> {
          Id id = TD_TRY(parse_id(req.params[0], "ticket"));
          auto b = TD_TRY(BodyReader::parse(req.body, {"reason"}));
          auto reason = TD_TRY(required_reason(b));
          return json_response(
              200, encode(TD_TRY(s.dispatch->deescalate(req.actor(), id, reason)), s.clock->now()));
        });
  r.add(Method::post, "/api/v1/tickets/{id}/transfer", Access::authenticated,
        [](Services& s, Request& req) -> Result<Response> {
          Id id = TD_TRY(parse_id(req.params[0], "ticket"));
          auto b = TD_TRY(BodyReader::parse(req.body, {"team", "reason"}));
          auto team = TD_TRY(b.optional_id("team"));
          if (!team) return Error::missing("team");
          auto reason = TD_TRY(required_reason(b));
          return json_response(
              200, encode(TD_TRY(s.dispatch->transfer(req.actor(), id, *team, reason)), s.clock->now()));
        });
  r.add(Method::post, "/api/v1/tickets/{id}/auto-assign", Access::authenticated,
        [](Services& s, Request& req) -> Result<Response> {
          Id id = TD_TRY(parse_id(req.params[0], "ticket"));
          TD_TRY(BodyReader::parse(req.body, {}, true));
          return json_response(200, encode(TD_TRY(s.dispatch->auto_assign(req.actor(), id)), s.clock->now()));
        });

  // ---- merge, split, links, tags ----
  r.add(Method::post, "/api/v1/tickets/{id}/merge", Access::authenticated,
        [](Services& s, Request& req) -> Result<Response> {
          Id id = TD_TRY(parse_id(req.params[0], "ticket"));
          auto b = TD_TRY(BodyReader::parse(req.body, {"into"}));
          auto into = TD_TRY(b.optional_id("into"));
          if (!into) return Error::missing("into");
          return json_response(200,
                               encode(TD_TRY(s.dispatch->merge(req.actor(), id, *into)), s.clock->now()));
        });
  r.add(Method::post, "/api/v1/tickets/{id}/split", Access::authenticated,
        [](Services& s, Request& req) -> Result<Response> {
          Id id = TD_TRY(parse_id(req.params[0], "ticket"));
          auto b = TD_TRY(BodyReader::parse(req.body, {"article_ids", "subject"}));
          SplitRequest in;
          auto ids = TD_TRY(b.optional_id_list("article_ids"));
          if (!ids) return Error::missing("article_ids");
          in.article_ids = *ids;
          in.subject = TD_TRY(b.optional_string("subject"));
          return json_response(201, encode(TD_TRY(s.dispatch->split(req.actor(), id, in)), s.clock->now()));
        });
  r.add(Method::get, "/api/v1/tickets/{id}/links", Access::authenticated,
        [](Services& s, Request& req) -> Result<Response> {
          Id id = TD_TRY(parse_id(req.params[0], "ticket"));
          return Response::json(200, encode_links(TD_TRY(s.dispatch->links(req.actor(), id))));
        });
  r.add(Method::post, "/api/v1/tickets/{id}/links", Access::authenticated,
        [](Services& s, Request& req) -> Result<Response> {
          Id id = TD_TRY(parse_id(req.params[0], "ticket"));
          auto b = TD_TRY(BodyReader::parse(req.body, {"ticket_id", "relation"}));
          auto other = TD_TRY(b.optional_id("ticket_id"));
          if (!other) return Error::missing("ticket_id");
          auto kind = TD_TRY(b.required_string("relation"));
          return Response::json(201,
                                encode_links(TD_TRY(s.dispatch->add_link(req.actor(), id, *other, kind))));
        });
  r.add(Method::delete_, "/api/v1/tickets/{id}/links/{link}", Access::authenticated,
        [](Services& s, Request& req) -> Result<Response> {
          Id id = TD_TRY(parse_id(req.params[0], "ticket"));
          Id link = TD_TRY(parse_id(req.params[1], "link"));
          TD_TRY(s.dispatch->remove_link(req.actor(), id, link));
          return Response::no_content();
        });
  r.add(Method::get, "/api/v1/tickets/{id}/tags", Access::authenticated,
        [](Services& s, Request& req) -> Result<Response> {
          Id id = TD_TRY(parse_id(req.params[0], "ticket"));
          return Response::json(200, encode_tags(TD_TRY(s.dispatch->tags(req.actor(), id))));
        });
  r.add(Method::post, "/api/v1/tickets/{id}/tags", Access::authenticated,
        [](Services& s, Request& req) -> Result<Response> {
          Id id = TD_TRY(parse_id(req.params[0], "ticket"));
          auto b = TD_TRY(BodyReader::parse(req.body, {"tag"}));
          auto tag = TD_TRY(b.required_string("tag"));
          return Response::json(200, encode_tags(TD_TRY(s.dispatch->add_tag(req.actor(), id, tag))));
        });
  r.add(Method::delete_, "/api/v1/tickets/{id}/tags", Access::authenticated,
        [](Services& s, Request& req) -> Result<Response> {
          Id id = TD_TRY(parse_id(req.params[0], "ticket"));
          auto tag = query_string(req, "tag");
          if (tag.empty()) return Error::invalid_query("tag", "tag is required (?tag=…)");
          return Response::json(200, encode_tags(TD_TRY(s.dispatch->remove_tag(req.actor(), id, tag))));
        });

  // ---- work log ----
  r.add(Method::get, "/api/v1/tickets/{id}/worklog", Access::authenticated,
        [](Services& s, Request& req) -> Result<Response> {
          Id id = TD_TRY(parse_id(req.params[0], "ticket"));
          auto entries = TD_TRY(s.dispatch->worklog(req.actor(), id));
          json::array items;
          int total = 0;
          for (const auto& e : entries) {
            items.push_back(encode_worklog(e));
            total += e.minutes;
          }
          return json_response(
              200, json::object{{"items", items}, {"total_minutes", total}, {"next_cursor", nullptr}});
        });
  r.add(Method::post, "/api/v1/tickets/{id}/worklog", Access::authenticated,
        [](Services& s, Request& req) -> Result<Response> {
          Id id = TD_TRY(parse_id(req.params[0], "ticket"));
          auto b = TD_TRY(BodyReader::parse(req.body, {"minutes", "activity", "note", "work_date"}));
          NewWorklog in;
          auto minutes = TD_TRY(b.optional_int("minutes"));
          if (!minutes) return Error::missing("minutes");
          in.minutes = *minutes;
          auto activity = TD_TRY(b.optional_enum<Activity>(
              "activity", [](std::string_view v) { return parse_activity(v); }, k_activities));
          if (!activity) return Error::missing("activity");
          in.activity = *activity;
          in.note = TD_TRY(b.optional_string("note")).value_or("");
          in.work_date = TD_TRY(b.optional_string("work_date"));
          return json_response(201, encode_worklog(TD_TRY(s.dispatch->log_work(req.actor(), id, in))));
        });
  r.add(Method::delete_, "/api/v1/tickets/{id}/worklog/{entry}", Access::authenticated,
        [](Services& s, Request& req) -> Result<Response> {
          Id id = TD_TRY(parse_id(req.params[0], "ticket"));
          Id entry = TD_TRY(parse_id(req.params[1], "work log entry"));
          TD_TRY(s.dispatch->delete_work(req.actor(), id, entry));
          return Response::no_content();
        });
  r.add(Method::get, "/api/v1/worklog/totals", Access::authenticated,
        [](Services& s, Request& req) -> Result<Response> {
          auto user = TD_TRY(query_id(req, "user"));
          auto group = query_string(req, "group");
          auto totals =
              TD_TRY(s.dispatch->worklog_totals(req.actor(), user, query_string(req, "from"),
                                                query_string(req, "to"), group.empty() ? "day" : group));
          json::array rows;
          for (const auto& row : totals.rows)
            rows.push_back(json::object{{"user_id", row.user_id},
                                        {"user_name", row.user_name},
                                        {"period", row.period},
                                        {"minutes", row.minutes},
                                        {"entries", row.entries}});
          return json_response(200, json::object{{"group", group.empty() ? "day" : group},
                                                 {"rows", rows},
                                                 {"total_minutes", totals.total_minutes}});
        });

  // ---- automation rules ----
  r.add(Method::get, "/api/v1/rules", Access::authenticated,
        [](Services& s, Request& req) -> Result<Response> {
          json::array items;
          for (const auto& rule : TD_TRY(s.dispatch->rules(req.actor())))
            items.push_back(rule_to_json(rule));
          return json_response(200, json::object{{"items", items}, {"next_cursor", nullptr}});
        });
  r.add(Method::post, "/api/v1/rules", Access::authenticated,
        [](Services& s, Request& req) -> Result<Response> {
          auto doc = TD_TRY(parse_json_object(req.body));
          auto rule = TD_TRY(rule_from_json(doc));
          return json_response(201,
                               rule_to_json(TD_TRY(s.dispatch->create_rule(req.actor(), std::move(rule)))));
        });
  r.add(Method::get, "/api/v1/rules/{id}", Access::authenticated,
        [](Services& s, Request& req) -> Result<Response> {
          Id id = TD_TRY(parse_id(req.params[0], "rule"));
          return json_response(200, rule_to_json(TD_TRY(s.dispatch->rule(req.actor(), id))));
        });
  r.add(Method::put, "/api/v1/rules/{id}", Access::authenticated,
        [](Services& s, Request& req) -> Result<Response> {
          Id id = TD_TRY(parse_id(req.params[0], "rule"));
          auto doc = TD_TRY(parse_json_object(req.body));
          auto rule = TD_TRY(rule_from_json(doc));
          return json_response(
              200, rule_to_json(TD_TRY(s.dispatch->replace_rule(req.actor(), id, std::move(rule)))));
        });
  r.add(Method::delete_, "/api/v1/rules/{id}", Access::authenticated,
        [](Services& s, Request& req) -> Result<Response> {
          Id id = TD_TRY(parse_id(req.params[0], "rule"));
          TD_TRY(s.dispatch->delete_rule(req.actor(), id));
          return Response::no_content();
        });

  // ---- macros ----
  r.add(Method::get, "/api/v1/macros", Access::authenticated,
        [](Services& s, Request& req) -> Result<Response> {
          json::array items;
          for (const auto& m : TD_TRY(s.dispatch->macros(req.actor())))
            items.push_back(encode_macro(m));
          return json_response(200, json::object{{"items", items}, {"next_cursor", nullptr}});
        });
  r.add(Method::post, "/api/v1/macros", Access::authenticated,
        [](Services& s, Request& req) -> Result<Response> {
          auto m = TD_TRY(decode_macro(req.body));
          return json_response(201,
                               encode_macro(TD_TRY(s.dispatch->create_macro(req.actor(), std::move(m)))));
        });
  r.add(Method::put, "/api/v1/macros/{id}", Access::authenticated,
        [](Services& s, Request& req) -> Result<Response> {
          Id id = TD_TRY(parse_id(req.params[0], "macro"));
          auto m = TD_TRY(decode_macro(req.body));
          return json_response(
              200, encode_macro(TD_TRY(s.dispatch->replace_macro(req.actor(), id, std::move(m)))));
        });
  r.add(Method::delete_, "/api/v1/macros/{id}", Access::authenticated,
        [](Services& s, Request& req) -> Result<Response> {
          Id id = TD_TRY(parse_id(req.params[0], "macro"));
          TD_TRY(s.dispatch->delete_macro(req.actor(), id));
          return Response::no_content();
        });
  r.add(Method::post, "/api/v1/macros/{id}/render", Access::authenticated,
        [](Services& s, Request& req) -> Result<Response> {
          Id id = TD_TRY(parse_id(req.params[0], "macro"));
          auto b = TD_TRY(BodyReader::parse(req.body, {"ticket_id"}));
          auto ticket = TD_TRY(b.optional_id("ticket_id"));
          if (!ticket) return Error::missing("ticket_id");
          return json_response(
              200, json::object{{"text", TD_TRY(s.dispatch->render_macro(req.actor(), id, *ticket))}});
        });

  // ---- presence ----
  r.add(Method::post, "/api/v1/tickets/{id}/presence", Access::authenticated,
        [](Services& s, Request& req) -> Result<Response> {
          Id id = TD_TRY(parse_id(req.params[0], "ticket"));
          auto b = TD_TRY(BodyReader::parse(req.body, {"activity"}));
          auto activity = TD_TRY(b.required_string("activity"));
          TD_TRY(s.dispatch->presence(req.actor(), id, activity));
          return Response::no_content();
        });
}

}  // namespace techdesk::http
