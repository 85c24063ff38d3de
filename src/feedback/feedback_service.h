// Closing the loop with the requester, as use cases: the portal's guided requests and uploads,
// self-registration, confirming or reopening a resolution, closing automatically after N working days,
// satisfaction surveys (in the portal and by a signed no-login link), callback tasks (回访) and the
// complaint procedure (投诉). Every method takes the acting principal, authorises it and owns its
// transaction; every step is an event in the ticket's history, and mail to the customer goes through the
// outbox in the same transaction.
//
// The service also observes the ticket service, so that the rules hold whatever door a change came
// through (an email reply that reopens a ticket, an agent who closes one): resolving starts the closing
// timer, closing a resolved ticket invites a survey, reopening makes a callback task.
//
// Thread-safe: no mutable state besides what the store guards.
#pragma once

#include <map>
#include <optional>
#include <string>
#include <vector>

#include "channel/email/mail_service.h"
#include "common/clock.h"
#include "common/tx.h"
#include "feedback/feedback_store.h"
#include "feedback/types.h"
#include "identity/identity_service.h"
#include "identity/types.h"
#include "ticket/ticket_observer.h"
#include "ticket/ticket_service.h"

namespace techdesk::feedback {

struct FeedbackOptions {
  std::size_t max_upload_bytes = 10 * 1024 * 1024;
  int max_attachments = 10;                        // per request or reply
  std::chrono::hours keep_unattached_uploads{24};  // then purged
};

struct TicketRef {
  Id id = 0;
  std::string number;
  std::string subject;
  ticket::State state = ticket::State::new_;
};

struct Contact {
  Id id = 0;
  std::string name;
  std::optional<std::string> phone;
  std::optional<std::string> email;
};

// ---- portal ----

struct SubmitRequest {
  std::string subject;
  std::string description;
  std::optional<Id> category_id;
  std::optional<ticket::Level> urgency;
  std::optional<ticket::TicketType> type;  // incident, service_request, consultation
  std::map<std::string, std::string> fields;
  std::vector<Id> attachments;  // upload ids
};

struct Registration {
  std::string name;
  std::string email;
  std::string password;
  std::optional<std::string> phone;
};

struct ClosingInfo {
  std::optional<Timestamp> auto_close_at;  // resolved: when it closes itself
  std::optional<Timestamp> reopen_until;   // closed: until when reopening reopens it (after: a follow-up)
  int auto_close_working_days = 3;
  int reopen_days = 14;
};

struct ReopenOutcome {
  ticket::TicketView ticket;  // the reopened ticket, or the new follow-up
  bool follow_up = false;
};

// ---- surveys ----

enum class SurveyState { not_due, open, answered, expired };
std::string_view name(SurveyState s);

struct SurveyStatus {
  SurveyState state = SurveyState::not_due;
  std::optional<std::string> token;  // for the requester (or their org manager) while open
  std::optional<SurveyResponse> response;
};

struct SurveyTicket {
  Id id = 0;
  std::string number;
  std::string subject;
  std::optional<std::string> agent;
  bool answered = false;
};

struct SurveyAnswer {
  int score = 0;
  std::vector<std::string> tags;
  std::string comment;
  std::optional<Id> ticket_id;  // when given, must be the token's ticket
};

struct SurveyRow {
  SurveyResponse response;
  std::string ticket_number;
  std::optional<ticket::NamedRef> agent, team, organization;
};

struct SurveyReport {
  std::vector<SurveyRow> rows;
  int count = 0;
  double average = 0;
  std::array<int, 5> distribution{};  // scores 1..5
};

// ---- callbacks ----

struct CallbackView {
  Callback callback;
  std::optional<TicketRef> ticket;
  std::optional<ticket::NamedRef> organization;
  std::optional<Contact> contact;
  std::optional<ticket::NamedRef> assignee;
  std::optional<ticket::NamedRef> done_by;
  bool overdue = false;
};

struct NewCallback {
  std::optional<Id> ticket_id;
  std::optional<Id> organization_id;
  std::optional<Id> contact_id;
  std::optional<Id> assignee_id;
  std::optional<Timestamp> due_at;
  std::string note;
};

struct CallbackResult {
  CallbackOutcome outcome = CallbackOutcome::reached;
  std::string notes;
  std::string follow_up;
};

struct NewSchedule {
  Id organization_id = 0;
  std::optional<Id> contact_id;
  std::optional<Id> assignee_id;
  int every_days = 30;
  std::optional<Timestamp> first_due_at;
  std::string note;
};

struct ScheduleView {
  CallbackSchedule schedule;
  ticket::NamedRef organization;
  std::optional<Contact> contact;
  std::optional<ticket::NamedRef> assignee;
};

// ---- complaints ----

struct NewComplaint {
  std::string subject;
  std::string description;
  std::optional<Id> requester_id;       // agents logging a call: the customer
  std::optional<Id> related_ticket_id;  // the ticket complained about
  std::optional<Id> convert_ticket_id;  // agents: this ticket becomes the complaint
  std::optional<ComplaintSource> source;
  std::string product;
  std::string fault;
  std::optional<Warranty> warranty;
};

// One step of the procedure with what it records; which fields apply depends on `step`.
struct StepInput {
  std::string step;
  std::optional<std::string> product, fault;
  std::optional<Warranty> warranty;
  std::optional<std::vector<Id>> engineer_ids;
  std::optional<Verdict> verdict;
  std::optional<std::string> text;  // judgement, decision, action, feedback or summary
};

struct StepView {
  ComplaintStep step;
  ticket::NamedRef actor;
};

struct ComplaintView {
  Complaint complaint;
  TicketRef ticket;
  std::optional<TicketRef> related;
  ticket::NamedRef customer;
  std::optional<ticket::NamedRef> organization;
  std::optional<ticket::NamedRef> officer;
  std::vector<ticket::NamedRef> engineers;
  std::vector<StepView> steps;  // filled by get_complaint and complaint_step
};

class FeedbackService final : public ticket::TicketObserver {
 public:
  FeedbackService(TxRunner<FeedbackTx>& store, ticket::TicketService& tickets, email::MailService& mail,
                  identity::IdentityService& identity, const Clock& clock, std::string signing_key,
                  FeedbackOptions options = {});

