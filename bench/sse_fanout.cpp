// Live-update fan-out figures (not a test; `bash bench/sse.sh` runs it against a fresh server).
//
//   sse_fanout --port P --token T [--clients 1000] [--events 100] [--interval-ms 100]
//
// Opens `clients` Server-Sent Events streams (GET /api/v1/events) on one node, then creates `events`
// tickets one after another through the API on another connection. Every stream must hear of every
// ticket; for each delivery it takes the time from the moment the creating request was sent (so the
// figure includes the durable commit) to the moment that stream received the event. Prints median,
// p99 and max per delivery and of "the last of all clients reached", and any delivery that never came.
// Plain sockets and epoll, so that the measuring side costs little next to the server.
#include <arpa/inet.h>
#include <fcntl.h>
#include <netinet/in.h>
#include <netinet/tcp.h>
#include <sys/epoll.h>
#include <sys/resource.h>
#include <sys/socket.h>
#include <unistd.h>

#include <algorithm>
#include <atomic>
#include <chrono>
#include <cstdio>
#include <cstdlib>
#include <cstring>
#include <map>
#include <mutex>
#include <string>
#include <thread>
#include <vector>

namespace {

using Clock = std::chrono::steady_clock;

struct Options {
  int port = 0;
  std::string token;
  int clients = 1000;
  int events = 100;
  int interval_ms = 100;
};

Options parse(int argc, char** argv) {
  Options o;
  for (int i = 1; i + 1 < argc; i += 2) {
    std::string k = argv[i], v = argv[i + 1];
    if (k == "--port")
      o.port = std::atoi(v.c_str());
    else if (k == "--token")
      o.token = v;
    else if (k == "--clients")
      o.clients = std::atoi(v.c_str());
    else if (k == "--events")
      o.events = std::atoi(v.c_str());
    else if (k == "--interval-ms")
      o.interval_ms = std::atoi(v.c_str());
  }
  if (o.port <= 0 || o.token.empty() || o.clients <= 0 || o.events <= 0) {
    std::fprintf(stderr,
                 "usage: sse_fanout --port P --token T [--clients N] [--events N] [--interval-ms N]\n");
    std::exit(2);
  }
  return o;
}

int connect_to(int port, bool blocking) {
  int fd = ::socket(AF_INET, SOCK_STREAM, 0);
  if (fd < 0) {
    std::perror("socket");
    std::exit(1);
  }
  int one = 1;
  ::setsockopt(fd, IPPROTO_TCP, TCP_NODELAY, &one, sizeof one);
  sockaddr_in a{};
  a.sin_family = AF_INET;
  a.sin_port = htons(static_cast<std::uint16_t>(port));
  a.sin_addr.s_addr = htonl(INADDR_LOOPBACK);
  if (::connect(fd, reinterpret_cast<sockaddr*>(&a), sizeof a) != 0) {
    std::perror("connect");
    std::exit(1);
  }
  if (!blocking) ::fcntl(fd, F_SETFL, ::fcntl(fd, F_GETFL) | O_NONBLOCK);
  return fd;
}

void send_all(int fd, const std::string& s) {
  std::size_t off = 0;
  while (off < s.size()) {
    ssize_t n = ::send(fd, s.data() + off, s.size() - off, MSG_NOSIGNAL);
    if (n <= 0) {
      std::perror("send");
      std::exit(1);
    }
    off += static_cast<std::size_t>(n);
  }
}

// The first number after `key` in text, or -1.
long long number_after(const std::string& text, const char* key, std::size_t from = 0) {
  auto at = text.find(key, from);
  if (at == std::string::npos) return -1;
  return std::atoll(text.c_str() + at + std::strlen(key));
}

struct Stream {
  int fd = -1;
  std::string buffer;
  bool open = false;  // the 200 and its headers have been read
};

struct Delivery {
  long long ticket;
  Clock::time_point at;
};

}  // namespace

