// The PostgreSQL repositories, private to this backend. Each keeps all of its SQL in its own .cpp file.
#pragma once

#include <functional>

#include "channel/email/mail_store.h"
#include "dispatch/dispatch_store.h"
#include "feedback/feedback_store.h"
#include "identity/identity_store.h"
#include "jobs/job_store.h"
#include "kb/kb_store.h"
#include "notify/notify_store.h"
#include "search/search_store.h"
#include "sla/sla_store.h"
#include "storage/postgres/live_pg.h"
#include "storage/postgres/pg_connection.h"
#include "storage/postgres/report_repo_pg.h"
#include "storage/postgres/review_repo_pg.h"
#include "ticket/ticket_store.h"

namespace techdesk::storage::postgres {

class IdentityRepoPg final : public identity::IdentityRepo {
 public:
  // `writing`: the transaction may write, so rows read to be changed are locked (FOR UPDATE).
  IdentityRepoPg(PgConnection& c, bool writing) : m_c(c), m_writing(writing) {}

  Result<Id> insert_user(const identity::NewUser& u, Timestamp now) override;
  std::optional<identity::User> find_user(Id id) override;
  std::optional<identity::UserSecrets> find_user_secrets_by_login(std::string_view login) override;
  std::vector<identity::User> list_users(const identity::UserQuery& q) override;
  void update_user(const identity::User& u, const std::optional<std::string>& new_password_hash) override;
  void set_login_failures(Id user, int failed, std::optional<Timestamp> first_failed_at,
                          std::optional<Timestamp> locked_until) override;

  Result<Id> insert_org(const identity::Organization& o) override;
  std::optional<identity::Organization> find_org(Id id) override;
  std::optional<identity::Organization> find_org_by_name(std::string_view name) override;
  std::vector<identity::Organization> list_orgs(const identity::ListQuery& q) override;
  Result<void> update_org(const identity::Organization& o) override;

  Result<Id> insert_team(const identity::Team& t) override;
  std::optional<identity::Team> find_team(Id id) override;
  std::vector<identity::Team> list_teams(const identity::ListQuery& q) override;
  Result<void> update_team(const identity::Team& t) override;

  void insert_session(std::string_view digest, Id user, std::string_view csrf_token, Timestamp created,
                      Timestamp expires) override;
  std::optional<identity::Principal> find_session_principal(std::string_view digest, Timestamp now) override;
  void delete_session(std::string_view digest) override;
  void delete_sessions_of(Id user) override;
  int delete_expired_sessions(Timestamp now, int limit) override;

  Id insert_api_token(Id user, std::string_view name, std::string_view digest, Timestamp now) override;
  std::optional<identity::ApiTokenMatch> find_api_token(std::string_view digest) override;
  void touch_api_token(std::string_view digest, Timestamp now) override;
  std::vector<identity::ApiToken> list_api_tokens(Id user) override;
  bool revoke_api_token(Id user, Id token_id, Timestamp now) override;

 private:
  std::vector<Id> team_ids_of(Id user);
  std::vector<Id> member_ids_of(Id team);
  void replace_memberships_of_user(Id user, const std::vector<Id>& teams);
  void replace_members_of_team(Id team, const std::vector<Id>& users);

  PgConnection& m_c;
  bool m_writing;
};

class TicketRepoPg final : public ticket::TicketRepo {
 public:
  // ensure_day_sequence creates the day's number sequence (outside this transaction) if needed.
  TicketRepoPg(PgConnection& c, std::function<void(const std::string&)> ensure_day_sequence)
      : m_c(c), m_ensure_day_sequence(std::move(ensure_day_sequence)) {}

  std::int64_t next_sequence(const std::string& day) override;
  Id insert_ticket(const ticket::Ticket& t) override;
  std::optional<ticket::TicketView> find_ticket(Id id) override;
  bool update_ticket(const ticket::Ticket& t, int expected_version) override;
  std::vector<ticket::TicketView> list_tickets(const ticket::TicketScope& scope,
                                               const ticket::TicketQuery& q) override;

  Id insert_article(const ticket::Article& a) override;
  std::vector<ticket::Article> list_articles(Id ticket_id, bool include_internal) override;
  Id append_event(const ticket::Event& e) override;
  std::vector<ticket::Event> list_events(Id ticket_id, bool include_internal) override;

  std::vector<ticket::Category> list_categories() override;
  std::optional<ticket::Category> find_category(Id id) override;
  Result<Id> insert_category(const ticket::Category& c) override;

