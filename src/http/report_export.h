// Reports as downloads, GET /api/v1/reports/{name}.xlsx|csv: what the routes that export share
// (routes_report.cpp: KPIs, tickets, weekly reports; routes_sla.cpp: SLA compliance; routes_feedback.cpp:
// surveys; routes_reviews.cpp: scorecards). Each export answers exactly what its JSON route answers, with
// the same parameters, authorisation and errors, as a file; `lang=en` gives English column titles.
#pragma once

#include <string>
#include <string_view>
#include <vector>

#include "http/handler_util.h"
#include "http/router.h"
#include "report/export.h"
#include "report/report_service.h"

namespace techdesk::http {

inline constexpr const char* k_xlsx_type =
    "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet";
inline constexpr const char* k_csv_type = "text/csv; charset=utf-8";

// Column titles in Chinese unless lang=en.
inline report::Lang query_lang(const Request& req) {
  return query_string(req, "lang") == "en" ? report::Lang::en : report::Lang::zh;
}

// The zone exports write local times and name their periods in: the reports' (the department's).
// Errors: unavailable when reports are not configured.
inline Result<std::string> export_zone(const Services& s) {
  if (!s.reports) return Error{Errc::unavailable, "reports are not configured", {}};
  return s.reports->zone();
}

// A part of a file name from free text (a team's name): what Windows and mail clients refuse becomes "_".
inline std::string file_name_part(std::string_view text) {
  std::string out;
  for (char c : text) {
    const auto u = static_cast<unsigned char>(c);
    out +=
        u < 0x20 || u == 0x7f || std::string_view("\\/:*?\"<>|").find(c) != std::string_view::npos ? '_' : c;
  }
  return out;
}

// A file to save, never to cache.
inline Response download(std::string body, const char* content_type, const std::string& filename) {
  Response resp{200, content_type, std::move(body), {}, {}};
  resp.headers.emplace_back("Content-Disposition", content_disposition(Disposition::attachment, filename));
  resp.headers.emplace_back("Cache-Control", "private, no-store");
  return resp;
}

// `stem`.xlsx or `stem`.csv of one table.
inline Result<Response> export_table(const report::Table& t, bool xlsx, report::Lang lang,
                                     const std::string& stem) {
  if (xlsx) return download(TD_TRY(report::to_xlsx(t, lang)), k_xlsx_type, stem + ".xlsx");
  return download(report::to_csv(t, lang), k_csv_type, stem + ".csv");
}

// A report of several tables: a workbook of one sheet each, or CSV sections one after another.
inline Result<Response> export_tables(const std::vector<report::Table>& tables, bool xlsx, report::Lang lang,
                                      const std::string& stem) {
  if (xlsx) return download(TD_TRY(report::to_xlsx_sheets(tables, lang)), k_xlsx_type, stem + ".xlsx");
  return download(report::to_csv_sections(tables, lang), k_csv_type, stem + ".csv");
}

}  // namespace techdesk::http
