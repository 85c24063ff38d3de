// The dispatch store on every backend: teams' settings and the automatic teams, agents' duty and skills,
// members' weighted loads and the round-robin memory, a team's queue, tags, extra requesters, links in
// both directions, articles moved by merges and splits, the work log by ticket and by day, automation
// rules with their names unique, the once-per-stay claims of time rules, and macros unique per team.
#include <gtest/gtest.h>

#include <algorithm>
#include <type_traits>

#include "contract/backends.h"
#include "dispatch/assignment.h"
#include "dispatch/dispatch_store.h"
#include "identity/role.h"
#include "sla/sla_service.h"
#include "ticket/state_machine.h"

namespace techdesk::contract {
namespace {

using namespace std::chrono_literals;
using dispatch::DispatchRepo;
using dispatch::DispatchTx;
using identity::Role;
using ticket::Priority;
using ticket::State;

const Timestamp k_t0 = from_millis(1'763'700'000'000);  // 2025-11-21T04:53:20Z

// What a test's ticket differs in.
struct TicketSpec {
  std::optional<Id> team = std::nullopt;
  std::optional<Id> assignee = std::nullopt;
  Priority priority = Priority::P3;
  State state = State::new_;
  Timestamp created_at = k_t0;
};

class DispatchContract : public ::testing::TestWithParam<Backend> {
 protected:
  void SetUp() override { m_store = GetParam().open(m_dir.path()); }

  TxRunner<DispatchTx>& store() { return m_store->dispatch(); }

  // Runs fn(repo) in a write transaction that must commit, and returns what fn returns.
  template <class F>
  auto write(F fn) {
    using T = std::invoke_result_t<F&, DispatchRepo&>;
    if constexpr (std::is_void_v<T>) {
      auto r = store().write([&](DispatchTx& tx) -> Result<void> {
        fn(tx.dispatch());
        return ok();
      });
      EXPECT_TRUE(r.ok()) << r.error().message;
    } else {
      auto r = store().write([&](DispatchTx& tx) -> Result<T> { return fn(tx.dispatch()); });
      EXPECT_TRUE(r.ok()) << r.error().message;
      return std::move(r).value();
    }
  }

  // Runs fn(repo) in a read transaction and returns what it returns.
  template <class F>
  auto read(F fn) {
    using T = std::invoke_result_t<F&, DispatchRepo&>;
    auto r = store().read([&](DispatchTx& tx) -> Result<T> { return fn(tx.dispatch()); });
    EXPECT_TRUE(r.ok()) << r.error().message;
    return std::move(r).value();
  }

  Id team(const std::string& name) {
    return store()
        .write([&](DispatchTx& tx) {
          return tx.identity().insert_team({0, name, "", {}, k_t0});
        })
        .value();
  }

  Id user(const std::string& login, Role role = Role::agent_l1) {
    identity::NewUser u{login, "用户" + login, std::nullopt, std::nullopt, role, std::nullopt, {}, "hash"};
    return store().write([&](DispatchTx& tx) { return tx.identity().insert_user(u, k_t0); }).value();
  }

  Id ticket(Id requester, TicketSpec s = {}) {
    return store()
        .write([&](DispatchTx& tx) -> Result<Id> {
          ticket::Ticket t;
          t.number = "20251121-" + std::to_string(tx.tickets().next_sequence("20251121"));
          t.subject = "VPN 连不上";
          t.description = "在家无法连接公司 VPN";
          t.requester_id = requester;
          t.team_id = s.team;
          t.assignee_id = s.assignee;
          t.priority = s.priority;
          t.state = s.state;
          t.created_at = t.updated_at = s.created_at;
          if (s.state == State::resolved || s.state == State::closed) t.resolved_at = s.created_at;
          if (s.state == State::closed) t.closed_at = s.created_at;
          if (s.state == State::cancelled) t.cancel_reason = "重复提交";
          return tx.tickets().insert_ticket(t);
        })
        .value();
  }

  std::string number_of(Id ticket_id) {
    return store()
        .read([&](DispatchTx& tx) -> Result<std::string> {
          return tx.tickets().find_ticket(ticket_id)->ticket.number;
        })
        .value();
  }

  Id article(Id ticket_id, Id author, const std::string& body) {
    return store()
        .write([&](DispatchTx& tx) -> Result<Id> {
          ticket::Article a;
          a.ticket_id = ticket_id;
          a.kind = ticket::ArticleKind::reply;
          a.body = body;
          a.author_id = author;
          a.created_at = k_t0;
          return tx.tickets().insert_article(a);
        })
        .value();
  }

  std::vector<Id> article_ids(Id ticket_id) {
    return store()
        .read([&](DispatchTx& tx) -> Result<std::vector<Id>> {
          std::vector<Id> out;
          for (const auto& a : tx.tickets().list_articles(ticket_id, true))
            out.push_back(a.id);
          return out;
        })
        .value();
  }

