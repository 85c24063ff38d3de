// Calendars and policies as both backends store them: an id, the JSON document, the time of the last
// change. Row is an SQLite query or a PostgreSQL row (see row_mapping.h).
#pragma once

#include "sla/sla_json.h"
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

}  // namespace techdesk::storage
