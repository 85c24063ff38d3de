// The background work of a node: which job kinds its worker runs and which it queues periodically.
// Every node registers the same handlers, so whichever node leases a job can run it.
#pragma once

#include "channel/email/mail_service.h"
#include "common/clock.h"
#include "dispatch/automation.h"
#include "dispatch/dispatcher.h"
#include "feedback/feedback_service.h"
#include "jobs/worker.h"
#include "report/report_service.h"
#include "report/schedule_service.h"
#include "sla/sla_engine.h"
#include "storage/store.h"

namespace techdesk::app {

// REQUIRES: called before worker.start(); store and clock outlive the worker.
void register_jobs(jobs::Worker& worker, storage::Store& store, const Clock& clock, sla::SlaEngine& sla);

// Time rules (each rule once per stay of a ticket in a state, claimed in the database, so any number
// of nodes may look) and the sweep that hands out what waits in auto-assigning teams' queues.
void register_dispatch_tickers(jobs::Worker& worker, dispatch::AutomationEngine& automation,
                               dispatch::Dispatcher& dispatcher);

// The email channel: every node looks for due mailboxes and due outbox items each second; mailboxes and
// outbox rows are leased in the database, so each is worked on by one node.
void register_mail_tickers(jobs::Worker& worker, email::MailService& mail);

// Closing the loop: auto-closing resolved tickets, opening scheduled callbacks, purging stale uploads.
void register_feedback_tickers(jobs::Worker& worker, feedback::FeedbackService& feedback);

// Scheduled reports: every node looks for due schedules every few seconds; each due run is locked in the
// database and moved on in the transaction that queues its mail, so it is mailed once in the cluster.
void register_report_tickers(jobs::Worker& worker, report::ScheduleService& schedules);
void register_weekly_report_ticker(jobs::Worker& worker, report::ReportService& reports);

}  // namespace techdesk::app
