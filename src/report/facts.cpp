#include "report/facts.h"

#include "identity/role.h"

namespace techdesk::report {

namespace {

bool is_done(ticket::State s) {
  return s == ticket::State::resolved || s == ticket::State::closed || s == ticket::State::cancelled;
}

void copy_current(TicketFacts& f, const ticket::Ticket& t) {
  f.type = std::string(ticket::name(t.type));
  f.channel = std::string(ticket::name(t.channel));
  f.priority = std::string(ticket::name(t.priority));
  f.state = std::string(ticket::name(t.state));
  f.category_id = t.category_id;
  f.organization_id = t.organization_id;
  f.team_id = t.team_id;
  f.assignee_id = t.assignee_id;
}

}  // namespace

TicketFacts facts_of_new(const ticket::Ticket& t) {
  TicketFacts f;
  f.ticket_id = t.id;
  f.created_at = t.created_at;
  copy_current(f, t);
  if (t.state == ticket::State::resolved) {
    f.resolved_at = t.resolved_at.value_or(t.created_at);
    f.resolved_by = t.assignee_id;
  }
  if (t.closed_at) f.closed_at = t.closed_at;
  if (is_done(t.state)) f.done_at = t.created_at;
  f.escalated = false;  // a ticket opened at L2 was not escalated
  return f;
}

void apply_update(TicketFacts& f, const ticket::Ticket& before, const ticket::Ticket& after, Timestamp at) {
  copy_current(f, after);
  if (before.tier == ticket::Tier::L1 && after.tier == ticket::Tier::L2) f.escalated = true;
  if (before.team_id && after.team_id && *before.team_id != *after.team_id) ++f.team_changes;
  if (before.state == after.state) return;
  using ticket::State;
  if (after.state == State::reopened) ++f.reopen_count;
  if (after.state == State::resolved) {
    f.resolved_at = after.resolved_at.value_or(at);
    f.resolved_by = after.assignee_id;
  }
  if (after.state == State::closed) f.closed_at = after.closed_at.value_or(at);
  if (is_done(after.state)) {
    // Closing a resolved ticket does not move the time it left the open set.
    if (!is_done(before.state)) f.done_at = at;
  } else {
    f.done_at.reset();
    if (before.state == State::closed) f.closed_at.reset();
  }
}

bool apply_article(TicketFacts& f, const ticket::Article& a, const identity::Principal& author,
                   Timestamp at) {
  if (a.internal || a.kind == ticket::ArticleKind::note || author.user_id == 0 ||
      !identity::is_agent(author.role))
    return false;
  ++f.staff_replies;
  if (!f.first_response_at || at < *f.first_response_at) f.first_response_at = at;
  return true;
}

}  // namespace techdesk::report
