// Reports on the wire (docs/openapi.yaml): KPI figures, series, ticket lines and dashboards.
#pragma once

#include <boost/json.hpp>

#include "report/kpi.h"
#include "report/report_service.h"

namespace techdesk::report {

boost::json::object kpis_to_json(const Kpis& k);
boost::json::object series_point_to_json(const SeriesPoint& p);
boost::json::object report_to_json(const KpiQuery& q, const KpiReport& r);
boost::json::object ticket_line_to_json(const TicketLine& l);
boost::json::object open_counts_to_json(const OpenCounts& c);
boost::json::object agent_board_to_json(const AgentBoard& b);
boost::json::object team_board_to_json(const TeamBoard& b);
boost::json::object manager_board_to_json(const ManagerBoard& b, Timestamp from, Timestamp to);
// A weekly report; the snapshot only when `with_snapshot` (lists leave it out).
boost::json::object weekly_to_json(const WeeklyReport& w, bool with_snapshot);

}  // namespace techdesk::report
