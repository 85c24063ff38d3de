// What the email channel needs from storage. Implemented by each backend in
// storage/<backend>/mail_repo_<backend>.cpp. An inbound mail becomes a ticket or a reply in the same
// transaction that records the mail, so MailTx is also a SearchTx (and so a TicketTx: the ticket service,
// its observers and the search index run in it).
#pragma once

#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "channel/email/types.h"
#include "search/search_store.h"

namespace techdesk::email {

// A mailbox as stored: settings as JSON text (without passwords), passwords encrypted.
struct MailboxRecord {
  Id id = 0;
  std::string name;
  std::string address;
  std::string display_name;
  bool enabled = true;
  std::optional<Id> team_id;
  std::optional<Id> category_id;
  std::optional<Id> default_org_id;
  std::optional<std::string> imap_json;
  std::string imap_secret;  // sealed password (secret_box.h), "" when none
  std::optional<std::string> smtp_json;
  std::string smtp_secret;
  std::optional<Timestamp> last_fetch_at;
  std::string last_error;
  Timestamp created_at{};
  Timestamp updated_at{};
};

enum class Direction { in, out };

// One mail in or out, kept for exactly-once processing, threading and the timeline.
struct MailRecord {
  Id id = 0;
  std::optional<Id> mailbox_id;
  std::string dedupe_key;  // "mid:<Message-ID>" or "sha:<sha256 of the raw bytes>"; unique
  std::string message_id;
  Direction direction = Direction::in;
  std::optional<Id> ticket_id;
  std::optional<Id> article_id;
  std::string outcome;  // "ticket", "reply", "followup", "ignored:<noise>", "rejected:<reason>", "sent"
  Address from;
  std::vector<Address> to;
  std::vector<Address> cc;
  std::string subject;
  std::string html;        // sanitised
  std::string raw_sha256;  // the raw message in mail_blobs ("" for outbound: the outbox holds it)
  std::uint64_t raw_size = 0;
  Timestamp at{};
};

struct MailAttachment {
  Id id = 0;
  Id mail_id = 0;
  std::optional<Id> ticket_id;
  std::string filename;
  std::string content_type;
  std::string content_id;
  bool inline_part = false;
  std::uint64_t size = 0;
  std::string sha256;  // "" when dropped (over the size limit)
};

enum class OutboxState { queued, sending, sent, failed };
std::string_view name(OutboxState s);
std::optional<OutboxState> parse_outbox_state(std::string_view s);

struct OutboxItem {
  Id id = 0;
  std::optional<Id> mailbox_id;
  std::optional<Id> ticket_id;
  std::optional<Id> article_id;
  std::string kind;  // "ack", "reply", "resolved", "survey"
  std::string envelope_from;
  std::vector<std::string> recipients;  // envelope recipients
  std::vector<Address> to;
  std::vector<Address> cc;
  std::string subject;
  std::string message_id;
  std::string raw;  // the rendered message
  OutboxState state = OutboxState::queued;
  int attempts = 0;
  std::optional<Timestamp> next_attempt_at;
  std::optional<Timestamp> lease_until;
  std::string last_error;
  Timestamp created_at{};
  std::optional<Timestamp> sent_at;
};

class MailRepo {
 public:
  virtual ~MailRepo() = default;

  virtual Result<Id> insert_mailbox(const MailboxRecord& m) = 0;  // conflict: address taken
  virtual Result<void> update_mailbox(const MailboxRecord& m) = 0;
  virtual bool delete_mailbox(Id id) = 0;
  virtual std::optional<MailboxRecord> find_mailbox(Id id) = 0;
  virtual std::vector<MailboxRecord> list_mailboxes() = 0;
  virtual void set_fetch_status(Id id, Timestamp at, const std::string& error) = 0;
  // Takes the right to fetch a mailbox until `until` when nobody holds it (false: another node does).
  virtual bool lease_mailbox(Id id, Timestamp now, Timestamp until) = 0;
  virtual void renew_mailbox(Id id, Timestamp until) = 0;  // by the holder only
  virtual void release_mailbox(Id id) = 0;

  virtual std::optional<MailRecord> find_mail_by_dedupe(std::string_view key) = 0;
  virtual Id insert_mail(const MailRecord& m) = 0;
  virtual std::optional<MailRecord> mail_of_article(Id article) = 0;
  virtual std::vector<MailRecord> mails_of_ticket(Id ticket) = 0;
  // The newest ticket a mail with one of these Message-IDs (in or out) belongs to.
  virtual std::optional<Id> ticket_of_message_ids(const std::vector<std::string>& ids) = 0;

  virtual void put_blob(const std::string& sha256, std::string_view data) = 0;
  virtual std::optional<std::string> blob(const std::string& sha256) = 0;
  virtual Id insert_attachment(const MailAttachment& a) = 0;
  virtual std::vector<MailAttachment> attachments_of_mail(Id mail) = 0;
  virtual std::optional<MailAttachment> find_attachment(Id id) = 0;

  virtual Id insert_outbox(const OutboxItem& o) = 0;
  // Due queued items (next_attempt_at <= now) and sending items whose lease ran out, marked sending
  // with lease_until; locked so that each is taken by one node (PostgreSQL: FOR UPDATE SKIP LOCKED).
  virtual std::vector<OutboxItem> lease_outbox(Timestamp now, Timestamp lease_until, int limit) = 0;
  virtual void finish_outbox(Id id, OutboxState state, int attempts, std::optional<Timestamp> next_attempt_at,
                             const std::string& error, std::optional<Timestamp> sent_at) = 0;
  virtual std::optional<OutboxItem> find_outbox(Id id) = 0;
  // Newest first, without raw.
  virtual std::vector<OutboxItem> list_outbox(std::optional<OutboxState> state, int limit) = 0;
  virtual std::optional<OutboxItem> outbox_of_article(Id article) = 0;
  virtual std::optional<OutboxItem> outbox_of_message(std::string_view message_id) = 0;  // without raw

  // Counts an automatic acknowledgement to `addr` on `day` ("2026-11-30"); returns the new count.
  virtual int bump_ack_count(std::string_view addr, std::string_view day) = 0;

  virtual std::optional<Id> ticket_by_number(std::string_view number) = 0;
  // Identity lookups the channel needs (case-insensitive).
  virtual std::optional<Id> user_by_email(std::string_view email) = 0;
  virtual std::optional<Id> org_by_domain(std::string_view domain) = 0;
};

class MailTx : public virtual search::SearchTx {
 public:
  virtual MailRepo& mail() = 0;
};

}  // namespace techdesk::email
