// What closing the loop needs from storage: request forms, uploads, closing timers, surveys, callbacks
// and complaints. Implemented by each backend in storage/<backend>/feedback_repo_<backend>.cpp, all SQL
// there. A confirmation, a survey answer or a complaint step changes a ticket and mails the customer in
// one transaction, so FeedbackTx is also a MailTx (and so a TicketTx) and a DispatchTx (ticket links, SLA).
//
// Failures of the database itself throw StoreFailure (the transaction runner turns it into an error);
// the methods below report only what the caller must decide on.
#pragma once

#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "channel/email/mail_store.h"
#include "dispatch/dispatch_store.h"
#include "feedback/types.h"

namespace techdesk::feedback {

class FeedbackRepo {
 public:
  virtual ~FeedbackRepo() = default;

  // Settings: one JSON document (see settings_json.h); none until first saved.
  virtual std::optional<std::string> settings_json() = 0;
  virtual void save_settings_json(const std::string& json, Timestamp at) = 0;

  // Request forms per category, fields as a JSON array text.
  virtual std::vector<std::pair<Id, std::string>> list_forms() = 0;
  virtual void save_form(Id category, const std::string& fields_json, Timestamp at) = 0;
  virtual void delete_form(Id category) = 0;
  virtual void insert_form_values(Id ticket, const std::vector<FormValue>& values) = 0;
  virtual std::vector<FormValue> form_values(Id ticket) = 0;  // in the order inserted

  // Self-registration: allowed email domains (lower case) per organisation; a domain belongs to one org.
  virtual std::vector<std::string> registration_domains(Id org) = 0;
  // Errors: conflict (field "domains") when a domain is already another organisation's.
  virtual Result<void> replace_registration_domains(Id org, const std::vector<std::string>& domains) = 0;
  virtual std::optional<Id> org_for_registration_domain(std::string_view domain) = 0;
  virtual bool any_registration_domain() = 0;

  // Uploads; the bytes go to attachment_blobs (shared with mail and the knowledge base).
  virtual void put_blob(const std::string& sha256, std::string_view data) = 0;
  virtual std::optional<std::string> blob(const std::string& sha256) = 0;
  virtual Id insert_upload(const Upload& u) = 0;
  virtual std::optional<Upload> find_upload(Id id) = 0;
  // Sets ticket (and article) on uploads not yet attached; returns how many were attached.
  virtual int attach_uploads(const std::vector<Id>& ids, Id ticket, std::optional<Id> article) = 0;
  virtual std::vector<Upload> uploads_of_ticket(Id ticket) = 0;
  // Deletes unattached uploads created before `before`; returns how many.
  virtual int purge_unattached_uploads(Timestamp before, int limit) = 0;

  // Closing timers: when a resolved ticket closes itself. One per ticket.
  virtual void set_closing_timer(Id ticket, Timestamp at) = 0;
  virtual void clear_closing_timer(Id ticket) = 0;
  virtual std::optional<Timestamp> closing_timer(Id ticket) = 0;
  // Tickets whose timer is due, earliest first, locked for this transaction (PostgreSQL: FOR UPDATE SKIP
  // LOCKED, so that two nodes never take the same one).
  virtual std::vector<Id> due_closing_timers(Timestamp now, int limit) = 0;

  // Surveys.
  virtual Id insert_invitation(const SurveyInvitation& i) = 0;
  virtual std::optional<SurveyInvitation> find_invitation(Id id) = 0;
  // The newest unused, unexpired invitation of a ticket.
  virtual std::optional<SurveyInvitation> open_invitation(Id ticket, Timestamp now) = 0;
  // False when it was already used (a concurrent answer won).
  virtual bool use_invitation(Id id, Timestamp at) = 0;
  // Errors: conflict (field "ticket") when the ticket already has a response.
  virtual Result<Id> insert_survey(const SurveyResponse& r) = 0;
  virtual std::optional<SurveyResponse> survey_of_ticket(Id ticket) = 0;
  virtual std::vector<SurveyResponse> list_surveys(const SurveyQuery& q) = 0;  // newest first

  // Callbacks.
  virtual Id insert_callback(const Callback& c) = 0;
  virtual void update_callback(const Callback& c) = 0;
  virtual std::optional<Callback> find_callback(Id id) = 0;
  virtual std::vector<Callback> list_callbacks(const CallbackQuery& q) = 0;  // open first, by due time
  virtual Id insert_schedule(const CallbackSchedule& s) = 0;
  virtual std::optional<CallbackSchedule> find_schedule(Id id) = 0;
  virtual std::vector<CallbackSchedule> list_schedules() = 0;
  virtual bool delete_schedule(Id id) = 0;
  // Active schedules due at `now`, locked as due_closing_timers.
  virtual std::vector<CallbackSchedule> due_schedules(Timestamp now, int limit) = 0;
  virtual void set_schedule_due(Id id, Timestamp next_due_at) = 0;

  // Complaints.
  virtual Id insert_complaint(const Complaint& c) = 0;
  virtual void update_complaint(const Complaint& c) = 0;  // every field, engineers replaced
  virtual std::optional<Complaint> find_complaint(Id id) = 0;
  virtual std::optional<Complaint> complaint_of_ticket(Id ticket) = 0;
  virtual std::vector<Complaint> list_complaints(const ComplaintQuery& q) = 0;  // newest first
  virtual Id insert_complaint_step(const ComplaintStep& s) = 0;
  virtual std::vector<ComplaintStep> complaint_steps(Id complaint) = 0;  // in order
};

class FeedbackTx : public virtual email::MailTx, public virtual dispatch::DispatchTx {
 public:
  virtual FeedbackRepo& feedback() = 0;
};

}  // namespace techdesk::feedback
