// Login, logout, the current user, API tokens.
#include "feedback/feedback_service.h"
#include "http/handler_util.h"
#include "http/router.h"
#include "identity/auth_service.h"
#include "identity/identity_service.h"

namespace techdesk::http {

namespace {
constexpr const char* k_cookie = "techdesk_session";

std::string session_cookie(const std::string& token, bool secure, std::chrono::minutes lifetime) {
  return std::string(k_cookie) + "=" + token +
         "; Path=/; HttpOnly; SameSite=Strict; Max-Age=" + std::to_string(lifetime.count() * 60) +
         (secure ? "; Secure" : "");
}
}  // namespace

void add_auth_routes(Router& r) {
  r.add(Method::post, "/api/v1/auth/login", Access::public_,
        [](Services& s, Request& req) -> Result<Response> {
          auto body = TD_TRY(BodyReader::parse(req.body, {"login", "password"}));
          auto login = TD_TRY(body.required_string("login"));
          auto password = TD_TRY(body.required_string("password"));
          auto result = TD_TRY(s.auth.login(login, password));
          boost::json::object out{
              {"token", result.token}, {"csrf_token", result.csrf_token}, {"user", encode(result.user)}};
          Response resp = json_response(200, out);
          resp.headers.emplace_back("Set-Cookie", session_cookie(result.token, s.secure_cookies,
                                                                 identity::AuthOptions{}.session_lifetime));
          return resp;
        });

  // Self-registration for requesters of organisations that allow their email domain; signs them in.
  r.add(Method::post, "/api/v1/portal/register", Access::public_,
        [](Services& s, Request& req) -> Result<Response> {
          if (!s.feedback) return Error{Errc::unavailable, "registration is not configured", {}};
          auto body = TD_TRY(BodyReader::parse(req.body, {"name", "email", "password", "phone"}));
          feedback::Registration reg;
          reg.name = TD_TRY(body.optional_string("name")).value_or("");
          reg.email = TD_TRY(body.optional_string("email")).value_or("");
          reg.password = TD_TRY(body.optional_string("password")).value_or("");
          reg.phone = TD_TRY(body.optional_string("phone"));
          if (reg.phone && reg.phone->empty()) reg.phone.reset();
          const std::string password = reg.password;
          auto user = TD_TRY(s.feedback->register_requester(std::move(reg)));
          auto result = TD_TRY(s.auth.login(user.login, password));
          boost::json::object out{
              {"token", result.token}, {"csrf_token", result.csrf_token}, {"user", encode(result.user)}};
          Response resp = json_response(201, out);
          resp.headers.emplace_back("Set-Cookie", session_cookie(result.token, s.secure_cookies,
                                                                 identity::AuthOptions{}.session_lifetime));
          return resp;
        });

  r.add(Method::post, "/api/v1/auth/logout", Access::authenticated,
        [](Services& s, Request& req) -> Result<Response> {
          TD_TRY(BodyReader::parse(req.body, {}, /*allow_empty=*/true));
          TD_TRY(s.auth.logout(req.actor()));
          Response resp = Response::no_content();
          resp.headers.emplace_back(
              "Set-Cookie", std::string(k_cookie) + "=; Path=/; HttpOnly; SameSite=Strict; Max-Age=0");
          return resp;
        });

  r.add(Method::get, "/api/v1/auth/me", Access::authenticated,
        [](Services& s, Request& req) -> Result<Response> {
          auto user = TD_TRY(s.identity.get_user(req.actor(), req.actor().user_id));
          boost::json::object out{{"user", encode(user)}};
          if (req.actor().credential == identity::CredentialKind::session)
            out["csrf_token"] = req.actor().csrf_token;
          else
            out["csrf_token"] = nullptr;
          return json_response(200, out);
        });

  r.add(Method::post, "/api/v1/auth/tokens", Access::authenticated,
        [](Services& s, Request& req) -> Result<Response> {
          auto body = TD_TRY(BodyReader::parse(req.body, {"name"}));
          auto name = TD_TRY(body.required_string("name"));
          auto issued = TD_TRY(s.auth.create_api_token(req.actor(), name));
          boost::json::object out = encode(issued.info);
          out["token"] = issued.token;
          return json_response(201, out);
        });

  r.add(Method::get, "/api/v1/auth/tokens", Access::authenticated,
        [](Services& s, Request& req) -> Result<Response> {
          auto tokens = TD_TRY(s.auth.list_api_tokens(req.actor()));
          return Response::json(200, encode_items(tokens));
        });

  r.add(Method::delete_, "/api/v1/auth/tokens/{id}", Access::authenticated,
        [](Services& s, Request& req) -> Result<Response> {
          Id id = TD_TRY(parse_id(req.params[0], "token"));
          TD_TRY(s.auth.revoke_api_token(req.actor(), id));
          return Response::no_content();
        });
}

}  // namespace techdesk::http
