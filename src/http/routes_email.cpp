// The email channel's routes: /api/v1/channels/email (mailboxes, test, fetch, outbox),
// /api/v1/tickets/{id}/emails, /api/v1/articles/{id}/raw, /api/v1/attachments/{id}.
#include <boost/json.hpp>

#include "channel/email/mail_service.h"
#include "common/time.h"
#include "http/handler_util.h"
#include "http/router.h"
#include "identity/role.h"

namespace techdesk::http {

namespace {

namespace json = boost::json;
using namespace email;

json::value opt_id(const std::optional<Id>& id) {
  return id ? json::value(*id) : json::value(nullptr);
}
json::value opt_time(const std::optional<Timestamp>& t) {
  return t ? json::value(format_rfc3339(*t)) : json::value(nullptr);
}

std::string_view security_name(Security s) {
  return s == Security::none ? "none" : s == Security::starttls ? "starttls" : "tls";
}
std::string_view after_name(AfterFetch a) {
  return a == AfterFetch::move ? "move" : a == AfterFetch::remove ? "delete" : "flag";
}

json::object encode_mailbox(const Mailbox& m) {
  json::object o{{"id", m.id},
                 {"name", m.name},
                 {"address", m.address},
                 {"display_name", m.display_name},
                 {"enabled", m.enabled},
                 {"team_id", opt_id(m.team_id)},
                 {"category_id", opt_id(m.category_id)},
                 {"default_organization_id", opt_id(m.default_org_id)},
                 {"last_fetch_at", opt_time(m.last_fetch_at)},
                 {"last_error", m.last_error},
                 {"created_at", format_rfc3339(m.created_at)},
                 {"updated_at", format_rfc3339(m.updated_at)}};
  if (m.imap)
    o["imap"] = json::object{{"host", m.imap->host},
                             {"port", m.imap->port},
                             {"security", security_name(m.imap->security)},
                             {"username", m.imap->username},
                             {"password_set", m.imap->password_set},
                             {"folder", m.imap->folder},
                             {"poll_seconds", m.imap->poll_seconds},
                             {"after", after_name(m.imap->after)},
                             {"move_to", m.imap->move_to}};
  else
    o["imap"] = nullptr;
  if (m.smtp)
    o["smtp"] = json::object{{"host", m.smtp->host},
                             {"port", m.smtp->port},
                             {"security", security_name(m.smtp->security)},
                             {"username", m.smtp->username},
                             {"password_set", m.smtp->password_set}};
  else
    o["smtp"] = nullptr;
  return o;
}

json::object encode_address(const Address& a) {
  return {{"name", a.name}, {"addr", a.addr}};
}
json::array encode_addresses(const std::vector<Address>& v) {
  json::array out;
  for (const auto& a : v)
    out.push_back(encode_address(a));
  return out;
}

json::object encode_outbox(const OutboxItem& o, const std::string& ticket_number) {
  json::array to, cc;
  for (const auto& a : o.to)
    to.emplace_back(a.addr);
  for (const auto& a : o.cc)
    cc.emplace_back(a.addr);
  return {{"id", o.id},
          {"mailbox_id", opt_id(o.mailbox_id)},
          {"ticket_id", opt_id(o.ticket_id)},
          {"ticket_number", ticket_number},
          {"article_id", opt_id(o.article_id)},
          {"to", std::move(to)},
          {"cc", std::move(cc)},
          {"subject", o.subject},
          {"kind", o.kind},
          {"state", name(o.state)},
          {"attempts", o.attempts},
          {"next_attempt_at", opt_time(o.next_attempt_at)},
          {"last_error", o.last_error},
          {"created_at", format_rfc3339(o.created_at)},
          {"sent_at", opt_time(o.sent_at)}};
}

// A ticket number for the outbox list: the subject tag holds it ("[TD#20261121-0001/…]").
std::string number_from_subject(const std::string& subject) {
  auto p = subject.find("[TD#");
  if (p == std::string::npos) return {};
  auto e = subject.find('/', p);
  return e == std::string::npos ? std::string() : subject.substr(p + 4, e - p - 4);
}

// cid: images in a mail's HTML point at the mail's inline attachments.
std::string link_cids(std::string html, const std::vector<MailAttachment>& atts) {
  for (const auto& a : atts) {
    if (a.content_id.empty() || a.sha256.empty()) continue;
    std::string from = "cid:" + a.content_id;
    std::string to = "/api/v1/attachments/" + std::to_string(a.id) + "?inline=1";
    for (std::size_t p = 0; (p = html.find(from, p)) != std::string::npos;) {
      // Only the whole id: the next character must end the attribute value.
      std::size_t end = p + from.size();
      if (end < html.size() && html[end] != '"' && html[end] != '\'') {
        p = end;
        continue;
      }
      html.replace(p, from.size(), to);
      p += to.size();
    }
  }
  return html;
}

MailService& mail(Services& s) {
  if (!s.mail) throw std::logic_error("the email channel is not wired");
  return *s.mail;
}

Result<Security> security_field(const json::object& o, const std::string& field, Security fallback) {
  auto* v = o.if_contains("security");
  if (!v || v->is_null()) return fallback;
  if (v->is_string()) {
    auto s = v->get_string();
    if (s == "tls") return Security::tls;
    if (s == "starttls") return Security::starttls;
    if (s == "none") return Security::none;
  }
  return Error::invalid(field + ".security", field + ".security must be one of tls, starttls, none");
}

Result<std::string> string_field(const json::object& o, const std::string& prefix, const char* key,
                                 std::string fallback) {
  auto* v = o.if_contains(key);
  if (!v || v->is_null()) return fallback;
  if (!v->is_string()) return Error::invalid(prefix + "." + key, prefix + "." + key + " must be a string");
  return std::string(v->get_string());
}
Result<int> int_field(const json::object& o, const std::string& prefix, const char* key, int fallback) {
  auto* v = o.if_contains(key);
  if (!v || v->is_null()) return fallback;
  if (!v->is_int64()) return Error::invalid(prefix + "." + key, prefix + "." + key + " must be an integer");
  auto n = v->get_int64();
  if (n < -1000000 || n > 1000000)
    return Error::invalid(prefix + "." + key, prefix + "." + key + " is out of range");
  return static_cast<int>(n);
}

Result<void> only_keys(const json::object& o, const std::string& prefix,
                       std::initializer_list<std::string_view> keys) {
  for (const auto& kv : o) {
    bool known = false;
    for (auto k : keys)
      known = known || kv.key() == k;
    if (!known) return Error::unknown_field(prefix + "." + std::string(kv.key()));
  }
  return ok();
}

// Reads "imap" / "smtp" of a mailbox body onto `m` (absent: unchanged; null: removed).
Result<void> read_servers(const json::object& body, Mailbox& m) {
  if (auto* v = body.if_contains("imap")) {
    if (v->is_null()) {
      m.imap.reset();
    } else if (!v->is_object()) {
      return Error::invalid("imap", "imap must be an object or null");
    } else {
      const auto& o = v->get_object();
      TD_TRY(only_keys(o, "imap",
                       {"host", "port", "security", "username", "password", "folder", "poll_seconds", "after",
                        "move_to", "password_set"}));
      ImapSettings s = m.imap.value_or(ImapSettings{});
      s.password.clear();  // kept by the service unless a new one is given
      s.host = TD_TRY(string_field(o, "imap", "host", s.host));
      s.security = TD_TRY(security_field(o, "imap", s.security));
      s.port = TD_TRY(int_field(o, "imap", "port",
                                o.contains("security") && !o.contains("port")
                                    ? (s.security == Security::tls ? 993 : 143)
                                    : s.port));
      s.username = TD_TRY(string_field(o, "imap", "username", s.username));
      s.password = TD_TRY(string_field(o, "imap", "password", ""));
      s.folder = TD_TRY(string_field(o, "imap", "folder", s.folder));
      s.poll_seconds = TD_TRY(int_field(o, "imap", "poll_seconds", s.poll_seconds));
      std::string after = TD_TRY(string_field(o, "imap", "after", std::string(after_name(s.after))));
      if (after == "flag")
        s.after = AfterFetch::flag;
      else if (after == "move")
        s.after = AfterFetch::move;
      else if (after == "delete")
        s.after = AfterFetch::remove;
      else
        return Error::invalid("imap.after", "imap.after must be one of flag, move, delete");
      s.move_to = TD_TRY(string_field(o, "imap", "move_to", s.move_to));
      m.imap = s;
    }
  }
  if (auto* v = body.if_contains("smtp")) {
    if (v->is_null()) {
      m.smtp.reset();
    } else if (!v->is_object()) {
      return Error::invalid("smtp", "smtp must be an object or null");
    } else {
      const auto& o = v->get_object();
      TD_TRY(only_keys(o, "smtp", {"host", "port", "security", "username", "password", "password_set"}));
      SmtpSettings s = m.smtp.value_or(SmtpSettings{});
      s.password.clear();
      s.host = TD_TRY(string_field(o, "smtp", "host", s.host));
      s.security = TD_TRY(security_field(o, "smtp", s.security));
      int port_default = s.security == Security::tls ? 465 : s.security == Security::starttls ? 587 : 25;
      s.port = TD_TRY(int_field(o, "smtp", "port",
                                o.contains("security") && !o.contains("port") ? port_default : s.port));
      s.username = TD_TRY(string_field(o, "smtp", "username", s.username));
      s.password = TD_TRY(string_field(o, "smtp", "password", ""));
      m.smtp = s;
    }
  }
  return ok();
}

Result<BodyReader> parse_mailbox_body(std::string_view body) {
  return BodyReader::parse(body, {"name", "address", "display_name", "enabled", "team_id", "category_id",
                                  "default_organization_id", "imap", "smtp"});
}

Result<void> read_mailbox(const BodyReader& b, const json::object& obj, Mailbox& m) {
  if (auto v = TD_TRY(b.optional_string("name"))) m.name = *v;
  if (auto v = TD_TRY(b.optional_string("address"))) m.address = *v;
  if (auto v = TD_TRY(b.optional_string("display_name"))) m.display_name = *v;
  if (auto v = TD_TRY(b.optional_bool("enabled"))) m.enabled = *v;
  if (b.has("team_id")) m.team_id = *TD_TRY(b.patch_id("team_id"));
  if (b.has("category_id")) m.category_id = *TD_TRY(b.patch_id("category_id"));
  if (b.has("default_organization_id")) m.default_org_id = *TD_TRY(b.patch_id("default_organization_id"));
  return read_servers(obj, m);
}

void set_download_headers(Response& resp, const std::string& filename, bool inline_ok) {
  resp.headers.emplace_back(
      "Content-Disposition",
      content_disposition(inline_ok ? Disposition::inline_ : Disposition::attachment, filename));
  resp.headers.emplace_back("Content-Security-Policy", "default-src 'none'; img-src 'self'; sandbox");
  resp.headers.emplace_back("Cache-Control", "private, max-age=3600");
}

}  // namespace

void add_email_routes(Router& r) {
  r.add(Method::get, "/api/v1/channels/email/outbox", Access::authenticated,
        [](Services& s, Request& req) -> Result<Response> {
          std::optional<OutboxState> state;
          if (auto v = req.query_param("state"); v && !v->empty()) {
            state = parse_outbox_state(*v);
            if (!state)
              return Error::invalid_query("state", "state must be one of queued, sending, sent, failed");
          }
          int limit = TD_TRY(parse_limit(req, 100));
          auto items = TD_TRY(mail(s).outbox(req.actor(), state, limit));
          json::array out;
          for (const auto& o : items)
            out.push_back(encode_outbox(o, number_from_subject(o.subject)));
          return json_response(200, json::object{{"items", std::move(out)}});
        });
  r.add(Method::post, "/api/v1/channels/email/outbox/{id}/retry", Access::authenticated,
        [](Services& s, Request& req) -> Result<Response> {
          Id id = TD_TRY(parse_id(req.params[0], "outbox item"));
          auto o = TD_TRY(mail(s).retry_outbox(req.actor(), id));
          return json_response(200, encode_outbox(o, number_from_subject(o.subject)));
        });
  r.add(Method::get, "/api/v1/channels/email", Access::authenticated,
        [](Services& s, Request& req) -> Result<Response> {
          json::array out;
          for (const auto& m : TD_TRY(mail(s).list_mailboxes(req.actor())))
            out.push_back(encode_mailbox(m));
          return json_response(200, json::object{{"items", std::move(out)}});
        });
  r.add(Method::post, "/api/v1/channels/email", Access::authenticated,
        [](Services& s, Request& req) -> Result<Response> {
          auto body = TD_TRY(parse_mailbox_body(req.body));
          auto obj = TD_TRY(parse_json_object(req.body)).get_object();
          Mailbox m;
          TD_TRY(read_mailbox(body, obj, m));
          return json_response(201,
                               encode_mailbox(TD_TRY(mail(s).create_mailbox(req.actor(), std::move(m)))));
        });
  r.add(Method::get, "/api/v1/channels/email/{id}", Access::authenticated,
        [](Services& s, Request& req) -> Result<Response> {
          Id id = TD_TRY(parse_id(req.params[0], "mailbox"));
          return json_response(200, encode_mailbox(TD_TRY(mail(s).get_mailbox(req.actor(), id))));
        });
  r.add(Method::patch, "/api/v1/channels/email/{id}", Access::authenticated,
        [](Services& s, Request& req) -> Result<Response> {
          Id id = TD_TRY(parse_id(req.params[0], "mailbox"));
          auto body = TD_TRY(parse_mailbox_body(req.body));
          auto obj = TD_TRY(parse_json_object(req.body)).get_object();
          Mailbox m = TD_TRY(mail(s).get_mailbox(req.actor(), id));
          TD_TRY(read_mailbox(body, obj, m));
          return json_response(200,
                               encode_mailbox(TD_TRY(mail(s).update_mailbox(req.actor(), id, std::move(m)))));
        });
  r.add(Method::delete_, "/api/v1/channels/email/{id}", Access::authenticated,
        [](Services& s, Request& req) -> Result<Response> {
          Id id = TD_TRY(parse_id(req.params[0], "mailbox"));
          TD_TRY(mail(s).delete_mailbox(req.actor(), id));
          return Response::no_content();
        });
  r.add(Method::post, "/api/v1/channels/email/{id}/test", Access::authenticated,
        [](Services& s, Request& req) -> Result<Response> {
          Id id = TD_TRY(parse_id(req.params[0], "mailbox"));
          auto c = TD_TRY(mail(s).test_mailbox(req.actor(), id));
          auto enc = [](const std::optional<ConnectionCheck>& x) -> json::value {
            if (!x) return nullptr;
            return json::object{{"ok", x->ok}, {"message", x->message}};
          };
          return json_response(200, json::object{{"imap", enc(c.imap)}, {"smtp", enc(c.smtp)}});
        });
  r.add(Method::post, "/api/v1/channels/email/{id}/fetch", Access::authenticated,
        [](Services& s, Request& req) -> Result<Response> {
          Id id = TD_TRY(parse_id(req.params[0], "mailbox"));
          auto st = TD_TRY(mail(s).fetch_now(req.actor(), id));
          return json_response(200, json::object{{"fetched", st.fetched},
                                                 {"created", st.created},
                                                 {"replied", st.replied},
                                                 {"ignored", st.ignored},
                                                 {"duplicates", st.duplicates},
                                                 {"failed", st.failed}});
        });

  r.add(Method::get, "/api/v1/tickets/{id}/emails", Access::authenticated,
        [](Services& s, Request& req) -> Result<Response> {
          Id id = TD_TRY(parse_id(req.params[0], "ticket"));
          const bool staff = identity::is_agent(req.actor().role);
          json::array out;
          for (const auto& v : TD_TRY(mail(s).mails_of_ticket(req.actor(), id))) {
            json::array atts;
            for (const auto& a : v.attachments)
              atts.push_back(json::object{{"id", a.id},
                                          {"filename", a.filename},
                                          {"content_type", a.content_type},
                                          {"size", a.size},
                                          {"inline", a.inline_part},
                                          {"available", !a.sha256.empty()}});
            json::value delivery = nullptr;
            if (v.delivery)
              delivery = json::object{{"state", name(v.delivery->state)},
                                      {"last_error", v.delivery->last_error},
                                      {"sent_at", opt_time(v.delivery->sent_at)}};
            out.push_back(json::object{
                {"article_id", opt_id(v.mail.article_id)},
                {"direction", v.mail.direction == Direction::in ? "in" : "out"},
                {"from", encode_address(v.mail.from)},
                {"to", encode_addresses(v.mail.to)},
                {"cc", encode_addresses(v.mail.cc)},
                {"subject", v.mail.subject},
                {"message_id", v.mail.message_id},
                {"html", link_cids(v.mail.html, v.attachments)},
                {"attachments", std::move(atts)},
                {"delivery", std::move(delivery)},
                {"raw_url",
                 staff ? json::value(v.mail.article_id
                                         ? "/api/v1/articles/" + std::to_string(*v.mail.article_id) + "/raw"
                                         : "/api/v1/tickets/" + std::to_string(id) + "/raw")
                       : json::value(nullptr)},
                {"at", format_rfc3339(v.mail.at)}});
          }
          return json_response(200, json::object{{"items", std::move(out)}});
        });
  r.add(Method::get, "/api/v1/articles/{id}/raw", Access::authenticated,
        [](Services& s, Request& req) -> Result<Response> {
          Id id = TD_TRY(parse_id(req.params[0], "article"));
          std::string raw = TD_TRY(mail(s).raw_of_article(req.actor(), id));
          Response resp{200, "message/rfc822", std::move(raw), {}, {}};
          set_download_headers(resp, "article-" + std::to_string(id) + ".eml", false);
          return resp;
        });
  r.add(Method::get, "/api/v1/tickets/{id}/raw", Access::authenticated,
        [](Services& s, Request& req) -> Result<Response> {
          Id id = TD_TRY(parse_id(req.params[0], "ticket"));
          std::string raw = TD_TRY(mail(s).raw_of_ticket(req.actor(), id));
          Response resp{200, "message/rfc822", std::move(raw), {}, {}};
          set_download_headers(resp, "ticket-" + std::to_string(id) + ".eml", false);
          return resp;
        });
  r.add(Method::get, "/api/v1/attachments/{id}", Access::authenticated,
        [](Services& s, Request& req) -> Result<Response> {
          Id id = TD_TRY(parse_id(req.params[0], "attachment"));
          auto content = TD_TRY(mail(s).attachment(req.actor(), id));
          const std::string& ct = content.meta.content_type;
          // Only raster images are shown in the page; everything else is a download served as bytes.
          const bool image =
              ct == "image/png" || ct == "image/jpeg" || ct == "image/gif" || ct == "image/webp";
          const bool inline_ok = image && req.query_param("inline").value_or("") == "1";
          Response resp{200, image ? ct : "application/octet-stream", std::move(content.data), {}, {}};
          set_download_headers(resp, content.meta.filename, inline_ok);
          return resp;
        });
}

}  // namespace techdesk::http
