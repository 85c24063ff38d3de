// Scheduled reports: managers and administrators keep a list of reports (the KPI table, a ticket list, SLA
// compliance or the satisfaction survey results, as XLSX or CSV) that TechDesk mails to a list of addresses
// daily, weekly or monthly (rules in schedule_rules.h). A worker ticker calls run_due(); each run renders the
// report with the rights of the schedule's creator, mails it through the outbox and moves the schedule on —
// the mail and the move in one transaction, on a row locked so that two nodes never run the same due time.
//
// Thread-safe: methods may be called concurrently (state is in the database).
#pragma once

#include <vector>

#include "channel/email/mail_service.h"
#include "common/clock.h"
#include "common/tx.h"
#include "feedback/feedback_service.h"
#include "identity/types.h"
#include "report/report_service.h"
#include "report/report_store.h"
#include "report/schedule_rules.h"
#include "sla/sla_service.h"

namespace techdesk::report {

class ScheduleService {
 public:
  // The zone of the run times and periods is the report service's. `sla` and `feedback` answer the SLA and
  // survey reports.
  ScheduleService(TxRunner<ReportTx>& store, ReportService& reports, sla::SlaService& sla,
                  feedback::FeedbackService& feedback, email::MailService& mail, const Clock& clock)
      : m_store(store), m_reports(reports), m_sla(sla), m_feedback(feedback), m_mail(mail), m_clock(clock) {}

  // Every call below is for managers and administrators only (forbidden otherwise).
  Result<std::vector<ReportSchedule>> list(const identity::Principal& actor);
  // Errors: not_found.
  Result<ReportSchedule> get(const identity::Principal& actor, Id id);
  // Checks the draft (apply_draft) and the report's query as the report would (a filter the actor may
  // not use is refused naming it); the first run is the next run time from now. Errors: missing_field,
  // invalid_field naming the field; nothing is saved on error.
  Result<ReportSchedule> create(const identity::Principal& actor, const ScheduleDraft& d);
  // Changes the fields given. A new frequency, or a schedule switched on again, runs next at the next run
  // time from now. Errors: as create, and not_found.
  Result<ReportSchedule> update(const identity::Principal& actor, Id id, const ScheduleDraft& d);
  // Errors: not_found.
  Result<void> remove(const identity::Principal& actor, Id id);

  // Runs the schedules that are due (at most `limit`), returns how many were mailed. A schedule whose
  // creator may no longer run reports (deactivated, or no longer a manager or administrator), whose
  // report fails, or whose mail cannot be queued (no mailbox sends) is skipped with a warning in the log
  // and waits for its next run time. Fails only when the store does.
  Result<int> run_due(int limit);

 private:
  struct Rendered;
  Result<Rendered> render(const ReportSchedule& s, const identity::Principal& creator, Timestamp now);

  TxRunner<ReportTx>& m_store;
  ReportService& m_reports;
  sla::SlaService& m_sla;
  feedback::FeedbackService& m_feedback;
  email::MailService& m_mail;
  const Clock& m_clock;
};

}  // namespace techdesk::report
