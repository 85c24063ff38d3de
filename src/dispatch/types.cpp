#include "dispatch/types.h"

#include <boost/json.hpp>

#include <string>
#include <unordered_map>

namespace techdesk::dispatch {

std::string_view name(LinkKind k) {
  switch (k) {
    case LinkKind::merged_into:
      return "merged_into";
    case LinkKind::parent_of:
      return "parent_of";
    case LinkKind::related:
      return "related";
    case LinkKind::split_from:
      return "split_from";
  }
  return "related";
}

std::optional<LinkKind> parse_link_kind(std::string_view s) {
  for (auto k : {LinkKind::merged_into, LinkKind::parent_of, LinkKind::related, LinkKind::split_from})
    if (name(k) == s) return k;
  return std::nullopt;
}

std::string_view name(Activity a) {
  switch (a) {
    case Activity::phone:
      return "phone";
    case Activity::remote:
      return "remote";
    case Activity::onsite:
      return "onsite";
    case Activity::research:
      return "research";
    case Activity::travel:
      return "travel";
    case Activity::other:
      return "other";
  }
  return "other";
}

std::optional<Activity> parse_activity(std::string_view s) {
  for (auto a : {Activity::phone, Activity::remote, Activity::onsite, Activity::research, Activity::travel,
                 Activity::other})
    if (name(a) == s) return a;
  return std::nullopt;
}

std::string skills_document(const std::vector<Skill>& skills) {
  boost::json::array out;
  for (const auto& s : skills)
    out.push_back(boost::json::object{{"tag", s.tag}, {"level", s.level}});
  return boost::json::serialize(out);
}

namespace {

std::vector<Skill> parse_skills(std::string_view text) {
  std::vector<Skill> out;
  unsigned char buffer[2048];
  boost::json::monotonic_resource mr(buffer, sizeof buffer);
  boost::system::error_code ec;
  auto v = boost::json::parse(text, ec, &mr);
  if (ec || !v.is_array()) return out;
  for (const auto& item : v.get_array()) {
    if (!item.is_object()) continue;
    const auto& o = item.get_object();
    auto tag = o.find("tag");
    auto level = o.find("level");
    if (tag == o.end() || !tag->value().is_string() || level == o.end() || !level->value().is_int64())
      continue;
    out.push_back({std::string(tag->value().get_string()), static_cast<int>(level->value().get_int64())});
  }
  return out;
}

}  // namespace

std::vector<Skill> skills_from_document(std::string_view text) {
  // Read for every member on every auto-assignment, and the documents rarely change: remember what each
  // text parsed to (keyed by the text itself, so never stale), per thread, up to a bound.
  thread_local std::unordered_map<std::string, std::vector<Skill>> parsed;
  constexpr std::size_t k_most = 8192;
  if (auto it = parsed.find(std::string(text)); it != parsed.end()) return it->second;
  auto out = parse_skills(text);
  if (parsed.size() >= k_most) parsed.clear();
  parsed.emplace(std::string(text), out);
  return out;
}

}  // namespace techdesk::dispatch
