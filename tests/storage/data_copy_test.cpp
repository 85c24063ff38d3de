// description: `techdesk migrate-data` moves a whole department — the demo data (200 tickets with their
// articles and history) plus sessions, API tokens, a custom category and text full of Chinese, quotes
// and NULLs — from SQLite into an empty database of each backend and back. The copy must read back
// row for row with the same checksums, work as the original (same tickets field by field, the same
// tokens authenticate, new rows continue the ids and each day's ticket numbers), and refuse anything
// that could damage a database: a target with data, a database copied onto itself, bad URLs; a copy
// that fails half-way leaves the target as it was.
//
// The PostgreSQL instances run when TECHDESK_TEST_PG_URL is set (`make test` sets it); every test gets
// a fresh database of its own. SQLite always runs.
#include <gtest/gtest.h>
#include <unistd.h>

#include <atomic>
#include <cstdlib>
#include <filesystem>
#include <functional>
#include <map>

#include "app/app.h"
#include "common/clock.h"
#include "common/time.h"
#include "contract/backends.h"
#include "identity/auth_service.h"
#include "identity/identity_service.h"
#include "identity/principal_cache.h"
#include "storage/data_copy.h"
#include "storage/db_url.h"
#include "storage/postgres/pg_connection.h"
#include "storage/sqlite/database.h"
#include "storage/store.h"
#include "ticket/category_service.h"
#include "ticket/ticket_number.h"
#include "ticket/ticket_service.h"

