// The report queries, assembled once for every backend (the same SQL, placeholders spelled per backend:
// numbered, so that one value can be used twice). Each function appends its values to `binds` in
// placeholder order. What the rows are for is src/report/kpi.h; what they mean, docs/kpis.md.
#pragma once

#include <string>
#include <vector>

#include "report/kpi.h"
#include "storage/ticket_list_sql.h"

namespace techdesk::storage {

// Rows for compute_kpis: the facts columns (k_facts_columns order), then calendar_id, has first-response
// target, has resolution target, first_response_due, first_response_at, first_response_breached,
// resolution_due, resolved_at, resolution_breached, stopped, has SLA (19 + 11 columns).
// full_scan (SQLite only): read the whole table instead of the five time indexes, which is cheaper once a
// period holds more than about a fifth of all tickets (see kpi_scan_share).
std::string kpi_rows_sql(Timestamp from, Timestamp to, const report::KpiFilter& f, SqlDialect d,
                         bool full_scan, std::vector<SqlBind>& binds);
// The share of all tickets above which kpi_rows_sql should scan the table: measured on 1,000,000 tickets
// over two years, the indexed OR reads a month (4 %) in 0.07 s and a year (50 %) in 1.06 s, a scan 0.45 s.
inline constexpr double k_kpi_scan_share = 0.2;
// The first and the last ticket's creation time: what the share of a period is estimated from (tickets
// spread evenly over time), each read from an index.
std::string facts_span_sql();
// Open tickets at `at` per group: group key (text, '' for none), count. Those done since `at` are found
// through the done_at index (`+created_at` keeps SQLite, which has no statistics, off the creation index:
// reading all older tickets took 0.63 s at 1,000,000 tickets, the done_at range 0.19 s).
std::string backlog_sql(Timestamp at, report::GroupBy by, const report::KpiFilter& f, SqlDialect d,
                        std::vector<SqlBind>& binds);
// Surveys answered in [from, to): created_at, score, team, agent, org, category, priority, channel.
std::string kpi_surveys_sql(Timestamp from, Timestamp to, const report::KpiFilter& f, SqlDialect d,
                            std::vector<SqlBind>& binds);
// Work log of local days from_day … to_day, both included ("YYYY-MM-DD"): ticket, user, minutes, onsite
// (0/1), work_date, team, org, category, priority, channel.
std::string kpi_work_sql(const std::string& from_day, const std::string& to_day, const report::KpiFilter& f,
                         SqlDialect d, std::vector<SqlBind>& binds);
// Complaints registered in [from, to): created_at, team, agent, org, category, priority, channel (of the
// ticket complained about, else of the complaint's own ticket).
std::string kpi_complaints_sql(Timestamp from, Timestamp to, const report::KpiFilter& f, SqlDialect d,
                               std::vector<SqlBind>& binds);

// Ticket ids open at `at` (created before, not done before), filtered.
std::string backlog_ids_sql(Timestamp at, const report::KpiFilter& f, SqlDialect d,
                            std::vector<SqlBind>& binds);
// Ticket ids surveyed in [from, to) (optionally with one score) / the complaint tickets registered in it.
std::string survey_ids_sql(Timestamp from, Timestamp to, const report::KpiFilter& f, std::optional<int> score,
                           SqlDialect d, std::vector<SqlBind>& binds);
std::string complaint_ids_sql(Timestamp from, Timestamp to, const report::KpiFilter& f, SqlDialect d,
                              std::vector<SqlBind>& binds);
// Ticket lines (k_ticket_line_columns) of the given ids.
std::string ticket_lines_sql(const std::vector<Id>& ids, SqlDialect d, std::vector<SqlBind>& binds);
// Open ticket lines of an assignee and/or team, earliest due first.
std::string open_lines_sql(std::optional<Id> assignee, std::optional<Id> team, int limit, SqlDialect d,
                           std::vector<SqlBind>& binds);
std::string at_risk_sql(Id team, Timestamp now, int limit, SqlDialect d, std::vector<SqlBind>& binds);
std::string breached_sql(Id team, Timestamp from, Timestamp to, int limit, SqlDialect d,
                         std::vector<SqlBind>& binds);
// state, priority, unassigned (0/1), count of open tickets.
std::string open_counts_sql(std::optional<Id> assignee, std::optional<Id> team, SqlDialect d,
                            std::vector<SqlBind>& binds);
// agent id, name, open, P1, P2 per member of the team.
std::string team_load_sql(Id team, SqlDialect d, std::vector<SqlBind>& binds);
// id (as text), name of the teams / users / organisations / categories with the given ids.
std::string labels_sql(report::GroupBy by, const std::vector<Id>& ids, SqlDialect d,
                       std::vector<SqlBind>& binds);

// The agent a ticket counts for (see report::keys_of), over ticket_facts aliased `f`.
inline constexpr const char* k_fact_agent =
    "(CASE WHEN f.resolved_at IS NOT NULL AND f.resolved_by IS NOT NULL THEN f.resolved_by ELSE "
    "f.assignee_id "
    "END)";

}  // namespace techdesk::storage
