// Reports as files: CSV that Excel opens without asking (BOM, CRLF, RFC 4180, no formula runs from a
// requester's text) and XLSX workbooks (Chinese headers, number formats, frozen header, a chart sheet),
// read back by unpacking the workbook with `unzip` into a scratch directory.
#include "report/export.h"

#include <gtest/gtest.h>
#include <stdlib.h>

#include <chrono>
#include <cstdio>
#include <cstdlib>
#include <filesystem>
#include <fstream>
#include <iterator>
#include <limits>
#include <optional>
#include <string>
#include <vector>

#include "common/text.h"

namespace techdesk::report {
namespace {

namespace fs = std::filesystem;
using namespace std::chrono;

constexpr std::string_view k_bom = "\xEF\xBB\xBF";

// A UTC instant as Cell milliseconds.
std::int64_t utc_ms(int y, unsigned mo, unsigned d, int h, int mi) {
  return duration_cast<milliseconds>(
             (sys_days{year{y} / month{mo} / day{d}} + hours{h} + minutes{mi}).time_since_epoch())
      .count();
}

Table kpi_table() {
  Table t;
  t.title = "工单统计";
  t.columns = {{"team", "团队", "Team", CellKind::text},
               {"new", "新建", "New", CellKind::integer},
               {"compliance", "SLA 达成率", "SLA compliance", CellKind::percent},
               {"minutes", "首次响应(分钟)", "First response (min)", CellKind::minutes},
               {"average", "平均满意度", "CSAT average", CellKind::number},
               {"created", "创建时间", "Created", CellKind::datetime}};
  t.rows = {
      {std::string("一线支持组"), std::int64_t{42}, 0.875, 12.4, 4.567, utc_ms(2026, 11, 27, 5, 32)},
      {std::string("二线支持组"), std::int64_t{7}, 1.0, std::int64_t{95}, 4.0, utc_ms(2026, 11, 30, 16, 5)},
      {std::string("Desk, \"Remote\""), std::int64_t{0}, std::monostate{}, std::monostate{}, 3.1,
       std::monostate{}}};
  return t;
}

// ---------------------------------------------------------------------------------------------------
// CSV

TEST(ExportCsv, starts_with_a_bom_and_ends_every_line_with_crlf) {
  std::string csv = to_csv(kpi_table(), Lang::zh);
  ASSERT_TRUE(csv.starts_with(k_bom));
  EXPECT_TRUE(csv.ends_with("\r\n"));
  std::size_t lines = 0;
  for (std::size_t i = 0; i < csv.size(); ++i) {
    if (csv[i] != '\n') continue;
    ++lines;
    ASSERT_GT(i, 0u);
    EXPECT_EQ(csv[i - 1], '\r') << "bare LF at byte " << i;
  }
  EXPECT_EQ(lines, 4u);  // header + three rows
}

TEST(ExportCsv, writes_the_header_in_the_chosen_language) {
  std::string zh = to_csv(kpi_table(), Lang::zh);
  EXPECT_TRUE(
      zh.starts_with(std::string(k_bom) + "团队,新建,SLA 达成率,首次响应(分钟),平均满意度,创建时间\r\n"));
  std::string en = to_csv(kpi_table(), Lang::en);
  EXPECT_TRUE(en.starts_with(std::string(k_bom) +
                             "Team,New,SLA compliance,First response (min),CSAT average,Created\r\n"));
}

TEST(ExportCsv, a_missing_title_falls_back_to_the_other_language) {
  Table t;
  t.columns = {{"a", "", "Only English", CellKind::text}, {"b", "只有中文", "", CellKind::text}};
  EXPECT_EQ(to_csv(t, Lang::zh), std::string(k_bom) + "Only English,只有中文\r\n");
  EXPECT_EQ(to_csv(t, Lang::en), std::string(k_bom) + "Only English,只有中文\r\n");
}

TEST(ExportCsv, quotes_commas_quotes_and_line_breaks_as_rfc_4180_says) {
  Table t;
  t.columns = {{"s", "主题", "Subject", CellKind::text}};
  t.rows = {{std::string("plain")},      {std::string("a,b")},      {std::string("say \"hi\"")},
            {std::string("two\nlines")}, {std::string("cr\rhere")}, {std::string("打印机卡纸")}};
  EXPECT_EQ(to_csv(t, Lang::en), std::string(k_bom) +
                                     "Subject\r\n"
                                     "plain\r\n"
                                     "\"a,b\"\r\n"
                                     "\"say \"\"hi\"\"\"\r\n"
                                     "\"two\nlines\"\r\n"
                                     "\"cr\rhere\"\r\n"
                                     "打印机卡纸\r\n");
}

TEST(ExportCsv, puts_an_apostrophe_before_text_a_spreadsheet_would_run_as_a_formula) {
  Table t;
  t.columns = {{"s", "主题", "Subject", CellKind::text}};
  t.rows = {{std::string("=cmd|' /C calc'!A0")},
            {std::string("+1+1")},
            {std::string("-2+3")},
            {std::string("@SUM(A1:A2)")},
            {std::string("\t=1+1")},
            {std::string("\r=1+1")},
            {std::string("=HYPERLINK(\"x\",\"y\")")},
            {std::string("a=b is fine")},
            {std::string("")}};
  EXPECT_EQ(to_csv(t, Lang::en), std::string(k_bom) +
                                     "Subject\r\n"
                                     "'=cmd|' /C calc'!A0\r\n"
                                     "'+1+1\r\n"
                                     "'-2+3\r\n"
                                     "'@SUM(A1:A2)\r\n"
                                     "'\t=1+1\r\n"
                                     "\"'\r=1+1\"\r\n"
                                     "\"'=HYPERLINK(\"\"x\"\",\"\"y\"\")\"\r\n"
                                     "a=b is fine\r\n"
                                     "\r\n");
}

TEST(ExportCsv, negative_numbers_are_numbers_not_formulas) {
  Table t;
  t.columns = {{"n", "差值", "Delta", CellKind::integer}, {"x", "变化", "Change", CellKind::number}};
  t.rows = {{std::int64_t{-5}, -1.25}};
  EXPECT_EQ(to_csv(t, Lang::en), std::string(k_bom) + "Delta,Change\r\n-5,-1.25\r\n");
}

TEST(ExportCsv, formats_integers_numbers_percents_minutes_and_local_times) {
  std::string csv = to_csv(kpi_table(), Lang::en);
  auto body = csv.substr(csv.find("\r\n") + 2);
  EXPECT_EQ(body,
            "一线支持组,42,87.5%,12,4.57,2026-11-27 13:32\r\n"
            "二线支持组,7,100.0%,95,4,2026-12-01 00:05\r\n"
            "\"Desk, \"\"Remote\"\"\",0,,,3.1,\r\n");
}

TEST(ExportCsv, local_time_follows_the_tables_zone_and_its_daylight_saving_time) {
  Table t;
  t.zone = "Europe/Berlin";
  t.columns = {{"at", "时间", "At", CellKind::datetime}};
  t.rows = {{utc_ms(2026, 7, 1, 10, 0)}, {utc_ms(2026, 12, 1, 10, 0)}};
  EXPECT_EQ(to_csv(t, Lang::en), std::string(k_bom) + "At\r\n2026-07-01 12:00\r\n2026-12-01 11:00\r\n");
}

TEST(ExportCsv, an_unknown_zone_writes_unambiguous_utc_times) {
  Table t;
  t.zone = "Mars/Olympus_Mons";
  t.columns = {{"at", "时间", "At", CellKind::datetime}};
  t.rows = {{utc_ms(2026, 11, 27, 5, 32)}};
  EXPECT_EQ(to_csv(t, Lang::en), std::string(k_bom) + "At\r\n2026-11-27T05:32:00.000Z\r\n");
}

TEST(ExportCsv, an_empty_table_is_the_bom_and_the_header) {
  Table t = kpi_table();
  t.rows.clear();
  EXPECT_EQ(to_csv(t, Lang::en),
            std::string(k_bom) + "Team,New,SLA compliance,First response (min),CSAT average,Created\r\n");
  EXPECT_EQ(to_csv(Table{}, Lang::zh), std::string(k_bom));
}

TEST(ExportCsv, cells_that_do_not_fit_their_column_are_written_as_what_they_are) {
  Table t;
  t.columns = {{"a", "文本", "Text", CellKind::text},
               {"b", "整数", "Int", CellKind::integer},
               {"c", "比率", "Rate", CellKind::percent},
               {"d", "时间", "At", CellKind::datetime}};
  t.rows = {
      {std::int64_t{42}, 2.6, std::int64_t{1}, std::string("未解决")},
      {2.5, std::string("n/a"), std::numeric_limits<double>::quiet_NaN(), std::monostate{}},
      {std::string("short row")},
      {std::string("long row"), std::int64_t{1}, 0.5, std::monostate{}, std::string("dropped")},
      {std::string("no time"), std::monostate{}, std::monostate{}, std::numeric_limits<std::int64_t>::max()}};
  EXPECT_EQ(to_csv(t, Lang::en), std::string(k_bom) +
                                     "Text,Int,Rate,At\r\n"
                                     "42,3,100.0%,未解决\r\n"
                                     "2.5,n/a,,\r\n"
                                     "short row,,,\r\n"
                                     "long row,1,50.0%,\r\n"
                                     "no time,,,9223372036854775807\r\n");
}

// ---------------------------------------------------------------------------------------------------
// XLSX

fs::path temp_root() {
  const char* dir = std::getenv("TMPDIR");
  return dir && *dir ? fs::path(dir) : fs::path("/tmp");
}

// A directory of its own under $TMPDIR, removed with everything in it.
class ScratchDir {
 public:
  ScratchDir() {
    std::string tmpl = (temp_root() / "techdesk-export-test-XXXXXX").string();
    if (::mkdtemp(tmpl.data()) == nullptr) throw std::runtime_error("mkdtemp failed");
    m_path = tmpl;
  }
  ~ScratchDir() {
    std::error_code ec;
    fs::remove_all(m_path, ec);
  }
  const fs::path& path() const { return m_path; }

