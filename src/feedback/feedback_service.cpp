#include "feedback/feedback_service.h"

#include <sodium.h>
#include <spdlog/spdlog.h>

#include <algorithm>
#include <boost/json.hpp>

#include "common/text.h"
#include "feedback/feedback_json.h"
#include "feedback/rules.h"
#include "feedback/survey_token.h"
#include "identity/role.h"
#include "sla/calendar.h"
#include "ticket/state_machine.h"
#include "ticket/visibility.h"

namespace techdesk::feedback {

using identity::Principal;
using identity::Role;
using ticket::State;
using ticket::Ticket;
using ticket::TicketView;

namespace {

// Set while the closing timer closes a ticket, so that the observer mails "closed automatically" (with the
// survey link) instead of a plain survey invitation. Thread-local: each transaction runs on one thread.
thread_local bool t_auto_closing = false;

FeedbackTx& feedback_tx(ticket::TicketTx& tx) {
  return dynamic_cast<FeedbackTx&>(tx);
}

std::string sha256_hex(std::string_view data) {
  unsigned char digest[crypto_hash_sha256_BYTES];
  crypto_hash_sha256(digest, reinterpret_cast<const unsigned char*>(data.data()), data.size());
  static constexpr char k_hex[] = "0123456789abcdef";
  std::string out;
  for (unsigned char b : digest) {
    out += k_hex[b >> 4];
    out += k_hex[b & 15];
  }
  return out;
}

}  // namespace

std::string_view name(SurveyState s) {
  switch (s) {
    case SurveyState::not_due:
      return "not_due";
    case SurveyState::open:
      return "open";
    case SurveyState::answered:
      return "answered";
    case SurveyState::expired:
      return "expired";
  }
  return "not_due";
}

FeedbackService::FeedbackService(TxRunner<FeedbackTx>& store, ticket::TicketService& tickets,
                                 email::MailService& mail, identity::IdentityService& identity,
                                 const Clock& clock, std::string signing_key, FeedbackOptions options)
    : m_store(store),
      m_tickets(tickets),
      m_mail(mail),
      m_identity(identity),
      m_clock(clock),
      m_key(std::move(signing_key)),
      m_options(options) {}

// ---- shared helpers ----

Result<Ticket> FeedbackService::visible_ticket(FeedbackTx& tx, const Principal& actor, Id id) {
  auto v = tx.tickets().find_ticket(id);
  if (!v || !ticket::can_view(ticket::scope_for(actor), v->ticket)) return Error::not_found("ticket");
  return v->ticket;
}

Settings FeedbackService::load_settings(FeedbackTx& tx) {
  auto text = tx.feedback().settings_json();
  if (!text) return Settings{};
  boost::system::error_code ec;
  auto v = boost::json::parse(*text, ec);
  if (ec) return Settings{};
  auto s = settings_from_json(v);
  return s ? s.value() : Settings{};
}

ClosingRule FeedbackService::rule_for(FeedbackTx& tx, Id ticket) {
  auto sla = tx.sla().find_ticket_sla(ticket, false);
  return closing_rule(load_settings(tx), sla ? std::optional<Id>(sla->policy_id) : std::nullopt);
}

void FeedbackService::event(FeedbackTx& tx, const Principal& actor, Id ticket, Timestamp at,
                            std::string field, std::optional<std::string> before,
                            std::optional<std::string> after, bool internal) {
  ticket::Event e;
  e.ticket_id = ticket;
  if (actor.user_id > 0) e.actor_id = actor.user_id;
  e.actor_name = actor.name;
  e.at = at;
  e.field = std::move(field);
  e.before = std::move(before);
  e.after = std::move(after);
  e.internal = internal;
  tx.tickets().append_event(e);
}

// ---- settings and forms ----

Result<Settings> FeedbackService::settings(const Principal& actor) {
  if (!identity::is_agent(actor.role))
    return Error::forbidden("only support staff may read the closing settings");
  return m_store.read([&](FeedbackTx& tx) -> Result<Settings> { return load_settings(tx); });
}

Result<Settings> FeedbackService::save_settings(const Principal& actor, const Settings& s) {
  if (actor.role != Role::admin)
    return Error::forbidden("only administrators may change the closing settings");
  TD_TRY(validate_settings(s));
  const Timestamp now = m_clock.now();
  return m_store.write([&](FeedbackTx& tx) -> Result<Settings> {
    for (std::size_t i = 0; i < s.policies.size(); ++i)
      if (!tx.sla().find_policy(s.policies[i].policy_id))
        return Error::invalid("policies[" + std::to_string(i) + "].policy_id", "no SLA policy with this id");
    tx.feedback().save_settings_json(boost::json::serialize(settings_to_json(s)), now);
    return s;
  });
}

Result<std::vector<CategoryForm>> FeedbackService::forms(const Principal&) {
  return m_store.read([&](FeedbackTx& tx) -> Result<std::vector<CategoryForm>> {
    std::map<Id, std::vector<FormField>> own;
    for (auto& [id, text] : tx.feedback().list_forms()) {
      boost::system::error_code ec;
      auto v = boost::json::parse(text, ec);
      if (ec) continue;
      if (auto f = form_from_json(v)) own[id] = f.value();
    }
    std::map<Id, std::optional<Id>> parents;
    auto categories = tx.tickets().list_categories();
    for (const auto& c : categories)
      parents[c.id] = c.parent_id;
    std::vector<CategoryForm> out;
    for (const auto& c : categories)
      if (auto f = form_for(c.id, own, parents)) out.push_back(std::move(*f));
    return out;
  });
}

Result<CategoryForm> FeedbackService::save_form(const Principal& actor, Id category,
                                                const std::vector<FormField>& fields) {
  if (actor.role != Role::admin) return Error::forbidden("only administrators may change request forms");
  TD_TRY(validate_form(fields));
  const Timestamp now = m_clock.now();
  return m_store.write([&](FeedbackTx& tx) -> Result<CategoryForm> {
    if (!tx.tickets().find_category(category)) return Error::not_found("category");
    if (fields.empty())
      tx.feedback().delete_form(category);
    else
      tx.feedback().save_form(category, boost::json::serialize(form_to_json(fields)), now);
    return CategoryForm{category, fields};
  });
}

// ---- self-registration ----

bool FeedbackService::registration_enabled() {
  auto r =
      m_store.read([&](FeedbackTx& tx) -> Result<bool> { return tx.feedback().any_registration_domain(); });
  return r && r.value();
}

Result<std::vector<std::string>> FeedbackService::registration_domains(const Principal& actor, Id org) {
  if (actor.role != Role::admin && actor.role != Role::manager)
    return Error::forbidden("only administrators may see registration domains");
  return m_store.read([&](FeedbackTx& tx) -> Result<std::vector<std::string>> {
    if (!tx.identity().find_org(org)) return Error::not_found("organization");
    return tx.feedback().registration_domains(org);
  });
}

Result<std::vector<std::string>> FeedbackService::save_registration_domains(
    const Principal& actor, Id org, std::vector<std::string> domains) {
  if (actor.role != Role::admin)
    return Error::forbidden("only administrators may change registration domains");
  if (domains.size() > 50) return Error::invalid("domains", "at most 50 domains");
  for (std::size_t i = 0; i < domains.size(); ++i) {
    std::string& d = domains[i];
    d = ascii_lower(std::string(trim(d)));
    if (!d.empty() && d.front() == '@') d.erase(d.begin());
    bool ok = !d.empty() && d.size() <= 253 && d.find('.') != std::string::npos && d.front() != '.' &&
              d.back() != '.' && d.find("..") == std::string::npos;
    for (char c : d)
      ok = ok && ((c >= 'a' && c <= 'z') || (c >= '0' && c <= '9') || c == '-' || c == '.');
    if (!ok) return Error::invalid("domains[" + std::to_string(i) + "]", "not a domain name: " + d);
  }
  std::sort(domains.begin(), domains.end());
  domains.erase(std::unique(domains.begin(), domains.end()), domains.end());
  return m_store.write([&](FeedbackTx& tx) -> Result<std::vector<std::string>> {
    if (!tx.identity().find_org(org)) return Error::not_found("organization");
    TD_TRY(tx.feedback().replace_registration_domains(org, domains));
    return domains;
  });
}

Result<identity::User> FeedbackService::register_requester(Registration r) {
  std::string email = ascii_lower(std::string(trim(r.email)));
  auto at = email.find('@');
  if (email.empty()) return Error::missing("email");
  if (at == std::string::npos || at == 0 || at + 1 >= email.size() || email.size() > 254)
    return Error::invalid("email", "not an email address");
  const std::string domain = email.substr(at + 1);
  auto org = m_store.read([&](FeedbackTx& tx) -> Result<std::optional<Id>> {
    return tx.feedback().org_for_registration_domain(domain);
  });
  if (!org) return org.error();
  if (!org.value())
    return Error::invalid("email", "self-registration is not open for addresses at " + domain);
  if (trim(r.name).empty()) return Error::missing("name");
  identity::CreateUser u;
  u.login = email;
  u.password = std::move(r.password);
  u.name = std::string(trim(r.name));
  u.email = email;
  u.phone = r.phone;
  u.role = Role::requester;
  u.organization_id = *org.value();
  auto created = m_identity.create_user(identity::system_principal(), std::move(u));
  if (!created && created.error().code == Errc::conflict)
    return Error::conflict("an account with this email address exists already", "email");
  return created;
}

// ---- uploads ----

Result<Upload> FeedbackService::upload(const Principal& actor, std::string filename, std::string content_type,
                                       std::string data) {
  filename = clean_filename(filename);
  TD_TRY(check_upload(filename, data, m_options.max_upload_bytes));
  if (content_type.empty() || content_type.size() > 100 ||
      content_type.find_first_of("\r\n") != std::string::npos)
    content_type = "application/octet-stream";
  const Timestamp now = m_clock.now();
  return m_store.write([&](FeedbackTx& tx) -> Result<Upload> {
    Upload u;
    u.uploader_id = actor.user_id;
    u.filename = filename;
    u.content_type = content_type;
    u.size = data.size();
    u.sha256 = sha256_hex(data);
    u.created_at = now;
    tx.feedback().put_blob(u.sha256, data);
    u.id = tx.feedback().insert_upload(u);
    return u;
  });
}

Result<std::pair<Upload, std::string>> FeedbackService::download(const Principal& actor, Id id) {
  return m_store.read([&](FeedbackTx& tx) -> Result<std::pair<Upload, std::string>> {
    auto u = tx.feedback().find_upload(id);
    if (!u) return Error::not_found("upload");
    bool may = u->uploader_id == actor.user_id;
    if (!may && u->ticket_id && visible_ticket(tx, actor, *u->ticket_id).ok()) {
      may = true;
      // A file on an internal note is as internal as the note.
      if (u->article_id && !ticket::sees_internal(actor)) {
        auto arts = tx.tickets().list_articles(*u->ticket_id, false);
        may = std::any_of(arts.begin(), arts.end(),
                          [&](const ticket::Article& a) { return a.id == *u->article_id; });
      }
    }
    if (!may) return Error::not_found("upload");
    auto data = tx.feedback().blob(u->sha256);
    if (!data) return Error::not_found("upload");
    return std::pair<Upload, std::string>{*u, std::move(*data)};
  });
}

Result<std::vector<Upload>> FeedbackService::ticket_uploads(const Principal& actor, Id ticket) {
  return m_store.read([&](FeedbackTx& tx) -> Result<std::vector<Upload>> {
    TD_TRY(visible_ticket(tx, actor, ticket));
    auto all = tx.feedback().uploads_of_ticket(ticket);
    if (ticket::sees_internal(actor)) return all;
    // Files on internal notes stay internal.
    std::vector<Upload> out;
    auto arts = tx.tickets().list_articles(ticket, false);
    for (auto& u : all) {
      bool visible = !u.article_id || std::any_of(arts.begin(), arts.end(), [&](const ticket::Article& a) {
        return a.id == *u.article_id;
      });
      if (visible) out.push_back(std::move(u));
    }
    return out;
  });
}

Result<std::vector<FormValue>> FeedbackService::ticket_form(const Principal& actor, Id ticket) {
  return m_store.read([&](FeedbackTx& tx) -> Result<std::vector<FormValue>> {
    TD_TRY(visible_ticket(tx, actor, ticket));
    return tx.feedback().form_values(ticket);
  });
}

namespace {

// The uploads a request or reply may take: the actor's own, not attached yet, at most `max`.
Result<void> check_attachments(FeedbackTx& tx, const Principal& actor, const std::vector<Id>& ids, int max) {
  if (static_cast<int>(ids.size()) > max)
    return Error::invalid("attachments", "at most " + std::to_string(max) + " attachments");
  for (std::size_t i = 0; i < ids.size(); ++i) {
    auto u = tx.feedback().find_upload(ids[i]);
    const std::string f = "attachments[" + std::to_string(i) + "]";
    if (!u || u->uploader_id != actor.user_id) return Error::invalid(f, "no upload of yours with this id");
    if (u->ticket_id) return Error::invalid(f, "this upload is attached already");
    for (std::size_t j = 0; j < i; ++j)
      if (ids[j] == ids[i]) return Error::invalid(f, "this upload is listed twice");
  }
  return ok();
}

}  // namespace

Result<TicketView> FeedbackService::submit(const Principal& actor, SubmitRequest in) {
  if (in.type && *in.type != ticket::TicketType::incident &&
      *in.type != ticket::TicketType::service_request && *in.type != ticket::TicketType::consultation)
    return Error::invalid("type", "type must be incident, service_request or consultation");
  if (!in.category_id) return Error::missing("category_id");
  const Timestamp now = m_clock.now();
  auto exists = m_store.read([&](FeedbackTx& tx) -> Result<bool> {
    return tx.tickets().find_category(*in.category_id).has_value();
  });
  if (!exists) return exists.error();
  if (!exists.value()) return Error::invalid("category_id", "no category with this id");
  auto all_forms = TD_TRY(forms(actor));
  std::vector<FormField> form;
  for (auto& f : all_forms)
    if (f.category_id == *in.category_id) form = f.fields;
  std::vector<FormValue> values = TD_TRY(check_form_values(form, in.fields));
  return m_store.write([&](FeedbackTx& tx) -> Result<TicketView> {
    TD_TRY(check_attachments(tx, actor, in.attachments, m_options.max_attachments));
    ticket::NewTicket nt;
    nt.subject = in.subject;
    nt.description = in.description;
    nt.type = in.type;
    nt.category_id = in.category_id;
    nt.urgency = in.urgency;
    nt.channel = ticket::Channel::web;
    TicketView v = TD_TRY(m_tickets.create_in(tx, actor, nt, now));
    if (!values.empty()) {
      tx.feedback().insert_form_values(v.ticket.id, values);
      std::string summary;
      for (const auto& fv : values)
        summary += (summary.empty() ? "" : "; ") + fv.label + ": " + fv.value;
      event(tx, actor, v.ticket.id, now, "form", std::nullopt, summary, false);
    }
    if (!in.attachments.empty()) {
      tx.feedback().attach_uploads(in.attachments, v.ticket.id, std::nullopt);
      for (Id id : in.attachments)
        if (auto u = tx.feedback().find_upload(id))
          event(tx, actor, v.ticket.id, now, "attachment", std::nullopt, u->filename, false);
    }
    TicketView out = *tx.tickets().find_ticket(v.ticket.id);
    // The requester gets the number and a link by mail too (replies to it thread onto the ticket).
    TD_TRY(m_mail.notify(tx, email::MailTemplate::new_ticket_ack, out.ticket, {}, now));
    return out;
  });
}

Result<ticket::Article> FeedbackService::add_article(const Principal& actor, Id ticket,
                                                     ticket::ArticleKind kind, std::string body,
                                                     const std::vector<Id>& attachments) {
  const Timestamp now = m_clock.now();
  return m_store.write([&](FeedbackTx& tx) -> Result<ticket::Article> {
    TD_TRY(visible_ticket(tx, actor, ticket));
    TD_TRY(check_attachments(tx, actor, attachments, m_options.max_attachments));
    ticket::Article a = TD_TRY(m_tickets.add_article_in(tx, actor, ticket, kind, std::move(body), now));
    tx.feedback().attach_uploads(attachments, ticket, a.id);
    for (Id id : attachments)
      if (auto u = tx.feedback().find_upload(id))
        event(tx, actor, ticket, now, "attachment", std::nullopt, u->filename, a.internal);
    return a;
  });
}

// ---- closing the loop ----

Result<TicketView> FeedbackService::confirm(const Principal& actor, Id ticket) {
  const Timestamp now = m_clock.now();
  return m_store.write([&](FeedbackTx& tx) -> Result<TicketView> {
    Ticket t = TD_TRY(visible_ticket(tx, actor, ticket));
    if (t.state != State::resolved)
      return Error{Errc::invalid_transition, "only a resolved ticket can be confirmed", "state"};
    event(tx, actor, ticket, now, "confirmed", std::nullopt, actor.name, false);
    TicketView v = TD_TRY(m_tickets.transition_in(tx, actor, ticket, State::closed, std::nullopt, now));
    return v;
  });
}

Result<ReopenOutcome> FeedbackService::reopen(const Principal& actor, Id ticket, std::string reason) {
  if (trim(reason).empty()) return Error::missing("reason");
  const Timestamp now = m_clock.now();
  return m_store.write([&](FeedbackTx& tx) -> Result<ReopenOutcome> {
    Ticket t = TD_TRY(visible_ticket(tx, actor, ticket));
    if (t.state != State::resolved && t.state != State::closed)
      return Error{Errc::invalid_transition, "only a resolved or closed ticket can be reopened", "state"};
    const ClosingRule rule = rule_for(tx, ticket);
    if (t.state == State::resolved || (t.closed_at && may_reopen(*t.closed_at, now, rule.reopen_days))) {
      TicketView v = TD_TRY(m_tickets.transition_in(tx, actor, ticket, State::reopened, reason, now));
      return ReopenOutcome{std::move(v), false};
    }
    // Too late to reopen: a follow-up ticket, linked to the old one, with the reason as its description.
    ticket::NewTicket nt;
    nt.subject = t.subject;
    nt.description = std::string(trim(reason));
    nt.type = t.type;
    nt.category_id = t.category_id;
    nt.impact = t.impact;
    nt.urgency = t.urgency;
    nt.channel = ticket::Channel::web;
    if (identity::is_agent(actor.role)) {
      nt.requester_id = t.requester_id;
      nt.team_id = t.team_id;
    } else if (actor.user_id != t.requester_id) {
      // An org manager reopening a colleague's ticket: the follow-up is the colleague's too.
      if (actor.role != Role::org_manager) return Error::not_found("ticket");
    }
    TicketView v = TD_TRY(m_tickets.create_in(tx, actor, nt, now));
    dispatch::Link link;
    link.ticket_id = v.ticket.id;
    link.other_id = ticket;
    link.kind = dispatch::LinkKind::related;
    link.created_at = now;
    if (actor.user_id > 0) link.created_by = actor.user_id;
    tx.dispatch().insert_link(link);
    event(tx, actor, ticket, now, "follow_up", std::nullopt, v.ticket.number, false);
    event(tx, actor, v.ticket.id, now, "follow_up_of", std::nullopt, t.number, false);
    TD_TRY(open_callback(tx, v.ticket, CallbackReason::reopen, std::nullopt,
                         "follow-up of " + t.number + ": " + std::string(trim(reason)), now));
    TicketView out = *tx.tickets().find_ticket(v.ticket.id);
    return ReopenOutcome{std::move(out), true};
  });
}

Result<ClosingInfo> FeedbackService::closing(const Principal& actor, Id ticket) {
  return m_store.read([&](FeedbackTx& tx) -> Result<ClosingInfo> {
    Ticket t = TD_TRY(visible_ticket(tx, actor, ticket));
    ClosingRule rule = rule_for(tx, ticket);
    ClosingInfo info;
    info.auto_close_working_days = rule.auto_close_working_days;
    info.reopen_days = rule.reopen_days;
    if (t.state == State::resolved) info.auto_close_at = tx.feedback().closing_timer(ticket);
    if (t.state == State::closed && t.closed_at)
      info.reopen_until = *t.closed_at + std::chrono::days(rule.reopen_days);
    return info;
  });
}

Result<int> FeedbackService::close_due(int limit) {
  const Timestamp now = m_clock.now();
  return m_store.write([&](FeedbackTx& tx) -> Result<int> {
    int done = 0;
    for (Id id : tx.feedback().due_closing_timers(now, limit)) {
      auto v = tx.tickets().find_ticket(id);
      tx.feedback().clear_closing_timer(id);
      if (!v || v->ticket.state != State::resolved) continue;
      const ClosingRule rule = rule_for(tx, id);
      Principal sys = identity::system_principal();
      event(tx, sys, id, now, "auto_closed", std::nullopt,
            std::to_string(rule.auto_close_working_days) + " working days without an answer", false);
      t_auto_closing = true;
      auto r = m_tickets.transition_in(tx, sys, id, State::closed, std::nullopt, now);
      t_auto_closing = false;
      if (!r) return r.error();
      ++done;
    }
    return done;
  });
}

// ---- the observer ----

Result<void> FeedbackService::on_created(ticket::TicketTx&, const Principal&, Ticket&, Timestamp) {
  return ok();
}

Result<void> FeedbackService::on_article(ticket::TicketTx&, const Ticket&, const ticket::Article&,
                                         const Principal&, Timestamp) {
  return ok();
}

Result<void> FeedbackService::on_updated(ticket::TicketTx& ttx, const Principal& actor, const Ticket& before,
                                         const Ticket& after, Timestamp at) {
  if (before.state == after.state) return ok();
  FeedbackTx& tx = feedback_tx(ttx);
  if (after.state == State::resolved) {
    const ClosingRule rule = rule_for(tx, after.id);
    auto sla = tx.sla().find_ticket_sla(after.id, false);
    std::optional<sla::Calendar> cal;
    if (sla) cal = tx.sla().find_calendar(sla->calendar_id);
    if (!cal || !sla::validate(*cal)) cal = sla::china_business_calendar();
    sla::BusinessClock clock(*cal);
    tx.feedback().set_closing_timer(after.id, auto_close_at(at, rule.auto_close_working_days, clock));
  } else if (before.state == State::resolved) {
    tx.feedback().clear_closing_timer(after.id);
  }
  if (before.state == State::closed && after.state == State::reopened && before.closed_at) {
    const ClosingRule rule = rule_for(tx, after.id);
    if (!may_reopen(*before.closed_at, at, rule.reopen_days))
      return Error::conflict(
          "the ticket was closed more than " + std::to_string(rule.reopen_days) +
              " days ago; reopening it makes a follow-up ticket (POST /tickets/{id}/reopen)",
          "to");
  }
  if (after.state == State::closed && before.state == State::resolved)
    TD_TRY(invite_survey(tx, after, at, t_auto_closing));
  if (after.state == State::reopened) {
    std::string reason;
    for (auto& e : tx.tickets().list_events(after.id, false))
      if (e.field == "reason" && e.after) reason = *e.after;
    TD_TRY(open_callback(tx, after, CallbackReason::reopen, std::nullopt, reason, at));
    email::Notice n;
    n.body = reason;
    TD_TRY(m_mail.notify(tx, email::MailTemplate::reopened, after, n, at));
  }
  (void)actor;
  return ok();
}

// ---- background ----

Result<int> FeedbackService::purge_uploads(int limit) {
  const Timestamp before = m_clock.now() - m_options.keep_unattached_uploads;
  return m_store.write(
      [&](FeedbackTx& tx) -> Result<int> { return tx.feedback().purge_unattached_uploads(before, limit); });
}

// The callback's team lead: a team lead of the ticket's team, else any active manager.
std::optional<Id> FeedbackService::lead_for(FeedbackTx& tx, std::optional<Id> team) {
  if (team)
    if (auto t = tx.identity().find_team(*team))
      for (Id m : t->member_ids)
        if (auto u = tx.identity().find_user(m); u && u->active && u->role == Role::team_lead) return u->id;
  for (Role r : {Role::team_lead, Role::manager}) {
    identity::UserQuery q;
    q.role = r;
    q.limit = 20;
    for (const auto& u : tx.identity().list_users(q))
      if (u.active) return u.id;
  }
  return std::nullopt;
}

Result<Id> FeedbackService::open_callback(FeedbackTx& tx, const Ticket& t, CallbackReason reason,
                                          std::optional<Id> source, std::string note, Timestamp now) {
  const Settings s = load_settings(tx);
  Callback c;
  c.reason = reason;
  c.ticket_id = t.id;
  c.organization_id = t.organization_id;
  c.contact_id = t.requester_id;
  c.assignee_id = lead_for(tx, t.team_id);
  c.source_id = source;
  c.due_at = now + std::chrono::hours(s.callback_due_hours);
  c.note = std::move(note);
  c.created_at = now;
  Id id = tx.feedback().insert_callback(c);
  event(tx, identity::system_principal(), t.id, now, "callback", std::nullopt, std::string(name(reason)),
        true);
  return id;
}

}  // namespace techdesk::feedback
