// The job queue's contract, on every backend: a due job is leased by one worker at a time, a dead
// worker's lease runs out and another worker takes the job over from its last checkpoint, periodic
// jobs are queued once per period however many nodes try, and failed attempts come back later.
#include <gtest/gtest.h>

#include <atomic>
#include <condition_variable>
#include <mutex>
#include <set>
#include <thread>

#include "contract/backends.h"
#include "jobs/maintenance.h"
#include "jobs/worker.h"

namespace techdesk::contract {
namespace {

using namespace std::chrono_literals;
using jobs::Job;
using jobs::JobState;

const Timestamp k_t0 = from_millis(1'763'700'000'000);  // 2025-11-21T04:53:20Z

class JobContract : public ::testing::TestWithParam<Backend> {
 protected:
  void SetUp() override { m_store = GetParam().open(m_dir.path()); }

  TxRunner<jobs::JobTx>& q() { return m_store->jobs(); }

  std::optional<Id> enqueue(const std::string& kind, Timestamp run_at, std::optional<std::string> key = {},
                            const std::string& payload = "{}") {
    return q()
        .write([&](jobs::JobTx& tx) -> Result<std::optional<Id>> {
          return tx.jobs().enqueue(kind, payload, run_at, key, k_t0);
        })
        .value();
  }
  std::optional<Job> lease(const std::string& owner, Timestamp now, std::chrono::milliseconds for_ = 5s) {
    return q()
        .write([&](jobs::JobTx& tx) -> Result<std::optional<Job>> {
          return tx.jobs().lease(owner, now, now + for_);
        })
        .value();
  }
  Job job(Id id) {
    return q().read([&](jobs::JobTx& tx) -> Result<Job> { return *tx.jobs().find_job(id); }).value();
  }
  bool checkpoint(Id id, const std::string& owner, const std::string& payload, Timestamp until) {
    return q()
        .write(
            [&](jobs::JobTx& tx) -> Result<bool> { return tx.jobs().checkpoint(id, owner, payload, until); })
        .value();
  }
  bool finish(Id id, const std::string& owner, Timestamp now) {
    return q()
        .write([&](jobs::JobTx& tx) -> Result<bool> {
          return tx.jobs().finish(id, owner, JobState::done, "", now);
        })
        .value();
  }

