#include "app/background.h"

#include <spdlog/spdlog.h>

#include <boost/json.hpp>

#include "jobs/maintenance.h"
#include "sla/sla_service.h"

namespace techdesk::app {

using namespace std::chrono_literals;

namespace {

std::int64_t get_int(const boost::json::object& o, const char* key, std::int64_t fallback) {
  auto it = o.find(key);
  return it != o.end() && it->value().is_int64() ? it->value().get_int64() : fallback;
}

}  // namespace

void register_jobs(jobs::Worker& worker, storage::Store& store, const Clock& clock, sla::SlaEngine& sla) {
  jobs::PurgeTargets purge;
  purge.expired_sessions = [&store, &clock](int limit) -> Result<int> {
    return store.identity().write([&](identity::IdentityTx& tx) -> Result<int> {
      return tx.identity().delete_expired_sessions(clock.now(), limit);
    });
  };
  // Idempotency-Key answers are kept for a day: long enough for any client's retries.
  purge.old_idempotency_keys = [&store, &clock](int limit) -> Result<int> {
    return store.purge_idempotency_records(to_millis(clock.now() - 24h), limit);
  };
  worker.add_handler(jobs::k_purge_job, jobs::purge_handler(std::move(purge)));
  worker.add_periodic(jobs::k_purge_job, 1h);

  // The SLA scheduler: every node looks once a second; the due rows it takes are locked, so each
  // warning, breach and escalation fires once in the cluster (see SlaEngine::tick).
  worker.add_ticker(sla::k_tick_job, 1s, [&sla] {
    for (int pass = 0; pass < 125; ++pass) {  // a backlog (after downtime) is worked off in batches
      auto n = sla.tick(sla::k_pass_limit);
      if (!n) {
        spdlog::warn("sla: scheduler pass failed: {}", n.error().message);
        return;
      }
      if (*n < sla::k_pass_limit) return;
    }
  });

  // Recomputing due times after a policy or calendar change, 1000 tickets per transaction, with the
  // progress checkpointed so that another node continues after a crash (and puts back the due-time
  // index, should this run have set it aside: see SlaEngine::recompute_all).
  worker.add_handler(sla::k_recompute_job, [&sla, &store](jobs::JobContext& ctx) -> Result<void> {
    boost::system::error_code ec;
    auto v = boost::json::parse(ctx.payload().empty() ? "{}" : ctx.payload(), ec);
    boost::json::object state = (!ec && v.is_object()) ? v.get_object() : boost::json::object{};
    const bool open_only =
        !state.contains("open_only") || !state["open_only"].is_bool() || state["open_only"].get_bool();
    if (!state.contains("total")) {
      auto total = store.sla().read([&](sla::SlaTx& tx) -> Result<std::int64_t> {
        return tx.sla().estimate_tickets_with_sla(open_only);
      });
      state["total"] = total ? *total : 0;
      sla.invalidate();
    }
    sla::RecomputeRun run;
    run.after = get_int(state, "after", 0);
    run.open_only = open_only;
    run.batch = 1000;
    run.remaining = get_int(state, "total", 0) - get_int(state, "done", 0);
    TD_TRY(sla.recompute_all(run, [&](const sla::RecomputeBatch& batch) -> Result<void> {
      state["after"] = *batch.last;
      state["done"] = get_int(state, "done", 0) + batch.done;
      return ctx.checkpoint(boost::json::serialize(state));
    }));
    return ok();
  });
}

void register_dispatch_tickers(jobs::Worker& worker, dispatch::AutomationEngine& automation,
                               dispatch::Dispatcher& dispatcher) {
  worker.add_ticker("dispatch.time_rules", 1s, [&automation] {
    auto n = automation.tick(200);
    if (!n) spdlog::warn("automation: time rules pass failed: {}", n.error().message);
  });
  worker.add_ticker("dispatch.queue_sweep", 5s, [&dispatcher] {
    auto n = dispatcher.sweep(50);
    if (!n) spdlog::warn("dispatch: queue sweep failed: {}", n.error().message);
  });
}

void register_mail_tickers(jobs::Worker& worker, email::MailService& mail) {
  worker.add_ticker("mail.fetch", 1s, [&mail] { mail.fetch_due(); });
  worker.add_ticker("mail.deliver", 1s, [&mail] {
    for (int pass = 0; pass < 10; ++pass)
      if (mail.deliver_due(20) < 20) return;
  });
}

void register_feedback_tickers(jobs::Worker& worker, feedback::FeedbackService& feedback) {
  // Resolved tickets whose waiting period ended close themselves; the due rows are locked in the
  // transaction (SKIP LOCKED on PostgreSQL), so each closes once in the cluster. A backlog after downtime
  // is worked off in batches.
  worker.add_ticker("feedback.auto_close", 2s, [&feedback] {
    for (int pass = 0; pass < 20; ++pass) {
      auto n = feedback.close_due(100);
      if (!n) {
        spdlog::warn("feedback: auto-close pass failed: {}", n.error().message);
        return;
      }
      if (*n < 100) return;
    }
  });
  worker.add_ticker("feedback.callbacks", 5s, [&feedback] {
    auto n = feedback.open_scheduled_callbacks(100);
    if (!n) spdlog::warn("feedback: scheduled callbacks failed: {}", n.error().message);
  });
  worker.add_ticker("feedback.purge_uploads", 3600s, [&feedback] {
    auto n = feedback.purge_uploads(1000);
    if (!n) spdlog::warn("feedback: purging uploads failed: {}", n.error().message);
  });
}

void register_weekly_report_ticker(jobs::Worker& worker, report::ReportService& reports) {
  // Last week's reports are generated early on Monday, and the drafts mailed at the configured time;
  // generating is idempotent per scope and week, and each draft is sent in the transaction that marks it.
  worker.add_ticker("reports.weekly", 60s, [&reports] {
    auto n = reports.weekly_tick();
    if (!n) spdlog::warn("reports: weekly pass failed: {}", n.error().message);
  });
}

void register_report_tickers(jobs::Worker& worker, report::ScheduleService& schedules) {
  worker.add_ticker("report.schedules", 5s, [&schedules] {
    auto n = schedules.run_due(20);
    if (!n) spdlog::warn("report: scheduled reports pass failed: {}", n.error().message);
  });
}

}  // namespace techdesk::app