namespace techdesk::storage {
namespace {

namespace fs = std::filesystem;
using contract::TempDir;

constexpr const char* k_password = "Demo#2026";  // every demo user's
constexpr const char* k_zone = "Asia/Shanghai";  // demo data and TicketService's default

template <class T>
T must(Result<T> r) {
  if (!r) throw std::runtime_error(r.error().message);
  return r.release_value();
}
inline void must(Result<void> r) {
  if (!r) throw std::runtime_error(r.error().message);
}

std::unique_ptr<Store> open_migrated(const std::string& url) {
  auto store = must(open_store(url));
  must(store->migrate());
  return store;
}

const char* pg_base_url() {
  const char* url = std::getenv("TECHDESK_TEST_PG_URL");
  return url && *url ? url : nullptr;
}

// postgresql://user:pass@host:port/db?x → the same URL naming database `db`.
std::string with_database(const std::string& url, const std::string& db) {
  auto q = url.find('?');
  std::string base = url.substr(0, q), params = q == std::string::npos ? "" : url.substr(q);
  return base.substr(0, base.rfind('/') + 1) + db + params;
}

// A fresh, empty database of one backend (not migrated: migrate-data does that).
struct Backend {
  std::string name;
  std::function<std::string(const fs::path& dir, const std::string& stem)> fresh_url;
};

// Names the backend in test output instead of dumping its bytes.
void PrintTo(const Backend& b, std::ostream* os) {
  *os << b.name;
}

std::string fresh_sqlite(const fs::path& dir, const std::string& stem) {
  return "sqlite://" + (dir / (stem + ".db")).string();
}

std::string fresh_postgres(const fs::path&, const std::string& stem) {
  static std::atomic<int> counter{0};
  const std::string db = "copy_" + stem + "_" + std::to_string(getpid()) + "_" + std::to_string(counter++);
  postgres::PgConnection::connect(pg_base_url())->exec("CREATE DATABASE " + db);
  return with_database(pg_base_url(), db);
}

std::vector<Backend> target_backends() {
  std::vector<Backend> out{{"sqlite", fresh_sqlite}};
  if (pg_base_url()) out.push_back({"postgresql", fresh_postgres});
  return out;
}

// Runs raw SQL on the database at url, around the stores (fault injection, direct counts).
void exec_sql(const std::string& url, const std::string& sql) {
  auto parsed = must(parse_db_url(url));
  if (parsed.kind == DbUrl::Kind::sqlite)
    sqlite::Connection::open(parsed.target, false)->exec(sql);
  else
    postgres::PgConnection::connect(parsed.target)->exec(sql);
}

std::int64_t count_rows(const std::string& url, const std::string& table) {
  auto parsed = must(parse_db_url(url));
  const std::string sql = "SELECT count(*) FROM " + table;
  if (parsed.kind == DbUrl::Kind::sqlite) {
    auto c = sqlite::Connection::open(parsed.target, false);
    auto q = c->query_dynamic(sql);
    return q.step() ? q.int64(0) : -1;
  }
  auto c = postgres::PgConnection::connect(parsed.target);
  return postgres::PgRow(c->run_dynamic(sql, {}), 0).int64(0);
}

identity::Principal principal_of(const identity::User& u) {
  identity::Principal p;
  p.user_id = u.id;
  p.name = u.name;
  p.role = u.role;
  p.organization_id = u.organization_id;
  p.team_ids = u.team_ids;
  return p;
}

// ---- The source: built once for the suite ----

struct Source {
  std::unique_ptr<TempDir> dir;
  std::string url;
  std::string session_token;  // agent.wang's, issued on the source
  std::string api_token;      // agent.wang's live API token
  Id odd_ticket = 0;          // the ticket with quotes, NULLs and an internal note
  std::map<std::string, std::int64_t> last_number_of_day;
  Id max_ticket_id = 0;
  bool ready = false;  // built completely
};

Source& source() {
  static Source s;
  return s;
}

void build_source() {
  Source& s = source();
  s.dir = std::make_unique<TempDir>();
  s.url = "sqlite://" + (s.dir->path() / "source.db").string();
  ASSERT_EQ(app::demo_data(s.url, /*quiet=*/true), 0);

  auto store = open_migrated(s.url);
  SystemClock clock;
  identity::PrincipalCache cache;
  identity::AuthService auth(store->identity(), clock, cache);
  identity::IdentityService people(store->identity(), clock, &cache);
  ticket::TicketService tickets(store->tickets(), clock, {k_zone});
  ticket::CategoryService categories(store->tickets());
  const auto admin = identity::system_principal();

  // An organisation without a domain and a user without email or phone: NULLs.
  identity::OrgInput org;
  org.name = "数据迁移测试部";
  org.kind = identity::OrgKind::internal;
  auto dept = must(people.create_org(admin, org));
  identity::CreateUser in;
  in.login = "migrate.tester";
  in.password = k_password;
  in.name = "迁移测试员“老王”";
  in.role = identity::Role::requester;
  in.organization_id = dept.id;
  auto tester = must(people.create_user(admin, in));

  // A category tree of our own below 其他 (a parent and a child).
  auto parent = must(categories.create(admin, {"数据迁移", "Data migration", 4}));
  auto child = must(categories.create(admin, {"从 SQLite 到 PostgreSQL", "SQLite to PostgreSQL", parent.id}));

  // Sessions (blob keys, more than one batch of the small batch size), API tokens, a failed login.
  for (int i = 0; i < 4; ++i)
    s.session_token = must(auth.login("agent.wang", k_password)).token;
  auto wang = must(auth.authenticate(s.session_token));
  auto revoked = must(auth.create_api_token(wang, "旧令牌"));
  must(auth.revoke_api_token(wang, revoked.info.id));
  s.api_token = must(auth.create_api_token(wang, "监控脚本 token")).token;
  must(auth.authenticate(s.api_token));  // sets last_used_at
  EXPECT_FALSE(auth.login("user.sun", "wrong password").ok());

  // A ticket full of awkward text, an internal note (boolean true) and a reply.
  ticket::NewTicket t;
  t.subject = "迁移后“报表”打不开 — 'quotes' \"double\" \\backslash% _underscore 😀";
  t.description = "第一行\n第二行\t制表符\r\n第三行：NULL 不是 'NULL'";
  t.category_id = child.id;
  auto odd = must(tickets.create(principal_of(tester), t));
  must(tickets.add_article(wang, odd.ticket.id, ticket::ArticleKind::note, "内部备注：先别回复客户"));
  must(tickets.add_article(wang, odd.ticket.id, ticket::ArticleKind::reply, "您好，我们正在处理。"));
  s.odd_ticket = odd.ticket.id;

  // What the numbering state must continue from.
  auto all = must(store->tickets().read([&](ticket::TicketTx& tx) -> Result<std::vector<ticket::Ticket>> {
    std::vector<ticket::Ticket> out;
    for (Id id = 1;; ++id) {
      auto v = tx.tickets().find_ticket(id);
      if (!v) break;
      out.push_back(v->ticket);
    }
    return out;
  }));
  for (const auto& tk : all) {
    auto& last = s.last_number_of_day[tk.number.substr(0, 8)];
    last = std::max<std::int64_t>(last, std::stoll(tk.number.substr(9)));
    s.max_ticket_id = std::max(s.max_ticket_id, tk.id);
  }
  ASSERT_EQ(all.size(), 204u);  // the demo history (203 since the reviews demo) and the one made above

  // The email channel: a mailbox with a sealed password, a mail in with an attachment, a mail out in the
  // outbox (raw bytes with a NUL), an acknowledgement count.
  must(store->mail().write([&](email::MailTx& tx) -> Result<void> {
    email::MailboxRecord mb;
    mb.name = "技术支持";
    mb.address = "support@example.cn";
    mb.imap_json = R"({"host":"imap.example.cn"})";
    mb.imap_secret = "c2VhbGVk";
    mb.created_at = mb.updated_at = clock.now();
    Id box = TD_TRY(tx.mail().insert_mailbox(mb));
    tx.mail().put_blob("feedface", std::string("From: a@b\r\n\r\n\0x", 15));
    email::MailRecord m;
    m.mailbox_id = box;
    m.dedupe_key = "mid:1@example.cn";
    m.message_id = "1@example.cn";
    m.ticket_id = all.front().id;
    m.outcome = "replied";
    m.from = {"张三", "zhang@example.cn"};
    m.to = {{"", "support@example.cn"}};
    m.subject = "打印机";
    m.raw_sha256 = "feedface";
    m.at = clock.now();
    Id mail = tx.mail().insert_mail(m);
    email::MailAttachment a;
    a.mail_id = mail;
    a.ticket_id = all.front().id;
    a.filename = "截图.png";
    a.content_type = "image/png";
    a.inline_part = true;
    a.size = 15;
    a.sha256 = "feedface";
    tx.mail().insert_attachment(a);
    email::OutboxItem o;
    o.mailbox_id = box;
    o.ticket_id = all.front().id;
    o.kind = "ack";
    o.recipients = {"zhang@example.cn"};
    o.raw = std::string("Subject: x\r\n\r\n\0", 15);
    o.next_attempt_at = o.created_at = clock.now();
    tx.mail().insert_outbox(o);
    tx.mail().bump_ack_count("zhang@example.cn", "20261130");
    return ok();
  }));

  // Closing the loop: settings, a form of our own and what was filled in, a registration domain, an
  // attached upload, a closing timer, a rating (tags as JSON), a paused callback schedule (boolean false)
  // with the callback it made, and a complaint with its engineer and a step.
  must(store->feedback().write([&](feedback::FeedbackTx& tx) -> Result<void> {
    auto& fb = tx.feedback();
    const auto now = clock.now();
    fb.save_settings_json(R"({"reopen_days":7})", now);
    fb.save_form(child.id, R"([{"key":"report","label":"报表","label_en":"Report","required":true}])", now);
    fb.insert_form_values(s.odd_ticket, {{"report", "报表", "Report", "月度“汇总”\n'第二行'"}});
    TD_TRY(fb.replace_registration_domains(dept.id, {"Migrate.Example.CN"}));
    feedback::Upload u;
    u.uploader_id = tester.id;
    u.filename = "截图.png";
    u.content_type = "image/png";
    u.size = 15;
    u.sha256 = "feedface";
    u.created_at = now;
    fb.attach_uploads({fb.insert_upload(u)}, s.odd_ticket, std::nullopt);
    fb.set_closing_timer(s.odd_ticket, now + std::chrono::hours(72));
    feedback::SurveyInvitation inv;
    inv.ticket_id = s.odd_ticket;
    inv.nonce = "n1";
    inv.issued_at = now;
    inv.expires_at = now + std::chrono::hours(24 * 30);
    fb.use_invitation(fb.insert_invitation(inv), now);
    feedback::SurveyResponse r;
    r.ticket_id = s.odd_ticket;
    r.score = 2;
    r.tags = {"slow", "unresolved"};
    r.agent_id = wang.user_id;
    r.organization_id = dept.id;
    r.requester_id = tester.id;
    r.answered_by = tester.id;
    r.channel = "portal";
    r.created_at = now;
    TD_TRY(fb.insert_survey(r));
    feedback::CallbackSchedule sch;
    sch.organization_id = dept.id;
    sch.next_due_at = now;
    sch.note = "月度回访";
    sch.active = false;
    sch.created_at = now;
    feedback::Callback cb;
    cb.reason = feedback::CallbackReason::scheduled;
    cb.schedule_id = fb.insert_schedule(sch);
    cb.organization_id = dept.id;
    cb.due_at = now;
    cb.created_at = now;
    fb.insert_callback(cb);
    feedback::Complaint c;
    c.ticket_id = all.back().id;
    c.related_ticket_id = s.odd_ticket;
    c.customer_id = tester.id;
    c.engineer_ids = {wang.user_id};
    c.created_at = c.updated_at = now;
    feedback::ComplaintStep step;
    step.complaint_id = fb.insert_complaint(c);
    step.step = "register";
    step.actor_id = wang.user_id;
    step.data_json = "{}";
    step.at = now;
    fb.insert_complaint_step(step);
    return ok();
  }));
  s.ready = true;
}

// ---- Comparing what the stores read ----

std::optional<std::int64_t> ms(const std::optional<Timestamp>& t) {
  if (!t) return std::nullopt;
  return to_millis(*t);
}

void expect_same_ticket(const ticket::TicketView& a, const ticket::TicketView& b) {
  SCOPED_TRACE("ticket " + a.ticket.number);
  const auto &x = a.ticket, &y = b.ticket;
  EXPECT_EQ(x.id, y.id);
  EXPECT_EQ(x.number, y.number);
  EXPECT_EQ(x.subject, y.subject);
  EXPECT_EQ(x.description, y.description);
  EXPECT_EQ(x.type, y.type);
  EXPECT_EQ(x.category_id, y.category_id);
  EXPECT_EQ(x.impact, y.impact);
  EXPECT_EQ(x.urgency, y.urgency);
  EXPECT_EQ(x.priority, y.priority);
  EXPECT_EQ(x.channel, y.channel);
  EXPECT_EQ(x.state, y.state);
  EXPECT_EQ(x.tier, y.tier);
  EXPECT_EQ(x.requester_id, y.requester_id);
  EXPECT_EQ(x.organization_id, y.organization_id);
  EXPECT_EQ(x.team_id, y.team_id);
  EXPECT_EQ(x.assignee_id, y.assignee_id);
  EXPECT_EQ(x.cancel_reason, y.cancel_reason);
  EXPECT_EQ(to_millis(x.created_at), to_millis(y.created_at));
  EXPECT_EQ(to_millis(x.updated_at), to_millis(y.updated_at));
  EXPECT_EQ(ms(x.resolved_at), ms(y.resolved_at));
  EXPECT_EQ(ms(x.closed_at), ms(y.closed_at));
  EXPECT_EQ(x.version, y.version);
  EXPECT_EQ(a.requester.name, b.requester.name);
  EXPECT_EQ(a.assignee.has_value(), b.assignee.has_value());
  EXPECT_EQ(a.team ? a.team->name : "", b.team ? b.team->name : "");
  EXPECT_EQ(a.organization ? a.organization->name : "", b.organization ? b.organization->name : "");
  EXPECT_EQ(a.category ? a.category->path : "", b.category ? b.category->path : "");
}

struct TicketHistory {
  std::optional<ticket::TicketView> view;
  std::vector<ticket::Article> articles;
  std::vector<ticket::Event> events;
};

TicketHistory history_of(Store& store, Id id) {
  return must(store.tickets().read([&](ticket::TicketTx& tx) -> Result<TicketHistory> {
    return TicketHistory{tx.tickets().find_ticket(id), tx.tickets().list_articles(id, true),
                         tx.tickets().list_events(id, true)};
  }));
}

void expect_same_history(const TicketHistory& a, const TicketHistory& b) {
  ASSERT_TRUE(a.view && b.view);
  expect_same_ticket(*a.view, *b.view);
  ASSERT_EQ(a.articles.size(), b.articles.size());
  for (std::size_t i = 0; i < a.articles.size(); ++i) {
    EXPECT_EQ(a.articles[i].id, b.articles[i].id);
    EXPECT_EQ(a.articles[i].kind, b.articles[i].kind);
    EXPECT_EQ(a.articles[i].body, b.articles[i].body);
    EXPECT_EQ(a.articles[i].internal, b.articles[i].internal);
    EXPECT_EQ(a.articles[i].author_name, b.articles[i].author_name);
    EXPECT_EQ(to_millis(a.articles[i].created_at), to_millis(b.articles[i].created_at));
  }
  ASSERT_EQ(a.events.size(), b.events.size());
  for (std::size_t i = 0; i < a.events.size(); ++i) {
    EXPECT_EQ(a.events[i].id, b.events[i].id);
    EXPECT_EQ(a.events[i].actor_id, b.events[i].actor_id);
    EXPECT_EQ(to_millis(a.events[i].at), to_millis(b.events[i].at));
    EXPECT_EQ(a.events[i].field, b.events[i].field);
    EXPECT_EQ(a.events[i].before, b.events[i].before);
    EXPECT_EQ(a.events[i].after, b.events[i].after);
    EXPECT_EQ(a.events[i].internal, b.events[i].internal);
  }
}

const TableCheck& check_of(const CopyReport& r, const std::string& table) {
  for (const auto& t : r.tables)
    if (t.table == table) return t;
  throw std::runtime_error("no table " + table + " in the report");
}

// ---- The suite, once per target backend ----

class DataCopyTo : public ::testing::TestWithParam<Backend> {
 protected:
  static void SetUpTestSuite() {
    if (!source().dir) build_source();
  }
  void SetUp() override { ASSERT_TRUE(source().ready) << "building the source database failed"; }
  std::string fresh(const std::string& stem) { return GetParam().fresh_url(m_dir.path(), stem); }

