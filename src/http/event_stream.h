// A Server-Sent Events stream: a handler returns one in Response::stream, the transport writes the
// headers and then whatever is pushed, until either side closes it. No Beast types here.
//
// Thread-safe: push() and close() from any thread (e.g. a ChangeBus listener); the transport calls
// set_waker(), take() and release() from its own strand.
#pragma once

#include <functional>
#include <memory>
#include <mutex>
#include <string>
#include <vector>

namespace techdesk::http {

class EventStream {
 public:
  explicit EventStream(std::size_t max_pending_bytes = 256 * 1024) : m_max_pending(max_pending_bytes) {}

  // Queues text (one or more complete SSE messages). A stream whose reader lags by more than
  // max_pending_bytes is closed instead (the client reconnects and refetches): false then, and after close.
  bool push(std::string text);
  void close();
  bool closed() const;

  // SSE framing: "event: <event>\ndata: <data>\n\n" (data must not contain a newline).
  static std::string message(const std::string& event, const std::string& data);

  // The transport's side. The waker runs (on the pushing thread) whenever data arrives or the stream
  // closes; it must only schedule work.
  void set_waker(std::function<void()> wake);
  std::string take();
  // Keeps `keep` (e.g. the bus subscription feeding the stream) alive until release(), which the
  // transport calls when the connection ends; never from inside a waker or a push.
  void hold(std::shared_ptr<void> keep);
  void release();

 private:
  mutable std::mutex m_mutex;
  std::string m_pending;                      // GUARDED_BY(m_mutex)
  bool m_closed = false;                      // GUARDED_BY(m_mutex)
  std::function<void()> m_wake;               // GUARDED_BY(m_mutex)
  std::vector<std::shared_ptr<void>> m_held;  // GUARDED_BY(m_mutex)
  std::size_t m_max_pending;
};

}  // namespace techdesk::http
