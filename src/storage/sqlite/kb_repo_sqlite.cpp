// All SQL of the knowledge base on SQLite.
#include "storage/sqlite/repos.h"
#include "storage/sqlite/sql_util.h"

namespace techdesk::storage::sqlite {

using namespace kb;

namespace {

constexpr const char* k_article_select =
    "SELECT a.id, a.title, a.body, a.category_id, a.visibility, a.state, a.version, a.published_version, "
    "a.author_id, coalesce(u.name, ''), a.reviewer_id, a.review_note, a.source_ticket_id, a.views, "
    "a.helpful, "
    "a.not_helpful, a.created_at, a.updated_at, a.published_at "
    "FROM kb_articles a LEFT JOIN users u ON u.id = a.author_id ";

std::vector<std::string> tags_of(Connection& c, Id article) {
  auto q = c.query("SELECT tag FROM kb_tags WHERE article_id = ? ORDER BY tag");
  q.bind(1, article);
  std::vector<std::string> out;
  while (q.step())
    out.push_back(q.text(0));
  return out;
}

constexpr const char* k_attachment_select =
    "SELECT id, article_id, filename, content_type, size, sha256, created_by, created_at FROM "
    "kb_attachments ";

}  // namespace

Id KbRepoSqlite::insert_article(const KbArticle& a) {
  m_c.query(
         "INSERT INTO kb_articles (title, body, category_id, visibility, state, version, published_version, "
         "author_id, reviewer_id, review_note, source_ticket_id, views, helpful, not_helpful, created_at, "
         "updated_at, published_at) VALUES (?,?,?,?,?,?,?,?,?,?,?,?,?,?,?,?,?)")
      .bind(1, a.title)
      .bind(2, a.body)
      .bind(3, a.category_id)
      .bind(4, name(a.visibility))
      .bind(5, name(a.state))
      .bind(6, a.version)
      .bind(7, a.published_version)
      .bind(8, a.author_id)
      .bind(9, a.reviewer_id)
      .bind(10, a.review_note)
      .bind(11, a.source_ticket_id)
      .bind(12, a.views)
      .bind(13, a.helpful)
      .bind(14, a.not_helpful)
      .bind(15, to_millis(a.created_at))
      .bind(16, to_millis(a.updated_at))
      .bind(17, opt_millis(a.published_at))
      .run();
  return m_c.last_insert_rowid();
}

void KbRepoSqlite::update_article(const KbArticle& a) {
  m_c.query(
         "UPDATE kb_articles SET title = ?, body = ?, category_id = ?, visibility = ?, state = ?, version = "
         "?, "
         "published_version = ?, reviewer_id = ?, review_note = ?, source_ticket_id = ?, views = ?, helpful "
         "= ?, "
         "not_helpful = ?, updated_at = ?, published_at = ? WHERE id = ?")
      .bind(1, a.title)
      .bind(2, a.body)
      .bind(3, a.category_id)
      .bind(4, name(a.visibility))
      .bind(5, name(a.state))
      .bind(6, a.version)
      .bind(7, a.published_version)
      .bind(8, a.reviewer_id)
      .bind(9, a.review_note)
      .bind(10, a.source_ticket_id)
      .bind(11, a.views)
      .bind(12, a.helpful)
      .bind(13, a.not_helpful)
      .bind(14, to_millis(a.updated_at))
      .bind(15, opt_millis(a.published_at))
      .bind(16, a.id)
      .run();
}

std::optional<KbArticle> KbRepoSqlite::find_article(Id id) {
  auto q = m_c.query_dynamic(std::string(k_article_select) + "WHERE a.id = ?");
  q.bind(1, id);
  if (!q.step()) return std::nullopt;
  auto a = read_kb_article(q);
  a.tags = tags_of(m_c, id);
  return a;
}

KbPage KbRepoSqlite::list_articles(const KbListQuery& lq) {
  std::string where = "WHERE 1 = 1";
  std::vector<SqlBind> binds;
  if (lq.readers_only)
    where += " AND a.visibility = 'public' AND a.published_version IS NOT NULL AND a.state <> 'archived'";
  if (lq.state) {
    where += " AND a.state = ?";
    binds.emplace_back(std::string(name(*lq.state)));
  }
  if (lq.visibility) {
    where += " AND a.visibility = ?";
    binds.emplace_back(std::string(name(*lq.visibility)));
  }
  if (lq.category_id) {
    where += " AND a.category_id IN (SELECT id FROM categories WHERE id = ? OR parent_id = ?)";
    binds.emplace_back(*lq.category_id);
    binds.emplace_back(*lq.category_id);
  }
  if (lq.tag) {
    where += " AND a.id IN (SELECT article_id FROM kb_tags WHERE tag = ?)";
    binds.emplace_back(*lq.tag);
  }
  if (!lq.text.empty()) {
    where += " AND a.title LIKE ? ESCAPE '\\'";
    binds.emplace_back(like_pattern(lq.text));
  }
  auto bind = [&](Query& q) {
    int i = 1;
    for (const auto& b : binds) {
      if (const auto* n = std::get_if<std::int64_t>(&b))
        q.bind(i++, *n);
      else
        q.bind(i++, std::get<std::string>(b));
    }
    return i;
  };
  KbPage page;
  auto c = m_c.query_dynamic("SELECT count(*) FROM kb_articles a " + where);
  bind(c);
  if (c.step()) page.total = c.int64(0);
  auto q = m_c.query_dynamic(std::string(k_article_select) + where +
                             " ORDER BY a.updated_at DESC, a.id DESC LIMIT ? OFFSET ?");
  int i = bind(q);
  q.bind(i, lq.limit).bind(i + 1, lq.offset);
  while (q.step())
    page.articles.push_back(read_kb_article(q));
  for (auto& a : page.articles)
    a.tags = tags_of(m_c, a.id);
  return page;
}

void KbRepoSqlite::set_tags(Id article, const std::vector<std::string>& tags) {
  m_c.query("DELETE FROM kb_tags WHERE article_id = ?").bind(1, article).run();
  for (const auto& t : tags)
    m_c.query("INSERT OR IGNORE INTO kb_tags (article_id, tag) VALUES (?, ?)")
        .bind(1, article)
        .bind(2, t)
        .run();
}

void KbRepoSqlite::insert_version(const KbVersion& v) {
  m_c.query(
         "INSERT INTO kb_versions (article_id, version, title, body, author_id, note, created_at) "
         "VALUES (?,?,?,?,?,?,?)")
      .bind(1, v.article_id)
      .bind(2, v.version)
      .bind(3, v.title)
      .bind(4, v.body)
      .bind(5, v.author_id)
      .bind(6, v.note)
      .bind(7, to_millis(v.created_at))
      .run();
}

std::vector<KbVersion> KbRepoSqlite::versions(Id article) {
  auto q = m_c.query(
      "SELECT v.article_id, v.version, v.title, v.author_id, coalesce(u.name, ''), v.note, v.created_at "
      "FROM kb_versions v LEFT JOIN users u ON u.id = v.author_id WHERE v.article_id = ? ORDER BY v.version "
      "DESC");
  q.bind(1, article);
  std::vector<KbVersion> out;
  while (q.step())
    out.push_back(read_kb_version(q, false));
  return out;
}

std::optional<KbVersion> KbRepoSqlite::find_version(Id article, int version) {
  auto q = m_c.query(
      "SELECT v.article_id, v.version, v.title, v.body, v.author_id, coalesce(u.name, ''), v.note, "
      "v.created_at "
      "FROM kb_versions v LEFT JOIN users u ON u.id = v.author_id WHERE v.article_id = ? AND v.version = ?");
  q.bind(1, article).bind(2, version);
  if (!q.step()) return std::nullopt;
  return read_kb_version(q, true);
}

bool KbRepoSqlite::link_ticket(Id article, Id ticket, std::optional<Id> by, Timestamp at) {
  m_c.query(
         "INSERT OR IGNORE INTO kb_ticket_links (article_id, ticket_id, created_by, created_at) VALUES "
         "(?,?,?,?)")
      .bind(1, article)
      .bind(2, ticket)
      .bind(3, by)
      .bind(4, to_millis(at))
      .run();
  return m_c.changes() > 0;
}

bool KbRepoSqlite::unlink_ticket(Id article, Id ticket) {
  m_c.query("DELETE FROM kb_ticket_links WHERE article_id = ? AND ticket_id = ?")
      .bind(1, article)
      .bind(2, ticket)
      .run();
  return m_c.changes() > 0;
}

std::vector<LinkedTicket> KbRepoSqlite::linked_tickets(Id article) {
  auto q = m_c.query(
      "SELECT t.id, t.number, t.subject FROM kb_ticket_links l JOIN tickets t ON t.id = l.ticket_id "
      "WHERE l.article_id = ? ORDER BY t.id DESC");
  q.bind(1, article);
  std::vector<LinkedTicket> out;
  while (q.step())
    out.push_back({q.int64(0), q.text(1), q.text(2)});
  return out;
}

std::vector<Id> KbRepoSqlite::articles_of_ticket(Id ticket) {
  auto q = m_c.query("SELECT article_id FROM kb_ticket_links WHERE ticket_id = ? ORDER BY article_id");
  q.bind(1, ticket);
  std::vector<Id> out;
  while (q.step())
    out.push_back(q.int64(0));
  return out;
}

std::optional<bool> KbRepoSqlite::feedback_of(Id article, Id user) {
  auto q = m_c.query("SELECT helpful FROM kb_feedback WHERE article_id = ? AND user_id = ?");
  q.bind(1, article).bind(2, user);
  if (!q.step()) return std::nullopt;
  return q.boolean(0);
}

void KbRepoSqlite::save_feedback(Id article, Id user, bool helpful, Timestamp at) {
  m_c.query(
         "INSERT INTO kb_feedback (article_id, user_id, helpful, created_at) VALUES (?,?,?,?) "
         "ON CONFLICT (article_id, user_id) DO UPDATE SET helpful = excluded.helpful, created_at = "
         "excluded.created_at")
      .bind(1, article)
      .bind(2, user)
      .bind(3, helpful ? 1 : 0)
      .bind(4, to_millis(at))
      .run();
}

void KbRepoSqlite::count_view(Id article) {
  m_c.query("UPDATE kb_articles SET views = views + 1 WHERE id = ?").bind(1, article).run();
}

Id KbRepoSqlite::insert_deflection(Id article, std::optional<Id> user, const std::string& query,
                                   Timestamp at) {
  m_c.query("INSERT INTO kb_deflections (article_id, user_id, query, created_at) VALUES (?,?,?,?)")
      .bind(1, article)
      .bind(2, user)
      .bind(3, query)
      .bind(4, to_millis(at))
      .run();
  return m_c.last_insert_rowid();
}

std::int64_t KbRepoSqlite::deflections(Id article) {
  auto q = m_c.query("SELECT count(*) FROM kb_deflections WHERE article_id = ?");
  q.bind(1, article);
  return q.step() ? q.int64(0) : 0;
}

void KbRepoSqlite::put_blob(const std::string& sha256, std::string_view data) {
  m_c.query("INSERT OR IGNORE INTO attachment_blobs (sha256, size, data) VALUES (?,?,?)")
      .bind(1, sha256)
      .bind(2, static_cast<std::int64_t>(data.size()))
      .bind_blob(3, data)
      .run();
}

std::optional<std::string> KbRepoSqlite::blob(const std::string& sha256) {
  auto q = m_c.query("SELECT data FROM attachment_blobs WHERE sha256 = ?");
  q.bind(1, sha256);
  if (!q.step()) return std::nullopt;
  return q.blob(0);
}

Id KbRepoSqlite::insert_attachment(const KbAttachment& a) {
  m_c.query(
         "INSERT INTO kb_attachments (article_id, filename, content_type, size, sha256, created_by, "
         "created_at) "
         "VALUES (?,?,?,?,?,?,?)")
      .bind(1, a.article_id)
      .bind(2, a.filename)
      .bind(3, a.content_type)
      .bind(4, a.size)
      .bind(5, a.sha256)
      .bind(6, a.created_by)
      .bind(7, to_millis(a.created_at))
      .run();
  return m_c.last_insert_rowid();
}

std::vector<KbAttachment> KbRepoSqlite::attachments(Id article) {
  auto q = m_c.query_dynamic(std::string(k_attachment_select) + "WHERE article_id = ? ORDER BY id");
  q.bind(1, article);
  std::vector<KbAttachment> out;
  while (q.step())
    out.push_back(read_kb_attachment(q));
  return out;
}

std::optional<KbAttachment> KbRepoSqlite::find_attachment(Id id) {
  auto q = m_c.query_dynamic(std::string(k_attachment_select) + "WHERE id = ?");
  q.bind(1, id);
  if (!q.step()) return std::nullopt;
  return read_kb_attachment(q);
}

void KbRepoSqlite::delete_attachment(Id id) {
  m_c.query("DELETE FROM kb_attachments WHERE id = ?").bind(1, id).run();
}

}  // namespace techdesk::storage::sqlite
