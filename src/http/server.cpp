#include "http/server.h"

#include <spdlog/spdlog.h>

#include <atomic>
#include <boost/asio/dispatch.hpp>
#include <boost/asio/ip/tcp.hpp>
#include <boost/asio/post.hpp>
#include <boost/asio/signal_set.hpp>
#include <boost/asio/steady_timer.hpp>
#include <boost/asio/strand.hpp>
#include <boost/asio/write.hpp>
#include <boost/beast/core.hpp>
#include <boost/beast/http.hpp>
#include <thread>
#include <vector>

#include "http/api.h"
#include "http/error_map.h"
#include "http/event_stream.h"
#include "http/work_pool.h"

namespace techdesk::http {

namespace net = boost::asio;
namespace beast = boost::beast;
namespace bhttp = boost::beast::http;
using tcp = net::ip::tcp;

namespace {

constexpr auto k_read_timeout = std::chrono::seconds(30);
constexpr auto k_drain_timeout = std::chrono::seconds(10);
// Live-update streams: a comment every 15 s keeps proxies from timing out and finds dead clients; a
// stream ends after 10 minutes and the client reconnects (authenticating again).
constexpr auto k_stream_heartbeat = std::chrono::seconds(15);
constexpr int k_stream_heartbeats = 40;
constexpr auto k_stream_write_timeout = std::chrono::seconds(30);

// Shared by the server and its sessions, for a graceful stop.
struct Lifecycle {
  std::atomic<int> in_flight{0};      // requests read and not yet answered
  std::atomic<bool> draining{false};  // stop: finish what is in flight, take nothing new
};
constexpr std::size_t k_header_limit = 16 * 1024;
constexpr std::size_t k_max_drain = 16 * 1024 * 1024;
// An upload is refused by the service beyond 10 MiB; the transport reads a little more to say so itself.
constexpr std::size_t k_upload_limit = 10 * 1024 * 1024 + 1;

// POST /api/v1/kb/articles/{id}/attachments[?…] and POST /api/v1/uploads[?…]
bool is_upload_target(beast::string_view target) {
  std::string_view t(target.data(), target.size());
  constexpr std::string_view uploads = "/api/v1/uploads";
  if (t.substr(0, uploads.size()) == uploads && (t.size() == uploads.size() || t[uploads.size()] == '?'))
    return true;
  constexpr std::string_view prefix = "/api/v1/kb/articles/";
  if (t.substr(0, prefix.size()) != prefix) return false;
  auto q = t.find('?');
  std::string_view path = t.substr(0, q);
  constexpr std::string_view suffix = "/attachments";
  return path.size() > prefix.size() + suffix.size() && path.substr(path.size() - suffix.size()) == suffix;
}

class Session : public std::enable_shared_from_this<Session> {
 public:
  Session(tcp::socket&& socket, Api& api, WorkPool& pool, std::size_t body_limit, Lifecycle& life)
      : m_stream(std::move(socket)), m_api(api), m_pool(pool), m_body_limit(body_limit), m_life(life) {}

  ~Session() {
    if (m_sse) m_sse->release();
  }

  void start() {
    net::dispatch(m_stream.get_executor(),
                  beast::bind_front_handler(&Session::read_header, shared_from_this()));
  }

 private:
  void read_header() {
    m_parser.emplace();
    // Beast checks Content-Length against the limit while it reads the header, before on_header can tell
    // an upload from other requests: read the header with the upload limit, then narrow it there.
    m_parser->body_limit(std::max(m_body_limit, k_upload_limit));
    m_parser->header_limit(k_header_limit);
    m_stream.expires_after(k_read_timeout);
    bhttp::async_read_header(m_stream, m_buffer, *m_parser,
                             beast::bind_front_handler(&Session::on_header, shared_from_this()));
  }

