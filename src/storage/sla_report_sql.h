// The SLA compliance query, assembled once for every backend (the same SQL, placeholders spelled per
// backend). Binds: 1 = from, 2 = to (created_at range, milliseconds), 3 = now. The definitions it counts
// by are in docs/kpis.md.
#pragma once

#include <string>

#include "sla/sla_store.h"
#include "storage/ticket_list_sql.h"

namespace techdesk::storage {

// Columns: group id (or NULL), group name, tickets, first_response_met, first_response_breached,
// first_response_pending, resolution_met, resolution_breached, resolution_open, resolution_at_risk.
// GroupBy::month is not grouped in SQL: the caller runs it once per month with group columns NULL.
std::string compliance_sql(sla::GroupBy by, SqlDialect dialect);

template <class Row>
sla::ComplianceRow read_compliance(Row& q) {
  sla::ComplianceRow r;
  r.group_id = q.opt_int64(0);
  r.group = q.is_null(1) ? std::string() : q.text(1);
  r.tickets = static_cast<int>(q.int64(2));
  r.first_response_met = static_cast<int>(q.int64(3));
  r.first_response_breached = static_cast<int>(q.int64(4));
  r.first_response_pending = static_cast<int>(q.int64(5));
  r.resolution_met = static_cast<int>(q.int64(6));
  r.resolution_breached = static_cast<int>(q.int64(7));
  r.resolution_open = static_cast<int>(q.int64(8));
  r.resolution_at_risk = static_cast<int>(q.int64(9));
  return r;
}

}  // namespace techdesk::storage
