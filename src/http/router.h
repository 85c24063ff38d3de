// The explicit route table: method, path pattern ("/api/v1/tickets/{id}"), who may call it, and the
// handler. Each capability adds its routes in its own routes_*.cpp.
#pragma once

#include <functional>
#include <memory>
#include <string>
#include <vector>

#include "common/clock.h"
#include "common/idempotency.h"
#include "common/metrics.h"
#include "http/request.h"

namespace techdesk::identity {
class AuthService;
class IdentityService;
}  // namespace techdesk::identity
namespace techdesk::ticket {
class TicketService;
class CategoryService;
}  // namespace techdesk::ticket
namespace techdesk::jobs {
class JobService;
}  // namespace techdesk::jobs
namespace techdesk::sla {
class SlaService;
}  // namespace techdesk::sla
namespace techdesk::notify {
class NotificationService;
}  // namespace techdesk::notify
namespace techdesk::dispatch {
class DispatchService;
}  // namespace techdesk::dispatch
namespace techdesk::kb {
class KbService;
}  // namespace techdesk::kb
namespace techdesk::search {
class SearchService;
}  // namespace techdesk::search
namespace techdesk::email {
class MailService;
}  // namespace techdesk::email
namespace techdesk::feedback {
class FeedbackService;
}  // namespace techdesk::feedback
namespace techdesk::report {
class ReportService;
class ReviewService;
class ScheduleService;
}  // namespace techdesk::report

namespace techdesk::http {

class LiveHub;

// What handlers reach: the services (owned by app/), metrics and static documents.
struct Services {
  identity::AuthService& auth;
  identity::IdentityService& identity;
  ticket::TicketService& tickets;
  ticket::CategoryService& categories;
  jobs::JobService& jobs;
  MetricsRegistry& metrics;
  std::string openapi_yaml;
  bool secure_cookies = false;  // add the Secure attribute (behind TLS)
  bool reads_block = false;     // reads wait on the network (PostgreSQL): run them on the work pool too
  // Where Idempotency-Key records live (the store); null disables the header.
  idempotency::IdempotencyStore* idempotency = nullptr;
  // /healthz answers 200 only while this succeeds (a round trip to the database).
  std::function<Result<void>()> health_check = [] { return ok(); };
  // This node's live clients (GET /api/v1/stream); null disables live updates.
  LiveHub* live = nullptr;
  sla::SlaService* sla = nullptr;
  notify::NotificationService* notifications = nullptr;
  dispatch::DispatchService* dispatch = nullptr;
  kb::KbService* kb = nullptr;
  search::SearchService* search = nullptr;
  email::MailService* mail = nullptr;
  feedback::FeedbackService* feedback = nullptr;
  report::ReportService* reports = nullptr;
  report::ReviewService* reviews = nullptr;
  report::ScheduleService* schedules = nullptr;
  // Set only under `serve --test-clock`: the clock tests may move (POST /api/v1/test/clock).
  OffsetClock* test_clock = nullptr;
  const Clock* clock = nullptr;  // the server's clock (the test clock under --test-clock)
};

enum class Access { public_, authenticated };

// A handler parses, calls one service method and serialises. Errors go through error_map.
using Handler = std::function<Result<Response>(Services&, Request&)>;

struct Route {
  Method method;
  std::string pattern;
  Access access;
  Handler handler;
  bool raw_body = false;  // the body is a file of any type (uploads), not JSON
  // Filled by the router:
  std::vector<std::string> segments;
  Counter* count_2xx = nullptr;
  Counter* count_4xx = nullptr;
  Counter* count_5xx = nullptr;
  Histogram* latency = nullptr;
};

class Router {
 public:
  void add(Method method, std::string pattern, Access access, Handler handler);
  // A route whose body is a file of any Content-Type.
  void add_upload(Method method, std::string pattern, Access access, Handler handler);

  struct Match {
    const Route* route = nullptr;  // null: no route
    bool path_known = false;       // the path matched some route under another method (405)
  };
  // Fills req.params from the placeholders of the matched pattern.
  Match match(Method method, const std::string& path, std::vector<std::string>& params) const;

  // Registers per-route request counters and latency histograms.
  void register_metrics(MetricsRegistry& metrics);
  const std::vector<std::unique_ptr<Route>>& routes() const { return m_routes; }

 private:
  std::vector<std::unique_ptr<Route>> m_routes;
};

// Every route of the API, in the order they are documented.
void add_system_routes(Router& r);
void add_auth_routes(Router& r);
void add_identity_routes(Router& r);
void add_ticket_routes(Router& r);
void add_job_routes(Router& r);
void add_live_routes(Router& r);
void add_sla_routes(Router& r);
void add_notify_routes(Router& r);
void add_dispatch_routes(Router& r);
void add_kb_routes(Router& r);
void add_email_routes(Router& r);
void add_feedback_routes(Router& r);
void add_report_routes(Router& r);
void add_report_schedule_routes(Router& r);
void add_review_routes(Router& r);
Router make_api_router();

}  // namespace techdesk::http