  TempDir m_dir;
};

TEST_P(DataCopyTo, copies_every_row_and_reads_back_the_same_counts_and_checksums) {
  const std::string target = fresh("target");
  std::vector<std::string> progress;
  CopyOptions options;
  options.batch_rows = 7;  // many batches, for every kind of key (integer, pair, blob)
  options.progress = [&](const std::string& table, std::uint64_t done, std::uint64_t) {
    if (done == 0) progress.push_back(table);
  };
  auto report = must(copy_all_data(source().url, target, options));

  EXPECT_TRUE(report.all_match());
  for (const auto& t : report.tables) {
    SCOPED_TRACE(t.table);
    EXPECT_EQ(t.source_rows, t.target_rows);
    EXPECT_EQ(t.source_checksum, t.target_checksum);
    EXPECT_EQ(t.source_checksum.size(), 64u);
  }
  EXPECT_EQ((std::vector<std::string>{"organizations",
                                      "users",
                                      "teams",
                                      "team_members",
                                      "sessions",
                                      "api_tokens",
                                      "categories",
                                      "tickets",
                                      "calendars",
                                      "sla_policies",
                                      "ticket_sla",
                                      "notifications",
                                      "articles",
                                      "events",
                                      "team_dispatch",
                                      "agent_profiles",
                                      "category_skills",
                                      "dispatch_assignments",
                                      "ticket_tags",
                                      "ticket_links",
                                      "ticket_contacts",
                                      "worklog",
                                      "rules",
                                      "ticket_state_since",
                                      "rule_runs",
                                      "macros",
                                      "kb_articles",
                                      "kb_versions",
                                      "kb_tags",
                                      "kb_ticket_links",
                                      "kb_feedback",
                                      "kb_deflections",
                                      "attachment_blobs",
                                      "kb_attachments",
                                      "mailboxes",
                                      "mail_messages",
                                      "mail_attachments",
                                      "mail_outbox",
                                      "mail_ack_counts",
                                      "feedback_settings",
                                      "category_forms",
                                      "ticket_form_values",
                                      "registration_domains",
                                      "uploads",
                                      "closing_timers",
                                      "survey_invitations",
                                      "surveys",
                                      "callback_schedules",
                                      "callbacks",
                                      "complaints",
                                      "complaint_engineers",
                                      "complaint_steps",
                                      "ticket_facts",
                                      "weekly_reports",
                                      "report_settings",
                                      "report_schedules",
                                      "review_cycles",
                                      "review_scorecards",
                                      "review_items",
                                      "review_appeals",
                                      "review_events",
                                      "idempotency_keys",
                                      "jobs"}),
            progress);
  EXPECT_EQ(check_of(report, "tickets").source_rows, 204u);
  EXPECT_EQ(check_of(report, "sessions").source_rows, 4u);
  EXPECT_EQ(check_of(report, "api_tokens").source_rows, 2u);
  EXPECT_EQ(check_of(report, "categories").source_rows, 21u);  // 19 seeded + our 2
  // Three request forms come with the migrations; the source has one of its own.
  EXPECT_EQ(check_of(report, "category_forms").source_rows, 4u);
  EXPECT_EQ(check_of(report, "callback_schedules").source_rows, 2u);
  EXPECT_EQ(check_of(report, "ticket_sequences").source_rows, source().last_number_of_day.size());
  EXPECT_GT(check_of(report, "events").source_rows, 2000u);
  // Counted by the database itself, not by the copy.
  EXPECT_EQ(count_rows(target, "tickets"), 204);
  EXPECT_EQ(count_rows(target, "events"), count_rows(source().url, "events"));
  EXPECT_EQ(count_rows(target, "articles"), count_rows(source().url, "articles"));
}

TEST_P(DataCopyTo, every_ticket_reads_the_same_field_by_field_through_the_store) {
  const std::string target = fresh("target");
  ASSERT_TRUE(must(copy_all_data(source().url, target)).all_match());
  auto from = open_migrated(source().url);
  auto to = open_migrated(target);
  for (Id id = 1; id <= source().max_ticket_id; ++id)
    expect_same_ticket(*history_of(*from, id).view, *history_of(*to, id).view);
  auto odd = history_of(*to, source().odd_ticket);
  expect_same_history(history_of(*from, source().odd_ticket), odd);
  EXPECT_EQ(odd.view->ticket.cancel_reason, std::nullopt);
  EXPECT_EQ(odd.view->category->path, "其他/数据迁移/从 SQLite 到 PostgreSQL");
  ASSERT_EQ(odd.articles.size(), 2u);
  EXPECT_TRUE(odd.articles[0].internal);
  EXPECT_FALSE(odd.articles[1].internal);
  // A ticket with a long history, too.
  expect_same_history(history_of(*from, 1), history_of(*to, 1));
}

TEST_P(DataCopyTo, sessions_api_tokens_and_passwords_work_on_the_copy) {
  const std::string target = fresh("target");
  ASSERT_TRUE(must(copy_all_data(source().url, target)).all_match());
  auto store = open_migrated(target);
  SystemClock clock;
  identity::PrincipalCache cache;
  identity::AuthService auth(store->identity(), clock, cache);
  auto by_session = auth.authenticate(source().session_token);
  ASSERT_TRUE(by_session.ok()) << by_session.error().message;
  EXPECT_EQ(by_session->name, "王芳");
  auto by_token = auth.authenticate(source().api_token);
  ASSERT_TRUE(by_token.ok()) << by_token.error().message;
  EXPECT_EQ(by_token->user_id, by_session->user_id);
  auto login = auth.login("migrate.tester", k_password);
  ASSERT_TRUE(login.ok()) << login.error().message;
  EXPECT_EQ(login->user.name, "迁移测试员“老王”");
  EXPECT_EQ(login->user.email, std::nullopt);
}

TEST_P(DataCopyTo, the_next_ticket_of_a_copied_day_continues_after_its_last_number) {
  const std::string target = fresh("target");
  ASSERT_TRUE(must(copy_all_data(source().url, target)).all_match());
  auto store = open_migrated(target);
  auto from = open_migrated(source().url);

  // The day of the last demo ticket, and the first demo day.
  const auto first = history_of(*from, 1).view->ticket;
  const auto last_demo = history_of(*from, 200).view->ticket;
  for (const auto& copied : {last_demo, first}) {
    const std::string day = copied.number.substr(0, 8);
    ASSERT_EQ(local_date_compact(copied.created_at, k_zone), day);
    ManualClock clock(copied.created_at + std::chrono::milliseconds(1));
    ticket::TicketService tickets(store->tickets(), clock, {k_zone});
    identity::IdentityService people(store->identity(), clock);
    identity::UserFilter filter;
    filter.text = "agent.wang";
    auto wang = must(people.list_users(identity::system_principal(), filter)).items.at(0);
    ticket::NewTicket t;
    t.subject = "迁移后的新工单";
    t.description = "编号应当连续";
    auto created = tickets.create(principal_of(wang), t);
    ASSERT_TRUE(created.ok()) << created.error().message;
    EXPECT_EQ(created->ticket.number,
              ticket::format_ticket_number(day, source().last_number_of_day.at(day) + 1));
    EXPECT_GT(created->ticket.id, source().max_ticket_id);
  }
}

TEST_P(DataCopyTo, new_rows_of_every_kind_get_ids_after_the_copied_ones) {
  const std::string target = fresh("target");
  auto report = must(copy_all_data(source().url, target));
  auto store = open_migrated(target);
  SystemClock clock;
  identity::PrincipalCache cache;
  identity::IdentityService people(store->identity(), clock, &cache);
  identity::AuthService auth(store->identity(), clock, cache);
  ticket::CategoryService categories(store->tickets());
  ticket::TicketService tickets(store->tickets(), clock, {k_zone});
  const auto admin = identity::system_principal();

  identity::OrgInput org;
  org.name = "迁移后新客户";
  org.kind = identity::OrgKind::external;
  auto o = people.create_org(admin, org);
  ASSERT_TRUE(o.ok()) << o.error().message;
  EXPECT_GT(o->id, static_cast<Id>(check_of(report, "organizations").source_rows));
  auto c = categories.create(admin, {"迁移后新分类", "New after migration", std::nullopt});
  ASSERT_TRUE(c.ok()) << c.error().message;
  EXPECT_GT(c->id, 45);  // after the source's own two categories
  auto wang = must(auth.authenticate(source().session_token));
  auto token = auth.create_api_token(wang, "new");
  ASSERT_TRUE(token.ok()) << token.error().message;
  EXPECT_GT(token->info.id, 2);
  auto note = tickets.add_article(wang, source().odd_ticket, ticket::ArticleKind::note, "迁移后的备注");
  ASSERT_TRUE(note.ok()) << note.error().message;
  EXPECT_GT(note->id, static_cast<Id>(check_of(report, "articles").source_rows));
}

TEST_P(DataCopyTo, copies_back_to_a_fresh_sqlite_file_with_identical_checksums) {
  const std::string target = fresh("target");
  auto there = must(copy_all_data(source().url, target));
  ASSERT_TRUE(there.all_match());
  const std::string back = fresh_sqlite(m_dir.path(), "back");
  auto back_report = must(copy_all_data(target, back));
  ASSERT_TRUE(back_report.all_match());
  ASSERT_EQ(there.tables.size(), back_report.tables.size());
  for (std::size_t i = 0; i < there.tables.size(); ++i) {
    SCOPED_TRACE(there.tables[i].table);
    EXPECT_EQ(there.tables[i].source_checksum, back_report.tables[i].target_checksum);
    EXPECT_EQ(there.tables[i].source_rows, back_report.tables[i].target_rows);
  }
  auto from = open_migrated(source().url);
  auto round_tripped = open_migrated(back);
  expect_same_history(history_of(*from, source().odd_ticket),
                      history_of(*round_tripped, source().odd_ticket));
}

TEST_P(DataCopyTo, refuses_a_target_that_holds_data_and_leaves_it_untouched) {
  const std::string target = fresh("target");
  {
    auto store = open_migrated(target);
    SystemClock clock;
    identity::IdentityService people(store->identity(), clock);
    identity::OrgInput org;
    org.name = "已有数据的部门";
    org.kind = identity::OrgKind::internal;
    ASSERT_TRUE(people.create_org(identity::system_principal(), org).ok());
  }
  auto r = copy_all_data(source().url, target);
  ASSERT_FALSE(r.ok());
  EXPECT_EQ(r.error().code, Errc::conflict);
  EXPECT_NE(r.error().message.find("already holds data"), std::string::npos) << r.error().message;
  EXPECT_NE(r.error().message.find("organizations"), std::string::npos) << r.error().message;
  EXPECT_EQ(count_rows(target, "organizations"), 1);
  EXPECT_EQ(count_rows(target, "users"), 0);
  EXPECT_EQ(count_rows(target, "categories"), 19);
}

TEST_P(DataCopyTo, refuses_to_copy_a_database_onto_itself_under_another_url) {
  const std::string target = fresh("target");
  ASSERT_TRUE(must(copy_all_data(source().url, target)).all_match());
  auto parsed = must(parse_db_url(target));
  // The same database, spelt differently.
  const std::string alias =
      parsed.kind == DbUrl::Kind::sqlite
          ? "sqlite://" +
                (fs::path(parsed.target).parent_path() / "." / fs::path(parsed.target).filename()).string()
          : target + (target.find('?') == std::string::npos ? "?" : "&") + "pool=2";
  for (const auto& [from, to] : {std::pair{target, target}, std::pair{target, alias}}) {
    auto r = copy_all_data(from, to);
    ASSERT_FALSE(r.ok()) << from << " → " << to;
    EXPECT_EQ(r.error().code, Errc::invalid_field);
    EXPECT_NE(r.error().message.find("same database"), std::string::npos) << r.error().message;
  }
  EXPECT_EQ(count_rows(target, "tickets"), 204);
}

TEST_P(DataCopyTo, a_copy_that_fails_half_way_leaves_the_target_as_it_was) {
  const std::string target = fresh("target");
  open_migrated(target);
  // The last table refuses its rows, after everything before it has been written.
  if (GetParam().name == "sqlite") {
    exec_sql(
        target,
        "CREATE TRIGGER refuse_events BEFORE INSERT ON events BEGIN SELECT RAISE(ABORT, 'injected'); END");
  } else {
    exec_sql(target,
             "CREATE FUNCTION refuse() RETURNS trigger LANGUAGE plpgsql AS $$ BEGIN RAISE EXCEPTION "
             "'injected'; END $$;"
             "CREATE TRIGGER refuse_events BEFORE INSERT ON events FOR EACH ROW EXECUTE FUNCTION refuse()");
  }
  auto r = copy_all_data(source().url, target);
  ASSERT_FALSE(r.ok());
  EXPECT_NE(r.error().message.find("injected"), std::string::npos) << r.error().message;
  EXPECT_NE(r.error().message.find("rolled back"), std::string::npos) << r.error().message;
  for (const char* table : {"organizations", "users", "tickets", "articles", "events", "sessions"})
    EXPECT_EQ(count_rows(target, table), 0) << table;
  EXPECT_EQ(count_rows(target, "categories"), 19);  // the seeded ones, not the source's 21
}

INSTANTIATE_TEST_SUITE_P(Targets, DataCopyTo, ::testing::ValuesIn(target_backends()),
                         [](const auto& info) { return info.param.name; });

// ---- Bad input, before anything is written ----

TEST(DataCopyInput, refuses_malformed_urls_naming_the_option_at_fault) {
  TempDir dir;
  const std::string good = "sqlite://" + (dir.path() / "t.db").string();
  auto r = copy_all_data("mysql://localhost/x", good);
  ASSERT_FALSE(r.ok());
  EXPECT_EQ(r.error().code, Errc::invalid_field);
  EXPECT_EQ(r.error().field, "from");
  r = copy_all_data(good, "sqlite://");
  ASSERT_FALSE(r.ok());
  EXPECT_EQ(r.error().field, "to");
  EXPECT_FALSE(fs::exists(dir.path() / "t.db"));
}

TEST(DataCopyInput, refuses_a_sqlite_source_that_does_not_exist_without_creating_either_file) {
  TempDir dir;
  auto r = copy_all_data("sqlite://" + (dir.path() / "typo.db").string(),
                         "sqlite://" + (dir.path() / "t.db").string());
  ASSERT_FALSE(r.ok());
  EXPECT_EQ(r.error().field, "from");
  EXPECT_NE(r.error().message.find("typo.db"), std::string::npos) << r.error().message;
  EXPECT_TRUE(fs::is_empty(dir.path()));
}

TEST(DataCopyInput, reports_an_unreachable_postgresql_server_without_touching_the_source) {
  TempDir dir;
  const std::string src = "sqlite://" + (dir.path() / "s.db").string();
  open_migrated(src);
  auto r = copy_all_data(src, "postgresql://nobody:x@127.0.0.1:1/none?connect_timeout=2");
  ASSERT_FALSE(r.ok());
  EXPECT_EQ(r.error().code, Errc::unavailable);
  EXPECT_EQ(r.error().field, "to");
  EXPECT_NE(r.error().message.find("target"), std::string::npos) << r.error().message;
  r = copy_all_data("postgresql://nobody:x@127.0.0.1:1/none?connect_timeout=2",
                    "sqlite://" + (dir.path() / "t.db").string());
  ASSERT_FALSE(r.ok());
  EXPECT_EQ(r.error().code, Errc::unavailable);
  EXPECT_FALSE(fs::exists(dir.path() / "t.db"));
}

}  // namespace
}  // namespace techdesk::storage
