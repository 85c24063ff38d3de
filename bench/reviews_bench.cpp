// Performance-review figures (not a test; `build/bench/reviews_bench` runs it).
//
//   reviews_bench [--db PATH] [--tickets 1000000] [--engineers 500] [--teams 20] [--months 24] [--runs 5]
//                 [--month 2026-10] [--keep] [--no-analyze]
//
// Fills a fresh SQLite database (migrated through the store, people through the identity repository, then
// bulk SQL in large transactions): ENGINEERS engineers in TEAMS teams and TICKETS tickets created over the
// MONTHS months before 2026-12-01, each with its facts (ticket_facts), an SLA record, a survey for one in
// four resolved tickets, a few hundred judged complaints and a few thousand knowledge articles. Then times
// ReviewService::compute of one month's cycle (every engineer's scorecard: the month's figures, the scores,
// the writes) RUNS times — the first run makes the scorecards, the others recompute them —, the month's
// figures read alone, and the ranked scorecard list, printing median and p99 (of five runs, p99 is the
// slowest). `--keep` reuses the file. The fill ends with ANALYZE; `--no-analyze` drops the statistics again
// (a live database has none unless someone runs ANALYZE), so the planner goes by the indexes alone.
#include <algorithm>
#include <chrono>
#include <cstdio>
#include <cstring>
#include <filesystem>
#include <random>
#include <string>
#include <vector>

#include "report/review_service.h"
#include "sla/sla_service.h"
#include "storage/sqlite/database.h"
#include "storage/store.h"

using namespace techdesk;
using namespace std::chrono_literals;