 private:
  PgConnection& m_c;
  std::function<void(const std::string&)> m_ensure_day_sequence;
};

class JobRepoPg final : public jobs::JobRepo {
 public:
  explicit JobRepoPg(PgConnection& c) : m_c(c) {}
  std::optional<Id> enqueue(const std::string& kind, const std::string& payload, Timestamp run_at,
                            const std::optional<std::string>& dedupe_key, Timestamp now) override;
  std::optional<jobs::Job> lease(const std::string& owner, Timestamp now, Timestamp lease_until) override;
  bool checkpoint(Id id, const std::string& owner, const std::string& payload,
                  Timestamp lease_until) override;
  bool finish(Id id, const std::string& owner, jobs::JobState state, const std::string& error,
              Timestamp now) override;
  bool retry_later(Id id, const std::string& owner, const std::string& error, Timestamp run_at) override;
  std::optional<jobs::Job> find_job(Id id) override;
  std::vector<jobs::Job> recent_jobs(int limit) override;

 private:
  PgConnection& m_c;
};

class SlaRepoPg final : public sla::SlaRepo {
 public:
  explicit SlaRepoPg(PgConnection& c) : m_c(c) {}
  std::vector<sla::Calendar> list_calendars() override;
  std::optional<sla::Calendar> find_calendar(Id id) override;
  Result<Id> insert_calendar(const sla::Calendar& c) override;
  Result<void> update_calendar(const sla::Calendar& c) override;
  void delete_calendar(Id id) override;
  int policies_using_calendar(Id calendar) override;
  std::vector<sla::Policy> list_policies() override;
  std::optional<sla::Policy> find_policy(Id id) override;
  Result<Id> insert_policy(const sla::Policy& p) override;
  Result<void> update_policy(const sla::Policy& p) override;
  void delete_policy(Id id) override;
  int tickets_under_policy(Id policy) override;
  std::optional<ticket::TicketSla> find_ticket_sla(Id ticket, bool lock) override;
  void save_ticket_sla(const ticket::TicketSla& s) override;
  std::vector<Id> save_ticket_sla_schedules(std::span<const ScheduleWrite> writes) override;
  std::vector<Id> tickets_updated_since(Timestamp since, Id first, Id last) override;
  // PostgreSQL keeps its due-time index: a recomputation's updates are new row versions either way, and
  // dropping the index would lock the table against every reader until the transaction ends.
  bool set_aside_due_index(std::int64_t) override { return false; }
  void restore_due_index() override {}
  std::vector<Id> due_tickets(Timestamp now, int limit) override;
  std::size_t recompute_rows(Id after, bool open_only, int limit, bool lock,
                             std::vector<RecomputeRow>& rows) override;
  std::int64_t estimate_tickets_with_sla(bool open_only) override;
  std::vector<sla::ComplianceRow> compliance(Timestamp from, Timestamp to, sla::GroupBy by, Timestamp now,
                                             const std::string& zone) override;

 private:
  PgConnection& m_c;
};

class NotifyRepoPg final : public notify::NotifyRepo {
 public:
  explicit NotifyRepoPg(PgConnection& c) : m_c(c) {}
  Id insert_notification(const notify::Notification& n) override;
  std::vector<notify::Notification> list_notifications(Id user, bool unread_only, std::optional<Id> before,
                                                       int limit) override;
  int count_unread(Id user) override;
  bool mark_read(Id user, Id id, Timestamp at) override;
  int mark_all_read(Id user, Timestamp at) override;

