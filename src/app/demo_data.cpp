// `techdesk demo-data`: a realistic Chinese support department in an empty database — two internal
// departments, three customer companies, twelve agents in three teams, and about 200 tickets over
// the last 60 days in every state, each played through the real services with a moving clock, so the
// history (events, articles, numbers) is exactly what the system would have recorded.
#include <algorithm>
#include <iostream>
#include <map>
#include <random>

#include "app/app.h"
#include "app/demo_content.h"
#include "app/demo_kb_content.h"
#include "app/demo_reviews.h"
#include "app/ticket_core.h"
#include "channel/email/mail_service.h"
#include "common/clock.h"
#include "common/progress.h"
#include "dispatch/dispatch_service.h"
#include "feedback/feedback_service.h"
#include "identity/identity_service.h"
#include "identity/role.h"
#include "kb/kb_service.h"
#include "report/facts_observer.h"
#include "search/indexer.h"
#include "sla/sla_engine.h"
#include "storage/store.h"
#include "ticket/category_service.h"
#include "ticket/state_machine.h"
#include "ticket/ticket_service.h"

namespace techdesk::app {

namespace {

using identity::Principal;
using identity::Role;
using namespace std::chrono_literals;

constexpr const char* k_password = "Demo#2026";
constexpr int k_ticket_count = 200;

struct Failure {
  std::string what;
};

template <class T>
T must(Result<T> r, const std::string& doing) {
  if (!r) throw Failure{doing + ": " + r.error().message};
  return r.release_value();
}
inline void must(Result<void> r, const std::string& doing) {
  if (!r) throw Failure{doing + ": " + r.error().message};
}

Principal principal_of(const identity::User& u) {
  Principal p;
  p.user_id = u.id;
  p.name = u.name;
  p.role = u.role;
  p.organization_id = u.organization_id;
  p.team_ids = u.team_ids;
  return p;
}

struct Person {
  const char* login;
  const char* name;
  Role role;
  const char* org;   // nullptr: the support department itself
  const char* team;  // nullptr: no team
};

// The department's staff and the key contacts named in the README.
constexpr Person k_staff[] = {
    {"admin", "系统管理员", Role::admin, nullptr, nullptr},
    {"manager.zhou", "周建华", Role::manager, nullptr, nullptr},
    {"lead.li", "李强", Role::team_lead, nullptr, "一线服务台"},
    {"agent.wang", "王芳", Role::agent_l1, nullptr, "一线服务台"},
    {"agent.zhang", "张伟", Role::agent_l1, nullptr, "一线服务台"},
    {"agent.yang", "杨洋", Role::agent_l1, nullptr, "一线服务台"},
    {"complaint.liu", "刘敏", Role::complaint_officer, nullptr, "一线服务台"},
    {"lead.wu", "吴磊", Role::team_lead, nullptr, "二线系统组"},
    {"agent.zhao", "赵军", Role::agent_l2, nullptr, "二线系统组"},
    {"agent.sun", "孙浩", Role::agent_l2, nullptr, "二线系统组"},
    {"agent.ma", "马超", Role::agent_l2, nullptr, "二线系统组"},
    {"lead.he", "何涛", Role::team_lead, nullptr, "现场服务组"},
    {"field.chen", "陈刚", Role::field_engineer, nullptr, "现场服务组"},
    {"field.lin", "林峰", Role::field_engineer, nullptr, "现场服务组"},
    {"user.sun", "孙丽", Role::requester, "财务部", nullptr},
    {"cust.huang", "黄磊", Role::requester, "华信科技有限公司", nullptr},
    {"cust.manager", "郑国栋", Role::org_manager, "华信科技有限公司", nullptr},
};

struct OrgSeed {
  const char* name;
  identity::OrgKind kind;
  const char* domain;
};
constexpr OrgSeed k_orgs[] = {
    {"财务部", identity::OrgKind::internal, nullptr},
    {"人力资源部", identity::OrgKind::internal, nullptr},
    {"华信科技有限公司", identity::OrgKind::external, "huaxin-tech.cn"},
    {"瑞丰制造股份有限公司", identity::OrgKind::external, "ruifeng-mfg.com"},
    {"恒通物流集团", identity::OrgKind::external, "hengtong-logistics.com"},
};

struct TeamSeed {
  const char* name;
  const char* description;
};
constexpr TeamSeed k_teams[] = {
    {"一线服务台", "首问负责：受理电话、邮件、网页和在线请求，能当场解决的当场解决，其余升级二线"},
    {"二线系统组", "服务器、网络、数据库和业务系统等复杂问题，接收一线升级"},
    {"现场服务组", "上门服务、硬件维修与安装、设备巡检"},
};

using S = ticket::State;

class Generator {
 public:
  Generator(storage::Store& store, ManualClock& clock, const identity::SecretBox& secrets, bool quiet)
      : m_clock(clock),
        m_identity(store.identity(), clock),
        m_tickets(store.tickets(), clock),
        m_categories(store.tickets()),
        m_sla(store.sla(), clock),
        m_automation(store.dispatch(), clock),
        m_dispatcher(store.dispatch(), clock),
        m_dispatch(store.dispatch(), m_tickets, m_dispatcher, m_automation, clock),
        m_kb(store.kb(), clock),
        m_mail(store.mail(), m_tickets, clock, secrets, {}),
        m_feedback(store.feedback(), m_tickets, m_mail, m_identity, clock, secrets.signing_key()),
        m_rng(20261121),
        m_quiet(quiet) {
    // Every ticket is held to its SLA from its creation, as on a live server; the automation engine
    // records when each ticket entered its state (what time rules wait on). The history's dispatching
    // is played by the leads by hand; the teams' strategies and rules are set up afterwards.
    m_tickets.add_observer(&m_automation);
    m_tickets.add_observer(&m_sla);
    m_tickets.add_observer(&m_feedback);  // closing the loop: surveys, callbacks, auto-close timers
    m_tickets.add_observer(&m_facts);     // what reports count
    m_tickets.add_observer(&m_indexer);
    m_automation.set_ticket_service(&m_tickets);
    m_dispatcher.set_ticket_service(&m_tickets);
    m_sla.set_ticket_service(&m_tickets);
  }

