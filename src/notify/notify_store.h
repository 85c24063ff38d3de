// What notifications need from storage; implemented by each backend.
#pragma once

#include <optional>
#include <vector>

#include "live/change.h"
#include "notify/types.h"

namespace techdesk::notify {

class NotifyRepo {
 public:
  virtual ~NotifyRepo() = default;
  virtual Id insert_notification(const Notification& n) = 0;
  // The user's notifications, newest first, with id < before (when given).
  virtual std::vector<Notification> list_notifications(Id user, bool unread_only, std::optional<Id> before,
                                                       int limit) = 0;
  virtual int count_unread(Id user) = 0;
  // False when the notification is not the user's (or does not exist).
  virtual bool mark_read(Id user, Id id, Timestamp at) = 0;
  virtual int mark_all_read(Id user, Timestamp at) = 0;
};

class NotifyTx {
 public:
  virtual ~NotifyTx() = default;
  virtual NotifyRepo& notifications() = 0;
  virtual live::Publisher& changes() = 0;
};

}  // namespace techdesk::notify
