// Auto-assignment decision figures (not a test; `bash bench/dispatch.sh` runs it).
//
// Google Benchmark over a team of AGENTS (default 500) members:
//   BM_choose/<strategy>      the pure decision (assignment.h) over members already loaded;
//   BM_decide/<strategy>      what the dispatcher does for each arriving ticket, minus the write: read the
//                             members, their duty, skills and open-ticket load and the team's round-robin
//                             history from the database (Dispatcher::candidates), then choose.
// The database (TECHDESK_BENCH_DB, default a fresh SQLite file) gets AGENTS agents with 1–4 skills each
// (10 % off duty) and OPEN (default 10,000) open tickets spread over them.
#include <benchmark/benchmark.h>

#include <unistd.h>
#include <algorithm>
#include <chrono>
#include <cstdio>
#include <cstdlib>
#include <filesystem>
#include <random>
#include <string>
#include <vector>

#include "dispatch/assignment.h"
#include "dispatch/dispatcher.h"
#include "storage/store.h"

using namespace techdesk;

namespace {

const SystemClock g_clock;

int env_int(const char* name, int fallback) {
  const char* v = std::getenv(name);
  return v && *v ? std::atoi(v) : fallback;
}

const std::vector<std::string> k_tags = {"网络", "Oracle", "Windows", "打印机",
                                         "邮件", "VPN",    "Linux",   "ERP"};

struct World {
  std::unique_ptr<storage::Store> store;
  Id team = 0;
  std::vector<dispatch::Candidate> members;  // as loaded, for BM_choose
  std::vector<dispatch::Skill> required = {{"网络", 3}, {"Oracle", 2}};
  std::string path;
};

World build() {
  World w;
  const int agents = env_int("AGENTS", 500);
  const int open = env_int("OPEN", 10000);
  std::string url;
  if (const char* u = std::getenv("TECHDESK_BENCH_DB"); u && *u) {
    url = u;
  } else {
    w.path = (std::filesystem::temp_directory_path() / ("dispatch-bench-" + std::to_string(getpid()) + ".db"))
                 .string();
    url = "sqlite://" + w.path;
  }
  auto s = storage::open_store(url);
  if (!s || !(*s)->migrate()) {
    std::fprintf(stderr, "cannot open %s\n", url.c_str());
    std::exit(1);
  }
  w.store = s.release_value();
  const Timestamp now = SystemClock().now();
  std::mt19937_64 rng(11);
  auto ids =
      w.store->dispatch()
          .write([&](dispatch::DispatchTx& tx) -> Result<std::vector<Id>> {
            identity::Team t;
            t.name = "bench-" + std::to_string(getpid());
            t.created_at = now;
            w.team = TD_TRY(tx.identity().insert_team(t));
            std::vector<Id> out;
            for (int i = 0; i < agents; ++i) {
              identity::NewUser u{"bench.agent" + std::to_string(getpid()) + "." + std::to_string(i),
                                  "工程师" + std::to_string(i),
                                  std::nullopt,
                                  std::nullopt,
                                  i % 2 ? identity::Role::agent_l2 : identity::Role::agent_l1,
                                  std::nullopt,
                                  {w.team},
                                  "x"};
              Id id = TD_TRY(tx.identity().insert_user(u, now));
              out.push_back(id);
              std::vector<dispatch::Skill> skills;
              const int n = 1 + static_cast<int>(rng() % 4);
              for (int k = 0; k < n; ++k)
                skills.push_back({k_tags[(i + k * 3) % k_tags.size()], 1 + static_cast<int>(rng() % 5)});
              tx.dispatch().set_skills(id, skills, now);
              if (i % 10 == 9) tx.dispatch().set_on_duty(id, false, now);
              if (i % 3 == 0)
                tx.dispatch().touch_assigned(w.team, id, now - std::chrono::seconds(rng() % 86400));
            }
            dispatch::TeamDispatch d;
            d.team_id = w.team;
            d.strategy = dispatch::Strategy::least_loaded;
            d.capacity = 0;
            d.updated_at = now;
            tx.dispatch().save_team_dispatch(d);
            return out;
          })
          .value();
  (void)w.store->tickets()
      .write([&](ticket::TicketTx& tx) -> Result<void> {
        Id requester = TD_TRY(tx.identity().insert_user({"bench.req" + std::to_string(getpid()),
                                                         "用户",
                                                         std::nullopt,
                                                         std::nullopt,
                                                         identity::Role::requester,
                                                         std::nullopt,
                                                         {},
                                                         "x"},
                                                        now));
        for (int i = 0; i < open; ++i) {
          ticket::Ticket t;
          t.created_at = t.updated_at = now;
          t.requester_id = requester;
          t.team_id = w.team;
          t.assignee_id = ids[rng() % ids.size()];
          t.subject = "网络故障";
          t.description = "三楼无法上网";
          t.priority = static_cast<ticket::Priority>(i % 4);
          t.state = ticket::State::in_progress;
          t.number = "DB" + std::to_string(getpid()) + "-" + std::to_string(i);
          tx.tickets().insert_ticket(t);
        }
        return ok();
      })
      .ok();
  dispatch::Dispatcher dispatcher(w.store->dispatch(), g_clock);
  w.members = w.store->dispatch()
                  .read([&](dispatch::DispatchTx& tx) -> Result<std::vector<dispatch::Candidate>> {
                    return dispatcher.candidates(tx, w.team);
                  })
                  .value();
  std::printf("team of %zu agents (%d open tickets among them)\n", w.members.size(), open);
  return w;
}

World& world() {
  static World w = build();
  return w;
}

const dispatch::Strategy k_strategies[] = {dispatch::Strategy::round_robin, dispatch::Strategy::least_loaded,
                                           dispatch::Strategy::skill_match};

void BM_choose(benchmark::State& state) {
  auto& w = world();
  const auto strategy = k_strategies[state.range(0)];
  state.SetLabel(std::string(dispatch::name(strategy)));
  for (auto _ : state)
    benchmark::DoNotOptimize(dispatch::choose(strategy, w.members, w.required, 40));
}
BENCHMARK(BM_choose)->DenseRange(0, 2)->Unit(benchmark::kMicrosecond);

void BM_decide(benchmark::State& state) {
  auto& w = world();
  const auto strategy = k_strategies[state.range(0)];
  state.SetLabel(std::string(dispatch::name(strategy)));
  dispatch::Dispatcher dispatcher(w.store->dispatch(), g_clock);
  for (auto _ : state) {
    auto d = w.store->dispatch()
                 .read([&](dispatch::DispatchTx& tx) -> Result<dispatch::Decision> {
                   return dispatch::choose(strategy, dispatcher.candidates(tx, w.team), w.required, 40);
                 })
                 .value();
    benchmark::DoNotOptimize(d);
  }
}
BENCHMARK(BM_decide)->DenseRange(0, 2)->Unit(benchmark::kMicrosecond);

// Each decision timed on its own, for the median and p99 the target is stated in.
void distribution(int n) {
  auto& w = world();
  dispatch::Dispatcher dispatcher(w.store->dispatch(), g_clock);
  for (auto strategy : k_strategies) {
    std::vector<double> ms;
    ms.reserve(static_cast<std::size_t>(n));
    for (int i = 0; i < n; ++i) {
      auto t = std::chrono::steady_clock::now();
      auto d = w.store->dispatch()
                   .read([&](dispatch::DispatchTx& tx) -> Result<dispatch::Decision> {
                     return dispatch::choose(strategy, dispatcher.candidates(tx, w.team), w.required, 40);
                   })
                   .value();
      benchmark::DoNotOptimize(d);
      ms.push_back(std::chrono::duration<double, std::milli>(std::chrono::steady_clock::now() - t).count());
    }
    std::sort(ms.begin(), ms.end());
    std::printf("decision with database reads, %-12s n=%d  median %.3f ms  p99 %.3f ms  max %.3f ms\n",
                std::string(dispatch::name(strategy)).c_str(), n, ms[ms.size() / 2],
                ms[std::min(ms.size() - 1, ms.size() * 99 / 100)], ms.back());
  }
}

// Where a decision's time goes: the read transaction and the dispatcher's one statement on their own.
void breakdown(int n) {
  auto& w = world();
  auto time = [&](const char* what, auto&& fn) {
    std::vector<double> ms;
    for (int i = 0; i < n; ++i) {
      auto t = std::chrono::steady_clock::now();
      (void)w.store->dispatch().read([&](dispatch::DispatchTx& tx) -> Result<int> {
        benchmark::DoNotOptimize(fn(tx));
        return 0;
      });
      ms.push_back(std::chrono::duration<double, std::milli>(std::chrono::steady_clock::now() - t).count());
    }
    std::sort(ms.begin(), ms.end());
    std::printf("  %-44s median %.3f ms  p99 %.3f ms\n", what, ms[ms.size() / 2],
                ms[std::min(ms.size() - 1, ms.size() * 99 / 100)]);
  };
  std::printf("the read of one decision:\n");
  time("empty read transaction", [&](dispatch::DispatchTx&) { return 0; });
  time("team_candidates (the one statement used)",
       [&](dispatch::DispatchTx& tx) { return tx.dispatch().team_candidates(w.team); });
}

}  // namespace

int main(int argc, char** argv) {
  benchmark::Initialize(&argc, argv);
  benchmark::RunSpecifiedBenchmarks();
  benchmark::Shutdown();
  distribution(env_int("SAMPLES", 2000));
  breakdown(env_int("SAMPLES", 2000) / 4);
  if (!world().path.empty() && !std::getenv("KEEP_DB")) {
    std::error_code ec;
    for (const char* suffix : {"", "-wal", "-shm"})
      std::filesystem::remove(world().path + suffix, ec);
  }
  return 0;
}
