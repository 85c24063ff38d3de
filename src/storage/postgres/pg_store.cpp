#include "storage/postgres/pg_store.h"

#include <algorithm>
#include <chrono>
#include <random>
#include <thread>

#include "common/clock.h"
#include "storage/postgres/migrate_pg.h"
#include "storage/postgres/repos_pg.h"

namespace techdesk::storage::postgres {

namespace {

constexpr int k_max_attempts = 5;

double seconds_since(std::chrono::steady_clock::time_point start) {
  return std::chrono::duration<double>(std::chrono::steady_clock::now() - start).count();
}

void rollback_quietly(PgConnection& c) {
  try {
    c.rollback();
  } catch (const StoreFailure&) {
    // The connection is broken; the pool replaces it on the next acquire.
  }
}

}  // namespace

PgStore::PgStore(const std::string& url, StoreOptions options) {
  // Two connections per core by default (?pool=N overrides): more only add context switches. Measured on
  // 2 cores: GET 6,877/s with 4 connections, 5,476/s with 8, 4,232/s with 16.
  m_pool_size = std::clamp<std::size_t>(2 * std::max(1u, std::thread::hardware_concurrency()), 4, 32);
  std::string conninfo = strip_techdesk_options(url, m_pool_size);
  m_pool = std::make_unique<PgPool>(conninfo, m_pool_size);
  if (options.metrics) {
    auto& m = *options.metrics;
    m_commit_seconds =
        &m.histogram("techdesk_db_commit_seconds", "Time to run and durably commit one write transaction");
    m_commits = &m.counter("techdesk_db_commits_total", "Durable commits");
    m_read_seconds = &m.histogram("techdesk_db_read_seconds", "Time of one read transaction");
    m_retries = &m.counter("techdesk_db_write_retries_total",
                           "Write transactions run again after a serialization failure or deadlock");
  }
  m_notifier = std::make_unique<PgNotifier>(conninfo);
  if (options.changes) m_listener = std::make_unique<PgListener>(conninfo, *options.changes);
}

Result<std::optional<idempotency::Record>> PgStore::find_idempotency_record(Id user, const std::string& key) {
  try {
    auto c = m_pool->acquire();
    auto r = c->run(
        "SELECT request_hash, status, content_type, body FROM idempotency_keys WHERE user_id = $1 AND key = "
        "$2",
        PgParams().add(user).add(key));
    if (r.rows() == 0) return std::optional<idempotency::Record>{};
    PgRow row(r, 0);
    idempotency::Record rec;
    rec.request_hash = row.text(0);
    if (auto s = row.opt_int64(1)) rec.status = static_cast<int>(*s);
    rec.content_type = row.text(2);
    rec.body = row.text(3);
    return std::optional<idempotency::Record>{std::move(rec)};
  } catch (const StoreFailure& e) {
    return Error{Errc::unavailable, e.what(), {}};
  }
}

Result<void> PgStore::save_idempotent_response(Id user, const std::string& key, int status,
                                               const std::string& content_type, const std::string& body) {
  try {
    auto c = m_pool->acquire();
    c->run(
        "UPDATE idempotency_keys SET status = $1, content_type = $2, body = $3 WHERE user_id = $4 AND key = "
        "$5",
        PgParams().add(status).add(content_type).add(body).add(user).add(key));
    return ok();
  } catch (const StoreFailure& e) {
    return Error{Errc::unavailable, e.what(), {}};
  }
}

Result<int> PgStore::purge_idempotency_records(std::int64_t before_ms, int limit) {
  try {
    auto c = m_pool->acquire();
    auto r = c->run(
        "DELETE FROM idempotency_keys WHERE (user_id, key) IN "
        "(SELECT user_id, key FROM idempotency_keys WHERE created_at < $1 LIMIT $2)",
        PgParams().add(before_ms).add(limit));
    return r.affected();
  } catch (const StoreFailure& e) {
    return Error{Errc::unavailable, e.what(), {}};
  }
}

Result<void> PgStore::ping() {
  try {
    auto c = m_pool->acquire();
    c->run("SELECT 1");
    return ok();
  } catch (const StoreFailure& e) {
    return Error{Errc::unavailable, e.what(), {}};
  }
}

Result<std::vector<std::string>> PgStore::migrate() {
  try {
    auto c = m_pool->acquire();
    return migrate_postgres(*c, postgres_migrations());
  } catch (const StoreFailure& e) {
    return Error{Errc::unavailable, e.what(), {}};
  }
}

void PgStore::ensure_day_sequence(const std::string& day) {
  // One thread at a time; the others wait for it and then find the day known.
  std::lock_guard lock(m_days_mutex);
  if (m_days.count(day)) return;
  // A connection of its own, outside the pool: the caller already holds a pooled connection, and
  // waiting for a second one could deadlock when every pooled connection is held by such a caller.
  // Its own transaction too: DDL inside the caller's would hold catalog locks until that commits, and
  // vanish if it rolls back.
  auto c = PgConnection::connect(m_pool->conninfo());
  try {
    c->exec("CREATE SEQUENCE IF NOT EXISTS ticket_seq_" + day);
  } catch (const PgError& e) {
    // Another node created it at the same moment: it exists, which is all we need.
    if (e.sqlstate() != "23505" && e.sqlstate() != "42P07") throw;
  }
  m_days.insert(day);
}

template <class Tx>
Result<void> PgStore::read_tx(FunctionRef<void(Tx&)> body) {
  auto start = std::chrono::steady_clock::now();
  try {
    // Reads run in autocommit: one round trip per statement instead of three for BEGIN/…/COMMIT.
    // Each statement sees everything committed before it (see TxRunner and docs/decisions.md).
    auto c = m_pool->acquire();
    PgTx tx(*c, false, [this](const std::string& day) { ensure_day_sequence(day); });
    body(tx);
  } catch (const StoreFailure& e) {
    return Error{Errc::unavailable, std::string("database read failed: ") + e.what(), {}};
  }
  if (m_read_seconds) m_read_seconds->observe(seconds_since(start));
  return ok();
}

template <class Tx>
Result<void> PgStore::write_tx(FunctionRef<bool(Tx&)> body) {
  std::mt19937 rng(std::random_device{}());
  // The request's Idempotency-Key (if any) is inserted in the transaction of its first write.
  idempotency::Claim* claim = idempotency::current();
  const bool claiming = claim && !claim->claimed;
  for (int attempt = 1;; ++attempt) {
    auto start = std::chrono::steady_clock::now();
    try {
      auto c = m_pool->acquire();
      c->begin();  // goes out with the first statement
      bool keep = false;
      std::vector<live::Change> changes;
      try {
        if (claiming) {
          auto r = c->run(
              "INSERT INTO idempotency_keys (user_id, key, request_hash, created_at) VALUES ($1, $2, $3, $4) "
              "ON CONFLICT DO NOTHING RETURNING 1",
              PgParams()
                  .add(claim->user_id)
                  .add(claim->key)
                  .add(claim->request_hash)
                  .add(to_millis(SystemClock().now())));
          if (r.rows() == 0) {
            c->rollback();
            claim->taken = true;
            return idempotency::key_taken();
          }
        }
        PgTx tx(
            *c, true, [this](const std::string& day) { ensure_day_sequence(day); }, &changes);
        keep = body(tx);
        if (keep)
          c->commit();
        else
          c->rollback();
      } catch (...) {
        rollback_quietly(*c);
        throw;
      }
      if (claiming && keep) claim->claimed = true;
      // Told to every node only now that it is committed (see live_pg.h).
      if (keep && m_notifier) m_notifier->send(std::move(changes));
      if (m_commits) {
        m_commits->inc();
        m_commit_seconds->observe(seconds_since(start));
      }
      return ok();
    } catch (const PgError& e) {
      if (!e.retryable() || attempt >= k_max_attempts)
        return Error{Errc::unavailable, std::string("database write failed: ") + e.what(), {}};
      if (m_retries) m_retries->inc();
      // Back off a little, with jitter, so the conflicting transactions do not meet again.
      std::this_thread::sleep_for(
          std::chrono::milliseconds(std::uniform_int_distribution<int>(1, 5 * attempt)(rng)));
    } catch (const StoreFailure& e) {
      return Error{Errc::unavailable, std::string("database write failed: ") + e.what(), {}};
    }
  }
}

Result<void> PgStore::run_read(FunctionRef<void(identity::IdentityTx&)> body) {
  return read_tx(body);
}
Result<void> PgStore::run_write(FunctionRef<bool(identity::IdentityTx&)> body) {
  return write_tx(body);
}
Result<void> PgStore::run_read(FunctionRef<void(ticket::TicketTx&)> body) {
  return read_tx(body);
}
Result<void> PgStore::run_write(FunctionRef<bool(ticket::TicketTx&)> body) {
  return write_tx(body);
}
Result<void> PgStore::run_read(FunctionRef<void(sla::SlaTx&)> body) {
  return read_tx(body);
}
Result<void> PgStore::run_write(FunctionRef<bool(sla::SlaTx&)> body) {
  return write_tx(body);
}
Result<void> PgStore::run_read(FunctionRef<void(dispatch::DispatchTx&)> body) {
  return read_tx(body);
}
Result<void> PgStore::run_write(FunctionRef<bool(dispatch::DispatchTx&)> body) {
  return write_tx(body);
}
Result<void> PgStore::run_read(FunctionRef<void(search::SearchTx&)> body) {
  return read_tx(body);
}
Result<void> PgStore::run_write(FunctionRef<bool(search::SearchTx&)> body) {
  return write_tx(body);
}
Result<void> PgStore::run_read(FunctionRef<void(kb::KbTx&)> body) {
  return read_tx(body);
}
Result<void> PgStore::run_write(FunctionRef<bool(kb::KbTx&)> body) {
  return write_tx(body);
}
Result<void> PgStore::run_read(FunctionRef<void(email::MailTx&)> body) {
  return read_tx(body);
}
Result<void> PgStore::run_write(FunctionRef<bool(email::MailTx&)> body) {
  return write_tx(body);
}
Result<void> PgStore::run_read(FunctionRef<void(feedback::FeedbackTx&)> body) {
  return read_tx(body);
}
Result<void> PgStore::run_write(FunctionRef<bool(feedback::FeedbackTx&)> body) {
  return write_tx(body);
}
Result<void> PgStore::run_read(FunctionRef<void(report::ReportTx&)> body) {
  return read_tx(body);
}
Result<void> PgStore::run_write(FunctionRef<bool(report::ReportTx&)> body) {
  return write_tx(body);
}
Result<void> PgStore::run_read(FunctionRef<void(notify::NotifyTx&)> body) {
  return read_tx(body);
}
Result<void> PgStore::run_write(FunctionRef<bool(notify::NotifyTx&)> body) {
  return write_tx(body);
}
Result<void> PgStore::run_read(FunctionRef<void(jobs::JobTx&)> body) {
  return read_tx(body);
}
Result<void> PgStore::run_write(FunctionRef<bool(jobs::JobTx&)> body) {
  return write_tx(body);
}

}  // namespace techdesk::storage::postgres
