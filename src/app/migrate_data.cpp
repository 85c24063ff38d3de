// `techdesk migrate-data`: copies a whole database into another, empty one (typically SQLite to
// PostgreSQL when a department outgrows one node), with a progress bar per table, and proves the copy
// by row counts and checksums read back from the target.
#include <cstdio>
#include <iostream>
#include <memory>

#include "app/app.h"
#include "common/progress.h"
#include "storage/data_copy.h"

namespace techdesk::app {

namespace {

std::string seconds(std::chrono::milliseconds ms) {
  char buf[32];
  std::snprintf(buf, sizeof buf, "%.2f s", static_cast<double>(ms.count()) / 1000.0);
  return buf;
}

void print_report(const storage::CopyReport& report) {
  std::printf("%-18s %13s %13s  %-16s  %s\n", "table", "rows(source)", "rows(target)", "checksum", "");
  std::uint64_t rows = 0;
  for (const auto& t : report.tables) {
    rows += t.source_rows;
    std::printf("%-18s %13llu %13llu  %-16s  %s", t.table.c_str(),
                static_cast<unsigned long long>(t.source_rows),
                static_cast<unsigned long long>(t.target_rows), t.source_checksum.substr(0, 16).c_str(),
                t.matches() ? "OK" : "MISMATCH");
    if (t.source_checksum != t.target_checksum)
      std::printf(" (target checksum %s)", t.target_checksum.substr(0, 16).c_str());
    std::printf("\n");
  }
  std::printf("copied %llu rows in %s, read back in %s: %s\n", static_cast<unsigned long long>(rows),
              seconds(report.copy_time).c_str(), seconds(report.verify_time).c_str(),
              report.all_match() ? "every table matches" : "SOME TABLES DIFFER");
  std::fflush(stdout);
}

}  // namespace

int migrate_data(const std::string& from, const std::string& to, bool quiet) {
  std::unique_ptr<ProgressBar> bar;
  std::uint64_t shown = 0;
  storage::CopyOptions options;
  if (!quiet) {
    options.progress = [&](const std::string& table, std::uint64_t done, std::uint64_t total) {
      if (done == 0) {
        bar.reset();  // finishes the previous table's line
        shown = 0;
        if (total > 0) bar = std::make_unique<ProgressBar>(table, total);
        return;
      }
      if (bar) bar->advance(done - shown);
      shown = done;
    };
  }
  auto report = storage::copy_all_data(from, to, options);
  bar.reset();
  if (!report) {
    std::cerr << "techdesk: migrate-data: " << report.error().message << "\n";
    return report.error().code == Errc::invalid_field ? 2 : 1;
  }
  print_report(*report);
  if (!report->all_match()) return 1;
  // The search index is derived, not copied: build it on the target.
  return reindex(to, 500, quiet);
}

}  // namespace techdesk::app
