#include "channel/email/mail_store.h"

namespace techdesk::email {

std::string_view name(OutboxState s) {
  switch (s) {
    case OutboxState::queued:
      return "queued";
    case OutboxState::sending:
      return "sending";
    case OutboxState::sent:
      return "sent";
    case OutboxState::failed:
      return "failed";
  }
  return "queued";
}

std::optional<OutboxState> parse_outbox_state(std::string_view s) {
  for (auto v : {OutboxState::queued, OutboxState::sending, OutboxState::sent, OutboxState::failed})
    if (name(v) == s) return v;
  return std::nullopt;
}

}  // namespace techdesk::email