  // Settings: agents read, administrators change.
  Result<Settings> settings(const identity::Principal& actor);
  Result<Settings> save_settings(const identity::Principal& actor, const Settings& s);

  // Request forms: every category that has one (its own or inherited); administrators change them.
  Result<std::vector<CategoryForm>> forms(const identity::Principal& actor);
  Result<CategoryForm> save_form(const identity::Principal& actor, Id category,
                                 const std::vector<FormField>& f);

  // Self-registration, limited to the email domains organisations allow.
  bool registration_enabled();
  Result<std::vector<std::string>> registration_domains(const identity::Principal& actor, Id org);
  Result<std::vector<std::string>> save_registration_domains(const identity::Principal& actor, Id org,
                                                             std::vector<std::string> domains);
  // Creates a requester in the organisation that allows the email's domain. Errors: invalid_field
  // "email" (malformed or a domain no organisation allows), conflict "email" when taken, and the
  // identity service's password rules (field "password").
  Result<identity::User> register_requester(Registration r);

  // Uploads: checked (size, executables), kept until a request or reply takes them.
  Result<Upload> upload(const identity::Principal& actor, std::string filename, std::string content_type,
                        std::string data);
  // The file, for its uploader or anyone who may see its ticket; not_found otherwise.
  Result<std::pair<Upload, std::string>> download(const identity::Principal& actor, Id id);
  Result<std::vector<Upload>> ticket_uploads(const identity::Principal& actor, Id ticket);
  Result<std::vector<FormValue>> ticket_form(const identity::Principal& actor, Id ticket);

  // A request from the portal: the category's required fields, attachments, urgency; one transaction.
  Result<ticket::TicketView> submit(const identity::Principal& actor, SubmitRequest in);
  // An article with attached uploads (the actor's own, not yet attached).
  Result<ticket::Article> add_article(const identity::Principal& actor, Id ticket, ticket::ArticleKind kind,
                                      std::string body, const std::vector<Id>& attachments);

