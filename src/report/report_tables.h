// Reports as export tables (report/export.h): the KPI groups with their total, and ticket lists. Column
// titles in Chinese and English.
#pragma once

#include "report/export.h"
#include "report/kpi.h"
#include "report/types.h"

namespace techdesk::report {

// One row per group (or one "全部 / All" row), then the total; a chart of new / resolved per group.
Table kpi_table(const KpiQuery& q, const KpiReport& r, const std::string& zone);
// The header of a ticket list; rows come from ticket_row().
Table ticket_table(const std::string& title, const std::string& zone);
std::vector<Cell> ticket_row(const TicketLine& l);

}  // namespace techdesk::report
