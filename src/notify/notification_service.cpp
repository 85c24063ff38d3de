#include "notify/notification_service.h"

namespace techdesk::notify {

Result<NotificationPage> NotificationService::list(const identity::Principal& actor, bool unread_only,
                                                   std::optional<Id> before, int limit) {
  if (actor.user_id == 0) return Error::forbidden("only users have notifications");
  return m_store.read([&](NotifyTx& tx) -> Result<NotificationPage> {
    NotificationPage page;
    page.items = tx.notifications().list_notifications(actor.user_id, unread_only, before, limit + 1);
    if (static_cast<int>(page.items.size()) > limit) {
      page.items.resize(static_cast<std::size_t>(limit));
      page.next_before = page.items.back().id;
    }
    page.unread = tx.notifications().count_unread(actor.user_id);
    return page;
  });
}

Result<void> NotificationService::mark_read(const identity::Principal& actor, Id id) {
  const Timestamp now = m_clock.now();
  return m_store.write([&](NotifyTx& tx) -> Result<void> {
    if (!tx.notifications().mark_read(actor.user_id, id, now)) return Error::not_found("notification");
    return ok();
  });
}

Result<int> NotificationService::mark_all_read(const identity::Principal& actor) {
  const Timestamp now = m_clock.now();
  return m_store.write(
      [&](NotifyTx& tx) -> Result<int> { return tx.notifications().mark_all_read(actor.user_id, now); });
}

}  // namespace techdesk::notify
