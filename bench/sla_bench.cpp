// SLA scheduler and recomputation figures (not a test; `bash bench/sla.sh` runs it).
//
//   sla_bench fill --db URL --tickets N [--open-share 0.1] [--before-lunch]
//       N tickets of internal requesters, created over the last 60 days through the real rules (each one's
//       SLA record computed by sla::start on the PRC calendar), written 500 per transaction. Open tickets
//       are from the last three hours, or with --before-lunch from the two working hours before the last
//       lunch break: then every open ticket's promise runs over that break, and change-calendar changes
//       every record, whatever the time of day the bench runs at.
//   sla_bench passes --db URL --passes 50
//       Scheduler passes (SlaEngine::tick, batch sla::k_pass_limit) with nothing due, then passes that each
//       handle a batch of due tickets; prints median and p99 per pass.
//   sla_bench catchup --db URL
//       Everything due at once (as after a long downtime): how long until the backlog is worked off.
//   sla_bench change-calendar --db URL
//       Moves the lunch break of the business calendar, so that every running due time changes.
#include <algorithm>
#include <chrono>
#include <cstdio>
#include <cstdlib>
#include <cstring>
#include <random>
#include <string>
#include <vector>

#include "common/progress.h"
#include "sla/sla_engine.h"
#include "sla/sla_service.h"
#include "storage/store.h"
#include "ticket/ticket_number.h"
#include "ticket/ticket_service.h"

using namespace techdesk;
using namespace std::chrono_literals;