 private:
  PgConnection& m_c;
};

class DispatchRepoPg final : public dispatch::DispatchRepo {
 public:
  explicit DispatchRepoPg(PgConnection& c) : m_c(c) {}
  std::optional<dispatch::TeamDispatch> find_team_dispatch(Id team) override;
  void save_team_dispatch(const dispatch::TeamDispatch& d) override;
  std::vector<dispatch::TeamDispatch> auto_teams() override;
  std::vector<dispatch::AgentProfile> agent_profiles(const std::vector<Id>& users) override;
  void set_on_duty(Id user, bool on_duty, Timestamp at) override;
  void set_skills(Id user, const std::vector<dispatch::Skill>& skills, Timestamp at) override;
  std::vector<dispatch::MemberLoad> member_loads(const std::vector<Id>& users) override;
  void touch_assigned(Id team, Id user, Timestamp at) override;
  std::vector<Id> queued_tickets(Id team, int limit) override;
  std::vector<dispatch::Candidate> team_candidates(Id team) override;
  std::vector<dispatch::Skill> category_skills(Id category) override;
  void set_category_skills(Id category, const std::vector<dispatch::Skill>& skills) override;
  std::vector<std::string> tags(Id ticket) override;
  bool add_tag(Id ticket, const std::string& tag) override;
  bool remove_tag(Id ticket, const std::string& tag) override;
  bool add_contact(Id ticket, Id user, Timestamp at) override;
  std::optional<Id> insert_link(const dispatch::Link& l) override;
  std::vector<dispatch::Link> links_of(Id ticket) override;
  std::optional<dispatch::Link> find_link(Id id) override;
  void delete_link(Id id) override;
  int move_articles(Id from, Id to, const std::vector<Id>& only) override;
  Id insert_worklog(const dispatch::WorklogEntry& e) override;
  std::vector<dispatch::WorklogEntry> worklog_of(Id ticket) override;
  std::optional<dispatch::WorklogEntry> find_worklog(Id id) override;
  void delete_worklog(Id id) override;
  std::vector<dispatch::WorklogEntry> worklog_between(std::optional<Id> user, const std::string& from_day,
                                                      const std::string& to_day, int limit) override;
  std::vector<dispatch::Rule> list_rules() override;
  std::optional<dispatch::Rule> find_rule(Id id) override;
  Result<Id> insert_rule(const dispatch::Rule& r) override;
  Result<void> update_rule(const dispatch::Rule& r) override;
  void delete_rule(Id id) override;
  void record_rule_error(Id rule, const std::string& error, std::optional<Timestamp> at) override;
  void set_state_since(Id ticket, ticket::State state, Timestamp since) override;
  void forget_state_since(Id ticket) override;
  std::vector<std::pair<Id, Timestamp>> unclaimed_in_state(Id rule, const std::vector<ticket::State>& states,
                                                           Timestamp before, int limit) override;
  bool claim_rule_run(Id rule, Id ticket, Timestamp since, Timestamp at) override;
  std::vector<dispatch::Macro> list_macros() override;
  std::optional<dispatch::Macro> find_macro(Id id) override;
  Result<Id> insert_macro(const dispatch::Macro& m) override;
  Result<void> update_macro(const dispatch::Macro& m) override;
  void delete_macro(Id id) override;

 private:
  PgConnection& m_c;
};

class SearchRepoPg final : public search::SearchRepo {
 public:
  explicit SearchRepoPg(PgConnection& c) : m_c(c) {}
  void put(const search::IndexedDoc& d) override;
  void remove(search::DocKind kind, Id ref_id) override;
  void clear() override;
  void optimize() override;
  void bulk_load(bool) override {}
  std::vector<search::DocHit> search(const search::DocQuery& q) override;
  search::IndexSize size() override;
  std::vector<identity::User> find_users(const std::string& text, int limit) override;
  std::vector<identity::Organization> find_organizations(const std::string& text, int limit) override;
  std::vector<search::ArticleText> article_texts(const std::vector<Id>& ids) override;
  std::vector<search::TicketText> ticket_texts(const std::vector<Id>& ids, bool include_internal,
                                               std::size_t max_bytes) override;
  std::vector<Id> ticket_ids_after(Id after, int limit) override;
  std::vector<std::pair<ticket::Ticket, std::optional<Id>>> tickets_for_index(
      const std::vector<Id>& ids) override;
  std::int64_t ticket_count() override;
  std::vector<ticket::Article> articles_of(const std::vector<Id>& tickets) override;
  std::vector<std::pair<Id, std::string>> attachment_names_of(const std::vector<Id>& tickets) override;

 private:
  PgConnection& m_c;
};

class KbRepoPg final : public kb::KbRepo {
 public:
  explicit KbRepoPg(PgConnection& c) : m_c(c) {}
  Id insert_article(const kb::KbArticle& a) override;
  void update_article(const kb::KbArticle& a) override;
  std::optional<kb::KbArticle> find_article(Id id) override;
  kb::KbPage list_articles(const kb::KbListQuery& q) override;
  void set_tags(Id article, const std::vector<std::string>& tags) override;
  void insert_version(const kb::KbVersion& v) override;
  std::vector<kb::KbVersion> versions(Id article) override;
  std::optional<kb::KbVersion> find_version(Id article, int version) override;
  bool link_ticket(Id article, Id ticket, std::optional<Id> by, Timestamp at) override;
  bool unlink_ticket(Id article, Id ticket) override;
  std::vector<kb::LinkedTicket> linked_tickets(Id article) override;
  std::vector<Id> articles_of_ticket(Id ticket) override;
  std::optional<bool> feedback_of(Id article, Id user) override;
  void save_feedback(Id article, Id user, bool helpful, Timestamp at) override;
  void count_view(Id article) override;
  Id insert_deflection(Id article, std::optional<Id> user, const std::string& query, Timestamp at) override;
  std::int64_t deflections(Id article) override;
  void put_blob(const std::string& sha256, std::string_view data) override;
  std::optional<std::string> blob(const std::string& sha256) override;
  Id insert_attachment(const kb::KbAttachment& a) override;
  std::vector<kb::KbAttachment> attachments(Id article) override;
  std::optional<kb::KbAttachment> find_attachment(Id id) override;
  void delete_attachment(Id id) override;

