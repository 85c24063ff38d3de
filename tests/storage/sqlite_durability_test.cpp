// What the SQLite backend promises beyond the contract: WAL with synchronous=FULL, immutable history
// enforced by the database itself, idempotent migrations, and no acknowledged write lost to kill -9.
#include <gtest/gtest.h>
#include <signal.h>
#include <sys/wait.h>
#include <unistd.h>

#include <atomic>
#include <cstdio>
#include <set>
#include <thread>

#include "contract/backends.h"
#include "storage/sqlite/database.h"
#include "storage/sqlite/migrate.h"
#include "storage/sqlite/sqlite_store.h"

namespace techdesk::storage::sqlite {
namespace {

using contract::TempDir;

std::unique_ptr<SqliteStore> open_migrated(const std::string& path) {
  auto store = std::make_unique<SqliteStore>(path, StoreOptions{});
  auto applied = store->migrate();
  if (!applied) throw std::runtime_error(applied.error().message);
  return store;
}

TEST(SqliteDatabase, runs_in_wal_mode_with_full_synchronous_commits_and_foreign_keys) {
  TempDir dir;
  auto store = open_migrated((dir.path() / "t.db").string());
  std::string mode;
  std::int64_t sync = -1, fk = -1;
  ASSERT_TRUE(store->database()
                  .read([&](Connection& c) {
                    auto q1 = c.query("PRAGMA journal_mode");
                    if (q1.step()) mode = q1.text(0);
                  })
                  .ok());
  ASSERT_TRUE(store->database()
                  .write([&](Connection& c) {
                    auto q2 = c.query("PRAGMA synchronous");
                    if (q2.step()) sync = q2.int64(0);
                    auto q3 = c.query("PRAGMA foreign_keys");
                    if (q3.step()) fk = q3.int64(0);
                    return true;
                  })
                  .ok());
  EXPECT_EQ(mode, "wal");
  EXPECT_EQ(sync, 2) << "2 is FULL";
  EXPECT_EQ(fk, 1);
}

TEST(SqliteDatabase, the_event_history_cannot_be_changed_or_deleted) {
  TempDir dir;
  auto store = open_migrated((dir.path() / "t.db").string());
  ASSERT_TRUE(store->database()
                  .write([](Connection& c) {
                    c.exec(
                        "INSERT INTO users (id, login, name, role, password_hash, created_at) VALUES (1, "
                        "'u', 'u', 'requester', 'h', 0);"
                        "INSERT INTO tickets (id, number, subject, description, type, impact, urgency, "
                        "priority, channel, state, tier,"
                        " requester_id, created_at, updated_at) VALUES (1, 'n', 's', 'd', 'incident', "
                        "'medium', 'medium', 'P3', 'web',"
                        " 'new', 'L1', 1, 0, 0);"
                        "INSERT INTO events (ticket_id, actor_id, at, field, after) VALUES (1, 1, 0, "
                        "'created', 'n');");
                    return true;
                  })
                  .ok());
  for (const char* sql : {"UPDATE events SET after = 'forged'", "DELETE FROM events"}) {
    std::string failure;
    ASSERT_TRUE(store->database()
                    .write([&](Connection& c) {
                      try {
                        c.exec(sql);
                      } catch (const std::exception& e) {
                        failure = e.what();
                      }
                      return false;
                    })
                    .ok());
    EXPECT_NE(failure.find("events are immutable"), std::string::npos) << sql;
  }
}

TEST(SqliteMigrations, apply_once_and_refuse_a_database_newer_than_the_binary) {
  TempDir dir;
  const std::string path = (dir.path() / "t.db").string();
  {
    SqliteStore store(path, {});
    auto first = store.migrate();
    ASSERT_TRUE(first.ok());
    EXPECT_EQ(first->size(), sqlite_migrations().size());
    auto second = store.migrate();
    ASSERT_TRUE(second.ok());
    EXPECT_TRUE(second->empty());
    ASSERT_TRUE(store.database()
                    .write([](Connection& c) {
                      c.exec(
                          "INSERT INTO schema_migrations (version, name, applied_at) VALUES (9999, "
                          "'from_the_future', 0)");
                      return true;
                    })
                    .ok());
  }
  SqliteStore store(path, {});
  auto r = store.migrate();
  ASSERT_FALSE(r.ok());
  EXPECT_NE(r.error().message.find("newer"), std::string::npos);
}

// A child process writes from several threads and reports every acknowledged id through a pipe; the
// parent kills it with SIGKILL mid-stream. Every acknowledged row must be in the file afterwards.
TEST(SqliteDurability, no_acknowledged_write_is_lost_when_the_process_is_killed) {
  TempDir dir;
  const std::string path = (dir.path() / "t.db").string();
  open_migrated(path).reset();
  int fds[2];
  ASSERT_EQ(pipe(fds), 0);
  pid_t child = fork();
  ASSERT_GE(child, 0);
  if (child == 0) {
    close(fds[0]);
    auto store = open_migrated(path);
    std::mutex out;
    std::vector<std::thread> writers;
    for (int t = 0; t < 8; ++t) {
      writers.emplace_back([&] {
        for (;;) {
          std::int64_t id = 0;
          auto r = store->database().write([&](Connection& c) {
            c.query(
                 "INSERT INTO organizations (name, kind, created_at) VALUES (hex(randomblob(12)), "
                 "'external', 0)")
                .run();
            id = c.last_insert_rowid();
            return true;
          });
          if (!r.ok()) _exit(3);
          std::lock_guard lock(out);
          if (write(fds[1], &id, sizeof id) != sizeof id) _exit(4);
        }
      });
    }
    for (auto& w : writers)
      w.join();
    _exit(0);
  }
  close(fds[1]);
  std::set<std::int64_t> acknowledged;
  std::int64_t id;
  while (acknowledged.size() < 300 && read(fds[0], &id, sizeof id) == sizeof id)
    acknowledged.insert(id);
  kill(child, SIGKILL);
  while (read(fds[0], &id, sizeof id) == sizeof id)
    acknowledged.insert(id);  // drain what was acknowledged
  close(fds[0]);
  int status = 0;
  waitpid(child, &status, 0);
  ASSERT_TRUE(WIFSIGNALED(status)) << "the writer must have been killed, not have exited";
  ASSERT_GE(acknowledged.size(), 300u);

  auto store = open_migrated(path);
  std::set<std::int64_t> present;
  ASSERT_TRUE(store->database()
                  .read([&](Connection& c) {
                    auto q = c.query("SELECT id FROM organizations");
                    while (q.step())
                      present.insert(q.int64(0));
                  })
                  .ok());
  for (auto a : acknowledged)
    EXPECT_TRUE(present.count(a)) << "acknowledged id " << a << " was lost";
}

}  // namespace
}  // namespace techdesk::storage::sqlite
