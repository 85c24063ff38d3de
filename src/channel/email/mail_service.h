// The email channel's use cases: support mailboxes (admin), the inbound pipeline (a raw message becomes a
// ticket, a reply, or nothing), replies and notifications out through the outbox, IMAP fetching and SMTP
// delivery. Network I/O (IMAP, SMTP) never happens inside a database transaction; a mail is marked on the
// server only after its ticket is committed, and Message-ID de-duplication makes a repeat harmless.
//
// Also a ticket observer: resolving a ticket tells its requester by email, in the same transaction.
// Thread-safe: methods may be called concurrently (state is in the database).
#pragma once

#include <atomic>
#include <optional>
#include <string>
#include <vector>

#include "channel/email/mail_store.h"
#include "channel/email/templates.h"
#include "channel/email/types.h"
#include "common/clock.h"
#include "common/tx.h"
#include "identity/secret_box.h"
#include "identity/types.h"
#include "ticket/ticket_observer.h"
#include "ticket/ticket_service.h"

namespace techdesk::email {

struct MailServiceOptions {
  std::string zone = "Asia/Shanghai";
  std::string base_url = "http://127.0.0.1:8080";  // links in mail ("/portal/tickets/<id>")
  std::string lang = "zh-CN";                      // language of the mail we send
  int acks_per_sender_per_day = 5;                 // automatic acknowledgements, then silence
  int max_attempts = 8;                            // SMTP attempts before an outbox item fails for good
  ParseLimits limits;
};

enum class IngestKind { created, replied, followup, duplicate, ignored, rejected };
std::string_view name(IngestKind k);

struct IngestOutcome {
  IngestKind kind = IngestKind::rejected;
  std::optional<Id> ticket_id;
  std::optional<Id> article_id;
  std::optional<Id> mail_id;
  std::string reason;  // why ignored or rejected ("auto_submitted", "no sender", ...)
  bool acknowledged = false;
};

struct MailView {
  MailRecord mail;
  std::vector<MailAttachment> attachments;
  std::optional<OutboxItem> delivery;  // outgoing mail: its outbox item
};

// What a notice to the requester says beyond the ticket itself.
struct Notice {
  std::string body;         // reason, complaint text or answer, per template
  std::string agent_name;   // signs the mail when set
  std::string survey_path;  // "/portal/survey/<token>", appended to the base URL
};

// A report mailed to people who need not be users (the leadership list, a schedule's recipients).
struct ReportMail {
  std::vector<std::string> to;  // addresses
  std::string subject;
  std::string text;  // UTF-8 plain text
  std::string
      html;  // optional; our own markup, still passed through sanitize_html (tables and basic styling stay)
  std::vector<OutgoingAttachment> attachments;
  std::string kind;  // outbox kind: "weekly_report" or "scheduled_report"
};

struct ConnectionCheck {
  bool ok = false;
  std::string message;
};
struct MailboxCheck {
  std::optional<ConnectionCheck> imap;
  std::optional<ConnectionCheck> smtp;
};

struct AttachmentContent {
  MailAttachment meta;
  std::string data;
};

struct FetchStats {
  int fetched = 0;
  int created = 0;
  int replied = 0;
  int ignored = 0;
  int duplicates = 0;
  int failed = 0;
};

class MailService final : public ticket::TicketObserver {
 public:
  MailService(TxRunner<MailTx>& store, ticket::TicketService& tickets, const Clock& clock,
              const identity::SecretBox& secrets, MailServiceOptions options = {});

  // Mailboxes (admins). Views carry no passwords, only whether one is stored.
  Result<std::vector<Mailbox>> list_mailboxes(const identity::Principal& actor);
  Result<Mailbox> get_mailbox(const identity::Principal& actor, Id id);
  Result<Mailbox> create_mailbox(const identity::Principal& actor, Mailbox m);
  // `m` replaces the mailbox; an empty password keeps the stored one.
  Result<Mailbox> update_mailbox(const identity::Principal& actor, Id id, Mailbox m);
  Result<void> delete_mailbox(const identity::Principal& actor, Id id);
  // Logs in to the IMAP and SMTP servers (blocking, up to ~15 s each).
  Result<MailboxCheck> test_mailbox(const identity::Principal& actor, Id id);
  // Fetches a mailbox now, whatever its interval (admins).
  Result<FetchStats> fetch_now(const identity::Principal& actor, Id id);

