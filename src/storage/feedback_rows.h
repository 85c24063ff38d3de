// Rows of the feedback tables (migration 0009) as both backends read them (see row_mapping.h for what a
// Row is). Column orders are the lists here; a complaint's row ends with its engineers as a
// comma-separated list of user ids, which each backend aggregates in its own SQL; they are read in id
// order.
#pragma once

#include <algorithm>

#include "channel/email/mail_json.h"
#include "common/clock.h"
#include "feedback/types.h"
#include "storage/row_mapping.h"

namespace techdesk::storage {

inline constexpr const char* k_upload_columns =
    "id, uploader_id, filename, content_type, size, sha256, ticket_id, article_id, created_at";

template <class Row>
feedback::Upload read_upload(const Row& q) {
  feedback::Upload u;
  u.id = q.int64(0);
  u.uploader_id = q.int64(1);
  u.filename = q.text(2);
  u.content_type = q.text(3);
  u.size = static_cast<std::uint64_t>(q.int64(4));
  u.sha256 = q.text(5);
  u.ticket_id = q.opt_int64(6);
  u.article_id = q.opt_int64(7);
  u.created_at = from_millis(q.int64(8));
  return u;
}

inline constexpr const char* k_invitation_columns = "id, ticket_id, nonce, issued_at, expires_at, used_at";

template <class Row>
feedback::SurveyInvitation read_invitation(const Row& q) {
  feedback::SurveyInvitation i;
  i.id = q.int64(0);
  i.ticket_id = q.int64(1);
  i.nonce = q.text(2);
  i.issued_at = from_millis(q.int64(3));
  i.expires_at = from_millis(q.int64(4));
  i.used_at = as_time(q.opt_int64(5));
  return i;
}

// tags: a JSON array of strings.
inline constexpr const char* k_survey_columns =
    "id, ticket_id, score, tags, comment, agent_id, team_id, organization_id, requester_id, answered_by, "
    "channel, created_at";

template <class Row>
feedback::SurveyResponse read_survey(const Row& q) {
  feedback::SurveyResponse r;
  r.id = q.int64(0);
  r.ticket_id = q.int64(1);
  r.score = static_cast<int>(q.int64(2));
  r.tags = email::strings_from_json(q.text(3));
  r.comment = q.text(4);
  r.agent_id = q.opt_int64(5);
  r.team_id = q.opt_int64(6);
  r.organization_id = q.opt_int64(7);
  r.requester_id = q.int64(8);
  r.answered_by = q.opt_int64(9);
  r.channel = q.text(10);
  r.created_at = from_millis(q.int64(11));
  return r;
}

inline constexpr const char* k_callback_columns =
    "id, reason, state, ticket_id, organization_id, contact_id, assignee_id, schedule_id, source_id, due_at, "
    "note, outcome, outcome_notes, follow_up, done_at, done_by, created_by, created_at";

template <class Row>
feedback::Callback read_callback(const Row& q) {
  using namespace feedback;
  Callback c;
  c.id = q.int64(0);
  c.reason = parse_callback_reason(q.text(1)).value_or(CallbackReason::manual);
  c.state = parse_callback_state(q.text(2)).value_or(CallbackState::open);
  c.ticket_id = q.opt_int64(3);
  c.organization_id = q.opt_int64(4);
  c.contact_id = q.opt_int64(5);
  c.assignee_id = q.opt_int64(6);
  c.schedule_id = q.opt_int64(7);
  c.source_id = q.opt_int64(8);
  c.due_at = from_millis(q.int64(9));
  c.note = q.text(10);
  if (auto o = q.opt_text(11)) c.outcome = parse_callback_outcome(*o);
  c.outcome_notes = q.text(12);
  c.follow_up = q.text(13);
  c.done_at = as_time(q.opt_int64(14));
  c.done_by = q.opt_int64(15);
  c.created_by = q.opt_int64(16);
  c.created_at = from_millis(q.int64(17));
  return c;
}

inline constexpr const char* k_schedule_columns =
    "id, organization_id, contact_id, assignee_id, every_days, next_due_at, note, active, created_by, "
    "created_at";

template <class Row>
feedback::CallbackSchedule read_schedule(const Row& q) {
  feedback::CallbackSchedule s;
  s.id = q.int64(0);
  s.organization_id = q.int64(1);
  s.contact_id = q.opt_int64(2);
  s.assignee_id = q.opt_int64(3);
  s.every_days = static_cast<int>(q.int64(4));
  s.next_due_at = from_millis(q.int64(5));
  s.note = q.text(6);
  s.active = q.boolean(7);
  s.created_by = q.opt_int64(8);
  s.created_at = from_millis(q.int64(9));
  return s;
}

// `c` is complaints; column 20, after these, is the engineers' ids ("3,17", or NULL for none).
inline constexpr const char* k_complaint_columns =
    "c.id, c.ticket_id, c.related_ticket_id, c.stage, c.source, c.customer_id, c.organization_id, "
    "c.officer_id, c.product, c.fault, c.warranty, c.verdict, c.judgement, c.decision, c.action, c.feedback, "
    "c.summary, c.created_at, c.updated_at, c.closed_at";

template <class Row>
feedback::Complaint read_complaint(const Row& q) {
  using namespace feedback;
  Complaint c;
  c.id = q.int64(0);
  c.ticket_id = q.int64(1);
  c.related_ticket_id = q.opt_int64(2);
  c.stage = parse_complaint_stage(q.text(3)).value_or(ComplaintStage::new_);
  c.source = parse_complaint_source(q.text(4)).value_or(ComplaintSource::portal);
  c.customer_id = q.int64(5);
  c.organization_id = q.opt_int64(6);
  c.officer_id = q.opt_int64(7);
  c.product = q.text(8);
  c.fault = q.text(9);
  c.warranty = parse_warranty(q.text(10)).value_or(Warranty::unknown);
  if (auto v = q.opt_text(11)) c.verdict = parse_verdict(*v);
  c.judgement = q.text(12);
  c.decision = q.text(13);
  c.action = q.text(14);
  c.feedback = q.text(15);
  c.summary = q.text(16);
  c.created_at = from_millis(q.int64(17));
  c.updated_at = from_millis(q.int64(18));
  c.closed_at = as_time(q.opt_int64(19));
  c.engineer_ids = parse_id_list(q.opt_text(20));
  std::sort(c.engineer_ids.begin(), c.engineer_ids.end());  // the aggregates do not promise an order
  return c;
}

inline constexpr const char* k_complaint_step_columns = "id, complaint_id, step, actor_id, data, at";

template <class Row>
feedback::ComplaintStep read_complaint_step(const Row& q) {
  feedback::ComplaintStep s;
  s.id = q.int64(0);
  s.complaint_id = q.int64(1);
  s.step = q.text(2);
  s.actor_id = q.int64(3);
  s.data_json = q.text(4);
  s.at = from_millis(q.int64(5));
  return s;
}

}  // namespace techdesk::storage
