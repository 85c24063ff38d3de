// The SLA clock of one ticket, as pure rules: the record (which policy, what is due, what has fired),
// how it moves with the ticket (first response, pauses, resolution, reopening, a new priority), which
// warnings, breaches and second-level escalations are due at a given moment, and the state shown to
// users. No I/O: the engine (sla_engine.h) loads and saves the record around these rules.
//
// The model: business time runs from the ticket's creation; every stop of the clock (a pause state of
// the policy, or the time between resolving and reopening) adds its business time to `stopped`, so
//     resolution due = add(created, target + stopped)       (while running)
// and a change of policy, priority or calendar recomputes every due time from the same two numbers.
#pragma once

#include <optional>
#include <string>
#include <vector>

#include "sla/business_clock.h"
#include "sla/policy.h"
#include "ticket/types.h"

namespace techdesk::sla {

enum class SlaState { ok, warning, breached, paused, met };
std::string_view name(SlaState s);

using TicketSla = ticket::TicketSla;

// Starts the clock for a new ticket under policy p.
TicketSla start(Id ticket_id, const Policy& p, ticket::Priority priority, Timestamp created,
                const BusinessClock& c);
// Applies p (another policy, or the same after an edit) and the ticket's priority to an existing
// record, keeping the clock's history and what has already fired.
void reapply(TicketSla& s, const Policy& p, ticket::Priority priority, const BusinessClock& c);
// Recomputes every due time and next_check from the record (after any change below).
void schedule(TicketSla& s, const BusinessClock& c);

// The ticket moved from `from` to `to` at `at`.
void on_state_change(TicketSla& s, ticket::State from, ticket::State to, Timestamp at,
                     const BusinessClock& c);
// An agent's public reply or logged phone call at `at` (the first one meets the first-response target;
// each one restarts the next-update target).
void on_public_update(TicketSla& s, Timestamp at, const BusinessClock& c);

enum class Timer { first_response, resolution, next_update };
enum class Level { warning, breach, second_level };
std::string_view name(Timer c);
std::string_view name(Level l);

struct Fired {
  Timer timer;
  Level level;
  Timestamp due;  // the true time it became due (recorded as the event's time, even after downtime)
};
// Marks what is due at `now` as fired and returns it, oldest first; then reschedules.
std::vector<Fired> fire_due(TicketSla& s, Timestamp now, const BusinessClock& c);

// What users see. ticket_state decides "met" (resolved, closed, cancelled).
SlaState state_of(const TicketSla& s, ticket::State ticket_state, Timestamp now);
// The nearest unmet due time of a running clock; none when paused, stopped or nothing is promised.
// schedule() keeps s.nearest_due equal to it.
std::optional<Timestamp> nearest_due(const TicketSla& s);

}  // namespace techdesk::sla
