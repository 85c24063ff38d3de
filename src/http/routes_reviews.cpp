// Performance reviews: cycles, scorecards, manual items, self-assessment, publication, appeals, warnings.
#include <boost/json.hpp>

#include "common/json_fields.h"
#include "common/time.h"
#include "http/handler_util.h"
#include "http/report_export.h"
#include "http/router.h"
#include "report/report_tables.h"
#include "report/review_json.h"
#include "report/review_rules.h"
#include "report/review_service.h"

namespace techdesk::http {

namespace {

namespace json = boost::json;
using namespace report;

json::value opt_time(const std::optional<Timestamp>& t) {
  return t ? json::value(format_rfc3339(*t)) : json::value(nullptr);
}
// A score in tenths or points in thousandths as a JSON number: an integer when it is whole (80, not 8E1).
json::value fixed(std::int64_t v, std::int64_t unit) {
  if (v % unit == 0) return json::value(v / unit);
  return json::value(static_cast<double>(v) / static_cast<double>(unit));
}
json::value tenths(const std::optional<int>& t) {
  return t ? fixed(*t, 10) : json::value(nullptr);
}
json::value milli(std::int64_t m) {
  return fixed(m, 1000);
}
json::object person(const PersonRef& p) {
  return {{"id", p.id}, {"name", p.name}};
}

json::object encode_cycle(const CycleView& v) {
  const Cycle& c = v.cycle;
  return {{"id", c.id},
          {"month", c.month},
          {"state", name(v.state)},
          {"indicators", indicators_to_json(c.indicators)},
          {"appeal_days", c.appeal_days},
          {"published_at", opt_time(c.published_at)},
          {"appeal_until", opt_time(c.appeal_until)},
          {"created_at", format_rfc3339(c.created_at)},
          {"computed_at", opt_time(c.computed_at)}};
}

json::object encode_appeal(const Appeal& a) {
  return {{"id", a.id},
          {"item", a.item_key},
          {"reason", a.reason},
          {"state", name(a.state)},
          {"answer", a.state == AppealState::answered ? json::value(a.answer) : json::value(nullptr)},
          {"old_score", tenths(a.old_score_tenths)},
          {"new_score", tenths(a.new_score_tenths)},
          {"created_at", format_rfc3339(a.created_at)},
          {"answered_at", opt_time(a.answered_at)}};
}

json::object encode_item(const ItemView& v, bool hidden) {
  json::object o = indicator_to_json(v.indicator);
  const ScoreItem& i = v.item;
  const bool shown = !hidden && i.score_tenths.has_value();
  json::value value = nullptr;
  if (!hidden)
    if (auto x = metric_value(v.indicator.metric, i.num, i.den)) value = *x;
  o["value"] = std::move(value);
  o["score"] = shown ? tenths(i.score_tenths) : json::value(nullptr);
  o["weighted"] = shown ? milli(weighted_milli(*i.score_tenths, v.indicator.weight)) : json::value(nullptr);
  o["note"] = i.note;
  o["explain"] =
      hidden ? json::value(nullptr) : json::value(json::object{{"zh", i.explain_zh}, {"en", i.explain_en}});
  return o;
}

json::object encode_card(const CardView& v, bool with_items) {
  json::object o{{"id", v.card.id},
                 {"cycle_id", v.card.cycle_id},
                 {"month", v.month},
                 {"engineer", person(v.engineer)},
                 {"team", v.team ? json::value(person(*v.team)) : json::value(nullptr)},
                 {"total", v.hidden ? json::value(nullptr) : milli(v.card.total_milli)},
                 {"rank", v.rank ? json::value(*v.rank) : json::value(nullptr)},
                 {"of", v.of},
                 {"bottom20", v.bottom20},
                 {"state", name(v.state)},
                 {"self_assessment",
                  v.card.self_assessment ? json::value(*v.card.self_assessment) : json::value(nullptr)}};
  if (with_items) {
    json::array items;
    for (const auto& i : v.items)
      items.push_back(encode_item(i, v.hidden));
    o["items"] = std::move(items);
  }
  json::array appeals;
  for (const auto& a : v.appeals)
    appeals.push_back(encode_appeal(a));
  o["appeals"] = std::move(appeals);
  return o;
}

Result<ReviewService*> service(Services& s) {
  if (!s.reviews) return Error{Errc::unavailable, "performance reviews are not configured", {}};
  return s.reviews;
}

// The indicators of a request body, when given (null counts as not given).
Result<std::optional<std::vector<Indicator>>> body_indicators(const std::string& raw) {
  auto doc = TD_TRY(parse_json_object(raw));
  const json::value* v = json_fields::find(doc.get_object(), "indicators");
  if (!v || v->is_null()) return std::optional<std::vector<Indicator>>{};
  return std::optional<std::vector<Indicator>>{TD_TRY(indicators_from_json(*v))};
}

// A number (integer or decimal) of the body; none when absent or null.
Result<std::optional<double>> body_number(const std::string& raw, const char* field) {
  auto doc = TD_TRY(parse_json_object(raw));
  const json::value* v = json_fields::find(doc.get_object(), field);
  if (!v || v->is_null()) return std::optional<double>{};
  if (v->is_int64()) return std::optional<double>{static_cast<double>(v->get_int64())};
  if (v->is_uint64()) return std::optional<double>{static_cast<double>(v->get_uint64())};
  if (v->is_double()) return std::optional<double>{v->get_double()};
  return Error::invalid(field, std::string(field) + " must be a number from 0 to 100");
}

}  // namespace

void add_review_routes(Router& r) {
  // ---- cycles ----
  r.add(Method::get, "/api/v1/reviews/cycles", Access::authenticated,
        [](Services& s, Request& req) -> Result<Response> {
          auto* svc = TD_TRY(service(s));
          json::array out;
          for (const auto& c : TD_TRY(svc->cycles(req.actor())))
            out.push_back(encode_cycle(c));
          return json_response(200, json::object{{"cycles", std::move(out)}});
        });
  r.add(Method::post, "/api/v1/reviews/cycles", Access::authenticated,
        [](Services& s, Request& req) -> Result<Response> {
          auto* svc = TD_TRY(service(s));
          auto body = TD_TRY(BodyReader::parse(req.body, {"month", "indicators", "appeal_days"}));
          NewCycle in;
          in.month = TD_TRY(body.required_string("month"));
          in.indicators = TD_TRY(body_indicators(req.body));
          in.appeal_days = TD_TRY(body.optional_int("appeal_days"));
          return json_response(201, encode_cycle(TD_TRY(svc->create_cycle(req.actor(), std::move(in)))));
        });
  r.add(Method::get, "/api/v1/reviews/cycles/{id}", Access::authenticated,
        [](Services& s, Request& req) -> Result<Response> {
          auto* svc = TD_TRY(service(s));
          Id id = TD_TRY(parse_id(req.params[0], "review cycle"));
          return json_response(200, encode_cycle(TD_TRY(svc->cycle(req.actor(), id))));
        });
  r.add(Method::put, "/api/v1/reviews/cycles/{id}", Access::authenticated,
        [](Services& s, Request& req) -> Result<Response> {
          auto* svc = TD_TRY(service(s));
          Id id = TD_TRY(parse_id(req.params[0], "review cycle"));
          auto body = TD_TRY(BodyReader::parse(req.body, {"indicators", "appeal_days"}));
          CycleChange in;
          in.indicators = TD_TRY(body_indicators(req.body));
          in.appeal_days = TD_TRY(body.optional_int("appeal_days"));
          return json_response(200, encode_cycle(TD_TRY(svc->update_cycle(req.actor(), id, std::move(in)))));
        });
  r.add(Method::post, "/api/v1/reviews/cycles/{id}/compute", Access::authenticated,
        [](Services& s, Request& req) -> Result<Response> {
          auto* svc = TD_TRY(service(s));
          Id id = TD_TRY(parse_id(req.params[0], "review cycle"));
          return json_response(200, encode_cycle(TD_TRY(svc->compute(req.actor(), id))));
        });
  r.add(Method::post, "/api/v1/reviews/cycles/{id}/publish", Access::authenticated,
        [](Services& s, Request& req) -> Result<Response> {
          auto* svc = TD_TRY(service(s));
          Id id = TD_TRY(parse_id(req.params[0], "review cycle"));
          return json_response(200, encode_cycle(TD_TRY(svc->publish(req.actor(), id))));
        });
  r.add(Method::get, "/api/v1/reviews/cycles/{id}/scorecards", Access::authenticated,
        [](Services& s, Request& req) -> Result<Response> {
          auto* svc = TD_TRY(service(s));
          Id id = TD_TRY(parse_id(req.params[0], "review cycle"));
          auto cards = TD_TRY(svc->scorecards(req.actor(), id));
          json::array out, bottom;
          for (const auto& c : cards.cards)
            out.push_back(encode_card(c, false));
          for (Id b : cards.bottom)
            bottom.emplace_back(b);
          return json_response(200,
                               json::object{{"scorecards", std::move(out)}, {"bottom", std::move(bottom)}});
        });

  // A cycle's ranking as a file, for whoever may see the ranking (the same cards as the list above).
  for (bool xlsx : {true, false}) {
    r.add(Method::get, xlsx ? "/api/v1/reports/scorecards.xlsx" : "/api/v1/reports/scorecards.csv",
          Access::authenticated, [xlsx](Services& s, Request& req) -> Result<Response> {
            auto* svc = TD_TRY(service(s));
            auto id = TD_TRY(query_id(req, "cycle"));
            if (!id) return Error::invalid_query("cycle", "cycle is required: the review cycle's id");
            auto cards = TD_TRY(svc->scorecards(req.actor(), *id));
            // Every card carries its cycle's month; a cycle not computed yet has none to carry it.
            const std::string month = cards.cards.empty() ? TD_TRY(svc->cycle(req.actor(), *id)).cycle.month
                                                          : cards.cards.front().month;
            return export_table(scorecard_table(cards, month), xlsx, query_lang(req), "scorecards_" + month);
          });
  }

  // ---- scorecards ----
  r.add(Method::get, "/api/v1/reviews/mine", Access::authenticated,
        [](Services& s, Request& req) -> Result<Response> {
          auto* svc = TD_TRY(service(s));
          std::optional<std::string> month;
          if (auto m = req.query_param("month"); m && !m->empty()) {
            month = std::string(*m);
            if (!check_month(*month))
              return Error::invalid_query("month", "month must be a month as YYYY-MM, e.g. 2026-11");
          }
          return json_response(200, encode_card(TD_TRY(svc->mine(req.actor(), month)), true));
        });
  r.add(Method::get, "/api/v1/reviews/scorecards/{id}", Access::authenticated,
        [](Services& s, Request& req) -> Result<Response> {
          auto* svc = TD_TRY(service(s));
          Id id = TD_TRY(parse_id(req.params[0], "scorecard"));
          return json_response(200, encode_card(TD_TRY(svc->scorecard(req.actor(), id)), true));
        });
  r.add(Method::put, "/api/v1/reviews/scorecards/{id}/items/{key}", Access::authenticated,
        [](Services& s, Request& req) -> Result<Response> {
          auto* svc = TD_TRY(service(s));
          Id id = TD_TRY(parse_id(req.params[0], "scorecard"));
          auto body = TD_TRY(BodyReader::parse(req.body, {"score", "note"}));
          auto score = TD_TRY(body_number(req.body, "score"));
          if (!score) return Error::missing("score");
          auto note = TD_TRY(body.optional_string("note"));
          return json_response(
              200, encode_card(TD_TRY(svc->score_item(req.actor(), id, req.params[1], *score, note)), true));
        });
  r.add(Method::put, "/api/v1/reviews/scorecards/{id}/self", Access::authenticated,
        [](Services& s, Request& req) -> Result<Response> {
          auto* svc = TD_TRY(service(s));
          Id id = TD_TRY(parse_id(req.params[0], "scorecard"));
          auto body = TD_TRY(BodyReader::parse(req.body, {"text"}));
          auto text = TD_TRY(body.optional_string("text"));
          if (!text) return Error::missing("text");
          return json_response(
              200, encode_card(TD_TRY(svc->self_assess(req.actor(), id, std::move(*text))), true));
        });

  // ---- appeals ----
  r.add(Method::post, "/api/v1/reviews/scorecards/{id}/appeals", Access::authenticated,
        [](Services& s, Request& req) -> Result<Response> {
          auto* svc = TD_TRY(service(s));
          Id id = TD_TRY(parse_id(req.params[0], "scorecard"));
          auto body = TD_TRY(BodyReader::parse(req.body, {"item", "reason"}));
          auto item = TD_TRY(body.optional_string("item")).value_or("");
          auto reason = TD_TRY(body.optional_string("reason")).value_or("");
          return json_response(201,
                               encode_appeal(TD_TRY(svc->appeal(req.actor(), id, item, std::move(reason)))));
        });
  r.add(Method::post, "/api/v1/reviews/appeals/{id}/answer", Access::authenticated,
        [](Services& s, Request& req) -> Result<Response> {
          auto* svc = TD_TRY(service(s));
          Id id = TD_TRY(parse_id(req.params[0], "appeal"));
          auto body = TD_TRY(BodyReader::parse(req.body, {"answer", "score"}));
          auto text = TD_TRY(body.optional_string("answer")).value_or("");
          auto score = TD_TRY(body_number(req.body, "score"));
          return json_response(200,
                               encode_appeal(TD_TRY(svc->answer(req.actor(), id, std::move(text), score))));
        });

  // ---- the bottom 20 % and warnings ----
  r.add(Method::get, "/api/v1/reviews/warnings", Access::authenticated,
        [](Services& s, Request& req) -> Result<Response> {
          auto* svc = TD_TRY(service(s));
          std::optional<std::string> quarter;
          if (auto q = req.query_param("quarter"); q && !q->empty()) quarter = std::string(*q);
          auto rep = TD_TRY(svc->warnings(req.actor(), quarter));
          json::array bottom, warnings;
          for (const auto& b : rep.bottom)
            bottom.push_back(json::object{
                {"engineer", person(b.engineer)}, {"average", milli(b.average_milli)}, {"rank", b.rank}});
          for (const auto& w : rep.warnings) {
            json::array quarters;
            for (const auto& q : w.quarters)
              quarters.emplace_back(q);
            warnings.push_back(
                json::object{{"engineer", person(w.engineer)}, {"quarters", std::move(quarters)}});
          }
          return json_response(200, json::object{{"quarter", rep.quarter},
                                                 {"bottom", std::move(bottom)},
                                                 {"warnings", std::move(warnings)}});
        });
}

}  // namespace techdesk::http
