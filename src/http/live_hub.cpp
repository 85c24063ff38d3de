#include "http/live_hub.h"

#include <boost/json.hpp>

#include "notify/notifier.h"
#include "ticket/ticket_change.h"

namespace techdesk::http {

LiveHub::LiveHub(live::ChangeBus& bus, MetricsRegistry& metrics)
    : m_open(metrics.gauge("techdesk_live_streams", "Open live-update streams (SSE) on this node")),
      m_sent(metrics.counter("techdesk_live_events_sent_total", "Live-update events pushed to streams")),
      m_dropped(metrics.counter("techdesk_live_streams_dropped_total",
                                "Streams closed because their client fell too far behind")),
      m_subscription(bus.subscribe([this](const live::Change& c) { on_change(c); })) {}

LiveHub::~LiveHub() {
  m_subscription.reset();
}

std::shared_ptr<EventStream> LiveHub::open(const identity::Principal& p) {
  auto stream = std::make_shared<EventStream>();
  std::uint64_t id = 0;
  {
    std::lock_guard lock(m_mutex);
    id = m_next++;
    m_entries.emplace(id, Entry{stream, ticket::scope_for(p), ticket::sees_internal(p), p.user_id});
  }
  m_open.add(1);
  // Unregisters when the transport releases the stream.
  stream->hold(std::shared_ptr<void>(nullptr, [this, id](void*) { remove(id); }));
  // Reconnect after 3 s if the connection drops; then say hello so the client knows it is live.
  stream->push("retry: 3000\n\n" + EventStream::message("ready", "{}"));
  return stream;
}

void LiveHub::remove(std::uint64_t id) {
  std::lock_guard lock(m_mutex);
  if (m_entries.erase(id)) m_open.add(-1);
}

std::size_t LiveHub::streams() const {
  std::lock_guard lock(m_mutex);
  return m_entries.size();
}

void LiveHub::on_change(const live::Change& c) {
  std::string message;
  std::optional<ticket::TicketChange> change;
  std::optional<Id> recipient;
  if (c.topic == notify::k_notification_topic) {
    recipient = notify::recipient_of(c);
    if (!recipient) return;
    message = EventStream::message("notification", c.data);
  } else if (c.topic == "resync") {
    message = EventStream::message("resync", "{}");
  } else if (c.topic == ticket::k_ticket_topic) {
    change = ticket::parse_ticket_change(c.data);
    if (!change) return;
    const ticket::Ticket& t = change->facts;
    if (change->what == "presence") {
      boost::json::object o{{"id", t.id},
                            {"number", t.number},
                            {"user_id", change->user_id},
                            {"user_name", change->user_name},
                            {"activity", change->activity}};
      message = EventStream::message("presence", boost::json::serialize(o));
    }
    boost::json::object o{{"id", t.id},
                          {"number", t.number},
                          {"version", t.version},
                          {"state", ticket::name(t.state)},
                          {"what", change->what}};
    if (message.empty()) message = EventStream::message("ticket", boost::json::serialize(o));
  } else {
    return;
  }
  // Requesters never hear that an internal note was added, nor who on the staff is at the ticket; one's
  // own presence is not echoed.
  const bool internal = change && (change->what == "note" || change->what == "presence");
  const Id presence_of = change && change->what == "presence" ? change->user_id : 0;
  std::lock_guard lock(m_mutex);
  for (auto& [id, entry] : m_entries) {
    // Those who could see the ticket before an update hear of it too: it left their sight.
    if (change && !ticket::can_view(entry.scope, change->facts) &&
        !(change->was && ticket::can_view(entry.scope, *change->was)))
      continue;
    if (internal && !entry.sees_internal) continue;
    if (recipient && entry.user_id != *recipient) continue;
    if (presence_of && entry.user_id == presence_of) continue;
    auto stream = entry.stream.lock();
    if (!stream || stream->closed()) continue;
    if (stream->push(message)) {
      m_sent.inc();
    } else {
      m_dropped.inc();
    }
  }
}

}  // namespace techdesk::http
