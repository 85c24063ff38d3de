// SLA rows as both backends store them. Row is an SQLite query or a PostgreSQL row (see row_mapping.h).
// Calendars and policies: an id, the JSON document, the time of the last change. The rows a bulk
// recomputation reads (SlaRepo::recompute_rows): the select list, and the reader, which reuses a row's
// storage and shares pause states between rows.
#pragma once

#include <string>

#include "sla/sla_json.h"
#include "sla/sla_store.h"
#include "storage/row_mapping.h"

namespace techdesk::storage {

// Columns: id, document, updated_at. A document that no longer reads (it never should: it was checked
// when saved) yields an empty calendar, which validate() refuses, so the engine skips it.
template <class Row>
sla::Calendar read_calendar_row(Row& q) {
  auto c = sla::calendar_from_document(q.text(1));
  sla::Calendar out = c ? c.release_value() : sla::Calendar{};
  out.id = q.int64(0);
  out.updated_at = from_millis(q.int64(2));
  return out;
}

template <class Row>
sla::Policy read_policy_row(Row& q) {
  auto p = sla::policy_from_document(q.text(1));
  sla::Policy out = p ? p.release_value() : sla::Policy{};
  out.id = q.int64(0);
  out.updated_at = from_millis(q.int64(2));
  return out;
}

// `s` the record, `t` its ticket; read_recompute_row() reads them in this order.
inline constexpr const char* k_recompute_columns =
    "s.ticket_id, s.policy_id, s.policy_name, s.calendar_id, s.started_at, s.priority, "
    "s.first_response_target, s.next_update_target, s.resolution_target, s.warn_percent, "
    "s.second_level_percent, s.pause_states, s.stopped_ms, s.stopped_since, s.first_response_at, "
    "s.last_public_update, s.first_response_warn, s.first_response_due, s.first_response_second, "
    "s.resolution_warn, s.resolution_due, s.resolution_second, s.next_update_due, s.first_response_warned, "
    "s.first_response_breached, s.first_response_escalated, s.resolution_warned, s.resolution_breached, "
    "s.resolution_escalated, s.next_update_breached, s.next_check, s.nearest_due, t.priority, t.type, "
    "t.category_id, t.organization_id";

// Reads one result row into `row`, overwriting what an earlier read left there. `previous` is the row
// read just before (or null); most rows share its pause states, which are then copied rather than
// parsed. `why`, `paused` and `resolved_at` are left empty (see SlaRepo::recompute_rows).
template <class Row>
void read_recompute_row(Row& q, sla::SlaRepo::RecomputeRow& row, const sla::SlaRepo::RecomputeRow* previous,
                        std::string& previous_pause_text) {
  ticket::TicketSla& s = row.sla;
  s.ticket_id = q.int64(0);
  s.policy_id = q.int64(1);
  s.policy_name = q.text(2);
  s.why.clear();
  s.calendar_id = q.int64(3);
  s.started_at = from_millis(q.int64(4));
  s.priority = ticket::parse_priority(q.text(5)).value_or(ticket::Priority::P3);
  s.first_response_target = as_int(q.opt_int64(6));
  s.next_update_target = as_int(q.opt_int64(7));
  s.resolution_target = as_int(q.opt_int64(8));
  s.warn_percent = static_cast<int>(q.int64(9));
  s.second_level_percent = static_cast<int>(q.int64(10));
  std::string pause = q.text(11);
  if (previous && pause == previous_pause_text) {
    s.pause_states = previous->sla.pause_states;
  } else {
    s.pause_states = split_states(pause);
    previous_pause_text = std::move(pause);
  }
  s.stopped = std::chrono::milliseconds(q.int64(12));
  s.stopped_since = as_time(q.opt_int64(13));
  s.paused = false;
  s.first_response_at = as_time(q.opt_int64(14));
  s.resolved_at.reset();
  s.last_public_update = as_time(q.opt_int64(15));
  s.first_response_warn = as_time(q.opt_int64(16));
  s.first_response_due = as_time(q.opt_int64(17));
  s.first_response_second = as_time(q.opt_int64(18));
  s.resolution_warn = as_time(q.opt_int64(19));
  s.resolution_due = as_time(q.opt_int64(20));
  s.resolution_second = as_time(q.opt_int64(21));
  s.next_update_due = as_time(q.opt_int64(22));
  s.first_response_warned = q.boolean(23);
  s.first_response_breached = q.boolean(24);
  s.first_response_escalated = q.boolean(25);
  s.resolution_warned = q.boolean(26);
  s.resolution_breached = q.boolean(27);
  s.resolution_escalated = q.boolean(28);
  s.next_update_breached = q.boolean(29);
  s.next_check = as_time(q.opt_int64(30));
  s.nearest_due = as_time(q.opt_int64(31));
  row.priority = ticket::parse_priority(q.text(32)).value_or(ticket::Priority::P3);
  row.type = ticket::parse_ticket_type(q.text(33)).value_or(ticket::TicketType::incident);
  row.category_id = q.opt_int64(34);
  row.organization_id = q.opt_int64(35);
}

}  // namespace techdesk::storage