namespace {

bool has(int argc, char** argv, const char* flag) {
  for (int i = 2; i < argc; ++i)
    if (std::strcmp(argv[i], flag) == 0) return true;
  return false;
}

std::string arg(int argc, char** argv, const char* name, const char* fallback) {
  for (int i = 2; i + 1 < argc; ++i)
    if (std::strcmp(argv[i], name) == 0) return argv[i + 1];
  return fallback;
}

double ms_since(std::chrono::steady_clock::time_point t) {
  return std::chrono::duration<double, std::milli>(std::chrono::steady_clock::now() - t).count();
}

void summary(const char* what, std::vector<double> v) {
  std::sort(v.begin(), v.end());
  auto at = [&](double q) {
    return v[std::min(v.size() - 1, static_cast<std::size_t>(q * static_cast<double>(v.size())))];
  };
  std::printf("%-44s n=%-4zu median %8.2f ms   p99 %8.2f ms   max %8.2f ms\n", what, v.size(), at(0.5),
              at(0.99), v.back());
}

std::unique_ptr<storage::Store> open(const std::string& url) {
  auto s = storage::open_store(url);
  if (!s) {
    std::fprintf(stderr, "cannot open %s: %s\n", url.c_str(), s.error().message.c_str());
    std::exit(1);
  }
  if (!(*s)->migrate()) std::exit(1);
  (void)sla::ensure_defaults((*s)->sla(), SystemClock().now());
  return s.release_value();
}

// The start of the last lunch break before `now`: working time for the two hours before it and none in
// the 90 minutes after it (12:00 on the PRC calendar's last working day before now).
Timestamp last_lunch(const sla::BusinessClock& clock, Timestamp now) {
  auto t = std::chrono::floor<std::chrono::minutes>(now);
  for (int i = 0; i < 60 * 24 * 30; ++i, t -= 1min)
    if (!clock.is_working(t) && clock.is_working(t - 1min) && clock.between(t - 2h, t) == 2h &&
        clock.between(t, t + 90min) == 0min && clock.is_working(t + 90min))
      return t;
  std::fprintf(stderr, "fill: no lunch break in the last 30 days\n");
  std::exit(1);
}

int fill(storage::Store& store, long n, double open_share, bool before_lunch) {
  const Timestamp now = SystemClock().now();
  Id org =
      store.identity()
          .write([&](identity::IdentityTx& tx) -> Result<Id> {
            if (auto o = tx.identity().find_org_by_name("财务部")) return o->id;
            return tx.identity().insert_org({0, "财务部", identity::OrgKind::internal, std::nullopt, now});
          })
          .value();
  std::vector<Id> requesters;
  for (int i = 0; i < 200; ++i)
    requesters.push_back(store.identity()
                             .write([&](identity::IdentityTx& tx) -> Result<Id> {
                               identity::NewUser u{"bench.req" + std::to_string(i),
                                                   "用户" + std::to_string(i),
                                                   std::nullopt,
                                                   std::nullopt,
                                                   identity::Role::requester,
                                                   org,
                                                   {},
                                                   "x"};
                               auto r = tx.identity().insert_user(u, now);
                               if (r) return r;
                               return tx.identity().find_user_secrets_by_login(u.login)->user.id;
                             })
                             .value());
  auto policies =
      store.sla()
          .read([](sla::SlaTx& tx) -> Result<std::vector<sla::Policy>> { return tx.sla().list_policies(); })
          .value();
  auto calendars = store.sla()
                       .read([](sla::SlaTx& tx) -> Result<std::vector<sla::Calendar>> {
                         return tx.sla().list_calendars();
                       })
                       .value();
  const sla::Policy* internal = nullptr;
  for (const auto& p : policies)
    if (p.requester_kind == sla::RequesterKind::internal) internal = &p;
  sla::BusinessClock clock(calendars.front());
  // Open tickets are created within the open_span milliseconds up to open_to.
  const Timestamp open_to = before_lunch ? last_lunch(clock, now) - 1ms : now;
  const auto open_span = before_lunch ? 2 * 3600 * 1000 - 60 * 1000 : 3 * 3600 * 1000;
  std::mt19937_64 rng(7);
  const auto span = std::chrono::duration_cast<std::chrono::milliseconds>(60 * 24h).count();
  ProgressBar bar("tickets", static_cast<std::size_t>(n));
  // 500 a transaction: every statement that may fail half-way (an insert with a unique key or a trigger)
  // ends by cutting SQLite's in-memory statement journal back, a walk from its start over the pages the
  // transaction touched so far; at 5,000 tickets a transaction that walk was 86 % of the fill's time.
  constexpr long k_batch = 500;
  for (long done = 0; done < n; done += k_batch) {
    const long count = std::min(k_batch, n - done);
    auto r = store.sla().write([&](sla::SlaTx& tx) -> Result<void> {
      for (long i = 0; i < count; ++i) {
        const bool open = std::uniform_real_distribution<double>(0, 1)(rng) < open_share;
        ticket::Ticket t;
        // Open tickets are recent (their clocks still run); closed ones spread over 60 days.
        const auto age = open ? std::uniform_int_distribution<std::int64_t>(0, open_span)(rng)
                              : std::uniform_int_distribution<std::int64_t>(0, span)(rng);
        t.created_at = t.updated_at = (open ? open_to : now) - std::chrono::milliseconds(age);
        t.requester_id = requesters[static_cast<std::size_t>((done + i) % 200)];
        t.organization_id = org;
        t.subject = "打印机卡纸";
        t.description = "三楼打印机卡纸，无法打印";
        t.priority = static_cast<ticket::Priority>((done + i) % 4);
        t.state = open ? ticket::State::in_progress : ticket::State::closed;
        const std::string day = "B" + std::to_string((done + i) / 9000);
        t.number = day + "-" + std::to_string((done + i) % 9000);
        t.id = tx.tickets().insert_ticket(t);
        auto s = sla::start(t.id, *internal, t.priority, t.created_at, clock);
        if (!open) {
          sla::on_public_update(s, t.created_at + 10min, clock);
          sla::on_state_change(s, ticket::State::in_progress, ticket::State::resolved, t.created_at + 2h,
                               clock);
          sla::on_state_change(s, ticket::State::resolved, ticket::State::closed, t.created_at + 3h, clock);
        }
        tx.sla().save_ticket_sla(s);
      }
      return ok();
    });
    if (!r) {
      std::fprintf(stderr, "fill: %s\n", r.error().message.c_str());
      return 1;
    }
    bar.advance(static_cast<std::size_t>(count));
  }
  return 0;
}

// A clock that stands at `now` unless moved.
int passes(storage::Store& store, int count) {
  ManualClock clock(SystemClock().now());
  sla::SlaEngine engine(store.sla(), clock);
  ticket::TicketService tickets(store.tickets(), clock);
  engine.set_ticket_service(&tickets);
  auto open = store.sla()
                  .read([](sla::SlaTx& tx) -> Result<std::int64_t> {
                    return tx.sla().estimate_tickets_with_sla(true);
                  })
                  .value();
  std::printf("open tickets with an SLA record: about %lld\n", static_cast<long long>(open));
  // Settle what is due right now, so the first measured passes find nothing.
  while (engine.tick(sla::k_pass_limit).value() > 0) {
  }
  std::vector<double> idle;
  for (int i = 0; i < count; ++i) {
    auto t = std::chrono::steady_clock::now();
    if (engine.tick(sla::k_pass_limit).value() != 0)
      std::fprintf(stderr, "unexpected work in an idle pass\n");
    idle.push_back(ms_since(t));
  }
  summary("pass with nothing due", idle);
  // Let time run on in steps of 2 minutes: each pass finds the warnings and breaches of those minutes.
  std::vector<double> busy;
  std::vector<int> handled;
  for (int i = 0; i < count; ++i) {
    clock.advance(2min);
    auto t = std::chrono::steady_clock::now();
    int n = engine.tick(sla::k_pass_limit).value();
    busy.push_back(ms_since(t));
    handled.push_back(n);
  }
  std::sort(handled.begin(), handled.end());
  summary("pass after 2 more minutes (fires what is due)", busy);
  std::printf("  tickets handled per such pass: median %d, max %d\n", handled[handled.size() / 2],
              handled.back());
  return 0;
}

int catchup(storage::Store& store) {
  ManualClock clock(SystemClock().now() + 24h * 30);  // a month of downtime: everything is due
  sla::SlaEngine engine(store.sla(), clock);
  ticket::TicketService tickets(store.tickets(), clock);
  engine.set_ticket_service(&tickets);
  auto t = std::chrono::steady_clock::now();
  long total = 0;
  std::vector<double> per_pass;
  for (;;) {
    auto p = std::chrono::steady_clock::now();
    int n = engine.tick(sla::k_pass_limit).value();
    per_pass.push_back(ms_since(p));
    total += n;
    if (n == 0) break;
  }
  std::printf("catch-up after downtime: %ld tickets in %.0f ms (%zu passes of up to %d)\n", total,
              ms_since(t), per_pass.size(), sla::k_pass_limit);
  summary("catch-up pass", per_pass);
  return 0;
}

// The department moves its lunch break (13:30 → 13:00, or back): every running due time moves.
int change_calendar(storage::Store& store) {
  auto r = store.sla().write([](sla::SlaTx& tx) -> Result<void> {
    auto cals = tx.sla().list_calendars();
    for (auto& c : cals) {
      if (c.always_open) continue;
      const int afternoon = c.week[0].size() == 2 && c.week[0][1].start == 13 * 60 ? 13 * 60 + 30 : 13 * 60;
      for (std::size_t w = 0; w < 5; ++w)
        c.week[w] = {{9 * 60, 12 * 60}, {afternoon, 18 * 60}};
      c.updated_at = SystemClock().now();
      TD_TRY(tx.sla().update_calendar(c));
    }
    return ok();
  });
  if (!r) {
    std::fprintf(stderr, "change-calendar: %s\n", r.error().message.c_str());
    return 1;
  }
  std::printf("calendar changed: the lunch break moved\n");
  return 0;
}

}  // namespace

int main(int argc, char** argv) {
  if (argc < 2) {
    std::fprintf(stderr, "usage: sla_bench fill|passes|catchup --db URL [...]\n");
    return 2;
  }
  std::string cmd = argv[1];
  auto store = open(arg(argc, argv, "--db", "sqlite:///tmp/techdesk-sla-bench.db"));
  if (cmd == "fill")
    return fill(*store, std::stol(arg(argc, argv, "--tickets", "100000")),
                std::stod(arg(argc, argv, "--open-share", "0.1")), has(argc, argv, "--before-lunch"));
  if (cmd == "passes") return passes(*store, std::stoi(arg(argc, argv, "--passes", "50")));
  if (cmd == "catchup") return catchup(*store);
  if (cmd == "change-calendar") return change_calendar(*store);
  std::fprintf(stderr, "unknown command %s\n", cmd.c_str());
  return 2;
}