  TempDir m_dir;
  std::unique_ptr<storage::Store> m_store;
};

TEST_P(JobContract, a_due_job_is_leased_by_one_worker_and_the_next_worker_finds_nothing) {
  Id id = *enqueue("test.kind", k_t0);
  auto a = lease("node-a", k_t0);
  ASSERT_TRUE(a.has_value());
  EXPECT_EQ(a->id, id);
  EXPECT_EQ(a->state, JobState::running);
  EXPECT_EQ(a->lease_owner, "node-a");
  EXPECT_EQ(a->attempts, 1);
  EXPECT_EQ(a->lease_until, k_t0 + 5s);
  EXPECT_FALSE(lease("node-b", k_t0 + 1s).has_value()) << "the lease is still alive";
  EXPECT_TRUE(finish(id, "node-a", k_t0 + 2s));
  Job done = job(id);
  EXPECT_EQ(done.state, JobState::done);
  EXPECT_EQ(done.finished_at, k_t0 + 2s);
  EXPECT_FALSE(lease("node-b", k_t0 + 1h).has_value()) << "a finished job is never leased again";
}

TEST_P(JobContract, a_job_is_not_leased_before_it_is_due_and_the_earliest_due_goes_first) {
  Id later = *enqueue("test.kind", k_t0 + 10min);
  Id sooner = *enqueue("test.kind", k_t0 + 1min);
  EXPECT_FALSE(lease("node-a", k_t0).has_value());
  auto first = lease("node-a", k_t0 + 20min);
  auto second = lease("node-a", k_t0 + 20min);
  ASSERT_TRUE(first && second);
  EXPECT_EQ(first->id, sooner);
  EXPECT_EQ(second->id, later);
}

TEST_P(JobContract, an_expired_lease_is_taken_over_with_the_last_checkpoint_and_the_old_owner_is_shut_out) {
  Id id = *enqueue("test.kind", k_t0, std::nullopt, R"({"done":0})");
  ASSERT_TRUE(lease("node-a", k_t0).has_value());
  ASSERT_TRUE(checkpoint(id, "node-a", R"({"done":40})", k_t0 + 7s)) << "checkpoint renews the lease";
  EXPECT_FALSE(lease("node-b", k_t0 + 6s).has_value()) << "renewed lease still alive at +6 s";
  // node-a dies; its lease runs out at +7 s.
  auto b = lease("node-b", k_t0 + 8s);
  ASSERT_TRUE(b.has_value());
  EXPECT_EQ(b->id, id);
  EXPECT_EQ(b->payload, R"({"done":40})") << "the new owner resumes from the last checkpoint";
  EXPECT_EQ(b->attempts, 2);
  EXPECT_FALSE(checkpoint(id, "node-a", R"({"done":41})", k_t0 + 20s)) << "a stale owner cannot checkpoint";
  EXPECT_FALSE(finish(id, "node-a", k_t0 + 9s)) << "a stale owner cannot finish";
  EXPECT_TRUE(finish(id, "node-b", k_t0 + 9s));
  EXPECT_EQ(job(id).lease_owner, "node-b");
}

TEST_P(JobContract, a_dedupe_key_queues_one_job_whoever_asks) {
  auto first = enqueue("maintenance.purge", k_t0, "maintenance.purge@0");
  auto again = enqueue("maintenance.purge", k_t0, "maintenance.purge@0");
  auto other = enqueue("maintenance.purge", k_t0, "maintenance.purge@3600000");
  EXPECT_TRUE(first.has_value());
  EXPECT_FALSE(again.has_value());
  EXPECT_TRUE(other.has_value());
  auto recent =
      q().read([&](jobs::JobTx& tx) -> Result<std::vector<Job>> { return tx.jobs().recent_jobs(10); });
  EXPECT_EQ(recent->size(), 2u);
}

TEST_P(JobContract, workers_leasing_at_once_never_share_a_job) {
  constexpr int k_jobs = 60, k_workers = 6;
  for (int i = 0; i < k_jobs; ++i)
    enqueue("test.kind", k_t0);
  std::mutex m;
  std::multiset<Id> taken;
  std::atomic<int> failures{0};
  std::vector<std::thread> threads;
  for (int w = 0; w < k_workers; ++w) {
    threads.emplace_back([&, w] {
      for (;;) {
        auto r = q().write([&](jobs::JobTx& tx) -> Result<std::optional<Job>> {
          return tx.jobs().lease("node-" + std::to_string(w), k_t0, k_t0 + 1min);
        });
        if (!r.ok()) {
          failures++;
          return;
        }
        if (!*r) return;
        std::lock_guard lock(m);
        taken.insert((*r)->id);
      }
    });
  }
  for (auto& t : threads)
    t.join();
  EXPECT_EQ(failures.load(), 0);
  EXPECT_EQ(taken.size(), static_cast<std::size_t>(k_jobs));
  EXPECT_EQ(std::set<Id>(taken.begin(), taken.end()).size(), static_cast<std::size_t>(k_jobs))
      << "no job leased twice";
}

TEST_P(JobContract, two_workers_queue_one_periodic_job_per_period_and_run_it_once) {
  ManualClock clock(k_t0);
  std::atomic<int> runs{0};
  auto make = [&](const std::string& owner) {
    auto w = std::make_unique<jobs::Worker>(q(), clock, owner);
    w->add_handler("test.tick", [&](jobs::JobContext&) -> Result<void> {
      runs++;
      return ok();
    });
    w->add_periodic("test.tick", 1h);
    return w;
  };
  auto a = make("node-a"), b = make("node-b");
  a->run_once();
  b->run_once();
  a->run_once();
  EXPECT_EQ(runs.load(), 1);
  clock.advance(1h);
  b->run_once();
  a->run_once();
  EXPECT_EQ(runs.load(), 2);
  auto all = q().read([&](jobs::JobTx& tx) -> Result<std::vector<Job>> { return tx.jobs().recent_jobs(10); });
  ASSERT_EQ(all->size(), 2u);
  for (const auto& j : *all)
    EXPECT_EQ(j.state, JobState::done);
}

TEST_P(JobContract, a_failing_job_is_retried_with_back_off_and_fails_for_good_after_its_last_attempt) {
  ManualClock clock(k_t0);
  jobs::WorkerOptions opts;
  opts.max_attempts = 3;
  jobs::Worker w(q(), clock, "node-a", opts);
  int calls = 0;
  w.add_handler("test.flaky", [&](jobs::JobContext&) -> Result<void> {
    ++calls;
    return Error::internal("the mail server said no (" + std::to_string(calls) + ")");
  });
  Id id = *enqueue("test.flaky", k_t0);
  w.run_once();
  Job j = job(id);
  EXPECT_EQ(calls, 1);
  EXPECT_EQ(j.state, JobState::queued);
  EXPECT_EQ(j.last_error, "the mail server said no (1)");
  EXPECT_EQ(j.run_at, k_t0 + 2s) << "first back-off is 2 s";
  w.run_once();
  EXPECT_EQ(calls, 1) << "not retried before its time";
  clock.advance(2s);
  w.run_once();
  EXPECT_EQ(job(id).run_at, k_t0 + 2s + 4s) << "second back-off is 4 s";
  clock.advance(4s);
  w.run_once();
  EXPECT_EQ(calls, 3);
  j = job(id);
  EXPECT_EQ(j.state, JobState::failed);
  EXPECT_EQ(j.attempts, 3);
  EXPECT_EQ(j.last_error, "the mail server said no (3)");
  clock.advance(1h);
  w.run_once();
  EXPECT_EQ(calls, 3) << "a failed job stays failed";
}

TEST_P(JobContract, a_job_without_a_handler_on_this_node_fails_instead_of_looping) {
  ManualClock clock(k_t0);
  jobs::WorkerOptions opts;
  opts.max_attempts = 1;
  jobs::Worker w(q(), clock, "node-a", opts);
  Id id = *enqueue("nobody.handles.this", k_t0);
  w.run_once();
  Job j = job(id);
  EXPECT_EQ(j.state, JobState::failed);
  EXPECT_NE(j.last_error.find("nobody.handles.this"), std::string::npos);
}

// The purge job over real rows: expired sessions and day-old Idempotency-Key records go, live ones
// stay; a worker that takes over a dead worker's purge adds to the totals it had checkpointed.
TEST_P(JobContract, the_purge_job_deletes_only_what_expired_and_a_takeover_continues_its_totals) {
  ManualClock clock(k_t0);
  Id user = m_store->identity()
                .write([&](identity::IdentityTx& tx) {
                  return tx.identity().insert_user({"purge.user",
                                                    "清理",
                                                    std::nullopt,
                                                    std::nullopt,
                                                    identity::Role::agent_l1,
                                                    std::nullopt,
                                                    {},
                                                    "h"},
                                                   k_t0);
                })
                .value();
  ASSERT_TRUE(m_store->identity()
                  .write([&](identity::IdentityTx& tx) -> Result<void> {
                    // The live one first: inserting a session sweeps its user's sessions expired by then.
                    tx.identity().insert_session(std::string(32, 'z'), user, "c", k_t0 - 11h, k_t0 + 1h);
                    for (int i = 0; i < 7; ++i)
                      tx.identity().insert_session(std::string(32, static_cast<char>('a' + i)), user, "c",
                                                   k_t0 - 10h, k_t0 - 1min);
                    return ok();
                  })
                  .ok());
  // A dead worker had purged 100 sessions before it died; its checkpoint says so.
  Id id = *enqueue(jobs::k_purge_job, k_t0, std::nullopt,
                   R"({"batch":3,"sessions_deleted":100,"keys_deleted":0})");
  ASSERT_TRUE(lease("node-dead", k_t0).has_value());

  jobs::Worker w(q(), clock, "node-b");
  storage::Store* store = m_store.get();
  w.add_handler(
      jobs::k_purge_job,
      jobs::purge_handler({[&](int limit) -> Result<int> {
                             return store->identity().write([&](identity::IdentityTx& tx) -> Result<int> {
                               return tx.identity().delete_expired_sessions(clock.now(), limit);
                             });
                           },
                           [&](int limit) -> Result<int> {
                             return store->purge_idempotency_records(to_millis(clock.now() - 24h), limit);
                           }}));
  w.run_once();
  EXPECT_EQ(job(id).state, JobState::running) << "not taken over while the lease lives";
  clock.advance(6s);
  w.run_once();
  Job j = job(id);
  EXPECT_EQ(j.state, JobState::done);
  EXPECT_EQ(j.lease_owner, "node-b");
  EXPECT_NE(j.payload.find("\"sessions_deleted\":107"), std::string::npos) << j.payload;
  auto live = m_store->identity().read([&](identity::IdentityTx& tx) -> Result<bool> {
    return tx.identity().find_session_principal(std::string(32, 'z'), clock.now()).has_value();
  });
  EXPECT_TRUE(*live) << "a live session survives the purge";
}

// A node that stops gracefully (SIGTERM, a rolling restart) hands its running job back at the next
// checkpoint instead of holding it until the lease runs out; the next worker resumes from there.
TEST_P(JobContract, a_stopping_worker_hands_its_job_back_at_the_next_checkpoint) {
  ManualClock clock(k_t0);
  Id id = *enqueue("test.long", k_t0, std::nullopt, R"({"step":0})");
  std::mutex m;
  std::condition_variable cv;
  bool started = false;
  auto a = std::make_unique<jobs::Worker>(q(), clock, "node-a");
  a->add_handler("test.long", [&](jobs::JobContext& ctx) -> Result<void> {
    for (int step = 1;; ++step) {
      TD_TRY(ctx.checkpoint("{\"step\":" + std::to_string(step) + "}"));
      {
        std::lock_guard lock(m);
        started = true;
      }
      cv.notify_all();
      std::this_thread::sleep_for(5ms);
    }
  });
  a->start();
  {
    std::unique_lock lock(m);
    ASSERT_TRUE(cv.wait_for(lock, 10s, [&] { return started; }));
  }
  a->stop();
  Job j = job(id);
  EXPECT_EQ(j.state, JobState::queued);
  EXPECT_EQ(j.run_at, k_t0) << "due again at once, not after a back-off";
  EXPECT_NE(j.payload, R"({"step":0})") << "the progress made is kept";
  jobs::Worker b(q(), clock, "node-b");
  std::string resumed_from;
  b.add_handler("test.long", [&](jobs::JobContext& ctx) -> Result<void> {
    resumed_from = ctx.payload();
    return ok();
  });
  b.run_once();
  EXPECT_EQ(resumed_from, j.payload);
  EXPECT_EQ(job(id).state, JobState::done);
}

INSTANTIATE_TEST_SUITE_P(Backends, JobContract, ::testing::ValuesIn(contract_backends()),
                         [](const ::testing::TestParamInfo<Backend>& info) { return info.param.name; });

}  // namespace
}  // namespace techdesk::contract
