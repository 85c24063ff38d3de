#include "jobs/worker.h"

#include <spdlog/spdlog.h>

namespace techdesk::jobs {

Result<void> JobContext::checkpoint(std::string payload) {
  const Timestamp until = m_clock.now() + m_lease;
  bool held = TD_TRY(m_store.write(
      [&](JobTx& tx) -> Result<bool> { return tx.jobs().checkpoint(m_job.id, m_owner, payload, until); }));
  if (!held) return Error::conflict("the job's lease was lost to another worker");
  m_job.payload = std::move(payload);
  m_job.lease_until = until;
  if (m_stopping && m_stopping->load()) return Error{Errc::unavailable, "this node is stopping", {}};
  return ok();
}

Worker::Worker(TxRunner<JobTx>& store, const Clock& clock, std::string owner, WorkerOptions options,
               MetricsRegistry* metrics)
    : m_store(store), m_clock(clock), m_owner(std::move(owner)), m_options(options) {
  if (metrics) {
    m_done = &metrics->counter("techdesk_jobs_done_total", "Jobs this node ran to completion");
    m_failed =
        &metrics->counter("techdesk_jobs_failed_attempts_total", "Job attempts that failed on this node");
  }
}

Worker::~Worker() {
  stop();
}

void Worker::add_handler(const std::string& kind, JobHandler handler) {
  m_handlers[kind] = std::move(handler);
}

void Worker::add_periodic(const std::string& kind, std::chrono::seconds period, std::string payload) {
  m_periodic.push_back({kind, period, std::move(payload)});
}

void Worker::add_ticker(std::string name, std::chrono::milliseconds period, std::function<void()> fn) {
  m_tickers.push_back({std::move(name), period, std::move(fn), {}});
}

void Worker::start() {
  m_thread = std::thread([this] { loop(); });
}

void Worker::stop() {
  {
    std::lock_guard lock(m_mutex);
    m_stopping = true;
  }
  m_cv.notify_all();
  if (m_thread.joinable()) m_thread.join();
}

void Worker::loop() {
  std::unique_lock lock(m_mutex);
  while (!m_stopping) {
    lock.unlock();
    try {
      run_once();
    } catch (const std::exception& e) {
      spdlog::error("job worker: {}", e.what());
    }
    lock.lock();
    m_cv.wait_for(lock, m_options.poll, [&] { return m_stopping.load(); });
  }
}

void Worker::run_once() {
  const auto steady = std::chrono::steady_clock::now();
  for (auto& t : m_tickers) {
    if (steady < t.next) continue;
    t.next = steady + t.period;
    try {
      t.fn();
    } catch (const std::exception& e) {
      spdlog::error("job worker: {}: {}", t.name, e.what());
    }
  }
  const Timestamp now = m_clock.now();
  for (const auto& p : m_periodic) {
    auto period_ms = std::chrono::duration_cast<std::chrono::milliseconds>(p.period).count();
    auto start = (to_millis(now) / period_ms) * period_ms;
    auto key = p.kind + "@" + std::to_string(start);
    auto queued = m_store.write([&](JobTx& tx) -> Result<std::optional<Id>> {
      return tx.jobs().enqueue(p.kind, p.payload, from_millis(start), key, now);
    });
    if (!queued) spdlog::warn("job worker: cannot enqueue {}: {}", p.kind, queued.error().message);
  }
  while (!m_stopping.load() && run_one()) {
  }
}

bool Worker::run_one() {
  const Timestamp now = m_clock.now();
  auto leased = m_store.write([&](JobTx& tx) -> Result<std::optional<Job>> {
    return tx.jobs().lease(m_owner, now, now + m_options.lease);
  });
  if (!leased || !*leased) return false;
  Job job = std::move(**leased);
  auto handler = m_handlers.find(job.kind);
  Result<void> result = handler == m_handlers.end()
                            ? Result<void>(Error::internal("no handler for job kind " + job.kind))
                            : [&]() -> Result<void> {
    JobContext ctx(m_store, m_clock, job, m_owner, m_options.lease, &m_stopping);
    try {
      return handler->second(ctx);
    } catch (const std::exception& e) {
      return Error::internal(e.what());
    }
  }();
  const Timestamp end = m_clock.now();
  if (result.ok()) {
    (void)m_store.write([&](JobTx& tx) -> Result<bool> {
      return tx.jobs().finish(job.id, m_owner, JobState::done, {}, end);
    });
    if (m_done) m_done->inc();
    return true;
  }
  if (result.error().code == Errc::unavailable && m_stopping.load()) {
    // Handed back for another node (or this one after its restart) to resume from the checkpoint.
    (void)m_store.write([&](JobTx& tx) -> Result<bool> {
      return tx.jobs().retry_later(job.id, m_owner, "handed back: node stopping", end);
    });
    return false;
  }
  if (m_failed) m_failed->inc();
  spdlog::warn("job {} ({}) attempt {} failed: {}", job.id, job.kind, job.attempts, result.error().message);
  if (result.error().code == Errc::conflict) return true;  // the lease went to another worker
  (void)m_store.write([&](JobTx& tx) -> Result<bool> {
    if (job.attempts >= m_options.max_attempts)
      return tx.jobs().finish(job.id, m_owner, JobState::failed, result.error().message, end);
    // Back off: 2 s, 4 s, 8 s, ...
    return tx.jobs().retry_later(job.id, m_owner, result.error().message,
                                 end + std::chrono::seconds(1 << std::min(job.attempts, 10)));
  });
  return true;
}

}  // namespace techdesk::jobs
