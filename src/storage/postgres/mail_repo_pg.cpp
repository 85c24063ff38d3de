// All SQL of the email channel on PostgreSQL. The outbox is leased with FOR UPDATE SKIP LOCKED, so
// several nodes deliver it without taking the same mail.
#include "channel/email/mail_json.h"
#include "storage/mail_rows.h"
#include "storage/postgres/pg_util.h"
#include "storage/postgres/repos_pg.h"
#include "storage/row_mapping.h"

#include <algorithm>

namespace techdesk::storage::postgres {

using namespace email;

namespace {

// A text[] literal: {"a","b"} with quotes and backslashes escaped.
std::string text_array(const std::vector<std::string>& items) {
  std::string out = "{";
  for (std::size_t i = 0; i < items.size(); ++i) {
    if (i) out += ',';
    out += '"';
    for (char c : items[i]) {
      if (c == '"' || c == '\\') out += '\\';
      out += c;
    }
    out += '"';
  }
  return out + "}";
}

OutboxItem with_raw(const PgRow& q) {
  OutboxItem o = read_outbox(q);
  o.raw = q.bytea(18);
  return o;
}

PgParams mailbox_params(const MailboxRecord& m) {
  PgParams p;
  p.add(m.name)
      .add(m.address)
      .add(m.display_name)
      .add(m.enabled)
      .add(m.team_id)
      .add(m.category_id)
      .add(m.default_org_id)
      .add(m.imap_json)
      .add(m.imap_secret)
      .add(m.smtp_json)
      .add(m.smtp_secret);
  return p;
}

}  // namespace

Result<Id> MailRepoPg::insert_mailbox(const MailboxRecord& m) {
  auto p = mailbox_params(m);
  p.add(opt_millis(m.last_fetch_at))
      .add(m.last_error)
      .add(to_millis(m.created_at))
      .add(to_millis(m.updated_at));
  auto r = m_c.run_constraint(
      "INSERT INTO mailboxes (name, address, display_name, enabled, team_id, category_id, default_org_id, "
      "imap, "
      "imap_secret, smtp, smtp_secret, last_fetch_at, last_error, created_at, updated_at) "
      "VALUES ($1,$2,$3,$4,$5,$6,$7,$8,$9,$10,$11,$12,$13,$14,$15) RETURNING id",
      p);
  if (!r) return Error::conflict("a mailbox with this address exists", "address");
  return PgRow(*r, 0).int64(0);
}

Result<void> MailRepoPg::update_mailbox(const MailboxRecord& m) {
  auto p = mailbox_params(m);
  p.add(to_millis(m.updated_at)).add(m.id);
  auto r = m_c.run_constraint(
      "UPDATE mailboxes SET name = $1, address = $2, display_name = $3, enabled = $4, team_id = $5, "
      "category_id = $6, default_org_id = $7, imap = $8, imap_secret = $9, smtp = $10, smtp_secret = $11, "
      "updated_at = $12 WHERE id = $13",
      p);
  if (!r) return Error::conflict("a mailbox with this address exists", "address");
  return ok();
}

bool MailRepoPg::delete_mailbox(Id id) {
  return m_c.run("DELETE FROM mailboxes WHERE id = $1", PgParams().add(id)).affected() > 0;
}

std::optional<MailboxRecord> MailRepoPg::find_mailbox(Id id) {
  auto r = m_c.run_dynamic(std::string(k_mailbox_select) + "WHERE id = $1", PgParams().add(id));
  if (r.rows() == 0) return std::nullopt;
  return read_mailbox(PgRow(r, 0));
}

std::vector<MailboxRecord> MailRepoPg::list_mailboxes() {
  auto r = m_c.run_dynamic(std::string(k_mailbox_select) + "ORDER BY id", PgParams());
  return all_rows<MailboxRecord>(r, [](const PgRow& row) { return read_mailbox(row); });
}

void MailRepoPg::set_fetch_status(Id id, Timestamp at, const std::string& error) {
  m_c.run("UPDATE mailboxes SET last_fetch_at = $1, last_error = $2 WHERE id = $3",
          PgParams().add(to_millis(at)).add(error).add(id));
}

std::optional<MailRecord> MailRepoPg::find_mail_by_dedupe(std::string_view key) {
  auto r = m_c.run_dynamic(std::string(k_mail_select) + "WHERE dedupe_key = $1", PgParams().add(key));
  if (r.rows() == 0) return std::nullopt;
  return read_mail(PgRow(r, 0));
}

Id MailRepoPg::insert_mail(const MailRecord& m) {
  auto r = m_c.run(
      "INSERT INTO mail_messages (mailbox_id, dedupe_key, message_id, direction, ticket_id, article_id, "
      "outcome, "
      "from_addr, from_name, to_json, cc_json, subject, html, raw_sha256, raw_size, at) "
      "VALUES ($1,$2,$3,$4,$5,$6,$7,$8,$9,$10,$11,$12,$13,$14,$15,$16) RETURNING id",
      PgParams()
          .add(m.mailbox_id)
          .add(m.dedupe_key)
          .add(m.message_id)
          .add(m.direction == Direction::out ? "out" : "in")
          .add(m.ticket_id)
          .add(m.article_id)
          .add(m.outcome)
          .add(m.from.addr)
          .add(m.from.name)
          .add(addresses_to_json(m.to))
          .add(addresses_to_json(m.cc))
          .add(m.subject)
          .add(m.html)
          .add(m.raw_sha256)
          .add(static_cast<std::int64_t>(m.raw_size))
          .add(to_millis(m.at)));
  return PgRow(r, 0).int64(0);
}

std::optional<MailRecord> MailRepoPg::mail_of_article(Id article) {
  auto r = m_c.run_dynamic(std::string(k_mail_select) + "WHERE article_id = $1 ORDER BY id LIMIT 1",
                           PgParams().add(article));
  if (r.rows() == 0) return std::nullopt;
  return read_mail(PgRow(r, 0));
}

std::vector<MailRecord> MailRepoPg::mails_of_ticket(Id ticket) {
  auto r = m_c.run_dynamic(std::string(k_mail_select) + "WHERE ticket_id = $1 ORDER BY id",
                           PgParams().add(ticket));
  return all_rows<MailRecord>(r, [](const PgRow& row) { return read_mail(row); });
}

std::optional<Id> MailRepoPg::ticket_of_message_ids(const std::vector<std::string>& ids) {
  if (ids.empty()) return std::nullopt;
  auto r = m_c.run(
      "SELECT ticket_id FROM mail_messages WHERE message_id = ANY($1::text[]) AND ticket_id IS NOT NULL "
      "ORDER BY id DESC LIMIT 1",
      PgParams().add(text_array(ids)));
  if (r.rows() == 0) return std::nullopt;
  return PgRow(r, 0).int64(0);
}

void MailRepoPg::put_blob(const std::string& sha256, std::string_view data) {
  m_c.run("INSERT INTO attachment_blobs (sha256, size, data) VALUES ($1,$2,$3) ON CONFLICT DO NOTHING",
          PgParams().add(sha256).add(static_cast<std::int64_t>(data.size())).add_bytea(data));
}

std::optional<std::string> MailRepoPg::blob(const std::string& sha256) {
  auto r = m_c.run("SELECT data FROM attachment_blobs WHERE sha256 = $1", PgParams().add(sha256));
  if (r.rows() == 0) return std::nullopt;
  return PgRow(r, 0).bytea(0);
}

Id MailRepoPg::insert_attachment(const MailAttachment& a) {
  auto r = m_c.run(
      "INSERT INTO mail_attachments (mail_id, ticket_id, filename, content_type, content_id, inline_part, "
      "size, "
      "sha256) VALUES ($1,$2,$3,$4,$5,$6,$7,$8) RETURNING id",
      PgParams()
          .add(a.mail_id)
          .add(a.ticket_id)
          .add(a.filename)
          .add(a.content_type)
          .add(a.content_id)
          .add(a.inline_part)
          .add(static_cast<std::int64_t>(a.size))
          .add(a.sha256));
  return PgRow(r, 0).int64(0);
}

std::vector<MailAttachment> MailRepoPg::attachments_of_mail(Id mail) {
  auto r = m_c.run_dynamic(std::string(k_mail_attachment_select) + "WHERE mail_id = $1 ORDER BY id",
                           PgParams().add(mail));
  return all_rows<MailAttachment>(r, [](const PgRow& row) { return read_mail_attachment(row); });
}

std::optional<MailAttachment> MailRepoPg::find_attachment(Id id) {
  auto r = m_c.run_dynamic(std::string(k_mail_attachment_select) + "WHERE id = $1", PgParams().add(id));
  if (r.rows() == 0) return std::nullopt;
  return read_mail_attachment(PgRow(r, 0));
}

Id MailRepoPg::insert_outbox(const OutboxItem& o) {
  auto r = m_c.run(
      "INSERT INTO mail_outbox (mailbox_id, ticket_id, article_id, kind, envelope_from, recipients, to_json, "
      "cc_json, subject, message_id, raw, state, attempts, next_attempt_at, lease_until, last_error, "
      "created_at, "
      "sent_at) VALUES ($1,$2,$3,$4,$5,$6,$7,$8,$9,$10,$11,$12,$13,$14,$15,$16,$17,$18) RETURNING id",
      PgParams()
          .add(o.mailbox_id)
          .add(o.ticket_id)
          .add(o.article_id)
          .add(o.kind)
          .add(o.envelope_from)
          .add(strings_to_json(o.recipients))
          .add(addresses_to_json(o.to))
          .add(addresses_to_json(o.cc))
          .add(o.subject)
          .add(o.message_id)
          .add_bytea(o.raw)
          .add(name(o.state))
          .add(o.attempts)
          .add(opt_millis(o.next_attempt_at))
          .add(opt_millis(o.lease_until))
          .add(o.last_error)
          .add(to_millis(o.created_at))
          .add(opt_millis(o.sent_at)));
  return PgRow(r, 0).int64(0);
}

std::vector<OutboxItem> MailRepoPg::lease_outbox(Timestamp now, Timestamp lease_until, int limit) {
  auto r = m_c.run_dynamic(
      "UPDATE mail_outbox SET state = 'sending', lease_until = $1 WHERE id IN (SELECT id FROM mail_outbox "
      "WHERE "
      "(state = 'queued' AND next_attempt_at <= $2) OR (state = 'sending' AND lease_until <= $2) ORDER BY id "
      "LIMIT $3 FOR UPDATE SKIP LOCKED) RETURNING " +
          std::string(k_outbox_columns) + ", raw",
      PgParams().add(to_millis(lease_until)).add(to_millis(now)).add(limit));
  auto out = all_rows<OutboxItem>(r, with_raw);
  std::sort(out.begin(), out.end(), [](const OutboxItem& a, const OutboxItem& b) { return a.id < b.id; });
  return out;
}

void MailRepoPg::finish_outbox(Id id, OutboxState state, int attempts,
                               std::optional<Timestamp> next_attempt_at, const std::string& error,
                               std::optional<Timestamp> sent_at) {
  m_c.run(
      "UPDATE mail_outbox SET state = $1, attempts = $2, next_attempt_at = $3, lease_until = NULL, "
      "last_error = $4, "
      "sent_at = $5 WHERE id = $6",
      PgParams()
          .add(name(state))
          .add(attempts)
          .add(opt_millis(next_attempt_at))
          .add(error)
          .add(opt_millis(sent_at))
          .add(id));
}

std::optional<OutboxItem> MailRepoPg::find_outbox(Id id) {
  auto r = m_c.run_dynamic(std::string("SELECT ") + k_outbox_columns + ", raw FROM mail_outbox WHERE id = $1",
                           PgParams().add(id));
  if (r.rows() == 0) return std::nullopt;
  return with_raw(PgRow(r, 0));
}

std::vector<OutboxItem> MailRepoPg::list_outbox(std::optional<OutboxState> state, int limit) {
  auto read = [](const PgRow& row) { return read_outbox(row); };
  if (state) {
    auto r = m_c.run_dynamic(std::string("SELECT ") + k_outbox_columns +
                                 " FROM mail_outbox WHERE state = $1 ORDER BY id DESC LIMIT $2",
                             PgParams().add(name(*state)).add(limit));
    return all_rows<OutboxItem>(r, read);
  }
  auto r = m_c.run_dynamic(
      std::string("SELECT ") + k_outbox_columns + " FROM mail_outbox ORDER BY id DESC LIMIT $1",
      PgParams().add(limit));
  return all_rows<OutboxItem>(r, read);
}

std::optional<OutboxItem> MailRepoPg::outbox_of_article(Id article) {
  auto r = m_c.run_dynamic(std::string("SELECT ") + k_outbox_columns +
                               " FROM mail_outbox WHERE article_id = $1 ORDER BY id DESC LIMIT 1",
                           PgParams().add(article));
  if (r.rows() == 0) return std::nullopt;
  return read_outbox(PgRow(r, 0));
}

std::optional<OutboxItem> MailRepoPg::outbox_of_message(std::string_view message_id) {
  auto r = m_c.run_dynamic(std::string("SELECT ") + k_outbox_columns +
                               " FROM mail_outbox WHERE message_id = $1 ORDER BY id DESC LIMIT 1",
                           PgParams().add(message_id));
  if (r.rows() == 0) return std::nullopt;
  return read_outbox(PgRow(r, 0));
}

int MailRepoPg::bump_ack_count(std::string_view addr, std::string_view day) {
  auto r = m_c.run(
      "INSERT INTO mail_ack_counts (addr, day, n) VALUES ($1,$2,1) ON CONFLICT (addr, day) DO UPDATE SET n = "
      "mail_ack_counts.n + 1 RETURNING n",
      PgParams().add(addr).add(day));
  return static_cast<int>(PgRow(r, 0).int64(0));
}

std::optional<Id> MailRepoPg::user_by_email(std::string_view email) {
  auto r = m_c.run("SELECT id FROM users WHERE lower(email) = lower($1) AND active ORDER BY id LIMIT 1",
                   PgParams().add(email));
  if (r.rows() == 0) return std::nullopt;
  return PgRow(r, 0).int64(0);
}

std::optional<Id> MailRepoPg::org_by_domain(std::string_view domain) {
  auto r = m_c.run("SELECT id FROM organizations WHERE lower(domain) = lower($1) ORDER BY id LIMIT 1",
                   PgParams().add(domain));
  if (r.rows() == 0) return std::nullopt;
  return PgRow(r, 0).int64(0);
}

}  // namespace techdesk::storage::postgres

namespace techdesk::storage::postgres {

bool MailRepoPg::lease_mailbox(Id id, Timestamp now, Timestamp until) {
  return m_c.run(
                "UPDATE mailboxes SET fetch_lease_until = $1 WHERE id = $2 AND (fetch_lease_until IS NULL OR "
                "fetch_lease_until <= $3)",
                PgParams().add(to_millis(until)).add(id).add(to_millis(now)))
             .affected() > 0;
}

void MailRepoPg::renew_mailbox(Id id, Timestamp until) {
  m_c.run("UPDATE mailboxes SET fetch_lease_until = $1 WHERE id = $2",
          PgParams().add(to_millis(until)).add(id));
}

void MailRepoPg::release_mailbox(Id id) {
  m_c.run("UPDATE mailboxes SET fetch_lease_until = NULL WHERE id = $1", PgParams().add(id));
}

std::optional<Id> MailRepoPg::ticket_by_number(std::string_view number) {
  auto r = m_c.run("SELECT id FROM tickets WHERE number = $1", PgParams().add(number));
  if (r.rows() == 0) return std::nullopt;
  return PgRow(r, 0).int64(0);
}

}  // namespace techdesk::storage::postgres
