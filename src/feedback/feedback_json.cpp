#include "feedback/feedback_json.h"

#include "common/json_fields.h"

namespace techdesk::feedback {

namespace json = boost::json;
using namespace json_fields;

json::value settings_to_json(const Settings& s) {
  json::array policies;
  for (const auto& r : s.policies)
    policies.push_back(json::object{{"policy_id", r.policy_id},
                                    {"auto_close_working_days", r.auto_close_working_days},
                                    {"reopen_days", r.reopen_days}});
  return json::object{{"auto_close_working_days", s.auto_close_working_days},
                      {"reopen_days", s.reopen_days},
                      {"survey_valid_days", s.survey_valid_days},
                      {"callback_due_hours", s.callback_due_hours},
                      {"policies", std::move(policies)}};
}

Result<Settings> settings_from_json(const json::value& v) {
  const json::object* o = TD_TRY(as_object(v, "settings"));
  TD_TRY(only(
      *o, {"auto_close_working_days", "reopen_days", "survey_valid_days", "callback_due_hours", "policies"},
      ""));
  Settings s;
  if (auto* f = find(*o, "auto_close_working_days"))
    s.auto_close_working_days = static_cast<int>(TD_TRY(as_int(*f, "auto_close_working_days", 1, 60)));
  if (auto* f = find(*o, "reopen_days"))
    s.reopen_days = static_cast<int>(TD_TRY(as_int(*f, "reopen_days", 0, 365)));
  if (auto* f = find(*o, "survey_valid_days"))
    s.survey_valid_days = static_cast<int>(TD_TRY(as_int(*f, "survey_valid_days", 1, 365)));
  if (auto* f = find(*o, "callback_due_hours"))
    s.callback_due_hours = static_cast<int>(TD_TRY(as_int(*f, "callback_due_hours", 1, 720)));
  if (auto* f = find(*o, "policies")) {
    const json::array* arr = TD_TRY(as_array(*f, "policies", 200));
    for (std::size_t i = 0; i < arr->size(); ++i) {
      const std::string at = "policies[" + std::to_string(i) + "]";
      const json::object* p = TD_TRY(as_object((*arr)[i], at));
      TD_TRY(only(*p, {"policy_id", "auto_close_working_days", "reopen_days"}, at + "."));
      ClosingRule r;
      auto* id = find(*p, "policy_id");
      if (!id) return Error::missing(at + ".policy_id");
      r.policy_id = TD_TRY(as_int(*id, at + ".policy_id", 1, INT64_MAX));
      r.auto_close_working_days = s.auto_close_working_days;
      r.reopen_days = s.reopen_days;
      if (auto* d = find(*p, "auto_close_working_days"))
        r.auto_close_working_days =
            static_cast<int>(TD_TRY(as_int(*d, at + ".auto_close_working_days", 1, 60)));
      if (auto* d = find(*p, "reopen_days"))
        r.reopen_days = static_cast<int>(TD_TRY(as_int(*d, at + ".reopen_days", 0, 365)));
      s.policies.push_back(r);
    }
  }
  return s;
}

json::array form_to_json(const std::vector<FormField>& fields) {
  json::array out;
  for (const auto& f : fields)
    out.push_back(json::object{{"key", f.key},
                               {"label", f.label},
                               {"label_en", f.label_en},
                               {"required", f.required},
                               {"multiline", f.multiline}});
  return out;
}

Result<std::vector<FormField>> form_from_json(const json::value& v) {
  const json::array* arr = TD_TRY(as_array(v, "fields", 30));
  std::vector<FormField> out;
  for (std::size_t i = 0; i < arr->size(); ++i) {
    const std::string at = "fields[" + std::to_string(i) + "]";
    const json::object* o = TD_TRY(as_object((*arr)[i], at));
    TD_TRY(only(*o, {"key", "label", "label_en", "required", "multiline"}, at + "."));
    FormField f;
    auto* key = find(*o, "key");
    if (!key) return Error::missing(at + ".key");
    f.key = TD_TRY(as_string(*key, at + ".key"));
    auto* label = find(*o, "label");
    if (!label) return Error::missing(at + ".label");
    f.label = TD_TRY(as_string(*label, at + ".label"));
    if (auto* x = find(*o, "label_en")) f.label_en = TD_TRY(as_string(*x, at + ".label_en"));
    if (auto* x = find(*o, "required")) f.required = TD_TRY(as_bool(*x, at + ".required"));
    if (auto* x = find(*o, "multiline")) f.multiline = TD_TRY(as_bool(*x, at + ".multiline"));
    out.push_back(std::move(f));
  }
  return out;
}

}  // namespace techdesk::feedback
