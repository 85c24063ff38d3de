// All SQL of search on PostgreSQL: tsvectors written literally from our tokens, GIN indexes, ts_rank.
#include <algorithm>
#include <map>

#include "storage/postgres/pg_util.h"
#include "storage/postgres/repos_pg.h"
#include "storage/row_mapping.h"
#include "storage/search_sql.h"

namespace techdesk::storage::postgres {

using namespace search;

namespace {

// PostgreSQL keeps positions up to 16383 and 256 of them per lexeme; a lexeme is at most 2 KiB.
constexpr int k_max_position = 16383;

class VectorBuilder {
 public:
  void add(const std::string& tokens, char weight) {
    std::size_t i = 0;
    while (i < tokens.size()) {
      std::size_t j = tokens.find(' ', i);
      if (j == std::string::npos) j = tokens.size();
      if (j > i && j - i < 2000) {
        auto& positions = m_lexemes[tokens.substr(i, j - i)];
        if (positions.size() < 256) positions.push_back({std::min(m_next, k_max_position), weight});
        ++m_next;
      }
      i = j + 1;
    }
  }
  std::string literal() const {
    std::string out;
    for (const auto& [lexeme, positions] : m_lexemes) {
      if (!out.empty()) out += ' ';
      out += '\'';
      for (char c : lexeme) {
        if (c == '\'' || c == '\\') out += c == '\'' ? '\'' : '\\';
        out += c;
      }
      out += "':";
      for (std::size_t k = 0; k < positions.size(); ++k) {
        if (k) out += ',';
        out += std::to_string(positions[k].first);
        if (positions[k].second != 'D') out += positions[k].second;
      }
    }
    return out;
  }

 private:
  std::map<std::string, std::vector<std::pair<int, char>>> m_lexemes;
  int m_next = 1;
};

PgParams params_of(const std::vector<SqlBind>& binds) {
  PgParams params;
  for (const auto& b : binds) {
    if (const auto* n = std::get_if<std::int64_t>(&b))
      params.add(*n);
    else
      params.add(std::get<std::string>(b));
  }
  return params;
}

std::string like(std::string_view text) {
  return like_pattern(text);
}

}  // namespace

void SearchRepoPg::put(const IndexedDoc& d) {
  VectorBuilder pub, all;
  pub.add(d.title, 'A');
  pub.add(d.body, 'D');
  all.add(d.title, 'A');
  all.add(d.body, 'D');
  all.add(d.internal, 'C');
  m_c.run(
      "INSERT INTO search_docs (kind, ref_id, org_id, audience, solved, updated_at, tsv_public, tsv_all) "
      "VALUES ($1, $2, $3, $4, $5, $6, $7::tsvector, $8::tsvector) ON CONFLICT (kind, ref_id) DO UPDATE SET "
      "org_id = excluded.org_id, audience = excluded.audience, solved = excluded.solved, "
      "updated_at = excluded.updated_at, tsv_public = excluded.tsv_public, tsv_all = excluded.tsv_all",
      PgParams()
          .add(static_cast<std::int64_t>(d.kind))
          .add(d.ref_id)
          .add(d.organization_id)
          .add(name(d.audience))
          .add(d.solved)
          .add(to_millis(d.updated_at))
          .add(pub.literal())
          .add(all.literal()));
}

void SearchRepoPg::remove(DocKind kind, Id ref_id) {
  m_c.run("DELETE FROM search_docs WHERE kind = $1 AND ref_id = $2",
          PgParams().add(static_cast<std::int64_t>(kind)).add(ref_id));
}

void SearchRepoPg::clear() {
  m_c.run("DELETE FROM search_docs");
}

// GIN indexes keep themselves (autovacuum cleans their pending lists).
void SearchRepoPg::optimize() {}

std::vector<DocHit> SearchRepoPg::search(const DocQuery& q) {
  if (q.groups.empty()) return {};
  SqlWithBinds built = pg_search_sql(q);
  return all_rows<DocHit>(m_c.run_dynamic(built.sql, params_of(built.binds)), [](PgRow& row) {
    return DocHit{static_cast<DocKind>(row.int64(0)), row.int64(1), std::stod(row.text(2))};
  });
}

IndexSize SearchRepoPg::size() {
  auto r = m_c.run(
      "SELECT (SELECT count(*) FROM search_docs), pg_total_relation_size('search_docs'), "
      "pg_database_size(current_database())");
  PgRow row(r, 0);
  return {row.int64(0), row.int64(1), row.int64(2)};
}

std::vector<identity::User> SearchRepoPg::find_users(const std::string& text, int limit) {
  std::string sql = std::string("SELECT ") + k_user_columns +
                    " FROM users WHERE name ILIKE $1 OR login ILIKE $1 OR email ILIKE $1 OR phone ILIKE $1 "
                    "ORDER BY length(name), id LIMIT $2";
  return all_rows<identity::User>(m_c.run_dynamic(sql, PgParams().add(like(text)).add(limit)),
                                  [](PgRow& row) { return read_user(row); });
}

std::vector<identity::Organization> SearchRepoPg::find_organizations(const std::string& text, int limit) {
  std::string sql =
      std::string("SELECT ") + k_org_columns +
      " FROM organizations WHERE name ILIKE $1 OR domain ILIKE $1 ORDER BY length(name), id LIMIT $2";
  return all_rows<identity::Organization>(m_c.run_dynamic(sql, PgParams().add(like(text)).add(limit)),
                                          [](PgRow& row) { return read_org(row); });
}

std::vector<Id> SearchRepoPg::ticket_ids_after(Id after, int limit) {
  return all_rows<Id>(
      m_c.run("SELECT id FROM tickets WHERE id > $1 ORDER BY id LIMIT $2", PgParams().add(after).add(limit)),
      [](PgRow& row) { return row.int64(0); });
}

std::vector<std::pair<ticket::Ticket, std::optional<Id>>> SearchRepoPg::tickets_for_index(
    const std::vector<Id>& ids) {
  if (ids.empty()) return {};
  auto all = all_rows<std::pair<ticket::Ticket, std::optional<Id>>>(
      m_c.run("SELECT t.id, t.number, t.subject, t.description, t.state, t.type, t.priority, t.requester_id, "
              "t.organization_id, t.team_id, t.assignee_id, t.category_id, c.parent_id, t.updated_at, "
              "(SELECT string_agg(user_id::text, ',') FROM ticket_contacts k WHERE k.ticket_id = t.id) "
              "FROM tickets t LEFT JOIN categories c ON c.id = t.category_id WHERE t.id BETWEEN $1 AND $2 "
              "ORDER BY t.id",
              PgParams().add(ids.front()).add(ids.back())),
      [](PgRow& row) { return read_index_row(row); });
  std::erase_if(all, [&](const auto& r) { return !std::binary_search(ids.begin(), ids.end(), r.first.id); });
  return all;
}

std::int64_t SearchRepoPg::ticket_count() {
  auto r = m_c.run("SELECT count(*) FROM tickets");
  return PgRow(r, 0).int64(0);
}

std::vector<std::pair<Id, std::string>> SearchRepoPg::attachment_names_of(const std::vector<Id>& tickets) {
  std::vector<std::pair<Id, std::string>> out;
  if (tickets.empty()) return out;
  auto r = m_c.run(
      "SELECT ticket_id, filename FROM mail_attachments WHERE ticket_id BETWEEN $1 AND $2 ORDER BY "
      "ticket_id, id",
      PgParams().add(tickets.front()).add(tickets.back()));
  for (int i = 0; i < r.rows(); ++i) {
    PgRow row(r, i);
    Id t = row.int64(0);
    if (std::binary_search(tickets.begin(), tickets.end(), t)) out.emplace_back(t, row.text(1));
  }
  return out;
}

std::vector<ticket::Article> SearchRepoPg::articles_of(const std::vector<Id>& tickets) {
  if (tickets.empty()) return {};
  auto all = all_rows<ticket::Article>(
      m_c.run(
          "SELECT a.id, a.ticket_id, a.kind, a.body, a.internal, a.author_id, coalesce(u.name, 'system'), "
          "a.created_at FROM articles a LEFT JOIN users u ON u.id = a.author_id "
          "WHERE a.ticket_id BETWEEN $1 AND $2 ORDER BY a.ticket_id, a.id",
          PgParams().add(tickets.front()).add(tickets.back())),
      [](PgRow& row) { return read_article(row); });
  std::erase_if(all, [&](const ticket::Article& a) {
    return !std::binary_search(tickets.begin(), tickets.end(), a.ticket_id);
  });
  return all;
}

}  // namespace techdesk::storage::postgres