  void run(Timestamp now) {
    m_now = now;
    m_clock.set(now - std::chrono::days(61));
    seed_people();
    auto cats = must(m_categories.list(identity::system_principal()), "list categories");
    for (const auto& c : cats)
      m_category_by_path[c.path] = c.id;
    play_tickets();
    m_clock.set(now - std::chrono::days(4));
    seed_complaints();
    m_clock.set(now);
    seed_followup();
    seed_dispatch();
    seed_knowledge();
  }

 private:
  void seed_people() {
    const Principal sys = identity::system_principal();
    ProgressBar bar("users", std::size(k_orgs) + std::size(k_teams) + std::size(k_staff) + 24, !m_quiet);
    for (const auto& o : k_orgs) {
      identity::OrgInput in;
      in.name = o.name;
      in.kind = o.kind;
      if (o.domain) in.domain = std::optional<std::string>(o.domain);
      auto org = must(m_identity.create_org(sys, in), std::string("create organisation ") + o.name);
      m_orgs[o.name] = org.id;
      bar.advance();
    }
    for (const auto& t : k_teams) {
      identity::TeamInput in;
      in.name = t.name;
      in.description = t.description;
      m_teams[t.name] = must(m_identity.create_team(sys, in), std::string("create team ") + t.name).id;
      bar.advance();
    }
    for (const auto& p : k_staff) {
      auto u =
          create_user(p.login, p.name, p.role, p.org ? std::optional<Id>(m_orgs.at(p.org)) : std::nullopt,
                      p.team ? std::vector<Id>{m_teams.at(p.team)} : std::vector<Id>{});
      Principal pr = principal_of(u);
      m_by_login[p.login] = pr;
      if (p.team && std::string(p.team) == "一线服务台" && p.role == Role::agent_l1) m_l1.push_back(pr);
      if (p.team && std::string(p.team) == "二线系统组" && p.role == Role::agent_l2) m_l2.push_back(pr);
      if (p.team && std::string(p.team) == "现场服务组" && p.role == Role::field_engineer)
        m_field.push_back(pr);
      if (p.role == Role::requester || p.role == Role::org_manager) m_requesters.push_back(pr);
      bar.advance();
    }
    // More requesters, spread over the five organisations.
    auto names = demo::requester_names();
    for (std::size_t i = 0; i < names.size() && i < 24; ++i) {
      const auto& org = k_orgs[i % std::size(k_orgs)];
      auto u = create_user(std::string(names[i].login_hint), std::string(names[i].name), Role::requester,
                           m_orgs.at(org.name), {});
      m_requesters.push_back(principal_of(u));
      bar.advance();
    }
  }

  identity::User create_user(const std::string& login, const std::string& name, Role role,
                             std::optional<Id> org, std::vector<Id> teams) {
    identity::CreateUser in;
    in.login = login;
    in.password = k_password;
    in.name = name;
    in.role = role;
    in.organization_id = org;
    in.team_ids = std::move(teams);
    in.email =
        login + (org && m_org_domain(*org) ? "@" + *m_org_domain(*org) : std::string("@techdesk.example.cn"));
    return must(m_identity.create_user(identity::system_principal(), std::move(in)), "create user " + login);
  }

