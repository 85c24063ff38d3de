// Writes a notification inside the caller's transaction and tells the recipient's live streams about
// it once that transaction commits.
#pragma once

#include "notify/notify_store.h"

namespace techdesk::notify {

inline constexpr const char* k_notification_topic = "notification";

Id notify(NotifyTx& tx, Notification n);

// Reads the recipient of a "notification" live change; nullopt for anything else.
std::optional<Id> recipient_of(const live::Change& c);

}  // namespace techdesk::notify
