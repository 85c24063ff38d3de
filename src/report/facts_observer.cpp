#include "report/facts_observer.h"

#include "report/facts.h"
#include "report/report_store.h"

namespace techdesk::report {

namespace {

// Stores without reports (none today) simply keep no facts.
ReportRepo* repo_of(ticket::TicketTx& tx) {
  auto* rtx = dynamic_cast<ReportTx*>(&tx);
  return rtx ? &rtx->report() : nullptr;
}

}  // namespace

Result<void> FactsObserver::on_created(ticket::TicketTx& tx, const identity::Principal&, ticket::Ticket& t,
                                       Timestamp) {
  if (auto* repo = repo_of(tx)) repo->insert_facts(facts_of_new(t));
  return ok();
}

Result<void> FactsObserver::on_updated(ticket::TicketTx& tx, const identity::Principal&,
                                       const ticket::Ticket& before, const ticket::Ticket& after,
                                       Timestamp at) {
  auto* repo = repo_of(tx);
  if (!repo) return ok();
  auto f = repo->find_facts(after.id);
  if (!f) {
    repo->insert_facts(facts_of_new(after));
    return ok();
  }
  apply_update(*f, before, after, at);
  repo->save_facts(*f);
  return ok();
}

Result<void> FactsObserver::on_article(ticket::TicketTx& tx, const ticket::Ticket& t,
                                       const ticket::Article& a, const identity::Principal& author,
                                       Timestamp at) {
  auto* repo = repo_of(tx);
  if (!repo) return ok();
  auto f = repo->find_facts(t.id);
  if (!f) {
    repo->insert_facts(facts_of_new(t));
    f = repo->find_facts(t.id);
    if (!f) return ok();
  }
  if (apply_article(*f, a, author, at)) repo->save_facts(*f);
  return ok();
}

}  // namespace techdesk::report
