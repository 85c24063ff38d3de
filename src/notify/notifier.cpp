#include "notify/notifier.h"

#include <boost/json.hpp>

namespace techdesk::notify {

Id notify(NotifyTx& tx, Notification n) {
  n.id = tx.notifications().insert_notification(n);
  boost::json::object o{{"user_id", n.user_id}, {"id", n.id}, {"kind", n.kind}};
  if (n.ticket_id) o["ticket_id"] = *n.ticket_id;
  tx.changes().publish({k_notification_topic, boost::json::serialize(o)});
  return n.id;
}

std::optional<Id> recipient_of(const live::Change& c) {
  if (c.topic != k_notification_topic) return std::nullopt;
  boost::system::error_code ec;
  auto v = boost::json::parse(c.data, ec);
  if (ec || !v.is_object()) return std::nullopt;
  auto it = v.get_object().find("user_id");
  if (it == v.get_object().end() || !it->value().is_int64()) return std::nullopt;
  return it->value().get_int64();
}

}  // namespace techdesk::notify
