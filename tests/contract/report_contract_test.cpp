// description: the rows a KPI report aggregates, on every backend. ReportRepo::kpi_rows hands over exactly
// the tickets with a creation, first response, resolution, closing or leaving the open set inside [from, to)
// — checked against the same rule applied by hand — for a short period (SQLite reads the time indexes) and a
// long one (SQLite scans the table instead, storage/report_sql.h), with and without a team filter, and each
// row carries its facts and its SLA record as written.
#include <gtest/gtest.h>

#include <algorithm>
#include <set>

#include "contract/backends.h"
#include "report/report_store.h"
#include "sla/sla_service.h"

namespace techdesk::contract {
namespace {

using namespace std::chrono_literals;
using namespace report;

// 2026-11-01T00:00 in Beijing.
const Timestamp k_start = from_millis(1'793'462'400'000);

struct Written {
  TicketFacts facts;
  bool has_sla = false;
};

class ReportContract : public ::testing::TestWithParam<Backend> {
 protected:
  void SetUp() override {
    m_store = GetParam().open(m_dir.path());
    if (!sla::ensure_defaults(m_store->sla(), k_start)) throw std::runtime_error("SLA defaults");
    fill();
  }

  TxRunner<ReportTx>& runner() { return m_store->reports(); }

  // 60 tickets, one every 12 hours over 30 days: every third resolved 1–4 days later (and every sixth of
  // those closed a day after), every fifth answered after 2 hours, every seventh cancelled the same day;
  // teams 1 and 2 alternate (no team for every eleventh); every other ticket held to an SLA policy.
  void fill() {
    auto r = runner().write([&](ReportTx& tx) -> Result<void> {
      const auto policy = tx.sla().list_policies().at(0);
      identity::NewUser u{"req",        "请求人", std::nullopt, std::nullopt, identity::Role::requester,
                          std::nullopt, {},       "h"};
      const Id requester = tx.identity().insert_user(u, k_start).value();
      for (int i = 0; i < 60; ++i) {
        const Timestamp created = k_start + 12h * i + 30min;
        ticket::Ticket t;
        t.subject = "网络中断 " + std::to_string(i);
        t.description = "二楼";
        t.requester_id = requester;
        t.created_at = t.updated_at = created;
        t.number = "20261101-" + std::to_string(tx.tickets().next_sequence("20261101"));
        const Id id = tx.tickets().insert_ticket(t);
        TicketFacts f;
        f.ticket_id = id;
        f.created_at = created;
        f.type = "incident";
        f.channel = i % 2 ? "phone" : "web";
        f.priority = i % 4 == 0 ? "P1" : "P3";
        f.state = "open";
        if (i % 11 != 0) f.team_id = 1 + i % 2;
        if (i % 5 == 0) f.first_response_at = created + 2h;
        if (i % 3 == 0) {
          f.state = "resolved";
          f.resolved_at = created + 24h * (1 + i % 4);
          f.done_at = f.resolved_at;
          if (i % 6 == 0) {
            f.state = "closed";
            f.closed_at = *f.resolved_at + 24h;
            f.done_at = f.closed_at;
          }
        } else if (i % 7 == 0) {
          f.state = "cancelled";
          f.done_at = created + 3h;
        }
        f.staff_replies = i % 3;
        tx.report().insert_facts(f);
        Written w{f, i % 2 == 0};
        if (w.has_sla) {
          ticket::TicketSla s;
          s.ticket_id = id;
          s.policy_id = policy.id;
          s.policy_name = policy.name;
          s.why = "test";
          s.calendar_id = policy.calendar_id;
          s.started_at = created;
          s.resolution_target = 240;
          s.resolution_due = created + 4h;
          s.resolved_at = f.resolved_at;
          s.resolution_breached = f.resolved_at.has_value();
          tx.sla().save_ticket_sla(s);
        }
        m_written.push_back(w);
      }
      return ok();
    });
    if (!r) throw std::runtime_error(r.error().message);
  }

  static bool in(const std::optional<Timestamp>& t, Timestamp from, Timestamp to) {
    return t && *t >= from && *t < to;
  }

  std::vector<Id> expected(Timestamp from, Timestamp to, std::optional<Id> team) const {
    std::vector<Id> out;
    for (const auto& w : m_written) {
      const TicketFacts& f = w.facts;
      if (team && f.team_id != team) continue;
      if (in(f.created_at, from, to) || in(f.first_response_at, from, to) || in(f.resolved_at, from, to) ||
          in(f.closed_at, from, to) || in(f.done_at, from, to))
        out.push_back(f.ticket_id);
    }
    return out;
  }

