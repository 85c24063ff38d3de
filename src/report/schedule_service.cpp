#include "report/schedule_service.h"

#include <spdlog/spdlog.h>

#include <algorithm>

#include "common/time.h"
#include "identity/role.h"
#include "report/report_tables.h"

namespace techdesk::report {

namespace {

using identity::Principal;
using identity::Role;

constexpr const char* k_xlsx_type = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet";
constexpr const char* k_csv_type = "text/csv; charset=utf-8";
// Due schedules locked per run transaction: more than will ever be due at once.
constexpr int k_lock_batch = 200;

bool may_manage(Role r) {
  return r == Role::manager || r == Role::admin;
}

Result<void> authorize(const Principal& actor) {
  if (!may_manage(actor.role))
    return Error::forbidden("report schedules are for managers and administrators");
  return ok();
}

Principal principal_of(const identity::User& u) {
  Principal p;
  p.user_id = u.id;
  p.name = u.name;
  p.role = u.role;
  p.organization_id = u.organization_id;
  p.team_ids = u.team_ids;
  return p;
}

// A name fit for a file: what Windows and mail clients refuse becomes "_".
std::string file_stem(const std::string& name) {
  std::string out;
  for (char c : name) {
    const unsigned char u = static_cast<unsigned char>(c);
    out += (u < 0x20 || std::string_view("\\/:*?\"<>|").find(c) != std::string_view::npos) ? '_' : c;
  }
  return out.empty() ? "report" : out;
}

std::string_view frequency_zh(Frequency f) {
  switch (f) {
    case Frequency::daily:
      return "每日";
    case Frequency::weekly:
      return "每周";
    case Frequency::monthly:
      return "每月";
  }
  return "";
}

// The schedule fields a run depends on: a run rendered from one version is mailed only if the row locked
// for it still says the same.
bool same_run(const ReportSchedule& a, const ReportSchedule& b) {
  return a.id == b.id && a.next_run_at == b.next_run_at && a.report == b.report &&
         a.params_json == b.params_json && a.format == b.format && a.frequency == b.frequency &&
         a.name == b.name && a.recipients == b.recipients && a.created_by == b.created_by &&
         a.active == b.active;
}

// The full query of a schedule's report, its measure checked (the rules check everything else).
struct RunQuery {
  ScheduleQuery params;
  Measure measure = Measure::created;
};
Result<RunQuery> run_query(const ReportSchedule& s) {
  RunQuery q;
  auto params = TD_TRY(parse_params_json(s.params_json));
  q.params = TD_TRY(parse_schedule_params(s.report, params));
  if (s.report == "tickets") {
    auto m = parse_measure(q.params.measure);
    if (!m)
      return Error::invalid("params",
                            "params.measure must be one of new, resolved, closed, backlog, first_response, "
                            "resolution, sla_breached, fcr, reopened, escalated, csat, complaints");
    q.measure = *m;
  }
  return q;
}

// The checks a report makes before it runs, made when the schedule is saved: its query, and the scope
// of its filters for the actor (who becomes the schedule's creator).
Result<void> dry_run(const ReportSchedule& s, const Principal& actor) {
  auto q = TD_TRY(run_query(s));
  KpiFilter f = q.params.kpi.filter;
  if (auto scoped = ReportService::scope(actor, f); !scoped) {
    Error e = scoped.error();
    e.message = "params: " + e.message;
    return e;
  }
  return ok();
}

}  // namespace

struct ScheduleService::Rendered {
  RunPeriod period;
  email::ReportMail mail;
};

Result<std::vector<ReportSchedule>> ScheduleService::list(const Principal& actor) {
  TD_TRY(authorize(actor));
  return m_store.read(
      [&](ReportTx& tx) -> Result<std::vector<ReportSchedule>> { return tx.report().list_schedules(); });
}

Result<ReportSchedule> ScheduleService::get(const Principal& actor, Id id) {
  TD_TRY(authorize(actor));
  return m_store.read([&](ReportTx& tx) -> Result<ReportSchedule> {
    auto s = tx.report().find_schedule(id);
    if (!s) return Error::not_found("report schedule");
    return *s;
  });
}

Result<ReportSchedule> ScheduleService::create(const Principal& actor, const ScheduleDraft& d) {
  TD_TRY(authorize(actor));
  const Timestamp now = m_clock.now();
  ReportSchedule s;
  TD_TRY(apply_draft(s, d, true));
  TD_TRY(dry_run(s, actor));
  s.next_run_at = next_run_after(s.frequency, now, m_reports.zone());
  s.created_by = actor.user_id;
  s.created_at = now;
  return m_store.write([&](ReportTx& tx) -> Result<ReportSchedule> {
    s.id = tx.report().insert_schedule(s);
    return s;
  });
}

Result<ReportSchedule> ScheduleService::update(const Principal& actor, Id id, const ScheduleDraft& d) {
  TD_TRY(authorize(actor));
  const Timestamp now = m_clock.now();
  return m_store.write([&](ReportTx& tx) -> Result<ReportSchedule> {
    auto old = tx.report().find_schedule(id);
    if (!old) return Error::not_found("report schedule");
    ReportSchedule s = *old;
    TD_TRY(apply_draft(s, d, false));
    TD_TRY(dry_run(s, actor));
    // A schedule that changes its rhythm, or wakes up after a pause, starts from now: no run for the
    // time it was off, none at the old rhythm's time.
    if (s.frequency != old->frequency || (s.active && !old->active))
      s.next_run_at = next_run_after(s.frequency, now, m_reports.zone());
    tx.report().update_schedule(s);
    return s;
  });
}

Result<void> ScheduleService::remove(const Principal& actor, Id id) {
  TD_TRY(authorize(actor));
  return m_store.write([&](ReportTx& tx) -> Result<void> {
    if (!tx.report().find_schedule(id)) return Error::not_found("report schedule");
    tx.report().delete_schedule(id);
    return ok();
  });
}

Result<ScheduleService::Rendered> ScheduleService::render(const ReportSchedule& s, const Principal& creator,
                                                          Timestamp now) {
  const std::string& zone = m_reports.zone();
  auto q = TD_TRY(run_query(s));
  Rendered r;
  r.period = period_of_run(s.frequency, latest_run_at_or_before(s.frequency, now, zone), zone);
  KpiQuery kq = q.params.kpi;
  kq.from = r.period.from;
  kq.to = r.period.to;
  const bool xlsx = s.format == "xlsx";
  std::string bytes;
  if (s.report == "tickets") {
    DrillQuery dq;
    dq.kpi = kq;
    dq.measure = q.measure;
    dq.weekday = q.params.weekday;
    dq.hour = q.params.hour;
    dq.score = q.params.score;
    dq.limit = k_max_lines;
    auto res = TD_TRY(m_reports.tickets(creator, dq));
    Table t = ticket_table(std::string(name(q.measure)), zone);
    if (xlsx) {
      std::size_t i = 0;
      bytes = TD_TRY(to_xlsx_stream(t, q.params.lang, [&](std::vector<Cell>& row) {
        if (i >= res.tickets.size()) return false;
        row = ticket_row(res.tickets[i++]);
        return true;
      }));
    } else {
      for (const auto& l : res.tickets)
        t.rows.push_back(ticket_row(l));
      bytes = to_csv(t, q.params.lang);
    }
  } else if (s.report == "sla") {
    const sla::ComplianceQuery cq{r.period.from, r.period.to, q.params.sla_group_by};
    Table t = sla_table(TD_TRY(m_sla.compliance(creator, cq)), cq.group_by);
    bytes = xlsx ? TD_TRY(to_xlsx(t, q.params.lang)) : to_csv(t, q.params.lang);
  } else if (s.report == "surveys") {
    feedback::SurveyQuery sq = q.params.surveys;
    sq.from = r.period.from;
    sq.to = r.period.to;
    sq.limit = k_max_lines;
    const std::vector<Table> tables = survey_tables(TD_TRY(m_feedback.surveys(creator, sq)), zone);
    bytes = xlsx ? TD_TRY(to_xlsx_sheets(tables, q.params.lang)) : to_csv_sections(tables, q.params.lang);
  } else {
    auto rep = TD_TRY(m_reports.kpis(creator, kq));
    Table t = kpi_table(kq, rep, zone);
    bytes = xlsx ? TD_TRY(to_xlsx(t, q.params.lang)) : to_csv(t, q.params.lang);
  }

  const std::string first_day = local_date(r.period.from, zone);
  const std::string last_day = local_date(r.period.to - std::chrono::milliseconds(1), zone);
  const std::string span = first_day == last_day ? first_day : first_day + " – " + last_day;
  email::ReportMail& m = r.mail;
  m.kind = "scheduled_report";
  m.to = s.recipients;
  m.subject = "TechDesk 报表：" + s.name + " " + r.period.label + " / Report: " + s.name;
  m.text = "您好：\n\n附件是" + std::string(frequency_zh(s.frequency)) + "定期报表「" + s.name +
           "」，统计期间 " + span +
           "。\n此邮件由 TechDesk 自动发送，请勿回复。\n\n"
           "Hello,\n\nAttached is the " +
           std::string(name(s.frequency)) + " report \"" + s.name + "\" for " + span +
           ".\nThis mail was sent by TechDesk automatically; please do not reply to it.\n";
  m.attachments.push_back({file_stem(s.name) + "_" + r.period.label + (xlsx ? ".xlsx" : ".csv"),
                           xlsx ? k_xlsx_type : k_csv_type, std::move(bytes)});
  return r;
}

Result<int> ScheduleService::run_due(int limit) {
  const Timestamp now = m_clock.now();
  const std::string& zone = m_reports.zone();
  // Candidates first, without locks: rendering runs its own read transactions, so it happens before the
  // write transaction that locks the row again, queues the mail and moves the schedule on.
  auto due = TD_TRY(m_store.read([&](ReportTx& tx) -> Result<std::vector<ReportSchedule>> {
    std::vector<ReportSchedule> out;
    for (auto& s : tx.report().list_schedules())
      if (s.active && s.next_run_at <= now) out.push_back(std::move(s));
    std::sort(out.begin(), out.end(), [](const auto& a, const auto& b) {
      return a.next_run_at != b.next_run_at ? a.next_run_at < b.next_run_at : a.id < b.id;
    });
    if (static_cast<int>(out.size()) > limit) out.resize(static_cast<std::size_t>(limit));
    return out;
  }));
  int mailed = 0;
  for (const ReportSchedule& s : due) {
    auto creator = TD_TRY(m_store.read([&](ReportTx& tx) -> Result<std::optional<identity::User>> {
      return tx.identity().find_user(s.created_by);
    }));
    std::optional<Result<Rendered>> rendered;
    std::string skip;
    if (!creator || !creator->active || !may_manage(creator->role))
      skip = "its creator (user " + std::to_string(s.created_by) + ") may no longer run reports";
    else if (rendered.emplace(render(s, principal_of(*creator), now)); !*rendered)
      skip = "the report failed: " + rendered->error().message;

    const Timestamp next = next_run_after(s.frequency, now, zone);
    enum class Outcome { elsewhere, mailed, skipped };
    auto outcome = m_store.write([&](ReportTx& tx) -> Result<Outcome> {
      // Locked (SKIP LOCKED on PostgreSQL): a row another node holds, or has moved on already, is not
      // here, and then this node leaves it alone.
      auto locked = tx.report().due_schedules(now, k_lock_batch);
      auto it =
          std::find_if(locked.begin(), locked.end(), [&](const ReportSchedule& l) { return l.id == s.id; });
      if (it == locked.end() || !same_run(*it, s)) return Outcome::elsewhere;
      ReportSchedule updated = *it;
      updated.next_run_at = next;
      Outcome o = Outcome::skipped;
      if (skip.empty()) {
        auto queued = m_mail.send_report(tx, (*rendered)->mail, now);
        if (queued) {
          updated.last_run_at = now;
          o = Outcome::mailed;
        } else {
          skip = "its mail cannot be queued: " + queued.error().message;
        }
      }
      tx.report().update_schedule(updated);
      return o;
    });
    if (!outcome) {
      spdlog::warn("report schedule {} (\"{}\"): the run failed: {}", s.id, s.name, outcome.error().message);
    } else if (*outcome == Outcome::mailed) {
      ++mailed;
      spdlog::info("report schedule {} (\"{}\"): {} mailed to {} recipient(s)", s.id, s.name,
                   (*rendered)->period.label, s.recipients.size());
    } else if (*outcome == Outcome::skipped) {
      spdlog::warn("report schedule {} (\"{}\") skipped: {}; next run {}", s.id, s.name, skip,
                   format_rfc3339(next));
    }
  }
  return mailed;
}

}  // namespace techdesk::report
