#include "app/app.h"

#include <spdlog/spdlog.h>

#include <algorithm>
#include <atomic>
#include <chrono>
#include <csignal>
#include <filesystem>
#include <fstream>
#include <iostream>
#include <map>

#include <unistd.h>

#include "app/background.h"
#include "app/ticket_core.h"
#include "common/clock.h"
#include "common/metrics.h"
#include "common/progress.h"
#include "common/time.h"
#include "dispatch/dispatch_service.h"
#include "http/api.h"
#include "http/live_hub.h"
#include "http/router.h"
#include "http/server.h"
#include "http/static_files.h"
#include "http/work_pool.h"
#include "identity/auth_service.h"
#include "identity/identity_service.h"
#include "identity/role.h"
#include "jobs/job_service.h"
#include "jobs/worker.h"
#include "kb/kb_service.h"
#include "notify/notification_service.h"
#include "report/report_service.h"
#include "report/review_service.h"
#include "search/indexer.h"
#include "search/search_service.h"
#include "sla/sla_service.h"
#include "storage/db_url.h"
#include "storage/store.h"
#include "ticket/category_service.h"
#include "ticket/ticket_service.h"

namespace techdesk::app {

namespace fs = std::filesystem;

std::unique_ptr<storage::Store> open_and_migrate(const std::string& url, MetricsRegistry* metrics,
                                                 bool verbose, live::ChangeBus* changes) {
  auto store = storage::open_store(url, {metrics, changes});
  if (!store) {
    std::cerr << "techdesk: cannot open database " << storage::redact_db_url(url) << ": "
              << store.error().message << "\n";
    return nullptr;
  }
  auto applied = (*store)->migrate();
  if (!applied) {
    std::cerr << "techdesk: migration failed: " << applied.error().message << "\n";
    return nullptr;
  }
  auto seeded = sla::ensure_defaults((*store)->sla(), SystemClock().now());
  if (!seeded) {
    std::cerr << "techdesk: cannot create the default SLA calendars and policies: " << seeded.error().message
              << "\n";
    return nullptr;
  }
  if (*seeded && verbose) std::cout << "created the default SLA calendars and policies\n";
  // A reindex that was killed left the search index growing without merges (SearchRepo::bulk_load).
  auto merging = (*store)->search().write([](search::SearchTx& tx) -> Result<void> {
    tx.search().bulk_load(false);
    return ok();
  });
  if (!merging) {
    std::cerr << "techdesk: cannot check the search index's settings: " << merging.error().message << "\n";
    return nullptr;
  }
  for (const auto& name : *applied)
    if (verbose) std::cout << "applied migration " << name << "\n";
  return store.release_value();
}

namespace {

std::string find_web_root(const std::string& configured) {
  if (!configured.empty()) return configured;
  std::error_code ec;
  auto exe = fs::read_symlink("/proc/self/exe", ec);
  std::vector<fs::path> candidates;
  if (!ec) {
    candidates.push_back(exe.parent_path() / "../web/dist");
    candidates.push_back(exe.parent_path() / "web");
  }
  candidates.push_back("web/dist");
  for (const auto& c : candidates)
    if (fs::exists(c / "index.html", ec)) return fs::weakly_canonical(c, ec).string();
  return {};
}

bool split_listen(const std::string& listen, std::string& host, std::uint16_t& port) {
  auto colon = listen.rfind(':');
  if (colon == std::string::npos) return false;
  host = listen.substr(0, colon);
  if (host.size() > 2 && host.front() == '[' && host.back() == ']') host = host.substr(1, host.size() - 2);
  try {
    int p = std::stoi(listen.substr(colon + 1));
    if (p < 0 || p > 65535) return false;
    port = static_cast<std::uint16_t>(p);
  } catch (const std::exception&) {
    return false;
  }
  return !host.empty();
}

}  // namespace

int serve(const ServeOptions& options) {
  const auto started = std::chrono::steady_clock::now();
  spdlog::set_pattern("%Y-%m-%dT%H:%M:%S.%e %^%l%$ %v");
  std::string host;
  std::uint16_t port = 0;
  if (!split_listen(options.listen, host, port)) {
    std::cerr << "techdesk: --listen must be HOST:PORT (got " << options.listen << ")\n";
    return 2;
  }
  if (!zone_exists(options.zone)) {
    std::cerr << "techdesk: unknown time zone " << options.zone << "\n";
    return 2;
  }
  if (options.test_clock && !test_clock_allowed()) {
    std::cerr << "techdesk: this is a production build: it refuses --test-clock\n";
    return 2;
  }
  MetricsRegistry metrics;
  live::ChangeBus changes;  // before the store, which delivers to it until it is gone
  auto store = open_and_migrate(options.db_url, &metrics, false, &changes);
  if (!store) return 1;
  http::LiveHub live(changes, metrics);

  SystemClock system_clock;
  OffsetClock test_clock;
  const Clock& clock = options.test_clock ? static_cast<const Clock&>(test_clock) : system_clock;
  if (options.test_clock)
    spdlog::warn("--test-clock: POST /api/v1/test/clock moves this server's time (tests only)");
  identity::PrincipalCache principal_cache;
  identity::AuthService auth(store->identity(), clock, principal_cache);
  identity::IdentityService identity_service(store->identity(), clock, &principal_cache);
  auto secrets = identity::SecretBox::load_or_create(secret_file_for(options.secret_file, options.db_url));
  if (!secrets) {
    std::cerr << "techdesk: " << secrets.error().message << "\n";
    return 1;
  }
  email::MailServiceOptions mail_options;
  mail_options.zone = options.zone;
  mail_options.base_url = options.public_url.empty() ? "http://" + options.listen : options.public_url;
  TicketCore core(*store, clock, options.zone, *secrets, mail_options);
  ticket::TicketService& tickets = core.tickets;
  sla::SlaEngine& sla_engine = core.sla_engine;
  dispatch::AutomationEngine& automation = core.automation;
  dispatch::Dispatcher& dispatcher = core.dispatcher;
  ticket::CategoryService categories(store->tickets());
  jobs::JobService job_service(store->jobs(), clock);
  sla::SlaService sla_service(store->sla(), store->jobs(), sla_engine, clock, options.zone);
  notify::NotificationService notifications(store->notifications(), clock);
  dispatch::DispatchService dispatch_service(store->dispatch(), tickets, dispatcher, automation, clock,
                                             {options.zone});
  // Another node changed a policy or calendar: reload them here too.
  auto sla_config_watch = changes.subscribe([&sla_engine](const live::Change& c) {
    if (c.topic == sla::k_config_topic) sla_engine.invalidate();
  });
  auto dispatch_config_watch = changes.subscribe([&automation, &dispatcher](const live::Change& c) {
    if (c.topic == dispatch::k_config_topic) {
      automation.invalidate();
      dispatcher.invalidate();
    }
  });
  http::Services services{auth,
                          identity_service,
                          tickets,
                          categories,
                          job_service,
                          metrics,
                          openapi_document(),
                          options.secure_cookies,
                          store->backend() != "sqlite"};
  services.health_check = [&store] { return store->ping(); };
  services.idempotency = store.get();
  services.live = &live;
  services.sla = &sla_service;
  services.notifications = &notifications;
  services.dispatch = &dispatch_service;
  kb::KbService kb_service(store->kb(), clock);
  search::SearchService search_service(store->search(), clock);
  services.kb = &kb_service;
  services.search = &search_service;
  services.mail = &core.mail;
  services.feedback = &core.feedback;
  report::ReportService report_service(store->reports(), clock, options.zone);
  report_service.set_mail(&core.mail, mail_options.base_url);
  report::ReviewService review_service(store->reports(), clock, options.zone);
  report::ScheduleService schedule_service(store->reports(), report_service, sla_service, core.feedback,
                                           core.mail, clock);
  services.schedules = &schedule_service;
  services.reports = &report_service;
  services.reviews = &review_service;
  services.clock = &clock;
  if (options.test_clock) services.test_clock = &test_clock;

  std::string web_root = find_web_root(options.web_root);
  auto ui = http::StaticFiles::load(web_root);
  if (ui.size() == 0) spdlog::warn("no web UI found (build it with 'make web'); serving the API only");
  http::Api api(services, http::make_api_router(), std::move(ui));
  // Enough threads to keep every connection busy, few enough not to crowd the I/O threads (measured:
  // 64 threads over 32 PostgreSQL connections on 2 cores put GET p99 at 500 ms; 24 over 16 at 5 ms).
  unsigned work_threads = options.work_threads;
  if (work_threads == 0)
    work_threads = store->max_concurrent_transactions()
                       ? static_cast<unsigned>(store->max_concurrent_transactions()) + 8
                       : 64;
  http::WorkPool pool(work_threads);

  // This node's job worker. Its name says which node holds a lease (host:port:pid).
  char hostname[256] = "node";
  gethostname(hostname, sizeof hostname - 1);
  jobs::Worker worker(store->jobs(), clock,
                      std::string(hostname) + ":" + std::to_string(port) + ":" + std::to_string(getpid()), {},
                      &metrics);
  register_jobs(worker, *store, clock, sla_engine);
  register_dispatch_tickers(worker, automation, dispatcher);
  register_mail_tickers(worker, core.mail);
  register_feedback_tickers(worker, core.feedback);
  register_report_tickers(worker, schedule_service);
  register_weekly_report_ticker(worker, report_service);
  worker.start();
  try {
    http::Server server(api, pool, {host, port, options.io_threads, 1024 * 1024});
    auto ms =
        std::chrono::duration_cast<std::chrono::milliseconds>(std::chrono::steady_clock::now() - started);
    std::cout << "techdesk: listening on http://" << options.listen.substr(0, options.listen.rfind(':'))
              << ":" << server.port() << " (database " << storage::redact_db_url(options.db_url)
              << ", ready in " << ms.count() << " ms)" << std::endl;
    server.run();
    worker.stop();  // hands a running job back at its next checkpoint
  } catch (const std::system_error& e) {
    std::cerr << "techdesk: cannot listen on " << options.listen << ": " << e.what() << "\n";
    return 1;
  }
  spdlog::info("stopped");
  return 0;
}

int migrate(const std::string& db_url) {
  auto store = open_and_migrate(db_url, nullptr, true);
  if (!store) return 1;
  std::cout << "database " << storage::redact_db_url(db_url) << " is up to date\n";
  return 0;
}

int create_org(const std::string& db_url, const std::string& name, const std::string& kind,
               const std::string& domain) {
  auto store = open_and_migrate(db_url, nullptr, false);
  if (!store) return 1;
  SystemClock clock;
  identity::IdentityService svc(store->identity(), clock);
  identity::OrgInput in;
  in.name = name;
  in.kind = identity::parse_org_kind(kind);
  if (!in.kind) {
    std::cerr << "techdesk: --kind must be internal or external\n";
    return 2;
  }
  if (!domain.empty()) in.domain = std::optional<std::string>(domain);
  auto org = svc.create_org(identity::system_principal(), in);
  if (!org) {
    std::cerr << "techdesk: " << org.error().message << "\n";
    return 1;
  }
  std::cout << "created organisation " << org->name << " (id " << org->id << ")\n";
  return 0;
}

int create_user(const std::string& db_url, const std::string& login, const std::string& password,
                const std::string& role, const std::string& org, const std::string& name) {
  auto store = open_and_migrate(db_url, nullptr, false);
  if (!store) return 1;
  SystemClock clock;
  identity::IdentityService svc(store->identity(), clock);
  identity::CreateUser in;
  in.login = login;
  in.password = password;
  in.name = name.empty() ? login : name;
  auto r = identity::parse_role(role);
  if (!r) {
    std::cerr << "techdesk: unknown role " << role << "\n";
    return 2;
  }
  in.role = *r;
  if (!org.empty()) {
    auto o = svc.find_org_by_name(identity::system_principal(), org);
    if (!o) {
      std::cerr << "techdesk: no organisation named " << org << "\n";
      return 1;
    }
    in.organization_id = o->id;
  }
  auto user = svc.create_user(identity::system_principal(), std::move(in));
  if (!user) {
    std::cerr << "techdesk: " << user.error().message << "\n";
    return 1;
  }
  std::cout << "created user " << user->login << " (id " << user->id << ", "
            << identity::role_name(user->role) << ")\n";
  return 0;
}

int sla_recompute(const std::string& db_url, bool open_only, bool quiet) {
  // The time reported is the whole command's, opening the database included.
  const auto started = std::chrono::steady_clock::now();
  auto store = open_and_migrate(db_url, nullptr, false);
  if (!store) return 1;
  SystemClock clock;
  sla::SlaEngine engine(store->sla(), clock);
  auto total = store->sla().read(
      [&](sla::SlaTx& tx) -> Result<std::int64_t> { return tx.sla().estimate_tickets_with_sla(open_only); });
  if (!total) {
    std::cerr << "techdesk: " << total.error().message << "\n";
    return 1;
  }
  // Ctrl-C ends the run after the batch in flight, so that the due-time index is put back (a run
  // killed otherwise leaves that to the next start or the server's scheduler).
  static std::atomic<bool> interrupted{false};
  auto previous_int = std::signal(SIGINT, [](int) { interrupted = true; });
  auto previous_term = std::signal(SIGTERM, [](int) { interrupted = true; });
  std::int64_t done = 0, changed = 0;
  Result<std::int64_t> run = 0;
  {
    ProgressBar bar(open_only ? "open tickets" : "tickets", static_cast<std::size_t>(*total), !quiet);
    sla::RecomputeRun r;
    r.open_only = open_only;
    r.remaining = *total;
    // 5,000 tickets a transaction: a fifth of the commits (each an fsync) of the job's batches, which
    // checkpoint every 1,000; a batch holds the database's writer for about 50 ms.
    r.batch = 5000;
    run = engine.recompute_all(r, [&](const sla::RecomputeBatch& batch) -> Result<void> {
      done += batch.done;
      changed += batch.changed;
      bar.advance(static_cast<std::size_t>(batch.done));
      if (interrupted) return Error{Errc::unavailable, "interrupted", {}};
      return ok();
    });
  }
  std::signal(SIGINT, previous_int);
  std::signal(SIGTERM, previous_term);
  auto ms = std::chrono::duration_cast<std::chrono::milliseconds>(std::chrono::steady_clock::now() - started)
                .count();
  if (!run) {
    std::cerr << "techdesk: " << run.error().message << " after " << done << " tickets\n";
    return interrupted ? 130 : 1;
  }
  std::cout << "recomputed the SLA of " << done << " tickets (" << changed << " records changed) in " << ms
            << " ms\n";
  return 0;
}

int reindex(const std::string& db_url, int batch, bool quiet) {
  auto store = open_and_migrate(db_url, nullptr, false);
  if (!store) return 1;
  SystemClock clock;
  const auto started = std::chrono::steady_clock::now();
  std::int64_t tickets = 0;
  {
    std::optional<ProgressBar> bar;
    std::size_t shown = 0;
    auto done = search::reindex_tickets(store->search(), batch, [&](std::int64_t n, std::int64_t total) {
      if (!bar) bar.emplace("tickets", static_cast<std::size_t>(total), !quiet);
      bar->advance(static_cast<std::size_t>(n) - shown);
      shown = static_cast<std::size_t>(n);
    });
    if (!done) {
      std::cerr << "techdesk: " << done.error().message << "\n";
      return 1;
    }
    tickets = *done;
  }
  kb::KbService kb_service(store->kb(), clock);
  auto articles = kb_service.reindex();
  if (!articles) {
    std::cerr << "techdesk: " << articles.error().message << "\n";
    return 1;
  }
  auto ms = std::chrono::duration_cast<std::chrono::milliseconds>(std::chrono::steady_clock::now() - started)
                .count();
  auto size = store->search().read(
      [](search::SearchTx& tx) -> Result<search::IndexSize> { return tx.search().size(); });
  std::cout << "reindexed " << tickets << " tickets and " << *articles << " articles in " << ms << " ms ("
            << (ms > 0 ? tickets * 1000 / ms : tickets) << " tickets/s)\n";
  if (size)
    std::cout << "index: " << size->documents << " documents, " << size->index_bytes / (1024 * 1024)
              << " MiB of index in a database of " << size->data_bytes / (1024 * 1024) << " MiB\n";
  return 0;
}

int mail_ingest(const std::string& db_url, const std::string& secret_file,
                const std::vector<std::string>& files, bool quiet) {
  auto store = open_and_migrate(db_url, nullptr, false);
  if (!store) return 1;
  auto secrets = identity::SecretBox::load_or_create(secret_file_for(secret_file, db_url));
  if (!secrets) {
    std::cerr << "techdesk: " << secrets.error().message << "\n";
    return 1;
  }
  SystemClock clock;
  TicketCore core(*store, clock, "Asia/Shanghai", *secrets, {});
  std::map<std::string, int> outcomes;
  std::vector<double> took;  // ms per message
  int failed = 0;
  const auto started = std::chrono::steady_clock::now();
  {
    ProgressBar bar("messages", files.size(), !quiet);
    for (const auto& f : files) {
      std::ifstream in(f, std::ios::binary);
      std::string raw((std::istreambuf_iterator<char>(in)), std::istreambuf_iterator<char>());
      if (!in.good() && !in.eof()) {
        std::cerr << "techdesk: cannot read " << f << "\n";
        ++failed;
        bar.advance();
        continue;
      }
      const auto t0 = std::chrono::steady_clock::now();
      auto r = core.mail.ingest(raw, std::nullopt);
      took.push_back(
          std::chrono::duration<double, std::milli>(std::chrono::steady_clock::now() - t0).count());
      if (!r) {
        std::cerr << "techdesk: " << f << ": " << r.error().message << "\n";
        ++failed;
      } else {
        ++outcomes[std::string(email::name(r->kind))];
      }
      bar.advance();
    }
  }
  auto ms = std::chrono::duration_cast<std::chrono::milliseconds>(std::chrono::steady_clock::now() - started)
                .count();
  std::cout << "ingested " << files.size() << " messages in " << ms << " ms:";
  for (const auto& [k, n] : outcomes)
    std::cout << " " << k << " " << n << ",";
  std::cout << " failed " << failed << "\n";
  if (!took.empty()) {
    std::sort(took.begin(), took.end());
    auto at = [&](double q) {
      return took[std::min(took.size() - 1, static_cast<std::size_t>(q * took.size()))];
    };
    std::cout << "per message: median " << at(0.5) << " ms, p99 " << at(0.99) << " ms, max " << took.back()
              << " ms; " << (ms > 0 ? static_cast<long long>(files.size()) * 1000 / ms : 0)
              << " messages/s\n";
  }
  return failed ? 1 : 0;
}

int print_routes() {
  auto router = http::make_api_router();
  for (const auto& r : router.routes())
    std::cout << http::method_name(r->method) << " " << r->pattern << "\n";
  return 0;
}

}  // namespace techdesk::app
