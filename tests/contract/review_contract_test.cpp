// description: performance reviews' storage contract, on every backend. A month has one cycle, whose
// indicators read back as written; cycles are listed newest month first. Scorecards keep their items
// (computed figures, scores, explanations, notes and who scored them), and replacing a card's items leaves
// exactly the new ones. Appeals read back and are counted while open; the audit trail keeps every entry in
// order. A month's figures count, per engineer and with hand-checked numbers, what the department's rules
// say: resolutions whose latest one was theirs in the month (volume, SLA compliance, reopen rate), tickets
// created in the month and assigned to them (resolution rate), surveys, judged complaints, published
// articles — at the month's borders [from, to), for the active staff of the reviewed roles only.
#include <gtest/gtest.h>

#include <algorithm>

#include "contract/backends.h"
#include "report/report_store.h"
#include "report/review_rules.h"
#include "sla/sla_service.h"

namespace techdesk::contract {
namespace {

using namespace std::chrono_literals;
using namespace report;
using identity::Role;

// 2026-11-01T00:00 and 2026-12-01T00:00 in Beijing.
const Timestamp k_from = from_millis(1'793'462'400'000);
const Timestamp k_to = from_millis(1'796'054'400'000);

class ReviewContract : public ::testing::TestWithParam<Backend> {
 protected:
  void SetUp() override { m_store = GetParam().open(m_dir.path()); }

  TxRunner<ReportTx>& runner() { return m_store->reports(); }

  template <class F>
  auto put(F&& f) {
    using R = std::invoke_result_t<F&, ReportTx&>;
    if constexpr (std::is_void_v<R>) {
      auto r = runner().write([&](ReportTx& tx) -> Result<void> {
        f(tx);
        return ok();
      });
      if (!r) throw std::runtime_error(r.error().message);
    } else {
      auto r = runner().write([&](ReportTx& tx) -> Result<R> { return f(tx); });
      if (!r) throw std::runtime_error(r.error().message);
      return r.release_value();
    }
  }

  template <class F>
  auto get(F&& f) {
    using R = std::invoke_result_t<F&, ReviewRepo&>;
    auto r = runner().read([&](ReportTx& tx) -> Result<R> { return f(tx.reviews()); });
    if (!r) throw std::runtime_error(r.error().message);
    return r.release_value();
  }

  Id user(const std::string& login, Role role) {
    identity::NewUser u{login, "用户" + login, std::nullopt, std::nullopt, role, std::nullopt, {}, "h"};
    return put([&](ReportTx& tx) { return tx.identity().insert_user(u, k_from).value(); });
  }

  Id team(const std::string& name, std::vector<Id> members) {
    identity::Team t;
    t.name = name;
    t.member_ids = std::move(members);
    t.created_at = k_from;
    return put([&](ReportTx& tx) { return tx.identity().insert_team(t).value(); });
  }

  Id requester() {
    if (!m_requester) m_requester = user("requester", Role::requester);
    return *m_requester;
  }

  Id ticket(Timestamp created) {
    Id req = requester();
    return put([&](ReportTx& tx) {
      ticket::Ticket t;
      t.subject = "打印机卡纸";
      t.description = "三楼";
      t.requester_id = req;
      t.created_at = t.updated_at = created;
      t.number = "20261101-" + std::to_string(tx.tickets().next_sequence("20261101"));
      return tx.tickets().insert_ticket(t);
    });
  }

  // A ticket with its facts: created at `created`, assigned to `assignee`, in `state`, last resolved by
  // `resolver` at `resolved`.
  Id facts(Timestamp created, std::optional<Id> assignee, const std::string& state,
           std::optional<Id> resolver = {}, std::optional<Timestamp> resolved = {}, int reopens = 0) {
    Id id = ticket(created);
    TicketFacts f;
    f.ticket_id = id;
    f.created_at = created;
    f.type = "incident";
    f.channel = "web";
    f.priority = "P3";
    f.state = state;
    f.assignee_id = assignee;
    f.resolved_by = resolver;
    f.resolved_at = resolved;
    f.reopen_count = reopens;
    put([&](ReportTx& tx) { tx.report().insert_facts(f); });
    return id;
  }