  void on_header(beast::error_code ec, std::size_t) {
    if (ec) return on_read_error(ec);
    const auto& h = m_parser->get();
    // File uploads (a knowledge article's attachments) may be larger; the service checks the exact bound.
    std::size_t limit = m_body_limit;
    if (h.method() == bhttp::verb::post && is_upload_target(h.target()))
      limit = std::max(limit, k_upload_limit);
    m_parser->body_limit(limit);
    auto cl = m_parser->content_length();
    if (cl && *cl > limit)
      return reject(Error{
          Errc::payload_too_large,
          limit > m_body_limit ? "the file is larger than 10 MiB" : "the request body is larger than 1 MiB",
          {}});
    if (beast::iequals(h[bhttp::field::expect], "100-continue")) {
      static const std::string k_continue = "HTTP/1.1 100 Continue\r\n\r\n";
      net::async_write(m_stream, net::buffer(k_continue),
                       [self = shared_from_this()](beast::error_code wec, std::size_t) {
                         if (wec) return self->close();
                         self->read_body();
                       });
      return;
    }
    read_body();
  }

  void read_body() {
    bhttp::async_read(m_stream, m_buffer, *m_parser,
                      beast::bind_front_handler(&Session::on_read, shared_from_this()));
  }

  void on_read_error(beast::error_code ec) {
    if (ec == bhttp::error::body_limit)
      return reject(Error{Errc::payload_too_large,
                          m_parser && is_upload_target(m_parser->get().target())
                              ? "the file is larger than 10 MiB"
                              : "the request body is larger than 1 MiB",
                          {}});
    if (ec == bhttp::error::header_limit)
      return reject(Error{Errc::bad_request, "the request headers are too large", {}});
    if (ec.category() == bhttp::make_error_code(bhttp::error::bad_target).category() &&
        ec != bhttp::error::end_of_stream && ec != bhttp::error::partial_message)
      return reject(Error{Errc::bad_request, "malformed HTTP request", {}});
    close();
  }

  void on_read(beast::error_code ec, std::size_t) {
    if (ec) return on_read_error(ec);
    auto msg = m_parser->release();
    m_keep_alive = msg.keep_alive() && !m_life.draining.load();
    m_life.in_flight.fetch_add(1);
    m_counted = true;
    m_head = msg.method() == bhttp::verb::head;

    auto req = std::make_shared<Request>();
    req->method = parse_method(std::string_view(msg.method_string()));
    req->target = std::string(msg.target());
    if (!parse_target(req->target, req->path, req->query)) {
      return reject(Error{Errc::bad_request, "malformed request target", {}});
    }
    req->content_type = std::string(msg[bhttp::field::content_type]);
    req->authorization = std::string(msg[bhttp::field::authorization]);
    req->cookie = std::string(msg[bhttp::field::cookie]);
    req->csrf_token = std::string(msg["X-CSRF-Token"]);
    req->idempotency_key = std::string(msg["Idempotency-Key"]);
    beast::error_code rec;
    auto ep = m_stream.socket().remote_endpoint(rec);
    if (!rec) req->remote_addr = ep.address().to_string();
    req->body = std::move(msg.body());

    if (!m_api.may_block(*req)) {
      send(m_api.handle(*req));
      return;
    }
    m_pool.post([self = shared_from_this(), req] {
      Response resp = self->m_api.handle(*req);
      net::post(self->m_stream.get_executor(),
                [self, resp = std::move(resp)]() mutable { self->send(std::move(resp)); });
    });
  }

  // Answers an unreadable request and closes, draining what the client still sends so that it sees
  // the answer instead of a reset connection.
  void reject(const Error& e) {
    Response r = error_response(e);
    m_keep_alive = false;
    m_drain_after_write = true;
    send(std::move(r));
  }

  void send(Response r) {
    if (r.stream && !m_head) return start_stream(std::move(r));
    auto res = std::make_shared<bhttp::response<bhttp::string_body>>();
    res->version(11);
    res->result(static_cast<unsigned>(r.status));
    if (!r.content_type.empty()) res->set(bhttp::field::content_type, r.content_type);
    res->set("X-Content-Type-Options", "nosniff");
    res->set("Referrer-Policy", "same-origin");
    for (auto& [k, v] : r.headers)
      res->insert(k, v);
    res->keep_alive(m_keep_alive);
    if (m_head) {
      res->content_length(r.body.size());
    } else {
      res->body() = std::move(r.body);
      res->prepare_payload();
    }
    m_response = res;
    bhttp::async_write(m_stream, *res, beast::bind_front_handler(&Session::on_write, shared_from_this()));
  }

