#include "app/cli.h"

#include <CLI/CLI.hpp>

#include <cstdlib>

#include "app/app.h"

namespace techdesk::app {

namespace {
std::string env_or(const char* name, const std::string& fallback) {
  const char* v = std::getenv(name);
  return v && *v ? std::string(v) : fallback;
}
}  // namespace

int run_cli(int argc, char** argv) {
  CLI::App cli{"TechDesk — technical support and IT service desk"};
  cli.require_subcommand(1);
  const std::string default_db = env_or("TECHDESK_DB", "sqlite://data/techdesk.db");

  ServeOptions serve_opts;
  serve_opts.db_url = default_db;
  serve_opts.listen = env_or("TECHDESK_LISTEN", "127.0.0.1:8080");
  serve_opts.web_root = env_or("TECHDESK_WEB_ROOT", "");
  auto* serve_cmd = cli.add_subcommand("serve", "Serve the API and the web UI (migrates the database first)");
  serve_cmd->add_option("--db", serve_opts.db_url,
                        "Database URL (sqlite:///path/to/file.db); env TECHDESK_DB");
  serve_cmd->add_option("--listen", serve_opts.listen, "HOST:PORT to listen on; env TECHDESK_LISTEN");
  serve_cmd->add_option("--web-root", serve_opts.web_root,
                        "Folder of the built web UI; env TECHDESK_WEB_ROOT");
  serve_cmd->add_option("--zone", serve_opts.zone, "IANA time zone for ticket numbers and reports");
  serve_cmd->add_flag("--secure-cookies", serve_opts.secure_cookies,
                      "Mark the session cookie Secure (when TLS is terminated in front of TechDesk)");
  serve_cmd->add_flag(
      "--test-clock", serve_opts.test_clock,
      "Let an administrator move this server's time (POST /api/v1/test/clock); for tests only, "
      "refused by production builds");
  serve_cmd->add_option(
      "--secret-file", serve_opts.secret_file,
      "The server's key file, shared by every node (default: beside an SQLite database); env "
      "TECHDESK_SECRET_FILE");
  serve_cmd->add_option("--public-url", serve_opts.public_url, "How users reach this server (links in mail)");
  serve_cmd->add_option("--io-threads", serve_opts.io_threads, "I/O threads (0: one per core)");
  serve_cmd->add_option("--work-threads", serve_opts.work_threads,
                        "Threads for handlers that block (0: 64 on SQLite, pool + 8 on PostgreSQL)");

  std::string db = default_db;
  auto* migrate_cmd = cli.add_subcommand("migrate", "Create or upgrade the database schema");
  migrate_cmd->add_option("--db", db, "Database URL; env TECHDESK_DB");

  bool quiet = false;
  auto* demo_cmd =
      cli.add_subcommand("demo-data", "Fill an empty database with realistic demo data (Chinese)");
  demo_cmd->add_option("--db", db, "Database URL; env TECHDESK_DB");
  demo_cmd->add_flag("--quiet", quiet, "No progress bar");

  std::string from_url, to_url;
  auto* copy_cmd = cli.add_subcommand(
      "migrate-data", "Copy every row of one database into another, empty one (e.g. SQLite to PostgreSQL)");
  copy_cmd->add_option("--from", from_url, "Source database URL")->required();
  copy_cmd->add_option("--to", to_url, "Target database URL; it must hold no data")->required();
  copy_cmd->add_flag("--quiet", quiet, "No progress bars");

  auto* admin_cmd = cli.add_subcommand("admin", "Administration");
  admin_cmd->require_subcommand(1);
  std::string login, password, role, org, name, kind, domain;
  auto* user_cmd = admin_cmd->add_subcommand("create-user", "Create a user");
  user_cmd->add_option("--db", db, "Database URL; env TECHDESK_DB");
  user_cmd->add_option("--login", login, "Login name")->required();
  user_cmd->add_option("--password", password, "Password (at least 8 characters)")->required();
  user_cmd
      ->add_option(
          "--role", role,
          "requester, org_manager, agent_l1, agent_l2, field_engineer, team_lead, complaint_officer, "
          "manager or admin")
      ->required();
  user_cmd->add_option("--org", org, "Organisation name");
  user_cmd->add_option("--name", name, "Display name (default: the login)");
  auto* org_cmd = admin_cmd->add_subcommand("create-org", "Create an organisation");
  org_cmd->add_option("--db", db, "Database URL; env TECHDESK_DB");
  org_cmd->add_option("--name", name, "Organisation name")->required();
  org_cmd->add_option("--kind", kind, "internal (a department) or external (a customer)")->required();
  org_cmd->add_option("--domain", domain, "Email domain of the organisation");

  auto* sla_cmd = cli.add_subcommand("sla", "SLA maintenance");
  sla_cmd->require_subcommand(1);
  bool all_tickets = false;
  auto* recompute_cmd = sla_cmd->add_subcommand(
      "recompute", "Apply the current SLA policies and calendars again to open tickets, with a progress bar");
  recompute_cmd->add_option("--db", db, "Database URL; env TECHDESK_DB");
  recompute_cmd->add_flag("--all", all_tickets, "Also resolved, closed and cancelled tickets");
  recompute_cmd->add_flag("--quiet", quiet, "No progress bar");

  int reindex_batch = 500;
  auto* reindex_cmd =
      cli.add_subcommand("reindex", "Rebuild the search index of tickets and articles, with a progress bar");
  reindex_cmd->add_option("--db", db, "Database URL; env TECHDESK_DB");
  reindex_cmd->add_option("--batch", reindex_batch, "Tickets per transaction")->check(CLI::Range(1, 100000));
  reindex_cmd->add_flag("--quiet", quiet, "No progress bar");

  auto* routes_cmd = cli.add_subcommand("routes", "Print every HTTP route as 'METHOD PATH'");

  auto* mail_cmd = cli.add_subcommand("mail", "The email channel");
  auto* ingest_cmd = mail_cmd->add_subcommand("ingest", "Put .eml files through the inbound mail pipeline");
  std::vector<std::string> mail_files;
  std::string mail_secret;
  ingest_cmd->add_option("--db", db, "Database URL; env TECHDESK_DB");
  ingest_cmd->add_option("--secret-file", mail_secret,
                         "The server's key file (default: beside the database)");
  ingest_cmd->add_option("files", mail_files, "Message files (.eml)")->required();
  ingest_cmd->add_flag("--quiet", quiet, "No progress bar");
  mail_cmd->require_subcommand(1);

  try {
    cli.parse(argc, argv);
  } catch (const CLI::ParseError& e) {
    return cli.exit(e);
  }
  if (*serve_cmd) return serve(serve_opts);
  if (*migrate_cmd) return migrate(db);
  if (*demo_cmd) return demo_data(db, quiet);
  if (*copy_cmd) return migrate_data(from_url, to_url, quiet);
  if (*user_cmd) return create_user(db, login, password, role, org, name);
  if (*org_cmd) return create_org(db, name, kind, domain);
  if (*routes_cmd) return print_routes();
  if (*recompute_cmd) return sla_recompute(db, !all_tickets, quiet);
  if (*reindex_cmd) return reindex(db, reindex_batch, quiet);
  if (*ingest_cmd) return mail_ingest(db, mail_secret, mail_files, quiet);
  return 2;
}

}  // namespace techdesk::app
