// An in-app notification: who it is for, what happened (a kind with structured data the UI words in
// the user's language), which ticket, and when it was read.
#pragma once

#include <optional>
#include <string>

#include "common/clock.h"
#include "common/id.h"

namespace techdesk::notify {

struct Notification {
  Id id = 0;
  Id user_id = 0;
  std::string kind;  // "sla.warning", "sla.breached", "sla.second_level", …
  std::optional<Id> ticket_id;
  std::string title;  // a ready-made line in Chinese and English, for clients that do not word `kind`
  std::string data;   // a JSON object with the particulars (ticket number, clock, due time, …)
  Timestamp created_at{};
  std::optional<Timestamp> read_at;
};

}  // namespace techdesk::notify
