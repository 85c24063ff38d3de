#include "report/review_rules.h"

#include <date/tz.h>

#include <algorithm>
#include <cmath>
#include <map>
#include <set>

namespace techdesk::report {

namespace {

constexpr std::pair<IndicatorGroup, std::string_view> k_groups[] = {
    {IndicatorGroup::work_completion, "work_completion"},
    {IndicatorGroup::skill, "skill"},
    {IndicatorGroup::attitude, "attitude"},
    {IndicatorGroup::quality, "quality"},
};
constexpr std::pair<IndicatorSource, std::string_view> k_sources[] = {
    {IndicatorSource::computed, "computed"},
    {IndicatorSource::manual, "manual"},
};
constexpr std::pair<Metric, std::string_view> k_metrics[] = {
    {Metric::volume, "volume"},
    {Metric::resolution_rate, "resolution_rate"},
    {Metric::sla_compliance, "sla_compliance"},
    {Metric::csat, "csat"},
    {Metric::complaints, "complaints"},
    {Metric::reopen_rate, "reopen_rate"},
    {Metric::kb_articles, "kb_articles"},
};
constexpr std::pair<CycleState, std::string_view> k_cycle_states[] = {
    {CycleState::draft, "draft"},
    {CycleState::published, "published"},
    {CycleState::closed, "closed"},
};
constexpr std::pair<AppealState, std::string_view> k_appeal_states[] = {
    {AppealState::open, "open"},
    {AppealState::answered, "answered"},
};

template <class E, std::size_t N>
std::string_view lookup(const std::pair<E, std::string_view> (&table)[N], E v) {
  for (const auto& [e, s] : table)
    if (e == v) return s;
  return table[0].second;
}
template <class E, std::size_t N>
std::optional<E> reverse(const std::pair<E, std::string_view> (&table)[N], std::string_view s) {
  for (const auto& [e, n] : table)
    if (n == s) return e;
  return std::nullopt;
}

bool valid_key(std::string_view k) {
  if (k.empty() || k.size() > 40) return false;
  return std::all_of(k.begin(), k.end(),
                     [](char c) { return (c >= 'a' && c <= 'z') || (c >= '0' && c <= '9') || c == '_'; });
}

// Characters, not bytes: a UTF-8 lead byte starts each one.
std::size_t utf8_length(std::string_view s) {
  return static_cast<std::size_t>(std::count_if(
      s.begin(), s.end(), [](char c) { return (static_cast<unsigned char>(c) & 0xC0) != 0x80; }));
}

bool digits(std::string_view s) {
  return !s.empty() && std::all_of(s.begin(), s.end(), [](char c) { return c >= '0' && c <= '9'; });
}

int to_int(std::string_view s) {
  int v = 0;
  for (char c : s)
    v = v * 10 + (c - '0');
  return v;
}

std::string two(int v) {
  return (v < 10 ? "0" : "") + std::to_string(v);
}

// "92.3%" for num / den.
std::string percent(std::int64_t num, std::int64_t den) {
  return format_tenths(round_div(1000 * num, den)) + "%";
}

std::string num(std::int64_t v) {
  return std::to_string(v);
}

}  // namespace

std::string_view name(IndicatorGroup v) {
  return lookup(k_groups, v);
}
std::string_view name(IndicatorSource v) {
  return lookup(k_sources, v);
}
std::string_view name(Metric v) {
  return lookup(k_metrics, v);
}
std::string_view name(CycleState v) {
  return lookup(k_cycle_states, v);
}
std::string_view name(AppealState v) {
  return lookup(k_appeal_states, v);
}
std::optional<IndicatorGroup> parse_indicator_group(std::string_view s) {
  return reverse(k_groups, s);
}
std::optional<IndicatorSource> parse_indicator_source(std::string_view s) {
  return reverse(k_sources, s);
}
std::optional<Metric> parse_metric(std::string_view s) {
  return reverse(k_metrics, s);
}
std::optional<AppealState> parse_appeal_state(std::string_view s) {
  return reverse(k_appeal_states, s);
}

// ---- indicators ----

std::vector<Indicator> default_indicators() {
  using G = IndicatorGroup;
  using S = IndicatorSource;
  return {
      {"volume", "工单量", "Tickets resolved", G::work_completion, 15, S::computed, Metric::volume},
      {"resolution_rate", "解决率", "Resolution rate", G::work_completion, 15, S::computed,
       Metric::resolution_rate},
      {"sla_compliance", "SLA 达成率", "SLA compliance", G::work_completion, 15, S::computed,
       Metric::sla_compliance},
      {"skill_level", "技术水平", "Skill level", G::skill, 10, S::manual, std::nullopt},
      {"certifications", "资质证书", "Certifications", G::skill, 5, S::manual, std::nullopt},
      {"kb_articles", "知识贡献", "Knowledge articles", G::skill, 10, S::computed, Metric::kb_articles},
      {"csat", "客户满意度", "Customer satisfaction", G::attitude, 10, S::computed, Metric::csat},
      {"complaints", "有效投诉", "Complaints", G::attitude, 5, S::computed, Metric::complaints},
      {"teamwork", "团队协作", "Teamwork", G::attitude, 5, S::manual, std::nullopt},
      {"reopen_rate", "重开率", "Reopen rate", G::quality, 10, S::computed, Metric::reopen_rate},
  };
}

Result<void> validate_indicators(const std::vector<Indicator>& list) {
  if (list.empty()) return Error::invalid("indicators", "a cycle needs at least one indicator");
  if (list.size() > 30) return Error::invalid("indicators", "a cycle has at most 30 indicators");
  std::set<std::string> keys;
  std::set<Metric> metrics;
  int sum = 0;
  for (std::size_t i = 0; i < list.size(); ++i) {
    const Indicator& ind = list[i];
    const std::string f = "indicators[" + std::to_string(i) + "]";
    if (!valid_key(ind.key))
      return Error::invalid(f + ".key", f + ".key must be 1 to 40 characters of a-z, 0-9 and _");
    if (!keys.insert(ind.key).second)
      return Error::invalid(f + ".key", "the key " + ind.key + " is used twice");
    if (ind.name_zh.empty() || utf8_length(ind.name_zh) > 100)
      return Error::invalid(f + ".name_zh", f + ".name_zh must be 1 to 100 characters");
    if (ind.name_en.empty() || utf8_length(ind.name_en) > 100)
      return Error::invalid(f + ".name_en", f + ".name_en must be 1 to 100 characters");
    if (ind.weight < 0 || ind.weight > 100)
      return Error::invalid(f + ".weight", f + ".weight must be an integer from 0 to 100");
    if (ind.source == IndicatorSource::manual && ind.metric)
      return Error::invalid(f + ".metric", "a manual indicator has no metric (metric must be null)");
    if (ind.source == IndicatorSource::computed) {
      if (!ind.metric)
        return Error::invalid(f + ".metric",
                              "a computed indicator needs a metric: volume, resolution_rate, sla_compliance, "
                              "csat, complaints, reopen_rate or kb_articles");
      if (!metrics.insert(*ind.metric).second)
        return Error::invalid(f + ".metric",
                              "the metric " + std::string(name(*ind.metric)) + " is used twice");
    }
    sum += ind.weight;
  }
  if (sum != 100)
    return Error::invalid("indicators",
                          "the weights must sum to exactly 100 (they sum to " + std::to_string(sum) + ")");
  return ok();
}

Result<void> validate_appeal_days(int days) {
  if (days < 1 || days > 30)
    return Error::invalid("appeal_days", "appeal_days must be an integer from 1 to 30");
  return ok();
}

// ---- months and quarters ----

Result<void> check_month(std::string_view m, const std::string& field) {
  const bool shape = m.size() == 7 && m[4] == '-' && digits(m.substr(0, 4)) && digits(m.substr(5, 2));
  if (!shape || to_int(m.substr(0, 4)) < 2000 || to_int(m.substr(0, 4)) > 2099 ||
      to_int(m.substr(5, 2)) < 1 || to_int(m.substr(5, 2)) > 12)
    return Error::invalid(field, field + " must be a month as YYYY-MM, e.g. 2026-11");
  return ok();
}

std::pair<Timestamp, Timestamp> month_period(std::string_view m, const std::string& zone) {
  const int y = to_int(m.substr(0, 4));
  const unsigned mo = static_cast<unsigned>(to_int(m.substr(5, 2)));
  const date::time_zone* tz = date::locate_zone(zone);
  const date::year_month first{date::year{y}, date::month{mo}};
  const date::year_month next = first + date::months{1};
  auto at = [&](date::year_month ym) {
    const date::local_days d{ym / date::day{1}};
    return std::chrono::time_point_cast<std::chrono::milliseconds>(tz->to_sys(d, date::choose::earliest));
  };
  return {at(first), at(next)};
}

std::string month_of(Timestamp t, const std::string& zone) {
  const date::time_zone* tz = date::locate_zone(zone);
  const date::year_month_day ymd{date::floor<date::days>(tz->to_local(t))};
  return std::to_string(static_cast<int>(ymd.year())) + "-" + two(static_cast<int>(unsigned(ymd.month())));
}

std::string quarter_of(std::string_view m) {
  const int mo = to_int(m.substr(5, 2));
  return std::string(m.substr(0, 4)) + "-Q" + std::to_string((mo - 1) / 3 + 1);
}

bool is_quarter(std::string_view q) {
  return q.size() == 7 && digits(q.substr(0, 4)) && q.substr(4, 2) == "-Q" && q[6] >= '1' && q[6] <= '4' &&
         to_int(q.substr(0, 4)) >= 2000 && to_int(q.substr(0, 4)) <= 2099;
}

std::vector<std::string> months_of_quarter(std::string_view q) {
  const std::string y(q.substr(0, 4));
  const int first = (q[6] - '1') * 3 + 1;
  return {y + "-" + two(first), y + "-" + two(first + 1), y + "-" + two(first + 2)};
}

std::string previous_quarter(std::string_view q) {
  const int y = to_int(q.substr(0, 4));
  const int n = q[6] - '0';
  if (n == 1) return std::to_string(y - 1) + "-Q4";
  return std::to_string(y) + "-Q" + std::to_string(n - 1);
}

// ---- scores ----

std::int64_t round_div(std::int64_t a, std::int64_t b) {
  return (2 * a + b) / (2 * b);
}

std::string format_tenths(std::int64_t tenths) {
  const bool negative = tenths < 0;
  const std::int64_t t = negative ? -tenths : tenths;
  std::string out = (negative ? "-" : "") + std::to_string(t / 10);
  if (t % 10 != 0) out += "." + std::to_string(t % 10);
  return out;
}

std::int64_t volume_benchmark(std::vector<std::int64_t> volumes) {
  if (volumes.empty()) return 1;
  std::sort(volumes.begin(), volumes.end());
  const std::size_t n = volumes.size();
  const std::size_t position = (8 * n + 9) / 10;  // ceil(0.8 × n), 1-based
  return std::max<std::int64_t>(1, volumes[position - 1]);
}

MetricScore score_metric(Metric m, const EngineerFigures& f, std::int64_t benchmark) {
  MetricScore s;
  const std::string no_data_zh = "本月无可计算的数据，按基准分 " + format_tenths(k_no_data_tenths) + " 分计";
  const std::string no_data_en =
      "nothing to compute from this month: the base score of " + format_tenths(k_no_data_tenths) + " applies";
  // A rate num / den scored 100 × rate (or the base score without data).
  auto rate = [&](std::int64_t n, std::int64_t d, const std::string& what_zh, const std::string& what_en) {
    s.num = n;
    s.den = d;
    if (d == 0) {
      s.score_tenths = k_no_data_tenths;
      s.explain_zh = what_zh + "：0 单。" + no_data_zh;
      s.explain_en = what_en + ": none. " + no_data_en;
      return;
    }
    s.score_tenths = static_cast<int>(round_div(1000 * n, d));
    s.explain_zh = what_zh + "：" + num(d) + " 单，达标 " + num(n) + " 单，比率 " + percent(n, d) +
                   "；得分 = 100 × " + num(n) + " ÷ " + num(d) + " = " + format_tenths(s.score_tenths);
    s.explain_en = what_en + ": " + num(d) + ", of which " + num(n) + " count (" + percent(n, d) +
                   "); score = 100 × " + num(n) + " / " + num(d) + " = " + format_tenths(s.score_tenths);
  };
  switch (m) {
    case Metric::volume: {
      s.num = f.resolved;
      const std::int64_t b = std::max<std::int64_t>(1, benchmark);
      s.score_tenths = static_cast<int>(std::min<std::int64_t>(1000, round_div(1000 * f.resolved, b)));
      s.explain_zh = "本月解决 " + num(f.resolved) + " 单；本组基准（组内第 80 百分位）" + num(b) +
                     " 单；得分 = min(100, 100 × " + num(f.resolved) + " ÷ " + num(b) +
                     ") = " + format_tenths(s.score_tenths);
      s.explain_en = "resolved " + num(f.resolved) +
                     " tickets this month; the team's benchmark (80th percentile) is " + num(b) +
                     "; score = min(100, 100 × " + num(f.resolved) + " / " + num(b) +
                     ") = " + format_tenths(s.score_tenths);
      break;
    }
    case Metric::resolution_rate:
      rate(f.assigned_resolved, f.assigned, "本月新建并派给本人的工单（不含已取消）",
           "tickets created this month and assigned to them (not cancelled)");
      if (f.assigned > 0) {
        s.explain_zh += "（达标 = 已解决或已关闭）";
        s.explain_en += " (counting = resolved or closed)";
      }
      break;
    case Metric::sla_compliance:
      rate(f.sla_met, f.sla_total, "本月本人解决且有解决时限的工单",
           "tickets they resolved this month under a resolution target");
      if (f.sla_total > 0) {
        s.explain_zh += "（达标 = 未超解决时限）";
        s.explain_en += " (counting = resolved within the target)";
      }
      break;
    case Metric::csat: {
      s.num = f.csat_sum;
      s.den = f.csat_count;
      if (f.csat_count == 0) {
        s.score_tenths = k_no_data_tenths;
        s.explain_zh = "本月无满意度评价。" + no_data_zh;
        s.explain_en = "no satisfaction survey this month; " + no_data_en;
        break;
      }
      // 100 × (average − 1) / 4: 5 stars → 100, 1 star → 0.
      s.score_tenths = static_cast<int>(round_div(1000 * (f.csat_sum - f.csat_count), 4 * f.csat_count));
      const std::string avg = format_tenths(round_div(10 * f.csat_sum, f.csat_count));
      s.explain_zh = "本月 " + num(f.csat_count) + " 份评价，平均 " + avg +
                     " 分（满分 5）；得分 = 100 × (平均分 − 1) ÷ 4 = " + format_tenths(s.score_tenths);
      s.explain_en = num(f.csat_count) + " surveys this month, average " + avg +
                     " of 5; score = 100 × (average − 1) / 4 = " + format_tenths(s.score_tenths);
      break;
    }
    case Metric::complaints: {
      s.num = f.complaints_justified + f.complaints_partly;
      const std::int64_t t = 1000 - 400 * f.complaints_justified - 200 * f.complaints_partly;
      s.score_tenths = static_cast<int>(std::max<std::int64_t>(0, t));
      s.explain_zh = "本月有效投诉 " + num(f.complaints_justified) + " 件、部分有效 " +
                     num(f.complaints_partly) + " 件；得分 = max(0, 100 − 40 × " +
                     num(f.complaints_justified) + " − 20 × " + num(f.complaints_partly) +
                     ") = " + format_tenths(s.score_tenths);
      s.explain_en = num(f.complaints_justified) + " justified and " + num(f.complaints_partly) +
                     " partly justified complaints this month; score = max(0, 100 − 40 × " +
                     num(f.complaints_justified) + " − 20 × " + num(f.complaints_partly) +
                     ") = " + format_tenths(s.score_tenths);
      break;
    }
    case Metric::reopen_rate: {
      s.num = f.reopened;
      s.den = f.reopen_base;
      if (f.reopen_base == 0) {
        s.score_tenths = k_no_data_tenths;
        s.explain_zh = "本月本人未解决工单。" + no_data_zh;
        s.explain_en = "no ticket resolved this month; " + no_data_en;
        break;
      }
      // 100 − 400 × rate: 0 % → 100, 10 % → 60, 25 % or more → 0.
      const std::int64_t t = 1000 - round_div(4000 * f.reopened, f.reopen_base);
      s.score_tenths = static_cast<int>(std::max<std::int64_t>(0, t));
      s.explain_zh = "本月最近一次由本人解决的工单 " + num(f.reopen_base) + " 单，其中曾被重新打开 " +
                     num(f.reopened) + " 单，重开率 " + percent(f.reopened, f.reopen_base) +
                     "；得分 = max(0, 100 − 400 × 重开率) = " + format_tenths(s.score_tenths);
      s.explain_en = num(f.reopen_base) + " tickets last resolved by them this month, " + num(f.reopened) +
                     " of them reopened at some time (" + percent(f.reopened, f.reopen_base) +
                     "); score = max(0, 100 − 400 × reopen rate) = " + format_tenths(s.score_tenths);
      break;
    }
    case Metric::kb_articles: {
      s.num = f.kb_published;
      s.score_tenths = static_cast<int>(std::min<std::int64_t>(1000, 500 * f.kb_published));
      s.explain_zh = "本月发布本人撰写的知识文章 " + num(f.kb_published) + " 篇；得分 = min(100, 50 × " +
                     num(f.kb_published) + ") = " + format_tenths(s.score_tenths);
      s.explain_en = num(f.kb_published) +
                     " knowledge articles they wrote were published this month; score = " + "min(100, 50 × " +
                     num(f.kb_published) + ") = " + format_tenths(s.score_tenths);
      break;
    }
  }
  return s;
}

std::optional<double> metric_value(std::optional<Metric> m, const std::optional<std::int64_t>& n,
                                   const std::optional<std::int64_t>& d) {
  if (!m || !n) return std::nullopt;
  switch (*m) {
    case Metric::volume:
    case Metric::complaints:
    case Metric::kb_articles:
      return static_cast<double>(*n);
    case Metric::resolution_rate:
    case Metric::sla_compliance:
    case Metric::reopen_rate:
      if (!d || *d == 0) return std::nullopt;
      return static_cast<double>(round_div(10000 * *n, *d)) / 10000.0;
    case Metric::csat:
      if (!d || *d == 0) return std::nullopt;
      return static_cast<double>(round_div(100 * *n, *d)) / 100.0;
  }
  return std::nullopt;
}

Result<int> score_tenths_from(double score, const std::string& field) {
  if (!std::isfinite(score) || score < 0 || score > 100)
    return Error::invalid(field, field + " must be a number from 0 to 100");
  const double tenths = score * 10;
  const double rounded = std::round(tenths);
  if (std::fabs(tenths - rounded) > 1e-6)
    return Error::invalid(field, field + " may have at most one decimal (e.g. 87.5)");
  return static_cast<int>(rounded);
}

std::int64_t total_milli(const std::vector<Indicator>& indicators, const std::vector<ScoreItem>& items) {
  std::int64_t total = 0;
  for (const auto& ind : indicators)
    for (const auto& it : items)
      if (it.key == ind.key && it.score_tenths) total += weighted_milli(*it.score_tenths, ind.weight);
  return total;
}

std::vector<std::string> unscored(const std::vector<Indicator>& indicators,
                                  const std::vector<ScoreItem>& items) {
  std::vector<std::string> out;
  for (const auto& ind : indicators) {
    if (ind.source != IndicatorSource::manual || ind.weight == 0) continue;
    auto it = std::find_if(items.begin(), items.end(), [&](const ScoreItem& i) { return i.key == ind.key; });
    if (it == items.end() || !it->score_tenths) out.push_back(ind.key);
  }
  return out;
}

// ---- ranking ----

int bottom_count(int n) {
  return n / 5;
}

std::vector<Ranked> rank(const std::vector<std::pair<Id, std::int64_t>>& totals) {
  std::vector<Ranked> out;
  out.reserve(totals.size());
  for (const auto& [id, total] : totals)
    out.push_back({id, total, 0, false});
  std::sort(out.begin(), out.end(), [](const Ranked& a, const Ranked& b) {
    return a.total != b.total ? a.total > b.total : a.id < b.id;
  });
  const int n = static_cast<int>(out.size());
  const int k = bottom_count(n);
  for (int i = 0; i < n; ++i)
    out[i].rank = (i > 0 && out[i].total == out[i - 1].total) ? out[i - 1].rank : i + 1;
  // Fewer than k others strictly lower: the lowest k, and everyone tied with the last of them.
  for (int i = n - 1, lower = 0; i >= 0; --i) {
    if (i < n - 1 && out[i].total != out[i + 1].total) lower = n - 1 - i;
    out[i].bottom = lower < k;
  }
  return out;
}

std::vector<QuarterRow> quarter_ranking(const std::vector<MonthTotal>& totals) {
  struct Sum {
    std::string name;
    std::int64_t sum = 0;
    int months = 0;
  };
  std::map<Id, Sum> by;
  for (const auto& t : totals) {
    Sum& s = by[t.engineer_id];
    s.name = t.name;
    s.sum += t.total_milli;
    ++s.months;
  }
  std::vector<std::pair<Id, std::int64_t>> averages;
  for (const auto& [id, s] : by)
    averages.emplace_back(id, s.sum >= 0 ? round_div(s.sum, s.months) : -round_div(-s.sum, s.months));
  std::vector<QuarterRow> out;
  for (const Ranked& r : rank(averages)) {
    const Sum& s = by.at(r.id);
    out.push_back({r.id, s.name, r.total, s.months, r.rank, r.bottom});
  }
  return out;
}

std::vector<Id> three_in_a_row(const std::vector<MonthTotal>& q1, const std::vector<MonthTotal>& q2,
                               const std::vector<MonthTotal>& q3) {
  auto bottom = [](const std::vector<MonthTotal>& q) {
    std::set<Id> ids;
    for (const auto& r : quarter_ranking(q))
      if (r.bottom) ids.insert(r.engineer_id);
    return ids;
  };
  const std::set<Id> a = bottom(q1), b = bottom(q2);
  std::vector<Id> out;
  for (Id id : bottom(q3))
    if (a.count(id) && b.count(id)) out.push_back(id);
  return out;
}

// ---- publication and appeals ----

Timestamp appeal_deadline(Timestamp published_at, int appeal_days) {
  return published_at + std::chrono::days(appeal_days);
}

CycleState cycle_state(const Cycle& c, Timestamp now, int open_appeals) {
  if (!c.published) return CycleState::draft;
  if (c.appeal_until && !appeal_window_open(*c.appeal_until, now) && open_appeals == 0)
    return CycleState::closed;
  return CycleState::published;
}

}  // namespace techdesk::report