  // Closing the loop. Errors: not_found for a ticket the actor may not see; invalid_transition when the
  // ticket is not resolved (confirm) or not resolved/closed (reopen); missing_field "reason".
  Result<ticket::TicketView> confirm(const identity::Principal& actor, Id ticket);
  Result<ReopenOutcome> reopen(const identity::Principal& actor, Id ticket, std::string reason);
  Result<ClosingInfo> closing(const identity::Principal& actor, Id ticket);

  // Surveys.
  Result<SurveyStatus> survey_status(const identity::Principal& actor, Id ticket);
  Result<SurveyTicket> survey_by_token(const std::string& token);
  // `actor`: the signed-in user answering in the portal; none through an email link. Errors: not_found
  // (bad token), expired, conflict when already answered or the link was used, check_survey's errors.
  Result<SurveyResponse> answer_survey(const std::optional<identity::Principal>& actor,
                                       const std::string& token, const SurveyAnswer& a);
  Result<SurveyReport> surveys(const identity::Principal& actor, const SurveyQuery& q);

  // Callbacks.
  Result<std::vector<CallbackView>> callbacks(const identity::Principal& actor, const CallbackQuery& q);
  Result<CallbackView> callback(const identity::Principal& actor, Id id);
  Result<CallbackView> create_callback(const identity::Principal& actor, const NewCallback& in);
  Result<CallbackView> record_outcome(const identity::Principal& actor, Id id, const CallbackResult& r);
  Result<std::vector<ScheduleView>> schedules(const identity::Principal& actor);
  Result<ScheduleView> create_schedule(const identity::Principal& actor, const NewSchedule& in);
  Result<void> delete_schedule(const identity::Principal& actor, Id id);

  // Complaints.
  Result<ComplaintView> create_complaint(const identity::Principal& actor, const NewComplaint& in);
  Result<std::vector<ComplaintView>> complaints(const identity::Principal& actor, const ComplaintQuery& q);
  Result<ComplaintView> complaint(const identity::Principal& actor, Id id);
  Result<ComplaintView> complaint_step(const identity::Principal& actor, Id id, const StepInput& in);

  // Background work, each in batches of `limit`; returns how many were done.
  Result<int> close_due(int limit);  // resolved tickets whose waiting period ended
  Result<int> open_scheduled_callbacks(int limit);
  Result<int> purge_uploads(int limit);

  // TicketObserver.
  Result<void> on_created(ticket::TicketTx& tx, const identity::Principal& actor, ticket::Ticket& t,
                          Timestamp at) override;
  Result<void> on_updated(ticket::TicketTx& tx, const identity::Principal& actor,
                          const ticket::Ticket& before, const ticket::Ticket& after, Timestamp at) override;
  Result<void> on_article(ticket::TicketTx& tx, const ticket::Ticket& t, const ticket::Article& a,
                          const identity::Principal& author, Timestamp at) override;

 private:
  Result<ticket::Ticket> visible_ticket(FeedbackTx& tx, const identity::Principal& actor, Id id);
  Settings load_settings(FeedbackTx& tx);
  ClosingRule rule_for(FeedbackTx& tx, Id ticket);
  Result<void> invite_survey(FeedbackTx& tx, const ticket::Ticket& t, Timestamp now, bool auto_closed);
  std::string issue_token(FeedbackTx& tx, const ticket::Ticket& t, Timestamp now);
  Result<Id> open_callback(FeedbackTx& tx, const ticket::Ticket& t, CallbackReason reason,
                           std::optional<Id> source, std::string note, Timestamp now);
  std::optional<Id> lead_for(FeedbackTx& tx, std::optional<Id> team);
  CallbackView view_of(FeedbackTx& tx, const Callback& c, Timestamp now);
  ComplaintView view_of(FeedbackTx& tx, const Complaint& c, bool with_steps);
  void event(FeedbackTx& tx, const identity::Principal& actor, Id ticket, Timestamp at, std::string field,
             std::optional<std::string> before, std::optional<std::string> after, bool internal);

  TxRunner<FeedbackTx>& m_store;
  ticket::TicketService& m_tickets;
  email::MailService& m_mail;
  identity::IdentityService& m_identity;
  const Clock& m_clock;
  std::string m_key;
  FeedbackOptions m_options;
};

}  // namespace techdesk::feedback
