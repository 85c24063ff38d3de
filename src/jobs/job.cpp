#include "jobs/job.h"

namespace techdesk::jobs {

std::string_view name(JobState s) {
  switch (s) {
    case JobState::queued:
      return "queued";
    case JobState::running:
      return "running";
    case JobState::done:
      return "done";
    case JobState::failed:
      return "failed";
  }
  return "queued";
}

std::optional<JobState> parse_job_state(std::string_view s) {
  if (s == "queued") return JobState::queued;
  if (s == "running") return JobState::running;
  if (s == "done") return JobState::done;
  if (s == "failed") return JobState::failed;
  return std::nullopt;
}

}  // namespace techdesk::jobs
