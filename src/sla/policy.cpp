#include "sla/policy.h"

#include <algorithm>

#include "common/text.h"

namespace techdesk::sla {

using ticket::Priority;

std::string_view name(RequesterKind k) {
  switch (k) {
    case RequesterKind::any:
      return "any";
    case RequesterKind::internal:
      return "internal";
    case RequesterKind::external:
      return "external";
  }
  return "any";
}

std::optional<RequesterKind> parse_requester_kind(std::string_view s) {
  if (s == "any") return RequesterKind::any;
  if (s == "internal") return RequesterKind::internal;
  if (s == "external") return RequesterKind::external;
  return std::nullopt;
}

namespace {

template <class T>
bool contains(const std::vector<T>& v, const T& x) {
  return std::find(v.begin(), v.end(), x) != v.end();
}

}  // namespace

bool matches(const Policy& p, const TicketFacts& t) {
  if (!p.organization_ids.empty() &&
      (!t.organization_id || !contains(p.organization_ids, *t.organization_id)))
    return false;
  if (p.requester_kind != RequesterKind::any) {
    const bool internal = t.organization_kind == identity::OrgKind::internal;
    if ((p.requester_kind == RequesterKind::internal) != internal) return false;
  }
  if (!p.types.empty() && !contains(p.types, t.type)) return false;
  if (!p.category_ids.empty()) {
    const bool hit = (t.category_id && contains(p.category_ids, *t.category_id)) ||
                     (t.category_parent_id && contains(p.category_ids, *t.category_parent_id));
    if (!hit) return false;
  }
  return true;
}

const Policy* match_policy(const std::vector<Policy>& policies, const TicketFacts& t) {
  const Policy* best = nullptr;
  for (const auto& p : policies) {
    if (!p.active || !matches(p, t)) continue;
    if (!best || p.position < best->position || (p.position == best->position && p.id < best->id)) best = &p;
  }
  return best;
}

std::string explain_match(const Policy& p) {
  std::vector<std::string> parts;
  if (!p.organization_ids.empty())
    parts.push_back(std::to_string(p.organization_ids.size()) +
                    (p.organization_ids.size() == 1 ? " organisation" : " organisations"));
  if (p.requester_kind != RequesterKind::any)
    parts.push_back(std::string(name(p.requester_kind)) + " requester");
  if (!p.types.empty()) {
    std::string types;
    for (auto t : p.types)
      types += (types.empty() ? "" : "/") + std::string(ticket::name(t));
    parts.push_back("type " + types);
  }
  if (!p.category_ids.empty())
    parts.push_back(std::to_string(p.category_ids.size()) +
                    (p.category_ids.size() == 1 ? " category" : " categories"));
  std::string why = parts.empty() ? "every ticket" : parts.front();
  for (std::size_t i = 1; i < parts.size(); ++i)
    why += ", " + parts[i];
  return p.name + " (" + why + ", order " + std::to_string(p.position) + ")";
}

Result<void> validate(const Policy& p) {
  if (!is_valid_utf8(p.name) || trim(p.name).empty() || utf8_length(p.name) > 100 ||
      has_control_chars(p.name, false))
    return Error::invalid("name", "name must be 1 to 100 characters of plain text");
  if (p.position < 0 || p.position > 100000)
    return Error::invalid("position", "position must be from 0 to 100000");
  if (p.calendar_id <= 0) return Error::invalid("calendar_id", "calendar_id must name a calendar");
  if (p.warn_percent < 1 || p.warn_percent > 99)
    return Error::invalid("warn_percent", "warn_percent must be from 1 to 99");
  if (p.second_level_percent != 0 && (p.second_level_percent <= 100 || p.second_level_percent > 1000))
    return Error::invalid("second_level_percent", "second_level_percent must be 0 (off) or from 101 to 1000");
  if (p.organization_ids.size() > 1000 || p.category_ids.size() > 1000)
    return Error::invalid(p.organization_ids.size() > 1000 ? "organization_ids" : "category_ids",
                          "at most 1000 entries");
  constexpr int k_max_minutes = 366 * 24 * 60;
  bool any = false;
  for (std::size_t i = 0; i < 4; ++i) {
    const std::string base = "targets." + std::string(ticket::name(static_cast<Priority>(i)));
    const Targets& t = p.targets[i];
    for (auto [value, field] :
         {std::pair{t.first_response, "first_response"}, std::pair{t.next_update, "next_update"},
          std::pair{t.resolution, "resolution"}}) {
      if (!value) continue;
      if (*value <= 0 || *value > k_max_minutes)
        return Error::invalid(
            base + "." + field,
            base + "." + field + " must be a number of minutes from 1 to " + std::to_string(k_max_minutes));
      any = true;
    }
    if (t.first_response && t.resolution && *t.first_response > *t.resolution)
      return Error::invalid(base + ".first_response",
                            base + ".first_response must not be longer than the resolution target");
  }
  if (!any) return Error::invalid("targets", "a policy must promise at least one target");
  for (std::size_t i = 0; i < p.pause_states.size(); ++i) {
    auto s = p.pause_states[i];
    if (s == ticket::State::new_ || s == ticket::State::resolved || s == ticket::State::closed ||
        s == ticket::State::cancelled)
      return Error::invalid(
          "pause_states[" + std::to_string(i) + "]",
          "only states of an open ticket can pause the clock (not " + std::string(ticket::name(s)) + ")");
  }
  return ok();
}

std::vector<Policy> default_policies(Id business_calendar, Id always_open_calendar) {
  auto targets = [](int response, int other_resolution) {
    std::array<Targets, 4> t;
    t[0] = {response, std::nullopt, 120};  // P1 紧急: solved within 2 hours
    t[1] = {response, std::nullopt, 240};  // P2 高: within 4 hours
    t[2] = {response, std::nullopt, other_resolution};
    t[3] = {response, std::nullopt, other_resolution};
    return t;
  };
  Policy internal;
  internal.name = "内部员工 Internal staff";
  internal.position = 10;
  internal.requester_kind = RequesterKind::internal;
  internal.calendar_id = business_calendar;
  internal.targets = targets(60, 24 * 60);
  internal.on_breach.raise_tier = true;

  Policy external;
  external.name = "外部客户 External customers";
  external.position = 20;
  external.requester_kind = RequesterKind::external;
  external.calendar_id = business_calendar;
  external.targets = targets(120, 48 * 60);
  external.on_breach.raise_tier = true;

  Policy contract;
  contract.name = "7×24 合同客户 7×24 contract";
  contract.position = 5;
  contract.active = false;  // a template: name the contract customers' organisations and switch it on
  contract.calendar_id = always_open_calendar;
  contract.targets = targets(30, 8 * 60);
  contract.targets[0].first_response = 15;
  contract.targets[0].next_update = 60;
  contract.on_breach.raise_tier = true;
  contract.on_breach.notify_manager = true;
  return {internal, external, contract};
}

}  // namespace techdesk::sla
