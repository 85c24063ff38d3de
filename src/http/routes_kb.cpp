// Knowledge base and search routes: /api/v1/kb/…, /api/v1/search, /api/v1/tickets/{id}/kb-articles.
#include <boost/json.hpp>
#include <charconv>

#include "common/json_fields.h"
#include "common/time.h"
#include "http/handler_util.h"
#include "http/router.h"
#include "kb/kb_service.h"
#include "kb/markdown.h"
#include "search/search_service.h"

namespace techdesk::http {

namespace {

namespace json = boost::json;
using namespace kb;

json::value opt_id(const std::optional<Id>& id) {
  return id ? json::value(*id) : json::value(nullptr);
}
json::value opt_time(const std::optional<Timestamp>& t) {
  return t ? json::value(format_rfc3339(*t)) : json::value(nullptr);
}

json::array string_array(const std::vector<std::string>& v) {
  json::array out;
  for (const auto& s : v)
    out.push_back(json::value(s));
  return out;
}

json::object encode_attachment(const KbAttachment& a) {
  return {{"id", a.id},
          {"filename", a.filename},
          {"content_type", a.content_type},
          {"size", a.size},
          {"url", "/api/v1/kb/attachments/" + std::to_string(a.id)}};
}

json::object encode_summary(const KbArticle& a) {
  return {
      {"id", a.id},
      {"title", a.title},
      {"category_id", opt_id(a.category_id)},
      {"tags", string_array(a.tags)},
      {"visibility", name(a.visibility)},
      {"state", name(a.state)},
      {"version", a.version},
      {"published_version", a.published_version ? json::value(*a.published_version) : json::value(nullptr)},
      {"author_id", a.author_id},
      {"author_name", a.author_name},
      {"views", a.views},
      {"helpful", a.helpful},
      {"not_helpful", a.not_helpful},
      {"created_at", format_rfc3339(a.created_at)},
      {"updated_at", format_rfc3339(a.updated_at)},
      {"published_at", opt_time(a.published_at)}};
}

json::object encode_article(const ArticleView& v) {
  json::object o = encode_summary(v.article);
  const auto& a = v.article;
  o["body"] = a.body;
  o["html"] = v.html;
  o["reviewer_id"] = opt_id(a.reviewer_id);
  o["review_note"] = a.review_note;
  o["source_ticket_id"] = opt_id(a.source_ticket_id);
  o["my_feedback"] = v.my_feedback ? json::value(*v.my_feedback) : json::value(nullptr);
  o["deflections"] = v.deflections;
  json::array atts;
  for (const auto& x : v.attachments)
    atts.push_back(encode_attachment(x));
  o["attachments"] = std::move(atts);
  json::array tickets;
  for (const auto& t : v.tickets)
    tickets.push_back(json::object{{"id", t.id}, {"number", t.number}, {"subject", t.subject}});
  o["tickets"] = std::move(tickets);
  o["can_edit"] = v.can_edit;
  o["can_review"] = v.can_review;
  return o;
}

json::object encode_result(const search::SearchResult& r) {
  json::object o{
      {"type", r.type}, {"id", r.id}, {"title", r.title}, {"snippet", r.snippet}, {"score", r.score}};
  if (!r.number.empty()) o["number"] = r.number;
  if (!r.state.empty()) o["state"] = r.state;
  return o;
}

json::array encode_results(const std::vector<search::SearchResult>& v) {
  json::array out;
  for (const auto& r : v)
    out.push_back(encode_result(r));
  return out;
}

Result<int> query_int(const Request& req, const char* name, int fallback, int lo, int hi) {
  auto v = req.query_param(name);
  if (!v || v->empty()) return fallback;
  int n = 0;
  auto [p, ec] = std::from_chars(v->data(), v->data() + v->size(), n);
  if (ec != std::errc{} || p != v->data() + v->size() || n < lo || n > hi)
    return Error::invalid_query(name, std::string(name) + " must be an integer from " + std::to_string(lo) +
                                          " to " + std::to_string(hi));
  return n;
}

Result<int> parse_version(std::string_view segment) {
  int n = 0;
  auto [p, ec] = std::from_chars(segment.data(), segment.data() + segment.size(), n);
  if (ec != std::errc{} || p != segment.data() + segment.size() || n < 1) return Error::not_found("version");
  return n;
}

Result<std::optional<std::vector<std::string>>> optional_tags(const json::object& o) {
  auto* v = json_fields::find(o, "tags");
  if (!v) return std::optional<std::vector<std::string>>{};
  const json::array* arr = TD_TRY(json_fields::as_array(*v, "tags", k_max_tags));
  std::vector<std::string> out;
  for (std::size_t i = 0; i < arr->size(); ++i)
    out.push_back(TD_TRY(json_fields::as_string((*arr)[i], "tags[" + std::to_string(i) + "]")));
  return std::optional<std::vector<std::string>>{std::move(out)};
}

Result<std::optional<Visibility>> optional_visibility(const json::object& o) {
  auto* v = json_fields::find(o, "visibility");
  if (!v) return std::optional<Visibility>{};
  auto s = TD_TRY(json_fields::as_string(*v, "visibility"));
  auto vis = parse_visibility(s);
  if (!vis) return Error::invalid("visibility", "visibility must be internal or public");
  return vis;
}

Response article_response(int status, const ArticleView& v) {
  return json_response(status, encode_article(v));
}

}  // namespace

void add_kb_routes(Router& r) {
  // ---- search ----
  r.add(Method::get, "/api/v1/search", Access::authenticated,
        [](Services& s, Request& req) -> Result<Response> {
          std::string q = query_string(req, "q");
          auto type = req.query_param("type");
          std::optional<std::string_view> t;
          if (type && !type->empty()) t = *type;
          int limit = TD_TRY(query_int(req, "limit", 20, 1, search::k_max_search_limit));
          auto answer = TD_TRY(s.search->search(req.actor(), q, t, limit));
          return json_response(
              200, json::object{{"results", encode_results(answer.results)}, {"relaxed", answer.relaxed}});
        });
  r.add(Method::get, "/api/v1/kb/suggest", Access::authenticated,
        [](Services& s, Request& req) -> Result<Response> {
          int limit = TD_TRY(query_int(req, "limit", 5, 1, 20));
          auto sug = TD_TRY(s.search->suggest(req.actor(), query_string(req, "q"), limit));
          return json_response(200, json::object{{"articles", encode_results(sug.articles)},
                                                 {"tickets", encode_results(sug.tickets)}});
        });
  r.add(Method::post, "/api/v1/kb/deflections", Access::authenticated,
        [](Services& s, Request& req) -> Result<Response> {
          auto b = TD_TRY(BodyReader::parse(req.body, {"article_id", "query"}));
          auto article = TD_TRY(b.optional_id("article_id"));
          if (!article) return Error::missing("article_id");
          auto query = TD_TRY(b.optional_string("query")).value_or("");
          Id id = TD_TRY(s.kb->deflect(req.actor(), *article, query));
          return json_response(201, json::object{{"id", id}, {"article_id", *article}});
        });

  // ---- articles ----
  r.add(Method::get, "/api/v1/kb/articles", Access::authenticated,
        [](Services& s, Request& req) -> Result<Response> {
          KbListQuery q;
          q.text = query_string(req, "q");
          if (auto v = req.query_param("state"); v && !v->empty()) {
            q.state = parse_article_state(*v);
            if (!q.state)
              return Error::invalid_query("state", "state must be draft, review, published or archived");
          }
          if (auto v = req.query_param("visibility"); v && !v->empty()) {
            q.visibility = parse_visibility(*v);
            if (!q.visibility)
              return Error::invalid_query("visibility", "visibility must be internal or public");
          }
          q.category_id = TD_TRY(query_id(req, "category_id"));
          if (auto v = req.query_param("tag"); v && !v->empty()) q.tag = std::string(*v);
          q.limit = TD_TRY(query_int(req, "limit", 50, 1, 200));
          q.offset = TD_TRY(query_int(req, "offset", 0, 0, 1000000));
          auto page = TD_TRY(s.kb->list(req.actor(), q));
          json::array items;
          for (const auto& a : page.articles) {
            auto o = encode_summary(a);
            std::string excerpt = a.body.substr(0, 300);
            while (!excerpt.empty() && (static_cast<unsigned char>(excerpt.back()) & 0xC0) == 0x80)
              excerpt.pop_back();  // never cut a character in two
            if (!excerpt.empty() && static_cast<unsigned char>(excerpt.back()) >= 0xC0) excerpt.pop_back();
            o["excerpt"] = excerpt;
            items.push_back(std::move(o));
          }
          return json_response(200, json::object{{"articles", std::move(items)}, {"total", page.total}});
        });
  r.add(Method::post, "/api/v1/kb/articles", Access::authenticated,
        [](Services& s, Request& req) -> Result<Response> {
          auto doc = TD_TRY(parse_json_object(req.body));
          const json::object& o = doc.as_object();
          TD_TRY(json_fields::only(
              o, {"title", "body", "category_id", "tags", "visibility", "source_ticket_id"}, ""));
          auto b = TD_TRY(BodyReader::parse(
              req.body, {"title", "body", "category_id", "tags", "visibility", "source_ticket_id"}));
          NewArticle in;
          in.title = TD_TRY(b.required_string("title"));
          in.body = TD_TRY(b.optional_string("body")).value_or("");
          in.category_id = TD_TRY(b.optional_id("category_id"));
          in.tags = TD_TRY(optional_tags(o)).value_or(std::vector<std::string>{});
          in.visibility = TD_TRY(optional_visibility(o)).value_or(Visibility::internal);
          in.source_ticket_id = TD_TRY(b.optional_id("source_ticket_id"));
          return article_response(201, TD_TRY(s.kb->create(req.actor(), in)));
        });
  r.add(Method::get, "/api/v1/kb/articles/from-ticket/{id}", Access::authenticated,
        [](Services& s, Request& req) -> Result<Response> {
          Id id = TD_TRY(parse_id(req.params[0], "ticket"));
          auto d = TD_TRY(s.kb->draft_from_ticket(req.actor(), id));
          return json_response(200, json::object{{"title", d.title},
                                                 {"body", d.body},
                                                 {"category_id", opt_id(d.category_id)},
                                                 {"source_ticket_id", d.source_ticket_id}});
        });
  r.add(Method::get, "/api/v1/kb/articles/{id}", Access::authenticated,
        [](Services& s, Request& req) -> Result<Response> {
          Id id = TD_TRY(parse_id(req.params[0], "article"));
          return article_response(200, TD_TRY(s.kb->get(req.actor(), id)));
        });
  r.add(Method::patch, "/api/v1/kb/articles/{id}", Access::authenticated,
        [](Services& s, Request& req) -> Result<Response> {
          Id id = TD_TRY(parse_id(req.params[0], "article"));
          auto doc = TD_TRY(parse_json_object(req.body));
          const json::object& o = doc.as_object();
          auto b = TD_TRY(BodyReader::parse(
              req.body, {"title", "body", "category_id", "tags", "visibility", "version", "note"}));
          ArticlePatch p;
          p.title = TD_TRY(b.optional_string("title"));
          p.body = TD_TRY(b.optional_string("body"));
          p.category_id = TD_TRY(b.patch_id("category_id"));
          p.tags = TD_TRY(optional_tags(o));
          p.visibility = TD_TRY(optional_visibility(o));
          p.version = TD_TRY(b.optional_int("version"));
          p.note = TD_TRY(b.optional_string("note")).value_or("");
          return article_response(200, TD_TRY(s.kb->update(req.actor(), id, p)));
        });
  auto transition = [&r](const char* path,
                         Result<ArticleView> (KbService::*fn)(const identity::Principal&, Id)) {
    r.add(Method::post, path, Access::authenticated, [fn](Services& s, Request& req) -> Result<Response> {
      Id id = TD_TRY(parse_id(req.params[0], "article"));
      if (!req.body.empty()) TD_TRY(BodyReader::parse(req.body, {}));
      return article_response(200, TD_TRY((s.kb->*fn)(req.actor(), id)));
    });
  };
  transition("/api/v1/kb/articles/{id}/submit", &KbService::submit);
  transition("/api/v1/kb/articles/{id}/publish", &KbService::publish);
  transition("/api/v1/kb/articles/{id}/archive", &KbService::archive);
  r.add(Method::post, "/api/v1/kb/articles/{id}/reject", Access::authenticated,
        [](Services& s, Request& req) -> Result<Response> {
          Id id = TD_TRY(parse_id(req.params[0], "article"));
          auto b = TD_TRY(BodyReader::parse(req.body, {"reason"}));
          auto reason = TD_TRY(b.required_string("reason"));
          return article_response(200, TD_TRY(s.kb->reject(req.actor(), id, reason)));
        });
  r.add(Method::get, "/api/v1/kb/articles/{id}/versions", Access::authenticated,
        [](Services& s, Request& req) -> Result<Response> {
          Id id = TD_TRY(parse_id(req.params[0], "article"));
          json::array items;
          for (const auto& v : TD_TRY(s.kb->versions(req.actor(), id)))
            items.push_back(json::object{{"version", v.version},
                                         {"title", v.title},
                                         {"author_id", v.author_id},
                                         {"author_name", v.author_name},
                                         {"note", v.note},
                                         {"created_at", format_rfc3339(v.created_at)}});
          return json_response(200, json::object{{"versions", std::move(items)}});
        });
  r.add(Method::get, "/api/v1/kb/articles/{id}/versions/{v}", Access::authenticated,
        [](Services& s, Request& req) -> Result<Response> {
          Id id = TD_TRY(parse_id(req.params[0], "article"));
          int v = TD_TRY(parse_version(req.params[1]));
          auto x = TD_TRY(s.kb->version(req.actor(), id, v));
          return json_response(200, json::object{{"version", x.version},
                                                 {"title", x.title},
                                                 {"body", x.body},
                                                 {"html", render_markdown(x.body)},
                                                 {"author_name", x.author_name},
                                                 {"note", x.note},
                                                 {"created_at", format_rfc3339(x.created_at)}});
        });
  r.add(Method::post, "/api/v1/kb/articles/{id}/versions/{v}/restore", Access::authenticated,
        [](Services& s, Request& req) -> Result<Response> {
          Id id = TD_TRY(parse_id(req.params[0], "article"));
          int v = TD_TRY(parse_version(req.params[1]));
          return article_response(200, TD_TRY(s.kb->restore(req.actor(), id, v)));
        });
  r.add(Method::get, "/api/v1/kb/articles/{id}/diff", Access::authenticated,
        [](Services& s, Request& req) -> Result<Response> {
          Id id = TD_TRY(parse_id(req.params[0], "article"));
          int from = TD_TRY(query_int(req, "from", 0, 1, 1000000));
          int to = TD_TRY(query_int(req, "to", 0, 1, 1000000));
          if (from == 0) return Error::missing("from");
          if (to == 0) return Error::missing("to");
          auto d = TD_TRY(s.kb->diff(req.actor(), id, from, to));
          json::array lines;
          for (const auto& l : d.lines)
            lines.push_back(json::object{{"op", name(l.op)}, {"text", l.text}});
          return json_response(200, json::object{{"from", d.from},
                                                 {"to", d.to},
                                                 {"title_from", d.title_from},
                                                 {"title_to", d.title_to},
                                                 {"lines", std::move(lines)}});
        });
  r.add(Method::post, "/api/v1/kb/articles/{id}/feedback", Access::authenticated,
        [](Services& s, Request& req) -> Result<Response> {
          Id id = TD_TRY(parse_id(req.params[0], "article"));
          auto b = TD_TRY(BodyReader::parse(req.body, {"helpful"}));
          auto helpful = TD_TRY(b.optional_bool("helpful"));
          if (!helpful) return Error::missing("helpful");
          auto [yes, no] = TD_TRY(s.kb->feedback(req.actor(), id, *helpful));
          return json_response(200, json::object{{"helpful", yes}, {"not_helpful", no}});
        });
  r.add(Method::post, "/api/v1/kb/articles/{id}/view", Access::authenticated,
        [](Services& s, Request& req) -> Result<Response> {
          Id id = TD_TRY(parse_id(req.params[0], "article"));
          TD_TRY(s.kb->view(req.actor(), id));
          return Response::no_content();
        });
  r.add(Method::post, "/api/v1/kb/articles/{id}/tickets", Access::authenticated,
        [](Services& s, Request& req) -> Result<Response> {
          Id id = TD_TRY(parse_id(req.params[0], "article"));
          auto b = TD_TRY(BodyReader::parse(req.body, {"ticket_id"}));
          auto ticket = TD_TRY(b.optional_id("ticket_id"));
          if (!ticket) return Error::missing("ticket_id");
          TD_TRY(s.kb->link_ticket(req.actor(), id, *ticket));
          return Response::no_content();
        });
  r.add(Method::delete_, "/api/v1/kb/articles/{id}/tickets/{ticket}", Access::authenticated,
        [](Services& s, Request& req) -> Result<Response> {
          Id id = TD_TRY(parse_id(req.params[0], "article"));
          Id ticket = TD_TRY(parse_id(req.params[1], "link"));
          TD_TRY(s.kb->unlink_ticket(req.actor(), id, ticket));
          return Response::no_content();
        });
  r.add(Method::get, "/api/v1/tickets/{id}/kb-articles", Access::authenticated,
        [](Services& s, Request& req) -> Result<Response> {
          Id id = TD_TRY(parse_id(req.params[0], "ticket"));
          json::array items;
          for (const auto& a : TD_TRY(s.kb->articles_of_ticket(req.actor(), id)))
            items.push_back(encode_summary(a));
          return json_response(200, json::object{{"articles", std::move(items)}});
        });

  // ---- files ----
  r.add_upload(Method::post, "/api/v1/kb/articles/{id}/attachments", Access::authenticated,
               [](Services& s, Request& req) -> Result<Response> {
                 Id id = TD_TRY(parse_id(req.params[0], "article"));
                 auto filename = req.query_param("filename");
                 if (!filename || filename->empty())
                   return Error::invalid_query("filename", "filename is required");
                 auto att = TD_TRY(s.kb->add_attachment(req.actor(), id, std::string(*filename),
                                                        req.content_type, req.body));
                 return json_response(201, encode_attachment(att));
               });
  r.add(Method::get, "/api/v1/kb/attachments/{id}", Access::authenticated,
        [](Services& s, Request& req) -> Result<Response> {
          Id id = TD_TRY(parse_id(req.params[0], "attachment"));
          auto [att, data] = TD_TRY(s.kb->attachment(req.actor(), id));
          Response resp{200, att.content_type, std::move(data), {}, {}};
          const bool inline_ok = att.content_type.rfind("image/", 0) == 0;
          resp.headers.emplace_back(
              "Content-Disposition",
              content_disposition(inline_ok ? Disposition::inline_ : Disposition::attachment, att.filename));
          resp.headers.emplace_back("Content-Security-Policy", "default-src 'none'; sandbox");
          resp.headers.emplace_back("Cache-Control", "private, max-age=3600");
          return resp;
        });
  r.add(Method::delete_, "/api/v1/kb/articles/{id}/attachments/{att}", Access::authenticated,
        [](Services& s, Request& req) -> Result<Response> {
          Id id = TD_TRY(parse_id(req.params[0], "article"));
          Id att = TD_TRY(parse_id(req.params[1], "attachment"));
          TD_TRY(s.kb->delete_attachment(req.actor(), id, att));
          return Response::no_content();
        });
}

}  // namespace techdesk::http
