#include "search/indexer.h"

#include <cctype>

#include "search/tokenizer.h"

namespace techdesk::search {

using ticket::State;

namespace {

SearchTx& search_tx(ticket::TicketTx& tx) {
  return dynamic_cast<SearchTx&>(tx);
}

void append_tokens(std::string& out, std::string_view text) {
  std::string t = token_string(text);
  if (t.empty()) return;
  if (!out.empty()) out += ' ';
  out += t;
}

}  // namespace

std::string facet(std::string_view prefix, std::string_view value) {
  std::string out(prefix);
  for (char c : value)
    if (std::isalnum(static_cast<unsigned char>(c)))
      out += static_cast<char>(std::tolower(static_cast<unsigned char>(c)));
  return out;
}

std::string ticket_acl(const ticket::Ticket& t, std::optional<Id> category_parent) {
  auto id = [](Id v) { return std::to_string(v); };
  std::string s = "req" + id(t.requester_id);
  for (Id c : t.contact_ids)
    s += " req" + id(c);
  if (t.organization_id) s += " org" + id(*t.organization_id);
  s += t.team_id ? " team" + id(*t.team_id) : std::string(" teamnone");
  s += t.assignee_id ? " asg" + id(*t.assignee_id) : std::string(" asgnone");
  s += " " + facet("st", ticket::name(t.state));
  s += " " + facet("pri", ticket::name(t.priority));
  s += " " + facet("type", ticket::name(t.type));
  if (t.category_id) s += " cat" + id(*t.category_id);
  if (category_parent) s += " cat" + id(*category_parent);
  return s;
}

std::string article_acl(Audience audience, std::optional<Id> category, std::optional<Id> category_parent) {
  std::string s = facet("aud", name(audience));
  if (category) s += " cat" + std::to_string(*category);
  if (category_parent) s += " cat" + std::to_string(*category_parent);
  return s;
}

IndexedDoc ticket_document(const ticket::Ticket& t, const std::vector<ticket::Article>& articles,
                           const std::vector<std::string>& file_names) {
  IndexedDoc d;
  d.kind = DocKind::ticket;
  d.ref_id = t.id;
  append_tokens(d.title, t.number);
  append_tokens(d.title, t.subject);
  append_tokens(d.body, t.description);
  for (const auto& a : articles)
    append_tokens(a.internal ? d.internal : d.body, a.body);
  for (const auto& f : file_names)
    append_tokens(d.body, f);
  d.organization_id = t.organization_id;
  d.solved = t.state == State::resolved || t.state == State::closed;
  d.updated_at = t.updated_at;
  return d;
}

void index_ticket(SearchTx& tx, Id ticket_id) {
  auto v = tx.tickets().find_ticket(ticket_id);
  if (!v) {
    tx.search().remove(DocKind::ticket, ticket_id);
    return;
  }
  std::vector<std::string> files;
  for (auto& [t, name] : tx.search().attachment_names_of({ticket_id}))
    files.push_back(std::move(name));
  auto d = ticket_document(v->ticket, tx.tickets().list_articles(ticket_id, true), files);
  d.acl = ticket_acl(v->ticket, v->category ? v->category->parent_id : std::nullopt);
  tx.search().put(d);
}

Result<void> SearchIndexer::on_created(ticket::TicketTx& tx, const identity::Principal&, ticket::Ticket& t,
                                       Timestamp) {
  index_ticket(search_tx(tx), t.id);
  return ok();
}

Result<void> SearchIndexer::on_updated(ticket::TicketTx& tx, const identity::Principal&,
                                       const ticket::Ticket& before, const ticket::Ticket& after, Timestamp) {
  auto solved = [](const ticket::Ticket& t) {
    return t.state == State::resolved || t.state == State::closed;
  };
  // Only what is searched, ranked or filtered on (the facets of ticket_acl).
  if (before.subject != after.subject || before.description != after.description ||
      before.organization_id != after.organization_id || solved(before) != solved(after) ||
      before.state != after.state || before.priority != after.priority || before.type != after.type ||
      before.team_id != after.team_id || before.assignee_id != after.assignee_id ||
      before.requester_id != after.requester_id || before.category_id != after.category_id ||
      before.contact_ids != after.contact_ids)
    index_ticket(search_tx(tx), after.id);
  return ok();
}

Result<void> SearchIndexer::on_article(ticket::TicketTx& tx, const ticket::Ticket& t, const ticket::Article&,
                                       const identity::Principal&, Timestamp) {
  index_ticket(search_tx(tx), t.id);
  return ok();
}

Result<std::int64_t> reindex_tickets(TxRunner<SearchTx>& store, int batch,
                                     const std::function<void(std::int64_t, std::int64_t)>& progress) {
  std::int64_t total =
      TD_TRY(store.read([](SearchTx& tx) -> Result<std::int64_t> { return tx.search().ticket_count(); }));
  std::int64_t done = 0;
  Id after = 0;
  if (progress) progress(0, total);
  // The index grows without merging its pieces until the optimize() at the end; a failed run turns that
  // off again (a killed one leaves it to the next start).
  TD_TRY(store.write([](SearchTx& tx) -> Result<void> {
    tx.search().bulk_load(true);
    return ok();
  }));
  auto end_bulk_load = [&] {
    return store.write([](SearchTx& tx) -> Result<void> {
      tx.search().bulk_load(false);
      return ok();
    });
  };
  for (;;) {
    auto written = store.write([&](SearchTx& tx) -> Result<std::int64_t> {
      auto ids = tx.search().ticket_ids_after(after, batch);
      if (ids.empty()) return std::int64_t{0};
      auto articles = tx.search().articles_of(ids);
      auto files = tx.search().attachment_names_of(ids);
      std::size_t a = 0, f = 0;
      for (auto& [t, parent] : tx.search().tickets_for_index(ids)) {
        std::vector<ticket::Article> mine;
        while (a < articles.size() && articles[a].ticket_id < t.id)
          ++a;
        while (a < articles.size() && articles[a].ticket_id == t.id)
          mine.push_back(std::move(articles[a++]));
        std::vector<std::string> names;
        while (f < files.size() && files[f].first < t.id)
          ++f;
        while (f < files.size() && files[f].first == t.id)
          names.push_back(std::move(files[f++].second));
        auto d = ticket_document(t, mine, names);
        d.acl = ticket_acl(t, parent);
        tx.search().put(d);
      }
      after = ids.back();
      return static_cast<std::int64_t>(ids.size());
    });
    if (!written) {
      (void)end_bulk_load();
      return written.release_error();
    }
    const std::int64_t n = *written;
    if (n == 0) break;
    done += n;
    if (progress) progress(done, total);
  }
  TD_TRY(end_bulk_load());
  TD_TRY(store.write([](SearchTx& tx) -> Result<void> {
    tx.search().optimize();
    return ok();
  }));
  return done;
}

}  // namespace techdesk::search

namespace techdesk::search {

const char* name(Audience a) {
  switch (a) {
    case Audience::none:
      return "none";
    case Audience::public_published:
      return "public";
    case Audience::internal_published:
      return "internal";
    case Audience::unpublished:
      return "unpublished";
  }
  return "none";
}

}  // namespace techdesk::search
