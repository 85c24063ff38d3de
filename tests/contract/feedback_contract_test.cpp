// description: closing the loop's storage contract, on every backend. The settings are one document;
// software, hardware and network come with request forms after migration, and forms are saved and
// deleted per category; what a requester filled in reads back in order. A registration domain belongs to
// one organisation whatever its case. Uploads are attached once and only old, unattached ones are purged.
// A ticket has one closing timer, and due timers come earliest first. A survey link is used once and a
// ticket is rated once; ratings are listed newest first by period, team, agent and organisation.
// Callbacks are listed open first by due time; schedules come due when active and due. Complaints keep
// their engineers and their steps in order, and are listed by stage, openness and officer.
#include <gtest/gtest.h>

#include <algorithm>

#include "contract/backends.h"
#include "feedback/feedback_store.h"

namespace techdesk::contract {
namespace {

using namespace std::chrono_literals;
using namespace feedback;

const Timestamp k_t0 = from_millis(1'763'700'000'000);  // 2025-11-21T04:53:20Z

class FeedbackContract : public ::testing::TestWithParam<Backend> {
 protected:
  void SetUp() override { m_store = GetParam().open(m_dir.path()); }

  TxRunner<FeedbackTx>& runner() { return m_store->feedback(); }

  // Runs f(repo) in a write transaction and returns what it returns (f returns a value, not a Result).
  template <class F>
  auto put(F&& f) {
    using R = std::invoke_result_t<F&, FeedbackRepo&>;
    if constexpr (std::is_void_v<R>) {
      auto r = runner().write([&](FeedbackTx& tx) -> Result<void> {
        f(tx.feedback());
        return ok();
      });
      if (!r) throw std::runtime_error(r.error().message);
    } else {
      auto r = runner().write([&](FeedbackTx& tx) -> Result<R> { return f(tx.feedback()); });
      if (!r) throw std::runtime_error(r.error().message);
      return r.release_value();
    }
  }

  // Runs f(repo) in a read transaction and returns what it returns.
  template <class F>
  auto get(F&& f) {
    using R = std::invoke_result_t<F&, FeedbackRepo&>;
    auto r = runner().read([&](FeedbackTx& tx) -> Result<R> { return f(tx.feedback()); });
    if (!r) throw std::runtime_error(r.error().message);
    return r.release_value();
  }

  Id org(const std::string& name) {
    identity::Organization o;
    o.name = name;
    o.kind = identity::OrgKind::external;
    o.created_at = k_t0;
    return runner().write([&](FeedbackTx& tx) { return tx.identity().insert_org(o); }).value();
  }

  Id team(const std::string& name) {
    identity::Team t;
    t.name = name;
    t.created_at = k_t0;
    return runner().write([&](FeedbackTx& tx) { return tx.identity().insert_team(t); }).value();
  }

  Id user(const std::string& login, identity::Role role = identity::Role::requester) {
    identity::NewUser u{login, login, std::nullopt, std::nullopt, role, std::nullopt, {}, "h"};
    return runner().write([&](FeedbackTx& tx) { return tx.identity().insert_user(u, k_t0); }).value();
  }

  Id ticket() {
    if (!m_requester) m_requester = user("requester");
    return runner()
        .write([&](FeedbackTx& tx) -> Result<Id> {
          ticket::Ticket t;
          t.subject = "打印机卡纸";
          t.description = "三楼";
          t.requester_id = *m_requester;
          t.created_at = t.updated_at = k_t0;
          t.number = "20251121-" + std::to_string(tx.tickets().next_sequence("20251121"));
          return tx.tickets().insert_ticket(t);
        })
        .value();
  }

  Id article(Id ticket) {
    return runner()
        .write([&](FeedbackTx& tx) -> Result<Id> {
          ticket::Article a;
          a.ticket_id = ticket;
          a.body = "见附件";
          a.author_id = requester();
          a.created_at = k_t0;
          return tx.tickets().insert_article(a);
        })
        .value();
  }

  Id requester() {
    if (!m_requester) m_requester = user("requester");
    return *m_requester;
  }

