#include "report/export.h"

#include <date/date.h>
#include <date/tz.h>
#include <unistd.h>
#include <xlsxwriter.h>

#include <algorithm>
#include <array>
#include <cerrno>
#include <chrono>
#include <cmath>
#include <cstdio>
#include <cstdlib>
#include <cstring>
#include <deque>
#include <fstream>
#include <iterator>
#include <limits>
#include <optional>
#include <string_view>

#include "common/clock.h"
#include "common/text.h"
#include "common/time.h"

namespace techdesk::report {

namespace {

// What one sheet holds (Excel's limits): rows include the header row.
constexpr std::size_t k_max_sheet_rows = 1048576;
constexpr std::size_t k_max_sheet_columns = 16384;
constexpr std::size_t k_max_cell_units = 32767;  // UTF-16 code units in one cell
constexpr std::size_t k_max_sheet_name_units = 31;
constexpr double k_min_column_width = 6;
constexpr double k_max_column_width = 60;
constexpr double k_excel_unix_epoch = 25569.0;  // 1970-01-01 as an Excel (1900) date number
constexpr double k_millis_per_day = 86400000.0;
constexpr std::string_view k_replacement = "\xEF\xBF\xBD";  // U+FFFD

const std::string& title_of(const Column& c, Lang lang) {
  if (lang == Lang::zh) return c.title_zh.empty() ? c.title_en : c.title_zh;
  return c.title_en.empty() ? c.title_zh : c.title_en;
}

const date::time_zone* find_zone(const std::string& name) {
  try {
    return date::locate_zone(name);
  } catch (const std::exception&) {
    return nullptr;
  }
}

// The wall-clock time in `tz` of a UTC instant, as milliseconds since the local epoch.
std::int64_t local_millis(const date::time_zone* tz, std::int64_t utc_ms) {
  return tz->to_local(from_millis(utc_ms)).time_since_epoch().count();
}

// Datetime cells are written as times only between 1900 and 9999 (what Excel can show); anything else is
// not a time anybody meant and is written as the plain number it is.
constexpr std::int64_t k_min_time_ms = -2208988800000;   // 1900-01-01T00:00:00Z
constexpr std::int64_t k_max_time_ms = 253402214400000;  // 9999-12-31T00:00:00Z
bool plausible_time(std::int64_t ms) {
  return ms >= k_min_time_ms && ms <= k_max_time_ms;
}

const Cell k_empty_cell{};

const Cell& cell_at(const std::vector<Cell>& row, std::size_t c) {
  return c < row.size() ? row[c] : k_empty_cell;
}

// A double that is meant as a whole number (integer and minutes columns), when it fits an int64.
std::optional<std::int64_t> as_whole(double v) {
  if (!std::isfinite(v) || std::fabs(v) >= 9.2e18) return std::nullopt;
  return static_cast<std::int64_t>(std::llround(v));
}

// ---------------------------------------------------------------------------------------------------
// UTF-8: one code point at a time.

struct CodePoint {
  char32_t cp;      // U+FFFD for a malformed sequence
  std::size_t len;  // bytes consumed (1 for a malformed sequence)
  bool valid;
};

CodePoint decode(std::string_view s, std::size_t i) {
  auto c = static_cast<unsigned char>(s[i]);
  if (c < 0x80) return {c, 1, true};
  std::size_t n;
  char32_t cp;
  if ((c & 0xE0) == 0xC0) {
    n = 1;
    cp = c & 0x1F;
  } else if ((c & 0xF0) == 0xE0) {
    n = 2;
    cp = c & 0x0F;
  } else if ((c & 0xF8) == 0xF0) {
    n = 3;
    cp = c & 0x07;
  } else {
    return {0xFFFD, 1, false};
  }
  if (i + n >= s.size()) return {0xFFFD, 1, false};  // cut short
  for (std::size_t k = 1; k <= n; ++k) {
    auto b = static_cast<unsigned char>(s[i + k]);
    if ((b & 0xC0) != 0x80) return {0xFFFD, 1, false};
    cp = (cp << 6) | (b & 0x3F);
  }
  if ((n == 1 && cp < 0x80) || (n == 2 && cp < 0x800) || (n == 3 && cp < 0x10000) || cp > 0x10FFFF ||
      (cp >= 0xD800 && cp <= 0xDFFF))
    return {0xFFFD, 1, false};
  return {cp, n + 1, true};
}

// XML 1.0 refuses C0 controls other than TAB, LF and CR, and the non-characters U+FFFE and U+FFFF.
bool xml_allowed(char32_t cp) {
  if (cp < 0x20) return cp == '\t' || cp == '\n' || cp == '\r';
  return cp != 0xFFFE && cp != 0xFFFF;
}

// Columns in a spreadsheet are measured in widths of "0"; East Asian wide characters take two.
int char_width(char32_t cp) {
  if (cp < 0x20) return 0;
  if (cp < 0x1100) return 1;
  if ((cp <= 0x115F) || (cp >= 0x2E80 && cp <= 0xA4CF) || (cp >= 0xAC00 && cp <= 0xD7A3) ||
      (cp >= 0xF900 && cp <= 0xFAFF) || (cp >= 0xFE30 && cp <= 0xFE4F) || (cp >= 0xFF00 && cp <= 0xFF60) ||
      (cp >= 0xFFE0 && cp <= 0xFFE6) || (cp >= 0x1F300 && cp <= 0x1F64F) ||
      (cp >= 0x1F900 && cp <= 0x1F9FF) || (cp >= 0x20000 && cp <= 0x3FFFD))
    return 2;
  return 1;
}

// Display width of a number's integer part, sign included.
double digits(double v) {
  double w = v < 0 ? 2 : 1;
  for (double a = std::fabs(v); a >= 10 && w < 20; a /= 10)
    ++w;
  return w;
}

// Display width of text; of a multi-line text, its longest line.
double text_width(std::string_view s) {
  int line = 0, widest = 0;
  for (std::size_t i = 0; i < s.size();) {
    auto c = static_cast<unsigned char>(s[i]);
    if (c < 0x80) {
      if (c == '\n') {
        widest = std::max(widest, line);
        line = 0;
      } else {
        line += c >= 0x20 ? 1 : 0;
      }
      ++i;
      continue;
    }
    CodePoint d = decode(s, i);
    line += char_width(d.cp);
    i += d.len;
  }
  return std::max(widest, line);
}

// Text as an XLSX cell can carry it: characters XML refuses dropped, malformed UTF-8 replaced by U+FFFD,
// cut to `max_units` UTF-16 code units. Returns `s` itself when nothing needed changing (the common case),
// else `buffer`.
const std::string& xml_text(const std::string& s, std::string& buffer, std::size_t max_units) {
  bool clean = s.size() <= max_units;  // a UTF-16 unit never takes fewer than one UTF-8 byte
  for (unsigned char c : s)
    if (c < 0x20 && c != '\t' && c != '\n' && c != '\r') {
      clean = false;
      break;
    }
  if (clean && (!is_valid_utf8(s) || s.find("\xEF\xBF\xBE") != std::string::npos ||
                s.find("\xEF\xBF\xBF") != std::string::npos))
    clean = false;
  if (clean) return s;
  buffer.clear();
  std::size_t units = 0;
  for (std::size_t i = 0; i < s.size();) {
    CodePoint d = decode(s, i);
    if (d.valid && !xml_allowed(d.cp)) {
      i += d.len;
      continue;
    }
    std::size_t u = d.cp >= 0x10000 ? 2 : 1;
    if (units + u > max_units) break;
    units += u;
    if (d.valid)
      buffer.append(s, i, d.len);
    else
      buffer.append(k_replacement);
    i += d.len;
  }
  return buffer;
}

// ---------------------------------------------------------------------------------------------------
// Numbers and times as text (CSV).

std::string fixed(double v, int decimals) {
  std::array<char, 400> buf;  // the largest double has 309 digits before the point
  int n = std::snprintf(buf.data(), buf.size(), "%.*f", decimals, v);
  std::string s(buf.data(), static_cast<std::size_t>(std::max(0, n)));
  if (s.starts_with('-') && s.find_first_not_of("-0.") == std::string::npos) s.erase(0, 1);  // "-0.00"
  return s;
}

std::string up_to_two_decimals(double v) {
  std::string s = fixed(v, 2);
  if (auto dot = s.find('.'); dot != std::string::npos) {
    s.erase(s.find_last_not_of('0') + 1);
    if (s.back() == '.') s.pop_back();
  }
  return s;
}

std::string percent_text(double fraction) {
  return fixed(fraction * 100.0, 1) + "%";
}

// "2026-11-21 13:32" in the zone; RFC 3339 UTC when the zone is unknown.
std::string datetime_text(std::int64_t utc_ms, const date::time_zone* tz) {
  if (!tz) return format_rfc3339(from_millis(utc_ms));
  date::local_time<std::chrono::milliseconds> t{std::chrono::milliseconds{local_millis(tz, utc_ms)}};
  auto day = date::floor<date::days>(t);
  date::year_month_day ymd{day};
  auto minutes = date::floor<std::chrono::minutes>(t - day).count();
  std::array<char, 48> buf;
  int n = std::snprintf(buf.data(), buf.size(), "%04d-%02u-%02u %02d:%02d", static_cast<int>(ymd.year()),
                        static_cast<unsigned>(ymd.month()), static_cast<unsigned>(ymd.day()),
                        static_cast<int>(minutes / 60), static_cast<int>(minutes % 60));
  return std::string(buf.data(), static_cast<std::size_t>(std::max(0, n)));
}

std::string number_text(std::int64_t v, CellKind kind, const date::time_zone* tz) {
  switch (kind) {
    case CellKind::text:
    case CellKind::integer:
    case CellKind::number:
    case CellKind::minutes:
      return std::to_string(v);
    case CellKind::percent:
      return percent_text(static_cast<double>(v));
    case CellKind::datetime:
      return plausible_time(v) ? datetime_text(v, tz) : std::to_string(v);
  }
  return std::to_string(v);
}

std::string number_text(double v, CellKind kind, const date::time_zone* tz) {
  if (!std::isfinite(v)) return {};
  switch (kind) {
    case CellKind::text:
    case CellKind::number:
      return up_to_two_decimals(v);
    case CellKind::integer:
    case CellKind::minutes:
      if (auto whole = as_whole(v)) return std::to_string(*whole);
      return up_to_two_decimals(v);
    case CellKind::percent:
      return percent_text(v);
    case CellKind::datetime:
      if (auto whole = as_whole(v); whole && plausible_time(*whole)) return datetime_text(*whole, tz);
      return up_to_two_decimals(v);
  }
  return up_to_two_decimals(v);
}

// Spreadsheets treat a cell starting with one of these as a formula (or, for TAB and CR, strip them and
// look again), so a requester's "=HYPERLINK(...)" subject would run on the reader's machine.
bool looks_like_formula(std::string_view s) {
  return !s.empty() &&
         (s[0] == '=' || s[0] == '+' || s[0] == '-' || s[0] == '@' || s[0] == '\t' || s[0] == '\r');
}

void append_csv_field(std::string& out, std::string_view s, bool guard) {
  bool quote = s.find_first_of(",\"\r\n") != std::string_view::npos;
  if (quote) out += '"';
  if (guard && looks_like_formula(s)) out += '\'';
  if (quote) {
    for (char c : s) {
      if (c == '"') out += '"';
      out += c;
    }
    out += '"';
  } else {
    out.append(s);
  }
}

// ---------------------------------------------------------------------------------------------------
// XLSX.

// A temporary file removed when it goes out of scope.
class TempFile {
 public:
  TempFile() = default;
  TempFile(const TempFile&) = delete;
  TempFile& operator=(const TempFile&) = delete;
  ~TempFile() {
    if (!m_path.empty()) std::remove(m_path.c_str());
  }

