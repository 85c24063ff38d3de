#include "sla/sla_engine.h"

#include <spdlog/spdlog.h>

#include <algorithm>
#include <array>
#include <boost/json.hpp>
#include <condition_variable>
#include <deque>
#include <functional>
#include <future>
#include <thread>

#include "common/time.h"
#include "identity/identity_service.h"
#include "identity/role.h"
#include "notify/notifier.h"
#include "notify/recipients.h"
#include "ticket/state_machine.h"
#include "ticket/ticket_change.h"
#include "ticket/ticket_service.h"

namespace techdesk::sla {

using ticket::State;

namespace {

constexpr auto k_config_ttl = std::chrono::seconds(30);

SlaTx* sla_tx(ticket::TicketTx& tx) {
  return dynamic_cast<SlaTx*>(&tx);
}

void event(SlaTx& tx, Id ticket, Timestamp at, std::string field, std::optional<std::string> before,
           std::optional<std::string> after) {
  ticket::Event e;
  e.ticket_id = ticket;
  e.at = at;
  e.field = std::move(field);
  e.before = std::move(before);
  e.after = std::move(after);
  e.internal = true;  // SLA bookkeeping is the department's, not the requester's
  tx.tickets().append_event(e);
}

std::string field_of(Timer c) {
  return "sla_" + std::string(name(c));
}

const char* clock_zh(Timer c) {
  switch (c) {
    case Timer::first_response:
      return "首次响应";
    case Timer::resolution:
      return "解决";
    case Timer::next_update:
      return "进展更新";
  }
  return "";
}

const char* clock_en(Timer c) {
  switch (c) {
    case Timer::first_response:
      return "first response";
    case Timer::resolution:
      return "resolution";
    case Timer::next_update:
      return "next update";
  }
  return "";
}

std::string title_of(const ticket::Ticket& t, Timer c, Level l) {
  const std::string n = t.number;
  switch (l) {
    case Level::warning:
      return "工单 " + n + " " + clock_zh(c) + "即将超时 / Ticket " + n + ": " + clock_en(c) + " at risk";
    case Level::breach:
      return "工单 " + n + " " + clock_zh(c) + "已超时 / Ticket " + n + ": " + clock_en(c) + " breached";
    case Level::second_level:
      return "工单 " + n + " " + clock_zh(c) + "严重超时 / Ticket " + n + ": " + clock_en(c) + " far overdue";
  }
  return n;
}

void add_unique(std::vector<Id>& v, Id id) {
  if (std::find(v.begin(), v.end(), id) == v.end()) v.push_back(id);
}

}  // namespace

// One thread that runs what it is given, in order. The recomputation computes due times there.
class SlaEngine::Helper {
 public:
  Helper() : m_thread([this] { loop(); }) {}
  ~Helper() {
    {
      std::lock_guard lock(m_mutex);
      m_stopping = true;
    }
    m_cv.notify_one();
    m_thread.join();
  }
  // The future is ready once fn has run (its exception, if any, is in the future).
  std::future<void> run(std::function<void()> fn) {
    std::packaged_task<void()> task(std::move(fn));
    auto done = task.get_future();
    {
      std::lock_guard lock(m_mutex);
      m_tasks.push_back(std::move(task));
    }
    m_cv.notify_one();
    return done;
  }

