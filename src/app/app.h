// Wiring: opens the store, builds the services and the HTTP stack, and runs the maintenance commands.
// Each function here is one `techdesk` sub-command; cli.cpp parses arguments and calls them.
#pragma once

#include <cstdint>
#include <memory>
#include <optional>
#include <string>
#include <vector>

namespace techdesk {
class MetricsRegistry;
namespace storage {
class Store;
}
namespace live {
class ChangeBus;
}
}  // namespace techdesk

namespace techdesk::app {

const char* openapi_document();

// False in a production build (cmake -DTECHDESK_PRODUCTION=ON): the test clock is refused there.
bool test_clock_allowed();

// Opens the database and brings its schema up to date; prints why and returns null on failure.
// `changes`, when given, hears of every committed change (live updates; it must outlive the store).
std::unique_ptr<storage::Store> open_and_migrate(const std::string& url, MetricsRegistry* metrics,
                                                 bool verbose, live::ChangeBus* changes = nullptr);

struct ServeOptions {
  std::string db_url;
  std::string listen = "127.0.0.1:8080";
  std::string web_root;  // empty: look for web/dist next to the binary or in the working directory
  std::string zone = "Asia/Shanghai";
  bool secure_cookies = false;  // add Secure to the session cookie (served behind TLS)
  bool test_clock = false;      // POST /api/v1/test/clock may move time (refused by production builds)
  unsigned io_threads = 0;
  unsigned work_threads = 0;  // 0: 64 on SQLite; on PostgreSQL the pool size plus 8
  std::string secret_file;    // the server's key file (see ticket_core.h: secret_file_for)
  std::string public_url;     // how users reach this server, for links in mail; default http://<listen>
};

// Each returns the process exit code and prints what it did.
int serve(const ServeOptions& options);
int migrate(const std::string& db_url);
int demo_data(const std::string& db_url, bool quiet);
// Copies every row of an existing database into an empty one (either backend each way); migrate_data.cpp.
int migrate_data(const std::string& from, const std::string& to, bool quiet);
int create_user(const std::string& db_url, const std::string& login, const std::string& password,
                const std::string& role, const std::string& org, const std::string& name);
int create_org(const std::string& db_url, const std::string& name, const std::string& kind,
               const std::string& domain);
int print_routes();
// techdesk sla recompute: every (open) ticket's SLA record again under the current policies and calendars.
int sla_recompute(const std::string& db_url, bool open_only, bool quiet);
// `techdesk reindex`: rebuilds the search index of every ticket and article, with a progress bar.
int reindex(const std::string& db_url, int batch, bool quiet);
// `techdesk mail ingest FILE.eml…`: each file through the inbound mail pipeline, with a progress bar.
int mail_ingest(const std::string& db_url, const std::string& secret_file,
                const std::vector<std::string>& files, bool quiet);

}  // namespace techdesk::app
