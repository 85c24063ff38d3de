#include "dispatch/dispatch_service.h"

#include <algorithm>
#include <boost/json.hpp>
#include <map>
#include <set>
#include <unordered_map>

#include "common/text.h"
#include "common/time.h"
#include "dispatch/template.h"
#include "identity/role.h"
#include "notify/notifier.h"
#include "notify/recipients.h"
#include "sla/calendar.h"
#include "ticket/state_machine.h"
#include "ticket/ticket_change.h"
#include "ticket/visibility.h"

namespace techdesk::dispatch {

using identity::Principal;
using identity::Role;
using ticket::Ticket;
using ticket::TicketView;

namespace {

constexpr std::size_t k_max_reason = 2000;
constexpr std::size_t k_max_summary = 20000;
constexpr int k_max_minutes_per_day = 24 * 60;

bool is_admin(const Principal& p) {
  return p.role == Role::admin || p.role == Role::manager;
}

bool in_teams(const Principal& p, Id team) {
  return std::find(p.team_ids.begin(), p.team_ids.end(), team) != p.team_ids.end();
}

// Holds the ticket: may hand it over (see the header).
bool holds(const Principal& p, const Ticket& t) {
  if (is_admin(p)) return true;
  if (!identity::is_agent(p.role)) return false;
  if (t.assignee_id == p.user_id) return true;
  if (!t.team_id) return true;  // not routed yet: whoever sees it may route it
  return in_teams(p, *t.team_id);
}

// Leads a team: its team lead, or a manager or admin.
bool leads(const Principal& p, Id team) {
  return is_admin(p) || (p.role == Role::team_lead && in_teams(p, team));
}

Result<std::string> check_text(const std::string& value, const char* field, std::size_t max_len,
                               bool required) {
  if (!is_valid_utf8(value) || has_control_chars(value, true))
    return Error::invalid(field, std::string(field) + " must be plain text");
  if (required && trim(value).empty()) return Error::missing(field);
  if (utf8_length(value) > max_len)
    return Error::invalid(
        field, std::string(field) + " must have at most " + std::to_string(max_len) + " characters");
  return std::string(trim(value));
}

Result<TicketView> load_visible(DispatchTx& tx, const Principal& actor, Id id, const char* what = "ticket") {
  auto view = tx.tickets().find_ticket(id);
  if (!view || !ticket::can_view(ticket::scope_for(actor), view->ticket)) return Error::not_found(what);
  return std::move(*view);
}

Result<TicketView> load_held(DispatchTx& tx, const Principal& actor, Id id) {
  TicketView v = TD_TRY(load_visible(tx, actor, id));
  if (!holds(actor, v.ticket))
    return Error::forbidden(
        "only the ticket's assignee, a member of its current team, or a manager may hand it over");
  return v;
}

void event(DispatchTx& tx, const Principal& actor, Id ticket, Timestamp at, std::string field,
           std::optional<std::string> before, std::optional<std::string> after, bool internal = true) {
  ticket::Event e;
  e.ticket_id = ticket;
  if (actor.user_id) e.actor_id = actor.user_id;
  e.at = at;
  e.field = std::move(field);
  e.before = std::move(before);
  e.after = std::move(after);
  e.internal = internal;
  tx.tickets().append_event(e);
}

std::string team_name(DispatchTx& tx, std::optional<Id> team) {
  if (!team) return "-";
  auto t = tx.identity().find_team(*team);
  return t ? t->name : "#" + std::to_string(*team);
}

void tell_team_leads(DispatchTx& tx, const Ticket& t, const char* kind, const std::string& title,
                     boost::json::object data, Timestamp at, Id except) {
  data["number"] = t.number;
  data["subject"] = t.subject;
  for (Id lead : notify::team_leads(tx.identity(), t)) {
    if (lead == except) continue;
    notify::Notification n;
    n.user_id = lead;
    n.kind = kind;
    n.ticket_id = t.id;
    n.title = title;
    n.data = boost::json::serialize(data);
    n.created_at = at;
    notify::notify(tx, std::move(n));
  }
}

MemberView member_view(const identity::User& u) {
  MemberView m;
  m.user_id = u.id;
  m.login = u.login;
  m.name = u.name;
  m.role = u.role;
  m.active = u.active;
  return m;
}

std::vector<MemberView> team_members(DispatchTx& tx, Dispatcher& dispatcher, Id team) {
  std::vector<MemberView> out;
  auto t = tx.identity().find_team(team);
  if (!t) return out;
  // The active agents as assignment sees them; the other members (inactive, or not agents) with their
  // profile only.
  std::unordered_map<Id, Candidate> candidates;
  for (auto& c : dispatcher.candidates(tx, team))
    candidates.emplace(c.user_id, std::move(c));
  for (Id id : t->member_ids) {
    auto u = tx.identity().find_user(id);
    if (!u) continue;
    MemberView m = member_view(*u);
    if (auto it = candidates.find(id); it != candidates.end()) {
      m.on_duty = it->second.on_duty;
      m.skills = std::move(it->second.skills);
      m.open_tickets = it->second.open_tickets;
      m.weighted_load = it->second.weighted_load;
      m.last_assigned = it->second.last_assigned;
    } else if (auto profile = tx.dispatch().agent_profiles({id}); !profile.empty()) {
      m.on_duty = profile.front().on_duty;
      m.skills = profile.front().skills;
    }
    out.push_back(std::move(m));
  }
  std::sort(out.begin(), out.end(),
            [](const MemberView& a, const MemberView& b) { return a.user_id < b.user_id; });
  return out;
}

// The first n characters (code points) of s.
std::string clip(std::string_view s, std::size_t n) {
  std::size_t count = 0;
  for (std::size_t i = 0; i < s.size(); ++i) {
    if ((static_cast<unsigned char>(s[i]) & 0xC0) == 0x80) continue;
    if (count == n) return std::string(s.substr(0, i));
    ++count;
  }
  return std::string(s);
}

std::string today(Timestamp now, const std::string& zone) {
  std::string d = local_date_compact(now, zone);
  return d.substr(0, 4) + "-" + d.substr(4, 2) + "-" + d.substr(6, 2);
}

std::string link_relation(const Link& l, Id asked) {
  const bool from = l.ticket_id == asked;
  switch (l.kind) {
    case LinkKind::merged_into:
      return from ? "merged_into" : "merged_from";
    case LinkKind::parent_of:
      return from ? "parent_of" : "child_of";
    case LinkKind::related:
      return "related";
    case LinkKind::split_from:
      return from ? "split_from" : "split_to";
  }
  return "related";
}

}  // namespace

Result<void> check_skills(const std::vector<Skill>& skills, const std::string& field) {
  if (skills.size() > 50) return Error::invalid(field, "at most 50 skills");
  std::set<std::string> seen;
  for (std::size_t i = 0; i < skills.size(); ++i) {
    const std::string f = field + "[" + std::to_string(i) + "]";
    const auto& s = skills[i];
    if (!is_valid_utf8(s.tag) || trim(s.tag).empty() || utf8_length(s.tag) > 50 ||
        has_control_chars(s.tag, false) || s.tag.find(',') != std::string::npos ||
        s.tag.find(':') != std::string::npos)
      return Error::invalid(f + ".tag", f + ".tag must be 1 to 50 characters without commas or colons");
    if (s.level < 1 || s.level > 5) return Error::invalid(f + ".level", f + ".level must be from 1 to 5");
    if (!seen.insert(s.tag).second) return Error::invalid(f + ".tag", "skill " + s.tag + " is listed twice");
  }
  return ok();
}

// ---- teams, agents, categories ----

Result<TeamDispatch> DispatchService::team_settings(const Principal& actor, Id team) {
  if (!identity::is_agent(actor.role)) return Error::forbidden("only support staff see team settings");
  return m_store.read([&](DispatchTx& tx) -> Result<TeamDispatch> {
    if (!tx.identity().find_team(team)) return Error::not_found("team");
    auto d = tx.dispatch().find_team_dispatch(team);
    if (d) return *d;
    TeamDispatch fresh;
    fresh.team_id = team;
    return fresh;
  });
}

Result<TeamDispatch> DispatchService::update_team_settings(const Principal& actor, Id team,
                                                           const TeamSettings& s) {
  if (!leads(actor, team))
    return Error::forbidden("only the team's lead, a manager or an admin may change it");
  if (s.capacity && (*s.capacity < 0 || *s.capacity > 1000))
    return Error::invalid("capacity", "capacity must be from 0 (no limit) to 1000 open tickets per member");
  const Timestamp now = m_clock.now();
  auto out = m_store.write([&](DispatchTx& tx) -> Result<TeamDispatch> {
    if (!tx.identity().find_team(team)) return Error::not_found("team");
    TeamDispatch d = tx.dispatch().find_team_dispatch(team).value_or(
        TeamDispatch{.team_id = team, .escalation_team_id = {}, .calendar_id = {}});
    d.team_id = team;
    if (s.strategy) d.strategy = *s.strategy;
    if (s.capacity) d.capacity = *s.capacity;
    if (s.escalation_team_id) {
      d.escalation_team_id = *s.escalation_team_id;
      if (d.escalation_team_id) {
        if (*d.escalation_team_id == team)
          return Error::invalid("escalation_team_id", "a team cannot escalate to itself");
        if (!tx.identity().find_team(*d.escalation_team_id))
          return Error::invalid("escalation_team_id",
                                "no team with id " + std::to_string(*d.escalation_team_id));
        // The chain must end: following it from the target must not come back here.
        std::set<Id> seen{team};
        for (std::optional<Id> next = d.escalation_team_id; next;) {
          if (!seen.insert(*next).second)
            return Error::invalid("escalation_team_id", "the escalation chain would come back to " +
                                                            team_name(tx, *next) + " (a loop)");
          auto nd = tx.dispatch().find_team_dispatch(*next);
          next = nd ? nd->escalation_team_id : std::nullopt;
        }
      }
    }
    if (s.calendar_id) {
      d.calendar_id = *s.calendar_id;
      if (d.calendar_id && !tx.sla().find_calendar(*d.calendar_id))
        return Error::invalid("calendar_id", "no calendar with id " + std::to_string(*d.calendar_id));
    }
    d.updated_at = now;
    tx.dispatch().save_team_dispatch(d);
    TD_TRY(changed_config(tx));
    return d;
  });
  if (out) m_dispatcher.invalidate();
  return out;
}

Result<std::vector<MemberView>> DispatchService::members(const Principal& actor, Id team) {
  if (!identity::is_agent(actor.role)) return Error::forbidden("only support staff see team members");
  return m_store.read([&](DispatchTx& tx) -> Result<std::vector<MemberView>> {
    if (!tx.identity().find_team(team)) return Error::not_found("team");
    return team_members(tx, m_dispatcher, team);
  });
}

Result<std::vector<MemberView>> DispatchService::add_member(const Principal& actor, Id team, Id user) {
  if (!leads(actor, team))
    return Error::forbidden("only the team's lead, a manager or an admin may change it");
  return m_store.write([&](DispatchTx& tx) -> Result<std::vector<MemberView>> {
    auto t = tx.identity().find_team(team);
    if (!t) return Error::not_found("team");
    auto u = tx.identity().find_user(user);
    if (!u || !u->active) return Error::invalid("user_id", "no active user with id " + std::to_string(user));
    if (!identity::is_agent(u->role))
      return Error::invalid("user_id", u->name + " is not on the support staff and cannot join a team");
    if (std::find(t->member_ids.begin(), t->member_ids.end(), user) == t->member_ids.end()) {
      t->member_ids.push_back(user);
      TD_TRY(tx.identity().update_team(*t));
    }
    return team_members(tx, m_dispatcher, team);
  });
}

Result<std::vector<MemberView>> DispatchService::remove_member(const Principal& actor, Id team, Id user) {
  if (!leads(actor, team))
    return Error::forbidden("only the team's lead, a manager or an admin may change it");
  return m_store.write([&](DispatchTx& tx) -> Result<std::vector<MemberView>> {
    auto t = tx.identity().find_team(team);
    if (!t) return Error::not_found("team");
    auto it = std::find(t->member_ids.begin(), t->member_ids.end(), user);
    if (it == t->member_ids.end()) return Error::not_found("member");
    t->member_ids.erase(it);
    TD_TRY(tx.identity().update_team(*t));
    return team_members(tx, m_dispatcher, team);
  });
}

Result<MemberView> DispatchService::agent(const Principal& actor, Id user) {
  if (!identity::is_agent(actor.role)) return Error::forbidden("only support staff see agents' profiles");
  return m_store.read([&](DispatchTx& tx) -> Result<MemberView> {
    auto u = tx.identity().find_user(user);
    if (!u || !identity::is_agent(u->role)) return Error::not_found("agent");
    MemberView m = member_view(*u);
    auto p = tx.dispatch().agent_profiles({user});
    if (!p.empty()) {
      m.on_duty = p.front().on_duty;
      m.skills = p.front().skills;
    }
    auto loads = tx.dispatch().member_loads({user});
    if (!loads.empty()) {
      m.open_tickets = loads.front().open_tickets;
      m.weighted_load = loads.front().weighted_load;
    }
    return m;
  });
}

Result<MemberView> DispatchService::update_agent(const Principal& actor, Id user, std::optional<bool> on_duty,
                                                 const std::optional<std::vector<Skill>>& skills) {
  if (!identity::is_agent(actor.role)) return Error::forbidden("only support staff have profiles");
  const bool self = actor.user_id == user;
  if (skills) TD_TRY(check_skills(*skills, "skills"));
  const Timestamp now = m_clock.now();
  auto r = m_store.write([&](DispatchTx& tx) -> Result<void> {
    auto u = tx.identity().find_user(user);
    if (!u || !identity::is_agent(u->role)) return Error::not_found("agent");
    // Leads set the duty and skills of their teams' members; everyone their own duty.
    bool lead_of = is_admin(actor);
    if (actor.role == Role::team_lead)
      for (Id team : u->team_ids)
        lead_of = lead_of || in_teams(actor, team);
    if (skills && !lead_of) return Error::forbidden("only a lead of the agent's team may set their skills");
    if (on_duty && !self && !lead_of)
      return Error::forbidden("only the agent or their team lead may set duty");
    if (on_duty) tx.dispatch().set_on_duty(user, *on_duty, now);
    if (skills) tx.dispatch().set_skills(user, *skills, now);
    return ok();
  });
  if (!r) return r.error();
  return agent(actor, user);
}

Result<std::vector<Skill>> DispatchService::category_skills(const Principal& actor, Id category) {
  if (!identity::is_agent(actor.role)) return Error::forbidden("only support staff see category skills");
  return m_store.read([&](DispatchTx& tx) -> Result<std::vector<Skill>> {
    if (!tx.tickets().find_category(category)) return Error::not_found("category");
    return tx.dispatch().category_skills(category);
  });
}

Result<std::vector<Skill>> DispatchService::set_category_skills(const Principal& actor, Id category,
                                                                const std::vector<Skill>& skills) {
  if (!is_admin(actor)) return Error::forbidden("only managers and admins set the skills categories need");
  TD_TRY(check_skills(skills, "skills"));
  return m_store.write([&](DispatchTx& tx) -> Result<std::vector<Skill>> {
    if (!tx.tickets().find_category(category)) return Error::not_found("category");
    tx.dispatch().set_category_skills(category, skills);
    return skills;
  });
}

// ---- hand-overs ----

Result<TicketView> DispatchService::escalate(const Principal& actor, Id id, const std::string& reason_in,
                                             const std::string& summary_in) {
  std::string reason = TD_TRY(check_text(reason_in, "reason", k_max_reason, true));
  std::string summary = TD_TRY(check_text(summary_in, "summary", k_max_summary, true));
  const Timestamp now = m_clock.now();
  return m_store.write([&](DispatchTx& tx) -> Result<TicketView> {
    TicketView v = TD_TRY(load_held(tx, actor, id));
    const Ticket& t = v.ticket;
    if (!ticket::is_open(t.state))
      return Error::invalid("id", "a " + std::string(ticket::name(t.state)) + " ticket cannot be escalated");
    std::optional<Id> target;
    if (t.team_id)
      if (auto d = tx.dispatch().find_team_dispatch(*t.team_id)) target = d->escalation_team_id;
    if (t.tier == ticket::Tier::L2 && !target)
      return Error::conflict(
          "the ticket is at L2 and its team " + team_name(tx, t.team_id) + " has no escalation target",
          "tier");
    ticket::TicketPatch patch;
    patch.tier = ticket::Tier::L2;
    if (target) patch.team_id = std::optional<Id>(*target);
    patch.assignee_id = std::optional<Id>();  // the next line's queue (and its strategy) takes it
    event(tx, actor, id, now, "escalation",
          t.team_id ? std::optional(std::to_string(*t.team_id)) : std::nullopt,
          target ? std::optional(std::to_string(*target)) : std::nullopt);
    event(tx, actor, id, now, "escalation_reason", std::nullopt, reason);
    // The hand-over note: why, and what was tried — the next line reads it with the whole history.
    TD_TRY(m_tickets.add_article_in(
        tx, actor, id, ticket::ArticleKind::note,
        "【升级 / Escalated " + std::string(ticket::name(t.tier)) + " → L2: " + team_name(tx, t.team_id) +
            " → " + team_name(tx, target ? target : t.team_id) + "】\n原因 / Reason: " + reason +
            "\n已尝试 / Tried so far:\n" + summary,
        now));
    TicketView after = TD_TRY(m_tickets.update_in(tx, actor, id, patch, now));
    tell_team_leads(tx, after.ticket, "ticket.escalated",
                    "工单 " + t.number + " 已升级到 " + team_name(tx, after.ticket.team_id) + " / Ticket " +
                        t.number + " escalated to " + team_name(tx, after.ticket.team_id),
                    {{"by", actor.name}, {"reason", reason}}, now, actor.user_id);
    return *tx.tickets().find_ticket(id);
  });
}

Result<TicketView> DispatchService::deescalate(const Principal& actor, Id id, const std::string& reason_in) {
  std::string reason = TD_TRY(check_text(reason_in, "reason", k_max_reason, true));
  const Timestamp now = m_clock.now();
  return m_store.write([&](DispatchTx& tx) -> Result<TicketView> {
    TicketView v = TD_TRY(load_held(tx, actor, id));
    const Ticket& t = v.ticket;
    if (!ticket::is_open(t.state))
      return Error::invalid("id",
                            "a " + std::string(ticket::name(t.state)) + " ticket cannot be handed back");
    if (t.tier != ticket::Tier::L2) return Error::conflict("the ticket is not at L2", "tier");
    // Back to the team (and the person) that escalated it last.
    std::optional<Id> back_team;
    std::optional<Id> back_agent;
    auto events = tx.tickets().list_events(id, true);
    for (auto it = events.rbegin(); it != events.rend(); ++it) {
      if (it->field != "escalation") continue;
      if (it->before) back_team = std::stoll(*it->before);
      back_agent = it->actor_id;
      break;
    }
    ticket::TicketPatch patch;
    patch.tier = ticket::Tier::L1;
    if (back_team && tx.identity().find_team(*back_team) && back_team != t.team_id)
      patch.team_id = std::optional<Id>(*back_team);
    const Id team_after = patch.team_id ? **patch.team_id : t.team_id.value_or(0);
    std::optional<Id> agent;
    if (back_agent) {
      auto u = tx.identity().find_user(*back_agent);
      auto team = tx.identity().find_team(team_after);
      if (u && u->active && identity::is_agent(u->role) &&
          (!team ||
           std::find(team->member_ids.begin(), team->member_ids.end(), u->id) != team->member_ids.end()))
        agent = u->id;
    }
    patch.assignee_id = agent;
    event(tx, actor, id, now, "deescalation",
          t.team_id ? std::optional(std::to_string(*t.team_id)) : std::nullopt,
          patch.team_id ? std::optional(std::to_string(team_after)) : std::nullopt);
    TD_TRY(m_tickets.add_article_in(
        tx, actor, id, ticket::ArticleKind::note,
        "【退回一线 / Handed back to L1: " + team_name(tx, team_after) + "】\n原因 / Reason: " + reason,
        now));
    TD_TRY(m_tickets.update_in(tx, actor, id, patch, now));
    return *tx.tickets().find_ticket(id);
  });
}

Result<TicketView> DispatchService::transfer(const Principal& actor, Id id, Id team,
                                             const std::string& reason_in) {
  std::string reason = TD_TRY(check_text(reason_in, "reason", k_max_reason, true));
  const Timestamp now = m_clock.now();
  return m_store.write([&](DispatchTx& tx) -> Result<TicketView> {
    TicketView v = TD_TRY(load_held(tx, actor, id));
    const Ticket& t = v.ticket;
    if (!ticket::is_open(t.state))
      return Error::invalid("id",
                            "a " + std::string(ticket::name(t.state)) + " ticket cannot be transferred");
    if (!tx.identity().find_team(team))
      return Error::invalid("team", "no team with id " + std::to_string(team));
    if (t.team_id == team) return Error::invalid("team", "the ticket is already with " + team_name(tx, team));
    ticket::TicketPatch patch;
    patch.team_id = std::optional<Id>(team);
    patch.assignee_id = std::optional<Id>();
    event(tx, actor, id, now, "transfer",
          t.team_id ? std::optional(std::to_string(*t.team_id)) : std::nullopt, std::to_string(team));
    TD_TRY(m_tickets.add_article_in(tx, actor, id, ticket::ArticleKind::note,
                                    "【转派 / Transferred: " + team_name(tx, t.team_id) + " → " +
                                        team_name(tx, team) + "】\n原因 / Reason: " + reason,
                                    now));
    TicketView after = TD_TRY(m_tickets.update_in(tx, actor, id, patch, now));
    tell_team_leads(tx, after.ticket, "ticket.transferred",
                    "工单 " + t.number + " 转派到 " + team_name(tx, team) + " / Ticket " + t.number +
                        " transferred to " + team_name(tx, team),
                    {{"by", actor.name}, {"reason", reason}}, now, actor.user_id);
    return *tx.tickets().find_ticket(id);
  });
}

Result<TicketView> DispatchService::auto_assign(const Principal& actor, Id id) {
  const Timestamp now = m_clock.now();
  return m_store.write([&](DispatchTx& tx) -> Result<TicketView> {
    TicketView v = TD_TRY(load_held(tx, actor, id));
    Ticket t = v.ticket;
    if (!t.team_id) return Error::invalid("team_id", "the ticket has no team to assign it by");
    if (t.assignee_id) return Error::conflict("the ticket already has an assignee", "assignee_id");
    auto d = tx.dispatch().find_team_dispatch(*t.team_id);
    if (!d || d->strategy == Strategy::manual)
      return Error::conflict(team_name(tx, t.team_id) + " assigns by hand (strategy manual)", "strategy");
    TD_TRY(m_dispatcher.assign(tx, t, now));
    return *tx.tickets().find_ticket(id);
  });
}

// ---- merge, split, links, tags ----

Result<TicketView> DispatchService::merge(const Principal& actor, Id id, Id into) {
  if (!identity::is_agent(actor.role)) return Error::forbidden("only support staff may merge tickets");
  if (into == id) return Error::invalid("into", "a ticket cannot be merged into itself");
  const Timestamp now = m_clock.now();
  return m_store.write([&](DispatchTx& tx) -> Result<TicketView> {
    TicketView src = TD_TRY(load_held(tx, actor, id));
    auto dst_found = tx.tickets().find_ticket(into);
    if (!dst_found || !ticket::can_view(ticket::scope_for(actor), dst_found->ticket))
      return Error::invalid("into", "no ticket with id " + std::to_string(into));
    const Ticket& s = src.ticket;
    const Ticket& d = dst_found->ticket;
    if (!ticket::is_open(s.state) && s.state != ticket::State::resolved)
      return Error::invalid("id", "a " + std::string(ticket::name(s.state)) + " ticket cannot be merged");
    // The survivor must be alive and the end of its chain.
    for (const auto& l : tx.dispatch().links_of(into))
      if (l.kind == LinkKind::merged_into && l.ticket_id == into)
        return Error::invalid("into", "ticket " + d.number + " was itself merged into " + l.other_number +
                                          "; merge into that one");
    if (!ticket::is_open(d.state))
      return Error::invalid("into", "ticket " + d.number + " is " + std::string(ticket::name(d.state)) +
                                        "; merge into an open ticket");
    const int moved = tx.dispatch().move_articles(id, into, {});
    Link link;
    link.ticket_id = id;
    link.other_id = into;
    link.kind = LinkKind::merged_into;
    link.created_at = now;
    if (actor.user_id) link.created_by = actor.user_id;
    tx.dispatch().insert_link(link);
    // The merged ticket's requesters now see the survivor as theirs.
    std::vector<Id> people = s.contact_ids;
    people.push_back(s.requester_id);
    std::string requesters;
    for (Id p : people) {
      if (p == d.requester_id) continue;
      if (tx.dispatch().add_contact(into, p, now)) {
        auto u = tx.identity().find_user(p);
        requesters += (requesters.empty() ? "" : ", ") + (u ? u->name : "#" + std::to_string(p));
      }
    }
    for (const auto& tag : tx.dispatch().tags(id))
      tx.dispatch().add_tag(into, tag);
    event(tx, actor, into, now, "merged_from", std::nullopt, s.number, false);
    std::string note = "【合并 / Merged】工单 " + s.number + " 已合并到本工单，转入 " +
                       std::to_string(moved) + " 条记录 / Ticket " + s.number +
                       " was merged into this one with " + std::to_string(moved) + " articles.";
    if (!requesters.empty())
      note += "\n另一位请求人 / Other requester: " + requesters +
              "（可查看本工单 / can see this ticket; replies reach everyone）";
    TD_TRY(m_tickets.add_article_in(tx, actor, into, ticket::ArticleKind::note, note, now));
    TD_TRY(m_tickets.close_merged_in(tx, actor, id, d.number, now));
    // The survivor's readers hear of it too (its articles and contacts changed).
    auto survivor = tx.tickets().find_ticket(into);
    tx.changes().publish(ticket::ticket_change(survivor->ticket, "merged"));
    return *survivor;
  });
}

Result<TicketView> DispatchService::split(const Principal& actor, Id id, const SplitRequest& r) {
  if (!identity::is_agent(actor.role)) return Error::forbidden("only support staff may split tickets");
  if (r.article_ids.empty()) return Error::missing("article_ids");
  if (r.article_ids.size() > 1000) return Error::invalid("article_ids", "at most 1000 articles");
  std::optional<std::string> subject;
  if (r.subject) subject = TD_TRY(check_text(*r.subject, "subject", 200, true));
  const Timestamp now = m_clock.now();
  return m_store.write([&](DispatchTx& tx) -> Result<TicketView> {
    TicketView src = TD_TRY(load_held(tx, actor, id));
    const Ticket& s = src.ticket;
    if (!ticket::is_open(s.state))
      return Error::invalid("id", "a " + std::string(ticket::name(s.state)) + " ticket cannot be split");
    auto articles = tx.tickets().list_articles(id, true);
    std::set<Id> wanted(r.article_ids.begin(), r.article_ids.end());
    std::string first_body;
    for (Id a : wanted) {
      auto it =
          std::find_if(articles.begin(), articles.end(), [&](const ticket::Article& x) { return x.id == a; });
      if (it == articles.end())
        return Error::invalid("article_ids",
                              "article " + std::to_string(a) + " is not one of ticket " + s.number);
      if (first_body.empty()) first_body = it->body;
    }
    if (wanted.size() == articles.size())
      return Error::invalid("article_ids", "leave at least one article on the original ticket");
    ticket::NewTicket in;
    in.subject = subject ? *subject : clip("拆分自 / Split from " + s.number + ": " + s.subject, 200);
    in.description = first_body.empty() ? s.description : first_body;
    in.type = s.type;
    in.category_id = s.category_id;
    in.impact = s.impact;
    in.urgency = s.urgency;
    in.priority = s.priority;
    in.channel = s.channel;
    in.requester_id = s.requester_id;
    in.team_id = s.team_id;
    in.tier = s.tier;
    TicketView fresh = TD_TRY(m_tickets.create_in(tx, actor, in, now));
    const Id new_id = fresh.ticket.id;
    tx.dispatch().move_articles(id, new_id, std::vector<Id>(wanted.begin(), wanted.end()));
    Link link;
    link.ticket_id = new_id;
    link.other_id = id;
    link.kind = LinkKind::split_from;
    link.created_at = now;
    if (actor.user_id) link.created_by = actor.user_id;
    tx.dispatch().insert_link(link);
    event(tx, actor, id, now, "split_to", std::nullopt, fresh.ticket.number, false);
    event(tx, actor, new_id, now, "split_from", std::nullopt, s.number, false);
    auto source = tx.tickets().find_ticket(id);
    tx.changes().publish(ticket::ticket_change(source->ticket, "split"));
    return *tx.tickets().find_ticket(new_id);
  });
}

Result<std::vector<LinkView>> DispatchService::links(const Principal& actor, Id id) {
  return m_store.read([&](DispatchTx& tx) -> Result<std::vector<LinkView>> {
    TD_TRY(load_visible(tx, actor, id));
    std::vector<LinkView> out;
    const auto scope = ticket::scope_for(actor);
    for (const auto& l : tx.dispatch().links_of(id)) {
      LinkView v;
      v.link = l;
      v.relation = link_relation(l, id);
      v.other_id = l.ticket_id == id ? l.other_id : l.ticket_id;
      auto other = tx.tickets().find_ticket(v.other_id);
      if (!other) continue;
      if (!ticket::can_view(scope, other->ticket)) continue;  // a link does not reveal what one may not see
      v.other_number = other->ticket.number;
      v.other_subject = other->ticket.subject;
      v.other_state = other->ticket.state;
      out.push_back(std::move(v));
    }
    return out;
  });
}

Result<std::vector<LinkView>> DispatchService::add_link(const Principal& actor, Id id, Id other,
                                                        const std::string& kind) {
  if (!identity::is_agent(actor.role)) return Error::forbidden("only support staff may link tickets");
  if (kind != "parent_of" && kind != "child_of" && kind != "related")
    return Error::invalid("relation", "relation must be one of parent_of, child_of, related");
  if (other == id) return Error::invalid("ticket_id", "a ticket cannot be linked to itself");
  const Timestamp now = m_clock.now();
  auto r = m_store.write([&](DispatchTx& tx) -> Result<void> {
    TicketView t = TD_TRY(load_visible(tx, actor, id));
    auto o = tx.tickets().find_ticket(other);
    if (!o || !ticket::can_view(ticket::scope_for(actor), o->ticket))
      return Error::invalid("ticket_id", "no ticket with id " + std::to_string(other));
    Link l;
    l.kind = kind == "related" ? LinkKind::related : LinkKind::parent_of;
    l.ticket_id = kind == "child_of" ? other : id;
    l.other_id = kind == "child_of" ? id : other;
    if (l.kind == LinkKind::parent_of) {
      // No ticket is its own ancestor.
      std::set<Id> seen{l.other_id};
      std::vector<Id> up{l.ticket_id};
      while (!up.empty()) {
        Id cur = up.back();
        up.pop_back();
        if (seen.count(cur))
          return Error::invalid("ticket_id", "the link would make a ticket its own parent");
        seen.insert(cur);
        for (const auto& x : tx.dispatch().links_of(cur))
          if (x.kind == LinkKind::parent_of && x.other_id == cur) up.push_back(x.ticket_id);
      }
    } else {
      for (const auto& x : tx.dispatch().links_of(id))
        if (x.kind == LinkKind::related && (x.ticket_id == other || x.other_id == other))
          return Error::conflict("the tickets are already related", "ticket_id");
    }
    l.created_at = now;
    if (actor.user_id) l.created_by = actor.user_id;
    if (!tx.dispatch().insert_link(l))
      return Error::conflict("the tickets are already linked so", "ticket_id");
    event(tx, actor, id, now, "link", std::nullopt, kind + " " + o->ticket.number);
    event(tx, actor, other, now, "link", std::nullopt,
          (kind == "parent_of"  ? std::string("child_of")
           : kind == "child_of" ? "parent_of"
                                : kind) +
              " " + t.ticket.number);
    return ok();
  });
  if (!r) return r.error();
  return links(actor, id);
}

Result<void> DispatchService::remove_link(const Principal& actor, Id id, Id link) {
  if (!identity::is_agent(actor.role)) return Error::forbidden("only support staff may unlink tickets");
  const Timestamp now = m_clock.now();
  return m_store.write([&](DispatchTx& tx) -> Result<void> {
    TD_TRY(load_visible(tx, actor, id));
    auto l = tx.dispatch().find_link(link);
    if (!l || (l->ticket_id != id && l->other_id != id)) return Error::not_found("link");
    if (l->kind == LinkKind::merged_into || l->kind == LinkKind::split_from)
      return Error::conflict("a merge or split is history and cannot be unlinked", "link");
    tx.dispatch().delete_link(link);
    event(tx, actor, id, now, "link", std::string(name(l->kind)) + " " + std::to_string(l->other_id),
          std::nullopt);
    return ok();
  });
}

Result<std::vector<std::string>> DispatchService::tags(const Principal& actor, Id id) {
  return m_store.read([&](DispatchTx& tx) -> Result<std::vector<std::string>> {
    TD_TRY(load_visible(tx, actor, id));
    return tx.dispatch().tags(id);
  });
}

Result<std::vector<std::string>> DispatchService::add_tag(const Principal& actor, Id id,
                                                          const std::string& tag_in) {
  if (!identity::is_agent(actor.role)) return Error::forbidden("only support staff may tag tickets");
  if (!is_valid_utf8(tag_in) || trim(tag_in).empty() || utf8_length(tag_in) > 50 ||
      has_control_chars(tag_in, false) || tag_in.find(',') != std::string::npos)
    return Error::invalid("tag", "tag must be 1 to 50 characters without commas");
  const std::string tag(trim(tag_in));
  const Timestamp now = m_clock.now();
  return m_store.write([&](DispatchTx& tx) -> Result<std::vector<std::string>> {
    TicketView v = TD_TRY(load_visible(tx, actor, id));
    if (tx.dispatch().tags(id).size() >= 50) return Error::invalid("tag", "a ticket has at most 50 tags");
    if (tx.dispatch().add_tag(id, tag)) {
      event(tx, actor, id, now, "tag", std::nullopt, tag);
      tx.changes().publish(ticket::ticket_change(v.ticket, "tags"));
    }
    return tx.dispatch().tags(id);
  });
}

Result<std::vector<std::string>> DispatchService::remove_tag(const Principal& actor, Id id,
                                                             const std::string& tag) {
  if (!identity::is_agent(actor.role)) return Error::forbidden("only support staff may tag tickets");
  const Timestamp now = m_clock.now();
  return m_store.write([&](DispatchTx& tx) -> Result<std::vector<std::string>> {
    TicketView v = TD_TRY(load_visible(tx, actor, id));
    if (!tx.dispatch().remove_tag(id, tag)) return Error::not_found("tag");
    event(tx, actor, id, now, "tag", tag, std::nullopt);
    tx.changes().publish(ticket::ticket_change(v.ticket, "tags"));
    return tx.dispatch().tags(id);
  });
}

// ---- work log ----

Result<std::vector<WorklogEntry>> DispatchService::worklog(const Principal& actor, Id ticket) {
  if (!identity::is_agent(actor.role)) return Error::forbidden("only support staff see the work log");
  return m_store.read([&](DispatchTx& tx) -> Result<std::vector<WorklogEntry>> {
    TD_TRY(load_visible(tx, actor, ticket));
    return tx.dispatch().worklog_of(ticket);
  });
}

Result<WorklogEntry> DispatchService::log_work(const Principal& actor, Id ticket, const NewWorklog& in) {
  if (!identity::is_agent(actor.role) || actor.user_id == 0)
    return Error::forbidden("only support staff log work");
  if (in.minutes <= 0) return Error::invalid("minutes", "minutes must be a positive number of minutes");
  if (in.minutes > k_max_minutes_per_day)
    return Error::invalid("minutes", "an entry is at most 1440 minutes (one day); split longer work by day");
  std::string note = TD_TRY(check_text(in.note, "note", 2000, false));
  const Timestamp now = m_clock.now();
  const std::string today_s = today(now, m_options.zone);
  std::string day = in.work_date.value_or(today_s);
  auto parsed = sla::parse_day(day);
  if (!parsed) return Error::invalid("work_date", "work_date must be a date like 2026-11-30");
  auto today_d = *sla::parse_day(today_s);
  if (*parsed > today_d) return Error::invalid("work_date", "work_date must not be in the future");
  if (*parsed < today_d - 366) return Error::invalid("work_date", "work_date must be within the last year");
  day = sla::format_day(*parsed);
  return m_store.write([&](DispatchTx& tx) -> Result<WorklogEntry> {
    TicketView v = TD_TRY(load_visible(tx, actor, ticket));
    int that_day = 0;
    for (const auto& e : tx.dispatch().worklog_between(actor.user_id, day, day, 1000))
      that_day += e.minutes;
    if (that_day + in.minutes > k_max_minutes_per_day)
      return Error::invalid("minutes", "that would make " + std::to_string((that_day + in.minutes) / 60) +
                                           " h " + std::to_string((that_day + in.minutes) % 60) + " min on " +
                                           day + ": more than a day");
    WorklogEntry e;
    e.ticket_id = ticket;
    e.user_id = actor.user_id;
    e.user_name = actor.name;
    e.ticket_number = v.ticket.number;
    e.activity = in.activity;
    e.minutes = in.minutes;
    e.note = note;
    e.work_date = day;
    e.created_at = now;
    e.id = tx.dispatch().insert_worklog(e);
    event(tx, actor, ticket, now, "worklog", std::nullopt,
          std::to_string(in.minutes) + " min " + std::string(name(in.activity)));
    tx.changes().publish(ticket::ticket_change(v.ticket, "worklog"));
    return e;
  });
}

Result<void> DispatchService::delete_work(const Principal& actor, Id ticket, Id entry) {
  if (!identity::is_agent(actor.role)) return Error::forbidden("only support staff log work");
  const Timestamp now = m_clock.now();
  return m_store.write([&](DispatchTx& tx) -> Result<void> {
    TicketView v = TD_TRY(load_visible(tx, actor, ticket));
    auto e = tx.dispatch().find_worklog(entry);
    if (!e || e->ticket_id != ticket) return Error::not_found("work log entry");
    if (e->user_id != actor.user_id && !is_admin(actor) &&
        !(actor.role == Role::team_lead && v.ticket.team_id && in_teams(actor, *v.ticket.team_id)))
      return Error::forbidden("only its author, their team lead or a manager may remove a work log entry");
    tx.dispatch().delete_worklog(entry);
    event(tx, actor, ticket, now, "worklog",
          std::to_string(e->minutes) + " min " + std::string(name(e->activity)), std::nullopt);
    tx.changes().publish(ticket::ticket_change(v.ticket, "worklog"));
    return ok();
  });
}

Result<WorklogTotals> DispatchService::worklog_totals(const Principal& actor, std::optional<Id> user,
                                                      const std::string& from, const std::string& to,
                                                      const std::string& group) {
  if (!identity::is_agent(actor.role)) return Error::forbidden("only support staff see work log totals");
  const bool may_all = is_admin(actor) || actor.role == Role::team_lead;
  if (!may_all) {
    if (user && *user != actor.user_id) return Error::forbidden("agents see their own work log totals");
    user = actor.user_id;
  }
  auto f = sla::parse_day(from);
  auto t = sla::parse_day(to);
  if (!f) return Error::invalid_query("from", "from must be a date like 2026-11-01");
  if (!t) return Error::invalid_query("to", "to must be a date like 2026-11-30");
  if (*t < *f) return Error::invalid_query("to", "to must not be before from");
  if (*t - *f > 366) return Error::invalid_query("to", "at most 366 days at once");
  if (group != "day" && group != "week") return Error::invalid_query("group", "group must be day or week");
  return m_store.read([&](DispatchTx& tx) -> Result<WorklogTotals> {
    std::map<std::pair<Id, std::string>, WorklogTotals::Row> rows;
    WorklogTotals out;
    for (const auto& e :
         tx.dispatch().worklog_between(user, sla::format_day(*f), sla::format_day(*t), 200000)) {
      std::string period = e.work_date;
      if (group == "week") {
        auto d = *sla::parse_day(e.work_date);
        period = sla::format_day(d - sla::weekday_of(d));
      }
      auto& row = rows[{e.user_id, period}];
      row.user_id = e.user_id;
      row.user_name = e.user_name;
      row.period = period;
      row.minutes += e.minutes;
      row.entries += 1;
      out.total_minutes += e.minutes;
    }
    for (auto& [key, row] : rows)
      out.rows.push_back(std::move(row));
    return out;
  });
}

// ---- automation rules ----

Result<void> DispatchService::check_rule_refs(DispatchTx& tx, const Rule& r) {
  for (std::size_t i = 0; i < r.then.size(); ++i) {
    const Action& a = r.then[i];
    const std::string f = "actions[" + std::to_string(i) + "]";
    if (a.team_id && !tx.identity().find_team(*a.team_id))
      return Error::invalid(f + ".team_id", "no team with id " + std::to_string(*a.team_id));
    if (a.user_id) {
      auto u = tx.identity().find_user(*a.user_id);
      if (!u || !u->active || !identity::is_agent(u->role))
        return Error::invalid(f + ".user_id", "no active agent with id " + std::to_string(*a.user_id));
    }
  }
  for (std::size_t i = 0; i < r.when.category_ids.size(); ++i)
    if (!tx.tickets().find_category(r.when.category_ids[i]))
      return Error::invalid("conditions.category_ids[" + std::to_string(i) + "]",
                            "no category with id " + std::to_string(r.when.category_ids[i]));
  for (std::size_t i = 0; i < r.when.organization_ids.size(); ++i)
    if (!tx.identity().find_org(r.when.organization_ids[i]))
      return Error::invalid("conditions.organization_ids[" + std::to_string(i) + "]",
                            "no organisation with id " + std::to_string(r.when.organization_ids[i]));
  return ok();
}

Result<void> DispatchService::changed_config(DispatchTx& tx) {
  tx.changes().publish({k_config_topic, "{}"});
  return ok();
}

Result<std::vector<Rule>> DispatchService::rules(const Principal& actor) {
  if (!is_admin(actor)) return Error::forbidden("only managers and admins see automation rules");
  return m_store.read([&](DispatchTx& tx) -> Result<std::vector<Rule>> {
    auto all = tx.dispatch().list_rules();
    std::sort(all.begin(), all.end(), [](const Rule& a, const Rule& b) {
      if (a.trigger != b.trigger) return a.trigger < b.trigger;
      return a.position != b.position ? a.position < b.position : a.id < b.id;
    });
    return all;
  });
}

Result<Rule> DispatchService::rule(const Principal& actor, Id id) {
  if (!is_admin(actor)) return Error::forbidden("only managers and admins see automation rules");
  return m_store.read([&](DispatchTx& tx) -> Result<Rule> {
    auto r = tx.dispatch().find_rule(id);
    if (!r) return Error::not_found("rule");
    return *r;
  });
}

Result<Rule> DispatchService::create_rule(const Principal& actor, Rule r) {
  if (!is_admin(actor)) return Error::forbidden("only managers and admins change automation rules");
  TD_TRY(validate(r));
  r.name = std::string(trim(r.name));
  r.updated_at = m_clock.now();
  r.last_error.clear();
  r.last_error_at.reset();
  auto out = m_store.write([&](DispatchTx& tx) -> Result<Rule> {
    TD_TRY(check_rule_refs(tx, r));
    r.id = TD_TRY(tx.dispatch().insert_rule(r));
    TD_TRY(changed_config(tx));
    return r;
  });
  if (out) m_automation.invalidate();
  return out;
}

Result<Rule> DispatchService::replace_rule(const Principal& actor, Id id, Rule r) {
  if (!is_admin(actor)) return Error::forbidden("only managers and admins change automation rules");
  TD_TRY(validate(r));
  r.id = id;
  r.name = std::string(trim(r.name));
  r.updated_at = m_clock.now();
  r.last_error.clear();
  r.last_error_at.reset();
  auto out = m_store.write([&](DispatchTx& tx) -> Result<Rule> {
    if (!tx.dispatch().find_rule(id)) return Error::not_found("rule");
    TD_TRY(check_rule_refs(tx, r));
    TD_TRY(tx.dispatch().update_rule(r));
    TD_TRY(changed_config(tx));
    return r;
  });
  if (out) m_automation.invalidate();
  return out;
}

Result<void> DispatchService::delete_rule(const Principal& actor, Id id) {
  if (!is_admin(actor)) return Error::forbidden("only managers and admins change automation rules");
  auto out = m_store.write([&](DispatchTx& tx) -> Result<void> {
    if (!tx.dispatch().find_rule(id)) return Error::not_found("rule");
    tx.dispatch().delete_rule(id);
    return changed_config(tx);
  });
  if (out) m_automation.invalidate();
  return out;
}

// ---- macros ----

namespace {

Result<void> check_macro(const Macro& m) {
  if (!is_valid_utf8(m.name) || trim(m.name).empty() || utf8_length(m.name) > 100 ||
      has_control_chars(m.name, false))
    return Error::invalid("name", "name must be 1 to 100 characters of plain text");
  if (trim(m.body).empty()) return Error::missing("body");
  return check_template(m.body, "body");
}

bool may_edit_macro(const Principal& p, const std::optional<Id>& team) {
  if (is_admin(p)) return true;
  return team && p.role == Role::team_lead && in_teams(p, *team);
}

bool may_use_macro(const Principal& p, const Macro& m) {
  return is_admin(p) || !m.team_id || in_teams(p, *m.team_id);
}

}  // namespace

Result<std::vector<Macro>> DispatchService::macros(const Principal& actor) {
  if (!identity::is_agent(actor.role)) return Error::forbidden("only support staff use macros");
  return m_store.read([&](DispatchTx& tx) -> Result<std::vector<Macro>> {
    std::vector<Macro> out;
    for (auto& m : tx.dispatch().list_macros())
      if (may_use_macro(actor, m)) out.push_back(std::move(m));
    return out;
  });
}

Result<Macro> DispatchService::create_macro(const Principal& actor, Macro m) {
  if (!may_edit_macro(actor, m.team_id))
    return Error::forbidden(m.team_id ? "only the team's lead, a manager or an admin may add its macros"
                                      : "only managers and admins add macros for everyone");
  TD_TRY(check_macro(m));
  m.name = std::string(trim(m.name));
  m.updated_at = m_clock.now();
  return m_store.write([&](DispatchTx& tx) -> Result<Macro> {
    if (m.team_id && !tx.identity().find_team(*m.team_id))
      return Error::invalid("team_id", "no team with id " + std::to_string(*m.team_id));
    m.id = TD_TRY(tx.dispatch().insert_macro(m));
    return m;
  });
}

Result<Macro> DispatchService::replace_macro(const Principal& actor, Id id, Macro m) {
  TD_TRY(check_macro(m));
  m.id = id;
  m.name = std::string(trim(m.name));
  m.updated_at = m_clock.now();
  return m_store.write([&](DispatchTx& tx) -> Result<Macro> {
    auto old = tx.dispatch().find_macro(id);
    if (!old || !may_use_macro(actor, *old)) return Error::not_found("macro");
    if (!may_edit_macro(actor, old->team_id) || !may_edit_macro(actor, m.team_id))
      return Error::forbidden("only the team's lead, a manager or an admin may change its macros");
    if (m.team_id && !tx.identity().find_team(*m.team_id))
      return Error::invalid("team_id", "no team with id " + std::to_string(*m.team_id));
    TD_TRY(tx.dispatch().update_macro(m));
    return m;
  });
}

Result<void> DispatchService::delete_macro(const Principal& actor, Id id) {
  return m_store.write([&](DispatchTx& tx) -> Result<void> {
    auto old = tx.dispatch().find_macro(id);
    if (!old || !may_use_macro(actor, *old)) return Error::not_found("macro");
    if (!may_edit_macro(actor, old->team_id))
      return Error::forbidden("only the team's lead, a manager or an admin may remove its macros");
    tx.dispatch().delete_macro(id);
    return ok();
  });
}

Result<std::string> DispatchService::render_macro(const Principal& actor, Id macro, Id ticket) {
  if (!identity::is_agent(actor.role)) return Error::forbidden("only support staff use macros");
  return m_store.read([&](DispatchTx& tx) -> Result<std::string> {
    auto m = tx.dispatch().find_macro(macro);
    if (!m || !may_use_macro(actor, *m)) return Error::not_found("macro");
    TicketView v = TD_TRY(load_visible(tx, actor, ticket));
    std::map<std::string, std::string> values{{"ticket.number", v.ticket.number},
                                              {"ticket.subject", v.ticket.subject},
                                              {"requester.name", v.requester.name},
                                              {"agent.name", actor.name}};
    if (v.team) values["team.name"] = v.team->name;
    return render_template(m->body, values);
  });
}

// ---- presence ----

Result<void> DispatchService::presence(const Principal& actor, Id ticket, const std::string& activity) {
  if (!identity::is_agent(actor.role)) return Error::forbidden("only support staff announce presence");
  if (activity != "replying" && activity != "viewing" && activity != "idle")
    return Error::invalid("activity", "activity must be one of replying, viewing, idle");
  // A write transaction that writes nothing: the change reaches every node (PostgreSQL NOTIFY) only
  // through a commit.
  return m_store.write([&](DispatchTx& tx) -> Result<void> {
    TicketView v = TD_TRY(load_visible(tx, actor, ticket));
    tx.changes().publish(ticket::presence_change(v.ticket, actor.user_id, actor.name, activity));
    return ok();
  });
}

}  // namespace techdesk::dispatch
