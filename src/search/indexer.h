// Keeping the index true: a ticket's document is rebuilt inside the transaction of every change that
// alters what is searched or how it ranks (subject, description, an article, state, organisation,
// merges), and `techdesk reindex` rebuilds the whole index in batches.
#pragma once

#include <cstdint>
#include <functional>
#include <vector>

#include "common/error.h"
#include "common/tx.h"
#include "search/search_store.h"
#include "ticket/ticket_observer.h"

namespace techdesk::search {

// Title: number and subject; body: description, public articles and the names of files that came by
// mail; internal: internal notes.
IndexedDoc ticket_document(const ticket::Ticket& t, const std::vector<ticket::Article>& articles,
                           const std::vector<std::string>& file_names = {});

// Rebuilds one ticket's document (removes it when the ticket is gone).
void index_ticket(SearchTx& tx, Id ticket_id);

class SearchIndexer final : public ticket::TicketObserver {
 public:
  Result<void> on_created(ticket::TicketTx& tx, const identity::Principal& actor, ticket::Ticket& t,
                          Timestamp at) override;
  Result<void> on_updated(ticket::TicketTx& tx, const identity::Principal& actor,
                          const ticket::Ticket& before, const ticket::Ticket& after, Timestamp at) override;
  Result<void> on_article(ticket::TicketTx& tx, const ticket::Ticket& t, const ticket::Article& a,
                          const identity::Principal& author, Timestamp at) override;
};

// Rebuilds the documents of every ticket, `batch` tickets per transaction, then merges the index
// (SQLite: FTS5 'optimize'); progress(done, total).
Result<std::int64_t> reindex_tickets(TxRunner<SearchTx>& store, int batch,
                                     const std::function<void(std::int64_t, std::int64_t)>& progress);

}  // namespace techdesk::search