 private:
  PgConnection& m_c;
};

class MailRepoPg final : public email::MailRepo {
 public:
  explicit MailRepoPg(PgConnection& c) : m_c(c) {}
  Result<Id> insert_mailbox(const email::MailboxRecord& m) override;
  Result<void> update_mailbox(const email::MailboxRecord& m) override;
  bool delete_mailbox(Id id) override;
  std::optional<email::MailboxRecord> find_mailbox(Id id) override;
  std::vector<email::MailboxRecord> list_mailboxes() override;
  void set_fetch_status(Id id, Timestamp at, const std::string& error) override;
  bool lease_mailbox(Id id, Timestamp now, Timestamp until) override;
  void renew_mailbox(Id id, Timestamp until) override;
  void release_mailbox(Id id) override;
  std::optional<Id> ticket_by_number(std::string_view number) override;
  std::optional<email::MailRecord> find_mail_by_dedupe(std::string_view key) override;
  Id insert_mail(const email::MailRecord& m) override;
  std::optional<email::MailRecord> mail_of_article(Id article) override;
  std::vector<email::MailRecord> mails_of_ticket(Id ticket) override;
  std::optional<Id> ticket_of_message_ids(const std::vector<std::string>& ids) override;
  void put_blob(const std::string& sha256, std::string_view data) override;
  std::optional<std::string> blob(const std::string& sha256) override;
  Id insert_attachment(const email::MailAttachment& a) override;
  std::vector<email::MailAttachment> attachments_of_mail(Id mail) override;
  std::optional<email::MailAttachment> find_attachment(Id id) override;
  Id insert_outbox(const email::OutboxItem& o) override;
  std::vector<email::OutboxItem> lease_outbox(Timestamp now, Timestamp lease_until, int limit) override;
  void finish_outbox(Id id, email::OutboxState state, int attempts, std::optional<Timestamp> next_attempt_at,
                     const std::string& error, std::optional<Timestamp> sent_at) override;
  std::optional<email::OutboxItem> find_outbox(Id id) override;
  std::vector<email::OutboxItem> list_outbox(std::optional<email::OutboxState> state, int limit) override;
  std::optional<email::OutboxItem> outbox_of_article(Id article) override;
  std::optional<email::OutboxItem> outbox_of_message(std::string_view message_id) override;
  int bump_ack_count(std::string_view addr, std::string_view day) override;
  std::optional<Id> user_by_email(std::string_view email) override;
  std::optional<Id> org_by_domain(std::string_view domain) override;