  std::optional<std::string> m_org_domain(Id org) {
    for (const auto& o : k_orgs)
      if (m_orgs.at(o.name) == org && o.domain) return std::string(o.domain);
    return std::nullopt;
  }

  // Creation times over the last 60 days, mostly in office hours (Asia/Shanghai, UTC+8), oldest first.
  std::vector<Timestamp> creation_times() {
    std::vector<Timestamp> out;
    std::uniform_int_distribution<int> day(0, 59);
    std::uniform_int_distribution<int> minute_of_office(0, 9 * 60 - 1);  // 08:30–17:30 local
    std::uniform_int_distribution<int> any_minute(0, 24 * 60 - 1);
    std::uniform_int_distribution<int> percent(0, 99);
    const auto today_local_midnight_utc =
        std::chrono::floor<std::chrono::days>(m_now + 8h) - 8h;  // local midnight, in UTC
    while (static_cast<int>(out.size()) < k_ticket_count) {
      int d = day(m_rng);
      auto midnight = today_local_midnight_utc - std::chrono::days(d);
      auto weekday = std::chrono::weekday(std::chrono::floor<std::chrono::days>(midnight + 8h));
      bool weekend = weekday == std::chrono::Saturday || weekday == std::chrono::Sunday;
      if (weekend && percent(m_rng) < 75) continue;  // fewer requests at weekends
      int minute = percent(m_rng) < 90 ? 8 * 60 + 30 + minute_of_office(m_rng) : any_minute(m_rng);
      Timestamp t =
          std::chrono::time_point_cast<std::chrono::milliseconds>(midnight + std::chrono::minutes(minute));
      t += std::chrono::milliseconds(std::uniform_int_distribution<int>(0, 59999)(m_rng));
      if (t >= m_now - 5min) continue;
      out.push_back(t);
    }
    std::sort(out.begin(), out.end());
    return out;
  }

  S pick_final_state(Timestamp created) {
    auto age_days = std::chrono::duration_cast<std::chrono::hours>(m_now - created).count() / 24.0;
    struct W {
      S s;
      int w;
    };
    std::vector<W> table;
    if (age_days < 2)
      table = {{S::new_, 22},
               {S::assigned, 18},
               {S::in_progress, 30},
               {S::pending_customer, 10},
               {S::pending_third_party, 5},
               {S::resolved, 10},
               {S::cancelled, 5}};
    else if (age_days < 10)
      table = {
          {S::assigned, 4},  {S::in_progress, 15}, {S::pending_customer, 12}, {S::pending_third_party, 8},
          {S::resolved, 24}, {S::closed, 26},      {S::reopened, 6},          {S::cancelled, 5}};
    else
      table = {{S::closed, 78},  {S::resolved, 5},    {S::cancelled, 8},
               {S::reopened, 3}, {S::in_progress, 4}, {S::pending_third_party, 2}};
    int total = 0;
    for (auto& w : table)
      total += w.w;
    int r = std::uniform_int_distribution<int>(0, total - 1)(m_rng);
    for (auto& w : table) {
      if (r < w.w) return w.s;
      r -= w.w;
    }
    return S::closed;
  }

  template <class T>
  const T& pick(const std::vector<T>& v) {
    return v[std::uniform_int_distribution<std::size_t>(0, v.size() - 1)(m_rng)];
  }

  // Moves the clock forward by a plausible working pause, never past the present.
  void step(Timestamp created) {
    auto budget = (m_now - 1min - created) / 14;
    auto gap = std::chrono::milliseconds(
        std::uniform_int_distribution<std::int64_t>(4 * 60'000, 150 * 60'000)(m_rng));
    if (gap > budget) gap = std::chrono::duration_cast<std::chrono::milliseconds>(budget);
    if (gap < 1s) gap = 1s;
    m_clock.advance(gap);
    if (m_clock.now() > m_now - 1s) m_clock.set(m_now - 1s);
  }

  void play_tickets() {
    auto times = creation_times();
    std::vector<S> finals;
    for (auto t : times)
      finals.push_back(pick_final_state(t));
    // Every state appears at least once.
    for (S s : {S::new_, S::assigned, S::in_progress, S::pending_customer, S::pending_third_party,
                S::resolved, S::closed, S::reopened, S::cancelled}) {
      if (std::find(finals.begin(), finals.end(), s) != finals.end()) continue;
      finals[finals.size() - 1 - std::uniform_int_distribution<std::size_t>(0, 20)(m_rng)] = s;
    }
    auto scenarios = demo::ticket_scenarios();
    std::vector<std::size_t> order(scenarios.size());
    for (std::size_t i = 0; i < order.size(); ++i)
      order[i] = i;
    std::shuffle(order.begin(), order.end(), m_rng);

    ProgressBar bar("tickets", times.size(), !m_quiet);
    for (std::size_t i = 0; i < times.size(); ++i) {
      play(scenarios[order[i % order.size()]], times[i], finals[i]);
      bar.advance();
    }
    // What fell due while the history was played is recorded at its true times, as a server that was
    // running would have: warnings, breaches and escalations of the tickets still open.
    m_clock.set(m_now);
    while (must(m_sla.tick(500), "SLA scheduler pass") > 0) {
    }
  }

