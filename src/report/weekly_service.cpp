// ReportService: weekly reports (周报) and report settings.
#include <spdlog/spdlog.h>

#include <algorithm>

#include "channel/email/mail_service.h"
#include "common/time.h"
#include "identity/role.h"
#include "report/report_json.h"
#include "report/report_service.h"

namespace techdesk::report {

namespace json = boost::json;
using identity::Principal;
using identity::Role;

namespace {

constexpr int k_max_plan = 20000;
constexpr auto k_generate_after = std::chrono::minutes(30);

bool manages(const Principal& a) {
  return a.role == Role::manager || a.role == Role::admin;
}

std::string scope_key(std::optional<Id> team) {
  return team ? "team:" + std::to_string(*team) : std::string("department");
}

// How a ticket was solved, or why it is late: the resolution note when there is one, else the latest
// internal note (shortened).
std::string note_of(ticket::TicketRepo& repo, Id ticket) {
  std::string note;
  for (const auto& e : repo.list_events(ticket, true))
    if (e.field == "reason" && e.after) note = *e.after;
  if (note.empty())
    for (const auto& a : repo.list_articles(ticket, true))
      if (a.kind == ticket::ArticleKind::note) note = a.body;
  // At most 200 characters, cut on a UTF-8 boundary.
  if (note.size() > 600) {
    std::size_t cut = 600;
    while (cut > 0 && (static_cast<unsigned char>(note[cut]) & 0xC0) == 0x80)
      --cut;
    note = note.substr(0, cut) + "…";
  }
  return note;
}

}  // namespace

Result<void> ReportService::may_see_weekly(const Principal& a, std::optional<Id> team) {
  if (manages(a)) return ok();
  if (a.role == Role::team_lead && team &&
      std::find(a.team_ids.begin(), a.team_ids.end(), *team) != a.team_ids.end())
    return ok();
  return Error{Errc::forbidden,
               team ? "you may see the weekly reports of your own teams only"
                    : "the department's weekly report is for managers",
               {"team"}};
}

Result<void> ReportService::may_write_weekly(const Principal& a, const WeeklyReport& w) {
  return may_see_weekly(a, w.team_id);
}

Result<WeeklyReport> ReportService::generate(ReportTx& tx, std::optional<Id> team, const IsoWeek& week,
                                             Timestamp now) {
  const std::string key = scope_key(team);
  if (auto w = tx.report().find_weekly(key, week.label)) return *w;
  json::object snap;
  snap["scope"] = team ? "team" : "department";
  if (team) {
    auto t = tx.identity().find_team(*team);
    if (!t) return Error::not_found("team");
    snap["team"] = json::object{{"id", t->id}, {"name", t->name}};
  } else {
    snap["team"] = nullptr;
  }
  snap["iso_week"] = week.label;
  snap["from"] = format_rfc3339(week.from);
  snap["to"] = format_rfc3339(week.to);

  KpiQuery q;
  q.from = week.from;
  q.to = week.to;
  q.filter.team = team;
  KpiReport r = run(tx, q, now);
  snap["kpis"] = kpis_to_json(r.total);
  json::array daily;
  for (const auto& p : r.series)
    daily.push_back(series_point_to_json(p));
  snap["daily"] = daily;
  KpiQuery prev = q;
  prev.from = week.from - std::chrono::hours(24 * 7);
  prev.to = week.from;
  snap["previous"] = kpis_to_json(run(tx, prev, now).total);

  // Per engineer (who resolved, else who holds the ticket).
  KpiQuery by_agent = q;
  by_agent.group_by = GroupBy::agent;
  json::array agents;
  for (const auto& g : run(tx, by_agent, now).groups) {
    if (g.key.empty()) continue;
    agents.push_back(json::object{
        {"agent_id", std::stoll(g.key)},
        {"name", g.label},
        {"new", g.kpis.created},
        {"resolved", g.kpis.resolved},
        {"csat_average", g.kpis.csat_average ? json::value(*g.kpis.csat_average) : json::value(nullptr)}});
  }
  snap["by_agent"] = agents;

  // Problems met: the categories most asked about, the major incidents (P1), the SLA breaches.
  std::map<std::optional<Id>, int> categories;
  std::vector<Id> major, breached;
  tx.report().kpi_rows(q.from, q.to, q.filter, [&](const FactRow& row) {
    const auto& f = row.facts;
    if (f.created_at < q.from || f.created_at >= q.to || !matches(q.filter, keys_of(f))) return;
    ++categories[f.category_id];
    if (f.priority == "P1") major.push_back(f.ticket_id);
    if (sla_breached(row, now)) breached.push_back(f.ticket_id);
  });
  std::vector<std::pair<std::optional<Id>, int>> top(categories.begin(), categories.end());
  std::sort(top.begin(), top.end(), [](const auto& a, const auto& b) {
    return a.second != b.second ? a.second > b.second : a.first < b.first;
  });
  if (top.size() > 5) top.resize(5);
  std::vector<std::string> keys;
  for (const auto& [id, n] : top)
    if (id) keys.push_back(std::to_string(*id));
  auto names = tx.report().labels(GroupBy::category, keys);
  json::array top_json;
  for (const auto& [id, n] : top) {
    std::string name = "未分类 / Uncategorised";
    if (id)
      if (auto it = names.find(std::to_string(*id)); it != names.end()) name = it->second;
    top_json.push_back(json::object{
        {"category_id", id ? json::value(*id) : json::value(nullptr)}, {"name", name}, {"count", n}});
  }
  snap["top_categories"] = top_json;
  auto with_notes = [&](std::vector<Id> ids, std::size_t limit) {
    if (ids.size() > limit) ids.resize(limit);
    json::array out;
    for (const auto& l : tx.report().ticket_lines(ids)) {
      auto o = ticket_line_to_json(l);
      o["note"] = note_of(tx.tickets(), l.id);
      out.push_back(std::move(o));
    }
    return out;
  };
  snap["major_incidents"] = with_notes(major, 20);
  snap["breaches"] = with_notes(breached, 50);
  snap["breach_count"] = breached.size();

  WeeklyReport w;
  w.scope_key = key;
  w.team_id = team;
  w.iso_week = week.label;
  w.period_from = week.from;
  w.period_to = week.to;
  w.snapshot_json = json::serialize(snap);
  w.state = "draft";
  w.generated_at = now;
  auto id = tx.report().insert_weekly(w);
  if (!id.ok()) {
    // Another node generated it first: theirs stands.
    if (auto other = tx.report().find_weekly(key, week.label)) return *other;
    return id.release_error();
  }
  w.id = *id;
  return w;
}

Result<WeeklyReport> ReportService::weekly(const Principal& actor, std::optional<Id> team,
                                           std::string_view iso_week) {
  auto week = TD_TRY(parse_iso_week(iso_week, m_zone));
  TD_TRY(may_see_weekly(actor, team));
  const Timestamp now = m_clock.now();
  if (week.to > now) return Error::conflict("the week " + week.label + " is not over yet", "iso_week");
  return m_store.write([&](ReportTx& tx) { return generate(tx, team, week, now); });
}

Result<WeeklyReport> ReportService::weekly_by_id(const Principal& actor, Id id) {
  if (!identity::is_agent(actor.role)) return Error::not_found("weekly report");
  return m_store.read([&](ReportTx& tx) -> Result<WeeklyReport> {
    auto w = tx.report().find_weekly_by_id(id);
    // Guessed ids of other teams' reports look like unknown ones.
    if (!w || !may_see_weekly(actor, w->team_id).ok()) return Error::not_found("weekly report");
    return *w;
  });
}

Result<std::vector<WeeklyReport>> ReportService::list_weekly(const Principal& actor, std::optional<Id> team,
                                                             int limit) {
  if (limit < 1 || limit > 200) return Error::invalid("limit", "limit is 1 … 200");
  if (!manages(actor) && !team) {
    if (actor.role != Role::team_lead || actor.team_ids.empty())
      return Error{Errc::forbidden, "weekly reports are for team leads and managers", {"team"}};
  }
  if (team) TD_TRY(may_see_weekly(actor, team));
  return m_store.read([&](ReportTx& tx) -> Result<std::vector<WeeklyReport>> {
    if (team) return tx.report().list_weekly(scope_key(team), limit);
    if (manages(actor)) return tx.report().list_weekly(std::nullopt, limit);
    std::vector<WeeklyReport> out;
    for (Id t : actor.team_ids)
      for (auto& w : tx.report().list_weekly(scope_key(t), limit))
        out.push_back(std::move(w));
    std::sort(out.begin(), out.end(),
              [](const auto& a, const auto& b) { return a.period_from > b.period_from; });
    if (out.size() > static_cast<std::size_t>(limit)) out.resize(static_cast<std::size_t>(limit));
    return out;
  });
}

Result<WeeklyReport> ReportService::save_plan(const Principal& actor, Id id, std::string plan) {
  if (plan.size() > k_max_plan) return Error::invalid("plan", "the plan is at most 20,000 characters");
  return m_store.write([&](ReportTx& tx) -> Result<WeeklyReport> {
    auto w = tx.report().find_weekly_by_id(id);
    if (!w || !may_write_weekly(actor, *w).ok()) return Error::not_found("weekly report");
    if (w->state != "draft") return Error::conflict("the report has been sent and cannot change", "state");
    tx.report().save_weekly_plan(id, plan, actor.user_id);
    w->plan = std::move(plan);
    w->plan_by = actor.user_id;
    return *w;
  });
}

Result<WeeklyReport> ReportService::send(ReportTx& tx, WeeklyReport w, const ReportSettings& settings,
                                         Timestamp now) {
  if (w.state != "draft") return Error::conflict("the report has been sent already", "state");
  if (settings.leadership.empty())
    return Error::conflict("no leadership mailing list is configured (report settings)", "leadership");
  if (!m_mail) return Error{Errc::unavailable, "mail is not configured", {}};
  boost::system::error_code ec;
  auto snap = json::parse(w.snapshot_json, ec);
  if (ec || !snap.is_object()) return Error::internal("the report's snapshot cannot be read");
  const std::string link = m_base_url + "/reports/weekly/" + std::to_string(w.id);
  auto mail = weekly_mail(w, snap.as_object(), link);
  email::ReportMail m;
  m.to = settings.leadership;
  m.subject = mail.subject;
  m.text = mail.text;
  m.html = mail.html;
  m.kind = "weekly_report";
  TD_TRY(m_mail->send_report(tx, m, now));
  tx.report().mark_weekly_sent(w.id, now);
  w.state = "sent";
  w.sent_at = now;
  return w;
}

Result<WeeklyReport> ReportService::send_weekly(const Principal& actor, Id id) {
  const Timestamp now = m_clock.now();
  return m_store.write([&](ReportTx& tx) -> Result<WeeklyReport> {
    auto w = tx.report().find_weekly_by_id(id);
    if (!w || !may_write_weekly(actor, *w).ok()) return Error::not_found("weekly report");
    return send(tx, *w, settings_or_default(tx.report().settings_json()), now);
  });
}

Result<ReportSettings> ReportService::settings(const Principal& actor) {
  if (!manages(actor)) return Error::forbidden("report settings are for managers");
  return m_store.read([&](ReportTx& tx) -> Result<ReportSettings> {
    return settings_or_default(tx.report().settings_json());
  });
}

Result<ReportSettings> ReportService::save_settings(const Principal& actor, const ReportSettings& s) {
  if (!manages(actor)) return Error::forbidden("report settings are for managers");
  const Timestamp now = m_clock.now();
  return m_store.write([&](ReportTx& tx) -> Result<ReportSettings> {
    tx.report().save_settings_json(json::serialize(settings_to_json(s)), now);
    return s;
  });
}

Result<int> ReportService::weekly_tick() {
  const Timestamp now = m_clock.now();
  const IsoWeek current = iso_week_of(now, m_zone);
  const IsoWeek last = iso_week_of(current.from - std::chrono::hours(1), m_zone);
  int done = 0;
  if (now >= current.from + k_generate_after) {
    std::vector<std::optional<Id>> scopes{std::nullopt};
    TD_TRY(m_store.read([&](ReportTx& tx) -> Result<void> {
      identity::ListQuery lq;
      lq.limit = 1000;
      for (const auto& t : tx.identity().list_teams(lq))
        scopes.emplace_back(t.id);
      return ok();
    }));
    for (const auto& team : scopes) {
      auto made = m_store.write([&](ReportTx& tx) -> Result<bool> {
        if (tx.report().find_weekly(scope_key(team), last.label)) return false;
        TD_TRY(generate(tx, team, last, now));
        return true;
      });
      if (!made.ok()) {
        spdlog::warn("weekly report {} {}: {}", scope_key(team), last.label, made.error().message);
        continue;
      }
      if (*made) ++done;
    }
  }
  // Drafts whose send time has come, one transaction each.
  for (int i = 0; i < 50; ++i) {
    auto sent = m_store.write([&](ReportTx& tx) -> Result<bool> {
      auto settings = settings_or_default(tx.report().settings_json());
      if (settings.leadership.empty()) return false;
      for (auto& w : tx.report().unsent_weekly(now, 20)) {
        if (weekly_send_time(w.period_to, settings.weekly_send, m_zone) > now) continue;
        TD_TRY(send(tx, w, settings, now));
        return true;
      }
      return false;
    });
    if (!sent.ok()) {
      spdlog::warn("sending weekly reports: {}", sent.error().message);
      break;
    }
    if (!*sent) break;
    ++done;
  }
  return done;
}

}  // namespace techdesk::report
