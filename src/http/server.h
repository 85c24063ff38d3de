// The HTTP/1.1 server (Boost.Beast): accepts connections on I/O threads, reads requests with a body
// limit, a header limit and timeouts, and hands each request to the Api — reads inline, writes on
// the work pool. Keeps connections alive. Everything Beast stays in server.cpp.
#pragma once

#include <cstdint>
#include <memory>
#include <string>

namespace techdesk::http {

class Api;
class WorkPool;

struct ServerOptions {
  std::string host = "127.0.0.1";
  std::uint16_t port = 8080;
  unsigned io_threads = 0;               // 0: one per core
  std::size_t body_limit = 1024 * 1024;  // 1 MiB: larger bodies answer 413
};

class Server {
 public:
  // Binds the listening socket. Throws std::system_error when the address cannot be bound.
  Server(Api& api, WorkPool& pool, ServerOptions options);
  ~Server();

  std::uint16_t port() const;
  // Serves until SIGINT/SIGTERM or stop(); returns after the I/O threads have finished.
  void run();
  // Stops gracefully: accepts no new connection, answers the requests in flight (up to 10 s), closes
  // keep-alive connections after their current response, then ends run(). Thread-safe.
  void stop();

 private:
  struct Impl;
  std::unique_ptr<Impl> m_impl;
};

}  // namespace techdesk::http
