#include "ticket/ticket_service.h"

#include <charconv>

#include "common/base64.h"
#include "common/text.h"
#include "common/time.h"
#include "identity/role.h"
#include "ticket/priority.h"
#include "ticket/state_machine.h"
#include "ticket/ticket_change.h"
#include "ticket/ticket_number.h"
#include "ticket/visibility.h"

namespace techdesk::ticket {

using identity::Principal;

namespace {

constexpr std::size_t k_max_subject = 200;
constexpr std::size_t k_max_body = 100000;
constexpr std::size_t k_max_reason = 5000;

Result<void> check_text(const std::string& value, const char* field, std::size_t max_len, bool multiline) {
  if (!is_valid_utf8(value)) return Error::invalid(field, std::string(field) + " must be valid UTF-8");
  if (has_control_chars(value, multiline))
    return Error::invalid(field, std::string(field) + " must not contain control characters");
  if (trim(value).empty()) return Error::invalid(field, std::string(field) + " must not be empty");
  if (utf8_length(value) > max_len)
    return Error::invalid(
        field, std::string(field) + " must have at most " + std::to_string(max_len) + " characters");
  return ok();
}

std::optional<std::string> id_text(const std::optional<Id>& id) {
  if (!id) return std::nullopt;
  return std::to_string(*id);
}

std::optional<std::string> time_text(const std::optional<Timestamp>& t) {
  if (!t) return std::nullopt;
  return format_rfc3339(*t);
}

// Collects the events of one change so they share a timestamp and actor.
class EventLog {
 public:
  EventLog(const Principal& actor, Id ticket_id, Timestamp at)
      : m_actor(actor), m_ticket(ticket_id), m_at(at) {}

  void add(std::string field, std::optional<std::string> before, std::optional<std::string> after,
           bool internal = false) {
    if (before == after) return;
    Event e;
    e.ticket_id = m_ticket;
    if (m_actor.user_id != 0) e.actor_id = m_actor.user_id;
    e.at = m_at;
    e.field = std::move(field);
    e.before = std::move(before);
    e.after = std::move(after);
    e.internal = internal;
    m_events.push_back(std::move(e));
  }
  bool empty() const { return m_events.empty(); }
  void write(TicketRepo& repo) {
    for (auto& e : m_events)
      repo.append_event(e);
  }

