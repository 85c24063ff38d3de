#include "storage/search_sql.h"

namespace techdesk::storage {

using search::Audience;
using search::DocQuery;

namespace {

std::string quoted(const std::string& token, char quote) {
  std::string out(1, quote);
  for (char c : token) {
    if (c == quote) out += quote;
    if (quote == '\'' && c == '\\') out += '\\';
    out += c;
  }
  return out + quote;
}

// FTS5: "tok", "a b c" (a phrase), "tok"*; PostgreSQL: 'tok', ('a' <-> 'b' <-> 'c'), 'tok':*.
std::string unit_expr(const search::Unit& u, bool postgres) {
  if (!postgres) {
    std::string joined;
    for (std::size_t i = 0; i < u.tokens.size(); ++i)
      joined += (i ? " " : "") + u.tokens[i];
    return quoted(joined, '"') + (u.prefix ? "*" : "");
  }
  if (u.tokens.size() == 1) return quoted(u.tokens[0], '\'') + (u.prefix ? ":*" : "");
  std::string out = "(";
  for (std::size_t i = 0; i < u.tokens.size(); ++i)
    out += (i ? " <-> " : "") + quoted(u.tokens[i], '\'');
  return out + ")";
}

std::string join_groups(const std::vector<search::Group>& groups, bool any, bool postgres) {
  const char* and_op = postgres ? " & " : " AND ";
  const char* or_op = postgres ? " | " : " OR ";
  std::string out;
  for (const auto& g : groups) {
    if (g.empty()) continue;
    if (!out.empty()) out += any ? or_op : and_op;
    out += "(";
    for (std::size_t i = 0; i < g.size(); ++i)
      out += (i ? and_op : "") + unit_expr(g[i], postgres);
    out += ")";
  }
  return out;
}

// See search::boost: recent documents weigh up to 1.5 times more (half of that within a month); solved
// tickets and published articles, the ones that hold answers, weigh more still.
std::string pg_boost(const std::string& now) {
  return "(CASE WHEN d.kind = 2 THEN 1.6 WHEN d.solved THEN 1.25 ELSE 1.0 END) * (1.0 + 0.5 / (1.0 + "
         "greatest(0, " +
         now + " - d.updated_at) / 2592000000.0))";
}

std::vector<SqlBind> audience_names(const std::vector<Audience>& a) {
  std::vector<SqlBind> out;
  for (auto x : a)
    out.emplace_back(std::string(search::name(x)));
  return out;
}

}  // namespace

std::string fts5_text(const DocQuery& q, bool internal) {
  std::string expr = "(" + join_groups(q.groups, q.any_group, false) + ")";
  for (const auto& g : q.excluded) {
    if (g.empty()) continue;
    expr += " NOT " + join_groups({g}, false, false);
  }
  return (internal ? "{title body internal} : (" : "{title body} : (") + expr + ")";
}

std::string any_of(const std::vector<std::string>& tokens) {
  std::string out;
  for (const auto& t : tokens)
    out += (out.empty() ? "" : " OR ") + t;
  return "(" + out + ")";
}

std::string fts5_ticket_acl(const DocQuery& q) {
  using ticket::State;
  std::vector<std::string> parts;
  const auto& sc = q.scope;
  auto id = [](Id v) { return std::to_string(v); };
  switch (sc.kind) {
    case ticket::TicketScope::Kind::all:
      break;
    case ticket::TicketScope::Kind::requester:
      parts.push_back("req" + id(sc.user_id));
      break;
    case ticket::TicketScope::Kind::organization:
      parts.push_back("org" + id(sc.organization_id.value_or(0)));
      break;
    case ticket::TicketScope::Kind::staff: {
      std::vector<std::string> any{"asg" + id(sc.user_id)};
      if (sc.include_unrouted) any.push_back("teamnone");
      if (sc.include_complaints) any.push_back("typecomplaint");
      for (Id t : sc.team_ids)
        any.push_back("team" + id(t));
      parts.push_back(any_of(any));
      break;
    }
  }
  const auto& f = q.filters;
  auto names = [](const auto& values, const char* prefix) {
    std::vector<std::string> out;
    for (const auto& v : values)
      out.push_back(search::facet(prefix, ticket::name(v)));
    return out;
  };
  if (!f.states.empty()) parts.push_back(any_of(names(f.states, "st")));
  if (!f.priorities.empty()) parts.push_back(any_of(names(f.priorities, "pri")));
  if (!f.types.empty()) parts.push_back(any_of(names(f.types, "type")));
  if (f.team_id) parts.push_back("team" + id(*f.team_id));
  if (f.assignee_none) parts.push_back("asgnone");
  if (f.assignee_id) parts.push_back("asg" + id(*f.assignee_id));
  if (f.requester_id) parts.push_back("req" + id(*f.requester_id));
  if (f.organization_id) parts.push_back("org" + id(*f.organization_id));
  if (f.category_id) parts.push_back("cat" + id(*f.category_id));
  if (q.solved) {
    parts.push_back(*q.solved ? any_of({"stresolved", "stclosed"})
                              : any_of({"stnew", "stassigned", "stinprogress", "stpendingcustomer",
                                        "stpendingthirdparty", "streopened"}));
  }
  std::string out;
  for (const auto& p : parts)
    out += (out.empty() ? "" : " AND ") + std::string("acl : ") + p;
  return out;
}

SqlWithBinds sqlite_ticket_search_sql(const DocQuery& q, int candidates, Id above,
                                      std::optional<Id> at_most) {
  SqlBuilder b(SqlDialect{});
  const std::string text = fts5_text(q, q.include_internal);
  std::string match = text;
  if (std::string acl = fts5_ticket_acl(q); !acl.empty()) match += " AND " + acl;
  // A rowid range lets FTS5 seek into each term's list instead of reading it whole. SQLite numbers '?' as
  // they appear, and the operands of + are not evaluated in order: one placeholder per statement.
  // td_bm25 (storage/sqlite/fts5_rank.h) is bm25 that remembers each phrase's document count for the
  // same text: the text's phrases come first in the expression, the acl's after them.
  std::string key = b.p("tickets:" + text);
  std::string m = b.p(match);
  std::string lo = b.p(above);
  std::string sql = "SELECT rowid, -td_bm25(search_tickets, " + key +
                    ", 8.0, 1.0, 0.5, 0.0) AS score FROM search_tickets "
                    "WHERE search_tickets MATCH " +
                    m + " AND rowid > " + lo;
  if (at_most) sql += " AND rowid <= " + b.p(*at_most);
  for (const auto& tag : q.tags)
    sql += " AND rowid IN (SELECT ticket_id FROM ticket_tags WHERE tag = " + b.p(tag) + ")";
  sql += " ORDER BY score DESC LIMIT " + b.p(static_cast<std::int64_t>(candidates));
  b.out().sql = std::move(sql);
  return std::move(b.out());
}

SqlWithBinds sqlite_article_search_sql(const DocQuery& q, int candidates) {
  SqlBuilder b(SqlDialect{});
  const std::string text = fts5_text(q, false);
  std::string match = text;
  std::vector<std::string> aud;
  for (auto a : q.audiences)
    aud.push_back(search::facet("aud", search::name(a)));
  match += " AND acl : " + any_of(aud);
  if (q.category_id) match += " AND acl : cat" + std::to_string(*q.category_id);
  std::string key = b.p("articles:" + text);
  std::string sql = "SELECT rowid, -td_bm25(search_articles, " + key +
                    ", 8.0, 1.0, 0.0) AS score FROM search_articles WHERE search_articles MATCH " +
                    b.p(match);
  for (const auto& tag : q.tags)
    sql += " AND rowid IN (SELECT article_id FROM kb_tags WHERE tag = " + b.p(tag) + ")";
  sql += " ORDER BY score DESC LIMIT " + b.p(static_cast<std::int64_t>(candidates));
  b.out().sql = std::move(sql);
  return std::move(b.out());
}

double boost(bool article, bool solved, std::int64_t age_ms) {
  return (article  ? 1.6
          : solved ? 1.25
                   : 1.0) *
         (1.0 + 0.5 / (1.0 + std::max<std::int64_t>(0, age_ms) / 2592000000.0));
}

std::string pg_tsquery(const DocQuery& q) {
  std::string expr = "(" + join_groups(q.groups, q.any_group, true) + ")";
  for (const auto& g : q.excluded) {
    if (g.empty()) continue;
    expr += " & !" + join_groups({g}, false, true);
  }
  return expr;
}

SqlWithBinds pg_search_sql(const DocQuery& q) {
  SqlBuilder b(SqlDialect{.dollar_placeholders = true, .like = "ILIKE"});
  std::string now = b.p(static_cast<std::int64_t>(to_millis(q.now)));
  std::string match = b.p(pg_tsquery(q));
  const char* tsv = q.include_internal ? "d.tsv_all" : "d.tsv_public";
  std::string sql =
      std::string("SELECT d.kind, d.ref_id, ts_rank('{0.1, 0.3, 0.6, 1.0}'::float4[], ") + tsv +
      ", qq.query, 1) * " + pg_boost(now) + " AS score FROM (SELECT " + match +
      "::tsquery AS query) qq, search_docs d LEFT JOIN tickets t ON d.kind = 1 AND t.id = d.ref_id "
      "WHERE " +
      tsv + " @@ qq.query";
  std::vector<std::string> kinds;
  if (q.tickets) {
    std::string c = "(d.kind = 1" + ticket_conditions(q.scope, q.filters, b);
    if (q.solved) c += *q.solved ? " AND d.solved" : " AND NOT d.solved";
    for (const auto& tag : q.tags)
      c += " AND EXISTS (SELECT 1 FROM ticket_tags tt WHERE tt.ticket_id = t.id AND tt.tag = " + b.p(tag) +
           ")";
    kinds.push_back(c + ")");
  }
  if (q.articles && !q.audiences.empty()) {
    std::string c = "(d.kind = 2 AND d.audience IN " + b.in_list(audience_names(q.audiences));
    if (q.category_id) {
      std::string x = b.p(*q.category_id), y = b.p(*q.category_id);
      c += " AND d.ref_id IN (SELECT id FROM kb_articles WHERE category_id IN (SELECT id FROM categories "
           "WHERE id "
           "= " +
           x + " OR parent_id = " + y + "))";
    }
    for (const auto& tag : q.tags)
      c += " AND d.ref_id IN (SELECT article_id FROM kb_tags WHERE tag = " + b.p(tag) + ")";
    kinds.push_back(c + ")");
  }
  if (kinds.empty()) kinds.push_back("1 = 0");
  sql += " AND (";
  for (std::size_t i = 0; i < kinds.size(); ++i)
    sql += (i ? " OR " : "") + kinds[i];
  sql += ") ORDER BY score DESC LIMIT " + b.p(static_cast<std::int64_t>(q.limit));
  b.out().sql = std::move(sql);
  return std::move(b.out());
}

}  // namespace techdesk::storage
