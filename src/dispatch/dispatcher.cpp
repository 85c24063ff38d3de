#include "dispatch/dispatcher.h"

#include <spdlog/spdlog.h>

#include <algorithm>
#include <boost/json.hpp>

#include "identity/role.h"
#include "notify/notifier.h"
#include "ticket/state_machine.h"
#include "ticket/ticket_service.h"

namespace techdesk::dispatch {

using ticket::Ticket;

namespace {

constexpr auto k_hours_ttl = std::chrono::seconds(30);

DispatchTx* dispatch_tx(ticket::TicketTx& tx) {
  return dynamic_cast<DispatchTx*>(&tx);
}

void tell(DispatchTx& tx, Id user, const char* kind, const Ticket& t, std::string title,
          boost::json::object data, Timestamp at) {
  notify::Notification n;
  n.user_id = user;
  n.kind = kind;
  n.ticket_id = t.id;
  n.title = std::move(title);
  data["number"] = t.number;
  data["subject"] = t.subject;
  n.data = boost::json::serialize(data);
  n.created_at = at;
  notify::notify(tx, std::move(n));
}

bool is_login_char(char c) {
  return (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9') || c == '.' || c == '_' ||
         c == '-';
}

// The logins mentioned as "@login" in a text (not e-mail addresses: "@" must not follow a login
// character), at most 20.
std::vector<std::string> mentions(const std::string& body) {
  std::vector<std::string> out;
  for (std::size_t i = 0; i < body.size() && out.size() < 20; ++i) {
    if (body[i] != '@' || (i > 0 && is_login_char(body[i - 1]))) continue;
    std::size_t j = i + 1;
    while (j < body.size() && is_login_char(body[j]))
      ++j;
    std::string login = body.substr(i + 1, j - i - 1);
    while (!login.empty() && (login.back() == '.' || login.back() == '-'))
      login.pop_back();  // "@wang." ends a sentence
    if (!login.empty() && std::find(out.begin(), out.end(), login) == out.end()) out.push_back(login);
    i = j - 1;
  }
  return out;
}

// Whether the creator gave the ticket its assignee (rules and auto-assignment that did tell the assignee
// themselves, from on_updated).
bool created_assigned(DispatchTx& tx, const Ticket& t, const identity::Principal& creator) {
  if (t.version == 1) return true;
  for (const auto& e : tx.tickets().list_events(t.id, true))
    if (e.field == "assignee_id")
      return e.actor_id && *e.actor_id == creator.user_id && e.after == std::to_string(*t.assignee_id);
  return false;
}

}  // namespace

identity::Principal dispatch_principal() {
  identity::Principal p;
  p.user_id = 0;
  p.name = "自动分派 / auto-assignment";
  p.role = identity::Role::admin;
  return p;
}

void Dispatcher::invalidate() {
  std::lock_guard lock(m_mutex);
  m_hours.clear();
}

bool Dispatcher::working(DispatchTx& tx, const TeamDispatch& d, Timestamp at) {
  if (!d.calendar_id) return true;
  std::shared_ptr<const sla::BusinessClock> clock;
  {
    std::lock_guard lock(m_mutex);
    if (std::chrono::steady_clock::now() - m_loaded > k_hours_ttl) {
      m_hours.clear();
      m_loaded = std::chrono::steady_clock::now();
    }
    auto it = m_hours.find(*d.calendar_id);
    if (it != m_hours.end()) clock = it->second;
  }
  if (!clock) {
    auto cal = tx.sla().find_calendar(*d.calendar_id);
    if (!cal || !sla::validate(*cal).ok()) return true;  // the calendar is gone: hours no longer restrict
    clock = std::make_shared<const sla::BusinessClock>(std::move(*cal));
    std::lock_guard lock(m_mutex);
    m_hours[*d.calendar_id] = clock;
  }
  return clock->is_working(at);
}

std::vector<Candidate> Dispatcher::candidates(DispatchTx& tx, Id team_id) {
  return tx.dispatch().team_candidates(team_id);
}

Result<std::optional<Id>> Dispatcher::assign(DispatchTx& tx, Ticket& t, Timestamp at, bool explain_miss) {
  if (!t.team_id || t.assignee_id || !ticket::is_open(t.state)) return std::optional<Id>{};
  auto d = tx.dispatch().find_team_dispatch(*t.team_id);
  if (!d || d->strategy == Strategy::manual) return std::optional<Id>{};
  auto log = [&](const std::string& why) {
    ticket::Event e;
    e.ticket_id = t.id;
    e.at = at;
    e.field = "dispatch";
    e.after = why;
    e.internal = true;
    tx.tickets().append_event(e);
  };
  if (!working(tx, *d, at)) {
    if (explain_miss) log("outside the team's working hours: waits in the team's queue");
    return std::optional<Id>{};
  }
  std::vector<Skill> required;
  if (t.category_id) required = tx.dispatch().category_skills(*t.category_id);
  Decision decision = choose(d->strategy, candidates(tx, *t.team_id), required, d->capacity);
  if (!decision.assignee) {
    if (explain_miss) log(decision.why);
    return std::optional<Id>{};
  }
  ticket::TicketPatch patch;
  patch.assignee_id = std::optional<Id>(*decision.assignee);
  log(decision.why);
  t = TD_TRY(m_tickets->update_in(tx, dispatch_principal(), t.id, patch, at)).ticket;
  tx.dispatch().touch_assigned(*t.team_id, *decision.assignee, at);
  return decision.assignee;
}

Result<void> Dispatcher::on_created(ticket::TicketTx& ttx, const identity::Principal& actor, Ticket& t,
                                    Timestamp at) {
  DispatchTx* tx = dispatch_tx(ttx);
  if (!tx) return ok();
  if (t.team_id && !t.assignee_id) {
    TD_TRY(assign(*tx, t, at));
  } else if (t.assignee_id && *t.assignee_id != actor.user_id && created_assigned(*tx, t, actor)) {
    tell(*tx, *t.assignee_id, "ticket.assigned", t,
         "工单 " + t.number + " 已分派给您 / Ticket " + t.number + " was assigned to you",
         {{"by", actor.name}}, at);
  }
  return ok();
}

Result<void> Dispatcher::on_updated(ticket::TicketTx& ttx, const identity::Principal& actor,
                                    const Ticket& before, const Ticket& after, Timestamp at) {
  DispatchTx* tx = dispatch_tx(ttx);
  if (!tx) return ok();
  if (after.assignee_id && after.assignee_id != before.assignee_id && *after.assignee_id != actor.user_id)
    tell(*tx, *after.assignee_id, "ticket.assigned", after,
         "工单 " + after.number + " 已分派给您 / Ticket " + after.number + " was assigned to you",
         {{"by", actor.name}}, at);
  // Arrived in a team's queue with nobody holding it: the team's strategy picks someone.
  const bool arrived =
      after.team_id && (after.team_id != before.team_id || before.assignee_id) && !after.assignee_id;
  if (arrived && ticket::is_open(after.state)) {
    Ticket t = after;
    TD_TRY(assign(*tx, t, at));
  }
  return ok();
}

Result<void> Dispatcher::on_article(ticket::TicketTx& ttx, const Ticket& t, const ticket::Article& a,
                                    const identity::Principal& author, Timestamp at) {
  DispatchTx* tx = dispatch_tx(ttx);
  if (!tx || author.user_id == 0) return ok();
  std::vector<Id> told;
  for (const auto& login : mentions(a.body)) {
    identity::UserQuery q;
    q.text = login;
    q.limit = 5;
    for (const auto& u : tx->identity().list_users(q)) {
      if (u.login != login || !u.active || !identity::is_agent(u.role) || u.id == author.user_id) continue;
      tell(*tx, u.id, "ticket.mentioned", t,
           author.name + " 在工单 " + t.number + " 中提到了您 / " + author.name +
               " mentioned you on ticket " + t.number,
           {{"by", author.name}, {"article_id", a.id}}, at);
      told.push_back(u.id);
    }
  }
  if (t.assignee_id && *t.assignee_id != author.user_id &&
      std::find(told.begin(), told.end(), *t.assignee_id) == told.end())
    tell(*tx, *t.assignee_id, "ticket.reply", t,
         author.name + " 回复了您负责的工单 " + t.number + " / " + author.name + " wrote on your ticket " +
             t.number,
         {{"by", author.name}, {"article_id", a.id}, {"kind", ticket::name(a.kind)}}, at);
  return ok();
}

Result<int> Dispatcher::sweep(int per_team) {
  const Timestamp now = m_clock.now();
  auto teams = TD_TRY(m_store.read([&](DispatchTx& tx) -> Result<std::vector<Id>> {
    std::vector<Id> out;
    for (const auto& d : tx.dispatch().auto_teams())
      out.push_back(d.team_id);
    return out;
  }));
  int assigned = 0;
  for (Id team : teams) {
    auto queued = TD_TRY(m_store.read([&](DispatchTx& tx) -> Result<std::vector<Id>> {
      return tx.dispatch().queued_tickets(team, per_team);
    }));
    for (Id id : queued) {
      auto r = m_store.write([&](DispatchTx& tx) -> Result<bool> {
        auto view = tx.tickets().find_ticket(id);
        if (!view) return false;
        Ticket t = view->ticket;
        auto who = TD_TRY(assign(tx, t, now, false));
        return who.has_value();
      });
      if (!r) {
        spdlog::warn("dispatch: cannot assign queued ticket {}: {}", id, r.error().message);
        continue;
      }
      if (!*r) break;  // nobody can take the oldest: nobody can take the rest either
      ++assigned;
    }
  }
  return assigned;
}

}  // namespace techdesk::dispatch
