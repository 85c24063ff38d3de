#include "feedback/rules.h"

#include <algorithm>
#include <array>
#include <set>

#include "common/text.h"

namespace techdesk::feedback {

using namespace std::chrono_literals;

namespace {

bool valid_key(std::string_view k) {
  if (k.empty() || k.size() > 40) return false;
  return std::all_of(k.begin(), k.end(),
                     [](char c) { return (c >= 'a' && c <= 'z') || (c >= '0' && c <= '9') || c == '_'; });
}

}  // namespace

Result<void> validate_form(const std::vector<FormField>& fields) {
  if (fields.size() > 30) return Error::invalid("fields", "a form has at most 30 fields");
  std::set<std::string> seen;
  for (std::size_t i = 0; i < fields.size(); ++i) {
    const auto& f = fields[i];
    const std::string at = "fields[" + std::to_string(i) + "]";
    if (!valid_key(f.key))
      return Error::invalid(at + ".key", "a field key is 1–40 characters of a–z, 0–9 and _");
    if (!seen.insert(f.key).second) return Error::invalid(at + ".key", "the key " + f.key + " is repeated");
    if (trim(f.label).empty() || utf8_length(f.label) > 100)
      return Error::invalid(at + ".label", "a label is 1–100 characters");
    if (utf8_length(f.label_en) > 100)
      return Error::invalid(at + ".label_en", "a label is at most 100 characters");
  }
  return ok();
}

std::optional<CategoryForm> form_for(Id category, const std::map<Id, std::vector<FormField>>& forms,
                                     const std::map<Id, std::optional<Id>>& parents) {
  std::optional<Id> at = category;
  for (int depth = 0; at && depth < 32; ++depth) {
    if (auto it = forms.find(*at); it != forms.end()) return CategoryForm{category, it->second};
    auto p = parents.find(*at);
    at = p == parents.end() ? std::nullopt : p->second;
  }
  return std::nullopt;
}

Result<std::vector<FormValue>> check_form_values(const std::vector<FormField>& form,
                                                 const std::map<std::string, std::string>& values) {
  for (const auto& [key, _] : values) {
    bool known = std::any_of(form.begin(), form.end(), [&](const FormField& f) { return f.key == key; });
    if (!known) return Error::unknown_field("fields." + key);
  }
  std::vector<FormValue> out;
  for (const auto& f : form) {
    auto it = values.find(f.key);
    std::string v = it == values.end() ? std::string{} : std::string(trim(it->second));
    if (v.empty()) {
      if (f.required) return Error::missing("fields." + f.key);
      continue;
    }
    if (utf8_length(v) > 2000)
      return Error::invalid("fields." + f.key, f.key + " must have at most 2000 characters");
    out.push_back({f.key, f.label, f.label_en, std::move(v)});
  }
  return out;
}

ClosingRule closing_rule(const Settings& s, std::optional<Id> policy) {
  if (policy)
    for (const auto& r : s.policies)
      if (r.policy_id == *policy) return r;
  return ClosingRule{policy.value_or(0), s.auto_close_working_days, s.reopen_days};
}

Result<void> validate_settings(const Settings& s) {
  auto range = [](int v, int lo, int hi) { return v >= lo && v <= hi; };
  if (!range(s.auto_close_working_days, 1, 60))
    return Error::invalid("auto_close_working_days", "auto_close_working_days must be between 1 and 60");
  if (!range(s.reopen_days, 0, 365))
    return Error::invalid("reopen_days", "reopen_days must be between 0 and 365");
  if (!range(s.survey_valid_days, 1, 365))
    return Error::invalid("survey_valid_days", "survey_valid_days must be between 1 and 365");
  if (!range(s.callback_due_hours, 1, 720))
    return Error::invalid("callback_due_hours", "callback_due_hours must be between 1 and 720");
  std::set<Id> seen;
  for (std::size_t i = 0; i < s.policies.size(); ++i) {
    const auto& r = s.policies[i];
    const std::string at = "policies[" + std::to_string(i) + "]";
    if (r.policy_id <= 0) return Error::invalid(at + ".policy_id", "policy_id must be a policy's id");
    if (!seen.insert(r.policy_id).second) return Error::invalid(at + ".policy_id", "the policy is repeated");
    if (!range(r.auto_close_working_days, 1, 60))
      return Error::invalid(at + ".auto_close_working_days",
                            "auto_close_working_days must be between 1 and 60");
    if (!range(r.reopen_days, 0, 365))
      return Error::invalid(at + ".reopen_days", "reopen_days must be between 0 and 365");
  }
  return ok();
}

Timestamp auto_close_at(Timestamp resolved_at, int working_days, const sla::BusinessClock& clock) {
  const sla::Calendar& cal = clock.calendar();
  sla::Millis day{24h};
  if (!cal.always_open) {
    // A full working day: the longest day of the week (a make-up day works `makeup_weekday`'s hours).
    sla::Millis longest{0};
    for (const auto& intervals : cal.week) {
      sla::Millis len{0};
      for (const auto& iv : intervals)
        len += std::chrono::minutes(iv.end - iv.start);
      longest = std::max(longest, len);
    }
    if (longest > sla::Millis{0}) day = longest;
  }
  return clock.add(resolved_at, day * std::max(working_days, 0));
}

bool may_reopen(Timestamp closed_at, Timestamp now, int reopen_days) {
  return now - closed_at <= std::chrono::days(reopen_days);
}

std::string clean_filename(std::string_view name) {
  auto slash = name.find_last_of("/\\");
  if (slash != std::string_view::npos) name = name.substr(slash + 1);
  std::string out;
  for (unsigned char c : name)
    if (c >= 0x20 && c != 0x7F) out += static_cast<char>(c);
  out = std::string(trim(out));
  while (!out.empty() && out.front() == '.')
    out.erase(out.begin());  // no hidden files, no ".."
  return out;
}

Result<void> check_upload(std::string_view filename, std::string_view data, std::size_t max_bytes) {
  if (filename.empty() || filename.size() > 255)
    return Error::invalid("filename", "a file name is 1–255 bytes");
  if (data.empty()) return Error::invalid("file", "the file is empty");
  if (data.size() > max_bytes)
    return Error::invalid("file",
                          "the file is larger than " + std::to_string(max_bytes / (1024 * 1024)) + " MiB");
  static constexpr std::array<std::string_view, 24> k_exec{
      ".exe", ".bat", ".cmd", ".com", ".scr", ".msi", ".msp", ".ps1", ".vbs", ".vbe", ".js",  ".jse",
      ".jar", ".dll", ".sh",  ".pif", ".cpl", ".hta", ".wsf", ".lnk", ".reg", ".app", ".apk", ".elf"};
  std::string lower = ascii_lower(filename);
  for (auto ext : k_exec)
    if (lower.size() > ext.size() && lower.compare(lower.size() - ext.size(), ext.size(), ext) == 0)
      return Error::invalid("file", "executable files (" + std::string(ext) + ") are not accepted");
  auto starts = [&](std::string_view magic) { return data.substr(0, magic.size()) == magic; };
  if (starts("MZ") ||
      starts("\x7F"
             "ELF") ||
      starts("#!") || starts("\xCF\xFA\xED\xFE") || starts("\xCE\xFA\xED\xFE") ||
      starts("\xFE\xED\xFA\xCF") || starts("\xCA\xFE\xBA\xBE"))
    return Error::invalid("file", "executable files are not accepted");
  return ok();
}

const std::vector<std::string_view>& survey_tags() {
  static const std::vector<std::string_view> k{"timely", "professional", "friendly", "unresolved", "slow"};
  return k;
}

Result<void> check_survey(int score, const std::vector<std::string>& tags, std::string_view comment) {
  if (score < 1 || score > 5) return Error::invalid("score", "score must be between 1 and 5");
  std::set<std::string> seen;
  for (std::size_t i = 0; i < tags.size(); ++i) {
    const auto& known = survey_tags();
    const std::string at = "tags[" + std::to_string(i) + "]";
    if (std::find(known.begin(), known.end(), tags[i]) == known.end())
      return Error::invalid(at, "tags must be among timely, professional, friendly, unresolved, slow");
    if (!seen.insert(tags[i]).second) return Error::invalid(at, "the tag " + tags[i] + " is repeated");
  }
  if (utf8_length(comment) > 2000)
    return Error::invalid("comment", "comment must have at most 2000 characters");
  return ok();
}

std::string_view expected_step(ComplaintStage stage) {
  switch (stage) {
    case ComplaintStage::new_:
      return "register";
    case ComplaintStage::registered:
      return "judge";
    case ComplaintStage::judged:
      return "decide";
    case ComplaintStage::decided:
      return "act";
    case ComplaintStage::acted:
      return "feedback";
    case ComplaintStage::feedback_given:
      return "close";
    case ComplaintStage::closed:
      return "";
  }
  return "";
}

Result<ComplaintStage> complaint_step(ComplaintStage stage, std::string_view step) {
  static constexpr std::array<std::pair<std::string_view, ComplaintStage>, 6> k_steps{{
      {"register", ComplaintStage::registered},
      {"judge", ComplaintStage::judged},
      {"decide", ComplaintStage::decided},
      {"act", ComplaintStage::acted},
      {"feedback", ComplaintStage::feedback_given},
      {"close", ComplaintStage::closed},
  }};
  auto it = std::find_if(k_steps.begin(), k_steps.end(), [&](const auto& p) { return p.first == step; });
  if (it == k_steps.end())
    return Error::invalid("step", "step must be one of register, judge, decide, act, feedback, close");
  if (stage == ComplaintStage::closed) return Error::conflict("the complaint is closed", "step");
  if (step == "register" && stage == ComplaintStage::registered) return ComplaintStage::registered;
  if (step != expected_step(stage))
    return Error::conflict("the next step of this complaint is " + std::string(expected_step(stage)), "step");
  return it->second;
}

}  // namespace techdesk::feedback