 private:
  const Principal& m_actor;
  Id m_ticket;
  Timestamp m_at;
  std::vector<Event> m_events;
};

// Loads a ticket the actor may see, or not_found.
Result<TicketView> load_visible(TicketTx& tx, const Principal& actor, Id id) {
  auto view = tx.tickets().find_ticket(id);
  if (!view || !can_view(scope_for(actor), view->ticket)) return Error::not_found("ticket");
  return std::move(*view);
}

Result<void> check_assignee(identity::IdentityRepo& repo, Id id) {
  auto user = repo.find_user(id);
  if (!user || !user->active)
    return Error::invalid("assignee_id", "no active user with id " + std::to_string(id));
  if (!identity::is_agent(user->role))
    return Error::invalid("assignee_id", "the assignee must be a member of the support staff");
  return ok();
}

Result<void> check_refs(TicketTx& tx, const std::optional<Id>& category, const std::optional<Id>& team) {
  if (category && !tx.tickets().find_category(*category))
    return Error::invalid("category_id", "no category with id " + std::to_string(*category));
  if (team && !tx.identity().find_team(*team))
    return Error::invalid("team_id", "no team with id " + std::to_string(*team));
  return ok();
}

}  // namespace

std::string encode_ticket_cursor(SortKey sort, bool descending, const TicketCursor& c) {
  std::string raw = "t:" + std::to_string(static_cast<int>(sort)) + ":" + (descending ? "d" : "a") + ":" +
                    std::to_string(c.key) + ":" + std::to_string(c.id);
  return base64url_encode(raw);
}

Result<TicketCursor> decode_ticket_cursor(const std::string& text, SortKey sort, bool descending) {
  const Error bad = Error::invalid_query("cursor", "cursor is not one this server issued for this sort");
  auto raw = base64url_decode(text);
  if (!raw) return bad;
  std::string expect = "t:" + std::to_string(static_cast<int>(sort)) + ":" + (descending ? "d" : "a") + ":";
  if (raw->rfind(expect, 0) != 0) return bad;
  std::string_view rest(*raw);
  rest.remove_prefix(expect.size());
  auto colon = rest.find(':');
  if (colon == std::string_view::npos) return bad;
  TicketCursor c;
  auto k = std::from_chars(rest.data(), rest.data() + colon, c.key);
  auto i = std::from_chars(rest.data() + colon + 1, rest.data() + rest.size(), c.id);
  if (k.ec != std::errc{} || k.ptr != rest.data() + colon || i.ec != std::errc{} ||
      i.ptr != rest.data() + rest.size() || c.id <= 0)
    return bad;
  return c;
}

Result<TicketView> TicketService::create(const Principal& actor, NewTicket in) {
  const Timestamp now = m_clock.now();
  return m_store.write([&](TicketTx& tx) -> Result<TicketView> { return create_in(tx, actor, in, now); });
}

Result<TicketView> TicketService::create_in(TicketTx& tx, const Principal& actor, const NewTicket& in,
                                            Timestamp now) {
  const bool agent = identity::is_agent(actor.role);
  if (!agent) {
    if (in.priority) return Error::forbidden("only support staff may set priority");
    if (in.requester_id && *in.requester_id != actor.user_id)
      return Error::forbidden("only support staff may open a ticket for someone else");
    if (in.team_id) return Error::forbidden("only support staff may set the team");
    if (in.assignee_id) return Error::forbidden("only support staff may set the assignee");
    if (in.tier) return Error::forbidden("only support staff may set the tier");
  }
  TD_TRY(check_text(in.subject, "subject", k_max_subject, false));
  TD_TRY(check_text(in.description, "description", k_max_body, true));
  if (!in.requester_id && actor.user_id == 0) return Error::missing("requester_id");

  const std::string day = local_date_compact(now, m_options.zone);
  {
    auto& ids = tx.identity();
    Ticket t;
    t.requester_id = in.requester_id.value_or(actor.user_id);
    auto requester = ids.find_user(t.requester_id);
    if (!requester || !requester->active)
      return Error::invalid("requester_id", "no active user with id " + std::to_string(t.requester_id));
    t.organization_id = requester->organization_id;
    TD_TRY(check_refs(tx, in.category_id, in.team_id));
    if (in.assignee_id) TD_TRY(check_assignee(ids, *in.assignee_id));

    t.subject = std::string(trim(in.subject));
    t.description = in.description;
    t.type = in.type.value_or(TicketType::incident);
    t.category_id = in.category_id;
    t.impact = in.impact.value_or(Level::medium);
    t.urgency = in.urgency.value_or(Level::medium);
    t.priority = in.priority.value_or(priority_for(t.impact, t.urgency));
    t.channel = in.channel.value_or(Channel::web);
    t.tier = in.tier.value_or(Tier::L1);
    t.team_id = in.team_id;
    t.assignee_id = in.assignee_id;
    t.state = in.assignee_id ? State::assigned : State::new_;
    t.created_at = t.updated_at = now;
    t.number = format_ticket_number(day, tx.tickets().next_sequence(day));
    t.id = tx.tickets().insert_ticket(t);

    EventLog log(actor, t.id, now);
    log.add("created", std::nullopt, t.number);
    if (t.assignee_id) {
      log.add("assignee_id", std::nullopt, id_text(t.assignee_id));
      log.add("state", std::string(name(State::new_)), std::string(name(State::assigned)));
    }
    log.write(tx.tickets());
    for (auto* o : m_observers)
      TD_TRY(o->on_created(tx, actor, t, now));
    auto view = tx.tickets().find_ticket(t.id);
    tx.changes().publish(ticket_change(view->ticket, "created"));
    return std::move(*view);
  }
}

Result<TicketView> TicketService::get(const Principal& actor, Id id) {
  return m_store.read([&](TicketTx& tx) { return load_visible(tx, actor, id); });
}

Result<Page<TicketView>> TicketService::list(const Principal& actor, const TicketListRequest& req) {
  TicketQuery q = req.query;
  if (!req.cursor.empty()) q.after = TD_TRY(decode_ticket_cursor(req.cursor, q.sort, q.descending));
  q.limit = req.limit + 1;
  const TicketScope scope = scope_for(actor);
  auto rows = TD_TRY(m_store.read(
      [&](TicketTx& tx) -> Result<std::vector<TicketView>> { return tx.tickets().list_tickets(scope, q); }));
  Page<TicketView> page;
  if (static_cast<int>(rows.size()) > req.limit) {
    rows.resize(static_cast<std::size_t>(req.limit));
    const Ticket& last = rows.back().ticket;
    TicketCursor c{0, last.id};
    switch (q.sort) {
      case SortKey::created_at:
        c.key = to_millis(last.created_at);
        break;
      case SortKey::updated_at:
        c.key = to_millis(last.updated_at);
        break;
      case SortKey::priority:
        c.key = static_cast<int>(last.priority) + 1;
        break;
      case SortKey::sla_due: {
        const auto& sla = rows.back().sla;
        c.key = sla && sla->nearest_due ? to_millis(*sla->nearest_due) : k_no_sla_due;
        break;
      }
    }
    page.next_cursor = encode_ticket_cursor(q.sort, q.descending, c);
  }
  page.items = std::move(rows);
  return page;
}

Result<TicketView> TicketService::update(const Principal& actor, Id id, const TicketPatch& p) {
  const Timestamp now = m_clock.now();
  return m_store.write([&](TicketTx& tx) -> Result<TicketView> { return update_in(tx, actor, id, p, now); });
}

Result<TicketView> TicketService::update_in(TicketTx& tx, const Principal& actor, Id id, const TicketPatch& p,
                                            Timestamp now) {
  if (p.subject) TD_TRY(check_text(*p.subject, "subject", k_max_subject, false));
  if (p.description) TD_TRY(check_text(*p.description, "description", k_max_body, true));
  {
    TicketView view = TD_TRY(load_visible(tx, actor, id));
    if (!identity::is_agent(actor.role))
      return Error::forbidden("only support staff may change ticket fields");
    Ticket t = view.ticket;
    const Ticket before = t;
    if (p.expected_version && *p.expected_version != t.version)
      return Error::conflict(
          "the ticket was changed by someone else (version " + std::to_string(t.version) + ")", "version");
    if (!is_open(t.state) && (p.assignee_id || p.team_id))
      return Error::invalid(p.assignee_id ? "assignee_id" : "team_id",
                            "a " + std::string(name(t.state)) + " ticket cannot be reassigned");
    if (p.category_id) TD_TRY(check_refs(tx, *p.category_id, std::nullopt));
    if (p.team_id) TD_TRY(check_refs(tx, std::nullopt, *p.team_id));
    if (p.assignee_id && *p.assignee_id) TD_TRY(check_assignee(tx.identity(), **p.assignee_id));

    if (p.subject) t.subject = std::string(trim(*p.subject));
    if (p.description) t.description = *p.description;
    if (p.type) t.type = *p.type;
    if (p.category_id) t.category_id = *p.category_id;
    if (p.impact) t.impact = *p.impact;
    if (p.urgency) t.urgency = *p.urgency;
    if (p.priority) {
      t.priority = *p.priority;
    } else if (p.impact || p.urgency) {
      t.priority = priority_for(t.impact, t.urgency);
    }
    if (p.channel) t.channel = *p.channel;
    if (p.team_id) t.team_id = *p.team_id;
    if (p.assignee_id) t.assignee_id = *p.assignee_id;
    if (p.tier) t.tier = *p.tier;
    // Assigning a new ticket dispatches it.
    if (t.state == State::new_ && t.assignee_id) t.state = State::assigned;

    EventLog log(actor, id, now);
    log.add("subject", before.subject, t.subject);
    log.add("description", before.description, t.description);
    log.add("type", std::string(name(before.type)), std::string(name(t.type)));
    log.add("category_id", id_text(before.category_id), id_text(t.category_id));
    log.add("impact", std::string(name(before.impact)), std::string(name(t.impact)));
    log.add("urgency", std::string(name(before.urgency)), std::string(name(t.urgency)));
    log.add("priority", std::string(name(before.priority)), std::string(name(t.priority)));
    log.add("channel", std::string(name(before.channel)), std::string(name(t.channel)));
    log.add("team_id", id_text(before.team_id), id_text(t.team_id));
    log.add("assignee_id", id_text(before.assignee_id), id_text(t.assignee_id));
    log.add("tier", std::string(name(before.tier)), std::string(name(t.tier)));
    log.add("state", std::string(name(before.state)), std::string(name(t.state)));
    if (log.empty()) return view;

    t.updated_at = now;
    t.version = before.version + 1;
    if (!tx.tickets().update_ticket(t, before.version))
      return Error::conflict("the ticket was changed by someone else", "version");
    log.write(tx.tickets());
    for (auto* o : m_observers)
      TD_TRY(o->on_updated(tx, actor, before, t, now));
    tx.changes().publish(ticket_change(t, "updated", &before));
    return *tx.tickets().find_ticket(id);
  }
}

Result<AllowedTransitions> TicketService::allowed_transitions(const Principal& actor, Id id) {
  TicketView view = TD_TRY(get(actor, id));
  return AllowedTransitions{view.ticket.state,
                            allowed_for(actor.role, view.ticket.state, view.ticket.assignee_id.has_value())};
}

Result<TicketView> TicketService::transition(const Principal& actor, Id id, State to,
                                             const std::optional<std::string>& reason) {
  const Timestamp now = m_clock.now();
  return m_store.write(
      [&](TicketTx& tx) -> Result<TicketView> { return transition_in(tx, actor, id, to, reason, now); });
}

Result<TicketView> TicketService::transition_in(TicketTx& tx, const Principal& actor, Id id, State to,
                                                const std::optional<std::string>& reason, Timestamp now) {
  const bool has_reason = reason && !trim(*reason).empty();
  if (reason) {
    if (!is_valid_utf8(*reason) || has_control_chars(*reason, true))
      return Error::invalid("reason", "reason must be plain text");
    if (utf8_length(*reason) > k_max_reason)
      return Error::invalid("reason",
                            "reason must have at most " + std::to_string(k_max_reason) + " characters");
  }
  {
    TicketView view = TD_TRY(load_visible(tx, actor, id));
    Ticket t = view.ticket;
    const Ticket before = t;
    TD_TRY(check_transition(actor.role, {t.state, to, t.assignee_id.has_value(), has_reason}));
    t.state = to;
    t.updated_at = now;
    t.version = before.version + 1;
    switch (to) {
      case State::resolved:
        t.resolved_at = now;
        break;
      case State::closed:
        t.closed_at = now;
        break;
      case State::reopened:
        t.resolved_at.reset();
        t.closed_at.reset();
        break;
      case State::cancelled:
        t.cancel_reason = std::string(trim(*reason));
        t.closed_at = now;
        break;
      default:
        break;
    }
    EventLog log(actor, id, now);
    log.add("state", std::string(name(before.state)), std::string(name(t.state)));
    if (has_reason) log.add("reason", std::nullopt, std::string(trim(*reason)));
    log.add("resolved_at", time_text(before.resolved_at), time_text(t.resolved_at));
    log.add("closed_at", time_text(before.closed_at), time_text(t.closed_at));
    if (!tx.tickets().update_ticket(t, before.version))
      return Error::conflict("the ticket was changed by someone else", "version");
    log.write(tx.tickets());
    for (auto* o : m_observers)
      TD_TRY(o->on_updated(tx, actor, before, t, now));
    tx.changes().publish(ticket_change(t, "state"));
    return *tx.tickets().find_ticket(id);
  }
}

Result<TicketView> TicketService::close_merged_in(TicketTx& tx, const Principal& actor, Id id,
                                                  const std::string& into_number, Timestamp now) {
  TicketView view = TD_TRY(load_visible(tx, actor, id));
  Ticket t = view.ticket;
  const Ticket before = t;
  if (!is_open(t.state) && t.state != State::resolved)
    return Error::invalid("id", "a " + std::string(name(t.state)) + " ticket cannot be merged");
  t.state = State::closed;
  t.closed_at = now;
  t.updated_at = now;
  t.version = before.version + 1;
  EventLog log(actor, id, now);
  log.add("state", std::string(name(before.state)), std::string(name(t.state)));
  log.add("merged_into", std::nullopt, into_number);
  log.add("closed_at", time_text(before.closed_at), time_text(t.closed_at));
  if (!tx.tickets().update_ticket(t, before.version))
    return Error::conflict("the ticket was changed by someone else", "version");
  log.write(tx.tickets());
  for (auto* o : m_observers)
    TD_TRY(o->on_updated(tx, actor, before, t, now));
  tx.changes().publish(ticket_change(t, "state"));
  return *tx.tickets().find_ticket(id);
}

Result<Article> TicketService::add_article(const Principal& actor, Id id, ArticleKind kind,
                                           std::string body) {
  const Timestamp now = m_clock.now();
  return m_store.write([&](TicketTx& tx) -> Result<Article> {
    return add_article_in(tx, actor, id, kind, std::move(body), now);
  });
}

Result<Article> TicketService::add_article_in(TicketTx& tx, const Principal& actor, Id id, ArticleKind kind,
                                              std::string body, Timestamp now) {
  TD_TRY(check_text(body, "body", k_max_body, true));
  const bool agent = identity::is_agent(actor.role);
  {
    TicketView view = TD_TRY(load_visible(tx, actor, id));
    if (!agent && kind != ArticleKind::reply) return Error::forbidden("requesters may only add replies");
    Ticket t = view.ticket;
    const Ticket before = t;
    Article a;
    a.ticket_id = id;
    a.kind = kind;
    a.body = std::move(body);
    a.internal = kind == ArticleKind::note;
    a.author_id = actor.user_id;
    a.created_at = now;
    a.id = tx.tickets().insert_article(a);
    a.author_name = actor.name;

    EventLog log(actor, id, now);
    log.add("article", std::nullopt, std::string(name(kind)), a.internal);
    // The requester answering a question puts the ticket back into the agent's hands.
    if (!agent && t.state == State::pending_customer) {
      t.state = State::in_progress;
      log.add("state", std::string(name(before.state)), std::string(name(t.state)));
    }
    t.updated_at = now;
    t.version = before.version + 1;
    if (!tx.tickets().update_ticket(t, before.version))
      return Error::conflict("the ticket was changed by someone else", "version");
    log.write(tx.tickets());
    for (auto* o : m_observers) {
      if (t.state != before.state) TD_TRY(o->on_updated(tx, actor, before, t, now));
      TD_TRY(o->on_article(tx, t, a, actor, now));
    }
    tx.changes().publish(ticket_change(t, a.internal ? "note" : "article"));
    return a;
  }
}

Result<std::vector<Article>> TicketService::articles(const Principal& actor, Id id) {
  return m_store.read([&](TicketTx& tx) -> Result<std::vector<Article>> {
    TD_TRY(load_visible(tx, actor, id));
    return tx.tickets().list_articles(id, sees_internal(actor));
  });
}

Result<std::vector<Event>> TicketService::events(const Principal& actor, Id id) {
  return m_store.read([&](TicketTx& tx) -> Result<std::vector<Event>> {
    TD_TRY(load_visible(tx, actor, id));
    return tx.tickets().list_events(id, sees_internal(actor));
  });
}

}  // namespace techdesk::ticket
