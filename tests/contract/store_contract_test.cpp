// The store contract: what every storage backend must do, written once and run against each backend
// in contract_backends() (value-parameterised), never copied per backend.
#include <gtest/gtest.h>

#include <algorithm>
#include <atomic>
#include <condition_variable>
#include <random>
#include <set>
#include <thread>

#include "contract/backends.h"
#include "identity/role.h"
#include "ticket/state_machine.h"
#include "ticket/visibility.h"

namespace techdesk::contract {
namespace {

using namespace std::chrono_literals;
using identity::Role;
using ticket::State;

const Timestamp k_t0 = from_millis(1'763'700'000'000);  // 2025-11-21T04:53:20Z

class StoreContract : public ::testing::TestWithParam<Backend> {
 protected:
  void SetUp() override { m_store = GetParam().open(m_dir.path()); }

  TxRunner<identity::IdentityTx>& ids() { return m_store->identity(); }
  TxRunner<ticket::TicketTx>& tix() { return m_store->tickets(); }

  Id org(const std::string& name) {
    return ids()
        .write([&](identity::IdentityTx& tx) {
          return tx.identity().insert_org({0, name, identity::OrgKind::external, std::nullopt, k_t0});
        })
        .value();
  }

  Id team(const std::string& name) {
    return ids()
        .write([&](identity::IdentityTx& tx) {
          return tx.identity().insert_team({0, name, "", {}, k_t0});
        })
        .value();
  }

  Id user(const std::string& login, Role role, std::optional<Id> org_id = {}, std::vector<Id> teams = {}) {
    identity::NewUser u{login, "用户" + login, std::nullopt,     std::nullopt,
                        role,  org_id,         std::move(teams), "hash"};
    return ids().write([&](identity::IdentityTx& tx) { return tx.identity().insert_user(u, k_t0); }).value();
  }

  ticket::Ticket ticket_for(Id requester, std::optional<Id> org_id, std::optional<Id> team_id = {},
                            std::optional<Id> assignee = {}, Timestamp at = k_t0) {
    ticket::Ticket t;
    t.subject = "打印机卡纸";
    t.description = "三楼打印机卡纸，无法打印";
    t.requester_id = requester;
    t.organization_id = org_id;
    t.team_id = team_id;
    t.assignee_id = assignee;
    t.created_at = t.updated_at = at;
    return t;
  }

  Id insert(ticket::Ticket t) {
    return tix()
        .write([&](ticket::TicketTx& tx) -> Result<Id> {
          t.number = "20251121-" + std::to_string(tx.tickets().next_sequence("20251121"));
          return tx.tickets().insert_ticket(t);
        })
        .value();
  }