 private:
  void loop() {
    for (;;) {
      std::packaged_task<void()> task;
      {
        std::unique_lock lock(m_mutex);
        m_cv.wait(lock, [&] { return m_stopping || !m_tasks.empty(); });
        if (m_tasks.empty()) return;
        task = std::move(m_tasks.front());
        m_tasks.pop_front();
      }
      task();
    }
  }
  std::mutex m_mutex;
  std::condition_variable m_cv;
  std::deque<std::packaged_task<void()>> m_tasks;  // GUARDED_BY(m_mutex)
  bool m_stopping = false;                         // GUARDED_BY(m_mutex)
  std::thread m_thread;
};

SlaEngine::SlaEngine(TxRunner<SlaTx>& store, const Clock& clock, std::string zone)
    : m_store(store), m_clock(clock), m_zone(std::move(zone)) {}

SlaEngine::~SlaEngine() = default;

const Policy* SlaEngine::Config::policy(Id id) const {
  for (const auto& p : policies)
    if (p.id == id) return &p;
  return nullptr;
}

const BusinessClock* SlaEngine::Config::clock(Id calendar) const {
  auto it = clocks.find(calendar);
  return it == clocks.end() ? nullptr : it->second.get();
}

void SlaEngine::invalidate() {
  std::lock_guard lock(m_mutex);
  m_config.reset();
}

std::shared_ptr<const SlaEngine::Config> SlaEngine::config(SlaRepo& repo) {
  {
    std::lock_guard lock(m_mutex);
    if (m_config && std::chrono::steady_clock::now() - m_config->loaded < k_config_ttl) return m_config;
  }
  auto cfg = std::make_shared<Config>();
  cfg->policies = repo.list_policies();
  for (auto& c : repo.list_calendars()) {
    if (!validate(c).ok()) continue;  // a stored calendar is validated when saved; never trust it blindly
    Id id = c.id;
    cfg->clocks.emplace(id, std::make_shared<const BusinessClock>(std::move(c)));
  }
  cfg->loaded = std::chrono::steady_clock::now();
  std::lock_guard lock(m_mutex);
  m_config = cfg;
  return cfg;
}

const Policy* SlaEngine::match(SlaTx& tx, const Config& cfg, const ticket::Ticket& t) {
  TicketFacts f;
  f.organization_id = t.organization_id;
  if (t.organization_id)
    if (auto org = tx.identity().find_org(*t.organization_id)) f.organization_kind = org->kind;
  f.type = t.type;
  f.category_id = t.category_id;
  if (t.category_id)
    if (auto cat = tx.tickets().find_category(*t.category_id)) f.category_parent_id = cat->parent_id;
  const Policy* p = match_policy(cfg.policies, f);
  return p && cfg.clock(p->calendar_id) ? p : nullptr;
}

Result<void> SlaEngine::on_created(ticket::TicketTx& ttx, const identity::Principal&, ticket::Ticket& t,
                                   Timestamp at) {
  SlaTx* tx = sla_tx(ttx);
  if (!tx) return ok();
  // An observer before this one changed the new ticket, and on_updated started its clock then.
  if (tx->sla().find_ticket_sla(t.id, false)) return ok();
  auto cfg = config(tx->sla());
  const Policy* p = match(*tx, *cfg, t);
  if (!p) return ok();
  TicketSla s = start(t.id, *p, t.priority, t.created_at, *cfg->clock(p->calendar_id));
  tx->sla().save_ticket_sla(s);
  event(*tx, t.id, at, "sla_policy", std::nullopt, p->name);
  return ok();
}

Result<void> SlaEngine::on_updated(ticket::TicketTx& ttx, const identity::Principal&,
                                   const ticket::Ticket& before, const ticket::Ticket& after, Timestamp at) {
  SlaTx* tx = sla_tx(ttx);
  if (!tx) return ok();
  const bool facts_changed = before.priority != after.priority || before.type != after.type ||
                             before.category_id != after.category_id ||
                             before.organization_id != after.organization_id;
  const bool state_changed = before.state != after.state;
  if (!facts_changed && !state_changed) return ok();
  auto cfg = config(tx->sla());
  auto s = tx->sla().find_ticket_sla(after.id, true);
  if (!s) {
    // Not under any policy so far: perhaps it is now (a category or organisation was set).
    if (!facts_changed || !ticket::is_open(after.state)) return ok();
    const Policy* p = match(*tx, *cfg, after);
    if (!p) return ok();
    TicketSla fresh = start(after.id, *p, after.priority, after.created_at, *cfg->clock(p->calendar_id));
    tx->sla().save_ticket_sla(fresh);
    event(*tx, after.id, at, "sla_policy", std::nullopt, p->name);
    return ok();
  }
  if (facts_changed) {
    const Policy* p = match(*tx, *cfg, after);
    if (!p) p = cfg->policy(s->policy_id);  // nothing matches any more: keep the promise made
    if (p && cfg->clock(p->calendar_id)) {
      const std::string old_name = s->policy_name;
      reapply(*s, *p, after.priority, *cfg->clock(p->calendar_id));
      if (old_name != p->name) event(*tx, after.id, at, "sla_policy", old_name, p->name);
    }
  }
  const BusinessClock* clock = cfg->clock(s->calendar_id);
  if (state_changed && clock) {
    const bool was_paused = s->stopped_since && s->paused;
    if (after.state == State::resolved) {
      // A target missed without the scheduler having noticed yet is still a breach, at its true time.
      if (!s->stopped_since && s->resolution_due && *s->resolution_due < at && !s->resolution_breached) {
        s->resolution_breached = true;
        event(*tx, after.id, *s->resolution_due, field_of(Timer::resolution), std::nullopt, "breached");
      }
      if (!s->first_response_at && s->first_response_due && *s->first_response_due < at &&
          !s->first_response_breached) {
        s->first_response_breached = true;
        event(*tx, after.id, *s->first_response_due, field_of(Timer::first_response), std::nullopt,
              "breached");
      }
    }
    on_state_change(*s, before.state, after.state, at, *clock);
    const bool now_paused = s->stopped_since && s->paused;
    if (!was_paused && now_paused)
      event(*tx, after.id, at, field_of(Timer::resolution), std::nullopt, "paused");
    if (was_paused && !now_paused && ticket::is_open(after.state))
      event(*tx, after.id, at, field_of(Timer::resolution), "paused", "resumed");
  }
  tx->sla().save_ticket_sla(*s);
  return ok();
}

Result<void> SlaEngine::on_article(ticket::TicketTx& ttx, const ticket::Ticket& t, const ticket::Article& a,
                                   const identity::Principal& author, Timestamp at) {
  // Only a person on the support staff answering in public meets a response target: not an internal
  // note, not the requester, not an automatic message (which has no user).
  if (a.internal || a.kind == ticket::ArticleKind::note || author.user_id == 0 ||
      !identity::is_agent(author.role))
    return ok();
  SlaTx* tx = sla_tx(ttx);
  if (!tx) return ok();
  auto s = tx->sla().find_ticket_sla(t.id, true);
  if (!s) return ok();
  auto cfg = config(tx->sla());
  const BusinessClock* clock = cfg->clock(s->calendar_id);
  if (!clock) return ok();
  const bool first = !s->first_response_at;
  if (first && s->first_response_due && *s->first_response_due < at && !s->first_response_breached) {
    s->first_response_breached = true;
    event(*tx, t.id, *s->first_response_due, field_of(Timer::first_response), std::nullopt, "breached");
  }
  on_public_update(*s, at, *clock);
  if (first) event(*tx, t.id, at, field_of(Timer::first_response), std::nullopt, "met");
  tx->sla().save_ticket_sla(*s);
  return ok();
}

Result<void> SlaEngine::fire(SlaTx& tx, const Config& cfg, TicketSla& s, Timestamp now) {
  const BusinessClock* clock = cfg.clock(s.calendar_id);
  if (!clock) {
    // The calendar is gone: nothing can come due any more; stop looking at the ticket.
    s.next_check.reset();
    tx.sla().save_ticket_sla(s);
    return ok();
  }
  auto view = tx.tickets().find_ticket(s.ticket_id);
  if (!view) return ok();
  const ticket::Ticket& t = view->ticket;
  if (t.state == State::cancelled || t.state == State::closed) {
    // Nobody works on it any more, so nothing is promised: the first-response clock (which otherwise
    // runs whatever the state) neither warns, nor breaches, nor escalates a withdrawn request.
    s.next_check.reset();
    tx.sla().save_ticket_sla(s);
    return ok();
  }
  auto fired = fire_due(s, now, *clock);
  tx.sla().save_ticket_sla(s);
  const Policy* policy = cfg.policy(s.policy_id);
  // First what happened, each at its true time, with the people to tell …
  for (const Fired& f : fired) {
    event(tx, t.id, f.due, field_of(f.timer), std::nullopt, std::string(name(f.level)));
    std::vector<Id> to;
    switch (f.level) {
      case Level::warning:
        if (t.assignee_id)
          to.push_back(*t.assignee_id);
        else
          to = notify::team_leads(tx.identity(), t);
        break;
      case Level::breach:
        to = notify::team_leads(tx.identity(), t);
        if (t.assignee_id) add_unique(to, *t.assignee_id);
        if (policy && policy->on_breach.notify_manager)
          for (Id m : notify::users_with_role(tx.identity(), identity::Role::manager))
            add_unique(to, m);
        break;
      case Level::second_level:
        to = notify::users_with_role(tx.identity(), identity::Role::manager);
        break;
    }
    boost::json::object data{{"number", t.number},
                             {"subject", t.subject},
                             {"clock", name(f.timer)},
                             {"level", name(f.level)},
                             {"due", format_rfc3339(f.due)}};
    for (Id user : to) {
      notify::Notification n;
      n.user_id = user;
      n.kind = "sla." + std::string(name(f.level));
      n.ticket_id = t.id;
      n.title = title_of(t, f.timer, f.level);
      n.data = boost::json::serialize(data);
      n.created_at = now;
      notify::notify(tx, std::move(n));
    }
  }
  // Open pages showing the ticket hear that its SLA moved (the state their badges show has changed).
  if (!fired.empty()) tx.changes().publish(ticket::ticket_change(t, "sla"));
  // … then the escalation configured for a breach of a response or resolution target, once, as a
  // change by the system (its own events follow).
  const bool breached = std::any_of(fired.begin(), fired.end(), [](const Fired& f) {
    return f.level == Level::breach && f.timer != Timer::next_update;
  });
  if (!breached || !policy || !m_tickets) return ok();
  const Timer which = std::find_if(fired.begin(), fired.end(), [](const Fired& f) {
                        return f.level == Level::breach && f.timer != Timer::next_update;
                      })->timer;
  ticket::TicketPatch patch;
  std::vector<std::string> did;
  if (policy->on_breach.raise_tier && t.tier == ticket::Tier::L1) {
    patch.tier = ticket::Tier::L2;
    did.push_back("tier L1→L2");
  }
  if (policy->on_breach.raise_priority && t.priority != ticket::Priority::P1) {
    auto raised = static_cast<ticket::Priority>(static_cast<int>(t.priority) - 1);
    patch.priority = raised;
    did.push_back("priority " + std::string(ticket::name(t.priority)) + "→" +
                  std::string(ticket::name(raised)));
  }
  if (policy->on_breach.reassign_to_lead && ticket::is_open(t.state)) {
    auto leads = notify::team_leads(tx.identity(), t);
    if (!leads.empty() && t.assignee_id != leads.front()) {
      patch.assignee_id = std::optional<Id>(leads.front());
      did.push_back("assignee → team lead");
    }
  }
  if (policy->on_breach.notify_manager) did.push_back("managers notified");
  if (did.empty()) return ok();
  std::string summary = did.front();
  for (std::size_t i = 1; i < did.size(); ++i)
    summary += ", " + did[i];
  event(tx, t.id, now, "sla_escalation", std::nullopt, std::string(name(which)) + ": " + summary);
  if (patch.tier || patch.priority || patch.assignee_id) {
    auto changed = m_tickets->update_in(tx, identity::system_principal(), t.id, patch, now);
    if (!changed) return changed.release_error();
  }
  return ok();
}

Result<bool> SlaEngine::handle_due(SlaTx& tx, Id id, Timestamp now) {
  auto s = tx.sla().find_ticket_sla(id, true);
  // Another node, or an earlier pass, may have handled it meanwhile: its next check moved on.
  if (!s || !s->next_check || *s->next_check > now) return false;
  auto cfg = config(tx.sla());
  TD_TRY(fire(tx, *cfg, *s, now));
  return true;
}

void SlaEngine::restore_forgotten_due_index() {
  {
    std::lock_guard lock(m_mutex);
    const auto now = std::chrono::steady_clock::now();
    if (m_recomputing > 0 || now - m_index_checked < std::chrono::minutes(10)) return;
    m_index_checked = now;
  }
  auto restored = m_store.write([](SlaTx& tx) -> Result<void> {
    tx.sla().restore_due_index();
    return ok();
  });
  if (!restored) spdlog::warn("sla: cannot restore the due-time index: {}", restored.error().message);
}

Result<int> SlaEngine::tick(int limit) {
  restore_forgotten_due_index();
  const Timestamp now = m_clock.now();
  std::vector<Id> due;
  // The whole batch in one transaction (one commit, one fsync); the rows it takes are locked, so a pass
  // on another node takes the next ones …
  auto all = m_store.write([&](SlaTx& tx) -> Result<int> {
    due = tx.sla().due_tickets(now, limit);
    int handled = 0;
    for (Id id : due)
      if (TD_TRY(handle_due(tx, id, now))) ++handled;
    return handled;
  });
  if (all || due.empty()) return all;
  // … and when one ticket fails it, each on its own, so that one bad ticket cannot hold up the rest.
  spdlog::warn("sla: a batch of {} due tickets failed ({}); handling them one by one", due.size(),
               all.error().message);
  int handled = 0;
  for (Id id : due) {
    auto one = m_store.write([&](SlaTx& tx) -> Result<bool> { return handle_due(tx, id, now); });
    if (!one)
      spdlog::warn("sla: ticket {}: {}", id, one.error().message);
    else if (*one)
      ++handled;
  }
  return handled;
}

namespace {

// The due times a recomputation may change, and what they were.
struct DueTimes {
  explicit DueTimes(const TicketSla& s)
      : at{s.first_response_warn, s.first_response_due, s.first_response_second,
           s.resolution_warn,     s.resolution_due,     s.resolution_second,
           s.next_update_due,     s.next_check,         s.nearest_due} {}
  bool operator==(const DueTimes&) const = default;
  std::array<std::optional<Timestamp>, 9> at;
};

// What reapply(s, p, priority) would change besides the due times: nothing, the policy's terms, or the
// policy (or its calendar) itself. Asked before reapply(), so that no record need be copied.
std::optional<SlaRepo::ScheduleChange> terms_change(const TicketSla& s, const Policy& p,
                                                    ticket::Priority priority) {
  if (s.policy_id != p.id || s.calendar_id != p.calendar_id) return SlaRepo::ScheduleChange::policy;
  const Targets& t = p.targets[static_cast<std::size_t>(priority)];
  if (s.priority != priority || s.first_response_target != t.first_response ||
      s.next_update_target != t.next_update || s.resolution_target != t.resolution ||
      s.warn_percent != p.warn_percent || s.second_level_percent != p.second_level_percent ||
      s.pause_states != p.pause_states || s.policy_name != p.name)
    return SlaRepo::ScheduleChange::terms;
  return std::nullopt;
}

SlaRepo::ScheduleGuard guard_of(const TicketSla& s) {
  SlaRepo::ScheduleGuard g;
  g.next_check = s.next_check;
  g.stopped_since = s.stopped_since;
  g.first_response_at = s.first_response_at;
  g.last_public_update = s.last_public_update;
  g.stopped = s.stopped;
  g.policy_id = s.policy_id;
  g.priority = s.priority;
  g.flags = guard_flags(s);
  return g;
}

bool contains(const std::vector<Id>& sorted, Id id) {
  return std::binary_search(sorted.begin(), sorted.end(), id);
}

}  // namespace

struct SlaEngine::RecomputeRead {
  std::shared_ptr<const Config> cfg;  // the policies below point into it
  std::vector<SlaRepo::RecomputeRow> rows;
  std::size_t n = 0;                           // rows[0, n) were read
  std::vector<SlaRepo::ScheduleGuard> guards;  // guarded reads: guards[i] is rows[i] as read
  std::vector<SlaRepo::ScheduleWrite> writes;
  std::vector<std::pair<std::size_t, std::string>> moves;  // rows that move to another policy, old name
  Timestamp read_at{};
  std::optional<Error> error;                            // the read failed
  std::map<Id, std::optional<identity::OrgKind>> kinds;  // kept from batch to batch
  std::map<Id, std::optional<Id>> parents;               // category → parent, read once
  bool have_categories = false;
};

void SlaEngine::read_for_recompute(SlaTx& tx, RecomputeRead& b, Id after, int limit, bool open_only,
                                   bool lock) {
  b.cfg = config(tx.sla());
  const Config& cfg = *b.cfg;
  b.n = tx.sla().recompute_rows(after, open_only, limit, lock, b.rows);
  b.writes.clear();
  b.moves.clear();
  b.guards.clear();
  if (!lock) b.guards.reserve(b.n);  // writes point into it
  if (b.n > 0 && !b.have_categories) {
    for (const auto& c : tx.tickets().list_categories())
      b.parents[c.id] = c.parent_id;
    b.have_categories = true;
  }
  for (std::size_t i = 0; i < b.n; ++i) {
    auto& row = b.rows[i];
    TicketSla& s = row.sla;
    // Which policy applies now, from the ticket's facts …
    TicketFacts f;
    f.organization_id = row.organization_id;
    if (row.organization_id) {
      auto it = b.kinds.find(*row.organization_id);
      if (it == b.kinds.end()) {
        auto org = tx.identity().find_org(*row.organization_id);
        it = b.kinds.emplace(*row.organization_id, org ? std::optional(org->kind) : std::nullopt).first;
      }
      f.organization_kind = it->second;
    }
    f.type = row.type;
    f.category_id = row.category_id;
    if (row.category_id) {
      auto parent = b.parents.find(*row.category_id);
      if (parent != b.parents.end()) f.category_parent_id = parent->second;
    }
    const Policy* p = match_policy(cfg.policies, f);
    if (!p || !cfg.clock(p->calendar_id)) p = cfg.policy(s.policy_id);  // keep the promise made
    if (!p || !cfg.clock(p->calendar_id)) continue;
    // … and what applying it again changes.
    if (!lock) b.guards.push_back(guard_of(s));
    const SlaRepo::ScheduleGuard* guard = lock ? nullptr : &b.guards.back();
    const auto terms = terms_change(s, *p, row.priority);
    const DueTimes before(s);
    if (s.policy_name != p->name) b.moves.emplace_back(i, s.policy_name);
    reapply(s, *p, row.priority, *cfg.clock(p->calendar_id));
    // A policy write names `why` too, which the rows are read without: reapply() set it only for a move
    // to another policy, and the same policy on another calendar explains itself the same way.
    if (terms == SlaRepo::ScheduleChange::policy) s.why = explain_match(*p);
    if (terms)
      b.writes.push_back({&s, *terms, guard});
    else if (!(DueTimes(s) == before))
      b.writes.push_back({&s, SlaRepo::ScheduleChange::due_times, guard});
  }
}

std::vector<Id> SlaEngine::write_recomputed(SlaTx& tx, RecomputeRead& b, Timestamp now,
                                            const std::vector<Id>& skip, int& written) {
  std::vector<SlaRepo::ScheduleWrite> writes;
  writes.reserve(b.writes.size());
  for (const auto& w : b.writes)
    if (!contains(skip, w.sla->ticket_id)) writes.push_back(w);
  std::vector<Id> missed = tx.sla().save_ticket_sla_schedules(writes);
  std::sort(missed.begin(), missed.end());
  written = static_cast<int>(writes.size() - missed.size());
  for (const auto& [i, old_name] : b.moves) {
    const TicketSla& s = b.rows[i].sla;
    if (!contains(skip, s.ticket_id) && !contains(missed, s.ticket_id))
      event(tx, s.ticket_id, now, "sla_policy", old_name, s.policy_name);
  }
  return missed;
}

Result<RecomputeBatch> SlaEngine::recompute(Id after, int limit, bool open_only) {
  const Timestamp now = m_clock.now();
  RecomputeBatch batch;
  RecomputeRead b;
  // One transaction per batch: the rows are read locked and written back together.
  TD_TRY(m_store.write([&](SlaTx& tx) -> Result<void> {
    batch =
        RecomputeBatch{};  // a backend may run the body again (PostgreSQL retries a serialization failure)
    read_for_recompute(tx, b, after, limit, open_only, true);
    write_recomputed(tx, b, now, {}, batch.changed);
    batch.done = static_cast<int>(b.n);
    if (b.n > 0) batch.last = b.rows[b.n - 1].sla.ticket_id;
    return ok();
  }));
  return batch;
}

SlaEngine::Helper& SlaEngine::helper() {
  std::lock_guard lock(m_mutex);
  if (!m_helper) m_helper = std::make_unique<Helper>();
  return *m_helper;
}

Result<std::int64_t> SlaEngine::recompute_all(const RecomputeRun& run,
                                              FunctionRef<Result<void>(const RecomputeBatch&)> progress) {
  {
    std::lock_guard lock(m_mutex);
    ++m_recomputing;
  }
  // A ticket updated this long before its batch was read may still have been changing while it was.
  constexpr auto k_margin = std::chrono::minutes(1);
  std::int64_t visited = 0;
  Helper& helper = this->helper();
  RecomputeRead batches[2];
  std::future<void> reading;
  // Waits for the helper before the batches go, also when this thread leaves early.
  struct WaitForHelper {
    std::future<void>& f;
    ~WaitForHelper() {
      if (f.valid()) f.wait();
    }
  } wait_for_helper{reading};
  auto read = [this, &run](RecomputeRead& b, Id after) {
    b.error.reset();
    b.n = 0;
    b.read_at = m_clock.now();
    auto r = m_store.read([&](SlaTx& tx) -> Result<void> {
      read_for_recompute(tx, b, after, run.batch, run.open_only, false);
      return ok();
    });
    if (!r) b.error = r.error();
  };
  auto result = [&]() -> Result<void> {
    reading = helper.run([&] { read(batches[0], run.after); });
    for (int turn = 0, batch_no = 0;; turn ^= 1, ++batch_no) {
      reading.get();
      RecomputeRead& b = batches[turn];
      if (b.error) return *b.error;
      if (b.n == 0) return ok();
      const Id first = b.rows[0].sla.ticket_id, last = b.rows[b.n - 1].sla.ticket_id;
      const bool more = b.n == static_cast<std::size_t>(run.batch);
      // The next batch is read while this one is written.
      if (more) reading = helper.run([&, last, next = turn ^ 1] { read(batches[next], last); });
      if (batch_no == 0) {
        // If the rest changes as this batch does, is it worth building the index once at the end?
        const std::int64_t left = std::max<std::int64_t>(run.remaining - static_cast<std::int64_t>(b.n), 0);
        const std::int64_t changes =
            left * static_cast<std::int64_t>(b.writes.size()) / static_cast<std::int64_t>(b.n);
        if (changes >= run.set_aside_from && changes > 0) {
          auto aside =
              m_store.write([&](SlaTx& tx) -> Result<bool> { return tx.sla().set_aside_due_index(changes); });
          if (!aside) return aside.release_error();
        }
      }
      RecomputeBatch done;
      const Timestamp now = m_clock.now();
      TD_TRY(m_store.write([&](SlaTx& tx) -> Result<void> {
        done = RecomputeBatch{};
        // Tickets changed since the read (their facts may choose another policy) and records whose clocks
        // moved meanwhile are done again, locked.
        const std::vector<Id> updated = tx.sla().tickets_updated_since(b.read_at - k_margin, first, last);
        std::vector<Id> again = write_recomputed(tx, b, now, updated, done.changed);
        again.insert(again.end(), updated.begin(), updated.end());
        std::sort(again.begin(), again.end());
        RecomputeRead one;
        for (Id id : again) {
          read_for_recompute(tx, one, id - 1, 1, run.open_only, true);
          if (one.n == 0 || one.rows[0].sla.ticket_id != id) continue;  // closed or gone meanwhile
          int changed = 0;
          write_recomputed(tx, one, now, {}, changed);
          done.changed += changed;
        }
        done.done = static_cast<int>(b.n);
        done.last = last;
        return ok();
      }));
      visited += done.done;
      TD_TRY(progress(done));
      if (!more) return ok();
    }
  }();
  // Every run ends with the index in place, whoever set it aside (another run that was killed too).
  auto restored = m_store.write([](SlaTx& tx) -> Result<void> {
    tx.sla().restore_due_index();
    return ok();
  });
  {
    std::lock_guard lock(m_mutex);
    --m_recomputing;
  }
  if (!result) return result.release_error();
  if (!restored) return restored.release_error();
  return visited;
}

}  // namespace techdesk::sla
