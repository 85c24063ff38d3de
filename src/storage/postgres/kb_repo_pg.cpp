// All SQL of the knowledge base on PostgreSQL.
#include "storage/postgres/pg_util.h"
#include "storage/postgres/repos_pg.h"
#include "storage/row_mapping.h"
#include "storage/ticket_list_sql.h"

namespace techdesk::storage::postgres {

using namespace kb;

namespace {

constexpr const char* k_article_select =
    "SELECT a.id, a.title, a.body, a.category_id, a.visibility, a.state, a.version, a.published_version, "
    "a.author_id, coalesce(u.name, ''), a.reviewer_id, a.review_note, a.source_ticket_id, a.views, "
    "a.helpful, "
    "a.not_helpful, a.created_at, a.updated_at, a.published_at "
    "FROM kb_articles a LEFT JOIN users u ON u.id = a.author_id ";

std::vector<std::string> tags_of(PgConnection& c, Id article) {
  return all_rows<std::string>(
      c.run("SELECT tag FROM kb_tags WHERE article_id = $1 ORDER BY tag", PgParams().add(article)),
      [](PgRow& r) { return r.text(0); });
}

constexpr const char* k_attachment_select =
    "SELECT id, article_id, filename, content_type, size, sha256, created_by, created_at FROM "
    "kb_attachments ";

PgParams article_params(const KbArticle& a) {
  return PgParams()
      .add(a.title)
      .add(a.body)
      .add(a.category_id)
      .add(name(a.visibility))
      .add(name(a.state))
      .add(a.version)
      .add(a.published_version ? std::optional<std::int64_t>(*a.published_version) : std::nullopt)
      .add(a.reviewer_id)
      .add(a.review_note)
      .add(a.source_ticket_id)
      .add(a.views)
      .add(a.helpful)
      .add(a.not_helpful)
      .add(to_millis(a.updated_at))
      .add(opt_millis(a.published_at));
}

}  // namespace

Id KbRepoPg::insert_article(const KbArticle& a) {
  auto r = m_c.run(
      "INSERT INTO kb_articles (title, body, category_id, visibility, state, version, published_version, "
      "reviewer_id, review_note, source_ticket_id, views, helpful, not_helpful, updated_at, published_at, "
      "author_id, created_at) VALUES ($1,$2,$3,$4,$5,$6,$7,$8,$9,$10,$11,$12,$13,$14,$15,$16,$17) RETURNING "
      "id",
      article_params(a).add(a.author_id).add(to_millis(a.created_at)));
  return PgRow(r, 0).int64(0);
}

void KbRepoPg::update_article(const KbArticle& a) {
  m_c.run(
      "UPDATE kb_articles SET title = $1, body = $2, category_id = $3, visibility = $4, state = $5, version "
      "= $6, "
      "published_version = $7, reviewer_id = $8, review_note = $9, source_ticket_id = $10, views = $11, "
      "helpful = $12, not_helpful = $13, updated_at = $14, published_at = $15 WHERE id = $16",
      article_params(a).add(a.id));
}

std::optional<KbArticle> KbRepoPg::find_article(Id id) {
  auto r = m_c.run_dynamic(std::string(k_article_select) + "WHERE a.id = $1", PgParams().add(id));
  if (r.rows() == 0) return std::nullopt;
  PgRow row(r, 0);
  auto a = read_kb_article(row);
  a.tags = tags_of(m_c, id);
  return a;
}

KbPage KbRepoPg::list_articles(const KbListQuery& lq) {
  std::string where = "WHERE TRUE";
  PgParams params;
  int n = 0;
  auto p = [&]() { return "$" + std::to_string(++n); };
  if (lq.readers_only)
    where += " AND a.visibility = 'public' AND a.published_version IS NOT NULL AND a.state <> 'archived'";
  if (lq.state) {
    where += " AND a.state = " + p();
    params.add(name(*lq.state));
  }
  if (lq.visibility) {
    where += " AND a.visibility = " + p();
    params.add(name(*lq.visibility));
  }
  if (lq.category_id) {
    std::string x = p();
    where +=
        " AND a.category_id IN (SELECT id FROM categories WHERE id = " + x + " OR parent_id = " + x + ")";
    params.add(*lq.category_id);
  }
  if (lq.tag) {
    where += " AND a.id IN (SELECT article_id FROM kb_tags WHERE tag = " + p() + ")";
    params.add(*lq.tag);
  }
  if (!lq.text.empty()) {
    where += " AND a.title ILIKE " + p();
    params.add(like_pattern(lq.text));
  }
  KbPage page;
  auto c = m_c.run_dynamic("SELECT count(*) FROM kb_articles a " + where, params);
  page.total = PgRow(c, 0).int64(0);
  std::string limit = p(), offset = p();
  params.add(lq.limit).add(lq.offset);
  page.articles = all_rows<KbArticle>(
      m_c.run_dynamic(std::string(k_article_select) + where +
                          " ORDER BY a.updated_at DESC, a.id DESC LIMIT " + limit + " OFFSET " + offset,
                      params),
      [](PgRow& r) { return read_kb_article(r); });
  for (auto& a : page.articles)
    a.tags = tags_of(m_c, a.id);
  return page;
}

void KbRepoPg::set_tags(Id article, const std::vector<std::string>& tags) {
  m_c.run("DELETE FROM kb_tags WHERE article_id = $1", PgParams().add(article));
  for (const auto& t : tags)
    m_c.run("INSERT INTO kb_tags (article_id, tag) VALUES ($1, $2) ON CONFLICT DO NOTHING",
            PgParams().add(article).add(t));
}

void KbRepoPg::insert_version(const KbVersion& v) {
  m_c.run(
      "INSERT INTO kb_versions (article_id, version, title, body, author_id, note, created_at) "
      "VALUES ($1,$2,$3,$4,$5,$6,$7)",
      PgParams()
          .add(v.article_id)
          .add(v.version)
          .add(v.title)
          .add(v.body)
          .add(v.author_id)
          .add(v.note)
          .add(to_millis(v.created_at)));
}

std::vector<KbVersion> KbRepoPg::versions(Id article) {
  return all_rows<KbVersion>(
      m_c.run(
          "SELECT v.article_id, v.version, v.title, v.author_id, coalesce(u.name, ''), v.note, v.created_at "
          "FROM kb_versions v LEFT JOIN users u ON u.id = v.author_id WHERE v.article_id = $1 "
          "ORDER BY v.version DESC",
          PgParams().add(article)),
      [](PgRow& r) { return read_kb_version(r, false); });
}

std::optional<KbVersion> KbRepoPg::find_version(Id article, int version) {
  auto r = m_c.run(
      "SELECT v.article_id, v.version, v.title, v.body, v.author_id, coalesce(u.name, ''), v.note, "
      "v.created_at "
      "FROM kb_versions v LEFT JOIN users u ON u.id = v.author_id WHERE v.article_id = $1 AND v.version = $2",
      PgParams().add(article).add(version));
  if (r.rows() == 0) return std::nullopt;
  PgRow row(r, 0);
  return read_kb_version(row, true);
}

bool KbRepoPg::link_ticket(Id article, Id ticket, std::optional<Id> by, Timestamp at) {
  auto r = m_c.run(
      "INSERT INTO kb_ticket_links (article_id, ticket_id, created_by, created_at) VALUES ($1,$2,$3,$4) "
      "ON CONFLICT DO NOTHING",
      PgParams().add(article).add(ticket).add(by).add(to_millis(at)));
  return r.affected() > 0;
}

bool KbRepoPg::unlink_ticket(Id article, Id ticket) {
  auto r = m_c.run("DELETE FROM kb_ticket_links WHERE article_id = $1 AND ticket_id = $2",
                   PgParams().add(article).add(ticket));
  return r.affected() > 0;
}

std::vector<LinkedTicket> KbRepoPg::linked_tickets(Id article) {
  return all_rows<LinkedTicket>(
      m_c.run("SELECT t.id, t.number, t.subject FROM kb_ticket_links l JOIN tickets t ON t.id = l.ticket_id "
              "WHERE l.article_id = $1 ORDER BY t.id DESC",
              PgParams().add(article)),
      [](PgRow& r) {
        return LinkedTicket{r.int64(0), r.text(1), r.text(2)};
      });
}

std::vector<Id> KbRepoPg::articles_of_ticket(Id ticket) {
  return all_rows<Id>(
      m_c.run("SELECT article_id FROM kb_ticket_links WHERE ticket_id = $1 ORDER BY article_id",
              PgParams().add(ticket)),
      [](PgRow& r) { return r.int64(0); });
}

std::optional<bool> KbRepoPg::feedback_of(Id article, Id user) {
  auto r = m_c.run("SELECT helpful FROM kb_feedback WHERE article_id = $1 AND user_id = $2",
                   PgParams().add(article).add(user));
  if (r.rows() == 0) return std::nullopt;
  return PgRow(r, 0).boolean(0);
}

void KbRepoPg::save_feedback(Id article, Id user, bool helpful, Timestamp at) {
  m_c.run(
      "INSERT INTO kb_feedback (article_id, user_id, helpful, created_at) VALUES ($1,$2,$3,$4) "
      "ON CONFLICT (article_id, user_id) DO UPDATE SET helpful = excluded.helpful, created_at = "
      "excluded.created_at",
      PgParams().add(article).add(user).add(helpful).add(to_millis(at)));
}

void KbRepoPg::count_view(Id article) {
  m_c.run("UPDATE kb_articles SET views = views + 1 WHERE id = $1", PgParams().add(article));
}

Id KbRepoPg::insert_deflection(Id article, std::optional<Id> user, const std::string& query, Timestamp at) {
  auto r = m_c.run(
      "INSERT INTO kb_deflections (article_id, user_id, query, created_at) VALUES ($1,$2,$3,$4) RETURNING id",
      PgParams().add(article).add(user).add(query).add(to_millis(at)));
  return PgRow(r, 0).int64(0);
}

std::int64_t KbRepoPg::deflections(Id article) {
  auto r = m_c.run("SELECT count(*) FROM kb_deflections WHERE article_id = $1", PgParams().add(article));
  return PgRow(r, 0).int64(0);
}

void KbRepoPg::put_blob(const std::string& sha256, std::string_view data) {
  m_c.run("INSERT INTO attachment_blobs (sha256, size, data) VALUES ($1,$2,$3) ON CONFLICT DO NOTHING",
          PgParams().add(sha256).add(static_cast<std::int64_t>(data.size())).add_bytea(data));
}

std::optional<std::string> KbRepoPg::blob(const std::string& sha256) {
  auto r = m_c.run("SELECT data FROM attachment_blobs WHERE sha256 = $1", PgParams().add(sha256));
  if (r.rows() == 0) return std::nullopt;
  return PgRow(r, 0).bytea(0);
}

Id KbRepoPg::insert_attachment(const KbAttachment& a) {
  auto r = m_c.run(
      "INSERT INTO kb_attachments (article_id, filename, content_type, size, sha256, created_by, created_at) "
      "VALUES ($1,$2,$3,$4,$5,$6,$7) RETURNING id",
      PgParams()
          .add(a.article_id)
          .add(a.filename)
          .add(a.content_type)
          .add(a.size)
          .add(a.sha256)
          .add(a.created_by)
          .add(to_millis(a.created_at)));
  return PgRow(r, 0).int64(0);
}

std::vector<KbAttachment> KbRepoPg::attachments(Id article) {
  return all_rows<KbAttachment>(
      m_c.run_dynamic(std::string(k_attachment_select) + "WHERE article_id = $1 ORDER BY id",
                      PgParams().add(article)),
      [](PgRow& r) { return read_kb_attachment(r); });
}

std::optional<KbAttachment> KbRepoPg::find_attachment(Id id) {
  auto r = m_c.run_dynamic(std::string(k_attachment_select) + "WHERE id = $1", PgParams().add(id));
  if (r.rows() == 0) return std::nullopt;
  PgRow row(r, 0);
  return read_kb_attachment(row);
}

void KbRepoPg::delete_attachment(Id id) {
  m_c.run("DELETE FROM kb_attachments WHERE id = $1", PgParams().add(id));
}

}  // namespace techdesk::storage::postgres
