// Rows of report_schedules (migration 0010) as both backends read and write them (see row_mapping.h for
// what a Row is). Recipients are stored as a JSON array of addresses, params as a JSON object of strings.
#pragma once

#include <string>
#include <vector>

#include <boost/json.hpp>

#include "common/clock.h"
#include "report/schedule_rules.h"
#include "report/types.h"
#include "storage/row_mapping.h"

namespace techdesk::storage {

inline constexpr const char* k_report_schedule_columns =
    "id, name, report, frequency, params, recipients, format, active, next_run_at, last_run_at, created_by, "
    "created_at";

inline std::string recipients_to_json(const std::vector<std::string>& list) {
  boost::json::array a;
  for (const auto& r : list)
    a.emplace_back(r);
  return boost::json::serialize(a);
}

inline std::vector<std::string> recipients_from_json(const std::string& text) {
  std::vector<std::string> out;
  boost::system::error_code ec;
  auto v = boost::json::parse(text, ec);
  if (ec || !v.is_array()) return out;
  for (const auto& e : v.get_array())
    if (e.is_string()) out.emplace_back(e.get_string());
  return out;
}

template <class Row>
report::ReportSchedule read_report_schedule(const Row& q) {
  report::ReportSchedule s;
  s.id = q.int64(0);
  s.name = q.text(1);
  s.report = q.text(2);
  s.frequency = report::parse_frequency(q.text(3)).value_or(report::Frequency::weekly);
  s.params_json = q.text(4);
  s.recipients = recipients_from_json(q.text(5));
  s.format = q.text(6);
  s.active = q.boolean(7);
  s.next_run_at = from_millis(q.int64(8));
  s.last_run_at = as_time(q.opt_int64(9));
  s.created_by = q.int64(10);
  s.created_at = from_millis(q.int64(11));
  return s;
}

}  // namespace techdesk::storage