  void play(const demo::TicketScenario& sc, Timestamp created, S final_state) {
    m_clock.set(created);
    const Principal& lead_l1 = m_by_login.at("lead.li");
    const Principal& lead_field = m_by_login.at("lead.he");
    const Principal& requester = pick(m_requesters);
    const bool complaint = sc.type == "complaint";
    const bool logged_by_agent =
        sc.channel == "phone" || sc.channel == "email" || sc.channel == "alert" || sc.channel == "api";
    const Principal& intake = logged_by_agent ? pick(m_l1) : requester;

    ticket::NewTicket in;
    in.subject = std::string(sc.subject);
    in.description = std::string(sc.description);
    in.type = ticket::parse_ticket_type(sc.type);
    in.impact = ticket::parse_level(sc.impact);
    in.urgency = ticket::parse_level(sc.urgency);
    in.channel = ticket::parse_channel(sc.channel);
    if (auto it = m_category_by_path.find(std::string(sc.category_path)); it != m_category_by_path.end())
      in.category_id = it->second;
    if (logged_by_agent) in.requester_id = requester.user_id;
    auto t = must(m_tickets.create(intake, std::move(in)), "create ticket");
    const Id id = t.ticket.id;
    if (sc.channel == "phone") add(intake, id, ticket::ArticleKind::phone, std::string(pick_phone_log()));
    if (final_state == S::new_) return;
    if (final_state == S::cancelled && std::uniform_int_distribution<int>(0, 1)(m_rng) == 0) {
      step(created);
      transition(requester, id, S::cancelled, "问题已自行解决，申请撤销。");
      return;
    }

    // Dispatch: the L1 lead assigns; complaints go to the complaint officer, on-site work to 现场服务组.
    step(created);
    ticket::TicketPatch dispatch;
    Principal worker;
    if (complaint) {
      worker = m_by_login.at("complaint.liu");
      dispatch.team_id = std::optional<Id>(m_teams.at("一线服务台"));
    } else if (sc.needs_onsite) {
      worker = pick(m_field);
      dispatch.team_id = std::optional<Id>(m_teams.at("现场服务组"));
    } else {
      worker = pick(m_l1);
      dispatch.team_id = std::optional<Id>(m_teams.at("一线服务台"));
    }
    dispatch.assignee_id = std::optional<Id>(worker.user_id);
    must(m_tickets.update(sc.needs_onsite && !complaint ? lead_field : lead_l1, id, dispatch), "dispatch");
    if (final_state == S::assigned) return;

    step(created);
    transition(worker, id, S::in_progress, {});
    auto replies = sc.agent_replies;
    auto notes = sc.internal_notes;
    if (!replies.empty()) add(worker, id, ticket::ArticleKind::reply, std::string(replies[0]));
    if (!notes.empty()) {
      step(created);
      add(worker, id, ticket::ArticleKind::note, std::string(notes[0]));
    }

    if (sc.needs_l2 && !complaint) {
      // L1 → L2 with the handover written down.
      step(created);
      add(worker, id, ticket::ArticleKind::note,
          notes.size() > 1 ? std::string(notes[1])
                           : "一线已完成初步排查，问题需二线进一步分析，升级二线系统组。");
      Principal l2 = pick(m_l2);
      ticket::TicketPatch escalate;
      escalate.tier = ticket::Tier::L2;
      escalate.team_id = std::optional<Id>(m_teams.at("二线系统组"));
      escalate.assignee_id = std::optional<Id>(l2.user_id);
      must(m_tickets.update(worker, id, escalate), "escalate");
      worker = l2;
    }
    if (final_state == S::in_progress) return;
    if (final_state == S::pending_third_party) {
      step(created);
      transition(worker, id, S::pending_third_party, {});
      add(worker, id, ticket::ArticleKind::note, "已联系厂商售后，等待备件/厂商工程师回复。");
      return;
    }
    if (final_state == S::pending_customer || !sc.requester_followup.empty()) {
      step(created);
      transition(worker, id, S::pending_customer, {});
      add(worker, id, ticket::ArticleKind::reply, "请您方便时确认一下目前的情况，并告知是否仍有问题，谢谢！");
      if (final_state == S::pending_customer) return;
      step(created);
      // The requester's answer puts the ticket back to in_progress (TicketService::add_article).
      add(requester, id, ticket::ArticleKind::reply,
          sc.requester_followup.empty() ? std::string("已确认，谢谢。") : std::string(sc.requester_followup));
    }
    for (std::size_t r = 1; r < replies.size(); ++r) {
      step(created);
      add(worker, id, ticket::ArticleKind::reply, std::string(replies[r]));
    }
    if (final_state == S::cancelled) {
      step(created);
      transition(worker, id, S::cancelled, "与用户确认后取消：需求已通过其他渠道满足。");
      return;
    }
    step(created);
    transition(worker, id, S::resolved, std::string(sc.resolution));
    if (final_state == S::resolved) return;
    step(created);
    if (final_state == S::reopened) {
      transition(requester, id, S::reopened, "问题又出现了，请再看一下。");
      return;
    }
    transition(requester, id, S::closed, {});
    rate(requester, id);
  }

