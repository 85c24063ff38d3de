// All SQL of the email channel on SQLite.
#include "channel/email/mail_json.h"
#include "storage/mail_rows.h"
#include "storage/sqlite/repos.h"
#include "storage/sqlite/sql_util.h"

namespace techdesk::storage::sqlite {

using namespace email;

namespace {

OutboxItem with_raw(const Query& q) {
  OutboxItem o = read_outbox(q);
  o.raw = q.blob(18);
  return o;
}

}  // namespace

Result<Id> MailRepoSqlite::insert_mailbox(const MailboxRecord& m) {
  auto q = m_c.query(
      "INSERT INTO mailboxes (name, address, display_name, enabled, team_id, category_id, default_org_id, "
      "imap, "
      "imap_secret, smtp, smtp_secret, last_fetch_at, last_error, created_at, updated_at) "
      "VALUES (?,?,?,?,?,?,?,?,?,?,?,?,?,?,?)");
  q.bind(1, m.name)
      .bind(2, m.address)
      .bind(3, m.display_name)
      .bind(4, m.enabled ? 1 : 0)
      .bind(5, m.team_id)
      .bind(6, m.category_id)
      .bind(7, m.default_org_id)
      .bind(8, m.imap_json)
      .bind(9, m.imap_secret)
      .bind(10, m.smtp_json)
      .bind(11, m.smtp_secret)
      .bind(12, opt_millis(m.last_fetch_at))
      .bind(13, m.last_error)
      .bind(14, to_millis(m.created_at))
      .bind(15, to_millis(m.updated_at));
  if (!q.step_constraint()) return Error::conflict("a mailbox with this address exists", "address");
  return m_c.last_insert_rowid();
}

Result<void> MailRepoSqlite::update_mailbox(const MailboxRecord& m) {
  auto q = m_c.query(
      "UPDATE mailboxes SET name = ?, address = ?, display_name = ?, enabled = ?, team_id = ?, category_id = "
      "?, "
      "default_org_id = ?, imap = ?, imap_secret = ?, smtp = ?, smtp_secret = ?, updated_at = ? WHERE id = "
      "?");
  q.bind(1, m.name)
      .bind(2, m.address)
      .bind(3, m.display_name)
      .bind(4, m.enabled ? 1 : 0)
      .bind(5, m.team_id)
      .bind(6, m.category_id)
      .bind(7, m.default_org_id)
      .bind(8, m.imap_json)
      .bind(9, m.imap_secret)
      .bind(10, m.smtp_json)
      .bind(11, m.smtp_secret)
      .bind(12, to_millis(m.updated_at))
      .bind(13, m.id);
  if (!q.step_constraint()) return Error::conflict("a mailbox with this address exists", "address");
  return ok();
}

bool MailRepoSqlite::delete_mailbox(Id id) {
  m_c.query("DELETE FROM mailboxes WHERE id = ?").bind(1, id).run();
  return m_c.changes() > 0;
}

std::optional<MailboxRecord> MailRepoSqlite::find_mailbox(Id id) {
  auto q = m_c.query_dynamic(std::string(k_mailbox_select) + "WHERE id = ?");
  q.bind(1, id);
  if (!q.step()) return std::nullopt;
  return read_mailbox(q);
}

std::vector<MailboxRecord> MailRepoSqlite::list_mailboxes() {
  auto q = m_c.query_dynamic(std::string(k_mailbox_select) + "ORDER BY id");
  std::vector<MailboxRecord> out;
  while (q.step())
    out.push_back(read_mailbox(q));
  return out;
}

void MailRepoSqlite::set_fetch_status(Id id, Timestamp at, const std::string& error) {
  m_c.query("UPDATE mailboxes SET last_fetch_at = ?, last_error = ? WHERE id = ?")
      .bind(1, to_millis(at))
      .bind(2, error)
      .bind(3, id)
      .run();
}

std::optional<MailRecord> MailRepoSqlite::find_mail_by_dedupe(std::string_view key) {
  auto q = m_c.query_dynamic(std::string(k_mail_select) + "WHERE dedupe_key = ?");
  q.bind(1, key);
  if (!q.step()) return std::nullopt;
  return read_mail(q);
}

Id MailRepoSqlite::insert_mail(const MailRecord& m) {
  m_c.query(
         "INSERT INTO mail_messages (mailbox_id, dedupe_key, message_id, direction, ticket_id, article_id, "
         "outcome, "
         "from_addr, from_name, to_json, cc_json, subject, html, raw_sha256, raw_size, at) "
         "VALUES (?,?,?,?,?,?,?,?,?,?,?,?,?,?,?,?)")
      .bind(1, m.mailbox_id)
      .bind(2, m.dedupe_key)
      .bind(3, m.message_id)
      .bind(4, m.direction == Direction::out ? "out" : "in")
      .bind(5, m.ticket_id)
      .bind(6, m.article_id)
      .bind(7, m.outcome)
      .bind(8, m.from.addr)
      .bind(9, m.from.name)
      .bind(10, addresses_to_json(m.to))
      .bind(11, addresses_to_json(m.cc))
      .bind(12, m.subject)
      .bind(13, m.html)
      .bind(14, m.raw_sha256)
      .bind(15, static_cast<std::int64_t>(m.raw_size))
      .bind(16, to_millis(m.at))
      .run();
  return m_c.last_insert_rowid();
}

std::optional<MailRecord> MailRepoSqlite::mail_of_article(Id article) {
  auto q = m_c.query_dynamic(std::string(k_mail_select) + "WHERE article_id = ? ORDER BY id LIMIT 1");
  q.bind(1, article);
  if (!q.step()) return std::nullopt;
  return read_mail(q);
}

std::vector<MailRecord> MailRepoSqlite::mails_of_ticket(Id ticket) {
  auto q = m_c.query_dynamic(std::string(k_mail_select) + "WHERE ticket_id = ? ORDER BY id");
  q.bind(1, ticket);
  std::vector<MailRecord> out;
  while (q.step())
    out.push_back(read_mail(q));
  return out;
}

std::optional<Id> MailRepoSqlite::ticket_of_message_ids(const std::vector<std::string>& ids) {
  std::optional<Id> best;
  Id best_row = 0;
  for (const auto& id : ids) {
    auto q = m_c.query(
        "SELECT id, ticket_id FROM mail_messages WHERE message_id = ? AND ticket_id IS NOT NULL ORDER BY id "
        "DESC "
        "LIMIT 1");
    q.bind(1, id);
    if (q.step() && q.int64(0) > best_row) {
      best_row = q.int64(0);
      best = q.int64(1);
    }
  }
  return best;
}

void MailRepoSqlite::put_blob(const std::string& sha256, std::string_view data) {
  m_c.query("INSERT OR IGNORE INTO attachment_blobs (sha256, size, data) VALUES (?,?,?)")
      .bind(1, sha256)
      .bind(2, static_cast<std::int64_t>(data.size()))
      .bind_blob(3, data)
      .run();
}

std::optional<std::string> MailRepoSqlite::blob(const std::string& sha256) {
  auto q = m_c.query("SELECT data FROM attachment_blobs WHERE sha256 = ?");
  q.bind(1, sha256);
  if (!q.step()) return std::nullopt;
  return q.blob(0);
}

Id MailRepoSqlite::insert_attachment(const MailAttachment& a) {
  m_c.query(
         "INSERT INTO mail_attachments (mail_id, ticket_id, filename, content_type, content_id, inline_part, "
         "size, "
         "sha256) VALUES (?,?,?,?,?,?,?,?)")
      .bind(1, a.mail_id)
      .bind(2, a.ticket_id)
      .bind(3, a.filename)
      .bind(4, a.content_type)
      .bind(5, a.content_id)
      .bind(6, a.inline_part ? 1 : 0)
      .bind(7, static_cast<std::int64_t>(a.size))
      .bind(8, a.sha256)
      .run();
  return m_c.last_insert_rowid();
}

std::vector<MailAttachment> MailRepoSqlite::attachments_of_mail(Id mail) {
  auto q = m_c.query_dynamic(std::string(k_mail_attachment_select) + "WHERE mail_id = ? ORDER BY id");
  q.bind(1, mail);
  std::vector<MailAttachment> out;
  while (q.step())
    out.push_back(read_mail_attachment(q));
  return out;
}

std::optional<MailAttachment> MailRepoSqlite::find_attachment(Id id) {
  auto q = m_c.query_dynamic(std::string(k_mail_attachment_select) + "WHERE id = ?");
  q.bind(1, id);
  if (!q.step()) return std::nullopt;
  return read_mail_attachment(q);
}

Id MailRepoSqlite::insert_outbox(const OutboxItem& o) {
  m_c.query(
         "INSERT INTO mail_outbox (mailbox_id, ticket_id, article_id, kind, envelope_from, recipients, "
         "to_json, "
         "cc_json, subject, message_id, raw, state, attempts, next_attempt_at, lease_until, last_error, "
         "created_at, "
         "sent_at) VALUES (?,?,?,?,?,?,?,?,?,?,?,?,?,?,?,?,?,?)")
      .bind(1, o.mailbox_id)
      .bind(2, o.ticket_id)
      .bind(3, o.article_id)
      .bind(4, o.kind)
      .bind(5, o.envelope_from)
      .bind(6, strings_to_json(o.recipients))
      .bind(7, addresses_to_json(o.to))
      .bind(8, addresses_to_json(o.cc))
      .bind(9, o.subject)
      .bind(10, o.message_id)
      .bind_blob(11, o.raw)
      .bind(12, name(o.state))
      .bind(13, o.attempts)
      .bind(14, opt_millis(o.next_attempt_at))
      .bind(15, opt_millis(o.lease_until))
      .bind(16, o.last_error)
      .bind(17, to_millis(o.created_at))
      .bind(18, opt_millis(o.sent_at))
      .run();
  return m_c.last_insert_rowid();
}

std::vector<OutboxItem> MailRepoSqlite::lease_outbox(Timestamp now, Timestamp lease_until, int limit) {
  // SQLite has one writer at a time: the SELECT and the UPDATE in this write transaction cannot race.
  auto q = m_c.query_dynamic(std::string("SELECT ") + k_outbox_columns +
                             ", raw FROM mail_outbox WHERE (state = 'queued' AND next_attempt_at <= ?) OR "
                             "(state = 'sending' AND lease_until <= ?) ORDER BY id LIMIT ?");
  q.bind(1, to_millis(now)).bind(2, to_millis(now)).bind(3, limit);
  std::vector<OutboxItem> out;
  while (q.step())
    out.push_back(with_raw(q));
  for (auto& o : out) {
    m_c.query("UPDATE mail_outbox SET state = 'sending', lease_until = ? WHERE id = ?")
        .bind(1, to_millis(lease_until))
        .bind(2, o.id)
        .run();
    o.state = OutboxState::sending;
    o.lease_until = lease_until;
  }
  return out;
}

void MailRepoSqlite::finish_outbox(Id id, OutboxState state, int attempts,
                                   std::optional<Timestamp> next_attempt_at, const std::string& error,
                                   std::optional<Timestamp> sent_at) {
  m_c.query(
         "UPDATE mail_outbox SET state = ?, attempts = ?, next_attempt_at = ?, lease_until = NULL, "
         "last_error = ?, "
         "sent_at = ? WHERE id = ?")
      .bind(1, name(state))
      .bind(2, attempts)
      .bind(3, opt_millis(next_attempt_at))
      .bind(4, error)
      .bind(5, opt_millis(sent_at))
      .bind(6, id)
      .run();
}

std::optional<OutboxItem> MailRepoSqlite::find_outbox(Id id) {
  auto q =
      m_c.query_dynamic(std::string("SELECT ") + k_outbox_columns + ", raw FROM mail_outbox WHERE id = ?");
  q.bind(1, id);
  if (!q.step()) return std::nullopt;
  return with_raw(q);
}

std::vector<OutboxItem> MailRepoSqlite::list_outbox(std::optional<OutboxState> state, int limit) {
  std::string sql = std::string("SELECT ") + k_outbox_columns + " FROM mail_outbox ";
  if (state) sql += "WHERE state = ? ";
  sql += "ORDER BY id DESC LIMIT ?";
  auto q = m_c.query_dynamic(sql);
  int i = 1;
  if (state) q.bind(i++, name(*state));
  q.bind(i, limit);
  std::vector<OutboxItem> out;
  while (q.step())
    out.push_back(read_outbox(q));
  return out;
}

std::optional<OutboxItem> MailRepoSqlite::outbox_of_article(Id article) {
  auto q = m_c.query_dynamic(std::string("SELECT ") + k_outbox_columns +
                             " FROM mail_outbox WHERE article_id = ? ORDER BY id DESC LIMIT 1");
  q.bind(1, article);
  if (!q.step()) return std::nullopt;
  return read_outbox(q);
}

std::optional<OutboxItem> MailRepoSqlite::outbox_of_message(std::string_view message_id) {
  auto q = m_c.query_dynamic(std::string("SELECT ") + k_outbox_columns +
                             " FROM mail_outbox WHERE message_id = ? ORDER BY id DESC LIMIT 1");
  q.bind(1, message_id);
  if (!q.step()) return std::nullopt;
  return read_outbox(q);
}

int MailRepoSqlite::bump_ack_count(std::string_view addr, std::string_view day) {
  m_c.query(
         "INSERT INTO mail_ack_counts (addr, day, n) VALUES (?,?,1) ON CONFLICT (addr, day) DO UPDATE SET n "
         "= n + 1")
      .bind(1, addr)
      .bind(2, day)
      .run();
  auto q = m_c.query("SELECT n FROM mail_ack_counts WHERE addr = ? AND day = ?");
  q.bind(1, addr).bind(2, day);
  return q.step() ? static_cast<int>(q.int64(0)) : 1;
}

std::optional<Id> MailRepoSqlite::user_by_email(std::string_view email) {
  auto q = m_c.query("SELECT id FROM users WHERE lower(email) = lower(?) AND active = 1 ORDER BY id LIMIT 1");
  q.bind(1, email);
  if (!q.step()) return std::nullopt;
  return q.int64(0);
}

std::optional<Id> MailRepoSqlite::org_by_domain(std::string_view domain) {
  auto q = m_c.query("SELECT id FROM organizations WHERE lower(domain) = lower(?) ORDER BY id LIMIT 1");
  q.bind(1, domain);
  if (!q.step()) return std::nullopt;
  return q.int64(0);
}

}  // namespace techdesk::storage::sqlite

namespace techdesk::storage::sqlite {

bool MailRepoSqlite::lease_mailbox(Id id, Timestamp now, Timestamp until) {
  m_c.query(
         "UPDATE mailboxes SET fetch_lease_until = ? WHERE id = ? AND (fetch_lease_until IS NULL OR "
         "fetch_lease_until <= ?)")
      .bind(1, to_millis(until))
      .bind(2, id)
      .bind(3, to_millis(now))
      .run();
  return m_c.changes() > 0;
}

void MailRepoSqlite::renew_mailbox(Id id, Timestamp until) {
  m_c.query("UPDATE mailboxes SET fetch_lease_until = ? WHERE id = ?")
      .bind(1, to_millis(until))
      .bind(2, id)
      .run();
}

void MailRepoSqlite::release_mailbox(Id id) {
  m_c.query("UPDATE mailboxes SET fetch_lease_until = NULL WHERE id = ?").bind(1, id).run();
}

std::optional<Id> MailRepoSqlite::ticket_by_number(std::string_view number) {
  auto q = m_c.query("SELECT id FROM tickets WHERE number = ?");
  q.bind(1, number);
  if (!q.step()) return std::nullopt;
  return q.int64(0);
}

}  // namespace techdesk::storage::sqlite
