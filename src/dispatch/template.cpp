#include "dispatch/template.h"

#include "common/text.h"

namespace techdesk::dispatch {

namespace {

bool known(std::string_view name) {
  for (const char* p : k_placeholders)
    if (name == p) return true;
  return false;
}

std::string_view strip(std::string_view s) {
  while (!s.empty() && s.front() == ' ')
    s.remove_prefix(1);
  while (!s.empty() && s.back() == ' ')
    s.remove_suffix(1);
  return s;
}

}  // namespace

Result<void> check_template(std::string_view text, const std::string& field) {
  if (!is_valid_utf8(text)) return Error::invalid(field, field + " must be valid UTF-8");
  if (has_control_chars(text, true))
    return Error::invalid(field, field + " must not contain control characters");
  if (trim(text).empty()) return Error::invalid(field, field + " must not be empty");
  if (utf8_length(text) > 20000) return Error::invalid(field, field + " must have at most 20000 characters");
  std::size_t pos = 0;
  while ((pos = text.find("{{", pos)) != std::string_view::npos) {
    auto end = text.find("}}", pos + 2);
    if (end == std::string_view::npos)
      return Error::invalid(field, field + ": a placeholder '{{' is not closed with '}}'");
    auto name = strip(text.substr(pos + 2, end - pos - 2));
    if (!known(name)) {
      std::string list;
      for (const char* p : k_placeholders)
        list += (list.empty() ? "" : ", ") + std::string("{{") + p + "}}";
      return Error::invalid(
          field, field + ": unknown placeholder {{" + std::string(name) + "}} (known: " + list + ")");
    }
    pos = end + 2;
  }
  return ok();
}

std::string render_template(std::string_view text, const std::map<std::string, std::string>& values) {
  std::string out;
  std::size_t pos = 0;
  for (;;) {
    auto open = text.find("{{", pos);
    if (open == std::string_view::npos) break;
    auto close = text.find("}}", open + 2);
    if (close == std::string_view::npos) break;
    out.append(text.substr(pos, open - pos));
    auto it = values.find(std::string(strip(text.substr(open + 2, close - open - 2))));
    if (it != values.end()) out += it->second;
    pos = close + 2;
  }
  out.append(text.substr(pos));
  return out;
}

}  // namespace techdesk::dispatch
