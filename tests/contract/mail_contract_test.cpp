// The email channel's storage contract, on every backend: mailbox addresses are unique whatever their
// case, a mailbox is leased by one fetcher at a time, a mail's de-duplication key is unique, replies find
// the newest ticket their Message-IDs belong to, the outbox hands a due item to one sender and takes it
// back when the lease runs out, and acknowledgements are counted per sender and day.
#include <gtest/gtest.h>

#include "contract/backends.h"

namespace techdesk::contract {
namespace {

using namespace std::chrono_literals;
using namespace email;

const Timestamp k_t0 = from_millis(1'763'700'000'000);

class MailContract : public ::testing::TestWithParam<Backend> {
 protected:
  void SetUp() override { m_store = GetParam().open(m_dir.path()); }

  TxRunner<MailTx>& mail() { return m_store->mail(); }

  template <class F>
  auto write(F&& f) {
    return mail().write([&](MailTx& tx) { return f(tx); });
  }

  Id ticket(Id requester) {
    return write([&](MailTx& tx) -> Result<Id> {
             ticket::Ticket t;
             t.subject = "打印机卡纸";
             t.description = "三楼";
             t.requester_id = requester;
             t.created_at = t.updated_at = k_t0;
             t.number = "20251121-" + std::to_string(tx.tickets().next_sequence("20251121"));
             return tx.tickets().insert_ticket(t);
           })
        .value();
  }

  Id user(const std::string& login, std::optional<std::string> email, std::optional<Id> org = {}) {
    identity::NewUser u{login, login, std::move(email), std::nullopt, identity::Role::requester, org,
                        {},    "h"};
    return write([&](MailTx& tx) { return tx.identity().insert_user(u, k_t0); }).value();
  }

  MailboxRecord box(const std::string& address) {
    MailboxRecord m;
    m.name = "支持";
    m.address = address;
    m.imap_json = R"({"host":"imap.example.cn"})";
    m.imap_secret = "sealed";
    m.created_at = m.updated_at = k_t0;
    return m;
  }

  MailRecord mail_record(const std::string& key, const std::string& message_id, std::optional<Id> ticket,
                         Timestamp at = k_t0) {
    MailRecord m;
    m.dedupe_key = key;
    m.message_id = message_id;
    m.ticket_id = ticket;
    m.outcome = "created";
    m.from = {"张三", "zhang@example.cn"};
    m.to = {{"技术支持", "support@example.cn"}, {"", "it@example.cn"}};
    m.subject = "打印机";
    m.at = at;
    return m;
  }

