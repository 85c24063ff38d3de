#include "report/review_json.h"

#include "common/json_fields.h"
#include "report/review_rules.h"

namespace techdesk::report {

namespace json = boost::json;
using namespace json_fields;

json::object indicator_to_json(const Indicator& ind) {
  return {{"key", ind.key},
          {"name_zh", ind.name_zh},
          {"name_en", ind.name_en},
          {"group", name(ind.group)},
          {"weight", ind.weight},
          {"source", name(ind.source)},
          {"metric", ind.metric ? json::value(name(*ind.metric)) : json::value(nullptr)}};
}

json::array indicators_to_json(const std::vector<Indicator>& list) {
  json::array out;
  for (const auto& ind : list)
    out.push_back(indicator_to_json(ind));
  return out;
}

Result<std::vector<Indicator>> indicators_from_json(const json::value& v) {
  const json::array* arr = TD_TRY(as_array(v, "indicators", 30));
  std::vector<Indicator> out;
  for (std::size_t i = 0; i < arr->size(); ++i) {
    const std::string at = "indicators[" + std::to_string(i) + "]";
    const json::object* o = TD_TRY(as_object((*arr)[i], at));
    TD_TRY(only(*o, {"key", "name_zh", "name_en", "group", "weight", "source", "metric"}, at + "."));
    auto required = [&](const char* member) -> Result<const json::value*> {
      const json::value* x = find(*o, member);
      if (!x || x->is_null()) return Error::missing(at + "." + member);
      return x;
    };
    Indicator ind;
    ind.key = TD_TRY(as_string(*TD_TRY(required("key")), at + ".key"));
    ind.name_zh = TD_TRY(as_string(*TD_TRY(required("name_zh")), at + ".name_zh"));
    ind.name_en = TD_TRY(as_string(*TD_TRY(required("name_en")), at + ".name_en"));
    const std::string group = TD_TRY(as_string(*TD_TRY(required("group")), at + ".group"));
    auto g = parse_indicator_group(group);
    if (!g)
      return Error::invalid(at + ".group", at + ".group must be work_completion, skill, attitude or quality");
    ind.group = *g;
    ind.weight = static_cast<int>(TD_TRY(as_int(*TD_TRY(required("weight")), at + ".weight", 0, 100)));
    const std::string source = TD_TRY(as_string(*TD_TRY(required("source")), at + ".source"));
    auto s = parse_indicator_source(source);
    if (!s) return Error::invalid(at + ".source", at + ".source must be computed or manual");
    ind.source = *s;
    if (const json::value* m = find(*o, "metric"); m && !m->is_null()) {
      const std::string metric = TD_TRY(as_string(*m, at + ".metric"));
      ind.metric = parse_metric(metric);
      if (!ind.metric)
        return Error::invalid(
            at + ".metric", at + ".metric must be volume, resolution_rate, sla_compliance, csat, complaints, "
                                 "reopen_rate or kb_articles");
    }
    out.push_back(std::move(ind));
  }
  return out;
}

}  // namespace techdesk::report