  void on_write(beast::error_code ec, std::size_t) {
    m_response.reset();
    if (m_counted) {
      m_counted = false;
      m_life.in_flight.fetch_sub(1);
    }
    if (m_life.draining.load()) m_keep_alive = false;
    if (ec) return close();
    if (m_drain_after_write) return drain();
    if (!m_keep_alive) return close();
    read_header();
  }

  // ---- Server-Sent Events: the headers, then whatever the stream is given, until either side ends it.
  void start_stream(Response r) {
    m_sse = std::move(r.stream);
    // A stream lasts as long as the client stays; it does not hold up a graceful stop.
    if (m_counted) {
      m_counted = false;
      m_life.in_flight.fetch_sub(1);
    }
    std::string head =
        "HTTP/1.1 200 OK\r\nContent-Type: " + r.content_type +
        "\r\nCache-Control: no-store\r\nX-Accel-Buffering: no\r\nX-Content-Type-Options: nosniff\r\n"
        "Connection: close\r\n";
    for (auto& [k, v] : r.headers)
      head += k + ": " + v + "\r\n";
    m_sse_out = head + "\r\n" + m_sse->take();
    std::weak_ptr<Session> weak = shared_from_this();
    m_sse->set_waker([weak] {
      if (auto self = weak.lock()) net::post(self->m_stream.get_executor(), [self] { self->pump_stream(); });
    });
    m_sse_timer = std::make_unique<net::steady_timer>(m_stream.get_executor());
    heartbeat();
    watch_for_close();
    write_stream();
  }

  void pump_stream() {
    if (m_sse_writing || m_sse_ended) return;
    m_sse_out += m_sse->take();
    if (m_sse_out.empty()) {
      if (m_sse->closed() || m_life.draining.load()) end_stream();
      return;
    }
    write_stream();
  }

  void write_stream() {
    m_sse_writing = true;
    m_stream.expires_after(k_stream_write_timeout);
    net::async_write(m_stream, net::buffer(m_sse_out),
                     [self = shared_from_this()](beast::error_code ec, std::size_t) {
                       self->m_sse_writing = false;
                       self->m_sse_out.clear();
                       self->m_stream.expires_never();
                       if (ec) return self->end_stream();
                       self->pump_stream();
                     });
  }

  void heartbeat() {
    m_sse_timer->expires_after(k_stream_heartbeat);
    m_sse_timer->async_wait([self = shared_from_this()](beast::error_code ec) {
      if (ec || self->m_sse_ended) return;
      if (++self->m_sse_beats >= k_stream_heartbeats || self->m_life.draining.load()) {
        self->m_sse->close();
        return;
      }
      self->m_sse->push(": keep-alive\n\n");
      self->heartbeat();
    });
  }

  // A client sends nothing after its request; a read that completes means it left (or misbehaves).
  void watch_for_close() {
    m_drain_buf.resize(512);
    m_stream.socket().async_read_some(
        net::buffer(m_drain_buf),
        [self = shared_from_this()](beast::error_code, std::size_t) { self->end_stream(); });
  }

  void end_stream() {
    if (m_sse_ended) return;
    m_sse_ended = true;
    m_sse->close();
    m_sse->release();
    if (m_sse_timer) m_sse_timer->cancel();
    close();
  }

  void drain() {
    beast::error_code ec;
    m_stream.socket().shutdown(tcp::socket::shutdown_send, ec);
    m_stream.expires_after(std::chrono::seconds(5));
    m_drain_buf.resize(64 * 1024);
    read_some_drain();
  }

  void read_some_drain() {
    m_stream.async_read_some(net::buffer(m_drain_buf),
                             [self = shared_from_this()](beast::error_code ec, std::size_t n) {
                               self->m_drained += n;
                               if (ec || self->m_drained > k_max_drain) return self->close();
                               self->read_some_drain();
                             });
  }

  void close() {
    if (m_counted) {
      m_counted = false;
      m_life.in_flight.fetch_sub(1);
    }
    beast::error_code ec;
    m_stream.socket().shutdown(tcp::socket::shutdown_both, ec);
    m_stream.close();
  }