 private:
  fs::path m_path;
};

std::string read_file(const fs::path& p) {
  std::ifstream in(p, std::ios::binary);
  return {std::istreambuf_iterator<char>(in), std::istreambuf_iterator<char>()};
}

// Sets an environment variable for one scope.
class ScopedEnv {
 public:
  ScopedEnv(const char* name, const std::string& value) : m_name(name) {
    if (const char* old = std::getenv(name)) m_old = old;
    ::setenv(name, value.c_str(), 1);
  }
  ~ScopedEnv() {
    if (m_old)
      ::setenv(m_name, m_old->c_str(), 1);
    else
      ::unsetenv(m_name);
  }

 private:
  const char* m_name;
  std::optional<std::string> m_old;
};

// An .xlsx unpacked: its parts read by name.
class Unpacked {
 public:
  explicit Unpacked(const std::string& bytes) {
    fs::path file = m_dir.path() / "book.xlsx";
    std::ofstream(file, std::ios::binary) << bytes;
    std::string cmd = "unzip -o -q '" + file.string() + "' -d '" + (m_dir.path() / "x").string() + "'";
    m_status = std::system(cmd.c_str());
  }
  bool ok() const { return m_status == 0; }
  bool has(const std::string& part) const { return fs::exists(m_dir.path() / "x" / part); }
  std::string part(const std::string& name) const { return read_file(m_dir.path() / "x" / name); }