namespace {

std::string arg(int argc, char** argv, const char* name, const char* fallback) {
  for (int i = 1; i + 1 < argc; ++i)
    if (std::strcmp(argv[i], name) == 0) return argv[i + 1];
  return fallback;
}

bool flag(int argc, char** argv, const char* name) {
  for (int i = 1; i < argc; ++i)
    if (std::strcmp(argv[i], name) == 0) return true;
  return false;
}

double ms_since(std::chrono::steady_clock::time_point t) {
  return std::chrono::duration<double, std::milli>(std::chrono::steady_clock::now() - t).count();
}

void summary(const char* what, std::vector<double> v) {
  std::sort(v.begin(), v.end());
  auto at = [&](double q) {
    return v[std::min(v.size() - 1, static_cast<std::size_t>(q * static_cast<double>(v.size())))];
  };
  std::printf("%-52s n=%-3zu median %8.1f ms   p99 %8.1f ms   (", what, v.size(), at(0.5), at(0.99));
  for (double x : v)
    std::printf(" %.1f", x);
  std::printf(" )\n");
}

template <class T>
T must(Result<T> r, const char* doing) {
  if (!r) {
    std::fprintf(stderr, "%s: %s\n", doing, r.error().message.c_str());
    std::exit(1);
  }
  return r.release_value();
}

std::unique_ptr<storage::Store> open(const std::string& url) {
  auto s = storage::open_store(url);
  if (!s) {
    std::fprintf(stderr, "cannot open %s: %s\n", url.c_str(), s.error().message.c_str());
    std::exit(1);
  }
  if (!(*s)->migrate()) std::exit(1);
  return s.release_value();
}

// 2026-12-01T00:00 in Beijing: the data ends here.
const Timestamp k_end = from_millis(1'796'054'400'000);

struct People {
  Id manager = 0;
  Id requester = 0;
  Id org = 0;
  std::vector<Id> engineers;
};

People seed_people(storage::Store& store, int engineers, int teams) {
  const Timestamp t0 = k_end - 24h * 800;
  (void)must(sla::ensure_defaults(store.sla(), t0), "SLA defaults");
  return must(store.identity().write([&](identity::IdentityTx& tx) -> Result<People> {
    People p;
    p.org = TD_TRY(
        tx.identity().insert_org({0, "华信科技有限公司", identity::OrgKind::external, std::nullopt, t0}));
    p.requester = TD_TRY(tx.identity().insert_user(
        {"bench.req", "黄客户", std::nullopt, std::nullopt, identity::Role::requester, p.org, {}, "h"}, t0));
    p.manager = TD_TRY(tx.identity().insert_user(
        {"bench.mgr", "周经理", std::nullopt, std::nullopt, identity::Role::manager, std::nullopt, {}, "h"},
        t0));
    const identity::Role roles[] = {identity::Role::agent_l1, identity::Role::agent_l1,
                                    identity::Role::agent_l2, identity::Role::field_engineer};
    std::vector<std::vector<Id>> members(static_cast<std::size_t>(teams));
    for (int i = 0; i < engineers; ++i) {
      const identity::Role role = i % 25 == 0 ? identity::Role::team_lead : roles[i % 4];
      Id id = TD_TRY(tx.identity().insert_user({"bench.eng" + std::to_string(i),
                                                "工程师" + std::to_string(i),
                                                std::nullopt,
                                                std::nullopt,
                                                role,
                                                std::nullopt,
                                                {},
                                                "h"},
                                               t0));
      p.engineers.push_back(id);
      members[static_cast<std::size_t>(i % teams)].push_back(id);
    }
    for (int t = 0; t < teams; ++t) {
      identity::Team team;
      team.name = "服务组" + std::to_string(t + 1);
      team.member_ids = members[static_cast<std::size_t>(t)];
      team.created_at = t0;
      TD_TRY(tx.identity().insert_team(team));
    }
    return p;
  }),
              "people");
}

void fill(const std::string& path, const People& p, long tickets, int months) {
  using storage::sqlite::Connection;
  auto c = Connection::open(path, false);
  c->exec("PRAGMA synchronous = OFF");
  Id policy = 0, calendar = 0;
  {
    auto q = c->query("SELECT id, calendar_id FROM sla_policies ORDER BY id LIMIT 1");
    if (!q.step()) {
      std::fprintf(stderr, "no SLA policy\n");
      std::exit(1);
    }
    policy = q.int64(0);
    calendar = q.int64(1);
  }
  std::mt19937_64 rng(20261130);
  auto uniform = [&](std::int64_t lo, std::int64_t hi) {
    return std::uniform_int_distribution<std::int64_t>(lo, hi)(rng);
  };
  const std::int64_t end = to_millis(k_end);
  const std::int64_t start = end - static_cast<std::int64_t>(months) * 30 * 86'400'000LL;
  const auto t0 = std::chrono::steady_clock::now();
  c->exec("BEGIN");
  long survey_count = 0;
  for (long i = 1; i <= tickets; ++i) {
    const std::int64_t created = uniform(start, end - 1);
    const Id assignee =
        p.engineers[static_cast<std::size_t>(uniform(0, static_cast<std::int64_t>(p.engineers.size()) - 1))];
    const int roll = static_cast<int>(uniform(0, 99));
    const bool open = created > end - 3 * 86'400'000LL || roll < 2;
    const bool cancelled = !open && roll < 5;
    const std::int64_t resolved = created + uniform(10 * 60'000, 3 * 86'400'000LL);
    const bool done = !open && !cancelled;
    const char* state = open ? "in_progress" : cancelled ? "cancelled" : (roll < 40 ? "resolved" : "closed");
    const int reopens = done && roll % 25 == 7 ? 1 : 0;
    const std::int64_t due = created + 2 * 86'400'000LL;
    c->query(
         "INSERT INTO tickets (id, number, subject, description, type, impact, urgency, priority, channel, "
         "state, "
         "tier, requester_id, organization_id, assignee_id, created_at, updated_at, resolved_at, closed_at) "
         "VALUES (?, ?, '打印机卡纸', '三楼打印机卡纸', 'incident', 'medium', 'medium', 'P3', 'web', ?, "
         "'L1', ?, ?, ?, "
         "?, ?, ?, ?)")
        .bind(1, static_cast<std::int64_t>(i))
        .bind(2, "B" + std::to_string(i))
        .bind(3, state)
        .bind(4, p.requester)
        .bind(5, p.org)
        .bind(6, assignee)
        .bind(7, created)
        .bind(8, done ? resolved : created)
        .bind(9, done ? std::optional<std::int64_t>(resolved) : std::nullopt)
        .bind(10, done && std::strcmp(state, "closed") == 0
                      ? std::optional<std::int64_t>(resolved + 3'600'000)
                      : std::nullopt)
        .run();
    c->query(
         "INSERT INTO ticket_facts (ticket_id, created_at, type, channel, priority, state, organization_id, "
         "assignee_id, first_response_at, resolved_at, resolved_by, closed_at, done_at, staff_replies, "
         "reopen_count) "
         "VALUES (?, ?, 'incident', 'web', 'P3', ?, ?, ?, ?, ?, ?, ?, ?, 1, ?)")
        .bind(1, static_cast<std::int64_t>(i))
        .bind(2, created)
        .bind(3, state)
        .bind(4, p.org)
        .bind(5, assignee)
        .bind(6, created + 600'000)
        .bind(7, done ? std::optional<std::int64_t>(resolved) : std::nullopt)
        .bind(8, done ? std::optional<Id>(assignee) : std::nullopt)
        .bind(9, done && std::strcmp(state, "closed") == 0 ? std::optional<std::int64_t>(resolved + 3'600'000)
                                                           : std::nullopt)
        .bind(10, open ? std::nullopt : std::optional<std::int64_t>(resolved))
        .bind(11, reopens)
        .run();
    c->query(
         "INSERT INTO ticket_sla (ticket_id, policy_id, policy_name, why, calendar_id, started_at, priority, "
         "first_response_target, resolution_target, warn_percent, second_level_percent, pause_states, "
         "stopped_ms, "
         "paused, first_response_at, resolved_at, first_response_due, resolution_due, resolution_breached) "
         "VALUES (?, ?, '内部员工', 'bench', ?, ?, 'P3', 60, 960, 75, 150, '[]', 0, 0, ?, ?, ?, ?, ?)")
        .bind(1, static_cast<std::int64_t>(i))
        .bind(2, policy)
        .bind(3, calendar)
        .bind(4, created)
        .bind(5, created + 600'000)
        .bind(6, done ? std::optional<std::int64_t>(resolved) : std::nullopt)
        .bind(7, created + 3'600'000)
        .bind(8, due)
        .bind(9, done && resolved > due ? 1 : 0)
        .run();
    if (done && roll % 4 == 1) {
      const int score = static_cast<int>(uniform(0, 9)) < 7 ? 5 : static_cast<int>(uniform(1, 4));
      c->query(
           "INSERT INTO surveys (ticket_id, score, tags, comment, agent_id, organization_id, requester_id, "
           "channel, "
           "created_at) VALUES (?, ?, '[]', '', ?, ?, ?, 'portal', ?)")
          .bind(1, static_cast<std::int64_t>(i))
          .bind(2, score)
          .bind(3, assignee)
          .bind(4, p.org)
          .bind(5, p.requester)
          .bind(6, resolved + 3'600'000)
          .run();
      ++survey_count;
    }
    // Every 2,000th ticket is complained about (a complaint is a ticket of its own: this one stands in).
    if (i % 2000 == 0) {
      c->query(
           "INSERT INTO complaints (ticket_id, stage, source, customer_id, verdict, created_at, updated_at) "
           "VALUES (?, 'closed', 'phone', ?, ?, ?, ?)")
          .bind(1, static_cast<std::int64_t>(i))
          .bind(2, p.requester)
          .bind(3, roll % 3 == 0   ? "justified"
                   : roll % 3 == 1 ? "partly_justified"
                                   : "unjustified")
          .bind(4, created + 86'400'000)
          .bind(5, created + 86'400'000)
          .run();
      const Id complaint = c->last_insert_rowid();
      c->query("INSERT INTO complaint_engineers (complaint_id, user_id) VALUES (?, ?)")
          .bind(1, complaint)
          .bind(2, assignee)
          .run();
    }
    if (i % 250 == 0) {
      c->query(
           "INSERT INTO kb_articles (title, body, visibility, state, version, published_version, author_id, "
           "created_at, updated_at, published_at) VALUES ('打印机卡纸的处理', '打开后盖取出卡纸', "
           "'internal', "
           "'published', 1, 1, ?, ?, ?, ?)")
          .bind(1, assignee)
          .bind(2, created)
          .bind(3, created)
          .bind(4, created + 86'400'000)
          .run();
    }
    if (i % 100'000 == 0) {
      c->exec("COMMIT");
      std::fprintf(stderr, "\r  %ld tickets (%.0f s)", i, ms_since(t0) / 1000);
      c->exec("BEGIN");
    }
  }
  c->exec("COMMIT");
  c->exec("ANALYZE");
  std::fprintf(stderr, "\r  %ld tickets, %ld surveys, %ld complaints, %ld articles in %.0f s\n", tickets,
               survey_count, tickets / 2000, tickets / 250, ms_since(t0) / 1000);
}

}  // namespace

int main(int argc, char** argv) {
  const std::string path = arg(argc, argv, "--db", "/tmp/techdesk-reviews-bench.db");
  const long tickets = std::stol(arg(argc, argv, "--tickets", "1000000"));
  const int engineers = std::stoi(arg(argc, argv, "--engineers", "500"));
  const int teams = std::stoi(arg(argc, argv, "--teams", "20"));
  const int months = std::stoi(arg(argc, argv, "--months", "24"));
  const int runs = std::stoi(arg(argc, argv, "--runs", "5"));
  const std::string month = arg(argc, argv, "--month", "2026-10");
  const bool keep = flag(argc, argv, "--keep") && std::filesystem::exists(path);
  const std::string url = "sqlite://" + path;

  if (!keep) {
    for (const char* suffix : {"", "-wal", "-shm"})
      std::filesystem::remove(path + suffix);
    std::printf("filling %s: %d engineers in %d teams, %ld tickets over %d months\n", path.c_str(), engineers,
                teams, tickets, months);
    People p;
    {
      auto store = open(url);
      p = seed_people(*store, engineers, teams);
    }
    fill(path, p, tickets, months);
  }

  if (flag(argc, argv, "--no-analyze")) {
    auto c = storage::sqlite::Connection::open(path, false);
    c->exec("DROP TABLE IF EXISTS sqlite_stat1; DROP TABLE IF EXISTS sqlite_stat4;");
  }
  auto store = open(url);
  identity::Principal manager;
  manager.role = identity::Role::manager;
  manager.name = "周经理";
  manager.user_id = must(store->identity().read([&](identity::IdentityTx& tx) -> Result<Id> {
    identity::UserQuery q;
    q.role = identity::Role::manager;
    q.limit = 1;
    auto users = tx.identity().list_users(q);
    if (users.empty()) return Error::not_found("manager");
    return users[0].id;
  }),
                         "manager");
  ManualClock clock(k_end + 24h);
  report::ReviewService reviews(store->reports(), clock, "Asia/Shanghai");
  Id cycle = 0;
  for (const auto& c : must(reviews.cycles(manager), "cycles"))
    if (c.cycle.month == month) cycle = c.cycle.id;
  if (cycle == 0) {
    report::NewCycle in;
    in.month = month;
    cycle = must(reviews.create_cycle(manager, in), "create cycle").cycle.id;
  }

  std::vector<double> compute, list, figures;
  std::size_t cards = 0;
  const auto [from, to] = report::month_period(month, "Asia/Shanghai");
  for (int r = 0; r < runs; ++r) {
    auto t = std::chrono::steady_clock::now();
    (void)must(store->reports().read([&](report::ReportTx& tx) -> Result<std::size_t> {
      return tx.reviews().figures(cycle, from, to).size();
    }),
               "figures");
    figures.push_back(ms_since(t));
    t = std::chrono::steady_clock::now();
    (void)must(reviews.compute(manager, cycle), "compute");
    compute.push_back(ms_since(t));
    t = std::chrono::steady_clock::now();
    cards = must(reviews.scorecards(manager, cycle), "scorecards").cards.size();
    list.push_back(ms_since(t));
  }
  std::printf("cycle %s: %zu scorecards, %ld tickets in the database\n", month.c_str(), cards, tickets);
  summary("compute the month's scorecards (figures, scores, writes)", compute);
  summary("  of which reading the month's figures alone", figures);
  summary("list the ranked scorecards", list);
  return 0;
}