int main(int argc, char** argv) {
  const Options o = parse(argc, argv);
  rlimit lim{};
  ::getrlimit(RLIMIT_NOFILE, &lim);
  if (lim.rlim_cur < static_cast<rlim_t>(o.clients) + 64) {
    lim.rlim_cur = std::min<rlim_t>(lim.rlim_max, static_cast<rlim_t>(o.clients) + 64);
    ::setrlimit(RLIMIT_NOFILE, &lim);
  }

  // 1. The streams.
  const std::string get = "GET /api/v1/events HTTP/1.1\r\nHost: 127.0.0.1\r\nAuthorization: Bearer " +
                          o.token + "\r\nAccept: text/event-stream\r\n\r\n";
  int ep = ::epoll_create1(0);
  std::vector<Stream> streams(static_cast<std::size_t>(o.clients));
  auto opened_at = Clock::now();
  for (int i = 0; i < o.clients; ++i) {
    auto& s = streams[static_cast<std::size_t>(i)];
    s.fd = connect_to(o.port, false);
    send_all(s.fd, get);
    epoll_event ev{};
    ev.events = EPOLLIN;
    ev.data.u32 = static_cast<std::uint32_t>(i);
    ::epoll_ctl(ep, EPOLL_CTL_ADD, s.fd, &ev);
  }
  std::vector<std::vector<Delivery>> got(static_cast<std::size_t>(o.clients));
  int open_count = 0;
  std::vector<epoll_event> ready(256);
  auto pump = [&](int timeout_ms) {
    int n = ::epoll_wait(ep, ready.data(), static_cast<int>(ready.size()), timeout_ms);
    const auto now = Clock::now();
    char chunk[16384];
    for (int k = 0; k < n; ++k) {
      const auto i = ready[static_cast<std::size_t>(k)].data.u32;
      auto& s = streams[i];
      for (;;) {
        ssize_t r = ::recv(s.fd, chunk, sizeof chunk, 0);
        if (r <= 0) break;
        s.buffer.append(chunk, static_cast<std::size_t>(r));
      }
      if (!s.open) {
        auto end = s.buffer.find("\r\n\r\n");
        if (end == std::string::npos) continue;
        if (s.buffer.compare(0, 12, "HTTP/1.1 200") != 0) {
          std::fprintf(stderr, "stream %u refused: %.60s\n", i, s.buffer.c_str());
          std::exit(1);
        }
        s.open = true;
        ++open_count;
        s.buffer.erase(0, end + 4);
      }
      // Whole lines only; a ticket event's data line starts with {"id":N.
      std::size_t line_start = 0;
      for (std::size_t nl; (nl = s.buffer.find('\n', line_start)) != std::string::npos; line_start = nl + 1) {
        if (s.buffer.compare(line_start, 12, "data: {\"id\":") == 0) {
          long long id = std::atoll(s.buffer.c_str() + line_start + 12);
          got[i].push_back({id, now});
        }
      }
      s.buffer.erase(0, line_start);
    }
  };
  while (open_count < o.clients) {
    pump(100);
    if (Clock::now() - opened_at > std::chrono::seconds(60)) {
      std::fprintf(stderr, "only %d of %d streams opened in 60 s\n", open_count, o.clients);
      return 1;
    }
  }
  std::printf("%d streams open in %.0f ms\n", o.clients,
              std::chrono::duration<double, std::milli>(Clock::now() - opened_at).count());

  // 2. The writer: tickets created one after another on a keep-alive connection.
  std::mutex sent_mutex;
  std::map<long long, Clock::time_point> sent;  // ticket id → when its request went out
  std::vector<double> request_ms;
  std::atomic<bool> writer_done{false};
  std::thread writer([&] {
    int fd = connect_to(o.port, true);
    for (int e = 0; e < o.events; ++e) {
      const std::string body = "{\"subject\":\"扇出测试 " + std::to_string(e) +
                               "\",\"description\":\"实时推送延迟测试\",\"channel\":\"web\"}";
      const std::string req =
          "POST /api/v1/tickets HTTP/1.1\r\nHost: 127.0.0.1\r\nAuthorization: Bearer " + o.token +
          "\r\nContent-Type: application/json\r\nContent-Length: " + std::to_string(body.size()) +
          "\r\n\r\n" + body;
      const auto t0 = Clock::now();
      send_all(fd, req);
      std::string resp;
      char buf[8192];
      for (;;) {
        ssize_t r = ::recv(fd, buf, sizeof buf, 0);
        if (r <= 0) {
          std::fprintf(stderr, "the writer's connection closed\n");
          std::exit(1);
        }
        resp.append(buf, static_cast<std::size_t>(r));
        auto head = resp.find("\r\n\r\n");
        if (head == std::string::npos) continue;
        long long length = number_after(resp, "Content-Length: ");
        if (length < 0) length = number_after(resp, "content-length: ");
        if (length >= 0 && resp.size() >= head + 4 + static_cast<std::size_t>(length)) break;
      }
      request_ms.push_back(std::chrono::duration<double, std::milli>(Clock::now() - t0).count());
      if (resp.compare(0, 12, "HTTP/1.1 201") != 0) {
        std::fprintf(stderr, "create failed: %.200s\n", resp.c_str());
        std::exit(1);
      }
      long long id = number_after(resp, "{\"id\":", resp.find("\r\n\r\n"));
      {
        std::lock_guard lock(sent_mutex);
        sent[id] = t0;
      }
      std::this_thread::sleep_for(std::chrono::milliseconds(o.interval_ms));
    }
    ::close(fd);
    writer_done = true;
  });

  // 3. Read until every stream heard of every ticket, or 10 s after the last one.
  auto expected = static_cast<std::size_t>(o.clients) * static_cast<std::size_t>(o.events);
  auto delivered = [&] {
    std::size_t n = 0;
    for (const auto& g : got)
      n += g.size();
    return n;
  };
  Clock::time_point writer_end{};
  for (;;) {
    pump(50);
    if (writer_done && writer_end == Clock::time_point{}) writer_end = Clock::now();
    if (writer_done && (delivered() >= expected || Clock::now() - writer_end > std::chrono::seconds(10)))
      break;
  }
  writer.join();

  // 4. Figures.
  std::vector<double> per_delivery;
  std::map<long long, double> last_reached;  // ticket → the slowest stream's latency
  std::map<long long, int> reached;
  for (const auto& g : got) {
    std::map<long long, bool> seen;
    for (const auto& d : g) {
      auto it = sent.find(d.ticket);
      if (it == sent.end() || seen[d.ticket]) continue;  // another ticket's event or a repeat
      seen[d.ticket] = true;
      double ms = std::chrono::duration<double, std::milli>(d.at - it->second).count();
      per_delivery.push_back(ms);
      last_reached[d.ticket] = std::max(last_reached[d.ticket], ms);
      ++reached[d.ticket];
    }
  }
  auto report = [](const char* what, std::vector<double> v) {
    if (v.empty()) {
      std::printf("%-52s none\n", what);
      return;
    }
    std::sort(v.begin(), v.end());
    auto q = [&](double p) {
      return v[std::min(v.size() - 1, static_cast<std::size_t>(p * static_cast<double>(v.size())))];
    };
    std::printf("%-52s n=%-7zu median %7.2f ms   p99 %7.2f ms   max %7.2f ms\n", what, v.size(), q(0.5),
                q(0.99), v.back());
  };
  std::vector<double> slowest;
  for (const auto& [id, ms] : last_reached)
    slowest.push_back(ms);
  long missing = 0;
  for (const auto& [id, t] : sent)
    missing += o.clients - reached[id];
  std::printf("%d clients, %d tickets created %d ms apart\n", o.clients, o.events, o.interval_ms);
  report("creating request (sent to 201 received)", request_ms);
  report("event per client (request sent to event received)", per_delivery);
  report("event to the last of all clients", slowest);
  std::printf("deliveries missing: %ld of %zu\n", missing, expected);
  for (auto& s : streams)
    ::close(s.fd);
  return missing == 0 ? 0 : 1;
}
