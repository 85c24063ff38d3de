// The ticket service with every capability that observes it, wired in the one order that is right:
// automation rules shape the new ticket (team, priority), the team's strategy assigns it, the SLA clock
// starts on the ticket as they left it, the email channel tells the requester, closing the loop (timers,
// surveys, callbacks) follows the state, and the search index
// (last) holds what the others made of it. Used by `serve` and by commands that change tickets
// (`mail ingest`). Owns the services; the store, clock and secrets must outlive it.
#pragma once

#include <memory>
#include <string>

#include "channel/email/mail_service.h"
#include "common/clock.h"
#include "dispatch/automation.h"
#include "dispatch/dispatcher.h"
#include "feedback/feedback_service.h"
#include "identity/identity_service.h"
#include "identity/secret_box.h"
#include "report/facts_observer.h"
#include "search/indexer.h"
#include "sla/sla_engine.h"
#include "storage/store.h"
#include "ticket/ticket_service.h"

namespace techdesk::app {

struct TicketCore {
  TicketCore(storage::Store& store, const Clock& clock, const std::string& zone,
             const identity::SecretBox& secrets, email::MailServiceOptions mail_options);

  ticket::TicketService tickets;
  dispatch::AutomationEngine automation;
  dispatch::Dispatcher dispatcher;
  sla::SlaEngine sla_engine;
  email::MailService mail;
  identity::IdentityService identity;  // self-registration (feedback); no principal cache needed
  feedback::FeedbackService feedback;
  report::FactsObserver facts;
  search::SearchIndexer search_indexer;
};

// Where the server's secret lives: `configured` when given, else TECHDESK_SECRET_FILE, else beside an
// SQLite database ("<file>.secret"), else "techdesk.secret" in the working directory.
std::string secret_file_for(const std::string& configured, const std::string& db_url);

}  // namespace techdesk::app
