// Reports as files: a Table of titled, typed columns written as CSV (for scripts and Excel alike) or as
// an XLSX workbook (libxlsxwriter) with formats, a frozen header and, when asked, a chart on a second
// sheet. Which report fills which Table is the caller's business (the export routes); this file only
// writes what it is given.
//
// Every function here is pure apart from a temporary file for XLSX: no shared state, so any number of
// threads may export at the same time. The time-zone database is read once, on first use. (One caveat:
// libxlsxwriter 1.1 formats the workbook's creation time in docProps/core.xml with gmtime(), whose
// buffer is shared; two XLSX exports finishing at the same instant could mix up that one property.)
#pragma once

#include <cstdint>
#include <optional>
#include <string>
#include <variant>
#include <vector>

#include "common/error.h"
#include "common/function_ref.h"

namespace techdesk::report {

// How a column's cells are written. Every kind is a number except text:
//   integer  — counts and ids (XLSX format "0");
//   number   — averages and the like, up to two decimals (XLSX "0.00");
//   percent  — a fraction 0..1, written "87.5%" in CSV and as the fraction with format "0.0%" in XLSX;
//   minutes  — durations in whole minutes (XLSX "0");
//   datetime — int64 milliseconds since the epoch, UTC, written as local time of Table::zone
//              ("YYYY-MM-DD HH:MM" in CSV, an Excel date with format "yyyy-mm-dd hh:mm" in XLSX).
enum class CellKind { text, integer, number, percent, minutes, datetime };

struct Column {
  std::string key;  // stable identifier (not written)
  std::string title_zh;
  std::string title_en;
  CellKind kind = CellKind::text;
};

// monostate is an empty cell. A cell whose alternative does not fit its column is still written as what
// it is (a string in a percent column as text, a number in a text column as a plain number).
using Cell = std::variant<std::monostate, std::string, std::int64_t, double>;

// A column or line chart of the value columns (one series each, named after the column's title) over the
// category column. Columns are indices into Table::columns.
struct ChartSpec {
  std::string title;
  int category_column = 0;
  std::vector<int> value_columns;
  bool line = false;  // false: a column chart
  // Only the first `rows` data rows (e.g. leaving out a total row that would dwarf the others); all when
  // unset or larger than the table.
  std::optional<std::size_t> rows = std::nullopt;
};

struct Table {
  std::string title;          // names the XLSX sheet (shortened to Excel's 31 characters, []:*?/\ replaced)
  std::string title_en = {};  // the title in English (Lang::en); empty: `title` in both languages
  std::vector<Column> columns;
  std::vector<std::vector<Cell>>
      rows;                        // a row shorter than columns ends in empty cells; extra cells are dropped
  std::optional<ChartSpec> chart;  // XLSX only; not drawn when there are no rows
  std::string zone = "Asia/Shanghai";  // IANA zone for datetime cells
};

enum class Lang { zh, en };

// CSV as Excel opens it without asking: UTF-8 with a BOM, CRLF line ends, RFC 4180 quoting (a cell with
// a comma, a quote, CR or LF is quoted, inner quotes doubled), the header row in `lang`. Text that starts
// with = + - @ TAB or CR gets a leading apostrophe so that no spreadsheet runs it as a formula.
// Never fails; if table.zone is not a known zone, datetimes are written in UTC as RFC 3339 instead.
std::string to_csv(const Table& table, Lang lang);

// The XLSX file's bytes. The workbook is written in libxlsxwriter's constant-memory mode to a temporary
// file in $TMPDIR (else /tmp), read back and removed, also on failure. Text is always written as a string
// (never a formula); characters XML cannot carry (C0 controls other than TAB/LF/CR, malformed UTF-8)
// are dropped or replaced by U+FFFD, and text longer than Excel's 32,767 characters is cut.
// Fails with Errc::unavailable when the temporary file cannot be created, written or read (disk full,
// $TMPDIR not writable), Errc::invalid_query when there are more rows (1,048,575) or columns (16,384) than a
// sheet holds, and Errc::internal for a bad table (unknown zone, chart column out of range).
Result<std::string> to_xlsx(const Table& table, Lang lang);

// As to_xlsx, for long lists: `header_only` gives the title, columns, chart and zone (its rows, if any,
// are ignored); rows are then pulled one at a time from `next_row`, which receives an emptied vector,
// fills it with the next row's cells and returns true — or returns false when there are no more rows
// (that call's cells are not written). Only one row is held in memory at a time.
Result<std::string> to_xlsx_stream(const Table& header_only, Lang lang,
                                   FunctionRef<bool(std::vector<Cell>&)> next_row);

// A report of several tables (the sections of a weekly report) in one file.
//
// CSV: one BOM, then each table as to_csv writes it, opened by a row holding the table's title in `lang`
// and parted from the one before by an empty line. A single table is written exactly as to_csv writes it
// (no title row), so that a one-table report stays a plain table for scripts.
std::string to_csv_sections(const std::vector<Table>& tables, Lang lang);

// XLSX: one sheet per table in their order, each followed by its chart sheet when it asks for one ("图表" /
// "Chart" in a one-table workbook, else the table's sheet name and 图表 / chart). Names that would repeat
// get " 2", " 3", …. Fails as to_xlsx does; with no tables, Errc::internal.
Result<std::string> to_xlsx_sheets(const std::vector<Table>& tables, Lang lang);

}  // namespace techdesk::report