  // Most customers answer the survey after closing, most of them content; a low score makes a callback.
  void rate(const Principal& requester, Id id) {
    if (std::uniform_int_distribution<int>(0, 99)(m_rng) >= 70) return;
    static constexpr int k_scores[] = {5, 5, 5, 5, 5, 5, 4, 4, 4, 3, 2, 1};
    const int score = k_scores[std::uniform_int_distribution<std::size_t>(0, std::size(k_scores) - 1)(m_rng)];
    feedback::SurveyAnswer a;
    a.score = score;
    if (score >= 4) {
      a.tags = {"timely", "professional"};
      if (score == 5) a.tags.push_back("friendly");
      a.comment = score == 5 ? "处理很及时，工程师很专业，谢谢！" : "";
    } else if (score == 3) {
      a.tags = {"slow"};
      a.comment = "问题解决了，但等待时间有点长。";
    } else {
      a.tags = {"slow", "unresolved"};
      a.comment = "拖了好几天，问题时好时坏，希望彻底解决。";
    }
    auto st = must(m_feedback.survey_status(requester, id), "survey status");
    if (!st.token) return;
    must(m_feedback.answer_survey(requester, *st.token, a), "answer survey");
  }

  // Complaints in each stage of the procedure, raised about closed tickets by their requesters.
  void seed_complaints() {
    const Principal sys = identity::system_principal();
    ticket::TicketListRequest req;
    req.query.states = {S::closed};
    req.limit = 40;
    auto closed = must(m_tickets.list(sys, req), "list closed tickets").items;
    if (closed.size() < 3) return;
    const Principal& officer = m_by_login.at("complaint.liu");
    struct Seed {
      std::size_t ticket;
      const char* subject;
      const char* description;
      int steps;  // how far the officer has got
    };
    const Seed seeds[] = {
        {0, "对维修结果不满意", "上周报修的问题只是临时处理，没过两天又出现了，耽误了我们月底结账。", 6},
        {5, "上门服务迟到两个小时", "约好上午九点上门，工程师十一点才到，也没有提前通知。", 2},
        {11, "工程师态度不好", "电话里工程师很不耐烦，希望改进服务态度。", 0},
    };
    for (const auto& seed : seeds) {
      if (seed.ticket >= closed.size()) continue;
      const auto& t = closed[seed.ticket].ticket;
      auto owner = m_identity.get_user(sys, t.requester_id);
      if (!owner) continue;
      Principal customer;
      customer.user_id = owner->id;
      customer.name = owner->name;
      customer.role = owner->role;
      customer.organization_id = owner->organization_id;
      m_clock.advance(std::chrono::hours(2));
      feedback::NewComplaint nc;
      nc.subject = seed.subject;
      nc.description = seed.description;
      nc.related_ticket_id = t.id;
      auto c = must(m_feedback.create_complaint(customer, nc), "create complaint");
      const char* texts[] = {"",
                             "经核实，维修记录显示仅做了临时处理，客户反映属实。",
                             "免费上门彻底维修并更换配件，由组长回访致歉。",
                             "已安排现场工程师更换配件并测试正常。",
                             "已为您彻底维修并更换配件，对给您带来的不便深表歉意。",
                             "客户接受处理结果，投诉结案。"};
      const char* steps[] = {"register", "judge", "decide", "act", "feedback", "close"};
      for (int i = 0; i < seed.steps; ++i) {
        m_clock.advance(std::chrono::hours(3));
        feedback::StepInput in;
        in.step = steps[i];
        if (i == 0) {
          in.product = "HP LaserJet M404dn";
          in.fault = seed.description;
          in.warranty = feedback::Warranty::in_warranty;
        } else if (i == 1) {
          in.verdict = feedback::Verdict::justified;
          in.text = texts[i];
        } else {
          in.text = texts[i];
        }
        must(m_feedback.complaint_step(officer, c.complaint.id, in),
             std::string("complaint step ") + steps[i]);
      }
    }
  }

