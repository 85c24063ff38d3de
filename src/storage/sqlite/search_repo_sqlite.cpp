// All SQL of search on SQLite: the FTS5 index and name lookups.
#include <algorithm>
#include <map>

#include "storage/search_sql.h"
#include "storage/sqlite/repos.h"
#include "storage/sqlite/sql_util.h"

namespace techdesk::storage::sqlite {

using namespace search;

namespace {

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
  if (d.kind == DocKind::ticket) {
    m_c.query("DELETE FROM search_tickets WHERE rowid = ?").bind(1, d.ref_id).run();
    m_c.query("INSERT INTO search_tickets (rowid, title, body, internal, acl) VALUES (?,?,?,?,?)")
        .bind(1, d.ref_id)
        .bind(2, d.title)
        .bind(3, d.body)
        .bind(4, d.internal)
        .bind(5, d.acl)
        .run();
  } else {
    m_c.query("DELETE FROM search_articles WHERE rowid = ?").bind(1, d.ref_id).run();
    m_c.query("INSERT INTO search_articles (rowid, title, body, acl) VALUES (?,?,?,?)")
        .bind(1, d.ref_id)
        .bind(2, d.title)
        .bind(3, d.body)
        .bind(4, d.acl)
        .run();
  }
}

void SearchRepoSqlite::remove(DocKind kind, Id ref_id) {
  if (kind == DocKind::ticket)
    m_c.query("DELETE FROM search_tickets WHERE rowid = ?").bind(1, ref_id).run();
  else
    m_c.query("DELETE FROM search_articles WHERE rowid = ?").bind(1, ref_id).run();
}

void SearchRepoSqlite::clear() {
  m_c.query("DELETE FROM search_tickets").run();
  m_c.query("DELETE FROM search_articles").run();
}

void SearchRepoSqlite::optimize() {
  // Rewriting a document leaves its old entries behind until segments merge: merge them all now.
  m_c.query("INSERT INTO search_tickets (search_tickets) VALUES ('optimize')").run();
  m_c.query("INSERT INTO search_articles (search_articles) VALUES ('optimize')").run();
}

void SearchRepoSqlite::bulk_load(bool on) {
  // FTS5 keeps its settings in the table's _config table; no row means the default (automerge 4).
  if (on) {
    m_c.query("INSERT INTO search_tickets (search_tickets, rank) VALUES ('automerge', 0)").run();
    return;
  }
  auto q = m_c.query("SELECT 1 FROM search_tickets_config WHERE k = 'automerge' AND v = 0");
  if (!q.step()) return;
  m_c.query("INSERT INTO search_tickets (search_tickets, rank) VALUES ('automerge', 4)").run();
}

std::vector<DocHit> SearchRepoSqlite::search(const DocQuery& q) {
  std::vector<DocHit> out;
  if (q.groups.empty()) return out;
  // The best candidates by relevance, then boosted by what the documents' own rows say.
  const int candidates = std::max(30, q.limit * 3);
  const std::int64_t now = to_millis(q.now);
  // Tickets and articles are ranked in tables of their own, whose bm25 statistics differ: each kind's
  // relevance is taken relative to its best match, so the kinds interleave by their boosts and the best
  // article (the department's curated answer) comes before the best ticket.
  auto run = [&](const SqlWithBinds& built, DocKind kind) {
    auto query = m_c.query_dynamic(built.sql);
    bind_all(query, built.binds);
    double best = 0;
    while (query.step()) {
      const Id id = query.int64(0);
      if (best <= 0) best = query.real(1) > 0 ? query.real(1) : 1.0;
      const double relevance = query.real(1) / best;
      auto row =
          kind == DocKind::ticket
              ? m_c.query("SELECT state IN ('resolved', 'closed'), updated_at FROM tickets WHERE id = ?")
              : m_c.query("SELECT 0, updated_at FROM kb_articles WHERE id = ?");
      row.bind(1, id);
      if (!row.step()) continue;
      out.push_back(
          {kind, id, relevance * boost(kind == DocKind::article, row.boolean(0), now - row.int64(1))});
    }
  };
  if (q.tickets) {
    Id max_id = 0;
    {
      auto newest = m_c.query("SELECT coalesce(max(id), 0) FROM tickets");
      if (newest.step()) max_id = newest.int64(0);
    }
    // The newest tickets first, then ten times as many, and so on, until enough of them match.
    const std::size_t before = out.size();
    std::optional<Id> at_most;
    for (Id span = k_recent_tickets;; span *= 10) {
      const Id floor = std::max<Id>(0, max_id - span);
      run(sqlite_ticket_search_sql(q, candidates, floor, at_most), DocKind::ticket);
      if (floor == 0 || out.size() - before >= static_cast<std::size_t>(q.limit)) break;
      at_most = floor;
    }
  }
  if (q.articles && !q.audiences.empty()) run(sqlite_article_search_sql(q, candidates), DocKind::article);
  std::stable_sort(out.begin(), out.end(),
                   [](const DocHit& a, const DocHit& b) { return a.score > b.score; });
  if (out.size() > static_cast<std::size_t>(q.limit)) out.resize(static_cast<std::size_t>(q.limit));
  return out;
}

IndexSize SearchRepoSqlite::size() {
  IndexSize s;
  auto n = m_c.query("SELECT (SELECT count(*) FROM search_tickets) + (SELECT count(*) FROM search_articles)");
  if (n.step()) s.documents = n.int64(0);
  // The FTS5 shadow tables' bytes (dbstat is not compiled into Debian's SQLite: count the data).
  auto idx = m_c.query(
      "SELECT (SELECT coalesce(sum(length(block)), 0) FROM search_tickets_data) + "
      "(SELECT coalesce(sum(length(c0) + length(c1) + length(c2) + length(c3)), 0) "
      "FROM search_tickets_content) + (SELECT count(*) * 16 FROM search_tickets_docsize) + "
      "(SELECT coalesce(sum(length(block)), 0) FROM search_articles_data) + "
      "(SELECT coalesce(sum(length(c0) + length(c1) + length(c2)), 0) FROM search_articles_content)");
  if (idx.step()) s.index_bytes = idx.int64(0);
  auto pages = m_c.query("SELECT page_count * page_size FROM pragma_page_count(), pragma_page_size()");
  if (pages.step()) s.data_bytes = pages.int64(0);
  return s;
}

std::vector<identity::User> SearchRepoSqlite::find_users(const std::string& text, int limit) {
  std::string sql =
      std::string("SELECT ") + k_user_columns +
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

std::vector<std::pair<ticket::Ticket, std::optional<Id>>> SearchRepoSqlite::tickets_for_index(
    const std::vector<Id>& ids) {
  std::vector<std::pair<ticket::Ticket, std::optional<Id>>> out;
  if (ids.empty()) return out;
  auto q = m_c.query(
      "SELECT t.id, t.number, t.subject, t.description, t.state, t.type, t.priority, t.requester_id, "
      "t.organization_id, t.team_id, t.assignee_id, t.category_id, c.parent_id, t.updated_at, "
      "(SELECT group_concat(user_id) FROM ticket_contacts k WHERE k.ticket_id = t.id) "
      "FROM tickets t LEFT JOIN categories c ON c.id = t.category_id WHERE t.id BETWEEN ?1 AND ?2 ORDER BY "
      "t.id");
  q.bind(1, ids.front()).bind(2, ids.back());
  while (q.step()) {
    auto row = read_index_row(q);
    if (std::binary_search(ids.begin(), ids.end(), row.first.id)) out.push_back(std::move(row));
  }
  return out;
}

std::int64_t SearchRepoSqlite::ticket_count() {
  auto q = m_c.query("SELECT count(*) FROM tickets");
  return q.step() ? q.int64(0) : 0;
}

std::vector<std::pair<Id, std::string>> SearchRepoSqlite::attachment_names_of(
    const std::vector<Id>& tickets) {
  std::vector<std::pair<Id, std::string>> out;
  if (tickets.empty()) return out;
  auto q = m_c.query(
      "SELECT ticket_id, filename FROM mail_attachments WHERE ticket_id BETWEEN ?1 AND ?2 ORDER BY "
      "ticket_id, id");
  q.bind(1, tickets.front()).bind(2, tickets.back());
  while (q.step()) {
    Id t = q.int64(0);
    if (std::binary_search(tickets.begin(), tickets.end(), t)) out.emplace_back(t, q.text(1));
  }
  return out;
}

std::vector<ticket::Article> SearchRepoSqlite::articles_of(const std::vector<Id>& tickets) {
  std::vector<ticket::Article> out;
  if (tickets.empty()) return out;
  auto q = m_c.query(
      "SELECT a.id, a.ticket_id, a.kind, a.body, a.internal, a.author_id, coalesce(u.name, 'system'), "
      "a.created_at "
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

std::vector<search::TicketText> SearchRepoSqlite::ticket_texts(const std::vector<Id>& ids,
                                                               bool include_internal, std::size_t max_bytes) {
  std::vector<search::TicketText> out;
  if (ids.empty()) return out;
  std::string in = "(";
  for (std::size_t i = 0; i < ids.size(); ++i)
    in += (i ? "," : "") + std::to_string(ids[i]);
  in += ")";
  auto q = m_c.query_dynamic(
      "SELECT t.id, t.number, t.subject, t.description, t.state, t.type, t.requester_id, t.organization_id, "
      "t.team_id, t.assignee_id, (SELECT group_concat(user_id) FROM ticket_contacts c WHERE c.ticket_id = "
      "t.id) "
      "FROM tickets t WHERE t.id IN " +
      in);
  std::map<Id, std::size_t> at;
  while (q.step()) {
    search::TicketText x;
    x.ticket = read_ticket_for_search(q);
    const auto& t = x.ticket;
    append_capped(x.text, t.description, max_bytes);
    at[t.id] = out.size();
    out.push_back(std::move(x));
  }
  auto a = m_c.query_dynamic("SELECT ticket_id, body FROM articles WHERE ticket_id IN " + in +
                             (include_internal ? "" : " AND internal = 0") + " ORDER BY ticket_id, id");
  while (a.step())
    if (auto it = at.find(a.int64(0)); it != at.end())
      append_capped(out[it->second].text, a.text(1), max_bytes);
  return out;
}

std::vector<search::ArticleText> SearchRepoSqlite::article_texts(const std::vector<Id>& ids) {
  std::vector<search::ArticleText> out;
  for (Id id : ids) {
    auto q = m_c.query(
        "SELECT a.id, coalesce(v.title, a.title), coalesce(v.body, a.body), a.state, a.visibility = 'public' "
        "FROM kb_articles a LEFT JOIN kb_versions v ON v.article_id = a.id AND v.version = "
        "a.published_version "
        "WHERE a.id = ?");
    q.bind(1, id);
    if (q.step()) out.push_back({q.int64(0), q.text(1), q.text(2), q.text(3), q.boolean(4)});
  }
  return out;
}

}  // namespace techdesk::storage::sqlite