  // Creates an empty file of its own in `dir`; fails with Errc::unavailable.
  Result<void> create_in(const std::string& dir) {
    std::string path = dir + "/techdesk-export-XXXXXX";
    int fd = ::mkstemp(path.data());
    if (fd < 0)
      return Error{
          Errc::unavailable, "cannot create a temporary file in " + dir + ": " + std::strerror(errno), {}};
    ::close(fd);
    m_path = std::move(path);
    return ok();
  }
  const std::string& path() const { return m_path; }

 private:
  std::string m_path;
};

std::string temp_dir() {
  const char* dir = std::getenv("TMPDIR");
  std::string d = dir && *dir ? dir : "/tmp";
  while (d.size() > 1 && d.back() == '/')
    d.pop_back();
  return d;
}

Error lxw_failure(lxw_error e, const std::string& what) {
  std::string message = what + ": " + lxw_strerror(e);
  switch (e) {
    case LXW_ERROR_MEMORY_MALLOC_FAILED:
    case LXW_ERROR_CREATING_XLSX_FILE:
    case LXW_ERROR_CREATING_TMPFILE:
    case LXW_ERROR_READING_TMPFILE:
    case LXW_ERROR_ZIP_FILE_OPERATION:
    case LXW_ERROR_ZIP_FILE_ADD:
    case LXW_ERROR_ZIP_CLOSE:
      return {Errc::unavailable, std::move(message), {}};
    default:
      return {Errc::internal, std::move(message), {}};
  }
}

// Excel's rules for a sheet name: 1..31 characters, none of []:*?/\, not starting or ending with an
// apostrophe, not "History".
std::string sheet_name(const std::string& title, Lang lang) {
  std::string buffer;
  std::string name = xml_text(title, buffer, title.size());
  std::string spaced;
  for (char c : name) {
    if ((c != '\0' && std::strchr("[]:*?/\\", c) != nullptr) || c == '\t' || c == '\n' || c == '\r') c = ' ';
    if (c != ' ' || spaced.empty() || spaced.back() != ' ') spaced += c;
  }
  name = std::move(spaced);
  auto tidy = [](std::string& s) {
    std::size_t b = s.find_first_not_of(" '");
    if (b == std::string::npos) {
      s.clear();
      return;
    }
    s.erase(0, b);
    s.erase(s.find_last_not_of(" '") + 1);
  };
  tidy(name);
  name = xml_text(name, buffer, k_max_sheet_name_units);
  tidy(name);
  if (name.empty()) name = lang == Lang::zh ? "报表" : "Report";
  if (ascii_lower(name) == "history") name += " 1";
  return name;
}

struct Formats {
  lxw_format* header = nullptr;
  lxw_format* integer = nullptr;
  lxw_format* number = nullptr;
  lxw_format* percent = nullptr;
  lxw_format* datetime = nullptr;