 private:
  PgConnection& m_c;
};

class FeedbackRepoPg final : public feedback::FeedbackRepo {
 public:
  explicit FeedbackRepoPg(PgConnection& c) : m_c(c) {}
  std::optional<std::string> settings_json() override;
  void save_settings_json(const std::string& json, Timestamp at) override;
  std::vector<std::pair<Id, std::string>> list_forms() override;
  void save_form(Id category, const std::string& fields_json, Timestamp at) override;
  void delete_form(Id category) override;
  void insert_form_values(Id ticket, const std::vector<feedback::FormValue>& values) override;
  std::vector<feedback::FormValue> form_values(Id ticket) override;
  std::vector<std::string> registration_domains(Id org) override;
  Result<void> replace_registration_domains(Id org, const std::vector<std::string>& domains) override;
  std::optional<Id> org_for_registration_domain(std::string_view domain) override;
  bool any_registration_domain() override;
  void put_blob(const std::string& sha256, std::string_view data) override;
  std::optional<std::string> blob(const std::string& sha256) override;
  Id insert_upload(const feedback::Upload& u) override;
  std::optional<feedback::Upload> find_upload(Id id) override;
  int attach_uploads(const std::vector<Id>& ids, Id ticket, std::optional<Id> article) override;
  std::vector<feedback::Upload> uploads_of_ticket(Id ticket) override;
  int purge_unattached_uploads(Timestamp before, int limit) override;
  void set_closing_timer(Id ticket, Timestamp at) override;
  void clear_closing_timer(Id ticket) override;
  std::optional<Timestamp> closing_timer(Id ticket) override;
  std::vector<Id> due_closing_timers(Timestamp now, int limit) override;
  Id insert_invitation(const feedback::SurveyInvitation& i) override;
  std::optional<feedback::SurveyInvitation> find_invitation(Id id) override;
  std::optional<feedback::SurveyInvitation> open_invitation(Id ticket, Timestamp now) override;
  bool use_invitation(Id id, Timestamp at) override;
  Result<Id> insert_survey(const feedback::SurveyResponse& r) override;
  std::optional<feedback::SurveyResponse> survey_of_ticket(Id ticket) override;
  std::vector<feedback::SurveyResponse> list_surveys(const feedback::SurveyQuery& q) override;
  Id insert_callback(const feedback::Callback& c) override;
  void update_callback(const feedback::Callback& c) override;
  std::optional<feedback::Callback> find_callback(Id id) override;
  std::vector<feedback::Callback> list_callbacks(const feedback::CallbackQuery& q) override;
  Id insert_schedule(const feedback::CallbackSchedule& s) override;
  std::optional<feedback::CallbackSchedule> find_schedule(Id id) override;
  std::vector<feedback::CallbackSchedule> list_schedules() override;
  bool delete_schedule(Id id) override;
  std::vector<feedback::CallbackSchedule> due_schedules(Timestamp now, int limit) override;
  void set_schedule_due(Id id, Timestamp next_due_at) override;
  Id insert_complaint(const feedback::Complaint& c) override;
  void update_complaint(const feedback::Complaint& c) override;
  std::optional<feedback::Complaint> find_complaint(Id id) override;
  std::optional<feedback::Complaint> complaint_of_ticket(Id ticket) override;
  std::vector<feedback::Complaint> list_complaints(const feedback::ComplaintQuery& q) override;
  Id insert_complaint_step(const feedback::ComplaintStep& s) override;
  std::vector<feedback::ComplaintStep> complaint_steps(Id complaint) override;

 private:
  void replace_engineers(Id complaint, const std::vector<Id>& engineers);

  PgConnection& m_c;
};

class PgTx final : public identity::IdentityTx,
                   public jobs::JobTx,
                   public kb::KbTx,
                   public report::ReportTx {  // and so a FeedbackTx, a MailTx and a DispatchTx
 public:
  // `changes` collects what a write transaction publishes; null for reads.
  PgTx(PgConnection& c, bool writing, std::function<void(const std::string&)> ensure_day_sequence,
       std::vector<live::Change>* changes = nullptr)
      : m_identity(c, writing),
        m_tickets(c, std::move(ensure_day_sequence)),
        m_jobs(c),
        m_sla(c),
        m_notifications(c),
        m_dispatch(c),
        m_search(c),
        m_kb(c),
        m_mail(c),
        m_feedback(c),
        m_report(c),
        m_reviews(c),
        m_changes(changes) {}
  identity::IdentityRepo& identity() override { return m_identity; }
  ticket::TicketRepo& tickets() override { return m_tickets; }
  jobs::JobRepo& jobs() override { return m_jobs; }
  live::Publisher& changes() override { return m_changes; }
  sla::SlaRepo& sla() override { return m_sla; }
  notify::NotifyRepo& notifications() override { return m_notifications; }
  dispatch::DispatchRepo& dispatch() override { return m_dispatch; }
  search::SearchRepo& search() override { return m_search; }
  kb::KbRepo& kb() override { return m_kb; }
  email::MailRepo& mail() override { return m_mail; }
  feedback::FeedbackRepo& feedback() override { return m_feedback; }
  report::ReportRepo& report() override { return m_report; }
  report::ReviewRepo& reviews() override { return m_reviews; }

 private:
  IdentityRepoPg m_identity;
  TicketRepoPg m_tickets;
  JobRepoPg m_jobs;
  SlaRepoPg m_sla;
  NotifyRepoPg m_notifications;
  DispatchRepoPg m_dispatch;
  SearchRepoPg m_search;
  KbRepoPg m_kb;
  MailRepoPg m_mail;
  FeedbackRepoPg m_feedback;
  ReportRepoPg m_report;
  ReviewRepoPg m_reviews;
  NotifyPublisher m_changes;
};

}  // namespace techdesk::storage::postgres
