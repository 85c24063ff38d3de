// The SLA store and engine on every backend: records read back field for field, the due-time index,
// the compliance counts, notifications kept per user — and each due timer fired exactly once even when
// two nodes' scheduler passes run at the same moment.
#include <gtest/gtest.h>

#include <algorithm>
#include <atomic>
#include <functional>
#include <map>
#include <set>
#include <span>
#include <thread>

#include "common/time.h"
#include "contract/backends.h"
#include "identity/role.h"
#include "sla/sla_engine.h"
#include "sla/sla_service.h"
#include "ticket/state_machine.h"
#include "ticket/ticket_service.h"

namespace techdesk::contract {
namespace {

using namespace std::chrono_literals;
using identity::Role;

const Timestamp k_t0 = from_millis(1'764'550'800'000);  // 2025-12-01T01:00:00Z, a Monday, 09:00 in Shanghai

class SlaContract : public ::testing::TestWithParam<Backend> {
 protected:
  void SetUp() override {
    m_store = GetParam().open(m_dir.path());
    ASSERT_TRUE(sla::ensure_defaults(m_store->sla(), k_t0).value());
  }

  Id user(const std::string& login, Role role, std::optional<Id> org = {}) {
    identity::NewUser u{login, login, std::nullopt, std::nullopt, role, org, {}, "hash"};
    return m_store->identity()
        .write([&](identity::IdentityTx& tx) { return tx.identity().insert_user(u, k_t0); })
        .value();
  }
  Id org(const std::string& name, identity::OrgKind kind) {
    return m_store->identity()
        .write([&](identity::IdentityTx& tx) {
          return tx.identity().insert_org({0, name, kind, std::nullopt, k_t0});
        })
        .value();
  }

  static ticket::NewTicket new_ticket(const std::string& subject) {
    ticket::NewTicket n;
    n.subject = subject;
    n.description = "三楼打印机卡纸";
    return n;
  }

