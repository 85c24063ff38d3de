// The job worker of one node: a thread that leases due jobs, runs their handlers, renews leases
// through checkpoints, and retries failed attempts with back-off. Also enqueues periodic jobs (each
// period's job has a dedupe key, so however many nodes try, one job per period exists).
//
// Thread-safe: add_handler/add_periodic before start(); stop() from any thread.
#pragma once

#include <atomic>
#include <chrono>
#include <condition_variable>
#include <functional>
#include <map>
#include <mutex>
#include <string>
#include <thread>
#include <vector>

#include "common/clock.h"
#include "common/error.h"
#include "common/metrics.h"
#include "common/tx.h"
#include "jobs/job_store.h"

namespace techdesk::jobs {

// What a running job sees of itself.
class JobContext {
 public:
  JobContext(TxRunner<JobTx>& store, const Clock& clock, Job& job, std::string owner,
             std::chrono::milliseconds lease, const std::atomic<bool>* stopping = nullptr)
      : m_store(store),
        m_clock(clock),
        m_job(job),
        m_owner(std::move(owner)),
        m_lease(lease),
        m_stopping(stopping) {}
  const Job& job() const { return m_job; }
  const std::string& payload() const { return m_job.payload; }
  // Saves progress and renews the lease. Fails, and the handler should return the error, when the
  // lease was lost to another worker (conflict) or when this node is stopping (unavailable: the job
  // is given back to the queue at once and resumes from this checkpoint elsewhere).
  Result<void> checkpoint(std::string payload);

 private:
  TxRunner<JobTx>& m_store;
  const Clock& m_clock;
  Job& m_job;
  std::string m_owner;
  std::chrono::milliseconds m_lease;
  const std::atomic<bool>* m_stopping;
};

using JobHandler = std::function<Result<void>(JobContext&)>;

struct WorkerOptions {
  std::chrono::milliseconds poll{500};
  std::chrono::milliseconds lease{5000};  // a dead node's jobs are taken over after this
  int max_attempts = 5;
};

class Worker {
 public:
  Worker(TxRunner<JobTx>& store, const Clock& clock, std::string owner, WorkerOptions options = {},
         MetricsRegistry* metrics = nullptr);
  ~Worker();

  void add_handler(const std::string& kind, JobHandler handler);
  // Enqueues `kind` once per `period` (dedupe key "<kind>@<period start>").
  void add_periodic(const std::string& kind, std::chrono::seconds period, std::string payload = "{}");
  // Runs fn on this node every `period` of real time, without a job row: for passes that every node
  // may run at once because the work they take is locked row by row (the SLA scheduler).
  void add_ticker(std::string name, std::chrono::milliseconds period, std::function<void()> fn);
  void start();
  void stop();
  const std::string& owner() const { return m_owner; }

  // One pass: enqueue due periodic jobs, then lease and run jobs until none is due. For tests.
  void run_once();

 private:
  void loop();
  bool run_one();

  TxRunner<JobTx>& m_store;
  const Clock& m_clock;
  std::string m_owner;
  WorkerOptions m_options;
  std::map<std::string, JobHandler> m_handlers;
  struct Periodic {
    std::string kind;
    std::chrono::seconds period;
    std::string payload;
  };
  std::vector<Periodic> m_periodic;
  struct Ticker {
    std::string name;
    std::chrono::milliseconds period;
    std::function<void()> fn;
    std::chrono::steady_clock::time_point next{};
  };
  std::vector<Ticker> m_tickers;  // touched by the worker thread only, after start()
  std::mutex m_mutex;
  std::condition_variable m_cv;
  std::atomic<bool> m_stopping{false};  // set under m_mutex, read anywhere
  std::thread m_thread;
  Counter* m_done = nullptr;
  Counter* m_failed = nullptr;
};

}  // namespace techdesk::jobs