  // Callbacks: the older ones were made and recorded by the team leads; a key customer is called monthly.
  void seed_followup() {
    const Principal sys = identity::system_principal();
    feedback::CallbackQuery q;
    q.state = feedback::CallbackState::open;
    auto open = must(m_feedback.callbacks(sys, q), "list callbacks");
    int n = 0;
    for (const auto& c : open) {
      if (c.callback.due_at > m_now - std::chrono::days(3) || !c.callback.assignee_id || ++n % 3 == 0)
        continue;
      Principal lead;
      lead.user_id = *c.callback.assignee_id;
      lead.name = c.assignee ? c.assignee->name : "";
      lead.role = identity::Role::team_lead;
      feedback::CallbackResult r;
      r.outcome = n % 4 == 1 ? feedback::CallbackOutcome::not_reached : feedback::CallbackOutcome::reached;
      r.notes = r.outcome == feedback::CallbackOutcome::reached
                    ? "已电话回访，客户表示问题已解决，对处理结果认可。"
                    : "电话无人接听，已发短信，明天再联系。";
      r.follow_up = r.outcome == feedback::CallbackOutcome::reached ? "" : "次日再次回访";
      must(m_feedback.record_outcome(lead, c.callback.id, r), "record callback outcome");
    }
    feedback::NewSchedule s;
    s.organization_id = m_orgs.at("华信科技有限公司");
    s.contact_id = m_by_login.at("cust.manager").user_id;
    s.assignee_id = m_by_login.at("lead.li").user_id;
    s.every_days = 30;
    s.first_due_at = m_now + std::chrono::days(7);
    s.note = "重点客户月度回访：了解近期服务体验与需求";
    must(m_feedback.create_schedule(m_by_login.at("manager.zhou"), s), "callback schedule");
    // Its staff may register in the portal with their company address.
    must(m_feedback.save_registration_domains(sys, m_orgs.at("华信科技有限公司"), {"huaxin-tech.cn"}),
         "registration domain");
  }