  TempDir m_dir;
  std::unique_ptr<storage::Store> m_store;
};

TEST_P(MailContract, mailbox_addresses_are_unique_whatever_their_case_and_settings_round_trip) {
  Id id = write([&](MailTx& tx) { return tx.mail().insert_mailbox(box("support@example.cn")); }).value();
  auto dup = write([&](MailTx& tx) { return tx.mail().insert_mailbox(box("SUPPORT@example.cn")); });
  ASSERT_FALSE(dup.ok());
  EXPECT_EQ(dup.error().code, Errc::conflict);
  auto got =
      mail().read([&](MailTx& tx) -> Result<MailboxRecord> { return *tx.mail().find_mailbox(id); }).value();
  EXPECT_EQ(got.address, "support@example.cn");
  EXPECT_EQ(got.imap_json, R"({"host":"imap.example.cn"})");
  EXPECT_EQ(got.imap_secret, "sealed");
  EXPECT_FALSE(got.smtp_json.has_value());
  EXPECT_TRUE(got.enabled);
  got.enabled = false;
  got.smtp_json = "{}";
  ASSERT_TRUE(write([&](MailTx& tx) { return tx.mail().update_mailbox(got); }).ok());
  auto again =
      mail().read([&](MailTx& tx) -> Result<MailboxRecord> { return *tx.mail().find_mailbox(id); }).value();
  EXPECT_FALSE(again.enabled);
  EXPECT_EQ(again.smtp_json, "{}");
  EXPECT_TRUE(write([&](MailTx& tx) -> Result<bool> { return tx.mail().delete_mailbox(id); }).value());
  EXPECT_FALSE(write([&](MailTx& tx) -> Result<bool> { return tx.mail().delete_mailbox(id); }).value());
}

TEST_P(MailContract, a_mailbox_is_leased_by_one_fetcher_until_released_or_run_out) {
  Id id = write([&](MailTx& tx) { return tx.mail().insert_mailbox(box("support@example.cn")); }).value();
  auto lease = [&](Timestamp now) {
    return write([&](MailTx& tx) -> Result<bool> { return tx.mail().lease_mailbox(id, now, now + 30s); })
        .value();
  };
  EXPECT_TRUE(lease(k_t0));
  EXPECT_FALSE(lease(k_t0 + 10s));
  EXPECT_TRUE(lease(k_t0 + 31s));  // the holder died: its lease ran out
  ASSERT_TRUE(write([&](MailTx& tx) -> Result<void> {
                tx.mail().release_mailbox(id);
                return ok();
              }).ok());
  EXPECT_TRUE(lease(k_t0 + 32s));
}

TEST_P(MailContract, a_dedupe_key_is_taken_once_and_replies_find_the_newest_ticket_of_their_ids) {
  Id req = user("zhang", "Zhang@Example.CN");
  Id t1 = ticket(req), t2 = ticket(req);
  ASSERT_TRUE(write([&](MailTx& tx) -> Result<void> {
                tx.mail().insert_mail(mail_record("mid:a@x", "a@x", t1));
                tx.mail().insert_mail(mail_record("mid:b@x", "b@x", t2));
                return ok();
              }).ok());
  auto dup = write(
      [&](MailTx& tx) -> Result<Id> { return tx.mail().insert_mail(mail_record("mid:a@x", "a@x", t1)); });
  EXPECT_FALSE(dup.ok());
  auto found = mail().read([&](MailTx& tx) -> Result<std::optional<MailRecord>> {
    return tx.mail().find_mail_by_dedupe("mid:a@x");
  });
  ASSERT_TRUE(found.value().has_value());
  EXPECT_EQ(found.value()->to.size(), 2u);
  EXPECT_EQ(found.value()->to[0].name, "技术支持");
  auto by_ids = mail().read([&](MailTx& tx) -> Result<std::optional<Id>> {
    return tx.mail().ticket_of_message_ids({"nope@x", "a@x", "b@x"});
  });
  EXPECT_EQ(by_ids.value(), t2);
  EXPECT_FALSE(mail()
                   .read([&](MailTx& tx) -> Result<std::optional<Id>> {
                     return tx.mail().ticket_of_message_ids({"nope@x", "q\"uote@x"});
                   })
                   .value());
  // Identity lookups are case-insensitive.
  EXPECT_EQ(mail()
                .read([&](MailTx& tx) -> Result<std::optional<Id>> {
                  return tx.mail().user_by_email("zhang@EXAMPLE.cn");
                })
                .value(),
            req);
}

TEST_P(MailContract, the_outbox_gives_a_due_item_to_one_sender_and_takes_it_back_when_the_lease_runs_out) {
  OutboxItem o;
  o.kind = "ack";
  o.recipients = {"zhang@example.cn"};
  o.to = {{"张三", "zhang@example.cn"}};
  o.subject = "[TD#1/x] 已受理";
  o.message_id = "td.1.a.b@example.cn";
  o.raw = std::string("Subject: x\r\n\r\n\0body", 19);
  o.next_attempt_at = k_t0;
  o.created_at = k_t0;
  Id id = write([&](MailTx& tx) -> Result<Id> { return tx.mail().insert_outbox(o); }).value();
  auto lease = [&](Timestamp now) {
    return write([&](MailTx& tx) -> Result<std::vector<OutboxItem>> {
             return tx.mail().lease_outbox(now, now + 2min, 10);
           })
        .value();
  };
  auto first = lease(k_t0);
  ASSERT_EQ(first.size(), 1u);
  EXPECT_EQ(first[0].raw, o.raw);  // bytes exactly, NUL included
  EXPECT_EQ(first[0].state, OutboxState::sending);
  EXPECT_TRUE(lease(k_t0 + 1min).empty());
  auto again = lease(k_t0 + 3min);  // the sender died
  ASSERT_EQ(again.size(), 1u);
  ASSERT_TRUE(write([&](MailTx& tx) -> Result<void> {
                tx.mail().finish_outbox(id, OutboxState::queued, 1, k_t0 + 10min, "451 try later",
                                        std::nullopt);
                return ok();
              }).ok());
  EXPECT_TRUE(lease(k_t0 + 5min).empty());
  EXPECT_EQ(lease(k_t0 + 10min).size(), 1u);
  ASSERT_TRUE(write([&](MailTx& tx) -> Result<void> {
                tx.mail().finish_outbox(id, OutboxState::failed, 2, std::nullopt, "550 no such user",
                                        std::nullopt);
                return ok();
              }).ok());
  auto failed = mail().read([&](MailTx& tx) -> Result<std::vector<OutboxItem>> {
    return tx.mail().list_outbox(OutboxState::failed, 10);
  });
  ASSERT_EQ(failed.value().size(), 1u);
  EXPECT_EQ(failed.value()[0].last_error, "550 no such user");
  EXPECT_EQ(failed.value()[0].attempts, 2);
  EXPECT_TRUE(failed.value()[0].raw.empty());  // lists carry no message bytes
  EXPECT_TRUE(lease(k_t0 + 1h).empty());
}

TEST_P(MailContract, acknowledgements_are_counted_per_sender_and_day) {
  auto bump = [&](const char* addr, const char* day) {
    return write([&](MailTx& tx) -> Result<int> { return tx.mail().bump_ack_count(addr, day); }).value();
  };
  EXPECT_EQ(bump("a@x.cn", "20261130"), 1);
  EXPECT_EQ(bump("a@x.cn", "20261130"), 2);
  EXPECT_EQ(bump("b@x.cn", "20261130"), 1);
  EXPECT_EQ(bump("a@x.cn", "20261201"), 1);
}

INSTANTIATE_TEST_SUITE_P(Backends, MailContract, ::testing::ValuesIn(contract_backends()),
                         [](const ::testing::TestParamInfo<Backend>& info) { return info.param.name; });

}  // namespace
}  // namespace techdesk::contract
