#include "dispatch/automation.h"

#include <spdlog/spdlog.h>

#include <boost/json.hpp>
#include <deque>
#include <map>

#include "common/text.h"
#include "dispatch/template.h"
#include "identity/role.h"
#include "notify/notifier.h"
#include "notify/recipients.h"
#include "ticket/state_machine.h"
#include "ticket/ticket_service.h"

namespace techdesk::dispatch {

using ticket::State;
using ticket::Ticket;

namespace {

constexpr auto k_rules_ttl = std::chrono::seconds(30);

// How deep this thread is in carrying out rules: what rules change must not run rules again.
thread_local int t_depth = 0;

struct DepthGuard {
  DepthGuard() { ++t_depth; }
  ~DepthGuard() { --t_depth; }
  DepthGuard(const DepthGuard&) = delete;
  DepthGuard& operator=(const DepthGuard&) = delete;
};

DispatchTx* dispatch_tx(ticket::TicketTx& tx) {
  return dynamic_cast<DispatchTx*>(&tx);
}

void event(DispatchTx& tx, Id ticket, Timestamp at, std::string field, std::optional<std::string> before,
           std::optional<std::string> after) {
  ticket::Event e;
  e.ticket_id = ticket;
  e.at = at;
  e.field = std::move(field);
  e.before = std::move(before);
  e.after = std::move(after);
  e.internal = true;
  tx.tickets().append_event(e);
}

// What placeholders stand for, for this ticket.
std::map<std::string, std::string> values_for(DispatchTx& tx, const Ticket& t) {
  std::map<std::string, std::string> v{{"ticket.number", t.number}, {"ticket.subject", t.subject}};
  if (auto r = tx.identity().find_user(t.requester_id)) v["requester.name"] = r->name;
  if (t.assignee_id)
    if (auto a = tx.identity().find_user(*t.assignee_id)) v["agent.name"] = a->name;
  if (t.team_id)
    if (auto team = tx.identity().find_team(*t.team_id)) v["team.name"] = team->name;
  return v;
}

// The shortest way through the state machine from `from` to `to` (not through reopened), for a time
// rule that resolves a ticket waiting on the customer: pending_customer → in_progress → resolved.
std::vector<State> path_to(State from, State to) {
  std::map<State, State> came_from;
  std::deque<State> queue{from};
  came_from[from] = from;
  while (!queue.empty()) {
    State s = queue.front();
    queue.pop_front();
    if (s == to) break;
    for (State n : ticket::next_states(s)) {
      if (came_from.count(n) || n == State::reopened || n == State::assigned) continue;
      came_from[n] = s;
      queue.push_back(n);
    }
  }
  if (!came_from.count(to)) return {};
  std::vector<State> path;
  for (State s = to; s != from; s = came_from[s])
    path.insert(path.begin(), s);
  return path;
}

std::vector<Id> recipients(DispatchTx& tx, Recipient r, const Ticket& t) {
  switch (r) {
    case Recipient::assignee:
      return t.assignee_id ? std::vector<Id>{*t.assignee_id} : std::vector<Id>{};
    case Recipient::team_leads:
      return notify::team_leads(tx.identity(), t);
    case Recipient::managers:
      return notify::users_with_role(tx.identity(), identity::Role::manager);
    case Recipient::requester:
      return {t.requester_id};
  }
  return {};
}

}  // namespace

identity::Principal rule_principal(const Rule& r) {
  identity::Principal p;
  p.user_id = 0;
  p.name = "规则 / rule: " + r.name;
  p.role = identity::Role::admin;
  return p;
}

void AutomationEngine::invalidate() {
  std::lock_guard lock(m_mutex);
  m_rules.reset();
}

std::shared_ptr<const std::vector<Rule>> AutomationEngine::rules(DispatchRepo& repo) {
  {
    std::lock_guard lock(m_mutex);
    if (m_rules && std::chrono::steady_clock::now() - m_loaded < k_rules_ttl) return m_rules;
  }
  auto loaded = std::make_shared<const std::vector<Rule>>(repo.list_rules());
  std::lock_guard lock(m_mutex);
  m_rules = loaded;
  m_loaded = std::chrono::steady_clock::now();
  return loaded;
}

Result<void> AutomationEngine::on_created(ticket::TicketTx& ttx, const identity::Principal&, Ticket& t,
                                          Timestamp at) {
  DispatchTx* tx = dispatch_tx(ttx);
  if (!tx) return ok();
  tx->dispatch().set_state_since(t.id, t.state, at);
  if (t_depth > 0) return ok();
  return run(*tx, Trigger::create, t, nullptr, at);
}

Result<void> AutomationEngine::on_updated(ticket::TicketTx& ttx, const identity::Principal&,
                                          const Ticket& before, const Ticket& after, Timestamp at) {
  DispatchTx* tx = dispatch_tx(ttx);
  if (!tx) return ok();
  if (before.state != after.state) {
    if (ticket::is_open(after.state)) {
      tx->dispatch().set_state_since(after.id, after.state, at);
    } else {
      tx->dispatch().forget_state_since(after.id);
    }
  }
  if (t_depth > 0) return ok();
  Ticket t = after;
  return run(*tx, Trigger::update, t, &before, at);
}

Result<void> AutomationEngine::on_article(ticket::TicketTx&, const Ticket&, const ticket::Article&,
                                          const identity::Principal&, Timestamp) {
  return ok();
}

Result<void> AutomationEngine::run(DispatchTx& tx, Trigger trigger, Ticket& t, const Ticket* before,
                                   Timestamp at) {
  auto all = rules(tx.dispatch());
  if (all->empty()) return ok();
  RuleFacts facts;
  facts.ticket = &t;
  if (t.organization_id)
    if (auto org = tx.identity().find_org(*t.organization_id)) facts.organization_kind = org->kind;
  if (t.category_id)
    if (auto c = tx.tickets().find_category(*t.category_id)) facts.category_parent_id = c->parent_id;
  auto runs = run_rules(*all, trigger, facts, before,
                        [&](const Rule& r, const Ticket& current) { return apply(tx, r, current, at); });
  for (const auto& run : runs) {
    if (run.error) {
      report(tx, *run.rule, *run.error, t, at);
    } else if (!run.rule->last_error.empty()) {
      tx.dispatch().record_rule_error(run.rule->id, "", std::nullopt);
      invalidate();
    }
  }
  if (!runs.empty())
    if (auto view = tx.tickets().find_ticket(t.id)) t = view->ticket;
  return ok();
}

Result<Ticket> AutomationEngine::apply(DispatchTx& tx, const Rule& r, const Ticket& t, Timestamp at) {
  // Everything is checked before anything is done: a rule acts wholly or not at all.
  ticket::TicketPatch patch;
  std::vector<std::pair<const Action*, std::string>> articles;  // (action, rendered text)
  std::vector<const Action*> others;
  std::optional<State> to_state;
  std::string state_reason;
  const auto values = values_for(tx, t);
  for (std::size_t i = 0; i < r.then.size(); ++i) {
    const Action& a = r.then[i];
    const std::string f = "actions[" + std::to_string(i) + "]";
    switch (a.kind) {
      case ActionKind::set_team: {
        auto team = tx.identity().find_team(*a.team_id);
        if (!team) return Error::invalid(f + ".team_id", "no team with id " + std::to_string(*a.team_id));
        if (ticket::is_open(t.state) && t.team_id != team->id) {
          patch.team_id = std::optional<Id>(team->id);
          // Whoever held it stays on it only if they belong to the new team.
          if (t.assignee_id && std::find(team->member_ids.begin(), team->member_ids.end(), *t.assignee_id) ==
                                   team->member_ids.end())
            patch.assignee_id = std::optional<Id>();
        }
        break;
      }
      case ActionKind::set_priority:
        if (t.priority != *a.priority) patch.priority = *a.priority;
        break;
      case ActionKind::set_assignee: {
        auto u = tx.identity().find_user(*a.user_id);
        if (!u || !u->active || !identity::is_agent(u->role))
          return Error::invalid(f + ".user_id", "no active agent with id " + std::to_string(*a.user_id));
        if (!ticket::is_open(t.state)) break;
        if (t.assignee_id != u->id) patch.assignee_id = std::optional<Id>(u->id);
        break;
      }
      case ActionKind::add_note:
      case ActionKind::reply:
        articles.emplace_back(&a, render_template(a.text, values));
        break;
      case ActionKind::add_tag:
      case ActionKind::notify:
        others.push_back(&a);
        break;
      case ActionKind::set_state: {
        if (r.trigger != Trigger::time)
          return Error::invalid(f + ".kind", "only time rules change the state");
        if (t.state != *a.state && path_to(t.state, *a.state).empty())
          return Error::invalid(f + ".state", "a " + std::string(ticket::name(t.state)) +
                                                  " ticket cannot become " +
                                                  std::string(ticket::name(*a.state)));
        to_state = *a.state;
        state_reason = trim(render_template(a.text, values)).empty()
                           ? "自动化规则 " + r.name + " / by rule " + r.name
                           : render_template(a.text, values);
        break;
      }
    }
  }

  DepthGuard guard;
  const identity::Principal actor = rule_principal(r);
  event(tx, t.id, at, "rule", std::nullopt, r.name);
  Ticket current = t;
  const bool changes_fields = patch.team_id || patch.priority || patch.assignee_id;
  if (changes_fields) current = TD_TRY(m_tickets->update_in(tx, actor, t.id, patch, at)).ticket;
  for (const Action* a : others) {
    if (a->kind == ActionKind::add_tag) {
      if (tx.dispatch().add_tag(t.id, a->tag)) event(tx, t.id, at, "tag", std::nullopt, a->tag);
    } else {
      const std::string text = render_template(a->text, values_for(tx, current));
      for (Id to : recipients(tx, *a->recipient, current)) {
        notify::Notification n;
        n.user_id = to;
        n.kind = "rule.notify";
        n.ticket_id = t.id;
        n.title = text.empty()
                      ? "工单 " + t.number + "：规则 " + r.name + " / Ticket " + t.number + ": rule " + r.name
                      : text;
        n.data = boost::json::serialize(boost::json::object{{"number", t.number}, {"rule", r.name}});
        n.created_at = at;
        notify::notify(tx, std::move(n));
      }
    }
  }
  for (const auto& [a, text] : articles)
    TD_TRY(m_tickets->add_article_in(
        tx, actor, t.id,
        a->kind == ActionKind::reply ? ticket::ArticleKind::reply : ticket::ArticleKind::note, text, at));
  if (to_state && current.state != *to_state) {
    for (State step : path_to(current.state, *to_state))
      current =
          TD_TRY(m_tickets->transition_in(
                     tx, actor, t.id, step,
                     ticket::requires_reason(step) ? std::optional<std::string>(state_reason) : std::nullopt,
                     at))
              .ticket;
  }
  auto view = tx.tickets().find_ticket(t.id);
  return view ? view->ticket : current;
}

void AutomationEngine::report(DispatchTx& tx, const Rule& r, const Error& e, const Ticket& t, Timestamp at) {
  const std::string message = e.field.empty() ? e.message : e.field + ": " + e.message;
  spdlog::warn("rule {} ({}) failed on ticket {}: {}", r.id, r.name, t.number, message);
  const bool first = r.last_error.empty();
  tx.dispatch().record_rule_error(r.id, message, at);
  invalidate();
  if (!first) return;  // admins were told when it broke; it is still broken
  for (Id admin : notify::users_with_role(tx.identity(), identity::Role::admin)) {
    notify::Notification n;
    n.user_id = admin;
    n.kind = "rule.failed";
    n.ticket_id = t.id;
    n.title = "自动化规则“" + r.name + "”执行失败 / Automation rule \"" + r.name + "\" failed";
    n.data = boost::json::serialize(
        boost::json::object{{"rule_id", r.id}, {"rule", r.name}, {"number", t.number}, {"error", message}});
    n.created_at = at;
    notify::notify(tx, std::move(n));
  }
}

Result<int> AutomationEngine::tick(int limit) {
  const Timestamp now = m_clock.now();
  auto time_rules = TD_TRY(m_store.read([&](DispatchTx& tx) -> Result<std::vector<Rule>> {
    std::vector<Rule> out;
    for (const Rule* r : in_order(*rules(tx.dispatch()), Trigger::time))
      out.push_back(*r);
    return out;
  }));
  int acted = 0;
  for (const Rule& r : time_rules) {
    const Timestamp before = now - std::chrono::minutes(r.when.for_minutes);
    auto due = TD_TRY(m_store.read([&](DispatchTx& tx) -> Result<std::vector<std::pair<Id, Timestamp>>> {
      return tx.dispatch().unclaimed_in_state(r.id, r.when.states, before, limit);
    }));
    for (const auto& [ticket_id, since] : due) {
      auto done = m_store.write([&](DispatchTx& tx) -> Result<bool> {
        auto view = tx.tickets().find_ticket(ticket_id);
        if (!view) return false;
        Ticket t = view->ticket;
        if (!tx.dispatch().claim_rule_run(r.id, ticket_id, since, now)) return false;
        RuleFacts facts;
        facts.ticket = &t;
        facts.in_state = std::chrono::duration_cast<std::chrono::milliseconds>(now - since);
        if (t.organization_id)
          if (auto org = tx.identity().find_org(*t.organization_id)) facts.organization_kind = org->kind;
        if (t.category_id)
          if (auto c = tx.tickets().find_category(*t.category_id)) facts.category_parent_id = c->parent_id;
        if (!matches(r.when, facts)) return false;  // the claim stays: this stay does not qualify
        auto applied = apply(tx, r, t, now);
        if (!applied) {
          report(tx, r, applied.error(), t, now);
          return false;
        }
        if (!r.last_error.empty()) tx.dispatch().record_rule_error(r.id, "", std::nullopt);
        return true;
      });
      if (!done) {
        spdlog::warn("rule {} on ticket {}: {}", r.name, ticket_id, done.error().message);
        continue;
      }
      if (*done) ++acted;
    }
  }
  return acted;
}

}  // namespace techdesk::dispatch