  void sla(Id ticket, Timestamp due, std::optional<Timestamp> resolved, bool breached) {
    if (!m_policy) {
      if (!sla::ensure_defaults(m_store->sla(), k_from)) throw std::runtime_error("SLA defaults");
      m_policy = put([&](ReportTx& tx) { return tx.sla().list_policies().at(0); });
    }
    ticket::TicketSla s;
    s.ticket_id = ticket;
    s.policy_id = m_policy->id;
    s.policy_name = m_policy->name;
    s.why = "test";
    s.calendar_id = m_policy->calendar_id;
    s.started_at = k_from;
    s.resolution_target = 240;
    s.resolution_due = due;
    s.resolved_at = resolved;
    s.resolution_breached = breached;
    put([&](ReportTx& tx) { tx.sla().save_ticket_sla(s); });
  }

  void survey(std::optional<Id> agent, int score, Timestamp at) {
    Id t = ticket(at);
    feedback::SurveyResponse r;
    r.ticket_id = t;
    r.score = score;
    r.agent_id = agent;
    r.requester_id = requester();
    r.channel = "portal";
    r.created_at = at;
    put([&](ReportTx& tx) { return tx.feedback().insert_survey(r).value(); });
  }

  void complaint(std::vector<Id> engineers, std::optional<feedback::Verdict> verdict, Timestamp at) {
    Id t = ticket(at);
    feedback::Complaint c;
    c.ticket_id = t;
    c.stage = feedback::ComplaintStage::judged;
    c.source = feedback::ComplaintSource::phone;
    c.customer_id = requester();
    c.verdict = verdict;
    c.engineer_ids = std::move(engineers);
    c.created_at = c.updated_at = at;
    put([&](ReportTx& tx) { return tx.feedback().insert_complaint(c); });
  }

  void article(Id author, kb::ArticleState state, std::optional<Timestamp> published) {
    kb::KbArticle a;
    a.title = "打印机卡纸的处理";
    a.body = "打开后盖";
    a.state = state;
    a.author_id = author;
    a.created_at = a.updated_at = k_from - 24h * 40;
    a.published_at = published;
    if (published) a.published_version = 1;
    auto r = m_store->kb().write([&](kb::KbTx& tx) -> Result<Id> { return tx.kb().insert_article(a); });
    if (!r) throw std::runtime_error(r.error().message);
  }

  Cycle cycle(const std::string& month, Id by) {
    Cycle c;
    c.month = month;
    c.indicators = default_indicators();
    c.appeal_days = 5;
    c.created_by = by;
    c.created_at = c.updated_at = k_from;
    c.id = put([&](ReportTx& tx) { return tx.reviews().insert_cycle(c).value(); });
    return c;
  }

  static Scorecard card(Id cycle, Id engineer, std::optional<Id> team, std::int64_t total) {
    Scorecard s;
    s.cycle_id = cycle;
    s.engineer_id = engineer;
    s.team_id = team;
    s.total_milli = total;
    s.created_at = s.updated_at = k_to + 1h;
    ScoreItem computed;
    computed.key = "volume";
    computed.num = 12;
    computed.score_tenths = 800;
    computed.explain_zh = "本月解决 12 单";
    computed.explain_en = "resolved 12 tickets";
    ScoreItem manual;
    manual.key = "skill_level";
    s.items = {computed, manual};
    return s;
  }

