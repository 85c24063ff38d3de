// The department's rules for closing the loop, as pure functions: what a category's form requires, when a
// resolved ticket closes itself, whether a closed one may still be reopened, which files a requester may
// upload, what a survey answer may say, and the fixed order of the complaint procedure.
#pragma once

#include <map>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "common/error.h"
#include "feedback/types.h"
#include "sla/business_clock.h"

namespace techdesk::feedback {

// Checks a form definition an administrator saves. Errors name the field: "fields[2].key" (not
// [a-z0-9_]{1,40}, or repeated), "fields[0].label" (empty or longer than 100 characters), "fields" (more
// than 30).
Result<void> validate_form(const std::vector<FormField>& fields);

// The form that applies to a category: its own, else its nearest ancestor's (parents: category → parent).
std::optional<CategoryForm> form_for(Id category, const std::map<Id, std::vector<FormField>>& forms,
                                     const std::map<Id, std::optional<Id>>& parents);

// Turns what a requester filled in into the values kept with the ticket, in the form's order (empty
// optional fields are left out). Errors: missing_field "fields.<key>" for an empty required field;
// unknown_field "fields.<key>" for a key the form does not have; invalid_field "fields.<key>" for a value
// longer than 2,000 characters.
Result<std::vector<FormValue>> check_form_values(const std::vector<FormField>& form,
                                                 const std::map<std::string, std::string>& values);

// The closing rule for a ticket held by SLA policy `policy` (none: the defaults).
ClosingRule closing_rule(const Settings& s, std::optional<Id> policy);

// Checks settings before they are saved. Errors name the field: "auto_close_working_days" (1–60),
// "reopen_days" (0–365), "survey_valid_days" (1–365), "callback_due_hours" (1–720), "policies[1].policy_id"
// (repeated).
Result<void> validate_settings(const Settings& s);

// When a ticket resolved at `resolved_at` closes itself: after `working_days` working days of the
// calendar, counted as that many lengths of a full working day of business time — resolved on Friday
// 17:00 with three days to wait (Mon–Fri 09:00–12:00, 13:30–18:00), it closes on Wednesday 17:00; holidays
// and make-up days count as the calendar says; on a 7×24 calendar a working day is 24 hours.
Timestamp auto_close_at(Timestamp resolved_at, int working_days, const sla::BusinessClock& clock);

// Whether a ticket closed at `closed_at` may still be reopened at `now` (else a follow-up is made).
bool may_reopen(Timestamp closed_at, Timestamp now, int reopen_days);

// Upload checks. Errors (field "file"): empty; larger than `max_bytes`; an executable — by its name's
// extension (.exe .bat .cmd .com .scr .msi .ps1 .vbs .js .jar .dll .sh …) or by its first bytes (MZ, ELF,
// Mach-O, "#!"); a file name that is empty or longer than 255 bytes.
Result<void> check_upload(std::string_view filename, std::string_view data, std::size_t max_bytes);
// The last path component of a client-supplied name, without control characters ("../../a.txt" → "a.txt").
std::string clean_filename(std::string_view name);

// The quick tags a survey answer may carry.
const std::vector<std::string_view>& survey_tags();
// Errors: invalid_field "score" outside 1–5; invalid_field "tags[i]" for an unknown or repeated tag;
// invalid_field "comment" longer than 2,000 characters.
Result<void> check_survey(int score, const std::vector<std::string>& tags, std::string_view comment);
// A score this low makes a callback task.
inline bool needs_callback(int score) {
  return score <= 2;
}

// The complaint procedure: register → judge → decide → act → feedback → close. Returns the stage a step
// leads to from `stage`. Errors: invalid_field "step" for an unknown step; conflict "step" naming the
// step expected next when the step is out of order (register may be repeated while registered, to correct).
Result<ComplaintStage> complaint_step(ComplaintStage stage, std::string_view step);
// The step expected next at `stage` ("" when closed).
std::string_view expected_step(ComplaintStage stage);

}  // namespace techdesk::feedback