 private:
  ScratchDir m_dir;
  int m_status = -1;
};

// The <c> element of one cell in a sheet's XML ("" when the cell was not written).
std::string cell_xml(const std::string& sheet, const std::string& ref) {
  auto at = sheet.find("<c r=\"" + ref + "\"");
  if (at == std::string::npos) return {};
  auto end = sheet.find("</c>", at);
  return sheet.substr(at, end + 4 - at);
}

std::string attribute(const std::string& element, const std::string& name) {
  auto at = element.find(" " + name + "=\"");
  if (at == std::string::npos) return {};
  at += name.size() + 3;
  return element.substr(at, element.find('"', at) - at);
}

// The number format code of a cell's style ("" for General), looked up through styles.xml's cellXfs.
std::string format_code(const std::string& styles, const std::string& cell) {
  std::string s = attribute(cell, "s");
  int index = s.empty() ? 0 : std::stoi(s);
  auto xfs = styles.find("<cellXfs");
  auto at = xfs;
  for (int i = 0; i <= index; ++i)
    at = styles.find("<xf ", at + 1);
  std::string id = attribute(styles.substr(at, styles.find('>', at) - at), "numFmtId");
  if (id == "0") return {};
  auto fmt = styles.find("<numFmt numFmtId=\"" + id + "\"");
  if (fmt == std::string::npos) return "builtin " + id;
  return attribute(styles.substr(fmt, styles.find("/>", fmt) - fmt), "formatCode");
}

double column_width(const std::string& sheet, int column) {
  std::string key = "<col min=\"" + std::to_string(column) + "\" max=\"" + std::to_string(column) + "\"";
  auto at = sheet.find(key);
  if (at == std::string::npos) return 0;
  return std::stod(attribute(sheet.substr(at, sheet.find("/>", at) - at), "width"));
}

// Characters that XML 1.0 cannot carry, and malformed UTF-8, make a file Excel refuses to open.
void expect_xml_safe(const std::string& xml) {
  EXPECT_TRUE(is_valid_utf8(xml));
  for (unsigned char c : xml)
    if (c < 0x20 && c != '\t' && c != '\n' && c != '\r') {
      ADD_FAILURE() << "control character " << static_cast<int>(c) << " in the XML";
      return;
    }
}

Unpacked xlsx_of(const Table& t, Lang lang) {
  auto bytes = to_xlsx(t, lang);
  if (!bytes.ok()) {
    ADD_FAILURE() << bytes.error().message;
    return Unpacked(std::string{});
  }
  EXPECT_TRUE(bytes->starts_with("PK\x03\x04"));
  return Unpacked(*bytes);
}

TEST(ExportXlsx, writes_chinese_headers_in_bold_and_text_as_inline_strings) {
  Unpacked book = xlsx_of(kpi_table(), Lang::zh);
  ASSERT_TRUE(book.ok());
  std::string sheet = book.part("xl/worksheets/sheet1.xml");
  std::string styles = book.part("xl/styles.xml");
  // Constant-memory mode writes every string inline in the sheet, so there is no sharedStrings.xml.
  EXPECT_FALSE(book.has("xl/sharedStrings.xml"));
  EXPECT_NE(cell_xml(sheet, "A1").find("t=\"inlineStr\"><is><t>团队</t></is>"), std::string::npos);
  EXPECT_NE(cell_xml(sheet, "C1").find("<t>SLA 达成率</t>"), std::string::npos);
  EXPECT_NE(cell_xml(sheet, "F1").find("<t>创建时间</t>"), std::string::npos);
  EXPECT_NE(cell_xml(sheet, "A2").find("<t>一线支持组</t>"), std::string::npos);
  EXPECT_NE(cell_xml(sheet, "A4").find("<t>Desk, \"Remote\"</t>"), std::string::npos);
  EXPECT_NE(styles.find("<b/>"), std::string::npos);
  EXPECT_NE(book.part("xl/workbook.xml").find("<sheet name=\"工单统计\""), std::string::npos);

  Unpacked en = xlsx_of(kpi_table(), Lang::en);
  ASSERT_TRUE(en.ok());
  EXPECT_NE(cell_xml(en.part("xl/worksheets/sheet1.xml"), "A1").find("<t>Team</t>"), std::string::npos);
}

TEST(ExportXlsx, numbers_carry_the_format_of_their_column) {
  Unpacked book = xlsx_of(kpi_table(), Lang::zh);
  ASSERT_TRUE(book.ok());
  std::string sheet = book.part("xl/worksheets/sheet1.xml");
  std::string styles = book.part("xl/styles.xml");

  EXPECT_NE(cell_xml(sheet, "B2").find("<v>42</v>"), std::string::npos);
  EXPECT_EQ(format_code(styles, cell_xml(sheet, "B2")), "0");
  EXPECT_NE(cell_xml(sheet, "C2").find("<v>0.875</v>"), std::string::npos);  // the fraction
  EXPECT_EQ(format_code(styles, cell_xml(sheet, "C2")), "0.0%");
  EXPECT_NE(cell_xml(sheet, "D2").find("<v>12</v>"), std::string::npos);  // minutes are whole
  EXPECT_EQ(format_code(styles, cell_xml(sheet, "D2")), "0");
  EXPECT_NE(cell_xml(sheet, "E2").find("<v>4.567</v>"), std::string::npos);
  EXPECT_EQ(format_code(styles, cell_xml(sheet, "E2")), "0.00");
  EXPECT_EQ(format_code(styles, cell_xml(sheet, "F2")), "yyyy-mm-dd hh:mm");
  EXPECT_EQ(format_code(styles, cell_xml(sheet, "A2")), "");
  // Empty cells are not written at all.
  EXPECT_EQ(cell_xml(sheet, "C4"), "");
  EXPECT_EQ(cell_xml(sheet, "F4"), "");
}

TEST(ExportXlsx, datetimes_are_excel_dates_in_the_tables_local_time) {
  Unpacked book = xlsx_of(kpi_table(), Lang::zh);
  ASSERT_TRUE(book.ok());
  std::string sheet = book.part("xl/worksheets/sheet1.xml");
  auto value = [&](const std::string& ref) {
    std::string c = cell_xml(sheet, ref);
    auto at = c.find("<v>") + 3;
    return std::stod(c.substr(at, c.find("</v>") - at));
  };
  // 2026-11-27 05:32 UTC is 13:32 in Shanghai; Excel counts days from 1899-12-30.
  double days = static_cast<double>((sys_days{2026y / 11 / 27} - sys_days{1899y / 12 / 30}).count());
  EXPECT_NEAR(value("F2"), days + (13 * 60 + 32) / 1440.0, 1e-9);
  // 2026-11-30 16:05 UTC is the next day, 00:05, in Shanghai.
  EXPECT_NEAR(value("F3"), days + 4 + 5 / 1440.0, 1e-9);
}

TEST(ExportXlsx, the_header_row_is_frozen_and_columns_fit_chinese_text) {
  Table t;
  t.title = "工单";
  t.columns = {{"subject", "主题", "Subject", CellKind::text}, {"code", "编号", "Code", CellKind::text}};
  t.rows = {{std::string("打印机卡纸无法打印文件"), std::string("abcdefghijk")}};  // 11 characters each
  Unpacked book = xlsx_of(t, Lang::zh);
  ASSERT_TRUE(book.ok());
  std::string sheet = book.part("xl/worksheets/sheet1.xml");
  EXPECT_NE(sheet.find("<pane ySplit=\"1\" topLeftCell=\"A2\" activePane=\"bottomLeft\" state=\"frozen\"/>"),
            std::string::npos);
  double cjk = column_width(sheet, 1), ascii = column_width(sheet, 2);
  EXPECT_GE(cjk, 22);  // a Chinese character is two columns wide
  EXPECT_GE(ascii, 11);
  EXPECT_LT(ascii, 18);
}

TEST(ExportXlsx, a_chart_sheet_draws_the_value_columns_over_the_category_column) {
  Table t = kpi_table();
  t.chart = ChartSpec{"各组工单", 0, {1, 2}, false};
  Unpacked book = xlsx_of(t, Lang::zh);
  ASSERT_TRUE(book.ok());
  ASSERT_TRUE(book.has("xl/charts/chart1.xml"));
  std::string chart = book.part("xl/charts/chart1.xml");
  EXPECT_NE(chart.find("<c:barChart>"), std::string::npos);
  EXPECT_NE(chart.find("<c:barDir val=\"col\"/>"), std::string::npos);
  // Series names are the columns' titles, categories the team names, values the data rows.
  EXPECT_NE(chart.find("<c:tx><c:strRef><c:f>'工单统计'!$B$1</c:f>"), std::string::npos);
  EXPECT_NE(chart.find("<c:cat><c:numRef><c:f>'工单统计'!$A$2:$A$4</c:f>"), std::string::npos);
  EXPECT_NE(chart.find("<c:val><c:numRef><c:f>'工单统计'!$B$2:$B$4</c:f>"), std::string::npos);
  EXPECT_NE(chart.find("<c:f>'工单统计'!$C$2:$C$4</c:f>"), std::string::npos);
  EXPECT_NE(chart.find("各组工单"), std::string::npos);
  std::string workbook = book.part("xl/workbook.xml");
  EXPECT_NE(workbook.find("<sheet name=\"图表\""), std::string::npos);
  EXPECT_LT(workbook.find("<sheet name=\"工单统计\""), workbook.find("<sheet name=\"图表\""));
  EXPECT_TRUE(book.has("xl/chartsheets/sheet1.xml"));

  t.chart->line = true;
  Unpacked line = xlsx_of(t, Lang::en);
  ASSERT_TRUE(line.ok());
  EXPECT_NE(line.part("xl/charts/chart1.xml").find("<c:lineChart>"), std::string::npos);
  EXPECT_NE(line.part("xl/workbook.xml").find("<sheet name=\"Chart\""), std::string::npos);
}

TEST(ExportXlsx, no_chart_is_drawn_without_rows_or_without_being_asked) {
  Table t = kpi_table();
  Unpacked plain = xlsx_of(t, Lang::zh);
  ASSERT_TRUE(plain.ok());
  EXPECT_FALSE(plain.has("xl/charts/chart1.xml"));

  t.chart = ChartSpec{"各组工单", 0, {1}, false};
  t.rows.clear();
  Unpacked empty = xlsx_of(t, Lang::zh);
  ASSERT_TRUE(empty.ok());
  EXPECT_FALSE(empty.has("xl/charts/chart1.xml"));
  std::string sheet = empty.part("xl/worksheets/sheet1.xml");
  EXPECT_NE(cell_xml(sheet, "A1").find("<t>团队</t>"), std::string::npos);
  EXPECT_EQ(sheet.find("<row r=\"2\""), std::string::npos);
}

TEST(ExportXlsx, hostile_text_stays_text_and_the_file_stays_well_formed) {
  Table t;
  t.title = "工单<列表>&";
  t.columns = {{"subject", "主题", "Subject", CellKind::text}};
  t.rows = {{std::string("=cmd|' /C calc'!A0")},
            {std::string("<script>alert(1)</script>")},
            {std::string("bell\x01\x02 and\x1f nul\0 end", 20)},
            {std::string("bad \xFF\xFE utf-8 \xE6\x89")},
            {std::string("tab\tline\ncr\r")},
            {std::string(40000, 'x')}};
  Unpacked book = xlsx_of(t, Lang::zh);
  ASSERT_TRUE(book.ok());
  std::string sheet = book.part("xl/worksheets/sheet1.xml");
  for (const char* part : {"xl/worksheets/sheet1.xml", "xl/workbook.xml", "docProps/app.xml"})
    expect_xml_safe(book.part(part));
  // Text is never a formula in XLSX: no <f> element, the text as an inline string.
  EXPECT_EQ(sheet.find("<f>"), std::string::npos);
  EXPECT_NE(cell_xml(sheet, "A2").find("<t>=cmd|' /C calc'!A0</t>"), std::string::npos);
  EXPECT_NE(cell_xml(sheet, "A3").find("<t>&lt;script&gt;alert(1)&lt;/script&gt;</t>"), std::string::npos);
  EXPECT_NE(cell_xml(sheet, "A4").find("<t>bell and nul end</t>"), std::string::npos);
  EXPECT_NE(cell_xml(sheet, "A5").find("<t>bad \xEF\xBF\xBD\xEF\xBF\xBD utf-8 \xEF\xBF\xBD\xEF\xBF\xBD</t>"),
            std::string::npos);
  EXPECT_NE(cell_xml(sheet, "A6").find("tab\tline\ncr"), std::string::npos);
  // Excel holds at most 32,767 characters in a cell.
  EXPECT_NE(cell_xml(sheet, "A7").find("<t>" + std::string(32767, 'x') + "</t>"), std::string::npos);
  EXPECT_NE(book.part("xl/workbook.xml").find("<sheet name=\"工单&lt;列表&gt;&amp;\""), std::string::npos);
}

TEST(ExportXlsx, sheet_names_keep_to_excels_rules) {
  auto name_of = [](const std::string& title, Lang lang) {
    Table t;
    t.title = title;
    t.columns = {{"a", "甲", "A", CellKind::text}};
    Unpacked book = xlsx_of(t, lang);
    std::string wb = book.part("xl/workbook.xml");
    auto at = wb.find("<sheet name=\"") + 13;
    return wb.substr(at, wb.find('"', at) - at);
  };
  EXPECT_EQ(name_of("SLA 2026/11: [team]*?", Lang::en), "SLA 2026 11 team");
  EXPECT_EQ(name_of("", Lang::zh), "报表");
  EXPECT_EQ(name_of("'''", Lang::en), "Report");
  EXPECT_EQ(name_of("History", Lang::en), "History 1");
  std::string long_zh =
      name_of("二〇二六年十一月第四十八周一线支持组与二线支持组工单处理情况周报告", Lang::zh);
  EXPECT_EQ(utf8_length(long_zh), 31u);
  EXPECT_EQ(name_of("Chart", Lang::en), "Chart");  // the chart sheet steps aside (see next test)
}

TEST(ExportXlsx, the_chart_sheet_never_takes_the_data_sheets_name) {
  Table t = kpi_table();
  t.title = "图表";
  t.chart = ChartSpec{"", 0, {1}, false};
  Unpacked book = xlsx_of(t, Lang::zh);
  ASSERT_TRUE(book.ok());
  std::string wb = book.part("xl/workbook.xml");
  EXPECT_NE(wb.find("<sheet name=\"图表\""), std::string::npos);
  EXPECT_NE(wb.find("<sheet name=\"图表 2\""), std::string::npos);
}

TEST(ExportXlsx, streams_two_thousand_rows_to_the_last_one) {
  Table header = kpi_table();
  header.rows.clear();
  int produced = 0;
  bool always_emptied = true;
  auto bytes = to_xlsx_stream(header, Lang::zh, [&](std::vector<Cell>& row) {
    always_emptied = always_emptied && row.empty();
    if (produced == 2000) return false;
    ++produced;
    row = {std::string("工单 ") + std::to_string(produced),
           std::int64_t{produced},
           0.5,
           std::int64_t{3},
           1.5,
           utc_ms(2026, 11, 27, 5, 32)};
    return true;
  });
  ASSERT_TRUE(bytes.ok()) << bytes.error().message;
  EXPECT_TRUE(always_emptied);
  Unpacked book(*bytes);
  ASSERT_TRUE(book.ok());
  std::string sheet = book.part("xl/worksheets/sheet1.xml");
  EXPECT_NE(cell_xml(sheet, "A2001").find("<t>工单 2000</t>"), std::string::npos);
  EXPECT_NE(cell_xml(sheet, "B2001").find("<v>2000</v>"), std::string::npos);
  EXPECT_EQ(sheet.find("<row r=\"2002\""), std::string::npos);
  EXPECT_NE(sheet.find("<dimension ref=\"A1:F2001\"/>"), std::string::npos);
}

TEST(ExportXlsx, leaves_no_temporary_file_behind_on_success_or_failure) {
  ScratchDir tmp;
  ScopedEnv env("TMPDIR", tmp.path().string());
  auto ok = to_xlsx(kpi_table(), Lang::zh);
  ASSERT_TRUE(ok.ok()) << ok.error().message;
  EXPECT_TRUE(fs::is_empty(tmp.path()));

  Table bad = kpi_table();
  bad.chart = ChartSpec{"x", 0, {1, 9}, false};
  auto failed = to_xlsx(bad, Lang::zh);
  ASSERT_FALSE(failed.ok());
  EXPECT_EQ(failed.error().code, Errc::internal);
  EXPECT_TRUE(fs::is_empty(tmp.path()));

  Table header = kpi_table();
  int rows = 0;
  auto stopped = to_xlsx_stream(header, Lang::zh, [&](std::vector<Cell>& row) {
    row = {std::string("x")};
    return ++rows < 10;
  });
  ASSERT_TRUE(stopped.ok());
  EXPECT_TRUE(fs::is_empty(tmp.path()));
}

TEST(ExportXlsx, an_unwritable_temporary_directory_is_unavailable) {
  ScopedEnv env("TMPDIR", "/nonexistent/techdesk-export");
  auto r = to_xlsx(kpi_table(), Lang::zh);
  ASSERT_FALSE(r.ok());
  EXPECT_EQ(r.error().code, Errc::unavailable);
}

TEST(ExportXlsx, a_bad_table_is_an_internal_error) {
  Table t = kpi_table();
  t.zone = "Mars/Olympus_Mons";
  auto zone = to_xlsx(t, Lang::zh);
  ASSERT_FALSE(zone.ok());
  EXPECT_EQ(zone.error().code, Errc::internal);

  Table c = kpi_table();
  c.chart = ChartSpec{"x", -1, {1}, false};
  auto chart = to_xlsx(c, Lang::zh);
  ASSERT_FALSE(chart.ok());
  EXPECT_EQ(chart.error().code, Errc::internal);
}

TEST(ExportXlsx, cells_that_do_not_fit_their_column_are_written_as_what_they_are) {
  Table t;
  t.columns = {{"a", "文本", "Text", CellKind::text},
               {"b", "整数", "Int", CellKind::integer},
               {"c", "比率", "Rate", CellKind::percent},
               {"d", "时间", "At", CellKind::datetime}};
  t.rows = {{std::int64_t{42}, std::string("n/a"), std::numeric_limits<double>::infinity(),
             std::numeric_limits<std::int64_t>::max()},
            {std::string("short row")}};
  Unpacked book = xlsx_of(t, Lang::en);
  ASSERT_TRUE(book.ok());
  std::string sheet = book.part("xl/worksheets/sheet1.xml");
  EXPECT_NE(cell_xml(sheet, "A2").find("<v>42</v>"), std::string::npos);
  EXPECT_NE(cell_xml(sheet, "B2").find("<t>n/a</t>"), std::string::npos);
  EXPECT_EQ(cell_xml(sheet, "C2"), "");  // infinity has no place in a sheet
  EXPECT_NE(cell_xml(sheet, "D2").find("<v>9.223372036854776E+18</v>"), std::string::npos);  // not a time
  EXPECT_EQ(format_code(book.part("xl/styles.xml"), cell_xml(sheet, "D2")), "");
  EXPECT_NE(cell_xml(sheet, "A3").find("<t>short row</t>"), std::string::npos);
  EXPECT_EQ(cell_xml(sheet, "B3"), "");
}

// ---------------------------------------------------------------------------------------------------
// Reports of several tables

std::vector<Table> two_sections() {
  Table first = kpi_table();
  first.title = "本周指标";
  first.title_en = "KPIs";
  first.chart = ChartSpec{"各组工单", 0, {1}, false};
  Table second;
  second.title = "下周计划";
  second.title_en = "Next week's plan";
  second.columns = {{"plan", "计划", "Plan", CellKind::text}};
  second.rows = {{std::string("=巡检")}, {std::string("a, \"b\"")}};
  return {first, second};
}

TEST(ExportSections, csv_opens_each_section_with_its_title_after_an_empty_line) {
  std::vector<Table> tables = two_sections();
  std::string csv = to_csv_sections(tables, Lang::zh);
  std::string first = to_csv(tables[0], Lang::zh).substr(k_bom.size());
  EXPECT_EQ(csv, std::string(k_bom) + "本周指标\r\n" + first +
                     "\r\n下周计划\r\n计划\r\n'=巡检\r\n\"a, \"\"b\"\"\"\r\n");
  EXPECT_TRUE(to_csv_sections(tables, Lang::en).find("\r\nNext week's plan\r\nPlan\r\n") !=
              std::string::npos);
}

TEST(ExportSections, one_table_is_written_as_to_csv_writes_it) {
  Table t = kpi_table();
  t.title = "不写标题";
  EXPECT_EQ(to_csv_sections({t}, Lang::zh), to_csv(t, Lang::zh));
}

TEST(ExportSheets, each_table_gets_its_sheet_and_its_chart_sheet_names_whose_chart_it_is) {
  auto bytes = to_xlsx_sheets(two_sections(), Lang::zh);
  ASSERT_TRUE(bytes.ok()) << bytes.error().message;
  Unpacked book(*bytes);
  ASSERT_TRUE(book.ok());
  std::string wb = book.part("xl/workbook.xml");
  auto kpis = wb.find("<sheet name=\"本周指标\"");
  auto chart = wb.find("<sheet name=\"本周指标 图表\"");
  auto plan = wb.find("<sheet name=\"下周计划\"");
  ASSERT_NE(kpis, std::string::npos);
  ASSERT_NE(chart, std::string::npos);
  ASSERT_NE(plan, std::string::npos);
  EXPECT_LT(kpis, chart);
  EXPECT_LT(chart, plan);
  EXPECT_NE(cell_xml(book.part("xl/worksheets/sheet1.xml"), "A2").find("一线支持组"), std::string::npos);
  std::string second = book.part("xl/worksheets/sheet2.xml");
  EXPECT_NE(cell_xml(second, "A1").find("<t>计划</t>"), std::string::npos);
  EXPECT_NE(cell_xml(second, "A2").find("<t>=巡检</t>"), std::string::npos);
  EXPECT_EQ(second.find("<f>"), std::string::npos);
  EXPECT_NE(book.part("xl/charts/chart1.xml").find("<c:f>'本周指标'!$A$2:$A$4</c:f>"), std::string::npos);

  auto en = to_xlsx_sheets(two_sections(), Lang::en);
  ASSERT_TRUE(en.ok());
  std::string en_wb = Unpacked(*en).part("xl/workbook.xml");
  EXPECT_NE(en_wb.find("<sheet name=\"KPIs\""), std::string::npos);
  EXPECT_NE(en_wb.find("<sheet name=\"KPIs chart\""), std::string::npos);
  EXPECT_NE(en_wb.find("<sheet name=\"Next week's plan\""), std::string::npos);
}

TEST(ExportSheets, sheet_names_that_would_repeat_are_numbered) {
  std::vector<Table> tables = two_sections();
  tables[1].title = "本周指标";
  tables.push_back(tables[1]);
  auto bytes = to_xlsx_sheets(tables, Lang::zh);
  ASSERT_TRUE(bytes.ok());
  std::string wb = Unpacked(*bytes).part("xl/workbook.xml");
  EXPECT_NE(wb.find("<sheet name=\"本周指标 2\""), std::string::npos);
  EXPECT_NE(wb.find("<sheet name=\"本周指标 3\""), std::string::npos);
  EXPECT_FALSE(to_xlsx_sheets({}, Lang::zh).ok());
}

TEST(ExportXlsx, a_chart_may_leave_out_the_rows_after_the_first_ones) {
  Table t = kpi_table();
  t.chart = ChartSpec{"各组工单", 0, {1}, false};
  t.chart->rows = 2;
  Unpacked book = xlsx_of(t, Lang::zh);
  ASSERT_TRUE(book.ok());
  EXPECT_NE(book.part("xl/charts/chart1.xml").find("<c:f>'工单统计'!$B$2:$B$3</c:f>"), std::string::npos);
  t.chart->rows = 0;
  EXPECT_FALSE(xlsx_of(t, Lang::zh).has("xl/charts/chart1.xml"));
}

}  // namespace
}  // namespace techdesk::report
