// All SQL of search on SQLite: the FTS5 index and name lookups.
#include <algorithm>

#include "storage/search_sql.h"
#include "storage/sqlite/repos.h"
#include "storage/sqlite/sql_util.h"

namespace techdesk::storage::sqlite {

using namespace search;

namespace {

std::int64_t rowid_of(DocKind kind, Id ref_id) { return ref_id * 4 + static_cast<int>(kind); }

void bind_all(Query& q, const std::vector<SqlBind>& binds) {
  int i = 1;
  for (const auto& b : binds) {
    if (const auto* n = std::get_if<std::int64_t>(&b))
      q.bind(i++, *n);
    else
      q.bind(i++, std::get<std::string>(b));
  }
}

}  // namespace

void SearchRepoSqlite::put(const IndexedDoc& d) {
  const std::int64_t rowid = rowid_of(d.kind, d.ref_id);
  m_c.query("DELETE FROM search_fts WHERE rowid = ?").bind(1, rowid).run();
  m_c.query(
         "INSERT INTO search_fts (rowid, kind, ref_id, org_id, audience, solved, updated_at, title, body, internal) "
         "VALUES (?,?,?,?,?,?,?,?,?,?)")
      .bind(1, rowid)
      .bind(2, static_cast<std::int64_t>(d.kind))
      .bind(3, d.ref_id)
      .bind(4, d.organization_id)
      .bind(5, name(d.audience))
      .bind(6, d.solved ? 1 : 0)
      .bind(7, to_millis(d.updated_at))
      .bind(8, d.title)
      .bind(9, d.body)
      .bind(10, d.internal)
      .run();
}

void SearchRepoSqlite::remove(DocKind kind, Id ref_id) {
  m_c.query("DELETE FROM search_fts WHERE rowid = ?").bind(1, rowid_of(kind, ref_id)).run();
}

void SearchRepoSqlite::clear() { m_c.query("DELETE FROM search_fts").run(); }

std::vector<DocHit> SearchRepoSqlite::search(const DocQuery& q) {
  std::vector<DocHit> out;
  if (q.groups.empty()) return out;
  SqlWithBinds built = search_sql(q, false);
  auto query = m_c.query_dynamic(built.sql);
  bind_all(query, built.binds);
  while (query.step())
    out.push_back({static_cast<DocKind>(query.int64(0)), query.int64(1), query.real(2)});
  return out;
}

IndexSize SearchRepoSqlite::size() {
  IndexSize s;
  auto n = m_c.query("SELECT count(*) FROM search_fts");
  if (n.step()) s.documents = n.int64(0);
  // The FTS5 shadow tables' pages (dbstat is not compiled into Debian's SQLite: count the data).
  auto idx = m_c.query(
      "SELECT (SELECT coalesce(sum(length(block)), 0) FROM search_fts_data) + "
      "(SELECT coalesce(sum(length(c3) + length(c4) + length(c5) + length(c6) + length(c7) + length(c8)), 0) "
      "FROM search_fts_content) + (SELECT count(*) * 16 FROM search_fts_docsize)");
  if (idx.step()) s.index_bytes = idx.int64(0);
  auto pages = m_c.query("SELECT page_count * page_size FROM pragma_page_count(), pragma_page_size()");
  if (pages.step()) s.data_bytes = pages.int64(0);
  return s;
}

std::vector<identity::User> SearchRepoSqlite::find_users(const std::string& text, int limit) {
  std::string sql = std::string("SELECT ") + k_user_columns +
                    " FROM users WHERE name LIKE ?1 ESCAPE '\\' OR login LIKE ?1 ESCAPE '\\' "
                    "OR email LIKE ?1 ESCAPE '\\' OR phone LIKE ?1 ESCAPE '\\' ORDER BY length(name), id LIMIT ?2";
  auto q = m_c.query_dynamic(sql);
  q.bind(1, like_pattern(text)).bind(2, limit);
  std::vector<identity::User> out;
  while (q.step())
    out.push_back(read_user(q));
  return out;
}

std::vector<identity::Organization> SearchRepoSqlite::find_organizations(const std::string& text, int limit) {
  std::string sql = std::string("SELECT ") + k_org_columns +
                    " FROM organizations WHERE name LIKE ?1 ESCAPE '\\' OR domain LIKE ?1 ESCAPE '\\' "
                    "ORDER BY length(name), id LIMIT ?2";
  auto q = m_c.query_dynamic(sql);
  q.bind(1, like_pattern(text)).bind(2, limit);
  std::vector<identity::Organization> out;
  while (q.step())
    out.push_back(read_org(q));
  return out;
}

std::vector<Id> SearchRepoSqlite::ticket_ids_after(Id after, int limit) {
  auto q = m_c.query("SELECT id FROM tickets WHERE id > ? ORDER BY id LIMIT ?");
  q.bind(1, after).bind(2, limit);
  std::vector<Id> out;
  while (q.step())
    out.push_back(q.int64(0));
  return out;
}

std::int64_t SearchRepoSqlite::ticket_count() {
  auto q = m_c.query("SELECT count(*) FROM tickets");
  return q.step() ? q.int64(0) : 0;
}

std::vector<ticket::Article> SearchRepoSqlite::articles_of(const std::vector<Id>& tickets) {
  std::vector<ticket::Article> out;
  if (tickets.empty()) return out;
  auto q = m_c.query(
      "SELECT a.id, a.ticket_id, a.kind, a.body, a.internal, a.author_id, coalesce(u.name, 'system'), a.created_at "
      "FROM articles a LEFT JOIN users u ON u.id = a.author_id WHERE a.ticket_id BETWEEN ?1 AND ?2 "
      "ORDER BY a.ticket_id, a.id");
  q.bind(1, tickets.front()).bind(2, tickets.back());
  while (q.step()) {
    auto a = read_article(q);
    if (std::binary_search(tickets.begin(), tickets.end(), a.ticket_id)) out.push_back(std::move(a));
  }
  return out;
}

}  // namespace techdesk::storage::sqlite

namespace techdesk::storage::sqlite {

std::vector<search::ArticleText> SearchRepoSqlite::article_texts(const std::vector<Id>& ids) {
  std::vector<search::ArticleText> out;
  for (Id id : ids) {
    auto q = m_c.query(
        "SELECT a.id, coalesce(v.title, a.title), coalesce(v.body, a.body), a.state, a.visibility = 'public' "
        "FROM kb_articles a LEFT JOIN kb_versions v ON v.article_id = a.id AND v.version = a.published_version "
        "WHERE a.id = ?");
    q.bind(1, id);
    if (q.step()) out.push_back({q.int64(0), q.text(1), q.text(2), q.text(3), q.boolean(4)});
  }
  return out;
}

}  // namespace techdesk::storage::sqlite