  TempDir m_dir;
  std::unique_ptr<storage::Store> m_store;
};

TEST_P(SlaContract, a_new_database_holds_the_default_calendars_and_policies_once) {
  EXPECT_FALSE(sla::ensure_defaults(m_store->sla(), k_t0).value()) << "seeding twice does nothing";
  auto cals = m_store->sla().read(
      [](sla::SlaTx& tx) -> Result<std::vector<sla::Calendar>> { return tx.sla().list_calendars(); });
  ASSERT_EQ(cals->size(), 2u);
  EXPECT_EQ((*cals)[0].holidays.size(), sla::china_business_calendar().holidays.size());
  EXPECT_EQ((*cals)[0].week, sla::china_business_calendar().week);
  EXPECT_TRUE((*cals)[1].always_open);
  auto pols = m_store->sla().read(
      [](sla::SlaTx& tx) -> Result<std::vector<sla::Policy>> { return tx.sla().list_policies(); });
  ASSERT_EQ(pols->size(), 3u);
  EXPECT_EQ((*pols)[0].position, 5) << "listed in evaluation order";
  EXPECT_EQ((*pols)[1].targets[2].first_response, 60);
  auto dup = m_store->sla().write([&](sla::SlaTx& tx) -> Result<Id> {
    auto c = sla::always_open_calendar();
    return tx.sla().insert_calendar(c);
  });
  ASSERT_FALSE(dup.ok());
  EXPECT_EQ(dup.error().field, "name");
}

TEST_P(SlaContract, a_ticket_record_reads_back_field_for_field_and_with_its_ticket) {
  Id req = user("req", Role::requester);
  ManualClock clock(k_t0);
  ticket::TicketService tickets(m_store->tickets(), clock);
  identity::Principal p{req, "req", Role::requester, {}, {}, {}, {}, {}};
  auto t = tickets.create(p, new_ticket("打印机"));
  ASSERT_TRUE(t.ok());
  ticket::TicketSla s;
  s.ticket_id = t->ticket.id;
  s.policy_id = 2;
  s.policy_name = "内部员工 Internal staff";
  s.why = "because";
  s.calendar_id = 1;
  s.started_at = k_t0;
  s.priority = ticket::Priority::P2;
  s.first_response_target = 60;
  s.resolution_target = 240;
  s.warn_percent = 80;
  s.second_level_percent = 0;
  s.pause_states = {ticket::State::pending_customer};
  s.stopped = 12345ms;
  s.stopped_since = k_t0 + 5min;
  s.paused = true;
  s.first_response_at = k_t0 + 3min;
  s.last_public_update = k_t0 + 3min;
  s.first_response_due = k_t0 + 1h;
  s.resolution_due = k_t0 + 4h;
  s.resolution_warn = k_t0 + 3h;
  s.next_update_due = k_t0 + 2h;
  s.first_response_warned = true;
  s.resolution_escalated = true;
  s.next_check = k_t0 + 3h;
  s.nearest_due = k_t0 + 4h;
  ASSERT_TRUE(m_store->sla()
                  .write([&](sla::SlaTx& tx) -> Result<void> {
                    tx.sla().save_ticket_sla(s);
                    s.why = "saved twice: the second write replaces the first";
                    tx.sla().save_ticket_sla(s);
                    return ok();
                  })
                  .ok());
  auto back = m_store->sla().read([&](sla::SlaTx& tx) -> Result<std::optional<ticket::TicketSla>> {
    return tx.sla().find_ticket_sla(s.ticket_id, false);
  });
  ASSERT_TRUE(back.ok() && back->has_value());
  const auto& b = **back;
  EXPECT_EQ(b.why, s.why);
  EXPECT_EQ(b.priority, s.priority);
  EXPECT_EQ(b.first_response_target, 60);
  EXPECT_FALSE(b.next_update_target.has_value());
  EXPECT_EQ(b.warn_percent, 80);
  EXPECT_EQ(b.second_level_percent, 0);
  EXPECT_EQ(b.pause_states, s.pause_states);
  EXPECT_EQ(b.stopped, 12345ms);
  EXPECT_EQ(b.stopped_since, s.stopped_since);
  EXPECT_TRUE(b.paused);
  EXPECT_EQ(b.first_response_at, s.first_response_at);
  EXPECT_FALSE(b.resolved_at.has_value());
  EXPECT_EQ(b.resolution_warn, s.resolution_warn);
  EXPECT_EQ(b.next_update_due, s.next_update_due);
  EXPECT_TRUE(b.first_response_warned);
  EXPECT_FALSE(b.first_response_breached);
  EXPECT_TRUE(b.resolution_escalated);
  EXPECT_EQ(b.next_check, s.next_check);
  EXPECT_EQ(b.nearest_due, s.nearest_due);
  auto view = m_store->tickets().read([&](ticket::TicketTx& tx) -> Result<std::optional<ticket::TicketView>> {
    return tx.tickets().find_ticket(s.ticket_id);
  });
  ASSERT_TRUE((*view)->sla.has_value()) << "a ticket is read with its SLA";
  EXPECT_EQ((*view)->sla->resolution_due, s.resolution_due);
}

TEST_P(SlaContract, the_due_time_index_hands_out_what_has_come_oldest_first) {
  Id req = user("req", Role::requester);
  ManualClock clock(k_t0);
  ticket::TicketService tickets(m_store->tickets(), clock);
  identity::Principal p{req, "req", Role::requester, {}, {}, {}, {}, {}};
  std::vector<Id> ids;
  for (int i = 0; i < 5; ++i)
    ids.push_back(tickets.create(p, new_ticket("t" + std::to_string(i)))->ticket.id);
  ASSERT_TRUE(m_store->sla()
                  .write([&](sla::SlaTx& tx) -> Result<void> {
                    for (int i = 0; i < 5; ++i) {
                      ticket::TicketSla s;
                      s.ticket_id = ids[static_cast<std::size_t>(i)];
                      s.policy_id = 2;
                      s.calendar_id = 1;
                      s.started_at = k_t0;
                      if (i != 2)
                        s.next_check =
                            k_t0 + std::chrono::minutes(10 * (5 - i));  // 50, 40, –, 20, 10 minutes
                      tx.sla().save_ticket_sla(s);
                    }
                    return ok();
                  })
                  .ok());
  auto due = [&](Timestamp now, int limit) {
    return m_store->sla()
        .write([&](sla::SlaTx& tx) -> Result<std::vector<Id>> { return tx.sla().due_tickets(now, limit); })
        .value();
  };
  EXPECT_TRUE(due(k_t0 + 5min, 10).empty());
  EXPECT_EQ(due(k_t0 + 45min, 10), (std::vector<Id>{ids[4], ids[3], ids[1]}));
  EXPECT_EQ(due(k_t0 + 2h, 2), (std::vector<Id>{ids[4], ids[3]}));
}

TEST_P(SlaContract, notifications_belong_to_their_user) {
  Id a = user("lead.a", Role::team_lead), b = user("lead.b", Role::team_lead);
  ASSERT_TRUE(m_store->notifications()
                  .write([&](notify::NotifyTx& tx) -> Result<void> {
                    for (int i = 0; i < 3; ++i)
                      tx.notifications().insert_notification({0, a, "sla.warning", std::nullopt,
                                                              "t" + std::to_string(i), "{}", k_t0,
                                                              std::nullopt});
                    tx.notifications().insert_notification(
                        {0, b, "sla.breached", std::nullopt, "b", "{}", k_t0, std::nullopt});
                    return ok();
                  })
                  .ok());
  auto list = [&](Id u, bool unread) {
    return m_store->notifications()
        .read([&](notify::NotifyTx& tx) -> Result<std::vector<notify::Notification>> {
          return tx.notifications().list_notifications(u, unread, std::nullopt, 10);
        })
        .value();
  };
  auto mine = list(a, false);
  ASSERT_EQ(mine.size(), 3u);
  EXPECT_GT(mine[0].id, mine[1].id) << "newest first";
  auto mark = [&](Id u, Id id) {
    return m_store->notifications()
        .write([&](notify::NotifyTx& tx) -> Result<bool> {
          return tx.notifications().mark_read(u, id, k_t0 + 1min);
        })
        .value();
  };
  EXPECT_FALSE(mark(b, mine[0].id)) << "not b's to mark";
  EXPECT_TRUE(mark(a, mine[0].id));
  EXPECT_EQ(list(a, true).size(), 2u);
  auto unread_b = m_store->notifications().read(
      [&](notify::NotifyTx& tx) -> Result<int> { return tx.notifications().count_unread(b); });
  EXPECT_EQ(*unread_b, 1);
}

// Two nodes' scheduler passes over the same due tickets at the same moment: every warning fires once.
TEST_P(SlaContract, concurrent_scheduler_passes_fire_each_timer_exactly_once) {
  Id internal = org("财务部", identity::OrgKind::internal);
  Id req = user("req", Role::requester, internal);
  Id lead = user("lead", Role::team_lead);
  ManualClock clock(k_t0);
  ticket::TicketService tickets(m_store->tickets(), clock);
  sla::SlaEngine a(m_store->sla(), clock), b(m_store->sla(), clock);
  tickets.add_observer(&a);
  a.set_ticket_service(&tickets);
  b.set_ticket_service(&tickets);
  identity::Principal p{req, "req", Role::requester, internal, {}, {}, {}, {}};
  constexpr int k_tickets = 120;
  for (int i = 0; i < k_tickets; ++i)
    ASSERT_TRUE(tickets.create(p, new_ticket("t" + std::to_string(i))).ok());
  clock.advance(50min);  // past the warning (45 min), before the breach (60 min)
  std::atomic<int> handled{0};
  auto run = [&](sla::SlaEngine& e) {
    for (int pass = 0; pass < 20; ++pass) {
      auto n = e.tick(25);
      ASSERT_TRUE(n.ok()) << n.error().message;
      handled += *n;
    }
  };
  std::thread ta([&] { run(a); }), tb([&] { run(b); });
  ta.join();
  tb.join();
  EXPECT_EQ(handled.load(), k_tickets);
  auto page = m_store->tickets().read([&](ticket::TicketTx& tx) -> Result<int> {
    int warnings = 0;
    ticket::TicketScope all;
    all.kind = ticket::TicketScope::Kind::all;
    ticket::TicketQuery q;
    q.limit = 1000;
    for (const auto& v : tx.tickets().list_tickets(all, q)) {
      int here = 0;
      for (const auto& e : tx.tickets().list_events(v.ticket.id, true))
        here += e.field == "sla_first_response" && e.after == "warning";
      EXPECT_EQ(here, 1) << "ticket " << v.ticket.number;
      warnings += here;
    }
    return warnings;
  });
  EXPECT_EQ(*page, k_tickets);
  auto lead_notes = m_store->notifications().read(
      [&](notify::NotifyTx& tx) -> Result<int> { return tx.notifications().count_unread(lead); });
  EXPECT_EQ(*lead_notes, k_tickets) << "one warning each for the unassigned tickets' team lead";
}

// The department moves its lunch break and shortens the internal P1 resolution target; then the
// bulk recomputation (read in chunks, computed on a helper thread, written in bulk) must leave every
// record exactly as the per-ticket rule — reapply() with the ticket's policy and the new calendar —
// computes it: open tickets of internal requesters get new due times (and P1 ones new terms), those
// of external ones move to the external policy, resolved and closed tickets keep the promise they
// were held to. Enough tickets for several batches and a partial last chunk.
TEST_P(SlaContract, a_bulk_recompute_after_a_calendar_change_gives_each_ticket_its_own_computation) {
  Id internal = org("财务部", identity::OrgKind::internal);
  Id external = org("远大集团", identity::OrgKind::external);
  Id req = user("req", Role::requester, internal);
  auto calendars = m_store->sla()
                       .read([](sla::SlaTx& tx) -> Result<std::vector<sla::Calendar>> {
                         return tx.sla().list_calendars();
                       })
                       .value();
  auto policies =
      m_store->sla()
          .read([](sla::SlaTx& tx) -> Result<std::vector<sla::Policy>> { return tx.sla().list_policies(); })
          .value();
  auto policy_for = [](const std::vector<sla::Policy>& all, sla::RequesterKind kind) {
    return *std::find_if(all.begin(), all.end(),
                         [&](const sla::Policy& p) { return p.active && p.requester_kind == kind; });
  };
  const sla::Policy staff = policy_for(policies, sla::RequesterKind::internal);
  sla::Calendar business = calendars.front();
  ASSERT_FALSE(business.always_open);
  const sla::BusinessClock old_clock(business);

  // Every ticket starts under the internal staff policy, at its own time of a working week.
  constexpr int k_tickets = 2'345;
  std::map<Id, ticket::State> states;
  std::set<Id> externals;
  ASSERT_TRUE(
      m_store->sla()
          .write([&](sla::SlaTx& tx) -> Result<void> {
            for (int i = 0; i < k_tickets; ++i) {
              ticket::Ticket t;
              t.created_at = t.updated_at = k_t0 + std::chrono::minutes(i * 7 % (5 * 24 * 60));
              t.requester_id = req;
              t.organization_id = i % 3 == 0 ? external : internal;
              t.subject = "打印机卡纸";
              t.description = "三楼打印机卡纸";
              t.priority = static_cast<ticket::Priority>(i % 4);
              t.state = i % 10 == 9   ? ticket::State::closed
                        : i % 10 == 8 ? ticket::State::pending_customer
                                      : ticket::State::in_progress;
              t.number = "R-" + std::to_string(i);
              t.id = tx.tickets().insert_ticket(t);
              states[t.id] = t.state;
              if (t.organization_id == external) externals.insert(t.id);
              auto s = sla::start(t.id, staff, t.priority, t.created_at, old_clock);
              if (i % 4 == 1) sla::on_public_update(s, t.created_at + 20min, old_clock);
              if (t.state == ticket::State::pending_customer)
                sla::on_state_change(s, ticket::State::in_progress, t.state, t.created_at + 30min, old_clock);
              if (t.state == ticket::State::closed) {
                sla::on_state_change(s, ticket::State::in_progress, ticket::State::resolved,
                                     t.created_at + 2h, old_clock);
                sla::on_state_change(s, ticket::State::resolved, t.state, t.created_at + 3h, old_clock);
              }
              tx.sla().save_ticket_sla(s);
            }
            return ok();
          })
          .ok());
  auto all_records = [&] {
    return m_store->sla()
        .read([&](sla::SlaTx& tx) -> Result<std::map<Id, ticket::TicketSla>> {
          std::map<Id, ticket::TicketSla> out;
          for (const auto& [id, state] : states)
            out.emplace(id, *tx.sla().find_ticket_sla(id, false));
          return out;
        })
        .value();
  };
  const auto before = all_records();

  // The lunch break moves by half an hour; internal P1 tickets are to be solved within 90 minutes.
  const int afternoon = business.week[0].at(1).start == 13 * 60 ? 13 * 60 + 30 : 13 * 60;
  for (std::size_t w = 0; w < 5; ++w)
    business.week[w] = {{9 * 60, 12 * 60}, {afternoon, 18 * 60}};
  sla::Policy staff_now = staff;
  staff_now.targets[0].resolution = 90;
  ASSERT_TRUE(m_store->sla()
                  .write([&](sla::SlaTx& tx) -> Result<void> {
                    TD_TRY(tx.sla().update_calendar(business));
                    return tx.sla().update_policy(staff_now);
                  })
                  .ok());
  const sla::Policy customers = policy_for(policies, sla::RequesterKind::external);
  const sla::BusinessClock new_clock(business);

  ManualClock clock(k_t0 + 24h * 7);
  sla::SlaEngine engine(m_store->sla(), clock);
  int done = 0, changed = 0, batches = 0;
  sla::RecomputeRun run;
  run.remaining = k_tickets;
  run.set_aside_from = 1;  // the path a million tickets take: the due-time index set aside meanwhile
  auto visited = engine.recompute_all(run, [&](const sla::RecomputeBatch& batch) -> Result<void> {
    done += batch.done;
    changed += batch.changed;
    ++batches;
    return ok();
  });
  ASSERT_TRUE(visited.ok()) << visited.error().message;
  EXPECT_EQ(*visited, done);
  EXPECT_EQ(batches, 3);
  const auto after = all_records();
  int expected_changes = 0, mismatches = 0, open = 0;
  for (const auto& [id, state] : states) {
    ticket::TicketSla expected = before.at(id);
    if (ticket::is_open(state)) {
      ++open;
      sla::reapply(expected, externals.count(id) ? customers : staff_now, expected.priority, new_clock);
    }
    expected_changes += !(expected == before.at(id));
    if (!(after.at(id) == expected) && ++mismatches <= 5)
      ADD_FAILURE() << "ticket " << id << " (" << ticket::name(state) << ", "
                    << ticket::name(expected.priority) << "): policy " << after.at(id).policy_name << " / "
                    << expected.policy_name << ", resolution due "
                    << format_rfc3339(after.at(id).resolution_due.value_or(Timestamp{})) << " / "
                    << format_rfc3339(expected.resolution_due.value_or(Timestamp{})) << ", next check "
                    << format_rfc3339(after.at(id).next_check.value_or(Timestamp{})) << " / "
                    << format_rfc3339(expected.next_check.value_or(Timestamp{}));
  }
  EXPECT_EQ(mismatches, 0);
  EXPECT_EQ(done, open) << "open tickets only";
  EXPECT_EQ(changed, expected_changes) << "exactly the records that changed were written";
  EXPECT_GT(expected_changes, open / 2) << "the change moved most due times";
  auto moved = m_store->tickets().read([&](ticket::TicketTx& tx) -> Result<int> {
    int n = 0;
    for (const auto& [id, state] : states)
      for (const auto& e : tx.tickets().list_events(id, true))
        n += e.field == "sla_policy" && e.after == customers.name;
    return n;
  });
  int external_open = 0;
  for (const auto& [id, state] : states)
    external_open += ticket::is_open(state) && externals.count(id);
  EXPECT_EQ(*moved, external_open) << "each move to another policy is recorded once";

  // Nothing changed since: a second run reads everything and writes nothing.
  auto again = engine.recompute(0, 100'000, true);
  ASSERT_TRUE(again.ok());
  EXPECT_EQ(again->done, open);
  EXPECT_EQ(again->changed, 0);
  // The scheduler still finds what is due through the due-time index.
  auto due = m_store->sla().write([&](sla::SlaTx& tx) -> Result<std::size_t> {
    return tx.sla().due_tickets(k_t0 + 24h * 30, 100'000).size();
  });
  std::size_t with_next_check = 0;
  for (const auto& [id, s] : all_records())
    with_next_check += s.next_check.has_value();
  EXPECT_EQ(*due, with_next_check);
}

// A recomputation reads records in one transaction and writes them in another. A write guarded by
// what was read applies only while the record still holds it: each clock event in between (a breach
// fired, a pause, a first reply, a priority change …) makes it miss, and it says which one missed.
TEST_P(SlaContract, a_guarded_schedule_write_applies_only_while_the_record_holds_what_was_read) {
  Id req = user("req", Role::requester);
  ManualClock clock(k_t0);
  ticket::TicketService tickets(m_store->tickets(), clock);
  identity::Principal p{req, "req", Role::requester, {}, {}, {}, {}, {}};
  const Id first = tickets.create(p, new_ticket("打印机")).value().ticket.id;
  clock.advance(10min);
  const Id second = tickets.create(p, new_ticket("网络")).value().ticket.id;
  auto policies =
      m_store->sla()
          .read([](sla::SlaTx& tx) -> Result<std::vector<sla::Policy>> { return tx.sla().list_policies(); })
          .value();
  auto calendars = m_store->sla()
                       .read([](sla::SlaTx& tx) -> Result<std::vector<sla::Calendar>> {
                         return tx.sla().list_calendars();
                       })
                       .value();
  const sla::BusinessClock business(calendars.front());
  const sla::Policy& policy = policies.front();
  const ticket::TicketSla read = sla::start(first, policy, ticket::Priority::P3, k_t0, business);
  const sla::SlaRepo::ScheduleGuard guard = [&] {
    sla::SlaRepo::ScheduleGuard g;
    g.next_check = read.next_check;
    g.stopped_since = read.stopped_since;
    g.first_response_at = read.first_response_at;
    g.last_public_update = read.last_public_update;
    g.stopped = read.stopped;
    g.policy_id = read.policy_id;
    g.priority = read.priority;
    g.flags = sla::guard_flags(read);
    return g;
  }();
  ticket::TicketSla recomputed = read;
  recomputed.resolution_due = *read.resolution_due + 30min;
  auto stored = [&] {
    return m_store->sla()
        .read([&](sla::SlaTx& tx) -> Result<ticket::TicketSla> {
          return *tx.sla().find_ticket_sla(first, false);
        })
        .value();
  };
  using Change = std::function<void(ticket::TicketSla&)>;
  const std::vector<std::pair<std::string, Change>> events = {
      {"next check", [](ticket::TicketSla& s) { s.next_check = *s.next_check + 1min; }},
      {"paused", [](ticket::TicketSla& s) { s.stopped_since = k_t0 + 5min; }},
      {"first reply", [](ticket::TicketSla& s) { s.first_response_at = k_t0 + 3min; }},
      {"public update", [](ticket::TicketSla& s) { s.last_public_update = k_t0 + 3min; }},
      {"time stopped", [](ticket::TicketSla& s) { s.stopped = 60s; }},
      {"another policy", [&](ticket::TicketSla& s) { s.policy_id = policies.back().id; }},
      {"priority", [](ticket::TicketSla& s) { s.priority = ticket::Priority::P1; }},
      {"first response breached", [](ticket::TicketSla& s) { s.first_response_breached = true; }},
      {"next update breached", [](ticket::TicketSla& s) { s.next_update_breached = true; }},
  };
  for (const auto& [what, change] : events) {
    ticket::TicketSla meanwhile = read;
    change(meanwhile);
    auto missed = m_store->sla().write([&](sla::SlaTx& tx) -> Result<std::vector<Id>> {
      tx.sla().save_ticket_sla(meanwhile);
      const sla::SlaRepo::ScheduleWrite w{&recomputed, sla::SlaRepo::ScheduleChange::due_times, &guard};
      return tx.sla().save_ticket_sla_schedules(std::span(&w, 1));
    });
    ASSERT_TRUE(missed.ok());
    EXPECT_EQ(*missed, std::vector<Id>{first}) << what;
    EXPECT_EQ(stored().resolution_due, read.resolution_due) << what << ": nothing written";
  }
  // Unchanged since the read: the guarded write applies; an unguarded one always does.
  for (const sla::SlaRepo::ScheduleGuard* g :
       {&guard, static_cast<const sla::SlaRepo::ScheduleGuard*>(nullptr)}) {
    auto missed = m_store->sla().write([&](sla::SlaTx& tx) -> Result<std::vector<Id>> {
      tx.sla().save_ticket_sla(read);
      const sla::SlaRepo::ScheduleWrite w{&recomputed, sla::SlaRepo::ScheduleChange::due_times, g};
      return tx.sla().save_ticket_sla_schedules(std::span(&w, 1));
    });
    ASSERT_TRUE(missed.ok());
    EXPECT_TRUE(missed->empty());
    EXPECT_EQ(stored().resolution_due, recomputed.resolution_due);
  }
  // A record that is not there is missed too.
  auto gone = m_store->sla().write([&](sla::SlaTx& tx) -> Result<std::vector<Id>> {
    ticket::TicketSla other = recomputed;
    other.ticket_id = second;
    const sla::SlaRepo::ScheduleWrite w{&other, sla::SlaRepo::ScheduleChange::due_times, &guard};
    return tx.sla().save_ticket_sla_schedules(std::span(&w, 1));
  });
  EXPECT_EQ(*gone, std::vector<Id>{second});

  // Tickets updated since a time, within an id range.
  auto updated = [&](Timestamp since, Id from, Id to) {
    return m_store->sla()
        .read([&](sla::SlaTx& tx) -> Result<std::vector<Id>> {
          return tx.sla().tickets_updated_since(since, from, to);
        })
        .value();
  };
  EXPECT_EQ(updated(k_t0, first, second), (std::vector<Id>{first, second}));
  EXPECT_EQ(updated(k_t0 + 5min, first, second), std::vector<Id>{second});
  EXPECT_EQ(updated(k_t0 + 5min, first, first), std::vector<Id>{});
  EXPECT_EQ(updated(k_t0 + 11min, first, second), std::vector<Id>{});
}

// The staff policy moves to the 7×24 calendar: the same policy on another calendar. The bulk
// recomputation rewrites policy and calendar of each record but keeps why the policy applies (the
// rows are read without it).
TEST_P(SlaContract, a_policy_moved_to_another_calendar_keeps_why_it_applies) {
  Id internal = org("财务部", identity::OrgKind::internal);
  Id req = user("req", Role::requester, internal);
  ManualClock clock(k_t0);
  ticket::TicketService tickets(m_store->tickets(), clock);
  sla::SlaEngine engine(m_store->sla(), clock);
  tickets.add_observer(&engine);
  engine.set_ticket_service(&tickets);
  identity::Principal p{req, "req", Role::requester, internal, {}, {}, {}, {}};
  std::vector<Id> ids;
  for (int i = 0; i < 30; ++i)
    ids.push_back(tickets.create(p, new_ticket("t" + std::to_string(i))).value().ticket.id);
  auto record = [&](Id id) {
    return m_store->sla()
        .read(
            [&](sla::SlaTx& tx) -> Result<ticket::TicketSla> { return *tx.sla().find_ticket_sla(id, false); })
        .value();
  };
  const ticket::TicketSla before = record(ids.front());
  ASSERT_FALSE(before.why.empty());
  Id always_open = 0;
  ASSERT_TRUE(m_store->sla()
                  .write([&](sla::SlaTx& tx) -> Result<void> {
                    for (const auto& c : tx.sla().list_calendars())
                      if (c.always_open) always_open = c.id;
                    auto policy = *tx.sla().find_policy(before.policy_id);
                    policy.calendar_id = always_open;
                    return tx.sla().update_policy(policy);
                  })
                  .ok());
  engine.invalidate();
  sla::RecomputeRun run;
  run.batch = 7;
  run.remaining = 30;
  int changed = 0;
  auto visited = engine.recompute_all(run, [&](const sla::RecomputeBatch& b) -> Result<void> {
    changed += b.changed;
    return ok();
  });
  ASSERT_TRUE(visited.ok()) << visited.error().message;
  EXPECT_EQ(*visited, 30);
  EXPECT_EQ(changed, 30);
  for (Id id : ids) {
    const auto s = record(id);
    EXPECT_EQ(s.calendar_id, always_open);
    EXPECT_EQ(s.policy_id, before.policy_id);
    EXPECT_EQ(s.why, before.why) << "ticket " << id;
    // Around the clock, the first response is due an hour after creation.
    EXPECT_EQ(s.first_response_due, s.started_at + std::chrono::minutes(*s.first_response_target));
  }
}

// While a recomputation has the due-time index set aside (SQLite), the scheduler passes of two nodes
// still find what falls due and fire each warning exactly once; the index is back afterwards.
TEST_P(SlaContract, scheduler_passes_during_a_recompute_fire_each_timer_exactly_once) {
  Id internal = org("财务部", identity::OrgKind::internal);
  Id req = user("req", Role::requester, internal);
  ManualClock clock(k_t0);
  ticket::TicketService tickets(m_store->tickets(), clock);
  sla::SlaEngine a(m_store->sla(), clock), b(m_store->sla(), clock);
  tickets.add_observer(&a);
  a.set_ticket_service(&tickets);
  b.set_ticket_service(&tickets);
  identity::Principal p{req, "req", Role::requester, internal, {}, {}, {}, {}};
  constexpr int k_tickets = 300;
  for (int i = 0; i < k_tickets; ++i)
    ASSERT_TRUE(tickets.create(p, new_ticket("t" + std::to_string(i))).ok());
  // The afternoon starts half an hour earlier or later: every resolution due time moves.
  ASSERT_TRUE(m_store->sla()
                  .write([&](sla::SlaTx& tx) -> Result<void> {
                    auto c = tx.sla().list_calendars().front();
                    const int afternoon = c.week[0].at(1).start == 13 * 60 ? 13 * 60 + 30 : 13 * 60;
                    for (std::size_t w = 0; w < 5; ++w)
                      c.week[w] = {{9 * 60, 12 * 60}, {afternoon, 18 * 60}};
                    return tx.sla().update_calendar(c);
                  })
                  .ok());
  a.invalidate();
  b.invalidate();
  clock.advance(50min);  // past the first-response warning (45 min), before the breach (60 min)
  std::atomic<int> handled{0};
  std::atomic<bool> recomputing{true};
  std::thread recompute([&] {
    sla::RecomputeRun run;
    run.batch = 20;
    run.remaining = k_tickets;
    run.set_aside_from = 1;
    auto r = a.recompute_all(run, [](const sla::RecomputeBatch&) -> Result<void> { return ok(); });
    EXPECT_TRUE(r.ok()) << r.error().message;
    EXPECT_EQ(*r, k_tickets);
    recomputing = false;
  });
  auto passes = [&](sla::SlaEngine& e) {
    do {
      auto n = e.tick(7);
      ASSERT_TRUE(n.ok()) << n.error().message;
      handled += *n;
    } while (recomputing);
  };
  std::thread ta([&] { passes(a); }), tb([&] { passes(b); });
  recompute.join();
  ta.join();
  tb.join();
  while (a.tick(500).value() > 0) {
  }
  auto warnings = m_store->tickets().read([&](ticket::TicketTx& tx) -> Result<std::map<int, int>> {
    std::map<int, int> per_ticket;  // warnings → tickets with that many
    ticket::TicketScope all;
    all.kind = ticket::TicketScope::Kind::all;
    ticket::TicketQuery q;
    q.limit = 1000;
    for (const auto& v : tx.tickets().list_tickets(all, q)) {
      int here = 0;
      for (const auto& e : tx.tickets().list_events(v.ticket.id, true))
        here += e.field == "sla_first_response" && e.after == "warning";
      ++per_ticket[here];
    }
    return per_ticket;
  });
  EXPECT_EQ(*warnings, (std::map<int, int>{{1, k_tickets}})) << "one warning for each ticket";
  auto due = m_store->sla().write(
      [&](sla::SlaTx& tx) -> Result<std::size_t> { return tx.sla().due_tickets(clock.now(), 1000).size(); });
  EXPECT_EQ(*due, 0u) << "nothing due is left behind";
}

INSTANTIATE_TEST_SUITE_P(Backends, SlaContract, ::testing::ValuesIn(contract_backends()),
                         [](const ::testing::TestParamInfo<Backend>& info) { return info.param.name; });

}  // namespace
}  // namespace techdesk::contract
