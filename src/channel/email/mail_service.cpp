#include "channel/email/mail_service.h"

#include <sodium.h>
#include <spdlog/spdlog.h>
#include <unistd.h>

#include <algorithm>

#include <boost/json.hpp>

#include "channel/email/charset.h"
#include "channel/email/filters.h"
#include "channel/email/html_sanitize.h"
#include "channel/email/imap_client.h"
#include "channel/email/mime_builder.h"
#include "channel/email/mime_parser.h"
#include "channel/email/smtp_client.h"
#include "channel/email/templates.h"
#include "channel/email/threading.h"
#include "common/text.h"
#include "common/time.h"
#include "identity/identity_service.h"
#include "identity/role.h"
#include "identity/token.h"
#include "search/indexer.h"

namespace techdesk::email {

namespace json = boost::json;
using identity::Principal;
using identity::Role;
using ticket::State;
using ticket::Ticket;

namespace {

constexpr std::size_t k_max_subject_chars = 200;
constexpr std::size_t k_max_body_chars = 100000;
constexpr int k_max_cc = 20;
// A node that dies while fetching holds its mailbox this long at most; the holder renews it as it goes.
constexpr auto k_fetch_lease = std::chrono::seconds(30);
constexpr auto k_fetch_renew = std::chrono::seconds(10);
constexpr auto k_send_lease = std::chrono::minutes(2);
constexpr int k_fetch_batch = 200;            // messages per pass
constexpr std::size_t k_batch_messages = 25;  // messages per transaction
constexpr std::size_t k_batch_bytes = 8u << 20;

MailTx& mail_tx(ticket::TicketTx& tx) {
  return dynamic_cast<MailTx&>(tx);
}

bool is_admin(const Principal& p) {
  return p.role == Role::admin;
}

std::string hex(std::string_view raw) {
  static constexpr char k_digits[] = "0123456789abcdef";
  std::string out;
  out.reserve(raw.size() * 2);
  for (unsigned char c : raw) {
    out.push_back(k_digits[c >> 4]);
    out.push_back(k_digits[c & 15]);
  }
  return out;
}

std::string sha256_hex(std::string_view data) {
  return hex(identity::token_digest(data));
}

std::string random_hex(std::size_t bytes) {
  std::string raw(bytes, '\0');
  randombytes_buf(raw.data(), raw.size());
  return hex(raw);
}

// Text fit for a ticket field: valid UTF-8, no control characters but newlines and tabs, at most
// max_chars code points.
std::string fit_text(std::string_view in, std::size_t max_chars, bool multiline) {
  std::string s = scrub_utf8(in);
  std::string out;
  out.reserve(s.size());
  std::size_t chars = 0;
  for (std::size_t i = 0; i < s.size(); ++i) {
    auto c = static_cast<unsigned char>(s[i]);
    if ((c & 0xC0) != 0x80) {
      if (chars == max_chars) break;
      ++chars;
    }
    if (c < 0x20 || c == 0x7F) {
      if (multiline && (c == '\n' || c == '\t'))
        out.push_back(static_cast<char>(c));
      else
        out.push_back(' ');
      continue;
    }
    out.push_back(static_cast<char>(c));
  }
  return out;
}

std::string domain_of(std::string_view addr) {
  auto at = addr.rfind('@');
  return at == std::string_view::npos ? std::string() : ascii_lower(addr.substr(at + 1));
}

bool valid_email(std::string_view a) {
  return is_sendable_address(a);
}

std::string_view security_name(Security s) {
  switch (s) {
    case Security::none:
      return "none";
    case Security::starttls:
      return "starttls";
    case Security::tls:
      return "tls";
  }
  return "tls";
}
std::optional<Security> parse_security(std::string_view s) {
  if (s == "none") return Security::none;
  if (s == "starttls") return Security::starttls;
  if (s == "tls") return Security::tls;
  return std::nullopt;
}
std::string_view after_name(AfterFetch a) {
  switch (a) {
    case AfterFetch::flag:
      return "flag";
    case AfterFetch::move:
      return "move";
    case AfterFetch::remove:
      return "delete";
  }
  return "flag";
}
std::optional<AfterFetch> parse_after(std::string_view s) {
  if (s == "flag") return AfterFetch::flag;
  if (s == "move") return AfterFetch::move;
  if (s == "delete") return AfterFetch::remove;
  return std::nullopt;
}

std::string imap_json(const ImapSettings& s) {
  return json::serialize(json::object{{"host", s.host},
                                      {"port", s.port},
                                      {"security", security_name(s.security)},
                                      {"username", s.username},
                                      {"folder", s.folder},
                                      {"poll_seconds", s.poll_seconds},
                                      {"after", after_name(s.after)},
                                      {"move_to", s.move_to}});
}
std::string smtp_json(const SmtpSettings& s) {
  return json::serialize(json::object{
      {"host", s.host}, {"port", s.port}, {"security", security_name(s.security)}, {"username", s.username}});
}

std::string str(const json::object& o, const char* k) {
  auto* v = o.if_contains(k);
  return v && v->is_string() ? std::string(v->get_string()) : std::string();
}
int num(const json::object& o, const char* k, int fallback) {
  auto* v = o.if_contains(k);
  return v && v->is_int64() ? static_cast<int>(v->get_int64()) : fallback;
}

std::optional<ImapSettings> imap_from_json(const std::optional<std::string>& text) {
  if (!text) return std::nullopt;
  boost::system::error_code ec;
  auto v = json::parse(*text, ec);
  if (ec || !v.is_object()) return std::nullopt;
  const auto& o = v.get_object();
  ImapSettings s;
  s.host = str(o, "host");
  s.port = num(o, "port", 993);
  s.security = parse_security(str(o, "security")).value_or(Security::tls);
  s.username = str(o, "username");
  s.folder = str(o, "folder");
  s.poll_seconds = num(o, "poll_seconds", 60);
  s.after = parse_after(str(o, "after")).value_or(AfterFetch::flag);
  s.move_to = str(o, "move_to");
  return s;
}
std::optional<SmtpSettings> smtp_from_json(const std::optional<std::string>& text) {
  if (!text) return std::nullopt;
  boost::system::error_code ec;
  auto v = json::parse(*text, ec);
  if (ec || !v.is_object()) return std::nullopt;
  const auto& o = v.get_object();
  SmtpSettings s;
  s.host = str(o, "host");
  s.port = num(o, "port", 465);
  s.security = parse_security(str(o, "security")).value_or(Security::tls);
  s.username = str(o, "username");
  return s;
}

Principal principal_of(const identity::User& u) {
  Principal p;
  p.user_id = u.id;
  p.name = u.name;
  p.role = u.role;
  p.organization_id = u.organization_id;
  p.team_ids = u.team_ids;
  return p;
}

bool is_open(State s) {
  return s != State::closed && s != State::cancelled;
}

// Exponential back-off between SMTP attempts: 1, 2, 4, ... minutes, at most an hour.
std::chrono::milliseconds backoff(int attempts) {
  int shift = std::min(attempts - 1, 6);
  return std::chrono::minutes(std::min(60, 1 << std::max(shift, 0)));
}

}  // namespace

std::string_view name(IngestKind k) {
  switch (k) {
    case IngestKind::created:
      return "created";
    case IngestKind::replied:
      return "replied";
    case IngestKind::followup:
      return "followup";
    case IngestKind::duplicate:
      return "duplicate";
    case IngestKind::ignored:
      return "ignored";
    case IngestKind::rejected:
      return "rejected";
  }
  return "rejected";
}

struct MailService::Enqueue {
  MailTemplate kind = MailTemplate::agent_reply;
  const Ticket* ticket = nullptr;
  std::optional<Id> article;
  std::string body;
  std::vector<Address> cc;
  std::optional<Id> preferred_mailbox;
  std::string in_reply_to;  // the Message-ID answered, when answering a mail
  std::string agent_name;
  std::string survey_url;
};

MailService::MailService(TxRunner<MailTx>& store, ticket::TicketService& tickets, const Clock& clock,
                         const identity::SecretBox& secrets, MailServiceOptions options)
    : m_store(store), m_tickets(tickets), m_clock(clock), m_secrets(secrets), m_options(std::move(options)) {
  char host[128] = "node";
  gethostname(host, sizeof host - 1);
  m_node = std::string(host) + ":" + std::to_string(getpid());
}

// ---- mailboxes ----

Result<Mailbox> MailService::decrypt(const MailboxRecord& r) const {
  Mailbox m = TD_TRY(to_view(r));
  if (m.imap && !r.imap_secret.empty()) m.imap->password = TD_TRY(m_secrets.open(r.imap_secret));
  if (m.smtp && !r.smtp_secret.empty()) m.smtp->password = TD_TRY(m_secrets.open(r.smtp_secret));
  return m;
}

Result<Mailbox> MailService::to_view(const MailboxRecord& r) const {
  Mailbox m;
  m.id = r.id;
  m.name = r.name;
  m.address = r.address;
  m.display_name = r.display_name;
  m.enabled = r.enabled;
  m.team_id = r.team_id;
  m.category_id = r.category_id;
  m.default_org_id = r.default_org_id;
  m.imap = imap_from_json(r.imap_json);
  m.smtp = smtp_from_json(r.smtp_json);
  if (m.imap) m.imap->password_set = !r.imap_secret.empty();
  if (m.smtp) m.smtp->password_set = !r.smtp_secret.empty();
  m.last_fetch_at = r.last_fetch_at;
  m.last_error = r.last_error;
  m.created_at = r.created_at;
  m.updated_at = r.updated_at;
  return m;
}

MailboxRecord MailService::to_record(const Mailbox& m, const std::optional<MailboxRecord>& old) const {
  MailboxRecord r;
  r.id = m.id;
  r.name = m.name;
  r.address = ascii_lower(m.address);
  r.display_name = m.display_name;
  r.enabled = m.enabled;
  r.team_id = m.team_id;
  r.category_id = m.category_id;
  r.default_org_id = m.default_org_id;
  if (m.imap) {
    r.imap_json = imap_json(*m.imap);
    if (!m.imap->password.empty())
      r.imap_secret = m_secrets.seal(m.imap->password);
    else if (old && old->imap_json)
      r.imap_secret = old->imap_secret;
  }
  if (m.smtp) {
    r.smtp_json = smtp_json(*m.smtp);
    if (!m.smtp->password.empty())
      r.smtp_secret = m_secrets.seal(m.smtp->password);
    else if (old && old->smtp_json)
      r.smtp_secret = old->smtp_secret;
  }
  if (old) {
    r.last_fetch_at = old->last_fetch_at;
    r.last_error = old->last_error;
    r.created_at = old->created_at;
  }
  return r;
}

Result<void> MailService::validate(MailTx& tx, const Mailbox& m) const {
  auto text = [](const std::string& v, const char* field, std::size_t max, bool required) -> Result<void> {
    if (!is_valid_utf8(v) || has_control_chars(v, false))
      return Error::invalid(field, std::string(field) + " must be plain text");
    if (required && trim(v).empty()) return Error::missing(field);
    if (utf8_length(v) > max)
      return Error::invalid(field,
                            std::string(field) + " must have at most " + std::to_string(max) + " characters");
    return ok();
  };
  TD_TRY(text(m.name, "name", 100, true));
  TD_TRY(text(m.display_name, "display_name", 100, false));
  if (trim(m.address).empty()) return Error::missing("address");
  if (!valid_email(m.address)) return Error::invalid("address", "address must be an email address");
  if (m.team_id && !tx.identity().find_team(*m.team_id)) return Error::invalid("team_id", "no such team");
  if (m.category_id && !tx.tickets().find_category(*m.category_id))
    return Error::invalid("category_id", "no such category");
  if (m.default_org_id && !tx.identity().find_org(*m.default_org_id))
    return Error::invalid("default_organization_id", "no such organisation");
  auto server = [&](const std::string& host, int port, const std::string& prefix) -> Result<void> {
    if (trim(host).empty()) return Error::missing(prefix + ".host");
    if (host.size() > 253 || host.find_first_of(" /\\@?#\r\n\t") != std::string::npos)
      return Error::invalid(prefix + ".host", prefix + ".host must be a host name or address");
    if (port < 1 || port > 65535) return Error::invalid(prefix + ".port", prefix + ".port must be 1–65535");
    return ok();
  };
  if (m.imap) {
    TD_TRY(server(m.imap->host, m.imap->port, "imap"));
    if (trim(m.imap->username).empty()) return Error::missing("imap.username");
    TD_TRY(text(m.imap->username, "imap.username", 200, true));
    TD_TRY(text(m.imap->folder, "imap.folder", 200, true));
    if (m.imap->poll_seconds < 5 || m.imap->poll_seconds > 86400)
      return Error::invalid("imap.poll_seconds", "imap.poll_seconds must be 5–86400");
    if (m.imap->after == AfterFetch::move) TD_TRY(text(m.imap->move_to, "imap.move_to", 200, true));
    if (m.imap->password.size() > 1000) return Error::invalid("imap.password", "imap.password is too long");
  }
  if (m.smtp) {
    TD_TRY(server(m.smtp->host, m.smtp->port, "smtp"));
    TD_TRY(text(m.smtp->username, "smtp.username", 200, false));
    if (m.smtp->password.size() > 1000) return Error::invalid("smtp.password", "smtp.password is too long");
  }
  return ok();
}

Result<std::vector<Mailbox>> MailService::list_mailboxes(const Principal& actor) {
  if (!is_admin(actor)) return Error::forbidden("only administrators manage mailboxes");
  auto records = TD_TRY(m_store.read(
      [](MailTx& tx) -> Result<std::vector<MailboxRecord>> { return tx.mail().list_mailboxes(); }));
  std::vector<Mailbox> out;
  for (const auto& r : records)
    out.push_back(TD_TRY(to_view(r)));
  return out;
}

Result<Mailbox> MailService::get_mailbox(const Principal& actor, Id id) {
  if (!is_admin(actor)) return Error::forbidden("only administrators manage mailboxes");
  auto r = TD_TRY(m_store.read([&](MailTx& tx) -> Result<MailboxRecord> {
    auto m = tx.mail().find_mailbox(id);
    if (!m) return Error::not_found("mailbox");
    return *m;
  }));
  return to_view(r);
}

Result<Mailbox> MailService::create_mailbox(const Principal& actor, Mailbox m) {
  if (!is_admin(actor)) return Error::forbidden("only administrators manage mailboxes");
  const Timestamp now = m_clock.now();
  auto r = TD_TRY(m_store.write([&](MailTx& tx) -> Result<MailboxRecord> {
    TD_TRY(validate(tx, m));
    auto rec = to_record(m, std::nullopt);
    rec.created_at = now;
    rec.updated_at = now;
    rec.id = TD_TRY(tx.mail().insert_mailbox(rec));
    return rec;
  }));
  spdlog::info("email: mailbox {} <{}> created by {}", r.id, r.address, actor.user_id);
  return to_view(r);
}

Result<Mailbox> MailService::update_mailbox(const Principal& actor, Id id, Mailbox m) {
  if (!is_admin(actor)) return Error::forbidden("only administrators manage mailboxes");
  const Timestamp now = m_clock.now();
  auto r = TD_TRY(m_store.write([&](MailTx& tx) -> Result<MailboxRecord> {
    auto old = tx.mail().find_mailbox(id);
    if (!old) return Error::not_found("mailbox");
    TD_TRY(validate(tx, m));
    m.id = id;
    auto rec = to_record(m, old);
    rec.updated_at = now;
    TD_TRY(tx.mail().update_mailbox(rec));
    return rec;
  }));
  return to_view(r);
}

Result<void> MailService::delete_mailbox(const Principal& actor, Id id) {
  if (!is_admin(actor)) return Error::forbidden("only administrators manage mailboxes");
  return m_store.write([&](MailTx& tx) -> Result<void> {
    if (!tx.mail().delete_mailbox(id)) return Error::not_found("mailbox");
    return ok();
  });
}

Result<MailboxCheck> MailService::test_mailbox(const Principal& actor, Id id) {
  if (!is_admin(actor)) return Error::forbidden("only administrators manage mailboxes");
  auto rec = TD_TRY(m_store.read([&](MailTx& tx) -> Result<MailboxRecord> {
    auto m = tx.mail().find_mailbox(id);
    if (!m) return Error::not_found("mailbox");
    return *m;
  }));
  auto m = TD_TRY(decrypt(rec));
  MailboxCheck check;
  if (m.imap) {
    auto r = test_imap(*m.imap);
    check.imap = ConnectionCheck{r.ok(), r ? *r : r.error().message};
  }
  if (m.smtp) {
    auto r = test_smtp(*m.smtp);
    check.smtp = ConnectionCheck{r.ok(), r ? *r : r.error().message};
  }
  return check;
}

Result<FetchStats> MailService::fetch_now(const Principal& actor, Id id) {
  if (!is_admin(actor)) return Error::forbidden("only administrators manage mailboxes");
  return fetch_mailbox(id);
}

// ---- outbox (admins) ----

Result<std::vector<OutboxItem>> MailService::outbox(const Principal& actor, std::optional<OutboxState> state,
                                                    int limit) {
  if (!is_admin(actor)) return Error::forbidden("only administrators see the outbox");
  return m_store.read(
      [&](MailTx& tx) -> Result<std::vector<OutboxItem>> { return tx.mail().list_outbox(state, limit); });
}

Result<OutboxItem> MailService::retry_outbox(const Principal& actor, Id id) {
  if (!is_admin(actor)) return Error::forbidden("only administrators see the outbox");
  const Timestamp now = m_clock.now();
  return m_store.write([&](MailTx& tx) -> Result<OutboxItem> {
    auto o = tx.mail().find_outbox(id);
    if (!o) return Error::not_found("outbox item");
    if (o->state != OutboxState::failed) return Error::conflict("only failed mail can be retried", "state");
    tx.mail().finish_outbox(id, OutboxState::queued, 0, now, o->last_error, std::nullopt);
    o->state = OutboxState::queued;
    o->attempts = 0;
    o->next_attempt_at = now;
    o->raw.clear();
    return *o;
  });
}

// ---- what agents and requesters see ----

Result<std::vector<MailView>> MailService::mails_of_ticket(const Principal& actor, Id ticket_id) {
  TD_TRY(m_tickets.get(actor, ticket_id));  // not_found when the actor may not see it
  std::vector<ticket::Article> visible = TD_TRY(m_tickets.articles(actor, ticket_id));
  const bool staff = identity::is_agent(actor.role);
  return m_store.read([&](MailTx& tx) -> Result<std::vector<MailView>> {
    std::vector<MailView> out;
    for (auto& m : tx.mail().mails_of_ticket(ticket_id)) {
      // A mail without an article is the ticket's own first message (or our acknowledgement of it):
      // whoever sees the ticket sees it. Otherwise the article decides.
      if (m.article_id) {
        bool seen = false;
        for (const auto& a : visible)
          if (a.id == *m.article_id) seen = true;
        if (!seen) continue;
      }
      MailView v;
      v.attachments = tx.mail().attachments_of_mail(m.id);
      if (m.direction == Direction::out) v.delivery = tx.mail().outbox_of_message(m.message_id);
      if (!staff) {
        // Requesters see the conversation, not our delivery errors.
        if (v.delivery) v.delivery->last_error.clear();
      }
      v.mail = std::move(m);
      out.push_back(std::move(v));
    }
    return out;
  });
}

Result<std::string> MailService::raw_of_article(const Principal& actor, Id article) {
  if (!identity::is_agent(actor.role)) return Error::not_found("original message");
  auto found = TD_TRY(m_store.read([&](MailTx& tx) -> Result<MailRecord> {
    auto m = tx.mail().mail_of_article(article);
    if (!m || !m->ticket_id) return Error::not_found("original message");
    return *m;
  }));
  TD_TRY(m_tickets.get(actor, *found.ticket_id));
  return m_store.read([&](MailTx& tx) -> Result<std::string> {
    if (found.direction == Direction::out) {
      auto o = tx.mail().outbox_of_message(found.message_id);
      if (!o) return Error::not_found("original message");
      auto full = tx.mail().find_outbox(o->id);
      if (!full) return Error::not_found("original message");
      return full->raw;
    }
    auto b = tx.mail().blob(found.raw_sha256);
    if (!b) return Error::not_found("original message");
    return *b;
  });
}

Result<std::string> MailService::raw_of_ticket(const Principal& actor, Id ticket_id) {
  if (!identity::is_agent(actor.role)) return Error::not_found("original message");
  TD_TRY(m_tickets.get(actor, ticket_id));
  return m_store.read([&](MailTx& tx) -> Result<std::string> {
    for (const auto& m : tx.mail().mails_of_ticket(ticket_id))
      if (m.direction == Direction::in && !m.article_id && !m.raw_sha256.empty())
        if (auto b = tx.mail().blob(m.raw_sha256)) return *b;
    return Error::not_found("original message");
  });
}

Result<AttachmentContent> MailService::attachment(const Principal& actor, Id id) {
  auto meta = TD_TRY(m_store.read([&](MailTx& tx) -> Result<std::pair<MailAttachment, MailRecord>> {
    auto a = tx.mail().find_attachment(id);
    if (!a) return Error::not_found("attachment");
    auto rows = a->ticket_id ? tx.mail().mails_of_ticket(*a->ticket_id) : std::vector<MailRecord>{};
    for (auto& m : rows)
      if (m.id == a->mail_id) return std::pair{*a, m};
    return Error::not_found("attachment");
  }));
  auto& [att, mail] = meta;
  if (!mail.ticket_id) return Error::not_found("attachment");
  // Visible when the article it came with is visible to the actor (a mail without an article is the
  // ticket's first message: visible with the ticket).
  auto articles = m_tickets.articles(actor, *mail.ticket_id);
  if (!articles) return Error::not_found("attachment");
  bool seen = !mail.article_id;
  for (const auto& a : *articles)
    if (mail.article_id && a.id == *mail.article_id) seen = true;
  if (!seen || att.sha256.empty()) return Error::not_found("attachment");
  auto data = TD_TRY(m_store.read([&](MailTx& tx) -> Result<std::string> {
    auto b = tx.mail().blob(att.sha256);
    if (!b) return Error::not_found("attachment");
    return *b;
  }));
  return AttachmentContent{att, std::move(data)};
}

// ---- outbound ----

Result<void> MailService::enqueue(MailTx& tx, const Enqueue& e, Timestamp now) {
  const Ticket& t = *e.ticket;
  auto requester = tx.identity().find_user(t.requester_id);
  if (!requester || !requester->email || !valid_email(*requester->email)) return ok();
  // The mailbox to send from: the one the ticket came in through, else the team's, else any that sends.
  auto boxes = tx.mail().list_mailboxes();
  const MailboxRecord* box = nullptr;
  auto sends = [](const MailboxRecord& b) { return b.enabled && b.smtp_json.has_value(); };
  std::optional<Id> origin = e.preferred_mailbox;
  auto history_mails = tx.mail().mails_of_ticket(t.id);
  if (!origin)
    for (const auto& m : history_mails)
      if (m.direction == Direction::in && m.mailbox_id) {
        origin = m.mailbox_id;
        break;
      }
  for (const auto& b : boxes)
    if (origin && b.id == *origin && sends(b)) box = &b;
  if (!box)
    for (const auto& b : boxes)
      if (t.team_id && b.team_id == t.team_id && sends(b)) {
        box = &b;
        break;
      }
  if (!box)
    for (const auto& b : boxes)
      if (sends(b)) {
        box = &b;
        break;
      }
  if (!box) return ok();  // no outgoing mailbox configured: nothing to send

  Address to{requester->name, ascii_lower(*requester->email)};
  // Never mail one of our own mailboxes (a loop).
  auto ours = [&](const std::string& addr) {
    for (const auto& b : boxes)
      if (ascii_lower(b.address) == addr) return true;
    return false;
  };
  if (ours(to.addr)) return ok();
  std::vector<Address> cc;
  for (const auto& c : e.cc)
    if (!ours(c.addr) && c.addr != to.addr) cc.push_back(c);

  TemplateData d;
  d.lang = m_options.lang;
  d.zone = m_options.zone;
  d.ticket_number = t.number;
  d.subject_tag = subject_tag(t.number, m_secrets.signing_key());
  d.ticket_subject = t.subject;
  d.requester_name = requester->name;
  d.agent_name = e.agent_name;
  d.body = e.body;
  d.ticket_url = m_options.base_url + "/portal/tickets/" + std::to_string(t.id);
  d.survey_url = e.survey_url;
  if (t.team_id)
    if (auto team = tx.identity().find_team(*t.team_id)) d.team_name = team->name;
  for (auto& a : tx.tickets().list_articles(t.id, false)) {
    if (e.article && a.id == *e.article) continue;
    d.history.push_back({a.author_name, a.created_at, a.body});
  }
  std::reverse(d.history.begin(), d.history.end());
  if (d.history.size() > 5) d.history.resize(5);
  if (!box->display_name.empty()) d.department = box->display_name;
  RenderedMail rendered = render_mail(e.kind, d);

  OutgoingMail out;
  out.from = {box->display_name, box->address};
  out.to = {to};
  out.cc = cc;
  out.subject = rendered.subject;
  out.text = rendered.text;
  out.html = rendered.html;
  out.message_id = make_message_id(t.id, random_hex(6), domain_of(box->address), m_secrets.signing_key());
  std::string last_in = e.in_reply_to;
  for (const auto& m : history_mails) {
    if (!m.message_id.empty() && out.references.size() < 20) out.references.push_back(m.message_id);
    if (e.in_reply_to.empty() && m.direction == Direction::in && !m.message_id.empty())
      last_in = m.message_id;
  }
  out.in_reply_to = last_in;
  out.auto_submitted = e.kind == MailTemplate::new_ticket_ack ? "auto-replied" : "auto-generated";
  out.extra_headers = {{"X-TechDesk-Ticket", t.number}, {"X-Auto-Response-Suppress", "All"}};

  OutboxItem o;
  o.mailbox_id = box->id;
  o.ticket_id = t.id;
  o.article_id = e.article;
  switch (e.kind) {
    case MailTemplate::new_ticket_ack:
      o.kind = "ack";
      break;
    case MailTemplate::agent_reply:
      o.kind = "reply";
      break;
    case MailTemplate::resolved:
      o.kind = "resolved";
      break;
    case MailTemplate::survey_invitation:
      o.kind = "survey";
      break;
    case MailTemplate::reopened:
      o.kind = "reopened";
      break;
    case MailTemplate::auto_closed:
      o.kind = "auto_closed";
      break;
    case MailTemplate::complaint_received:
      o.kind = "complaint";
      break;
    case MailTemplate::complaint_feedback:
      o.kind = "complaint_feedback";
      break;
  }
  o.envelope_from = box->address;
  o.recipients.push_back(to.addr);
  for (const auto& c : cc)
    o.recipients.push_back(c.addr);
  o.to = out.to;
  o.cc = out.cc;
  o.subject = out.subject;
  o.message_id = out.message_id;
  o.raw = render_message(out, now);
  o.state = OutboxState::queued;
  o.next_attempt_at = now;
  o.created_at = now;
  tx.mail().insert_outbox(o);

  MailRecord rec;
  rec.mailbox_id = box->id;
  rec.dedupe_key = "out:" + out.message_id;
  rec.message_id = out.message_id;
  rec.direction = Direction::out;
  rec.ticket_id = t.id;
  rec.article_id = e.article;
  rec.outcome = o.kind;
  rec.from = out.from;
  rec.to = out.to;
  rec.cc = out.cc;
  rec.subject = out.subject;
  rec.raw_size = o.raw.size();
  rec.at = now;
  tx.mail().insert_mail(rec);
  return ok();
}

Result<ticket::Article> MailService::reply(const Principal& actor, Id ticket_id, std::string body,
                                           const std::vector<std::string>& cc_in, bool send) {
  if (static_cast<int>(cc_in.size()) > k_max_cc)
    return Error::invalid("cc", "at most " + std::to_string(k_max_cc) + " cc addresses");
  std::vector<Address> cc;
  for (std::size_t i = 0; i < cc_in.size(); ++i) {
    std::string a = ascii_lower(trim(cc_in[i]));
    if (!valid_email(a)) return Error::invalid("cc[" + std::to_string(i) + "]", "not an email address");
    cc.push_back({"", a});
  }
  if (!cc.empty() && !identity::is_agent(actor.role))
    return Error::invalid("cc", "only agents add cc recipients");
  const Timestamp now = m_clock.now();
  return m_store.write([&](MailTx& tx) -> Result<ticket::Article> {
    auto article =
        TD_TRY(m_tickets.add_article_in(tx, actor, ticket_id, ticket::ArticleKind::reply, body, now));
    if (send && identity::is_agent(actor.role)) {
      auto view = tx.tickets().find_ticket(ticket_id);
      if (view) {
        Enqueue e;
        e.kind = MailTemplate::agent_reply;
        e.ticket = &view->ticket;
        e.article = article.id;
        e.body = article.body;
        e.cc = cc;
        e.agent_name = actor.name;
        TD_TRY(enqueue(tx, e, now));
      }
    }
    return article;
  });
}

Result<void> MailService::on_created(ticket::TicketTx&, const Principal&, Ticket&, Timestamp) {
  return ok();
}

Result<void> MailService::on_updated(ticket::TicketTx& tx, const Principal& actor, const Ticket& before,
                                     const Ticket& after, Timestamp at) {
  if (after.state != State::resolved || before.state == State::resolved) return ok();
  // The resolution is the reason given with the move: the newest event's text, else the latest public reply.
  std::string resolution;
  for (auto& e : tx.tickets().list_events(after.id, false))
    if (e.field == "reason" && e.after) resolution = *e.after;
  if (resolution.empty()) {
    auto arts = tx.tickets().list_articles(after.id, false);
    for (auto it = arts.rbegin(); it != arts.rend(); ++it)
      if (it->kind == ticket::ArticleKind::reply && it->author_id != after.requester_id) {
        resolution = it->body;
        break;
      }
  }
  Enqueue e;
  e.kind = MailTemplate::resolved;
  e.ticket = &after;
  e.body = resolution;
  e.agent_name = actor.name;
  return enqueue(mail_tx(tx), e, at);
}

Result<void> MailService::notify(MailTx& tx, MailTemplate kind, const Ticket& t, const Notice& n,
                                 Timestamp now) {
  Enqueue e;
  e.kind = kind;
  e.ticket = &t;
  e.body = n.body;
  e.agent_name = n.agent_name;
  if (!n.survey_path.empty()) e.survey_url = m_options.base_url + n.survey_path;
  return enqueue(tx, e, now);
}

Result<Id> MailService::send_report(MailTx& tx, const ReportMail& m, Timestamp now) {
  if (m.kind != "weekly_report" && m.kind != "scheduled_report")
    return Error::internal("send_report: unknown outbox kind " + m.kind);
  if (m.to.empty()) return Error::invalid("recipients", "at least one recipient is required");
  auto boxes = tx.mail().list_mailboxes();
  auto ours = [&](const std::string& addr) {
    for (const auto& b : boxes)
      if (ascii_lower(b.address) == addr) return true;
    return false;
  };
  std::vector<Address> to;
  for (std::size_t i = 0; i < m.to.size(); ++i) {
    std::string a = ascii_lower(trim(m.to[i]));
    if (!valid_email(a))
      return Error::invalid("recipients", "recipients[" + std::to_string(i) + "] is not an email address");
    // Never one of our own mailboxes (it would fetch the report as a request), never twice.
    if (ours(a) || std::any_of(to.begin(), to.end(), [&](const Address& x) { return x.addr == a; })) continue;
    to.push_back({"", a});
  }
  if (to.empty()) return Error::invalid("recipients", "every recipient is one of our own support mailboxes");
  // The default outgoing mailbox: the first (lowest id) enabled one with an SMTP account, as for notices
  // about tickets that did not come by mail.
  const MailboxRecord* box = nullptr;
  for (const auto& b : boxes)
    if (b.enabled && b.smtp_json.has_value()) {
      box = &b;
      break;
    }
  if (!box)
    return Error{Errc::unavailable, "no mailbox can send mail: configure one with an SMTP account", {}};

  OutgoingMail out;
  out.from = {box->display_name, box->address};
  out.to = to;
  out.subject = fit_text(m.subject, k_max_subject_chars, false);
  out.text = m.text;
  if (!m.html.empty()) out.html = sanitize_html(m.html).html;
  // Not make_message_id(): that one names a ticket, and a reply to a report must not land in one.
  out.message_id =
      "td.report." + random_hex(8) + "@" +
      (domain_of(box->address).empty() ? std::string("techdesk.invalid") : domain_of(box->address));
  out.auto_submitted = "auto-generated";
  out.extra_headers = {{"X-TechDesk-Report", m.kind}, {"X-Auto-Response-Suppress", "All"}};
  out.attachments = m.attachments;

  OutboxItem o;
  o.mailbox_id = box->id;
  o.kind = m.kind;
  o.envelope_from = box->address;
  for (const auto& a : to)
    o.recipients.push_back(a.addr);
  o.to = out.to;
  o.subject = out.subject;
  o.message_id = out.message_id;
  o.raw = render_message(out, now);
  o.state = OutboxState::queued;
  o.next_attempt_at = now;
  o.created_at = now;
  return tx.mail().insert_outbox(o);
}

Result<void> MailService::on_article(ticket::TicketTx&, const Ticket&, const ticket::Article&,
                                     const Principal&, Timestamp) {
  return ok();
}

// ---- inbound ----

struct MailService::Prepared {
  std::string_view raw;
  std::string raw_sha;
  Result<ParsedMail> parsed = Error::internal("not parsed");
  std::string key;
  Noise noise = Noise::none;
};

MailService::Prepared MailService::prepare(std::string_view raw) const {
  Prepared p;
  p.raw = raw;
  p.raw_sha = sha256_hex(raw);
  p.parsed = parse_mail(raw, m_options.limits);
  if (p.parsed) {
    p.key = p.parsed->message_id.empty() ? "sha:" + p.raw_sha : "mid:" + p.parsed->message_id;
    p.noise = classify_noise(*p.parsed);
  } else {
    p.key = "sha:" + p.raw_sha;
  }
  return p;
}

Result<IngestOutcome> MailService::ingest(std::string_view raw, std::optional<Id> mailbox_id) {
  auto p = prepare(raw);
  const Timestamp now = m_clock.now();
  auto result = m_store.write([&](MailTx& tx) { return ingest_in(tx, p, mailbox_id, now); });
  if (result) log_outcome(p, *result);
  return result;
}

Result<std::vector<IngestOutcome>> MailService::ingest_batch(const std::vector<std::string_view>& raws,
                                                             std::optional<Id> mailbox_id) {
  std::vector<Prepared> prepared;
  prepared.reserve(raws.size());
  for (auto raw : raws)
    prepared.push_back(prepare(raw));
  const Timestamp now = m_clock.now();
  auto result = m_store.write([&](MailTx& tx) -> Result<std::vector<IngestOutcome>> {
    std::vector<IngestOutcome> out;
    for (const auto& p : prepared)
      out.push_back(TD_TRY(ingest_in(tx, p, mailbox_id, now)));
    return out;
  });
  if (result)
    for (std::size_t i = 0; i < prepared.size(); ++i)
      log_outcome(prepared[i], (*result)[i]);
  return result;
}

void MailService::log_outcome(const Prepared& p, const IngestOutcome& o) const {
  const std::string id =
      p.parsed && !p.parsed->message_id.empty() ? p.parsed->message_id : p.raw_sha.substr(0, 12);
  if (o.kind == IngestKind::rejected)
    spdlog::warn("email: message {} rejected: {}", id, o.reason);
  else
    spdlog::info("email: message {} → {}{}{}", id, name(o.kind),
                 o.ticket_id ? " ticket " + std::to_string(*o.ticket_id) : "",
                 o.reason.empty() ? "" : " (" + o.reason + ")");
}

Result<IngestOutcome> MailService::ingest_in(MailTx& tx, const Prepared& p, std::optional<Id> mailbox_id,
                                             Timestamp now) {
  const std::string_view raw = p.raw;
  const std::string& raw_sha = p.raw_sha;
  const std::string& key = p.key;
  if (!p.parsed) {
    // Too big to parse: recorded (without the bytes) so that the fetcher moves past it.
    IngestOutcome out;
    if (auto dup = tx.mail().find_mail_by_dedupe(key)) {
      out.kind = IngestKind::duplicate;
      out.mail_id = dup->id;
      return out;
    }
    MailRecord rec;
    rec.mailbox_id = mailbox_id;
    rec.dedupe_key = key;
    rec.outcome = "rejected:too_large";
    rec.raw_size = raw.size();
    rec.at = now;
    out.mail_id = tx.mail().insert_mail(rec);
    out.kind = IngestKind::rejected;
    out.reason = p.parsed.error().message;
    return out;
  }
  const ParsedMail& mail = p.parsed.value();
  const Noise noise = p.noise;
  const std::string& sign_key = m_secrets.signing_key();
  IngestOutcome o;
  if (auto dup = tx.mail().find_mail_by_dedupe(key)) {
    o.kind = IngestKind::duplicate;
    o.mail_id = dup->id;
    o.ticket_id = dup->ticket_id;
    o.article_id = dup->article_id;
    return o;
  }
  std::optional<MailboxRecord> box;
  if (mailbox_id) box = tx.mail().find_mailbox(*mailbox_id);
  auto boxes = tx.mail().list_mailboxes();
  tx.mail().put_blob(raw_sha, raw);

  MailRecord rec;
  rec.mailbox_id = mailbox_id;
  rec.dedupe_key = key;
  rec.message_id = mail.message_id;
  rec.direction = Direction::in;
  if (mail.from) rec.from = *mail.from;
  rec.to = mail.to;
  rec.cc = mail.cc;
  rec.subject = fit_text(mail.subject, 998, false);
  rec.html = mail.html;
  rec.raw_sha256 = raw_sha;
  rec.raw_size = raw.size();
  rec.at = now;

  auto finish_without_ticket = [&](IngestKind kind, std::string reason) -> IngestOutcome {
    rec.outcome = std::string(kind == IngestKind::ignored ? "ignored:" : "rejected:") + reason;
    o.mail_id = tx.mail().insert_mail(rec);
    o.kind = kind;
    o.reason = std::move(reason);
    return o;
  };
  if (noise != Noise::none) return finish_without_ticket(IngestKind::ignored, std::string(name(noise)));
  if (!mail.from) return finish_without_ticket(IngestKind::rejected, "no sender");
  for (const auto& b : boxes)
    if (ascii_lower(b.address) == mail.from->addr)
      return finish_without_ticket(IngestKind::ignored, "from one of our own mailboxes");

  // The sender: a known user by address, or a new requester (one per mail, at most).
  std::optional<identity::User> sender;
  if (auto uid = tx.mail().user_by_email(mail.from->addr)) sender = tx.identity().find_user(*uid);
  if (!sender) {
    identity::NewUser nu;
    nu.login = mail.from->addr;
    std::string display = fit_text(fold_whitespace(mail.from->name), 100, false);
    nu.name = trim(display).empty() ? mail.from->addr.substr(0, mail.from->addr.find('@')) : display;
    nu.email = mail.from->addr;
    nu.role = Role::requester;
    nu.organization_id = tx.mail().org_by_domain(domain_of(mail.from->addr));
    if (!nu.organization_id && box) nu.organization_id = box->default_org_id;
    nu.password_hash = "!";  // no password: cannot sign in until one is set
    auto id = tx.identity().insert_user(nu, now);
    if (!id) {
      nu.login = "mail-" + random_hex(6) + "-" + mail.from->addr;
      id = tx.identity().insert_user(nu, now);
    }
    if (!id) return id.error();
    sender = tx.identity().find_user(*id);
    if (!sender) return Error::internal("the new requester vanished");
    spdlog::info("email: new requester {} from mail", *id);
  }
  if (!sender->active) return finish_without_ticket(IngestKind::ignored, "sender is deactivated");
  const Principal actor = principal_of(*sender);

  // Threading: our signed Message-ID in In-Reply-To/References, then our signed subject tag, then the
  // Message-IDs of mail we already hold. Never From or Reply-To alone.
  std::optional<Id> thread;
  std::vector<std::string> refs = mail.in_reply_to;
  refs.insert(refs.end(), mail.references.rbegin(), mail.references.rend());
  for (const auto& id : refs)
    if (auto t = verify_message_id(id, sign_key)) {
      thread = t;
      break;
    }
  if (!thread)
    if (auto number = find_subject_tag(mail.subject, sign_key)) thread = tx.mail().ticket_by_number(*number);
  if (!thread && !refs.empty()) thread = tx.mail().ticket_of_message_ids(refs);

  std::string body = fit_text(mail.text, k_max_body_chars, true);
  if (trim(body).empty()) body = "（空邮件 empty message）";
  std::optional<ticket::TicketView> existing;
  if (thread) existing = tx.tickets().find_ticket(*thread);

  bool replied = false;
  if (existing && is_open(existing->ticket.state)) {
    // Only people who may see the ticket add to it; anyone else starts a ticket of their own.
    auto art =
        m_tickets.add_article_in(tx, actor, existing->ticket.id, ticket::ArticleKind::reply, body, now);
    if (art) {
      replied = true;
      o.kind = IngestKind::replied;
      o.ticket_id = existing->ticket.id;
      o.article_id = art->id;
      if (existing->ticket.state == State::resolved && !identity::is_agent(actor.role)) {
        auto reopened = m_tickets.transition_in(tx, actor, existing->ticket.id, State::reopened,
                                                std::string("回复邮件 Replied by email"), now);
        if (!reopened)
          spdlog::info("email: reply to resolved ticket {} did not reopen it: {}", existing->ticket.id,
                       reopened.error().message);
      }
    } else if (art.error().code != Errc::not_found && art.error().code != Errc::forbidden) {
      return art.error();
    }
  }
  if (!replied) {
    ticket::NewTicket nt;
    std::string subject = fit_text(fold_whitespace(mail.subject), k_max_subject_chars, false);
    nt.subject = trim(subject).empty() ? std::string("（无主题 no subject）") : subject;
    nt.description = body;
    if (existing && !is_open(existing->ticket.state)) {
      nt.description = fit_text("关联工单 Follow-up of #" + existing->ticket.number + "\n\n" + body,
                                k_max_body_chars, true);
    }
    nt.channel = ticket::Channel::email;
    if (box) nt.category_id = box->category_id;
    if (identity::is_agent(actor.role)) {
      nt.requester_id = sender->id;
      if (box) nt.team_id = box->team_id;
    }
    auto view = TD_TRY(m_tickets.create_in(tx, actor, nt, now));
    if (box && box->team_id && !view.ticket.team_id) {
      ticket::TicketPatch patch;
      patch.team_id = Patch<Id>(std::optional<Id>(*box->team_id));
      auto moved = m_tickets.update_in(tx, identity::system_principal(), view.ticket.id, patch, now);
      if (moved) view = *moved;
    }
    o.kind = existing ? IngestKind::followup : IngestKind::created;
    o.ticket_id = view.ticket.id;
    // The description is the ticket's first text; the mail's article is the ticket itself.
    auto arts = tx.tickets().list_articles(view.ticket.id, true);
    if (!arts.empty()) o.article_id = arts.front().id;
  }
  rec.ticket_id = o.ticket_id;
  rec.article_id = o.article_id;
  rec.outcome = std::string(name(o.kind));
  o.mail_id = tx.mail().insert_mail(rec);
  for (auto& a : mail.attachments) {
    MailAttachment att;
    att.mail_id = *o.mail_id;
    att.ticket_id = o.ticket_id;
    att.filename = a.filename;
    att.content_type = a.content_type;
    att.content_id = a.content_id;
    att.inline_part = a.inline_part;
    att.size = a.size;
    if (!a.dropped) {
      att.sha256 = sha256_hex(a.data);
      tx.mail().put_blob(att.sha256, a.data);
    }
    tx.mail().insert_attachment(att);
  }
  // The files' names are searched with the ticket.
  if (!mail.attachments.empty() && o.ticket_id) search::index_ticket(tx, *o.ticket_id);
  // An automatic acknowledgement of a new ticket, a few a day per sender at most.
  if (!replied && !mail.our_headers) {
    std::string day = local_date_compact(now, m_options.zone);
    if (tx.mail().bump_ack_count(mail.from->addr, day) <= m_options.acks_per_sender_per_day) {
      auto view = tx.tickets().find_ticket(*o.ticket_id);
      if (view) {
        Enqueue e;
        e.kind = MailTemplate::new_ticket_ack;
        e.ticket = &view->ticket;
        e.preferred_mailbox = mailbox_id;
        e.in_reply_to = mail.message_id;
        e.body = body;
        TD_TRY(enqueue(tx, e, now));
        o.acknowledged = true;
      }
    }
  }
  return o;
}

// ---- fetching ----

Result<IngestOutcome> MailService::record_oversized(Id mailbox, std::uint32_t uidvalidity, std::uint32_t uid,
                                                    const std::string& reason) {
  const Timestamp now = m_clock.now();
  return m_store.write([&](MailTx& tx) -> Result<IngestOutcome> {
    IngestOutcome o;
    std::string key =
        "big:" + std::to_string(mailbox) + ":" + std::to_string(uidvalidity) + ":" + std::to_string(uid);
    if (auto dup = tx.mail().find_mail_by_dedupe(key)) {
      o.kind = IngestKind::duplicate;
      o.mail_id = dup->id;
      return o;
    }
    MailRecord rec;
    rec.mailbox_id = mailbox;
    rec.dedupe_key = key;
    rec.outcome = "rejected:too_large";
    rec.at = now;
    o.mail_id = tx.mail().insert_mail(rec);
    o.kind = IngestKind::rejected;
    o.reason = reason;
    spdlog::warn("email: mailbox {} uid {} rejected: {}", mailbox, uid, reason);
    return o;
  });
}

Result<FetchStats> MailService::fetch_mailbox(Id id) {
  const Timestamp now = m_clock.now();
  auto rec = TD_TRY(m_store.write([&](MailTx& tx) -> Result<std::optional<MailboxRecord>> {
    auto m = tx.mail().find_mailbox(id);
    if (!m) return Error::not_found("mailbox");
    if (!tx.mail().lease_mailbox(id, now, now + k_fetch_lease)) return std::optional<MailboxRecord>{};
    return m;
  }));
  if (!rec) return Error::conflict("this mailbox is being fetched right now", "mailbox");
  FetchStats stats;
  std::string error;
  auto finish = [&]() {
    auto done = m_store.write([&](MailTx& tx) -> Result<void> {
      tx.mail().set_fetch_status(id, m_clock.now(), error);
      tx.mail().release_mailbox(id);
      return ok();
    });
    if (!done) spdlog::warn("email: cannot record the fetch of mailbox {}: {}", id, done.error().message);
  };
  auto box = decrypt(*rec);
  if (!box || !box->imap) {
    error = box ? "no IMAP account" : box.error().message;
    finish();
    if (!box) return box.error();
    return stats;
  }
  auto session = ImapSession::open(*box->imap);
  if (!session) {
    error = session.error().message;
    finish();
    return session.error();
  }
  auto uids = (*session)->pending_uids();
  if (!uids) {
    error = uids.error().message;
    finish();
    return uids.error();
  }
  // Messages are committed in batches (one transaction, one fsync for up to k_batch_messages), then marked
  // on the server one by one; a batch that fails is retried message by message.
  auto renewed = m_clock.now();
  auto mark = [&](std::uint32_t uid) -> Result<void> {
    switch (box->imap->after) {
      case AfterFetch::flag:
        return (*session)->mark_seen(uid);
      case AfterFetch::move:
        return (*session)->move(uid, box->imap->move_to);
      case AfterFetch::remove:
        return (*session)->remove(uid);
    }
    return ok();
  };
  auto count = [&](const IngestOutcome& o) {
    ++stats.fetched;
    switch (o.kind) {
      case IngestKind::created:
      case IngestKind::followup:
        ++stats.created;
        break;
      case IngestKind::replied:
        ++stats.replied;
        break;
      case IngestKind::duplicate:
        ++stats.duplicates;
        break;
      default:
        ++stats.ignored;
        break;
    }
  };
  std::size_t next = 0;
  const std::size_t end = std::min<std::size_t>(uids->size(), k_fetch_batch);
  bool stop = false;
  while (next < end && !stop) {
    if (m_clock.now() - renewed > k_fetch_renew) {
      renewed = m_clock.now();
      auto r = m_store.write([&](MailTx& tx) -> Result<void> {
        tx.mail().renew_mailbox(id, renewed + k_fetch_lease);
        return ok();
      });
      if (!r) spdlog::warn("email: cannot renew the lease of mailbox {}: {}", id, r.error().message);
    }
    // Fetch a batch.
    std::vector<std::uint32_t> batch_uids;
    std::vector<std::string> raws;
    std::size_t bytes = 0;
    while (next < end && raws.size() < k_batch_messages && bytes < k_batch_bytes) {
      std::uint32_t uid = (*uids)[next++];
      auto raw = (*session)->fetch(uid, m_options.limits.max_message_bytes);
      if (!raw && raw.error().field == "size") {
        // Too big to fetch: recorded as rejected, then marked so that the fetcher moves on.
        auto o = record_oversized(id, (*session)->uidvalidity(), uid, raw.error().message);
        if (!o) {
          error = o.error().message;
          ++stats.failed;
          continue;
        }
        count(*o);
        if (auto m = mark(uid); !m) {
          error = m.error().message;
          stop = true;
          break;
        }
        continue;
      }
      if (!raw) {
        error = raw.error().message;
        ++stats.failed;
        stop = true;  // the connection is likely gone; the next pass retries
        break;
      }
      bytes += raw->size();
      batch_uids.push_back(uid);
      raws.push_back(std::move(*raw));
    }
    if (raws.empty()) continue;
    std::vector<std::string_view> views(raws.begin(), raws.end());
    std::vector<std::optional<IngestOutcome>> outcomes(raws.size());
    if (auto all = ingest_batch(views, id)) {
      for (std::size_t i = 0; i < all->size(); ++i)
        outcomes[i] = (*all)[i];
    } else {
      spdlog::warn("email: mailbox {}: a batch of {} failed ({}); taking them one by one", id, raws.size(),
                   all.error().message);
      for (std::size_t i = 0; i < raws.size(); ++i) {
        auto one = ingest(raws[i], id);
        if (one) {
          outcomes[i] = *one;
        } else {
          // Not committed: the mail stays on the server for the next pass.
          error = one.error().message;
          ++stats.failed;
          spdlog::warn("email: mailbox {} uid {}: {}", id, batch_uids[i], error);
        }
      }
    }
    // Committed: now (and only now) the mail is marked on the server.
    for (std::size_t i = 0; i < raws.size() && !stop; ++i) {
      if (!outcomes[i]) continue;
      count(*outcomes[i]);
      if (auto m = mark(batch_uids[i]); !m) {
        error = m.error().message;
        stop = true;
      }
    }
  }
  finish();
  return stats;
}

int MailService::fetch_due() {
  const Timestamp now = m_clock.now();
  auto boxes = m_store.read(
      [](MailTx& tx) -> Result<std::vector<MailboxRecord>> { return tx.mail().list_mailboxes(); });
  if (!boxes) return 0;
  int total = 0;
  for (const auto& b : *boxes) {
    if (!b.enabled || !b.imap_json) continue;
    auto imap = imap_from_json(b.imap_json);
    if (!imap) continue;
    if (b.last_fetch_at && *b.last_fetch_at + std::chrono::seconds(imap->poll_seconds) > now) continue;
    auto stats = fetch_mailbox(b.id);
    if (stats)
      total += stats->fetched;
    else if (stats.error().code != Errc::conflict)
      spdlog::warn("email: fetching mailbox {} failed: {}", b.id, stats.error().message);
  }
  return total;
}

// ---- delivery ----

int MailService::deliver_due(int limit) {
  const Timestamp now = m_clock.now();
  auto leased = m_store.write([&](MailTx& tx) -> Result<std::vector<OutboxItem>> {
    return tx.mail().lease_outbox(now, now + k_send_lease, limit);
  });
  if (!leased) {
    spdlog::warn("email: cannot lease the outbox: {}", leased.error().message);
    return 0;
  }
  for (auto& item : *leased) {
    auto rec = m_store.read([&](MailTx& tx) -> Result<std::optional<MailboxRecord>> {
      return item.mailbox_id ? tx.mail().find_mailbox(*item.mailbox_id) : std::nullopt;
    });
    SmtpOutcome sent;
    if (!rec || !*rec || !(*rec)->smtp_json) {
      sent.answer = "the mailbox to send from is gone or has no SMTP account";
      sent.permanent = true;
    } else if (auto box = decrypt(**rec); !box) {
      sent.answer = box.error().message;
      sent.permanent = true;
    } else {
      sent = smtp_send(*box->smtp, item.envelope_from, item.recipients, item.raw);
    }
    const int attempts = item.attempts + 1;
    const Timestamp at = m_clock.now();
    OutboxState state = OutboxState::sent;
    std::optional<Timestamp> next;
    std::optional<Timestamp> sent_at;
    if (sent.ok) {
      sent_at = at;
    } else if (sent.permanent || attempts >= m_options.max_attempts) {
      state = OutboxState::failed;
    } else {
      state = OutboxState::queued;
      next = at + backoff(attempts);
    }
    auto done = m_store.write([&](MailTx& tx) -> Result<void> {
      tx.mail().finish_outbox(item.id, state, attempts, next, sent.ok ? std::string() : sent.answer, sent_at);
      return ok();
    });
    if (!done) spdlog::warn("email: cannot record delivery of outbox {}: {}", item.id, done.error().message);
    if (!sent.ok)
      spdlog::warn("email: outbox {} to {} recipient(s): {} ({})", item.id, item.recipients.size(),
                   sent.answer, name(state));
  }
  return static_cast<int>(leased->size());
}

}  // namespace techdesk::email
