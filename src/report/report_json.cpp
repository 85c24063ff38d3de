#include "report/report_json.h"

#include "common/time.h"

namespace techdesk::report {

namespace json = boost::json;

namespace {

json::value opt(const std::optional<std::int64_t>& v) {
  return v ? json::value(*v) : json::value(nullptr);
}
json::value opt(const std::optional<double>& v) {
  return v ? json::value(*v) : json::value(nullptr);
}
json::value opt_time(const std::optional<Timestamp>& t) {
  return t ? json::value(format_rfc3339(*t)) : json::value(nullptr);
}
json::object durations(const Durations& d) {
  return {{"count", d.count}, {"median", opt(d.median)}, {"p90", opt(d.p90)}};
}
json::object rate(const Rate& r) {
  return {{"count", r.count}, {"of", r.of}, {"rate", opt(r.rate())}};
}
json::object compliance(const Compliance& c) {
  return {{"met", c.met}, {"breached", c.breached}, {"compliance", opt(c.rate())}};
}
json::array lines(const std::vector<TicketLine>& v) {
  json::array a;
  for (const auto& l : v)
    a.push_back(ticket_line_to_json(l));
  return a;
}
json::array series(const std::vector<SeriesPoint>& v) {
  json::array a;
  for (const auto& p : v)
    a.push_back(series_point_to_json(p));
  return a;
}

}  // namespace

json::object kpis_to_json(const Kpis& k) {
  json::array dist;
  for (int n : k.csat_distribution)
    dist.push_back(n);
  return {
      {"new", k.created},
      {"resolved", k.resolved},
      {"closed", k.closed},
      {"backlog_start", k.backlog_start},
      {"backlog_end", k.backlog_end},
      {"first_response_minutes", durations(k.first_response)},
      {"resolution_minutes", durations(k.resolution)},
      {"sla",
       {{"first_response", compliance(k.sla_first_response)}, {"resolution", compliance(k.sla_resolution)}}},
      {"first_contact_resolution", rate(k.first_contact)},
      {"reopen", rate(k.reopened)},
      {"escalation", rate(k.escalated)},
      {"csat", {{"count", k.csat_count}, {"average", opt(k.csat_average)}, {"distribution", dist}}},
      {"complaints", k.complaints},
      {"worklog_minutes", k.worklog_minutes},
      {"onsite_visits", k.onsite_visits}};
}

json::object series_point_to_json(const SeriesPoint& p) {
  return {{"from", format_rfc3339(p.from)},
          {"to", format_rfc3339(p.to)},
          {"label", p.label},
          {"new", p.created},
          {"resolved", p.resolved},
          {"closed", p.closed},
          {"backlog", p.backlog}};
}

json::object report_to_json(const KpiQuery& q, const KpiReport& r) {
  json::array groups;
  for (const auto& g : r.groups)
    groups.push_back(json::object{{"key", g.key}, {"label", g.label}, {"kpis", kpis_to_json(g.kpis)}});
  return {{"from", format_rfc3339(q.from)},
          {"to", format_rfc3339(q.to)},
          {"group_by", q.group_by == GroupBy::none ? json::value(nullptr) : json::value(name(q.group_by))},
          {"interval", name(q.interval)},
          {"total", kpis_to_json(r.total)},
          {"groups", groups},
          {"series", series(r.series)}};
}

json::object ticket_line_to_json(const TicketLine& l) {
  return {{"id", l.id},
          {"number", l.number},
          {"subject", l.subject},
          {"state", l.state},
          {"priority", l.priority},
          {"team", l.team_id ? json::value(json::object{{"id", *l.team_id}, {"name", l.team}})
                             : json::value(nullptr)},
          {"assignee", l.assignee_id ? json::value(json::object{{"id", *l.assignee_id}, {"name", l.assignee}})
                                     : json::value(nullptr)},
          {"created_at", format_rfc3339(l.created_at)},
          {"resolved_at", opt_time(l.resolved_at)},
          {"due", opt_time(l.due)}};
}

json::object open_counts_to_json(const OpenCounts& c) {
  json::object states, priorities;
  for (const auto& [k, n] : c.by_state)
    states[k] = n;
  for (const auto& [k, n] : c.by_priority)
    priorities[k] = n;
  return {{"open", c.open}, {"unassigned", c.unassigned}, {"by_state", states}, {"by_priority", priorities}};
}

json::object agent_board_to_json(const AgentBoard& b) {
  return {{"open", b.counts.open},
          {"by_state", open_counts_to_json(b.counts)["by_state"]},
          {"by_priority", open_counts_to_json(b.counts)["by_priority"]},
          {"due_soon", lines(b.due_soon)},
          {"week",
           {{"from", format_rfc3339(b.week_from)},
            {"to", format_rfc3339(b.week_to)},
            {"resolved", b.week.resolved},
            {"new_assigned", b.week.created},
            {"worklog_minutes", b.week.worklog_minutes},
            {"csat_average", opt(b.week.csat_average)},
            {"kpis", kpis_to_json(b.week)}}},
          {"daily", series(b.daily)}};
}

json::object team_board_to_json(const TeamBoard& b) {
  json::array load;
  for (const auto& l : b.load)
    load.push_back(json::object{
        {"agent_id", l.agent_id}, {"name", l.name}, {"open", l.open}, {"p1", l.p1}, {"p2", l.p2}});
  return {{"team", {{"id", b.team_id}, {"name", b.team}}},
          {"queue", open_counts_to_json(b.queue)},
          {"load", load},
          {"at_risk", lines(b.at_risk)},
          {"breaches_today", lines(b.breaches_today)}};
}

json::object manager_board_to_json(const ManagerBoard& b, Timestamp from, Timestamp to) {
  json::array comp;
  for (const auto& m : b.compliance)
    comp.push_back(json::object{{"label", m.label},
                                {"first_response", opt(m.first_response.rate())},
                                {"resolution", opt(m.resolution.rate())},
                                {"first_response_met", m.first_response.met},
                                {"first_response_breached", m.first_response.breached},
                                {"resolution_met", m.resolution.met},
                                {"resolution_breached", m.resolution.breached}});
  json::array top;
  for (const auto& c : b.top_categories)
    top.push_back(
        json::object{{"category_id", c.category_id ? json::value(*c.category_id) : json::value(nullptr)},
                     {"name", c.name},
                     {"count", c.count}});
  json::array heat;
  for (std::size_t d = 0; d < 7; ++d)
    for (std::size_t h = 0; h < 24; ++h)
      if (b.heatmap[d][h] > 0)
        heat.push_back(json::array{static_cast<int>(d) + 1, static_cast<int>(h), b.heatmap[d][h]});
  json::array dist;
  for (int n : b.report.total.csat_distribution)
    dist.push_back(n);
  return {{"from", format_rfc3339(from)},
          {"to", format_rfc3339(to)},
          {"interval", name(b.interval)},
          {"kpis", kpis_to_json(b.report.total)},
          {"series", series(b.report.series)},
          {"compliance", comp},
          {"csat", {{"average", opt(b.report.total.csat_average)}, {"distribution", dist}}},
          {"top_categories", top},
          {"heatmap", heat}};
}

json::object weekly_to_json(const WeeklyReport& w, bool with_snapshot) {
  boost::system::error_code ec;
  json::value snap = json::parse(w.snapshot_json, ec);
  if (ec) snap = json::object{};
  json::value team = nullptr;
  if (w.team_id) {
    json::value name = nullptr;
    if (snap.is_object())
      if (auto* t = snap.as_object().if_contains("team"); t && t->is_object())
        if (auto* n = t->as_object().if_contains("name")) name = *n;
    team = json::object{{"id", *w.team_id}, {"name", name}};
  }
  json::object o{{"id", w.id},
                 {"scope", w.team_id ? "team" : "department"},
                 {"team", team},
                 {"iso_week", w.iso_week},
                 {"from", format_rfc3339(w.period_from)},
                 {"to", format_rfc3339(w.period_to)},
                 {"state", w.state},
                 {"plan", w.plan},
                 {"plan_by", w.plan_by ? json::value(*w.plan_by) : json::value(nullptr)},
                 {"generated_at", format_rfc3339(w.generated_at)},
                 {"sent_at", opt_time(w.sent_at)}};
  if (with_snapshot) o["snapshot"] = snap;
  return o;
}

}  // namespace techdesk::report
