// Reports as export tables (report/export.h): the KPI groups with their total, ticket lists, SLA compliance,
// a weekly report's sections, satisfaction survey results and a review cycle's ranking. Column titles in
// Chinese and English; cell values are the figures the JSON routes answer, unchanged.
//
// Pure functions of what the services answered (which is why this lives beside the services rather than
// in report_core: the survey and scorecard types are theirs). Thread-safe.
#pragma once

#include <string>
#include <string_view>
#include <vector>

#include "feedback/feedback_service.h"
#include "report/export.h"
#include "report/kpi.h"
#include "report/review_service.h"
#include "report/types.h"
#include "sla/sla_store.h"

namespace techdesk::report {

// One row per group (or one "全部 / All" row), then the total; a chart of new / resolved per group.
Table kpi_table(const KpiQuery& q, const KpiReport& r, const std::string& zone);
// The header of a ticket list; rows come from ticket_row().
Table ticket_table(const std::string& title, const std::string& zone);
std::vector<Cell> ticket_row(const TicketLine& l);

// GET /reports/sla as a table: one row per group (titled after the grouping) with first response met /
// breached / pending and compliance, resolution met / breached / open / at risk and compliance, then the
// total ("合计 / Total", compliance of the sums); a chart of both compliances per group (total left out).
// Compliance is met ÷ (met + breached), empty when nothing was decided.
Table sla_table(const std::vector<sla::ComplianceRow>& rows, sla::GroupBy by);

// A weekly report (周报) in sections, read from its snapshot: the week's KPIs beside last week's (with a
// chart), the daily series (with a chart), per engineer, the top categories, the major incidents, the SLA
// breaches, and next week's plan one line a row. A snapshot that cannot be read gives empty sections.
std::vector<Table> weekly_tables(const WeeklyReport& w, const std::string& zone);

// GET /surveys as tables: the summary (responses per score 5 … 1 with their share, then the total with the
// average; a chart of the distribution) and the responses, newest first.
std::vector<Table> survey_tables(const feedback::SurveyReport& r, const std::string& zone);

// A review cycle's ranking (GET /reviews/cycles/{id}/scorecards), best first: rank, engineer, team, total,
// bottom 20 %, appeals, state; a chart of the totals. A card whose scores are hidden from the viewer has no
// rank or total.
Table scorecard_table(const CycleCards& cards, std::string_view month);

}  // namespace techdesk::report
