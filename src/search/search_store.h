// What search needs from storage: one index of documents (tickets and knowledge articles) kept in the
// same transaction as the change that touched them, the query over it, and name lookups for people and
// organisations. Implemented by each backend: SQLite FTS5 (storage/sqlite/search_repo_sqlite.cpp) and
// PostgreSQL tsvector + GIN (storage/postgres/search_repo_pg.cpp), both fed with our own tokens.
#pragma once

#include <cstdint>
#include <optional>
#include <string>
#include <vector>

#include "identity/types.h"
#include "search/query.h"
#include "ticket/ticket_store.h"

namespace techdesk::search {

enum class DocKind { ticket = 1, article = 2 };

// Who may read an indexed article: requesters see `public_published` only; staff see every audience.
enum class Audience { none, public_published, internal_published, unpublished };
const char* name(Audience a);

struct IndexedDoc {
  DocKind kind = DocKind::ticket;
  Id ref_id = 0;
  // Space-separated tokens (token_string): title weighs most; internal is matched for staff only.
  std::string title, body, internal;
  std::optional<Id> organization_id;
  // Facets as tokens (see acl_tokens): who may see the document and what filters select it.
  std::string acl;
  Audience audience = Audience::none;  // articles
  bool solved = false;                 // tickets: resolved or closed
  Timestamp updated_at{};
};

struct DocQuery {
  // Every unit of a group must match; all groups must (any_group: at least one).
  std::vector<Group> groups;
  bool any_group = false;
  std::vector<Group> excluded;
  bool include_internal = false;  // match internal notes (staff only)
  bool tickets = true;
  bool articles = true;
  std::vector<Audience> audiences;  // articles: the ones the searcher may read
  ticket::TicketScope scope;        // tickets: what the searcher may see
  ticket::TicketQuery
      filters;                 // tickets: states, priorities, types, team, assignee, requester, org, category
  std::optional<bool> solved;  // tickets: is:solved / is:open
  std::optional<Id> category_id;  // articles (tickets use filters.category_id)
  std::vector<std::string> tags;  // tickets and articles: every tag
  Timestamp now{};
  int limit = 20;
};

struct DocHit {
  DocKind kind = DocKind::ticket;
  Id ref_id = 0;
  double score = 0;  // higher is better
};

struct IndexSize {
  std::int64_t documents = 0;
  std::int64_t index_bytes = 0;  // the index's own pages / relations
  std::int64_t data_bytes = 0;   // the whole database
};

// An article as search shows it: the published version when there is one, else the latest.
struct ArticleText {
  Id id = 0;
  std::string title;
  std::string body;  // Markdown
  std::string state;
  bool is_public = false;
};

// The facet tokens of a ticket: org<id>, req<id> (the requester and each contact), team<id> | teamnone,
// asg<id> | asgnone, st<state>, pri<p1..p4>, type<type>, cat<id> (and its parent's).
std::string ticket_acl(const ticket::Ticket& t, std::optional<Id> category_parent);
// A facet token: the prefix and the name without anything but letters and digits (in_progress →
// stinprogress).
std::string facet(std::string_view prefix, std::string_view value);
// The facet tokens of an article: aud<audience>, cat<id> (and its parent's).
std::string article_acl(Audience audience, std::optional<Id> category, std::optional<Id> category_parent);

// A ticket as search shows it: what can_view needs, and the text a snippet is cut from.
struct TicketText {
  ticket::Ticket ticket;  // id, number, subject, description, state, type, requester, organisation,
                          // team, assignee and contacts filled
  std::string text;       // description and articles (internal ones only when asked), in order
};

class SearchRepo {
 public:
  virtual ~SearchRepo() = default;
  virtual void put(const IndexedDoc& d) = 0;
  virtual void remove(DocKind kind, Id ref_id) = 0;
  virtual void clear() = 0;
  // Merges the index into as few pieces as it can (after a reindex); may take minutes on a large index.
  virtual void optimize() = 0;
  // While on, the index does not merge its pieces as it grows, for a reindex that optimize()s at the end
  // (SQLite FTS5 automerge 0: 15–20 % faster). It is a setting of the database: a reindex that was
  // killed leaves it on until the next start turns it off (bulk_load(false) is cheap when it is off).
  virtual void bulk_load(bool on) = 0;
  virtual std::vector<DocHit> search(const DocQuery& q) = 0;
  virtual IndexSize size() = 0;

  // People and organisations are few: found by a substring of their names, login, e-mail or domain.
  virtual std::vector<identity::User> find_users(const std::string& text, int limit) = 0;
  virtual std::vector<identity::Organization> find_organizations(const std::string& text, int limit) = 0;

  virtual std::vector<ArticleText> article_texts(const std::vector<Id>& ids) = 0;
  // Two statements whatever the number of tickets; each text at most max_bytes (cut at a character).
  virtual std::vector<TicketText> ticket_texts(const std::vector<Id>& ids, bool include_internal,
                                               std::size_t max_bytes) = 0;

  // Reindexing walks tickets in id order, in batches: each ticket's searched and faceted fields (subject,
  // description, state, priority, type, requester, organisation, team, assignee, category, contacts,
  // updated_at) with its category's parent, in one statement.
  virtual std::vector<std::pair<ticket::Ticket, std::optional<Id>>> tickets_for_index(
      const std::vector<Id>& ids) = 0;
  virtual std::vector<Id> ticket_ids_after(Id after, int limit) = 0;
  virtual std::int64_t ticket_count() = 0;
  // Every article of each ticket (ids ascending) in one statement: reindexing reads tickets in batches.
  virtual std::vector<ticket::Article> articles_of(const std::vector<Id>& tickets) = 0;
  // The names of the files that came with each ticket's mail, (ticket, filename) by ticket id (ids
  // ascending).
  virtual std::vector<std::pair<Id, std::string>> attachment_names_of(const std::vector<Id>& tickets) = 0;
};

class SearchTx : public virtual ticket::TicketTx {
 public:
  virtual SearchRepo& search() = 0;
};

}  // namespace techdesk::search
