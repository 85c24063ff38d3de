// Rows of the report tables (migration 0010) as both backends read them (see row_mapping.h for what a
// Row is). Column orders are the lists here.
#pragma once

#include "common/clock.h"
#include "report/kpi.h"
#include "report/types.h"
#include "storage/row_mapping.h"

namespace techdesk::storage {

inline constexpr const char* k_facts_columns =
    "ticket_id, created_at, type, channel, priority, state, category_id, organization_id, team_id, "
    "assignee_id, first_response_at, resolved_at, resolved_by, closed_at, done_at, staff_replies, "
    "reopen_count, escalated, team_changes";

template <class Row>
report::TicketFacts read_facts(const Row& q) {
  report::TicketFacts f;
  f.ticket_id = q.int64(0);
  f.created_at = from_millis(q.int64(1));
  f.type = q.text(2);
  f.channel = q.text(3);
  f.priority = q.text(4);
  f.state = q.text(5);
  f.category_id = q.opt_int64(6);
  f.organization_id = q.opt_int64(7);
  f.team_id = q.opt_int64(8);
  f.assignee_id = q.opt_int64(9);
  f.first_response_at = as_time(q.opt_int64(10));
  f.resolved_at = as_time(q.opt_int64(11));
  f.resolved_by = q.opt_int64(12);
  f.closed_at = as_time(q.opt_int64(13));
  f.done_at = as_time(q.opt_int64(14));
  f.staff_replies = static_cast<int>(q.int64(15));
  f.reopen_count = static_cast<int>(q.int64(16));
  f.escalated = q.int64(17) != 0;
  f.team_changes = static_cast<int>(q.int64(18));
  return f;
}

// A row of kpi_rows_sql: the facts, then the SLA record's columns.
template <class Row>
report::FactRow read_fact_row(const Row& q) {
  report::FactRow r;
  r.facts = read_facts(q);
  if (q.int64(29) != 0) {
    report::SlaFacts s;
    s.calendar_id = q.opt_int64(19);
    s.first_response_target = q.int64(20) != 0;
    s.resolution_target = q.int64(21) != 0;
    s.first_response_due = as_time(q.opt_int64(22));
    s.first_response_at = as_time(q.opt_int64(23));
    s.first_response_breached = q.int64(24) != 0;
    s.resolution_due = as_time(q.opt_int64(25));
    s.resolved_at = as_time(q.opt_int64(26));
    s.resolution_breached = q.int64(27) != 0;
    s.stopped = q.int64(28) != 0;
    r.sla = s;
  }
  return r;
}

template <class Row>
report::SurveyRow read_survey_row(const Row& q) {
  report::SurveyRow r;
  r.at = from_millis(q.int64(0));
  r.score = static_cast<int>(q.int64(1));
  r.keys.team = q.opt_int64(2);
  r.keys.agent = q.opt_int64(3);
  r.keys.org = q.opt_int64(4);
  r.keys.category = q.opt_int64(5);
  r.keys.priority = q.text(6);
  r.keys.channel = q.text(7);
  return r;
}

template <class Row>
report::WorkRow read_work_row(const Row& q) {
  report::WorkRow r;
  r.ticket = q.int64(0);
  r.user = q.int64(1);
  r.minutes = static_cast<int>(q.int64(2));
  r.onsite = q.int64(3) != 0;
  r.work_date = q.text(4);
  r.keys.agent = r.user;
  r.keys.team = q.opt_int64(5);
  r.keys.org = q.opt_int64(6);
  r.keys.category = q.opt_int64(7);
  r.keys.priority = q.text(8);
  r.keys.channel = q.text(9);
  return r;
}

template <class Row>
report::ComplaintRow read_complaint_row(const Row& q) {
  report::ComplaintRow r;
  r.at = from_millis(q.int64(0));
  r.keys.team = q.opt_int64(1);
  r.keys.agent = q.opt_int64(2);
  r.keys.org = q.opt_int64(3);
  r.keys.category = q.opt_int64(4);
  r.keys.priority = q.text(5);
  r.keys.channel = q.text(6);
  return r;
}

template <class Row>
report::TicketLine read_ticket_line(const Row& q) {
  report::TicketLine l;
  l.id = q.int64(0);
  l.number = q.text(1);
  l.subject = q.text(2);
  l.state = q.text(3);
  l.priority = q.text(4);
  l.team_id = q.opt_int64(5);
  l.team = q.text(6);
  l.assignee_id = q.opt_int64(7);
  l.assignee = q.text(8);
  l.created_at = from_millis(q.int64(9));
  l.resolved_at = as_time(q.opt_int64(10));
  l.due = as_time(q.opt_int64(11));
  return l;
}

inline constexpr const char* k_weekly_columns =
    "id, scope_key, team_id, iso_week, period_from, period_to, snapshot, plan, plan_by, state, generated_at, "
    "sent_at";

template <class Row>
report::WeeklyReport read_weekly(const Row& q) {
  report::WeeklyReport w;
  w.id = q.int64(0);
  w.scope_key = q.text(1);
  w.team_id = q.opt_int64(2);
  w.iso_week = q.text(3);
  w.period_from = from_millis(q.int64(4));
  w.period_to = from_millis(q.int64(5));
  w.snapshot_json = q.text(6);
  w.plan = q.text(7);
  w.plan_by = q.opt_int64(8);
  w.state = q.text(9);
  w.generated_at = from_millis(q.int64(10));
  w.sent_at = as_time(q.opt_int64(11));
  return w;
}

}  // namespace techdesk::storage
