// Users, organisations and teams.
#include "http/handler_util.h"
#include "http/router.h"
#include "identity/identity_service.h"
#include "identity/role.h"

namespace techdesk::http {

namespace {

constexpr const char* k_roles =
    "requester, org_manager, agent_l1, agent_l2, field_engineer, team_lead, complaint_officer, manager, "
    "admin";

auto parse_role_fn = [](std::string_view s) { return identity::parse_role(s); };
auto parse_kind_fn = [](std::string_view s) { return identity::parse_org_kind(s); };

Result<identity::OrgInput> read_org(const BodyReader& body) {
  identity::OrgInput in;
  in.name = TD_TRY(body.optional_string("name"));
  in.kind = TD_TRY(body.optional_enum<identity::OrgKind>("kind", parse_kind_fn, "internal, external"));
  in.domain = TD_TRY(body.patch_string("domain"));
  return in;
}

Result<identity::TeamInput> read_team(const BodyReader& body) {
  identity::TeamInput in;
  in.name = TD_TRY(body.optional_string("name"));
  in.description = TD_TRY(body.optional_string("description"));
  in.member_ids = TD_TRY(body.optional_id_list("member_ids"));
  return in;
}

}  // namespace

void add_identity_routes(Router& r) {
  // ---- users ----
  r.add(Method::get, "/api/v1/users", Access::authenticated,
        [](Services& s, Request& req) -> Result<Response> {
          identity::UserFilter f;
          if (auto role = req.query_param("role"); role && !role->empty()) {
            f.role = identity::parse_role(*role);
            if (!f.role) return Error::invalid_query("role", std::string("role must be one of ") + k_roles);
          }
          f.organization_id = TD_TRY(query_id(req, "organization"));
          f.text = query_string(req, "q");
          f.cursor = query_string(req, "cursor");
          f.limit = TD_TRY(parse_limit(req));
          return Response::json(200, encode_page(TD_TRY(s.identity.list_users(req.actor(), f))));
        });

  r.add(Method::post, "/api/v1/users", Access::authenticated,
        [](Services& s, Request& req) -> Result<Response> {
          auto body = TD_TRY(BodyReader::parse(req.body, {"login", "password", "name", "email", "phone",
                                                          "role", "organization_id", "team_ids"}));
          identity::CreateUser in;
          in.login = TD_TRY(body.required_string("login"));
          in.password = TD_TRY(body.required_string("password"));
          in.name = TD_TRY(body.required_string("name"));
          in.email = TD_TRY(body.optional_string("email"));
          in.phone = TD_TRY(body.optional_string("phone"));
          auto role = TD_TRY(body.optional_enum<identity::Role>("role", parse_role_fn, k_roles));
          if (!role) return Error::missing("role");
          in.role = *role;
          in.organization_id = TD_TRY(body.optional_id("organization_id"));
          in.team_ids = TD_TRY(body.optional_id_list("team_ids")).value_or(std::vector<Id>{});
          return json_response(201, encode(TD_TRY(s.identity.create_user(req.actor(), std::move(in)))));
        });

  r.add(Method::get, "/api/v1/users/{id}", Access::authenticated,
        [](Services& s, Request& req) -> Result<Response> {
          Id id = TD_TRY(parse_id(req.params[0], "user"));
          return json_response(200, encode(TD_TRY(s.identity.get_user(req.actor(), id))));
        });

  r.add(Method::patch, "/api/v1/users/{id}", Access::authenticated,
        [](Services& s, Request& req) -> Result<Response> {
          Id id = TD_TRY(parse_id(req.params[0], "user"));
          auto body = TD_TRY(BodyReader::parse(req.body, {"name", "email", "phone", "role", "organization_id",
                                                          "team_ids", "active", "password"}));
          identity::UserPatch p;
          p.name = TD_TRY(body.optional_string("name"));
          p.email = TD_TRY(body.patch_string("email"));
          p.phone = TD_TRY(body.patch_string("phone"));
          p.role = TD_TRY(body.optional_enum<identity::Role>("role", parse_role_fn, k_roles));
          p.organization_id = TD_TRY(body.patch_id("organization_id"));
          p.team_ids = TD_TRY(body.optional_id_list("team_ids"));
          p.active = TD_TRY(body.optional_bool("active"));
          p.password = TD_TRY(body.optional_string("password"));
          return json_response(200, encode(TD_TRY(s.identity.update_user(req.actor(), id, std::move(p)))));
        });

  // ---- organisations ----
  r.add(Method::get, "/api/v1/organizations", Access::authenticated,
        [](Services& s, Request& req) -> Result<Response> {
          identity::PageRequest page{query_string(req, "cursor"), TD_TRY(parse_limit(req))};
          return Response::json(200, encode_page(TD_TRY(s.identity.list_orgs(req.actor(), page))));
        });

  r.add(Method::post, "/api/v1/organizations", Access::authenticated,
        [](Services& s, Request& req) -> Result<Response> {
          auto body = TD_TRY(BodyReader::parse(req.body, {"name", "kind", "domain"}));
          auto in = TD_TRY(read_org(body));
          return json_response(201, encode(TD_TRY(s.identity.create_org(req.actor(), in))));
        });

  r.add(Method::get, "/api/v1/organizations/{id}", Access::authenticated,
        [](Services& s, Request& req) -> Result<Response> {
          Id id = TD_TRY(parse_id(req.params[0], "organization"));
          return json_response(200, encode(TD_TRY(s.identity.get_org(req.actor(), id))));
        });

  r.add(Method::patch, "/api/v1/organizations/{id}", Access::authenticated,
        [](Services& s, Request& req) -> Result<Response> {
          Id id = TD_TRY(parse_id(req.params[0], "organization"));
          auto body = TD_TRY(BodyReader::parse(req.body, {"name", "kind", "domain"}));
          auto in = TD_TRY(read_org(body));
          return json_response(200, encode(TD_TRY(s.identity.update_org(req.actor(), id, in))));
        });

  // ---- teams ----
  r.add(Method::get, "/api/v1/teams", Access::authenticated,
        [](Services& s, Request& req) -> Result<Response> {
          identity::PageRequest page{query_string(req, "cursor"), TD_TRY(parse_limit(req))};
          return Response::json(200, encode_page(TD_TRY(s.identity.list_teams(req.actor(), page))));
        });

  r.add(Method::post, "/api/v1/teams", Access::authenticated,
        [](Services& s, Request& req) -> Result<Response> {
          auto body = TD_TRY(BodyReader::parse(req.body, {"name", "description", "member_ids"}));
          auto in = TD_TRY(read_team(body));
          return json_response(201, encode(TD_TRY(s.identity.create_team(req.actor(), in))));
        });

  r.add(Method::get, "/api/v1/teams/{id}", Access::authenticated,
        [](Services& s, Request& req) -> Result<Response> {
          Id id = TD_TRY(parse_id(req.params[0], "team"));
          return json_response(200, encode(TD_TRY(s.identity.get_team(req.actor(), id))));
        });

  r.add(Method::patch, "/api/v1/teams/{id}", Access::authenticated,
        [](Services& s, Request& req) -> Result<Response> {
          Id id = TD_TRY(parse_id(req.params[0], "team"));
          auto body = TD_TRY(BodyReader::parse(req.body, {"name", "description", "member_ids"}));
          auto in = TD_TRY(read_team(body));
          return json_response(200, encode(TD_TRY(s.identity.update_team(req.actor(), id, in))));
        });
}

}  // namespace techdesk::http
