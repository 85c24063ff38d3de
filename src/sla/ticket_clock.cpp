#include "sla/ticket_clock.h"

#include <algorithm>

namespace techdesk::sla {

using ticket::State;

std::string_view name(SlaState s) {
  switch (s) {
    case SlaState::ok:
      return "ok";
    case SlaState::warning:
      return "warning";
    case SlaState::breached:
      return "breached";
    case SlaState::paused:
      return "paused";
    case SlaState::met:
      return "met";
  }
  return "ok";
}

std::string_view name(Timer c) {
  switch (c) {
    case Timer::first_response:
      return "first_response";
    case Timer::resolution:
      return "resolution";
    case Timer::next_update:
      return "next_update";
  }
  return "resolution";
}

std::string_view name(Level l) {
  switch (l) {
    case Level::warning:
      return "warning";
    case Level::breach:
      return "breached";
    case Level::second_level:
      return "second_level";
  }
  return "warning";
}

namespace {

bool is_final(State s) {
  return s == State::resolved || s == State::closed || s == State::cancelled;
}

// The instant when `percent` % of `target` minutes of running business time have passed since
// `started`, with the clock having stood still for `stopped` meanwhile.
Timestamp at_share(Timestamp started, Millis stopped, int target, int percent, const BusinessClock& c) {
  const auto amount = Millis{static_cast<std::int64_t>(target) * 60000 * percent / 100} + stopped;
  return c.add(started, amount);
}

void take_targets(TicketSla& s, const Policy& p, ticket::Priority priority) {
  const Targets& t = p.targets[static_cast<std::size_t>(priority)];
  s.policy_id = p.id;
  s.policy_name = p.name;
  s.calendar_id = p.calendar_id;
  s.priority = priority;
  s.first_response_target = t.first_response;
  s.next_update_target = t.next_update;
  s.resolution_target = t.resolution;
  s.warn_percent = p.warn_percent;
  s.second_level_percent = p.second_level_percent;
  s.pause_states = p.pause_states;
}

void keep_min(std::optional<Timestamp>& acc, const std::optional<Timestamp>& t) {
  if (t && (!acc || *t < *acc)) acc = t;
}

bool running(const TicketSla& s) {
  return !s.stopped_since;
}

}  // namespace

TicketSla start(Id ticket_id, const Policy& p, ticket::Priority priority, Timestamp created,
                const BusinessClock& c) {
  TicketSla s;
  s.ticket_id = ticket_id;
  s.started_at = created;
  s.why = explain_match(p);
  take_targets(s, p, priority);
  schedule(s, c);
  return s;
}

void reapply(TicketSla& s, const Policy& p, ticket::Priority priority, const BusinessClock& c) {
  if (s.policy_id != p.id) s.why = explain_match(p);
  take_targets(s, p, priority);
  schedule(s, c);
}

void schedule(TicketSla& s, const BusinessClock& c) {
  const bool second = s.second_level_percent > 0;
  s.first_response_warn.reset();
  s.first_response_second.reset();
  s.first_response_due.reset();
  if (s.first_response_target) {
    // The first-response clock never stops: a new ticket waits for its first answer around the clock
    // of the calendar, whatever its state.
    const int t = *s.first_response_target;
    s.first_response_due = at_share(s.started_at, Millis{0}, t, 100, c);
    if (!s.first_response_at) {
      s.first_response_warn = at_share(s.started_at, Millis{0}, t, s.warn_percent, c);
      if (second) s.first_response_second = at_share(s.started_at, Millis{0}, t, s.second_level_percent, c);
    }
  }
  s.resolution_warn.reset();
  s.resolution_second.reset();
  if (s.resolution_target) {
    if (running(s)) {
      const int t = *s.resolution_target;
      s.resolution_due = at_share(s.started_at, s.stopped, t, 100, c);
      s.resolution_warn = at_share(s.started_at, s.stopped, t, s.warn_percent, c);
      if (second) s.resolution_second = at_share(s.started_at, s.stopped, t, s.second_level_percent, c);
    }
    // While the clock stands still the last due time is kept for reports; it moves on when it runs again.
  } else {
    s.resolution_due.reset();
  }
  s.next_update_due.reset();
  if (s.next_update_target && s.last_public_update && running(s))
    s.next_update_due = c.add(*s.last_public_update, std::chrono::minutes(*s.next_update_target));

  std::optional<Timestamp> next;
  if (!s.first_response_at) {
    if (!s.first_response_warned) keep_min(next, s.first_response_warn);
    if (!s.first_response_breached) keep_min(next, s.first_response_due);
    if (!s.first_response_escalated) keep_min(next, s.first_response_second);
  }
  if (running(s)) {
    if (!s.resolution_warned) keep_min(next, s.resolution_warn);
    if (!s.resolution_breached) keep_min(next, s.resolution_due);
    if (!s.resolution_escalated) keep_min(next, s.resolution_second);
    if (!s.next_update_breached) keep_min(next, s.next_update_due);
  }
  if (next && *next >= k_never) next.reset();
  s.next_check = next;
  s.nearest_due = nearest_due(s);
}

void on_state_change(TicketSla& s, State from, State to, Timestamp at, const BusinessClock& c) {
  (void)from;
  const bool pause = std::find(s.pause_states.begin(), s.pause_states.end(), to) != s.pause_states.end();
  if (is_final(to)) {
    if (to == State::resolved) {
      s.resolved_at = at;
      // The resolution note answers the requester: it counts as the first response if none came before.
      if (!s.first_response_at) s.first_response_at = at;
    }
    if (!s.stopped_since) s.stopped_since = at;
    s.paused = false;
  } else if (pause) {
    if (!s.stopped_since) {
      s.stopped_since = at;
      s.paused = true;
    }
  } else if (s.stopped_since) {
    s.stopped += c.between(*s.stopped_since, at);
    s.stopped_since.reset();
    s.paused = false;
    if (to == State::reopened) s.resolved_at.reset();
  }
  schedule(s, c);
}

void on_public_update(TicketSla& s, Timestamp at, const BusinessClock& c) {
  if (!s.first_response_at) s.first_response_at = at;
  s.last_public_update = at;
  s.next_update_breached = false;
  schedule(s, c);
}

std::vector<Fired> fire_due(TicketSla& s, Timestamp now, const BusinessClock& c) {
  std::vector<Fired> out;
  auto take = [&](bool& flag, const std::optional<Timestamp>& due, Timer timer, Level level) {
    if (!flag && due && *due <= now) {
      flag = true;
      out.push_back({timer, level, *due});
    }
  };
  if (!s.first_response_at) {
    take(s.first_response_warned, s.first_response_warn, Timer::first_response, Level::warning);
    take(s.first_response_breached, s.first_response_due, Timer::first_response, Level::breach);
    take(s.first_response_escalated, s.first_response_second, Timer::first_response, Level::second_level);
  }
  if (running(s)) {
    take(s.resolution_warned, s.resolution_warn, Timer::resolution, Level::warning);
    take(s.resolution_breached, s.resolution_due, Timer::resolution, Level::breach);
    take(s.resolution_escalated, s.resolution_second, Timer::resolution, Level::second_level);
    take(s.next_update_breached, s.next_update_due, Timer::next_update, Level::breach);
  }
  std::stable_sort(out.begin(), out.end(), [](const Fired& a, const Fired& b) { return a.due < b.due; });
  schedule(s, c);
  return out;
}

SlaState state_of(const TicketSla& s, State ticket_state, Timestamp now) {
  const bool fr_late =
      s.first_response_due &&
      (s.first_response_at ? *s.first_response_at > *s.first_response_due : now >= *s.first_response_due);
  if (is_final(ticket_state)) {
    const bool res_late = s.resolution_due && s.resolved_at && *s.resolved_at > *s.resolution_due;
    return (s.first_response_breached || s.resolution_breached || fr_late || res_late) ? SlaState::breached
                                                                                       : SlaState::met;
  }
  const bool res_late = running(s) && s.resolution_due && now >= *s.resolution_due;
  if (s.first_response_breached || s.resolution_breached || s.next_update_breached || fr_late || res_late)
    return SlaState::breached;
  if (s.stopped_since && s.paused) return SlaState::paused;
  const bool fr_warn = !s.first_response_at && s.first_response_warn && now >= *s.first_response_warn;
  const bool res_warn = running(s) && s.resolution_warn && now >= *s.resolution_warn;
  if (fr_warn || res_warn) return SlaState::warning;
  return SlaState::ok;
}

std::optional<Timestamp> nearest_due(const TicketSla& s) {
  std::optional<Timestamp> out;
  if (!s.first_response_at) keep_min(out, s.first_response_due);
  if (running(s)) {
    keep_min(out, s.resolution_due);
    keep_min(out, s.next_update_due);
  }
  return out;
}

}  // namespace techdesk::sla