namespace techdesk::storage::postgres {

std::vector<search::TicketText> SearchRepoPg::ticket_texts(const std::vector<Id>& ids, bool include_internal,
                                                           std::size_t max_bytes) {
  std::vector<search::TicketText> out;
  if (ids.empty()) return out;
  std::string in = "(";
  for (std::size_t i = 0; i < ids.size(); ++i)
    in += (i ? "," : "") + std::to_string(ids[i]);
  in += ")";
  auto r = m_c.run_dynamic(
      "SELECT t.id, t.number, t.subject, t.description, t.state, t.type, t.requester_id, t.organization_id, "
      "t.team_id, t.assignee_id, (SELECT string_agg(user_id::text, ',') FROM ticket_contacts c "
      "WHERE c.ticket_id = t.id) FROM tickets t WHERE t.id IN " +
          in,
      PgParams());
  std::map<Id, std::size_t> at;
  for (int i = 0; i < r.rows(); ++i) {
    PgRow q(r, i);
    search::TicketText x;
    x.ticket = read_ticket_for_search(q);
    const auto& t = x.ticket;
    append_capped(x.text, t.description, max_bytes);
    at[t.id] = out.size();
    out.push_back(std::move(x));
  }
  auto a = m_c.run_dynamic("SELECT ticket_id, body FROM articles WHERE ticket_id IN " + in +
                               (include_internal ? "" : " AND NOT internal") + " ORDER BY ticket_id, id",
                           PgParams());
  for (int i = 0; i < a.rows(); ++i) {
    PgRow row(a, i);
    if (auto it = at.find(row.int64(0)); it != at.end())
      append_capped(out[it->second].text, row.text(1), max_bytes);
  }
  return out;
}

std::vector<search::ArticleText> SearchRepoPg::article_texts(const std::vector<Id>& ids) {
  std::vector<search::ArticleText> out;
  for (Id id : ids) {
    auto r = m_c.run(
        "SELECT a.id, coalesce(v.title, a.title), coalesce(v.body, a.body), a.state, a.visibility = 'public' "
        "FROM kb_articles a LEFT JOIN kb_versions v ON v.article_id = a.id AND v.version = "
        "a.published_version "
        "WHERE a.id = $1",
        PgParams().add(id));
    if (r.rows() == 0) continue;
    PgRow row(r, 0);
    out.push_back({row.int64(0), row.text(1), row.text(2), row.text(3), row.boolean(4)});
  }
  return out;
}

}  // namespace techdesk::storage::postgres
