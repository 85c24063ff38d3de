// The report reads, written once for both backends over `each(sql, binds, on_row)` — a backend's way to
// run a statement and call on_row(row) for every row (see report_repo_<backend>.cpp).
#pragma once

#include <algorithm>
#include <unordered_map>

#include "storage/report_rows.h"
#include "storage/report_sql.h"

namespace techdesk::storage::report_reads {

template <class Each>
void kpi_rows(Each each, SqlDialect d, Timestamp from, Timestamp to, const report::KpiFilter& f,
              bool full_scan, FunctionRef<void(const report::FactRow&)> on_row) {
  std::vector<SqlBind> b;
  const std::string sql = kpi_rows_sql(from, to, f, d, full_scan, b);
  each(sql, b, [&](const auto& row) { on_row(read_fact_row(row)); });
}

template <class Each>
std::map<std::string, int> backlog_at(Each each, SqlDialect d, Timestamp at, report::GroupBy by,
                                      const report::KpiFilter& f) {
  std::vector<SqlBind> b;
  const std::string sql = backlog_sql(at, by, f, d, b);
  std::map<std::string, int> out;
  each(sql, b, [&](const auto& row) {
    out[row.is_null(0) ? std::string() : row.text(0)] += static_cast<int>(row.int64(1));
  });
  return out;
}

template <class Each, class T, class Read>
std::vector<T> collect(Each each, const std::string& sql, const std::vector<SqlBind>& b, Read read) {
  std::vector<T> out;
  each(sql, b, [&](const auto& row) { out.push_back(read(row)); });
  return out;
}

template <class Each>
std::vector<Id> ids(Each each, const std::string& sql, const std::vector<SqlBind>& b) {
  std::vector<Id> out;
  each(sql, b, [&](const auto& row) { out.push_back(row.int64(0)); });
  return out;
}

template <class Each>
std::vector<report::TicketLine> lines(Each each, const std::string& sql, const std::vector<SqlBind>& b) {
  std::vector<report::TicketLine> out;
  each(sql, b, [&](const auto& row) { out.push_back(read_ticket_line(row)); });
  return out;
}

template <class Each>
std::vector<report::TicketLine> ticket_lines(Each each, SqlDialect d, const std::vector<Id>& ids) {
  std::vector<report::TicketLine> out;
  // In slices, so that a page never makes an unbounded statement.
  for (std::size_t i = 0; i < ids.size(); i += 500) {
    std::vector<Id> slice(ids.begin() + static_cast<std::ptrdiff_t>(i),
                          ids.begin() + static_cast<std::ptrdiff_t>(std::min(ids.size(), i + 500)));
    std::vector<SqlBind> b;
    const std::string sql = ticket_lines_sql(slice, d, b);
    auto part = lines(each, sql, b);
    out.insert(out.end(), part.begin(), part.end());
  }
  std::unordered_map<Id, std::size_t> pos;
  for (std::size_t i = 0; i < ids.size(); ++i)
    pos.emplace(ids[i], i);
  std::sort(out.begin(), out.end(), [&](const auto& a, const auto& c) { return pos[a.id] < pos[c.id]; });
  return out;
}

template <class Each>
std::map<std::string, std::string> labels(Each each, SqlDialect d, report::GroupBy by,
                                          const std::vector<std::string>& keys) {
  std::map<std::string, std::string> out;
  std::vector<Id> ids;
  for (const auto& k : keys) {
    if (k.empty() || k.size() > 18 ||
        !std::all_of(k.begin(), k.end(), [](char c) { return c >= '0' && c <= '9'; }))
      continue;
    ids.push_back(std::stoll(k));
  }
  for (std::size_t i = 0; i < ids.size(); i += 500) {
    std::vector<Id> slice(ids.begin() + static_cast<std::ptrdiff_t>(i),
                          ids.begin() + static_cast<std::ptrdiff_t>(std::min(ids.size(), i + 500)));
    std::vector<SqlBind> b;
    const std::string sql = labels_sql(by, slice, d, b);
    if (sql.empty()) return out;
    each(sql, b, [&](const auto& row) { out[row.text(0)] = row.text(1); });
  }
  return out;
}

template <class Each>
report::OpenCounts open_counts(Each each, SqlDialect d, std::optional<Id> assignee, std::optional<Id> team) {
  std::vector<SqlBind> b;
  const std::string sql = open_counts_sql(assignee, team, d, b);
  report::OpenCounts c;
  std::map<std::string, int> states, priorities;
  each(sql, b, [&](const auto& row) {
    const int n = static_cast<int>(row.int64(3));
    c.open += n;
    if (row.int64(2) != 0) c.unassigned += n;
    states[row.text(0)] += n;
    priorities[row.text(1)] += n;
  });
  c.by_state.assign(states.begin(), states.end());
  c.by_priority.assign(priorities.begin(), priorities.end());
  return c;
}

template <class Each>
std::vector<report::AgentLoad> team_load(Each each, SqlDialect d, Id team) {
  std::vector<SqlBind> b;
  const std::string sql = team_load_sql(team, d, b);
  std::vector<report::AgentLoad> out;
  each(sql, b, [&](const auto& row) {
    out.push_back({row.int64(0), row.text(1), static_cast<int>(row.int64(2)), static_cast<int>(row.int64(3)),
                   static_cast<int>(row.int64(4))});
  });
  return out;
}

}  // namespace techdesk::storage::report_reads