  lxw_format* of(CellKind kind) const {
    switch (kind) {
      case CellKind::text:
        return nullptr;
      case CellKind::integer:
      case CellKind::minutes:
        return integer;
      case CellKind::number:
        return number;
      case CellKind::percent:
        return percent;
      case CellKind::datetime:
        return datetime;
    }
    return nullptr;
  }
};

Formats add_formats(lxw_workbook* wb) {
  Formats f;
  f.header = workbook_add_format(wb);
  format_set_bold(f.header);
  format_set_bottom(f.header, LXW_BORDER_THIN);
  format_set_bg_color(f.header, 0xF2F2F2);
  f.integer = workbook_add_format(wb);
  format_set_num_format(f.integer, "0");
  f.number = workbook_add_format(wb);
  format_set_num_format(f.number, "0.00");
  f.percent = workbook_add_format(wb);
  format_set_num_format(f.percent, "0.0%");
  f.datetime = workbook_add_format(wb);
  format_set_num_format(f.datetime, "yyyy-mm-dd hh:mm");
  return f;
}

// Frees the workbook unless it was handed to workbook_close (which frees it itself).
struct WorkbookGuard {
  lxw_workbook* wb;
  ~WorkbookGuard() {
    if (wb) lxw_workbook_free(wb);
  }
};

const std::string& table_title(const Table& t, Lang lang) {
  return lang == Lang::en && !t.title_en.empty() ? t.title_en : t.title;
}

// A sheet name no sheet of the workbook has yet (Excel compares them without case): `name`, else "name 2",
// "name 3", … cut to fit. Remembers it in `taken`, whose elements stay where they are (libxlsxwriter is
// handed their c_str()).
const std::string& unique_sheet_name(const std::string& name, std::deque<std::string>& taken) {
  auto is_free = [&](const std::string& candidate) {
    const std::string key = ascii_lower(candidate);
    return std::none_of(taken.begin(), taken.end(),
                        [&](const std::string& t) { return ascii_lower(t) == key; });
  };
  std::string out = name;
  std::string buffer;
  for (int n = 2; !is_free(out); ++n) {
    const std::string suffix = " " + std::to_string(n);
    out = xml_text(name, buffer, k_max_sheet_name_units - suffix.size()) + suffix;
  }
  return taken.emplace_back(std::move(out));
}

// What makes a table unwritable before anything is written: too many columns, an unknown zone, a chart
// column that is not a column. Returns the table's zone.
Result<const date::time_zone*> check_table(const Table& table) {
  const std::size_t ncols = table.columns.size();
  if (ncols > k_max_sheet_columns)
    return Error{
        Errc::invalid_query,
        "the report has " + std::to_string(ncols) + " columns, more than an XLSX sheet holds (16,384)",
        {}};
  const date::time_zone* tz = find_zone(table.zone);
  if (!tz) return Error::internal("export: unknown time zone '" + table.zone + "'");
  if (table.chart) {
    auto in_range = [&](int c) { return c >= 0 && static_cast<std::size_t>(c) < ncols; };
    if (!in_range(table.chart->category_column))
      return Error::internal("export: chart category column " + std::to_string(table.chart->category_column) +
                             " is not a column of the table");
    for (int c : table.chart->value_columns)
      if (!in_range(c))
        return Error::internal("export: chart value column " + std::to_string(c) +
                               " is not a column of the table");
  }
  return tz;
}

// Where the sheets' rows come from: the next row of sheet `sheet` (an index into the workbook's tables),
// or nullptr when it has no more.
using NextRow = FunctionRef<const std::vector<Cell>*(std::size_t sheet)>;

struct SheetContext {
  lxw_workbook* wb;
  const Formats& formats;
  Lang lang;
  bool several;                    // the workbook has more than one table
  std::deque<std::string>& names;  // every sheet name so far
};

// Writes one table's sheet, its rows pulled from `next`, and, when asked, its chart sheet.
Result<void> write_sheet(SheetContext& ctx, const Table& table, const date::time_zone* tz, std::size_t index,
                         NextRow next) {
  const std::size_t ncols = table.columns.size();
  const Formats& formats = ctx.formats;
  const std::string& data_sheet =
      unique_sheet_name(sheet_name(table_title(table, ctx.lang), ctx.lang), ctx.names);
  lxw_worksheet* ws = workbook_add_worksheet(ctx.wb, data_sheet.c_str());
  if (!ws) return Error::internal("export: libxlsxwriter refused the sheet name '" + data_sheet + "'");

  std::vector<double> widths(ncols, 0.0);
  std::string buffer;
  for (std::size_t c = 0; c < ncols; ++c) {
    const std::string& title = xml_text(title_of(table.columns[c], ctx.lang), buffer, k_max_cell_units);
    widths[c] = text_width(title) * 1.1;  // bold
    if (lxw_error e = worksheet_write_string(ws, 0, static_cast<lxw_col_t>(c), title.c_str(), formats.header))
      return lxw_failure(e, "export: header");
  }
  worksheet_freeze_panes(ws, 1, 0);

  std::size_t row_index = 1;
  while (const std::vector<Cell>* row = next(index)) {
    if (row_index >= k_max_sheet_rows)
      return Error{
          Errc::invalid_query,
          "the report has more rows than an XLSX sheet holds (1,048,575); narrow the period or the filters",
          {}};
    const auto r = static_cast<lxw_row_t>(row_index);
    for (std::size_t c = 0; c < ncols; ++c) {
      const auto col = static_cast<lxw_col_t>(c);
      const CellKind kind = table.columns[c].kind;
      const Cell& cell = cell_at(*row, c);
      lxw_error e = LXW_NO_ERROR;
      double width = 0;
      if (const auto* s = std::get_if<std::string>(&cell)) {
        const std::string& text = xml_text(*s, buffer, k_max_cell_units);
        if (!text.empty()) e = worksheet_write_string(ws, r, col, text.c_str(), nullptr);
        width = text_width(text);
      } else if (std::holds_alternative<std::int64_t>(cell) || std::holds_alternative<double>(cell)) {
        double value;
        lxw_format* format = formats.of(kind);
        if (const auto* i = std::get_if<std::int64_t>(&cell)) {
          value = static_cast<double>(*i);
        } else {
          value = std::get<double>(cell);
          if (!std::isfinite(value)) continue;  // NaN and infinity have no place in a sheet: empty
          if (kind == CellKind::integer || kind == CellKind::minutes || kind == CellKind::datetime)
            value = std::round(value);
        }
        switch (kind) {
          case CellKind::text:
          case CellKind::integer:
          case CellKind::minutes:
          case CellKind::number:
            width = digits(value) + (kind == CellKind::number ? 3 : 0);
            break;
          case CellKind::percent:
            width = digits(value * 100) + 3;
            break;
          case CellKind::datetime:
            if (std::fabs(value) < 9.2e18 && plausible_time(static_cast<std::int64_t>(value))) {
              auto ms = static_cast<std::int64_t>(value);
              value = static_cast<double>(local_millis(tz, ms)) / k_millis_per_day + k_excel_unix_epoch;
              width = 16;
            } else {
              format = nullptr;  // not a time anybody meant: the plain number
              width = digits(value);
            }
            break;
        }
        e = worksheet_write_number(ws, r, col, value, format);
      }
      if (e) return lxw_failure(e, "export: row " + std::to_string(row_index));
      widths[c] = std::max(widths[c], width);
    }
    ++row_index;
  }

  for (std::size_t c = 0; c < ncols; ++c) {
    double w = std::clamp(widths[c] + 2, k_min_column_width, k_max_column_width);
    auto col = static_cast<lxw_col_t>(c);
    if (lxw_error e = worksheet_set_column(ws, col, col, w, nullptr))
      return lxw_failure(e, "export: column width");
  }

  const std::size_t data_rows = row_index - 1;
  const std::size_t chart_rows =
      table.chart && table.chart->rows ? std::min(*table.chart->rows, data_rows) : data_rows;
  if (table.chart && !table.chart->value_columns.empty() && chart_rows > 0) {
    const ChartSpec& spec = *table.chart;
    lxw_chart* chart = workbook_add_chart(ctx.wb, spec.line ? LXW_CHART_LINE : LXW_CHART_COLUMN);
    if (!chart) return Error{Errc::unavailable, "export: cannot add a chart", {}};
    const auto last = static_cast<lxw_row_t>(chart_rows);
    const auto cat = static_cast<lxw_col_t>(spec.category_column);
    bool all_percent = true;
    for (int v : spec.value_columns) {
      const auto col = static_cast<lxw_col_t>(v);
      lxw_chart_series* series = chart_add_series(chart, nullptr, nullptr);
      if (!series) return Error{Errc::unavailable, "export: cannot add a chart series", {}};
      chart_series_set_categories(series, data_sheet.c_str(), 1, cat, last, cat);
      chart_series_set_values(series, data_sheet.c_str(), 1, col, last, col);
      chart_series_set_name_range(series, data_sheet.c_str(), 0, col);  // the column's title
      all_percent = all_percent && table.columns[static_cast<std::size_t>(v)].kind == CellKind::percent;
    }
    if (!spec.title.empty()) {
      // A chart title starting with "=" would be taken for a reference to a cell.
      std::string title = xml_text(spec.title, buffer, 255);
      if (title.starts_with('=')) title.insert(0, " ");
      chart_title_set_name(chart, title.c_str());
    }
    if (all_percent) chart_axis_set_num_format(chart->y_axis, "0%");
    chart_legend_set_position(chart, LXW_CHART_LEGEND_BOTTOM);

    // In a workbook of several tables the chart sheet says whose chart it is.
    std::string chart_sheet = ctx.lang == Lang::zh ? "图表" : "Chart";
    if (ctx.several) {
      const std::string suffix = ctx.lang == Lang::zh ? " 图表" : " chart";
      chart_sheet = xml_text(data_sheet, buffer, k_max_sheet_name_units - utf8_length(suffix)) + suffix;
    }
    const std::string& name = unique_sheet_name(chart_sheet, ctx.names);
    lxw_chartsheet* cs = workbook_add_chartsheet(ctx.wb, name.c_str());
    if (!cs) return Error::internal("export: libxlsxwriter refused the chart sheet '" + name + "'");
    if (lxw_error e = chartsheet_set_chart(cs, chart)) return lxw_failure(e, "export: chart sheet");
  }
  return ok();
}

// A workbook of the tables, one sheet each (and their chart sheets), rows pulled from `next`.
Result<std::string> write_xlsx(const std::vector<const Table*>& tables, Lang lang, NextRow next) {
  if (tables.empty()) return Error::internal("export: a workbook needs at least one table");
  std::vector<const date::time_zone*> zones;
  for (const Table* t : tables)
    zones.push_back(TD_TRY(check_table(*t)));

  const std::string dir = temp_dir();
  TempFile file;
  TD_TRY(file.create_in(dir));

  std::string lxw_tmpdir = dir;  // libxlsxwriter wants a char*
  lxw_workbook_options options{};
  options.constant_memory = LXW_TRUE;
  options.tmpdir = lxw_tmpdir.data();
  options.use_zip64 = LXW_FALSE;
  WorkbookGuard guard{workbook_new_opt(file.path().c_str(), &options)};
  if (!guard.wb) return Error{Errc::unavailable, "export: cannot start a workbook in " + dir, {}};

  const Formats formats = add_formats(guard.wb);
  std::deque<std::string> names;
  SheetContext ctx{guard.wb, formats, lang, tables.size() > 1, names};
  for (std::size_t i = 0; i < tables.size(); ++i)
    TD_TRY(write_sheet(ctx, *tables[i], zones[i], i, next));

  lxw_workbook* wb = guard.wb;
  guard.wb = nullptr;  // workbook_close frees it, whatever it answers
  if (lxw_error e = workbook_close(wb)) return lxw_failure(e, "export: writing " + file.path());

  std::ifstream in(file.path(), std::ios::binary);
  std::string bytes{std::istreambuf_iterator<char>(in), std::istreambuf_iterator<char>()};
  if (!in.good() && !in.eof()) return Error{Errc::unavailable, "export: cannot read back " + file.path(), {}};
  if (bytes.empty()) return Error{Errc::unavailable, "export: " + file.path() + " is empty", {}};
  return bytes;
}

// Appends the table's header row and rows (no BOM).
void append_csv_table(std::string& out, const Table& table, Lang lang) {
  const date::time_zone* tz = find_zone(table.zone);
  const std::size_t ncols = table.columns.size();
  if (ncols == 0) return;
  out.reserve(out.size() + 64 + table.rows.size() * ncols * 12);
  for (std::size_t c = 0; c < ncols; ++c) {
    if (c) out += ',';
    append_csv_field(out, title_of(table.columns[c], lang), true);
  }
  out += "\r\n";
  for (const auto& row : table.rows) {
    for (std::size_t c = 0; c < ncols; ++c) {
      if (c) out += ',';
      const CellKind kind = table.columns[c].kind;
      const Cell& cell = cell_at(row, c);
      if (const auto* s = std::get_if<std::string>(&cell))
        append_csv_field(out, *s, true);
      else if (const auto* i = std::get_if<std::int64_t>(&cell))
        out += number_text(*i, kind, tz);
      else if (const auto* d = std::get_if<double>(&cell))
        out += number_text(*d, kind, tz);
    }
    out += "\r\n";
  }
}

constexpr std::string_view k_bom = "\xEF\xBB\xBF";

}  // namespace

std::string to_csv(const Table& table, Lang lang) {
  std::string out(k_bom);
  append_csv_table(out, table, lang);
  return out;
}

std::string to_csv_sections(const std::vector<Table>& tables, Lang lang) {
  if (tables.size() == 1) return to_csv(tables.front(), lang);
  std::string out(k_bom);
  for (std::size_t i = 0; i < tables.size(); ++i) {
    if (i) out += "\r\n";
    append_csv_field(out, table_title(tables[i], lang), true);
    out += "\r\n";
    append_csv_table(out, tables[i], lang);
  }
  return out;
}

Result<std::string> to_xlsx(const Table& table, Lang lang) {
  auto it = table.rows.begin();
  return write_xlsx({&table}, lang, [&](std::size_t) -> const std::vector<Cell>* {
    return it == table.rows.end() ? nullptr : &*it++;
  });
}

Result<std::string> to_xlsx_stream(const Table& header_only, Lang lang,
                                   FunctionRef<bool(std::vector<Cell>&)> next_row) {
  std::vector<Cell> row;
  row.reserve(header_only.columns.size());
  return write_xlsx({&header_only}, lang, [&](std::size_t) -> const std::vector<Cell>* {
    row.clear();
    return next_row(row) ? &row : nullptr;
  });
}

Result<std::string> to_xlsx_sheets(const std::vector<Table>& tables, Lang lang) {
  std::vector<const Table*> sheets;
  std::vector<std::size_t> next_row(tables.size(), 0);
  for (const auto& t : tables)
    sheets.push_back(&t);
  return write_xlsx(sheets, lang, [&](std::size_t sheet) -> const std::vector<Cell>* {
    const auto& rows = tables[sheet].rows;
    return next_row[sheet] < rows.size() ? &rows[next_row[sheet]++] : nullptr;
  });
}

}  // namespace techdesk::report
