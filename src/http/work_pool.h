// A fixed pool of threads for handlers that block (writes wait for the group commit). The I/O
// threads hand such requests over and keep serving reads. Thread-safe.
#pragma once

#include <condition_variable>
#include <deque>
#include <functional>
#include <mutex>
#include <thread>
#include <vector>

namespace techdesk::http {

class WorkPool {
 public:
  explicit WorkPool(std::size_t threads);
  ~WorkPool();  // finishes queued work, then joins
  WorkPool(const WorkPool&) = delete;
  WorkPool& operator=(const WorkPool&) = delete;

  void post(std::function<void()> job);

 private:
  void run();
  std::mutex m_mutex;
  std::condition_variable m_cv;
  std::deque<std::function<void()>> m_jobs;  // GUARDED_BY(m_mutex)
  bool m_stopping = false;                   // GUARDED_BY(m_mutex)
  std::vector<std::thread> m_threads;
};

}  // namespace techdesk::http
