#include "http/router.h"

namespace techdesk::http {

namespace {
std::vector<std::string> split_path(const std::string& path) {
  std::vector<std::string> out;
  std::size_t start = 1;
  while (start <= path.size()) {
    auto slash = path.find('/', start);
    if (slash == std::string::npos) slash = path.size();
    out.push_back(path.substr(start, slash - start));
    start = slash + 1;
  }
  return out;
}

bool is_placeholder(const std::string& s) {
  return s.size() > 2 && s.front() == '{' && s.back() == '}';
}
}  // namespace

void Router::add(Method method, std::string pattern, Access access, Handler handler) {
  auto r = std::make_unique<Route>();
  r->method = method;
  r->segments = split_path(pattern);
  r->pattern = std::move(pattern);
  r->access = access;
  r->handler = std::move(handler);
  m_routes.push_back(std::move(r));
}

void Router::add_upload(Method method, std::string pattern, Access access, Handler handler) {
  add(method, std::move(pattern), access, std::move(handler));
  m_routes.back()->raw_body = true;
}

Router::Match Router::match(Method method, const std::string& path, std::vector<std::string>& params) const {
  Match m;
  if (path.empty() || path.front() != '/') return m;
  auto segs = split_path(path);
  if (method == Method::head) method = Method::get;
  for (const auto& r : m_routes) {
    if (r->segments.size() != segs.size()) continue;
    bool ok = true;
    for (std::size_t i = 0; i < segs.size() && ok; ++i)
      ok = is_placeholder(r->segments[i]) ? !segs[i].empty() : r->segments[i] == segs[i];
    if (!ok) continue;
    if (r->method != method) {
      m.path_known = true;
      continue;
    }
    params.clear();
    for (std::size_t i = 0; i < segs.size(); ++i)
      if (is_placeholder(r->segments[i])) params.push_back(segs[i]);
    m.route = r.get();
    return m;
  }
  return m;
}

void Router::register_metrics(MetricsRegistry& metrics) {
  for (auto& r : m_routes) {
    std::string labels = "method=\"" + std::string(method_name(r->method)) + "\",route=\"" +
                         prometheus_escape(r->pattern) + "\"";
    const char* name = "techdesk_http_requests_total";
    const char* help = "HTTP requests answered, by route and status class";
    r->count_2xx = &metrics.counter(name, help, labels + ",code=\"2xx\"");
    r->count_4xx = &metrics.counter(name, help, labels + ",code=\"4xx\"");
    r->count_5xx = &metrics.counter(name, help, labels + ",code=\"5xx\"");
    r->latency = &metrics.histogram("techdesk_http_request_duration_seconds",
                                    "Time to handle a request, by route", labels);
  }
}

Router make_api_router() {
  Router r;
  add_system_routes(r);
  add_auth_routes(r);
  add_identity_routes(r);
  add_ticket_routes(r);
  add_job_routes(r);
  add_live_routes(r);
  add_sla_routes(r);
  add_notify_routes(r);
  add_dispatch_routes(r);
  add_kb_routes(r);
  add_email_routes(r);
  add_feedback_routes(r);
  add_report_routes(r);
  add_report_schedule_routes(r);
  add_review_routes(r);
  return r;
}

}  // namespace techdesk::http