  TempDir m_dir;
  std::unique_ptr<storage::Store> m_store;
  std::optional<Id> m_requester;
  std::optional<sla::Policy> m_policy;
};

TEST_P(ReviewContract, a_month_has_one_cycle_whose_indicators_read_back_as_written) {
  Id mgr = user("mgr", Role::manager);
  Cycle oct = cycle("2026-10", mgr);
  Cycle nov = cycle("2026-11", mgr);
  Cycle dup;
  dup.month = "2026-11";
  dup.indicators = default_indicators();
  dup.created_by = mgr;
  auto again = runner().write([&](ReportTx& tx) { return tx.reviews().insert_cycle(dup); });
  ASSERT_FALSE(again.ok());
  EXPECT_EQ(again.error().code, Errc::conflict);
  EXPECT_EQ(again.error().field, "month");

  auto back = get([&](ReviewRepo& r) { return r.find_cycle(nov.id); });
  ASSERT_TRUE(back.has_value());
  EXPECT_EQ(back->month, "2026-11");
  EXPECT_EQ(back->indicators, default_indicators());
  EXPECT_FALSE(back->published);
  EXPECT_EQ(back->created_by, mgr);
  EXPECT_EQ(get([&](ReviewRepo& r) { return r.find_cycle_by_month("2026-10"); })->id, oct.id);
  EXPECT_FALSE(get([&](ReviewRepo& r) { return r.find_cycle_by_month("2026-09"); }).has_value());
  auto list = get([](ReviewRepo& r) { return r.list_cycles(); });
  ASSERT_EQ(list.size(), 2u);
  EXPECT_EQ(list[0].id, nov.id);
  EXPECT_EQ(list[1].id, oct.id);

  nov.indicators[0].weight = 10;
  nov.indicators[1].weight = 20;
  nov.appeal_days = 7;
  nov.published = true;
  nov.published_by = mgr;
  nov.computed_at = k_to + 1h;
  nov.published_at = k_to + 2h;
  nov.appeal_until = k_to + 2h + 24h * 7;
  nov.updated_at = k_to + 2h;
  put([&](ReportTx& tx) { tx.reviews().update_cycle(nov); });
  back = get([&](ReviewRepo& r) { return r.lock_cycle(nov.id); });
  EXPECT_EQ(back->indicators, nov.indicators);
  EXPECT_EQ(back->appeal_days, 7);
  EXPECT_TRUE(back->published);
  EXPECT_EQ(back->published_by, mgr);
  EXPECT_EQ(back->computed_at, nov.computed_at);
  EXPECT_EQ(back->published_at, nov.published_at);
  EXPECT_EQ(back->appeal_until, nov.appeal_until);
  EXPECT_EQ(back->updated_at, nov.updated_at);
  EXPECT_EQ(back->created_at, k_from);
}

TEST_P(ReviewContract, scorecards_keep_their_items_and_replacing_items_leaves_only_the_new_ones) {
  Id mgr = user("mgr", Role::manager);
  Id a = user("a", Role::agent_l1), b = user("b", Role::agent_l2);
  Id t = team("一线服务台", {a});
  Cycle c = cycle("2026-11", mgr);
  auto ids = put([&](ReportTx& tx) {
    return tx.reviews().insert_scorecards({card(c.id, a, t, 70'000), card(c.id, b, std::nullopt, 80'000)});
  });
  ASSERT_EQ(ids.size(), 2u);
  auto ca = get([&](ReviewRepo& r) { return r.find_scorecard(ids[0]); });
  ASSERT_TRUE(ca.has_value());
  EXPECT_EQ(ca->engineer_id, a);
  EXPECT_EQ(ca->team_id, t);
  EXPECT_EQ(ca->total_milli, 70'000);
  ASSERT_EQ(ca->items.size(), 2u);
  auto vol = std::find_if(ca->items.begin(), ca->items.end(), [](auto& i) { return i.key == "volume"; });
  ASSERT_NE(vol, ca->items.end());
  EXPECT_EQ(*vol, card(c.id, a, t, 0).items[0]);
  EXPECT_EQ(get([&](ReviewRepo& r) { return r.find_scorecard_of(c.id, b); })->id, ids[1]);
  EXPECT_FALSE(get([&](ReviewRepo& r) { return r.find_scorecard_of(c.id, mgr); }).has_value());

  // A manual score, with who and when.
  ScoreItem skill;
  skill.key = "skill_level";
  skill.score_tenths = 875;
  skill.note = "熟练掌握网络排障";
  skill.explain_zh = "由经理评定：87.5 分";
  skill.scored_by = mgr;
  skill.scored_at = k_to + 3h;
  put([&](ReportTx& tx) { tx.reviews().save_item(ids[0], skill); });
  ca = get([&](ReviewRepo& r) { return r.find_scorecard(ids[0]); });
  auto sk = std::find_if(ca->items.begin(), ca->items.end(), [](auto& i) { return i.key == "skill_level"; });
  EXPECT_EQ(*sk, skill);

  ca->total_milli = 71'000;
  ca->self_assessment = "本月完成了机房搬迁";
  ca->self_assessed_at = k_to + 4h;
  ca->updated_at = k_to + 4h;
  put([&](ReportTx& tx) { tx.reviews().update_scorecard(*ca); });
  ScoreItem kb;
  kb.key = "kb_articles";
  kb.num = 1;
  kb.score_tenths = 500;
  ca->items = {kb, skill};
  put([&](ReportTx& tx) { tx.reviews().replace_items({*ca}); });
  auto again = get([&](ReviewRepo& r) { return r.find_scorecard(ids[0]); });
  EXPECT_EQ(again->total_milli, 71'000);
  EXPECT_EQ(again->self_assessment, "本月完成了机房搬迁");
  EXPECT_EQ(again->self_assessed_at, k_to + 4h);
  ASSERT_EQ(again->items.size(), 2u);
  std::vector<std::string> keys{again->items[0].key, again->items[1].key};
  std::sort(keys.begin(), keys.end());
  EXPECT_EQ(keys, (std::vector<std::string>{"kb_articles", "skill_level"}));

  auto all = get([&](ReviewRepo& r) { return r.list_scorecards(c.id, true); });
  ASSERT_EQ(all.size(), 2u);
  EXPECT_EQ(all[0].id, ids[0]);
  EXPECT_EQ(all[0].items.size(), 2u);
  EXPECT_EQ(all[1].items.size(), 2u);
  EXPECT_TRUE(get([&](ReviewRepo& r) { return r.list_scorecards(c.id, false); })[1].items.empty());
  auto names = get([&](ReviewRepo& r) { return r.engineer_names(c.id); });
  std::sort(names.begin(), names.end());
  EXPECT_EQ(names, (std::vector<std::pair<Id, std::string>>{{a, "用户a"}, {b, "用户b"}}));

  Cycle oct = cycle("2026-10", mgr);
  Id older = put([&](ReportTx& tx) { return tx.reviews().insert_scorecards({card(oct.id, a, t, 1)})[0]; });
  EXPECT_EQ(get([&](ReviewRepo& r) { return r.scorecards_of_engineer(a); }),
            (std::vector<std::pair<std::string, Id>>{{"2026-11", ids[0]}, {"2026-10", older}}));
}

TEST_P(ReviewContract, appeals_read_back_and_are_counted_while_open_and_the_audit_trail_keeps_its_order) {
  Id mgr = user("mgr", Role::manager);
  Id a = user("a", Role::agent_l1);
  Cycle c = cycle("2026-11", mgr);
  Id card_id = put([&](ReportTx& tx) { return tx.reviews().insert_scorecards({card(c.id, a, {}, 0)})[0]; });
  Appeal ap;
  ap.scorecard_id = card_id;
  ap.item_key = "volume";
  ap.reason = "十一月有两周在外地驻场，工单量少是因为出差";
  ap.old_score_tenths = 800;
  ap.created_by = a;
  ap.created_at = k_to + 5h;
  ap.id = put([&](ReportTx& tx) { return tx.reviews().insert_appeal(ap); });
  EXPECT_EQ(get([&](ReviewRepo& r) { return r.open_appeals(c.id); }), 1);
  auto back = get([&](ReviewRepo& r) { return r.find_appeal(ap.id); });
  ASSERT_TRUE(back.has_value());
  EXPECT_EQ(back->reason, ap.reason);
  EXPECT_EQ(back->state, AppealState::open);
  EXPECT_EQ(back->old_score_tenths, 800);
  EXPECT_FALSE(back->new_score_tenths.has_value());
  EXPECT_FALSE(back->answered_at.has_value());

  ap.state = AppealState::answered;
  ap.answer = "驻场期间按驻场工单计，改为 90 分";
  ap.new_score_tenths = 900;
  ap.answered_by = mgr;
  ap.answered_at = k_to + 30h;
  put([&](ReportTx& tx) { tx.reviews().update_appeal(ap); });
  back = get([&](ReviewRepo& r) { return r.find_appeal(ap.id); });
  EXPECT_EQ(back->state, AppealState::answered);
  EXPECT_EQ(back->answer, ap.answer);
  EXPECT_EQ(back->new_score_tenths, 900);
  EXPECT_EQ(back->answered_by, mgr);
  EXPECT_EQ(back->answered_at, k_to + 30h);
  EXPECT_EQ(get([&](ReviewRepo& r) { return r.open_appeals(c.id); }), 0);
  EXPECT_EQ(get([&](ReviewRepo& r) { return r.appeals_of(card_id); }).size(), 1u);
  EXPECT_EQ(get([&](ReviewRepo& r) { return r.appeals_of_cycle(c.id); })[0].id, ap.id);

  for (const char* action : {"created", "computed", "manual_score", "published", "appeal", "answer"}) {
    ReviewEvent e;
    e.cycle_id = c.id;
    e.scorecard_id = std::string(action) == "appeal" ? std::optional<Id>(card_id) : std::nullopt;
    e.actor_id = std::string(action) == "appeal" ? a : mgr;
    e.at = k_to + 1h;
    e.action = action;
    e.item_key =
        std::string(action) == "manual_score" ? std::optional<std::string>("skill_level") : std::nullopt;
    e.before = std::string(action) == "answer" ? std::optional<std::string>("80") : std::nullopt;
    e.after = std::string(action) == "answer" ? std::optional<std::string>("90") : std::nullopt;
    put([&](ReportTx& tx) { tx.reviews().insert_event(e); });
  }
  auto events = get([&](ReviewRepo& r) { return r.events_of_cycle(c.id); });
  ASSERT_EQ(events.size(), 6u);
  EXPECT_EQ(events[0].action, "created");
  EXPECT_EQ(events[2].item_key, "skill_level");
  EXPECT_EQ(events[4].scorecard_id, card_id);
  EXPECT_EQ(events[4].actor_id, a);
  EXPECT_EQ(events[5].before, "80");
  EXPECT_EQ(events[5].after, "90");
}

TEST_P(ReviewContract, a_months_figures_count_what_the_rules_say_per_engineer) {
  Id a = user("a", Role::agent_l1);
  Id b = user("b", Role::agent_l2);
  Id c = user("c", Role::field_engineer);
  Id lead = user("lead", Role::team_lead);
  Id officer = user("officer", Role::complaint_officer);
  Id mgr = user("mgr", Role::manager);
  Id admin = user("admin", Role::admin);
  Id gone = user("gone", Role::agent_l1);
  Id t2 = team("二线系统组", {b});
  Id t1 = team("一线服务台", {a, b, lead});
  put([&](ReportTx& tx) {
    auto u = tx.identity().find_user(gone).value();
    u.active = false;
    tx.identity().update_user(u, std::nullopt);
  });
  const Timestamp mid = k_from + 24h * 10;

  // A: closed at the very start of the month (SLA met), resolved (reopened once before, SLA breached),
  // still in progress, cancelled, closed without SLA; one resolved last month and one at the month's end.
  Id t_1 = facts(mid, a, "closed", a, k_from);
  sla(t_1, k_from + 1h, k_from, false);
  Id t_2 = facts(mid, a, "resolved", a, mid + 1h, 1);
  sla(t_2, mid + 4h, mid + 1h, true);
  facts(mid, a, "in_progress");
  facts(mid, a, "cancelled", a, mid + 2h);
  facts(mid, a, "closed", a, mid + 3h);
  facts(k_from - 24h * 5, a, "closed", a, k_from - 1ms);
  facts(mid, a, "resolved", a, k_to);
  Id late = facts(mid, a, "closed", a, mid + 5h);
  sla(late, mid + 4h, mid + 5h, false);  // resolved after its due time: breached though not flagged
  // B: a ticket created last month, resolved by B this month and reopened since (open now).
  facts(k_from - 24h * 3, b, "reopened", b, mid, 1);

  survey(a, 5, mid);
  survey(a, 4, k_to - 1ms);
  survey(a, 1, k_to);  // next month
  survey(b, 2, mid);
  survey(std::nullopt, 3, mid);

  complaint({a, b}, feedback::Verdict::justified, mid);
  complaint({a}, feedback::Verdict::partly_justified, mid);
  complaint({a}, feedback::Verdict::unjustified, mid);
  complaint({b}, std::nullopt, mid);
  complaint({a}, feedback::Verdict::justified, k_from - 1ms);

  article(a, kb::ArticleState::published, mid);
  article(a, kb::ArticleState::archived, mid);
  article(b, kb::ArticleState::draft, std::nullopt);
  article(c, kb::ArticleState::published, k_from - 24h);

  Cycle cy = cycle("2026-11", mgr);
  auto figs = get([&](ReviewRepo& r) { return r.figures(cy.id, k_from, k_to); });
  std::vector<Id> who;
  for (const auto& f : figs)
    who.push_back(f.engineer_id);
  EXPECT_EQ(who, (std::vector<Id>{a, b, c, lead, officer}))
      << "managers, admins, the inactive and customers are not reviewed";
  (void)admin;
  auto of = [&](Id id) {
    return *std::find_if(figs.begin(), figs.end(), [&](auto& f) { return f.engineer_id == id; });
  };

  EngineerFigures fa = of(a);
  EXPECT_EQ(fa.name, "用户a");
  EXPECT_EQ(fa.team_id, t1);
  EXPECT_EQ(fa.resolved, 4);  // t_1, t_2, the closed one without SLA, late
  EXPECT_EQ(fa.sla_total, 3);
  EXPECT_EQ(fa.sla_met, 1);
  EXPECT_EQ(fa.reopen_base, 4);
  EXPECT_EQ(fa.reopened, 1);
  EXPECT_EQ(fa.assigned, 6);  // all created in the month but the cancelled one
  EXPECT_EQ(fa.assigned_resolved, 5);
  EXPECT_EQ(fa.csat_count, 2);
  EXPECT_EQ(fa.csat_sum, 9);
  EXPECT_EQ(fa.complaints_justified, 1);
  EXPECT_EQ(fa.complaints_partly, 1);
  EXPECT_EQ(fa.kb_published, 1);

  EngineerFigures fb = of(b);
  EXPECT_EQ(fb.team_id, t2);  // the first of his teams (the lowest id)
  EXPECT_EQ(fb.resolved, 0);
  EXPECT_EQ(fb.reopen_base, 1);
  EXPECT_EQ(fb.reopened, 1);
  EXPECT_EQ(fb.assigned, 0);
  EXPECT_EQ(fb.csat_count, 1);
  EXPECT_EQ(fb.csat_sum, 2);
  EXPECT_EQ(fb.complaints_justified, 1);
  EXPECT_EQ(fb.complaints_partly, 0);
  EXPECT_EQ(fb.kb_published, 0);

  EngineerFigures fc = of(c);
  EXPECT_EQ(fc, (EngineerFigures{c, "用户c", std::nullopt}));

  // Someone who has a scorecard in the cycle stays in it, even when no longer active.
  put([&](ReportTx& tx) { return tx.reviews().insert_scorecards({card(cy.id, gone, {}, 0)}); });
  figs = get([&](ReviewRepo& r) { return r.figures(cy.id, k_from, k_to); });
  EXPECT_EQ(figs.size(), 6u);
}

TEST_P(ReviewContract, only_published_months_give_totals_for_the_quarter) {
  Id mgr = user("mgr", Role::manager);
  Id a = user("a", Role::agent_l1), b = user("b", Role::agent_l2);
  Cycle oct = cycle("2026-10", mgr), nov = cycle("2026-11", mgr);
  cycle("2026-12", mgr);
  put([&](ReportTx& tx) {
    return tx.reviews().insert_scorecards({card(oct.id, a, {}, 80'000), card(oct.id, b, {}, 70'000)});
  });
  put([&](ReportTx& tx) { return tx.reviews().insert_scorecards({card(nov.id, a, {}, 90'000)}); });
  oct.published = true;
  oct.published_at = k_to;
  oct.appeal_until = k_to + 24h * 5;
  put([&](ReportTx& tx) { tx.reviews().update_cycle(oct); });
  auto totals = get([](ReviewRepo& r) { return r.published_totals({"2026-10", "2026-11", "2026-12"}); });
  ASSERT_EQ(totals.size(), 2u);
  std::sort(totals.begin(), totals.end(), [](auto& x, auto& y) { return x.engineer_id < y.engineer_id; });
  EXPECT_EQ(totals[0].month, "2026-10");
  EXPECT_EQ(totals[0].engineer_id, a);
  EXPECT_EQ(totals[0].name, "用户a");
  EXPECT_EQ(totals[0].total_milli, 80'000);
  EXPECT_EQ(totals[1].total_milli, 70'000);
}

INSTANTIATE_TEST_SUITE_P(Backends, ReviewContract, ::testing::ValuesIn(contract_backends()),
                         [](const ::testing::TestParamInfo<Backend>& info) { return info.param.name; });

}  // namespace
}  // namespace techdesk::contract
