// FeedbackService, part two: what follows a closed ticket — surveys, callbacks (回访) and complaints (投诉).
#include <sodium.h>

#include <algorithm>
#include <boost/json.hpp>

#include "common/text.h"
#include "feedback/feedback_service.h"
#include "feedback/rules.h"
#include "feedback/survey_token.h"
#include "identity/role.h"
#include "ticket/state_machine.h"
#include "ticket/visibility.h"

namespace techdesk::feedback {

using identity::Principal;
using identity::Role;
using ticket::NamedRef;
using ticket::State;
using ticket::Ticket;

namespace {

std::string random_nonce() {
  unsigned char bytes[12];
  randombytes_buf(bytes, sizeof bytes);
  static constexpr char k_alphabet[] = "abcdefghijklmnopqrstuvwxyz0123456789";
  std::string out;
  for (unsigned char b : bytes)
    out += k_alphabet[b % 36];
  return out;
}

bool handles_complaints(Role r) {
  return r == Role::complaint_officer || r == Role::team_lead || r == Role::manager || r == Role::admin;
}

bool runs_complaints(Role r) {
  return r == Role::complaint_officer || r == Role::manager || r == Role::admin;
}

bool plans_callbacks(Role r) {
  return r == Role::team_lead || r == Role::manager || r == Role::admin || r == Role::complaint_officer;
}

std::optional<NamedRef> user_ref(ticket::TicketTx& tx, std::optional<Id> id) {
  if (!id) return std::nullopt;
  auto u = tx.identity().find_user(*id);
  if (!u) return std::nullopt;
  return NamedRef{u->id, u->name};
}

std::optional<TicketRef> ticket_ref(ticket::TicketTx& tx, std::optional<Id> id) {
  if (!id) return std::nullopt;
  auto v = tx.tickets().find_ticket(*id);
  if (!v) return std::nullopt;
  return TicketRef{v->ticket.id, v->ticket.number, v->ticket.subject, v->ticket.state};
}

Result<std::string> checked_text(const std::optional<std::string>& v, const char* field, std::size_t max,
                                 bool required) {
  std::string s = v ? std::string(trim(*v)) : std::string{};
  if (s.empty() && required) return Error::missing(field);
  if (!is_valid_utf8(s) || has_control_chars(s, true))
    return Error::invalid(field, std::string(field) + " must be plain text");
  if (utf8_length(s) > max)
    return Error::invalid(field,
                          std::string(field) + " must have at most " + std::to_string(max) + " characters");
  return s;
}

}  // namespace

// ---- surveys ----

std::string FeedbackService::issue_token(FeedbackTx& tx, const Ticket& t, Timestamp now) {
  const Settings s = load_settings(tx);
  SurveyInvitation inv;
  inv.ticket_id = t.id;
  inv.nonce = random_nonce();
  inv.issued_at = now;
  inv.expires_at = now + std::chrono::days(s.survey_valid_days);
  inv.id = tx.feedback().insert_invitation(inv);
  return make_survey_token({inv.id, t.id, inv.expires_at, inv.nonce}, m_key);
}

Result<void> FeedbackService::invite_survey(FeedbackTx& tx, const Ticket& t, Timestamp now,
                                            bool auto_closed) {
  if (tx.feedback().survey_of_ticket(t.id)) return ok();
  const std::string token = issue_token(tx, t, now);
  email::Notice n;
  n.survey_path = "/portal/survey/" + token;
  event(tx, identity::system_principal(), t.id, now, "survey_invited", std::nullopt, std::nullopt, false);
  return m_mail.notify(
      tx, auto_closed ? email::MailTemplate::auto_closed : email::MailTemplate::survey_invitation, t, n, now);
}

Result<SurveyStatus> FeedbackService::survey_status(const Principal& actor, Id ticket) {
  const Timestamp now = m_clock.now();
  return m_store.write([&](FeedbackTx& tx) -> Result<SurveyStatus> {
    Ticket t = TD_TRY(visible_ticket(tx, actor, ticket));
    SurveyStatus st;
    if (auto r = tx.feedback().survey_of_ticket(ticket)) {
      st.state = SurveyState::answered;
      st.response = std::move(*r);
      return st;
    }
    if (t.state != State::closed || !t.resolved_at)
      return st;  // not_due (cancelled tickets are never surveyed)
    const Settings s = load_settings(tx);
    if (t.closed_at && now - *t.closed_at > std::chrono::days(s.survey_valid_days)) {
      st.state = SurveyState::expired;
      return st;
    }
    st.state = SurveyState::open;
    const bool customer =
        actor.user_id == t.requester_id || (actor.role == Role::org_manager && actor.organization_id &&
                                            t.organization_id == actor.organization_id);
    if (customer) {
      // The open invitation's link (the one mailed), so that looking at the page again writes nothing;
      // a new one only when none is open (never mailed, or expired).
      if (auto inv = tx.feedback().open_invitation(ticket, now))
        st.token = make_survey_token({inv->id, t.id, inv->expires_at, inv->nonce}, m_key);
      else
        st.token = issue_token(tx, t, now);
    }
    return st;
  });
}

Result<SurveyTicket> FeedbackService::survey_by_token(const std::string& token) {
  const Timestamp now = m_clock.now();
  SurveyClaims c = TD_TRY(read_survey_token(token, m_key, now));
  return m_store.read([&](FeedbackTx& tx) -> Result<SurveyTicket> {
    auto inv = tx.feedback().find_invitation(c.invitation_id);
    if (!inv || inv->ticket_id != c.ticket_id || inv->nonce != c.nonce) return Error::not_found("survey");
    auto v = tx.tickets().find_ticket(c.ticket_id);
    if (!v) return Error::not_found("survey");
    SurveyTicket out;
    out.id = v->ticket.id;
    out.number = v->ticket.number;
    out.subject = v->ticket.subject;
    if (v->assignee) out.agent = v->assignee->name;
    out.answered = inv->used_at.has_value() || tx.feedback().survey_of_ticket(c.ticket_id).has_value();
    return out;
  });
}

Result<SurveyResponse> FeedbackService::answer_survey(const std::optional<Principal>& actor,
                                                      const std::string& token, const SurveyAnswer& a) {
  const Timestamp now = m_clock.now();
  SurveyClaims c = TD_TRY(read_survey_token(token, m_key, now));
  if (a.ticket_id && *a.ticket_id != c.ticket_id)
    return Error::invalid("ticket_id", "this survey link is for another ticket");
  TD_TRY(check_survey(a.score, a.tags, a.comment));
  return m_store.write([&](FeedbackTx& tx) -> Result<SurveyResponse> {
    auto inv = tx.feedback().find_invitation(c.invitation_id);
    if (!inv || inv->ticket_id != c.ticket_id || inv->nonce != c.nonce) return Error::not_found("survey");
    if (inv->used_at) return Error::conflict("this survey link was used already", "token");
    auto v = tx.tickets().find_ticket(c.ticket_id);
    if (!v) return Error::not_found("survey");
    const Ticket& t = v->ticket;
    if (tx.feedback().survey_of_ticket(t.id))
      return Error::conflict("this ticket was rated already", "ticket");
    if (!tx.feedback().use_invitation(inv->id, now))
      return Error::conflict("this survey link was used already", "token");
    SurveyResponse r;
    r.ticket_id = t.id;
    r.score = a.score;
    r.tags = a.tags;
    r.comment = std::string(trim(a.comment));
    r.agent_id = t.assignee_id;
    r.team_id = t.team_id;
    r.organization_id = t.organization_id;
    r.requester_id = t.requester_id;
    if (actor) r.answered_by = actor->user_id;
    r.channel = actor ? "portal" : "email";
    r.created_at = now;
    r.id = TD_TRY(tx.feedback().insert_survey(r));
    Principal who = actor ? *actor : Principal{};
    if (!actor) {
      auto u = tx.identity().find_user(t.requester_id);
      who.user_id = t.requester_id;
      who.name = u ? u->name : "requester";
      who.role = Role::requester;
    }
    std::string text = std::to_string(a.score) + "/5";
    for (const auto& tag : a.tags)
      text += " #" + tag;
    event(tx, who, t.id, now, "survey", std::nullopt, text, false);
    if (needs_callback(a.score))
      TD_TRY(open_callback(tx, t, CallbackReason::low_score, r.id,
                           "score " + std::to_string(a.score) + (r.comment.empty() ? "" : ": " + r.comment),
                           now));
    return r;
  });
}

Result<SurveyReport> FeedbackService::surveys(const Principal& actor, const SurveyQuery& q) {
  if (!identity::is_agent(actor.role)) return Error::forbidden("only support staff may read survey results");
  if (q.from && q.to && *q.to <= *q.from) return Error::invalid_query("to", "to must be after from");
  return m_store.read([&](FeedbackTx& tx) -> Result<SurveyReport> {
    SurveyReport rep;
    double sum = 0;
    for (auto& r : tx.feedback().list_surveys(q)) {
      ++rep.count;
      sum += r.score;
      if (r.score >= 1 && r.score <= 5) ++rep.distribution[static_cast<std::size_t>(r.score - 1)];
      SurveyRow row;
      auto v = tx.tickets().find_ticket(r.ticket_id);
      row.ticket_number = v ? v->ticket.number : "";
      row.agent = user_ref(tx, r.agent_id);
      if (r.team_id)
        if (auto team = tx.identity().find_team(*r.team_id)) row.team = NamedRef{team->id, team->name};
      if (r.organization_id)
        if (auto org = tx.identity().find_org(*r.organization_id))
          row.organization = NamedRef{org->id, org->name};
      row.response = std::move(r);
      rep.rows.push_back(std::move(row));
    }
    rep.average = rep.count ? sum / rep.count : 0;
    return rep;
  });
}

// ---- callbacks ----

CallbackView FeedbackService::view_of(FeedbackTx& tx, const Callback& c, Timestamp now) {
  CallbackView v;
  v.callback = c;
  v.ticket = ticket_ref(tx, c.ticket_id);
  if (c.organization_id)
    if (auto org = tx.identity().find_org(*c.organization_id)) v.organization = NamedRef{org->id, org->name};
  if (c.contact_id)
    if (auto u = tx.identity().find_user(*c.contact_id))
      v.contact = Contact{u->id, u->name, u->phone, u->email};
  v.assignee = user_ref(tx, c.assignee_id);
  v.done_by = user_ref(tx, c.done_by);
  v.overdue = c.state == CallbackState::open && c.due_at < now;
  return v;
}

Result<std::vector<CallbackView>> FeedbackService::callbacks(const Principal& actor, const CallbackQuery& q) {
  if (!identity::is_agent(actor.role)) return Error::forbidden("only support staff may see callbacks");
  const Timestamp now = m_clock.now();
  return m_store.read([&](FeedbackTx& tx) -> Result<std::vector<CallbackView>> {
    std::vector<CallbackView> out;
    for (const auto& c : tx.feedback().list_callbacks(q))
      out.push_back(view_of(tx, c, now));
    return out;
  });
}

Result<CallbackView> FeedbackService::callback(const Principal& actor, Id id) {
  if (!identity::is_agent(actor.role)) return Error::not_found("callback");
  const Timestamp now = m_clock.now();
  return m_store.read([&](FeedbackTx& tx) -> Result<CallbackView> {
    auto c = tx.feedback().find_callback(id);
    if (!c) return Error::not_found("callback");
    return view_of(tx, *c, now);
  });
}

Result<CallbackView> FeedbackService::create_callback(const Principal& actor, const NewCallback& in) {
  if (!plans_callbacks(actor.role))
    return Error::forbidden("only team leads, managers and complaint officers may plan callbacks");
  std::string note = TD_TRY(checked_text(in.note, "note", 2000, false));
  const Timestamp now = m_clock.now();
  return m_store.write([&](FeedbackTx& tx) -> Result<CallbackView> {
    Callback c;
    c.reason = CallbackReason::manual;
    if (in.ticket_id) {
      auto found = visible_ticket(tx, actor, *in.ticket_id);
      if (!found) return Error::invalid("ticket_id", "no ticket with this id");
      const Ticket& t = found.value();
      c.ticket_id = t.id;
      c.organization_id = t.organization_id;
      c.contact_id = t.requester_id;
    }
    if (in.organization_id) {
      if (!tx.identity().find_org(*in.organization_id))
        return Error::invalid("organization_id", "no organization with this id");
      c.organization_id = in.organization_id;
    }
    if (in.contact_id) {
      auto u = tx.identity().find_user(*in.contact_id);
      if (!u) return Error::invalid("contact_id", "no user with this id");
      c.contact_id = u->id;
      if (!c.organization_id) c.organization_id = u->organization_id;
    }
    if (!c.ticket_id && !c.organization_id && !c.contact_id) return Error::missing("ticket_id");
    if (in.assignee_id) {
      auto u = tx.identity().find_user(*in.assignee_id);
      if (!u || !u->active || !identity::is_agent(u->role))
        return Error::invalid("assignee_id", "the assignee must be an active member of the support staff");
      c.assignee_id = u->id;
    } else {
      c.assignee_id = actor.user_id > 0 ? std::optional<Id>(actor.user_id) : std::nullopt;
    }
    c.due_at = in.due_at.value_or(now + std::chrono::hours(load_settings(tx).callback_due_hours));
    c.note = note;
    c.created_by = actor.user_id;
    c.created_at = now;
    c.id = tx.feedback().insert_callback(c);
    if (c.ticket_id) event(tx, actor, *c.ticket_id, now, "callback", std::nullopt, "manual", true);
    return view_of(tx, c, now);
  });
}

Result<CallbackView> FeedbackService::record_outcome(const Principal& actor, Id id, const CallbackResult& r) {
  if (!identity::is_agent(actor.role)) return Error::not_found("callback");
  std::string notes = TD_TRY(checked_text(r.notes, "notes", 4000, false));
  std::string follow = TD_TRY(checked_text(r.follow_up, "follow_up", 2000, false));
  const Timestamp now = m_clock.now();
  return m_store.write([&](FeedbackTx& tx) -> Result<CallbackView> {
    auto c = tx.feedback().find_callback(id);
    if (!c) return Error::not_found("callback");
    if (c->state != CallbackState::open)
      return Error::conflict("the outcome of this callback is recorded already");
    c->state = CallbackState::done;
    c->outcome = r.outcome;
    c->outcome_notes = notes;
    c->follow_up = follow;
    c->done_at = now;
    c->done_by = actor.user_id;
    tx.feedback().update_callback(*c);
    if (c->ticket_id)
      event(tx, actor, *c->ticket_id, now, "callback_outcome", std::nullopt,
            std::string(name(r.outcome)) + (notes.empty() ? "" : ": " + notes), true);
    return view_of(tx, *c, now);
  });
}

Result<std::vector<ScheduleView>> FeedbackService::schedules(const Principal& actor) {
  if (!identity::is_agent(actor.role))
    return Error::forbidden("only support staff may see callback schedules");
  return m_store.read([&](FeedbackTx& tx) -> Result<std::vector<ScheduleView>> {
    std::vector<ScheduleView> out;
    for (const auto& s : tx.feedback().list_schedules()) {
      ScheduleView v;
      v.schedule = s;
      auto org = tx.identity().find_org(s.organization_id);
      v.organization = NamedRef{s.organization_id, org ? org->name : ""};
      if (s.contact_id)
        if (auto u = tx.identity().find_user(*s.contact_id))
          v.contact = Contact{u->id, u->name, u->phone, u->email};
      v.assignee = user_ref(tx, s.assignee_id);
      out.push_back(std::move(v));
    }
    return out;
  });
}

Result<ScheduleView> FeedbackService::create_schedule(const Principal& actor, const NewSchedule& in) {
  if (actor.role != Role::manager && actor.role != Role::admin)
    return Error::forbidden("only managers may schedule periodic callbacks");
  if (in.every_days < 1 || in.every_days > 366)
    return Error::invalid("every_days", "every_days must be 1–366");
  std::string note = TD_TRY(checked_text(in.note, "note", 2000, false));
  const Timestamp now = m_clock.now();
  auto id = m_store.write([&](FeedbackTx& tx) -> Result<Id> {
    if (!tx.identity().find_org(in.organization_id))
      return Error::invalid("organization_id", "no organization with this id");
    if (in.contact_id) {
      auto u = tx.identity().find_user(*in.contact_id);
      if (!u || u->organization_id != in.organization_id)
        return Error::invalid("contact_id", "the contact must be a user of the organization");
    }
    if (in.assignee_id) {
      auto u = tx.identity().find_user(*in.assignee_id);
      if (!u || !u->active || !identity::is_agent(u->role))
        return Error::invalid("assignee_id", "the assignee must be an active member of the support staff");
    }
    CallbackSchedule s;
    s.organization_id = in.organization_id;
    s.contact_id = in.contact_id;
    s.assignee_id = in.assignee_id;
    s.every_days = in.every_days;
    s.next_due_at = in.first_due_at.value_or(now + std::chrono::days(in.every_days));
    s.note = note;
    s.created_by = actor.user_id;
    s.created_at = now;
    return tx.feedback().insert_schedule(s);
  });
  if (!id) return id.error();
  auto all = TD_TRY(schedules(actor));
  for (auto& v : all)
    if (v.schedule.id == id.value()) return v;
  return Error::not_found("schedule");
}

Result<void> FeedbackService::delete_schedule(const Principal& actor, Id id) {
  if (actor.role != Role::manager && actor.role != Role::admin)
    return Error::forbidden("only managers may change periodic callbacks");
  return m_store.write([&](FeedbackTx& tx) -> Result<void> {
    if (!tx.feedback().delete_schedule(id)) return Error::not_found("schedule");
    return ok();
  });
}

Result<int> FeedbackService::open_scheduled_callbacks(int limit) {
  const Timestamp now = m_clock.now();
  return m_store.write([&](FeedbackTx& tx) -> Result<int> {
    int n = 0;
    for (const auto& s : tx.feedback().due_schedules(now, limit)) {
      Callback c;
      c.reason = CallbackReason::scheduled;
      c.organization_id = s.organization_id;
      c.contact_id = s.contact_id;
      c.assignee_id = s.assignee_id ? s.assignee_id : lead_for(tx, std::nullopt);
      c.schedule_id = s.id;
      c.due_at = s.next_due_at;
      c.note = s.note;
      c.created_by = s.created_by;
      c.created_at = now;
      tx.feedback().insert_callback(c);
      // The next one counts from the due time, not from now, so a late run does not drift the rhythm; after
      // a long downtime it skips to the first due time in the future (one task, not a backlog of them).
      Timestamp next = s.next_due_at + std::chrono::days(s.every_days);
      while (next <= now)
        next += std::chrono::days(s.every_days);
      tx.feedback().set_schedule_due(s.id, next);
      ++n;
    }
    return n;
  });
}

// ---- complaints ----

ComplaintView FeedbackService::view_of(FeedbackTx& tx, const Complaint& c, bool with_steps) {
  ComplaintView v;
  v.complaint = c;
  if (auto t = ticket_ref(tx, c.ticket_id)) v.ticket = *t;
  v.related = ticket_ref(tx, c.related_ticket_id);
  v.customer = user_ref(tx, c.customer_id).value_or(NamedRef{c.customer_id, ""});
  if (c.organization_id)
    if (auto org = tx.identity().find_org(*c.organization_id)) v.organization = NamedRef{org->id, org->name};
  v.officer = user_ref(tx, c.officer_id);
  for (Id e : c.engineer_ids)
    if (auto r = user_ref(tx, e)) v.engineers.push_back(*r);
  if (with_steps)
    for (auto& s : tx.feedback().complaint_steps(c.id)) {
      NamedRef actor = user_ref(tx, s.actor_id).value_or(NamedRef{s.actor_id, ""});
      v.steps.push_back({std::move(s), std::move(actor)});
    }
  return v;
}

Result<ComplaintView> FeedbackService::create_complaint(const Principal& actor, const NewComplaint& in) {
  const bool staff = identity::is_agent(actor.role);
  const Timestamp now = m_clock.now();
  std::string product = TD_TRY(checked_text(in.product, "product", 200, false));
  std::string fault = TD_TRY(checked_text(in.fault, "fault", 4000, false));
  if (in.convert_ticket_id && !staff) return Error::forbidden("only support staff may convert a ticket");
  if (!staff && in.requester_id) return Error::forbidden("requesters raise complaints for themselves");
  auto id = m_store.write([&](FeedbackTx& tx) -> Result<Id> {
    Complaint c;
    c.product = product;
    c.fault = fault;
    c.warranty = in.warranty.value_or(Warranty::unknown);
    c.created_at = c.updated_at = now;
    Ticket t;
    if (in.convert_ticket_id) {
      t = TD_TRY(visible_ticket(tx, actor, *in.convert_ticket_id));
      if (tx.feedback().complaint_of_ticket(t.id))
        return Error::conflict("this ticket is a complaint already");
      if (t.type != ticket::TicketType::complaint) {
        ticket::TicketPatch p;
        p.type = ticket::TicketType::complaint;
        t = TD_TRY(m_tickets.update_in(tx, actor, t.id, p, now)).ticket;
      }
      c.source = ComplaintSource::converted;
    } else {
      if (in.related_ticket_id && !visible_ticket(tx, actor, *in.related_ticket_id))
        return Error::invalid("related_ticket_id", "no ticket of yours with this id");
      ticket::NewTicket nt;
      nt.subject = in.subject;
      nt.description = in.description;
      nt.type = ticket::TicketType::complaint;
      if (staff) {
        if (!in.requester_id) return Error::missing("requester_id");
        nt.requester_id = in.requester_id;
        nt.channel = in.source == ComplaintSource::email ? ticket::Channel::email : ticket::Channel::phone;
        c.source = in.source.value_or(ComplaintSource::phone);
        if (c.source == ComplaintSource::converted || c.source == ComplaintSource::portal)
          return Error::invalid("source", "source must be phone or email when staff log a complaint");
      } else {
        nt.channel = ticket::Channel::web;
        c.source = ComplaintSource::portal;
      }
      t = TD_TRY(m_tickets.create_in(tx, actor, nt, now)).ticket;
      c.related_ticket_id = in.related_ticket_id;
    }
    c.ticket_id = t.id;
    c.customer_id = t.requester_id;
    c.organization_id = t.organization_id;
    // The complaint officer's queue: the first active complaint officer takes it and is its assignee.
    identity::UserQuery q;
    q.role = Role::complaint_officer;
    q.limit = 20;
    for (const auto& u : tx.identity().list_users(q))
      if (u.active) {
        c.officer_id = u.id;
        break;
      }
    if (c.officer_id && t.assignee_id != c.officer_id && ticket::is_open(t.state)) {
      ticket::TicketPatch p;
      p.assignee_id = std::optional<Id>(*c.officer_id);
      t = TD_TRY(m_tickets.update_in(tx, identity::system_principal(), t.id, p, now)).ticket;
    }
    Id related = c.related_ticket_id.value_or(0);
    if (related) {
      if (auto rt = tx.tickets().find_ticket(related); rt && rt->ticket.assignee_id)
        c.engineer_ids.push_back(*rt->ticket.assignee_id);
    }
    c.id = tx.feedback().insert_complaint(c);
    event(tx, actor, t.id, now, "complaint", std::nullopt, std::string(name(c.source)), false);
    if (related) event(tx, actor, related, now, "complaint_raised", std::nullopt, t.number, true);
    TD_TRY(open_callback(tx, t, CallbackReason::complaint, c.id, in.subject.empty() ? t.subject : in.subject,
                         now));
    email::Notice n;
    n.body = t.description;
    TD_TRY(m_mail.notify(tx, email::MailTemplate::complaint_received, t, n, now));
    return c.id;
  });
  if (!id) return id.error();
  return m_store.read([&](FeedbackTx& tx) -> Result<ComplaintView> {
    return view_of(tx, *tx.feedback().find_complaint(id.value()), true);
  });
}

Result<std::vector<ComplaintView>> FeedbackService::complaints(const Principal& actor,
                                                               const ComplaintQuery& q) {
  if (!handles_complaints(actor.role))
    return Error::forbidden("only complaint officers and managers see complaints");
  return m_store.read([&](FeedbackTx& tx) -> Result<std::vector<ComplaintView>> {
    std::vector<ComplaintView> out;
    for (const auto& c : tx.feedback().list_complaints(q))
      out.push_back(view_of(tx, c, false));
    return out;
  });
}

Result<ComplaintView> FeedbackService::complaint(const Principal& actor, Id id) {
  if (!handles_complaints(actor.role)) return Error::not_found("complaint");
  return m_store.read([&](FeedbackTx& tx) -> Result<ComplaintView> {
    auto c = tx.feedback().find_complaint(id);
    if (!c) return Error::not_found("complaint");
    return view_of(tx, *c, true);
  });
}

Result<ComplaintView> FeedbackService::complaint_step(const Principal& actor, Id id, const StepInput& in) {
  if (!handles_complaints(actor.role)) return Error::not_found("complaint");
  if (!runs_complaints(actor.role))
    return Error::forbidden("only complaint officers and managers run the procedure");
  const Timestamp now = m_clock.now();
  return m_store.write([&](FeedbackTx& tx) -> Result<ComplaintView> {
    auto found = tx.feedback().find_complaint(id);
    if (!found) return Error::not_found("complaint");
    Complaint c = *found;
    const ComplaintStage next = TD_TRY(feedback::complaint_step(c.stage, in.step));
    boost::json::object data;
    if (in.step == "register") {
      if (in.product) c.product = TD_TRY(checked_text(in.product, "product", 200, true));
      if (in.fault) c.fault = TD_TRY(checked_text(in.fault, "fault", 4000, true));
      if (c.product.empty()) return Error::missing("product");
      if (c.fault.empty()) return Error::missing("fault");
      if (!in.warranty) return Error::missing("warranty");
      c.warranty = *in.warranty;
      if (in.engineer_ids) {
        if (in.engineer_ids->size() > 20) return Error::invalid("engineer_ids", "at most 20 engineers");
        for (std::size_t i = 0; i < in.engineer_ids->size(); ++i) {
          auto u = tx.identity().find_user((*in.engineer_ids)[i]);
          if (!u || !identity::is_agent(u->role))
            return Error::invalid("engineer_ids[" + std::to_string(i) + "]",
                                  "not a member of the support staff");
        }
        c.engineer_ids = *in.engineer_ids;
      }
      data = {{"product", c.product}, {"fault", c.fault}, {"warranty", name(c.warranty)}};
      boost::json::array eng;
      for (Id e : c.engineer_ids)
        eng.push_back(e);
      data["engineer_ids"] = std::move(eng);
    } else if (in.step == "judge") {
      if (!in.verdict) return Error::missing("verdict");
      c.verdict = in.verdict;
      c.judgement = TD_TRY(checked_text(in.text, "judgement", 4000, true));
      data = {{"verdict", name(*c.verdict)}, {"judgement", c.judgement}};
    } else if (in.step == "decide") {
      c.decision = TD_TRY(checked_text(in.text, "decision", 4000, true));
      data = {{"decision", c.decision}};
    } else if (in.step == "act") {
      c.action = TD_TRY(checked_text(in.text, "action", 4000, true));
      data = {{"action", c.action}};
    } else if (in.step == "feedback") {
      c.feedback = TD_TRY(checked_text(in.text, "feedback", 4000, true));
      data = {{"feedback", c.feedback}};
    } else if (in.step == "close") {
      c.summary = TD_TRY(checked_text(in.text, "summary", 4000, true));
      data = {{"summary", c.summary}};
      c.closed_at = now;
    }
    const ComplaintStage before = c.stage;
    c.stage = next;
    c.updated_at = now;
    tx.feedback().update_complaint(c);
    ComplaintStep s;
    s.complaint_id = c.id;
    s.step = in.step;
    s.actor_id = actor.user_id;
    s.data_json = boost::json::serialize(data);
    s.at = now;
    tx.feedback().insert_complaint_step(s);
    event(tx, actor, c.ticket_id, now, "complaint_step", std::string(name(before)), std::string(name(next)),
          true);
    if (in.step == "feedback") {
      // The answer reaches the customer as a public reply on the complaint's ticket, and by mail.
      auto t = tx.tickets().find_ticket(c.ticket_id);
      if (t && ticket::is_open(t->ticket.state))
        TD_TRY(m_tickets.add_article_in(tx, actor, c.ticket_id, ticket::ArticleKind::reply, c.feedback, now));
      if (t) {
        email::Notice n;
        n.body = c.feedback;
        n.agent_name = actor.name;
        TD_TRY(m_mail.notify(tx, email::MailTemplate::complaint_feedback, t->ticket, n, now));
      }
    }
    if (in.step == "close") {
      // The complaint's ticket ends with the procedure: resolved with the summary, then closed (which invites
      // the customer's survey).
      auto t = tx.tickets().find_ticket(c.ticket_id);
      if (t && ticket::is_open(t->ticket.state)) {
        Principal sys = identity::system_principal();
        if (t->ticket.state == State::new_ || t->ticket.state == State::assigned) {
          if (t->ticket.state == State::new_ && !t->ticket.assignee_id) {
            ticket::TicketPatch p;
            p.assignee_id = std::optional<Id>(actor.user_id);
            TD_TRY(m_tickets.update_in(tx, sys, c.ticket_id, p, now));
          }
          TD_TRY(m_tickets.transition_in(tx, sys, c.ticket_id, State::in_progress, std::nullopt, now));
        } else if (t->ticket.state != State::in_progress) {
          TD_TRY(m_tickets.transition_in(tx, sys, c.ticket_id, State::in_progress, std::nullopt, now));
        }
        TD_TRY(m_tickets.transition_in(tx, sys, c.ticket_id, State::resolved, c.summary, now));
        TD_TRY(m_tickets.transition_in(tx, sys, c.ticket_id, State::closed, std::nullopt, now));
      }
    }
    return view_of(tx, c, true);
  });
}

}  // namespace techdesk::feedback
