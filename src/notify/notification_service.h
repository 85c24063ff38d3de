// A user's own notifications: list (newest first, optionally unread only), count unread, mark read.
// Nobody sees or marks another user's notifications: such an id is "not found".
#pragma once

#include "common/clock.h"
#include "common/tx.h"
#include "identity/types.h"
#include "notify/notify_store.h"

namespace techdesk::notify {

struct NotificationPage {
  std::vector<Notification> items;
  std::optional<Id> next_before;  // pass as `before` for the next page
  int unread = 0;
};

class NotificationService {
 public:
  NotificationService(TxRunner<NotifyTx>& store, const Clock& clock) : m_store(store), m_clock(clock) {}

  Result<NotificationPage> list(const identity::Principal& actor, bool unread_only, std::optional<Id> before,
                                int limit);
  Result<void> mark_read(const identity::Principal& actor, Id id);
  Result<int> mark_all_read(const identity::Principal& actor);

 private:
  TxRunner<NotifyTx>& m_store;
  const Clock& m_clock;
};

}  // namespace techdesk::notify
