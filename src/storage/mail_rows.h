// Rows of the email channel's tables as both backends read them (see row_mapping.h for what a Row is).
// Column orders are the SELECT lists here; the outbox's raw message, when selected, follows them.
#pragma once

#include "channel/email/mail_json.h"
#include "channel/email/mail_store.h"
#include "common/clock.h"

namespace techdesk::storage {

using email::Direction;
using email::MailAttachment;
using email::MailboxRecord;
using email::MailRecord;
using email::OutboxItem;
using email::OutboxState;

inline constexpr const char* k_mailbox_select =
    "SELECT id, name, address, display_name, enabled, team_id, category_id, default_org_id, imap, "
    "imap_secret, "
    "smtp, smtp_secret, last_fetch_at, last_error, created_at, updated_at FROM mailboxes ";

template <class Row>
MailboxRecord read_mailbox(const Row& q) {
  MailboxRecord m;
  m.id = q.int64(0);
  m.name = q.text(1);
  m.address = q.text(2);
  m.display_name = q.text(3);
  m.enabled = q.boolean(4);
  m.team_id = q.opt_int64(5);
  m.category_id = q.opt_int64(6);
  m.default_org_id = q.opt_int64(7);
  m.imap_json = q.opt_text(8);
  m.imap_secret = q.text(9);
  m.smtp_json = q.opt_text(10);
  m.smtp_secret = q.text(11);
  if (auto t = q.opt_int64(12)) m.last_fetch_at = from_millis(*t);
  m.last_error = q.text(13);
  m.created_at = from_millis(q.int64(14));
  m.updated_at = from_millis(q.int64(15));
  return m;
}

inline constexpr const char* k_mail_select =
    "SELECT id, mailbox_id, dedupe_key, message_id, direction, ticket_id, article_id, outcome, from_addr, "
    "from_name, to_json, cc_json, subject, html, raw_sha256, raw_size, at FROM mail_messages ";

template <class Row>
MailRecord read_mail(const Row& q) {
  MailRecord m;
  m.id = q.int64(0);
  m.mailbox_id = q.opt_int64(1);
  m.dedupe_key = q.text(2);
  m.message_id = q.text(3);
  m.direction = q.text(4) == "out" ? Direction::out : Direction::in;
  m.ticket_id = q.opt_int64(5);
  m.article_id = q.opt_int64(6);
  m.outcome = q.text(7);
  m.from = {q.text(9), q.text(8)};
  m.to = email::addresses_from_json(q.text(10));
  m.cc = email::addresses_from_json(q.text(11));
  m.subject = q.text(12);
  m.html = q.text(13);
  m.raw_sha256 = q.text(14);
  m.raw_size = static_cast<std::uint64_t>(q.int64(15));
  m.at = from_millis(q.int64(16));
  return m;
}

inline constexpr const char* k_mail_attachment_select =
    "SELECT id, mail_id, ticket_id, filename, content_type, content_id, inline_part, size, sha256 FROM "
    "mail_attachments ";

template <class Row>
MailAttachment read_mail_attachment(const Row& q) {
  MailAttachment a;
  a.id = q.int64(0);
  a.mail_id = q.int64(1);
  a.ticket_id = q.opt_int64(2);
  a.filename = q.text(3);
  a.content_type = q.text(4);
  a.content_id = q.text(5);
  a.inline_part = q.boolean(6);
  a.size = static_cast<std::uint64_t>(q.int64(7));
  a.sha256 = q.text(8);
  return a;
}

// raw is selected after these, and only where it is needed.
inline constexpr const char* k_outbox_columns =
    "id, mailbox_id, ticket_id, article_id, kind, envelope_from, recipients, to_json, cc_json, subject, "
    "message_id, state, attempts, next_attempt_at, lease_until, last_error, created_at, sent_at";

template <class Row>
OutboxItem read_outbox(const Row& q) {
  OutboxItem o;
  o.id = q.int64(0);
  o.mailbox_id = q.opt_int64(1);
  o.ticket_id = q.opt_int64(2);
  o.article_id = q.opt_int64(3);
  o.kind = q.text(4);
  o.envelope_from = q.text(5);
  o.recipients = email::strings_from_json(q.text(6));
  o.to = email::addresses_from_json(q.text(7));
  o.cc = email::addresses_from_json(q.text(8));
  o.subject = q.text(9);
  o.message_id = q.text(10);
  o.state = email::parse_outbox_state(q.text(11)).value_or(OutboxState::failed);
  o.attempts = static_cast<int>(q.int64(12));
  if (auto t = q.opt_int64(13)) o.next_attempt_at = from_millis(*t);
  if (auto t = q.opt_int64(14)) o.lease_until = from_millis(*t);
  o.last_error = q.text(15);
  o.created_at = from_millis(q.int64(16));
  if (auto t = q.opt_int64(17)) o.sent_at = from_millis(*t);
  return o;
}

}  // namespace techdesk::storage