  TempDir m_dir;
  std::unique_ptr<storage::Store> m_store;
};

TEST_P(StoreContract, users_are_found_by_id_and_by_login_ignoring_case) {
  Id o = org("华信科技有限公司");
  Id t = team("一线服务台");
  Id id = user("Agent.Wang", Role::agent_l1, o, {t});
  auto found = ids().read([&](identity::IdentityTx& tx) -> Result<std::optional<identity::User>> {
    return tx.identity().find_user(id);
  });
  ASSERT_TRUE(found.ok() && found->has_value());
  EXPECT_EQ((*found)->login, "Agent.Wang");
  EXPECT_EQ((*found)->role, Role::agent_l1);
  EXPECT_EQ((*found)->organization_id, o);
  EXPECT_EQ((*found)->team_ids, std::vector<Id>{t});
  auto by_login = ids().read([&](identity::IdentityTx& tx) -> Result<std::optional<identity::UserSecrets>> {
    return tx.identity().find_user_secrets_by_login("agent.wang");
  });
  ASSERT_TRUE(by_login.ok() && by_login->has_value());
  EXPECT_EQ((*by_login)->user.id, id);
  EXPECT_EQ((*by_login)->password_hash, "hash");
}

TEST_P(StoreContract, a_taken_login_is_a_conflict_on_the_login_field) {
  user("wang", Role::agent_l1);
  identity::NewUser dup{"WANG", "另一个", std::nullopt, std::nullopt, Role::requester, std::nullopt, {}, "h"};
  auto r = ids().write([&](identity::IdentityTx& tx) { return tx.identity().insert_user(dup, k_t0); });
  ASSERT_FALSE(r.ok());
  EXPECT_EQ(r.error().code, Errc::conflict);
  EXPECT_EQ(r.error().field, "login");
}

TEST_P(StoreContract, updating_a_user_replaces_team_memberships_and_team_members_follow) {
  Id a = team("一线服务台"), b = team("二线系统组");
  Id u = user("zhao", Role::agent_l2, std::nullopt, {a});
  ASSERT_TRUE(ids()
                  .write([&](identity::IdentityTx& tx) -> Result<void> {
                    auto usr = *tx.identity().find_user(u);
                    usr.team_ids = {b};
                    usr.name = "赵军";
                    tx.identity().update_user(usr, std::string("newhash"));
                    return ok();
                  })
                  .ok());
  auto teams = ids().read([&](identity::IdentityTx& tx) -> Result<std::pair<identity::Team, identity::Team>> {
    return std::pair{*tx.identity().find_team(a), *tx.identity().find_team(b)};
  });
  ASSERT_TRUE(teams.ok());
  EXPECT_TRUE(teams->first.member_ids.empty());
  EXPECT_EQ(teams->second.member_ids, std::vector<Id>{u});
  auto secrets = ids().read([&](identity::IdentityTx& tx) -> Result<std::optional<identity::UserSecrets>> {
    return tx.identity().find_user_secrets_by_login("zhao");
  });
  EXPECT_EQ((*secrets)->password_hash, "newhash");
  EXPECT_EQ((*secrets)->user.name, "赵军");
}

TEST_P(StoreContract, organisation_and_team_names_are_unique) {
  org("财务部");
  team("现场服务组");
  auto o = ids().write([&](identity::IdentityTx& tx) {
    return tx.identity().insert_org({0, "财务部", identity::OrgKind::internal, std::nullopt, k_t0});
  });
  auto t = ids().write([&](identity::IdentityTx& tx) {
    return tx.identity().insert_team({0, "现场服务组", "", {}, k_t0});
  });
  ASSERT_FALSE(o.ok());
  EXPECT_EQ(o.error().code, Errc::conflict);
  ASSERT_FALSE(t.ok());
  EXPECT_EQ(t.error().field, "name");
}

TEST_P(StoreContract, a_session_yields_its_principal_until_it_expires_or_is_deleted) {
  Id o = org("华信科技有限公司");
  Id t = team("一线服务台");
  Id u = user("lead.li", Role::team_lead, o, {t});
  const std::string digest(32, '\x07');
  ASSERT_TRUE(ids()
                  .write([&](identity::IdentityTx& tx) -> Result<void> {
                    tx.identity().insert_session(digest, u, "csrf-1", k_t0, k_t0 + 1h);
                    return ok();
                  })
                  .ok());
  auto at = [&](Timestamp now) {
    return ids()
        .read([&](identity::IdentityTx& tx) -> Result<std::optional<identity::Principal>> {
          return tx.identity().find_session_principal(digest, now);
        })
        .value();
  };
  auto p = at(k_t0 + 30min);
  ASSERT_TRUE(p.has_value());
  EXPECT_EQ(p->user_id, u);
  EXPECT_EQ(p->role, Role::team_lead);
  EXPECT_EQ(p->organization_id, o);
  EXPECT_EQ(p->team_ids, std::vector<Id>{t});
  EXPECT_EQ(p->csrf_token, "csrf-1");
  EXPECT_FALSE(at(k_t0 + 1h).has_value()) << "a session is dead at its expiry instant";
  ASSERT_TRUE(ids()
                  .write([&](identity::IdentityTx& tx) -> Result<void> {
                    tx.identity().delete_session(digest);
                    return ok();
                  })
                  .ok());
  EXPECT_FALSE(at(k_t0 + 1min).has_value());
}

TEST_P(StoreContract, an_inactive_user_has_no_live_sessions_or_tokens) {
  Id u = user("gone", Role::agent_l1);
  const std::string s_digest(32, 's'), t_digest(32, 't');
  ASSERT_TRUE(ids()
                  .write([&](identity::IdentityTx& tx) -> Result<void> {
                    tx.identity().insert_session(s_digest, u, "c", k_t0, k_t0 + 1h);
                    tx.identity().insert_api_token(u, "ci", t_digest, k_t0);
                    auto usr = *tx.identity().find_user(u);
                    usr.active = false;
                    tx.identity().update_user(usr, std::nullopt);
                    return ok();
                  })
                  .ok());
  auto r = ids().read([&](identity::IdentityTx& tx) -> Result<bool> {
    return tx.identity().find_session_principal(s_digest, k_t0).has_value() ||
           tx.identity().find_api_token(t_digest).has_value();
  });
  EXPECT_FALSE(r.value());
}

TEST_P(StoreContract, api_tokens_authenticate_until_revoked_and_only_by_their_owner) {
  Id u = user("integration", Role::agent_l1);
  Id other = user("other", Role::agent_l1);
  const std::string digest(32, 'k');
  Id tok = ids()
               .write([&](identity::IdentityTx& tx) -> Result<Id> {
                 return tx.identity().insert_api_token(u, "监控告警", digest, k_t0);
               })
               .value();
  auto list = ids()
                  .read([&](identity::IdentityTx& tx) -> Result<std::vector<identity::ApiToken>> {
                    return tx.identity().list_api_tokens(u);
                  })
                  .value();
  ASSERT_EQ(list.size(), 1u);
  EXPECT_EQ(list[0].name, "监控告警");
  auto revoke = [&](Id who) {
    return ids()
        .write([&](identity::IdentityTx& tx) -> Result<bool> {
          return tx.identity().revoke_api_token(who, tok, k_t0 + 1min);
        })
        .value();
  };
  ASSERT_TRUE(ids()
                  .write([&](identity::IdentityTx& tx) -> Result<void> {
                    tx.identity().touch_api_token(digest, k_t0 + 5min);
                    return ok();
                  })
                  .ok());
  auto match = ids()
                   .read([&](identity::IdentityTx& tx) -> Result<std::optional<identity::ApiTokenMatch>> {
                     return tx.identity().find_api_token(digest);
                   })
                   .value();
  ASSERT_TRUE(match.has_value());
  EXPECT_EQ(match->principal.user_id, u);
  EXPECT_EQ(match->last_used_at, k_t0 + 5min);
  EXPECT_FALSE(revoke(other)) << "someone else's token cannot be revoked";
  EXPECT_TRUE(ids()
                  .read([&](identity::IdentityTx& tx) -> Result<bool> {
                    return tx.identity().find_api_token(digest).has_value();
                  })
                  .value());
  EXPECT_TRUE(revoke(u));
  EXPECT_FALSE(revoke(u)) << "revoking twice reports nothing to revoke";
  EXPECT_FALSE(ids()
                   .read([&](identity::IdentityTx& tx) -> Result<bool> {
                     return tx.identity().find_api_token(digest).has_value();
                   })
                   .value());
}

TEST_P(StoreContract, ticket_sequences_count_per_day) {
  auto next = [&](const std::string& day) {
    return tix()
        .write([&](ticket::TicketTx& tx) -> Result<std::int64_t> { return tx.tickets().next_sequence(day); })
        .value();
  };
  EXPECT_EQ(next("20261121"), 1);
  EXPECT_EQ(next("20261121"), 2);
  EXPECT_EQ(next("20261122"), 1);
  EXPECT_EQ(next("20261121"), 3);
}

TEST_P(StoreContract, a_ticket_reads_back_with_every_field_and_the_names_it_refers_to) {
  Id o = org("瑞丰制造股份有限公司");
  Id tm = team("二线系统组");
  Id req = user("cust", Role::requester, o);
  Id agent = user("zhao", Role::agent_l2, std::nullopt, {tm});
  ticket::Ticket t = ticket_for(req, o, tm, agent);
  t.type = ticket::TicketType::service_request;
  t.category_id = 22;  // 硬件/打印机, seeded by the migrations
  t.impact = ticket::Level::high;
  t.urgency = ticket::Level::low;
  t.priority = ticket::Priority::P3;
  t.channel = ticket::Channel::phone;
  t.tier = ticket::Tier::L2;
  t.state = State::assigned;
  t.resolved_at = k_t0 + 2h;
  Id id = insert(t);
  auto v = tix()
               .read([&](ticket::TicketTx& tx) -> Result<std::optional<ticket::TicketView>> {
                 return tx.tickets().find_ticket(id);
               })
               .value();
  ASSERT_TRUE(v.has_value());
  const auto& got = v->ticket;
  EXPECT_EQ(got.number.rfind("20251121-", 0), 0u);
  EXPECT_EQ(got.subject, t.subject);
  EXPECT_EQ(got.description, t.description);
  EXPECT_EQ(got.type, t.type);
  EXPECT_EQ(got.category_id, t.category_id);
  EXPECT_EQ(got.impact, t.impact);
  EXPECT_EQ(got.urgency, t.urgency);
  EXPECT_EQ(got.priority, t.priority);
  EXPECT_EQ(got.channel, t.channel);
  EXPECT_EQ(got.tier, t.tier);
  EXPECT_EQ(got.state, t.state);
  EXPECT_EQ(got.created_at, k_t0);
  EXPECT_EQ(got.resolved_at, t.resolved_at);
  EXPECT_FALSE(got.closed_at.has_value());
  EXPECT_EQ(got.version, 1);
  EXPECT_EQ(v->requester.name, "用户cust");
  ASSERT_TRUE(v->assignee && v->team && v->organization && v->category);
  EXPECT_EQ(v->assignee->name, "用户zhao");
  EXPECT_EQ(v->team->name, "二线系统组");
  EXPECT_EQ(v->organization->name, "瑞丰制造股份有限公司");
  EXPECT_EQ(v->category->path, "硬件/打印机");
  EXPECT_EQ(v->category->name_en, "Printers");
}

TEST_P(StoreContract, a_stale_version_does_not_overwrite_a_ticket) {
  Id req = user("cust", Role::requester);
  Id id = insert(ticket_for(req, std::nullopt));
  auto update = [&](int expected, const std::string& subject) {
    return tix()
        .write([&](ticket::TicketTx& tx) -> Result<bool> {
          auto t = tx.tickets().find_ticket(id)->ticket;
          t.subject = subject;
          t.version = expected + 1;
          return tx.tickets().update_ticket(t, expected);
        })
        .value();
  };
  EXPECT_TRUE(update(1, "第一次修改"));
  EXPECT_FALSE(update(1, "过期的修改"));
  auto v = tix().read(
      [&](ticket::TicketTx& tx) -> Result<ticket::TicketView> { return *tx.tickets().find_ticket(id); });
  EXPECT_EQ(v->ticket.subject, "第一次修改");
  EXPECT_EQ(v->ticket.version, 2);
}

TEST_P(StoreContract, listing_shows_each_principal_exactly_the_tickets_can_view_allows) {
  Id oa = org("A公司"), ob = org("B公司");
  Id t1 = team("一线服务台"), t2 = team("二线系统组");
  std::vector<Id> requesters = {user("ra", Role::requester, oa), user("rb", Role::requester, ob),
                                user("ra2", Role::requester, oa)};
  Id agent1 = user("a1", Role::agent_l1, std::nullopt, {t1});
  Id agent2 = user("a2", Role::agent_l2, std::nullopt, {t2});
  std::mt19937 rng(7);
  std::vector<ticket::Ticket> all;
  for (int i = 0; i < 60; ++i) {
    Id req = requesters[static_cast<std::size_t>(i) % requesters.size()];
    std::optional<Id> o = req == requesters[1] ? ob : oa;
    std::optional<Id> tm = i % 3 == 0 ? std::nullopt : std::optional<Id>(i % 3 == 1 ? t1 : t2);
    std::optional<Id> as = i % 5 == 0   ? std::optional<Id>(agent1)
                           : i % 7 == 0 ? std::optional<Id>(agent2)
                                        : std::nullopt;
    auto t = ticket_for(req, o, tm, as, k_t0 + std::chrono::minutes(i));
    if (i % 11 == 0) t.type = ticket::TicketType::complaint;
    t.id = insert(t);
    all.push_back(t);
  }
  std::vector<identity::Principal> principals;
  auto add = [&](Id id, Role role, std::optional<Id> o, std::vector<Id> teams) {
    identity::Principal p;
    p.user_id = id;
    p.role = role;
    p.organization_id = o;
    p.team_ids = std::move(teams);
    principals.push_back(p);
  };
  add(requesters[0], Role::requester, oa, {});
  add(requesters[2], Role::org_manager, oa, {});
  add(agent1, Role::agent_l1, std::nullopt, {t1});
  add(agent2, Role::agent_l2, std::nullopt, {t2});
  add(agent2, Role::complaint_officer, std::nullopt, {t2});
  add(999, Role::manager, std::nullopt, {});
  for (const auto& p : principals) {
    auto scope = ticket::scope_for(p);
    ticket::TicketQuery q;
    q.limit = 1000;
    auto listed = tix()
                      .read([&](ticket::TicketTx& tx) -> Result<std::vector<ticket::TicketView>> {
                        return tx.tickets().list_tickets(scope, q);
                      })
                      .value();
    std::set<Id> got, expected;
    for (const auto& v : listed)
      got.insert(v.ticket.id);
    for (const auto& t : all)
      if (ticket::can_view(scope, t)) expected.insert(t.id);
    EXPECT_EQ(got, expected) << "role " << identity::role_name(p.role);
    EXPECT_FALSE(expected.empty());
  }
}

TEST_P(StoreContract, keyset_pages_cover_every_ticket_once_in_sort_order) {
  Id req = user("cust", Role::requester);
  std::vector<Id> ids_in;
  for (int i = 0; i < 37; ++i) {
    auto t = ticket_for(req, std::nullopt, {}, {}, k_t0 + std::chrono::seconds(i / 3));  // ties on purpose
    t.updated_at = k_t0 + std::chrono::seconds((i * 7) % 11);
    t.priority = static_cast<ticket::Priority>(i % 4);
    ids_in.push_back(insert(t));
  }
  ticket::TicketScope all;
  all.kind = ticket::TicketScope::Kind::all;
  for (auto sort : {ticket::SortKey::created_at, ticket::SortKey::updated_at, ticket::SortKey::priority}) {
    for (bool desc : {true, false}) {
      std::vector<ticket::TicketView> seen;
      ticket::TicketQuery q;
      q.sort = sort;
      q.descending = desc;
      q.limit = 5;
      for (int page = 0; page < 20; ++page) {
        auto rows = tix()
                        .read([&](ticket::TicketTx& tx) -> Result<std::vector<ticket::TicketView>> {
                          return tx.tickets().list_tickets(all, q);
                        })
                        .value();
        if (rows.empty()) break;
        const auto& last = rows.back().ticket;
        q.after =
            ticket::TicketCursor{sort == ticket::SortKey::created_at   ? to_millis(last.created_at)
                                 : sort == ticket::SortKey::updated_at ? to_millis(last.updated_at)
                                                                       : static_cast<int>(last.priority) + 1,
                                 last.id};
        seen.insert(seen.end(), rows.begin(), rows.end());
      }
      std::set<Id> unique;
      for (const auto& v : seen)
        unique.insert(v.ticket.id);
      EXPECT_EQ(seen.size(), ids_in.size()) << "no duplicates, no gaps";
      EXPECT_EQ(unique.size(), ids_in.size());
      auto key = [&](const ticket::Ticket& t) {
        std::int64_t k = sort == ticket::SortKey::created_at   ? to_millis(t.created_at)
                         : sort == ticket::SortKey::updated_at ? to_millis(t.updated_at)
                                                               : static_cast<int>(t.priority);
        return std::pair{k, t.id};
      };
      for (std::size_t i = 1; i < seen.size(); ++i) {
        auto a = key(seen[i - 1].ticket), b = key(seen[i].ticket);
        EXPECT_TRUE(desc ? a > b : a < b) << "page order broken at " << i;
      }
    }
  }
}

TEST_P(StoreContract, filters_narrow_the_list) {
  Id o = org("华信");
  Id tm = team("一线服务台");
  Id req = user("cust", Role::requester, o);
  Id agent = user("wang", Role::agent_l1, std::nullopt, {tm});
  auto a = ticket_for(req, o, tm, agent);
  a.state = State::in_progress;
  a.priority = ticket::Priority::P1;
  a.subject = "ERP 无法登录";
  a.category_id = 13;  // 软件/业务系统
  Id ia = insert(a);
  auto b = ticket_for(req, o);
  b.subject = "打印机卡纸";
  b.category_id = 22;  // 硬件/打印机
  Id ib = insert(b);
  ticket::TicketScope all;
  all.kind = ticket::TicketScope::Kind::all;
  auto list = [&](ticket::TicketQuery q) {
    q.limit = 100;
    std::vector<Id> out;
    for (const auto& v : tix()
                             .read([&](ticket::TicketTx& tx) -> Result<std::vector<ticket::TicketView>> {
                               return tx.tickets().list_tickets(all, q);
                             })
                             .value())
      out.push_back(v.ticket.id);
    return out;
  };
  ticket::TicketQuery q;
  q.states = {State::in_progress};
  EXPECT_EQ(list(q), std::vector<Id>{ia});
  q = {};
  q.priorities = {ticket::Priority::P3};
  EXPECT_EQ(list(q), std::vector<Id>{ib});
  q = {};
  q.assignee_none = true;
  EXPECT_EQ(list(q), std::vector<Id>{ib});
  q = {};
  q.assignee_id = agent;
  EXPECT_EQ(list(q), std::vector<Id>{ia});
  q = {};
  q.team_id = tm;
  EXPECT_EQ(list(q), std::vector<Id>{ia});
  q = {};
  q.text = "ERP";
  EXPECT_EQ(list(q), std::vector<Id>{ia});
  q = {};
  q.text = "%";
  EXPECT_TRUE(list(q).empty()) << "LIKE wildcards in the text are literal";
  q = {};
  q.category_id = 2;  // 硬件 includes its children
  EXPECT_EQ(list(q), std::vector<Id>{ib});
}

TEST_P(StoreContract, internal_articles_and_events_are_left_out_when_asked) {
  Id req = user("cust", Role::requester);
  Id id = insert(ticket_for(req, std::nullopt));
  ASSERT_TRUE(
      tix()
          .write([&](ticket::TicketTx& tx) -> Result<void> {
            tx.tickets().insert_article(
                {0, id, ticket::ArticleKind::reply, "您好，已收到", false, req, "", k_t0});
            tx.tickets().insert_article(
                {0, id, ticket::ArticleKind::note, "内部：怀疑硒鼓故障", true, req, "", k_t0});
            tx.tickets().append_event({0, id, req, "", k_t0, "article", std::nullopt, "reply", false});
            tx.tickets().append_event({0, id, req, "", k_t0, "article", std::nullopt, "note", true});
            return ok();
          })
          .ok());
  auto counts = tix()
                    .read([&](ticket::TicketTx& tx) -> Result<std::array<std::size_t, 4>> {
                      return std::array<std::size_t, 4>{tx.tickets().list_articles(id, true).size(),
                                                        tx.tickets().list_articles(id, false).size(),
                                                        tx.tickets().list_events(id, true).size(),
                                                        tx.tickets().list_events(id, false).size()};
                    })
                    .value();
  EXPECT_EQ(counts, (std::array<std::size_t, 4>{2, 1, 2, 1}));
}

TEST_P(StoreContract, a_write_that_fails_leaves_nothing_behind) {
  Id req = user("cust", Role::requester);
  auto r = tix().write([&](ticket::TicketTx& tx) -> Result<Id> {
    auto t = ticket_for(req, std::nullopt);
    t.number = "20251121-9";
    tx.tickets().insert_ticket(t);
    tx.tickets().next_sequence("20251121");
    return Error::invalid("subject", "changed my mind");
  });
  ASSERT_FALSE(r.ok());
  EXPECT_EQ(r.error().field, "subject");
  ticket::TicketScope all;
  all.kind = ticket::TicketScope::Kind::all;
  auto n = tix().read(
      [&](ticket::TicketTx& tx) -> Result<std::size_t> { return tx.tickets().list_tickets(all, {}).size(); });
  EXPECT_EQ(n.value(), 0u);
  // A backend may leave a gap in the day's numbers after a rollback (PostgreSQL sequences do), but
  // never hands out a number twice.
  auto next = [&] {
    return tix()
        .write([&](ticket::TicketTx& tx) -> Result<std::int64_t> {
          return tx.tickets().next_sequence("20251121");
        })
        .value();
  };
  auto first = next();
  EXPECT_GE(first, 1);
  EXPECT_GT(next(), first);
}

TEST_P(StoreContract, concurrent_writes_succeed_or_fail_each_on_their_own) {
  Id req = user("cust", Role::requester);
  constexpr int k_threads = 16, k_each = 25;
  std::atomic<int> committed{0};
  std::vector<std::thread> threads;
  std::mutex m;
  std::set<Id> acknowledged;
  for (int th = 0; th < k_threads; ++th) {
    threads.emplace_back([&, th] {
      for (int i = 0; i < k_each; ++i) {
        const bool fail = (th + i) % 3 == 0;
        auto r = tix().write([&](ticket::TicketTx& tx) -> Result<Id> {
          auto t = ticket_for(req, std::nullopt);
          t.number = "T" + std::to_string(th) + "-" + std::to_string(i);
          Id id = tx.tickets().insert_ticket(t);
          if (fail) return Error::invalid("subject", "fails on purpose");
          return id;
        });
        if (r.ok()) {
          committed++;
          std::lock_guard lock(m);
          acknowledged.insert(*r);
        }
      }
    });
  }
  for (auto& t : threads)
    t.join();
  ticket::TicketScope all;
  all.kind = ticket::TicketScope::Kind::all;
  ticket::TicketQuery q;
  q.limit = 10000;
  auto rows = tix()
                  .read([&](ticket::TicketTx& tx) -> Result<std::vector<ticket::TicketView>> {
                    return tx.tickets().list_tickets(all, q);
                  })
                  .value();
  std::set<Id> stored;
  for (const auto& v : rows)
    stored.insert(v.ticket.id);
  int expected = 0;
  for (int th = 0; th < k_threads; ++th)
    for (int i = 0; i < k_each; ++i)
      expected += (th + i) % 3 != 0;
  EXPECT_EQ(committed.load(), expected);
  EXPECT_EQ(stored, acknowledged);
}

// Many writers taking the first number of a new day at once (more of them than a backend's connection
// pool holds) all get distinct numbers, and nobody waits forever. Each body first waits briefly until
// several bodies run at once, so that every pooled connection is held when the numbers are asked for.
TEST_P(StoreContract, the_first_numbers_of_a_new_day_are_handed_out_concurrently_without_deadlock) {
  constexpr int k_threads = 24;
  std::mutex m;
  std::condition_variable cv;
  int inside = 0;
  std::set<std::int64_t> numbers;
  std::atomic<int> failures{0};
  std::vector<std::thread> threads;
  for (int i = 0; i < k_threads; ++i) {
    threads.emplace_back([&] {
      auto r = tix().write([&](ticket::TicketTx& tx) -> Result<std::int64_t> {
        {
          std::unique_lock lock(m);
          ++inside;
          cv.notify_all();
          // Backends that run bodies one at a time (SQLite) pass after the short wait.
          cv.wait_for(lock, 100ms, [&] { return inside >= 8; });
        }
        return tx.tickets().next_sequence("20301231");
      });
      if (!r.ok()) {
        failures++;
        return;
      }
      std::lock_guard lock(m);
      numbers.insert(*r);
    });
  }
  for (auto& t : threads)
    t.join();
  EXPECT_EQ(failures.load(), 0);
  EXPECT_EQ(numbers.size(), static_cast<std::size_t>(k_threads)) << "every number distinct";
}

TEST_P(StoreContract, acknowledged_writes_survive_a_reopen) {
  Id req = user("cust", Role::requester);
  Id id = insert(ticket_for(req, std::nullopt));
  m_store.reset();
  m_store = GetParam().reopen(m_dir.path());
  auto v = tix().read([&](ticket::TicketTx& tx) -> Result<std::optional<ticket::TicketView>> {
    return tx.tickets().find_ticket(id);
  });
  ASSERT_TRUE(v.ok());
  EXPECT_TRUE(v->has_value());
}

INSTANTIATE_TEST_SUITE_P(Backends, StoreContract, ::testing::ValuesIn(contract_backends()),
                         [](const ::testing::TestParamInfo<Backend>& info) { return info.param.name; });

}  // namespace
}  // namespace techdesk::contract