  TempDir m_dir;
  std::unique_ptr<storage::Store> m_store;
  std::optional<Id> m_requester;
};

template <class T>
std::vector<Id> ids_of(const std::vector<T>& items) {
  std::vector<Id> out;
  for (const auto& i : items)
    out.push_back(i.id);
  return out;
}

TEST_P(FeedbackContract, settings_are_absent_until_saved_and_read_back_as_last_saved) {
  EXPECT_FALSE(get([](FeedbackRepo& r) { return r.settings_json(); }).has_value());
  put([](FeedbackRepo& r) { r.save_settings_json(R"({"reopen_days":14})", k_t0); });
  put([](FeedbackRepo& r) { r.save_settings_json(R"({"reopen_days":7,"说明":"回访"})", k_t0 + 1h); });
  EXPECT_EQ(get([](FeedbackRepo& r) { return r.settings_json(); }), R"({"reopen_days":7,"说明":"回访"})");
}

TEST_P(FeedbackContract,
       software_hardware_and_network_have_forms_after_migration_and_forms_are_saved_and_deleted) {
  auto forms = get([](FeedbackRepo& r) { return r.list_forms(); });
  ASSERT_EQ(forms.size(), 3u);
  EXPECT_EQ(forms[0].first, 1);
  EXPECT_NE(forms[0].second.find("error_text"), std::string::npos);
  EXPECT_EQ(forms[1].first, 2);
  EXPECT_NE(forms[1].second.find("serial_number"), std::string::npos);
  EXPECT_NE(forms[1].second.find("设备型号"), std::string::npos);
  EXPECT_EQ(forms[2].first, 3);
  EXPECT_NE(forms[2].second.find("ip_address"), std::string::npos);

  const std::string other = R"([{"key":"question","label":"问题","label_en":"Question","required":true}])";
  put([&](FeedbackRepo& r) {
    r.save_form(4, other, k_t0);
    r.save_form(2, "[]", k_t0);  // replaces the seeded one
    r.delete_form(1);
  });
  forms = get([](FeedbackRepo& r) { return r.list_forms(); });
  ASSERT_EQ(forms.size(), 3u);
  EXPECT_EQ(forms[0], (std::pair<Id, std::string>{2, "[]"}));
  EXPECT_EQ(forms[1].first, 3);
  EXPECT_EQ(forms[2], (std::pair<Id, std::string>{4, other}));
}

TEST_P(FeedbackContract, what_a_requester_filled_in_reads_back_in_the_order_it_was_given) {
  Id t1 = ticket(), t2 = ticket();
  const std::vector<FormValue> values{{"serial_number", "序列号", "Serial number", "SN-0042"},
                                      {"device_model", "设备型号", "Device model", "HP LaserJet M404"},
                                      {"location", "所在位置", "Location", "三楼 \"东\" 区\n302"}};
  put([&](FeedbackRepo& r) {
    r.insert_form_values(t1, values);
    r.insert_form_values(t2, {{"system", "系统", "System", "OA"}});
  });
  EXPECT_EQ(get([&](FeedbackRepo& r) { return r.form_values(t1); }), values);
  EXPECT_EQ(get([&](FeedbackRepo& r) { return r.form_values(t2); }).size(), 1u);
  EXPECT_TRUE(get([&](FeedbackRepo& r) { return r.form_values(t2 + 100); }).empty());
}

TEST_P(FeedbackContract, a_registration_domain_belongs_to_one_organisation_whatever_its_case) {
  Id a = org("华东制造"), b = org("华南物流");
  EXPECT_FALSE(get([](FeedbackRepo& r) { return r.any_registration_domain(); }));
  ASSERT_TRUE(runner()
                  .write([&](FeedbackTx& tx) {
                    return tx.feedback().replace_registration_domains(a, {"Example.CN", "corp.example.cn"});
                  })
                  .ok());
  ASSERT_TRUE(
      runner()
          .write([&](FeedbackTx& tx) { return tx.feedback().replace_registration_domains(b, {"b.cn"}); })
          .ok());
  EXPECT_TRUE(get([](FeedbackRepo& r) { return r.any_registration_domain(); }));
  EXPECT_EQ(get([&](FeedbackRepo& r) { return r.registration_domains(a); }),
            (std::vector<std::string>{"corp.example.cn", "example.cn"}));
  EXPECT_EQ(get([](FeedbackRepo& r) { return r.org_for_registration_domain("EXAMPLE.cn"); }), a);
  EXPECT_EQ(get([](FeedbackRepo& r) { return r.org_for_registration_domain("example.cn"); }), a);
  EXPECT_FALSE(get([](FeedbackRepo& r) { return r.org_for_registration_domain("other.cn"); }).has_value());

  // Another organisation cannot take one of them, in any case; nothing of the attempt is kept.
  auto taken = runner().write([&](FeedbackTx& tx) {
    return tx.feedback().replace_registration_domains(b, {"b2.cn", "EXAMPLE.cn"});
  });
  ASSERT_FALSE(taken.ok());
  EXPECT_EQ(taken.error().code, Errc::conflict);
  EXPECT_EQ(taken.error().field, "domains");
  EXPECT_EQ(get([&](FeedbackRepo& r) { return r.registration_domains(b); }),
            (std::vector<std::string>{"b.cn"}));
  EXPECT_EQ(get([&](FeedbackRepo& r) { return r.registration_domains(a); }),
            (std::vector<std::string>{"corp.example.cn", "example.cn"}));

  // Replacing drops what is no longer listed, which another organisation may then take.
  ASSERT_TRUE(runner()
                  .write([&](FeedbackTx& tx) {
                    return tx.feedback().replace_registration_domains(a, {"example.cn"});
                  })
                  .ok());
  EXPECT_FALSE(
      get([](FeedbackRepo& r) { return r.org_for_registration_domain("corp.example.cn"); }).has_value());
  ASSERT_TRUE(runner()
                  .write([&](FeedbackTx& tx) {
                    return tx.feedback().replace_registration_domains(b, {"b.cn", "Corp.Example.CN"});
                  })
                  .ok());
  EXPECT_EQ(get([](FeedbackRepo& r) { return r.org_for_registration_domain("corp.example.cn"); }), b);
  ASSERT_TRUE(
      runner().write([&](FeedbackTx& tx) { return tx.feedback().replace_registration_domains(a, {}); }).ok());
  EXPECT_TRUE(get([&](FeedbackRepo& r) { return r.registration_domains(a); }).empty());
}

TEST_P(FeedbackContract, uploads_are_attached_once_and_only_old_unattached_ones_are_purged) {
  Id t1 = ticket(), t2 = ticket();
  const std::string bytes("\x89PNG\r\n\0\x01", 8);
  put([&](FeedbackRepo& r) {
    r.put_blob("abc123", bytes);
    r.put_blob("abc123", bytes);  // the same file again is no error
  });
  EXPECT_EQ(get([](FeedbackRepo& r) { return r.blob("abc123"); }), bytes);
  EXPECT_FALSE(get([](FeedbackRepo& r) { return r.blob("missing"); }).has_value());

  auto upload = [&](const std::string& filename, Timestamp at) {
    Upload u;
    u.uploader_id = requester();
    u.filename = filename;
    u.content_type = "image/png";
    u.size = bytes.size();
    u.sha256 = "abc123";
    u.created_at = at;
    return put([&](FeedbackRepo& r) { return r.insert_upload(u); });
  };
  Id u1 = upload("截图 1.png", k_t0), u2 = upload("截图 2.png", k_t0), u3 = upload("b.png", k_t0);
  Id old = upload("old.png", k_t0), recent = upload("recent.png", k_t0 + 2h);
  auto got = get([&](FeedbackRepo& r) { return r.find_upload(u1); });
  ASSERT_TRUE(got.has_value());
  EXPECT_EQ(got->filename, "截图 1.png");
  EXPECT_EQ(got->size, 8u);
  EXPECT_EQ(got->sha256, "abc123");
  EXPECT_FALSE(got->ticket_id.has_value());
  EXPECT_EQ(to_millis(got->created_at), to_millis(k_t0));

  EXPECT_EQ(put([&](FeedbackRepo& r) { return r.attach_uploads({u1, u2}, t1, std::nullopt); }), 2);
  // u1 is t1's already: only u3 goes to t2.
  const Id reply = article(t2);
  EXPECT_EQ(put([&](FeedbackRepo& r) { return r.attach_uploads({u1, u3}, t2, reply); }), 1);
  EXPECT_EQ(put([&](FeedbackRepo& r) { return r.attach_uploads({}, t2, std::nullopt); }), 0);
  EXPECT_EQ(ids_of(get([&](FeedbackRepo& r) { return r.uploads_of_ticket(t1); })), (std::vector<Id>{u1, u2}));
  auto of_t2 = get([&](FeedbackRepo& r) { return r.uploads_of_ticket(t2); });
  ASSERT_EQ(ids_of(of_t2), (std::vector<Id>{u3}));
  EXPECT_EQ(of_t2[0].ticket_id, t2);
  EXPECT_EQ(of_t2[0].article_id, reply);

  EXPECT_EQ(put([&](FeedbackRepo& r) { return r.purge_unattached_uploads(k_t0 + 1h, 100); }), 1);
  EXPECT_FALSE(get([&](FeedbackRepo& r) { return r.find_upload(old); }).has_value());
  EXPECT_TRUE(get([&](FeedbackRepo& r) { return r.find_upload(recent); }).has_value());
  EXPECT_TRUE(get([&](FeedbackRepo& r) { return r.find_upload(u1); }).has_value());
  EXPECT_EQ(get([](FeedbackRepo& r) { return r.blob("abc123"); }), bytes);  // bytes are shared: kept
}

TEST_P(FeedbackContract, a_ticket_has_one_closing_timer_and_due_timers_come_earliest_first) {
  Id t1 = ticket(), t2 = ticket(), t3 = ticket();
  put([&](FeedbackRepo& r) {
    r.set_closing_timer(t1, k_t0 + 3h);
    r.set_closing_timer(t2, k_t0 + 1h);
    r.set_closing_timer(t3, k_t0 + 2h);
    r.set_closing_timer(t1, k_t0 + 30min);  // set again: moved, not added
  });
  auto timer = get([&](FeedbackRepo& r) { return r.closing_timer(t1); });
  ASSERT_TRUE(timer.has_value());
  EXPECT_EQ(to_millis(*timer), to_millis(k_t0 + 30min));
  EXPECT_EQ(put([](FeedbackRepo& r) { return r.due_closing_timers(k_t0 + 2h, 10); }),
            (std::vector<Id>{t1, t2, t3}));
  EXPECT_EQ(put([](FeedbackRepo& r) { return r.due_closing_timers(k_t0 + 2h, 2); }),
            (std::vector<Id>{t1, t2}));
  EXPECT_EQ(put([](FeedbackRepo& r) { return r.due_closing_timers(k_t0 + 90min, 10); }),
            (std::vector<Id>{t1, t2}));
  EXPECT_TRUE(put([](FeedbackRepo& r) { return r.due_closing_timers(k_t0, 10); }).empty());
  put([&](FeedbackRepo& r) { r.clear_closing_timer(t2); });
  EXPECT_FALSE(get([&](FeedbackRepo& r) { return r.closing_timer(t2); }).has_value());
  EXPECT_EQ(put([](FeedbackRepo& r) { return r.due_closing_timers(k_t0 + 2h, 10); }),
            (std::vector<Id>{t1, t3}));
}

TEST_P(FeedbackContract, the_open_invitation_is_the_newest_unused_unexpired_one_and_is_used_once) {
  Id t = ticket(), other = ticket();
  auto invite = [&](Id ticket, Timestamp issued, Timestamp expires) {
    SurveyInvitation i;
    i.ticket_id = ticket;
    i.nonce = "n" + std::to_string(to_millis(issued));
    i.issued_at = issued;
    i.expires_at = expires;
    return put([&](FeedbackRepo& r) { return r.insert_invitation(i); });
  };
  Id first = invite(t, k_t0, k_t0 + 24h * 30);
  Id second = invite(t, k_t0 + 24h, k_t0 + 24h * 31);
  Id brief = invite(t, k_t0 + 48h, k_t0 + 49h);
  invite(other, k_t0 + 72h, k_t0 + 24h * 40);

  auto open_at = [&](Timestamp now) {
    auto i = get([&](FeedbackRepo& r) { return r.open_invitation(t, now); });
    return i ? i->id : Id{0};
  };
  EXPECT_EQ(open_at(k_t0 + 48h), brief);
  EXPECT_EQ(open_at(k_t0 + 50h), second);  // the newest has expired
  EXPECT_TRUE(put([&](FeedbackRepo& r) { return r.use_invitation(second, k_t0 + 50h); }));
  EXPECT_FALSE(put([&](FeedbackRepo& r) { return r.use_invitation(second, k_t0 + 51h); }));
  EXPECT_EQ(open_at(k_t0 + 50h), first);
  EXPECT_EQ(open_at(k_t0 + 24h * 30), 0);  // all used or expired

  auto used = get([&](FeedbackRepo& r) { return r.find_invitation(second); });
  ASSERT_TRUE(used.has_value());
  EXPECT_EQ(used->ticket_id, t);
  EXPECT_EQ(used->nonce, "n" + std::to_string(to_millis(k_t0 + 24h)));
  ASSERT_TRUE(used->used_at.has_value());
  EXPECT_EQ(to_millis(*used->used_at), to_millis(k_t0 + 50h));
  EXPECT_EQ(to_millis(used->expires_at), to_millis(k_t0 + 24h * 31));
  EXPECT_FALSE(get([&](FeedbackRepo& r) { return r.find_invitation(first); })->used_at.has_value());
}

TEST_P(FeedbackContract,
       a_ticket_is_rated_once_and_ratings_are_listed_newest_first_by_period_team_agent_and_org) {
  Id team_a = team("桌面支持"), team_b = team("网络组");
  Id agent_x = user("agent_x", identity::Role::agent_l1), agent_y = user("agent_y", identity::Role::agent_l2);
  Id org_1 = org("华东制造"), org_2 = org("华南物流");
  Id t1 = ticket(), t2 = ticket(), t3 = ticket();
  auto rating = [&](Id ticket, int score, Id team, Id agent, Id org, Timestamp at) {
    SurveyResponse r;
    r.ticket_id = ticket;
    r.score = score;
    r.tags = {"timely", "professional"};
    r.comment = "很快就修好了，谢谢 \"小王\"";
    r.agent_id = agent;
    r.team_id = team;
    r.organization_id = org;
    r.requester_id = requester();
    r.channel = "email";
    r.created_at = at;
    return r;
  };
  auto insert = [&](const SurveyResponse& r) {
    return runner().write([&](FeedbackTx& tx) { return tx.feedback().insert_survey(r); });
  };
  auto first = insert(rating(t1, 5, team_a, agent_x, org_1, k_t0));
  ASSERT_TRUE(first.ok());
  auto again = insert(rating(t1, 1, team_a, agent_x, org_1, k_t0 + 1h));
  ASSERT_FALSE(again.ok());
  EXPECT_EQ(again.error().code, Errc::conflict);
  EXPECT_EQ(again.error().field, "ticket");
  auto t2_rating = rating(t2, 2, team_b, agent_y, org_2, k_t0 + 24h);
  t2_rating.tags = {};
  t2_rating.answered_by = requester();
  t2_rating.channel = "portal";
  ASSERT_TRUE(insert(t2_rating).ok());
  ASSERT_TRUE(insert(rating(t3, 4, team_a, agent_y, org_1, k_t0 + 48h)).ok());

  auto got = get([&](FeedbackRepo& r) { return r.survey_of_ticket(t1); });
  ASSERT_TRUE(got.has_value());
  EXPECT_EQ(got->id, first.value());
  EXPECT_EQ(got->score, 5);  // the second answer changed nothing
  EXPECT_EQ(got->tags, (std::vector<std::string>{"timely", "professional"}));
  EXPECT_EQ(got->comment, "很快就修好了，谢谢 \"小王\"");
  EXPECT_EQ(got->agent_id, agent_x);
  EXPECT_EQ(got->team_id, team_a);
  EXPECT_EQ(got->organization_id, org_1);
  EXPECT_EQ(got->requester_id, requester());
  EXPECT_FALSE(got->answered_by.has_value());
  EXPECT_EQ(got->channel, "email");
  EXPECT_EQ(to_millis(got->created_at), to_millis(k_t0));
  auto portal = get([&](FeedbackRepo& r) { return r.survey_of_ticket(t2); });
  EXPECT_TRUE(portal->tags.empty());
  EXPECT_EQ(portal->answered_by, requester());
  EXPECT_FALSE(get([&](FeedbackRepo& r) { return r.survey_of_ticket(t2 + 100); }).has_value());

  auto tickets_of = [&](auto&& with) {
    SurveyQuery q;
    with(q);
    std::vector<Id> out;
    for (const auto& r : get([&](FeedbackRepo& repo) { return repo.list_surveys(q); }))
      out.push_back(r.ticket_id);
    return out;
  };
  EXPECT_EQ(tickets_of([](auto&) {}), (std::vector<Id>{t3, t2, t1}));
  EXPECT_EQ(tickets_of([&](auto& q) { q.from = k_t0 + 24h; }), (std::vector<Id>{t3, t2}));
  EXPECT_EQ(tickets_of([&](auto& q) { q.to = k_t0 + 24h; }), (std::vector<Id>{t1}));
  EXPECT_EQ(tickets_of([&](auto& q) {
              q.from = k_t0 + 1h;
              q.to = k_t0 + 48h;
            }),
            (std::vector<Id>{t2}));
  EXPECT_EQ(tickets_of([&](auto& q) { q.team_id = team_a; }), (std::vector<Id>{t3, t1}));
  EXPECT_EQ(tickets_of([&](auto& q) { q.agent_id = agent_y; }), (std::vector<Id>{t3, t2}));
  EXPECT_EQ(tickets_of([&](auto& q) { q.organization_id = org_2; }), (std::vector<Id>{t2}));
  EXPECT_EQ(tickets_of([&](auto& q) {
              q.team_id = team_a;
              q.agent_id = agent_y;
            }),
            (std::vector<Id>{t3}));
  EXPECT_EQ(tickets_of([&](auto& q) { q.limit = 1; }), (std::vector<Id>{t3}));
}

TEST_P(FeedbackContract, callbacks_read_back_as_saved_and_are_listed_open_first_by_due_time) {
  Id x = user("agent_x", identity::Role::agent_l1), y = user("agent_y", identity::Role::agent_l1);
  Id customer = org("华东制造");
  Id t1 = ticket();
  auto callback = [&](CallbackReason reason, std::optional<Id> ticket, Id assignee, Timestamp due) {
    Callback c;
    c.reason = reason;
    c.ticket_id = ticket;
    c.organization_id = customer;
    c.contact_id = requester();
    c.assignee_id = assignee;
    c.source_id = 9;
    c.due_at = due;
    c.note = "问一下打印机是否正常";
    c.created_by = x;
    c.created_at = k_t0;
    return put([&](FeedbackRepo& r) { return r.insert_callback(c); });
  };
  Id low = callback(CallbackReason::low_score, t1, x, k_t0 + 5h);
  Id manual = callback(CallbackReason::manual, std::nullopt, y, k_t0 + 1h);
  Id reopened = callback(CallbackReason::reopen, t1, x, k_t0);

  auto done = *get([&](FeedbackRepo& r) { return r.find_callback(reopened); });
  EXPECT_EQ(done.reason, CallbackReason::reopen);
  EXPECT_EQ(done.state, CallbackState::open);
  EXPECT_FALSE(done.outcome.has_value());
  EXPECT_EQ(done.note, "问一下打印机是否正常");
  EXPECT_EQ(done.source_id, 9);
  EXPECT_EQ(done.created_by, x);
  done.state = CallbackState::done;
  done.outcome = CallbackOutcome::reached;
  done.outcome_notes = "客户满意";
  done.follow_up = "下周再确认";
  done.done_at = k_t0 + 2h;
  done.done_by = y;
  put([&](FeedbackRepo& r) { r.update_callback(done); });
  auto again = *get([&](FeedbackRepo& r) { return r.find_callback(reopened); });
  EXPECT_EQ(again.state, CallbackState::done);
  EXPECT_EQ(again.outcome, CallbackOutcome::reached);
  EXPECT_EQ(again.outcome_notes, "客户满意");
  EXPECT_EQ(again.follow_up, "下周再确认");
  ASSERT_TRUE(again.done_at.has_value());
  EXPECT_EQ(to_millis(*again.done_at), to_millis(k_t0 + 2h));
  EXPECT_EQ(again.done_by, y);
  EXPECT_EQ(again.ticket_id, t1);
  EXPECT_EQ(again.organization_id, customer);
  EXPECT_EQ(again.contact_id, requester());
  EXPECT_FALSE(again.schedule_id.has_value());
  EXPECT_EQ(to_millis(again.due_at), to_millis(k_t0));
  EXPECT_FALSE(get([&](FeedbackRepo& r) { return r.find_callback(reopened + 100); }).has_value());

  auto list = [&](auto&& with) {
    CallbackQuery q;
    with(q);
    return ids_of(get([&](FeedbackRepo& r) { return r.list_callbacks(q); }));
  };
  EXPECT_EQ(list([](auto&) {}), (std::vector<Id>{manual, low, reopened}));  // done last, though due first
  EXPECT_EQ(list([&](auto& q) { q.state = CallbackState::open; }), (std::vector<Id>{manual, low}));
  EXPECT_EQ(list([&](auto& q) { q.state = CallbackState::done; }), (std::vector<Id>{reopened}));
  EXPECT_EQ(list([&](auto& q) { q.assignee_id = x; }), (std::vector<Id>{low, reopened}));
  EXPECT_EQ(list([&](auto& q) { q.reason = CallbackReason::manual; }), (std::vector<Id>{manual}));
  EXPECT_EQ(list([&](auto& q) { q.ticket_id = t1; }), (std::vector<Id>{low, reopened}));
  EXPECT_EQ(list([&](auto& q) {
              q.state = CallbackState::open;
              q.assignee_id = x;
              q.ticket_id = t1;
            }),
            (std::vector<Id>{low}));
  EXPECT_EQ(list([&](auto& q) { q.limit = 1; }), (std::vector<Id>{manual}));
}

TEST_P(FeedbackContract, schedules_come_due_when_active_and_due_and_move_on_when_told) {
  Id customer = org("华东制造"), agent = user("agent", identity::Role::agent_l1);
  auto schedule = [&](Timestamp next, bool active) {
    CallbackSchedule s;
    s.organization_id = customer;
    s.contact_id = requester();
    s.assignee_id = agent;
    s.every_days = 30;
    s.next_due_at = next;
    s.note = "重点客户月度回访";
    s.active = active;
    s.created_by = agent;
    s.created_at = k_t0;
    return put([&](FeedbackRepo& r) { return r.insert_schedule(s); });
  };
  Id due = schedule(k_t0, true), later = schedule(k_t0 + 24h * 10, true),
     paused = schedule(k_t0 - 24h, false);

  auto got = get([&](FeedbackRepo& r) { return r.find_schedule(paused); });
  ASSERT_TRUE(got.has_value());
  EXPECT_FALSE(got->active);
  EXPECT_EQ(got->every_days, 30);
  EXPECT_EQ(got->note, "重点客户月度回访");
  EXPECT_EQ(got->contact_id, requester());
  EXPECT_EQ(to_millis(got->next_due_at), to_millis(k_t0 - 24h));
  EXPECT_TRUE(get([&](FeedbackRepo& r) { return r.find_schedule(due); })->active);
  EXPECT_EQ(ids_of(get([](FeedbackRepo& r) { return r.list_schedules(); })),
            (std::vector<Id>{due, later, paused}));

  EXPECT_EQ(ids_of(put([](FeedbackRepo& r) { return r.due_schedules(k_t0 + 1h, 10); })),
            (std::vector<Id>{due}));
  put([&](FeedbackRepo& r) { r.set_schedule_due(due, k_t0 + 24h * 30); });
  EXPECT_TRUE(put([](FeedbackRepo& r) { return r.due_schedules(k_t0 + 1h, 10); }).empty());
  EXPECT_EQ(ids_of(put([](FeedbackRepo& r) { return r.due_schedules(k_t0 + 24h * 30, 10); })),
            (std::vector<Id>{later, due}));
  EXPECT_EQ(ids_of(put([](FeedbackRepo& r) { return r.due_schedules(k_t0 + 24h * 30, 1); })),
            (std::vector<Id>{later}));

  // Deleting a schedule keeps the callbacks it made, without it.
  Callback c;
  c.reason = CallbackReason::scheduled;
  c.organization_id = customer;
  c.schedule_id = later;
  c.due_at = k_t0;
  c.created_at = k_t0;
  Id cb = put([&](FeedbackRepo& r) { return r.insert_callback(c); });
  EXPECT_TRUE(put([&](FeedbackRepo& r) { return r.delete_schedule(later); }));
  EXPECT_FALSE(put([&](FeedbackRepo& r) { return r.delete_schedule(later); }));
  auto kept = get([&](FeedbackRepo& r) { return r.find_callback(cb); });
  ASSERT_TRUE(kept.has_value());
  EXPECT_FALSE(kept->schedule_id.has_value());
  EXPECT_EQ(ids_of(get([](FeedbackRepo& r) { return r.list_schedules(); })), (std::vector<Id>{due, paused}));
}

TEST_P(FeedbackContract,
       complaints_keep_their_engineers_and_steps_and_are_listed_by_stage_openness_and_officer) {
  Id officer_1 = user("officer_1", identity::Role::complaint_officer);
  Id officer_2 = user("officer_2", identity::Role::complaint_officer);
  Id e1 = user("engineer_1", identity::Role::field_engineer),
     e2 = user("engineer_2", identity::Role::field_engineer);
  Id e3 = user("engineer_3", identity::Role::field_engineer);
  Id customer = org("华东制造");
  Id tc1 = ticket(), tc2 = ticket(), tc3 = ticket(), related = ticket();
  auto complaint = [&](Id ticket, Id officer, ComplaintStage stage, Timestamp at) {
    Complaint c;
    c.ticket_id = ticket;
    c.stage = stage;
    c.source = ComplaintSource::phone;
    c.customer_id = requester();
    c.officer_id = officer;
    c.created_at = c.updated_at = at;
    return c;
  };
  auto c1_in = complaint(tc1, officer_1, ComplaintStage::new_, k_t0);
  c1_in.related_ticket_id = related;
  c1_in.organization_id = customer;
  c1_in.product = "激光打印机";
  c1_in.fault = "反复卡纸";
  c1_in.warranty = Warranty::in_warranty;
  c1_in.engineer_ids = {e2, e1};
  Id c1 = put([&](FeedbackRepo& r) { return r.insert_complaint(c1_in); });
  auto closed = complaint(tc2, officer_2, ComplaintStage::closed, k_t0 + 1h);
  closed.closed_at = k_t0 + 3h;
  Id c2 = put([&](FeedbackRepo& r) { return r.insert_complaint(closed); });
  Id c3 = put([&](FeedbackRepo& r) {
    return r.insert_complaint(complaint(tc3, officer_1, ComplaintStage::registered, k_t0 + 2h));
  });

  auto got = *get([&](FeedbackRepo& r) { return r.find_complaint(c1); });
  EXPECT_EQ(got.ticket_id, tc1);
  EXPECT_EQ(got.related_ticket_id, related);
  EXPECT_EQ(got.stage, ComplaintStage::new_);
  EXPECT_EQ(got.source, ComplaintSource::phone);
  EXPECT_EQ(got.customer_id, requester());
  EXPECT_EQ(got.organization_id, customer);
  EXPECT_EQ(got.officer_id, officer_1);
  EXPECT_EQ(got.product, "激光打印机");
  EXPECT_EQ(got.fault, "反复卡纸");
  EXPECT_EQ(got.warranty, Warranty::in_warranty);
  EXPECT_FALSE(got.verdict.has_value());
  EXPECT_FALSE(got.closed_at.has_value());
  std::vector<Id> engineers{e1, e2};
  EXPECT_EQ(got.engineer_ids, engineers);  // in id order
  EXPECT_TRUE(get([&](FeedbackRepo& r) { return r.find_complaint(c3); })->engineer_ids.empty());

  got.stage = ComplaintStage::judged;
  got.verdict = Verdict::partly_justified;
  got.judgement = "耗材批次问题";
  got.decision = "更换硒鼓";
  got.action = "已上门更换";
  got.feedback = "客户认可";
  got.summary = "批次问题已通报";
  got.engineer_ids = {e3};
  got.updated_at = k_t0 + 5h;
  put([&](FeedbackRepo& r) { r.update_complaint(got); });
  auto updated = *get([&](FeedbackRepo& r) { return r.complaint_of_ticket(tc1); });
  EXPECT_EQ(updated.id, c1);
  EXPECT_EQ(updated.stage, ComplaintStage::judged);
  EXPECT_EQ(updated.verdict, Verdict::partly_justified);
  EXPECT_EQ(updated.judgement, "耗材批次问题");
  EXPECT_EQ(updated.decision, "更换硒鼓");
  EXPECT_EQ(updated.action, "已上门更换");
  EXPECT_EQ(updated.feedback, "客户认可");
  EXPECT_EQ(updated.summary, "批次问题已通报");
  EXPECT_EQ(updated.engineer_ids, (std::vector<Id>{e3}));
  EXPECT_EQ(to_millis(updated.updated_at), to_millis(k_t0 + 5h));
  EXPECT_EQ(to_millis(updated.created_at), to_millis(k_t0));
  EXPECT_FALSE(get([&](FeedbackRepo& r) { return r.complaint_of_ticket(related); }).has_value());
  auto gone = *get([&](FeedbackRepo& r) { return r.find_complaint(c2); });
  ASSERT_TRUE(gone.closed_at.has_value());
  EXPECT_EQ(to_millis(*gone.closed_at), to_millis(k_t0 + 3h));

  auto list = [&](auto&& with) {
    ComplaintQuery q;
    with(q);
    return ids_of(get([&](FeedbackRepo& r) { return r.list_complaints(q); }));
  };
  EXPECT_EQ(list([](auto&) {}), (std::vector<Id>{c3, c2, c1}));
  EXPECT_EQ(list([&](auto& q) { q.stage = ComplaintStage::judged; }), (std::vector<Id>{c1}));
  EXPECT_EQ(list([&](auto& q) { q.open_only = true; }), (std::vector<Id>{c3, c1}));
  EXPECT_EQ(list([&](auto& q) { q.officer_id = officer_1; }), (std::vector<Id>{c3, c1}));
  EXPECT_TRUE(list([&](auto& q) {
                q.open_only = true;
                q.officer_id = officer_2;
              }).empty());
  EXPECT_EQ(list([&](auto& q) { q.limit = 2; }), (std::vector<Id>{c3, c2}));

  auto step = [&](const std::string& name, const std::string& data, Timestamp at) {
    ComplaintStep s;
    s.complaint_id = c1;
    s.step = name;
    s.actor_id = officer_1;
    s.data_json = data;
    s.at = at;
    return put([&](FeedbackRepo& r) { return r.insert_complaint_step(s); });
  };
  Id s1 = step("register", R"({"product":"激光打印机"})", k_t0);
  Id s2 = step("judge", R"({"verdict":"partly_justified"})", k_t0 + 5h);
  auto steps = get([&](FeedbackRepo& r) { return r.complaint_steps(c1); });
  ASSERT_EQ(ids_of(steps), (std::vector<Id>{s1, s2}));
  EXPECT_EQ(steps[0].step, "register");
  EXPECT_EQ(steps[0].complaint_id, c1);
  EXPECT_EQ(steps[0].actor_id, officer_1);
  EXPECT_EQ(steps[0].data_json, R"({"product":"激光打印机"})");
  EXPECT_EQ(to_millis(steps[1].at), to_millis(k_t0 + 5h));
  EXPECT_TRUE(get([&](FeedbackRepo& r) { return r.complaint_steps(c3); }).empty());
}

INSTANTIATE_TEST_SUITE_P(Backends, FeedbackContract, ::testing::ValuesIn(contract_backends()),
                         [](const ::testing::TestParamInfo<Backend>& info) { return info.param.name; });

}  // namespace
}  // namespace techdesk::contract