  std::vector<FactRow> rows(Timestamp from, Timestamp to, std::optional<Id> team) {
    KpiFilter filter;
    filter.team = team;
    auto r = runner().read([&](ReportTx& tx) -> Result<std::vector<FactRow>> {
      std::vector<FactRow> out;
      tx.report().kpi_rows(from, to, filter, [&](const FactRow& row) { out.push_back(row); });
      return out;
    });
    if (!r) throw std::runtime_error(r.error().message);
    auto out = r.release_value();
    std::sort(out.begin(), out.end(),
              [](const FactRow& a, const FactRow& b) { return a.facts.ticket_id < b.facts.ticket_id; });
    return out;
  }

  static std::vector<Id> ids(const std::vector<FactRow>& rows) {
    std::vector<Id> out;
    for (const auto& r : rows)
      out.push_back(r.facts.ticket_id);
    return out;
  }

  TempDir m_dir;
  std::unique_ptr<storage::Store> m_store;
  std::vector<Written> m_written;
};

TEST_P(ReportContract, ShortPeriodHoldsExactlyTheTicketsTouchingIt) {
  // Two days in the middle: a share of 1/15 of the history, read through the time indexes.
  const Timestamp from = k_start + 24h * 10, to = from + 48h;
  const auto got = rows(from, to, std::nullopt);
  EXPECT_EQ(ids(got), expected(from, to, std::nullopt));
  EXPECT_GE(got.size(), 4u);
  EXPECT_EQ(ids(rows(from, to, Id{2})), expected(from, to, Id{2}));
}

TEST_P(ReportContract, LongPeriodHoldsExactlyTheTicketsTouchingIt) {
  // Twenty days: two thirds of the history, which SQLite reads by scanning the table.
  const Timestamp from = k_start + 24h * 5, to = from + 24h * 20;
  const auto got = rows(from, to, std::nullopt);
  EXPECT_EQ(ids(got), expected(from, to, std::nullopt));
  EXPECT_GE(got.size(), 40u);
  EXPECT_LT(got.size(), m_written.size());
  EXPECT_EQ(ids(rows(from, to, Id{1})), expected(from, to, Id{1}));
  // A period after the last ticket that only resolutions and closings reach.
  const Timestamp late = k_start + 24h * 30;
  EXPECT_EQ(ids(rows(late, late + 24h * 10, std::nullopt)), expected(late, late + 24h * 10, std::nullopt));
  EXPECT_FALSE(expected(late, late + 24h * 10, std::nullopt).empty());
}

TEST_P(ReportContract, RowsCarryTheirFactsAndSlaRecord) {
  const auto got = rows(k_start - 24h, k_start + 24h * 40, std::nullopt);
  ASSERT_EQ(got.size(), m_written.size());
  for (std::size_t i = 0; i < got.size(); ++i) {
    const TicketFacts& want = m_written[i].facts;
    const FactRow& row = got[i];
    SCOPED_TRACE(want.ticket_id);
    EXPECT_EQ(row.facts.ticket_id, want.ticket_id);
    EXPECT_EQ(row.facts.created_at, want.created_at);
    EXPECT_EQ(row.facts.state, want.state);
    EXPECT_EQ(row.facts.channel, want.channel);
    EXPECT_EQ(row.facts.priority, want.priority);
    EXPECT_EQ(row.facts.team_id, want.team_id);
    EXPECT_EQ(row.facts.first_response_at, want.first_response_at);
    EXPECT_EQ(row.facts.resolved_at, want.resolved_at);
    EXPECT_EQ(row.facts.closed_at, want.closed_at);
    EXPECT_EQ(row.facts.done_at, want.done_at);
    EXPECT_EQ(row.facts.staff_replies, want.staff_replies);
    ASSERT_EQ(row.sla.has_value(), m_written[i].has_sla);
    if (row.sla) {
      EXPECT_TRUE(row.sla->resolution_target);
      EXPECT_FALSE(row.sla->first_response_target);
      EXPECT_EQ(row.sla->resolution_due, want.created_at + 4h);
      EXPECT_EQ(row.sla->resolved_at, want.resolved_at);
      EXPECT_EQ(row.sla->resolution_breached, want.resolved_at.has_value());
    }
  }
}

INSTANTIATE_TEST_SUITE_P(Backends, ReportContract, ::testing::ValuesIn(contract_backends()),
                         [](const ::testing::TestParamInfo<Backend>& info) { return info.param.name; });

}  // namespace
}  // namespace techdesk::contract