  TempDir m_dir;
  std::unique_ptr<storage::Store> m_store;
};

// ---- teams and agents ----

TEST_P(DispatchContract, a_team_is_manual_until_saved_and_only_automatic_teams_are_listed_as_such) {
  ASSERT_TRUE(sla::ensure_defaults(m_store->sla(), k_t0).value());
  const Id calendar =
      store().read([](DispatchTx& tx) -> Result<Id> { return tx.sla().list_calendars().front().id; }).value();
  Id desk = team("一线服务台"), systems = team("二线系统组"), field = team("现场服务组");
  EXPECT_FALSE(read([&](DispatchRepo& d) { return d.find_team_dispatch(desk); }).has_value());
  EXPECT_TRUE(read([](DispatchRepo& d) { return d.auto_teams(); }).empty());

  write([&](DispatchRepo& d) {
    d.save_team_dispatch({desk, dispatch::Strategy::round_robin, 5, systems, calendar, k_t0});
    d.save_team_dispatch({systems, dispatch::Strategy::manual, 0, std::nullopt, std::nullopt, k_t0});
    d.save_team_dispatch(
        {field, dispatch::Strategy::skill_match, 0, std::nullopt, std::nullopt, k_t0 + 1min});
  });
  auto found = read([&](DispatchRepo& d) { return d.find_team_dispatch(desk); });
  ASSERT_TRUE(found.has_value());
  EXPECT_EQ(found->team_id, desk);
  EXPECT_EQ(found->strategy, dispatch::Strategy::round_robin);
  EXPECT_EQ(found->capacity, 5);
  EXPECT_EQ(found->escalation_team_id, systems);
  EXPECT_EQ(found->calendar_id, calendar);
  EXPECT_EQ(found->updated_at, k_t0);

  // Saving again replaces every setting, clearing what is now absent.
  write([&](DispatchRepo& d) {
    d.save_team_dispatch(
        {desk, dispatch::Strategy::least_loaded, 3, std::nullopt, std::nullopt, k_t0 + 2min});
  });
  found = read([&](DispatchRepo& d) { return d.find_team_dispatch(desk); });
  ASSERT_TRUE(found.has_value());
  EXPECT_EQ(found->strategy, dispatch::Strategy::least_loaded);
  EXPECT_EQ(found->capacity, 3);
  EXPECT_FALSE(found->escalation_team_id.has_value());
  EXPECT_FALSE(found->calendar_id.has_value());
  EXPECT_EQ(found->updated_at, k_t0 + 2min);

  auto autos = read([](DispatchRepo& d) { return d.auto_teams(); });
  ASSERT_EQ(autos.size(), 2u) << "the manual team is not among them";
  EXPECT_EQ(autos[0].team_id, desk);
  EXPECT_EQ(autos[0].strategy, dispatch::Strategy::least_loaded);
  EXPECT_EQ(autos[1].team_id, field);
  EXPECT_EQ(autos[1].strategy, dispatch::Strategy::skill_match);
  EXPECT_EQ(autos[1].updated_at, k_t0 + 1min);
}

TEST_P(DispatchContract, agents_are_on_duty_until_they_go_off_and_keep_their_skills_through_it) {
  Id wang = user("wang"), li = user("li"), zhao = user("zhao");
  EXPECT_TRUE(read([](DispatchRepo& d) { return d.agent_profiles({}); }).empty());
  EXPECT_TRUE(read([&](DispatchRepo& d) {
                return d.agent_profiles({wang, li, zhao});
              }).empty())
      << "agents never given a profile have no row; the caller's default (on duty, no skills) holds";

  const std::vector<dispatch::Skill> skills{{"网络", 3}, {"Oracle", 2}, {"打印机", 5}};
  write([&](DispatchRepo& d) {
    d.set_skills(wang, skills, k_t0);  // the first profile of wang: on duty
    d.set_on_duty(li, false, k_t0);    // the first profile of li: no skills
  });
  auto profiles = read([&](DispatchRepo& d) { return d.agent_profiles({wang, li, zhao}); });
  std::sort(profiles.begin(), profiles.end(),
            [](const auto& a, const auto& b) { return a.user_id < b.user_id; });
  ASSERT_EQ(profiles.size(), 2u);
  EXPECT_EQ(profiles[0].user_id, wang);
  EXPECT_TRUE(profiles[0].on_duty);
  EXPECT_EQ(profiles[0].skills, skills);
  EXPECT_EQ(profiles[1].user_id, li);
  EXPECT_FALSE(profiles[1].on_duty);
  EXPECT_TRUE(profiles[1].skills.empty());

  // Duty and skills change independently.
  write([&](DispatchRepo& d) {
    d.set_on_duty(wang, false, k_t0 + 1min);
    d.set_skills(li, {{"Windows", 1}}, k_t0 + 1min);
  });
  profiles = read([&](DispatchRepo& d) { return d.agent_profiles({li, wang}); });
  std::sort(profiles.begin(), profiles.end(),
            [](const auto& a, const auto& b) { return a.user_id < b.user_id; });
  ASSERT_EQ(profiles.size(), 2u);
  EXPECT_FALSE(profiles[0].on_duty);
  EXPECT_EQ(profiles[0].skills, skills);
  EXPECT_FALSE(profiles[1].on_duty) << "setting skills does not put an agent back on duty";
  EXPECT_EQ(profiles[1].skills, (std::vector<dispatch::Skill>{{"Windows", 1}}));

  auto only_wang = read([&](DispatchRepo& d) { return d.agent_profiles({wang}); });
  ASSERT_EQ(only_wang.size(), 1u);
  EXPECT_EQ(only_wang[0].user_id, wang);
}

TEST_P(DispatchContract, a_members_load_counts_open_tickets_weighted_by_priority) {
  Id req = user("req", Role::requester);
  Id wang = user("wang"), li = user("li"), zhao = user("zhao"), other = user("other");
  ticket(req, {.assignee = wang, .priority = Priority::P1, .state = State::assigned});
  ticket(req, {.assignee = wang, .priority = Priority::P2, .state = State::in_progress});
  ticket(req, {.assignee = wang, .priority = Priority::P4, .state = State::pending_customer});
  ticket(req, {.assignee = wang, .priority = Priority::P1, .state = State::resolved});
  ticket(req, {.assignee = wang, .priority = Priority::P1, .state = State::closed});
  ticket(req, {.assignee = wang, .priority = Priority::P2, .state = State::cancelled});
  ticket(req, {.assignee = li, .priority = Priority::P3, .state = State::reopened});
  ticket(req, {.assignee = li, .priority = Priority::P3, .state = State::pending_third_party});
  ticket(req, {.assignee = other, .priority = Priority::P1, .state = State::assigned});

  EXPECT_TRUE(read([](DispatchRepo& d) { return d.member_loads({}); }).empty());
  auto loads = read([&](DispatchRepo& d) { return d.member_loads({wang, li, zhao}); });
  std::sort(loads.begin(), loads.end(), [](const auto& a, const auto& b) { return a.user_id < b.user_id; });
  ASSERT_EQ(loads.size(), 2u) << "a member without open tickets has no row";
  EXPECT_EQ(loads[0].user_id, wang);
  EXPECT_EQ(loads[0].open_tickets, 3);
  EXPECT_EQ(loads[0].weighted_load, 4 + 3 + 1);
  EXPECT_EQ(loads[1].user_id, li);
  EXPECT_EQ(loads[1].open_tickets, 2);
  EXPECT_EQ(loads[1].weighted_load, 2 + 2);
}

// The loads are kept by the database as tickets change (triggers), so every path that writes a ticket
// keeps them true: compare with a count made from the tickets after each kind of change.
TEST_P(DispatchContract, a_members_load_follows_reassignment_priority_closing_and_reopening) {
  Id req = user("req", Role::requester);
  Id wang = user("wang"), li = user("li");
  Id a = ticket(req, {.assignee = wang, .priority = Priority::P1, .state = State::assigned});
  Id b = ticket(req, {.assignee = wang, .priority = Priority::P3, .state = State::in_progress});
  auto change = [&](Id id, auto&& edit) {
    auto r = store().write([&](DispatchTx& tx) -> Result<void> {
      auto v = tx.tickets().find_ticket(id);
      ticket::Ticket t = v->ticket;
      edit(t);
      t.version = v->ticket.version + 1;
      EXPECT_TRUE(tx.tickets().update_ticket(t, v->ticket.version));
      return ok();
    });
    ASSERT_TRUE(r.ok()) << r.error().message;
  };
  auto load_of = [&](Id user_id) {
    auto loads = read([&](DispatchRepo& d) { return d.member_loads({user_id}); });
    return loads.empty() ? std::pair{0, 0} : std::pair{loads[0].open_tickets, loads[0].weighted_load};
  };
  EXPECT_EQ(load_of(wang), (std::pair{2, 4 + 2}));

  change(b, [&](ticket::Ticket& t) { t.assignee_id = li; });  // reassigned
  EXPECT_EQ(load_of(wang), (std::pair{1, 4}));
  EXPECT_EQ(load_of(li), (std::pair{1, 2}));

  change(b, [&](ticket::Ticket& t) { t.priority = Priority::P2; });  // raised
  EXPECT_EQ(load_of(li), (std::pair{1, 3}));

  change(a, [&](ticket::Ticket& t) { t.subject = "VPN 仍然连不上"; });  // nothing that counts
  EXPECT_EQ(load_of(wang), (std::pair{1, 4}));

  change(a, [&](ticket::Ticket& t) { t.state = State::resolved; });  // off the load
  EXPECT_EQ(load_of(wang), (std::pair{0, 0})) << "a member without open tickets has no row";
  change(a, [&](ticket::Ticket& t) { t.state = State::reopened; });  // back on
  EXPECT_EQ(load_of(wang), (std::pair{1, 4}));

  change(b, [&](ticket::Ticket& t) {
    t.assignee_id = std::nullopt;  // back to the queue
  });
  EXPECT_EQ(load_of(li), (std::pair{0, 0}));
  change(b, [&](ticket::Ticket& t) {
    t.assignee_id = wang;  // and to wang while raised again and parked
    t.priority = Priority::P1;
    t.state = State::pending_customer;
  });
  EXPECT_EQ(load_of(wang), (std::pair{2, 8}));

  // The kept figures equal a count made from the tickets themselves.
  auto counted = store()
                     .read([&](DispatchTx& tx) -> Result<std::pair<int, int>> {
                       int open = 0, weighted = 0;
                       for (Id id : {a, b}) {
                         const ticket::Ticket t = tx.tickets().find_ticket(id)->ticket;
                         if (t.assignee_id == wang && ticket::is_open(t.state)) {
                           ++open;
                           weighted += dispatch::load_weight(static_cast<int>(t.priority));
                         }
                       }
                       return std::pair{open, weighted};
                     })
                     .value();
  EXPECT_EQ(load_of(wang), counted);
}

TEST_P(DispatchContract, a_teams_candidates_are_its_active_agents_with_duty_skills_load_and_last_turn) {
  Id desk = team("一线服务台"), other = team("二线系统组");
  Id req = user("req", Role::requester);
  Id wang = user("wang"), li = user("li", Role::agent_l2), gone = user("gone"), zhao = user("zhao");
  auto setup = store().write([&](DispatchTx& tx) -> Result<void> {
    for (Id u : {wang, li, gone, req}) {
      auto user = *tx.identity().find_user(u);
      user.team_ids = {desk};
      if (u == gone) user.active = false;
      tx.identity().update_user(user, std::nullopt);
    }
    auto z = *tx.identity().find_user(zhao);
    z.team_ids = {other};
    tx.identity().update_user(z, std::nullopt);
    tx.dispatch().set_skills(li, {{"网络", 3}, {"Oracle", 2}}, k_t0);
    tx.dispatch().set_on_duty(wang, false, k_t0);
    tx.dispatch().touch_assigned(desk, li, k_t0 + 1min);
    tx.dispatch().touch_assigned(other, wang, k_t0 + 2min);
    return ok();
  });
  ASSERT_TRUE(setup.ok()) << setup.error().message;
  ticket(req, {.team = desk, .assignee = li, .priority = Priority::P2, .state = State::assigned});
  ticket(req, {.team = other, .assignee = li, .priority = Priority::P4, .state = State::assigned});

  auto c = read([&](DispatchRepo& d) { return d.team_candidates(desk); });
  std::sort(c.begin(), c.end(), [](const auto& x, const auto& y) { return x.user_id < y.user_id; });
  ASSERT_EQ(c.size(), 2u) << "neither the inactive member nor the requester is a candidate";
  EXPECT_EQ(c[0].user_id, wang);
  EXPECT_EQ(c[0].name, "用户wang");
  EXPECT_FALSE(c[0].on_duty);
  EXPECT_TRUE(c[0].skills.empty());
  EXPECT_EQ(c[0].open_tickets, 0);
  EXPECT_FALSE(c[0].last_assigned) << "wang's last turn was in another team";
  EXPECT_EQ(c[1].user_id, li);
  EXPECT_TRUE(c[1].on_duty);
  EXPECT_EQ(c[1].skills, (std::vector<dispatch::Skill>{{"网络", 3}, {"Oracle", 2}}));
  EXPECT_EQ(c[1].open_tickets, 2) << "the load counts open tickets of every team";
  EXPECT_EQ(c[1].weighted_load, 3 + 1);
  EXPECT_EQ(c[1].last_assigned, k_t0 + 1min);
  EXPECT_TRUE(read([&](DispatchRepo& d) { return d.team_candidates(team("空组")); }).empty());
}

TEST_P(DispatchContract, round_robin_remembers_when_each_member_last_got_a_ticket_per_team) {
  Id desk = team("一线服务台"), systems = team("二线系统组");
  Id wang = user("wang"), li = user("li");
  auto joined = store().write([&](DispatchTx& tx) -> Result<void> {
    for (Id u : {wang, li}) {
      auto user = *tx.identity().find_user(u);
      user.team_ids = {desk, systems};
      tx.identity().update_user(user, std::nullopt);
    }
    return ok();
  });
  ASSERT_TRUE(joined.ok()) << joined.error().message;
  auto turns = [&](Id team_id) {
    std::map<Id, std::optional<Timestamp>> out;
    for (const auto& c : read([&](DispatchRepo& d) { return d.team_candidates(team_id); }))
      out[c.user_id] = c.last_assigned;
    return out;
  };
  using Turns = std::map<Id, std::optional<Timestamp>>;
  EXPECT_EQ(turns(desk), (Turns{{wang, std::nullopt}, {li, std::nullopt}}));
  write([&](DispatchRepo& d) {
    d.touch_assigned(desk, wang, k_t0);
    d.touch_assigned(desk, li, k_t0 + 1min);
    d.touch_assigned(desk, wang, k_t0 + 2min);
    d.touch_assigned(systems, li, k_t0 + 5min);
  });
  EXPECT_EQ(turns(desk), (Turns{{wang, k_t0 + 2min}, {li, k_t0 + 1min}}));
  EXPECT_EQ(turns(systems), (Turns{{wang, std::nullopt}, {li, k_t0 + 5min}}));
}

TEST_P(DispatchContract, a_teams_queue_is_its_open_unheld_tickets_oldest_first) {
  Id desk = team("一线服务台"), systems = team("二线系统组");
  Id req = user("req", Role::requester), wang = user("wang");
  Id oldest = ticket(req, {.team = desk, .state = State::reopened, .created_at = k_t0});
  Id same_time = ticket(req, {.team = desk, .created_at = k_t0});
  Id later = ticket(req, {.team = desk, .created_at = k_t0 + 2min});
  Id waiting = ticket(req, {.team = desk, .state = State::pending_customer, .created_at = k_t0 + 3min});
  ticket(req, {.team = desk, .assignee = wang, .state = State::assigned, .created_at = k_t0 - 1h});
  ticket(req, {.team = desk, .state = State::resolved, .created_at = k_t0 - 1h});
  ticket(req, {.team = desk, .state = State::cancelled, .created_at = k_t0 - 1h});
  ticket(req, {.team = systems, .created_at = k_t0 - 1h});
  ticket(req, {.created_at = k_t0 - 1h});

  EXPECT_EQ(read([&](DispatchRepo& d) { return d.queued_tickets(desk, 10); }),
            (std::vector<Id>{oldest, same_time, later, waiting}));
  EXPECT_EQ(read([&](DispatchRepo& d) { return d.queued_tickets(desk, 2); }),
            (std::vector<Id>{oldest, same_time}));
  EXPECT_TRUE(read([&](DispatchRepo& d) { return d.queued_tickets(team("空闲组"), 10); }).empty());
}

TEST_P(DispatchContract, a_category_needs_the_skills_last_set_and_none_once_cleared) {
  auto categories = store()
                        .read([](DispatchTx& tx) -> Result<std::vector<ticket::Category>> {
                          return tx.tickets().list_categories();
                        })
                        .value();
  ASSERT_GE(categories.size(), 2u);
  const Id network = categories[0].id, printers = categories[1].id;
  EXPECT_TRUE(read([&](DispatchRepo& d) { return d.category_skills(network); }).empty());
  write([&](DispatchRepo& d) {
    d.set_category_skills(network, {{"网络", 3}, {"VPN", 2}});
    d.set_category_skills(printers, {{"打印机", 1}});
  });
  EXPECT_EQ(read([&](DispatchRepo& d) { return d.category_skills(network); }),
            (std::vector<dispatch::Skill>{{"网络", 3}, {"VPN", 2}}));
  write([&](DispatchRepo& d) { d.set_category_skills(network, {{"网络", 4}}); });
  EXPECT_EQ(read([&](DispatchRepo& d) { return d.category_skills(network); }),
            (std::vector<dispatch::Skill>{{"网络", 4}}));
  write([&](DispatchRepo& d) { d.set_category_skills(network, {}); });
  EXPECT_TRUE(read([&](DispatchRepo& d) { return d.category_skills(network); }).empty());
  EXPECT_EQ(read([&](DispatchRepo& d) { return d.category_skills(printers); }),
            (std::vector<dispatch::Skill>{{"打印机", 1}}));
}

// ---- tags, contacts, links, articles ----

TEST_P(DispatchContract, a_tag_is_added_once_listed_in_byte_order_and_removed_once) {
  Id req = user("req", Role::requester);
  Id t = ticket(req), other = ticket(req);
  EXPECT_TRUE(write([&](DispatchRepo& d) { return d.add_tag(t, "网络"); }));
  EXPECT_FALSE(write([&](DispatchRepo& d) { return d.add_tag(t, "网络"); })) << "the ticket already had it";
  EXPECT_TRUE(write([&](DispatchRepo& d) { return d.add_tag(t, "紧急"); }));
  EXPECT_TRUE(write([&](DispatchRepo& d) { return d.add_tag(t, "VPN"); }));
  EXPECT_TRUE(write([&](DispatchRepo& d) { return d.add_tag(t, "vpn"); })) << "tags differ by case";
  EXPECT_TRUE(write([&](DispatchRepo& d) { return d.add_tag(other, "网络"); }));
  EXPECT_EQ(read([&](DispatchRepo& d) { return d.tags(t); }),
            (std::vector<std::string>{"VPN", "vpn", "紧急", "网络"}));
  EXPECT_TRUE(write([&](DispatchRepo& d) { return d.remove_tag(t, "网络"); }));
  EXPECT_FALSE(write([&](DispatchRepo& d) { return d.remove_tag(t, "网络"); }));
  EXPECT_EQ(read([&](DispatchRepo& d) { return d.tags(t); }),
            (std::vector<std::string>{"VPN", "vpn", "紧急"}));
  EXPECT_EQ(read([&](DispatchRepo& d) { return d.tags(other); }), (std::vector<std::string>{"网络"}));
}

TEST_P(DispatchContract, a_contact_added_by_a_merge_is_read_with_the_ticket) {
  Id req = user("req", Role::requester), zhang = user("zhang", Role::requester),
     chen = user("chen", Role::requester);
  Id t = ticket(req), other = ticket(req);
  auto contacts_of = [&](Id id) {
    auto ids = store()
                   .read([&](DispatchTx& tx) -> Result<std::vector<Id>> {
                     return tx.tickets().find_ticket(id)->ticket.contact_ids;
                   })
                   .value();
    std::sort(ids.begin(), ids.end());
    return ids;
  };
  EXPECT_TRUE(contacts_of(t).empty());
  EXPECT_TRUE(write([&](DispatchRepo& d) { return d.add_contact(t, zhang, k_t0); }));
  EXPECT_FALSE(write([&](DispatchRepo& d) { return d.add_contact(t, zhang, k_t0 + 1min); })) << "already one";
  EXPECT_EQ(contacts_of(t), std::vector<Id>{zhang});
  EXPECT_TRUE(write([&](DispatchRepo& d) { return d.add_contact(t, chen, k_t0); }));
  EXPECT_EQ(contacts_of(t), (std::vector<Id>{zhang, chen}));
  EXPECT_TRUE(contacts_of(other).empty());
}

TEST_P(DispatchContract, links_are_unique_per_kind_and_read_from_either_end_with_the_other_number) {
  Id req = user("req", Role::requester), wang = user("wang");
  Id parent = ticket(req), child = ticket(req), third = ticket(req);
  dispatch::Link l{0, parent, child, dispatch::LinkKind::parent_of, k_t0, wang, ""};
  auto first = write([&](DispatchRepo& d) { return d.insert_link(l); });
  ASSERT_TRUE(first.has_value());
  EXPECT_FALSE(write([&](DispatchRepo& d) { return d.insert_link(l); }).has_value())
      << "the same link exists";
  auto related = write([&](DispatchRepo& d) {
    return d.insert_link({0, parent, child, dispatch::LinkKind::related, k_t0 + 1min, std::nullopt, ""});
  });
  ASSERT_TRUE(related.has_value()) << "the same tickets may be linked by another kind";
  auto incoming = write([&](DispatchRepo& d) {
    return d.insert_link({0, third, parent, dispatch::LinkKind::merged_into, k_t0 + 2min, std::nullopt, ""});
  });
  ASSERT_TRUE(incoming.has_value());
  EXPECT_NE(*first, *related);

  auto links = read([&](DispatchRepo& d) { return d.links_of(parent); });
  ASSERT_EQ(links.size(), 3u);
  EXPECT_EQ(links[0].id, *first);
  EXPECT_EQ(links[0].ticket_id, parent);
  EXPECT_EQ(links[0].other_id, child);
  EXPECT_EQ(links[0].kind, dispatch::LinkKind::parent_of);
  EXPECT_EQ(links[0].created_at, k_t0);
  EXPECT_EQ(links[0].created_by, wang);
  EXPECT_EQ(links[0].other_number, number_of(child));
  EXPECT_EQ(links[1].id, *related);
  EXPECT_EQ(links[1].kind, dispatch::LinkKind::related);
  EXPECT_FALSE(links[1].created_by.has_value());
  EXPECT_EQ(links[2].id, *incoming);
  EXPECT_EQ(links[2].ticket_id, third);
  EXPECT_EQ(links[2].other_id, parent);
  EXPECT_EQ(links[2].kind, dispatch::LinkKind::merged_into);
  EXPECT_EQ(links[2].other_number, number_of(parent))
      << "the number of the link's other_id, whichever end reads";

  auto of_child = read([&](DispatchRepo& d) { return d.links_of(child); });
  ASSERT_EQ(of_child.size(), 2u);
  EXPECT_EQ(of_child[0].id, *first);
  EXPECT_EQ(of_child[1].id, *related);
  auto found = read([&](DispatchRepo& d) { return d.find_link(*incoming); });
  ASSERT_TRUE(found.has_value());
  EXPECT_EQ(found->ticket_id, third);
  EXPECT_EQ(found->created_at, k_t0 + 2min);
  EXPECT_EQ(found->other_number, number_of(parent));

  write([&](DispatchRepo& d) { d.delete_link(*related); });
  EXPECT_FALSE(read([&](DispatchRepo& d) { return d.find_link(*related); }).has_value());
  of_child = read([&](DispatchRepo& d) { return d.links_of(child); });
  ASSERT_EQ(of_child.size(), 1u);
  EXPECT_EQ(of_child[0].id, *first);
  EXPECT_TRUE(write([&](DispatchRepo& d) {
                return d.insert_link({0, parent, child, dispatch::LinkKind::related, k_t0, std::nullopt, ""});
              }).has_value())
      << "a deleted link can be made again";
}

TEST_P(DispatchContract, articles_move_to_another_ticket_all_or_only_those_named) {
  Id req = user("req", Role::requester), wang = user("wang");
  Id from = ticket(req), split = ticket(req), merged = ticket(req);
  Id a1 = article(from, req, "第一条"), a2 = article(from, wang, "第二条"), a3 = article(from, req, "第三条"),
     a4 = article(from, wang, "第四条");
  Id s1 = article(split, wang, "拆分单自己的");
  // Only from's own articles move, even when another ticket's is named.
  EXPECT_EQ(write([&](DispatchRepo& d) { return d.move_articles(from, split, {a2, a4, s1}); }), 2);
  EXPECT_EQ(article_ids(from), (std::vector<Id>{a1, a3}));
  EXPECT_EQ(article_ids(split), (std::vector<Id>{a2, a4, s1}));
  EXPECT_EQ(write([&](DispatchRepo& d) { return d.move_articles(from, merged, {}); }), 2);
  EXPECT_TRUE(article_ids(from).empty());
  EXPECT_EQ(article_ids(merged), (std::vector<Id>{a1, a3}));
  EXPECT_EQ(write([&](DispatchRepo& d) { return d.move_articles(from, merged, {}); }), 0);
}

// ---- the work log ----

TEST_P(DispatchContract, the_work_log_is_read_by_ticket_and_by_day_range_newest_day_first) {
  Id req = user("req", Role::requester), wang = user("wang"), li = user("li");
  Id vpn = ticket(req), printer = ticket(req);
  auto log = [&](Id t, Id u, dispatch::Activity a, int minutes, const std::string& note,
                 const std::string& day) {
    dispatch::WorklogEntry e;
    e.ticket_id = t;
    e.user_id = u;
    e.activity = a;
    e.minutes = minutes;
    e.note = note;
    e.work_date = day;
    e.created_at = k_t0;
    return write([&](DispatchRepo& d) { return d.insert_worklog(e); });
  };
  using dispatch::Activity;
  Id e1 = log(vpn, wang, Activity::remote, 30, "远程查看 VPN 日志", "2025-11-20");
  Id e2 = log(vpn, li, Activity::phone, 15, "电话回访", "2025-11-21");
  Id e3 = log(printer, wang, Activity::onsite, 120, "现场更换硒鼓", "2025-11-21");
  Id e4 = log(printer, wang, Activity::research, 45, "", "2025-11-19");
  Id e5 = log(vpn, wang, Activity::travel, 60, "往返分部", "2025-11-23");
  Id e6 = log(vpn, wang, Activity::other, 10, "整理记录", "2025-11-21");

  auto of_vpn = read([&](DispatchRepo& d) { return d.worklog_of(vpn); });
  ASSERT_EQ(of_vpn.size(), 4u);
  EXPECT_EQ(of_vpn[0].id, e1);
  EXPECT_EQ(of_vpn[1].id, e2);
  EXPECT_EQ(of_vpn[2].id, e5);
  EXPECT_EQ(of_vpn[3].id, e6);
  EXPECT_EQ(of_vpn[0].ticket_id, vpn);
  EXPECT_EQ(of_vpn[0].user_id, wang);
  EXPECT_EQ(of_vpn[0].user_name, "用户wang");
  EXPECT_EQ(of_vpn[0].ticket_number, number_of(vpn));
  EXPECT_EQ(of_vpn[0].activity, Activity::remote);
  EXPECT_EQ(of_vpn[0].minutes, 30);
  EXPECT_EQ(of_vpn[0].note, "远程查看 VPN 日志");
  EXPECT_EQ(of_vpn[0].work_date, "2025-11-20");
  EXPECT_EQ(of_vpn[0].created_at, k_t0);
  EXPECT_EQ(of_vpn[1].user_name, "用户li");

  auto ids_of = [](const std::vector<dispatch::WorklogEntry>& v) {
    std::vector<Id> out;
    for (const auto& e : v)
      out.push_back(e.id);
    return out;
  };
  EXPECT_EQ(
      ids_of(read([&](DispatchRepo& d) { return d.worklog_between(wang, "2025-11-19", "2025-11-21", 50); })),
      (std::vector<Id>{e6, e3, e1, e4}))
      << "one user's entries of the days, newest day first, the later entry first within a day";
  EXPECT_EQ(ids_of(read([&](DispatchRepo& d) {
              return d.worklog_between(std::nullopt, "2025-11-21", "2025-11-21", 50);
            })),
            (std::vector<Id>{e6, e3, e2}));
  EXPECT_EQ(
      ids_of(read([&](DispatchRepo& d) { return d.worklog_between(li, "2025-11-01", "2025-11-30", 50); })),
      (std::vector<Id>{e2}));
  EXPECT_EQ(
      ids_of(read([&](DispatchRepo& d) { return d.worklog_between(wang, "2025-11-01", "2025-11-30", 2); })),
      (std::vector<Id>{e5, e6}));
  EXPECT_TRUE(read([&](DispatchRepo& d) {
                return d.worklog_between(std::nullopt, "2025-11-24", "2025-12-31", 50);
              }).empty());

  auto found = read([&](DispatchRepo& d) { return d.find_worklog(e3); });
  ASSERT_TRUE(found.has_value());
  EXPECT_EQ(found->ticket_id, printer);
  EXPECT_EQ(found->ticket_number, number_of(printer));
  EXPECT_EQ(found->activity, Activity::onsite);
  EXPECT_EQ(found->minutes, 120);
  write([&](DispatchRepo& d) { d.delete_worklog(e3); });
  EXPECT_FALSE(read([&](DispatchRepo& d) { return d.find_worklog(e3); }).has_value());
  EXPECT_EQ(ids_of(read([&](DispatchRepo& d) { return d.worklog_of(printer); })), (std::vector<Id>{e4}));
}

// ---- rules ----

dispatch::Rule vpn_rule(Id team_id) {
  dispatch::Rule r;
  r.name = "VPN 故障转网络组";
  r.position = 10;
  r.active = true;
  r.trigger = dispatch::Trigger::create;
  r.when.priorities = {Priority::P1, Priority::P2};
  r.when.words = {"VPN", "无法连接"};
  dispatch::Action tag;
  tag.kind = dispatch::ActionKind::add_tag;
  tag.tag = "网络";
  dispatch::Action to_team;
  to_team.kind = dispatch::ActionKind::set_team;
  to_team.team_id = team_id;
  r.then = {tag, to_team};
  r.updated_at = k_t0;
  return r;
}

dispatch::Rule waiting_rule() {
  dispatch::Rule r;
  r.name = "等待客户三天自动关闭";
  r.position = 5;
  r.active = false;
  r.trigger = dispatch::Trigger::time;
  r.when.states = {State::pending_customer};
  r.when.for_minutes = 3 * 24 * 60;
  dispatch::Action close;
  close.kind = dispatch::ActionKind::set_state;
  close.state = State::resolved;
  close.text = "三天未回复，自动解决";
  r.then = {close};
  r.updated_at = k_t0 + 1min;
  return r;
}

TEST_P(DispatchContract, rules_read_back_whole_in_run_order_and_their_names_are_unique) {
  Id network = team("网络组");
  auto vpn = store().write([&](DispatchTx& tx) { return tx.dispatch().insert_rule(vpn_rule(network)); });
  ASSERT_TRUE(vpn.ok()) << vpn.error().message;
  auto waiting = store().write([&](DispatchTx& tx) { return tx.dispatch().insert_rule(waiting_rule()); });
  ASSERT_TRUE(waiting.ok()) << waiting.error().message;

  auto again = store().write([&](DispatchTx& tx) {
    auto r = vpn_rule(network);
    r.position = 99;
    return tx.dispatch().insert_rule(r);
  });
  ASSERT_FALSE(again.ok());
  EXPECT_EQ(again.error().code, Errc::conflict);
  EXPECT_EQ(again.error().field, "name");

  auto rules = read([](DispatchRepo& d) { return d.list_rules(); });
  ASSERT_EQ(rules.size(), 2u) << "the refused rule was not kept";
  EXPECT_EQ(rules[0].id, *waiting) << "lowest position first";
  EXPECT_EQ(rules[1].id, *vpn);
  const auto expected = vpn_rule(network);
  const auto& got = rules[1];
  EXPECT_EQ(got.name, expected.name);
  EXPECT_EQ(got.position, 10);
  EXPECT_TRUE(got.active);
  EXPECT_EQ(got.trigger, dispatch::Trigger::create);
  EXPECT_EQ(got.when, expected.when);
  EXPECT_EQ(got.then, expected.then);
  EXPECT_TRUE(got.last_error.empty());
  EXPECT_FALSE(got.last_error_at.has_value());
  EXPECT_EQ(got.updated_at, k_t0);
  EXPECT_FALSE(rules[0].active);
  EXPECT_EQ(rules[0].trigger, dispatch::Trigger::time);
  EXPECT_EQ(rules[0].when, waiting_rule().when);
  EXPECT_EQ(rules[0].then, waiting_rule().then);
  EXPECT_EQ(rules[0].updated_at, k_t0 + 1min);

  // An error is recorded and cleared; saving the rule clears it too.
  write([&](DispatchRepo& d) { d.record_rule_error(*vpn, "团队 9 不存在", k_t0 + 1h); });
  auto found = read([&](DispatchRepo& d) { return d.find_rule(*vpn); });
  ASSERT_TRUE(found.has_value());
  EXPECT_EQ(found->last_error, "团队 9 不存在");
  EXPECT_EQ(found->last_error_at, k_t0 + 1h);
  write([&](DispatchRepo& d) { d.record_rule_error(*vpn, "", std::nullopt); });
  found = read([&](DispatchRepo& d) { return d.find_rule(*vpn); });
  EXPECT_TRUE(found->last_error.empty());
  EXPECT_FALSE(found->last_error_at.has_value());
  write([&](DispatchRepo& d) { d.record_rule_error(*vpn, "again", k_t0 + 2h); });

  auto updated = store().write([&](DispatchTx& tx) -> Result<void> {
    auto r = vpn_rule(network);
    r.id = *vpn;
    r.name = "VPN 故障";
    r.position = 1;
    r.active = false;
    r.trigger = dispatch::Trigger::update;
    r.then.pop_back();
    r.updated_at = k_t0 + 3h;
    return tx.dispatch().update_rule(r);
  });
  ASSERT_TRUE(updated.ok()) << updated.error().message;
  found = read([&](DispatchRepo& d) { return d.find_rule(*vpn); });
  ASSERT_TRUE(found.has_value());
  EXPECT_EQ(found->name, "VPN 故障");
  EXPECT_EQ(found->position, 1);
  EXPECT_FALSE(found->active);
  EXPECT_EQ(found->trigger, dispatch::Trigger::update);
  EXPECT_EQ(found->then.size(), 1u);
  EXPECT_EQ(found->updated_at, k_t0 + 3h);
  EXPECT_TRUE(found->last_error.empty()) << "a saved rule starts afresh";
  EXPECT_FALSE(found->last_error_at.has_value());
  rules = read([](DispatchRepo& d) { return d.list_rules(); });
  ASSERT_EQ(rules.size(), 2u);
  EXPECT_EQ(rules[0].id, *vpn);
  EXPECT_EQ(rules[1].id, *waiting);

  auto clash = store().write([&](DispatchTx& tx) -> Result<void> {
    auto r = waiting_rule();
    r.id = *waiting;
    r.name = "VPN 故障";
    return tx.dispatch().update_rule(r);
  });
  ASSERT_FALSE(clash.ok());
  EXPECT_EQ(clash.error().code, Errc::conflict);
  EXPECT_EQ(clash.error().field, "name");
  EXPECT_EQ(read([&](DispatchRepo& d) { return d.find_rule(*waiting); })->name, waiting_rule().name);

  // A rule that has run goes with its runs.
  Id req = user("req", Role::requester);
  Id t = ticket(req, {.state = State::pending_customer});
  EXPECT_TRUE(write([&](DispatchRepo& d) { return d.claim_rule_run(*waiting, t, k_t0, k_t0 + 3 * 24h); }));
  write([&](DispatchRepo& d) { d.delete_rule(*waiting); });
  EXPECT_FALSE(read([&](DispatchRepo& d) { return d.find_rule(*waiting); }).has_value());
  rules = read([](DispatchRepo& d) { return d.list_rules(); });
  ASSERT_EQ(rules.size(), 1u);
  EXPECT_EQ(rules[0].id, *vpn);
  auto reborn = store().write([&](DispatchTx& tx) { return tx.dispatch().insert_rule(waiting_rule()); });
  EXPECT_TRUE(reborn.ok()) << "the deleted rule's name is free again";
}

TEST_P(DispatchContract, a_time_rule_claims_each_stay_in_a_state_once) {
  Id req = user("req", Role::requester);
  Id waiting_long = ticket(req, {.state = State::pending_customer});
  Id waiting_short = ticket(req, {.state = State::pending_customer});
  Id working = ticket(req, {.state = State::in_progress});
  Id third_party = ticket(req, {.state = State::pending_third_party});
  Id rule = store().write([&](DispatchTx& tx) { return tx.dispatch().insert_rule(waiting_rule()); }).value();
  auto other_rule = waiting_rule();
  other_rule.name = "另一条时间规则";
  Id other = store().write([&](DispatchTx& tx) { return tx.dispatch().insert_rule(other_rule); }).value();

  write([&](DispatchRepo& d) {
    d.set_state_since(waiting_long, State::pending_customer, k_t0);
    d.set_state_since(waiting_short, State::pending_customer, k_t0 + 10min);
    d.set_state_since(working, State::in_progress, k_t0 - 1h);
    d.set_state_since(third_party, State::pending_third_party, k_t0 + 5min);
  });
  using Stays = std::vector<std::pair<Id, Timestamp>>;
  const std::vector<State> pending{State::pending_customer, State::pending_third_party};
  auto unclaimed = [&](Id r, const std::vector<State>& states, Timestamp before, int limit = 10) {
    return read([&](DispatchRepo& d) { return d.unclaimed_in_state(r, states, before, limit); });
  };
  EXPECT_TRUE(unclaimed(rule, {}, k_t0 + 1h).empty());
  EXPECT_EQ(unclaimed(rule, pending, k_t0 + 5min), (Stays{{waiting_long, k_t0}, {third_party, k_t0 + 5min}}))
      << "in one of the states since at or before `before`, oldest first";
  EXPECT_EQ(unclaimed(rule, {State::pending_customer}, k_t0 + 1h),
            (Stays{{waiting_long, k_t0}, {waiting_short, k_t0 + 10min}}));
  EXPECT_EQ(unclaimed(rule, pending, k_t0 + 1h, 1), (Stays{{waiting_long, k_t0}}));

  EXPECT_TRUE(write([&](DispatchRepo& d) { return d.claim_rule_run(rule, waiting_long, k_t0, k_t0 + 1h); }));
  EXPECT_FALSE(write([&](DispatchRepo& d) { return d.claim_rule_run(rule, waiting_long, k_t0, k_t0 + 2h); }))
      << "another pass got there first";
  EXPECT_EQ(unclaimed(rule, pending, k_t0 + 1h),
            (Stays{{third_party, k_t0 + 5min}, {waiting_short, k_t0 + 10min}}));
  EXPECT_EQ(unclaimed(other, pending, k_t0 + 5min), (Stays{{waiting_long, k_t0}, {third_party, k_t0 + 5min}}))
      << "a claim is the rule's own";

  // The ticket left the state and came back: a new stay, unclaimed again.
  write([&](DispatchRepo& d) { d.set_state_since(waiting_long, State::pending_customer, k_t0 + 20min); });
  EXPECT_EQ(unclaimed(rule, pending, k_t0 + 1h),
            (Stays{{third_party, k_t0 + 5min}, {waiting_short, k_t0 + 10min}, {waiting_long, k_t0 + 20min}}));
  EXPECT_TRUE(
      write([&](DispatchRepo& d) { return d.claim_rule_run(rule, waiting_long, k_t0 + 20min, k_t0 + 2h); }));
  EXPECT_EQ(unclaimed(rule, pending, k_t0 + 1h),
            (Stays{{third_party, k_t0 + 5min}, {waiting_short, k_t0 + 10min}}));

  // A ticket moved to another state, or closed (forgotten), is no longer waited on.
  write([&](DispatchRepo& d) {
    d.set_state_since(waiting_short, State::in_progress, k_t0 + 30min);
    d.forget_state_since(third_party);
  });
  EXPECT_TRUE(unclaimed(rule, pending, k_t0 + 1h).empty());
  EXPECT_EQ(unclaimed(rule, {State::in_progress}, k_t0 + 1h),
            (Stays{{working, k_t0 - 1h}, {waiting_short, k_t0 + 30min}}));
}

// ---- macros ----

TEST_P(DispatchContract, macro_names_are_unique_per_team_and_among_the_global_ones) {
  Id desk = team("一线服务台"), field = team("现场服务组");
  auto insert = [&](const std::string& name, std::optional<Id> team_id, const std::string& body) {
    return store().write([&](DispatchTx& tx) {
      return tx.dispatch().insert_macro({0, name, team_id, body, k_t0});
    });
  };
  auto global = insert("问候", std::nullopt, "您好，{{requester.name}}");
  ASSERT_TRUE(global.ok()) << global.error().message;
  auto second_global = insert("问候", std::nullopt, "另一个");
  ASSERT_FALSE(second_global.ok()) << "two macros of no team may not share a name";
  EXPECT_EQ(second_global.error().code, Errc::conflict);
  EXPECT_EQ(second_global.error().field, "name");
  auto desk_greeting = insert("问候", desk, "一线：您好");
  ASSERT_TRUE(desk_greeting.ok()) << "a team's macro may share a global one's name";
  auto field_greeting = insert("问候", field, "现场：您好");
  ASSERT_TRUE(field_greeting.ok()) << "and another team's";
  auto desk_again = insert("问候", desk, "重复");
  ASSERT_FALSE(desk_again.ok());
  EXPECT_EQ(desk_again.error().code, Errc::conflict);
  auto desk_close = insert("结单", desk, "问题已解决，工单 {{ticket.number}} 将关闭");
  ASSERT_TRUE(desk_close.ok());

  auto macros = read([](DispatchRepo& d) { return d.list_macros(); });
  ASSERT_EQ(macros.size(), 4u);
  EXPECT_EQ(macros[0].id, *global) << "the global ones first, then by team, by name";
  EXPECT_FALSE(macros[0].team_id.has_value());
  EXPECT_EQ(macros[1].id, *desk_close);
  EXPECT_EQ(macros[2].id, *desk_greeting);
  EXPECT_EQ(macros[3].id, *field_greeting);
  auto found = read([&](DispatchRepo& d) { return d.find_macro(*desk_close); });
  ASSERT_TRUE(found.has_value());
  EXPECT_EQ(found->name, "结单");
  EXPECT_EQ(found->team_id, desk);
  EXPECT_EQ(found->body, "问题已解决，工单 {{ticket.number}} 将关闭");
  EXPECT_EQ(found->updated_at, k_t0);

  auto update = [&](dispatch::Macro m) {
    return store().write([&](DispatchTx& tx) { return tx.dispatch().update_macro(m); });
  };
  auto renamed = update({*desk_close, "问候", desk, "x", k_t0 + 1min});
  ASSERT_FALSE(renamed.ok());
  EXPECT_EQ(renamed.error().code, Errc::conflict);
  auto made_global = update({*desk_greeting, "问候", std::nullopt, "x", k_t0 + 1min});
  ASSERT_FALSE(made_global.ok()) << "moving it among the global ones meets the global 问候";
  EXPECT_EQ(read([&](DispatchRepo& d) { return d.find_macro(*desk_greeting); })->team_id, desk);

  ASSERT_TRUE(update({*desk_close, "结单模板", desk, "已解决", k_t0 + 2min}).ok());
  found = read([&](DispatchRepo& d) { return d.find_macro(*desk_close); });
  EXPECT_EQ(found->name, "结单模板");
  EXPECT_EQ(found->body, "已解决");
  EXPECT_EQ(found->updated_at, k_t0 + 2min);

  write([&](DispatchRepo& d) { d.delete_macro(*global); });
  EXPECT_FALSE(read([&](DispatchRepo& d) { return d.find_macro(*global); }).has_value());
  ASSERT_TRUE(update({*desk_greeting, "问候", std::nullopt, "全员：您好", k_t0 + 3min}).ok())
      << "with the global one gone the name is free among them";
  EXPECT_FALSE(read([&](DispatchRepo& d) { return d.find_macro(*desk_greeting); })->team_id.has_value());
  EXPECT_EQ(read([](DispatchRepo& d) { return d.list_macros(); }).size(), 3u);
}

INSTANTIATE_TEST_SUITE_P(Backends, DispatchContract, ::testing::ValuesIn(contract_backends()),
                         [](const ::testing::TestParamInfo<Backend>& info) { return info.param.name; });

}  // namespace
}  // namespace techdesk::contract