  beast::tcp_stream m_stream;
  beast::flat_buffer m_buffer;
  std::optional<bhttp::request_parser<bhttp::string_body>> m_parser;
  std::shared_ptr<bhttp::response<bhttp::string_body>> m_response;
  Api& m_api;
  WorkPool& m_pool;
  std::size_t m_body_limit;
  Lifecycle& m_life;
  bool m_counted = false;  // this session's request is counted in m_life.in_flight
  bool m_keep_alive = true;
  bool m_head = false;
  bool m_drain_after_write = false;
  std::vector<char> m_drain_buf;
  std::size_t m_drained = 0;
  std::shared_ptr<EventStream> m_sse;  // set once the session has become a live-update stream
  std::string m_sse_out;
  std::unique_ptr<net::steady_timer> m_sse_timer;
  bool m_sse_writing = false;
  bool m_sse_ended = false;
  int m_sse_beats = 0;
};

}  // namespace

struct Server::Impl {
  Impl(Api& api, WorkPool& pool, ServerOptions options)
      : api(api),
        pool(pool),
        options(options),
        ioc(static_cast<int>(threads())),
        acceptor(net::make_strand(ioc)),
        signals(ioc, SIGINT, SIGTERM) {
    tcp::endpoint ep{net::ip::make_address(options.host), options.port};
    acceptor.open(ep.protocol());
    acceptor.set_option(net::socket_base::reuse_address(true));
    acceptor.bind(ep);
    acceptor.listen(net::socket_base::max_listen_connections);
  }

  unsigned threads() const {
    unsigned n = options.io_threads ? options.io_threads : std::thread::hardware_concurrency();
    return n ? n : 1;
  }

  void accept() {
    acceptor.async_accept(net::make_strand(ioc), [this](beast::error_code ec, tcp::socket socket) {
      if (!ec) {
        socket.set_option(tcp::no_delay(true), ec);
        if (life.draining.load()) return;
        std::make_shared<Session>(std::move(socket), api, pool, options.body_limit, life)->start();
      }
      if (acceptor.is_open()) accept();
    });
  }

  Api& api;
  WorkPool& pool;
  ServerOptions options;
  net::io_context ioc;
  tcp::acceptor acceptor;
  net::signal_set signals;
  Lifecycle life;
  std::unique_ptr<net::steady_timer> drain_timer;
  std::chrono::steady_clock::time_point drain_deadline;

  // Polls until nothing is in flight or the deadline passes, then stops the I/O threads. Idle
  // keep-alive connections are simply closed with them.
  void wait_for_drain() {
    drain_timer->expires_after(std::chrono::milliseconds(20));
    drain_timer->async_wait([this](beast::error_code) {
      if (life.in_flight.load() == 0 || std::chrono::steady_clock::now() >= drain_deadline) {
        if (life.in_flight.load() != 0)
          spdlog::warn("stopping with {} requests still in flight", life.in_flight.load());
        ioc.stop();
        return;
      }
      wait_for_drain();
    });
  }
};

Server::Server(Api& api, WorkPool& pool, ServerOptions options)
    : m_impl(std::make_unique<Impl>(api, pool, options)) {}

Server::~Server() = default;

std::uint16_t Server::port() const {
  return m_impl->acceptor.local_endpoint().port();
}

void Server::run() {
  m_impl->signals.async_wait([this](beast::error_code, int sig) {
    spdlog::info("signal {}: stopping", sig);
    stop();
  });
  m_impl->accept();
  std::vector<std::thread> threads;
  for (unsigned i = 1; i < m_impl->threads(); ++i)
    threads.emplace_back([this] { m_impl->ioc.run(); });
  m_impl->ioc.run();
  for (auto& t : threads)
    t.join();
}

void Server::stop() {
  net::post(m_impl->ioc, [this] {
    if (m_impl->life.draining.exchange(true)) return;
    beast::error_code ec;
    m_impl->acceptor.close(ec);
    m_impl->drain_deadline = std::chrono::steady_clock::now() + k_drain_timeout;
    m_impl->drain_timer = std::make_unique<net::steady_timer>(m_impl->ioc);
    m_impl->wait_for_drain();
  });
}

}  // namespace techdesk::http