  // How the department dispatches from now on: L1 takes every new request (least loaded first) and
  // escalates to L2, which assigns by skill; on-site work is assigned by its lead. Skills, rules, macros.
  void seed_dispatch() {
    const Principal sys = identity::system_principal();
    const Id l1 = m_teams.at("一线服务台"), l2 = m_teams.at("二线系统组"), field = m_teams.at("现场服务组");
    dispatch::TeamSettings s1;
    s1.strategy = dispatch::Strategy::least_loaded;
    s1.capacity = 25;
    s1.escalation_team_id = std::optional<Id>(l2);
    must(m_dispatch.update_team_settings(sys, l1, s1), "L1 dispatch settings");
    dispatch::TeamSettings s2;
    s2.strategy = dispatch::Strategy::skill_match;
    s2.capacity = 15;
    must(m_dispatch.update_team_settings(sys, l2, s2), "L2 dispatch settings");
    dispatch::TeamSettings s3;
    s3.strategy = dispatch::Strategy::manual;
    must(m_dispatch.update_team_settings(sys, field, s3), "field dispatch settings");

    using Skills = std::vector<dispatch::Skill>;
    const std::pair<const char*, Skills> agent_skills[] = {
        {"agent.wang", {{"办公软件", 4}, {"邮件", 3}, {"打印机", 3}}},
        {"agent.zhang", {{"网络", 2}, {"账号权限", 3}, {"操作系统", 3}}},
        {"agent.yang", {{"业务系统", 2}, {"办公软件", 3}}},
        {"agent.zhao", {{"网络", 4}, {"防火墙", 4}, {"VPN", 3}}},
        {"agent.sun", {{"服务器", 4}, {"数据库", 4}, {"Oracle", 3}, {"操作系统", 4}}},
        {"agent.ma", {{"业务系统", 4}, {"数据库", 3}, {"邮件", 4}}},
        {"field.chen", {{"打印机", 4}, {"台式机/笔记本", 4}}},
        {"field.lin", {{"外设", 3}, {"台式机/笔记本", 3}, {"网络", 2}}},
    };
    for (const auto& [login, skills] : agent_skills)
      must(m_dispatch.update_agent(sys, m_by_login.at(login).user_id, std::nullopt, skills), "agent skills");
    // 杨洋 is on leave this week.
    must(m_dispatch.update_agent(sys, m_by_login.at("agent.yang").user_id, false, std::nullopt), "duty");

    const std::pair<const char*, Skills> category_skills[] = {
        {"网络/有线网络", {{"网络", 2}}}, {"网络/无线网络", {{"网络", 2}}},
        {"网络/VPN", {{"VPN", 2}}},       {"网络/防火墙", {{"防火墙", 3}}},
        {"硬件/服务器", {{"服务器", 3}}}, {"软件/业务系统", {{"业务系统", 2}}},
        {"软件/邮件", {{"邮件", 2}}},     {"软件/操作系统", {{"操作系统", 2}}},
        {"硬件/打印机", {{"打印机", 2}}},
    };
    for (const auto& [path, skills] : category_skills)
      if (auto it = m_category_by_path.find(path); it != m_category_by_path.end())
        must(m_dispatch.set_category_skills(sys, it->second, skills), "category skills");

    auto rule = [](const char* name, int position, dispatch::Trigger trigger) {
      dispatch::Rule r;
      r.name = name;
      r.position = position;
      r.trigger = trigger;
      return r;
    };
    {
      // 首问负责: whatever arrives without a team goes to the first line.
      auto r = rule("新请求进入一线服务台", 10, dispatch::Trigger::create);
      r.when.without_team = true;
      dispatch::Action a;
      a.kind = dispatch::ActionKind::set_team;
      a.team_id = l1;
      r.then.push_back(a);
      must(m_dispatch.create_rule(sys, r), "rule: route to L1");
    }
    {
      auto r = rule("系统故障关键词提级为 P1", 20, dispatch::Trigger::create);
      r.when.words = {"宕机", "全部无法", "生产系统", "停机"};
      dispatch::Action a;
      a.kind = dispatch::ActionKind::set_priority;
      a.priority = ticket::Priority::P1;
      r.then.push_back(a);
      dispatch::Action n;
      n.kind = dispatch::ActionKind::notify;
      n.recipient = dispatch::Recipient::team_leads;
      n.text = "疑似重大故障：{{ticket.number}} {{ticket.subject}} / Possible major incident";
      r.then.push_back(n);
      must(m_dispatch.create_rule(sys, r), "rule: P1 words");
    }
    {
      auto r = rule("外部客户投诉通知主管", 30, dispatch::Trigger::create);
      r.when.types = {ticket::TicketType::complaint};
      r.when.requester_kind = dispatch::RequesterKind::external;
      dispatch::Action n;
      n.kind = dispatch::ActionKind::notify;
      n.recipient = dispatch::Recipient::managers;
      n.text = "客户投诉 {{ticket.number}}：{{ticket.subject}} / Customer complaint";
      r.then.push_back(n);
      dispatch::Action t;
      t.kind = dispatch::ActionKind::add_tag;
      t.tag = "客户投诉";
      r.then.push_back(t);
      must(m_dispatch.create_rule(sys, r), "rule: complaints");
    }
    {
      auto r = rule("待客户反馈 7 天提醒", 10, dispatch::Trigger::time);
      r.when.states = {ticket::State::pending_customer};
      r.when.for_minutes = 7 * 24 * 60;
      dispatch::Action a;
      a.kind = dispatch::ActionKind::reply;
      a.text =
          "{{requester.name}}您好，工单 {{ticket.number}} 仍在等待您的反馈。如问题已解决，请告知我们；"
          "3 天内未收到回复，系统将自动解决此工单。";
      r.then.push_back(a);
      must(m_dispatch.create_rule(sys, r), "rule: remind");
    }
    {
      auto r = rule("待客户反馈 10 天自动解决", 20, dispatch::Trigger::time);
      r.when.states = {ticket::State::pending_customer};
      r.when.for_minutes = 10 * 24 * 60;
      dispatch::Action a;
      a.kind = dispatch::ActionKind::set_state;
      a.state = ticket::State::resolved;
      a.text = "10 天未收到客户反馈，自动解决。如问题仍在，可重新打开工单。";
      r.then.push_back(a);
      must(m_dispatch.create_rule(sys, r), "rule: auto-resolve");
    }

    auto macro = [&](const char* name, std::optional<Id> team, const char* body) {
      dispatch::Macro m;
      m.name = name;
      m.team_id = team;
      m.body = body;
      must(m_dispatch.create_macro(sys, m), std::string("macro ") + name);
    };
    macro("首次响应", std::nullopt,
          "{{requester.name}}您好，我是{{agent.name}}，已收到您的工单 {{ticket.number}}"
          "（{{ticket.subject}}），正在处理中，有进展会第一时间告知您。");
    macro("请提供截图", l1,
          "{{requester.name}}您好，为了尽快定位问题，请提供报错界面的截图以及出现问题的时间，谢谢！");
    macro("远程协助", l1,
          "{{requester.name}}您好，我们需要远程查看您的电脑，请打开向日葵/ToDesk 并告知识别码和验证码。");
    macro("已升级二线", l2,
          "{{requester.name}}您好，您的问题已由{{team.name}}接手，{{agent.name}}会继续为您处理。");
    macro("处理完成请确认", std::nullopt,
          "{{requester.name}}您好，工单 {{ticket.number}} "
          "已处理完成，请确认问题是否解决。如仍有问题，可直接回复本工单。");
  }