  Result<std::vector<OutboxItem>> outbox(const identity::Principal& actor, std::optional<OutboxState> state,
                                         int limit);
  Result<OutboxItem> retry_outbox(const identity::Principal& actor, Id id);

  // The mail of a ticket the actor may see (requesters: not the mail behind internal articles).
  Result<std::vector<MailView>> mails_of_ticket(const identity::Principal& actor, Id ticket);
  // The original .eml of an article that came by mail (staff only).
  Result<std::string> raw_of_article(const identity::Principal& actor, Id article);
  // The original .eml of the mail that opened a ticket (staff only).
  Result<std::string> raw_of_ticket(const identity::Principal& actor, Id ticket);
  Result<AttachmentContent> attachment(const identity::Principal& actor, Id id);

  // An agent's public reply, and its mail to the requester (and `cc`) when `send` and an SMTP mailbox
  // exists; one transaction. Errors as TicketService::add_article, and invalid_field "cc[i]".
  Result<ticket::Article> reply(const identity::Principal& actor, Id ticket, std::string body,
                                const std::vector<std::string>& cc, bool send);

  // Mails the ticket's requester a notice (reopened, auto_closed, survey_invitation, complaint_received,
  // complaint_feedback, …) through the outbox, in the caller's transaction. Nothing is queued when the
  // requester has no valid address or no mailbox sends; never fails otherwise.
  Result<void> notify(MailTx& tx, MailTemplate kind, const ticket::Ticket& t, const Notice& n, Timestamp now);

  // Queues a report to `m.to` through the outbox, in the caller's transaction, from the default outgoing
  // mailbox (the first enabled one with an SMTP account). Our own mailboxes and repeated addresses are left
  // out. Returns the outbox item's id. Errors: invalid_field "recipients" (none, a malformed address, or only
  // our own mailboxes), unavailable when no mailbox can send; internal for a kind other than the two above.
  Result<Id> send_report(MailTx& tx, const ReportMail& m, Timestamp now);

  // The inbound pipeline for one raw message (`mailbox`: where it came from; none for `mail ingest`).
  Result<IngestOutcome> ingest(std::string_view raw, std::optional<Id> mailbox);
  // The same for several messages in one transaction (one commit, one fsync): all or none. The fetcher
  // uses it, and on an error takes the messages one by one.
  Result<std::vector<IngestOutcome>> ingest_batch(const std::vector<std::string_view>& raws,
                                                  std::optional<Id> mailbox);

  // One pass of the fetcher over every enabled mailbox whose interval has passed (each mailbox leased,
  // so one node fetches it). Returns how many messages were processed.
  int fetch_due();
  Result<FetchStats> fetch_mailbox(Id id);
  // One pass of delivery: due outbox items, sent over SMTP, outcomes recorded. Returns how many were tried.
  int deliver_due(int limit = 20);

  // TicketObserver
  Result<void> on_created(ticket::TicketTx& tx, const identity::Principal& actor, ticket::Ticket& t,
                          Timestamp at) override;
  Result<void> on_updated(ticket::TicketTx& tx, const identity::Principal& actor,
                          const ticket::Ticket& before, const ticket::Ticket& after, Timestamp at) override;
  Result<void> on_article(ticket::TicketTx& tx, const ticket::Ticket& t, const ticket::Article& a,
                          const identity::Principal& author, Timestamp at) override;

 private:
  struct Enqueue;
  struct Prepared;  // a parsed message, before the transaction
  Prepared prepare(std::string_view raw) const;
  Result<IngestOutcome> ingest_in(MailTx& tx, const Prepared& p, std::optional<Id> mailbox, Timestamp now);
  void log_outcome(const Prepared& p, const IngestOutcome& o) const;
  Result<void> enqueue(MailTx& tx, const Enqueue& e, Timestamp now);
  Result<IngestOutcome> record_oversized(Id mailbox, std::uint32_t uidvalidity, std::uint32_t uid,
                                         const std::string& reason);
  Result<Mailbox> to_view(const MailboxRecord& r) const;
  Result<Mailbox> decrypt(const MailboxRecord& r) const;
  Result<void> validate(MailTx& tx, const Mailbox& m) const;
  MailboxRecord to_record(const Mailbox& m, const std::optional<MailboxRecord>& old) const;

  TxRunner<MailTx>& m_store;
  ticket::TicketService& m_tickets;
  const Clock& m_clock;
  const identity::SecretBox& m_secrets;
  MailServiceOptions m_options;
  std::string m_node;  // this node's name in fetch leases
};

}  // namespace techdesk::email
