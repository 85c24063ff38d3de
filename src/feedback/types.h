// Closing the loop with the requester: request forms per category, uploads, the closing settings
// (auto-close, reopen window), satisfaction surveys (CSAT), callbacks (回访) and complaints (投诉), as
// plain data. Names on the wire are in types.cpp.
#pragma once

#include <cstdint>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "common/clock.h"
#include "common/id.h"

namespace techdesk::feedback {

enum class CallbackReason { low_score, reopen, complaint, scheduled, manual };
enum class CallbackState { open, done };
enum class CallbackOutcome { reached, not_reached };
enum class ComplaintStage { new_, registered, judged, decided, acted, feedback_given, closed };
enum class ComplaintSource { portal, phone, converted, email };
enum class Warranty { in_warranty, out_of_warranty, unknown };
enum class Verdict { justified, partly_justified, unjustified };

std::string_view name(CallbackReason v);
std::string_view name(CallbackState v);
std::string_view name(CallbackOutcome v);
std::string_view name(ComplaintStage v);
std::string_view name(ComplaintSource v);
std::string_view name(Warranty v);
std::string_view name(Verdict v);
std::optional<CallbackReason> parse_callback_reason(std::string_view s);
std::optional<CallbackState> parse_callback_state(std::string_view s);
std::optional<CallbackOutcome> parse_callback_outcome(std::string_view s);
std::optional<ComplaintStage> parse_complaint_stage(std::string_view s);
std::optional<ComplaintSource> parse_complaint_source(std::string_view s);
std::optional<Warranty> parse_warranty(std::string_view s);
std::optional<Verdict> parse_verdict(std::string_view s);

// One guided field of a category's request form ("device model", "serial number", …).
struct FormField {
  std::string key;  // [a-z0-9_]{1,40}
  std::string label;
  std::string label_en;
  bool required = false;
  bool multiline = false;
  bool operator==(const FormField&) const = default;
};

struct CategoryForm {
  Id category_id = 0;
  std::vector<FormField> fields;
};

// What a requester filled in, kept with the ticket (labels as they were then).
struct FormValue {
  std::string key;
  std::string label;
  std::string label_en;
  std::string value;
  bool operator==(const FormValue&) const = default;
};

// A file uploaded before the request or reply that carries it; attached to a ticket (and article) then.
struct Upload {
  Id id = 0;
  Id uploader_id = 0;
  std::string filename;
  std::string content_type;
  std::uint64_t size = 0;
  std::string sha256;  // the bytes are in attachment_blobs
  std::optional<Id> ticket_id;
  std::optional<Id> article_id;
  Timestamp created_at{};
};

// How long a resolved ticket waits for the requester, and how long a closed one may be reopened.
struct ClosingRule {
  Id policy_id = 0;  // the SLA policy the rule is for
  int auto_close_working_days = 3;
  int reopen_days = 14;
  bool operator==(const ClosingRule&) const = default;
};

struct Settings {
  int auto_close_working_days = 3;
  int reopen_days = 14;
  int survey_valid_days = 30;
  int callback_due_hours = 24;
  std::vector<ClosingRule> policies;  // overrides per SLA policy
  bool operator==(const Settings&) const = default;
};

// A survey link that was sent (or shown in the portal); the token names it and is signed.
struct SurveyInvitation {
  Id id = 0;
  Id ticket_id = 0;
  std::string nonce;  // random, part of the signed token
  Timestamp issued_at{};
  Timestamp expires_at{};
  std::optional<Timestamp> used_at;
};

// One answer per ticket; who it counts for is copied from the ticket when answered.
struct SurveyResponse {
  Id id = 0;
  Id ticket_id = 0;
  int score = 0;                  // 1..5
  std::vector<std::string> tags;  // timely, professional, friendly, unresolved, slow
  std::string comment;
  std::optional<Id> agent_id;
  std::optional<Id> team_id;
  std::optional<Id> organization_id;
  Id requester_id = 0;
  std::optional<Id> answered_by;  // signed-in user; none through an email link
  std::string channel;            // "portal" or "email"
  Timestamp created_at{};
};

struct SurveyQuery {
  std::optional<Timestamp> from;  // created_at in [from, to)
  std::optional<Timestamp> to;
  std::optional<Id> team_id;
  std::optional<Id> agent_id;
  std::optional<Id> organization_id;
  int limit = 500;
};

struct Callback {
  Id id = 0;
  CallbackReason reason = CallbackReason::manual;
  CallbackState state = CallbackState::open;
  std::optional<Id> ticket_id;
  std::optional<Id> organization_id;
  std::optional<Id> contact_id;  // the customer to call
  std::optional<Id> assignee_id;
  std::optional<Id> schedule_id;
  std::optional<Id> source_id;  // the survey response or complaint that caused it
  Timestamp due_at{};
  std::string note;
  std::optional<CallbackOutcome> outcome;
  std::string outcome_notes;
  std::string follow_up;
  std::optional<Timestamp> done_at;
  std::optional<Id> done_by;
  std::optional<Id> created_by;
  Timestamp created_at{};
};

struct CallbackQuery {
  std::optional<CallbackState> state;
  std::optional<Id> assignee_id;
  std::optional<CallbackReason> reason;
  std::optional<Id> ticket_id;
  int limit = 500;
};

// "Call this key customer every N days."
struct CallbackSchedule {
  Id id = 0;
  Id organization_id = 0;
  std::optional<Id> contact_id;
  std::optional<Id> assignee_id;
  int every_days = 30;
  Timestamp next_due_at{};
  std::string note;
  bool active = true;
  std::optional<Id> created_by;
  Timestamp created_at{};
};

struct Complaint {
  Id id = 0;
  Id ticket_id = 0;  // the complaint's own ticket (type complaint)
  std::optional<Id> related_ticket_id;
  ComplaintStage stage = ComplaintStage::new_;
  ComplaintSource source = ComplaintSource::portal;
  Id customer_id = 0;
  std::optional<Id> organization_id;
  std::optional<Id> officer_id;
  std::string product;
  std::string fault;
  Warranty warranty = Warranty::unknown;
  std::optional<Verdict> verdict;
  std::string judgement;
  std::string decision;
  std::string action;
  std::string feedback;
  std::string summary;
  std::vector<Id> engineer_ids;
  Timestamp created_at{};
  Timestamp updated_at{};
  std::optional<Timestamp> closed_at;
};

struct ComplaintQuery {
  std::optional<ComplaintStage> stage;
  bool open_only = false;
  std::optional<Id> officer_id;
  int limit = 500;
};

// One step of the procedure as recorded: who, when, what they entered (a JSON object as text).
struct ComplaintStep {
  Id id = 0;
  Id complaint_id = 0;
  std::string step;  // register, judge, decide, act, feedback, close
  Id actor_id = 0;
  std::string data_json;
  Timestamp at{};
};

}  // namespace techdesk::feedback
