#include "dispatch/rules.h"

#include <algorithm>

#include "common/text.h"
#include "dispatch/template.h"
#include "ticket/state_machine.h"

namespace techdesk::dispatch {

std::string_view name(Trigger t) {
  switch (t) {
    case Trigger::create:
      return "create";
    case Trigger::update:
      return "update";
    case Trigger::time:
      return "time";
  }
  return "create";
}

std::optional<Trigger> parse_trigger(std::string_view s) {
  for (auto t : {Trigger::create, Trigger::update, Trigger::time})
    if (name(t) == s) return t;
  return std::nullopt;
}

std::string_view name(ActionKind k) {
  switch (k) {
    case ActionKind::set_team:
      return "set_team";
    case ActionKind::set_priority:
      return "set_priority";
    case ActionKind::set_assignee:
      return "set_assignee";
    case ActionKind::add_tag:
      return "add_tag";
    case ActionKind::notify:
      return "notify";
    case ActionKind::add_note:
      return "add_note";
    case ActionKind::reply:
      return "reply";
    case ActionKind::set_state:
      return "set_state";
  }
  return "add_note";
}

std::optional<ActionKind> parse_action_kind(std::string_view s) {
  for (auto k :
       {ActionKind::set_team, ActionKind::set_priority, ActionKind::set_assignee, ActionKind::add_tag,
        ActionKind::notify, ActionKind::add_note, ActionKind::reply, ActionKind::set_state})
    if (name(k) == s) return k;
  return std::nullopt;
}

std::string_view name(Recipient r) {
  switch (r) {
    case Recipient::assignee:
      return "assignee";
    case Recipient::team_leads:
      return "team_leads";
    case Recipient::managers:
      return "managers";
    case Recipient::requester:
      return "requester";
  }
  return "assignee";
}

std::optional<Recipient> parse_recipient(std::string_view s) {
  for (auto r : {Recipient::assignee, Recipient::team_leads, Recipient::managers, Recipient::requester})
    if (name(r) == s) return r;
  return std::nullopt;
}

namespace {

template <class T>
bool any_of_or_empty(const std::vector<T>& list, const T& v) {
  return list.empty() || std::find(list.begin(), list.end(), v) != list.end();
}

std::string lower_ascii(std::string_view s) {
  std::string out(s);
  for (auto& c : out)
    if (c >= 'A' && c <= 'Z') c = static_cast<char>(c - 'A' + 'a');
  return out;
}

}  // namespace

bool matches(const Conditions& c, const RuleFacts& f) {
  const ticket::Ticket& t = *f.ticket;
  if (!c.category_ids.empty()) {
    const bool hit = (t.category_id && std::find(c.category_ids.begin(), c.category_ids.end(),
                                                 *t.category_id) != c.category_ids.end()) ||
                     (f.category_parent_id && std::find(c.category_ids.begin(), c.category_ids.end(),
                                                        *f.category_parent_id) != c.category_ids.end());
    if (!hit) return false;
  }
  if (!any_of_or_empty(c.priorities, t.priority) || !any_of_or_empty(c.channels, t.channel) ||
      !any_of_or_empty(c.types, t.type) || !any_of_or_empty(c.states, t.state))
    return false;
  if (!c.organization_ids.empty() &&
      (!t.organization_id || std::find(c.organization_ids.begin(), c.organization_ids.end(),
                                       *t.organization_id) == c.organization_ids.end()))
    return false;
  if (c.without_team && t.team_id) return false;
  if (c.requester_kind != RequesterKind::any) {
    const bool internal = f.organization_kind == identity::OrgKind::internal;
    if ((c.requester_kind == RequesterKind::internal) != internal) return false;
  }
  if (!c.words.empty()) {
    const std::string text = lower_ascii(t.subject) + "\n" + lower_ascii(t.description);
    if (std::none_of(c.words.begin(), c.words.end(),
                     [&](const std::string& w) { return text.find(lower_ascii(w)) != std::string::npos; }))
      return false;
  }
  if (c.for_minutes > 0 && f.in_state < std::chrono::minutes(c.for_minutes)) return false;
  return true;
}

Result<void> validate(const Rule& r) {
  if (!is_valid_utf8(r.name) || trim(r.name).empty() || utf8_length(r.name) > 100 ||
      has_control_chars(r.name, false))
    return Error::invalid("name", "name must be 1 to 100 characters of plain text");
  if (r.position < 0 || r.position > 100000)
    return Error::invalid("position", "position must be from 0 to 100000");
  const Conditions& c = r.when;
  for (std::size_t i = 0; i < c.words.size(); ++i) {
    const auto& w = c.words[i];
    if (!is_valid_utf8(w) || trim(w).empty() || utf8_length(w) > 100 || has_control_chars(w, false))
      return Error::invalid("conditions.words[" + std::to_string(i) + "]",
                            "a word must be 1 to 100 characters of plain text");
  }
  if (c.words.size() > 100) return Error::invalid("conditions.words", "at most 100 words");
  if (r.trigger == Trigger::time) {
    if (c.states.empty())
      return Error::invalid("conditions.states", "a time rule names the states it waits in");
    if (c.for_minutes <= 0 || c.for_minutes > 366 * 24 * 60)
      return Error::invalid("conditions.for_minutes",
                            "a time rule waits from 1 minute to 366 days (in minutes)");
    for (std::size_t i = 0; i < c.states.size(); ++i)
      if (!ticket::is_open(c.states[i]))
        return Error::invalid("conditions.states[" + std::to_string(i) + "]",
                              "a time rule waits in an open state");
  } else if (c.for_minutes != 0) {
    return Error::invalid("conditions.for_minutes", "only time rules wait");
  }
  if (r.then.empty()) return Error::invalid("actions", "a rule does something: give at least one action");
  if (r.then.size() > 20) return Error::invalid("actions", "at most 20 actions");
  for (std::size_t i = 0; i < r.then.size(); ++i) {
    const Action& a = r.then[i];
    const std::string f = "actions[" + std::to_string(i) + "]";
    switch (a.kind) {
      case ActionKind::set_team:
        if (!a.team_id) return Error::missing(f + ".team_id");
        break;
      case ActionKind::set_priority:
        if (!a.priority) return Error::missing(f + ".priority");
        break;
      case ActionKind::set_assignee:
        if (!a.user_id) return Error::missing(f + ".user_id");
        break;
      case ActionKind::add_tag:
        if (!is_valid_utf8(a.tag) || trim(a.tag).empty() || utf8_length(a.tag) > 50 ||
            has_control_chars(a.tag, false) || a.tag.find(',') != std::string::npos)
          return Error::invalid(f + ".tag", f + ".tag must be 1 to 50 characters without commas");
        break;
      case ActionKind::notify:
        if (!a.recipient) return Error::missing(f + ".recipient");
        if (!a.text.empty()) TD_TRY(check_template(a.text, f + ".text"));  // empty: a standard line
        break;
      case ActionKind::add_note:
      case ActionKind::reply:
        TD_TRY(check_template(a.text, f + ".text"));
        break;
      case ActionKind::set_state:
        if (!a.state) return Error::missing(f + ".state");
        if (r.trigger != Trigger::time)
          return Error::invalid(f + ".kind",
                                "only time rules change a ticket's state (e.g. resolve after 10 days)");
        if (*a.state != ticket::State::resolved && *a.state != ticket::State::closed &&
            *a.state != ticket::State::cancelled)
          return Error::invalid(f + ".state", "a time rule may resolve, close or cancel a ticket");
        if (!a.text.empty()) TD_TRY(check_template(a.text, f + ".text"));  // empty: a standard reason
        break;
    }
  }
  return ok();
}

std::vector<const Rule*> in_order(const std::vector<Rule>& rules, Trigger trigger) {
  std::vector<const Rule*> out;
  for (const auto& r : rules)
    if (r.active && r.trigger == trigger) out.push_back(&r);
  std::sort(out.begin(), out.end(), [](const Rule* a, const Rule* b) {
    return a->position != b->position ? a->position < b->position : a->id < b->id;
  });
  return out;
}

std::vector<RuleRun> run_rules(const std::vector<Rule>& rules, Trigger trigger, const RuleFacts& facts,
                               const ticket::Ticket* before, ApplyRule apply) {
  std::vector<RuleRun> out;
  ticket::Ticket current = *facts.ticket;
  RuleFacts now = facts;
  RuleFacts then = facts;
  then.ticket = before;
  for (const Rule* r : in_order(rules, trigger)) {
    now.ticket = &current;
    if (!matches(r->when, now)) continue;
    if (trigger == Trigger::update && before && matches(r->when, then)) continue;
    auto changed = apply(*r, current);
    if (!changed) {
      out.push_back({r, changed.error()});
      continue;
    }
    current = std::move(*changed);
    out.push_back({r, std::nullopt});
  }
  return out;
}

}  // namespace techdesk::dispatch
