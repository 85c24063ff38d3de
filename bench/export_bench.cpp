// Report export figures (not a test): a ticket list of ROWS rows (default 100,000) and ten columns —
// Chinese subjects, names and states, integers, two datetimes, minutes and a percentage — written to XLSX
// through report::to_xlsx_stream (rows made one at a time, never held as a list) RUNS times (default 5),
// then to CSV through report::to_csv from a list in memory (as the CSV export route holds it).
// Prints the median and p99 time of the XLSX runs, the CSV time, the output sizes and the peak RSS.
// Targets (issue 9): 100,000 rows in at most 5 s and 200 MB.
//
//   export_bench [--rows 100000] [--runs 5]
#include <sys/resource.h>
#include <time.h>

#include <algorithm>
#include <array>
#include <chrono>
#include <cstdio>
#include <cstdlib>
#include <cstring>
#include <string>
#include <vector>

#include "report/export.h"

using namespace techdesk;
using report::Cell;
using report::CellKind;

namespace {

long arg(int argc, char** argv, const char* name, long fallback) {
  for (int i = 1; i + 1 < argc; ++i)
    if (std::strcmp(argv[i], name) == 0) return std::strtol(argv[i + 1], nullptr, 10);
  return fallback;
}

double ms_since(std::chrono::steady_clock::time_point t) {
  return std::chrono::duration<double, std::milli>(std::chrono::steady_clock::now() - t).count();
}

// CPU time of the process (user + system): the machine's other work does not count, unlike wall time.
double cpu_ms() {
  timespec ts{};
  clock_gettime(CLOCK_PROCESS_CPUTIME_ID, &ts);
  return static_cast<double>(ts.tv_sec) * 1e3 + static_cast<double>(ts.tv_nsec) / 1e6;
}

double peak_rss_mb() {
  rusage u{};
  getrusage(RUSAGE_SELF, &u);
  return static_cast<double>(u.ru_maxrss) / 1024.0;  // ru_maxrss is in KiB on Linux
}

report::Table ticket_list_header() {
  report::Table t;
  t.title = "工单列表";
  t.columns = {{"id", "ID", "ID", CellKind::integer},
               {"number", "工单号", "Number", CellKind::text},
               {"subject", "主题", "Subject", CellKind::text},
               {"state", "状态", "State", CellKind::text},
               {"priority", "优先级", "Priority", CellKind::text},
               {"team", "团队", "Team", CellKind::text},
               {"assignee", "处理人", "Assignee", CellKind::text},
               {"created_at", "创建时间", "Created", CellKind::datetime},
               {"resolved_at", "解决时间", "Resolved", CellKind::datetime},
               {"sla_used", "SLA 已用", "SLA used", CellKind::percent}};
  return t;
}

constexpr std::array k_subjects = {"打印机卡纸，无法打印合同文件",     "VPN 连接后频繁掉线，影响远程办公",
                                   "邮箱容量已满，无法接收外部邮件",   "财务系统登录提示密码过期",
                                   "会议室投影仪无信号输入",           "新员工入职需要开通账号和门禁权限",
                                   "ERP 报表导出数据不完整",           "笔记本电脑开机蓝屏 0x0000007B",
                                   "共享盘 \\\\fs01\\财务 访问被拒绝", "=HYPERLINK(\"http://x\",\"点我\")"};
constexpr std::array k_states = {"新建", "已分派", "处理中", "等待客户", "已解决", "已关闭"};
constexpr std::array k_priorities = {"P1", "P2", "P3", "P4"};
constexpr std::array k_teams = {"一线支持组", "二线支持组", "网络组", "桌面运维组", "应用支持组"};
constexpr std::array k_people = {"张伟", "王芳", "李娜", "刘洋", "陈静", "杨磊", "赵敏", "黄强"};

// Row i of the list, made from its index alone (so the streaming run holds one row at a time).
void ticket_row(std::int64_t i, std::vector<Cell>& row) {
  const std::int64_t start = 1793491200000;  // 2026-11-01T00:00:00Z
  std::int64_t created = start + i * 37'000;
  bool resolved = i % 3 != 0;
  char number[32];
  std::snprintf(number, sizeof number, "INC%010lld", static_cast<long long>(i + 1));
  row.clear();
  row.emplace_back(i + 1);
  row.emplace_back(std::string(number));
  row.emplace_back(std::string(k_subjects[static_cast<std::size_t>(i) % k_subjects.size()]) + " #" +
                   std::to_string(i + 1));
  row.emplace_back(std::string(k_states[static_cast<std::size_t>(i * 7) % k_states.size()]));
  row.emplace_back(std::string(k_priorities[static_cast<std::size_t>(i * 5) % k_priorities.size()]));
  row.emplace_back(std::string(k_teams[static_cast<std::size_t>(i * 3) % k_teams.size()]));
  row.emplace_back(std::string(k_people[static_cast<std::size_t>(i * 11) % k_people.size()]));
  row.emplace_back(created);
  if (resolved)
    row.emplace_back(created + 3'600'000 + (i % 97) * 60'000);
  else
    row.emplace_back(std::monostate{});
  row.emplace_back(static_cast<double>(i % 1000) / 1000.0);
}

}  // namespace

int main(int argc, char** argv) {
  const long rows = arg(argc, argv, "--rows", 100000);
  const long runs = std::max(1L, arg(argc, argv, "--runs", 5));
  std::printf("export_bench: %ld rows x 10 columns, %ld XLSX runs\n", rows, runs);

  std::vector<double> times, cpu_times;
  std::size_t xlsx_bytes = 0;
  for (long r = 0; r < runs; ++r) {
    report::Table header = ticket_list_header();
    std::int64_t next = 0;
    auto t0 = std::chrono::steady_clock::now();
    const double c0 = cpu_ms();
    auto bytes = report::to_xlsx_stream(header, report::Lang::zh, [&](std::vector<Cell>& row) {
      if (next >= rows) return false;
      ticket_row(next++, row);
      return true;
    });
    times.push_back(ms_since(t0));
    cpu_times.push_back(cpu_ms() - c0);
    if (!bytes.ok()) {
      std::fprintf(stderr, "xlsx failed: %s\n", bytes.error().message.c_str());
      return 1;
    }
    xlsx_bytes = bytes->size();
  }
  std::sort(times.begin(), times.end());
  std::sort(cpu_times.begin(), cpu_times.end());
  auto quantile = [](const std::vector<double>& v, double q) {
    return v[std::min(v.size() - 1, static_cast<std::size_t>(q * static_cast<double>(v.size())))];
  };
  auto at = [&](double q) { return quantile(times, q); };
  const double xlsx_rss = peak_rss_mb();
  std::printf("xlsx (to_xlsx_stream)  median %8.1f ms   p99 %8.1f ms   min %8.1f ms   size %6.1f MB\n",
              at(0.5), at(0.99), times.front(), static_cast<double>(xlsx_bytes) / 1e6);
  std::printf("xlsx CPU time (user+sys) median %8.1f ms   p99 %8.1f ms\n", quantile(cpu_times, 0.5),
              quantile(cpu_times, 0.99));
  std::printf("peak RSS after xlsx    %8.1f MB\n", xlsx_rss);

  report::Table table = ticket_list_header();
  auto fill0 = std::chrono::steady_clock::now();
  table.rows.resize(static_cast<std::size_t>(rows));
  for (long i = 0; i < rows; ++i)
    ticket_row(i, table.rows[static_cast<std::size_t>(i)]);
  const double fill_ms = ms_since(fill0);
  auto csv0 = std::chrono::steady_clock::now();
  const double csv_c0 = cpu_ms();
  std::string csv = report::to_csv(table, report::Lang::zh);
  const double csv_ms = ms_since(csv0);
  const double csv_cpu = cpu_ms() - csv_c0;
  std::printf(
      "csv (to_csv)           %8.1f ms   CPU %8.1f ms   size %6.1f MB   (rows built in memory first: %.1f "
      "ms)\n",
      csv_ms, csv_cpu, static_cast<double>(csv.size()) / 1e6, fill_ms);
  std::printf("peak RSS after csv     %8.1f MB\n", peak_rss_mb());

  const bool time_ok = at(0.99) <= 5000 && csv_ms <= 5000;
  const bool rss_ok = peak_rss_mb() <= 200;
  std::printf("targets (100,000 rows <= 5 s, <= 200 MB): time %s, memory %s\n", time_ok ? "met" : "MISSED",
              rss_ok ? "met" : "MISSED");
  return 0;
}
