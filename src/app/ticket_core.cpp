#include "app/ticket_core.h"

#include <cstdlib>

#include "storage/db_url.h"

namespace techdesk::app {

TicketCore::TicketCore(storage::Store& store, const Clock& clock, const std::string& zone,
                       const identity::SecretBox& secrets, email::MailServiceOptions mail_options)
    : tickets(store.tickets(), clock, {zone}),
      automation(store.dispatch(), clock),
      dispatcher(store.dispatch(), clock),
      sla_engine(store.sla(), clock, zone),
      mail(store.mail(), tickets, clock, secrets, std::move(mail_options)),
      identity(store.identity(), clock),
      feedback(store.feedback(), tickets, mail, identity, clock, secrets.signing_key()) {
  tickets.add_observer(&automation);
  tickets.add_observer(&dispatcher);
  tickets.add_observer(&sla_engine);
  tickets.add_observer(&mail);
  tickets.add_observer(&feedback);
  tickets.add_observer(&facts);
  tickets.add_observer(&search_indexer);
  automation.set_ticket_service(&tickets);
  dispatcher.set_ticket_service(&tickets);
  sla_engine.set_ticket_service(&tickets);
}

std::string secret_file_for(const std::string& configured, const std::string& db_url) {
  if (!configured.empty()) return configured;
  if (const char* env = std::getenv("TECHDESK_SECRET_FILE"); env && *env) return env;
  auto parsed = storage::parse_db_url(db_url);
  if (parsed && parsed->kind == storage::DbUrl::Kind::sqlite && !parsed->target.empty() &&
      parsed->target.find(":memory:") == std::string::npos)
    return parsed->target + ".secret";
  return "techdesk.secret";
}

}  // namespace techdesk::app
