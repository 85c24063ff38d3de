#include "search/search_service.h"

#include <algorithm>

#include "common/text.h"
#include "identity/role.h"
#include "search/query.h"
#include "search/snippet.h"
#include "ticket/visibility.h"

namespace techdesk::search {

using identity::Principal;

namespace {

bool is_open(ticket::State s) {
  using ticket::State;
  return s != State::resolved && s != State::closed && s != State::cancelled;
}

std::string lower(std::string_view s) {
  return ascii_lower(s);
}

// Turns field filters into the repository's query. False: a value names nothing (no result can match).
Result<bool> apply_fields(SearchTx& tx, const Principal& p, const ParsedQuery& pq, DocQuery& q,
                          bool& ticket_only) {
  for (const auto& [field, values] : pq.fields) {
    const std::string& v = values.front();
    if (field == "state") {
      for (const auto& x : values) {
        if (lower(x) == "open") {
          for (auto s :
               {ticket::State::new_, ticket::State::assigned, ticket::State::in_progress,
                ticket::State::pending_customer, ticket::State::pending_third_party, ticket::State::reopened})
            q.filters.states.push_back(s);
        } else if (auto s = ticket::parse_state(lower(x))) {
          q.filters.states.push_back(*s);
        } else {
          return Error::invalid_query("q", "state:" + x + " is not a ticket state");
        }
      }
      ticket_only = true;
    } else if (field == "priority") {
      for (const auto& x : values) {
        std::string up = x;
        std::transform(up.begin(), up.end(), up.begin(),
                       [](unsigned char c) { return static_cast<char>(std::toupper(c)); });
        auto pr = ticket::parse_priority(up);
        if (!pr) return Error::invalid_query("q", "priority:" + x + " is not P1, P2, P3 or P4");
        q.filters.priorities.push_back(*pr);
      }
      ticket_only = true;
    } else if (field == "type") {
      for (const auto& x : values) {
        auto t = ticket::parse_ticket_type(lower(x));
        if (!t) return Error::invalid_query("q", "type:" + x + " is not a ticket type");
        q.filters.types.push_back(*t);
      }
      ticket_only = true;
    } else if (field == "is") {
      std::string x = lower(v);
      if (x == "solved")
        q.solved = true;
      else if (x == "open")
        q.solved = false;
      else if (x == "unassigned")
        q.filters.assignee_none = true;
      else
        return Error::invalid_query("q", "is:" + v + " is not one of solved, open, unassigned");
      ticket_only = true;
    } else if (field == "org") {
      auto orgs = tx.search().find_organizations(v, 1);
      if (orgs.empty()) return false;
      q.filters.organization_id = orgs.front().id;
      ticket_only = true;
    } else if (field == "team") {
      std::optional<Id> found;
      identity::ListQuery all_teams;
      all_teams.limit = 1000;
      for (const auto& t : tx.identity().list_teams(all_teams))
        if (t.name == v || lower(t.name).find(lower(v)) != std::string::npos) {
          found = t.id;
          break;
        }
      if (!found) return false;
      q.filters.team_id = found;
      ticket_only = true;
    } else if (field == "category") {
      std::optional<Id> found;
      for (const auto& c : tx.tickets().list_categories())
        if (c.name == v || lower(c.name_en) == lower(v) || c.path == v) {
          found = c.id;
          break;
        }
      if (!found) return false;
      q.filters.category_id = found;
      q.category_id = found;
    } else if (field == "assignee" || field == "requester") {
      std::optional<Id> who;
      if (lower(v) == "me") {
        who = p.user_id;
      } else {
        for (const auto& u : tx.search().find_users(v, 5))
          if (u.login == v || u.name == v || !who) who = u.id;
      }
      if (!who) return false;
      (field == "assignee" ? q.filters.assignee_id : q.filters.requester_id) = who;
      ticket_only = true;
    } else if (field == "tag") {
      q.tags = values;
    }
  }
  return true;
}

// Titles and snippets for hits, in their order; hits the searcher may not read are dropped.
std::vector<SearchResult> present(SearchTx& tx, const Principal& p, const std::vector<DocHit>& hits,
                                  const std::vector<std::string>& tokens) {
  const bool internal = ticket::sees_internal(p);
  const auto scope = ticket::scope_for(p);
  std::vector<Id> article_ids, ticket_ids;
  for (const auto& h : hits)
    (h.kind == DocKind::article ? article_ids : ticket_ids).push_back(h.ref_id);
  auto articles = tx.search().article_texts(article_ids);
  // A snippet is cut from the first 16 KB of a ticket's conversation.
  auto tickets = tx.search().ticket_texts(ticket_ids, internal, 16 * 1024);
  std::vector<SearchResult> out;
  for (const auto& h : hits) {
    if (h.kind == DocKind::ticket) {
      auto it =
          std::find_if(tickets.begin(), tickets.end(), [&](auto& x) { return x.ticket.id == h.ref_id; });
      // The index is never trusted with permissions alone.
      if (it == tickets.end() || !ticket::can_view(scope, it->ticket)) continue;
      const auto& t = it->ticket;
      out.push_back({.type = "ticket",
                     .id = t.id,
                     .title = t.subject,
                     .snippet = snippet(it->text, tokens),
                     .score = h.score,
                     .number = t.number,
                     .state = std::string(ticket::name(t.state))});
    } else {
      auto it = std::find_if(articles.begin(), articles.end(), [&](auto& a) { return a.id == h.ref_id; });
      if (it == articles.end()) continue;
      if (!identity::is_agent(p.role) && !(it->is_public && it->state != "archived")) continue;
      out.push_back({.type = "article",
                     .id = it->id,
                     .title = it->title,
                     .snippet = snippet(plain_text_of_markdown(it->body), tokens),
                     .score = h.score,
                     .number = {},
                     .state = it->state});
    }
  }
  return out;
}

std::string escape_html(std::string_view s) {
  return snippet(s, {}, s.size() + 1);
}

}  // namespace

Result<SearchAnswer> SearchService::search(const Principal& p, std::string_view q,
                                           std::optional<std::string_view> type, int limit) {
  if (!is_valid_utf8(q)) return Error::invalid_query("q", "must be UTF-8");
  if (utf8_length(q) > k_max_query_chars)
    return Error::invalid_query("q", "at most " + std::to_string(k_max_query_chars) + " characters");
  if (limit < 1 || limit > k_max_search_limit)
    return Error::invalid_query("limit", "must be 1 to " + std::to_string(k_max_search_limit));
  static const std::vector<std::string_view> k_types = {"ticket", "article", "org", "user", "asset"};
  if (type && std::find(k_types.begin(), k_types.end(), *type) == k_types.end())
    return Error::invalid_query("type", "must be one of ticket, article, org, user, asset");

  ParsedQuery pq = parse_query(q);
  const bool staff = identity::is_agent(p.role);
  SearchAnswer answer;
  if (type && *type == "asset") return answer;

  DocQuery dq;
  dq.groups = pq.groups();
  dq.excluded = pq.excluded_groups();
  dq.include_internal = ticket::sees_internal(p);
  dq.scope = ticket::scope_for(p);
  dq.now = m_clock.now();
  dq.limit = limit;
  dq.tickets = !type || *type == "ticket";
  dq.articles = !type || *type == "article";
  dq.audiences = staff ? std::vector<Audience>{Audience::public_published, Audience::internal_published,
                                               Audience::unpublished}
                       : std::vector<Audience>{Audience::public_published};
  const auto tokens = highlight_tokens(pq);
  // People and organisations: staff only, by the words as typed.
  std::string words;
  for (const auto& w : pq.words)
    words += (words.empty() ? "" : " ") + w;

  return m_store.read([&](SearchTx& tx) -> Result<SearchAnswer> {
    bool ticket_only = false;
    bool satisfiable = TD_TRY(apply_fields(tx, p, pq, dq, ticket_only));
    if (ticket_only) dq.articles = false;
    if (satisfiable && (dq.tickets || dq.articles)) {
      if (!dq.groups.empty()) {
        auto hits = tx.search().search(dq);
        if (hits.empty() && dq.excluded.empty()) {
          auto any = loosen(dq.groups);
          if (any.size() > 1) {
            dq.groups = std::move(any);
            dq.any_group = true;
            hits = tx.search().search(dq);
            answer.relaxed = !hits.empty();
          }
        }
        answer.results = present(tx, p, hits, tokens);
      } else if (!pq.fields.empty() && dq.tickets) {
        // Filters alone: the newest matching tickets.
        auto q2 = dq.filters;
        q2.sort = ticket::SortKey::updated_at;
        q2.limit = limit;
        for (const auto& v : tx.tickets().list_tickets(dq.scope, q2)) {
          if (dq.solved && *dq.solved != !is_open(v.ticket.state)) continue;
          answer.results.push_back({.type = "ticket",
                                    .id = v.ticket.id,
                                    .title = v.ticket.subject,
                                    .snippet = escape_html(v.ticket.description.substr(0, 180)),
                                    .score = 0,
                                    .number = v.ticket.number,
                                    .state = std::string(ticket::name(v.ticket.state))});
        }
      }
    }
    if (staff && pq.fields.empty() && utf8_length(words) >= 2) {
      const double top = answer.results.empty() ? 1.0 : answer.results.front().score;
      const int each = type ? limit : 3;
      if (!type || *type == "org")
        for (const auto& o : tx.search().find_organizations(words, each))
          answer.results.push_back({.type = "org",
                                    .id = o.id,
                                    .title = o.name,
                                    .snippet = snippet(o.name + (o.domain ? " · " + *o.domain : ""), tokens),
                                    .score = o.name == words ? top + 1 : top * 0.5,
                                    .number = {},
                                    .state = {}});
      if (!type || *type == "user")
        for (const auto& u : tx.search().find_users(words, each))
          answer.results.push_back({.type = "user",
                                    .id = u.id,
                                    .title = u.name,
                                    .snippet = snippet(u.login + (u.email ? " · " + *u.email : ""), tokens),
                                    .score = u.name == words || u.login == words ? top + 1 : top * 0.5,
                                    .number = {},
                                    .state = {}});
      std::stable_sort(answer.results.begin(), answer.results.end(),
                       [](const auto& a, const auto& b) { return a.score > b.score; });
      if (static_cast<int>(answer.results.size()) > limit)
        answer.results.resize(static_cast<std::size_t>(limit));
    }
    return answer;
  });
}

Result<Suggestions> SearchService::suggest(const Principal& p, std::string_view q, int limit) {
  if (!is_valid_utf8(q)) return Error::invalid_query("q", "must be UTF-8");
  if (utf8_length(q) > k_max_query_chars)
    return Error::invalid_query("q", "at most " + std::to_string(k_max_query_chars) + " characters");
  if (limit < 1 || limit > 20) return Error::invalid_query("limit", "must be 1 to 20");
  ParsedQuery pq = parse_query(q);
  pq.fields.clear();
  Suggestions out;
  DocQuery dq;
  dq.groups = loosen(pq.groups());
  if (dq.groups.empty()) return out;
  dq.any_group = true;
  dq.include_internal = false;  // a suggestion is read by whoever types the request
  dq.scope = ticket::scope_for(p);
  dq.now = m_clock.now();
  dq.limit = limit;
  const auto tokens = highlight_tokens(pq);
  const bool staff = identity::is_agent(p.role);
  return m_store.read([&](SearchTx& tx) -> Result<Suggestions> {
    DocQuery articles = dq;
    articles.tickets = false;
    articles.audiences = staff
                             ? std::vector<Audience>{Audience::public_published, Audience::internal_published}
                             : std::vector<Audience>{Audience::public_published};
    out.articles = present(tx, p, tx.search().search(articles), tokens);
    DocQuery tickets = dq;
    tickets.articles = false;
    tickets.solved = true;
    out.tickets = present(tx, p, tx.search().search(tickets), tokens);
    return out;
  });
}

}  // namespace techdesk::search