  std::string_view pick_phone_log() {
    auto logs = demo::phone_log_snippets();
    return logs[std::uniform_int_distribution<std::size_t>(0, logs.size() - 1)(m_rng)];
  }

  // Knowledge articles written by the second line, published by its lead (some left in draft or review).
  void seed_knowledge() {
    auto seeds = demo::kb_article_seeds();
    ProgressBar bar("knowledge articles", seeds.size(), !m_quiet);
    const Principal& lead = m_by_login.at("lead.li");
    std::size_t i = 0;
    for (const auto& seed : seeds) {
      const Principal& author = m_l2.empty() ? lead : m_l2[i++ % m_l2.size()];
      kb::NewArticle in;
      in.title = seed.title;
      in.body = seed.body;
      if (auto it = m_category_by_path.find(std::string(seed.category_path)); it != m_category_by_path.end())
        in.category_id = it->second;
      for (auto t : seed.tags)
        in.tags.emplace_back(t);
      in.visibility = seed.is_public ? kb::Visibility::public_ : kb::Visibility::internal;
      auto a = must(m_kb.create(author, in), "create article " + std::string(seed.title));
      if (seed.published) {
        must(m_kb.submit(author, a.article.id), "submit article");
        must(m_kb.publish(lead, a.article.id), "publish article");
      } else if (i % 2 == 0) {
        must(m_kb.submit(author, a.article.id), "submit article");
      }
      bar.advance();
    }
  }

  void add(const Principal& who, Id id, ticket::ArticleKind kind, std::string body) {
    must(m_tickets.add_article(who, id, kind, std::move(body)), "add article");
  }

  void transition(const Principal& who, Id id, S to, std::optional<std::string> reason) {
    must(m_tickets.transition(who, id, to, reason), "move ticket to " + std::string(ticket::name(to)));
  }

  ManualClock& m_clock;
  identity::IdentityService m_identity;
  ticket::TicketService m_tickets;
  ticket::CategoryService m_categories;
  sla::SlaEngine m_sla;
  dispatch::AutomationEngine m_automation;
  dispatch::Dispatcher m_dispatcher;
  dispatch::DispatchService m_dispatch;
  kb::KbService m_kb;
  email::MailService m_mail;  // no mailbox in the demo: notices are not queued
  feedback::FeedbackService m_feedback;
  report::FactsObserver m_facts;
  search::SearchIndexer m_indexer;
  std::mt19937_64 m_rng;
  bool m_quiet;
  Timestamp m_now{};
  std::map<std::string, Id> m_orgs, m_teams, m_category_by_path;
  std::map<std::string, Principal> m_by_login;
  std::vector<Principal> m_l1, m_l2, m_field, m_requesters;
};

}  // namespace

int demo_data(const std::string& db_url, bool quiet) {
  auto store = open_and_migrate(db_url, nullptr, false);
  if (!store) return 1;
  SystemClock real;
  {
    identity::IdentityService probe(store->identity(), real);
    auto users = probe.list_users(identity::system_principal(), identity::UserFilter{});
    if (!users) {
      std::cerr << "techdesk: " << users.error().message << "\n";
      return 1;
    }
    if (!users->items.empty()) {
      std::cerr << "techdesk: the database already has users; demo data goes only into an empty database\n";
      return 1;
    }
  }
  auto secrets = identity::SecretBox::load_or_create(secret_file_for("", db_url));
  if (!secrets) {
    std::cerr << "techdesk: " << secrets.error().message << "\n";
    return 1;
  }
  ManualClock clock(real.now());
  Generator gen(*store, clock, secrets.value(), quiet);
  try {
    gen.run(real.now());
    if (!demo_reviews(*store, clock)) return 1;
  } catch (const Failure& f) {
    std::cerr << "\ntechdesk: demo data failed: " << f.what << "\n";
    return 1;
  }
  std::cout << "demo data created: " << k_ticket_count << " tickets; every demo user has the password "
            << k_password << "\n";
  return 0;
}

}  // namespace techdesk::app
