// Tickets, their articles, events and transitions; the category tree.
#include "channel/email/mail_service.h"
#include "feedback/feedback_service.h"
#include "http/handler_util.h"
#include "http/router.h"
#include "ticket/category_service.h"
#include "ticket/ticket_service.h"

namespace techdesk::http {

namespace {

using namespace ticket;

constexpr const char* k_types = "incident, service_request, consultation, complaint, presales";
constexpr const char* k_levels = "high, medium, low";
constexpr const char* k_priorities = "P1, P2, P3, P4";
constexpr const char* k_channels = "web, email, phone, chat, api, alert";
constexpr const char* k_tiers = "L1, L2";
constexpr const char* k_states =
    "new, assigned, in_progress, pending_customer, pending_third_party, resolved, closed, reopened, "
    "cancelled";
constexpr const char* k_kinds = "reply, note, phone";

auto p_type = [](std::string_view s) { return parse_ticket_type(s); };
auto p_level = [](std::string_view s) { return parse_level(s); };
auto p_priority = [](std::string_view s) { return parse_priority(s); };
auto p_channel = [](std::string_view s) { return parse_channel(s); };
auto p_tier = [](std::string_view s) { return parse_tier(s); };
auto p_state = [](std::string_view s) { return parse_state(s); };
auto p_kind = [](std::string_view s) { return parse_article_kind(s); };

// "a,b,c" in the query string → enum values; invalid_query naming the parameter otherwise.
template <class E, class ParseFn>
Result<std::vector<E>> query_enum_list(const Request& req, const char* name, ParseFn parse,
                                       const char* allowed) {
  std::vector<E> out;
  auto v = req.query_param(name);
  if (!v || v->empty()) return out;
  std::string_view rest = *v;
  while (!rest.empty()) {
    auto comma = rest.find(',');
    std::string_view part = rest.substr(0, comma);
    rest = comma == std::string_view::npos ? std::string_view{} : rest.substr(comma + 1);
    auto e = parse(part);
    if (!e) return Error::invalid_query(name, std::string(name) + " values must be among " + allowed);
    out.push_back(*e);
    if (out.size() > 20) return Error::invalid_query(name, std::string(name) + " lists too many values");
  }
  return out;
}

Result<TicketListRequest> read_list_request(const Request& req) {
  TicketListRequest lr;
  TicketQuery& q = lr.query;
  q.states = TD_TRY(query_enum_list<State>(req, "state", p_state, k_states));
  q.priorities = TD_TRY(query_enum_list<Priority>(req, "priority", p_priority, k_priorities));
  q.types = TD_TRY(query_enum_list<TicketType>(req, "type", p_type, k_types));
  q.team_id = TD_TRY(query_id(req, "team"));
  if (auto a = req.query_param("assignee"); a && !a->empty()) {
    if (*a == "me")
      q.assignee_id = req.actor().user_id;
    else if (*a == "none")
      q.assignee_none = true;
    else
      q.assignee_id = TD_TRY(query_id(req, "assignee"));
  }
  q.requester_id = TD_TRY(query_id(req, "requester"));
  q.organization_id = TD_TRY(query_id(req, "organization"));
  q.category_id = TD_TRY(query_id(req, "category"));
  q.text = query_string(req, "q");
  if (q.text.size() > 200) return Error::invalid_query("q", "q must have at most 200 characters");
  std::string sort = query_string(req, "sort");
  if (sort.empty()) sort = "-created_at";
  q.descending = sort.front() == '-';
  std::string key = q.descending ? sort.substr(1) : sort;
  if (key == "created_at")
    q.sort = SortKey::created_at;
  else if (key == "updated_at")
    q.sort = SortKey::updated_at;
  else if (key == "priority")
    q.sort = SortKey::priority;
  else if (key == "sla_due")
    q.sort = SortKey::sla_due;
  else
    return Error::invalid_query(
        "sort", "sort must be one of created_at, updated_at, priority, sla_due, optionally with '-'");
  lr.cursor = query_string(req, "cursor");
  lr.limit = TD_TRY(parse_limit(req));
  return lr;
}

Result<NewTicket> read_new_ticket(const BodyReader& b) {
  NewTicket in;
  in.subject = TD_TRY(b.required_string("subject"));
  in.description = TD_TRY(b.required_string("description"));
  in.type = TD_TRY(b.optional_enum<TicketType>("type", p_type, k_types));
  in.category_id = TD_TRY(b.optional_id("category_id"));
  in.impact = TD_TRY(b.optional_enum<Level>("impact", p_level, k_levels));
  in.urgency = TD_TRY(b.optional_enum<Level>("urgency", p_level, k_levels));
  in.channel = TD_TRY(b.optional_enum<Channel>("channel", p_channel, k_channels));
  in.priority = TD_TRY(b.optional_enum<Priority>("priority", p_priority, k_priorities));
  in.requester_id = TD_TRY(b.optional_id("requester_id"));
  in.team_id = TD_TRY(b.optional_id("team_id"));
  in.assignee_id = TD_TRY(b.optional_id("assignee_id"));
  in.tier = TD_TRY(b.optional_enum<Tier>("tier", p_tier, k_tiers));
  return in;
}

Result<TicketPatch> read_patch(const BodyReader& b) {
  TicketPatch p;
  p.subject = TD_TRY(b.optional_string("subject"));
  p.description = TD_TRY(b.optional_string("description"));
  p.type = TD_TRY(b.optional_enum<TicketType>("type", p_type, k_types));
  p.category_id = TD_TRY(b.patch_id("category_id"));
  p.impact = TD_TRY(b.optional_enum<Level>("impact", p_level, k_levels));
  p.urgency = TD_TRY(b.optional_enum<Level>("urgency", p_level, k_levels));
  p.priority = TD_TRY(b.optional_enum<Priority>("priority", p_priority, k_priorities));
  p.channel = TD_TRY(b.optional_enum<Channel>("channel", p_channel, k_channels));
  p.team_id = TD_TRY(b.patch_id("team_id"));
  p.assignee_id = TD_TRY(b.patch_id("assignee_id"));
  p.tier = TD_TRY(b.optional_enum<Tier>("tier", p_tier, k_tiers));
  p.expected_version = TD_TRY(b.optional_int("version"));
  return p;
}

}  // namespace

void add_ticket_routes(Router& r) {
  r.add(Method::get, "/api/v1/categories", Access::authenticated,
        [](Services& s, Request& req) -> Result<Response> {
          return Response::json(200, encode_items(TD_TRY(s.categories.list(req.actor()))));
        });

  r.add(Method::post, "/api/v1/categories", Access::authenticated,
        [](Services& s, Request& req) -> Result<Response> {
          auto body = TD_TRY(BodyReader::parse(req.body, {"name", "name_en", "parent_id"}));
          NewCategory in;
          in.name = TD_TRY(body.required_string("name"));
          in.name_en = TD_TRY(body.required_string("name_en"));
          in.parent_id = TD_TRY(body.optional_id("parent_id"));
          return json_response(201, encode(TD_TRY(s.categories.create(req.actor(), in))));
        });

  r.add(Method::get, "/api/v1/tickets", Access::authenticated,
        [](Services& s, Request& req) -> Result<Response> {
          auto lr = TD_TRY(read_list_request(req));
          return Response::json(200,
                                encode_ticket_page(TD_TRY(s.tickets.list(req.actor(), lr)), s.clock->now()));
        });

  r.add(Method::post, "/api/v1/tickets", Access::authenticated,
        [](Services& s, Request& req) -> Result<Response> {
          auto body = TD_TRY(BodyReader::parse(
              req.body, {"subject", "description", "type", "category_id", "impact", "urgency", "channel",
                         "priority", "requester_id", "team_id", "assignee_id", "tier"}));
          auto in = TD_TRY(read_new_ticket(body));
          return json_response(201,
                               encode(TD_TRY(s.tickets.create(req.actor(), std::move(in))), s.clock->now()));
        });

  r.add(Method::get, "/api/v1/tickets/{id}", Access::authenticated,
        [](Services& s, Request& req) -> Result<Response> {
          Id id = TD_TRY(parse_id(req.params[0], "ticket"));
          return json_response(200, encode(TD_TRY(s.tickets.get(req.actor(), id)), s.clock->now()));
        });

  r.add(Method::patch, "/api/v1/tickets/{id}", Access::authenticated,
        [](Services& s, Request& req) -> Result<Response> {
          Id id = TD_TRY(parse_id(req.params[0], "ticket"));
          auto body = TD_TRY(BodyReader::parse(
              req.body, {"subject", "description", "type", "category_id", "impact", "urgency", "priority",
                         "channel", "team_id", "assignee_id", "tier", "version"}));
          auto patch = TD_TRY(read_patch(body));
          return json_response(200, encode(TD_TRY(s.tickets.update(req.actor(), id, patch)), s.clock->now()));
        });

  r.add(Method::get, "/api/v1/tickets/{id}/transitions", Access::authenticated,
        [](Services& s, Request& req) -> Result<Response> {
          Id id = TD_TRY(parse_id(req.params[0], "ticket"));
          auto allowed = TD_TRY(s.tickets.allowed_transitions(req.actor(), id));
          boost::json::array states;
          for (State st : allowed.allowed)
            states.push_back(boost::json::string(name(st)));
          return json_response(200, boost::json::object{{"state", name(allowed.state)}, {"allowed", states}});
        });

  r.add(Method::post, "/api/v1/tickets/{id}/transitions", Access::authenticated,
        [](Services& s, Request& req) -> Result<Response> {
          Id id = TD_TRY(parse_id(req.params[0], "ticket"));
          auto body = TD_TRY(BodyReader::parse(req.body, {"to", "reason"}));
          auto to = TD_TRY(body.optional_enum<State>("to", p_state, k_states));
          if (!to) return Error::missing("to");
          auto reason = TD_TRY(body.optional_string("reason"));
          return json_response(
              200, encode(TD_TRY(s.tickets.transition(req.actor(), id, *to, reason)), s.clock->now()));
        });

  r.add(Method::get, "/api/v1/tickets/{id}/articles", Access::authenticated,
        [](Services& s, Request& req) -> Result<Response> {
          Id id = TD_TRY(parse_id(req.params[0], "ticket"));
          return Response::json(200, encode_items(TD_TRY(s.tickets.articles(req.actor(), id))));
        });

  r.add(
      Method::post, "/api/v1/tickets/{id}/articles", Access::authenticated,
      [](Services& s, Request& req) -> Result<Response> {
        Id id = TD_TRY(parse_id(req.params[0], "ticket"));
        auto body = TD_TRY(BodyReader::parse(req.body, {"kind", "body", "cc", "email", "attachments"}));
        auto kind = TD_TRY(body.optional_enum<ArticleKind>("kind", p_kind, k_kinds));
        if (!kind) return Error::missing("kind");
        auto text = TD_TRY(body.required_string("body"));
        // Files uploaded first (POST /api/v1/uploads) travel with the article, in its transaction.
        auto attachments = TD_TRY(body.optional_id_list("attachments"));
        if (attachments && !attachments->empty()) {
          if (!s.feedback) return Error::invalid("attachments", "attachments are not available");
          if (body.has("cc")) return Error::invalid("cc", "cc cannot be combined with attachments");
          return json_response(
              201,
              encode(TD_TRY(s.feedback->add_article(req.actor(), id, *kind, std::move(text), *attachments))));
        }
        auto send = TD_TRY(body.optional_bool("email"));
        std::vector<std::string> cc;
        if (body.has("cc")) {
          auto doc = TD_TRY(parse_json_object(req.body));
          const auto& v = doc.get_object().at("cc");
          if (!v.is_array()) return Error::invalid("cc", "cc must be a list of email addresses");
          for (std::size_t i = 0; i < v.get_array().size(); ++i) {
            const auto& e = v.get_array()[i];
            if (!e.is_string())
              return Error::invalid("cc[" + std::to_string(i) + "]", "not an email address");
            cc.emplace_back(e.get_string());
          }
        }
        // A public reply may also go out by email (the email channel decides whether it can).
        if (*kind == ArticleKind::reply && s.mail)
          return json_response(
              201, encode(TD_TRY(s.mail->reply(req.actor(), id, std::move(text), cc, send.value_or(true)))));
        if (!cc.empty()) return Error::invalid("cc", "cc is only for replies");
        return json_response(201,
                             encode(TD_TRY(s.tickets.add_article(req.actor(), id, *kind, std::move(text)))));
      });

  r.add(Method::get, "/api/v1/tickets/{id}/events", Access::authenticated,
        [](Services& s, Request& req) -> Result<Response> {
          Id id = TD_TRY(parse_id(req.params[0], "ticket"));
          return Response::json(200, encode_items(TD_TRY(s.tickets.events(req.actor(), id))));
        });
}

}  // namespace techdesk::http
